//! Value-at-Risk and Expected Shortfall of a discrete, weighted scenario set (methodology §2.1).
//!
//! Losses `L_i` (positive = loss) carry weights `p_i ≥ 0`; the weights are normalised by their sum, so they need
//! not add up to one. Sorting the losses in descending order, with cumulative weights `W_j`:
//!
//! - `VaR_α = L_(k)` with `k = min{ j : W_j ≥ 1 − α }`;
//! - `ES_α = (1/(1−α)) · [ Σ_{i<k} p_(i)·L_(i) + (1 − α − W_{k−1})·L_(k) ]` — the Acerbi–Tasche form, whose
//!   fractional share of the boundary atom keeps ES coherent (subadditive) on a discrete distribution.
//!
//! Zero-weight scenarios are ignored, so adding one never changes the result; ties are broken by scenario index,
//! so the result does not depend on the order of equal losses. Everything runs on a stack buffer of
//! [`MAX_SCENARIOS`] indices: no allocation.

use core::fmt;

use crate::{mul_div, mul_div_signed, MathError, RoundMode, SignedWad, Wad};

/// Largest number of scenarios the measures (and the scenario engine) handle.
pub const MAX_SCENARIOS: usize = 64;

/// VaR and ES of one weighted loss vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TailRisk {
    /// Value-at-Risk at the confidence level (a loss; negative when even the tail is a gain).
    pub var: SignedWad,
    /// Expected Shortfall at the confidence level, `≥ var`.
    pub es: SignedWad,
    /// Index (into the input) of the scenario whose loss is the VaR.
    pub var_scenario: usize,
}

/// Why VaR/ES could not be computed.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RiskMeasureError {
    /// `losses` and `weights` have different lengths.
    LengthMismatch {
        /// Number of losses.
        losses: usize,
        /// Number of weights.
        weights: usize,
    },
    /// More scenarios than [`MAX_SCENARIOS`].
    TooManyScenarios {
        /// Number given.
        count: usize,
        /// The cap.
        max: usize,
    },
    /// The confidence is not strictly between 0 and 1 (WAD raw value).
    ConfidenceOutOfRange {
        /// The confidence given.
        confidence: u128,
    },
    /// The weights are all zero, or the tail mass `(1 − α)·Σp` rounds to zero.
    ZeroTailWeight,
    /// Fixed-point arithmetic failed.
    Math(MathError),
}

impl From<MathError> for RiskMeasureError {
    fn from(e: MathError) -> Self {
        Self::Math(e)
    }
}

impl fmt::Display for RiskMeasureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::LengthMismatch { losses, weights } => {
                write!(f, "{losses} losses but {weights} weights")
            }
            Self::TooManyScenarios { count, max } => {
                write!(f, "{count} scenarios, at most {max} allowed")
            }
            Self::ConfidenceOutOfRange { confidence } => {
                write!(
                    f,
                    "confidence {} is not strictly between 0 and 1",
                    Wad::from_raw(*confidence)
                )
            }
            Self::ZeroTailWeight => f.write_str("the tail of the scenario weights is empty"),
            Self::Math(e) => write!(f, "{e}"),
        }
    }
}

