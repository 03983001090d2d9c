#!/usr/bin/env bash
# Builds the release binary as it is benchmarked and shipped: LTO (Cargo.toml) and, on Linux,
# without position-independent code, so the loader has no relocations to apply (14,600 in a
# position-independent build: half the instructions of `communique --version`, and 80 more
# pages touched). Its code then loads at a fixed address (stack, heap and libraries are still
# randomized); `cargo build --release` keeps a position-independent binary. The C library stays
# shared: `+crt-static` no longer links with the rust-lld that Rust 1.90+ uses on Linux
# (libgcc_eh's symbols are defined twice). The binary lands in
# target/<triple>/release/communique; the path is printed last.
set -euo pipefail
cd "$(dirname "$0")/.."
triple=$(rustc -vV | sed -n 's/^host: //p')
case "$triple" in
  *-linux-gnu) export RUSTFLAGS="${RUSTFLAGS:-} -C relocation-model=static" ;;
esac
# --target keeps these flags away from build scripts and proc-macros.
cargo build --release --locked --quiet --target "$triple"
echo "target/$triple/release/communique"
