//! Underlyings, the volatility forecast and keeper bounds.

use super::*;
use crate::errors::*;
use crate::events::{ImpliedVolBoundsUpdated, UnderlyingConfigured, VolatilityUpdated};
use ballast_risk_math::{
    vol::{annualise, Ewma, EwmaParams, Garch, GarchParams, ObservationGuards, VolState},
    Wad,
};

fn guards() -> ObservationGuards {
    ObservationGuards {
        min_interval_secs: 900,
        max_return_sigmas: Wad::from_raw(10 * WAD),
    }
}

#[test]
fn list_underlying_starts_forecast_at_initial_vol_and_emits() {
    let (host, mut reg) = deployed();
    host.set_sender(OWNER);
    reg.list_underlying(9, underlying_params(BTC_FEED, 8_000))
        .unwrap();
    let state = reg.volatility(9).unwrap();
    assert_eq!(state.lastPrice, wad(100_000));
    assert_eq!(state.lastUpdate, NOW);
    // Daily variance 0.8^2/365 rounded up; its annualised root is 0.8 within rounding.
    let diff = state.forecastVol.abs_diff(bps(8_000));
    assert!(
        diff < U256::from(10u64.pow(6)),
        "forecast {} vs 0.8",
        state.forecastVol
    );
    assert_eq!(state.marginVol, state.forecastVol);
    assert_eq!(
        reg.underlying_params(9).unwrap(),
        underlying_params(BTC_FEED, 8_000)
    );
    assert_eq!(host.events::<UnderlyingConfigured>()[0].feedDecimals, 8);
    assert_eq!(host.events::<VolatilityUpdated>()[0].underlying, 9);
}

#[test]
fn list_underlying_reverts_when_listed_unauthorised_or_out_of_bounds() {
    let (host, mut reg) = deployed();
    host.set_sender(OWNER);
    assert_eq!(
        reg.list_underlying(ETH, underlying_params(ETH_FEED, 6_000))
            .unwrap_err(),
        MarginRegistryUnderlyingAlreadyListed { underlying: ETH }.into()
    );
    assert_eq!(
        reg.list_underlying(9, underlying_params(Address::ZERO, 6_000))
            .unwrap_err(),
        MarginRegistryZeroAddress {}.into()
    );
    let mut p = underlying_params(BTC_FEED, 6_000);
    p.lambda = bps(4_000); // below risk-math's 0.5 floor
    assert!(
        matches!(reg.list_underlying(9, p).unwrap_err(), Error::ParameterOutOfBounds(e) if e.parameter == name_to_bytes32("lambda"))
    );
    let mut p = underlying_params(BTC_FEED, 6_000);
    p.garchAlpha = bps(3_000); // GARCH alpha above 0.25
    p.garchBeta = bps(8_000);
    p.garchOmega = U256::from(WAD / 100_000);
    assert!(
        matches!(reg.list_underlying(9, p).unwrap_err(), Error::ParameterOutOfBounds(e) if e.parameter == name_to_bytes32("alpha"))
    );
    let mut p = underlying_params(BTC_FEED, 6_000);
    p.initialVol = bps(40_000);
    assert!(
        matches!(reg.list_underlying(9, p).unwrap_err(), Error::ParameterOutOfBounds(e) if e.parameter == name_to_bytes32("initialVol"))
    );
    let mut p = underlying_params(BTC_FEED, 6_000);
    p.rate = i256(2 * WAD as i128);
    assert!(matches!(
        reg.list_underlying(9, p).unwrap_err(),
        Error::SignedParameterOutOfBounds(_)
    ));
    host.set_answer(BTC_FEED, 0);
    assert!(matches!(
        reg.list_underlying(9, underlying_params(BTC_FEED, 6_000))
            .unwrap_err(),
        Error::OraclePriceNonPositive(_)
    ));
    host.set_sender(EVE);
    assert!(matches!(
        reg.list_underlying(9, underlying_params(BTC_FEED, 6_000))
            .unwrap_err(),
        Error::OwnableUnauthorizedAccount(_)
    ));
    assert_eq!(
        reg.volatility(9).unwrap_err(),
        MarginRegistryUnderlyingNotListed { underlying: 9 }.into()
    );
    assert_eq!(
        reg.underlying_params(9).unwrap_err(),
        MarginRegistryUnderlyingNotListed { underlying: 9 }.into()
    );
}

