// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IMarginRegistry
/// @notice Ballast's cross-venue margin ledger (a Stylus contract). Accounts deposit collateral once; venues that
/// the account opted into report positions and cash flows here; the registry prices the whole account with
/// Chainlink feeds, an on-chain volatility forecast and the PortfolioNetting engine, and refuses any update that
/// leaves the account below its margin requirement.
/// @dev Units. Prices, values, margins, haircuts, volatilities and rates are WAD fixed point (1e18 = 1.0; prices
/// and values in the quote unit, USD for USD feeds). Token amounts (collateral balances, deposit caps, cash) are in
/// the token's own decimals. Position sizes are signed whole contracts; one contract is `contractSize` units of
/// the underlying (WAD). The settlement asset (e.g. USDC) is the quote unit of instruments: option payoffs and
/// venue cash flows settle into each account's signed `cash` balance in that token's decimals, and cash is valued
/// at the settlement asset's oracle price.
/// Margin. equity = sum(collateral value at oracle price) + cash value + sum(delta-one size * (spot - entry))
/// + options mark-to-market (from PortfolioNetting). initialMargin = PortfolioNetting initial margin + sum(value *
/// imHaircut); maintenanceMargin likewise with the maintenance figures. A batch that increases risk needs
/// equity >= initialMargin; any other batch needs equity >= maintenanceMargin. Liquidatable: equity <
/// maintenanceMargin.
/// Roles. Owner (two-step): listings, venues, engine, oracles, roles. Risk admin: parameters within hard bounds.
/// Guardian: pause, which stops new risk only; deposits, withdrawals that keep initial margin, risk-reducing updates
/// and settlement stay open. Volatility keeper: pushes implied-volatility bounds.
/// Deployment: one Stylus program (`target/stylus/margin-registry.bin`), deployed as fragments plus a root when its
/// compressed code exceeds 24 KiB (ArbOS 60 or later), with `constructor(address owner, address settlementAsset,
/// address portfolioNetting)` (owner non-zero, else OwnableInvalidOwner; asset and engine non-zero, else
/// MarginRegistryZeroAddress; engine with code, else MarginRegistryNoCode; emits OwnershipTransferred,
/// PortfolioNettingUpdated and AccountLimitsUpdated).
interface IMarginRegistry {
    // ------------------------------------------------------------------------------------------------------------
    // Types
    // ------------------------------------------------------------------------------------------------------------

    /// @notice Governance settings of a collateral asset.
    /// @param feed Chainlink AggregatorV3 price feed of the asset in the quote unit.
    /// @param heartbeatSecs Maximum age of the feed's answer, in [60, 172800].
    /// @param decimals Decimals of the token, at most 36.
    /// @param imHaircut Haircut of the asset's value in initial margin (WAD), in [mmHaircut, 1].
    /// @param mmHaircut Haircut of the asset's value in maintenance margin (WAD), in [0, 1].
    /// @param depositCap Maximum total deposits of the asset (token units); 0 stops new deposits.
    /// @param enabled Whether new deposits are accepted (withdrawals always are).
    struct CollateralParams {
        address feed;
        uint32 heartbeatSecs;
        uint8 decimals;
        uint256 imHaircut;
        uint256 mmHaircut;
        uint256 depositCap;
        bool enabled;
    }

    /// @notice Governance settings of an underlying: its price feed, volatility model and carry rate. The model is
    /// validated by risk-math (`EwmaParams`/`GarchParams::validate`); a failure reverts with
    /// MarginRegistryParameterOutOfBounds naming the field.
    /// @param feed Chainlink AggregatorV3 price feed of the underlying in the quote unit.
    /// @param heartbeatSecs Maximum age of the feed's answer, in [60, 172800].
    /// @param minPokeIntervalSecs Minimum time between two volatility updates, in [60, 86400].
    /// @param impliedVolMaxAgeSecs Keeper bounds older than this are ignored, in [0, 604800] (0 disables them).
    /// @param lambda EWMA decay per day (WAD) in [0.5, 0.999]; used when `garchAlpha` is 0.
    /// @param garchOmega GARCH(1,1) constant (WAD daily variance), > 0 with long-run variance <= 1.
    /// @param garchAlpha GARCH(1,1) shock weight (WAD), 0 (selects EWMA) or in [0.05, 0.25].
    /// @param garchBeta GARCH(1,1) persistence weight (WAD), in [0.70, 0.95], alpha + beta in [0.90, 0.995].
    /// @param maxReturnSigmas Returns beyond this many forecast sigmas are capped into a jump variance (WAD), in
    /// [3, 100].
    /// @param initialVol Annualised volatility the forecast starts from (WAD), in [volFloor, volCap].
    /// @param stressWeight Weight of `stressVol` blended into the margin volatility (WAD), in [0, 1].
    /// @param stressVol Annualised stressed volatility (WAD), in [0, volCap].
    /// @param volFloor Lowest annualised volatility margin may use (WAD), in [0.01, 5].
    /// @param volCap Highest annualised volatility margin may use (WAD), in [volFloor, 5].
    /// @param rate Annualised carry rate passed to the engine (WAD, signed), in [-1, 1].
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

