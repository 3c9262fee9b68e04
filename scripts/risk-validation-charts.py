#!/usr/bin/env python3
"""Draws the PNG charts of docs/risk-validation.md from the backtest's CSV output (target/risk-validation/,
written by `cargo run --release -p ballast-backtest`) into docs/img/risk-validation/. Run by
scripts/risk-validation.sh; needs matplotlib (scripts/risk-validation-requirements.txt)."""
import csv
import math
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DATA = os.path.join(ROOT, "target", "risk-validation")
OUT = os.path.join(ROOT, "docs", "img", "risk-validation")
plt.rcParams.update({"figure.dpi": 100, "font.size": 9, "svg.hashsalt": "ballast"})


def read(name):
    with open(os.path.join(DATA, name)) as f:
        rows = list(csv.DictReader(f))
    return rows


def save(fig, name):
    fig.tight_layout()
    # No timestamps in the PNG metadata, so the same data gives the same bytes.
    fig.savefig(os.path.join(OUT, name), metadata={"Software": None})
    plt.close(fig)


def margin_vs_loss(dataset, books, title, name, lo=None, hi=None):
    fig, axes = plt.subplots(len(books), 1, figsize=(9, 2.6 * len(books)), sharex=True)
    for ax, (book, label) in zip(axes, books):
        for config, style in [("default", "-"), ("vol-driven", "--")]:
            rows = read(f"daily_{dataset}_{config}.csv")
            rows = [r for r in rows if (lo is None or r["label"] >= lo) and (hi is None or r["label"] < hi)]
            x = list(range(len(rows)))
            ax.plot(x, [float(r[f"{book}_mm"]) for r in rows], style, lw=1, label=f"MM ({config})")
            if config == "default":
                loss = [float(r[f"{book}_loss"]) for r in rows]
                ax.bar(x, [max(v, 0) for v in loss], width=1.0, color="crimson", label="realised loss (next day)")
                ticks = list(range(0, len(rows), max(1, len(rows) // 8)))
                ax.set_xticks(ticks)
                ax.set_xticklabels([rows[i]["label"] for i in ticks], rotation=0)
        ax.set_title(label)
        ax.set_ylabel("USD per $100k unit")
        ax.legend(loc="upper left", fontsize=7)
    fig.suptitle(title)
    save(fig, name)


def ordered(rows, column):
    """The distinct values of `column` in order of first appearance."""
    return list(dict.fromkeys(r[column] for r in rows))


def breaches():
    rows = read("summary.csv")
    datasets, books = ordered(rows, "dataset"), ordered(rows, "book")
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.6), sharey=True)
    for ax, config in zip(axes, ["default", "vol-driven"]):
        width = 0.8 / len(datasets)
        for i, d in enumerate(datasets):
            rates = []
            for b in books:
                m = [r for r in rows if r["dataset"] == d and r["config"] == config and r["book"] == b]
                rates.append(100 * int(m[0]["mm_breaches"]) / int(m[0]["days"]) if m else 0)
            ax.bar([k + i * width for k in range(len(books))], rates, width, label=d)
        ax.axhline(0.5, color="black", lw=0.8, ls=":", label="0.5% (99.5% coverage)")
        ax.set_xticks([k + 0.4 - width / 2 for k in range(len(books))])
        ax.set_xticklabels(books, rotation=30, ha="right")
        ax.set_title(f"MM breach rate, {config} parameters")
        ax.set_ylabel("% of days")
    axes[0].legend(fontsize=7)
    save(fig, "breaches.png")


def forecasts():
    fig, axes = plt.subplots(2, 1, figsize=(9, 6))
    for ax, (dataset, title) in zip(axes, [("sp500", "S&P 500"), ("sim", "simulated BTC")]):
        rows = read(f"forecast_{dataset}.csv")
        r2 = [float(r["r2_next"]) for r in rows]
        window = 21
        realised = [math.sqrt(365 * sum(r2[max(0, i - window + 1):i + 1]) / min(window, i + 1)) for i in range(len(r2))]
        x = list(range(len(rows)))
        ax.plot(x, realised, color="grey", lw=0.8, label="realised (21-day, annualised)")
        ax.plot(x, [math.sqrt(365 * float(r["garch"])) for r in rows], lw=0.8, label="GARCH forecast (on-chain)")
        ax.plot(x, [math.sqrt(365 * float(r["ewma"])) for r in rows], lw=0.6, alpha=0.7, label="EWMA forecast")
        ax.plot(x, [float(r["margin_vol"]) for r in rows], lw=0.6, ls="--", label="margin vol (after APC)")
        ticks = list(range(0, len(rows), max(1, len(rows) // 8)))
        ax.set_xticks(ticks)
        ax.set_xticklabels([rows[i]["label"] for i in ticks])
        ax.set_title(f"{title}: forecast vs realised volatility (365-day clock)")
        ax.legend(fontsize=7, loc="upper left")
    save(fig, "forecast_vs_realised.png")


def efficiency():
    rows = [r for r in read("summary.csv") if r["config"] == "default"]
    datasets, books = ordered(rows, "dataset"), ordered(rows, "book")
    fig, ax = plt.subplots(figsize=(9, 3.6))
    width = 0.8 / len(datasets)
    for i, d in enumerate(datasets):
        vals = []
        for b in books:
            m = [r for r in rows if r["dataset"] == d and r["book"] == b]
            vals.append(float(m[0]["efficiency"]) if m else 0)
        ax.bar([k + i * width for k in range(len(books))], vals, width, label=d)
    ax.axhline(0.2, color="black", lw=0.8, ls=":", label="1/5 target (delta-hedged books)")
    ax.axhline(0.5, color="black", lw=0.8, ls="--", label="1/2 target (perp hedge)")
    ax.set_xticks([k + 0.4 - width / 2 for k in range(len(books))])
    ax.set_xticklabels(books, rotation=30, ha="right")
    ax.set_ylabel("median portfolio IM / isolated IM")
    ax.set_title("Capital efficiency per book (default parameters)")
    ax.legend(fontsize=7)
    save(fig, "capital_efficiency.png")


def main():
    os.makedirs(OUT, exist_ok=True)
    books = [("naked_put", "naked put (90% 30d)"), ("straddle", "delta-hedged short straddle"),
             ("mm_book", "market-maker book (32 positions)")]
    margin_vs_loss("sp500", books, "S&P 500 through 2008: maintenance margin vs next-day loss", "margin_2008.png",
                   "2007-06-01", "2009-07-01")
    margin_vs_loss("mar2020", books, "Replay of March 2020 (simulated BTC/ETH history, then the crash)",
                   "margin_march2020.png")
    breaches()
    forecasts()
    efficiency()


if __name__ == "__main__":
    main()
