//! `ballast margin`: initial and maintenance margin of a JSON portfolio, with the per-underlying breakdown.
//!
//! Portfolio file (numbers as JSON strings for exact decimals, or JSON numbers):
//!
//! ```json
//! {
//!   "now": 1700000000,
//!   "underlyings": [
//!     { "id": 1, "name": "BTC", "spot": "60000", "vol": "0.55", "rate": "0.03",
//!       "params": { "scan_range_floor": "0.16", "grid_steps": 4 } }
//!   ],
//!   "positions": [
//!     { "underlying": 1, "kind": "perp", "size": "-1.5" },
//!     { "underlying": 1, "kind": "future", "size": "1", "expiry_days": 90 },
//!     { "underlying": 1, "kind": "call", "strike": "65000", "expiry": 1702592000, "size": "-2" }
//!   ],
//!   "spread_pairs": [ { "first": 1, "second": 2, "credit": "0.5" } ],
//!   "credit_floor": "0.5",
//!   "limits": { "max_underlyings": 8, "max_positions": 64 }
//! }
//! ```
//!
//! `params` overrides any field of the engine's `RiskParams` by its snake_case name (defaults otherwise);
//! expiries are Unix seconds (`expiry`) or days after `now` (`expiry_days`).

use std::path::PathBuf;

use ballast_risk_math::portfolio::{Limits, MarketData, Position, PositionKind};
use ballast_risk_math::scenario::{
    portfolio_margin, scenario_at, AggregationParams, MarginError, ParamField, PortfolioMargin,
    RiskParams, Scenario, SpreadPair, UnderlyingRisk, VolShift,
};
use ballast_risk_math::{SignedWad, Wad};
use clap::Args;
use serde_json::{json, Value};

use super::{exact, exact_signed, show, show_signed, to_json, unsigned};
use crate::error::{CliError, Result};
use crate::json::{object, Obj};
use crate::table::{key_values, Table};

/// Arguments of `ballast margin`.
#[derive(Debug, Args)]
pub struct MarginArgs {
    /// Portfolio JSON file.
    #[arg(long)]
    pub portfolio: PathBuf,
}

/// One underlying as read from the file.
struct UnderlyingInput {
    name: String,
    market: MarketData,
    params: RiskParams,
}

/// The whole file, converted to engine inputs.
struct PortfolioInput {
    now: u64,
    underlyings: Vec<UnderlyingInput>,
    positions: Vec<Position>,
    pairs: Vec<SpreadPair>,
    credit_floor: Wad,
    limits: Limits,
}

/// Every `RiskParams` field: name and whether it is an integer.
const PARAM_FIELDS: [ParamField; 22] = [
    ParamField::ScanRangeFloor,
    ParamField::ScanRangeCap,
    ParamField::VolMultiplier,
    ParamField::HorizonSecs,
    ParamField::GridSteps,
    ParamField::VolUpShock,
    ParamField::VolDownShock,
    ParamField::ShortTermPower,
    ParamField::LongTermPower,
    ParamField::MinVolUp,
    ParamField::TailDampening,
    ParamField::SkewShock,
    ParamField::BasisShock,
    ParamField::ImFactor,
    ParamField::MmFactor,
    ParamField::EsConfidence,
    ParamField::ShortOptionMinMm,
    ParamField::ShortOptionMinIm,
    ParamField::PerpChargeMm,
    ParamField::PerpChargeIm,
    ParamField::NearExpirySecs,
    ParamField::NearExpiryCharge,
];

