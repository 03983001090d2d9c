#!/usr/bin/env bash
# Times whole commands side by side, in one run, on this machine: communique against
# `git diff --no-index --word-diff=plain`, dwdiff and wdiff, on real FOMC statements. Writes the
# medians and ratios to BENCHMARKS.md (between the "results" markers) and prints them.
#
#   scripts/compare.sh            # installs hyperfine, dwdiff, wdiff and GNU time if missing
#   RUNS=20 scripts/compare.sh    # fewer runs
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-50}

missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v dwdiff >/dev/null || missing+=(dwdiff)
command -v wdiff >/dev/null || missing+=(wdiff)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

bin=$(scripts/build-release.sh | tail -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo run --quiet --release --example bench_inputs -- "$work" 2>/dev/null

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
echo "timing: shuffled and every paragraph edited, 1x to 4x" >&2
for scale in 1 2 4; do
  hyperfine -N -i --style none --warmup 2 --runs $(( runs / 5 > 5 ? runs / 5 : 5 )) --export-json "$work/shuffled-$scale.json" \
    -n communique "$bin diff $work/base-${scale}x.txt $work/shuffled-${scale}x.txt" \
    -n "git diff --word-diff" "git diff --no-index --word-diff=plain $work/base-${scale}x.txt $work/shuffled-${scale}x.txt" >/dev/null
  /usr/bin/time -f %M -o "$work/rss-$scale" "$bin" diff "$work/base-${scale}x.txt" "$work/shuffled-${scale}x.txt" >/dev/null || true
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

lines.extend(["### Shuffled and every paragraph edited: growth from 1× to 4×", "",
              "The series repeated 1, 2 and 4 times, paragraphs shuffled and one word changed in each; "
              "peak memory by GNU time (`%M`).", "",
              "| input | paragraphs | communique | git diff --word-diff | communique peak memory |", "|---|---:|---:|---:|---:|"])
for scale in (1, 2, 4):
    m = medians(f"shuffled-{scale}")
    rss = int(open(f"{work}/rss-{scale}").read().split()[-1]) / 1024
    size = os.path.getsize(f"{work}/base-{scale}x.txt") / 1024
    paragraphs = open(f"{work}/base-{scale}x.txt").read().count("\n\n") + 1
    lines.append(f"| {scale}× ({size:.0f} KB) | {paragraphs} | {m['communique']:.1f} ms | {m['git diff --word-diff']:.1f} ms | {rss:.1f} MiB |")
lines.append("")

text = "\n".join(lines)
print(text)
path = "BENCHMARKS.md"
doc = open(path).read()
start, end = "<!-- results:start -->", "<!-- results:end -->"
doc = re.sub(re.escape(start) + ".*" + re.escape(end), start + "\n" + text + "\n" + end, doc, flags=re.S)
open(path, "w").write(doc)
PY
