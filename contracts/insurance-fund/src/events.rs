//! Every state change of the InsuranceFund, as Solidity events.
//!
//! Declared here with `sol!` and mirrored one for one in `abi/interfaces/IInsuranceFund.sol`.
//! The shared components' events (`OwnershipTransferStarted`, `OwnershipTransferred`,
//! `GuardianUpdated`, `Paused`, `Unpaused`) come from `ballast-contract-common`. Every event is
//! emitted after the state change it reports.

pub use ballast_contract_common::{
    GuardianUpdated, OwnershipTransferStarted, OwnershipTransferred, Paused, Unpaused,
};
pub use sol::*;

#[allow(missing_docs)]
mod sol {
    alloy_sol_types::sol! {
        /// ERC-20: `value` shares moved from `from` to `to` (zero `from` = mint, zero `to` = burn).
        #[derive(Debug, PartialEq, Eq)]
        event Transfer(address indexed from, address indexed to, uint256 value);
        /// ERC-20: `owner` allowed `spender` to move `value` of its shares.
        #[derive(Debug, PartialEq, Eq)]
        event Approval(address indexed owner, address indexed spender, uint256 value);
        /// ERC-4626: `sender` paid `assets` and `owner` received `shares`.
        #[derive(Debug, PartialEq, Eq)]
        event Deposit(address indexed sender, address indexed owner, uint256 assets, uint256 shares);
        /// ERC-4626: `sender` burnt `owner`'s `shares` and `receiver` got `assets`.
        #[derive(Debug, PartialEq, Eq)]
        event Withdraw(
            address indexed sender,
            address indexed receiver,
            address indexed owner,
            uint256 assets,
            uint256 shares
        );
        /// The vault was set up over `asset` (with `assetDecimals`) for `registry`.
        #[derive(Debug, PartialEq, Eq)]
        event Initialized(address indexed asset, uint8 assetDecimals, address indexed registry);
        /// `owner` asked to withdraw `shares`; they can leave in [`readyAt`, `expiresAt`).
        /// Replaces any earlier request of `owner`.
        #[derive(Debug, PartialEq, Eq)]
        event WithdrawRequested(address indexed owner, uint256 shares, uint64 readyAt, uint64 expiresAt);
        /// `owner` dropped its request for `shares` (the shares are unlocked).
        #[derive(Debug, PartialEq, Eq)]
        event WithdrawCancelled(address indexed owner, uint256 shares);
        /// The registry asked for `requested` assets of cover and got `paid`; `uncovered`
        /// (= requested - paid) is left for the registry to socialise.
        #[derive(Debug, PartialEq, Eq)]
        event ShortfallCovered(address indexed registry, uint256 requested, uint256 paid, uint256 uncovered);
        /// A coverage epoch began; it lasts until `endsAt` and its cap is a share of `assetsAtStart`.
        #[derive(Debug, PartialEq, Eq)]
        event CoverageEpochStarted(uint64 endsAt, uint256 assetsAtStart);
        /// `from` paid `amount` of fee income (e.g. liquidation penalties) into the vault.
        #[derive(Debug, PartialEq, Eq)]
        event FeeIncomeReceived(address indexed from, uint256 amount);
        /// The registry allowed to draw cover changed.
        #[derive(Debug, PartialEq, Eq)]
        event RegistryUpdated(address indexed previousRegistry, address indexed newRegistry);
        /// The withdrawal cooldown changed (seconds); open requests keep their times.
        #[derive(Debug, PartialEq, Eq)]
        event CooldownUpdated(uint64 previousCooldown, uint64 newCooldown);
        /// The withdrawal window changed (seconds); open requests keep their times.
        #[derive(Debug, PartialEq, Eq)]
        event WithdrawWindowUpdated(uint64 previousWindow, uint64 newWindow);
        /// The coverage epoch length changed (seconds); applies from the next epoch.
        #[derive(Debug, PartialEq, Eq)]
        event EpochDurationUpdated(uint64 previousDuration, uint64 newDuration);
        /// The coverage caps changed (basis points of total assets).
        #[derive(Debug, PartialEq, Eq)]
        event CoverageCapsUpdated(
            uint16 previousPerEventBps,
            uint16 newPerEventBps,
            uint16 previousPerEpochBps,
            uint16 newPerEpochBps
        );
    }
}
