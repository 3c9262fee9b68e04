//! Volatility forecasting from irregularly timed price observations: EWMA and GARCH(1,1) (methodology §3), each
//! a small state updated by one new price and its timestamp, with anti-procyclicality floors and caps.
//!
//! Both models keep a **variance rate per day** `v`. An observation with log return `r = ln(P/P₀)` over an
//! elapsed time `Δt` (days) contributes `r²/Δt`, the return's variance per day, so the estimate is unbiased
//! whatever the sampling (methodology §3.3):
//!
//! - EWMA: `v ← λ^Δt · v + (1 − λ^Δt) · r²/Δt`. The decay composes exactly: two updates over `a` and `b` days with
//!   zero returns shrink `v` by `λ^(a+b)`.
//! - GARCH(1,1), time-scaled: with persistence `φ = α + β` and long-run variance `V_L = ω/(1 − φ)`, the news
//!   weight follows an EWMA with `λ = β/φ`, and the result mean-reverts to `V_L` over `Δt`:
//!   `v ← V_L + φ^Δt · ( (β/φ)^Δt · v + (1 − (β/φ)^Δt) · r²/Δt − V_L )`. For `Δt = 1` this is exactly
//!   `ω + α·r² + β·v`; every coefficient stays non-negative for any `Δt`, and `E[v_new] = V_L + φ^Δt (v − V_L)`
//!   when `E[r²/Δt] = v` (the GARCH multi-step forecast).
//!
//! Guards: observations closer than `min_interval_secs` to the last accepted one are skipped (microstructure
//! noise would dominate `r²/Δt`); a return above `max_return_sigmas · √v · √Δt` is capped, and the capped excess
//! goes to a separate jump variance that decays with the model (so one bad print cannot explode `v`).

use core::fmt;

use crate::portfolio::SECONDS_PER_DAY;
use crate::{exp, ln, MathError, RoundMode, Wad};

/// `√x` rounded up (conservative for a volatility).
fn sqrt(x: Wad) -> Result<Wad, MathError> {
    Ok(crate::sqrt(x, RoundMode::Up))
}

/// Days per year used to annualise a daily volatility (365, crypto trades every day).
pub const DAYS_PER_YEAR: u128 = 365;

/// Why a volatility update or forecast failed.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VolError {
    /// A price was zero.
    InvalidPrice,
    /// An observation's timestamp is not after the last accepted one.
    NonIncreasingTime {
        /// Timestamp of the last accepted observation.
        last_secs: u64,
        /// Timestamp given.
        secs: u64,
    },
    /// A model parameter is outside its admissible box.
    ParamOutOfBounds {
        /// Field name.
        field: &'static str,
        /// Value given (WAD raw, or plain seconds for intervals).
        value: u128,
        /// Smallest admissible value.
        min: u128,
        /// Largest admissible value.
        max: u128,
    },
    /// Fixed-point arithmetic failed.
    Math(MathError),
}

impl From<MathError> for VolError {
    fn from(e: MathError) -> Self {
        Self::Math(e)
    }
}

impl fmt::Display for VolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidPrice => f.write_str("price must be > 0"),
            Self::NonIncreasingTime { last_secs, secs } => {
                write!(
                    f,
                    "timestamp {secs} is not after the last observation at {last_secs}"
                )
            }
            Self::ParamOutOfBounds {
                field,
                value,
                min,
                max,
            } => {
                write!(f, "{field} = {value} is outside [{min}, {max}]")
            }
            Self::Math(e) => write!(f, "{e}"),
        }
    }
}

/// Guards shared by both models.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ObservationGuards {
    /// Observations less than this many seconds after the last accepted one are skipped; bounds
    /// \[60, 86400\]. Default 900 (15 minutes).
    pub min_interval_secs: u64,
    /// Returns are capped at this many standard deviations of the current forecast over the interval; bounds
    /// \[3, 100\]. Default 10.
    pub max_return_sigmas: Wad,
}

impl Default for ObservationGuards {
    fn default() -> Self {
        Self {
            min_interval_secs: 900,
            max_return_sigmas: wad_int(10),
        }
    }
}

