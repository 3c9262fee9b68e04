#!/usr/bin/env bash
# Smoke test of `ballast devnet` with Foundry's cast: start the devnet on a free loopback port, drive it with
# cast (chain id, balances, EIP-1559 and legacy transfers, contract deployment, calls, events, reverts,
# snapshots, the clock), compare every answer with the value it must have, stop the devnet. When
# target/stylus/insurance-fund.bin exists (bash scripts/build-wasm.sh), also deploy the InsuranceFund WASM the
# way `cargo stylus deploy` does (data fee from a state-overridden activateProgram call, one StylusDeployer
# transaction) and run deposit, request withdrawal, the cooldown and redeem through cast.
#
#   bash scripts/devnet-cast-smoke.sh
#
# Environment: CAST (default node_modules/.bin/cast, installed by scripts/setup.sh), BALLAST (a built `ballast`
# binary; default: `cargo build -p ballast-cli` into $CARGO_TARGET_DIR or target/). Exits non-zero on the first
# failed check; the last line is "N passed, 0 failed".
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

script=devnet-cast-smoke
# shellcheck source=scripts/devnet-session.sh
source "$root/scripts/devnet-session.sh"
json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# Hardhat/Anvil account 0 and 1 of the public test mnemonic.
key0=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
alice=0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
bob=0x70997970C51812dc3A010C7d01b50e0d17dc79C8

check "banner names the endpoint" 1 "$(grep -c "listening on $rpc" "$work/devnet.log")"
check "chain id" 412346 "$("$cast" chain-id --rpc-url "$rpc")"
check "genesis block number" 0 "$("$cast" block-number --rpc-url "$rpc")"
check "dev balance" 10000000000000000000000 "$("$cast" balance "$alice" --rpc-url "$rpc")"
check "eth_accounts lists bob" 1 "$("$cast" rpc eth_accounts --rpc-url "$rpc" | grep -ci "$bob")"

receipt=$("$cast" send --json --rpc-url "$rpc" --private-key "$key0" "$bob" --value 1ether)
check "eip-1559 transfer status" 0x1 "$(json_field status <<<"$receipt")"
check "eip-1559 transfer type" 0x2 "$(json_field type <<<"$receipt")"
receipt=$("$cast" send --json --legacy --rpc-url "$rpc" --private-key "$key0" "$bob" --value 1ether)
check "legacy transfer status" 0x1 "$(json_field status <<<"$receipt")"
check "legacy transfer type" 0x0 "$(json_field type <<<"$receipt")"
check "bob received 2 ether" 10002000000000000000000 "$("$cast" balance "$bob" --rpc-url "$rpc")"
check "alice nonce" 2 "$("$cast" nonce "$alice" --rpc-url "$rpc")"

bytecode=$(python3 -c 'import json; print(json.load(open("devnet/tests/fixtures/Emitter.json"))["bytecode"]["object"])')
args=$("$cast" abi-encode "constructor(uint256)" 5)
receipt=$("$cast" send --json --rpc-url "$rpc" --private-key "$key0" --create "${bytecode}${args#0x}")
emitter=$(json_field contractAddress <<<"$receipt")
check "deploy status" 0x1 "$(json_field status <<<"$receipt")"
check "counter after deploy" 5 "$("$cast" call "$emitter" "counter()(uint256)" --rpc-url "$rpc")"

receipt=$("$cast" send --json --rpc-url "$rpc" --private-key "$key0" "$emitter" "bump(uint256,bytes)" 3 0x6869)
check "bump status" 0x1 "$(json_field status <<<"$receipt")"
check "counter after bump" 8 "$("$cast" call "$emitter" "counter()(uint256)" --rpc-url "$rpc")"
topic=$("$cast" keccak "Bumped(address,uint256,bytes)")
logs=$("$cast" logs --json --rpc-url "$rpc" --from-block 0 --address "$emitter" "$topic")
check "one Bumped log" 1 "$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' <<<"$logs")"
check "storage slot 0" 0x0000000000000000000000000000000000000000000000000000000000000008 \
  "$("$cast" storage "$emitter" 0 --rpc-url "$rpc")"

