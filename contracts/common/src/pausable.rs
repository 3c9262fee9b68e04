//! Guardian-operated pause of *new risk*.
//!
//! A guardian (a fast-acting key or bot appointed by the owner) can pause and unpause. Contracts
//! check [`Pausable::when_not_paused`] only on actions that add risk (deposits, new positions,
//! new borrowing), never on exits: a pause must not trap users' matured funds.

use alloc::vec::Vec;
use alloy_primitives::Address;
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageBool},
};

pub use sol::*;

#[allow(missing_docs)]
mod sol {
    alloy_sol_types::sol! {
        /// The caller is not the guardian.
        #[derive(Debug, PartialEq, Eq)]
        error GuardianUnauthorizedAccount(address account);
        /// The action is paused.
        #[derive(Debug, PartialEq, Eq)]
        error PausableEnforcedPause();
        /// The action needs the paused state (e.g. `unpause` while not paused).
        #[derive(Debug, PartialEq, Eq)]
        error PausableExpectedPause();

        /// The guardian changed from `previousGuardian` to `newGuardian` (zero = none).
        #[derive(Debug, PartialEq, Eq)]
        event GuardianUpdated(address indexed previousGuardian, address indexed newGuardian);
        /// `account` (the guardian) paused new risk.
        #[derive(Debug, PartialEq, Eq)]
        event Paused(address account);
        /// `account` (the guardian) lifted the pause.
        #[derive(Debug, PartialEq, Eq)]
        event Unpaused(address account);
    }
}

/// Narrow error type for code that only uses [`Pausable`].
#[derive(SolidityError, Debug, PartialEq, Eq)]
pub enum Error {
    /// See [`GuardianUnauthorizedAccount`].
    UnauthorizedAccount(GuardianUnauthorizedAccount),
    /// See [`PausableEnforcedPause`].
    EnforcedPause(PausableEnforcedPause),
    /// See [`PausableExpectedPause`].
    ExpectedPause(PausableExpectedPause),
}

/// Storage of the guardian-pause component.
#[storage]
pub struct Pausable {
    /// The account allowed to pause and unpause; zero = nobody.
    guardian: StorageAddress,
    /// Whether new risk is paused.
    paused: StorageBool,
}

impl Pausable {
    /// Returns the guardian (zero when none is appointed).
    #[must_use]
    pub fn guardian(&self) -> Address {
        self.guardian.get()
    }

    /// Returns whether new risk is paused.
    #[must_use]
    pub fn is_paused(&self) -> bool {
        self.paused.get()
    }

    /// Appoints `new_guardian` (zero removes the guardian). **Unchecked**: the embedding
    /// contract applies its access rule first (normally `only_owner`).
    ///
    /// # Events
    /// * [`GuardianUpdated`]`(previous, new_guardian)`.
    pub fn set_guardian(&mut self, new_guardian: Address) {
        let previous = self.guardian.get();
        self.guardian.set(new_guardian);
        self.vm().log(GuardianUpdated {
            previousGuardian: previous,
            newGuardian: new_guardian,
        });
    }

    /// Returns `Ok` when `msg.sender` is the (non-zero) guardian.
    ///
    /// # Errors
    /// * [`GuardianUnauthorizedAccount`]`(msg.sender)` otherwise.
    pub fn only_guardian<E: From<GuardianUnauthorizedAccount>>(&self) -> Result<(), E> {
        let sender = self.vm().msg_sender();
        let guardian = self.guardian.get();
        if guardian.is_zero() || sender != guardian {
            return Err(GuardianUnauthorizedAccount { account: sender }.into());
        }
        Ok(())
    }

    /// Pauses new risk. Guardian only.
    ///
    /// # Errors
    /// * [`GuardianUnauthorizedAccount`] if the caller is not the guardian.
    /// * [`PausableEnforcedPause`] if already paused.
    ///
    /// # Events
    /// * [`Paused`]`(msg.sender)`.
    pub fn pause<E>(&mut self) -> Result<(), E>
    where
        E: From<GuardianUnauthorizedAccount> + From<PausableEnforcedPause>,
    {
        self.only_guardian::<E>()?;
        self.when_not_paused::<E>()?;
        self.paused.set(true);
        self.vm().log(Paused {
            account: self.vm().msg_sender(),
        });
        Ok(())
    }

    /// Lifts the pause. Guardian only.
    ///
    /// # Errors
    /// * [`GuardianUnauthorizedAccount`] if the caller is not the guardian.
    /// * [`PausableExpectedPause`] if not paused.
    ///
    /// # Events
    /// * [`Unpaused`]`(msg.sender)`.
    pub fn unpause<E>(&mut self) -> Result<(), E>
    where
        E: From<GuardianUnauthorizedAccount> + From<PausableExpectedPause>,
    {
        self.only_guardian::<E>()?;
        self.when_paused::<E>()?;
        self.paused.set(false);
        self.vm().log(Unpaused {
            account: self.vm().msg_sender(),
        });
        Ok(())
    }