/// Anti-procyclicality controls on a daily volatility (methodology §3.4):
/// `σ_margin = min(max((1 − w)·σ + w·σ_stress, σ_floor), σ_cap)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProcyclicalityControls {
    /// Weight `w` of the stressed volatility; bounds \[0, 1\]. Default 0.25 (EMIR Art. 28 (b)).
    pub stress_weight: Wad,
    /// Stressed daily volatility `σ_stress` (worst 30-day realised vol of the history).
    pub stress_vol: Wad,
    /// Floor on the daily margin volatility.
    pub floor_vol: Wad,
    /// Cap on the daily margin volatility, `≥ floor_vol`.
    pub cap_vol: Wad,
}

impl ProcyclicalityControls {
    /// Checks `stress_weight <= 1` and `floor_vol <= cap_vol`.
    ///
    /// # Errors
    /// `ParamOutOfBounds` naming the first bad field.
    pub fn validate(&self) -> Result<(), VolError> {
        bound("stress_weight", self.stress_weight, Wad::ZERO, Wad::ONE)?;
        bound("cap_vol", self.cap_vol, self.floor_vol, Wad::MAX)
    }

    /// Returns the margin volatility for the model volatility `vol`.
    ///
    /// # Errors
    /// `Math` on overflow.
    ///
    /// # Rounding
    /// Up (conservative).
    pub fn apply(&self, vol: Wad) -> Result<Wad, VolError> {
        let keep = Wad::ONE.checked_sub(self.stress_weight)?;
        let blended = vol
            .mul_wad(keep, RoundMode::Up)?
            .checked_add(self.stress_vol.mul_wad(self.stress_weight, RoundMode::Up)?)?;
        Ok(blended.max(self.floor_vol).min(self.cap_vol))
    }
}

/// The state both models share: the variance rate, the jump variance and the last accepted observation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VolState {
    /// Variance rate per day `v` (WAD).
    pub variance: Wad,
    /// Variance per day from capped-off return excesses, decaying with the model (WAD).
    pub jump_variance: Wad,
    /// Last accepted price (WAD).
    pub last_price: Wad,
    /// Timestamp of the last accepted price.
    pub last_secs: u64,
}

/// What an observation did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateOutcome {
    /// The state moved; `capped` is true when the return was capped and the excess went to the jump variance.
    Applied {
        /// Whether the return was capped.
        capped: bool,
    },
    /// The observation came less than `min_interval_secs` after the last accepted one; nothing changed.
    Skipped,
}

/// RiskMetrics EWMA parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EwmaParams {
    /// Daily decay `λ`; bounds \[0.5, 0.999\]. Default 0.94 (RiskMetrics daily).
    pub lambda: Wad,
    /// Observation guards.
    pub guards: ObservationGuards,
}

impl Default for EwmaParams {
    fn default() -> Self {
        Self {
            lambda: Wad::from_raw(940_000_000_000_000_000),
            guards: ObservationGuards::default(),
        }
    }
}

/// GARCH(1,1) parameters (daily): `σ²_t = ω + α·r²_{t−1} + β·σ²_{t−1}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GarchParams {
    /// `ω`, daily variance units, `> 0` and `V_L = ω/(1 − α − β) ≤ 1` (100% daily vol).
    pub omega: Wad,
    /// `α`; bounds \[0.05, 0.25\] (methodology §3.2 admissible box).
    pub alpha: Wad,
    /// `β`; bounds \[0.70, 0.95\]; and `α + β` in \[0.90, 0.995\].
    pub beta: Wad,
    /// Observation guards.
    pub guards: ObservationGuards,
}

impl Default for GarchParams {
    /// BTC daily fit (PMC7783506): `α = 0.144`, `β = 0.817`, `ω = 8e-5`.
    fn default() -> Self {
        Self {
            omega: Wad::from_raw(80_000_000_000_000),
            alpha: Wad::from_raw(144_000_000_000_000_000),
            beta: Wad::from_raw(817_000_000_000_000_000),
            guards: ObservationGuards::default(),
        }
    }
}

/// `n` as a WAD.
const fn wad_int(n: u128) -> Wad {
    Wad::from_raw(n * 1_000_000_000_000_000_000)
}

/// `x / 1000` as a WAD.
const fn permille(x: u128) -> Wad {
    Wad::from_raw(x * 1_000_000_000_000_000)
}

/// Checks `min <= value <= max`.
fn bound(field: &'static str, value: Wad, min: Wad, max: Wad) -> Result<(), VolError> {
    if value < min || value > max {
        return Err(VolError::ParamOutOfBounds {
            field,
            value: value.raw(),
            min: min.raw(),
            max: max.raw(),
        });
    }
    Ok(())
}

