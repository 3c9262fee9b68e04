//! The node: one execution thread that owns the [`Chain`] and answers [`EthRequest`]s.
//!
//! All requests are serialized through a channel to a dedicated thread, so execution order is the
//! arrival order, the chain never needs to be `Sync`, and a panic while serving one request is
//! caught and reported as an internal error instead of taking the server down. The thread also
//! keeps what the chain facade does not: the signed envelope of every transaction received over
//! JSON-RPC (to answer `eth_getTransactionByHash` with its real signature) and the dev signers.
//!
//! # Method semantics
//!
//! | Method | Answer |
//! |---|---|
//! | `eth_chainId`, `net_version` | the configured chain id (412346 by default), hex / decimal string |
//! | `eth_blockNumber` | latest block; every transaction is mined at once in its own block |
//! | `eth_getBlockByNumber/Hash` | the block, `null` if unknown; `safe`/`finalized` = `latest` |
//! | `eth_getBalance`, `_getTransactionCount`, `_getCode`, `_getStorageAt` | latest state only: an older block is error `-32000` |
//! | `eth_call` | return data; revert: code `3` + revert data; halt: `-32000` with the reason |
//! | `eth_estimateGas` | the smallest succeeding gas limit (binary search in the facade) |
//! | `eth_gasPrice` | the base fee; `eth_maxPriorityFeePerGas` is 0 (Arbitrum does not order by tip) |
//! | `eth_feeHistory` | per block: base fee, gas-used ratio, gas-weighted tip percentiles |
//! | `eth_sendRawTransaction` | hash; the nonce must be the next one (no pool), fee cap >= base fee |
//! | `eth_sendTransaction` | for dev accounts: nonce, gas (estimated) and fees filled, signed, mined |
//! | `eth_getTransactionReceipt/ByHash` | `null` while unknown (also after `evm_revert` dropped it) |
//! | `eth_getLogs` | address/topic filters over a block range (at most [`MAX_LOG_BLOCK_RANGE`]) or hash |
//! | `evm_snapshot` / `evm_revert` | id / `true`, `false` for an unknown or consumed id |
//! | `evm_increaseTime` | shifts the next block once; returns the total seconds added so far |
//! | `evm_setNextBlockTimestamp`, `evm_mine` | fix the next timestamp (must increase); mine an empty block |
//! | `anvil_setBalance`/`hardhat_setBalance`, `anvil_setCode`/`hardhat_setCode` | cheats, `null` |

use std::{
    collections::HashMap,
    panic::{catch_unwind, AssertUnwindSafe},
    sync::{mpsc, Arc},
    thread,
};

use alloy_consensus::{TxEip1559, TxEip2930, TxEnvelope, TxLegacy};
use alloy_eips::BlockNumberOrTag;
use alloy_primitives::{Bytes, TxKind, B256, U128, U256, U64};
use alloy_rpc_types_eth::{
    state::StateOverride as RpcStateOverride, FeeHistory, Filter, TransactionRequest,
};
use serde::Serialize;
use serde_json::Value;
use tokio::sync::oneshot;

use super::{
    convert::{
        block_id, block_tag, call_request, envelope_of, rpc_block, rpc_log, rpc_receipt,
        rpc_transaction, signed_request, state_override,
    },
    error::RpcError,
    request::{EthRequest, Quantity},
};
use crate::{
    accounts::{
        AccountsError, DevAccounts, DEFAULT_DEV_ACCOUNT_COUNT, DEFAULT_DEV_BALANCE_WEI,
        DEV_MNEMONIC,
    },
    chain::Chain,
    config::ChainConfig,
    error::ChainError,
    tx::{admit, decode_raw, AdmissionContext, SignedTx, UnsignedTx},
    types::{Block, BlockId, ExecStatus},
};

/// Most blocks `eth_feeHistory` reports at once (geth's limit).
pub const MAX_FEE_HISTORY_BLOCKS: u64 = 1024;

/// Widest block range one `eth_getLogs` scans.
pub const MAX_LOG_BLOCK_RANGE: u64 = 100_000;

/// Configuration of a [`Node`]: the chain plus the dev accounts it prefunds and signs for.
#[derive(Debug, Clone)]
pub struct NodeConfig {
    /// Chain parameters; the dev accounts are appended to its `prefunded` list.
    pub chain: ChainConfig,
    /// BIP-39 phrase the dev accounts are derived from.
    pub mnemonic: String,
    /// Number of accounts derived from `mnemonic`.
    pub account_count: u32,
    /// Genesis balance of every dev account, in wei.
    pub account_balance_wei: U256,
    /// Extra raw private keys to prefund and sign for (after the mnemonic accounts).
    pub extra_keys: Vec<B256>,
}

