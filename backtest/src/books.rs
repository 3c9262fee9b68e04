//! The reference books of `docs/capital-efficiency.md` (defined in
//! `contracts/portfolio-netting/examples/capital_efficiency.rs`), rebuilt at every close of a backtest, their
//! margins by risk-math's scenario engine (the code behind PortfolioNetting's `computeMargin`) and their values
//! by Black-76.
//!
//! # Re-hedging rule
//! Every close the book is rebuilt with the reference's moneyness, tenors and notional: one "unit" of an
//! underlying is $100,000 of it (1 BTC at 100,000 in the reference; 25 ETH at 4,000), strikes are the close times
//! the reference's moneyness, expiries whole days after the close; a perp hedge is set to minus the options' net
//! Black-76 delta at the mark vol (exact, not rounded). The book is then held, unchanged, over the margin horizon
//! (one day) and its loss is the revaluation at the next close, at the next close's mark vol, one day closer to
//! expiry.

use ballast_risk_math::{
    portfolio::{Limits, MarketData, Position, PositionKind, MAX_POSITIONS, MAX_UNDERLYINGS},
    scenario::{
        portfolio_margin, underlying_greeks, AggregationParams, MarginError, RiskParams,
        SpreadPair, UnderlyingRisk,
    },
    years_from_secs, EuropeanOption, OptionKind, SignedWad, Underlying, Wad,
};

use crate::data::{from_f64, to_f64};

/// Dollar notional of one unit of an underlying.
pub const UNIT_NOTIONAL: f64 = 100_000.0;

/// Seconds in a day (one observation step).
pub const DAY: u64 = 86_400;

/// Spread credit between the two underlyings (the reference's BTC/ETH 50%).
pub const SPREAD_CREDIT: Wad = Wad::from_raw(500_000_000_000_000_000);

/// The seven reference books.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Book {
    /// Long 10 units perp on venue A, short 10 on venue B (one underlying).
    PerpHedge,
    /// Short 1 ATM 30-day call and put, perp delta hedge.
    Straddle,
    /// Long 1 unit perp, short 1 call at 110%, 30 days.
    CoveredCall,
    /// Short 1 ATM 30-day call, long 1 ATM 90-day call.
    Calendar,
    /// Long 1 unit perp of underlying 1, short 1 unit perp of underlying 2.
    Pair,
    /// Short 1 put at 90%, 30 days.
    NakedPut,
    /// 2 x (15 options + perp hedge), one strip per underlying.
    MarketMaker,
}

impl Book {
    /// Every book, in the order of `docs/capital-efficiency.md`.
    pub const ALL: [Book; 7] = [
        Book::PerpHedge,
        Book::Straddle,
        Book::CoveredCall,
        Book::Calendar,
        Book::Pair,
        Book::NakedPut,
        Book::MarketMaker,
    ];

    /// Short name for tables.
    pub fn name(self) -> &'static str {
        match self {
            Book::PerpHedge => "perp hedge A/B",
            Book::Straddle => "hedged straddle",
            Book::CoveredCall => "covered call",
            Book::Calendar => "calendar",
            Book::Pair => "pair",
            Book::NakedPut => "naked put",
            Book::MarketMaker => "MM book (32)",
        }
    }

    /// File-name form of [`Book::name`].
    pub fn slug(self) -> &'static str {
        match self {
            Book::PerpHedge => "perp_hedge",
            Book::Straddle => "straddle",
            Book::CoveredCall => "covered_call",
            Book::Calendar => "calendar",
            Book::Pair => "pair",
            Book::NakedPut => "naked_put",
            Book::MarketMaker => "mm_book",
        }
    }

    /// Whether the book needs two underlyings.
    pub fn needs_two(self) -> bool {
        matches!(self, Book::Pair | Book::MarketMaker)
    }

    /// The capital-efficiency target (portfolio IM / isolated IM at most this), if it has one: 1/5 for
    /// the delta-hedged books, 1/2 for the cross-venue perp hedge.
    pub fn efficiency_target(self) -> Option<f64> {
        match self {
            Book::Straddle | Book::MarketMaker => Some(0.2),
            Book::PerpHedge => Some(0.5),
            _ => None,
        }
    }
}

/// Market state of up to two underlyings at one close.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Market {
    /// Valuation time (Unix seconds).
    pub now: u64,
    /// Closes.
    pub spot: [f64; 2],
    /// Annualised vol the options are marked (and hedged) at.
    pub mark_vol: [f64; 2],
    /// Annualised vol the margin engine gets (`MarketData.vol`: the on-chain forecast after the
    /// anti-procyclicality controls).
    pub margin_vol: [f64; 2],
}

/// Underlying ids: 1 and 2.
const IDS: [u32; 2] = [1, 2];

