//! Prints the MarginRegistry Solidity interface (`--features export-abi`).
#![cfg_attr(not(feature = "export-abi"), no_main)]

#[cfg(feature = "export-abi")]
fn main() {
    ballast_margin_registry::print_from_args();
}
