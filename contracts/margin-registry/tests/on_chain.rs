//! MarginRegistry on the project's local Stylus chain (`ballast-devnet`): the real program from
//! `target/stylus/margin-registry.bin` (built by `bash scripts/build-wasm.sh margin-registry`),
//! installed at one address (as fragments plus a root: the program is larger than one contract's
//! code), the real PortfolioNetting program (`bash scripts/build-wasm.sh portfolio-netting`), and
//! the Solidity mocks of `abi/mocks/` (ERC-20, Chainlink aggregator).
//!
//! Two accounts build books from a venue, position batch by position batch, to 1, 8 and 32
//! positions: a linear book (an ETH perpetual and dated futures, the book of the gas figures in
//! the crate docs) and an options book (calls and puts, and the perpetual as the 32nd position). At each size:
//! `accountHealth` against `accountRisk` (one valuation), and a deposit and a withdrawal. Then the
//! registry's custom errors. The gas of every call is printed (run with `--nocapture`). Skipped,
//! loudly, when the programs are not built.

mod common;

use alloy_primitives::{address, Address, Bytes, I256, U256};
use alloy_sol_types::{SolCall, SolError, SolValue};
use ballast_devnet::{
    stylus::{is_fragment, is_root, StylusRoot},
    BlockId, Chain, ChainConfig,
};
use common::*;

struct Deployment {
    chain: Chain,
    usdc: Address,
    /// The linear book's instruments: the ETH perpetual, then 31 dated futures.
    linear: Vec<u32>,
    /// The options book's instruments: 31 calls and puts, then the ETH perpetual.
    options: Vec<u32>,
}

/// The registry at [`REGISTRY`], constructed; first the same code at a second address refuses an
/// engine without code (activation is per code hash, so it needs none of its own).
fn deploy_registry(chain: &mut Chain, code: Vec<u8>, usdc: Address) {
    let second = address!("00000000000000000000000000000000000b0002");
    install(chain, REGISTRY, code);
    // The registry's code is a root naming at most 4 fragments, which are no programs of their own.
    let root = chain.code(REGISTRY, BlockId::Latest).expect("code");
    assert!(is_root(&root), "not a root: {root}");
    let fragments = StylusRoot::parse(&root).expect("root").fragments;
    assert!((2..=4).contains(&fragments.len()), "{fragments:?}");
    for fragment in fragments {
        assert!(is_fragment(
            &chain.code(fragment, BlockId::Latest).expect("code")
        ));
        let (ok, _, _) = call_to(chain, ALICE, fragment, Mr::ownerCall {}.abi_encode());
        assert!(!ok, "a fragment answered a call");
    }
    chain.set_code(second, root);
    let no_code = Address::repeat_byte(0x77);
    let refused = send(
        chain,
        ALICE,
        Some(second),
        [
            &CONSTRUCTOR_SELECTOR[..],
            &(ALICE, usdc, no_code).abi_encode_params(),
        ]
        .concat(),
    );
    assert!(!refused.status.is_success());
    assert_eq!(
        refused.output,
        Bytes::from(Mr::MarginRegistryNoCode { account: no_code }.abi_encode())
    );
    send_ok(
        chain,
        ALICE,
        REGISTRY,
        [
            &CONSTRUCTOR_SELECTOR[..],
            &(ALICE, usdc, ENGINE).abi_encode_params(),
        ]
        .concat(),
    );
}

/// Opts `who` in to the venue and deposits [`FUNDING`] USDC.
fn fund(chain: &mut Chain, usdc: Address, who: Address) {
    send_ok(
        chain,
        who,
        REGISTRY,
        Mr::optInCall { venue: VENUE }.abi_encode(),
    );
    // Twice the funding: the rest pays the deposits measured later.
    let minted = U256::from(2 * FUNDING);
    send_ok(
        chain,
        ALICE,
        usdc,
        IMockErc20::mintCall {
            to: who,
            value: minted,
        }
        .abi_encode(),
    );
    send_ok(
        chain,
        who,
        usdc,
        IMockErc20::approveCall {
            spender: REGISTRY,
            value: minted,
        }
        .abi_encode(),
    );
    send_ok(
        chain,
        who,
        REGISTRY,
        Mr::depositCall {
            asset: usdc,
            amount: U256::from(FUNDING),
        }
        .abi_encode(),
    );
}

