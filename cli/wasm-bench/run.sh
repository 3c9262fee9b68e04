#!/usr/bin/env bash
# Builds the harness for wasm32 with Debian's toolchain (as the Stylus contracts are built) and counts the WASM
# instructions each entry point executes, with wabt's `wasm-interp --trace` (one line per executed instruction).
# Also estimates Stylus ink/gas from the executed opcodes with nitro's pricing_v1 table (stylus-host-facts.md §5.2-5.3).
# Usage: bash cli/wasm-bench/run.sh [target-dir]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="${1:-$here/../../target/wasm-bench}"
cd "$here"
RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19 \
  RUSTFLAGS="-C target-cpu=mvp -C link-arg=-zstack-size=32768 -Zunstable-options -Cpanic=immediate-abort" \
  /usr/bin/cargo build --release --target wasm32-unknown-unknown -Z build-std=core,panic_abort \
  --target-dir "$target" -q
wasm="$target/wasm32-unknown-unknown/release/ballast_wasm_bench.wasm"
opt="$target/ballast_wasm_bench.opt.wasm"
wasm-opt -Oz --enable-bulk-memory "$wasm" -o "$opt" 2>/dev/null || cp "$wasm" "$opt"
printf 'module: %s bytes (wasm-opt -Oz: %s bytes)\n' "$(stat -c %s "$wasm")" "$(stat -c %s "$opt")"
printf '%-10s %22s %14s %14s %10s\n' entry result instructions ink_est gas_est
# wasm-interp runs every export in order; its trace prints ">>> running export "name":" before each, then one
# "#<depth>. <offset>: V:<n>| <opcode> ..." line per executed instruction (wabt's interpreter opcodes: a few,
# such as drop_keep/alloca/br_unless, are its own encodings of wasm instructions), then "name() => result".
wasm-interp "$opt" --run-all-exports --trace 2>/dev/null | awk '
  BEGIN {
    split("unreachable return nop i32.const i64.const block loop else end", a1, " "); for (i in a1) ink[a1[i]] = 1
    ink["drop"] = 9; ink["br"] = 765; ink["br_if"] = 765; ink["br_unless"] = 765; ink["if"] = 765
    ink["select"] = 1250; ink["call"] = 3800; ink["local.get"] = 75; ink["local.tee"] = 75; ink["local.set"] = 210
    ink["global.get"] = 225; ink["global.set"] = 575; ink["memory.size"] = 3000; ink["memory.grow"] = 8050
    ink["memory.copy"] = 950; ink["memory.fill"] = 950
    ends["end"] = 1; ends["else"] = 1; ends["return"] = 1; ends["loop"] = 1; ends["br"] = 1; ends["br_if"] = 1
    ends["br_unless"] = 1; ends["br_table"] = 1; ends["if"] = 1; ends["call"] = 1; ends["call_indirect"] = 1
  }
  function flush() {
    if (entry != "") {
      ink_total = total + 2450 * blocks
      printf "%-10s %22s %14d %14.0f %10.0f\n", entry, result, n, ink_total, ink_total / 10000
    }
    n = 0; total = 0; blocks = 0; result = ""
  }
  /^>>> running export/ { flush(); entry = $4; gsub(/[":]/, "", entry); next }
  /^#[0-9]+\. / {
    op = $0; sub(/^[^|]*\| /, "", op); split(op, parts, " "); o = parts[1]
    n++
    c = ink[o]
    if (c == "") {
      if (o ~ /^i32\.load/) c = 670; else if (o ~ /^i64\.load/) c = 680
      else if (o ~ /^i32\.store/) c = 825; else if (o ~ /^i64\.store/) c = 950
      else if (o ~ /^i32\.(eqz|eq|ne|lt|gt|le|ge)/) c = 170; else if (o ~ /^i64\.(eqz|eq|ne|lt|gt|le|ge)/) c = 225
      else if (o ~ /^i(32|64)\.(clz|ctz)/) c = 210; else if (o ~ /^i32\.(add|sub)$/) c = 70
      else if (o ~ /^i(32|64)\.mul$/) c = 160; else if (o ~ /^i32\.(div|rem)/) c = 1120
      else if (o ~ /^i64\.(div|rem)/) c = 1270; else if (o ~ /^i64\.(add|sub)$/) c = 100
      else if (o ~ /^i32\.(and|or|xor|shl|shr|rotl|rotr)/) c = 70
      else if (o ~ /^i64\.(and|or|xor|shl|shr|rotl|rotr)/) c = 100; else if (o ~ /^i32\.popcnt/) c = 2650
      else if (o ~ /^i64\.popcnt/) c = 6000; else if (o ~ /wrap|extend/) c = 100; else if (o == "br_table") c = 2400
      else if (o == "call_indirect") c = 13610; else c = 100
    }
    total += c
    if (o in ends) blocks++
    next
  }
  /\(\) => / { result = $0; sub(/^.*=> /, "", result) }
  END { flush() }'
