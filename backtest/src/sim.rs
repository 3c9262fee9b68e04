//! Simulated crypto paths: a bivariate GARCH(1,1) with Student-t innovations and common jumps (BTC/ETH-like),
//! and stylised replays of the March 2020 and November 2022 crashes. Calibrations and their sources are in
//! `docs/risk-validation.md` ("Simulated crypto paths"); nothing here is fitted to the backtest's results.

/// SplitMix64: a small deterministic generator, so a seed reproduces a path byte for byte on every platform.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator started at `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `(0, 1)`.
    pub fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// Standard normal (Box-Muller, one of the pair).
    pub fn normal(&mut self) -> f64 {
        let (u1, u2) = (self.uniform(), self.uniform());
        (-2.0 * u1.ln()).sqrt() * (2.0 * core::f64::consts::PI * u2).cos()
    }

    /// Chi-square with `nu` (integer) degrees of freedom.
    pub fn chi2(&mut self, nu: u32) -> f64 {
        (0..nu).map(|_| self.normal().powi(2)).sum()
    }
}

/// One underlying's GARCH(1,1) with jumps: `ε_t = σ_t z_t + J_t`, `σ²_{t+1} = ω + α ε_t² + β σ²_t`, where `z_t` is
/// a unit-variance Student-t and `J_t` a jump that occurs with probability `jump_prob` a day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GarchJump {
    /// `ω` (daily variance units).
    pub omega: f64,
    /// `α`.
    pub alpha: f64,
    /// `β`.
    pub beta: f64,
    /// Mean of a jump's log return.
    pub jump_mean: f64,
    /// Standard deviation of a jump's log return.
    pub jump_sd: f64,
}

impl GarchJump {
    /// Long-run variance of the diffusive part `ω / (1 − α − β)` (jumps feed `α` too, which the simulation adds).
    pub fn long_run_variance(&self) -> f64 {
        self.omega / (1.0 - self.alpha - self.beta)
    }
}

/// The bivariate model: two [`GarchJump`] legs with correlated t innovations and common jump days.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CryptoModel {
    /// BTC-like leg.
    pub btc: GarchJump,
    /// ETH-like leg.
    pub eth: GarchJump,
    /// Correlation of the diffusive innovations.
    pub rho: f64,
    /// Student-t degrees of freedom (shared, a multivariate t).
    pub nu: u32,
    /// Probability of a jump day (both legs jump, with correlated sizes).
    pub jump_prob: f64,
}

impl Default for CryptoModel {
    /// The calibration documented in `docs/risk-validation.md`: BTC `ω = 8e-5, α = 0.144, β = 0.817` (the
    /// on-chain default, a published BTC daily fit); ETH the same dynamics with 1.25x the volatility; ρ = 0.8;
    /// t(4) innovations; one jump day in 50 with log-return jumps of mean −3% and s.d. 8% (BTC; 1.25x for ETH).
    fn default() -> Self {
        let btc = GarchJump {
            omega: 8e-5,
            alpha: 0.144,
            beta: 0.817,
            jump_mean: -0.03,
            jump_sd: 0.08,
        };
        Self {
            btc,
            eth: GarchJump {
                omega: 8e-5 * 1.5625,
                jump_mean: -0.0375,
                jump_sd: 0.10,
                ..btc
            },
            rho: 0.8,
            nu: 4,
            jump_prob: 0.02,
        }
    }
}

/// A simulated or replayed pair of daily paths.
#[derive(Clone, Debug, Default)]
pub struct PairPath {
    /// BTC-like closes.
    pub btc: Vec<f64>,
    /// ETH-like closes.
    pub eth: Vec<f64>,
    /// The true conditional daily variance of the next return (diffusive + expected jump), per close; the
    /// "implied" variance the options are marked at.
    pub btc_var: Vec<f64>,
    /// The same for ETH.
    pub eth_var: Vec<f64>,
}

impl PairPath {
    /// Number of closes.
    pub fn len(&self) -> usize {
        self.btc.len()
    }

    /// Whether there are no closes.
    pub fn is_empty(&self) -> bool {
        self.btc.is_empty()
    }
}

/// Simulation state of one leg.
struct Leg {
    var: f64,
    price: f64,
}

