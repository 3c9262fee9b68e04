//! The trade facet: position batches (`updatePositions`) and their preview. It has no valuation
//! code of its own: the post-batch state is valued by the margin facet (see
//! [`crate::margin::VALUE_REQUEST`]), whose revert data (an oracle, netting or RiskMath error)
//! comes back unchanged, so the functions here return raw revert data.

use alloc::vec::Vec;

use alloy_primitives::{Address, I256, U256};
use stylus_sdk::prelude::*;

use crate::{types::PositionChange, MarginRegistry};

/// The trade facet's program: the registry's storage (its only field, so the layout is the
/// router's).
#[storage]
#[cfg_attr(feature = "facet-trade", entrypoint)]
pub struct TradeFacet {
    /// The registry, at the root slot.
    registry: MarginRegistry,
}

#[public]
impl TradeFacet {
    /// See `updatePositions` in the interface.
    pub fn update_positions(
        &mut self,
        account: Address,
        changes: Vec<PositionChange>,
        cash_delta: I256,
    ) -> Result<(), Vec<u8>> {
        self.registry.update_positions_with(
            account,
            &changes,
            cash_delta,
            MarginRegistry::value_in_margin_facet,
        )
    }

    /// See `previewUpdate` in the interface.
    pub fn preview_update(
        &self,
        venue: Address,
        account: Address,
        changes: Vec<PositionChange>,
        cash_delta: I256,
    ) -> Result<(I256, U256, U256, bool), Vec<u8>> {
        self.registry.preview_update_with(
            venue,
            account,
            &changes,
            cash_delta,
            MarginRegistry::value_in_margin_facet,
        )
    }
}
