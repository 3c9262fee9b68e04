//! The ERC-20 ledger of vault shares: balances, allowances, supply, and their events.
//!
//! Pure bookkeeping with EIP-6093 errors; the vault decides *when* shares may move (cooldown
//! locks are checked in `lib.rs` before calling [`ShareLedger::transfer`]).

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use stylus_sdk::{
    prelude::*,
    storage::{StorageMap, StorageU256},
};

use crate::{
    errors::{
        overflow, ERC20InsufficientAllowance, ERC20InsufficientBalance, ERC20InvalidReceiver,
        ERC20InvalidSender, ERC20InvalidSpender, Error,
    },
    events::{Approval, Transfer},
};

/// Share balances, allowances and total supply.
#[storage]
pub struct ShareLedger {
    /// Sum of all balances.
    total_supply: StorageU256,
    /// Shares per holder.
    balances: StorageMap<Address, StorageU256>,
    /// `allowances[owner][spender]`.
    allowances: StorageMap<Address, StorageMap<Address, StorageU256>>,
}

impl ShareLedger {
    /// Returns the total supply of shares.
    #[must_use]
    pub fn total_supply(&self) -> U256 {
        self.total_supply.get()
    }

    /// Returns `account`'s shares.
    #[must_use]
    pub fn balance_of(&self, account: Address) -> U256 {
        self.balances.get(account)
    }

    /// Returns how many of `owner`'s shares `spender` may move.
    #[must_use]
    pub fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.allowances.getter(owner).get(spender)
    }

    /// Creates `value` shares for `to`.
    ///
    /// # Errors
    /// * `ERC20InvalidReceiver(0)` if `to` is zero.
    /// * `InsuranceFundMathOverflow` if the supply would overflow.
    ///
    /// # Events
    /// * `Transfer(0, to, value)`.
    #[inline(never)] // Shared by several entry points: one copy in the WASM.
    pub fn mint(&mut self, to: Address, value: U256) -> Result<(), Error> {
        if to.is_zero() {
            return Err(ERC20InvalidReceiver { receiver: to }.into());
        }
        let supply = self
            .total_supply
            .get()
            .checked_add(value)
            .ok_or_else(overflow)?;
        self.total_supply.set(supply);
        // Overflow not possible: a balance is at most the supply, which did not overflow.
        let balance = self.balances.get(to) + value;
        self.balances.setter(to).set(balance);
        self.vm().log(Transfer {
            from: Address::ZERO,
            to,
            value,
        });
        Ok(())
    }

    /// Destroys `value` of `from`'s shares.
    ///
    /// # Errors
    /// * `ERC20InsufficientBalance` if `from` holds fewer than `value`.
    ///
    /// # Events
    /// * `Transfer(from, 0, value)`.
    #[inline(never)] // Shared by several entry points: one copy in the WASM.
    pub fn burn(&mut self, from: Address, value: U256) -> Result<(), Error> {
        let balance = self.debit(from, value)?;
        self.balances.setter(from).set(balance);
        // Overflow not possible: supply >= balance of `from` >= value.
        self.total_supply.set(self.total_supply.get() - value);
        self.vm().log(Transfer {
            from,
            to: Address::ZERO,
            value,
        });
        Ok(())
    }

    /// Moves `value` shares from `from` to `to`.
    ///
    /// # Errors
    /// * `ERC20InvalidSender(0)` / `ERC20InvalidReceiver(0)` for a zero end.
    /// * `ERC20InsufficientBalance` if `from` holds fewer than `value`.
    ///
    /// # Events
    /// * `Transfer(from, to, value)`.
    #[inline(never)] // Shared by several entry points: one copy in the WASM.
    pub fn transfer(&mut self, from: Address, to: Address, value: U256) -> Result<(), Error> {
        if from.is_zero() {
            return Err(ERC20InvalidSender { sender: from }.into());
        }
        if to.is_zero() {
            return Err(ERC20InvalidReceiver { receiver: to }.into());
        }
        let from_balance = self.debit(from, value)?;
        self.balances.setter(from).set(from_balance);
        // Overflow not possible: the two balances sum to at most the supply.
        let to_balance = self.balances.get(to) + value;
        self.balances.setter(to).set(to_balance);
        self.vm().log(Transfer { from, to, value });
        Ok(())
    }

    /// Sets `owner`'s allowance for `spender` to `value`.
    ///
    /// # Errors
    /// * `ERC20InvalidSpender(0)` if `spender` is zero.
    ///
    /// # Events
    /// * `Approval(owner, spender, value)`.
    pub fn approve(&mut self, owner: Address, spender: Address, value: U256) -> Result<(), Error> {
        if spender.is_zero() {
            return Err(ERC20InvalidSpender { spender }.into());
        }
        self.allowances.setter(owner).setter(spender).set(value);
        self.vm().log(Approval {
            owner,
            spender,
            value,
        });
        Ok(())
    }

    /// Uses `value` of `owner`'s allowance for `spender`; an allowance of `U256::MAX` is
    /// unlimited and stays as is. Emits no `Approval` (as OpenZeppelin v5).
    ///
    /// # Errors
    /// * `ERC20InsufficientAllowance` if the allowance is below `value`.
    #[inline(never)] // Shared by several entry points: one copy in the WASM.
    pub fn spend_allowance(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
    ) -> Result<(), Error> {
        let allowance = self.allowance(owner, spender);
        if allowance == U256::MAX {
            return Ok(());
        }
        if allowance < value {
            return Err(ERC20InsufficientAllowance {
                spender,
                allowance,
                needed: value,
            }
            .into());
        }
        self.allowances
            .setter(owner)
            .setter(spender)
            .set(allowance - value);
        Ok(())
    }

    /// Returns `from`'s balance less `value`.
    #[inline(never)] // Shared by several entry points: one copy in the WASM.
    fn debit(&self, from: Address, value: U256) -> Result<U256, Error> {
        let balance = self.balances.get(from);
        balance
            .checked_sub(value)
            .ok_or(Error::InsufficientBalance(ERC20InsufficientBalance {
                sender: from,
                balance,
                needed: value,
            }))
    }
}

