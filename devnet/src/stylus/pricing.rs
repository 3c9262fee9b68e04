//! Stylus prices from the facts sheet (§5): ink price, hostio base ink, per-byte formulas, the memory
//! model (page gas and the exponential table), entry costs and the EVM gas rules charged inside hostios.

use wasmparser::Operator;

use crate::error::ProgramError;

/// ArbOS version the devnet reports (`ArbSys.arbOSVersion()` answers 55 more). Its rules are nitro's
/// ArbOS 60 rules (release v3.10): fragmented programs, 256 KiB programs, the recent-programs discount.
pub const ARBOS_VERSION: u64 = 61;
/// Ink per gas (ArbOS default `InkPrice`).
pub const INK_PRICE: u64 = 10_000;
/// Current Stylus version: 3 from the ArbOS 59 upgrade (2 from ArbOS 31). Version 3 rejects
/// multi-value at activation; its prices and limits are version 2's.
pub const STYLUS_VERSION: u16 = 3;
/// Base ink of every metered hostio.
pub const HOSTIO_INK: u64 = 8_400;
/// Extra ink per pointer argument.
pub const PTR_INK: u64 = 5_040;
/// Ink of one round trip to the EVM.
pub const EVM_API_INK: u64 = 59_673;
/// Extra ink of `math_div`/`math_mod`.
pub const DIV_INK: u64 = 20_000;
/// Extra ink of `math_mul_mod`.
pub const MUL_MOD_INK: u64 = 24_100;
/// Extra ink of `math_add_mod`.
pub const ADD_MOD_INK: u64 = 21_000;
/// Ink charged per basic block in addition to its operators.
pub const BLOCK_HEADER_INK: u64 = 2_450;
/// Ink per byte of `memory.fill` / `memory.copy`.
pub const MEMORY_BYTE_INK: u64 = 100;
/// Stack budget given to each program invocation (`MaxStackDepth`, ArbOS ≥ 50).
pub const MAX_STACK_DEPTH: u32 = 22_000;
/// Pages every transaction gets without paying the linear page price.
pub const FREE_PAGES: u16 = 2;
/// Gas per page opened beyond the free pages.
pub const PAGE_GAS: u64 = 1_000;
/// Maximum pages (8 MiB) open in a transaction.
pub const PAGE_LIMIT: u16 = 128;
/// `MinInitGas` of Stylus version 2 (units of 128 gas).
pub const MIN_INIT_GAS: u64 = 69;
/// `MinCachedInitGas` (units of 32 gas).
pub const MIN_CACHED_INIT_GAS: u64 = 11;
/// `InitCostScalar` and `CachedCostScalar` (×2 = percent).
pub const COST_SCALAR: u64 = 50;
/// Decompressed wasm size limit (`MaxWasmSize`): 256 KiB from ArbOS 60 (128 KiB before).
pub const MAX_WASM_SIZE: usize = 256 * 1024;
/// Most fragments a root program may name (`MaxFragmentCount`, ArbOS ≥ 60).
pub const MAX_FRAGMENT_COUNT: u8 = 4;
/// Largest code a create may deploy (EIP-170 `MaxCodeSize`, Arbitrum's default).
pub const MAX_CODE_SIZE: usize = 24_576;
/// Fixed gas of an activation.
pub const ACTIVATION_FIXED_GAS: u64 = 1_659_168;
/// Configurable gas burned before every activation (`ActivationGas`, ArbOS ≥ 59); 0 by default.
pub const ACTIVATION_GAS: u64 = 0;
/// `ExpiryDays`.
pub const EXPIRY_DAYS: u16 = 365;
/// `KeepaliveDays`.
pub const KEEPALIVE_DAYS: u16 = 31;
/// `BlockCacheSize`: how many recently called programs a block remembers (ArbOS ≥ 60: a call to one
/// of them pays the cached entry cost).
pub const BLOCK_CACHE_SIZE: u16 = 32;
/// `PageRamp` (exposed by ArbWasm; the exponential table is fixed).
pub const PAGE_RAMP: u64 = 620_674_314;

/// Gas left for a given amount of ink.
pub fn ink_to_gas(ink: u64) -> u64 {
    ink / INK_PRICE
}

/// Ink for a given amount of gas (saturating).
pub fn gas_to_ink(gas: u64) -> u64 {
    gas.saturating_mul(INK_PRICE)
}

/// Ink for the host writing `n` bytes into guest memory.
pub fn write_ink(n: u64) -> u64 {
    5_040 + 30 * n.saturating_sub(32)
}

/// Ink for the host reading `n` bytes of guest memory.
pub fn read_ink(n: u64) -> u64 {
    16_381 + 55 * n.saturating_sub(32)
}

/// Ink of `native_keccak256` over `n` bytes.
pub fn keccak_ink(n: u64) -> u64 {
    121_800 + 21_000 * n.div_ceil(32).saturating_sub(2)
}

