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

use alloy_primitives::{address, hex, Address, Bytes, I256, U256};
use alloy_sol_types::{sol, SolCall, SolValue};
use ballast_devnet::{BlockId, Chain, ChainConfig, TxOutcome, TxRequest};
use ballast_portfolio_netting::params as pn_params;
use ballast_risk_math::scenario::RiskParams as EngineParams;

#[allow(clippy::too_many_arguments)] // Generated constructors of the interface's structs.
mod registry {
    alloy_sol_types::sol!("../../abi/interfaces/IMarginRegistry.sol");
}
mod netting {
    alloy_sol_types::sol!("../../abi/interfaces/IPortfolioNetting.sol");
}
use registry::IMarginRegistry as Mr;

sol! {
    interface IMockErc20 {
        function mint(address to, uint256 value) external;
        function approve(address spender, uint256 value) external returns (bool);
    }
}

const OWNER: Address = address!("00000000000000000000000000000000000a11ce");
const LINEAR: Address = address!("00000000000000000000000000000000000a1111");
const OPTIONS: Address = address!("00000000000000000000000000000000000a2222");
const VENUE: Address = address!("0000000000000000000000000000000000000b0b");
const REGISTRY: Address = address!("00000000000000000000000000000000000c0de1");
const ENGINE: Address = address!("00000000000000000000000000000000000e9e9e");
const CONSTRUCTOR_SELECTOR: [u8; 4] = hex!("5585258d");
const WAD: u128 = 1_000_000_000_000_000_000;
const ETH: u32 = 1;
const DAY: u64 = 86_400;
const USDC: u64 = 1_000_000;

fn artifact(program: &str) -> Vec<u8> {
    let dir = std::env::var("BALLAST_STYLUS_DIR")
        .unwrap_or_else(|_| format!("{}/../../target/stylus", env!("CARGO_MANIFEST_DIR")));
    let path = format!("{dir}/{program}.bin");
    std::fs::read(&path)
        .unwrap_or_else(|_| panic!("{path} missing: run `bash scripts/build-wasm.sh`"))
}

