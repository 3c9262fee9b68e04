//! The backtest loop: data sets (real and simulated), the daily market state (closes, mark vol, margin vol),
//! and per book and day the portfolio and isolated margins and the realised loss over the next day.

use ballast_risk_math::{
    scenario::{MarginError, RiskParams},
    vol::{EwmaParams, GarchParams, VolError},
    Wad,
};

use crate::books::{self, Book, Market, DAY};
use crate::data::{self, from_f64, Series};
use crate::forecast::{admissible, Tracker};
use crate::sim::{CryptoModel, PairPath};

/// First valuation time (2000-01-01 as Unix seconds); observation `i` is `i` days later (one trading day is one
/// day of the model's clock, see `docs/risk-validation.md`).
pub const T0: u64 = 946_684_800;

/// A backtest failure.
#[derive(Debug)]
pub enum Error {
    /// The scenario engine refused.
    Margin(MarginError),
    /// The volatility code refused.
    Vol(VolError),
}

impl From<MarginError> for Error {
    fn from(e: MarginError) -> Self {
        Self::Margin(e)
    }
}

impl From<VolError> for Error {
    fn from(e: VolError) -> Self {
        Self::Vol(e)
    }
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Margin(e) => write!(f, "margin engine: {e}"),
            Self::Vol(e) => write!(f, "volatility: {e}"),
        }
    }
}

/// One or two aligned underlyings with everything the loop needs.
#[derive(Clone, Debug)]
pub struct DataSet {
    /// Title for the report.
    pub name: String,
    /// File-name form.
    pub slug: String,
    /// Labels of the closes (ISO dates, or `day N` for simulations).
    pub labels: Vec<String>,
    /// Closes of underlying 1 and 2 (`closes[1]` empty for a single underlying).
    pub closes: [Vec<f64>; 2],
    /// True daily variances the options are marked at (simulations); `None`: marked at the forecast.
    pub implied_var: Option<[Vec<f64>; 2]>,
    /// GARCH parameters of the on-chain forecast per underlying.
    pub garch: [GarchParams; 2],
    /// Starting daily variance per underlying.
    pub initial_var: [f64; 2],
    /// First close evaluated (the ones before warm the forecasts and give the constant-vol baseline).
    pub start: usize,
    /// Notes for the report (parameter changes and the like).
    pub notes: Vec<String>,
}

impl DataSet {
    /// Whether there is a second underlying.
    pub fn has_two(&self) -> bool {
        !self.closes[1].is_empty()
    }

    /// Number of closes.
    pub fn len(&self) -> usize {
        self.closes[0].len()
    }

    /// Whether there are no closes.
    pub fn is_empty(&self) -> bool {
        self.closes[0].is_empty()
    }

    /// A real data set: `first` (and `second`, if any) from `data/`, aligned by date, restricted to
    /// `[from, to)` (ISO dates; `""` for no bound), evaluated from close `warm_up` of that range.
    pub fn real(
        name: &str,
        slug: &str,
        first: &str,
        second: Option<&str>,
        (from, to): (&str, &str),
        warm_up: usize,
    ) -> Self {
        let a = data::load(first);
        let (a, b) = match second {
            Some(s) => {
                let (x, y) = data::align(&a, &data::load(s));
                (x, Some(y))
            }
            None => (a, None),
        };
        let lo = if from.is_empty() { 0 } else { a.index_of(from) };
        let hi = if to.is_empty() {
            a.dates.len()
        } else {
            a.index_of(to)
        };
        let mut notes = Vec::new();
        let mut garch = [GarchParams::default(); 2];
        let mut initial_var = [0.0; 2];
        for (i, s) in [Some(&a), b.as_ref()].into_iter().enumerate() {
            if let Some(s) = s {
                let (p, v0) = fitted(s, lo, &mut notes);
                garch[i] = p;
                initial_var[i] = v0;
            }
        }
        let slice = |s: &Series| s.closes_f64()[lo..hi].to_vec();
        Self {
            name: name.to_string(),
            slug: slug.to_string(),
            labels: a.dates[lo..hi].to_vec(),
            closes: [slice(&a), b.as_ref().map(slice).unwrap_or_default()],
            implied_var: None,
            garch,
            initial_var,
            start: warm_up.min(hi - lo - 1),
            notes,
        }
    }

    /// A simulated pair: the on-chain forecast runs risk-math's default GARCH (the BTC fit the simulation is
    /// calibrated to; ETH's `ω` scaled to its 1.25x vol), the options are marked at the true conditional vol.
    pub fn simulated(
        name: &str,
        slug: &str,
        model: &CryptoModel,
        path: PairPath,
        warm_up: usize,
    ) -> Self {
        let btc = GarchParams::default();
        let eth = GarchParams {
            omega: from_f64(model.eth.omega),
            ..btc
        };
        Self {
            name: name.to_string(),
            slug: slug.to_string(),
            labels: (0..path.len()).map(|i| format!("day {i}")).collect(),
            initial_var: [model.btc.long_run_variance(), model.eth.long_run_variance()],
            closes: [path.btc, path.eth],
            implied_var: Some([path.btc_var, path.eth_var]),
            garch: [btc, eth],
            start: warm_up,
            notes: Vec::new(),
        }
    }
}

