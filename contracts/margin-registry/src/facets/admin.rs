//! The admin facet: governance: collateral, instruments, venues, limits, engine, roles, pause and
//! ownership.
//!
//! Built with `--features facet-admin`; the router delegate-calls these functions here (see
//! [`crate::router`]).

use alloc::vec::Vec;

use alloy_primitives::{Address, I256, U256};
use stylus_sdk::prelude::*;

use crate::{errors::Error, types::*, MarginRegistry};

/// The admin facet's program: the registry's storage (its only field, so the layout is the
/// router's).
#[storage]
#[cfg_attr(feature = "facet-admin", entrypoint)]
pub struct AdminFacet {
    /// The registry, at the root slot.
    registry: MarginRegistry,
}

#[public]
impl AdminFacet {
    /// See `listCollateral` in the interface.
    pub fn list_collateral(
        &mut self,
        asset: Address,
        params: CollateralParams,
    ) -> Result<(), Error> {
        self.registry.list_collateral(asset, params)
    }

    /// See `setCollateralRisk` in the interface.
    pub fn set_collateral_risk(
        &mut self,
        asset: Address,
        im_haircut: U256,
        mm_haircut: U256,
        deposit_cap: U256,
        enabled: bool,
    ) -> Result<(), Error> {
        self.registry
            .set_collateral_risk(asset, im_haircut, mm_haircut, deposit_cap, enabled)
    }

    /// See `collateral` in the interface.
    pub fn collateral(&self, asset: Address) -> Result<(CollateralParams, u8, U256), Error> {
        self.registry.collateral(asset)
    }

    /// See `collateralAssets` in the interface.
    pub fn collateral_assets(&self) -> Vec<Address> {
        self.registry.collateral_assets()
    }

    /// See `registerInstrument` in the interface.
    pub fn register_instrument(&mut self, params: InstrumentParams) -> Result<u32, Error> {
        self.registry.register_instrument(params)
    }

    /// See `setOpenInterestCap` in the interface.
    pub fn set_open_interest_cap(&mut self, instrument: u32, cap: U256) -> Result<(), Error> {
        self.registry.set_open_interest_cap(instrument, cap)
    }

    /// See `instrument` in the interface.
    pub fn instrument(&self, instrument: u32) -> Result<(InstrumentParams, U256, U256), Error> {
        self.registry.instrument(instrument)
    }

    /// See `setVenue` in the interface.
    pub fn set_venue(&mut self, venue: Address, params: VenueParams) -> Result<(), Error> {
        self.registry.set_venue(venue, params)
    }

    /// See `venue` in the interface.
    pub fn venue(&self, venue: Address, instrument: u32) -> (VenueParams, I256, U256, U256) {
        self.registry.venue(venue, instrument)
    }

    /// See `setAccountLimits` in the interface.
    pub fn set_account_limits(
        &mut self,
        max_positions: u32,
        max_changes: u32,
    ) -> Result<(), Error> {
        self.registry.set_account_limits(max_positions, max_changes)
    }

    /// See `setPortfolioNetting` in the interface.
    pub fn set_portfolio_netting(&mut self, engine: Address) -> Result<(), Error> {
        self.registry.set_portfolio_netting(engine)
    }

    /// See `setSequencerFeed` in the interface.
    pub fn set_sequencer_feed(
        &mut self,
        feed: Address,
        grace_period_secs: u32,
    ) -> Result<(), Error> {
        self.registry.set_sequencer_feed(feed, grace_period_secs)
    }

    /// See `setRiskAdmin` in the interface.
    pub fn set_risk_admin(&mut self, new_risk_admin: Address) -> Result<(), Error> {
        self.registry.set_risk_admin(new_risk_admin)
    }

    /// See `setVolatilityKeeper` in the interface.
    pub fn set_volatility_keeper(&mut self, new_keeper: Address) -> Result<(), Error> {
        self.registry.set_volatility_keeper(new_keeper)
    }

    /// See `setGuardian` in the interface.
    pub fn set_guardian(&mut self, new_guardian: Address) -> Result<(), Error> {
        self.registry.set_guardian(new_guardian)
    }

    /// See `pause` in the interface.
    pub fn pause(&mut self) -> Result<(), Error> {
        self.registry.pause()
    }

    /// See `unpause` in the interface.
    pub fn unpause(&mut self) -> Result<(), Error> {
        self.registry.unpause()
    }

    /// See `transferOwnership` in the interface.
    pub fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Error> {
        self.registry.transfer_ownership(new_owner)
    }

    /// See `acceptOwnership` in the interface.
    pub fn accept_ownership(&mut self) -> Result<(), Error> {
        self.registry.accept_ownership()
    }
}
