//! The router and its facets.
//!
//! * The selector table is complete: every function of `IMarginRegistry.sol` (selectors computed by
//!   `sol!` from the interface file) is served by exactly one program, the router or the one facet
//!   [`ROUTES`] names, and that facet's `#[public]` impl really serves it.
//! * Calls through the router's ABI entrypoint reach the right facet: [`RegistryHost`] runs a
//!   facet program (its generated ABI router, on the same storage) when the router delegate-calls
//!   a [`FACETS`] address, as the chain would; results and revert data come back unchanged.

use alloy_sol_types::SolValue;
use stylus_sdk::{
    abi::{router_entrypoint, Router},
    host::VM,
    stylus_core::storage::TopLevelStorage,
    ArbResult,
};

use super::*;
use crate::{
    errors::{Error, MarginRegistryInsufficientBalance, MarginRegistryUnknownSelector},
    facets::{AccountsFacet, AdminFacet, MarginFacet, MarketFacet, RiskFacet, TradeFacet},
    router::{facet_of, Facet, FACET_COUNT, ROUTES},
};

#[allow(clippy::too_many_arguments)] // Generated constructors of the interface's structs.
mod abi {
    alloy_sol_types::sol!("../../abi/interfaces/IMarginRegistry.sol");
}
use abi::IMarginRegistry::{self as iface, IMarginRegistryCalls};

// SAFETY: in these tests each facet struct is the whole storage of the contract it runs as (root
// slot 0), exactly as in its own entrypoint build.
#[cfg(not(feature = "facet-margin"))]
unsafe impl TopLevelStorage for MarginFacet {}
// SAFETY: as above.
#[cfg(not(feature = "facet-trade"))]
unsafe impl TopLevelStorage for TradeFacet {}
// SAFETY: as above.
#[cfg(not(feature = "facet-risk"))]
unsafe impl TopLevelStorage for RiskFacet {}
// SAFETY: as above.
#[cfg(not(feature = "facet-accounts"))]
unsafe impl TopLevelStorage for AccountsFacet {}
// SAFETY: as above.
#[cfg(not(feature = "facet-admin"))]
unsafe impl TopLevelStorage for AdminFacet {}
// SAFETY: as above.
#[cfg(not(feature = "facet-market"))]
unsafe impl TopLevelStorage for MarketFacet {}

fn vm(host: &TestHost) -> VM {
    VM {
        host: Box::new(host.clone()),
    }
}

/// Runs the facet program deployed at `address` on `calldata` (the test chain's DELEGATECALL),
/// or `None` when `address` is not one of [`FACETS`].
pub fn run_facet(host: &TestHost, address: Address, calldata: &[u8]) -> Option<ArbResult> {
    let index = FACETS.iter().position(|f| *f == address)?;
    let input = calldata.to_vec();
    Some(match Facet::ALL[index] {
        Facet::Margin => router_entrypoint::<MarginFacet, MarginFacet>(input, vm(host)),
        Facet::Trade => router_entrypoint::<TradeFacet, TradeFacet>(input, vm(host)),
        Facet::Risk => router_entrypoint::<RiskFacet, RiskFacet>(input, vm(host)),
        Facet::Accounts => router_entrypoint::<AccountsFacet, AccountsFacet>(input, vm(host)),
        Facet::Admin => router_entrypoint::<AdminFacet, AdminFacet>(input, vm(host)),
        Facet::Market => router_entrypoint::<MarketFacet, MarketFacet>(input, vm(host)),
    })
}

/// The registry's non-zero storage slots.
fn written(host: &RegistryHost) -> Vec<(U256, B256)> {
    let mut slots = fingerprint(host);
    slots.retain(|(_, value)| !value.is_zero());
    slots
}

/// Calls the registry's address (the router program) with ABI calldata.
fn call(host: &RegistryHost, calldata: Vec<u8>) -> ArbResult {
    router_entrypoint::<MarginRegistry, MarginRegistry>(calldata, vm(&host.inner))
}

/// Which programs' ABI routers know `selector`: the router, then each facet in [`Facet`] order.
/// (A known selector with empty arguments fails to decode, or runs a no-argument function on
/// empty storage; either way the router returns `Some`.)
fn served_by(selector: [u8; 4]) -> [bool; 1 + FACET_COUNT] {
    let host = TestHost::new();
    let s = u32::from_be_bytes(selector);
    [
        <MarginRegistry as Router<MarginRegistry>>::route(&mut MarginRegistry::from(&host), s, &[])
            .is_some(),
        <MarginFacet as Router<MarginFacet>>::route(&mut MarginFacet::from(&host), s, &[])
            .is_some(),
        <TradeFacet as Router<TradeFacet>>::route(&mut TradeFacet::from(&host), s, &[]).is_some(),
        <RiskFacet as Router<RiskFacet>>::route(&mut RiskFacet::from(&host), s, &[]).is_some(),
        <AccountsFacet as Router<AccountsFacet>>::route(&mut AccountsFacet::from(&host), s, &[])
            .is_some(),
        <AdminFacet as Router<AdminFacet>>::route(&mut AdminFacet::from(&host), s, &[]).is_some(),
        <MarketFacet as Router<MarketFacet>>::route(&mut MarketFacet::from(&host), s, &[])
            .is_some(),
    ]
}

