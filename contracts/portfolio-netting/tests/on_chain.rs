//! PortfolioNetting's real program on the local Stylus chain: what integrators get back (results and custom
//! errors) is exactly what the native engine computes. Needs `target/stylus/portfolio-netting.bin`
//! (`bash scripts/build-wasm.sh`); without it each test prints `SKIPPED` and returns, unless
//! `BALLAST_REQUIRE_STYLUS=1` (CI) makes that a failure.

#[path = "../examples/common/mod.rs"]
mod common;

use alloy_primitives::{address, Address, Bytes, U256};
use alloy_sol_types::{sol_data::Uint, SolType, SolValue};
use ballast_devnet::{
    stylus::{is_classic, is_fragment, is_root, StylusRoot},
    BlockId, Chain, ExecStatus, TxRequest,
};
use ballast_portfolio_netting::{
    engine,
    errors::{Error, PortfolioNettingUnauthorizedRiskAdmin},
    types::{MarginResult, MarketData, Position, ProposedParams, RiskParams, UnderlyingGreeks},
    unknown_selector,
};
use common::{chain::*, *};

const BOB: Address = address!("0000000000000000000000000000000000000b0b");

const POSITIONS: &str = "(uint32,uint8,uint64,uint256,int256)[]";
const MARKETS: &str = "(uint32,uint256,uint256,int256)[]";
const PARAMS: &str =
    "(uint256,uint256,uint256,uint32,uint32,uint256,uint256,uint256,uint256,uint256,uint256,\
    uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint32,uint256)";

/// The deployed chain, or `None` (test skipped) when the program is not built and CI does not require it.
fn chain() -> Option<Chain> {
    let chain = try_deployed_chain();
    if chain.is_none() {
        assert_ne!(
            std::env::var("BALLAST_REQUIRE_STYLUS").as_deref(),
            Ok("1"),
            "target/stylus/portfolio-netting.bin missing: run `bash scripts/build-wasm.sh` first"
        );
        eprintln!(
            "SKIPPED: target/stylus/portfolio-netting.bin missing; run `bash scripts/build-wasm.sh` first"
        );
    }
    chain
}

/// Calls `to` from `from` and returns (success, return or revert data).
fn call(chain: &Chain, from: Address, to: Address, input: Vec<u8>) -> (bool, Bytes) {
    let outcome = chain
        .call(
            &TxRequest {
                from,
                to: Some(to),
                input: input.into(),
                ..Default::default()
            },
            None,
            BlockId::Latest,
        )
        .expect("call");
    (outcome.status == ExecStatus::Success, outcome.output)
}

fn with_args(signature: &str, args: Vec<u8>) -> Vec<u8> {
    [&selector(signature)[..], &args].concat()
}

fn compute_call(book: &[Position]) -> Vec<u8> {
    with_args(
        &format!("computeMargin({POSITIONS},{MARKETS})"),
        (book.to_vec(), markets()).abi_encode_params(),
    )
}

#[test]
fn contract_is_one_program_at_one_address() {
    let Some(chain) = chain() else { return };
    let code = chain.code(CONTRACT, BlockId::Latest).expect("code");
    if is_root(&code) {
        // Above 24 KiB: a root naming at most 4 fragments, which are no programs of their own.
        let root = StylusRoot::parse(&code).expect("root");
        assert!((2..=4).contains(&root.fragments.len()), "{root:?}");
        for fragment in &root.fragments {
            let fragment_code = chain.code(*fragment, BlockId::Latest).expect("code");
            assert!(is_fragment(&fragment_code), "{fragment}");
            let (ok, _) = call(
                &chain,
                BOB,
                *fragment,
                with_args("creditFloor()", Vec::new()),
            );
            assert!(!ok, "a fragment answered a call");
        }
    } else {
        assert!(is_classic(&code));
    }
    // Governance and the margin views are served at the same address.
    let (ok, _) = call(
        &chain,
        BOB,
        CONTRACT,
        with_args("creditFloor()", Vec::new()),
    );
    assert!(ok);
    let (ok, _) = call(&chain, BOB, CONTRACT, compute_call(&[perp(BTC, 1_000)]));
    assert!(ok);
}

