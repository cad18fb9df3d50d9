#!/usr/bin/env python3
"""Compare Interleave's virtual time with CPython's real time.

Runs bench/calibrate.py under python3 (real seconds from time.perf_counter)
and under `interleave run` (virtual seconds from the cost table in
tracer-core/vm/src/sched/cost.rs) and prints both with their ratio. The cost
table is calibrated when every ratio lies within 0.5..1.5.

Then runs the lecture's timing listings both ways, Interleave with as many
virtual cores as this machine has real ones, and compares what the lecture
is about: s6's CPU(processes)/CPU(threads) and IO(threads)/IO(processes),
s7's tiny/batched, and the run times of s3 and s9. Each Interleave figure
must lie within 0.5..1.5 of CPython's.

Usage: scripts/calibrate.py [--interleave PATH]
"""
import argparse
import os
import pathlib
import re
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bench" / "calibrate.py"


def timings(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return {name: float(value) for name, value in (line.split() for line in out.splitlines())}


LISTINGS = ROOT / "tests" / "listings"
NUMBER = re.compile(r"^(.*?):\s*([0-9.]+)")


def listing_numbers(cmd):
    """The `label: seconds` lines a listing prints, in order."""
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [float(m.group(2)) for m in map(NUMBER.match, out.splitlines()) if m]


def run_time(cmd):
    """Wall time for python3, virtual time (from --summary) for Interleave."""
    if "run" in cmd:
        err = subprocess.run(cmd + ["--summary"], check=True, capture_output=True, text=True).stderr
        return float(re.search(r"virtual time: ([0-9.]+) s", err).group(1))
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def lecture_figures(interleave):
    """(name, CPython's figure, Interleave's figure) for the timing listings."""
    cores = ["--cores", str(os.cpu_count() or 1)]
    figures = []
    py = listing_numbers([sys.executable, str(LISTINGS / "s6_cpu_vs_io.py")])
    il = listing_numbers([interleave, "run", str(LISTINGS / "s6_cpu_vs_io.py")] + cores)
    figures.append(("s6 CPU proc/thread", py[0] / py[1], il[0] / il[1]))
    figures.append(("s6 IO thread/proc", py[2] / py[3], il[2] / il[3]))
    py = listing_numbers([sys.executable, str(LISTINGS / "s7_tiny_vs_batched.py")])
    il = listing_numbers([interleave, "run", str(LISTINGS / "s7_tiny_vs_batched.py")])
    figures.append(("s7 tiny/batched", py[0] / py[1], il[0] / il[1]))
    py = listing_numbers([sys.executable, str(LISTINGS / "s9_gil_release_sleep.py")])
    il = listing_numbers([interleave, "run", str(LISTINGS / "s9_gil_release_sleep.py")])
    figures.append(("s9 seconds", py[0], il[0]))
    script = str(LISTINGS / "s3_processes.py")
    figures.append(("s3 seconds", run_time([sys.executable, script]),
                    run_time([interleave, "run", script])))
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interleave", default=str(ROOT / "target" / "release" / "interleave"))
    args = parser.parse_args()
    real = timings([sys.executable, str(SCRIPT)])
    virtual = timings([args.interleave, "run", str(SCRIPT)])
    print(f"{'loop':<20} {'python3 (s)':>12} {'virtual (s)':>12} {'ratio':>7}")
    ok = True
    for name, seconds in real.items():
        ratio = virtual[name] / seconds
        ok &= 0.5 <= ratio <= 1.5
        print(f"{name:<20} {seconds:>12.4f} {virtual[name]:>12.4f} {ratio:>7.2f}")
    print()
    print(f"{'lecture figure':<20} {'python3':>12} {'interleave':>12} {'ratio':>7}")
    for name, cpython, ours in lecture_figures(args.interleave):
        ratio = ours / cpython
        ok &= 0.5 <= ratio <= 1.5
        print(f"{name:<20} {cpython:>12.4f} {ours:>12.4f} {ratio:>7.2f}")
    print("calibrated (all ratios within 0.5..1.5)" if ok else "NOT calibrated")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
