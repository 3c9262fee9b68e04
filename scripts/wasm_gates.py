#!/usr/bin/env python3
"""Stylus activation gates and deployable-code layout, as nitro v3.10 (ArbOS 60, Stylus version 3) defines them.

    python3 scripts/wasm_gates.py check   <module.wasm> <code.bin> # activation, size and code-layout gates
    python3 scripts/wasm_gates.py drop-data-count <module.wasm>    # remove binaryen's DataCount section
    python3 scripts/wasm_gates.py package <module.wasm> <code.bin> # write fragments + root parameters if needed
    python3 scripts/wasm_gates.py sizes   <out-dir> <rows-file> [<program>...]  # size table + sizes.json

`check` prints one reason per line for everything nitro would refuse and exits 1 if there is any;
scripts/check-wasm.sh runs it after wasm-validate, which enforces nitro's wasmparser feature set (see there).
Standard library only: the module parser below reads the sections and every operator, so each limit is counted
the way nitro counts it.

What nitro checks, and where (paths in OffchainLabs/nitro at tag v3.10.0):
  - operators: `memory.copy` and `memory.fill` are the only bulk-memory operators; `memory.init`, `data.drop`,
    `elem.drop` and every `table.*` operator fail activation (crates/prover/src/programs/depth.rs, meter.rs,
    dynamic.rs). Float instructions have no implementation for user programs (crates/prover/src/machine.rs,
    wavm.rs; `f32/f64.const/load/store` pass activation but are priced at u64::MAX ink), so none is accepted.
  - imports: function imports only, each one of the 42 `vm_hooks` host functions with its exact type
    (crates/stylus/src/native.rs), no (module, name) twice with different types, no name starting with `stylus`,
    at most 513 (crates/prover/src/binary.rs `parse_with_stylus_version`, `parse_user`).
  - exports: `user_entrypoint` of type (i32) -> i32 and memory 0 exported as `memory` (binary.rs `check_func`,
    programs/mod.rs `memory_info`); no export named `stylus*` or re-using an import's name; names at most 512
    bytes; at most 1024 exports counting the 4 globals instrumentation exports (binary.rs; on a chain outside
    debug mode the other exports are dropped first, programs/start.rs).
  - no start function (programs/start.rs); exactly one memory of at most 128 initial pages (`PageLimit`,
    arbos/programs/params.go, and the 8 MiB heap bound, programs/config.rs); a memory whose maximum is absent or
    differs from its minimum needs the `pay_for_memory_grow` import (programs/heap.rs).
  - counts (binary.rs `parse_user`): data segments <= 128, element segments <= 128, functions <= 4096, globals
    <= 32768 (with the 4 instrumentation adds), locals per function <= 348, operators per function body <= 65536,
    table entries <= 4096, element entries <= 4096, module name <= 512 bytes. Nitro counts a body's operators
    after its instrumentation (binary.rs `instrument`, then `parse_user`'s limit), so the gate counts them as
    instrumented: 12 more per basic block (the meter's header; a block ends at end, else, return, loop, br, br_if,
    br_table, if, call, call_indirect), 17 more per memory.copy/memory.fill (the dynamic meter), 17 per function
    and 4 per return (the depth checker), and 4 per memory.grow of a growable memory (the heap bound).
  - costs (binary.rs `instrument`): the predicted init and cached-init costs must each fit in a u16.
  - sections: a DataCount section fails parsing (binary.rs has no case for it; binaryen writes one whenever
    bulk memory is enabled, which build-wasm.sh removes with `drop-data-count`).
  - not checked here: the worst-case stack frame per function (<= 10 240 words, programs/depth.rs), which needs
    an operand-stack simulation; compiled Rust stays far below it.
  - code (arbos/programs/programs.go `getWasmFromContractCode`, params.go): the module decompresses to at most
    `MaxWasmSize` = 256 KiB (ArbOS 60); a program whose classic code (`EF F0 00 00` + brotli) exceeds
    `MaxCodeSize` = 24 576 bytes is deployed as fragments (`EF F0 01` + chunks of 24 573 bytes) behind a root
    (`EF F0 02`, dictionary byte, u32 big-endian decompressed length, fragment addresses), with at most
    `MaxFragmentCount` = 4 fragments. The layout matches stylus-sdk-rs stylus-tools `src/core/code/`
    (`Code::split_if_large`, `fragments.rs`, `contract.rs`).
"""

