//! Internal binary fixed point with 60 fraction bits ("Q60") in `i128`, where the elementary functions and the
//! option pricer do their work. Results are rounded to WAD only at the output.
//!
//! Why Q60 in `i128`: the resolution 2^-60 ≈ 8.7e-19 is finer than a WAD unit, and a product of two values whose
//! magnitudes multiply to below 2^6 = 64 (e.g. both below 8) stays below 2^126 before the shift, so no 256-bit
//! arithmetic is needed in the hot loops. Every caller documents why its operands meet that bound.

use crate::MathError;

/// Number of fraction bits.
pub(crate) const FRAC_BITS: u32 = 60;
/// 1.0 in Q60.
pub(crate) const ONE: i128 = 1 << FRAC_BITS;
/// 10^18 = 2^18 * 5^18; WAD <-> Q60 scaling uses only the odd part 5^18 and a shift of 42 bits.
const FIVE_POW_18: i128 = 3_814_697_265_625;

/// Returns `round(a * b / 2^60)` (ties toward +∞).
///
/// # Domain
/// `|a * b| < 2^126`, which callers guarantee by bounding their operands.
#[inline]
pub(crate) const fn mul(a: i128, b: i128) -> i128 {
    (a * b + (1 << (FRAC_BITS - 1))) >> FRAC_BITS
}

/// Returns `round(a * b / 2^62)` (ties away from zero) for Q62 operands in `i64`.
///
/// The hot polynomial loops run in this format: a 64x64 -> 128-bit product from four 32-bit partial products is
/// a few dozen native WASM instructions, against ~100 for an `i128` multiply (a `__multi3` call through memory).
///
/// # Domain
/// `|a * b| < 2^125` (real value below 2), so the result fits in `i64`.
#[inline]
pub(crate) const fn mul_q62(a: i64, b: i64) -> i64 {
    const LO32: u64 = 0xffff_ffff;
    let negative = (a < 0) != (b < 0);
    let (x, y) = (a.unsigned_abs(), b.unsigned_abs());
    let (x1, x0) = (x >> 32, x & LO32);
    let (y1, y0) = (y >> 32, y & LO32);
    let (p00, p01, p10, p11) = (x0 * y0, x0 * y1, x1 * y0, x1 * y1);
    // mid < 3 * 2^32; hi < 2^64 because x * y < 2^128.
    let mid = (p00 >> 32) + (p01 & LO32) + (p10 & LO32);
    let lo = (mid << 32) | (p00 & LO32);
    let hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
    // x * y < 2^125, so hi < 2^61 and the quotient below 2^63.
    let q = ((hi << 2) | (lo >> 62)) + ((lo >> 61) & 1);
    if negative {
        -(q as i64)
    } else {
        q as i64
    }
}

/// Returns `a * b / 2^S` rounded down by at most 3 units (`floor` of the exact value, minus up to 2), for
/// `32 <= S <= 64`: the scenario pricer's multiply (three native `i64.mul`, no branch, no call).
///
/// The low-by-low partial product enters only through its top bits, so the result is at most 3 units below
/// the exact quotient and never above it.
///
/// # Domain
/// `|a * b| < 2^(S + 62)`, so the result and every partial sum fit in `i64`.
#[inline(always)]
pub(crate) const fn mul_shr<const S: u32>(a: i64, b: i64) -> i64 {
    const LO32: i64 = 0xffff_ffff;
    let (ah, al) = (a >> 32, a & LO32);
    let (bh, bl) = (b >> 32, b & LO32);
    // |ah| <= 2^31 and bl < 2^32, so each mixed product is below 2^63; al * bl < 2^64 as u64.
    ((ah * bh) << (64 - S))
        + ((ah * bl) >> (S - 32))
        + ((al * bh) >> (S - 32))
        + (((al as u64) * (bl as u64)) >> S) as i64
}

