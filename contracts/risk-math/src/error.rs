//! The one error type of the crate.

use core::fmt;

/// Why a risk-math operation could not produce a result.
///
/// Every fallible function in the crate returns `Result<_, MathError>`; none panics. Contracts map each variant
/// to a `RiskMath*` Solidity error. New variants may be added, so matches need a wildcard arm.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MathError {
    /// The exact result is above the largest value of the result type.
    Overflow,
    /// The exact result is below the smallest value of the result type (for unsigned types: below zero).
    Underflow,
    /// A divisor was zero.
    DivisionByZero,
    /// An argument is outside the function's domain (`ln(0)`, a zero forward or strike, decimals above 36, ...).
    DomainViolation,
}

impl fmt::Display for MathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Overflow => "math overflow",
            Self::Underflow => "math underflow",
            Self::DivisionByZero => "division by zero",
            Self::DomainViolation => "argument outside the function's domain",
        })
    }
}