impl CryptoModel {
    /// Expected jump variance a day of `leg`.
    fn jump_variance(&self, leg: &GarchJump) -> f64 {
        self.jump_prob * (leg.jump_mean.powi(2) + leg.jump_sd.powi(2))
    }

    /// The state at the long-run variances, BTC at 100,000 and ETH at 4,000.
    fn initial(&self) -> [Leg; 2] {
        [
            Leg {
                var: self.btc.long_run_variance(),
                price: 100_000.0,
            },
            Leg {
                var: self.eth.long_run_variance(),
                price: 4_000.0,
            },
        ]
    }

    /// Records the state, then moves it by one day of `r = (BTC, ETH)` log returns.
    fn step(&self, legs: &mut [Leg; 2], r: (f64, f64), path: &mut PairPath) {
        self.record(legs, path);
        for (leg, (params, eps)) in legs.iter_mut().zip([(&self.btc, r.0), (&self.eth, r.1)]) {
            leg.price *= eps.exp();
            leg.var = params.omega + params.alpha * eps * eps + params.beta * leg.var;
        }
    }

    /// Draws one day's log returns `ε = σ z + J` of both legs.
    fn draw(&self, legs: &[Leg; 2], rng: &mut Rng) -> (f64, f64) {
        let z1 = rng.normal();
        let z2 = self.rho * z1 + (1.0 - self.rho * self.rho).sqrt() * rng.normal();
        // Multivariate t with unit variance: z / sqrt(χ²_ν / (ν − 2)).
        let scale = (f64::from(self.nu - 2) / rng.chi2(self.nu)).sqrt();
        let jump = rng.uniform() < self.jump_prob;
        let j = rng.normal();
        let eps = |leg: &Leg, params: &GarchJump, z: f64| {
            let jump_size = if jump {
                params.jump_mean + params.jump_sd * j
            } else {
                0.0
            };
            leg.var.sqrt() * z * scale + jump_size
        };
        (eps(&legs[0], &self.btc, z1), eps(&legs[1], &self.eth, z2))
    }

    /// Simulates `days` closes from the long-run state.
    pub fn simulate(&self, days: usize, seed: u64) -> PairPath {
        let mut rng = Rng::new(seed);
        let mut legs = self.initial();
        let mut path = PairPath::default();
        for _ in 0..days {
            let r = self.draw(&legs, &mut rng);
            self.step(&mut legs, r, &mut path);
        }
        path
    }

    fn record(&self, legs: &[Leg; 2], path: &mut PairPath) {
        path.btc.push(legs[0].price);
        path.eth.push(legs[1].price);
        path.btc_var
            .push(legs[0].var + self.jump_variance(&self.btc));
        path.eth_var
            .push(legs[1].var + self.jump_variance(&self.eth));
    }

    /// A stylised crash replay: `history` calm days (correlated normal returns at the constant annualised vols
    /// `calm`, marked at them) to warm the volatility models, then the crash's daily log returns `(BTC, ETH)`
    /// (given, not drawn), then `after` days of the GARCH-t without jumps from the crash's end state:
    /// `history + crash.len() + after` closes, the crash's first return starting at close `history`. The
    /// variance recursion runs through the crash days, so the implied vol jumps with them.
    pub fn replay(
        &self,
        crash: &[(f64, f64)],
        calm: (f64, f64),
        history: usize,
        after: usize,
        seed: u64,
    ) -> PairPath {
        let mut rng = Rng::new(seed);
        let mut legs = self.initial();
        legs[0].var = calm.0 * calm.0 / 365.0;
        legs[1].var = calm.1 * calm.1 / 365.0;
        let calm_model = CryptoModel {
            jump_prob: 0.0,
            ..*self
        };
        let mut path = PairPath::default();
        for _ in 0..history {
            calm_model.record(&legs, &mut path);
            let z1 = rng.normal();
            let z2 = self.rho * z1 + (1.0 - self.rho * self.rho).sqrt() * rng.normal();
            for (leg, z) in legs.iter_mut().zip([z1, z2]) {
                leg.price *= (leg.var.sqrt() * z).exp();
            }
        }
        for &r in crash {
            calm_model.step(&mut legs, r, &mut path);
        }
        for _ in 0..after {
            let r = calm_model.draw(&legs, &mut rng);
            calm_model.step(&mut legs, r, &mut path);
        }
        path
    }
}

