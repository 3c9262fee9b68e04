//! Instruments, venues, opt-ins, position batches and expiry settlement.
//!
//! A batch is planned entirely in memory ([`MarginRegistry::plan_update`]): instrument and size
//! checks, realised PnL of delta-one reductions at the venue's trade price, open-interest and venue
//! caps, the position-count cap, the venue's cash-credit limit and finally the margin check on the
//! post-batch state. Only a plan that passed every check is written
//! ([`MarginRegistry::apply_plan`]), so a rejected batch changes nothing. `previewUpdate` runs the
//! same planner without writing.
//!
//! A batch *increases risk* when any position grows in absolute size or flips side, or when
//! `cashDelta < 0`; it then needs initial margin, is refused while paused or during the sequencer
//! grace period, and is refused from a deauthorised venue. Any other batch needs maintenance
//! margin only.

use alloc::vec::Vec;

use alloy_primitives::{aliases::U80, Address, I256, U256};
use ballast_risk_math::{MathError, RoundMode, SignedWad, Wad};
use stylus_sdk::prelude::*;

use crate::{
    errors::{
        out_of_bounds, Error, MarginRegistryAccountNotOptedIn, MarginRegistryInstrumentExpired,
        MarginRegistryInsufficientInitialMargin, MarginRegistryInsufficientMaintenanceMargin,
        MarginRegistryInvalidInstrument, MarginRegistryNotExpired,
        MarginRegistryOpenInterestCapExceeded, MarginRegistrySettlementPriceAlreadyRecorded,
        MarginRegistrySettlementRoundInvalid, MarginRegistrySizeOutOfRange,
        MarginRegistryTooManyChanges, MarginRegistryTooManyPositions,
        MarginRegistryUnderlyingNotListed, MarginRegistryVenueCashLimitExceeded,
        MarginRegistryVenueHasPositions, MarginRegistryVenueNotAuthorised,
        MarginRegistryVenueShareExceeded, MarginRegistryZeroAddress,
    },
    events::{
        InstrumentRegistered, OpenInterestCapUpdated, PositionSettled, PositionUpdated,
        PositionsUpdated, SettlementPriceRecorded, VenueConfigured, VenueOptedIn, VenueOptedOut,
    },
    margin::{
        i256, u256, Holding, InstrumentData, Totals, KIND_CALL, KIND_FUTURE, KIND_PERP, KIND_PUT,
    },
    oracle,
    storage::{position_key, split_position_key},
    types::{InstrumentParams, PositionChange, VenueParams},
    volatility::check_bounds,
    MarginRegistry,
};

/// Sizes (contracts) must stay below 2^96 in absolute value.
const MAX_ABS_SIZE: i128 = 1 << 96;
/// Largest contract size (WAD): one million units of the underlying.
const MAX_CONTRACT_SIZE: u128 = 1_000_000_000_000_000_000_000_000;
/// Basis points in one.
const BPS: u64 = 10_000;

/// Open-interest bookkeeping of one instrument within a batch.
#[derive(Clone, Copy, Debug)]
struct OpenInterest {
    instrument: u32,
    /// Total long / short contracts before and after.
    long: (U256, U256),
    short: (U256, U256),
    /// The venue's long / short contracts before and after.
    venue_long: (U256, U256),
    venue_short: (U256, U256),
}

/// One applied change, for events.
#[derive(Clone, Copy, Debug)]
struct Applied {
    instrument: u32,
    delta: i128,
    size: i128,
    entry: u128,
}

/// A batch that passed every check but the margin requirement.
struct Draft {
    /// The plan (totals not set yet).
    plan: Plan,
    /// Whether the post-batch state must be valued (not when trivially safe and enforcing).
    needs_valuation: bool,
}

/// A batch that passed every check, ready to be written.
pub(crate) struct Plan {
    venue: Address,
    account: Address,
    /// Post-batch positions of the account (sizes non-zero).
    holdings: Vec<Holding>,
    /// Keys touched by the batch.
    touched: Vec<U256>,
    applied: Vec<Applied>,
    open_interest: Vec<OpenInterest>,
    cash_delta: I256,
    cash: I256,
    venue_net: I256,
    /// Whether the batch increased risk.
    pub(crate) risk_increasing: bool,
    /// Margin totals of the post-batch state (zero when it was trivially safe and not needed).
    pub(crate) totals: Totals,
}

