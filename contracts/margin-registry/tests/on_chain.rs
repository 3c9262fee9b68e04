//! MarginRegistry on the project's local Stylus chain (`ballast-devnet`): the real router and its
//! six facet programs from `target/stylus/` (built by `bash scripts/build-wasm.sh margin-registry`)
//! behind one address, the real PortfolioNetting program (`bash scripts/build-wasm.sh
//! portfolio-netting`), and the Solidity mocks of `abi/mocks/` (ERC-20, Chainlink aggregator).
//!
//! Deposit; position batches from a venue (a perpetual and up to 31 dated futures) through the
//! trade facet and withdrawals through the accounts facet, both valued by the margin facet in a
//! nested DELEGATECALL; `accountHealth` (margin facet) against `accountRisk` (risk facet); the
//! registry's custom errors; and the gas of `accountHealth` at 1, 8 and 32 positions (printed;
//! run with `--nocapture`). Skipped, loudly, when the programs are not built.

use alloy_primitives::{address, hex, Address, Bytes, I256, U256};
use alloy_sol_types::{sol, SolCall, SolError, SolValue};
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

const ALICE: Address = address!("00000000000000000000000000000000000a11ce");
/// The venue (an EOA is enough: the registry only checks `msg.sender`).
const VENUE: Address = address!("0000000000000000000000000000000000000b0b");
const ROUTER: Address = address!("00000000000000000000000000000000000c0de1");
const ENGINE: Address = address!("00000000000000000000000000000000000e9e9e");
/// Facet addresses, in `router::Facet` order.
const FACETS: [(&str, Address); 6] = [
    (
        "margin",
        address!("00000000000000000000000000000000000fac01"),
    ),
    (
        "trade",
        address!("00000000000000000000000000000000000fac02"),
    ),
    ("risk", address!("00000000000000000000000000000000000fac03")),
    (
        "accounts",
        address!("00000000000000000000000000000000000fac04"),
    ),
    (
        "admin",
        address!("00000000000000000000000000000000000fac05"),
    ),
    (
        "market",
        address!("00000000000000000000000000000000000fac06"),
    ),
];
/// Selector of `stylus_constructor()`.
const CONSTRUCTOR_SELECTOR: [u8; 4] = hex!("5585258d");
const WAD: u128 = 1_000_000_000_000_000_000;
const ETH: u32 = 1;
const DAY: u64 = 86_400;

