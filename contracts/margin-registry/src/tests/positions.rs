//! Venues, opt-ins, position batches and expiry settlement.

use super::*;
use crate::errors::*;
use crate::events::{
    InstrumentRegistered, OpenInterestCapUpdated, PositionSettled, PositionUpdated,
    PositionsUpdated, SettlementPriceRecorded, VenueConfigured, VenueOptedIn, VenueOptedOut,
};

fn funded() -> (RegistryHost, MarginRegistry) {
    let (host, mut reg) = deployed();
    deposit(&host, &mut reg, ALICE, USDC, usdc(100_000));
    deposit(&host, &mut reg, BOB, USDC, usdc(100_000));
    (host, reg)
}

#[test]
fn register_instrument_assigns_ids_and_emits_when_called_by_owner() {
    let (host, mut reg) = deployed();
    host.set_sender(OWNER);
    let id = reg
        .register_instrument(instrument(BTC, 2, EXPIRY, 90_000))
        .unwrap();
    assert_eq!(id, 6);
    let (p, long, short) = reg.instrument(id).unwrap();
    assert_eq!(p, instrument(BTC, 2, EXPIRY, 90_000));
    assert_eq!((long, short), (U256::ZERO, U256::ZERO));
    let ev = host.events::<InstrumentRegistered>();
    assert_eq!(
        (ev[0].instrument, ev[0].underlying, ev[0].kind, ev[0].strike),
        (6, BTC, 2, wad(90_000))
    );
}

#[test]
fn register_instrument_reverts_when_inputs_inconsistent() {
    let (host, mut reg) = deployed();
    host.set_sender(OWNER);
    for bad in [
        instrument(ETH, 0, EXPIRY, 0),   // perp with expiry
        instrument(ETH, 0, 0, 100),      // perp with strike
        instrument(ETH, 1, NOW, 0),      // future expiring now
        instrument(ETH, 2, EXPIRY, 0),   // option without strike
        instrument(ETH, 3, NOW - 1, 10), // option in the past
        instrument(ETH, 4, EXPIRY, 10),  // unknown kind
    ] {
        assert!(matches!(
            reg.register_instrument(bad).unwrap_err(),
            Error::InvalidInstrument(_)
        ));
    }
    assert_eq!(
        reg.register_instrument(instrument(9, 0, 0, 0)).unwrap_err(),
        MarginRegistryUnderlyingNotListed { underlying: 9 }.into()
    );
    let mut p = instrument(ETH, 0, 0, 0);
    p.contractSize = U256::ZERO;
    assert!(matches!(
        reg.register_instrument(p).unwrap_err(),
        Error::ParameterOutOfBounds(_)
    ));
    host.set_sender(EVE);
    assert!(matches!(
        reg.register_instrument(instrument(ETH, 0, 0, 0))
            .unwrap_err(),
        Error::OwnableUnauthorizedAccount(_)
    ));
    assert_eq!(
        reg.instrument(6).unwrap_err(),
        MarginRegistryInstrumentNotFound { instrument: 6 }.into()
    );
    assert_eq!(
        reg.instrument(0).unwrap_err(),
        MarginRegistryInstrumentNotFound { instrument: 0 }.into()
    );
}

#[test]
fn set_open_interest_cap_updates_when_risk_admin_and_reverts_otherwise() {
    let (host, mut reg) = deployed();
    host.set_sender(ADMIN);
    reg.set_open_interest_cap(ETH_PERP, U256::from(7)).unwrap();
    assert_eq!(
        reg.instrument(ETH_PERP).unwrap().0.openInterestCap,
        U256::from(7)
    );
    assert_eq!(
        host.events::<OpenInterestCapUpdated>()[0].cap,
        U256::from(7)
    );
    assert_eq!(
        reg.set_open_interest_cap(99, U256::ZERO).unwrap_err(),
        MarginRegistryInstrumentNotFound { instrument: 99 }.into()
    );
    host.set_sender(EVE);
    assert!(matches!(
        reg.set_open_interest_cap(ETH_PERP, U256::ZERO).unwrap_err(),
        Error::UnauthorizedRiskAdmin(_)
    ));
}