/// Returns `x / d` rounded down, for a small divisor: long division over the 64-bit limbs (ruint's
/// general 256-bit division costs kilobytes of WASM).
fn div_small(x: U256, d: u64) -> U256 {
    let mut limbs = x.into_limbs();
    let mut rem: u128 = 0;
    for limb in limbs.iter_mut().rev() {
        let cur = (rem << 64) | u128::from(*limb);
        // Cannot truncate: rem < d, so cur / d < 2^64.
        *limb = (cur / u128::from(d)) as u64;
        rem = cur % u128::from(d);
    }
    U256::from_limbs(limbs)
}

/// Splits a signed contract count into (long, short) magnitudes.
fn sides(size: i128) -> (U256, U256) {
    if size >= 0 {
        (U256::from(size.unsigned_abs()), U256::ZERO)
    } else {
        (U256::ZERO, U256::from(size.unsigned_abs()))
    }
}

/// Applies a (long, short) change from `old` to `new` size to a (long, short) total.
fn shift(total: (U256, U256), old: i128, new: i128) -> (U256, U256) {
    let (ol, os) = sides(old);
    let (nl, ns) = sides(new);
    // Overflow not possible: totals include the old sides, and sizes are below 2^96.
    (total.0 - ol + nl, total.1 - os + ns)
}

/// Converts a signed WAD amount of the quote unit into settlement token units, rounding toward −∞.
fn to_cash_units(x: SignedWad, decimals: u8) -> Result<I256, MathError> {
    let magnitude = Wad::from_raw(x.raw().unsigned_abs());
    if x.raw() >= 0 {
        Ok(I256::from_raw(U256::from(
            magnitude.to_token_amount(decimals, RoundMode::Down)?,
        )))
    } else {
        Ok(-I256::from_raw(U256::from(
            magnitude.to_token_amount(decimals, RoundMode::Up)?,
        )))
    }
}

impl MarginRegistry {
    /// Registers an instrument (owner only) and returns its id.
    ///
    /// # Errors
    /// See `registerInstrument` in the interface.
    ///
    /// # Events
    /// [`InstrumentRegistered`].
    pub(crate) fn register_instrument_impl(&mut self, p: InstrumentParams) -> Result<u32, Error> {
        self.ownable.only_owner::<Error>()?;
        if !self.underlyings.getter(p.underlying).listed.get() {
            return Err(MarginRegistryUnderlyingNotListed {
                underlying: p.underlying,
            }
            .into());
        }
        let now = self.vm().block_timestamp();
        let valid = match p.kind {
            KIND_PERP => p.expiry == 0 && p.strike.is_zero(),
            KIND_FUTURE => p.expiry > now && p.strike.is_zero(),
            KIND_CALL | KIND_PUT => {
                p.expiry > now && !p.strike.is_zero() && p.strike <= U256::from(u128::MAX)
            }
            _ => false,
        };
        if !valid {
            return Err(MarginRegistryInvalidInstrument {
                kind: p.kind,
                expiry: p.expiry,
                strike: p.strike,
            }
            .into());
        }
        check_bounds("contractSize", p.contractSize, 1, MAX_CONTRACT_SIZE)?;
        let id = u32::try_from(self.instruments.len() + 1).map_err(|_| MathError::Overflow)?;
        let mut inst = self.instruments.grow();
        inst.underlying
            .set(alloy_primitives::Uint::from(p.underlying));
        inst.kind.set(alloy_primitives::Uint::from(p.kind));
        inst.expiry.set(alloy_primitives::Uint::from(p.expiry));
        inst.strike
            .set(alloy_primitives::Uint::from(p.strike.to::<u128>()));
        inst.contract_size
            .set(alloy_primitives::Uint::from(p.contractSize.to::<u128>()));
        inst.open_interest_cap.set(p.openInterestCap);
        drop(inst);
        self.vm().log(InstrumentRegistered {
            instrument: id,
            underlying: p.underlying,
            kind: p.kind,
            expiry: p.expiry,
            strike: p.strike,
            contractSize: p.contractSize,
            openInterestCap: p.openInterestCap,
        });
        Ok(id)
    }

