//! The project's InsuranceFund WASM over JSON-RPC with an alloy client, deployed the way
//! `cargo stylus deploy` deploys a contract with a `#[constructor]`: the `check` calls to ArbWasm
//! (`codehashVersion`, then `activateProgram` under a state override to learn the data fee), one
//! transaction to the StylusDeployer, then deposit, request withdrawal, the cooldown through
//! `evm_increaseTime`, and redeem.
//!
//! The artifact is `target/stylus/insurance-fund.bin` from `bash scripts/build-wasm.sh`; without it
//! the test prints `SKIPPED` and returns (set `BALLAST_REQUIRE_STYLUS=1` to make that a failure).

use std::path::PathBuf;

use alloy::{
    network::{EthereumWallet, TransactionBuilder},
    primitives::{address, hex, keccak256, Address, Bytes, B256, U256},
    providers::{DynProvider, Provider, ProviderBuilder},
    rpc::types::{
        state::{AccountOverride, StateOverride},
        TransactionRequest,
    },
    signers::local::PrivateKeySigner,
    sol,
    sol_types::{SolCall, SolValue},
};
use ballast_devnet::{
    deploy::{init_code, StylusDeployer},
    spawn, DevnetConfig,
};

sol! {
    #[sol(rpc)]
    interface IMockErc20 {
        function mint(address to, uint256 value) external;
        function approve(address spender, uint256 value) external returns (bool);
        function balanceOf(address account) external view returns (uint256);
    }

    #[sol(rpc)]
    interface IInsuranceFund {
        function asset() external view returns (address);
        function owner() external view returns (address);
        function cooldown() external view returns (uint64);
        function balanceOf(address account) external view returns (uint256);
        function totalAssets() external view returns (uint256);
        function deposit(uint256 assets, address receiver) external returns (uint256);
        function requestWithdraw(uint256 shares) external;
        function withdrawRequestOf(address owner) external view returns (uint256 shares, uint64 readyAt, uint64 expiresAt);
        function previewRedeem(uint256 shares) external view returns (uint256);
        function redeem(uint256 shares, address receiver, address owner) external returns (uint256);
        event Deposit(address indexed sender, address indexed owner, uint256 assets, uint256 shares);
        event WithdrawRequested(address indexed owner, uint256 shares, uint64 readyAt, uint64 expiresAt);
        event Withdraw(address indexed sender, address indexed receiver, address indexed owner, uint256 assets, uint256 shares);
        error InsuranceFundCooldownActive(address owner, uint64 timestamp, uint64 readyAt);
    }

    #[sol(rpc)]
    interface IArbWasm {
        function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
        function codehashVersion(bytes32 codehash) external view returns (uint16 version);
        error ProgramNotActivated();
    }
}

const ARB_WASM: Address = address!("0000000000000000000000000000000000000071");
const STYLUS_DEPLOYER: Address = address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");
/// Selector of `stylus_constructor()`, which the SDK routes to `#[constructor]`.
const CONSTRUCTOR_SELECTOR: [u8; 4] = hex!("5585258d");
const ETHER: u128 = 1_000_000_000_000_000_000;

fn artifact() -> Option<Vec<u8>> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/stylus/insurance-fund.bin");
    match std::fs::read(&path) {
        Ok(code) => Some(code),
        Err(_) if std::env::var("BALLAST_REQUIRE_STYLUS").as_deref() == Ok("1") => {
            panic!(
                "{} is missing; run `bash scripts/build-wasm.sh`",
                path.display()
            )
        }
        Err(_) => None,
    }
}

/// The data fee `cargo stylus check` computes: `activateProgram` simulated by a random sender
/// holding 2^256-1 wei, with the program's code placed at a random address by a state override.
async fn simulated_data_fee(provider: &DynProvider, code: &[u8]) -> (u16, U256) {
    let (sender, target) = (Address::repeat_byte(0x5e), Address::repeat_byte(0xc0));
    let mut overrides = StateOverride::default();
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
            code: Some(Bytes::copy_from_slice(code)),
            ..Default::default()
        },
    );
    let call = TransactionRequest::default()
        .with_from(sender)
        .with_to(ARB_WASM)
        .with_value(U256::from(ETHER))
        .with_input(IArbWasm::activateProgramCall { program: target }.abi_encode());
    let output = provider
        .call(call)
        .overrides(overrides)
        .await
        .expect("simulated activation");
    let decoded = IArbWasm::activateProgramCall::abi_decode_returns(&output).unwrap();
    (decoded.version, decoded.dataFee)
}

