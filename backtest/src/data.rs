//! The daily series of `data/` (extracted from the Python package `arch` by
//! `scripts/risk-validation-extract.py`, provenance in each file's `#` header) and exact decimal parsing.

use ballast_risk_math::Wad;

/// GARCH(1,1) parameters as WAD values (daily variance units), the ones the `arch` reference was computed at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GarchWad {
    /// `ω`.
    pub omega: Wad,
    /// `α`.
    pub alpha: Wad,
    /// `β`.
    pub beta: Wad,
}

/// One daily series.
#[derive(Clone, Debug)]
pub struct Series {
    /// File stem (`sp500`, `nasdaq`, `wti`, `vix`).
    pub name: String,
    /// ISO dates.
    pub dates: Vec<String>,
    /// Closes, exact WAD values of the decimal text.
    pub closes: Vec<Wad>,
    /// `arch`'s one-step-ahead variance known at each close (empty for VIX).
    pub arch_variance: Vec<f64>,
    /// The parameters of `arch_variance` (from the `# garch_wad:` header line).
    pub garch: Option<GarchWad>,
}

impl Series {
    /// Closes as `f64`.
    pub fn closes_f64(&self) -> Vec<f64> {
        self.closes.iter().map(|c| to_f64(*c)).collect()
    }

    /// Daily log returns `ln(P_{i+1} / P_i)` (one fewer than the closes).
    pub fn log_returns(&self) -> Vec<f64> {
        let p = self.closes_f64();
        p.windows(2).map(|w| (w[1] / w[0]).ln()).collect()
    }

    /// Index of the first date at or after `date` (ISO), or the length.
    pub fn index_of(&self, date: &str) -> usize {
        self.dates
            .iter()
            .position(|d| d.as_str() >= date)
            .unwrap_or(self.dates.len())
    }
}

/// Returns a WAD as `f64`.
pub fn to_f64(x: Wad) -> f64 {
    x.raw() as f64 / 1e18
}

/// Returns the nearest WAD of a non-negative `f64`.
pub fn from_f64(x: f64) -> Wad {
    Wad::from_raw((x.max(0.0) * 1e18).round() as u128)
}

/// Parses a non-negative decimal (`123.456`) into its exact WAD value; `None` for anything else or more than 18
/// decimals.
pub fn parse_wad(text: &str) -> Option<Wad> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if int.is_empty() && frac.is_empty() || frac.len() > 18 {
        return None;
    }
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || !all_digits(frac) {
        return None;
    }
    let int: u128 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let frac_raw: u128 = if frac.is_empty() {
        0
    } else {
        frac.parse::<u128>().ok()? * 10u128.pow(18 - frac.len() as u32)
    };
    int.checked_mul(1_000_000_000_000_000_000)?
        .checked_add(frac_raw)
        .map(Wad::from_raw)
}

/// Parses the text of a series file (see `scripts/risk-validation-extract.py` for the format).
///
/// # Errors
/// A message naming the line that does not parse.
pub fn parse(name: &str, text: &str) -> Result<Series, String> {
    let mut s = Series {
        name: name.to_string(),
        dates: Vec::new(),
        closes: Vec::new(),
        arch_variance: Vec::new(),
        garch: None,
    };
    let mut header_seen = false;
    for (n, line) in text.lines().enumerate() {
        let bad = || format!("{name}.csv line {}: cannot parse {line:?}", n + 1);
        if let Some(rest) = line.strip_prefix("# garch_wad:") {
            let f: Vec<&str> = rest.split_whitespace().collect();
            let raw = |i: usize| -> Result<Wad, String> {
                f.get(i)
                    .and_then(|v| v.parse().ok())
                    .map(Wad::from_raw)
                    .ok_or_else(bad)
            };
            s.garch = Some(GarchWad {
                omega: raw(1)?,
                alpha: raw(3)?,
                beta: raw(5)?,
            });
            continue;
        }
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !header_seen {
            header_seen = true;
            continue;
        }
        let mut cols = line.split(',');
        let date = cols.next().ok_or_else(bad)?;
        let close = cols.next().and_then(parse_wad).ok_or_else(bad)?;
        if close.is_zero() {
            return Err(bad());
        }
        s.dates.push(date.to_string());
        s.closes.push(close);
        if let Some(v) = cols.next() {
            s.arch_variance.push(v.parse().map_err(|_| bad())?);
        }
    }
    if s.closes.len() < 2 {
        return Err(format!("{name}.csv: fewer than two closes"));
    }
    Ok(s)
}

