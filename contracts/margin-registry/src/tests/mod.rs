//! Native tests of the MarginRegistry.
//!
//! [`RegistryHost`] is the common crate's [`TestHost`] (real executing mock ERC-20s) plus two
//! more kinds of callee the registry static-calls:
//! * mock Chainlink AggregatorV3 feeds with explicit rounds ([`RegistryHost::set_answer`],
//!   [`RegistryHost::push_round`]), which can also revert;
//! * the **real PortfolioNetting contract** (crate `ballast-portfolio-netting`, running the real
//!   risk-math scenario engine natively on its own storage), configured with the engine's default
//!   risk parameters. Its answers are never written by hand: the margin every test checks is what
//!   the engine computes.
//!
//!
//! Modules: `collateral`, `oracle`, `volatility`, `positions`, `views`, `admin`, `properties`,
//! `router` (calls as bytes through the ABI router stylus-sdk generates).

#![allow(
    clippy::unwrap_used,
    clippy::too_many_lines,
    missing_docs,
    unreachable_pub
)]

mod admin;
mod collateral;
mod oracle;
mod positions;
mod properties;
mod router;
mod views;
mod volatility;

use std::{cell::RefCell, collections::HashMap, rc::Rc};

use alloy_primitives::{address, aliases::U80, Address, B256, I256, U256};
use alloy_sol_types::{SolCall, SolError, SolEvent, SolValue};
use ballast_contract_common::testing::{CallResult, ReturnMode, TestHost};
use ballast_portfolio_netting::{params as pn_params, PortfolioNetting};
use ballast_risk_math::scenario::RiskParams as EngineParams;
use stylus_sdk::prelude::HostAccess;
use stylus_sdk::stylus_core::{AccountAccess, BlockAccess};

use crate::{
    types::{
        AggregatorV3Abi, CollateralParams, IPortfolioNetting, InstrumentParams, PositionChange,
        UnderlyingParams, VenueParams,
    },
    MarginRegistry,
};

pub const WAD: u128 = 1_000_000_000_000_000_000;
pub const NOW: u64 = 1_750_000_000;
pub const DAY: u64 = 86_400;

pub const OWNER: Address = address!("0000000000000000000000000000000000000001");
pub const ADMIN: Address = address!("0000000000000000000000000000000000000002");
pub const GUARDIAN: Address = address!("0000000000000000000000000000000000000003");
pub const KEEPER: Address = address!("0000000000000000000000000000000000000004");
pub const ALICE: Address = address!("00000000000000000000000000000000000A11CE");
pub const BOB: Address = address!("0000000000000000000000000000000000000B0B");
pub const EVE: Address = address!("0000000000000000000000000000000000000E0E");
pub const VENUE: Address = address!("00000000000000000000000000000000000000F1");
pub const VENUE2: Address = address!("00000000000000000000000000000000000000F2");
pub const USDC: Address = address!("0000000000000000000000000000000000005DC0");
pub const WETH: Address = address!("0000000000000000000000000000000000000E70");
pub const USDC_FEED: Address = address!("00000000000000000000000000000000000FEED1");
pub const ETH_FEED: Address = address!("00000000000000000000000000000000000FEED2");
pub const BTC_FEED: Address = address!("00000000000000000000000000000000000FEED3");
pub const SEQ_FEED: Address = address!("00000000000000000000000000000000000FEED4");
pub const ENGINE: Address = address!("000000000000000000000000000000000000E9E9");
/// Underlying ids.
pub const ETH: u32 = 1;
pub const BTC: u32 = 2;
/// Instrument ids registered by [`deployed`].
pub const ETH_PERP: u32 = 1;
pub const BTC_PERP: u32 = 2;
pub const ETH_CALL: u32 = 3;
pub const ETH_PUT: u32 = 4;
pub const ETH_FUTURE: u32 = 5;
/// Expiry of the dated instruments.
pub const EXPIRY: u64 = NOW + 30 * DAY;

/// `x` whole units as a WAD `U256`.
pub fn wad(x: u128) -> U256 {
    U256::from(x * WAD)
}

/// `x / 10_000` as a WAD `U256`.
pub fn bps(x: u128) -> U256 {
    U256::from(x * WAD / 10_000)
}

/// `x` whole USDC (6 decimals).
pub fn usdc(x: u128) -> U256 {
    U256::from(x * 1_000_000)
}

pub fn i256(x: i128) -> I256 {
    I256::try_from(x).unwrap()
}

/// One mock feed round.
#[derive(Clone, Copy, Debug)]
pub struct MockRound {
    pub answer: I256,
    pub started_at: u64,
    pub updated_at: u64,
}

