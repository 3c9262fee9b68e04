//! Share arithmetic of the vault: conversions with explicit rounding, and coverage caps.
//!
//! # Inflation-attack guard: virtual shares and assets
//!
//! Conversions price the vault as if it always held [`VIRTUAL_ASSETS`] (1 unit) more asset and
//! [`VIRTUAL_SHARES`] (\(10^{\delta}\), \(\delta\) = [`DECIMALS_OFFSET`] = 6) more shares than it
//! does (OpenZeppelin's ERC-4626 offset scheme):
//!
//! \[ \text{shares}(a) = a \cdot \frac{S + 10^{\delta}}{A + 1}, \qquad
//!    \text{assets}(s) = s \cdot \frac{A + 1}{S + 10^{\delta}} \]
//!
//! where \(A\) is `totalAssets` and \(S\) is `totalSupply`. Consequences:
//!
//! * The first deposit of `a` assets mints `a * 10^6` shares, so the share token has
//!   `asset decimals + 6` decimals and one asset unit is always worth many share units.
//! * **Bound.** A depositor of `a` assets receives `floor(a (S+10^δ)/(A+1))` shares, so rounding
//!   costs them less than the price of one share unit, `(A+1)/(S+10^δ)`, plus one unit when
//!   they later redeem. If an attacker inflated `A` by donating `D` into a vault whose real
//!   supply is small, that price is at most `(D+1)/10^δ + 1`: **a victim loses at most
//!   `D / 10^6 + 2` asset units**, while the virtual shares keep at least
//!   `10^δ / (S + 10^δ)` of the donation, so the attacker loses most of `D` (half of it even
//!   when the attacker holds 10^6 share units, the minimum a 1-unit deposit mints). Stealing
//!   one unit therefore costs the attacker about a million. The test
//!   `deposit_loses_at_most_bound_when_attacker_donates_first` checks this end to end.
//!
//! # Rounding: always in the vault's favour
//!
//! | Operation | Quantity computed | Rounds | Why |
//! |---|---|---|---|
//! | `convertToShares`, `previewDeposit`, `deposit` | shares minted for assets in | down | fewer shares for the depositor |
//! | `previewMint`, `mint` | assets pulled for shares out | up | depositor pays at least fair value |
//! | `previewWithdraw`, `withdraw` | shares burnt for assets out | up | withdrawer burns at least fair value |
//! | `convertToAssets`, `previewRedeem`, `redeem`, `maxWithdraw` | assets out for shares burnt | down | withdrawer receives at most fair value |
//! | coverage caps | `floor(A * bps / 10000)` | down | the fund never pays above its cap |
//!
//! Rounding this way means no sequence of deposits, mints, withdrawals and redemptions can
//! lower the price `(A+1)/(S+10^δ)` of a share; only cover payouts do.
//!
//! # Domain
//!
//! Products are computed in 256 bits; an operation whose product exceeds `2^256 - 1` returns
//! `None` (the contract reverts with `InsuranceFundMathOverflow`). With a 6-decimal asset and a
//! 12-decimal share, that needs about `10^65` units, far beyond any real supply.

use alloy_primitives::U256;

/// Decimals the share adds to the asset's (the `δ` of the module docs).
pub const DECIMALS_OFFSET: u8 = 6;
/// Virtual shares, `10^DECIMALS_OFFSET`.
pub const VIRTUAL_SHARES: U256 = U256::from_limbs([1_000_000, 0, 0, 0]);
/// Virtual assets.
pub const VIRTUAL_ASSETS: U256 = U256::from_limbs([1, 0, 0, 0]);
/// Basis points in one whole (100 %).
pub const BPS_DENOMINATOR: u16 = 10_000;

/// Direction of rounding of a division.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    /// Towards zero (floor).
    Down,
    /// Away from zero (ceiling).
    Up,
}

