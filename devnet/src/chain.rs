//! The [`Chain`] facade: an automining in-memory chain (one block per transaction) over revm, with
//! Stylus execution, snapshots, time control and state overrides for calls.

use std::{collections::HashMap, sync::Arc};

use alloy_primitives::{keccak256, Address, Bytes, TxKind, B256, U256};
use revm::{
    bytecode::Bytecode,
    context::{BlockEnv, CfgEnv, TxEnv},
    context_interface::result::{EVMError, ExecutionResult, HaltReason, Output},
    database::CacheDB,
    state::AccountInfo,
    Database, DatabaseCommit, DatabaseRef,
};

use crate::{
    config::ChainConfig,
    error::{ChainError, Result},
    evm::{self, StateDb, SPEC},
    stylus::StylusRuntime,
    types::{
        Block, BlockId, CallOutcome, ExecStatus, LogRecord, StateOverride, TxOutcome, TxRequest,
    },
};

/// Gas of a plain value transfer, the lower bound of `estimate_gas`.
const MIN_TX_GAS: u64 = 21_000;

/// State saved by [`Chain::snapshot`].
#[derive(Debug, Clone)]
struct Snapshot {
    db: StateDb,
    block_count: usize,
    time_offset_secs: u64,
    pending_offset_secs: u64,
    next_timestamp_secs: Option<u64>,
}

/// An in-process Arbitrum-like chain executing EVM and Stylus code.
///
/// Every [`Chain::send_transaction`] mines one block. State is kept for the latest block only;
/// reads at older blocks return [`ChainError::HistoricalState`].
#[derive(Debug)]
pub struct Chain {
    config: ChainConfig,
    db: StateDb,
    blocks: Vec<Block>,
    block_numbers_by_hash: HashMap<B256, u64>,
    tx_locations: HashMap<B256, (u64, usize)>,
    snapshots: Vec<Snapshot>,
    /// Total seconds ever added by [`Chain::increase_time`] (what it returns).
    time_offset_secs: u64,
    /// Seconds added since the latest block: applied once, to the next block only.
    pending_offset_secs: u64,
    next_timestamp_secs: Option<u64>,
    tx_counter: u64,
    stylus_ink: HashMap<B256, u64>,
    runtime: Arc<StylusRuntime>,
}

impl Chain {
    /// Creates the chain with its genesis block and prefunded accounts.
    pub fn new(config: ChainConfig) -> Self {
        let mut db = StateDb::default();
        // Arbitrum gives precompiles the code 0xFE (so contracts see code there); it also keeps
        // ArbWasm's storage from being cleared as an empty account.
        let marker = Bytecode::new_raw(Bytes::from_static(&[0xFE]));
        for address in crate::arbos::ARBOS_PRECOMPILES {
            db.insert_account_info(
                address,
                AccountInfo {
                    code_hash: marker.hash_slow(),
                    code: Some(marker.clone()),
                    ..Default::default()
                },
            );
        }
        let deployer = Bytecode::new_raw(crate::deploy::stylus_deployer_runtime());
        db.insert_account_info(
            crate::deploy::STYLUS_DEPLOYER_ADDRESS,
            AccountInfo {
                nonce: 1,
                code_hash: deployer.hash_slow(),
                code: Some(deployer),
                ..Default::default()
            },
        );
        for (address, balance) in &config.prefunded {
            db.insert_account_info(
                *address,
                AccountInfo {
                    balance: *balance,
                    ..Default::default()
                },
            );
        }
        let genesis = Block {
            number: 0,
            hash: B256::ZERO,
            parent_hash: B256::ZERO,
            timestamp: config.genesis_timestamp_secs,
            gas_limit: config.block_gas_limit,
            gas_used: 0,
            base_fee_wei: config.base_fee_wei,
            coinbase: config.coinbase,
            transactions: Vec::new(),
        };
        let mut chain = Self {
            config,
            db,
            blocks: Vec::new(),
            block_numbers_by_hash: HashMap::new(),
            tx_locations: HashMap::new(),
            snapshots: Vec::new(),
            time_offset_secs: 0,
            pending_offset_secs: 0,
            next_timestamp_secs: None,
            tx_counter: 0,
            stylus_ink: HashMap::new(),
            runtime: Arc::new(StylusRuntime::default()),
        };
        chain.push_block(genesis);
        chain
    }

    /// The configuration the chain was created with.
    pub fn config(&self) -> &ChainConfig {
        &self.config
    }

