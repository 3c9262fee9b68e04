#!/usr/bin/env python3
"""Tests of scripts/check_abi.py: every kind of drift between an interface and a Rust-side export fails.

    python3 tests/abi-check/test_check_abi.py

Each case compiles a small interface and a drifted copy with the real scripts/solc, as the check does.
"""

import json
import os
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import check_abi  # noqa: E402  (scripts/ is not a package)

INTERFACE = """// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;
interface IVault {
    struct Position { uint32 market; int256 size; }
    event Deposited(address indexed owner, uint256 assets, uint256 shares);
    error VaultCapExceeded(uint256 amount, uint256 cap);
    function deposit(uint256 assets, address receiver) external returns (uint256 shares);
    function position(address owner) external view returns (Position memory);
}
"""


class CheckAbiTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.interface = self.write("IVault.sol", INTERFACE)
        self.json = os.path.join(self.dir.name, "Vault.json")

    def tearDown(self):
        self.dir.cleanup()

    def write(self, name, text):
        path = os.path.join(self.dir.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def check(self, rust_text, check=False):
        rust = self.write("IVault.rust.sol", rust_text)
        return check_abi.check_contract("IVault", self.interface, rust, self.json, check)

    def assert_drift(self, old, new, *expected):
        self.assertIn(old, INTERFACE)
        with self.assertRaises(check_abi.AbiError) as caught:
            self.check(INTERFACE.replace(old, new))
        for text in expected:
            self.assertIn(text, str(caught.exception))

    def test_identical_interfaces_pass_and_write_the_json(self):
        self.check(INTERFACE)
        with open(self.json, encoding="utf-8") as f:
            written = json.load(f)
        self.assertEqual({e["name"] for e in written}, {"Deposited", "VaultCapExceeded", "deposit", "position"})
        self.check(INTERFACE, check=True)

    def test_output_names_are_not_compared_and_come_from_the_interface(self):
        self.check(INTERFACE.replace("returns (uint256 shares)", "returns (uint256)"))
        with open(self.json, encoding="utf-8") as f:
            deposit = next(e for e in json.load(f) if e["name"] == "deposit")
        self.assertEqual(deposit["outputs"][0]["name"], "shares")

    def test_missing_function_fails(self):
        self.assert_drift(
            "    function position(address owner) external view returns (Position memory);\n",
            "",
            "only in",
            "function position(address)",
        )

    def test_parameter_type_change_fails(self):
        self.assert_drift("deposit(uint256 assets, address receiver)", "deposit(uint128 assets, address receiver)",
                          "function deposit(uint128,address)", "function deposit(uint256,address)")

    def test_parameter_name_change_fails(self):
        self.assert_drift("address receiver)", "address to)", "differs: function deposit", '"name": "to"')

    def test_state_mutability_change_fails(self):
        self.assert_drift("external view returns (Position", "external returns (Position", '"stateMutability"')

    def test_output_type_change_fails(self):
        self.assert_drift("returns (uint256 shares)", "returns (uint128 shares)", "differs: function deposit")

    def test_struct_layout_change_fails(self):
        self.assert_drift("struct Position { uint32 market; int256 size; }",
                          "struct Position { uint32 market; int128 size; }", "differs: function position")

    def test_struct_field_name_change_fails(self):
        self.assert_drift("int256 size; }", "int256 amount; }", "differs: function position", '"name": "amount"')

    def test_struct_rename_fails(self):
        with self.assertRaises(check_abi.AbiError) as caught:
            self.check(INTERFACE.replace("Position", "Holding"))
        self.assertIn('"struct": "struct Holding"', str(caught.exception))

    def test_event_indexed_flag_fails(self):
        self.assert_drift("address indexed owner", "address owner", "differs: event Deposited", '"indexed"')

    def test_event_parameter_change_fails(self):
        self.assert_drift("uint256 assets, uint256 shares);", "uint256 assets);", "event Deposited(address,uint256)")

    def test_error_parameter_name_change_fails(self):
        self.assert_drift("uint256 amount, uint256 cap", "uint256 amount, uint256 limit", "differs: error VaultCapExceeded")

    def test_extra_error_fails(self):
        self.assert_drift("    function deposit", "    error VaultPaused();\n    function deposit", "error VaultPaused()")

    def test_stale_committed_json_fails_the_check(self):
        self.check(INTERFACE)
        with open(self.json, encoding="utf-8") as f:
            stale = f.read().replace('"cap"', '"ceiling"')
        with open(self.json, "w", encoding="utf-8") as f:
            f.write(stale)
        with self.assertRaises(check_abi.AbiError) as caught:
            self.check(INTERFACE, check=True)
        self.assertIn("is stale", str(caught.exception))

    def test_missing_committed_json_fails_the_check(self):
        with self.assertRaises(check_abi.AbiError) as caught:
            self.check(INTERFACE, check=True)
        self.assertIn("is missing", str(caught.exception))

    def test_uncompilable_rust_side_fails(self):
        with self.assertRaises(check_abi.AbiError) as caught:
            self.check(INTERFACE.replace("Position memory", "Missing memory"))
        self.assertIn("does not compile", str(caught.exception))


if __name__ == "__main__":
    unittest.main(verbosity=1)
