//! Prints the InsuranceFund Solidity interface (`--features export-abi`).
#![cfg_attr(not(feature = "export-abi"), no_main)]

#[cfg(feature = "export-abi")]
fn main() {
    ballast_insurance_fund::print_from_args();
}
