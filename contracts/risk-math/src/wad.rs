//! 18-decimal fixed-point numbers: [`Wad`] (unsigned, `u128`) and [`SignedWad`] (signed, `i128`), the
//! rounding-aware [`mul_div`], and conversions to and from token amounts.
//!
//! # Width
//! A WAD value `x` stands for `x / 10^18`. The backing integers are 128-bit: WASM has native 64-bit integers and
//! a 128-bit add/compare/multiply costs a few of them, whereas 256-bit arithmetic is emulated in software and is
//! several times slower. 256-bit intermediates appear only inside [`mul_div`] (and the square root), where the
//! full product `x * y` is formed before the division, so `mul_wad`/`div_wad` never lose precision to an early
//! overflow.
//!
//! | type | raw range | value range |
//! |---|---|---|
//! | [`Wad`] | `0 ..= 2^128 - 1` | `0 ..= 340_282_366_920_938_463_463.374_607_431_768_211_455` |
//! | [`SignedWad`] | `-2^127 ..= 2^127 - 1` | `±170_141_183_460_469_231_731.687_303_715_884_105_727` (min is one unit lower) |
//!
//! That is about 3.4e20 whole units: enough for any price, notional or USD value the margin engine handles. An
//! operation whose exact result falls outside the range returns [`MathError::Overflow`] (above) or
//! [`MathError::Underflow`] (below); nothing wraps.

use core::fmt;

use crate::wide::{div_by_wad, div_wide, full_mul};
use crate::MathError;

/// 10^18, the WAD scale.
pub const WAD_SCALE: u128 = 1_000_000_000_000_000_000;

/// Largest number of token decimals the conversions accept.
pub const MAX_TOKEN_DECIMALS: u8 = 36;

/// Direction in which an inexact result is rounded.
///
/// For signed values `Down` is toward −∞ (floor) and `Up` toward +∞ (ceiling), so a margin requirement rounded
/// `Up` and a collateral value rounded `Down` are both conservative whatever their sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RoundMode {
    /// Toward −∞ (floor).
    Down,
    /// Toward +∞ (ceiling).
    Up,
}

/// Unsigned 18-decimal fixed-point number backed by `u128` (see the module docs for its range).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Wad(u128);

/// Signed 18-decimal fixed-point number backed by `i128` (see the module docs for its range).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SignedWad(i128);

/// Returns `x * y / d` rounded in direction `mode`, computed with a 256-bit intermediate product.
///
/// # Errors
/// `DivisionByZero` if `d == 0`; `Overflow` if the rounded result exceeds `u128::MAX`.
///
/// # Rounding
/// Exact when `d` divides `x * y`; otherwise floor (`Down`) or ceiling (`Up`).
pub fn mul_div(x: u128, y: u128, d: u128, mode: RoundMode) -> Result<u128, MathError> {
    if d == 0 {
        return Err(MathError::DivisionByZero);
    }
    let (high, low) = full_mul(x, y);
    // A WAD divisor (most calls) takes native 64-bit divisions instead of a 128-bit one.
    let (q, inexact) = if d == WAD_SCALE {
        div_by_wad(high, low)
    } else {
        div_wide(high, low, d).map(|(q, r)| (q, r != 0))
    }
    .ok_or(MathError::Overflow)?;
    match mode {
        RoundMode::Up if inexact => q.checked_add(1).ok_or(MathError::Overflow),
        _ => Ok(q),
    }
}

