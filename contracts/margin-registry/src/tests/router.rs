//! The ABI path: calls as bytes through the router that stylus-sdk generates from the `#[public]`
//! block, as the program's entrypoint runs them on chain (`tests/on_chain.rs` runs calls on the
//! local Stylus chain).
//!
//! * Every function of `IMarginRegistry.sol` (selectors computed by `sol!` from the interface file)
//!   is routed; anything else reaches the fallback's [`MarginRegistryUnknownSelector`].
//! * Results and revert data through the router are byte for byte the ABI encoding of the direct
//!   Rust calls the other test modules make.

use alloy_sol_types::SolValue;
use stylus_sdk::{
    abi::{router_entrypoint, Router},
    host::VM,
    ArbResult,
};

use super::*;
use crate::errors::{Error, MarginRegistryInsufficientBalance, MarginRegistryUnknownSelector};

#[allow(clippy::too_many_arguments)] // Generated constructors of the interface's structs.
mod abi {
    alloy_sol_types::sol!("../../abi/interfaces/IMarginRegistry.sol");
}
use abi::IMarginRegistry::{self as iface, IMarginRegistryCalls};

fn vm(host: &TestHost) -> VM {
    VM {
        host: Box::new(host.clone()),
    }
}

/// The registry's non-zero storage slots.
fn written(host: &RegistryHost) -> Vec<(U256, B256)> {
    let mut slots = fingerprint(host);
    slots.retain(|(_, value)| !value.is_zero());
    slots
}

/// Calls the registry's address with calldata, through the program's entrypoint logic.
fn call(host: &RegistryHost, calldata: Vec<u8>) -> ArbResult {
    router_entrypoint::<MarginRegistry, MarginRegistry>(calldata, vm(&host.inner))
}

/// Whether the generated router (without the fallback) knows `selector`. A known selector with
/// empty arguments fails to decode, or runs a no-argument function on empty storage; either way
/// the router answers `Some`.
fn routed(selector: [u8; 4]) -> bool {
    let host = TestHost::new();
    <MarginRegistry as Router<MarginRegistry>>::route(
        &mut MarginRegistry::from(&host),
        u32::from_be_bytes(selector),
        &[],
    )
    .is_some()
}

#[test]
fn every_interface_function_is_routed() {
    assert_eq!(IMarginRegistryCalls::SELECTORS.len(), 51);
    for (selector, signature) in IMarginRegistryCalls::SELECTORS
        .iter()
        .zip(IMarginRegistryCalls::SIGNATURES)
    {
        assert!(routed(*selector), "{signature} is not routed");
    }
    // The router-and-facets split's `facets()` is gone with it.
    assert!(!routed(stylus_sdk::function_selector!("facets")));
}

#[test]
fn unknown_or_short_selectors_revert_with_unknown_selector() {
    let (host, _) = deployed();
    let before = fingerprint(&host);
    for (calldata, reported) in [
        (vec![0xde, 0xad, 0xbe, 0xef, 0, 0], [0xde, 0xad, 0xbe, 0xef]),
        (
            stylus_sdk::function_selector!("facets").to_vec(),
            stylus_sdk::function_selector!("facets"),
        ),
        (vec![], [0; 4]),
        (vec![1, 2, 3], [1, 2, 3, 0]),
    ] {
        assert_eq!(
            call(&host, calldata),
            Err(MarginRegistryUnknownSelector {
                selector: reported.into()
            }
            .abi_encode())
        );
    }
    assert_eq!(fingerprint(&host), before);
}

#[test]
fn calls_through_the_router_equal_the_direct_calls() {
    let (host, mut reg) = deployed();

    // A deposit, written to the registry's storage.
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

    // A batch from a venue, then the health view.
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

    // A preview.
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

    // Withdrawals.
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
    // All the rest would leave the position without margin: the same error as the direct path.
    let rest = usdc(49_000);
    let via_router = call(&host, withdraw(rest).abi_encode());
    let direct = reg.withdraw(USDC, rest, ALICE).unwrap_err();
    assert!(
        matches!(direct, Error::InsufficientInitialMargin(_)),
        "{direct:?}"
    );
    assert_eq!(via_router, Err(direct.into()));

    // The full risk report.
    let risk = call(
        &host,
        iface::accountRiskCall { account: ALICE }.abi_encode(),
    )
    .unwrap();
    assert_eq!(
        risk,
        (reg.account_risk(ALICE).unwrap(),).abi_encode_params()
    );

    // A view with a struct.
    let vol = call(
        &host,
        iface::volatilityCall { underlying: ETH }.abi_encode(),
    )
    .unwrap();
    assert_eq!(vol, (reg.volatility(ETH).unwrap(),).abi_encode_params());

    // Ownership moves, read back by its getter.
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
fn reverts_come_back_as_the_error_and_change_nothing() {
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
