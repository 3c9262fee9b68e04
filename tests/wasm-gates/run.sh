#!/usr/bin/env bash
# Proves scripts/check-wasm.sh accepts what nitro accepts and refuses, with the expected reason, what it refuses.
#
# Each *.wat here starts with `;; expect: pass` or `;; expect: <substring of the reason>`; gen_fixtures.py writes
# the modules too big to commit (activation limits, fragment counts, MaxWasmSize) with their expectations. Every
# module is packaged as build-wasm.sh packages a contract (classic code, then fragments and root parameters
# when needed) and checked; `pass, <n> fragments` also checks the fragment files. Last, tampered artifacts of a
# fragmented program (a changed fragment, a missing root.json, an unprefixed code) must be refused.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
gates="$root/scripts/wasm_gates.py"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { passed=$((passed+1)); echo "ok   $1"; }
fail() { failed=$((failed+1)); echo "FAIL $1: $2"; }

package() { # name: $tmp/<name>.wasm -> $tmp/<name>.bin (+ fragments, root.json)
  { printf '\xef\xf0\x00\x00'; brotli -q 11 -c "$tmp/$1.wasm"; } > "$tmp/$1.bin"
  python3 "$gates" package "$tmp/$1.wasm" "$tmp/$1.bin"
}
expect() { # name expectation
  local name=$1 want=$2 out rc
  out=$(bash "$root/scripts/check-wasm.sh" "$tmp/$name.wasm" "$tmp/$name.bin"); rc=$?
  case "$want" in
    pass*)
      [ $rc -eq 0 ] || { fail "$name" "refused (exit $rc): $out"; return; }
      local n=0 want_n=0
      [[ "$want" =~ ([0-9]+)\ fragments ]] && want_n=${BASH_REMATCH[1]}
      n=$(find "$tmp" -name "$name.fragment-*.bin" | wc -l)
      [ "$n" -eq "$want_n" ] || { fail "$name" "$n fragment files, expected $want_n"; return; }
      if [ "$want_n" -gt 0 ] && ! grep -q "\"fragment_count\": $want_n" "$tmp/$name.root.json"; then
        fail "$name" "root.json does not say $want_n fragments"; return
      fi
      ok "$name" ;;
    *)
      if [ $rc -ne 0 ] && grep -qF -- "$want" <<< "$out"; then ok "$name"
      else fail "$name" "expected a refusal containing '$want' (exit $rc): $out"; fi ;;
  esac
}

for wat in "$here"/*.wat; do
  name=$(basename "$wat" .wat)
  want=$(sed -n '1s/^;; expect: //p' "$wat")
  [ -n "$want" ] || { fail "$name" "first line is not ';; expect: ...'"; continue; }
  wat2wasm --enable-all "$wat" -o "$tmp/$name.wasm" || { fail "$name" "wat2wasm"; continue; }
  package "$name"
  expect "$name" "$want"
done
while IFS=$'\t' read -r name want; do
  package "$name"
  expect "$name" "$want"
done < <(python3 "$here/gen_fixtures.py" "$tmp")

# Tampered artifacts of the two-fragment program.
cp "$tmp/two-fragments.wasm" "$tmp/tampered.wasm"
package tampered
python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[100] ^= 1; open(sys.argv[1], "wb").write(b)' \
  "$tmp/tampered.fragment-1.bin"
expect tampered "do not match the code"
package tampered
rm "$tmp/tampered.root.json"
expect tampered "is unreadable"
cp "$tmp/accepted.wasm" "$tmp/unprefixed.wasm"
brotli -q 11 -c "$tmp/unprefixed.wasm" > "$tmp/unprefixed.bin"
expect unprefixed "lacks the Stylus prefix"

echo "wasm-gates: $passed passed, $failed failed"
[ $failed -eq 0 ]
