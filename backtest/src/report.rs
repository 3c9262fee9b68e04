//! Measures per book and data set, the full run behind `docs/risk-validation.md`, and its CSV chart data.

use std::fmt::Write as _;
use std::path::Path;

use crate::books::Book;
use crate::data;
use crate::garch_check::{self, Comparison};
use crate::run::{self, BookDay, Config, DataSet, ForecastDay};
use crate::sim::{self, CryptoModel};
use crate::stats::{self, ForecastLoss, Kupiec};

/// Coverage the scan range is sized for: `vol_multiplier = 3.25 x 1.25`, 3.25 being the 99.5% one-day quantile
/// of a unit-variance Student-t(4) (`RiskParams::vol_multiplier`), so an MM breach is expected on 0.5% of days
/// at most.
pub const COVERAGE: f64 = 0.995;

/// Share of worst days averaged by the Expected-Shortfall adequacy ratio (97.5% ES, the Basel FRTB level).
pub const ES_SHARE: f64 = 0.025;

/// Measures of one book over one data set and configuration.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BookSummary {
    /// The book.
    pub book: Book,
    /// Days evaluated.
    pub days: usize,
    /// Kupiec test of the MM breaches (loss over the next day above MM).
    pub mm: Kupiec,
    /// Kupiec test of the IM breaches.
    pub im: Kupiec,
    /// `ES_97.5%(loss / MM)`: the mean of the worst 2.5% of the daily loss-to-MM ratios (below 1: even the
    /// average tail day is covered by MM).
    pub es_ratio: f64,
    /// Largest loss-to-MM ratio.
    pub worst_ratio: f64,
    /// Median of portfolio IM / isolated IM (capital efficiency; lower is better).
    pub efficiency: f64,
    /// Peak IM / median IM (procyclicality).
    pub procyclicality: f64,
    /// Largest increase of IM over 5 days, as a fraction of the IM before it.
    pub max_5d_increase: f64,
}

/// Summarises a book's days.
pub fn summarize(book: Book, days: &[BookDay]) -> BookSummary {
    let p = 1.0 - COVERAGE;
    let n = days.len();
    let mm_breaches = days.iter().filter(|d| d.loss > d.margin.mm).count();
    let im_breaches = days.iter().filter(|d| d.loss > d.margin.im).count();
    let ratios: Vec<f64> = days
        .iter()
        .map(|d| {
            if d.margin.mm > 0.0 {
                d.loss / d.margin.mm
            } else {
                0.0
            }
        })
        .collect();
    let eff: Vec<f64> = days
        .iter()
        .filter(|d| d.isolated.im > 0.0)
        .map(|d| d.margin.im / d.isolated.im)
        .collect();
    let im: Vec<f64> = days.iter().map(|d| d.margin.im).collect();
    let med = stats::median(&im);
    let peak = im.iter().copied().fold(0.0, f64::max);
    let max_5d_increase = im
        .windows(6)
        .map(|w| if w[0] > 0.0 { w[5] / w[0] - 1.0 } else { 0.0 })
        .fold(0.0, f64::max);
    BookSummary {
        book,
        days: n,
        mm: Kupiec::new(n, mm_breaches, p),
        im: Kupiec::new(n, im_breaches, p),
        es_ratio: stats::tail_mean(&ratios, ES_SHARE),
        worst_ratio: ratios.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        efficiency: stats::median(&eff),
        procyclicality: if med > 0.0 { peak / med } else { 0.0 },
        max_5d_increase,
    }
}

/// Everything computed for one data set under one configuration.
#[derive(Clone, Debug)]
pub struct Evaluation {
    /// Data set title.
    pub dataset: String,
    /// Data set slug.
    pub slug: String,
    /// Configuration name.
    pub config: &'static str,
    /// Per book: its summary and days (books needing two underlyings are absent on single-underlying sets).
    pub books: Vec<(BookSummary, Vec<BookDay>)>,
}

/// Runs every applicable book of `ds` under each configuration; returns the evaluations and the forecasts.
///
/// # Errors
/// The backtest's.
pub fn evaluate(
    ds: &DataSet,
    configs: &[Config],
) -> Result<(Vec<Evaluation>, Vec<ForecastDay>), run::Error> {
    let (markets, forecasts) = run::markets(ds)?;
    let mut out = Vec::new();
    for c in configs {
        let mut books = Vec::new();
        for book in Book::ALL {
            if book.needs_two() && !ds.has_two() {
                continue;
            }
            let days = run::run_book(book, &markets, ds.start, &c.params)?;
            books.push((summarize(book, &days), days));
        }
        out.push(Evaluation {
            dataset: ds.name.clone(),
            slug: ds.slug.clone(),
            config: c.name,
            books,
        });
    }
    Ok((out, forecasts))
}