fn mock(name: &str) -> Vec<u8> {
    let path = format!("{}/../../abi/mocks/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let json = std::fs::read_to_string(path).expect("abi/mocks");
    let start = json.find("\"bytecode\"").expect("bytecode");
    let object = json[start..].find("\"object\"").expect("object") + start;
    let hex_start = json[object..].find("0x").expect("0x") + object + 2;
    let hex_end = json[hex_start..].find('"').expect("end") + hex_start;
    hex::decode(&json[hex_start..hex_end]).expect("hex")
}

fn send_ok(chain: &mut Chain, from: Address, to: Option<Address>, input: Vec<u8>) -> TxOutcome {
    let outcome = chain
        .send_transaction(TxRequest {
            from,
            to,
            input: input.into(),
            ..Default::default()
        })
        .expect("transaction");
    assert!(
        outcome.status.is_success(),
        "{:?} {}",
        outcome.status,
        outcome.output
    );
    outcome
}

fn install(chain: &mut Chain, at: Address, code: Vec<u8>) {
    let outcome = chain
        .install_program(at, Bytes::from(code), OWNER)
        .expect("activation");
    assert!(
        outcome.status.is_success(),
        "activate {at}: {}",
        outcome.output
    );
}

fn view(chain: &Chain, input: Vec<u8>) -> (Bytes, u64) {
    let request = TxRequest {
        from: OWNER,
        to: Some(REGISTRY),
        input: input.into(),
        ..Default::default()
    };
    let outcome = chain.call(&request, None, BlockId::Latest).expect("call");
    assert!(outcome.status.is_success(), "{}", outcome.output);
    (outcome.output, outcome.gas_used)
}

/// Installs PortfolioNetting and the registry at [`ENGINE`] and [`REGISTRY`] (each one program, fragmented when
/// its code exceeds 24 KiB) and constructs them.
fn install_contracts(chain: &mut Chain, usdc: Address) {
    install(chain, ENGINE, artifact("portfolio-netting"));
    let engine_args = (OWNER, OWNER).abi_encode_params();
    send_ok(
        chain,
        OWNER,
        Some(ENGINE),
        [&CONSTRUCTOR_SELECTOR[..], &engine_args].concat(),
    );
    install(chain, REGISTRY, artifact("margin-registry"));
    let args = (OWNER, usdc, ENGINE).abi_encode_params();
    send_ok(
        chain,
        OWNER,
        Some(REGISTRY),
        [&CONSTRUCTOR_SELECTOR[..], &args].concat(),
    );
}

struct Deployment {
    chain: Chain,
    usdc: Address,
    linear: Vec<u32>,
    options: Vec<u32>,
}

fn deploy() -> Deployment {
    let rich = U256::from(10u64).pow(U256::from(21));
    let mut chain = Chain::new(ChainConfig {
        prefunded: vec![
            (OWNER, rich),
            (LINEAR, rich),
            (OPTIONS, rich),
            (VENUE, rich),
        ],
        ..Default::default()
    });
    let usdc = send_ok(
        &mut chain,
        OWNER,
        None,
        [
            mock("MockErc20"),
            ("USD Coin".to_string(), "USDC".to_string(), U256::from(6)).abi_encode_params(),
        ]
        .concat(),
    )
    .contract_address
    .expect("created");
    let feed = |chain: &mut Chain, answer: i128| {
        let args = (
            U256::from(8),
            "feed".to_string(),
            I256::try_from(answer).unwrap(),
        )
            .abi_encode_params();
        send_ok(
            chain,
            OWNER,
            None,
            [mock("MockChainlinkAggregator"), args].concat(),
        )
        .contract_address
        .expect("feed")
    };
    let usd_feed = feed(&mut chain, 100_000_000);
    let eth_feed = feed(&mut chain, 4_000 * 100_000_000);
    install_contracts(&mut chain, usdc);
    let params = pn_params::to_abi(&pn_params::engine_words(&EngineParams::default()));
    send_ok(
        &mut chain,
        OWNER,
        Some(ENGINE),
        [
            &netting::IPortfolioNetting::setRiskParamsCall::SELECTOR[..],
            &(ETH, params).abi_encode_params(),
        ]
        .concat(),
    );
    let bps = |x: u128| U256::from(x * WAD / 10_000);
    let governance = vec![
        Mr::listCollateralCall {
            asset: usdc,
            params: Mr::CollateralParams {
                feed: usd_feed,
                heartbeatSecs: 3_600,
                decimals: 6,
                imHaircut: bps(200),
                mmHaircut: bps(100),
                depositCap: U256::from(u128::MAX),
                enabled: true,
            },
        }
        .abi_encode(),
        Mr::listUnderlyingCall {
            underlying: ETH,
            params: Mr::UnderlyingParams {
                feed: eth_feed,
                heartbeatSecs: 3_600,
                minPokeIntervalSecs: 900,
                impliedVolMaxAgeSecs: 86_400,
                lambda: bps(9_400),
                garchOmega: U256::ZERO,
                garchAlpha: U256::ZERO,
                garchBeta: U256::ZERO,
                maxReturnSigmas: U256::from(10 * WAD),
                initialVol: bps(6_000),
                stressWeight: U256::ZERO,
                stressVol: U256::ZERO,
                volFloor: bps(1_000),
                volCap: bps(30_000),
                rate: I256::ZERO,
            },
        }
        .abi_encode(),
        Mr::setVenueCall {
            venue: VENUE,
            params: Mr::VenueParams {
                authorised: true,
                maxShareBps: 10_000,
                cashCreditLimit: U256::from(1_000_000_000_000u64),
            },
        }
        .abi_encode(),
    ];
    for input in governance {
        send_ok(&mut chain, OWNER, Some(REGISTRY), input);
    }
    let now = chain.latest().timestamp;
    let register = |chain: &mut Chain, kind: u8, expiry: u64, strike: u128| {
        let params = Mr::InstrumentParams {
            underlying: ETH,
            kind,
            expiry,
            strike: U256::from(strike * WAD),
            contractSize: U256::from(WAD / 100),
            openInterestCap: U256::from(1_000_000_000u64),
        };
        let out = send_ok(
            chain,
            OWNER,
            Some(REGISTRY),
            Mr::registerInstrumentCall { params }.abi_encode(),
        );
        Mr::registerInstrumentCall::abi_decode_returns(&out.output).expect("id")
    };
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
            Some(REGISTRY),
            Mr::optInCall { venue: VENUE }.abi_encode(),
        );
        let amount = U256::from(2_000_000 * USDC);
        send_ok(
            &mut chain,
            OWNER,
            Some(usdc),
            IMockErc20::mintCall {
                to: account,
                value: amount,
            }
            .abi_encode(),
        );
        send_ok(
            &mut chain,
            account,
            Some(usdc),
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
    let first_deposit = send_ok(&mut chain, LINEAR, Some(REGISTRY), deposit(500_000)).gas_used;
    let second_deposit = send_ok(&mut chain, LINEAR, Some(REGISTRY), deposit(500_000)).gas_used;
    send_ok(&mut chain, OPTIONS, Some(REGISTRY), deposit(1_000_000));
    let empty_withdrawal =
        send_ok(&mut chain, LINEAR, Some(REGISTRY), withdraw(1_000, LINEAR)).gas_used;

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
            let change = Mr::PositionChange {
                instrument: *id,
                sizeDelta: I256::try_from(size).unwrap(),
                price: U256::from(price * WAD),
            };
            let batch = Mr::updatePositionsCall {
                account,
                changes: vec![change],
                cashDelta: I256::ZERO,
            };
            let update = send_ok(&mut chain, VENUE, Some(REGISTRY), batch.abi_encode()).gas_used;
            let held = n + 1;
            if [1, 8, 32].contains(&held) {
                let (_, health) = view(&chain, Mr::accountHealthCall { account }.abi_encode());
                println!("| {book} | {held} | {update} | {health} |");
            }
        }
        full_withdrawal.push((
            book,
            send_ok(
                &mut chain,
                account,
                Some(REGISTRY),
                withdraw(1_000, account),
            )
            .gas_used,
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
