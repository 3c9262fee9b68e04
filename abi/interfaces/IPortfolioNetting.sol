// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IPortfolioNetting
/// @notice Ballast's on-chain portfolio margin engine (a Stylus contract). It revalues a whole portfolio, grouped by
/// underlying, under a scenario grid of price shocks x volatility shocks (options fully repriced with Black-76), takes
/// the scanning loss per underlying, applies spread credits between configured pairs of underlyings and adds the
/// short-option minimum, perp and near-expiry charges. It stores the risk parameters and serves margin as views, so the
/// MarginRegistry and any other protocol can call it as a standard risk service.
/// @dev Units. Every quantity named `...Wad` in the docs, and every price, size, volatility, rate, factor and margin
/// below, is a fixed-point number with 18 decimals (WAD = 1e18). Sizes are in units of the underlying (1e18 = one
/// BTC); prices, margins and PnL are in the quote (settlement) asset per unit of underlying or in total (1e18 = one
/// USD when the quote is USD); volatilities and rates are annualised (0.6e18 = 60%); factors and rates of notional
/// are fractions (0.05e18 = 5%). Timestamps and durations are Unix seconds. Losses are positive, PnL is signed.
/// Scenario index: with `N = gridSteps` the engine's scenario vector is ordered as documented in `scenarioPnl`.
/// Deployment: one Stylus program (`target/stylus/portfolio-netting.bin`), deployed as fragments plus a root when its
/// compressed code exceeds 24 KiB (ArbOS 60 or later), with `constructor(address owner, address riskAdmin)` (owner
/// non-zero, else OwnableInvalidOwner). Limits start at 4 underlyings and 32 positions, the credit floor at 0.5, and
/// no underlying is listed. A call whose arguments are not a strict ABI encoding (an offset or length outside the
/// calldata, a uint8/uint32/uint64 argument with non-zero high bytes) reverts with no data.
interface IPortfolioNetting {
    // ------------------------------------------------------------------------------------------------------------
    // Types
    // ------------------------------------------------------------------------------------------------------------

    /// @notice One position of a portfolio.
    /// @param underlying Underlying id (must have market data in the same call and stored risk parameters).
    /// @param kind 0 = perpetual or dated future (delta-one), 1 = European call, 2 = European put.
    /// @param expiry Expiry timestamp; 0 for a perpetual. Options and dated futures must expire after
    /// `block.timestamp`.
    /// @param strike Strike price (WAD, quote per underlying); must be 0 for kind 0 and > 0 for options.
    /// @param size Signed size in units of the underlying (WAD); positive = long, negative = short.
    struct Position {
        uint32 underlying;
        uint8 kind;
        uint64 expiry;
        uint256 strike;
        int256 size;
    }

    /// @notice Market data for one underlying.
    /// @param underlying Underlying id.
    /// @param spot Spot / mark price (WAD, quote per underlying), > 0.
    /// @param vol Annualised implied or forecast volatility used for repricing and for the scan range (WAD), > 0.
    /// @param rate Annualised continuously compounded rate used for forwards and discounting (WAD, signed).
    struct MarketData {
        uint32 underlying;
        uint256 spot;
        uint256 vol;
        int256 rate;
    }

    /// @notice Net sensitivities of one underlying's positions at current market data (Black-Scholes on spot with the
    /// rate, summed over positions; a dated future contributes delta size * e^(rate * tau), a perpetual its size).
    /// @param underlying Underlying id.
    /// @param delta Net delta in units of the underlying (WAD): d(value)/d(spot).
    /// @param gamma Net gamma (WAD): d(delta)/d(spot), units of underlying per quote unit of spot.
    /// @param vega Net vega (WAD, quote): value change for a +1.0 (100 vol points) change of volatility.
    /// @param theta Net theta (WAD, quote): -d(value)/d(time to expiry) per year (divide by 365 for one day).
    struct UnderlyingGreeks {
        uint32 underlying;
        int256 delta;
        int256 gamma;
        int256 vega;
        int256 theta;
    }

