//! `ballast-backtest`: runs the full backtest and writes `docs/risk-validation.md` and the chart data
//! (`target/risk-validation/*.csv`, drawn by `scripts/risk-validation-charts.py`). Run it through
//! `bash scripts/risk-validation.sh`, which also re-extracts the data and draws the charts.

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let doc = root.join("docs/risk-validation.md");
    let csv_dir = root.join("target/risk-validation");
    if let Err(e) = ballast_backtest::report::full(&doc, &csv_dir) {
        eprintln!("ballast-backtest: {e}");
        std::process::exit(1);
    }
}
