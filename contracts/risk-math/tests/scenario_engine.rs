//! Scenario-margin engine: behaviour, errors and the economic properties of methodology §1.3, §2.4, §5.5, §8
//! (proptest; failing seeds persist under `proptest-regressions/`).

mod scenario_support;

use ballast_risk_math::portfolio::{Limits, Position, PositionKind};
use ballast_risk_math::scenario::{
    aggregate, assess_underlying, portfolio_margin, scenario_at, AggregationParams, MarginError,
    ParamField, RiskParams, Scenario, SpreadPair, UnderlyingRisk, VolShift,
};
use ballast_risk_math::{SignedWad, Wad};
use proptest::prelude::*;
use scenario_support::*;

fn assess(positions: &[Position], spot: f64, vol: f64, params: &RiskParams) -> UnderlyingRisk {
    assess_underlying(positions, &market(1, spot, vol, 0.0), params, NOW).expect("valid book")
}

/// Rounding slack for comparisons of margins of related books: a few wei per position and scenario.
fn slack(positions: usize) -> u128 {
    100 * (positions as u128 + 1) * 64
}

#[test]
fn assess_underlying_revalues_a_perp_linearly_on_the_grid() {
    let params = RiskParams::default();
    let r = assess(&[perp(1, 2.0)], 100.0, 0.5, &params);
    // sigma_h = 0.5 / sqrt(365) = 2.6%, k sigma_h = 10.6% < 16%: the floor binds.
    assert_eq!(r.scan_range, wad(0.16));
    for (i, pnl) in r.pnl().iter().enumerate() {
        let expected = match scenario_at(&params, i).unwrap() {
            Scenario::Core { step, .. } => 2.0 * 100.0 * 0.04 * f64::from(step),
            Scenario::Tail { spot_move } => {
                let m = f(spot_move) - 1.0;
                200.0 * m * (0.77 * 0.16 / m.abs()).min(1.0)
            }
            Scenario::Skew { .. } | Scenario::Basis { .. } => 0.0,
        };
        assert!(
            (fs(*pnl) - expected).abs() < 1e-15,
            "scenario {i}: {} vs {expected}",
            fs(*pnl)
        );
    }
    assert_eq!(r.worst_scenario, 0);
    assert_eq!(r.worst_loss, wad(32.0));
    assert_eq!(r.scan_loss, wad(32.0));
    // MM = 0.8 * 32 + 1% of 200; IM = 32 + 1.5% of 200.
    assert_eq!(r.maintenance_margin, wad(27.6));
    assert_eq!(r.initial_margin, wad(35.0));
    assert_eq!(r.greeks.delta, swad(2.0));
    assert_eq!(r.mark_to_market, SignedWad::ZERO);
}

#[test]
fn assess_underlying_scan_range_follows_vol_between_floor_and_cap() {
    let params = RiskParams::default();
    // sigma = 1.5: 4.0625 * 1.5 / sqrt(365) = 31.9%
    let r = assess(&[perp(1, 1.0)], 100.0, 1.5, &params);
    let expected = 4.0625 * 1.5 / 365f64.sqrt();
    assert!((f(r.scan_range) - expected).abs() < 1e-15);
    let r = assess(&[perp(1, 1.0)], 100.0, 5.0, &params);
    assert_eq!(r.scan_range, wad(0.5));
}

#[test]
fn assess_underlying_merges_identical_series() {
    let params = RiskParams::default();
    let split = [
        call(1, 110.0, 30, 1.0),
        put(1, 90.0, 30, -2.0),
        call(1, 110.0, 30, 2.0),
    ];
    let merged = [call(1, 110.0, 30, 3.0), put(1, 90.0, 30, -2.0)];
    let a = assess(&split, 100.0, 0.6, &params);
    let b = assess(&merged, 100.0, 0.6, &params);
    assert_eq!(a.pnl(), b.pnl());
    assert_eq!(a.maintenance_margin, b.maintenance_margin);
}

#[test]
fn assess_underlying_ignores_other_underlyings() {
    let params = RiskParams::default();
    let mixed = [
        call(2, 110.0, 30, 1.0),
        perp(1, 1.0),
        put(2, 90.0, 30, -2.0),
    ];
    let a = assess_underlying(&mixed, &market(1, 100.0, 0.5, 0.0), &params, NOW).unwrap();
    let b = assess(&[perp(1, 1.0)], 100.0, 0.5, &params);
    assert_eq!(a.pnl(), b.pnl());
}