#[test]
fn set_venue_stores_and_emits_and_reverts_when_invalid() {
    let (host, mut reg) = deployed();
    host.set_sender(OWNER);
    let p = VenueParams {
        authorised: true,
        maxShareBps: 2_500,
        cashCreditLimit: usdc(5),
    };
    reg.set_venue(EVE, p.clone()).unwrap();
    let (stored, net, _, _) = reg.venue(EVE, ETH_PERP);
    assert_eq!((stored, net), (p, I256::ZERO));
    assert_eq!(host.events::<VenueConfigured>()[0].maxShareBps, 2_500);
    let bad = VenueParams {
        authorised: true,
        maxShareBps: 0,
        cashCreditLimit: U256::ZERO,
    };
    assert!(matches!(
        reg.set_venue(EVE, bad).unwrap_err(),
        Error::ParameterOutOfBounds(_)
    ));
    assert_eq!(
        reg.set_venue(Address::ZERO, venue_params()).unwrap_err(),
        MarginRegistryZeroAddress {}.into()
    );
    host.set_sender(EVE);
    assert!(matches!(
        reg.set_venue(EVE, venue_params()).unwrap_err(),
        Error::OwnableUnauthorizedAccount(_)
    ));
}

#[test]
fn opt_in_and_out_toggle_and_emit_when_flat() {
    let (host, mut reg) = deployed();
    host.set_sender(EVE);
    reg.opt_in(VENUE).unwrap();
    assert!(reg.is_opted_in(EVE, VENUE));
    reg.opt_out(VENUE).unwrap();
    assert!(!reg.is_opted_in(EVE, VENUE));
    assert_eq!(
        host.events::<VenueOptedIn>(),
        vec![VenueOptedIn {
            account: EVE,
            venue: VENUE
        }]
    );
    assert_eq!(
        host.events::<VenueOptedOut>(),
        vec![VenueOptedOut {
            account: EVE,
            venue: VENUE
        }]
    );
    assert_eq!(
        reg.opt_in(EVE).unwrap_err(),
        MarginRegistryVenueNotAuthorised { venue: EVE }.into()
    );
}

#[test]
fn opt_out_reverts_when_account_has_positions_on_venue() {
    let (host, mut reg) = funded();
    trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[change(ETH_PERP, 10, 4_000)],
        0,
    )
    .unwrap();
    host.set_sender(ALICE);
    assert_eq!(
        reg.opt_out(VENUE).unwrap_err(),
        MarginRegistryVenueHasPositions {
            account: ALICE,
            venue: VENUE,
            positions: U256::from(1)
        }
        .into()
    );
    reg.opt_out(VENUE2).unwrap();
}

#[test]
fn update_positions_applies_batch_and_emits_when_margin_met() {
    let (host, mut reg) = funded();
    trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[change(ETH_PERP, 100, 4_000), change(ETH_CALL, -50, 0)],
        1_000_000,
    )
    .unwrap();
    let pos = reg.positions(ALICE);
    assert_eq!(pos.len(), 2);
    assert_eq!(
        (
            pos[0].venue,
            pos[0].instrument,
            pos[0].size,
            pos[0].entryPrice
        ),
        (VENUE, ETH_PERP, i256(100), wad(4_000))
    );
    assert_eq!(
        (pos[1].instrument, pos[1].size, pos[1].entryPrice),
        (ETH_CALL, i256(-50), U256::ZERO)
    );
    assert_eq!(reg.cash_balance(ALICE), I256::from_raw(usdc(100_001)));
    assert_eq!(reg.instrument(ETH_CALL).unwrap().1, U256::ZERO);
    assert_eq!(reg.instrument(ETH_CALL).unwrap().2, U256::from(50));
    assert_eq!(reg.venue(VENUE, ETH_PERP).2, U256::from(100));
    let ev = host.events::<PositionUpdated>();
    assert_eq!(ev.len(), 2);
    assert_eq!(
        (ev[1].instrument, ev[1].sizeDelta, ev[1].size),
        (ETH_CALL, i256(-50), i256(-50))
    );
    assert_eq!(
        host.events::<PositionsUpdated>(),
        vec![PositionsUpdated {
            account: ALICE,
            venue: VENUE,
            cashDelta: i256(1_000_000),
            cash: I256::from_raw(usdc(100_001)),
            venueNetCredited: i256(1_000_000)
        }]
    );
}