# A custom error: cast reports the revert with its data (selector of EmitterZeroBump(uint256), then 8).
selector=$("$cast" sig "EmitterZeroBump(uint256)")
revert=$("$cast" call "$emitter" "bump(uint256,bytes)" 0 0x --rpc-url "$rpc" 2>&1 || true)
check "custom error data returned" 1 "$(grep -c "${selector#0x}0*8" <<<"$revert")"
revert=$("$cast" call "$emitter" "fail()" --rpc-url "$rpc" 2>&1 || true)
check "string revert reason" 1 "$(grep -c "emitter says no" <<<"$revert")"

snapshot=$("$cast" rpc evm_snapshot --rpc-url "$rpc")
"$cast" send --rpc-url "$rpc" --private-key "$key0" "$bob" --value 1ether >/dev/null
check "balance moved before revert" 10003000000000000000000 "$("$cast" balance "$bob" --rpc-url "$rpc")"
check "evm_revert" true "$("$cast" rpc evm_revert "$snapshot" --rpc-url "$rpc")"
check "balance restored by revert" 10002000000000000000000 "$("$cast" balance "$bob" --rpc-url "$rpc")"

before=$("$cast" block latest --field timestamp --rpc-url "$rpc")
"$cast" rpc evm_increaseTime 3600 --rpc-url "$rpc" >/dev/null
"$cast" rpc evm_mine --rpc-url "$rpc" >/dev/null
after=$("$cast" block latest --field timestamp --rpc-url "$rpc")
check "evm_increaseTime moved the clock an hour" 1 "$(( after - before >= 3600 ))"
"$cast" rpc anvil_setBalance 0x0000000000000000000000000000000000000777 0x2a --rpc-url "$rpc" >/dev/null
check "anvil_setBalance" 42 "$("$cast" balance 0x0000000000000000000000000000000000000777 --rpc-url "$rpc")"

fund_bin=target/stylus/insurance-fund.bin
if [ ! -f "$fund_bin" ]; then
  echo "skip InsuranceFund checks: $fund_bin is missing (run bash scripts/build-wasm.sh)"
else
  program=$(python3 -c 'import sys; print("0x" + open(sys.argv[1], "rb").read().hex())' "$fund_bin")
  token_init=$(tr -d '[:space:]' < devnet/tests/fixtures/MockErc20.bin)
  receipt=$("$cast" send --json --rpc-url "$rpc" --private-key "$key0" --create "${token_init#0x}$("$cast" abi-encode "constructor(uint8)" 6 | cut -c3-)")
  token=$(json_field contractAddress <<<"$receipt")
  check "mock erc-20 deployed" 0x1 "$(json_field status <<<"$receipt")"

  # cargo stylus check: not yet active, then the data fee from a simulated activation at a scratch address.
  arb_wasm=0x0000000000000000000000000000000000000071
  scratch=0x00000000000000000000000000000000000c0de5
  probe=0x000000000000000000000000000000000000beef
  not_active=$("$cast" call "$arb_wasm" "codehashVersion(bytes32)(uint16)" "$("$cast" keccak "$program")" --rpc-url "$rpc" 2>&1 || true)
  check "codehashVersion reverts ProgramNotActivated" 1 "$(grep -c 6f809c4e <<<"$not_active")"
  activation=$("$cast" call "$arb_wasm" "activateProgram(address)(uint16,uint256)" "$scratch" --from "$probe" --value 1ether \
    --override-balance "$probe:0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" \
    --override-code "$scratch:$program" --rpc-url "$rpc")
  version=$(sed -n 1p <<<"$activation")
  fee=$(sed -n 2p <<<"$activation" | cut -d' ' -f1)
  check "stylus version (3 since ArbOS 59)" 3 "$version"
  check "data fee is positive" 1 "$(python3 -c 'import sys; print(int(int(sys.argv[1]) > 0))' "$fee")"

  # cargo stylus deploy with a constructor: one StylusDeployer.deploy transaction, value = fee + 20 %.
  init=$(python3 -c 'import sys; n=(len(sys.argv[1])-2)//2; print("0x7f" + n.to_bytes(32,"big").hex() + "80602b60003960" + "00f300" + sys.argv[1][2:])' "$program")
  ctor=0x5585258d$("$cast" abi-encode "f(address,address,address,address)" "$token" "$alice" "$alice" 0x00000000000000000000000000000000000000ee | cut -c3-)
  value=$(python3 -c 'import sys; print(int(sys.argv[1]) * 120 // 100)' "$fee")
  receipt=$("$cast" send --json --rpc-url "$rpc" --private-key "$key0" --value "$value" \
    0xcEcba2F1DC234f70Dd89F2041029807F8D03A990 "deploy(bytes,bytes,uint256,bytes32)" "$init" "$ctor" 0 \
    0x0000000000000000000000000000000000000000000000000000000000000000)
  check "StylusDeployer.deploy status" 0x1 "$(json_field status <<<"$receipt")"
  deployed_topic=$("$cast" keccak "ContractDeployed(address)")
  fund=$(python3 -c 'import json,sys; logs=json.load(sys.stdin)["logs"]; print([("0x"+l["data"][-40:]) for l in logs if l["topics"][0]==sys.argv[1]][0])' "$deployed_topic" <<<"$receipt")
  fund=$("$cast" to-check-sum-address "$fund")
  check "fund owner" "$alice" "$("$cast" call "$fund" "owner()(address)" --rpc-url "$rpc")"
  check "fund asset" "$("$cast" to-check-sum-address "$token")" "$("$cast" call "$fund" "asset()(address)" --rpc-url "$rpc")"
  check "program active" 3 "$("$cast" call "$arb_wasm" "codehashVersion(bytes32)(uint16)" "$("$cast" keccak "$program")" --rpc-url "$rpc")"

  amount=1000000000
  "$cast" send --rpc-url "$rpc" --private-key "$key0" "$token" "mint(address,uint256)" "$alice" "$amount" >/dev/null
  "$cast" send --rpc-url "$rpc" --private-key "$key0" "$token" "approve(address,uint256)" "$fund" "$amount" >/dev/null
  receipt=$("$cast" send --json --rpc-url "$rpc" --private-key "$key0" "$fund" "deposit(uint256,address)" "$amount" "$alice")
  check "deposit status" 0x1 "$(json_field status <<<"$receipt")"
  check "fund holds the deposit" "$amount" "$("$cast" call "$fund" "totalAssets()(uint256)" --rpc-url "$rpc" | cut -d' ' -f1)"
  shares=$("$cast" call "$fund" "balanceOf(address)(uint256)" "$alice" --rpc-url "$rpc" | cut -d' ' -f1)
  receipt=$("$cast" send --json --rpc-url "$rpc" --private-key "$key0" "$fund" "requestWithdraw(uint256)" "$shares")
  check "requestWithdraw status" 0x1 "$(json_field status <<<"$receipt")"
  early=$("$cast" call "$fund" "redeem(uint256,address,address)(uint256)" "$shares" "$alice" "$alice" --from "$alice" --rpc-url "$rpc" 2>&1 || true)
  check "redeem during cooldown reverts InsuranceFundCooldownActive" 1 \
    "$(grep -c "$("$cast" sig "InsuranceFundCooldownActive(address,uint64,uint64)" | cut -c3-)" <<<"$early")"
  cooldown=$("$cast" call "$fund" "cooldown()(uint64)" --rpc-url "$rpc" | cut -d' ' -f1)
  "$cast" rpc evm_increaseTime "$cooldown" --rpc-url "$rpc" >/dev/null
  "$cast" rpc evm_mine --rpc-url "$rpc" >/dev/null
  expected=$("$cast" call "$fund" "previewRedeem(uint256)(uint256)" "$shares" --rpc-url "$rpc" | cut -d' ' -f1)
  receipt=$("$cast" send --json --rpc-url "$rpc" --private-key "$key0" "$fund" "redeem(uint256,address,address)" "$shares" "$alice" "$alice")
  check "redeem after cooldown status" 0x1 "$(json_field status <<<"$receipt")"
  check "assets returned" "$expected" "$("$cast" call "$token" "balanceOf(address)(uint256)" "$alice" --rpc-url "$rpc" | cut -d' ' -f1)"
  check "at most 1 unit kept by rounding" 1 "$(( amount - expected <= 1 ))"
fi

echo "$passed passed, 0 failed"
