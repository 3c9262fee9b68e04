//! Stylus WASM execution: program loading (code layouts and decompression, validation, ink
//! instrumentation), the `vm_hooks` host interface, and the executor that runs `user_entrypoint`
//! inside a revm frame.

/// On-chain code layouts (classic, fragment, root) and decompression.
pub mod code;
pub(crate) mod exec;
pub(crate) mod host;
/// The 42 host imports and their signatures.
pub mod hostios;
/// Prices and cost formulas of the facts sheet.
pub mod pricing;
/// Decompression, validation and instrumentation of programs.
pub mod program;

use std::{
    collections::HashMap,
    fmt,
    sync::{Arc, Mutex},
};

use alloy_primitives::{keccak256, B256};
use wasmi::{Config, Engine, Linker, Module};

pub use code::{is_classic, is_component, is_fragment, is_program, is_root, StylusRoot};
pub use exec::UserOutcome;
pub use program::ProgramInfo;

use crate::error::ProgramError;

/// A program ready to instantiate: the compiled instrumented module and its activation facts.
#[derive(Debug)]
pub struct LoadedProgram {
    pub(crate) module: Module,
    /// Costs and sizes computed while instrumenting.
    pub info: ProgramInfo,
    /// keccak256 of the wasm it was compiled from (nitro's module hash is derived from the same).
    pub wasm_hash: B256,
}

/// The wasm engine, the host-function linker and the cache of loaded programs by code hash.
///
/// Shared by every execution of a [`crate::Chain`]; loading is deterministic, so the cache only
/// saves time and never changes results.
pub struct StylusRuntime {
    engine: Engine,
    linker: Linker<host::HostState>,
    programs: Mutex<HashMap<B256, Arc<LoadedProgram>>>,
}

impl fmt::Debug for StylusRuntime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StylusRuntime")
            .field("programs", &self.cached_programs())
            .finish()
    }
}

impl Default for StylusRuntime {
    fn default() -> Self {
        Self::new()
    }
}

impl StylusRuntime {
    /// A runtime with an empty program cache.
    pub fn new() -> Self {
        let mut config = Config::default();
        // Activation already rejected everything beyond MVP + sign-ext and bulk memory.
        config
            .wasm_tail_call(false)
            .wasm_multi_memory(false)
            .wasm_extended_const(false);
        // The depth checker allows at most MAX_STACK_DEPTH / 4 frames; wasmi's own limits must never
        // be reached first (nitro retries such native overflows, users never see them).
        config
            .set_max_recursion_depth(pricing::MAX_STACK_DEPTH as usize / 4 + 16)
            .set_max_stack_height(1 << 21);
        let engine = Engine::new(&config);
        let linker = host::linker(&engine);
        Self {
            engine,
            linker,
            programs: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn engine(&self) -> &Engine {
        &self.engine
    }

    pub(crate) fn linker(&self) -> &Linker<host::HostState> {
        &self.linker
    }

    /// Number of programs compiled so far.
    pub fn cached_programs(&self) -> usize {
        self.programs.lock().map(|p| p.len()).unwrap_or_default()
    }

    /// The program of `code_hash`: from the cache, or else validated, instrumented and compiled
    /// from the wasm `wasm` produces.
    pub fn load(
        &self,
        code_hash: B256,
        wasm: impl FnOnce() -> Result<Vec<u8>, ProgramError>,
    ) -> Result<Arc<LoadedProgram>, ProgramError> {
        if let Some(program) = self
            .programs
            .lock()
            .ok()
            .and_then(|p| p.get(&code_hash).cloned())
        {
            return Ok(program);
        }
        self.compile(code_hash, &wasm()?)
    }

    /// The program of `code_hash` compiled from `wasm`: the cached one if it came from the same
    /// wasm, else validated, instrumented and compiled anew, replacing it (activation reads a root's
    /// fragments again, and they may differ from those a cached program was built from).
    pub fn compile(
        &self,
        code_hash: B256,
        wasm: &[u8],
    ) -> Result<Arc<LoadedProgram>, ProgramError> {
        let wasm_hash = keccak256(wasm);
        if let Some(program) = self
            .programs
            .lock()
            .ok()
            .and_then(|p| p.get(&code_hash).cloned())
            .filter(|p| p.wasm_hash == wasm_hash)
        {
            return Ok(program);
        }
        let instrumented = program::instrument(wasm)?;
        let module = Module::new(&self.engine, &instrumented.wasm)
            .map_err(|e| ProgramError::Compile(e.to_string()))?;
        let program = Arc::new(LoadedProgram {
            module,
            info: instrumented.info,
            wasm_hash,
        });
        if let Ok(mut programs) = self.programs.lock() {
            programs.insert(code_hash, Arc::clone(&program));
        }
        Ok(program)
    }
}
