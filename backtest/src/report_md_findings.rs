//! The hand-written reading of the results. It quotes the committed tables; whoever changes the engine, the
//! data or the calibrations re-reads it against the regenerated report (the CI-sized test pins the figures it
//! relies on: `tests/backtest.rs`).

/// Findings, the defaults, and the limitations.
pub(crate) const FINDINGS: &str = "\
## Findings

- **Coverage on real data: far more conservative than stated.** With the defaults no S&P 500 or NASDAQ book
  breached its MM on any of 4,780 days (2000-2018: the dot-com crash, 2008, 2010, 2011, 2015, 2018), and WTI's
  option books breached on 2-6 of 8,070 days (at most 0.07%). The Kupiec test therefore rejects, but for *too
  few* breaches: the 16% scan-range floor is about 13 daily standard deviations of the S&P 500. Without the
  floor (`vol-driven`) the forecast sets the margin and the equity books still breach on at most 3 days
  (0.06%), WTI's on at most 6: the multiplier with its 25% buffer, the vol-up shock and the stressed-vol blend
  cover these markets with room to spare.
- **Coverage on BTC/ETH-like paths: at the stated level, except the short straddle.** On the simulated
  GARCH-t-with-jumps paths the market-maker book (0.40%), the naked put (0.30%) and the covered call (0.25%)
  stay within 0.5% with the Kupiec test not rejecting for too many breaches; the delta-hedged short straddle
  breaches on 0.65% of days (Kupiec p = 0.20, so not a statistical rejection, but above the target). Its
  breaches are days on which the mark vol rose by more than the engine's vol-up shock (+50% at 30 days) or
  the move left the scan range (`tests/backtest.rs` asserts that every breach has one of these causes): in
  these paths the implied vol is the GARCH conditional vol, which jumps by `α·r²` after a large move.
- **Crashes.** The March 2020 replay's one-day −47% (BTC, log) is beyond the grid by design (the core grid
  reaches ±R, the tail scenarios are dampened): every short-option book loses 3.7-5.9x its MM that day (ES
  adequacy above 1), and IM, not only MM, is breached. In the November 2022 replay the first crash day (−12%,
  implied vol x2.4 from a calm 40%) breaches the straddle, the covered call, the naked put and the market-maker
  book, and a −14% day of the simulated aftermath (implied vol x2.1) the straddle and the market-maker book
  again. Every MM breach of a one-underlying book under the defaults, on every data set, is on a day whose
  move left the scan range or whose mark vol rose by more than the +50% vol-up shock (WTI's worst, 17 January
  1991, was both: −41% log and x2.8); the CI test checks this for every book over its windows. Losses beyond
  margin are what liquidation and the InsuranceFund exist for; the backtest does not model them.
- **Capital efficiency.** The cross-venue perp hedge pays 7-10% of its isolated margin (target 1/2: met);
  the market-maker book 0.16 at crypto vols (target 1/5: met) but 0.22 at equity vols under the 16% floor
  (0.21 without it: missed there); the delta-hedged straddle 0.42-0.45 everywhere (target 1/5: missed). The
  straddle's miss is structural: its worst scenario is one leg's worst scenario plus the other leg's vega
  loss, and the legs' isolated margins are each close to their own worst scenario, so netting the two legs
  can save at most about half; no parameter within its bounds changes that without under-margining the legs.
- **Procyclicality.** With the defaults the peak IM is 1.1-1.6x the median on equities (the floor holds the
  margin still) and 1.8-2.7x on the simulated crypto; without the floor 2.1-3.5x. The stressed-vol blend
  (weight 0.25, the worst 30-day vol so far) keeps the margin from falling back to calm levels after a
  crisis, which is visible in the 2008 chart.
- **Forecasts.** The on-chain GARCH has the lowest QLIKE on every data set, and the lowest MSE on all but WTI
  (EWMA 0.3% lower) and the March 2020 replay (where one −47% day dominates any squared-error score). On the
  S&P 500 from 2014 it scores better than VIX on QLIKE and worse on MSE. EWMA beats the constant baseline
  on QLIKE everywhere.
- **GARCH check.** risk-math's GARCH reproduces `arch` to 1.2e-12 relative on every day of all three series.

## The defaults

- `volMultiplier` 4.0625 (99.5% t(4) with the 25% buffer) is justified by the crypto simulation: books with
  one-sided or hedged risk breach at 0.25-0.40%, below the stated 0.5%, without the Kupiec test rejecting.
- `scanRangeFloor` 16% does not bind at BTC/ETH vols (the default and `vol-driven` runs of the crypto data sets
  differ by at most one breach) and makes the margin of a low-vol underlying an order of magnitude more
  conservative than stated. It is a per-underlying parameter: listing an equity-like or commodity-like
  underlying should come with a lower floor (the `vol-driven` run shows 1% still covers those series).
  Unchanged here: the protocol margins BTC/ETH-like underlyings.
- `volUpShock` 0.5 is the one default these results question: the straddle's misses on simulated and replayed
  crypto are implied-vol jumps above +50% in a day. Not changed, because the implied-vol path here is an
  assumption (the GARCH conditional vol), not data; calibrating the shock needs a history of crypto implied
  vols (for example a DVOL series), which no package here ships. Recommended as follow-up.
- `tailDampening` 0.77 leaves a one-day −47% move under-margined by design; covering it would multiply every
  option margin for an event the backtest sees once.
- The anti-procyclicality weight 0.25 and the stressed-vol window are MarginRegistry parameters; at 0.25 the
  2008 margin rises 2-3x (`vol-driven`) and decays slowly afterwards, as intended.

## Limitations

- The real series stand in for crypto underlyings; their option books are marked at the GARCH forecast, not at
  traded implied vols (none ship with the data before 2014). The GARCH parameters are full-sample fits.
- The books are rebuilt every close at constant moneyness and notional (a constant-maturity book): path effects
  of holding one option series to expiry are not measured.
- One observation is one day of the model's clock; a weekend is not a longer horizon.
- The crypto paths are simulated and the replays stylised; their calibrations are assumptions stated above,
  except the BTC GARCH parameters, which come from a published fit.
";
