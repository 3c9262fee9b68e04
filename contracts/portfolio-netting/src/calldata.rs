//! The margin views' ABI codec, written by hand: it decodes the arguments of `computeMargin`, `dryRunMargin`
//! and `portfolioGreeks` straight into risk-math's types and encodes the engine's results exactly as the Solidity
//! ABI (and alloy) encodes `MarginResult` and `UnderlyingGreeks[]`, in a fraction of the code that the generic
//! decoders and the intermediate ABI structs take, which is what lets the contract fit one Stylus program.
//!
//! Decoding is strict: every offset and length must lie inside the calldata, and every `uint8`/`uint32`/`uint64`
//! word must have its unused high bytes zero; anything else is `PortfolioNettingMalformedCalldata`. Array
//! lengths are checked against the caps before a single element is read (in the order the ABI path checks
//! them), so the work is bounded by the configured limits, not by the calldata. The tests check the bytes
//! against the alloy/stylus path on random inputs.

use alloc::vec::Vec;

use alloy_primitives::{I256, U256};
use ballast_risk_math::{
    portfolio::{Limits, MarketData, Position},
    scenario::{NetGreeks, UnderlyingRisk},
};

use crate::{
    check_proposal_count,
    engine::{check_market_count, check_position_count, decode_market, decode_position, Margin},
    errors::{Error, PortfolioNettingMalformedCalldata},
    params::FIELD_COUNT,
};

/// Bytes in an ABI word.
const WORD: usize = 32;
/// Words of one `Position` (a static tuple, encoded inline).
const POSITION_WORDS: usize = 5;
/// Words of one `MarketData`.
const MARKET_WORDS: usize = 4;
/// Words of one `ProposedParams` (`uint32` and the 22-field static `RiskParams`).
const PROPOSED_WORDS: usize = 1 + FIELD_COUNT;
/// Field indices of the `uint32` fields of `RiskParams` (`horizonSecs`, `gridSteps`, `nearExpirySecs`).
const PARAM_U32_FIELDS: [usize; 3] = [3, 4, 20];
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

    /// Returns a `uint32` at byte offset `at`.
    fn small32(&self, at: usize) -> Result<u32, Error> {
        // Truncation not possible: `small` checked the value fits in 4 bytes.
        #[allow(clippy::cast_possible_truncation)]
        Ok(self.small(at, 4)? as u32)
    }

    /// Returns a word that must fit in `usize` (an offset or a length).
    fn index(&self, at: usize) -> Result<usize, Error> {
        usize::try_from(self.small(at, 8)?).map_err(|_| malformed())
    }

    /// Returns the byte offset of the length word and the length of the dynamic array that argument `arg`
    /// points to.
    fn array(&self, arg: usize) -> Result<(usize, usize), Error> {
        let offset = self.index(arg * WORD)?;
        Ok((offset, self.index(offset)?))
    }

    /// Returns the byte offset of the first element of an array of `len` static tuples of `words` words whose
    /// length word is at `offset`, once the whole array is known to lie inside the calldata.
    fn elements(&self, offset: usize, len: usize, words: usize) -> Result<usize, Error> {
        let start = offset + WORD;
        let end = len
            .checked_mul(words * WORD)
            .and_then(|b| b.checked_add(start))
            .ok_or_else(malformed)?;
        if end > self.data.len() {
            return Err(malformed());
        }
        Ok(start)
    }

    /// Decodes `(Position[] portfolio, MarketData[] marketData)` from arguments 0 and 1.
    ///
    /// # Errors
    /// As the ABI path (`engine::decode`): `PortfolioNettingTooManyPositions` above the limit,
    /// `PortfolioNettingTooManyUnderlyings` above 64 market-data entries, `PortfolioNettingInvalidPosition`,
    /// `PortfolioNettingInvalidMarketData`; and `PortfolioNettingMalformedCalldata`.
    pub fn portfolio(&self, limits: &Limits) -> Result<(Vec<Position>, Vec<MarketData>), Error> {
        let (positions_at, positions_len) = self.array(0)?;
        let (markets_at, markets_len) = self.array(1)?;
        check_position_count(positions_len, limits)?;
        check_market_count(markets_len)?;
        let start = self.elements(positions_at, positions_len, POSITION_WORDS)?;
        let mut positions = Vec::with_capacity(positions_len);
        for i in 0..positions_len {
            let at = start + i * POSITION_WORDS * WORD;
            // Truncation not possible: `small` checked the width.
            #[allow(clippy::cast_possible_truncation)]
            let kind = self.small(at + WORD, 1)? as u8;
            positions.push(decode_position(
                i,
                self.small32(at)?,
                kind,
                self.small(at + 2 * WORD, 8)?,
                self.uint(at + 3 * WORD)?,
                self.int(at + 4 * WORD)?,
            )?);
        }
        let start = self.elements(markets_at, markets_len, MARKET_WORDS)?;
        let mut markets = Vec::with_capacity(markets_len);
        for i in 0..markets_len {
            let at = start + i * MARKET_WORDS * WORD;
            markets.push(decode_market(
                self.small32(at)?,
                self.uint(at + WORD)?,
                self.uint(at + 2 * WORD)?,
                self.int(at + 3 * WORD)?,
            )?);
        }
        Ok((positions, markets))
    }

    /// Decodes the `ProposedParams[] proposed` of `dryRunMargin` (argument 2) as `(underlying, ABI field values)`.
    ///
    /// # Errors
    /// * `PortfolioNettingTooManyUnderlyings` above 8 proposals (as `dryRunMargin` reports it);
    /// * `PortfolioNettingMalformedCalldata`, also for a `uint32` parameter above `2^32 - 1`.
    pub fn proposals(&self) -> Result<Vec<(u32, [U256; FIELD_COUNT])>, Error> {
        let (offset, len) = self.array(2)?;
        check_proposal_count(len)?;
        let start = self.elements(offset, len, PROPOSED_WORDS)?;
        let mut out = Vec::with_capacity(len);
        for i in 0..len {
            let at = start + i * PROPOSED_WORDS * WORD;
            let mut fields = [U256::ZERO; FIELD_COUNT];
            for (f, v) in fields.iter_mut().enumerate() {
                let field_at = at + (1 + f) * WORD;
                if PARAM_U32_FIELDS.contains(&f) {
                    self.small32(field_at)?;
                }
                *v = self.uint(field_at)?;
            }
            out.push((self.small32(at)?, fields));
        }
        Ok(out)
    }
}

