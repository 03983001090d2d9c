#!/usr/bin/env bash
# Times every command on pathological shapes of one meeting, and `add` on hostile files, with
# the release binary; prints a Markdown table: shape, size, command, median seconds and peak
# memory (GNU time, medians of RUNS runs), ratio to `diff` of the same pair, budget, pass/fail.
#
# One huge meeting, and its successor with some edits (every 50th sentence a word changed,
# every 100th a phrase inserted, every 200th dropped), in a corpus of the two:
#   paragraph   one paragraph of real FOMC sentences, each made unique (4 MB and 20 MB)
#   sentence    the same without a sentence end: one 20 MB "sentence"
#   paragraphs  about 2 million short paragraphs
#   word        one 20 MB word, no space or punctuation
#   identical   the same sentence again and again
# Budget: every command at most 2 × `diff` of the same pair.
#
# Hostile imports (`add`, each in a fresh corpus, `timeout 60`): nested HTML (divs, tables,
# blockquotes), Markdown with nested links and with 100,000 `[` then `]`, /dev/zero and a
# 3 GB sparse file, with at most 4 GiB of address space (`ulimit -v`). Budget: imported or
# refused (exit 0 or 1, no crash) within 1 s and 200 MiB.
#
#   scripts/pathological.sh                          # everything, 3 runs each
#   RUNS=1 SHAPES="paragraph:4" scripts/pathological.sh
#   SHAPES="" scripts/pathological.sh                # the import shapes only
#   BIN=target/release/communique scripts/pathological.sh   # skip the release build
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
shapes=${SHAPES-"paragraph:4 paragraph:20 sentence:20 paragraphs:20 word:20 identical:20"}
imports=${IMPORTS-"divs tables blockquotes links brackets dev-zero sparse"}