impl Default for NodeConfig {
    fn default() -> Self {
        Self {
            chain: ChainConfig::default(),
            mnemonic: DEV_MNEMONIC.to_owned(),
            account_count: DEFAULT_DEV_ACCOUNT_COUNT,
            account_balance_wei: DEFAULT_DEV_BALANCE_WEI,
            extra_keys: Vec::new(),
        }
    }
}

/// Failures of the node itself (not of a request).
#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    /// The dev accounts could not be derived.
    #[error(transparent)]
    Accounts(#[from] AccountsError),
    /// The execution thread could not be started.
    #[error("failed to start the execution thread: {0}")]
    Spawn(#[source] std::io::Error),
    /// The execution thread is gone (it panicked outside a request or was shut down).
    #[error("the execution thread has stopped")]
    Stopped,
    /// A job panicked on the execution thread.
    #[error("the execution thread panicked while serving the request")]
    Panicked,
}

type Job = Box<dyn FnOnce(&mut NodeState) + Send>;

/// Handle to the execution thread; cheap to clone. The thread exits when the last handle drops.
#[derive(Debug, Clone)]
pub struct Node {
    jobs: mpsc::Sender<Job>,
    accounts: Arc<DevAccounts>,
    chain_id: u64,
}

impl Node {
    /// Derives the dev accounts, creates the chain with them prefunded and starts the thread.
    pub fn start(config: NodeConfig) -> Result<Self, NodeError> {
        let mut accounts = DevAccounts::from_mnemonic(&config.mnemonic, config.account_count)?;
        for key in &config.extra_keys {
            accounts.push_private_key(*key)?;
        }
        let accounts = Arc::new(accounts);
        let mut chain_config = config.chain;
        chain_config.prefunded.extend(
            accounts
                .addresses()
                .into_iter()
                .map(|a| (a, config.account_balance_wei)),
        );
        let chain_id = chain_config.chain_id;
        let (jobs, inbox) = mpsc::channel::<Job>();
        let thread_accounts = Arc::clone(&accounts);
        thread::Builder::new()
            .name("ballast-devnet-node".into())
            .spawn(move || {
                let mut state = NodeState {
                    chain: Chain::new(chain_config),
                    accounts: thread_accounts,
                    envelopes: HashMap::new(),
                    pending_timestamp: None,
                    time_offset_secs: 0,
                };
                while let Ok(job) = inbox.recv() {
                    // A panicking job drops its reply sender, which the caller sees as `Panicked`;
                    // the chain stays usable for the next request.
                    let _ = catch_unwind(AssertUnwindSafe(|| job(&mut state)));
                }
            })
            .map_err(NodeError::Spawn)?;
        Ok(Self {
            jobs,
            accounts,
            chain_id,
        })
    }

    /// The chain id (fixed for the node's lifetime).
    pub fn chain_id(&self) -> u64 {
        self.chain_id
    }

    /// The dev accounts, in `eth_accounts` order.
    pub fn accounts(&self) -> &DevAccounts {
        &self.accounts
    }

    /// Serves one typed request.
    pub async fn request(&self, request: EthRequest) -> Result<Value, RpcError> {
        match self.run(move |state| state.handle(request)).await {
            Ok(result) => result,
            Err(err) => Err(RpcError::internal(err)),
        }
    }

    /// Runs `f` on the execution thread with exclusive access to the chain (for in-process tests,
    /// benchmarks and demos that mix direct facade calls with JSON-RPC).
    pub async fn with_chain<R, F>(&self, f: F) -> Result<R, NodeError>
    where
        R: Send + 'static,
        F: FnOnce(&mut Chain) -> R + Send + 'static,
    {
        self.run(move |state| f(&mut state.chain)).await
    }

    async fn run<R, F>(&self, f: F) -> Result<R, NodeError>
    where
        R: Send + 'static,
        F: FnOnce(&mut NodeState) -> R + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job: Job = Box::new(move |state| {
            // The caller may have gone away (client disconnected); nothing to do then.
            let _ = reply.send(f(state));
        });
        self.jobs.send(job).map_err(|_| NodeError::Stopped)?;
        answer.await.map_err(|_| NodeError::Panicked)
    }
}

