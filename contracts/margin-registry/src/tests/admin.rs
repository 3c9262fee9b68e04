//! Roles, pause and engine settings.

use super::*;
use crate::errors::*;
use crate::events::{
    AccountLimitsUpdated, PortfolioNettingUpdated, RiskAdminUpdated, SequencerFeedUpdated,
    VolatilityKeeperUpdated,
};
use ballast_contract_common::{
    GuardianUnauthorizedAccount, OwnableUnauthorizedAccount, OwnershipTransferred, Paused,
};

#[test]
fn constructor_sets_roles_and_reverts_when_addresses_zero_or_without_code() {
    let (_, reg) = deployed();
    assert_eq!(reg.owner(), OWNER);
    assert_eq!(reg.settlement_asset(), USDC);
    assert_eq!(reg.portfolio_netting(), ENGINE);
    assert_eq!(
        reg.account_limits(),
        (crate::DEFAULT_MAX_POSITIONS, crate::DEFAULT_MAX_CHANGES)
    );
    assert_eq!(
        (reg.risk_admin(), reg.guardian(), reg.volatility_keeper()),
        (ADMIN, GUARDIAN, KEEPER)
    );
    let host = RegistryHost::new();
    let mut fresh = MarginRegistry::from(&host.inner);
    assert_eq!(
        fresh.constructor(OWNER, Address::ZERO, ENGINE).unwrap_err(),
        MarginRegistryZeroAddress {}.into()
    );
    assert_eq!(
        fresh.constructor(OWNER, USDC, Address::ZERO).unwrap_err(),
        MarginRegistryZeroAddress {}.into()
    );
    assert!(matches!(
        fresh.constructor(Address::ZERO, USDC, ENGINE).unwrap_err(),
        Error::OwnableInvalidOwner(_)
    ));
    // An engine without code would make every valuation's call succeed with no data.
    let no_code = Address::repeat_byte(0x77);
    assert_eq!(
        fresh.constructor(OWNER, USDC, no_code).unwrap_err(),
        MarginRegistryNoCode { account: no_code }.into()
    );
    assert!(
        fingerprint(&host).is_empty(),
        "a rejected constructor writes nothing"
    );
    assert_eq!(host.log_count(), 0, "a rejected constructor emits nothing");
    fresh.constructor(OWNER, USDC, ENGINE).unwrap();
    assert_eq!(host.events::<OwnershipTransferred>().len(), 1);
    assert_eq!(
        host.events::<PortfolioNettingUpdated>(),
        vec![PortfolioNettingUpdated {
            previousEngine: Address::ZERO,
            newEngine: ENGINE
        }]
    );
    assert_eq!(
        host.events::<AccountLimitsUpdated>(),
        vec![AccountLimitsUpdated {
            maxPositions: crate::DEFAULT_MAX_POSITIONS,
            maxChanges: crate::DEFAULT_MAX_CHANGES
        }]
    );
}

#[test]
fn ownership_moves_in_two_steps() {
    let (host, mut reg) = deployed();
    host.set_sender(OWNER);
    reg.transfer_ownership(BOB).unwrap();
    assert_eq!(reg.pending_owner(), BOB);
    host.set_sender(EVE);
    assert_eq!(
        reg.accept_ownership().unwrap_err(),
        OwnableUnauthorizedAccount { account: EVE }.into()
    );
    host.set_sender(BOB);
    reg.accept_ownership().unwrap();
    assert_eq!(reg.owner(), BOB);
}

