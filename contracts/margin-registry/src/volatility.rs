//! Underlyings and their on-chain volatility forecast.
//!
//! The forecast is risk-math's EWMA or time-scaled GARCH(1,1) ([`ballast_risk_math::vol`]) fed with
//! the underlying's Chainlink price by the permissionless [`MarginRegistry::poke_volatility`], at
//! most once per `minPokeIntervalSecs`. Margin uses
//! `marginVol = APC(clamp(forecast, keeper bounds while fresh))`, where APC blends in the stressed
//! volatility and clamps to `[volFloor, volCap]` (risk-math `ProcyclicalityControls`); the blend and
//! clamp are scale-free, so they apply to annualised figures directly.

use alloy_primitives::U256;
use ballast_risk_math::{
    vol::{
        annualise, Ewma, EwmaParams, Garch, GarchParams, ObservationGuards, ProcyclicalityControls,
        VolError, VolState, DAYS_PER_YEAR,
    },
    RoundMode, SignedWad, Wad,
};
use stylus_sdk::prelude::*;

use crate::{
    errors::{
        name_to_bytes32, out_of_bounds, Error, MarginRegistryInvalidImpliedVolBounds,
        MarginRegistryParameterOutOfBounds, MarginRegistrySignedParameterOutOfBounds,
        MarginRegistryUnderlyingAlreadyListed, MarginRegistryUnderlyingNotListed,
        MarginRegistryVolatilityPokeTooSoon, MarginRegistryZeroAddress,
    },
    events::{ImpliedVolBoundsUpdated, UnderlyingConfigured, VolatilityUpdated},
    margin::{u256, wad},
    oracle,
    storage::Underlying,
    types::{UnderlyingParams, VolatilityState},
    MarginRegistry,
};

/// Hard bounds of the oracle heartbeat (seconds).
pub(crate) const HEARTBEAT_BOUNDS_SECS: (u32, u32) = (60, 172_800);
/// Largest keeper-bounds age (seconds).
const MAX_IMPLIED_VOL_AGE_SECS: u32 = 604_800;
/// Hard bounds of the margin volatility floor and cap (WAD): 1% to 500%.
const VOL_BOUNDS: (u128, u128) = (10_000_000_000_000_000, 5_000_000_000_000_000_000);

/// Maps a risk-math volatility error to the registry's errors.
fn vol_error(e: VolError) -> Error {
    match e {
        VolError::ParamOutOfBounds {
            field,
            value,
            min,
            max,
        } => MarginRegistryParameterOutOfBounds {
            parameter: name_to_bytes32(field),
            value: U256::from(value),
            min: U256::from(min),
            max: U256::from(max),
        }
        .into(),
        VolError::Math(m) => m.into(),
        _ => ballast_risk_math::MathError::DomainViolation.into(),
    }
}

/// Checks `min <= value <= max` for a named WAD parameter.
///
/// # Errors
/// [`MarginRegistryParameterOutOfBounds`].
pub(crate) fn check_bounds(name: &str, value: U256, min: u128, max: u128) -> Result<(), Error> {
    if value < U256::from(min) || value > U256::from(max) {
        return Err(out_of_bounds(name, value, U256::from(min), U256::from(max)));
    }
    Ok(())
}

/// The volatility model of an underlying, rebuilt from storage.
enum Model {
    /// RiskMetrics EWMA.
    Ewma(Ewma),
    /// Time-scaled GARCH(1,1).
    Garch(Garch),
}

impl Model {
    /// Builds and validates the model of `p` around `state`.
    fn new(p: &UnderlyingParams, state: VolState) -> Result<Self, Error> {
        let guards = ObservationGuards {
            min_interval_secs: u64::from(p.minPokeIntervalSecs),
            max_return_sigmas: wad(p.maxReturnSigmas)?,
        };
        if p.garchAlpha.is_zero() {
            let params = EwmaParams {
                lambda: wad(p.lambda)?,
                guards,
            };
            params.validate().map_err(vol_error)?;
            Ok(Self::Ewma(Ewma { params, state }))
        } else {
            let params = GarchParams {
                omega: wad(p.garchOmega)?,
                alpha: wad(p.garchAlpha)?,
                beta: wad(p.garchBeta)?,
                guards,
            };
            params.validate().map_err(vol_error)?;
            Ok(Self::Garch(Garch { params, state }))
        }
    }