#[test]
fn update_positions_averages_entry_and_realises_pnl_when_reducing_or_flipping() {
    let (host, mut reg) = funded();
    trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[change(ETH_PERP, 100, 4_000)],
        0,
    )
    .unwrap();
    trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[change(ETH_PERP, 100, 4_200)],
        0,
    )
    .unwrap();
    assert_eq!(reg.positions(ALICE)[0].entryPrice, wad(4_100));
    // Sell 1 ETH (100 contracts) at 4300: realises +200 USDC.
    trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[change(ETH_PERP, -100, 4_300)],
        0,
    )
    .unwrap();
    assert_eq!(reg.cash_balance(ALICE), I256::from_raw(usdc(100_200)));
    assert_eq!(reg.positions(ALICE)[0].entryPrice, wad(4_100));
    // Flip from +1 ETH to -1 ETH at 4000: realises -100, new entry 4000.
    trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[change(ETH_PERP, -200, 4_000)],
        0,
    )
    .unwrap();
    assert_eq!(reg.cash_balance(ALICE), I256::from_raw(usdc(100_100)));
    let p = &reg.positions(ALICE)[0];
    assert_eq!((p.size, p.entryPrice), (i256(-100), wad(4_000)));
    assert_eq!(
        reg.venue(VENUE, ETH_PERP).1,
        i256(100_000_000),
        "realised PnL counts as venue credit"
    );
    // Close: position removed, venue count back to zero.
    trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[change(ETH_PERP, 100, 4_000)],
        0,
    )
    .unwrap();
    assert!(reg.positions(ALICE).is_empty());
    host.set_sender(ALICE);
    reg.opt_out(VENUE).unwrap();
}

#[test]
fn update_positions_reverts_when_venue_unauthorised_or_account_not_opted_in() {
    let (host, mut reg) = funded();
    host.set_sender(EVE);
    assert_eq!(
        reg.update_positions(ALICE, vec![change(ETH_PERP, 1, 4_000)], I256::ZERO)
            .unwrap_err(),
        MarginRegistryAccountNotOptedIn {
            account: ALICE,
            venue: EVE
        }
        .into()
    );
    host.set_sender(ALICE);
    reg.opt_out(VENUE2).unwrap();
    assert_eq!(
        trade(
            &host,
            &mut reg,
            VENUE2,
            ALICE,
            &[change(ETH_PERP, 1, 4_000)],
            0
        )
        .unwrap_err(),
        MarginRegistryAccountNotOptedIn {
            account: ALICE,
            venue: VENUE2
        }
        .into()
    );
    // A deauthorised venue may only reduce risk.
    trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[change(ETH_PERP, 10, 4_000)],
        0,
    )
    .unwrap();
    host.set_sender(OWNER);
    reg.set_venue(
        VENUE,
        VenueParams {
            authorised: false,
            ..venue_params()
        },
    )
    .unwrap();
    assert_eq!(
        trade(
            &host,
            &mut reg,
            VENUE,
            ALICE,
            &[change(ETH_PERP, 1, 4_000)],
            0
        )
        .unwrap_err(),
        MarginRegistryVenueNotAuthorised { venue: VENUE }.into()
    );
    trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[change(ETH_PERP, -10, 4_000)],
        0,
    )
    .unwrap();
    assert!(reg.positions(ALICE).is_empty());
}

#[test]
fn update_positions_reverts_when_instrument_unknown_or_expired() {
    let (host, mut reg) = funded();
    assert_eq!(
        trade(&host, &mut reg, VENUE, ALICE, &[change(42, 1, 4_000)], 0).unwrap_err(),
        MarginRegistryInstrumentNotFound { instrument: 42 }.into()
    );
    host.set_time(EXPIRY);
    assert_eq!(
        trade(&host, &mut reg, VENUE, ALICE, &[change(ETH_CALL, 1, 0)], 0).unwrap_err(),
        MarginRegistryInstrumentExpired {
            instrument: ETH_CALL,
            expiry: EXPIRY
        }
        .into()
    );
}

