//! The margin facet: withdrawals, position batches and the margin checks and views that value an account through PortfolioNetting.
//!
//! Built with `--features facet-margin`; the router delegate-calls these functions here (see
//! [`crate::router`]).

use alloc::vec::Vec;

use alloy_primitives::{Address, I256, U256};
use stylus_sdk::prelude::*;

use crate::{errors::Error, types::*, MarginRegistry};

/// The margin facet's program: the registry's storage (its only field, so the layout is the router's).
#[storage]
#[cfg_attr(feature = "facet-margin", entrypoint)]
pub struct MarginFacet {
    /// The registry, at the root slot.
    registry: MarginRegistry,
}

#[public]
impl MarginFacet {
    /// See `withdraw` in the interface.
    pub fn withdraw(&mut self, asset: Address, amount: U256, to: Address) -> Result<(), Error> {
        self.registry.withdraw(asset, amount, to)
    }

    /// See `updatePositions` in the interface.
    pub fn update_positions(
        &mut self,
        account: Address,
        changes: Vec<PositionChange>,
        cash_delta: I256,
    ) -> Result<(), Error> {
        self.registry.update_positions(account, changes, cash_delta)
    }

    /// See `previewUpdate` in the interface.
    pub fn preview_update(
        &self,
        venue: Address,
        account: Address,
        changes: Vec<PositionChange>,
        cash_delta: I256,
    ) -> Result<(I256, U256, U256, bool), Error> {
        self.registry
            .preview_update(venue, account, changes, cash_delta)
    }

    /// See `accountHealth` in the interface.
    pub fn account_health(&self, account: Address) -> Result<(I256, U256, U256), Error> {
        self.registry.account_health(account)
    }

    /// See `isLiquidatable` in the interface.
    pub fn is_liquidatable(&self, account: Address) -> Result<bool, Error> {
        self.registry.is_liquidatable(account)
    }
}
