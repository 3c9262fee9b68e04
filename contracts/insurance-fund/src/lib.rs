//! Ballast InsuranceFund: a staked ERC-4626 vault that absorbs the margin registry's bad debt.
//!
//! Stakers deposit one ERC-20 asset (e.g. USDC) and receive shares (an ERC-20 with
//! `asset decimals + 6` decimals). Fee income (liquidation penalties, via
//! [`InsuranceFund::notify_fee_income`] or a plain transfer of the asset) raises the share price;
//! cover paid to the registry ([`InsuranceFund::cover_shortfall`]) lowers it. Nothing else can:
//! every conversion rounds in the vault's favour (see [`math`]).
//!
//! # Deployment: `#[constructor]`
//!
//! `constructor(address asset, address owner, address guardian, address registry)`. With
//! `cargo stylus deploy` the StylusDeployer creates, activates and constructs the program in one
//! transaction, so nobody can front-run the set-up. On a chain without the StylusDeployer (e.g. a
//! bare devnet), deploy and activate (§9.4 of stylus-host-facts.md), then send the constructor
//! calldata (`0x5585258d` ++ abi-encoded args) to the program *in the same block, from the
//! deployer*; the SDK's constructor slot makes any second call revert, and a script checks
//! `owner()` before announcing the address. `msg.sender` is never used as the owner (it is the
//! StylusDeployer there). Until constructed, every call touching the asset fails with
//! `SafeErc20FailedOperation(0)`.
//!
//! # Withdrawal cooldown
//!
//! Shares leave in two steps: `requestWithdraw(shares)` starts a cooldown; the request matures
//! at `readyAt = now + cooldown` and can be used until `expiresAt = readyAt + window`
//! (exclusive). `withdraw`/`redeem` before `readyAt` fail with `InsuranceFundCooldownActive`,
//! from `expiresAt` on with `InsuranceFundWithdrawWindowClosed` (both carry the times), and
//! without a request with `InsuranceFundNoWithdrawRequest`. A request may be used in several
//! parts within its window; a new request replaces the old one and restarts the clock; changing
//! the cooldown or window leaves open requests' times unchanged.
//!
//! **Requested shares are locked.** From the request until it expires, the requested shares
//! cannot be transferred (`InsuranceFundSharesLocked`); only the rest of the balance can.
//! Shares received later never enlarge a request. So a staker cannot request with one
//! account's shares, move them away, and bring other shares into a matured request, nor keep
//! ready-to-leave shares while staying invested elsewhere: the shares that leave are exactly
//! the ones that waited the cooldown, and they bear every loss (cover paid) until they are
//! redeemed, because they are priced at redemption. Cancelling unlocks them immediately.
//!
//! # Cover
//!
//! Only the configured registry may call `coverShortfall(amount)`. It pays
//! `min(amount, perEventCap, epochCap - paidThisEpoch, totalAssets)` to the registry, where the
//! per-event cap is `perEventBps` of the assets now and the epoch cap is `perEpochBps` of the
//! assets when the epoch started. An epoch starts at the first cover call after the previous
//! one ended and lasts `epochDuration`. The call never reverts for lack of funds: it returns what
//! it paid and emits `ShortfallCovered(registry, requested, paid, uncovered)`.
//!
//! # Roles
//!
//! * Owner (two-step transfer): parameters within hard bounds, registry, guardian.
//! * Guardian: pauses deposits and mints (new risk). Withdrawals of matured requests, requests,
//!   cancels, transfers, fee income and cover are never paused.
//! * Registry: draws cover.
//!
//! # Assumptions
//!
//! The asset is a plain ERC-20 (no fee on transfer, no rebasing, no callbacks). Tokens that
//! return no `bool` (USDT style) are supported.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
#[macro_use]
extern crate alloc;

pub mod errors;
pub mod events;
pub mod ledger;
pub mod math;

use alloc::{string::String, vec::Vec};

use alloy_primitives::{Address, U256, U64};
use ballast_contract_common::{safe_erc20, Ownable2Step, Pausable, ReentrancyGuard};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageMap, StorageU16, StorageU256, StorageU64, StorageU8},
};

use crate::{
    errors::{
        overflow, ERC4626ExceededMaxRedeem, ERC4626ExceededMaxWithdraw, Error,
        InsuranceFundCallerNotRegistry, InsuranceFundCapsOutOfBounds, InsuranceFundCooldownActive,
        InsuranceFundDurationOutOfBounds, InsuranceFundInvalidAsset,
        InsuranceFundInvalidWithdrawRequest, InsuranceFundNoWithdrawRequest,
        InsuranceFundSharesLocked, InsuranceFundWithdrawWindowClosed,
    },
    events::{
        CooldownUpdated, CoverageCapsUpdated, CoverageEpochStarted, Deposit, EpochDurationUpdated,
        FeeIncomeReceived, Initialized, RegistryUpdated, ShortfallCovered, Withdraw,
        WithdrawCancelled, WithdrawRequested, WithdrawWindowUpdated,
    },
    ledger::ShareLedger,
    math::{Rounding, BPS_DENOMINATOR, DECIMALS_OFFSET},
};

/// ERC-20 name of the share token.
pub const NAME: &str = "Ballast Insurance Fund";
/// ERC-20 symbol of the share token.
pub const SYMBOL: &str = "bIF";
/// Largest accepted asset `decimals()`.
pub const MAX_ASSET_DECIMALS: u8 = 36;

