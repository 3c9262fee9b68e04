//! Property tests over random sequences of deposits, withdrawals, trades and price moves.
//!
//! 1. No accepted risk-increasing action leaves the account below initial margin.
//! 2. Tokens held by the registry equal the credited balances: for every non-settlement asset
//!    `balanceOf(registry) == Σ balances`; for the settlement asset
//!    `balanceOf(registry) == Σ cash − Σ venue net credited` (venue credits are the only other
//!    source of cash, and each venue's is bounded by its limit).

use proptest::prelude::*;

use super::*;

#[derive(Clone, Debug)]
enum Op {
    Deposit {
        who: usize,
        weth: bool,
        amount: u64,
    },
    Withdraw {
        who: usize,
        weth: bool,
        amount: u64,
    },
    Trade {
        who: usize,
        venue: usize,
        instrument: u32,
        size: i64,
        cash: i64,
    },
    MovePrice {
        eth_bps: u64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..2usize, any::<bool>(), 1..20_000u64).prop_map(|(who, weth, amount)| Op::Deposit {
            who,
            weth,
            amount
        }),
        (0..2usize, any::<bool>(), 1..20_000u64).prop_map(|(who, weth, amount)| Op::Withdraw {
            who,
            weth,
            amount
        }),
        (
            0..2usize,
            0..2usize,
            1..5u32,
            -400..400i64,
            -2_000..2_000i64
        )
            .prop_map(|(who, venue, instrument, size, cash)| Op::Trade {
                who,
                venue,
                instrument,
                size,
                cash
            }),
        (8_500..11_500u64).prop_map(|eth_bps| Op::MovePrice { eth_bps }),
    ]
}

/// Token units of an op amount: WETH in 0.001 ETH, USDC in whole dollars.
fn amount_of(weth: bool, amount: u64) -> U256 {
    if weth {
        U256::from(u128::from(amount) * WAD / 1_000)
    } else {
        usdc(u128::from(amount))
    }
}

/// Runs `f` like a transaction: on `Err` the registry's storage is restored, as a revert would on
/// chain (TestVM keeps writes made before an error; the mock tokens roll themselves back).
fn atomic<T, E>(host: &RegistryHost, f: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
    let saved = host.inner.snapshot().storage;
    let result = f();
    if result.is_err() {
        host.inner.clear_storage();
        for (k, v) in saved {
            host.inner.set_storage(k, v);
        }
    }
    result
}

fn check_conservation(host: &RegistryHost, reg: &MarginRegistry) {
    let this = host.contract_address();
    let weth_credited: U256 = [ALICE, BOB]
        .iter()
        .map(|a| reg.collateral_balance(*a, WETH))
        .fold(U256::ZERO, |s, b| s + b);
    assert_eq!(
        host.token_balance(WETH, this),
        weth_credited,
        "WETH held equals WETH credited"
    );
    let cash: I256 = [ALICE, BOB]
        .iter()
        .map(|a| reg.cash_balance(*a))
        .fold(I256::ZERO, |s, c| s + c);
    let venue_net: I256 = [VENUE, VENUE2]
        .iter()
        .map(|v| reg.venue(*v, 0).1)
        .fold(I256::ZERO, |s, c| s + c);
    assert_eq!(
        I256::from_raw(host.token_balance(USDC, this)),
        cash - venue_net,
        "USDC held equals cash net of venue credits"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, max_shrink_iters: 64, ..ProptestConfig::default() })]

    #[test]
    fn registry_keeps_initial_margin_and_conservation_when_operations_random(ops in prop::collection::vec(op(), 1..14)) {
        let (host, mut reg) = deployed();
        let accounts = [ALICE, BOB];
        let venues = [VENUE, VENUE2];
        for op in ops {
            match op {
                Op::Deposit { who, weth, amount } => {
                    host.set_sender(accounts[who]);
                    let _ = atomic(&host, || reg.deposit(if weth { WETH } else { USDC }, amount_of(weth, amount)));
                }
                Op::Withdraw { who, weth, amount } => {
                    host.set_sender(accounts[who]);
                    if atomic(&host, || reg.withdraw(if weth { WETH } else { USDC }, amount_of(weth, amount), accounts[who])).is_ok()
                        && (!reg.positions(accounts[who]).is_empty() || reg.cash_balance(accounts[who]).is_negative())
                    {
                        let (equity, initial, _) = reg.account_health(accounts[who]).unwrap();
                        prop_assert!(equity >= I256::try_from(initial).unwrap(), "withdrawal left {equity} < IM {initial}");
                    }
                }
                Op::Trade { who, venue, instrument, size, cash } => {
                    let account = accounts[who];
                    let price = reg.account_risk(account).ok().and_then(|r| r.underlyings.first().map(|u| u.spot));
                    let price_units = price.map_or(4_000u128, |p| (p / U256::from(WAD)).to::<u128>());
                    let c = change(instrument, i128::from(size), if instrument == BTC_PERP { 100_000 } else { price_units });
                    let cash_delta = i128::from(cash) * 1_000_000;
                    let preview = reg.preview_update(venues[venue], account, vec![c.clone()], i256(cash_delta));
                    if atomic(&host, || trade(&host, &mut reg, venues[venue], account, &[c], cash_delta)).is_ok() {
                        let (_, _, _, increasing) = preview.unwrap();
                        let (equity, initial, maintenance) = reg.account_health(account).unwrap();
                        if increasing {
                            prop_assert!(equity >= I256::try_from(initial).unwrap(), "risk-increasing batch left {equity} < IM {initial}");
                        } else {
                            prop_assert!(equity >= I256::try_from(maintenance).unwrap(), "batch left {equity} < MM {maintenance}");
                        }
                    }
                }
                Op::MovePrice { eth_bps } => {
                    host.set_answer(ETH_FEED, (4_000 * 100_000_000 * u128::from(eth_bps) / 10_000) as i128);
                }
            }
            check_conservation(&host, &reg);
        }
    }
}
