#!/usr/bin/env bash
# How long the tests take to build at two revisions: the wall time of `cargo test --no-run`
# after `cargo clean -p communique`, so that only the crate itself and its test targets are
# built (the dependencies are built once, first, and shared by both revisions through one
# CARGO_TARGET_DIR). Each revision is measured RUNS times (default 3), alternately, and the
# medians are printed side by side with their ratio.
#
#   scripts/test-build-time.sh REV_A REV_B
#
# Each revision is checked out with `git archive` into a temporary folder. The target folder
# is $CARGO_TARGET_DIR when set (reuse one that has the dependencies built to save time; only
# communique's own files in it are cleaned), else a temporary one. Run it on a quiet machine:
# other builds running at the same time make the times longer and noisier.
set -euo pipefail
shopt -s inherit_errexit

[ $# -eq 2 ] || { echo "usage: $0 REV_A REV_B" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$work/target}
export CARGO_TERM_COLOR=never

revs=("$1" "$2")
for i in 0 1; do
  commit=$(git -C "$root" rev-parse --verify "${revs[$i]}^{commit}")
  mkdir "$work/$i"
  git -C "$root" archive "$commit" | tar -x -C "$work/$i"
  echo "${revs[$i]} = $commit" >&2
  # Unmeasured: builds the dependencies (once for both, they share the lock file's versions).
  (cd "$work/$i" && cargo test --locked --no-run --quiet)
done

# One measurement: clean the crate's own files, build the tests, print the wall and the CPU
# (user + system) seconds. CPU time is less disturbed by other work on the machine.
measure() {
  cd "$work/$1"
  cargo clean --quiet -p communique
  local TIMEFORMAT='%R %U %S' times
  times=$( { time cargo test --locked --no-run --quiet 2>"$work/log" >&2; } 2>&1 ) || { cat "$work/log" >&2; exit 1; }
  cat "$work/log" >&2
  echo "$times" | awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }'
}

# The median of the numbers on stdin.
median() {
  sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

for i in 0 1; do : > "$work/wall.$i"; : > "$work/cpu.$i"; done
for run in $(seq "$runs"); do
  for i in 0 1; do
    read -r wall cpu < <(measure "$i")
    [ -n "${cpu:-}" ] || { echo "the build of ${revs[$i]} failed" >&2; exit 1; }
    echo "run $run: ${revs[$i]}: ${wall}s wall, ${cpu}s CPU" >&2
    echo "$wall" >> "$work/wall.$i"
    echo "$cpu" >> "$work/cpu.$i"
  done
done

row() {
  local a b
  a=$(median < "$work/$1.0")
  b=$(median < "$work/$1.1")
  awk -v what="$1" -v a="$a" -v b="$b" 'BEGIN { printf "%-6s %-22s %-22s %.2f\n", what, sprintf("%.1f s", a), sprintf("%.1f s", b), b / a }'
}
printf '%-6s %-22s %-22s %s\n' "" "${revs[0]:0:22}" "${revs[1]:0:22}" "ratio"
row wall
row cpu
echo "(median of $runs runs each of \`cargo test --no-run\` after \`cargo clean -p communique\`)"