    /// EIP-155 chain id.
    pub fn chain_id(&self) -> u64 {
        self.config.chain_id
    }

    /// The shared Stylus program cache (for statistics and benchmarks).
    pub fn stylus_runtime(&self) -> &Arc<StylusRuntime> {
        &self.runtime
    }

    // ---------------------------------------------------------------- transactions

    /// Executes `request` in a new block and commits its state changes.
    ///
    /// Reverted and halted transactions are mined too (their outcome says so); requests that fail
    /// validation (nonce, balance, gas limit, fees) return [`ChainError::InvalidTransaction`] and
    /// mine nothing.
    pub fn send_transaction(&mut self, request: TxRequest) -> Result<TxOutcome> {
        let mut request = request;
        let sender = self
            .db
            .basic_ref(request.from)
            .map_err(infallible)?
            .unwrap_or_default();
        if request.nonce.is_none() {
            request.nonce = Some(sender.nonce);
        }
        if request.gas.is_none() {
            request.gas = Some(self.config.block_gas_limit);
        }
        let block_env = self.pending_block_env();
        let cfg = self.cfg_env(false);
        let tx_env = self.tx_env(&request, true)?;
        let executed = evm::transact(&mut self.db, block_env.clone(), cfg, tx_env, &self.runtime)
            .map_err(exec_error)?;
        self.db.commit(executed.state);

        let number = self.latest_number() + 1;
        let timestamp = block_env.timestamp.saturating_to::<u64>();
        self.tx_counter += 1;
        let tx_hash = request.hash.unwrap_or_else(|| {
            keccak256(
                [
                    b"ballast-devnet-tx".as_slice(),
                    request.from.as_slice(),
                    &request.nonce.unwrap_or_default().to_be_bytes(),
                    &self.tx_counter.to_be_bytes(),
                ]
                .concat(),
            )
        });
        let effective_gas_price = self.effective_gas_price(&request);
        let parent_hash = self.latest().hash;
        let hash = block_hash(parent_hash, number, timestamp, &[tx_hash]);
        let summary = summarize(executed.result, executed.halt_note);
        let logs = summary
            .logs
            .into_iter()
            .enumerate()
            .map(|(i, (address, topics, data))| LogRecord {
                address,
                topics,
                data,
                block_number: number,
                block_hash: hash,
                tx_hash,
                tx_index: 0,
                log_index: i as u64,
            })
            .collect();
        let outcome = TxOutcome {
            tx_hash,
            request,
            block_number: number,
            block_hash: hash,
            tx_index: 0,
            status: summary.status,
            gas_used: summary.gas_used,
            cumulative_gas_used: summary.gas_used,
            effective_gas_price,
            logs,
            contract_address: summary.created,
            output: summary.output,
        };
        self.stylus_ink.insert(tx_hash, executed.ink_used);
        self.push_block(Block {
            number,
            hash,
            parent_hash,
            timestamp,
            gas_limit: self.config.block_gas_limit,
            gas_used: outcome.gas_used,
            base_fee_wei: self.config.base_fee_wei,
            coinbase: self.config.coinbase,
            transactions: vec![outcome.clone()],
        });
        Ok(outcome)
    }

    /// Executes `request` without committing, optionally over `overrides`, at `block`.
    ///
    /// A missing gas limit means the block gas limit; a missing fee means gas price zero (no fee
    /// checks), as `eth_call` does.
    pub fn call(
        &self,
        request: &TxRequest,
        overrides: Option<&StateOverride>,
        block: BlockId,
    ) -> Result<CallOutcome> {
        let header = self.block(block)?;
        self.require_latest_state(&header)?;
        let mut overlay = CacheDB::new(&self.db);
        if let Some(overrides) = overrides {
            apply_overrides(&mut overlay, overrides)?;
        }
        let mut request = request.clone();
        if request.gas.is_none() {
            request.gas = Some(self.config.block_gas_limit);
        }
        let block_env = if block == BlockId::Pending {
            self.pending_block_env()
        } else {
            self.block_env(&header)
        };
        let tx_env = self.tx_env(&request, false)?;
        let executed = evm::transact(
            &mut overlay,
            block_env,
            self.cfg_env(true),
            tx_env,
            &self.runtime,
        )
        .map_err(exec_error)?;
        let summary = summarize(executed.result, executed.halt_note);
        Ok(CallOutcome {
            status: summary.status,
            output: summary.output,
            gas_used: summary.gas_used,
            logs: summary.logs,
            stylus_ink_used: executed.ink_used,
            stylus_hostio_gas: executed.hostio_gas,
        })
    }

