//! The engine facet's ABI codec, written by hand: it decodes the arguments of `computeMargin`, `dryRunMargin`
//! and `portfolioGreeks` and encodes their results exactly as the Solidity ABI (and alloy) does, in a fraction
//! of the code that the generic decoders take, which is what lets the engine fit one Stylus program.
//!
//! Decoding is strict: every offset and length must lie inside the calldata, and every `uint8`/`uint32`/`uint64`
//! word must have its unused high bytes zero; anything else is `PortfolioNettingMalformedCalldata`. Array
//! lengths are checked against the hard caps before a single element is read, so the work is bounded by the
//! configured limits, not by the calldata. The tests check both directions against alloy on random inputs.

use alloc::vec::Vec;

use alloy_primitives::{I256, U256};
use ballast_risk_math::{
    portfolio::{MAX_POSITIONS, MAX_UNDERLYINGS},
    scenario::MarginError,
};

use crate::{
    engine::margin_error,
    errors::{Error, PortfolioNettingMalformedCalldata, PortfolioNettingTooManyUnderlyings},
    params::{self, FIELD_COUNT},
    types::{MarginResult, MarketData, Position, ProposedParams, UnderlyingGreeks, UnderlyingRisk},
};

/// Bytes in an ABI word.
const WORD: usize = 32;
/// Words of one `Position` (a static tuple, encoded inline).
const POSITION_WORDS: usize = 5;
/// Words of one `MarketData`.
const MARKET_WORDS: usize = 4;
/// Words of one `ProposedParams` (`uint32` and the 22-field static `RiskParams`).
const PROPOSED_WORDS: usize = 1 + FIELD_COUNT;
/// Head words of one encoded `UnderlyingRisk`: the 5 greeks, 6 values and the offset of `scenarioPnl`.
const RISK_HEAD_WORDS: usize = 12;

/// Returns the malformed-calldata error.
fn malformed() -> Error {
    Error::MalformedCalldata(PortfolioNettingMalformedCalldata {})
}

/// The arguments of one call (the calldata after the selector), read word by word with bounds checks.
pub struct Args<'a> {
    data: &'a [u8],
}

impl<'a> Args<'a> {
    /// Wraps the calldata after the 4-byte selector.
    #[must_use]
    pub fn new(data: &'a [u8]) -> Self {
        Self { data }
    }

