//! Solidity errors of the MarginRegistry, mirrored from `abi/interfaces/IMarginRegistry.sol`.
//!
//! Every rejection carries the offending values. The shared components' errors (ownership, pause,
//! reentrancy, safe ERC-20) are declared once in `ballast-contract-common` and become variants here,
//! so `?` converts them.

use alloc::vec::Vec;

use alloy_primitives::{Address, Bytes};
use ballast_contract_common::{
    GuardianUnauthorizedAccount, OwnableInvalidOwner, OwnableUnauthorizedAccount,
    PausableEnforcedPause, PausableExpectedPause, ReentrancyGuardReentrantCall,
    SafeErc20FailedOperation,
};
use ballast_risk_math::MathError;
use stylus_sdk::prelude::*;

pub use sol::*;

#[allow(missing_docs)]
mod sol {
    alloy_sol_types::sol! {
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryUnauthorizedRiskAdmin(address account);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryUnauthorizedKeeper(address account);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryZeroAddress();
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryNoCode(address account);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryUnknownSelector(bytes4 selector);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryParameterOutOfBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistrySignedParameterOutOfBounds(bytes32 parameter, int256 value, int256 min, int256 max);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryAssetNotListed(address asset);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryAssetDisabled(address asset);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryTooManyAssets(uint256 max);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryDepositCapExceeded(address asset, uint256 totalAfter, uint256 cap);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryZeroAmount();
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryInsufficientBalance(address asset, uint256 balance, uint256 amount);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryInsufficientInitialMargin(address account, int256 equity, uint256 initialMargin);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryInsufficientMaintenanceMargin(address account, int256 equity, uint256 maintenanceMargin);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryOraclePriceNonPositive(address feed, int256 answer);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryOraclePriceStale(address feed, uint256 updatedAt, uint256 heartbeatSecs, uint256 timestamp);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryOracleRoundIncomplete(address feed, uint80 roundId, uint256 updatedAt);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryOracleCallFailed(address feed);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistrySequencerDown(uint256 since);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistrySequencerGracePeriod(uint256 restartedAt, uint256 gracePeriodEndsAt);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryUnderlyingNotListed(uint32 underlying);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryUnderlyingAlreadyListed(uint32 underlying);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryVolatilityPokeTooSoon(uint32 underlying, uint256 lastUpdate, uint256 nextAllowedAt);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryInvalidImpliedVolBounds(uint32 underlying, uint256 lower, uint256 upper);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryInstrumentNotFound(uint32 instrument);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryInvalidInstrument(uint8 kind, uint64 expiry, uint256 strike);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryInstrumentExpired(uint32 instrument, uint64 expiry);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryVenueNotAuthorised(address venue);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryAccountNotOptedIn(address account, address venue);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryVenueHasPositions(address account, address venue, uint256 positions);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryOpenInterestCapExceeded(uint32 instrument, uint256 openInterest, uint256 cap);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryVenueShareExceeded(address venue, uint32 instrument, uint256 openInterest, uint256 cap);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryVenueCashLimitExceeded(address venue, int256 netCredited, uint256 limit);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryTooManyPositions(address account, uint256 count, uint256 max);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryTooManyChanges(uint256 count, uint256 max);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistrySizeOutOfRange(uint32 instrument, int256 size);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryNotExpired(uint64 expiry, uint256 timestamp);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistrySettlementPriceAlreadyRecorded(uint32 underlying, uint64 expiry);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistrySettlementRoundInvalid(uint32 underlying, uint64 expiry, uint80 roundId);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistrySettlementPriceMissing(uint32 underlying, uint64 expiry);
        #[derive(Debug, PartialEq, Eq)]
        error MarginRegistryNettingFailed(address engine, bytes reason);
        #[derive(Debug, PartialEq, Eq)]
        error RiskMathOverflow();
        #[derive(Debug, PartialEq, Eq)]
        error RiskMathDivisionByZero();
        #[derive(Debug, PartialEq, Eq)]
        error RiskMathDomainViolation();
    }
}

