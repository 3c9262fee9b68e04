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
    /// A create transaction of [`crate::Chain::deploy_program`] did not succeed.
    #[error("deploying {code_len} bytes of code failed: {status:?}")]
    DeploymentFailed {
        /// Length of the runtime code being deployed.
        code_len: usize,
        /// The create transaction's status.
        status: crate::ExecStatus,
    },
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
    /// The code carries neither the classic (`EF F0 00`) nor the root (`EF F0 02`) prefix.
    #[error("not a stylus program")]
    NotWasm,
    /// The code is a fragment (`EF F0 01`): only its root can be activated or called.
    #[error("fragmented stylus programs cannot be activated directly; activate the root program instead")]
    FragmentActivation,
    /// Root code whose header or address list is malformed.
    #[error("malformed stylus program root: {0}")]
    MalformedRoot(String),
    /// A root declares a decompressed length above `MaxWasmSize`.
    #[error("invalid wasm: decompressed length {declared} is greater than MaxWasmSize {max}")]
    DeclaredTooLarge {
        /// Declared length.
        declared: u32,
        /// `MaxWasmSize`.
        max: u32,
    },
    /// A root names more fragments than `MaxFragmentCount`.
    #[error("invalid wasm: {count} fragments exceed the limit of {max}")]
    TooManyFragments {
        /// Fragments named.
        count: usize,
        /// `MaxFragmentCount`.
        max: u8,
    },
    /// A root names no fragment.
    #[error("invalid wasm: fragment count cannot be zero")]
    NoFragments,
    /// A root names an address whose code is not a fragment.
    #[error("code at {0} is not a stylus program fragment")]
    NotFragment(Address),
    /// The joined fragments decompress to fewer bytes than the root declares.
    #[error(
        "invalid wasm: decompressed length {actual} does not match the declared length {declared}"
    )]
    LengthMismatch {
        /// Bytes decompressed.
        actual: usize,
        /// Declared length.
        declared: u32,
    },
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