    /// Returns the word at byte offset `at`.
    fn word(&self, at: usize) -> Result<&'a [u8; WORD], Error> {
        let end = at.checked_add(WORD).ok_or_else(malformed)?;
        self.data
            .get(at..end)
            .and_then(|w| w.try_into().ok())
            .ok_or_else(malformed)
    }

    /// Returns the `uint256` at byte offset `at`.
    fn uint(&self, at: usize) -> Result<U256, Error> {
        Ok(U256::from_be_bytes(*self.word(at)?))
    }

    /// Returns the `int256` at byte offset `at`.
    fn int(&self, at: usize) -> Result<I256, Error> {
        Ok(I256::from_be_bytes(*self.word(at)?))
    }

    /// Returns the unsigned word at byte offset `at` when it fits in `bytes` bytes (`uint8`, `uint32`, `uint64`).
    fn small(&self, at: usize, bytes: usize) -> Result<u64, Error> {
        let word = self.word(at)?;
        if word[..WORD - bytes].iter().any(|b| *b != 0) {
            return Err(malformed());
        }
        Ok(word[WORD - 8..]
            .iter()
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
    }

    /// Returns a word that must fit in `usize` (an offset or a length).
    fn index(&self, at: usize) -> Result<usize, Error> {
        usize::try_from(self.small(at, 8)?).map_err(|_| malformed())
    }

    /// Returns the byte offset of the first element and the length of the array of static tuples of `words`
    /// words whose offset is argument `arg`, after `too_long(len)` has had its say and the whole array is known
    /// to lie inside the calldata.
    fn array(
        &self,
        arg: usize,
        words: usize,
        too_long: impl Fn(usize) -> Option<Error>,
    ) -> Result<(usize, usize), Error> {
        let offset = self.index(arg * WORD)?;
        let len = self.index(offset)?;
        if let Some(error) = too_long(len) {
            return Err(error);
        }
        let start = offset + WORD;
        let bytes = len
            .checked_mul(words * WORD)
            .and_then(|b| b.checked_add(start))
            .ok_or_else(malformed)?;
        if bytes > self.data.len() {
            return Err(malformed());
        }
        Ok((start, len))
    }

    /// Decodes `(Position[] portfolio, MarketData[] marketData)` from arguments 0 and 1.
    ///
    /// # Errors
    /// * `PortfolioNettingTooManyPositions` above `max_positions` and `PortfolioNettingTooManyUnderlyings`
    ///   above [`MAX_POSITIONS`] market-data entries (as the engine would report them);
    /// * `PortfolioNettingMalformedCalldata`.
    pub fn portfolio(
        &self,
        max_positions: usize,
    ) -> Result<(Vec<Position>, Vec<MarketData>), Error> {
        let (start, len) = self.array(0, POSITION_WORDS, |count| {
            (count > max_positions).then(|| {
                margin_error(MarginError::TooManyPositions {
                    count,
                    max: max_positions,
                })
            })
        })?;
        let mut portfolio = Vec::with_capacity(len);
        for i in 0..len {
            let at = start + i * POSITION_WORDS * WORD;
            portfolio.push(Position {
                underlying: self.small(at, 4)? as u32,
                kind: self.small(at + WORD, 1)? as u8,
                expiry: self.small(at + 2 * WORD, 8)?,
                strike: self.uint(at + 3 * WORD)?,
                size: self.int(at + 4 * WORD)?,
            });
        }
        let (start, len) = self.array(1, MARKET_WORDS, |count| {
            (count > MAX_POSITIONS).then(|| {
                Error::TooManyUnderlyings(PortfolioNettingTooManyUnderlyings {
                    count: U256::from(count),
                    max: U256::from(MAX_POSITIONS),
                })
            })
        })?;
        let mut market = Vec::with_capacity(len);
        for i in 0..len {
            let at = start + i * MARKET_WORDS * WORD;
            market.push(MarketData {
                underlying: self.small(at, 4)? as u32,
                spot: self.uint(at + WORD)?,
                vol: self.uint(at + 2 * WORD)?,
                rate: self.int(at + 3 * WORD)?,
            });
        }
        Ok((portfolio, market))
    }

    /// Decodes the `ProposedParams[] proposed` of `dryRunMargin` (argument 2).
    ///
    /// # Errors
    /// * `PortfolioNettingTooManyUnderlyings` above [`MAX_UNDERLYINGS`] entries (as `dryRunMargin` reports it);
    /// * `PortfolioNettingMalformedCalldata`, also for a `uint32` parameter above `2^32 - 1`.
    pub fn proposed(&self) -> Result<Vec<ProposedParams>, Error> {
        let (start, len) = self.array(2, PROPOSED_WORDS, |count| {
            (count > MAX_UNDERLYINGS).then(|| {
                margin_error(MarginError::TooManyUnderlyings {
                    count,
                    max: MAX_UNDERLYINGS,
                })
            })
        })?;
        let mut out = Vec::with_capacity(len);
        for i in 0..len {
            let at = start + i * PROPOSED_WORDS * WORD;
            let mut words = [U256::ZERO; FIELD_COUNT];
            for (f, w) in words.iter_mut().enumerate() {
                *w = self.uint(at + (1 + f) * WORD)?;
            }
            out.push(ProposedParams {
                underlying: self.small(at, 4)? as u32,
                params: params::from_abi_words(&words).ok_or_else(malformed)?,
            });
        }
        Ok(out)
    }
}

/// ABI encoder: appends words.
struct Encoder(Vec<u8>);

impl Encoder {
    fn uint(&mut self, v: U256) {
        self.0.extend_from_slice(&v.to_be_bytes::<WORD>());
    }

    fn int(&mut self, v: I256) {
        self.0.extend_from_slice(&v.to_be_bytes::<WORD>());
    }

    fn index(&mut self, v: usize) {
        self.uint(U256::from(v));
    }

    fn greeks(&mut self, g: &UnderlyingGreeks) {
        self.index(g.underlying as usize);
        for v in [g.delta, g.gamma, g.vega, g.theta] {
            self.int(v);
        }
    }
}