/// Reads the `params` overrides of one underlying.
fn read_params(o: &Obj<'_>) -> Result<RiskParams> {
    let names: Vec<&str> = PARAM_FIELDS.iter().map(|f| f.name()).collect();
    o.only(&names)?;
    let mut p = RiskParams::default();
    for field in PARAM_FIELDS {
        let key = field.name();
        if o.get(key).is_none() {
            continue;
        }
        let int = || -> Result<u32> {
            u32::try_from(o.u64(key)?).map_err(|_| CliError::input(o.field(key), "too large"))
        };
        let w = || -> Result<Wad> { unsigned(&o.field(key), o.wad(key)?) };
        match field {
            ParamField::HorizonSecs => p.horizon_secs = int()?,
            ParamField::GridSteps => p.grid_steps = int()?,
            ParamField::NearExpirySecs => p.near_expiry_secs = int()?,
            ParamField::ScanRangeFloor => p.scan_range_floor = w()?,
            ParamField::ScanRangeCap => p.scan_range_cap = w()?,
            ParamField::VolMultiplier => p.vol_multiplier = w()?,
            ParamField::VolUpShock => p.vol_up_shock = w()?,
            ParamField::VolDownShock => p.vol_down_shock = w()?,
            ParamField::ShortTermPower => p.short_term_power = w()?,
            ParamField::LongTermPower => p.long_term_power = w()?,
            ParamField::MinVolUp => p.min_vol_up = w()?,
            ParamField::TailDampening => p.tail_dampening = w()?,
            ParamField::SkewShock => p.skew_shock = w()?,
            ParamField::BasisShock => p.basis_shock = w()?,
            ParamField::ImFactor => p.im_factor = w()?,
            ParamField::MmFactor => p.mm_factor = w()?,
            ParamField::EsConfidence => p.es_confidence = w()?,
            ParamField::ShortOptionMinMm => p.short_option_min_mm = w()?,
            ParamField::ShortOptionMinIm => p.short_option_min_im = w()?,
            ParamField::PerpChargeMm => p.perp_charge_mm = w()?,
            ParamField::PerpChargeIm => p.perp_charge_im = w()?,
            ParamField::NearExpiryCharge => p.near_expiry_charge = w()?,
        }
    }
    match p.validate() {
        Err(MarginError::ParamOutOfBounds { field, .. }) => {
            let e = p.validate().unwrap_err();
            Err(CliError::input(o.field(field.name()), e.to_string()))
        }
        Err(e) => Err(CliError::input(o.field("params"), e.to_string())),
        Ok(()) => Ok(p),
    }
}

