//! The standard normal distribution: [`norm_cdf`] `Φ` and [`norm_pdf`] `φ`, and their Q60 cores.
//!
//! # Method
//! For `x <= 0`, `Φ(x) = φ(x) R(-x)` where `R(x) = Φ(-x)/φ(x)` is the Mills ratio. On `[0, 10]`, `R` is a
//! degree-21 polynomial in `u = (2x - 5)/(x + 5)` (a Möbius map of `[0, 10]` onto `[-1, 1]`, as in Schonfelder's
//! Chebyshev expansions of erfc), fitted with mpmath at 50 digits (`scripts/gen-risk-math-constants.py`; fit
//! error 2.3e-20, 3.0e-19 with the coefficients rounded to Q62). For `x > 0`, `Φ(x) = 1 - Φ(-x)`, so
//! `Φ(x) + Φ(-x) = 1` holds by construction. Beyond `|x| >= 10`, `Φ` is 0 or 1 and `φ` is 0 (both below 1e-22).
//!
//! The tail `Φ(x)` for `x < 0` is computed as a product, never as `1 - something`, so its error is absolute
//! ~1e-18 everywhere and no cancellation occurs.

use crate::constants::{INV_SQRT_2PI_Q60, MILLS_Q62};
use crate::elementary::{exp_parts, shift_round};
use crate::fixed::{self, shr_round, ONE};
use crate::wad::{SignedWad, Wad};

/// `|x|` (Q60) from which `Φ` is taken as exactly 0 or 1 and `φ` as 0.
pub(crate) const CDF_CUTOFF_Q60: i128 = 10 * ONE;

/// Returns `(m, k)` with `φ(ax) ≈ m * 2^k`, `m` in Q60 within `[0.28, 0.57]`, for `0 <= ax < 10` (Q60).
fn pdf_parts(ax: i128) -> (i128, i32) {
    // ax < 10 * 2^60, so ax² < 2^126.7 fits in i128 and ax²/2 <= 50 is inside exp's domain.
    let half_sq = fixed::mul(ax, ax) >> 1;
    let (m, k) = exp_parts(-half_sq);
    (fixed::mul(m, INV_SQRT_2PI_Q60), k)
}

/// Returns `(m, k)` with the upper tail `Φ(-ax) ≈ m * 2^k`, `m` in Q60 (at least 0.027, so at least 55
/// significant bits), for `0 <= ax < 10` (Q60). The relative error is below 1e-16 even far in the tail.
pub(crate) fn tail_parts(ax: i128) -> (i128, i32) {
    tail_and_pdf_parts(ax).0
}

/// Returns [`tail_parts`] and the density `φ(ax) = m * 2^k` (both mantissa/exponent pairs, `m` in Q60), which
/// the tail computes anyway, for `0 <= ax < 10` (Q60).
pub(crate) fn tail_and_pdf_parts(ax: i128) -> ((i128, i32), (i128, i32)) {
    // u in [-1, 1]; the numerator is below 15 * 2^60 < 2^66 and the denominator is at least 5.
    let u = fixed::div(2 * ax - 5 * ONE, ax + 5 * ONE).unwrap_or(0);
    // Horner in Q62 i64: |u| <= 1 and every partial sum is below 1.26 (see MILLS_Q62), so nothing overflows.
    let u62 = (u << 2) as i64;
    let mut r = MILLS_Q62[0];
    for c in &MILLS_Q62[1..] {
        r = fixed::mul_q62(r, u62) + *c;
    }
    let (pm, k) = pdf_parts(ax);
    // pm < 0.6 * 2^60 and r < 1.26 * 2^62: the product is below 2^122.
    ((shr_round(pm * i128::from(r), 62), k), (pm, k))
}

/// Returns `φ(x)` in Q60 for any Q60 `x` (0 for `|x| >= 10`).
pub(crate) fn pdf_q60(x: i128) -> i128 {
    let ax = x.abs();
    if ax >= CDF_CUTOFF_Q60 {
        return 0;
    }
    let (m, k) = pdf_parts(ax);
    shift_round(m, k)
}