/// Ink of `math_pow` beyond its base for exponent `e` (big-endian bytes).
pub fn pow_ink(exponent: &[u8; 32]) -> u64 {
    let leading_zeros = exponent.iter().take_while(|b| **b == 0).count() as u64;
    if leading_zeros == 32 {
        return 20_500;
    }
    3_000 + 17_500 * (33 - leading_zeros)
}

/// The exponential page price table: `EXP[p] = floor(31 874 000^(p/128))`, with `EXP[128]` pinned to
/// nitro's last entry (31 873 999). Computed in f64; see docs/devnet-gas.md for the accuracy note.
fn exp_table(pages: u16) -> u64 {
    if pages > PAGE_LIMIT {
        return u64::MAX;
    }
    if pages == PAGE_LIMIT {
        return 31_873_999;
    }
    31_874_000f64.powf(f64::from(pages) / 128.0).floor() as u64
}

/// Memory-model gas for opening `new` pages with `open` already open and `ever` the tx maximum.
pub fn memory_gas(new: u16, open: u16, ever: u16) -> u64 {
    let new_open = open.saturating_add(new);
    let new_ever = ever.max(new_open);
    if new_ever <= FREE_PAGES {
        return 0;
    }
    let linear = u64::from(new_open.saturating_sub(FREE_PAGES) - open.saturating_sub(FREE_PAGES))
        .saturating_mul(PAGE_GAS);
    let expand = exp_table(new_ever).saturating_sub(exp_table(ever));
    linear.saturating_add(expand)
}

/// Gas of the EVM memory expansion to `len` bytes (`3·words + words²/512`).
pub fn evm_memory_gas(len: u64) -> u64 {
    let words = len.div_ceil(32);
    3 * words + words * words / 512
}

/// `initGas`: what a call pays to instantiate a program that is not cached.
pub fn init_gas(init_cost: u16) -> u64 {
    MIN_INIT_GAS * 128 + (u64::from(init_cost) * COST_SCALAR * 2).div_ceil(100)
}

/// `cachedGas`: what every call pays (Stylus version > 1), cached or not.
pub fn cached_gas(cached_init_cost: u16) -> u64 {
    MIN_CACHED_INIT_GAS * 32 + (u64::from(cached_init_cost) * COST_SCALAR * 2).div_ceil(100)
}

/// Gas charged on entry to a program (nitro `CallProgram`): memory for its footprint, `cachedGas`,
/// and `initGas` unless the program is `cached` (one of the block's recent programs).
pub fn entry_gas(
    footprint: u16,
    init_cost: u16,
    cached_init_cost: u16,
    pages: (u16, u16),
    cached: bool,
) -> u64 {
    let (open, ever) = pages;
    let init = if cached { 0 } else { init_gas(init_cost) };
    memory_gas(footprint, open, ever)
        .saturating_add(cached_gas(cached_init_cost))
        .saturating_add(init)
}

