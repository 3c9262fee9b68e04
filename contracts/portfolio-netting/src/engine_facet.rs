//! The engine facet: the program that serves `computeMargin`, `dryRunMargin` and `portfolioGreeks` for the
//! router by DELEGATECALL (see the crate docs).
//!
//! On chain its entry is [`PortfolioNettingEngine::dispatch`] with the hand-written codec of
//! [`crate::calldata`] (stylus-sdk's generic router and alloy's decoders would not fit next to the engine). The
//! `#[public]` block below declares the same three functions through stylus-sdk: it is what `export-abi` prints
//! (so the ABI drift check covers them) and the reference the tests compare `dispatch` with, byte for byte. It
//! has its own module because `#[public]` emits one ABI printer per module.

use alloc::vec::Vec;

use stylus_sdk::{prelude::*, ArbResult};

use crate::{
    calldata::{encode_greeks, encode_margin, Args},
    engine,
    errors::Error,
    params,
    types::{MarginResult, MarketData, Position, ProposedParams, UnderlyingGreeks},
    unknown_selector, PortfolioNetting, COMPUTE_MARGIN_SELECTOR, DRY_RUN_MARGIN_SELECTOR,
    PORTFOLIO_GREEKS_SELECTOR,
};

/// The engine facet: `computeMargin`, `dryRunMargin` and `portfolioGreeks`, reached only through the router's
/// DELEGATECALL, so `netting` is the router's storage.
#[storage]
pub struct PortfolioNettingEngine {
    /// The router's state (the only field: same slots).
    netting: PortfolioNetting,
}

#[public]
impl PortfolioNettingEngine {
    /// `computeMargin`: see [`PortfolioNetting::compute_margin`].
    ///
    /// # Errors
    /// As [`PortfolioNetting::compute_margin`].
    pub fn compute_margin(
        &self,
        portfolio: Vec<Position>,
        market_data: Vec<MarketData>,
    ) -> Result<MarginResult, Error> {
        self.netting.compute_margin(portfolio, market_data)
    }

    /// `dryRunMargin`: see [`PortfolioNetting::dry_run_margin`].
    ///
    /// # Errors
    /// As [`PortfolioNetting::dry_run_margin`].
    pub fn dry_run_margin(
        &self,
        portfolio: Vec<Position>,
        market_data: Vec<MarketData>,
        proposed: Vec<ProposedParams>,
    ) -> Result<MarginResult, Error> {
        self.netting
            .dry_run_margin(portfolio, market_data, proposed)
    }

    /// `portfolioGreeks`: see [`PortfolioNetting::portfolio_greeks`].
    ///
    /// # Errors
    /// As [`PortfolioNetting::portfolio_greeks`].
    pub fn portfolio_greeks(
        &self,
        portfolio: Vec<Position>,
        market_data: Vec<MarketData>,
    ) -> Result<Vec<UnderlyingGreeks>, Error> {
        self.netting.portfolio_greeks(portfolio, market_data)
    }
}

impl PortfolioNettingEngine {
    /// Serves one call of the engine facet: decodes `input` (selector and arguments) with the hand-written
    /// codec, computes on the router's storage and returns the ABI-encoded result, or the custom error.
    ///
    /// # Errors
    /// The functions' errors, `PortfolioNettingMalformedCalldata`, and `PortfolioNettingUnknownSelector` for any
    /// other selector.
    pub fn dispatch(&self, input: &[u8]) -> ArbResult {
        let args = Args::new(input.get(4..).unwrap_or_default());
        let netting = &self.netting;
        let config = netting.config();
        let result = match input.get(..4) {
            Some(COMPUTE_MARGIN_SELECTOR) => args
                .portfolio(&config.limits)
                .and_then(|(positions, markets)| netting.margin_of(&positions, &markets, &[]))
                .map(|m| encode_margin(&m)),
            Some(DRY_RUN_MARGIN_SELECTOR) => args.proposals().and_then(|proposals| {
                let mut overrides = Vec::with_capacity(proposals.len());
                for (underlying, fields) in &proposals {
                    let words = params::validate_fields(*underlying, fields)?;
                    overrides.push((*underlying, params::to_engine(&words)));
                }
                let (positions, markets) = args.portfolio(&config.limits)?;
                netting
                    .margin_of(&positions, &markets, &overrides)
                    .map(|m| encode_margin(&m))
            }),
            Some(PORTFOLIO_GREEKS_SELECTOR) => args
                .portfolio(&config.limits)
                .and_then(|(positions, markets)| engine::greeks(&positions, &markets, &config))
                .map(|g| encode_greeks(&g)),
            _ => Err(unknown_selector(input)),
        };
        result.map_err(Into::into)
    }
}

/// The engine facet's program entry (feature `facet-engine`): a view of the router's storage, then
/// [`PortfolioNettingEngine::dispatch`].
#[cfg(feature = "facet-engine")]
#[entrypoint]
fn engine_entrypoint(input: Vec<u8>, host: stylus_sdk::host::VM) -> ArbResult {
    // SAFETY: the call's only storage view, rooted at slot 0 as stylus-sdk's own router roots the entrypoint
    // struct; nothing else aliases it.
    #[allow(unsafe_code)]
    let facet = unsafe {
        <PortfolioNettingEngine as stylus_sdk::storage::StorageType>::new(
            alloy_primitives::U256::ZERO,
            0,
            host,
        )
    };
    facet.dispatch(&input)
}