/// Every way a MarginRegistry call can fail; encodes as the Solidity error of the same name
/// (with the `MarginRegistry` prefix where the interface has one).
#[derive(SolidityError, Debug, PartialEq, Eq)]
pub enum Error {
    /// See [`MarginRegistryUnauthorizedRiskAdmin`].
    UnauthorizedRiskAdmin(MarginRegistryUnauthorizedRiskAdmin),
    /// See [`MarginRegistryUnauthorizedKeeper`].
    UnauthorizedKeeper(MarginRegistryUnauthorizedKeeper),
    /// See [`MarginRegistryZeroAddress`].
    ZeroAddress(MarginRegistryZeroAddress),
    /// See [`MarginRegistryNoCode`].
    NoCode(MarginRegistryNoCode),
    /// See [`MarginRegistryParameterOutOfBounds`].
    ParameterOutOfBounds(MarginRegistryParameterOutOfBounds),
    /// See [`MarginRegistrySignedParameterOutOfBounds`].
    SignedParameterOutOfBounds(MarginRegistrySignedParameterOutOfBounds),
    /// See [`MarginRegistryAssetNotListed`].
    AssetNotListed(MarginRegistryAssetNotListed),
    /// See [`MarginRegistryAssetDisabled`].
    AssetDisabled(MarginRegistryAssetDisabled),
    /// See [`MarginRegistryTooManyAssets`].
    TooManyAssets(MarginRegistryTooManyAssets),
    /// See [`MarginRegistryDepositCapExceeded`].
    DepositCapExceeded(MarginRegistryDepositCapExceeded),
    /// See [`MarginRegistryZeroAmount`].
    ZeroAmount(MarginRegistryZeroAmount),
    /// See [`MarginRegistryInsufficientBalance`].
    InsufficientBalance(MarginRegistryInsufficientBalance),
    /// See [`MarginRegistryInsufficientInitialMargin`].
    InsufficientInitialMargin(MarginRegistryInsufficientInitialMargin),
    /// See [`MarginRegistryInsufficientMaintenanceMargin`].
    InsufficientMaintenanceMargin(MarginRegistryInsufficientMaintenanceMargin),
    /// See [`MarginRegistryOraclePriceNonPositive`].
    OraclePriceNonPositive(MarginRegistryOraclePriceNonPositive),
    /// See [`MarginRegistryOraclePriceStale`].
    OraclePriceStale(MarginRegistryOraclePriceStale),
    /// See [`MarginRegistryOracleRoundIncomplete`].
    OracleRoundIncomplete(MarginRegistryOracleRoundIncomplete),
    /// See [`MarginRegistryOracleCallFailed`].
    OracleCallFailed(MarginRegistryOracleCallFailed),
    /// See [`MarginRegistrySequencerDown`].
    SequencerDown(MarginRegistrySequencerDown),
    /// See [`MarginRegistrySequencerGracePeriod`].
    SequencerGracePeriod(MarginRegistrySequencerGracePeriod),
    /// See [`MarginRegistryUnderlyingNotListed`].
    UnderlyingNotListed(MarginRegistryUnderlyingNotListed),
    /// See [`MarginRegistryUnderlyingAlreadyListed`].
    UnderlyingAlreadyListed(MarginRegistryUnderlyingAlreadyListed),
    /// See [`MarginRegistryVolatilityPokeTooSoon`].
    VolatilityPokeTooSoon(MarginRegistryVolatilityPokeTooSoon),
    /// See [`MarginRegistryInvalidImpliedVolBounds`].
    InvalidImpliedVolBounds(MarginRegistryInvalidImpliedVolBounds),
    /// See [`MarginRegistryInstrumentNotFound`].
    InstrumentNotFound(MarginRegistryInstrumentNotFound),
    /// See [`MarginRegistryInvalidInstrument`].
    InvalidInstrument(MarginRegistryInvalidInstrument),
    /// See [`MarginRegistryInstrumentExpired`].
    InstrumentExpired(MarginRegistryInstrumentExpired),
    /// See [`MarginRegistryVenueNotAuthorised`].
    VenueNotAuthorised(MarginRegistryVenueNotAuthorised),
    /// See [`MarginRegistryAccountNotOptedIn`].
    AccountNotOptedIn(MarginRegistryAccountNotOptedIn),
    /// See [`MarginRegistryVenueHasPositions`].
    VenueHasPositions(MarginRegistryVenueHasPositions),
    /// See [`MarginRegistryOpenInterestCapExceeded`].
    OpenInterestCapExceeded(MarginRegistryOpenInterestCapExceeded),
    /// See [`MarginRegistryVenueShareExceeded`].
    VenueShareExceeded(MarginRegistryVenueShareExceeded),
    /// See [`MarginRegistryVenueCashLimitExceeded`].
    VenueCashLimitExceeded(MarginRegistryVenueCashLimitExceeded),
    /// See [`MarginRegistryTooManyPositions`].
    TooManyPositions(MarginRegistryTooManyPositions),
    /// See [`MarginRegistryTooManyChanges`].
    TooManyChanges(MarginRegistryTooManyChanges),
    /// See [`MarginRegistrySizeOutOfRange`].
    SizeOutOfRange(MarginRegistrySizeOutOfRange),
    /// See [`MarginRegistryNotExpired`].
    NotExpired(MarginRegistryNotExpired),
    /// See [`MarginRegistrySettlementPriceAlreadyRecorded`].
    SettlementPriceAlreadyRecorded(MarginRegistrySettlementPriceAlreadyRecorded),
    /// See [`MarginRegistrySettlementRoundInvalid`].
    SettlementRoundInvalid(MarginRegistrySettlementRoundInvalid),
    /// See [`MarginRegistrySettlementPriceMissing`].
    SettlementPriceMissing(MarginRegistrySettlementPriceMissing),
    /// See [`MarginRegistryNettingFailed`].
    NettingFailed(MarginRegistryNettingFailed),
    /// See [`RiskMathOverflow`].
    MathOverflow(RiskMathOverflow),
    /// See [`RiskMathDivisionByZero`].
    MathDivisionByZero(RiskMathDivisionByZero),
    /// See [`RiskMathDomainViolation`].
    MathDomainViolation(RiskMathDomainViolation),
    /// See [`OwnableUnauthorizedAccount`].
    OwnableUnauthorizedAccount(OwnableUnauthorizedAccount),
    /// See [`OwnableInvalidOwner`].
    OwnableInvalidOwner(OwnableInvalidOwner),
    /// See [`GuardianUnauthorizedAccount`].
    GuardianUnauthorizedAccount(GuardianUnauthorizedAccount),
    /// See [`PausableEnforcedPause`].
    PausableEnforcedPause(PausableEnforcedPause),
    /// See [`PausableExpectedPause`].
    PausableExpectedPause(PausableExpectedPause),
    /// See [`ReentrancyGuardReentrantCall`].
    ReentrancyGuardReentrantCall(ReentrancyGuardReentrantCall),
    /// See [`SafeErc20FailedOperation`].
    SafeErc20FailedOperation(SafeErc20FailedOperation),
}