/// Shortest withdrawal cooldown (1 hour).
pub const MIN_COOLDOWN_SECS: u64 = 3_600;
/// Longest withdrawal cooldown (30 days).
pub const MAX_COOLDOWN_SECS: u64 = 30 * 86_400;
/// Shortest withdrawal window (1 hour): a request must stay usable long enough to be used.
pub const MIN_WITHDRAW_WINDOW_SECS: u64 = 3_600;
/// Longest withdrawal window (30 days).
pub const MAX_WITHDRAW_WINDOW_SECS: u64 = 30 * 86_400;
/// Shortest coverage epoch (1 hour).
pub const MIN_EPOCH_SECS: u64 = 3_600;
/// Longest coverage epoch (30 days).
pub const MAX_EPOCH_SECS: u64 = 30 * 86_400;

/// Cooldown set by the constructor (7 days).
pub const DEFAULT_COOLDOWN_SECS: u64 = 7 * 86_400;
/// Withdrawal window set by the constructor (2 days).
pub const DEFAULT_WITHDRAW_WINDOW_SECS: u64 = 2 * 86_400;
/// Coverage epoch set by the constructor (1 day).
pub const DEFAULT_EPOCH_SECS: u64 = 86_400;
/// Per-event cover cap set by the constructor (10 % of assets).
pub const DEFAULT_PER_EVENT_CAP_BPS: u16 = 1_000;
/// Per-epoch cover cap set by the constructor (25 % of assets at epoch start).
pub const DEFAULT_PER_EPOCH_CAP_BPS: u16 = 2_500;

/// `parameter` value of `InsuranceFundDurationOutOfBounds` for the cooldown.
pub const PARAM_COOLDOWN: u8 = 0;
/// `parameter` value of `InsuranceFundDurationOutOfBounds` for the withdrawal window.
pub const PARAM_WITHDRAW_WINDOW: u8 = 1;
/// `parameter` value of `InsuranceFundDurationOutOfBounds` for the epoch length.
pub const PARAM_EPOCH: u8 = 2;

/// One staker's withdrawal request.
#[storage]
pub struct WithdrawRequest {
    /// Shares requested (and locked until `expires_at`); zero = no request.
    shares: StorageU256,
    /// First second at which the request can be used.
    ready_at: StorageU64,
    /// First second at which it can no longer be used.
    expires_at: StorageU64,
}

/// The InsuranceFund's storage.
#[storage]
#[entrypoint]
pub struct InsuranceFund {
    /// Two-step ownership.
    ownable: Ownable2Step,
    /// Guardian and pause flag.
    pausable: Pausable,
    /// Reentrancy flag.
    guard: ReentrancyGuard,
    /// Share balances, allowances, supply.
    ledger: ShareLedger,
    /// The underlying ERC-20.
    asset: StorageAddress,
    /// The asset's decimals, read once at construction.
    asset_decimals: StorageU8,
    /// The only account allowed to draw cover.
    registry: StorageAddress,
    /// Withdrawal cooldown, seconds.
    cooldown_secs: StorageU64,
    /// Withdrawal window, seconds.
    withdraw_window_secs: StorageU64,
    /// Coverage epoch length, seconds.
    epoch_secs: StorageU64,
    /// Per-event cover cap, bps of total assets.
    per_event_cap_bps: StorageU16,
    /// Per-epoch cover cap, bps of assets at epoch start.
    per_epoch_cap_bps: StorageU16,
    /// End (exclusive) of the current coverage epoch; zero before the first cover.
    epoch_ends_at: StorageU64,
    /// Total assets when the current epoch started.
    epoch_assets: StorageU256,
    /// Cover paid in the current epoch.
    epoch_paid: StorageU256,
    /// Withdrawal requests by owner.
    requests: StorageMap<Address, WithdrawRequest>,
}

#[public]
impl InsuranceFund {
    /// Sets up the vault: asset, owner, guardian, registry and default parameters.
    ///
    /// # Errors
    /// * `InsuranceFundInvalidAsset` if `asset` is zero or has more than 36 decimals.
    /// * `SafeErc20FailedOperation(asset)` if `asset` has no code or no `decimals()`.
    /// * `OwnableInvalidOwner(0)` if `owner` is zero.
    ///
    /// # Events
    /// `OwnershipTransferred(0, owner)`, `GuardianUpdated(0, guardian)`,
    /// `RegistryUpdated(0, registry)`, `CooldownUpdated`, `WithdrawWindowUpdated`,
    /// `EpochDurationUpdated`, `CoverageCapsUpdated` (from zero to the defaults),
    /// `Initialized(asset, decimals, registry)`.
    #[constructor]
    pub fn constructor(
        &mut self,
        asset: Address,
        owner: Address,
        guardian: Address,
        registry: Address,
    ) -> Result<(), Error> {
        if asset.is_zero() {
            return Err(InsuranceFundInvalidAsset { asset, decimals: 0 }.into());
        }
        let decimals = safe_erc20::decimals::<Error, _>(self.vm(), asset)?;
        if decimals > MAX_ASSET_DECIMALS {
            return Err(InsuranceFundInvalidAsset { asset, decimals }.into());
        }
        self.ownable.initialize::<Error>(owner)?;
        self.pausable.set_guardian(guardian);
        self.asset.set(asset);
        self.asset_decimals
            .set(alloy_primitives::U8::from(decimals));
        self.write_registry(registry);
        self.write_cooldown(DEFAULT_COOLDOWN_SECS)?;
        self.write_withdraw_window(DEFAULT_WITHDRAW_WINDOW_SECS)?;
        self.write_epoch_duration(DEFAULT_EPOCH_SECS)?;
        self.write_coverage_caps(DEFAULT_PER_EVENT_CAP_BPS, DEFAULT_PER_EPOCH_CAP_BPS)?;
        self.vm().log(Initialized {
            asset,
            assetDecimals: decimals,
            registry,
        });
        Ok(())
    }

