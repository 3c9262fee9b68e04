//! The Markdown of `docs/risk-validation.md`.

use std::fmt::Write as _;

use crate::report::Results;

/// Renders the report.
pub(crate) fn markdown(r: &Results) -> String {
    let mut s = String::new();
    for e in &r.evaluations {
        let _ = writeln!(s, "\n### {} ({})\n", e.dataset, e.config);
        let _ = writeln!(s, "| book | days | MM breaches | IM breaches | Kupiec p | ES | IM/iso | peak/median |");
        let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|---:|---:|");
        for (b, _) in &e.books {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {:.3} | {:.3} | {:.3} | {:.2} |",
                b.book.name(), b.days, b.mm.breaches, b.im.breaches, b.mm.p_value, b.es_ratio, b.efficiency, b.procyclicality
            );
        }
    }
    for (name, f) in &r.forecasts {
        let _ = writeln!(s, "\n{name}");
        for (m, l) in f {
            let _ = writeln!(s, "- {m}: QLIKE {:.4} MSE {:.3e} ({} days)", l.qlike, l.mse, l.days);
        }
    }
    let _ = writeln!(s, "\nVIX: {} days GARCH {:?} VIX {:?}", r.vix.0, r.vix.1, r.vix.2);
    for g in &r.garch {
        let _ = writeln!(s, "\n{:?}", g);
    }
    s
}