    /// @notice State of an underlying's volatility forecast.
    /// @param lastPrice Oracle price of the last update (WAD).
    /// @param lastUpdate Timestamp of the last update.
    /// @param varianceRate Forecast variance per day (WAD).
    /// @param jumpVariance Variance per day from capped return excesses (WAD).
    /// @param forecastVol Annualised forecast volatility, sqrt(365 * (varianceRate + jumpVariance)) (WAD).
    /// @param impliedVolLower Keeper lower bound (WAD), 0 when none.
    /// @param impliedVolUpper Keeper upper bound (WAD), 0 when none.
    /// @param impliedVolUpdatedAt Timestamp of the keeper bounds.
    /// @param marginVol Volatility margin uses now: the forecast clamped to fresh keeper bounds, blended with the
    /// stressed volatility and clamped to [volFloor, volCap] (WAD).
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

    /// @notice A tradable instrument.
    /// @param underlying Underlying id (listed).
    /// @param kind 0 = perpetual, 1 = dated future, 2 = European call, 3 = European put.
    /// @param expiry Expiry timestamp; 0 for a perpetual, in the future otherwise.
    /// @param strike Strike (WAD); 0 for perpetuals and futures, > 0 for options.
    /// @param contractSize Units of the underlying per contract (WAD), in [1, 1e24].
    /// @param openInterestCap Maximum open interest in contracts (larger of total long and total short).
    struct InstrumentParams {
        uint32 underlying;
        uint8 kind;
        uint64 expiry;
        uint256 strike;
        uint256 contractSize;
        uint256 openInterestCap;
    }

    /// @notice Venue authorisation and caps.
    /// @param authorised Whether the venue may update positions (a deauthorised venue may only reduce risk).
    /// @param maxShareBps Largest share of any instrument's open-interest cap this venue may hold, in [1, 10000].
    /// @param cashCreditLimit Largest net cash (settlement token units) the venue may credit to accounts in total.
    struct VenueParams {
        bool authorised;
        uint16 maxShareBps;
        uint256 cashCreditLimit;
    }

    /// @notice One change of a batch sent by a venue.
    /// @param instrument Instrument id.
    /// @param sizeDelta Signed change of the account's size in contracts.
    /// @param price Trade price (WAD); sets the average entry of delta-one positions, ignored for options.
    struct PositionChange {
        uint32 instrument;
        int256 sizeDelta;
        uint256 price;
    }

    /// @notice One position of an account.
    /// @param venue Venue that holds the position.
    /// @param instrument Instrument id.
    /// @param size Signed size in contracts.
    /// @param entryPrice Average entry price of delta-one positions (WAD); 0 for options.
    struct PositionView {
        address venue;
        uint32 instrument;
        int256 size;
        uint256 entryPrice;
    }

    /// @notice Valuation of one collateral holding.
    /// @param asset Token.
    /// @param balance Credited balance (token units).
    /// @param price Oracle price (WAD).
    /// @param value Value before haircuts (WAD).
    /// @param initialValue Value after the initial-margin haircut (WAD).
    /// @param maintenanceValue Value after the maintenance-margin haircut (WAD).
    /// @param oracleAge Seconds since the feed's answer was updated.
    struct CollateralValue {
        address asset;
        uint256 balance;
        uint256 price;
        uint256 value;
        uint256 initialValue;
        uint256 maintenanceValue;
        uint256 oracleAge;
    }

    /// @notice Risk of an account on one underlying (PortfolioNetting's breakdown plus the registry's inputs).
    /// @param underlying Underlying id.
    /// @param spot Oracle price used (WAD).
    /// @param vol Volatility used (WAD).
    /// @param oracleAge Seconds since the feed's answer was updated.
    /// @param worstScenario Index of the worst scenario in `scenarioPnl`.
    /// @param scanLoss Scanning loss (WAD).
    /// @param initialMargin Initial margin of this underlying before spread credits (WAD).
    /// @param maintenanceMargin Maintenance margin of this underlying before spread credits (WAD).
    /// @param scenarioPnl PnL in every scenario of the engine's grid (WAD, signed).
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

