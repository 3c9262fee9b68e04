//! Collateral listing, deposits and withdrawals.

use super::*;
use crate::errors::*;
use crate::events::{CollateralConfigured, Deposited, Withdrawn};

#[test]
fn list_collateral_stores_settings_and_emits_when_called_by_owner() {
    let (host, reg) = deployed();
    let (params, feed_decimals, total) = reg.collateral(WETH).unwrap();
    assert_eq!(params, collateral_params(ETH_FEED, 18, 2_500, 2_000));
    assert_eq!(feed_decimals, 8);
    assert_eq!(total, U256::ZERO);
    assert_eq!(reg.collateral_assets(), vec![USDC, WETH]);
    assert!(host.events::<CollateralConfigured>().is_empty());
}

#[test]
fn list_collateral_reverts_when_caller_not_owner() {
    let (host, mut reg) = deployed();
    host.set_sender(EVE);
    let err = reg
        .list_collateral(EVE, collateral_params(ETH_FEED, 18, 100, 100))
        .unwrap_err();
    assert_eq!(
        err,
        Error::OwnableUnauthorizedAccount(ballast_contract_common::OwnableUnauthorizedAccount {
            account: EVE
        })
    );
}

#[test]
fn list_collateral_reverts_when_haircuts_inverted_or_above_one() {
    let (host, mut reg) = deployed();
    host.set_sender(OWNER);
    let err = reg
        .list_collateral(BOB, collateral_params(ETH_FEED, 18, 100, 200))
        .unwrap_err();
    assert!(
        matches!(err, Error::ParameterOutOfBounds(e) if e.parameter == name_to_bytes32("imHaircut"))
    );
    let err = reg
        .list_collateral(BOB, collateral_params(ETH_FEED, 18, 10_001, 10_001))
        .unwrap_err();
    assert!(
        matches!(err, Error::ParameterOutOfBounds(e) if e.parameter == name_to_bytes32("mmHaircut"))
    );
    let mut p = collateral_params(ETH_FEED, 37, 100, 100);
    assert!(matches!(
        reg.list_collateral(BOB, p.clone()).unwrap_err(),
        Error::ParameterOutOfBounds(_)
    ));
    p.decimals = 18;
    p.heartbeatSecs = 59;
    assert!(matches!(
        reg.list_collateral(BOB, p).unwrap_err(),
        Error::ParameterOutOfBounds(_)
    ));
    assert_eq!(reg.collateral_assets(), vec![USDC, WETH]);
}

#[test]
fn list_collateral_reverts_when_address_zero_or_feed_broken() {
    let (host, mut reg) = deployed();
    host.set_sender(OWNER);
    assert!(matches!(
        reg.list_collateral(Address::ZERO, collateral_params(ETH_FEED, 18, 100, 100))
            .unwrap_err(),
        Error::ZeroAddress(_)
    ));
    assert!(matches!(
        reg.list_collateral(BOB, collateral_params(Address::ZERO, 18, 100, 100))
            .unwrap_err(),
        Error::ZeroAddress(_)
    ));
    host.set_feed_reverts(BTC_FEED, true);
    assert_eq!(
        reg.list_collateral(BOB, collateral_params(BTC_FEED, 18, 100, 100))
            .unwrap_err(),
        MarginRegistryOracleCallFailed { feed: BTC_FEED }.into()
    );
}

#[test]
fn list_collateral_reverts_when_sixteen_assets_listed() {
    let (host, mut reg) = deployed();
    host.set_sender(OWNER);
    for i in 0..14u8 {
        let asset = Address::with_last_byte(0x80 + i);
        reg.list_collateral(asset, collateral_params(ETH_FEED, 18, 100, 100))
            .unwrap();
    }
    let err = reg
        .list_collateral(
            Address::with_last_byte(0xF0),
            collateral_params(ETH_FEED, 18, 100, 100),
        )
        .unwrap_err();
    assert_eq!(
        err,
        MarginRegistryTooManyAssets {
            max: U256::from(16)
        }
        .into()
    );
    // Re-listing an existing asset replaces it without using a slot.
    reg.list_collateral(WETH, collateral_params(ETH_FEED, 18, 3_000, 2_000))
        .unwrap();
    assert_eq!(reg.collateral(WETH).unwrap().0.imHaircut, bps(3_000));
}

#[test]
fn set_collateral_risk_updates_and_emits_when_called_by_risk_admin() {
    let (host, mut reg) = deployed();
    host.set_sender(ADMIN);
    reg.set_collateral_risk(WETH, bps(3_000), bps(2_500), wad(10), false)
        .unwrap();
    let (p, _, _) = reg.collateral(WETH).unwrap();
    assert_eq!(
        (p.imHaircut, p.mmHaircut, p.depositCap, p.enabled),
        (bps(3_000), bps(2_500), wad(10), false)
    );
    let ev = host.events::<CollateralConfigured>();
    assert_eq!(ev.len(), 1);
    assert_eq!(
        (ev[0].asset, ev[0].imHaircut, ev[0].enabled),
        (WETH, bps(3_000), false)
    );
}

