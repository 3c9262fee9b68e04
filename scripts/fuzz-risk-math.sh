#!/usr/bin/env bash
# Fuzzes every public function of ballast-risk-math for <seconds> (default 60): any panic, including an
# arithmetic overflow (the fuzz build keeps overflow checks on), fails the run.
#
# Primary: libFuzzer (libfuzzer-sys, coverage-guided) built with stable cargo through the sanitizer-coverage
# LLVM passes, as cargo-fuzz does. Fallback when libFuzzer cannot be built here (no C++ compiler): a seeded
# pseudo-random driver over the same fuzz body (contracts/risk-math/fuzz/src/lib.rs).
# Usage: scripts/fuzz-risk-math.sh [seconds] [--random]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
mode=${2:-}
fuzz_dir="$root/contracts/risk-math/fuzz"
target_dir="${CARGO_TARGET_DIR:-$root/target}/risk-math-fuzz"
host=$(rustc -vV | sed -n 's/^host: //p')

if [[ "$mode" != "--random" ]]; then
  flags="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4"
  flags+=" -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table"
  flags+=" -Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing"
  if (cd "$fuzz_dir" && RUSTFLAGS="$flags" cargo build --release --features libfuzzer --bin public_api \
        --target "$host" --target-dir "$target_dir" >&2); then
    corpus=$(mktemp -d)
    trap 'rm -rf "$corpus"' EXIT
    echo "fuzz-risk-math: libFuzzer for ${secs}s"
    "$target_dir/$host/release/public_api" -max_total_time="$secs" -max_len=160 -print_final_stats=1 "$corpus"
    exit 0
  fi
  echo "fuzz-risk-math: libFuzzer build failed; falling back to the random driver" >&2
fi
(cd "$fuzz_dir" && cargo build --release --bin random_driver --target-dir "$target_dir" >&2)
"$target_dir/release/random_driver" "$secs" "${FUZZ_SEED:-$RANDOM}"
