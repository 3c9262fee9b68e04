//! ArbOS 60 programs on the devnet: fragmented programs (deployment, activation with its fragment
//! read gas, calls, nitro's errors and limits), the 256 KiB `MaxWasmSize`, bulk-memory metering,
//! features activation rejects, the ArbSys/ArbOwnerPublic answers and the recent-programs entry
//! discount. Programs are generated WAT (a large incompressible data segment makes a real multi-
//! fragment program) so the tests do not depend on the contracts.

mod common;

use alloy_primitives::{Address, Bytes, U256};
use alloy_sol_types::SolCall;
use ballast_devnet::{
    arbos::{ArbOwnerPublic, ArbSys, ARBSYS_ADDRESS, ARB_OWNER_PUBLIC_ADDRESS},
    arbwasm::ArbWasm,
    deploy::{fragment_address, root_code, split_program, SplitProgram, MAX_CODE_SIZE},
    stylus::{
        code::{classic_wasm, fragment_read_gas},
        pricing, program,
    },
    BlockId, Chain, ExecStatus, TxOutcome, TxRequest,
};
use common::{programs::*, *};

/// Gas ArbWasm's bookkeeping charges before the work (argument word, ArbOS state, `ActivationGas`,
/// Stylus parameters, program record), as nitro v3.10 does.
const READS: u64 = 3 + 800 + 800 + 100 + 800;
/// Gas of the bookkeeping after compiling (module hash, data pricer, record) and of paying and
/// reporting (fee account, `ProgramActivated` log, result words).
const WRITES_AND_FINISH: u64 = 20_000 + 5 * 800 + 2 * 20_000 + 20_000 + 800 + 375 + 750 + 1_024 + 6;

/// `wasm` with a custom section appended that makes it exactly `len` bytes long (activation ignores
/// custom sections other than `name`; data segments cannot pad that far, since their bytes weigh on
/// the cached init cost, which must fit in 16 bits).
fn padded(mut wasm: Vec<u8>, len: usize) -> Vec<u8> {
    let leb = |mut n: usize| {
        let mut out = Vec::new();
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                out.push(byte);
                return out;
            }
            out.push(byte | 0x80);
        }
    };
    // id, size, name length, name "pad", then the filler; the size's own length is found by trying.
    let room = len - wasm.len() - 1;
    let content = (1..=5)
        .map(|size_len| room - size_len)
        .find(|content| leb(*content).len() == room - content)
        .expect("a section size encoding fits");
    wasm.push(0);
    wasm.extend(leb(content));
    wasm.extend([3, b'p', b'a', b'd']);
    wasm.resize(len, 0);
    wasm
}

/// The fragments of `code`, which must be larger than one contract.
fn fragments_of(code: &[u8]) -> ballast_devnet::deploy::Fragments {
    match split_program(code) {
        SplitProgram::Fragmented(fragments) => fragments,
        SplitProgram::Single(_) => panic!("{} bytes should not fit one contract", code.len()),
    }
}

/// Gas of the transaction's calldata (EIP-2028: 4 per zero byte, 16 per other byte).
fn calldata_gas(input: &[u8]) -> u64 {
    input.iter().map(|b| if *b == 0 { 4 } else { 16 }).sum()
}

/// Calls `to` with `input` from Bob without committing.
fn view(chain: &Chain, to: Address, input: Vec<u8>) -> ballast_devnet::CallOutcome {
    let request = TxRequest {
        from: BOB,
        to: Some(to),
        input: input.into(),
        ..Default::default()
    };
    chain.call(&request, None, BlockId::Latest).unwrap()
}

/// Sends `activateProgram(program)` with a gas limit.
fn activate_with_gas(chain: &mut Chain, program: Address, gas: u64) -> TxOutcome {
    chain
        .send_transaction(TxRequest {
            from: ALICE,
            to: Some(ARBWASM),
            value: ether(1),
            input: ArbWasm::activateProgramCall { program }.abi_encode().into(),
            gas: Some(gas),
            ..Default::default()
        })
        .unwrap()
}

/// Intrinsic gas of an `activateProgram(program)` transaction plus the bookkeeping reads and fixed
/// charge every activation that gets as far as reading the code pays.
fn activation_floor(program: Address) -> u64 {
    let input = ArbWasm::activateProgramCall { program }.abi_encode();
    21_000 + calldata_gas(&input) + READS + pricing::ACTIVATION_FIXED_GAS
}