fn deploy() -> Option<Deployment> {
    let code = artifact("margin-registry")?;
    let engine = artifact("portfolio-netting")?;
    assert!(
        code.len() > MAX_CODE_SIZE,
        "the registry is expected to need fragments ({} B)",
        code.len()
    );
    let mut chain = Chain::new(ChainConfig {
        prefunded: [ALICE, CAROL, VENUE]
            .map(|a| (a, U256::from(10u64).pow(U256::from(21))))
            .to_vec(),
        ..Default::default()
    });
    deploy_engine(&mut chain, engine);

    // Mocks: USDC (6 decimals), USD and ETH price feeds (8 decimals).
    let (usdc, usd_feed, eth_feed) = deploy_mocks(&mut chain);

    deploy_registry(&mut chain, code, usdc);
    configure(&mut chain, usdc, usd_feed, eth_feed);
    let now = chain.latest().timestamp;
    // The linear book: the perpetual, then dated futures (one a day).
    let mut linear = vec![register(&mut chain, 0, 0, 0)];
    for i in 1..32u64 {
        linear.push(register(&mut chain, 1, now + i * DAY, 0));
    }
    // The options book: 31 calls and puts (strikes 3 600 to 4 400, a week to five weeks), then the
    // perpetual.
    let mut options = Vec::new();
    for i in 0..31u64 {
        let kind = 2 + (i % 2) as u8;
        let strike = 3_600 + 100 * u128::from(i % 9);
        options.push(register(&mut chain, kind, now + (7 + i) * DAY, strike));
    }
    options.push(linear[0]);
    fund(&mut chain, usdc, ALICE);
    fund(&mut chain, usdc, CAROL);
    Some(Deployment {
        chain,
        usdc,
        linear,
        options,
    })
}

/// Gas of one book at one size.
struct Row {
    positions: usize,
    batches: Vec<u64>,
    health: u64,
    risk: u64,
    deposit: u64,
    withdrawal: u64,
}

/// Grows `account`'s book over `instruments` to 1, 8 and 32 positions (longs and shorts
/// alternating, batches of at most 16 changes, the per-batch cap) and measures each size.
fn grow_book(chain: &mut Chain, usdc: Address, account: Address, instruments: &[u32]) -> Vec<Row> {
    let mut held = 0usize;
    let mut rows = Vec::new();
    for target in [1usize, 8, 32] {
        let changes: Vec<Mr::PositionChange> = instruments[held..target]
            .iter()
            .enumerate()
            .map(|(k, id)| {
                let size = if k % 2 == 0 { 100 } else { -60 };
                change(*id, size, 4_000)
            })
            .collect();
        let batches = changes
            .chunks(16)
            .map(|batch| {
                send_ok(
                    chain,
                    VENUE,
                    REGISTRY,
                    Mr::updatePositionsCall {
                        account,
                        changes: batch.to_vec(),
                        cashDelta: I256::ZERO,
                    }
                    .abi_encode(),
                )
                .gas_used
            })
            .collect();
        held = target;

        let (ok, health, health_gas) = call(
            chain,
            account,
            Mr::accountHealthCall { account }.abi_encode(),
        );
        assert!(ok, "accountHealth reverted: {health}");
        let health = Mr::accountHealthCall::abi_decode_returns(&health).unwrap();
        let (ok, risk, risk_gas) =
            call(chain, account, Mr::accountRiskCall { account }.abi_encode());
        assert!(ok, "accountRisk reverted: {risk}");
        let risk = Mr::accountRiskCall::abi_decode_returns(&risk).unwrap();
        // One valuation behind both views.
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

        // A deposit and a withdrawal of one USDC, the latter valued on the post-withdrawal state.
        let one = U256::from(1_000_000u64);
        let cash_before = cash(chain, account);
        let deposit = send_ok(
            chain,
            account,
            REGISTRY,
            Mr::depositCall {
                asset: usdc,
                amount: one,
            }
            .abi_encode(),
        )
        .gas_used;
        let withdrawal = send_ok(
            chain,
            account,
            REGISTRY,
            Mr::withdrawCall {
                asset: usdc,
                amount: one,
                to: account,
            }
            .abi_encode(),
        )
        .gas_used;
        assert_eq!(cash(chain, account), cash_before);
        rows.push(Row {
            positions: target,
            batches,
            health: health_gas,
            risk: risk_gas,
            deposit,
            withdrawal,
        });
    }
    rows
}

