//! `rust-abi-interface`: writes the Solidity interface that a Stylus contract crate's Rust code exports.
//!
//! ```text
//! cargo run -p <contract> --features export-abi --bin <contract>-abi \
//!   | cargo run -p ballast-abi --features export-tools --bin rust-abi-interface -- \
//!       --crate-dir contracts/<contract> --name I<Contract>
//! ```
//!
//! stylus-sdk's `export-abi` prints the functions and their structs, and the errors of the `Result`
//! types, but only as bare signatures (no parameter names), and no events at all. This tool reads that
//! printout from stdin and completes it from the `sol!` declarations of the Rust code:
//!
//! - events, errors, structs and user-defined value types declared at the top level of a `sol!` block
//!   in the contract crate's module tree (test modules excluded; items nested in a `sol!` `interface`
//!   or `contract` describe other contracts and are ignored);
//! - the same items of the workspace crates it depends on (path dependencies, recursively), when the
//!   contract crate names them (e.g. `pub use ballast_contract_common::OwnershipTransferred;`).
//!
//! Every error the stylus printout lists must be one of these declarations (by signature), otherwise the
//! tool fails. It prints one Solidity file with one interface holding everything, for solc to compile.

use std::{
    collections::{BTreeMap, BTreeSet},
    fmt::Write as _,
    fs,
    io::Read as _,
    path::{Path, PathBuf},
    process::ExitCode,
};

use alloy_sol_macro_input::{SolInput, SolInputKind};
use quote::ToTokens;
use syn_solidity::Item;

/// The `sol!` items of one crate's module tree that can be part of a contract's ABI.
#[derive(Default)]
struct CrateSolItems {
    /// Events, errors, structs and UDVTs in declaration order, keyed by name.
    items: BTreeMap<String, Item>,
    /// Declaration order of `items`, so the output is stable and reads like the source.
    order: Vec<String>,
    /// Every identifier in the crate's non-test code, `sol!` bodies included.
    idents: BTreeSet<String>,
}

