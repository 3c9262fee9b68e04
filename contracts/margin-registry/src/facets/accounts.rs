//! The accounts facet: deposits and withdrawals (valued by the margin facet), venue opt-in,
//! expiry settlement (recording settlement prices and settling expired positions) and the
//! position list.
//!
//! Built with `--features facet-accounts`; the router delegate-calls these functions here (see
//! [`crate::router`]).

use alloc::vec::Vec;

use alloy_primitives::{aliases::U80, Address, U256};
use stylus_sdk::prelude::*;

use crate::{errors::Error, types::*, MarginRegistry};

/// The accounts facet's program: the registry's storage (its only field, so the layout is the
/// router's).
#[storage]
#[cfg_attr(feature = "facet-accounts", entrypoint)]
pub struct AccountsFacet {
    /// The registry, at the root slot.
    registry: MarginRegistry,
}

#[public]
impl AccountsFacet {
    /// See `withdraw` in the interface. The post-withdrawal state is valued by the margin facet,
    /// whose revert data comes back unchanged (hence the raw error type).
    pub fn withdraw(&mut self, asset: Address, amount: U256, to: Address) -> Result<(), Vec<u8>> {
        self.registry.withdraw_via_margin_facet(asset, amount, to)
    }

    /// See `deposit` in the interface.
    pub fn deposit(&mut self, asset: Address, amount: U256) -> Result<(), Error> {
        self.registry.deposit(asset, amount)
    }

    /// See `optIn` in the interface.
    pub fn opt_in(&mut self, venue: Address) -> Result<(), Error> {
        self.registry.opt_in(venue)
    }

    /// See `optOut` in the interface.
    pub fn opt_out(&mut self, venue: Address) -> Result<(), Error> {
        self.registry.opt_out(venue)
    }

    /// See `settleExpired` in the interface.
    pub fn settle_expired(&mut self, account: Address) -> Result<U256, Error> {
        self.registry.settle_expired(account)
    }

    /// See `positions` in the interface.
    pub fn positions(&self, account: Address) -> Vec<PositionView> {
        self.registry.positions(account)
    }

    /// See `recordSettlementPrice` in the interface.
    pub fn record_settlement_price(
        &mut self,
        underlying: u32,
        expiry: u64,
        round_id: U80,
    ) -> Result<(), Error> {
        self.registry
            .record_settlement_price(underlying, expiry, round_id)
    }
}
