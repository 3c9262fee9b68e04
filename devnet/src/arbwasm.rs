//! The ArbWasm precompile at `0x…71` (facts §8, §10): program activation with its data fee and
//! events, and the read methods `cargo stylus` and the StylusDeployer use.
//!
//! Activation records live in the storage of the precompile's own account, keyed by code hash, so
//! they are journaled with the rest of the state: a reverted activation, a snapshot revert or an
//! `eth_call` leave no trace, exactly like other state.

use std::{convert::Infallible, sync::Arc};

use alloy_primitives::{address, keccak256, Address, Bytes, B256, U256};
use alloy_sol_types::{sol, SolCall, SolError, SolEvent};
use revm::{
    context::{Block, ContextTr, JournalTr, LocalContextTr},
    interpreter::{CallInputs, Gas, InstructionResult, InterpreterResult},
    primitives::Log,
};

use crate::{
    error::ProgramError,
    stylus::{code, pricing, StylusRuntime},
};

/// Address of the ArbWasm precompile.
pub const ARBWASM_ADDRESS: Address = address!("0000000000000000000000000000000000000071");

/// Gas charged by the read methods (flat; nitro charges per storage read and copied word).
pub const VIEW_GAS: u64 = 800;

sol! {
    /// ArbWasm's interface (nitro-precompile-interfaces `ArbWasm.sol`).
    #[allow(missing_docs)]
    interface ArbWasm {
        function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
        function codehashKeepalive(bytes32 codehash) external payable;
        function stylusVersion() external view returns (uint16 version);
        function codehashVersion(bytes32 codehash) external view returns (uint16 version);
        function codehashAsmSize(bytes32 codehash) external view returns (uint32 size);
        function programVersion(address program) external view returns (uint16 version);
        function programInitGas(address program) external view returns (uint64 gas, uint64 gasWhenCached);
        function programMemoryFootprint(address program) external view returns (uint16 footprint);
        function programTimeLeft(address program) external view returns (uint64 _secs);
        function inkPrice() external view returns (uint32 price);
        function maxStackDepth() external view returns (uint32 depth);
        function freePages() external view returns (uint16 pages);
        function pageGas() external view returns (uint16 gas);
        function pageRamp() external view returns (uint64 ramp);
        function pageLimit() external view returns (uint16 limit);
        function minInitGas() external view returns (uint64 gas, uint64 cached);
        function initCostScalar() external view returns (uint64 percent);
        function expiryDays() external view returns (uint16 _days);
        function keepaliveDays() external view returns (uint16 _days);
        function blockCacheSize() external view returns (uint16 count);
        function activationGas() external view returns (uint64 gas);

        event ProgramActivated(bytes32 indexed codehash, bytes32 moduleHash, address program, uint256 dataFee, uint16 version);
        event ProgramLifetimeExtended(bytes32 indexed codehash, uint256 dataFee);

        error ProgramNotWasm();
        error ProgramNotActivated();
        error ProgramNeedsUpgrade(uint16 version, uint16 stylusVersion);
        error ProgramExpired(uint64 ageInSeconds);
        error ProgramUpToDate();
        error ProgramKeepaliveTooSoon(uint64 ageInSeconds);
        error ProgramInsufficientValue(uint256 have, uint256 want);
    }
}

/// Activation record of a code hash, packed into one storage word of the ArbWasm account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProgramRecord {
    /// Stylus version it was activated at.
    pub version: u16,
    /// Init cost.
    pub init_cost: u16,
    /// Cached init cost.
    pub cached_init_cost: u16,
    /// Initial pages.
    pub footprint: u16,
    /// Native code estimate in KiB (rounded up).
    pub asm_estimate_kib: u32,
    /// Activation (or last keepalive) timestamp.
    pub activated_at: u64,
}

const EXPIRY_SECS: u64 = pricing::EXPIRY_DAYS as u64 * 86_400;
const KEEPALIVE_SECS: u64 = pricing::KEEPALIVE_DAYS as u64 * 86_400;

