//! End-to-end JSON-RPC tests: an alloy HTTP provider against the in-process devnet server.
//!
//! Every test spawns its own server on an ephemeral loopback port, so tests are independent and
//! can run in parallel. The EVM fixture `Emitter` is compiled from `fixtures/Emitter.sol` (see
//! `fixtures/build-fixtures.sh`).

use std::time::Duration;

use alloy::{
    consensus::Transaction as _,
    eips::BlockNumberOrTag,
    network::{EthereumWallet, NetworkTransactionBuilder, TransactionBuilder},
    primitives::{address, keccak256, Address, Bytes, B256, U256, U64},
    providers::{DynProvider, Provider, ProviderBuilder},
    rpc::types::{
        state::{AccountOverride, StateOverride},
        AccessList, AccessListItem, Filter, TransactionRequest,
    },
    signers::local::PrivateKeySigner,
    sol,
    sol_types::{SolCall, SolEvent},
    transports::{RpcError, TransportErrorKind},
};
use ballast_devnet::{spawn, DevnetConfig, DevnetHandle};
use serde_json::{json, Value};

sol!(
    #[sol(rpc)]
    Emitter,
    "tests/fixtures/Emitter.json"
);

const ETHER: u128 = 1_000_000_000_000_000_000;
const BASE_FEE: u128 = 100_000_000;
const BOB: Address = address!("70997970C51812dc3A010C7d01b50e0d17dc79C8");

async fn devnet() -> DevnetHandle {
    spawn(DevnetConfig {
        port: 0,
        ..Default::default()
    })
    .await
    .expect("devnet should start")
}

fn dev_signer(devnet: &DevnetHandle, index: usize) -> PrivateKeySigner {
    let key = devnet
        .node()
        .accounts()
        .private_key(index)
        .expect("dev account should exist");
    PrivateKeySigner::from_bytes(&key).unwrap()
}

/// A provider that signs locally with dev account `index` and sends raw transactions.
fn signing_provider(devnet: &DevnetHandle, index: usize) -> DynProvider {
    let wallet = EthereumWallet::from(dev_signer(devnet, index));
    ProviderBuilder::new()
        .wallet(wallet)
        .connect_http(devnet.endpoint().parse().unwrap())
        .erased()
}

/// A provider without a signer: transactions go out as `eth_sendTransaction`.
fn node_provider(devnet: &DevnetHandle) -> DynProvider {
    ProviderBuilder::new()
        .connect_http(devnet.endpoint().parse().unwrap())
        .erased()
}

fn error_code(err: &RpcError<TransportErrorKind>) -> i64 {
    err.as_error_resp()
        .unwrap_or_else(|| panic!("expected a json-rpc error, got {err}"))
        .code
}

