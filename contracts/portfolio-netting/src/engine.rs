//! Adapter between the ABI structs and risk-math's scenario engine.
//!
//! Decodes `Position`/`MarketData` into [`ballast_risk_math::portfolio`] types (rejecting values the engine's
//! types cannot hold), gathers the spread pairs among the portfolio's underlyings, runs
//! [`portfolio_margin`] and encodes the result. No pricing or scenario logic lives here. It needs no host, so
//! the capital-efficiency example and the tests run exactly this code natively.

use alloc::vec::Vec;

use alloy_primitives::{I256, U256};
use ballast_risk_math::{
    portfolio::{self as rm, PositionKind, MAX_POSITIONS, MAX_UNDERLYINGS},
    scenario::{
        portfolio_margin, underlying_greeks, AggregationParams, MarginError, NetGreeks,
        PortfolioMargin, RiskParams as EngineParams, SpreadPair, UnderlyingRisk as EngineRisk,
    },
    MathError, SignedWad, Wad,
};

use crate::{
    errors::{
        Error, PortfolioNettingDuplicateMarketData, PortfolioNettingInvalidMarketData,
        PortfolioNettingInvalidPosition, PortfolioNettingInvalidSpreadPair,
        PortfolioNettingLimitOutOfBounds, PortfolioNettingMathDivisionByZero,
        PortfolioNettingMathDomainViolation, PortfolioNettingMathOverflow,
        PortfolioNettingMissingMarketData, PortfolioNettingParamOutOfBounds,
        PortfolioNettingPositionExpired, PortfolioNettingSpreadCreditOutOfBounds,
        PortfolioNettingTooManyPositions, PortfolioNettingTooManyUnderlyings,
        PortfolioNettingUnderlyingNotListed,
    },
    types::{MarginResult, MarketData, Position, UnderlyingGreeks, UnderlyingRisk},
};

/// Portfolio-wide settings read from storage (or chosen by an off-chain caller).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    /// Portfolio size limits.
    pub limits: rm::Limits,
    /// Credit floor (WAD fraction).
    pub credit_floor: Wad,
    /// Valuation time, Unix seconds (`block.timestamp` on chain).
    pub now_secs: u64,
}

/// Decodes one position from its ABI field values (`index` is its place in the portfolio).
///
/// # Errors
/// * `PortfolioNettingInvalidPosition` for an unknown kind, a strike above `u128::MAX` or a size outside `i128`.
fn decode_position(
    index: usize,
    underlying: u32,
    kind: u8,
    expiry: u64,
    strike: U256,
    size: I256,
) -> Result<rm::Position, Error> {
    let decoded_kind = match kind {
        0 => Some(PositionKind::DeltaOne),
        1 => Some(PositionKind::Call),
        2 => Some(PositionKind::Put),
        _ => None,
    };
    match (
        decoded_kind,
        u128::try_from(strike).ok(),
        i128::try_from(size).ok(),
    ) {
        (Some(decoded_kind), Some(raw_strike), Some(raw_size)) => Ok(rm::Position {
            underlying,
            kind: decoded_kind,
            expiry_secs: expiry,
            strike: Wad::from_raw(raw_strike),
            size: SignedWad::from_raw(raw_size),
        }),
        _ => Err(Error::InvalidPosition(PortfolioNettingInvalidPosition {
            index: U256::from(index),
            kind,
            strike,
            size,
        })),
    }
}

/// Decodes one market-data entry from its ABI field values.
///
/// # Errors
/// * `PortfolioNettingInvalidMarketData` when spot or vol exceed `u128::MAX` or the rate is outside `i128`.
fn decode_market(
    underlying: u32,
    spot: U256,
    vol: U256,
    rate: I256,
) -> Result<rm::MarketData, Error> {
    match (
        u128::try_from(spot),
        u128::try_from(vol),
        i128::try_from(rate),
    ) {
        (Ok(raw_spot), Ok(raw_vol), Ok(raw_rate)) => Ok(rm::MarketData {
            underlying,
            spot: Wad::from_raw(raw_spot),
            vol: Wad::from_raw(raw_vol),
            rate: SignedWad::from_raw(raw_rate),
        }),
        _ => Err(Error::InvalidMarketData(
            PortfolioNettingInvalidMarketData {
                underlying,
                spot,
                vol,
            },
        )),
    }
}

