//! End-to-end: the project's real InsuranceFund WASM (`target/stylus/insurance-fund.bin`, built by
//! `bash scripts/build-wasm.sh`) deployed, activated and constructed in one StylusDeployer
//! transaction (the `cargo stylus deploy` path for contracts with a constructor), then exercised
//! against a Solidity mock ERC-20: deposit, request withdrawal, cooldown, withdraw.

mod common;

use std::path::PathBuf;

use alloy_primitives::{hex, Address, Bytes, B256, U256};
use alloy_sol_types::{sol, SolCall, SolError, SolEvent, SolValue};
use ballast_devnet::{
    deploy::{init_code, StylusDeployer, STYLUS_DEPLOYER_ADDRESS},
    BlockId, Chain, ExecStatus,
};
use common::*;

sol! {
    interface IMockErc20 {
        function mint(address to, uint256 value) external;
        function approve(address spender, uint256 value) external returns (bool);
        function balanceOf(address account) external view returns (uint256);
    }
    interface IInsuranceFund {
        function deposit(uint256 assets, address receiver) external returns (uint256);
        function requestWithdraw(uint256 shares) external;
        function withdraw(uint256 assets, address receiver, address owner) external returns (uint256);
        function balanceOf(address account) external view returns (uint256);
        function totalAssets() external view returns (uint256);
        function cooldown() external view returns (uint64);
        function asset() external view returns (address);
        event Deposit(address indexed sender, address indexed owner, uint256 assets, uint256 shares);
        event WithdrawRequested(address indexed owner, uint256 shares, uint64 readyAt, uint64 expiresAt);
        error InsuranceFundCooldownActive(address owner, uint64 timestamp, uint64 readyAt);
    }
}

/// Selector of `stylus_constructor()`, which the SDK routes to `#[constructor]`.
const CONSTRUCTOR_SELECTOR: [u8; 4] = hex!("5585258d");

fn artifact() -> Option<Vec<u8>> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/stylus/insurance-fund.bin");
    std::fs::read(&path).ok()
}

fn view(chain: &Chain, to: Address, input: Vec<u8>) -> Bytes {
    let request = ballast_devnet::TxRequest {
        from: ALICE,
        to: Some(to),
        input: input.into(),
        ..Default::default()
    };
    let outcome = chain.call(&request, None, BlockId::Latest).unwrap();
    assert!(
        outcome.status.is_success(),
        "view failed: {:?} {}",
        outcome.status,
        outcome.output
    );
    outcome.output
}