    /// @notice Standardised risk report of an account for integrators and bots.
    /// @param equity Equity (WAD, signed); see the contract notes.
    /// @param initialMargin Total initial margin (WAD).
    /// @param maintenanceMargin Total maintenance margin (WAD).
    /// @param cash Signed cash balance (settlement token units).
    /// @param cashValue Value of the cash balance (WAD, signed).
    /// @param unrealisedPnl Sum over delta-one positions of size * contractSize * (spot - entry) (WAD, signed).
    /// @param optionsValue Mark-to-market of the options from PortfolioNetting (WAD, signed).
    /// @param portfolioInitialMargin PortfolioNetting initial margin after spread credits (WAD).
    /// @param portfolioMaintenanceMargin PortfolioNetting maintenance margin after spread credits (WAD).
    /// @param initialCredit Spread credit in initial margin (WAD).
    /// @param maintenanceCredit Spread credit in maintenance margin (WAD).
    /// @param collateral Every collateral holding, valued.
    /// @param positions Every position, with its venue.
    /// @param underlyings Risk per underlying, including the scenario PnL vector and the worst scenario.
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

    // ------------------------------------------------------------------------------------------------------------
    // Errors
    // ------------------------------------------------------------------------------------------------------------

    /// @notice The caller is not the risk admin (nor the owner, where the owner may act too).
    error MarginRegistryUnauthorizedRiskAdmin(address account);
    /// @notice The caller is not the volatility keeper.
    error MarginRegistryUnauthorizedKeeper(address account);
    /// @notice A required address argument is zero.
    error MarginRegistryZeroAddress();
    /// @notice `account` has no code where a program is required (the PortfolioNetting engine).
    error MarginRegistryNoCode(address account);
    /// @notice No function of this contract has the calldata's selector (calldata shorter than 4 bytes is reported
    /// zero-padded).
    error MarginRegistryUnknownSelector(bytes4 selector);
    /// @notice A parameter is outside its hard bounds; `parameter` names it (ASCII, left-aligned).
    error MarginRegistryParameterOutOfBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max);
    /// @notice A signed parameter is outside its hard bounds; `parameter` names it (ASCII, left-aligned).
    error MarginRegistrySignedParameterOutOfBounds(bytes32 parameter, int256 value, int256 min, int256 max);
    /// @notice The asset is not a listed collateral asset.
    error MarginRegistryAssetNotListed(address asset);
    /// @notice The asset does not accept new deposits.
    error MarginRegistryAssetDisabled(address asset);
    /// @notice No more collateral assets can be listed.
    error MarginRegistryTooManyAssets(uint256 max);
    /// @notice A deposit would take the asset's total deposits above its cap.
    error MarginRegistryDepositCapExceeded(address asset, uint256 totalAfter, uint256 cap);
    /// @notice The amount is zero (or nothing arrived).
    error MarginRegistryZeroAmount();
    /// @notice The account's balance is below the amount to withdraw (for the settlement asset: cash).
    error MarginRegistryInsufficientBalance(address asset, uint256 balance, uint256 amount);
    /// @notice After the action the account would be below initial margin (a risk-increasing action).
    error MarginRegistryInsufficientInitialMargin(address account, int256 equity, uint256 initialMargin);
    /// @notice After the action the account would be below maintenance margin (a risk-reducing action).
    error MarginRegistryInsufficientMaintenanceMargin(address account, int256 equity, uint256 maintenanceMargin);
    /// @notice A price feed answered zero or a negative price.
    error MarginRegistryOraclePriceNonPositive(address feed, int256 answer);
    /// @notice A price feed's answer is older than its heartbeat.
    error MarginRegistryOraclePriceStale(address feed, uint256 updatedAt, uint256 heartbeatSecs, uint256 timestamp);
    /// @notice A price feed's round is incomplete (never updated, or updated in the future).
    error MarginRegistryOracleRoundIncomplete(address feed, uint80 roundId, uint256 updatedAt);
    /// @notice A price feed reverted, returned malformed data or has more than 36 decimals.
    error MarginRegistryOracleCallFailed(address feed);
    /// @notice The L2 sequencer uptime feed reports the sequencer down since `since`.
    error MarginRegistrySequencerDown(uint256 since);
    /// @notice The sequencer restarted at `restartedAt`; risk-increasing actions wait until `gracePeriodEndsAt`.
    error MarginRegistrySequencerGracePeriod(uint256 restartedAt, uint256 gracePeriodEndsAt);
    /// @notice The underlying is not listed.
    error MarginRegistryUnderlyingNotListed(uint32 underlying);
    /// @notice The underlying is already listed (its feed can only be changed by listing a new id).
    error MarginRegistryUnderlyingAlreadyListed(uint32 underlying);
    /// @notice `pokeVolatility` was called before the minimum interval elapsed.
    error MarginRegistryVolatilityPokeTooSoon(uint32 underlying, uint256 lastUpdate, uint256 nextAllowedAt);
    /// @notice Keeper implied-volatility bounds are inverted or outside [volFloor, volCap].
    error MarginRegistryInvalidImpliedVolBounds(uint32 underlying, uint256 lower, uint256 upper);
    /// @notice The instrument id does not exist.
    error MarginRegistryInstrumentNotFound(uint32 instrument);
    /// @notice The instrument parameters are inconsistent (kind, strike or expiry).
    error MarginRegistryInvalidInstrument(uint8 kind, uint64 expiry, uint256 strike);
    /// @notice The instrument has expired: it can no longer be traded, only settled.
    error MarginRegistryInstrumentExpired(uint32 instrument, uint64 expiry);
    /// @notice The caller (or the named venue) is not an authorised venue.
    error MarginRegistryVenueNotAuthorised(address venue);
    /// @notice The account has not opted in to the venue.
    error MarginRegistryAccountNotOptedIn(address account, address venue);
    /// @notice The account still has positions on the venue and cannot opt out.
    error MarginRegistryVenueHasPositions(address account, address venue, uint256 positions);
    /// @notice The batch would take an instrument's open interest above its cap.
    error MarginRegistryOpenInterestCapExceeded(uint32 instrument, uint256 openInterest, uint256 cap);
    /// @notice The batch would take the venue's open interest in an instrument above its share of the cap.
    error MarginRegistryVenueShareExceeded(address venue, uint32 instrument, uint256 openInterest, uint256 cap);
    /// @notice The venue's net cash credited to accounts would exceed its limit.
    error MarginRegistryVenueCashLimitExceeded(address venue, int256 netCredited, uint256 limit);
    /// @notice The account would hold more positions than allowed.
    error MarginRegistryTooManyPositions(address account, uint256 count, uint256 max);
    /// @notice A batch holds more changes than allowed.
    error MarginRegistryTooManyChanges(uint256 count, uint256 max);
    /// @notice A size or amount is outside the representable range (|size| < 2^96 contracts, |cash| < 2^200).
    error MarginRegistrySizeOutOfRange(uint32 instrument, int256 size);
    /// @notice The expiry has not passed yet.
    error MarginRegistryNotExpired(uint64 expiry, uint256 timestamp);
    /// @notice A settlement price was already recorded for this underlying and expiry.
    error MarginRegistrySettlementPriceAlreadyRecorded(uint32 underlying, uint64 expiry);
    /// @notice The round is not the first round of the feed at or after the expiry.
    error MarginRegistrySettlementRoundInvalid(uint32 underlying, uint64 expiry, uint80 roundId);
    /// @notice The account holds expired positions whose settlement price is not recorded yet.
    error MarginRegistrySettlementPriceMissing(uint32 underlying, uint64 expiry);
    /// @notice The PortfolioNetting engine reverted or returned malformed data; `reason` is its revert data.
    error MarginRegistryNettingFailed(address engine, bytes reason);
    /// @notice Fixed-point arithmetic overflowed.
    error RiskMathOverflow();
    /// @notice Fixed-point arithmetic divided by zero.
    error RiskMathDivisionByZero();
    /// @notice A math function received an argument outside its domain.
    error RiskMathDomainViolation();
    /// @notice The caller is not allowed to perform this owner-only (or pending-owner-only) action.
    error OwnableUnauthorizedAccount(address account);
    /// @notice The address cannot be the owner (the zero address).
    error OwnableInvalidOwner(address owner);
    /// @notice The caller is not the guardian.
    error GuardianUnauthorizedAccount(address account);
    /// @notice The action creates new risk and the registry is paused.
    error PausableEnforcedPause();
    /// @notice The registry is not paused.
    error PausableExpectedPause();
    /// @notice A guarded function was re-entered.
    error ReentrancyGuardReentrantCall();
    /// @notice An ERC-20 call to `token` reverted, returned false or garbage, or `token` has no code.
    error SafeErc20FailedOperation(address token);

    // ------------------------------------------------------------------------------------------------------------
    // Events
    // ------------------------------------------------------------------------------------------------------------

    /// @notice A collateral asset was listed or its settings replaced (full new settings).
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
    /// @notice `account` deposited `amount` (what actually arrived) of `asset`; `balance` is its new balance
    /// (for the settlement asset: the new cash balance, cast to uint256 when non-negative).
    event Deposited(address indexed account, address indexed asset, uint256 amount, int256 balance);
    /// @notice `account` withdrew `amount` of `asset` to `to`; `balance` is its new balance (cash for the
    /// settlement asset).
    event Withdrawn(address indexed account, address indexed asset, address to, uint256 amount, int256 balance);
    /// @notice An underlying was listed or its settings replaced (full new settings).
    event UnderlyingConfigured(uint32 indexed underlying, UnderlyingParams params, uint8 feedDecimals);
    /// @notice The volatility forecast of `underlying` was updated from the oracle price `price`.
    event VolatilityUpdated(
        uint32 indexed underlying, uint256 price, uint256 varianceRate, uint256 jumpVariance, uint256 forecastVol
    );
    /// @notice The keeper pushed implied-volatility bounds for `underlying`.
    event ImpliedVolBoundsUpdated(uint32 indexed underlying, uint256 lower, uint256 upper);
    /// @notice An instrument was registered.
    event InstrumentRegistered(
        uint32 indexed instrument,
        uint32 indexed underlying,
        uint8 kind,
        uint64 expiry,
        uint256 strike,
        uint256 contractSize,
        uint256 openInterestCap
    );
    /// @notice An instrument's open-interest cap changed.
    event OpenInterestCapUpdated(uint32 indexed instrument, uint256 cap);
    /// @notice A venue's authorisation or caps changed (full new settings).
    event VenueConfigured(address indexed venue, bool authorised, uint16 maxShareBps, uint256 cashCreditLimit);
    /// @notice `account` opted in to `venue`.
    event VenueOptedIn(address indexed account, address indexed venue);
    /// @notice `account` opted out of `venue`.
    event VenueOptedOut(address indexed account, address indexed venue);
    /// @notice A venue changed one position of `account`; `size` and `entryPrice` are the new values.
    event PositionUpdated(
        address indexed account, address indexed venue, uint32 indexed instrument, int256 sizeDelta, int256 size,
        uint256 entryPrice
    );
    /// @notice A venue's batch for `account` was applied; `cash` is the account's new cash balance and
    /// `venueNetCredited` the venue's new net cash credited.
    event PositionsUpdated(
        address indexed account, address indexed venue, int256 cashDelta, int256 cash, int256 venueNetCredited
    );
    /// @notice The settlement price of `underlying` at `expiry` was recorded from round `roundId`.
    event SettlementPriceRecorded(uint32 indexed underlying, uint64 indexed expiry, uint256 price, uint80 roundId);
    /// @notice An expired position was settled to cash; `payout` is in settlement token units.
    event PositionSettled(
        address indexed account, address indexed venue, uint32 indexed instrument, int256 size, int256 payout,
        int256 cash
    );
    /// @notice The risk admin changed.
    event RiskAdminUpdated(address indexed previousRiskAdmin, address indexed newRiskAdmin);
    /// @notice The volatility keeper changed.
    event VolatilityKeeperUpdated(address indexed previousKeeper, address indexed newKeeper);
    /// @notice The PortfolioNetting engine changed.
    event PortfolioNettingUpdated(address indexed previousEngine, address indexed newEngine);
    /// @notice The sequencer uptime feed or its grace period changed (zero feed: no sequencer check).
    event SequencerFeedUpdated(address indexed feed, uint32 gracePeriodSecs);
    /// @notice The account limits changed.
    event AccountLimitsUpdated(uint32 maxPositions, uint32 maxChanges);
    /// @notice The owner nominated `newOwner`; ownership moves when `newOwner` accepts.
    event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);
    /// @notice Ownership moved from `previousOwner` to `newOwner`.
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
    /// @notice The guardian changed.
    event GuardianUpdated(address indexed previousGuardian, address indexed newGuardian);
    /// @notice `account` paused new risk.
    event Paused(address account);
    /// @notice `account` lifted the pause.
    event Unpaused(address account);

    // ------------------------------------------------------------------------------------------------------------
    // Collateral
    // ------------------------------------------------------------------------------------------------------------

    /// @notice Lists `asset` as collateral or replaces its settings. Owner only. Reads the feed's decimals.
    /// @dev The settlement asset must be listed before cash can be valued. At most 16 assets. Emits
    /// CollateralConfigured. Reverts with OwnableUnauthorizedAccount, MarginRegistryZeroAddress,
    /// MarginRegistryTooManyAssets, MarginRegistryParameterOutOfBounds or MarginRegistryOracleCallFailed.
    function listCollateral(address asset, CollateralParams calldata params) external;

    /// @notice Changes the risk settings of a listed asset within bounds. Risk admin or owner.
    /// @dev Emits CollateralConfigured. Reverts with MarginRegistryUnauthorizedRiskAdmin,
    /// MarginRegistryAssetNotListed or MarginRegistryParameterOutOfBounds.
    function setCollateralRisk(address asset, uint256 imHaircut, uint256 mmHaircut, uint256 depositCap, bool enabled)
        external;

    /// @notice Settings of `asset` and its total credited deposits. Reverts with MarginRegistryAssetNotListed.
    function collateral(address asset)
        external
        view
        returns (CollateralParams memory params, uint8 feedDecimals, uint256 totalDeposits);

    /// @notice Every listed collateral asset, in listing order.
    function collateralAssets() external view returns (address[] memory assets);

    /// @notice Pulls `amount` of `asset` from the caller and credits what actually arrived.
    /// @dev Open while paused. Emits Deposited. Reverts with MarginRegistryZeroAmount,
    /// MarginRegistryAssetNotListed, MarginRegistryAssetDisabled, MarginRegistryDepositCapExceeded,
    /// ReentrancyGuardReentrantCall or SafeErc20FailedOperation.
    function deposit(address asset, uint256 amount) external;

    /// @notice Sends `amount` of the caller's `asset` to `to` if the account still meets initial margin.
    /// @dev Open while paused. Flat accounts without debt need no prices. Emits Withdrawn. Reverts with
    /// MarginRegistryZeroAmount, MarginRegistryZeroAddress, MarginRegistryAssetNotListed,
    /// MarginRegistryInsufficientBalance, MarginRegistryInsufficientInitialMargin, an oracle or sequencer error,
    /// ReentrancyGuardReentrantCall or SafeErc20FailedOperation.
    function withdraw(address asset, uint256 amount, address to) external;

    /// @notice Credited balance of `asset` (not the settlement asset) of `account`.
    function collateralBalance(address account, address asset) external view returns (uint256 balance);

    /// @notice Signed cash balance of `account` in settlement token units (negative = debt).
    function cashBalance(address account) external view returns (int256 cash);

    /// @notice The settlement asset (fixed at deployment).
    function settlementAsset() external view returns (address asset);

    // ------------------------------------------------------------------------------------------------------------
    // Underlyings and volatility
    // ------------------------------------------------------------------------------------------------------------

    /// @notice Lists underlying `underlying` with its feed and volatility model. Owner only; once per id.
    /// @dev Starts the forecast at `initialVol` and the current oracle price. Emits UnderlyingConfigured and
    /// VolatilityUpdated. Reverts with OwnableUnauthorizedAccount, MarginRegistryUnderlyingAlreadyListed,
    /// MarginRegistryZeroAddress, MarginRegistryParameterOutOfBounds, MarginRegistrySignedParameterOutOfBounds or
    /// an oracle error.
    function listUnderlying(uint32 underlying, UnderlyingParams calldata params) external;

    /// @notice Changes an underlying's model parameters (not its feed) within bounds. Risk admin or owner.
    /// @dev Keeps the forecast state. Emits UnderlyingConfigured. Reverts with MarginRegistryUnauthorizedRiskAdmin,
    /// MarginRegistryUnderlyingNotListed, MarginRegistryParameterOutOfBounds or
    /// MarginRegistrySignedParameterOutOfBounds.
    function setUnderlyingParams(uint32 underlying, UnderlyingParams calldata params) external;

    /// @notice Settings of `underlying`. Reverts with MarginRegistryUnderlyingNotListed.
    function underlyingParams(uint32 underlying) external view returns (UnderlyingParams memory params);

    /// @notice Updates the volatility forecast of `underlying` from its oracle price. Permissionless.
    /// @dev At most once per `minPokeIntervalSecs`. Emits VolatilityUpdated. Reverts with
    /// MarginRegistryUnderlyingNotListed, MarginRegistryVolatilityPokeTooSoon, an oracle error or a RiskMath error.
    function pokeVolatility(uint32 underlying) external;

    /// @notice Pushes implied-volatility bounds that clamp the forecast while fresh. Keeper only.
    /// @dev Emits ImpliedVolBoundsUpdated. Reverts with MarginRegistryUnauthorizedKeeper,
    /// MarginRegistryUnderlyingNotListed or MarginRegistryInvalidImpliedVolBounds.
    function pushImpliedVolBounds(uint32 underlying, uint256 lower, uint256 upper) external;

    /// @notice Volatility state of `underlying`. Reverts with MarginRegistryUnderlyingNotListed.
    function volatility(uint32 underlying) external view returns (VolatilityState memory state);

    // ------------------------------------------------------------------------------------------------------------
    // Instruments and expiry
    // ------------------------------------------------------------------------------------------------------------

    /// @notice Registers an instrument; ids count up from 1. Owner only.
    /// @dev Emits InstrumentRegistered. Reverts with OwnableUnauthorizedAccount, MarginRegistryUnderlyingNotListed,
    /// MarginRegistryInvalidInstrument or MarginRegistryParameterOutOfBounds.
    function registerInstrument(InstrumentParams calldata params) external returns (uint32 instrument);

    /// @notice Sets an instrument's open-interest cap (contracts). Risk admin or owner.
    /// @dev Lowering it below the current open interest only blocks increases. Emits OpenInterestCapUpdated.
    function setOpenInterestCap(uint32 instrument, uint256 cap) external;

    /// @notice An instrument and its open interest (total long and total short contracts).
    /// Reverts with MarginRegistryInstrumentNotFound.
    function instrument(uint32 instrument)
        external
        view
        returns (InstrumentParams memory params, uint256 longOpenInterest, uint256 shortOpenInterest);

    /// @notice Records the settlement price of `underlying` at `expiry` from feed round `roundId`. Permissionless,
    /// once per (underlying, expiry).
    /// @dev `roundId` must be the first round updated at or after `expiry`: its `updatedAt >= expiry` and the
    /// previous round's `updatedAt < expiry`. Emits SettlementPriceRecorded. Reverts with
    /// MarginRegistryUnderlyingNotListed, MarginRegistryNotExpired,
    /// MarginRegistrySettlementPriceAlreadyRecorded, MarginRegistrySettlementRoundInvalid or an oracle error.
    function recordSettlementPrice(uint32 underlying, uint64 expiry, uint80 roundId) external;

    /// @notice Settlement price of `underlying` at `expiry` (WAD), 0 when not recorded.
    function settlementPrice(uint32 underlying, uint64 expiry) external view returns (uint256 price);

    /// @notice Settles every expired position of `account` whose settlement price is recorded: options pay their
    /// intrinsic value, futures their difference to entry, into cash. Permissionless.
    /// @dev Emits PositionSettled per position. Returns how many were settled.
    function settleExpired(address account) external returns (uint256 settled);

    // ------------------------------------------------------------------------------------------------------------
    // Venues and positions
    // ------------------------------------------------------------------------------------------------------------

    /// @notice Authorises, deauthorises or re-caps a venue. Owner only.
    /// @dev Emits VenueConfigured. Reverts with OwnableUnauthorizedAccount, MarginRegistryZeroAddress or
    /// MarginRegistryParameterOutOfBounds.
    function setVenue(address venue, VenueParams calldata params) external;

    /// @notice Settings of `venue`, its net cash credited so far and its open interest in `instrument`.
    function venue(address venue, uint32 instrument)
        external
        view
        returns (VenueParams memory params, int256 netCashCredited, uint256 longOpenInterest, uint256 shortOpenInterest);

    /// @notice Lets `venue` update the caller's positions. Emits VenueOptedIn.
    /// Reverts with MarginRegistryVenueNotAuthorised.
    function optIn(address venue) external;

    /// @notice Revokes `venue`; only when the caller has no position there. Emits VenueOptedOut.
    /// Reverts with MarginRegistryVenueHasPositions.
    function optOut(address venue) external;

    /// @notice Whether `account` opted in to `venue`.
    function isOptedIn(address account, address venue) external view returns (bool);

    /// @notice Applies a batch of position changes and a cash delta to `account`, atomically. Venue only.
    /// @dev Then requires equity >= initial margin if the batch increases risk (any size grows or flips, or
    /// cashDelta < 0), else equity >= maintenance margin. Risk-increasing batches are refused while paused or
    /// during the sequencer grace period. Emits PositionUpdated per change and PositionsUpdated. Reverts with
    /// MarginRegistryVenueNotAuthorised, MarginRegistryAccountNotOptedIn, MarginRegistryTooManyChanges,
    /// MarginRegistryInstrumentNotFound, MarginRegistryInstrumentExpired, MarginRegistrySizeOutOfRange,
    /// MarginRegistryTooManyPositions, MarginRegistryOpenInterestCapExceeded, MarginRegistryVenueShareExceeded,
    /// MarginRegistryVenueCashLimitExceeded, PausableEnforcedPause,
    /// MarginRegistryInsufficientInitialMargin, MarginRegistryInsufficientMaintenanceMargin, an oracle, sequencer,
    /// netting or RiskMath error.
    function updatePositions(address account, PositionChange[] calldata changes, int256 cashDelta) external;

    /// @notice Every position of `account`, with its venue.
    function positions(address account) external view returns (PositionView[] memory positions);

    /// @notice The account limits: positions per account and changes per batch.
    function accountLimits() external view returns (uint32 maxPositions, uint32 maxChanges);

    /// @notice Sets the account limits, maxPositions in [1, 64] and maxChanges in [1, 64]. Risk admin or owner.
    /// @dev Lowering maxPositions only blocks new positions. Emits AccountLimitsUpdated.
    function setAccountLimits(uint32 maxPositions, uint32 maxChanges) external;

    // ------------------------------------------------------------------------------------------------------------
    // Margin views
    // ------------------------------------------------------------------------------------------------------------

    /// @notice Equity, initial and maintenance margin of `account` (WAD). Reverts with an oracle, netting or RiskMath
    /// error when a price it needs is unusable.
    function accountHealth(address account)
        external
        view
        returns (int256 equity, uint256 initialMargin, uint256 maintenanceMargin);

    /// @notice Standardised risk report of `account`.
    function accountRisk(address account) external view returns (AccountRisk memory risk);

    /// @notice Whether `account`'s equity is below its maintenance margin.
    function isLiquidatable(address account) external view returns (bool);

    /// @notice Margin of `account` after `venue` applied `changes` and `cashDelta`, without changing anything.
    /// @dev Runs every check `updatePositions` runs except the caller and pause checks, and reverts the same way;
    /// `riskIncreasing` tells which requirement `updatePositions` would enforce.
    function previewUpdate(address venue, address account, PositionChange[] calldata changes, int256 cashDelta)
        external
        view
        returns (int256 equity, uint256 initialMargin, uint256 maintenanceMargin, bool riskIncreasing);

    // ------------------------------------------------------------------------------------------------------------
    // Roles and engine
    // ------------------------------------------------------------------------------------------------------------

    /// @notice The PortfolioNetting engine.
    function portfolioNetting() external view returns (address engine);

    /// @notice Points the registry at a new PortfolioNetting engine. Owner only. Emits PortfolioNettingUpdated.
    /// @dev Reverts with OwnableUnauthorizedAccount, MarginRegistryZeroAddress or MarginRegistryNoCode.
    function setPortfolioNetting(address engine) external;

    /// @notice The sequencer uptime feed (zero: no check) and its grace period.
    function sequencerFeed() external view returns (address feed, uint32 gracePeriodSecs);

    /// @notice Sets the sequencer uptime feed and grace period (in [0, 86400]). Owner only. Emits
    /// SequencerFeedUpdated.
    function setSequencerFeed(address feed, uint32 gracePeriodSecs) external;

    /// @notice Current risk admin.
    function riskAdmin() external view returns (address);

    /// @notice Appoints the risk admin (zero: owner only). Owner only. Emits RiskAdminUpdated.
    function setRiskAdmin(address newRiskAdmin) external;

    /// @notice Current volatility keeper.
    function volatilityKeeper() external view returns (address);

    /// @notice Appoints the volatility keeper (zero: none). Owner only. Emits VolatilityKeeperUpdated.
    function setVolatilityKeeper(address newKeeper) external;

    /// @notice Current guardian.
    function guardian() external view returns (address);

    /// @notice Appoints the guardian. Owner only. Emits GuardianUpdated.
    function setGuardian(address newGuardian) external;

    /// @notice Whether new risk is paused.
    function paused() external view returns (bool);

    /// @notice Pauses new risk. Guardian only. Emits Paused. Reverts with PausableEnforcedPause when paused.
    function pause() external;

    /// @notice Lifts the pause. Guardian only. Emits Unpaused. Reverts with PausableExpectedPause when not paused.
    function unpause() external;

    /// @notice Current owner.
    function owner() external view returns (address);

    /// @notice Owner nominated by `transferOwnership`, or zero when none is pending.
    function pendingOwner() external view returns (address);

    /// @notice Nominates `newOwner` (zero cancels). Owner only. Emits OwnershipTransferStarted.
    function transferOwnership(address newOwner) external;

    /// @notice Completes a two-step ownership transfer; pending owner only. Emits OwnershipTransferred.
    function acceptOwnership() external;
}