/// Returns the return data of `computeMargin`/`dryRunMargin`: `abi.encode(result)`.
#[must_use]
pub fn encode_margin_result(r: &MarginResult) -> Vec<u8> {
    let n = r.underlyings.len();
    let pnl_words: usize = r.underlyings.iter().map(|u| u.scenarioPnl.len()).sum();
    let mut e = Encoder(Vec::with_capacity(
        WORD * (8 + n * (2 + RISK_HEAD_WORDS) + pnl_words),
    ));
    e.index(WORD); // the result is a dynamic tuple: its offset
    for v in [
        r.initialMargin,
        r.maintenanceMargin,
        r.initialCredit,
        r.maintenanceCredit,
    ] {
        e.uint(v);
    }
    e.int(r.markToMarket);
    e.index(6 * WORD);
    e.index(n);
    let mut offset = n * WORD;
    for u in &r.underlyings {
        e.index(offset);
        offset += (RISK_HEAD_WORDS + 1 + u.scenarioPnl.len()) * WORD;
    }
    for u in &r.underlyings {
        encode_risk(&mut e, u);
    }
    e.0
}

/// Appends one `UnderlyingRisk` (head, then its `scenarioPnl`).
fn encode_risk(e: &mut Encoder, u: &UnderlyingRisk) {
    e.greeks(&u.greeks);
    for v in [
        u.scanRange,
        u.worstScenario,
        u.scanLoss,
        u.initialMargin,
        u.maintenanceMargin,
    ] {
        e.uint(v);
    }
    e.int(u.markToMarket);
    e.index(RISK_HEAD_WORDS * WORD);
    e.index(u.scenarioPnl.len());
    for v in &u.scenarioPnl {
        e.int(*v);
    }
}

/// Returns the return data of `portfolioGreeks`: `abi.encode(greeks)`.
#[must_use]
pub fn encode_greeks(greeks: &[UnderlyingGreeks]) -> Vec<u8> {
    let mut e = Encoder(Vec::with_capacity(WORD * (2 + 5 * greeks.len())));
    e.index(WORD);
    e.index(greeks.len());
    for g in greeks {
        e.greeks(g);
    }
    e.0
}

#[cfg(test)]
mod tests {
    use alloy_sol_types::SolValue;
    use proptest::prelude::*;

    use super::*;
    use crate::{
        errors::PortfolioNettingTooManyPositions,
        tests::{any_book, default_params, deployed, markets, option, perp, BTC, ETH},
        PortfolioNettingEngine, COMPUTE_MARGIN_SELECTOR, DRY_RUN_MARGIN_SELECTOR,
        PORTFOLIO_GREEKS_SELECTOR,
    };

    fn call(selector: &[u8], args: &[u8]) -> Vec<u8> {
        [selector, args].concat()
    }

    /// What stylus-sdk's router returns for a function's `Result`: `abi.encode(value)` or the error's data.
    fn reference<T: SolValue>(result: Result<T, Error>) -> Result<Vec<u8>, Vec<u8>> {
        result.map(|v| (v,).abi_encode_params()).map_err(Vec::from)
    }

