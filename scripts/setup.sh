#!/usr/bin/env bash
# One idempotent set-up step for a fresh Debian machine of the project's kind (run as root; CI runs it too).
#
#   bash scripts/setup.sh
#
# Installs what nothing else on the machine provides:
#   - Debian packages: rustc-web, cargo-web, rust-web-src (Rust with std sources for `-Z build-std`), lld-19
#     (wasm-ld-19), binaryen (wasm-opt), wabt (wasm-validate, wasm-objdump), brotli. Where rustup already has
#     the wasm32-unknown-unknown target and rust-src (a developer laptop), scripts/build-wasm.sh uses that
#     toolchain and the three Rust packages are not needed.
#   - npm packages pinned in package-lock.json: Foundry (forge, cast, anvil) and solc (solcjs, behind the
#     native-solc-compatible wrapper scripts/solc that foundry.toml names).
# Each step runs only when something is missing or stale, so a re-run takes seconds and changes nothing.
# Python scripts use the standard library only: no pip step.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

log() { echo "setup: $*"; }
die() { echo "setup: error: $*" >&2; exit 1; }

# --- Debian packages -------------------------------------------------------------------------
# rustup's wasm32 target with rust-src replaces the Debian Rust packages (scripts/build-wasm.sh makes the same test).
rustup_has_wasm32() {
  command -v rustup >/dev/null 2>&1 \
    && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
    && rustup component list --installed 2>/dev/null | grep -q '^rust-src'
}

apt_packages=(lld-19 binaryen wabt brotli)
if rustup_has_wasm32; then
  log "rustup has wasm32-unknown-unknown and rust-src: scripts/build-wasm.sh uses them; skipping rustc-web, cargo-web, rust-web-src"
else
  apt_packages=(rustc-web cargo-web rust-web-src "${apt_packages[@]}")
fi

is_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

missing=()
for package in "${apt_packages[@]}"; do
  is_installed "$package" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || die "Debian packages missing (${missing[*]}): run this script as root"
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  log "Debian packages present: ${apt_packages[*]}"
fi

for tool in wasm-ld-19 wasm-opt wasm-validate wasm-objdump brotli; do
  command -v "$tool" >/dev/null || die "'$tool' is not on PATH after installing its package"
done

# --- npm: Foundry and solc -------------------------------------------------------------------
command -v node >/dev/null && command -v npm >/dev/null || die "node and npm are required (Debian: nodejs npm)"

# node_modules/.package-lock-sha256 records which lockfile the installed tree came from.
lock_stamp=node_modules/.package-lock-sha256
lock_sha=$(sha256sum package-lock.json | cut -d' ' -f1)
tools_work() {
  node_modules/.bin/forge --version >/dev/null 2>&1 \
    && node_modules/.bin/cast --version >/dev/null 2>&1 \
    && node_modules/.bin/anvil --version >/dev/null 2>&1 \
    && scripts/solc --version >/dev/null 2>&1
}
if [ -f "$lock_stamp" ] && [ "$(cat "$lock_stamp")" = "$lock_sha" ] && tools_work; then
  log "npm packages up to date with package-lock.json"
else
  log "installing npm packages from package-lock.json (npm ci)"
  # --ignore-scripts: the Foundry packages' postinstall only downloads a binary when the platform package is
  # absent; npm installs the platform package itself, and downloads outside the registry are impossible here.
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$lock_sha" >"$lock_stamp"
  tools_work || die "forge, cast, anvil or scripts/solc does not run after npm ci"
fi

log "forge:  $(node_modules/.bin/forge --version | head -n1)"
log "cast:   $(node_modules/.bin/cast --version | head -n1)"
log "anvil:  $(node_modules/.bin/anvil --version | head -n1)"
log "solc:   $(scripts/solc --version | sed -n 's/^Version: //p')"
log "done; put node_modules/.bin on PATH (or use npx) to run forge, cast and anvil"
