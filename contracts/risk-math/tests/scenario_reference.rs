//! Cross-check of the scenario engine against an independent `f64` reimplementation of the same scenario
//! formulas (methodology §1.2 as specified in `ballast_risk_math::scenario`).
//!
//! The reference shares no code with the engine: it prices every *position* separately (no merging of series),
//! with textbook Black-76 on the forward `F = S·e^{rτ}` and its own normal CDF (erfc by series and continued
//! fraction, accurate to ~1e-16), builds the scenario list from the documented layout, and sums.
//!
//! Tolerance: every scenario PnL, scan loss and margin within `1e-14 × gross notional` (`Σ|size|·spot`): the
//! measured maximum is 1.64e-15 (scenario PnL; 1.04e-15 scan loss and margins), the `f64` reference's own
//! rounding; the engine's fixed-point error is far below (normal tail within 2e-18). The measured maxima are
//! printed (`cargo test --test scenario_reference -- --nocapture`).

mod scenario_support;

use ballast_risk_math::portfolio::{MarketData, Position, PositionKind};
use ballast_risk_math::scenario::{assess_underlying, RiskParams};
use scenario_support::*;

const YEAR: f64 = 31_536_000.0;
const TAIL: [f64; 8] = [0.34, 0.67, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0];

/// `erfc(x)` for `x >= 0`.
fn erfc_pos(x: f64) -> f64 {
    if x < 3.0 {
        // erf(x) = 2/√π e^{-x²} Σ 2^n x^{2n+1} / (2n+1)!!, all terms positive.
        let mut term = x;
        let mut sum = x;
        let mut n = 0.0;
        while term > 1e-18 * sum {
            n += 1.0;
            term *= 2.0 * x * x / (2.0 * n + 1.0);
            sum += term;
        }
        1.0 - 2.0 / std::f64::consts::PI.sqrt() * (-x * x).exp() * sum
    } else {
        // Continued fraction erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))).
        let mut f = x;
        for k in (1..120).rev() {
            f = x + f64::from(k) / 2.0 / f;
        }
        (-x * x).exp() / std::f64::consts::PI.sqrt() / f
    }
}

fn norm_cdf(x: f64) -> f64 {
    let z = x / std::f64::consts::SQRT_2;
    if z < 0.0 {
        0.5 * erfc_pos(-z)
    } else {
        1.0 - 0.5 * erfc_pos(z)
    }
}

/// Black-76 value of one unit: forward `fwd`, strike `k`, total vol `v = σ√τ`, discount `d`.
fn black76(call: bool, fwd: f64, k: f64, v: f64, d: f64) -> f64 {
    if v <= 0.0 {
        return d * if call {
            (fwd - k).max(0.0)
        } else {
            (k - fwd).max(0.0)
        };
    }
    let d1 = (fwd / k).ln() / v + v / 2.0;
    let d2 = d1 - v;
    if call {
        d * (fwd * norm_cdf(d1) - k * norm_cdf(d2))
    } else {
        d * (k * norm_cdf(-d2) - fwd * norm_cdf(-d1))
    }
}

fn w(x: ballast_risk_math::Wad) -> f64 {
    f(x)
}

struct Reference {
    pnl: Vec<f64>,
    scan_loss: f64,
    mm: f64,
    im: f64,
    gross: f64,
}

