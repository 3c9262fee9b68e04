//! Gas and ink of `computeMargin` on the project's local Stylus chain (`ballast-devnet`): installs the real
//! router `target/stylus/portfolio-netting.bin` and engine facet `portfolio-netting-engine.bin` (build them with
//! `bash scripts/build-wasm.sh portfolio-netting`), activates them, calls through the router, lists BTC and ETH with default parameters and measures 1-, 8- and 32-position portfolios.
//!
//! ```text
//! cargo run --release -p ballast-portfolio-netting --features gas-bench --example gas_bench
//! ```
//!
//! Each result is also checked against the native engine (`engine::compute_margin`), so the on-chain run
//! computes exactly what the tests and the capital-efficiency table use.
//!
//! Known limitation (2026-11-24): with the project's `-zstack-size=32768` every `computeMargin` traps (a
//! linear-memory stack overflow in the engine's per-underlying buffers: empty revert). Measured with the same
//! code linked with `-C link-arg=-zstack-size=262144`, it succeeds and matches the native engine:
//! 1 option 59,963 gas of computation (ink / 10,000), 8 options on 1 underlying 172,439, 8 options on 2
//! underlyings 211,200, 32 positions (30 options + 2 perps, 2 underlyings) 581,956, 32 perps 112,567;
//! `creditFloor()` baseline 2,382.

mod common;

use alloy_primitives::{address, hex, keccak256, Address, Bytes, U256};
use alloy_sol_types::{SolType, SolValue};
use ballast_devnet::{arbwasm::ArbWasm, deploy::init_code, BlockId, Chain, ChainConfig, TxRequest};
use ballast_portfolio_netting::{
    params,
    types::{MarginResult, MarketData, Position, RiskParams},
};
use ballast_risk_math::scenario::RiskParams as EngineParams;
use common::*;

const ALICE: Address = address!("00000000000000000000000000000000000a11ce");
/// Selector of `stylus_constructor()`.
const CONSTRUCTOR_SELECTOR: [u8; 4] = hex!("5585258d");

fn selector(signature: &str) -> [u8; 4] {
    keccak256(signature.as_bytes())[..4]
        .try_into()
        .expect("4 bytes")
}

fn send(
    chain: &mut Chain,
    to: Option<Address>,
    value: U256,
    input: Vec<u8>,
) -> ballast_devnet::TxOutcome {
    let outcome = chain
        .send_transaction(TxRequest {
            from: ALICE,
            to,
            value,
            input: input.into(),
            ..Default::default()
        })
        .expect("transaction");
    assert!(
        outcome.status.is_success(),
        "{:?} {}",
        outcome.status,
        outcome.output
    );
    outcome
}

/// Installs and activates the program `target/stylus/<program>.bin` at `at`.
fn install(chain: &mut Chain, at: Address, program: &str) {
    let path = format!(
        "{}/../../target/stylus/{program}.bin",
        env!("CARGO_MANIFEST_DIR")
    );
    let code = std::fs::read(&path).unwrap_or_else(|_| {
        panic!("{path}: run `bash scripts/build-wasm.sh portfolio-netting` first")
    });
    // Installed with `set_code` rather than a create transaction, so a module above the 24 KiB create limit
    // can still be measured; activation (ArbWasm) then instruments and prices it as on chain.
    chain.set_code(at, Bytes::from(code));
    let activate =
        alloy_sol_types::SolCall::abi_encode(&ArbWasm::activateProgramCall { program: at });
    send(
        chain,
        Some(ballast_devnet::arbwasm::ARBWASM_ADDRESS),
        U256::from(10u64).pow(U256::from(18)),
        activate,
    );
}