fn read(path: &PathBuf) -> Result<PortfolioInput> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CliError::input(
            "--portfolio",
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    let root: Value = serde_json::from_str(&text)
        .map_err(|e| CliError::input("--portfolio", format!("invalid JSON: {e}")))?;
    let top = object(&root, "")?;
    top.only(&[
        "now",
        "underlyings",
        "positions",
        "spread_pairs",
        "credit_floor",
        "limits",
    ])?;
    let now = top.u64("now")?;
    let mut underlyings = Vec::new();
    for (path, v) in top.array("underlyings")? {
        let o = object(v, &path)?;
        o.only(&["id", "name", "spot", "vol", "rate", "params"])?;
        let id = u32::try_from(o.u64("id")?)
            .map_err(|_| CliError::input(o.field("id"), "must fit in 32 bits"))?;
        let spot = unsigned(&o.field("spot"), o.wad("spot")?)?;
        let vol = unsigned(&o.field("vol"), o.wad("vol")?)?;
        for (key, value) in [("spot", spot), ("vol", vol)] {
            if value.is_zero() {
                return Err(CliError::input(o.field(key), "must be > 0"));
            }
        }
        let rate = SignedWad::from_raw(o.opt_wad("rate")?.unwrap_or(0));
        let params = match o.get("params") {
            Some(p) => read_params(&object(p, &o.field("params"))?)?,
            None => RiskParams::default(),
        };
        let name = o
            .opt_str("name")?
            .map_or_else(|| id.to_string(), str::to_owned);
        if underlyings
            .iter()
            .any(|u: &UnderlyingInput| u.market.underlying == id)
        {
            return Err(CliError::input(
                o.field("id"),
                format!("underlying {id} is listed twice"),
            ));
        }
        underlyings.push(UnderlyingInput {
            name,
            market: MarketData {
                underlying: id,
                spot,
                vol,
                rate,
            },
            params,
        });
    }
    if underlyings.is_empty() {
        return Err(CliError::input(
            "underlyings",
            "list at least one underlying",
        ));
    }
    let mut positions = Vec::new();
    for (path, v) in top.array("positions")? {
        let o = object(v, &path)?;
        o.only(&[
            "underlying",
            "kind",
            "size",
            "strike",
            "expiry",
            "expiry_days",
        ])?;
        let underlying = u32::try_from(o.u64("underlying")?)
            .map_err(|_| CliError::input(o.field("underlying"), "must fit in 32 bits"))?;
        if !underlyings
            .iter()
            .any(|u| u.market.underlying == underlying)
        {
            return Err(CliError::input(
                o.field("underlying"),
                format!("underlying {underlying} is not in `underlyings`"),
            ));
        }
        let kind_text = o.str("kind")?;
        let kind = match kind_text {
            "perp" | "perpetual" | "future" => PositionKind::DeltaOne,
            "call" => PositionKind::Call,
            "put" => PositionKind::Put,
            other => {
                return Err(CliError::input(
                    o.field("kind"),
                    format!("{other:?} is not one of perp, future, call, put"),
                ))
            }
        };
        let size = o.wad("size")?;
        if size == 0 {
            return Err(CliError::input(o.field("size"), "must not be 0"));
        }
        let expiry = match (o.opt_u64("expiry")?, o.opt_wad("expiry_days")?) {
            (Some(_), Some(_)) => {
                return Err(CliError::input(
                    o.field("expiry_days"),
                    "give expiry or expiry_days, not both",
                ))
            }
            (Some(e), None) => e,
            (None, Some(days)) => {
                let days = unsigned(&o.field("expiry_days"), days)?;
                // now + days * 86400 seconds, rounded down.
                let secs = days.raw() * 86_400 / 1_000_000_000_000_000_000;
                now.checked_add(u64::try_from(secs).unwrap_or(u64::MAX))
                    .ok_or_else(|| CliError::input(o.field("expiry_days"), "too far"))?
            }
            (None, None) => 0,
        };
        let needs_expiry = kind_text != "perp" && kind_text != "perpetual";
        if needs_expiry && expiry == 0 {
            return Err(CliError::input(
                o.field("expiry"),
                format!("a {kind_text} needs expiry or expiry_days"),
            ));
        }
        if !needs_expiry && expiry != 0 {
            return Err(CliError::input(
                o.field("expiry"),
                "a perpetual has no expiry (use kind \"future\")",
            ));
        }
        if expiry != 0 && expiry <= now {
            return Err(CliError::input(
                o.field("expiry"),
                format!("{expiry} is not after now ({now})"),
            ));
        }
        let strike = match (kind, o.opt_wad("strike")?) {
            (PositionKind::DeltaOne, None) => Wad::ZERO,
            (PositionKind::DeltaOne, Some(_)) => {
                return Err(CliError::input(
                    o.field("strike"),
                    "only options have a strike",
                ))
            }
            (_, None) => return Err(CliError::input(o.field("strike"), "missing")),
            (_, Some(k)) => {
                let k = unsigned(&o.field("strike"), k)?;
                if k.is_zero() {
                    return Err(CliError::input(o.field("strike"), "must be > 0"));
                }
                k
            }
        };
        positions.push(Position {
            underlying,
            kind,
            expiry_secs: expiry,
            strike,
            size: SignedWad::from_raw(size),
        });
    }
    let mut pairs = Vec::new();
    for (path, v) in top.array("spread_pairs")? {
        let o = object(v, &path)?;
        o.only(&["first", "second", "credit"])?;
        let id = |key: &str| -> Result<u32> {
            u32::try_from(o.u64(key)?)
                .map_err(|_| CliError::input(o.field(key), "must fit in 32 bits"))
        };
        pairs.push(SpreadPair {
            first: id("first")?,
            second: id("second")?,
            credit: unsigned(&o.field("credit"), o.wad("credit")?)?,
        });
    }
    let credit_floor = match top.opt_wad("credit_floor")? {
        Some(f) => unsigned("credit_floor", f)?,
        None => AggregationParams::default().credit_floor,
    };
    let limits = match top.get("limits") {
        Some(v) => {
            let o = object(v, "limits")?;
            o.only(&["max_underlyings", "max_positions"])?;
            let n = |key: &str| -> Result<u32> {
                u32::try_from(o.u64(key)?).map_err(|_| CliError::input(o.field(key), "too large"))
            };
            Limits {
                max_underlyings: n("max_underlyings")?,
                max_positions: n("max_positions")?,
            }
        }
        None => Limits {
            max_underlyings: 8,
            max_positions: 64,
        },
    };
    Ok(PortfolioInput {
        now,
        underlyings,
        positions,
        pairs,
        credit_floor,
        limits,
    })
}