/// A mock Chainlink feed.
#[derive(Clone, Debug, Default)]
struct MockFeed {
    decimals: u8,
    rounds: HashMap<u128, MockRound>,
    latest: u128,
    reverts: bool,
    malformed: bool,
}

#[derive(Default)]
struct World {
    feeds: HashMap<Address, MockFeed>,
    engine: Option<(TestHost, Rc<PortfolioNetting>)>,
}

/// The test host: the common crate's [`TestHost`] (tokens) whose callee hook answers the mock
/// feeds and the real engine. Contracts run on [`RegistryHost::inner`].
#[derive(Clone)]
pub struct RegistryHost {
    pub inner: TestHost,
    world: Rc<RefCell<World>>,
}

impl std::ops::Deref for RegistryHost {
    type Target = TestHost;

    fn deref(&self) -> &TestHost {
        &self.inner
    }
}

/// First aggregator round id of phase 1 (Chainlink proxies put the phase in the top bits).
pub const PHASE_ONE: u128 = 1 << 64;

impl RegistryHost {
    pub fn new() -> Self {
        let host = Self {
            inner: TestHost::new(),
            world: Rc::default(),
        };
        // The engine is deployed on this chain.
        host.inner.set_code(ENGINE, vec![0xfe]);
        // The hook holds the registry world, which holds no handle back to `inner`: no cycle.
        let world = host.world.clone();
        host.inner.set_callee(move |inner, _kind, to, data| {
            let registry = Self {
                inner: inner.clone(),
                world: world.clone(),
            };
            registry.intercept(to, data)
        });
        host
    }

    /// Sets the clock of the registry and the engine.
    pub fn set_time(&self, t: u64) {
        self.inner.set_block_timestamp(t);
        if let Some((h, _)) = &self.world.borrow().engine {
            h.set_block_timestamp(t);
        }
    }

    pub fn now(&self) -> u64 {
        self.inner.block_timestamp()
    }

    /// Registers a feed with `decimals` and a first round answering `answer` now.
    pub fn add_feed(&self, feed: Address, decimals: u8, answer: i128) {
        let mut w = self.world.borrow_mut();
        w.feeds.insert(
            feed,
            MockFeed {
                decimals,
                latest: PHASE_ONE,
                ..MockFeed::default()
            },
        );
        drop(w);
        let now = self.now();
        self.push_round(
            feed,
            MockRound {
                answer: i256(answer),
                started_at: now,
                updated_at: now,
            },
        );
    }

    /// Appends a round and makes it the latest.
    pub fn push_round(&self, feed: Address, round: MockRound) -> u128 {
        let mut w = self.world.borrow_mut();
        let f = w.feeds.get_mut(&feed).expect("feed should be registered");
        f.latest += 1;
        let id = f.latest;
        f.rounds.insert(id, round);
        id
    }

    /// Publishes `answer` as a new round updated now.
    pub fn set_answer(&self, feed: Address, answer: i128) -> u128 {
        let now = self.now();
        self.push_round(
            feed,
            MockRound {
                answer: i256(answer),
                started_at: now,
                updated_at: now,
            },
        )
    }

    /// Makes the feed revert (or not).
    pub fn set_feed_reverts(&self, feed: Address, reverts: bool) {
        self.world
            .borrow_mut()
            .feeds
            .get_mut(&feed)
            .unwrap()
            .reverts = reverts;
    }

    /// Makes the feed return garbage (or not).
    pub fn set_feed_malformed(&self, feed: Address, malformed: bool) {
        self.world
            .borrow_mut()
            .feeds
            .get_mut(&feed)
            .unwrap()
            .malformed = malformed;
    }

    /// Deploys the real PortfolioNetting at [`ENGINE`] with default parameters for ETH and BTC.
    pub fn deploy_engine(&self) {
        let h = TestHost::new();
        h.set_block_timestamp(self.now());
        let mut pn = PortfolioNetting::from(&h);
        pn.constructor(OWNER, ADMIN).unwrap();
        h.set_sender(ADMIN);
        let params = pn_params::to_abi(&pn_params::engine_words(&EngineParams::default()));
        pn.set_risk_params(ETH, params.clone()).unwrap();
        pn.set_risk_params(BTC, params).unwrap();
        self.world.borrow_mut().engine = Some((h, Rc::new(pn)));
    }

    /// Runs the engine on ABI calldata, as the chain would.
    fn call_engine(&self, data: &[u8]) -> CallResult {
        let pn = self
            .world
            .borrow()
            .engine
            .as_ref()
            .map(|(_, pn)| pn.clone())
            .ok_or_else(Vec::new)?;
        if data.len() < 4 || data[..4] != IPortfolioNetting::computeMarginCall::SELECTOR {
            return Err(Vec::new());
        }
        type Args = (
            Vec<ballast_portfolio_netting::types::Position>,
            Vec<ballast_portfolio_netting::types::MarketData>,
        );
        let (portfolio, market) =
            <Args as SolValue>::abi_decode_params(&data[4..]).map_err(|_| Vec::new())?;
        match pn.compute_margin(portfolio, market) {
            Ok(result) => Ok((result,).abi_encode_params()),
            Err(e) => Err(e.into()),
        }
    }

