//! The calculator: PortfolioNetting's second Stylus program, a stateless pure function the router STATICCALLs.
//!
//! The scenario engine and the Solidity ABI do not fit one 24 KiB program together, so they are split by
//! stage: the router decodes the ABI call, validates it, reads the risk parameters, spread credits and limits from
//! its storage and sends the calculator a compact [`Request`]; the calculator runs risk-math's engine
//! ([`engine::margin`] or [`engine::greeks`]) and answers with a compact response, which the router encodes as
//! the ABI result or the Solidity custom error. Native code (tests, examples) runs exactly the same
//! [`calculate`], so the split is invisible to integrators and to the results.
//!
//! The wire format is internal (little-endian integers, counts as one byte: every count is capped far below 256
//! by the router). The calculator trusts its input only as far as the engine's own checks go: a malformed
//! request gets an empty revert, and since it has no storage and no state, calling it directly can only compute.

use alloc::vec::Vec;

use ballast_risk_math::{
    portfolio::{Limits, MarketData, Position, PositionKind},
    scenario::{
        MarginError, NetGreeks, PortfolioMargin, RiskParams as EngineParams, UnderlyingRisk,
    },
    MathError, SignedWad, Wad,
};

use crate::{
    engine::{self, Config, Margin},
    params::{self, Words, FIELD_COUNT},
};

/// Request kind: the margin of the portfolio ([`engine::margin`]).
pub const OP_MARGIN: u8 = 0;
/// Request kind: the net Greeks per underlying ([`engine::greeks`]).
pub const OP_GREEKS: u8 = 1;

/// Response tag of a result.
const OK: u8 = 0;
/// Response tag of an engine error.
const FAILED: u8 = 1;

/// Everything the engine needs for one call, decoded and checked by the router.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// [`OP_MARGIN`] or [`OP_GREEKS`].
    pub op: u8,
    /// Limits, credit floor and valuation time.
    pub config: Config,
    /// The portfolio.
    pub positions: Vec<Position>,
    /// Market data per underlying.
    pub markets: Vec<MarketData>,
    /// Risk parameters of the portfolio's listed underlyings (validated words).
    pub params: Vec<(u32, Words)>,
    /// Non-zero spread credits between the portfolio's underlyings.
    pub credits: Vec<(u32, u32, Wad)>,
}

/// Little-endian writer.
struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u128(&mut self, v: u128) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn i128(&mut self, v: i128) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    /// A count (at most 255: the router caps every list far below).
    fn len(&mut self, n: usize) {
        self.u8(u8::try_from(n).unwrap_or(u8::MAX));
    }
}

/// Little-endian reader; `None` past the end.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.0.split_first_chunk::<N>()?;
        self.0 = rest;
        Some(*head)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take::<1>().map(|b| b[0])
    }
    fn u32(&mut self) -> Option<u32> {
        self.take().map(u32::from_le_bytes)
    }
    fn u64(&mut self) -> Option<u64> {
        self.take().map(u64::from_le_bytes)
    }
    fn u128(&mut self) -> Option<u128> {
        self.take().map(u128::from_le_bytes)
    }
    fn i128(&mut self) -> Option<i128> {
        self.take().map(i128::from_le_bytes)
    }
    fn len(&mut self) -> Option<usize> {
        self.u8().map(usize::from)
    }
}