    /// Sets an instrument's open-interest cap (risk admin or owner).
    ///
    /// # Errors
    /// [`crate::errors::MarginRegistryUnauthorizedRiskAdmin`],
    /// [`crate::errors::MarginRegistryInstrumentNotFound`].
    ///
    /// # Events
    /// [`OpenInterestCapUpdated`].
    pub(crate) fn set_open_interest_cap_impl(&mut self, id: u32, cap: U256) -> Result<(), Error> {
        self.only_risk_admin()?;
        self.instrument_data(id)?;
        // The id was checked above.
        self.instruments
            .setter(id as usize - 1)
            .expect("should exist")
            .open_interest_cap
            .set(cap);
        self.vm().log(OpenInterestCapUpdated {
            instrument: id,
            cap,
        });
        Ok(())
    }

    /// Returns an instrument and its open interest.
    ///
    /// # Errors
    /// [`crate::errors::MarginRegistryInstrumentNotFound`].
    pub(crate) fn instrument_impl(&self, id: u32) -> Result<(InstrumentParams, U256, U256), Error> {
        let d = self.instrument_data(id)?;
        let inst = self
            .instruments
            .get(id as usize - 1)
            .expect("should exist: checked above");
        Ok((
            InstrumentParams {
                underlying: d.underlying,
                kind: d.kind,
                expiry: d.expiry,
                strike: u256(d.strike),
                contractSize: u256(d.contract_size),
                openInterestCap: inst.open_interest_cap.get(),
            },
            inst.long_open_interest.get(),
            inst.short_open_interest.get(),
        ))
    }

    /// Authorises, deauthorises or re-caps a venue (owner only).
    ///
    /// # Errors
    /// See `setVenue` in the interface.
    ///
    /// # Events
    /// [`VenueConfigured`].
    pub(crate) fn set_venue_impl(&mut self, venue: Address, p: VenueParams) -> Result<(), Error> {
        self.ownable.only_owner::<Error>()?;
        if venue.is_zero() {
            return Err(MarginRegistryZeroAddress {}.into());
        }
        check_bounds("maxShareBps", U256::from(p.maxShareBps), 1, u128::from(BPS))?;
        let mut v = self.venues.setter(venue);
        v.authorised.set(p.authorised);
        v.max_share_bps
            .set(alloy_primitives::Uint::from(p.maxShareBps));
        v.cash_credit_limit.set(p.cashCreditLimit);
        drop(v);
        self.vm().log(VenueConfigured {
            venue,
            authorised: p.authorised,
            maxShareBps: p.maxShareBps,
            cashCreditLimit: p.cashCreditLimit,
        });
        Ok(())
    }

    /// Returns a venue's settings, net cash credited and open interest in `instrument`.
    pub(crate) fn venue_impl(
        &self,
        venue: Address,
        instrument: u32,
    ) -> (VenueParams, I256, U256, U256) {
        let v = self.venues.getter(venue);
        (
            VenueParams {
                authorised: v.authorised.get(),
                maxShareBps: v.max_share_bps.get().to::<u16>(),
                cashCreditLimit: v.cash_credit_limit.get(),
            },
            v.net_cash_credited.get(),
            v.long_open_interest.get(instrument),
            v.short_open_interest.get(instrument),
        )
    }

    /// Opts the caller in to `venue`.
    ///
    /// # Errors
    /// [`MarginRegistryVenueNotAuthorised`].
    ///
    /// # Events
    /// [`VenueOptedIn`].
    pub(crate) fn opt_in_impl(&mut self, venue: Address) -> Result<(), Error> {
        if !self.venues.getter(venue).authorised.get() {
            return Err(MarginRegistryVenueNotAuthorised { venue }.into());
        }
        let account = self.vm().msg_sender();
        self.accounts
            .setter(account)
            .opted_in
            .setter(venue)
            .set(true);
        self.vm().log(VenueOptedIn { account, venue });
        Ok(())
    }