    /// Answers a feed call.
    fn call_feed(&self, feed: Address, data: &[u8]) -> Option<CallResult> {
        let w = self.world.borrow();
        let f = w.feeds.get(&feed)?;
        if f.reverts {
            return Some(Err(Vec::new()));
        }
        if f.malformed {
            return Some(Ok(vec![1, 2, 3]));
        }
        if data.len() < 4 {
            return Some(Err(Vec::new()));
        }
        let encode = |id: u128| -> CallResult {
            let r = f.rounds.get(&id).ok_or_else(Vec::new)?;
            let id = U80::from(id);
            Ok((
                id,
                r.answer,
                U256::from(r.started_at),
                U256::from(r.updated_at),
                id,
            )
                .abi_encode_params())
        };
        let selector: [u8; 4] = data[..4].try_into().unwrap();
        Some(match selector {
            AggregatorV3Abi::decimalsCall::SELECTOR => Ok(U256::from(f.decimals).abi_encode()),
            AggregatorV3Abi::latestRoundDataCall::SELECTOR => encode(f.latest),
            AggregatorV3Abi::getRoundDataCall::SELECTOR => {
                let call =
                    AggregatorV3Abi::getRoundDataCall::abi_decode(data).map_err(|_| Vec::new());
                match call {
                    Ok(c) => encode(c.roundId.to::<u128>()),
                    Err(e) => Err(e),
                }
            }
            _ => Err(Vec::new()),
        })
    }

    /// Dispatches an intercepted call, or `None` for the token host.
    fn intercept(&self, to: Address, data: &[u8]) -> Option<CallResult> {
        if to == ENGINE {
            return Some(self.call_engine(data));
        }
        self.call_feed(to, data)
    }

