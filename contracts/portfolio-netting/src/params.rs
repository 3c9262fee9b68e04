//! Risk parameters: conversion between the ABI struct and risk-math's [`EngineParams`], and packed storage.
//!
//! The bounds themselves live in risk-math ([`EngineParams::validate`]); this module only moves values
//! between the ABI (`uint256` WAD words), risk-math's types and storage. Every field is bounded far below
//! `2^128`, so storage keeps the 22 fields as `u128` words packed two per slot (11 slots per underlying).

use alloy_primitives::U256;
use ballast_risk_math::{
    scenario::{MarginError, RiskParams as EngineParams},
    Wad,
};
use stylus_sdk::{
    prelude::*,
    storage::{StorageArray, StorageU256},
};

use crate::{
    errors::{Error, PortfolioNettingParamOutOfBounds},
    types::RiskParams,
};

/// Number of fields of [`RiskParams`].
pub const FIELD_COUNT: usize = 22;
/// Storage slots of one underlying's packed parameters (two fields per slot).
pub const PARAM_SLOTS: usize = FIELD_COUNT / 2;
/// Field index of `gridSteps`; a stored 0 there means "not listed" (listed underlyings have `gridSteps >= 1`).
pub const GRID_STEPS: usize = 4;

/// The fields of one underlying's parameters as words, in ABI field order.
pub type Words = [u128; FIELD_COUNT];

/// Returns the ABI fields of `p` in field order (`uint32` fields widened).
#[must_use]
pub fn abi_words(p: &RiskParams) -> [U256; FIELD_COUNT] {
    [
        p.scanRangeFloor,
        p.scanRangeCap,
        p.volMultiplier,
        U256::from(p.horizonSecs),
        U256::from(p.gridSteps),
        p.volUpShock,
        p.volDownShock,
        p.shortTermPower,
        p.longTermPower,
        p.minVolUp,
        p.tailDampening,
        p.skewShock,
        p.basisShock,
        p.imFactor,
        p.mmFactor,
        p.esConfidence,
        p.shortOptionMinMm,
        p.shortOptionMinIm,
        p.perpChargeMm,
        p.perpChargeIm,
        U256::from(p.nearExpirySecs),
        p.nearExpiryCharge,
    ]
}

/// Returns the ABI struct whose fields are `w`.
#[must_use]
pub fn to_abi(w: &Words) -> RiskParams {
    // Truncation not possible: the u32 fields came from u32 ABI fields.
    #[allow(clippy::cast_possible_truncation)]
    let int = |i: usize| w[i] as u32;
    let wad = |i: usize| U256::from(w[i]);
    RiskParams {
        scanRangeFloor: wad(0),
        scanRangeCap: wad(1),
        volMultiplier: wad(2),
        horizonSecs: int(3),
        gridSteps: int(4),
        volUpShock: wad(5),
        volDownShock: wad(6),
        shortTermPower: wad(7),
        longTermPower: wad(8),
        minVolUp: wad(9),
        tailDampening: wad(10),
        skewShock: wad(11),
        basisShock: wad(12),
        imFactor: wad(13),
        mmFactor: wad(14),
        esConfidence: wad(15),
        shortOptionMinMm: wad(16),
        shortOptionMinIm: wad(17),
        perpChargeMm: wad(18),
        perpChargeIm: wad(19),
        nearExpirySecs: int(20),
        nearExpiryCharge: wad(21),
    }
}

/// Returns the engine parameters whose fields are `w`.
#[must_use]
pub fn to_engine(w: &Words) -> EngineParams {
    // Truncation not possible: the u32 fields came from u32 ABI fields.
    #[allow(clippy::cast_possible_truncation)]
    let int = |i: usize| w[i] as u32;
    let wad = |i: usize| Wad::from_raw(w[i]);
    EngineParams {
        scan_range_floor: wad(0),
        scan_range_cap: wad(1),
        vol_multiplier: wad(2),
        horizon_secs: int(3),
        grid_steps: int(4),
        vol_up_shock: wad(5),
        vol_down_shock: wad(6),
        short_term_power: wad(7),
        long_term_power: wad(8),
        min_vol_up: wad(9),
        tail_dampening: wad(10),
        skew_shock: wad(11),
        basis_shock: wad(12),
        im_factor: wad(13),
        mm_factor: wad(14),
        es_confidence: wad(15),
        short_option_min_mm: wad(16),
        short_option_min_im: wad(17),
        perp_charge_mm: wad(18),
        perp_charge_im: wad(19),
        near_expiry_secs: int(20),
        near_expiry_charge: wad(21),
    }
}

