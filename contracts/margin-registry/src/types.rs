//! ABI structs of the MarginRegistry (mirrored from `abi/interfaces/IMarginRegistry.sol`) and the
//! raw `sol!` declarations of the contracts it calls: Chainlink AggregatorV3 feeds and the
//! PortfolioNetting engine (generated from `abi/interfaces/IPortfolioNetting.sol` itself, so the
//! two can never drift).

pub use sol::*;

#[allow(missing_docs)]
mod sol {
    use stylus_sdk::prelude::*;

    alloy_sol_types::sol! {
        #[derive(Debug, PartialEq, Eq, AbiType)]
        struct CollateralParams {
            address feed;
            uint32 heartbeatSecs;
            uint8 decimals;
            uint256 imHaircut;
            uint256 mmHaircut;
            uint256 depositCap;
            bool enabled;
        }

        #[derive(Debug, PartialEq, Eq, AbiType)]
        struct UnderlyingParams {
            address feed;
            uint32 heartbeatSecs;
            uint32 minPokeIntervalSecs;
            uint32 impliedVolMaxAgeSecs;
            uint256 lambda;
            uint256 garchOmega;
            uint256 garchAlpha;
            uint256 garchBeta;
            uint256 maxReturnSigmas;
            uint256 initialVol;
            uint256 stressWeight;
            uint256 stressVol;
            uint256 volFloor;
            uint256 volCap;
            int256 rate;
        }

        #[derive(Debug, PartialEq, Eq)]
        event UnderlyingConfigured(uint32 indexed underlying, UnderlyingParams params, uint8 feedDecimals);

        #[derive(Debug, PartialEq, Eq, AbiType)]
        struct VolatilityState {
            uint256 lastPrice;
            uint64 lastUpdate;
            uint256 varianceRate;
            uint256 jumpVariance;
            uint256 forecastVol;
            uint256 impliedVolLower;
            uint256 impliedVolUpper;
            uint64 impliedVolUpdatedAt;
            uint256 marginVol;
        }

        #[derive(Debug, PartialEq, Eq, AbiType)]
        struct InstrumentParams {
            uint32 underlying;
            uint8 kind;
            uint64 expiry;
            uint256 strike;
            uint256 contractSize;
            uint256 openInterestCap;
        }

        #[derive(Debug, PartialEq, Eq, AbiType)]
        struct VenueParams {
            bool authorised;
            uint16 maxShareBps;
            uint256 cashCreditLimit;
        }

        #[derive(Debug, PartialEq, Eq, AbiType)]
        struct PositionChange {
            uint32 instrument;
            int256 sizeDelta;
            uint256 price;
        }

        #[derive(Debug, PartialEq, Eq, AbiType)]
        struct PositionView {
            address venue;
            uint32 instrument;
            int256 size;
            uint256 entryPrice;
        }

        #[derive(Debug, PartialEq, Eq, AbiType)]
        struct CollateralValue {
            address asset;
            uint256 balance;
            uint256 price;
            uint256 value;
            uint256 initialValue;
            uint256 maintenanceValue;
            uint256 oracleAge;
        }

        #[derive(Debug, PartialEq, Eq, AbiType)]
        struct UnderlyingRisk {
            uint32 underlying;
            uint256 spot;
            uint256 vol;
            uint256 oracleAge;
            uint256 worstScenario;
            uint256 scanLoss;
            uint256 initialMargin;
            uint256 maintenanceMargin;
            int256[] scenarioPnl;
        }

        #[derive(Debug, PartialEq, Eq, AbiType)]
        struct AccountRisk {
            int256 equity;
            uint256 initialMargin;
            uint256 maintenanceMargin;
            int256 cash;
            int256 cashValue;
            int256 unrealisedPnl;
            int256 optionsValue;
            uint256 portfolioInitialMargin;
            uint256 portfolioMaintenanceMargin;
            uint256 initialCredit;
            uint256 maintenanceCredit;
            CollateralValue[] collateral;
            PositionView[] positions;
            UnderlyingRisk[] underlyings;
        }
    }

    alloy_sol_types::sol! {
        /// Chainlink AggregatorV3 (price feeds and the L2 sequencer uptime feed): the calls made.
        interface AggregatorV3Abi {
            function decimals() external view returns (uint8);
            function latestRoundData() external view returns (
                uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound
            );
            function getRoundData(uint80 roundId) external view returns (
                uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound
            );
        }
    }

    alloy_sol_types::sol!("../../abi/interfaces/IPortfolioNetting.sol");
}