    /// @notice Margin breakdown of one underlying, before spread credits.
    /// @param greeks Net Greeks of the underlying's positions at current market data.
    /// @param scanRange Price scan range R actually used: clamp(volMultiplier * vol * sqrt(horizon), floor, cap) (WAD).
    /// @param worstScenario Index of the worst scenario in `scenarioPnl`.
    /// @param scanLoss Scanning loss (WAD, quote, >= 0): the worst loss, or the Expected Shortfall when the
    /// underlying's `esConfidence` is non-zero.
    /// @param initialMargin max(imFactor * scanLoss, (shortOptionMinMm + shortOptionMinIm) * SOM) + (perpChargeMm +
    /// perpChargeIm) * G + nearExpiryCharge * E (WAD, quote), where SOM is the spot notional of net short options per
    /// strike and expiry, G the gross delta-one notional and E the spot notional of net short series expiring within
    /// nearExpirySecs.
    /// @param maintenanceMargin max(mmFactor * scanLoss, shortOptionMinMm * SOM) + perpChargeMm * G +
    /// nearExpiryCharge * E (WAD, quote).
    /// @param markToMarket Value of the underlying's options at current market data (WAD, quote, signed; delta-one
    /// positions count 0 because they are marked to the venue price).
    /// @param scenarioPnl Portfolio PnL of this underlying in every scenario (WAD, quote, signed), in the engine's
    /// scenario order: the core grid (price steps -N..N x vol up/none/down, edges vol-up only), then the tail
    /// scenarios (dampened), then the skew scenarios, then the basis scenarios.
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

    /// @notice Margin of a whole portfolio.
    /// @param initialMargin Initial margin after spread credits (WAD, quote): new risk needs equity >= this.
    /// @param maintenanceMargin Maintenance margin after spread credits (WAD, quote): liquidation below this.
    /// @param initialCredit Spread credit subtracted from the summed per-underlying initial margins (WAD, quote).
    /// @param maintenanceCredit Spread credit subtracted from the summed per-underlying maintenance margins (WAD).
    /// @param markToMarket Sum of the per-underlying marks (WAD, quote, signed).
    /// @param underlyings Per-underlying breakdown, in order of first appearance in the portfolio.
    struct MarginResult {
        uint256 initialMargin;
        uint256 maintenanceMargin;
        uint256 initialCredit;
        uint256 maintenanceCredit;
        int256 markToMarket;
        UnderlyingRisk[] underlyings;
    }

    /// @notice Risk parameters of one underlying. Every field is checked against the hard bounds below on every
    /// update (and by the engine's own consistency checks); `setRiskParams` reverts on the first violation with
    /// `PortfolioNettingParamOutOfBounds(underlying, fieldIndex, value, min, max)` where fieldIndex is the 0-based
    /// position of the field in this struct.
    /// @param scanRangeFloor [0] Minimum price scan range R_min (WAD), bounds [0.01, 0.9].
    /// @param scanRangeCap [1] Maximum price scan range R_max (WAD), bounds [scanRangeFloor, 0.9].
    /// @param volMultiplier [2] k in R = k * vol * sqrt(horizon) (WAD; z * (1 + APC buffer)), bounds [0, 20].
    /// @param horizonSecs [3] Margin period of risk h in seconds, bounds [3600, 2592000].
    /// @param gridSteps [4] Price steps N on each side of the core grid, bounds [1, 8].
    /// @param volUpShock [5] Relative vol-up shock U at 30 days to expiry (WAD), bounds [0, 5].
    /// @param volDownShock [6] Relative vol-down shock Dn at 30 days to expiry (WAD), bounds [0, 1].
    /// @param shortTermPower [7] Tenor power of the vol shocks for expiries <= 30 days (WAD), bounds [0, 1].
    /// @param longTermPower [8] Tenor power of the vol shocks for expiries > 30 days (WAD), bounds [0, 1].
    /// @param minVolUp [9] Floor of the shocked volatility in vol-up scenarios (WAD), bounds [0, 5].
    /// @param tailDampening [10] kappa: tail scenario loss is dampened by kappa * R / |s - 1| (WAD); 0 switches the
    /// tail scenarios off, bounds [0, 1].
    /// @param skewShock [11] Base cap of the skew scenarios (WAD); 0 switches them off, bounds [0, 1].
    /// @param basisShock [12] Forward-only shock of the basis scenarios (WAD); 0 switches them off, bounds [0, 0.5].
    /// @param imFactor [13] Multiplier of the scan loss in initial margin (WAD), bounds [mmFactor, 5].
    /// @param mmFactor [14] Multiplier of the scan loss in maintenance margin (WAD), bounds [0.1, 5].
    /// @param esConfidence [15] 0 = worst-loss mode; otherwise the Expected Shortfall confidence alpha (WAD), bounds
    /// 0 or [0.9, 0.999].
    /// @param shortOptionMinMm [16] Short-option minimum in maintenance margin, fraction of spot notional of the net
    /// short options per strike (WAD), bounds [0, 0.5].
    /// @param shortOptionMinIm [17] Extra short-option minimum in initial margin (WAD), bounds [0, 0.5].
    /// @param perpChargeMm [18] Maintenance charge on |delta-one notional| (WAD), bounds [0, 0.5].
    /// @param perpChargeIm [19] Extra initial charge on |delta-one notional| (WAD), bounds [0, 0.5].
    /// @param nearExpirySecs [20] Window before expiry in which short options pay the near-expiry charge, bounds
    /// [0, 2592000].
    /// @param nearExpiryCharge [21] Near-expiry charge, fraction of spot notional of short options inside the window
    /// (WAD), added to both margins, bounds [0, 0.5].
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