    /// Feeds one observation; returns the new state.
    fn update(mut self, price: Wad, secs: u64) -> Result<VolState, Error> {
        match &mut self {
            Self::Ewma(m) => {
                m.update(price, secs).map_err(vol_error)?;
                Ok(m.state)
            }
            Self::Garch(m) => {
                m.update(price, secs).map_err(vol_error)?;
                Ok(m.state)
            }
        }
    }
}

/// Validates everything in `p` except the feed; returns the daily variance of `initialVol`.
///
/// # Errors
/// [`MarginRegistryParameterOutOfBounds`] or [`MarginRegistrySignedParameterOutOfBounds`] naming
/// the first bad field.
fn validate_params(p: &UnderlyingParams) -> Result<Wad, Error> {
    check_bounds(
        "heartbeatSecs",
        U256::from(p.heartbeatSecs),
        HEARTBEAT_BOUNDS_SECS.0.into(),
        HEARTBEAT_BOUNDS_SECS.1.into(),
    )?;
    check_bounds(
        "impliedVolMaxAgeSecs",
        U256::from(p.impliedVolMaxAgeSecs),
        0,
        MAX_IMPLIED_VOL_AGE_SECS.into(),
    )?;
    check_bounds("volFloor", p.volFloor, VOL_BOUNDS.0, VOL_BOUNDS.1)?;
    check_bounds("volCap", p.volCap, wad(p.volFloor)?.raw(), VOL_BOUNDS.1)?;
    check_bounds(
        "initialVol",
        p.initialVol,
        wad(p.volFloor)?.raw(),
        wad(p.volCap)?.raw(),
    )?;
    check_bounds("stressWeight", p.stressWeight, 0, Wad::ONE.raw())?;
    check_bounds("stressVol", p.stressVol, 0, wad(p.volCap)?.raw())?;
    let one = SignedWad::ONE.raw();
    if p.rate < crate::margin::i256(SignedWad::from_raw(-one))
        || p.rate > crate::margin::i256(SignedWad::ONE)
    {
        return Err(MarginRegistrySignedParameterOutOfBounds {
            parameter: name_to_bytes32("rate"),
            value: p.rate,
            min: crate::margin::i256(SignedWad::from_raw(-one)),
            max: crate::margin::i256(SignedWad::ONE),
        }
        .into());
    }
    // The model's own admissible box (risk-math) is checked by building it.
    let daily_variance = wad(p.initialVol)?
        .mul_wad(wad(p.initialVol)?, RoundMode::Up)?
        .div_wad(Wad::from_int(DAYS_PER_YEAR)?, RoundMode::Up)?;
    Model::new(
        p,
        VolState {
            variance: daily_variance,
            jump_variance: Wad::ZERO,
            last_price: Wad::ONE,
            last_secs: 0,
        },
    )?;
    Ok(daily_variance)
}

/// Reads the stored parameters of an underlying into the ABI struct.
fn read_params(u: &Underlying) -> UnderlyingParams {
    UnderlyingParams {
        feed: u.feed.get(),
        heartbeatSecs: u.heartbeat_secs.get().to::<u32>(),
        minPokeIntervalSecs: u.min_poke_interval_secs.get().to::<u32>(),
        impliedVolMaxAgeSecs: u.implied_vol_max_age_secs.get().to::<u32>(),
        lambda: U256::from(u.lambda.get()),
        garchOmega: U256::from(u.garch_omega.get()),
        garchAlpha: U256::from(u.garch_alpha.get()),
        garchBeta: U256::from(u.garch_beta.get()),
        maxReturnSigmas: U256::from(u.max_return_sigmas.get()),
        initialVol: U256::from(u.initial_vol.get()),
        stressWeight: U256::from(u.stress_weight.get()),
        stressVol: U256::from(u.stress_vol.get()),
        volFloor: U256::from(u.vol_floor.get()),
        volCap: U256::from(u.vol_cap.get()),
        rate: crate::margin::i256(SignedWad::from_raw(crate::margin::i128_of(u.rate.get()))),
    }
}

