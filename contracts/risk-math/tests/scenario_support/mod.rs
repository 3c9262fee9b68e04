//! Builders shared by the scenario-engine test suites.
#![allow(dead_code, unreachable_pub)]

use ballast_risk_math::portfolio::{MarketData, Position, PositionKind};
use ballast_risk_math::{SignedWad, Wad};
use proptest::prelude::*;

/// Valuation time of every test portfolio.
pub const NOW: u64 = 1_700_000_000;
/// Seconds per day.
pub const DAY: u64 = 86_400;

pub fn wad(x: f64) -> Wad {
    Wad::from_raw((x * 1e18).round() as u128)
}

pub fn swad(x: f64) -> SignedWad {
    SignedWad::from_raw((x * 1e18).round() as i128)
}

pub fn f(x: Wad) -> f64 {
    x.raw() as f64 / 1e18
}

pub fn fs(x: SignedWad) -> f64 {
    x.raw() as f64 / 1e18
}

pub fn market(underlying: u32, spot: f64, vol: f64, rate: f64) -> MarketData {
    MarketData {
        underlying,
        spot: wad(spot),
        vol: wad(vol),
        rate: swad(rate),
    }
}

pub fn perp(underlying: u32, size: f64) -> Position {
    Position {
        underlying,
        kind: PositionKind::DeltaOne,
        expiry_secs: 0,
        strike: Wad::ZERO,
        size: swad(size),
    }
}

pub fn future(underlying: u32, size: f64, days: u64) -> Position {
    Position {
        underlying,
        kind: PositionKind::DeltaOne,
        expiry_secs: NOW + days * DAY,
        strike: Wad::ZERO,
        size: swad(size),
    }
}

pub fn call(underlying: u32, strike: f64, days: u64, size: f64) -> Position {
    Position {
        underlying,
        kind: PositionKind::Call,
        expiry_secs: NOW + days * DAY,
        strike: wad(strike),
        size: swad(size),
    }
}

pub fn put(underlying: u32, strike: f64, days: u64, size: f64) -> Position {
    Position {
        underlying,
        kind: PositionKind::Put,
        expiry_secs: NOW + days * DAY,
        strike: wad(strike),
        size: swad(size),
    }
}

/// Returns `p` with its size multiplied by the integer `k` (exact in fixed point).
pub fn scaled(p: &Position, k: i128) -> Position {
    Position {
        size: SignedWad::from_raw(p.size.raw() * k),
        ..*p
    }
}

/// Returns `p` with its size negated.
pub fn negated(p: &Position) -> Position {
    scaled(p, -1)
}

/// A random position on `underlying` with spot 100: perpetuals, futures, calls and puts with strikes 50..200,
/// 1..400 days, sizes ±(0.1..20).
pub fn position(underlying: u32) -> impl Strategy<Value = Position> {
    (0u8..4, 50u32..200, 1u64..400, 1i32..200, any::<bool>()).prop_map(
        move |(kind, strike, days, size, short)| {
            let size = f64::from(size) / 10.0 * if short { -1.0 } else { 1.0 };
            // Round strikes to 5 so that series repeat and get merged.
            let strike = f64::from(strike / 5 * 5);
            match kind {
                0 => perp(underlying, size),
                1 => future(underlying, size, days),
                2 => call(underlying, strike, days, size),
                _ => put(underlying, strike, days, size),
            }
        },
    )
}

/// A random book of 1..12 positions on `underlying`.
pub fn book(underlying: u32) -> impl Strategy<Value = Vec<Position>> {
    proptest::collection::vec(position(underlying), 1..12)
}

/// Random market data for `underlying` at spot 100.
pub fn any_market(underlying: u32) -> impl Strategy<Value = MarketData> {
    (10u32..150, -5i32..10).prop_map(move |(vol, rate)| {
        market(
            underlying,
            100.0,
            f64::from(vol) / 100.0,
            f64::from(rate) / 100.0,
        )
    })
}