#[test]
fn update_positions_reverts_when_sizes_overflow() {
    let (host, mut reg) = funded();
    let huge = PositionChange {
        instrument: ETH_PERP,
        sizeDelta: I256::MAX,
        price: wad(4_000),
    };
    assert_eq!(
        trade(&host, &mut reg, VENUE, ALICE, &[huge], 0).unwrap_err(),
        MarginRegistrySizeOutOfRange {
            instrument: ETH_PERP,
            size: I256::MAX
        }
        .into()
    );
    let half = (1i128 << 96) - 1;
    let err = trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[change(ETH_PERP, half, 4_000), change(ETH_PERP, half, 4_000)],
        0,
    )
    .unwrap_err();
    assert!(matches!(err, Error::SizeOutOfRange(_)));
    // In range but too large to value: refused by the math, not wrapped.
    let err = trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[change(ETH_PERP, half, 4_000)],
        0,
    )
    .unwrap_err();
    assert!(matches!(
        err,
        Error::MathOverflow(_) | Error::OpenInterestCapExceeded(_) | Error::NettingFailed(_)
    ));
    assert!(reg.positions(ALICE).is_empty());
    // Zero price for a delta-one change is refused.
    assert!(matches!(
        trade(&host, &mut reg, VENUE, ALICE, &[change(ETH_PERP, 1, 0)], 0).unwrap_err(),
        Error::ParameterOutOfBounds(_)
    ));
}

#[test]
fn update_positions_reverts_when_too_many_changes_or_positions() {
    let (host, mut reg) = funded();
    host.set_sender(ADMIN);
    reg.set_account_limits(2, 3).unwrap();
    let four = [
        change(ETH_PERP, 1, 4_000),
        change(BTC_PERP, 1, 100_000),
        change(ETH_CALL, 1, 0),
        change(ETH_PUT, 1, 0),
    ];
    assert_eq!(
        trade(&host, &mut reg, VENUE, ALICE, &four, 0).unwrap_err(),
        MarginRegistryTooManyChanges {
            count: U256::from(4),
            max: U256::from(3)
        }
        .into()
    );
    assert_eq!(
        trade(&host, &mut reg, VENUE, ALICE, &four[..3], 0).unwrap_err(),
        MarginRegistryTooManyPositions {
            account: ALICE,
            count: U256::from(3),
            max: U256::from(2)
        }
        .into()
    );
    trade(&host, &mut reg, VENUE, ALICE, &four[..2], 0).unwrap();
    // The same instrument on another venue is another position.
    assert!(matches!(
        trade(
            &host,
            &mut reg,
            VENUE2,
            ALICE,
            &[change(ETH_PERP, 1, 4_000)],
            0
        )
        .unwrap_err(),
        Error::TooManyPositions(_)
    ));
}

#[test]
fn update_positions_reverts_when_open_interest_or_venue_share_exceeded() {
    let (host, mut reg) = funded();
    host.set_sender(ADMIN);
    reg.set_open_interest_cap(ETH_PERP, U256::from(100))
        .unwrap();
    host.set_sender(OWNER);
    reg.set_venue(
        VENUE2,
        VenueParams {
            authorised: true,
            maxShareBps: 5_000,
            cashCreditLimit: usdc(1_000_000),
        },
    )
    .unwrap();
    assert_eq!(
        trade(
            &host,
            &mut reg,
            VENUE2,
            ALICE,
            &[change(ETH_PERP, 51, 4_000)],
            0
        )
        .unwrap_err(),
        MarginRegistryVenueShareExceeded {
            venue: VENUE2,
            instrument: ETH_PERP,
            openInterest: U256::from(51),
            cap: U256::from(50)
        }
        .into()
    );
    trade(
        &host,
        &mut reg,
        VENUE2,
        ALICE,
        &[change(ETH_PERP, 50, 4_000)],
        0,
    )
    .unwrap();
    trade(
        &host,
        &mut reg,
        VENUE,
        BOB,
        &[change(ETH_PERP, 50, 4_000)],
        0,
    )
    .unwrap();
    assert_eq!(
        trade(
            &host,
            &mut reg,
            VENUE,
            BOB,
            &[change(ETH_PERP, 1, 4_000)],
            0
        )
        .unwrap_err(),
        MarginRegistryOpenInterestCapExceeded {
            instrument: ETH_PERP,
            openInterest: U256::from(101),
            cap: U256::from(100)
        }
        .into()
    );
    // Reducing is always allowed, even above a lowered cap.
    host.set_sender(ADMIN);
    reg.set_open_interest_cap(ETH_PERP, U256::from(10)).unwrap();
    trade(
        &host,
        &mut reg,
        VENUE,
        BOB,
        &[change(ETH_PERP, -10, 4_000)],
        0,
    )
    .unwrap();
    assert_eq!(reg.instrument(ETH_PERP).unwrap().1, U256::from(90));
}

