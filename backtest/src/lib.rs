//! Ballast margin backtest (issue 16): risk-math's scenario engine (the code of PortfolioNetting's
//! `computeMargin`) and volatility forecasts (MarginRegistry's) driven over real daily series (S&P 500, NASDAQ,
//! WTI from the Python package `arch`, committed under `data/`) and simulated crypto paths, with the measures of
//! `docs/risk-validation.md`: breach rates and the Kupiec test, Expected-Shortfall adequacy, capital efficiency,
//! procyclicality, forecast losses, and the GARCH check against `arch`.
//!
//! Regenerate the report with `bash scripts/risk-validation.sh`; `cargo test -p ballast-backtest` runs the
//! CI-sized backtest (`tests/backtest.rs`).

pub mod books;
pub mod data;
pub mod forecast;
pub mod garch_check;
pub mod report;
mod report_md;
mod report_md_findings;
pub mod run;
pub mod sim;
pub mod stats;
