//! Ballast PortfolioNetting: the on-chain portfolio margin engine (Stylus contract).
//!
//! A storage, governance and ABI shell around the scenario engine of `ballast-risk-math`: it stores each
//! underlying's risk parameters (checked against hard bounds on every update), the spread credits between
//! pairs of underlyings and the portfolio size limits, and serves margin as views. All pricing and scenario
//! logic lives in risk-math; [`engine`] only turns the ABI structs into risk-math's portfolio model and back.
//!
//! # One program
//! The contract is one Stylus program at one address. Its `#[public]` block is the whole of `IPortfolioNetting`:
//! stylus-sdk's router decodes every call, the margin views included, with alloy's strict ABI decoder (arguments
//! that do not decode revert with no data), the views run risk-math's engine in-process on the parameters and
//! spread credits read from storage, and the `#[fallback]` answers any other calldata with
//! `PortfolioNettingUnknownSelector`.
//!
//! The program is larger than the 24 KiB of one contract's code, so it is deployed as fragments and a root
//! (ArbOS 60 or later; `scripts/build-wasm.sh` writes them). Measured with the release pipeline (`-Oz`, bulk
//! memory, one-caller inlining capped at 300): 136,686 B raw, 113,607 B optimised (headroom 148,537 B to the
//! 256 KiB decompressed limit), 41,341 B compressed in 2 fragments (headroom 56,951 B to 4 x 24,573 B).
//!
//! Gas of `computeMargin` on the local Stylus chain (ArbOS 60 rules; `examples/gas_bench.rs`): the whole call
//! and the Stylus ink / 10,000, against the earlier contract + calculator split (both programs' ink):
//!
//! | Portfolio | Before: gas / ink | One program: gas / ink |
//! |---|---:|---:|
//! | 1 option | 103,140 / 39,949 | 82,673 / 29,693 |
//! | 8 options, 1 underlying | 124,303 / 53,788 | 103,211 / 42,907 |
//! | 8 options, 2 underlyings | 153,233 / 82,467 | 127,720 / 67,164 |
//! | 32 positions (30 options, 2 perps) | 224,736 / 129,213 | 196,582 / 111,270 |
//! | 32 perps | 165,507 / 80,136 | 137,736 / 62,576 |
//!
//! The views save the STATICCALL, the calculator's entry and the wire format. The other functions pay a higher
//! entry cost instead, because a program's instantiation gas grows with its size: about 8,000 gas more per call
//! than the split's contract (`creditFloor()` 44,231 -> 52,251).
//!
//! The Solidity interface `abi/interfaces/IPortfolioNetting.sol` is the source of truth for the ABI; the
//! modules [`types`], [`errors`] and [`events`] mirror it.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
extern crate alloc;

pub mod engine;
pub mod errors;
pub mod events;
pub mod params;
pub mod types;

#[cfg(test)]
mod tests;

use alloc::vec::Vec;

use alloy_primitives::{Address, FixedBytes, U128, U256, U32};
use ballast_contract_common::Ownable2Step;
use ballast_risk_math::{
    portfolio::{
        Limits, MarketData as PortfolioMarket, Position as PortfolioPosition, MAX_POSITIONS,
        MAX_UNDERLYINGS,
    },
    scenario::{AggregationParams, MarginError, RiskParams as EngineParams, MAX_SPREAD_CREDIT},
    Wad, WAD_SCALE,
};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageMap, StorageU128, StorageU32},
    ArbResult,
};

use crate::{
    engine::Config,
    errors::{
        Error, PortfolioNettingInvalidSpreadPair, PortfolioNettingLimitOutOfBounds,
        PortfolioNettingSpreadCreditOutOfBounds, PortfolioNettingUnauthorizedRiskAdmin,
        PortfolioNettingUnderlyingNotListed, PortfolioNettingUnknownSelector,
    },
    events::{
        CreditFloorUpdated, LimitsUpdated, RiskAdminUpdated, RiskParamsUpdated, SpreadCreditUpdated,
    },
    params::StoredParams,
    types::{MarginResult, MarketData, Position, ProposedParams, RiskParams, UnderlyingGreeks},
};