impl From<MathError> for Error {
    /// Maps a risk-math failure to its `RiskMath*` Solidity error; an underflow of an unsigned
    /// result is reported as an overflow (the value left the representable range).
    fn from(error: MathError) -> Self {
        match error {
            MathError::DivisionByZero => RiskMathDivisionByZero {}.into(),
            MathError::DomainViolation => RiskMathDomainViolation {}.into(),
            _ => RiskMathOverflow {}.into(),
        }
    }
}

/// Shorthand for [`MarginRegistryParameterOutOfBounds`] with a left-aligned ASCII name.
pub(crate) fn out_of_bounds(
    name: &str,
    value: alloy_primitives::U256,
    min: alloy_primitives::U256,
    max: alloy_primitives::U256,
) -> Error {
    MarginRegistryParameterOutOfBounds {
        parameter: name_to_bytes32(name),
        value,
        min,
        max,
    }
    .into()
}

/// Left-aligns an ASCII name (at most 32 bytes) into a `bytes32`.
pub(crate) fn name_to_bytes32(name: &str) -> alloy_primitives::B256 {
    let mut word = [0u8; 32];
    let bytes = name.as_bytes();
    let len = bytes.len().min(32);
    word[..len].copy_from_slice(&bytes[..len]);
    alloy_primitives::B256::from(word)
}

/// Builds [`MarginRegistryNettingFailed`] from the engine's revert data.
pub(crate) fn netting_failed(engine: Address, reason: Vec<u8>) -> Error {
    MarginRegistryNettingFailed {
        engine,
        reason: Bytes::from(reason),
    }
    .into()
}
