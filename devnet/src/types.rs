//! Plain data types of the chain facade: requests, outcomes, blocks, logs and state overrides.

use std::collections::HashMap;

use alloy_primitives::{Address, Bytes, B256, U256};

pub use revm::context_interface::transaction::{AccessList, AccessListItem};

/// A transaction or call request, already decoded (and, for signed transactions, recovered).
///
/// Missing fields are filled in by the chain: `nonce` from state, `gas` from the block gas limit
/// (send) or the cap (call), fees from the base fee.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TxRequest {
    /// Sender.
    pub from: Address,
    /// Recipient; `None` creates a contract from `input`.
    pub to: Option<Address>,
    /// Wei sent.
    pub value: U256,
    /// Calldata or init code.
    pub input: Bytes,
    /// Gas limit.
    pub gas: Option<u64>,
    /// Legacy / EIP-2930 gas price.
    pub gas_price: Option<u128>,
    /// EIP-1559 fee cap.
    pub max_fee_per_gas: Option<u128>,
    /// EIP-1559 priority fee cap.
    pub max_priority_fee_per_gas: Option<u128>,
    /// Sender nonce; checked against state when given.
    pub nonce: Option<u64>,
    /// EIP-2930 access list.
    pub access_list: AccessList,
    /// Envelope type: 0 legacy, 1 EIP-2930, 2 EIP-1559.
    pub tx_type: u8,
    /// Chain id of a signed transaction (checked when given).
    pub chain_id: Option<u64>,
    /// Hash of the signed envelope; when `None` the chain derives a unique deterministic hash.
    pub hash: Option<B256>,
}

/// Which block a read refers to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BlockId {
    /// The latest mined block.
    #[default]
    Latest,
    /// The next block (state is the latest one).
    Pending,
    /// Block 0.
    Earliest,
    /// A block by number.
    Number(u64),
    /// A block by hash.
    Hash(B256),
}

/// A log with its position in the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogRecord {
    /// Emitting contract.
    pub address: Address,
    /// Indexed topics (at most 4).
    pub topics: Vec<B256>,
    /// Unindexed data.
    pub data: Bytes,
    /// Block number.
    pub block_number: u64,
    /// Block hash.
    pub block_hash: B256,
    /// Hash of the emitting transaction.
    pub tx_hash: B256,
    /// Index of the transaction in its block.
    pub tx_index: u64,
    /// Index of the log in its block.
    pub log_index: u64,
}

/// How an executed transaction or call ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExecStatus {
    /// Success (returned or stopped).
    Success,
    /// Reverted; the output holds the revert data.
    Revert,
    /// Exceptional halt (out of gas, invalid opcode, program not activated...); all gas consumed.
    Halt(String),
}

impl ExecStatus {
    /// True for [`ExecStatus::Success`].
    pub fn is_success(&self) -> bool {
        matches!(self, Self::Success)
    }
}

/// Result of a mined transaction (the receipt plus what the RPC layer needs to answer queries).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TxOutcome {
    /// Transaction hash.
    pub tx_hash: B256,
    /// The request as executed, with nonce, gas and fees filled in.
    pub request: TxRequest,
    /// Block number.
    pub block_number: u64,
    /// Block hash.
    pub block_hash: B256,
    /// Index in the block (always 0 with automine).
    pub tx_index: u64,
    /// Success, revert or halt.
    pub status: ExecStatus,
    /// Gas used by this transaction (after refunds), as in the receipt.
    pub gas_used: u64,
    /// Gas used by the block up to and including this transaction.
    pub cumulative_gas_used: u64,
    /// Price per gas actually paid.
    pub effective_gas_price: u128,
    /// Logs (empty unless successful).
    pub logs: Vec<LogRecord>,
    /// Address of the created contract, for successful creations.
    pub contract_address: Option<Address>,
    /// Return data or revert data.
    pub output: Bytes,
}

/// Result of `call` (no state change persists).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallOutcome {
    /// Success, revert or halt.
    pub status: ExecStatus,
    /// Return data or revert data.
    pub output: Bytes,
    /// Gas used (after refunds).
    pub gas_used: u64,
    /// Logs the call would have emitted.
    pub logs: Vec<(Address, Vec<B256>, Bytes)>,
    /// Ink spent inside Stylus programs, each frame without its entry cost and without the gas of the frames
    /// it called (so nested Stylus calls are not counted twice); 0 for pure EVM execution.
    pub stylus_ink_used: u64,
    /// The part of `stylus_ink_used` (in gas) that hostios charged as gas: storage, account access, logs, data
    /// fees, memory growth, calls' base cost. `stylus_ink_used / ink price - stylus_hostio_gas` is the gas of
    /// wasm execution (plus the hostios' fixed ink).
    pub stylus_hostio_gas: u64,
}

/// A mined block kept in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Block number.
    pub number: u64,
    /// Block hash (keccak over parent, number, timestamp and transaction hashes; not an RLP header hash).
    pub hash: B256,
    /// Parent hash (zero for genesis).
    pub parent_hash: B256,
    /// Timestamp in seconds.
    pub timestamp: u64,
    /// Gas limit.
    pub gas_limit: u64,
    /// Gas used by all transactions.
    pub gas_used: u64,
    /// Base fee in wei.
    pub base_fee_wei: u64,
    /// Fee beneficiary.
    pub coinbase: Address,
    /// Transactions in order.
    pub transactions: Vec<TxOutcome>,
}

/// Per-account state override for `call` (the `eth_call` third parameter).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountOverride {
    /// Replacement balance.
    pub balance: Option<U256>,
    /// Replacement nonce.
    pub nonce: Option<u64>,
    /// Replacement code (may be Stylus-prefixed).
    pub code: Option<Bytes>,
    /// Replace the whole storage with these slots.
    pub state: Option<HashMap<B256, B256>>,
    /// Change only these slots.
    pub state_diff: Option<HashMap<B256, B256>>,
}

/// State overrides by address.
pub type StateOverride = HashMap<Address, AccountOverride>;
