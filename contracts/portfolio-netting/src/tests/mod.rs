//! Contract tests on stylus-sdk's `TestVM` (through `ballast-contract-common`'s `TestHost`): every function and
//! every error, plus the economic property tests of the issue (hedged <= sum of isolated, monotone in size,
//! symmetry, parameter bounds, dry run = compute).

use alloc::{vec, vec::Vec};

use alloy_primitives::{address, Address, I256, U256};
use ballast_contract_common::{testing::TestHost, OwnableInvalidOwner, OwnableUnauthorizedAccount};
use ballast_risk_math::scenario::RiskParams as EngineParams;
use proptest::prelude::*;

mod properties;
mod router;

use crate::{
    errors::*,
    events::*,
    params,
    types::{MarginResult, MarketData, Position, ProposedParams, RiskParams},
    Error, PortfolioNetting,
};

const OWNER: Address = address!("00000000000000000000000000000000000000A1");
const ADMIN: Address = address!("00000000000000000000000000000000000000B2");
const EVE: Address = address!("0000000000000000000000000000000000000E0E");
const BTC: u32 = 1;
const ETH: u32 = 2;
const SOL: u32 = 3;
const NOW: u64 = 1_800_000_000;
const DAY: u64 = 86_400;
const WAD: u128 = 1_000_000_000_000_000_000;

fn wad(x: u128) -> U256 {
    U256::from(x * WAD)
}

/// `x / 10_000` as a WAD.
fn bps(x: u128) -> U256 {
    U256::from(x * WAD / 10_000)
}

fn iwad(x: i128) -> I256 {
    I256::try_from(x * WAD as i128).unwrap()
}

fn default_params() -> RiskParams {
    params::to_abi(&params::engine_words(&EngineParams::default()))
}

/// A deployed contract with BTC and ETH listed at default parameters and the clock at `NOW`.
fn deployed() -> (TestHost, PortfolioNetting) {
    let host = TestHost::new();
    host.set_block_timestamp(NOW);
    let mut c = PortfolioNetting::from(&host);
    c.constructor(OWNER, ADMIN).unwrap();
    host.set_sender(ADMIN);
    c.set_risk_params(BTC, default_params()).unwrap();
    c.set_risk_params(ETH, default_params()).unwrap();
    host.clear_logs();
    (host, c)
}

fn perp(underlying: u32, size: i128) -> Position {
    Position {
        underlying,
        kind: 0,
        expiry: 0,
        strike: U256::ZERO,
        size: iwad(size),
    }
}

fn option(underlying: u32, kind: u8, strike: u128, days: u64, size: i128) -> Position {
    Position {
        underlying,
        kind,
        expiry: NOW + days * DAY,
        strike: wad(strike),
        size: iwad(size),
    }
}

fn market(underlying: u32, spot: u128, vol_bps: u128) -> MarketData {
    MarketData {
        underlying,
        spot: wad(spot),
        vol: bps(vol_bps),
        rate: I256::ZERO,
    }
}

fn markets() -> Vec<MarketData> {
    vec![market(BTC, 100_000, 5_000), market(ETH, 4_000, 7_000)]
}

fn margin(c: &PortfolioNetting, portfolio: &[Position]) -> MarginResult {
    c.compute_margin(portfolio.to_vec(), markets()).unwrap()
}

// ---------------------------------------------------------------------------------------------------------
// Deployment and roles
// ---------------------------------------------------------------------------------------------------------

#[test]
fn constructor_sets_roles_and_defaults_when_owner_nonzero() {
    let host = TestHost::new();
    let mut c = PortfolioNetting::from(&host);
    c.constructor(OWNER, ADMIN).unwrap();
    assert_eq!(c.owner(), OWNER);
    assert_eq!(c.pending_owner(), Address::ZERO);
    assert_eq!(c.risk_admin(), ADMIN);
    assert_eq!(c.limits(), (U256::from(4), U256::from(32)));
    assert_eq!(c.credit_floor(), bps(5_000));
    assert_eq!(
        host.events::<RiskAdminUpdated>(),
        vec![RiskAdminUpdated {
            previousRiskAdmin: Address::ZERO,
            newRiskAdmin: ADMIN
        }]
    );
    assert_eq!(host.events::<OwnershipTransferred>().len(), 1);
    assert_eq!(host.log_count(), 2);
}

