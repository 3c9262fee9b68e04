//! Price-feed validation and the sequencer uptime feed.

use super::*;
use crate::errors::*;

/// ALICE with 1 ETH long perp and 5000 USDC: every health read needs both feeds.
fn with_position() -> (RegistryHost, MarginRegistry) {
    let (host, mut reg) = deployed();
    deposit(&host, &mut reg, ALICE, USDC, usdc(5_000));
    trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[change(ETH_PERP, 100, 4_000)],
        0,
    )
    .unwrap();
    (host, reg)
}

#[test]
fn account_health_reverts_when_price_zero_or_negative() {
    let (host, reg) = with_position();
    host.set_answer(ETH_FEED, 0);
    assert_eq!(
        reg.account_health(ALICE).unwrap_err(),
        MarginRegistryOraclePriceNonPositive {
            feed: ETH_FEED,
            answer: I256::ZERO
        }
        .into()
    );
    host.set_answer(ETH_FEED, -5);
    assert_eq!(
        reg.account_health(ALICE).unwrap_err(),
        MarginRegistryOraclePriceNonPositive {
            feed: ETH_FEED,
            answer: i256(-5)
        }
        .into()
    );
}

#[test]
fn account_health_reverts_when_price_stale() {
    let (host, reg) = with_position();
    // Exactly at the heartbeat the price is still fresh.
    host.set_time(NOW + 3_600);
    assert!(reg.account_health(ALICE).is_ok());
    host.set_time(NOW + 3_601);
    host.set_answer(USDC_FEED, 100_000_000);
    assert_eq!(
        reg.account_health(ALICE).unwrap_err(),
        MarginRegistryOraclePriceStale {
            feed: ETH_FEED,
            updatedAt: U256::from(NOW),
            heartbeatSecs: U256::from(3_600),
            timestamp: U256::from(NOW + 3_601)
        }
        .into()
    );
}

#[test]
fn account_health_reverts_when_round_incomplete_or_from_future() {
    let (host, reg) = with_position();
    let id = host.push_round(
        ETH_FEED,
        MockRound {
            answer: i256(400_000_000_000),
            started_at: NOW,
            updated_at: 0,
        },
    );
    assert_eq!(
        reg.account_health(ALICE).unwrap_err(),
        MarginRegistryOracleRoundIncomplete {
            feed: ETH_FEED,
            roundId: U80::from(id),
            updatedAt: U256::ZERO
        }
        .into()
    );
    let id = host.push_round(
        ETH_FEED,
        MockRound {
            answer: i256(400_000_000_000),
            started_at: NOW,
            updated_at: NOW + 1,
        },
    );
    assert_eq!(
        reg.account_health(ALICE).unwrap_err(),
        MarginRegistryOracleRoundIncomplete {
            feed: ETH_FEED,
            roundId: U80::from(id),
            updatedAt: U256::from(NOW + 1)
        }
        .into()
    );
}

#[test]
fn account_health_reverts_when_feed_reverts_or_returns_garbage() {
    let (host, reg) = with_position();
    host.set_feed_reverts(ETH_FEED, true);
    assert_eq!(
        reg.account_health(ALICE).unwrap_err(),
        MarginRegistryOracleCallFailed { feed: ETH_FEED }.into()
    );
    host.set_feed_reverts(ETH_FEED, false);
    host.set_feed_malformed(ETH_FEED, true);
    assert_eq!(
        reg.account_health(ALICE).unwrap_err(),
        MarginRegistryOracleCallFailed { feed: ETH_FEED }.into()
    );
}

#[test]
fn account_health_scales_prices_when_feed_has_18_decimals() {
    let (host, mut reg) = deployed();
    let feed = Address::with_last_byte(0x77);
    host.add_feed(feed, 18, 4_000 * WAD as i128);
    host.set_sender(OWNER);
    reg.list_collateral(WETH, collateral_params(feed, 18, 2_500, 2_000))
        .unwrap();
    deposit(&host, &mut reg, ALICE, WETH, wad(1));
    deposit(&host, &mut reg, BOB, WETH, wad(1));
    // Same value whatever the feed's decimals: 1 WETH at 4000 = 4000e18.
    host.set_sender(OWNER);
    reg.list_collateral(WETH, collateral_params(ETH_FEED, 18, 2_500, 2_000))
        .unwrap();
    let risk_8 = reg.account_risk(ALICE).unwrap();
    assert_eq!(risk_8.collateral[0].value, wad(4_000));
    assert_eq!(risk_8.collateral[0].initialValue, wad(3_000));
    assert_eq!(risk_8.collateral[0].maintenanceValue, wad(3_200));
}

#[test]
fn update_positions_reverts_when_sequencer_down_or_in_grace_period() {
    let (host, mut reg) = deployed();
    deposit(&host, &mut reg, ALICE, USDC, usdc(10_000));
    host.add_feed(SEQ_FEED, 0, 0); // up since NOW
    host.set_sender(OWNER);
    reg.set_sequencer_feed(SEQ_FEED, 3_600).unwrap();
    // Restarted at NOW: grace period until NOW + 3600.
    let err = trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[change(ETH_PERP, 10, 4_000)],
        0,
    )
    .unwrap_err();
    assert_eq!(
        err,
        MarginRegistrySequencerGracePeriod {
            restartedAt: U256::from(NOW),
            gracePeriodEndsAt: U256::from(NOW + 3_600)
        }
        .into()
    );
    host.set_time(NOW + 3_600);
    for f in [USDC_FEED, ETH_FEED] {
        host.set_answer(
            f,
            if f == USDC_FEED {
                100_000_000
            } else {
                4_000 * 100_000_000
            },
        );
    }
    trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[change(ETH_PERP, 10, 4_000)],
        0,
    )
    .unwrap();
    // Sequencer goes down: new risk refused, risk reduction still accepted.
    host.set_answer(SEQ_FEED, 1);
    assert_eq!(
        trade(
            &host,
            &mut reg,
            VENUE,
            ALICE,
            &[change(ETH_PERP, 10, 4_000)],
            0
        )
        .unwrap_err(),
        MarginRegistrySequencerDown {
            since: U256::from(NOW + 3_600)
        }
        .into()
    );
    trade(
        &host,
        &mut reg,
        VENUE,
        ALICE,
        &[change(ETH_PERP, -5, 4_000)],
        0,
    )
    .unwrap();
    // A round with startedAt = 0 is invalid.
    let id = host.push_round(
        SEQ_FEED,
        MockRound {
            answer: I256::ZERO,
            started_at: 0,
            updated_at: NOW,
        },
    );
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
        MarginRegistryOracleRoundIncomplete {
            feed: SEQ_FEED,
            roundId: U80::from(id),
            updatedAt: U256::from(NOW)
        }
        .into()
    );
}
