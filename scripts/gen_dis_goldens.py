#!/usr/bin/env python3
"""Generate (or check) CPython `dis` listings used as bytecode goldens.

For every tests/dis/programs/NAME.py this runs

    python3 -I -m dis NAME.py

(cwd = tests/dis/programs, PYTHONHASHSEED=0, 20 s timeout) and writes
tests/dis/expected/NAME.dis.  Every tests/listings/STEM.py is disassembled
the same way (cwd = tests/listings) into tests/dis/expected/listing_STEM.dis.

Code object addresses are normalised: every `0x[0-9a-f]+` becomes `0x0`.
The file name shown in code object reprs is the bare NAME.py because the
program is passed relative to its own directory.

Usage:
    scripts/gen_dis_goldens.py            regenerate all .dis files
    scripts/gen_dis_goldens.py --check    compare instead of writing; print a
                                          diff for each mismatch and exit 1
                                          if anything differs

The interpreter can be overridden with the PYTHON environment variable
(default: python3). Standard library only.
"""

import argparse
import difflib
import os
import re
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PROGRAMS_DIR = REPO_ROOT / "tests" / "dis" / "programs"
LISTINGS_DIR = REPO_ROOT / "tests" / "listings"
EXPECTED_DIR = REPO_ROOT / "tests" / "dis" / "expected"
TIMEOUT_SECONDS = 20
ADDRESS_RE = re.compile(r"0x[0-9a-f]+")


def disassemble(path):
    """Return the normalised `python3 -m dis` output for one source file."""
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    python = os.environ.get("PYTHON", "python3")
    try:
        proc = subprocess.run(
            [python, "-I", "-m", "dis", path.name],
            cwd=path.parent,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        raise SystemExit(f"error: dis of {path} timed out after {TIMEOUT_SECONDS}s")
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
        raise SystemExit(f"error: dis of {path} failed with exit code {proc.returncode}")
    text = proc.stdout.decode("utf-8")
    return ADDRESS_RE.sub("0x0", text).encode("utf-8")


def targets():
    """Yield (source path, expected output path) pairs."""
    for prog in sorted(PROGRAMS_DIR.glob("*.py")):
        yield prog, EXPECTED_DIR / f"{prog.stem}.dis"
    for listing in sorted(LISTINGS_DIR.glob("*.py")):
        yield listing, EXPECTED_DIR / f"listing_{listing.stem}.dis"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare instead of writing; exit 1 on mismatch")
    args = parser.parse_args(argv)

    EXPECTED_DIR.mkdir(parents=True, exist_ok=True)
    count = 0
    mismatches = 0
    for src, out in targets():
        count += 1
        data = disassemble(src)
        if not args.check:
            out.write_bytes(data)
            continue
        if not out.exists():
            mismatches += 1
            print(f"MISSING {out.relative_to(REPO_ROOT)}")
            continue
        current = out.read_bytes()
        if current != data:
            mismatches += 1
            diff = difflib.unified_diff(
                current.decode("utf-8", "replace").splitlines(keepends=True),
                data.decode("utf-8", "replace").splitlines(keepends=True),
                f"expected/{out.name}", f"actual/{out.name}")
            sys.stdout.writelines(diff)

    if args.check:
        if mismatches:
            print(f"{mismatches} dis golden file(s) differ")
            return 1
        print(f"ok: {count} dis listings match")
    else:
        print(f"wrote {count} dis listings to {EXPECTED_DIR.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