/// Returns `x * y / d` for signed operands, rounded in direction `mode` (`Down` = floor, `Up` = ceiling).
///
/// # Errors
/// `DivisionByZero` if `d == 0`; `Overflow`/`Underflow` if the result is outside `i128`.
pub fn mul_div_signed(x: i128, y: i128, d: i128, mode: RoundMode) -> Result<i128, MathError> {
    let negative = (x < 0) ^ (y < 0) ^ (d < 0) && x != 0 && y != 0;
    // Rounding the magnitude toward zero is a floor of a positive result and a ceiling of a negative one.
    let magnitude_mode = match (negative, mode) {
        (false, m) => m,
        (true, RoundMode::Down) => RoundMode::Up,
        (true, RoundMode::Up) => RoundMode::Down,
    };
    let m = mul_div(
        x.unsigned_abs(),
        y.unsigned_abs(),
        d.unsigned_abs(),
        magnitude_mode,
    )?;
    signed_from_magnitude(m, negative)
}

/// Returns `±m` as `i128`, or `Overflow`/`Underflow` when it does not fit.
fn signed_from_magnitude(m: u128, negative: bool) -> Result<i128, MathError> {
    if negative {
        0i128.checked_sub_unsigned(m).ok_or(MathError::Underflow)
    } else {
        i128::try_from(m).map_err(|_| MathError::Overflow)
    }
}

/// Returns `10^exp` for `exp <= 36`.
const fn pow10(exp: u8) -> u128 {
    let mut p = 1u128;
    let mut i = 0;
    while i < exp {
        p *= 10;
        i += 1;
    }
    p
}

impl Wad {
    /// 0.
    pub const ZERO: Self = Self(0);
    /// 1.0.
    pub const ONE: Self = Self(WAD_SCALE);
    /// The largest value, `(2^128 - 1) / 10^18`.
    pub const MAX: Self = Self(u128::MAX);

    /// Wraps a raw WAD integer (`raw / 10^18`).
    pub const fn from_raw(raw: u128) -> Self {
        Self(raw)
    }

    /// Returns the raw WAD integer.
    pub const fn raw(self) -> u128 {
        self.0
    }

    /// Returns the whole number `n` as a WAD.
    ///
    /// # Errors
    /// `Overflow` if `n > 3.4e20`.
    pub fn from_int(n: u128) -> Result<Self, MathError> {
        n.checked_mul(WAD_SCALE)
            .map(Self)
            .ok_or(MathError::Overflow)
    }

    /// Returns `true` for zero.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Returns `self + rhs`.
    ///
    /// # Errors
    /// `Overflow` above [`Wad::MAX`].
    pub fn checked_add(self, rhs: Self) -> Result<Self, MathError> {
        self.0
            .checked_add(rhs.0)
            .map(Self)
            .ok_or(MathError::Overflow)
    }

    /// Returns `self - rhs`.
    ///
    /// # Errors
    /// `Underflow` if `rhs > self`.
    pub fn checked_sub(self, rhs: Self) -> Result<Self, MathError> {
        self.0
            .checked_sub(rhs.0)
            .map(Self)
            .ok_or(MathError::Underflow)
    }

    /// Returns `self * rhs` (a WAD times a WAD), rounded in direction `mode`.
    ///
    /// # Errors
    /// `Overflow` if the result exceeds [`Wad::MAX`].
    pub fn mul_wad(self, rhs: Self, mode: RoundMode) -> Result<Self, MathError> {
        mul_div(self.0, rhs.0, WAD_SCALE, mode).map(Self)
    }

    /// Returns `self / rhs` (a WAD over a WAD), rounded in direction `mode`.
    ///
    /// # Errors
    /// `DivisionByZero` if `rhs` is zero; `Overflow` if the result exceeds [`Wad::MAX`].
    pub fn div_wad(self, rhs: Self, mode: RoundMode) -> Result<Self, MathError> {
        mul_div(self.0, WAD_SCALE, rhs.0, mode).map(Self)
    }

    /// Returns the value as a [`SignedWad`].
    ///
    /// # Errors
    /// `Overflow` if `self > SignedWad::MAX`.
    pub fn to_signed(self) -> Result<SignedWad, MathError> {
        i128::try_from(self.0)
            .map(SignedWad)
            .map_err(|_| MathError::Overflow)
    }