/// [`mul_shr`] without the low-by-low partial product: at most 6 units below the exact quotient instead of 3,
/// one multiplication fewer (for the inner Horner steps of the fast normal, whose errors are scaled down by
/// further powers of `δ`).
///
/// # Domain
/// As [`mul_shr`].
#[inline(always)]
pub(crate) const fn mul_shr_hi<const S: u32>(a: i64, b: i64) -> i64 {
    const LO32: i64 = 0xffff_ffff;
    let (ah, al) = (a >> 32, a & LO32);
    let (bh, bl) = (b >> 32, b & LO32);
    ((ah * bh) << (64 - S)) + ((ah * bl) >> (S - 32)) + ((al * bh) >> (S - 32))
}

/// Returns the full product `a * b` as `(high, low)` 64-bit halves (four 32-bit partial products: no
/// `__multi3` call).
#[inline(always)]
pub(crate) const fn mul_u64(a: u64, b: u64) -> (u64, u64) {
    const LO32: u64 = 0xffff_ffff;
    let (x1, x0) = (a >> 32, a & LO32);
    let (y1, y0) = (b >> 32, b & LO32);
    let (p00, p01, p10, p11) = (x0 * y0, x0 * y1, x1 * y0, x1 * y1);
    // mid < 3 * 2^32; the high half cannot overflow because a * b < 2^128.
    let mid = (p00 >> 32) + (p01 & LO32) + (p10 & LO32);
    (
        p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32),
        (mid << 32) | (p00 & LO32),
    )
}

/// Returns the exact product `a * b` of two signed 64-bit values (see [`mul_u64`]).
#[inline(always)]
pub(crate) const fn mul_wide(a: i64, b: i64) -> i128 {
    let (hi, lo) = mul_u64(a.unsigned_abs(), b.unsigned_abs());
    // |a * b| <= 2^126.
    let m = (((hi as u128) << 64) | lo as u128) as i128;
    if (a < 0) != (b < 0) {
        -m
    } else {
        m
    }
}

/// Returns `x ≈ 2^126 / v` for a normalised `v` in `[2^63, 2^64)`, so `x` is in `[2^62, 2^63]`, never above the
/// exact quotient and within `2^-59` of it relatively (8 units): a reciprocal without a 128-bit division (a
/// compiler-rt loop of ~100,000 ink on Stylus).
///
/// One native 64-by-32-bit division seeds 31 correct bits and two Newton steps `x ← x·(2 − v·x)` (which approach
/// `1/v` from below) square the error twice. Truncating `v·x` can lift a step by up to 2 units, which are taken
/// off, so the result stays at or below the quotient.
#[inline]
pub(crate) fn reciprocal_q126(v: u64) -> u64 {
    // v >> 32 is in [2^31, 2^32): the seed 2^94 / (v >> 32) >= 2^126 / v · (1 − 2^-31), truncated below 2^63.
    let mut x = ((1u64 << 63) / (v >> 32) - 1) << 31;
    let mut step = 0;
    while step < 2 {
        // t = v·x / 2^64 ≈ 2^62 (Q62 of v·x/2^126 <= 1), e = 2 − that in Q62.
        let (t, _) = mul_u64(v, x);
        let e = (1u64 << 63) - t;
        let (hi, lo) = mul_u64(x, e);
        // x·e / 2^62 <= 2^63 + 2: (v·x/2^126)·(2 − v·x/2^126) <= 1, plus the truncation of t.
        x = ((hi << 2) | (lo >> 62)).saturating_sub(2);
        step += 1;
    }
    x
}

/// Returns `round(a * 2^60 / b)` (ties away from zero), or `DivisionByZero`.
///
/// # Domain
/// `|a| < 2^66` so the shifted numerator fits.
#[inline]
pub(crate) fn div(a: i128, b: i128) -> Result<i128, MathError> {
    if b == 0 {
        return Err(MathError::DivisionByZero);
    }
    Ok(div_round(a << FRAC_BITS, b))
}

