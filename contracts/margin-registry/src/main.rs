//! Prints the MarginRegistry Solidity interface (`--features export-abi`): the router's functions,
//! then each facet's; together they are `IMarginRegistry`.
#![cfg_attr(not(feature = "export-abi"), no_main)]

#[cfg(feature = "export-abi")]
fn main() {
    use ballast_margin_registry::facets::{
        AccountsFacet, AdminFacet, MarginFacet, MarketFacet, RiskFacet, TradeFacet,
    };
    use stylus_sdk::abi::export::print_from_args;

    ballast_margin_registry::print_from_args();
    print_from_args::<MarginFacet>();
    print_from_args::<TradeFacet>();
    print_from_args::<RiskFacet>();
    print_from_args::<AccountsFacet>();
    print_from_args::<AdminFacet>();
    print_from_args::<MarketFacet>();
}