#[test]
fn update_positions_reverts_when_venue_cash_limit_exceeded() {
    let (host, mut reg) = funded();
    host.set_sender(OWNER);
    reg.set_venue(
        VENUE,
        VenueParams {
            authorised: true,
            maxShareBps: 10_000,
            cashCreditLimit: usdc(10),
        },
    )
    .unwrap();
    assert_eq!(
        trade(&host, &mut reg, VENUE, ALICE, &[], 11_000_000).unwrap_err(),
        MarginRegistryVenueCashLimitExceeded {
            venue: VENUE,
            netCredited: i256(11_000_000),
            limit: usdc(10)
        }
        .into()
    );
    // Debit one account, credit another: the net stays within the limit.
    trade(&host, &mut reg, VENUE, BOB, &[], -50_000_000).unwrap();
    trade(&host, &mut reg, VENUE, ALICE, &[], 55_000_000).unwrap();
    assert_eq!(reg.venue(VENUE, 0).1, i256(5_000_000));
}

#[test]
fn update_positions_reverts_with_equity_and_requirement_when_initial_margin_short() {
    let (host, mut reg) = deployed();
    deposit(&host, &mut reg, ALICE, USDC, usdc(100));
    let before = fingerprint(&host);
    let err = trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[change(ETH_PERP, 1_000, 4_000)],
        0,
    )
    .unwrap_err();
    let Error::InsufficientInitialMargin(e) = err else {
        panic!("expected initial margin error, got {err:?}")
    };
    // Expected requirement: the engine's margin for 10 ETH long plus the USDC haircut (2%).
    let engine = engine_margin(&host, &reg, vec![pn_position(ETH, 0, 0, 0, 1_000)]);
    assert_eq!(e.account, ALICE);
    assert_eq!(e.equity, I256::from_raw(wad(100)));
    assert_eq!(
        e.initialMargin,
        engine.initialMargin + bps(200) * U256::from(100)
    );
    assert_eq!(
        fingerprint(&host),
        before,
        "a refused batch changes nothing"
    );
}

#[test]
fn update_positions_needs_only_maintenance_when_batch_reduces_risk() {
    let (host, mut reg) = deployed();
    deposit(&host, &mut reg, ALICE, USDC, usdc(1_000));
    // Find the largest long the account can open, then let the price fall below maintenance.
    trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[change(ETH_PERP, 100, 4_000)],
        0,
    )
    .unwrap();
    let (equity, initial, maintenance) = reg.account_health(ALICE).unwrap();
    assert!(equity >= I256::try_from(initial).unwrap());
    assert!(initial > maintenance);
    // Price drops 5%: equity falls by 200, between IM and MM or below; a risk-increasing add is refused.
    host.set_answer(ETH_FEED, 3_800 * 100_000_000);
    let (equity, initial, maintenance) = reg.account_health(ALICE).unwrap();
    if equity < I256::try_from(initial).unwrap() {
        assert!(matches!(
            trade(
                &host,
                &mut reg,
                VENUE,
                ALICE,
                &[change(ETH_PERP, 1, 3_800)],
                0
            )
            .unwrap_err(),
            Error::InsufficientInitialMargin(_)
        ));
    }
    if equity >= I256::try_from(maintenance).unwrap() {
        // Reducing risk only needs maintenance margin.
        trade(
            &host,
            &mut reg,
            VENUE,
            ALICE,
            &[change(ETH_PERP, -10, 3_800)],
            0,
        )
        .unwrap();
    }
    // Crash: below maintenance, even a reduction that stays below maintenance is refused.
    host.set_answer(ETH_FEED, 3_000 * 100_000_000);
    let (equity, _, maintenance) = reg.account_health(ALICE).unwrap();
    assert!(equity < I256::try_from(maintenance).unwrap());
    assert!(reg.is_liquidatable(ALICE).unwrap());
    let err = trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[change(ETH_PERP, -1, 3_000)],
        0,
    )
    .unwrap_err();
    assert!(matches!(err, Error::InsufficientMaintenanceMargin(e) if e.account == ALICE));
}

