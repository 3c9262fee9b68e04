//! Valuation of an account: collateral after haircuts, cash, delta-one PnL, expired positions and
//! the PortfolioNetting engine's margin for the live positions.
//!
//! $$\text{equity} = \sum_a q_a P_a + \text{cash}\cdot P_{\text{settle}} + \sum_{\text{linear}} n\,c\,(S-E) +
//!   \text{MtM}_{\text{options}} + \sum_{\text{expired}} \text{payout}$$
//! $$\text{IM} = \text{IM}_{\text{engine}} + \sum_a q_a P_a h^{IM}_a + \max(\text{cash},0) P_{\text{settle}} h^{IM}_{\text{settle}}$$
//! and MM likewise. Debt (negative cash) counts in full, without haircut.
//!
//! # Rounding
//! Everything that adds to equity rounds down, everything that adds to a requirement rounds up,
//! so every approximation is against the account.
//!
//! The valuation never writes storage: a batch or a withdrawal is valued on its in-memory result
//! first (`holdings`, `cash`, `balance_override`), and only written once every check passed.
//!
//! # The PortfolioNetting call
//! [`encode_compute_margin`] encodes the call, [`decode_margin_totals`] reads the head of the
//! result (all a margin check needs) and [`decode_underlying_results`] the breakdown
//! (`accountRisk` only). They are written by hand for gas: with alloy's generic codec instead
//! (measured 2026-11-25) the program is 10 344 B larger decompressed and has 8 more functions,
//! which raises the entry cost of every call that is not priced as cached by about 1 400 gas
//! (`init_cost` grows by 0.1286 gas per byte and 8.25 per function), and every margin check would
//! decode the engine's per-scenario arrays it never reads. The native tests check the engine
//! decodes the call and that the results agree with its own.

use alloc::vec::Vec;

use alloy_primitives::{Address, I256, U256};
use alloy_sol_types::SolCall;
use ballast_risk_math::{MathError, RoundMode, SignedWad, Wad};
use stylus_sdk::{call::static_call, prelude::*};

use crate::{
    errors::{
        netting_failed, Error, MarginRegistryAssetNotListed, MarginRegistrySettlementPriceMissing,
    },
    oracle::{self, OraclePrice},
    types::{CollateralValue, IPortfolioNetting, UnderlyingRisk},
    MarginRegistry,
};

/// Instrument kind: perpetual.
pub(crate) const KIND_PERP: u8 = 0;
/// Instrument kind: dated future.
pub(crate) const KIND_FUTURE: u8 = 1;
/// Instrument kind: European call.
pub(crate) const KIND_CALL: u8 = 2;
/// Instrument kind: European put.
pub(crate) const KIND_PUT: u8 = 3;

/// A position held in memory while an account is valued or a batch is planned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Holding {
    /// Venue holding the position.
    pub(crate) venue: Address,
    /// Instrument id.
    pub(crate) instrument: u32,
    /// Signed size in contracts.
    pub(crate) size: i128,
    /// Average entry price (WAD raw) of delta-one positions.
    pub(crate) entry: u128,
}

/// An instrument's static data, read once per valuation.
#[derive(Clone, Copy, Debug)]
pub(crate) struct InstrumentData {
    /// Underlying id.
    pub(crate) underlying: u32,
    /// Kind (see the `KIND_*` constants).
    pub(crate) kind: u8,
    /// Expiry (0 for perpetuals).
    pub(crate) expiry: u64,
    /// Strike.
    pub(crate) strike: Wad,
    /// Underlying units per contract.
    pub(crate) contract_size: Wad,
}

impl InstrumentData {
    /// Whether the instrument has an expiry that has passed at `now`.
    pub(crate) fn is_expired(&self, now: u64) -> bool {
        self.expiry != 0 && self.expiry <= now
    }

    /// Returns the exposure `size · contractSize` in underlying units (signed WAD).
    ///
    /// # Errors
    /// `Overflow` when the exposure leaves the signed WAD range.
    pub(crate) fn exposure(&self, size: i128) -> Result<SignedWad, MathError> {
        let contract_size =
            i128::try_from(self.contract_size.raw()).map_err(|_| MathError::Overflow)?;
        size.checked_mul(contract_size)
            .map(SignedWad::from_raw)
            .ok_or(MathError::Overflow)
    }