/// Maps an engine error to the JSON path it is about.
fn engine_error(input: &PortfolioInput, e: MarginError) -> CliError {
    let underlying_path = |id: u32| {
        input
            .underlyings
            .iter()
            .position(|u| u.market.underlying == id)
            .map_or_else(|| "underlyings".to_owned(), |k| format!("underlyings[{k}]"))
    };
    let field = match e {
        MarginError::InvalidPosition { index, .. } => format!("positions[{index}]"),
        MarginError::PositionExpired { index, .. } => format!("positions[{index}].expiry"),
        MarginError::TooManyPositions { .. } | MarginError::TooManyUnderlyings { .. } => {
            "positions".to_owned()
        }
        MarginError::InvalidMarketData { underlying, .. }
        | MarginError::Math { underlying, .. } => underlying_path(underlying),
        MarginError::MissingMarketData { .. }
        | MarginError::DuplicateMarketData { .. }
        | MarginError::UnderlyingNotListed { .. } => "underlyings".to_owned(),
        MarginError::InvalidSpreadPair { .. } | MarginError::SpreadCreditOutOfBounds { .. } => {
            "spread_pairs".to_owned()
        }
        MarginError::LimitOutOfBounds { .. } => "limits".to_owned(),
        _ => "portfolio".to_owned(),
    };
    CliError::input(field, e.to_string())
}

/// Describes scenario `index` for humans.
fn describe(params: &RiskParams, index: usize) -> String {
    match scenario_at(params, index) {
        Some(Scenario::Core { step, vol }) => {
            let vol = match vol {
                VolShift::Up => "vol up",
                VolShift::Unchanged => "vol unchanged",
                VolShift::Down => "vol down",
            };
            format!("core {step:+}/{} ({vol})", params.grid_steps)
        }
        Some(Scenario::Tail { spot_move }) => format!("tail spot x{}", show(spot_move, 2)),
        Some(Scenario::Skew { abs }) => format!("skew {}", if abs { "abs" } else { "linear" }),
        Some(Scenario::Basis { up }) => format!("basis {}", if up { "up" } else { "down" }),
        None => "-".to_owned(),
    }
}

/// Runs `ballast margin`.
///
/// # Errors
/// Bad input names its JSON path (`positions[2].strike: must be > 0`).
pub fn run(args: &MarginArgs, json: bool) -> Result<String> {
    let input = read(&args.portfolio)?;
    let agg = AggregationParams {
        spread_pairs: &input.pairs,
        credit_floor: input.credit_floor,
        limits: input.limits,
    };
    let markets: Vec<MarketData> = input.underlyings.iter().map(|u| u.market).collect();
    let params_of = |id: u32| {
        input
            .underlyings
            .iter()
            .find(|u| u.market.underlying == id)
            .map(|u| u.params)
    };
    let mut out = vec![UnderlyingRisk::default(); input.underlyings.len()];
    let total = portfolio_margin(
        &input.positions,
        &markets,
        params_of,
        &agg,
        input.now,
        &mut out,
    )
    .map_err(|e| engine_error(&input, e))?;
    let risks = &out[..total.underlyings];
    if json {
        render_json(&input, &total, risks)
    } else {
        Ok(render_text(&input, &total, risks))
    }
}

fn lookup(input: &PortfolioInput, id: u32) -> &UnderlyingInput {
    input
        .underlyings
        .iter()
        .find(|u| u.market.underlying == id)
        .expect("engine only reports listed underlyings")
}

