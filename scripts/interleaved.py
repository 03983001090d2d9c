#!/usr/bin/env python3
"""Whole commands timed side by side, their runs interleaved (A B C, C B A, …) so that every
command sees the same machine: a slower minute slows them all alike. Prints each command's
median wall time, its ratio to the last command's median (the reference, e.g. git), and its
median CPU time (user + system of the process and its threads).

    scripts/interleaved.py RUNS WARMUP 'COMMAND' 'COMMAND' ... 'REFERENCE'

Commands are split as a shell would split words (no pipes, no redirections); their output goes
to /dev/null. The timer includes spawning each process, as hyperfine's `-N` does.
"""
import os
import shlex
import statistics
import sys
import time

if len(sys.argv) < 5:
    sys.exit(__doc__)
runs, warmup = int(sys.argv[1]), int(sys.argv[2])
commands = [shlex.split(c) for c in sys.argv[3:]]
null = os.open(os.devnull, os.O_WRONLY)


def run(argv):
    start = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ,
                          file_actions=[(os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)])
    _, _, usage = os.wait4(pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


times = [[] for _ in commands]
for i in range(warmup + runs):
    order = range(len(commands)) if i % 2 == 0 else reversed(range(len(commands)))
    for k in order:
        measured = run(commands[k])
        if i >= warmup:
            times[k].append(measured)

reference = statistics.median(t[0] for t in times[-1])
for text, measured in zip(sys.argv[3:], times):
    wall = statistics.median(t[0] for t in measured)
    cpu = statistics.median(t[1] for t in measured)
    print(f"{wall * 1000:10.3f} ms  {wall / reference:5.2f} ×  cpu {cpu * 1000:9.3f} ms  {text}")
