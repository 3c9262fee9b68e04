//! The Stylus executor: one [`StylusFrame`] per program invocation, driven from revm's frame loop.
//!
//! A frame starts by charging the entry cost (§5.7), instantiating the instrumented module with a
//! fresh [`HostState`] and calling `user_entrypoint` as a *resumable* wasmi call. Whenever a hostio
//! needs the EVM it parks a request and the call suspends; [`StylusFrame::drive`] performs the
//! request on the revm context and resumes, or — for calls and creates — returns the child
//! [`FrameInput`] to revm, which runs the child frame (EVM or Stylus) and hands the result back
//! through [`StylusFrame::deliver`]. Outcomes map to revm results as in §4.

use std::{convert::Infallible, sync::Arc};

use alloy_primitives::{Address, Bytes, Log, LogData, B256, U256};
use revm::{
    bytecode::Bytecode,
    context::{Block, Cfg, ContextTr, JournalTr, Transaction},
    handler::FrameResult,
    interpreter::{
        CallInput, CallInputs, CallScheme, CallValue, CreateInputs, CreateScheme, FrameInput, Gas,
        InstructionResult, InterpreterResult,
    },
    state::EvmState,
    Database,
};
use wasmi::{Store, TypedFunc, TypedResumableCall, TypedResumableCallHostTrap, Val};

use super::{
    code,
    host::{self, CacheSlot, CallKind, Escape, EvmData, EvmRequest, HostState},
    pricing, program, LoadedProgram, StylusRuntime,
};
use crate::error::ProgramError;

/// Stylus page counters of one transaction (§5.7): pages open now and the maximum ever open.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct PageCounters {
    pub(crate) open: u16,
    pub(crate) ever: u16,
}

/// The block's recently called programs (geth `RecentWasms`): an LRU of `BlockCacheSize` code
/// hashes, kept for one block and never rolled back. From ArbOS 60 a call to a program in it pays
/// the cached entry cost (nitro `CallProgram`). The devnet mines one transaction per block, so it
/// lives as long as a transaction.
#[derive(Debug, Default)]
pub(crate) struct RecentPrograms {
    /// Least recently used first.
    hashes: Vec<B256>,
}

impl RecentPrograms {
    /// Records a call to `code_hash`; true if it was already one of the recent programs.
    pub(crate) fn insert(&mut self, code_hash: B256) -> bool {
        if let Some(at) = self.hashes.iter().position(|h| *h == code_hash) {
            let hash = self.hashes.remove(at);
            self.hashes.push(hash);
            return true;
        }
        if self.hashes.len() == usize::from(pricing::BLOCK_CACHE_SIZE) {
            self.hashes.remove(0);
        }
        self.hashes.push(code_hash);
        false
    }
}

/// How an invocation ended (nitro's `UserOutcomeKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserOutcome {
    /// Returned 0 / `exit_early(0)`.
    Success,
    /// Returned non-zero.
    Revert,
    /// Trap or hostio failure: revert with empty data, gas kept.
    Failure,
    /// Ink exhausted: all gas burned.
    OutOfInk,
    /// Stack budget exhausted: all gas burned.
    OutOfStack,
}

/// What the frame wants next from revm.
pub(crate) enum Step {
    /// Run this child frame and deliver its result.
    Child(FrameInput),
    /// The invocation is over.
    Done(InterpreterResult),
}

/// A child frame the program is waiting for.
#[derive(Debug)]
enum Awaiting {
    Call {
        ret_len_out: u32,
    },
    Create {
        addr_out: u32,
        revert_len_out: u32,
        withheld_gas: u64,
    },
}

