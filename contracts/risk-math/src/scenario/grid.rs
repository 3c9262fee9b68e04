//! The scenario set of one underlying: its layout (public, for displays and the on-chain interface) and the
//! per-scenario spot multipliers, their logarithms, vol states and dampening factors (crate-internal, computed
//! once per underlying and shared by every option).

use crate::elementary::ln_ratio_q60;
use crate::fixed;
use crate::scenario::RiskParams;
use crate::wad::{mul_div, Wad, WAD_SCALE};
use crate::RoundMode;

/// Spot multipliers of the tail scenarios (Derive PMRM_2's extended table).
pub const TAIL_SPOT_MOVES: [Wad; 8] = [
    Wad::from_raw(340_000_000_000_000_000),
    Wad::from_raw(670_000_000_000_000_000),
    Wad::from_raw(1_500_000_000_000_000_000),
    Wad::from_raw(2_000_000_000_000_000_000),
    Wad::from_raw(3_000_000_000_000_000_000),
    Wad::from_raw(4_000_000_000_000_000_000),
    Wad::from_raw(5_000_000_000_000_000_000),
    Wad::from_raw(6_000_000_000_000_000_000),
];

/// Volatility state of a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VolShift {
    /// `σ_up = max(σ(1 + U·m), σ_min,up)`.
    Up,
    /// `σ`.
    Unchanged,
    /// `σ_down = σ·max(0, 1 − Dn·m)`.
    Down,
}

/// One scenario of an underlying's scenario vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scenario {
    /// Core grid point: spot × `(1 + step·R/N)` with a vol shift.
    Core {
        /// `j` in `−N..=N`.
        step: i32,
        /// Vol state.
        vol: VolShift,
    },
    /// Tail point: spot × `spot_move`, vol up, dampened.
    Tail {
        /// The spot multiplier.
        spot_move: Wad,
    },
    /// Skew scenario: the "abs" variant (`|k|`) or the "linear" one (`k`).
    Skew {
        /// Whether this is the "abs" variant.
        abs: bool,
    },
    /// Basis scenario: forwards × `(1 + b)` (`up`) or `(1 − b)`.
    Basis {
        /// Whether forwards move up.
        up: bool,
    },
}

/// Number of core scenarios for `N` steps: `3(2N − 1) + 2`.
const fn core_count(steps: u32) -> usize {
    3 * (2 * steps as usize - 1) + 2
}

/// Returns the number of scenarios the engine evaluates with `params` (at most 59, below `MAX_SCENARIOS`).
pub fn scenario_count(params: &RiskParams) -> usize {
    let steps = params.grid_steps.clamp(1, super::MAX_GRID_STEPS);
    core_count(steps)
        + if params.tail_dampening.is_zero() {
            0
        } else {
            TAIL_SPOT_MOVES.len()
        }
        + if params.skew_shock.is_zero() { 0 } else { 2 }
        + if params.basis_shock.is_zero() { 0 } else { 2 }
}

/// Returns what scenario `index` of the vector is under `params`, or `None` past the end.
pub fn scenario_at(params: &RiskParams, index: usize) -> Option<Scenario> {
    let steps = params.grid_steps.clamp(1, super::MAX_GRID_STEPS) as i32;
    let mut i = index;
    // Core: j = -N (up), then j = -N+1..=N-1 (up, unchanged, down), then j = N (up).
    let core = core_count(steps as u32);
    if i < core {
        if i == 0 {
            return Some(Scenario::Core {
                step: -steps,
                vol: VolShift::Up,
            });
        }
        if i == core - 1 {
            return Some(Scenario::Core {
                step: steps,
                vol: VolShift::Up,
            });
        }
        let k = i - 1;
        let vol = [VolShift::Up, VolShift::Unchanged, VolShift::Down][k % 3];
        // Overflow not possible: k / 3 < 2N - 1 <= 15.
        return Some(Scenario::Core {
            step: -steps + 1 + (k / 3) as i32,
            vol,
        });
    }
    i -= core;
    if !params.tail_dampening.is_zero() {
        if i < TAIL_SPOT_MOVES.len() {
            return Some(Scenario::Tail {
                spot_move: TAIL_SPOT_MOVES[i],
            });
        }
        i -= TAIL_SPOT_MOVES.len();
    }
    if !params.skew_shock.is_zero() {
        if i < 2 {
            return Some(Scenario::Skew { abs: i == 1 });
        }
        i -= 2;
    }
    if !params.basis_shock.is_zero() && i < 2 {
        return Some(Scenario::Basis { up: i == 0 });
    }
    None
}

