//! Ballast MarginRegistry: the cross-venue margin ledger.
//!
//! Accounts deposit collateral once; venues the account opted in to report position changes and
//! cash flows; the registry values the whole account (Chainlink prices, an on-chain volatility
//! forecast and the PortfolioNetting engine) and refuses any change that leaves it below its
//! requirement. `abi/interfaces/IMarginRegistry.sol` is the source of truth for the ABI; this file
//! is the `#[public]` surface, each method a thin delegation to a module:
//!
//! | module | what |
//! |---|---|
//! | [`collateral`] | listing, deposits (balance-difference credit), withdrawals (initial margin after) |
//! | [`volatility`] | underlyings, EWMA/GARCH forecast (`pokeVolatility`), keeper implied-vol bounds |
//! | [`positions`] | instruments, venues, opt-in, batches, expiry settlement |
//! | [`margin`] | valuation of an account and the PortfolioNetting call |
//! | [`oracle`] | Chainlink price and sequencer-uptime feeds |
//! | [`storage`] | layout (append-only; see the rules there) |
//!
//! # One program
//! The registry is one Stylus program at one address: [`MarginRegistry`] is both the storage and
//! the entrypoint, and its one `#[public]` block below is the whole of `IMarginRegistry`, in the
//! interface's order (collateral; underlyings and volatility; instruments and expiry; venues and
//! positions; margin views; roles and engine). A batch, a withdrawal and the margin views value
//! the account with the same in-process code ([`MarginRegistry::value_account`]); the only call
//! out on that path is the STATICCALL to PortfolioNetting.
//!
//! The block is flat rather than split into `#[implements]` traits: stylus-sdk's `export-abi`
//! prints one extra Solidity interface per trait (repeating every error in each), while a flat
//! block exports exactly `IMarginRegistry`, which is what the ABI drift check compares (see the
//! common crate's "Why no `#[implements]`").
//!
//! The program is larger than the 24 576 B one contract's code may hold, so it is deployed as
//! ArbOS 60 fragments plus a root (`scripts/build-wasm.sh` writes them; nitro accepts at most 4
//! fragments and 256 KiB decompressed).
//!
//! # Size
//! Measured 2026-11-25 (rustc 1.96, `-Oz` with bulk memory, wasm-opt `-Oz`, brotli 11; `bash
//! scripts/build-wasm.sh margin-registry`): raw 228 868 B, optimised 186 693 B, compressed
//! 58 981 B in 3 fragments. Headroom: 75 451 B (28.8 %) under the 262 144 B decompressed limit,
//! 39 311 B under 4 fragments. Its largest function, the ABI router, has 46 940 operators as
//! nitro instruments them (limit 65 536). For comparison, the seven programs of the router and
//! facets it replaces were 12 341 to 23 699 B of deployable code each, 147 194 B together.
//!
//! The margin path encodes PortfolioNetting's call and decodes its result by hand (see
//! [`margin`]): alloy's generic codec would make every call's entry dearer.
//!
//! # Gas
//! On the local Stylus chain (`tests/on_chain.rs`, ArbOS 60 rules, `eth_call` gas including the
//! 21 000 intrinsic, PortfolioNetting included), for an account holding an ETH perpetual and dated
//! futures: `accountHealth` costs 190 008 gas with 1 position, 258 495 with 8 and 495 085 with
//! 32; `accountRisk` 192 222, 261 155 and 499 292 (with calls and puts instead: `accountHealth`
//! 191 574, 272 191 and 548 718). The router and facets, on the chain before its ArbOS 60
//! rules, answered in 215 376, 286 111 and 531 044 (`accountHealth`) and 220 518, 295 084 and
//! 554 738 (`accountRisk`): one program enters once instead of two or three times. A call that
//! does little pays more than before: the first entry of a program in a transaction costs in
//! proportion to its size (8 832 + `init_cost` 28 499 + cached part 2 825, about 40 200 gas), so
//! `owner()` costs 63 852 gas where the small router answered for 39 819. An entry priced as
//! cached (a program among the block's 32 most recently called) pays only the cached part.
//!
//! Reentrancy: the SDK's entrypoint refuses a reentrant call (a token or feed calling back in);
//! the registry's own [`ReentrancyGuard`] makes the property explicit on every state change that
//! calls out.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
extern crate alloc;

pub mod collateral;
pub mod errors;
pub mod events;
pub mod margin;
pub mod oracle;
pub mod positions;
pub mod storage;
pub mod types;
pub mod volatility;