#[test]
fn short_option_minimum_binds_only_for_deep_otm_shorts() {
    let params = RiskParams::default();
    // Deep OTM short put (short calls are charged by the upside tail scenarios instead): tiny scan loss, so
    // SOM = 0.5% of spot notional binds in MM.
    let deep = assess(&[put(1, 25.0, 7, -10.0)], 100.0, 0.5, &params);
    assert!(f(deep.scan_loss) * 0.8 < 5.0);
    assert_eq!(deep.short_option_notional, wad(1000.0));
    assert_eq!(deep.maintenance_margin, wad(5.0));
    // ATM short straddle: the scan loss dominates and SOM does not change the margin.
    let atm = [call(1, 100.0, 30, -1.0), put(1, 100.0, 30, -1.0)];
    let with = assess(&atm, 100.0, 0.5, &params);
    let without = assess(
        &atm,
        100.0,
        0.5,
        &RiskParams {
            short_option_min_mm: Wad::ZERO,
            short_option_min_im: Wad::ZERO,
            ..params
        },
    );
    assert_eq!(with.maintenance_margin, without.maintenance_margin);
    assert_eq!(with.initial_margin, without.initial_margin);
    // A call and a put at the same strike and expiry net: long put + short call is not a naked short.
    let netted = assess(
        &[put(1, 25.0, 7, -10.0), call(1, 25.0, 7, 10.0)],
        100.0,
        0.5,
        &params,
    );
    assert_eq!(netted.short_option_notional, Wad::ZERO);
}

#[test]
fn near_expiry_charge_applies_inside_window_only() {
    let params = RiskParams::default();
    let inside = assess(
        &[Position {
            expiry_secs: NOW + 3_600,
            ..call(1, 100.0, 1, -1.0)
        }],
        100.0,
        0.5,
        &params,
    );
    assert_eq!(inside.near_expiry_notional, wad(100.0));
    let outside = assess(&[call(1, 100.0, 2, -1.0)], 100.0, 0.5, &params);
    assert_eq!(outside.near_expiry_notional, Wad::ZERO);
    let long = assess(
        &[Position {
            expiry_secs: NOW + 3_600,
            ..call(1, 100.0, 1, 1.0)
        }],
        100.0,
        0.5,
        &params,
    );
    assert_eq!(long.near_expiry_notional, Wad::ZERO);
}

#[test]
fn short_straddle_worst_case_is_vol_up_and_long_straddle_at_spot_is_vol_down() {
    let params = RiskParams::default();
    let short = assess(
        &[call(1, 100.0, 30, -1.0), put(1, 100.0, 30, -1.0)],
        100.0,
        0.6,
        &params,
    );
    match scenario_at(&params, short.worst_scenario).unwrap() {
        Scenario::Core {
            vol: VolShift::Up, ..
        }
        | Scenario::Tail { .. } => {}
        other => panic!("short straddle worst scenario {other:?}"),
    }
    let long = assess(
        &[call(1, 100.0, 30, 1.0), put(1, 100.0, 30, 1.0)],
        100.0,
        0.6,
        &params,
    );
    // Among the spot-unchanged core scenarios, vol down loses the most.
    let at_spot: Vec<(usize, VolShift)> = (0..long.scenario_count)
        .filter_map(|i| match scenario_at(&params, i) {
            Some(Scenario::Core { step: 0, vol }) => Some((i, vol)),
            _ => None,
        })
        .collect();
    let worst = at_spot
        .iter()
        .min_by_key(|(i, _)| long.scenario_pnl[*i])
        .unwrap();
    assert_eq!(worst.1, VolShift::Down);
    assert!(long.scenario_pnl[worst.0] < SignedWad::ZERO);
}

