//! `ballast`: the off-chain what-if calculator over the same fixed-point math the contracts run
//! (`ballast-risk-math`), so its numbers match on-chain margin to the last unit.
//!
//! Subcommands live in [`commands`], one module each; later issues add more (`devnet`, `demo`) by adding a
//! variant to [`Command`] and a module. Every command returns its output as a `String` (a readable table, or
//! JSON with `--json`), so tests can run it in-process as well as through the binary.

pub mod commands;
pub mod decimal;
pub mod error;
pub mod json;
pub mod table;

use clap::{Parser, Subcommand};

pub use error::{CliError, Result};

/// Ballast what-if calculator: option prices and Greeks, volatility forecasts, portfolio margin.
#[derive(Debug, Parser)]
#[command(name = "ballast", version, about, propagate_version = true)]
pub struct Cli {
    /// Print machine-readable JSON instead of tables.
    #[arg(long, global = true)]
    pub json: bool,
    /// What to compute.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Price a European option and its Greeks (Black-76 on a forward, or Black-Scholes on a spot with a rate).
    Price(commands::price::PriceArgs),
    /// Forecast volatility (EWMA and GARCH(1,1)) from a CSV price series `timestamp,price`.
    Vol(commands::vol::VolArgs),
    /// Compute initial and maintenance margin of a JSON portfolio, with the per-underlying breakdown.
    Margin(commands::margin::MarginArgs),
    /// Run the local Stylus chain (JSON-RPC on 127.0.0.1:8547 by default) until Ctrl-C.
    Devnet(commands::devnet::DevnetArgs),
}

/// Runs a parsed command line and returns what to print.
///
/// # Errors
/// [`CliError::Input`] for bad input (exit code 2), [`CliError::Internal`] otherwise.
pub fn run(cli: &Cli) -> Result<String> {
    match &cli.command {
        Command::Price(args) => commands::price::run(args, cli.json),
        Command::Vol(args) => commands::vol::run(args, cli.json),
        Command::Margin(args) => commands::margin::run(args, cli.json),
        Command::Devnet(args) => commands::devnet::run(args),
    }
}