#[tokio::test]
async fn provider_reads_chain_accounts_and_balances() {
    let devnet = devnet().await;
    let provider = node_provider(&devnet);
    assert_eq!(provider.get_chain_id().await.unwrap(), 412_346);
    let net_version: String = provider
        .raw_request("net_version".into(), ())
        .await
        .unwrap();
    assert_eq!(net_version, "412346");
    assert!(provider
        .get_client_version()
        .await
        .unwrap()
        .starts_with("ballast-devnet/v"));
    let accounts = provider.get_accounts().await.unwrap();
    assert_eq!(accounts.len(), 10);
    assert_eq!(
        accounts[0],
        address!("f39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
    );
    assert_eq!(accounts[1], BOB);
    for account in &accounts {
        assert_eq!(
            provider.get_balance(*account).await.unwrap(),
            U256::from(10_000 * ETHER)
        );
    }
    assert_eq!(
        provider.get_balance(Address::repeat_byte(9)).await.unwrap(),
        U256::ZERO
    );
    assert_eq!(provider.get_block_number().await.unwrap(), 0);
    let genesis = provider
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(genesis.header.number, 0);
    assert_eq!(genesis.header.base_fee_per_gas, Some(BASE_FEE as u64));
    assert_eq!(provider.get_gas_price().await.unwrap(), BASE_FEE);
    assert_eq!(provider.get_max_priority_fee_per_gas().await.unwrap(), 0);
    let syncing: Value = provider
        .raw_request("eth_syncing".into(), ())
        .await
        .unwrap();
    assert_eq!(syncing, json!(false));
    assert!(provider
        .get_block_by_number(BlockNumberOrTag::Number(5))
        .await
        .unwrap()
        .is_none());
    devnet.shutdown().await;
}

#[tokio::test]
async fn send_transaction_mines_each_signed_envelope_type() {
    let devnet = devnet().await;
    let provider = signing_provider(&devnet, 0);
    let alice = dev_signer(&devnet, 0).address();
    let transfer = || {
        TransactionRequest::default()
            .with_to(BOB)
            .with_value(U256::from(1_000u64))
    };
    let access_list = AccessList(vec![AccessListItem {
        address: BOB,
        storage_keys: vec![B256::ZERO],
    }]);
    let cases = [
        (0u8, transfer().with_gas_price(3 * BASE_FEE)),
        (
            1,
            transfer()
                .with_gas_price(2 * BASE_FEE)
                .with_access_list(access_list),
        ),
        (2, transfer()),
    ];
    for (number, (tx_type, request)) in cases.into_iter().enumerate() {
        let alice_before = provider.get_balance(alice).await.unwrap();
        let bob_before = provider.get_balance(BOB).await.unwrap();
        let receipt = provider
            .send_transaction(request)
            .await
            .unwrap()
            .get_receipt()
            .await
            .unwrap();
        assert!(receipt.status(), "type {tx_type} should succeed");
        assert_eq!(receipt.block_number, Some(number as u64 + 1));
        assert_eq!(receipt.inner.tx_type() as u8, tx_type);
        assert_eq!(receipt.from, alice);
        assert_eq!(
            receipt.gas_used,
            21_000 + if tx_type == 1 { 2_400 + 1_900 } else { 0 }
        );

        let tx = provider
            .get_transaction_by_hash(receipt.transaction_hash)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(tx.inner.signer(), alice);
        assert_eq!(tx.inner.tx_type() as u8, tx_type);
        assert_eq!(tx.inner.nonce(), number as u64);

        let fee = U256::from(receipt.gas_used) * U256::from(receipt.effective_gas_price);
        let alice_after = provider.get_balance(alice).await.unwrap();
        assert_eq!(alice_before - alice_after, fee + U256::from(1_000u64));
        assert_eq!(
            provider.get_balance(BOB).await.unwrap() - bob_before,
            U256::from(1_000u64)
        );
    }
    assert_eq!(provider.get_transaction_count(alice).await.unwrap(), 3);
    let block = provider
        .get_block_by_number(BlockNumberOrTag::Number(2))
        .full()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(block.transactions.len(), 1);
    assert_eq!(
        block.transactions.txns().next().unwrap().inner.tx_type() as u8,
        1
    );
    let by_hash = provider
        .get_block_by_hash(block.header.hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_hash.header.number, 2);
    devnet.shutdown().await;
}

#[tokio::test]
async fn contract_deploys_calls_emits_and_reverts() {
    let devnet = devnet().await;
    let provider = signing_provider(&devnet, 0);
    let alice = dev_signer(&devnet, 0).address();
    let emitter = Emitter::deploy(&provider, U256::from(5u64)).await.unwrap();
    assert!(!provider
        .get_code_at(*emitter.address())
        .await
        .unwrap()
        .is_empty());
    assert_eq!(emitter.counter().call().await.unwrap(), U256::from(5u64));

    let receipt = emitter
        .bump(U256::from(3u64), Bytes::from_static(b"hi"))
        .value(U256::from(7u64))
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status());
    let bumped = receipt
        .decoded_log::<Emitter::Bumped>()
        .expect("should emit Bumped");
    assert_eq!(
        (bumped.by, bumped.value, bumped.note.as_ref()),
        (alice, U256::from(8u64), &b"hi"[..])
    );
    assert_eq!(emitter.counter().call().await.unwrap(), U256::from(8u64));
    let slot0 = provider
        .get_storage_at(*emitter.address(), U256::ZERO)
        .await
        .unwrap();
    assert_eq!(slot0, U256::from(8u64));
    assert_eq!(
        provider.get_balance(*emitter.address()).await.unwrap(),
        U256::from(7u64)
    );

    // A custom error comes back as code 3 with the ABI-encoded error as data.
    let err = emitter
        .bump(U256::ZERO, Bytes::new())
        .call()
        .await
        .unwrap_err();
    let decoded = err
        .as_decoded_interface_error::<Emitter::EmitterErrors>()
        .expect("custom error");
    let Emitter::EmitterErrors::EmitterZeroBump(zero) = decoded;
    assert_eq!(zero.current, U256::from(8u64));
    // A string reason is decoded into the message as well.
    let err = provider
        .call(
            TransactionRequest::default()
                .with_to(*emitter.address())
                .with_input(Emitter::failCall {}.abi_encode()),
        )
        .await
        .unwrap_err();
    assert_eq!(error_code(&err), 3);
    assert!(err.to_string().contains("emitter says no"), "{err}");
    // Estimating a reverting transaction fails the same way, so clients show the reason.
    let err = provider
        .estimate_gas(
            TransactionRequest::default()
                .with_from(alice)
                .with_to(*emitter.address())
                .with_input(
                    Emitter::bumpCall {
                        by: U256::ZERO,
                        note: Bytes::new(),
                    }
                    .abi_encode(),
                ),
        )
        .await
        .unwrap_err();
    assert_eq!(error_code(&err), 3);

    // A reverted transaction is still mined, with status 0 and its gas charged.
    let reverted = emitter
        .bump(U256::ZERO, Bytes::new())
        .gas(100_000)
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(!reverted.status());
    assert!(reverted.gas_used > 21_000);
    assert!(reverted.inner.logs().is_empty());
    devnet.shutdown().await;
}