#[cfg(test)]
mod tests;

use alloc::vec::Vec;

use alloy_primitives::{aliases::U80, Address, FixedBytes, I256, U256};
use alloy_sol_types::SolError;
use ballast_contract_common::{Ownable2Step, Pausable, ReentrancyGuard};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageMap, StorageU32, StorageVec},
    ArbResult,
};

use crate::{
    errors::{
        out_of_bounds, Error, MarginRegistryNoCode, MarginRegistryUnauthorizedRiskAdmin,
        MarginRegistryUnknownSelector, MarginRegistryZeroAddress,
    },
    events::{
        AccountLimitsUpdated, PortfolioNettingUpdated, RiskAdminUpdated, SequencerFeedUpdated,
        VolatilityKeeperUpdated,
    },
    margin::{i256, u256, Holding},
    storage::{Account, CollateralConfig, Instrument, Underlying, Venue, MAX_ACCOUNT_POSITIONS},
    types::{
        AccountRisk, CollateralParams, InstrumentParams, PositionChange, PositionView,
        UnderlyingParams, VenueParams, VolatilityState,
    },
};

/// Default cap on positions per account (the engine's default portfolio limit).
pub const DEFAULT_MAX_POSITIONS: u32 = 32;
/// Default cap on changes per batch.
pub const DEFAULT_MAX_CHANGES: u32 = 16;
/// Largest sequencer grace period (seconds).
pub const MAX_SEQUENCER_GRACE_SECS: u32 = 86_400;

/// The registry: its storage and its entrypoint. Append-only: see [`storage`] for the layout.
#[storage]
#[entrypoint]
pub struct MarginRegistry {
    /// Two-step owner.
    pub(crate) ownable: Ownable2Step,
    /// Guardian and pause flag.
    pub(crate) pausable: Pausable,
    /// Reentrancy flag.
    pub(crate) guard: ReentrancyGuard,
    /// Risk admin (parameters within bounds).
    pub(crate) risk_admin: StorageAddress,
    /// Keeper pushing implied-volatility bounds.
    pub(crate) volatility_keeper: StorageAddress,
    /// PortfolioNetting engine.
    pub(crate) portfolio_netting: StorageAddress,
    /// Settlement asset (cash), fixed at deployment.
    pub(crate) settlement_asset: StorageAddress,
    /// L2 sequencer uptime feed (zero: no check).
    pub(crate) sequencer_feed: StorageAddress,
    /// Grace period after a sequencer restart.
    pub(crate) sequencer_grace_secs: StorageU32,
    /// Positions per account cap.
    pub(crate) max_positions: StorageU32,
    /// Changes per batch cap.
    pub(crate) max_changes: StorageU32,
    /// Listed collateral assets, in listing order.
    pub(crate) asset_list: StorageVec<StorageAddress>,
    /// Collateral settings by asset.
    pub(crate) collateral: StorageMap<Address, CollateralConfig>,
    /// Underlyings by id.
    pub(crate) underlyings: StorageMap<u32, Underlying>,
    /// Instruments; id `n` is element `n - 1`.
    pub(crate) instruments: StorageVec<Instrument>,
    /// Venues by address.
    pub(crate) venues: StorageMap<Address, Venue>,
    /// Accounts by address.
    pub(crate) accounts: StorageMap<Address, Account>,
}

impl MarginRegistry {
    /// Returns `Ok` when the caller is the risk admin or the owner.
    ///
    /// # Errors
    /// [`MarginRegistryUnauthorizedRiskAdmin`] otherwise.
    pub(crate) fn only_risk_admin(&self) -> Result<(), Error> {
        let sender = self.vm().msg_sender();
        if sender == self.ownable.owner() || (!sender.is_zero() && sender == self.risk_admin.get())
        {
            return Ok(());
        }
        Err(MarginRegistryUnauthorizedRiskAdmin { account: sender }.into())
    }

    /// Returns `Ok` when new risk may be taken now: not paused (when `check_pause`), and the
    /// sequencer up and past its grace period.
    ///
    /// # Errors
    /// `PausableEnforcedPause` or a sequencer error.
    pub(crate) fn check_risk_increase_allowed(&self, check_pause: bool) -> Result<(), Error> {
        if check_pause {
            self.pausable.when_not_paused::<Error>()?;
        }
        oracle::check_sequencer(
            self.vm(),
            self.sequencer_feed.get(),
            self.sequencer_grace_secs.get().to::<u32>(),
            self.vm().block_timestamp(),
        )
    }

