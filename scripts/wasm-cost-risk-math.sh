#!/usr/bin/env bash
# Measures what ballast-risk-math costs on-chain: WASM instructions executed per call (wabt wasm-interp --trace,
# excluding the interpreter's alloca/drop_keep bookkeeping) and the compressed bytes it adds to a module.
# Builds contracts/risk-math/wasm-cost/harness.rs as a throwaway cdylib in a temp dir with Debian's rustc
# (the project's wasm32 route), wasm-opt -Oz, brotli -q 11.
# Usage: scripts/wasm-cost-risk-math.sh            (sizes and per-call instruction counts)
#        STACK_SIZE=N scripts/wasm-cost-risk-math.sh (link with an N-byte stack instead of 32768, e.g. to find
#                                                     the smallest stack the margin exports run in)
#        KEEP_DIR=D scripts/wasm-cost-risk-math.sh   (also copy the optimised modules to D)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target_dir="${CARGO_TARGET_DIR:-$root/target}/risk-math-wasm-cost"
mkdir -p "$work/src"
cp "$root/contracts/risk-math/wasm-cost/harness.rs" "$work/src/lib.rs"
cat > "$work/Cargo.toml" <<TOML
[package]
name = "risk-math-wasm-cost"
version = "0.0.0"
edition = "2021"
[lib]
crate-type = ["cdylib"]
[workspace]
[dependencies]
ballast-risk-math = { path = "$root/contracts/risk-math" }
[features]
math = []
price-only = []
engine = []
[profile.release]
opt-level = "z"
lto = true
codegen-units = 1
panic = "abort"
strip = true
debug = false
TOML

build() { # $1 = feature or "" ; prints the brotli size, leaves $work/out-$1.wasm
  local feat=$1 args=()
  [[ -n "$feat" ]] && args=(--features "$feat")
  (cd "$work" && RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19 \
    RUSTFLAGS="-C target-cpu=mvp -C link-arg=-zstack-size=${STACK_SIZE:-32768} -Zunstable-options -Cpanic=immediate-abort" \
    /usr/bin/cargo build --quiet --release --target wasm32-unknown-unknown -Z build-std=core,panic_abort \
    --target-dir "$target_dir" "${args[@]}") || return 1
  wasm-opt -Oz --mvp-features "$target_dir/wasm32-unknown-unknown/release/risk_math_wasm_cost.wasm" \
    -o "$work/out-${feat:-none}.wasm"
  brotli -q 11 -f -o "$work/out-${feat:-none}.wasm.br" "$work/out-${feat:-none}.wasm"
  stat -c %s "$work/out-${feat:-none}.wasm.br"
}

base=$(build "") || exit 1
price=$(build price-only) || exit 1
engine=$(build engine) || exit 1
all=$(build math) || exit 1
if wasm2wat "$work/out-math.wasm" | grep -qE '\bf(32|64)\.'; then
  echo "error: floating-point instructions in the risk-math WASM" >&2
  exit 1
fi
echo "compressed size (brotli -q 11): baseline $base B; + Black-76 price $((price - base)) B;" \
  "+ scenario engine (portfolio_margin) $((engine - base)) B; + whole API $((all - base)) B"
[[ -n "${KEEP_DIR:-}" ]] && mkdir -p "$KEEP_DIR" && cp "$work"/out-*.wasm "$KEEP_DIR"/
echo "per call: instructions executed; peak linear-memory stack (bytes below the initial __stack_pointer);"
echo "  ~gas = estimated Stylus ink / 10,000 (stylus-host-facts §5.2-5.3: each opcode's ink plus the 2,450-ink"
echo "  block header counted once per executed branch/call/return; undercounts fall-through blocks, so a floor)"
top=${STACK_SIZE:-32768}
wasm-interp "$work/out-math.wasm" --run-all-exports --trace 2>&1 | awk -v top="$top" '
  BEGIN {
    split("unreachable return nop i32.const i64.const block loop else end", a, " "); for (k in a) ink[a[k]] = 1
    ink["drop"] = 9; ink["br"] = ink["br_if"] = ink["br_unless"] = ink["if"] = 765; ink["br_table"] = 2400
    ink["select"] = 1250; ink["call"] = 3800; ink["local.get"] = ink["local.tee"] = 75; ink["local.set"] = 210
    ink["global.get"] = 225; ink["global.set"] = 575; ink["i32.mul"] = ink["i64.mul"] = 160
    ink["i32.add"] = ink["i32.sub"] = 70; ink["i64.add"] = ink["i64.sub"] = 100
    ink["i32.clz"] = ink["i32.ctz"] = ink["i64.clz"] = ink["i64.ctz"] = 210
    split("i32.wrap_i64 i64.extend_i32_s i64.extend_i32_u i64.extend8_s i64.extend16_s i64.extend32_s", b, " ")
    for (k in b) ink[b[k]] = 100
    ends["br"] = ends["br_if"] = ends["br_unless"] = ends["br_table"] = ends["call"] = ends["return"] = 1
  }
  function cost(op) {
    if (op in ink) return ink[op]
    if (op ~ /^i32\.load/) return 670; if (op ~ /^i64\.load/) return 680
    if (op ~ /^i32\.store/) return 825; if (op ~ /^i64\.store/) return 950
    if (op ~ /^i32\.(div|rem)/) return 1120; if (op ~ /^i64\.(div|rem)/) return 1270
    if (op ~ /^i32\.(eqz|eq|ne|lt|gt|le|ge)/) return 170; if (op ~ /^i64\.(eqz|eq|ne|lt|gt|le|ge)/) return 225
    if (op ~ /^i(32|64)\./) return op ~ /^i32/ ? 70 : 100
    return 0
  }
  function report() { if (name) printf "  %-24s %9d  stack %6d  ~gas %8d\n", name, n, top - low, (total + 2450 * blocks) / 10000 }
  /^>>> running export/ { report(); name=$4; gsub(/[":]/,"",name); n=0; total=0; blocks=0; low=top; next }
  /^#[0-9]+\./ {
    if ($0 ~ /\| (alloca|drop_keep)/) next
    n++; op = $0; sub(/^[^|]*\| /, "", op); sub(/[ ,].*/, "", op); total += cost(op); if (op in ends) blocks++
  }
  /\| global\.set \$0, / { v=$NF + 0; if (v < low) low = v }
  END { report() }'