import glob
import json
import os
import subprocess
import sys

MAX_CODE_SIZE = 24576  # EIP-170 MaxCodeSize, the chain default
CLASSIC_PREFIX = b"\xef\xf0\x00\x00"  # classic program, dictionary 0 (none)
FRAGMENT_PREFIX = b"\xef\xf0\x01"
ROOT_PREFIX = b"\xef\xf0\x02\x00"  # root program, dictionary 0 (none)
FRAGMENT_PAYLOAD = MAX_CODE_SIZE - len(FRAGMENT_PREFIX)  # 24 573
MAX_FRAGMENT_COUNT = 4
MAX_WASM_SIZE = 256 * 1024
PAGE_LIMIT = 128
INSTRUMENTATION_GLOBALS = 4  # ink left, ink status, stack left, scratch: each is also an export
# Operators nitro's instrumentation adds to a function body (see the module docs).
METER_HEADER_OPS, DYNAMIC_METER_OPS, DEPTH_FUNCTION_OPS, DEPTH_RETURN_OPS, HEAP_GROW_OPS = 12, 17, 17, 4, 4
# Opcodes that end a basic block: end, else, return, loop, br, br_if, br_table, if, call, call_indirect.
BASIC_BLOCK_ENDS = {0x0B, 0x05, 0x0F, 0x03, 0x0C, 0x0D, 0x0E, 0x04, 0x10, 0x11}
U16_MAX = 0xFFFF
DATA_COUNT = 12  # section id

# (params, results) of every host function nitro links into a user program; u8/u32 are i32 on wasm.
I32, I64 = 0x7F, 0x7E
_P = {1: (I32,), 2: (I32, I32), 3: (I32, I32, I32), 4: (I32, I32, I32, I32)}
VM_HOOKS = {
    "read_args": (_P[1], ()),
    "write_result": (_P[2], ()),
    "exit_early": (_P[1], ()),
    "storage_load_bytes32": (_P[2], ()),
    "storage_cache_bytes32": (_P[2], ()),
    "storage_flush_cache": (_P[1], ()),
    "transient_load_bytes32": (_P[2], ()),
    "transient_store_bytes32": (_P[2], ()),
    "call_contract": ((I32, I32, I32, I32, I64, I32), (I32,)),
    "delegate_call_contract": ((I32, I32, I32, I64, I32), (I32,)),
    "static_call_contract": ((I32, I32, I32, I64, I32), (I32,)),
    "create1": ((I32,) * 5, ()),
    "create2": ((I32,) * 6, ()),
    "read_return_data": (_P[3], (I32,)),
    "return_data_size": ((), (I32,)),
    "emit_log": (_P[3], ()),
    "account_balance": (_P[2], ()),
    "account_code": (_P[4], (I32,)),
    "account_codehash": (_P[2], ()),
    "account_code_size": (_P[1], (I32,)),
    "evm_gas_left": ((), (I64,)),
    "evm_ink_left": ((), (I64,)),
    "block_basefee": (_P[1], ()),
    "chainid": ((), (I64,)),
    "block_coinbase": (_P[1], ()),
    "block_gas_limit": ((), (I64,)),
    "block_number": ((), (I64,)),
    "block_timestamp": ((), (I64,)),
    "contract_address": (_P[1], ()),
    "math_div": (_P[2], ()),
    "math_mod": (_P[2], ()),
    "math_pow": (_P[2], ()),
    "math_add_mod": (_P[3], ()),
    "math_mul_mod": (_P[3], ()),
    "msg_reentrant": ((), (I32,)),
    "msg_sender": (_P[1], ()),
    "msg_value": (_P[1], ()),
    "tx_gas_price": (_P[1], ()),
    "tx_ink_price": ((), (I32,)),
    "tx_origin": (_P[1], ()),
    "pay_for_memory_grow": (_P[1], ()),
    "native_keccak256": (_P[3], ()),
}