    // ---------------------------------------------------------------------------------------
    // ERC-20 surface of the share token
    // ---------------------------------------------------------------------------------------

    /// Returns the share token's name.
    pub fn name(&self) -> String {
        String::from(NAME)
    }

    /// Returns the share token's symbol.
    pub fn symbol(&self) -> String {
        String::from(SYMBOL)
    }

    /// Returns the share decimals: the asset's plus [`DECIMALS_OFFSET`] (6).
    pub fn decimals(&self) -> u8 {
        // Overflow not possible: asset decimals <= 36 (checked at construction).
        self.asset_decimals.get().to::<u8>() + DECIMALS_OFFSET
    }

    /// Returns the total supply of shares.
    pub fn total_supply(&self) -> U256 {
        self.ledger.total_supply()
    }

    /// Returns `account`'s shares.
    pub fn balance_of(&self, account: Address) -> U256 {
        self.ledger.balance_of(account)
    }

    /// Returns how many of `owner`'s shares `spender` may move.
    pub fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.ledger.allowance(owner, spender)
    }

    /// Moves `value` of the caller's shares to `to`; returns `true`.
    ///
    /// # Errors
    /// * `InsuranceFundSharesLocked` if `value` exceeds the shares not backing an open request.
    /// * `ERC20InsufficientBalance`, `ERC20InvalidReceiver`.
    ///
    /// # Events
    /// * `Transfer(caller, to, value)`.
    pub fn transfer(&mut self, to: Address, value: U256) -> Result<bool, Error> {
        let from = self.vm().msg_sender();
        self.check_unlocked(from, value)?;
        self.ledger.transfer(from, to, value)?;
        Ok(true)
    }

    /// Allows `spender` to move `value` of the caller's shares; returns `true`.
    ///
    /// # Errors
    /// * `ERC20InvalidSpender(0)` if `spender` is zero.
    ///
    /// # Events
    /// * `Approval(caller, spender, value)`.
    pub fn approve(&mut self, spender: Address, value: U256) -> Result<bool, Error> {
        let owner = self.vm().msg_sender();
        self.ledger.approve(owner, spender, value)?;
        Ok(true)
    }

    /// Moves `value` of `from`'s shares to `to` using the caller's allowance; returns `true`.
    ///
    /// # Errors
    /// * `InsuranceFundSharesLocked` if `value` exceeds `from`'s shares not backing an open
    ///   request.
    /// * `ERC20InsufficientAllowance` if the caller's allowance is below `value`.
    /// * `ERC20InsufficientBalance`, `ERC20InvalidSender`, `ERC20InvalidReceiver`.
    ///
    /// # Events
    /// * `Transfer(from, to, value)`.
    pub fn transfer_from(
        &mut self,
        from: Address,
        to: Address,
        value: U256,
    ) -> Result<bool, Error> {
        let spender = self.vm().msg_sender();
        self.check_unlocked(from, value)?;
        self.ledger.spend_allowance(from, spender, value)?;
        self.ledger.transfer(from, to, value)?;
        Ok(true)
    }

    // ---------------------------------------------------------------------------------------
    // ERC-4626
    // ---------------------------------------------------------------------------------------

    /// Returns the underlying asset.
    pub fn asset(&self) -> Address {
        self.asset.get()
    }

    /// Returns the assets the vault holds: its balance of the asset (so direct transfers count
    /// as income).
    ///
    /// # Errors
    /// * `SafeErc20FailedOperation(asset)` if the asset's `balanceOf` fails.
    pub fn total_assets(&self) -> Result<U256, Error> {
        safe_erc20::balance_of::<Error, _>(
            self.vm(),
            self.asset.get(),
            self.vm().contract_address(),
        )
    }

    /// Returns the shares `assets` are worth. Rounds down.
    ///
    /// # Errors
    /// * `InsuranceFundMathOverflow`, `SafeErc20FailedOperation`.
    pub fn convert_to_shares(&self, assets: U256) -> Result<U256, Error> {
        self.to_shares(assets, Rounding::Down)
    }

    /// Returns the assets `shares` are worth. Rounds down.
    ///
    /// # Errors
    /// * `InsuranceFundMathOverflow`, `SafeErc20FailedOperation`.
    pub fn convert_to_assets(&self, shares: U256) -> Result<U256, Error> {
        self.to_assets(shares, Rounding::Down)
    }

    /// Returns the most assets `receiver` can deposit: 0 while paused, else unlimited.
    pub fn max_deposit(&self, receiver: Address) -> U256 {
        let _ = receiver;
        self.max_new_risk()
    }

    /// Returns the shares `deposit(assets)` would mint now. Rounds down.
    ///
    /// # Errors
    /// * `InsuranceFundMathOverflow`, `SafeErc20FailedOperation`.
    pub fn preview_deposit(&self, assets: U256) -> Result<U256, Error> {
        self.to_shares(assets, Rounding::Down)
    }

    /// Pulls `assets` from the caller and mints the shares they are worth to `receiver`;
    /// returns the shares.
    ///
    /// # Errors
    /// * `PausableEnforcedPause` while paused.
    /// * `ERC20InvalidReceiver(0)`, `SafeErc20FailedOperation(asset)` (e.g. no allowance),
    ///   `ReentrancyGuardReentrantCall`, `InsuranceFundMathOverflow`.
    ///
    /// # Events
    /// * `Transfer(0, receiver, shares)`, `Deposit(caller, receiver, assets, shares)`.
    pub fn deposit(&mut self, assets: U256, receiver: Address) -> Result<U256, Error> {
        self.guarded(|vault| {
            vault.pausable.when_not_paused::<Error>()?;
            let shares = vault.to_shares(assets, Rounding::Down)?;
            vault.enter(receiver, assets, shares)?;
            Ok(shares)
        })
    }

    /// Returns the most shares `receiver` can mint: 0 while paused, else unlimited.
    pub fn max_mint(&self, receiver: Address) -> U256 {
        let _ = receiver;
        self.max_new_risk()
    }

    /// Returns the assets `mint(shares)` would pull now. Rounds up.
    ///
    /// # Errors
    /// * `InsuranceFundMathOverflow`, `SafeErc20FailedOperation`.
    pub fn preview_mint(&self, shares: U256) -> Result<U256, Error> {
        self.to_assets(shares, Rounding::Up)
    }

    /// Mints exactly `shares` to `receiver`, pulling the assets they cost from the caller;
    /// returns the assets.
    ///
    /// # Errors
    /// As [`Self::deposit`].
    ///
    /// # Events
    /// * `Transfer(0, receiver, shares)`, `Deposit(caller, receiver, assets, shares)`.
    pub fn mint(&mut self, shares: U256, receiver: Address) -> Result<U256, Error> {
        self.guarded(|vault| {
            vault.pausable.when_not_paused::<Error>()?;
            let assets = vault.to_assets(shares, Rounding::Up)?;
            vault.enter(receiver, assets, shares)?;
            Ok(assets)
        })
    }

    /// Returns the most assets `owner` can withdraw now: the value of its matured request
    /// (rounded down), or 0 when it has none in its window.
    ///
    /// # Errors
    /// * `InsuranceFundMathOverflow`, `SafeErc20FailedOperation`.
    pub fn max_withdraw(&self, owner: Address) -> Result<U256, Error> {
        self.to_assets(self.max_redeem(owner), Rounding::Down)
    }

    /// Returns the shares `withdraw(assets)` would burn now. Rounds up.
    ///
    /// # Errors
    /// * `InsuranceFundMathOverflow`, `SafeErc20FailedOperation`.
    pub fn preview_withdraw(&self, assets: U256) -> Result<U256, Error> {
        self.to_shares(assets, Rounding::Up)
    }

    /// Burns the shares worth `assets` (rounded up) from `owner`'s matured request and sends
    /// `assets` to `receiver`; returns the shares. A caller other than `owner` spends its
    /// allowance. Works while paused.
    ///
    /// # Errors
    /// * `InsuranceFundNoWithdrawRequest`, `InsuranceFundCooldownActive`,
    ///   `InsuranceFundWithdrawWindowClosed` (carrying the times).
    /// * `ERC4626ExceededMaxWithdraw` if the shares exceed the request (or the balance).
    /// * `ERC20InsufficientAllowance`, `SafeErc20FailedOperation`, `ReentrancyGuardReentrantCall`,
    ///   `InsuranceFundMathOverflow`.
    ///
    /// # Events
    /// * `Transfer(owner, 0, shares)`, `Withdraw(caller, receiver, owner, assets, shares)`.
    pub fn withdraw(
        &mut self,
        assets: U256,
        receiver: Address,
        owner: Address,
    ) -> Result<U256, Error> {
        self.guarded(|vault| {
            let max_shares = vault.redeemable_shares(owner)?;
            let shares = vault.to_shares(assets, Rounding::Up)?;
            if shares > max_shares {
                let max = vault.to_assets(max_shares, Rounding::Down)?;
                return Err(ERC4626ExceededMaxWithdraw { owner, assets, max }.into());
            }
            vault.exit(receiver, owner, assets, shares)?;
            Ok(shares)
        })
    }

    /// Returns the most shares `owner` can redeem now: its matured request (capped by its
    /// balance), or 0 when it has none in its window.
    pub fn max_redeem(&self, owner: Address) -> U256 {
        self.redeemable_shares(owner).unwrap_or_default()
    }

    /// Returns the assets `redeem(shares)` would pay now. Rounds down.
    ///
    /// # Errors
    /// * `InsuranceFundMathOverflow`, `SafeErc20FailedOperation`.
    pub fn preview_redeem(&self, shares: U256) -> Result<U256, Error> {
        self.to_assets(shares, Rounding::Down)
    }

    /// Burns `shares` from `owner`'s matured request and sends what they are worth (rounded
    /// down) to `receiver`; returns the assets. A caller other than `owner` spends its
    /// allowance. Works while paused.
    ///
    /// # Errors
    /// * `InsuranceFundNoWithdrawRequest`, `InsuranceFundCooldownActive`,
    ///   `InsuranceFundWithdrawWindowClosed` (carrying the times).
    /// * `ERC4626ExceededMaxRedeem` if `shares` exceed the request (or the balance).
    /// * `ERC20InsufficientAllowance`, `SafeErc20FailedOperation`, `ReentrancyGuardReentrantCall`,
    ///   `InsuranceFundMathOverflow`.
    ///
    /// # Events
    /// * `Transfer(owner, 0, shares)`, `Withdraw(caller, receiver, owner, assets, shares)`.
    pub fn redeem(
        &mut self,
        shares: U256,
        receiver: Address,
        owner: Address,
    ) -> Result<U256, Error> {
        self.guarded(|vault| {
            let max = vault.redeemable_shares(owner)?;
            if shares > max {
                return Err(ERC4626ExceededMaxRedeem { owner, shares, max }.into());
            }
            let assets = vault.to_assets(shares, Rounding::Down)?;
            vault.exit(receiver, owner, assets, shares)?;
            Ok(assets)
        })
    }

    // ---------------------------------------------------------------------------------------
    // Withdrawal cooldown
    // ---------------------------------------------------------------------------------------

    /// Starts the cooldown for `shares` of the caller's shares, replacing any earlier request.
    /// The shares stay the caller's (and bear losses) but are locked until the request
    /// expires or is cancelled. Works while paused.
    ///
    /// # Errors
    /// * `InsuranceFundInvalidWithdrawRequest` if `shares` is 0 or above the caller's balance.
    ///
    /// # Events
    /// * `WithdrawRequested(caller, shares, readyAt, expiresAt)`.
    pub fn request_withdraw(&mut self, shares: U256) -> Result<(), Error> {
        let owner = self.vm().msg_sender();
        let balance = self.ledger.balance_of(owner);
        if shares.is_zero() || shares > balance {
            return Err(InsuranceFundInvalidWithdrawRequest {
                owner,
                shares,
                balance,
            }
            .into());
        }
        let now = self.vm().block_timestamp();
        let ready_at = now.saturating_add(self.cooldown());
        let expires_at = ready_at.saturating_add(self.withdraw_window());
        let mut request = self.requests.setter(owner);
        request.shares.set(shares);
        request.ready_at.set(U64::from(ready_at));
        request.expires_at.set(U64::from(expires_at));
        self.vm().log(WithdrawRequested {
            owner,
            shares,
            readyAt: ready_at,
            expiresAt: expires_at,
        });
        Ok(())
    }

    /// Drops the caller's request (open, matured or expired) and unlocks its shares.
    ///
    /// # Errors
    /// * `InsuranceFundNoWithdrawRequest` if the caller has none.
    ///
    /// # Events
    /// * `WithdrawCancelled(caller, shares)`.
    pub fn cancel_withdraw(&mut self) -> Result<(), Error> {
        let owner = self.vm().msg_sender();
        let shares = self.requests.getter(owner).shares.get();
        if shares.is_zero() {
            return Err(InsuranceFundNoWithdrawRequest { owner }.into());
        }
        self.clear_request(owner);
        self.vm().log(WithdrawCancelled { owner, shares });
        Ok(())
    }

    /// Returns `owner`'s request: `(shares, readyAt, expiresAt)`, all zero when none.
    pub fn withdraw_request_of(&self, owner: Address) -> (U256, u64, u64) {
        let request = self.requests.getter(owner);
        (
            request.shares.get(),
            request.ready_at.get().to::<u64>(),
            request.expires_at.get().to::<u64>(),
        )
    }

    // ---------------------------------------------------------------------------------------
    // Cover and income
    // ---------------------------------------------------------------------------------------

    /// Pays the registry up to `amount` of bad-debt cover, bounded by the per-event and
    /// per-epoch caps and the assets held; returns what it paid. Never reverts for lack of
    /// funds or cap. Works while paused.
    ///
    /// # Errors
    /// * `InsuranceFundCallerNotRegistry` if the caller is not the registry.
    /// * `SafeErc20FailedOperation`, `ReentrancyGuardReentrantCall`, `InsuranceFundMathOverflow`.
    ///
    /// # Events
    /// * `CoverageEpochStarted(endsAt, assetsAtStart)` when a new epoch begins.
    /// * `ShortfallCovered(registry, amount, paid, amount - paid)`.
    pub fn cover_shortfall(&mut self, amount: U256) -> Result<U256, Error> {
        self.guarded(|vault| {
            let caller = vault.vm().msg_sender();
            if caller != vault.registry.get() || caller.is_zero() {
                return Err(InsuranceFundCallerNotRegistry { caller }.into());
            }
            let assets = vault.total_assets()?;
            let now = vault.vm().block_timestamp();
            if now >= vault.epoch_ends_at.get().to::<u64>() {
                let ends_at = now.saturating_add(vault.epoch_duration());
                vault.epoch_ends_at.set(U64::from(ends_at));
                vault.epoch_assets.set(assets);
                vault.epoch_paid.set(U256::ZERO);
                vault.vm().log(CoverageEpochStarted {
                    endsAt: ends_at,
                    assetsAtStart: assets,
                });
            }
            let epoch_paid = vault.epoch_paid.get();
            let (per_event, per_epoch) = vault.coverage_caps();
            let paid = math::cover_payout(
                amount,
                assets,
                vault.epoch_assets.get(),
                epoch_paid,
                per_event,
                per_epoch,
            )
            .ok_or_else(overflow)?;
            // Overflow not possible: epoch_paid + paid <= epoch cap <= epoch assets.
            vault.epoch_paid.set(epoch_paid + paid);
            if !paid.is_zero() {
                vault.push(caller, paid)?;
            }
            vault.vm().log(ShortfallCovered {
                registry: caller,
                requested: amount,
                paid,
                uncovered: amount - paid,
            });
            Ok(paid)
        })
    }

    /// Returns the most a `coverShortfall` call would pay now (with the epoch rolled over if
    /// it has ended).
    ///
    /// # Errors
    /// * `SafeErc20FailedOperation`, `InsuranceFundMathOverflow`.
    pub fn max_cover(&self) -> Result<U256, Error> {
        let assets = self.total_assets()?;
        let (epoch_assets, epoch_paid) =
            if self.vm().block_timestamp() >= self.epoch_ends_at.get().to::<u64>() {
                (assets, U256::ZERO)
            } else {
                (self.epoch_assets.get(), self.epoch_paid.get())
            };
        let (per_event, per_epoch) = self.coverage_caps();
        math::cover_payout(
            U256::MAX,
            assets,
            epoch_assets,
            epoch_paid,
            per_event,
            per_epoch,
        )
        .ok_or_else(overflow)
    }

    /// Returns the current coverage epoch: `(endsAt, assetsAtStart, paid)`; `endsAt` is 0
    /// before the first cover, and an epoch whose `endsAt` has passed is over.
    pub fn coverage_epoch(&self) -> (u64, U256, U256) {
        (
            self.epoch_ends_at.get().to::<u64>(),
            self.epoch_assets.get(),
            self.epoch_paid.get(),
        )
    }

    /// Pulls `amount` of fee income (e.g. liquidation penalties) from the caller; raises the
    /// share price. Anyone may pay. Works while paused.
    ///
    /// # Errors
    /// * `SafeErc20FailedOperation` (e.g. no allowance), `ReentrancyGuardReentrantCall`.
    ///
    /// # Events
    /// * `FeeIncomeReceived(caller, amount)`.
    pub fn notify_fee_income(&mut self, amount: U256) -> Result<(), Error> {
        self.guarded(|vault| {
            let from = vault.vm().msg_sender();
            vault.pull(from, amount)?;
            vault.vm().log(FeeIncomeReceived { from, amount });
            Ok(())
        })
    }

    // ---------------------------------------------------------------------------------------
    // Parameters (owner)
    // ---------------------------------------------------------------------------------------

    /// Returns the registry allowed to draw cover.
    pub fn registry(&self) -> Address {
        self.registry.get()
    }

    /// Returns the withdrawal cooldown, seconds.
    pub fn cooldown(&self) -> u64 {
        self.cooldown_secs.get().to::<u64>()
    }

    /// Returns the withdrawal window, seconds.
    pub fn withdraw_window(&self) -> u64 {
        self.withdraw_window_secs.get().to::<u64>()
    }

    /// Returns the coverage epoch length, seconds.
    pub fn epoch_duration(&self) -> u64 {
        self.epoch_secs.get().to::<u64>()
    }

    /// Returns the cover caps `(perEventBps, perEpochBps)`.
    pub fn coverage_caps(&self) -> (u16, u16) {
        (
            self.per_event_cap_bps.get().to::<u16>(),
            self.per_epoch_cap_bps.get().to::<u16>(),
        )
    }

    /// Sets the registry (zero disables cover). Owner only.
    ///
    /// # Errors
    /// * `OwnableUnauthorizedAccount`.
    ///
    /// # Events
    /// * `RegistryUpdated(previous, newRegistry)`.
    pub fn set_registry(&mut self, new_registry: Address) -> Result<(), Error> {
        self.ownable.only_owner::<Error>()?;
        self.write_registry(new_registry);
        Ok(())
    }

    /// Sets the withdrawal cooldown to `secs` in [1 hour, 30 days]. Owner only. Open requests
    /// keep their times.
    ///
    /// # Errors
    /// * `OwnableUnauthorizedAccount`, `InsuranceFundDurationOutOfBounds(0, ...)`.
    ///
    /// # Events
    /// * `CooldownUpdated(previous, secs)`.
    pub fn set_cooldown(&mut self, secs: u64) -> Result<(), Error> {
        self.ownable.only_owner::<Error>()?;
        self.write_cooldown(secs)
    }

    /// Sets the withdrawal window to `secs` in [1 hour, 30 days]. Owner only. Open requests
    /// keep their times.
    ///
    /// # Errors
    /// * `OwnableUnauthorizedAccount`, `InsuranceFundDurationOutOfBounds(1, ...)`.
    ///
    /// # Events
    /// * `WithdrawWindowUpdated(previous, secs)`.
    pub fn set_withdraw_window(&mut self, secs: u64) -> Result<(), Error> {
        self.ownable.only_owner::<Error>()?;
        self.write_withdraw_window(secs)
    }

    /// Sets the coverage epoch length to `secs` in [1 hour, 30 days], from the next epoch on.
    /// Owner only.
    ///
    /// # Errors
    /// * `OwnableUnauthorizedAccount`, `InsuranceFundDurationOutOfBounds(2, ...)`.
    ///
    /// # Events
    /// * `EpochDurationUpdated(previous, secs)`.
    pub fn set_epoch_duration(&mut self, secs: u64) -> Result<(), Error> {
        self.ownable.only_owner::<Error>()?;
        self.write_epoch_duration(secs)
    }

    /// Sets the cover caps, `1 <= perEventBps <= perEpochBps <= 10000`. Owner only.
    ///
    /// # Errors
    /// * `OwnableUnauthorizedAccount`, `InsuranceFundCapsOutOfBounds`.
    ///
    /// # Events
    /// * `CoverageCapsUpdated(previousPerEvent, perEventBps, previousPerEpoch, perEpochBps)`.
    pub fn set_coverage_caps(
        &mut self,
        per_event_bps: u16,
        per_epoch_bps: u16,
    ) -> Result<(), Error> {
        self.ownable.only_owner::<Error>()?;
        self.write_coverage_caps(per_event_bps, per_epoch_bps)
    }

    // ---------------------------------------------------------------------------------------
    // Roles: ownership and guardian pause
    // ---------------------------------------------------------------------------------------

    /// Returns the owner.
    pub fn owner(&self) -> Address {
        self.ownable.owner()
    }

    /// Returns the nominated owner (zero when none).
    pub fn pending_owner(&self) -> Address {
        self.ownable.pending_owner()
    }

    /// Nominates `newOwner` (zero cancels). Owner only.
    ///
    /// # Errors
    /// * `OwnableUnauthorizedAccount`.
    ///
    /// # Events
    /// * `OwnershipTransferStarted(owner, newOwner)`.
    pub fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Error> {
        self.ownable.transfer_ownership(new_owner)
    }

    /// Accepts a nomination. Nominee only.
    ///
    /// # Errors
    /// * `OwnableUnauthorizedAccount`.
    ///
    /// # Events
    /// * `OwnershipTransferred(previous, caller)`.
    pub fn accept_ownership(&mut self) -> Result<(), Error> {
        self.ownable.accept_ownership()
    }

    /// Returns the guardian.
    pub fn guardian(&self) -> Address {
        self.pausable.guardian()
    }

    /// Appoints the guardian (zero = none). Owner only.
    ///
    /// # Errors
    /// * `OwnableUnauthorizedAccount`.
    ///
    /// # Events
    /// * `GuardianUpdated(previous, newGuardian)`.
    pub fn set_guardian(&mut self, new_guardian: Address) -> Result<(), Error> {
        self.ownable.only_owner::<Error>()?;
        self.pausable.set_guardian(new_guardian);
        Ok(())
    }

    /// Returns whether deposits and mints are paused.
    pub fn paused(&self) -> bool {
        self.pausable.is_paused()
    }

    /// Pauses deposits and mints. Guardian only.
    ///
    /// # Errors
    /// * `GuardianUnauthorizedAccount`, `PausableEnforcedPause`.
    ///
    /// # Events
    /// * `Paused(caller)`.
    pub fn pause(&mut self) -> Result<(), Error> {
        self.pausable.pause()
    }

    /// Lifts the pause. Guardian only.
    ///
    /// # Errors
    /// * `GuardianUnauthorizedAccount`, `PausableExpectedPause`.
    ///
    /// # Events
    /// * `Unpaused(caller)`.
    pub fn unpause(&mut self) -> Result<(), Error> {
        self.pausable.unpause()
    }
}

