//! End-to-end tests of the `ballast` binary: outputs against the library, and bad input → one line naming the
//! field, exit code 2.

use std::path::PathBuf;
use std::process::{Command, Output};

use ballast_risk_math::portfolio::{MarketData, Position, PositionKind};
use ballast_risk_math::scenario::{
    assess_underlying, portfolio_margin, AggregationParams, RiskParams, SpreadPair,
};
use ballast_risk_math::{EuropeanOption, OptionKind, SignedWad, Underlying, Wad};
use serde_json::Value;

fn ballast(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ballast"))
        .args(args)
        .output()
        .expect("run ballast")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts a bad-input failure: exit code 2 and exactly one stderr line mentioning `field`.
fn assert_bad_input(o: &Output, field: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "stderr: {err}");
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "one line expected: {err:?}"
    );
    assert!(err.contains(field), "{err:?} should name {field}");
    assert!(o.stdout.is_empty());
}

/// Writes `content` to a fresh file under the target directory and returns its path.
fn temp_file(name: &str, content: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(format!("{}-{name}", std::process::id()));
    std::fs::write(&path, content).expect("write temp file");
    path
}

fn wad(x: &str) -> Wad {
    Wad::from_raw(u128::try_from(ballast_cli::decimal::parse_wad(x).unwrap()).unwrap())
}