    /// Returns the value of `size` contracts at the price `price`: the payoff of an option, or the
    /// PnL `exposure · (price − entry)` of a delta-one position (rounded down).
    ///
    /// # Errors
    /// `Overflow` when a product leaves the WAD range.
    pub(crate) fn value_at(
        &self,
        size: i128,
        entry: u128,
        price: Wad,
    ) -> Result<SignedWad, MathError> {
        let exposure = self.exposure(size)?;
        let price = price.to_signed()?;
        let per_unit = match self.kind {
            KIND_CALL => price
                .checked_sub(self.strike.to_signed()?)?
                .max(SignedWad::ZERO),
            KIND_PUT => self
                .strike
                .to_signed()?
                .checked_sub(price)?
                .max(SignedWad::ZERO),
            _ => price.checked_sub(Wad::from_raw(entry).to_signed()?)?,
        };
        exposure.mul_wad(per_unit, RoundMode::Down)
    }
}

/// Market inputs of one underlying used in a valuation.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Market {
    /// Underlying id.
    pub(crate) underlying: u32,
    /// Oracle price and its time.
    pub(crate) spot: OraclePrice,
    /// Margin volatility (annualised WAD).
    pub(crate) vol: Wad,
    /// Carry rate (signed WAD).
    pub(crate) rate: SignedWad,
}

/// The result of valuing an account, with every figure `accountRisk` reports.
#[derive(Debug, Default)]
pub(crate) struct Valuation {
    /// Equity.
    pub(crate) equity: SignedWad,
    /// Total initial margin.
    pub(crate) initial: Wad,
    /// Total maintenance margin.
    pub(crate) maintenance: Wad,
    /// Value of the cash balance.
    pub(crate) cash_value: SignedWad,
    /// Delta-one PnL against entry, plus the payout of expired positions.
    pub(crate) unrealised: SignedWad,
    /// Options mark-to-market from the engine.
    pub(crate) options_value: SignedWad,
    /// Engine initial margin.
    pub(crate) portfolio_initial: Wad,
    /// Engine maintenance margin.
    pub(crate) portfolio_maintenance: Wad,
    /// Engine initial spread credit.
    pub(crate) initial_credit: Wad,
    /// Engine maintenance spread credit.
    pub(crate) maintenance_credit: Wad,
    /// Collateral holdings, valued.
    pub(crate) collateral: Vec<CollateralValue>,
    /// Market inputs of the live positions' underlyings.
    pub(crate) markets: Vec<Market>,
    /// The engine's ABI-encoded `MarginResult` (empty without live positions); only its head is
    /// decoded for the totals, [`Valuation::underlying_risks`] decodes the rest.
    pub(crate) engine_result: Vec<u8>,
}

/// The three figures a margin check needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Totals {
    /// Equity.
    pub(crate) equity: SignedWad,
    /// Initial margin.
    pub(crate) initial: Wad,
    /// Maintenance margin.
    pub(crate) maintenance: Wad,
}

impl Valuation {
    /// The totals.
    pub(crate) fn totals(&self) -> Totals {
        Totals {
            equity: self.equity,
            initial: self.initial,
            maintenance: self.maintenance,
        }
    }

    /// Decodes the engine's per-underlying breakdown, with each underlying's market inputs and
    /// oracle age at `now`.
    ///
    /// # Errors
    /// [`crate::errors::MarginRegistryNettingFailed`] when the engine's result does not decode.
    pub(crate) fn underlying_risks(
        &self,
        engine: Address,
        now: u64,
    ) -> Result<Vec<UnderlyingRisk>, Error> {
        if self.engine_result.is_empty() {
            return Ok(Vec::new());
        }
        let bad = || netting_failed(engine, Vec::new());
        let items = decode_underlying_results(&self.engine_result).ok_or_else(bad)?;
        Ok(items
            .into_iter()
            .map(|r| {
                let m = self.markets.iter().find(|m| m.underlying == r.underlying);
                let (spot, vol, age) = m.map_or((U256::ZERO, U256::ZERO, U256::ZERO), |m| {
                    (
                        u256(m.spot.price),
                        u256(m.vol),
                        U256::from(now - m.spot.updated_at),
                    )
                });
                UnderlyingRisk {
                    spot,
                    vol,
                    oracleAge: age,
                    ..r
                }
            })
            .collect())
    }
}