impl ObservationGuards {
    fn validate(&self) -> Result<(), VolError> {
        if !(60..=SECONDS_PER_DAY).contains(&self.min_interval_secs) {
            return Err(VolError::ParamOutOfBounds {
                field: "min_interval_secs",
                value: u128::from(self.min_interval_secs),
                min: 60,
                max: u128::from(SECONDS_PER_DAY),
            });
        }
        bound(
            "max_return_sigmas",
            self.max_return_sigmas,
            wad_int(3),
            wad_int(100),
        )
    }
}

impl EwmaParams {
    /// Checks `λ` and the guards against their bounds.
    ///
    /// # Errors
    /// `ParamOutOfBounds` naming the first bad field.
    pub fn validate(&self) -> Result<(), VolError> {
        bound("lambda", self.lambda, permille(500), permille(999))?;
        self.guards.validate()
    }
}

impl GarchParams {
    /// Checks the admissible box `α ∈ [0.05, 0.25]`, `β ∈ [0.70, 0.95]`, `α + β ∈ [0.90, 0.995]`, `ω > 0`,
    /// `V_L ≤ 1`, and the guards.
    ///
    /// # Errors
    /// `ParamOutOfBounds` naming the first bad field (`persistence` for `α + β`, `long_run_variance` for `V_L`).
    pub fn validate(&self) -> Result<(), VolError> {
        bound("alpha", self.alpha, permille(50), permille(250))?;
        bound("beta", self.beta, permille(700), permille(950))?;
        bound(
            "persistence",
            self.alpha.checked_add(self.beta)?,
            permille(900),
            permille(995),
        )?;
        bound("omega", self.omega, Wad::from_raw(1), Wad::ONE)?;
        bound(
            "long_run_variance",
            self.long_run_variance()?,
            Wad::ZERO,
            Wad::ONE,
        )?;
        self.guards.validate()
    }

    /// Returns the persistence `φ = α + β`.
    fn persistence(&self) -> Result<Wad, MathError> {
        self.alpha.checked_add(self.beta)
    }

    /// Returns the long-run daily variance `V_L = ω / (1 − α − β)`.
    ///
    /// # Errors
    /// `DivisionByZero` when `α + β = 1`, `Underflow` when it exceeds 1.
    pub fn long_run_variance(&self) -> Result<Wad, MathError> {
        self.omega
            .div_wad(Wad::ONE.checked_sub(self.persistence()?)?, RoundMode::Up)
    }
}

/// Returns `base^days = e^{days · ln base}` for `0 < base <= 1`.
fn decay(base: Wad, days: Wad) -> Result<Wad, MathError> {
    let exponent = ln(base)?.mul_wad(days.to_signed()?, RoundMode::Down)?;
    exp(exponent)
}

/// An observation prepared for an update: elapsed days, the (capped) per-day squared return and the capped-off
/// excess as a variance.
struct Observation {
    days: Wad,
    news_variance: Wad,
    excess_variance: Wad,
    capped: bool,
}

impl VolState {
    /// Starts a state at a first observation with an initial daily variance.
    ///
    /// # Errors
    /// `InvalidPrice` for a zero price.
    pub fn new(initial_variance: Wad, price: Wad, secs: u64) -> Result<Self, VolError> {
        if price.is_zero() {
            return Err(VolError::InvalidPrice);
        }
        Ok(Self {
            variance: initial_variance,
            jump_variance: Wad::ZERO,
            last_price: price,
            last_secs: secs,
        })
    }

    /// Returns the daily volatility `√v` (without the jump variance).
    ///
    /// # Errors
    /// `Math` on a failed square root.
    pub fn daily_vol(&self) -> Result<Wad, VolError> {
        Ok(sqrt(self.variance)?)
    }

    /// Returns the daily volatility including the jump variance, `√(v + v_jump)`.
    ///
    /// # Errors
    /// `Math` on overflow.
    pub fn daily_vol_with_jumps(&self) -> Result<Wad, VolError> {
        Ok(sqrt(self.variance.checked_add(self.jump_variance)?)?)
    }