#[tokio::test]
async fn insurance_fund_lifecycle_over_json_rpc() {
    let Some(code) = artifact() else {
        eprintln!("SKIPPED: target/stylus/insurance-fund.bin is missing; run `bash scripts/build-wasm.sh` first");
        return;
    };
    let devnet = spawn(DevnetConfig {
        port: 0,
        ..Default::default()
    })
    .await
    .unwrap();
    let key = devnet.node().accounts().private_key(0).unwrap();
    let alice_signer = PrivateKeySigner::from_bytes(&key).unwrap();
    let alice = alice_signer.address();
    let provider = ProviderBuilder::new()
        .wallet(EthereumWallet::from(alice_signer))
        .connect_http(devnet.endpoint().parse().unwrap())
        .erased();

    // An EVM asset with 6 decimals.
    let token_init = hex::decode(include_str!("fixtures/MockErc20.bin").trim()).unwrap();
    let deploy_token = TransactionRequest::default()
        .with_deploy_code([token_init, U256::from(6u64).abi_encode()].concat());
    let receipt = provider
        .send_transaction(deploy_token)
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    let token = IMockErc20::new(
        receipt.contract_address.expect("token deployed"),
        provider.clone(),
    );

    // cargo stylus check, step 1: the program is not active yet.
    let arb_wasm = IArbWasm::new(ARB_WASM, provider.clone());
    let err = arb_wasm
        .codehashVersion(keccak256(&code))
        .call()
        .await
        .unwrap_err();
    assert!(matches!(
        err.as_decoded_interface_error::<IArbWasm::IArbWasmErrors>(),
        Some(IArbWasm::IArbWasmErrors::ProgramNotActivated(_))
    ));
    // Step 2: the data fee, from a simulated activation.
    let (version, fee) = simulated_data_fee(&provider, &code).await;
    assert_eq!(version, 3, "stylus version");
    assert!(fee > U256::ZERO, "activation must charge a data fee");

    // cargo stylus deploy with a constructor: one StylusDeployer transaction, fee bumped by 20 %.
    let init_data = [
        CONSTRUCTOR_SELECTOR.as_slice(),
        &(*token.address(), alice, alice, Address::repeat_byte(0xee)).abi_encode_params(),
    ]
    .concat();
    let balance_before = provider.get_balance(alice).await.unwrap();
    let deploy = StylusDeployer::deployCall {
        bytecode: init_code(&code),
        initData: init_data.into(),
        initValue: U256::ZERO,
        salt: B256::ZERO,
    };
    let deploy = TransactionRequest::default()
        .with_to(STYLUS_DEPLOYER)
        .with_value(fee * U256::from(120u64) / U256::from(100u64))
        .with_input(deploy.abi_encode());
    let receipt = provider
        .send_transaction(deploy)
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status(), "deploy through the StylusDeployer");
    let deployed = receipt
        .decoded_log::<StylusDeployer::ContractDeployed>()
        .expect("ContractDeployed");
    let fund = IInsuranceFund::new(deployed.deployedContract, provider.clone());
    // The deployer kept exactly the fee and refunded the 20 % bump.
    let gas_cost = U256::from(receipt.gas_used) * U256::from(receipt.effective_gas_price);
    assert_eq!(
        balance_before - provider.get_balance(alice).await.unwrap(),
        fee + gas_cost
    );
    let active = arb_wasm
        .codehashVersion(keccak256(&code))
        .call()
        .await
        .unwrap();
    assert_eq!(active, 3);
    assert_eq!(fund.asset().call().await.unwrap(), *token.address());
    assert_eq!(fund.owner().call().await.unwrap(), alice);
    let code_at = provider.get_code_at(*fund.address()).await.unwrap();
    assert_eq!(
        code_at.as_ref(),
        code.as_slice(),
        "eth_getCode returns the prefixed compressed wasm"
    );

    // Deposit.
    let amount = U256::from(1_000_000_000u64); // 1000 tokens
    macro_rules! mined {
        ($call:expr) => {{
            let receipt = $call.send().await.unwrap().get_receipt().await.unwrap();
            assert!(
                receipt.status(),
                "transaction reverted: {:?}",
                receipt.transaction_hash
            );
            receipt
        }};
    }
    mined!(token.mint(alice, amount));
    mined!(token.approve(*fund.address(), amount));
    let receipt = mined!(fund.deposit(amount, alice));
    let deposit = receipt
        .decoded_log::<IInsuranceFund::Deposit>()
        .expect("Deposit event");
    assert_eq!((deposit.owner, deposit.assets), (alice, amount));
    let shares = fund.balanceOf(alice).call().await.unwrap();
    assert_eq!(shares, deposit.shares);
    assert_eq!(fund.totalAssets().call().await.unwrap(), amount);
    assert_eq!(token.balanceOf(alice).call().await.unwrap(), U256::ZERO);
    assert!(
        receipt.gas_used > 21_000,
        "stylus execution gas is reported: {}",
        receipt.gas_used
    );

    // Request withdrawal; redeeming during the cooldown reverts with the custom error.
    let receipt = mined!(fund.requestWithdraw(shares));
    let requested = receipt
        .decoded_log::<IInsuranceFund::WithdrawRequested>()
        .expect("WithdrawRequested");
    let cooldown = fund.cooldown().call().await.unwrap();
    assert_eq!(cooldown, 7 * 24 * 3600);
    let err = fund.redeem(shares, alice, alice).call().await.unwrap_err();
    match err.as_decoded_interface_error::<IInsuranceFund::IInsuranceFundErrors>() {
        Some(IInsuranceFund::IInsuranceFundErrors::InsuranceFundCooldownActive(active)) => {
            assert_eq!((active.owner, active.readyAt), (alice, requested.readyAt));
        }
        _ => panic!("expected InsuranceFundCooldownActive, got {err}"),
    }

    // The cooldown passes on the devnet clock.
    let _: u64 = provider
        .raw_request("evm_increaseTime".into(), (cooldown,))
        .await
        .unwrap();
    let _: String = provider.raw_request("evm_mine".into(), ()).await.unwrap();
    let expected = fund.previewRedeem(shares).call().await.unwrap();
    assert!(
        expected <= amount && expected + U256::from(1u64) >= amount,
        "redeem value {expected} of {amount}"
    );
    let receipt = mined!(fund.redeem(shares, alice, alice));
    let withdrawn = receipt
        .decoded_log::<IInsuranceFund::Withdraw>()
        .expect("Withdraw event");
    assert_eq!((withdrawn.assets, withdrawn.shares), (expected, shares));
    assert_eq!(token.balanceOf(alice).call().await.unwrap(), expected);
    assert_eq!(fund.balanceOf(alice).call().await.unwrap(), U256::ZERO);
    devnet.shutdown().await;
}