/// Ink of one operator per `pricing_v1` (§5.2); `u64::MAX` marks operators that always run out of ink.
/// `type_params` gives the parameter count of each type index (for `call_indirect`).
pub(crate) fn op_ink(op: &Operator<'_>, type_params: &[u32]) -> Result<u64, ProgramError> {
    use Operator as O;
    let ink = match op {
        O::Unreachable | O::Return | O::Nop | O::I32Const { .. } | O::I64Const { .. } => 1,
        O::Block { .. } | O::Loop { .. } | O::Else | O::End => 1,
        O::Drop => 9,
        O::Br { .. } | O::BrIf { .. } | O::If { .. } => 765,
        O::BrTable { targets } => 2_400 + 325 * u64::from(targets.len()),
        O::Select => 1_250,
        O::Call { .. } => 3_800,
        O::CallIndirect { type_index, .. } => {
            let params = type_params.get(*type_index as usize).copied().unwrap_or(0);
            13_610 + 650 * u64::from(params)
        }
        O::LocalGet { .. } | O::LocalTee { .. } => 75,
        O::LocalSet { .. } => 210,
        O::GlobalGet { .. } => 225,
        O::GlobalSet { .. } => 575,
        O::I32Load { .. }
        | O::I32Load8S { .. }
        | O::I32Load8U { .. }
        | O::I32Load16S { .. }
        | O::I32Load16U { .. } => 670,
        O::I64Load { .. }
        | O::I64Load8S { .. }
        | O::I64Load8U { .. }
        | O::I64Load16S { .. }
        | O::I64Load16U { .. }
        | O::I64Load32S { .. }
        | O::I64Load32U { .. } => 680,
        O::I32Store { .. } | O::I32Store8 { .. } | O::I32Store16 { .. } => 825,
        O::I64Store { .. } | O::I64Store8 { .. } | O::I64Store16 { .. } | O::I64Store32 { .. } => {
            950
        }
        O::MemorySize { .. } => 3_000,
        O::MemoryGrow { .. } => 8_050,
        O::I32Eqz
        | O::I32Eq
        | O::I32Ne
        | O::I32LtS
        | O::I32LtU
        | O::I32GtS
        | O::I32GtU
        | O::I32LeS
        | O::I32LeU
        | O::I32GeS
        | O::I32GeU => 170,
        O::I64Eqz
        | O::I64Eq
        | O::I64Ne
        | O::I64LtS
        | O::I64LtU
        | O::I64GtS
        | O::I64GtU
        | O::I64LeS
        | O::I64LeU
        | O::I64GeS
        | O::I64GeU => 225,
        O::I32Clz | O::I32Ctz | O::I64Clz | O::I64Ctz => 210,
        O::I32Add | O::I32Sub => 70,
        O::I32Mul | O::I64Mul => 160,
        O::I32DivS | O::I32DivU | O::I32RemS | O::I32RemU => 1_120,
        O::I32And
        | O::I32Or
        | O::I32Xor
        | O::I32Shl
        | O::I32ShrS
        | O::I32ShrU
        | O::I32Rotl
        | O::I32Rotr => 70,
        O::I64Add | O::I64Sub => 100,
        O::I64DivS | O::I64DivU | O::I64RemS | O::I64RemU => 1_270,
        O::I64And
        | O::I64Or
        | O::I64Xor
        | O::I64Shl
        | O::I64ShrS
        | O::I64ShrU
        | O::I64Rotl
        | O::I64Rotr => 100,
        O::I32Popcnt => 2_650,
        O::I64Popcnt => 6_000,
        O::I32WrapI64
        | O::I64ExtendI32S
        | O::I64ExtendI32U
        | O::I32Extend8S
        | O::I32Extend16S
        | O::I64Extend8S
        | O::I64Extend16S
        | O::I64Extend32S => 100,
        O::MemoryCopy { .. } | O::MemoryFill { .. } => 950,
        // Accepted by activation but never affordable (nitro prices them at u64::MAX).
        O::F32Const { .. }
        | O::F64Const { .. }
        | O::F32Load { .. }
        | O::F64Load { .. }
        | O::F32Store { .. }
        | O::F64Store { .. }
        | O::I32ReinterpretF32
        | O::I64ReinterpretF64
        | O::F32ReinterpretI32
        | O::F64ReinterpretI64 => u64::MAX,
        O::MemoryInit { .. } | O::DataDrop { .. } | O::ElemDrop { .. } => {
            return Err(ProgramError::Invalid(format!(
                "bulk memory operator {op:?} not supported"
            )))
        }
        other => {
            let name = format!("{other:?}");
            if name.starts_with("F32") || name.starts_with("F64") || name.contains("Trunc") {
                return Err(ProgramError::Invalid(format!(
                    "No implementation for floating point operation {name}"
                )));
            }
            return Err(ProgramError::Invalid(format!(
                "operator {name} not supported"
            )));
        }
    };
    Ok(ink)
}

/// Storage-load read fee (gas) by the number of loads in this invocation.
pub fn storage_read_fee(loads: u32) -> u64 {
    match loads {
        0..=32 => 0,
        33..=128 => 2,
        _ => 10,
    }
}

/// Storage-cache write fee (gas) by the number of cache writes in this invocation.
pub fn storage_write_fee(writes: u32) -> u64 {
    match writes {
        0..=8 => 0,
        9..=64 => 7,
        _ => 10,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_table_matches_nitro_endpoints() {
        let first: Vec<u64> = (0..30).map(exp_table).collect();
        assert_eq!(
            first,
            [
                1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 11, 12, 14, 17, 19, 22, 25,
                29, 33, 38, 43, 50
            ]
        );
        assert_eq!(exp_table(126), 24_332_984);
        assert_eq!(exp_table(127), 27_849_408);
        assert_eq!(exp_table(129), u64::MAX);
    }

    #[test]
    fn memory_gas_is_free_within_two_pages_and_linear_after() {
        assert_eq!(memory_gas(2, 0, 0), 0);
        // 17 pages from nothing: 15 paid pages + EXP[17] - EXP[0].
        assert_eq!(memory_gas(17, 0, 0), 15_000 + 9 - 1);
        // Past 128 pages the table is u64::MAX: unaffordable.
        assert!(memory_gas(1, 128, 128) > u64::MAX / 2);
    }

    #[test]
    fn variable_ink_formulas_follow_the_table() {
        assert_eq!(write_ink(32), 5_040);
        assert_eq!(read_ink(64), 16_381 + 55 * 32);
        assert_eq!(keccak_ink(64), 121_800);
        assert_eq!(keccak_ink(65), 142_800);
        assert_eq!(pow_ink(&[0; 32]), 20_500);
        let mut one = [0u8; 32];
        one[31] = 1;
        assert_eq!(pow_ink(&one), 3_000 + 17_500 * 2);
        assert_eq!(entry_gas(1, 0, 0, (0, 0), false), 8_832 + 352);
        assert_eq!(entry_gas(1, 0, 0, (0, 0), true), 352);
        assert_eq!(entry_gas(3, 10, 20, (0, 0), true), 1_000 + 352 + 20);
    }
}
