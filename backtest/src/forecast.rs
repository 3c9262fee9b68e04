//! The on-chain volatility forecast of one underlying, as MarginRegistry runs it: risk-math's GARCH(1,1) (and
//! the EWMA it can be switched to) fed one close a day, the jump variance included, then the
//! anti-procyclicality controls ([`ProcyclicalityControls`]) with a stressed vol from the history so far.

use ballast_risk_math::{
    vol::{annualise, Ewma, EwmaParams, Garch, GarchParams, ProcyclicalityControls, VolError},
    Wad,
};

use crate::data::{from_f64, to_f64};

/// Weight of the stressed vol in the margin vol (EMIR Art. 28 (b), the figure `vol.rs` documents).
pub const STRESS_WEIGHT: f64 = 0.25;

/// Window (days) of the realised vols whose running maximum is the stressed vol.
pub const STRESS_WINDOW: usize = 30;

/// Margin-vol floor and cap: MarginRegistry's hard bounds (1% and 500%), so neither binds.
const VOL_FLOOR: f64 = 0.01;
const VOL_CAP: f64 = 5.0;

/// One underlying's forecasts.
#[derive(Clone, Debug)]
pub struct Tracker {
    garch: Garch,
    ewma: Ewma,
    /// Returns seen so far (for the stressed vol).
    window: Vec<f64>,
    /// Worst annualised realised vol of a full window so far (0 before the first full window).
    stress_vol: f64,
}

impl Tracker {
    /// Starts both models at the first close with `initial_variance` (daily).
    ///
    /// # Errors
    /// Parameters outside risk-math's admissible box, or a zero price.
    pub fn new(
        garch: GarchParams,
        ewma: EwmaParams,
        initial_variance: f64,
        price: Wad,
        secs: u64,
    ) -> Result<Self, VolError> {
        let v = from_f64(initial_variance);
        Ok(Self {
            garch: Garch::new(garch, v, price, secs)?,
            ewma: Ewma::new(ewma, v, price, secs)?,
            window: Vec::new(),
            stress_vol: 0.0,
        })
    }

    /// Feeds the next close.
    ///
    /// # Errors
    /// risk-math's (a zero price or non-increasing time).
    pub fn update(&mut self, price: Wad, secs: u64) -> Result<(), VolError> {
        let r = (to_f64(price) / to_f64(self.garch.state.last_price)).ln();
        self.garch.update(price, secs)?;
        self.ewma.update(price, secs)?;
        self.window.push(r);
        if self.window.len() >= STRESS_WINDOW {
            let recent = &self.window[self.window.len() - STRESS_WINDOW..];
            let var = recent.iter().map(|x| x * x).sum::<f64>() / STRESS_WINDOW as f64;
            self.stress_vol = self.stress_vol.max((365.0 * var).sqrt());
        }
        Ok(())
    }

    /// GARCH daily variance forecast for the next day, jump variance included (what the margin vol uses).
    pub fn garch_variance(&self) -> f64 {
        to_f64(self.garch.state.variance) + to_f64(self.garch.state.jump_variance)
    }

    /// EWMA daily variance forecast, jump variance included.
    pub fn ewma_variance(&self) -> f64 {
        to_f64(self.ewma.state.variance) + to_f64(self.ewma.state.jump_variance)
    }

    /// The on-chain forecast vol, annualised (MarginRegistry's `forecastVol`).
    ///
    /// # Errors
    /// risk-math's on overflow.
    pub fn forecast_vol(&self) -> Result<f64, VolError> {
        Ok(to_f64(annualise(self.garch.state.daily_vol_with_jumps()?)?))
    }

    /// Stressed vol so far (annualised; 0 before the first full window).
    pub fn stress_vol(&self) -> f64 {
        self.stress_vol
    }

    /// The margin vol: the anti-procyclicality controls applied to the forecast, the stressed vol being the
    /// worst realised vol so far (or the forecast itself before the first full window).
    ///
    /// # Errors
    /// risk-math's.
    pub fn margin_vol(&self) -> Result<f64, VolError> {
        let forecast = self.forecast_vol()?;
        let controls = ProcyclicalityControls {
            stress_weight: from_f64(STRESS_WEIGHT),
            stress_vol: from_f64(if self.stress_vol > 0.0 {
                self.stress_vol
            } else {
                forecast
            }),
            floor_vol: from_f64(VOL_FLOOR),
            cap_vol: from_f64(VOL_CAP),
        };
        Ok(to_f64(controls.apply(from_f64(forecast))?))
    }
}

/// Brings GARCH parameters into risk-math's admissible box (`α + β <= 0.995` by lowering `β`; the other bounds
/// are not needed by the fitted series); returns them and whether they changed.
pub fn admissible(mut p: GarchParams) -> (GarchParams, bool) {
    let max_persistence = Wad::from_raw(995_000_000_000_000_000);
    let phi = p.alpha.raw() + p.beta.raw();
    if phi > max_persistence.raw() {
        p.beta = Wad::from_raw(max_persistence.raw() - p.alpha.raw());
        return (p, true);
    }
    (p, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stress_vol_is_the_worst_window_and_lifts_the_margin_vol() {
        let start = from_f64(100.0);
        let mut t = Tracker::new(
            GarchParams::default(),
            EwmaParams::default(),
            4e-4,
            start,
            0,
        )
        .unwrap();
        let mut p = 100.0;
        for day in 1..=60u64 {
            // 30 calm days of +-1%, then 30 days of +-5%.
            let r = if day <= 30 { 0.01 } else { 0.05 } * if day % 2 == 0 { 1.0 } else { -1.0 };
            p *= f64::exp(r);
            t.update(from_f64(p), day * 86_400).unwrap();
        }
        assert!((t.stress_vol() - 0.05 * 365f64.sqrt()).abs() < 1e-6);
        let forecast = t.forecast_vol().unwrap();
        let blended = 0.75 * forecast + 0.25 * t.stress_vol();
        assert!((t.margin_vol().unwrap() - blended).abs() < 1e-9);
    }

    #[test]
    fn admissible_lowers_beta_only_when_persistence_is_too_high() {
        let (p, changed) = admissible(GarchParams::default());
        assert!(!changed && p == GarchParams::default());
        let high = GarchParams {
            alpha: from_f64(0.0854),
            beta: from_f64(0.91),
            ..GarchParams::default()
        };
        let (p, changed) = admissible(high);
        assert!(changed && p.alpha.raw() + p.beta.raw() == 995_000_000_000_000_000);
        assert!(p.validate().is_ok());
    }
}
