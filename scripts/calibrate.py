#!/usr/bin/env python3
"""Compare Interleave's virtual time with CPython's real time.

Runs bench/calibrate.py under python3 (real seconds from time.perf_counter)
and under `interleave run` (virtual seconds from the cost table in
tracer-core/src/sched/cost.rs) and prints both with their ratio. The cost
table is calibrated when every ratio lies within 0.5..1.5.

Usage: scripts/calibrate.py [--interleave PATH]
"""
import argparse
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bench" / "calibrate.py"


def timings(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return {name: float(value) for name, value in (line.split() for line in out.splitlines())}


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
    print("calibrated (all ratios within 0.5..1.5)" if ok else "NOT calibrated")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