/// Data pricer state slot (`demand` and last update time).
fn pricer_slot() -> U256 {
    U256::from_be_bytes(keccak256("ballast.arbwasm.data-pricer").0)
}

impl ProgramRecord {
    /// Packs the record big-endian: version, init cost, cached cost, footprint, asm KiB, time.
    fn pack(&self) -> U256 {
        let mut word = [0u8; 32];
        word[0..2].copy_from_slice(&self.version.to_be_bytes());
        word[2..4].copy_from_slice(&self.init_cost.to_be_bytes());
        word[4..6].copy_from_slice(&self.cached_init_cost.to_be_bytes());
        word[6..8].copy_from_slice(&self.footprint.to_be_bytes());
        word[8..12].copy_from_slice(&self.asm_estimate_kib.to_be_bytes());
        word[12..20].copy_from_slice(&self.activated_at.to_be_bytes());
        U256::from_be_bytes(word)
    }

    /// Inverse of `pack`; the zero word means "no record".
    fn unpack(value: U256) -> Option<Self> {
        if value.is_zero() {
            return None;
        }
        let w = value.to_be_bytes::<32>();
        let u16_at = |i: usize| u16::from_be_bytes([w[i], w[i + 1]]);
        Some(Self {
            version: u16_at(0),
            init_cost: u16_at(2),
            cached_init_cost: u16_at(4),
            footprint: u16_at(6),
            asm_estimate_kib: u32::from_be_bytes([w[8], w[9], w[10], w[11]]),
            activated_at: u64::from_be_bytes(w[12..20].try_into().expect("should be 8 bytes")),
        })
    }

    /// Seconds since activation at `now`.
    pub fn age(&self, now: u64) -> u64 {
        now.saturating_sub(self.activated_at)
    }

    /// `(initGas, cachedGas)` a call pays (before memory), as `programInitGas` reports them.
    pub fn init_gas(&self) -> (u64, u64) {
        (
            pricing::init_gas(self.init_cost),
            pricing::cached_gas(self.cached_init_cost),
        )
    }
}

/// Unwraps the infallible in-memory database error.
fn never(e: Infallible) -> ! {
    match e {}
}

/// Loads the precompile account so its storage can be read and written.
fn load_self<CTX: ContextTr>(ctx: &mut CTX)
where
    CTX::Db: revm::Database<Error = Infallible>,
{
    ctx.journal_mut()
        .load_account(ARBWASM_ADDRESS)
        .unwrap_or_else(|e| never(e));
}

/// The activation record of `code_hash`, if any (whatever its version or age).
pub fn program_record<CTX: ContextTr>(ctx: &mut CTX, code_hash: B256) -> Option<ProgramRecord>
where
    CTX::Db: revm::Database<Error = Infallible>,
{
    load_self(ctx);
    let value = ctx
        .journal_mut()
        .sload(ARBWASM_ADDRESS, code_hash.into())
        .unwrap_or_else(|e| never(e))
        .data;
    ProgramRecord::unpack(value)
}

/// The record of an active, current, unexpired program, or the ArbWasm error explaining why not.
pub fn active_program<CTX: ContextTr>(
    ctx: &mut CTX,
    code_hash: B256,
) -> Result<ProgramRecord, Bytes>
where
    CTX::Db: revm::Database<Error = Infallible>,
{
    let now: u64 = ctx.block().timestamp().saturating_to();
    let Some(record) = program_record(ctx, code_hash) else {
        return Err(ArbWasm::ProgramNotActivated {}.abi_encode().into());
    };
    if record.version != pricing::STYLUS_VERSION {
        return Err(ArbWasm::ProgramNeedsUpgrade {
            version: record.version,
            stylusVersion: pricing::STYLUS_VERSION,
        }
        .abi_encode()
        .into());
    }
    if record.age(now) > EXPIRY_SECS {
        return Err(ArbWasm::ProgramExpired {
            ageInSeconds: record.age(now),
        }
        .abi_encode()
        .into());
    }
    Ok(record)
}

