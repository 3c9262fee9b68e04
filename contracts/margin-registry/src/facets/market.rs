//! The market facet: underlyings, the volatility forecast, implied-volatility bounds and settlement
//! prices.
//!
//! Built with `--features facet-market`; the router delegate-calls these functions here (see
//! [`crate::router`]).

use alloc::vec::Vec;

use alloy_primitives::U256;
use stylus_sdk::prelude::*;

use crate::{errors::Error, types::*, MarginRegistry};

/// The market facet's program: the registry's storage (its only field, so the layout is the
/// router's).
#[storage]
#[cfg_attr(feature = "facet-market", entrypoint)]
pub struct MarketFacet {
    /// The registry, at the root slot.
    registry: MarginRegistry,
}

#[public]
impl MarketFacet {
    /// See `listUnderlying` in the interface.
    pub fn list_underlying(
        &mut self,
        underlying: u32,
        params: UnderlyingParams,
    ) -> Result<(), Error> {
        self.registry.list_underlying(underlying, params)
    }

    /// See `setUnderlyingParams` in the interface.
    pub fn set_underlying_params(
        &mut self,
        underlying: u32,
        params: UnderlyingParams,
    ) -> Result<(), Error> {
        self.registry.set_underlying_params(underlying, params)
    }

    /// See `underlyingParams` in the interface.
    pub fn underlying_params(&self, underlying: u32) -> Result<UnderlyingParams, Error> {
        self.registry.underlying_params(underlying)
    }

    /// See `pokeVolatility` in the interface.
    pub fn poke_volatility(&mut self, underlying: u32) -> Result<(), Error> {
        self.registry.poke_volatility(underlying)
    }

    /// See `pushImpliedVolBounds` in the interface.
    pub fn push_implied_vol_bounds(
        &mut self,
        underlying: u32,
        lower: U256,
        upper: U256,
    ) -> Result<(), Error> {
        self.registry
            .push_implied_vol_bounds(underlying, lower, upper)
    }

    /// See `volatility` in the interface.
    pub fn volatility(&self, underlying: u32) -> Result<VolatilityState, Error> {
        self.registry.volatility(underlying)
    }
}
