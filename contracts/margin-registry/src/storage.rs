//! Storage layout of the MarginRegistry.
//!
//! # Layout
//! The root is [`crate::MarginRegistry`], from slot 0 in declaration order (Stylus packs small
//! fields into one 32-byte slot while they fit, and starts every map, vector and struct on a
//! fresh slot): owner and pending owner, guardian and pause flag, reentrancy flag, risk admin,
//! volatility keeper, PortfolioNetting engine, settlement asset, sequencer feed with its grace
//! period and the two account limits, then the collateral asset list, the collateral, underlying,
//! instrument, venue and account tables. Nothing else is stored at this address.
//!
//! History (pre-mainnet, no deployment to migrate): while the registry was a router plus six
//! facet programs, the root ended with a seventh field, the array of the six facet addresses
//! (six slots). It went with the split; as it was the last field, no other field moved.
//!
//! # Layout rules (read before adding liquidation or any later module)
//! * The root struct [`crate::MarginRegistry`] and every struct below may only grow **at the end**:
//!   Stylus lays fields out in declaration order, and a struct stored in a map starts at the map
//!   slot's hash, so appending a field never moves an existing one. Never reorder or remove.
//! * Everything a liquidation module needs is already addressable without scans over unbounded
//!   data: an account's positions are an enumerable list capped by `max_positions`
//!   ([`Account::position_keys`] + [`Account::positions`]), its collateral is a 16-bit mask over the
//!   capped asset list ([`Account::asset_mask`]), cash is one signed slot, and open interest is
//!   tracked per instrument and per venue, so moving a position or collateral between accounts is
//!   a local write. Auction state (start time, scenario id, reserved cash) can be appended to
//!   [`Account`] later.
//!
//! Units follow the interface: WAD for prices, values, haircuts and volatilities; token units for
//! balances and cash; whole contracts for sizes.

use alloy_primitives::{Address, U256};
use stylus_sdk::{
    prelude::*,
    storage::{
        StorageAddress, StorageBool, StorageI128, StorageI256, StorageMap, StorageU128, StorageU16,
        StorageU256, StorageU32, StorageU64, StorageU8, StorageVec,
    },
};

/// Hard cap on listed collateral assets (an account's holdings are a bit mask over the list).
pub const MAX_COLLATERAL_ASSETS: usize = 16;
/// Hard cap on positions per account and on changes per batch (the engine's own hard cap is 64).
pub const MAX_ACCOUNT_POSITIONS: u32 = 64;

/// Governance settings and totals of one collateral asset.
#[storage]
pub struct CollateralConfig {
    /// 1-based position in the asset list; 0 = not listed.
    pub(crate) index: StorageU8,
    /// Whether new deposits are accepted.
    pub(crate) enabled: StorageBool,
    /// Token decimals.
    pub(crate) decimals: StorageU8,
    /// Feed decimals, read from the feed when listed.
    pub(crate) feed_decimals: StorageU8,
    /// Maximum feed answer age.
    pub(crate) heartbeat_secs: StorageU32,
    /// Chainlink price feed.
    pub(crate) feed: StorageAddress,
    /// Initial-margin haircut (WAD).
    pub(crate) im_haircut: StorageU128,
    /// Maintenance-margin haircut (WAD).
    pub(crate) mm_haircut: StorageU128,
    /// Deposit cap (token units).
    pub(crate) deposit_cap: StorageU256,
    /// Total credited deposits (token units).
    pub(crate) total_deposits: StorageU256,
}

/// Settings, volatility state and settlement prices of one underlying.
#[storage]
pub struct Underlying {
    /// Whether the underlying is listed.
    pub(crate) listed: StorageBool,
    /// Feed decimals, read from the feed when listed.
    pub(crate) feed_decimals: StorageU8,
    /// Maximum feed answer age.
    pub(crate) heartbeat_secs: StorageU32,
    /// Minimum time between volatility updates.
    pub(crate) min_poke_interval_secs: StorageU32,
    /// Maximum age of keeper implied-vol bounds (0 disables them).
    pub(crate) implied_vol_max_age_secs: StorageU32,
    /// Chainlink price feed.
    pub(crate) feed: StorageAddress,
    /// EWMA decay (WAD).
    pub(crate) lambda: StorageU128,
    /// GARCH ω (WAD).
    pub(crate) garch_omega: StorageU128,
    /// GARCH α (WAD); 0 selects EWMA.
    pub(crate) garch_alpha: StorageU128,
    /// GARCH β (WAD).
    pub(crate) garch_beta: StorageU128,
    /// Return cap in forecast sigmas (WAD).
    pub(crate) max_return_sigmas: StorageU128,
    /// Initial annualised volatility (WAD), kept for the record.
    pub(crate) initial_vol: StorageU128,
    /// Weight of the stressed volatility (WAD).
    pub(crate) stress_weight: StorageU128,
    /// Stressed annualised volatility (WAD).
    pub(crate) stress_vol: StorageU128,
    /// Margin volatility floor (WAD, annualised).
    pub(crate) vol_floor: StorageU128,
    /// Margin volatility cap (WAD, annualised).
    pub(crate) vol_cap: StorageU128,
    /// Carry rate (WAD, signed).
    pub(crate) rate: StorageI128,
    /// Forecast variance per day (WAD).
    pub(crate) variance: StorageU128,
    /// Jump variance per day (WAD).
    pub(crate) jump_variance: StorageU128,
    /// Price of the last volatility update (WAD).
    pub(crate) last_price: StorageU128,
    /// Timestamp of the last volatility update.
    pub(crate) last_update: StorageU64,
    /// Timestamp of the keeper bounds.
    pub(crate) implied_vol_updated_at: StorageU64,
    /// Keeper lower bound (WAD).
    pub(crate) implied_vol_lower: StorageU128,
    /// Keeper upper bound (WAD).
    pub(crate) implied_vol_upper: StorageU128,
    /// Settlement price per expiry (WAD); 0 = not recorded.
    pub(crate) settlement_prices: StorageMap<u64, StorageU128>,
}