/// Returns `round(n / d)` (ties away from zero) for `d != 0`.
#[inline]
pub(crate) const fn div_round(n: i128, d: i128) -> i128 {
    let q = n / d;
    let r = n % d;
    // |r| < |d|, so 2|r| cannot overflow when |d| < 2^126; callers' divisors are far smaller.
    if 2 * r.unsigned_abs() >= d.unsigned_abs() {
        if (n < 0) == (d < 0) {
            q + 1
        } else {
            q - 1
        }
    } else {
        q
    }
}

/// Returns `round(x / 2^s)` (ties toward +∞) for `1 <= s <= 126`: a division by a power of two without the
/// cost of a 128-bit division (hundreds of WASM instructions).
///
/// # Domain
/// `x + 2^(s-1)` must not overflow, i.e. `x < 2^127 - 2^(s-1)`.
#[inline]
pub(crate) const fn shr_round(x: i128, s: u32) -> i128 {
    (x + (1 << (s - 1))) >> s
}

/// Converts a WAD value to Q60, rounding to nearest (exactly for `|x| < 2^80`, within one unit above).
///
/// # Domain
/// `|x| < 2^85` (about 3.9e7 in WAD units); larger inputs return `Overflow`.
#[inline]
pub(crate) fn from_wad(x: i128) -> Result<i128, MathError> {
    if x.unsigned_abs() >= 1 << 85 {
        return Err(MathError::Overflow);
    }
    // x * 2^60 / 10^18 by a multiplication with 2^187 / 10^18 instead of a 128-bit division. The constant's
    // relative error is below 2^-128, so the absolute error is below 2^-42 units: the result is the correctly
    // rounded quotient for |x| < 2^80 (quotients k / 5^18 stay 2^-42.8 away from a tie) and within one unit above.
    let (hi, lo) = crate::wide::full_mul(x.unsigned_abs(), WAD_TO_Q60_Q127);
    // |x| < 2^85, so the product is below 2^213 and the quotient below 2^86.
    let magnitude = ((hi << 1) | (lo >> 127)) + ((lo >> 126) & 1);
    let v = magnitude as i128;
    Ok(if x < 0 { -v } else { v })
}

/// `2^187 / 10^18` rounded: `x * 2^60 / 10^18 = x * WAD_TO_Q60_Q127 / 2^127`.
const WAD_TO_Q60_Q127: u128 = 196_159_429_230_833_773_869_868_419_475_239_575_503;