/// Loads `data/<name>.csv` of this crate.
///
/// # Panics
/// If the committed file is missing or malformed (regenerate with `scripts/risk-validation-extract.py`).
pub fn load(name: &str) -> Series {
    let path = format!("{}/data/{name}.csv", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    parse(name, &text).unwrap_or_else(|e| panic!("{e}"))
}

/// Keeps the dates present in both series, in order (both are sorted by date).
pub fn align(a: &Series, b: &Series) -> (Series, Series) {
    let (mut i, mut j) = (0, 0);
    let (mut x, mut y) = (empty_like(a), empty_like(b));
    while i < a.dates.len() && j < b.dates.len() {
        match a.dates[i].cmp(&b.dates[j]) {
            core::cmp::Ordering::Less => i += 1,
            core::cmp::Ordering::Greater => j += 1,
            core::cmp::Ordering::Equal => {
                push_row(&mut x, a, i);
                push_row(&mut y, b, j);
                i += 1;
                j += 1;
            }
        }
    }
    (x, y)
}

fn empty_like(s: &Series) -> Series {
    Series {
        name: s.name.clone(),
        dates: Vec::new(),
        closes: Vec::new(),
        arch_variance: Vec::new(),
        garch: s.garch,
    }
}

fn push_row(to: &mut Series, from: &Series, i: usize) {
    to.dates.push(from.dates[i].clone());
    to.closes.push(from.closes[i]);
    if let Some(v) = from.arch_variance.get(i) {
        to.arch_variance.push(*v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_parse_exactly_and_reject_garbage() {
        assert_eq!(
            parse_wad("1229.22998"),
            Some(Wad::from_raw(1_229_229_980_000_000_000_000))
        );
        assert_eq!(parse_wad("26"), Some(Wad::from_raw(26 * 10u128.pow(18))));
        assert_eq!(parse_wad(".5"), Some(Wad::from_raw(5 * 10u128.pow(17))));
        assert_eq!(parse_wad("1.0000000000000000001"), None);
        assert_eq!(parse_wad("-1"), None);
        assert_eq!(parse_wad("1e3"), None);
        assert_eq!(parse_wad(""), None);
    }

    #[test]
    fn series_text_parses_with_header_parameters() {
        let text =
            "# a comment\n# garch_wad: omega 5 alpha 100 beta 800\ndate,close,arch_variance\n\
                    2000-01-03,10.5,0.0001\n2000-01-04,11,0.0002\n";
        let s = parse("x", text).unwrap();
        assert_eq!(s.closes.len(), 2);
        assert_eq!(s.arch_variance, vec![0.0001, 0.0002]);
        assert_eq!(s.garch.unwrap().alpha, Wad::from_raw(100));
        assert!(parse("x", "date,close\n2000-01-03,0\n2000-01-04,1\n").is_err());
    }

    #[test]
    fn align_keeps_common_dates() {
        let a = parse("a", "date,close\nd1,1\nd2,2\nd4,4\n").unwrap();
        let b = parse("b", "date,close\nd2,20\nd3,30\nd4,40\n").unwrap();
        let (x, y) = align(&a, &b);
        assert_eq!(x.dates, vec!["d2", "d4"]);
        assert_eq!(
            y.closes,
            vec![parse_wad("20").unwrap(), parse_wad("40").unwrap()]
        );
    }
}