impl InsuranceFund {
    /// Runs `body` under the reentrancy guard, releasing it on every path.
    fn guarded<T>(&mut self, body: impl FnOnce(&mut Self) -> Result<T, Error>) -> Result<T, Error> {
        self.guard.enter::<Error>()?;
        let result = body(self);
        self.guard.exit();
        result
    }

    /// `maxDeposit`/`maxMint`: 0 while paused, else unlimited.
    fn max_new_risk(&self) -> U256 {
        if self.pausable.is_paused() {
            U256::ZERO
        } else {
            U256::MAX
        }
    }

    /// Converts assets to shares at the current price.
    #[inline(never)] // Shared by several entry points: one copy in the WASM.
    fn to_shares(&self, assets: U256, rounding: Rounding) -> Result<U256, Error> {
        let total_assets = self.total_assets()?;
        math::to_shares(assets, total_assets, self.ledger.total_supply(), rounding)
            .ok_or_else(overflow)
    }

    /// Converts shares to assets at the current price.
    #[inline(never)] // Shared by several entry points: one copy in the WASM.
    fn to_assets(&self, shares: U256, rounding: Rounding) -> Result<U256, Error> {
        let total_assets = self.total_assets()?;
        math::to_assets(shares, total_assets, self.ledger.total_supply(), rounding)
            .ok_or_else(overflow)
    }