    /// Returns `Ok` when not paused.
    ///
    /// # Errors
    /// * [`PausableEnforcedPause`] when paused.
    pub fn when_not_paused<E: From<PausableEnforcedPause>>(&self) -> Result<(), E> {
        if self.paused.get() {
            return Err(PausableEnforcedPause {}.into());
        }
        Ok(())
    }

    /// Returns `Ok` when paused.
    ///
    /// # Errors
    /// * [`PausableExpectedPause`] when not paused.
    pub fn when_paused<E: From<PausableExpectedPause>>(&self) -> Result<(), E> {
        if !self.paused.get() {
            return Err(PausableExpectedPause {}.into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use alloy_primitives::address;

    use super::*;
    use crate::testing::TestHost;

    const GUARDIAN: Address = address!("0000000000000000000000000000000000006A4D");
    const EVE: Address = address!("0000000000000000000000000000000000000E0E");

    fn guarded() -> (TestHost, Pausable) {
        let host = TestHost::new();
        let mut pausable = Pausable::from(&host);
        pausable.set_guardian(GUARDIAN);
        host.clear_logs();
        (host, pausable)
    }

    #[test]
    fn set_guardian_emits_old_and_new_when_replaced() {
        let (host, mut pausable) = guarded();
        pausable.set_guardian(EVE);
        assert_eq!(pausable.guardian(), EVE);
        assert_eq!(
            host.events::<GuardianUpdated>(),
            vec![GuardianUpdated {
                previousGuardian: GUARDIAN,
                newGuardian: EVE
            }]
        );
    }

    #[test]
    fn pause_sets_flag_and_emits_when_called_by_guardian() {
        let (host, mut pausable) = guarded();
        host.set_sender(GUARDIAN);
        pausable.pause::<Error>().unwrap();
        assert!(pausable.is_paused());
        assert_eq!(host.events::<Paused>(), vec![Paused { account: GUARDIAN }]);
        assert_eq!(
            pausable.when_not_paused::<Error>(),
            Err(Error::EnforcedPause(PausableEnforcedPause {}))
        );
        assert!(pausable.when_paused::<Error>().is_ok());
    }

    #[test]
    fn pause_reverts_when_caller_not_guardian() {
        let (host, mut pausable) = guarded();
        host.set_sender(EVE);
        assert_eq!(
            pausable.pause::<Error>(),
            Err(Error::UnauthorizedAccount(GuardianUnauthorizedAccount {
                account: EVE
            }))
        );
        assert!(!pausable.is_paused());
    }

    #[test]
    fn pause_reverts_when_no_guardian_appointed() {
        let host = TestHost::new();
        let mut pausable = Pausable::from(&host);
        host.set_sender(Address::ZERO);
        assert_eq!(
            pausable.pause::<Error>(),
            Err(Error::UnauthorizedAccount(GuardianUnauthorizedAccount {
                account: Address::ZERO
            }))
        );
    }

    #[test]
    fn pause_reverts_when_already_paused() {
        let (host, mut pausable) = guarded();
        host.set_sender(GUARDIAN);
        pausable.pause::<Error>().unwrap();
        assert_eq!(
            pausable.pause::<Error>(),
            Err(Error::EnforcedPause(PausableEnforcedPause {}))
        );
    }

    #[test]
    fn unpause_clears_flag_and_emits_when_paused() {
        let (host, mut pausable) = guarded();
        host.set_sender(GUARDIAN);
        pausable.pause::<Error>().unwrap();
        host.clear_logs();
        pausable.unpause::<Error>().unwrap();
        assert!(!pausable.is_paused());
        assert_eq!(
            host.events::<Unpaused>(),
            vec![Unpaused { account: GUARDIAN }]
        );
    }

    #[test]
    fn unpause_reverts_when_not_paused() {
        let (host, mut pausable) = guarded();
        host.set_sender(GUARDIAN);
        assert_eq!(
            pausable.unpause::<Error>(),
            Err(Error::ExpectedPause(PausableExpectedPause {}))
        );
    }

    #[test]
    fn unpause_reverts_when_caller_not_guardian() {
        let (host, mut pausable) = guarded();
        host.set_sender(GUARDIAN);
        pausable.pause::<Error>().unwrap();
        host.set_sender(EVE);
        assert_eq!(
            pausable.unpause::<Error>(),
            Err(Error::UnauthorizedAccount(GuardianUnauthorizedAccount {
                account: EVE
            }))
        );
        assert!(pausable.is_paused());
    }
}