#[test]
fn expected_shortfall_mode_uses_es_with_stress_floors() {
    let es_params = RiskParams {
        es_confidence: wad(0.99),
        ..RiskParams::default()
    };
    let book = [
        call(1, 100.0, 30, -1.0),
        put(1, 90.0, 30, 1.0),
        perp(1, 0.3),
    ];
    let es = assess(&book, 100.0, 0.6, &es_params);
    let worst = assess(&book, 100.0, 0.6, &RiskParams::default());
    assert!(es.tail.es >= es.tail.var);
    assert!(es.scan_loss <= worst.scan_loss);
    assert!(f(es.scan_loss) >= fs(es.tail.es));
    // Stress floors: the tail, skew and basis losses still bind in ES mode.
    let core = ballast_risk_math::scenario::scenario_count(&RiskParams {
        tail_dampening: Wad::ZERO,
        skew_shock: Wad::ZERO,
        basis_shock: Wad::ZERO,
        ..es_params
    });
    let stress = es.pnl()[core..].iter().map(|p| -fs(*p)).fold(0.0, f64::max);
    assert!(f(es.scan_loss) >= stress - 1e-12);
}

#[test]
fn assess_underlying_reverts_when_position_invalid() {
    let params = RiskParams::default();
    let m = market(1, 100.0, 0.5, 0.0);
    let zero_strike = Position {
        strike: Wad::ZERO,
        ..call(1, 100.0, 30, 1.0)
    };
    assert_eq!(
        assess_underlying(&[perp(1, 1.0), zero_strike], &m, &params, NOW),
        Err(MarginError::InvalidPosition {
            index: 1,
            kind: PositionKind::Call,
            strike: 0,
            size: swad(1.0).raw()
        })
    );
    let perp_with_strike = Position {
        strike: wad(5.0),
        ..perp(1, 1.0)
    };
    assert!(matches!(
        assess_underlying(&[perp_with_strike], &m, &params, NOW),
        Err(MarginError::InvalidPosition { index: 0, .. })
    ));
    let zero_size = Position {
        size: SignedWad::ZERO,
        ..perp(1, 1.0)
    };
    assert!(matches!(
        assess_underlying(&[zero_size], &m, &params, NOW),
        Err(MarginError::InvalidPosition { .. })
    ));
    let expired = Position {
        expiry_secs: NOW,
        ..put(1, 100.0, 1, 1.0)
    };
    assert_eq!(
        assess_underlying(&[expired], &m, &params, NOW),
        Err(MarginError::PositionExpired {
            index: 0,
            expiry_secs: NOW,
            now_secs: NOW
        })
    );
}

#[test]
fn assess_underlying_reverts_when_market_or_params_invalid() {
    let params = RiskParams::default();
    assert_eq!(
        assess_underlying(&[perp(1, 1.0)], &market(1, 0.0, 0.5, 0.0), &params, NOW),
        Err(MarginError::InvalidMarketData {
            underlying: 1,
            spot: 0,
            vol: wad(0.5).raw()
        })
    );
    let bad = RiskParams {
        grid_steps: 9,
        ..params
    };
    assert_eq!(
        assess_underlying(&[perp(1, 1.0)], &market(1, 100.0, 0.5, 0.0), &bad, NOW),
        Err(MarginError::ParamOutOfBounds {
            field: ParamField::GridSteps,
            value: 9,
            min: 1,
            max: 8
        })
    );
    let too_many = vec![perp(1, 1.0); 65];
    assert!(matches!(
        assess_underlying(&too_many, &market(1, 100.0, 0.5, 0.0), &params, NOW),
        Err(MarginError::TooManyPositions { max: 64, .. })
    ));
    // |r τ| beyond 10 is outside the forward's domain.
    let far = call(1, 100.0, 36_500, 1.0);
    assert!(matches!(
        assess_underlying(&[far], &market(1, 100.0, 0.5, 0.5), &params, NOW),
        Err(MarginError::Math { underlying: 1, .. })
    ));
}

