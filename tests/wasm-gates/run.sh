#!/usr/bin/env bash
# Proves scripts/check-wasm.sh rejects what Stylus rejects: each rejected-*.wat must fail with the
# expected reason, accepted.wat must pass, and so must a deployable code that is too large or unprefixed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
expect() { # name wasm bin expected-substring ("" = must pass) [extra check-wasm.sh flags...]
  local out; out=$(bash "$root/scripts/check-wasm.sh" "${@:5}" "$2" "$3"); local rc=$?
  if [ -z "$4" ] && [ $rc -eq 0 ]; then passed=$((passed+1)); echo "ok   $1";
  elif [ -n "$4" ] && [ $rc -ne 0 ] && grep -q -- "$4" <<< "$out"; then passed=$((passed+1)); echo "ok   $1";
  else failed=$((failed+1)); echo "FAIL $1 (exit $rc): $out"; fi
}
deployable() { { printf '\xef\xf0\x00\x00'; brotli -q 11 -c "$1"; } > "$2"; }
for wat in "$here"/*.wat; do
  name=$(basename "$wat" .wat)
  wat2wasm --enable-all "$wat" -o "$tmp/$name.wasm" || { failed=$((failed+1)); echo "FAIL $name: wat2wasm"; continue; }
  deployable "$tmp/$name.wasm" "$tmp/$name.bin"
done
expect accepted "$tmp/accepted.wasm" "$tmp/accepted.bin" ""
expect rejected-float "$tmp/rejected-float.wasm" "$tmp/rejected-float.bin" "float instructions"
expect rejected-import "$tmp/rejected-import.wasm" "$tmp/rejected-import.bin" "imports anything but vm_hooks"
expect rejected-no-entrypoint "$tmp/rejected-no-entrypoint.wasm" "$tmp/rejected-no-entrypoint.bin" "no user_entrypoint"
expect rejected-no-memory "$tmp/rejected-no-memory.wasm" "$tmp/rejected-no-memory.bin" "no memory export"
expect rejected-start "$tmp/rejected-start.wasm" "$tmp/rejected-start.bin" "start function"
expect rejected-bulk-memory "$tmp/rejected-bulk-memory.wasm" "$tmp/rejected-bulk-memory.bin" "feature Stylus rejects"
expect rejected-multi-value "$tmp/rejected-multi-value.wasm" "$tmp/rejected-multi-value.bin" "feature Stylus rejects"
# A valid module carrying 30 000 random (incompressible) bytes: its deployable code exceeds 24 KiB.
python3 - "$tmp/big.wat" <<'PY'
import os, sys
data = "".join(f"\\{b:02x}" for b in os.urandom(30000))
open(sys.argv[1], "w").write(
    '(module (memory (export "memory") 1 1) (data (i32.const 0) "' + data + '")'
    ' (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))')
PY
wat2wasm "$tmp/big.wat" -o "$tmp/big.wasm" && deployable "$tmp/big.wasm" "$tmp/big.bin"
expect rejected-oversized "$tmp/big.wasm" "$tmp/big.bin" "Stylus limit 24576"
{ brotli -q 11 -c "$tmp/accepted.wasm"; } > "$tmp/unprefixed.bin"
expect rejected-unprefixed "$tmp/accepted.wasm" "$tmp/unprefixed.bin" "lacks the Stylus prefix"
# Report-only sizing (a contract declared not yet deployable) still reports the size and still fails
# every other gate.
out=$(bash "$root/scripts/check-wasm.sh" --size-report-only "$tmp/big.wasm" "$tmp/big.bin"); rc=$?
if [ $rc -eq 0 ] && grep -q "size (report-only): deployable code is" <<< "$out"; then
  passed=$((passed+1)); echo "ok   report-only-size-reported"
else failed=$((failed+1)); echo "FAIL report-only-size-reported (exit $rc): $out"; fi
expect report-only-still-rejects-floats "$tmp/rejected-float.wasm" "$tmp/rejected-float.bin" "float instructions" --size-report-only
echo "wasm-gates: $passed passed, $failed failed"
[ $failed -eq 0 ]
