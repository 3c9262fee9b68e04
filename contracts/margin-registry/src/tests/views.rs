//! Margin views against independent expectations from the engine.

use super::*;

#[test]
fn account_health_is_zero_when_account_empty() {
    let (_, reg) = deployed();
    assert_eq!(
        reg.account_health(ALICE).unwrap(),
        (I256::ZERO, U256::ZERO, U256::ZERO)
    );
    assert!(!reg.is_liquidatable(ALICE).unwrap());
}

#[test]
fn account_health_sums_collateral_haircuts_when_no_positions() {
    let (host, mut reg) = deployed();
    deposit(&host, &mut reg, ALICE, WETH, wad(2));
    deposit(&host, &mut reg, ALICE, USDC, usdc(1_000));
    let (equity, initial, maintenance) = reg.account_health(ALICE).unwrap();
    assert_eq!(equity, I256::from_raw(wad(9_000)));
    assert_eq!(initial, wad(2_000) + wad(20)); // 25% of 8000 + 2% of 1000
    assert_eq!(maintenance, wad(1_600) + wad(10));
}

#[test]
fn account_health_adds_engine_margin_and_marks_when_positions_open() {
    let (host, mut reg) = deployed();
    deposit(&host, &mut reg, ALICE, USDC, usdc(50_000));
    let batch = [
        change(ETH_PERP, 200, 4_000),
        change(ETH_CALL, -100, 0),
        change(BTC_PERP, -5, 100_000),
    ];
    trade(&host, &mut reg, VENUE, ALICE, &batch, 0).unwrap();
    host.set_answer(ETH_FEED, 4_100 * 100_000_000);
    let engine = engine_margin(
        &host,
        &reg,
        vec![
            pn_position(ETH, 0, 0, 0, 200),
            pn_position(ETH, 1, EXPIRY, 4_000, -100),
            pn_position(BTC, 0, 0, 0, -5),
        ],
    );
    let (equity, initial, maintenance) = reg.account_health(ALICE).unwrap();
    // Cash 50 000 (no PnL realised) + perp PnL 2 ETH * 100 + option MtM from the engine.
    let expected_equity = I256::from_raw(wad(50_000 + 200)) + engine.markToMarket;
    assert_eq!(equity, expected_equity);
    assert_eq!(initial, engine.initialMargin + wad(1_000));
    assert_eq!(maintenance, engine.maintenanceMargin + wad(500));
    let risk = reg.account_risk(ALICE).unwrap();
    assert_eq!(
        (risk.equity, risk.initialMargin, risk.maintenanceMargin),
        (equity, initial, maintenance)
    );
    assert_eq!(risk.unrealisedPnl, I256::from_raw(wad(200)));
    assert_eq!(risk.optionsValue, engine.markToMarket);
    assert_eq!(risk.portfolioInitialMargin, engine.initialMargin);
    assert_eq!(risk.initialCredit, engine.initialCredit);
    assert_eq!(risk.positions.len(), 3);
    assert_eq!(risk.underlyings.len(), engine.underlyings.len());
    assert_eq!(
        risk.underlyings[0].scenarioPnl,
        engine.underlyings[0].scenarioPnl
    );
    assert_eq!(
        risk.underlyings[0].worstScenario,
        engine.underlyings[0].worstScenario
    );
    assert_eq!(risk.underlyings[0].spot, wad(4_100));
    assert_eq!(risk.underlyings[0].oracleAge, U256::ZERO);
    assert_eq!(risk.cash, I256::from_raw(usdc(50_000)));
    assert_eq!(risk.cashValue, I256::from_raw(wad(50_000)));
}