fn main() {
    let mut chain = Chain::new(ChainConfig {
        prefunded: vec![(ALICE, U256::from(10u64).pow(U256::from(21)))],
        ..Default::default()
    });
    let _ = init_code;
    // The router (the address integrators call) and the engine facet it DELEGATECALLs.
    let contract = address!("00000000000000000000000000000000000c0de1");
    let engine = address!("00000000000000000000000000000000000c0de2");
    install(&mut chain, engine, "portfolio-netting-engine");
    install(&mut chain, contract, "portfolio-netting");
    send(
        &mut chain,
        Some(contract),
        U256::ZERO,
        [
            &CONSTRUCTOR_SELECTOR[..],
            &(ALICE, ALICE, engine).abi_encode_params(),
        ]
        .concat(),
    );
    let defaults: RiskParams = params::to_abi(&params::engine_words(&EngineParams::default()));
    let set_params = selector(
        "setRiskParams(uint32,(uint256,uint256,uint256,uint32,uint32,uint256,uint256,uint256,uint256,uint256,uint256,\
         uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint32,uint256))",
    );
    for id in [BTC, ETH] {
        let args = <(alloy_sol_types::sol_data::Uint<32>, RiskParams)>::abi_encode_params(&(
            id,
            defaults.clone(),
        ));
        let out = send(
            &mut chain,
            Some(contract),
            U256::ZERO,
            [&set_params[..], &args].concat(),
        );
        eprintln!("setRiskParams gas: {}", out.gas_used);
    }
    let set_limits = selector("setLimits(uint256,uint256)");
    send(
        &mut chain,
        Some(contract),
        U256::ZERO,
        [
            &set_limits[..],
            &(U256::from(8), U256::from(64)).abi_encode_params(),
        ]
        .concat(),
    );
    let set_credit = selector("setSpreadCredit(uint32,uint32,uint256)");
    let credit = U256::from(SPREAD_CREDIT_BPS * WAD / 10_000);
    let args = <(
        alloy_sol_types::sol_data::Uint<32>,
        alloy_sol_types::sol_data::Uint<32>,
        alloy_sol_types::sol_data::Uint<256>,
    )>::abi_encode_params(&(BTC, ETH, credit));
    send(
        &mut chain,
        Some(contract),
        U256::ZERO,
        [&set_credit[..], &args].concat(),
    );

    let now = chain.latest().timestamp;
    let mm = market_maker_book(now);
    let btc_strip = option_strip(now, BTC, BTC_SPOT, 1_000);
    let books: Vec<(&str, Vec<Position>)> = vec![
        (
            "1 position (BTC 30d put)",
            vec![option(now, BTC, 2, 90_000, 30, -1_000)],
        ),
        (
            "8 positions (8 BTC options, 1 underlying)",
            btc_strip[..8].to_vec(),
        ),
        (
            "8 positions (4 BTC + 4 ETH options)",
            [&mm[..4], &mm[16..20]].concat(),
        ),
        (
            "32 positions (2 underlyings, 30 options + 2 perps)",
            mm.clone(),
        ),
        (
            "32 positions (32 perps/futures, 2 underlyings)",
            (0..32)
                .map(|i| perp(if i < 16 { BTC } else { ETH }, 1_000 + i))
                .collect(),
        ),
    ];
    let compute = selector(
        "computeMargin((uint32,uint8,uint64,uint256,int256)[],(uint32,uint256,uint256,int256)[])",
    );
    let floor = selector("creditFloor()");
    let base = chain
        .call(
            &TxRequest {
                from: ALICE,
                to: Some(contract),
                input: Bytes::from(floor.to_vec()),
                ..Default::default()
            },
            None,
            BlockId::Latest,
        )
        .expect("call");
    println!("| Portfolio | Distinct options | Scenarios/underlying | Gas used (tx) | Stylus ink | Ink / 10,000 (gas of computation) |");
    println!("|---|---:|---:|---:|---:|---:|");
    println!(
        "| `creditFloor()` (entry baseline) | 0 | 0 | {} | {} | {} |",
        base.gas_used,
        base.stylus_ink_used,
        base.stylus_ink_used / 10_000
    );
    for (name, book) in books {
        let market: Vec<MarketData> = markets();
        let input = [&compute[..], &(book.clone(), market).abi_encode_params()].concat();
        let outcome = chain
            .call(
                &TxRequest {
                    from: ALICE,
                    to: Some(contract),
                    input: input.into(),
                    ..Default::default()
                },
                None,
                BlockId::Latest,
            )
            .expect("call");
        assert!(
            outcome.status.is_success(),
            "{name}: {:?} {}",
            outcome.status,
            outcome.output
        );
        let on_chain = <MarginResult as SolType>::abi_decode(&outcome.output).expect("decodes");
        assert_eq!(
            on_chain,
            margin(now, &book),
            "{name}: on-chain result differs from the native engine"
        );
        let mut series: Vec<(u32, u8, u64, U256)> = book
            .iter()
            .filter(|p| p.kind != 0)
            .map(|p| (p.underlying, p.kind, p.expiry, p.strike))
            .collect();
        series.sort();
        series.dedup();
        let scenarios = on_chain
            .underlyings
            .first()
            .map_or(0, |u| u.scenarioPnl.len());
        println!(
            "| {name} | {} | {scenarios} | {} | {} | {} |",
            series.len(),
            outcome.gas_used,
            outcome.stylus_ink_used,
            outcome.stylus_ink_used / 10_000
        );
    }
}