/// Reads the stored forecast state.
fn read_state(u: &Underlying) -> VolState {
    VolState {
        variance: Wad::from_raw(u.variance.get().to::<u128>()),
        jump_variance: Wad::from_raw(u.jump_variance.get().to::<u128>()),
        last_price: Wad::from_raw(u.last_price.get().to::<u128>()),
        last_secs: u.last_update.get().to::<u64>(),
    }
}

/// Returns the annualised forecast volatility of a state (jump variance included).
fn forecast_vol(state: &VolState) -> Result<Wad, Error> {
    annualise(state.daily_vol_with_jumps().map_err(vol_error)?).map_err(vol_error)
}

impl MarginRegistry {
    /// Writes every parameter of `p` (all validated) into `u`.
    fn write_params(u: &mut Underlying, p: &UnderlyingParams) -> Result<(), Error> {
        u.heartbeat_secs
            .set(alloy_primitives::Uint::from(p.heartbeatSecs));
        u.min_poke_interval_secs
            .set(alloy_primitives::Uint::from(p.minPokeIntervalSecs));
        u.implied_vol_max_age_secs
            .set(alloy_primitives::Uint::from(p.impliedVolMaxAgeSecs));
        u.lambda
            .set(alloy_primitives::Uint::from(wad(p.lambda)?.raw()));
        u.garch_omega
            .set(alloy_primitives::Uint::from(wad(p.garchOmega)?.raw()));
        u.garch_alpha
            .set(alloy_primitives::Uint::from(wad(p.garchAlpha)?.raw()));
        u.garch_beta
            .set(alloy_primitives::Uint::from(wad(p.garchBeta)?.raw()));
        u.max_return_sigmas
            .set(alloy_primitives::Uint::from(wad(p.maxReturnSigmas)?.raw()));
        u.initial_vol
            .set(alloy_primitives::Uint::from(wad(p.initialVol)?.raw()));
        u.stress_weight
            .set(alloy_primitives::Uint::from(wad(p.stressWeight)?.raw()));
        u.stress_vol
            .set(alloy_primitives::Uint::from(wad(p.stressVol)?.raw()));
        u.vol_floor
            .set(alloy_primitives::Uint::from(wad(p.volFloor)?.raw()));
        u.vol_cap
            .set(alloy_primitives::Uint::from(wad(p.volCap)?.raw()));
        u.rate.set(
            alloy_primitives::Signed::try_from(crate::margin::signed(p.rate)?.raw())
                .expect("should fit: |rate| <= 1e18"),
        );
        Ok(())
    }

    /// Lists an underlying and starts its forecast (see the interface).
    ///
    /// # Errors
    /// Owner only; see `listUnderlying` in the interface.
    ///
    /// # Events
    /// [`UnderlyingConfigured`], [`VolatilityUpdated`].
    pub(crate) fn list_underlying_impl(
        &mut self,
        id: u32,
        p: UnderlyingParams,
    ) -> Result<(), Error> {
        self.ownable.only_owner::<Error>()?;
        if self.underlyings.getter(id).listed.get() {
            return Err(MarginRegistryUnderlyingAlreadyListed { underlying: id }.into());
        }
        if p.feed.is_zero() {
            return Err(MarginRegistryZeroAddress {}.into());
        }
        let variance = validate_params(&p)?;
        let now = self.vm().block_timestamp();
        let decimals = oracle::feed_decimals(self.vm(), p.feed)?;
        let price = oracle::latest_price(self.vm(), p.feed, decimals, p.heartbeatSecs, now)?.price;
        let state = VolState {
            variance,
            jump_variance: Wad::ZERO,
            last_price: price,
            last_secs: now,
        };
        let forecast = forecast_vol(&state)?;
        let mut u = self.underlyings.setter(id);
        u.listed.set(true);
        u.feed.set(p.feed);
        u.feed_decimals.set(alloy_primitives::Uint::from(decimals));
        Self::write_params(&mut u, &p)?;
        Self::write_state(&mut u, &state);
        drop(u);
        self.vm().log(UnderlyingConfigured {
            underlying: id,
            params: p,
            feedDecimals: decimals,
        });
        self.vm().log(VolatilityUpdated {
            underlying: id,
            price: u256(price),
            varianceRate: u256(variance),
            jumpVariance: U256::ZERO,
            forecastVol: u256(forecast),
        });
        Ok(())
    }

