//! WASM cost harness for ballast-risk-math (built by scripts/wasm-cost-risk-math.sh, never part of a contract):
//! each export runs one operation on fixed inputs hidden behind `black_box`, so wabt's `wasm-interp --trace`
//! counts the instructions one call executes. Feature `math` exports everything, `price-only` just the Black-76
//! price, none of them only a no-op (the size baseline).
#![no_std]
#[cfg(any(feature = "math", feature = "price-only"))]
use ballast_risk_math::*;
use core::hint::black_box;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

#[no_mangle]
pub extern "C" fn bench_noop() -> i64 {
    black_box(7i64)
}

#[cfg(any(feature = "math", feature = "price-only"))]
fn option() -> EuropeanOption {
    EuropeanOption {
        kind: black_box(OptionKind::Call),
        underlying: Underlying::Forward(Wad::from_raw(black_box(3_000_000_000_000_000_000_000))),
        strike: Wad::from_raw(black_box(3_200_000_000_000_000_000_000)),
        expiry_years: Wad::from_raw(black_box(82_191_780_821_917_808)),
        vol: Wad::from_raw(black_box(650_000_000_000_000_000)),
        rate: SignedWad::from_raw(black_box(50_000_000_000_000_000)),
    }
}

#[cfg(any(feature = "math", feature = "price-only"))]
#[no_mangle]
pub extern "C" fn bench_price() -> i64 {
    option().price().map(|p| p.raw() as i64).unwrap_or(-1)
}

#[cfg(feature = "math")]
#[no_mangle]
pub extern "C" fn bench_price_zero_rate() -> i64 {
    let mut o = option();
    o.rate = SignedWad::ZERO;
    o.price().map(|p| p.raw() as i64).unwrap_or(-1)
}

#[cfg(feature = "math")]
#[no_mangle]
pub extern "C" fn bench_greeks() -> i64 {
    option()
        .greeks()
        .map(|g| g.gamma.raw() as i64 ^ g.theta.raw() as i64)
        .unwrap_or(-1)
}

#[cfg(feature = "math")]
#[no_mangle]
pub extern "C" fn bench_spot_greeks() -> i64 {
    let mut o = option();
    o.underlying = Underlying::Spot(Wad::from_raw(black_box(3_000_000_000_000_000_000_000)));
    o.greeks()
        .map(|g| g.gamma.raw() as i64 ^ g.theta.raw() as i64)
        .unwrap_or(-1)
}

#[cfg(feature = "math")]
#[no_mangle]
pub extern "C" fn bench_exp() -> i64 {
    exp(SignedWad::from_raw(black_box(1_234_567_890_123_456_789)))
        .map(|w| w.raw() as i64)
        .unwrap_or(-1)
}

#[cfg(feature = "math")]
#[no_mangle]
pub extern "C" fn bench_ln() -> i64 {
    ln(Wad::from_raw(black_box(1_234_567_890_123_456_789_000)))
        .map(|w| w.raw() as i64)
        .unwrap_or(-1)
}

#[cfg(feature = "math")]
#[no_mangle]
pub extern "C" fn bench_cdf() -> i64 {
    norm_cdf(SignedWad::from_raw(black_box(-1_234_567_890_123_456_789))).raw() as i64
}

#[cfg(feature = "math")]
#[no_mangle]
pub extern "C" fn bench_sqrt() -> i64 {
    sqrt(
        Wad::from_raw(black_box(1_234_567_890_123_456_789_000)),
        RoundMode::Down,
    )
    .raw() as i64
}

#[cfg(feature = "math")]
#[no_mangle]
pub extern "C" fn bench_pow() -> i64 {
    pow(
        Wad::from_raw(black_box(940_000_000_000_000_000)),
        SignedWad::from_raw(black_box(2_500_000_000_000_000_000)),
    )
    .map(|w| w.raw() as i64)
    .unwrap_or(-1)
}

#[cfg(feature = "math")]
#[no_mangle]
pub extern "C" fn bench_mul_div() -> i64 {
    mul_div(
        black_box(u128::MAX / 3),
        black_box(u128::MAX / 5),
        black_box(u128::MAX / 4),
        RoundMode::Up,
    )
    .map(|w| w as i64)
    .unwrap_or(-1)
}

