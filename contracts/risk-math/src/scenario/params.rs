//! Risk parameters of the scenario engine: one [`RiskParams`] per underlying and one [`AggregationParams`] per
//! portfolio, with the defaults of methodology.md and the hard bounds governance must stay within.
//!
//! The field order of [`RiskParams`] is the order of the on-chain `RiskParams` struct
//! (`abi/interfaces/IPortfolioNetting.sol`); [`ParamField::index`] is the `fieldIndex` of its
//! `PortfolioNettingParamOutOfBounds` error.

use crate::portfolio::{Limits, MAX_POSITIONS, MAX_UNDERLYINGS, SECONDS_PER_DAY};
use crate::scenario::MarginError;
use crate::Wad;

/// `x / 10_000` as a WAD (basis points), for readable constants.
const fn bps(x: u128) -> Wad {
    Wad::from_raw(x * 100_000_000_000_000)
}

/// Largest number of price steps on each side of the core grid.
pub const MAX_GRID_STEPS: u32 = 8;

/// Largest horizon (margin period of risk), 30 days.
pub const MAX_HORIZON_SECS: u32 = 30 * SECONDS_PER_DAY as u32;

/// Smallest horizon, one hour.
pub const MIN_HORIZON_SECS: u32 = 3_600;

/// Largest spread credit between two underlyings (80%).
pub const MAX_SPREAD_CREDIT: Wad = bps(8_000);

/// Risk parameters of one underlying.
///
/// The scan range is `R = clamp(vol_multiplier · σ · √(horizon), scan_range_floor, scan_range_cap)`
/// (methodology §1.2 step 6, with `vol_multiplier = z · (1 + b_APC)`); every other field is explained where the
/// engine uses it (`crate::scenario`). All fractions are WAD.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RiskParams {
    /// \[0\] Minimum price scan range `R_min`; bounds \[0.01, 0.9\]. Default 16% (Deribit's BTC range).
    pub scan_range_floor: Wad,
    /// \[1\] Maximum price scan range `R_max`; bounds \[scan_range_floor, 0.9\]. Default 50%.
    pub scan_range_cap: Wad,
    /// \[2\] `k = z · (1 + b_APC)` in `R = k · σ · √h`; bounds \[0, 20\]. Default 3.25 × 1.25 = 4.0625 (Student-t(4)
    /// 99.5% one-day quantile with the EMIR 25% anti-procyclicality buffer).
    pub vol_multiplier: Wad,
    /// \[3\] Margin period of risk `h` in seconds; bounds \[3600, 2592000\]. Default one day.
    pub horizon_secs: u32,
    /// \[4\] Price steps `N` on each side of the core grid; bounds \[1, 8\]. Default 4 (9 points, as Deribit).
    pub grid_steps: u32,
    /// \[5\] Relative vol-up shock `U` at 30 days to expiry; bounds \[0, 5\]. Default 0.5 (Derive PMRM_2).
    pub vol_up_shock: Wad,
    /// \[6\] Relative vol-down shock `Dn` at 30 days to expiry; bounds \[0, 1\]. Default 0.3.
    pub vol_down_shock: Wad,
    /// \[7\] Tenor power `p` of the vol shocks for expiries up to 30 days; bounds \[0, 1\]. Default 0.3.
    pub short_term_power: Wad,
    /// \[8\] Tenor power `p` beyond 30 days; bounds \[0, 1\]. Default 0.13.
    pub long_term_power: Wad,
    /// \[9\] Floor of the shocked vol in vol-up scenarios `σ_min,up`; bounds \[0, 5\]. Default 0.40.
    pub min_vol_up: Wad,
    /// \[10\] Tail dampening `κ`: a tail scenario's PnL is multiplied by `min(1, κ·R/|s−1|)`; 0 switches the tail
    /// scenarios off; bounds \[0, 1\]. Default 0.77 (so `κ · 18% = 13.86%`, Derive's dampener).
    pub tail_dampening: Wad,
    /// \[11\] Base cap `c₀` of the skew scenarios (`c = c₀ − 0.1·√τ`); 0 switches them off; bounds \[0, 1\].
    /// Default 0.25.
    pub skew_shock: Wad,
    /// \[12\] Forward-only move `b` of the basis scenarios; an expiry `τ` years out moves by `b·(0.5 + 2τ)`
    /// (capped at 90%); 0 switches them off; bounds \[0, 0.5\]. Default 4.5%.
    pub basis_shock: Wad,
    /// \[13\] Scan-loss multiplier in initial margin `m_IM`; bounds \[mm_factor, 5\]. Default 1.0.
    pub im_factor: Wad,
    /// \[14\] Scan-loss multiplier in maintenance margin `m_MM`; bounds \[0.1, 5\]. Default 0.8.
    pub mm_factor: Wad,
    /// \[15\] 0 = worst-loss mode; otherwise the Expected Shortfall confidence `α`; bounds 0 or \[0.9, 0.999\].
    /// Default 0.
    pub es_confidence: Wad,
    /// \[16\] Short-option minimum in maintenance margin, as a fraction of the spot notional of the net short
    /// options per strike and expiry; bounds \[0, 0.5\]. Default 0.5% (methodology §5.4).
    pub short_option_min_mm: Wad,
    /// \[17\] Extra short-option minimum in initial margin; bounds \[0, 0.5\]. Default 0.25%.
    pub short_option_min_im: Wad,
    /// \[18\] Maintenance charge on the gross delta-one notional `Σ|size|·price`; bounds \[0, 0.5\]. Default 1%
    /// (the §5.3 basis add-on floor).
    pub perp_charge_mm: Wad,
    /// \[19\] Extra initial charge on the gross delta-one notional; bounds \[0, 0.5\]. Default 0.5%.
    pub perp_charge_im: Wad,
    /// \[20\] Window before expiry in which net short options pay the near-expiry charge (seconds); bounds
    /// \[0, 2592000\]. Default one day.
    pub near_expiry_secs: u32,
    /// \[21\] Near-expiry charge, fraction of the spot notional of net short options inside the window, added to
    /// both margins; bounds \[0, 0.5\]. Default 1% = `R_min / (4N)`, the largest gap between a short option's
    /// kinked payoff and its linear interpolation between two grid points.
    pub near_expiry_charge: Wad,
}

