//! Scenario repricing of one option series: everything that does not depend on the scenario is computed once
//! (forward, standardisation, log-moneyness, shocked vols, `σ√τ` and its inverse), so a repricing under a spot
//! multiplier `s` and a vol state costs one addition of the shared `ln s`, one multiplication for `d1`, two normal
//! tails ([`crate::normal::tail_and_pdf_q62`]: a table and a short Taylor series, no division or `exp`) and three
//! multiplications, all in `i64` with [`fixed::mul_shr`] / [`fixed::mul_wide`] (no `__multi3` call on the usual
//! path; the `i128` quotient remains only for `|ln(sF/K)|` beyond the fast path's range, see [`VolState`]).
//!
//! Black-76 in standardised units, as the core pricer (`crate::black`): with `H = max(F, K)`, `a = F/H`,
//! `b = K/H`, a call is worth `D·H·(s·a·N(d1) − b·N(d2))` and a put `D·H·(b·N(−d2) − s·a·N(−d1))`, where
//! `d1 = (ln(F/K) + ln s)/v + v/2`, `d2 = d1 − v`, `v = σ'√τ`. So every intermediate is at most `s ≤ 6`.

use crate::black::{years_from_secs, OptionKind};
use crate::elementary::{exp_q60, ln_ratio_q60, scale_q60, sqrt_wad_to_q60};
use crate::fixed::{self, ONE};
use crate::normal::{cdf_pair_q62, FAST_CUTOFF_Q60, ONE_Q62};
use crate::portfolio::SECONDS_PER_DAY;
use crate::scenario::grid::{VOL_DOWN, VOL_NONE, VOL_UP};
use crate::scenario::RiskParams;
use crate::wad::{mul_div, mul_div_signed, SignedWad, Wad, WAD_SCALE};
use crate::{exp, MathError, RoundMode};

/// Vol states of the skew scenarios: for the "linear" and the "abs" variant, the tilt `σ(1 + t)` and its mirror
/// `σ(1 − t)`.
pub(crate) const VOL_SKEW: [[usize; 2]; 2] = [[3, 4], [5, 6]];
/// Number of vol states an option carries.
const VOL_STATES: usize = 7;

/// Total vol `σ√τ` (Q60) from which an option is worth its `v → ∞` limit (as the core pricer).
const MAX_TOTAL_VOL_Q60: i128 = 40 << 60;

/// Largest `|r·τ|` accepted (WAD): beyond it a forward or discount factor is meaningless for margin.
const MAX_RATE_TIME_WAD: i128 = 10 * WAD_SCALE as i128;

/// 30 days in seconds: the tenor at which vol shocks are `U` and `Dn` exactly.
const VOL_PIVOT_SECS: u128 = 30 * SECONDS_PER_DAY as u128;

/// Skew cap slope (`c = c₀ − 0.1·√τ`), Derive PMRM_2.
const SKEW_CAP_SLOPE_Q60: i128 = ONE / 10;
/// Smallest skew normaliser `k*` (0.01).
const SKEW_KSTAR_MIN_Q60: i128 = ONE / 100;
/// Skew normaliser slope (`k* = 4 · 0.6 · √τ = 2.4·√τ`).
const SKEW_KSTAR_SLOPE_Q60: i128 = 12 * ONE / 5;

/// One vol state of a series: `v = σ'√τ` and `1/v` in the forms the pricer multiplies with.
#[derive(Clone, Copy, Default)]
struct VolState {
    /// `v` (Q60).
    total_vol: i128,
    /// `1/v` (Q60), 0 where `v` is 0 or beyond the limit.
    inv: i128,
    /// `1/v` as `mantissa · 2^shift` (Q60) with `mantissa < 2^62`, truncated (relative error below 2^-61).
    mantissa: i64,
    shift: u32,
    /// `|x|` (Q60) below which `x << shift` fits in 62 bits, so `x/v` is one [`fixed::mul_wide`].
    fast_bound: u128,
}

impl VolState {
    fn new(total_vol: i128) -> Result<Self, MathError> {
        if total_vol <= 0 || total_vol >= MAX_TOTAL_VOL_Q60 {
            return Ok(Self {
                total_vol,
                ..Self::default()
            });
        }
        // ONE < 2^66, so the shifted numerator fits; inv <= 2^120 (v >= one Q60 unit).
        let inv = fixed::div(ONE, total_vol)?;
        let shift = (128 - inv.leading_zeros()).saturating_sub(62);
        Ok(Self {
            total_vol,
            inv,
            mantissa: (inv >> shift) as i64,
            shift,
            fast_bound: (1u128 << 62) >> shift,
        })
    }

