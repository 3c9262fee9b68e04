#!/usr/bin/env bash
# Build every deployable Stylus contract under contracts/ to its deployable artifact, and gate it.
#
#   bash scripts/build-wasm.sh                 # all contracts (crate-type includes "cdylib")
#   bash scripts/build-wasm.sh insurance-fund  # one contract, by folder name under contracts/
#
# For each contract it writes, under target/stylus/:
#   <contract>.wasm               the optimised module (wasm-opt -Oz, MVP features plus bulk memory)
#   <contract>.bin                the classic deployable code: EF F0 00 00 + brotli (quality 11) stream
# and, when that code exceeds MaxCodeSize (24 576 bytes), the program's fragments and its root's parameters:
#   <contract>.fragment-<i>.bin   EF F0 01 + the i-th 24 573-byte chunk of the brotli stream (i from 0)
#   <contract>.root.json          dictionary byte, decompressed length, fragment count and files; the root's code
#                                 (EF F0 02 00, u32 BE length, fragment addresses) is written at deployment
# plus sizes.json (every contract's sizes) and a size table. Artifacts of programs that are no longer
# contracts (the facets of earlier builds) are removed.
#
# One contract is one program at one address: a contract that does not fit nitro's limits is split by
# responsibility into contracts with their own addresses and roles, never by size. A contract Cargo.toml that
# still declares `facets = [...]` or `size-gate` under [package.metadata.ballast] fails the build.
#
# The build fails, naming the contract and the reason, for every check of scripts/check-wasm.sh (what nitro
# v3.10 accepts at ArbOS 60): WASM features beyond MVP + sign extension + memory.copy/memory.fill, floats,
# imports other than the vm_hooks host functions with their exact types, a missing user_entrypoint or memory
# export, a start function, the activation limits (functions, data and element segments, globals, locals and
# operators per function, exports, imports, table and element entries, initial pages, init costs), a module
# larger than MaxWasmSize (256 KiB decompressed) or a code needing more than MaxFragmentCount (4) fragments.
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
rustflags="-C target-cpu=mvp -C target-feature=+bulk-memory -C link-arg=-zstack-size=32768 -Zunstable-options -Cpanic=immediate-abort"
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
for tool in wasm-opt wasm-validate brotli python3; do
  command -v "$tool" >/dev/null || die "missing '$tool': run 'bash scripts/setup.sh'"
done

# --- which contracts -------------------------------------------------------------------------
deployable=()
for manifest in contracts/*/Cargo.toml; do
  grep -Eq '^crate-type *= *\[.*"cdylib"' "$manifest" && deployable+=("$(basename "$(dirname "$manifest")")")
done
contracts=()
if [ $# -gt 0 ]; then
  for name in "$@"; do
    [ -f "contracts/$name/Cargo.toml" ] || die "no contract crate at contracts/$name"
    contracts+=("$name")
  done
else
  contracts=("${deployable[@]}")
fi
[ ${#contracts[@]} -gt 0 ] || die "no deployable contract crates found under contracts/"

package_of() { sed -n 's/^name *= *"\(.*\)"/\1/p' "contracts/$1/Cargo.toml" | head -n1; }
packages=()
for name in "${contracts[@]}"; do
  manifest="contracts/$name/Cargo.toml"
  grep -Eq '^facets *=' "$manifest" && die "$name: $manifest declares facets; a contract is one program at one \
address since ArbOS 60 fragments (no facet builds); split a contract by responsibility, never by size"
  grep -Eq '^size-gate' "$manifest" && die "$name: $manifest declares a size-gate; no contract may relax the \
size gates: split it by responsibility into contracts of their own"
  pkg=$(package_of "$name")
  [ -n "$pkg" ] || die "$manifest has no package name"
  packages+=(-p "$pkg")
done

echo "build-wasm: toolchain $toolchain"
echo "build-wasm: building ${contracts[*]}"
env "${linker_env[@]}" RUSTC_BOOTSTRAP=1 RUSTFLAGS="$rustflags" \
  "${cargo_cmd[@]}" build --release ${CI:+--locked} --target wasm32-unknown-unknown \
  -Z build-std=std,panic_abort --target-dir "$build_dir" "${packages[@]}"
release_dir="$build_dir/wasm32-unknown-unknown/release"

# --- optimise, compress, package, gate -------------------------------------------------------
mkdir -p "$out_dir"
# Programs that are no longer deployable contracts (facets of earlier builds) lose their artifacts.
for wasm in "$out_dir"/*.wasm; do
  [ -e "$wasm" ] || continue
  program=$(basename "$wasm" .wasm)
  [[ " ${deployable[*]} " == *" $program "* ]] && continue
  rm -f "$out_dir/$program".{wasm,bin,root.json} "$out_dir/$program".fragment-*.bin
done
rows=$(mktemp); trap 'rm -f "$rows"' EXIT
failures=()
for name in "${contracts[@]}"; do
  raw="$release_dir/$(package_of "$name" | tr '-' '_').wasm"
  [ -f "$raw" ] || die "$name: cargo produced no $raw"
  opt="$out_dir/$name.wasm"
  bin="$out_dir/$name.bin"
  # MVP plus bulk memory, as compiled: wasm-opt must not introduce any other feature. With bulk memory on,
  # binaryen adds a DataCount section, which nitro's parser refuses and only memory.init/data.drop need.
  # Binaryen inlines every function that has one caller, whatever its size; the router stylus-sdk generates is
  # the one caller of every public function, so uncapped it becomes one body holding the whole contract
  # (MarginRegistry: 74 622 operators as nitro instruments them, over its 65 536 per function). The cap keeps
  # larger single-caller functions out of line (MarginRegistry's router: about 47 000).
  wasm-opt -Oz --one-caller-inline-max-function-size=300 --mvp-features --enable-bulk-memory --strip-debug \
    --strip-producers "$raw" -o "$opt"
  python3 scripts/wasm_gates.py drop-data-count "$opt"
  # Stylus prefix EF F0 00, then dictionary byte 00 (none), then the brotli stream.
  { printf '\xef\xf0\x00\x00'; brotli -q 11 -c "$opt"; } > "$bin"
  python3 scripts/wasm_gates.py package "$opt" "$bin"
  if ! reasons=$(bash scripts/check-wasm.sh "$opt" "$bin"); then
    while IFS= read -r r; do [ -n "$r" ] && failures+=("$name: $r"); done <<< "$reasons"
  fi
  printf '%s %s %s %s\n' "$name" "$(stat -c %s "$raw")" "$(stat -c %s "$opt")" "$(stat -c %s "$bin")" >> "$rows"
done
python3 scripts/wasm_gates.py sizes "$out_dir" "$rows" "${deployable[@]}"

if [ ${#failures[@]} -gt 0 ]; then
  printf 'build-wasm: FAILED\n' >&2
  printf '  %s\n' "${failures[@]}" >&2
  exit 1
fi
echo "build-wasm: all gates passed; artifacts in target/stylus/"