#[test]
fn every_interface_function_is_served_by_exactly_one_program() {
    let mut routed = 0;
    for (selector, signature) in IMarginRegistryCalls::SELECTORS
        .iter()
        .zip(IMarginRegistryCalls::SIGNATURES)
    {
        let served = served_by(*selector);
        let programs = served.iter().filter(|s| **s).count();
        assert_eq!(programs, 1, "{signature} is served by {programs} programs");
        match facet_of(*selector) {
            Some(facet) => {
                assert!(
                    !served[0],
                    "{signature}: routed to {facet:?} but the router serves it"
                );
                assert!(
                    served[1 + facet as usize],
                    "{signature}: routed to {facet:?}, which does not serve it"
                );
                routed += 1;
            }
            None => assert!(
                served[0],
                "{signature}: neither the router nor a route serves it"
            ),
        }
    }
    // Every route is an interface function, listed once.
    assert_eq!(
        routed,
        ROUTES.len(),
        "ROUTES has an entry outside the interface or twice"
    );
    assert!(IMarginRegistryCalls::SELECTORS.len() > ROUTES.len());
}

#[test]
fn every_facet_has_routes() {
    for facet in Facet::ALL {
        assert!(
            ROUTES.iter().any(|(_, f)| *f == facet),
            "{facet:?} serves nothing"
        );
    }
}

#[test]
fn unknown_or_short_selectors_revert_with_unknown_selector() {
    let (host, _) = deployed();
    let before = fingerprint(&host);
    assert_eq!(
        call(&host, vec![0xde, 0xad, 0xbe, 0xef, 0, 0]),
        Err(MarginRegistryUnknownSelector {
            selector: [0xde, 0xad, 0xbe, 0xef].into()
        }
        .abi_encode())
    );
    // The margin facet's internal valuation request is no function of the registry's address.
    assert!(!IMarginRegistryCalls::SELECTORS.contains(&crate::margin::VALUE_REQUEST));
    assert_eq!(
        call(&host, crate::margin::VALUE_REQUEST.to_vec()),
        Err(MarginRegistryUnknownSelector {
            selector: crate::margin::VALUE_REQUEST.into()
        }
        .abi_encode())
    );
    // The margin facet's fallback answers only well-formed valuation requests.
    let margin_facet = FACETS[Facet::Margin as usize];
    let mut truncated = crate::margin::encode_value_request(ALICE, &[], I256::ZERO, None);
    truncated.pop();
    for bad in [vec![0xde, 0xad, 0xbe, 0xef], truncated] {
        let selector: [u8; 4] = bad[..4].try_into().unwrap();
        assert_eq!(
            run_facet(&host.inner, margin_facet, &bad).unwrap(),
            Err(MarginRegistryUnknownSelector {
                selector: selector.into()
            }
            .abi_encode())
        );
    }
    let request = crate::margin::encode_value_request(ALICE, &[], I256::ZERO, None);
    assert_eq!(
        run_facet(&host.inner, margin_facet, &request)
            .unwrap()
            .map(|a| a.len()),
        Ok(96),
        "a flat account values to three zero words"
    );
    for (short, reported) in [(vec![], [0; 4]), (vec![1, 2, 3], [1, 2, 3, 0])] {
        assert_eq!(
            call(&host, short),
            Err(MarginRegistryUnknownSelector {
                selector: reported.into()
            }
            .abi_encode())
        );
    }
    assert_eq!(fingerprint(&host), before);
}