/// `approx_exp_bips`: e^(x/10000)·10000 by a Horner-form Taylor series of `terms` terms (arbmath).
fn approx_exp_bips(x: u64, terms: u64) -> u64 {
    const ONE: u64 = 10_000;
    let mut result = ONE + x / terms;
    for i in (1..terms).rev() {
        result = ONE + result.saturating_mul(x) / (i * ONE);
    }
    result
}

/// Updates the data pricer with `bytes` of new programs at `now` and returns the fee in wei.
fn data_fee<CTX: ContextTr>(ctx: &mut CTX, bytes: u64, now: u64) -> U256
where
    CTX::Db: revm::Database<Error = Infallible>,
{
    const MIN_PRICE_WEI: u64 = 82_928_201;
    const INERTIA: u64 = 21_360_419;
    const BYTES_PER_SECOND: u64 = (1u64 << 40) / 8_760 / 3_600;
    let state = ctx
        .journal_mut()
        .sload(ARBWASM_ADDRESS, pricer_slot())
        .unwrap_or_else(|e| never(e))
        .data;
    let w = state.to_be_bytes::<32>();
    let demand = u64::from_be_bytes(w[16..24].try_into().expect("should be 8 bytes"));
    let last = u64::from_be_bytes(w[24..32].try_into().expect("should be 8 bytes"));
    let elapsed = now.saturating_sub(last);
    let demand = demand
        .saturating_sub(BYTES_PER_SECOND.saturating_mul(elapsed))
        .saturating_add(bytes);
    let mut next = [0u8; 32];
    next[16..24].copy_from_slice(&demand.to_be_bytes());
    next[24..32].copy_from_slice(&now.to_be_bytes());
    ctx.journal_mut()
        .sstore(ARBWASM_ADDRESS, pricer_slot(), U256::from_be_bytes(next))
        .unwrap_or_else(|e| never(e));
    let multiplier = approx_exp_bips(demand.saturating_mul(10_000) / INERTIA, 12);
    let price = U256::from(MIN_PRICE_WEI) * U256::from(multiplier) / U256::from(10_000);
    price * U256::from(bytes)
}

/// A reverting precompile result with `data` (gas kept).
fn revert(gas: Gas, data: impl Into<Bytes>) -> InterpreterResult {
    InterpreterResult::new(InstructionResult::Revert, data.into(), gas)
}

/// A successful precompile result.
fn ok(gas: Gas, data: Vec<u8>) -> InterpreterResult {
    InterpreterResult::new(InstructionResult::Return, data.into(), gas)
}

/// A precompile out-of-gas result (all gas consumed).
fn out_of_gas(mut gas: Gas) -> InterpreterResult {
    gas.spend_all();
    InterpreterResult::new(InstructionResult::PrecompileOOG, Bytes::new(), gas)
}