    /// Decodes every emitted log of type `T`.
    pub fn events<T: SolEvent>(&self) -> Vec<T> {
        self.inner.events::<T>()
    }
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

pub fn collateral_params(
    feed: Address,
    decimals: u8,
    im_bps: u128,
    mm_bps: u128,
) -> CollateralParams {
    CollateralParams {
        feed,
        heartbeatSecs: 3_600,
        decimals,
        imHaircut: bps(im_bps),
        mmHaircut: bps(mm_bps),
        depositCap: U256::from(u128::MAX),
        enabled: true,
    }
}

pub fn underlying_params(feed: Address, initial_vol_bps: u128) -> UnderlyingParams {
    UnderlyingParams {
        feed,
        heartbeatSecs: 3_600,
        minPokeIntervalSecs: 900,
        impliedVolMaxAgeSecs: 86_400,
        lambda: bps(9_400),
        garchOmega: U256::ZERO,
        garchAlpha: U256::ZERO,
        garchBeta: U256::ZERO,
        maxReturnSigmas: wad(10),
        initialVol: bps(initial_vol_bps),
        stressWeight: U256::ZERO,
        stressVol: U256::ZERO,
        volFloor: bps(1_000),
        volCap: bps(30_000),
        rate: I256::ZERO,
    }
}

pub fn instrument(underlying: u32, kind: u8, expiry: u64, strike: u128) -> InstrumentParams {
    InstrumentParams {
        underlying,
        kind,
        expiry,
        strike: wad(strike),
        contractSize: U256::from(WAD / 100),
        openInterestCap: U256::from(1_000_000_000u64),
    }
}

pub fn venue_params() -> VenueParams {
    VenueParams {
        authorised: true,
        maxShareBps: 10_000,
        cashCreditLimit: usdc(1_000_000),
    }
}

/// A change of `size` contracts at `price` whole quote units.
pub fn change(instrument: u32, size: i128, price: u128) -> PositionChange {
    PositionChange {
        instrument,
        sizeDelta: i256(size),
        price: wad(price),
    }
}

/// A deployed registry: USDC (settlement, 6 dp) and WETH (18 dp) collateral, ETH and BTC
/// underlyings with the engine's default parameters, five instruments (contract size 0.01),
/// two authorised venues, and ALICE and BOB funded, approved and opted in to both venues.
pub fn deployed() -> (RegistryHost, MarginRegistry) {
    let host = RegistryHost::new();
    host.set_time(NOW);
    host.add_token(USDC, ReturnMode::Bool);
    host.add_token(WETH, ReturnMode::Bool);
    host.set_token_decimals(WETH, 18);
    host.add_feed(USDC_FEED, 8, 100_000_000);
    host.add_feed(ETH_FEED, 8, 4_000 * 100_000_000);
    host.add_feed(BTC_FEED, 8, 100_000 * 100_000_000);
    host.deploy_engine();
    let mut reg = MarginRegistry::from(&host.inner);
    reg.constructor(OWNER, USDC, ENGINE).unwrap();
    host.set_sender(OWNER);
    reg.set_risk_admin(ADMIN).unwrap();
    reg.set_guardian(GUARDIAN).unwrap();
    reg.set_volatility_keeper(KEEPER).unwrap();
    reg.list_collateral(USDC, collateral_params(USDC_FEED, 6, 200, 100))
        .unwrap();
    reg.list_collateral(WETH, collateral_params(ETH_FEED, 18, 2_500, 2_000))
        .unwrap();
    reg.list_underlying(ETH, underlying_params(ETH_FEED, 6_000))
        .unwrap();
    reg.list_underlying(BTC, underlying_params(BTC_FEED, 5_000))
        .unwrap();
    assert_eq!(
        reg.register_instrument(instrument(ETH, 0, 0, 0)).unwrap(),
        ETH_PERP
    );
    assert_eq!(
        reg.register_instrument(instrument(BTC, 0, 0, 0)).unwrap(),
        BTC_PERP
    );
    assert_eq!(
        reg.register_instrument(instrument(ETH, 2, EXPIRY, 4_000))
            .unwrap(),
        ETH_CALL
    );
    assert_eq!(
        reg.register_instrument(instrument(ETH, 3, EXPIRY, 3_500))
            .unwrap(),
        ETH_PUT
    );
    assert_eq!(
        reg.register_instrument(instrument(ETH, 1, EXPIRY, 0))
            .unwrap(),
        ETH_FUTURE
    );
    reg.set_venue(VENUE, venue_params()).unwrap();
    reg.set_venue(VENUE2, venue_params()).unwrap();
    let this = host.contract_address();
    for who in [ALICE, BOB] {
        host.mint(USDC, who, usdc(10_000_000));
        host.approve(USDC, who, this, U256::MAX);
        host.mint(WETH, who, wad(1_000));
        host.approve(WETH, who, this, U256::MAX);
        host.set_sender(who);
        reg.opt_in(VENUE).unwrap();
        reg.opt_in(VENUE2).unwrap();
    }
    host.clear_logs();
    (host, reg)
}

/// Deposits `amount` of `asset` as `who`.
pub fn deposit(
    host: &RegistryHost,
    reg: &mut MarginRegistry,
    who: Address,
    asset: Address,
    amount: U256,
) {
    host.set_sender(who);
    reg.deposit(asset, amount).unwrap();
}

/// Applies a batch as `venue`.
pub fn trade(
    host: &RegistryHost,
    reg: &mut MarginRegistry,
    venue: Address,
    account: Address,
    changes: &[PositionChange],
    cash_delta: i128,
) -> Result<(), crate::errors::Error> {
    host.set_sender(venue);
    reg.update_positions(account, changes.to_vec(), i256(cash_delta))
}

/// Storage fingerprint: every slot the registry wrote, for "changes nothing" assertions.
pub fn fingerprint(host: &RegistryHost) -> Vec<(U256, B256)> {
    let mut slots: Vec<(U256, B256)> = host.inner.snapshot().storage.into_iter().collect();
    slots.sort();
    slots
}

/// Runs the real engine directly on `positions` with the registry's current market inputs, for
/// independent expectations.
pub fn engine_margin(
    host: &RegistryHost,
    reg: &MarginRegistry,
    positions: Vec<ballast_portfolio_netting::types::Position>,
) -> ballast_portfolio_netting::types::MarginResult {
    let pn = host.world.borrow().engine.as_ref().unwrap().1.clone();
    let mut market = Vec::new();
    for (id, feed) in [(ETH, ETH_FEED), (BTC, BTC_FEED)] {
        let price = crate::oracle::latest_price(reg.vm(), feed, 8, 3_600, host.now())
            .unwrap()
            .price;
        market.push(ballast_portfolio_netting::types::MarketData {
            underlying: id,
            spot: U256::from(price.raw()),
            vol: reg.volatility(id).unwrap().marginVol,
            rate: I256::ZERO,
        });
    }
    pn.compute_margin(positions, market).unwrap()
}

/// An engine position of `contracts` × 0.01 units.
pub fn pn_position(
    underlying: u32,
    kind: u8,
    expiry: u64,
    strike: u128,
    contracts: i128,
) -> ballast_portfolio_netting::types::Position {
    ballast_portfolio_netting::types::Position {
        underlying,
        kind,
        expiry,
        strike: wad(strike),
        size: i256(contracts * (WAD as i128) / 100),
    }
}