/// Returns `PortfolioNettingUnknownSelector` for `calldata` (its first four bytes, zero-padded).
#[must_use]
pub fn unknown_selector(calldata: &[u8]) -> Error {
    Error::UnknownSelector(PortfolioNettingUnknownSelector {
        selector: FixedBytes(core::array::from_fn(|i| {
            calldata.get(i).copied().unwrap_or(0)
        })),
    })
}

/// Contract state; its `#[public]` block is the whole of `IPortfolioNetting`.
#[storage]
#[entrypoint]
pub struct PortfolioNetting {
    /// Owner (two-step transfer); appoints the risk admin.
    ownable: Ownable2Step,
    /// May change risk parameters, spread credits, limits and the credit floor within hard bounds.
    risk_admin: StorageAddress,
    /// Maximum number of underlyings per portfolio (`1..=MAX_UNDERLYINGS`).
    max_underlyings: StorageU32,
    /// Maximum number of positions per portfolio (`1..=MAX_POSITIONS`).
    max_positions: StorageU32,
    /// Credit floor (WAD fraction).
    credit_floor: StorageU128,
    /// Risk parameters per underlying id.
    params: StorageMap<u32, StoredParams>,
    /// Spread credit (WAD fraction) per unordered pair, keyed by [`pair_key`].
    spread_credits: StorageMap<u64, StorageU128>,
    /// Sum of the credits of every pair naming the underlying (WAD); kept `<= 1` so the engine's credit
    /// aggregation stays subadditive for any portfolio.
    credit_sums: StorageMap<u32, StorageU128>,
}

/// Returns the storage key of the unordered pair `(a, b)`: the smaller id in the high half.
#[must_use]
pub fn pair_key(a: u32, b: u32) -> u64 {
    (u64::from(a.min(b)) << 32) | u64::from(a.max(b))
}

#[public]
impl PortfolioNetting {
    /// Sets the owner and the risk admin, and the initial limits (4 underlyings, 32 positions) and credit floor
    /// (0.5).
    ///
    /// # Errors
    /// * `OwnableInvalidOwner` if `owner` is zero.
    ///
    /// # Events
    /// * `OwnershipTransferred(0, owner)`, `RiskAdminUpdated(0, riskAdmin)`.
    #[constructor]
    pub fn constructor(&mut self, owner: Address, risk_admin: Address) -> Result<(), Error> {
        self.ownable.initialize::<Error>(owner)?;
        let defaults = AggregationParams::default();
        self.max_underlyings
            .set(U32::from(defaults.limits.max_underlyings));
        self.max_positions
            .set(U32::from(defaults.limits.max_positions));
        self.credit_floor
            .set(U128::from(defaults.credit_floor.raw()));
        self.set_risk_admin_unchecked(risk_admin);
        Ok(())
    }

    /// Rejects every call that names no function of the interface.
    ///
    /// # Errors
    /// * `PortfolioNettingUnknownSelector(selector)` always (plain value transfers and calldata shorter than four
    ///   bytes included).
    #[fallback]
    pub fn fallback(&mut self, calldata: &[u8]) -> ArbResult {
        Err(unknown_selector(calldata).into())
    }

    /// Computes the margin of `portfolio` with the stored risk parameters (see the interface's NatSpec).
    ///
    /// # Errors
    /// Limits, position, market-data and listing errors, or a `PortfolioNettingMath*` error.
    pub fn compute_margin(
        &self,
        portfolio: Vec<Position>,
        market_data: Vec<MarketData>,
    ) -> Result<MarginResult, Error> {
        let config = self.config();
        let (positions, markets) = engine::decode(&portfolio, &market_data, &config.limits)?;
        self.margin_of(&positions, &markets, &config, &[])
    }

    /// Computes the margin of `portfolio` with `proposed` parameters replacing the stored ones.
    ///
    /// # Errors
    /// As [`Self::compute_margin`], plus `PortfolioNettingParamOutOfBounds` for a proposed parameter and
    /// `PortfolioNettingTooManyUnderlyings` for more than 8 proposals.
    pub fn dry_run_margin(
        &self,
        portfolio: Vec<Position>,
        market_data: Vec<MarketData>,
        proposed: Vec<ProposedParams>,
    ) -> Result<MarginResult, Error> {
        check_proposal_count(proposed.len())?;
        let mut checked = Vec::with_capacity(proposed.len());
        for p in &proposed {
            let words = params::validate(p.underlying, &p.params)?;
            checked.push((p.underlying, params::to_engine(&words)));
        }
        let config = self.config();
        let (positions, markets) = engine::decode(&portfolio, &market_data, &config.limits)?;
        self.margin_of(&positions, &markets, &config, &checked)
    }

