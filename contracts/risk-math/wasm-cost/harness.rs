//! WASM cost harness for ballast-risk-math (built by scripts/wasm-cost-risk-math.sh, never part of a contract):
//! each export runs one operation on fixed inputs hidden behind `black_box`, so wabt's `wasm-interp --trace`
//! counts the instructions one call executes. Feature `math` exports everything, `price-only` just the Black-76
//! price, none of them only a no-op (the size baseline).
#![no_std]
#[cfg(any(feature = "math", feature = "price-only"))]
use ballast_risk_math::*;
use core::hint::black_box;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

#[no_mangle]
pub extern "C" fn bench_noop() -> i64 {
    black_box(7i64)
}

#[cfg(any(feature = "math", feature = "price-only"))]
fn option() -> EuropeanOption {
    EuropeanOption {
        kind: black_box(OptionKind::Call),
        underlying: Underlying::Forward(Wad::from_raw(black_box(3_000_000_000_000_000_000_000))),
        strike: Wad::from_raw(black_box(3_200_000_000_000_000_000_000)),
        expiry_years: Wad::from_raw(black_box(82_191_780_821_917_808)),
        vol: Wad::from_raw(black_box(650_000_000_000_000_000)),
        rate: SignedWad::from_raw(black_box(50_000_000_000_000_000)),
    }
}

#[cfg(any(feature = "math", feature = "price-only"))]
#[no_mangle]
pub extern "C" fn bench_price() -> i64 {
    option().price().map(|p| p.raw() as i64).unwrap_or(-1)
}

#[cfg(feature = "math")]
#[no_mangle]
pub extern "C" fn bench_price_zero_rate() -> i64 {
    let mut o = option();
    o.rate = SignedWad::ZERO;
    o.price().map(|p| p.raw() as i64).unwrap_or(-1)
}

#[cfg(feature = "math")]
#[no_mangle]
pub extern "C" fn bench_greeks() -> i64 {
    option()
        .greeks()
        .map(|g| g.gamma.raw() as i64 ^ g.theta.raw() as i64)
        .unwrap_or(-1)
}

#[cfg(feature = "math")]
#[no_mangle]
pub extern "C" fn bench_spot_greeks() -> i64 {
    let mut o = option();
    o.underlying = Underlying::Spot(Wad::from_raw(black_box(3_000_000_000_000_000_000_000)));
    o.greeks()
        .map(|g| g.gamma.raw() as i64 ^ g.theta.raw() as i64)
        .unwrap_or(-1)
}

#[cfg(feature = "math")]
#[no_mangle]
pub extern "C" fn bench_exp() -> i64 {
    exp(SignedWad::from_raw(black_box(1_234_567_890_123_456_789)))
        .map(|w| w.raw() as i64)
        .unwrap_or(-1)
}

#[cfg(feature = "math")]
#[no_mangle]
pub extern "C" fn bench_ln() -> i64 {
    ln(Wad::from_raw(black_box(1_234_567_890_123_456_789_000)))
        .map(|w| w.raw() as i64)
        .unwrap_or(-1)
}

#[cfg(feature = "math")]
#[no_mangle]
pub extern "C" fn bench_cdf() -> i64 {
    norm_cdf(SignedWad::from_raw(black_box(-1_234_567_890_123_456_789))).raw() as i64
}

#[cfg(feature = "math")]
#[no_mangle]
pub extern "C" fn bench_sqrt() -> i64 {
    sqrt(
        Wad::from_raw(black_box(1_234_567_890_123_456_789_000)),
        RoundMode::Down,
    )
    .raw() as i64
}

#[cfg(feature = "math")]
#[no_mangle]
pub extern "C" fn bench_pow() -> i64 {
    pow(
        Wad::from_raw(black_box(940_000_000_000_000_000)),
        SignedWad::from_raw(black_box(2_500_000_000_000_000_000)),
    )
    .map(|w| w.raw() as i64)
    .unwrap_or(-1)
}

#[cfg(feature = "math")]
#[no_mangle]
pub extern "C" fn bench_mul_div() -> i64 {
    mul_div(
        black_box(u128::MAX / 3),
        black_box(u128::MAX / 5),
        black_box(u128::MAX / 4),
        RoundMode::Up,
    )
    .map(|w| w as i64)
    .unwrap_or(-1)
}
