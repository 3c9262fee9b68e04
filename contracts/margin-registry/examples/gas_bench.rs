//! Gas of the MarginRegistry's main calls on the project's local Stylus chain (`ballast-devnet`), with the real
//! programs from `target/stylus/` (build them with `bash scripts/build-wasm.sh`) and the Solidity mocks of
//! `abi/mocks/`:
//!
//! ```text
//! cargo run --release -p ballast-margin-registry --example gas_bench
//! ```
//!
//! Two books are grown one position per `updatePositions` transaction: a linear one (an ETH perpetual, then
//! dated futures) and an option one (the perpetual, then calls and puts over four expiries). At 1, 8 and 32
//! positions it prints the gas of the transaction that added the last position and of `accountHealth`
//! (`eth_call`); it also prints a first and a second deposit, and a withdrawal at 0 and 32 positions. Gas is the
//! transaction's (or call's) gas used, the 21,000 intrinsic included.

#[path = "../tests/common/mod.rs"]
mod common;

use alloy_primitives::{address, Address, I256, U256};
use alloy_sol_types::{SolCall, SolValue};
use ballast_devnet::{Chain, ChainConfig};
use common::*;

const LINEAR: Address = address!("00000000000000000000000000000000000a1111");
const OPTIONS: Address = address!("00000000000000000000000000000000000a2222");
const USDC: u64 = 1_000_000;

/// Gas of an `eth_call` to the registry that must succeed.
fn view(chain: &Chain, input: Vec<u8>) -> u64 {
    let (ok, out, gas) = call_to(chain, ALICE, REGISTRY, input);
    assert!(ok, "{out}");
    gas
}

struct Deployment {
    chain: Chain,
    usdc: Address,
    linear: Vec<u32>,
    options: Vec<u32>,
}

fn deploy() -> Deployment {
    let code = artifact("margin-registry").expect("run `bash scripts/build-wasm.sh` first");
    let engine = artifact("portfolio-netting").expect("run `bash scripts/build-wasm.sh` first");
    let rich = U256::from(10u64).pow(U256::from(21));
    let mut chain = Chain::new(ChainConfig {
        prefunded: [ALICE, LINEAR, OPTIONS, VENUE].map(|a| (a, rich)).to_vec(),
        ..Default::default()
    });
    deploy_engine(&mut chain, engine);
    let (usdc, usd_feed, eth_feed) = deploy_mocks(&mut chain);
    install(&mut chain, REGISTRY, code);
    let args = (ALICE, usdc, ENGINE).abi_encode_params();
    send_ok(
        &mut chain,
        ALICE,
        REGISTRY,
        [&CONSTRUCTOR_SELECTOR[..], &args].concat(),
    );
    configure(&mut chain, usdc, usd_feed, eth_feed);
    let now = chain.latest().timestamp;
    let perp = register(&mut chain, 0, 0, 0);
    let mut linear = vec![perp];
    let mut options = vec![perp];
    for i in 1..32u64 {
        linear.push(register(&mut chain, 1, now + i * DAY, 0));
        // Calls and puts alternating, eight strikes around the money over four weekly expiries.
        let kind = 2 + (i % 2) as u8;
        let strike = 3_400 + 200 * u128::from((i - 1) / 2 % 8);
        options.push(register(
            &mut chain,
            kind,
            now + (7 + 7 * ((i - 1) / 16 * 2 + (i % 2))) * DAY,
            strike,
        ));
    }
    for account in [LINEAR, OPTIONS] {
        send_ok(
            &mut chain,
            account,
            REGISTRY,
            Mr::optInCall { venue: VENUE }.abi_encode(),
        );
        let amount = U256::from(2_000_000 * USDC);
        send_ok(
            &mut chain,
            ALICE,
            usdc,
            IMockErc20::mintCall {
                to: account,
                value: amount,
            }
            .abi_encode(),
        );
        send_ok(
            &mut chain,
            account,
            usdc,
            IMockErc20::approveCall {
                spender: REGISTRY,
                value: amount,
            }
            .abi_encode(),
        );
    }
    Deployment {
        chain,
        usdc,
        linear,
        options,
    }
}

fn main() {
    let Deployment {
        mut chain,
        usdc,
        linear,
        options,
    } = deploy();
    let deposit = |amount: u64| {
        Mr::depositCall {
            asset: usdc,
            amount: U256::from(amount * USDC),
        }
        .abi_encode()
    };
    let withdraw = |amount: u64, to: Address| {
        Mr::withdrawCall {
            asset: usdc,
            amount: U256::from(amount * USDC),
            to,
        }
        .abi_encode()
    };
    let first_deposit = send_ok(&mut chain, LINEAR, REGISTRY, deposit(500_000)).gas_used;
    let second_deposit = send_ok(&mut chain, LINEAR, REGISTRY, deposit(500_000)).gas_used;
    send_ok(&mut chain, OPTIONS, REGISTRY, deposit(1_000_000));
    let empty_withdrawal = send_ok(&mut chain, LINEAR, REGISTRY, withdraw(1_000, LINEAR)).gas_used;

    println!("| book | positions | updatePositions (adds the last position) | accountHealth (eth_call) |");
    println!("|---|---:|---:|---:|");
    let mut full_withdrawal = Vec::new();
    for (book, account, instruments) in
        [("linear", LINEAR, &linear), ("options", OPTIONS, &options)]
    {
        for (n, id) in instruments.iter().enumerate() {
            let size = if n % 2 == 0 { 100 } else { -60 };
            let price = if n == 0 || book == "linear" {
                4_000
            } else {
                150
            };
            let batch = Mr::updatePositionsCall {
                account,
                changes: vec![change(*id, size, price)],
                cashDelta: I256::ZERO,
            };
            let update = send_ok(&mut chain, VENUE, REGISTRY, batch.abi_encode()).gas_used;
            let held = n + 1;
            if [1, 8, 32].contains(&held) {
                let health = view(&chain, Mr::accountHealthCall { account }.abi_encode());
                println!("| {book} | {held} | {update} | {health} |");
            }
        }
        full_withdrawal.push((
            book,
            send_ok(&mut chain, account, REGISTRY, withdraw(1_000, account)).gas_used,
        ));
    }
    println!();
    println!("| call | gas |");
    println!("|---|---:|");
    println!("| deposit (first, USDC) | {first_deposit} |");
    println!("| deposit (second, USDC) | {second_deposit} |");
    println!("| withdraw (no positions) | {empty_withdrawal} |");
    for (book, gas) in full_withdrawal {
        println!("| withdraw (32 positions, {book}) | {gas} |");
    }
}