/// The reference engine for one underlying (worst-loss mode).
fn reference(positions: &[Position], m: &MarketData, p: &RiskParams) -> Reference {
    let (spot, sigma, r) = (w(m.spot), w(m.vol), fs(m.rate));
    let range = (w(p.vol_multiplier) * sigma * (f64::from(p.horizon_secs) / YEAR).sqrt())
        .clamp(w(p.scan_range_floor), w(p.scan_range_cap));
    let n = p.grid_steps as i32;
    // Scenario list: (spot multiplier, vol state 0 up / 1 none / 2 down, dampening).
    let mut grid: Vec<(f64, usize, f64)> = Vec::new();
    for j in -n..=n {
        let s = 1.0 + f64::from(j) * range / f64::from(n);
        let states: &[usize] = if j.abs() == n { &[0] } else { &[0, 1, 2] };
        for &v in states {
            grid.push((s, v, 1.0));
        }
    }
    for s in TAIL {
        grid.push((
            s,
            0,
            (w(p.tail_dampening) * range / (s - 1.0).abs()).min(1.0),
        ));
    }
    let priced = grid.len();
    let mut pnl = vec![0.0; priced + 4];
    let mut gross = 0.0;
    let mut skew: std::collections::BTreeMap<u64, [[f64; 2]; 2]> = Default::default();
    let mut short_per_strike: std::collections::BTreeMap<(u64, u128), f64> = Default::default();
    let mut near = 0.0;
    let mut delta_one = 0.0;
    for pos in positions.iter().filter(|q| q.underlying == m.underlying) {
        let q = fs(pos.size);
        gross += q.abs() * spot;
        let secs = pos.expiry_secs.saturating_sub(NOW) as f64;
        let tau = secs / YEAR;
        let fwd = spot * (r * tau).exp();
        let basis_move = (w(p.basis_shock) * (0.5 + 2.0 * tau)).min(0.9);
        if pos.kind == PositionKind::DeltaOne {
            let price = if pos.expiry_secs == 0 { spot } else { fwd };
            delta_one += (q * price).abs();
            for (i, (s, _, damp)) in grid.iter().enumerate() {
                pnl[i] += damp * q * price * (s - 1.0);
            }
            if pos.expiry_secs != 0 {
                pnl[priced + 2] += q * price * basis_move;
                pnl[priced + 3] -= q * price * basis_move;
            }
            continue;
        }
        let call = pos.kind == PositionKind::Call;
        let k = w(pos.strike);
        let d = (-r * tau).exp();
        let dte = secs.max(86_400.0) / 86_400.0;
        let power = if dte <= 30.0 {
            w(p.short_term_power)
        } else {
            w(p.long_term_power)
        };
        let mult = (30.0 / dte).powf(power);
        let vols = [
            (sigma * (1.0 + w(p.vol_up_shock) * mult)).max(w(p.min_vol_up)),
            sigma,
            sigma * (1.0 - w(p.vol_down_shock) * mult).max(0.0),
        ];
        let base = black76(call, fwd, k, sigma * tau.sqrt(), d);
        for (i, (s, v, damp)) in grid.iter().enumerate() {
            pnl[i] += damp * q * (black76(call, fwd * s, k, vols[*v] * tau.sqrt(), d) - base);
        }
        let cap = (w(p.skew_shock) - 0.1 * tau.sqrt()).max(0.0);
        let kstar = (2.4 * tau.sqrt()).max(0.01);
        let kk = (k / fwd).ln();
        let e = skew.entry(pos.expiry_secs).or_default();
        for (variant, x) in [kk, kk.abs()].into_iter().enumerate() {
            let t = (x * cap / kstar).clamp(-cap, cap);
            for (dir, sign) in [1.0, -1.0].into_iter().enumerate() {
                let shocked = sigma * (1.0 + sign * t);
                e[variant][dir] += q * (black76(call, fwd, k, shocked * tau.sqrt(), d) - base);
            }
        }
        for (t, sign) in [1.0, -1.0].into_iter().enumerate() {
            let shocked = fwd * (1.0 + sign * basis_move);
            pnl[priced + 2 + t] += q * (black76(call, shocked, k, sigma * tau.sqrt(), d) - base);
        }
        *short_per_strike
            .entry((pos.expiry_secs, pos.strike.raw()))
            .or_default() += q;
    }
    // Near-expiry: net short per series inside the window.
    let mut series: std::collections::BTreeMap<(u64, u128, bool), f64> = Default::default();
    for pos in positions
        .iter()
        .filter(|q| q.underlying == m.underlying && q.kind != PositionKind::DeltaOne)
    {
        *series
            .entry((
                pos.expiry_secs,
                pos.strike.raw(),
                pos.kind == PositionKind::Put,
            ))
            .or_default() += fs(pos.size);
    }
    for ((expiry, _, _), q) in &series {
        if *q < 0.0 && expiry - NOW <= u64::from(p.near_expiry_secs) {
            near += -q * spot;
        }
    }
    for e in skew.values() {
        pnl[priced] += e[0][0].min(e[0][1]);
        pnl[priced + 1] += e[1][0].min(e[1][1]);
    }
    let scan_loss = pnl.iter().fold(0.0f64, |a, x| a.max(-x));
    let som: f64 = short_per_strike
        .values()
        .filter(|q| **q < 0.0)
        .map(|q| -q * spot)
        .sum();
    let mm = (w(p.mm_factor) * scan_loss).max(w(p.short_option_min_mm) * som)
        + w(p.perp_charge_mm) * delta_one
        + w(p.near_expiry_charge) * near;
    let im = (w(p.im_factor) * scan_loss)
        .max((w(p.short_option_min_mm) + w(p.short_option_min_im)) * som)
        + (w(p.perp_charge_mm) + w(p.perp_charge_im)) * delta_one
        + w(p.near_expiry_charge) * near;
    Reference {
        pnl,
        scan_loss,
        mm,
        im,
        gross: gross.max(spot),
    }
}