    /// Opts the caller out of `venue` when flat there.
    ///
    /// # Errors
    /// [`MarginRegistryVenueHasPositions`].
    ///
    /// # Events
    /// [`VenueOptedOut`].
    pub(crate) fn opt_out_impl(&mut self, venue: Address) -> Result<(), Error> {
        let account = self.vm().msg_sender();
        let count = self.accounts.getter(account).venue_positions.get(venue);
        if !count.is_zero() {
            return Err(MarginRegistryVenueHasPositions {
                account,
                venue,
                positions: U256::from(count),
            }
            .into());
        }
        self.accounts
            .setter(account)
            .opted_in
            .setter(venue)
            .set(false);
        self.vm().log(VenueOptedOut { account, venue });
        Ok(())
    }

    /// Plans `changes` and `cash_delta` by `venue` on `account` and checks everything, the margin
    /// requirement on the post-batch state included, without writing.
    /// With `enforce`, also applies the pause, sequencer and authorisation rules of risk-increasing
    /// batches and skips the valuation when the result is trivially safe.
    ///
    /// # Errors
    /// See `updatePositions` in the interface.
    pub(crate) fn plan_update(
        &self,
        venue: Address,
        account: Address,
        changes: &[PositionChange],
        cash_delta: I256,
        enforce: bool,
    ) -> Result<Plan, Error> {
        let draft = self.plan_draft(venue, account, changes, cash_delta, enforce)?;
        let totals = if draft.needs_valuation {
            let v = self.value_account(account, &draft.plan.holdings, draft.plan.cash, None)?;
            Some(v.totals())
        } else {
            None
        };
        Self::finish_plan(draft, totals)
    }

