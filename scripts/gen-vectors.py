#!/usr/bin/env python3
"""Regenerates the risk-math reference vectors in tests/vectors/ with mpmath at 50 significant digits.

    pip install mpmath==1.3.0 && python3 scripts/gen-vectors.py

Independent of the Rust code: it evaluates the textbook formulas (methodology §4.1) in 50-digit arithmetic on
exact WAD inputs. Every input is a raw WAD integer (value * 1e18) written as a decimal string; every expected
output is the exact value times 1e18 written with 12 fractional digits (so a test can measure errors far below
one WAD unit), or the string "error" where the Rust function must return an error.

Files:
  elementary.json  exp, ln, sqrt, pow, norm_cdf, norm_pdf
  black.json       Black-76 (forward) and Black-Scholes (spot + rate) price, delta, gamma, vega, theta
  normal_q62.json  the scenario pricer's fast normal: inputs z >= 0 in Q60 (integer z * 2^60), the upper tail
                   Phi(-z) and the density phi(z) times 2^62 with 6 fractional digits (crate-internal, checked by
                   the unit tests of src/normal.rs)
The random draws use a fixed seed, so the output is reproducible byte for byte.
"""
import json
import os
import random

import mpmath as mp

mp.mp.dps = 50
WAD = mp.mpf(10) ** 18
U128_MAX = 2**128 - 1
I128_MAX = 2**127 - 1
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "vectors")
rng = random.Random(20261124)


def fmt(x):
    # Fixed-point decimal with 12 fractional digits, sign included.
    neg = x < 0
    x = abs(x)
    scaled = int(mp.nint(x * 10**12))
    s = f"{scaled // 10**12}.{scaled % 10**12:012d}"
    return "-" + s if neg and scaled != 0 else s


def raw_of(v):
    return int(mp.nint(mp.mpf(v) * WAD))


def log_uniform(lo, hi):
    return mp.e ** (mp.log(lo) + (mp.log(hi) - mp.log(lo)) * mp.mpf(rng.random()))


def Phi(x):
    return mp.ncdf(x)


def phi(x):
    return mp.npdf(x)


# ---------------------------------------------------------------------------------------------------------
# Elementary functions
# ---------------------------------------------------------------------------------------------------------


def gen_exp():
    xs = set()
    for s in ["0", "1", "-1", "0.5", "-0.5", "1e-18", "-1e-18", "47.276", "47.2765", "47.3", "48", "-41.4",
              "-41.45", "-42.4", "-42.6", "-100", "10", "-10", "20", "0.346573590279972654", "-0.346573590279972654",
              "0.693147180559945309", "-0.693147180559945309", "1.5e-9", "100", "1000000"]:
        xs.add(raw_of(s))
    for _ in range(300):
        xs.add(raw_of(mp.mpf(rng.uniform(-43, 47.27))))
    for _ in range(100):
        xs.add(raw_of(mp.mpf(rng.uniform(-1, 1)) * mp.mpf(10) ** rng.uniform(-17, 0)))
    out = []
    for x in sorted(xs):
        v = mp.exp(mp.mpf(x) / WAD)
        out.append([str(x), "error" if v * WAD > U128_MAX else fmt(v * WAD)])
    return out


def gen_ln():
    xs = {1, 2, 10**18, 10**18 + 1, 10**18 - 1, U128_MAX, 2**127, 2**64, 2718281828459045235, 5 * 10**17,
          10**18 + 10**12, 10**18 - 10**12, 1414213562373095048, 707106781186547524, 0}
    for _ in range(300):
        xs.add(int(log_uniform(1, U128_MAX)))
    for _ in range(100):
        xs.add(10**18 + int(rng.uniform(-1, 1) * 10 ** rng.uniform(0, 17)))
    out = []
    for x in sorted(xs):
        out.append([str(x), "error" if x == 0 else fmt(mp.log(mp.mpf(x) / WAD) * WAD)])
    return out


