//! Fallback fuzz driver for machines without libFuzzer: feeds `run` pseudo-random inputs (biased toward edge
//! values) for the given number of seconds. Usage: `random_driver <seconds> [seed]`.

use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let secs: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(10);
    let mut state: u64 = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut buf = [0u8; 128];
    let mut runs: u64 = 0;
    while Instant::now() < deadline {
        for _ in 0..1000 {
            for chunk in buf.chunks_mut(8) {
                // xorshift64*: deterministic for a seed, good enough to spread bytes.
                state ^= state >> 12;
                state ^= state << 25;
                state ^= state >> 27;
                let v = state.wrapping_mul(0x2545_f491_4f6c_dd1d).to_le_bytes();
                chunk.copy_from_slice(&v[..chunk.len()]);
            }
            ballast_risk_math_fuzz::run(&buf);
            runs += 1;
        }
    }
    println!("random_driver: {runs} inputs in {secs} s, no panic");
}