#[test]
fn fragmented_program_deploys_activates_and_runs_with_exact_fragment_read_gas() {
    // 80 KB of noise: four fragments, the most a root may name.
    let data = noise(80_000, 7);
    let wasm = data_program(&data);
    let code = stylus_code(&wasm);
    let split = fragments_of(&code);
    assert_eq!(split.codes.len(), 4);
    assert_eq!(split.decompressed_len as usize, wasm.len());

    // The transaction-based path: three fragment creates, the root create, the activation.
    let mut chain = chain();
    let deployed = chain.deploy_program(ALICE, &code).unwrap();
    assert_eq!(deployed.fragments.len(), 4);
    assert_eq!(deployed.creations.len(), 5);
    for (at, fragment) in deployed.fragments.iter().zip(&split.codes) {
        assert_eq!(&chain.code(*at, BlockId::Latest).unwrap(), fragment);
    }
    assert_eq!(
        chain.code(deployed.address, BlockId::Latest).unwrap(),
        root_code(0, wasm.len() as u32, &deployed.fragments)
    );
    let activation = &deployed.activation;
    assert!(activation.status.is_success(), "{:?}", activation.status);
    let ret = ArbWasm::activateProgramCall::abi_decode_returns(&activation.output).unwrap();
    assert_eq!(ret.version, pricing::STYLUS_VERSION);

    // Exact gas: bookkeeping, the fixed charge, each cold fragment read, nitro's activation terms.
    let reads: u64 = split
        .codes
        .iter()
        .map(|f| fragment_read_gas(true, f.len()))
        .sum();
    let terms =
        program::instrument(&wasm).unwrap().info.activation_gas - pricing::ACTIVATION_FIXED_GAS;
    assert_eq!(
        activation.gas_used,
        activation_floor(deployed.address) + reads + terms + WRITES_AND_FINISH
    );
    println!(
        "fragmented program: wasm {} B, code {} B, {} fragments, activation gas {} (fragment reads {reads})",
        wasm.len(),
        code.len(),
        split.codes.len(),
        activation.gas_used
    );

    // The root runs the program.
    let outcome = send(&mut chain, deployed.address, Vec::new());
    assert!(outcome.status.is_success(), "{:?}", outcome.status);
    assert_eq!(outcome.output.as_ref(), &data[data.len() - 32..]);
}

#[test]
fn root_activation_costs_the_classic_activation_plus_the_fragment_reads() {
    let wasm = data_program(&noise(50_000, 11));
    let code = stylus_code(&wasm);
    let program = Address::repeat_byte(0x42);

    // The same wasm as one classic contract, placed with a cheat (a create could not hold it).
    let mut classic = chain();
    classic.set_code(program, code.clone());
    let classic_gas = activate(&mut classic, program);
    assert!(classic_gas.status.is_success());

    let mut fragmented = chain();
    let outcome = fragmented
        .install_program(program, code.clone(), ALICE)
        .unwrap();
    assert!(outcome.status.is_success(), "{:?}", outcome.status);
    let reads: u64 = fragments_of(&code)
        .codes
        .iter()
        .map(|f| fragment_read_gas(true, f.len()))
        .sum();
    assert_eq!(outcome.gas_used, classic_gas.gas_used + reads);
    // Programs are looked up by the root's code hash.
    let hash = alloy_primitives::keccak256(fragmented.code(program, BlockId::Latest).unwrap());
    let version = view(
        &fragmented,
        ARBWASM,
        ArbWasm::codehashVersionCall { codehash: hash }.abi_encode(),
    );
    assert_eq!(
        ArbWasm::codehashVersionCall::abi_decode_returns(&version.output).unwrap(),
        pricing::STYLUS_VERSION
    );
}

#[test]
fn calling_a_fragment_burns_all_gas_and_activating_one_reverts() {
    let code = stylus_code(&data_program(&noise(40_000, 3)));
    let mut chain = chain();
    let deployed = chain.deploy_program(ALICE, &code).unwrap();
    let fragment = deployed.fragments[0];

    // A fragment is EVM code to the EVM: its first byte 0xEF is an invalid opcode.
    let call = chain
        .send_transaction(TxRequest {
            from: ALICE,
            to: Some(fragment),
            gas: Some(100_000),
            ..Default::default()
        })
        .unwrap();
    assert!(
        matches!(call.status, ExecStatus::Halt(_)),
        "{:?}",
        call.status
    );
    assert_eq!(call.gas_used, 100_000);

    // Nitro's plain error: empty revert data, only the bookkeeping and fixed charge spent.
    let activation = activate(&mut chain, fragment);
    assert_eq!(activation.status, ExecStatus::Revert);
    assert!(activation.output.is_empty());
    assert_eq!(activation.gas_used, activation_floor(fragment));
}

