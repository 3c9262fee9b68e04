//! Risk parameters: conversion between the ABI struct and risk-math's [`EngineParams`], and packed storage.
//!
//! The bounds themselves live in risk-math ([`EngineParams::validate`]); this module only moves values
//! between the ABI (`uint256` WAD words), risk-math's types and storage. Every field is bounded far below
//! `2^65`, so storage packs the 22 fields three per slot in 85-bit lanes (8 slots per underlying: each
//! margin call reads them cold, at 2,100 gas a slot).

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
/// Bits of one packed field: every field within its bounds is below `2^65` (the largest bound is 20e18).
const FIELD_BITS: usize = 85;
/// Fields per storage slot.
const FIELDS_PER_SLOT: usize = 3;
/// Storage slots of one underlying's packed parameters.
pub const PARAM_SLOTS: usize = FIELD_COUNT.div_ceil(FIELDS_PER_SLOT);
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

/// One underlying's parameters in storage: 22 fields packed three per slot.
#[storage]
pub struct StoredParams {
    /// Slot `i` holds fields `3i`, `3i + 1` and `3i + 2` in bits 0..85, 85..170 and 170..255.
    slots: StorageArray<StorageU256, PARAM_SLOTS>,
}

/// Mask of one lane.
const LANE: u128 = (1 << FIELD_BITS) - 1;

/// Returns the three 85-bit lanes of a packed slot (bits 0..85, 85..170, 170..255), from its 64-bit limbs.
fn unpack(word: U256) -> [u128; FIELDS_PER_SLOT] {
    let [l0, l1, l2, l3] = word.into_limbs();
    [
        (u128::from(l0) | (u128::from(l1) << 64)) & LANE,
        (u128::from(l1 >> 21) | (u128::from(l2) << 43)) & LANE,
        (u128::from(l2 >> 42) | (u128::from(l3) << 22)) & LANE,
    ]
}

/// Packs three fields, each below `2^85`, into a slot ([`unpack`]'s inverse).
fn pack([a, b, c]: [u128; FIELDS_PER_SLOT]) -> U256 {
    // Truncation intended: each limb takes its 64 bits of the lanes.
    #[allow(clippy::cast_possible_truncation)]
    U256::from_limbs([
        a as u64,
        ((a >> 64) | (b << 21)) as u64,
        ((b >> 43) | (c << 42)) as u64,
        (c >> 22) as u64,
    ])
}

impl StoredParams {
    /// Returns the stored fields (all zero when the underlying is not listed).
    #[must_use]
    pub fn words(&self) -> Words {
        let mut out = [0u128; FIELD_COUNT];
        for (i, chunk) in out.chunks_mut(FIELDS_PER_SLOT).enumerate() {
            let lanes = unpack(self.slots.get(i).unwrap_or_default());
            chunk.copy_from_slice(&lanes[..chunk.len()]);
        }
        out
    }

    /// Returns `true` when the underlying has parameters (`gridSteps >= 1`).
    #[must_use]
    pub fn is_listed(&self) -> bool {
        let word = self
            .slots
            .get(GRID_STEPS / FIELDS_PER_SLOT)
            .unwrap_or_default();
        unpack(word)[GRID_STEPS % FIELDS_PER_SLOT] != 0
    }

    /// Stores `words`, already validated (so each below `2^85`; a larger value would spill into the next lane).
    pub fn set_words(&mut self, words: &Words) {
        for (i, chunk) in words.chunks(FIELDS_PER_SLOT).enumerate() {
            let mut lanes = [0u128; FIELDS_PER_SLOT];
            lanes[..chunk.len()].copy_from_slice(chunk);
            debug_assert!(
                lanes.iter().all(|v| v >> FIELD_BITS == 0),
                "validated fields fit 85 bits"
            );
            if let Some(mut slot) = self.slots.setter(i) {
                slot.set(pack(lanes));
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