/// Deterministic xorshift generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.next()
    }
}

fn random_book(rng: &mut Rng, spot: f64) -> Vec<Position> {
    let count = 1 + (rng.next() * 20.0) as usize;
    (0..count)
        .map(|_| {
            let size = (rng.range(-50.0, 50.0) * 100.0).round() / 100.0;
            let size = if size == 0.0 { 0.01 } else { size };
            let strike = (spot * rng.range(0.3, 3.0) * 100.0).round() / 100.0;
            let secs = rng.range(600.0, 2.0 * YEAR) as u64;
            let expiry = NOW + secs;
            let kind = (rng.next() * 4.0) as u8;
            let mut p = match kind {
                0 => perp(1, size),
                1 => Position {
                    expiry_secs: expiry,
                    ..future(1, size, 1)
                },
                2 => Position {
                    expiry_secs: expiry,
                    ..call(1, strike, 1, size)
                },
                _ => Position {
                    expiry_secs: expiry,
                    ..put(1, strike, 1, size)
                },
            };
            // A third of the options share a series with an earlier position (exercise merging).
            if kind >= 2 && rng.next() < 0.3 {
                p.expiry_secs = NOW + 30 * DAY;
                p.strike = wad(spot);
            }
            p
        })
        .collect()
}

#[test]
fn engine_matches_f64_reference_on_random_portfolios() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let (mut max_pnl, mut max_loss, mut max_margin) = (0f64, 0f64, 0f64);
    let mut checked = 0;
    for case in 0..300 {
        let spot = 10f64.powf(rng.range(-0.3, 4.8));
        let m = market(1, spot, rng.range(0.1, 2.0), rng.range(-0.05, 0.15));
        let params = if case % 3 == 0 {
            RiskParams {
                grid_steps: 1 + (rng.next() * 8.0) as u32,
                ..RiskParams::default()
            }
        } else {
            RiskParams::default()
        };
        let book = random_book(&mut rng, spot);
        let got = assess_underlying(&book, &m, &params, NOW).expect("valid random book");
        let want = reference(&book, &m, &params);
        assert_eq!(got.scenario_count, want.pnl.len(), "case {case}");
        for (i, (g, r)) in got.pnl().iter().zip(&want.pnl).enumerate() {
            let err = (fs(*g) - r).abs() / want.gross;
            max_pnl = max_pnl.max(err);
            assert!(
                err <= 1e-14,
                "case {case} scenario {i}: engine {} reference {r} (gross {})",
                fs(*g),
                want.gross
            );
        }
        let loss_err = (f(got.scan_loss) - want.scan_loss).abs() / want.gross;
        let margin_err = ((f(got.maintenance_margin) - want.mm).abs())
            .max((f(got.initial_margin) - want.im).abs())
            / want.gross;
        max_loss = max_loss.max(loss_err);
        max_margin = max_margin.max(margin_err);
        assert!(
            loss_err <= 1e-14 && margin_err <= 1e-14,
            "case {case}: loss {loss_err:e} margin {margin_err:e}"
        );
        checked += 1;
    }
    println!(
        "scenario reference: {checked} portfolios; max |error| / gross notional: pnl {max_pnl:.2e}, scan loss \
         {max_loss:.2e}, margins {max_margin:.2e}"
    );
}

#[test]
fn reference_normal_cdf_is_accurate() {
    // Spot values (mpmath, 30 digits) guard the reference itself.
    let cases = [
        (0.0, 0.5),
        (1.0, 0.841_344_746_068_543),
        (-2.5, 0.006_209_665_325_776_135),
        (-7.0, 1.279_812_543_885_835e-12),
        (3.7, 0.999_892_200_266_522_6),
    ];
    for (x, expected) in cases {
        let got = norm_cdf(x);
        assert!(
            (got - expected).abs() <= 2e-16 + 1e-14 * expected,
            "Φ({x}) = {got} vs {expected}"
        );
    }
}
