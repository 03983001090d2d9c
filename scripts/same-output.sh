#!/usr/bin/env bash
# Runs two builds of communique side by side on the shipped corpus and says whether every
# answer is byte-identical: standard output and exit status of each command. Standard error
# is compared too but only reported (messages and hints may change on purpose).
#
#   scripts/same-output.sh OLD_BINARY NEW_BINARY
#
# Used when the code is reshaped without changing what it answers (issue 13): build the old
# commit's binary (`git worktree add /tmp/old REV && cargo build --manifest-path /tmp/old/Cargo.toml`),
# then compare. Covers every consecutive pair of every shipped series (diff as JSON and text),
# every output format of every read command, reports in all four formats, and add/rm on a
# scratch corpus.
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 OLD_BINARY NEW_BINARY" >&2; exit 2; }
old=$(realpath "$1")
new=$(realpath "$2")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "outputs kept in $work" >&2 || trap 'rm -rf "$work"' EXIT

export SOURCE_DATE_EPOCH=1767225600 NO_COLOR= CLICOLOR_FORCE= COLUMNS=100 LC_ALL=C.UTF-8
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.org
export GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z

# The commands, one per line, run from the project root against the shipped corpus.
commands="$work/commands"
{
  echo "list"
  echo "list --format json"
  echo "list --series fomc"
  for ref in fomc:latest unami-iraq:latest coalition:latest amisom-somalia/2013-03-06; do
    echo "show $ref"
    echo "show $ref --format json"
    echo "show $ref --format md"
    echo "show $ref --width 60"
  done
  # Every consecutive pair of every series, as JSON and as text.
  for series in fomc unami-iraq amisom-somalia; do
    prev=""
    for file in "$root"/corpus/$series/[0-9]*.md; do
      id="$series/$(basename "$file" .md)"
      if [ -n "$prev" ]; then
        echo "diff $prev $id --format json"
        echo "diff $prev $id"
      fi
      prev=$id
    done
  done
  for opts in "" "--stat" "--full" "--context 1" "--format md" "--color always" "--width 70" \
              "--threshold 0.3" "--exit-code" "--theme inflation" "--theme balance-sheet --format json" \
              "--theme labor-market --color always" "--theme inflation --stat"; do
    echo "diff fomc:latest~1 fomc:latest $opts"
    echo "diff fomc/2008-10-29 fomc/2008-12-16 $opts"
  done
  echo "diff unami-iraq:latest~3 unami-iraq:latest --theme iraq"
  echo "diff fomc:latest fomc:latest --exit-code"
  echo "diff -- tests/data/series/ecb-2019-01-24.txt tests/data/series/unoci-2007-06-29-s-res-1763.txt"
  echo "diff tests/data/web-pages/fed-2020-03-15.html fomc/2020-03-15 --format json"
  echo "diff coalition:latest tests/data/rome-2021-seed.txt"
  for phrase in '"sole purpose"' '"maximum employment"' '"Africa*"' '"Iraqi security forces"' \
                '"nothing like this anywhere"' '"balance sheet"'; do
    echo "blame $phrase"
    echo "blame $phrase --format json"
    echo "blame $phrase --fuzzy"
    echo "blame $phrase --fuzzy --format json"
    echo "blame $phrase --series fomc --since 2010-01-01 --until 2015-12-31"
    echo "grep $phrase"
    echo "grep $phrase --format json --context 3"
  done
  for ref in fomc:latest fomc/2008-12-16 fomc/1994-02-04 unami-iraq:latest amisom-somalia:latest coalition:latest; do
    echo "annotate $ref"
    echo "annotate $ref --format json"
  done
  echo "annotate fomc/2015-12-16 --min-similarity 0.8"
  for series in fomc unami-iraq amisom-somalia coalition; do
    echo "themes --series $series"
    echo "themes --series $series --format json"
    echo "themes --series $series --format md"
  done
  echo "themes --series fomc --since 2008-01-01 --until 2009-12-31 --theme inflation"
  echo "themes fomc:latest~1 fomc:latest"
  echo "themes fomc/2008-10-29 fomc/2008-12-16 --format json"
  echo "themes fomc/2008-10-29 fomc/2008-12-16 --format md"
  for pair in "fomc/2008-10-29 fomc/2008-12-16" "fomc:latest~1 fomc:latest" \
              "unami-iraq:latest~1 unami-iraq:latest" "amisom-somalia:latest~2 amisom-somalia:latest"; do
    for format in md json html docx; do
      echo "report $pair --format $format"
    done
    echo "report $pair --theme inflation"
  done
  echo "log -n 3 --format json"
  # Every text renderer in color too.
  for command in "list" "show fomc:latest" "blame \"maximum employment\" --fuzzy" "grep \"Africa*\"" \
                 "annotate fomc/2008-12-16" "themes --series fomc" "themes fomc:latest~1 fomc:latest" \
                 "diff fomc:latest~1 fomc:latest --stat" "diff fomc/2008-10-29 fomc/2008-12-16 --theme inflation"; do
    echo "$command --color always"
  done
  # Refusals and negative answers: compared by status and output.
  echo "show fomc/1900-01-01"
  echo "diff fomc:latest"
  echo "blame \"no such phrase anywhere at all\""
  echo "themes --series nosuch"
  echo "diff fomc:latest~1 fomc:latest --theme nosuch"
  echo "annotate fomc:latest@HEAD"
  echo "grep \"...\""
} >"$commands"