#[test]
fn a_root_over_the_fragment_limit_reverts_before_reading_them() {
    // About 120 KB of noise: five fragments, still far below 256 KiB decompressed.
    let wasm = data_program(&noise(120_000, 5));
    let code = stylus_code(&wasm);
    assert_eq!(fragments_of(&code).codes.len(), 5);
    let mut chain = chain();
    let program = Address::repeat_byte(0x55);
    let outcome = chain.install_program(program, code, ALICE).unwrap();
    assert_eq!(outcome.status, ExecStatus::Revert);
    assert!(outcome.output.is_empty());
    assert_eq!(outcome.gas_used, activation_floor(program));

    let max = view(
        &chain,
        ARB_OWNER_PUBLIC_ADDRESS,
        ArbOwnerPublic::getMaxStylusContractFragmentsCall {}.abi_encode(),
    );
    assert_eq!(
        ArbOwnerPublic::getMaxStylusContractFragmentsCall::abi_decode_returns(&max.output).unwrap(),
        4
    );
}

#[test]
fn a_root_must_declare_the_exact_decompressed_length() {
    let wasm = data_program(&noise(30_000, 9));
    let code = stylus_code(&wasm);
    let split = fragments_of(&code);
    let program = Address::repeat_byte(0x66);
    for declared in [wasm.len() as u32 + 1, wasm.len() as u32 - 1] {
        let mut chain = chain();
        let mut addresses = Vec::new();
        for (i, fragment) in split.codes.iter().enumerate() {
            let at = fragment_address(program, i as u8);
            chain.set_code(at, fragment.clone());
            addresses.push(at);
        }
        chain.set_code(program, root_code(0, declared, &addresses));
        let outcome = activate(&mut chain, program);
        assert_eq!(outcome.status, ExecStatus::Revert, "declared {declared}");
        assert!(outcome.output.is_empty());
        // The fragments were read (and charged) before the length could be checked.
        let reads: u64 = split
            .codes
            .iter()
            .map(|f| fragment_read_gas(true, f.len()))
            .sum();
        assert_eq!(outcome.gas_used, activation_floor(program) + reads);
    }
}

#[test]
fn a_fragment_address_without_fragment_code_reverts_after_its_read() {
    let mut chain = chain();
    let program = Address::repeat_byte(0x77);
    // BOB is an account without code: reading it costs the cold access only.
    chain.set_code(program, root_code(0, 1_000, &[BOB]));
    let outcome = activate(&mut chain, program);
    assert_eq!(outcome.status, ExecStatus::Revert);
    assert!(outcome.output.is_empty());
    assert_eq!(outcome.gas_used, activation_floor(program) + 2_600);
    // A root without fragments is rejected before any read.
    chain.set_code(program, root_code(0, 1_000, &[]));
    let outcome = activate(&mut chain, program);
    assert_eq!(outcome.status, ExecStatus::Revert);
    assert_eq!(outcome.gas_used, activation_floor(program));
}

#[test]
fn unaffordable_fragment_reads_burn_all_gas() {
    let code = stylus_code(&data_program(&noise(30_000, 13)));
    let split = fragments_of(&code);
    let mut chain = chain();
    let program = Address::repeat_byte(0x88);
    let mut addresses = Vec::new();
    for (i, fragment) in split.codes.iter().enumerate() {
        addresses.push(fragment_address(program, i as u8));
        chain.set_code(addresses[i], fragment.clone());
    }
    chain.set_code(program, split.root(&addresses));
    // Enough for everything before the first read, but not for a read of MaxCodeSize bytes.
    let gas = activation_floor(program) + fragment_read_gas(true, MAX_CODE_SIZE) - 1;
    let outcome = activate_with_gas(&mut chain, program, gas);
    assert!(!outcome.status.is_success());
    assert_eq!(outcome.gas_used, gas);
}