#[test]
fn risk_params_validate_enforces_every_bound() {
    let ok = RiskParams::default();
    ok.validate().unwrap();
    let cases: Vec<(RiskParams, ParamField)> = vec![
        (
            RiskParams {
                scan_range_floor: wad(0.005),
                ..ok
            },
            ParamField::ScanRangeFloor,
        ),
        (
            RiskParams {
                scan_range_cap: wad(0.1),
                ..ok
            },
            ParamField::ScanRangeCap,
        ),
        (
            RiskParams {
                vol_multiplier: wad(21.0),
                ..ok
            },
            ParamField::VolMultiplier,
        ),
        (
            RiskParams {
                horizon_secs: 60,
                ..ok
            },
            ParamField::HorizonSecs,
        ),
        (
            RiskParams {
                grid_steps: 0,
                ..ok
            },
            ParamField::GridSteps,
        ),
        (
            RiskParams {
                vol_up_shock: wad(6.0),
                ..ok
            },
            ParamField::VolUpShock,
        ),
        (
            RiskParams {
                vol_down_shock: wad(1.5),
                ..ok
            },
            ParamField::VolDownShock,
        ),
        (
            RiskParams {
                short_term_power: wad(1.5),
                ..ok
            },
            ParamField::ShortTermPower,
        ),
        (
            RiskParams {
                long_term_power: wad(1.5),
                ..ok
            },
            ParamField::LongTermPower,
        ),
        (
            RiskParams {
                min_vol_up: wad(6.0),
                ..ok
            },
            ParamField::MinVolUp,
        ),
        (
            RiskParams {
                tail_dampening: wad(1.1),
                ..ok
            },
            ParamField::TailDampening,
        ),
        (
            RiskParams {
                skew_shock: wad(1.1),
                ..ok
            },
            ParamField::SkewShock,
        ),
        (
            RiskParams {
                basis_shock: wad(0.6),
                ..ok
            },
            ParamField::BasisShock,
        ),
        (
            RiskParams {
                im_factor: wad(0.5),
                ..ok
            },
            ParamField::ImFactor,
        ),
        (
            RiskParams {
                mm_factor: wad(0.05),
                im_factor: wad(0.05),
                ..ok
            },
            ParamField::MmFactor,
        ),
        (
            RiskParams {
                es_confidence: wad(0.5),
                ..ok
            },
            ParamField::EsConfidence,
        ),
        (
            RiskParams {
                short_option_min_mm: wad(0.6),
                ..ok
            },
            ParamField::ShortOptionMinMm,
        ),
        (
            RiskParams {
                short_option_min_im: wad(0.6),
                ..ok
            },
            ParamField::ShortOptionMinIm,
        ),
        (
            RiskParams {
                perp_charge_mm: wad(0.6),
                ..ok
            },
            ParamField::PerpChargeMm,
        ),
        (
            RiskParams {
                perp_charge_im: wad(0.6),
                ..ok
            },
            ParamField::PerpChargeIm,
        ),
        (
            RiskParams {
                near_expiry_secs: 40 * 86_400,
                ..ok
            },
            ParamField::NearExpirySecs,
        ),
        (
            RiskParams {
                near_expiry_charge: wad(0.6),
                ..ok
            },
            ParamField::NearExpiryCharge,
        ),
    ];
    for (i, (params, field)) in cases.iter().enumerate() {
        match params.validate() {
            Err(MarginError::ParamOutOfBounds {
                field: got,
                value,
                min,
                max,
            }) => {
                assert_eq!(got, *field, "case {i}");
                assert_eq!(got.index() as usize, i, "field order of {}", got.name());
                assert!(value < min || value > max);
            }
            other => panic!("case {i} ({field:?}): {other:?}"),
        }
    }
}

