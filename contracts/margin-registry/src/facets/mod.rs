//! The facet programs: each is a build of this crate with `--features facet-<name>`, whose
//! entrypoint is a struct holding [`crate::MarginRegistry`] as its only field (so its storage
//! layout is the router's) and whose `#[public]` functions call the registry's. The router
//! delegate-calls them (see [`crate::router`]); each must fit the Stylus code limit on its own.
//!
//! | facet | feature | functions |
//! |---|---|---|
//! | [`MarginFacet`] | `facet-margin` | `accountHealth`, `isLiquidatable`; values in-memory states for the trade and accounts facets |
//! | [`TradeFacet`] | `facet-trade` | `updatePositions`, `previewUpdate` |
//! | [`RiskFacet`] | `facet-risk` | `accountRisk` |
//! | [`AccountsFacet`] | `facet-accounts` | `deposit`, `withdraw`, `optIn`, `optOut`, `recordSettlementPrice`, `settleExpired`, `positions` |
//! | [`AdminFacet`] | `facet-admin` | listings, instruments, venues, limits, engine, roles, pause, ownership (and their getters) |
//! | [`MarketFacet`] | `facet-market` | underlyings, `pokeVolatility`, `pushImpliedVolBounds`, `volatility` |

// The wrappers return the registry's `Error`, as its own functions do.
#![allow(clippy::result_large_err)]

// The modules are private: each facet's generated `user_entrypoint` is then not public API.
mod accounts;
mod admin;
mod margin;
mod market;
mod risk;
mod trade;

pub use accounts::AccountsFacet;
pub use admin::AdminFacet;
pub use margin::MarginFacet;
pub use market::MarketFacet;
pub use risk::RiskFacet;
pub use trade::TradeFacet;