/// Returns the words of the engine parameters `p` (inverse of [`to_engine`]).
#[must_use]
pub fn engine_words(p: &EngineParams) -> Words {
    [
        p.scan_range_floor.raw(),
        p.scan_range_cap.raw(),
        p.vol_multiplier.raw(),
        u128::from(p.horizon_secs),
        u128::from(p.grid_steps),
        p.vol_up_shock.raw(),
        p.vol_down_shock.raw(),
        p.short_term_power.raw(),
        p.long_term_power.raw(),
        p.min_vol_up.raw(),
        p.tail_dampening.raw(),
        p.skew_shock.raw(),
        p.basis_shock.raw(),
        p.im_factor.raw(),
        p.mm_factor.raw(),
        p.es_confidence.raw(),
        p.short_option_min_mm.raw(),
        p.short_option_min_im.raw(),
        p.perp_charge_mm.raw(),
        p.perp_charge_im.raw(),
        u128::from(p.near_expiry_secs),
        p.near_expiry_charge.raw(),
    ]
}

/// Returns the words of `p`, saturating values above `u128::MAX` (they fail validation on their own field).
#[must_use]
pub fn to_words(p: &RiskParams) -> Words {
    saturate(&abi_words(p))
}

/// Returns ABI field values as words, saturating values above `u128::MAX`.
fn saturate(abi: &[U256; FIELD_COUNT]) -> Words {
    let mut out = [0u128; FIELD_COUNT];
    for (o, v) in out.iter_mut().zip(abi.iter()) {
        *o = u128::try_from(*v).unwrap_or(u128::MAX);
    }
    out
}

/// One underlying's parameters in storage: 22 `u128` fields packed two per slot.
#[storage]
pub struct StoredParams {
    /// Slot `i` holds field `2i` in its low 128 bits and field `2i + 1` in its high 128 bits.
    slots: StorageArray<StorageU256, PARAM_SLOTS>,
}

/// Returns the low and high 128-bit halves of `word`.
fn halves(word: U256) -> (u128, u128) {
    let l = word.into_limbs();
    (
        u128::from(l[0]) | (u128::from(l[1]) << 64),
        u128::from(l[2]) | (u128::from(l[3]) << 64),
    )
}

impl StoredParams {
    /// Returns the stored fields (all zero when the underlying is not listed).
    #[must_use]
    pub fn words(&self) -> Words {
        let mut out = [0u128; FIELD_COUNT];
        for i in 0..PARAM_SLOTS {
            (out[2 * i], out[2 * i + 1]) = halves(self.slots.get(i).unwrap_or_default());
        }
        out
    }

    /// Returns `true` when the underlying has parameters (`gridSteps >= 1`).
    #[must_use]
    pub fn is_listed(&self) -> bool {
        halves(self.slots.get(GRID_STEPS / 2).unwrap_or_default()).0 != 0
    }

    /// Stores `words` (already validated).
    pub fn set_words(&mut self, words: &Words) {
        for i in 0..PARAM_SLOTS {
            let word = U256::from(words[2 * i]) | (U256::from(words[2 * i + 1]) << 128);
            if let Some(mut slot) = self.slots.setter(i) {
                slot.set(word);
            }
        }
    }
}

/// Checks `params` for `underlying` with risk-math's [`EngineParams::validate`] (the hard bounds) and returns its
/// words for storage.
///
/// # Errors
/// * `PortfolioNettingParamOutOfBounds(underlying, field, value, min, max)` for the first field outside its
///   bounds, with the value exactly as given.
pub fn validate(underlying: u32, params: &RiskParams) -> Result<Words, Error> {
    validate_fields(underlying, &abi_words(params))
}

/// [`validate`] for parameters given as their ABI field values, in field order.
///
/// # Errors
/// As [`validate`].
pub fn validate_fields(underlying: u32, abi: &[U256; FIELD_COUNT]) -> Result<Words, Error> {
    let words = saturate(abi);
    match to_engine(&words).validate() {
        Ok(()) => Ok(words),
        Err(MarginError::ParamOutOfBounds {
            field, min, max, ..
        }) => {
            let index = field.index() as usize;
            Err(Error::ParamOutOfBounds(PortfolioNettingParamOutOfBounds {
                underlying,
                fieldIndex: U256::from(index),
                value: abi[index],
                min: U256::from(min),
                max: U256::from(max),
            }))
        }
        Err(other) => Err(crate::engine::margin_error(other)),
    }
}
