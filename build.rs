//! Links the `communique` binary so that it starts fast: a diff of two short texts takes
//! about as long as starting the process, and most of that is the dynamic loader's work.
//!
//! On Linux with glibc the binary is linked as a position-dependent executable (`-no-pie`):
//! the loader then has none of the ~14,500 relative relocations of a position-independent
//! one to apply (each page they touch copied on write, about 80 pages), which measured about
//! a fifth of the start-up of `communique diff` on two FOMC statements (BENCHMARKS.md).
//! Only the binary is linked so; the library and the tests are not touched.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}