/// The arch-fitted parameters of `s` (in the admissible box) and its starting variance at close `lo`.
fn fitted(s: &Series, lo: usize, notes: &mut Vec<String>) -> (GarchParams, f64) {
    let g = s.garch.expect("real series carry their arch fit");
    let fit = GarchParams {
        omega: g.omega,
        alpha: g.alpha,
        beta: g.beta,
        ..GarchParams::default()
    };
    let (p, changed) = admissible(fit);
    if changed {
        notes.push(format!(
            "{}: arch's fit has α + β = {:.4}, above risk-math's admissible 0.995; the margin forecast uses β = {:.4}.",
            s.name,
            data::to_f64(Wad::from_raw(g.alpha.raw() + g.beta.raw())),
            data::to_f64(p.beta)
        ));
    }
    let v0 = s.arch_variance.get(lo).copied().unwrap_or(1e-4);
    (p, v0)
}

/// One day's record of a book.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BookDay {
    /// Portfolio margins.
    pub margin: books::Margins,
    /// Isolated margins.
    pub isolated: books::Margins,
    /// Loss over the next day (negative: a gain).
    pub loss: f64,
}

/// One day's market and forecasts of underlying 1.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ForecastDay {
    /// Squared log return to the next close (the realised-variance proxy).
    pub r2_next: f64,
    /// On-chain GARCH daily variance (with jump variance).
    pub garch: f64,
    /// On-chain EWMA daily variance (with jump variance).
    pub ewma: f64,
    /// Constant: the warm-up's sample variance.
    pub constant: f64,
    /// Margin vol (annualised).
    pub margin_vol: f64,
    /// Mark vol (annualised).
    pub mark_vol: f64,
}

/// Every market state of a data set, from the on-chain forecasts.
pub fn markets(ds: &DataSet) -> Result<(Vec<Market>, Vec<ForecastDay>), Error> {
    let n = ds.len();
    let two = ds.has_two();
    let mut trackers = Vec::new();
    for u in 0..if two { 2 } else { 1 } {
        trackers.push(Tracker::new(
            ds.garch[u],
            EwmaParams::default(),
            ds.initial_var[u],
            from_f64(ds.closes[u][0]),
            T0,
        )?);
    }
    let warm: Vec<f64> = ds.closes[0][..=ds.start]
        .windows(2)
        .map(|w| (w[1] / w[0]).ln().powi(2))
        .collect();
    let constant = warm.iter().sum::<f64>() / warm.len().max(1) as f64;
    let mut out = Vec::with_capacity(n);
    let mut fc = Vec::with_capacity(n);
    for t in 0..n {
        let mut m = Market {
            now: T0 + t as u64 * DAY,
            spot: [
                ds.closes[0][t],
                if two {
                    ds.closes[1][t]
                } else {
                    ds.closes[0][t]
                },
            ],
            mark_vol: [0.0; 2],
            margin_vol: [0.0; 2],
        };
        for (u, tr) in trackers.iter().enumerate() {
            m.margin_vol[u] = tr.margin_vol()?;
            m.mark_vol[u] = match &ds.implied_var {
                Some(v) => (365.0 * v[u][t]).sqrt(),
                None => tr.forecast_vol()?,
            };
        }
        if !two {
            m.margin_vol[1] = m.margin_vol[0];
            m.mark_vol[1] = m.mark_vol[0];
        }
        let r2_next = if t + 1 < n {
            (ds.closes[0][t + 1] / ds.closes[0][t]).ln().powi(2)
        } else {
            0.0
        };
        fc.push(ForecastDay {
            r2_next,
            garch: trackers[0].garch_variance(),
            ewma: trackers[0].ewma_variance(),
            constant,
            margin_vol: m.margin_vol[0],
            mark_vol: m.mark_vol[0],
        });
        out.push(m);
        if t + 1 < n {
            for (u, tr) in trackers.iter_mut().enumerate() {
                tr.update(from_f64(ds.closes[u][t + 1]), T0 + (t as u64 + 1) * DAY)?;
            }
        }
    }
    Ok((out, fc))
}

/// A named set of engine parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    /// Short name.
    pub name: &'static str,
    /// The parameters (the same for every underlying).
    pub params: RiskParams,
}

/// The configurations backtested: the contract defaults, and the defaults without the BTC-sized scan-range
/// floor (its minimum, 1%), so the forecast alone sets the scan range.
pub fn configs() -> [Config; 2] {
    let defaults = RiskParams::default();
    [
        Config {
            name: "default",
            params: defaults,
        },
        Config {
            name: "vol-driven",
            params: RiskParams {
                scan_range_floor: Wad::from_raw(10_000_000_000_000_000),
                ..defaults
            },
        },
    ]
}

/// Runs `book` over closes `ds.start .. len − 1` of `markets`.
pub fn run_book(
    book: Book,
    markets: &[Market],
    start: usize,
    params: &RiskParams,
) -> Result<Vec<BookDay>, Error> {
    let mut out = Vec::with_capacity(markets.len().saturating_sub(start));
    for t in start..markets.len().saturating_sub(1) {
        let m = &markets[t];
        let positions = books::build(book, m)?;
        let margin = books::margin(&positions, m, params)?;
        let isolated = books::isolated(&positions, m, params)?;
        let loss = books::value(&positions, m) - books::value(&positions, &markets[t + 1]);
        out.push(BookDay {
            margin,
            isolated,
            loss,
        });
    }
    Ok(out)
}