if [ ! -x /usr/bin/time ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && $sudo apt-get install -y -qq time >/dev/null
fi
bin=${BIN:-$(scripts/build-release.sh | tail -n 1)}
bin=$(realpath "$bin")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export COLUMNS=100 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.org GIT_COMMITTER_NAME=bench \
  GIT_COMMITTER_EMAIL=bench@example.org

cat >"$work/shapes.py" <<'PY'
# shapes.py OUT SHAPE MB: writes OUT/a.txt and OUT/b.txt
import glob, re, sys
out, shape, size = sys.argv[1], sys.argv[2], int(float(sys.argv[3]) * 1_000_000)
paragraphs = []
for f in sorted(glob.glob("corpus/fomc/*.md")):
    if not f.endswith("SOURCE.md"):
        paragraphs += [l for l in open(f).read().split("+++", 2)[2].splitlines() if l.strip()]
sentences = [s for p in paragraphs for s in re.split(r"(?<=[.!?]) (?=[A-Z])", p)]

def fill(make):
    items, total, k = [], 0, 0
    while total < size:
        s = make(k); items.append(s); total += len(s) + 1; k += 1
    return items

def unique(k):
    s = sentences[k % len(sentences)]
    return (s[:-1] if s[-1] in ".!?" else s) + f" (copy {k})."

def edit(items, every=50, drop=200):
    out = []
    for i, s in enumerate(items):
        if i % drop == drop - 1:
            continue
        if i % every == 0:
            s = s.replace(" the ", " a ", 1)
        elif i % (2 * every) == every // 2 and " " in s:
            head, tail = s.split(" ", 1)
            s = f"{head} as noted before {tail}"
        out.append(s)
    return out

if shape == "paragraph":
    a = fill(unique); b = edit(a); sep = " "
elif shape == "sentence":
    a = fill(lambda k: re.sub(r"[.!?;]", ",", unique(k))); b = edit(a); sep = " "
elif shape == "paragraphs":
    a = fill(lambda k: f"N {k}."); b = edit(a); sep = "\n\n"
elif shape == "word":
    a = fill(lambda k: "abcdefghijklmnopqrstuvwxy"); b = list(a); sep = ""
    for i in range(0, len(b), 5000):
        b[i] = "abcdefghijklmZopqrstuvwxy"
elif shape == "identical":
    a = fill(lambda k: "The Committee decided to maintain the target range for the federal funds rate.")
    b = edit(a, 5000, 20000); sep = " "
else:
    sys.exit(f"unknown shape {shape}")
for name, items in (("a", a), ("b", b)):
    with open(f"{out}/{name}.txt", "w") as f:
        f.write(sep.join(items) + "\n")
PY

themes='
[themes.inflation]
label = "Inflation"
terms = ["inflation*", "price stability", "prices", "price pressures"]

[themes.employment]
label = "Employment"
terms = ["employment", "labor market*", "unemployment", "job gains"]

[themes.rates]
label = "Interest rates"
terms = ["federal funds rate", "target range", "interest rate*"]
'

# measure NAME DIR ARGS...: RUNS runs of `communique ARGS` in DIR under GNU time (timeout 600
# s); appends "NAME seconds KiB exit" per run to $work/times.
measure() {
  local name=$1 dir=$2; shift 2
  for _ in $(seq "$runs"); do
    local code=0
    (cd "$dir" && timeout 600 /usr/bin/time -f '%e %M' -o "$work/one" "$bin" "$@" >/dev/null 2>"$work/err") || code=$?
    if [ "$code" = 124 ]; then
      echo "$name timeout - $code" >>"$work/times"
    else
      echo "$name $(grep -E '^[0-9.]+ [0-9]+$' "$work/one" | tail -n 1) $code" >>"$work/times"
    fi
  done
}

: >"$work/times"
for item in $shapes; do
  shape=${item%%:*} mb=${item##*:}
  dir="$work/$shape-$mb"
  mkdir -p "$dir"
  echo "generating $shape, $mb MB" >&2
  python3 "$work/shapes.py" "$dir" "$shape" "$mb"
  "$bin" init "$dir/corpus" >/dev/null
  printf '%s' "$themes" >>"$dir/corpus/communique.toml"
  git -C "$dir/corpus" commit -qam themes
  echo "timing: $shape, $mb MB" >&2
  key="$shape|$mb"
  # Once: a second run would find the meeting there already.
  runs=1 measure "$key|add" "$dir" -C corpus add a.txt --series s --date 2020-01-01 --slug a
  "$bin" -C "$dir/corpus" add "$dir/b.txt" --series s --date 2020-02-01 --slug b >/dev/null 2>&1
  a=s/2020-01-01-a b=s/2020-02-01-b
  measure "$key|diff" "$dir" -C corpus diff $a $b
  measure "$key|diff --format json" "$dir" -C corpus diff $a $b --format json
  measure "$key|blame \"federal funds rate\"" "$dir" -C corpus blame "federal funds rate"
  measure "$key|annotate" "$dir" -C corpus annotate $b
  measure "$key|grep inflation" "$dir" -C corpus grep inflation
  measure "$key|show" "$dir" -C corpus show $b
  measure "$key|show --format json" "$dir" -C corpus show $b --format json
  measure "$key|themes A B" "$dir" -C corpus themes $a $b
  for format in md html json; do
    measure "$key|report --format $format" "$dir" -C corpus report $a $b --format $format
  done
  measure "$key|report -o report.docx" "$dir" -C corpus report $a $b -o report.docx
  rm -rf "$dir"
done

# Hostile imports, each file added to a fresh corpus.
import_file() { # kind: writes the file, prints its path
  local f="$work/import-$1"
  case $1 in
    divs) f+=.html; python3 -c 'n=20000; print("<html><body>" + "<div>" * n + "Text." + "</div>" * n + "</body></html>")' >"$f" ;;
    tables) f+=.html; python3 -c 'n=8000; print("<html><body>" + "<table><tr><td>" * n + "Text." + "</td></tr></table>" * n + "</body></html>")' >"$f" ;;
    blockquotes) f+=.html; python3 -c 'n=20000; print("<html><body>" + "<blockquote>" * n + "<p>Text.</p>" + "</blockquote>" * n + "</body></html>")' >"$f" ;;
    links) f+=.md; python3 -c 'n=50000; print("[" * n + "Text." + "](u)" * n)' >"$f" ;;
    brackets) f+=.md; python3 -c 'n=100000; print("Text " + "[" * n + "]" * n)' >"$f" ;;
    dev-zero) f=/dev/zero ;;
    sparse) f+=.txt; truncate -s 3G "$f" ;;
  esac
  echo "$f"
}
declare -A import_shape=(
  [divs]="20,000 nested div|HTML" [tables]="8,000 nested table|HTML" [blockquotes]="20,000 nested blockquote|HTML"
  [links]="50,000 nested links|Markdown" [brackets]="100,000 [ then ]|Markdown" [dev-zero]="/dev/zero|endless"
  [sparse]="sparse file|3 GB"
)
for kind in $imports; do
  echo "timing: add of $kind" >&2
  file=$(import_file "$kind")
  for _ in $(seq "$runs"); do
    rm -rf "$work/imports"
    "$bin" init "$work/imports" >/dev/null
    code=0
    # At most 4 GiB of address space: an unbounded read must not take the machine down.
    (ulimit -v 4194304; timeout 60 /usr/bin/time -f '%e %M' -o "$work/one" "$bin" -C "$work/imports" add "$file" \
      --series imp --date 2021-01-01 >/dev/null 2>"$work/err") || code=$?
    if [ "$code" = 124 ]; then
      echo "import|$kind|add timeout - $code" >>"$work/times"
    else
      echo "import|$kind|add $(grep -E '^[0-9.]+ [0-9]+$' "$work/one" | tail -n 1) $code" >>"$work/times"
    fi
  done
  [ "$file" = /dev/zero ] || rm -f "$file"
