//! Elementary functions on WADs: [`exp`], [`ln`], [`pow`], [`sqrt`], and their Q60 cores used by the pricer.
//!
//! Accuracy (measured against mpmath at 50 digits, `tests/vectors/`): the Q60 cores are accurate to a few
//! 2^-60 relative; the WAD results are the exact value rounded to nearest, give or take one WAD unit.

use crate::constants::{EXP2_SIXTEENTHS_Q62, LN2_Q68, SQRT2_Q60};
use crate::fixed::{self, div_round, shr_round, ONE};
use crate::wad::{SignedWad, Wad, WAD_SCALE};
use crate::wide::{full_mul, isqrt_u128, isqrt_wide};
use crate::{MathError, RoundMode};

/// Taylor coefficients 1/n! of exp in Q62, n = 0..=8 (truncation error < 3e-21 on |r| <= ln2/32).
const EXP_TAYLOR_Q62: [i64; 9] = {
    let mut c = [0i64; 9];
    let mut fact: i128 = 1;
    let mut n = 0;
    while n < 9 {
        if n > 0 {
            fact *= n as i128;
        }
        c[n] = div_round(1 << 62, fact) as i64;
        n += 1;
    }
    c
};

/// Coefficients 1/(2n+1) of atanh(s)/s as a series in s², in Q64, n = 0..=12 (truncation error < 2e-20 for
/// |s| <= (sqrt2 - 1)/(sqrt2 + 1)).
const ATANH_SERIES_Q64: [i128; 13] = {
    let mut c = [0i128; 13];
    let mut n = 0;
    while n < 13 {
        c[n] = div_round(1 << 64, 2 * n as i128 + 1);
        n += 1;
    }
    c
};

/// 1/ln 2 in Q32.
const INV_LN2_Q32: i128 = 6_196_328_019;

/// Largest |x| (Q60) accepted by [`exp_parts`]: 200. Beyond it `e^x` is 0 or too large for any WAD product.
pub(crate) const EXP_PARTS_MAX_ARG: i128 = 200 * ONE;

/// Returns `(m, k)` with `e^x ≈ m * 2^k`, `m` in Q60 within `[0.69, 1.40]`.
///
/// # Domain
/// `|x| <= 200` (Q60); callers check [`EXP_PARTS_MAX_ARG`].
///
/// # Accuracy
/// Relative error below 2e-18. With `n = round(16 x / ln2) = 16 k + j` (`j` in `-8..=7`) and
/// `r = x - n ln2 / 16` (ln 2 to 68 bits, `|r| <= ln2/32`), `e^x = 2^k * 2^(j/16) * e^r`: a 16-entry table
/// and a degree-8 Taylor polynomial (truncation < 3e-21), evaluated by Horner in Q62 (`fixed::mul_q62`).
pub(crate) fn exp_parts(x: i128) -> (i128, i32) {
    // n by a multiplication: |x * 16 * INV_LN2_Q32| <= 2^67.7 * 2^36.5 < 2^105, |n| <= 4617. An off-by-one n
    // (only when 16 x / ln2 is within 2^-28 of a half) leaves |r| <= ln2/32 + 1e-9, still accurate.
    let n = shr_round(x * INV_LN2_Q32, 88);
    // |n * LN2_Q68| < 2^13 * 2^68 = 2^81.
    let r = x - shr_round(n * LN2_Q68, 12);
    let j = (n + 8).rem_euclid(16) - 8;
    let k = (n - j) / 16;
    // Horner in Q62 i64: |r| <= 0.0217 and every partial sum is below 1.03, so products stay below 1.
    let r62 = (r << 2) as i64;
    let mut p = EXP_TAYLOR_Q62[8];
    let mut i = 8;
    while i > 0 {
        i -= 1;
        p = fixed::mul_q62(p, r62) + EXP_TAYLOR_Q62[i];
    }
    // 2^(j/16) < 1.37 and p < 1.03 (Q62 each): the i128 product is below 2^125; m = that / 2^64 in Q60.
    let t = i128::from(EXP2_SIXTEENTHS_Q62[(j + 8) as usize]);
    (shr_round(t * i128::from(p), 64), k as i32)
}