    /// Returns `Ok` when `engine` is non-zero and has code (a call to an address without code
    /// succeeds with empty data).
    ///
    /// # Errors
    /// [`MarginRegistryZeroAddress`] or [`MarginRegistryNoCode`].
    fn require_engine(&self, engine: Address) -> Result<(), Error> {
        if engine.is_zero() {
            return Err(MarginRegistryZeroAddress {}.into());
        }
        if self.vm().code_size(engine) == 0 {
            return Err(MarginRegistryNoCode { account: engine }.into());
        }
        Ok(())
    }

    /// Runs `f` holding the reentrancy guard, releasing it on every path.
    fn guarded<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T, Error>) -> Result<T, Error> {
        self.guard.enter::<Error>()?;
        let result = f(self);
        self.guard.exit();
        result
    }

    /// Values `account` as stored.
    fn value_stored(&self, account: Address) -> Result<margin::Valuation, Error> {
        let cash = self.accounts.getter(account).cash.get();
        let holdings = self.load_holdings(account);
        self.value_account(account, &holdings, cash, None)
    }

    /// The interface's view of in-memory positions.
    fn position_views(holdings: &[Holding]) -> Vec<PositionView> {
        holdings
            .iter()
            .map(|h| PositionView {
                venue: h.venue,
                instrument: h.instrument,
                size: I256::try_from(h.size).expect("should fit: i128 always fits i256"),
                entryPrice: U256::from(h.entry),
            })
            .collect()
    }
}

/// The whole of `IMarginRegistry`, in the interface's order.
#[public]
impl MarginRegistry {
    /// Deploys the registry with its owner, settlement asset and engine.
    ///
    /// # Errors
    /// `OwnableInvalidOwner` for a zero owner; [`MarginRegistryZeroAddress`] for a zero asset or
    /// engine; [`MarginRegistryNoCode`] for an engine without code.
    ///
    /// # Events
    /// `OwnershipTransferred`, [`PortfolioNettingUpdated`], [`AccountLimitsUpdated`].
    #[constructor]
    pub fn constructor(
        &mut self,
        owner: Address,
        settlement_asset: Address,
        portfolio_netting: Address,
    ) -> Result<(), Error> {
        if settlement_asset.is_zero() {
            return Err(MarginRegistryZeroAddress {}.into());
        }
        self.require_engine(portfolio_netting)?;
        self.ownable.initialize::<Error>(owner)?;
        self.settlement_asset.set(settlement_asset);
        self.portfolio_netting.set(portfolio_netting);
        self.max_positions
            .set(alloy_primitives::Uint::from(DEFAULT_MAX_POSITIONS));
        self.max_changes
            .set(alloy_primitives::Uint::from(DEFAULT_MAX_CHANGES));
        self.vm().log(PortfolioNettingUpdated {
            previousEngine: Address::ZERO,
            newEngine: portfolio_netting,
        });
        self.vm().log(AccountLimitsUpdated {
            maxPositions: DEFAULT_MAX_POSITIONS,
            maxChanges: DEFAULT_MAX_CHANGES,
        });
        Ok(())
    }

    /// Answers calldata whose selector is no function of the interface.
    ///
    /// # Errors
    /// Always [`MarginRegistryUnknownSelector`] with the calldata's first four bytes
    /// (zero-padded when shorter, as for a plain value transfer).
    #[fallback]
    pub fn fallback(&mut self, calldata: &[u8]) -> ArbResult {
        let selector = core::array::from_fn(|i| calldata.get(i).copied().unwrap_or(0));
        Err(MarginRegistryUnknownSelector {
            selector: FixedBytes(selector),
        }
        .abi_encode())
    }

    // ---- Collateral ----------------------------------------------------------------------------

    /// See `listCollateral` in the interface.
    pub fn list_collateral(
        &mut self,
        asset: Address,
        params: CollateralParams,
    ) -> Result<(), Error> {
        self.list_collateral_impl(asset, params)
    }

    /// See `setCollateralRisk` in the interface.
    pub fn set_collateral_risk(
        &mut self,
        asset: Address,
        im_haircut: U256,
        mm_haircut: U256,
        deposit_cap: U256,
        enabled: bool,
    ) -> Result<(), Error> {
        self.set_collateral_risk_impl(asset, im_haircut, mm_haircut, deposit_cap, enabled)
    }