/// Executes a call to ArbWasm.
pub fn run<CTX: ContextTr>(
    ctx: &mut CTX,
    inputs: &CallInputs,
    runtime: &Arc<StylusRuntime>,
) -> InterpreterResult
where
    CTX::Db: revm::Database<Error = Infallible>,
{
    let mut gas = Gas::new(inputs.gas_limit);
    let input = inputs.input.bytes(ctx);
    let now: u64 = ctx.block().timestamp().saturating_to();
    if input.len() < 4 {
        return revert(gas, Bytes::new());
    }
    let selector: [u8; 4] = input[..4].try_into().expect("should be 4 bytes");
    if selector == ArbWasm::activateProgramCall::SELECTOR {
        let Ok(call) = ArbWasm::activateProgramCall::abi_decode(&input) else {
            return revert(gas, Bytes::new());
        };
        return activate(ctx, inputs, gas, call.program, now, runtime);
    }
    if selector == ArbWasm::codehashKeepaliveCall::SELECTOR {
        let Ok(call) = ArbWasm::codehashKeepaliveCall::abi_decode(&input) else {
            return revert(gas, Bytes::new());
        };
        return keepalive(ctx, inputs, gas, call.codehash, now);
    }
    if !gas.record_regular_cost(VIEW_GAS) {
        return out_of_gas(gas);
    }
    macro_rules! view {
        ($call:ty, $body:expr) => {
            if selector == <$call>::SELECTOR {
                let Ok(call) = <$call>::abi_decode(&input) else {
                    return revert(gas, Bytes::new());
                };
                let result: Result<_, Bytes> = $body(call);
                return match result {
                    Ok(ret) => ok(gas, <$call>::abi_encode_returns(&ret)),
                    Err(data) => revert(gas, data),
                };
            }
        };
    }
    let code_hash_of = |ctx: &mut CTX, program: Address| -> B256 {
        ctx.journal_mut()
            .code_hash(program)
            .unwrap_or_else(|e| never(e))
            .data
    };
    view!(ArbWasm::stylusVersionCall, |_| Ok(pricing::STYLUS_VERSION));
    view!(ArbWasm::inkPriceCall, |_| Ok(pricing::INK_PRICE as u32));
    view!(ArbWasm::maxStackDepthCall, |_| Ok(pricing::MAX_STACK_DEPTH));
    view!(ArbWasm::freePagesCall, |_| Ok(pricing::FREE_PAGES));
    view!(ArbWasm::pageGasCall, |_| Ok(pricing::PAGE_GAS as u16));
    view!(ArbWasm::pageRampCall, |_| Ok(pricing::PAGE_RAMP));
    view!(ArbWasm::pageLimitCall, |_| Ok(pricing::PAGE_LIMIT));
    view!(
        ArbWasm::initCostScalarCall,
        |_| Ok(pricing::COST_SCALAR * 2)
    );
    view!(ArbWasm::expiryDaysCall, |_| Ok(pricing::EXPIRY_DAYS));
    view!(ArbWasm::keepaliveDaysCall, |_| Ok(pricing::KEEPALIVE_DAYS));
    view!(ArbWasm::blockCacheSizeCall, |_| Ok(
        pricing::BLOCK_CACHE_SIZE
    ));
    view!(ArbWasm::activationGasCall, |_| Ok(pricing::ACTIVATION_GAS));
    view!(ArbWasm::minInitGasCall, |_| Ok(ArbWasm::minInitGasReturn {
        gas: pricing::MIN_INIT_GAS * 128,
        cached: pricing::MIN_CACHED_INIT_GAS * 32,
    }));
    view!(
        ArbWasm::codehashVersionCall,
        |call: ArbWasm::codehashVersionCall| active_program(ctx, call.codehash).map(|r| r.version)
    );
    view!(
        ArbWasm::codehashAsmSizeCall,
        |call: ArbWasm::codehashAsmSizeCall| active_program(ctx, call.codehash)
            .map(|r| r.asm_estimate_kib.saturating_mul(1024))
    );
    view!(
        ArbWasm::programVersionCall,
        |call: ArbWasm::programVersionCall| {
            let hash = code_hash_of(ctx, call.program);
            active_program(ctx, hash).map(|r| r.version)
        }
    );
    view!(
        ArbWasm::programInitGasCall,
        |call: ArbWasm::programInitGasCall| {
            let hash = code_hash_of(ctx, call.program);
            active_program(ctx, hash).map(|r| {
                let (init, cached) = r.init_gas();
                ArbWasm::programInitGasReturn {
                    gas: init + cached,
                    gasWhenCached: cached,
                }
            })
        }
    );
    view!(
        ArbWasm::programMemoryFootprintCall,
        |call: ArbWasm::programMemoryFootprintCall| {
            let hash = code_hash_of(ctx, call.program);
            active_program(ctx, hash).map(|r| r.footprint)
        }
    );
    view!(
        ArbWasm::programTimeLeftCall,
        |call: ArbWasm::programTimeLeftCall| {
            let hash = code_hash_of(ctx, call.program);
            active_program(ctx, hash).map(|r| EXPIRY_SECS.saturating_sub(r.age(now)))
        }
    );
    revert(gas, Bytes::new())
}

