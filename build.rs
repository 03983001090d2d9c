//! Links the `communique` binary so that it starts fast: a diff of two short texts takes
//! about as long as starting the process, and most of that is the dynamic loader's work.
//!
//! On Linux with glibc, the binary only (the library and the tests are not touched) carries
//! the unwinder (`libgcc_eh`, used only to print a backtrace: panics abort) instead of loading
//! `libgcc_s`, whose start-up code probes the CPU at every run, slow under virtualization.
//!
//! Its relative relocations are packed (`-z pack-relative-relocs`, read by glibc 2.36 and
//! later): 31,700 of them took a 764 KB table the loader read at every start, and take 11 KB.
//!
//! It stays position-independent, in every build (`scripts/build-release.sh`, which the
//! benchmarks run, is `cargo build --release`): linking it `-no-pie` would spare the loader
//! its relocations (about 420,000 instructions and 170 page faults of `--version`, a few
//! tenths of a millisecond) but put the code of libgit2, a C library that parses whatever
//! repository a corpus was cloned from, at addresses known in advance.
//!
//! Timings in BENCHMARKS.md, "Alignment on real revisions: speed".

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        for arg in
            ["-Wl,--whole-archive", "-lgcc_eh", "-Wl,--no-whole-archive", "-Wl,-z,pack-relative-relocs"]
        {
            println!("cargo::rustc-link-arg-bins={arg}");
        }
    }
}