    /// The smallest gas limit (between 21 000 and the request's gas or the block gas limit) at which
    /// `request` succeeds, found by binary search over real executions.
    pub fn estimate_gas(
        &self,
        request: &TxRequest,
        overrides: Option<&StateOverride>,
        block: BlockId,
    ) -> Result<u64> {
        let cap = request
            .gas
            .unwrap_or(self.config.block_gas_limit)
            .min(self.config.block_gas_limit);
        let run = |gas: u64| {
            let mut attempt = request.clone();
            attempt.gas = Some(gas);
            self.call(&attempt, overrides, block)
        };
        let at_cap = run(cap)?;
        if !at_cap.status.is_success() {
            let reason = match &at_cap.status {
                ExecStatus::Halt(reason) => reason.clone(),
                _ => "execution reverted".to_owned(),
            };
            return Err(ChainError::EstimationFailed {
                cap,
                output: at_cap.output,
                reason,
            });
        }
        // Invariant: `hi` succeeds, `lo` fails (or is below the intrinsic minimum).
        let mut hi = cap;
        let mut lo = at_cap.gas_used.saturating_sub(1).max(MIN_TX_GAS - 1);
        if lo >= hi {
            return Ok(hi);
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            match run(mid) {
                Ok(outcome) if outcome.status.is_success() => hi = mid,
                _ => lo = mid,
            }
        }
        Ok(hi)
    }

    // ---------------------------------------------------------------- accounts

    /// Balance of `address` in wei.
    pub fn balance(&self, address: Address, block: BlockId) -> Result<U256> {
        self.at_latest(block)?;
        Ok(self
            .account(address)?
            .map(|a| a.balance)
            .unwrap_or_default())
    }

    /// Nonce of `address`.
    pub fn nonce(&self, address: Address, block: BlockId) -> Result<u64> {
        self.at_latest(block)?;
        Ok(self.account(address)?.map(|a| a.nonce).unwrap_or_default())
    }

    /// Code of `address` (for Stylus contracts: the prefixed compressed bytes).
    pub fn code(&self, address: Address, block: BlockId) -> Result<Bytes> {
        self.at_latest(block)?;
        let Some(info) = self.account(address)? else {
            return Ok(Bytes::new());
        };
        if let Some(code) = info.code {
            return Ok(code.original_bytes());
        }
        let code = self
            .db
            .code_by_hash_ref(info.code_hash)
            .map_err(infallible)?;
        Ok(code.original_bytes())
    }

    /// Storage word `slot` of `address`.
    pub fn storage(&self, address: Address, slot: B256, block: BlockId) -> Result<B256> {
        self.at_latest(block)?;
        let value = self
            .db
            .storage_ref(address, slot.into())
            .map_err(infallible)?;
        Ok(value.into())
    }

    /// Sets the balance of `address` (creating the account if needed).
    pub fn set_balance(&mut self, address: Address, balance: U256) {
        let mut info = self.account(address).ok().flatten().unwrap_or_default();
        info.balance = balance;
        self.db.insert_account_info(address, info);
    }

    /// Sets the nonce of `address`.
    pub fn set_nonce(&mut self, address: Address, nonce: u64) {
        let mut info = self.account(address).ok().flatten().unwrap_or_default();
        info.nonce = nonce;
        self.db.insert_account_info(address, info);
    }

    /// Replaces the code of `address` (Stylus code must still be activated before it runs).
    pub fn set_code(&mut self, address: Address, code: Bytes) {
        let mut info = self.account(address).ok().flatten().unwrap_or_default();
        let bytecode = Bytecode::new_raw(code);
        info.code_hash = bytecode.hash_slow();
        info.code = Some(bytecode);
        self.db.insert_account_info(address, info);
    }

    /// Sets storage word `slot` of `address`.
    pub fn set_storage(&mut self, address: Address, slot: B256, value: B256) {
        // Loading first keeps the account's existing info; the in-memory db cannot fail.
        let _ = self.db.basic(address);
        let _ = self
            .db
            .insert_account_storage(address, slot.into(), value.into());
    }

    // ---------------------------------------------------------------- blocks and time

    /// Number of the latest block.
    pub fn latest_number(&self) -> u64 {
        self.latest().number
    }