impl Request {
    /// Returns the wire form.
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer(Vec::with_capacity(
            24 + self.positions.len() * 45 + self.markets.len() * 52 + self.params.len() * 356,
        ));
        w.u8(self.op);
        w.u64(self.config.now_secs);
        w.u32(self.config.limits.max_underlyings);
        w.u32(self.config.limits.max_positions);
        w.u128(self.config.credit_floor.raw());
        w.len(self.positions.len());
        for p in &self.positions {
            w.u32(p.underlying);
            w.u8(p.kind as u8);
            w.u64(p.expiry_secs);
            w.u128(p.strike.raw());
            w.i128(p.size.raw());
        }
        w.len(self.markets.len());
        for m in &self.markets {
            w.u32(m.underlying);
            w.u128(m.spot.raw());
            w.u128(m.vol.raw());
            w.i128(m.rate.raw());
        }
        w.len(self.params.len());
        for (id, words) in &self.params {
            w.u32(*id);
            for v in words {
                w.u128(*v);
            }
        }
        w.len(self.credits.len());
        for (a, b, credit) in &self.credits {
            w.u32(*a);
            w.u32(*b);
            w.u128(credit.raw());
        }
        w.0
    }

    /// Reads the wire form; `None` if it is malformed.
    #[must_use]
    pub fn decode(bytes: &[u8]) -> Option<Self> {
        let mut r = Reader(bytes);
        let op = r.u8()?;
        let now_secs = r.u64()?;
        let limits = Limits {
            max_underlyings: r.u32()?,
            max_positions: r.u32()?,
        };
        let credit_floor = Wad::from_raw(r.u128()?);
        let mut positions = Vec::new();
        for _ in 0..r.len()? {
            positions.push(Position {
                underlying: r.u32()?,
                kind: match r.u8()? {
                    0 => PositionKind::DeltaOne,
                    1 => PositionKind::Call,
                    2 => PositionKind::Put,
                    _ => return None,
                },
                expiry_secs: r.u64()?,
                strike: Wad::from_raw(r.u128()?),
                size: SignedWad::from_raw(r.i128()?),
            });
        }
        let mut markets = Vec::new();
        for _ in 0..r.len()? {
            markets.push(MarketData {
                underlying: r.u32()?,
                spot: Wad::from_raw(r.u128()?),
                vol: Wad::from_raw(r.u128()?),
                rate: SignedWad::from_raw(r.i128()?),
            });
        }
        let mut table = Vec::new();
        for _ in 0..r.len()? {
            let id = r.u32()?;
            let mut words = [0u128; FIELD_COUNT];
            for v in &mut words {
                *v = r.u128()?;
            }
            table.push((id, words));
        }
        let mut credits = Vec::new();
        for _ in 0..r.len()? {
            credits.push((r.u32()?, r.u32()?, Wad::from_raw(r.u128()?)));
        }
        (r.0.is_empty() && op <= OP_GREEKS).then_some(Self {
            op,
            config: Config {
                limits,
                credit_floor,
                now_secs,
            },
            positions,
            markets,
            params: table,
            credits,
        })
    }
}

/// Answers a request: the calculator program's whole work. `None` for a malformed request.
#[must_use]
pub fn calculate(request: &[u8]) -> Option<Vec<u8>> {
    let req = Request::decode(request)?;
    let mut w = Writer(Vec::new());
    let result = if req.op == OP_MARGIN {
        let mut params_of = |u: u32| -> Option<EngineParams> {
            req.params
                .iter()
                .find(|(id, _)| *id == u)
                .map(|(_, words)| params::to_engine(words))
        };
        let mut credit_of = |a: u32, b: u32| {
            req.credits
                .iter()
                .find(|(x, y, _)| (*x, *y) == (a, b) || (*x, *y) == (b, a))
                .map_or(Wad::ZERO, |(_, _, c)| *c)
        };
        engine::margin(
            &req.positions,
            &req.markets,
            &req.config,
            &mut params_of,
            &mut credit_of,
        )
        .map(|m| encode_margin(&mut w, &m))
    } else {
        engine::greeks(&req.positions, &req.markets, &req.config).map(|g| encode_greeks(&mut w, &g))
    };
    if let Err(e) = result {
        w.0.clear();
        w.u8(FAILED);
        encode_error(&mut w, &e);
    }
    Some(w.0)
}

/// Writes a margin result: totals, then per underlying the fields the ABI carries.
fn encode_margin(w: &mut Writer, m: &Margin) {
    w.u8(OK);
    let t = &m.total;
    for v in [
        t.initial_margin,
        t.maintenance_margin,
        t.initial_credit,
        t.maintenance_credit,
    ] {
        w.u128(v.raw());
    }
    w.i128(t.mark_to_market.raw());
    w.len(m.risks.len());
    for r in &m.risks {
        w.u32(r.underlying);
        write_greeks(w, &r.greeks);
        w.u128(r.scan_range.raw());
        w.len(r.worst_scenario);
        for v in [r.scan_loss, r.initial_margin, r.maintenance_margin] {
            w.u128(v.raw());
        }
        w.i128(r.mark_to_market.raw());
        w.len(r.scenario_count);
        for v in r.pnl() {
            w.i128(v.raw());
        }
    }
}