done

python3 - "$work/times" "$runs" "$(printf '%s\n' "${!import_shape[@]}" | while read -r k; do printf '%s=%s;' "$k" "${import_shape[$k]}"; done)" <<'PY'
import collections, sys
path, runs, names = sys.argv[1], sys.argv[2], sys.argv[3]
names = dict(kv.split("=", 1) for kv in names.split(";") if kv)
rows = collections.OrderedDict()
for line in open(path):
    head, seconds, kib, code = line.rsplit(" ", 3)
    rows.setdefault(head, []).append((seconds, kib, int(code)))

def median(values):
    values = sorted(values)
    return values[len(values) // 2]

print(f"Medians of {runs} runs; peak resident memory by GNU time (`%M`).\n")
print("| shape | size | command | median | peak memory | ratio to diff | budget | result |")
print("|---|---:|---|---:|---:|---:|---|---|")
diffs = {}
for head, results in rows.items():
    group, size, command = head.split("|", 2)
    timed_out = any(s == "timeout" for s, _, _ in results)
    codes = sorted({c for _, _, c in results if c != 124})
    if timed_out:
        seconds, mib = None, None
    else:
        seconds = median(float(s) for s, _, _ in results)
        mib = median(int(k) for _, k, _ in results) / 1024
    if group == "import":
        shape, what = names.get(size, f"{size}|").split("|")
        budget = "≤ 1 s, ≤ 200 MiB, exit 0 or 1"
        # A crash (134: abort, 137: killed) is no refusal.
        ok = seconds is not None and seconds <= 1 and mib <= 200 and codes in ([0], [1])
        ratio = "—"
        shape_cell, size_cell = f"add: {shape}", what
    else:
        shape_cell, size_cell = group, f"{size} MB"
        if command == "diff":
            diffs[(group, size)] = seconds
        base = diffs.get((group, size))
        if command in ("diff", "add"):
            budget, ratio = "reference" if command == "diff" else "—", "1.00" if command == "diff" else "—"
            ok = seconds is not None and codes in ([0], [1])
        else:
            budget = "≤ 2 × diff"
            ratio = f"{seconds / base:.2f}" if seconds is not None and base else "—"
            ok = seconds is not None and base is not None and seconds <= 2 * max(base, 0.05) and codes in ([0], [1])
    when = "timeout" if seconds is None else f"{seconds:.2f} s"
    memory = "—" if mib is None else f"{mib:.0f} MiB"
    exits = ",".join(map(str, codes)) or "—"
    verdict = "pass" if ok else "FAIL"
    print(f"| {shape_cell} | {size_cell} | `{command}` | {when} | {memory} | {ratio} | {budget} | {verdict} (exit {exits}) |")
PY
