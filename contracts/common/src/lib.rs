//! Shared building blocks for Ballast's Stylus contracts (stylus-sdk 0.10).
//!
//! Every component is a plain `#[storage]` struct that a contract embeds as a field of its
//! `#[entrypoint]` struct, plus Solidity errors and events declared once here with `sol!`. The
//! components expose *inherent* Rust methods, not `#[public]` ones: the contract decides what
//! it exports and writes one-line delegations in its own `#[public] impl` block. That keeps the
//! contract's ABI a single flat `interface I<Contract>` whose text matches the hand-written
//! `abi/interfaces/I<Contract>.sol` exactly (see "Why no `#[implements]`" below).
//!
//! # Quick reference
//!
//! | Component | Storage | Methods (all `pub`) | Errors | Events |
//! |---|---|---|---|---|
//! | [`Ownable2Step`] | owner, pendingOwner | `owner`, `pending_owner`, `initialize`, `only_owner`, `transfer_ownership`, `accept_ownership` | [`OwnableUnauthorizedAccount`], [`OwnableInvalidOwner`] | [`OwnershipTransferStarted`], [`OwnershipTransferred`] |
//! | [`Pausable`] | guardian, paused | `guardian`, `is_paused`, `set_guardian` (unchecked), `only_guardian`, `pause`, `unpause`, `when_not_paused`, `when_paused` | [`GuardianUnauthorizedAccount`], [`PausableEnforcedPause`], [`PausableExpectedPause`] | [`GuardianUpdated`], [`Paused`], [`Unpaused`] |
//! | [`ReentrancyGuard`] | entered | `enter`, `exit`, `is_entered` | [`ReentrancyGuardReentrantCall`] | none |
//! | [`safe_erc20`] (free fns) | none | `safe_transfer`, `safe_transfer_from`, `balance_of` | [`SafeErc20FailedOperation`] | none (the token emits `Transfer`) |
//!
//! # Errors compose through `From`
//!
//! Every fallible method is generic over the caller's error type and only asks for `From` of
//! the Solidity error structs it can produce, for example
//! `fn only_owner<E: From<OwnableUnauthorizedAccount>>(&self) -> Result<(), E>`. A contract
//! lists the shared errors it uses as variants of its one `#[derive(SolidityError)]` enum; the
//! derive generates the `From` impls, so `?` works and the compiler rejects a contract that
//! forgot a variant:
//!
//! ```ignore
//! use ballast_contract_common::{OwnableInvalidOwner, OwnableUnauthorizedAccount, Ownable2Step};
//!
//! #[derive(SolidityError, Debug)]
//! pub enum Error {
//!     OwnableUnauthorizedAccount(OwnableUnauthorizedAccount),
//!     OwnableInvalidOwner(OwnableInvalidOwner),
//!     // ...the contract's own errors...
//! }
//!
//! #[storage]
//! #[entrypoint]
//! pub struct MyContract {
//!     ownable: Ownable2Step,
//!     pausable: Pausable,
//!     guard: ReentrancyGuard,
//! }
//!
//! #[public]
//! impl MyContract {
//!     pub fn owner(&self) -> Address { self.ownable.owner() }
//!     pub fn pending_owner(&self) -> Address { self.ownable.pending_owner() }
//!     pub fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Error> {
//!         self.ownable.transfer_ownership(new_owner)
//!     }
//!     pub fn accept_ownership(&mut self) -> Result<(), Error> { self.ownable.accept_ownership() }
//!     pub fn set_guardian(&mut self, guardian: Address) -> Result<(), Error> {
//!         self.ownable.only_owner::<Error>()?;
//!         self.pausable.set_guardian(guardian);
//!         Ok(())
//!     }
//!     pub fn pause(&mut self) -> Result<(), Error> { self.pausable.pause() }
//!     pub fn unpause(&mut self) -> Result<(), Error> { self.pausable.unpause() }
//!
//!     pub fn deposit(&mut self, amount: U256) -> Result<(), Error> {
//!         self.pausable.when_not_paused::<Error>()?;
//!         self.guard.enter::<Error>()?;
//!         let result = self.deposit_inner(amount); // must not return early past `exit`
//!         self.guard.exit();
//!         result
//!     }
//!
//!     fn deposit_inner(&mut self, amount: U256) -> Result<(), Error> {
//!         let (token, sender, this) =
//!             (self.token.get(), self.vm().msg_sender(), self.vm().contract_address());
//!         // `Call::new_mutating(self)` proves exclusive access to all storage
//!         // (TopLevelStorage) and does not keep the borrow.
//!         let ctx = Call::new_mutating(self);
//!         safe_erc20::safe_transfer_from::<Error, _>(self.vm(), ctx, token, sender, this, amount)?;
//!         Ok(())
//!     }
//! }
//! ```
//!
//! Each component also has a ready-made enum ([`ownable::Error`], [`pausable::Error`],
//! [`reentrancy::Error`], [`safe_erc20::Error`]) for code that wants a narrow error type.
//!
//! # Mirror the errors and events in Solidity
//!
//! A contract that embeds a component must declare the component's errors and events in its
//! `abi/interfaces/I<Contract>.sol` with the exact signatures below (names read well in any
//! contract's ABI because they carry the component prefix, EIP-6093 style):
//!
//! ```solidity
//! error OwnableUnauthorizedAccount(address account);
//! error OwnableInvalidOwner(address owner);
//! error GuardianUnauthorizedAccount(address account);
//! error PausableEnforcedPause();
//! error PausableExpectedPause();
//! error ReentrancyGuardReentrantCall();
//! error SafeErc20FailedOperation(address token);
//! event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);
//! event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
//! event GuardianUpdated(address indexed previousGuardian, address indexed newGuardian);
//! event Paused(address account);
//! event Unpaused(address account);
//! ```
//!
//! # Semantics worth knowing
//!
//! * **Ownership** is two-step: `transfer_ownership(new)` (owner only) only records
//!   `pendingOwner` and emits `OwnershipTransferStarted`; `accept_ownership()` (pending owner
//!   only) moves ownership, clears `pendingOwner` and emits `OwnershipTransferred`. Passing the
//!   zero address cancels a pending transfer. There is no renounce. `initialize(owner)` sets the
//!   first owner (non-zero) and emits `OwnershipTransferred(0, owner)`; it does **not** guard
//!   against being called twice: that is the contract's one-time initialiser's job.
//! * **Pause** stops *new risk* only: the guardian pauses and unpauses; the owner appoints the
//!   guardian via the contract (`set_guardian` is unchecked on purpose so the contract applies
//!   its own access rule). Contracts must never gate exits (withdrawals of matured claims,
//!   repayments, liquidations) with `when_not_paused`.
//! * **Reentrancy guard** uses one storage flag. Always call `exit()` on every path after a
//!   successful `enter()`, errors included: on chain a revert discards the flag anyway, but the
//!   TestVM keeps state after an `Err`. Stylus 0.10 also refuses reentrant calls at the
//!   entrypoint unless the `reentrant` feature is on; the guard keeps the property explicit.
//! * **Safe ERC-20**: a call succeeds when the token did not revert and either returned at
//!   least 32 bytes whose first word is `1` (`true`), or returned nothing and has code (tokens
//!   such as USDT that return no bool). Everything else becomes
//!   `SafeErc20FailedOperation(token)`, including calls to addresses without code. `balance_of`
//!   needs at least 32 bytes back. Mutating calls go through `stylus_sdk::call::call`, which
//!   flushes and clears the storage cache first.
//!
//! # Why no `#[implements]`
//!
//! stylus-sdk 0.10 can route trait impls with `#[public] #[implements(ITrait<Error = E>)]` (the
//! OpenZeppelin rust-contracts-stylus pattern). Its `export-abi` then prints one extra Solidity
//! interface per trait, named `I` + the trait name (`IIOwnable2Step`), makes the contract
//! interface inherit it, and repeats every error of the associated `Error` type in each of them.
//! A flat delegation block costs the same code size and exports exactly one interface, which
//! is what the ABI drift check compares with `abi/interfaces/`.
//!
//! # Tests
//!
//! With the `testing` feature (dev-dependencies only), [`testing::TestHost`] wraps stylus-sdk's
//! `TestVM` and adds mock ERC-20 tokens that really execute `transfer`, `transferFrom`,
//! `balanceOf`, with selectable return conventions, so contract tests exercise the real call
//! paths. See that module.

#![cfg_attr(not(any(test, feature = "testing")), no_std)]
// `#[storage]` expands to code naming `vec!` and `Vec`, which a no_std crate must import.
#[macro_use]
extern crate alloc;

pub mod ownable;
pub mod pausable;
pub mod reentrancy;
pub mod safe_erc20;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use ownable::{
    Ownable2Step, OwnableInvalidOwner, OwnableUnauthorizedAccount, OwnershipTransferStarted,
    OwnershipTransferred,
};
pub use pausable::{
    GuardianUnauthorizedAccount, GuardianUpdated, Pausable, PausableEnforcedPause,
    PausableExpectedPause, Paused, Unpaused,
};
pub use reentrancy::{ReentrancyGuard, ReentrancyGuardReentrantCall};
pub use safe_erc20::SafeErc20FailedOperation;