/// Returns `x * y / d` rounded as asked, or `None` if `x * y` overflows or `d` is zero.
///
/// # Rounding
/// `Down`: `floor(x*y/d)`; `Up`: `ceil(x*y/d)`.
#[must_use]
#[inline(never)] // One copy of the 256-bit division in the WASM.
pub fn mul_div(x: U256, y: U256, d: U256, rounding: Rounding) -> Option<U256> {
    let product = x.checked_mul(y)?;
    if d.is_zero() {
        return None;
    }
    let (quotient, remainder) = product.div_rem(d);
    if rounding == Rounding::Up && !remainder.is_zero() {
        // Overflow not possible: quotient <= product / d < 2^256 - 1 when d >= 2 (remainder
        // non-zero implies d >= 2).
        Some(quotient + U256::from(1))
    } else {
        Some(quotient)
    }
}

/// Returns the shares worth `assets` in a vault holding `total_assets` with `total_supply`
/// shares, with virtual offsets (see the module docs).
///
/// # Rounding
/// As asked; callers pick the vault-favourable direction (see the table in the module docs).
#[must_use]
pub fn to_shares(
    assets: U256,
    total_assets: U256,
    total_supply: U256,
    rounding: Rounding,
) -> Option<U256> {
    let virtual_supply = total_supply.checked_add(VIRTUAL_SHARES)?;
    let virtual_assets = total_assets.checked_add(VIRTUAL_ASSETS)?;
    mul_div(assets, virtual_supply, virtual_assets, rounding)
}

/// Returns the assets worth `shares`, with virtual offsets (see the module docs).
///
/// # Rounding
/// As asked; callers pick the vault-favourable direction (see the table in the module docs).
#[must_use]
pub fn to_assets(
    shares: U256,
    total_assets: U256,
    total_supply: U256,
    rounding: Rounding,
) -> Option<U256> {
    let virtual_supply = total_supply.checked_add(VIRTUAL_SHARES)?;
    let virtual_assets = total_assets.checked_add(VIRTUAL_ASSETS)?;
    mul_div(shares, virtual_assets, virtual_supply, rounding)
}

/// Returns `floor(amount * bps / 10000)`, or `None` on overflow.
///
/// # Rounding
/// Down.
#[must_use]
pub fn bps_of(amount: U256, bps: u16) -> Option<U256> {
    mul_div(
        amount,
        U256::from(bps),
        U256::from(BPS_DENOMINATOR),
        Rounding::Down,
    )
}