#[test]
fn update_positions_reverts_when_paused_and_risk_increases() {
    let (host, mut reg) = funded();
    trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[change(ETH_PERP, 10, 4_000)],
        0,
    )
    .unwrap();
    host.set_sender(GUARDIAN);
    reg.pause().unwrap();
    assert_eq!(
        trade(
            &host,
            &mut reg,
            VENUE,
            ALICE,
            &[change(ETH_PERP, 1, 4_000)],
            0
        )
        .unwrap_err(),
        ballast_contract_common::PausableEnforcedPause {}.into()
    );
    assert_eq!(
        trade(&host, &mut reg, VENUE, ALICE, &[], -1).unwrap_err(),
        ballast_contract_common::PausableEnforcedPause {}.into()
    );
    trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[change(ETH_PERP, -10, 4_000)],
        0,
    )
    .unwrap();
    assert!(reg.positions(ALICE).is_empty());
}

#[test]
fn record_settlement_price_stores_first_round_after_expiry() {
    let (host, mut reg) = deployed();
    host.set_time(EXPIRY - 10);
    let before = host.set_answer(ETH_FEED, 3_900 * 100_000_000);
    host.set_time(EXPIRY + 20);
    let first = host.set_answer(ETH_FEED, 4_100 * 100_000_000);
    host.set_time(EXPIRY + 100);
    let later = host.set_answer(ETH_FEED, 4_500 * 100_000_000);
    host.set_sender(EVE);
    assert_eq!(
        reg.record_settlement_price(ETH, EXPIRY, U80::from(before))
            .unwrap_err(),
        MarginRegistrySettlementRoundInvalid {
            underlying: ETH,
            expiry: EXPIRY,
            roundId: U80::from(before)
        }
        .into()
    );
    assert_eq!(
        reg.record_settlement_price(ETH, EXPIRY, U80::from(later))
            .unwrap_err(),
        MarginRegistrySettlementRoundInvalid {
            underlying: ETH,
            expiry: EXPIRY,
            roundId: U80::from(later)
        }
        .into()
    );
    assert_eq!(
        reg.record_settlement_price(ETH, EXPIRY, U80::from(PHASE_ONE + 99))
            .unwrap_err(),
        MarginRegistryOracleCallFailed { feed: ETH_FEED }.into()
    );
    reg.record_settlement_price(ETH, EXPIRY, U80::from(first))
        .unwrap();
    assert_eq!(reg.settlement_price(ETH, EXPIRY), wad(4_100));
    assert_eq!(
        host.events::<SettlementPriceRecorded>(),
        vec![SettlementPriceRecorded {
            underlying: ETH,
            expiry: EXPIRY,
            price: wad(4_100),
            roundId: U80::from(first)
        }]
    );
    assert_eq!(
        reg.record_settlement_price(ETH, EXPIRY, U80::from(first))
            .unwrap_err(),
        MarginRegistrySettlementPriceAlreadyRecorded {
            underlying: ETH,
            expiry: EXPIRY
        }
        .into()
    );
}

#[test]
fn record_settlement_price_reverts_when_not_expired_or_unlisted() {
    let (host, mut reg) = deployed();
    assert_eq!(
        reg.record_settlement_price(ETH, EXPIRY, U80::from(PHASE_ONE + 1))
            .unwrap_err(),
        MarginRegistryNotExpired {
            expiry: EXPIRY,
            timestamp: U256::from(NOW)
        }
        .into()
    );
    assert_eq!(
        reg.record_settlement_price(7, EXPIRY, U80::from(1))
            .unwrap_err(),
        MarginRegistryUnderlyingNotListed { underlying: 7 }.into()
    );
    host.set_time(EXPIRY + 1);
    // The first round of a phase has no predecessor to prove it is the first after expiry.
    let _ = host.set_answer(ETH_FEED, 1);
    assert!(matches!(
        reg.record_settlement_price(ETH, EXPIRY, U80::from(PHASE_ONE + 1))
            .unwrap_err(),
        Error::SettlementRoundInvalid(_)
    ));
}

