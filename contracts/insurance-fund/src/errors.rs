//! Every way the InsuranceFund rejects a call, as Solidity custom errors.
//!
//! Declared here with `sol!` and mirrored one for one in `abi/interfaces/IInsuranceFund.sol`.
//! The shared components' errors (`Ownable*`, `Guardian*`, `Pausable*`, `ReentrancyGuard*`,
//! `SafeErc20*`) come from `ballast-contract-common`; the share token's follow EIP-6093 and the
//! vault's follow OpenZeppelin's ERC-4626, so wallets and indexers already know them.

use ballast_contract_common::{
    GuardianUnauthorizedAccount, OwnableInvalidOwner, OwnableUnauthorizedAccount,
    PausableEnforcedPause, PausableExpectedPause, ReentrancyGuardReentrantCall,
    SafeErc20FailedOperation,
};
use stylus_sdk::prelude::*;

pub use sol::*;

#[allow(missing_docs)]
mod sol {
    alloy_sol_types::sol! {
        /// `sender` holds `balance` shares but tried to move `needed`.
        #[derive(Debug, PartialEq, Eq)]
        error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
        /// Shares cannot move from `sender` (the zero address).
        #[derive(Debug, PartialEq, Eq)]
        error ERC20InvalidSender(address sender);
        /// Shares cannot go to `receiver` (the zero address).
        #[derive(Debug, PartialEq, Eq)]
        error ERC20InvalidReceiver(address receiver);
        /// `spender` may move `allowance` shares but tried to move `needed`.
        #[derive(Debug, PartialEq, Eq)]
        error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
        /// `spender` (the zero address) cannot be approved.
        #[derive(Debug, PartialEq, Eq)]
        error ERC20InvalidSpender(address spender);

        /// `owner` asked to withdraw `assets`, more than `max` (see `maxWithdraw`).
        #[derive(Debug, PartialEq, Eq)]
        error ERC4626ExceededMaxWithdraw(address owner, uint256 assets, uint256 max);
        /// `owner` asked to redeem `shares`, more than `max` (see `maxRedeem`).
        #[derive(Debug, PartialEq, Eq)]
        error ERC4626ExceededMaxRedeem(address owner, uint256 shares, uint256 max);

        /// The constructor was given the zero address as the asset, or an asset with more
        /// than 36 `decimals`.
        #[derive(Debug, PartialEq, Eq)]
        error InsuranceFundInvalidAsset(address asset, uint8 decimals);
        /// `caller` is not the configured registry (the only account that may draw cover).
        #[derive(Debug, PartialEq, Eq)]
        error InsuranceFundCallerNotRegistry(address caller);
        /// `owner` has no withdrawal request (see `requestWithdraw`).
        #[derive(Debug, PartialEq, Eq)]
        error InsuranceFundNoWithdrawRequest(address owner);
        /// `owner`'s request is still cooling down: now is `timestamp`, it matures at `readyAt`.
        #[derive(Debug, PartialEq, Eq)]
        error InsuranceFundCooldownActive(address owner, uint64 timestamp, uint64 readyAt);
        /// `owner`'s request expired: now is `timestamp`, its window closed at `expiresAt`.
        #[derive(Debug, PartialEq, Eq)]
        error InsuranceFundWithdrawWindowClosed(address owner, uint64 timestamp, uint64 expiresAt);
        /// A request must be for 1 to `balance` shares; `owner` asked for `shares`.
        #[derive(Debug, PartialEq, Eq)]
        error InsuranceFundInvalidWithdrawRequest(address owner, uint256 shares, uint256 balance);
        /// `locked` of `owner`'s shares back an open withdrawal request and cannot move;
        /// only `transferable` can, and `amount` was asked.
        #[derive(Debug, PartialEq, Eq)]
        error InsuranceFundSharesLocked(address owner, uint256 locked, uint256 transferable, uint256 amount);
        /// A duration parameter (`parameter`: 0 cooldown, 1 withdraw window, 2 epoch) of `value`
        /// seconds is outside [`min`, `max`].
        #[derive(Debug, PartialEq, Eq)]
        error InsuranceFundDurationOutOfBounds(uint8 parameter, uint64 value, uint64 min, uint64 max);
        /// Coverage caps must satisfy 1 <= perEventBps <= perEpochBps <= 10000.
        #[derive(Debug, PartialEq, Eq)]
        error InsuranceFundCapsOutOfBounds(uint16 perEventBps, uint16 perEpochBps);
        /// An amount is too large for 256-bit share arithmetic.
        #[derive(Debug, PartialEq, Eq)]
        error InsuranceFundMathOverflow();
    }
}