/// A field of [`RiskParams`], for errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // Each variant is the field of the same name.
pub enum ParamField {
    ScanRangeFloor,
    ScanRangeCap,
    VolMultiplier,
    HorizonSecs,
    GridSteps,
    VolUpShock,
    VolDownShock,
    ShortTermPower,
    LongTermPower,
    MinVolUp,
    TailDampening,
    SkewShock,
    BasisShock,
    ImFactor,
    MmFactor,
    EsConfidence,
    ShortOptionMinMm,
    ShortOptionMinIm,
    PerpChargeMm,
    PerpChargeIm,
    NearExpirySecs,
    NearExpiryCharge,
}

impl ParamField {
    /// Returns the 0-based position of the field in the on-chain `RiskParams` struct.
    pub const fn index(self) -> u32 {
        self as u32
    }

    /// Returns the field's snake_case name.
    pub const fn name(self) -> &'static str {
        match self {
            Self::ScanRangeFloor => "scan_range_floor",
            Self::ScanRangeCap => "scan_range_cap",
            Self::VolMultiplier => "vol_multiplier",
            Self::HorizonSecs => "horizon_secs",
            Self::GridSteps => "grid_steps",
            Self::VolUpShock => "vol_up_shock",
            Self::VolDownShock => "vol_down_shock",
            Self::ShortTermPower => "short_term_power",
            Self::LongTermPower => "long_term_power",
            Self::MinVolUp => "min_vol_up",
            Self::TailDampening => "tail_dampening",
            Self::SkewShock => "skew_shock",
            Self::BasisShock => "basis_shock",
            Self::ImFactor => "im_factor",
            Self::MmFactor => "mm_factor",
            Self::EsConfidence => "es_confidence",
            Self::ShortOptionMinMm => "short_option_min_mm",
            Self::ShortOptionMinIm => "short_option_min_im",
            Self::PerpChargeMm => "perp_charge_mm",
            Self::PerpChargeIm => "perp_charge_im",
            Self::NearExpirySecs => "near_expiry_secs",
            Self::NearExpiryCharge => "near_expiry_charge",
        }
    }
}