#[test]
fn portfolio_margin_applies_spread_credit_within_bounds() {
    let pair = [SpreadPair {
        first: 1,
        second: 2,
        credit: wad(0.5),
    }];
    let agg = AggregationParams {
        spread_pairs: &pair,
        ..AggregationParams::default()
    };
    let markets = [market(1, 100.0, 0.5, 0.0), market(2, 50.0, 0.6, 0.0)];
    let params = |_| Some(RiskParams::default());
    let mut out = [empty(); 2];
    let hedged = portfolio_margin(
        &[perp(1, 1.0), perp(2, -2.0)],
        &markets,
        params,
        &agg,
        NOW,
        &mut out,
    )
    .unwrap();
    let legs = (f(out[0].maintenance_margin), f(out[1].maintenance_margin));
    // Equal dollar deltas move by the same fraction of equal scan ranges: the joint vector is flat, so the
    // hedge term is L1 + L2 and the credit is 0.5 * 0.8 * min(L1, L2).
    let loss_mm = (f(out[0].scan_loss) * 0.8).min(f(out[1].scan_loss) * 0.8);
    assert!((f(hedged.maintenance_credit) - 0.5 * loss_mm).abs() < 1e-12);
    assert!((f(hedged.maintenance_margin) - (legs.0 + legs.1 - 0.5 * loss_mm)).abs() < 1e-12);
    assert!(
        hedged.maintenance_credit
            <= Wad::from_raw(out[0].scan_loss.raw().min(out[1].scan_loss.raw()))
    );
    // Same-sign deltas get no credit.
    let same = portfolio_margin(
        &[perp(1, 1.0), perp(2, 2.0)],
        &markets,
        params,
        &agg,
        NOW,
        &mut out,
    )
    .unwrap();
    assert_eq!(same.maintenance_credit, Wad::ZERO);
    assert_eq!(same.initial_credit, Wad::ZERO);
    // The floor caps the credit: with floor 1 the total never drops below the largest leg.
    let strict = AggregationParams {
        credit_floor: Wad::ONE,
        spread_pairs: &[SpreadPair {
            first: 1,
            second: 2,
            credit: wad(0.8),
        }],
        ..agg
    };
    let floored = portfolio_margin(
        &[perp(1, 1.0), perp(2, -2.0)],
        &markets,
        params,
        &strict,
        NOW,
        &mut out,
    )
    .unwrap();
    assert!(floored.maintenance_margin >= out[0].maintenance_margin.max(out[1].maintenance_margin));
}

fn empty() -> UnderlyingRisk {
    assess(&[], 100.0, 0.5, &RiskParams::default())
}