/// Refunds `value − fee` to the caller and pays `fee` to the block's beneficiary.
fn settle_fee<CTX: ContextTr>(ctx: &mut CTX, inputs: &CallInputs, fee: U256)
where
    CTX::Db: revm::Database<Error = Infallible>,
{
    let value = inputs.value.get();
    let beneficiary = ctx.block().beneficiary();
    let journal = ctx.journal_mut();
    let _ = journal
        .transfer(ARBWASM_ADDRESS, beneficiary, fee)
        .unwrap_or_else(|e| never(e));
    let _ = journal
        .transfer(ARBWASM_ADDRESS, inputs.caller, value - fee)
        .unwrap_or_else(|e| never(e));
}

/// Gas of ArbOS bookkeeping in `activateProgram` before the work (nitro `ArbWasm.ActivateProgram`,
/// `Programs.ActivateProgram`): the argument word (3), opening the ArbOS state (800), reading
/// `ActivationGas` (800), the Stylus parameters (100) and the program's record (800).
const ACTIVATION_READS_GAS: u64 = 3 + 800 + 800 + 100 + 800;
/// Gas of ArbOS bookkeeping after a successful compile: module hash (20 000), the data pricer's five
/// reads and two writes (4 000 + 40 000) and the program record (20 000).
const ACTIVATION_WRITES_GAS: u64 = 20_000 + 5 * 800 + 2 * 20_000 + 20_000;
/// Gas of paying the fee and reporting: reading the network fee account (800), the
/// `ProgramActivated` log (375 + 2 topics × 375 + 128 data bytes × 8) and the two result words (6).
const ACTIVATION_FINISH_GAS: u64 = 800 + 375 + 2 * 375 + 128 * 8 + 6;

/// Why an activation stops before the program is compiled.
enum WasmFailure {
    /// A reason nitro reports as a plain error (a malformed root, a limit, a missing fragment, a
    /// stream that does not decompress as declared): the call reverts with empty data, gas kept.
    Invalid,
    /// The code is not a program at all: `ProgramNotWasm`.
    NotWasm,
    /// Reading a fragment was unaffordable: all gas is burned.
    OutOfGas,
}

impl From<ProgramError> for WasmFailure {
    fn from(_: ProgramError) -> Self {
        Self::Invalid
    }
}

/// The wasm to activate from `code` at `program` (nitro `getWasmFromContractCode` with a fragment
/// charger): classic code is decompressed; a root's fragments are each charged
/// [`code::fragment_read_gas`] (after checking that a fragment of `MaxCodeSize` bytes would be
/// affordable), joined and decompressed within the activation limits.
fn activation_wasm<CTX: ContextTr>(
    ctx: &mut CTX,
    gas: &mut Gas,
    code: &[u8],
) -> Result<Vec<u8>, WasmFailure>
where
    CTX::Db: revm::Database<Error = Infallible>,
{
    if code::is_classic(code) {
        return Ok(code::classic_wasm(code)?);
    }
    if code::is_fragment(code) {
        return Err(ProgramError::FragmentActivation.into());
    }
    if !code::is_root(code) {
        return Err(WasmFailure::NotWasm);
    }
    let root = code::StylusRoot::parse(code)?;
    code::root_wasm(&root, true, |address| {
        let loaded = ctx.journal_mut().code(address).unwrap_or_else(|e| never(e));
        let most = code::fragment_read_gas(loaded.is_cold, pricing::MAX_CODE_SIZE);
        if gas.remaining() < most {
            return Err(WasmFailure::OutOfGas);
        }
        let cost = code::fragment_read_gas(loaded.is_cold, loaded.data.len());
        if !gas.record_regular_cost(cost) {
            return Err(WasmFailure::OutOfGas);
        }
        Ok(loaded.data)
    })
}