#[cfg(test)]
mod tests {
    use alloy_primitives::address;
    use ballast_contract_common::testing::TestHost;

    use super::*;

    const ALICE: Address = address!("00000000000000000000000000000000000A11CE");
    const BOB: Address = address!("0000000000000000000000000000000000000B0B");

    fn u(x: u64) -> U256 {
        U256::from(x)
    }

    #[test]
    fn mint_credits_and_emits_when_receiver_nonzero() {
        let host = TestHost::new();
        let mut ledger = ShareLedger::from(&host);
        ledger.mint(ALICE, u(10)).unwrap();
        assert_eq!(ledger.balance_of(ALICE), u(10));
        assert_eq!(ledger.total_supply(), u(10));
        assert_eq!(
            host.events::<Transfer>(),
            vec![Transfer {
                from: Address::ZERO,
                to: ALICE,
                value: u(10)
            }]
        );
    }

    #[test]
    fn mint_reverts_when_supply_overflows() {
        let host = TestHost::new();
        let mut ledger = ShareLedger::from(&host);
        ledger.mint(ALICE, U256::MAX).unwrap();
        assert_eq!(ledger.mint(BOB, u(1)), Err(overflow()));
    }

    #[test]
    fn burn_reverts_when_balance_short() {
        let host = TestHost::new();
        let mut ledger = ShareLedger::from(&host);
        ledger.mint(ALICE, u(3)).unwrap();
        assert_eq!(
            ledger.burn(ALICE, u(4)),
            Err(Error::InsufficientBalance(ERC20InsufficientBalance {
                sender: ALICE,
                balance: u(3),
                needed: u(4)
            }))
        );
        ledger.burn(ALICE, u(3)).unwrap();
        assert_eq!(ledger.total_supply(), U256::ZERO);
    }

    #[test]
    fn transfer_reverts_when_an_end_is_zero() {
        let host = TestHost::new();
        let mut ledger = ShareLedger::from(&host);
        assert_eq!(
            ledger.transfer(Address::ZERO, BOB, U256::ZERO),
            Err(Error::InvalidSender(ERC20InvalidSender {
                sender: Address::ZERO
            }))
        );
        assert_eq!(
            ledger.transfer(ALICE, Address::ZERO, U256::ZERO),
            Err(Error::InvalidReceiver(ERC20InvalidReceiver {
                receiver: Address::ZERO
            }))
        );
    }

    #[test]
    fn spend_allowance_keeps_unlimited_when_allowance_max() {
        let host = TestHost::new();
        let mut ledger = ShareLedger::from(&host);
        ledger.approve(ALICE, BOB, U256::MAX).unwrap();
        ledger.spend_allowance(ALICE, BOB, u(5)).unwrap();
        assert_eq!(ledger.allowance(ALICE, BOB), U256::MAX);
    }

    #[test]
    fn approve_reverts_when_spender_zero() {
        let host = TestHost::new();
        let mut ledger = ShareLedger::from(&host);
        assert_eq!(
            ledger.approve(ALICE, Address::ZERO, u(1)),
            Err(Error::InvalidSpender(ERC20InvalidSpender {
                spender: Address::ZERO
            }))
        );
    }
}
