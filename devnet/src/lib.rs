//! # ballast-devnet: an in-process Arbitrum Stylus chain
//!
//! The execution core runs ordinary EVM contracts with [revm] and Stylus programs (the exact
//! brotli-compressed WASM that `cargo stylus` deploys: classic `EF F0 00` code, or fragments
//! `EF F0 01` joined by a root `EF F0 02` for programs above 24 KiB) with a metered [wasmi]
//! interpreter, side by side in one state, with Arbitrum's activation rules (ArbWasm at `0x71`) and
//! ink/gas accounting of ArbOS 60 (reported as ArbOS 61, Arbitrum One's version, by ArbSys at
//! `0x64`). It is the substrate of the JSON-RPC devnet, end-to-end tests and benchmarks.
//!
//! ## Facade
//!
//! Everything goes through [`Chain`]:
//!
//! | Method | Meaning |
//! |---|---|
//! | [`Chain::new`] | genesis from a [`ChainConfig`] (chain id 412346, gas limit, base fee, time, prefunded accounts) |
//! | [`Chain::send_transaction`] | execute a [`TxRequest`] in a new block (automine), returns a [`TxOutcome`] receipt |
//! | [`Chain::call`] | execute without committing, with optional [`StateOverride`]s, returns a [`CallOutcome`] |
//! | [`Chain::estimate_gas`] | binary search over real executions |
//! | [`Chain::balance`], [`Chain::nonce`], [`Chain::code`], [`Chain::storage`] | account reads (latest state only) |
//! | [`Chain::block`], [`Chain::latest`], [`Chain::transaction`] | blocks and mined transactions kept in memory |
//! | [`Chain::snapshot`], [`Chain::revert`] | whole-chain snapshots for tests |
//! | [`Chain::set_balance`], [`Chain::set_code`], [`Chain::set_nonce`], [`Chain::set_storage`] | cheats |
//! | [`Chain::increase_time`], [`Chain::set_next_block_timestamp`], [`Chain::mine`] | deterministic clock |
//! | [`Chain::deploy_program`] | `cargo stylus deploy` in transactions: fragments, program (or root), activation |
//! | [`Chain::install_program`] | cheat: place a program (split into fragments above 24 KiB) and activate it |
//!
//! ## How Stylus code runs
//!
//! - **Frames.** revm's frame loop is wrapped (`evm::frames::ArbEvm`): a call frame whose code starts
//!   with `EF F0 00` or `EF F0 02` runs `user_entrypoint` of the program instead of the EVM
//!   interpreter (a fragment, `EF F0 01`, is left to the EVM, which halts on its first byte). Calls and
//!   creates made by a program become ordinary revm child frames (EVM or Stylus, nested to any depth),
//!   so journaling, value transfers, checkpoints and reverts are revm's own.
//! - **Programs.** Code is brotli-decompressed (a root's fragments joined first,
//!   [`stylus::code`]), checked like nitro's activation (§2 of the facts sheet) and rewritten with
//!   per-basic-block ink charges, per-byte `memory.fill/copy` charges, a stack-depth budget and a
//!   `pay_for_memory_grow` call before `memory.grow` ([`stylus::program`]); compiled modules are
//!   cached by code hash ([`stylus::StylusRuntime`]).
//! - **Host.** The 42 `vm_hooks` run inside a resumable wasmi call: hostios that need the EVM park a
//!   request and suspend the wasm; the frame performs it against the revm journal and resumes.
//! - **Activation.** [`arbwasm`] implements ArbWasm at `0x71`; records are stored in that account's
//!   storage, so they are journaled, snapshotted and overridable like any state. Calling an inactive
//!   program halts with all gas burned. [`deploy`] splits large programs and deploys them.
//! - **Gas.** What is exact and what is approximated is listed in `docs/devnet-gas.md`.
//!
//! Reverts and halts are outcomes, not errors: [`ChainError`] means a request could not be executed
//! at all (for example a bad nonce), and nothing was mined.
//!
//! ```
//! use alloy_primitives::{address, U256};
//! use ballast_devnet::{Chain, ChainConfig, TxRequest};
//!
//! let alice = address!("00000000000000000000000000000000000a11ce");
//! let bob = address!("0000000000000000000000000000000000000b0b");
//! let mut chain = Chain::new(ChainConfig { prefunded: vec![(alice, U256::from(10).pow(U256::from(18)))], ..Default::default() });
//! let outcome = chain
//!     .send_transaction(TxRequest { from: alice, to: Some(bob), value: U256::from(5), ..Default::default() })
//!     .unwrap();
//! assert!(outcome.status.is_success());
//! assert_eq!(chain.balance(bob, Default::default()).unwrap(), U256::from(5));
//! ```

/// The ArbSys and ArbOwnerPublic precompiles.
pub mod arbos;
/// The ArbWasm precompile (activation).
pub mod arbwasm;
/// The chain facade.
pub mod chain;
/// Chain configuration.
pub mod config;
/// Init-code prelude used to deploy runtime code.
pub mod deploy;
/// Error types and the crate-local `Result`.
pub mod error;
/// Request, outcome, block and override types.
pub mod types;

/// Prefunded dev accounts from the test mnemonic.
pub mod accounts;
/// JSON-RPC request types, dispatch and error mapping.
pub mod rpc;
/// HTTP JSON-RPC server (`spawn`, default port 8547).
pub mod server;
/// Decoding and admission of signed transactions.
pub mod tx;

/// Stylus program loading and execution.
pub mod stylus;

mod evm;

pub use chain::Chain;
pub use config::{ChainConfig, DEFAULT_CHAIN_ID};
pub use error::{ChainError, ProgramError, Result};
pub use server::{spawn, DevnetConfig, DevnetHandle};
pub use types::{
    AccessList, AccessListItem, AccountOverride, Block, BlockId, CallOutcome, ExecStatus,
    LogRecord, StateOverride, TxOutcome, TxRequest,
};
