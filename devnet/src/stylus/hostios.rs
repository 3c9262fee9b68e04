//! The 42 `vm_hooks` imports with their exact wasm signatures (facts sheet §3.2).

use wasmparser::ValType;

/// Module name of every Stylus host import.
pub const HOST_MODULE: &str = "vm_hooks";

/// Name and signature of each host function: params and results as `i` (i32) / `I` (i64).
pub const HOSTIOS: [(&str, &str, &str); 42] = [
    ("read_args", "i", ""),
    ("write_result", "ii", ""),
    ("exit_early", "i", ""),
    ("storage_load_bytes32", "ii", ""),
    ("storage_cache_bytes32", "ii", ""),
    ("storage_flush_cache", "i", ""),
    ("transient_load_bytes32", "ii", ""),
    ("transient_store_bytes32", "ii", ""),
    ("call_contract", "iiiiIi", "i"),
    ("delegate_call_contract", "iiiIi", "i"),
    ("static_call_contract", "iiiIi", "i"),
    ("create1", "iiiii", ""),
    ("create2", "iiiiii", ""),
    ("read_return_data", "iii", "i"),
    ("return_data_size", "", "i"),
    ("emit_log", "iii", ""),
    ("account_balance", "ii", ""),
    ("account_code", "iiii", "i"),
    ("account_code_size", "i", "i"),
    ("account_codehash", "ii", ""),
    ("evm_gas_left", "", "I"),
    ("evm_ink_left", "", "I"),
    ("block_basefee", "i", ""),
    ("chainid", "", "I"),
    ("block_coinbase", "i", ""),
    ("block_gas_limit", "", "I"),
    ("block_number", "", "I"),
    ("block_timestamp", "", "I"),
    ("contract_address", "i", ""),
    ("math_div", "ii", ""),
    ("math_mod", "ii", ""),
    ("math_pow", "ii", ""),
    ("math_add_mod", "iii", ""),
    ("math_mul_mod", "iii", ""),
    ("msg_reentrant", "", "i"),
    ("msg_sender", "i", ""),
    ("msg_value", "i", ""),
    ("native_keccak256", "iii", ""),
    ("tx_gas_price", "i", ""),
    ("tx_ink_price", "", "i"),
    ("tx_origin", "i", ""),
    ("pay_for_memory_grow", "i", ""),
];

/// Decodes a compact signature string into wasm value types.
pub fn val_types(code: &str) -> Vec<ValType> {
    code.chars()
        .map(|c| if c == 'I' { ValType::I64 } else { ValType::I32 })
        .collect()
}

/// The expected `(params, results)` of host import `name`, if it is one.
pub fn signature(name: &str) -> Option<(Vec<ValType>, Vec<ValType>)> {
    HOSTIOS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, params, results)| (val_types(params), val_types(results)))
}
