//! The risk facet: the full `accountRisk` report (valuation, engine breakdown, positions).

use alloy_primitives::Address;
use stylus_sdk::prelude::*;

use crate::{errors::Error, types::AccountRisk, MarginRegistry};

/// The risk facet's program: the registry's storage (its only field, so the layout is the
/// router's).
#[storage]
#[cfg_attr(feature = "facet-risk", entrypoint)]
pub struct RiskFacet {
    /// The registry, at the root slot.
    registry: MarginRegistry,
}

#[public]
impl RiskFacet {
    /// See `accountRisk` in the interface.
    pub fn account_risk(&self, account: Address) -> Result<AccountRisk, Error> {
        self.registry.account_risk(account)
    }
}