def gen_sqrt():
    xs = {0, 1, 2, 3, 4, 10**18, 2 * 10**18, U128_MAX, 10**36, 10**36 - 1, 999999999999999999}
    for _ in range(200):
        xs.add(int(log_uniform(1, U128_MAX)))
    return [[str(x), fmt(mp.sqrt(mp.mpf(x) / WAD) * WAD)] for x in sorted(xs)]


def gen_pow():
    cases = {(0, 0), (0, 10**18), (0, -(10**18)), (10**18, 123 * 10**18), (2 * 10**18, 10 * 10**18),
             (2 * 10**18, 5 * 10**17), (10**17, -(3 * 10**18)), (2 * 10**18, 200 * 10**18),
             (10**19, 21 * 10**18), (10**19, -(19 * 10**18)), (940000000000000000, 365 * 10**18)}
    for _ in range(250):
        x = int(log_uniform(1e12, 1e24))
        y = int(mp.mpf(rng.uniform(-20, 20)) * WAD)
        cases.add((x, y))
    for _ in range(50):
        # EWMA-style decays: lambda^dt with lambda near 1, dt a fraction.
        x = int(mp.mpf(rng.uniform(0.9, 0.999)) * WAD)
        y = int(mp.mpf(rng.uniform(0, 30)) * WAD)
        cases.add((x, y))
    out = []
    for x, y in sorted(cases):
        if x == 0:
            v = None if y < 0 else (mp.mpf(1) if y == 0 else mp.mpf(0))
        else:
            t = mp.mpf(y) / WAD * mp.log(mp.mpf(x) / WAD)
            v = mp.exp(t) if t <= 200 else None
        ok = v is not None and v * WAD <= U128_MAX
        out.append([str(x), str(y), fmt(v * WAD) if ok else "error"])
    return out


def gen_cdf():
    xs = {0, 1, -1, 10**18, -(10**18), 2 * 10**18, -(2 * 10**18), 5 * 10**18, -(5 * 10**18), 8 * 10**18,
          -(8 * 10**18), 9 * 10**18, -(9 * 10**18), 10 * 10**18 - 1, -(10 * 10**18 - 1), 10 * 10**18, -(10 * 10**18),
          38 * 10**18, -(38 * 10**18), I128_MAX, -I128_MAX - 1, 2500000000000000000, 4999999999999999999}
    for _ in range(1200):
        xs.add(int(mp.mpf(rng.uniform(-11, 11)) * WAD))
    for _ in range(100):
        xs.add(int(mp.mpf(rng.uniform(-1, 1)) * mp.mpf(10) ** rng.uniform(0, 18)))
    return [[str(x), fmt(Phi(mp.mpf(x) / WAD) * WAD)] for x in sorted(xs)]


def gen_pdf():
    xs = {0, 1, -1, 10**18, 9 * 10**18, 10 * 10**18, I128_MAX, -I128_MAX - 1}
    for _ in range(300):
        xs.add(int(mp.mpf(rng.uniform(-11, 11)) * WAD))
    return [[str(x), fmt(phi(mp.mpf(x) / WAD) * WAD)] for x in sorted(xs)]


# ---------------------------------------------------------------------------------------------------------
# Options
# ---------------------------------------------------------------------------------------------------------


def black(kind, model, und, K, tau, sigma, r):
    """Reference price and Greeks, all exact (mpf). Degenerate v = 0 follows the crate's documented limits."""
    D = mp.exp(-r * tau)
    F = und * mp.exp(r * tau) if model == "spot" else und
    v = sigma * mp.sqrt(tau)
    call = kind == "call"
    if v == 0:
        L = mp.log(F / K)
        if L > 0:
            N1 = N2 = mp.mpf(1)
        elif L < 0:
            N1 = N2 = mp.mpf(0)
        else:
            N1 = N2 = mp.mpf(0.5)
        n1 = phi(0) if L == 0 else mp.mpf(0)
    else:
        d1 = mp.log(F / K) / v + v / 2
        d2 = d1 - v
        N1, N2, n1 = Phi(d1), Phi(d2), phi(d1)
    if call:
        price = D * (F * N1 - K * N2)
        dF = D * N1
    else:
        price = D * (K * (1 - N2) - F * (1 - N1))
        dF = -D * (1 - N1)
    price = max(price, mp.mpf(0))
    gamma_F = mp.mpf(0) if v == 0 else D * n1 / (F * v)
    vega = D * F * n1 * mp.sqrt(tau)
    decay = mp.mpf(0) if tau == 0 else D * F * n1 * sigma / (2 * mp.sqrt(tau))
    theta = r * price - decay
    if model == "spot":
        delta = dF / D
        gamma = gamma_F / D ** 2 if v != 0 else mp.mpf(0)
        theta = theta - r * F * dF
    else:
        delta = dF
        gamma = gamma_F
    return price, delta, gamma, vega, theta