    /// Reads one observation against the state, or `None` when it is to be skipped.
    fn observe(
        &self,
        price: Wad,
        secs: u64,
        guards: &ObservationGuards,
    ) -> Result<Option<Observation>, VolError> {
        if price.is_zero() {
            return Err(VolError::InvalidPrice);
        }
        if secs <= self.last_secs {
            return Err(VolError::NonIncreasingTime {
                last_secs: self.last_secs,
                secs,
            });
        }
        let elapsed = secs - self.last_secs;
        if elapsed < guards.min_interval_secs {
            return Ok(None);
        }
        let days = Wad::from_raw(crate::mul_div(
            u128::from(elapsed),
            Wad::ONE.raw(),
            u128::from(SECONDS_PER_DAY),
            RoundMode::Down,
        )?);
        let ratio = price.div_wad(self.last_price, RoundMode::Down)?;
        let r = ln(ratio)?.unsigned_abs();
        // Cap |r| at k · √v · √Δt; zero variance (a fresh state) caps nothing.
        let limit = guards.max_return_sigmas.mul_wad(
            sqrt(self.variance.mul_wad(days, RoundMode::Up)?)?,
            RoundMode::Up,
        )?;
        let (used, excess, capped) = if !self.variance.is_zero() && r > limit {
            (limit, r.checked_sub(limit)?, true)
        } else {
            (r, Wad::ZERO, false)
        };
        let news_variance = used
            .mul_wad(used, RoundMode::Up)?
            .div_wad(days, RoundMode::Up)?;
        let excess_variance = excess.mul_wad(excess, RoundMode::Up)?;
        Ok(Some(Observation {
            days,
            news_variance,
            excess_variance,
            capped,
        }))
    }

    /// Moves the jump variance and the last observation after an update with decay factor `d`.
    fn finish(
        &mut self,
        d: Wad,
        obs: &Observation,
        price: Wad,
        secs: u64,
    ) -> Result<UpdateOutcome, VolError> {
        self.jump_variance = self
            .jump_variance
            .mul_wad(d, RoundMode::Up)?
            .checked_add(obs.excess_variance)?;
        self.last_price = price;
        self.last_secs = secs;
        Ok(UpdateOutcome::Applied { capped: obs.capped })
    }
}

/// `a·w + b·(1 − w)` for `w ∈ [0, 1]`, rounded up.
fn blend(a: Wad, b: Wad, w: Wad) -> Result<Wad, MathError> {
    a.mul_wad(w, RoundMode::Up)?
        .checked_add(b.mul_wad(Wad::ONE.checked_sub(w)?, RoundMode::Up)?)
}

/// EWMA volatility model: parameters and state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ewma {
    /// Parameters.
    pub params: EwmaParams,
    /// State.
    pub state: VolState,
}

impl Ewma {
    /// Starts the model at a first observation with an initial daily variance.
    ///
    /// # Errors
    /// `ParamOutOfBounds` for bad parameters; `InvalidPrice` for a zero price.
    pub fn new(
        params: EwmaParams,
        initial_variance: Wad,
        price: Wad,
        secs: u64,
    ) -> Result<Self, VolError> {
        params.validate()?;
        Ok(Self {
            params,
            state: VolState::new(initial_variance, price, secs)?,
        })
    }

    /// Updates the variance rate with a new price observed at `secs`:
    /// `v ← λ^Δt · v + (1 − λ^Δt) · r²/Δt`.
    ///
    /// # Errors
    /// `InvalidPrice`, `NonIncreasingTime`, or `Math` on overflow. On error nothing changes.
    pub fn update(&mut self, price: Wad, secs: u64) -> Result<UpdateOutcome, VolError> {
        let Some(obs) = self.state.observe(price, secs, &self.params.guards)? else {
            return Ok(UpdateOutcome::Skipped);
        };
        let d = decay(self.params.lambda, obs.days)?;
        let variance = blend(self.state.variance, obs.news_variance, d)?;
        let mut next = self.state;
        next.variance = variance;
        let outcome = next.finish(d, &obs, price, secs)?;
        self.state = next;
        Ok(outcome)
    }

    /// Returns the forecast variance over `horizon_days` (flat term structure: `h · v`).
    ///
    /// # Errors
    /// `Math` on overflow.
    pub fn horizon_variance(&self, horizon_days: Wad) -> Result<Wad, VolError> {
        Ok(self.state.variance.mul_wad(horizon_days, RoundMode::Up)?)
    }
}