/// Every error the InsuranceFund can return; converts into ABI-encoded revert data.
#[derive(SolidityError, Debug, PartialEq, Eq)]
pub enum Error {
    /// See [`OwnableUnauthorizedAccount`].
    OwnableUnauthorizedAccount(OwnableUnauthorizedAccount),
    /// See [`OwnableInvalidOwner`].
    OwnableInvalidOwner(OwnableInvalidOwner),
    /// See [`GuardianUnauthorizedAccount`].
    GuardianUnauthorizedAccount(GuardianUnauthorizedAccount),
    /// See [`PausableEnforcedPause`].
    PausableEnforcedPause(PausableEnforcedPause),
    /// See [`PausableExpectedPause`].
    PausableExpectedPause(PausableExpectedPause),
    /// See [`ReentrancyGuardReentrantCall`].
    ReentrancyGuardReentrantCall(ReentrancyGuardReentrantCall),
    /// See [`SafeErc20FailedOperation`].
    SafeErc20FailedOperation(SafeErc20FailedOperation),
    /// See [`ERC20InsufficientBalance`].
    InsufficientBalance(ERC20InsufficientBalance),
    /// See [`ERC20InvalidSender`].
    InvalidSender(ERC20InvalidSender),
    /// See [`ERC20InvalidReceiver`].
    InvalidReceiver(ERC20InvalidReceiver),
    /// See [`ERC20InsufficientAllowance`].
    InsufficientAllowance(ERC20InsufficientAllowance),
    /// See [`ERC20InvalidSpender`].
    InvalidSpender(ERC20InvalidSpender),
    /// See [`ERC4626ExceededMaxWithdraw`].
    ExceededMaxWithdraw(ERC4626ExceededMaxWithdraw),
    /// See [`ERC4626ExceededMaxRedeem`].
    ExceededMaxRedeem(ERC4626ExceededMaxRedeem),
    /// See [`InsuranceFundInvalidAsset`].
    InvalidAsset(InsuranceFundInvalidAsset),
    /// See [`InsuranceFundCallerNotRegistry`].
    CallerNotRegistry(InsuranceFundCallerNotRegistry),
    /// See [`InsuranceFundNoWithdrawRequest`].
    NoWithdrawRequest(InsuranceFundNoWithdrawRequest),
    /// See [`InsuranceFundCooldownActive`].
    CooldownActive(InsuranceFundCooldownActive),
    /// See [`InsuranceFundWithdrawWindowClosed`].
    WithdrawWindowClosed(InsuranceFundWithdrawWindowClosed),
    /// See [`InsuranceFundInvalidWithdrawRequest`].
    InvalidWithdrawRequest(InsuranceFundInvalidWithdrawRequest),
    /// See [`InsuranceFundSharesLocked`].
    SharesLocked(InsuranceFundSharesLocked),
    /// See [`InsuranceFundDurationOutOfBounds`].
    DurationOutOfBounds(InsuranceFundDurationOutOfBounds),
    /// See [`InsuranceFundCapsOutOfBounds`].
    CapsOutOfBounds(InsuranceFundCapsOutOfBounds),
    /// See [`InsuranceFundMathOverflow`].
    MathOverflow(InsuranceFundMathOverflow),
}

/// Shorthand for the overflow error.
pub(crate) const fn overflow() -> Error {
    Error::MathOverflow(InsuranceFundMathOverflow {})
}
