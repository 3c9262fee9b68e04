//! The benchmark portfolio: a 32-position, 2-underlying market-maker book (BTC and ETH; perpetuals, a dated
//! future and 25 distinct option series across four expiries), shared by the criterion benchmark and the WASM
//! instruction-count harness (`cli/wasm-bench`).

#![allow(unreachable_pub, dead_code)]

use ballast_risk_math::portfolio::{MarketData, Position, PositionKind};
use ballast_risk_math::scenario::{
    portfolio_margin, AggregationParams, PortfolioMargin, RiskParams, SpreadPair, UnderlyingRisk,
};
use ballast_risk_math::{SignedWad, Wad};

/// Valuation time.
pub const NOW: u64 = 1_700_000_000;
const DAY: u64 = 86_400;
const WAD: i128 = 1_000_000_000_000_000_000;

/// Spread pair of the book.
pub const PAIRS: [SpreadPair; 1] = [SpreadPair {
    first: 1,
    second: 2,
    credit: Wad::from_raw(500_000_000_000_000_000),
}];

const fn pos(
    underlying: u32,
    kind: PositionKind,
    days: u64,
    strike: u128,
    size_milli: i128,
) -> Position {
    Position {
        underlying,
        kind,
        expiry_secs: if days == 0 { 0 } else { NOW + days * DAY },
        strike: Wad::from_raw(strike * WAD as u128),
        size: SignedWad::from_raw(size_milli * (WAD / 1000)),
    }
}

/// The 32 positions.
pub fn positions() -> [Position; 32] {
    use PositionKind::{Call as C, DeltaOne as L, Put as P};
    [
        // BTC at 37,000: perps on two venues, a quarterly future, and a smile of options over 4 expiries.
        pos(1, L, 0, 0, 2_500),
        pos(1, L, 0, 0, -1_800),
        pos(1, L, 90, 0, 700),
        pos(1, C, 7, 38_000, -1_000),
        pos(1, P, 7, 36_000, -1_000),
        pos(1, C, 7, 40_000, 500),
        pos(1, C, 30, 40_000, -2_000),
        pos(1, P, 30, 34_000, -1_500),
        pos(1, C, 30, 45_000, 1_000),
        pos(1, P, 30, 30_000, 1_000),
        pos(1, C, 90, 42_000, 800),
        pos(1, P, 90, 32_000, -800),
        pos(1, C, 180, 50_000, -300),
        pos(1, P, 180, 28_000, 300),
        pos(1, C, 30, 37_000, 250),
        pos(1, P, 30, 37_000, 250),
        // ETH at 2,000.
        pos(2, L, 0, 0, -25_000),
        pos(2, L, 0, 0, 10_000),
        pos(2, L, 0, 0, 4_000),
        pos(2, C, 7, 2_100, -10_000),
        pos(2, P, 7, 1_900, -10_000),
        pos(2, C, 30, 2_200, 15_000),
        pos(2, P, 30, 1_800, -12_000),
        pos(2, C, 30, 2_500, -5_000),
        pos(2, P, 30, 1_600, 5_000),
        pos(2, C, 90, 2_400, 8_000),
        pos(2, P, 90, 1_700, -8_000),
        pos(2, C, 180, 3_000, -4_000),
        pos(2, P, 180, 1_500, 4_000),
        pos(2, C, 7, 2_000, 3_000),
        pos(2, P, 30, 2_000, -3_000),
        pos(2, C, 90, 2_000, 2_000),
    ]
}

/// Market data of the two underlyings.
pub fn markets() -> [MarketData; 2] {
    [
        MarketData {
            underlying: 1,
            spot: Wad::from_raw(37_000 * WAD as u128),
            vol: Wad::from_raw(550_000_000_000_000_000),
            rate: SignedWad::from_raw(30_000_000_000_000_000),
        },
        MarketData {
            underlying: 2,
            spot: Wad::from_raw(2_000 * WAD as u128),
            vol: Wad::from_raw(650_000_000_000_000_000),
            rate: SignedWad::from_raw(30_000_000_000_000_000),
        },
    ]
}

/// Full scenario margin of the book: both underlyings assessed, then aggregated with the spread credit.
///
/// # Errors
/// Never for this book; any engine error is passed through.
pub fn margin(
    out: &mut [UnderlyingRisk; 2],
) -> Result<PortfolioMargin, ballast_risk_math::scenario::MarginError> {
    let agg = AggregationParams {
        spread_pairs: &PAIRS,
        ..AggregationParams::default()
    };
    let limits = ballast_risk_math::portfolio::Limits {
        max_underlyings: 2,
        max_positions: 32,
    };
    let agg = AggregationParams { limits, ..agg };
    portfolio_margin(
        &positions(),
        &markets(),
        |_| Some(RiskParams::default()),
        &agg,
        NOW,
        out,
    )
}
