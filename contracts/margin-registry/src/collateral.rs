//! Collateral listing, deposits and withdrawals.
//!
//! Deposits credit the balance difference the registry actually received (fee-on-transfer safe).
//! Deposits of the settlement asset credit the signed cash balance. A withdrawal is written only
//! after the account was valued on its post-withdrawal state and still meets initial margin;
//! accounts without positions and without debt need no price at all, so a healthy flat account can
//! always leave, paused or not, sequencer up or not.

use alloy_primitives::{Address, I256, U256};
use ballast_contract_common::safe_erc20;
use stylus_sdk::prelude::*;

use crate::{
    errors::{
        out_of_bounds, Error, MarginRegistryAssetDisabled, MarginRegistryAssetNotListed,
        MarginRegistryDepositCapExceeded, MarginRegistryInsufficientBalance,
        MarginRegistryInsufficientInitialMargin, MarginRegistryTooManyAssets,
        MarginRegistryZeroAddress, MarginRegistryZeroAmount,
    },
    events::{CollateralConfigured, Deposited, Withdrawn},
    margin::{i256, u256},
    oracle,
    storage::MAX_COLLATERAL_ASSETS,
    types::CollateralParams,
    volatility::{check_bounds, HEARTBEAT_BOUNDS_SECS},
    MarginRegistry,
};

/// A withdrawal that passed the checks needing no price: the caller's post-withdrawal state.
#[derive(Clone, Copy, Debug)]
struct Withdrawal {
    /// The caller.
    account: Address,
    asset: Address,
    amount: U256,
    to: Address,
    /// 1-based index of the asset in the list.
    index: u8,
    /// Whether the asset is the settlement asset (cash).
    is_cash: bool,
    /// Cash after the withdrawal.
    new_cash: I256,
    /// Collateral balance of the asset after the withdrawal.
    new_balance: U256,
    /// Whether initial margin must be checked (positions held or debt).
    needs_valuation: bool,
}

impl Withdrawal {
    /// The collateral balance to value instead of the stored one (none for cash).
    fn balance_override(&self) -> Option<(Address, U256)> {
        (!self.is_cash).then_some((self.asset, self.new_balance))
    }
}

/// Largest token decimals accepted.
const MAX_DECIMALS: u8 = 36;

impl MarginRegistry {
    /// Validates haircuts (`mm <= im <= 1`).
    ///
    /// # Errors
    /// [`crate::errors::MarginRegistryParameterOutOfBounds`].
    fn check_haircuts(im: U256, mm: U256) -> Result<(), Error> {
        let one = ballast_risk_math::Wad::ONE.raw();
        check_bounds("mmHaircut", mm, 0, one)?;
        check_bounds("imHaircut", im, crate::margin::wad(mm)?.raw(), one)
    }

    /// Lists or replaces a collateral asset (owner only).
    ///
    /// # Errors
    /// See `listCollateral` in the interface.
    ///
    /// # Events
    /// [`CollateralConfigured`].
    pub(crate) fn list_collateral_impl(
        &mut self,
        asset: Address,
        p: CollateralParams,
    ) -> Result<(), Error> {
        self.ownable.only_owner::<Error>()?;
        if asset.is_zero() || p.feed.is_zero() {
            return Err(MarginRegistryZeroAddress {}.into());
        }
        check_bounds(
            "heartbeatSecs",
            U256::from(p.heartbeatSecs),
            HEARTBEAT_BOUNDS_SECS.0.into(),
            HEARTBEAT_BOUNDS_SECS.1.into(),
        )?;
        if p.decimals > MAX_DECIMALS {
            return Err(out_of_bounds(
                "decimals",
                U256::from(p.decimals),
                U256::ZERO,
                U256::from(MAX_DECIMALS),
            ));
        }
        Self::check_haircuts(p.imHaircut, p.mmHaircut)?;
        let feed_decimals = oracle::feed_decimals(self.vm(), p.feed)?;
        let mut index = self.collateral.getter(asset).index.get().to::<u8>();
        if index == 0 {
            let len = self.asset_list.len();
            if len >= MAX_COLLATERAL_ASSETS {
                return Err(MarginRegistryTooManyAssets {
                    max: U256::from(MAX_COLLATERAL_ASSETS),
                }
                .into());
            }
            self.asset_list.push(asset);
            // Overflow not possible: len < 16.
            index = len as u8 + 1;
        }
        let mut c = self.collateral.setter(asset);
        c.index.set(alloy_primitives::Uint::from(index));
        c.feed.set(p.feed);
        c.heartbeat_secs
            .set(alloy_primitives::Uint::from(p.heartbeatSecs));
        c.decimals.set(alloy_primitives::Uint::from(p.decimals));
        c.feed_decimals
            .set(alloy_primitives::Uint::from(feed_decimals));
        drop(c);
        self.write_collateral_risk(
            asset,
            p.imHaircut,
            p.mmHaircut,
            p.depositCap,
            p.enabled,
            feed_decimals,
        );
        Ok(())
    }