    /// Net Black-76 Greeks per underlying of `portfolio`.
    ///
    /// # Errors
    /// Limits, position and market-data errors, or a `PortfolioNettingMath*` error.
    pub fn portfolio_greeks(
        &self,
        portfolio: Vec<Position>,
        market_data: Vec<MarketData>,
    ) -> Result<Vec<UnderlyingGreeks>, Error> {
        engine::portfolio_greeks(&portfolio, &market_data, &self.config())
    }

    /// Stored risk parameters of `underlying`.
    ///
    /// # Errors
    /// * `PortfolioNettingUnderlyingNotListed` if it has none.
    pub fn risk_params(&self, underlying: u32) -> Result<RiskParams, Error> {
        let stored = self.params.getter(underlying);
        if !stored.is_listed() {
            return Err(Error::UnderlyingNotListed(
                PortfolioNettingUnderlyingNotListed { underlying },
            ));
        }
        Ok(params::to_abi(&stored.words()))
    }

    /// Lists `underlying` or replaces its risk parameters. Risk admin only.
    ///
    /// # Errors
    /// * `PortfolioNettingUnauthorizedRiskAdmin`, `PortfolioNettingParamOutOfBounds`.
    ///
    /// # Events
    /// * `RiskParamsUpdated(underlying, old, new)`.
    pub fn set_risk_params(&mut self, underlying: u32, params: RiskParams) -> Result<(), Error> {
        self.only_risk_admin()?;
        let words = params::validate(underlying, &params)?;
        let old = params::to_abi(&self.params.getter(underlying).words());
        self.params.setter(underlying).set_words(&words);
        self.vm().log(RiskParamsUpdated {
            underlying,
            oldParams: old,
            newParams: params::to_abi(&words),
        });
        Ok(())
    }

    /// Spread credit of the unordered pair `(a, b)` (WAD fraction; 0 = none).
    pub fn spread_credit(&self, underlying_a: u32, underlying_b: u32) -> U256 {
        U256::from(
            self.spread_credits
                .get(pair_key(underlying_a, underlying_b)),
        )
    }

    /// Sets the spread credit of the unordered pair `(a, b)`; 0 removes it. Risk admin only.
    ///
    /// # Errors
    /// * `PortfolioNettingUnauthorizedRiskAdmin`, `PortfolioNettingInvalidSpreadPair` (same or unlisted
    ///   underlying), `PortfolioNettingSpreadCreditOutOfBounds(credit, 0.8)` above 0.8, or
    ///   `PortfolioNettingSpreadCreditOutOfBounds(sum, 1)` when the credits of either underlying's pairs would
    ///   add up above 1.
    ///
    /// # Events
    /// * `SpreadCreditUpdated(a, b, old, new)`.
    pub fn set_spread_credit(
        &mut self,
        underlying_a: u32,
        underlying_b: u32,
        credit: U256,
    ) -> Result<(), Error> {
        self.only_risk_admin()?;
        if underlying_a == underlying_b
            || !self.params.getter(underlying_a).is_listed()
            || !self.params.getter(underlying_b).is_listed()
        {
            return Err(Error::InvalidSpreadPair(
                PortfolioNettingInvalidSpreadPair {
                    underlyingA: underlying_a,
                    underlyingB: underlying_b,
                },
            ));
        }
        if credit > U256::from(MAX_SPREAD_CREDIT.raw()) {
            return Err(Error::SpreadCreditOutOfBounds(
                PortfolioNettingSpreadCreditOutOfBounds {
                    credit,
                    max: U256::from(MAX_SPREAD_CREDIT.raw()),
                },
            ));
        }
        let key = pair_key(underlying_a, underlying_b);
        let old = self.spread_credits.get(key).to::<u128>();
        // Overflow not possible: credit <= 0.8 was checked and every stored sum is <= 1.
        let new = credit.to::<u128>();
        let sum_a = self.credit_sums.get(underlying_a).to::<u128>() - old + new;
        let sum_b = self.credit_sums.get(underlying_b).to::<u128>() - old + new;
        let sum = sum_a.max(sum_b);
        if sum > WAD_SCALE {
            return Err(Error::SpreadCreditOutOfBounds(
                PortfolioNettingSpreadCreditOutOfBounds {
                    credit: U256::from(sum),
                    max: U256::from(WAD_SCALE),
                },
            ));
        }
        self.credit_sums.setter(underlying_a).set(U128::from(sum_a));
        self.credit_sums.setter(underlying_b).set(U128::from(sum_b));
        self.spread_credits.setter(key).set(U128::from(new));
        let old = U256::from(old);
        self.vm().log(SpreadCreditUpdated {
            underlyingA: underlying_a,
            underlyingB: underlying_b,
            oldCredit: old,
            newCredit: credit,
        });
        Ok(())
    }

