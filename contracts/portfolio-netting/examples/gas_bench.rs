//! Gas and ink of `computeMargin` on the project's local Stylus chain (`ballast-devnet`, ArbOS 60 rules):
//! installs the real program `target/stylus/portfolio-netting.bin` (build it with
//! `bash scripts/build-wasm.sh portfolio-netting`; above 24 KiB it is installed as fragments and a root),
//! activates it, lists BTC and ETH with default parameters and measures 1-, 8- and 32-position portfolios.
//!
//! ```text
//! cargo run --release -p ballast-portfolio-netting --example gas_bench
//! ```
//!
//! Each result is also checked against the native engine (`engine::compute_margin`), so the on-chain run
//! computes exactly what the tests and the capital-efficiency table use.
//!
//! "Gas of computation" is the program's ink / 10,000 minus what its hostios charged as gas (cold storage
//! reads of the parameters, ...), which the devnet reports separately.
//!
//! Measured 2026-12-04 (one program, bulk memory): 1 option 8,643 gas of computation (+21,050 hostio gas; 82,673
//! for the whole call); 8 options on 1 underlying 21,857; 8 options on 2 underlyings 27,169 (+39,995); 32
//! positions (30 options + 2 perps, 2 underlyings) 71,275 (+39,995; 196,582 for the whole call); 32 perps
//! 22,581. The earlier contract + calculator split cost 224,736 for the 32-position book (84,513 of
//! computation), and 581,956 before the fast scenario pricer.

mod common;

use alloy_primitives::{Bytes, U256};
use alloy_sol_types::{SolType, SolValue};
use ballast_devnet::{BlockId, TxRequest};
use ballast_portfolio_netting::types::{MarginResult, MarketData, Position};
use common::{chain::*, *};

fn main() {
    let (chain, contract) = deployed_chain();
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
    println!("| Portfolio | Distinct options | Scenarios/underlying | Gas used (tx) | Stylus ink / 10,000 | of which storage, calls and other hostio gas | Gas of computation |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    println!(
        "| `creditFloor()` (entry baseline) | 0 | 0 | {} | {} | {} | {} |",
        base.gas_used,
        base.stylus_ink_used / 10_000,
        base.stylus_hostio_gas,
        base.stylus_ink_used / 10_000 - base.stylus_hostio_gas
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
            "| {name} | {} | {scenarios} | {} | {} | {} | {} |",
            series.len(),
            outcome.gas_used,
            outcome.stylus_ink_used / 10_000,
            outcome.stylus_hostio_gas,
            outcome.stylus_ink_used / 10_000 - outcome.stylus_hostio_gas
        );
    }
}