    /// Changes the risk settings of a listed asset (risk admin or owner).
    ///
    /// # Errors
    /// See `setCollateralRisk` in the interface.
    ///
    /// # Events
    /// [`CollateralConfigured`].
    pub(crate) fn set_collateral_risk_impl(
        &mut self,
        asset: Address,
        im: U256,
        mm: U256,
        cap: U256,
        enabled: bool,
    ) -> Result<(), Error> {
        self.only_risk_admin()?;
        let c = self.collateral.getter(asset);
        if c.index.get().is_zero() {
            return Err(MarginRegistryAssetNotListed { asset }.into());
        }
        let feed_decimals = c.feed_decimals.get().to::<u8>();
        drop(c);
        Self::check_haircuts(im, mm)?;
        self.write_collateral_risk(asset, im, mm, cap, enabled, feed_decimals);
        Ok(())
    }

    /// Writes validated risk settings and emits the full configuration.
    fn write_collateral_risk(
        &mut self,
        asset: Address,
        im: U256,
        mm: U256,
        cap: U256,
        enabled: bool,
        feed_decimals: u8,
    ) {
        let mut c = self.collateral.setter(asset);
        // Overflow not possible: haircuts were checked to be at most 1e18.
        c.im_haircut
            .set(alloy_primitives::Uint::from(im.to::<u128>()));
        c.mm_haircut
            .set(alloy_primitives::Uint::from(mm.to::<u128>()));
        c.deposit_cap.set(cap);
        c.enabled.set(enabled);
        let (feed, heartbeat, decimals) = (
            c.feed.get(),
            c.heartbeat_secs.get().to::<u32>(),
            c.decimals.get().to::<u8>(),
        );
        drop(c);
        self.vm().log(CollateralConfigured {
            asset,
            feed,
            heartbeatSecs: heartbeat,
            decimals,
            feedDecimals: feed_decimals,
            imHaircut: im,
            mmHaircut: mm,
            depositCap: cap,
            enabled,
        });
    }

    /// Returns the stored settings of `asset`.
    ///
    /// # Errors
    /// [`MarginRegistryAssetNotListed`].
    pub(crate) fn collateral_impl(
        &self,
        asset: Address,
    ) -> Result<(CollateralParams, u8, U256), Error> {
        let c = self.collateral.getter(asset);
        if c.index.get().is_zero() {
            return Err(MarginRegistryAssetNotListed { asset }.into());
        }
        Ok((
            CollateralParams {
                feed: c.feed.get(),
                heartbeatSecs: c.heartbeat_secs.get().to::<u32>(),
                decimals: c.decimals.get().to::<u8>(),
                imHaircut: U256::from(c.im_haircut.get()),
                mmHaircut: U256::from(c.mm_haircut.get()),
                depositCap: c.deposit_cap.get(),
                enabled: c.enabled.get(),
            },
            c.feed_decimals.get().to::<u8>(),
            c.total_deposits.get(),
        ))
    }

    /// Pulls `amount` of `asset` from the caller and credits what arrived. Caller holds the guard.
    ///
    /// # Errors
    /// See `deposit` in the interface.
    ///
    /// # Events
    /// [`Deposited`].
    pub(crate) fn deposit_impl(&mut self, asset: Address, amount: U256) -> Result<(), Error> {
        if amount.is_zero() {
            return Err(MarginRegistryZeroAmount {}.into());
        }
        let (listed, enabled, cap, total) = {
            let c = self.collateral.getter(asset);
            (
                !c.index.get().is_zero(),
                c.enabled.get(),
                c.deposit_cap.get(),
                c.total_deposits.get(),
            )
        };
        if !listed {
            return Err(MarginRegistryAssetNotListed { asset }.into());
        }
        if !enabled {
            return Err(MarginRegistryAssetDisabled { asset }.into());
        }
        let cap_check = |received: U256| -> Result<U256, Error> {
            let after = total.checked_add(received).filter(|t| *t <= cap).ok_or(
                MarginRegistryDepositCapExceeded {
                    asset,
                    totalAfter: total.saturating_add(received),
                    cap,
                },
            )?;
            Ok(after)
        };
        cap_check(amount)?;
        let account = self.vm().msg_sender();
        let this = self.vm().contract_address();
        // Interaction before the credit is unavoidable when crediting the balance difference; the
        // reentrancy guard (held by the caller) closes the window.
        let before = safe_erc20::balance_of::<Error, _>(self.vm(), asset, this)?;
        safe_erc20::safe_transfer_from::<Error, _>(
            &self.vm().clone(),
            Call::new_mutating(self),
            asset,
            account,
            this,
            amount,
        )?;
        let after = safe_erc20::balance_of::<Error, _>(self.vm(), asset, this)?;
        let received = after.saturating_sub(before);
        if received.is_zero() {
            return Err(MarginRegistryZeroAmount {}.into());
        }
        let total_after = cap_check(received)?;
        self.collateral
            .setter(asset)
            .total_deposits
            .set(total_after);
        let balance = if asset == self.settlement_asset.get() {
            let mut acc = self.accounts.setter(account);
            let cash = acc
                .cash
                .get()
                .checked_add(
                    I256::try_from(received).map_err(|_| ballast_risk_math::MathError::Overflow)?,
                )
                .ok_or(ballast_risk_math::MathError::Overflow)?;
            acc.cash.set(cash);
            cash
        } else {
            let index = self.collateral.getter(asset).index.get().to::<u8>();
            let mut acc = self.accounts.setter(account);
            let balance = acc.balances.get(asset) + received;
            acc.balances.setter(asset).set(balance);
            let mask = acc.asset_mask.get().to::<u16>() | (1 << (index - 1));
            acc.asset_mask.set(alloy_primitives::Uint::from(mask));
            I256::from_raw(balance)
        };
        self.vm().log(Deposited {
            account,
            asset,
            amount: received,
            balance,
        });
        Ok(())
    }