/// Returns `PortfolioNettingTooManyPositions` when `count` exceeds the configured limit.
///
/// # Errors
/// The error, when there are too many.
pub fn check_position_count(count: usize, limits: &rm::Limits) -> Result<(), Error> {
    let max = limits.max_positions as usize;
    if count > max {
        return Err(margin_error(MarginError::TooManyPositions { count, max }));
    }
    Ok(())
}

/// Returns `PortfolioNettingTooManyUnderlyings` for more than [`MAX_POSITIONS`] market-data entries (more
/// entries than positions can ever use).
///
/// # Errors
/// The error, when there are too many.
pub fn check_market_count(count: usize) -> Result<(), Error> {
    if count > MAX_POSITIONS {
        return Err(Error::TooManyUnderlyings(
            PortfolioNettingTooManyUnderlyings {
                count: U256::from(count),
                max: U256::from(MAX_POSITIONS),
            },
        ));
    }
    Ok(())
}

/// Decodes a whole call's ABI inputs, after checking the input sizes against the caps so no loop runs over more
/// than [`MAX_POSITIONS`] entries.
///
/// # Errors
/// [`check_position_count`], [`check_market_count`], [`decode_position`] and [`decode_market`].
pub fn decode(
    portfolio: &[Position],
    market_data: &[MarketData],
    limits: &rm::Limits,
) -> Result<(Vec<rm::Position>, Vec<rm::MarketData>), Error> {
    check_position_count(portfolio.len(), limits)?;
    check_market_count(market_data.len())?;
    let positions = portfolio
        .iter()
        .enumerate()
        .map(|(i, p)| decode_position(i, p.underlying, p.kind, p.expiry, p.strike, p.size))
        .collect::<Result<_, _>>()?;
    let markets = market_data
        .iter()
        .map(|m| decode_market(m.underlying, m.spot, m.vol, m.rate))
        .collect::<Result<_, _>>()?;
    Ok((positions, markets))
}

/// Returns the distinct underlyings of `positions` in order of first appearance.
///
/// # Errors
/// * `TooManyUnderlyings` when there are more than `limits.max_underlyings`.
pub fn underlyings_of(
    positions: &[rm::Position],
    limits: &rm::Limits,
) -> Result<Vec<u32>, MarginError> {
    let mut ids = Vec::with_capacity(MAX_UNDERLYINGS);
    for p in positions {
        if !ids.contains(&p.underlying) {
            ids.push(p.underlying);
        }
    }
    let max = limits.max_underlyings as usize;
    if ids.len() > max {
        return Err(MarginError::TooManyUnderlyings {
            count: ids.len(),
            max,
        });
    }
    Ok(ids)
}

/// The margin of a decoded portfolio: the engine's totals and per-underlying breakdowns, before any encoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Margin {
    /// Portfolio totals after spread credits.
    pub total: PortfolioMargin,
    /// One breakdown per underlying, in order of first appearance.
    pub risks: Vec<EngineRisk>,
}

impl Margin {
    /// Returns the ABI struct of `computeMargin`.
    #[must_use]
    pub fn to_abi(&self) -> MarginResult {
        MarginResult {
            initialMargin: U256::from(self.total.initial_margin.raw()),
            maintenanceMargin: U256::from(self.total.maintenance_margin.raw()),
            initialCredit: U256::from(self.total.initial_credit.raw()),
            maintenanceCredit: U256::from(self.total.maintenance_credit.raw()),
            markToMarket: signed(self.total.mark_to_market),
            underlyings: self.risks.iter().map(encode_risk).collect(),
        }
    }
}