#[test]
fn price_json_matches_library() {
    let o = ballast(&[
        "price", "--kind", "call", "--spot", "100", "--strike", "105", "--vol", "0.6", "--years",
        "0.25", "--rate", "0.05", "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let g = EuropeanOption {
        kind: OptionKind::Call,
        underlying: Underlying::Spot(wad("100")),
        strike: wad("105"),
        expiry_years: wad("0.25"),
        vol: wad("0.6"),
        rate: SignedWad::from_raw(ballast_cli::decimal::parse_wad("0.05").unwrap()),
    }
    .greeks()
    .unwrap();
    assert_eq!(
        v["price"],
        ballast_cli::decimal::format_unsigned(g.price.raw(), 18)
    );
    assert_eq!(
        v["delta"],
        ballast_cli::decimal::format_wad(g.delta.raw(), 18)
    );
    assert_eq!(
        v["gamma"],
        ballast_cli::decimal::format_unsigned(g.gamma.raw(), 18)
    );
    assert_eq!(v["model"], "black-scholes");
}

#[test]
fn price_table_lists_price_and_greeks() {
    let o = ballast(&[
        "price",
        "--kind",
        "put",
        "--forward",
        "2000",
        "--strike",
        "1900",
        "--vol",
        "0.7",
        "--days",
        "30",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for label in ["price", "delta", "gamma", "vega", "theta", "black-76"] {
        assert!(out.contains(label), "{out}");
    }
}

#[test]
fn price_reverts_with_exit_2_when_input_bad() {
    assert_bad_input(
        &ballast(&[
            "price", "--kind", "call", "--spot", "100", "--strike", "-5", "--vol", "0.6", "--days",
            "30",
        ]),
        "--strike",
    );
    assert_bad_input(
        &ballast(&[
            "price", "--kind", "call", "--spot", "abc", "--strike", "5", "--vol", "0.6", "--days",
            "30",
        ]),
        "--spot",
    );
    assert_bad_input(
        &ballast(&[
            "price", "--kind", "call", "--spot", "100", "--strike", "5", "--vol", "0.6",
        ]),
        "--days",
    );
    assert_bad_input(
        &ballast(&[
            "price", "--kind", "straddle", "--spot", "1", "--strike", "1", "--vol", "1", "--days",
            "1",
        ]),
        "--kind",
    );
    assert_bad_input(
        &ballast(&[
            "price", "--kind", "call", "--spot", "0", "--strike", "1", "--vol", "1", "--days", "1",
        ]),
        "--spot",
    );
}

#[test]
fn help_and_version_exit_zero() {
    assert!(ballast(&["--help"]).status.success());
    assert!(ballast(&["margin", "--help"]).status.success());
    assert!(ballast(&["--version"]).status.success());
    assert_eq!(ballast(&[]).status.code(), Some(2));
}

/// A daily price path with constant 3% daily vol (deterministic normal draws).
fn synthetic_series(days: usize) -> String {
    let mut seed = 0x1234_5678_9abc_def1u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut out = String::from("timestamp,price\n");
    let mut log_p = 100f64.ln();
    for d in 0..days {
        out.push_str(&format!(
            "{},{:.8}\n",
            1_600_000_000 + d as u64 * 86_400,
            log_p.exp()
        ));
        let (u1, u2) = (next().max(1e-300), next());
        log_p += 0.03 * (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
    }
    out
}

#[test]
fn vol_forecasts_are_near_true_vol_on_synthetic_series() {
    let path = temp_file("series.csv", &synthetic_series(1500));
    let o = ballast(&["vol", "--csv", path.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["observations"], 1500);
    let models = v["models"].as_array().unwrap();
    assert_eq!(models.len(), 2);
    for m in models {
        assert_eq!(m["applied"], 1499);
        let daily: f64 = m["daily_vol"].as_str().unwrap().parse().unwrap();
        // A single EWMA reading is noisy (effective sample ~32 days): within 35% of 3%.
        assert!(
            (daily / 0.03 - 1.0).abs() < 0.35,
            "{} daily vol {daily}",
            m["model"]
        );
    }
    let table = ballast(&[
        "vol",
        "--csv",
        path.to_str().unwrap(),
        "--model",
        "garch",
        "--stress-vol",
        "0.06",
        "--floor-vol",
        "0.04",
    ]);
    assert!(table.status.success(), "{}", stderr(&table));
    let out = stdout(&table);
    assert!(
        out.contains("garch") && !out.contains("ewma") && out.contains("anti-procyclicality"),
        "{out}"
    );
}

#[test]
fn vol_reverts_with_exit_2_when_csv_or_params_bad() {
    let bad_line = temp_file(
        "bad.csv",
        "timestamp,price\n1600000000,100\n1600086400,abc\n",
    );
    assert_bad_input(
        &ballast(&["vol", "--csv", bad_line.to_str().unwrap()]),
        "bad.csv:3: price",
    );
    let backwards = temp_file("back.csv", "1600086400,100\n1600000000,101\n");
    assert_bad_input(
        &ballast(&["vol", "--csv", backwards.to_str().unwrap()]),
        "back.csv:2: timestamp",
    );
    let ok = temp_file("ok.csv", &synthetic_series(10));
    assert_bad_input(
        &ballast(&["vol", "--csv", ok.to_str().unwrap(), "--alpha", "0.5"]),
        "--alpha",
    );
    assert_bad_input(
        &ballast(&["vol", "--csv", ok.to_str().unwrap(), "--lambda", "1"]),
        "--lambda",
    );
    assert_bad_input(
        &ballast(&["vol", "--csv", "/nonexistent/prices.csv"]),
        "--csv",
    );
}

const PORTFOLIO: &str = r#"{
  "now": 1700000000,
  "underlyings": [
    { "id": 1, "name": "BTC", "spot": "37000", "vol": "0.55", "rate": "0.03" },
    { "id": 2, "name": "ETH", "spot": "2000", "vol": "0.65", "rate": 0.03, "params": { "scan_range_floor": "0.18" } }
  ],
  "positions": [
    { "underlying": 1, "kind": "perp", "size": "2" },
    { "underlying": 1, "kind": "call", "strike": "40000", "expiry": 1702592000, "size": "-1" },
    { "underlying": 1, "kind": "put", "strike": 34000, "expiry_days": 30, "size": "-1" },
    { "underlying": 2, "kind": "perp", "size": "-20" },
    { "underlying": 2, "kind": "future", "size": "5", "expiry_days": "90" }
  ],
  "spread_pairs": [ { "first": 1, "second": 2, "credit": "0.5" } ]
}"#;

#[test]
fn margin_json_matches_library() {
    let path = temp_file("portfolio.json", PORTFOLIO);
    let o = ballast(&["margin", "--portfolio", path.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();

    let now = 1_700_000_000u64;
    let pos = |underlying, kind, expiry_secs, strike: &str, size: &str| Position {
        underlying,
        kind,
        expiry_secs,
        strike: wad(strike),
        size: SignedWad::from_raw(ballast_cli::decimal::parse_wad(size).unwrap()),
    };
    let positions = [
        pos(1, PositionKind::DeltaOne, 0, "0", "2"),
        pos(1, PositionKind::Call, 1_702_592_000, "40000", "-1"),
        pos(1, PositionKind::Put, now + 30 * 86_400, "34000", "-1"),
        pos(2, PositionKind::DeltaOne, 0, "0", "-20"),
        pos(2, PositionKind::DeltaOne, now + 90 * 86_400, "0", "5"),
    ];
    let rate = SignedWad::from_raw(30_000_000_000_000_000);
    let markets = [
        MarketData {
            underlying: 1,
            spot: wad("37000"),
            vol: wad("0.55"),
            rate,
        },
        MarketData {
            underlying: 2,
            spot: wad("2000"),
            vol: wad("0.65"),
            rate,
        },
    ];
    let params = |id| {
        Some(if id == 2 {
            RiskParams {
                scan_range_floor: wad("0.18"),
                ..RiskParams::default()
            }
        } else {
            RiskParams::default()
        })
    };
    let pairs = [SpreadPair {
        first: 1,
        second: 2,
        credit: wad("0.5"),
    }];
    let agg = AggregationParams {
        spread_pairs: &pairs,
        limits: ballast_risk_math::portfolio::Limits {
            max_underlyings: 8,
            max_positions: 64,
        },
        ..AggregationParams::default()
    };
    let mut out = [assess_underlying(&[], &markets[0], &RiskParams::default(), now).unwrap(); 2];
    let total = portfolio_margin(&positions, &markets, params, &agg, now, &mut out).unwrap();
    let s = |x: Wad| ballast_cli::decimal::format_unsigned(x.raw(), 18);
    assert_eq!(v["initial_margin"], s(total.initial_margin));
    assert_eq!(v["maintenance_margin"], s(total.maintenance_margin));
    assert_eq!(v["maintenance_credit"], s(total.maintenance_credit));
    assert_eq!(v["underlyings"][1]["scan_loss"], s(out[1].scan_loss));
    assert_eq!(
        v["underlyings"][0]["scenario_pnl"]
            .as_array()
            .unwrap()
            .len(),
        out[0].scenario_count
    );

    let table = ballast(&["margin", "--portfolio", path.to_str().unwrap()]);
    assert!(table.status.success());
    let text = stdout(&table);
    for label in [
        "initial margin",
        "maintenance margin",
        "BTC (1)",
        "ETH (2)",
        "net delta",
        "worst scenario",
    ] {
        assert!(text.contains(label), "{text}");
    }
}

#[test]
fn margin_reverts_with_exit_2_naming_the_json_path() {
    let cases = [
        (
            PORTFOLIO.replace("\"strike\": 34000", "\"strike\": 0"),
            "positions[2].strike",
        ),
        (
            PORTFOLIO.replace("\"strike\": \"40000\"", "\"strke\": \"40000\""),
            "positions[1].strke",
        ),
        (
            PORTFOLIO.replace("\"expiry\": 1702592000", "\"expiry\": 1600000000"),
            "positions[1].expiry",
        ),
        (
            PORTFOLIO.replace("\"vol\": \"0.55\"", "\"vol\": \"-0.55\""),
            "underlyings[0].vol",
        ),
        (
            PORTFOLIO.replace(
                "\"scan_range_floor\": \"0.18\"",
                "\"scan_range_floor\": \"0.95\"",
            ),
            "underlyings[1].params.scan_range_floor",
        ),
        (
            PORTFOLIO.replace(
                "\"kind\": \"perp\", \"size\": \"2\"",
                "\"kind\": \"swap\", \"size\": \"2\"",
            ),
            "positions[0].kind",
        ),
        (
            PORTFOLIO.replace("\"size\": \"-20\"", "\"size\": \"0\""),
            "positions[3].size",
        ),
        (
            PORTFOLIO.replace("\"credit\": \"0.5\"", "\"credit\": \"0.95\""),
            "spread_pairs",
        ),
        (
            PORTFOLIO.replace(
                "\"underlying\": 2, \"kind\": \"perp\"",
                "\"underlying\": 7, \"kind\": \"perp\"",
            ),
            "positions[3].underlying",
        ),
        (PORTFOLIO.replace("\"now\": 1700000000,", ""), "now"),
        ("{ not json".to_owned(), "--portfolio"),
    ];
    for (i, (text, field)) in cases.iter().enumerate() {
        let path = temp_file(&format!("bad-{i}.json"), text);
        assert_bad_input(
            &ballast(&["margin", "--portfolio", path.to_str().unwrap()]),
            field,
        );
    }
}

#[test]
fn margin_example_file_runs() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/portfolio.json");
    let o = ballast(&["margin", "--portfolio", example]);
    assert!(o.status.success(), "{}", stderr(&o));
}
