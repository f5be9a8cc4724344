#!/usr/bin/env python3
"""Times commands in turn, run by run, rather than each command's runs
together as hyperfine does: on a machine whose other work comes and goes,
a slow minute then falls on every command alike (docs/performance.md).

    python3 bench/interleaved.py [--json FILE] RUNS 'COMMAND' 'COMMAND' ...

Prints, per command, the median and fastest wall time and the median and
least CPU time (user and system, of the command and its threads). Prefix a
command with `taskset -c 0` to count its CPU on one core, which another
tenant's load on the other core does not slow.
"""
import json
import os
import resource
import statistics
import subprocess
import sys
import time


def main() -> None:
    args = sys.argv[1:]
    export = None
    if args[:1] == ["--json"] and len(args) > 1:
        export, args = args[1], args[2:]
    if len(args) < 2:
        sys.exit(__doc__)
    runs = int(args[0])
    commands = args[1:]
    wall = {c: [] for c in commands}
    cpu = {c: [] for c in commands}
    with open(os.devnull, "w") as devnull:
        for run in range(runs):
            # Each command first as often as last.
            for command in commands if run % 2 == 0 else commands[::-1]:
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                subprocess.run(command, shell=True, stdout=devnull, check=True)
                wall[command].append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[command].append(
                    after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
                )
    results = []
    for command in commands:
        w, c = sorted(wall[command]), sorted(cpu[command])
        results.append(
            {
                "command": command,
                "median": statistics.median(w),
                "fastest": w[0],
                "cpu": statistics.median(c),
            }
        )
        print(
            f"{statistics.median(w) * 1000:7.0f} ms wall (fastest {w[0] * 1000:.0f})"
            f"  {statistics.median(c) * 1000:7.0f} ms CPU (least {c[0] * 1000:.0f})"
            f"  {command}"
        )
    if export:
        with open(export, "w") as out:
            json.dump({"results": results}, out, indent=1)


if __name__ == "__main__":
    main()
