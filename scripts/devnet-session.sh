#!/usr/bin/env bash
# Sourced (not run) by the scripts that drive `ballast devnet` with cast: scripts/devnet-cast-smoke.sh and
# scripts/check-cargo-stylus.sh. The caller sets `root` and `script` (its name, for messages); this file
#   - finds cast (CAST, default node_modules/.bin/cast from scripts/setup.sh) and a built `ballast` (BALLAST,
#     default `cargo build -p ballast-cli` into $CARGO_TARGET_DIR or target/),
#   - starts the devnet on a free loopback port in a fresh work folder `$work` (its log is $work/devnet.log),
#     sets `rpc`, stops the devnet and removes `$work` on exit, and waits (bounded) until it answers,
#   - defines `check NAME EXPECTED ACTUAL`, which counts passes in `passed` and on a mismatch prints
#     "N passed, 1 failed" and exits 1.

cast=${CAST:-$root/node_modules/.bin/cast}
[ -x "$cast" ] || { echo "$script: cast not found at $cast (run scripts/setup.sh or set CAST)" >&2; exit 1; }
if [ -z "${BALLAST:-}" ]; then
  cargo build --quiet -p ballast-cli
  BALLAST=${CARGO_TARGET_DIR:-$root/target}/debug/ballast
fi

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
rpc=http://127.0.0.1:$port
"$BALLAST" devnet --port "$port" >"$work/devnet.log" 2>&1 &
devnet_pid=$!
cleanup() {
  kill -INT "$devnet_pid" 2>/dev/null || true
  wait "$devnet_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Bounded wait for the server: 120 tries, 0.5 s apart.
for _ in $(seq 120); do
  if "$cast" chain-id --rpc-url "$rpc" >/dev/null 2>&1; then break; fi
  kill -0 "$devnet_pid" 2>/dev/null || { cat "$work/devnet.log" >&2; echo "$script: devnet exited" >&2; exit 1; }
  sleep 0.5
done

passed=0
check() { # check NAME EXPECTED ACTUAL
  if [ "$2" != "$3" ]; then
    echo "FAIL $1: expected '$2', got '$3'" >&2
    echo "$passed passed, 1 failed"
    exit 1
  fi
  echo "ok   $1"
  passed=$((passed + 1))
}