fn render_json(
    input: &PortfolioInput,
    total: &PortfolioMargin,
    risks: &[UnderlyingRisk],
) -> Result<String> {
    let per: Vec<Value> = risks
        .iter()
        .map(|r| {
            let u = lookup(input, r.underlying);
            json!({
                "underlying": r.underlying,
                "name": u.name,
                "scan_range": exact(r.scan_range),
                "worst_scenario": r.worst_scenario,
                "worst_scenario_name": describe(&u.params, r.worst_scenario),
                "worst_loss": exact(r.worst_loss),
                "scan_loss": exact(r.scan_loss),
                "var": exact_signed(r.tail.var),
                "expected_shortfall": exact_signed(r.tail.es),
                "short_option_notional": exact(r.short_option_notional),
                "delta_one_notional": exact(r.delta_one_notional),
                "near_expiry_notional": exact(r.near_expiry_notional),
                "initial_margin": exact(r.initial_margin),
                "maintenance_margin": exact(r.maintenance_margin),
                "mark_to_market": exact_signed(r.mark_to_market),
                "greeks": {
                    "delta": exact_signed(r.greeks.delta),
                    "gamma": exact_signed(r.greeks.gamma),
                    "vega": exact_signed(r.greeks.vega),
                    "theta": exact_signed(r.greeks.theta),
                },
                "scenario_pnl": r.pnl().iter().map(|p| exact_signed(*p)).collect::<Vec<_>>(),
            })
        })
        .collect();
    to_json(&json!({
        "now": input.now,
        "initial_margin": exact(total.initial_margin),
        "maintenance_margin": exact(total.maintenance_margin),
        "initial_credit": exact(total.initial_credit),
        "maintenance_credit": exact(total.maintenance_credit),
        "mark_to_market": exact_signed(total.mark_to_market),
        "underlyings": per,
    }))
}

fn render_text(
    input: &PortfolioInput,
    total: &PortfolioMargin,
    risks: &[UnderlyingRisk],
) -> String {
    let mut out = format!(
        "Portfolio margin at {} ({} positions)\n",
        input.now,
        input.positions.len()
    );
    out.push_str(&key_values(&[
        ("initial margin", show(total.initial_margin, 4)),
        ("maintenance margin", show(total.maintenance_margin, 4)),
        (
            "spread credit (IM / MM)",
            format!(
                "{} / {}",
                show(total.initial_credit, 4),
                show(total.maintenance_credit, 4)
            ),
        ),
        (
            "options mark-to-market",
            show_signed(total.mark_to_market, 4),
        ),
    ]));
    out.push('\n');
    let mut t = Table::new(&[
        "underlying",
        "spot",
        "scan range",
        "worst scenario",
        "scan loss",
        "IM",
        "MM",
        "MtM",
    ]);
    for r in risks {
        let u = lookup(input, r.underlying);
        t.row(vec![
            format!("{} ({})", u.name, r.underlying),
            show(u.market.spot, 4),
            format!("{}%", show(Wad::from_raw(r.scan_range.raw() * 100), 2)),
            describe(&u.params, r.worst_scenario),
            show(r.scan_loss, 4),
            show(r.initial_margin, 4),
            show(r.maintenance_margin, 4),
            show_signed(r.mark_to_market, 4),
        ]);
    }
    out.push_str(&t.render());
    out.push('\n');
    let mut g = Table::new(&[
        "underlying",
        "net delta",
        "gamma",
        "vega (1.00 vol)",
        "theta (year)",
        "VaR",
        "ES",
    ]);
    for r in risks {
        let u = lookup(input, r.underlying);
        g.row(vec![
            format!("{} ({})", u.name, r.underlying),
            show_signed(r.greeks.delta, 6),
            show_signed(r.greeks.gamma, 8),
            show_signed(r.greeks.vega, 4),
            show_signed(r.greeks.theta, 4),
            show_signed(r.tail.var, 4),
            show_signed(r.tail.es, 4),
        ]);
    }
    out.push_str(&g.render());
    out
}
