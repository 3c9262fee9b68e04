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
echo "instructions executed per call, and peak linear-memory stack (bytes below the initial __stack_pointer):"
top=${STACK_SIZE:-32768}
wasm-interp "$work/out-math.wasm" --run-all-exports --trace 2>&1 | awk -v top="$top" '
  function report() { if (name) printf "  %-24s %9d  stack %6d\n", name, n, top - low }
  /^>>> running export/ { report(); name=$4; gsub(/[":]/,"",name); n=0; low=top; next }
  /^#[0-9]+\./ { if ($0 !~ /\| (alloca|drop_keep)/) n++ }
  /\| global\.set \$0, / { v=$NF + 0; if (v < low) low = v }
  END { report() }'