/// `activateProgram` (§8): bookkeeping, fixed and per-module activation gas, the wasm (a root's
/// fragments charged per read), validation, data fee with refund of the excess, record,
/// `ProgramActivated` event. Invalid code reverts with empty data keeping the gas left; a module
/// that fails validation burns all gas.
fn activate<CTX: ContextTr>(
    ctx: &mut CTX,
    inputs: &CallInputs,
    mut gas: Gas,
    program: Address,
    now: u64,
    runtime: &Arc<StylusRuntime>,
) -> InterpreterResult
where
    CTX::Db: revm::Database<Error = Infallible>,
{
    if inputs.is_static {
        return revert(gas, Bytes::new());
    }
    if !gas.record_regular_cost(
        ACTIVATION_READS_GAS + pricing::ACTIVATION_GAS + pricing::ACTIVATION_FIXED_GAS,
    ) {
        return out_of_gas(gas);
    }
    let code_hash = ctx
        .journal_mut()
        .code_hash(program)
        .unwrap_or_else(|e| never(e))
        .data;
    if active_program(ctx, code_hash).is_ok() {
        return revert(gas, ArbWasm::ProgramUpToDate {}.abi_encode());
    }
    let code = ctx
        .journal_mut()
        .code(program)
        .unwrap_or_else(|e| never(e))
        .data;
    let wasm = match activation_wasm(ctx, &mut gas, &code) {
        Ok(wasm) => wasm,
        // Nitro reports these as plain errors: the precompile reverts without data.
        Err(WasmFailure::Invalid) => return revert(gas, Bytes::new()),
        Err(WasmFailure::NotWasm) => {
            return revert(gas, ArbWasm::ProgramNotWasm {}.abi_encode());
        }
        Err(WasmFailure::OutOfGas) => return out_of_gas(gas),
    };
    let loaded = match runtime.compile(code_hash, &wasm) {
        Ok(loaded) => loaded,
        Err(error) => {
            // Validation errors burn all gas; the reason surfaces as the halt context of the tx.
            if ctx.journal().depth() <= 1 {
                ctx.local_mut()
                    .set_precompile_error_context(format!("activation failed: {error}"));
            }
            gas.spend_all();
            return InterpreterResult::new(InstructionResult::PrecompileError, Bytes::new(), gas);
        }
    };
    let info = loaded.info;
    if !gas.record_regular_cost(info.activation_gas - pricing::ACTIVATION_FIXED_GAS)
        || !gas.record_regular_cost(ACTIVATION_WRITES_GAS)
    {
        return out_of_gas(gas);
    }
    let asm_estimate_kib = info.asm_estimate_bytes.div_ceil(1024) as u32;
    load_self(ctx);
    let fee = data_fee(ctx, u64::from(asm_estimate_kib) * 1024, now);
    let value = inputs.value.get();
    if value < fee {
        return revert(
            gas,
            ArbWasm::ProgramInsufficientValue {
                have: value,
                want: fee,
            }
            .abi_encode(),
        );
    }
    if !gas.record_regular_cost(ACTIVATION_FINISH_GAS) {
        return out_of_gas(gas);
    }
    let record = ProgramRecord {
        version: pricing::STYLUS_VERSION,
        init_cost: info.init_cost,
        cached_init_cost: info.cached_init_cost,
        footprint: info.footprint,
        asm_estimate_kib,
        activated_at: now,
    };
    ctx.journal_mut()
        .sstore(ARBWASM_ADDRESS, code_hash.into(), record.pack())
        .unwrap_or_else(|e| never(e));
    settle_fee(ctx, inputs, fee);
    let event = ArbWasm::ProgramActivated {
        codehash: code_hash,
        moduleHash: loaded.wasm_hash,
        program,
        dataFee: fee,
        version: pricing::STYLUS_VERSION,
    };
    ctx.journal_mut().log(Log {
        address: ARBWASM_ADDRESS,
        data: event.encode_log_data(),
    });
    let ret = ArbWasm::activateProgramCall::abi_encode_returns(&ArbWasm::activateProgramReturn {
        version: pricing::STYLUS_VERSION,
        dataFee: fee,
    });
    ok(gas, ret)
}

