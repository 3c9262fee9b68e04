//! Chainlink AggregatorV3 price feeds and the Arbitrum L2 sequencer uptime feed.
//!
//! Each failure is a distinct error carrying the feed and the offending values:
//! * the call reverts or returns malformed data: [`MarginRegistryOracleCallFailed`];
//! * the round was never completed (`updatedAt == 0`) or claims a future time:
//!   [`MarginRegistryOracleRoundIncomplete`];
//! * `answer <= 0`: [`MarginRegistryOraclePriceNonPositive`];
//! * `now - updatedAt > heartbeat`: [`MarginRegistryOraclePriceStale`].
//!
//! `answeredInRound` is deprecated by Chainlink and not used. Prices are scaled to WAD by
//! risk-math's exact decimal conversion (the feed's decimals are read once, when the feed is
//! configured, and must be at most 36).

use alloy_primitives::{aliases::U80, Address, U256};
use alloy_sol_types::SolCall;
use ballast_risk_math::{RoundMode, Wad};
use stylus_sdk::{call::static_call, host::VM, prelude::*};

use crate::{
    errors::{
        Error, MarginRegistryOracleCallFailed, MarginRegistryOraclePriceNonPositive,
        MarginRegistryOraclePriceStale, MarginRegistryOracleRoundIncomplete,
        MarginRegistrySequencerDown, MarginRegistrySequencerGracePeriod,
    },
    types::AggregatorV3Abi,
};

/// A validated oracle price.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct OraclePrice {
    /// Price in WAD.
    pub(crate) price: Wad,
    /// Timestamp of the answer.
    pub(crate) updated_at: u64,
}

/// One round as returned by `latestRoundData`/`getRoundData`.
pub(crate) struct Round {
    /// Round id.
    pub(crate) round_id: U80,
    /// Raw answer.
    pub(crate) answer: alloy_primitives::I256,
    /// Start of the round (for the sequencer feed: when the status changed).
    pub(crate) started_at: U256,
    /// Last update of the answer.
    pub(crate) updated_at: U256,
}

/// Static-calls `feed` with `data` and decodes a round.
///
/// # Errors
/// [`MarginRegistryOracleCallFailed`] when the call reverts or returns malformed data.
fn call_round(host: &VM, feed: Address, data: &[u8]) -> Result<Round, Error> {
    let failed = || Error::from(MarginRegistryOracleCallFailed { feed });
    let ret = static_call(host, Call::new(), feed, data).map_err(|_| failed())?;
    let r = AggregatorV3Abi::latestRoundDataCall::abi_decode_returns(&ret).map_err(|_| failed())?;
    Ok(Round {
        round_id: r.roundId,
        answer: r.answer,
        started_at: r.startedAt,
        updated_at: r.updatedAt,
    })
}

/// Reads the latest round of `feed`.
///
/// # Errors
/// [`MarginRegistryOracleCallFailed`].
pub(crate) fn latest_round(host: &VM, feed: Address) -> Result<Round, Error> {
    call_round(
        host,
        feed,
        &AggregatorV3Abi::latestRoundDataCall {}.abi_encode(),
    )
}

/// Reads round `round_id` of `feed`.
///
/// # Errors
/// [`MarginRegistryOracleCallFailed`] (also when the round does not exist: Chainlink reverts).
pub(crate) fn round_at(host: &VM, feed: Address, round_id: U80) -> Result<Round, Error> {
    call_round(
        host,
        feed,
        &AggregatorV3Abi::getRoundDataCall { roundId: round_id }.abi_encode(),
    )
}

/// Reads `feed.decimals()`.
///
/// # Errors
/// [`MarginRegistryOracleCallFailed`] on a revert, malformed data or more than 36 decimals.
pub(crate) fn feed_decimals(host: &VM, feed: Address) -> Result<u8, Error> {
    let failed = || Error::from(MarginRegistryOracleCallFailed { feed });
    let ret = static_call(
        host,
        Call::new(),
        feed,
        &AggregatorV3Abi::decimalsCall {}.abi_encode(),
    )
    .map_err(|_| failed())?;
    let decimals = AggregatorV3Abi::decimalsCall::abi_decode_returns(&ret).map_err(|_| failed())?;
    if decimals > ballast_risk_math::MAX_TOKEN_DECIMALS {
        return Err(failed());
    }
    Ok(decimals)
}

