//! Per-underlying scenario margin: revalue the positions of one underlying under its scenario set, take the scan
//! loss, and add the short-option minimum, perp and near-expiry charges (methodology §1.2, §5.4).
//!
//! # Margins of one underlying
//! With scan loss `L` (worst loss, or ES in ES mode), `SOM` the spot notional of net short options per strike and
//! expiry, `G` the gross delta-one notional and `E` the spot notional of net short series within the near-expiry
//! window:
//!
//! - `MM = max(m_MM·L, som_mm·SOM) + perp_mm·G + near·E`
//! - `IM = max(m_IM·L, (som_mm + som_im)·SOM) + (perp_mm + perp_im)·G + near·E`
//!
//! Every term is subadditive and positively homogeneous in the positions (a max of linear functions, `|·|` of
//! sums, positive parts of netted sizes), so a hedge never raises margin.

use crate::black::OptionKind;
use crate::normal::norm_cdf_fast;
use crate::portfolio::{MarketData, Position, PositionKind, MAX_POSITIONS};
use crate::risk_measures::{value_at_risk_and_es, TailRisk, MAX_SCENARIOS};
use crate::scenario::grid::{Grid, VOL_NONE};
use crate::scenario::pricer::{
    basis_move, scale_signed, scale_wide, ExpiryTerms, GreekWeights, OptionSeries,
};
use crate::scenario::{MarginError, RiskParams, MAX_GRID_STEPS};
use crate::wad::{mul_div, mul_div_signed, SignedWad, Wad, WAD_SCALE};
use crate::{sqrt, years_from_secs, MathError, RoundMode, SECONDS_PER_YEAR};

/// Bit of [`UnderlyingRisk::layout`] set in Expected Shortfall mode.
pub(crate) const ES_LAYOUT_BIT: u32 = 1 << 11;

/// Confidence of the VaR/ES reported in worst-loss mode (99%).
const REPORT_CONFIDENCE: Wad = Wad::from_raw(990_000_000_000_000_000);

/// Net sensitivities of an underlying's positions at current market data (Black-Scholes on spot with the rate;
/// delta-one positions contribute delta only).
///
/// Computed from the engine's prepared option series with the fast normal (`Φ` within 2e-18, `φ` from `exp`), summed as
/// `size ×` per-unit weights rounded down, then scaled by spot once per underlying. Per unit, against
/// [`crate::EuropeanOption::greeks`] (measured on a grid of moneyness 0.5-2, one hour to two years, vol 5%-250%,
/// `scenario::pricer` tests): delta within 2e-15, gamma within `4e-13/S`, vega within `4e-16·S`, theta within
/// `3e-14·S`, the worst at `σ√τ = 5e-4` (the error grows like `1e-18/(σ√τ)`); plus a few wei of rounding per
/// series.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NetGreeks {
    /// `∂V/∂S` in underlying units (WAD).
    pub delta: SignedWad,
    /// `∂²V/∂S²` per quote unit (WAD).
    pub gamma: SignedWad,
    /// `∂V/∂σ` per 1.0 of vol, quote (WAD).
    pub vega: SignedWad,
    /// `−∂V/∂τ` per year, quote (WAD).
    pub theta: SignedWad,
}

/// Margin breakdown of one underlying before spread credits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnderlyingRisk {
    /// The underlying.
    pub underlying: u32,
    /// Net Greeks at current market data.
    pub greeks: NetGreeks,
    /// Scan range `R` used.
    pub scan_range: Wad,
    /// Number of valid entries in `scenario_pnl`.
    pub scenario_count: usize,
    /// Portfolio PnL (quote, WAD) per scenario, in the order of [`crate::scenario::scenario_at`].
    pub scenario_pnl: [SignedWad; MAX_SCENARIOS],
    /// Index of the scenario with the largest loss (the first one on ties).
    pub worst_scenario: usize,
    /// Largest loss over all scenarios, `≥ 0`.
    pub worst_loss: Wad,
    /// VaR and ES of the core grid (each price point at its worst vol state, weighted by the normal mass of its
    /// cell at the horizon) at `es_confidence`, or 99% in worst-loss mode.
    pub tail: TailRisk,
    /// Scan loss `L`: `worst_loss`, or in ES mode `max(ES, worst tail/skew/basis loss, 0)`.
    pub scan_loss: Wad,
    /// Spot notional of net short options per strike and expiry.
    pub short_option_notional: Wad,
    /// Gross delta-one notional `Σ|size|·price`.
    pub delta_one_notional: Wad,
    /// Spot notional of net short series inside the near-expiry window.
    pub near_expiry_notional: Wad,
    /// Initial margin of this underlying.
    pub initial_margin: Wad,
    /// Maintenance margin of this underlying.
    pub maintenance_margin: Wad,
    /// Value of the options at current market data (delta-one positions count 0).
    pub mark_to_market: SignedWad,
    /// `m_IM` of the underlying (for spread credits in initial margin).
    pub im_factor: Wad,
    /// `m_MM` of the underlying.
    pub mm_factor: Wad,
    /// Scenario layout key (grid steps, which blocks are on, ES mode): spread credits pair two underlyings'
    /// scenario vectors index by index, so only equal layouts in worst-loss mode are paired.
    pub layout: u32,
}