    /// Sends `amount` of the caller's `asset` to `to` if initial margin still holds on the
    /// post-withdrawal state. Caller holds the guard.
    ///
    /// # Errors
    /// See `withdraw` in the interface.
    ///
    /// # Events
    /// [`Withdrawn`].
    pub(crate) fn withdraw_impl(
        &mut self,
        asset: Address,
        amount: U256,
        to: Address,
    ) -> Result<(), Error> {
        let w = self.withdrawal(asset, amount, to)?;
        if w.needs_valuation {
            let holdings = self.load_holdings(w.account);
            let t = self
                .value_account(w.account, &holdings, w.new_cash, w.balance_override())?
                .totals();
            if t.equity < t.initial.to_signed()? {
                return Err(MarginRegistryInsufficientInitialMargin {
                    account: w.account,
                    equity: i256(t.equity),
                    initialMargin: u256(t.initial),
                }
                .into());
            }
        }
        self.complete_withdrawal(&w)
    }

    /// The checks of a withdrawal that need no price, and its post-withdrawal state.
    ///
    /// # Errors
    /// See `withdraw` in the interface.
    fn withdrawal(&self, asset: Address, amount: U256, to: Address) -> Result<Withdrawal, Error> {
        if amount.is_zero() {
            return Err(MarginRegistryZeroAmount {}.into());
        }
        if to.is_zero() {
            return Err(MarginRegistryZeroAddress {}.into());
        }
        let index = self.collateral.getter(asset).index.get().to::<u8>();
        if index == 0 {
            return Err(MarginRegistryAssetNotListed { asset }.into());
        }
        let account = self.vm().msg_sender();
        let is_cash = asset == self.settlement_asset.get();
        let (cash, balance, position_count) = {
            let acc = self.accounts.getter(account);
            (
                acc.cash.get(),
                acc.balances.get(asset),
                acc.position_keys.len(),
            )
        };
        // Checks on the post-withdrawal state, in memory.
        let (new_cash, new_balance) = if is_cash {
            let available = if cash.is_negative() {
                U256::ZERO
            } else {
                cash.into_raw()
            };
            if available < amount {
                return Err(MarginRegistryInsufficientBalance {
                    asset,
                    balance: available,
                    amount,
                }
                .into());
            }
            // Overflow not possible: 0 <= amount <= cash.
            (cash - I256::from_raw(amount), balance)
        } else {
            if balance < amount {
                return Err(MarginRegistryInsufficientBalance {
                    asset,
                    balance,
                    amount,
                }
                .into());
            }
            (cash, balance - amount)
        };
        let needs_valuation = position_count > 0 || new_cash.is_negative();
        if needs_valuation {
            self.check_risk_increase_allowed(false)?;
        }
        Ok(Withdrawal {
            account,
            asset,
            amount,
            to,
            index,
            is_cash,
            new_cash,
            new_balance,
            needs_valuation,
        })
    }

    /// Writes a checked withdrawal, sends the tokens and emits [`Withdrawn`].
    ///
    /// # Errors
    /// `SafeErc20FailedOperation` when the transfer fails.
    fn complete_withdrawal(&mut self, w: &Withdrawal) -> Result<(), Error> {
        let Withdrawal {
            account,
            asset,
            amount,
            to,
            index,
            is_cash,
            new_cash,
            new_balance,
            ..
        } = *w;
        // Effects.
        {
            let mut acc = self.accounts.setter(account);
            if is_cash {
                acc.cash.set(new_cash);
            } else {
                acc.balances.setter(asset).set(new_balance);
                if new_balance.is_zero() {
                    let mask = acc.asset_mask.get().to::<u16>() & !(1 << (index - 1));
                    acc.asset_mask.set(alloy_primitives::Uint::from(mask));
                }
            }
        }
        let total = self.collateral.getter(asset).total_deposits.get();
        // Saturating: cash can exceed deposits through venue credits and payouts.
        self.collateral
            .setter(asset)
            .total_deposits
            .set(total.saturating_sub(amount));
        // Interaction.
        safe_erc20::safe_transfer::<Error, _>(
            &self.vm().clone(),
            Call::new_mutating(self),
            asset,
            to,
            amount,
        )?;
        let balance = if is_cash {
            new_cash
        } else {
            I256::from_raw(new_balance)
        };
        self.vm().log(Withdrawn {
            account,
            asset,
            to,
            amount,
            balance,
        });
        Ok(())
    }
}