#[test]
fn portfolio_margin_reverts_on_bad_portfolio_shape() {
    let agg = AggregationParams {
        limits: Limits {
            max_underlyings: 2,
            max_positions: 3,
        },
        ..AggregationParams::default()
    };
    let params = |id: u32| {
        if id == 9 {
            None
        } else {
            Some(RiskParams::default())
        }
    };
    let markets = [
        market(1, 100.0, 0.5, 0.0),
        market(2, 50.0, 0.6, 0.0),
        market(3, 10.0, 0.6, 0.0),
    ];
    let mut out = [empty(); 3];
    let p = |ids: &[u32]| ids.iter().map(|&i| perp(i, 1.0)).collect::<Vec<_>>();
    assert_eq!(
        portfolio_margin(&p(&[1, 1, 2, 2]), &markets, params, &agg, NOW, &mut out),
        Err(MarginError::TooManyPositions { count: 4, max: 3 })
    );
    assert_eq!(
        portfolio_margin(&p(&[1, 2, 3]), &markets, params, &agg, NOW, &mut out),
        Err(MarginError::TooManyUnderlyings { count: 3, max: 2 })
    );
    assert_eq!(
        portfolio_margin(&p(&[1, 4]), &markets, params, &agg, NOW, &mut out),
        Err(MarginError::MissingMarketData { underlying: 4 })
    );
    let dup = [market(1, 100.0, 0.5, 0.0), market(1, 100.0, 0.5, 0.0)];
    assert_eq!(
        portfolio_margin(&p(&[1]), &dup, params, &agg, NOW, &mut out),
        Err(MarginError::DuplicateMarketData { underlying: 1 })
    );
    let m9 = [market(9, 100.0, 0.5, 0.0)];
    assert_eq!(
        portfolio_margin(&p(&[9]), &m9, params, &agg, NOW, &mut out),
        Err(MarginError::UnderlyingNotListed { underlying: 9 })
    );
    assert_eq!(
        portfolio_margin(&p(&[1, 2]), &markets, params, &agg, NOW, &mut out[..1]),
        Err(MarginError::OutputTooSmall { needed: 2, len: 1 })
    );
    let bad_pair = [SpreadPair {
        first: 1,
        second: 1,
        credit: wad(0.1),
    }];
    let agg_bad = AggregationParams {
        spread_pairs: &bad_pair,
        ..agg
    };
    assert_eq!(
        aggregate(&[], &agg_bad),
        Err(MarginError::InvalidSpreadPair {
            first: 1,
            second: 1
        })
    );
    let big = [SpreadPair {
        first: 1,
        second: 2,
        credit: wad(0.9),
    }];
    assert!(matches!(
        aggregate(
            &[],
            &AggregationParams {
                spread_pairs: &big,
                ..agg
            }
        ),
        Err(MarginError::SpreadCreditOutOfBounds { .. })
    ));
    let crowded = [
        SpreadPair {
            first: 1,
            second: 2,
            credit: wad(0.6),
        },
        SpreadPair {
            first: 3,
            second: 1,
            credit: wad(0.6),
        },
    ];
    assert_eq!(
        aggregate(
            &[],
            &AggregationParams {
                spread_pairs: &crowded,
                ..agg
            }
        ),
        Err(MarginError::SpreadCreditOutOfBounds {
            credit: wad(1.2).raw(),
            max: wad(1.0).raw()
        })
    );
    let bad_floor = AggregationParams {
        credit_floor: wad(1.5),
        ..agg
    };
    assert!(matches!(
        aggregate(&[], &bad_floor),
        Err(MarginError::LimitOutOfBounds { .. })
    ));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn margin_is_monotone_in_position_size(book in book(1), m in any_market(1), k in 2i128..5) {
        let params = RiskParams::default();
        let base = assess_underlying(&book, &m, &params, NOW).unwrap();
        let bigger: Vec<Position> = book.iter().map(|p| scaled(p, k)).collect();
        let big = assess_underlying(&bigger, &m, &params, NOW).unwrap();
        prop_assert!(big.maintenance_margin >= base.maintenance_margin);
        prop_assert!(big.initial_margin >= base.initial_margin);
        prop_assert!(base.initial_margin >= base.maintenance_margin);
    }

    #[test]
    fn margin_is_positively_homogeneous_without_add_ons(book in book(1), m in any_market(1), k in 2i128..5) {
        let params = RiskParams::default().without_add_ons();
        let base = assess_underlying(&book, &m, &params, NOW).unwrap();
        let bigger: Vec<Position> = book.iter().map(|p| scaled(p, k)).collect();
        let big = assess_underlying(&bigger, &m, &params, NOW).unwrap();
        let expected = base.maintenance_margin.raw() * k as u128;
        prop_assert!(big.maintenance_margin.raw().abs_diff(expected) <= slack(book.len()) * k as u128,
            "{} vs {}", big.maintenance_margin.raw(), expected);
    }

    #[test]
    fn hedged_book_margin_is_at_most_sum_of_isolated(a in book(1), b in book(1), m in any_market(1), es in any::<bool>()) {
        let params = RiskParams { es_confidence: if es { wad(0.99) } else { Wad::ZERO }, ..RiskParams::default() };
        let ma = assess_underlying(&a, &m, &params, NOW).unwrap();
        let mb = assess_underlying(&b, &m, &params, NOW).unwrap();
        let both: Vec<Position> = a.iter().chain(&b).copied().collect();
        let mab = assess_underlying(&both, &m, &params, NOW).unwrap();
        let tol = slack(both.len());
        prop_assert!(mab.maintenance_margin.raw() <= ma.maintenance_margin.raw() + mb.maintenance_margin.raw() + tol);
        prop_assert!(mab.initial_margin.raw() <= ma.initial_margin.raw() + mb.initial_margin.raw() + tol);
    }

    #[test]
    fn book_plus_its_exact_opposite_has_zero_margin(a in book(1), m in any_market(1)) {
        // Adding the exact opposite book nets every scenario to zero.
        let params = RiskParams::default().without_add_ons();
        let both: Vec<Position> = a.iter().copied().chain(a.iter().map(negated)).collect();
        let r = assess_underlying(&both, &m, &params, NOW).unwrap();
        // Series merge to size 0 exactly; futures' notionals are rounded per position, so a few wei remain.
        prop_assert!(r.maintenance_margin.raw() <= slack(both.len()), "{}", r.maintenance_margin.raw());
    }

    #[test]
    fn opposite_book_has_opposite_scenario_pnl(a in book(1), m in any_market(1)) {
        let params = RiskParams::default();
        let ra = assess_underlying(&a, &m, &params, NOW).unwrap();
        let neg: Vec<Position> = a.iter().map(negated).collect();
        let rn = assess_underlying(&neg, &m, &params, NOW).unwrap();
        // Skew scenarios take each expiry's worse direction, so they are not odd in the book; the rest is linear.
        for (i, (x, y)) in ra.pnl().iter().zip(rn.pnl()).enumerate() {
            if matches!(scenario_at(&params, i), Some(Scenario::Skew { .. })) {
                continue;
            }
            // Each side is rounded toward -inf: at most a few wei per series apart.
            prop_assert!((x.raw() + y.raw()).abs() <= 4 * (a.len() as i128 + 2), "{} vs {}", x.raw(), y.raw());
        }
    }

    #[test]
    fn grid_is_symmetric_for_long_and_short_delta_one(size in 1i32..1000, vol in 10u32..200) {
        let params = RiskParams { tail_dampening: Wad::ZERO, basis_shock: Wad::ZERO, ..RiskParams::default() };
        let m = market(1, 100.0, f64::from(vol) / 100.0, 0.0);
        let long = assess_underlying(&[perp(1, f64::from(size))], &m, &params, NOW).unwrap();
        let short = assess_underlying(&[perp(1, -f64::from(size))], &m, &params, NOW).unwrap();
        prop_assert_eq!(long.scan_loss, short.scan_loss);
        prop_assert_eq!(long.maintenance_margin, short.maintenance_margin);
        // The long loses at -R, the short at +R: mirrored scenario indices.
        prop_assert_eq!(long.worst_scenario, 0);
        let worst_short = matches!(scenario_at(&params, short.worst_scenario), Some(Scenario::Core { step: 4, .. }));
        prop_assert!(worst_short);
    }

    #[test]
    fn tail_scenarios_never_bind_for_delta_one_books(
        sizes in proptest::collection::vec((-1000i32..1000, 0u64..400), 1..8),
        m in any_market(1),
    ) {
        let params = RiskParams::default();
        let book: Vec<Position> = sizes.iter().filter(|(s, _)| *s != 0).map(|&(s, d)| {
            if d == 0 { perp(1, f64::from(s) / 10.0) } else { future(1, f64::from(s) / 10.0, d) }
        }).collect();
        prop_assume!(!book.is_empty());
        let r = assess_underlying(&book, &m, &params, NOW).unwrap();
        let core = 23;
        let core_worst = r.pnl()[..core].iter().min().unwrap().raw();
        let tail_worst = r.pnl()[core..core + 8].iter().min().unwrap().raw();
        prop_assert!(tail_worst >= core_worst - 4, "tail {} vs core {}", tail_worst, core_worst);
    }

    #[test]
    fn long_options_never_lose_more_than_premium(
        legs in proptest::collection::vec((any::<bool>(), 50u32..200, 1u64..400, 1i32..100), 1..8),
        m in any_market(1),
    ) {
        let params = RiskParams::default().without_add_ons();
        let book: Vec<Position> = legs.iter().map(|&(c, k, d, s)| {
            if c { call(1, f64::from(k), d, f64::from(s) / 10.0) } else { put(1, f64::from(k), d, f64::from(s) / 10.0) }
        }).collect();
        let r = assess_underlying(&book, &m, &params, NOW).unwrap();
        prop_assert!(r.scan_loss.raw() as i128 <= r.mark_to_market.raw() + 1_000, "loss {} mtm {} worst {} pnl {:?}", r.scan_loss.raw(), r.mark_to_market.raw(), r.worst_scenario, r.pnl());
    }

    #[test]
    fn expected_shortfall_is_at_least_var(book in book(1), m in any_market(1), bp in 9_000u32..9_990) {
        let params = RiskParams { es_confidence: wad(f64::from(bp) / 10_000.0), ..RiskParams::default() };
        let r = assess_underlying(&book, &m, &params, NOW).unwrap();
        prop_assert!(r.tail.es >= r.tail.var);
        prop_assert!(r.scan_loss.raw() as i128 >= r.tail.es.raw());
        prop_assert!(r.scan_loss <= r.worst_loss, "scan {} worst {} es {} var {}", r.scan_loss.raw(), r.worst_loss.raw(), r.tail.es.raw(), r.tail.var.raw());
    }

    #[test]
    fn cross_underlying_hedge_is_at_most_sum_of_isolated(a in book(1), b in book(2), c in book(1), credit in 0u32..80) {
        let pair = [SpreadPair { first: 1, second: 2, credit: wad(f64::from(credit) / 100.0) }];
        let agg = AggregationParams { spread_pairs: &pair, limits: Limits { max_underlyings: 8, max_positions: 64 }, ..AggregationParams::default() };
        let markets = [market(1, 100.0, 0.6, 0.01), market(2, 100.0, 0.8, 0.0)];
        let params = |_| Some(RiskParams::default());
        let mut out = [empty(); 2];
        let x: Vec<Position> = a.iter().chain(&b).copied().collect();
        let y: Vec<Position> = c.clone();
        let xy: Vec<Position> = x.iter().chain(&y).copied().collect();
        let mx = portfolio_margin(&x, &markets, params, &agg, NOW, &mut out).unwrap();
        let my = portfolio_margin(&y, &markets, params, &agg, NOW, &mut out).unwrap();
        let mxy = portfolio_margin(&xy, &markets, params, &agg, NOW, &mut out).unwrap();
        let tol = slack(xy.len()) * 2;
        prop_assert!(mxy.maintenance_margin.raw() <= mx.maintenance_margin.raw() + my.maintenance_margin.raw() + tol, "xy {:?}\nx {:?}\ny {:?}", mxy, mx, my);
        prop_assert!(mxy.initial_margin.raw() <= mx.initial_margin.raw() + my.initial_margin.raw() + tol);
        // Credits never make margin negative or below the floor.
        prop_assert!(mxy.maintenance_margin >= Wad::ZERO);
        prop_assert!(mxy.initial_margin >= mxy.maintenance_margin);
    }
}

