//! 256-bit intermediates for 128-bit fixed point: a full product, a 256-by-128 division and an integer square
//! root. Only `mul_div` and `sqrt` need them; every other operation stays in 128 bits (cheap in WASM).

const LO64: u128 = u64::MAX as u128;

/// Returns the full product `a * b` as `(high, low)` 128-bit halves.
///
/// The four 64×64-bit partial products go through [`crate::fixed::mul_u64`] (native 32-bit pieces): written as
/// `u128` products they would each be a `__multi3` call in WASM.
pub(crate) const fn full_mul(a: u128, b: u128) -> (u128, u128) {
    const fn join((hi, lo): (u64, u64)) -> u128 {
        ((hi as u128) << 64) | lo as u128
    }
    let (a1, a0) = ((a >> 64) as u64, a as u64);
    let (b1, b0) = ((b >> 64) as u64, b as u64);
    let p00 = join(crate::fixed::mul_u64(a0, b0));
    let p01 = join(crate::fixed::mul_u64(a0, b1));
    let p10 = join(crate::fixed::mul_u64(a1, b0));
    let p11 = join(crate::fixed::mul_u64(a1, b1));
    // middle < 3 * 2^64, no overflow.
    let middle = (p00 >> 64) + (p01 & LO64) + (p10 & LO64);
    let low = (middle << 64) | (p00 & LO64);
    // high = floor(a*b / 2^128) < 2^128, so these additions cannot overflow.
    let high = p11 + (p01 >> 64) + (p10 >> 64) + (middle >> 64);
    (high, low)
}

/// Returns `(quotient, remainder)` of the 256-bit `high * 2^128 + low` divided by `d`, or `None` when `d` is
/// zero or the quotient does not fit in 128 bits (`high >= d`).
///
/// Two-digit schoolbook division in base 2^64 with a normalised divisor (Knuth D, Hacker's Delight `divlu`).
pub(crate) fn div_wide(high: u128, low: u128, d: u128) -> Option<(u128, u128)> {
    if d == 0 || high >= d {
        return None;
    }
    if high == 0 {
        return Some((low / d, low % d));
    }
    const BASE: u128 = 1 << 64;
    let s = d.leading_zeros();
    let v = d << s;
    let (vn1, vn0) = (v >> 64, v & LO64);
    // s < 128 because d != 0; high < d so high << s does not lose bits.
    let un32 = if s == 0 {
        high
    } else {
        (high << s) | (low >> (128 - s))
    };
    let un10 = low << s;
    let (un1, un0) = (un10 >> 64, un10 & LO64);

    // vn1 >= 2^63 after normalisation, so every estimate is at most 2 too large.
    let mut q1 = un32 / vn1;
    let mut rhat = un32 - q1 * vn1;
    while q1 >= BASE || q1 * vn0 > (rhat << 64) + un1 {
        q1 -= 1;
        rhat += vn1;
        if rhat >= BASE {
            break;
        }
    }
    // The true partial remainder is below v < 2^128; the wrapping ops compute it modulo 2^128.
    let un21 = (un32 << 64)
        .wrapping_add(un1)
        .wrapping_sub(q1.wrapping_mul(v));
    let mut q0 = un21 / vn1;
    let mut rhat = un21 - q0 * vn1;
    while q0 >= BASE || q0 * vn0 > (rhat << 64) + un0 {
        q0 -= 1;
        rhat += vn1;
        if rhat >= BASE {
            break;
        }
    }
    let r = (un21 << 64)
        .wrapping_add(un0)
        .wrapping_sub(q0.wrapping_mul(v))
        >> s;
    Some(((q1 << 64) | q0, r))
}

/// 5^18, the odd part of 10^18 = 2^18 · 5^18.
const FIVE_POW_18: u64 = 3_814_697_265_625;