    /// See `collateral` in the interface.
    pub fn collateral(&self, asset: Address) -> Result<(CollateralParams, u8, U256), Error> {
        self.collateral_impl(asset)
    }

    /// See `collateralAssets` in the interface.
    pub fn collateral_assets(&self) -> Vec<Address> {
        (0..self.asset_list.len())
            .filter_map(|i| self.asset_list.get(i))
            .collect()
    }

    /// See `deposit` in the interface.
    pub fn deposit(&mut self, asset: Address, amount: U256) -> Result<(), Error> {
        self.guarded(|s| s.deposit_impl(asset, amount))
    }

    /// See `withdraw` in the interface.
    pub fn withdraw(&mut self, asset: Address, amount: U256, to: Address) -> Result<(), Error> {
        self.guarded(|s| s.withdraw_impl(asset, amount, to))
    }

    /// See `collateralBalance` in the interface.
    pub fn collateral_balance(&self, account: Address, asset: Address) -> U256 {
        self.accounts.getter(account).balances.get(asset)
    }

    /// See `cashBalance` in the interface.
    pub fn cash_balance(&self, account: Address) -> I256 {
        self.accounts.getter(account).cash.get()
    }

    /// See `settlementAsset` in the interface.
    pub fn settlement_asset(&self) -> Address {
        self.settlement_asset.get()
    }

    // ---- Underlyings and volatility -------------------------------------------------------------

    /// See `listUnderlying` in the interface.
    pub fn list_underlying(
        &mut self,
        underlying: u32,
        params: UnderlyingParams,
    ) -> Result<(), Error> {
        self.list_underlying_impl(underlying, params)
    }

    /// See `setUnderlyingParams` in the interface.
    pub fn set_underlying_params(
        &mut self,
        underlying: u32,
        params: UnderlyingParams,
    ) -> Result<(), Error> {
        self.set_underlying_params_impl(underlying, params)
    }

    /// See `underlyingParams` in the interface.
    pub fn underlying_params(&self, underlying: u32) -> Result<UnderlyingParams, Error> {
        self.underlying_params_impl(underlying)
    }

    /// See `pokeVolatility` in the interface.
    pub fn poke_volatility(&mut self, underlying: u32) -> Result<(), Error> {
        self.poke_volatility_impl(underlying)
    }

    /// See `pushImpliedVolBounds` in the interface.
    pub fn push_implied_vol_bounds(
        &mut self,
        underlying: u32,
        lower: U256,
        upper: U256,
    ) -> Result<(), Error> {
        self.push_implied_vol_bounds_impl(underlying, lower, upper)
    }

    /// See `volatility` in the interface.
    pub fn volatility(&self, underlying: u32) -> Result<VolatilityState, Error> {
        self.volatility_impl(underlying)
    }

    // ---- Instruments and expiry -----------------------------------------------------------------

    /// See `registerInstrument` in the interface.
    pub fn register_instrument(&mut self, params: InstrumentParams) -> Result<u32, Error> {
        self.register_instrument_impl(params)
    }

    /// See `setOpenInterestCap` in the interface.
    pub fn set_open_interest_cap(&mut self, instrument: u32, cap: U256) -> Result<(), Error> {
        self.set_open_interest_cap_impl(instrument, cap)
    }

    /// See `instrument` in the interface.
    pub fn instrument(&self, instrument: u32) -> Result<(InstrumentParams, U256, U256), Error> {
        self.instrument_impl(instrument)
    }

    /// See `recordSettlementPrice` in the interface.
    pub fn record_settlement_price(
        &mut self,
        underlying: u32,
        expiry: u64,
        round_id: U80,
    ) -> Result<(), Error> {
        self.record_settlement_price_impl(underlying, expiry, round_id)
    }

    /// See `settlementPrice` in the interface.
    pub fn settlement_price(&self, underlying: u32, expiry: u64) -> U256 {
        U256::from(
            self.underlyings
                .getter(underlying)
                .settlement_prices
                .get(expiry),
        )
    }

    /// See `settleExpired` in the interface.
    pub fn settle_expired(&mut self, account: Address) -> Result<U256, Error> {
        self.guarded(|s| s.settle_expired_impl(account))
    }

    // ---- Venues and positions -------------------------------------------------------------------

    /// See `setVenue` in the interface.
    pub fn set_venue(&mut self, venue: Address, params: VenueParams) -> Result<(), Error> {
        self.set_venue_impl(venue, params)
    }