/// Largest argument (Q60) of [`exp_q60`]: `e^40 * 2^60 < 2^119`, far inside `i128`.
pub(crate) const EXP_Q60_MAX_ARG: i128 = 40 * ONE;

/// Returns `e^x` in Q60 (rounded to nearest) for `x <= 40` (Q60); arguments below −200 give 0 and arguments
/// above 40 give `e^40` (callers needing larger values use [`exp_parts`], which never saturates).
pub(crate) fn exp_q60(x: i128) -> i128 {
    if x < -EXP_PARTS_MAX_ARG {
        return 0;
    }
    let (m, k) = exp_parts(x.min(EXP_Q60_MAX_ARG));
    shift_round(m, k)
}

/// Returns `round(m * 2^k)` for `0 <= m < 2^61` and `k <= 66` (so `m << k` stays below 2^127).
pub(crate) fn shift_round(m: i128, k: i32) -> i128 {
    if k >= 0 {
        m << k
    } else if k > -126 {
        let s = (-k) as u32;
        (m + (1 << (s - 1))) >> s
    } else {
        0
    }
}

/// Returns `round(a * b / 2^64)` (ties toward +∞); callers keep `|a * b| < 2^126`.
const fn mul_q64(a: i128, b: i128) -> i128 {
    (a * b + (1 << 63)) >> 64
}

/// Returns `ln(a / b)` in Q64 (64 fraction bits) for `a, b > 0`; `|result| <= 88.8`, so it is below 2^71.
///
/// # Accuracy
/// Absolute error below 5e-19: both operands are rounded to 62 significant bits (`[1, 2)` in Q61), the quotient
/// is brought into `[1/sqrt2, sqrt2]` by a power of two, and `ln(n/d) = 2 atanh(s)` with `s = (n-d)/(n+d)`
/// (formed exactly from the integers, then rounded once to Q64) is summed to 13 terms in Q64.
pub(crate) fn ln_ratio_q64(a: u128, b: u128) -> Result<i128, MathError> {
    if a == 0 || b == 0 {
        return Err(MathError::DomainViolation);
    }
    let (mut num, ea) = normalize(a);
    let (mut den, eb) = normalize(b);
    let mut e = ea - eb;
    // num, den in [2^61, 2^62]: the products below are < 2^124.
    if num * ONE >= SQRT2_Q60 * den {
        den *= 2;
        e += 1;
    } else if num * SQRT2_Q60 < den * ONE {
        num *= 2;
        e -= 1;
    }
    // s = (num − den) · 2^64 / (num + den), |s| <= 0.1716, through the reciprocal of the sum (no 128-bit
    // division): num + den is in [2^62, 2^64), normalised by z in {0, 1}; s = diff · x / 2^(62 − z) with
    // x = 2^126 / (sum · 2^z) at most 2 units low, so s is within 2 units (Q64) of the rounded quotient.
    let sum = (num + den) as u64;
    let z = sum.leading_zeros();
    let x = fixed::reciprocal_q126(sum << z);
    let diff = num - den;
    let (hi, lo) = fixed::mul_u64(diff.unsigned_abs() as u64, x);
    let product = (u128::from(hi) << 64) | u128::from(lo);
    let magnitude = if z == 0 {
        (product + (1 << 61)) >> 62
    } else {
        (product + (1 << 60)) >> 61
    } as i128;
    let s = if diff < 0 { -magnitude } else { magnitude };
    // |e| <= 128, so e * LN2_Q68 < 2^76.
    Ok(2 * mul_q64(s, atanh_over_s_q64(s)) + shr_round(e as i128 * LN2_Q68, 4))
}

