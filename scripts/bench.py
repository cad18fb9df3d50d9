#!/usr/bin/env python3
"""Benchmarks: Interleave (release build) against python3, side by side.

For each program, runs both several times, keeps the best wall time and the
peak memory, and prints the ratio. Targets: issue 2 (bench/*.py) <= 1.5x;
issue 3 (s8 at full size, recorded) <= 2x and <= 300 MB. A benchmark, not a
test: nothing here asserts a time.

Usage: scripts/bench.py [--runs N] [--interleave PATH]
"""
import argparse
import os
import pathlib
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
PROGRAMS = [
    ("sum of squares (3M, genexpr)", ROOT / "bench" / "sum_squares.py"),
    ("global count += 1 (400k)", ROOT / "bench" / "global_count.py"),
    ("s8 race vs lock (recorded)", ROOT / "tests" / "listings" / "s8_race_vs_lock.py"),
]


def measure(cmd, runs):
    best, peak_kb = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{cmd} failed")
        best = min(best, elapsed)
        peak_kb = max(peak_kb, usage.ru_maxrss)
    return best, peak_kb / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--interleave", default=str(ROOT / "target" / "release" / "interleave"))
    args = parser.parse_args()
    print(f"{'program':<32} {'python3':>9} {'interleave':>11} {'ratio':>6} {'peak MB':>8}")
    for name, path in PROGRAMS:
        py, _ = measure([sys.executable, str(path)], args.runs)
        il, mb = measure([args.interleave, "run", str(path)], args.runs)
        print(f"{name:<32} {py:>8.3f}s {il:>10.3f}s {il / py:>5.2f}x {mb:>8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
