//! The margin views `computeMargin`, `dryRunMargin` and `portfolioGreeks`.
//!
//! On chain the router's `#[fallback]` serves them with [`PortfolioNetting::serve_view`]: the hand-written codec
//! of [`crate::calldata`] decodes the call, the router reads the parameters from storage and the calculator
//! program computes (see [`crate::calculator`]); stylus-sdk's generic router and alloy's decoders would not fit.
//! The `#[public]` block of [`MarginViews`] declares the same three functions through stylus-sdk: it is what
//! `export-abi` prints (so the ABI drift check covers them) and the reference the tests compare `serve_view`
//! with, byte for byte. It has its own module because `#[public]` emits one ABI printer per module.

use alloc::vec::Vec;

use ballast_risk_math::portfolio::{MarketData as PortfolioMarket, Position as PortfolioPosition};
use stylus_sdk::{prelude::*, ArbResult};

use crate::{
    calculator::{Request, Response, OP_GREEKS, OP_MARGIN},
    calldata::{encode_greeks, encode_margin, Args},
    engine::{error_from_fields, Config},
    errors::{Error, PortfolioNettingCalculatorFailed},
    params::{self, Words},
    types::{MarginResult, MarketData, Position, ProposedParams, UnderlyingGreeks},
    unknown_selector, PortfolioNetting, COMPUTE_MARGIN_SELECTOR, DRY_RUN_MARGIN_SELECTOR,
    PORTFOLIO_GREEKS_SELECTOR,
};

/// The margin views' ABI declaration (never an entrypoint: the router serves them).
#[storage]
pub struct MarginViews {
    /// The router's state.
    netting: PortfolioNetting,
}

#[public]
impl MarginViews {
    /// `computeMargin`: see [`PortfolioNetting::compute_margin`].
    ///
    /// # Errors
    /// As [`PortfolioNetting::compute_margin`].
    pub fn compute_margin(
        &self,
        portfolio: Vec<Position>,
        market_data: Vec<MarketData>,
    ) -> Result<MarginResult, Error> {
        self.netting.compute_margin(portfolio, market_data)
    }

    /// `dryRunMargin`: see [`PortfolioNetting::dry_run_margin`].
    ///
    /// # Errors
    /// As [`PortfolioNetting::dry_run_margin`].
    pub fn dry_run_margin(
        &self,
        portfolio: Vec<Position>,
        market_data: Vec<MarketData>,
        proposed: Vec<ProposedParams>,
    ) -> Result<MarginResult, Error> {
        self.netting
            .dry_run_margin(portfolio, market_data, proposed)
    }

    /// `portfolioGreeks`: see [`PortfolioNetting::portfolio_greeks`].
    ///
    /// # Errors
    /// As [`PortfolioNetting::portfolio_greeks`].
    pub fn portfolio_greeks(
        &self,
        portfolio: Vec<Position>,
        market_data: Vec<MarketData>,
    ) -> Result<Vec<UnderlyingGreeks>, Error> {
        self.netting.portfolio_greeks(portfolio, market_data)
    }
}

/// A decoded view call: the calculator request kind, the portfolio and the validated dry-run parameters.
type Prepared = (
    u8,
    Vec<PortfolioPosition>,
    Vec<PortfolioMarket>,
    Vec<(u32, Words)>,
);

impl PortfolioNetting {
    /// Serves one margin view call (`input` = selector and arguments): decodes and checks it, gathers the stored
    /// parameters and spread credits of the portfolio's underlyings, has `call_calculator` compute (on chain a
    /// STATICCALL of the calculator program; natively [`crate::calculator::calculate`]) and returns the
    /// ABI-encoded result or custom error.
    ///
    /// # Errors
    /// The views' errors, `PortfolioNettingMalformedCalldata`, `PortfolioNettingUnknownSelector` for any other
    /// selector, `PortfolioNettingCalculatorFailed` for an unreadable answer, and the calculator's revert data
    /// if it reverts.
    pub fn serve_view(
        &self,
        input: &[u8],
        call_calculator: &mut dyn FnMut(&[u8]) -> ArbResult,
    ) -> ArbResult {
        let config = self.config();
        let (op, positions, markets, overrides) =
            self.prepare_view(input, &config).map_err(Vec::<u8>::from)?;
        let request = self.request(op, config, positions, markets, &overrides);
        let answer = call_calculator(&request.encode())?;
        match Response::decode(op, &answer) {
            Some(Response::Margin(m)) => Ok(encode_margin(&m)),
            Some(Response::Greeks(g)) => Ok(encode_greeks(&g)),
            Some(Response::Failed(tag, fields)) => Err(error_from_fields(tag, fields).into()),
            None => Err(Error::CalculatorFailed(PortfolioNettingCalculatorFailed {
                calculator: self.calculator.get(),
            })
            .into()),
        }
    }

    /// Decodes a view call, in the order the ABI path checks it (dry-run proposals first).
    fn prepare_view(&self, input: &[u8], config: &Config) -> Result<Prepared, Error> {
        let args = Args::new(input.get(4..).unwrap_or_default());
        match input.get(..4) {
            Some(COMPUTE_MARGIN_SELECTOR) => {
                let (positions, markets) = args.portfolio(&config.limits)?;
                Ok((OP_MARGIN, positions, markets, Vec::new()))
            }
            Some(DRY_RUN_MARGIN_SELECTOR) => {
                let proposals = args.proposals()?;
                let mut overrides = Vec::with_capacity(proposals.len());
                for (underlying, fields) in &proposals {
                    overrides.push((*underlying, params::validate_fields(*underlying, fields)?));
                }
                let (positions, markets) = args.portfolio(&config.limits)?;
                Ok((OP_MARGIN, positions, markets, overrides))
            }
            Some(PORTFOLIO_GREEKS_SELECTOR) => {
                let (positions, markets) = args.portfolio(&config.limits)?;
                Ok((OP_GREEKS, positions, markets, Vec::new()))
            }
            _ => Err(unknown_selector(input)),
        }
    }

    /// Builds the calculator request: for a margin, the parameters (a dry run's `overrides` first, else the
    /// stored ones of listed underlyings) and the non-zero spread credits of the portfolio's distinct
    /// underlyings, of which at most `max_underlyings + 1` are read (the engine rejects more).
    fn request(
        &self,
        op: u8,
        config: Config,
        positions: Vec<PortfolioPosition>,
        markets: Vec<PortfolioMarket>,
        overrides: &[(u32, Words)],
    ) -> Request {
        let mut params = Vec::new();
        let mut credits = Vec::new();
        if op == OP_MARGIN {
            let mut ids: Vec<u32> = Vec::new();
            for p in &positions {
                if ids.len() > config.limits.max_underlyings as usize {
                    break;
                }
                if !ids.contains(&p.underlying) {
                    ids.push(p.underlying);
                }
            }
            for (i, &a) in ids.iter().enumerate() {
                match overrides.iter().find(|(id, _)| *id == a) {
                    Some(&(_, words)) => params.push((a, words)),
                    None => {
                        let stored = self.params.getter(a);
                        if stored.is_listed() {
                            params.push((a, stored.words()));
                        }
                    }
                }
                for &b in &ids[i + 1..] {
                    let credit = self.credit_of(a, b);
                    if !credit.is_zero() {
                        credits.push((a, b, credit));
                    }
                }
            }
        }
        Request {
            op,
            config,
            positions,
            markets,
            params,
            credits,
        }
    }
}