#[test]
fn poke_volatility_matches_risk_math_ewma_when_interval_elapsed() {
    let (host, mut reg) = deployed();
    let start = reg.volatility(ETH).unwrap();
    let mut model = Ewma {
        params: EwmaParams {
            lambda: Wad::from_raw(94 * WAD / 100),
            guards: guards(),
        },
        state: VolState {
            variance: Wad::from_raw(start.varianceRate.to::<u128>()),
            jump_variance: Wad::ZERO,
            last_price: Wad::from_raw(4_000 * WAD),
            last_secs: NOW,
        },
    };
    for (i, price) in [4_100u128, 3_900, 4_400, 4_000].into_iter().enumerate() {
        let t = NOW + 3_600 * (i as u64 + 1);
        host.set_time(t);
        host.set_answer(ETH_FEED, (price * 100_000_000) as i128);
        host.set_sender(EVE);
        reg.poke_volatility(ETH).unwrap();
        model.update(Wad::from_raw(price * WAD), t).unwrap();
        let s = reg.volatility(ETH).unwrap();
        assert_eq!(s.varianceRate, U256::from(model.state.variance.raw()));
        assert_eq!(s.jumpVariance, U256::from(model.state.jump_variance.raw()));
        let forecast = annualise(model.state.daily_vol_with_jumps().unwrap()).unwrap();
        assert_eq!(s.forecastVol, U256::from(forecast.raw()));
    }
    assert_eq!(host.events::<VolatilityUpdated>().len(), 4);
}

#[test]
fn poke_volatility_matches_risk_math_garch_when_model_is_garch() {
    let (host, mut reg) = deployed();
    host.set_sender(OWNER);
    let mut p = underlying_params(BTC_FEED, 6_000);
    p.garchOmega = U256::from(80_000_000_000_000u128);
    p.garchAlpha = U256::from(144 * WAD / 1_000);
    p.garchBeta = U256::from(817 * WAD / 1_000);
    reg.list_underlying(9, p).unwrap();
    let start = reg.volatility(9).unwrap();
    let mut model = Garch {
        params: GarchParams {
            omega: Wad::from_raw(80_000_000_000_000),
            alpha: Wad::from_raw(144 * WAD / 1_000),
            beta: Wad::from_raw(817 * WAD / 1_000),
            guards: guards(),
        },
        state: VolState {
            variance: Wad::from_raw(start.varianceRate.to::<u128>()),
            jump_variance: Wad::ZERO,
            last_price: Wad::from_raw(100_000 * WAD),
            last_secs: NOW,
        },
    };
    host.set_time(NOW + DAY);
    host.set_answer(BTC_FEED, 90_000 * 100_000_000);
    reg.poke_volatility(9).unwrap();
    model
        .update(Wad::from_raw(90_000 * WAD), NOW + DAY)
        .unwrap();
    assert_eq!(
        reg.volatility(9).unwrap().varianceRate,
        U256::from(model.state.variance.raw())
    );
}

#[test]
fn poke_volatility_reverts_when_too_soon_unlisted_or_price_stale() {
    let (host, mut reg) = deployed();
    host.set_time(NOW + 899);
    assert_eq!(
        reg.poke_volatility(ETH).unwrap_err(),
        MarginRegistryVolatilityPokeTooSoon {
            underlying: ETH,
            lastUpdate: U256::from(NOW),
            nextAllowedAt: U256::from(NOW + 900)
        }
        .into()
    );
    assert_eq!(
        reg.poke_volatility(9).unwrap_err(),
        MarginRegistryUnderlyingNotListed { underlying: 9 }.into()
    );
    host.set_time(NOW + 4_000);
    assert!(matches!(
        reg.poke_volatility(ETH).unwrap_err(),
        Error::OraclePriceStale(_)
    ));
    let before = reg.volatility(ETH).unwrap().varianceRate;
    host.set_answer(ETH_FEED, 4_000 * 100_000_000);
    reg.poke_volatility(ETH).unwrap();
    assert_ne!(reg.volatility(ETH).unwrap().lastUpdate, NOW);
    assert!(
        reg.volatility(ETH).unwrap().varianceRate < before,
        "a zero return decays the variance"
    );
}