/// Returns `atanh(s)/s = 1 + s²/3 + s⁴/5 + ...` in Q64 for a Q64 `s` with `|s| <= 0.1716`
/// (`(sqrt2 - 1)/(sqrt2 + 1)`), summed to 13 terms (truncation error < 2e-20). So `ln(a/b) = 2 s P` with
/// `s = (a - b)/(a + b)`.
pub(crate) fn atanh_over_s_q64(s: i128) -> i128 {
    // |s| < 2^62 (Q64 of 0.1716): z = s² in Q64 below 0.03, and Q = P − 1 = z/3 + z²/5 + ... below 0.011, so
    // the Horner runs on u64 with fixed::mul_u64 (rounded to nearest), not on i128 (a `__multi3` call each).
    let mul = |a: u64, b: u64| {
        let (hi, lo) = fixed::mul_u64(a, b);
        hi + (lo >> 63)
    };
    let m = s.unsigned_abs() as u64;
    let z = mul(m, m);
    let mut q = ATANH_SERIES_Q64[12] as u64;
    let mut i = 12;
    while i > 1 {
        i -= 1;
        q = mul(q, z) + ATANH_SERIES_Q64[i] as u64;
    }
    // P = 1 + z·Q.
    (1i128 << 64) + i128::from(mul(q, z))
}

/// Returns `ln(a / b)` in Q60 (see [`ln_ratio_q64`]).
pub(crate) fn ln_ratio_q60(a: u128, b: u128) -> Result<i128, MathError> {
    Ok(shr_round(ln_ratio_q64(a, b)?, 4))
}

/// Returns `(m, e)` with `x ≈ m * 2^e`, `m` in Q61 within `[1, 2]` (rounded to nearest), for `x > 0`.
fn normalize(x: u128) -> (i128, i32) {
    let e = 127 - x.leading_zeros() as i32;
    let m = if e <= 61 {
        x << (61 - e)
    } else {
        let s = (e - 61) as u32;
        // x >> s < 2^62, so adding the rounding bit cannot overflow.
        (x >> s) + ((x >> (s - 1)) & 1)
    };
    // m <= 2^62 < 2^127.
    (m as i128, e)
}

/// Returns `(root, s)` with `sqrt(tau_raw) ≈ root / 2^s`: `root = floor(sqrt(tau_raw * 4^s))` with `tau_raw * 4^s`
/// normalised to 127-128 bits, so `root` has 64 significant bits (relative error below 2^-63). `(0, 0)` for 0.
pub(crate) fn sqrt_parts(tau: Wad) -> (u128, u32) {
    let raw = tau.raw();
    if raw == 0 {
        return (0, 0);
    }
    let s = raw.leading_zeros() / 2;
    (isqrt_u128(raw << (2 * s)), s)
}

/// Returns `sqrt(tau)` in Q60 from [`sqrt_parts`]: `root * 2^(60-s) / 10^9`, rounded to nearest (< 2^94).
pub(crate) fn sqrt_q60_from_parts(root: u128, s: u32) -> u128 {
    // root < 2^64 and s <= 64, so the scaled value is below 2^124.
    let scaled = if s <= 60 {
        root << (60 - s)
    } else {
        root >> (s - 60)
    };
    (scaled + 500_000_000) / 1_000_000_000
}

/// Returns `sqrt(tau)` in Q60 for a WAD `tau`, rounded to nearest (`tau < 2^128`, result < 2^94).
///
/// # Accuracy
/// Relative error below 2e-19 on the root before the final rounding to Q60 (see [`sqrt_parts`]).
pub(crate) fn sqrt_wad_to_q60(tau: Wad) -> u128 {
    let (root, s) = sqrt_parts(tau);
    sqrt_q60_from_parts(root, s)
}

