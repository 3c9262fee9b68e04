//! European option pricing: Black-76 on a forward and Black-Scholes on a spot with a rate, with delta, gamma,
//! vega and theta (methodology §4).
//!
//! # Formulas
//! With `D = e^(-rτ)`, `v = σ sqrt(τ)`, `d1 = ln(F/K)/v + v/2`, `d2 = d1 - v` (for a spot `S`, `F = S e^(rτ)`):
//!
//! - call `C = D (F N(d1) - K N(d2))`, put `P = D (K N(-d2) - F N(-d1))`;
//! - forward delta `D N(d1)` / `-D N(-d1)`; spot delta `N(d1)` / `-N(-d1)`;
//! - forward gamma `D n(d1) / (F v)`; spot gamma `n(d1) / (S v)`;
//! - vega `D F n(d1) sqrt(τ)` per unit of vol (1.0 = 100 vol points), the same for calls and puts;
//! - theta `-∂V/∂τ` per year: forward `r V - D F n(d1) σ / (2 sqrt τ)`; spot subtracts `r F Δ_F` from it.
//!
//! # Method
//! `d1`, `d2`, `N` and `n` are computed in binary fixed point (`ln(F/K)` to 5e-19, `N` to 2e-18 absolute). Each of
//! `F N(d1)` and `K N(d2)` is formed in 256 bits from the normal tail kept as mantissa and exponent (so an
//! out-of-the-money leg is accurate to ~1e-16 *relative*), rounded once, and the difference is discounted once.
//! So the absolute price error is about `2e-18 * D * (F + K)`, out-of-the-money prices stay monotone, and
//! saturated cases (expiry, zero vol, deep in or out of the money) give the exact discounted intrinsic value.
//! The density `n(d1)` likewise stays a mantissa and an exponent through `D F n(d1)` (vega, theta) and
//! `D n(d1) / (F v)` (gamma), so those Greeks are accurate to ~1e-12 *relative* plus a few WAD units however far
//! out of the money (rounding `n(d1)` to an absolute Q60 value first lost all relative precision beyond
//! `|d1| ≈ 8`).
//!
//! When `v < 2^-20` (an instant before expiry, or a near-zero vol) a Q60 `v` would carry too few significant
//! bits, so `v` is recomputed in Q96 and `ln(F/K)/v` from the exact difference `s = (F-K)/(F+K)`
//! (`ln(F/K) = 2 atanh(s)`) and, for a spot, `r τ / v` from the exact inputs: the Greeks keep their accuracy at
//! `τ = 1e-16` years (measured, `tests/vectors/`).
//!
//! # Limits
//! Nothing divides by zero or blows up:
//! - `τ = 0` or `σ = 0` (`v = 0`): `d1 = d2 = ±∞` by the sign of `ln(F/K)`, or `0` at the money; the price is the
//!   discounted intrinsic value, delta the discounted step (half at the money). Gamma is reported as 0 (the true
//!   value is a Dirac mass at `F = K`). Theta keeps only `r V` (its `σ/(2 sqrt τ)` part is 0 for `σ = 0`, and at
//!   `τ = 0` it is dropped: an expired option has no time decay). Vega keeps its true limit `D F n(0) sqrt τ` at
//!   the money with `σ = 0`.
//! - `v >= 40`: `N(d1) = 1`, `N(d2) = 0` exactly to 18 decimals (`|d| >= 17.8`), the limit prices `D F` / `D K`.
//! - `|d| >= 10`: `N` is 0 or 1 and `n` is 0.

use crate::elementary::{
    atanh_over_s_q64, exp_parts, ln_ratio_q60, ln_ratio_q64, scale_q60, shift_round, sqrt_parts,
    sqrt_q60_from_parts, EXP_PARTS_MAX_ARG,
};
use crate::fixed::{self, ONE};
use crate::normal::{tail_and_pdf_parts, CDF_CUTOFF_Q60};
use crate::wad::{mul_div, mul_div_signed, SignedWad, Wad, WAD_SCALE};
use crate::wide::{div_wide, full_mul};
use crate::{MathError, RoundMode};