/// Returns `Φ(x)` in Q60 (within `[0, 2^60]`) for any Q60 `x`.
pub(crate) fn cdf_q60(x: i128) -> i128 {
    let ax = x.abs();
    if ax >= CDF_CUTOFF_Q60 {
        return if x < 0 { 0 } else { ONE };
    }
    let (m, k) = tail_parts(ax);
    let tail = shift_round(m, k).clamp(0, ONE / 2);
    if x < 0 {
        tail
    } else {
        ONE - tail
    }
}

/// Returns the standard normal CDF `Φ(x)`.
///
/// # Rounding
/// To nearest within one WAD unit (absolute error below 2e-18; `Φ(x) + Φ(-x) = 1` within one unit).
///
/// # Domain
/// All `x`; `Φ(x)` is 0 for `x <= -10` and 1 for `x >= 10` (exact values below 1e-23 from those).
pub fn norm_cdf(x: SignedWad) -> Wad {
    let xr = x.raw();
    let q = if xr <= -10_000_000_000_000_000_000 {
        0
    } else if xr >= 10_000_000_000_000_000_000 {
        ONE
    } else {
        // |x| < 10, inside from_wad's range.
        cdf_q60(fixed::from_wad(xr).unwrap_or(0))
    };
    // 0 <= q <= 2^60, inside to_wad's range and non-negative.
    Wad::from_raw(fixed::to_wad(q).unwrap_or(0).unsigned_abs())
}

/// Returns the standard normal density `φ(x) = e^(-x²/2) / sqrt(2π)`.
///
/// # Rounding
/// To nearest within one WAD unit (absolute error below 2e-18).
///
/// # Domain
/// All `x`; `φ(x)` is 0 for `|x| >= 10`.
pub fn norm_pdf(x: SignedWad) -> Wad {
    let xr = x.raw();
    if xr.unsigned_abs() >= 10_000_000_000_000_000_000 {
        return Wad::ZERO;
    }
    let q = pdf_q60(fixed::from_wad(xr).unwrap_or(0));
    Wad::from_raw(fixed::to_wad(q).unwrap_or(0).unsigned_abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNIT: i128 = 1_000_000_000_000_000_000;

    #[test]
    fn norm_cdf_is_one_half_at_zero_and_saturates_in_the_tails() {
        assert_eq!(norm_cdf(SignedWad::ZERO).raw(), 500_000_000_000_000_000);
        assert_eq!(norm_cdf(SignedWad::from_raw(-38 * UNIT)), Wad::ZERO);
        assert_eq!(norm_cdf(SignedWad::from_raw(38 * UNIT)), Wad::ONE);
        assert_eq!(norm_cdf(SignedWad::MIN), Wad::ZERO);
        assert_eq!(norm_cdf(SignedWad::MAX), Wad::ONE);
        assert_eq!(norm_pdf(SignedWad::MIN), Wad::ZERO);
    }

    #[test]
    fn norm_cdf_is_monotone_on_a_dense_grid() {
        let mut previous = Wad::ZERO;
        let mut x = -11 * UNIT;
        while x <= 11 * UNIT {
            let p = norm_cdf(SignedWad::from_raw(x));
            assert!(p >= previous, "Φ decreases at {x}");
            previous = p;
            x += UNIT / 997;
        }
    }

    #[test]
    fn tail_parts_keep_relative_accuracy_deep_in_the_tail() {
        // Φ(-9) = 1.1285884059538407e-19 (mpmath): below one Q60 unit, yet the mantissa/exponent form keeps it.
        let (m, k) = tail_parts(9 * ONE);
        let value = m as f64 * 2f64.powi(k - 60);
        assert!(
            (value / 1.128_588_405_953_840_7e-19 - 1.0).abs() < 1e-15,
            "Φ(-9) = {value}"
        );
    }
}