impl Default for UnderlyingRisk {
    /// An empty result (no positions, no scenarios): the initial value of an output slot.
    fn default() -> Self {
        Self::EMPTY
    }
}

impl UnderlyingRisk {
    /// An empty result (no positions, no scenarios): the initial value of an output slot.
    pub const EMPTY: Self = Self {
        underlying: 0,
        greeks: NetGreeks {
            delta: SignedWad::ZERO,
            gamma: SignedWad::ZERO,
            vega: SignedWad::ZERO,
            theta: SignedWad::ZERO,
        },
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
    };

    /// Returns the valid part of the scenario vector.
    pub fn pnl(&self) -> &[SignedWad] {
        &self.scenario_pnl[..self.scenario_count]
    }
}

/// Checks one position of the underlying (ABI rules) and returns its seconds to expiry (0 for a perpetual).
fn check_position(index: usize, p: &Position, now_secs: u64) -> Result<u64, MarginError> {
    let bad_strike = if p.kind.is_option() {
        p.strike.is_zero()
    } else {
        !p.strike.is_zero()
    };
    if bad_strike || p.size.raw() == 0 {
        return Err(MarginError::InvalidPosition {
            index,
            kind: p.kind,
            strike: p.strike.raw(),
            size: p.size.raw(),
        });
    }
    let perpetual = p.kind == PositionKind::DeltaOne && p.expiry_secs == 0;
    if perpetual {
        return Ok(0);
    }
    if p.expiry_secs <= now_secs {
        return Err(MarginError::PositionExpired {
            index,
            expiry_secs: p.expiry_secs,
            now_secs,
        });
    }
    Ok(p.expiry_secs - now_secs)
}

/// Returns the scan range `R = clamp(k·σ·√(h/year), R_min, R_max)`, and the horizon vol `σ√(h/year)`.
fn scan_range(params: &RiskParams, vol: Wad) -> Result<(Wad, Wad), MathError> {
    let horizon_years =
        Wad::from_raw(u128::from(params.horizon_secs) * WAD_SCALE / u128::from(SECONDS_PER_YEAR));
    let horizon_vol = vol.mul_wad(sqrt(horizon_years, RoundMode::Down), RoundMode::Up)?;
    let range = params.vol_multiplier.mul_wad(horizon_vol, RoundMode::Up)?;
    Ok((
        range
            .max(params.scan_range_floor)
            .min(params.scan_range_cap),
        horizon_vol,
    ))
}

impl RiskParams {
    /// Returns the scan range `R = clamp(vol_multiplier · σ · √(horizon), scan_range_floor, scan_range_cap)` for
    /// annualised vol `vol`.
    ///
    /// # Errors
    /// `Overflow` for an absurd vol.
    ///
    /// # Rounding
    /// Up.
    pub fn scan_range(&self, vol: Wad) -> Result<Wad, MathError> {
        scan_range(self, vol).map(|(r, _)| r)
    }
}

/// Adds `x` to `acc`, or `Overflow`.
#[inline]
fn add(acc: &mut i128, x: i128) -> Result<(), MathError> {
    *acc = acc.checked_add(x).ok_or(MathError::Overflow)?;
    Ok(())
}

