//! The reference check: risk-math's GARCH(1,1) update against `arch`'s forecasts, day by day, at equal
//! parameters and starting variance, with the on-chain guards switched off.
//!
//! "Switched off": the return cap is set to its largest admissible value (100 standard deviations; no daily
//! return of these series comes near it, and the check asserts none was capped, so the jump variance stays 0),
//! the parameters are used as `arch` fitted them even where they leave the on-chain admissible box (WTI's
//! `α + β` is 0.9954 > 0.995; the box is checked by `GarchParams::validate`, which the update does not call),
//! and no floor, cap or stressed-vol blend is applied (those act on the margin vol, after the forecast).

use ballast_risk_math::{
    vol::{Garch, GarchParams, ObservationGuards, VolState},
    Wad,
};

use crate::data::{from_f64, to_f64, Series};

/// Result of comparing one series.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// Series name.
    pub name: String,
    /// Forecasts compared (one per close after the first).
    pub days: usize,
    /// Largest `|ours / arch − 1|`.
    pub max_rel_diff: f64,
    /// Date of the largest difference.
    pub worst_date: String,
    /// Updates whose return was capped (must be 0 for the comparison to be at equal models).
    pub capped: usize,
    /// The parameters used.
    pub params: (f64, f64, f64),
}

/// Runs the comparison over the whole series.
///
/// # Panics
/// If the series has no `arch` reference or the update fails (neither happens for the committed data).
pub fn compare(s: &Series) -> Comparison {
    let g = s.garch.expect("series with an arch reference");
    let params = GarchParams {
        omega: g.omega,
        alpha: g.alpha,
        beta: g.beta,
        guards: ObservationGuards {
            min_interval_secs: 60,
            max_return_sigmas: Wad::from_raw(100 * 1_000_000_000_000_000_000),
        },
    };
    let mut model = Garch {
        params,
        state: VolState::new(from_f64(s.arch_variance[0]), s.closes[0], 0).expect("positive close"),
    };
    let mut out = Comparison {
        name: s.name.clone(),
        days: 0,
        max_rel_diff: 0.0,
        worst_date: String::new(),
        capped: 0,
        params: (to_f64(g.omega), to_f64(g.alpha), to_f64(g.beta)),
    };
    for i in 1..s.closes.len() {
        let outcome = model
            .update(s.closes[i], i as u64 * 86_400)
            .expect("GARCH update");
        if outcome == (ballast_risk_math::vol::UpdateOutcome::Applied { capped: true }) {
            out.capped += 1;
        }
        let ours = to_f64(model.state.variance);
        let reference = s.arch_variance[i];
        let rel = (ours / reference - 1.0).abs();
        if rel > out.max_rel_diff {
            out.max_rel_diff = rel;
            out.worst_date = s.dates[i].clone();
        }
        out.days += 1;
    }
    out
}