    /// Replaces an underlying's model parameters, keeping its feed and forecast state.
    ///
    /// # Errors
    /// Risk admin or owner; see `setUnderlyingParams` in the interface.
    ///
    /// # Events
    /// [`UnderlyingConfigured`].
    pub(crate) fn set_underlying_params_impl(
        &mut self,
        id: u32,
        p: UnderlyingParams,
    ) -> Result<(), Error> {
        self.only_risk_admin()?;
        let (listed, feed) = {
            let u = self.underlyings.getter(id);
            (u.listed.get(), u.feed.get())
        };
        if !listed {
            return Err(MarginRegistryUnderlyingNotListed { underlying: id }.into());
        }
        if p.feed != feed {
            return Err(MarginRegistryUnderlyingAlreadyListed { underlying: id }.into());
        }
        validate_params(&p)?;
        let mut u = self.underlyings.setter(id);
        Self::write_params(&mut u, &p)?;
        let decimals = u.feed_decimals.get().to::<u8>();
        drop(u);
        self.vm().log(UnderlyingConfigured {
            underlying: id,
            params: p,
            feedDecimals: decimals,
        });
        Ok(())
    }

    /// Writes a forecast state.
    fn write_state(u: &mut Underlying, s: &VolState) {
        u.variance
            .set(alloy_primitives::Uint::from(s.variance.raw()));
        u.jump_variance
            .set(alloy_primitives::Uint::from(s.jump_variance.raw()));
        u.last_price
            .set(alloy_primitives::Uint::from(s.last_price.raw()));
        u.last_update.set(alloy_primitives::Uint::from(s.last_secs));
    }

    /// Reads the stored parameters of a listed underlying.
    ///
    /// # Errors
    /// [`MarginRegistryUnderlyingNotListed`].
    pub(crate) fn underlying_params_impl(&self, id: u32) -> Result<UnderlyingParams, Error> {
        let u = self.underlyings.getter(id);
        if !u.listed.get() {
            return Err(MarginRegistryUnderlyingNotListed { underlying: id }.into());
        }
        Ok(read_params(&u))
    }

    /// Updates the forecast of `id` from its oracle price (permissionless).
    ///
    /// # Errors
    /// See `pokeVolatility` in the interface.
    ///
    /// # Events
    /// [`VolatilityUpdated`].
    pub(crate) fn poke_volatility_impl(&mut self, id: u32) -> Result<(), Error> {
        let now = self.vm().block_timestamp();
        let (params, state, decimals) = {
            let u = self.underlyings.getter(id);
            if !u.listed.get() {
                return Err(MarginRegistryUnderlyingNotListed { underlying: id }.into());
            }
            (
                read_params(&u),
                read_state(&u),
                u.feed_decimals.get().to::<u8>(),
            )
        };
        let next_allowed = state
            .last_secs
            .saturating_add(u64::from(params.minPokeIntervalSecs));
        if now < next_allowed {
            return Err(MarginRegistryVolatilityPokeTooSoon {
                underlying: id,
                lastUpdate: U256::from(state.last_secs),
                nextAllowedAt: U256::from(next_allowed),
            }
            .into());
        }
        let price =
            oracle::latest_price(self.vm(), params.feed, decimals, params.heartbeatSecs, now)?
                .price;
        let next = Model::new(&params, state)?.update(price, now)?;
        let forecast = forecast_vol(&next)?;
        Self::write_state(&mut self.underlyings.setter(id), &next);
        self.vm().log(VolatilityUpdated {
            underlying: id,
            price: u256(price),
            varianceRate: u256(next.variance),
            jumpVariance: u256(next.jump_variance),
            forecastVol: u256(forecast),
        });
        Ok(())
    }

