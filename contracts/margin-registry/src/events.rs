//! Solidity events of the MarginRegistry, mirrored from `abi/interfaces/IMarginRegistry.sol`.
//!
//! Every state change emits one, after the change, with the full new value, so an indexer can
//! rebuild balances, positions, parameters and the volatility state from logs alone. The shared
//! components' events (ownership, guardian, pause) come from `ballast-contract-common`.

/// Declared with the struct it carries (alloy resolves struct types per `sol!` block).
pub use crate::types::UnderlyingConfigured;
/// The shared components' events this contract emits; naming them here puts them in its exported ABI.
pub use ballast_contract_common::{
    GuardianUpdated, OwnershipTransferStarted, OwnershipTransferred, Paused, Unpaused,
};
pub use sol::*;

#[allow(missing_docs)]
mod sol {
    alloy_sol_types::sol! {
        #[derive(Debug, PartialEq, Eq)]
        event CollateralConfigured(
            address indexed asset,
            address feed,
            uint32 heartbeatSecs,
            uint8 decimals,
            uint8 feedDecimals,
            uint256 imHaircut,
            uint256 mmHaircut,
            uint256 depositCap,
            bool enabled
        );
        #[derive(Debug, PartialEq, Eq)]
        event Deposited(address indexed account, address indexed asset, uint256 amount, int256 balance);
        #[derive(Debug, PartialEq, Eq)]
        event Withdrawn(address indexed account, address indexed asset, address to, uint256 amount, int256 balance);
        #[derive(Debug, PartialEq, Eq)]
        event VolatilityUpdated(
            uint32 indexed underlying, uint256 price, uint256 varianceRate, uint256 jumpVariance, uint256 forecastVol
        );
        #[derive(Debug, PartialEq, Eq)]
        event ImpliedVolBoundsUpdated(uint32 indexed underlying, uint256 lower, uint256 upper);
        #[derive(Debug, PartialEq, Eq)]
        event InstrumentRegistered(
            uint32 indexed instrument,
            uint32 indexed underlying,
            uint8 kind,
            uint64 expiry,
            uint256 strike,
            uint256 contractSize,
            uint256 openInterestCap
        );
        #[derive(Debug, PartialEq, Eq)]
        event OpenInterestCapUpdated(uint32 indexed instrument, uint256 cap);
        #[derive(Debug, PartialEq, Eq)]
        event VenueConfigured(address indexed venue, bool authorised, uint16 maxShareBps, uint256 cashCreditLimit);
        #[derive(Debug, PartialEq, Eq)]
        event VenueOptedIn(address indexed account, address indexed venue);
        #[derive(Debug, PartialEq, Eq)]
        event VenueOptedOut(address indexed account, address indexed venue);
        #[derive(Debug, PartialEq, Eq)]
        event PositionUpdated(
            address indexed account, address indexed venue, uint32 indexed instrument, int256 sizeDelta, int256 size,
            uint256 entryPrice
        );
        #[derive(Debug, PartialEq, Eq)]
        event PositionsUpdated(
            address indexed account, address indexed venue, int256 cashDelta, int256 cash, int256 venueNetCredited
        );
        #[derive(Debug, PartialEq, Eq)]
        event SettlementPriceRecorded(uint32 indexed underlying, uint64 indexed expiry, uint256 price, uint80 roundId);
        #[derive(Debug, PartialEq, Eq)]
        event PositionSettled(
            address indexed account, address indexed venue, uint32 indexed instrument, int256 size, int256 payout,
            int256 cash
        );
        #[derive(Debug, PartialEq, Eq)]
        event RiskAdminUpdated(address indexed previousRiskAdmin, address indexed newRiskAdmin);
        #[derive(Debug, PartialEq, Eq)]
        event VolatilityKeeperUpdated(address indexed previousKeeper, address indexed newKeeper);
        #[derive(Debug, PartialEq, Eq)]
        event PortfolioNettingUpdated(address indexed previousEngine, address indexed newEngine);
        #[derive(Debug, PartialEq, Eq)]
        event SequencerFeedUpdated(address indexed feed, uint32 gracePeriodSecs);
        #[derive(Debug, PartialEq, Eq)]
        event AccountLimitsUpdated(uint32 maxPositions, uint32 maxChanges);
    }
}
