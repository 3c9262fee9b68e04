//! Generates an alloy `sol!` binding for every contract ABI in `json/` (written by scripts/check-abi.sh), so a
//! contract's binding appears as soon as its ABI is committed and is never declared by hand.

use std::{env, fmt::Write as _, fs, path::Path};

fn main() {
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let json_dir = Path::new(&manifest_dir).join("json");
    println!("cargo:rerun-if-changed={}", json_dir.display());

    let mut contracts: Vec<(String, String)> = Vec::new();
    if json_dir.is_dir() {
        for entry in fs::read_dir(&json_dir).expect("json/ is readable") {
            let path = entry.expect("json/ entry").path();
            if path.extension().is_some_and(|ext| ext == "json") {
                println!("cargo:rerun-if-changed={}", path.display());
                let stem = path
                    .file_stem()
                    .expect("file name")
                    .to_string_lossy()
                    .into_owned();
                contracts.push((stem, path.display().to_string()));
            }
        }
    }
    contracts.sort();

    let attrs = if env::var_os("CARGO_FEATURE_RPC").is_some() {
        "all_derives, rpc"
    } else {
        "all_derives"
    };
    let mut code = String::new();
    for (name, path) in &contracts {
        writeln!(code, "alloy_sol_types::sol!(\n    #[sol({attrs})]\n    #[doc = \"Binding of `abi/json/{name}.json`: the ABI the {name} contract's Rust code exports.\"]\n    I{name},\n    {path:?}\n);").unwrap();
    }
    writeln!(
        code,
        "/// Every contract binding generated from `abi/json/`, with the JSON it came from."
    )
    .unwrap();
    writeln!(code, "pub const CONTRACT_ABIS: &[ContractAbi] = &[").unwrap();
    for (name, path) in &contracts {
        let json = fs::read_to_string(path).expect("ABI file is readable");
        // sol! generates the calls/errors/events enums only for interfaces that have such items.
        let selectors = |kind: &str, enum_suffix: &str| {
            if json.contains(&format!("\"type\": \"{kind}\"")) {
                format!("I{name}::I{name}{enum_suffix}::SELECTORS")
            } else {
                "&[]".to_owned()
            }
        };
        writeln!(
            code,
            "    ContractAbi {{ name: {name:?}, json: include_str!({path:?}), function_selectors: {}, error_selectors: {}, event_topics: {} }},",
            selectors("function", "Calls"),
            selectors("error", "Errors"),
            selectors("event", "Events"),
        )
        .unwrap();
    }
    writeln!(code, "];").unwrap();

    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("contracts.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
