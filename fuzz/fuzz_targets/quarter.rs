//! Fuzz target `quarter`: see `fuzz/harness.rs` for what it checks.
#![no_main]

#[allow(
    dead_code,
    reason = "each target uses one function of the shared harness"
)]
#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::quarter(data));
