#!/usr/bin/env bash
# Regenerates docs/risk-validation.md and its charts (issue 16), everything from scratch:
#   1. a Python virtual environment with the pinned packages of scripts/risk-validation-requirements.txt
#      (arch ships the data; matplotlib draws the charts), under target/risk-validation-venv;
#   2. scripts/risk-validation-extract.py: backtest/data/*.csv (the daily series and arch's GARCH reference);
#   3. cargo run --release -p ballast-backtest: the backtest, docs/risk-validation.md and the chart data in
#      target/risk-validation/;
#   4. scripts/risk-validation-charts.py: docs/img/risk-validation/*.png.
# CI does not run this (it needs PyPI); it runs the CI-sized backtest, `cargo test -p ballast-backtest`, which
# reads the committed CSVs. Set PYTHON to choose the interpreter (default python3).
# Usage: bash scripts/risk-validation.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/target/risk-validation-venv"
if [[ ! -x "$venv/bin/python" ]]; then
  "${PYTHON:-python3}" -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/scripts/risk-validation-requirements.txt"
"$venv/bin/python" "$root/scripts/risk-validation-extract.py"
(cd "$root" && cargo run --quiet --release -p ballast-backtest)
"$venv/bin/python" "$root/scripts/risk-validation-charts.py"
echo "risk-validation: wrote docs/risk-validation.md and docs/img/risk-validation/*.png"