/// Decodes the `underlyings` of an ABI-encoded `MarginResult` return value into
/// [`UnderlyingRisk`] entries (market fields zero), or `None` when malformed (see the module docs
/// for why by hand); every offset and length is bounds-checked.
///
/// Layout: word 0 is the offset of the result tuple; its sixth head word is the offset of the
/// `UnderlyingRisk[]` array (length, then one offset per element, relative to the first); each
/// element's head is `greeks` (5 words, `underlying` first), `scanRange`, `worstScenario`,
/// `scanLoss`, `initialMargin`, `maintenanceMargin`, `markToMarket` and the offset of
/// `scenarioPnl` (length, then words).
pub(crate) fn decode_underlying_results(ret: &[u8]) -> Option<Vec<UnderlyingRisk>> {
    let word = |at: usize| -> Option<U256> {
        Some(U256::from_be_slice(ret.get(at..at.checked_add(32)?)?))
    };
    let offset = |at: usize, base: usize| -> Option<usize> {
        base.checked_add(usize::try_from(word(at)?).ok()?)
    };
    let result = offset(0, 0)?;
    let array = offset(result.checked_add(5 * 32)?, result)?;
    let count = usize::try_from(word(array)?).ok()?;
    let elements = array.checked_add(32)?;
    let mut out = Vec::new();
    for i in 0..count {
        let item = offset(elements.checked_add(i.checked_mul(32)?)?, elements)?;
        let field = |k: usize| word(item.checked_add(32 * k)?);
        let pnl = offset(item.checked_add(11 * 32)?, item)?;
        let len = usize::try_from(word(pnl)?).ok()?;
        let mut scenario_pnl = Vec::new();
        for j in 0..len {
            let at = j.checked_mul(32)?.checked_add(pnl)?.checked_add(32)?;
            scenario_pnl.push(I256::from_raw(word(at)?));
        }
        out.push(UnderlyingRisk {
            underlying: u32::try_from(field(0)?).ok()?,
            spot: U256::ZERO,
            vol: U256::ZERO,
            oracleAge: U256::ZERO,
            worstScenario: field(6)?,
            scanLoss: field(7)?,
            initialMargin: field(8)?,
            maintenanceMargin: field(9)?,
            scenarioPnl: scenario_pnl,
        });
    }
    Some(out)
}

/// A live position as the engine takes it (`IPortfolioNetting.Position`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct EnginePosition {
    /// Underlying id.
    pub(crate) underlying: u32,
    /// 0 linear, 1 call, 2 put.
    pub(crate) kind: u8,
    /// Expiry (0 for perpetuals).
    pub(crate) expiry: u64,
    /// Strike (0 for linear).
    pub(crate) strike: Wad,
    /// Exposure in underlying units.
    pub(crate) size: SignedWad,
}

/// Appends one ABI word.
fn push_word(out: &mut Vec<u8>, word: U256) {
    out.extend_from_slice(&word.to_be_bytes::<32>());
}

/// Appends a signed ABI word (two's complement).
fn push_signed(out: &mut Vec<u8>, x: SignedWad) {
    push_word(out, i256(x).into_raw());
}

/// ABI-encodes `computeMargin(portfolio, marketData)`: both arrays hold static structs, so the
/// encoding is the selector, two offsets and the two length-prefixed runs of words (see the
/// module docs for why by hand).
pub(crate) fn encode_compute_margin(portfolio: &[EnginePosition], markets: &[Market]) -> Vec<u8> {
    const POSITION_WORDS: usize = 5;
    const MARKET_WORDS: usize = 4;
    let mut out = Vec::with_capacity(
        4 + 32 * (4 + POSITION_WORDS * portfolio.len() + MARKET_WORDS * markets.len()),
    );
    out.extend_from_slice(&IPortfolioNetting::computeMarginCall::SELECTOR);
    push_word(&mut out, U256::from(64));
    push_word(
        &mut out,
        U256::from(64 + 32 * (1 + POSITION_WORDS * portfolio.len())),
    );
    push_word(&mut out, U256::from(portfolio.len()));
    for p in portfolio {
        push_word(&mut out, U256::from(p.underlying));
        push_word(&mut out, U256::from(p.kind));
        push_word(&mut out, U256::from(p.expiry));
        push_word(&mut out, u256(p.strike));
        push_signed(&mut out, p.size);
    }
    push_word(&mut out, U256::from(markets.len()));
    for m in markets {
        push_word(&mut out, U256::from(m.underlying));
        push_word(&mut out, u256(m.spot.price));
        push_word(&mut out, u256(m.vol));
        push_signed(&mut out, m.rate);
    }
    out
}

