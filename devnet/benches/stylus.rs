//! Benchmark (not a test): Stylus call throughput and the ink/gas of reference workloads.
//!
//! Run with `cargo bench -p ballast-devnet --bench stylus`. Prints one line per measurement.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use alloy_primitives::{Address, U256};
use ballast_devnet::{BlockId, Chain, TxRequest};
use common::*;

fn rate(label: &str, iterations: u32, mut f: impl FnMut()) {
    // Warm up (compiles and caches the module, warms the allocator).
    for _ in 0..iterations / 10 {
        f();
    }
    let start = Instant::now();
    for _ in 0..iterations {
        f();
    }
    let elapsed = start.elapsed();
    println!(
        "{label}: {iterations} in {:.3} s = {:.0} /s ({:.1} µs each)",
        elapsed.as_secs_f64(),
        f64::from(iterations) / elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e6 / f64::from(iterations)
    );
}

fn workload(chain: &mut Chain, program: Address, label: &str, input: Vec<u8>) {
    let outcome = send(chain, program, input);
    assert!(outcome.status.is_success(), "{label}: {:?}", outcome.status);
    let ink = chain.stylus_ink_used(outcome.tx_hash).unwrap();
    println!(
        "workload {label}: gas used {} (tx), stylus ink {ink} (= {} gas inside wasm)",
        outcome.gas_used,
        ink / 10_000
    );
}

fn main() {
    let mut chain = chain();
    let program = deploy_stylus(&mut chain, &probe_code());
    let evm = deploy(&mut chain, &EVM_STORE);

    let echo = TxRequest {
        from: ALICE,
        to: Some(program),
        input: vec![1u8, 2, 3].into(),
        ..Default::default()
    };
    rate("eth_call stylus echo", 20_000, || {
        let outcome = chain.call(&echo, None, BlockId::Latest).unwrap();
        assert!(outcome.status.is_success());
    });
    let evm_call = TxRequest {
        from: ALICE,
        to: Some(evm),
        input: word(1).to_vec().into(),
        ..Default::default()
    };
    rate("eth_call evm store (reference)", 20_000, || {
        let outcome = chain.call(&evm_call, None, BlockId::Latest).unwrap();
        assert!(outcome.status.is_success());
    });
    let store = TxRequest {
        from: ALICE,
        to: Some(program),
        input: cat(&[&[2u8], &word(1), &word(2)]).into(),
        ..Default::default()
    };
    rate(
        "mined tx stylus storage write (one block each)",
        5_000,
        || {
            let outcome = chain.send_transaction(store.clone()).unwrap();
            assert!(outcome.status.is_success());
        },
    );

    let mut chain = common::chain();
    let program = deploy_stylus(&mut chain, &probe_code());
    workload(&mut chain, program, "echo 3 bytes", vec![1u8, 2, 3]);
    workload(
        &mut chain,
        program,
        "loop 10k iterations",
        cat(&[&[18u8], &10_000u32.to_le_bytes()]),
    );
    workload(
        &mut chain,
        program,
        "keccak 1 KiB",
        cat(&[&[11u8], &[7u8; 1024]]),
    );
    workload(
        &mut chain,
        program,
        "store new slot",
        cat(&[&[2u8], &word(5), &word(6)]),
    );
    workload(
        &mut chain,
        program,
        "load warm-in-cache slot",
        cat(&[&[3u8], &word(5)]),
    );
    let evm = deploy(&mut chain, &EVM_STORE);
    workload(
        &mut chain,
        program,
        "call evm store",
        cat(&[&[8u8], evm.as_slice(), &word(0), &word(9)]),
    );
    let _ = U256::ZERO;
}