/// `(s, ln s)` of the tail moves in Q60, rounded to nearest (mpmath, 50 digits): no logarithm at run time.
const TAIL_Q60: [(i64, i64); 8] = [
    (391_993_311_566_327_972, -1_243_782_857_973_328_595),
    (772_457_408_086_587_474, -461_719_198_642_446_473),
    (1_729_382_256_910_270_464, 467_469_442_505_642_749),
    (2_305_843_009_213_693_952, 799_144_290_325_165_979),
    (3_458_764_513_820_540_928, 1_266_613_732_830_808_727),
    (4_611_686_018_427_387_904, 1_598_288_580_650_331_957),
    (5_764_607_523_034_234_880, 1_855_555_579_574_825_835),
    (6_917_529_027_641_081_856, 2_065_758_023_155_974_706),
];

/// Vol state used by the pricer (also its index into a series' vol states): up, unchanged, down (0, 1, 2 in
/// the core grid's order).
pub(crate) const VOL_UP: u8 = 0;
/// Unchanged vol.
pub(crate) const VOL_NONE: u8 = 1;
/// Vol down.
pub(crate) const VOL_DOWN: u8 = 2;
// Grid::for_each_priced enumerates the core states as 0, 1, 2.
const _: () = assert!(VOL_UP == 0 && VOL_NONE == 1 && VOL_DOWN == 2);

/// Number of core price points at most (`j = −N..=N`).
const MAX_CORE_POINTS: usize = 2 * super::MAX_GRID_STEPS as usize + 1;

/// One priced scenario: spot multiplier `s` and `ln s` (Q60), `s − 1` (WAD), vol state, PnL dampening (WAD).
#[derive(Clone, Copy)]
pub(crate) struct PricedScenario {
    pub(crate) spot: i64,
    pub(crate) ln_spot: i64,
    pub(crate) spot_move_wad: i64,
    pub(crate) vol: u8,
    pub(crate) dampening: u64,
}

/// The priced scenarios of one underlying (core and tail: a spot move and a vol state), plus the positions of
/// the skew and basis blocks in the vector. Stored per price point (a few hundred bytes: no large copies or
/// fills, which cost about 1,000 ink per byte in MVP WASM); [`Grid::for_each_priced`] enumerates the scenarios.
pub(crate) struct Grid {
    /// Scan range `R` (WAD).
    pub(crate) scan_range: Wad,
    /// `N`.
    steps: usize,
    /// Number of core + tail scenarios.
    pub(crate) priced: usize,
    /// Total scenarios.
    pub(crate) count: usize,
    /// Number of core scenarios (they occupy `0..core`).
    pub(crate) core: usize,
    /// Core price point `j + N`: `s`, `ln s` (Q60, `s` in `[0.1, 1.9]`) and `s − 1` (WAD).
    spot: [i64; MAX_CORE_POINTS],
    ln_spot: [i64; MAX_CORE_POINTS],
    spot_move_wad: [i64; MAX_CORE_POINTS],
    /// Tail dampening `min(1, κR/|s−1|)` (WAD) per tail move; `None` when the tail block is off.
    tail_dampening: Option<[u64; TAIL_SPOT_MOVES.len()]>,
    /// Index of the first skew scenario, if any.
    pub(crate) skew: Option<usize>,
    /// Index of the first basis scenario (up, then down), if any.
    pub(crate) basis: Option<usize>,
}

