//! Ballast InsuranceFund (pipeline bring-up skeleton; replaced by the full vault).
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
extern crate alloc;

use alloy_primitives::U256;
use stylus_sdk::{prelude::*, storage::StorageU256};

/// Vault state.
#[storage]
#[entrypoint]
pub struct InsuranceFund {
    /// Total assets.
    total: StorageU256,
}

#[public]
impl InsuranceFund {
    /// Total assets.
    pub fn total_assets(&self) -> U256 {
        self.total.get()
    }
}