/// `codehashKeepalive`: refreshes an active program's activation time for a data fee.
fn keepalive<CTX: ContextTr>(
    ctx: &mut CTX,
    inputs: &CallInputs,
    mut gas: Gas,
    code_hash: B256,
    now: u64,
) -> InterpreterResult
where
    CTX::Db: revm::Database<Error = Infallible>,
{
    if inputs.is_static || !gas.record_regular_cost(VIEW_GAS) {
        return revert(gas, Bytes::new());
    }
    let mut record = match active_program(ctx, code_hash) {
        Ok(record) => record,
        Err(data) => return revert(gas, data),
    };
    if record.age(now) < KEEPALIVE_SECS {
        return revert(
            gas,
            ArbWasm::ProgramKeepaliveTooSoon {
                ageInSeconds: record.age(now),
            }
            .abi_encode(),
        );
    }
    let fee = data_fee(ctx, u64::from(record.asm_estimate_kib) * 1024, now);
    let value = inputs.value.get();
    if value < fee {
        return revert(
            gas,
            ArbWasm::ProgramInsufficientValue {
                have: value,
                want: fee,
            }
            .abi_encode(),
        );
    }
    record.activated_at = now;
    ctx.journal_mut()
        .sstore(ARBWASM_ADDRESS, code_hash.into(), record.pack())
        .unwrap_or_else(|e| never(e));
    settle_fee(ctx, inputs, fee);
    let event = ArbWasm::ProgramLifetimeExtended {
        codehash: code_hash,
        dataFee: fee,
    };
    ctx.journal_mut().log(Log {
        address: ARBWASM_ADDRESS,
        data: event.encode_log_data(),
    });
    ok(gas, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_and_topics_match_the_facts_sheet() {
        assert_eq!(
            ArbWasm::activateProgramCall::SELECTOR,
            [0x58, 0xc7, 0x80, 0xc2]
        );
        assert_eq!(
            ArbWasm::codehashVersionCall::SELECTOR,
            [0xd7, 0x0c, 0x0c, 0xa7]
        );
        assert_eq!(
            ArbWasm::stylusVersionCall::SELECTOR,
            [0xa9, 0x96, 0xe0, 0xc2]
        );
        assert_eq!(
            ArbWasm::programInitGasCall::SELECTOR,
            [0x62, 0xb6, 0x88, 0xaa]
        );
        assert_eq!(
            ArbWasm::ProgramNotActivated::SELECTOR,
            [0x6f, 0x80, 0x9c, 0x4e]
        );
        assert_eq!(
            ArbWasm::ProgramInsufficientValue::SELECTOR,
            [0x09, 0x78, 0x1a, 0xb7]
        );
        assert_eq!(
            &ArbWasm::ProgramActivated::SIGNATURE_HASH[..4],
            &[0xc0, 0xe8, 0x12, 0x78]
        );
        assert_eq!(
            &ArbWasm::ProgramLifetimeExtended::SIGNATURE_HASH[..4],
            &[0x03, 0x80, 0x2b, 0xa3]
        );
    }

    #[test]
    fn record_round_trips_through_a_storage_word() {
        let record = ProgramRecord {
            version: 2,
            init_cost: 1234,
            cached_init_cost: 77,
            footprint: 3,
            asm_estimate_kib: 600,
            activated_at: 1_700_000_123,
        };
        assert_eq!(ProgramRecord::unpack(record.pack()), Some(record));
        assert_eq!(ProgramRecord::unpack(U256::ZERO), None);
    }

    #[test]
    fn approx_exp_is_close_to_e() {
        assert_eq!(approx_exp_bips(0, 12), 10_000);
        // e ≈ 2.71828
        assert_eq!(approx_exp_bips(10_000, 12), 27_182);
    }
}