    /// Converts a token amount with `decimals` decimals to a WAD, rounding in direction `mode` when the token
    /// has more than 18 decimals.
    ///
    /// # Errors
    /// `DomainViolation` if `decimals > 36`; `Overflow` if the WAD exceeds [`Wad::MAX`] (only possible for
    /// fewer than 18 decimals).
    ///
    /// # Rounding
    /// Exact for `decimals <= 18`; otherwise `amount / 10^(decimals-18)` floored or ceiled.
    pub fn from_token_amount(
        amount: u128,
        decimals: u8,
        mode: RoundMode,
    ) -> Result<Self, MathError> {
        if decimals > MAX_TOKEN_DECIMALS {
            return Err(MathError::DomainViolation);
        }
        if decimals <= 18 {
            amount
                .checked_mul(pow10(18 - decimals))
                .map(Self)
                .ok_or(MathError::Overflow)
        } else {
            mul_div(amount, 1, pow10(decimals - 18), mode).map(Self)
        }
    }

    /// Converts the WAD to a token amount with `decimals` decimals, rounding in direction `mode` when the token
    /// has fewer than 18 decimals.
    ///
    /// # Errors
    /// `DomainViolation` if `decimals > 36`; `Overflow` if the amount exceeds `u128::MAX` (only possible for
    /// more than 18 decimals).
    ///
    /// # Rounding
    /// Exact for `decimals >= 18`; otherwise `raw / 10^(18-decimals)` floored or ceiled.
    pub fn to_token_amount(self, decimals: u8, mode: RoundMode) -> Result<u128, MathError> {
        if decimals > MAX_TOKEN_DECIMALS {
            return Err(MathError::DomainViolation);
        }
        if decimals >= 18 {
            self.0
                .checked_mul(pow10(decimals - 18))
                .ok_or(MathError::Overflow)
        } else {
            mul_div(self.0, 1, pow10(18 - decimals), mode)
        }
    }
}

impl SignedWad {
    /// 0.
    pub const ZERO: Self = Self(0);
    /// 1.0.
    pub const ONE: Self = Self(WAD_SCALE as i128);
    /// The largest value, `(2^127 - 1) / 10^18`.
    pub const MAX: Self = Self(i128::MAX);
    /// The smallest value, `-2^127 / 10^18`.
    pub const MIN: Self = Self(i128::MIN);

    /// Wraps a raw WAD integer (`raw / 10^18`).
    pub const fn from_raw(raw: i128) -> Self {
        Self(raw)
    }

    /// Returns the raw WAD integer.
    pub const fn raw(self) -> i128 {
        self.0
    }

    /// Returns the whole number `n` as a WAD.
    ///
    /// # Errors
    /// `Overflow`/`Underflow` if `|n| > 1.7e20`.
    pub fn from_int(n: i128) -> Result<Self, MathError> {
        n.checked_mul(WAD_SCALE as i128).map(Self).ok_or(if n < 0 {
            MathError::Underflow
        } else {
            MathError::Overflow
        })
    }

    /// Returns `true` for values below zero.
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Returns `self + rhs`.
    ///
    /// # Errors
    /// `Overflow`/`Underflow` outside the range.
    pub fn checked_add(self, rhs: Self) -> Result<Self, MathError> {
        self.0.checked_add(rhs.0).map(Self).ok_or(if rhs.0 < 0 {
            MathError::Underflow
        } else {
            MathError::Overflow
        })
    }

    /// Returns `self - rhs`.
    ///
    /// # Errors
    /// `Overflow`/`Underflow` outside the range.
    pub fn checked_sub(self, rhs: Self) -> Result<Self, MathError> {
        self.0.checked_sub(rhs.0).map(Self).ok_or(if rhs.0 > 0 {
            MathError::Underflow
        } else {
            MathError::Overflow
        })
    }

    /// Returns `-self`.
    ///
    /// # Errors
    /// `Overflow` for [`SignedWad::MIN`].
    pub fn checked_neg(self) -> Result<Self, MathError> {
        self.0.checked_neg().map(Self).ok_or(MathError::Overflow)
    }