/// ABI encoder: appends words.
struct Encoder(Vec<u8>);

impl Encoder {
    fn uint(&mut self, v: u128) {
        self.0.extend_from_slice(&[0u8; 16]);
        self.0.extend_from_slice(&v.to_be_bytes());
    }

    fn int(&mut self, v: i128) {
        let fill = if v < 0 { 0xff } else { 0 };
        self.0.extend_from_slice(&[fill; 16]);
        self.0.extend_from_slice(&v.to_be_bytes());
    }

    fn index(&mut self, v: usize) {
        self.uint(v as u128);
    }

    fn greeks(&mut self, underlying: u32, g: &NetGreeks) {
        self.uint(u128::from(underlying));
        for v in [g.delta, g.gamma, g.vega, g.theta] {
            self.int(v.raw());
        }
    }
}

/// Returns the return data of `computeMargin`/`dryRunMargin`: `abi.encode(result)` of the `MarginResult` that
/// [`Margin::to_abi`] builds.
#[must_use]
pub fn encode_margin(m: &Margin) -> Vec<u8> {
    let n = m.risks.len();
    let pnl_words: usize = m.risks.iter().map(|r| r.scenario_count).sum();
    let mut e = Encoder(Vec::with_capacity(
        WORD * (8 + n * (2 + RISK_HEAD_WORDS) + pnl_words),
    ));
    e.index(WORD); // the result is a dynamic tuple: its offset
    let t = &m.total;
    for v in [
        t.initial_margin,
        t.maintenance_margin,
        t.initial_credit,
        t.maintenance_credit,
    ] {
        e.uint(v.raw());
    }
    e.int(t.mark_to_market.raw());
    e.index(6 * WORD);
    e.index(n);
    let mut offset = n * WORD;
    for r in &m.risks {
        e.index(offset);
        offset += (RISK_HEAD_WORDS + 1 + r.scenario_count) * WORD;
    }
    for r in &m.risks {
        encode_risk(&mut e, r);
    }
    e.0
}