#[test]
fn margin_vol_follows_keeper_bounds_while_fresh_and_floor_cap_always() {
    let (host, mut reg) = deployed();
    let forecast = reg.volatility(ETH).unwrap().forecastVol;
    host.set_sender(KEEPER);
    reg.push_implied_vol_bounds(ETH, bps(8_000), bps(9_000))
        .unwrap();
    assert_eq!(reg.volatility(ETH).unwrap().marginVol, bps(8_000));
    assert_eq!(
        host.events::<ImpliedVolBoundsUpdated>(),
        vec![ImpliedVolBoundsUpdated {
            underlying: ETH,
            lower: bps(8_000),
            upper: bps(9_000)
        }]
    );
    // Stale bounds are ignored (max age one day).
    host.set_time(NOW + DAY + 1);
    assert_eq!(reg.volatility(ETH).unwrap().marginVol, forecast);
    // Stress blend and floor through setUnderlyingParams.
    host.set_sender(ADMIN);
    let mut p = underlying_params(ETH_FEED, 6_000);
    p.volFloor = bps(7_000);
    p.initialVol = bps(7_000);
    reg.set_underlying_params(ETH, p).unwrap();
    assert_eq!(reg.volatility(ETH).unwrap().marginVol, bps(7_000));
}

#[test]
fn push_implied_vol_bounds_reverts_when_not_keeper_or_bounds_invalid() {
    let (host, mut reg) = deployed();
    host.set_sender(EVE);
    assert_eq!(
        reg.push_implied_vol_bounds(ETH, bps(5_000), bps(6_000))
            .unwrap_err(),
        MarginRegistryUnauthorizedKeeper { account: EVE }.into()
    );
    host.set_sender(KEEPER);
    for (lo, hi) in [(6_000, 5_000), (500, 6_000), (5_000, 40_000)] {
        assert_eq!(
            reg.push_implied_vol_bounds(ETH, bps(lo), bps(hi))
                .unwrap_err(),
            MarginRegistryInvalidImpliedVolBounds {
                underlying: ETH,
                lower: bps(lo),
                upper: bps(hi)
            }
            .into()
        );
    }
    assert_eq!(
        reg.push_implied_vol_bounds(9, bps(5_000), bps(6_000))
            .unwrap_err(),
        MarginRegistryUnderlyingNotListed { underlying: 9 }.into()
    );
}

#[test]
fn set_underlying_params_reverts_when_feed_changes_unlisted_or_unauthorised() {
    let (host, mut reg) = deployed();
    host.set_sender(ADMIN);
    assert_eq!(
        reg.set_underlying_params(ETH, underlying_params(BTC_FEED, 6_000))
            .unwrap_err(),
        MarginRegistryUnderlyingAlreadyListed { underlying: ETH }.into()
    );
    assert_eq!(
        reg.set_underlying_params(9, underlying_params(BTC_FEED, 6_000))
            .unwrap_err(),
        MarginRegistryUnderlyingNotListed { underlying: 9 }.into()
    );
    host.set_sender(EVE);
    assert!(matches!(
        reg.set_underlying_params(ETH, underlying_params(ETH_FEED, 6_000))
            .unwrap_err(),
        Error::UnauthorizedRiskAdmin(_)
    ));
}

#[test]
fn margin_rises_when_volatility_forecast_rises() {
    let (host, mut reg) = deployed();
    deposit(&host, &mut reg, ALICE, USDC, usdc(100_000));
    trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[change(ETH_CALL, -100, 0)],
        0,
    )
    .unwrap();
    let (_, initial_calm, _) = reg.account_health(ALICE).unwrap();
    host.set_sender(KEEPER);
    reg.push_implied_vol_bounds(ETH, bps(15_000), bps(20_000))
        .unwrap();
    let (_, initial_storm, _) = reg.account_health(ALICE).unwrap();
    assert!(
        initial_storm > initial_calm,
        "{initial_storm} should exceed {initial_calm}"
    );
}