    fn proposals(book_seed: u8) -> Vec<ProposedParams> {
        let mut params = default_params();
        params.imFactor = params.imFactor + U256::from(book_seed) * U256::from(10u64.pow(16));
        vec![ProposedParams {
            underlying: if book_seed % 2 == 0 { BTC } else { ETH },
            params,
        }]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// The hand codec returns exactly the bytes (result or error) of the alloy/stylus path, for all three
        /// functions.
        #[test]
        fn dispatch_matches_the_alloy_codec(book in any_book(12), seed in 0u8..40, drop_market in 0usize..4) {
            let (host, _) = deployed();
            let facet = PortfolioNettingEngine::from(&host);
            let mut market = markets();
            if drop_market < market.len() {
                market.remove(drop_market); // missing market data: the error paths too
            }
            let args = (book.clone(), market.clone()).abi_encode_params();
            prop_assert_eq!(
                facet.dispatch(&call(COMPUTE_MARGIN_SELECTOR, &args)),
                reference(facet.compute_margin(book.clone(), market.clone()))
            );
            prop_assert_eq!(
                facet.dispatch(&call(PORTFOLIO_GREEKS_SELECTOR, &args)),
                reference(facet.portfolio_greeks(book.clone(), market.clone()))
            );
            let proposed = proposals(seed);
            let args = (book.clone(), market.clone(), proposed.clone()).abi_encode_params();
            prop_assert_eq!(
                facet.dispatch(&call(DRY_RUN_MARGIN_SELECTOR, &args)),
                reference(facet.dry_run_margin(book, market, proposed))
            );
        }

        /// Arbitrary argument bytes never panic and never succeed unless they decode.
        #[test]
        fn dispatch_survives_arbitrary_calldata(bytes in prop::collection::vec(any::<u8>(), 0..400), which in 0usize..3) {
            let (host, _) = deployed();
            let facet = PortfolioNettingEngine::from(&host);
            let selector = [COMPUTE_MARGIN_SELECTOR, DRY_RUN_MARGIN_SELECTOR, PORTFOLIO_GREEKS_SELECTOR][which];
            let _ = facet.dispatch(&call(selector, &bytes));
        }
    }

    fn malformed_data() -> Vec<u8> {
        Error::MalformedCalldata(PortfolioNettingMalformedCalldata {}).into()
    }

    #[test]
    fn dispatch_rejects_malformed_calldata() {
        let (host, _) = deployed();
        let facet = PortfolioNettingEngine::from(&host);
        let good = (vec![perp(BTC, 1)], markets()).abi_encode_params();
        assert!(facet
            .dispatch(&call(COMPUTE_MARGIN_SELECTOR, &good))
            .is_ok());
        // Truncated: the last market word is missing.
        let truncated = &good[..good.len() - 1];
        assert_eq!(
            facet.dispatch(&call(COMPUTE_MARGIN_SELECTOR, truncated)),
            Err(malformed_data())
        );
        // Dirty high bytes in the uint32 `underlying` of the first position (word 3 of the arguments).
        let mut dirty = good.clone();
        dirty[3 * WORD] = 1;
        assert_eq!(
            facet.dispatch(&call(COMPUTE_MARGIN_SELECTOR, &dirty)),
            Err(malformed_data())
        );
        // An offset pointing past the end.
        let mut far = good.clone();
        far[WORD - 1] = 0xff;
        far[WORD - 2] = 0xff;
        assert_eq!(
            facet.dispatch(&call(COMPUTE_MARGIN_SELECTOR, &far)),
            Err(malformed_data())
        );
        // No arguments at all.
        assert_eq!(
            facet.dispatch(COMPUTE_MARGIN_SELECTOR),
            Err(malformed_data())
        );
    }

    #[test]
    fn dispatch_checks_lengths_before_reading_elements() {
        let (host, _) = deployed();
        let facet = PortfolioNettingEngine::from(&host);
        // A length of 2^40 positions with no element data: the cap answers, nothing is read or allocated.
        let mut args = (Vec::<Position>::new(), markets()).abi_encode_params();
        args[3 * WORD - 8..3 * WORD].copy_from_slice(&(1u64 << 40).to_be_bytes());
        let expected: Vec<u8> = Error::TooManyPositions(PortfolioNettingTooManyPositions {
            count: U256::from(1u64 << 40),
            max: U256::from(32),
        })
        .into();
        assert_eq!(
            facet.dispatch(&call(COMPUTE_MARGIN_SELECTOR, &args)),
            Err(expected)
        );
    }

    #[test]
    fn dispatch_rejects_unknown_selectors() {
        let (host, _) = deployed();
        let facet = PortfolioNettingEngine::from(&host);
        let book = vec![option(BTC, 1, 100_000, 30, -1)];
        let args = (book, markets()).abi_encode_params();
        assert_eq!(
            facet.dispatch(&call(&[1, 2, 3, 4], &args)),
            Err(crate::unknown_selector(&[1, 2, 3, 4]).into())
        );
        assert_eq!(
            facet.dispatch(&[7]),
            Err(crate::unknown_selector(&[7]).into())
        );
    }
}