    /// Every check of a batch except the margin requirement, in memory.
    ///
    /// # Errors
    /// See `updatePositions` in the interface.
    fn plan_draft(
        &self,
        venue: Address,
        account: Address,
        changes: &[PositionChange],
        cash_delta: I256,
        enforce: bool,
    ) -> Result<Draft, Error> {
        let now = self.vm().block_timestamp();
        let v = self.venues.getter(venue);
        let (authorised, share_bps, credit_limit, venue_net) = (
            v.authorised.get(),
            v.max_share_bps.get().to::<u64>(),
            v.cash_credit_limit.get(),
            v.net_cash_credited.get(),
        );
        let acc = self.accounts.getter(account);
        if !acc.opted_in.get(venue) {
            return Err(MarginRegistryAccountNotOptedIn { account, venue }.into());
        }
        let max_changes = self.max_changes.get().to::<u32>();
        if changes.len() > max_changes as usize {
            return Err(MarginRegistryTooManyChanges {
                count: U256::from(changes.len()),
                max: U256::from(max_changes),
            }
            .into());
        }
        let mut holdings = self.load_holdings(account);
        let count_before = holdings.len();
        let mut touched: Vec<U256> = Vec::new();
        let mut applied: Vec<Applied> = Vec::with_capacity(changes.len());
        let mut open_interest: Vec<OpenInterest> = Vec::new();
        let mut risk_increasing = cash_delta.is_negative();
        let mut realised = SignedWad::ZERO;

        for c in changes {
            if c.sizeDelta.is_zero() {
                continue;
            }
            let inst: InstrumentData = self.instrument_data(c.instrument)?;
            if inst.is_expired(now) {
                return Err(MarginRegistryInstrumentExpired {
                    instrument: c.instrument,
                    expiry: inst.expiry,
                }
                .into());
            }
            let out_of_range = || {
                Error::from(MarginRegistrySizeOutOfRange {
                    instrument: c.instrument,
                    size: c.sizeDelta,
                })
            };
            let delta = i128::try_from(c.sizeDelta)
                .ok()
                .filter(|d| d.unsigned_abs() < MAX_ABS_SIZE as u128)
                .ok_or_else(out_of_range)?;
            let key = position_key(venue, c.instrument);
            let index = match holdings
                .iter()
                .position(|h| h.venue == venue && h.instrument == c.instrument)
            {
                Some(i) => i,
                None => {
                    holdings.push(Holding {
                        venue,
                        instrument: c.instrument,
                        size: 0,
                        entry: 0,
                    });
                    holdings.len() - 1
                }
            };
            if !touched.contains(&key) {
                touched.push(key);
            }
            let h = &mut holdings[index];
            let old = h.size;
            // Overflow not possible: both magnitudes are below 2^96.
            let new = old + delta;
            if new.unsigned_abs() >= MAX_ABS_SIZE as u128 {
                return Err(MarginRegistrySizeOutOfRange {
                    instrument: c.instrument,
                    size: I256::try_from(new).expect("should fit"),
                }
                .into());
            }
            let flips = old != 0 && new != 0 && (old < 0) != (new < 0);
            risk_increasing |= new.unsigned_abs() > old.unsigned_abs() || flips;
            if inst.kind == KIND_PERP || inst.kind == KIND_FUTURE {
                let price = crate::margin::wad(c.price)?;
                if price.is_zero() {
                    return Err(out_of_bounds(
                        "price",
                        c.price,
                        U256::from(1),
                        U256::from(u128::MAX),
                    ));
                }
                if old == 0 || flips {
                    if flips {
                        realised = realised.checked_add(inst.value_at(old, h.entry, price)?)?;
                    }
                    h.entry = price.raw();
                } else if new.unsigned_abs() > old.unsigned_abs() {
                    // Average entry weighted by size, rounded against the holder.
                    let mode = if new > 0 {
                        RoundMode::Up
                    } else {
                        RoundMode::Down
                    };
                    let old_notional =
                        ballast_risk_math::mul_div(h.entry, old.unsigned_abs(), 1, mode)?;
                    let add_notional =
                        ballast_risk_math::mul_div(price.raw(), delta.unsigned_abs(), 1, mode)?;
                    h.entry = ballast_risk_math::mul_div(
                        old_notional
                            .checked_add(add_notional)
                            .ok_or(MathError::Overflow)?,
                        1,
                        new.unsigned_abs(),
                        mode,
                    )?;
                } else {
                    // Overflow not possible: |old - new| <= |old| < 2^96.
                    realised = realised.checked_add(inst.value_at(old - new, h.entry, price)?)?;
                    if new == 0 {
                        h.entry = 0;
                    }
                }
            }
            h.size = new;
            applied.push(Applied {
                instrument: c.instrument,
                delta,
                size: new,
                entry: h.entry,
            });

            let oi_index = match open_interest
                .iter()
                .position(|o| o.instrument == c.instrument)
            {
                Some(i) => i,
                None => {
                    let inst_store = self
                        .instruments
                        .get(c.instrument as usize - 1)
                        .expect("should exist: checked");
                    let long = inst_store.long_open_interest.get();
                    let short = inst_store.short_open_interest.get();
                    let vl = v.long_open_interest.get(c.instrument);
                    let vs = v.short_open_interest.get(c.instrument);
                    open_interest.push(OpenInterest {
                        instrument: c.instrument,
                        long: (long, long),
                        short: (short, short),
                        venue_long: (vl, vl),
                        venue_short: (vs, vs),
                    });
                    open_interest.len() - 1
                }
            };
            let o = &mut open_interest[oi_index];
            let (l, s) = shift((o.long.1, o.short.1), old, new);
            o.long.1 = l;
            o.short.1 = s;
            let (l, s) = shift((o.venue_long.1, o.venue_short.1), old, new);
            o.venue_long.1 = l;
            o.venue_short.1 = s;
        }
        holdings.retain(|h| h.size != 0);

        let max_positions = self.max_positions.get().to::<u32>();
        if holdings.len() > count_before && holdings.len() > max_positions as usize {
            return Err(MarginRegistryTooManyPositions {
                account,
                count: U256::from(holdings.len()),
                max: U256::from(max_positions),
            }
            .into());
        }
        for o in &open_interest {
            let cap = self
                .instruments
                .get(o.instrument as usize - 1)
                .expect("should exist")
                .open_interest_cap
                .get();
            let before = o.long.0.max(o.short.0);
            let after = o.long.1.max(o.short.1);
            if after > before && after > cap {
                return Err(MarginRegistryOpenInterestCapExceeded {
                    instrument: o.instrument,
                    openInterest: after,
                    cap,
                }
                .into());
            }
            let venue_before = o.venue_long.0.max(o.venue_short.0);
            let venue_after = o.venue_long.1.max(o.venue_short.1);
            let venue_cap = div_small(cap.saturating_mul(U256::from(share_bps)), BPS);
            if venue_after > venue_before && venue_after > venue_cap {
                return Err(MarginRegistryVenueShareExceeded {
                    venue,
                    instrument: o.instrument,
                    openInterest: venue_after,
                    cap: venue_cap,
                }
                .into());
            }
        }

        let settlement_decimals = self
            .collateral
            .getter(self.settlement_asset.get())
            .decimals
            .get()
            .to::<u8>();
        let credited = cash_delta
            .checked_add(to_cash_units(realised, settlement_decimals)?)
            .ok_or(MathError::Overflow)?;
        let cash = acc
            .cash
            .get()
            .checked_add(credited)
            .ok_or(MathError::Overflow)?;
        let new_venue_net = venue_net.checked_add(credited).ok_or(MathError::Overflow)?;
        if new_venue_net > venue_net && new_venue_net > I256::from_raw(credit_limit) {
            return Err(MarginRegistryVenueCashLimitExceeded {
                venue,
                netCredited: new_venue_net,
                limit: credit_limit,
            }
            .into());
        }

        if enforce && risk_increasing {
            if !authorised {
                return Err(MarginRegistryVenueNotAuthorised { venue }.into());
            }
            self.check_risk_increase_allowed(true)?;
        }
        let trivially_safe = holdings.is_empty() && !cash.is_negative();
        Ok(Draft {
            needs_valuation: !(enforce && trivially_safe),
            plan: Plan {
                venue,
                account,
                holdings,
                touched,
                applied,
                open_interest,
                cash_delta,
                cash,
                venue_net: new_venue_net,
                risk_increasing,
                totals: Totals::default(),
            },
        })
    }