    /// Credit floor (WAD fraction).
    pub fn credit_floor(&self) -> U256 {
        U256::from(self.credit_floor.get())
    }

    /// Sets the credit floor within `[0, 1]`. Risk admin only.
    ///
    /// # Errors
    /// * `PortfolioNettingUnauthorizedRiskAdmin`, `PortfolioNettingLimitOutOfBounds`.
    ///
    /// # Events
    /// * `CreditFloorUpdated(old, new)`.
    pub fn set_credit_floor(&mut self, floor: U256) -> Result<(), Error> {
        self.only_risk_admin()?;
        let value = check_limit(floor, 0, WAD_SCALE)?;
        let old = self.credit_floor();
        self.credit_floor.set(U128::from(value));
        self.vm().log(CreditFloorUpdated {
            oldFloor: old,
            newFloor: floor,
        });
        Ok(())
    }

    /// Portfolio size limits `(maxUnderlyings, maxPositions)`.
    pub fn limits(&self) -> (U256, U256) {
        (
            U256::from(self.max_underlyings.get()),
            U256::from(self.max_positions.get()),
        )
    }

    /// Sets the portfolio size limits within `[1, 8]` and `[1, 64]`. Risk admin only.
    ///
    /// # Errors
    /// * `PortfolioNettingUnauthorizedRiskAdmin`, `PortfolioNettingLimitOutOfBounds`.
    ///
    /// # Events
    /// * `LimitsUpdated(oldMaxUnderlyings, oldMaxPositions, new...)`.
    pub fn set_limits(&mut self, max_underlyings: U256, max_positions: U256) -> Result<(), Error> {
        self.only_risk_admin()?;
        let underlyings = check_limit(max_underlyings, 1, MAX_UNDERLYINGS as u128)?;
        let positions = check_limit(max_positions, 1, MAX_POSITIONS as u128)?;
        let (old_underlyings, old_positions) = self.limits();
        self.max_underlyings.set(U32::from(underlyings));
        self.max_positions.set(U32::from(positions));
        self.vm().log(LimitsUpdated {
            oldMaxUnderlyings: old_underlyings,
            oldMaxPositions: old_positions,
            newMaxUnderlyings: max_underlyings,
            newMaxPositions: max_positions,
        });
        Ok(())
    }

    /// Current risk admin.
    pub fn risk_admin(&self) -> Address {
        self.risk_admin.get()
    }

    /// Appoints the risk admin (zero disables parameter changes). Owner only.
    ///
    /// # Errors
    /// * `OwnableUnauthorizedAccount` if the caller is not the owner.
    ///
    /// # Events
    /// * `RiskAdminUpdated(previous, new)`.
    pub fn set_risk_admin(&mut self, new_risk_admin: Address) -> Result<(), Error> {
        self.ownable.only_owner::<Error>()?;
        self.set_risk_admin_unchecked(new_risk_admin);
        Ok(())
    }

    /// Current owner.
    pub fn owner(&self) -> Address {
        self.ownable.owner()
    }

    /// Nominated owner, or zero.
    pub fn pending_owner(&self) -> Address {
        self.ownable.pending_owner()
    }

    /// Nominates `new_owner` (zero cancels). Owner only.
    ///
    /// # Errors
    /// * `OwnableUnauthorizedAccount`.
    ///
    /// # Events
    /// * `OwnershipTransferStarted(owner, newOwner)`.
    pub fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Error> {
        self.ownable.transfer_ownership::<Error>(new_owner)
    }