fn write_greeks(w: &mut Writer, g: &NetGreeks) {
    for v in [g.delta, g.gamma, g.vega, g.theta] {
        w.i128(v.raw());
    }
}

fn read_greeks(r: &mut Reader<'_>) -> Option<NetGreeks> {
    Some(NetGreeks {
        delta: SignedWad::from_raw(r.i128()?),
        gamma: SignedWad::from_raw(r.i128()?),
        vega: SignedWad::from_raw(r.i128()?),
        theta: SignedWad::from_raw(r.i128()?),
    })
}

/// Writes the Greeks per underlying.
fn encode_greeks(w: &mut Writer, greeks: &[(u32, NetGreeks)]) {
    w.u8(OK);
    w.len(greeks.len());
    for (id, g) in greeks {
        w.u32(*id);
        write_greeks(w, g);
    }
}

/// Number of error tags of [`error_fields`].
pub const ERROR_TAGS: usize = 14;

/// Returns the wire form of an engine error: a tag (in [`MarginError`]'s order; `Math` carries the [`MathError`]
/// as its second number) and up to four numbers. [`engine::margin_error`] maps it to the Solidity error.
#[must_use]
pub fn error_fields(e: &MarginError) -> (u8, [u128; 4]) {
    match *e {
        MarginError::TooManyPositions { count, max } => (0, [count as u128, max as u128, 0, 0]),
        MarginError::TooManyUnderlyings { count, max } => (1, [count as u128, max as u128, 0, 0]),
        MarginError::InvalidPosition {
            index,
            kind,
            strike,
            size,
        } => (2, [index as u128, kind as u128, strike, size as u128]),
        MarginError::PositionExpired {
            index,
            expiry_secs,
            now_secs,
        } => (
            3,
            [
                index as u128,
                u128::from(expiry_secs),
                u128::from(now_secs),
                0,
            ],
        ),
        MarginError::UnderlyingNotListed { underlying } => (4, [u128::from(underlying), 0, 0, 0]),
        MarginError::MissingMarketData { underlying } => (5, [u128::from(underlying), 0, 0, 0]),
        MarginError::DuplicateMarketData { underlying } => (6, [u128::from(underlying), 0, 0, 0]),
        MarginError::InvalidMarketData {
            underlying,
            spot,
            vol,
        } => (7, [u128::from(underlying), spot, vol, 0]),
        MarginError::ParamOutOfBounds {
            field,
            value,
            min,
            max,
        } => (8, [u128::from(field.index()), value, min, max]),
        MarginError::InvalidSpreadPair { first, second } => {
            (9, [u128::from(first), u128::from(second), 0, 0])
        }
        MarginError::SpreadCreditOutOfBounds { credit, max } => (10, [credit, max, 0, 0]),
        MarginError::LimitOutOfBounds { value, min, max } => (11, [value, min, max, 0]),
        MarginError::Math { underlying, error } => (
            12,
            [
                u128::from(underlying),
                match error {
                    MathError::Overflow => 0,
                    MathError::DivisionByZero => 1,
                    _ => 2,
                },
                0,
                0,
            ],
        ),
        // `OutputTooSmall` cannot happen (buffers are sized from the same ids); `MarginError` is non-exhaustive.
        _ => (13, [0; 4]),
    }
}

/// Writes an engine error.
fn encode_error(w: &mut Writer, e: &MarginError) {
    let (tag, fields) = error_fields(e);
    w.u8(tag);
    for v in fields {
        w.u128(v);
    }
}

/// A decoded calculator response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Response {
    /// The margin (per-underlying breakdowns carry the fields the ABI encodes; the others are zero).
    Margin(Margin),
    /// The Greeks per underlying.
    Greeks(Vec<(u32, NetGreeks)>),
    /// An engine error as [`error_fields`] writes it, for [`engine::error_from_fields`].
    Failed(u8, [u128; 4]),
}