impl CrateSolItems {
    fn insert(&mut self, item: Item, origin: &Path) -> Result<(), String> {
        let name = item
            .name()
            .expect("events, errors, structs and UDVTs are named")
            .to_string();
        if let Some(previous) = self.items.get(&name) {
            if previous.to_string() != item.to_string() {
                return Err(format!(
                    "{}: `{name}` is declared twice with different definitions:\n  {previous}\n  {item}",
                    origin.display()
                ));
            }
            return Ok(());
        }
        self.order.push(name.clone());
        self.items.insert(name, item);
        Ok(())
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(interface) => {
            print!("{interface}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("rust-abi-interface: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<String, String> {
    let mut crate_dir = None;
    let mut name = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--crate-dir" => crate_dir = args.next().map(PathBuf::from),
            "--name" => name = args.next(),
            _ => {
                return Err(format!(
                    "unknown argument {arg}; usage: --crate-dir DIR --name IName < stylus-abi.sol"
                ))
            }
        }
    }
    let crate_dir = crate_dir.ok_or("missing --crate-dir")?;
    let name = name.ok_or("missing --name")?;
    let mut stylus = String::new();
    std::io::stdin()
        .read_to_string(&mut stylus)
        .map_err(|e| format!("reading stdin: {e}"))?;
    build_interface(&crate_dir, &name, &stylus)
}

/// Merges the stylus printout with the crate's `sol!` items into one Solidity interface named `name`.
fn build_interface(crate_dir: &Path, name: &str, stylus: &str) -> Result<String, String> {
    let own = collect_crate(crate_dir)?;
    let mut deps = Vec::new();
    let mut seen = BTreeSet::from([canonical(crate_dir)?]);
    for dep_dir in path_dependencies(crate_dir)? {
        collect_dependency_tree(&dep_dir, &mut seen, &mut deps)?;
    }

    // The crate's own items, then the dependency items it names.
    let mut abi = CrateSolItems::default();
    for key in &own.order {
        abi.insert(own.items[key].clone(), crate_dir)?;
    }
    for (dep_dir, dep) in &deps {
        for key in &dep.order {
            if own.idents.contains(key) && !own.items.contains_key(key) {
                abi.insert(dep.items[key].clone(), dep_dir)?;
            }
        }
    }

    let stylus = parse_stylus_printout(stylus, name)?;

    let declared_errors: BTreeSet<String> = abi
        .items
        .values()
        .filter_map(|item| match item {
            Item::Error(error) => Some(error_signature(&error.to_string())),
            _ => None,
        })
        .collect();
    for error in &stylus.errors {
        if !declared_errors.contains(&error_signature(error)) {
            return Err(format!(
                "the contract's Error enum exports `{error}`, but no `sol!` error with that signature is declared \
                 in {} or a workspace crate it names",
                crate_dir.display()
            ));
        }
    }

    let mut out = String::new();
    writeln!(out, "// SPDX-License-Identifier: MIT").unwrap();
    writeln!(
        out,
        "// Generated by rust-abi-interface from {} (stylus export-abi + sol! items).",
        crate_dir.display()
    )
    .unwrap();
    writeln!(out, "pragma solidity ^0.8.24;\n").unwrap();
    // UDVTs are legal at file level only in every solc 0.8 release, so they go before the interface.
    for key in &abi.order {
        if let Item::Udt(udt) = &abi.items[key] {
            writeln!(out, "{udt}").unwrap();
        }
    }
    writeln!(out, "interface {name} {{").unwrap();
    for key in &abi.order {
        if let Item::Struct(item) = &abi.items[key] {
            writeln!(out, "    {item}").unwrap();
        }
    }
    for item in stylus
        .structs
        .iter()
        .filter(|s| !abi.items.contains_key(&s.name.to_string()))
    {
        writeln!(out, "    {item}").unwrap();
    }
    for key in &abi.order {
        match &abi.items[key] {
            Item::Event(item) => writeln!(out, "    {item}").unwrap(),
            Item::Error(item) => writeln!(out, "    {item}").unwrap(),
            _ => {}
        }
    }
    for function in &stylus.functions {
        writeln!(out, "    {function}").unwrap();
    }
    writeln!(out, "}}").unwrap();
    Ok(out)
}

/// What stylus-sdk's `export-abi` printed: the contract's one interface.
struct StylusPrintout {
    functions: Vec<syn_solidity::ItemFunction>,
    structs: Vec<syn_solidity::ItemStruct>,
    /// Error declarations, with types only (`error Name(uint256, address);`).
    errors: Vec<String>,
}

/// Parses the functions, structs and error declarations of the stylus printout, which must be exactly one
/// interface named `name`: a contract exports one flat `#[public]` block (an `#[implements]` trait would print an
/// interface of its own; see "Why no `#[implements]`" in the common crate's docs).
fn parse_stylus_printout(text: &str, name: &str) -> Result<StylusPrintout, String> {
    let file: syn_solidity::File = syn::parse_str(text)
        .map_err(|e| format!("cannot parse the export-abi output as Solidity: {e}\n{text}"))?;
    let contracts: Vec<_> = file
        .items
        .into_iter()
        .filter_map(|item| match item {
            Item::Contract(contract) => Some(contract),
            _ => None,
        })
        .collect();
    let [contract] = <[_; 1]>::try_from(contracts).map_err(|contracts| {
        let names: Vec<String> = contracts.iter().map(|c| c.name.to_string()).collect();
        format!(
            "the export-abi output must declare exactly one interface, {name}; it declares [{}]:\n{text}",
            names.join(", ")
        )
    })?;
    if contract.name != name {
        return Err(format!(
            "the export-abi output declares interface {}, expected {name}",
            contract.name
        ));
    }
    let mut printout = StylusPrintout {
        functions: Vec::new(),
        structs: Vec::new(),
        errors: Vec::new(),
    };
    for inner in contract.body {
        match inner {
            Item::Function(mut function) => {
                to_solidity_conventions(&mut function);
                printout.functions.push(function);
            }
            Item::Struct(item) => printout.structs.push(item),
            Item::Error(error) => printout.errors.push(error.to_string()),
            other => return Err(format!("unexpected item in the export-abi output: {other}")),
        }
    }
    if printout.functions.is_empty() {
        return Err(format!(
            "the export-abi output declares no function:\n{text}"
        ));
    }
    Ok(printout)
}

/// Rewrites a function as stylus-sdk should print it: parameter names in camelCase (stylus renames the
/// functions, `total_assets` -> `totalAssets`, but prints the Rust parameter names as written), and struct
/// parameters with the `memory` location that external functions require (stylus omits it).
fn to_solidity_conventions(function: &mut syn_solidity::ItemFunction) {
    for param in function.parameters.iter_mut() {
        if param.storage.is_none() && matches!(param.ty, syn_solidity::Type::Custom(_)) {
            let span = proc_macro2::Span::call_site();
            param.storage = Some(syn_solidity::Storage::Memory(syn_solidity::kw::memory(
                span,
            )));
        }
        if let Some(name) = &mut param.name {
            *name = syn_solidity::SolIdent::new(&snake_to_camel(&name.to_string()));
        }
    }
}

/// `market_data` -> `marketData`; a leading underscore (stylus's escape of Solidity keywords) is kept.
fn snake_to_camel(name: &str) -> String {
    let (prefix, rest) = name.split_at(name.len() - name.trim_start_matches('_').len());
    let mut out = String::from(prefix);
    let mut upper = false;
    for c in rest.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `error Name(uint256 a, address b);` -> `Name(uint256,address)`.
fn error_signature(declaration: &str) -> String {
    let file: syn_solidity::File =
        syn::parse_str(declaration).expect("error declarations re-parse");
    let Some(Item::Error(error)) = file.items.first() else {
        unreachable!("an error declaration")
    };
    let types: Vec<String> = error.parameters.iter().map(|p| p.ty.to_string()).collect();
    format!("{}({})", error.name, types.join(","))
}

fn canonical(dir: &Path) -> Result<PathBuf, String> {
    dir.canonicalize()
        .map_err(|e| format!("{}: {e}", dir.display()))
}

/// The crate directories named by `path = "..."` in `[dependencies]` of `crate_dir/Cargo.toml`.
fn path_dependencies(crate_dir: &Path) -> Result<Vec<PathBuf>, String> {
    let manifest_path = crate_dir.join("Cargo.toml");
    let manifest = fs::read_to_string(&manifest_path)
        .map_err(|e| format!("{}: {e}", manifest_path.display()))?;
    let mut dirs = Vec::new();
    let mut in_dependencies = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]";
            continue;
        }
        if !in_dependencies {
            continue;
        }
        if let Some(rest) = line.split("path").nth(1) {
            let value = rest.trim_start().strip_prefix('=').map(str::trim_start);
            if let Some(quoted) = value.and_then(|v| v.strip_prefix('"')) {
                let path = quoted.split('"').next().unwrap_or_default();
                dirs.push(crate_dir.join(path));
            }
        }
    }
    Ok(dirs)
}

