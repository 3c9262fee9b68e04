//! Events of `IPortfolioNetting` (mirrors of `abi/interfaces/IPortfolioNetting.sol`).
//!
//! The ownership events come from `ballast-contract-common`; `RiskParamsUpdated` is declared next to the
//! `RiskParams` struct it carries (in [`crate::types`]), because `sol!` resolves struct types per block.
#![allow(missing_docs)]

alloy_sol_types::sol! {
    /// The spread credit of the unordered pair changed; 0 means no credit.
    #[derive(Debug, PartialEq, Eq)]
    event SpreadCreditUpdated(
        uint32 indexed underlyingA, uint32 indexed underlyingB, uint256 oldCredit, uint256 newCredit
    );
    /// The portfolio size limits changed.
    #[derive(Debug, PartialEq, Eq)]
    event LimitsUpdated(
        uint256 oldMaxUnderlyings, uint256 oldMaxPositions, uint256 newMaxUnderlyings, uint256 newMaxPositions
    );
    /// The credit floor changed.
    #[derive(Debug, PartialEq, Eq)]
    event CreditFloorUpdated(uint256 oldFloor, uint256 newFloor);
    /// The risk admin changed.
    #[derive(Debug, PartialEq, Eq)]
    event RiskAdminUpdated(address indexed previousRiskAdmin, address indexed newRiskAdmin);
}

pub use ballast_contract_common::{OwnershipTransferStarted, OwnershipTransferred};

pub use crate::types::RiskParamsUpdated;
