#!/usr/bin/env bash
# Gate one Stylus program: prints every reason nitro would refuse to deploy or activate it, exits 1 if any.
#
#   bash scripts/check-wasm.sh <module.wasm> <code.bin>
#
# <code.bin> is the program's classic deployable code (EF F0 00 00 + brotli stream). A program whose classic
# code exceeds 24 576 bytes also has <program>.fragment-<i>.bin and <program>.root.json beside it (written by
# `python3 scripts/wasm_gates.py package`), and those are checked too.
#
# Two passes, both against nitro v3.10.0 at ArbOS 60 (Stylus version 3):
#   1. wasm-validate with the WASM features nitro's validator enables (crates/prover/src/binary.rs
#      `parse_with_stylus_version`): mutable globals, sign extension, saturating float-to-int (then refused as a
#      float instruction) and bulk memory; multi-value, reference types and SIMD disabled, as are threads, tail
#      calls, exceptions, GC, memory64, multi-memory and extended const (wabt's defaults).
#   2. scripts/wasm_gates.py: the operators nitro refuses after validation (bulk memory beyond memory.copy and
#      memory.fill, floats), imports, exports, memory, the activation limits of `parse_user`, the init costs,
#      MaxWasmSize, the code layout and MaxFragmentCount. Its docstring lists each check with nitro's source.
set -uo pipefail
[ $# -eq 2 ] || { echo "usage: check-wasm.sh <module.wasm> <code.bin>" >&2; exit 2; }
wasm=$1 bin=$2
gates="$(cd "$(dirname "$0")" && pwd)/wasm_gates.py"
failed=0

if ! log=$(wasm-validate --disable-multi-value --disable-reference-types --disable-simd "$wasm" 2>&1); then
  echo "uses a WASM feature nitro rejects: $(echo "$log" | head -n2 | tr '\n' ' ')"
  failed=1
fi
python3 "$gates" check "$wasm" "$bin" || failed=1
exit $failed
