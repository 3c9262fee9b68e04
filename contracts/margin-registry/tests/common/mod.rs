//! Deployment helpers shared by the on-chain test (`tests/on_chain.rs`) and the gas benchmark
//! (`examples/gas_bench.rs`): the real programs from `target/stylus/`, the Solidity mocks of
//! `abi/mocks/`, PortfolioNetting with the default ETH parameters, and the registry's listings.

// Each user compiles this module on its own and uses part of it.
#![allow(dead_code)]

use alloy_primitives::{address, hex, Address, Bytes, I256, U256};
use alloy_sol_types::{sol, SolCall, SolValue};
use ballast_devnet::{BlockId, Chain, TxOutcome, TxRequest};
use ballast_portfolio_netting::params as pn_params;
use ballast_risk_math::scenario::RiskParams as EngineParams;

#[allow(clippy::too_many_arguments)] // Generated constructors of the interface's structs.
pub(crate) mod registry {
    alloy_sol_types::sol!("../../abi/interfaces/IMarginRegistry.sol");
}
pub(crate) mod netting {
    alloy_sol_types::sol!("../../abi/interfaces/IPortfolioNetting.sol");
}
pub(crate) use registry::IMarginRegistry as Mr;

sol! {
    interface IMockErc20 {
        function mint(address to, uint256 value) external;
        function approve(address spender, uint256 value) external returns (bool);
    }
}

/// Owner of everything, and the holder of the linear book.
pub(crate) const ALICE: Address = address!("00000000000000000000000000000000000a11ce");
/// Holder of the options book.
pub(crate) const CAROL: Address = address!("00000000000000000000000000000000000ca201");
/// The venue (an EOA is enough: the registry only checks `msg.sender`).
pub(crate) const VENUE: Address = address!("0000000000000000000000000000000000000b0b");
pub(crate) const REGISTRY: Address = address!("00000000000000000000000000000000000c0de1");
pub(crate) const ENGINE: Address = address!("00000000000000000000000000000000000e9e9e");
/// Selector of `stylus_constructor()`.
pub(crate) const CONSTRUCTOR_SELECTOR: [u8; 4] = hex!("5585258d");
/// Largest contract code (EIP-170): a program above it needs fragments.
pub(crate) const MAX_CODE_SIZE: usize = 24_576;
pub(crate) const WAD: u128 = 1_000_000_000_000_000_000;
pub(crate) const ETH: u32 = 1;
pub(crate) const DAY: u64 = 86_400;
/// USDC units deposited by each account.
pub(crate) const FUNDING: u64 = 1_000_000 * 1_000_000;