def gen_black():
    cases = []

    def add(kind, model, und, K, tau, sigma, r, tag):
        cases.append((kind, model, raw_of(und), raw_of(K), raw_of(tau), raw_of(sigma), raw_of(r), tag))

    # Methodology §4.4 grid: m in [0.2, 5], tau in [1 min, 2 y], sigma in [5%, 500%].
    minute = mp.mpf(60) / 31536000
    for _ in range(1200):
        F = log_uniform(1, 200000)
        m = log_uniform(0.2, 5)
        tau = log_uniform(minute, 2)
        sigma = log_uniform(0.05, 5)
        r = mp.mpf(rng.uniform(-0.02, 0.15)) if rng.random() < 0.7 else mp.mpf(0)
        add(rng.choice(["call", "put"]), rng.choice(["forward", "spot"]), F, F * m, tau, sigma, r, "grid")
    # Wider: tiny and huge prices, long expiries, extreme moneyness.
    for _ in range(400):
        F = log_uniform(1e-6, 1e12)
        m = log_uniform(1e-3, 1e3)
        tau = log_uniform(1e-9, 30)
        sigma = log_uniform(1e-4, 20)
        r = mp.mpf(rng.uniform(-0.1, 0.5))
        add(rng.choice(["call", "put"]), rng.choice(["forward", "spot"]), F, F * m, tau, sigma, r, "wide")
    # Edges: expiry, zero vol, at the money, huge total vol, deep ITM/OTM.
    for kind in ["call", "put"]:
        for model in ["forward", "spot"]:
            for K in [90, 100, 110]:
                add(kind, model, 100, K, 0, 0.8, 0.05, "expiry")
                add(kind, model, 100, K, 0.5, 0, 0.05, "zero-vol")
                add(kind, model, 100, K, 0.5, 0, 0, "zero-vol")
                add(kind, model, 100, K, 1e-12, 0.8, 0.03, "near-expiry")
            for K in ["99.9999999", "100", "100.0000001"]:
                add(kind, model, 100, mp.mpf(K), 1e-16, 0.5, 0.03, "micro-expiry")
                add(kind, model, 100, K, 4, 25, 0.01, "huge-vol")
            add(kind, model, 3000, 3000, 1.0 / 365, 0.6, 0.0, "atm")
            add(kind, model, 100, 1, 0.25, 0.5, 0.02, "deep")
            add(kind, model, 100, 10000, 0.25, 0.5, 0.02, "deep")
            add(kind, model, 100, 50, 0.01, 0.2, 0.0, "deep")
            add(kind, model, 100, 200, 0.01, 0.2, 0.0, "deep")
            add(kind, model, 1e-9, 1e-9, 1, 1, 0, "tiny")
            add(kind, model, 1e15, 1.2e15, 1, 1, 0, "huge")
    # Far in the tails (issue 16): |d1| from 3 to 9.99, so the density n(d1) runs from 4e-3 down to 1e-22,
    # with short expiries and high vols. Drawn by their own generator so the cases above stay what they were.
    tail_rng = random.Random(20261126)

    def tail_uniform(lo, hi):
        return mp.e ** (mp.log(lo) + (mp.log(hi) - mp.log(lo)) * mp.mpf(tail_rng.random()))

    for tag, tau_range, sigma_range, n in [("far-otm", (minute, 2), (0.05, 5), 300),
                                           ("short-dated", (1e-7, 3.0 / 365), (0.2, 3), 150),
                                           ("high-vol", (1.0 / 365, 1), (2, 10), 150)]:
        drawn = 0
        while drawn < n:
            F = tail_uniform(1e-3, 1e9)
            tau = tail_uniform(*tau_range)
            sigma = tail_uniform(*sigma_range)
            v = sigma * mp.sqrt(tau)
            d1 = mp.mpf(tail_rng.uniform(3, 9.99)) * tail_rng.choice([-1, 1])
            K = F * mp.exp(-(d1 - v / 2) * v)
            if not (mp.mpf("1e-6") <= K <= mp.mpf("1e15") and mp.mpf("1e-3") <= K / F <= 1000):
                continue  # outside the moneyness of the wide sweep, or a strike of a few WAD units: draw again
            drawn += 1
            r = mp.mpf(tail_rng.uniform(-0.05, 0.2)) if tail_rng.random() < 0.5 else mp.mpf(0)
            add(tail_rng.choice(["call", "put"]), tail_rng.choice(["forward", "spot"]), F, K, tau, sigma, r, tag)
    out = []
    for kind, model, und, K, tau, sigma, r, tag in cases:
        p, d, g, ve, th = black(kind, model, mp.mpf(und) / WAD, mp.mpf(K) / WAD, mp.mpf(tau) / WAD,
                                mp.mpf(sigma) / WAD, mp.mpf(r) / WAD)
        out.append({
            "tag": tag, "kind": kind, "model": model, "underlying": str(und), "strike": str(K),
            "expiry_years": str(tau), "vol": str(sigma), "rate": str(r),
            "price": fmt(p * WAD), "delta": fmt(d * WAD), "gamma": fmt(g * WAD), "vega": fmt(ve * WAD),
            "theta": fmt(th * WAD),
        })
    return out