/// One running program invocation.
pub(crate) struct StylusFrame {
    /// The instance's store, holding the [`HostState`].
    store: Store<HostState>,
    /// `user_entrypoint`.
    entry: TypedFunc<i32, i32>,
    /// The suspended wasm call, waiting for a request to complete.
    pending: Option<TypedResumableCallHostTrap<i32>>,
    /// Results to resume the suspended hostio with.
    resume_with: Vec<Val>,
    /// The child frame the program waits for, if any.
    awaiting: Option<Awaiting>,
    /// Set once the outcome is known; the next drive turns it into a revm result.
    finished: Option<UserOutcome>,
    /// Whether `user_entrypoint` was called yet.
    started: bool,
    /// Gas given to the frame (before the entry cost).
    gas_limit: u64,
    /// EIP-8037 reservoir passed through unchanged.
    reservoir: u64,
    /// SSTORE refunds from flushes and successful children.
    refund: i64,
    /// Open pages before this invocation, restored when it ends.
    pages_before: u16,
    /// Ink used by the program, for statistics (entry cost excluded).
    pub(crate) ink_at_start: u64,
    /// Gas spent by the child frames this program called (excluded from [`Self::ink_used`]).
    child_gas: u64,
}

/// Unwraps the infallible in-memory database error.
fn never(e: Infallible) -> ! {
    match e {}
}

/// The wasm of a program's code, for a call whose program is not compiled yet: a root's fragments
/// are read without charging or warming them (nitro reads them only when it must recompile).
fn program_wasm<J: JournalTr<State = EvmState>>(
    journal: &mut J,
    code: &[u8],
) -> Result<Vec<u8>, ProgramError>
where
    J::Database: revm::Database<Error = Infallible>,
{
    if !code::is_root(code) {
        return code::classic_wasm(code);
    }
    let root = code::StylusRoot::parse(code)?;
    code::root_wasm(&root, false, |address| {
        let loaded = journal
            .evm_state()
            .get(&address)
            .and_then(|account| account.info.code.as_ref())
            .map(|code| code.original_bytes());
        if let Some(code) = loaded {
            return Ok(code);
        }
        let db = journal.db_mut();
        let info = db.basic(address).unwrap_or_else(|e| never(e));
        Ok(match info {
            Some(info) => match info.code {
                Some(code) => code.original_bytes(),
                None => db
                    .code_by_hash(info.code_hash)
                    .unwrap_or_else(|e| never(e))
                    .original_bytes(),
            },
            None => Bytes::new(),
        })
    })
}

/// Result of a frame that cannot even start (not activated, entry cost unaffordable).
fn halt(result: InstructionResult, inputs: &CallInputs) -> InterpreterResult {
    let mut gas = Gas::new_with_regular_gas_and_reservoir(inputs.gas_limit, inputs.reservoir);
    gas.spend_all();
    InterpreterResult::new(result, Bytes::new(), gas)
}

