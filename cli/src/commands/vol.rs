//! `ballast vol`: EWMA and GARCH(1,1) volatility forecasts from a CSV price series.
//!
//! CSV: one observation per line, `timestamp,price` (Unix seconds, decimal price), in increasing time. A header
//! line, blank lines and lines starting with `#` are skipped.

use std::path::PathBuf;

use ballast_risk_math::scenario::RiskParams;
use ballast_risk_math::vol::{
    annualise, Ewma, EwmaParams, Garch, GarchParams, ObservationGuards, ProcyclicalityControls,
    UpdateOutcome, VolError, VolState,
};
use ballast_risk_math::{sqrt, RoundMode, Wad};
use clap::{Args, ValueEnum};
use serde_json::{json, Value};

use super::{exact, flag_wad, show, to_json};
use crate::decimal::parse_wad;
use crate::error::{CliError, Result};
use crate::table::Table;

/// Which models to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Model {
    /// RiskMetrics EWMA with decay scaled to the observation interval.
    Ewma,
    /// Time-scaled GARCH(1,1).
    Garch,
    /// Both.
    Both,
}

/// Arguments of `ballast vol`.
#[derive(Debug, Args)]
pub struct VolArgs {
    /// CSV file of `timestamp,price` lines.
    #[arg(long)]
    pub csv: PathBuf,
    /// Models to run.
    #[arg(long, value_enum, default_value = "both")]
    pub model: Model,
    /// EWMA daily decay λ.
    #[arg(long, default_value = "0.94")]
    pub lambda: String,
    /// GARCH ω (daily variance units).
    #[arg(long, default_value = "0.00008")]
    pub omega: String,
    /// GARCH α.
    #[arg(long, default_value = "0.144")]
    pub alpha: String,
    /// GARCH β.
    #[arg(long, default_value = "0.817")]
    pub beta: String,
    /// Initial daily volatility of both models (default: the GARCH long-run volatility).
    #[arg(long)]
    pub initial_vol: Option<String>,
    /// Observations closer than this to the last accepted one are skipped.
    #[arg(long, default_value_t = 900)]
    pub min_interval_secs: u64,
    /// Returns are capped at this many standard deviations of the current forecast.
    #[arg(long, default_value = "10")]
    pub max_return_sigmas: String,
    /// Forecast horizon in days.
    #[arg(long, default_value = "1")]
    pub horizon_days: String,
    /// Anti-procyclicality: stressed daily vol blended in with `--stress-weight` (enables the controls).
    #[arg(long)]
    pub stress_vol: Option<String>,
    /// Anti-procyclicality: weight of the stressed vol.
    #[arg(long, default_value = "0.25")]
    pub stress_weight: String,
    /// Anti-procyclicality: floor on the daily margin vol.
    #[arg(long, default_value = "0")]
    pub floor_vol: String,
    /// Anti-procyclicality: cap on the daily margin vol.
    #[arg(long, default_value = "1")]
    pub cap_vol: String,
}

/// One model's run over the series.
struct Run {
    name: &'static str,
    state: VolState,
    applied: usize,
    skipped: usize,
    capped: usize,
    horizon_variance: Wad,
    long_run_vol: Option<Wad>,
}

/// Reads the series: `(line number, timestamp, price)`.
fn read_series(path: &PathBuf) -> Result<Vec<(usize, u64, Wad)>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::input("--csv", format!("cannot read {}: {e}", path.display())))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let field = |what: &str| format!("{}:{}: {what}", path.display(), i + 1);
        let (ts, price) = line
            .split_once(',')
            .ok_or_else(|| CliError::input(field("line"), "expected `timestamp,price`"))?;
        let ts = ts.trim();
        if out.is_empty() && ts.parse::<u64>().is_err() && parse_wad(price).is_err() {
            continue; // header
        }
        let ts: u64 = ts.parse().map_err(|_| {
            CliError::input(field("timestamp"), format!("not a Unix timestamp: {ts:?}"))
        })?;
        let price = parse_wad(price).map_err(|m| CliError::input(field("price"), m))?;
        if price <= 0 {
            return Err(CliError::input(field("price"), "must be > 0"));
        }
        if let Some(&(_, last, _)) = out.last() {
            if ts <= last {
                return Err(CliError::input(
                    field("timestamp"),
                    format!("{ts} is not after the previous {last}"),
                ));
            }
        }
        out.push((i + 1, ts, Wad::from_raw(price as u128)));
    }
    if out.len() < 2 {
        return Err(CliError::input("--csv", "need at least two observations"));
    }
    Ok(out)
}

