// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IInsuranceFund
/// @notice Ballast's insurance fund (a Stylus contract): a staked ERC-4626 vault over one ERC-20 asset (e.g. USDC)
/// that absorbs the margin registry's bad debt. Stakers deposit the asset and receive shares; fee income
/// (liquidation penalties via notifyFeeIncome, or a plain transfer of the asset) raises the share price; cover
/// paid to the registry lowers it. No other operation can lower it: every conversion rounds in the vault's favour.
/// @dev Share price. totalAssets is the vault's balance of the asset. Conversions use virtual offsets against the
/// first-depositor inflation attack: shares(a) = a * (totalSupply + 1e6) / (totalAssets + 1) and
/// assets(s) = s * (totalAssets + 1) / (totalSupply + 1e6). Shares therefore have asset decimals + 6, and a victim
/// depositing after an attacker donated D assets loses at most D / 1e6 + 2 asset units while the attacker loses
/// most of D.
/// Rounding. Down: convertToShares, previewDeposit/deposit (shares out), convertToAssets, previewRedeem/redeem and
/// maxWithdraw (assets out), cover caps. Up: previewMint/mint (assets in), previewWithdraw/withdraw (shares burnt).
/// Cooldown. Shares leave in two steps: requestWithdraw(shares) matures at readyAt = now + cooldown and can be used
/// until expiresAt = readyAt + withdrawWindow (exclusive). Before readyAt withdraw/redeem revert with
/// InsuranceFundCooldownActive, from expiresAt on with InsuranceFundWithdrawWindowClosed. Requested shares are locked
/// (not transferable) until the request expires or is cancelled, and shares received later never enlarge a request,
/// so the shares that leave are exactly those that waited, and they bear every loss until redeemed.
/// maxWithdraw/maxRedeem are 0 outside a matured request's window.
/// Cover. Only the registry may call coverShortfall(amount); it pays min(amount, perEventBps of totalAssets,
/// perEpochBps of the assets at the epoch's start less what the epoch paid, totalAssets) and never reverts for lack
/// of funds. An epoch starts at the first cover call after the previous one ended and lasts epochDuration.
/// Roles. Owner (two-step): parameters within hard bounds, registry, guardian. Guardian: pauses deposits and mints
/// only; withdrawals of matured requests, requests, cancels, transfers, fee income and cover are never paused.
/// Deployment: `constructor(address asset, address owner, address guardian, address registry)` (Stylus
/// `#[constructor]`, run by the StylusDeployer); defaults: cooldown 7 days, window 2 days, epoch 1 day, caps
/// 1000 / 2500 bps.
interface IInsuranceFund {
    // ------------------------------------------------------------------------------------------------------------
    // Errors: shared components
    // ------------------------------------------------------------------------------------------------------------

    /// @notice The caller is not the owner (or, for acceptOwnership, not the nominated owner).
    /// @param account The caller.
    error OwnableUnauthorizedAccount(address account);
    /// @notice The owner cannot be the zero address (constructor).
    /// @param owner The rejected owner.
    error OwnableInvalidOwner(address owner);
    /// @notice The caller is not the guardian.
    /// @param account The caller.
    error GuardianUnauthorizedAccount(address account);
    /// @notice Deposits and mints are paused (or pause was called while paused).
    error PausableEnforcedPause();
    /// @notice unpause was called while not paused.
    error PausableExpectedPause();
    /// @notice A guarded function was entered again before it returned.
    error ReentrancyGuardReentrantCall();
    /// @notice A call to the asset reverted, returned false or garbage, or the asset has no code.
    /// @param token The asset.
    error SafeErc20FailedOperation(address token);

    // ------------------------------------------------------------------------------------------------------------
    // Errors: share token (EIP-6093) and vault (ERC-4626)
    // ------------------------------------------------------------------------------------------------------------