/// Appends one `UnderlyingRisk` (head, then its `scenarioPnl`).
fn encode_risk(e: &mut Encoder, r: &UnderlyingRisk) {
    e.greeks(r.underlying, &r.greeks);
    e.uint(r.scan_range.raw());
    e.index(r.worst_scenario);
    for v in [r.scan_loss, r.initial_margin, r.maintenance_margin] {
        e.uint(v.raw());
    }
    e.int(r.mark_to_market.raw());
    e.index(RISK_HEAD_WORDS * WORD);
    e.index(r.scenario_count);
    for v in r.pnl() {
        e.int(v.raw());
    }
}

/// Returns the return data of `portfolioGreeks`: `abi.encode(greeks)`.
#[must_use]
pub fn encode_greeks(greeks: &[(u32, NetGreeks)]) -> Vec<u8> {
    let mut e = Encoder(Vec::with_capacity(WORD * (2 + 5 * greeks.len())));
    e.index(WORD);
    e.index(greeks.len());
    for (underlying, g) in greeks {
        e.greeks(*underlying, g);
    }
    e.0
}

#[cfg(test)]
mod tests {
    use alloy_sol_types::SolValue;
    use proptest::prelude::*;

    use super::*;
    use crate::{
        calculator::calculate,
        errors::{PortfolioNettingCalculatorFailed, PortfolioNettingTooManyPositions},
        tests::{any_book, default_params, deployed, markets, option, perp, BTC, CALCULATOR, ETH},
        types::{Position as AbiPosition, ProposedParams},
        MarginViews, PortfolioNetting, COMPUTE_MARGIN_SELECTOR, DRY_RUN_MARGIN_SELECTOR,
        PORTFOLIO_GREEKS_SELECTOR,
    };

    /// The router's view path with the calculator run natively (what the STATICCALL runs on chain).
    fn serve(c: &PortfolioNetting, input: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
        c.serve_view(input, &mut |request| {
            calculate(request).ok_or_else(Vec::new)
        })
    }

    fn call(selector: &[u8], args: &[u8]) -> Vec<u8> {
        [selector, args].concat()
    }

    /// What stylus-sdk's router returns for a function's `Result`: `abi.encode(value)` or the error's data.
    fn reference<T: SolValue>(result: Result<T, Error>) -> Result<Vec<u8>, Vec<u8>> {
        result.map(|v| (v,).abi_encode_params()).map_err(Vec::from)
    }

    fn proposals(book_seed: u8) -> Vec<ProposedParams> {
        let mut params = default_params();
        params.imFactor += U256::from(book_seed) * U256::from(10u64.pow(16));
        vec![ProposedParams {
            underlying: if book_seed.is_multiple_of(2) {
                BTC
            } else {
                ETH
            },
            params,
        }]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// The router's view path (hand codec, storage, calculator) returns exactly the bytes (result or error) of
        /// the alloy/stylus path, for all three views.
        #[test]
        fn view_matches_the_alloy_codec(book in any_book(12), seed in 0u8..40, drop_market in 0usize..4) {
            let (host, c) = deployed();
            let facet = MarginViews::from(&host);
            let mut market = markets();
            if drop_market < market.len() {
                market.remove(drop_market); // missing market data: the error paths too
            }
            let args = (book.clone(), market.clone()).abi_encode_params();
            prop_assert_eq!(
                serve(&c, &call(COMPUTE_MARGIN_SELECTOR, &args)),
                reference(facet.compute_margin(book.clone(), market.clone()))
            );
            prop_assert_eq!(
                serve(&c, &call(PORTFOLIO_GREEKS_SELECTOR, &args)),
                reference(facet.portfolio_greeks(book.clone(), market.clone()))
            );
            let proposed = proposals(seed);
            let args = (book.clone(), market.clone(), proposed.clone()).abi_encode_params();
            prop_assert_eq!(
                serve(&c, &call(DRY_RUN_MARGIN_SELECTOR, &args)),
                reference(facet.dry_run_margin(book, market, proposed))
            );
        }

        /// Arbitrary argument bytes never panic and never succeed unless they decode.
        #[test]
        fn view_survives_arbitrary_calldata(bytes in prop::collection::vec(any::<u8>(), 0..400), which in 0usize..3) {
            let (_host, c) = deployed();
            let selector = [COMPUTE_MARGIN_SELECTOR, DRY_RUN_MARGIN_SELECTOR, PORTFOLIO_GREEKS_SELECTOR][which];
            let _ = serve(&c, &call(selector, &bytes));
        }
    }

