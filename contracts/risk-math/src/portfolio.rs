//! Portfolio model of the scenario-margin engine: positions tagged with their underlying, market data per
//! underlying, and the hard caps that bound the engine's work.
//!
//! The shapes mirror the on-chain interface (`abi/interfaces/IPortfolioNetting.sol`: `Position`, `MarketData`), so
//! a contract can hand its decoded calldata to the engine without regrouping it: the engine filters one flat
//! position slice by underlying. Everything here is plain data; nothing allocates.
//!
//! Units: prices and strikes are quote units in WAD; sizes are underlying units in WAD (signed, long > 0); times
//! are Unix seconds; volatilities and rates are annualised fractions in WAD. Every position of an underlying is
//! revalued under the same shocks, so deltas net exactly across venues (methodology §5.1).

use crate::{SignedWad, Wad};

/// Seconds in a day.
pub const SECONDS_PER_DAY: u64 = 86_400;

/// Hard cap on positions in one portfolio (the engine's stack buffers are sized by it); governance limits
/// ([`Limits`]) may only be lower.
pub const MAX_POSITIONS: usize = 64;

/// Hard cap on underlyings in one portfolio.
pub const MAX_UNDERLYINGS: usize = 8;

/// What a position is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PositionKind {
    /// Perpetual (expiry 0) or dated future (expiry > 0): delta-one, valued at spot (perpetual) or at the
    /// forward of its expiry (future).
    DeltaOne,
    /// European call on the forward of its expiry (Black-76).
    Call,
    /// European put on the forward of its expiry (Black-76).
    Put,
}

impl PositionKind {
    /// Returns whether this is an option.
    pub const fn is_option(self) -> bool {
        !matches!(self, Self::DeltaOne)
    }
}

/// One position of a portfolio (the ABI's `Position`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// Underlying id; the position belongs to the [`MarketData`] with the same id.
    pub underlying: u32,
    /// Perpetual/future, call or put.
    pub kind: PositionKind,
    /// Expiry as Unix seconds; 0 for a perpetual. Options and futures must expire after the valuation time.
    pub expiry_secs: u64,
    /// Strike (WAD, quote per underlying): 0 for delta-one positions, `> 0` for options.
    pub strike: Wad,
    /// Signed size in underlying units (WAD); long `> 0`, never 0.
    pub size: SignedWad,
}

/// Market data of one underlying (the ABI's `MarketData`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MarketData {
    /// Underlying id.
    pub underlying: u32,
    /// Spot (index / mark) price in quote units (WAD), `> 0`.
    pub spot: Wad,
    /// Annualised volatility (WAD), `> 0`: the implied vol every option is repriced with, and the forecast that
    /// sets the scan range (see `RiskParams::scan_range`).
    pub vol: Wad,
    /// Continuously compounded carry rate (annualised, WAD, may be negative): the forward of expiry `T` is
    /// `spot · e^{rτ}` and its discount factor `e^{-rτ}`.
    pub rate: SignedWad,
}

/// Governance limits on portfolio size; each at most its hard cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Maximum underlyings per portfolio, `1..=MAX_UNDERLYINGS`.
    pub max_underlyings: u32,
    /// Maximum positions per portfolio, `1..=MAX_POSITIONS`.
    pub max_positions: u32,
}

impl Default for Limits {
    /// The on-chain deployment defaults: 4 underlyings, 32 positions.
    fn default() -> Self {
        Self {
            max_underlyings: 4,
            max_positions: 32,
        }
    }
}