run_all() { # BINARY OUTPUT_DIR
  local bin=$1 out=$2 n=0
  mkdir -p "$out"
  while IFS= read -r line; do
    n=$((n + 1))
    eval "set -- $line"
    (cd "$root" && "$bin" -C corpus --no-pager "$@" >"$out/$n.out" 2>"$out/$n.err"; echo $? >"$out/$n.status") || true
  done <"$commands"
  # Changing the corpus: a scratch corpus, made and changed the same way by both builds.
  local scratch="$work/scratch"
  rm -rf "$scratch"
  {
    "$bin" init "$scratch"
    "$bin" -C "$scratch" add --series ecb "$root"/tests/data/series/ecb-2019-01-24.txt
    "$bin" -C "$scratch" add --series coalition --place Rome --date 2021-06-28 "$root"/tests/data/rome-2021-seed.txt
    "$bin" -C "$scratch" add --series ecb --date 2019-01-24 --replace "$root"/tests/data/series/ecb-2019-01-24.txt
    "$bin" -C "$scratch" add --series fed "$root"/tests/data/web-pages/fed-2020-03-15.html
    "$bin" -C "$scratch" list --format json
    "$bin" -C "$scratch" rm ecb:latest
    "$bin" -C "$scratch" list
    "$bin" -C "$scratch" add --date 2020-02-30 "$root"/tests/data/rome-2021-seed.txt || echo "status $?"
  } >"$out/scratch.out" 2>"$out/scratch.err" || true
  sed -i "s#$scratch#SCRATCH#g" "$out/scratch.out" "$out/scratch.err"
  (cd "$scratch" && git log --format='%s%n%b' && git ls-files -s) >>"$out/scratch.out"
}

run_all "$old" "$work/old"
run_all "$new" "$work/new"

total=$(wc -l <"$commands")
differ=0
n=0
while IFS= read -r line; do
  n=$((n + 1))
  for part in out status; do
    if ! cmp -s "$work/old/$n.$part" "$work/new/$n.$part"; then
      echo "DIFFERENT ($part): communique $line"
      diff "$work/old/$n.$part" "$work/new/$n.$part" | head -5 || true
      differ=$((differ + 1))
    fi
  done
  if ! cmp -s "$work/old/$n.err" "$work/new/$n.err"; then
    echo "stderr changed: communique $line"
    diff "$work/old/$n.err" "$work/new/$n.err" | head -6 || true
  fi
done <"$commands"
if ! cmp -s "$work/old/scratch.out" "$work/new/scratch.out"; then
  echo "DIFFERENT: init/add/rm on a scratch corpus"
  diff "$work/old/scratch.out" "$work/new/scratch.out" | head -20 || true
  differ=$((differ + 1))
fi
if ! cmp -s "$work/old/scratch.err" "$work/new/scratch.err"; then
  echo "stderr changed: init/add/rm on a scratch corpus"
  diff "$work/old/scratch.err" "$work/new/scratch.err" | head -20 || true
fi
echo "$((total + 1)) command lines; $differ outputs or statuses differ"
[ "$differ" -eq 0 ]