impl Default for RiskParams {
    fn default() -> Self {
        Self {
            scan_range_floor: bps(1_600),
            scan_range_cap: bps(5_000),
            vol_multiplier: Wad::from_raw(4_062_500_000_000_000_000),
            horizon_secs: SECONDS_PER_DAY as u32,
            grid_steps: 4,
            vol_up_shock: bps(5_000),
            vol_down_shock: bps(3_000),
            short_term_power: bps(3_000),
            long_term_power: bps(1_300),
            min_vol_up: bps(4_000),
            tail_dampening: bps(7_700),
            skew_shock: bps(2_500),
            basis_shock: bps(450),
            im_factor: bps(10_000),
            mm_factor: bps(8_000),
            es_confidence: Wad::ZERO,
            short_option_min_mm: bps(50),
            short_option_min_im: bps(25),
            perp_charge_mm: bps(100),
            perp_charge_im: bps(50),
            near_expiry_secs: SECONDS_PER_DAY as u32,
            near_expiry_charge: bps(100),
        }
    }
}

/// Checks `min <= value <= max` for a WAD field.
fn check(field: ParamField, value: Wad, min: Wad, max: Wad) -> Result<(), MarginError> {
    if value < min || value > max {
        return Err(MarginError::ParamOutOfBounds {
            field,
            value: value.raw(),
            min: min.raw(),
            max: max.raw(),
        });
    }
    Ok(())
}

/// Checks `min <= value <= max` for an integer field (reported in plain units, not WAD).
fn check_int(field: ParamField, value: u32, min: u32, max: u32) -> Result<(), MarginError> {
    if value < min || value > max {
        return Err(MarginError::ParamOutOfBounds {
            field,
            value: u128::from(value),
            min: u128::from(min),
            max: u128::from(max),
        });
    }
    Ok(())
}

impl RiskParams {
    /// Checks every field against its hard bounds, in field order.
    ///
    /// # Errors
    /// `MarginError::ParamOutOfBounds` for the first field outside its bounds, carrying the value and the bounds
    /// (WAD raw for fractions, plain integers for `horizon_secs`, `grid_steps`, `near_expiry_secs`). For
    /// `es_confidence` the reported bounds are \[0.9, 0.999\] (0 is also accepted).
    pub fn validate(&self) -> Result<(), MarginError> {
        use ParamField as F;
        let max_range = bps(9_000);
        check(
            F::ScanRangeFloor,
            self.scan_range_floor,
            bps(100),
            max_range,
        )?;
        check(
            F::ScanRangeCap,
            self.scan_range_cap,
            self.scan_range_floor,
            max_range,
        )?;
        check(
            F::VolMultiplier,
            self.vol_multiplier,
            Wad::ZERO,
            bps(200_000),
        )?;
        check_int(
            F::HorizonSecs,
            self.horizon_secs,
            MIN_HORIZON_SECS,
            MAX_HORIZON_SECS,
        )?;
        check_int(F::GridSteps, self.grid_steps, 1, MAX_GRID_STEPS)?;
        check(F::VolUpShock, self.vol_up_shock, Wad::ZERO, bps(50_000))?;
        check(F::VolDownShock, self.vol_down_shock, Wad::ZERO, Wad::ONE)?;
        check(
            F::ShortTermPower,
            self.short_term_power,
            Wad::ZERO,
            Wad::ONE,
        )?;
        check(F::LongTermPower, self.long_term_power, Wad::ZERO, Wad::ONE)?;
        check(F::MinVolUp, self.min_vol_up, Wad::ZERO, bps(50_000))?;
        check(F::TailDampening, self.tail_dampening, Wad::ZERO, Wad::ONE)?;
        check(F::SkewShock, self.skew_shock, Wad::ZERO, Wad::ONE)?;
        check(F::BasisShock, self.basis_shock, Wad::ZERO, bps(5_000))?;
        check(F::ImFactor, self.im_factor, self.mm_factor, bps(50_000))?;
        check(F::MmFactor, self.mm_factor, bps(1_000), bps(50_000))?;
        if self.es_confidence != Wad::ZERO {
            check(F::EsConfidence, self.es_confidence, bps(9_000), bps(9_990))?;
        }
        let half = bps(5_000);
        check(
            F::ShortOptionMinMm,
            self.short_option_min_mm,
            Wad::ZERO,
            half,
        )?;
        check(
            F::ShortOptionMinIm,
            self.short_option_min_im,
            Wad::ZERO,
            half,
        )?;
        check(F::PerpChargeMm, self.perp_charge_mm, Wad::ZERO, half)?;
        check(F::PerpChargeIm, self.perp_charge_im, Wad::ZERO, half)?;
        check_int(
            F::NearExpirySecs,
            self.near_expiry_secs,
            0,
            MAX_HORIZON_SECS,
        )?;
        check(
            F::NearExpiryCharge,
            self.near_expiry_charge,
            Wad::ZERO,
            half,
        )?;
        Ok(())
    }

