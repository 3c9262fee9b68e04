#!/usr/bin/env python3
"""Exports the Solidity mocks' ABI and bytecode for the Rust side (local chain, end-to-end tests).

    python3 scripts/export-mock-artifacts.py           # forge build, then write abi/mocks/<Mock>.json
    python3 scripts/export-mock-artifacts.py --check   # forge build, then fail if a committed file is stale

The mocks live in tests/foundry/mocks/ and are compiled by forge (foundry.toml: pinned solcjs, no metadata hash,
so the bytecode is reproducible). forge's out/ is not committed; each abi/mocks/<Mock>.json keeps only
`abi`, `bytecode.object` and `deployedBytecode.object`, the subset alloy's `sol!` reads, so crate ballast-abi
binds each mock with its creation code (`MockErc20::BYTECODE`, and `MockErc20::deploy` under feature `rpc`)
and Rust tests need neither node nor forge. Standard library only.
"""

import difflib
import glob
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MOCKS_DIR = os.path.join(ROOT, "tests", "foundry", "mocks")
OUT_DIR = os.path.join(ROOT, "abi", "mocks")
FORGE = os.path.join(ROOT, "node_modules", ".bin", "forge")


def artifact(name):
    path = os.path.join(ROOT, "out", f"{name}.sol", f"{name}.json")
    with open(path, encoding="utf-8") as f:
        built = json.load(f)
    return {
        "abi": built["abi"],
        "bytecode": {"object": built["bytecode"]["object"]},
        "deployedBytecode": {"object": built["deployedBytecode"]["object"]},
    }


def main():
    check = sys.argv[1:] == ["--check"]
    if sys.argv[1:] not in ([], ["--check"]):
        print("usage: scripts/export-mock-artifacts.py [--check]", file=sys.stderr)
        return 2
    if not os.access(FORGE, os.X_OK):
        print("export-mock-artifacts: forge is not installed: run scripts/setup.sh", file=sys.stderr)
        return 1
    build = subprocess.run([FORGE, "build", "--quiet"], cwd=ROOT, check=False)
    if build.returncode != 0:
        print("export-mock-artifacts: forge build failed", file=sys.stderr)
        return 1

    names = sorted(os.path.basename(p)[: -len(".sol")] for p in glob.glob(os.path.join(MOCKS_DIR, "*.sol")))
    expected = {f"{name}.json" for name in names}
    stale = []
    os.makedirs(OUT_DIR, exist_ok=True)
    for name in names:
        rendered = json.dumps(artifact(name), indent=2) + "\n"
        path = os.path.join(OUT_DIR, f"{name}.json")
        relative = os.path.relpath(path, ROOT)
        if check:
            committed = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
            if committed != rendered:
                diff = difflib.unified_diff(
                    committed.splitlines(), rendered.splitlines(), relative, "forge build", lineterm="", n=1
                )
                stale.append(f"{relative} is stale or missing:\n" + "\n".join(list(diff)[:40]))
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(rendered)
            print(f"export-mock-artifacts: wrote {relative}")
    for leftover in sorted(set(os.listdir(OUT_DIR)) - expected):
        stale.append(f"abi/mocks/{leftover} has no mock in tests/foundry/mocks/: delete it")
    if stale:
        print("export-mock-artifacts: FAIL " + "\n".join(stale), file=sys.stderr)
        print("export-mock-artifacts: run scripts/export-mock-artifacts.py and commit abi/mocks/", file=sys.stderr)
        return 1
    if check:
        print(f"export-mock-artifacts: abi/mocks/ is up to date ({', '.join(names)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
