//! Prints the PortfolioNetting Solidity interface (`--features export-abi`): the router's functions, then the
//! margin views' (scripts/check-abi.sh merges them into one interface).
#![cfg_attr(not(feature = "export-abi"), no_main)]

#[cfg(feature = "export-abi")]
fn main() {
    ballast_portfolio_netting::print_from_args();
    ballast_portfolio_netting::views::print_from_args();
}