    /// Deposit/mint tail: pull `assets` from the caller, mint `shares` to `receiver`.
    #[inline(never)] // Shared by several entry points: one copy in the WASM.
    fn enter(&mut self, receiver: Address, assets: U256, shares: U256) -> Result<(), Error> {
        let sender = self.vm().msg_sender();
        if receiver.is_zero() {
            return Err(errors::ERC20InvalidReceiver { receiver }.into());
        }
        self.pull(sender, assets)?;
        self.ledger.mint(receiver, shares)?;
        self.vm().log(Deposit {
            sender,
            owner: receiver,
            assets,
            shares,
        });
        Ok(())
    }

    /// Withdraw/redeem tail: spend allowance, burn, shrink the request, pay `receiver`.
    #[inline(never)] // Shared by several entry points: one copy in the WASM.
    fn exit(
        &mut self,
        receiver: Address,
        owner: Address,
        assets: U256,
        shares: U256,
    ) -> Result<(), Error> {
        let sender = self.vm().msg_sender();
        if sender != owner {
            self.ledger.spend_allowance(owner, sender, shares)?;
        }
        self.ledger.burn(owner, shares)?;
        let requested = self.requests.getter(owner).shares.get();
        if shares >= requested {
            self.clear_request(owner);
        } else {
            self.requests.setter(owner).shares.set(requested - shares);
        }
        self.push(receiver, assets)?;
        self.vm().log(Withdraw {
            sender,
            receiver,
            owner,
            assets,
            shares,
        });
        Ok(())
    }