    /// The latest block.
    pub fn latest(&self) -> &Block {
        // Overflow not possible: genesis is pushed in `new` and blocks are never all removed.
        self.blocks.last().expect("should have a genesis block")
    }

    /// A block by id (`Pending` answers with the latest block).
    pub fn block(&self, id: BlockId) -> Result<Block> {
        let number = match id {
            BlockId::Latest | BlockId::Pending => self.latest_number(),
            BlockId::Earliest => 0,
            BlockId::Number(n) => n,
            BlockId::Hash(hash) => *self
                .block_numbers_by_hash
                .get(&hash)
                .ok_or_else(|| ChainError::UnknownBlock(hash.to_string()))?,
        };
        self.blocks
            .get(number as usize)
            .cloned()
            .ok_or_else(|| ChainError::UnknownBlock(number.to_string()))
    }

    /// Ink spent inside Stylus programs by a mined transaction (entry costs excluded; 0 for pure EVM).
    pub fn stylus_ink_used(&self, tx_hash: B256) -> Option<u64> {
        self.tx_locations.get(&tx_hash)?;
        self.stylus_ink.get(&tx_hash).copied()
    }

    /// A mined transaction by hash.
    pub fn transaction(&self, hash: B256) -> Option<&TxOutcome> {
        let (number, index) = self.tx_locations.get(&hash)?;
        self.blocks.get(*number as usize)?.transactions.get(*index)
    }

    /// Mines `count` empty blocks.
    pub fn mine(&mut self, count: u64) {
        for _ in 0..count {
            let env = self.pending_block_env();
            let number = self.latest_number() + 1;
            let timestamp = env.timestamp.saturating_to::<u64>();
            let parent_hash = self.latest().hash;
            self.push_block(Block {
                number,
                hash: block_hash(parent_hash, number, timestamp, &[]),
                parent_hash,
                timestamp,
                gas_limit: self.config.block_gas_limit,
                gas_used: 0,
                base_fee_wei: self.config.base_fee_wei,
                coinbase: self.config.coinbase,
                transactions: Vec::new(),
            });
        }
    }

    /// Moves time forward: the next block's timestamp is `secs` later than it would have been.
    /// Returns the total offset added so far.
    pub fn increase_time(&mut self, secs: u64) -> u64 {
        self.time_offset_secs += secs;
        self.pending_offset_secs += secs;
        self.time_offset_secs
    }

    /// Fixes the timestamp of the next block; it must be after the latest block's.
    pub fn set_next_block_timestamp(&mut self, timestamp_secs: u64) -> Result<()> {
        let latest = self.latest().timestamp;
        if timestamp_secs <= latest {
            return Err(ChainError::TimestampNotIncreasing {
                requested: timestamp_secs,
                latest,
            });
        }
        self.next_timestamp_secs = Some(timestamp_secs);
        Ok(())
    }

    /// Saves the current state, blocks and clock; returns the snapshot id.
    pub fn snapshot(&mut self) -> u64 {
        self.snapshots.push(Snapshot {
            db: self.db.clone(),
            block_count: self.blocks.len(),
            time_offset_secs: self.time_offset_secs,
            pending_offset_secs: self.pending_offset_secs,
            next_timestamp_secs: self.next_timestamp_secs,
        });
        (self.snapshots.len() - 1) as u64
    }

    /// Restores snapshot `id`, dropping it and every later snapshot (as anvil does).
    pub fn revert(&mut self, id: u64) -> Result<()> {
        let index = usize::try_from(id).map_err(|_| ChainError::UnknownSnapshot(id))?;
        if index >= self.snapshots.len() {
            return Err(ChainError::UnknownSnapshot(id));
        }
        let mut dropped = self.snapshots.split_off(index);
        let snapshot = dropped.swap_remove(0);
        for block in self.blocks.drain(snapshot.block_count..) {
            self.block_numbers_by_hash.remove(&block.hash);
            for tx in &block.transactions {
                self.tx_locations.remove(&tx.tx_hash);
            }
        }
        self.db = snapshot.db;
        self.time_offset_secs = snapshot.time_offset_secs;
        self.pending_offset_secs = snapshot.pending_offset_secs;
        self.next_timestamp_secs = snapshot.next_timestamp_secs;
        Ok(())
    }

    // ---------------------------------------------------------------- internals

    /// Account info from the latest state.
    fn account(&self, address: Address) -> Result<Option<AccountInfo>> {
        self.db.basic_ref(address).map_err(infallible)
    }