/// Annualised `(BTC, ETH)` vols of the calm history before the March 2020 replay (round figures for the
/// preceding weeks; stated as assumptions in `docs/risk-validation.md`).
pub const MARCH_2020_CALM: (f64, f64) = (0.6, 0.8);

/// The same before the November 2022 replay (BTC's realised vol was unusually low in October 2022).
pub const NOVEMBER_2022_CALM: (f64, f64) = (0.4, 0.55);

/// Daily log returns `(BTC, ETH)` of the stylised March 2020 replay ("Black Thursday"): BTC about $7,900 to a
/// low near $3,900 and ETH about $200 to under $90 over 12-13 March 2020 (intraday lows taken as closes), then
/// a partial rebound. Sources in `docs/risk-validation.md`.
pub const MARCH_2020: [(f64, f64); 6] = [
    (-0.05, -0.06),
    (-0.47, -0.55),
    (-0.20, -0.25),
    (0.25, 0.28),
    (0.03, 0.02),
    (-0.06, -0.08),
];

/// Daily log returns `(BTC, ETH)` of the stylised November 2022 replay (FTX): BTC about $21,000 to $18,500 on 8
/// November, about $15,900 on 9 November, a rebound, then a slide to the $15,480 two-year low of 21-22
/// November; ETH about $1,600 to $1,080.
pub const NOVEMBER_2022: [(f64, f64); 16] = [
    (-0.12, -0.16),
    (-0.15, -0.19),
    (0.10, 0.16),
    (-0.03, -0.02),
    (0.00, -0.01),
    (-0.01, -0.02),
    (0.01, 0.00),
    (-0.01, -0.01),
    (0.00, -0.02),
    (-0.01, -0.01),
    (0.00, 0.00),
    (-0.01, -0.02),
    (-0.02, -0.04),
    (-0.02, -0.04),
    (0.02, 0.02),
    (-0.01, -0.03),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_deterministic_and_normal_has_unit_moments() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert_eq!(a.next_u64(), b.next_u64());
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| a.normal()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| x * x).sum::<f64>() / n as f64;
        assert!(
            mean.abs() < 0.01 && (var - 1.0).abs() < 0.01,
            "{mean} {var}"
        );
    }

    #[test]
    fn simulated_vol_and_correlation_are_as_calibrated() {
        let m = CryptoModel::default();
        let p = m.simulate(20_000, 11);
        let r = |v: &[f64]| -> Vec<f64> { v.windows(2).map(|w| (w[1] / w[0]).ln()).collect() };
        let (rb, re) = (r(&p.btc), r(&p.eth));
        let sd = |x: &[f64]| (x.iter().map(|v| v * v).sum::<f64>() / x.len() as f64).sqrt();
        let (sb, se) = (sd(&rb), sd(&re));
        // Diffusive long-run vol 4.5% a day plus jumps and their GARCH feedback.
        assert!((0.04..0.07).contains(&sb), "BTC daily vol {sb}");
        assert!(
            (se / sb - 1.25).abs() < 0.1,
            "ETH/BTC vol ratio {}",
            se / sb
        );
        let corr =
            rb.iter().zip(&re).map(|(a, b)| a * b).sum::<f64>() / (rb.len() as f64 * sb * se);
        assert!((0.75..0.92).contains(&corr), "correlation {corr}");
    }

    #[test]
    fn replays_contain_the_crash_returns_exactly() {
        let m = CryptoModel::default();
        let p = m.replay(&MARCH_2020, (0.6, 0.8), 50, 10, 3);
        assert_eq!(p.len(), 50 + MARCH_2020.len() + 10);
        let start = 50;
        for (i, (rb, re)) in MARCH_2020.iter().enumerate() {
            let got_b = (p.btc[start + i + 1] / p.btc[start + i]).ln();
            let got_e = (p.eth[start + i + 1] / p.eth[start + i]).ln();
            assert!((got_b - rb).abs() < 1e-12 && (got_e - re).abs() < 1e-12);
        }
        // Calm history: marked at the calm vols.
        assert!((p.btc_var[10] - 0.36 / 365.0).abs() < 1e-15);
    }
}
