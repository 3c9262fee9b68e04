//! The Markdown of `docs/risk-validation.md`: computed tables, the targets checked against them, and the
//! method (data, calibrations and their sources).

use std::fmt::Write as _;

use crate::books::Book;
use crate::report::{BookSummary, Evaluation, Results, COVERAGE, ES_SHARE};
use crate::run::configs;
use crate::sim::{self, CryptoModel};

/// `x` as a percentage with `d` decimals.
fn pct(x: f64, d: usize) -> String {
    format!("{:.*}%", d, 100.0 * x)
}

/// The headline row of one book.
fn row(s: &mut String, dataset: &str, b: &BookSummary) {
    let _ = writeln!(
        s,
        "| {dataset} | {} | {} ({}) | {} ({}) | {:.3} {} | {:.3} | {:.3} | {:.2} |",
        b.book.name(),
        pct(b.mm.rate(), 2),
        b.mm.breaches,
        pct(b.im.rate(), 2),
        b.im.breaches,
        b.mm.p_value,
        b.mm.verdict(),
        b.es_ratio,
        b.efficiency,
        b.procyclicality,
    );
}

fn headline(s: &mut String, evals: &[&Evaluation]) {
    let _ = writeln!(
        s,
        "| data set | book | MM breach rate (days) | IM breach rate (days) | Kupiec p (MM) | ES adequacy | \
         margin / isolated | peak / median IM |\n|---|---|---:|---:|---:|---:|---:|---:|"
    );
    for e in evals {
        for (b, _) in &e.books {
            row(s, &e.dataset, b);
        }
    }
}

/// Books and data sets whose summary fails `bad`, as `book on data set` strings.
fn failing(evals: &[&Evaluation], bad: impl Fn(&BookSummary) -> bool) -> Vec<String> {
    evals
        .iter()
        .flat_map(|e| {
            e.books
                .iter()
                .filter(|(b, _)| bad(b))
                .map(move |(b, _)| format!("{} on {}", b.book.name(), e.dataset))
        })
        .collect()
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "none".to_string()
    } else {
        v.join("; ")
    }
}

fn targets(s: &mut String, r: &Results, evals: &[&Evaluation]) {
    let p = 1.0 - COVERAGE;
    let over = failing(evals, |b| b.mm.rate() > p);
    let too_many = failing(evals, |b| b.mm.rejects(0.05) && b.mm.rate() > p);
    let too_few = failing(evals, |b| b.mm.rejects(0.05) && b.mm.rate() <= p);
    let max_garch = r.garch.iter().map(|g| g.max_rel_diff).fold(0.0, f64::max);
    let _ = writeln!(s, "| target | result |\n|---|---|");
    let _ = writeln!(
        s,
        "| MM breach rate ≤ {} on every data set (default parameters) | {} |",
        pct(p, 1),
        if over.is_empty() {
            "**met**".to_string()
        } else {
            format!("**missed** by: {}", list(&over))
        }
    );
    let _ = writeln!(
        s,
        "| Kupiec test (99.5%, two-sided, 5%) not rejecting | rejects for too many breaches: {}. Rejects for \
         too *few* (margin more conservative than its stated coverage): {} of {} book/data-set pairs |",
        list(&too_many),
        too_few.len(),
        evals.iter().map(|e| e.books.len()).sum::<usize>()
    );
    for book in [Book::Straddle, Book::MarketMaker, Book::PerpHedge] {
        let target = book.efficiency_target().unwrap_or(1.0);
        let vals: Vec<String> = evals
            .iter()
            .filter_map(|e| {
                e.books.iter().find(|(b, _)| b.book == book).map(|(b, _)| {
                    let mark = if b.efficiency <= target { "" } else { " ✗" };
                    format!("{:.3}{mark}", b.efficiency)
                })
            })
            .collect();
        let met = evals
            .iter()
            .flat_map(|e| e.books.iter())
            .filter(|(b, _)| b.book == book)
            .all(|(b, _)| b.efficiency <= target);
        let _ = writeln!(
            s,
            "| {}: margin ≤ {} of isolated | **{}**: {} (per data set, in table order) |",
            book.name(),
            if target < 0.3 { "1/5" } else { "1/2" },
            if met { "met" } else { "missed" },
            vals.join(", ")
        );
    }
    let _ = writeln!(
        s,
        "| GARCH within 1e-9 relative of `arch` | **{}**: largest difference {max_garch:.2e} |",
        if max_garch <= 1e-9 { "met" } else { "missed" }
    );
}