/// Validates a round read at time `now` and scales its answer to WAD.
///
/// # Errors
/// [`MarginRegistryOracleRoundIncomplete`], [`MarginRegistryOraclePriceNonPositive`] or, when
/// `heartbeat_secs` is `Some`, [`MarginRegistryOraclePriceStale`]; a RiskMath error if the
/// price does not fit a WAD.
pub(crate) fn validate_round(
    feed: Address,
    round: &Round,
    decimals: u8,
    heartbeat_secs: Option<u32>,
    now: u64,
) -> Result<OraclePrice, Error> {
    let updated_at = round.updated_at;
    if updated_at.is_zero() || updated_at > U256::from(now) {
        return Err(MarginRegistryOracleRoundIncomplete {
            feed,
            roundId: round.round_id,
            updatedAt: updated_at,
        }
        .into());
    }
    if round.answer <= alloy_primitives::I256::ZERO {
        return Err(MarginRegistryOraclePriceNonPositive {
            feed,
            answer: round.answer,
        }
        .into());
    }
    // Overflow not possible: updated_at <= now < 2^64 was checked above.
    let updated_at = updated_at.to::<u64>();
    if let Some(heartbeat) = heartbeat_secs {
        if now - updated_at > u64::from(heartbeat) {
            return Err(MarginRegistryOraclePriceStale {
                feed,
                updatedAt: U256::from(updated_at),
                heartbeatSecs: U256::from(heartbeat),
                timestamp: U256::from(now),
            }
            .into());
        }
    }
    let raw = u128::try_from(round.answer.into_raw())
        .map_err(|_| ballast_risk_math::MathError::Overflow)?;
    let price = Wad::from_token_amount(raw, decimals, RoundMode::Down)?;
    if price.is_zero() {
        // A positive answer below one WAD unit (feeds with more than 18 decimals) is unusable.
        return Err(MarginRegistryOraclePriceNonPositive {
            feed,
            answer: round.answer,
        }
        .into());
    }
    Ok(OraclePrice { price, updated_at })
}

/// Reads and validates the latest price of `feed` at time `now`.
///
/// # Errors
/// As [`latest_round`] and [`validate_round`].
#[inline(never)] // Three call sites in a valuation: one copy in the WASM.
pub(crate) fn latest_price(
    host: &VM,
    feed: Address,
    decimals: u8,
    heartbeat_secs: u32,
    now: u64,
) -> Result<OraclePrice, Error> {
    let round = latest_round(host, feed)?;
    validate_round(feed, &round, decimals, Some(heartbeat_secs), now)
}

/// Checks the L2 sequencer uptime feed: up (`answer == 0`) and restarted more than
/// `grace_secs` ago. A zero feed disables the check (chains without a sequencer feed).
///
/// # Errors
/// [`MarginRegistrySequencerDown`]`(startedAt)` when down; [`MarginRegistrySequencerGracePeriod`]
/// during the grace period; [`MarginRegistryOracleRoundIncomplete`] when `startedAt == 0`
/// (an uninitialised round on Arbitrum); [`MarginRegistryOracleCallFailed`].
pub(crate) fn check_sequencer(
    host: &VM,
    feed: Address,
    grace_secs: u32,
    now: u64,
) -> Result<(), Error> {
    if feed.is_zero() {
        return Ok(());
    }
    let round = latest_round(host, feed)?;
    if round.started_at.is_zero() {
        return Err(MarginRegistryOracleRoundIncomplete {
            feed,
            roundId: round.round_id,
            updatedAt: round.updated_at,
        }
        .into());
    }
    if !round.answer.is_zero() {
        return Err(MarginRegistrySequencerDown {
            since: round.started_at,
        }
        .into());
    }
    let ends_at = round.started_at.saturating_add(U256::from(grace_secs));
    if U256::from(now) < ends_at {
        return Err(MarginRegistrySequencerGracePeriod {
            restartedAt: round.started_at,
            gracePeriodEndsAt: ends_at,
        }
        .into());
    }
    Ok(())
}
