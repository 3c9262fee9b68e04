//! Property tests (proptest): rounding direction, round trips, and the economic properties of the pricer
//! (methodology §4.4). Failing seeds are persisted under `proptest-regressions/` and committed.

use ballast_risk_math::{
    exp, ln, mul_div, mul_div_signed, norm_cdf, sqrt, EuropeanOption, Greeks, MathError,
    OptionKind, RoundMode, SignedWad, Underlying, Wad,
};
use proptest::prelude::*;

const WAD: f64 = 1e18;

fn wad(x: f64) -> Wad {
    Wad::from_raw((x * WAD) as u128)
}

fn swad(x: f64) -> SignedWad {
    SignedWad::from_raw((x * WAD) as i128)
}

fn f(w: Wad) -> f64 {
    w.raw() as f64 / WAD
}

fn fs(w: SignedWad) -> f64 {
    w.raw() as f64 / WAD
}

/// A market-range option (methodology §4.4 grid, widened): forward/spot 1e-3..1e6, moneyness 0.2..5, τ from one
/// minute to 3 years, σ 1%..300%, r -5%..20%.
fn option() -> impl Strategy<Value = EuropeanOption> {
    (
        prop::bool::ANY,
        prop::bool::ANY,
        -3.0f64..6.0,
        (0.2f64).ln()..(5.0f64).ln(),
        (60.0f64 / 31_536_000.0).ln()..(3.0f64).ln(),
        0.01f64..3.0,
        -0.05f64..0.2,
    )
        .prop_map(|(call, spot, log_f, log_m, log_tau, vol, rate)| {
            let und = 10f64.powf(log_f);
            EuropeanOption {
                kind: if call {
                    OptionKind::Call
                } else {
                    OptionKind::Put
                },
                underlying: if spot {
                    Underlying::Spot(wad(und))
                } else {
                    Underlying::Forward(wad(und))
                },
                strike: wad(und * log_m.exp()),
                expiry_years: wad(log_tau.exp()),
                vol: wad(vol),
                rate: swad(rate),
            }
        })
}

fn underlying(o: &EuropeanOption) -> f64 {
    match o.underlying {
        Underlying::Forward(x) | Underlying::Spot(x) => f(x),
    }
}

fn with_underlying(o: &EuropeanOption, x: f64) -> EuropeanOption {
    let mut b = *o;
    b.underlying = match o.underlying {
        Underlying::Forward(_) => Underlying::Forward(wad(x)),
        Underlying::Spot(_) => Underlying::Spot(wad(x)),
    };
    b
}

fn price(o: &EuropeanOption) -> f64 {
    f(o.price().expect("market-range inputs price"))
}

fn greeks(o: &EuropeanOption) -> Greeks {
    o.greeks().expect("market-range inputs have Greeks")
}