#[test]
fn account_health_nets_positions_across_venues() {
    let (host, mut reg) = deployed();
    deposit(&host, &mut reg, ALICE, USDC, usdc(10_000));
    trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[change(ETH_PERP, 1_000, 4_000)],
        0,
    )
    .unwrap();
    let (_, one_leg, _) = reg.account_health(ALICE).unwrap();
    trade(
        &host,
        &mut reg,
        VENUE2,
        ALICE,
        &[change(ETH_PERP, -1_000, 4_000)],
        0,
    )
    .unwrap();
    let (_, hedged, _) = reg.account_health(ALICE).unwrap();
    assert!(
        hedged < one_leg,
        "a hedge on another venue must lower margin: {hedged} vs {one_leg}"
    );
    let risk = reg.account_risk(ALICE).unwrap();
    assert_eq!(risk.positions[1].venue, VENUE2);
}

#[test]
fn account_health_counts_debt_in_full_when_cash_negative() {
    let (host, mut reg) = deployed();
    deposit(&host, &mut reg, ALICE, WETH, wad(1));
    trade(&host, &mut reg, VENUE, ALICE, &[], -1_000_000_000).unwrap(); // pays 1000 USDC (fees)
    assert_eq!(reg.cash_balance(ALICE), i256(-1_000_000_000));
    let (equity, initial, _) = reg.account_health(ALICE).unwrap();
    assert_eq!(equity, I256::from_raw(wad(3_000)));
    assert_eq!(initial, wad(1_000));
    // The debt cannot be withdrawn against: WETH withdrawal needs initial margin.
    host.set_sender(ALICE);
    assert!(matches!(
        reg.withdraw(WETH, wad(1), ALICE).unwrap_err(),
        crate::errors::Error::InsufficientInitialMargin(_)
    ));
}

#[test]
fn account_health_reverts_when_engine_fails() {
    let (host, mut reg) = deployed();
    deposit(&host, &mut reg, ALICE, USDC, usdc(10_000));
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
    host.set_code(EVE, vec![0xfe]); // code that answers every call with no data
    reg.set_portfolio_netting(EVE).unwrap();
    assert!(
        matches!(reg.account_health(ALICE).unwrap_err(), crate::errors::Error::NettingFailed(e) if e.engine == EVE)
    );
}

#[test]
fn hand_decoders_match_alloy_on_engine_results_and_reject_truncations() {
    let (host, mut reg) = deployed();
    deposit(&host, &mut reg, ALICE, USDC, usdc(1_000_000));
    trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[
            change(ETH_PERP, 100, 4_000),
            change(ETH_CALL, -50, 200),
            change(BTC_PERP, 10, 100_000),
        ],
        0,
    )
    .unwrap();
    let result = engine_margin(
        &host,
        &reg,
        vec![
            pn_position(ETH, 0, 0, 0, 100),
            pn_position(ETH, 1, EXPIRY, 4_000, -50),
            pn_position(BTC, 0, 0, 0, 10),
        ],
    );
    let encoded = (result.clone(),).abi_encode_params();
    let decoded = crate::margin::decode_underlying_results(&encoded).unwrap();
    assert_eq!(decoded.len(), result.underlyings.len());
    for (d, r) in decoded.iter().zip(&result.underlyings) {
        assert_eq!(d.underlying, r.greeks.underlying);
        assert_eq!(
            (
                d.worstScenario,
                d.scanLoss,
                d.initialMargin,
                d.maintenanceMargin
            ),
            (
                r.worstScenario,
                r.scanLoss,
                r.initialMargin,
                r.maintenanceMargin
            )
        );
        assert_eq!(d.scenarioPnl, r.scenarioPnl);
        assert!(!d.scenarioPnl.is_empty());
    }
    let (figures, mtm) = crate::margin::decode_margin_totals(&encoded).unwrap();
    assert_eq!(
        figures.map(|f| U256::from(f.raw())),
        [
            result.initialMargin,
            result.maintenanceMargin,
            result.initialCredit,
            result.maintenanceCredit
        ]
    );
    assert_eq!(i256(mtm.raw()), result.markToMarket);
    // Every truncation is rejected (never a panic, never a partial breakdown).
    for len in 0..encoded.len() {
        assert_eq!(
            crate::margin::decode_underlying_results(&encoded[..len]),
            None,
            "{len}"
        );
    }
}
