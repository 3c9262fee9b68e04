//! The margin facet: the margin views, which value an account through
//! PortfolioNetting; its fallback values in-memory states for the trade and accounts facets (see
//! [`crate::margin::VALUE_REQUEST`]).
//!
//! Built with `--features facet-margin`; the router delegate-calls these functions here (see
//! [`crate::router`]).

use alloy_primitives::{Address, I256, U256};
use stylus_sdk::{prelude::*, ArbResult};

use crate::{errors::Error, MarginRegistry};

/// The margin facet's program: the registry's storage (its only field, so the layout is the
/// router's).
#[storage]
#[cfg_attr(feature = "facet-margin", entrypoint)]
pub struct MarginFacet {
    /// The registry, at the root slot.
    registry: MarginRegistry,
}

#[public]
impl MarginFacet {
    /// See `accountHealth` in the interface.
    pub fn account_health(&self, account: Address) -> Result<(I256, U256, U256), Error> {
        self.registry.account_health(account)
    }

    /// Serves the trade and accounts facets' valuation requests ([`crate::margin::VALUE_REQUEST`]).
    ///
    /// # Errors
    /// `MarginRegistryUnknownSelector` for anything else; the valuation's error.
    #[fallback]
    pub fn fallback(&mut self, calldata: &[u8]) -> ArbResult {
        self.registry.serve_value_request(calldata)
    }

    /// See `isLiquidatable` in the interface.
    pub fn is_liquidatable(&self, account: Address) -> Result<bool, Error> {
        self.registry.is_liquidatable(account)
    }
}
