//! Native timings of the building blocks and of one option revaluation (`cargo bench -p ballast-risk-math`).
//! On-chain cost is measured separately in WASM instructions (see the crate README section in lib.rs docs).

use std::hint::black_box;

use ballast_risk_math::{
    exp, ln, mul_div, norm_cdf, pow, sqrt, EuropeanOption, OptionKind, RoundMode, SignedWad,
    Underlying, Wad,
};
use criterion::{criterion_group, criterion_main, Criterion};

fn elementary(c: &mut Criterion) {
    let x = SignedWad::from_raw(1_234_567_890_123_456_789);
    let w = Wad::from_raw(1_234_567_890_123_456_789_000);
    c.bench_function("exp", |b| b.iter(|| exp(black_box(x))));
    c.bench_function("ln", |b| b.iter(|| ln(black_box(w))));
    c.bench_function("sqrt", |b| b.iter(|| sqrt(black_box(w), RoundMode::Down)));
    c.bench_function("pow", |b| b.iter(|| pow(black_box(w), black_box(x))));
    c.bench_function("norm_cdf", |b| b.iter(|| norm_cdf(black_box(x))));
    c.bench_function("mul_div (256-bit)", |b| {
        b.iter(|| {
            mul_div(
                black_box(u128::MAX / 3),
                black_box(u128::MAX / 5),
                black_box(u128::MAX / 4),
                RoundMode::Up,
            )
        })
    });
}

fn options(c: &mut Criterion) {
    let opt = EuropeanOption {
        kind: OptionKind::Call,
        underlying: Underlying::Forward(Wad::from_raw(3_000_000_000_000_000_000_000)),
        strike: Wad::from_raw(3_200_000_000_000_000_000_000),
        expiry_years: Wad::from_raw(82_191_780_821_917_808), // 30 days
        vol: Wad::from_raw(650_000_000_000_000_000),
        rate: SignedWad::from_raw(50_000_000_000_000_000),
    };
    let spot = EuropeanOption {
        underlying: Underlying::Spot(Wad::from_raw(3_000_000_000_000_000_000_000)),
        ..opt
    };
    c.bench_function("black76 price", |b| b.iter(|| black_box(&opt).price()));
    c.bench_function("black76 price+greeks", |b| {
        b.iter(|| black_box(&opt).greeks())
    });
    c.bench_function("black-scholes spot price+greeks", |b| {
        b.iter(|| black_box(&spot).greeks())
    });
}

criterion_group!(benches, elementary, options);
criterion_main!(benches);