/// Adds `x` (raw WAD) to a scenario PnL, or `Overflow`.
#[inline]
fn add_pnl(pnl: &mut SignedWad, x: i128) -> Result<(), MathError> {
    *pnl = SignedWad::from_raw(pnl.raw().checked_add(x).ok_or(MathError::Overflow)?);
    Ok(())
}

/// Returns `|size|·price` for a WAD size and price.
fn notional(size: i128, price: u128) -> Result<u128, MathError> {
    mul_div(size.unsigned_abs(), price, WAD_SCALE, RoundMode::Up)
}

/// Returns `x·f` for WADs, rounded up.
fn scale_up(x: Wad, f: Wad) -> Result<Wad, MathError> {
    x.mul_wad(f, RoundMode::Up)
}

/// The options of one underlying, sorted by (expiry, strike, kind): indices into the portfolio.
struct SortedOptions {
    idx: [u8; MAX_POSITIONS],
    len: usize,
}

impl SortedOptions {
    fn key(p: &Position) -> (u64, u128, bool) {
        (p.expiry_secs, p.strike.raw(), p.kind == PositionKind::Put)
    }

    fn insert(&mut self, positions: &[Position], i: usize) {
        let key = Self::key(&positions[i]);
        let mut j = self.len;
        while j > 0 && Self::key(&positions[self.idx[j - 1] as usize]) > key {
            self.idx[j] = self.idx[j - 1];
            j -= 1;
        }
        // Overflow not possible: i < MAX_POSITIONS = 64 (checked by the caller).
        self.idx[j] = i as u8;
        self.len += 1;
    }
}

/// Returns the net Greeks of `market.underlying`'s positions in `positions` at `now_secs`, without scenarios.
///
/// # Errors
/// As [`assess_underlying`] for malformed positions and market data; `Math` on overflow.
pub fn underlying_greeks(
    positions: &[Position],
    market: &MarketData,
    now_secs: u64,
) -> Result<NetGreeks, MarginError> {
    check_market(market)?;
    let math = |error: MathError| MarginError::Math {
        underlying: market.underlying,
        error,
    };
    // Greeks do not depend on the shocks; any valid parameters prepare the unshocked vol state.
    let params = RiskParams::default();
    let mut sums = GreekSums::default();
    let mut expiry = ExpiryTerms::EMPTY;
    // Consecutive options of one expiry share its terms (an option's expiry is never 0).
    let mut terms_secs = 0u64;
    let mut series = OptionSeries::EMPTY;
    let mut delta_one: i128 = 0;
    for (index, p) in positions.iter().enumerate() {
        if p.underlying != market.underlying {
            continue;
        }
        let secs = check_position(index, p, now_secs)?;
        if p.kind.is_option() {
            if p.expiry_secs != terms_secs {
                expiry.update(secs, market, &params).map_err(math)?;
                terms_secs = p.expiry_secs;
            }
            series
                .update(option_kind(p.kind), p.strike, &expiry)
                .map_err(math)?;
            let notional = series_notional(&series, p.size.raw()).map_err(math)?;
            sums.add(&expiry, &series, p.size.raw(), notional)
                .map_err(math)?;
        } else {
            add(
                &mut delta_one,
                delta_one_delta(p, secs, market).map_err(math)?,
            )
            .map_err(math)?;
        }
    }
    sums.finish(market, delta_one).map_err(math)
}

/// The option kind of an option position.
fn option_kind(kind: PositionKind) -> OptionKind {
    if kind == PositionKind::Put {
        OptionKind::Put
    } else {
        OptionKind::Call
    }
}

/// Returns the delta (underlying units, WAD) of a delta-one position: its size, times `e^(rτ)` for a dated future
/// (a future on `F = S e^(rτ)` moves by `e^(rτ)` per unit of spot).
fn delta_one_delta(p: &Position, secs: u64, market: &MarketData) -> Result<i128, MathError> {
    if secs == 0 {
        return Ok(p.size.raw());
    }
    let tau = years_from_secs(secs, 0)?;
    let rt = market.rate.mul_wad(tau.to_signed()?, RoundMode::Down)?;
    Ok(p.size
        .mul_wad(crate::exp(rt)?.to_signed()?, RoundMode::Down)?
        .raw())
}

