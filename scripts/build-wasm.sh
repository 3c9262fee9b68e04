#!/usr/bin/env bash
# Build every deployable Stylus contract under contracts/ to its deployable artifact, and gate it.
#
#   bash scripts/build-wasm.sh                 # all contracts (crate-type includes "cdylib")
#   bash scripts/build-wasm.sh insurance-fund  # one contract, by folder name under contracts/
#
# For each contract it writes, under target/stylus/:
#   <contract>.wasm   the optimised module (wasm-opt -Oz, MVP features only)
#   <contract>.bin    the deployable code: Stylus prefix EF F0 00 00 + brotli(quality 11) stream
# plus sizes.json (every contract's sizes) and prints a size table.
#
# Facets. A contract too big for one Stylus program is split into a router (the crate's default build, the one
# address integrators use) and facets the router DELEGATECALLs, all compiled from the same crate so they share
# one #[storage] layout by construction. The crate declares them under [package.metadata.ballast] as
# `facets = ["engine", ...]`; each facet <f> is built with `--features facet-<f>` (its own cargo invocation, so
# features never unify with the router's) into target/stylus/<contract>-<f>.{wasm,bin}, and gated like any
# contract: every deployable program must fit on its own.
#
# A contract whose Cargo.toml has, under [package.metadata.ballast], `size-gate = "report-only"` and a
# `size-gate-reason`, is not yet deployable: its size limits are reported (loudly) instead of failing the
# build; every other gate still applies to it. Nothing else may relax a gate.
#
# The build fails, naming the contract and the reason, when a contract
#   - exceeds the Stylus code limit (24 576 bytes of deployable code, prefix included),
#   - decompresses to more than MaxWasmSize (128 KiB),
#   - uses a WASM feature Stylus rejects (bulk memory, sign extension, multi-value, reference types,
#     saturating float-to-int, SIMD...) or any float instruction,
#   - imports anything but the `vm_hooks` host functions,
#   - lacks the `user_entrypoint` or `memory` export, or has a start function.
#
# Toolchain: Debian's rustc-web (Rust with std sources for -Z build-std), wasm-ld-19, binaryen, wabt and
# brotli, as installed by scripts/setup.sh. Where rustup has the wasm32-unknown-unknown target and the
# rust-src component (a developer laptop), that toolchain is used instead.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

out_dir="$root/target/stylus"
build_dir="${STYLUS_TARGET_DIR:-$root/target/stylus-build}"

die() { echo "build-wasm: $*" >&2; exit 1; }

# --- toolchain -------------------------------------------------------------------------------
rustflags="-C target-cpu=mvp -C link-arg=-zstack-size=32768 -Zunstable-options -Cpanic=immediate-abort"
if command -v rustup >/dev/null 2>&1 \
    && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
    && rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
  cargo_cmd=(cargo)
  toolchain="rustup ($(rustc --version))"
  linker_env=()
elif [ -x /usr/bin/rustc ] && [ -d /usr/lib/rustlib/src/rust/library ] && command -v wasm-ld-19 >/dev/null; then
  cargo_cmd=(/usr/bin/cargo)
  toolchain="debian ($(/usr/bin/rustc --version))"
  linker_env=(RUSTC=/usr/bin/rustc CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19)
else
  die "no wasm32 toolchain: run 'bash scripts/setup.sh' (needs rustc-web, rust-web-src, lld-19)"
fi
for tool in wasm-opt wasm-validate wasm-objdump brotli python3; do
  command -v "$tool" >/dev/null || die "missing '$tool': run 'bash scripts/setup.sh'"
done

