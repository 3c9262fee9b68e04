#!/usr/bin/env bash
# Compatibility check of `ballast devnet` with the outside tool: cargo-stylus from crates.io deploys a fragmented
# program (a generated wasm whose compressed code needs four fragments, from
# `cargo run -p ballast-devnet --example fragmented_wasm`) with `cargo stylus deploy --wasm-file`, then cast
# checks what it left on the chain: a root `EF F0 02 00 <length> <4 addresses>` at the reported address, a
# fragment `EF F0 01 ...` at each address, the program active at the current Stylus version, and its answer.
#
#   bash scripts/check-cargo-stylus.sh
#
# Environment: CARGO_STYLUS_VERSION (default 0.10.10, at least 0.10.8), CARGO_STYLUS_ROOT (where the binary is
# installed and cached; default ~/.cache/ballast/cargo-stylus-<version>), CAST (default node_modules/.bin/cast,
# installed by scripts/setup.sh), BALLAST (a built `ballast` binary; default: `cargo build -p ballast-cli` into
# $CARGO_TARGET_DIR or target/). Exits non-zero on the first failed check; the last line is "N passed, 0 failed".
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

version=${CARGO_STYLUS_VERSION:-0.10.10}
stylus_root=${CARGO_STYLUS_ROOT:-$HOME/.cache/ballast/cargo-stylus-$version}
# A cargo-stylus of this version already on PATH (e.g. ~/.cargo/bin) is used as it is.
if cargo-stylus stylus --version 2>/dev/null | grep -q "$version"; then
  stylus_root=$(dirname "$(dirname "$(command -v cargo-stylus)")")
elif ! "$stylus_root/bin/cargo-stylus" stylus --version 2>/dev/null | grep -q "$version"; then
  echo "installing cargo-stylus $version into $stylus_root (once; it is cached there)"
  cargo install --quiet --locked --version "$version" --root "$stylus_root" cargo-stylus
fi
export PATH=$stylus_root/bin:$PATH

script=check-cargo-stylus
# shellcheck source=scripts/devnet-session.sh
source "$root/scripts/devnet-session.sh"

wasm=$work/fragmented.wasm
expected=$(cargo run --quiet -p ballast-devnet --example fragmented_wasm -- "$wasm")

# Hardhat/Anvil account 0 of the public test mnemonic, prefunded by the devnet.
key0=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80

check "cargo-stylus version" "stylus $version" "$(cargo stylus --version | tr -d '\r')"
check "arbOSVersion" "116" "$("$cast" call --rpc-url "$rpc" 0x0000000000000000000000000000000000000064 'arbOSVersion()(uint256)')"
check "max fragments" "4" \
  "$("$cast" call --rpc-url "$rpc" 0x000000000000000000000000000000000000006b 'getMaxStylusContractFragments()(uint8)')"

# Run from an empty Stylus workspace: cargo-stylus loads the Cargo workspace and its Stylus.toml even with
# --wasm-file (the package is no contract, so it deploys only the file).
mkdir "$work/project"
(cd "$work/project" && cargo init --quiet --lib --name fragmented_check)
printf '[workspace]\n\n[workspace.networks]\n' >"$work/project/Stylus.toml"
# cargo-stylus also insists on a rust-toolchain.toml naming a specific version; RUSTUP_TOOLCHAIN keeps cargo on
# the toolchain already in use so that nothing is downloaded for it.
printf '[toolchain]\nchannel = "%s"\n' "$(rustc --version | cut -d' ' -f2)" >"$work/project/rust-toolchain.toml"
if command -v rustup >/dev/null; then
  RUSTUP_TOOLCHAIN=$(rustup show active-toolchain | cut -d' ' -f1)
  export RUSTUP_TOOLCHAIN
fi
set +e
(cd "$work/project" && cargo stylus deploy --no-verify --endpoint "$rpc" --private-key "$key0" --wasm-file "$wasm") \
  >"$work/deploy.log" 2>&1
status=$?
set -e
sed 's/\x1b\[[0-9;]*m//g' "$work/deploy.log"
check "cargo stylus deploy exit status" "0" "$status"

