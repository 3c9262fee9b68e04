#!/usr/bin/env bash
# Gate one Stylus artifact: prints every reason it would fail activation or deployment, exits 1 if any.
#
#   bash scripts/check-wasm.sh [--size-report-only] <module.wasm> <deployable.bin>
#
# --size-report-only: the two size limits are printed as "size: ..." lines but do not fail the check (for a
# contract whose Cargo.toml declares, with a reason, that it is not yet deployable; see build-wasm.sh).
#
# Checks (see ../shared/docs/stylus-host-facts.md §2 and §9.1):
#   - MVP features only (no bulk memory, sign extension, multi-value, reference types, saturating
#     float-to-int, SIMD) and no float instruction at all;
#   - only function imports, all from module `vm_hooks`;
#   - exports `user_entrypoint` and `memory`; no start function;
#   - deployable code (prefix included) <= 24 576 bytes, decompressed module <= 128 KiB;
#   - the deployable code is the Stylus prefix EF F0 00 00 followed by a brotli stream of the module.
set -uo pipefail
size_report_only=false
[ "${1:-}" = "--size-report-only" ] && { size_report_only=true; shift; }
[ $# -eq 2 ] || { echo "usage: check-wasm.sh [--size-report-only] <module.wasm> <deployable.bin>" >&2; exit 2; }
wasm=$1 bin=$2
readonly MAX_CODE_BYTES=24576 MAX_WASM_BYTES=131072
reasons=()

if ! log=$(wasm-validate --disable-bulk-memory --disable-sign-extension --disable-multi-value \
    --disable-reference-types --disable-saturating-float-to-int --disable-simd "$wasm" 2>&1); then
  reasons+=("uses a WASM feature Stylus rejects: $(echo "$log" | head -n2 | tr '\n' ' ')")
fi
if disasm=$(wasm-objdump -d "$wasm" 2>/dev/null) && details=$(wasm-objdump -x "$wasm" 2>/dev/null); then
  floats=$(echo "$disasm" | grep -Eo '\b(f32|f64)\.[a-z_0-9]+' | sort -u | tr '\n' ' ')
  [ -z "$floats" ] || reasons+=("contains float instructions ($floats): Stylus fails activation")
  imports=$(echo "$details" | awk '/^Import\[/{f=1;next} /^[A-Z][A-Za-z]*\[/{f=0} f')
  bad=$(echo "$imports" | grep -v -E '^ - func\[[0-9]+\] sig=[0-9]+ <[^>]*> <- vm_hooks\.[a-z_0-9]+$' | grep -v '^$' | tr '\n' ' ')
  [ -z "$bad" ] || reasons+=("imports anything but vm_hooks functions: $bad")
  grep -q -- '-> "user_entrypoint"' <<< "$details" || reasons+=("no user_entrypoint export")
  grep -Eq -- 'memory\[0\].* -> "memory"' <<< "$details" || reasons+=("no memory export")
  ! grep -q '^Start:' <<< "$details" || reasons+=("has a start function (Stylus rejects it)")
else
  reasons+=("not a parseable WASM module")
fi

wasm_bytes=$(stat -c %s "$wasm"); code_bytes=$(stat -c %s "$bin")
size_reasons=()
[ "$wasm_bytes" -le "$MAX_WASM_BYTES" ] || size_reasons+=("module is $wasm_bytes bytes > MaxWasmSize $MAX_WASM_BYTES")
[ "$code_bytes" -le "$MAX_CODE_BYTES" ] || size_reasons+=("deployable code is $code_bytes bytes > Stylus limit $MAX_CODE_BYTES (24 KiB)")
if $size_report_only; then
  for r in "${size_reasons[@]+"${size_reasons[@]}"}"; do echo "size (report-only): $r"; done
else
  reasons+=("${size_reasons[@]+"${size_reasons[@]}"}")
fi
prefix=$(head -c4 "$bin" | od -An -tx1 | tr -d ' \n')
[ "$prefix" = "eff00000" ] || reasons+=("deployable code lacks the Stylus prefix EF F0 00 00 (found $prefix)")
tail -c +5 "$bin" | brotli -d -c 2>/dev/null | cmp -s - "$wasm" || reasons+=("deployable code does not decompress to the module")

for r in "${reasons[@]+"${reasons[@]}"}"; do echo "$r"; done
[ ${#reasons[@]} -eq 0 ]
