//! libFuzzer target: feeds arbitrary bytes to every public function of ballast-risk-math (see `run`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ballast_risk_math_fuzz::run(data);
});
