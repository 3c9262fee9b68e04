//! Shared helpers of the integration tests: building Stylus code from WAT, deploying with the
//! cargo-stylus prelude, activating through ArbWasm, and tiny EVM helper contracts.
#![allow(dead_code, unreachable_pub)]

pub mod programs;

use std::io::Write;

use alloy_primitives::{address, hex, Address, Bytes, B256, U256};
use alloy_sol_types::SolCall;
use ballast_devnet::{
    arbwasm::ArbWasm, deploy::init_code, Chain, ChainConfig, TxOutcome, TxRequest,
};

pub const ALICE: Address = address!("00000000000000000000000000000000000a11ce");
pub const BOB: Address = address!("0000000000000000000000000000000000000b0b");
pub const ARBWASM: Address = ballast_devnet::arbwasm::ARBWASM_ADDRESS;

/// Forwards `calldata[20..]` to the address in `calldata[0..20]`, returning or reverting with the
/// callee's data.
///
/// ```text
/// 00 PUSH1 0 PUSH1 0                        retLen, retOffset
/// 04 PUSH1 20 CALLDATASIZE SUB              argsLen = cds - 20
/// 08 DUP1 PUSH1 20 PUSH1 0 CALLDATACOPY     mem[0..] = calldata[20..]
/// 0e PUSH1 0 PUSH1 0                        argsOffset, value
/// 12 PUSH1 0 CALLDATALOAD PUSH1 96 SHR      target
/// 18 GAS CALL
/// 1a RETURNDATASIZE PUSH1 0 PUSH1 0 RETURNDATACOPY
/// 20 PUSH1 0x27 JUMPI RETURNDATASIZE PUSH1 0 REVERT
/// 27 JUMPDEST RETURNDATASIZE PUSH1 0 RETURN
/// ```
pub const FORWARDER: [u8; 44] = hex!(
    "6000600060143603806014600037600060006000356060 1c5af13d600060003e6027573d6000fd5b3d6000f3"
);

/// Stores calldata word 0 in slot 0 and returns the previous value (EVM).
///
/// ```text
/// PUSH1 0 SLOAD PUSH1 0 CALLDATALOAD PUSH1 0 SSTORE PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN
/// ```
pub const EVM_STORE: [u8; 17] = hex!("600054 600035 600055 600052 6020 6000 f3");

/// Brotli-compresses `wasm` at quality 11 and adds the Stylus prefix `EF F0 00 00`.
pub fn stylus_code(wasm: &[u8]) -> Bytes {
    let mut out = vec![0xEF, 0xF0, 0x00, 0x00];
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        writer.write_all(wasm).unwrap();
    }
    out.into()
}

/// The probe fixture as deployable Stylus code.
pub fn probe_code() -> Bytes {
    let wasm = wat::parse_str(include_str!("../fixtures/probe.wat")).unwrap();
    stylus_code(&wasm)
}

pub fn ether(n: u64) -> U256 {
    U256::from(n) * U256::from(10).pow(U256::from(18))
}

pub fn chain() -> Chain {
    Chain::new(ChainConfig {
        prefunded: vec![(ALICE, ether(1_000)), (BOB, ether(1_000))],
        ..Default::default()
    })
}

pub fn send(chain: &mut Chain, to: Address, input: impl Into<Bytes>) -> TxOutcome {
    chain
        .send_transaction(TxRequest {
            from: ALICE,
            to: Some(to),
            input: input.into(),
            ..Default::default()
        })
        .unwrap()
}

pub fn send_value(
    chain: &mut Chain,
    to: Address,
    value: U256,
    input: impl Into<Bytes>,
) -> TxOutcome {
    chain
        .send_transaction(TxRequest {
            from: ALICE,
            to: Some(to),
            value,
            input: input.into(),
            ..Default::default()
        })
        .unwrap()
}

/// Deploys `runtime` with the cargo-stylus prelude and returns the address.
pub fn deploy(chain: &mut Chain, runtime: &[u8]) -> Address {
    let outcome = chain
        .send_transaction(TxRequest {
            from: ALICE,
            input: init_code(runtime),
            ..Default::default()
        })
        .unwrap();
    assert!(
        outcome.status.is_success(),
        "deploy failed: {:?}",
        outcome.status
    );
    outcome.contract_address.unwrap()
}

/// Activates the program at `program`, paying 1 ether (the excess is refunded).
pub fn activate(chain: &mut Chain, program: Address) -> TxOutcome {
    let input = ArbWasm::activateProgramCall { program }.abi_encode();
    send_value(chain, ARBWASM, ether(1), input)
}

/// Deploys and activates Stylus code.
pub fn deploy_stylus(chain: &mut Chain, code: &[u8]) -> Address {
    let address = deploy(chain, code);
    let outcome = activate(chain, address);
    assert!(
        outcome.status.is_success(),
        "activation failed: {:?} {}",
        outcome.status,
        outcome.output
    );
    address
}

/// Concatenates byte slices.
pub fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

pub fn word(v: u64) -> [u8; 32] {
    B256::from(U256::from(v)).0
}