/// `cashBalance(account)`.
fn cash(chain: &Chain, account: Address) -> I256 {
    let (ok, out, _) = call(chain, account, Mr::cashBalanceCall { account }.abi_encode());
    assert!(ok);
    I256::abi_decode(&out).unwrap()
}

#[test]
fn registry_on_chain_books_errors_and_gas() {
    let Some(Deployment {
        mut chain,
        usdc,
        linear,
        options,
    }) = deploy()
    else {
        assert_ne!(
            std::env::var("BALLAST_REQUIRE_STYLUS").as_deref(),
            Ok("1"),
            "target/stylus/margin-registry.bin or portfolio-netting.bin missing: run `bash scripts/build-wasm.sh`"
        );
        eprintln!(
            "SKIPPED: target/stylus/margin-registry.bin or portfolio-netting.bin is missing; run \
             `bash scripts/build-wasm.sh margin-registry portfolio-netting` first"
        );
        return;
    };
    assert_eq!(cash(&chain, ALICE), I256::try_from(FUNDING).unwrap());
    assert_eq!(
        call(&chain, ALICE, Mr::settlementAssetCall {}.abi_encode()).1,
        Bytes::from(usdc.abi_encode())
    );

    let books = [
        ("linear", grow_book(&mut chain, usdc, ALICE, &linear)),
        ("options", grow_book(&mut chain, usdc, CAROL, &options)),
    ];

    // A batch far beyond the account's means: the registry's custom error.
    let (ok, revert, _) = call(
        &chain,
        VENUE,
        Mr::updatePositionsCall {
            account: ALICE,
            changes: vec![change(linear[0], 10_000_000, 4_000)],
            cashDelta: I256::ZERO,
        }
        .abi_encode(),
    );
    assert!(!ok);
    assert_eq!(
        revert[..4],
        Mr::MarginRegistryInsufficientInitialMargin::SELECTOR
    );
    // Withdrawing everything would leave the positions without margin.
    let (ok, revert, _) = call(
        &chain,
        ALICE,
        Mr::withdrawCall {
            asset: usdc,
            amount: U256::from(FUNDING),
            to: ALICE,
        }
        .abi_encode(),
    );
    assert!(!ok);
    assert_eq!(
        revert[..4],
        Mr::MarginRegistryInsufficientInitialMargin::SELECTOR
    );

    // Selectors outside the interface, the split's `facets()` among them: the custom error.
    let facets = alloy_primitives::keccak256("facets()")[..4].to_vec();
    for calldata in [vec![0xde, 0xad, 0xbe, 0xef], facets] {
        let (ok, revert, _) = call(&chain, ALICE, calldata.clone());
        assert!(!ok);
        assert_eq!(
            revert,
            Bytes::from(
                Mr::MarginRegistryUnknownSelector {
                    selector: <[u8; 4]>::try_from(&calldata[..4]).unwrap().into()
                }
                .abi_encode()
            )
        );
    }

    let (ok, _, owner_gas) = call(&chain, ALICE, Mr::ownerCall {}.abi_encode());
    assert!(ok);
    eprintln!("owner() gas: {owner_gas}");
    eprintln!(
        "book     positions  accountHealth  accountRisk  deposit  withdrawal  updatePositions (per batch)"
    );
    for (book, rows) in books {
        for r in rows {
            eprintln!(
                "{book:<8} {:>9}  {:>13}  {:>11}  {:>7}  {:>10}  {:?}",
                r.positions, r.health, r.risk, r.deposit, r.withdrawal, r.batches
            );
        }
    }
}