    /// Returns `x / v` in Q60 (`v` strictly between 0 and the limit), saturated as [`quotient`].
    #[inline]
    fn over_v(&self, x: i128) -> i128 {
        if x.unsigned_abs() < self.fast_bound {
            // |x << shift| < 2^62 and mantissa < 2^62: the product is below 2^124; x·inv = that · 2^-60.
            let p = fixed::mul_wide((x as i64) << self.shift, self.mantissa);
            (p + (1 << 59)) >> 60
        } else {
            quotient(x, self.inv)
        }
    }
}

/// One option series prepared for scenario repricing.
pub(crate) struct OptionSeries {
    kind: OptionKind,
    /// `F/H` and `K/H` (Q60, at most 1).
    a: i64,
    b: i64,
    /// `ln(F/K)` (Q60).
    log_moneyness: i128,
    /// Per vol state.
    vols: [VolState; VOL_STATES],
    /// Standardised value at `s = 1`, vol unchanged (Q60).
    pub(crate) base: i64,
    /// `D·H` (WAD): quote value of one unit of standardised value per unit of size.
    pub(crate) discounted_scale: u128,
    /// Years to expiry (WAD).
    pub(crate) tau: Wad,
}

/// Returns `a·b` for Q60 values of any size, as `round(a·b / 2^60)`, through a 256-bit product.
fn mul_q60_wide(a: u128, b: u128) -> Result<i128, MathError> {
    let q = scale_q60(a, b, 0)?;
    i128::try_from(q).map_err(|_| MathError::Overflow)
}

impl OptionSeries {
    /// Prepares a series of `kind` struck at `strike` expiring `secs_to_expiry` seconds after the valuation time,
    /// on spot `spot` with vol `vol` and rate `rate`, under `params`.
    ///
    /// # Errors
    /// `DomainViolation` for `|r·τ| > 10`; `Overflow` for values outside the fixed-point ranges.
    pub(crate) fn new(
        kind: OptionKind,
        strike: Wad,
        secs_to_expiry: u64,
        spot: Wad,
        vol: Wad,
        rate: SignedWad,
        params: &RiskParams,
    ) -> Result<Self, MathError> {
        let tau = years_from_secs(secs_to_expiry, 0)?;
        let rt = mul_div_signed(
            rate.raw(),
            tau.raw() as i128,
            WAD_SCALE as i128,
            RoundMode::Down,
        )?;
        if rt.unsigned_abs() > MAX_RATE_TIME_WAD.unsigned_abs() {
            return Err(MathError::DomainViolation);
        }
        let forward = spot
            .mul_wad(exp(SignedWad::from_raw(rt))?, RoundMode::Down)?
            .raw();
        let discount = exp(SignedWad::from_raw(-rt))?.raw();
        if forward == 0 {
            return Err(MathError::Underflow);
        }
        let k = strike.raw();
        let h = forward.max(k);
        let a = mul_div(forward, ONE as u128, h, RoundMode::Down)? as i128;
        let b = mul_div(k, ONE as u128, h, RoundMode::Down)? as i128;
        let log_moneyness = ln_ratio_q60(forward, k)?;
        let discounted_scale = mul_div(h, discount, WAD_SCALE, RoundMode::Down)?;

        // Vol shock multiplier m = (30d / max(T, 1d))^p.
        let secs = u128::from(secs_to_expiry.max(SECONDS_PER_DAY));
        let power = if secs <= VOL_PIVOT_SECS {
            params.short_term_power
        } else {
            params.long_term_power
        };
        let ln_ratio = ln_ratio_q60(VOL_PIVOT_SECS, secs)?;
        // power <= 1 and |ln ratio| < 45 (u64 seconds), so the product is small and exp's argument <= 3.5.
        let m = exp_q60(fixed::mul(fixed::from_wad(power.raw() as i128)?, ln_ratio)) as u128;
        let sigma = fixed::from_wad(vol.raw() as i128)? as u128;
        let up_factor = ONE as u128
            + scale_q60(
                fixed::from_wad(params.vol_up_shock.raw() as i128)? as u128,
                m,
                0,
            )?;
        let min_up = fixed::from_wad(params.min_vol_up.raw() as i128)? as u128;
        let sigma_up = scale_q60(sigma, up_factor, 0)?.max(min_up);
        let down_cut = scale_q60(
            fixed::from_wad(params.vol_down_shock.raw() as i128)? as u128,
            m,
            0,
        )?;
        let sigma_down = scale_q60(sigma, (ONE as u128).saturating_sub(down_cut), 0)?;

        // Skew: vol × (1 + clamp(k c / k*, -c, c)), k = ln(K/F), c = max(0, c0 - 0.1 √τ), k* = max(0.01, 2.4 √τ).
        let sqrt_tau = sqrt_wad_to_q60(tau);
        let c0 = fixed::from_wad(params.skew_shock.raw() as i128)?;
        let cap = (c0 - mul_q60_wide(SKEW_CAP_SLOPE_Q60 as u128, sqrt_tau)?).max(0);
        let k_star = mul_q60_wide(SKEW_KSTAR_SLOPE_Q60 as u128, sqrt_tau)?.max(SKEW_KSTAR_MIN_Q60);
        let skew_k = -log_moneyness;
        // |k| < 2^67 and cap <= 1, so |k·cap| < 2^127 before the shift.
        let tilt = |k: i128| -> i128 {
            let raw =
                fixed::div(fixed::mul(k, cap), k_star).unwrap_or(if k < 0 { -cap } else { cap });
            raw.clamp(-cap, cap)
        };
        // cap <= 1, so 1 ± t >= 0.
        let (linear, abs) = (tilt(skew_k), tilt(skew_k.abs()));
        let skewed = |t: i128| scale_q60(sigma, (ONE + t) as u128, 0);
        let sigmas = [
            sigma_up,
            sigma,
            sigma_down,
            skewed(linear)?,
            skewed(-linear)?,
            skewed(abs)?,
            skewed(-abs)?,
        ];
        let mut vols = [VolState::default(); VOL_STATES];
        for (slot, s) in vols.iter_mut().zip(sigmas) {
            let v = scale_q60(s, sqrt_tau, 0)?.min(MAX_TOTAL_VOL_Q60 as u128) as i128;
            *slot = VolState::new(v)?;
        }
        let mut series = Self {
            kind,
            // a, b <= 1 (Q60).
            a: a as i64,
            b: b as i64,
            log_moneyness,
            vols,
            base: 0,
            discounted_scale,
            tau,
        };
        series.base = series.value(0, ONE as i64, VOL_NONE as usize);
        Ok(series)
    }