/// Total volatility `σ sqrt(τ)` (Q60) from which prices are their `v → ∞` limits.
const MAX_TOTAL_VOL_Q60: u128 = 40 << 60;

/// Total volatility (Q60, 2^-20 ≈ 9.5e-7) below which `d1` is computed in Q96 from the exact inputs.
const SMALL_TOTAL_VOL_Q60: u128 = 1 << 40;

/// `|ln(F/K) / v|` (Q60) beyond which `d1`, `d2` are saturated whatever `v < 40` adds (64 > 10 + 40/2).
const MAX_LOG_MONEYNESS_OVER_V_Q60: i128 = 64 << 60;

/// Returns `v = σ sqrt(τ)` in Q96 from the vol (raw WAD) and `sqrt(tau_raw) = root / 2^shift`, rounded down;
/// `None` when `v >= 2^32` (far beyond the `v >= 40` limit).
fn total_vol_q96(vol: u128, root: u128, shift: u32) -> Option<u128> {
    if vol == 0 || root == 0 {
        return Some(0);
    }
    // v * 2^96 = vol * root * 2^(96 - shift) / 10^27, with 32 <= 96 - shift <= 96.
    let (hi, lo) = full_mul(vol, root);
    let t = 96 - shift;
    // hi < 2^64 (vol < 2^128, root < 2^64); the shifted high half must stay below 2^128.
    if hi.leading_zeros() < t {
        return None;
    }
    let (hi, lo) = if t >= 128 {
        (lo << (t - 128), 0)
    } else {
        ((hi << t) | (lo >> (128 - t)), lo << t)
    };
    div_wide(hi, lo, 1_000_000_000_000_000_000_000_000_000).map(|(q, _)| q)
}

/// Returns `ln(F/K) / v` in Q60 for a tiny `v` (Q96), from the exact inputs: `underlying` is the forward, or the
/// spot with `rate` its carry (`ln(F/K) = ln(S/K) + r τ`); `forward` is the rounded forward, the fallback when
/// the two spot terms both saturate (a near-cancellation of two huge terms).
fn precise_log_moneyness_over_v(
    underlying: u128,
    strike: u128,
    forward: u128,
    rate: i128,
    tau: u128,
    v96: u128,
) -> Result<i128, MathError> {
    if rate == 0 {
        return log_moneyness_over_v(underlying, strike, v96);
    }
    let spot_term = log_moneyness_over_v(underlying, strike, v96)?;
    match carry_over_v(rate, tau, v96) {
        Some(c) if spot_term.abs() < MAX_LOG_MONEYNESS_OVER_V_Q60 => {
            Ok((spot_term + c).clamp(-MAX_LOG_MONEYNESS_OVER_V_Q60, MAX_LOG_MONEYNESS_OVER_V_Q60))
        }
        _ => log_moneyness_over_v(forward, strike, v96),
    }
}

