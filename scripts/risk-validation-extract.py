#!/usr/bin/env python3
"""Extracts the daily series that ship with the `arch` package into backtest/data/ and fits the GARCH(1,1)
reference the backtest compares its on-chain forecast with (issue 16).

    pip install -r scripts/risk-validation-requirements.txt && python3 scripts/risk-validation-extract.py

For each of S&P 500, NASDAQ Composite and WTI crude it writes backtest/data/<name>.csv with the columns
`date,close,arch_variance`:

- `close`: the daily close as the package ships it (decimal string; WTI's missing days are dropped);
- `arch_variance`: arch's one-step-ahead variance of the log return from this close to the next, known at this
  close, from a zero-mean GARCH(1,1) with normal innovations whose parameters are the fitted ones rounded to 18
  decimals (the WAD values the Rust code uses), so the comparison is at equal parameters. Row 0 holds arch's
  starting variance `omega + (alpha + beta) * backcast`, which the Rust side takes as its initial variance.

The parameters are fitted by arch on 100 x the log returns (its recommended scale) and converted to decimal
returns (`omega / 1e4`); the header lines (`#`) record them with the package versions. VIX (2014-2019) is written
as backtest/data/vix.csv (`date,close`), the implied-volatility benchmark of the S&P 500 forecasts. The output
is deterministic: the same package versions give the same bytes.
"""
import os
import sys

import numpy as np
import arch
from arch import arch_model
import arch.data.nasdaq
import arch.data.sp500
import arch.data.vix
import arch.data.wti

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "backtest", "data")
WAD = 10**18

SERIES = [
    ("sp500", arch.data.sp500, "Adj Close", "S&P 500 index (Yahoo Finance ^GSPC)"),
    ("nasdaq", arch.data.nasdaq, "Adj Close", "NASDAQ Composite index (Yahoo Finance ^IXIC)"),
    ("wti", arch.data.wti, "DCOILWTICO", "WTI crude oil spot, Cushing (FRED DCOILWTICO)"),
]


def wad(x):
    """Rounds a float to 18 decimals; returns (raw integer, float of that decimal)."""
    raw = int(round(x * WAD))
    return raw, raw / WAD


def write_series(name, module, column, title):
    closes = module.load()[column].dropna()
    closes = closes[closes > 0]
    text = [f"{c:.6f}".rstrip("0").rstrip(".") for c in closes.values]
    prices = np.array([float(t) for t in text])
    returns = np.diff(np.log(prices))
    fit = arch_model(100 * returns, mean="Zero", vol="GARCH", p=1, q=1, dist="normal").fit(disp="off")
    omega, alpha, beta = fit.params.values
    (omega_raw, omega_w), (alpha_raw, alpha_w), (beta_raw, beta_w) = wad(omega / 1e4), wad(alpha), wad(beta)
    model = arch_model(returns, mean="Zero", vol="GARCH", p=1, q=1, dist="normal", rescale=False)
    fixed = model.fix(np.array([omega_w, alpha_w, beta_w]))
    cond = fixed.conditional_volatility ** 2
    ahead = fixed.forecast(horizon=1, start=0, reindex=False).variance.values[:, 0]
    bounds = model.volatility.variance_bounds(returns)
    clipped = int(((cond <= bounds[:, 0]) | (cond >= bounds[:, 1])).sum())
    # Row 0: the starting variance (for the return 0 -> 1); row i >= 1: the forecast made at close i.
    variance = np.concatenate([[cond[0]], ahead])
    path = os.path.join(OUT, f"{name}.csv")
    with open(path, "w") as f:
        f.write(f"# {title}, daily closes {closes.index[0].date()} to {closes.index[-1].date()}, {len(text)} rows.\n")
        f.write(f"# Source: the Python package arch {arch.__version__}, arch.data.{name}.load()['{column}'] "
                f"(rows with a missing or non-positive close dropped).\n")
        f.write("# Written by scripts/risk-validation-extract.py; arch_variance: arch's one-step-ahead variance of "
                "the next log return, zero-mean GARCH(1,1), normal, at the parameters below.\n")
        f.write(f"# arch fit (on 100 x log returns): omega {float(omega)!r} alpha {float(alpha)!r} beta {float(beta)!r} "
                f"loglik {float(fit.loglikelihood)!r}; numpy {np.__version__}.\n")
        f.write(f"# garch_wad: omega {omega_raw} alpha {alpha_raw} beta {beta_raw}\n")
        f.write(f"# arch variance bounds active on {clipped} days\n")
        f.write("date,close,arch_variance\n")
        for d, t, v in zip(closes.index, text, variance):
            f.write(f"{d.date()},{t},{float(v)!r}\n")
    print(f"{name}: {len(text)} closes, omega {omega / 1e4:.3e} alpha {alpha:.4f} beta {beta:.4f}, "
          f"bounds active {clipped}", file=sys.stderr)


def write_vix():
    vix = arch.data.vix.load()["vix"].dropna()
    with open(os.path.join(OUT, "vix.csv"), "w") as f:
        f.write(f"# CBOE VIX index, daily closes {vix.index[0].date()} to {vix.index[-1].date()}, {len(vix)} rows.\n")
        f.write(f"# Source: the Python package arch {arch.__version__}, arch.data.vix.load()['vix'].\n")
        f.write("date,close\n")
        for d, c in zip(vix.index, vix.values):
            f.write(f"{d.date()},{c:.2f}\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    for s in SERIES:
        write_series(*s)
    write_vix()


if __name__ == "__main__":
    main()