#[test]
fn margin_views_on_chain_equal_the_native_engine() {
    let Some(chain) = chain() else { return };
    let now = chain.latest().timestamp;
    let mm = market_maker_book(now);
    let books = [
        vec![option(now, BTC, 2, 90_000, 30, -1_000)],
        mm[..8].to_vec(),
        mm.clone(),
        (0..32)
            .map(|i| perp(if i < 16 { BTC } else { ETH }, 1_000 + i))
            .collect(),
    ];
    for book in &books {
        let (ok, out) = call(&chain, BOB, CONTRACT, compute_call(book));
        assert!(ok, "computeMargin reverted: {out}");
        let on_chain = <MarginResult as SolType>::abi_decode(&out).expect("decodes");
        assert_eq!(on_chain, margin(now, book));

        let (ok, out) = call(
            &chain,
            BOB,
            CONTRACT,
            with_args(
                &format!("portfolioGreeks({POSITIONS},{MARKETS})"),
                (book.clone(), markets()).abi_encode_params(),
            ),
        );
        assert!(ok, "portfolioGreeks reverted: {out}");
        let greeks = <Vec<UnderlyingGreeks> as SolValue>::abi_decode(&out).expect("decodes");
        assert_eq!(
            greeks,
            engine::portfolio_greeks(book, &markets(), &config(now)).unwrap()
        );
    }

    // A dry run with the stored parameters proposed again equals computeMargin; a tighter imFactor raises IM.
    let defaults = <RiskParams as SolType>::abi_decode(
        &call(
            &chain,
            BOB,
            CONTRACT,
            with_args("riskParams(uint32)", (BTC,).abi_encode_params()),
        )
        .1,
    )
    .expect("decodes");
    let dry_run = |params: RiskParams| {
        let proposed = vec![ProposedParams {
            underlying: BTC,
            params,
        }];
        let (ok, out) = call(
            &chain,
            BOB,
            CONTRACT,
            with_args(
                &format!("dryRunMargin({POSITIONS},{MARKETS},(uint32,{PARAMS})[])"),
                (mm.clone(), markets(), proposed).abi_encode_params(),
            ),
        );
        assert!(ok, "dryRunMargin reverted: {out}");
        <MarginResult as SolType>::abi_decode(&out).expect("decodes")
    };
    assert_eq!(dry_run(defaults.clone()), margin(now, &mm));
    let mut tighter = defaults;
    tighter.imFactor += U256::from(WAD / 2);
    assert!(dry_run(tighter).initialMargin > margin(now, &mm).initialMargin);
}

#[test]
fn margin_views_on_chain_return_the_native_errors() {
    let Some(chain) = chain() else { return };
    let now = chain.latest().timestamp;
    // 65 positions: above the hard cap of 64.
    let book: Vec<Position> = (0..65).map(|_| perp(BTC, 1_000)).collect();
    let (ok, out) = call(&chain, BOB, CONTRACT, compute_call(&book));
    assert!(!ok);
    let native = engine::compute_margin(
        &book,
        &markets(),
        &config(now),
        &mut |_| None,
        &mut |_, _| ballast_risk_math::Wad::ZERO,
    )
    .unwrap_err();
    assert_eq!(out.to_vec(), Vec::<u8>::from(native));

    // No market data for ETH.
    let book = vec![perp(ETH, 1_000)];
    let btc_only: Vec<MarketData> = markets()[..1].to_vec();
    let (ok, out) = call(
        &chain,
        BOB,
        CONTRACT,
        with_args(
            &format!("computeMargin({POSITIONS},{MARKETS})"),
            (book.clone(), btc_only.clone()).abi_encode_params(),
        ),
    );
    assert!(!ok);
    let native = engine::compute_margin(
        &book,
        &btc_only,
        &config(now),
        &mut |_| Some(Default::default()),
        &mut |_, _| ballast_risk_math::Wad::ZERO,
    )
    .unwrap_err();
    assert_eq!(out.to_vec(), Vec::<u8>::from(native));
}

#[test]
fn contract_rejects_unknown_selectors_and_keeps_governance_to_its_roles() {
    let Some(chain) = chain() else { return };
    let (ok, out) = call(&chain, BOB, CONTRACT, vec![0xde, 0xad, 0xbe, 0xef, 0, 1]);
    assert!(!ok);
    assert_eq!(
        out.to_vec(),
        Vec::<u8>::from(unknown_selector(&[0xde, 0xad, 0xbe, 0xef]))
    );
    // Arguments that are not a strict ABI encoding (a uint32 with dirty high bytes): stylus-sdk's router reverts
    // without data.
    let mut args = (vec![perp(BTC, 1_000)], markets()).abi_encode_params();
    args[3 * 32] = 1;
    let (ok, out) = call(
        &chain,
        BOB,
        CONTRACT,
        with_args(&format!("computeMargin({POSITIONS},{MARKETS})"), args),
    );
    assert!(!ok);
    assert!(out.is_empty());
    // The split's `calculator()` is gone.
    let (ok, out) = call(&chain, BOB, CONTRACT, with_args("calculator()", Vec::new()));
    assert!(!ok);
    assert_eq!(
        out.to_vec(),
        Vec::<u8>::from(unknown_selector(&selector("calculator()")))
    );

    // Bob is not the risk admin.
    let (ok, out) = call(
        &chain,
        BOB,
        CONTRACT,
        with_args(
            "setSpreadCredit(uint32,uint32,uint256)",
            <(Uint<32>, Uint<32>, Uint<256>)>::abi_encode_params(&(BTC, ETH, U256::ZERO)),
        ),
    );
    assert!(!ok);
    assert_eq!(
        out.to_vec(),
        Vec::<u8>::from(Error::UnauthorizedRiskAdmin(
            PortfolioNettingUnauthorizedRiskAdmin { account: BOB }
        ))
    );
}