#[tokio::test]
async fn get_logs_filters_by_address_topic_and_range() {
    let devnet = devnet().await;
    let alice_provider = signing_provider(&devnet, 0);
    let bob_provider = signing_provider(&devnet, 1);
    let alice = dev_signer(&devnet, 0).address();
    let first = Emitter::deploy(&alice_provider, U256::ZERO).await.unwrap();
    let second = Emitter::deploy(&alice_provider, U256::ZERO).await.unwrap();
    let bump = |provider: &DynProvider, at: Address, by: u64| {
        let emitter = Emitter::new(at, provider.clone());
        async move {
            emitter
                .bump(U256::from(by), Bytes::new())
                .send()
                .await
                .unwrap()
                .get_receipt()
                .await
                .unwrap()
        }
    };
    // Blocks 3..=6: alice@first, bob@first, alice@second, bob@second.
    bump(&alice_provider, *first.address(), 1).await;
    bump(&bob_provider, *first.address(), 2).await;
    bump(&alice_provider, *second.address(), 3).await;
    bump(&bob_provider, *second.address(), 4).await;

    let all = Filter::new()
        .from_block(0u64)
        .event_signature(Emitter::Bumped::SIGNATURE_HASH);
    assert_eq!(alice_provider.get_logs(&all).await.unwrap().len(), 4);

    let at_first = all.clone().address(*first.address());
    let logs = alice_provider.get_logs(&at_first).await.unwrap();
    assert_eq!(
        logs.iter()
            .map(|log| log.block_number.unwrap())
            .collect::<Vec<_>>(),
        vec![3, 4]
    );

    let by_alice = all.clone().topic1(alice.into_word());
    let logs = alice_provider.get_logs(&by_alice).await.unwrap();
    assert_eq!(logs.len(), 2);
    assert!(logs.iter().all(|log| log.topics()[1] == alice.into_word()));

    let ranged = all.clone().from_block(4u64).to_block(5u64);
    assert_eq!(alice_provider.get_logs(&ranged).await.unwrap().len(), 2);

    let block5 = alice_provider
        .get_block_by_number(5u64.into())
        .await
        .unwrap()
        .unwrap();
    let by_hash = Filter::new().at_block_hash(block5.header.hash);
    let logs = alice_provider.get_logs(&by_hash).await.unwrap();
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0].address(), *second.address());
    assert!(block5
        .header
        .logs_bloom
        .contains_raw_log(*second.address(), logs[0].topics()));

    let nothing = all.clone().topic2(U256::from(999u64));
    assert!(alice_provider.get_logs(&nothing).await.unwrap().is_empty());
    let inverted = Filter::new().from_block(5u64).to_block(3u64);
    assert_eq!(
        error_code(&alice_provider.get_logs(&inverted).await.unwrap_err()),
        -32602
    );
    devnet.shutdown().await;
}

