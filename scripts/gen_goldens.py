#!/usr/bin/env python3
"""Generate (or check) the golden outputs for tests/golden/programs/*.py.

For every program NAME.py under tests/golden/programs this runs

    python3 -I -X utf8 NAME.py

with the working directory set to tests/golden/programs, PYTHONHASHSEED=0
and a 20 second timeout, and records in tests/golden/expected/:

    NAME.stdout       exact stdout bytes
    NAME.exit         exit code as text followed by a newline
    NAME.stderr_last  last non-empty line of stderr plus a newline
                      (empty file when stderr is empty)

Usage:
    scripts/gen_goldens.py            regenerate all expected files
    scripts/gen_goldens.py --check    compare against the expected files,
                                      print a diff for each mismatch and
                                      exit 1 if anything differs
    scripts/gen_goldens.py NAME ...   restrict to the given program stems

The interpreter can be overridden with the PYTHON environment variable
(default: python3). Standard library only.
"""

import argparse
import difflib
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PROGRAMS_DIR = REPO_ROOT / "tests" / "golden" / "programs"
EXPECTED_DIR = REPO_ROOT / "tests" / "golden" / "expected"
TIMEOUT_SECONDS = 20


def run_program(path):
    """Run one program and return {suffix: bytes} for the three golden files."""
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    python = os.environ.get("PYTHON", "python3")
    try:
        proc = subprocess.run(
            [python, "-I", "-X", "utf8", path.name],
            cwd=PROGRAMS_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        raise SystemExit(f"error: {path.name} timed out after {TIMEOUT_SECONDS}s")
    last = b""
    for line in reversed(proc.stderr.splitlines()):
        if line.strip():
            last = line + b"\n"
            break
    return {
        ".stdout": proc.stdout,
        ".exit": f"{proc.returncode}\n".encode(),
        ".stderr_last": last,
    }


def show_diff(name, expected, actual):
    exp = expected.decode("utf-8", "replace").splitlines(keepends=True)
    act = actual.decode("utf-8", "replace").splitlines(keepends=True)
    diff = difflib.unified_diff(exp, act, f"expected/{name}", f"actual/{name}")
    text = "".join(diff)
    if not text:  # differs only in bytes not visible line-wise (e.g. final newline)
        text = f"--- expected/{name}\n+++ actual/{name}\n-{expected!r}\n+{actual!r}\n"
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare instead of writing; exit 1 on mismatch")
    parser.add_argument("names", nargs="*", help="program stems to process (default: all)")
    args = parser.parse_args(argv)

    programs = sorted(PROGRAMS_DIR.glob("*.py"))
    if args.names:
        wanted = set(args.names)
        programs = [p for p in programs if p.stem in wanted]
        missing = wanted - {p.stem for p in programs}
        if missing:
            raise SystemExit(f"error: unknown program(s): {', '.join(sorted(missing))}")
    if not programs:
        raise SystemExit(f"error: no programs found in {PROGRAMS_DIR}")

    EXPECTED_DIR.mkdir(parents=True, exist_ok=True)
    mismatches = 0
    for prog in programs:
        outputs = run_program(prog)
        for suffix, data in outputs.items():
            target = EXPECTED_DIR / (prog.stem + suffix)
            if args.check:
                current = target.read_bytes() if target.exists() else None
                if current != data:
                    mismatches += 1
                    if current is None:
                        print(f"MISSING {target.relative_to(REPO_ROOT)}")
                    else:
                        show_diff(target.name, current, data)
            else:
                target.write_bytes(data)

    if args.check:
        if mismatches:
            print(f"{mismatches} golden file(s) differ")
            return 1
        print(f"ok: {len(programs)} programs match")
    else:
        print(f"wrote goldens for {len(programs)} programs to {EXPECTED_DIR.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
