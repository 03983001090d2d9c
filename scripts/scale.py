#!/usr/bin/env python3
"""Speed at scale: communique's corpus commands against what a user would otherwise run, on
corpora of 240, 2,400 and 24,000 meetings (and 240,000 once, by hand), side by side in one run.

    scripts/scale.py BIN WORK [SIZE ...]     # called by scripts/compare.sh; SIZES default below

Each corpus grows the FOMC series (corpus/fomc, 240 statements): meeting i is statement
i mod 240, and every copy after the first has a few small edits (a word replaced or dropped in
one to three paragraphs, chosen by a seeded generator), dated every 15 days from the year 1000
(every 13 days for 240,000 meetings, to stay before the year 9999).
The peer holds the same history as one file, `statement.md`, one commit per meeting, packed by
`git gc` as a cloned or collected repository is; grep and themes are read against `rg` over the
same files.

Writes WORK/scale.md (the table for BENCHMARKS.md) and prints it.
"""

import datetime
import glob
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
import tomllib

STATEMENTS = sorted(f for f in glob.glob("corpus/fomc/*.md") if not f.endswith("SOURCE.md"))
PHRASE = "maximum employment"
GREP = "balance sheet"


def bodies():
    out = []
    for f in STATEMENTS:
        text = open(f, encoding="utf-8").read()
        out.append(text.split("+++", 2)[2].lstrip("\n"))
    return out


def edited(body, seed):
    """A copy of `body` with a few small edits, the same for the same seed."""
    rng = random.Random(seed)
    paragraphs = body.split("\n\n")
    for _ in range(rng.randint(1, 3)):
        p = rng.randrange(len(paragraphs))
        words = paragraphs[p].split(" ")
        if len(words) < 4:
            continue
        w = rng.randrange(len(words))
        if rng.random() < 0.5:
            words[w] = rng.choice(words)
        else:
            del words[w]
        paragraphs[p] = " ".join(words)
    return "\n\n".join(paragraphs)