/// Per-underlying sums over option series of `size ×` the Greek weights and the mark (WAD each), turned into
/// [`NetGreeks`] by [`GreekSums::finish`].
#[derive(Default)]
struct GreekSums {
    delta: i128,
    gamma_spot: i128,
    vega_per_spot: i128,
    decay_per_spot: i128,
    mark: i128,
}

/// Returns the quote notional `size · D·H` (WAD) of `size` units of `series`, rounded down.
fn series_notional(series: &OptionSeries, size: i128) -> Result<i128, MathError> {
    mul_div_signed(
        size,
        series.discounted_scale as i128,
        WAD_SCALE as i128,
        RoundMode::Down,
    )
}

impl GreekSums {
    /// Adds `size` (WAD) units of `series` (quote notional `notional`, [`series_notional`]) of `expiry`.
    fn add(
        &mut self,
        expiry: &ExpiryTerms,
        series: &OptionSeries,
        size: i128,
        notional: i128,
    ) -> Result<(), MathError> {
        let mut w = GreekWeights::default();
        series.greek_weights(expiry, &mut w)?;
        add(&mut self.delta, scale_wide(size, w.delta)?)?;
        add(&mut self.gamma_spot, scale_wide(size, w.gamma_spot)?)?;
        add(&mut self.vega_per_spot, scale_wide(size, w.vega_per_spot)?)?;
        add(
            &mut self.decay_per_spot,
            scale_wide(size, w.decay_per_spot)?,
        )?;
        add(&mut self.mark, scale_signed(notional, series.base)?)
    }

    /// Returns the net Greeks with `delta_one` (WAD) the delta-one positions' delta: gamma `Σ/S`, vega `S·Σ`,
    /// theta `r·(V − S·Δ_options) − S·Σ φσ/(2√τ)` (per year).
    fn finish(&self, market: &MarketData, delta_one: i128) -> Result<NetGreeks, MathError> {
        let spot = i128::try_from(market.spot.raw()).map_err(|_| MathError::Overflow)?;
        let wad = WAD_SCALE as i128;
        let times_spot = |x: i128| mul_div_signed(x, spot, wad, RoundMode::Down);
        let carry = mul_div_signed(
            market.rate.raw(),
            self.mark
                .checked_sub(times_spot(self.delta)?)
                .ok_or(MathError::Overflow)?,
            wad,
            RoundMode::Down,
        )?;
        Ok(NetGreeks {
            delta: SignedWad::from_raw(
                self.delta
                    .checked_add(delta_one)
                    .ok_or(MathError::Overflow)?,
            ),
            gamma: SignedWad::from_raw(mul_div_signed(
                self.gamma_spot,
                wad,
                spot,
                RoundMode::Down,
            )?),
            vega: SignedWad::from_raw(times_spot(self.vega_per_spot)?),
            theta: SignedWad::from_raw(
                carry
                    .checked_sub(times_spot(self.decay_per_spot)?)
                    .ok_or(MathError::Overflow)?,
            ),
        })
    }
}

/// Checks spot and vol are non-zero.
fn check_market(market: &MarketData) -> Result<(), MarginError> {
    if market.spot.is_zero() || market.vol.is_zero() {
        return Err(MarginError::InvalidMarketData {
            underlying: market.underlying,
            spot: market.spot.raw(),
            vol: market.vol.raw(),
        });
    }
    Ok(())
}

/// Computes the scenario PnL vector and margins of the positions of `market.underlying` in `positions` (other
/// underlyings' positions are skipped), valued at `now_secs` with `params`.
///
/// # Errors
/// - `ParamOutOfBounds` if `params` fails [`RiskParams::validate`];
/// - `InvalidMarketData` for zero spot or vol;
/// - `TooManyPositions` when the underlying has more than [`MAX_POSITIONS`] positions;
/// - `InvalidPosition` / `PositionExpired` for a malformed or expired position (with its index in `positions`);
/// - `Math` (with the underlying) on overflow or a forward/discount outside range (`|r·τ| > 10`).
///
/// # Rounding
/// Scenario PnL is rounded toward −∞ and margins up, so every figure errs on the conservative side by at most a
/// few wei per position and scenario.
pub fn assess_underlying(
    positions: &[Position],
    market: &MarketData,
    params: &RiskParams,
    now_secs: u64,
) -> Result<UnderlyingRisk, MarginError> {
    let mut out = UnderlyingRisk::default();
    assess_underlying_into(positions, market, params, now_secs, &mut out)?;
    Ok(out)
}

