//! Cross-underlying aggregation with spread credits (methodology §5.2).
//!
//! For a configured pair `(a, b)` with credit `c`, let `L_a`, `L_b` be the scan losses and `L_ab` the worst loss
//! of the *joint* scenario vector `pnl_a[i] + pnl_b[i]` (both underlyings shocked by the same fraction of their
//! own scan range, in the same direction, with the same vol state: a comonotonic stress). `L_a + L_b − L_ab` is
//! what the two books hedge each other at perfect correlation (0 for same-direction books); the credit is
//!
//! `credit = c · min(L_a + L_b − L_ab, L_a, L_b)`, scaled by the smaller `m_IM` (`m_MM`) of the two,
//!
//! so it never exceeds `c` times the smaller leg. Writing the total as
//! `Σ_u (1 − Σ_{p∋u} c_p)·L_u + Σ_p c_p·max(L_ab, L_a, L_b)` shows it is a non-negative combination of maxima of
//! scenario losses: subadditive and positively homogeneous, so a cross-underlying hedge never raises margin.
//! That needs `Σ_{p∋u} c_p ≤ 1` for every underlying, which [`AggregationParams::validate`] enforces. The total
//! is then floored: never below `credit_floor` times the largest single-underlying margin, never negative.
//!
//! Pairs are credited only when both underlyings use the same scenario layout in worst-loss mode (the vectors
//! are paired index by index); otherwise the pair gives no credit.

use crate::portfolio::{MarketData, Position, MAX_UNDERLYINGS};
use crate::scenario::engine::{assess_underlying_into, UnderlyingRisk, ES_LAYOUT_BIT};
use crate::scenario::{AggregationParams, MarginError, RiskParams};
use crate::{MathError, RoundMode, SignedWad, Wad};

/// Margin of a whole portfolio.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PortfolioMargin {
    /// Initial margin after spread credits.
    pub initial_margin: Wad,
    /// Maintenance margin after spread credits.
    pub maintenance_margin: Wad,
    /// Credit actually subtracted from the summed per-underlying initial margins (after the floor).
    pub initial_credit: Wad,
    /// Credit actually subtracted from the summed per-underlying maintenance margins.
    pub maintenance_credit: Wad,
    /// Sum of the per-underlying marks.
    pub mark_to_market: SignedWad,
    /// Number of underlyings aggregated.
    pub underlyings: usize,
}

/// Aggregates per-underlying results into portfolio margins with the spread credits of `agg`.
///
/// Pairs naming an underlying absent from `risks` are skipped.
///
/// # Errors
/// `LimitOutOfBounds`, `InvalidSpreadPair` or `SpreadCreditOutOfBounds` if `agg` fails its validation;
/// `TooManyUnderlyings` above [`MAX_UNDERLYINGS`]; `Math` (underlying 0) on overflow.
pub fn aggregate(
    risks: &[UnderlyingRisk],
    agg: &AggregationParams<'_>,
) -> Result<PortfolioMargin, MarginError> {
    agg.validate()?;
    if risks.len() > MAX_UNDERLYINGS {
        return Err(MarginError::TooManyUnderlyings {
            count: risks.len(),
            max: MAX_UNDERLYINGS,
        });
    }
    let math = |error: MathError| MarginError::Math {
        underlying: 0,
        error,
    };
    let mut credit_im = Wad::ZERO;
    let mut credit_mm = Wad::ZERO;
    for pair in agg.spread_pairs {
        let find = |id: u32| risks.iter().position(|r| r.underlying == id);
        let (Some(a), Some(b)) = (find(pair.first), find(pair.second)) else {
            continue;
        };
        let (ra, rb) = (&risks[a], &risks[b]);
        if ra.layout != rb.layout || ra.layout & ES_LAYOUT_BIT != 0 {
            continue;
        }
        let mut joint_worst: i128 = 0;
        for (x, y) in ra.pnl().iter().zip(rb.pnl()) {
            joint_worst = joint_worst.min(
                x.raw()
                    .checked_add(y.raw())
                    .ok_or(math(MathError::Overflow))?,
            );
        }
        let joint = Wad::from_raw(joint_worst.unsigned_abs());
        let (la, lb) = (ra.scan_loss, rb.scan_loss);
        // In worst-loss mode L_ab <= L_a + L_b (the same scenarios), so the hedge term is >= 0.
        let hedge = la
            .checked_add(lb)
            .map_err(math)?
            .checked_sub(joint.min(la.checked_add(lb).map_err(math)?))
            .map_err(math)?;
        let base = hedge
            .min(la)
            .min(lb)
            .mul_wad(pair.credit, RoundMode::Down)
            .map_err(math)?;
        credit_im = credit_im
            .checked_add(
                base.mul_wad(ra.im_factor.min(rb.im_factor), RoundMode::Down)
                    .map_err(math)?,
            )
            .map_err(math)?;
        credit_mm = credit_mm
            .checked_add(
                base.mul_wad(ra.mm_factor.min(rb.mm_factor), RoundMode::Down)
                    .map_err(math)?,
            )
            .map_err(math)?;
    }
    let mut sum_im = Wad::ZERO;
    let mut sum_mm = Wad::ZERO;
    let mut max_im = Wad::ZERO;
    let mut max_mm = Wad::ZERO;
    let mut mtm = SignedWad::ZERO;
    for r in risks {
        sum_im = sum_im.checked_add(r.initial_margin).map_err(math)?;
        sum_mm = sum_mm.checked_add(r.maintenance_margin).map_err(math)?;
        max_im = max_im.max(r.initial_margin);
        max_mm = max_mm.max(r.maintenance_margin);
        mtm = mtm.checked_add(r.mark_to_market).map_err(math)?;
    }
    let floored = |sum: Wad, credit: Wad, max: Wad| -> Result<Wad, MathError> {
        let floor = max.mul_wad(agg.credit_floor, RoundMode::Up)?;
        Ok(sum
            .checked_sub(credit.min(sum))
            .unwrap_or(Wad::ZERO)
            .max(floor))
    };
    let initial_margin = floored(sum_im, credit_im, max_im).map_err(math)?;
    let maintenance_margin = floored(sum_mm, credit_mm, max_mm).map_err(math)?;
    Ok(PortfolioMargin {
        initial_margin,
        maintenance_margin,
        // The floor can only shrink the credit, so these never underflow.
        initial_credit: sum_im
            .checked_sub(initial_margin.min(sum_im))
            .map_err(math)?,
        maintenance_credit: sum_mm
            .checked_sub(maintenance_margin.min(sum_mm))
            .map_err(math)?,
        mark_to_market: mtm,
        underlyings: risks.len(),
    })
}