impl Grid {
    /// Builds the grid for `params` (already validated: `1 <= N <= 8`, `R <= 0.9`, `κ <= 1`) and scan range
    /// `scan_range`. Nothing here can fail for validated parameters (every `s` is in `[0.1, 1.9]`).
    pub(crate) fn new(params: &RiskParams, scan_range: Wad) -> Self {
        let steps = params.grid_steps.clamp(1, super::MAX_GRID_STEPS) as usize;
        let r = scan_range.raw();
        let spot_move_wad: [i64; MAX_CORE_POINTS] = core::array::from_fn(|p| {
            let j = p as i128 - steps as i128;
            // |j| R / N rounded down, the same magnitude on both sides, so the grid is exactly symmetric in
            // s - 1 (R <= 0.9, so it fits i64).
            let magnitude = (r * j.unsigned_abs() / steps as u128) as i64;
            match p {
                _ if p > 2 * steps => 0,
                _ if j < 0 => -magnitude,
                _ => magnitude,
            }
        });
        // One logarithm per price point, shared by its vol states; s = 1 exactly at j = 0.
        let spot: [i64; MAX_CORE_POINTS] = core::array::from_fn(|p| {
            fixed::from_wad(WAD_SCALE as i128 + i128::from(spot_move_wad[p])).unwrap_or(0) as i64
        });
        let ln_spot: [i64; MAX_CORE_POINTS] = core::array::from_fn(|p| {
            let s_wad = (WAD_SCALE as i128 + i128::from(spot_move_wad[p])) as u128;
            if spot_move_wad[p] == 0 {
                0
            } else {
                ln_ratio_q60(s_wad, WAD_SCALE).unwrap_or(0) as i64
            }
        });
        let tail_dampening = if params.tail_dampening.is_zero() {
            None
        } else {
            // κ R / |s - 1|, capped at 1, so a delta-one loss in a tail scenario is at most κR < R per unit.
            let kappa_r =
                mul_div(params.tail_dampening.raw(), r, WAD_SCALE, RoundMode::Down).unwrap_or(0);
            Some(core::array::from_fn(|t| {
                let shift = TAIL_SPOT_MOVES[t].raw().abs_diff(WAD_SCALE);
                mul_div(kappa_r, WAD_SCALE, shift, RoundMode::Down)
                    .unwrap_or(WAD_SCALE)
                    .min(WAD_SCALE) as u64
            }))
        };
        let core = core_count(steps as u32);
        let priced = core + tail_dampening.map_or(0, |t| t.len());
        let mut count = priced;
        let skew = (!params.skew_shock.is_zero()).then(|| {
            count += 2;
            count - 2
        });
        let basis = (!params.basis_shock.is_zero()).then(|| {
            count += 2;
            count - 2
        });
        Self {
            scan_range,
            steps,
            priced,
            count,
            core,
            spot,
            ln_spot,
            spot_move_wad,
            tail_dampening,
            skew,
            basis,
        }
    }