fn artifact(program: &str) -> Option<Vec<u8>> {
    let path = format!(
        "{}/../../target/stylus/{program}.bin",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(path).ok()
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

fn send(chain: &mut Chain, from: Address, to: Option<Address>, input: Vec<u8>) -> TxOutcome {
    chain
        .send_transaction(TxRequest {
            from,
            to,
            input: input.into(),
            ..Default::default()
        })
        .expect("transaction")
}

fn send_ok(chain: &mut Chain, from: Address, to: Address, input: Vec<u8>) -> TxOutcome {
    let outcome = send(chain, from, Some(to), input);
    assert!(
        outcome.status.is_success(),
        "{:?} {}",
        outcome.status,
        outcome.output
    );
    outcome
}

fn create(chain: &mut Chain, init: Vec<u8>) -> Address {
    let outcome = send(chain, ALICE, None, init);
    assert!(outcome.status.is_success(), "{:?}", outcome.status);
    outcome.contract_address.expect("created")
}

/// Installs `code` at `at` and activates it, paid by [`ALICE`].
fn install(chain: &mut Chain, at: Address, code: Vec<u8>) {
    let outcome = chain
        .install_program(at, Bytes::from(code), ALICE)
        .expect("activation");
    assert!(
        outcome.status.is_success(),
        "activate {at}: {}",
        outcome.output
    );
}

/// An `eth_call` from `from`: output (or revert data) and gas used.
fn call(chain: &Chain, from: Address, input: Vec<u8>) -> (bool, Bytes, u64) {
    let request = TxRequest {
        from,
        to: Some(ROUTER),
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

struct Deployment {
    chain: Chain,
    usdc: Address,
    /// Instrument ids: the ETH perpetual, then calls.
    instruments: Vec<u32>,
}

fn deploy() -> Option<Deployment> {
    let router = artifact("margin-registry")?;
    let facets: Vec<Vec<u8>> = FACETS
        .iter()
        .map(|(name, _)| artifact(&format!("margin-registry-{name}")))
        .collect::<Option<_>>()?;
    let engine = artifact("portfolio-netting")?;
    let mut chain = Chain::new(ChainConfig {
        prefunded: vec![
            (ALICE, U256::from(10u64).pow(U256::from(21))),
            (VENUE, U256::from(10u64).pow(U256::from(21))),
        ],
        ..Default::default()
    });

    // PortfolioNetting with the default risk parameters for ETH.
    install(&mut chain, ENGINE, engine);
    send_ok(
        &mut chain,
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
        &mut chain,
        ALICE,
        ENGINE,
        [
            &netting::IPortfolioNetting::setRiskParamsCall::SELECTOR[..],
            &(ETH, params).abi_encode_params(),
        ]
        .concat(),
    );

    // Mocks: USDC (6 decimals), USD and ETH price feeds (8 decimals).
    let usdc = create(
        &mut chain,
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
    let usd_feed = feed(&mut chain, 100_000_000);
    let eth_feed = feed(&mut chain, 4_000 * 100_000_000);

    // The registry: facets, then the router, constructed with their addresses.
    for ((_, at), code) in FACETS.iter().zip(facets) {
        install(&mut chain, *at, code);
    }
    // The same router code at a second address (activation is per code hash) must refuse a facet
    // without code: a DELEGATECALL to it would succeed with no effect.
    let second_router = address!("00000000000000000000000000000000000b0002");
    chain.set_code(second_router, Bytes::from(router.clone()));
    install(&mut chain, ROUTER, router);
    let facet_addresses: [Address; 6] = FACETS.map(|(_, a)| a);
    let no_code = Address::repeat_byte(0x77);
    let mut broken = facet_addresses;
    broken[3] = no_code;
    let refused = send(
        &mut chain,
        ALICE,
        Some(second_router),
        [
            &CONSTRUCTOR_SELECTOR[..],
            &(ALICE, usdc, ENGINE, broken).abi_encode_params(),
        ]
        .concat(),
    );
    assert!(!refused.status.is_success());
    assert_eq!(
        refused.output,
        Bytes::from(Mr::MarginRegistryNoCode { account: no_code }.abi_encode())
    );
    send_ok(
        &mut chain,
        ALICE,
        ROUTER,
        [
            &CONSTRUCTOR_SELECTOR[..],
            &(ALICE, usdc, ENGINE, facet_addresses).abi_encode_params(),
        ]
        .concat(),
    );

    // Governance (admin and market facets).
    let bps = |x: u128| U256::from(x * WAD / 10_000);
    send_ok(
        &mut chain,
        ALICE,
        ROUTER,
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
        &mut chain,
        ALICE,
        ROUTER,
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
    let now = chain.latest().timestamp;
    let mut instruments = Vec::new();
    for i in 0..32u128 {
        // The ETH perpetual, then dated futures (one a day). Linear only, so the figures show the
        // registry's own cost; what options add is PortfolioNetting's repricing, measured by its
        // gas bench (`cargo run --release -p ballast-portfolio-netting --example gas_bench`).
        let (kind, expiry, strike) = if i == 0 {
            (0u8, 0u64, 0u128)
        } else {
            (1u8, now + (i as u64) * DAY, 0)
        };
        let out = send_ok(
            &mut chain,
            ALICE,
            ROUTER,
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
        instruments.push(Mr::registerInstrumentCall::abi_decode_returns(&out.output).unwrap());
    }
    send_ok(
        &mut chain,
        ALICE,
        ROUTER,
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

    // The account (accounts facet): opt in, fund.
    send_ok(
        &mut chain,
        ALICE,
        ROUTER,
        Mr::optInCall { venue: VENUE }.abi_encode(),
    );
    let amount = U256::from(1_000_000u64 * 1_000_000);
    send_ok(
        &mut chain,
        ALICE,
        usdc,
        IMockErc20::mintCall {
            to: ALICE,
            value: amount,
        }
        .abi_encode(),
    );
    send_ok(
        &mut chain,
        ALICE,
        usdc,
        IMockErc20::approveCall {
            spender: ROUTER,
            value: amount,
        }
        .abi_encode(),
    );
    send_ok(
        &mut chain,
        ALICE,
        ROUTER,
        Mr::depositCall {
            asset: usdc,
            amount,
        }
        .abi_encode(),
    );
    Some(Deployment {
        chain,
        usdc,
        instruments,
    })
}

/// A change of `size` contracts of `instrument` at `price` whole dollars.
fn change(instrument: u32, size: i128, price: u128) -> Mr::PositionChange {
    Mr::PositionChange {
        instrument,
        sizeDelta: I256::try_from(size).unwrap(),
        price: U256::from(price * WAD),
    }
}

#[test]
fn registry_router_and_facets_on_chain_with_account_health_gas() {
    let Some(Deployment {
        mut chain,
        usdc,
        instruments,
    }) = deploy()
    else {
        assert_ne!(
            std::env::var("BALLAST_REQUIRE_STYLUS").as_deref(),
            Ok("1"),
            "target/stylus/margin-registry*.bin or portfolio-netting*.bin missing: run `bash scripts/build-wasm.sh`"
        );
        eprintln!(
            "SKIPPED: target/stylus/margin-registry*.bin or portfolio-netting*.bin is missing; run \
             `bash scripts/build-wasm.sh margin-registry portfolio-netting` first"
        );
        return;
    };
    assert_eq!(
        call(
            &chain,
            ALICE,
            Mr::cashBalanceCall { account: ALICE }.abi_encode()
        )
        .1,
        Bytes::from(I256::try_from(1_000_000_000_000i64).unwrap().abi_encode())
    );
    assert_eq!(
        call(&chain, ALICE, Mr::settlementAssetCall {}.abi_encode()).1,
        Bytes::from(usdc.abi_encode())
    );

    let mut held = 0usize;
    let mut rows = Vec::new();
    for target in [1usize, 8, 32] {
        // Open positions until `target` are held: a long perpetual, then alternating futures
        // (batches of 16, the per-batch cap).
        let changes: Vec<Mr::PositionChange> = instruments[held..target]
            .iter()
            .enumerate()
            .map(|(k, id)| {
                let size = if k % 2 == 0 { 100 } else { -60 };
                change(*id, size, 4_000)
            })
            .collect();
        let mut batch_gas = Vec::new();
        for batch in changes.chunks(16) {
            let out = send_ok(
                &mut chain,
                VENUE,
                ROUTER,
                Mr::updatePositionsCall {
                    account: ALICE,
                    changes: batch.to_vec(),
                    cashDelta: I256::ZERO,
                }
                .abi_encode(),
            );
            batch_gas.push(out.gas_used);
        }
        held = target;
        let (ok, positions, _) = call(
            &chain,
            ALICE,
            Mr::positionsCall { account: ALICE }.abi_encode(),
        );
        assert!(ok);
        assert_eq!(
            Mr::positionsCall::abi_decode_returns(&positions)
                .unwrap()
                .len(),
            target
        );

        let (ok, health, gas) = call(
            &chain,
            ALICE,
            Mr::accountHealthCall { account: ALICE }.abi_encode(),
        );
        assert!(ok, "accountHealth reverted: {health}");
        let health = Mr::accountHealthCall::abi_decode_returns(&health).unwrap();
        let (ok, risk, risk_gas) = call(
            &chain,
            ALICE,
            Mr::accountRiskCall { account: ALICE }.abi_encode(),
        );
        assert!(ok, "accountRisk reverted: {risk}");
        let risk = Mr::accountRiskCall::abi_decode_returns(&risk).unwrap();
        // Two facets, one valuation.
        assert_eq!(
            (
                health.equity,
                health.initialMargin,
                health.maintenanceMargin
            ),
            (risk.equity, risk.initialMargin, risk.maintenanceMargin)
        );
        assert!(risk.portfolioInitialMargin > U256::ZERO);
        assert!(health.equity > I256::from_raw(health.initialMargin));
        assert_eq!(risk.positions.len(), target);
        assert_eq!(risk.underlyings.len(), 1);
        assert!(!risk.underlyings[0].scenarioPnl.is_empty());
        rows.push((target, gas, risk_gas, batch_gas));
    }

    // A batch far beyond the account's means: the trade facet's valuation (in the margin facet)
    // rejects it with the registry's custom error, through two DELEGATECALLs.
    let (ok, revert, _) = call(
        &chain,
        VENUE,
        Mr::updatePositionsCall {
            account: ALICE,
            changes: vec![change(instruments[0], 10_000_000, 4_000)],
            cashDelta: I256::ZERO,
        }
        .abi_encode(),
    );
    assert!(!ok);
    assert_eq!(
        revert[..4],
        registry::IMarginRegistry::MarginRegistryInsufficientInitialMargin::SELECTOR
    );
    // Withdrawals (accounts facet, valued by the margin facet): a little succeeds, everything
    // would leave the positions without margin.
    let cash = |chain: &Chain| {
        let (_, out, _) = call(
            chain,
            ALICE,
            Mr::cashBalanceCall { account: ALICE }.abi_encode(),
        );
        I256::abi_decode(&out).unwrap()
    };
    let before = cash(&chain);
    let withdraw = |amount: u64| {
        Mr::withdrawCall {
            asset: usdc,
            amount: U256::from(amount),
            to: ALICE,
        }
        .abi_encode()
    };
    send_ok(&mut chain, ALICE, ROUTER, withdraw(1_000_000_000));
    assert_eq!(
        cash(&chain),
        before - I256::try_from(1_000_000_000i64).unwrap()
    );
    let (ok, revert, _) = call(&chain, ALICE, withdraw(999_000_000_000));
    assert!(!ok);
    assert_eq!(
        revert[..4],
        registry::IMarginRegistry::MarginRegistryInsufficientInitialMargin::SELECTOR
    );

    // Unknown selector: the router's custom error.
    let (ok, revert, _) = call(&chain, ALICE, vec![0xde, 0xad, 0xbe, 0xef]);
    assert!(!ok);
    assert_eq!(
        revert,
        Bytes::from(
            registry::IMarginRegistry::MarginRegistryUnknownSelector {
                selector: [0xde, 0xad, 0xbe, 0xef].into()
            }
            .abi_encode()
        )
    );

    let (ok, _, owner_gas) = call(&chain, ALICE, Mr::ownerCall {}.abi_encode());
    assert!(ok);
    let (ok, out, _) = call(&chain, ALICE, Mr::facetsCall {}.abi_encode());
    assert!(ok);
    assert_eq!(
        Mr::facetsCall::abi_decode_returns(&out).unwrap(),
        FACETS.map(|(_, a)| a),
        "the router reports the facets it was constructed with"
    );
    eprintln!("owner() (router only) gas: {owner_gas}");
    eprintln!("positions  accountHealth gas  accountRisk gas  updatePositions gas (per batch)");
    for (n, health, risk, batches) in rows {
        eprintln!("{n:>9}  {health:>17}  {risk:>15}  {batches:?}");
    }
}