/// Returns `e^x`.
///
/// # Errors
/// `Overflow` if `e^x > Wad::MAX` (`x > 47.276...`).
///
/// # Rounding
/// To nearest within one WAD unit; relative error below 1e-17 (≈ 2e-18 typical) where the result is >= 1.
///
/// # Domain
/// All `x`; `x < -42.5` returns 0 (the exact value is below half a WAD unit).
pub fn exp(x: SignedWad) -> Result<Wad, MathError> {
    let xr = x.raw();
    if xr < -42_500_000_000_000_000_000 {
        return Ok(Wad::ZERO);
    }
    if xr > 47_300_000_000_000_000_000 {
        return Err(MathError::Overflow);
    }
    let (m, k) = exp_parts(fixed::from_wad(xr)?);
    scale_q60(WAD_SCALE, m as u128, k).map(Wad::from_raw)
}

/// Returns `round(a * b / 2^60)` (ties up) for Q60 operands of any size: [`scale_q60`] with `k = 0`, with
/// constant shifts (a variable 128-bit shift is a compiler-rt call in WASM).
///
/// # Errors
/// `Overflow` if the result exceeds `u128::MAX`.
pub(crate) fn mul_round_q60(a: u128, b: u128) -> Result<u128, MathError> {
    let (hi, lo) = full_mul(a, b);
    let (lo, carry) = lo.overflowing_add(1 << 59);
    // a, b < 2^128, so hi <= 2^128 - 2 and the carry cannot overflow it.
    let hi = hi + u128::from(carry);
    if hi >> 60 != 0 {
        return Err(MathError::Overflow);
    }
    Ok((hi << 68) | (lo >> 60))
}

/// Returns `round(h * q * 2^k / 2^60)` for a Q60 `q` (ties up), computed with a 256-bit product.
///
/// # Errors
/// `Overflow` if the result exceeds `u128::MAX`.
pub(crate) fn scale_q60(h: u128, q: u128, k: i32) -> Result<u128, MathError> {
    let (hi, lo) = full_mul(h, q);
    let shift = 60 - k;
    if shift <= 0 {
        let s = shift.unsigned_abs();
        if hi == 0 && lo == 0 {
            return Ok(0);
        }
        // s < 128 is implied by the leading-zeros test, so the shift cannot lose bits.
        if hi != 0 || lo.leading_zeros() < s {
            return Err(MathError::Overflow);
        }
        return Ok(lo << s);
    }
    let s = shift.unsigned_abs();
    if s > 256 {
        return Ok(0);
    }
    // Add 2^(s-1) for round-to-nearest, carrying into the high half.
    let (hi, lo) = if s <= 128 {
        let (l, carry) = lo.overflowing_add(1 << (s - 1));
        (
            hi.checked_add(u128::from(carry))
                .ok_or(MathError::Overflow)?,
            l,
        )
    } else {
        (
            hi.checked_add(1 << (s - 129)).ok_or(MathError::Overflow)?,
            lo,
        )
    };
    if s < 128 {
        if hi >> s != 0 {
            return Err(MathError::Overflow);
        }
        Ok((hi << (128 - s)) | (lo >> s))
    } else if s < 256 {
        Ok(hi >> (s - 128))
    } else {
        Ok(0)
    }
}

/// Returns `ln(x)`.
///
/// # Errors
/// `DomainViolation` if `x` is zero.
///
/// # Rounding
/// To nearest within one WAD unit (absolute error below 1e-18).
///
/// # Domain
/// `x > 0`; the result lies in `[-41.45, 47.28]`.
pub fn ln(x: Wad) -> Result<SignedWad, MathError> {
    let v = ln_ratio_q64(x.raw(), WAD_SCALE)?;
    // |v| < 2^71 and 5^18 < 2^42: v * 10^18 / 2^64 = v * 5^18 / 2^46 without overflow.
    Ok(SignedWad::from_raw(shr_round(v * 3_814_697_265_625, 46)))
}