# Operator classes. An opcode `Module._operators` decodes no immediate for takes none.
FLOAT_OPS = {0x2A, 0x2B, 0x38, 0x39, 0x43, 0x44, *range(0x5B, 0x67), *range(0x8B, 0xA7), 0xA8, 0xA9, 0xAA, 0xAB,
             *range(0xAE, 0xC0)}
UNSUPPORTED = {  # opcode -> name; the validator refuses them too, the decoder cannot skip their immediates
    0x06: "try", 0x07: "catch", 0x08: "throw", 0x09: "rethrow", 0x0A: "throw_ref", 0x12: "return_call",
    0x13: "return_call_indirect", 0x14: "call_ref", 0x15: "return_call_ref", 0x18: "delegate", 0x19: "catch_all",
    0x1C: "select (typed)", 0x1F: "try_table", 0xD0: "ref.null", 0xD1: "ref.is_null", 0xD2: "ref.func",
    0xD3: "ref.eq", 0xD4: "ref.as_non_null", 0xD5: "br_on_null", 0xD6: "br_on_non_null", 0xFB: "GC operator",
    0xFD: "SIMD operator", 0xFE: "atomic operator",
}
# 0xFC sub-opcodes: name, immediates ("u" = LEB u32, "b" = byte), allowed by nitro.
FC_OPS = {
    0: ("i32.trunc_sat_f32_s", "", False), 1: ("i32.trunc_sat_f32_u", "", False),
    2: ("i32.trunc_sat_f64_s", "", False), 3: ("i32.trunc_sat_f64_u", "", False),
    4: ("i64.trunc_sat_f32_s", "", False), 5: ("i64.trunc_sat_f32_u", "", False),
    6: ("i64.trunc_sat_f64_s", "", False), 7: ("i64.trunc_sat_f64_u", "", False),
    8: ("memory.init", "ub", False), 9: ("data.drop", "u", False), 10: ("memory.copy", "bb", True),
    11: ("memory.fill", "b", True), 12: ("table.init", "uu", False), 13: ("elem.drop", "u", False),
    14: ("table.copy", "uu", False), 15: ("table.grow", "u", False), 16: ("table.size", "u", False),
    17: ("table.fill", "u", False),
}
TABLE_OPS = {0x25: "table.get", 0x26: "table.set"}


class WasmError(Exception):
    """The module cannot be parsed; the message says where."""


class Reader:
    """A cursor over bytes with the LEB128 and vector readers the binary format needs."""

    def __init__(self, data, pos=0, end=None):
        self.data, self.pos, self.end = data, pos, len(data) if end is None else end

    def eof(self):
        return self.pos >= self.end

    def byte(self):
        if self.pos >= self.end:
            raise WasmError(f"unexpected end at offset {self.pos}")
        self.pos += 1
        return self.data[self.pos - 1]

    def bytes(self, n):
        if self.pos + n > self.end:
            raise WasmError(f"unexpected end at offset {self.pos}")
        self.pos += n
        return self.data[self.pos - n:self.pos]

    def leb(self, signed=False):
        result = shift = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        if signed and b & 0x40:
            result -= 1 << shift
        return result

    def name(self):
        return self.bytes(self.leb()).decode("utf-8", "replace")

    def limits(self):
        flags = self.byte()
        minimum = self.leb()
        maximum = self.leb() if flags & 1 else None
        return flags, minimum, maximum


