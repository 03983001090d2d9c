//! Links the `communique` binary so that it starts fast: a diff of two short texts takes
//! about as long as starting the process, and most of that is the dynamic loader's work.
//!
//! On Linux with glibc, the binary only (the library and the tests are not touched) carries
//! the unwinder (`libgcc_eh`, used only to print a backtrace: panics abort) instead of loading
//! `libgcc_s`, whose start-up code probes the CPU at every run, slow under virtualization.
//!
//! It stays position-independent: linking it `-no-pie` would spare the loader ~14,500
//! relocations (page faults of `diff` on two FOMC statements 259 → 178, a few tenths of a
//! millisecond) but give up address-space randomization in a program that reads documents
//! from anywhere.
//!
//! Timings in BENCHMARKS.md, "Alignment on real revisions: speed".

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        for arg in ["-Wl,--whole-archive", "-lgcc_eh", "-Wl,--no-whole-archive"] {
            println!("cargo::rustc-link-arg-bins={arg}");
        }
    }
}