/// GARCH(1,1) volatility model: parameters and state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Garch {
    /// Parameters.
    pub params: GarchParams,
    /// State.
    pub state: VolState,
}

impl Garch {
    /// Starts the model at a first observation with an initial daily variance (use `long_run_variance()` when
    /// nothing better is known).
    ///
    /// # Errors
    /// `ParamOutOfBounds` for parameters outside the admissible box; `InvalidPrice` for a zero price.
    pub fn new(
        params: GarchParams,
        initial_variance: Wad,
        price: Wad,
        secs: u64,
    ) -> Result<Self, VolError> {
        params.validate()?;
        Ok(Self {
            params,
            state: VolState::new(initial_variance, price, secs)?,
        })
    }

    /// Updates the variance rate with a new price observed at `secs` (time-scaled GARCH, see the module docs).
    ///
    /// # Errors
    /// `InvalidPrice`, `NonIncreasingTime`, or `Math` on overflow. On error nothing changes.
    pub fn update(&mut self, price: Wad, secs: u64) -> Result<UpdateOutcome, VolError> {
        let Some(obs) = self.state.observe(price, secs, &self.params.guards)? else {
            return Ok(UpdateOutcome::Skipped);
        };
        let phi = self.params.persistence()?;
        let long_run = self.params.long_run_variance()?;
        let news_decay = decay(self.params.beta.div_wad(phi, RoundMode::Down)?, obs.days)?;
        let reversion = decay(phi, obs.days)?;
        let smoothed = blend(self.state.variance, obs.news_variance, news_decay)?;
        // v = V_L + φ^Δt (smoothed − V_L) = φ^Δt·smoothed + (1 − φ^Δt)·V_L
        let variance = blend(smoothed, long_run, reversion)?;
        let mut next = self.state;
        next.variance = variance;
        let outcome = next.finish(reversion, &obs, price, secs)?;
        self.state = next;
        Ok(outcome)
    }

    /// Returns the forecast variance summed over the next `horizon_days`:
    /// `h·V_L + (v − V_L)·(1 − φ^h)/(1 − φ)`.
    ///
    /// # Errors
    /// `Math` on overflow.
    pub fn horizon_variance(&self, horizon_days: Wad) -> Result<Wad, VolError> {
        let phi = self.params.persistence()?;
        let long_run = self.params.long_run_variance()?;
        let weight = Wad::ONE
            .checked_sub(decay(phi, horizon_days)?)?
            .div_wad(Wad::ONE.checked_sub(phi)?, RoundMode::Up)?;
        let base = long_run.mul_wad(horizon_days, RoundMode::Up)?.to_signed()?;
        let gap = self
            .state
            .variance
            .to_signed()?
            .checked_sub(long_run.to_signed()?)?;
        let total = base.checked_add(gap.mul_wad(weight.to_signed()?, RoundMode::Up)?)?;
        // Each daily forecast is a convex combination of v and V_L, both >= 0, so the sum is >= 0.
        Ok(total.to_unsigned().unwrap_or(Wad::ZERO))
    }
}

/// Returns the annualised volatility `σ_d · √365` of a daily volatility.
///
/// # Errors
/// `Math` on overflow.
pub fn annualise(daily_vol: Wad) -> Result<Wad, VolError> {
    Ok(daily_vol.mul_wad(sqrt(wad_int(DAYS_PER_YEAR))?, RoundMode::Up)?)
}