/// [`assess_underlying`] writing into `out` in place (no copy of the result; what [`crate::scenario::portfolio_margin`]
/// uses). On error `out` holds unspecified partial values.
///
/// # Errors
/// As [`assess_underlying`].
pub fn assess_underlying_into(
    positions: &[Position],
    market: &MarketData,
    params: &RiskParams,
    now_secs: u64,
    out: &mut UnderlyingRisk,
) -> Result<(), MarginError> {
    params.validate()?;
    check_market(market)?;
    let id = market.underlying;
    let mut options = SortedOptions {
        idx: [0; MAX_POSITIONS],
        len: 0,
    };
    let mut count = 0usize;
    // Linear exposure: net notional moving with spot, and the dated futures' PnL in the basis-up scenario.
    let mut linear_notional: i128 = 0;
    let mut basis_pnl: i128 = 0;
    let mut gross_delta_one: u128 = 0;
    let mut delta_one_delta_sum: i128 = 0;
    let math = |error: MathError| MarginError::Math {
        underlying: id,
        error,
    };
    for (index, p) in positions.iter().enumerate() {
        if p.underlying != id {
            continue;
        }
        count += 1;
        if count > MAX_POSITIONS || index >= MAX_POSITIONS {
            return Err(MarginError::TooManyPositions {
                count: count.max(index + 1),
                max: MAX_POSITIONS,
            });
        }
        let secs = check_position(index, p, now_secs)?;
        if p.kind.is_option() {
            options.insert(positions, index);
            continue;
        }
        let (price, basis) = if secs == 0 {
            (market.spot.raw(), 0)
        } else {
            let tau = years_from_secs(secs, 0).map_err(math)?;
            let rt = market
                .rate
                .mul_wad(tau.to_signed().map_err(math)?, RoundMode::Down)
                .map_err(math)?;
            let price = market
                .spot
                .mul_wad(crate::exp(rt).map_err(math)?, RoundMode::Down)
                .map_err(math)?;
            (price.raw(), basis_move(params, tau).map_err(math)?)
        };
        add(
            &mut delta_one_delta_sum,
            delta_one_delta(p, secs, market).map_err(math)?,
        )
        .map_err(math)?;
        let signed = mul_div_signed(
            p.size.raw(),
            price as i128,
            WAD_SCALE as i128,
            RoundMode::Down,
        )
        .map_err(math)?;
        add(&mut linear_notional, signed).map_err(math)?;
        if basis != 0 {
            let up = mul_div_signed(signed, basis as i128, WAD_SCALE as i128, RoundMode::Down)
                .map_err(math)?;
            add(&mut basis_pnl, up).map_err(math)?;
        }
        gross_delta_one = gross_delta_one
            .checked_add(notional(p.size.raw(), price).map_err(math)?)
            .ok_or(math(MathError::Overflow))?;
    }

    let (range, horizon_vol) = scan_range(params, market.vol).map_err(math)?;
    let grid = Grid::new(params, range);
    // The output's scenario vector is the accumulator (raw PnL), so nothing is filled or copied twice.
    let pnl = &mut out.scenario_pnl;
    for slot in &mut pnl[grid.priced..] {
        *slot = SignedWad::ZERO;
    }
    // A price point's vol states share its move: one product per point.
    let mut last: Option<(i64, i128)> = None;
    grid.for_each_priced(|k, sc| {
        let linear = match last {
            Some((m, value)) if m == sc.spot_move_wad => value,
            _ if linear_notional == 0 => 0,
            _ => mul_div_signed(
                linear_notional,
                i128::from(sc.spot_move_wad),
                WAD_SCALE as i128,
                RoundMode::Down,
            )?,
        };
        last = Some((sc.spot_move_wad, linear));
        pnl[k] = SignedWad::from_raw(linear);
        Ok(())
    })
    .map_err(math)?;
    if let Some(b) = grid.basis {
        pnl[b] = SignedWad::from_raw(basis_pnl);
        pnl[b + 1] = SignedWad::from_raw(basis_pnl.checked_neg().ok_or(math(MathError::Overflow))?);
    }

    let totals =
        revalue_options(positions, &options, market, params, &grid, now_secs, pnl).map_err(math)?;

    // Dampen the tail; the skew and basis blocks are already final.
    grid.for_each_priced(|k, sc| {
        if sc.dampening != WAD_SCALE as u64 {
            pnl[k] = SignedWad::from_raw(mul_div_signed(
                pnl[k].raw(),
                i128::from(sc.dampening),
                WAD_SCALE as i128,
                RoundMode::Down,
            )?);
        }
        Ok(())
    })
    .map_err(math)?;
    let (worst_scenario, worst_pnl) =
        pnl[..grid.count]
            .iter()
            .enumerate()
            .fold((0, i128::MAX), |(wi, wv), (i, v)| {
                if v.raw() < wv {
                    (i, v.raw())
                } else {
                    (wi, wv)
                }
            });
    let worst_loss = loss_of(worst_pnl);

    let confidence = if params.is_expected_shortfall() {
        params.es_confidence
    } else {
        REPORT_CONFIDENCE
    };
    let mut tail = core_tail_risk(pnl, &grid, params, horizon_vol, confidence).map_err(math)?;
    // VaR and ES are a quantile and an average of core-grid losses, so neither exceeds the worst of them;
    // the upward rounding of the weighted average can overshoot it by a few wei, which is clamped here.
    let worst_core_pnl = pnl[..grid.core].iter().map(|v| v.raw()).min().unwrap_or(0);
    let worst_core_loss = SignedWad::from_raw(worst_core_pnl.saturating_neg());
    tail.es = tail.es.min(worst_core_loss);
    tail.var = tail.var.min(tail.es);
    let scan_loss = if params.is_expected_shortfall() {
        let stress = pnl[grid.core..grid.count]
            .iter()
            .map(|v| loss_of(v.raw()))
            .max()
            .unwrap_or(Wad::ZERO);
        let es = tail.es.to_unsigned().unwrap_or(Wad::ZERO);
        es.max(stress)
    } else {
        worst_loss
    };

    let spot = market.spot;
    let som_notional = Wad::from_raw(
        totals
            .short_strike_units
            .checked_mul(1)
            .ok_or(math(MathError::Overflow))?,
    );
    let short_option_notional =
        Wad::from_raw(notional(som_notional.raw() as i128, spot.raw()).map_err(math)?);
    let near_expiry_notional =
        Wad::from_raw(notional(totals.near_expiry_units as i128, spot.raw()).map_err(math)?);
    let delta_one_notional = Wad::from_raw(gross_delta_one);

    let m = |r: Result<Wad, MathError>| r.map_err(math);
    let som_mm = m(scale_up(short_option_notional, params.short_option_min_mm))?;
    let som_im = m(scale_up(
        short_option_notional,
        m(params
            .short_option_min_mm
            .checked_add(params.short_option_min_im))?,
    ))?;
    let perp_mm = m(scale_up(delta_one_notional, params.perp_charge_mm))?;
    let perp_im = m(scale_up(
        delta_one_notional,
        m(params.perp_charge_mm.checked_add(params.perp_charge_im))?,
    ))?;
    let near = m(scale_up(near_expiry_notional, params.near_expiry_charge))?;
    let maintenance_margin = m(m(scale_up(scan_loss, params.mm_factor))?
        .max(som_mm)
        .checked_add(perp_mm)
        .and_then(|x| x.checked_add(near)))?;
    let initial_margin = m(m(scale_up(scan_loss, params.im_factor))?
        .max(som_im)
        .checked_add(perp_im)
        .and_then(|x| x.checked_add(near)))?;

    let layout = params.grid_steps
        | (u32::from(!params.tail_dampening.is_zero()) << 8)
        | (u32::from(!params.skew_shock.is_zero()) << 9)
        | (u32::from(!params.basis_shock.is_zero()) << 10)
        | (u32::from(params.is_expected_shortfall()) * ES_LAYOUT_BIT);

    out.underlying = id;
    out.greeks = totals
        .greeks
        .finish(market, delta_one_delta_sum)
        .map_err(math)?;
    out.scan_range = range;
    out.scenario_count = grid.count;
    out.worst_scenario = worst_scenario;
    out.worst_loss = worst_loss;
    out.tail = tail;
    out.scan_loss = scan_loss;
    out.short_option_notional = short_option_notional;
    out.delta_one_notional = delta_one_notional;
    out.near_expiry_notional = near_expiry_notional;
    out.initial_margin = initial_margin;
    out.maintenance_margin = maintenance_margin;
    out.mark_to_market = SignedWad::from_raw(totals.greeks.mark);
    out.im_factor = params.im_factor;
    out.mm_factor = params.mm_factor;
    out.layout = layout;
    Ok(())
}