impl StylusFrame {
    /// Prepares the invocation of the program `code` (classic or root) for `inputs`, or returns the
    /// halt result if it cannot run (inactive program, unaffordable entry cost).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn start<CTX: ContextTr<Journal: JournalTr<Database = CTX::Db, State = EvmState>>>(
        ctx: &mut CTX,
        inputs: &CallInputs,
        code_hash: B256,
        code: &[u8],
        runtime: &Arc<StylusRuntime>,
        pages: &mut PageCounters,
        recent: &mut RecentPrograms,
        reentrant: bool,
    ) -> Result<Self, (InterpreterResult, &'static str)>
    where
        CTX::Db: revm::Database<Error = Infallible>,
    {
        let not_activated = || {
            (
                halt(InstructionResult::OpcodeNotFound, inputs),
                "program not activated",
            )
        };
        let record = crate::arbwasm::active_program(ctx, code_hash).map_err(|_| not_activated())?;
        // Recorded before the entry cost is paid, as nitro does (ArbWasmCache is not modelled).
        let cached = recent.insert(code_hash);
        let program: Arc<LoadedProgram> = runtime
            .load(code_hash, || program_wasm(ctx.journal_mut(), code))
            .map_err(|_| not_activated())?;
        let entry_gas = pricing::entry_gas(
            record.footprint,
            record.init_cost,
            record.cached_init_cost,
            (pages.open, pages.ever),
            cached,
        );
        if entry_gas > inputs.gas_limit {
            return Err((
                halt(InstructionResult::OutOfGas, inputs),
                "out of gas paying the program entry cost",
            ));
        }
        let pages_before = pages.open;
        pages.open = pages.open.saturating_add(record.footprint);
        pages.ever = pages.ever.max(pages.open);

        let block = ctx.block();
        let env = EvmData {
            block_basefee: U256::from(block.basefee()),
            chain_id: ctx.cfg().chain_id(),
            coinbase: block.beneficiary(),
            block_gas_limit: block.gas_limit(),
            block_number: block.number().saturating_to(),
            block_timestamp: block.timestamp().saturating_to(),
            contract_address: inputs.target_address,
            msg_sender: inputs.caller,
            msg_value: inputs.value.get(),
            tx_gas_price: U256::from(block.basefee()),
            tx_origin: ctx.tx().caller(),
            reentrant,
            is_static: inputs.is_static,
        };
        let args = inputs.input.bytes(ctx).to_vec();
        let mut store = Store::new(
            runtime.engine(),
            HostState {
                args,
                env,
                ..HostState::default()
            },
        );
        let instance = runtime
            .linker()
            .instantiate_and_start(&mut store, &program.module)
            .map_err(|_| not_activated())?;
        let memory = instance
            .get_memory(&store, "memory")
            .ok_or_else(not_activated)?;
        let ink = instance
            .get_global(&store, program::INK_LEFT_GLOBAL)
            .ok_or_else(not_activated)?;
        let status = instance
            .get_global(&store, program::INK_STATUS_GLOBAL)
            .ok_or_else(not_activated)?;
        let stack = instance
            .get_global(&store, program::STACK_LEFT_GLOBAL)
            .ok_or_else(not_activated)?;
        let entry = instance
            .get_typed_func::<i32, i32>(&store, program::ENTRYPOINT)
            .map_err(|_| not_activated())?;
        let data = store.data_mut();
        data.memory = Some(memory);
        data.ink_global = Some(ink);
        data.status_global = Some(status);
        data.stack_global = Some(stack);
        let start_ink = pricing::gas_to_ink(inputs.gas_limit - entry_gas);
        host::set_ink(&mut store, start_ink);
        let _ = stack.set(&mut store, Val::I32(pricing::MAX_STACK_DEPTH as i32));
        Ok(Self {
            store,
            entry,
            pending: None,
            resume_with: Vec::new(),
            awaiting: None,
            finished: None,
            started: false,
            gas_limit: inputs.gas_limit,
            reservoir: inputs.reservoir,
            refund: 0,
            pages_before,
            ink_at_start: start_ink,
            child_gas: 0,
        })
    }

    /// Runs the program until it needs a child frame or ends.
    pub(crate) fn drive<CTX: ContextTr<Journal: JournalTr<Database = CTX::Db>>>(
        &mut self,
        ctx: &mut CTX,
        pages: &mut PageCounters,
    ) -> Step
    where
        CTX::Db: revm::Database<Error = Infallible>,
    {
        loop {
            if let Some(outcome) = self.finished {
                return Step::Done(self.finish(outcome, pages));
            }
            let step = if !self.started {
                self.started = true;
                let len = self.store.data().args.len() as i32;
                self.entry.call_resumable(&mut self.store, len)
            } else {
                let Some(trap) = self.pending.take() else {
                    self.finished = Some(UserOutcome::Failure);
                    continue;
                };
                let values = std::mem::take(&mut self.resume_with);
                trap.resume(&mut self.store, &values)
            };
            match step {
                Ok(TypedResumableCall::Finished(status)) => {
                    self.finished = Some(if status == 0 {
                        UserOutcome::Success
                    } else {
                        UserOutcome::Revert
                    });
                }
                Ok(TypedResumableCall::HostTrap(trap)) => {
                    match trap.host_error().downcast_ref::<Escape>() {
                        Some(Escape::Yield) => {
                            let request = self.store.data_mut().request.take();
                            self.pending = Some(trap);
                            if let Some(request) = request {
                                if let Some(child) = self.perform(ctx, pages, request) {
                                    return Step::Child(child);
                                }
                            } else {
                                self.finished = Some(UserOutcome::Failure);
                            }
                        }
                        Some(Escape::Exit(status)) => {
                            self.finished = Some(if *status == 0 {
                                UserOutcome::Success
                            } else {
                                UserOutcome::Revert
                            });
                        }
                        Some(Escape::OutOfInk) => self.finished = Some(UserOutcome::OutOfInk),
                        _ => self.finished = Some(UserOutcome::Failure),
                    }
                }
                Ok(TypedResumableCall::OutOfFuel(_)) => self.finished = Some(UserOutcome::OutOfInk),
                Err(_) => self.finished = Some(self.classify_trap()),
            }
        }
    }

    /// Classifies a wasm trap as nitro does: stack budget first, then the ink flag, else failure.
    fn classify_trap(&self) -> UserOutcome {
        let ink_status = self
            .store
            .data()
            .status_global
            .and_then(|g| g.get(&self.store).i32());
        if self.stack_left() == Some(0) {
            return UserOutcome::OutOfStack;
        }
        if ink_status == Some(1) {
            return UserOutcome::OutOfInk;
        }
        UserOutcome::Failure
    }

    /// Current value of the injected stack-budget global (0 after a depth trap).
    fn stack_left(&self) -> Option<i32> {
        self.store
            .data()
            .stack_global
            .and_then(|g| g.get(&self.store).i32())
    }

    /// Performs a parked request. Returns a child frame to run, or `None` to resume at once.
    fn perform<CTX: ContextTr<Journal: JournalTr<Database = CTX::Db>>>(
        &mut self,
        ctx: &mut CTX,
        pages: &mut PageCounters,
        request: EvmRequest,
    ) -> Option<FrameInput>
    where
        CTX::Db: revm::Database<Error = Infallible>,
    {
        let this = self.store.data().env.contract_address;
        let result: Result<Vec<Val>, wasmi::Error> = match request {
            EvmRequest::StorageLoad { key, dest } => (|| {
                let load = ctx
                    .journal_mut()
                    .sload(this, key.into())
                    .unwrap_or_else(|e| never(e));
                let fee = pricing::storage_read_fee(self.store.data().loads);
                let gas = if load.is_cold { 2_100 } else { 100 }
                    + fee
                    + pricing::ink_to_gas(pricing::EVM_API_INK);
                host::buy_gas(&mut self.store, gas)?;
                let value = B256::from(load.data);
                self.store.data_mut().storage.insert(
                    key,
                    CacheSlot {
                        value,
                        known: Some(value),
                    },
                );
                host::write_bytes(&mut self.store, dest, value.as_slice())?;
                Ok(Vec::new())
            })(),
            EvmRequest::Flush { clear } => (|| {
                let mut dirty: Vec<(B256, B256)> = self
                    .store
                    .data()
                    .storage
                    .iter()
                    .filter(|(_, slot)| slot.is_dirty())
                    .map(|(key, slot)| (*key, slot.value))
                    .collect();
                // Nitro iterates a hash map; sorting keeps the devnet deterministic.
                dirty.sort();
                for (key, value) in dirty {
                    let store = ctx
                        .journal_mut()
                        .sstore(this, key.into(), value.into())
                        .unwrap_or_else(|e| never(e));
                    let (gas, refund) = sstore_gas_and_refund(
                        store.is_cold,
                        store.data.original_value,
                        store.data.present_value,
                        store.data.new_value,
                    );
                    host::buy_gas(&mut self.store, gas)?;
                    self.refund += refund;
                    if let Some(slot) = self.store.data_mut().storage.get_mut(&key) {
                        slot.known = Some(value);
                    }
                }
                if clear {
                    self.store.data_mut().storage.clear();
                }
                Ok(Vec::new())
            })(),
            EvmRequest::TransientLoad { key, dest } => {
                let value = ctx.journal_mut().tload(this, key.into());
                host::write_bytes(&mut self.store, dest, &value.to_be_bytes::<32>())
                    .map(|()| Vec::new())
            }
            EvmRequest::TransientStore { key, value } => {
                ctx.journal_mut().tstore(this, key.into(), value.into());
                Ok(Vec::new())
            }
            EvmRequest::Log { topics, data } => {
                ctx.journal_mut().log(Log {
                    address: this,
                    data: LogData::new_unchecked(topics, data),
                });
                Ok(Vec::new())
            }
            EvmRequest::Balance { address, dest } => (|| {
                let account = ctx
                    .journal_mut()
                    .load_account(address)
                    .unwrap_or_else(|e| never(e));
                let (balance, cold) = (account.data.info.balance, account.is_cold);
                host::buy_gas(&mut self.store, if cold { 2_600 } else { 100 })?;
                host::write_bytes(&mut self.store, dest, &balance.to_be_bytes::<32>())?;
                Ok(Vec::new())
            })(),
            EvmRequest::CodeHash { address, dest } => (|| {
                let hash = ctx
                    .journal_mut()
                    .code_hash(address)
                    .unwrap_or_else(|e| never(e));
                host::buy_gas(&mut self.store, if hash.is_cold { 2_600 } else { 100 })?;
                host::write_bytes(&mut self.store, dest, hash.data.as_slice())?;
                Ok(Vec::new())
            })(),
            EvmRequest::CodeSize { address } => (|| {
                let code = self.load_code(ctx, address)?;
                Ok(vec![Val::I32(code.len() as i32)])
            })(),
            EvmRequest::Code {
                address,
                offset,
                size,
                dest,
            } => (|| {
                let code = self.load_code(ctx, address)?;
                let written = host::copy_code(&mut self.store, &code, offset, size, dest)?;
                Ok(vec![Val::I32(written as i32)])
            })(),
            EvmRequest::MemoryGrow { pages: new } => (|| {
                let gas = pricing::memory_gas(new, pages.open, pages.ever);
                host::buy_gas(&mut self.store, gas)?;
                pages.open = pages.open.saturating_add(new);
                pages.ever = pages.ever.max(pages.open);
                Ok(Vec::new())
            })(),
            EvmRequest::Call {
                kind,
                target,
                input,
                value,
                gas,
                ret_len_out,
            } => {
                return self.start_call(ctx, kind, target, input, value, gas, ret_len_out);
            }
            EvmRequest::Create {
                code,
                endowment,
                salt,
                addr_out,
                revert_len_out,
            } => {
                return self.start_create(code, endowment, salt, addr_out, revert_len_out);
            }
        };
        match result {
            Ok(values) => self.resume_with = values,
            Err(error) => {
                self.finished = Some(match error.downcast_ref::<Escape>() {
                    Some(Escape::OutOfInk) => UserOutcome::OutOfInk,
                    _ => UserOutcome::Failure,
                });
            }
        }
        None
    }

    /// Loads `address`'s code for `account_code*`, charging 700 + warm/cold and caching it.
    fn load_code<CTX: ContextTr<Journal: JournalTr<Database = CTX::Db>>>(
        &mut self,
        ctx: &mut CTX,
        address: Address,
    ) -> Result<Bytes, wasmi::Error>
    where
        CTX::Db: revm::Database<Error = Infallible>,
    {
        let code = ctx.journal_mut().code(address).unwrap_or_else(|e| never(e));
        host::buy_gas(
            &mut self.store,
            700 + if code.is_cold { 2_600 } else { 100 },
        )?;
        if !code.data.is_empty() {
            self.store.data_mut().last_code = Some((address, code.data.clone()));
        }
        Ok(code.data)
    }

    /// Charges a call's base and forwarded gas (§5.6, 63/64 rule, stipend) and builds the child
    /// frame, or completes it at once with status 2 when the base is unaffordable or value is sent
    /// from a static context.
    #[allow(clippy::too_many_arguments)]
    fn start_call<CTX: ContextTr<Journal: JournalTr<Database = CTX::Db>>>(
        &mut self,
        ctx: &mut CTX,
        kind: CallKind,
        target: Address,
        input: Bytes,
        value: U256,
        requested_gas: u64,
        ret_len_out: u32,
    ) -> Option<FrameInput>
    where
        CTX::Db: revm::Database<Error = Infallible>,
    {
        let env = self.store.data().env.clone();
        let account = ctx
            .journal_mut()
            .load_account_with_code(target)
            .unwrap_or_else(|e| never(e));
        let cold = account.is_cold;
        let empty = account.data.is_empty();
        let code = account.data.info.code.clone().unwrap_or_default();
        let code_hash = account.data.info.code_hash;
        let transfers = kind == CallKind::Call && !value.is_zero();
        let mut base = 100 + if cold { 2_500 } else { 0 };
        if transfers {
            base += 9_000;
            if empty {
                base += 25_000;
            }
        }
        let gas_left = pricing::ink_to_gas(host::ink_left(&self.store));
        if base > gas_left || (transfers && env.is_static) {
            // Nitro charges everything left and reports status 2.
            let charge = if base > gas_left { gas_left } else { base };
            let _ = host::buy_gas(&mut self.store, charge);
            self.store.data_mut().return_data.clear();
            self.complete_call_status(ret_len_out, 2);
            return None;
        }
        let available = gas_left - base;
        let available = available - available / 64;
        let given = requested_gas.min(available);
        // Overflow not possible: base + given <= gas_left.
        let _ = host::buy_gas(&mut self.store, base + given);
        self.exclude_forwarded(given);
        let stipend = if transfers { 2_300 } else { 0 };
        let (target_address, caller, call_value, scheme, is_static) = match kind {
            CallKind::Call => (
                target,
                env.contract_address,
                CallValue::Transfer(value),
                CallScheme::Call,
                env.is_static,
            ),
            CallKind::Delegate => (
                env.contract_address,
                env.msg_sender,
                CallValue::Apparent(env.msg_value),
                CallScheme::DelegateCall,
                env.is_static,
            ),
            CallKind::Static => (
                target,
                env.contract_address,
                CallValue::Transfer(U256::ZERO),
                CallScheme::StaticCall,
                true,
            ),
        };
        self.awaiting = Some(Awaiting::Call { ret_len_out });
        Some(FrameInput::Call(Box::new(CallInputs {
            input: CallInput::Bytes(input),
            return_memory_offset: 0..0,
            gas_limit: given + stipend,
            reservoir: 0,
            bytecode_address: target,
            known_bytecode: (
                code_hash,
                if code.is_empty() {
                    Bytecode::default()
                } else {
                    code
                },
            ),
            target_address,
            caller,
            value: call_value,
            scheme,
            is_static,
            charged_new_account_state_gas: false,
        })))
    }

    /// Charges CREATE/CREATE2 (32 000, +6/word for create2), withholds 1/64 and builds the child
    /// frame with the rest; fails the program when even the base is unaffordable.
    fn start_create(
        &mut self,
        code: Bytes,
        endowment: U256,
        salt: Option<B256>,
        addr_out: u32,
        revert_len_out: u32,
    ) -> Option<FrameInput> {
        let mut base = 32_000;
        if salt.is_some() {
            base += 6 * (code.len() as u64).div_ceil(32);
        }
        let gas_left = pricing::ink_to_gas(host::ink_left(&self.store));
        if gas_left < base {
            // The create cannot start: the whole program fails (nitro's Failure, gas kept).
            self.finished = Some(UserOutcome::Failure);
            return None;
        }
        let remaining = gas_left - base;
        let withheld = remaining / 64;
        let given = remaining - withheld;
        let _ = host::buy_gas(&mut self.store, base + given);
        self.exclude_forwarded(given);
        let scheme = match salt {
            Some(salt) => CreateScheme::Create2 { salt: salt.into() },
            None => CreateScheme::Create,
        };
        self.awaiting = Some(Awaiting::Create {
            addr_out,
            revert_len_out,
            withheld_gas: withheld,
        });
        let caller = self.store.data().env.contract_address;
        Some(FrameInput::Create(Box::new(CreateInputs::new(
            caller, scheme, endowment, code, given, 0,
        ))))
    }

    /// Writes the return-data length to `ret_len_out` and resumes the call hostio with `status`.
    fn complete_call_status(&mut self, ret_len_out: u32, status: u32) {
        let len = self.store.data().return_data.len() as u32;
        match host::write_u32(&mut self.store, ret_len_out, len) {
            Ok(()) => self.resume_with = vec![Val::I32(status as i32)],
            Err(_) => self.finished = Some(UserOutcome::Failure),
        }
    }

    /// Receives the result of the child frame started by the last call or create.
    pub(crate) fn deliver(&mut self, result: FrameResult) {
        let Some(awaiting) = self.awaiting.take() else {
            self.finished = Some(UserOutcome::Failure);
            return;
        };
        match (awaiting, result) {
            (Awaiting::Call { ret_len_out }, FrameResult::Call(outcome)) => {
                self.child_gas += outcome.result.gas.total_gas_spent();
                let returned = outcome.result.gas.remaining();
                let ink = host::ink_left(&self.store).saturating_add(pricing::gas_to_ink(returned));
                host::set_ink(&mut self.store, ink);
                let ok = outcome.result.result.is_ok();
                if ok {
                    self.refund += outcome.result.gas.refunded();
                }
                let data = if outcome.result.result.is_ok_or_revert() {
                    outcome.result.output.to_vec()
                } else {
                    Vec::new()
                };
                self.store.data_mut().return_data = data;
                self.complete_call_status(ret_len_out, if ok { 0 } else { 2 });
            }
            (
                Awaiting::Create {
                    addr_out,
                    revert_len_out,
                    withheld_gas,
                },
                FrameResult::Create(outcome),
            ) => {
                self.child_gas += outcome.result.gas.total_gas_spent();
                let returned = outcome.result.gas.remaining();
                let ink = host::ink_left(&self.store)
                    .saturating_add(pricing::gas_to_ink(returned + withheld_gas));
                host::set_ink(&mut self.store, ink);
                let ok = outcome.result.result.is_ok();
                if ok {
                    self.refund += outcome.result.gas.refunded();
                }
                let address = if ok {
                    outcome.address.unwrap_or_default()
                } else {
                    Address::ZERO
                };
                let revert = if outcome.result.result == InstructionResult::Revert {
                    outcome.result.output.to_vec()
                } else {
                    Vec::new()
                };
                let len = revert.len() as u32;
                self.store.data_mut().return_data = revert;
                let written = host::write_bytes(&mut self.store, addr_out, address.as_slice())
                    .and_then(|()| host::write_u32(&mut self.store, revert_len_out, len));
                match written {
                    Ok(()) => self.resume_with = Vec::new(),
                    Err(_) => self.finished = Some(UserOutcome::Failure),
                }
            }
            _ => self.finished = Some(UserOutcome::Failure),
        }
    }

    /// Converts the outcome to a revm result: ink back to gas, return-data surcharge, status mapping.
    fn finish(&mut self, outcome: UserOutcome, pages: &mut PageCounters) -> InterpreterResult {
        pages.open = self.pages_before;
        let mut gas = Gas::new_with_regular_gas_and_reservoir(self.gas_limit, self.reservoir);
        let output = match outcome {
            UserOutcome::Success | UserOutcome::Revert => {
                Bytes::from(std::mem::take(&mut self.store.data_mut().output))
            }
            _ => Bytes::new(),
        };
        let mut gas_left = pricing::ink_to_gas(host::ink_left(&self.store));
        let result = match outcome {
            UserOutcome::Success => InstructionResult::Return,
            UserOutcome::Revert | UserOutcome::Failure => InstructionResult::Revert,
            UserOutcome::OutOfInk => InstructionResult::OutOfGas,
            UserOutcome::OutOfStack => InstructionResult::StackOverflow,
        };
        if matches!(outcome, UserOutcome::OutOfInk | UserOutcome::OutOfStack) {
            gas.spend_all();
            return InterpreterResult::new(result, Bytes::new(), gas);
        }
        if !output.is_empty() {
            let cost = pricing::evm_memory_gas(output.len() as u64);
            if self.gas_limit < cost {
                gas.spend_all();
                return InterpreterResult::new(InstructionResult::OutOfGas, Bytes::new(), gas);
            }
            gas_left = gas_left.min(self.gas_limit - cost);
        }
        gas.set_remaining(gas_left.min(self.gas_limit));
        gas.set_spent(self.gas_limit - gas.remaining());
        if outcome == UserOutcome::Success {
            gas.record_refund(self.refund);
        }
        InterpreterResult::new(result, output, gas)
    }

    /// Removes gas forwarded to a child frame from the hostio-gas statistic (it is the child's).
    fn exclude_forwarded(&mut self, given: u64) {
        let state = self.store.data_mut();
        state.hostio_gas = state.hostio_gas.saturating_sub(given);
    }

    /// Gas the program's hostios charged, forwarded gas excluded (statistics).
    pub(crate) fn hostio_gas(&self) -> u64 {
        self.store.data().hostio_gas
    }

    /// Ink used so far by the program itself: excluding the entry cost and the gas its child frames spent
    /// (they count as their own frames).
    pub(crate) fn ink_used(&self) -> u64 {
        self.ink_at_start
            .saturating_sub(host::ink_left(&self.store))
            .saturating_sub(pricing::gas_to_ink(self.child_gas))
    }
}