    /// @notice Risk parameters proposed for one underlying (used by `dryRunMargin`).
    struct ProposedParams {
        uint32 underlying;
        RiskParams params;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Errors
    // ------------------------------------------------------------------------------------------------------------

    /// @notice The caller is not the risk admin.
    error PortfolioNettingUnauthorizedRiskAdmin(address account);
    /// @notice The underlying has no stored risk parameters.
    error PortfolioNettingUnderlyingNotListed(uint32 underlying);
    /// @notice The portfolio spans more underlyings than the configured limit.
    error PortfolioNettingTooManyUnderlyings(uint256 count, uint256 max);
    /// @notice The portfolio has more positions than the configured limit.
    error PortfolioNettingTooManyPositions(uint256 count, uint256 max);
    /// @notice No market data was given for an underlying of the portfolio.
    error PortfolioNettingMissingMarketData(uint32 underlying);
    /// @notice Market data was given twice for the same underlying.
    error PortfolioNettingDuplicateMarketData(uint32 underlying);
    /// @notice Market data is unusable: spot and vol must be > 0.
    error PortfolioNettingInvalidMarketData(uint32 underlying, uint256 spot, uint256 vol);
    /// @notice A position is malformed: unknown kind, an option with strike 0, a delta-one position with a strike,
    /// or zero size.
    error PortfolioNettingInvalidPosition(uint256 index, uint8 kind, uint256 strike, int256 size);
    /// @notice A position has already expired (expiry <= block.timestamp); it must be settled first.
    error PortfolioNettingPositionExpired(uint256 index, uint64 expiry, uint64 timestamp);
    /// @notice A risk parameter is outside its hard bounds (fieldIndex = 0-based field position in `RiskParams`).
    error PortfolioNettingParamOutOfBounds(uint32 underlying, uint256 fieldIndex, uint256 value, uint256 min, uint256 max);
    /// @notice A spread pair is invalid: the same underlying twice, or an unlisted underlying.
    error PortfolioNettingInvalidSpreadPair(uint32 underlyingA, uint32 underlyingB);
    /// @notice A spread credit is above its hard maximum (0.8), or the credits of one underlying's pairs would add up
    /// above 1 (then `credit` is that sum and `max` is 1e18).
    error PortfolioNettingSpreadCreditOutOfBounds(uint256 credit, uint256 max);
    /// @notice A portfolio limit or the credit floor is outside its hard bounds.
    error PortfolioNettingLimitOutOfBounds(uint256 value, uint256 min, uint256 max);
    /// @notice The risk engine overflowed while computing the margin of `underlying`.
    error PortfolioNettingMathOverflow(uint32 underlying);
    /// @notice The risk engine divided by zero while computing the margin of `underlying`.
    error PortfolioNettingMathDivisionByZero(uint32 underlying);
    /// @notice An input of the risk engine was outside its domain while computing the margin of `underlying`.
    error PortfolioNettingMathDomainViolation(uint32 underlying);
    /// @notice The calldata's selector is not a function of this interface (calldata shorter than 4 bytes, e.g. a
    /// plain value transfer, is reported zero-padded).
    error PortfolioNettingUnknownSelector(bytes4 selector);
    /// @notice The caller is not allowed to perform this owner-only (or pending-owner-only) action.
    error OwnableUnauthorizedAccount(address account);
    /// @notice The address cannot be the owner (the zero address).
    error OwnableInvalidOwner(address owner);

