#!/usr/bin/env bash
# The project's test command (the README's, and what CI runs after scripts/setup.sh):
# builds every Stylus contract with all its gates, checks the ABIs for drift, builds the Solidity side
# with forge, and runs every test suite. Each stage prints its name and duration; the first failure stops.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"
# The Stylus artifacts are built below, so tests that need them must not skip.
export BALLAST_REQUIRE_STYLUS=1
# One-shot builds gain nothing from incremental compilation, whose caches took 2 GB of disk.
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}

# Free disk is printed before and after every stage: a full disk shows up as an unrelated crash (SIGBUS in the
# linker), and this is how a log tells the two apart.
disk_free() { df -Pk "$root" | awk 'NR==2 {printf "%.1f GB free", $4 / 1048576}'; }
stage() {
  local name=$1; shift
  local start=$SECONDS
  echo "==> $name ($(disk_free))"
  if ! "$@"; then
    echo "<== $name FAILED after $((SECONDS - start)) s ($(disk_free))"
    exit 1
  fi
  echo "<== $name ($((SECONDS - start)) s, $(disk_free))"
}

stage "wasm gate self-test" bash tests/wasm-gates/run.sh
stage "build + gate Stylus contracts" bash scripts/build-wasm.sh
stage "ABI drift check" bash scripts/check-abi.sh --check
stage "forge build" forge build
stage "forge test (mocks)" forge test
stage "ABI drift check self-test" python3 tests/abi-check/test_check_abi.py
stage "cargo fmt" cargo fmt --all --check
stage "cargo clippy (warnings are errors)" cargo clippy --workspace --all-targets --locked -- -D warnings
stage "cargo test" cargo test --workspace --locked
stage "ABI export tool tests" cargo test -p ballast-abi --features export-tools --locked
stage "devnet smoke test with cast" bash scripts/devnet-cast-smoke.sh
stage "fuzz risk-math (30 s)" bash scripts/fuzz-risk-math.sh 30
# cargo-stylus takes 15-50 minutes to compile on this machine kind, too long for every CI run: the stage runs
# where cargo-stylus 0.10.10 is already installed (`cargo install cargo-stylus --locked --version 0.10.10`) and
# says loudly that it skipped otherwise.
if cargo-stylus stylus --version 2>/dev/null | grep -q '0\.10\.10'; then
  stage "cargo-stylus compatibility (deploy fragmented programs to ballast devnet)" bash scripts/check-cargo-stylus.sh
else
  echo "==> cargo-stylus compatibility SKIPPED: cargo-stylus 0.10.10 is not installed (bash scripts/check-cargo-stylus.sh installs it)"
fi