proptest! {
    #[test]
    fn mul_div_brackets_the_exact_quotient(x in 0u128..(1 << 64), y in 0u128..(1 << 64), d in 1u128..u128::MAX) {
        // x * y < 2^128 is exact in u128: an independent reference.
        let exact_floor = x * y / d;
        let exact_ceil = exact_floor + u128::from(x * y % d != 0);
        prop_assert_eq!(mul_div(x, y, d, RoundMode::Down), Ok(exact_floor));
        prop_assert_eq!(mul_div(x, y, d, RoundMode::Up), Ok(exact_ceil));
    }

    #[test]
    fn mul_div_down_le_up_le_down_plus_one_for_wide_products(x: u128, y: u128, d in 1u128..u128::MAX) {
        match (mul_div(x, y, d, RoundMode::Down), mul_div(x, y, d, RoundMode::Up)) {
            (Ok(lo), Ok(hi)) => prop_assert!(lo <= hi && hi - lo <= 1),
            (Ok(lo), Err(MathError::Overflow)) => prop_assert_eq!(lo, u128::MAX),
            (Err(MathError::Overflow), Err(MathError::Overflow)) => {}
            other => prop_assert!(false, "unexpected {:?}", other),
        }
    }

    #[test]
    fn signed_mul_div_floors_and_ceils(x in -(1i128 << 62)..(1 << 62), y in -(1i128 << 62)..(1 << 62), d in -(1i128 << 100)..(1 << 100)) {
        prop_assume!(d != 0);
        let p = x * y;
        let floor = p.div_euclid(d) - if d < 0 && p.rem_euclid(d) != 0 { 1 } else { 0 };
        let floor = if d > 0 { p.div_euclid(d) } else { floor };
        let down = mul_div_signed(x, y, d, RoundMode::Down).unwrap();
        let up = mul_div_signed(x, y, d, RoundMode::Up).unwrap();
        prop_assert_eq!(down, floor);
        prop_assert_eq!(up, floor + i128::from(p % d != 0));
        // down <= exact <= up, checked without division.
        let bracketed = if d > 0 { down * d <= p && p <= up * d } else { down * d >= p && p >= up * d };
        prop_assert!(bracketed);
    }

    #[test]
    fn mul_wad_and_div_wad_bracket_the_exact_value(a in 0u128..(1 << 68), b in 0u128..(1 << 59)) {
        let (x, y) = (Wad::from_raw(a), Wad::from_raw(b));
        let down = x.mul_wad(y, RoundMode::Down).unwrap().raw();
        let up = x.mul_wad(y, RoundMode::Up).unwrap().raw();
        prop_assert!(down * 1_000_000_000_000_000_000 <= a * b);
        prop_assert!(up * 1_000_000_000_000_000_000 >= a * b);
        prop_assert!(up - down <= 1);
        let qd = x.div_wad(y, RoundMode::Down);
        let qu = x.div_wad(y, RoundMode::Up);
        // a * 1e18 < 2^128: an exact u128 reference.
        let n = a * 1_000_000_000_000_000_000;
        match n.checked_div(b) {
            Some(q) => {
                prop_assert_eq!(qd, Ok(Wad::from_raw(q)));
                prop_assert_eq!(qu, Ok(Wad::from_raw(q + u128::from(n % b != 0))));
            }
            None => prop_assert_eq!((qd, qu), (Err(MathError::DivisionByZero), Err(MathError::DivisionByZero))),
        }
    }

    #[test]
    fn token_conversions_round_trip(raw: u128, decimals in 0u8..=36) {
        let w = Wad::from_raw(raw);
        match (w.to_token_amount(decimals, RoundMode::Down), w.to_token_amount(decimals, RoundMode::Up)) {
            (Ok(down), Ok(up)) => {
                prop_assert!(down <= up && up - down <= 1);
                // Converting back brackets the original: down -> <= w, up -> >= w.
                if let Ok(back) = Wad::from_token_amount(down, decimals, RoundMode::Down) {
                    prop_assert!(back <= w);
                }
                if let Ok(back) = Wad::from_token_amount(up, decimals, RoundMode::Up) {
                    prop_assert!(back >= w);
                }
                if decimals >= 18 {
                    prop_assert_eq!(down, up);
                    prop_assert_eq!(Wad::from_token_amount(down, decimals, RoundMode::Down), Ok(w));
                }
            }
            (Err(MathError::Overflow), _) | (_, Err(MathError::Overflow)) => prop_assert!(decimals > 18),
            other => prop_assert!(false, "unexpected {:?}", other),
        }
    }

    #[test]
    fn token_amounts_with_at_most_18_decimals_round_trip_exactly(amount: u64, decimals in 0u8..=18) {
        let w = Wad::from_token_amount(u128::from(amount), decimals, RoundMode::Down).unwrap();
        prop_assert_eq!(w.to_token_amount(decimals, RoundMode::Down), Ok(u128::from(amount)));
        prop_assert_eq!(w.to_token_amount(decimals, RoundMode::Up), Ok(u128::from(amount)));
    }

    #[test]
    fn sqrt_down_and_up_bracket_the_root(raw: u128) {
        let x = Wad::from_raw(raw);
        let down = sqrt(x, RoundMode::Down).raw();
        let up = sqrt(x, RoundMode::Up).raw();
        // down² <= raw * 1e18 < (down+1)², checked in 256 bits through mul_div (which is tested independently).
        let n_over_down = if down == 0 { u128::MAX } else { mul_div(raw, 1_000_000_000_000_000_000, down, RoundMode::Down).unwrap() };
        prop_assert!(down <= n_over_down);
        prop_assert!(up == down || up == down + 1);
    }

    #[test]
    fn ln_inverts_exp(x in -40.0f64..47.0) {
        let y = exp(swad(x)).unwrap();
        let back = fs(ln(y).unwrap());
        // exp's output has 18 decimals, so ln(exp(x)) is off by about 1e-18 / exp(x).
        prop_assert!((back - x).abs() <= 1e-12 + 2e-18 / f(y).max(1e-30), "x {x} back {back}");
    }

    #[test]
    fn norm_cdf_is_monotone_and_symmetric(x in -11.0f64..11.0, dx in 1e-18f64..1e-3) {
        let a = norm_cdf(swad(x));
        let b = norm_cdf(swad(x + dx));
        prop_assert!(a <= b, "Φ({x}) = {a} > Φ({}) = {b}", x + dx);
        let sum = norm_cdf(swad(x)).raw() + norm_cdf(swad(-x)).raw();
        prop_assert!(sum.abs_diff(1_000_000_000_000_000_000) <= 1);
    }

    #[test]
    fn put_call_parity_holds(o in option()) {
        let mut call = o;
        call.kind = OptionKind::Call;
        let mut put = o;
        put.kind = OptionKind::Put;
        let tau = f(o.expiry_years);
        let r = fs(o.rate);
        let k = f(o.strike);
        // C - P = S - K D (spot) or D (F - K) (forward).
        let rhs = match o.underlying {
            Underlying::Spot(s) => f(s) - k * (-r * tau).exp(),
            Underlying::Forward(fw) => (-r * tau).exp() * (f(fw) - k),
        };
        let lhs = price(&call) - price(&put);
        let scale = underlying(&o).max(k);
        prop_assert!((lhs - rhs).abs() <= 1e-12 * scale, "C - P = {lhs}, expected {rhs}");
    }

    #[test]
    fn put_call_symmetry_swaps_forward_and_strike(o in option()) {
        // Black-76: a call with forward a and strike b is worth a put with forward b and strike a.
        let (a, b) = match o.underlying {
            Underlying::Forward(fw) | Underlying::Spot(fw) => (fw, o.strike),
        };
        let call = EuropeanOption { kind: OptionKind::Call, underlying: Underlying::Forward(a), strike: b, ..o };
        let put = EuropeanOption { kind: OptionKind::Put, underlying: Underlying::Forward(b), strike: a, ..o };
        let (c, p) = (call.price().unwrap().raw(), put.price().unwrap().raw());
        let scale = a.raw().max(b.raw());
        // Both are computed leg by leg from the same tails, up to rounding: a few units per 1e18 of scale.
        prop_assert!(c.abs_diff(p) <= 2 + scale / 100_000_000_000_000_000, "call {c} put {p}");
    }

    #[test]
    fn call_is_non_increasing_and_convex_in_strike(o in option(), step in 1e-4f64..0.1) {
        let k = f(o.strike);
        let call = |strike: f64| {
            EuropeanOption { kind: OptionKind::Call, strike: wad(strike), ..o }.price().unwrap().raw() as i128
        };
        let (lo, mid, hi) = (call(k * (1.0 - step)), call(k), call(k * (1.0 + step)));
        prop_assert!(lo + 2 >= mid && mid + 2 >= hi);
        // Butterfly >= 0 up to rounding (strikes are rounded to WAD, so the wings are symmetric to 1 unit).
        let tolerance = 4 + (underlying(&o) * 1e-15 * WAD) as i128;
        prop_assert!(lo + hi - 2 * mid >= -tolerance, "butterfly {}", lo + hi - 2 * mid);
    }

    #[test]
    fn price_is_within_no_arbitrage_bounds(o in option()) {
        let p = o.price().unwrap().raw();
        let g = greeks(&o);
        prop_assert_eq!(g.price.raw(), p);
        let fwd_disc_bound = match (o.kind, o.underlying) {
            (OptionKind::Call, Underlying::Spot(s)) => s.raw(),
            (OptionKind::Call, Underlying::Forward(fw)) => fw.raw() * 2,
            (OptionKind::Put, _) => o.strike.raw() * 2,
        };
        prop_assert!(p <= fwd_disc_bound);
        prop_assert!(g.gamma.raw() < u128::MAX);
        let d = fs(g.delta);
        let signed_right = match o.kind { OptionKind::Call => d >= 0.0, OptionKind::Put => d <= 0.0 };
        prop_assert!(signed_right);
    }

    #[test]
    fn price_is_monotone_in_vol_and_underlying(o in option(), bump in 1e-6f64..0.5) {
        // Up to the rounding of the two legs (each to the nearest unit, then discounted): 2 units.
        let tolerance = 2;
        let mut higher_vol = o;
        higher_vol.vol = wad(f(o.vol) * (1.0 + bump));
        prop_assert!(o.price().unwrap().raw() <= higher_vol.price().unwrap().raw() + tolerance);
        let up = with_underlying(&o, underlying(&o) * (1.0 + bump));
        let (p0, p1) = (o.price().unwrap().raw(), up.price().unwrap().raw());
        match o.kind {
            OptionKind::Call => prop_assert!(p0 <= p1 + tolerance),
            OptionKind::Put => prop_assert!(p0 + tolerance >= p1),
        }
    }

    #[test]
    fn greeks_match_central_finite_differences(o in option()) {
        let g = greeks(&o);
        let x = underlying(&o);
        // Bump by 1e-3 of the total volatility v in d-space, so the truncation error (~(h/(x v))² / 6) stays below
        // 1e-7 relative however close to expiry.
        let v = f(o.vol) * f(o.expiry_years).sqrt();
        let h = 1e-3 * x * v.min(1.0);
        // Central differences with one Richardson step: (4 D(h/2) - D(h)) / 3 cancels the h² term.
        let central = |g: &dyn Fn(&EuropeanOption) -> f64, h: f64| {
            (g(&with_underlying(&o, x + h)) - g(&with_underlying(&o, x - h))) / (2.0 * h)
        };
        let richardson = |g: &dyn Fn(&EuropeanOption) -> f64| (4.0 * central(g, h / 2.0) - central(g, h)) / 3.0;
        let fd_delta = richardson(&price);
        prop_assert!((fd_delta - fs(g.delta)).abs() <= 1e-6 * fs(g.delta).abs() + 1e-9, "delta {} fd {fd_delta}", fs(g.delta));
        let fd_gamma = richardson(&|b: &EuropeanOption| fs(greeks(b).delta));
        prop_assert!((fd_gamma - f(g.gamma)).abs() <= 1e-4 * f(g.gamma) + 1e-9 / x, "gamma {} fd {fd_gamma}", f(g.gamma));
        let hv = 1e-5 * f(o.vol);
        let (mut vlo, mut vhi) = (o, o);
        vlo.vol = wad(f(o.vol) - hv);
        vhi.vol = wad(f(o.vol) + hv);
        let fd_vega = (price(&vhi) - price(&vlo)) / (2.0 * hv);
        prop_assert!((fd_vega - f(g.vega)).abs() <= 1e-6 * f(g.vega) + 1e-9 * x, "vega {} fd {fd_vega}", f(g.vega));
    }

    #[test]
    fn theta_satisfies_the_pricing_pde(o in option()) {
        let g = greeks(&o);
        let sigma = f(o.vol);
        let r = fs(o.rate);
        let x = underlying(&o);
        // Forward: Θ + ½σ²F²Γ - rV = 0. Spot: Θ + ½σ²S²Γ + rSΔ - rV = 0.
        let drift = match o.underlying {
            Underlying::Spot(_) => r * x * fs(g.delta),
            Underlying::Forward(_) => 0.0,
        };
        let residual = fs(g.theta) + 0.5 * sigma * sigma * x * x * f(g.gamma) + drift - r * f(g.price);
        let size = fs(g.theta).abs() + 0.5 * sigma * sigma * x * x * f(g.gamma) + (r * f(g.price)).abs();
        prop_assert!(residual.abs() <= 1e-9 * x + 1e-12 * size, "PDE residual {residual}");
        // Vega = Γ x² σ τ (spot: Γ_S S² σ τ; forward: Γ_F F² σ τ).
        let tau = f(o.expiry_years);
        let vega_from_gamma = f(g.gamma) * x * x * sigma * tau;
        // Plus one WAD unit of gamma carried through x²στ: a small gamma has few significant digits (the
        // regression case: gamma 5.6e-9 is only 10 digits, 1.8e-10 relative).
        let gamma_unit = 1e-18 * x * x * sigma * tau;
        prop_assert!((vega_from_gamma - f(g.vega)).abs() <= 1e-10 * f(g.vega) + 1e-12 * x + gamma_unit);
    }
}