#[tokio::test]
async fn eth_call_applies_state_override_without_persisting() {
    let devnet = devnet().await;
    let provider = signing_provider(&devnet, 0);
    let emitter = Emitter::deploy(&provider, U256::from(1u64)).await.unwrap();
    let runtime = provider.get_code_at(*emitter.address()).await.unwrap();
    let ghost = Address::repeat_byte(0x42);
    let mut slots = alloy::primitives::map::B256HashMap::default();
    slots.insert(B256::ZERO, B256::from(U256::from(42u64)));
    let mut overrides = StateOverride::default();
    overrides.insert(
        ghost,
        AccountOverride {
            code: Some(runtime),
            state_diff: Some(slots),
            ..Default::default()
        },
    );
    let call = TransactionRequest::default()
        .with_to(ghost)
        .with_input(Emitter::counterCall {}.abi_encode());
    let output = provider
        .call(call.clone())
        .overrides(overrides)
        .await
        .unwrap();
    assert_eq!(U256::from_be_slice(&output), U256::from(42u64));
    // Nothing of the override persists.
    assert!(provider.get_code_at(ghost).await.unwrap().is_empty());
    assert!(provider.call(call).await.unwrap().is_empty());
    devnet.shutdown().await;
}

#[tokio::test]
async fn snapshot_revert_and_clock_helpers_work() {
    let devnet = devnet().await;
    let provider = signing_provider(&devnet, 0);
    let alice = dev_signer(&devnet, 0).address();
    let snapshot: U64 = provider
        .raw_request("evm_snapshot".into(), ())
        .await
        .unwrap();
    let receipt = provider
        .send_transaction(
            TransactionRequest::default()
                .with_to(BOB)
                .with_value(U256::from(ETHER)),
        )
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert_eq!(provider.get_block_number().await.unwrap(), 1);
    let reverted: bool = provider
        .raw_request("evm_revert".into(), (snapshot,))
        .await
        .unwrap();
    assert!(reverted);
    assert_eq!(provider.get_block_number().await.unwrap(), 0);
    assert_eq!(
        provider.get_balance(alice).await.unwrap(),
        U256::from(10_000 * ETHER)
    );
    assert_eq!(provider.get_transaction_count(alice).await.unwrap(), 0);
    assert!(provider
        .get_transaction_receipt(receipt.transaction_hash)
        .await
        .unwrap()
        .is_none());
    let again: bool = provider
        .raw_request("evm_revert".into(), (snapshot,))
        .await
        .unwrap();
    assert!(!again, "a snapshot is consumed by reverting to it");
    // alloy's nonce filler caches nonces client-side; a fresh provider sees the reverted state.
    let provider = signing_provider(&devnet, 0);

    let genesis = provider
        .get_block_by_number(0u64.into())
        .await
        .unwrap()
        .unwrap()
        .header
        .timestamp;
    let offset: u64 = provider
        .raw_request("evm_increaseTime".into(), (3_600,))
        .await
        .unwrap();
    assert_eq!(offset, 3_600);
    let _: String = provider.raw_request("evm_mine".into(), ()).await.unwrap();
    let mined = provider
        .get_block_by_number(1u64.into())
        .await
        .unwrap()
        .unwrap()
        .header
        .timestamp;
    assert_eq!(
        mined,
        genesis + 3_600 + 1,
        "an hour plus the 1 s block time after genesis"
    );
    let _: String = provider.raw_request("evm_mine".into(), ()).await.unwrap();
    let next = provider
        .get_block_by_number(2u64.into())
        .await
        .unwrap()
        .unwrap()
        .header
        .timestamp;
    assert_eq!(
        next,
        mined + 1,
        "the increase applies once, later blocks follow the block time"
    );
    let _: Value = provider
        .raw_request("evm_setNextBlockTimestamp".into(), (mined + 1_000,))
        .await
        .unwrap();
    let emitter = Emitter::deploy(&provider, U256::ZERO).await.unwrap();
    let deployed_in = provider
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(deployed_in.header.timestamp, mined + 1_000);
    // `eth_call` at `latest` sees the latest block's timestamp, as geth does.
    assert_eq!(
        emitter.now_().call().await.unwrap(),
        U256::from(mined + 1_000)
    );
    let err = provider
        .raw_request::<_, Value>("evm_setNextBlockTimestamp".into(), (1u64,))
        .await
        .unwrap_err();
    assert_eq!(error_code(&err), -32602);

    let rich = Address::repeat_byte(0x77);
    let _: Value = provider
        .raw_request("anvil_setBalance".into(), (rich, U256::from(5u64)))
        .await
        .unwrap();
    assert_eq!(provider.get_balance(rich).await.unwrap(), U256::from(5u64));
    let _: Value = provider
        .raw_request("hardhat_setBalance".into(), (rich, U256::from(6u64)))
        .await
        .unwrap();
    assert_eq!(provider.get_balance(rich).await.unwrap(), U256::from(6u64));
    let code = Bytes::from_static(&[0x60, 0x2a, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3]);
    let _: Value = provider
        .raw_request("anvil_setCode".into(), (rich, code.clone()))
        .await
        .unwrap();
    assert_eq!(provider.get_code_at(rich).await.unwrap(), code);
    let answer = provider
        .call(TransactionRequest::default().with_to(rich))
        .await
        .unwrap();
    assert_eq!(U256::from_be_slice(&answer), U256::from(42u64));
    devnet.shutdown().await;
}