#[test]
fn calls_through_the_router_reach_each_facet_on_the_same_storage() {
    let (host, mut reg) = deployed();

    // Accounts facet: a deposit, written to the router's storage.
    host.set_sender(ALICE);
    let amount = usdc(50_000);
    let out = call(
        &host,
        iface::depositCall {
            asset: USDC,
            amount,
        }
        .abi_encode(),
    );
    assert_eq!(out, Ok(Vec::new()));
    assert_eq!(reg.collateral_balance(ALICE, USDC), U256::ZERO);
    assert_eq!(reg.cash_balance(ALICE), i256(50_000_000_000));
    assert_eq!(host.token_balance(USDC, host.contract_address()), amount);

    // Margin facet: a batch from a venue, then the health view.
    host.set_sender(VENUE);
    let out = call(
        &host,
        iface::updatePositionsCall {
            account: ALICE,
            changes: vec![iface::PositionChange {
                instrument: ETH_PERP,
                sizeDelta: i256(100),
                price: wad(4_000),
            }],
            cashDelta: I256::ZERO,
        }
        .abi_encode(),
    );
    assert_eq!(out, Ok(Vec::new()));
    assert_eq!(reg.positions(ALICE).len(), 1);
    let health = call(
        &host,
        iface::accountHealthCall { account: ALICE }.abi_encode(),
    )
    .unwrap();
    assert_eq!(
        health,
        reg.account_health(ALICE).unwrap().abi_encode_params()
    );
    let (equity, initial, _) = <(I256, U256, U256)>::abi_decode_params(&health).unwrap();
    assert!(
        equity.is_positive() && !initial.is_zero(),
        "{equity} {initial}"
    );

    // Trade facet: a preview, valued by the margin facet (nested delegate call).
    let preview = iface::previewUpdateCall {
        venue: VENUE,
        account: ALICE,
        changes: vec![iface::PositionChange {
            instrument: ETH_PERP,
            sizeDelta: i256(-40),
            price: wad(4_000),
        }],
        cashDelta: I256::ZERO,
    };
    let direct = reg
        .preview_update(VENUE, ALICE, vec![change(ETH_PERP, -40, 4_000)], I256::ZERO)
        .unwrap();
    assert_eq!(
        call(&host, preview.abi_encode()).unwrap(),
        direct.abi_encode_params()
    );

    // Accounts facet: withdrawals, valued by the margin facet.
    host.set_sender(ALICE);
    let cash_before = reg.cash_balance(ALICE);
    let withdraw = |amount| iface::withdrawCall {
        asset: USDC,
        amount,
        to: ALICE,
    };
    assert_eq!(
        call(&host, withdraw(usdc(1_000)).abi_encode()),
        Ok(Vec::new())
    );
    assert_eq!(reg.cash_balance(ALICE), cash_before - i256(1_000_000_000));
    assert_eq!(
        host.token_balance(USDC, ALICE),
        usdc(10_000_000 - 50_000 + 1_000)
    );
    // All the rest would leave the position without margin: the registry's own error, through
    // two delegate calls, equal to the direct path's.
    let rest = usdc(49_000);
    let via_router = call(&host, withdraw(rest).abi_encode());
    let direct = reg.withdraw(USDC, rest, ALICE).unwrap_err();
    assert!(
        matches!(direct, Error::InsufficientInitialMargin(_)),
        "{direct:?}"
    );
    assert_eq!(via_router, Err(direct.into()));

    // Risk facet: the full report, byte for byte the direct result.
    let risk = call(
        &host,
        iface::accountRiskCall { account: ALICE }.abi_encode(),
    )
    .unwrap();
    assert_eq!(
        risk,
        (reg.account_risk(ALICE).unwrap(),).abi_encode_params()
    );

    // Market facet: a view with a struct.
    let vol = call(
        &host,
        iface::volatilityCall { underlying: ETH }.abi_encode(),
    )
    .unwrap();
    assert_eq!(vol, (reg.volatility(ETH).unwrap(),).abi_encode_params());

    // Admin facet: ownership moves, read back by the router's own getter.
    host.set_sender(OWNER);
    call(
        &host,
        iface::transferOwnershipCall { newOwner: BOB }.abi_encode(),
    )
    .unwrap();
    host.set_sender(BOB);
    call(&host, iface::acceptOwnershipCall {}.abi_encode()).unwrap();
    let owner = call(&host, iface::ownerCall {}.abi_encode()).unwrap();
    assert_eq!(owner, BOB.abi_encode());
}

#[test]
fn facet_reverts_come_back_unchanged_and_change_nothing() {
    let (host, _) = deployed();
    host.set_sender(ALICE);
    let written_before = written(&host);
    let out = call(
        &host,
        iface::withdrawCall {
            asset: WETH,
            amount: wad(1),
            to: ALICE,
        }
        .abi_encode(),
    );
    assert_eq!(
        out,
        Err(Error::from(MarginRegistryInsufficientBalance {
            asset: WETH,
            balance: U256::ZERO,
            amount: wad(1),
        })
        .into())
    );
    // The guard slot is written back to zero (on chain the whole call reverts anyway).
    assert_eq!(written(&host), written_before);
}
