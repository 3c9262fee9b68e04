//! Exact decimal text <-> 18-decimal fixed point (WAD) conversion for command-line and JSON input.
//!
//! Input never goes through a float: `"0.1"` is exactly `100_000_000_000_000_000` wei.

use core::fmt::Write as _;

/// Number of decimals of a WAD.
const WAD_DECIMALS: usize = 18;

/// 1.0 in WAD.
const WAD: i128 = 1_000_000_000_000_000_000;

/// Parses a decimal such as `-12.5`, `3`, `.25` or `1e-3` into a signed WAD.
///
/// # Errors
/// A message (lowercase, no field name) when the text is not a decimal, has more than 18 fractional digits
/// after applying the exponent, or does not fit in an `i128` WAD.
pub fn parse_wad(text: &str) -> Result<i128, String> {
    let text = text.trim();
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => {
            let exp: i32 = text[at + 1..]
                .parse()
                .map_err(|_| format!("invalid exponent in {text:?}"))?;
            (&text[..at], exp)
        }
        None => (text, 0),
    };
    let (negative, digits) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa.strip_prefix('+').unwrap_or(mantissa)),
    };
    let (int_part, frac_part) = match digits.split_once('.') {
        Some((i, f)) => (i, f),
        None => (digits, ""),
    };
    if int_part.is_empty() && frac_part.is_empty()
        || !int_part.bytes().all(|b| b.is_ascii_digit())
        || !frac_part.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(format!("not a decimal number: {text:?}"));
    }
    // All digits as one integer with a decimal point shifted by `scale` places.
    let all_digits = format!("{int_part}{frac_part}");
    let scale = frac_part.len() as i64 - i64::from(exponent);
    let shift = WAD_DECIMALS as i64 - scale;
    let trimmed = all_digits.trim_start_matches('0');
    let mut value: i128 = 0;
    let too_large = || format!("number out of range: {text:?}");
    for b in trimmed.bytes() {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(i128::from(b - b'0')))
            .ok_or_else(too_large)?;
    }
    if shift >= 0 {
        for _ in 0..shift {
            value = value.checked_mul(10).ok_or_else(too_large)?;
        }
    } else {
        for _ in 0..(-shift) {
            if value % 10 != 0 {
                return Err(format!("more than 18 decimal places: {text:?}"));
            }
            value /= 10;
        }
    }
    Ok(if negative { -value } else { value })
}

/// Formats a signed WAD as a decimal with at most `places` fractional digits (rounded half away from zero),
/// trailing zeros removed.
pub fn format_wad(value: i128, places: usize) -> String {
    format_parts(value < 0, value.unsigned_abs(), places)
}

/// Formats an unsigned WAD like [`format_wad`].
pub fn format_unsigned(value: u128, places: usize) -> String {
    format_parts(false, value, places)
}

/// Formats `±magnitude` (WAD) with at most `places` fractional digits.
fn format_parts(negative: bool, magnitude: u128, places: usize) -> String {
    let places = places.min(WAD_DECIMALS);
    let unit_u = 10u128.pow((WAD_DECIMALS - places) as u32);
    // Half-up without overflow: compare the remainder instead of adding first.
    let rounded =
        magnitude / unit_u + u128::from(magnitude % unit_u >= unit_u.div_ceil(2) && unit_u > 1);
    let scale = 10u128.pow(places as u32);
    let int_part = rounded / scale;
    let frac_part = rounded % scale;
    let mut out = String::new();
    if negative && rounded != 0 {
        out.push('-');
    }
    let _ = write!(out, "{int_part}");
    if places > 0 && frac_part != 0 {
        let frac = format!("{frac_part:0places$}");
        out.push('.');
        out.push_str(frac.trim_end_matches('0'));
    }
    out
}

/// Formats a signed WAD with all 18 decimals kept exactly (for machine output), trailing zeros removed.
pub fn format_wad_exact(value: i128) -> String {
    format_wad(value, WAD_DECIMALS)
}

/// Converts a WAD to `f64` for display-only purposes (never for computation).
pub fn wad_to_f64(value: i128) -> f64 {
    value as f64 / WAD as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_wad_reads_plain_and_fractional_decimals() {
        assert_eq!(parse_wad("1"), Ok(WAD));
        assert_eq!(parse_wad("-12.5"), Ok(-12 * WAD - WAD / 2));
        assert_eq!(parse_wad(".25"), Ok(WAD / 4));
        assert_eq!(parse_wad("0.000000000000000001"), Ok(1));
        assert_eq!(parse_wad("1e-3"), Ok(WAD / 1000));
        assert_eq!(parse_wad("2.5E2"), Ok(250 * WAD));
        assert_eq!(parse_wad("+7"), Ok(7 * WAD));
    }

    #[test]
    fn parse_wad_rejects_when_text_is_not_a_decimal() {
        for bad in ["", "-", ".", "abc", "1.2.3", "1e", "0x10", "1,5", "nan"] {
            assert!(parse_wad(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parse_wad_rejects_when_precision_or_range_exceeded() {
        assert!(parse_wad("0.0000000000000000001").is_err());
        assert!(parse_wad("1e30").is_err());
        assert!(parse_wad("170141183460469231731.7").is_err());
    }

    #[test]
    fn format_wad_rounds_and_trims() {
        assert_eq!(format_wad(WAD + WAD / 3, 4), "1.3333");
        assert_eq!(format_wad(-WAD / 2, 0), "-1");
        assert_eq!(format_wad(2 * WAD, 6), "2");
        assert_eq!(format_wad(-1, 6), "0");
        assert_eq!(format_wad_exact(1), "0.000000000000000001");
    }

    #[test]
    fn format_then_parse_round_trips_exactly() {
        for v in [
            0,
            1,
            -1,
            WAD,
            -WAD - 7,
            123_456_789_012_345_678_901_234,
            i128::MAX / 10,
        ] {
            assert_eq!(parse_wad(&format_wad_exact(v)), Ok(v));
        }
    }
}