fn vol_error(flag: &str, e: VolError) -> CliError {
    match e {
        VolError::ParamOutOfBounds { field, .. } => {
            CliError::input(format!("--{}", field.replace('_', "-")), e.to_string())
        }
        other => CliError::input(flag, other.to_string()),
    }
}

/// Runs `ballast vol`.
///
/// # Errors
/// Bad flags name the flag; bad CSV lines name `file:line: column`.
pub fn run(args: &VolArgs, json: bool) -> Result<String> {
    let series = read_series(&args.csv)?;
    let guards = ObservationGuards {
        min_interval_secs: args.min_interval_secs,
        max_return_sigmas: flag_wad("--max-return-sigmas", &args.max_return_sigmas)?,
    };
    let garch_params = GarchParams {
        omega: flag_wad("--omega", &args.omega)?,
        alpha: flag_wad("--alpha", &args.alpha)?,
        beta: flag_wad("--beta", &args.beta)?,
        guards,
    };
    let ewma_params = EwmaParams {
        lambda: flag_wad("--lambda", &args.lambda)?,
        guards,
    };
    let horizon = flag_wad("--horizon-days", &args.horizon_days)?;
    let initial_variance = match &args.initial_vol {
        Some(v) => {
            let v = flag_wad("--initial-vol", v)?;
            v.mul_wad(v, RoundMode::Up)
                .map_err(|e| CliError::input("--initial-vol", e.to_string()))?
        }
        None => {
            garch_params
                .validate()
                .map_err(|e| vol_error("--omega", e))?;
            garch_params
                .long_run_variance()
                .map_err(|e| CliError::input("--omega", e.to_string()))?
        }
    };
    let apc = match &args.stress_vol {
        Some(s) => {
            let controls = ProcyclicalityControls {
                stress_weight: flag_wad("--stress-weight", &args.stress_weight)?,
                stress_vol: flag_wad("--stress-vol", s)?,
                floor_vol: flag_wad("--floor-vol", &args.floor_vol)?,
                cap_vol: flag_wad("--cap-vol", &args.cap_vol)?,
            };
            controls
                .validate()
                .map_err(|e| vol_error("--stress-vol", e))?;
            Some(controls)
        }
        None => None,
    };
    let (_, t0, p0) = series[0];
    let mut runs = Vec::new();
    if args.model != Model::Garch {
        let mut m = Ewma::new(ewma_params, initial_variance, p0, t0)
            .map_err(|e| vol_error("--lambda", e))?;
        let mut run = Run::new("ewma");
        for &(line, t, p) in &series[1..] {
            run.count(m.update(p, t).map_err(|e| line_error(args, line, e))?);
        }
        run.finish(
            m.state,
            m.horizon_variance(horizon)
                .map_err(|e| vol_error("--horizon-days", e))?,
            None,
        );
        runs.push(run);
    }
    if args.model != Model::Ewma {
        let mut m = Garch::new(garch_params, initial_variance, p0, t0)
            .map_err(|e| vol_error("--omega", e))?;
        let mut run = Run::new("garch");
        for &(line, t, p) in &series[1..] {
            run.count(m.update(p, t).map_err(|e| line_error(args, line, e))?);
        }
        let long_run = sqrt(
            garch_params
                .long_run_variance()
                .map_err(|e| CliError::input("--omega", e.to_string()))?,
            RoundMode::Up,
        );
        run.finish(
            m.state,
            m.horizon_variance(horizon)
                .map_err(|e| vol_error("--horizon-days", e))?,
            Some(long_run),
        );
        runs.push(run);
    }
    render(&runs, series.len(), horizon, apc.as_ref(), json)
}

fn line_error(args: &VolArgs, line: usize, e: VolError) -> CliError {
    CliError::input(format!("{}:{line}", args.csv.display()), e.to_string())
}