/// Returns `x^y = e^(y ln x)`.
///
/// # Errors
/// `DomainViolation` for `0^y` with `y < 0`; `Overflow` if the result exceeds [`Wad::MAX`] or `|y ln x|` is
/// beyond 200.
///
/// # Rounding
/// To nearest within one WAD unit plus a relative error of about `|y ln x| * 2e-18`.
///
/// # Domain
/// `x >= 0`, any `y`; `0^0 = 1`, `0^y = 0` for `y > 0`.
pub fn pow(x: Wad, y: SignedWad) -> Result<Wad, MathError> {
    if x.is_zero() {
        return match y.raw() {
            0 => Ok(Wad::ONE),
            r if r > 0 => Ok(Wad::ZERO),
            _ => Err(MathError::DomainViolation),
        };
    }
    let l = ln_ratio_q60(x.raw(), WAD_SCALE)?;
    // y (WAD) * l (Q60) / 10^18 = y ln x in Q60.
    let t = crate::wad::mul_div_signed(y.raw(), l, WAD_SCALE as i128, RoundMode::Down)
        .map_err(|_| MathError::Overflow)?;
    if t > EXP_PARTS_MAX_ARG {
        return Err(MathError::Overflow);
    }
    if t < -EXP_PARTS_MAX_ARG {
        return Ok(Wad::ZERO);
    }
    let (m, k) = exp_parts(t);
    scale_q60(WAD_SCALE, m as u128, k).map(Wad::from_raw)
}

/// Returns `sqrt(x)` rounded in direction `mode` (exact integer square root of `x * 10^18`).
///
/// # Rounding
/// Exact floor (`Down`) or ceiling (`Up`).
pub fn sqrt(x: Wad, mode: RoundMode) -> Wad {
    let (h, l) = full_mul(x.raw(), WAD_SCALE);
    // x * 10^18 < 2^188, inside isqrt_wide's domain (high < 2^126); below 2^128 the cheaper u128 root applies.
    let root = if h == 0 {
        isqrt_u128(l)
    } else {
        isqrt_wide(h, l).unwrap_or(0)
    };
    let exact = full_mul(root, root) == (h, l);
    Wad::from_raw(match mode {
        RoundMode::Up if !exact => root + 1,
        _ => root,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_q60_is_exact_to_a_few_units_across_its_range() {
        // e^1, e^-1, e^10 and e^40 in Q60 (mpmath, rounded).
        let cases: [(i128, i128); 4] = [
            (ONE, 3_133_965_575_612_453_543),
            (-ONE, 424_136_118_829_305_330),
            (10 * ONE, 25_394_786_085_319_809_155_579),
            (40 * ONE, 271_380_736_004_021_241_829_532_681_578_591_161),
        ];
        for (x, expected) in cases {
            let got = exp_q60(x);
            let tolerance = expected / 100_000_000_000_000_000 + 4; // 1e-17 relative + a few units
            assert!(
                (got - expected).abs() <= tolerance,
                "exp_q60({x}) = {got}, expected {expected}"
            );
        }
        assert_eq!(exp_q60(-201 * ONE), 0);
        assert_eq!(exp_q60(1000 * ONE), exp_q60(40 * ONE));
    }

    proptest::proptest! {
        #[test]
        fn mul_round_q60_is_scale_q60_at_k_zero(a: u128, b: u128) {
            proptest::prop_assert_eq!(mul_round_q60(a, b), scale_q60(a, b, 0));
        }
    }

    #[test]
    fn ln_ratio_is_antisymmetric_and_zero_on_equal_arguments() {
        assert_eq!(ln_ratio_q64(7, 7), Ok(0));
        for (a, b) in [(3u128, 5u128), (10u128.pow(30), 1), (u128::MAX, 2)] {
            let forward = ln_ratio_q64(a, b).unwrap();
            let backward = ln_ratio_q64(b, a).unwrap();
            assert!(
                (forward + backward).abs() <= 2,
                "ln({a}/{b}) + ln({b}/{a}) = {}",
                forward + backward
            );
        }
        assert_eq!(ln_ratio_q64(0, 1), Err(MathError::DomainViolation));
    }
}