/// Everything the execution thread owns.
struct NodeState {
    chain: Chain,
    accounts: Arc<DevAccounts>,
    envelopes: HashMap<B256, TxEnvelope>,
    /// Timestamp this layer fixed for the next block, with the latest block number at that time
    /// (stale once a block is mined).
    pending_timestamp: Option<(u64, u64)>,
    /// Sum of all `evm_increaseTime` calls, which is what the method returns.
    time_offset_secs: u64,
}

fn to_json<T: Serialize>(value: T) -> Result<Value, RpcError> {
    serde_json::to_value(value).map_err(RpcError::internal)
}

impl NodeState {
    /// Serves one request against the chain; the module table lists what each method answers.
    fn handle(&mut self, request: EthRequest) -> Result<Value, RpcError> {
        use EthRequest as R;
        match request {
            R::ClientVersion(()) => {
                to_json(format!("ballast-devnet/v{}", env!("CARGO_PKG_VERSION")))
            }
            R::ChainId(()) => to_json(U64::from(self.chain.chain_id())),
            R::NetVersion(()) => to_json(self.chain.chain_id().to_string()),
            R::BlockNumber(()) => to_json(U64::from(self.chain.latest_number())),
            R::BlockByNumber(tag, full) => self.block(block_tag(tag), full),
            R::BlockByHash(hash, full) => self.block(BlockId::Hash(hash), full),
            R::Balance(address, block) => to_json(self.chain.balance(address, block_id(block))?),
            R::TransactionCount(address, block) => {
                to_json(U64::from(self.chain.nonce(address, block_id(block))?))
            }
            R::Code(address, block) => to_json(self.chain.code(address, block_id(block))?),
            R::StorageAt(address, slot, block) => to_json(self.chain.storage(
                address,
                B256::from(slot),
                block_id(block),
            )?),
            R::Call(tx, block, overrides) => self.call(&tx, block, overrides.as_ref()),
            R::EstimateGas(tx, block, overrides) => {
                let request = call_request(&tx)?;
                let overrides = overrides.as_ref().map(state_override).transpose()?;
                let gas = self
                    .chain
                    .estimate_gas(&request, overrides.as_ref(), block_id(block))?;
                to_json(U64::from(gas))
            }
            R::GasPrice(()) => to_json(U128::from(self.base_fee())),
            // Arbitrum orders by arrival, not by tip: the suggested tip is zero, as Nitro answers.
            R::MaxPriorityFeePerGas(()) => to_json(U128::ZERO),
            R::FeeHistory(Quantity(count), newest, percentiles) => {
                to_json(self.fee_history(count, newest, percentiles.as_deref())?)
            }
            R::SendRawTransaction(raw) => self.send_raw(&raw),
            R::SendTransaction(tx) => self.send_unsigned(&tx),
            R::TransactionReceipt(hash) => self.receipt(hash),
            R::TransactionByHash(hash) => self.transaction(hash),
            R::Logs(filter) => self.logs(&filter),
            R::Accounts(()) => to_json(self.accounts.addresses()),
            R::Syncing(()) => to_json(false),
            R::Snapshot(()) => to_json(U64::from(self.chain.snapshot())),
            // Hardhat and Anvil answer `false` for an unknown snapshot rather than an error.
            R::Revert(Quantity(id)) => {
                self.pending_timestamp = None;
                to_json(self.chain.revert(id).is_ok())
            }
            R::IncreaseTime(Quantity(secs)) => to_json(self.increase_time(secs)?),
            R::SetNextBlockTimestamp(Quantity(timestamp)) => {
                self.set_next_timestamp(timestamp)?;
                Ok(Value::Null)
            }
            R::Mine(timestamp) => {
                if let Some(Quantity(timestamp)) = timestamp {
                    self.set_next_timestamp(timestamp)?;
                }
                self.chain.mine(1);
                to_json("0x0")
            }
            R::SetBalance(address, balance) => {
                self.chain.set_balance(address, balance);
                Ok(Value::Null)
            }
            R::SetCode(address, code) => {
                self.chain.set_code(address, code);
                Ok(Value::Null)
            }
        }
    }

    /// The timestamp the next block gets: one set through this layer, or the latest block's plus
    /// the block time.
    fn next_timestamp(&self) -> u64 {
        let latest = self.chain.latest();
        match self.pending_timestamp {
            Some((at, timestamp)) if at == latest.number => timestamp,
            _ => latest.timestamp + self.chain.config().block_time_secs,
        }
    }