/// Returns `ln(F/K) / v` in Q60 for `v` in Q96 (`0 < v < 40`), clamped to ±64 where `N` saturates anyway.
///
/// Near the money (`F/K` within `[1/1.375, 1.375]`) it uses `ln(F/K) = 2 s P(s²)` with `s = (F-K)/(F+K)` formed
/// exactly from the integers, so the quotient keeps ~60 significant bits however small `F - K` and `v` are
/// (accurate Greeks an instant before expiry). Elsewhere `|ln(F/K)| > 0.31` and its absolute error of 5e-19 is
/// already relative.
fn log_moneyness_over_v(forward: u128, strike: u128, v96: u128) -> Result<i128, MathError> {
    let (hi, lo) = (forward.max(strike), forward.min(strike));
    let negative = forward < strike;
    // F/K within [1, 1.375] (by shifts, no division); |s| <= 0.158 there, inside the series' range.
    let magnitude = if hi - lo <= (lo >> 2) + (lo >> 3) {
        // F + K may exceed u128 only for prices above 1.7e20; halving both terms changes s by < 2^-127.
        let (diff, sum) = match hi.checked_add(lo) {
            Some(sum) => (hi - lo, sum),
            None => ((hi - lo) >> 1, (hi >> 1) + (lo >> 1)),
        };
        // s < 0.172, so s * 2^124 < 2^122.
        let s124 = mul_div(diff, 1 << 124, sum, RoundMode::Down)?;
        // s / v in Q60 = s124 * 2^32 / v96; a quotient beyond u128 is far past saturation.
        let s_over_v = mul_div(s124, 1 << 32, v96, RoundMode::Down).unwrap_or(u128::MAX);
        let s_over_v = s_over_v.min(MAX_LOG_MONEYNESS_OVER_V_Q60 as u128) as i128;
        // s_over_v <= 2^66 and P < 1.02 * 2^60: the product is below 2^126.03.
        let p60 = fixed::shr_round(atanh_over_s_q64((s124 >> 60) as i128), 4);
        (2 * fixed::mul(s_over_v, p60)).min(MAX_LOG_MONEYNESS_OVER_V_Q60)
    } else {
        log_ratio_over_v(hi, lo, v96)?
    };
    Ok(if negative { -magnitude } else { magnitude })
}

/// Returns `|ln(hi/lo)| / v` in Q60 from the Q64 logarithm (absolute error 5e-19), clamped to 64.
fn log_ratio_over_v(hi: u128, lo: u128, v96: u128) -> Result<i128, MathError> {
    // |ln| < 2^71 in Q64; ln * 2^(60 + 96 - 64) / v96.
    let l64 = ln_ratio_q64(hi, lo)?.unsigned_abs();
    let (h, l) = full_mul(l64, 1 << 92);
    Ok(
        div_wide(h, l, v96).map_or(MAX_LOG_MONEYNESS_OVER_V_Q60, |(q, _)| {
            q.min(MAX_LOG_MONEYNESS_OVER_V_Q60 as u128) as i128
        }),
    )
}

/// Returns `r τ / v` in Q60 from raw WAD `r`, `τ` and `v` in Q96, or `None` if it reaches the clamp (±64).
///
/// Formed from the exact inputs (`r` in Q96, then `r τ`), not from the WAD-rounded `r τ`, whose 1e-18
/// quantization would dominate `d1` an instant before expiry.
fn carry_over_v(rate: i128, tau: u128, v96: u128) -> Option<i128> {
    let r96 = mul_div(rate.unsigned_abs(), 1 << 96, WAD_SCALE, RoundMode::Down).ok()?;
    let rt96 = mul_div(r96, tau, WAD_SCALE, RoundMode::Down).ok()?;
    let q = mul_div(rt96, ONE as u128, v96, RoundMode::Down).ok()?;
    if q >= MAX_LOG_MONEYNESS_OVER_V_Q60 as u128 {
        return None;
    }
    Some(if rate < 0 { -(q as i128) } else { q as i128 })
}

/// Seconds in the 365-day year used for `τ` (methodology conventions).
pub const SECONDS_PER_YEAR: u64 = 31_536_000;

/// Call or put.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptionKind {
    /// The right to buy at the strike.
    Call,
    /// The right to sell at the strike.
    Put,
}

/// What the option is written on, and so which model prices it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Underlying {
    /// A forward price `F` (Black-76; delta and gamma are with respect to `F`).
    Forward(Wad),
    /// A spot price `S` growing at the rate (Black-Scholes, `F = S e^(rτ)`; delta and gamma are with respect to
    /// `S`).
    Spot(Wad),
}

/// A European option and its market inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EuropeanOption {
    /// Call or put.
    pub kind: OptionKind,
    /// Forward or spot price of the underlying, in quote units (WAD, > 0).
    pub underlying: Underlying,
    /// Strike in quote units (WAD, > 0).
    pub strike: Wad,
    /// Time to expiry `τ` in years (WAD, >= 0; see [`years_from_secs`]).
    pub expiry_years: Wad,
    /// Implied volatility `σ`, annualised (WAD, 0.8 = 80%).
    pub vol: Wad,
    /// Continuously compounded rate `r` (WAD, may be negative); discounts by `e^(-rτ)`.
    pub rate: SignedWad,
}