/// Sum over positions of size × the core pricer's spot Greeks (Black-Scholes with the rate), in natural units.
fn core_greeks(book: &[Position], spot: f64, vol: f64, rate: f64) -> [f64; 4] {
    use ballast_risk_math::{years_from_secs, EuropeanOption, OptionKind, Underlying};
    let mut sum = [0.0; 4];
    for p in book {
        let size = fs(p.size);
        let kind = match p.kind {
            PositionKind::DeltaOne => {
                sum[0] += size; // perpetuals only in these books
                continue;
            }
            PositionKind::Call => OptionKind::Call,
            PositionKind::Put => OptionKind::Put,
        };
        let g = EuropeanOption {
            kind,
            underlying: Underlying::Spot(wad(spot)),
            strike: p.strike,
            expiry_years: years_from_secs(p.expiry_secs - NOW, 0).unwrap(),
            vol: wad(vol),
            rate: swad(rate),
        }
        .greeks()
        .unwrap();
        sum[0] += size * fs(g.delta);
        sum[1] += size * f(g.gamma);
        sum[2] += size * f(g.vega);
        sum[3] += size * fs(g.theta);
    }
    sum
}

#[test]
fn net_greeks_match_the_core_pricer_and_agree_between_entry_points() {
    use ballast_risk_math::scenario::underlying_greeks;
    let (spot, vol, rate) = (100.0, 0.6, 0.03);
    let book = [
        call(1, 110.0, 30, -2.0),
        put(1, 90.0, 30, 3.0),
        call(1, 100.0, 7, 1.5),
        put(1, 100.0, 90, -1.0),
        call(1, 140.0, 365, 0.5),
        perp(1, -0.7),
    ];
    let m = market(1, spot, vol, rate);
    let net = underlying_greeks(&book, &m, NOW).unwrap();
    let engine = assess_underlying(&book, &m, &RiskParams::default(), NOW)
        .unwrap()
        .greeks;
    // The two entry points share the per-series code; the engine merges identical series first (none here).
    assert_eq!(net, engine);
    let want = core_greeks(&book, spot, vol, rate);
    let got = [fs(net.delta), fs(net.gamma), fs(net.vega), fs(net.theta)];
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        // Bounds of the per-unit comparison (pricer tests) scaled by the book: far below 1e-12 relative.
        assert!(
            (g - w).abs() <= 1e-12 * w.abs().max(1.0),
            "Greek {i}: engine {g} vs core {w}"
        );
    }
}