    /// Checks the post-batch margin `totals` (`None`: not needed) against the batch's requirement.
    ///
    /// # Errors
    /// [`MarginRegistryInsufficientInitialMargin`] for a risk-increasing batch below initial
    /// margin, [`MarginRegistryInsufficientMaintenanceMargin`] for any other below maintenance.
    fn finish_plan(draft: Draft, totals: Option<Totals>) -> Result<Plan, Error> {
        let mut plan = draft.plan;
        let Some(t) = totals else {
            return Ok(plan);
        };
        let account = plan.account;
        if plan.risk_increasing && t.equity < t.initial.to_signed()? {
            return Err(MarginRegistryInsufficientInitialMargin {
                account,
                equity: i256(t.equity),
                initialMargin: u256(t.initial),
            }
            .into());
        }
        if !plan.risk_increasing && t.equity < t.maintenance.to_signed()? {
            return Err(MarginRegistryInsufficientMaintenanceMargin {
                account,
                equity: i256(t.equity),
                maintenanceMargin: u256(t.maintenance),
            }
            .into());
        }
        plan.totals = t;
        Ok(plan)
    }

    /// Writes a checked plan and emits its events.
    ///
    /// # Events
    /// [`PositionUpdated`] per change, then [`PositionsUpdated`].
    pub(crate) fn apply_plan(&mut self, plan: Plan) {
        let Plan {
            venue,
            account,
            holdings,
            touched,
            applied,
            open_interest,
            cash_delta,
            cash,
            venue_net,
            ..
        } = plan;
        for key in touched {
            let (_, instrument) = split_position_key(key);
            let held = holdings
                .iter()
                .find(|h| h.venue == venue && h.instrument == instrument);
            self.write_position(
                account,
                key,
                held.map_or(0, |h| h.size),
                held.map_or(0, |h| h.entry),
            );
        }
        for o in open_interest {
            let mut inst = self
                .instruments
                .setter(o.instrument as usize - 1)
                .expect("should exist: planned");
            inst.long_open_interest.set(o.long.1);
            inst.short_open_interest.set(o.short.1);
            drop(inst);
            let mut v = self.venues.setter(venue);
            v.long_open_interest
                .setter(o.instrument)
                .set(o.venue_long.1);
            v.short_open_interest
                .setter(o.instrument)
                .set(o.venue_short.1);
        }
        self.accounts.setter(account).cash.set(cash);
        self.venues.setter(venue).net_cash_credited.set(venue_net);
        for a in applied {
            self.vm().log(PositionUpdated {
                account,
                venue,
                instrument: a.instrument,
                sizeDelta: I256::try_from(a.delta).expect("should fit"),
                size: I256::try_from(a.size).expect("should fit"),
                entryPrice: U256::from(a.entry),
            });
        }
        self.vm().log(PositionsUpdated {
            account,
            venue,
            cashDelta: cash_delta,
            cash,
            venueNetCredited: venue_net,
        });
    }