/// The totals at the head of an ABI-encoded `MarginResult` return value: initial and maintenance
/// margin, initial and maintenance credit, and mark-to-market, or `None` when the data is too
/// short or a figure leaves the WAD range.
pub(crate) fn decode_margin_totals(ret: &[u8]) -> Option<([Wad; 4], SignedWad)> {
    let word = |i: usize| -> Option<U256> {
        let start = i.checked_mul(32)?;
        Some(U256::from_be_slice(ret.get(start..start.checked_add(32)?)?))
    };
    // One dynamic tuple: its offset, then its head (five figures and the array offset).
    let head = usize::try_from(word(0)?).ok()? / 32;
    let mut figures = [Wad::ZERO; 4];
    for (k, figure) in figures.iter_mut().enumerate() {
        *figure = wad(word(head + k)?).ok()?;
    }
    let mtm = signed(I256::from_raw(word(head + 4)?)).ok()?;
    word(head + 5)?;
    Some((figures, mtm))
}

/// Reads a stored signed 128-bit value as `i128` (two's complement reinterpretation, exact).
pub(crate) fn i128_of(x: alloy_primitives::Signed<128, 2>) -> i128 {
    x.into_raw().to::<u128>() as i128
}

/// Converts a storage or ABI `U256` into a [`Wad`].
///
/// # Errors
/// `Overflow` above `u128::MAX`.
pub(crate) fn wad(x: U256) -> Result<Wad, MathError> {
    u128::try_from(x)
        .map(Wad::from_raw)
        .map_err(|_| MathError::Overflow)
}

/// Converts a [`Wad`] into a `U256`.
pub(crate) fn u256(x: Wad) -> U256 {
    U256::from(x.raw())
}

/// Converts a [`SignedWad`] into an `I256`.
pub(crate) fn i256(x: SignedWad) -> I256 {
    I256::try_from(x.raw()).expect("should fit: i128 always fits i256")
}

/// Converts an `I256` into a [`SignedWad`].
///
/// # Errors
/// `Overflow` outside the `i128` range.
pub(crate) fn signed(x: I256) -> Result<SignedWad, MathError> {
    i128::try_from(x)
        .map(SignedWad::from_raw)
        .map_err(|_| MathError::Overflow)
}

/// Values `amount` token units (a `decimals`-decimal token) at `price`, rounded in `mode`.
///
/// # Errors
/// `Overflow` when the amount or the value leaves the WAD range.
pub(crate) fn token_value(
    amount: U256,
    decimals: u8,
    price: Wad,
    mode: RoundMode,
) -> Result<Wad, MathError> {
    let amount = u128::try_from(amount).map_err(|_| MathError::Overflow)?;
    Wad::from_token_amount(amount, decimals, mode)?.mul_wad(price, mode)
}

impl MarginRegistry {
    /// Reads every position of `account` into memory.
    pub(crate) fn load_holdings(&self, account: Address) -> Vec<Holding> {
        let acc = self.accounts.getter(account);
        let count = acc.position_keys.len();
        let mut holdings = Vec::with_capacity(count);
        for i in 0..count {
            let key = acc.position_keys.get(i).expect("should exist: i < len");
            let position = acc.positions.getter(key);
            let (venue, instrument) = crate::storage::split_position_key(key);
            holdings.push(Holding {
                venue,
                instrument,
                size: i128_of(position.size.get()),
                entry: position.entry_price.get().to::<u128>(),
            });
        }
        holdings
    }

    /// Reads the static data of instrument `id`.
    ///
    /// # Errors
    /// [`crate::errors::MarginRegistryInstrumentNotFound`] for an unknown id.
    pub(crate) fn instrument_data(&self, id: u32) -> Result<InstrumentData, Error> {
        let index = (id as usize).wrapping_sub(1);
        let inst = self
            .instruments
            .get(index)
            .ok_or(crate::errors::MarginRegistryInstrumentNotFound { instrument: id })?;
        Ok(InstrumentData {
            underlying: inst.underlying.get().to::<u32>(),
            kind: inst.kind.get().to::<u8>(),
            expiry: inst.expiry.get().to::<u64>(),
            strike: Wad::from_raw(inst.strike.get().to::<u128>()),
            contract_size: Wad::from_raw(inst.contract_size.get().to::<u128>()),
        })
    }