    fn malformed_data() -> Vec<u8> {
        Error::MalformedCalldata(PortfolioNettingMalformedCalldata {}).into()
    }

    #[test]
    fn view_rejects_malformed_calldata() {
        let (_host, c) = deployed();
        let good = (vec![perp(BTC, 1)], markets()).abi_encode_params();
        assert!(serve(&c, &call(COMPUTE_MARGIN_SELECTOR, &good)).is_ok());
        // Truncated: the last market word is missing.
        let truncated = &good[..good.len() - 1];
        assert_eq!(
            serve(&c, &call(COMPUTE_MARGIN_SELECTOR, truncated)),
            Err(malformed_data())
        );
        // Dirty high bytes in the uint32 `underlying` of the first position (word 3 of the arguments).
        let mut dirty = good.clone();
        dirty[3 * WORD] = 1;
        assert_eq!(
            serve(&c, &call(COMPUTE_MARGIN_SELECTOR, &dirty)),
            Err(malformed_data())
        );
        // An offset pointing past the end.
        let mut far = good.clone();
        far[WORD - 1] = 0xff;
        far[WORD - 2] = 0xff;
        assert_eq!(
            serve(&c, &call(COMPUTE_MARGIN_SELECTOR, &far)),
            Err(malformed_data())
        );
        // No arguments at all.
        assert_eq!(serve(&c, COMPUTE_MARGIN_SELECTOR), Err(malformed_data()));
    }

    #[test]
    fn view_checks_lengths_before_reading_elements() {
        let (_host, c) = deployed();
        // A length of 2^40 positions with no element data: the cap answers, nothing is read or allocated.
        let mut args = (Vec::<AbiPosition>::new(), markets()).abi_encode_params();
        args[3 * WORD - 8..3 * WORD].copy_from_slice(&(1u64 << 40).to_be_bytes());
        let expected: Vec<u8> = Error::TooManyPositions(PortfolioNettingTooManyPositions {
            count: U256::from(1u64 << 40),
            max: U256::from(32),
        })
        .into();
        assert_eq!(
            serve(&c, &call(COMPUTE_MARGIN_SELECTOR, &args)),
            Err(expected)
        );
    }

    #[test]
    fn view_rejects_unknown_selectors() {
        let (_host, c) = deployed();
        let book = vec![option(BTC, 1, 100_000, 30, -1)];
        let args = (book, markets()).abi_encode_params();
        assert_eq!(
            serve(&c, &call(&[1, 2, 3, 4], &args)),
            Err(crate::unknown_selector(&[1, 2, 3, 4]).into())
        );
        assert_eq!(serve(&c, &[7]), Err(crate::unknown_selector(&[7]).into()));
    }

    #[test]
    fn view_reports_an_unreadable_calculator_and_passes_its_revert_through() {
        let (_host, c) = deployed();
        let args = (vec![perp(BTC, 1)], markets()).abi_encode_params();
        let input = call(COMPUTE_MARGIN_SELECTOR, &args);
        // An account without code answers an empty success.
        let failed: Vec<u8> = Error::CalculatorFailed(PortfolioNettingCalculatorFailed {
            calculator: CALCULATOR,
        })
        .into();
        assert_eq!(c.serve_view(&input, &mut |_| Ok(Vec::new())), Err(failed));
        assert_eq!(
            c.serve_view(&input, &mut |_| Err(vec![0xab])),
            Err(vec![0xab])
        );
    }
}
