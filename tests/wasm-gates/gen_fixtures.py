#!/usr/bin/env python3
"""Writes the fixtures too big to commit: modules at and past nitro's activation limits and modules whose code
needs 2, 4 or 5 fragments or decompresses past MaxWasmSize.

    python3 tests/wasm-gates/gen_fixtures.py <dir>

For each fixture it writes <dir>/<name>.wasm (through wat2wasm) and prints `<name>\\t<expectation>`: `pass`,
`pass, <n> fragments`, or a substring the gate's reason must contain. Large payloads sit in a custom section,
which nitro ignores, so they move the compressed and decompressed sizes without touching any other limit;
their bytes come from a fixed seed, so every run builds the same modules. Standard library only.
"""

import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
import wasm_gates  # noqa: E402

ENTRY = '(func (export "user_entrypoint") (param i32) (result i32) (i32.const 0))'


def module(*items, memory='(memory (export "memory") 1 1)'):
    return "(module " + memory + " " + " ".join(items) + " " + ENTRY + ")"


def custom_section(name, payload):
    """Returns a custom section (id 0) carrying `payload`, to append to a module."""
    body = leb(len(name)) + name.encode() + payload
    return b"\0" + leb(len(body)) + body


def leb(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def with_data_count(wasm):
    """Returns the module with a DataCount section (id 12) inserted before its code section (id 10)."""
    code = next(start for section, start, _ in wasm_gates.Module(wasm).section_ids if section == 10)
    return wasm[:code] + b"\x0c\x01\x01" + wasm[code:]


def functions(n, params=0):
    ty = " ".join(["i32"] * params)
    return [f"(func (param {ty}) (result i32) (i32.const 0))" if params else "(func)"] * n


def fixtures():
    """Yields (name, WAT text, bytes appended as a custom section, None, or a function of the module's bytes,
    expectation)."""
    rng = random.Random(10)
    yield "functions-4096", module(*functions(4095)), None, "pass"
    yield "functions-4097", module(*functions(4096)), None, "too many functions: 4097 > 4096"
    yield "data-segments-129", module(*[f'(data (i32.const {i}) "x")' for i in range(129)]), None, \
        "too many data segments: 129 > 128"
    yield "locals-349", module("(func (local " + " i32" * 349 + "))"), None, "too many locals in function 0"
    yield "operators-65537", module("(func " + "nop " * 65536 + ")"), None, "too many operators in function 0"
    # Nitro counts operators after instrumentation: k empty blocks are 2k + 1 operators, 14k + 30 instrumented
    # (12 per basic block, each `end` ending one, and 17 for the function), so 4679 blocks are exactly 65536.
    yield "operators-instrumented-65536", module("(func " + "(block) " * 4679 + ")"), None, "pass"
    yield "operators-instrumented-65550", module("(func " + "(block) " * 4680 + ")"), None, \
        "too many operators in function 0 (as instrumented): 65550 > 65536"
    yield "exports-1022", module(*[f'(func (export "f{i}"))' for i in range(1020)]), None, "too many exports: 1022"
    # 4000 functions of 10 parameters: init cost 4001 * 8252 / 1000 + 44001 * 1059 / 1000 + ... > 65535.
    yield "init-cost", module(*functions(4000, params=10)), None, "init cost too high"
    # 90 000 data bytes: cached init cost 90 000 * 75244 / 100 000 > 65535.
    yield "cached-init-cost", module(f'(data (i32.const 0) "{"a" * 90000}")'), None, "init cost too high"
    # What wasm-opt writes for a module with data when bulk memory is enabled.
    yield "data-count-section", module('(data (i32.const 0) "x")'), with_data_count, "has a DataCount section"
    yield "two-fragments", module(), rng.randbytes(30_000), "pass, 2 fragments"
    yield "four-fragments", module(), rng.randbytes(98_000), "pass, 4 fragments"
    yield "five-fragments", module(), rng.randbytes(100_000), "needs 5 fragments"
    yield "over-max-wasm-size", module(), bytes(262_144), "> MaxWasmSize 262144"


def main(out_dir):
    for name, wat, payload, expectation in fixtures():
        wasm = os.path.join(out_dir, name + ".wasm")
        subprocess.run(["wat2wasm", "-", "-o", wasm], input=wat.encode(), check=True)
        if callable(payload):
            with open(wasm, "rb") as f:
                data = payload(f.read())
            with open(wasm, "wb") as f:
                f.write(data)
        elif payload is not None:
            with open(wasm, "ab") as f:
                f.write(custom_section("ballast_payload", payload))
        print(f"{name}\t{expectation}")


if __name__ == "__main__":
    main(sys.argv[1])