/// Returns `(floor(n / 10^18), n mod 10^18 != 0)` for `n = high · 2^128 + low`, or `None` when the quotient
/// does not fit in 128 bits (`high >= 10^18`).
///
/// The division by a WAD without a 128-bit division (a compiler-rt loop, ~100,000 ink on Stylus): a shift by 18,
/// then long division by 5^18 (< 2^42) in 16-bit digits, each one native 64-bit division (`rem · 2^16 + digit`
/// stays below 2^58).
pub(crate) fn div_by_wad(high: u128, low: u128) -> Option<(u128, bool)> {
    if high >= 1_000_000_000_000_000_000 {
        return None;
    }
    // n >> 18 = w2 · 2^128 + w1 · 2^64 + w0. Since n < 10^18 · 2^128, n >> 18 < 5^18 · 2^128, so w2 < 5^18 is
    // the first remainder and the quotient fits in two limbs.
    let shifted = (low >> 18) | (high << 110);
    let mut rem = (high >> 18) as u64;
    let mut limb = |w: u64| {
        let mut q = 0u64;
        let mut shift = 64;
        while shift > 0 {
            shift -= 16;
            let cur = (rem << 16) | ((w >> shift) & 0xffff);
            let digit = cur / FIVE_POW_18;
            rem = cur - digit * FIVE_POW_18;
            q = (q << 16) | digit;
        }
        q
    };
    let q1 = limb((shifted >> 64) as u64);
    let q0 = limb(shifted as u64);
    let inexact = rem != 0 || low & ((1 << 18) - 1) != 0;
    Some(((u128::from(q1) << 64) | u128::from(q0), inexact))
}

/// Returns `(s, n - s²)` with `s = floor(sqrt(n))`, digit by digit (32 rounds of native 64-bit operations).
const fn sqrt_rem_u64(n: u64) -> (u64, u64) {
    if n == 0 {
        return (0, 0);
    }
    let mut rem = n;
    let mut root = 0u64;
    // The highest power of four not above n.
    let mut bit = 1u64 << ((63 - n.leading_zeros()) & !1);
    while bit != 0 {
        // root + bit <= 2 * sqrt(n) + bit < 2^64: no overflow.
        if rem >= root + bit {
            rem -= root + bit;
            root = (root >> 1) + bit;
        } else {
            root >>= 1;
        }
        bit >>= 2;
    }
    (root, rem)
}

/// Returns `floor(sqrt(n))`.
///
/// Karatsuba square root (Zimmermann 1999) on 32-bit digits: the root of the top 64 bits of the normalised
/// input, then the low 32 bits of the root from one 65-by-33-bit division, and at most one correction. About
/// a quarter of the WASM cost of a digit-by-digit 128-bit root and far below Newton's method (one 128-bit
/// division per step).
pub(crate) const fn isqrt_u128(n: u128) -> u128 {
    if n == 0 {
        return 0;
    }
    // Normalise so the top 64 bits are at least 2^62 (the algorithm's precondition); undo by k at the end.
    let k = n.leading_zeros() / 2;
    let m = n << (2 * k);
    let (s1, r1) = sqrt_rem_u64((m >> 64) as u64);
    let a1 = (m >> 32) & 0xffff_ffff;
    let a0 = m & 0xffff_ffff;
    // r1 <= 2 * s1 < 2^33, so the numerator is below 2^66; 2 * s1 >= 2^32 because the top half >= 2^62.
    let numerator = ((r1 as u128) << 32) | a1;
    let divisor = 2 * s1 as u128;
    let q = numerator / divisor;
    let u = numerator % divisor;
    let mut root = ((s1 as u128) << 32) + q;
    // r = u * 2^32 + a0 - q², with u < 2^33 and q <= 2^32: fits i128 easily.
    let r = ((u << 32) | a0) as i128 - (q * q) as i128;
    if r < 0 {
        root -= 1;
    }
    root >> k
}