/// Price and first-order/second-order sensitivities of one option.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Greeks {
    /// Present value in quote units.
    pub price: Wad,
    /// `∂V/∂F` (forward) or `∂V/∂S` (spot).
    pub delta: SignedWad,
    /// `∂²V/∂F²` or `∂²V/∂S²`, per quote unit.
    pub gamma: Wad,
    /// `∂V/∂σ` per unit of volatility (divide by 100 for one vol point).
    pub vega: Wad,
    /// `-∂V/∂τ` per year (divide by 365 for one day).
    pub theta: SignedWad,
}

/// Returns the years from `now_secs` to `expiry_secs` (365-day years), rounded down.
///
/// # Errors
/// `DomainViolation` if the expiry is in the past.
pub fn years_from_secs(expiry_secs: u64, now_secs: u64) -> Result<Wad, MathError> {
    let secs = expiry_secs
        .checked_sub(now_secs)
        .ok_or(MathError::DomainViolation)?;
    // secs < 2^64, so secs * 10^18 < 2^124.
    Ok(Wad::from_raw(
        u128::from(secs) * WAD_SCALE / u128::from(SECONDS_PER_YEAR),
    ))
}

/// The quantities shared by the price and the Greeks.
struct Core {
    /// Forward (WAD).
    forward: u128,
    /// Strike (WAD).
    strike: u128,
    /// `d1`, `d2` in Q60 (clamped to ±10 where `N` saturates).
    d1: i128,
    d2: i128,
    /// `Φ(-|d1|)`, `φ(d1)` and `Φ(-|d2|)` as mantissa (Q60) and exponent, each computed once; zero mantissas
    /// where `|d| >= 10`.
    tail1: (i128, i32),
    pdf1: (i128, i32),
    tail2: (i128, i32),
    /// `v = σ sqrt τ` in Q96 (`u128::MAX` when v >= 40), and `sqrt τ` in Q60.
    v96: u128,
    sqrt_tau: u128,
    /// `sqrt(tau_raw) = root / 2^shift` (see `sqrt_parts`).
    root: u128,
    shift: u32,
    /// Discount factor `D = m 2^k` (`m` in Q60), or `m = 0` when `D < e^-200`.
    disc_m: i128,
    disc_k: i32,
}

