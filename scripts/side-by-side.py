#!/usr/bin/env python3
"""Two builds of communique timed side by side on the shipped corpus, runs alternated (old,
new, new, old, …) so that both see the same machine: the median of each, and their ratio.

    scripts/side-by-side.py OLD_BINARY NEW_BINARY [RUNS]

For changes on every path (the token rule, issue 14): `diff` of two FOMC statements, `blame`
over the 240 FOMC statements and the FOMC theme timeline. Run from the project root, with
release builds (`cargo build --release`).
"""
import statistics
import subprocess
import sys
import time

if len(sys.argv) < 3:
    sys.exit(__doc__)
old, new = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 80
commands = {
    "diff fomc/2022-11-02 fomc/2022-12-14": ["diff", "fomc/2022-11-02", "fomc/2022-12-14"],
    'blame "maximum employment" --series fomc': ["blame", "maximum employment", "--series", "fomc"],
    "themes --series fomc": ["themes", "--series", "fomc"],
}
for name, args in commands.items():
    times = {old: [], new: []}
    for i in range(runs):
        for binary in (old, new) if i % 2 == 0 else (new, old):
            start = time.perf_counter()
            subprocess.run([binary, "-C", "corpus", *args, "--color", "never"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            times[binary].append(time.perf_counter() - start)
    a, b = statistics.median(times[old]) * 1000, statistics.median(times[new]) * 1000
    print(f"{name:45} old {a:6.2f} ms   new {b:6.2f} ms   ratio {b / a:.3f}")