/// Returns `√variance`, the volatility of a horizon variance.
///
/// # Errors
/// `Math` on a failed square root.
pub fn vol_of(variance: Wad) -> Result<Wad, VolError> {
    Ok(sqrt(variance)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ONE: u128 = 1_000_000_000_000_000_000;

    fn w(x: f64) -> Wad {
        Wad::from_raw((x * ONE as f64).round() as u128)
    }

    fn f(x: Wad) -> f64 {
        x.raw() as f64 / ONE as f64
    }

    #[test]
    fn ewma_update_matches_formula_when_interval_is_one_day() {
        let mut m = Ewma::new(EwmaParams::default(), w(0.0004), w(100.0), 0).unwrap();
        m.update(w(103.0), SECONDS_PER_DAY).unwrap();
        let r = (1.03f64).ln();
        let expected = 0.94 * 0.0004 + 0.06 * r * r;
        assert!(
            (f(m.state.variance) - expected).abs() < 1e-15,
            "{} vs {expected}",
            f(m.state.variance)
        );
    }

    #[test]
    fn ewma_zero_return_decay_composes_exactly_over_irregular_intervals() {
        let mut a = Ewma::new(EwmaParams::default(), w(0.001), w(100.0), 0).unwrap();
        a.update(w(100.0), 5_000).unwrap();
        a.update(w(100.0), 5_000 + 37_000).unwrap();
        let mut b = Ewma::new(EwmaParams::default(), w(0.001), w(100.0), 0).unwrap();
        b.update(w(100.0), 42_000).unwrap();
        let expected = 0.001 * 0.94f64.powf(42_000.0 / 86_400.0);
        assert!((f(a.state.variance) - expected).abs() < 1e-16);
        assert!((f(b.state.variance) - expected).abs() < 1e-16);
    }

    #[test]
    fn update_is_skipped_when_interval_below_minimum() {
        let mut m = Ewma::new(EwmaParams::default(), w(0.001), w(100.0), 1_000).unwrap();
        let before = m.state;
        assert_eq!(m.update(w(150.0), 1_000 + 899), Ok(UpdateOutcome::Skipped));
        assert_eq!(m.state, before);
    }

    #[test]
    fn update_reverts_when_time_not_increasing_or_price_zero() {
        let mut m = Ewma::new(EwmaParams::default(), w(0.001), w(100.0), 1_000).unwrap();
        assert_eq!(
            m.update(w(100.0), 1_000),
            Err(VolError::NonIncreasingTime {
                last_secs: 1_000,
                secs: 1_000
            })
        );
        assert_eq!(m.update(Wad::ZERO, 5_000), Err(VolError::InvalidPrice));
        assert_eq!(
            Ewma::new(EwmaParams::default(), w(0.001), Wad::ZERO, 0),
            Err(VolError::InvalidPrice)
        );
    }

    #[test]
    fn shock_return_is_capped_and_excess_goes_to_jump_variance() {
        let mut m = Ewma::new(EwmaParams::default(), w(0.0004), w(100.0), 0).unwrap();
        // 10x the 2% daily vol would be a 20% move; a 90% crash is far beyond.
        let out = m.update(w(10.0), SECONDS_PER_DAY).unwrap();
        assert_eq!(out, UpdateOutcome::Applied { capped: true });
        let capped_r = 10.0 * 0.02;
        let expected = 0.94 * 0.0004 + 0.06 * capped_r * capped_r;
        assert!((f(m.state.variance) - expected).abs() < 1e-12);
        let excess = (10.0f64).ln() - capped_r;
        assert!((f(m.state.jump_variance) - excess * excess).abs() < 1e-12);
    }

    #[test]
    fn garch_update_matches_textbook_recursion_when_interval_is_one_day() {
        let p = GarchParams::default();
        let mut m = Garch::new(p, w(0.0009), w(100.0), 0).unwrap();
        m.update(w(97.0), SECONDS_PER_DAY).unwrap();
        let r = (0.97f64).ln();
        let expected = 8e-5 + 0.144 * r * r + 0.817 * 0.0009;
        assert!(
            (f(m.state.variance) - expected).abs() < 1e-15,
            "{} vs {expected}",
            f(m.state.variance)
        );
    }

    #[test]
    fn garch_reverts_to_long_run_variance_without_news() {
        let p = GarchParams::default();
        let long_run = f(p.long_run_variance().unwrap());
        let mut m = Garch::new(p, w(0.01), w(100.0), 0).unwrap();
        m.update(w(100.0), 10 * SECONDS_PER_DAY).unwrap();
        // No news: v = V_L + φ^10 ((β/φ)^10 · v0 − V_L)
        let phi: f64 = 0.961;
        let expected = long_run + phi.powi(10) * ((0.817 / phi).powi(10) * 0.01 - long_run);
        assert!((f(m.state.variance) - expected).abs() < 1e-15);
    }

    #[test]
    fn garch_params_rejected_when_outside_admissible_box() {
        let p = GarchParams {
            alpha: w(0.3),
            ..GarchParams::default()
        };
        assert!(matches!(
            p.validate(),
            Err(VolError::ParamOutOfBounds { field: "alpha", .. })
        ));
        let p = GarchParams {
            alpha: w(0.25),
            beta: w(0.95),
            ..GarchParams::default()
        };
        assert!(matches!(
            p.validate(),
            Err(VolError::ParamOutOfBounds {
                field: "persistence",
                ..
            })
        ));
        let p = EwmaParams {
            lambda: Wad::ONE,
            ..EwmaParams::default()
        };
        assert!(matches!(
            p.validate(),
            Err(VolError::ParamOutOfBounds {
                field: "lambda",
                ..
            })
        ));
    }

    #[test]
    fn garch_horizon_variance_matches_multi_step_sum() {
        let p = GarchParams::default();
        let m = Garch::new(p, w(0.003), w(100.0), 0).unwrap();
        let vl = f(p.long_run_variance().unwrap());
        let phi: f64 = 0.961;
        let expected: f64 = (1..=10).map(|k| vl + phi.powi(k - 1) * (0.003 - vl)).sum();
        let got = f(m.horizon_variance(wad_int(10)).unwrap());
        assert!((got - expected).abs() < 1e-14, "{got} vs {expected}");
    }

    #[test]
    fn procyclicality_controls_floor_blend_and_cap() {
        let c = ProcyclicalityControls {
            stress_weight: w(0.25),
            stress_vol: w(0.06),
            floor_vol: w(0.03),
            cap_vol: w(0.08),
        };
        c.validate().unwrap();
        assert_eq!(c.apply(w(0.0)).unwrap(), w(0.03));
        assert!((f(c.apply(w(0.04)).unwrap()) - 0.045).abs() < 1e-17);
        assert_eq!(c.apply(w(0.5)).unwrap(), w(0.08));
        let bad = ProcyclicalityControls {
            cap_vol: w(0.01),
            ..c
        };
        assert!(matches!(
            bad.validate(),
            Err(VolError::ParamOutOfBounds {
                field: "cap_vol",
                ..
            })
        ));
    }

    /// Deterministic xorshift so the test needs no RNG crate.
    fn next(state: &mut u64) -> f64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        (*state >> 11) as f64 / (1u64 << 53) as f64
    }

    fn normal(state: &mut u64) -> f64 {
        let (u1, u2) = (next(state).max(1e-300), next(state));
        (-2.0 * u1.ln()).sqrt() * (2.0 * core::f64::consts::PI * u2).cos()
    }

    #[test]
    fn ewma_is_unbiased_on_irregular_constant_vol_path() {
        // True daily vol 3.5%; exponential gaps with mean 2h (floored at 15 min). Average the estimate over the
        // path after burn-in: the scaled estimator must be within 2% of the truth.
        let sigma = 0.035f64;
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut m = Ewma::new(EwmaParams::default(), w(sigma * sigma), w(100.0), 0).unwrap();
        let (mut t, mut log_p) = (0u64, 100f64.ln());
        let (mut sum, mut n) = (0f64, 0u32);
        for i in 0..20_000 {
            let gap = (-(7_200.0) * next(&mut seed).max(1e-12).ln()).max(900.0) as u64;
            t += gap;
            log_p += sigma * (gap as f64 / 86_400.0).sqrt() * normal(&mut seed);
            m.update(w(log_p.exp()), t).unwrap();
            if i > 2_000 {
                sum += f(m.state.daily_vol().unwrap());
                n += 1;
            }
        }
        let mean = sum / f64::from(n);
        assert!(
            (mean / sigma - 1.0).abs() < 0.02,
            "mean estimate {mean} vs {sigma}"
        );
    }

    proptest! {
        #[test]
        fn ewma_variance_stays_between_old_and_news(v0 in 1u32..10_000, ret_bp in -500i32..500, gap in 900u64..400_000) {
            let v0 = Wad::from_raw(u128::from(v0) * ONE / 1_000_000);
            let mut m = Ewma::new(EwmaParams::default(), v0, w(100.0), 0).unwrap();
            let p1 = w(100.0 * (f64::from(ret_bp) / 10_000.0).exp());
            let before = m.state.variance;
            m.update(p1, gap).unwrap();
            let r = (f(p1) / 100.0).ln();
            let news = r * r / (gap as f64 / 86_400.0);
            let lo = f(before).min(news) - 1e-15;
            let hi = f(before).max(news) + 1e-15;
            prop_assert!(f(m.state.variance) >= lo && f(m.state.variance) <= hi);
        }
    }
}
