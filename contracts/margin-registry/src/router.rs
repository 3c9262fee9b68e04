//! The router's selector table: which facet serves each function the router does not serve itself.
//!
//! The registry is one address built from several Stylus programs (see
//! [`ballast_contract_common::facet`]): the router (this crate's default build) serves the
//! constructor and the cheap getters; every other
//! function of `IMarginRegistry` reaches the router's `#[fallback]`, which looks its selector up in
//! [`ROUTES`] and delegate-calls the facet program named there. A selector in no facet reverts with
//! [`crate::errors::MarginRegistryUnknownSelector`]. The facet addresses are the constructor's
//! `facets` argument, in [`Facet`] order, and can never change.

use alloc::vec::Vec;

use alloy_primitives::{aliases::U80, Address, I256, U256};
use stylus_sdk::function_selector;

use crate::types::{
    CollateralParams, InstrumentParams, PositionChange, UnderlyingParams, VenueParams,
};

/// A facet program, by its index in the constructor's `facets` argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Facet {
    /// [`crate::facets::MarginFacet`]: margin views, and the valuations the trade and accounts
    /// facets ask for.
    Margin = 0,
    /// [`crate::facets::TradeFacet`]: position batches and their preview.
    Trade = 1,
    /// [`crate::facets::RiskFacet`]: `accountRisk`.
    Risk = 2,
    /// [`crate::facets::AccountsFacet`]: deposits, withdrawals, opt-in, settlement prices and
    /// expiry settlement, positions.
    Accounts = 3,
    /// [`crate::facets::AdminFacet`]: governance.
    Admin = 4,
    /// [`crate::facets::MarketFacet`]: underlyings and volatility.
    Market = 5,
}

/// Number of facet programs.
pub const FACET_COUNT: usize = 6;

impl Facet {
    /// Every facet, in constructor order.
    pub const ALL: [Self; FACET_COUNT] = [
        Self::Margin,
        Self::Trade,
        Self::Risk,
        Self::Accounts,
        Self::Admin,
        Self::Market,
    ];
}

/// Every function served by a facet: its selector and the facet.
pub const ROUTES: &[([u8; 4], Facet)] = &[
    // Margin.
    (function_selector!("accountHealth", Address), Facet::Margin),
    (function_selector!("isLiquidatable", Address), Facet::Margin),
    // Trade.
    (
        function_selector!("updatePositions", Address, Vec<PositionChange>, I256),
        Facet::Trade,
    ),
    (
        function_selector!("previewUpdate", Address, Address, Vec<PositionChange>, I256),
        Facet::Trade,
    ),
    // Risk.
    (function_selector!("accountRisk", Address), Facet::Risk),
    // Accounts.
    (
        function_selector!("deposit", Address, U256),
        Facet::Accounts,
    ),
    (
        function_selector!("withdraw", Address, U256, Address),
        Facet::Accounts,
    ),
    (function_selector!("optIn", Address), Facet::Accounts),
    (function_selector!("optOut", Address), Facet::Accounts),
    (
        function_selector!("recordSettlementPrice", u32, u64, U80),
        Facet::Accounts,
    ),
    (
        function_selector!("settleExpired", Address),
        Facet::Accounts,
    ),
    (function_selector!("positions", Address), Facet::Accounts),
    // Admin.
    (
        function_selector!("listCollateral", Address, CollateralParams),
        Facet::Admin,
    ),
    (
        function_selector!("setCollateralRisk", Address, U256, U256, U256, bool),
        Facet::Admin,
    ),
    (function_selector!("collateral", Address), Facet::Admin),
    (function_selector!("collateralAssets"), Facet::Admin),
    (
        function_selector!("registerInstrument", InstrumentParams),
        Facet::Admin,
    ),
    (
        function_selector!("setOpenInterestCap", u32, U256),
        Facet::Admin,
    ),
    (function_selector!("instrument", u32), Facet::Admin),
    (
        function_selector!("setVenue", Address, VenueParams),
        Facet::Admin,
    ),
    (function_selector!("venue", Address, u32), Facet::Admin),
    (
        function_selector!("setAccountLimits", u32, u32),
        Facet::Admin,
    ),
    (
        function_selector!("setPortfolioNetting", Address),
        Facet::Admin,
    ),
    (
        function_selector!("setSequencerFeed", Address, u32),
        Facet::Admin,
    ),
    (function_selector!("setRiskAdmin", Address), Facet::Admin),
    (
        function_selector!("setVolatilityKeeper", Address),
        Facet::Admin,
    ),
    (function_selector!("setGuardian", Address), Facet::Admin),
    (function_selector!("pause"), Facet::Admin),
    (function_selector!("unpause"), Facet::Admin),
    (
        function_selector!("transferOwnership", Address),
        Facet::Admin,
    ),
    (function_selector!("acceptOwnership"), Facet::Admin),
    // Market.
    (
        function_selector!("listUnderlying", u32, UnderlyingParams),
        Facet::Market,
    ),
    (
        function_selector!("setUnderlyingParams", u32, UnderlyingParams),
        Facet::Market,
    ),
    (function_selector!("underlyingParams", u32), Facet::Market),
    (function_selector!("pokeVolatility", u32), Facet::Market),
    (
        function_selector!("pushImpliedVolBounds", u32, U256, U256),
        Facet::Market,
    ),
    (function_selector!("volatility", u32), Facet::Market),
];

/// Returns the facet serving `selector`, or `None` when no facet does.
#[must_use]
pub fn facet_of(selector: [u8; 4]) -> Option<Facet> {
    ROUTES.iter().find(|(s, _)| *s == selector).map(|(_, f)| *f)
}