def meetings(n):
    """(date, text) of the n meetings of the grown series."""
    base = bodies()
    start = datetime.date(1000, 1, 1)
    # Every 15 days; closer for 240,000 meetings, which would pass the year 9999.
    step = min(15, (datetime.date(9999, 1, 1) - start).days // n)
    out = []
    for i in range(n):
        k, j = divmod(i, len(base))
        text = base[j] if k == 0 else edited(base[j], i)
        out.append(((start + datetime.timedelta(days=step * i)).isoformat(), text))
    return out


def run(*args, **kw):
    return subprocess.run(args, check=True, capture_output=True, **kw)


def build(bin_, work, n):
    """The source files, the communique corpus and the packed peer for size n."""
    root = f"{work}/{n}"
    src, corpus, peer = f"{root}/src", f"{root}/corpus", f"{root}/peer"
    os.makedirs(src)
    series = meetings(n)
    for date, text in series:
        with open(f"{src}/{date}.txt", "w", encoding="utf-8") as f:
            f.write(text)
    # The peer: one file, one commit per meeting, through fast-import (24,000 `git commit`s
    # would take longer than everything timed here), then packed.
    os.makedirs(peer)
    run("git", "init", "-q", cwd=peer)
    stream = []
    for i, (date, text) in enumerate(series):
        data = text.encode()
        stamp = 1_000_000_000 + i * 3600
        stream.append(b"commit refs/heads/main\n")
        stream.append(f"committer b <b@b> {stamp} +0000\n".encode())
        message = date.encode()
        stream.append(b"data %d\n%s\n" % (len(message), message))
        stream.append(b"M 100644 inline statement.md\n")
        stream.append(b"data %d\n%s\n" % (len(data), data))
    run("git", "fast-import", "--quiet", input=b"".join(stream), cwd=peer)
    run("git", "symbolic-ref", "HEAD", "refs/heads/main", cwd=peer)
    run("git", "checkout", "-q", "-f", "main", cwd=peer)
    run("git", "gc", "-q", cwd=peer)
    files = sorted(glob.glob(f"{src}/*.txt"))
    run(bin_, "init", corpus)
    # The shipped corpus's settings: the FOMC series' themes.
    shutil.copy("corpus/communique.toml", f"{corpus}/communique.toml")
    started = time.monotonic()
    add(bin_, corpus, files)
    print(f"  {n}: corpus added in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return src, corpus, peer, files


def add(bin_, corpus, files):
    # At most 24,000 files a call: the arguments of more pass the system's limit.
    for at in range(0, len(files), 24_000):
        run(bin_, "-C", corpus, "add", "--series", "fomc", *files[at : at + 24_000])


def theme_regex():
    themes = tomllib.load(open("corpus/communique.toml", "rb"))["themes"]
    terms = [t for theme in themes.values() if "fomc" in theme.get("series", []) for t in theme["terms"]]

    def pattern(term):
        words = re.findall(r"[A-Za-z0-9]+\*?", term)
        return r"\b" + r"[^A-Za-z0-9]+".join(w[:-1] + "[A-Za-z0-9]*" if w.endswith("*") else w for w in words) + r"\b"

    return "|".join(pattern(t) for t in terms)


def quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def hyperfine(work, name, commands, runs, prepare=None, shell=False):
    """Medians in ms of `commands` ([(label, command)]), timed in one hyperfine run."""
    out = f"{work}/{name}.json"
    args = ["hyperfine", "--style", "none", "--warmup", "2", "--runs", str(runs), "--export-json", out]
    if not shell:
        args.append("-N")
    if prepare:
        args += ["--prepare", prepare]
    for label, command in commands:
        args += ["-n", label, command]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    results = json.load(open(out))["results"]
    return {r["command"]: r["median"] * 1000 for r in results}


def peak_mb(command):
    """Peak resident memory of `command` (a list), in MB."""
    with open(os.devnull, "w") as null:
        r = subprocess.run(["/usr/bin/time", "-f", "%M", *command], stdout=null, stderr=subprocess.PIPE, text=True)
    return int(r.stderr.strip().splitlines()[-1]) / 1024


def measure(bin_, work, n, runs):
    src, corpus, peer, files = build(bin_, work, n)
    # A file's stamp is trusted once it is a few seconds old (src/corpus/stamps.rs): as a corpus is.
    time.sleep(4)
    c = f"{bin_} -C {corpus}"
    regex = theme_regex()
    jobs = [
        ("list", f"{c} list", f"git -C {peer} log --oneline"),
        ("show latest", f"{c} show fomc:latest", f"git -C {peer} show HEAD:statement.md"),
        ("diff latest~1 latest", f"{c} diff fomc:latest~1 fomc:latest", f"git -C {peer} diff --word-diff HEAD~1 HEAD"),
        (f"blame \"{PHRASE}\"", f"{c} blame {quote(PHRASE)}", f"git -C {peer} log -S {quote(PHRASE)} --oneline"),
        ("annotate latest", f"{c} annotate fomc:latest", f"git -C {peer} blame statement.md"),
        (f"grep \"{GREP}\"", f"{c} grep {quote(GREP)}", f"rg -i {quote(GREP)} {src}"),
        ("themes timeline", f"{c} themes", f"rg -c -i {quote(regex)} {src}"),
    ]
    rows = []
    for name, ours, theirs in jobs:
        slow = n >= 24_000 and name.startswith(("blame", "annotate"))
        medians = hyperfine(work, f"{n}-{name.split()[0]}", [("ours", ours), ("peer", theirs)], 3 if slow else runs)
        rows.append((name, medians["ours"], medians["peer"]))
    report = hyperfine(work, f"{n}-report", [("report", f"{c} report fomc:latest~1 fomc:latest --format html")], runs)
    rows.append(("report --format html", report["report"], None))
    # add of every meeting into an empty corpus, against cp + git add + git commit of the files.
    fresh, peer_add = f"{work}/{n}/fresh", f"{work}/{n}/peer-add"
    listing = f"{work}/{n}/files"
    with open(listing, "w") as f:
        f.write("\n".join(files) + "\n")
    # One call for all (xargs passes at most 128 KiB of arguments a call by default).
    ours = f"xargs -a {listing} -s 1000000 -n 24000 {bin_} -C {fresh} add --series fomc >/dev/null"
    theirs = f"xargs -a {listing} cp -t {peer_add} && git -C {peer_add} add -A && git -C {peer_add} commit -qm add"
    # The previous run's folders are moved aside, not deleted, until every run is done: ext4
    # gives a new file no recently deleted inode, and after `rm -rf` of 24,000 files its
    # search for one (`recently_deleted` in `perf`) took over half of the next run's time:
    # 7.7 s runs became 14.6 s, for whichever tool ran after a deletion. `sync` starts each
    # run with nothing left to write.
    trash = f"{work}/{n}/trash"
    prepare = (
        f"mkdir -p {trash} && for d in {fresh} {peer_add}; do if [ -e $d ]; then "
        f"mv $d {trash}/$(date +%s%N)-$(basename $d); fi; done && "
        f"{bin_} init {fresh} >/dev/null && git init -q {peer_add} && sync"
    )
    add_runs = 3 if n >= 24_000 else max(3, runs // 2)
    medians = hyperfine(work, f"{n}-add", [("ours", ours), ("peer", theirs)], add_runs, prepare=prepare, shell=True)
    rows.append(("add of every meeting", medians["ours"], medians["peer"]))
    # Peak memory of each query, once.
    memory = {}
    for name, ours, _ in jobs:
        memory[name] = peak_mb(["sh", "-c", ours + " >/dev/null"])
    memory["report --format html"] = peak_mb(["sh", "-c", f"{c} report fomc:latest~1 fomc:latest --format html >/dev/null"])
    shutil.rmtree(f"{work}/{n}")
    return rows, memory


PEERS = {
    "list": "git log --oneline",
    "show latest": "git show",
    "diff latest~1 latest": "git diff --word-diff",
    f"blame \"{PHRASE}\"": "git log -S",
    "annotate latest": "git blame",
    f"grep \"{GREP}\"": "rg -i",
    "themes timeline": "rg -c -i, every term",
    "report --format html": "",
    "add of every meeting": "cp + git add + git commit",
}


def fmt(ms):
    return f"{ms:.1f} ms" if ms < 100 else f"{ms:,.0f} ms"


def main():
    bin_, work = sys.argv[1], sys.argv[2]
    sizes = [int(s) for s in sys.argv[3:]] or [240, 2_400, 24_000]
    runs = int(os.environ.get("RUNS", "10"))
    results = {}
    for n in sizes:
        print(f"timing: {n:,} meetings", file=sys.stderr)
        results[n] = measure(bin_, work, n, runs)
    head = "| job (peer) | " + " | ".join(f"{n:,}" for n in sizes) + " |"
    lines = [head, "|---" * (len(sizes) + 1) + "|"]
    for i, (name, _, _) in enumerate(results[sizes[0]][0]):
        cells = []
        for n in sizes:
            _, ours, peer = results[n][0][i]
            cells.append(f"{fmt(ours)} ({ours / peer:.2f}×)" if peer else fmt(ours))
        peer = f" (`{PEERS[name]}`)" if PEERS[name] else ""
        lines.append(f"| `{name}`{peer} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Peak memory (MB): " + "; ".join(
        f"{n:,}: " + ", ".join(f"{k.split()[0]} {v:.0f}" for k, v in results[n][1].items()) for n in sizes))
    table = "\n".join(lines)
    open(f"{work}/scale.md", "w").write(table + "\n")
    print(table)


if __name__ == "__main__":
    main()