/// Computes the margin of a whole portfolio: validates its size against `agg.limits`, assesses each underlying
/// (in order of first appearance) into `out` with the parameters `params_of` returns, and aggregates.
///
/// `markets` needs one entry per underlying of the portfolio; entries for other underlyings are ignored.
///
/// # Errors
/// `TooManyPositions`, `TooManyUnderlyings`, `MissingMarketData`, `DuplicateMarketData`,
/// `UnderlyingNotListed` (`params_of` returned `None`), `OutputTooSmall`, and every error of
/// [`crate::scenario::assess_underlying`] and [`aggregate`].
pub fn portfolio_margin<F>(
    positions: &[Position],
    markets: &[MarketData],
    mut params_of: F,
    agg: &AggregationParams<'_>,
    now_secs: u64,
    out: &mut [UnderlyingRisk],
) -> Result<PortfolioMargin, MarginError>
where
    F: FnMut(u32) -> Option<RiskParams>,
{
    agg.validate()?;
    let max_positions = agg.limits.max_positions as usize;
    if positions.len() > max_positions {
        return Err(MarginError::TooManyPositions {
            count: positions.len(),
            max: max_positions,
        });
    }
    let max_underlyings = agg.limits.max_underlyings as usize;
    let is_first = |i: usize| {
        !positions[..i]
            .iter()
            .any(|q| q.underlying == positions[i].underlying)
    };
    let distinct = (0..positions.len()).filter(|&i| is_first(i)).count();
    if distinct > max_underlyings {
        return Err(MarginError::TooManyUnderlyings {
            count: distinct,
            max: max_underlyings,
        });
    }
    // distinct <= max_underlyings <= MAX_UNDERLYINGS (validated), so the ids fit.
    let mut ids = [0u32; MAX_UNDERLYINGS];
    let mut count = 0usize;
    for i in (0..positions.len()).filter(|&i| is_first(i)) {
        ids[count] = positions[i].underlying;
        count += 1;
    }
    if out.len() < count {
        return Err(MarginError::OutputTooSmall {
            needed: count,
            len: out.len(),
        });
    }
    for (slot, &id) in ids[..count].iter().enumerate() {
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
        let params = params_of(id).ok_or(MarginError::UnderlyingNotListed { underlying: id })?;
        assess_underlying_into(positions, market, &params, now_secs, &mut out[slot])?;
    }
    aggregate(&out[..count], agg)
}