    /// Returns `|self|` as an unsigned [`Wad`] (never fails: `|MIN|` fits in `u128`).
    pub const fn unsigned_abs(self) -> Wad {
        Wad(self.0.unsigned_abs())
    }

    /// Returns the value as an unsigned [`Wad`].
    ///
    /// # Errors
    /// `Underflow` if `self < 0`.
    pub fn to_unsigned(self) -> Result<Wad, MathError> {
        u128::try_from(self.0)
            .map(Wad)
            .map_err(|_| MathError::Underflow)
    }

    /// Returns `self * rhs`, rounded in direction `mode` (`Down` = floor, `Up` = ceiling).
    ///
    /// # Errors
    /// `Overflow`/`Underflow` outside the range.
    pub fn mul_wad(self, rhs: Self, mode: RoundMode) -> Result<Self, MathError> {
        mul_div_signed(self.0, rhs.0, WAD_SCALE as i128, mode).map(Self)
    }

    /// Returns `self / rhs`, rounded in direction `mode` (`Down` = floor, `Up` = ceiling).
    ///
    /// # Errors
    /// `DivisionByZero` if `rhs` is zero; `Overflow`/`Underflow` outside the range.
    pub fn div_wad(self, rhs: Self, mode: RoundMode) -> Result<Self, MathError> {
        mul_div_signed(self.0, WAD_SCALE as i128, rhs.0, mode).map(Self)
    }
}

impl From<u64> for Wad {
    /// Whole units (`n * 10^18` always fits).
    fn from(n: u64) -> Self {
        Self(u128::from(n) * WAD_SCALE)
    }
}

impl From<i64> for SignedWad {
    /// Whole units (`n * 10^18` always fits).
    fn from(n: i64) -> Self {
        Self(i128::from(n) * WAD_SCALE as i128)
    }
}

/// Writes `magnitude / 10^18` in decimal with the fraction's trailing zeros removed (`1.5`, `0`, `-0.000001`).
fn write_decimal(f: &mut fmt::Formatter<'_>, negative: bool, magnitude: u128) -> fmt::Result {
    let int = magnitude / WAD_SCALE;
    let mut frac = magnitude % WAD_SCALE;
    if negative {
        f.write_str("-")?;
    }
    write!(f, "{int}")?;
    if frac != 0 {
        let mut width = 18;
        while frac.is_multiple_of(10) {
            frac /= 10;
            width -= 1;
        }
        write!(f, ".{frac:0width$}")?;
    }
    Ok(())
}

impl fmt::Display for Wad {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_decimal(f, false, self.0)
    }
}