    /// Checks that `block` names the latest state (the only one kept).
    fn at_latest(&self, block: BlockId) -> Result<()> {
        let header = self.block(block)?;
        self.require_latest_state(&header)
    }

    /// Errors with [`ChainError::HistoricalState`] unless `header` is the latest block.
    fn require_latest_state(&self, header: &Block) -> Result<()> {
        let latest = self.latest_number();
        if header.number != latest {
            return Err(ChainError::HistoricalState {
                requested: header.number,
                latest,
            });
        }
        Ok(())
    }

    /// Appends a block, indexing its hash and transactions and feeding BLOCKHASH.
    fn push_block(&mut self, mut block: Block) {
        if block.number == 0 {
            block.hash = block_hash(B256::ZERO, 0, block.timestamp, &[]);
        }
        for (index, tx) in block.transactions.iter().enumerate() {
            self.tx_locations.insert(tx.tx_hash, (block.number, index));
        }
        self.block_numbers_by_hash.insert(block.hash, block.number);
        self.db
            .cache
            .block_hashes
            .insert(U256::from(block.number), block.hash);
        if block.number > 0 {
            self.next_timestamp_secs = None;
            self.pending_offset_secs = 0;
        }
        self.blocks.push(block);
    }

    /// Block environment of the next block to be mined.
    fn pending_block_env(&self) -> BlockEnv {
        let latest = self.latest();
        let timestamp = self
            .next_timestamp_secs
            .unwrap_or(latest.timestamp + self.config.block_time_secs + self.pending_offset_secs);
        self.env_for(latest.number + 1, timestamp)
    }

    /// Block environment of an existing block (for calls at that block).
    fn block_env(&self, header: &Block) -> BlockEnv {
        self.env_for(header.number, header.timestamp)
    }

    /// Block environment with the configured gas limit, base fee and beneficiary.
    fn env_for(&self, number: u64, timestamp: u64) -> BlockEnv {
        BlockEnv {
            number: U256::from(number),
            beneficiary: self.config.coinbase,
            timestamp: U256::from(timestamp),
            gas_limit: self.config.block_gas_limit,
            basefee: self.config.base_fee_wei,
            difficulty: U256::ZERO,
            prevrandao: Some(keccak256(number.to_be_bytes())),
            ..BlockEnv::default()
        }
    }

    /// revm configuration; calls skip nonce and base-fee checks as `eth_call` does.
    fn cfg_env(&self, is_call: bool) -> CfgEnv {
        let mut cfg = CfgEnv::new_with_spec(SPEC);
        cfg.chain_id = self.config.chain_id;
        // Stylus programs start with 0xEF; the frame layer re-applies EIP-3541 to all other code.
        cfg.disable_eip3541 = true;
        if is_call {
            cfg.disable_nonce_check = true;
            cfg.disable_base_fee = true;
        }
        cfg
    }

    /// Transaction environment from a request; `strict` (sending) defaults the gas price to the
    /// base fee, calls default it to zero.
    fn tx_env(&self, request: &TxRequest, strict: bool) -> Result<TxEnv> {
        if let Some(chain_id) = request.chain_id {
            if chain_id != self.config.chain_id {
                return Err(ChainError::InvalidTransaction(format!(
                    "chain id {chain_id} does not match {}",
                    self.config.chain_id
                )));
            }
        }
        let (tx_type, gas_price, priority) = match (request.max_fee_per_gas, request.gas_price) {
            (Some(max_fee), _) => (
                2,
                max_fee,
                Some(request.max_priority_fee_per_gas.unwrap_or(0)),
            ),
            (None, Some(price)) => (request.tx_type.min(1), price, None),
            (None, None) if strict => (0, u128::from(self.config.base_fee_wei), None),
            (None, None) => (0, 0, None),
        };
        let nonce = match request.nonce {
            Some(nonce) => nonce,
            None => self
                .account(request.from)?
                .map(|a| a.nonce)
                .unwrap_or_default(),
        };
        Ok(TxEnv {
            tx_type,
            caller: request.from,
            gas_limit: request.gas.unwrap_or(self.config.block_gas_limit),
            gas_price,
            kind: request.to.map_or(TxKind::Create, TxKind::Call),
            value: request.value,
            data: request.input.clone(),
            nonce,
            chain_id: Some(self.config.chain_id),
            access_list: request.access_list.clone(),
            gas_priority_fee: priority,
            ..TxEnv::default()
        })
    }