    fn set_next_timestamp(&mut self, timestamp: u64) -> Result<(), RpcError> {
        self.chain.set_next_block_timestamp(timestamp)?;
        self.pending_timestamp = Some((self.chain.latest_number(), timestamp));
        Ok(())
    }

    /// `evm_increaseTime`: the next block is `secs` later than it would have been, once; the blocks
    /// after it follow at the normal block time (Hardhat's and Anvil's observable behaviour).
    ///
    /// Implemented through the next-block timestamp rather than `Chain::increase_time`, whose
    /// offset is added again to every later block.
    fn increase_time(&mut self, secs: u64) -> Result<u64, RpcError> {
        if secs > 0 {
            let timestamp = self
                .next_timestamp()
                .checked_add(secs)
                .ok_or_else(|| RpcError::invalid_params("timestamp overflows u64"))?;
            self.set_next_timestamp(timestamp)?;
        }
        self.time_offset_secs = self.time_offset_secs.saturating_add(secs);
        Ok(self.time_offset_secs)
    }

    fn base_fee(&self) -> u128 {
        u128::from(self.chain.config().base_fee_wei)
    }

    /// `eth_getBlockBy*`: `null` for an unknown block, as geth answers.
    fn block(&self, id: BlockId, full: bool) -> Result<Value, RpcError> {
        match self.chain.block(id) {
            Ok(block) => to_json(rpc_block(&block, full, |hash| {
                self.envelopes.get(hash).cloned()
            })),
            Err(ChainError::UnknownBlock(_)) => Ok(Value::Null),
            Err(other) => Err(other.into()),
        }
    }

    /// `eth_call`: the return data, or the revert as error 3 so clients decode custom errors.
    fn call(
        &self,
        tx: &TransactionRequest,
        block: Option<alloy_eips::BlockId>,
        overrides: Option<&RpcStateOverride>,
    ) -> Result<Value, RpcError> {
        let request = call_request(tx)?;
        let overrides = overrides.map(state_override).transpose()?;
        let outcome = self
            .chain
            .call(&request, overrides.as_ref(), block_id(block))?;
        match outcome.status {
            ExecStatus::Success => to_json(outcome.output),
            ExecStatus::Revert => Err(RpcError::reverted(&outcome.output)),
            ExecStatus::Halt(reason) => {
                Err(RpcError::server(format!("execution halted: {reason}")))
            }
        }
    }

    /// `eth_sendRawTransaction`: decode, recover the sender, then [`Self::submit`].
    fn send_raw(&mut self, raw: &Bytes) -> Result<Value, RpcError> {
        let tx = decode_raw(raw)?;
        self.submit(tx)
    }

    /// Admits and mines a signed transaction; returns its hash (also when it reverted).
    fn submit(&mut self, tx: SignedTx) -> Result<Value, RpcError> {
        let config = self.chain.config();
        let ctx = AdmissionContext {
            chain_id: config.chain_id,
            base_fee: u128::from(config.base_fee_wei),
            block_gas_limit: config.block_gas_limit,
            sender_nonce: self.chain.nonce(tx.sender, BlockId::Latest)?,
            sender_balance: self.chain.balance(tx.sender, BlockId::Latest)?,
        };
        admit(&tx, &ctx)?;
        let hash = tx.hash();
        let outcome = self.chain.send_transaction(signed_request(&tx))?;
        debug_assert_eq!(
            outcome.tx_hash, hash,
            "chain should key the tx by its envelope hash"
        );
        self.envelopes.insert(hash, tx.envelope);
        to_json(hash)
    }

