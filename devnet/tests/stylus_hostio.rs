//! Conformance tests of the Stylus host: activation, every hostio through the probe fixture,
//! nested Stylus→EVM→Stylus calls, storage-cache rollback, logs, reentrancy and ink exhaustion.

mod common;

use alloy_primitives::{keccak256, Address, Bytes, B256, U256};
use alloy_sol_types::{SolCall, SolError, SolEvent};
use ballast_devnet::{
    arbwasm::ArbWasm, AccountOverride, BlockId, ExecStatus, StateOverride, TxRequest,
};
use common::*;

fn probe(chain: &mut ballast_devnet::Chain) -> Address {
    deploy_stylus(chain, &probe_code())
}

fn u32_le(bytes: &[u8]) -> u32 {
    u32::from_le_bytes(bytes[..4].try_into().unwrap())
}

fn u64_le(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes[..8].try_into().unwrap())
}

// ------------------------------------------------------------------ activation

#[test]
fn unactivated_program_halts_and_burns_all_gas() {
    let mut chain = chain();
    let program = deploy(&mut chain, &probe_code());
    let outcome = chain
        .send_transaction(TxRequest {
            from: ALICE,
            to: Some(program),
            input: vec![1u8, 2].into(),
            gas: Some(200_000),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        outcome.status,
        ExecStatus::Halt("program not activated".into())
    );
    assert_eq!(outcome.gas_used, 200_000);
    assert!(outcome.output.is_empty());
}

#[test]
fn code_hash_version_reverts_until_activation_then_reports_three() {
    let mut chain = chain();
    let program = deploy(&mut chain, &probe_code());
    let hash = keccak256(chain.code(program, BlockId::Latest).unwrap());
    let query = TxRequest {
        from: BOB,
        to: Some(ARBWASM),
        input: ArbWasm::codehashVersionCall { codehash: hash }
            .abi_encode()
            .into(),
        ..Default::default()
    };
    let before = chain.call(&query, None, BlockId::Latest).unwrap();
    assert_eq!(before.status, ExecStatus::Revert);
    assert_eq!(
        before.output.as_ref(),
        ArbWasm::ProgramNotActivated::SELECTOR.as_slice()
    );

    let alice_before = chain.balance(ALICE, BlockId::Latest).unwrap();
    let outcome = activate(&mut chain, program);
    assert!(outcome.status.is_success(), "{:?}", outcome.status);
    let ret = ArbWasm::activateProgramCall::abi_decode_returns(&outcome.output).unwrap();
    assert_eq!(ret.version, 3);
    assert!(ret.dataFee > U256::ZERO);
    // Only the fee and the gas leave the sender: the rest of the 1 ether is refunded.
    let gas_cost = U256::from(outcome.gas_used) * U256::from(outcome.effective_gas_price);
    assert_eq!(
        chain.balance(ALICE, BlockId::Latest).unwrap(),
        alice_before - ret.dataFee - gas_cost
    );
    assert!(
        outcome.gas_used > 1_659_168,
        "activation gas {}",
        outcome.gas_used
    );
    let event = &outcome.logs[0];
    assert_eq!(event.address, ARBWASM);
    assert_eq!(
        event.topics,
        vec![ArbWasm::ProgramActivated::SIGNATURE_HASH, hash]
    );

    let after = chain.call(&query, None, BlockId::Latest).unwrap();
    assert_eq!(
        ArbWasm::codehashVersionCall::abi_decode_returns(&after.output).unwrap(),
        3
    );
    let again = activate(&mut chain, program);
    assert_eq!(again.status, ExecStatus::Revert);
    assert_eq!(
        again.output.as_ref(),
        ArbWasm::ProgramUpToDate::SELECTOR.as_slice()
    );
}

#[test]
fn activation_without_enough_value_reverts_with_the_fee() {
    let mut chain = chain();
    let program = deploy(&mut chain, &probe_code());
    let input = ArbWasm::activateProgramCall { program }.abi_encode();
    let outcome = send_value(&mut chain, ARBWASM, U256::from(1), input);
    assert_eq!(outcome.status, ExecStatus::Revert);
    let error = ArbWasm::ProgramInsufficientValue::abi_decode(&outcome.output).unwrap();
    assert_eq!(error.have, U256::from(1));
    assert!(error.want > U256::from(1));
}

#[test]
fn activation_of_evm_code_reverts_not_wasm() {
    let mut chain = chain();
    let evm = deploy(&mut chain, &EVM_STORE);
    let outcome = activate(&mut chain, evm);
    assert_eq!(
        outcome.output.as_ref(),
        ArbWasm::ProgramNotWasm::SELECTOR.as_slice()
    );
}

#[test]
fn activation_of_invalid_wasm_burns_all_gas_with_reason() {
    let mut chain = chain();
    // A module with a start function is rejected at activation.
    let wasm = wat::parse_str(
        r#"(module (memory (export "memory") 1 1) (func $s) (start $s)
            (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#,
    )
    .unwrap();
    let program = deploy(&mut chain, &stylus_code(&wasm));
    let input = ArbWasm::activateProgramCall { program }.abi_encode();
    let outcome = chain
        .send_transaction(TxRequest {
            from: ALICE,
            to: Some(ARBWASM),
            value: ether(1),
            input: input.into(),
            gas: Some(3_000_000),
            ..Default::default()
        })
        .unwrap();
    match &outcome.status {
        ExecStatus::Halt(reason) => {
            assert!(reason.contains("start functions not allowed"), "{reason}")
        }
        other => panic!("expected a halt, got {other:?}"),
    }
    assert_eq!(outcome.gas_used, 3_000_000);
}

#[test]
fn cargo_stylus_check_flow_works_with_a_code_override() {
    let chain = chain();
    let target = Address::repeat_byte(0x42);
    let sender = Address::repeat_byte(0x43);
    let mut overrides = StateOverride::new();
    overrides.insert(
        sender,
        AccountOverride {
            balance: Some(U256::MAX),
            ..Default::default()
        },
    );
    overrides.insert(
        target,
        AccountOverride {
            code: Some(probe_code()),
            ..Default::default()
        },
    );
    let request = TxRequest {
        from: sender,
        to: Some(ARBWASM),
        value: ether(1),
        input: ArbWasm::activateProgramCall { program: target }
            .abi_encode()
            .into(),
        ..Default::default()
    };
    let outcome = chain
        .call(&request, Some(&overrides), BlockId::Latest)
        .unwrap();
    assert!(outcome.status.is_success(), "{:?}", outcome.status);
    let ret = ArbWasm::activateProgramCall::abi_decode_returns(&outcome.output).unwrap();
    assert_eq!(ret.version, 3);
    // Nothing persisted.
    assert!(chain.code(target, BlockId::Latest).unwrap().is_empty());
}

#[test]
fn parameter_getters_report_nitro_defaults() {
    let chain = chain();
    let view = |input: Vec<u8>| {
        let request = TxRequest {
            from: BOB,
            to: Some(ARBWASM),
            input: input.into(),
            ..Default::default()
        };
        chain.call(&request, None, BlockId::Latest).unwrap().output
    };
    assert_eq!(
        ArbWasm::stylusVersionCall::abi_decode_returns(&view(
            ArbWasm::stylusVersionCall {}.abi_encode()
        ))
        .unwrap(),
        3
    );
    assert_eq!(
        ArbWasm::inkPriceCall::abi_decode_returns(&view(ArbWasm::inkPriceCall {}.abi_encode()))
            .unwrap(),
        10_000
    );
    assert_eq!(
        ArbWasm::pageLimitCall::abi_decode_returns(&view(ArbWasm::pageLimitCall {}.abi_encode()))
            .unwrap(),
        128
    );
    assert_eq!(
        ArbWasm::freePagesCall::abi_decode_returns(&view(ArbWasm::freePagesCall {}.abi_encode()))
            .unwrap(),
        2
    );
    let min =
        ArbWasm::minInitGasCall::abi_decode_returns(&view(ArbWasm::minInitGasCall {}.abi_encode()))
            .unwrap();
    assert_eq!((min.gas, min.cached), (69 * 128, 11 * 32));
}

// ------------------------------------------------------------------ basic hostios

#[test]
fn echo_returns_calldata_and_charges_gas() {
    let mut chain = chain();
    let program = probe(&mut chain);
    let input = cat(&[&[1u8], b"hello stylus"]);
    let outcome = send(&mut chain, program, input.clone());
    assert!(outcome.status.is_success(), "{:?}", outcome.status);
    assert_eq!(outcome.output.as_ref(), input.as_slice());
    assert!(chain.stylus_ink_used(outcome.tx_hash).unwrap() > 0);
    // 21 000 intrinsic + calldata + entry (8832 init + 352 cached) + ink.
    assert!(
        outcome.gas_used > 21_000 + 9_184,
        "gas {}",
        outcome.gas_used
    );
}

#[test]
fn storage_flush_persists_and_load_reads_back() {
    let mut chain = chain();
    let program = probe(&mut chain);
    let (key, value) = (word(7), word(0xbeef));
    let stored = send(&mut chain, program, cat(&[&[2u8], &key, &value]));
    assert!(stored.status.is_success());
    assert_eq!(
        chain
            .storage(program, B256::from(key), BlockId::Latest)
            .unwrap(),
        B256::from(value)
    );
    let loaded = send(&mut chain, program, cat(&[&[3u8], &key]));
    assert_eq!(loaded.output.as_ref(), &value);
    // A cold SSTORE of a new slot costs at least 22 100 gas.
    assert!(stored.gas_used > 21_000 + 22_100, "gas {}", stored.gas_used);
}

#[test]
fn cached_storage_without_flush_is_discarded() {
    let mut chain = chain();
    let program = probe(&mut chain);
    let outcome = send(&mut chain, program, cat(&[&[4u8], &word(1), &word(2)]));
    assert!(outcome.status.is_success());
    assert_eq!(
        chain
            .storage(program, B256::from(word(1)), BlockId::Latest)
            .unwrap(),
        B256::ZERO
    );
}

#[test]
fn revert_rolls_back_flushed_storage_and_returns_revert_data() {
    let mut chain = chain();
    let program = probe(&mut chain);
    let outcome = send(&mut chain, program, cat(&[&[5u8], &word(3), &word(4)]));
    assert_eq!(outcome.status, ExecStatus::Revert);
    assert_eq!(outcome.output.as_ref(), &word(3));
    assert_eq!(
        chain
            .storage(program, B256::from(word(3)), BlockId::Latest)
            .unwrap(),
        B256::ZERO
    );
}

#[test]
fn flush_with_clear_then_load_reads_state() {
    let mut chain = chain();
    let program = probe(&mut chain);
    let outcome = send(&mut chain, program, cat(&[&[25u8], &word(9), &word(10)]));
    assert_eq!(outcome.output.as_ref(), &word(10));
}

#[test]
fn emit_log_records_topics_and_data() {
    let mut chain = chain();
    let program = probe(&mut chain);
    let topic = keccak256("Probe(uint256)");
    let outcome = send(
        &mut chain,
        program,
        cat(&[&[6u8, 1], topic.as_slice(), b"payload"]),
    );
    assert!(outcome.status.is_success(), "{:?}", outcome.status);
    assert_eq!(outcome.logs.len(), 1);
    assert_eq!(outcome.logs[0].address, program);
    assert_eq!(outcome.logs[0].topics, vec![topic]);
    assert_eq!(outcome.logs[0].data.as_ref(), b"payload");
    let bad = send(&mut chain, program, cat(&[&[6u8, 5], &[0u8; 200]]));
    assert_eq!(bad.status, ExecStatus::Revert);
    assert!(bad.output.is_empty(), "failure reverts with empty data");
}

#[test]
fn context_hostios_report_block_tx_and_msg_fields() {
    let mut chain = chain();
    let program = probe(&mut chain);
    let outcome = send_value(&mut chain, program, U256::from(12_345), vec![7u8]);
    assert!(outcome.status.is_success(), "{:?}", outcome.status);
    let out = outcome.output.as_ref();
    assert_eq!(&out[0..20], ALICE.as_slice());
    assert_eq!(&out[20..40], program.as_slice());
    assert_eq!(&out[40..60], ALICE.as_slice());
    assert_eq!(U256::from_be_slice(&out[60..92]), U256::from(12_345));
    assert_eq!(
        U256::from_be_slice(&out[92..124]),
        U256::from(100_000_000u64)
    );
    assert_eq!(&out[124..144], Address::ZERO.as_slice());
    assert_eq!(
        U256::from_be_slice(&out[144..176]),
        U256::from(100_000_000u64)
    );
    assert_eq!(u64_le(&out[176..]), 412_346);
    assert_eq!(u64_le(&out[184..]), outcome.block_number);
    assert_eq!(u64_le(&out[192..]), chain.latest().timestamp);
    assert_eq!(u64_le(&out[200..]), 32_000_000);
    assert_eq!(u32_le(&out[208..]), 10_000);
    assert_eq!(u32_le(&out[212..]), 0);
    assert_eq!(
        chain.balance(program, BlockId::Latest).unwrap(),
        U256::from(12_345)
    );
}

#[test]
fn keccak_and_math_hostios_compute_u256_results() {
    let mut chain = chain();
    let program = probe(&mut chain);
    let hashed = send(&mut chain, program, cat(&[&[11u8], b"abc"]));
    assert_eq!(hashed.output.as_ref(), keccak256(b"abc").as_slice());
    let math = |chain: &mut ballast_devnet::Chain, op: u8, a: U256, b: U256, m: U256| {
        let a = a.to_be_bytes::<32>();
        let b = b.to_be_bytes::<32>();
        let m = m.to_be_bytes::<32>();
        let out = send(chain, program, cat(&[&[12u8, op], &a, &b, &m])).output;
        U256::from_be_slice(&out)
    };
    let (x, y, m) = (
        U256::from(1_000_003u64),
        U256::from(97u64),
        U256::from(1_000u64),
    );
    assert_eq!(math(&mut chain, 0, x, y, m), x / y);
    assert_eq!(math(&mut chain, 0, x, U256::ZERO, m), U256::ZERO);
    assert_eq!(math(&mut chain, 1, x, y, m), x % y);
    assert_eq!(
        math(&mut chain, 2, U256::from(3), U256::from(5), m),
        U256::from(243)
    );
    assert_eq!(
        math(&mut chain, 2, U256::from(2), U256::from(256), m),
        U256::ZERO
    );
    assert_eq!(
        math(&mut chain, 3, U256::MAX, U256::from(2), U256::from(10)),
        U256::MAX.add_mod(U256::from(2), U256::from(10))
    );
    assert_eq!(math(&mut chain, 4, x, y, m), (x * y) % m);
    assert_eq!(math(&mut chain, 4, x, y, U256::ZERO), U256::ZERO);
}

#[test]
fn transient_storage_is_visible_within_the_transaction_only() {
    let mut chain = chain();
    let program = probe(&mut chain);
    let outcome = send(&mut chain, program, cat(&[&[14u8], &word(1), &word(99)]));
    assert_eq!(outcome.output.as_ref(), &word(99));
    let load = send(&mut chain, program, cat(&[&[3u8], &word(1)]));
    assert_eq!(
        load.output.as_ref(),
        &word(0),
        "tstore must not touch persistent storage"
    );
}

#[test]
fn account_hostios_report_balance_codehash_and_code() {
    let mut chain = chain();
    let program = probe(&mut chain);
    let evm = deploy(&mut chain, &EVM_STORE);
    let out = send(&mut chain, program, cat(&[&[15u8], evm.as_slice()])).output;
    assert_eq!(U256::from_be_slice(&out[0..32]), U256::ZERO);
    assert_eq!(&out[32..64], keccak256(EVM_STORE).as_slice());
    assert_eq!(u32_le(&out[64..]), EVM_STORE.len() as u32);
    assert_eq!(&out[68..72], &EVM_STORE[..4]);
    assert_eq!(u32_le(&out[72..]), 4);
    let alice = send(&mut chain, program, cat(&[&[15u8], BOB.as_slice()])).output;
    assert_eq!(U256::from_be_slice(&alice[0..32]), ether(1_000));
    assert_eq!(
        &alice[32..64],
        keccak256([]).as_slice(),
        "existing account without code"
    );
    assert_eq!(u32_le(&alice[64..]), 0);
}

// ------------------------------------------------------------------ calls and creates

#[test]
fn stylus_calls_evm_contract_with_value_and_reads_return_data() {
    let mut chain = chain();
    let program = probe(&mut chain);
    let evm = deploy(&mut chain, &EVM_STORE);
    send_value(&mut chain, program, U256::from(1_000), vec![1u8]);
    let input = cat(&[&[8u8], evm.as_slice(), &word(250), &word(5)]);
    let outcome = send(&mut chain, program, input);
    assert!(outcome.status.is_success(), "{:?}", outcome.status);
    assert_eq!(outcome.output[0], 0, "call status");
    assert_eq!(&outcome.output[1..], &word(0));
    assert_eq!(
        chain.storage(evm, B256::ZERO, BlockId::Latest).unwrap(),
        B256::from(word(5))
    );
    assert_eq!(
        chain.balance(evm, BlockId::Latest).unwrap(),
        U256::from(250)
    );
}

#[test]
fn nested_stylus_evm_stylus_call_returns_through_both_frames() {
    let mut chain = chain();
    let outer = probe(&mut chain);
    let inner = deploy(&mut chain, &probe_code()); // same code hash: already active
    let forwarder = deploy(&mut chain, &FORWARDER);
    let echo = cat(&[&[1u8], b"deep"]);
    let forwarded = cat(&[inner.as_slice(), &echo]);
    let input = cat(&[&[8u8], forwarder.as_slice(), &word(0), &forwarded]);
    let outcome = send(&mut chain, outer, input);
    assert!(outcome.status.is_success(), "{:?}", outcome.status);
    assert_eq!(outcome.output[0], 0);
    assert_eq!(&outcome.output[1..], echo.as_slice());
}

#[test]
fn failed_subcall_reports_status_two_and_revert_data() {
    let mut chain = chain();
    let outer = probe(&mut chain);
    let inner = deploy(&mut chain, &probe_code());
    let input = cat(&[&[8u8], inner.as_slice(), &word(0), &[21u8, 1], b"nope"]);
    let outcome = send(&mut chain, outer, input);
    assert!(outcome.status.is_success());
    assert_eq!(outcome.output[0], 2);
    assert_eq!(&outcome.output[1..], b"nope");
}

#[test]
fn static_call_cannot_flush_storage() {
    let mut chain = chain();
    let outer = probe(&mut chain);
    let inner = deploy(&mut chain, &probe_code());
    let input = cat(&[&[9u8], inner.as_slice(), &[2u8], &word(1), &word(1)]);
    let outcome = send(&mut chain, outer, input);
    assert_eq!(outcome.output[0], 2, "write protection fails the callee");
    assert_eq!(outcome.output.len(), 1, "failure returns no data");
    let read = cat(&[&[9u8], inner.as_slice(), &[1u8, 0xaa]]);
    let ok = send(&mut chain, outer, read);
    assert_eq!(ok.output.as_ref(), &[0u8, 1, 0xaa]);
}

#[test]
fn delegate_call_runs_callee_code_on_caller_storage() {
    let mut chain = chain();
    let outer = probe(&mut chain);
    let library = deploy(&mut chain, &EVM_STORE);
    let input = cat(&[&[10u8], library.as_slice(), &word(77)]);
    let outcome = send(&mut chain, outer, input);
    assert_eq!(outcome.output[0], 0);
    assert_eq!(
        chain.storage(outer, B256::ZERO, BlockId::Latest).unwrap(),
        B256::from(word(77))
    );
    assert_eq!(
        chain.storage(library, B256::ZERO, BlockId::Latest).unwrap(),
        B256::ZERO
    );
}

#[test]
fn calls_do_not_invalidate_the_storage_cache() {
    let mut chain = chain();
    let program = probe(&mut chain);
    let evm = deploy(&mut chain, &EVM_STORE);
    // Cache slot 0 = 5 without flushing, call out, then load slot 0: the cached value wins.
    let input = cat(&[&[23u8], &word(0), &word(5), evm.as_slice(), &word(1)]);
    let outcome = send(&mut chain, program, input);
    assert_eq!(outcome.output[0], 0);
    assert_eq!(&outcome.output[1..], &word(5));
    assert_eq!(
        chain.storage(program, B256::ZERO, BlockId::Latest).unwrap(),
        B256::ZERO,
        "never flushed"
    );
}

#[test]
fn reentrancy_flag_is_set_only_for_reentered_frames() {
    let mut chain = chain();
    let program = probe(&mut chain);
    let forwarder = deploy(&mut chain, &FORWARDER);
    let direct = send(&mut chain, program, vec![13u8]);
    assert_eq!(u32_le(&direct.output), 0);
    let reentered = cat(&[
        &[8u8],
        forwarder.as_slice(),
        &word(0),
        program.as_slice(),
        &[13u8],
    ]);
    let outcome = send(&mut chain, program, reentered);
    assert_eq!(outcome.output[0], 0);
    assert_eq!(u32_le(&outcome.output[1..]), 1);
}

#[test]
fn create1_deploys_evm_code_and_create2_deploys_stylus_code() {
    let mut chain = chain();
    let program = probe(&mut chain);
    let created = send(
        &mut chain,
        program,
        cat(&[
            &[16u8],
            &word(0),
            &ballast_devnet::deploy::init_code(&EVM_STORE),
        ]),
    );
    assert!(created.status.is_success(), "{:?}", created.status);
    let address = Address::from_slice(&created.output[0..20]);
    assert_ne!(address, Address::ZERO);
    assert_eq!(
        chain.code(address, BlockId::Latest).unwrap().as_ref(),
        &EVM_STORE
    );
    assert_eq!(address, program.create(1));

    let stylus_init = ballast_devnet::deploy::init_code(&probe_code());
    let salt = word(42);
    let created2 = send(
        &mut chain,
        program,
        cat(&[&[17u8], &salt, &word(0), &stylus_init]),
    );
    let address2 = Address::from_slice(&created2.output[0..20]);
    assert_eq!(
        address2,
        program.create2(B256::from(salt), keccak256(&stylus_init))
    );
    let echo = send(&mut chain, address2, cat(&[&[1u8], b"x"]));
    assert_eq!(
        echo.output.as_ref(),
        &[1u8, b'x'],
        "same code hash is already active"
    );
}

#[test]
fn create_with_reverting_init_code_reports_revert_length() {
    let mut chain = chain();
    let program = probe(&mut chain);
    // Init code: PUSH1 3 PUSH1 0 REVERT (reverts with 3 zero bytes).
    let init = [0x60, 0x03, 0x60, 0x00, 0xfd];
    let outcome = send(&mut chain, program, cat(&[&[16u8], &word(0), &init]));
    assert_eq!(&outcome.output[0..20], Address::ZERO.as_slice());
    assert_eq!(u32_le(&outcome.output[20..]), 3);
}

// ------------------------------------------------------------------ outcomes and metering

#[test]
fn out_of_ink_halts_and_burns_all_gas() {
    let mut chain = chain();
    let program = probe(&mut chain);
    let input = cat(&[&[18u8], &u32::MAX.to_le_bytes()]);
    let outcome = chain
        .send_transaction(TxRequest {
            from: ALICE,
            to: Some(program),
            input: input.into(),
            gas: Some(300_000),
            ..Default::default()
        })
        .unwrap();
    assert!(
        matches!(outcome.status, ExecStatus::Halt(_)),
        "{:?}",
        outcome.status
    );
    assert_eq!(outcome.gas_used, 300_000);
}

#[test]
fn loop_ink_grows_linearly_with_iterations() {
    let mut chain = chain();
    let program = probe(&mut chain);
    let run = |chain: &mut ballast_devnet::Chain, n: u32| {
        let outcome = send(chain, program, cat(&[&[18u8], &n.to_le_bytes()]));
        chain.stylus_ink_used(outcome.tx_hash).unwrap()
    };
    let (a, b, c) = (
        run(&mut chain, 100),
        run(&mut chain, 200),
        run(&mut chain, 300),
    );
    assert!(a < b && b < c);
    // Each iteration is two basic blocks: (local.get, i32.eqz, br_if) and (local.get, i32.const,
    // i32.sub, local.set, br), each with the 2450 header: 2450+75+170+765 + 2450+75+1+70+210+765.
    assert_eq!(b - a, 100 * 7_031);
    assert_eq!(c - b, b - a);
}

#[test]
fn panic_is_a_failure_that_keeps_remaining_gas() {
    let mut chain = chain();
    let program = probe(&mut chain);
    let outcome = chain
        .send_transaction(TxRequest {
            from: ALICE,
            to: Some(program),
            input: vec![20u8].into(),
            gas: Some(300_000),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(outcome.status, ExecStatus::Revert);
    assert!(outcome.output.is_empty());
    assert!(outcome.gas_used < 100_000, "gas {}", outcome.gas_used);
}

#[test]
fn exit_early_succeeds_or_reverts_with_the_written_result() {
    let mut chain = chain();
    let program = probe(&mut chain);
    let ok = send(&mut chain, program, cat(&[&[21u8, 0], b"done"]));
    assert!(ok.status.is_success());
    assert_eq!(ok.output.as_ref(), b"done");
    let reverted = send(&mut chain, program, cat(&[&[21u8, 3], b"why"]));
    assert_eq!(reverted.status, ExecStatus::Revert);
    assert_eq!(reverted.output.as_ref(), b"why");
}

#[test]
fn gas_and_ink_left_are_consistent_and_bounded_by_the_limit() {
    let mut chain = chain();
    let program = probe(&mut chain);
    let outcome = chain
        .send_transaction(TxRequest {
            from: ALICE,
            to: Some(program),
            input: vec![22u8].into(),
            gas: Some(500_000),
            ..Default::default()
        })
        .unwrap();
    let gas_left = u64_le(&outcome.output);
    let ink_left = u64_le(&outcome.output[8..]);
    assert!(gas_left < 500_000 - 21_000 - 9_184, "gas left {gas_left}");
    assert!(gas_left > 400_000);
    // evm_ink_left runs after evm_gas_left: one hostio (8400) plus a few blocks in between.
    assert!(ink_left < gas_left * 10_000 && ink_left > gas_left * 10_000 - 100_000);
}

#[test]
fn memory_grow_pays_and_returns_previous_size() {
    let mut chain = chain();
    let program = probe(&mut chain);
    let small = send(&mut chain, program, cat(&[&[19u8], &1u32.to_le_bytes()]));
    assert_eq!(u32_le(&small.output), 2);
    let big = send(&mut chain, program, cat(&[&[19u8], &40u32.to_le_bytes()]));
    assert_eq!(u32_le(&big.output), 2);
    // 40 pages beyond the 2 free ones cost at least 40 000 gas of linear page price.
    assert!(
        big.gas_used > small.gas_used + 39_000,
        "{} vs {}",
        big.gas_used,
        small.gas_used
    );
}

#[test]
fn unbounded_recursion_runs_out_of_stack_and_burns_all_gas() {
    let mut chain = chain();
    let program = probe(&mut chain);
    let outcome = chain
        .send_transaction(TxRequest {
            from: ALICE,
            to: Some(program),
            input: vec![24u8].into(),
            gas: Some(5_000_000),
            ..Default::default()
        })
        .unwrap();
    assert!(
        matches!(outcome.status, ExecStatus::Halt(_)),
        "{:?}",
        outcome.status
    );
    assert_eq!(outcome.gas_used, 5_000_000);
}

#[test]
fn evm_can_call_stylus_and_see_its_revert() {
    let mut chain = chain();
    let program = probe(&mut chain);
    let forwarder = deploy(&mut chain, &FORWARDER);
    let ok = send(&mut chain, forwarder, cat(&[program.as_slice(), &[1u8, 9]]));
    assert_eq!(ok.output.as_ref(), &[1u8, 9]);
    let reverted = send(
        &mut chain,
        forwarder,
        cat(&[program.as_slice(), &[21u8, 1, 7]]),
    );
    assert_eq!(reverted.status, ExecStatus::Revert);
    assert_eq!(reverted.output.as_ref(), &[7u8]);
}

#[test]
fn non_stylus_code_starting_with_ef_is_still_rejected() {
    let mut chain = chain();
    let outcome = chain
        .send_transaction(TxRequest {
            from: ALICE,
            input: ballast_devnet::deploy::init_code(&[0xEF, 0x01, 0x02]),
            ..Default::default()
        })
        .unwrap();
    assert!(
        matches!(outcome.status, ExecStatus::Halt(_)),
        "{:?}",
        outcome.status
    );
    let _ = Bytes::new();
}

#[test]
fn nested_callee_revert_discards_its_flushed_storage_but_not_the_caller() {
    let mut chain = chain();
    let outer = probe(&mut chain);
    let inner = deploy(&mut chain, &probe_code());
    let input = cat(&[
        &[8u8],
        inner.as_slice(),
        &word(0),
        &[5u8],
        &word(8),
        &word(9),
    ]);
    let outcome = send(&mut chain, outer, input);
    assert!(outcome.status.is_success());
    assert_eq!(outcome.output[0], 2);
    assert_eq!(&outcome.output[1..], &word(8), "revert data is the key");
    assert_eq!(
        chain
            .storage(inner, B256::from(word(8)), BlockId::Latest)
            .unwrap(),
        B256::ZERO
    );
}

#[test]
fn nested_out_of_ink_consumes_only_the_forwarded_gas() {
    let mut chain = chain();
    let outer = probe(&mut chain);
    let inner = deploy(&mut chain, &probe_code());
    let spin = cat(&[&[18u8], &u32::MAX.to_le_bytes()]);
    let input = cat(&[&[8u8], inner.as_slice(), &word(0), &spin]);
    let outcome = chain
        .send_transaction(TxRequest {
            from: ALICE,
            to: Some(outer),
            input: input.into(),
            gas: Some(1_000_000),
            ..Default::default()
        })
        .unwrap();
    assert!(outcome.status.is_success(), "{:?}", outcome.status);
    assert_eq!(
        outcome.output.as_ref(),
        &[2u8],
        "out of ink: status 2 and no return data"
    );
    // The caller keeps the 1/64 it withheld.
    assert!(
        outcome.gas_used < 1_000_000 && outcome.gas_used > 950_000,
        "gas {}",
        outcome.gas_used
    );
}

#[test]
fn stylus_deployer_deploys_activates_and_initialises_in_one_transaction() {
    use ballast_devnet::deploy::{init_code, STYLUS_DEPLOYER_ADDRESS};
    alloy_sol_types::sol! {
        function deploy(bytes bytecode, bytes initData, uint256 initValue, bytes32 salt) payable returns (address);
        event ContractDeployed(address deployedContract);
    }
    let mut chain = chain();
    // initData: probe command 2 stores slot 1 = 2 during initialisation.
    let init_data = cat(&[&[2u8], &word(1), &word(2)]);
    let call = deployCall {
        bytecode: init_code(&probe_code()),
        initData: init_data.into(),
        initValue: U256::ZERO,
        salt: B256::ZERO,
    };
    let outcome = send_value(
        &mut chain,
        STYLUS_DEPLOYER_ADDRESS,
        ether(1),
        call.abi_encode(),
    );
    assert!(
        outcome.status.is_success(),
        "{:?} {}",
        outcome.status,
        outcome.output
    );
    let deployed = deployCall::abi_decode_returns(&outcome.output).unwrap();
    let event = outcome
        .logs
        .iter()
        .find(|l| l.topics[0] == ContractDeployed::SIGNATURE_HASH)
        .unwrap();
    assert_eq!(Address::from_slice(&event.data[12..32]), deployed);
    assert!(
        outcome.logs.iter().any(|l| l.address == ARBWASM),
        "ProgramActivated emitted"
    );
    assert_eq!(
        chain
            .storage(deployed, B256::from(word(1)), BlockId::Latest)
            .unwrap(),
        B256::from(word(2))
    );
    // The second deployment of the same code needs no activation and no fee.
    let again = send_value(
        &mut chain,
        STYLUS_DEPLOYER_ADDRESS,
        U256::ZERO,
        call.abi_encode(),
    );
    assert!(
        again.status.is_success(),
        "{:?} {}",
        again.status,
        again.output
    );
    assert!(!again.logs.iter().any(|l| l.address == ARBWASM));
}