    /// Returns the standardised value (Q60) under spot multiplier `s` (Q60, `0 < s <= 7`, with `ln_s = ln s`)
    /// in vol state `state`.
    ///
    /// # Accuracy
    /// Each tail is within 1e-18 of `Φ` (see [`crate::normal`]) and each product is rounded down by at most 3
    /// units of 2^-60, so the value is within about `(s·a + b)·1e-18 + 8e-18` of Black-76 at the rounded `d1`.
    pub(crate) fn value(&self, ln_s: i64, s: i64, state: usize) -> i64 {
        // s <= 7 and a <= 1 (Q60): s·a < 2^63.
        let sa = fixed::mul_shr::<60>(s, self.a);
        let st = &self.vols[state];
        let x = self.log_moneyness + i128::from(ln_s);
        // (Φ(d1), Φ(−d1)) and (Φ(d2), Φ(−d2)) in Q62.
        let (n1, n2) = if st.total_vol == 0 {
            // Intrinsic value: the sign of ln(sF/K) decides; at the money both legs are worth nothing.
            let n = match x.signum() {
                1 => (ONE_Q62, 0),
                -1 => (0, ONE_Q62),
                _ => (ONE_Q62 / 2, ONE_Q62 / 2),
            };
            (n, n)
        } else if st.total_vol >= MAX_TOTAL_VOL_Q60 {
            ((ONE_Q62, 0), (0, ONE_Q62))
        } else {
            // |x/v| < 2^67 (or saturated) and v < 40: no overflow, and the tails saturate on their own.
            let d1 = st.over_v(x) + st.total_vol / 2;
            (cdf_pair_q62(d1), cdf_pair_q62(d1 - st.total_vol))
        };
        // sa < 2^63 and b <= 2^60 times a Q62 probability: products below 2^125, results Q60.
        match self.kind {
            OptionKind::Call => {
                (fixed::mul_shr::<62>(sa, n1.0) - fixed::mul_shr::<62>(self.b, n2.0)).clamp(0, sa)
            }
            OptionKind::Put => (fixed::mul_shr::<62>(self.b, n2.1) - fixed::mul_shr::<62>(sa, n1.1))
                .clamp(0, self.b),
        }
    }
}

