//! Prints the PortfolioNetting Solidity interface as stylus-sdk exports it (`--features export-abi`; see
//! scripts/check-abi.sh).
#![cfg_attr(not(feature = "export-abi"), no_main)]

#[cfg(feature = "export-abi")]
fn main() {
    ballast_portfolio_netting::print_from_args();
}