pub(crate) fn artifact(program: &str) -> Option<Vec<u8>> {
    let path = format!(
        "{}/../../target/stylus/{program}.bin",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(path).ok()
}

pub(crate) fn mock(name: &str) -> Vec<u8> {
    let path = format!("{}/../../abi/mocks/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let json = std::fs::read_to_string(path).expect("abi/mocks");
    let start = json.find("\"bytecode\"").expect("bytecode");
    let object = json[start..].find("\"object\"").expect("object") + start;
    let hex_start = json[object..].find("0x").expect("0x") + object + 2;
    let hex_end = json[hex_start..].find('"').expect("end") + hex_start;
    hex::decode(&json[hex_start..hex_end]).expect("hex")
}

pub(crate) fn send(
    chain: &mut Chain,
    from: Address,
    to: Option<Address>,
    input: Vec<u8>,
) -> TxOutcome {
    chain
        .send_transaction(TxRequest {
            from,
            to,
            input: input.into(),
            ..Default::default()
        })
        .expect("transaction")
}

pub(crate) fn send_ok(chain: &mut Chain, from: Address, to: Address, input: Vec<u8>) -> TxOutcome {
    let outcome = send(chain, from, Some(to), input);
    assert!(
        outcome.status.is_success(),
        "{:?} {}",
        outcome.status,
        outcome.output
    );
    outcome
}

pub(crate) fn create(chain: &mut Chain, init: Vec<u8>) -> Address {
    let outcome = send(chain, ALICE, None, init);
    assert!(outcome.status.is_success(), "{:?}", outcome.status);
    outcome.contract_address.expect("created")
}

/// Installs `code` at `at` and activates it, paid by [`ALICE`].
pub(crate) fn install(chain: &mut Chain, at: Address, code: Vec<u8>) {
    let outcome = chain
        .install_program(at, Bytes::from(code), ALICE)
        .expect("activation");
    assert!(
        outcome.status.is_success(),
        "activate {at}: {:?} {}",
        outcome.status,
        outcome.output
    );
}

/// An `eth_call` to `to` from `from`: success, output (or revert data) and gas used.
pub(crate) fn call_to(
    chain: &Chain,
    from: Address,
    to: Address,
    input: Vec<u8>,
) -> (bool, Bytes, u64) {
    let request = TxRequest {
        from,
        to: Some(to),
        input: input.into(),
        ..Default::default()
    };
    let outcome = chain.call(&request, None, BlockId::Latest).unwrap();
    (
        outcome.status.is_success(),
        outcome.output,
        outcome.gas_used,
    )
}

/// An `eth_call` to the registry.
pub(crate) fn call(chain: &Chain, from: Address, input: Vec<u8>) -> (bool, Bytes, u64) {
    call_to(chain, from, REGISTRY, input)
}

/// Deploys the mocks: USDC (6 decimals) and the USD and ETH price feeds (8 decimals, 1 and 4,000).
pub(crate) fn deploy_mocks(chain: &mut Chain) -> (Address, Address, Address) {
    let usdc = create(
        chain,
        [
            mock("MockErc20"),
            ("USD Coin".to_string(), "USDC".to_string(), U256::from(6)).abi_encode_params(),
        ]
        .concat(),
    );
    let feed = |chain: &mut Chain, answer: i128| {
        create(
            chain,
            [
                mock("MockChainlinkAggregator"),
                (
                    U256::from(8),
                    "feed".to_string(),
                    I256::try_from(answer).unwrap(),
                )
                    .abi_encode_params(),
            ]
            .concat(),
        )
    };
    let usd_feed = feed(chain, 100_000_000);
    let eth_feed = feed(chain, 4_000 * 100_000_000);
    (usdc, usd_feed, eth_feed)
}

/// PortfolioNetting at [`ENGINE`] with the default risk parameters for ETH.
pub(crate) fn deploy_engine(chain: &mut Chain, engine: Vec<u8>) {
    install(chain, ENGINE, engine);
    send_ok(
        chain,
        ALICE,
        ENGINE,
        [
            &CONSTRUCTOR_SELECTOR[..],
            &(ALICE, ALICE).abi_encode_params(),
        ]
        .concat(),
    );
    let params = pn_params::to_abi(&pn_params::engine_words(&EngineParams::default()));
    send_ok(
        chain,
        ALICE,
        ENGINE,
        [
            &netting::IPortfolioNetting::setRiskParamsCall::SELECTOR[..],
            &(ETH, params).abi_encode_params(),
        ]
        .concat(),
    );
}

/// Registers an ETH instrument and returns its id.
pub(crate) fn register(chain: &mut Chain, kind: u8, expiry: u64, strike: u128) -> u32 {
    let out = send_ok(
        chain,
        ALICE,
        REGISTRY,
        Mr::registerInstrumentCall {
            params: Mr::InstrumentParams {
                underlying: ETH,
                kind,
                expiry,
                strike: U256::from(strike * WAD),
                contractSize: U256::from(WAD / 100),
                openInterestCap: U256::from(1_000_000_000u64),
            },
        }
        .abi_encode(),
    );
    Mr::registerInstrumentCall::abi_decode_returns(&out.output).unwrap()
}

/// Lists USDC and ETH, registers both books' instruments and the venue.
pub(crate) fn configure(chain: &mut Chain, usdc: Address, usd_feed: Address, eth_feed: Address) {
    let bps = |x: u128| U256::from(x * WAD / 10_000);
    send_ok(
        chain,
        ALICE,
        REGISTRY,
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
    );
    send_ok(
        chain,
        ALICE,
        REGISTRY,
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
    );
    send_ok(
        chain,
        ALICE,
        REGISTRY,
        Mr::setVenueCall {
            venue: VENUE,
            params: Mr::VenueParams {
                authorised: true,
                maxShareBps: 10_000,
                cashCreditLimit: U256::from(1_000_000_000_000u64),
            },
        }
        .abi_encode(),
    );
}

/// A change of `size` contracts of `instrument` at `price` whole dollars.
pub(crate) fn change(instrument: u32, size: i128, price: u128) -> Mr::PositionChange {
    Mr::PositionChange {
        instrument,
        sizeDelta: I256::try_from(size).unwrap(),
        price: U256::from(price * WAD),
    }
}