#[test]
fn set_collateral_risk_reverts_when_unauthorised_unlisted_or_out_of_bounds() {
    let (host, mut reg) = deployed();
    host.set_sender(EVE);
    assert_eq!(
        reg.set_collateral_risk(WETH, bps(100), bps(100), wad(1), true)
            .unwrap_err(),
        MarginRegistryUnauthorizedRiskAdmin { account: EVE }.into()
    );
    host.set_sender(ADMIN);
    assert_eq!(
        reg.set_collateral_risk(EVE, bps(100), bps(100), wad(1), true)
            .unwrap_err(),
        MarginRegistryAssetNotListed { asset: EVE }.into()
    );
    assert!(matches!(
        reg.set_collateral_risk(WETH, bps(100), bps(200), wad(1), true)
            .unwrap_err(),
        Error::ParameterOutOfBounds(_)
    ));
    assert_eq!(reg.collateral(WETH).unwrap().0.imHaircut, bps(2_500));
}

#[test]
fn collateral_reverts_when_asset_not_listed() {
    let (_, reg) = deployed();
    assert_eq!(
        reg.collateral(EVE).unwrap_err(),
        MarginRegistryAssetNotListed { asset: EVE }.into()
    );
}

#[test]
fn deposit_credits_balance_and_emits_when_token_transfers() {
    let (host, mut reg) = deployed();
    deposit(&host, &mut reg, ALICE, WETH, wad(2));
    assert_eq!(reg.collateral_balance(ALICE, WETH), wad(2));
    assert_eq!(reg.collateral(WETH).unwrap().2, wad(2));
    assert_eq!(host.token_balance(WETH, host.contract_address()), wad(2));
    let ev = host.events::<Deposited>();
    assert_eq!(
        ev,
        vec![Deposited {
            account: ALICE,
            asset: WETH,
            amount: wad(2),
            balance: I256::from_raw(wad(2))
        }]
    );
}

#[test]
fn deposit_credits_cash_when_asset_is_settlement() {
    let (host, mut reg) = deployed();
    deposit(&host, &mut reg, ALICE, USDC, usdc(500));
    assert_eq!(reg.cash_balance(ALICE), I256::from_raw(usdc(500)));
    assert_eq!(reg.collateral_balance(ALICE, USDC), U256::ZERO);
}

#[test]
fn deposit_works_with_tokens_returning_nothing_and_reverts_when_token_fails() {
    let (host, mut reg) = deployed();
    host.set_token_mode(WETH, ReturnMode::Nothing);
    deposit(&host, &mut reg, ALICE, WETH, wad(1));
    assert_eq!(reg.collateral_balance(ALICE, WETH), wad(1));
    host.set_token_mode(WETH, ReturnMode::False);
    let before = fingerprint(&host);
    host.set_sender(ALICE);
    assert_eq!(
        reg.deposit(WETH, wad(1)).unwrap_err(),
        ballast_contract_common::SafeErc20FailedOperation { token: WETH }.into()
    );
    assert_eq!(fingerprint(&host), before);
}

#[test]
fn deposit_reverts_when_amount_zero_unlisted_disabled_or_over_cap() {
    let (host, mut reg) = deployed();
    host.set_sender(ALICE);
    assert_eq!(
        reg.deposit(WETH, U256::ZERO).unwrap_err(),
        MarginRegistryZeroAmount {}.into()
    );
    assert_eq!(
        reg.deposit(EVE, wad(1)).unwrap_err(),
        MarginRegistryAssetNotListed { asset: EVE }.into()
    );
    host.set_sender(ADMIN);
    reg.set_collateral_risk(WETH, bps(2_500), bps(2_000), wad(3), true)
        .unwrap();
    deposit(&host, &mut reg, ALICE, WETH, wad(2));
    host.set_sender(ALICE);
    assert_eq!(
        reg.deposit(WETH, wad(2)).unwrap_err(),
        MarginRegistryDepositCapExceeded {
            asset: WETH,
            totalAfter: wad(4),
            cap: wad(3)
        }
        .into()
    );
    host.set_sender(ADMIN);
    reg.set_collateral_risk(WETH, bps(2_500), bps(2_000), wad(3), false)
        .unwrap();
    host.set_sender(ALICE);
    assert_eq!(
        reg.deposit(WETH, wad(1)).unwrap_err(),
        MarginRegistryAssetDisabled { asset: WETH }.into()
    );
    assert_eq!(reg.collateral_balance(ALICE, WETH), wad(2));
}

#[test]
fn deposit_reverts_when_allowance_missing() {
    let (host, mut reg) = deployed();
    host.approve(WETH, ALICE, host.contract_address(), U256::ZERO);
    host.set_sender(ALICE);
    assert_eq!(
        reg.deposit(WETH, wad(1)).unwrap_err(),
        ballast_contract_common::SafeErc20FailedOperation { token: WETH }.into()
    );
    assert_eq!(reg.collateral_balance(ALICE, WETH), U256::ZERO);
}