    /// @notice `sender` holds too few shares.
    /// @param sender The account whose shares would move.
    /// @param balance Its balance.
    /// @param needed The shares asked for.
    error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
    /// @notice Shares cannot move from the zero address.
    /// @param sender The zero address.
    error ERC20InvalidSender(address sender);
    /// @notice Shares cannot go to the zero address.
    /// @param receiver The zero address.
    error ERC20InvalidReceiver(address receiver);
    /// @notice `spender` may move too few of the owner's shares.
    /// @param spender The caller.
    /// @param allowance Its allowance.
    /// @param needed The shares asked for.
    error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
    /// @notice The zero address cannot be approved.
    /// @param spender The zero address.
    error ERC20InvalidSpender(address spender);
    /// @notice withdraw asked for more assets than maxWithdraw(owner).
    /// @param owner The share owner.
    /// @param assets The assets asked for.
    /// @param max maxWithdraw(owner).
    error ERC4626ExceededMaxWithdraw(address owner, uint256 assets, uint256 max);
    /// @notice redeem asked for more shares than maxRedeem(owner).
    /// @param owner The share owner.
    /// @param shares The shares asked for.
    /// @param max maxRedeem(owner).
    error ERC4626ExceededMaxRedeem(address owner, uint256 shares, uint256 max);

    // ------------------------------------------------------------------------------------------------------------
    // Errors: insurance fund
    // ------------------------------------------------------------------------------------------------------------

    /// @notice The constructor's asset is the zero address or has more than 36 decimals.
    /// @param asset The rejected asset.
    /// @param decimals Its decimals (0 for the zero address).
    error InsuranceFundInvalidAsset(address asset, uint8 decimals);
    /// @notice Only the registry may draw cover.
    /// @param caller The caller.
    error InsuranceFundCallerNotRegistry(address caller);
    /// @notice `owner` has no withdrawal request.
    /// @param owner The share owner.
    error InsuranceFundNoWithdrawRequest(address owner);
    /// @notice `owner`'s request is still cooling down.
    /// @param owner The share owner.
    /// @param timestamp The current block timestamp.
    /// @param readyAt When the request matures.
    error InsuranceFundCooldownActive(address owner, uint64 timestamp, uint64 readyAt);
    /// @notice `owner`'s request expired; request again.
    /// @param owner The share owner.
    /// @param timestamp The current block timestamp.
    /// @param expiresAt When its window closed.
    error InsuranceFundWithdrawWindowClosed(address owner, uint64 timestamp, uint64 expiresAt);
    /// @notice A request must be for 1 to `balance` shares.
    /// @param owner The caller.
    /// @param shares The shares asked for.
    /// @param balance The caller's balance.
    error InsuranceFundInvalidWithdrawRequest(address owner, uint256 shares, uint256 balance);
    /// @notice Shares backing an unexpired withdrawal request cannot be transferred.
    /// @param owner The share owner.
    /// @param locked Its requested (locked) shares.
    /// @param transferable Its shares that may move.
    /// @param amount The shares asked to move.
    error InsuranceFundSharesLocked(address owner, uint256 locked, uint256 transferable, uint256 amount);
    /// @notice A duration is out of its bounds.
    /// @param parameter 0 cooldown, 1 withdraw window, 2 epoch duration.
    /// @param value The rejected value, seconds.
    /// @param min The smallest accepted value (3600 for all three).
    /// @param max The largest accepted value (2592000, 30 days, for all three).
    error InsuranceFundDurationOutOfBounds(uint8 parameter, uint64 value, uint64 min, uint64 max);
    /// @notice Coverage caps must satisfy 1 <= perEventBps <= perEpochBps <= 10000.
    /// @param perEventBps The rejected per-event cap.
    /// @param perEpochBps The rejected per-epoch cap.
    error InsuranceFundCapsOutOfBounds(uint16 perEventBps, uint16 perEpochBps);
    /// @notice An amount is too large for 256-bit share arithmetic.
    error InsuranceFundMathOverflow();

    // ------------------------------------------------------------------------------------------------------------
    // Events
    // ------------------------------------------------------------------------------------------------------------