impl Core {
    fn new(opt: &EuropeanOption) -> Result<Self, MathError> {
        let (is_spot, price) = match opt.underlying {
            Underlying::Forward(f) => (false, f),
            Underlying::Spot(s) => (true, s),
        };
        if price.is_zero() || opt.strike.is_zero() {
            return Err(MathError::DomainViolation);
        }
        let tau = opt.expiry_years.raw();
        // rτ in Q60; anything beyond ±200 is an underflowing (D -> 0) or overflowing (D -> ∞) discount.
        let tau_signed = i128::try_from(tau).unwrap_or(i128::MAX);
        let rt = match mul_div_signed(
            opt.rate.raw(),
            tau_signed,
            WAD_SCALE as i128,
            RoundMode::Down,
        ) {
            Ok(rt) if rt.unsigned_abs() < 201 * WAD_SCALE => fixed::from_wad(rt)?,
            _ if opt.rate.is_negative() => return Err(MathError::Overflow),
            _ => EXP_PARTS_MAX_ARG + 1,
        };
        let (disc_m, disc_k) = if opt.rate.raw() == 0 {
            (ONE, 0)
        } else if rt > EXP_PARTS_MAX_ARG {
            (0, 0)
        } else {
            exp_parts(-rt)
        };
        let forward = if is_spot && opt.rate.raw() != 0 {
            if rt > EXP_PARTS_MAX_ARG {
                return Err(MathError::Overflow);
            }
            let (m, k) = exp_parts(rt);
            let f = scale_q60(price.raw(), m as u128, k)?;
            if f == 0 {
                return Err(MathError::Underflow);
            }
            f
        } else {
            price.raw()
        };
        let strike = opt.strike.raw();

        let (root, shift) = sqrt_parts(opt.expiry_years);
        let sqrt_tau = sqrt_q60_from_parts(root, shift);
        // v in Q60 (cheap: one 128-bit division). When v < 2^-20 its Q60 form has too few significant bits for
        // accurate Greeks, so v and ln(F/K)/v are redone in Q96 from the exact inputs (`precise_d1`).
        let v60 = mul_div(opt.vol.raw(), sqrt_tau, WAD_SCALE, RoundMode::Down).unwrap_or(u128::MAX);
        let (v96, d1, d2) = if opt.vol.is_zero() || root == 0 {
            // τ = 0 or σ = 0: d1 = d2 = ±∞ by the sign of ln(F/K), or 0 at the money.
            let d = match forward.cmp(&strike) {
                core::cmp::Ordering::Greater => CDF_CUTOFF_Q60,
                core::cmp::Ordering::Less => -CDF_CUTOFF_Q60,
                core::cmp::Ordering::Equal => 0,
            };
            (0, d, d)
        } else if v60 >= MAX_TOTAL_VOL_Q60 {
            (u128::MAX, CDF_CUTOFF_Q60, -CDF_CUTOFF_Q60)
        } else if v60 >= SMALL_TOTAL_VOL_Q60 {
            // 2^-20 <= v < 40: ln(F/K) to 5e-19 over v moves d1 by at most 5e-13. |L| < 2^67, so the division
            // cannot overflow, and |L/v| <= 2^126.5 leaves room for + v/2 before the clamp.
            let vi = v60 as i128;
            let d1 = fixed::div(ln_ratio_q60(forward, strike)?, vi)? + vi / 2;
            let d1 = d1.clamp(-2 * CDF_CUTOFF_Q60, 2 * CDF_CUTOFF_Q60);
            (v60 << 36, d1, d1 - vi)
        } else {
            let v96 = total_vol_q96(opt.vol.raw(), root, shift).unwrap_or(u128::MAX);
            let rate = if is_spot { opt.rate.raw() } else { 0 };
            let v60 = fixed::shr_round(v96 as i128, 36);
            let d1 = precise_log_moneyness_over_v(price.raw(), strike, forward, rate, tau, v96)?
                + v60 / 2;
            (v96, d1, d1 - v60)
        };
        let ((tail1, pdf1), (tail2, _)) = (tails(d1), tails(d2));
        Ok(Self {
            forward,
            strike,
            d1,
            d2,
            tail1,
            pdf1,
            tail2,
            v96,
            sqrt_tau,
            root,
            shift,
            disc_m,
            disc_k,
        })
    }

    /// Undiscounted value `F N(d1) - K N(d2)` (call) or `K N(-d2) - F N(-d1)` (put) in WAD, floored at 0.
    ///
    /// Each product `h N(d)` is formed in 256 bits from the tail `Φ(-|d|)` kept as mantissa and exponent, so it
    /// is accurate to ~1e-16 *relative* even deep in the tail (out-of-the-money legs stay monotone), and exact
    /// when `N` saturates to 0 or 1 (expiry, zero vol): then the result is the exact intrinsic value.
    fn undiscounted(&self, kind: OptionKind) -> Result<u128, MathError> {
        let (long, short) = match kind {
            OptionKind::Call => (
                times_cdf(self.forward, self.d1, self.tail1)?,
                times_cdf(self.strike, self.d2, self.tail2)?,
            ),
            OptionKind::Put => (
                times_cdf(self.strike, -self.d2, self.tail2)?,
                times_cdf(self.forward, -self.d1, self.tail1)?,
            ),
        };
        Ok(long.saturating_sub(short))
    }