impl Response {
    /// Reads the response of a request of kind `op`; `None` if it is malformed.
    #[must_use]
    pub fn decode(op: u8, bytes: &[u8]) -> Option<Self> {
        let mut r = Reader(bytes);
        let response = match r.u8()? {
            FAILED => {
                let tag = r.u8()?;
                let mut fields = [0u128; 4];
                for v in &mut fields {
                    *v = r.u128()?;
                }
                (usize::from(tag) < ERROR_TAGS).then_some(Self::Failed(tag, fields))?
            }
            OK if op == OP_MARGIN => {
                let mut total = PortfolioMargin {
                    initial_margin: Wad::from_raw(r.u128()?),
                    maintenance_margin: Wad::from_raw(r.u128()?),
                    initial_credit: Wad::from_raw(r.u128()?),
                    maintenance_credit: Wad::from_raw(r.u128()?),
                    mark_to_market: SignedWad::from_raw(r.i128()?),
                    underlyings: 0,
                };
                total.underlyings = r.len()?;
                let mut risks = Vec::with_capacity(total.underlyings);
                for _ in 0..total.underlyings {
                    let mut risk = UnderlyingRisk::EMPTY;
                    risk.underlying = r.u32()?;
                    risk.greeks = read_greeks(&mut r)?;
                    risk.scan_range = Wad::from_raw(r.u128()?);
                    risk.worst_scenario = r.len()?;
                    risk.scan_loss = Wad::from_raw(r.u128()?);
                    risk.initial_margin = Wad::from_raw(r.u128()?);
                    risk.maintenance_margin = Wad::from_raw(r.u128()?);
                    risk.mark_to_market = SignedWad::from_raw(r.i128()?);
                    risk.scenario_count = r.len()?;
                    let slots = risk.scenario_pnl.get_mut(..risk.scenario_count)?;
                    for v in slots {
                        *v = SignedWad::from_raw(r.i128()?);
                    }
                    risks.push(risk);
                }
                Self::Margin(Margin { total, risks })
            }
            OK => {
                let mut greeks = Vec::new();
                for _ in 0..r.len()? {
                    greeks.push((r.u32()?, read_greeks(&mut r)?));
                }
                Self::Greeks(greeks)
            }
            _ => return None,
        };
        r.0.is_empty().then_some(response)
    }
}

/// The calculator program's entry (feature `facet-calculator`): answers [`calculate`]; a malformed request is an
/// empty revert.
#[cfg(feature = "facet-calculator")]
mod program {
    use alloc::vec::Vec;

    use stylus_sdk::{prelude::*, ArbResult};

    #[entrypoint]
    fn calculator_entrypoint(input: Vec<u8>, _host: stylus_sdk::host::VM) -> ArbResult {
        super::calculate(&input).ok_or_else(Vec::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::engine_words;

    #[test]
    fn request_round_trips_and_rejects_trailing_or_missing_bytes() {
        let req = Request {
            op: OP_MARGIN,
            config: Config {
                limits: Limits {
                    max_underlyings: 4,
                    max_positions: 32,
                },
                credit_floor: Wad::from_raw(5),
                now_secs: 1_800_000_000,
            },
            positions: alloc::vec![Position {
                underlying: 1,
                kind: PositionKind::Put,
                expiry_secs: 1_800_086_400,
                strike: Wad::from_raw(9),
                size: SignedWad::from_raw(-3),
            }],
            markets: alloc::vec![MarketData {
                underlying: 1,
                spot: Wad::from_raw(10),
                vol: Wad::from_raw(11),
                rate: SignedWad::from_raw(-12),
            }],
            params: alloc::vec![(1, engine_words(&EngineParams::default()))],
            credits: alloc::vec![(1, 2, Wad::from_raw(13))],
        };
        let bytes = req.encode();
        assert_eq!(Request::decode(&bytes), Some(req));
        assert_eq!(Request::decode(&bytes[..bytes.len() - 1]), None);
        assert_eq!(
            Request::decode(&[bytes.clone(), alloc::vec![0]].concat()),
            None
        );
        assert_eq!(calculate(&bytes[..3]), None);
    }
}
