//! Generated Stylus programs for the fragment tests and `examples/fragmented_wasm.rs`: a large
//! incompressible data segment makes a real multi-fragment program without depending on the
//! contracts.
#![allow(dead_code, unreachable_pub)]

/// `len` pseudo-random bytes (xorshift from `seed`), which brotli cannot compress.
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 32) as u8
        })
        .collect()
}

/// A program with `data` (at least 32 bytes) as its only data segment, at address 0, that returns
/// the segment's last 32 bytes whatever its calldata.
pub fn data_program(data: &[u8]) -> Vec<u8> {
    let pages = data.len().div_ceil(65_536).max(1);
    let escaped: String = data.iter().map(|b| format!("\\{b:02x}")).collect();
    let wat = format!(
        r#"(module
             (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
             (memory (export "memory") {pages} {pages})
             (data (i32.const 0) "{escaped}")
             (func (export "user_entrypoint") (param i32) (result i32)
               i32.const {} i32.const 32 call $write_result
               i32.const 0))"#,
        data.len() - 32
    );
    wat::parse_str(wat).expect("the generated module should be valid wat")
}
