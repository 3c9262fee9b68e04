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
//!
//! # Fast tail for the scenario pricer
//! The scenario engine's per-scenario normal (crate-internal `tail_q62`) uses no division by a variable, no `exp`
//! and no 128-bit multiply. A table (`NORMAL_TABLE_Q62`,
//! `scripts/gen-risk-math-constants.py`) holds the upper tail `Q(x0) = Φ(−x0)` and `φ(x0)` at `x0 = i/8`,
//! `i = 0..=72`, in Q62. For `z = x0 + δ` (nearest point, `|δ| <= 1/16`) the Taylor coefficients
//! `a_n = φ^(n)(x0)/n! = (−1)^n He_n(x0) φ(x0)/n!` follow the Hermite recurrence
//! `a_(n+1) = −(x0·a_n + a_(n−1))/(n + 1)`, whose only product `x0·a_n = i·a_n/8` is a native `i64.mul`; then
//! `Q(z) = Q(x0) − Σ a_n δ^(n+1)/(n + 1)` by Horner in `δ` (10 terms): per term one 64×64-bit product from
//! 32-bit pieces and one division by a small constant, all in `i64`. The small side (the tail) is what is
//! computed, so `Φ(−z)` is accurate in absolute terms; `Φ(z) = 1 − Q(z)`. Measured against mpmath at 50 digits
//! (`tests/vectors/normal_q62.json`, 4,177 points on `[0, 10]`): tail error 1.47e-18 (asserted at 2e-18 in this
//! module's tests). About 400 WASM instructions per tail, against 5.6k for [`norm_cdf`].

use crate::constants::{INV_SQRT_2PI_Q60, MILLS_Q62, NORMAL_TABLE_Q62};
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

/// 1.0 in Q62.
pub(crate) const ONE_Q62: i64 = 1 << 62;

/// `z` (Q60) from which [`tail_and_pdf_q62`] returns 0 for both: `Φ(−9) = 1.1e-19`, `φ(9) = 1.0e-18`.
pub(crate) const FAST_CUTOFF_Q60: u128 = 9 << 60;

/// Returns the upper tail `Φ(−z)` in Q62 for a Q60 `z >= 0` (10 Taylor terms, truncation below 6e-19 for
/// `|δ| <= 1/16`; 0 for `z >= 9`): the
/// scenario pricer's hot path, unrolled (a loop costs a metered block header per iteration).
///
/// The coefficients `a_n = φ^(n)(x0)/n!` (Q61) follow `a_(n+1) = −(x0·a_n + a_(n−1))/(n + 1)`; with
/// `c_n = a_n/(n + 1)` that is one division per term, `c_(n+1) = −((n + 1)·x0·c_n + n·c_(n−1)) / ((n + 1)(n + 2))`,
/// where `(n + 1)·x0·c_n = x0·a_n = i·a_n/8` is a native `i64` product (`max x0·|a_n| = 0.293` over the table,
/// so `i·a_n < 2^62.3`); then `Q(x0 + δ) = Q(x0) − δ·Σ c_n δ^n` by Horner.
///
/// # Accuracy
/// Within 2e-18 of the exact value (1.5e-18 measured on `tests/vectors/normal_q62.json`).
pub(crate) fn tail_q62(z: u128) -> i64 {
    if z >= FAST_CUTOFF_Q60 {
        return 0;
    }
    let i = ((z + (1 << 56)) >> 57) as usize;
    let d = ((z as i128 - ((i as i128) << 57)) as i64) << 2;
    let x = i as i64;
    let [tail0, pdf0] = NORMAL_TABLE_Q62[i];
    let c0 = pdf0 >> 1;
    let c1 = -((x * c0) >> 3) / 2;
    macro_rules! next {
        ($c:expr, $prev:expr, $n:literal) => {
            -((((x * ($n + 1)) * $c) >> 3) + $n * $prev) / (($n + 1) * ($n + 2))
        };
    }
    let c2 = next!(c1, c0, 1);
    let c3 = next!(c2, c1, 2);
    let c4 = next!(c3, c2, 3);
    let c5 = next!(c4, c3, 4);
    let c6 = next!(c5, c4, 5);
    let c7 = next!(c6, c5, 6);
    let c8 = next!(c7, c6, 7);
    let c9 = next!(c8, c7, 8);
    // Horner in δ, written out (a loop or closure call per term costs more than the term). An inner step's
    // error reaches the tail multiplied by 2δ at least, so the cheaper product (6 units) is enough there.
    let mut p = c9;
    macro_rules! horner {
        ($($c:expr),*) => {
            $(p = $c + fixed::mul_shr_hi::<62>(p, d);)*
        };
    }
    horner!(c8, c7, c6, c5, c4, c3, c2, c1, c0);
    (tail0 - (fixed::mul_shr::<62>(p, d) << 1)).clamp(0, ONE_Q62 / 2)
}

/// Returns `(Φ(x), Φ(−x))` in Q62 for a Q60 `x` from [`tail_q62`] (the small side is the tail).
#[inline(always)]
pub(crate) fn cdf_pair_q62(x: i128) -> (i64, i64) {
    let tail = tail_q62(x.unsigned_abs());
    if x < 0 {
        (tail, ONE_Q62 - tail)
    } else {
        (ONE_Q62 - tail, tail)
    }
}