    // ------------------------------------------------------------------------------------------------------------
    // Events
    // ------------------------------------------------------------------------------------------------------------

    /// @notice The risk parameters of `underlying` changed (listing an underlying has all-zero `oldParams`).
    event RiskParamsUpdated(uint32 indexed underlying, RiskParams oldParams, RiskParams newParams);
    /// @notice The spread credit of the unordered pair (underlyingA, underlyingB) changed; 0 means no credit.
    event SpreadCreditUpdated(
        uint32 indexed underlyingA, uint32 indexed underlyingB, uint256 oldCredit, uint256 newCredit
    );
    /// @notice The portfolio size limits changed.
    event LimitsUpdated(uint256 oldMaxUnderlyings, uint256 oldMaxPositions, uint256 newMaxUnderlyings, uint256 newMaxPositions);
    /// @notice The credit floor changed.
    event CreditFloorUpdated(uint256 oldFloor, uint256 newFloor);
    /// @notice The risk admin changed.
    event RiskAdminUpdated(address indexed previousRiskAdmin, address indexed newRiskAdmin);
    /// @notice The owner nominated `newOwner`; ownership moves when `newOwner` accepts.
    event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);
    /// @notice Ownership moved from `previousOwner` to `newOwner`.
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    // ------------------------------------------------------------------------------------------------------------
    // Margin views
    // ------------------------------------------------------------------------------------------------------------

    /// @notice Computes initial and maintenance margin of `portfolio` with the stored risk parameters.
    /// @dev Positions of one underlying need not be contiguous; each underlying of the portfolio needs one entry in
    /// `marketData` (extra entries are ignored; more than 64 entries revert with PortfolioNettingTooManyUnderlyings). Identical options (same underlying, kind, expiry, strike) are
    /// repriced once per scenario. Time to expiry is measured from `block.timestamp`.
    /// @param portfolio Positions (at most `maxPositions`, spanning at most `maxUnderlyings` underlyings).
    /// @param marketData Market data per underlying.
    /// @return result Margins and the per-underlying breakdown.
    /// Reverts with PortfolioNettingTooManyPositions, PortfolioNettingTooManyUnderlyings,
    /// PortfolioNettingInvalidPosition, PortfolioNettingPositionExpired, PortfolioNettingUnderlyingNotListed,
    /// PortfolioNettingMissingMarketData, PortfolioNettingDuplicateMarketData, PortfolioNettingInvalidMarketData or a
    /// PortfolioNettingMath* error.
    function computeMargin(Position[] calldata portfolio, MarketData[] calldata marketData)
        external
        view
        returns (MarginResult memory result);

    /// @notice Same as `computeMargin`, but underlyings listed in `proposed` use the proposed parameters instead of
    /// the stored ones (which may be absent: an underlying can be tried before listing). Nothing is stored.
    /// @dev Proposed parameters pass the same bound checks as `setRiskParams` and revert the same way. With
    /// `proposed` equal to the stored parameters the result equals `computeMargin`.
    function dryRunMargin(
        Position[] calldata portfolio,
        MarketData[] calldata marketData,
        ProposedParams[] calldata proposed
    ) external view returns (MarginResult memory result);

    /// @notice Net Black-76 Greeks per underlying of `portfolio` at `marketData` (no scenarios: cheap).
    /// @dev Same validation and errors as `computeMargin`, except that risk parameters are not needed.
    /// @return greeks One entry per underlying, in order of first appearance in the portfolio.
    function portfolioGreeks(Position[] calldata portfolio, MarketData[] calldata marketData)
        external
        view
        returns (UnderlyingGreeks[] memory greeks);