    /// Writes one position's new size and entry, maintaining the key list and venue counts.
    fn write_position(&mut self, account: Address, key: U256, size: i128, entry: u128) {
        let (venue, _) = split_position_key(key);
        let mut acc = self.accounts.setter(account);
        let index = acc.positions.getter(key).index.get().to::<u32>();
        if size == 0 {
            if index == 0 {
                return;
            }
            // Swap-and-pop: move the last key into the freed slot.
            let last = acc.position_keys.len() - 1;
            let last_key = acc
                .position_keys
                .get(last)
                .expect("should exist: index > 0 means non-empty");
            acc.position_keys
                .setter(index as usize - 1)
                .expect("should exist")
                .set(last_key);
            acc.positions
                .setter(last_key)
                .index
                .set(alloy_primitives::Uint::from(index));
            acc.position_keys.pop();
            let mut p = acc.positions.setter(key);
            p.size.set(alloy_primitives::Signed::ZERO);
            p.entry_price.set(alloy_primitives::Uint::ZERO);
            p.index.set(alloy_primitives::Uint::ZERO);
            drop(p);
            let n = acc.venue_positions.get(venue);
            acc.venue_positions
                .setter(venue)
                .set(n - alloy_primitives::Uint::from(1));
            return;
        }
        if index == 0 {
            acc.position_keys.push(key);
            let len = acc.position_keys.len() as u32;
            acc.positions
                .setter(key)
                .index
                .set(alloy_primitives::Uint::from(len));
            let n = acc.venue_positions.get(venue);
            acc.venue_positions
                .setter(venue)
                .set(n + alloy_primitives::Uint::from(1));
        }
        let mut p = acc.positions.setter(key);
        p.size
            .set(alloy_primitives::Signed::try_from(size).expect("should fit: i128"));
        p.entry_price.set(alloy_primitives::Uint::from(entry));
    }

