//! Two-step ownership: the owner nominates, the nominee accepts.
//!
//! A mistyped or contract address that cannot act never becomes owner, because ownership only
//! moves when the nominee itself calls [`Ownable2Step::accept_ownership`].

use alloc::vec::Vec;
use alloy_primitives::Address;
use stylus_sdk::{prelude::*, storage::StorageAddress};

pub use sol::*;

#[allow(missing_docs)]
mod sol {
    alloy_sol_types::sol! {
        /// The caller is not allowed to perform this owner-only (or pending-owner-only) action.
        #[derive(Debug, PartialEq, Eq)]
        error OwnableUnauthorizedAccount(address account);
        /// The address cannot be the owner (the zero address).
        #[derive(Debug, PartialEq, Eq)]
        error OwnableInvalidOwner(address owner);

        /// The owner nominated `newOwner`; ownership moves when `newOwner` accepts.
        #[derive(Debug, PartialEq, Eq)]
        event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);
        /// Ownership moved from `previousOwner` to `newOwner`.
        #[derive(Debug, PartialEq, Eq)]
        event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
    }
}

/// Narrow error type for code that only uses [`Ownable2Step`].
#[derive(SolidityError, Debug, PartialEq, Eq)]
pub enum Error {
    /// See [`OwnableUnauthorizedAccount`].
    UnauthorizedAccount(OwnableUnauthorizedAccount),
    /// See [`OwnableInvalidOwner`].
    InvalidOwner(OwnableInvalidOwner),
}

/// Storage of the two-step ownership component: current and pending owner.
#[storage]
pub struct Ownable2Step {
    /// Current owner; zero until [`Ownable2Step::initialize`].
    owner: StorageAddress,
    /// Nominated owner; zero when no transfer is pending.
    pending_owner: StorageAddress,
}

impl Ownable2Step {
    /// Returns the current owner (zero before initialisation).
    #[must_use]
    pub fn owner(&self) -> Address {
        self.owner.get()
    }

    /// Returns the nominated owner, or zero when no transfer is pending.
    #[must_use]
    pub fn pending_owner(&self) -> Address {
        self.pending_owner.get()
    }

    /// Sets the first owner. Unchecked: the embedding contract's one-time initialiser must
    /// guard against a second call.
    ///
    /// # Errors
    /// * [`OwnableInvalidOwner`] if `initial_owner` is zero.
    ///
    /// # Events
    /// * [`OwnershipTransferred`]`(0, initial_owner)`.
    pub fn initialize<E: From<OwnableInvalidOwner>>(
        &mut self,
        initial_owner: Address,
    ) -> Result<(), E> {
        if initial_owner.is_zero() {
            return Err(OwnableInvalidOwner {
                owner: initial_owner,
            }
            .into());
        }
        self.set_owner(initial_owner);
        Ok(())
    }

    /// Returns `Ok` when `msg.sender` is the owner.
    ///
    /// # Errors
    /// * [`OwnableUnauthorizedAccount`]`(msg.sender)` otherwise.
    pub fn only_owner<E: From<OwnableUnauthorizedAccount>>(&self) -> Result<(), E> {
        let sender = self.vm().msg_sender();
        if sender != self.owner.get() {
            return Err(OwnableUnauthorizedAccount { account: sender }.into());
        }
        Ok(())
    }

    /// Nominates `new_owner`; the zero address cancels a pending nomination. Replaces any
    /// earlier nomination. Owner only.
    ///
    /// # Errors
    /// * [`OwnableUnauthorizedAccount`]`(msg.sender)` if the caller is not the owner.
    ///
    /// # Events
    /// * [`OwnershipTransferStarted`]`(owner, new_owner)`.
    pub fn transfer_ownership<E: From<OwnableUnauthorizedAccount>>(
        &mut self,
        new_owner: Address,
    ) -> Result<(), E> {
        self.only_owner::<E>()?;
        self.pending_owner.set(new_owner);
        self.vm().log(OwnershipTransferStarted {
            previousOwner: self.owner.get(),
            newOwner: new_owner,
        });
        Ok(())
    }

    /// Completes a transfer: the nominee becomes owner and the nomination is cleared.
    ///
    /// # Errors
    /// * [`OwnableUnauthorizedAccount`]`(msg.sender)` if the caller is not the nominee
    ///   (including when nothing is pending).
    ///
    /// # Events
    /// * [`OwnershipTransferred`]`(previous, msg.sender)`.
    pub fn accept_ownership<E: From<OwnableUnauthorizedAccount>>(&mut self) -> Result<(), E> {
        let sender = self.vm().msg_sender();
        let pending = self.pending_owner.get();
        if pending.is_zero() || sender != pending {
            return Err(OwnableUnauthorizedAccount { account: sender }.into());
        }
        self.pending_owner.set(Address::ZERO);
        self.set_owner(sender);
        Ok(())
    }

    /// Writes the owner and emits [`OwnershipTransferred`].
    fn set_owner(&mut self, new_owner: Address) {
        let previous = self.owner.get();
        self.owner.set(new_owner);
        self.vm().log(OwnershipTransferred {
            previousOwner: previous,
            newOwner: new_owner,
        });
    }
}

#[cfg(test)]
mod tests {
    use alloy_primitives::address;

    use super::*;
    use crate::testing::TestHost;

    const ALICE: Address = address!("00000000000000000000000000000000000A11CE");
    const BOB: Address = address!("0000000000000000000000000000000000000B0B");
    const EVE: Address = address!("0000000000000000000000000000000000000E0E");

