//! The ABI path: calls as bytes through the router that stylus-sdk generates from the `#[public]` block, as the
//! program's entrypoint runs them on chain (`tests/on_chain.rs` runs the same calls on the local Stylus chain).

use alloy_sol_types::SolValue;
use stylus_sdk::{abi::Router, ArbResult};

use super::*;
use crate::errors::PortfolioNettingUnknownSelector;

/// Canonical signatures of the margin views' argument lists.
const PORTFOLIO: &str = "(uint32,uint8,uint64,uint256,int256)[],(uint32,uint256,uint256,int256)[]";
const PROPOSED: &str = "(uint32,(uint256,uint256,uint256,uint32,uint32,uint256,uint256,uint256,uint256,uint256,\
    uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint32,uint256))[]";

/// Returns the selector of a canonical signature.
fn selector(signature: &str) -> [u8; 4] {
    alloy_primitives::keccak256(signature)[..4]
        .try_into()
        .unwrap()
}

/// Runs `calldata` through the generated router, falling back to `#[fallback]` as the entrypoint does; `None`
/// when neither answers.
fn call(c: &mut PortfolioNetting, calldata: &[u8]) -> Option<ArbResult> {
    let routed = match calldata.get(..4) {
        Some(selector) => {
            let selector = u32::from_be_bytes(selector.try_into().unwrap());
            <PortfolioNetting as Router<PortfolioNetting>>::route(c, selector, &calldata[4..])
        }
        None => None,
    };
    routed.or_else(|| <PortfolioNetting as Router<PortfolioNetting>>::fallback(c, calldata))
}

/// Runs `calldata` through the router alone (no fallback): `None` for a selector it does not serve.
fn route(c: &mut PortfolioNetting, selector: [u8; 4], args: &[u8]) -> Option<ArbResult> {
    <PortfolioNetting as Router<PortfolioNetting>>::route(c, u32::from_be_bytes(selector), args)
}

/// What a function returning `result` answers on chain: `abi.encode(value)` or the error's data.
fn encoded<T: SolValue>(result: Result<T, Error>) -> ArbResult {
    result.map(|v| (v,).abi_encode_params()).map_err(Vec::from)
}

/// The functions of the committed ABI (`abi/json`, checked against the interface and the Rust export by
/// `scripts/check-abi.sh --check`) with their selectors.
fn interface_functions() -> Vec<(String, [u8; 4])> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../abi/json/PortfolioNetting.json"
    );
    let abi: alloy_json_abi::JsonAbi =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    abi.functions()
        .map(|f| (f.name.clone(), f.selector().0))
        .collect()
}

#[test]
fn router_serves_every_function_of_the_interface_and_nothing_else() {
    let (_host, mut c) = deployed();
    let functions = interface_functions();
    assert_eq!(functions.len(), 17);
    for (name, selector) in &functions {
        assert!(
            route(&mut c, *selector, &[]).is_some(),
            "{name} is not routed"
        );
    }
    // The split's `calculator()` is gone: it falls through to the fallback.
    assert!(route(&mut c, selector("calculator()"), &[]).is_none());
}

#[test]
fn views_through_the_router_return_the_abi_encoding_of_the_native_result() {
    let (_host, mut c) = deployed();
    let compute_margin = selector(&format!("computeMargin({PORTFOLIO})"));
    let portfolio_greeks = selector(&format!("portfolioGreeks({PORTFOLIO})"));
    let books = [
        vec![option(BTC, 2, 90_000, 30, -1)],
        vec![perp(BTC, 1), option(ETH, 1, 4_400, 14, -10), perp(ETH, 3)],
        vec![perp(SOL, 1)],
        vec![perp(BTC, 0)],
    ];
    for book in books {
        let args = (book.clone(), markets()).abi_encode_params();
        let compute = [&compute_margin[..], &args].concat();
        assert_eq!(
            call(&mut c, &compute),
            Some(encoded(c.compute_margin(book.clone(), markets())))
        );
        let greeks = [&portfolio_greeks[..], &args].concat();
        assert_eq!(
            call(&mut c, &greeks),
            Some(encoded(c.portfolio_greeks(book.clone(), markets())))
        );
    }
    // dryRunMargin, by its canonical signature.
    let proposed = vec![ProposedParams {
        underlying: SOL,
        params: default_params(),
    }];
    let book = vec![perp(SOL, 10)];
    let md = vec![market(SOL, 150, 9_000)];
    let dry_run_margin = selector(&format!("dryRunMargin({PORTFOLIO},{PROPOSED})"));
    let input = [
        &dry_run_margin[..],
        &(book.clone(), md.clone(), proposed.clone()).abi_encode_params(),
    ]
    .concat();
    let expected = encoded(c.dry_run_margin(book, md, proposed));
    assert!(expected.is_ok());
    assert_eq!(call(&mut c, &input), Some(expected));
}

#[test]
fn router_reverts_without_data_when_arguments_do_not_decode() {
    let (_host, mut c) = deployed();
    let compute_margin = selector(&format!("computeMargin({PORTFOLIO})"));
    let good = (vec![perp(BTC, 1)], markets()).abi_encode_params();
    let call_with =
        |c: &mut PortfolioNetting, args: &[u8]| call(c, &[&compute_margin[..], args].concat());
    assert!(matches!(call_with(&mut c, &good), Some(Ok(_))));
    // Truncated, a uint32 with dirty high bytes, an offset past the end, no arguments at all.
    let truncated = &good[..good.len() - 1];
    let mut dirty = good.clone();
    dirty[3 * 32] = 1;
    let mut far = good.clone();
    far[30] = 0xff;
    for args in [truncated, &dirty, &far, &[]] {
        assert_eq!(call_with(&mut c, args), Some(Err(Vec::new())));
    }
}

#[test]
fn fallback_reverts_with_unknown_selector_for_any_other_calldata() {
    let (host, mut c) = deployed();
    let unknown = |selector: [u8; 4]| -> Vec<u8> {
        Error::UnknownSelector(PortfolioNettingUnknownSelector {
            selector: selector.into(),
        })
        .into()
    };
    assert_eq!(
        call(&mut c, &[0xde, 0xad, 0xbe, 0xef, 0, 1]),
        Some(Err(unknown([0xde, 0xad, 0xbe, 0xef])))
    );
    // Shorter than a selector (a plain transfer included): reported zero-padded.
    assert_eq!(call(&mut c, &[7]), Some(Err(unknown([7, 0, 0, 0]))));
    assert_eq!(call(&mut c, &[]), Some(Err(unknown([0; 4]))));
    assert_eq!(host.log_count(), 0);
}