#[test]
fn expiry_zero_vol_and_extreme_limits_are_defined() {
    let base = EuropeanOption {
        kind: OptionKind::Call,
        underlying: Underlying::Forward(wad(100.0)),
        strike: wad(90.0),
        expiry_years: Wad::ZERO,
        vol: wad(0.8),
        rate: SignedWad::ZERO,
    };
    // τ = 0: intrinsic, step delta, zero gamma/vega/theta.
    let g = base.greeks().unwrap();
    assert_eq!(g.price, Wad::from_int(10).unwrap());
    assert_eq!(g.delta, SignedWad::ONE);
    assert_eq!(
        (g.gamma, g.vega, g.theta),
        (Wad::ZERO, Wad::ZERO, SignedWad::ZERO)
    );
    let atm = EuropeanOption {
        strike: wad(100.0),
        ..base
    };
    assert_eq!(
        atm.greeks().unwrap().delta,
        SignedWad::from_raw(500_000_000_000_000_000)
    );
    // σ = 0 with a rate: discounted intrinsic.
    let zero_vol = EuropeanOption {
        vol: Wad::ZERO,
        expiry_years: Wad::ONE,
        rate: swad(0.05),
        ..base
    };
    let expected = 10.0 * (-0.05f64).exp();
    assert!((f(zero_vol.price().unwrap()) - expected).abs() < 1e-15);
    // Huge total vol: the limit price D F for a call.
    let huge = EuropeanOption {
        vol: wad(100.0),
        expiry_years: wad(4.0),
        ..base
    };
    assert_eq!(huge.price().unwrap(), wad(100.0));
    // Strike far above / below the forward.
    let deep_otm = EuropeanOption {
        strike: wad(1e9),
        expiry_years: Wad::ONE,
        ..base
    };
    assert_eq!(deep_otm.price().unwrap(), Wad::ZERO);
    let deep_itm = EuropeanOption {
        strike: Wad::from_raw(1),
        expiry_years: Wad::ONE,
        ..base
    };
    assert_eq!(
        deep_itm.price().unwrap().raw(),
        100 * 1_000_000_000_000_000_000 - 1
    );
}