/// SSTORE gas and refund for one flushed slot under EIP-2200/2929/3529.
pub(crate) fn sstore_gas_and_refund(
    cold: bool,
    original: U256,
    present: U256,
    new: U256,
) -> (u64, i64) {
    let mut gas = if cold { 2_100 } else { 0 };
    let mut refund = 0i64;
    if present == new {
        gas += 100;
    } else if original == present {
        if original.is_zero() {
            gas += 20_000;
        } else {
            gas += 2_900;
            if new.is_zero() {
                refund += 4_800;
            }
        }
    } else {
        gas += 100;
        if !original.is_zero() {
            if present.is_zero() {
                refund -= 4_800;
            } else if new.is_zero() {
                refund += 4_800;
            }
        }
        if original == new {
            refund += if original.is_zero() { 19_900 } else { 2_800 };
        }
    }
    (gas, refund)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sstore_costs_follow_eip_2200_2929_3529() {
        let (z, one, two) = (U256::ZERO, U256::from(1), U256::from(2));
        assert_eq!(sstore_gas_and_refund(true, z, z, one), (22_100, 0));
        assert_eq!(sstore_gas_and_refund(false, one, one, two), (2_900, 0));
        assert_eq!(sstore_gas_and_refund(false, one, one, z), (2_900, 4_800));
        assert_eq!(sstore_gas_and_refund(false, one, one, one), (100, 0));
        assert_eq!(sstore_gas_and_refund(false, z, one, z), (100, 19_900));
        assert_eq!(
            sstore_gas_and_refund(false, one, z, one),
            (100, -4_800 + 2_800)
        );
    }
}