#[tokio::test]
async fn send_transaction_signs_for_dev_accounts_only() {
    let devnet = devnet().await;
    let provider = node_provider(&devnet);
    let accounts = provider.get_accounts().await.unwrap();
    let receipt = provider
        .send_transaction(
            TransactionRequest::default()
                .with_from(accounts[2])
                .with_to(BOB)
                .with_value(U256::from(9u64)),
        )
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status());
    assert_eq!(receipt.from, accounts[2]);
    let tx = provider
        .get_transaction_by_hash(receipt.transaction_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(tx.inner.signer(), accounts[2]);
    // The node signed it: the signature recovers to the dev account from the raw envelope.
    use alloy::consensus::transaction::SignerRecoverable;
    assert_eq!(tx.inner.inner().recover_signer().unwrap(), accounts[2]);

    let stranger = Address::repeat_byte(0x13);
    let err = provider
        .send_transaction(
            TransactionRequest::default()
                .with_from(stranger)
                .with_to(BOB)
                .with_gas_limit(21_000),
        )
        .await
        .unwrap_err();
    assert_eq!(error_code(&err), -32000);
    assert!(err.to_string().contains("unknown account"), "{err}");
    devnet.shutdown().await;
}

#[tokio::test]
async fn send_raw_transaction_rejects_bad_nonce_chain_and_bytes() {
    let devnet = devnet().await;
    let provider = node_provider(&devnet);
    let signer = dev_signer(&devnet, 3);
    let wallet = EthereumWallet::from(signer.clone());
    let base = TransactionRequest::default()
        .with_from(signer.address())
        .with_to(BOB)
        .with_gas_limit(21_000)
        .with_max_fee_per_gas(2 * BASE_FEE)
        .with_max_priority_fee_per_gas(0);
    let sign = |tx: TransactionRequest| {
        let wallet = wallet.clone();
        async move {
            let envelope = tx.build(&wallet).await.unwrap();
            alloy::eips::Encodable2718::encoded_2718(&envelope)
        }
    };

    let wrong_chain = sign(base.clone().with_nonce(0).with_chain_id(1)).await;
    let err = provider
        .send_raw_transaction(&wrong_chain)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("invalid chain id"), "{err}");

    let gap = sign(base.clone().with_nonce(5).with_chain_id(412_346)).await;
    let err = provider.send_raw_transaction(&gap).await.unwrap_err();
    assert!(err.to_string().contains("nonce too high"), "{err}");

    let good = sign(base.clone().with_nonce(0).with_chain_id(412_346)).await;
    let pending = provider.send_raw_transaction(&good).await.unwrap();
    assert_eq!(*pending.tx_hash(), keccak256(&good));
    let err = provider.send_raw_transaction(&good).await.unwrap_err();
    assert!(err.to_string().contains("nonce too low"), "{err}");

    let low_fee = sign(
        base.clone()
            .with_nonce(1)
            .with_chain_id(412_346)
            .with_max_fee_per_gas(1),
    )
    .await;
    let err = provider.send_raw_transaction(&low_fee).await.unwrap_err();
    assert!(
        err.to_string()
            .contains("max fee per gas less than block base fee"),
        "{err}"
    );

    let err = provider
        .send_raw_transaction(&[0x02, 0xde, 0xad])
        .await
        .unwrap_err();
    assert_eq!(error_code(&err), -32602);
    assert_eq!(
        provider.get_block_number().await.unwrap(),
        1,
        "only the good tx was mined"
    );
    devnet.shutdown().await;
}

