#!/usr/bin/env bash
# Regenerates StylusDeployer.runtime.hex (deployed bytecode, hex without 0x) from StylusDeployer.sol
# with the project's pinned solc (scripts/solc, npm solcjs). The hex is committed and installed in the
# devnet genesis, so building the devnet needs no Solidity compiler.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
python3 - "$here" "$repo" <<'PY'
import json, subprocess, sys
here, repo = sys.argv[1], sys.argv[2]
request = {
    "language": "Solidity",
    "sources": {"StylusDeployer.sol": {"content": open(f"{here}/StylusDeployer.sol").read()}},
    "settings": {
        "optimizer": {"enabled": True, "runs": 200},
        "evmVersion": "cancun",
        "outputSelection": {"*": {"*": ["evm.deployedBytecode.object"]}},
    },
}
out = subprocess.run([f"{repo}/scripts/solc", "--standard-json"], input=json.dumps(request),
                     capture_output=True, text=True, check=True).stdout
result = json.loads(out)
errors = [e for e in result.get("errors", []) if e["severity"] == "error"]
if errors:
    sys.exit("\n".join(e["formattedMessage"] for e in errors))
code = result["contracts"]["StylusDeployer.sol"]["StylusDeployer"]["evm"]["deployedBytecode"]["object"]
open(f"{here}/StylusDeployer.runtime.hex", "w").write(code + "\n")
print(f"StylusDeployer.runtime.hex: {len(code) // 2} bytes")
PY