    /// Reads the oracle price, margin volatility and rate of `underlying` at `now`.
    ///
    /// # Errors
    /// An oracle error, or [`crate::errors::MarginRegistryUnderlyingNotListed`].
    pub(crate) fn market(&self, underlying: u32, now: u64) -> Result<Market, Error> {
        let u = self.underlyings.getter(underlying);
        if !u.listed.get() {
            return Err(crate::errors::MarginRegistryUnderlyingNotListed { underlying }.into());
        }
        let spot = oracle::latest_price(
            self.vm(),
            u.feed.get(),
            u.feed_decimals.get().to::<u8>(),
            u.heartbeat_secs.get().to::<u32>(),
            now,
        )?;
        let vol = self.margin_vol(underlying, now)?;
        Ok(Market {
            underlying,
            spot,
            vol,
            rate: SignedWad::from_raw(i128_of(u.rate.get())),
        })
    }

    /// Values `account` with the given positions and cash, using stored collateral balances except
    /// `balance_override` (asset, new balance).
    ///
    /// # Errors
    /// Oracle, netting and RiskMath errors; [`MarginRegistrySettlementPriceMissing`] for an expired
    /// position without a recorded price; [`MarginRegistryAssetNotListed`] for cash without a
    /// listed settlement asset.
    pub(crate) fn value_account(
        &self,
        account: Address,
        holdings: &[Holding],
        cash: I256,
        balance_override: Option<(Address, U256)>,
    ) -> Result<Valuation, Error> {
        let now = self.vm().block_timestamp();
        let mut v = Valuation::default();
        let mut equity = SignedWad::ZERO;
        let mut initial = Wad::ZERO;
        let mut maintenance = Wad::ZERO;

        // Collateral.
        let acc = self.accounts.getter(account);
        let mut mask = acc.asset_mask.get().to::<u16>();
        if let Some((asset, _)) = balance_override {
            let index = self.collateral.getter(asset).index.get().to::<u8>();
            if index > 0 {
                mask |= 1 << (index - 1);
            }
        }
        let mut i = 0usize;
        while mask != 0 {
            if mask & 1 == 1 {
                let asset = self
                    .asset_list
                    .get(i)
                    .expect("should exist: mask bits follow the list");
                let balance = match balance_override {
                    Some((a, b)) if a == asset => b,
                    _ => acc.balances.get(asset),
                };
                if !balance.is_zero() {
                    let held = self.value_collateral(asset, balance, now)?;
                    equity = equity.checked_add(wad(held.value)?.to_signed()?)?;
                    initial = initial.checked_add(wad(held.value - held.initialValue)?)?;
                    maintenance =
                        maintenance.checked_add(wad(held.value - held.maintenanceValue)?)?;
                    v.collateral.push(held);
                }
            }
            mask >>= 1;
            i += 1;
        }

        // Cash in the settlement asset.
        if !cash.is_zero() {
            let asset = self.settlement_asset.get();
            let config = self.collateral.getter(asset);
            if config.index.get().is_zero() {
                return Err(MarginRegistryAssetNotListed { asset }.into());
            }
            let decimals = config.decimals.get().to::<u8>();
            let price = oracle::latest_price(
                self.vm(),
                config.feed.get(),
                config.feed_decimals.get().to::<u8>(),
                config.heartbeat_secs.get().to::<u32>(),
                now,
            )?
            .price;
            if cash.is_negative() {
                let debt = token_value(cash.unsigned_abs(), decimals, price, RoundMode::Up)?;
                v.cash_value = debt.to_signed()?.checked_neg()?;
            } else {
                let value = token_value(cash.into_raw(), decimals, price, RoundMode::Down)?;
                v.cash_value = value.to_signed()?;
                initial = initial.checked_add(value.mul_wad(
                    Wad::from_raw(config.im_haircut.get().to::<u128>()),
                    RoundMode::Up,
                )?)?;
                maintenance = maintenance.checked_add(value.mul_wad(
                    Wad::from_raw(config.mm_haircut.get().to::<u128>()),
                    RoundMode::Up,
                )?)?;
            }
            equity = equity.checked_add(v.cash_value)?;
        }

        // Positions.
        if !holdings.is_empty() {
            let mut markets: Vec<Market> = Vec::new();
            let mut portfolio: Vec<EnginePosition> = Vec::with_capacity(holdings.len());
            for h in holdings {
                let inst = self.instrument_data(h.instrument)?;
                if inst.is_expired(now) {
                    let price = self
                        .underlyings
                        .getter(inst.underlying)
                        .settlement_prices
                        .get(inst.expiry);
                    if price.is_zero() {
                        return Err(MarginRegistrySettlementPriceMissing {
                            underlying: inst.underlying,
                            expiry: inst.expiry,
                        }
                        .into());
                    }
                    let payout =
                        inst.value_at(h.size, h.entry, Wad::from_raw(price.to::<u128>()))?;
                    v.unrealised = v.unrealised.checked_add(payout)?;
                    continue;
                }
                let market = match markets.iter().find(|m| m.underlying == inst.underlying) {
                    Some(m) => *m,
                    None => {
                        let m = self.market(inst.underlying, now)?;
                        markets.push(m);
                        m
                    }
                };
                let (kind, strike) = match inst.kind {
                    KIND_CALL => (1u8, inst.strike),
                    KIND_PUT => (2u8, inst.strike),
                    _ => {
                        let pnl = inst.value_at(h.size, h.entry, market.spot.price)?;
                        v.unrealised = v.unrealised.checked_add(pnl)?;
                        (0u8, Wad::ZERO)
                    }
                };
                portfolio.push(EnginePosition {
                    underlying: inst.underlying,
                    kind,
                    expiry: inst.expiry,
                    strike,
                    size: inst.exposure(h.size)?,
                });
            }
            equity = equity.checked_add(v.unrealised)?;
            v.markets = markets;
            if !portfolio.is_empty() {
                self.run_engine(&mut v, &portfolio)?;
                equity = equity.checked_add(v.options_value)?;
                initial = initial.checked_add(v.portfolio_initial)?;
                maintenance = maintenance.checked_add(v.portfolio_maintenance)?;
            }
        }

        v.equity = equity;
        v.initial = initial;
        v.maintenance = maintenance;
        Ok(v)
    }