#[tokio::test]
async fn fee_history_reports_base_fees_and_tips() {
    let devnet = devnet().await;
    let provider = signing_provider(&devnet, 0);
    for tip in [0u128, 5, 10] {
        provider
            .send_transaction(
                TransactionRequest::default()
                    .with_to(BOB)
                    .with_max_fee_per_gas(2 * BASE_FEE)
                    .with_max_priority_fee_per_gas(tip),
            )
            .await
            .unwrap()
            .get_receipt()
            .await
            .unwrap();
    }
    let history = provider
        .get_fee_history(3, BlockNumberOrTag::Latest, &[50.0])
        .await
        .unwrap();
    assert_eq!(history.oldest_block, 1);
    assert_eq!(history.base_fee_per_gas, vec![BASE_FEE; 4]);
    assert_eq!(history.reward.unwrap(), vec![vec![0], vec![5], vec![10]]);
    assert_eq!(history.gas_used_ratio.len(), 3);
    assert!(history
        .gas_used_ratio
        .iter()
        .all(|ratio| *ratio > 0.0 && *ratio < 0.01));
    let err = provider
        .get_fee_history(3, BlockNumberOrTag::Latest, &[60.0, 10.0])
        .await
        .unwrap_err();
    assert_eq!(error_code(&err), -32602);
    devnet.shutdown().await;
}

#[tokio::test]
async fn malformed_requests_get_json_rpc_errors_and_server_survives() {
    let devnet = devnet().await;
    let provider = node_provider(&devnet);
    let err = provider
        .raw_request::<_, Value>("eth_mine_gold".into(), ())
        .await
        .unwrap_err();
    assert_eq!(error_code(&err), -32601);
    let err = provider
        .raw_request::<_, Value>("eth_getBalance".into(), ("0x12",))
        .await
        .unwrap_err();
    assert_eq!(error_code(&err), -32602);
    let err = provider
        .raw_request::<_, Value>("eth_call".into(), (json!({"to": "0x00"}), "latest"))
        .await
        .unwrap_err();
    assert_eq!(error_code(&err), -32602);
    let err = provider
        .raw_request::<_, Value>("eth_getBalance".into(), (BOB, "0x99"))
        .await
        .unwrap_err();
    assert_eq!(error_code(&err), -32000);

    // Raw HTTP: broken JSON, then a batch, on the same server.
    let client = alloy::transports::http::reqwest::Client::new();
    let post = |body: &'static str| {
        let request = client
            .post(devnet.endpoint())
            .header("content-type", "application/json")
            .body(body)
            .timeout(Duration::from_secs(10));
        async move {
            let bytes = request.send().await.unwrap().bytes().await.unwrap();
            serde_json::from_slice::<Value>(&bytes).unwrap()
        }
    };
    let broken = post("{\"jsonrpc\":").await;
    assert_eq!(broken["error"]["code"], -32700);
    let batch = post(
        r#"[{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},{"jsonrpc":"2.0","id":2,"method":"eth_accounts","params":[]}]"#,
    )
    .await;
    assert_eq!(batch[0]["result"], "0x64aba");
    assert_eq!(batch[1]["result"].as_array().unwrap().len(), 10);
    assert_eq!(provider.get_chain_id().await.unwrap(), 412_346);
    devnet.shutdown().await;
}
