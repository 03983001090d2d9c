#!/usr/bin/env bash
# Builds the release binary as it is benchmarked and shipped: exactly what `cargo build
# --release` (the README's command) and `cargo install` make — LTO (Cargo.toml) and the link
# flags of build.rs — so that every measurement in BENCHMARKS.md is of the binary users run.
# The binary lands in target/release/communique; the path is printed last.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
echo "target/release/communique"