#[test]
fn constructor_reverts_when_owner_zero() {
    let host = TestHost::new();
    let mut c = PortfolioNetting::from(&host);
    let err = c.constructor(Address::ZERO, ADMIN).unwrap_err();
    assert_eq!(
        err,
        Error::OwnableInvalidOwner(OwnableInvalidOwner {
            owner: Address::ZERO
        })
    );
}

#[test]
fn set_risk_admin_replaces_admin_and_emits_when_owner() {
    let (host, mut c) = deployed();
    host.set_sender(OWNER);
    c.set_risk_admin(EVE).unwrap();
    assert_eq!(c.risk_admin(), EVE);
    assert_eq!(
        host.events::<RiskAdminUpdated>(),
        vec![RiskAdminUpdated {
            previousRiskAdmin: ADMIN,
            newRiskAdmin: EVE
        }]
    );
    // The old admin lost its rights.
    host.set_sender(ADMIN);
    assert!(matches!(
        c.set_credit_floor(U256::ZERO),
        Err(Error::UnauthorizedRiskAdmin(_))
    ));
}

#[test]
fn set_risk_admin_reverts_when_caller_not_owner() {
    let (host, mut c) = deployed();
    host.set_sender(ADMIN);
    let err = c.set_risk_admin(EVE).unwrap_err();
    assert_eq!(
        err,
        Error::OwnableUnauthorizedAccount(OwnableUnauthorizedAccount { account: ADMIN })
    );
    assert_eq!(c.risk_admin(), ADMIN);
}

#[test]
fn risk_admin_functions_revert_when_admin_zero() {
    let (host, mut c) = deployed();
    host.set_sender(OWNER);
    c.set_risk_admin(Address::ZERO).unwrap();
    host.set_sender(Address::ZERO);
    let err = c.set_risk_params(BTC, default_params()).unwrap_err();
    assert_eq!(
        err,
        Error::UnauthorizedRiskAdmin(PortfolioNettingUnauthorizedRiskAdmin {
            account: Address::ZERO
        })
    );
}

#[test]
fn ownership_moves_in_two_steps_when_nominee_accepts() {
    let (host, mut c) = deployed();
    host.set_sender(OWNER);
    c.transfer_ownership(EVE).unwrap();
    assert_eq!(c.pending_owner(), EVE);
    assert_eq!(
        host.events::<OwnershipTransferStarted>(),
        vec![OwnershipTransferStarted {
            previousOwner: OWNER,
            newOwner: EVE
        }]
    );
    host.set_sender(ADMIN);
    assert!(matches!(
        c.accept_ownership(),
        Err(Error::OwnableUnauthorizedAccount(_))
    ));
    host.set_sender(EVE);
    c.accept_ownership().unwrap();
    assert_eq!(c.owner(), EVE);
    assert_eq!(c.pending_owner(), Address::ZERO);
    host.set_sender(OWNER);
    assert!(matches!(
        c.transfer_ownership(OWNER),
        Err(Error::OwnableUnauthorizedAccount(_))
    ));
}

// ---------------------------------------------------------------------------------------------------------
// Risk parameters
// ---------------------------------------------------------------------------------------------------------

#[test]
fn set_risk_params_lists_and_emits_old_and_new_when_admin() {
    let (host, mut c) = deployed();
    let mut p = default_params();
    p.scanRangeFloor = bps(2_000);
    c.set_risk_params(SOL, p.clone()).unwrap();
    assert_eq!(c.risk_params(SOL).unwrap(), p);
    c.set_risk_params(BTC, p.clone()).unwrap();
    let events = host.events::<RiskParamsUpdated>();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].underlying, SOL);
    assert_eq!(events[0].oldParams, RiskParams::default());
    assert_eq!(events[0].newParams, p);
    assert_eq!(events[1].oldParams, default_params());
    assert_eq!(events[1].newParams, p);
}

#[test]
fn set_risk_params_reverts_when_caller_not_admin() {
    let (host, mut c) = deployed();
    host.set_sender(OWNER);
    let err = c.set_risk_params(SOL, default_params()).unwrap_err();
    assert_eq!(
        err,
        Error::UnauthorizedRiskAdmin(PortfolioNettingUnauthorizedRiskAdmin { account: OWNER })
    );
    assert!(c.risk_params(SOL).is_err());
}