    /// Stores keeper implied-volatility bounds for `id`.
    ///
    /// # Errors
    /// See `pushImpliedVolBounds` in the interface.
    ///
    /// # Events
    /// [`ImpliedVolBoundsUpdated`].
    pub(crate) fn push_implied_vol_bounds_impl(
        &mut self,
        id: u32,
        lower: U256,
        upper: U256,
    ) -> Result<(), Error> {
        let sender = self.vm().msg_sender();
        if sender != self.volatility_keeper.get() || sender.is_zero() {
            return Err(crate::errors::MarginRegistryUnauthorizedKeeper { account: sender }.into());
        }
        let now = self.vm().block_timestamp();
        let mut u = self.underlyings.setter(id);
        if !u.listed.get() {
            return Err(MarginRegistryUnderlyingNotListed { underlying: id }.into());
        }
        let floor = U256::from(u.vol_floor.get());
        let cap = U256::from(u.vol_cap.get());
        if lower > upper || lower < floor || upper > cap {
            return Err(MarginRegistryInvalidImpliedVolBounds {
                underlying: id,
                lower,
                upper,
            }
            .into());
        }
        u.implied_vol_lower
            .set(alloy_primitives::Uint::from(lower.to::<u128>()));
        u.implied_vol_upper
            .set(alloy_primitives::Uint::from(upper.to::<u128>()));
        u.implied_vol_updated_at
            .set(alloy_primitives::Uint::from(now));
        drop(u);
        self.vm().log(ImpliedVolBoundsUpdated {
            underlying: id,
            lower,
            upper,
        });
        Ok(())
    }

    /// Returns the volatility margin uses for `id` at `now` (see the module docs).
    ///
    /// # Errors
    /// A RiskMath error.
    pub(crate) fn margin_vol(&self, id: u32, now: u64) -> Result<Wad, Error> {
        let u = self.underlyings.getter(id);
        let mut vol = forecast_vol(&read_state(&u))?;
        let max_age = u64::from(u.implied_vol_max_age_secs.get().to::<u32>());
        let updated_at = u.implied_vol_updated_at.get().to::<u64>();
        if max_age > 0 && updated_at > 0 && now.saturating_sub(updated_at) <= max_age {
            let lower = Wad::from_raw(u.implied_vol_lower.get().to::<u128>());
            let upper = Wad::from_raw(u.implied_vol_upper.get().to::<u128>());
            vol = vol.max(lower).min(upper);
        }
        let controls = ProcyclicalityControls {
            stress_weight: Wad::from_raw(u.stress_weight.get().to::<u128>()),
            stress_vol: Wad::from_raw(u.stress_vol.get().to::<u128>()),
            floor_vol: Wad::from_raw(u.vol_floor.get().to::<u128>()),
            cap_vol: Wad::from_raw(u.vol_cap.get().to::<u128>()),
        };
        controls.apply(vol).map_err(vol_error)
    }

    /// Returns the volatility state of `id`.
    ///
    /// # Errors
    /// [`MarginRegistryUnderlyingNotListed`] or a RiskMath error.
    pub(crate) fn volatility_impl(&self, id: u32) -> Result<VolatilityState, Error> {
        let now = self.vm().block_timestamp();
        let u = self.underlyings.getter(id);
        if !u.listed.get() {
            return Err(MarginRegistryUnderlyingNotListed { underlying: id }.into());
        }
        let state = read_state(&u);
        Ok(VolatilityState {
            lastPrice: u256(state.last_price),
            lastUpdate: state.last_secs,
            varianceRate: u256(state.variance),
            jumpVariance: u256(state.jump_variance),
            forecastVol: u256(forecast_vol(&state)?),
            impliedVolLower: U256::from(u.implied_vol_lower.get()),
            impliedVolUpper: U256::from(u.implied_vol_upper.get()),
            impliedVolUpdatedAt: u.implied_vol_updated_at.get().to::<u64>(),
            marginVol: u256(self.margin_vol(id, now)?),
        })
    }
}