/// Returns `Φ(x)` (WAD) for a WAD `x >= 0` from the fast tail: the scenario engine's cell weights (which then
/// need neither the Mills-ratio polynomial nor its division).
///
/// # Rounding
/// To nearest within one WAD unit (the tail is within 2e-18).
pub(crate) fn norm_cdf_fast(x: Wad) -> Wad {
    // Beyond 9 the tail is below 1.2e-19, under half a unit; below, x fits from_wad's range.
    let tail = if x.raw() >= 9 * WAD_UNIT {
        0
    } else {
        tail_q62(fixed::from_wad(x.raw() as i128).unwrap_or(0) as u128)
    };
    // (2^62 − tail) · 10^18 / 2^62 = (2^62 − tail) · 5^18 / 2^44 (below 2^104), rounded to nearest.
    let q = i128::from(ONE_Q62 - tail);
    Wad::from_raw(fixed::shr_round(q * 3_814_697_265_625, 44) as u128)
}

/// One WAD unit of `x` (1.0).
const WAD_UNIT: u128 = 1_000_000_000_000_000_000;

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

    /// Parses a decimal `int.frac` (non-negative) into an f64-precision offset from an integer: returns the
    /// integer part and the fraction.
    fn split(text: &str) -> (i128, f64) {
        let (int, frac) = text.split_once('.').unwrap_or((text, "0"));
        (
            int.parse().expect("integer part"),
            std::format!("0.{frac}").parse().expect("fraction"),
        )
    }

    #[test]
    fn fast_tail_is_within_bounds_of_mpmath() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/vectors/normal_q62.json"
        );
        let text = std::fs::read_to_string(path).expect("tests/vectors/normal_q62.json");
        let rows: std::vec::Vec<serde_json::Value> =
            serde_json::from_str(&text).expect("valid JSON");
        assert!(rows.len() > 3000);
        let (mut worst_tail, mut worst_pdf) = (0f64, 0f64);
        for row in &rows {
            let z: u128 = row["z"].as_str().unwrap().parse().unwrap();
            let error = |got: i128, field: &str| {
                let (int, frac) = split(row[field].as_str().unwrap());
                ((got - int) as f64 - frac).abs()
            };
            worst_tail = worst_tail.max(error(i128::from(tail_q62(z)), "tail"));
            // The Greeks' density is the exp-based pdf_q60 (Q60, so times 4 against the Q62 column).
            worst_pdf = worst_pdf.max(error(4 * pdf_q60(z as i128), "pdf"));
        }
        let unit = 2f64.powi(-62);
        std::println!(
            "fast normal, max abs error: tail {:.3e} ({worst_tail:.2} Q62 units); pdf_q60 {:.3e}",
            worst_tail * unit,
            worst_pdf * unit
        );
        // Measured 1.47e-18 (tail) and 1.5e-18 (density); asserted at 2e-18.
        assert!(
            worst_tail * unit < 2e-18,
            "tail error {}",
            worst_tail * unit
        );
        assert!(worst_pdf * unit < 2e-18, "pdf error {}", worst_pdf * unit);
    }

    #[test]
    fn norm_cdf_fast_matches_the_precise_cdf_within_a_unit() {
        let mut x = 0u128;
        let mut worst = 0i128;
        while x <= 11 * WAD_UNIT {
            let fast = norm_cdf_fast(Wad::from_raw(x)).raw() as i128;
            let precise = norm_cdf(SignedWad::from_raw(x as i128)).raw() as i128;
            worst = worst.max((fast - precise).abs());
            x += WAD_UNIT / 1013 + 7;
        }
        // The fast tail is within 2e-18 (2 units) plus the rounding to WAD, the precise CDF within 1.4 units
        // (tests/vectors.rs): they may differ by 4; measured 3.
        std::println!("norm_cdf_fast vs norm_cdf: max difference {worst} units");
        assert!(worst <= 4, "max difference {worst} units");
    }

    #[test]
    fn fast_cdf_pair_sums_to_one_and_is_monotone_within_its_error() {
        // Each value is within 4.4 Q62 units of the exact one, so rounding can make a step go down; measured
        // at most 1 unit (2.2e-19) on this grid, asserted at 2.
        let mut previous = 0i64;
        let mut worst_drop = 0i64;
        let mut x = -(10i128 << 60);
        while x <= 10 << 60 {
            let (p, q) = cdf_pair_q62(x);
            assert_eq!(p + q, ONE_Q62, "Φ(x) + Φ(−x) at {x}");
            worst_drop = worst_drop.max(previous - p);
            assert!(p >= previous - 2, "Φ decreases by {} at {x}", previous - p);
            previous = p;
            x += (1 << 60) / 997;
        }
        std::println!("fast Φ: largest decrease between neighbours {worst_drop} Q62 units");
        assert_eq!(cdf_pair_q62(0), (ONE_Q62 / 2, ONE_Q62 / 2));
    }
}