    /// Returns whether the scan loss is the Expected Shortfall (`es_confidence > 0`) rather than the worst loss.
    pub fn is_expected_shortfall(&self) -> bool {
        self.es_confidence != Wad::ZERO
    }

    /// Returns these parameters with every size- or count-based add-on switched off (short-option minimum,
    /// perp charges, near-expiry charge): the pure scan-loss engine, positively homogeneous in position size.
    pub fn without_add_ons(mut self) -> Self {
        self.short_option_min_mm = Wad::ZERO;
        self.short_option_min_im = Wad::ZERO;
        self.perp_charge_mm = Wad::ZERO;
        self.perp_charge_im = Wad::ZERO;
        self.near_expiry_charge = Wad::ZERO;
        self
    }
}

/// A spread-credit pair between two underlyings (methodology §5.2 (b)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpreadPair {
    /// First underlying id.
    pub first: u32,
    /// Second underlying id (different from `first`).
    pub second: u32,
    /// Credit `c`, \[0, 0.8\]; the credits of all pairs naming one underlying add up to at most 1 (see
    /// `crate::scenario::aggregate`).
    pub credit: Wad,
}

/// Cross-underlying parameters of one portfolio aggregation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AggregationParams<'a> {
    /// Spread-credit pairs, applied in order (a leg's creditable loss is used up by earlier pairs).
    pub spread_pairs: &'a [SpreadPair],
    /// Credit floor: total margin after credits is never below the largest single underlying's margin times
    /// this factor; bounds \[0, 1\]. Default 0.5.
    pub credit_floor: Wad,
    /// Portfolio size limits.
    pub limits: Limits,
}

impl Default for AggregationParams<'_> {
    fn default() -> Self {
        Self {
            spread_pairs: &[],
            credit_floor: bps(5_000),
            limits: Limits::default(),
        }
    }
}

impl AggregationParams<'_> {
    /// Checks the credit floor, the limits and every spread pair against their hard bounds.
    ///
    /// # Errors
    /// `LimitOutOfBounds` for the floor or a limit, `InvalidSpreadPair` for a pair naming one underlying twice,
    /// `SpreadCreditOutOfBounds` for a credit above 80% or an underlying whose pairs' credits add up above 1
    /// (reported as that sum with max 1).
    pub fn validate(&self) -> Result<(), MarginError> {
        let out =
            |value: u128, min: u128, max: u128| MarginError::LimitOutOfBounds { value, min, max };
        if self.credit_floor > Wad::ONE {
            return Err(out(self.credit_floor.raw(), 0, Wad::ONE.raw()));
        }
        let Limits {
            max_underlyings,
            max_positions,
        } = self.limits;
        if max_underlyings == 0 || max_underlyings as usize > MAX_UNDERLYINGS {
            return Err(out(u128::from(max_underlyings), 1, MAX_UNDERLYINGS as u128));
        }
        if max_positions == 0 || max_positions as usize > MAX_POSITIONS {
            return Err(out(u128::from(max_positions), 1, MAX_POSITIONS as u128));
        }
        for pair in self.spread_pairs {
            if pair.first == pair.second {
                return Err(MarginError::InvalidSpreadPair {
                    first: pair.first,
                    second: pair.second,
                });
            }
            if pair.credit > MAX_SPREAD_CREDIT {
                return Err(MarginError::SpreadCreditOutOfBounds {
                    credit: pair.credit.raw(),
                    max: MAX_SPREAD_CREDIT.raw(),
                });
            }
        }
        for pair in self.spread_pairs {
            for id in [pair.first, pair.second] {
                // Each credit <= 0.8 and at most MAX_UNDERLYINGS^2 pairs matter in practice; saturate anyway.
                let sum = self
                    .spread_pairs
                    .iter()
                    .filter(|p| p.first == id || p.second == id)
                    .fold(0u128, |acc, p| acc.saturating_add(p.credit.raw()));
                if sum > Wad::ONE.raw() {
                    return Err(MarginError::SpreadCreditOutOfBounds {
                        credit: sum,
                        max: Wad::ONE.raw(),
                    });
                }
            }
        }
        Ok(())
    }
}
