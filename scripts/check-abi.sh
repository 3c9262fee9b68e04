#!/usr/bin/env bash
# ABI drift check: every deployable contract's hand-written interface against the ABI its Rust code exports.
#
#   bash scripts/check-abi.sh                   # all contracts: compare, then write abi/json/<Contract>.json
#   bash scripts/check-abi.sh --check           # compare, and fail if a committed abi/json file is stale (CI)
#   bash scripts/check-abi.sh insurance-fund    # one contract, by folder name under contracts/
#
# For each contract crate under contracts/ with crate-type cdylib (folder insurance-fund -> InsuranceFund):
#   1. `cargo run -p <package> --features export-abi --bin <folder>-abi` prints the functions (and their structs)
#      as stylus-sdk exports them;
#   2. rust-abi-interface (crate ballast-abi, feature export-tools) adds the events and errors (with parameter
#      names and indexed flags) and structs from the crate's `sol!` declarations, and those of the workspace crates
#      it depends on that it names; every error of the stylus export must be among them;
#   3. scripts/check_abi.py compiles that and abi/interfaces/I<Contract>.sol with scripts/solc, compares
#      functions, events and errors, and writes (or with --check verifies) abi/json/<Contract>.json.
# A contract without an interface file yet is skipped with a notice (it fails when named explicitly).
# A full run also exports the Solidity mocks' ABI and bytecode to abi/mocks/ (scripts/export-mock-artifacts.py).
# Needs scripts/setup.sh (solc). Honours CARGO_TARGET_DIR; uses --locked when CI is set. The intermediate files
# are kept in $CARGO_TARGET_DIR/abi-check/ (default target/abi-check/).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

die() { echo "check-abi: $*" >&2; exit 1; }

check=()
named=()
for arg in "$@"; do
  case "$arg" in
    --check) check=(--check) ;;
    -*) die "unknown option $arg (usage: scripts/check-abi.sh [--check] [contract-folder...])" ;;
    *) named+=("$arg") ;;
  esac
done

cargo_flags=(--quiet)
[ -n "${CI:-}" ] && cargo_flags+=(--locked)

is_deployable() { grep -Eq '^crate-type *= *\[.*"cdylib"' "contracts/$1/Cargo.toml"; }
pascal_case() { echo "$1" | sed -E 's/(^|-)([a-z0-9])/\U\2/g'; }

contracts=()
if [ ${#named[@]} -gt 0 ]; then
  for name in "${named[@]}"; do
    [ -f "contracts/$name/Cargo.toml" ] || die "no contract crate at contracts/$name"
    is_deployable "$name" || die "contracts/$name is not a deployable contract (crate-type has no cdylib)"
    [ -f "abi/interfaces/I$(pascal_case "$name").sol" ] || die "contracts/$name has no abi/interfaces/I$(pascal_case "$name").sol"
    contracts+=("$name")
  done
else
  for manifest in contracts/*/Cargo.toml; do
    name=$(basename "$(dirname "$manifest")")
    is_deployable "$name" || continue
    if [ -f "abi/interfaces/I$(pascal_case "$name").sol" ]; then
      contracts+=("$name")
    else
      echo "check-abi: skip contracts/$name: no abi/interfaces/I$(pascal_case "$name").sol yet"
    fi
  done
fi

# Intermediate files stay for inspection: <Contract>.stylus.sol (export-abi), I<Contract>.sol (Rust side), logs.
work="${CARGO_TARGET_DIR:-$root/target}/abi-check"
mkdir -p "$work"

failed=()
for name in "${contracts[@]}"; do
  contract=$(pascal_case "$name")
  package=$(sed -n 's/^name *= *"\(.*\)"/\1/p' "contracts/$name/Cargo.toml" | head -n1)
  grep -q "^name *= *\"$name-abi\"" "contracts/$name/Cargo.toml" \
    || die "contracts/$name/Cargo.toml has no [[bin]] $name-abi (the export-abi printer)"

  echo "check-abi: $contract ($package)"
  # Compiler output (warnings included) is shown only when a step fails.
  if ! cargo run "${cargo_flags[@]}" -p "$package" --features export-abi --bin "$name-abi" \
      >"$work/$contract.stylus.sol" 2>"$work/$contract.log"; then
    cat "$work/$contract.log" >&2
    failed+=("$contract (export-abi did not run)"); continue
  fi
  if ! cargo run "${cargo_flags[@]}" -p ballast-abi --features export-tools --bin rust-abi-interface -- \
      --crate-dir "contracts/$name" --name "I$contract" <"$work/$contract.stylus.sol" \
      >"$work/I$contract.sol" 2>"$work/$contract.log"; then
    cat "$work/$contract.log" >&2
    failed+=("$contract (the Rust-side interface could not be assembled)"); continue
  fi
  if ! python3 scripts/check_abi.py --name "I$contract" --interface "abi/interfaces/I$contract.sol" \
      --rust "$work/I$contract.sol" --json "abi/json/$contract.json" "${check[@]}"; then
    failed+=("$contract")
  fi
done

# Every committed JSON ABI must belong to a contract that was checked (a full run only).
if [ ${#named[@]} -eq 0 ]; then
  for json in abi/json/*.json; do
    [ -e "$json" ] || continue
    contract=$(basename "$json" .json)
    checked=false
    for name in "${contracts[@]}"; do
      [ "$(pascal_case "$name")" = "$contract" ] && checked=true
    done
    $checked || failed+=("$json (no contract crate with an interface produces it: delete it)")
  done
fi

# The mocks' artifacts (abi/mocks/) that crate ballast-abi binds, from forge's build (a full run only).
if [ ${#named[@]} -eq 0 ]; then
  python3 scripts/export-mock-artifacts.py "${check[@]}" || failed+=("abi/mocks")
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "check-abi: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "check-abi: ${#contracts[@]} contract(s) checked: ${contracts[*]:-none}"