    /// Records the settlement price of `underlying` at `expiry` from round `round_id`.
    ///
    /// # Errors
    /// See `recordSettlementPrice` in the interface.
    ///
    /// # Events
    /// [`SettlementPriceRecorded`].
    pub(crate) fn record_settlement_price_impl(
        &mut self,
        underlying: u32,
        expiry: u64,
        round_id: U80,
    ) -> Result<(), Error> {
        let now = self.vm().block_timestamp();
        let (feed, decimals) = {
            let u = self.underlyings.getter(underlying);
            if !u.listed.get() {
                return Err(MarginRegistryUnderlyingNotListed { underlying }.into());
            }
            if !u.settlement_prices.get(expiry).is_zero() {
                return Err(
                    MarginRegistrySettlementPriceAlreadyRecorded { underlying, expiry }.into(),
                );
            }
            (u.feed.get(), u.feed_decimals.get().to::<u8>())
        };
        if expiry == 0 || expiry > now {
            return Err(MarginRegistryNotExpired {
                expiry,
                timestamp: U256::from(now),
            }
            .into());
        }
        let invalid = || {
            Error::from(MarginRegistrySettlementRoundInvalid {
                underlying,
                expiry,
                roundId: round_id,
            })
        };
        let round = oracle::round_at(self.vm(), feed, round_id)?;
        let price = oracle::validate_round(feed, &round, decimals, None, now)?;
        // The aggregator round (low 64 bits) must have a predecessor in the same phase.
        let aggregator_round = round_id & U80::from(u64::MAX);
        if price.updated_at < expiry || aggregator_round <= U80::from(1) {
            return Err(invalid());
        }
        let previous =
            oracle::round_at(self.vm(), feed, round_id - U80::from(1)).map_err(|_| invalid())?;
        if previous.updated_at.is_zero() || previous.updated_at >= U256::from(expiry) {
            return Err(invalid());
        }
        self.underlyings
            .setter(underlying)
            .settlement_prices
            .setter(expiry)
            .set(alloy_primitives::Uint::from(price.price.raw()));
        self.vm().log(SettlementPriceRecorded {
            underlying,
            expiry,
            price: u256(price.price),
            roundId: round_id,
        });
        Ok(())
    }

    /// Settles every expired position of `account` with a recorded price into cash.
    ///
    /// # Errors
    /// A RiskMath error when a payout leaves the representable range.
    ///
    /// # Events
    /// [`PositionSettled`] per settled position.
    pub(crate) fn settle_expired_impl(&mut self, account: Address) -> Result<U256, Error> {
        let now = self.vm().block_timestamp();
        let decimals = self
            .collateral
            .getter(self.settlement_asset.get())
            .decimals
            .get()
            .to::<u8>();
        let holdings = self.load_holdings(account);
        let mut cash = self.accounts.getter(account).cash.get();
        let mut settled = 0u32;
        for h in holdings {
            let inst = self.instrument_data(h.instrument)?;
            if !inst.is_expired(now) {
                continue;
            }
            let price = self
                .underlyings
                .getter(inst.underlying)
                .settlement_prices
                .get(inst.expiry);
            if price.is_zero() {
                continue;
            }
            let payout = to_cash_units(
                inst.value_at(h.size, h.entry, Wad::from_raw(price.to::<u128>()))?,
                decimals,
            )?;
            cash = cash.checked_add(payout).ok_or(MathError::Overflow)?;
            self.write_position(account, position_key(h.venue, h.instrument), 0, 0);
            {
                let mut i = self
                    .instruments
                    .setter(h.instrument as usize - 1)
                    .expect("should exist: held");
                let (l, s) = shift(
                    (i.long_open_interest.get(), i.short_open_interest.get()),
                    h.size,
                    0,
                );
                i.long_open_interest.set(l);
                i.short_open_interest.set(s);
            }
            {
                let mut v = self.venues.setter(h.venue);
                let (l, s) = shift(
                    (
                        v.long_open_interest.get(h.instrument),
                        v.short_open_interest.get(h.instrument),
                    ),
                    h.size,
                    0,
                );
                v.long_open_interest.setter(h.instrument).set(l);
                v.short_open_interest.setter(h.instrument).set(s);
            }
            self.accounts.setter(account).cash.set(cash);
            settled += 1;
            self.vm().log(PositionSettled {
                account,
                venue: h.venue,
                instrument: h.instrument,
                size: I256::try_from(h.size).expect("should fit"),
                payout,
                cash,
            });
        }
        Ok(U256::from(settled))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn div_small_matches_u256_division(limbs in any::<[u64; 4]>(), d in 1u64..) {
            let x = U256::from_limbs(limbs);
            prop_assert_eq!(div_small(x, d), x / U256::from(d));
        }
    }

    #[test]
    fn div_small_edges() {
        assert_eq!(div_small(U256::MAX, 1), U256::MAX);
        assert_eq!(div_small(U256::MAX, BPS), U256::MAX / U256::from(BPS));
        assert_eq!(div_small(U256::from(9_999), BPS), U256::ZERO);
    }
}