#[test]
fn max_wasm_size_is_256_kib_for_roots_and_classic_code() {
    // Zero padding compresses to almost nothing: one small fragment carries a 256 KiB program.
    let small = data_program(&noise(64, 1));
    let fits = padded(small.clone(), pricing::MAX_WASM_SIZE);
    let over = padded(small, pricing::MAX_WASM_SIZE + 1);

    let program = Address::repeat_byte(0x99);
    let fragment = fragment_address(program, 0);
    for (wasm, ok) in [(&fits, true), (&over, false)] {
        let stream = stylus_code(wasm)[4..].to_vec();
        let mut chain = chain();
        chain.set_code(fragment, [&[0xEF, 0xF0, 0x01][..], &stream].concat().into());
        chain.set_code(program, root_code(0, wasm.len() as u32, &[fragment]));
        let outcome = activate(&mut chain, program);
        assert_eq!(
            outcome.status.is_success(),
            ok,
            "root of {} bytes: {:?}",
            wasm.len(),
            outcome.status
        );
        if !ok {
            // Over the limit the root is rejected before its fragment is read.
            assert_eq!(outcome.gas_used, activation_floor(program));
        }

        let mut chain = common::chain();
        chain.set_code(program, stylus_code(wasm));
        let outcome = activate(&mut chain, program);
        assert_eq!(
            outcome.status.is_success(),
            ok,
            "classic {} bytes",
            wasm.len()
        );
    }
}

#[test]
fn memory_copy_and_fill_cost_100_ink_per_byte_on_top_of_950() {
    for op in ["memory.copy", "memory.fill"] {
        let wat = format!(
            r#"(module (memory (export "memory") 1 1)
                 (func (export "user_entrypoint") (param $len i32) (result i32)
                   i32.const 1024 i32.const 0 local.get $len {op}
                   i32.const 0))"#
        );
        let mut chain = chain();
        let program = deploy_stylus(&mut chain, &stylus_code(&wat::parse_str(wat).unwrap()));
        for len in [0usize, 1, 1_000] {
            let outcome = view(&chain, program, vec![0xAA; len]);
            assert!(outcome.status.is_success(), "{op}: {:?}", outcome.status);
            // One basic block: const 1 + const 1 + local.get 75 + op 950 + const 1 + end 1, plus the
            // 2450 header; then 100 ink per byte, charged before the operator runs.
            assert_eq!(
                outcome.stylus_ink_used,
                1_029 + 2_450 + 100 * len as u64,
                "{op} {len}"
            );
        }
    }
}

#[test]
fn activation_rejects_what_nitro_rejects() {
    let bodies = [
        r#"(data $d "x") (func i32.const 0 i32.const 0 i32.const 1 memory.init $d)"#,
        r#"(func (result i32 i32) i32.const 0 i32.const 1)"#,
        r#"(func (param f64) (result f64) local.get 0 local.get 0 f64.mul)"#,
        r#"(func (result v128) v128.const i64x2 0 0)"#,
    ];
    for body in bodies {
        let wat = format!(
            r#"(module (memory (export "memory") 1 1)
                 (func (export "user_entrypoint") (param i32) (result i32) i32.const 0) {body})"#
        );
        let mut chain = chain();
        let program = Address::repeat_byte(0x12);
        let outcome = chain
            .install_program(program, stylus_code(&wat::parse_str(wat).unwrap()), ALICE)
            .unwrap();
        // Validation failures burn all gas.
        assert!(
            matches!(&outcome.status, ExecStatus::Halt(reason) if reason.contains("activation failed")),
            "{body}: {:?}",
            outcome.status
        );
    }
}

#[test]
fn arbsys_and_arb_owner_public_answer_as_arbos_61() {
    let chain = chain();
    let version = view(
        &chain,
        ARBSYS_ADDRESS,
        ArbSys::arbOSVersionCall {}.abi_encode(),
    );
    assert_eq!(
        ArbSys::arbOSVersionCall::abi_decode_returns(&version.output).unwrap(),
        U256::from(116)
    );
    // Intrinsic gas, four non-zero calldata bytes, opening the ArbOS state and one result word.
    assert_eq!(version.gas_used, 21_000 + 64 + 800 + 3);
    let chain_id = view(
        &chain,
        ARBSYS_ADDRESS,
        ArbSys::arbChainIDCall {}.abi_encode(),
    );
    assert_eq!(
        ArbSys::arbChainIDCall::abi_decode_returns(&chain_id.output).unwrap(),
        U256::from(chain.chain_id())
    );
    let upgrade = view(
        &chain,
        ARB_OWNER_PUBLIC_ADDRESS,
        ArbOwnerPublic::getScheduledUpgradeCall {}.abi_encode(),
    );
    let upgrade =
        ArbOwnerPublic::getScheduledUpgradeCall::abi_decode_returns(&upgrade.output).unwrap();
    assert_eq!(
        (upgrade.arbosVersion, upgrade.scheduledForTimestamp),
        (0, 0)
    );
    let gas = view(&chain, ARBWASM, ArbWasm::activationGasCall {}.abi_encode());
    assert_eq!(
        ArbWasm::activationGasCall::abi_decode_returns(&gas.output).unwrap(),
        0
    );
    // A method the devnet does not implement reverts and consumes all gas, as in nitro.
    let unknown = chain
        .call(
            &TxRequest {
                from: BOB,
                to: Some(ARBSYS_ADDRESS),
                input: Bytes::from_static(&[1, 2, 3, 4]),
                gas: Some(50_000),
                ..Default::default()
            },
            None,
            BlockId::Latest,
        )
        .unwrap();
    assert_eq!(unknown.status, ExecStatus::Revert);
    assert_eq!(unknown.gas_used, 50_000);
    // Precompiles carry code, so Solidity's extcodesize checks pass.
    assert_eq!(
        chain
            .code(ARB_OWNER_PUBLIC_ADDRESS, BlockId::Latest)
            .unwrap()
            .as_ref(),
        &[0xFE]
    );
}

