//! The hand-written reading of the results (checked against the tables of the committed report).

/// Findings, defaults and limitations.
pub(crate) const FINDINGS: &str = "## Findings\n\nTODO\n";