    /// See `venue` in the interface.
    pub fn venue(&self, venue: Address, instrument: u32) -> (VenueParams, I256, U256, U256) {
        self.venue_impl(venue, instrument)
    }

    /// See `optIn` in the interface.
    pub fn opt_in(&mut self, venue: Address) -> Result<(), Error> {
        self.opt_in_impl(venue)
    }

    /// See `optOut` in the interface.
    pub fn opt_out(&mut self, venue: Address) -> Result<(), Error> {
        self.opt_out_impl(venue)
    }

    /// See `isOptedIn` in the interface.
    pub fn is_opted_in(&self, account: Address, venue: Address) -> bool {
        self.accounts.getter(account).opted_in.get(venue)
    }

    /// See `updatePositions` in the interface.
    pub fn update_positions(
        &mut self,
        account: Address,
        changes: Vec<PositionChange>,
        cash_delta: I256,
    ) -> Result<(), Error> {
        self.guarded(|s| {
            let venue = s.vm().msg_sender();
            let plan = s.plan_update(venue, account, &changes, cash_delta, true)?;
            s.apply_plan(plan);
            Ok(())
        })
    }

    /// See `positions` in the interface.
    pub fn positions(&self, account: Address) -> Vec<PositionView> {
        Self::position_views(&self.load_holdings(account))
    }

    /// See `accountLimits` in the interface.
    pub fn account_limits(&self) -> (u32, u32) {
        (
            self.max_positions.get().to::<u32>(),
            self.max_changes.get().to::<u32>(),
        )
    }

    /// See `setAccountLimits` in the interface.
    pub fn set_account_limits(
        &mut self,
        max_positions: u32,
        max_changes: u32,
    ) -> Result<(), Error> {
        self.only_risk_admin()?;
        for (name, value) in [("maxPositions", max_positions), ("maxChanges", max_changes)] {
            if value == 0 || value > MAX_ACCOUNT_POSITIONS {
                return Err(out_of_bounds(
                    name,
                    U256::from(value),
                    U256::from(1),
                    U256::from(MAX_ACCOUNT_POSITIONS),
                ));
            }
        }
        self.max_positions
            .set(alloy_primitives::Uint::from(max_positions));
        self.max_changes
            .set(alloy_primitives::Uint::from(max_changes));
        self.vm().log(AccountLimitsUpdated {
            maxPositions: max_positions,
            maxChanges: max_changes,
        });
        Ok(())
    }

    // ---- Margin views ---------------------------------------------------------------------------

    /// See `accountHealth` in the interface.
    pub fn account_health(&self, account: Address) -> Result<(I256, U256, U256), Error> {
        let v = self.value_stored(account)?;
        Ok((i256(v.equity), u256(v.initial), u256(v.maintenance)))
    }

    /// See `accountRisk` in the interface.
    pub fn account_risk(&self, account: Address) -> Result<AccountRisk, Error> {
        let cash = self.accounts.getter(account).cash.get();
        let holdings = self.load_holdings(account);
        let v = self.value_account(account, &holdings, cash, None)?;
        let underlyings =
            v.underlying_risks(self.portfolio_netting.get(), self.vm().block_timestamp())?;
        Ok(AccountRisk {
            equity: i256(v.equity),
            initialMargin: u256(v.initial),
            maintenanceMargin: u256(v.maintenance),
            cash,
            cashValue: i256(v.cash_value),
            unrealisedPnl: i256(v.unrealised),
            optionsValue: i256(v.options_value),
            portfolioInitialMargin: u256(v.portfolio_initial),
            portfolioMaintenanceMargin: u256(v.portfolio_maintenance),
            initialCredit: u256(v.initial_credit),
            maintenanceCredit: u256(v.maintenance_credit),
            collateral: v.collateral,
            positions: Self::position_views(&holdings),
            underlyings,
        })
    }

    /// See `isLiquidatable` in the interface.
    pub fn is_liquidatable(&self, account: Address) -> Result<bool, Error> {
        let v = self.value_stored(account)?;
        Ok(v.equity < v.maintenance.to_signed()?)
    }

    /// See `previewUpdate` in the interface.
    pub fn preview_update(
        &self,
        venue: Address,
        account: Address,
        changes: Vec<PositionChange>,
        cash_delta: I256,
    ) -> Result<(I256, U256, U256, bool), Error> {
        let plan = self.plan_update(venue, account, &changes, cash_delta, false)?;
        let t = &plan.totals;
        Ok((
            i256(t.equity),
            u256(t.initial),
            u256(t.maintenance),
            plan.risk_increasing,
        ))
    }