    /// `eth_sendTransaction`: fills nonce, gas and fees, signs with the dev key of `from`.
    fn send_unsigned(&mut self, tx: &TransactionRequest) -> Result<Value, RpcError> {
        let from = tx
            .from
            .ok_or_else(|| RpcError::invalid_params("missing \"from\""))?;
        if self.accounts.signer(from).is_none() {
            return Err(RpcError::server(format!("unknown account {from}")));
        }
        let request = call_request(tx)?;
        let chain_id = self.chain.chain_id();
        let nonce = match tx.nonce {
            Some(nonce) => nonce,
            None => self.chain.nonce(from, BlockId::Latest)?,
        };
        let gas_limit = match tx.gas {
            Some(gas) => gas,
            None => self.chain.estimate_gas(&request, None, BlockId::Pending)?,
        };
        let to = request.to.map_or(TxKind::Create, TxKind::Call);
        let (value, input) = (request.value, request.input.clone());
        let legacy_price = tx.gas_price.filter(|_| request.tx_type < 2);
        let unsigned = match legacy_price {
            Some(gas_price) if request.tx_type == 1 => UnsignedTx::Eip2930(TxEip2930 {
                chain_id,
                nonce,
                gas_price,
                gas_limit,
                to,
                value,
                access_list: request.access_list.clone(),
                input,
            }),
            Some(gas_price) => UnsignedTx::Legacy(TxLegacy {
                chain_id: Some(chain_id),
                nonce,
                gas_price,
                gas_limit,
                to,
                value,
                input,
            }),
            None => {
                let tip = tx.max_priority_fee_per_gas.unwrap_or(0);
                UnsignedTx::Eip1559(TxEip1559 {
                    chain_id,
                    nonce,
                    gas_limit,
                    // Twice the base fee leaves headroom, as alloy's and geth's defaults do.
                    max_fee_per_gas: tx.max_fee_per_gas.unwrap_or(2 * self.base_fee() + tip),
                    max_priority_fee_per_gas: tip,
                    to,
                    value,
                    access_list: request.access_list.clone(),
                    input,
                })
            }
        };
        let signature = self
            .accounts
            .sign_hash(from, &unsigned.signature_hash())
            .ok_or_else(|| RpcError::internal(format!("failed to sign for {from}")))?;
        self.submit(SignedTx {
            envelope: unsigned.into_envelope(signature),
            sender: from,
        })
    }

    /// Timestamp of block `number` (receipts and logs carry it).
    fn timestamp_of(&self, number: u64) -> Result<u64, RpcError> {
        Ok(self.chain.block(BlockId::Number(number))?.timestamp)
    }

    /// `eth_getTransactionReceipt`: `null` while the hash is unknown.
    fn receipt(&self, hash: B256) -> Result<Value, RpcError> {
        let Some(outcome) = self.chain.transaction(hash) else {
            return Ok(Value::Null);
        };
        let envelope = envelope_of(outcome, self.envelopes.get(&hash));
        to_json(rpc_receipt(
            outcome,
            &envelope,
            self.timestamp_of(outcome.block_number)?,
        ))
    }

    /// `eth_getTransactionByHash`: the signed envelope with its block position, or `null`.
    fn transaction(&self, hash: B256) -> Result<Value, RpcError> {
        let Some(outcome) = self.chain.transaction(hash) else {
            return Ok(Value::Null);
        };
        let envelope = envelope_of(outcome, self.envelopes.get(&hash));
        to_json(rpc_transaction(
            outcome,
            envelope,
            self.timestamp_of(outcome.block_number)?,
        ))
    }

    /// A filter bound as a block number; absent means latest, numbers past the head stay as given.
    fn resolve_number(&self, tag: Option<&BlockNumberOrTag>) -> Result<u64, RpcError> {
        match tag {
            None => Ok(self.chain.latest_number()),
            Some(tag) => Ok(self
                .chain
                .block(block_tag(*tag))
                .map(|b| b.number)
                .or_else(|err| {
                    // A range may name blocks past the head; clamp them instead of failing.
                    match (err, tag) {
                        (ChainError::UnknownBlock(_), BlockNumberOrTag::Number(n)) => Ok(*n),
                        (err, _) => Err(RpcError::from(err)),
                    }
                })?),
        }
    }

    /// `eth_getLogs`: logs of the blocks in range (or the one block named by hash) that match the
    /// filter's addresses and topics, in chain order.
    fn logs(&self, filter: &Filter) -> Result<Value, RpcError> {
        let blocks: Vec<Block> = if let Some(hash) = filter.get_block_hash() {
            vec![self.chain.block(BlockId::Hash(hash))?]
        } else {
            let from = self.resolve_number(filter.block_option.get_from_block())?;
            let to = self.resolve_number(filter.block_option.get_to_block())?;
            if from > to {
                return Err(RpcError::invalid_params(format!(
                    "invalid block range: fromBlock {from} is after toBlock {to}"
                )));
            }
            if to - from >= MAX_LOG_BLOCK_RANGE {
                return Err(RpcError::invalid_params(format!(
                    "block range {from}..={to} exceeds {MAX_LOG_BLOCK_RANGE} blocks"
                )));
            }
            let head = self.chain.latest_number();
            (from..=to.min(head))
                .map(|number| self.chain.block(BlockId::Number(number)))
                .collect::<Result<_, _>>()?
        };
        let logs: Vec<_> = blocks
            .iter()
            .flat_map(|block| {
                block.transactions.iter().flat_map(move |tx| {
                    tx.logs.iter().map(move |log| rpc_log(log, block.timestamp))
                })
            })
            .filter(|log| {
                filter.matches_address(log.address()) && filter.matches_topics(log.topics())
            })
            .collect();
        to_json(logs)
    }