class Module:
    """What nitro's parser collects from a module: types, imports, functions, tables, memories, globals,
    exports, start, element and data segments, function bodies (locals and operator counts) and the
    module name. Operators outside what nitro accepts are recorded in `bad_ops`."""

    def __init__(self, data):
        self.size = len(data)
        self.types, self.imports, self.functions, self.tables, self.memories = [], [], [], [], []
        self.globals, self.exports, self.start, self.module_name = 0, [], None, ""
        self.elements, self.element_entries, self.data_bytes, self.data_segments = 0, 0, 0, 0
        self.bodies = []  # (locals, operators as instrumented, memory.grow count) per local function
        self.section_ids = []  # (id, start offset, end offset)
        self.bad_ops = {}  # operator name -> occurrences
        r = Reader(data)
        if r.bytes(4) != b"\0asm" or r.bytes(4) != b"\1\0\0\0":
            raise WasmError("not a WASM version 1 module")
        while not r.eof():
            start = r.pos
            section, size = r.byte(), r.leb()
            body = Reader(data, r.pos, r.pos + size)
            self.section_ids.append((section, start, r.pos + size))
            r.pos += size
            if section == 0:
                self._custom(body)
            elif section in self.SECTIONS:
                self.SECTIONS[section](self, body)

    def _vec(self, r, item):
        return [item(r) for _ in range(r.leb())]

    def _type(self, r):
        if r.byte() != 0x60:
            raise WasmError("type section entry is not a function type")
        params = tuple(r.bytes(r.leb()))
        results = tuple(r.bytes(r.leb()))
        self.types.append((params, results))

    def _import(self, r):
        module, name, kind = r.name(), r.name(), r.byte()
        if kind == 0:
            self.imports.append((module, name, "func", r.leb()))
            return
        if kind == 1:
            r.byte()
            r.limits()
        elif kind == 2:
            r.limits()
        elif kind == 3:
            r.bytes(2)
        else:  # tag (exception handling): attribute, type index
            r.byte()
            r.leb()
        self.imports.append((module, name, {1: "table", 2: "memory", 3: "global"}.get(kind, "tag"), None))

    def _table(self, r):
        r.byte()
        self.tables.append(r.limits()[1])

    def _memory(self, r):
        self.memories.append(r.limits())

    def _global(self, r):
        r.bytes(2)
        self._const_expr(r)
        self.globals += 1

    def _export(self, r):
        name, kind, index = r.name(), r.byte(), r.leb()
        self.exports.append((name, {0: "func", 1: "table", 2: "memory", 3: "global"}.get(kind, "tag"), index))

    def _element(self, r):
        flags = r.leb()
        self.elements += 1
        if flags & 1 == 0:  # active: optional table index, then the offset expression
            if flags & 2:
                r.leb()
            self._const_expr(r)
        if flags & 3:  # element kind (funcref) or reference type, except for the MVP form 0 and form 4
            r.byte()
        count = r.leb()
        self.element_entries += count
        for _ in range(count):
            if flags & 4:
                self._const_expr(r)
            else:
                r.leb()

    def _data(self, r):
        flags = r.leb()
        if flags == 2:
            r.leb()
        if flags != 1:
            self._const_expr(r)
        self.data_bytes += len(r.bytes(r.leb()))
        self.data_segments += 1

    def _code(self, r):
        for _ in range(r.leb()):
            size = r.leb()
            body = Reader(r.data, r.pos, r.pos + size)
            r.pos += size
            local_count = 0
            for _ in range(body.leb()):
                local_count += body.leb()
                body.byte()  # the locals' value type
            self._added = [0, 0]  # operators the instrumentation adds (memory.grow aside), memory.grow count
            ops = self._operators(body)
            self.bodies.append((local_count, ops + DEPTH_FUNCTION_OPS + self._added[0], self._added[1]))

    def _custom(self, r):
        if r.name() != "name":
            return
        while not r.eof():
            kind, size = r.byte(), r.leb()
            if kind == 0:
                self.module_name = Reader(r.data, r.pos, r.pos + size).name()
            r.pos += size

    def _const_expr(self, r):
        self._operators(r, until_end=True)

    def _operators(self, r, until_end=False):
        """Counts operators (the final `end` included, as nitro does) to the end of `r`, or to the first
        `end` at depth 0 when `until_end`; records unsupported operators and stops at one it cannot skip. In a
        function body (`until_end` false) it also adds up in `self._added` what the instrumentation adds."""
        count = depth = 0
        while not r.eof():
            op = r.byte()
            count += 1
            if not until_end:
                self._added[0] += (METER_HEADER_OPS if op in BASIC_BLOCK_ENDS else 0) + \
                    (DEPTH_RETURN_OPS if op == 0x0F else 0)
                if op == 0x40:  # memory.grow
                    self._added[1] += 1
            if until_end and op in (0xD0, 0xD2):  # ref.null / ref.func in an element initialiser
                r.leb()
                continue
            if op in UNSUPPORTED:
                self._bad(UNSUPPORTED[op])
                r.pos = r.end
                break
            if op in FLOAT_OPS:
                self._bad("float")
            if op in (0x02, 0x03, 0x04):  # block, loop, if: block type
                depth += 1
                if r.data[r.pos] in (0x40, 0x7F, 0x7E, 0x7D, 0x7C, 0x7B, 0x70, 0x6F):
                    r.byte()
                else:
                    r.leb(signed=True)
            elif op == 0x0B:
                if depth == 0 and until_end:
                    break
                depth -= 1
            elif op in (0x0C, 0x0D, 0x10, 0x20, 0x21, 0x22, 0x23, 0x24, 0x3F, 0x40):
                r.leb()
            elif op == 0x0E:
                for _ in range(r.leb() + 1):
                    r.leb()
            elif op == 0x11:
                r.leb()
                r.leb()
            elif op in TABLE_OPS:
                self._bad(TABLE_OPS[op])
                r.leb()
            elif 0x28 <= op <= 0x3E:  # loads and stores: alignment, offset
                if r.leb() & 0x40:
                    r.leb()
                r.leb()
            elif op == 0x41:
                r.leb(signed=True)
            elif op == 0x42:
                r.leb(signed=True)
            elif op == 0x43:
                r.bytes(4)
            elif op == 0x44:
                r.bytes(8)
            elif op == 0xFC:
                sub = r.leb()
                if sub not in FC_OPS:
                    self._bad(f"0xFC {sub} operator")
                    r.pos = r.end
                    break
                name, immediates, allowed = FC_OPS[sub]
                if sub in (10, 11) and not until_end:  # memory.copy, memory.fill
                    self._added[0] += DYNAMIC_METER_OPS
                for kind in immediates:
                    r.leb() if kind == "u" else r.byte()
                if not allowed:
                    self._bad("float" if sub < 8 else name)
        return count

    def _bad(self, name):
        self.bad_ops[name] = self.bad_ops.get(name, 0) + 1

    SECTIONS = {
        1: lambda self, r: self._vec(r, self._type),
        2: lambda self, r: self._vec(r, self._import),
        3: lambda self, r: self.functions.extend(r.leb() for _ in range(r.leb())),
        4: lambda self, r: self._vec(r, self._table),
        5: lambda self, r: self._vec(r, self._memory),
        6: lambda self, r: self._vec(r, self._global),
        7: lambda self, r: self._vec(r, self._export),
        8: lambda self, r: setattr(self, "start", r.leb()),
        9: lambda self, r: self._vec(r, self._element),
        10: _code,
        11: lambda self, r: self._vec(r, self._data),
    }

    def func_type(self, index):
        """Returns (params, results) of function `index` (imports first), or None when out of range."""
        imported = [i for i in self.imports if i[2] == "func"]
        if index < len(imported):
            type_index = imported[index][3]
        elif index - len(imported) < len(self.functions):
            type_index = self.functions[index - len(imported)]
        else:
            return None
        return self.types[type_index] if type_index < len(self.types) else None

    def init_costs(self):
        """Returns (init, cached init) as nitro predicts them at activation for Stylus version >= 2."""
        funcs, wasm_len = len(self.bodies), self.size
        type_len = sum(len(p) + len(r) for p, r in (self.types[t] for t in self.functions if t < len(self.types)))
        globals_ = self.globals + INSTRUMENTATION_GLOBALS
        data_len = self.data_bytes + self.element_entries
        footprint = self.memories[0][1] if self.memories else 0
        cached = (funcs * 13420 // 100_000 + type_len * 89 // 100_000 + wasm_len * 122 // 100_000
                  + globals_ * 1628 // 1000 + data_len * 75244 // 100_000 + footprint * 5)
        init = funcs * 8252 // 1000 + type_len * 1059 // 1000 + wasm_len * 1286 // 10_000
        return init, cached


def drop_data_count(path):
    """Removes the DataCount section, which binaryen writes whenever bulk memory is enabled and nitro's parser
    refuses ("unsupported section type"). Only memory.init and data.drop need it, and nitro refuses both, so a
    module that uses them keeps it (and fails the gates)."""
    with open(path, "rb") as f:
        data = f.read()
    m = Module(data)
    if {"memory.init", "data.drop"} & m.bad_ops.keys():
        return
    kept = data[:8] + b"".join(data[start:end] for section, start, end in m.section_ids if section != DATA_COUNT)
    with open(path, "wb") as f:
        f.write(kept)


def module_reasons(data):
    """Returns every reason nitro's activation would refuse the module, empty when it would accept it."""
    try:
        m = Module(data)
    except (WasmError, IndexError, UnicodeError) as e:
        return [f"not a parseable WASM module: {e}"]
    reasons = []
    if any(section == DATA_COUNT for section, _, _ in m.section_ids):
        reasons.append("has a DataCount section: nitro's parser refuses it (unsupported section type)")
    for name, n in sorted(m.bad_ops.items()):
        if name == "float":
            reasons.append(f"contains {n} float instruction(s): Stylus user programs have no float implementation")
        elif name.startswith(("memory.", "data.", "elem.", "table.")):
            reasons.append(f"uses {name} ({n}x): of the bulk-memory and table operators nitro accepts only "
                           "memory.copy and memory.fill")
        else:
            reasons.append(f"uses {name} ({n}x): a WASM feature nitro rejects")

    seen = {}
    for module, name, kind, type_index in m.imports:
        if kind != "func":
            reasons.append(f"imports {kind} {module}.{name}: only function imports are allowed")
            continue
        ty = m.types[type_index] if type_index < len(m.types) else None
        if name.startswith("stylus"):
            reasons.append(f"imports reserved symbol {name}")
        if seen.setdefault((module, name), ty) != ty:
            reasons.append(f"imports {module}.{name} twice with different types")
        if module != "vm_hooks" or name not in VM_HOOKS:
            reasons.append(f"imports {module}.{name}: not a vm_hooks host function")
        elif ty != VM_HOOKS[name]:
            reasons.append(f"imports vm_hooks.{name} with the wrong type")
    if len(m.imports) > 513:
        reasons.append(f"too many imports: {len(m.imports)} > 513")

    exports = {name: (kind, index) for name, kind, index in m.exports}
    entry = exports.get("user_entrypoint")
    if entry is None or entry[0] != "func":
        reasons.append("no user_entrypoint export (a function)")
    elif m.func_type(entry[1]) != ((I32,), (I32,)):
        reasons.append("user_entrypoint is not of type (i32) -> i32")
    short_names = {name.rsplit("__", 1)[-1] for name in exports}
    for name in sorted(short_names):
        if name.startswith("stylus"):
            reasons.append(f"exports reserved symbol {name}")
    for _, name, _, _ in m.imports:
        if name in short_names:
            reasons.append(f"exports an import's name ({name})")
    if len(m.exports) + INSTRUMENTATION_GLOBALS > 1024:
        reasons.append(f"too many exports: {len(m.exports)} + {INSTRUMENTATION_GLOBALS} instrumentation > 1024")
    for name in exports:
        if len(name.encode()) > 512:
            reasons.append(f"export name longer than 512 bytes ({name[:32]}...)")
    if len(m.module_name.encode()) > 512:
        reasons.append("module name longer than 512 bytes")
    if m.start is not None:
        reasons.append("has a start function (Stylus rejects it)")

    memories = [i for i in m.imports if i[2] == "memory"] + m.memories
    if len(memories) != 1 or not m.memories or exports.get("memory") != ("memory", 0):
        reasons.append("no memory export: exactly one memory, exported as \"memory\", is required")
    if m.memories:
        _, minimum, maximum = m.memories[0]
        if minimum > PAGE_LIMIT:
            reasons.append(f"memory starts at {minimum} pages > page limit {PAGE_LIMIT}")
        if maximum is not None and maximum < minimum:
            reasons.append("memory maximum below its minimum")
        grow = ("vm_hooks", "pay_for_memory_grow", "func")
        if maximum != minimum and not any(i[:3] == grow for i in m.imports):
            reasons.append("growable memory without the vm_hooks.pay_for_memory_grow import")
    growable = bool(m.memories) and m.memories[0][2] != m.memories[0][1]

    def limit(count, maximum, what):
        if count > maximum:
            reasons.append(f"too many {what}: {count} > {maximum}")

    limit(m.data_segments, 128, "data segments")
    limit(m.elements, 128, "element segments")
    limit(len(m.bodies), 4096, "functions")
    limit(m.globals + INSTRUMENTATION_GLOBALS, 32768, "globals (with 4 from instrumentation)")
    limit(sum(m.tables), 4096, "table entries")
    limit(m.element_entries, 4096, "element entries")
    for i, (locals_, ops, grows) in enumerate(m.bodies):
        limit(locals_, 348, f"locals in function {i}")
        limit(ops + (HEAP_GROW_OPS * grows if growable else 0), 65536, f"operators in function {i} (as instrumented)")
    init, cached = m.init_costs()
    if init > U16_MAX or cached > U16_MAX:
        reasons.append(f"init cost too high: init {init}, cached {cached} (each must be <= {U16_MAX})")
    return reasons


def layout(compressed_len):
    """Returns the fragment count of a brotli stream of this length: 0 when the classic code fits."""
    if compressed_len + len(CLASSIC_PREFIX) <= MAX_CODE_SIZE:
        return 0
    return -(-compressed_len // FRAGMENT_PAYLOAD)


def artifact_paths(code_path):
    """Returns (root.json path, fragment path pattern) beside a classic code file `<program>.bin`."""
    stem = code_path[:-len(".bin")] if code_path.endswith(".bin") else code_path
    return stem + ".root.json", stem + ".fragment-{}.bin"


def package(wasm_path, code_path):
    """Writes the fragments and root parameters of a program whose classic code exceeds MaxCodeSize and
    removes stale ones; the classic code file itself is left as it is (deploy tooling splits it)."""
    with open(code_path, "rb") as f:
        code = f.read()
    stream = code[len(CLASSIC_PREFIX):]
    root_path, fragment_path = artifact_paths(code_path)
    for stale in glob.glob(glob.escape(fragment_path.format("")[:-len(".bin")]) + "*.bin") + [root_path]:
        if os.path.exists(stale):
            os.remove(stale)
    count = layout(len(stream))
    if count == 0:
        return
    files = []
    for i in range(count):
        path = fragment_path.format(i)
        with open(path, "wb") as f:
            f.write(FRAGMENT_PREFIX + stream[i * FRAGMENT_PAYLOAD:(i + 1) * FRAGMENT_PAYLOAD])
        files.append(os.path.basename(path))
    wasm_len = os.path.getsize(wasm_path)
    root = {
        "dictionary": ROOT_PREFIX[3],
        "decompressed_length": wasm_len,
        "fragment_count": count,
        "fragments": files,
        "root_code_prefix": "0x" + (ROOT_PREFIX + wasm_len.to_bytes(4, "big")).hex(),
        "root_code": "root_code_prefix followed by the 20-byte address of each fragment, in order",
    }
    with open(root_path, "w", encoding="utf-8") as f:
        json.dump(root, f, indent=2)
        f.write("\n")


def code_reasons(wasm_path, code_path):
    """Returns every reason the deployable code of this module would not deploy and activate."""
    reasons = []
    with open(wasm_path, "rb") as f:
        wasm = f.read()
    with open(code_path, "rb") as f:
        code = f.read()
    if len(wasm) > MAX_WASM_SIZE:
        reasons.append(f"module is {len(wasm)} bytes decompressed > MaxWasmSize {MAX_WASM_SIZE} (256 KiB)")
    if code[:4] != CLASSIC_PREFIX:
        reasons.append(f"deployable code lacks the Stylus prefix EF F0 00 00 (found {code[:4].hex()})")
        return reasons
    stream = code[4:]
    unpacked = subprocess.run(["brotli", "-d", "-c"], input=stream, capture_output=True, check=False)
    if unpacked.returncode != 0 or unpacked.stdout != wasm:
        reasons.append("deployable code does not decompress to the module")
    count = layout(len(stream))
    if count > MAX_FRAGMENT_COUNT:
        reasons.append(f"needs {count} fragments of {FRAGMENT_PAYLOAD} bytes > MaxFragmentCount "
                       f"{MAX_FRAGMENT_COUNT} (compressed {len(stream)} > {MAX_FRAGMENT_COUNT * FRAGMENT_PAYLOAD})")
    root_path, fragment_path = artifact_paths(code_path)
    if count == 0:
        if os.path.exists(root_path):
            reasons.append(f"stale {os.path.basename(root_path)}: the program fits in one classic program")
        return reasons
    try:
        with open(root_path, encoding="utf-8") as f:
            root = json.load(f)
        joined = b""
        for i, name in enumerate(root["fragments"]):
            with open(os.path.join(os.path.dirname(root_path), name), "rb") as f:
                fragment = f.read()
            if name != os.path.basename(fragment_path.format(i)) or fragment[:3] != FRAGMENT_PREFIX \
                    or len(fragment) > MAX_CODE_SIZE:
                reasons.append(f"fragment {name} is not EF F0 01 + at most {FRAGMENT_PAYLOAD} bytes")
            joined += fragment[3:]
        expected = (root["dictionary"], root["decompressed_length"], root["fragment_count"])
        if joined != stream or expected != (0, len(wasm), count) or len(root["fragments"]) != count:
            reasons.append(f"{os.path.basename(root_path)} and its fragments do not match the code")
    except (OSError, ValueError, KeyError, TypeError) as e:
        reasons.append(f"needs {count} fragments but {os.path.basename(root_path)} or a fragment is unreadable: {e}")
    return reasons


def sizes(out_dir, rows_path, programs):
    """Prints the size table of the rows (program raw optimised code) and merges them into sizes.json,
    keeping only `programs` (every deployable program) when given."""
    with open(rows_path, encoding="utf-8") as f:
        rows = [line.split() for line in f if line.strip()]
    path = os.path.join(out_dir, "sizes.json")
    table = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            table = json.load(f)
    if programs:
        table = {k: v for k, v in table.items() if k in programs}
    payload_limit = MAX_FRAGMENT_COUNT * FRAGMENT_PAYLOAD
    print(f"{'program':<20} {'raw':>8} {'optimised':>9} {'compressed':>10} {'fragments':>9} "
          f"{'headroom compressed':>19} {'headroom wasm':>13}")
    for name, raw, opt, code in rows:
        raw, opt, compressed = int(raw), int(opt), int(code) - len(CLASSIC_PREFIX)
        count = layout(compressed)
        table[name] = {
            "raw_bytes": raw,
            "optimised_bytes": opt,
            "compressed_bytes": compressed,
            "classic_code_bytes": compressed + len(CLASSIC_PREFIX),
            "fragment_count": count,
            "headroom_compressed_bytes": payload_limit - compressed,
            "headroom_decompressed_bytes": MAX_WASM_SIZE - opt,
        }
        print(f"{name:<20} {raw:>8} {opt:>9} {compressed:>10} {count or '-':>9} "
              f"{payload_limit - compressed:>19} {MAX_WASM_SIZE - opt:>13}")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(table, f, indent=2, sort_keys=True)
        f.write("\n")
    print(f"(bytes; compressed = brotli stream; fragments '-' = one classic program, EF F0 00 00 + stream <= "
          f"{MAX_CODE_SIZE}; headroom to {MAX_FRAGMENT_COUNT} x {FRAGMENT_PAYLOAD} compressed and to "
          f"{MAX_WASM_SIZE} decompressed)")


def main(argv):
    command, args = (argv[1], argv[2:]) if len(argv) > 1 else ("", [])
    if command == "check" and len(args) == 2:
        with open(args[0], "rb") as f:
            reasons = module_reasons(f.read()) + code_reasons(*args)
    elif command == "drop-data-count" and len(args) == 1:
        drop_data_count(args[0])
        return 0
    elif command == "package" and len(args) == 2:
        package(*args)
        return 0
    elif command == "sizes" and len(args) >= 2:
        sizes(args[0], args[1], set(args[2:]))
        return 0
    else:
        print(__doc__.split("\n\n")[0], file=sys.stderr)
        return 2
    for reason in reasons:
        print(reason)
    return 1 if reasons else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