/// Computes the margin of decoded positions (see `IPortfolioNetting.computeMargin`).
///
/// `params_of(u)` returns the risk parameters of underlying `u` (or `None` if unlisted) and
/// `spread_credit(a, b)` the credit of the unordered pair (zero for none). Pairs are applied in order of the
/// underlyings' first appearance: `(u0, u1), (u0, u2), …, (u1, u2), …`.
///
/// # Errors
/// Every [`MarginError`] of the engine (the ABI callers map it with [`margin_error`]).
/// The lookups are trait objects so the engine is instantiated once for every caller (`computeMargin`,
/// `dryRunMargin`, off-chain tools), which keeps the WASM small.
pub fn margin(
    positions: &[rm::Position],
    markets: &[rm::MarketData],
    config: &Config,
    params_of: &mut dyn FnMut(u32) -> Option<EngineParams>,
    spread_credit: &mut dyn FnMut(u32, u32) -> Wad,
) -> Result<Margin, MarginError> {
    let ids = underlyings_of(positions, &config.limits)?;
    let mut pairs = Vec::new();
    for (i, &a) in ids.iter().enumerate() {
        for &b in &ids[i + 1..] {
            let credit = spread_credit(a, b);
            if !credit.is_zero() {
                pairs.push(SpreadPair {
                    first: a,
                    second: b,
                    credit,
                });
            }
        }
    }
    let agg = AggregationParams {
        spread_pairs: &pairs,
        credit_floor: config.credit_floor,
        limits: config.limits,
    };
    let mut risks = alloc::vec![EngineRisk::EMPTY; ids.len()];
    let total = portfolio_margin(
        positions,
        markets,
        params_of,
        &agg,
        config.now_secs,
        &mut risks,
    )?;
    risks.truncate(total.underlyings);
    Ok(Margin { total, risks })
}

/// Computes the margin of an ABI `portfolio`: [`decode`], then [`margin`], as the ABI struct.
///
/// # Errors
/// Those of [`decode`] and [`margin`].
pub fn compute_margin(
    portfolio: &[Position],
    market_data: &[MarketData],
    config: &Config,
    params_of: &mut dyn FnMut(u32) -> Option<EngineParams>,
    spread_credit: &mut dyn FnMut(u32, u32) -> Wad,
) -> Result<MarginResult, Error> {
    let (positions, markets) = decode(portfolio, market_data, &config.limits)?;
    margin(&positions, &markets, config, params_of, spread_credit)
        .map(|m| m.to_abi())
        .map_err(margin_error)
}

/// Net Greeks per underlying of decoded positions, in order of first appearance.
///
/// # Errors
/// `TooManyUnderlyings`, `MissingMarketData`, `DuplicateMarketData`, and the engine's position/market/math
/// errors.
pub fn greeks(
    positions: &[rm::Position],
    markets: &[rm::MarketData],
    config: &Config,
) -> Result<Vec<(u32, NetGreeks)>, MarginError> {
    let ids = underlyings_of(positions, &config.limits)?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let mut found = None;
        for m in markets {
            if m.underlying == id {
                if found.is_some() {
                    return Err(MarginError::DuplicateMarketData { underlying: id });
                }
                found = Some(m);
            }
        }
        let market = found.ok_or(MarginError::MissingMarketData { underlying: id })?;
        let greeks = underlying_greeks(positions, market, config.now_secs)?;
        out.push((id, greeks));
    }
    Ok(out)
}

/// Net Greeks per underlying of an ABI `portfolio` (see `IPortfolioNetting.portfolioGreeks`).
///
/// # Errors
/// Those of [`decode`] and [`greeks`].
pub fn portfolio_greeks(
    portfolio: &[Position],
    market_data: &[MarketData],
    config: &Config,
) -> Result<Vec<UnderlyingGreeks>, Error> {
    let (positions, markets) = decode(portfolio, market_data, &config.limits)?;
    Ok(greeks(&positions, &markets, config)
        .map_err(margin_error)?
        .iter()
        .map(|(id, g)| encode_greeks(*id, g))
        .collect())
}

/// Converts a signed WAD to `int256`.
fn signed(x: SignedWad) -> I256 {
    I256::try_from(x.raw()).unwrap_or_default()
}

/// Encodes one underlying's Greeks.
fn encode_greeks(underlying: u32, g: &NetGreeks) -> UnderlyingGreeks {
    UnderlyingGreeks {
        underlying,
        delta: signed(g.delta),
        gamma: signed(g.gamma),
        vega: signed(g.vega),
        theta: signed(g.theta),
    }
}