/// Returns `max(0, −pnl)` as a WAD.
fn loss_of(pnl: i128) -> Wad {
    if pnl < 0 {
        Wad::from_raw(pnl.unsigned_abs())
    } else {
        Wad::ZERO
    }
}

/// Sums the options pass produces besides the scenario PnL.
struct OptionTotals {
    /// Greeks and mark of the options.
    greeks: GreekSums,
    /// Underlying units (WAD) of net short options per strike and expiry.
    short_strike_units: u128,
    /// Underlying units (WAD) of net short series inside the near-expiry window.
    near_expiry_units: u128,
}

/// Reprices every distinct option series in every scenario and adds its PnL to `acc` (quote WAD, before tail
/// dampening); fills the skew and basis blocks.
#[allow(clippy::too_many_arguments)]
fn revalue_options(
    positions: &[Position],
    options: &SortedOptions,
    market: &MarketData,
    params: &RiskParams,
    grid: &Grid,
    now_secs: u64,
    acc: &mut [SignedWad; MAX_SCENARIOS],
) -> Result<OptionTotals, MathError> {
    let mut totals = OptionTotals {
        greeks: GreekSums::default(),
        short_strike_units: 0,
        near_expiry_units: 0,
    };
    let sorted = &options.idx[..options.len];
    let mut i = 0;
    let mut skew_expiry = [[0i128; 2]; 2];
    let mut strike_net: i128 = 0;
    // Reused slots, updated in place (an option's expiry is after the valuation time, so never 0).
    let mut expiry = ExpiryTerms::EMPTY;
    let mut terms_secs = 0u64;
    let mut series = OptionSeries::EMPTY;
    while i < sorted.len() {
        let first = &positions[sorted[i] as usize];
        // Merge the run of identical series.
        let mut size: i128 = 0;
        let mut j = i;
        while j < sorted.len() {
            let p = &positions[sorted[j] as usize];
            if SortedOptions::key(p) != SortedOptions::key(first) {
                break;
            }
            size = size.checked_add(p.size.raw()).ok_or(MathError::Overflow)?;
            j += 1;
        }
        strike_net = strike_net.checked_add(size).ok_or(MathError::Overflow)?;
        let secs = first.expiry_secs - now_secs;
        if size != 0 {
            // Series are sorted by expiry: the expiry's terms are prepared once for all its strikes.
            if first.expiry_secs != terms_secs {
                expiry.update(secs, market, params)?;
                terms_secs = first.expiry_secs;
            }
            series.update(option_kind(first.kind), first.strike, &expiry)?;
            let notional = series_notional(&series, size)?;
            totals.greeks.add(&expiry, &series, size, notional)?;
            // The hot loop: one repricing per priced scenario.
            grid.for_each_priced(|k, sc| {
                let w = series.value(&expiry, sc.ln_spot, sc.spot, usize::from(sc.vol));
                add_pnl(&mut acc[k], scale_signed(notional, w - series.base)?)
            })?;
            if grid.skew.is_some() {
                for (sums, changes) in skew_expiry.iter_mut().zip(series.skew_changes(&expiry)) {
                    for (sum, change) in sums.iter_mut().zip(changes) {
                        add(sum, scale_signed(notional, change)?)?;
                    }
                }
            }
            if let Some(b) = grid.basis {
                for t in 0..2 {
                    let (s, ln_s) = expiry.basis[t];
                    let w = series.value(&expiry, ln_s, s, VOL_NONE as usize);
                    add_pnl(&mut acc[b + t], scale_signed(notional, w - series.base)?)?;
                }
            }
            if size < 0 && secs <= u64::from(params.near_expiry_secs) {
                totals.near_expiry_units = totals
                    .near_expiry_units
                    .checked_add(size.unsigned_abs())
                    .ok_or(MathError::Overflow)?;
            }
        }
        let next = sorted.get(j).map(|&n| &positions[n as usize]);
        let strike_ends =
            next.is_none_or(|n| n.expiry_secs != first.expiry_secs || n.strike != first.strike);
        if strike_ends {
            if strike_net < 0 {
                totals.short_strike_units = totals
                    .short_strike_units
                    .checked_add(strike_net.unsigned_abs())
                    .ok_or(MathError::Overflow)?;
            }
            strike_net = 0;
        }
        let expiry_ends = next.is_none_or(|n| n.expiry_secs != first.expiry_secs);
        if expiry_ends {
            if let Some(s) = grid.skew {
                for (variant, [tilt, mirror]) in skew_expiry.iter().enumerate() {
                    // Each expiry's skew PnL counts in its worse direction.
                    add_pnl(&mut acc[s + variant], (*tilt).min(*mirror))?;
                }
            }
            skew_expiry = [[0; 2]; 2];
        }
        i = j;
    }
    Ok(totals)
}