/// Converts a Q60 value to WAD, rounding to nearest.
///
/// # Domain
/// `|v| < 2^85`; larger inputs return `Overflow`.
#[inline]
pub(crate) fn to_wad(v: i128) -> Result<i128, MathError> {
    if v.unsigned_abs() >= 1 << 85 {
        return Err(MathError::Overflow);
    }
    // 5^18 < 2^42, so |v * 5^18| < 2^127.
    Ok(shr_round(v * FIVE_POW_18, 42))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wad_round_trip_is_exact_for_wad_multiples_of_q60_grid() {
        for x in [
            0i128,
            1,
            -1,
            10i128.pow(18),
            -(10i128.pow(18)),
            123_456_789_012_345_678_901,
        ] {
            let q = from_wad(x).unwrap();
            // Q60 is finer than WAD, so converting back recovers the WAD value exactly.
            assert_eq!(to_wad(q).unwrap(), x);
        }
        assert_eq!(from_wad(10i128.pow(18)).unwrap(), ONE);
    }

    proptest::proptest! {
        #[test]
        fn from_wad_matches_the_division(x in -(1i128 << 85) + 1..(1i128 << 85)) {
            // Independent reference: round(x * 2^42 / 5^18) by division.
            let expected = div_round(x << 42, FIVE_POW_18);
            let got = from_wad(x).unwrap();
            if x.unsigned_abs() < 1 << 80 {
                proptest::prop_assert_eq!(got, expected);
            } else {
                proptest::prop_assert!((got - expected).abs() <= 1);
            }
        }
    }

    #[test]
    fn conversions_reject_out_of_range_values() {
        assert_eq!(from_wad(1 << 85), Err(MathError::Overflow));
        assert_eq!(to_wad(-(1 << 85)), Err(MathError::Overflow));
    }

    #[test]
    fn div_round_rounds_half_away_from_zero() {
        assert_eq!(div_round(5, 2), 3);
        assert_eq!(div_round(-5, 2), -3);
        assert_eq!(div_round(5, -2), -3);
        assert_eq!(div_round(7, 3), 2);
        assert_eq!(div_round(-7, 3), -2);
    }

    proptest::proptest! {
        #[test]
        fn mul_q62_matches_the_i128_product(a in -(1i64 << 62)..(1i64 << 62), b in -(1i64 << 62)..(1i64 << 62)) {
            let p = i128::from(a) * i128::from(b);
            // Round half away from zero on the magnitude.
            let m = (p.unsigned_abs() + (1 << 61)) >> 62;
            let expected = if p < 0 { -(m as i128) } else { m as i128 };
            proptest::prop_assert_eq!(i128::from(mul_q62(a, b)), expected);
        }
    }

    proptest::proptest! {
        #[test]
        fn mul_shr_is_floor_within_three_units(a in -(1i64 << 62)..(1i64 << 62), b in -(1i64 << 62)..(1i64 << 62)) {
            let p = i128::from(a) * i128::from(b);
            let exact_floor = p >> 62;
            let got = i128::from(mul_shr::<62>(a, b));
            proptest::prop_assert!(got <= exact_floor && got >= exact_floor - 3, "{got} vs {exact_floor}");
            let hi = i128::from(mul_shr_hi::<62>(a, b));
            proptest::prop_assert!(hi <= exact_floor && hi >= exact_floor - 6, "{hi} vs {exact_floor}");
            let got60 = i128::from(mul_shr::<60>(a >> 2, b));
            let floor60 = (i128::from(a >> 2) * i128::from(b)) >> 60;
            proptest::prop_assert!(got60 <= floor60 && got60 >= floor60 - 3);
        }

        #[test]
        fn reciprocal_q126_is_below_and_within_2_pow_minus_59(v in (1u64 << 63)..=u64::MAX) {
            let exact = (1u128 << 126) / u128::from(v);
            let x = u128::from(reciprocal_q126(v));
            proptest::prop_assert!(x <= exact, "{x} > {exact}");
            // exact >= 2^62, so 2^-59 relative is at least 8 units.
            proptest::prop_assert!(exact - x <= exact >> 59, "{v}: {x} vs {exact}");
        }

        #[test]
        fn mul_wide_is_the_exact_product(a: i64, b: i64, c: u64, e: u64) {
            proptest::prop_assert_eq!(mul_wide(a, b), i128::from(a) * i128::from(b));
            let (hi, lo) = mul_u64(c, e);
            proptest::prop_assert_eq!((u128::from(hi) << 64) | u128::from(lo), u128::from(c) * u128::from(e));
        }
    }

    #[test]
    fn reciprocal_q126_is_exact_enough_at_the_ends() {
        for v in [
            1u64 << 63,
            (1 << 63) + 1,
            u64::MAX,
            u64::MAX - 1,
            3 << 62,
            0xb504_f333_f9de_6484,
        ] {
            let exact = (1u128 << 126) / u128::from(v);
            let x = u128::from(reciprocal_q126(v));
            assert!(
                x <= exact && exact - x <= exact >> 59,
                "{v}: {x} vs {exact}"
            );
        }
    }

    #[test]
    fn mul_and_div_are_consistent() {
        let a = 3 * ONE / 2;
        let b = 5 * ONE / 4;
        assert_eq!(mul(a, b), 15 * ONE / 8);
        assert_eq!(div(15 * ONE / 8, b).unwrap(), a);
        assert_eq!(div(ONE, 0), Err(MathError::DivisionByZero));
    }
}
