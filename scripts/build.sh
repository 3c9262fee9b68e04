#!/usr/bin/env bash
# Main job: build and size-check every Stylus contract, then export each contract's ABI to abi/json/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"
bash scripts/build-wasm.sh
bash scripts/check-abi.sh