fn collect_dependency_tree(
    dir: &Path,
    seen: &mut BTreeSet<PathBuf>,
    out: &mut Vec<(PathBuf, CrateSolItems)>,
) -> Result<(), String> {
    if !seen.insert(canonical(dir)?) {
        return Ok(());
    }
    out.push((dir.to_path_buf(), collect_crate(dir)?));
    for dep in path_dependencies(dir)? {
        collect_dependency_tree(&dep, seen, out)?;
    }
    Ok(())
}

/// Walks the library module tree from `src/lib.rs`, skipping `#[cfg(test)]` modules.
fn collect_crate(crate_dir: &Path) -> Result<CrateSolItems, String> {
    let mut collected = CrateSolItems::default();
    let lib = crate_dir.join("src/lib.rs");
    collect_file(crate_dir, &lib, &crate_dir.join("src"), &mut collected)?;
    Ok(collected)
}

fn collect_file(
    crate_dir: &Path,
    file: &Path,
    mod_dir: &Path,
    out: &mut CrateSolItems,
) -> Result<(), String> {
    let source = fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let parsed = syn::parse_file(&source).map_err(|e| format!("{}: {e}", file.display()))?;
    collect_items(crate_dir, file, &parsed.items, mod_dir, out)
}

fn collect_items(
    crate_dir: &Path,
    file: &Path,
    items: &[syn::Item],
    mod_dir: &Path,
    out: &mut CrateSolItems,
) -> Result<(), String> {
    for item in items {
        match item {
            syn::Item::Mod(module) if is_cfg_test(&module.attrs) => {}
            syn::Item::Mod(module) => {
                let name = module.ident.to_string();
                let child_dir = mod_dir.join(&name);
                match &module.content {
                    Some((_, inner)) => collect_items(crate_dir, file, inner, &child_dir, out)?,
                    None => {
                        let flat = mod_dir.join(format!("{name}.rs"));
                        let nested = child_dir.join("mod.rs");
                        let path = if flat.exists() { flat } else { nested };
                        collect_file(crate_dir, &path, &child_dir, out)?;
                    }
                }
            }
            syn::Item::Macro(item_macro) if is_sol_macro(&item_macro.mac.path) => {
                collect_idents(item_macro.mac.tokens.clone(), &mut out.idents);
                collect_sol_macro(crate_dir, file, &item_macro.mac.tokens, out)?;
            }
            other => collect_idents(other.to_token_stream(), &mut out.idents),
        }
    }
    Ok(())
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr.meta.to_token_stream().to_string().replace(' ', "") == "cfg(test)"
    })
}

