//! ABI structs of `IPortfolioNetting` (mirrors of `abi/interfaces/IPortfolioNetting.sol`).
//!
//! Units: every price, size, volatility, rate, factor and margin is a WAD fixed-point number
//! (1e18 = 1.0); timestamps and durations are Unix seconds. See the interface's NatSpec.
#![allow(missing_docs)]

use stylus_sdk::prelude::*;

alloy_sol_types::sol! {
    /// One position: `kind` 0 = perp/future, 1 = call, 2 = put; signed `size` in underlying units.
    #[derive(Debug, PartialEq, Eq, AbiType)]
    struct Position {
        uint32 underlying;
        uint8 kind;
        uint64 expiry;
        uint256 strike;
        int256 size;
    }

    /// Market data of one underlying: spot, annualised vol and rate (WAD).
    #[derive(Debug, PartialEq, Eq, AbiType)]
    struct MarketData {
        uint32 underlying;
        uint256 spot;
        uint256 vol;
        int256 rate;
    }

    /// Net Black-76 Greeks of one underlying (WAD).
    #[derive(Debug, Default, PartialEq, Eq, AbiType)]
    struct UnderlyingGreeks {
        uint32 underlying;
        int256 delta;
        int256 gamma;
        int256 vega;
        int256 theta;
    }

    /// Margin breakdown of one underlying before spread credits.
    #[derive(Debug, Default, PartialEq, Eq, AbiType)]
    struct UnderlyingRisk {
        UnderlyingGreeks greeks;
        uint256 scanRange;
        uint256 worstScenario;
        uint256 scanLoss;
        uint256 initialMargin;
        uint256 maintenanceMargin;
        int256 markToMarket;
        int256[] scenarioPnl;
    }

    /// Margin of a whole portfolio after spread credits.
    #[derive(Debug, Default, PartialEq, Eq, AbiType)]
    struct MarginResult {
        uint256 initialMargin;
        uint256 maintenanceMargin;
        uint256 initialCredit;
        uint256 maintenanceCredit;
        int256 markToMarket;
        UnderlyingRisk[] underlyings;
    }

    /// Risk parameters of one underlying (field order = `fieldIndex` of the bound errors).
    #[derive(Debug, Default, PartialEq, Eq, AbiType)]
    struct RiskParams {
        uint256 scanRangeFloor;
        uint256 scanRangeCap;
        uint256 volMultiplier;
        uint32 horizonSecs;
        uint32 gridSteps;
        uint256 volUpShock;
        uint256 volDownShock;
        uint256 shortTermPower;
        uint256 longTermPower;
        uint256 minVolUp;
        uint256 tailDampening;
        uint256 skewShock;
        uint256 basisShock;
        uint256 imFactor;
        uint256 mmFactor;
        uint256 esConfidence;
        uint256 shortOptionMinMm;
        uint256 shortOptionMinIm;
        uint256 perpChargeMm;
        uint256 perpChargeIm;
        uint32 nearExpirySecs;
        uint256 nearExpiryCharge;
    }

    /// The risk parameters of `underlying` changed (listing has all-zero `oldParams`). Re-exported by
    /// [`crate::events`].
    #[derive(Debug, PartialEq, Eq)]
    event RiskParamsUpdated(uint32 indexed underlying, RiskParams oldParams, RiskParams newParams);

    /// Risk parameters proposed for one underlying (`dryRunMargin`).
    #[derive(Debug, PartialEq, Eq, AbiType)]
    struct ProposedParams {
        uint32 underlying;
        RiskParams params;
    }
}
