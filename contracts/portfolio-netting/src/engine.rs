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
    risk_measures::{TailRisk, MAX_SCENARIOS},
    scenario::{
        portfolio_margin, underlying_greeks, AggregationParams, MarginError, NetGreeks,
        RiskParams as EngineParams, SpreadPair, UnderlyingRisk as EngineRisk,
    },
    SignedWad, Wad,
};

use crate::{
    errors::{
        Error, PortfolioNettingInvalidMarketData, PortfolioNettingInvalidPosition,
        PortfolioNettingTooManyUnderlyings,
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

/// Decodes one ABI position.
///
/// # Errors
/// * `PortfolioNettingInvalidPosition` for an unknown kind, a strike above `u128::MAX` or a size outside `i128`.
pub fn decode_position(index: usize, p: &Position) -> Result<rm::Position, Error> {
    let kind = match p.kind {
        0 => Some(PositionKind::DeltaOne),
        1 => Some(PositionKind::Call),
        2 => Some(PositionKind::Put),
        _ => None,
    };
    let strike = u128::try_from(p.strike).ok();
    let size = i128::try_from(p.size).ok();
    match (kind, strike, size) {
        (Some(kind), Some(strike), Some(size)) => Ok(rm::Position {
            underlying: p.underlying,
            kind,
            expiry_secs: p.expiry,
            strike: Wad::from_raw(strike),
            size: SignedWad::from_raw(size),
        }),
        _ => Err(Error::InvalidPosition(PortfolioNettingInvalidPosition {
            index: U256::from(index),
            kind: p.kind,
            strike: p.strike,
            size: p.size,
        })),
    }
}

/// Decodes one ABI market-data entry.
///
/// # Errors
/// * `PortfolioNettingInvalidMarketData` when spot or vol exceed `u128::MAX` or the rate is outside `i128`.
pub fn decode_market(m: &MarketData) -> Result<rm::MarketData, Error> {
    match (
        u128::try_from(m.spot),
        u128::try_from(m.vol),
        i128::try_from(m.rate),
    ) {
        (Ok(spot), Ok(vol), Ok(rate)) => Ok(rm::MarketData {
            underlying: m.underlying,
            spot: Wad::from_raw(spot),
            vol: Wad::from_raw(vol),
            rate: SignedWad::from_raw(rate),
        }),
        _ => Err(Error::InvalidMarketData(
            PortfolioNettingInvalidMarketData {
                underlying: m.underlying,
                spot: m.spot,
                vol: m.vol,
            },
        )),
    }
}

/// Decodes a whole call's inputs, after checking the input sizes against the hard caps so no loop runs over
/// more than [`MAX_POSITIONS`] entries.
///
/// # Errors
/// * `PortfolioNettingTooManyPositions` above the configured limit;
/// * `PortfolioNettingTooManyUnderlyings` for more than [`MAX_POSITIONS`] market-data entries;
/// * decoding errors of [`decode_position`] and [`decode_market`].
pub fn decode(
    portfolio: &[Position],
    market_data: &[MarketData],
    limits: &rm::Limits,
) -> Result<(Vec<rm::Position>, Vec<rm::MarketData>), Error> {
    let max = limits.max_positions as usize;
    if portfolio.len() > max {
        return Err(margin_error(MarginError::TooManyPositions {
            count: portfolio.len(),
            max,
        }));
    }
    if market_data.len() > MAX_POSITIONS {
        return Err(Error::TooManyUnderlyings(
            PortfolioNettingTooManyUnderlyings {
                count: U256::from(market_data.len()),
                max: U256::from(MAX_POSITIONS),
            },
        ));
    }
    let positions = portfolio
        .iter()
        .enumerate()
        .map(|(i, p)| decode_position(i, p))
        .collect::<Result<_, _>>()?;
    let markets = market_data
        .iter()
        .map(decode_market)
        .collect::<Result<_, _>>()?;
    Ok((positions, markets))
}

/// Returns the distinct underlyings of `positions` in order of first appearance.
///
/// # Errors
/// * `PortfolioNettingTooManyUnderlyings` when there are more than `limits.max_underlyings`.
pub fn underlyings_of(positions: &[rm::Position], limits: &rm::Limits) -> Result<Vec<u32>, Error> {
    let mut ids = Vec::with_capacity(MAX_UNDERLYINGS);
    for p in positions {
        if !ids.contains(&p.underlying) {
            ids.push(p.underlying);
        }
    }
    let max = limits.max_underlyings as usize;
    if ids.len() > max {
        return Err(margin_error(MarginError::TooManyUnderlyings {
            count: ids.len(),
            max,
        }));
    }
    Ok(ids)
}

/// Computes the margin of `portfolio` (see `IPortfolioNetting.computeMargin`).
///
/// `params_of(u)` returns the risk parameters of underlying `u` (or `None` if unlisted) and
/// `spread_credit(a, b)` the credit of the unordered pair (zero for none). Pairs are applied in order of the
/// underlyings' first appearance: `(u0, u1), (u0, u2), …, (u1, u2), …`.
///
/// # Errors
/// Every decoding error of [`decode`] and every [`MarginError`] of the engine, mapped by [`margin_error`].
/// The lookups are trait objects so the engine is instantiated once for every caller (`computeMargin`,
/// `dryRunMargin`, off-chain tools), which keeps the WASM small.
pub fn compute_margin(
    portfolio: &[Position],
    market_data: &[MarketData],
    config: &Config,
    params_of: &mut dyn FnMut(u32) -> Option<EngineParams>,
    spread_credit: &mut dyn FnMut(u32, u32) -> Wad,
) -> Result<MarginResult, Error> {
    let (positions, markets) = decode(portfolio, market_data, &config.limits)?;
    let ids = underlyings_of(&positions, &config.limits)?;
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
    let mut out = alloc::vec![blank_risk(); ids.len()];
    let total = portfolio_margin(
        &positions,
        &markets,
        params_of,
        &agg,
        config.now_secs,
        &mut out,
    )
    .map_err(margin_error)?;
    Ok(MarginResult {
        initialMargin: U256::from(total.initial_margin.raw()),
        maintenanceMargin: U256::from(total.maintenance_margin.raw()),
        initialCredit: U256::from(total.initial_credit.raw()),
        maintenanceCredit: U256::from(total.maintenance_credit.raw()),
        markToMarket: signed(total.mark_to_market),
        underlyings: out[..total.underlyings].iter().map(encode_risk).collect(),
    })
}

/// Net Greeks per underlying of `portfolio` (see `IPortfolioNetting.portfolioGreeks`).
///
/// # Errors
/// Decoding errors, `PortfolioNettingTooManyUnderlyings`, `PortfolioNettingMissingMarketData`,
/// `PortfolioNettingDuplicateMarketData`, and the engine's position/market/math errors.
pub fn portfolio_greeks(
    portfolio: &[Position],
    market_data: &[MarketData],
    config: &Config,
) -> Result<Vec<UnderlyingGreeks>, Error> {
    let (positions, markets) = decode(portfolio, market_data, &config.limits)?;
    let ids = underlyings_of(&positions, &config.limits)?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let mut found = None;
        for m in &markets {
            if m.underlying == id {
                if found.is_some() {
                    return Err(margin_error(MarginError::DuplicateMarketData {
                        underlying: id,
                    }));
                }
                found = Some(m);
            }
        }
        let market =
            found.ok_or_else(|| margin_error(MarginError::MissingMarketData { underlying: id }))?;
        let greeks =
            underlying_greeks(&positions, market, config.now_secs).map_err(margin_error)?;
        out.push(encode_greeks(id, &greeks));
    }
    Ok(out)
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

/// Returns an all-zero breakdown used to size the engine's output buffer (risk-math has no `Default` for it:
/// arrays above 32 entries have none).
fn blank_risk() -> EngineRisk {
    EngineRisk {
        underlying: 0,
        greeks: NetGreeks::default(),
        scan_range: Wad::ZERO,
        scenario_count: 0,
        scenario_pnl: [SignedWad::ZERO; MAX_SCENARIOS],
        worst_scenario: 0,
        worst_loss: Wad::ZERO,
        tail: TailRisk {
            var: SignedWad::ZERO,
            es: SignedWad::ZERO,
            var_scenario: 0,
        },
        scan_loss: Wad::ZERO,
        short_option_notional: Wad::ZERO,
        delta_one_notional: Wad::ZERO,
        near_expiry_notional: Wad::ZERO,
        initial_margin: Wad::ZERO,
        maintenance_margin: Wad::ZERO,
        mark_to_market: SignedWad::ZERO,
        im_factor: Wad::ZERO,
        mm_factor: Wad::ZERO,
        layout: 0,
    }
}

/// Maps an engine error to the contract's Solidity error.
#[must_use]
pub fn margin_error(e: MarginError) -> Error {
    use crate::errors::*;
    let u = U256::from;
    match e {
        MarginError::TooManyPositions { count, max } => {
            Error::TooManyPositions(PortfolioNettingTooManyPositions {
                count: u(count),
                max: u(max),
            })
        }
        MarginError::TooManyUnderlyings { count, max } => {
            Error::TooManyUnderlyings(PortfolioNettingTooManyUnderlyings {
                count: u(count),
                max: u(max),
            })
        }
        MarginError::InvalidPosition {
            index,
            kind,
            strike,
            size,
        } => Error::InvalidPosition(PortfolioNettingInvalidPosition {
            index: u(index),
            kind: kind as u8,
            strike: U256::from(strike),
            size: I256::try_from(size).unwrap_or_default(),
        }),
        MarginError::PositionExpired {
            index,
            expiry_secs,
            now_secs,
        } => Error::PositionExpired(PortfolioNettingPositionExpired {
            index: u(index),
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
        MarginError::Math { underlying, error } => Error::from_math(error, underlying),
        // `OutputTooSmall` cannot happen (the buffer is sized from the same ids) and `MarginError` is
        // non-exhaustive: report anything else as a domain violation rather than panicking.
        _ => Error::from_math(ballast_risk_math::MathError::DomainViolation, 0),
    }
}