/// Returns `x · inv` in Q60, saturated to `±4·FAST_CUTOFF` when the product would not fit in `i128`.
///
/// Saturation is exact for the CDF: if `bits(|x|) + bits(inv) > 126` with `|x| < 2^67` (log-moneyness of WAD
/// values plus `ln s` and `rτ`), then `inv ≥ 2^59` so `v ≤ 2`, and `|x/v| ≥ 64`, so `|d1|, |d2| ≥ 63`: both CDFs
/// are already 0 or 1.
#[inline]
fn quotient(x: i128, inv: i128) -> i128 {
    let bits =
        (128 - x.unsigned_abs().leading_zeros()) + (128 - inv.unsigned_abs().leading_zeros());
    if bits <= 126 {
        // |x · inv| < 2^126.
        (x * inv + (1 << 59)) >> 60
    } else if x < 0 {
        -4 * FAST_CUTOFF_Q60 as i128
    } else {
        4 * FAST_CUTOFF_Q60 as i128
    }
}

/// Returns `floor(notional · w / 2^60)` for a signed WAD `notional` and a signed Q60 `w`: two exact 64×64-bit
/// products ([`fixed::mul_wide`], no `__multi3` call) of the notional's halves.
///
/// # Errors
/// `Overflow` when the result does not fit in `i128` (or exceeds 2^126 in magnitude in its high part).
pub(crate) fn scale_signed(notional: i128, w: i64) -> Result<i128, MathError> {
    // notional = high · 2^64 + low with low in [0, 2^64).
    let high = fixed::mul_wide((notional >> 64) as i64, w);
    let low = fixed::mul_wide_u(notional as u64, w);
    if high.unsigned_abs() >= 1 << 122 {
        return Err(MathError::Overflow);
    }
    // floor((high · 2^64 + low) / 2^60) = high · 2^4 + floor(low / 2^60), exactly.
    (high << 4)
        .checked_add(low >> 60)
        .ok_or(MathError::Overflow)
}

/// Vol-state index for a grid vol state.
pub(crate) const fn state_index(vol: u8) -> usize {
    match vol {
        VOL_UP => 0,
        VOL_DOWN => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::black::{EuropeanOption, Underlying};

    fn wad(x: f64) -> Wad {
        Wad::from_raw((x * 1e18).round() as u128)
    }

    #[test]
    fn base_value_matches_core_black_pricer() {
        let params = RiskParams::default();
        for (kind, strike, days, vol, rate) in [
            (OptionKind::Call, 100.0, 30, 0.6, 0.05),
            (OptionKind::Put, 80.0, 7, 0.9, 0.0),
            (OptionKind::Call, 150.0, 365, 0.5, -0.02),
            (OptionKind::Put, 120.0, 1, 1.2, 0.03),
        ] {
            let secs = days * SECONDS_PER_DAY;
            let s = OptionSeries::new(
                kind,
                wad(strike),
                secs,
                wad(100.0),
                wad(vol),
                SignedWad::from_raw((rate * 1e18) as i128),
                &params,
            )
            .unwrap();
            let value = scale_signed(s.discounted_scale as i128, s.base).unwrap();
            let reference = EuropeanOption {
                kind,
                underlying: Underlying::Spot(wad(100.0)),
                strike: wad(strike),
                expiry_years: years_from_secs(secs, 0).unwrap(),
                vol: wad(vol),
                rate: SignedWad::from_raw((rate * 1e18) as i128),
            }
            .price()
            .unwrap();
            // Same formulas, different rounding paths: agree to 1e-15 of spot.
            assert!(
                (value - reference.raw() as i128).abs() < 100_000,
                "{kind:?} {strike}: {value} vs {}",
                reference.raw()
            );
        }
    }

    #[test]
    fn quotient_saturates_only_when_cdf_saturated() {
        assert_eq!(quotient(ONE, ONE), ONE);
        assert_eq!(quotient(-3 * ONE, ONE / 2), -3 * ONE / 2);
        assert_eq!(quotient(ONE << 6, ONE << 61), 4 * FAST_CUTOFF_Q60 as i128);
        assert_eq!(quotient(-(ONE << 6), ONE << 61), -4 * FAST_CUTOFF_Q60 as i128);
    }

    #[test]
    fn scale_signed_rounds_toward_negative_infinity() {
        let half = (ONE / 2) as i64;
        assert_eq!(scale_signed(3, half).unwrap(), 1);
        assert_eq!(scale_signed(-3, half).unwrap(), -2);
        assert_eq!(scale_signed(i128::MAX, 2 * ONE as i64), Err(MathError::Overflow));
        assert_eq!(scale_signed(-(1 << 100) - 7, -(ONE as i64) / 4), Ok((1 << 98) + 1));
    }
}
