#!/usr/bin/env bash
# Checks that every source comment citing the design document names a section it has:
# `docs/DESIGN.md "Words"` or `docs/DESIGN.md, "Words"` needs a heading `## Words` (any level;
# backticks in headings ignored). Prints each broken citation and exits 1 if there is one.
#
#   scripts/design-refs.sh
set -euo pipefail
cd "$(dirname "$0")/.."

headings=$(sed -n 's/^#\{1,6\} \(.*\)$/\1/p' docs/DESIGN.md | tr -d '`')
status=0
while IFS= read -r hit; do
  [ -n "$hit" ] || continue
  location=$(printf '%s\n' "$hit" | cut -d: -f1,2)
  section=$(printf '%s\n' "$hit" | sed -n 's/.*docs\/DESIGN\.md,\{0,1\} "\([^"]*\)".*/\1/p')
  if [ -z "$section" ]; then
    echo "$location: cites docs/DESIGN.md without a section (write docs/DESIGN.md \"Section\")"
    status=1
  elif ! grep -qxF -- "$section" <<<"$headings"; then
    echo "$location: no section \"$section\" in docs/DESIGN.md"
    status=1
  fi
done < <(grep -rn 'DESIGN\.md' src benches examples fuzz/fuzz_targets tests 2>/dev/null || true)
exit $status