    /// Deletes `owner`'s request.
    #[inline(never)] // Shared by several entry points: one copy in the WASM.
    fn clear_request(&mut self, owner: Address) {
        let mut request = self.requests.setter(owner);
        request.shares.set(U256::ZERO);
        request.ready_at.set(U64::ZERO);
        request.expires_at.set(U64::ZERO);
    }

    /// Returns the shares `owner` may redeem now, or why it may not.
    #[inline(never)] // Shared by several entry points: one copy in the WASM.
    fn redeemable_shares(&self, owner: Address) -> Result<U256, Error> {
        let request = self.requests.getter(owner);
        let shares = request.shares.get();
        if shares.is_zero() {
            return Err(InsuranceFundNoWithdrawRequest { owner }.into());
        }
        let now = self.vm().block_timestamp();
        let ready_at = request.ready_at.get().to::<u64>();
        if now < ready_at {
            return Err(InsuranceFundCooldownActive {
                owner,
                timestamp: now,
                readyAt: ready_at,
            }
            .into());
        }
        let expires_at = request.expires_at.get().to::<u64>();
        if now >= expires_at {
            return Err(InsuranceFundWithdrawWindowClosed {
                owner,
                timestamp: now,
                expiresAt: expires_at,
            }
            .into());
        }
        Ok(shares.min(self.ledger.balance_of(owner)))
    }

