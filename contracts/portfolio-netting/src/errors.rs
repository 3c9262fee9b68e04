//! Errors of `IPortfolioNetting` (mirrors of `abi/interfaces/IPortfolioNetting.sol`) and the
//! contract's one [`Error`] enum.
#![allow(missing_docs)]

use ballast_contract_common::{OwnableInvalidOwner, OwnableUnauthorizedAccount};
use stylus_sdk::prelude::*;

alloy_sol_types::sol! {
    /// The caller is not the risk admin.
    #[derive(Debug, PartialEq, Eq)]
    error PortfolioNettingUnauthorizedRiskAdmin(address account);
    /// The underlying has no stored risk parameters.
    #[derive(Debug, PartialEq, Eq)]
    error PortfolioNettingUnderlyingNotListed(uint32 underlying);
    /// The portfolio spans more underlyings than the configured limit.
    #[derive(Debug, PartialEq, Eq)]
    error PortfolioNettingTooManyUnderlyings(uint256 count, uint256 max);
    /// The portfolio has more positions than the configured limit.
    #[derive(Debug, PartialEq, Eq)]
    error PortfolioNettingTooManyPositions(uint256 count, uint256 max);
    /// No market data was given for an underlying of the portfolio.
    #[derive(Debug, PartialEq, Eq)]
    error PortfolioNettingMissingMarketData(uint32 underlying);
    /// Market data was given twice for the same underlying.
    #[derive(Debug, PartialEq, Eq)]
    error PortfolioNettingDuplicateMarketData(uint32 underlying);
    /// Market data is unusable: spot and vol must be > 0.
    #[derive(Debug, PartialEq, Eq)]
    error PortfolioNettingInvalidMarketData(uint32 underlying, uint256 spot, uint256 vol);
    /// A position is malformed (kind, strike or size).
    #[derive(Debug, PartialEq, Eq)]
    error PortfolioNettingInvalidPosition(uint256 index, uint8 kind, uint256 strike, int256 size);
    /// A position has already expired.
    #[derive(Debug, PartialEq, Eq)]
    error PortfolioNettingPositionExpired(uint256 index, uint64 expiry, uint64 timestamp);
    /// A risk parameter is outside its hard bounds.
    #[derive(Debug, PartialEq, Eq)]
    error PortfolioNettingParamOutOfBounds(
        uint32 underlying, uint256 fieldIndex, uint256 value, uint256 min, uint256 max
    );
    /// A spread pair is invalid (same underlying twice, or unlisted).
    #[derive(Debug, PartialEq, Eq)]
    error PortfolioNettingInvalidSpreadPair(uint32 underlyingA, uint32 underlyingB);
    /// A spread credit is above its hard maximum.
    #[derive(Debug, PartialEq, Eq)]
    error PortfolioNettingSpreadCreditOutOfBounds(uint256 credit, uint256 max);
    /// A portfolio limit or the credit floor is outside its hard bounds.
    #[derive(Debug, PartialEq, Eq)]
    error PortfolioNettingLimitOutOfBounds(uint256 value, uint256 min, uint256 max);
    /// The risk engine overflowed for `underlying`.
    #[derive(Debug, PartialEq, Eq)]
    error PortfolioNettingMathOverflow(uint32 underlying);
    /// The risk engine divided by zero for `underlying`.
    #[derive(Debug, PartialEq, Eq)]
    error PortfolioNettingMathDivisionByZero(uint32 underlying);
    /// An input of the risk engine was outside its domain for `underlying`.
    #[derive(Debug, PartialEq, Eq)]
    error PortfolioNettingMathDomainViolation(uint32 underlying);
    /// The call's selector is not a function of `IPortfolioNetting` (or the calldata is shorter than 4 bytes:
    /// then the selector is the calldata padded with zeros).
    #[derive(Debug, PartialEq, Eq)]
    error PortfolioNettingUnknownSelector(bytes4 selector);
}

/// Every failure of the contract, ABI-encoded as the matching Solidity custom error.
#[derive(SolidityError, Debug, PartialEq, Eq)]
pub enum Error {
    /// See [`PortfolioNettingUnauthorizedRiskAdmin`].
    UnauthorizedRiskAdmin(PortfolioNettingUnauthorizedRiskAdmin),
    /// See [`PortfolioNettingUnderlyingNotListed`].
    UnderlyingNotListed(PortfolioNettingUnderlyingNotListed),
    /// See [`PortfolioNettingTooManyUnderlyings`].
    TooManyUnderlyings(PortfolioNettingTooManyUnderlyings),
    /// See [`PortfolioNettingTooManyPositions`].
    TooManyPositions(PortfolioNettingTooManyPositions),
    /// See [`PortfolioNettingMissingMarketData`].
    MissingMarketData(PortfolioNettingMissingMarketData),
    /// See [`PortfolioNettingDuplicateMarketData`].
    DuplicateMarketData(PortfolioNettingDuplicateMarketData),
    /// See [`PortfolioNettingInvalidMarketData`].
    InvalidMarketData(PortfolioNettingInvalidMarketData),
    /// See [`PortfolioNettingInvalidPosition`].
    InvalidPosition(PortfolioNettingInvalidPosition),
    /// See [`PortfolioNettingPositionExpired`].
    PositionExpired(PortfolioNettingPositionExpired),
    /// See [`PortfolioNettingParamOutOfBounds`].
    ParamOutOfBounds(PortfolioNettingParamOutOfBounds),
    /// See [`PortfolioNettingInvalidSpreadPair`].
    InvalidSpreadPair(PortfolioNettingInvalidSpreadPair),
    /// See [`PortfolioNettingSpreadCreditOutOfBounds`].
    SpreadCreditOutOfBounds(PortfolioNettingSpreadCreditOutOfBounds),
    /// See [`PortfolioNettingLimitOutOfBounds`].
    LimitOutOfBounds(PortfolioNettingLimitOutOfBounds),
    /// See [`PortfolioNettingMathOverflow`].
    MathOverflow(PortfolioNettingMathOverflow),
    /// See [`PortfolioNettingMathDivisionByZero`].
    MathDivisionByZero(PortfolioNettingMathDivisionByZero),
    /// See [`PortfolioNettingMathDomainViolation`].
    MathDomainViolation(PortfolioNettingMathDomainViolation),
    /// See [`PortfolioNettingUnknownSelector`].
    UnknownSelector(PortfolioNettingUnknownSelector),
    /// See [`OwnableUnauthorizedAccount`].
    OwnableUnauthorizedAccount(OwnableUnauthorizedAccount),
    /// See [`OwnableInvalidOwner`].
    OwnableInvalidOwner(OwnableInvalidOwner),
}
