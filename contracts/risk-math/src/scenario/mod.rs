//! The scenario-margin engine (methodology §1, §2, §5): revalue every position of an underlying under a grid of
//! price × volatility shocks, take the scan loss (worst loss or Expected Shortfall), add the short-option minimum
//! and the perp and near-expiry charges, then aggregate underlyings with spread credits.
//!
//! # Scenarios
//! Per underlying, with scan range `R` ([`RiskParams::scan_range`]) and `N = grid_steps`, the scenario vector
//! ([`UnderlyingRisk::scenario_pnl`]) is ordered as the on-chain interface documents:
//!
//! 1. **Core**: spot × `(1 + j·R/N)` for `j = −N..=N`, each with vol up, unchanged and down (`|j| = N`: vol up
//!    only) — `3(2N − 1) + 2` scenarios, full weight.
//! 2. **Tail** (if `tail_dampening κ > 0`): spot × {0.34, 0.67, 1.5, 2, 3, 4, 5, 6}, vol up, PnL × `min(1, κR/|s−1|)`.
//! 3. **Skew** (if `skew_shock c₀ > 0`): spot unchanged, each option's vol × `1 + clamp(k·c/k*, −c, c)` ("linear") and
//!    × `1 + clamp(|k|·c/k*, −c, c)` ("abs"), `k = ln(K/F)`, `c = c₀ − 0.1√τ`, `k* = max(0.01, 2.4√τ)`. Each
//!    expiry's PnL counts in its worse direction: the tilt `σ(1 + t)` or its mirror `σ(1 − t)`, both fully
//!    repriced. (Derive takes `−|PnL|` of the tilt alone, a linearisation that can charge a long option more than
//!    its premium; the mirror keeps "a long option never loses more than its value" exact.)
//! 4. **Basis** (if `basis_shock b > 0`): forwards of every expiry (options and dated futures, not perpetuals) ×
//!    `(1 ± b·(0.5 + 2τ))` (the move capped at 90%), vol unchanged. Derive scales the *PnL* of a ±b move by
//!    `0.5 + 2τ`; scaling the *move* instead keeps every scenario a true revaluation (so a long option never
//!    loses more than its value) and is identical for futures.
//!
//! Vol shocks depend on each option's days to expiry: with `m = (30 / max(DTE, 1))^p` (`p` = short- or long-term
//! power), `σ_up = max(σ(1 + U·m), σ_min,up)` and `σ_down = σ·max(0, 1 − Dn·m)`. Time is held fixed (no theta
//! credit). Options are fully repriced with Black-76 in every scenario, never approximated by Greeks.
//!
//! # Cost
//! Positions of the same series (kind, strike, expiry) are merged, so each distinct option is priced once per
//! scenario. Per expiry the forward, discount, `√τ`, the shocked vols and their `1/(σ√τ)` are computed once; per
//! series the log-moneyness and the two skewed vols; per scenario only `ln s` (shared by all options) is added,
//! so one repricing is two normal tails (table + Taylor series, no division, no `exp`) and a few `i64`
//! multiplications. Nothing per scenario is a 128-bit multiply or division call, and no buffer of the engine is
//! larger than a few hundred bytes (the output's scenario vector is the accumulator), so the peak stack for 64
//! positions on 8 underlyings is 4.2 KB (was 21.7 KB). Measured (`scripts/wasm-cost-risk-math.sh`): 1 option
//! 180k WASM instructions, 8 options 0.70M, the 32-position 2-underlying book 2.48M (before: 0.76M, 4.39M,
//! 16.5M); on the local Stylus chain that book's `computeMargin` went from 581,956 to 142,557 gas of
//! computation, about 49k of it the options' repricing.

mod aggregate;
mod engine;
mod grid;
mod params;
mod pricer;

use core::fmt;

pub use aggregate::{aggregate, portfolio_margin, PortfolioMargin};
pub use engine::{
    assess_underlying, assess_underlying_into, underlying_greeks, NetGreeks, UnderlyingRisk,
};
pub use grid::{scenario_at, scenario_count, Scenario, VolShift, TAIL_SPOT_MOVES};
pub use params::{
    AggregationParams, ParamField, RiskParams, SpreadPair, MAX_GRID_STEPS, MAX_HORIZON_SECS,
    MAX_SPREAD_CREDIT, MIN_HORIZON_SECS,
};

use crate::portfolio::PositionKind;
use crate::MathError;