    // ---- Roles and engine -----------------------------------------------------------------------

    /// See `portfolioNetting` in the interface.
    pub fn portfolio_netting(&self) -> Address {
        self.portfolio_netting.get()
    }

    /// See `setPortfolioNetting` in the interface.
    pub fn set_portfolio_netting(&mut self, engine: Address) -> Result<(), Error> {
        self.ownable.only_owner::<Error>()?;
        self.require_engine(engine)?;
        let previous = self.portfolio_netting.get();
        self.portfolio_netting.set(engine);
        self.vm().log(PortfolioNettingUpdated {
            previousEngine: previous,
            newEngine: engine,
        });
        Ok(())
    }

    /// See `sequencerFeed` in the interface.
    pub fn sequencer_feed(&self) -> (Address, u32) {
        (
            self.sequencer_feed.get(),
            self.sequencer_grace_secs.get().to::<u32>(),
        )
    }

    /// See `setSequencerFeed` in the interface.
    pub fn set_sequencer_feed(
        &mut self,
        feed: Address,
        grace_period_secs: u32,
    ) -> Result<(), Error> {
        self.ownable.only_owner::<Error>()?;
        if grace_period_secs > MAX_SEQUENCER_GRACE_SECS {
            return Err(out_of_bounds(
                "gracePeriodSecs",
                U256::from(grace_period_secs),
                U256::ZERO,
                U256::from(MAX_SEQUENCER_GRACE_SECS),
            ));
        }
        self.sequencer_feed.set(feed);
        self.sequencer_grace_secs
            .set(alloy_primitives::Uint::from(grace_period_secs));
        self.vm().log(SequencerFeedUpdated {
            feed,
            gracePeriodSecs: grace_period_secs,
        });
        Ok(())
    }

    /// See `riskAdmin` in the interface.
    pub fn risk_admin(&self) -> Address {
        self.risk_admin.get()
    }

    /// See `setRiskAdmin` in the interface.
    pub fn set_risk_admin(&mut self, new_risk_admin: Address) -> Result<(), Error> {
        self.ownable.only_owner::<Error>()?;
        let previous = self.risk_admin.get();
        self.risk_admin.set(new_risk_admin);
        self.vm().log(RiskAdminUpdated {
            previousRiskAdmin: previous,
            newRiskAdmin: new_risk_admin,
        });
        Ok(())
    }

    /// See `volatilityKeeper` in the interface.
    pub fn volatility_keeper(&self) -> Address {
        self.volatility_keeper.get()
    }

    /// See `setVolatilityKeeper` in the interface.
    pub fn set_volatility_keeper(&mut self, new_keeper: Address) -> Result<(), Error> {
        self.ownable.only_owner::<Error>()?;
        let previous = self.volatility_keeper.get();
        self.volatility_keeper.set(new_keeper);
        self.vm().log(VolatilityKeeperUpdated {
            previousKeeper: previous,
            newKeeper: new_keeper,
        });
        Ok(())
    }

    /// See `guardian` in the interface.
    pub fn guardian(&self) -> Address {
        self.pausable.guardian()
    }

    /// See `setGuardian` in the interface.
    pub fn set_guardian(&mut self, new_guardian: Address) -> Result<(), Error> {
        self.ownable.only_owner::<Error>()?;
        self.pausable.set_guardian(new_guardian);
        Ok(())
    }

    /// See `paused` in the interface.
    pub fn paused(&self) -> bool {
        self.pausable.is_paused()
    }

    /// See `pause` in the interface.
    pub fn pause(&mut self) -> Result<(), Error> {
        self.pausable.pause()
    }

    /// See `unpause` in the interface.
    pub fn unpause(&mut self) -> Result<(), Error> {
        self.pausable.unpause()
    }

    /// See `owner` in the interface.
    pub fn owner(&self) -> Address {
        self.ownable.owner()
    }

    /// See `pendingOwner` in the interface.
    pub fn pending_owner(&self) -> Address {
        self.ownable.pending_owner()
    }

    /// See `transferOwnership` in the interface.
    pub fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Error> {
        self.ownable.transfer_ownership(new_owner)
    }

    /// See `acceptOwnership` in the interface.
    pub fn accept_ownership(&mut self) -> Result<(), Error> {
        self.ownable.accept_ownership()
    }
}