#[test]
fn set_risk_params_reverts_with_field_and_bounds_when_cap_below_floor() {
    let (_, mut c) = deployed();
    let mut p = default_params();
    p.scanRangeFloor = bps(3_000);
    p.scanRangeCap = bps(2_000);
    let err = c.set_risk_params(BTC, p).unwrap_err();
    assert_eq!(
        err,
        Error::ParamOutOfBounds(PortfolioNettingParamOutOfBounds {
            underlying: BTC,
            fieldIndex: U256::from(1),
            value: bps(2_000),
            min: bps(3_000),
            max: bps(9_000),
        })
    );
    assert_eq!(c.risk_params(BTC).unwrap(), default_params());
}

#[test]
fn set_risk_params_reports_value_as_given_when_above_u128() {
    let (_, mut c) = deployed();
    let mut p = default_params();
    p.volMultiplier = U256::MAX;
    match c.set_risk_params(BTC, p).unwrap_err() {
        Error::ParamOutOfBounds(e) => {
            assert_eq!(e.fieldIndex, U256::from(2));
            assert_eq!(e.value, U256::MAX);
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn risk_params_reverts_when_not_listed() {
    let (_, c) = deployed();
    assert_eq!(
        c.risk_params(SOL).unwrap_err(),
        Error::UnderlyingNotListed(PortfolioNettingUnderlyingNotListed { underlying: SOL })
    );
}

/// Independent statement of the interface's documented bounds `(min, max)` per field (NatSpec of `RiskParams`),
/// with 0 meaning "bound given by another field" resolved in [`in_bounds`].
const DOC_BOUNDS: [(u128, u128); params::FIELD_COUNT] = [
    (WAD / 100, WAD / 10 * 9),
    (0, WAD / 10 * 9),
    (0, 20 * WAD),
    (3_600, 2_592_000),
    (1, 8),
    (0, 5 * WAD),
    (0, WAD),
    (0, WAD),
    (0, WAD),
    (0, 5 * WAD),
    (0, WAD),
    (0, WAD),
    (0, WAD / 2),
    (0, 5 * WAD),
    (WAD / 10, 5 * WAD),
    (0, WAD / 1000 * 999),
    (0, WAD / 2),
    (0, WAD / 2),
    (0, WAD / 2),
    (0, WAD / 2),
    (0, 2_592_000),
    (0, WAD / 2),
];

/// Whether field `field` may take `value` with every other field at its default.
fn in_bounds(field: usize, value: u128) -> bool {
    let d = params::engine_words(&EngineParams::default());
    let (mut min, max) = DOC_BOUNDS[field];
    match field {
        1 => min = d[0],
        13 => min = d[14],
        14 => return value >= min && value <= max.min(d[13]),
        15 if value != 0 => min = WAD / 10 * 9,
        0 => return value >= min && value <= max.min(d[1]),
        _ => {}
    }
    value >= min && value <= max
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Parameter bounds are enforced field by field: a value is accepted iff the interface's documented bounds
    /// allow it, and a rejected update changes nothing.
    #[test]
    fn set_risk_params_enforces_documented_bounds(field in 0usize..params::FIELD_COUNT, raw in 0u128..(6 * WAD), small in 0u128..3_000_000u128) {
        let (_, mut c) = deployed();
        let is_int = matches!(field, 3 | 4 | 20);
        let value = if is_int { small % 3_000_000 } else { raw };
        let mut words = params::engine_words(&EngineParams::default());
        words[field] = value;
        let proposed = params::to_abi(&words);
        let result = c.set_risk_params(BTC, proposed.clone());
        prop_assert_eq!(result.is_ok(), in_bounds(field, value), "field {} value {}", field, value);
        let stored = c.risk_params(BTC).unwrap();
        if result.is_ok() {
            prop_assert_eq!(stored, proposed);
        } else {
            prop_assert_eq!(stored, default_params());
            // A floor above the cap is reported on the cap (field 1), an mmFactor above imFactor on imFactor
            // (field 13): the check of the dependent field fails first.
            let d = params::engine_words(&EngineParams::default());
            let expected = match field {
                0 if value > d[1] && value <= DOC_BOUNDS[0].1 => 1,
                14 if value > d[13] => 13,
                _ => field,
            };
            let is_field_error = matches!(
                result.unwrap_err(),
                Error::ParamOutOfBounds(ref e) if e.fieldIndex == U256::from(expected) && e.underlying == BTC
            );
            prop_assert!(is_field_error);
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Spread credits, credit floor, limits
// ---------------------------------------------------------------------------------------------------------

#[test]
fn set_spread_credit_stores_symmetric_pair_and_emits() {
    let (host, mut c) = deployed();
    c.set_spread_credit(ETH, BTC, bps(5_000)).unwrap();
    assert_eq!(c.spread_credit(BTC, ETH), bps(5_000));
    assert_eq!(c.spread_credit(ETH, BTC), bps(5_000));
    c.set_spread_credit(BTC, ETH, bps(3_000)).unwrap();
    assert_eq!(
        host.events::<SpreadCreditUpdated>(),
        vec![
            SpreadCreditUpdated {
                underlyingA: ETH,
                underlyingB: BTC,
                oldCredit: U256::ZERO,
                newCredit: bps(5_000)
            },
            SpreadCreditUpdated {
                underlyingA: BTC,
                underlyingB: ETH,
                oldCredit: bps(5_000),
                newCredit: bps(3_000)
            },
        ]
    );
}

#[test]
fn set_spread_credit_reverts_when_pair_invalid() {
    let (host, mut c) = deployed();
    let invalid = |a, b| {
        Error::InvalidSpreadPair(PortfolioNettingInvalidSpreadPair {
            underlyingA: a,
            underlyingB: b,
        })
    };
    assert_eq!(
        c.set_spread_credit(BTC, BTC, bps(1)).unwrap_err(),
        invalid(BTC, BTC)
    );
    assert_eq!(
        c.set_spread_credit(BTC, SOL, bps(1)).unwrap_err(),
        invalid(BTC, SOL)
    );
    host.set_sender(EVE);
    assert!(matches!(
        c.set_spread_credit(BTC, ETH, bps(1)),
        Err(Error::UnauthorizedRiskAdmin(_))
    ));
    assert_eq!(c.spread_credit(BTC, ETH), U256::ZERO);
}

#[test]
fn set_spread_credit_reverts_when_credit_or_sum_too_large() {
    let (_, mut c) = deployed();
    c.set_risk_params(SOL, default_params()).unwrap();
    assert_eq!(
        c.set_spread_credit(BTC, ETH, bps(8_001)).unwrap_err(),
        Error::SpreadCreditOutOfBounds(PortfolioNettingSpreadCreditOutOfBounds {
            credit: bps(8_001),
            max: bps(8_000)
        })
    );
    c.set_spread_credit(BTC, ETH, bps(6_000)).unwrap();
    // BTC's pairs would add up to 1.1.
    assert_eq!(
        c.set_spread_credit(BTC, SOL, bps(5_000)).unwrap_err(),
        Error::SpreadCreditOutOfBounds(PortfolioNettingSpreadCreditOutOfBounds {
            credit: bps(11_000),
            max: bps(10_000)
        })
    );
    c.set_spread_credit(BTC, SOL, bps(4_000)).unwrap();
    // Lowering one pair frees room for the other.
    c.set_spread_credit(BTC, ETH, bps(1_000)).unwrap();
    c.set_spread_credit(BTC, SOL, bps(8_000)).unwrap();
    assert_eq!(c.spread_credit(SOL, BTC), bps(8_000));
}

#[test]
fn set_credit_floor_updates_and_emits_when_in_bounds() {
    let (host, mut c) = deployed();
    c.set_credit_floor(bps(7_000)).unwrap();
    assert_eq!(c.credit_floor(), bps(7_000));
    assert_eq!(
        host.events::<CreditFloorUpdated>(),
        vec![CreditFloorUpdated {
            oldFloor: bps(5_000),
            newFloor: bps(7_000)
        }]
    );
    assert_eq!(
        c.set_credit_floor(bps(10_001)).unwrap_err(),
        Error::LimitOutOfBounds(PortfolioNettingLimitOutOfBounds {
            value: bps(10_001),
            min: U256::ZERO,
            max: wad(1)
        })
    );
    host.set_sender(EVE);
    assert!(matches!(
        c.set_credit_floor(U256::ZERO),
        Err(Error::UnauthorizedRiskAdmin(_))
    ));
    assert_eq!(c.credit_floor(), bps(7_000));
}

#[test]
fn set_limits_updates_and_emits_when_in_bounds() {
    let (host, mut c) = deployed();
    c.set_limits(U256::from(8), U256::from(64)).unwrap();
    assert_eq!(c.limits(), (U256::from(8), U256::from(64)));
    assert_eq!(
        host.events::<LimitsUpdated>(),
        vec![LimitsUpdated {
            oldMaxUnderlyings: U256::from(4),
            oldMaxPositions: U256::from(32),
            newMaxUnderlyings: U256::from(8),
            newMaxPositions: U256::from(64),
        }]
    );
    let out = |v: u64, min: u64, max: u64| {
        Error::LimitOutOfBounds(PortfolioNettingLimitOutOfBounds {
            value: U256::from(v),
            min: U256::from(min),
            max: U256::from(max),
        })
    };
    assert_eq!(
        c.set_limits(U256::ZERO, U256::from(8)).unwrap_err(),
        out(0, 1, 8)
    );
    assert_eq!(
        c.set_limits(U256::from(9), U256::from(8)).unwrap_err(),
        out(9, 1, 8)
    );
    assert_eq!(
        c.set_limits(U256::from(2), U256::from(65)).unwrap_err(),
        out(65, 1, 64)
    );
    host.set_sender(EVE);
    assert!(matches!(
        c.set_limits(U256::from(1), U256::from(1)),
        Err(Error::UnauthorizedRiskAdmin(_))
    ));
    assert_eq!(c.limits(), (U256::from(8), U256::from(64)));
}

// ---------------------------------------------------------------------------------------------------------
// Margin views: values
// ---------------------------------------------------------------------------------------------------------

#[test]
fn compute_margin_charges_scan_range_and_perp_charges_when_long_perp() {
    let (_, c) = deployed();
    let r = margin(&c, &[perp(BTC, 1)]);
    // Default BTC: vol 50%, k = 4.0625, h = 1 day: R = 4.0625 * 0.5 * sqrt(1/365) = 10.6% < 16% floor.
    let u = &r.underlyings[0];
    assert_eq!(u.scanRange, bps(1_600));
    // Worst loss is the -16% core edge: 16,000 on 100,000 of notional.
    assert_eq!(u.scanLoss, wad(16_000));
    // IM = 1.0 * L + (1% + 0.5%) * notional; MM = 0.8 * L + 1% * notional.
    assert_eq!(r.initialMargin, wad(16_000 + 1_500));
    assert_eq!(r.maintenanceMargin, wad(12_800 + 1_000));
    assert_eq!(u.greeks.delta, iwad(1));
    assert_eq!(u.greeks.gamma, I256::ZERO);
    assert_eq!(u.markToMarket, I256::ZERO);
    assert_eq!(
        U256::from(u.scenarioPnl.len()),
        U256::from(25 + 8 + 2 + 2) - U256::from(2)
    );
    assert_eq!(
        u.scenarioPnl[usize::try_from(u.worstScenario).unwrap()],
        -I256::try_from(u.scanLoss).unwrap()
    );
}

#[test]
fn compute_margin_nets_positions_across_venues_when_same_underlying() {
    let (_, c) = deployed();
    // Long on one venue, short on another: the scan loss cancels, only the perp charges remain.
    let r = margin(&c, &[perp(BTC, 2), perp(BTC, -2)]);
    assert_eq!(r.underlyings[0].scanLoss, U256::ZERO);
    assert_eq!(r.maintenanceMargin, wad(4_000));
    assert!(r.maintenanceMargin < margin(&c, &[perp(BTC, 2)]).maintenanceMargin);
}

#[test]
fn compute_margin_applies_spread_credit_when_pair_configured() {
    let (_, mut c) = deployed();
    let book = [perp(BTC, 1), perp(ETH, -25)];
    let before = margin(&c, &book);
    assert_eq!(before.initialCredit, U256::ZERO);
    c.set_spread_credit(BTC, ETH, bps(5_000)).unwrap();
    let after = margin(&c, &book);
    assert!(after.initialCredit > U256::ZERO);
    assert_eq!(
        after.initialMargin + after.initialCredit,
        before.initialMargin
    );
    assert!(after.maintenanceMargin < before.maintenanceMargin);
    // Same-direction books get no credit.
    let same = margin(&c, &[perp(BTC, 1), perp(ETH, 25)]);
    assert_eq!(same.initialCredit, U256::ZERO);
}

#[test]
fn compute_margin_lists_underlyings_in_order_of_first_appearance() {
    let (_, c) = deployed();
    let r = margin(
        &c,
        &[perp(ETH, 1), option(BTC, 1, 110_000, 30, -1), perp(ETH, 2)],
    );
    let ids: Vec<u32> = r.underlyings.iter().map(|u| u.greeks.underlying).collect();
    assert_eq!(ids, vec![ETH, BTC]);
    assert!(r.underlyings[1].markToMarket < I256::ZERO);
    assert_eq!(
        r.markToMarket,
        r.underlyings[0].markToMarket + r.underlyings[1].markToMarket
    );
}

#[test]
fn compute_margin_returns_zero_when_portfolio_empty() {
    let (_, c) = deployed();
    let r = c.compute_margin(vec![], vec![]).unwrap();
    assert_eq!(r, MarginResult::default());
}

#[test]
fn portfolio_greeks_match_compute_margin_breakdown() {
    let (_, c) = deployed();
    let book = [
        option(BTC, 1, 100_000, 30, 2),
        option(BTC, 2, 90_000, 60, -3),
        perp(ETH, -4),
    ];
    let greeks = c.portfolio_greeks(book.to_vec(), markets()).unwrap();
    let r = margin(&c, &book);
    assert_eq!(greeks.len(), 2);
    for (g, u) in greeks.iter().zip(&r.underlyings) {
        assert_eq!(*g, u.greeks);
    }
    // A long ATM call has 0 < delta < size; a short put adds positive delta.
    assert!(
        greeks[0].delta > iwad(1) && greeks[0].gamma != I256::ZERO && greeks[0].vega != I256::ZERO
    );
    assert_eq!(greeks[1].delta, iwad(-4));
}

#[test]
fn views_use_block_timestamp_for_time_to_expiry() {
    let (host, c) = deployed();
    let book = [option(BTC, 1, 100_000, 30, -1)];
    let early = margin(&c, &book).underlyings[0].markToMarket;
    host.set_block_timestamp(NOW + 20 * DAY);
    let late = margin(&c, &book).underlyings[0].markToMarket;
    // A short call loses less value as it decays.
    assert!(late > early);
}

// ---------------------------------------------------------------------------------------------------------
// Margin views: errors
// ---------------------------------------------------------------------------------------------------------

#[test]
fn compute_margin_reverts_when_too_many_positions() {
    let (_, c) = deployed();
    let book: Vec<Position> = (0..33).map(|_| perp(BTC, 1)).collect();
    assert_eq!(
        c.compute_margin(book, markets()).unwrap_err(),
        Error::TooManyPositions(PortfolioNettingTooManyPositions {
            count: U256::from(33),
            max: U256::from(32)
        })
    );
}

#[test]
fn compute_margin_reverts_when_too_many_underlyings() {
    let (_, mut c) = deployed();
    c.set_limits(U256::from(1), U256::from(32)).unwrap();
    assert_eq!(
        c.compute_margin(vec![perp(BTC, 1), perp(ETH, 1)], markets())
            .unwrap_err(),
        Error::TooManyUnderlyings(PortfolioNettingTooManyUnderlyings {
            count: U256::from(2),
            max: U256::from(1)
        })
    );
    let many: Vec<MarketData> = (0..65).map(|i| market(i, 1, 1)).collect();
    assert_eq!(
        c.compute_margin(vec![perp(BTC, 1)], many).unwrap_err(),
        Error::TooManyUnderlyings(PortfolioNettingTooManyUnderlyings {
            count: U256::from(65),
            max: U256::from(64)
        })
    );
}

#[test]
fn compute_margin_reverts_when_position_invalid() {
    let (_, c) = deployed();
    let cases = [
        Position {
            kind: 3,
            ..perp(BTC, 1)
        },
        Position {
            strike: wad(1),
            ..perp(BTC, 1)
        },
        Position {
            strike: U256::ZERO,
            ..option(BTC, 1, 1, 30, 1)
        },
        perp(BTC, 0),
        Position {
            strike: U256::MAX,
            ..option(BTC, 2, 1, 30, 1)
        },
        Position {
            size: I256::MAX,
            ..perp(BTC, 1)
        },
    ];
    for bad in cases {
        let err = c
            .compute_margin(vec![perp(ETH, 1), bad.clone()], markets())
            .unwrap_err();
        assert_eq!(
            err,
            Error::InvalidPosition(PortfolioNettingInvalidPosition {
                index: U256::from(1),
                kind: bad.kind,
                strike: bad.strike,
                size: bad.size,
            }),
            "{bad:?}"
        );
    }
}

#[test]
fn compute_margin_reverts_when_position_expired() {
    let (_, c) = deployed();
    let expired = Position {
        expiry: NOW,
        ..option(BTC, 1, 100_000, 1, 1)
    };
    assert_eq!(
        c.compute_margin(vec![expired], markets()).unwrap_err(),
        Error::PositionExpired(PortfolioNettingPositionExpired {
            index: U256::ZERO,
            expiry: NOW,
            timestamp: NOW
        })
    );
    // A dated future expires too; a perpetual (expiry 0) never does.
    let future = Position {
        expiry: NOW - 1,
        ..perp(BTC, 1)
    };
    assert!(matches!(
        c.compute_margin(vec![future], markets()),
        Err(Error::PositionExpired(_))
    ));
}

#[test]
fn compute_margin_reverts_when_market_data_missing_duplicate_or_invalid() {
    let (_, c) = deployed();
    assert_eq!(
        c.compute_margin(vec![perp(BTC, 1)], vec![market(ETH, 1, 1)])
            .unwrap_err(),
        Error::MissingMarketData(PortfolioNettingMissingMarketData { underlying: BTC })
    );
    assert_eq!(
        c.compute_margin(
            vec![perp(BTC, 1)],
            vec![market(BTC, 1, 1), market(BTC, 2, 1)]
        )
        .unwrap_err(),
        Error::DuplicateMarketData(PortfolioNettingDuplicateMarketData { underlying: BTC })
    );
    assert_eq!(
        c.compute_margin(vec![perp(BTC, 1)], vec![market(BTC, 0, 5_000)])
            .unwrap_err(),
        Error::InvalidMarketData(PortfolioNettingInvalidMarketData {
            underlying: BTC,
            spot: U256::ZERO,
            vol: bps(5_000)
        })
    );
    assert_eq!(
        c.compute_margin(vec![perp(BTC, 1)], vec![market(BTC, 1, 0)])
            .unwrap_err(),
        Error::InvalidMarketData(PortfolioNettingInvalidMarketData {
            underlying: BTC,
            spot: wad(1),
            vol: U256::ZERO
        })
    );
    let huge = MarketData {
        spot: U256::MAX,
        ..market(BTC, 1, 1)
    };
    assert_eq!(
        c.compute_margin(vec![perp(BTC, 1)], vec![huge])
            .unwrap_err(),
        Error::InvalidMarketData(PortfolioNettingInvalidMarketData {
            underlying: BTC,
            spot: U256::MAX,
            vol: bps(1)
        })
    );
}

#[test]
fn compute_margin_reverts_when_underlying_not_listed() {
    let (_, c) = deployed();
    assert_eq!(
        c.compute_margin(vec![perp(SOL, 1)], vec![market(SOL, 150, 9_000)])
            .unwrap_err(),
        Error::UnderlyingNotListed(PortfolioNettingUnderlyingNotListed { underlying: SOL })
    );
}

#[test]
fn compute_margin_reverts_with_math_error_when_notional_overflows() {
    let (_, c) = deployed();
    // 1e20 units at a price of 1e18: the notional does not fit the engine's 128-bit WADs.
    let book = vec![Position {
        size: I256::try_from(100i128 * WAD as i128 * WAD as i128).unwrap(),
        ..perp(BTC, 1)
    }];
    let err = c
        .compute_margin(book, vec![market(BTC, WAD, 5_000)])
        .unwrap_err();
    assert_eq!(
        err,
        Error::MathOverflow(PortfolioNettingMathOverflow { underlying: BTC })
    );
}

#[test]
fn portfolio_greeks_revert_like_compute_margin() {
    let (_, c) = deployed();
    assert!(matches!(
        c.portfolio_greeks(vec![perp(BTC, 0)], markets()),
        Err(Error::InvalidPosition(_))
    ));
    assert!(matches!(
        c.portfolio_greeks(vec![perp(SOL, 1)], markets()),
        Err(Error::MissingMarketData(_))
    ));
    // Greeks need no risk parameters.
    let g = c
        .portfolio_greeks(vec![perp(SOL, 3)], vec![market(SOL, 150, 9_000)])
        .unwrap();
    assert_eq!(g[0].delta, iwad(3));
}

// ---------------------------------------------------------------------------------------------------------
// Dry run
// ---------------------------------------------------------------------------------------------------------

#[test]
fn dry_run_margin_uses_proposed_params_without_storing_them() {
    let (host, c) = deployed();
    let book = vec![perp(BTC, 1), option(ETH, 2, 3_500, 14, -10)];
    let base = margin(&c, &book);
    let mut wider = default_params();
    wider.scanRangeFloor = bps(3_000);
    let proposed = vec![ProposedParams {
        underlying: BTC,
        params: wider,
    }];
    let dry = c.dry_run_margin(book.clone(), markets(), proposed).unwrap();
    assert!(dry.initialMargin > base.initialMargin);
    assert_eq!(dry.underlyings[1], base.underlyings[1]);
    assert_eq!(c.risk_params(BTC).unwrap(), default_params());
    assert_eq!(host.log_count(), 0);
}

#[test]
fn dry_run_margin_prices_unlisted_underlying_when_proposed() {
    let (_, c) = deployed();
    let proposed = vec![ProposedParams {
        underlying: SOL,
        params: default_params(),
    }];
    let r = c
        .dry_run_margin(vec![perp(SOL, 10)], vec![market(SOL, 150, 9_000)], proposed)
        .unwrap();
    assert!(r.initialMargin > U256::ZERO);
}

#[test]
fn dry_run_margin_reverts_when_proposal_invalid_or_too_many() {
    let (_, c) = deployed();
    let mut bad = default_params();
    bad.gridSteps = 9;
    let err = c.dry_run_margin(
        vec![perp(BTC, 1)],
        markets(),
        vec![ProposedParams {
            underlying: ETH,
            params: bad,
        }],
    );
    assert_eq!(
        err.unwrap_err(),
        Error::ParamOutOfBounds(PortfolioNettingParamOutOfBounds {
            underlying: ETH,
            fieldIndex: U256::from(4),
            value: U256::from(9),
            min: U256::from(1),
            max: U256::from(8),
        })
    );
    let many: Vec<ProposedParams> = (0..9)
        .map(|i| ProposedParams {
            underlying: i,
            params: default_params(),
        })
        .collect();
    assert_eq!(
        c.dry_run_margin(vec![perp(BTC, 1)], markets(), many)
            .unwrap_err(),
        Error::TooManyUnderlyings(PortfolioNettingTooManyUnderlyings {
            count: U256::from(9),
            max: U256::from(8)
        })
    );
}

#[test]
fn stored_params_pack_three_fields_per_slot_without_spilling() {
    let (_host, mut c) = deployed();
    // The largest values any lane may hold, and a pattern that would show a lane bleeding into its neighbour.
    let mut words = [(1u128 << 85) - 1; params::FIELD_COUNT];
    words[1] = 0x1234_5678_9abc_def0;
    words[params::GRID_STEPS] = 3;
    c.params.setter(SOL).set_words(&words);
    assert_eq!(c.params.getter(SOL).words(), words);
    assert!(c.params.getter(SOL).is_listed());
    words[params::GRID_STEPS] = 0;
    c.params.setter(SOL).set_words(&words);
    assert!(!c.params.getter(SOL).is_listed());
    assert_eq!(params::PARAM_SLOTS, 8);
}