// Whole-portfolio margins and net Greeks (the two engine entry points PortfolioNetting links): the portfolios
// of `contracts/portfolio-netting/examples/gas_bench.rs` (BTC 100,000 at 50% vol, ETH 4,000 at 70%, rate 0,
// default parameters, a 50% BTC/ETH spread credit), so the counts here and the devnet gas there describe the
// same work.
#[cfg(any(feature = "math", feature = "engine"))]
mod margin {
    use ballast_risk_math::portfolio::{Limits, MarketData, Position, PositionKind};
    use ballast_risk_math::scenario::{
        portfolio_margin, underlying_greeks, AggregationParams, RiskParams, SpreadPair, UnderlyingRisk,
    };
    use ballast_risk_math::{SignedWad, Wad};
    use core::hint::black_box;

    const WAD: u128 = 1_000_000_000_000_000_000;
    const NOW: u64 = 1_800_000_000;
    const DAY: u64 = 86_400;
    const BTC: u32 = 1;
    const ETH: u32 = 2;

    fn milli(x: i128) -> SignedWad {
        SignedWad::from_raw(x * (WAD as i128 / 1_000))
    }

    fn option(underlying: u32, put: bool, strike: u128, days: u64, size_milli: i128) -> Position {
        Position {
            underlying,
            kind: if put { PositionKind::Put } else { PositionKind::Call },
            expiry_secs: NOW + days * DAY,
            strike: Wad::from_raw(strike * WAD),
            size: milli(size_milli),
        }
    }

    fn perp(underlying: u32, size_milli: i128) -> Position {
        Position {
            underlying,
            kind: PositionKind::DeltaOne,
            expiry_secs: 0,
            strike: Wad::ZERO,
            size: milli(size_milli),
        }
    }

    /// The gas bench's 15-option strip (3 expiries x 5 strikes, calls above / puts below spot, mixed sides).
    fn strip(out: &mut [Position], id: u32, spot: u128, unit_milli: i128) {
        let mut i = 0usize;
        for days in [7u64, 30, 90] {
            for moneyness in [90u128, 95, 100, 105, 110] {
                let put = moneyness < 100 || (moneyness == 100 && days == 30);
                let side = if i % 3 == 1 { 1 } else { -1 };
                let size = side * unit_milli * (1 + (i % 2) as i128) / 2;
                out[i] = option(id, put, spot * moneyness / 100, days, size);
                i += 1;
            }
        }
    }

    fn market(underlying: u32, spot: u128, vol_pct: u128) -> MarketData {
        MarketData {
            underlying,
            spot: Wad::from_raw(black_box(spot * WAD)),
            vol: Wad::from_raw(vol_pct * WAD / 100),
            rate: SignedWad::ZERO,
        }
    }

    /// Result slots and the decoded portfolio: the contract keeps both on the heap, so they are not on the
    /// measured stack here either.
    static mut OUT: [UnderlyingRisk; 8] = [UnderlyingRisk::EMPTY; 8];
    static mut POSITIONS: [Position; 64] = [Position {
        underlying: 0,
        kind: PositionKind::DeltaOne,
        expiry_secs: 0,
        strike: Wad::ZERO,
        size: SignedWad::ZERO,
    }; 64];