    fn owned_by_alice() -> (TestHost, Ownable2Step) {
        let host = TestHost::new();
        let mut ownable = Ownable2Step::from(&host);
        ownable
            .initialize::<Error>(ALICE)
            .expect("should initialise with a non-zero owner");
        host.clear_logs();
        (host, ownable)
    }

    #[test]
    fn initialize_sets_owner_and_emits_when_owner_nonzero() {
        let host = TestHost::new();
        let mut ownable = Ownable2Step::from(&host);
        ownable.initialize::<Error>(ALICE).unwrap();
        assert_eq!(ownable.owner(), ALICE);
        assert_eq!(ownable.pending_owner(), Address::ZERO);
        assert_eq!(
            host.events::<OwnershipTransferred>(),
            vec![OwnershipTransferred {
                previousOwner: Address::ZERO,
                newOwner: ALICE
            }]
        );
    }

    #[test]
    fn initialize_reverts_when_owner_zero() {
        let host = TestHost::new();
        let mut ownable = Ownable2Step::from(&host);
        let err = ownable.initialize::<Error>(Address::ZERO).unwrap_err();
        assert_eq!(
            err,
            Error::InvalidOwner(OwnableInvalidOwner {
                owner: Address::ZERO
            })
        );
    }

    #[test]
    fn only_owner_reverts_when_caller_not_owner() {
        let (host, ownable) = owned_by_alice();
        host.set_sender(EVE);
        let err = ownable.only_owner::<Error>().unwrap_err();
        assert_eq!(
            err,
            Error::UnauthorizedAccount(OwnableUnauthorizedAccount { account: EVE })
        );
        host.set_sender(ALICE);
        assert!(ownable.only_owner::<Error>().is_ok());
    }

    #[test]
    fn transfer_ownership_records_pending_when_called_by_owner() {
        let (host, mut ownable) = owned_by_alice();
        host.set_sender(ALICE);
        ownable.transfer_ownership::<Error>(BOB).unwrap();
        assert_eq!(ownable.owner(), ALICE);
        assert_eq!(ownable.pending_owner(), BOB);
        assert_eq!(
            host.events::<OwnershipTransferStarted>(),
            vec![OwnershipTransferStarted {
                previousOwner: ALICE,
                newOwner: BOB
            }]
        );
    }

    #[test]
    fn transfer_ownership_reverts_when_caller_not_owner() {
        let (host, mut ownable) = owned_by_alice();
        host.set_sender(EVE);
        let err = ownable.transfer_ownership::<Error>(EVE).unwrap_err();
        assert_eq!(
            err,
            Error::UnauthorizedAccount(OwnableUnauthorizedAccount { account: EVE })
        );
        assert_eq!(ownable.pending_owner(), Address::ZERO);
    }

    #[test]
    fn accept_ownership_moves_owner_when_called_by_pending() {
        let (host, mut ownable) = owned_by_alice();
        host.set_sender(ALICE);
        ownable.transfer_ownership::<Error>(BOB).unwrap();
        host.clear_logs();
        host.set_sender(BOB);
        ownable.accept_ownership::<Error>().unwrap();
        assert_eq!(ownable.owner(), BOB);
        assert_eq!(ownable.pending_owner(), Address::ZERO);
        assert_eq!(
            host.events::<OwnershipTransferred>(),
            vec![OwnershipTransferred {
                previousOwner: ALICE,
                newOwner: BOB
            }]
        );
        // The old owner lost its rights.
        host.set_sender(ALICE);
        assert!(ownable.only_owner::<Error>().is_err());
    }

    #[test]
    fn accept_ownership_reverts_when_caller_not_pending() {
        let (host, mut ownable) = owned_by_alice();
        host.set_sender(ALICE);
        ownable.transfer_ownership::<Error>(BOB).unwrap();
        host.set_sender(EVE);
        let err = ownable.accept_ownership::<Error>().unwrap_err();
        assert_eq!(
            err,
            Error::UnauthorizedAccount(OwnableUnauthorizedAccount { account: EVE })
        );
        assert_eq!(ownable.owner(), ALICE);
    }

    #[test]
    fn accept_ownership_reverts_when_nothing_pending() {
        let (host, mut ownable) = owned_by_alice();
        host.set_sender(Address::ZERO);
        let err = ownable.accept_ownership::<Error>().unwrap_err();
        assert_eq!(
            err,
            Error::UnauthorizedAccount(OwnableUnauthorizedAccount {
                account: Address::ZERO
            })
        );
    }

    #[test]
    fn transfer_ownership_cancels_when_new_owner_zero() {
        let (host, mut ownable) = owned_by_alice();
        host.set_sender(ALICE);
        ownable.transfer_ownership::<Error>(BOB).unwrap();
        ownable.transfer_ownership::<Error>(Address::ZERO).unwrap();
        assert_eq!(ownable.pending_owner(), Address::ZERO);
        host.set_sender(BOB);
        assert!(ownable.accept_ownership::<Error>().is_err());
    }

    #[test]
    fn error_encodes_with_selector_when_converted_to_bytes() {
        let bytes: alloc::vec::Vec<u8> =
            Error::UnauthorizedAccount(OwnableUnauthorizedAccount { account: EVE }).into();
        // keccak256("OwnableUnauthorizedAccount(address)")[..4] = 0x118cdaa7 (same as OZ).
        assert_eq!(&bytes[..4], &[0x11, 0x8c, 0xda, 0xa7]);
        assert_eq!(bytes.len(), 36);
    }
}
