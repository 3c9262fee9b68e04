//! Criterion benchmark: full scenario margin of the 32-position, 2-underlying book (`book32.rs`), and one
//! underlying's assessment alone. Run with `cargo bench -p ballast-cli --bench scenario_margin`.

use std::hint::black_box;

use ballast_risk_math::scenario::{assess_underlying, RiskParams, UnderlyingRisk};
use criterion::{criterion_group, criterion_main, Criterion};

mod book32;

fn scenario_margin(c: &mut Criterion) {
    let mut out = [UnderlyingRisk::default(); 2];
    let total = book32::margin(&mut out).expect("benchmark book is valid");
    println!(
        "book32: IM {} MM {} ({} + {} scenarios)",
        total.initial_margin,
        total.maintenance_margin,
        out[0].scenario_count,
        out[1].scenario_count
    );
    c.bench_function("portfolio_margin_32_positions_2_underlyings", |b| {
        b.iter(|| book32::margin(black_box(&mut out)).expect("valid"))
    });
    let positions = book32::positions();
    let markets = book32::markets();
    let params = RiskParams::default();
    c.bench_function("assess_underlying_btc_16_positions", |b| {
        b.iter(|| {
            assess_underlying(black_box(&positions), &markets[0], &params, book32::NOW)
                .expect("valid")
        })
    });
}

criterion_group!(benches, scenario_margin);
criterion_main!(benches);
