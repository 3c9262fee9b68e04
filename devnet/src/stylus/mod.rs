//! Stylus WASM execution: program loading (decompression, validation, ink instrumentation), the
//! `vm_hooks` host interface, and the executor that runs `user_entrypoint` inside a revm frame.

/// Shared, thread-safe cache of loaded Stylus programs keyed by code hash.
#[derive(Debug, Default)]
pub struct StylusRuntime {}
