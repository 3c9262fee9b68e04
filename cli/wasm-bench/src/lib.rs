//! WASM entry points over the benchmark book (`../benches/book32.rs`): `margin32` computes the full 32-position,
//! 2-underlying scenario margin; `margin8` and `margin1` the margin of the first 8 / 1 positions; each returns the
//! low 64 bits of the initial margin so nothing is optimised away.
#![no_std]

#[path = "../../benches/book32.rs"]
mod book32;

use ballast_risk_math::scenario::{
    portfolio_margin, AggregationParams, RiskParams, UnderlyingRisk,
};

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {}
}

fn first(n: usize) -> u64 {
    let mut out = [UnderlyingRisk::default(); 2];
    let positions = book32::positions();
    let agg = AggregationParams {
        spread_pairs: &book32::PAIRS,
        ..AggregationParams::default()
    };
    match portfolio_margin(
        &positions[..n],
        &book32::markets(),
        |_| Some(RiskParams::default()),
        &agg,
        book32::NOW,
        &mut out,
    ) {
        Ok(m) => m.initial_margin.raw() as u64,
        Err(_) => u64::MAX - 1,
    }
}

/// Full margin of the 32-position book.
#[no_mangle]
pub extern "C" fn margin32() -> u64 {
    match book32::margin(&mut [UnderlyingRisk::default(); 2]) {
        Ok(m) => m.initial_margin.raw() as u64,
        Err(_) => u64::MAX - 1,
    }
}

/// Margin of the first 8 positions (BTC only).
#[no_mangle]
pub extern "C" fn margin8() -> u64 {
    first(8)
}

/// Margin of the first position (one perpetual).
#[no_mangle]
pub extern "C" fn margin1() -> u64 {
    first(1)
}

/// Margin of a single option series (position 3: a BTC call).
#[no_mangle]
pub extern "C" fn option1() -> u64 {
    let mut out = [UnderlyingRisk::default(); 2];
    let positions = book32::positions();
    let agg = AggregationParams::default();
    match portfolio_margin(
        &positions[3..4],
        &book32::markets(),
        |_| Some(RiskParams::default()),
        &agg,
        book32::NOW,
        &mut out,
    ) {
        Ok(m) => m.initial_margin.raw() as u64,
        Err(_) => u64::MAX - 1,
    }
}