    /// @notice ERC-20: shares moved (from = 0: minted; to = 0: burnt).
    /// @param from The sender.
    /// @param to The receiver.
    /// @param value The shares.
    event Transfer(address indexed from, address indexed to, uint256 value);
    /// @notice ERC-20: an allowance was set.
    /// @param owner The share owner.
    /// @param spender The approved account.
    /// @param value The allowance.
    event Approval(address indexed owner, address indexed spender, uint256 value);
    /// @notice ERC-4626: assets came in and shares were minted.
    /// @param sender The payer.
    /// @param owner The receiver of the shares.
    /// @param assets The assets paid.
    /// @param shares The shares minted.
    event Deposit(address indexed sender, address indexed owner, uint256 assets, uint256 shares);
    /// @notice ERC-4626: shares were burnt and assets went out.
    /// @param sender The caller.
    /// @param receiver The receiver of the assets.
    /// @param owner The owner of the burnt shares.
    /// @param assets The assets paid out.
    /// @param shares The shares burnt.
    event Withdraw(
        address indexed sender, address indexed receiver, address indexed owner, uint256 assets, uint256 shares
    );
    /// @notice The vault was constructed.
    /// @param asset The asset.
    /// @param assetDecimals Its decimals.
    /// @param registry The registry allowed to draw cover.
    event Initialized(address indexed asset, uint8 assetDecimals, address indexed registry);
    /// @notice A withdrawal request was made (replacing any earlier one of `owner`).
    /// @param owner The share owner.
    /// @param shares The requested (now locked) shares.
    /// @param readyAt When it matures.
    /// @param expiresAt When its window closes (exclusive).
    event WithdrawRequested(address indexed owner, uint256 shares, uint64 readyAt, uint64 expiresAt);
    /// @notice A withdrawal request was cancelled; its shares are unlocked.
    /// @param owner The share owner.
    /// @param shares The shares the request was for.
    event WithdrawCancelled(address indexed owner, uint256 shares);
    /// @notice The registry drew cover.
    /// @param registry The registry.
    /// @param requested The cover asked for.
    /// @param paid The cover paid.
    /// @param uncovered requested - paid, left for the registry to socialise.
    event ShortfallCovered(address indexed registry, uint256 requested, uint256 paid, uint256 uncovered);
    /// @notice A coverage epoch began.
    /// @param endsAt When it ends (exclusive).
    /// @param assetsAtStart totalAssets at its start (the base of the per-epoch cap).
    event CoverageEpochStarted(uint64 endsAt, uint256 assetsAtStart);
    /// @notice Fee income was paid in; the share price rose.
    /// @param from The payer.
    /// @param amount The assets paid.
    event FeeIncomeReceived(address indexed from, uint256 amount);
    /// @notice The registry changed.
    /// @param previousRegistry The old registry.
    /// @param newRegistry The new registry (zero disables cover).
    event RegistryUpdated(address indexed previousRegistry, address indexed newRegistry);
    /// @notice The withdrawal cooldown changed; open requests keep their times.
    /// @param previousCooldown The old value, seconds.
    /// @param newCooldown The new value, seconds.
    event CooldownUpdated(uint64 previousCooldown, uint64 newCooldown);
    /// @notice The withdrawal window changed; open requests keep their times.
    /// @param previousWindow The old value, seconds.
    /// @param newWindow The new value, seconds.
    event WithdrawWindowUpdated(uint64 previousWindow, uint64 newWindow);
    /// @notice The coverage epoch length changed; it applies from the next epoch.
    /// @param previousDuration The old value, seconds.
    /// @param newDuration The new value, seconds.
    event EpochDurationUpdated(uint64 previousDuration, uint64 newDuration);
    /// @notice The coverage caps changed.
    /// @param previousPerEventBps The old per-event cap, bps of totalAssets.
    /// @param newPerEventBps The new per-event cap.
    /// @param previousPerEpochBps The old per-epoch cap, bps of the assets at epoch start.
    /// @param newPerEpochBps The new per-epoch cap.
    event CoverageCapsUpdated(
        uint16 previousPerEventBps, uint16 newPerEventBps, uint16 previousPerEpochBps, uint16 newPerEpochBps
    );
    /// @notice The owner nominated `newOwner`; ownership moves when it accepts.
    /// @param previousOwner The owner.
    /// @param newOwner The nominee (zero: nomination cancelled).
    event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);
    /// @notice Ownership moved.
    /// @param previousOwner The old owner (zero at construction).
    /// @param newOwner The new owner.
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
    /// @notice The guardian changed.
    /// @param previousGuardian The old guardian.
    /// @param newGuardian The new guardian (zero: none).
    event GuardianUpdated(address indexed previousGuardian, address indexed newGuardian);
    /// @notice Deposits and mints were paused.
    /// @param account The guardian.
    event Paused(address account);
    /// @notice The pause was lifted.
    /// @param account The guardian.
    event Unpaused(address account);

    // ------------------------------------------------------------------------------------------------------------
    // ERC-20 share token
    // ------------------------------------------------------------------------------------------------------------

    /// @notice The share token's name.
    /// @return "Ballast Insurance Fund".
    function name() external view returns (string memory);

    /// @notice The share token's symbol.
    /// @return "bIF".
    function symbol() external view returns (string memory);

    /// @notice The share decimals: the asset's plus 6.
    /// @return The decimals.
    function decimals() external view returns (uint8);

    /// @notice The total supply of shares.
    /// @return The supply.
    function totalSupply() external view returns (uint256);

    /// @notice An account's shares.
    /// @param account The account.
    /// @return Its shares (locked ones included).
    function balanceOf(address account) external view returns (uint256);

    /// @notice How many of `owner`'s shares `spender` may move.
    /// @param owner The share owner.
    /// @param spender The spender.
    /// @return The allowance (type(uint256).max: unlimited).
    function allowance(address owner, address spender) external view returns (uint256);

    /// @notice Moves the caller's shares. Reverts InsuranceFundSharesLocked beyond the shares not backing an open
    /// request; ERC20InsufficientBalance, ERC20InvalidReceiver.
    /// @param to The receiver.
    /// @param value The shares.
    /// @return true.
    function transfer(address to, uint256 value) external returns (bool);

    /// @notice Sets the caller's allowance for `spender`. Reverts ERC20InvalidSpender for the zero address.
    /// @param spender The spender.
    /// @param value The allowance (type(uint256).max: unlimited, never decreased).
    /// @return true.
    function approve(address spender, uint256 value) external returns (bool);

    /// @notice Moves `from`'s shares with the caller's allowance. Reverts InsuranceFundSharesLocked,
    /// ERC20InsufficientAllowance, ERC20InsufficientBalance, ERC20InvalidSender, ERC20InvalidReceiver.
    /// @param from The share owner.
    /// @param to The receiver.
    /// @param value The shares.
    /// @return true.
    function transferFrom(address from, address to, uint256 value) external returns (bool);

    // ------------------------------------------------------------------------------------------------------------
    // ERC-4626 vault
    // ------------------------------------------------------------------------------------------------------------

    /// @notice The underlying asset.
    /// @return The asset.
    function asset() external view returns (address);

    /// @notice The assets the vault holds (its balance of the asset, so direct transfers count as income).
    /// @return The assets.
    function totalAssets() external view returns (uint256);

    /// @notice The shares `assets` are worth now. Rounds down.
    /// @param assets The assets.
    /// @return The shares.
    function convertToShares(uint256 assets) external view returns (uint256);

    /// @notice The assets `shares` are worth now. Rounds down.
    /// @param shares The shares.
    /// @return The assets.
    function convertToAssets(uint256 shares) external view returns (uint256);

    /// @notice The most assets `receiver` can deposit.
    /// @param receiver The receiver of the shares.
    /// @return 0 while paused, else type(uint256).max.
    function maxDeposit(address receiver) external view returns (uint256);

    /// @notice The shares deposit(assets) would mint now. Rounds down.
    /// @param assets The assets.
    /// @return The shares.
    function previewDeposit(uint256 assets) external view returns (uint256);

    /// @notice Pulls `assets` from the caller and mints the shares they are worth (rounded down) to `receiver`.
    /// Reverts PausableEnforcedPause while paused; ERC20InvalidReceiver, SafeErc20FailedOperation.
    /// @param assets The assets to pay (the caller must have approved them).
    /// @param receiver The receiver of the shares.
    /// @return The shares minted.
    function deposit(uint256 assets, address receiver) external returns (uint256);

    /// @notice The most shares `receiver` can mint.
    /// @param receiver The receiver of the shares.
    /// @return 0 while paused, else type(uint256).max.
    function maxMint(address receiver) external view returns (uint256);

    /// @notice The assets mint(shares) would pull now. Rounds up.
    /// @param shares The shares.
    /// @return The assets.
    function previewMint(uint256 shares) external view returns (uint256);

    /// @notice Mints exactly `shares` to `receiver`, pulling what they cost (rounded up) from the caller. Reverts
    /// as deposit.
    /// @param shares The shares to mint.
    /// @param receiver The receiver of the shares.
    /// @return The assets pulled.
    function mint(uint256 shares, address receiver) external returns (uint256);

    /// @notice The most assets `owner` can withdraw now: the value (rounded down) of its matured request.
    /// @param owner The share owner.
    /// @return The assets; 0 outside a matured request's window.
    function maxWithdraw(address owner) external view returns (uint256);

    /// @notice The shares withdraw(assets) would burn now. Rounds up.
    /// @param assets The assets.
    /// @return The shares.
    function previewWithdraw(uint256 assets) external view returns (uint256);

    /// @notice Burns the shares worth `assets` (rounded up) from `owner`'s matured request and sends `assets` to
    /// `receiver`. A caller other than `owner` spends its allowance. Never paused. Reverts
    /// InsuranceFundNoWithdrawRequest, InsuranceFundCooldownActive, InsuranceFundWithdrawWindowClosed,
    /// ERC4626ExceededMaxWithdraw, ERC20InsufficientAllowance, SafeErc20FailedOperation.
    /// @param assets The assets to receive.
    /// @param receiver The receiver of the assets.
    /// @param owner The share owner.
    /// @return The shares burnt.
    function withdraw(uint256 assets, address receiver, address owner) external returns (uint256);

    /// @notice The most shares `owner` can redeem now: its matured request, capped by its balance.
    /// @param owner The share owner.
    /// @return The shares; 0 outside a matured request's window.
    function maxRedeem(address owner) external view returns (uint256);

    /// @notice The assets redeem(shares) would pay now. Rounds down.
    /// @param shares The shares.
    /// @return The assets.
    function previewRedeem(uint256 shares) external view returns (uint256);

    /// @notice Burns `shares` from `owner`'s matured request and sends what they are worth (rounded down) to
    /// `receiver`. A caller other than `owner` spends its allowance. Never paused. Reverts as withdraw, with
    /// ERC4626ExceededMaxRedeem.
    /// @param shares The shares to burn.
    /// @param receiver The receiver of the assets.
    /// @param owner The share owner.
    /// @return The assets paid.
    function redeem(uint256 shares, address receiver, address owner) external returns (uint256);

    // ------------------------------------------------------------------------------------------------------------
    // Withdrawal cooldown
    // ------------------------------------------------------------------------------------------------------------

    /// @notice Starts the cooldown for `shares` of the caller's shares, replacing any earlier request; the shares
    /// are locked until the request expires or is cancelled. Reverts InsuranceFundInvalidWithdrawRequest for 0 or
    /// more than the balance.
    /// @param shares The shares to withdraw later.
    function requestWithdraw(uint256 shares) external;

    /// @notice Drops the caller's request and unlocks its shares. Reverts InsuranceFundNoWithdrawRequest.
    function cancelWithdraw() external;

    /// @notice An account's withdrawal request.
    /// @param owner The share owner.
    /// @return shares The requested shares (0: none).
    /// @return readyAt When it matures.
    /// @return expiresAt When its window closes (exclusive).
    function withdrawRequestOf(address owner)
        external
        view
        returns (uint256 shares, uint64 readyAt, uint64 expiresAt);

    // ------------------------------------------------------------------------------------------------------------
    // Cover and income
    // ------------------------------------------------------------------------------------------------------------

    /// @notice Pays the registry up to `amount` of bad-debt cover within the per-event and per-epoch caps and the
    /// assets held; never reverts for lack of funds or cap. Registry only (InsuranceFundCallerNotRegistry).
    /// @param amount The cover asked for.
    /// @return The cover paid; amount minus it is reported as uncovered in ShortfallCovered.
    function coverShortfall(uint256 amount) external returns (uint256);

    /// @notice The most a coverShortfall call would pay now (rolling the epoch over if it ended).
    /// @return The assets.
    function maxCover() external view returns (uint256);

    /// @notice The current coverage epoch.
    /// @return endsAt When it ends, exclusive (0 before the first cover; a past value means it is over).
    /// @return assetsAtStart totalAssets at its start.
    /// @return paid The cover it paid.
    function coverageEpoch() external view returns (uint64 endsAt, uint256 assetsAtStart, uint256 paid);

    /// @notice Pulls `amount` of fee income (e.g. liquidation penalties) from the caller, raising the share price.
    /// Anyone may pay; never paused. Reverts SafeErc20FailedOperation.
    /// @param amount The assets to pay (the caller must have approved them).
    function notifyFeeIncome(uint256 amount) external;

    // ------------------------------------------------------------------------------------------------------------
    // Parameters
    // ------------------------------------------------------------------------------------------------------------

    /// @notice The registry allowed to draw cover.
    /// @return The registry.
    function registry() external view returns (address);

    /// @notice The withdrawal cooldown.
    /// @return Seconds.
    function cooldown() external view returns (uint64);

    /// @notice The withdrawal window.
    /// @return Seconds.
    function withdrawWindow() external view returns (uint64);

    /// @notice The coverage epoch length.
    /// @return Seconds.
    function epochDuration() external view returns (uint64);

    /// @notice The coverage caps.
    /// @return perEventBps The per-event cap, bps of totalAssets.
    /// @return perEpochBps The per-epoch cap, bps of the assets at the epoch's start.
    function coverageCaps() external view returns (uint16 perEventBps, uint16 perEpochBps);

    /// @notice Sets the registry (zero disables cover). Owner only.
    /// @param newRegistry The new registry.
    function setRegistry(address newRegistry) external;

    /// @notice Sets the withdrawal cooldown, in [3600, 2592000] seconds. Owner only. Open requests keep their times.
    /// @param secs The new cooldown.
    function setCooldown(uint64 secs) external;

    /// @notice Sets the withdrawal window, in [3600, 2592000] seconds. Owner only. Open requests keep their times.
    /// @param secs The new window.
    function setWithdrawWindow(uint64 secs) external;

    /// @notice Sets the coverage epoch length, in [3600, 2592000] seconds, from the next epoch on. Owner only.
    /// @param secs The new length.
    function setEpochDuration(uint64 secs) external;

    /// @notice Sets the coverage caps, 1 <= perEventBps <= perEpochBps <= 10000. Owner only.
    /// @param perEventBps The per-event cap, bps of totalAssets.
    /// @param perEpochBps The per-epoch cap, bps of the assets at the epoch's start.
    function setCoverageCaps(uint16 perEventBps, uint16 perEpochBps) external;

    // ------------------------------------------------------------------------------------------------------------
    // Roles
    // ------------------------------------------------------------------------------------------------------------

    /// @notice The owner.
    /// @return The owner.
    function owner() external view returns (address);

    /// @notice The nominated owner.
    /// @return The nominee (zero: none).
    function pendingOwner() external view returns (address);

    /// @notice Nominates a new owner (zero cancels); it must call acceptOwnership. Owner only.
    /// @param newOwner The nominee.
    function transferOwnership(address newOwner) external;

    /// @notice Accepts a nomination. Nominee only.
    function acceptOwnership() external;

    /// @notice The guardian.
    /// @return The guardian (zero: none).
    function guardian() external view returns (address);

    /// @notice Appoints the guardian (zero: none). Owner only.
    /// @param newGuardian The new guardian.
    function setGuardian(address newGuardian) external;

    /// @notice Whether deposits and mints are paused.
    /// @return The pause flag.
    function paused() external view returns (bool);

    /// @notice Pauses deposits and mints. Guardian only; PausableEnforcedPause if already paused.
    function pause() external;

    /// @notice Lifts the pause. Guardian only; PausableExpectedPause if not paused.
    function unpause() external;
}