/// Encodes one underlying's breakdown.
fn encode_risk(r: &EngineRisk) -> UnderlyingRisk {
    UnderlyingRisk {
        greeks: encode_greeks(r.underlying, &r.greeks),
        scanRange: U256::from(r.scan_range.raw()),
        worstScenario: U256::from(r.worst_scenario),
        scanLoss: U256::from(r.scan_loss.raw()),
        initialMargin: U256::from(r.initial_margin.raw()),
        maintenanceMargin: U256::from(r.maintenance_margin.raw()),
        markToMarket: signed(r.mark_to_market),
        scenarioPnl: r.pnl().iter().map(|v| signed(*v)).collect(),
    }
}

/// Maps an engine error to the contract's Solidity error; the one place that table lives.
#[must_use]
pub fn margin_error(e: MarginError) -> Error {
    match e {
        MarginError::TooManyPositions { count, max } => {
            Error::TooManyPositions(PortfolioNettingTooManyPositions {
                count: U256::from(count),
                max: U256::from(max),
            })
        }
        MarginError::TooManyUnderlyings { count, max } => {
            Error::TooManyUnderlyings(PortfolioNettingTooManyUnderlyings {
                count: U256::from(count),
                max: U256::from(max),
            })
        }
        MarginError::InvalidPosition {
            index,
            kind,
            strike,
            size,
        } => Error::InvalidPosition(PortfolioNettingInvalidPosition {
            index: U256::from(index),
            kind: kind as u8,
            strike: U256::from(strike),
            size: I256::try_from(size).unwrap_or_default(),
        }),
        MarginError::PositionExpired {
            index,
            expiry_secs,
            now_secs,
        } => Error::PositionExpired(PortfolioNettingPositionExpired {
            index: U256::from(index),
            expiry: expiry_secs,
            timestamp: now_secs,
        }),
        MarginError::UnderlyingNotListed { underlying } => {
            Error::UnderlyingNotListed(PortfolioNettingUnderlyingNotListed { underlying })
        }
        MarginError::MissingMarketData { underlying } => {
            Error::MissingMarketData(PortfolioNettingMissingMarketData { underlying })
        }
        MarginError::DuplicateMarketData { underlying } => {
            Error::DuplicateMarketData(PortfolioNettingDuplicateMarketData { underlying })
        }
        MarginError::InvalidMarketData {
            underlying,
            spot,
            vol,
        } => Error::InvalidMarketData(PortfolioNettingInvalidMarketData {
            underlying,
            spot: U256::from(spot),
            vol: U256::from(vol),
        }),
        // The contract validates parameters before the engine sees them (`params::validate`, which names the
        // underlying); the engine's own report has none.
        MarginError::ParamOutOfBounds {
            field,
            value,
            min,
            max,
        } => Error::ParamOutOfBounds(PortfolioNettingParamOutOfBounds {
            underlying: 0,
            fieldIndex: U256::from(field.index()),
            value: U256::from(value),
            min: U256::from(min),
            max: U256::from(max),
        }),
        MarginError::InvalidSpreadPair { first, second } => {
            Error::InvalidSpreadPair(PortfolioNettingInvalidSpreadPair {
                underlyingA: first,
                underlyingB: second,
            })
        }
        MarginError::SpreadCreditOutOfBounds { credit, max } => {
            Error::SpreadCreditOutOfBounds(PortfolioNettingSpreadCreditOutOfBounds {
                credit: U256::from(credit),
                max: U256::from(max),
            })
        }
        MarginError::LimitOutOfBounds { value, min, max } => {
            Error::LimitOutOfBounds(PortfolioNettingLimitOutOfBounds {
                value: U256::from(value),
                min: U256::from(min),
                max: U256::from(max),
            })
        }
        MarginError::Math {
            underlying,
            error: MathError::Overflow,
        } => Error::MathOverflow(PortfolioNettingMathOverflow { underlying }),
        MarginError::Math {
            underlying,
            error: MathError::DivisionByZero,
        } => Error::MathDivisionByZero(PortfolioNettingMathDivisionByZero { underlying }),
        MarginError::Math { underlying, .. } => {
            Error::MathDomainViolation(PortfolioNettingMathDomainViolation { underlying })
        }
        // `OutputTooSmall` cannot happen (buffers are sized from the same ids) and `MarginError` is non-exhaustive:
        // a domain violation rather than a panic.
        _ => Error::MathDomainViolation(PortfolioNettingMathDomainViolation { underlying: 0 }),
    }
}
