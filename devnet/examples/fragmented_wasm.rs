//! Writes a raw Stylus program whose compressed code needs four fragments (an 80 KB incompressible
//! data segment; the program returns the segment's last 32 bytes) to the path given as the first
//! argument, and prints those 32 bytes as 0x-hex. `scripts/check-cargo-stylus.sh` deploys it with
//! `cargo stylus deploy --wasm-file` to check that the devnet takes fragmented programs from
//! cargo-stylus.
//!
//! ```text
//! cargo run -p ballast-devnet --example fragmented_wasm -- /tmp/fragmented.wasm
//! ```

#[path = "../tests/common/programs.rs"]
mod programs;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: fragmented_wasm <output.wasm>");
        std::process::exit(2);
    };
    let data = programs::noise(80_000, 0x5eed);
    if let Err(error) = std::fs::write(&path, programs::data_program(&data)) {
        eprintln!("fragmented_wasm: cannot write {path}: {error}");
        std::process::exit(1);
    }
    println!(
        "0x{}",
        alloy_primitives::hex::encode(&data[data.len() - 32..])
    );
}