#[test]
fn deposit_reverts_when_reentered() {
    let (host, mut reg) = deployed();
    reg.guard.enter::<Error>().unwrap();
    host.set_sender(ALICE);
    assert_eq!(
        reg.deposit(WETH, wad(1)).unwrap_err(),
        ballast_contract_common::ReentrancyGuardReentrantCall {}.into()
    );
    assert_eq!(host.token_transfer_calls(WETH), 0);
}

#[test]
fn withdraw_sends_tokens_and_emits_when_account_flat() {
    let (host, mut reg) = deployed();
    deposit(&host, &mut reg, ALICE, WETH, wad(2));
    host.set_feed_reverts(ETH_FEED, true); // a flat account needs no price
    host.set_sender(ALICE);
    reg.withdraw(WETH, wad(2), BOB).unwrap();
    assert_eq!(reg.collateral_balance(ALICE, WETH), U256::ZERO);
    assert_eq!(host.token_balance(WETH, BOB), wad(1_002));
    assert_eq!(reg.collateral(WETH).unwrap().2, U256::ZERO);
    assert_eq!(
        host.events::<Withdrawn>(),
        vec![Withdrawn {
            account: ALICE,
            asset: WETH,
            to: BOB,
            amount: wad(2),
            balance: I256::ZERO
        }]
    );
}

#[test]
fn withdraw_stays_open_when_paused_and_account_flat() {
    let (host, mut reg) = deployed();
    deposit(&host, &mut reg, ALICE, USDC, usdc(100));
    host.set_sender(GUARDIAN);
    reg.pause().unwrap();
    host.set_sender(ALICE);
    reg.withdraw(USDC, usdc(100), ALICE).unwrap();
    assert_eq!(reg.cash_balance(ALICE), I256::ZERO);
}

#[test]
fn withdraw_reverts_when_balance_short_zero_or_unlisted() {
    let (host, mut reg) = deployed();
    deposit(&host, &mut reg, ALICE, WETH, wad(1));
    deposit(&host, &mut reg, ALICE, USDC, usdc(5));
    host.set_sender(ALICE);
    assert_eq!(
        reg.withdraw(WETH, wad(2), ALICE).unwrap_err(),
        MarginRegistryInsufficientBalance {
            asset: WETH,
            balance: wad(1),
            amount: wad(2)
        }
        .into()
    );
    assert_eq!(
        reg.withdraw(USDC, usdc(6), ALICE).unwrap_err(),
        MarginRegistryInsufficientBalance {
            asset: USDC,
            balance: usdc(5),
            amount: usdc(6)
        }
        .into()
    );
    assert_eq!(
        reg.withdraw(WETH, U256::ZERO, ALICE).unwrap_err(),
        MarginRegistryZeroAmount {}.into()
    );
    assert_eq!(
        reg.withdraw(WETH, wad(1), Address::ZERO).unwrap_err(),
        MarginRegistryZeroAddress {}.into()
    );
    assert_eq!(
        reg.withdraw(EVE, wad(1), ALICE).unwrap_err(),
        MarginRegistryAssetNotListed { asset: EVE }.into()
    );
}

#[test]
fn withdraw_reverts_when_initial_margin_broken_and_allows_when_kept() {
    let (host, mut reg) = deployed();
    deposit(&host, &mut reg, ALICE, USDC, usdc(2_000));
    // 1 ETH long perp (100 contracts of 0.01) at 4000.
    trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[change(ETH_PERP, 100, 4_000)],
        0,
    )
    .unwrap();
    let (equity, initial, _) = reg.account_health(ALICE).unwrap();
    assert!(
        equity > I256::try_from(initial).unwrap(),
        "setup should leave free margin"
    );
    let before = fingerprint(&host);
    host.set_sender(ALICE);
    let err = reg.withdraw(USDC, usdc(2_000), ALICE).unwrap_err();
    assert!(
        matches!(err, Error::InsufficientInitialMargin(e) if e.account == ALICE && e.equity < I256::try_from(e.initialMargin).unwrap())
    );
    assert_eq!(
        fingerprint(&host),
        before,
        "a refused withdrawal changes nothing"
    );
    // A small withdrawal that keeps initial margin passes.
    reg.withdraw(USDC, usdc(10), ALICE).unwrap();
    assert_eq!(reg.cash_balance(ALICE), I256::from_raw(usdc(1_990)));
}

#[test]
fn withdraw_reverts_when_sequencer_down_and_account_has_positions() {
    let (host, mut reg) = deployed();
    deposit(&host, &mut reg, ALICE, USDC, usdc(5_000));
    trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[change(ETH_PERP, 10, 4_000)],
        0,
    )
    .unwrap();
    host.add_feed(SEQ_FEED, 0, 1); // answer 1 = down
    host.set_sender(OWNER);
    reg.set_sequencer_feed(SEQ_FEED, 3_600).unwrap();
    host.set_sender(ALICE);
    assert_eq!(
        reg.withdraw(USDC, usdc(1), ALICE).unwrap_err(),
        MarginRegistrySequencerDown {
            since: U256::from(NOW)
        }
        .into()
    );
}