/// QLIKE and MSE of the GARCH, EWMA and constant forecasts over the evaluated days.
pub fn forecast_losses(fc: &[ForecastDay], start: usize) -> [(&'static str, ForecastLoss); 3] {
    let days = &fc[start..fc.len().saturating_sub(1)];
    let r2: Vec<f64> = days.iter().map(|d| d.r2_next).collect();
    let col = |f: fn(&ForecastDay) -> f64| days.iter().map(f).collect::<Vec<f64>>();
    [
        (
            "GARCH (on-chain)",
            stats::forecast_loss(&col(|d| d.garch), &r2),
        ),
        (
            "EWMA (on-chain, λ = 0.94)",
            stats::forecast_loss(&col(|d| d.ewma), &r2),
        ),
        (
            "constant (warm-up variance)",
            stats::forecast_loss(&col(|d| d.constant), &r2),
        ),
    ]
}

/// The data sets of the full report.
pub fn datasets() -> Vec<DataSet> {
    let model = CryptoModel::default();
    vec![
        DataSet::real(
            "S&P 500 (+ NASDAQ) 1999-2018",
            "sp500",
            "sp500",
            Some("nasdaq"),
            ("", ""),
            250,
        ),
        DataSet::real(
            "NASDAQ (+ S&P 500) 1999-2018",
            "nasdaq",
            "nasdaq",
            Some("sp500"),
            ("", ""),
            250,
        ),
        DataSet::real("WTI 1986-2019", "wti", "wti", None, ("", ""), 250),
        DataSet::simulated(
            "Simulated BTC/ETH (4,000 days)",
            "sim",
            &model,
            model.simulate(4_250, 20_261_204),
            250,
        ),
        DataSet::simulated(
            "Replay March 2020",
            "mar2020",
            &model,
            model.replay(&sim::MARCH_2020, sim::MARCH_2020_CALM, 300, 40, 20_200_312),
            250,
        ),
        DataSet::simulated(
            "Replay November 2022",
            "nov2022",
            &model,
            model.replay(
                &sim::NOVEMBER_2022,
                sim::NOVEMBER_2022_CALM,
                300,
                40,
                20_221_108,
            ),
            250,
        ),
    ]
}

/// Writes the daily figures of `e` as CSV (`label`, then per book `<slug>_im`, `_mm`, `_iso_im`, `_loss`).
fn write_daily_csv(dir: &Path, ds: &DataSet, e: &Evaluation) -> std::io::Result<()> {
    let mut s = String::from("label");
    for (b, _) in &e.books {
        let k = b.book.slug();
        let _ = write!(s, ",{k}_im,{k}_mm,{k}_iso_im,{k}_loss");
    }
    s.push('\n');
    let n = e.books.first().map_or(0, |(_, d)| d.len());
    for i in 0..n {
        s.push_str(&ds.labels[ds.start + i]);
        for (_, days) in &e.books {
            let d = days[i];
            let _ = write!(
                s,
                ",{:.2},{:.2},{:.2},{:.2}",
                d.margin.im, d.margin.mm, d.isolated.im, d.loss
            );
        }
        s.push('\n');
    }
    std::fs::write(dir.join(format!("daily_{}_{}.csv", e.slug, e.config)), s)
}

fn write_forecast_csv(dir: &Path, ds: &DataSet, fc: &[ForecastDay]) -> std::io::Result<()> {
    let mut s = String::from("label,r2_next,garch,ewma,constant,margin_vol,mark_vol\n");
    for (i, d) in fc.iter().enumerate().take(fc.len().saturating_sub(1)) {
        let _ = writeln!(
            s,
            "{},{:e},{:e},{:e},{:e},{:.6},{:.6}",
            ds.labels[i], d.r2_next, d.garch, d.ewma, d.constant, d.margin_vol, d.mark_vol
        );
    }
    std::fs::write(dir.join(format!("forecast_{}.csv", ds.slug)), s)
}

/// Everything the report prints.
pub struct Results {
    /// Data sets.
    pub datasets: Vec<DataSet>,
    /// Evaluations, data set by data set, configuration by configuration.
    pub evaluations: Vec<Evaluation>,
    /// Forecast losses per data set.
    pub forecasts: Vec<(String, [(&'static str, ForecastLoss); 3])>,
    /// S&P 500 forecasts against VIX over VIX's dates: (days, GARCH, VIX).
    pub vix: (usize, ForecastLoss, ForecastLoss),
    /// GARCH against arch.
    pub garch: Vec<Comparison>,
}

/// GARCH and VIX-implied variance forecasts of the S&P 500 on the dates VIX exists (VIX² / 252 a trading day).
fn vix_comparison(ds: &DataSet, fc: &[ForecastDay]) -> (usize, ForecastLoss, ForecastLoss) {
    let vix = data::load("vix");
    let (mut h_garch, mut h_vix, mut r2) = (Vec::new(), Vec::new(), Vec::new());
    for (i, label) in ds.labels.iter().enumerate().skip(ds.start) {
        if i + 1 >= fc.len() {
            break;
        }
        if let Ok(j) = vix.dates.binary_search(label) {
            let v = data::to_f64(vix.closes[j]) / 100.0;
            h_vix.push(v * v / 252.0);
            h_garch.push(fc[i].garch);
            r2.push(fc[i].r2_next);
        }
    }
    (
        r2.len(),
        stats::forecast_loss(&h_garch, &r2),
        stats::forecast_loss(&h_vix, &r2),
    )
}

/// Runs everything; writes the chart CSVs into `csv_dir`.
///
/// # Errors
/// A message for a backtest or I/O failure.
pub fn run_all(csv_dir: &Path) -> Result<Results, String> {
    std::fs::create_dir_all(csv_dir).map_err(|e| e.to_string())?;
    let datasets = datasets();
    let configs = run::configs();
    let mut evaluations = Vec::new();
    let mut forecasts = Vec::new();
    let mut vix = (0, ForecastLoss::default(), ForecastLoss::default());
    for ds in &datasets {
        let started = std::time::Instant::now();
        let (evals, fc) = evaluate(ds, &configs).map_err(|e| format!("{}: {e}", ds.name))?;
        eprintln!(
            "{}: {} closes in {:.1} s",
            ds.name,
            ds.len(),
            started.elapsed().as_secs_f64()
        );
        for e in &evals {
            write_daily_csv(csv_dir, ds, e).map_err(|e| e.to_string())?;
        }
        write_forecast_csv(csv_dir, ds, &fc).map_err(|e| e.to_string())?;
        if ds.slug == "sp500" {
            vix = vix_comparison(ds, &fc);
        }
        forecasts.push((ds.name.clone(), forecast_losses(&fc, ds.start)));
        evaluations.extend(evals);
    }
    let garch = ["sp500", "nasdaq", "wti"]
        .iter()
        .map(|n| garch_check::compare(&data::load(n)))
        .collect();
    Ok(Results {
        datasets,
        evaluations,
        forecasts,
        vix,
        garch,
    })
}

/// Runs everything and writes the report to `doc` and the chart data to `csv_dir`.
///
/// # Errors
/// A message for a backtest or I/O failure.
pub fn full(doc: &Path, csv_dir: &Path) -> Result<(), String> {
    let r = run_all(csv_dir)?;
    write_summary_csv(csv_dir, &r).map_err(|e| e.to_string())?;
    std::fs::write(doc, crate::report_md::markdown(&r)).map_err(|e| e.to_string())
}

fn write_summary_csv(dir: &Path, r: &Results) -> std::io::Result<()> {
    let mut s = String::from(
        "dataset,config,book,days,mm_breaches,im_breaches,kupiec_p_mm,es_ratio,efficiency,procyclicality\n",
    );
    for e in &r.evaluations {
        for (b, _) in &e.books {
            let _ = writeln!(
                s,
                "{},{},{},{},{},{},{:.4},{:.4},{:.4},{:.4}",
                e.slug,
                e.config,
                b.book.slug(),
                b.days,
                b.mm.breaches,
                b.im.breaches,
                b.mm.p_value,
                b.es_ratio,
                b.efficiency,
                b.procyclicality
            );
        }
    }
    std::fs::write(dir.join("summary.csv"), s)
}