impl fmt::Display for SignedWad {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_decimal(f, self.0 < 0, self.0.unsigned_abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::ToString;

    #[test]
    fn display_writes_trimmed_decimals() {
        assert_eq!(Wad::from_raw(1_500_000_000_000_000_000).to_string(), "1.5");
        assert_eq!(Wad::ZERO.to_string(), "0");
        assert_eq!(Wad::from_raw(1).to_string(), "0.000000000000000001");
        assert_eq!(
            SignedWad::from_raw(-1_000_000_000_000).to_string(),
            "-0.000001"
        );
        assert_eq!(
            SignedWad::MIN.to_string(),
            "-170141183460469231731.687303715884105728"
        );
        assert_eq!(
            Wad::MAX.to_string(),
            "340282366920938463463.374607431768211455"
        );
    }

    #[test]
    fn checked_ops_return_typed_errors_when_out_of_range() {
        assert_eq!(
            Wad::MAX.checked_add(Wad::from_raw(1)),
            Err(MathError::Overflow)
        );
        assert_eq!(
            Wad::ZERO.checked_sub(Wad::from_raw(1)),
            Err(MathError::Underflow)
        );
        assert_eq!(
            SignedWad::MAX.checked_add(SignedWad::from_raw(1)),
            Err(MathError::Overflow)
        );
        assert_eq!(
            SignedWad::MIN.checked_sub(SignedWad::from_raw(1)),
            Err(MathError::Underflow)
        );
        assert_eq!(
            SignedWad::MIN.checked_add(SignedWad::from_raw(-1)),
            Err(MathError::Underflow)
        );
        assert_eq!(Wad::from_int(u128::MAX), Err(MathError::Overflow));
        assert_eq!(SignedWad::from_int(i128::MIN), Err(MathError::Underflow));
        assert_eq!(Wad::MAX.to_signed(), Err(MathError::Overflow));
        assert_eq!(
            SignedWad::from_raw(-1).to_unsigned(),
            Err(MathError::Underflow)
        );
        assert_eq!(SignedWad::MIN.unsigned_abs().raw(), 1u128 << 127);
        assert_eq!(
            Wad::ONE.div_wad(Wad::ZERO, RoundMode::Down),
            Err(MathError::DivisionByZero)
        );
        assert_eq!(
            Wad::MAX.mul_wad(Wad::from_int(2).unwrap(), RoundMode::Down),
            Err(MathError::Overflow)
        );
    }

    #[test]
    fn signed_mul_wad_rounds_toward_minus_and_plus_infinity() {
        let third = SignedWad::ONE
            .div_wad(SignedWad::from_int(3).unwrap(), RoundMode::Down)
            .unwrap();
        assert_eq!(third.raw(), 333_333_333_333_333_333);
        let minus_third = SignedWad::ONE
            .div_wad(SignedWad::from_int(-3).unwrap(), RoundMode::Down)
            .unwrap();
        assert_eq!(minus_third.raw(), -333_333_333_333_333_334);
        let minus_third_up = SignedWad::ONE
            .div_wad(SignedWad::from_int(-3).unwrap(), RoundMode::Up)
            .unwrap();
        assert_eq!(minus_third_up.raw(), -333_333_333_333_333_333);
        assert_eq!(
            mul_div_signed(i128::MIN, 1, -1, RoundMode::Down),
            Err(MathError::Overflow)
        );
        assert_eq!(
            mul_div_signed(i128::MIN, 1, 1, RoundMode::Down),
            Ok(i128::MIN)
        );
    }

    #[test]
    fn token_conversions_scale_by_the_decimal_difference() {
        // 1.5 USDC (6 decimals) and back, in both directions of rounding.
        let w = Wad::from_token_amount(1_500_000, 6, RoundMode::Down).unwrap();
        assert_eq!(w.raw(), 1_500_000_000_000_000_000);
        let dust = Wad::from_raw(1_500_000_000_000_000_001);
        assert_eq!(dust.to_token_amount(6, RoundMode::Down), Ok(1_500_000));
        assert_eq!(dust.to_token_amount(6, RoundMode::Up), Ok(1_500_001));
        // 36 decimals: a WAD unit is 10^18 token units.
        assert_eq!(
            Wad::from_raw(7).to_token_amount(36, RoundMode::Down),
            Ok(7_000_000_000_000_000_000)
        );
        assert_eq!(
            Wad::from_token_amount(10u128.pow(18) + 1, 36, RoundMode::Up),
            Ok(Wad::from_raw(2))
        );
        assert_eq!(
            Wad::from_token_amount(10u128.pow(18) + 1, 36, RoundMode::Down),
            Ok(Wad::from_raw(1))
        );
        assert_eq!(
            Wad::from_token_amount(u128::MAX, 0, RoundMode::Down),
            Err(MathError::Overflow)
        );
        assert_eq!(
            Wad::MAX.to_token_amount(19, RoundMode::Down),
            Err(MathError::Overflow)
        );
        assert_eq!(
            Wad::ONE.to_token_amount(37, RoundMode::Down),
            Err(MathError::DomainViolation)
        );
    }
}