#[test]
fn insurance_fund_deposit_request_cooldown_withdraw() {
    let Some(code) = artifact() else {
        eprintln!("SKIPPED: target/stylus/insurance-fund.bin is missing; run `bash scripts/build-wasm.sh` first");
        return;
    };
    let mut chain = chain();
    let token_init = hex::decode(include_str!("fixtures/MockErc20.bin").trim()).unwrap();
    let token = {
        let init = [token_init, U256::from(6).abi_encode()].concat();
        let outcome = chain
            .send_transaction(ballast_devnet::TxRequest {
                from: ALICE,
                input: init.into(),
                ..Default::default()
            })
            .unwrap();
        assert!(outcome.status.is_success(), "{:?}", outcome.status);
        outcome.contract_address.unwrap()
    };
    // As `cargo stylus deploy` does for a contract with a constructor: one transaction to the
    // StylusDeployer that creates the program, activates it and calls `stylus_constructor(args)`.
    let args = (token, ALICE, ALICE, BOB).abi_encode_params();
    let constructor = [CONSTRUCTOR_SELECTOR.as_slice(), &args].concat();
    let deploy = StylusDeployer::deployCall {
        bytecode: init_code(&code),
        initData: constructor.clone().into(),
        initValue: U256::ZERO,
        salt: B256::ZERO,
    };
    let deployed = send_value(
        &mut chain,
        STYLUS_DEPLOYER_ADDRESS,
        ether(1),
        deploy.abi_encode(),
    );
    assert!(
        deployed.status.is_success(),
        "deploy: {:?} {}",
        deployed.status,
        deployed.output
    );
    let fund = StylusDeployer::deployCall::abi_decode_returns(&deployed.output).unwrap();
    eprintln!(
        "insurance fund deploy+activate+construct gas used: {}",
        deployed.gas_used
    );
    let asset = IInsuranceFund::assetCall::abi_decode_returns(&view(
        &chain,
        fund,
        IInsuranceFund::assetCall {}.abi_encode(),
    ))
    .unwrap();
    assert_eq!(asset, token);
    let again = send(&mut chain, fund, constructor);
    assert_eq!(
        again.status,
        ExecStatus::Revert,
        "the constructor guard must refuse a second call"
    );

    let amount = U256::from(1_000_000_000u64); // 1000 tokens of 6 decimals
    send(
        &mut chain,
        token,
        IMockErc20::mintCall {
            to: ALICE,
            value: amount,
        }
        .abi_encode(),
    );
    send(
        &mut chain,
        token,
        IMockErc20::approveCall {
            spender: fund,
            value: amount,
        }
        .abi_encode(),
    );
    let deposit = send(
        &mut chain,
        fund,
        IInsuranceFund::depositCall {
            assets: amount,
            receiver: ALICE,
        }
        .abi_encode(),
    );
    assert!(
        deposit.status.is_success(),
        "deposit: {:?} {}",
        deposit.status,
        deposit.output
    );
    let shares = IInsuranceFund::depositCall::abi_decode_returns(&deposit.output).unwrap();
    assert!(shares > U256::ZERO);
    assert!(
        deposit
            .logs
            .iter()
            .any(|log| log.address == fund
                && log.topics[0] == IInsuranceFund::Deposit::SIGNATURE_HASH)
    );
    let fund_tokens = view(
        &chain,
        token,
        IMockErc20::balanceOfCall { account: fund }.abi_encode(),
    );
    assert_eq!(U256::abi_decode(&fund_tokens).unwrap(), amount);
    let total = view(
        &chain,
        fund,
        IInsuranceFund::totalAssetsCall {}.abi_encode(),
    );
    assert_eq!(U256::abi_decode(&total).unwrap(), amount);
    eprintln!("insurance fund deposit gas used: {}", deposit.gas_used);

    let request = send(
        &mut chain,
        fund,
        IInsuranceFund::requestWithdrawCall { shares }.abi_encode(),
    );
    assert!(
        request.status.is_success(),
        "request: {:?} {}",
        request.status,
        request.output
    );
    let requested = request
        .logs
        .iter()
        .find(|log| log.topics[0] == IInsuranceFund::WithdrawRequested::SIGNATURE_HASH)
        .expect("WithdrawRequested event");
    let event = IInsuranceFund::WithdrawRequested::decode_raw_log(
        requested.topics.iter().copied(),
        &requested.data,
    )
    .unwrap();
    assert_eq!(event.shares, shares);

    let early = send(
        &mut chain,
        fund,
        IInsuranceFund::withdrawCall {
            assets: amount,
            receiver: ALICE,
            owner: ALICE,
        }
        .abi_encode(),
    );
    assert_eq!(early.status, ExecStatus::Revert);
    let cooling = IInsuranceFund::InsuranceFundCooldownActive::abi_decode(&early.output).unwrap();
    assert_eq!(cooling.readyAt, event.readyAt);

    let cooldown = IInsuranceFund::cooldownCall::abi_decode_returns(&view(
        &chain,
        fund,
        IInsuranceFund::cooldownCall {}.abi_encode(),
    ))
    .unwrap();
    chain.increase_time(cooldown + 1);
    let withdraw = send(
        &mut chain,
        fund,
        IInsuranceFund::withdrawCall {
            assets: amount,
            receiver: ALICE,
            owner: ALICE,
        }
        .abi_encode(),
    );
    assert!(
        withdraw.status.is_success(),
        "withdraw: {:?} {}",
        withdraw.status,
        withdraw.output
    );
    let back = view(
        &chain,
        token,
        IMockErc20::balanceOfCall { account: ALICE }.abi_encode(),
    );
    assert_eq!(U256::abi_decode(&back).unwrap(), amount);
    let left = view(
        &chain,
        fund,
        IInsuranceFund::balanceOfCall { account: ALICE }.abi_encode(),
    );
    assert_eq!(U256::abi_decode(&left).unwrap(), U256::ZERO);
    eprintln!("insurance fund withdraw gas used: {}", withdraw.gas_used);
}
