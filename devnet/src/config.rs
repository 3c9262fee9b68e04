//! Chain configuration: chain id, gas limits, fees, genesis time and prefunded accounts.

use alloy_primitives::{Address, U256};

/// Chain id of Nitro's dev node, used by default so wallets and `cargo stylus` see a familiar chain.
pub const DEFAULT_CHAIN_ID: u64 = 412_346;

/// Configuration of a [`crate::Chain`].
#[derive(Debug, Clone)]
pub struct ChainConfig {
    /// EIP-155 chain id.
    pub chain_id: u64,
    /// Gas limit of every block (and the cap for `call`/`estimate_gas`).
    pub block_gas_limit: u64,
    /// Base fee of every block in wei (Arbitrum's minimum is 0.1 gwei).
    pub base_fee_wei: u64,
    /// Timestamp of the genesis block (block 0), in seconds.
    pub genesis_timestamp_secs: u64,
    /// Seconds added between consecutive automined blocks unless a timestamp is set explicitly.
    pub block_time_secs: u64,
    /// Beneficiary of block fees (`block_coinbase`).
    pub coinbase: Address,
    /// Accounts that exist at genesis with these balances.
    pub prefunded: Vec<(Address, U256)>,
}

impl Default for ChainConfig {
    fn default() -> Self {
        Self {
            chain_id: DEFAULT_CHAIN_ID,
            block_gas_limit: 32_000_000,
            base_fee_wei: 100_000_000,
            genesis_timestamp_secs: 1_700_000_000,
            block_time_secs: 1,
            coinbase: Address::ZERO,
            prefunded: Vec::new(),
        }
    }
}
