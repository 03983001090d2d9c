#!/usr/bin/env bash
# Times `communique site` against issue 20's targets, on this machine: the shipped corpus (a
# new site, a run with nothing changed, a run after `add` of one meeting; hyperfine means of
# five runs), then the FOMC series grown to each size of scripts/scale.py (one run each, GNU
# time: wall clock, CPU and peak memory). Prints what BENCHMARKS.md's "The website" records.
#
#   scripts/site-bench.sh BIN WORK [SIZE ...]    # sizes default to 2400 24000
#
# WORK is a scratch folder (a 24,000-meeting site is about 1 GB). Needs hyperfine and GNU time.
set -euo pipefail
bin=$(realpath "$1")
mkdir -p "$2"
work=$(realpath "$2")
shift 2
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(2400 24000)
here=$(realpath "$(dirname "$0")/..")
git_commit() { git -c user.name=bench -c user.email=bench@example.invalid commit -qm "$1"; }

# A new meeting: the latest FOMC statement's text with a paragraph more.
new_meeting() {
  awk 'n >= 2 { print } /^\+\+\+$/ { n++ }' "$1" >"$work/new.txt"
  printf '\nThe Committee will review its framework in the coming months.\n' >>"$work/new.txt"
}

echo "== shipped corpus"
rm -rf "$work/shipped" "$work/h0" "$work/h1"
cp -r "$here/corpus" "$work/shipped"
cd "$work/shipped"
git init -q && git add -A && git_commit corpus
new_meeting "$(ls fomc/*.md | tail -n 1)"
"$bin" site -o "$work/h1" 2>/dev/null
hyperfine -N -w 1 -r 5 \
  --prepare "rm -rf $work/h0" -n new "$bin site -o $work/h0" \
  -n unchanged "$bin site -o $work/h1"
hyperfine -N -w 1 -r 5 \
  --prepare "sh -c '$bin rm fomc/2099-01-01-new >/dev/null 2>&1; $bin site -o $work/h1 2>/dev/null; $bin add --series fomc --date 2099-01-01 $work/new.txt >/dev/null 2>&1'" \
  -n "after add of one meeting" "$bin site -o $work/h1"
"$bin" show fomc/2099-01-01-new >/dev/null # (the meeting each run added and timed)
echo "site: $(find "$work/h1" -type f | wc -l) files, $(du -sh "$work/h1" | cut -f1)"

for n in "${sizes[@]}"; do
  echo "== $n meetings"
  rm -rf "$work/s$n" "$work/site$n"
  cd "$here"
  python3 -c "import sys; sys.path.insert(0, '$here/scripts'); import scale; scale.build('$bin', '$work/s$n', $n)" >/dev/null
  cd "$work/s$n/$n/corpus"
  new_meeting "$(ls fomc/*.md | tail -n 1)"
  timed() { /usr/bin/time -f "$1: %e s wall, %U s user, %S s system, %M KB peak" "$bin" site -o "$work/site$n" 2>&1 | tr '\r' '\n' | grep -E "^(Wrote|$1)"; }
  timed new
  timed unchanged
  "$bin" add --series fomc --date 9999-01-01 "$work/new.txt" >/dev/null
  timed "after add of one meeting"
  echo "site: $(find "$work/site$n" -type f | wc -l) files, $(du -sh "$work/site$n" | cut -f1)"
  rm -rf "$work/site$n"
done
