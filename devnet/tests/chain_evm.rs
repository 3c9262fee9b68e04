//! Plain-EVM behaviour of the chain facade: transfers, creation, calls, reverts, logs, snapshots,
//! overrides, gas estimation and the clock.

use alloy_primitives::{address, hex, Address, Bytes, B256, U256};
use ballast_devnet::{
    deploy::init_code, AccountOverride, BlockId, Chain, ChainConfig, ChainError, ExecStatus,
    StateOverride, TxRequest,
};

const ALICE: Address = address!("00000000000000000000000000000000000a11ce");
const BOB: Address = address!("0000000000000000000000000000000000000b0b");

/// Stores calldata word 0 in slot 0, logs the previous value (LOG0) and returns it; reverts with
/// empty data when the word is 0xdead.
///
/// ```text
/// 00 PUSH1 0 CALLDATALOAD DUP1 PUSH2 0xdead EQ PUSH1 0x1f JUMPI
/// 0b PUSH1 0 SLOAD SWAP1 PUSH1 0 SSTORE PUSH1 0 MSTORE
/// 15 PUSH1 32 PUSH1 0 LOG0 PUSH1 32 PUSH1 0 RETURN
/// 1f JUMPDEST PUSH1 0 PUSH1 0 REVERT
/// ```
const STORE_RUNTIME: [u8; 37] = hex!(
    "600035 80 61dead 14 601f 57 600054 90 600055 600052 6020 6000 a0 6020 6000 f3 5b 6000 6000 fd"
);

fn ether(n: u64) -> U256 {
    U256::from(n) * U256::from(10).pow(U256::from(18))
}

fn chain() -> Chain {
    Chain::new(ChainConfig {
        prefunded: vec![(ALICE, ether(100))],
        ..Default::default()
    })
}

fn word(v: u64) -> Bytes {
    B256::from(U256::from(v)).to_vec().into()
}

fn deploy(chain: &mut Chain) -> Address {
    let outcome = chain
        .send_transaction(TxRequest {
            from: ALICE,
            input: init_code(&STORE_RUNTIME),
            ..Default::default()
        })
        .unwrap();
    assert!(outcome.status.is_success(), "{:?}", outcome.status);
    outcome.contract_address.unwrap()
}