    /// Returns `round(h * D * w)` for a Q60 weight `w` in `[0, 2^61]`.
    fn discounted(&self, h: u128, w: i128) -> Result<u128, MathError> {
        // disc_m < 1.42 * 2^60 and w <= 2^61: the product is below 2^122.
        scale_q60(h, fixed::mul(self.disc_m, w) as u128, self.disc_k)
    }

    fn price(&self, kind: OptionKind) -> Result<Wad, MathError> {
        scale_q60(self.undiscounted(kind)?, self.disc_m as u128, self.disc_k).map(Wad::from_raw)
    }
}

impl EuropeanOption {
    /// Returns the option's present value.
    ///
    /// # Errors
    /// `DomainViolation` for a zero forward/spot or strike; `Overflow` if the value or the discount factor
    /// exceeds the WAD range (e.g. a large negative `rτ`); `Underflow` if a spot's forward rounds to zero.
    ///
    /// # Rounding
    /// To nearest within about `2e-18 * D * (F + K)` plus two WAD units.
    pub fn price(&self) -> Result<Wad, MathError> {
        Core::new(self)?.price(self.kind)
    }

    /// Returns the price and the Greeks (see the module docs for the formulas and limits).
    ///
    /// # Errors
    /// As [`EuropeanOption::price`], plus `Overflow` if a Greek exceeds its type (e.g. gamma of a near-expiry
    /// at-the-money option on a tiny forward, or theta an instant before expiry).
    pub fn greeks(&self) -> Result<Greeks, MathError> {
        let core = Core::new(self)?;
        let price = core.price(self.kind)?;
        let is_spot = matches!(self.underlying, Underlying::Spot(_));
        let n1 = cdf_from_tail(core.d1, core.tail1);
        // Forward delta D N(d1) or -D N(-d1); spot delta drops the D.
        let (delta_weight, negative) = match self.kind {
            OptionKind::Call => (n1, false),
            OptionKind::Put => (ONE - n1, true),
        };
        let forward_delta = signed(core.discounted(WAD_SCALE, delta_weight)?, negative)?;
        let delta = if is_spot {
            // 0 <= delta_weight <= 2^60, inside to_wad's range.
            signed(fixed::to_wad(delta_weight)?.unsigned_abs(), negative)?
        } else {
            forward_delta
        };

        // The density n(d1) = m 2^e stays a mantissa and an exponent until the last step: rounded to an absolute
        // Q60 value first, it would keep only ~1e-18 / n(d1) relative precision deep out of the money.
        // D n(d1) = dn 2^e with dn = D's mantissa times m (Q60, below 0.8 * 2^60).
        let dn = fixed::mul(core.disc_m, core.pdf1.0) as u128;
        let e = core.disc_k + core.pdf1.1;
        // y = D F n(d1) * 2^s in WAD units, shared by vega and theta: s <= 64 extra fraction bits where the
        // density is small (e < 0), so y keeps its significant bits (F dn 2^(e+s-60) < F, it cannot overflow).
        let s = e.clamp(-64, 0).unsigned_abs();
        let dfn = scale_q60(core.forward, dn, e + s as i32)?;
        let gamma = if core.v96 == 0 || dn == 0 {
            0
        } else {
            // Forward: D n / (F v). Spot: n / (S v) with S = D F, the same as D n / (F v) / D².
            let (m, k) = if is_spot {
                (core.pdf1.0 as u128, core.pdf1.1)
            } else {
                (dn, e)
            };
            // m * 2^36 / v96 = m / v in Q60 terms; m < 2^60, so the shifted numerator is below 2^96.
            let n_over_v = mul_div(m << 36, WAD_SCALE, core.v96, RoundMode::Down)?;
            let underlying = match self.underlying {
                Underlying::Forward(f) | Underlying::Spot(f) => f.raw(),
            };
            // Divide by the underlying before applying 2^k, so a tiny density keeps its relative precision; a
            // quotient beyond u128 (a tiny underlying) is scaled first instead.
            match mul_div(n_over_v, WAD_SCALE, underlying, RoundMode::Down) {
                Ok(q) => scale_q60(q, ONE as u128, k)?,
                Err(_) => mul_div(
                    scale_q60(n_over_v, ONE as u128, k)?,
                    WAD_SCALE,
                    underlying,
                    RoundMode::Down,
                )?,
            }
        };
        // (ONE << s) <= 2^124 and (WAD << s) < 2^124: both divisors fit.
        let vega = mul_div(dfn, core.sqrt_tau, (ONE as u128) << s, RoundMode::Down)?;
        let decay = if core.root == 0 || dfn == 0 {
            0
        } else {
            // σ / (2 sqrt τ) in WAD = vol_raw * 10^9 * 2^shift / (2 root), with 10^9 * 2^64 < 2^94.
            let vol_over_two_root_tau = mul_div(
                self.vol.raw(),
                1_000_000_000 << core.shift,
                2 * core.root,
                RoundMode::Down,
            )?;
            mul_div(dfn, vol_over_two_root_tau, WAD_SCALE << s, RoundMode::Down)?
        };
        let price_signed = i128::try_from(price.raw()).map_err(|_| MathError::Overflow)?;
        let rate = self.rate.raw();
        let carry = mul_div_signed(rate, price_signed, WAD_SCALE as i128, RoundMode::Down)?;
        let decay = i128::try_from(decay).map_err(|_| MathError::Overflow)?;
        let mut theta = carry.checked_sub(decay).ok_or(MathError::Underflow)?;
        if is_spot {
            // Θ_S = Θ_F - r F Δ_F (the forward grows with τ when the spot is held fixed).
            let forward = i128::try_from(core.forward).map_err(|_| MathError::Overflow)?;
            let rf = mul_div_signed(rate, forward, WAD_SCALE as i128, RoundMode::Down)?;
            let drift =
                mul_div_signed(rf, forward_delta.raw(), WAD_SCALE as i128, RoundMode::Down)?;
            theta = theta.checked_sub(drift).ok_or(MathError::Underflow)?;
        }
        Ok(Greeks {
            price,
            delta,
            gamma: Wad::from_raw(gamma),
            vega: Wad::from_raw(vega),
            theta: SignedWad::from_raw(theta),
        })
    }
}