address=$(sed 's/\x1b\[[0-9;]*m//g' "$work/deploy.log" | sed -n 's/.*deployed code at address: \(0x[0-9a-fA-F]\{40\}\).*/\1/p' | tail -1)
[ -n "$address" ] || { echo "FAIL no deployed address in the cargo-stylus output" >&2; exit 1; }
code=$("$cast" code --rpc-url "$rpc" "$address")
check "root prefix" "0xeff00200" "${code:0:10}"
check "root length (8 + 4 addresses)" "$((2 + 2 * (8 + 4 * 20)))" "${#code}"
for i in 0 1 2 3; do
  fragment=0x${code:$((18 + 40 * i)):40}
  fragment_code=$("$cast" code --rpc-url "$rpc" "$fragment")
  check "fragment $i prefix" "0xeff001" "${fragment_code:0:8}"
done
codehash=$("$cast" keccak "$code")
check "program active (codehashVersion)" "3" \
  "$("$cast" call --rpc-url "$rpc" 0x0000000000000000000000000000000000000071 'codehashVersion(bytes32)(uint16)' "$codehash")"
check "program answer" "$expected" "$("$cast" call --rpc-url "$rpc" "$address" 0x)"
activation_tx=$(sed 's/\x1b\[[0-9;]*m//g' "$work/deploy.log" \
  | sed -n 's/.*successfully activated contract .* with tx "\{0,1\}\(0x\)\{0,1\}\([0-9a-fA-F]\{64\}\).*/0x\2/p' | tail -1)
if [ -n "$activation_tx" ]; then
  echo "activation gas used: $("$cast" receipt --rpc-url "$rpc" "$activation_tx" gasUsed)"
fi

# A real Ballast contract: PortfolioNetting, a fragmented program with a constructor. cargo-stylus 0.10.10 deploys
# a `--wasm-file` as fragments, root and activation but never runs its constructor (only a crate build goes
# through the StylusDeployer, which needs rustup's wasm32 target), so the constructor is sent as the next
# transaction, `stylus_constructor()` (selector 5585258d) with the ABI-encoded arguments.
pn_wasm=$root/target/stylus/portfolio-netting.wasm
if [ -f "$pn_wasm" ]; then
  owner=0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266   # account 0 of the test mnemonic
  risk_admin=0x00000000000000000000000000000000000000Aa
  set +e
  (cd "$work/project" && cargo stylus deploy --no-verify --endpoint "$rpc" --private-key "$key0" \
    --wasm-file "$pn_wasm") >"$work/deploy-pn.log" 2>&1
  status=$?
  set -e
  sed 's/\x1b\[[0-9;]*m//g' "$work/deploy-pn.log"
  check "cargo stylus deploy PortfolioNetting exit status" "0" "$status"
  pn=$(sed 's/\x1b\[[0-9;]*m//g' "$work/deploy-pn.log" | sed -n 's/.*deployed code at address: \(0x[0-9a-fA-F]\{40\}\).*/\1/p' | tail -1)
  [ -n "$pn" ] || { echo "FAIL no PortfolioNetting address in the cargo-stylus output" >&2; exit 1; }
  pn_code=$("$cast" code --rpc-url "$rpc" "$pn")
  check "PortfolioNetting root prefix" "0xeff00200" "${pn_code:0:10}"
  fragments=$(python3 -c "import json; print(json.load(open('$root/target/stylus/portfolio-netting.root.json'))['fragment_count'])")
  check "PortfolioNetting fragments (as built)" "$((2 + 2 * (8 + fragments * 20)))" "${#pn_code}"
  args=$("$cast" abi-encode 'constructor(address,address)' "$owner" "$risk_admin")
  "$cast" send --rpc-url "$rpc" --private-key "$key0" "$pn" "0x5585258d${args#0x}" >/dev/null
  lower() { tr '[:upper:]' '[:lower:]'; }
  check "PortfolioNetting owner()" "$(lower <<<"$owner")" "$("$cast" call --rpc-url "$rpc" "$pn" 'owner()(address)' | lower)"
  check "PortfolioNetting riskAdmin()" "$(lower <<<"$risk_admin")" \
    "$("$cast" call --rpc-url "$rpc" "$pn" 'riskAdmin()(address)' | lower)"
else
  echo "check-cargo-stylus: $pn_wasm not built (bash scripts/build-wasm.sh portfolio-netting): real-contract deploy skipped"
  [ "${BALLAST_REQUIRE_STYLUS:-}" != 1 ] || { echo "$passed passed, 1 failed"; exit 1; }
fi

echo "$passed passed, 0 failed"