/// `sol!`, `alloy_sol_types::sol!`, `alloy::sol!`; not stylus's `sol_interface!` or `sol_storage!`.
fn is_sol_macro(path: &syn::Path) -> bool {
    path.segments
        .last()
        .is_some_and(|segment| segment.ident == "sol")
}

fn collect_idents(tokens: proc_macro2::TokenStream, idents: &mut BTreeSet<String>) {
    for token in tokens {
        match token {
            proc_macro2::TokenTree::Ident(ident) => {
                idents.insert(ident.to_string());
            }
            proc_macro2::TokenTree::Group(group) => collect_idents(group.stream(), idents),
            _ => {}
        }
    }
}

/// Parses one `sol!` invocation as the macro does (inline Solidity or a file path, relative to the crate).
fn collect_sol_macro(
    crate_dir: &Path,
    file: &Path,
    tokens: &proc_macro2::TokenStream,
    out: &mut CrateSolItems,
) -> Result<(), String> {
    // SolInput resolves relative file paths against CARGO_MANIFEST_DIR, like the macro at compile time.
    std::env::set_var("CARGO_MANIFEST_DIR", canonical(crate_dir)?);
    let input: SolInput = syn::parse2(tokens.clone())
        .map_err(|e| format!("{}: cannot parse a sol! block: {e}", file.display()))?;
    let SolInputKind::Sol(sol_file) = input.kind else {
        // A JSON ABI describes another contract (it is always named), never this contract's items.
        return Ok(());
    };
    let origin = input.path.unwrap_or_else(|| file.to_path_buf());
    for item in sol_file.items {
        match item {
            Item::Event(_) | Item::Error(_) | Item::Struct(_) | Item::Udt(_) => {
                out.insert(strip_attrs(item), &origin)?;
            }
            Item::Enum(item) => {
                return Err(format!(
                    "{}: sol! enum `{}`: enums are not supported by the ABI check",
                    origin.display(),
                    item.name
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Drops Rust attributes (`#[derive]`, doc comments) so items compare and print as plain Solidity.
fn strip_attrs(mut item: Item) -> Item {
    match &mut item {
        Item::Event(item) => item.attrs.clear(),
        Item::Error(item) => item.attrs.clear(),
        Item::Struct(item) => item.attrs.clear(),
        Item::Udt(item) => item.attrs.clear(),
        _ => {}
    }
    item
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, path: &str, contents: &str) {
        let path = dir.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }

    /// A contract crate `vault` that re-exports one event of its dependency `shared` and declares its own items.
    fn fixture() -> PathBuf {
        // One directory per call: tests run in parallel threads of one process.
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let root =
            std::env::temp_dir().join(format!("rust-abi-interface-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        write(
            &root,
            "shared/Cargo.toml",
            "[package]\nname = \"shared\"\n[dependencies]\n",
        );
        write(
            &root,
            "shared/src/lib.rs",
            "mod sol { alloy_sol_types::sol! {\n  /// Moved.\n  #[derive(Debug)]\n  event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);\n  event Unused(uint256 x);\n  error OwnableUnauthorizedAccount(address account);\n} }\n",
        );
        write(
            &root,
            "vault/Cargo.toml",
            "[package]\nname = \"vault\"\n[dependencies]\nshared = { path = \"../shared\" }\n[dev-dependencies]\nnothing = { path = \"../nothing\" }\n",
        );
        write(
            &root,
            "vault/src/lib.rs",
            "mod events;\npub use shared::{OwnershipTransferred, OwnableUnauthorizedAccount};\nalloy_sol_types::sol! {\n  struct Position { uint32 market; int256 size; }\n  error VaultTooLarge(uint256 amount, uint256 cap);\n  interface Erc20Abi { event Transfer(address indexed from, address indexed to, uint256 value); }\n}\n#[cfg(test)]\nmod tests { alloy_sol_types::sol! { event OnlyInTests(); } }\n",
        );
        write(
            &root,
            "vault/src/events.rs",
            "alloy_sol_types::sol! { event Deposited(address indexed owner, uint256 assets); }\n",
        );
        root
    }

    const STYLUS: &str = "/**\n * generated\n */\n// SPDX-License-Identifier: MIT-OR-APACHE-2.0\npragma solidity ^0.8.23;\n\ninterface IVault {\n    function deposit(uint256 assets) external returns (uint256);\n\n    function open(Position new_position, uint256 _from) external;\n\n    function position() external view returns (Position memory);\n\n    error VaultTooLarge(uint256, uint256);\n\n    struct Position {uint32 market;int256 size;}\n}\n";

    #[test]
    fn build_interface_merges_stylus_functions_with_sol_items() {
        let root = fixture();
        let out = build_interface(&root.join("vault"), "IVault", STYLUS).unwrap();
        assert!(out.contains("interface IVault {"), "{out}");
        assert!(
            out.contains("function deposit(uint256 assets) external returns (uint256);"),
            "{out}"
        );
        assert!(
            out.contains("struct Position { uint32 market; int256 size; }"),
            "{out}"
        );
        assert_eq!(out.matches("struct Position").count(), 1, "{out}");
        assert!(
            out.contains("function open(Position memory newPosition, uint256 _from) external;"),
            "{out}"
        );
        assert!(
            out.contains("event Deposited(address indexed owner, uint256 assets);"),
            "{out}"
        );
        assert!(
            out.contains("error VaultTooLarge(uint256 amount, uint256 cap);"),
            "{out}"
        );
        // Named by the crate: included. Not named: excluded. Nested in a sol! interface or a test module: excluded.
        assert!(out.contains(
            "event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);"
        ));
        assert!(
            out.contains("error OwnableUnauthorizedAccount(address account);"),
            "{out}"
        );
        assert!(!out.contains("Unused"), "{out}");
        assert!(!out.contains("Transfer("), "{out}");
        assert!(!out.contains("OnlyInTests"), "{out}");
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn build_interface_fails_unless_the_printout_is_one_interface_of_that_name() {
        let root = fixture();
        // What an `#[implements]` trait would add: an interface of its own.
        let two = format!(
            "{STYLUS}\ninterface IVaultViews {{\n    function total() external view returns (uint256);\n}}\n"
        );
        let err = build_interface(&root.join("vault"), "IVault", &two).unwrap_err();
        assert!(err.contains("exactly one interface"), "{err}");
        assert!(err.contains("IVault, IVaultViews"), "{err}");
        let err = build_interface(&root.join("vault"), "IOther", STYLUS).unwrap_err();
        assert!(
            err.contains("declares interface IVault, expected IOther"),
            "{err}"
        );
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn build_interface_fails_when_an_exported_error_has_no_sol_declaration() {
        let root = fixture();
        let stylus = STYLUS.replace(
            "error VaultTooLarge(uint256, uint256);",
            "error VaultTooSmall(uint256);",
        );
        let err = build_interface(&root.join("vault"), "IVault", &stylus).unwrap_err();
        assert!(err.contains("VaultTooSmall"), "{err}");
        fs::remove_dir_all(root).unwrap();
    }
}