    /// Values `balance` of collateral `asset` at its oracle price, with both haircuts.
    ///
    /// # Errors
    /// An oracle or RiskMath error.
    fn value_collateral(
        &self,
        asset: Address,
        balance: U256,
        now: u64,
    ) -> Result<CollateralValue, Error> {
        let config = self.collateral.getter(asset);
        let quote = oracle::latest_price(
            self.vm(),
            config.feed.get(),
            config.feed_decimals.get().to::<u8>(),
            config.heartbeat_secs.get().to::<u32>(),
            now,
        )?;
        let value = token_value(
            balance,
            config.decimals.get().to::<u8>(),
            quote.price,
            RoundMode::Down,
        )?;
        let im_cut = value.mul_wad(
            Wad::from_raw(config.im_haircut.get().to::<u128>()),
            RoundMode::Up,
        )?;
        let mm_cut = value.mul_wad(
            Wad::from_raw(config.mm_haircut.get().to::<u128>()),
            RoundMode::Up,
        )?;
        Ok(CollateralValue {
            asset,
            balance,
            price: u256(quote.price),
            value: u256(value),
            // Overflow not possible: haircuts are at most 1, so each cut is at most the value.
            initialValue: u256(value) - u256(im_cut),
            maintenanceValue: u256(value) - u256(mm_cut),
            oracleAge: U256::from(now - quote.updated_at),
        })
    }

    /// Static-calls the PortfolioNetting engine on `portfolio` with the markets in `v` and
    /// records its totals (and its raw result) in `v`.
    ///
    /// # Errors
    /// [`crate::errors::MarginRegistryNettingFailed`] with the engine's revert data (empty when
    /// its result does not decode or a figure leaves the WAD range).
    #[inline(never)]
    fn run_engine(&self, v: &mut Valuation, portfolio: &[EnginePosition]) -> Result<(), Error> {
        let engine = self.portfolio_netting.get();
        let data = encode_compute_margin(portfolio, &v.markets);
        let ret = static_call(self.vm(), Call::new(), engine, &data).map_err(|e| {
            let reason = match e {
                stylus_sdk::stylus_core::calls::errors::Error::Revert(data) => data,
                _ => Vec::new(),
            };
            netting_failed(engine, reason)
        })?;
        let ([initial, maintenance, initial_credit, maintenance_credit], mtm) =
            decode_margin_totals(&ret).ok_or_else(|| netting_failed(engine, Vec::new()))?;
        v.portfolio_initial = initial;
        v.portfolio_maintenance = maintenance;
        v.initial_credit = initial_credit;
        v.maintenance_credit = maintenance_credit;
        v.options_value = mtm;
        v.engine_result = ret;
        Ok(())
    }
}