/// Why a margin could not be computed. Variants mirror the `PortfolioNetting*` errors of the on-chain interface
/// and carry the offending values.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarginError {
    /// More positions than the limit.
    TooManyPositions {
        /// Positions given.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// More underlyings than the limit.
    TooManyUnderlyings {
        /// Underlyings in the portfolio.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// A position is malformed: an option with strike 0, a delta-one position with a strike, or size 0.
    InvalidPosition {
        /// Index of the position in the portfolio.
        index: usize,
        /// Its kind.
        kind: PositionKind,
        /// Its strike (WAD raw).
        strike: u128,
        /// Its size (WAD raw).
        size: i128,
    },
    /// An option or dated future has expired (expiry at or before the valuation time).
    PositionExpired {
        /// Index of the position in the portfolio.
        index: usize,
        /// Its expiry.
        expiry_secs: u64,
        /// The valuation time.
        now_secs: u64,
    },
    /// No risk parameters for an underlying of the portfolio.
    UnderlyingNotListed {
        /// The underlying.
        underlying: u32,
    },
    /// No market data for an underlying of the portfolio.
    MissingMarketData {
        /// The underlying.
        underlying: u32,
    },
    /// Market data given twice for one underlying.
    DuplicateMarketData {
        /// The underlying.
        underlying: u32,
    },
    /// Spot or vol is zero.
    InvalidMarketData {
        /// The underlying.
        underlying: u32,
        /// Spot (WAD raw).
        spot: u128,
        /// Vol (WAD raw).
        vol: u128,
    },
    /// A risk parameter is outside its hard bounds.
    ParamOutOfBounds {
        /// The field.
        field: ParamField,
        /// Its value (WAD raw, or a plain integer for integer fields).
        value: u128,
        /// Lower bound.
        min: u128,
        /// Upper bound.
        max: u128,
    },
    /// A spread pair names the same underlying twice.
    InvalidSpreadPair {
        /// First underlying.
        first: u32,
        /// Second underlying.
        second: u32,
    },
    /// A spread credit is above [`MAX_SPREAD_CREDIT`].
    SpreadCreditOutOfBounds {
        /// The credit (WAD raw).
        credit: u128,
        /// The maximum (WAD raw).
        max: u128,
    },
    /// A portfolio limit or the credit floor is outside its hard bounds.
    LimitOutOfBounds {
        /// The value.
        value: u128,
        /// Lower bound.
        min: u128,
        /// Upper bound.
        max: u128,
    },
    /// The caller's output buffer has fewer slots than the portfolio has underlyings.
    OutputTooSmall {
        /// Slots needed.
        needed: usize,
        /// Slots given.
        len: usize,
    },
    /// Fixed-point arithmetic failed while computing the margin of `underlying`.
    Math {
        /// The underlying.
        underlying: u32,
        /// What failed.
        error: MathError,
    },
}

impl fmt::Display for MarginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::{SignedWad, Wad};
        match *self {
            Self::TooManyPositions { count, max } => write!(f, "{count} positions, at most {max} allowed"),
            Self::TooManyUnderlyings { count, max } => write!(f, "{count} underlyings, at most {max} allowed"),
            Self::InvalidPosition { index, kind, strike, size } => write!(
                f,
                "position {index} is invalid: {kind:?} with strike {} and size {} (options need strike > 0, \
                 delta-one positions strike 0, every position size != 0)",
                Wad::from_raw(strike),
                SignedWad::from_raw(size)
            ),
            Self::PositionExpired { index, expiry_secs, now_secs } => {
                write!(f, "position {index} expired at {expiry_secs} (valuation time {now_secs})")
            }
            Self::UnderlyingNotListed { underlying } => write!(f, "underlying {underlying} has no risk parameters"),
            Self::MissingMarketData { underlying } => write!(f, "underlying {underlying} has no market data"),
            Self::DuplicateMarketData { underlying } => {
                write!(f, "underlying {underlying} has market data twice")
            }
            Self::InvalidMarketData { underlying, spot, vol } => write!(
                f,
                "underlying {underlying} market data invalid: spot {} and vol {} must be > 0",
                Wad::from_raw(spot),
                Wad::from_raw(vol)
            ),
            Self::ParamOutOfBounds { field, value, min, max } => {
                write!(f, "{} = {value} is outside [{min}, {max}]", field.name())
            }
            Self::InvalidSpreadPair { first, second } => {
                write!(f, "spread pair ({first}, {second}) must name two different underlyings")
            }
            Self::SpreadCreditOutOfBounds { credit, max } => {
                write!(f, "spread credit {} is above {}", Wad::from_raw(credit), Wad::from_raw(max))
            }
            Self::LimitOutOfBounds { value, min, max } => write!(f, "limit {value} is outside [{min}, {max}]"),
            Self::OutputTooSmall { needed, len } => {
                write!(f, "output buffer has {len} slots, {needed} underlyings need one each")
            }
            Self::Math { underlying, error } => write!(f, "underlying {underlying}: {error}"),
        }
    }
}