fn units(x: f64, spot: f64) -> SignedWad {
    let raw = (x * UNIT_NOTIONAL / spot * 1e18).round();
    SignedWad::from_raw(raw as i128)
}

fn perp(u: usize, size: SignedWad) -> Position {
    Position {
        underlying: IDS[u],
        kind: PositionKind::DeltaOne,
        expiry_secs: 0,
        strike: Wad::ZERO,
        size,
    }
}

fn option(m: &Market, u: usize, kind: PositionKind, moneyness: f64, days: u64, x: f64) -> Position {
    Position {
        underlying: IDS[u],
        kind,
        expiry_secs: m.now + days * DAY,
        strike: from_f64(m.spot[u] * moneyness),
        size: units(x, m.spot[u]),
    }
}

/// Market data the engine sees for underlying `u`: the close and `vol`, rate 0 (perps and options on the spot).
fn market_data(m: &Market, u: usize, vol: f64) -> MarketData {
    MarketData {
        underlying: IDS[u],
        spot: from_f64(m.spot[u]),
        vol: from_f64(vol),
        rate: SignedWad::ZERO,
    }
}

/// Appends the perp that hedges the net Black-76 delta (at the mark vol) of `options` on underlying `u`.
fn hedge(m: &Market, u: usize, options: &mut Vec<Position>) -> Result<(), MarginError> {
    let g = underlying_greeks(options, &market_data(m, u, m.mark_vol[u]), m.now)?;
    let size = SignedWad::from_raw(-g.delta.raw());
    if size.raw() != 0 {
        options.push(perp(u, size));
    }
    Ok(())
}

/// The 15-option strip of `capital_efficiency.rs` on underlying `u`: 3 expiries x 5 strikes, puts below spot
/// (and the 30-day ATM), calls above, sides and sizes alternating.
fn option_strip(m: &Market, u: usize) -> Vec<Position> {
    let mut options = Vec::new();
    let mut i = 0i32;
    for days in [7u64, 30, 90] {
        for moneyness in [90u32, 95, 100, 105, 110] {
            let kind = if moneyness < 100 || (moneyness == 100 && days == 30) {
                PositionKind::Put
            } else {
                PositionKind::Call
            };
            let side = if i % 3 == 1 { 1.0 } else { -1.0 };
            let size = side * f64::from(1 + i % 2) / 2.0;
            options.push(option(m, u, kind, f64::from(moneyness) / 100.0, days, size));
            i += 1;
        }
    }
    options
}

/// Builds `book` at the market `m` (see the module docs).
///
/// # Errors
/// An engine error from the hedge's Greeks (never for the reference books at positive prices and vols).
pub fn build(book: Book, m: &Market) -> Result<Vec<Position>, MarginError> {
    use PositionKind::{Call, Put};
    let mut p = match book {
        Book::PerpHedge => vec![
            perp(0, units(10.0, m.spot[0])),
            perp(0, units(-10.0, m.spot[0])),
        ],
        Book::Straddle => vec![
            option(m, 0, Call, 1.0, 30, -1.0),
            option(m, 0, Put, 1.0, 30, -1.0),
        ],
        Book::CoveredCall => vec![
            perp(0, units(1.0, m.spot[0])),
            option(m, 0, Call, 1.1, 30, -1.0),
        ],
        Book::Calendar => vec![
            option(m, 0, Call, 1.0, 30, -1.0),
            option(m, 0, Call, 1.0, 90, 1.0),
        ],
        Book::Pair => vec![
            perp(0, units(1.0, m.spot[0])),
            perp(1, units(-1.0, m.spot[1])),
        ],
        Book::NakedPut => vec![option(m, 0, Put, 0.9, 30, -1.0)],
        Book::MarketMaker => {
            let mut all = Vec::new();
            for u in 0..2 {
                let mut strip = option_strip(m, u);
                hedge(m, u, &mut strip)?;
                all.extend(strip);
            }
            all
        }
    };
    if book == Book::Straddle {
        hedge(m, 0, &mut p)?;
    }
    Ok(p)
}

/// Initial and maintenance margin in dollars.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Margins {
    /// Initial margin.
    pub im: f64,
    /// Maintenance margin.
    pub mm: f64,
}