    /// Returns the first `n` slots of the static portfolio buffer.
    fn positions(n: usize) -> &'static mut [Position] {
        // SAFETY: single-threaded WASM; each export takes this reference once and drops it before returning.
        unsafe { &mut (&mut *core::ptr::addr_of_mut!(POSITIONS))[..n] }
    }

    pub(crate) fn run(positions: &[Position]) -> i64 {
        let mut markets = [market(BTC, 100_000, 50); 8];
        markets[1] = market(ETH, 4_000, 70);
        for (i, m) in markets.iter_mut().enumerate().skip(2) {
            *m = market(i as u32 + 1, 1_000, 40 + 5 * i as u128);
        }
        let pairs = [SpreadPair {
            first: BTC,
            second: ETH,
            credit: Wad::from_raw(WAD / 2),
        }];
        let agg = AggregationParams {
            spread_pairs: &pairs,
            limits: Limits {
                max_underlyings: 8,
                max_positions: 64,
            },
            ..AggregationParams::default()
        };
        // SAFETY: single-threaded WASM; the only reference to OUT lives for this call.
        let out = unsafe { &mut *core::ptr::addr_of_mut!(OUT) };
        portfolio_margin(
            black_box(positions),
            &markets,
            |_| Some(RiskParams::default()),
            &agg,
            NOW,
            out,
        )
        .map(|m| m.initial_margin.raw() as i64)
        .unwrap_or(-1)
    }

    /// 1 position: a short 30-day BTC put.
    pub(crate) fn one() -> i64 {
        run(&[option(BTC, true, 90_000, 30, -1_000)])
    }

    /// 8 positions: the first 8 options of the BTC strip.
    pub(crate) fn eight() -> i64 {
        let p = positions(15);
        strip(p, BTC, 100_000, 1_000);
        run(&p[..8])
    }

    /// 32 positions: per underlying the 15-option strip and a perp hedging its delta (the gas bench's
    /// market-maker book; hedge sizes are what its native engine computes: +0.998 BTC, +27.233 ETH).
    pub(crate) fn thirty_two() -> i64 {
        let p = positions(32);
        strip(&mut p[..15], BTC, 100_000, 1_000);
        p[15] = perp(BTC, 998);
        strip(&mut p[16..31], ETH, 4_000, 25_000);
        p[31] = perp(ETH, 27_233);
        run(p)
    }

    /// 8 positions on 2 underlyings: the first 4 options of each half of the 32-position book.
    pub(crate) fn eight_two() -> i64 {
        let p = positions(23);
        strip(&mut p[..15], BTC, 100_000, 1_000);
        strip(&mut p[4..19], ETH, 4_000, 25_000);
        run(&p[..8])
    }

    /// 32 perpetuals, 16 per underlying (the gas bench's delta-one book).
    pub(crate) fn thirty_two_perps() -> i64 {
        let p = positions(32);
        for (i, slot) in p.iter_mut().enumerate() {
            *slot = perp(if i < 16 { BTC } else { ETH }, 1_000 + i as i128);
        }
        run(p)
    }

    /// Net Greeks of the BTC half of the 32-position book (the contract's `portfolioGreeks` view).
    pub(crate) fn greeks_32() -> i64 {
        let p = positions(16);
        strip(&mut p[..15], BTC, 100_000, 1_000);
        p[15] = perp(BTC, 998);
        underlying_greeks(black_box(p), &market(BTC, 100_000, 50), NOW)
            .map(|g| g.gamma.raw() as i64 ^ g.theta.raw() as i64)
            .unwrap_or(-1)
    }

    /// 64 positions on 8 underlyings (7 options and a perp each): the hard caps, for the peak stack.
    pub(crate) fn sixty_four() -> i64 {
        let p = positions(64);
        for u in 0..8usize {
            let spot = if u == 0 { 100_000 } else if u == 1 { 4_000 } else { 1_000 };
            // The strip fills 15 slots; the 8th onwards are overwritten by the next underlying (or stay unused).
            let end = (8 * u + 15).min(64);
            if end - 8 * u == 15 {
                strip(&mut p[8 * u..end], u as u32 + 1, spot, 1_000);
            } else {
                let mut last = [perp(BTC, 1); 15];
                strip(&mut last, u as u32 + 1, spot, 1_000);
                p[8 * u..8 * u + 7].copy_from_slice(&last[..7]);
            }
            p[8 * u + 7] = perp(u as u32 + 1, 500);
        }
        run(p)
    }
}

#[cfg(any(feature = "math", feature = "engine"))]
#[no_mangle]
pub extern "C" fn bench_margin_1() -> i64 {
    margin::one()
}

#[cfg(any(feature = "math", feature = "engine"))]
#[no_mangle]
pub extern "C" fn bench_margin_8() -> i64 {
    margin::eight()
}

#[cfg(any(feature = "math", feature = "engine"))]
#[no_mangle]
pub extern "C" fn bench_margin_32() -> i64 {
    margin::thirty_two()
}

#[cfg(any(feature = "math", feature = "engine"))]
#[no_mangle]
pub extern "C" fn bench_margin_8_two_underlyings() -> i64 {
    margin::eight_two()
}

#[cfg(any(feature = "math", feature = "engine"))]
#[no_mangle]
pub extern "C" fn bench_margin_32_perps() -> i64 {
    margin::thirty_two_perps()
}

#[cfg(any(feature = "math", feature = "engine"))]
#[no_mangle]
pub extern "C" fn bench_net_greeks_16() -> i64 {
    margin::greeks_32()
}

#[cfg(any(feature = "math", feature = "engine"))]
#[no_mangle]
pub extern "C" fn bench_margin_64x8() -> i64 {
    margin::sixty_four()
}