/// EVM code that calls the address in calldata word 0, then the one in word 1 (all gas, no data),
/// reading GAS before, between and after, and returns the three readings. Both measured stretches
/// run the same opcodes, so their difference is the difference between the two calls.
///
/// ```text
/// GAS PUSH1 0 MSTORE
/// PUSH1 0 ×5 PUSH1 0 CALLDATALOAD GAS CALL POP
/// GAS PUSH1 32 MSTORE
/// PUSH1 0 ×5 PUSH1 32 CALLDATALOAD GAS CALL POP
/// GAS PUSH1 64 MSTORE PUSH1 96 PUSH1 0 RETURN
/// ```
const TWO_CALLS: [u8; 49] = alloy_primitives::hex!(
    "5a600052 60006000600060006000 600035 5af150 5a602052 60006000600060006000 602035 5af150 5a604052 6060 6000 f3"
);

/// Gas of the first and of the second call made by [`TWO_CALLS`] to `first` and `second`.
fn two_calls(chain: &mut Chain, caller: Address, first: Address, second: Address) -> (u64, u64) {
    let input = [first.into_word().0, second.into_word().0].concat();
    let outcome = send(chain, caller, input);
    assert!(outcome.status.is_success(), "{:?}", outcome.status);
    let reading = |i: usize| U256::from_be_slice(&outcome.output[32 * i..32 * (i + 1)]).to::<u64>();
    (reading(0) - reading(1), reading(1) - reading(2))
}

#[test]
fn a_recent_program_pays_the_cached_entry_cost_within_the_block() {
    let trivial = |status: u32| {
        stylus_code(
            &wat::parse_str(format!(
                r#"(module (memory (export "memory") 1 1)
                     (func (export "user_entrypoint") (param i32) (result i32) i32.const {status}))"#
            ))
            .unwrap(),
        )
    };
    let mut chain = chain();
    let caller = deploy(&mut chain, &TWO_CALLS);
    let wasm = classic_wasm(&trivial(0)).unwrap();
    let expected_init = pricing::init_gas(program::instrument(&wasm).unwrap().info.init_cost);
    let program = deploy_stylus(&mut chain, &trivial(0));
    // Same code hash, so already active.
    let twin = deploy(&mut chain, &trivial(0));
    let other = deploy_stylus(&mut chain, &trivial(1));
    let init = view(
        &chain,
        ARBWASM,
        ArbWasm::programInitGasCall { program }.abi_encode(),
    );
    let init = ArbWasm::programInitGasCall::abi_decode_returns(&init.output).unwrap();
    let init_gas = init.gas - init.gasWhenCached;
    assert_eq!(init_gas, expected_init);

    // The same program twice: the second call is warm (2 500 less) and skips initGas.
    let (first, second) = two_calls(&mut chain, caller, program, program);
    assert_eq!(first - second, 2_500 + init_gas);
    // Same code at another address: cold again, but cached by code hash.
    let (first, second) = two_calls(&mut chain, caller, program, twin);
    assert_eq!(first - second, init_gas);
    // Different programs of the same size: neither is cached.
    let (first, second) = two_calls(&mut chain, caller, program, other);
    assert_eq!(first, second);
    // The recent programs are the block's: a new transaction starts with none.
    let (again, _) = two_calls(&mut chain, caller, program, program);
    assert_eq!(again, first);
}