/// Returns `(Φ(-|d|), φ(d))` as mantissa/exponent pairs, or zero mantissas where `|d| >= 10`.
fn tails(d: i128) -> ((i128, i32), (i128, i32)) {
    if d.abs() >= CDF_CUTOFF_Q60 {
        ((0, 0), (0, 0))
    } else {
        tail_and_pdf_parts(d.abs())
    }
}

/// Returns `h * Φ(x)` (WAD `h`, Q60 `x`), rounded to nearest, from the tail `Φ(-|x|) = m 2^k`, so the tail stays
/// relative-accurate.
fn times_cdf(h: u128, x: i128, (m, k): (i128, i32)) -> Result<u128, MathError> {
    if x >= CDF_CUTOFF_Q60 {
        return Ok(h);
    }
    if x <= -CDF_CUTOFF_Q60 {
        return Ok(0);
    }
    // m is a non-negative Q60 mantissa below 1; h * m * 2^k <= h.
    let tail = scale_q60(h, m as u128, k)?;
    Ok(if x < 0 { tail } else { h - tail.min(h) })
}

/// Returns `Φ(x)` in Q60 from the tail `Φ(-|x|) = m 2^k` (the same value as `cdf_q60(x)`).
fn cdf_from_tail(x: i128, (m, k): (i128, i32)) -> i128 {
    if x >= CDF_CUTOFF_Q60 {
        return ONE;
    }
    if x <= -CDF_CUTOFF_Q60 {
        return 0;
    }
    let tail = shift_round(m, k).clamp(0, ONE / 2);
    if x < 0 {
        tail
    } else {
        ONE - tail
    }
}

/// Returns `±m` as a [`SignedWad`].
fn signed(m: u128, negative: bool) -> Result<SignedWad, MathError> {
    let v = i128::try_from(m).map_err(|_| MathError::Overflow)?;
    Ok(SignedWad::from_raw(if negative { -v } else { v }))
}
