//! Backtest statistics: the Kupiec proportion-of-failures test, the Expected-Shortfall adequacy ratio,
//! procyclicality and forecast losses. Off-chain only, so plain `f64`.

/// `erfc(x)` to about 1.2e-7 relative (Numerical Recipes' Chebyshev fit), enough for p-values.
pub fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

/// Upper tail `P(χ²₁ > x)`.
pub fn chi2_1_sf(x: f64) -> f64 {
    if x <= 0.0 {
        1.0
    } else {
        erfc((x / 2.0).sqrt())
    }
}

/// `x ln y` with `0 ln 0 = 0`.
fn xlny(x: f64, y: f64) -> f64 {
    if x == 0.0 {
        0.0
    } else {
        x * y.ln()
    }
}

/// Kupiec's proportion-of-failures test of `breaches` in `days` against the expected rate `p`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Kupiec {
    /// Days tested.
    pub days: usize,
    /// Breaches observed.
    pub breaches: usize,
    /// Expected breach rate (1 − coverage).
    pub expected_rate: f64,
    /// Likelihood-ratio statistic, χ²(1) under the null.
    pub lr: f64,
    /// Two-sided p-value `P(χ²₁ > lr)`.
    pub p_value: f64,
    /// One-sided p-value `P(X >= breaches)` for `X ~ Binomial(days, p)`: small when there are too many breaches.
    pub p_too_many: f64,
}

impl Kupiec {
    /// Runs the test.
    pub fn new(days: usize, breaches: usize, expected_rate: f64) -> Self {
        let (n, x, p) = (days as f64, breaches as f64, expected_rate);
        let lr = if days == 0 {
            0.0
        } else {
            let q = x / n;
            let null = xlny(n - x, 1.0 - p) + xlny(x, p);
            let alt = xlny(n - x, 1.0 - q) + xlny(x, q);
            (2.0 * (alt - null)).max(0.0)
        };
        Self {
            days,
            breaches,
            expected_rate,
            lr,
            p_value: chi2_1_sf(lr),
            p_too_many: binomial_sf(days, breaches, expected_rate),
        }
    }

    /// Observed breach rate.
    pub fn rate(&self) -> f64 {
        if self.days == 0 {
            0.0
        } else {
            self.breaches as f64 / self.days as f64
        }
    }

    /// Whether the two-sided test rejects at `level` (e.g. 0.05).
    pub fn rejects(&self, level: f64) -> bool {
        self.p_value < level
    }

    /// A short verdict: `ok`, `too many` or `too few` (rejected in that direction at 5%).
    pub fn verdict(&self) -> &'static str {
        if !self.rejects(0.05) {
            "ok"
        } else if self.rate() > self.expected_rate {
            "too many"
        } else {
            "too few"
        }
    }
}

/// `P(X >= k)` for `X ~ Binomial(n, p)`, summed in log space.
pub fn binomial_sf(n: usize, k: usize, p: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n {
        return 0.0;
    }
    let ln_choose = |n: usize, i: usize| {
        ln_gamma(n as f64 + 1.0) - ln_gamma(i as f64 + 1.0) - ln_gamma((n - i) as f64 + 1.0)
    };
    (k..=n)
        .map(|i| (ln_choose(n, i) + xlny(i as f64, p) + xlny((n - i) as f64, 1.0 - p)).exp())
        .sum::<f64>()
        .min(1.0)
}

