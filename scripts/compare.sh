#!/usr/bin/env bash
# Times whole commands side by side, in one run, on this machine: communique against
# `git diff --no-index --word-diff=plain`, dwdiff and wdiff, on real FOMC statements. Writes the
# medians and ratios to BENCHMARKS.md (between the "results" markers) and prints them.
#
#   scripts/compare.sh            # installs hyperfine, dwdiff, wdiff, ripgrep and GNU time if missing
#   RUNS=20 scripts/compare.sh    # fewer runs
#   SCALE="240 2400" scripts/compare.sh   # the corpus commands at these sizes only (default
#                                 # 240 2400 24000; SCALE=none skips them). scripts/scale.py
#                                 # writes its table between the "scale" markers.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-50}

missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v dwdiff >/dev/null || missing+=(dwdiff)
command -v wdiff >/dev/null || missing+=(wdiff)
command -v rg >/dev/null || missing+=(ripgrep)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

bin=$(scripts/build-release.sh | tail -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# 43 adds the worst case of the issue: the series 43 times (about 25 MB), shuffled, every paragraph edited.
cargo run --quiet --release --example bench_inputs -- "$work" 43 2>/dev/null

old=$("$bin" -C corpus list --series fomc --format json | python3 -c 'import json,sys; m=json.load(sys.stdin)["meetings"]; print(m[-2]["id"])')
new=$("$bin" -C corpus list --series fomc --format json | python3 -c 'import json,sys; m=json.load(sys.stdin)["meetings"]; print(m[-1]["id"])')

compare() { # name, the communique command, files $a and $b for the others, [a second form]
  local name=$1 ours=$2 a=$3 b=$4 extra=()
  [ $# -ge 5 ] && extra=(-n "communique ($5)" "$6")
  hyperfine -N -i --style none --warmup 5 --runs "$runs" --export-json "$work/$name.json" \
    -n communique "$ours" "${extra[@]}" \
    -n "git diff --word-diff" "git diff --no-index --word-diff=plain $a $b" \
    -n dwdiff "dwdiff $a $b" \
    -n wdiff "wdiff $a $b" >/dev/null
}

echo "timing: two consecutive FOMC statements from the corpus ($old, $new)" >&2
compare pair "$bin -C corpus diff $old $new" "corpus/$old.md" "corpus/$new.md" \
  "latest~1 latest" "$bin -C corpus diff fomc:latest~1 fomc:latest"
echo "timing: all 240 statements against a copy with a handful of edits" >&2
compare edits "$bin diff $work/all.txt $work/edited.txt" "$work/all.txt" "$work/edited.txt"
echo "timing: shuffled and every paragraph edited, 1x to 4x and 43x (25 MB)" >&2
for scale in 1 2 4 43; do
  if [ "$scale" = 43 ]; then warm=1 n=5; else warm=2 n=$(( runs / 5 > 5 ? runs / 5 : 5 )); fi
  hyperfine -N -i --style none --warmup "$warm" --runs "$n" --export-json "$work/shuffled-$scale.json" \
    -n communique "$bin diff $work/base-${scale}x.txt $work/shuffled-${scale}x.txt" \
    -n "git diff --word-diff" "git diff --no-index --word-diff=plain $work/base-${scale}x.txt $work/shuffled-${scale}x.txt" >/dev/null
  /usr/bin/time -f %M -o "$work/rss-$scale" "$bin" diff "$work/base-${scale}x.txt" "$work/shuffled-${scale}x.txt" >/dev/null 2>&1 || true
done

echo "building a git history of the FOMC statements (one file, one commit each) and a 10x corpus" >&2
python3 - "$work" <<'PY'
import glob, os, subprocess, sys
work = sys.argv[1]
files = sorted(f for f in glob.glob("corpus/fomc/*.md") if not f.endswith("SOURCE.md"))
bodies = [(os.path.basename(f)[:10], open(f).read().split("+++", 2)[2].lstrip("\n")) for f in files]
history = f"{work}/history"
os.makedirs(history)
run = lambda *a, **k: subprocess.run(a, cwd=history, check=True, capture_output=True, **k)
run("git", "init", "-q")
for date, body in bodies:
    open(f"{history}/statement.md", "w").write(body)
    run("git", "add", "statement.md")
    env = dict(os.environ, GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@b", GIT_COMMITTER_NAME="b", GIT_COMMITTER_EMAIL="b@b",
               GIT_AUTHOR_DATE=date + "T12:00:00", GIT_COMMITTER_DATE=date + "T12:00:00")
    run("git", "commit", "-q", "--allow-empty", "-m", date, env=env)
# Packed, as a repository that has been cloned or garbage-collected is.
run("git", "gc", "-q")
# Ten times the series: the statements again under dates 400, 800, ... years later (same leap years).
os.makedirs(f"{work}/ten")
for k in range(10):
    for date, body in bodies:
        shifted = f"{int(date[:4]) + 400 * k:04d}{date[4:]}"
        open(f"{work}/ten/{shifted}.txt", "w").write(body)
PY
"$bin" init "$work/big" >/dev/null
"$bin" -C "$work/big" add --series fomc "$work"/ten/*.txt >/dev/null 2>&1
# A file's stamp is trusted once it is a few seconds old (src/corpus/stamps.rs): as a corpus is.
sleep 4
phrase="maximum employment"
echo "timing: blame and annotate against git log -S and git blame" >&2
hyperfine -N -i --style none --warmup 3 --runs "$runs" --export-json "$work/lineage.json" \
  -n "communique blame" "$bin -C corpus blame '$phrase' --series fomc" \
  -n "git log -S" "git -C $work/history log -S '$phrase' --oneline" \
  -n "communique annotate" "$bin -C corpus annotate fomc:latest" \
  -n "communique annotate --words" "$bin -C corpus annotate fomc:latest --words" \
  -n "communique blame --fuzzy" "$bin -C corpus blame 'reserves ample' --series fomc --fuzzy" \
  -n "git blame" "git -C $work/history blame statement.md" \
  -n "communique blame (10x)" "$bin -C $work/big blame '$phrase'" \
  -n "communique annotate (10x)" "$bin -C $work/big annotate fomc:latest" >/dev/null
# annotate keeps every meeting's origins in a table inside the git directory, with the sentence
# prints of every statement and the stamps of their files, filled by the warm-up runs above.
# These runs delete the table before each one (as a new meeting does: the prints of the others
# are kept), then everything (every statement read and reduced afresh).
dirs="$(git -C corpus rev-parse --absolute-git-dir)/communique $work/big/.git/communique"
tables=$(for d in $dirs; do printf '%s/origins ' "$d"; done)
hyperfine -N -i --style none --warmup 3 --runs "$runs" --export-json "$work/miss.json" --prepare "rm -rf $tables" \
  -n "communique annotate" "$bin -C corpus annotate fomc:latest" \
  -n "communique annotate --words" "$bin -C corpus annotate fomc:latest --words" \
  -n "git blame" "git -C $work/history blame statement.md" \
  -n "communique annotate (10x)" "$bin -C $work/big annotate fomc:latest" >/dev/null
hyperfine -N -i --style none --warmup 3 --runs "$runs" --export-json "$work/cold.json" --prepare "rm -rf $dirs" \
  -n "communique annotate" "$bin -C corpus annotate fomc:latest" \
  -n "communique annotate --words" "$bin -C corpus annotate fomc:latest --words" \
  -n "git blame" "git -C $work/history blame statement.md" \
  -n "communique annotate (10x)" "$bin -C $work/big annotate fomc:latest" >/dev/null

# The theme timeline of the FOMC series, with grep counting the lines that hold any FOMC term
# (one regular expression of all of them) as a reference for reading the same files.
regex=$(python3 - <<'PY'
import re, tomllib
themes = tomllib.load(open("corpus/communique.toml", "rb"))["themes"]
terms = [t for theme in themes.values() if "fomc" in theme.get("series", []) for t in theme["terms"]]
def pattern(term):
    words = re.findall(r"[A-Za-z0-9]+\*?", term)
    return r"\b" + r"[^A-Za-z0-9]+".join(w[:-1] + "[A-Za-z0-9]*" if w.endswith("*") else w for w in words) + r"\b"
print("|".join(pattern(t) for t in terms))
PY
)
echo "timing: the theme timeline of the FOMC series" >&2
hyperfine -N -i --style none --warmup 3 --runs "$runs" --export-json "$work/themes.json" \
  -n "communique themes" "$bin -C corpus themes --series fomc" \
  -n "communique themes --format json" "$bin -C corpus themes --series fomc --format json" \
  -n "communique themes A B" "$bin -C corpus themes fomc:latest~1 fomc:latest" \
  -n "grep -c -i -E" "grep -c -i -E '$regex' $(ls corpus/fomc/*.md | grep -v SOURCE | tr '\n' ' ')" >/dev/null

echo "timing: reports of two consecutive statements in every format" >&2
hyperfine -N -i --style none --warmup 3 --runs "$runs" --export-json "$work/report.json" \
  -n "report --format md" "$bin -C corpus report $old $new --format md" \
  -n "report --format html" "$bin -C corpus report $old $new --format html" \
  -n "report -o report.docx" "$bin -C corpus report $old $new -o $work/report.docx" \
  -n "report --format json" "$bin -C corpus report $old $new --format json" \
  -n "git diff --word-diff" "git diff --no-index --word-diff=plain corpus/$old.md corpus/$new.md" >/dev/null

echo "measuring: time and peak memory of diff on 12, 25 and 50 MB documents" >&2
python3 - "$work" <<'PY'
import glob, sys
work = sys.argv[1]
paragraphs = []
for f in sorted(glob.glob("corpus/fomc/*.md")):
    if not f.endswith("SOURCE.md"):
        paragraphs += [l for l in open(f).read().split("+++", 2)[2].splitlines() if l.strip()]
for mb in (12, 25, 50):
    a, size, k = [], 0, 0
    while size < mb * 1_000_000:
        p = f"{paragraphs[k % len(paragraphs)]} (copy {k})"
        a.append(p); size += len(p) + 2; k += 1
    b = [p.replace(" the ", " a ", 1) if i % 50 == 0 else p for i, p in enumerate(a) if i % 200 != 0]
    open(f"{work}/large-a-{mb}.txt", "w").write("\n\n".join(a))
    open(f"{work}/large-b-{mb}.txt", "w").write("\n\n".join(b))
PY
for mb in 12 25 50; do
  for i in 1 2 3; do
    /usr/bin/time -f "%e %M" -a -o "$work/large-$mb.time" "$bin" diff "$work/large-a-$mb.txt" "$work/large-b-$mb.txt" --stat >/dev/null
    /usr/bin/time -f "%e %M" -a -o "$work/large-git-$mb.time" git diff --no-index --stat "$work/large-a-$mb.txt" "$work/large-b-$mb.txt" >/dev/null || true
  done
done

python3 - "$work" "$old" "$new" "$runs" <<'PY'
import json, os, platform, re, subprocess, sys
work, old, new, runs = sys.argv[1:]

def medians(name):
    data = json.load(open(f"{work}/{name}.json"))["results"]
    return {r["command"]: r["median"] * 1000 for r in data}

cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
mem = int(next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))) / 1024 / 1024
version = lambda cmd: subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0]
lines = [
    f"Measured {subprocess.run(['date', '-u', '+%Y-%m-%d'], capture_output=True, text=True).stdout.strip()} by `scripts/compare.sh` (hyperfine, {runs} runs, medians).",
    f"Machine: {os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, Linux {platform.release()}; "
    f"{version(['git', '--version'])}, {version(['dwdiff', '--version'])}, {version(['wdiff', '--version'])}.",
    "",
]

def table(title, name, note):
    m = medians(name)
    git = m["git diff --word-diff"]
    lines.extend([f"### {title}", "", note, "", "| command | median | ratio to git |", "|---|---:|---:|"])
    for command, ms in m.items():
        lines.append(f"| {command} | {ms:.2f} ms | {ms / git:.2f} |")
    lines.append("")

table("Two consecutive FOMC statements, end to end from the corpus", "pair",
      f"`communique -C corpus diff {old} {new}` (and the same pair named `fomc:latest~1 fomc:latest`, which lists the series); the other tools on the same two stored files.")
table("All 240 FOMC statements (≈ 580 KB) against a copy with a handful of edits", "edits",
      "Eight words changed, one paragraph deleted, one inserted, one moved; `communique diff all.txt edited.txt`.")

lines.extend(["### Shuffled and every paragraph edited: growth from 1× to 4×, and 25 MB", "",
              "The series repeated 1, 2, 4 and 43 times, paragraphs shuffled and one word changed in each "
              "(43×, about 25 MB, is the worst case of issue 15: 5 runs); peak memory by GNU time (`%M`).", "",
              "| input | paragraphs | communique | git diff --word-diff | ratio to git | communique peak memory |", "|---|---:|---:|---:|---:|---:|"])
for scale in (1, 2, 4, 43):
    m = medians(f"shuffled-{scale}")
    rss = int(open(f"{work}/rss-{scale}").read().split()[-1]) / 1024
    size = os.path.getsize(f"{work}/base-{scale}x.txt") / 1024
    paragraphs = open(f"{work}/base-{scale}x.txt").read().count("\n\n") + 1
    ratio = m['communique'] / m['git diff --word-diff']
    lines.append(f"| {scale}× ({size:.0f} KB) | {paragraphs} | {m['communique']:.1f} ms | {m['git diff --word-diff']:.1f} ms | {ratio:.2f} | {rss:.1f} MiB |")
lines.append("")

m = medians("lineage")
lines.extend(["### Where wording comes from: blame and annotate", "",
              "`blame \"maximum employment\" --series fomc` over the 240 statements against `git log -S` on a repository "
              "where each statement is one commit of one file (packed by `git gc`); `annotate fomc:latest` (and with `--words`: "
              "every word's origin) against `git blame` of that file; `blame --fuzzy` over the series; "
              "then the same commands on a corpus of ten times the series (2,400 statements under later dates).", "",
              "| command | median | ratio |", "|---|---:|---:|",
              f"| communique blame | {m['communique blame']:.1f} ms | {m['communique blame'] / m['git log -S']:.2f} × git log -S |",
              f"| git log -S | {m['git log -S']:.1f} ms | 1.00 |",
              f"| communique annotate | {m['communique annotate']:.1f} ms | {m['communique annotate'] / m['git blame']:.2f} × git blame |",
              f"| communique annotate --words | {m['communique annotate --words']:.1f} ms | {m['communique annotate --words'] / m['git blame']:.2f} × git blame |",
              f"| communique blame --fuzzy (\"reserves ample\") | {m['communique blame --fuzzy']:.1f} ms | {m['communique blame --fuzzy'] / m['git log -S']:.2f} × git log -S |",
              f"| git blame | {m['git blame']:.1f} ms | 1.00 |",
              f"| communique blame, 10× series | {m['communique blame (10x)']:.1f} ms | {m['communique blame (10x)'] / m['communique blame']:.1f} × 1× |",
              f"| communique annotate, 10× series | {m['communique annotate (10x)']:.1f} ms | {m['communique annotate (10x)'] / m['communique annotate']:.1f} × 1× |",
              ""])
miss, c = medians("miss"), medians("cold")
lines.extend(["`annotate` keeps the origins it finds for every meeting of a series in a table in the git directory, "
              "keyed by the meeting and every meeting before it, and learns which text each earlier file holds from "
              "its file stamp, without reading it; the runs above find the table filled, and read one entry. "
              "Without the table (deleted before each run, as a new meeting makes it miss: every statement's "
              "sentence fingerprints are still cached), then without any cache (every statement read and reduced "
              "afresh), in a second run:", "",
              "| command | no table | no cache |", "|---|---:|---:|",
              f"| communique annotate | {miss['communique annotate']:.1f} ms ({miss['communique annotate'] / miss['git blame']:.1f} × git blame) "
              f"| {c['communique annotate']:.1f} ms ({c['communique annotate'] / c['git blame']:.1f} ×) |",
              f"| communique annotate --words | {miss['communique annotate --words']:.1f} ms ({miss['communique annotate --words'] / miss['git blame']:.1f} ×) "
              f"| {c['communique annotate --words']:.1f} ms ({c['communique annotate --words'] / c['git blame']:.1f} ×) |",
              f"| git blame | {miss['git blame']:.1f} ms | {c['git blame']:.1f} ms |",
              f"| communique annotate, 10× series | {miss['communique annotate (10x)']:.1f} ms "
              f"| {c['communique annotate (10x)']:.1f} ms |",
              ""])

t = medians("themes")
lines.extend(["### Themes: the timeline of the 240 FOMC statements", "",
              "Every FOMC theme of `corpus/communique.toml` counted in every statement (`themes --series fomc`), "
              "against `grep -c -i -E` with one regular expression of all those terms over the same files "
              "(it only counts matching lines, per file). `themes A B` compares the last two statements theme by theme.", "",
              "| command | median | ratio to grep |", "|---|---:|---:|"])
for command, ms in t.items():
    lines.append(f"| {command} | {ms:.1f} ms | {ms / t['grep -c -i -E']:.2f} |")
lines.append("")

r = medians("report")
lines.extend(["### Reports: two consecutive FOMC statements in every format", "",
              f"`communique -C corpus report {old} {new}`: the diff, theme comparison, sentence origins (annotate of both "
              "meetings against the series), first appearances of changed phrases (blame) and the theme timeline of the "
              "series, rendered; `git diff --word-diff` of the same two files as a reference for reading them.", "",
              "| command | median | ratio to git |", "|---|---:|---:|"])
for command, ms in r.items():
    lines.append(f"| {command} | {ms:.1f} ms | {ms / r['git diff --word-diff']:.1f} |")
lines.append("")

lines.extend(["### Resources: documents of 12, 25 and 50 MB", "",
              "Real FOMC paragraphs repeated (each made unique) to the size, against a copy with every 50th paragraph "
              "edited and every 200th deleted; `communique diff A B --stat`, three runs each, median wall time and peak "
              "resident memory by GNU time (`%M`); `git diff --no-index --stat` (lines only) on the same files for reference.", "",
              "| input (each side) | communique | peak memory | memory ÷ input (both sides) | git diff --stat | git peak memory |",
              "|---:|---:|---:|---:|---:|---:|"])
def med(path):
    # GNU time adds "Command exited with non-zero status 1" for git diff's differences.
    rows = [tuple(map(float, l.split())) for l in open(path) if re.fullmatch(r"[0-9.]+ [0-9]+", l.strip())]
    t = sorted(r[0] for r in rows)[len(rows) // 2]
    m = sorted(r[1] for r in rows)[len(rows) // 2]
    return t, m / 1024
for mb in (12, 25, 50):
    t, m = med(f"{work}/large-{mb}.time")
    gt, gm = med(f"{work}/large-git-{mb}.time")
    both = (os.path.getsize(f"{work}/large-a-{mb}.txt") + os.path.getsize(f"{work}/large-b-{mb}.txt")) / 1024 / 1024
    lines.append(f"| {mb} MB | {t:.2f} s | {m:.0f} MiB | {m / both:.1f} | {gt:.2f} s | {gm:.0f} MiB |")
lines.append("")

text = "\n".join(lines)
print(text)
path = "BENCHMARKS.md"
doc = open(path).read()
start, end = "<!-- results:start -->", "<!-- results:end -->"
doc = re.sub(re.escape(start) + ".*" + re.escape(end), start + "\n" + text + "\n" + end, doc, flags=re.S)
open(path, "w").write(doc)
PY

# Speed at scale: the corpus commands at 240, 2,400 and 24,000 meetings against git and rg.
sizes=${SCALE:-240 2400 24000}
if [ "$sizes" != none ]; then
  echo "timing: the corpus commands at $sizes meetings (scripts/scale.py)" >&2
  # shellcheck disable=SC2086 # one argument per size
  RUNS=$(( runs / 5 > 5 ? runs / 5 : 5 )) python3 scripts/scale.py "$bin" "$work/scale" $sizes >/dev/null
  python3 - "$work/scale/scale.md" <<'PY'
import re, sys
table = open(sys.argv[1]).read().strip()
path = "BENCHMARKS.md"
doc = open(path).read()
start, end = "<!-- scale:start -->", "<!-- scale:end -->"
doc = re.sub(re.escape(start) + ".*" + re.escape(end), lambda _: start + "\n" + table + "\n" + end, doc, flags=re.S)
open(path, "w").write(doc)
print(table)
PY
fi