/// One registered instrument and its open interest.
#[storage]
pub struct Instrument {
    /// Underlying id.
    pub(crate) underlying: StorageU32,
    /// 0 perp, 1 future, 2 call, 3 put.
    pub(crate) kind: StorageU8,
    /// Expiry (0 for perpetuals).
    pub(crate) expiry: StorageU64,
    /// Strike (WAD).
    pub(crate) strike: StorageU128,
    /// Underlying units per contract (WAD).
    pub(crate) contract_size: StorageU128,
    /// Open-interest cap (contracts).
    pub(crate) open_interest_cap: StorageU256,
    /// Total long contracts.
    pub(crate) long_open_interest: StorageU256,
    /// Total short contracts.
    pub(crate) short_open_interest: StorageU256,
}

/// Authorisation, caps and exposure of one venue.
#[storage]
pub struct Venue {
    /// Whether the venue may add risk.
    pub(crate) authorised: StorageBool,
    /// Largest share of an instrument's open-interest cap (basis points).
    pub(crate) max_share_bps: StorageU16,
    /// Largest net cash the venue may credit (settlement token units).
    pub(crate) cash_credit_limit: StorageU256,
    /// Net cash credited so far (settlement token units, signed).
    pub(crate) net_cash_credited: StorageI256,
    /// Long contracts per instrument held through this venue.
    pub(crate) long_open_interest: StorageMap<u32, StorageU256>,
    /// Short contracts per instrument held through this venue.
    pub(crate) short_open_interest: StorageMap<u32, StorageU256>,
}

/// One position: size and average entry.
#[storage]
pub struct Position {
    /// Signed size in contracts (|size| < 2^96).
    pub(crate) size: StorageI128,
    /// Average entry price of delta-one positions (WAD).
    pub(crate) entry_price: StorageU128,
    /// 1-based index in [`Account::position_keys`]; 0 = no position.
    pub(crate) index: StorageU32,
}

/// One account: cash, collateral, positions and venue opt-ins.
#[storage]
pub struct Account {
    /// Signed cash in settlement token units.
    pub(crate) cash: StorageI256,
    /// Bit `i` set when the account holds a non-zero balance of asset `i` of the asset list.
    pub(crate) asset_mask: StorageU16,
    /// Credited collateral balances (token units), by asset.
    pub(crate) balances: StorageMap<Address, StorageU256>,
    /// Keys of the open positions ([`position_key`]), unordered.
    pub(crate) position_keys: StorageVec<StorageU256>,
    /// Positions by key.
    pub(crate) positions: StorageMap<U256, Position>,
    /// Venues the account opted in to.
    pub(crate) opted_in: StorageMap<Address, StorageBool>,
    /// Number of open positions per venue.
    pub(crate) venue_positions: StorageMap<Address, StorageU32>,
}

/// Returns the storage key of a (venue, instrument) position: `venue << 32 | instrument`.
pub(crate) fn position_key(venue: Address, instrument: u32) -> U256 {
    (U256::from_be_slice(venue.as_slice()) << 32) | U256::from(instrument)
}

/// Splits a [`position_key`] back into (venue, instrument).
pub(crate) fn split_position_key(key: U256) -> (Address, u32) {
    let shifted: U256 = key >> 32usize;
    let bytes: [u8; 32] = shifted.to_be_bytes();
    // Overflow not possible: the mask keeps 32 bits.
    let instrument = (key & U256::from(u32::MAX)).to::<u32>();
    (Address::from_slice(&bytes[12..]), instrument)
}
