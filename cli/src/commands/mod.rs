//! One module per subcommand, plus the conversions they share.

pub mod devnet;
pub mod margin;
pub mod price;
pub mod vol;

use ballast_risk_math::{SignedWad, Wad};

use crate::decimal::parse_wad;
use crate::error::{CliError, Result};

/// Parses a flag's decimal text as a non-negative WAD, naming the flag on error.
pub(crate) fn flag_wad(flag: &str, text: &str) -> Result<Wad> {
    let raw = parse_wad(text).map_err(|m| CliError::input(flag, m))?;
    unsigned(flag, raw)
}

/// Parses a flag's decimal text as a signed WAD.
pub(crate) fn flag_signed(flag: &str, text: &str) -> Result<SignedWad> {
    parse_wad(text)
        .map(SignedWad::from_raw)
        .map_err(|m| CliError::input(flag, m))
}

/// Converts a signed raw WAD to [`Wad`], rejecting negatives at `field`.
pub(crate) fn unsigned(field: &str, raw: i128) -> Result<Wad> {
    u128::try_from(raw)
        .map(Wad::from_raw)
        .map_err(|_| CliError::input(field, "must not be negative"))
}

/// Renders a WAD as an exact decimal string (JSON output).
pub(crate) fn exact(x: Wad) -> String {
    crate::decimal::format_unsigned(x.raw(), 18)
}

/// Renders a signed WAD as an exact decimal string (JSON output).
pub(crate) fn exact_signed(x: SignedWad) -> String {
    crate::decimal::format_wad_exact(x.raw())
}

/// Renders a WAD with `places` decimals (tables).
pub(crate) fn show(x: Wad, places: usize) -> String {
    crate::decimal::format_unsigned(x.raw(), places)
}

/// Renders a signed WAD with `places` decimals (tables).
pub(crate) fn show_signed(x: SignedWad, places: usize) -> String {
    crate::decimal::format_wad(x.raw(), places)
}

/// Renders a JSON value with a trailing newline.
pub(crate) fn to_json(value: &serde_json::Value) -> Result<String> {
    serde_json::to_string_pretty(value)
        .map(|s| s + "\n")
        .map_err(|e| CliError::Internal(e.to_string()))
}