fn forecasts(s: &mut String, r: &Results) {
    let _ = writeln!(
        s,
        "| data set | model | QLIKE | MSE | days |\n|---|---|---:|---:|---:|"
    );
    for (name, losses) in &r.forecasts {
        for (model, l) in losses {
            let _ = writeln!(
                s,
                "| {name} | {model} | {:.4} | {:.3e} | {} |",
                l.qlike, l.mse, l.days
            );
        }
    }
    let (days, garch, vix) = r.vix;
    let _ = writeln!(
        s,
        "| S&P 500 on VIX's dates (2014-2018) | GARCH (on-chain) | {:.4} | {:.3e} | {days} |\n\
         | S&P 500 on VIX's dates (2014-2018) | VIX² / 252 (implied) | {:.4} | {:.3e} | {days} |",
        garch.qlike, garch.mse, vix.qlike, vix.mse
    );
}

fn garch_table(s: &mut String, r: &Results) {
    let _ = writeln!(
        s,
        "| series | ω | α | β | forecasts compared | capped returns | max \\|ours / arch − 1\\| | at |\n\
         |---|---:|---:|---:|---:|---:|---:|---|"
    );
    for g in &r.garch {
        let _ = writeln!(
            s,
            "| {} | {:.4e} | {:.6} | {:.6} | {} | {} | {:.2e} | {} |",
            g.name,
            g.params.0,
            g.params.1,
            g.params.2,
            g.days,
            g.capped,
            g.max_rel_diff,
            g.worst_date
        );
    }
}

/// Renders the report.
pub(crate) fn markdown(r: &Results) -> String {
    let mut s = String::new();
    let by_config =
        |c: &str| -> Vec<&Evaluation> { r.evaluations.iter().filter(|e| e.config == c).collect() };
    let (default, vol_driven) = (by_config("default"), by_config("vol-driven"));
    let m = CryptoModel::default();
    let _ = write!(
        s,
        "# Risk validation: backtest of the margin model\n\n\
         Generated by `bash scripts/risk-validation.sh` (re-extracts the data with the Python package `arch`, runs\n\
         `cargo run --release -p ballast-backtest`, draws the charts). Every margin below is computed by risk-math's\n\
         scenario engine, the code PortfolioNetting's `computeMargin` runs, and every volatility by risk-math's\n\
         GARCH/EWMA, the code MarginRegistry runs; `cargo test -p ballast-backtest` runs a CI-sized version\n\
         (`backtest/tests/backtest.rs`). Nothing was tuned to these results: the data, calibrations and parameters\n\
         are stated below, and targets that are missed are reported as missed.\n\n"
    );
    let _ = writeln!(
        s,
        "## Headline (contract defaults, `RiskParams::default()`)\n"
    );
    headline(&mut s, &default);
    let _ = writeln!(
        s,
        "\nColumns: breach = the book's loss over the next day (its one-day margin horizon) above its MM (or IM)\n\
         computed at the close; Kupiec p = two-sided proportion-of-failures test at the model's coverage\n\
         (99.5%, see below) with the direction of a rejection at 5%; ES adequacy = mean of the worst {} of the\n\
         daily loss/MM ratios (97.5% Expected Shortfall in MM units; below 1 the average tail day is covered);\n\
         margin / isolated = median over days of portfolio IM / the sum of each position's IM alone; peak /\n\
         median IM = procyclicality (the book is rebuilt daily at constant notional, so IM moves only with the\n\
         market and the forecast).\n",
        pct(ES_SHARE, 1)
    );
    let _ = writeln!(s, "## Targets\n");
    targets(&mut s, r, &default);
    let _ = writeln!(
        s,
        "\n## Without the scan-range floor (`vol-driven`: `scanRangeFloor` = 1%, its minimum)\n\n\
         The default floor (16%, BTC-sized) is far above `k·σ` for equities and oil, so on those data sets it,\n\
         not the forecast, sets the margin. This run keeps every other default so the forecast alone sets the\n\
         scan range:\n"
    );
    headline(&mut s, &vol_driven);
    let _ = writeln!(s, "\n## Volatility forecasts\n");
    let _ = writeln!(
        s,
        "One-day-ahead daily variance forecasts `h` against the squared next-day log return `r²` over the evaluated\n\
         days: QLIKE = mean of `ln h + r²/h` (Patton's robust loss up to a constant; lower is better), MSE = mean\n\
         of `(r² − h)²`. GARCH is the on-chain update with the data set's parameters and its jump variance; EWMA\n\
         the on-chain RiskMetrics update (λ = 0.94); constant the sample variance of the warm-up (250 closes).\n"
    );
    forecasts(&mut s, r);
    let _ = writeln!(
        s,
        "\n## GARCH against `arch` (reference no one here wrote)\n"
    );
    let _ = writeln!(
        s,
        "risk-math's `Garch::update` against `arch` 8.0.0's zero-mean GARCH(1,1) (`arch_model(...).fix(params)\n\
         .forecast(horizon=1, start=0)`), day by day over each whole series, at equal parameters (arch's fit,\n\
         rounded to 18 decimals, given to both) and equal starting variance (arch's `ω + (α + β)·backcast`).\n\
         Switched off for the comparison: the return cap (set to 100σ, the admissible maximum; no return was\n\
         capped, so the jump variance stays 0), the parameter box (WTI's fit has α + β = 0.9954, above the\n\
         on-chain 0.995; the box is a governance check that the update does not run) and the\n\
         floors/caps/stress blend (they act on the margin vol, after the forecast).\n"
    );
    garch_table(&mut s, r);
    let _ = writeln!(
        s,
        "\nThe remaining difference is fixed-point rounding: each update rounds `r` (the WAD price ratio and `ln`,\n\
         1e-18 absolute), `r²/Δt`, the decays `(β/φ)^Δt` and `φ^Δt` (computed as `exp(Δt·ln x)`, so not exactly\n\
         `β/φ` and `φ` at Δt = 1) and three rounded-up products, each to one WAD unit (1e-18) on a variance of\n\
         1e-5..1e-3; the persistence below 1 keeps the errors from accumulating. The relative difference is\n\
         largest where the variance is smallest (the calm of 2017 for the indices).\n"
    );
    let _ = writeln!(s, "## Charts\n");
    for (file, caption) in [
        ("margin_2008.png", "S&P 500, June 2007 to June 2009: MM (default and vol-driven) against the next-day loss"),
        ("margin_march2020.png", "March 2020 replay: MM against the next-day loss (the crash starts at day 300)"),
        ("breaches.png", "MM breach rates per book and data set"),
        ("forecast_vs_realised.png", "Forecast vs realised volatility (S&P 500, simulated BTC)"),
        ("capital_efficiency.png", "Capital efficiency per book and data set"),
    ] {
        let _ = writeln!(s, "![{caption}](img/risk-validation/{file})\n\n*{caption}.*\n");
    }
    method(&mut s, r, &m);
    s
}