/// Returns VaR and Expected Shortfall at confidence `confidence` of the loss vector `losses` weighted by
/// `weights`.
///
/// # Errors
/// `LengthMismatch`, `TooManyScenarios` (more than [`MAX_SCENARIOS`]), `ConfidenceOutOfRange` (not in (0, 1)),
/// `ZeroTailWeight` (no weight in the tail), or `Math(Overflow)` when the weights' sum overflows.
///
/// # Rounding
/// The tail mass `(1−α)·Σp` is rounded down and each ES term up, so ES is rounded conservatively (upward) by at
/// most one wei per scenario. VaR is exact (it is one of the inputs).
pub fn value_at_risk_and_es(
    losses: &[SignedWad],
    weights: &[Wad],
    confidence: Wad,
) -> Result<TailRisk, RiskMeasureError> {
    if losses.len() != weights.len() {
        return Err(RiskMeasureError::LengthMismatch {
            losses: losses.len(),
            weights: weights.len(),
        });
    }
    if losses.len() > MAX_SCENARIOS {
        return Err(RiskMeasureError::TooManyScenarios {
            count: losses.len(),
            max: MAX_SCENARIOS,
        });
    }
    if confidence.is_zero() || confidence >= Wad::ONE {
        return Err(RiskMeasureError::ConfidenceOutOfRange {
            confidence: confidence.raw(),
        });
    }
    let mut order = [0u8; MAX_SCENARIOS];
    let mut n = 0usize;
    let mut total: u128 = 0;
    for (i, w) in weights.iter().enumerate() {
        if w.is_zero() {
            continue;
        }
        total = total.checked_add(w.raw()).ok_or(MathError::Overflow)?;
        // Insertion sort by descending loss; equal losses keep ascending index order.
        let loss = losses[i].raw();
        let mut j = n;
        while j > 0 && losses[order[j - 1] as usize].raw() < loss {
            order[j] = order[j - 1];
            j -= 1;
        }
        // Overflow not possible: i < MAX_SCENARIOS = 64.
        order[j] = i as u8;
        n += 1;
    }
    let tail = mul_div(
        total,
        Wad::ONE.raw() - confidence.raw(),
        Wad::ONE.raw(),
        RoundMode::Down,
    )?;
    if tail == 0 {
        return Err(RiskMeasureError::ZeroTailWeight);
    }
    let signed_tail = i128::try_from(tail).map_err(|_| MathError::Overflow)?;
    let mut cumulative: u128 = 0;
    let mut es: i128 = 0;
    for &idx in &order[..n] {
        let idx = idx as usize;
        let loss = losses[idx].raw();
        let weight = weights[idx].raw();
        // cumulative < tail <= total, so neither the sum nor the difference overflows.
        if cumulative + weight >= tail {
            let share = (tail - cumulative) as i128;
            es = es
                .checked_add(mul_div_signed(loss, share, signed_tail, RoundMode::Up)?)
                .ok_or(MathError::Overflow)?;
            return Ok(TailRisk {
                var: losses[idx],
                es: SignedWad::from_raw(es),
                var_scenario: idx,
            });
        }
        // weight < tail < 2^127 here.
        es = es
            .checked_add(mul_div_signed(
                loss,
                weight as i128,
                signed_tail,
                RoundMode::Up,
            )?)
            .ok_or(MathError::Overflow)?;
        cumulative += weight;
    }
    // The weights of the sorted scenarios add up to total >= tail, so the loop always returns.
    Err(RiskMeasureError::ZeroTailWeight)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::vec::Vec;

    const ONE: i128 = 1_000_000_000_000_000_000;

    fn sw(x: i128) -> SignedWad {
        SignedWad::from_raw(x * ONE)
    }

    fn equal_weights(n: usize) -> [Wad; MAX_SCENARIOS] {
        let _ = n;
        [Wad::ONE; MAX_SCENARIOS]
    }

    #[test]
    fn value_at_risk_and_es_is_mean_of_worst_k_when_weights_equal() {
        // 10 equal scenarios at 80%: the worst 2 carry the tail; VaR is the 2nd worst, ES their mean.
        let losses: [SignedWad; 10] = core::array::from_fn(|i| sw(i as i128 * 10 - 30));
        let w = equal_weights(10);
        let r =
            value_at_risk_and_es(&losses, &w[..10], Wad::from_raw(8 * ONE as u128 / 10)).unwrap();
        assert_eq!(r.var, sw(50));
        assert_eq!(r.es, sw(55));
        assert_eq!(r.var_scenario, 8);
    }

    #[test]
    fn value_at_risk_and_es_takes_fractional_boundary_atom() {
        // Weights 0.5, 0.3, 0.2 on losses 1, 2, 3; alpha = 0.75 so the tail is 0.25: 0.2 at 3 and 0.05 at 2.
        let losses = [sw(1), sw(2), sw(3)];
        let weights = [
            Wad::from_raw(5 * ONE as u128 / 10),
            Wad::from_raw(3 * ONE as u128 / 10),
            Wad::from_raw(2 * ONE as u128 / 10),
        ];
        let r =
            value_at_risk_and_es(&losses, &weights, Wad::from_raw(75 * ONE as u128 / 100)).unwrap();
        assert_eq!(r.var, sw(2));
        // (0.2*3 + 0.05*2) / 0.25 = 2.8
        assert_eq!(r.es, SignedWad::from_raw(28 * ONE / 10));
    }

    #[test]
    fn value_at_risk_and_es_reverts_when_inputs_invalid() {
        let l = [sw(1), sw(2)];
        let w = [Wad::ONE, Wad::ONE];
        let half = Wad::from_raw(ONE as u128 / 2);
        assert_eq!(
            value_at_risk_and_es(&l, &w[..1], half),
            Err(RiskMeasureError::LengthMismatch {
                losses: 2,
                weights: 1
            })
        );
        assert_eq!(
            value_at_risk_and_es(&l, &w, Wad::ONE),
            Err(RiskMeasureError::ConfidenceOutOfRange {
                confidence: ONE as u128
            })
        );
        assert_eq!(
            value_at_risk_and_es(&l, &w, Wad::ZERO),
            Err(RiskMeasureError::ConfidenceOutOfRange { confidence: 0 })
        );
        assert_eq!(
            value_at_risk_and_es(&l, &[Wad::ZERO; 2], half),
            Err(RiskMeasureError::ZeroTailWeight)
        );
        let many = [sw(0); MAX_SCENARIOS + 1];
        let many_w = [Wad::ONE; MAX_SCENARIOS + 1];
        assert_eq!(
            value_at_risk_and_es(&many, &many_w, half),
            Err(RiskMeasureError::TooManyScenarios { count: 65, max: 64 })
        );
    }

    /// Brute force: expand each weight into `units` equal atoms and average the worst ones (exact for weights
    /// that are integer multiples of the atom).
    fn brute_force_es(losses: &[i64], weights: &[u32], tail_atoms: u64) -> (i64, f64) {
        let mut atoms: Vec<i64> = Vec::new();
        for (l, w) in losses.iter().zip(weights) {
            atoms.extend(core::iter::repeat_n(*l, *w as usize));
        }
        atoms.sort_unstable_by(|a, b| b.cmp(a));
        let worst = &atoms[..tail_atoms as usize];
        let var = worst[worst.len() - 1];
        let es = worst.iter().map(|&x| x as f64).sum::<f64>() / tail_atoms as f64;
        (var, es)
    }

    proptest! {
        #[test]
        fn es_is_at_least_var_and_at_most_max_loss(
            data in proptest::collection::vec((-1_000_000i64..1_000_000, 0u32..5), 1..40),
            alpha_bp in 9_000u32..9_990,
        ) {
            let losses: Vec<SignedWad> = data.iter().map(|(l, _)| SignedWad::from_raw(i128::from(*l) * ONE / 1000)).collect();
            let weights: Vec<Wad> = data.iter().map(|(_, w)| Wad::from_raw(u128::from(*w) * ONE as u128)).collect();
            prop_assume!(weights.iter().any(|w| !w.is_zero()));
            let alpha = Wad::from_raw(u128::from(alpha_bp) * ONE as u128 / 10_000);
            let r = value_at_risk_and_es(&losses, &weights, alpha).unwrap();
            prop_assert!(r.es >= r.var);
            let max_loss = losses.iter().zip(&weights).filter(|(_, w)| !w.is_zero()).map(|(l, _)| *l).max().unwrap();
            // ES rounds up by at most one wei per scenario.
            prop_assert!(r.es.raw() <= max_loss.raw() + losses.len() as i128);
        }

        #[test]
        fn es_matches_brute_force_mean_of_worst_atoms(
            data in proptest::collection::vec((-1_000i64..1_000, 0u32..4), 1..30),
            tail_atoms in 1u64..10,
        ) {
            let total: u64 = data.iter().map(|(_, w)| u64::from(*w)).sum();
            prop_assume!(total > tail_atoms);
            let losses: Vec<SignedWad> = data.iter().map(|(l, _)| SignedWad::from_raw(i128::from(*l) * ONE)).collect();
            let weights: Vec<Wad> = data.iter().map(|(_, w)| Wad::from_raw(u128::from(*w))).collect();
            // alpha = 1 - tail_atoms/total exactly in WAD when total divides tail_atoms * 1e18 ... choose weights in
            // wei so the tail mass is exactly tail_atoms wei: alpha = 1 - tail/total, rounded so the tail is exact.
            let alpha_raw = ONE as u128 - (u128::from(tail_atoms) * ONE as u128).div_ceil(u128::from(total));
            let alpha = Wad::from_raw(alpha_raw);
            let tail = mul_div(u128::from(total), ONE as u128 - alpha_raw, ONE as u128, RoundMode::Down).unwrap();
            prop_assume!(tail == u128::from(tail_atoms));
            let r = value_at_risk_and_es(&losses, &weights, alpha).unwrap();
            let raw: Vec<i64> = data.iter().map(|(l, _)| *l).collect();
            let ws: Vec<u32> = data.iter().map(|(_, w)| *w).collect();
            let (var, es) = brute_force_es(&raw, &ws, tail_atoms);
            prop_assert_eq!(r.var.raw(), i128::from(var) * ONE);
            let got = r.es.raw() as f64 / ONE as f64;
            prop_assert!((got - es).abs() < 1e-9, "es {} vs brute force {}", got, es);
        }

        #[test]
        fn es_is_invariant_under_permutation_and_zero_weight_scenarios(
            data in proptest::collection::vec((-1_000_000i64..1_000_000, 1u32..5), 2..30),
            rotate in 0usize..30,
            extra_loss in -1_000_000i64..10_000_000,
        ) {
            let alpha = Wad::from_raw(95 * ONE as u128 / 100);
            let losses: Vec<SignedWad> = data.iter().map(|(l, _)| SignedWad::from_raw(i128::from(*l) * ONE)).collect();
            let weights: Vec<Wad> = data.iter().map(|(_, w)| Wad::from_raw(u128::from(*w) * ONE as u128)).collect();
            let base = value_at_risk_and_es(&losses, &weights, alpha).unwrap();
            let k = rotate % losses.len();
            let mut l2 = losses.clone();
            let mut w2 = weights.clone();
            l2.rotate_left(k);
            w2.rotate_left(k);
            l2.push(SignedWad::from_raw(i128::from(extra_loss) * ONE));
            w2.push(Wad::ZERO);
            let moved = value_at_risk_and_es(&l2, &w2, alpha).unwrap();
            prop_assert_eq!(base.var, moved.var);
            prop_assert_eq!(base.es, moved.es);
        }

        #[test]
        fn es_is_subadditive_on_shared_scenarios(
            data in proptest::collection::vec((-1_000_000i64..1_000_000, -1_000_000i64..1_000_000, 1u32..5), 2..30),
            alpha_bp in 9_000u32..9_990,
        ) {
            let alpha = Wad::from_raw(u128::from(alpha_bp) * ONE as u128 / 10_000);
            let a: Vec<SignedWad> = data.iter().map(|(x, _, _)| SignedWad::from_raw(i128::from(*x) * ONE)).collect();
            let b: Vec<SignedWad> = data.iter().map(|(_, y, _)| SignedWad::from_raw(i128::from(*y) * ONE)).collect();
            let ab: Vec<SignedWad> = a.iter().zip(&b).map(|(x, y)| SignedWad::from_raw(x.raw() + y.raw())).collect();
            let w: Vec<Wad> = data.iter().map(|(_, _, w)| Wad::from_raw(u128::from(*w) * ONE as u128)).collect();
            let ea = value_at_risk_and_es(&a, &w, alpha).unwrap().es.raw();
            let eb = value_at_risk_and_es(&b, &w, alpha).unwrap().es.raw();
            let eab = value_at_risk_and_es(&ab, &w, alpha).unwrap().es.raw();
            // Each ES is rounded up by at most one wei per scenario.
            prop_assert!(eab <= ea + eb + data.len() as i128);
        }

        #[test]
        fn es_is_non_decreasing_in_confidence(
            data in proptest::collection::vec((-1_000_000i64..1_000_000, 1u32..5), 2..30),
            a_bp in 9_000u32..9_990,
            b_bp in 9_000u32..9_990,
        ) {
            let (lo, hi) = (a_bp.min(b_bp), a_bp.max(b_bp));
            let losses: Vec<SignedWad> = data.iter().map(|(l, _)| SignedWad::from_raw(i128::from(*l) * ONE)).collect();
            let weights: Vec<Wad> = data.iter().map(|(_, w)| Wad::from_raw(u128::from(*w) * ONE as u128)).collect();
            let at = |bp: u32| value_at_risk_and_es(&losses, &weights, Wad::from_raw(u128::from(bp) * ONE as u128 / 10_000)).unwrap();
            prop_assert!(at(hi).es.raw() + data.len() as i128 >= at(lo).es.raw());
        }
    }
}