def gen_normal_q62():
    # Own generator so the other files stay byte-for-byte what they were.
    r = random.Random(20261125)
    q60 = 2**60
    zs = set()
    for i in range(0, 81):  # table points of x0 = i/8 and the half-way points on both sides, up to 10
        for k in (0, 1, -1, 2**56, 2**56 - 1, -(2**56), -(2**56) + 1):
            z = i * 2**57 + k
            if z >= 0:
                zs.add(z)
    for _ in range(3000):
        zs.add(r.randrange(0, 10 * q60))
    for _ in range(500):
        zs.add(r.randrange(0, q60 // 4))
    for _ in range(200):
        zs.add(int(mp.nint(log_uniform(mp.mpf("1e-18"), 1) * q60)))
    scale = mp.mpf(2) ** 62

    def fmt6(x):
        scaled = int(mp.nint(x * 10**6))
        return f"{scaled // 10**6}.{scaled % 10**6:06d}"

    out = []
    for z in sorted(zs):
        x = mp.mpf(z) / q60
        out.append({"z": str(z), "tail": fmt6(Phi(-x) * scale), "pdf": fmt6(phi(x) * scale)})
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    elementary = {
        "exp": gen_exp(), "ln": gen_ln(), "sqrt": gen_sqrt(), "pow": gen_pow(),
        "norm_cdf": gen_cdf(), "norm_pdf": gen_pdf(),
    }
    with open(os.path.join(OUT, "elementary.json"), "w") as f:
        f.write("{\n")
        f.write(",\n".join(f'"{name}": [\n' + ",\n".join(json.dumps(row) for row in rows) + "\n]"
                            for name, rows in elementary.items()))
        f.write("\n}\n")
    with open(os.path.join(OUT, "black.json"), "w") as f:
        f.write("[\n" + ",\n".join(json.dumps(case, separators=(",", ":")) for case in gen_black()) + "\n]\n")
    with open(os.path.join(OUT, "normal_q62.json"), "w") as f:
        f.write("[\n" + ",\n".join(json.dumps(row, separators=(",", ":")) for row in gen_normal_q62()) + "\n]\n")


if __name__ == "__main__":
    main()