#[test]
fn transfer_moves_value_and_mines_one_block() {
    let mut chain = chain();
    let outcome = chain
        .send_transaction(TxRequest {
            from: ALICE,
            to: Some(BOB),
            value: ether(1),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(outcome.status, ExecStatus::Success);
    assert_eq!(outcome.gas_used, 21_000);
    assert_eq!(outcome.block_number, 1);
    assert_eq!(chain.latest_number(), 1);
    assert_eq!(chain.balance(BOB, BlockId::Latest).unwrap(), ether(1));
    let fee = U256::from(21_000u64 * 100_000_000);
    assert_eq!(
        chain.balance(ALICE, BlockId::Latest).unwrap(),
        ether(99) - fee
    );
    assert_eq!(chain.nonce(ALICE, BlockId::Latest).unwrap(), 1);
    let block = chain.block(BlockId::Number(1)).unwrap();
    assert_eq!(
        block.parent_hash,
        chain.block(BlockId::Earliest).unwrap().hash
    );
    assert_eq!(chain.block(BlockId::Hash(block.hash)).unwrap().number, 1);
    assert_eq!(chain.transaction(outcome.tx_hash).unwrap().block_number, 1);
}

#[test]
fn create_then_call_stores_logs_and_returns_previous_value() {
    let mut chain = chain();
    let contract = deploy(&mut chain);
    assert_eq!(
        chain.code(contract, BlockId::Latest).unwrap().as_ref(),
        &STORE_RUNTIME
    );
    let first = chain
        .send_transaction(TxRequest {
            from: ALICE,
            to: Some(contract),
            input: word(7),
            ..Default::default()
        })
        .unwrap();
    assert!(first.status.is_success());
    assert_eq!(first.output, word(0));
    assert_eq!(first.logs.len(), 1);
    assert_eq!(first.logs[0].address, contract);
    assert_eq!(first.logs[0].data, word(0));
    assert_eq!(first.logs[0].block_number, first.block_number);
    let second = chain
        .send_transaction(TxRequest {
            from: ALICE,
            to: Some(contract),
            input: word(9),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(second.output, word(7));
    assert_eq!(
        chain
            .storage(contract, B256::ZERO, BlockId::Latest)
            .unwrap(),
        B256::from(U256::from(9))
    );
}

#[test]
fn revert_is_mined_without_state_change() {
    let mut chain = chain();
    let contract = deploy(&mut chain);
    let outcome = chain
        .send_transaction(TxRequest {
            from: ALICE,
            to: Some(contract),
            input: word(0xdead),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(outcome.status, ExecStatus::Revert);
    assert!(outcome.logs.is_empty());
    assert_eq!(
        chain
            .storage(contract, B256::ZERO, BlockId::Latest)
            .unwrap(),
        B256::ZERO
    );
    assert_eq!(chain.latest_number(), 2);
}

#[test]
fn bad_nonce_is_rejected_and_mines_nothing() {
    let mut chain = chain();
    let err = chain
        .send_transaction(TxRequest {
            from: ALICE,
            to: Some(BOB),
            nonce: Some(5),
            ..Default::default()
        })
        .unwrap_err();
    assert!(matches!(err, ChainError::InvalidTransaction(_)), "{err}");
    assert_eq!(chain.latest_number(), 0);
}

#[test]
fn snapshot_revert_restores_state_blocks_and_transactions() {
    let mut chain = chain();
    let id = chain.snapshot();
    let outcome = chain
        .send_transaction(TxRequest {
            from: ALICE,
            to: Some(BOB),
            value: ether(1),
            ..Default::default()
        })
        .unwrap();
    chain.revert(id).unwrap();
    assert_eq!(chain.latest_number(), 0);
    assert_eq!(chain.balance(BOB, BlockId::Latest).unwrap(), U256::ZERO);
    assert!(chain.transaction(outcome.tx_hash).is_none());
    assert!(matches!(
        chain.revert(id),
        Err(ChainError::UnknownSnapshot(_))
    ));
}

#[test]
fn call_with_overrides_sees_code_balance_and_storage_without_committing() {
    let chain = chain();
    let target = address!("00000000000000000000000000000000000c0de0");
    let mut slots = std::collections::HashMap::new();
    slots.insert(B256::ZERO, B256::from(U256::from(42)));
    let mut overrides = StateOverride::new();
    overrides.insert(
        target,
        AccountOverride {
            code: Some(STORE_RUNTIME.to_vec().into()),
            state_diff: Some(slots),
            ..Default::default()
        },
    );
    let request = TxRequest {
        from: BOB,
        to: Some(target),
        input: word(1),
        ..Default::default()
    };
    let outcome = chain
        .call(&request, Some(&overrides), BlockId::Latest)
        .unwrap();
    assert!(outcome.status.is_success());
    assert_eq!(outcome.output, word(42));
    assert_eq!(outcome.logs.len(), 1);
    assert!(chain.code(target, BlockId::Latest).unwrap().is_empty());
    let plain = chain.call(&request, None, BlockId::Latest).unwrap();
    assert!(plain.output.is_empty());
}

#[test]
fn estimate_gas_is_the_smallest_succeeding_limit() {
    let mut chain = chain();
    let contract = deploy(&mut chain);
    let request = TxRequest {
        from: ALICE,
        to: Some(contract),
        input: word(3),
        ..Default::default()
    };
    let estimate = chain.estimate_gas(&request, None, BlockId::Latest).unwrap();
    let ok = chain
        .call(
            &TxRequest {
                gas: Some(estimate),
                ..request.clone()
            },
            None,
            BlockId::Latest,
        )
        .unwrap();
    assert!(ok.status.is_success());
    let short = chain
        .call(
            &TxRequest {
                gas: Some(estimate - 1),
                ..request.clone()
            },
            None,
            BlockId::Latest,
        )
        .unwrap();
    assert!(!short.status.is_success());
    let failing = TxRequest {
        input: word(0xdead),
        ..request
    };
    assert!(matches!(
        chain.estimate_gas(&failing, None, BlockId::Latest),
        Err(ChainError::EstimationFailed { .. })
    ));
}

#[test]
fn clock_controls_set_block_timestamps() {
    let mut chain = chain();
    let genesis = chain.latest().timestamp;
    chain.mine(1);
    assert_eq!(chain.latest().timestamp, genesis + 1);
    chain.increase_time(100);
    chain.mine(1);
    assert_eq!(chain.latest().timestamp, genesis + 102);
    // The increase applies once: the block after it is one block time later again.
    chain.mine(1);
    assert_eq!(chain.latest().timestamp, genesis + 103);
    chain.set_next_block_timestamp(genesis + 1_000).unwrap();
    chain.mine(1);
    assert_eq!(chain.latest().timestamp, genesis + 1_000);
    assert!(chain.set_next_block_timestamp(genesis).is_err());
    assert!(matches!(
        chain.balance(BOB, BlockId::Number(1)),
        Err(ChainError::HistoricalState { requested: 1, .. })
    ));
}