/// VaR/ES of the core grid: each price point `j` at its worst vol state, weighted by the normal mass of its cell
/// `[(j − ½)·R/N, (j + ½)·R/N]` at the horizon vol (edges take the tails; methodology §2.1).
fn core_tail_risk(
    pnl: &[SignedWad; MAX_SCENARIOS],
    grid: &Grid,
    params: &RiskParams,
    horizon_vol: Wad,
    confidence: Wad,
) -> Result<TailRisk, MathError> {
    const POINTS: usize = 2 * MAX_GRID_STEPS as usize + 1;
    let steps = params.grid_steps as usize;
    let points = 2 * steps + 1;
    let mut losses = [SignedWad::ZERO; POINTS];
    let mut index = [0usize; POINTS];
    // Core layout: j = -N (1 scenario), j = -N+1..N-1 (3 each), j = N (1).
    let mut k = 0;
    for (p, slot) in losses.iter_mut().enumerate().take(points) {
        let states = if p == 0 || p == points - 1 { 1 } else { 3 };
        let mut worst = pnl[k];
        let mut at = k;
        for (q, value) in pnl.iter().enumerate().skip(k).take(states) {
            if *value < worst {
                worst = *value;
                at = q;
            }
        }
        *slot = worst.checked_neg()?;
        index[p] = at;
        k += states;
    }
    // Cell boundaries in standard deviations: (j + 1/2) R / (N σ_h) for j = 0..N-1; Φ at each.
    let mut weights = [Wad::ZERO; POINTS];
    let step = mul_div(
        grid.scan_range.raw(),
        WAD_SCALE,
        (steps as u128) * horizon_vol.raw().max(1),
        RoundMode::Down,
    )?;
    let mut below = Wad::from_raw(WAD_SCALE / 2); // Φ(0): the centre cell is symmetric.
    let mut prev_cdf = Wad::ZERO;
    for j in 0..steps {
        let boundary = step
            .checked_mul(2 * j as u128 + 1)
            .ok_or(MathError::Overflow)?
            / 2;
        // Φ from the fast table (within one unit); kept non-decreasing so no cell mass is negative.
        let cdf = norm_cdf_fast(Wad::from_raw(boundary)).max(prev_cdf);
        if j == 0 {
            // Centre cell mass 2Φ(b_0) − 1.
            weights[steps] = Wad::from_raw(2 * cdf.raw() - WAD_SCALE);
        } else {
            let mass = cdf.checked_sub(prev_cdf)?;
            weights[steps + j] = mass;
            weights[steps - j] = mass;
        }
        prev_cdf = cdf;
        below = cdf;
    }
    let edge = Wad::ONE.checked_sub(below)?;
    weights[points - 1] = edge;
    weights[0] = edge;
    let mut r = value_at_risk_and_es(&losses[..points], &weights[..points], confidence).map_err(
        |e| match e {
            crate::risk_measures::RiskMeasureError::Math(m) => m,
            _ => MathError::DomainViolation,
        },
    )?;
    r.var_scenario = index[r.var_scenario];
    Ok(r)
}
