#!/usr/bin/env bash
# Regenerates completions/ from the clap definitions.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
bin=target/debug/communique
"$bin" completions bash > completions/communique.bash
"$bin" completions zsh > completions/_communique
"$bin" completions fish > completions/communique.fish
"$bin" completions elvish > completions/communique.elv
"$bin" completions powershell > completions/_communique.ps1