    /// Calls `f(k, scenario)` for every priced scenario `k` (core then tail, in vector order).
    ///
    /// # Errors
    /// The first error of `f`.
    #[inline]
    pub(crate) fn for_each_priced<E>(
        &self,
        mut f: impl FnMut(usize, &PricedScenario) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut k = 0;
        // Index loops: array and inclusive-range iterators are not inlined at opt-level "z".
        for p in 0..2 * self.steps + 1 {
            let mut sc = PricedScenario {
                spot: self.spot[p],
                ln_spot: self.ln_spot[p],
                spot_move_wad: self.spot_move_wad[p],
                vol: VOL_UP,
                dampening: WAD_SCALE as u64,
            };
            // Core layout: j = −N and j = N vol up only, the points between up, unchanged, down.
            let states = if p == 0 || p == 2 * self.steps { 1 } else { 3 };
            for vol in 0..states {
                // VOL_UP, VOL_NONE, VOL_DOWN are 0, 1, 2.
                sc.vol = vol;
                f(k, &sc)?;
                k += 1;
            }
        }
        if let Some(dampening) = self.tail_dampening {
            for t in 0..TAIL_Q60.len() {
                let (s, ln_s) = TAIL_Q60[t];
                let sc = PricedScenario {
                    spot: s,
                    ln_spot: ln_s,
                    spot_move_wad: (TAIL_SPOT_MOVES[t].raw() as i128 - WAD_SCALE as i128) as i64,
                    vol: VOL_UP,
                    dampening: dampening[t],
                };
                f(k, &sc)?;
                k += 1;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::risk_measures::MAX_SCENARIOS;

    #[test]
    fn scenario_count_matches_layout_when_defaults() {
        let p = RiskParams::default();
        assert_eq!(scenario_count(&p), 23 + 8 + 2 + 2);
        assert_eq!(
            scenario_at(&p, 0),
            Some(Scenario::Core {
                step: -4,
                vol: VolShift::Up
            })
        );
        assert_eq!(
            scenario_at(&p, 1),
            Some(Scenario::Core {
                step: -3,
                vol: VolShift::Up
            })
        );
        assert_eq!(
            scenario_at(&p, 3),
            Some(Scenario::Core {
                step: -3,
                vol: VolShift::Down
            })
        );
        assert_eq!(
            scenario_at(&p, 11),
            Some(Scenario::Core {
                step: 0,
                vol: VolShift::Unchanged
            })
        );
        assert_eq!(
            scenario_at(&p, 22),
            Some(Scenario::Core {
                step: 4,
                vol: VolShift::Up
            })
        );
        assert_eq!(
            scenario_at(&p, 23),
            Some(Scenario::Tail {
                spot_move: TAIL_SPOT_MOVES[0]
            })
        );
        assert_eq!(scenario_at(&p, 31), Some(Scenario::Skew { abs: false }));
        assert_eq!(scenario_at(&p, 32), Some(Scenario::Skew { abs: true }));
        assert_eq!(scenario_at(&p, 33), Some(Scenario::Basis { up: true }));
        assert_eq!(scenario_at(&p, 34), Some(Scenario::Basis { up: false }));
        assert_eq!(scenario_at(&p, 35), None);
    }

    #[test]
    fn scenario_count_drops_blocks_when_switched_off() {
        let p = RiskParams {
            tail_dampening: Wad::ZERO,
            skew_shock: Wad::ZERO,
            basis_shock: Wad::ZERO,
            grid_steps: 8,
            ..RiskParams::default()
        };
        assert_eq!(scenario_count(&p), 47);
        assert_eq!(scenario_at(&p, 47), None);
        let max = RiskParams {
            grid_steps: 8,
            ..RiskParams::default()
        };
        assert!(scenario_count(&max) <= MAX_SCENARIOS);
    }

    #[test]
    fn tail_constants_match_runtime_conversion_and_logarithm() {
        for (s, (s_q60, ln_s)) in TAIL_SPOT_MOVES.iter().zip(TAIL_Q60) {
            assert_eq!(fixed::from_wad(s.raw() as i128).unwrap(), i128::from(s_q60));
            // The run-time logarithm is accurate to a few Q60 units; the table is the rounded exact value.
            assert!(
                (ln_ratio_q60(s.raw(), WAD_SCALE).unwrap() - i128::from(ln_s)).abs() <= 4,
                "ln {s}"
            );
        }
    }

    #[test]
    fn grid_matches_layout_and_is_symmetric() {
        let p = RiskParams::default();
        let r = Wad::from_raw(180_000_000_000_000_000);
        let g = Grid::new(&p, r);
        assert_eq!(g.count, scenario_count(&p));
        let mut moves = std::vec::Vec::new();
        g.for_each_priced(|i, sc| {
            moves.push(sc.spot_move_wad);
            assert_eq!(
                i128::from(sc.spot),
                fixed::from_wad(WAD_SCALE as i128 + i128::from(sc.spot_move_wad)).unwrap()
            );
            match scenario_at(&p, i).unwrap() {
                Scenario::Core { step, vol } => {
                    assert_eq!(sc.spot_move_wad, 45_000_000_000_000_000 * i64::from(step));
                    let expected = match vol {
                        VolShift::Up => VOL_UP,
                        VolShift::Unchanged => VOL_NONE,
                        VolShift::Down => VOL_DOWN,
                    };
                    assert_eq!(sc.vol, expected);
                    assert_eq!(sc.dampening, WAD_SCALE as u64);
                }
                Scenario::Tail { spot_move } => {
                    assert_eq!(
                        i128::from(sc.spot_move_wad),
                        spot_move.raw() as i128 - WAD_SCALE as i128
                    );
                    assert_eq!(sc.vol, VOL_UP);
                    // 0.77 * 0.18 / |s - 1| capped at 1.
                    let expected = (0.1386 / (spot_move.raw() as f64 / 1e18 - 1.0).abs()).min(1.0);
                    assert!((sc.dampening as f64 / 1e18 - expected).abs() < 1e-15);
                }
                other => panic!("unexpected priced scenario {other:?}"),
            }
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_eq!(moves.len(), g.priced);
        // The mirrored core scenario has the opposite move.
        for i in 0..g.core {
            assert_eq!(moves[g.core - 1 - i], -moves[i]);
        }
        assert_eq!(g.skew, Some(31));
        assert_eq!(g.basis, Some(33));
    }
}
