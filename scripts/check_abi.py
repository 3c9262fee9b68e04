#!/usr/bin/env python3
"""Compares a contract's hand-written Solidity interface with the interface its Rust code exports.

    python3 scripts/check_abi.py --name IInsuranceFund --interface abi/interfaces/IInsuranceFund.sol \
        --rust /tmp/IInsuranceFund.rust.sol --json abi/json/InsuranceFund.json [--check]

Both files are compiled with scripts/solc (the pinned solcjs) to JSON ABIs. Functions (name, inputs with names
and struct component layouts, output types, state mutability), events (name, inputs, indexed flags, anonymity)
and errors (name, inputs) are normalised and compared; any difference fails with a readable diff. Then the
Rust-side ABI is written to --json, or with --check compared with the committed file, which fails when stale.
The names of function outputs are the one thing Rust cannot express (stylus exports `returns (uint256)`): they
are not compared, and the written ABI takes them from the interface, so bindings read `result.shares`.
scripts/check-abi.sh runs this for every contract; see it for where the Rust-side interface comes from.
Standard library only.
"""

import argparse
import difflib
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOLC = os.path.join(ROOT, "scripts", "solc")


class AbiError(Exception):
    """A failure to report (compile error, drift, stale file); the message is the report."""


def compile_abis(path_contracts):
    """Returns the JSON ABI of each (Solidity file, contract) pair, compiled by scripts/solc in one run."""
    sources = {}
    selection = {}
    for path, contract in path_contracts:
        unit = os.path.relpath(os.path.abspath(path), ROOT)
        with open(path, encoding="utf-8") as f:
            sources[unit] = {"content": f.read()}
        selection.setdefault(unit, {})[contract] = ["abi"]
    request = {"language": "Solidity", "sources": sources, "settings": {"outputSelection": selection}}
    result = subprocess.run(
        [SOLC, "--base-path", ROOT, "--standard-json"],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise AbiError(f"scripts/solc failed:\n{result.stderr}")
    output = json.loads(result.stdout)
    errors = [e for e in output.get("errors", []) if e.get("severity") == "error"]
    if errors:
        files = sorted({e.get("sourceLocation", {}).get("file", "?") for e in errors})
        messages = "\n".join(e.get("formattedMessage", e.get("message", "")) for e in errors)
        raise AbiError(f"{', '.join(files)} does not compile:\n{messages}")
    abis = []
    for path, contract in path_contracts:
        unit = os.path.relpath(os.path.abspath(path), ROOT)
        try:
            abis.append(output["contracts"][unit][contract]["abi"])
        except KeyError:
            raise AbiError(f"{path} declares no contract or interface named {contract}") from None
    return abis


def normalise_internal_type(internal_type):
    """Keeps what a binding sees of a parameter's Solidity type: struct and enum names, without their scope."""
    if not internal_type:
        return None
    kind, _, name = internal_type.partition(" ")
    if kind in ("struct", "enum"):
        array_suffix = name[name.index("[") :] if "[" in name else ""
        base = name[: len(name) - len(array_suffix)] if array_suffix else name
        return f"{kind} {base.rsplit('.', 1)[-1]}{array_suffix}"
    return None


def normalise_param(param, with_indexed):
    out = {"name": param.get("name", ""), "type": param["type"]}
    internal_type = normalise_internal_type(param.get("internalType"))
    if internal_type:
        out["struct"] = internal_type
    if "components" in param:
        out["components"] = [normalise_param(c, False) for c in param["components"]]
    if with_indexed:
        out["indexed"] = bool(param.get("indexed", False))
    return out


def canonical_type(param):
    """The ABI type as used in signatures: tuples expanded to their component types."""
    ty = param["type"]
    if ty.startswith("tuple"):
        return "(" + ",".join(canonical_type(c) for c in param["components"]) + ")" + ty[len("tuple") :]
    return ty


def normalise(abi):
    """Maps `kind signature` to the normalised entry, e.g. `function deposit(uint256,address)`."""
    entries = {}
    for entry in abi:
        kind = entry["type"]
        inputs = entry.get("inputs", [])
        signature = f"{kind} {entry.get('name', '')}({','.join(canonical_type(p) for p in inputs)})"
        normalised = {"type": kind}
        if "name" in entry:
            normalised["name"] = entry["name"]
        normalised["inputs"] = [normalise_param(p, kind == "event") for p in inputs]
        if kind == "function":
            outputs = [normalise_param(p, False) for p in entry.get("outputs", [])]
            for output in outputs:
                del output["name"]
            normalised["outputs"] = outputs
        if "stateMutability" in entry:
            normalised["stateMutability"] = entry["stateMutability"]
        if kind == "event":
            normalised["anonymous"] = bool(entry.get("anonymous", False))
        if signature in entries:
            raise AbiError(f"duplicate ABI entry {signature}")
        entries[signature] = normalised
    return entries


def diff_abis(interface_abi, rust_abi, interface_label, rust_label):
    """Returns a readable report of every difference, or an empty string when the ABIs agree."""
    ours = normalise(interface_abi)
    theirs = normalise(rust_abi)
    lines = []
    for signature in sorted(ours.keys() - theirs.keys()):
        lines.append(f"  only in {interface_label}: {signature}")
    for signature in sorted(theirs.keys() - ours.keys()):
        lines.append(f"  only in {rust_label}: {signature}")
    for signature in sorted(ours.keys() & theirs.keys()):
        if ours[signature] != theirs[signature]:
            lines.append(f"  differs: {signature}")
            before = json.dumps(ours[signature], indent=2, sort_keys=True).splitlines()
            after = json.dumps(theirs[signature], indent=2, sort_keys=True).splitlines()
            for line in difflib.unified_diff(before, after, interface_label, rust_label, lineterm="", n=2):
                lines.append(f"    {line}")
    return "\n".join(lines)


def with_output_names(rust_abi, interface_abi):
    """The Rust-side ABI with each function's output names taken from the interface (types already agree)."""
    names = {}
    for entry in interface_abi:
        if entry["type"] == "function":
            signature = f"{entry['name']}({','.join(canonical_type(p) for p in entry['inputs'])})"
            names[signature] = [output.get("name", "") for output in entry.get("outputs", [])]
    named = []
    for entry in rust_abi:
        if entry["type"] == "function":
            signature = f"{entry['name']}({','.join(canonical_type(p) for p in entry['inputs'])})"
            entry = dict(entry)
            entry["outputs"] = [dict(o, name=n) for o, n in zip(entry.get("outputs", []), names[signature])]
        named.append(entry)
    return named


def render(abi):
    return json.dumps(abi, indent=2) + "\n"


def check_contract(name, interface_path, rust_path, json_path, check):
    interface_abi, rust_abi = compile_abis([(interface_path, name), (rust_path, name)])
    report = diff_abis(interface_abi, rust_abi, interface_path, "Rust export")
    if report:
        raise AbiError(f"{name}: the interface and the Rust code disagree:\n{report}")
    rendered = render(with_output_names(rust_abi, interface_abi))
    if check:
        try:
            with open(json_path, encoding="utf-8") as f:
                committed = f.read()
        except FileNotFoundError:
            raise AbiError(f"{json_path} is missing: run scripts/check-abi.sh and commit it") from None
        if committed != rendered:
            stale = difflib.unified_diff(
                committed.splitlines(), rendered.splitlines(), json_path, "current Rust export", lineterm="", n=2
            )
            raise AbiError(
                f"{json_path} is stale: run scripts/check-abi.sh and commit it\n" + "\n".join(stale)
            )
        return f"{name}: interface matches the Rust code; {json_path} is up to date"
    os.makedirs(os.path.dirname(json_path) or ".", exist_ok=True)
    with open(json_path, "w", encoding="utf-8") as f:
        f.write(rendered)
    counts = {kind: sum(1 for e in rust_abi if e["type"] == kind) for kind in ("function", "event", "error")}
    return (
        f"{name}: interface matches the Rust code ({counts['function']} functions, {counts['event']} events, "
        f"{counts['error']} errors); wrote {json_path}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--name", required=True, help="interface name, e.g. IInsuranceFund")
    parser.add_argument("--interface", required=True, help="the hand-written interface (.sol)")
    parser.add_argument("--rust", required=True, help="the Rust-side interface from rust-abi-interface (.sol)")
    parser.add_argument("--json", required=True, help="where the Rust-side JSON ABI is written or checked")
    parser.add_argument("--check", action="store_true", help="fail when --json is stale instead of writing it")
    args = parser.parse_args()
    try:
        print(f"check-abi: {check_contract(args.name, args.interface, args.rust, args.json, args.check)}")
    except AbiError as err:
        print(f"check-abi: FAIL {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
