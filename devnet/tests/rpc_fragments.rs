//! A fragmented program deployed over JSON-RPC with an alloy client the way `cargo stylus deploy`
//! (stylus-tools ≥ 0.10.2) deploys one: `getMaxStylusContractFragments()`, the data fee from an
//! `activateProgram` simulated under a state override that places the fragments at random
//! addresses and the root at the target, a create transaction per fragment, then either a create of
//! the root and `activateProgram` (no constructor) or one StylusDeployer transaction that creates,
//! activates and initialises the root (with a constructor).

mod common;

use alloy::{
    network::{EthereumWallet, TransactionBuilder},
    primitives::{Address, Bytes, U256},
    providers::{DynProvider, Provider, ProviderBuilder},
    rpc::types::{
        state::{AccountOverride, StateOverride},
        TransactionRequest,
    },
    signers::local::PrivateKeySigner,
    sol_types::{SolCall, SolEvent},
};
use ballast_devnet::{
    arbos::{ArbOwnerPublic, ARB_OWNER_PUBLIC_ADDRESS},
    arbwasm::{ArbWasm, ARBWASM_ADDRESS},
    deploy::{init_code, split_program, SplitProgram, StylusDeployer, STYLUS_DEPLOYER_ADDRESS},
    spawn, DevnetConfig,
};
use common::{
    programs::{data_program, noise},
    stylus_code,
};

/// A program whose 60 KB of noise makes three fragments, and the 32 bytes it returns.
fn program() -> (Bytes, Vec<u8>) {
    let data = noise(60_000, 0x9e37_79b9);
    (
        stylus_code(&data_program(&data)),
        data[data.len() - 32..].to_vec(),
    )
}

/// Sends `tx` and returns its receipt, which must report success.
async fn mined(
    provider: &DynProvider,
    tx: TransactionRequest,
) -> alloy::rpc::types::TransactionReceipt {
    let receipt = provider
        .send_transaction(tx)
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status(), "transaction failed: {receipt:?}");
    receipt
}

/// The data fee stylus-tools' `data_fee` computes for fragments: each fragment at a random
/// address, the root naming them at the target, all by state override, activated by a random
/// sender holding 2^256-1 wei with 1 ether of value.
async fn simulated_data_fee(
    provider: &DynProvider,
    fragments: &[Bytes],
    decompressed: u32,
) -> U256 {
    let sender = Address::repeat_byte(0x5e);
    let target = Address::repeat_byte(0xc0);
    let mut overrides = StateOverride::default();
    overrides.insert(
        sender,
        AccountOverride {
            balance: Some(U256::MAX),
            ..Default::default()
        },
    );
    let mut addresses = Vec::new();
    for (i, fragment) in fragments.iter().enumerate() {
        let at = Address::repeat_byte(0xa0 + i as u8);
        overrides.insert(
            at,
            AccountOverride {
                code: Some(fragment.clone()),
                ..Default::default()
            },
        );
        addresses.push(at);
    }
    overrides.insert(
        target,
        AccountOverride {
            code: Some(ballast_devnet::deploy::root_code(
                0,
                decompressed,
                &addresses,
            )),
            ..Default::default()
        },
    );
    let call = TransactionRequest::default()
        .with_from(sender)
        .with_to(ARBWASM_ADDRESS)
        .with_value(U256::from(10).pow(U256::from(18)))
        .with_input(ArbWasm::activateProgramCall { program: target }.abi_encode());
    let output = provider
        .call(call)
        .overrides(overrides)
        .await
        .expect("simulated activation of the fragmented program");
    ArbWasm::activateProgramCall::abi_decode_returns(&output)
        .unwrap()
        .dataFee
}

/// Creates each fragment with the prelude and returns their addresses.
async fn deploy_fragments(provider: &DynProvider, fragments: &[Bytes]) -> Vec<Address> {
    let mut addresses = Vec::new();
    for fragment in fragments {
        let receipt = mined(
            provider,
            TransactionRequest::default().with_deploy_code(init_code(fragment)),
        )
        .await;
        addresses.push(receipt.contract_address.expect("fragment address"));
    }
    addresses
}

#[tokio::test]
async fn fragmented_program_deploys_like_cargo_stylus_with_and_without_constructor() {
    let devnet = spawn(DevnetConfig {
        port: 0,
        ..Default::default()
    })
    .await
    .unwrap();
    let key = devnet.node().accounts().private_key(0).unwrap();
    let provider = ProviderBuilder::new()
        .wallet(EthereumWallet::from(
            PrivateKeySigner::from_bytes(&key).unwrap(),
        ))
        .connect_http(devnet.endpoint().parse().unwrap())
        .erased();
    let (code, expected) = program();
    let SplitProgram::Fragmented(split) = split_program(&code) else {
        panic!("the program should need fragments");
    };
    assert_eq!(split.codes.len(), 3);

    let max = provider
        .call(
            TransactionRequest::default()
                .with_to(ARB_OWNER_PUBLIC_ADDRESS)
                .with_input(ArbOwnerPublic::getMaxStylusContractFragmentsCall {}.abi_encode()),
        )
        .await
        .unwrap();
    let max = ArbOwnerPublic::getMaxStylusContractFragmentsCall::abi_decode_returns(&max).unwrap();
    assert!(split.codes.len() <= usize::from(max));
    let fee = simulated_data_fee(&provider, &split.codes, split.decompressed_len).await;
    assert!(fee > U256::ZERO);
    let bumped = fee * U256::from(120) / U256::from(100);

    // Without a constructor: fragments, the root, then activateProgram.
    let fragments = deploy_fragments(&provider, &split.codes).await;
    let root = split.root(&fragments);
    let receipt = mined(
        &provider,
        TransactionRequest::default().with_deploy_code(init_code(&root)),
    )
    .await;
    let plain = receipt.contract_address.unwrap();
    assert_eq!(provider.get_code_at(plain).await.unwrap(), root);
    mined(
        &provider,
        TransactionRequest::default()
            .with_to(ARBWASM_ADDRESS)
            .with_value(bumped)
            .with_input(ArbWasm::activateProgramCall { program: plain }.abi_encode()),
    )
    .await;
    let output = provider
        .call(TransactionRequest::default().with_to(plain))
        .await
        .unwrap();
    assert_eq!(output.as_ref(), expected.as_slice());

    // With a constructor: new fragments, then one StylusDeployer transaction for the root.
    let fragments = deploy_fragments(&provider, &split.codes).await;
    let deploy = StylusDeployer::deployCall {
        bytecode: init_code(&split.root(&fragments)),
        initData: Bytes::from_static(&[0x55, 0x85, 0x25, 0x8d]),
        initValue: U256::ZERO,
        salt: Default::default(),
    };
    let receipt = mined(
        &provider,
        TransactionRequest::default()
            .with_to(STYLUS_DEPLOYER_ADDRESS)
            .with_value(bumped)
            .with_input(deploy.abi_encode()),
    )
    .await;
    let event = receipt
        .inner
        .logs()
        .iter()
        .find_map(|log| StylusDeployer::ContractDeployed::decode_log_data(log.data()).ok())
        .expect("ContractDeployed");
    let constructed = event.deployedContract;
    assert_ne!(constructed, plain);
    let output = provider
        .call(TransactionRequest::default().with_to(constructed))
        .await
        .unwrap();
    assert_eq!(output.as_ref(), expected.as_slice());
}