    /// Fails when moving `amount` of `owner`'s shares would dip into shares locked by an
    /// unexpired request.
    #[inline(never)] // Shared by several entry points: one copy in the WASM.
    fn check_unlocked(&self, owner: Address, amount: U256) -> Result<(), Error> {
        let request = self.requests.getter(owner);
        let locked = request.shares.get();
        if locked.is_zero() || self.vm().block_timestamp() >= request.expires_at.get().to::<u64>() {
            return Ok(());
        }
        let transferable = self.ledger.balance_of(owner).saturating_sub(locked);
        if amount > transferable {
            return Err(InsuranceFundSharesLocked {
                owner,
                locked,
                transferable,
                amount,
            }
            .into());
        }
        Ok(())
    }

    /// Pulls `amount` of the asset from `from` into the vault.
    #[inline(never)] // Shared by several entry points: one copy in the WASM.
    fn pull(&mut self, from: Address, amount: U256) -> Result<(), Error> {
        let (token, this) = (self.asset.get(), self.vm().contract_address());
        let context = Call::new_mutating(self);
        safe_erc20::safe_transfer_from::<Error, _>(self.vm(), context, token, from, this, amount)
    }

    /// Sends `amount` of the asset from the vault to `to`.
    #[inline(never)] // Shared by several entry points: one copy in the WASM.
    fn push(&mut self, to: Address, amount: U256) -> Result<(), Error> {
        let token = self.asset.get();
        let context = Call::new_mutating(self);
        safe_erc20::safe_transfer::<Error, _>(self.vm(), context, token, to, amount)
    }