/// Returns what one cover request pays: the least of the request, the per-event cap (a share
/// of the assets now), what is left of the per-epoch cap (a share of the assets at the epoch's
/// start, less what the epoch already paid) and the assets held.
///
/// # Rounding
/// Caps round down.
#[must_use]
pub fn cover_payout(
    requested: U256,
    total_assets: U256,
    epoch_assets: U256,
    epoch_paid: U256,
    per_event_bps: u16,
    per_epoch_bps: u16,
) -> Option<U256> {
    let event_cap = bps_of(total_assets, per_event_bps)?;
    let epoch_left = bps_of(epoch_assets, per_epoch_bps)?.saturating_sub(epoch_paid);
    Some(requested.min(event_cap).min(epoch_left).min(total_assets))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn u(x: u128) -> U256 {
        U256::from(x)
    }

    #[test]
    fn mul_div_rounds_down_and_up_when_inexact() {
        assert_eq!(mul_div(u(7), u(3), u(2), Rounding::Down), Some(u(10)));
        assert_eq!(mul_div(u(7), u(3), u(2), Rounding::Up), Some(u(11)));
        assert_eq!(mul_div(u(8), u(3), u(2), Rounding::Up), Some(u(12)));
    }

    #[test]
    fn mul_div_returns_none_when_overflow_or_zero_divisor() {
        assert_eq!(mul_div(U256::MAX, u(2), u(1), Rounding::Down), None);
        assert_eq!(mul_div(u(1), u(1), U256::ZERO, Rounding::Down), None);
    }

    #[test]
    fn to_shares_mints_offset_scaled_shares_when_vault_empty() {
        assert_eq!(
            to_shares(u(1), U256::ZERO, U256::ZERO, Rounding::Down),
            Some(u(1_000_000))
        );
        assert_eq!(
            to_assets(u(1_000_000), U256::ZERO, U256::ZERO, Rounding::Down),
            Some(u(1))
        );
    }

    #[test]
    fn to_shares_rounds_per_direction_when_price_inexact() {
        // A = 2 (+1), S = 0 (+1e6): 1 asset = 1e6/3 shares = 333_333.33...
        assert_eq!(
            to_shares(u(1), u(2), U256::ZERO, Rounding::Down),
            Some(u(333_333))
        );
        assert_eq!(
            to_shares(u(1), u(2), U256::ZERO, Rounding::Up),
            Some(u(333_334))
        );
        // 1 share = 3/1e6 assets.
        assert_eq!(
            to_assets(u(1), u(2), U256::ZERO, Rounding::Down),
            Some(U256::ZERO)
        );
        assert_eq!(to_assets(u(1), u(2), U256::ZERO, Rounding::Up), Some(u(1)));
    }

    #[test]
    fn to_shares_returns_none_when_supply_overflows() {
        assert_eq!(to_shares(u(1), u(1), U256::MAX, Rounding::Down), None);
        assert_eq!(to_assets(u(1), U256::MAX, u(1), Rounding::Down), None);
    }

    #[test]
    fn bps_of_rounds_down_when_inexact() {
        assert_eq!(bps_of(u(19_999), 5_000), Some(u(9_999)));
        assert_eq!(bps_of(u(10_000), 10_000), Some(u(10_000)));
    }

    #[test]
    fn cover_payout_takes_least_of_request_and_caps_when_quoted() {
        // assets 1000, event cap 10 % = 100, epoch cap 25 % of 2000 = 500, 450 already paid.
        let quote = |req| cover_payout(u(req), u(1_000), u(2_000), u(450), 1_000, 2_500);
        assert_eq!(quote(30), Some(u(30)));
        assert_eq!(quote(80), Some(u(50))); // epoch remainder binds
        let no_epoch_use = cover_payout(u(500), u(1_000), u(2_000), U256::ZERO, 1_000, 2_500);
        assert_eq!(no_epoch_use, Some(u(100))); // per-event cap binds
        let overpaid = cover_payout(u(500), u(1_000), u(2_000), u(600), 1_000, 2_500);
        assert_eq!(overpaid, Some(U256::ZERO));
    }

    proptest! {
        /// Down <= exact <= Up, and they differ by at most one.
        #[test]
        fn mul_div_brackets_exact_when_inputs_random(x in any::<u128>(), y in any::<u128>(), d in 1u128..) {
            let (x, y, d) = (u(x), u(y), u(d));
            let down = mul_div(x, y, d, Rounding::Down).unwrap();
            let up = mul_div(x, y, d, Rounding::Up).unwrap();
            prop_assert!(down * d <= x * y);
            prop_assert!(up * d >= x * y);
            prop_assert!(up - down <= u(1));
        }

        /// Converting assets to shares and back (both down) never creates value.
        #[test]
        fn round_trip_loses_value_when_both_legs_round_down(
            a in 0u128..1u128 << 100, ta in 0u128..1u128 << 100, ts in 0u128..1u128 << 100,
        ) {
            let shares = to_shares(u(a), u(ta), u(ts), Rounding::Down).unwrap();
            let back = to_assets(shares, u(ta), u(ts), Rounding::Down).unwrap();
            prop_assert!(back <= u(a));
            let assets_for_shares = to_assets(u(a), u(ta), u(ts), Rounding::Up).unwrap();
            let shares_back = to_shares(assets_for_shares, u(ta), u(ts), Rounding::Down).unwrap();
            prop_assert!(shares_back >= u(a));
        }
    }
}