    /// `eth_feeHistory`: `count` blocks ending at `newest` (at most [`MAX_FEE_HISTORY_BLOCKS`]),
    /// plus the base fee of the block after them; rewards only when percentiles are given.
    fn fee_history(
        &self,
        count: u64,
        newest: BlockNumberOrTag,
        percentiles: Option<&[f64]>,
    ) -> Result<FeeHistory, RpcError> {
        if let Some(percentiles) = percentiles {
            let in_range = percentiles.iter().all(|p| (0.0..=100.0).contains(p));
            let sorted = percentiles.windows(2).all(|pair| pair[0] <= pair[1]);
            if !in_range || !sorted {
                return Err(RpcError::invalid_params(
                    "reward percentiles must be non-decreasing values in [0, 100]",
                ));
            }
        }
        let newest = self.chain.block(block_tag(newest))?.number;
        if count == 0 {
            return Ok(FeeHistory {
                oldest_block: newest,
                ..Default::default()
            });
        }
        let count = count.min(MAX_FEE_HISTORY_BLOCKS);
        let oldest = newest.saturating_sub(count - 1);
        let mut history = FeeHistory {
            oldest_block: oldest,
            ..Default::default()
        };
        let mut rewards = Vec::new();
        for number in oldest..=newest {
            let block = self.chain.block(BlockId::Number(number))?;
            history
                .base_fee_per_gas
                .push(u128::from(block.base_fee_wei));
            history
                .gas_used_ratio
                .push(block.gas_used as f64 / block.gas_limit.max(1) as f64);
            if let Some(percentiles) = percentiles {
                rewards.push(block_rewards(&block, percentiles));
            }
        }
        // The base fee of the block after `newest`: constant on this chain.
        history.base_fee_per_gas.push(self.base_fee());
        history.reward = percentiles.map(|_| rewards);
        Ok(history)
    }
}

/// Effective tips at the given gas-weighted percentiles of a block (geth's algorithm).
fn block_rewards(block: &Block, percentiles: &[f64]) -> Vec<u128> {
    let base_fee = u128::from(block.base_fee_wei);
    let tips: Vec<(u128, u64)> = block
        .transactions
        .iter()
        .map(|tx| (tx.effective_gas_price.saturating_sub(base_fee), tx.gas_used))
        .collect();
    rewards_at(tips, block.gas_used, percentiles)
}

/// Tips (with the gas each transaction used) at gas-weighted `percentiles` of `gas_used`.
fn rewards_at(mut tips: Vec<(u128, u64)>, gas_used: u64, percentiles: &[f64]) -> Vec<u128> {
    if tips.is_empty() || gas_used == 0 {
        return vec![0; percentiles.len()];
    }
    tips.sort_unstable_by_key(|(tip, _)| *tip);
    let mut rewards = Vec::with_capacity(percentiles.len());
    let (mut index, mut cumulative) = (0usize, tips[0].1);
    for percentile in percentiles {
        let threshold = (gas_used as f64 * percentile / 100.0) as u64;
        while cumulative < threshold && index + 1 < tips.len() {
            index += 1;
            cumulative += tips[index].1;
        }
        rewards.push(tips[index].0);
    }
    rewards
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewards_are_zero_when_block_empty() {
        assert_eq!(rewards_at(Vec::new(), 0, &[10.0, 90.0]), vec![0, 0]);
    }

    #[test]
    fn rewards_weight_by_gas_when_several_txs() {
        // 30k gas at tip 5, 70k gas at tip 1: the cheapest 70% of gas paid tip 1.
        let tips = vec![(5, 30_000), (1, 70_000)];
        assert_eq!(
            rewards_at(tips, 100_000, &[0.0, 50.0, 70.0, 71.0, 100.0]),
            vec![1, 1, 1, 5, 5]
        );
    }
}