    /// Writes the registry and emits `RegistryUpdated`.
    #[inline(never)] // Shared by several entry points: one copy in the WASM.
    fn write_registry(&mut self, registry: Address) {
        let previous = self.registry.get();
        self.registry.set(registry);
        self.vm().log(RegistryUpdated {
            previousRegistry: previous,
            newRegistry: registry,
        });
    }

    /// Validates and writes the cooldown; emits `CooldownUpdated`.
    #[inline(never)] // Shared by several entry points: one copy in the WASM.
    fn write_cooldown(&mut self, secs: u64) -> Result<(), Error> {
        check_duration(PARAM_COOLDOWN, secs, MIN_COOLDOWN_SECS, MAX_COOLDOWN_SECS)?;
        let previous = self.cooldown();
        self.cooldown_secs.set(U64::from(secs));
        self.vm().log(CooldownUpdated {
            previousCooldown: previous,
            newCooldown: secs,
        });
        Ok(())
    }

    /// Validates and writes the withdrawal window; emits `WithdrawWindowUpdated`.
    #[inline(never)] // Shared by several entry points: one copy in the WASM.
    fn write_withdraw_window(&mut self, secs: u64) -> Result<(), Error> {
        check_duration(
            PARAM_WITHDRAW_WINDOW,
            secs,
            MIN_WITHDRAW_WINDOW_SECS,
            MAX_WITHDRAW_WINDOW_SECS,
        )?;
        let previous = self.withdraw_window();
        self.withdraw_window_secs.set(U64::from(secs));
        self.vm().log(WithdrawWindowUpdated {
            previousWindow: previous,
            newWindow: secs,
        });
        Ok(())
    }

    /// Validates and writes the epoch length; emits `EpochDurationUpdated`.
    #[inline(never)] // Shared by several entry points: one copy in the WASM.
    fn write_epoch_duration(&mut self, secs: u64) -> Result<(), Error> {
        check_duration(PARAM_EPOCH, secs, MIN_EPOCH_SECS, MAX_EPOCH_SECS)?;
        let previous = self.epoch_duration();
        self.epoch_secs.set(U64::from(secs));
        self.vm().log(EpochDurationUpdated {
            previousDuration: previous,
            newDuration: secs,
        });
        Ok(())
    }

    /// Validates and writes the cover caps; emits `CoverageCapsUpdated`.
    #[inline(never)] // Shared by several entry points: one copy in the WASM.
    fn write_coverage_caps(&mut self, per_event_bps: u16, per_epoch_bps: u16) -> Result<(), Error> {
        if per_event_bps == 0 || per_event_bps > per_epoch_bps || per_epoch_bps > BPS_DENOMINATOR {
            return Err(InsuranceFundCapsOutOfBounds {
                perEventBps: per_event_bps,
                perEpochBps: per_epoch_bps,
            }
            .into());
        }
        let (previous_event, previous_epoch) = self.coverage_caps();
        self.per_event_cap_bps
            .set(alloy_primitives::U16::from(per_event_bps));
        self.per_epoch_cap_bps
            .set(alloy_primitives::U16::from(per_epoch_bps));
        self.vm().log(CoverageCapsUpdated {
            previousPerEventBps: previous_event,
            newPerEventBps: per_event_bps,
            previousPerEpochBps: previous_epoch,
            newPerEpochBps: per_epoch_bps,
        });
        Ok(())
    }
}

/// Fails unless `min <= value <= max`.
fn check_duration(parameter: u8, value: u64, min: u64, max: u64) -> Result<(), Error> {
    if value < min || value > max {
        return Err(InsuranceFundDurationOutOfBounds {
            parameter,
            value,
            min,
            max,
        }
        .into());
    }
    Ok(())
}

#[cfg(test)]
mod tests;