/// Returns `floor(sqrt(high * 2^128 + low))`: [`isqrt_u128`] below 2^128, Newton's method from a 64-bit-accurate
/// start above.
///
/// # Domain
/// `high < 2^126` (the root is then below 2^127, so Newton's sums cannot overflow); larger inputs return `None`.
pub(crate) fn isqrt_wide(high: u128, low: u128) -> Option<u128> {
    if high >> 126 != 0 {
        return None;
    }
    if high == 0 {
        return Some(isqrt_u128(low));
    }
    let bits = 256 - high.leading_zeros();
    // Start just above the root from the root of the top bits: with n >> 2t below 2^126 (t <= 64),
    // x = (isqrt(n >> 2t) + 1) * 2^t > sqrt(n), x <= 2^127, and x is within a factor 1 + 2^-62 of the root, so
    // Newton's iterates (decreasing monotonically to the floor) need about two divisions.
    let t = (bits - 126).div_ceil(2);
    let s = 2 * t;
    let top = if s >= 128 {
        high >> (s - 128)
    } else {
        (high << (128 - s)) | (low >> s)
    };
    let mut x: u128 = (isqrt_u128(top) + 1) << t;
    loop {
        // x > floor(sqrt(n)) >= 1 and n / x < 2^127 because x >= sqrt(n) and n < 2^254. floor((x + q) / 2)
        // without forming x + q, which can reach 2^128.
        let (q, _) = div_wide(high, low, x)?;
        let y = (x >> 1) + (q >> 1) + (x & q & 1);
        if y >= x {
            return Some(x);
        }
        x = y;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reference_mul(a: u128, b: u128) -> (u128, u128) {
        // Schoolbook in 32-bit limbs: an independent check of `full_mul`.
        let al = [
            a as u32,
            (a >> 32) as u32,
            (a >> 64) as u32,
            (a >> 96) as u32,
        ];
        let bl = [
            b as u32,
            (b >> 32) as u32,
            (b >> 64) as u32,
            (b >> 96) as u32,
        ];
        let mut r = [0u64; 8];
        for i in 0..4 {
            let mut carry = 0u64;
            for j in 0..4 {
                let t = u64::from(al[i]) * u64::from(bl[j]) + r[i + j] + carry;
                r[i + j] = t & 0xffff_ffff;
                carry = t >> 32;
            }
            r[i + 4] = carry;
        }
        let join = |k: usize| {
            (0..4).fold(0u128, |acc, l| {
                acc | (u128::from(r[k + l] as u32) << (32 * l))
            })
        };
        (join(4), join(0))
    }

    proptest! {
        #[test]
        fn full_mul_matches_limb_reference(a: u128, b: u128) {
            prop_assert_eq!(full_mul(a, b), reference_mul(a, b));
        }

        #[test]
        fn div_wide_inverts_full_mul(a: u128, b: u128, r: u128, d: u128) {
            prop_assume!(d > 0);
            let r = r % d;
            let (h, l) = full_mul(a, d);
            let (l2, c) = l.overflowing_add(r);
            let h2 = h + u128::from(c);
            let expected = if h2 < d { Some((a, r)) } else { None };
            // a < 2^128 always, so the quotient fits unless the sum carried into the top.
            prop_assert_eq!(div_wide(h2, l2, d), expected);
        }

        #[test]
        fn div_by_wad_matches_div_wide(high in 0u128..2_000_000_000_000_000_000, low: u128) {
            let wad = 1_000_000_000_000_000_000u128;
            let expected = div_wide(high, low, wad).map(|(q, r)| (q, r != 0));
            prop_assert_eq!(div_by_wad(high, low), expected);
        }

        #[test]
        fn div_by_wad_matches_div_wide_on_products(a: u128, b in 0u128..(1u128 << 70)) {
            let (high, low) = full_mul(a, b);
            let wad = 1_000_000_000_000_000_000u128;
            prop_assert_eq!(div_by_wad(high, low), div_wide(high, low, wad).map(|(q, r)| (q, r != 0)));
        }

        #[test]
        fn isqrt_u128_is_the_floor_root(n: u128) {
            let x = isqrt_u128(n);
            prop_assert!(x * x <= n);
            prop_assert!(full_mul(x + 1, x + 1) > (0, n));
        }

        #[test]
        fn isqrt_wide_is_the_floor_root(h in 0u128..(1u128 << 126), l: u128) {
            let x = isqrt_wide(h, l).unwrap();
            let (sh, sl) = full_mul(x, x);
            prop_assert!((sh, sl) <= (h, l));
            let (th, tl) = full_mul(x + 1, x + 1);
            prop_assert!((th, tl) > (h, l));
        }
    }

    #[test]
    fn div_by_wad_handles_edges() {
        let wad = 1_000_000_000_000_000_000u128;
        assert_eq!(div_by_wad(0, 0), Some((0, false)));
        assert_eq!(div_by_wad(0, wad - 1), Some((0, true)));
        assert_eq!(div_by_wad(0, wad), Some((1, false)));
        assert_eq!(
            div_by_wad(wad - 1, u128::MAX),
            div_wide(wad - 1, u128::MAX, wad).map(|(q, r)| (q, r != 0))
        );
        assert_eq!(div_by_wad(wad, 0), None);
        assert_eq!(div_by_wad(0, 1 << 17), Some((0, true)));
    }

    #[test]
    fn div_wide_rejects_zero_divisor_and_wide_quotient() {
        assert_eq!(div_wide(0, 5, 0), None);
        assert_eq!(div_wide(7, 0, 7), None);
        assert_eq!(div_wide(6, 0, 7).map(|(_, r)| r < 7), Some(true));
    }

    #[test]
    fn isqrt_u128_is_exact_on_small_inputs_and_around_squares() {
        for n in 0u128..20_000 {
            let r = isqrt_u128(n);
            assert!(r * r <= n && (r + 1) * (r + 1) > n, "isqrt({n}) = {r}");
        }
        for bits in 1..=64u32 {
            for root in [
                (1u128 << bits) - 1,
                1u128 << (bits - 1),
                (1u128 << (bits - 1)) + 12_345 % (1 << (bits - 1)),
            ] {
                let sq = root * root;
                assert_eq!(isqrt_u128(sq), root);
                assert_eq!(isqrt_u128(sq - 1), root - 1);
                if let Some(next) = sq.checked_add(2 * root) {
                    assert_eq!(isqrt_u128(next), root, "(r+1)^2 - 1 for r = {root}");
                }
            }
        }
        assert_eq!(isqrt_u128(u128::MAX), u128::from(u64::MAX));
    }

    #[test]
    fn isqrt_wide_is_exact_around_squares_above_2_pow_128() {
        for root in [
            1u128 << 64,
            (1 << 64) + 1,
            (1 << 65) - 1,
            3 << 70,
            (1 << 100) + 12_345,
            (1 << 126) - 1,
            (1 << 127) - 1,
        ] {
            let (h, l) = full_mul(root, root);
            assert_eq!(isqrt_wide(h, l), Some(root));
            let (h1, l1) = if l == 0 {
                (h - 1, u128::MAX)
            } else {
                (h, l - 1)
            };
            assert_eq!(isqrt_wide(h1, l1), Some(root - 1));
            // (root + 1)^2 - 1 = root^2 + 2 root.
            let (l2, carry) = l.overflowing_add(2 * root);
            assert_eq!(isqrt_wide(h + u128::from(carry), l2), Some(root));
        }
    }

    #[test]
    fn isqrt_wide_handles_small_and_edge_inputs() {
        assert_eq!(isqrt_wide(0, 0), Some(0));
        assert_eq!(isqrt_wide(0, 1), Some(1));
        assert_eq!(isqrt_wide(0, 3), Some(1));
        assert_eq!(isqrt_wide(0, 4), Some(2));
        assert_eq!(isqrt_wide(0, u128::MAX), Some(u64::MAX as u128));
        assert_eq!(isqrt_wide(1 << 126, 0), None);
    }
}