#[test]
fn bad_inputs_return_typed_errors() {
    let base = EuropeanOption {
        kind: OptionKind::Put,
        underlying: Underlying::Spot(wad(100.0)),
        strike: wad(100.0),
        expiry_years: Wad::ONE,
        vol: wad(0.5),
        rate: SignedWad::ZERO,
    };
    let zero_spot = EuropeanOption {
        underlying: Underlying::Spot(Wad::ZERO),
        ..base
    };
    assert_eq!(zero_spot.price(), Err(MathError::DomainViolation));
    let zero_strike = EuropeanOption {
        strike: Wad::ZERO,
        ..base
    };
    assert_eq!(zero_strike.greeks(), Err(MathError::DomainViolation));
    let exploding_discount = EuropeanOption {
        rate: swad(-1000.0),
        expiry_years: wad(1000.0),
        ..base
    };
    assert_eq!(exploding_discount.price(), Err(MathError::Overflow));
    assert_eq!(ln(Wad::ZERO), Err(MathError::DomainViolation));
    assert_eq!(exp(swad(48.0)), Err(MathError::Overflow));
    assert_eq!(
        ballast_risk_math::years_from_secs(10, 11),
        Err(MathError::DomainViolation)
    );
    assert_eq!(
        Wad::from_token_amount(1, 37, RoundMode::Down),
        Err(MathError::DomainViolation)
    );
    assert_eq!(
        mul_div(1, 1, 0, RoundMode::Up),
        Err(MathError::DivisionByZero)
    );
    assert_eq!(Wad::ONE.checked_sub(Wad::MAX), Err(MathError::Underflow));
    assert_eq!(SignedWad::MIN.checked_neg(), Err(MathError::Overflow));
}