/// Portfolio margin of `positions` by the scenario engine with `params` for every underlying, the spread credit
/// between underlyings 1 and 2, the default credit floor and the hard-cap limits.
///
/// # Errors
/// The engine's.
pub fn margin(
    positions: &[Position],
    m: &Market,
    params: &RiskParams,
) -> Result<Margins, MarginError> {
    let markets = [
        market_data(m, 0, m.margin_vol[0]),
        market_data(m, 1, m.margin_vol[1]),
    ];
    let pairs = [SpreadPair {
        first: IDS[0],
        second: IDS[1],
        credit: SPREAD_CREDIT,
    }];
    let agg = AggregationParams {
        spread_pairs: &pairs,
        limits: Limits {
            max_underlyings: MAX_UNDERLYINGS as u32,
            max_positions: MAX_POSITIONS as u32,
        },
        ..AggregationParams::default()
    };
    let mut out = [UnderlyingRisk::EMPTY; 2];
    let r = portfolio_margin(
        positions,
        &markets,
        |_| Some(*params),
        &agg,
        m.now,
        &mut out,
    )?;
    Ok(Margins {
        im: to_f64(r.initial_margin),
        mm: to_f64(r.maintenance_margin),
    })
}

/// Isolated margin: each position margined alone, summed.
///
/// # Errors
/// The engine's.
pub fn isolated(
    positions: &[Position],
    m: &Market,
    params: &RiskParams,
) -> Result<Margins, MarginError> {
    let mut sum = Margins::default();
    for p in positions {
        let one = margin(core::slice::from_ref(p), m, params)?;
        sum.im += one.im;
        sum.mm += one.mm;
    }
    Ok(sum)
}

/// Value of `positions` in dollars at the market `m` (perps at the close, options by Black-76 on the close as
/// forward, rate 0, at the mark vol).
///
/// # Panics
/// If an option has expired at `m.now` (the books' tenors are at least 7 days and held one day).
pub fn value(positions: &[Position], m: &Market) -> f64 {
    positions
        .iter()
        .map(|p| {
            let u = usize::from(p.underlying == IDS[1]);
            let size = p.size.raw() as f64 / 1e18;
            let unit_value = match p.kind {
                PositionKind::DeltaOne => m.spot[u],
                PositionKind::Call | PositionKind::Put => {
                    let opt = EuropeanOption {
                        kind: if p.kind == PositionKind::Call {
                            OptionKind::Call
                        } else {
                            OptionKind::Put
                        },
                        underlying: Underlying::Forward(from_f64(m.spot[u])),
                        strike: p.strike,
                        expiry_years: years_from_secs(p.expiry_secs, m.now).expect("option alive"),
                        vol: from_f64(m.mark_vol[u]),
                        rate: SignedWad::ZERO,
                    };
                    to_f64(opt.price().expect("Black-76 price of a reference option"))
                }
            };
            size * unit_value
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference market of `docs/capital-efficiency.md`: BTC 100,000 at 50%, ETH 4,000 at 70%.
    fn reference() -> Market {
        Market {
            now: 1_800_000_000,
            spot: [100_000.0, 4_000.0],
            mark_vol: [0.5, 0.7],
            margin_vol: [0.5, 0.7],
        }
    }

    /// The backtest's books at the reference market give the figures of `docs/capital-efficiency.md` (the
    /// document rounds hedges to 0.001 BTC; here they are exact, so a few dollars may differ).
    #[test]
    fn books_at_the_reference_market_reproduce_the_capital_efficiency_table() {
        let m = reference();
        let p = RiskParams::default();
        let expected = [
            (Book::PerpHedge, 350_000.0, 30_000.0),
            (Book::Straddle, 27_239.0, 11_422.0),
            (Book::CoveredCall, 29_518.0, 16_257.0),
            (Book::Calendar, 21_045.0, 2_144.0),
            (Book::Pair, 35_000.0, 27_000.0),
            (Book::NakedPut, 10_112.0, 10_112.0),
            (Book::MarketMaker, 241_924.0, 38_383.0),
        ];
        for (book, iso, im) in expected {
            let positions = build(book, &m).unwrap();
            let got_iso = isolated(&positions, &m, &p).unwrap().im;
            let got = margin(&positions, &m, &p).unwrap().im;
            assert!(
                (got_iso - iso).abs() <= 0.002 * iso,
                "{book:?} isolated {got_iso} vs {iso}"
            );
            assert!((got - im).abs() <= 0.002 * im, "{book:?} IM {got} vs {im}");
        }
    }

    #[test]
    fn hedged_books_are_delta_neutral_and_value_moves_with_the_market() {
        let m = reference();
        let book = build(Book::Straddle, &m).unwrap();
        let up = Market {
            spot: [100_010.0, 4_000.0],
            ..m
        };
        let down = Market {
            spot: [99_990.0, 4_000.0],
            ..m
        };
        // Central difference of a delta-neutral book: tiny compared with one option's delta x 10 ($5,000).
        let d = (value(&book, &up) - value(&book, &down)) / 20.0;
        assert!(d.abs() < 1e-3, "net delta {d}");
        let perps = build(Book::PerpHedge, &m).unwrap();
        assert!(value(&perps, &up).abs() < 1e-6);
    }
}