# --- which contracts -------------------------------------------------------------------------
contracts=()
if [ $# -gt 0 ]; then
  for name in "$@"; do
    [ -f "contracts/$name/Cargo.toml" ] || die "no contract crate at contracts/$name"
    contracts+=("$name")
  done
else
  for manifest in contracts/*/Cargo.toml; do
    grep -Eq '^crate-type *= *\[.*"cdylib"' "$manifest" && contracts+=("$(basename "$(dirname "$manifest")")")
  done
fi
[ ${#contracts[@]} -gt 0 ] || die "no deployable contract crates found under contracts/"

packages=()
for name in "${contracts[@]}"; do
  pkg=$(sed -n 's/^name *= *"\(.*\)"/\1/p' "contracts/$name/Cargo.toml" | head -n1)
  [ -n "$pkg" ] || die "contracts/$name/Cargo.toml has no package name"
  packages+=(-p "$pkg")
done

echo "build-wasm: toolchain $toolchain"
echo "build-wasm: building ${contracts[*]}"
cargo_wasm() {
  env "${linker_env[@]}" RUSTC_BOOTSTRAP=1 RUSTFLAGS="$rustflags" \
    "${cargo_cmd[@]}" build --release ${CI:+--locked} --target wasm32-unknown-unknown \
    -Z build-std=std,panic_abort --target-dir "$build_dir" "$@"
}
package_of() { sed -n 's/^name *= *"\(.*\)"/\1/p' "contracts/$1/Cargo.toml" | head -n1; }
facets_of() { sed -n 's/^facets *= *\[\(.*\)\]/\1/p' "contracts/$1/Cargo.toml" | tr -d '" ' | tr ',' ' '; }
release_dir="$build_dir/wasm32-unknown-unknown/release"
raw_dir="$build_dir/programs"
mkdir -p "$raw_dir"

# Routers (and single-program contracts) in one invocation, then every facet in its own.
programs=()   # "<program> <contract folder>"
cargo_wasm "${packages[@]}"
for name in "${contracts[@]}"; do
  raw="$release_dir/$(package_of "$name" | tr '-' '_').wasm"
  [ -f "$raw" ] || die "$name: cargo produced no $raw"
  cp "$raw" "$raw_dir/$name.wasm"
  programs+=("$name $name")
done
for name in "${contracts[@]}"; do
  for facet in $(facets_of "$name"); do
    echo "build-wasm: building $name facet $facet (--features facet-$facet)"
    cargo_wasm -p "$(package_of "$name")" --features "facet-$facet"
    cp "$release_dir/$(package_of "$name" | tr '-' '_').wasm" "$raw_dir/$name-$facet.wasm"
    programs+=("$name-$facet $name")
  done
done

# --- optimise, compress, gate ----------------------------------------------------------------
mkdir -p "$out_dir"
rm -f "$out_dir/.sizes.tmp"
failures=()
notices=()
for program in "${programs[@]}"; do
  read -r name crate <<< "$program"
  raw="$raw_dir/$name.wasm"
  opt="$out_dir/$name.wasm"
  bin="$out_dir/$name.bin"
  wasm-opt -Oz --mvp-features --strip-debug --strip-producers "$raw" -o "$opt"
  # Stylus prefix EF F0 00, then dictionary byte 00 (none), then the brotli stream.
  { printf '\xef\xf0\x00\x00'; brotli -q 11 -c "$opt"; } > "$bin"

  gate_args=()
  manifest="contracts/$crate/Cargo.toml"
  if grep -Eq '^size-gate *= *"report-only"' "$manifest"; then
    reason=$(sed -n 's/^size-gate-reason *= *"\(.*\)"/\1/p' "$manifest")
    [ -n "$reason" ] || die "$name: size-gate = \"report-only\" needs a size-gate-reason in $manifest"
    gate_args=(--size-report-only)
    notices+=("$name: NOT DEPLOYABLE YET, size gate report-only: $reason")
  fi
  if ! reasons=$(bash "$root/scripts/check-wasm.sh" "${gate_args[@]+"${gate_args[@]}"}" "$opt" "$bin"); then
    while IFS= read -r r; do failures+=("$name: $r"); done <<< "$reasons"
  else
    while IFS= read -r r; do [ -n "$r" ] && notices+=("$name: $r"); done <<< "$reasons"
  fi
  raw_bytes=$(stat -c %s "$raw"); opt_bytes=$(stat -c %s "$opt"); code_bytes=$(stat -c %s "$bin")
  printf '%s %s %s %s\n' "$name" "$raw_bytes" "$opt_bytes" "$code_bytes" >> "$out_dir/.sizes.tmp"
done

python3 - "$out_dir" <<'PY'
import json, os, sys
out = sys.argv[1]
limit = 24576
rows = [l.split() for l in open(os.path.join(out, ".sizes.tmp"))]
os.remove(os.path.join(out, ".sizes.tmp"))
path = os.path.join(out, "sizes.json")
sizes = json.load(open(path)) if os.path.exists(path) else {}
print(f"{'program':<28} {'raw':>9} {'optimised':>10} {'compressed':>11} {'headroom':>9}")
for name, raw, opt, code in rows:
    raw, opt, code = int(raw), int(opt), int(code)
    sizes[name] = {"raw_bytes": raw, "optimised_bytes": opt, "deployable_bytes": code,
                   "headroom_bytes": limit - code}
    print(f"{name:<28} {raw:>9} {opt:>10} {code:>11} {limit - code:>9}")
json.dump(sizes, open(path, "w"), indent=2, sort_keys=True)
print("(bytes; compressed = deployable code incl. the 4-byte Stylus prefix; limit 24576)")
PY

if [ ${#notices[@]} -gt 0 ]; then
  printf 'build-wasm: WARNING\n'
  printf '  %s\n' "${notices[@]}"
fi
if [ ${#failures[@]} -gt 0 ]; then
  printf 'build-wasm: FAILED\n' >&2
  printf '  %s\n' "${failures[@]}" >&2
  exit 1
fi
echo "build-wasm: all enforced gates passed; artifacts in target/stylus/"