#[test]
fn role_setters_emit_and_revert_when_caller_not_owner() {
    let (host, mut reg) = deployed();
    host.set_sender(OWNER);
    reg.set_risk_admin(BOB).unwrap();
    reg.set_volatility_keeper(BOB).unwrap();
    assert_eq!(
        reg.set_portfolio_netting(BOB).unwrap_err(),
        MarginRegistryNoCode { account: BOB }.into()
    );
    host.set_code(BOB, vec![0xfe]);
    reg.set_portfolio_netting(BOB).unwrap();
    reg.set_sequencer_feed(SEQ_FEED, 600).unwrap();
    assert_eq!(
        host.events::<RiskAdminUpdated>(),
        vec![RiskAdminUpdated {
            previousRiskAdmin: ADMIN,
            newRiskAdmin: BOB
        }]
    );
    assert_eq!(host.events::<VolatilityKeeperUpdated>()[0].newKeeper, BOB);
    assert_eq!(
        host.events::<PortfolioNettingUpdated>()[0].previousEngine,
        ENGINE
    );
    assert_eq!(
        host.events::<SequencerFeedUpdated>(),
        vec![SequencerFeedUpdated {
            feed: SEQ_FEED,
            gracePeriodSecs: 600
        }]
    );
    assert_eq!(reg.sequencer_feed(), (SEQ_FEED, 600));
    assert!(matches!(
        reg.set_sequencer_feed(SEQ_FEED, 86_401).unwrap_err(),
        Error::ParameterOutOfBounds(_)
    ));
    assert_eq!(
        reg.set_portfolio_netting(Address::ZERO).unwrap_err(),
        MarginRegistryZeroAddress {}.into()
    );
    host.set_sender(EVE);
    let unauthorised: Error = OwnableUnauthorizedAccount { account: EVE }.into();
    assert_eq!(reg.set_risk_admin(EVE).unwrap_err(), unauthorised);
    assert_eq!(reg.set_volatility_keeper(EVE).unwrap_err(), unauthorised);
    assert_eq!(reg.set_portfolio_netting(EVE).unwrap_err(), unauthorised);
    assert_eq!(reg.set_sequencer_feed(EVE, 0).unwrap_err(), unauthorised);
    assert_eq!(reg.set_guardian(EVE).unwrap_err(), unauthorised);
}

#[test]
fn pause_and_unpause_only_by_guardian() {
    let (host, mut reg) = deployed();
    host.set_sender(EVE);
    assert_eq!(
        reg.pause().unwrap_err(),
        GuardianUnauthorizedAccount { account: EVE }.into()
    );
    host.set_sender(GUARDIAN);
    reg.pause().unwrap();
    assert!(reg.paused());
    assert_eq!(host.events::<Paused>().len(), 1);
    assert_eq!(
        reg.pause().unwrap_err(),
        ballast_contract_common::PausableEnforcedPause {}.into()
    );
    reg.unpause().unwrap();
    assert_eq!(
        reg.unpause().unwrap_err(),
        ballast_contract_common::PausableExpectedPause {}.into()
    );
}

#[test]
fn set_account_limits_updates_and_reverts_when_out_of_bounds() {
    let (host, mut reg) = deployed();
    host.set_sender(ADMIN);
    reg.set_account_limits(8, 4).unwrap();
    assert_eq!(reg.account_limits(), (8, 4));
    assert_eq!(
        host.events::<AccountLimitsUpdated>(),
        vec![AccountLimitsUpdated {
            maxPositions: 8,
            maxChanges: 4
        }]
    );
    assert!(matches!(
        reg.set_account_limits(0, 4).unwrap_err(),
        Error::ParameterOutOfBounds(_)
    ));
    assert!(matches!(
        reg.set_account_limits(8, 65).unwrap_err(),
        Error::ParameterOutOfBounds(_)
    ));
    host.set_sender(EVE);
    assert_eq!(
        reg.set_account_limits(8, 4).unwrap_err(),
        MarginRegistryUnauthorizedRiskAdmin { account: EVE }.into()
    );
}

#[test]
fn error_encodes_with_selector_and_values() {
    let err: Vec<u8> = Error::from(MarginRegistryInsufficientInitialMargin {
        account: ALICE,
        equity: i256(-1),
        initialMargin: U256::from(7),
    })
    .into();
    assert_eq!(
        &err[..4],
        &MarginRegistryInsufficientInitialMargin::SELECTOR
    );
    assert_eq!(err.len(), 4 + 3 * 32);
}