    /// Completes a two-step ownership transfer. Pending owner only.
    ///
    /// # Errors
    /// * `OwnableUnauthorizedAccount`.
    ///
    /// # Events
    /// * `OwnershipTransferred(previous, caller)`.
    pub fn accept_ownership(&mut self) -> Result<(), Error> {
        self.ownable.accept_ownership::<Error>()
    }
}

/// Returns `PortfolioNettingTooManyUnderlyings` for more than [`MAX_UNDERLYINGS`] proposals of a dry run (more
/// than any portfolio can use).
///
/// # Errors
/// The error, when there are too many.
pub fn check_proposal_count(count: usize) -> Result<(), Error> {
    if count > MAX_UNDERLYINGS {
        return Err(engine::margin_error(MarginError::TooManyUnderlyings {
            count,
            max: MAX_UNDERLYINGS,
        }));
    }
    Ok(())
}

impl PortfolioNetting {
    /// Returns `Ok` when the caller is the risk admin.
    fn only_risk_admin(&self) -> Result<(), Error> {
        let sender = self.vm().msg_sender();
        if sender.is_zero() || sender != self.risk_admin.get() {
            return Err(Error::UnauthorizedRiskAdmin(
                PortfolioNettingUnauthorizedRiskAdmin { account: sender },
            ));
        }
        Ok(())
    }

    /// Writes the risk admin and emits `RiskAdminUpdated`.
    fn set_risk_admin_unchecked(&mut self, new_risk_admin: Address) {
        let previous = self.risk_admin.get();
        self.risk_admin.set(new_risk_admin);
        self.vm().log(RiskAdminUpdated {
            previousRiskAdmin: previous,
            newRiskAdmin: new_risk_admin,
        });
    }

    /// Margin of decoded positions with the stored parameters, except the underlyings in `overrides` (already
    /// validated), and the stored spread credits, as the ABI struct.
    ///
    /// # Errors
    /// Those of [`engine::margin`], mapped by [`engine::margin_error`].
    fn margin_of(
        &self,
        positions: &[PortfolioPosition],
        markets: &[PortfolioMarket],
        config: &Config,
        overrides: &[(u32, EngineParams)],
    ) -> Result<MarginResult, Error> {
        let mut params_of = |u: u32| match overrides.iter().find(|(id, _)| *id == u) {
            Some((_, engine_params)) => Some(*engine_params),
            None => self.engine_params(u),
        };
        engine::margin(positions, markets, config, &mut params_of, &mut |a, b| {
            self.credit_of(a, b)
        })
        .map(|m| m.to_abi())
        .map_err(engine::margin_error)
    }

    /// Returns the stored engine parameters of `underlying`, or `None` if it is not listed.
    fn engine_params(&self, underlying: u32) -> Option<EngineParams> {
        let stored = self.params.getter(underlying);
        stored
            .is_listed()
            .then(|| params::to_engine(&stored.words()))
    }

    /// Returns the spread credit of the unordered pair `(a, b)`.
    fn credit_of(&self, a: u32, b: u32) -> Wad {
        Wad::from_raw(self.spread_credits.get(pair_key(a, b)).to::<u128>())
    }

    /// Returns the limits, the credit floor and the valuation time for the engine.
    fn config(&self) -> Config {
        Config {
            limits: Limits {
                max_underlyings: self.max_underlyings.get().to::<u32>(),
                max_positions: self.max_positions.get().to::<u32>(),
            },
            credit_floor: Wad::from_raw(self.credit_floor.get().to::<u128>()),
            now_secs: self.vm().block_timestamp(),
        }
    }
}

/// Checks `value` against `[min, max]` and returns it.
///
/// # Errors
/// * `PortfolioNettingLimitOutOfBounds(value, min, max)` otherwise.
fn check_limit(value: U256, min: u128, max: u128) -> Result<u128, Error> {
    if value < U256::from(min) || value > U256::from(max) {
        return Err(Error::LimitOutOfBounds(PortfolioNettingLimitOutOfBounds {
            value,
            min: U256::from(min),
            max: U256::from(max),
        }));
    }
    // Truncation not possible: value <= max < 2^128 was just checked.
    Ok(value.to::<u128>())
}