    /// Price per gas actually paid: legacy price, or min(fee cap, base fee + tip).
    fn effective_gas_price(&self, request: &TxRequest) -> u128 {
        let base = u128::from(self.config.base_fee_wei);
        match (request.max_fee_per_gas, request.gas_price) {
            (Some(max_fee), _) => max_fee.min(base + request.max_priority_fee_per_gas.unwrap_or(0)),
            (None, Some(price)) => price,
            (None, None) => base,
        }
    }
}

/// What the facade keeps from a revm [`ExecutionResult`].
struct Summary {
    status: ExecStatus,
    output: Bytes,
    gas_used: u64,
    created: Option<Address>,
    logs: Vec<(Address, Vec<B256>, Bytes)>,
}

/// Extracts status, output, gas, created address and logs from revm's result.
fn summarize(result: ExecutionResult, halt_note: Option<&str>) -> Summary {
    let gas_used = result.gas().tx_gas_used();
    match result {
        ExecutionResult::Success { logs, output, .. } => {
            let (output, created) = match output {
                Output::Call(data) => (data, None),
                Output::Create(data, address) => (data, address),
            };
            Summary {
                status: ExecStatus::Success,
                output,
                gas_used,
                created,
                logs: logs
                    .into_iter()
                    .map(|log| (log.address, log.data.topics().to_vec(), log.data.data))
                    .collect(),
            }
        }
        ExecutionResult::Revert { output, .. } => Summary {
            status: ExecStatus::Revert,
            output,
            gas_used,
            created: None,
            logs: Vec::new(),
        },
        ExecutionResult::Halt { reason, .. } => Summary {
            status: ExecStatus::Halt(halt_note.map_or_else(|| halt_reason(&reason), str::to_owned)),
            output: Bytes::new(),
            gas_used,
            created: None,
            logs: Vec::new(),
        },
    }
}

/// Human-readable halt reason (precompile errors carry their message).
fn halt_reason(reason: &HaltReason) -> String {
    match reason {
        HaltReason::PrecompileErrorWithContext(message) => message.clone(),
        other => format!("{other:?}"),
    }
}

/// Deterministic block hash over parent, number, timestamp and transaction hashes.
fn block_hash(parent: B256, number: u64, timestamp: u64, txs: &[B256]) -> B256 {
    let mut preimage = Vec::with_capacity(48 + 32 * txs.len());
    preimage.extend_from_slice(parent.as_slice());
    preimage.extend_from_slice(&number.to_be_bytes());
    preimage.extend_from_slice(&timestamp.to_be_bytes());
    for tx in txs {
        preimage.extend_from_slice(tx.as_slice());
    }
    keccak256(preimage)
}

/// Applies `eth_call` state overrides (balance, nonce, code, state/stateDiff) to an overlay.
fn apply_overrides<DB: DatabaseRef>(
    overlay: &mut CacheDB<DB>,
    overrides: &StateOverride,
) -> Result<()> {
    for (address, change) in overrides {
        if change.state.is_some() && change.state_diff.is_some() {
            return Err(ChainError::ConflictingOverride(*address));
        }
        let mut info = overlay.basic(*address).ok().flatten().unwrap_or_default();
        if let Some(balance) = change.balance {
            info.balance = balance;
        }
        if let Some(nonce) = change.nonce {
            info.nonce = nonce;
        }
        if let Some(code) = &change.code {
            let bytecode = Bytecode::new_raw(code.clone());
            info.code_hash = bytecode.hash_slow();
            info.code = Some(bytecode);
        }
        overlay.insert_account_info(*address, info);
        if let Some(state) = &change.state {
            let slots = state.iter().map(|(k, v)| ((*k).into(), (*v).into()));
            let _ = overlay.replace_account_storage(*address, slots.collect());
        }
        if let Some(diff) = &change.state_diff {
            for (slot, value) in diff {
                let _ = overlay.insert_account_storage(*address, (*slot).into(), (*value).into());
            }
        }
    }
    Ok(())
}

/// Unwraps the infallible in-memory database error.
fn infallible(never: std::convert::Infallible) -> ChainError {
    match never {}
}

/// Maps revm errors: invalid transactions and headers are request errors, the rest internal.
fn exec_error(error: evm::ExecError) -> ChainError {
    match error {
        EVMError::Transaction(invalid) => ChainError::InvalidTransaction(invalid.to_string()),
        EVMError::Header(invalid) => ChainError::InvalidTransaction(invalid.to_string()),
        other => ChainError::Evm(other.to_string()),
    }
}
