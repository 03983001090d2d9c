#!/usr/bin/env bash
# Regenerates completions/ and man/ from the clap definitions.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
bin=target/debug/communique
"$bin" completions bash > completions/communique.bash
"$bin" completions zsh > completions/_communique
"$bin" completions fish > completions/communique.fish
"$bin" completions elvish > completions/communique.elv
"$bin" completions powershell > completions/_communique.ps1
# The manual pages: communique(1) and one per command, communique-diff(1)…
mkdir -p man
rm -f man/*.1
"$bin" man > man/communique.1
# The binary names its commands when asked for a page that does not exist.
commands=$({ "$bin" man '?' 2>&1 || true; } | sed -n 's/.*the commands are //p' | tr -d ',')
[ -n "$commands" ]
for command in $commands; do
  "$bin" man "$command" > "man/communique-$command.1"
done