/// `ln Γ(x)` for `x > 0` (Lanczos, g = 7, 9 terms; ~1e-15 relative).
pub fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
        return (core::f64::consts::PI / (core::f64::consts::PI * x).sin()).ln()
            - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = G[0];
    let t = x + 7.5;
    for (i, g) in G.iter().enumerate().skip(1) {
        a += g / (x + i as f64);
    }
    0.5 * (2.0 * core::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// Mean of the largest `share` of `values` (at least one value): the empirical Expected Shortfall of a loss
/// sample at confidence `1 − share`.
pub fn tail_mean(values: &[f64], share: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut v = values.to_vec();
    v.sort_by(|a, b| b.total_cmp(a));
    let k = ((values.len() as f64 * share).ceil() as usize).clamp(1, v.len());
    v[..k].iter().sum::<f64>() / k as f64
}

/// Median (0 for no values).
pub fn median(values: &[f64]) -> f64 {
    quantile(values, 0.5)
}

/// Empirical quantile by linear interpolation (0 for no values).
pub fn quantile(values: &[f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let pos = q.clamp(0.0, 1.0) * (v.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    v[lo] + (v[hi] - v[lo]) * (pos - lo as f64)
}

/// Forecast losses of variance forecasts `h` against the realised proxy `r²`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ForecastLoss {
    /// Mean of `ln h + r²/h` (QLIKE up to a term that does not depend on the forecast; lower is better).
    pub qlike: f64,
    /// Mean of `(r² − h)²`.
    pub mse: f64,
    /// Days scored.
    pub days: usize,
}

/// Scores forecasts `h[i]` of the squared returns `r2[i]` (same length; non-positive forecasts are skipped).
pub fn forecast_loss(h: &[f64], r2: &[f64]) -> ForecastLoss {
    let mut out = ForecastLoss::default();
    for (&h, &r2) in h.iter().zip(r2) {
        if h > 0.0 && h.is_finite() {
            out.qlike += h.ln() + r2 / h;
            out.mse += (r2 - h) * (r2 - h);
            out.days += 1;
        }
    }
    if out.days > 0 {
        out.qlike /= out.days as f64;
        out.mse /= out.days as f64;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erfc_and_chi2_match_known_values() {
        assert!((erfc(0.0) - 1.0).abs() < 1e-7);
        assert!((erfc(1.0) - 0.157_299_207_050_285_1).abs() < 1e-7);
        assert!((erfc(-1.0) - 1.842_700_792_949_715).abs() < 1e-7);
        // The 5% critical value of χ²(1) is 3.841.
        assert!((chi2_1_sf(3.841_458_820_694_124) - 0.05).abs() < 1e-6);
    }

    #[test]
    fn kupiec_accepts_the_expected_count_and_rejects_far_from_it() {
        let k = Kupiec::new(1000, 5, 0.005);
        assert!(k.lr < 1e-12 && (k.p_value - 1.0).abs() < 1e-6);
        let k = Kupiec::new(1000, 20, 0.005);
        assert!(k.rejects(0.01) && k.verdict() == "too many" && k.p_too_many < 1e-4);
        let k = Kupiec::new(5000, 0, 0.005);
        // LR = -2 * 5000 * ln(0.995) = 50.1.
        assert!((k.lr - 50.125).abs() < 0.01 && k.verdict() == "too few");
        assert_eq!(Kupiec::new(300, 0, 0.005).verdict(), "ok");
    }

    #[test]
    fn binomial_tail_and_gamma_are_exact_enough() {
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-12);
        assert!((ln_gamma(0.5) - core::f64::consts::PI.sqrt().ln()).abs() < 1e-12);
        // P(X >= 1) = 1 - 0.995^100.
        assert!((binomial_sf(100, 1, 0.005) - (1.0 - 0.995f64.powi(100))).abs() < 1e-12);
        assert_eq!(binomial_sf(10, 0, 0.3), 1.0);
    }

    #[test]
    fn tail_mean_quantile_and_losses() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(tail_mean(&v, 0.025), (100.0 + 99.0 + 98.0) / 3.0);
        assert_eq!(median(&v), 50.5);
        let l = forecast_loss(&[1.0, 2.0], &[1.0, 2.0]);
        assert_eq!(l.mse, 0.0);
        assert!((l.qlike - (1.0 + 2f64.ln() + 1.0) / 2.0).abs() < 1e-15);
        // The true variance minimises expected QLIKE: a biased forecast scores worse on the same data.
        let r2 = [0.5, 1.5, 1.0, 1.0];
        assert!(forecast_loss(&[1.0; 4], &r2).qlike < forecast_loss(&[2.0; 4], &r2).qlike);
    }
}
