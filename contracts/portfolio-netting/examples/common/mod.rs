//! Reference portfolios and market data shared by the `capital_efficiency` and `gas_bench` examples.
#![allow(dead_code)]

pub(crate) mod chain;

use alloy_primitives::{I256, U256};
use ballast_portfolio_netting::{
    engine::{self, Config},
    types::{MarginResult, MarketData, Position},
};
use ballast_risk_math::{
    portfolio::{Limits, MAX_POSITIONS, MAX_UNDERLYINGS},
    scenario::{AggregationParams, RiskParams},
    Wad,
};

pub(crate) const WAD: u128 = 1_000_000_000_000_000_000;
pub(crate) const DAY: u64 = 86_400;
pub(crate) const BTC: u32 = 1;
pub(crate) const ETH: u32 = 2;
pub(crate) const BTC_SPOT: u128 = 100_000;
pub(crate) const ETH_SPOT: u128 = 4_000;
/// BTC/ETH spread credit (basis points).
pub(crate) const SPREAD_CREDIT_BPS: u128 = 5_000;

/// A perpetual of `size_milli / 1000` units.
pub(crate) fn perp(underlying: u32, size_milli: i128) -> Position {
    Position {
        underlying,
        kind: 0,
        expiry: 0,
        strike: U256::ZERO,
        size: milli(size_milli),
    }
}

/// An option (`kind` 1 call, 2 put) expiring `days` after `now`.
pub(crate) fn option(
    now: u64,
    underlying: u32,
    kind: u8,
    strike: u128,
    days: u64,
    size_milli: i128,
) -> Position {
    Position {
        underlying,
        kind,
        expiry: now + days * DAY,
        strike: U256::from(strike * WAD),
        size: milli(size_milli),
    }
}

/// `x / 1000` units as a signed WAD.
pub(crate) fn milli(x: i128) -> I256 {
    I256::try_from(x * (WAD as i128 / 1_000)).expect("small sizes fit")
}

/// BTC at 100,000 with 50% vol and ETH at 4,000 with 70% vol, rates 0.
pub(crate) fn markets() -> Vec<MarketData> {
    vec![
        MarketData {
            underlying: BTC,
            spot: U256::from(BTC_SPOT * WAD),
            vol: U256::from(WAD / 2),
            rate: I256::ZERO,
        },
        MarketData {
            underlying: ETH,
            spot: U256::from(ETH_SPOT * WAD),
            vol: U256::from(WAD / 10 * 7),
            rate: I256::ZERO,
        },
    ]
}

/// Hard-cap limits, the default credit floor, valuation at `now`.
pub(crate) fn config(now: u64) -> Config {
    Config {
        limits: Limits {
            max_underlyings: MAX_UNDERLYINGS as u32,
            max_positions: MAX_POSITIONS as u32,
        },
        credit_floor: AggregationParams::default().credit_floor,
        now_secs: now,
    }
}

/// Margin of `book` by the contract's engine code with default parameters and the BTC/ETH spread credit.
pub(crate) fn margin(now: u64, book: &[Position]) -> MarginResult {
    let credit = Wad::from_raw(SPREAD_CREDIT_BPS * WAD / 10_000);
    engine::compute_margin(
        book,
        &markets(),
        &config(now),
        &mut |_| Some(RiskParams::default()),
        &mut |_, _| credit,
    )
    .expect("reference portfolios are valid")
}

/// Net delta of a one-underlying `book` in milli-units (for hedges).
pub(crate) fn delta_milli(now: u64, book: &[Position]) -> i128 {
    i128::try_from(margin(now, book).underlyings[0].greeks.delta).expect("small")
        / (WAD as i128 / 1_000)
}

/// 15 options on one underlying (3 expiries x 5 strikes, calls above / puts below spot, mixed sides).
pub(crate) fn option_strip(now: u64, id: u32, spot: u128, unit_milli: i128) -> Vec<Position> {
    let mut options = Vec::new();
    let mut i = 0i128;
    for days in [7u64, 30, 90] {
        for moneyness in [90u128, 95, 100, 105, 110] {
            let kind = if moneyness < 100 || (moneyness == 100 && days == 30) {
                2
            } else {
                1
            };
            let side = if i % 3 == 1 { 1 } else { -1 };
            let size = side * unit_milli * (1 + i % 2) / 2;
            options.push(option(now, id, kind, spot * moneyness / 100, days, size));
            i += 1;
        }
    }
    options
}

/// The 32-position, 2-underlying market-maker book: per underlying the 15-option strip and a perp hedging its
/// net delta (rounded to 0.001 units).
pub(crate) fn market_maker_book(now: u64) -> Vec<Position> {
    let mut book = Vec::new();
    for (id, spot, unit) in [(BTC, BTC_SPOT, 1_000i128), (ETH, ETH_SPOT, 25_000i128)] {
        let options = option_strip(now, id, spot, unit);
        let hedge = -delta_milli(now, &options);
        book.extend(options);
        book.push(perp(id, hedge));
    }
    book
}
