//! Economic properties of the margin views (the property tests): hedged <= sum of isolated, monotone in
//! size, symmetry, dry run with the stored parameters = compute.

use super::*;

/// A random position on BTC or ETH with strikes near spot and expiries from 1 to 120 days.
fn any_position() -> impl Strategy<Value = Position> {
    (0u32..2, 0u8..3, 1u64..120, 70u128..130, -20i128..=20).prop_map(
        |(u, kind, days, moneyness, size)| {
            let (id, spot) = if u == 0 { (BTC, 100_000) } else { (ETH, 4_000) };
            let size = if size == 0 { 1 } else { size };
            if kind == 0 {
                perp(id, size)
            } else {
                option(id, kind, spot * moneyness / 100, days, size)
            }
        },
    )
}

fn any_book(max: usize) -> impl Strategy<Value = Vec<Position>> {
    prop::collection::vec(any_position(), 1..=max)
}

fn scaled(book: &[Position], factor: i128) -> Vec<Position> {
    book.iter()
        .map(|p| Position {
            size: p.size * I256::try_from(factor).unwrap(),
            ..p.clone()
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Hedged <= sum of isolated: the margin of A + B never exceeds margin(A) + margin(B), with and without a
    /// spread credit between BTC and ETH.
    #[test]
    fn margin_of_combined_book_is_at_most_sum_of_parts(a in any_book(12), b in any_book(12), credit in prop::bool::ANY) {
        let (_, mut c) = deployed();
        if credit {
            c.set_spread_credit(BTC, ETH, bps(5_000)).unwrap();
        }
        let both: Vec<Position> = a.iter().chain(&b).cloned().collect();
        let (ma, mb, mab) = (margin(&c, &a), margin(&c, &b), margin(&c, &both));
        // A few wei of conservative rounding per position may be added.
        let tolerance = U256::from(1_000);
        prop_assert!(mab.initialMargin <= ma.initialMargin + mb.initialMargin + tolerance);
        prop_assert!(mab.maintenanceMargin <= ma.maintenanceMargin + mb.maintenanceMargin + tolerance);
    }

    /// Margin is monotone in size: scaling every position by 2 or 3 never lowers IM or MM.
    #[test]
    fn margin_is_monotone_in_size(book in any_book(10), factor in 2i128..4) {
        let (_, c) = deployed();
        let small = margin(&c, &book);
        let large = margin(&c, &scaled(&book, factor));
        prop_assert!(large.initialMargin >= small.initialMargin);
        prop_assert!(large.maintenanceMargin >= small.maintenanceMargin);
    }

    /// Symmetry: the order of positions and the labels of underlyings (same parameters and market data) do not
    /// change the margin.
    #[test]
    fn margin_is_invariant_under_reordering_and_relabeling(book in any_book(10), seed in 0usize..1000) {
        let (_, mut c) = deployed();
        c.set_risk_params(SOL, default_params()).unwrap();
        let base = margin(&c, &book);
        let mut shuffled = book.clone();
        let n = shuffled.len();
        shuffled.rotate_left(seed % n);
        shuffled.reverse();
        let r = margin(&c, &shuffled);
        prop_assert_eq!(r.initialMargin, base.initialMargin);
        prop_assert_eq!(r.maintenanceMargin, base.maintenanceMargin);
        // BTC relabelled as SOL with BTC's market data.
        let relabelled: Vec<Position> =
            book.iter().map(|p| Position { underlying: if p.underlying == BTC { SOL } else { p.underlying }, ..p.clone() }).collect();
        let md = vec![market(SOL, 100_000, 5_000), market(ETH, 4_000, 7_000)];
        let r = c.compute_margin(relabelled, md).unwrap();
        prop_assert_eq!(r.initialMargin, base.initialMargin);
        prop_assert_eq!(r.maintenanceMargin, base.maintenanceMargin);
    }

    /// Symmetry of the grid: a long and a short delta-one position of the same size get the same margin.
    #[test]
    fn margin_is_symmetric_for_long_and_short_delta_one(size in 1i128..1_000, eth in prop::bool::ANY) {
        let (_, c) = deployed();
        let id = if eth { ETH } else { BTC };
        let long = margin(&c, &[perp(id, size)]);
        let short = margin(&c, &[perp(id, -size)]);
        prop_assert_eq!(long.initialMargin, short.initialMargin);
        prop_assert_eq!(long.maintenanceMargin, short.maintenanceMargin);
    }

    /// Dry run with the stored parameters proposed equals compute.
    #[test]
    fn dry_run_with_stored_params_equals_compute(book in any_book(16)) {
        let (_, c) = deployed();
        let proposed = vec![
            ProposedParams { underlying: BTC, params: c.risk_params(BTC).unwrap() },
            ProposedParams { underlying: ETH, params: c.risk_params(ETH).unwrap() },
        ];
        let dry = c.dry_run_margin(book.clone(), markets(), proposed).unwrap();
        prop_assert_eq!(dry, margin(&c, &book));
    }
}
