//! Errors of the execution core, one `thiserror` enum per subsystem, and the crate-local `Result`.

use alloy_primitives::{Address, B256};

/// Crate-local result type of the chain facade.
pub type Result<T, E = ChainError> = std::result::Result<T, E>;

/// Errors returned by [`crate::Chain`] methods.
///
/// Reverts and halts of executed transactions are **not** errors: they are reported in
/// [`crate::TxOutcome`] / [`crate::CallOutcome`]. These variants mean the request itself could not be
/// executed or answered.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ChainError {
    /// The transaction failed validation (nonce, balance, gas limit, fee) and was not included.
    #[error("invalid transaction: {0}")]
    InvalidTransaction(String),
    /// The requested block does not exist.
    #[error("unknown block {0}")]
    UnknownBlock(String),
    /// State is only kept for the latest block; older state cannot be queried.
    #[error(
        "state of block {requested} is not available (only the latest block {latest} is kept)"
    )]
    HistoricalState {
        /// Block number asked for.
        requested: u64,
        /// Latest block number.
        latest: u64,
    },
    /// `revert` was given a snapshot id that does not exist (any more).
    #[error("unknown snapshot {0}")]
    UnknownSnapshot(u64),
    /// A timestamp would not be after the previous block's.
    #[error("timestamp {requested} is not after the latest block timestamp {latest}")]
    TimestampNotIncreasing {
        /// Requested timestamp.
        requested: u64,
        /// Latest block timestamp.
        latest: u64,
    },
    /// Gas estimation found no gas limit (up to the cap) at which the call succeeds.
    #[error("gas estimation failed: call does not succeed with gas {cap}{}", reason_suffix(.reason))]
    EstimationFailed {
        /// Highest gas limit tried.
        cap: u64,
        /// Revert data returned at the cap (empty for a halt).
        output: alloy_primitives::Bytes,
        /// Halt or revert description.
        reason: String,
    },
    /// Internal failure of the EVM (database or handler error); indicates a devnet bug.
    #[error("evm failure: {0}")]
    Evm(String),
    /// A Stylus program could not be loaded (decompression, validation, compilation).
    #[error(transparent)]
    Program(#[from] ProgramError),
    /// Account code could not be found for a code hash.
    #[error("no code for hash {0}")]
    MissingCode(B256),
    /// An account override set both `state` and `stateDiff`.
    #[error("account override for {0} sets both state and stateDiff")]
    ConflictingOverride(Address),
}

fn reason_suffix(reason: &str) -> String {
    if reason.is_empty() {
        String::new()
    } else {
        format!(": {reason}")
    }
}

/// Why a Stylus program could not be turned into an executable module (activation errors).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProgramError {
    /// The code does not carry the `EF F0 00` Stylus prefix.
    #[error("not a stylus program")]
    NotWasm,
    /// The prefix names a brotli dictionary this host does not ship.
    #[error("unsupported brotli dictionary {0}")]
    UnsupportedDictionary(u8),
    /// Brotli decompression failed or exceeded the size limit.
    #[error("failed to decompress wasm: {0}")]
    Decompress(String),
    /// The module failed parsing or one of the activation checks of the facts sheet (§2).
    #[error("invalid wasm: {0}")]
    Invalid(String),
    /// The wasm runtime rejected the instrumented module (a devnet bug if validation passed).
    #[error("failed to compile wasm: {0}")]
    Compile(String),
}
