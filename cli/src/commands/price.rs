//! `ballast price`: one European option's price and Greeks.

use ballast_risk_math::{EuropeanOption, OptionKind, Underlying, Wad};
use clap::{Args, ValueEnum};
use serde_json::json;

use super::{exact, exact_signed, flag_signed, flag_wad, show, show_signed, to_json};
use crate::error::{CliError, Result};
use crate::table::key_values;

/// Call or put (command-line spelling).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// A call.
    Call,
    /// A put.
    Put,
}

/// Arguments of `ballast price`.
#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct PriceArgs {
    /// Call or put.
    #[arg(long, value_enum)]
    pub kind: Kind,
    /// Spot price (Black-Scholes with `--rate`; delta and gamma with respect to spot).
    #[arg(long, required_unless_present = "forward", conflicts_with = "forward")]
    pub spot: Option<String>,
    /// Forward price (Black-76; delta and gamma with respect to the forward).
    #[arg(long)]
    pub forward: Option<String>,
    /// Strike.
    #[arg(long)]
    pub strike: String,
    /// Annualised volatility, e.g. 0.6 for 60%.
    #[arg(long)]
    pub vol: String,
    /// Days to expiry (365-day years).
    #[arg(long, required_unless_present = "years", conflicts_with = "years")]
    pub days: Option<String>,
    /// Years to expiry.
    #[arg(long)]
    pub years: Option<String>,
    /// Continuously compounded rate (discounting; also the drift of the spot), e.g. 0.05.
    #[arg(long, default_value = "0", allow_hyphen_values = true)]
    pub rate: String,
}

/// Runs `ballast price`.
///
/// # Errors
/// Bad input names its flag (`--strike: must be > 0`).
pub fn run(args: &PriceArgs, json: bool) -> Result<String> {
    let underlying = match (&args.spot, &args.forward) {
        (Some(s), _) => Underlying::Spot(positive("--spot", s)?),
        (None, Some(f)) => Underlying::Forward(positive("--forward", f)?),
        (None, None) => return Err(CliError::input("--spot", "give --spot or --forward")),
    };
    let strike = positive("--strike", &args.strike)?;
    let vol = flag_wad("--vol", &args.vol)?;
    let expiry_years = match (&args.days, &args.years) {
        (Some(d), _) => {
            let days = flag_wad("--days", d)?;
            // days / 365, rounded down.
            Wad::from_raw(days.raw() / 365)
        }
        (None, Some(y)) => flag_wad("--years", y)?,
        (None, None) => return Err(CliError::input("--days", "give --days or --years")),
    };
    let rate = flag_signed("--rate", &args.rate)?;
    let kind = match args.kind {
        Kind::Call => OptionKind::Call,
        Kind::Put => OptionKind::Put,
    };
    let option = EuropeanOption {
        kind,
        underlying,
        strike,
        expiry_years,
        vol,
        rate,
    };
    let g = option
        .greeks()
        .map_err(|e| CliError::input("option", e.to_string()))?;
    let model = match underlying {
        Underlying::Spot(_) => "black-scholes",
        Underlying::Forward(_) => "black-76",
    };
    if json {
        return to_json(&json!({
            "model": model,
            "kind": if kind == OptionKind::Call { "call" } else { "put" },
            "expiry_years": exact(expiry_years),
            "price": exact(g.price),
            "delta": exact_signed(g.delta),
            "gamma": exact(g.gamma),
            "vega": exact(g.vega),
            "theta": exact_signed(g.theta),
        }));
    }
    Ok(format!(
        "{} {} ({model}, {} years)\n{}",
        if kind == OptionKind::Call {
            "call"
        } else {
            "put"
        },
        show(strike, 6),
        show(expiry_years, 6),
        key_values(&[
            ("price", show(g.price, 8)),
            ("delta", show_signed(g.delta, 8)),
            ("gamma", show(g.gamma, 10)),
            ("vega (per 1.00 vol)", show(g.vega, 8)),
            ("theta (per year)", show_signed(g.theta, 8)),
        ])
    ))
}

fn positive(flag: &str, text: &str) -> Result<Wad> {
    let v = flag_wad(flag, text)?;
    if v.is_zero() {
        return Err(CliError::input(flag, "must be > 0"));
    }
    Ok(v)
}