#[test]
fn settle_expired_pays_intrinsic_value_to_cash_when_price_recorded() {
    let (host, mut reg) = funded();
    // ALICE long 100 calls (1 ETH) K=4000 and long 100 futures at 4000; BOB the other side.
    let batch = [change(ETH_CALL, 100, 0), change(ETH_FUTURE, 100, 4_000)];
    trade(&host, &mut reg, VENUE, ALICE, &batch, -200_000_000).unwrap();
    let batch = [change(ETH_CALL, -100, 0), change(ETH_FUTURE, -100, 4_000)];
    trade(&host, &mut reg, VENUE, BOB, &batch, 200_000_000).unwrap();
    host.set_time(EXPIRY + 5);
    let round = host.set_answer(ETH_FEED, 4_300 * 100_000_000);
    host.set_answer(USDC_FEED, 100_000_000);
    // Without a recorded price nothing settles and health cannot be computed.
    assert_eq!(reg.settle_expired(ALICE).unwrap(), U256::ZERO);
    assert_eq!(
        reg.account_health(ALICE).unwrap_err(),
        MarginRegistrySettlementPriceMissing {
            underlying: ETH,
            expiry: EXPIRY
        }
        .into()
    );
    reg.record_settlement_price(ETH, EXPIRY, U80::from(round))
        .unwrap();
    // Health values expired positions at their payout before settlement.
    let (equity_before, _, _) = reg.account_health(ALICE).unwrap();
    host.set_sender(EVE);
    assert_eq!(reg.settle_expired(ALICE).unwrap(), U256::from(2));
    assert_eq!(reg.settle_expired(BOB).unwrap(), U256::from(2));
    // Each side: call pays 300, future pays 300.
    assert_eq!(
        reg.cash_balance(ALICE),
        I256::from_raw(usdc(100_000 - 200 + 600))
    );
    assert_eq!(
        reg.cash_balance(BOB),
        I256::from_raw(usdc(100_000 + 200 - 600))
    );
    assert!(reg.positions(ALICE).is_empty() && reg.positions(BOB).is_empty());
    assert_eq!(reg.instrument(ETH_CALL).unwrap().1, U256::ZERO);
    assert_eq!(reg.instrument(ETH_CALL).unwrap().2, U256::ZERO);
    let (equity_after, initial, _) = reg.account_health(ALICE).unwrap();
    assert_eq!(equity_after, equity_before);
    assert_eq!(initial, bps(200) * U256::from(100_400));
    assert_eq!(host.events::<PositionSettled>().len(), 4);
    assert_eq!(
        reg.settle_expired(ALICE).unwrap(),
        U256::ZERO,
        "settles once"
    );
    host.set_sender(ALICE);
    reg.opt_out(VENUE).unwrap();
}

#[test]
fn preview_update_matches_update_and_changes_nothing() {
    let (host, mut reg) = funded();
    let batch = [change(ETH_PERP, 100, 4_000), change(ETH_PUT, -100, 0)];
    let before = fingerprint(&host);
    let (equity, initial, maintenance, increasing) = reg
        .preview_update(VENUE, ALICE, batch.to_vec(), i256(-5_000_000))
        .unwrap();
    assert_eq!(fingerprint(&host), before);
    assert!(increasing);
    trade(&host, &mut reg, VENUE, ALICE, &batch, -5_000_000).unwrap();
    assert_eq!(
        reg.account_health(ALICE).unwrap(),
        (equity, initial, maintenance)
    );
    let (_, _, _, increasing) = reg
        .preview_update(VENUE, ALICE, vec![change(ETH_PERP, -1, 4_000)], I256::ZERO)
        .unwrap();
    assert!(!increasing);
    // Preview reverts the same way an update would.
    assert_eq!(
        reg.preview_update(EVE, ALICE, vec![], I256::ZERO)
            .unwrap_err(),
        MarginRegistryAccountNotOptedIn {
            account: ALICE,
            venue: EVE
        }
        .into()
    );
}
