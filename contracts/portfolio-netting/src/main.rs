//! Prints the PortfolioNetting Solidity interface (`--features export-abi`).
#![cfg_attr(not(feature = "export-abi"), no_main)]

#[cfg(feature = "export-abi")]
fn main() {
    ballast_portfolio_netting::print_from_args();
}