impl Run {
    fn new(name: &'static str) -> Self {
        Self {
            name,
            state: VolState {
                variance: Wad::ZERO,
                jump_variance: Wad::ZERO,
                last_price: Wad::ONE,
                last_secs: 0,
            },
            applied: 0,
            skipped: 0,
            capped: 0,
            horizon_variance: Wad::ZERO,
            long_run_vol: None,
        }
    }

    fn count(&mut self, outcome: UpdateOutcome) {
        match outcome {
            UpdateOutcome::Applied { capped } => {
                self.applied += 1;
                self.capped += usize::from(capped);
            }
            UpdateOutcome::Skipped => self.skipped += 1,
        }
    }

    fn finish(&mut self, state: VolState, horizon_variance: Wad, long_run_vol: Option<Wad>) {
        self.state = state;
        self.horizon_variance = horizon_variance;
        self.long_run_vol = long_run_vol;
    }
}

/// Per-run figures: daily, annualised, horizon, jump, margin vol and the scan range it implies.
struct Figures {
    daily: Wad,
    annual: Wad,
    horizon: Wad,
    jump: Wad,
    margin_daily: Wad,
    scan_range: Wad,
}

fn figures(run: &Run, apc: Option<&ProcyclicalityControls>) -> Result<Figures> {
    let internal = |e: VolError| CliError::Internal(e.to_string());
    let daily = run.state.daily_vol().map_err(internal)?;
    let margin_daily = match apc {
        Some(c) => c.apply(daily).map_err(internal)?,
        None => daily,
    };
    let annual_margin = annualise(margin_daily).map_err(internal)?;
    Ok(Figures {
        daily,
        annual: annualise(daily).map_err(internal)?,
        horizon: sqrt(run.horizon_variance, RoundMode::Up),
        jump: sqrt(run.state.jump_variance, RoundMode::Up),
        margin_daily,
        scan_range: RiskParams::default()
            .scan_range(annual_margin)
            .map_err(|e| CliError::Internal(e.to_string()))?,
    })
}

fn render(
    runs: &[Run],
    observations: usize,
    horizon: Wad,
    apc: Option<&ProcyclicalityControls>,
    json: bool,
) -> Result<String> {
    if json {
        let mut models = Vec::new();
        for run in runs {
            let f = figures(run, apc)?;
            models.push(json!({
                "model": run.name,
                "applied": run.applied,
                "skipped": run.skipped,
                "capped": run.capped,
                "daily_variance": exact(run.state.variance),
                "daily_vol": exact(f.daily),
                "annualised_vol": exact(f.annual),
                "horizon_vol": exact(f.horizon),
                "jump_vol": exact(f.jump),
                "long_run_daily_vol": run.long_run_vol.map(exact).map_or(Value::Null, Value::String),
                "margin_daily_vol": exact(f.margin_daily),
                "scan_range_default_params": exact(f.scan_range),
            }));
        }
        return to_json(
            &json!({ "observations": observations, "horizon_days": exact(horizon), "models": models }),
        );
    }
    let mut t = Table::new(&[
        "model",
        "applied",
        "skipped",
        "capped",
        "daily vol",
        "annualised",
        "horizon vol",
        "jump vol",
        "long-run",
        "margin vol",
        "scan range",
    ]);
    for run in runs {
        let f = figures(run, apc)?;
        t.row(vec![
            run.name.to_owned(),
            run.applied.to_string(),
            run.skipped.to_string(),
            run.capped.to_string(),
            pct(f.daily),
            pct(f.annual),
            pct(f.horizon),
            pct(f.jump),
            run.long_run_vol.map_or_else(|| "-".to_owned(), pct),
            pct(f.margin_daily),
            pct(f.scan_range),
        ]);
    }
    Ok(format!(
        "{observations} observations, horizon {} days{}\n{}",
        show(horizon, 4),
        if apc.is_some() {
            ", anti-procyclicality controls on"
        } else {
            ""
        },
        t.render()
    ))
}

/// A fraction as a percentage with 3 decimals.
fn pct(x: Wad) -> String {
    format!("{}%", show(Wad::from_raw(x.raw().saturating_mul(100)), 3))
}