fn method(s: &mut String, r: &Results, m: &CryptoModel) {
    let _ = writeln!(s, "## Method\n");
    let _ = writeln!(
        s,
        "**Data.** `backtest/data/{{sp500,nasdaq,wti,vix}}.csv`, extracted by `scripts/risk-validation-extract.py`\n\
         from the Python package `arch` 8.0.0 (`arch.data.sp500.load()` etc.: S&P 500 and NASDAQ Composite daily\n\
         closes 1999-2018 from Yahoo Finance, WTI Cushing spot 1986-2019 from FRED `DCOILWTICO` with its missing\n\
         days dropped, VIX 2014-2019); each file's header records the source and arch's fit. They stand in for\n\
         crypto underlyings: the crashes of 2000-02, 2008, 2010, 2011, 2015 and 2018 (and oil's 1986, 1990-91,\n\
         2008 and 2014-16) are in them. S&P 500 and NASDAQ are aligned by date and serve as each other's second\n\
         underlying for the two-underlying books (pair, market-maker book); WTI runs the one-underlying books only.\n\n\
         **Clock.** One observation (a trading day for the real data) is one day of the model's clock: the\n\
         margin horizon `horizonSecs` = 86,400 s is one observation, expiries are whole observation days, and\n\
         annual figures use 365 days (as `vol::annualise` does). A weekend is therefore not a longer horizon; the\n\
         VIX comparison converts VIX to a per-trading-day variance (VIX² / 252).\n\n\
         **Market state at each close.** The margin vol (`MarketData.vol` given to the engine) is what\n\
         MarginRegistry computes: the GARCH forecast with its jump variance, annualised, blended with the\n\
         stressed vol (weight 0.25; the stressed vol is the worst 30-day realised vol of the history so far, no\n\
         look-ahead) and clamped to the registry's hard bounds [1%, 500%]. Real-data options are marked (and\n\
         hedged) at the unblended GARCH forecast (no implied-vol history ships with the data, except VIX from\n\
         2014); simulated options at the simulation's true conditional vol. Rates are 0; options are European on\n\
         the close.\n\n\
         **GARCH parameters.** Real data: `arch`'s maximum-likelihood fit of each whole series (in-sample:\n\
         the three parameters use the whole history, the state does not), moved into the on-chain admissible box\n\
         where needed. Simulated data: risk-math's default (the BTC fit of PMC7783506), ETH's ω scaled to its\n\
         1.25x vol. The warm-up (first 250 closes) is not evaluated.\n"
    );
    for ds in &r.datasets {
        for n in &ds.notes {
            let _ = writeln!(s, "- {n}");
        }
    }
    let _ = writeln!(
        s,
        "\n**Books and re-hedging.** The seven books of `docs/capital-efficiency.md`\n\
         (`contracts/portfolio-netting/examples/capital_efficiency.rs`; the backtest's copy in\n\
         `backtest/src/books.rs` reproduces that table at its market, `books::tests`). Every close each book is\n\
         rebuilt at the reference's moneyness, tenors and notional (one unit = $100,000 of the underlying), its\n\
         perp hedge set to minus the options' Black-76 net delta at the mark vol; it is held unchanged for one\n\
         day, and its loss is its value at the close minus its value at the next close (next mark vol, one day\n\
         less to expiry). Isolated margin margins each position alone with the same engine and parameters.\n\n\
         **Coverage.** `volMultiplier` = 3.25 x 1.25: 3.25 is the 99.5% one-day quantile of a unit-variance\n\
         Student-t(4), the 1.25 the EMIR anti-procyclicality buffer (`RiskParams::vol_multiplier`). The model's\n\
         stated coverage is therefore 99.5% over one day, an MM breach expected on at most 0.5% of days; the\n\
         Kupiec test uses p = 0.005 for both MM and IM.\n"
    );
    let _ = writeln!(
        s,
        "**Simulated crypto paths.** A bivariate GARCH(1,1) with Student-t innovations and jumps\n\
         (`backtest/src/sim.rs`), 4,000 evaluated days after 250 of warm-up, seed fixed:\n\n\
         - BTC: ω = {:e}, α = {}, β = {} (the BTC daily GARCH(1,1) of Table 3 of PMC7783506, Empirical\n\
           Economics 61 (2021), doi 10.1007/s00181-020-01990-5, the fit behind risk-math's\n\
           `GarchParams::default()`): long-run vol {:.1}% a day, {:.0}% a year before jumps.\n\
         - ETH: the same α, β with ω x 1.5625, i.e. 1.25x BTC's volatility; correlation of the innovations ρ =\n\
           {}. Both round figures for 2019-2023 daily data, assumed, not fitted here.\n\
         - Innovations: a multivariate Student-t with ν = {} (unit variance), the distribution the engine's\n\
           multiplier assumes.\n\
         - Jumps: on {:.0}% of days both legs jump, log-return jump N({}, {}) for BTC and 1.25x for ETH; jumps\n\
           feed the GARCH recursion (volatility rises after a crash). Assumed, sized so the path has BTC-like\n\
           tails (about 3% of days beyond ±10%, a handful beyond ±20% in eleven years).\n",
        m.btc.omega,
        m.btc.alpha,
        m.btc.beta,
        100.0 * m.btc.long_run_variance().sqrt(),
        100.0 * (365.0 * m.btc.long_run_variance()).sqrt(),
        m.rho,
        m.nu,
        100.0 * m.jump_prob,
        m.btc.jump_mean,
        m.btc.jump_sd,
    );
    let fmt_crash = |c: &[(f64, f64)]| {
        c.iter()
            .map(|(b, e)| format!("{:+.0}/{:+.0}", 100.0 * b, 100.0 * e))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(
        s,
        "**Crash replays** (stylised; daily log returns in %, BTC/ETH). 300 calm days (constant vol, normal\n\
         returns, marked at that vol) warm the models, then the crash days, then 40 days of the GARCH-t without\n\
         jumps from the crash's end state; the evaluation starts 50 days before the crash.\n\n\
         - March 2020 (calm vols {:.0}%/{:.0}%): {}. Sized from the published moves of 12-13 March 2020: BTC from\n\
           about $7,900 to a low near $3,900 and ETH from about $200 to under $90 (BTCMEX, \"Black Thursday: what\n\
           actually happened to Bitcoin\", citing Kaiko; Binance Square recaps), the intraday lows taken as\n\
           closes, so the one-day drop (−47%/−55% log) is harsher than any daily close.\n\
         - November 2022 (calm vols {:.0}%/{:.0}%): {}. Sized from BTC at about $21,000 before, $18,500 on 8\n\
           November (The Verge, 10 Nov 2022), both BTC and ETH about −20% over the week (CoinGecko via Decrypt),\n\
           and the two-year low of $15,480 with ETH at $1,080 on 21-22 November (CoinDesk, 22 Nov 2022).\n",
        100.0 * sim::MARCH_2020_CALM.0,
        100.0 * sim::MARCH_2020_CALM.1,
        fmt_crash(&sim::MARCH_2020),
        100.0 * sim::NOVEMBER_2022_CALM.0,
        100.0 * sim::NOVEMBER_2022_CALM.1,
        fmt_crash(&sim::NOVEMBER_2022),
    );
    let names: Vec<&str> = configs().iter().map(|c| c.name).collect();
    let _ = writeln!(
        s,
        "**Parameter sets.** {}: `RiskParams::default()` for every underlying, spread credit 50% between the two\n\
         underlyings, credit floor 50%, hard-cap limits.\n",
        names.join(" and ")
    );
    s.push_str(crate::report_md_findings::FINDINGS);
}