    // ------------------------------------------------------------------------------------------------------------
    // Parameters
    // ------------------------------------------------------------------------------------------------------------

    /// @notice Stored risk parameters of `underlying`. Reverts with PortfolioNettingUnderlyingNotListed if none.
    function riskParams(uint32 underlying) external view returns (RiskParams memory params);

    /// @notice Lists `underlying` or replaces its risk parameters. Risk admin only.
    /// @dev Checks every field against the hard bounds documented on `RiskParams`. Emits RiskParamsUpdated.
    /// Reverts with PortfolioNettingUnauthorizedRiskAdmin or PortfolioNettingParamOutOfBounds.
    function setRiskParams(uint32 underlying, RiskParams calldata params) external;

    /// @notice Spread credit of the unordered pair (a, b) (WAD fraction; 0 = no credit).
    function spreadCredit(uint32 underlyingA, uint32 underlyingB) external view returns (uint256 credit);

    /// @notice Sets the spread credit of the unordered pair (a, b); 0 removes it. Risk admin only.
    /// @dev With scan losses L_a, L_b and L_ab the worst loss of the joint (comonotonic) scenario vector
    /// pnl_a + pnl_b, the pair gives back credit * min(L_a + L_b - L_ab, L_a, L_b) (scaled by the smaller IM/MM
    /// factor), so books that move together get nothing. Bounds: credit in [0, 0.8], and the credits of all pairs
    /// naming one underlying add up to at most 1 (keeps margin subadditive); both underlyings must be listed and
    /// distinct. Emits SpreadCreditUpdated. Reverts with PortfolioNettingUnauthorizedRiskAdmin,
    /// PortfolioNettingInvalidSpreadPair, PortfolioNettingSpreadCreditOutOfBounds(credit, 0.8) or
    /// PortfolioNettingSpreadCreditOutOfBounds(sum, 1).
    function setSpreadCredit(uint32 underlyingA, uint32 underlyingB, uint256 credit) external;

    /// @notice Credit floor (WAD fraction): total margin after spread credits never goes below the largest single
    /// underlying's margin times this factor.
    function creditFloor() external view returns (uint256 floor);

    /// @notice Sets the credit floor, bounds [0, 1]. Risk admin only. Emits CreditFloorUpdated.
    /// Reverts with PortfolioNettingUnauthorizedRiskAdmin or PortfolioNettingLimitOutOfBounds.
    function setCreditFloor(uint256 floor) external;

    /// @notice Portfolio size limits: maximum number of underlyings and of positions per call.
    function limits() external view returns (uint256 maxUnderlyings, uint256 maxPositions);

    /// @notice Sets the portfolio size limits, bounds maxUnderlyings in [1, 8] and maxPositions in [1, 64]. Risk admin
    /// only. Emits LimitsUpdated. Reverts with PortfolioNettingUnauthorizedRiskAdmin or
    /// PortfolioNettingLimitOutOfBounds.
    function setLimits(uint256 maxUnderlyings, uint256 maxPositions) external;

    // ------------------------------------------------------------------------------------------------------------
    // Roles
    // ------------------------------------------------------------------------------------------------------------

    /// @notice Current risk admin (may change parameters within bounds).
    function riskAdmin() external view returns (address);

    /// @notice Appoints the risk admin (zero disables parameter changes). Owner only. Emits RiskAdminUpdated.
    /// Reverts with OwnableUnauthorizedAccount.
    function setRiskAdmin(address newRiskAdmin) external;

    /// @notice Current owner.
    function owner() external view returns (address);

    /// @notice Owner nominated by `transferOwnership`, or zero when none is pending.
    function pendingOwner() external view returns (address);

    /// @notice Nominates `newOwner` (zero cancels a nomination). Owner only. Emits OwnershipTransferStarted.
    /// Reverts with OwnableUnauthorizedAccount.
    function transferOwnership(address newOwner) external;

    /// @notice Completes a two-step ownership transfer; callable by the pending owner only. Emits
    /// OwnershipTransferred. Reverts with OwnableUnauthorizedAccount.
    function acceptOwnership() external;
}
