#!/usr/bin/env python3
"""Check that a faster stagelint says exactly what the previous one said.

Usage (from the repository root)::

    python benchmarks/same_output.py OLD_STAGELINT NEW_STAGELINT [--sizes 1 10 200]

``OLD_STAGELINT`` and ``NEW_STAGELINT`` are the ``stagelint`` executables of two
installations (say, one of ``main`` and one of a branch). Both check ``examples/*`` and the
projects of ``benchmarks/generate.py`` (generated if missing, with ``--iac``) in every output
format, with ``--jobs 1`` and ``--jobs 2``, with and without ``PYTHONDONTWRITEBYTECODE``,
and the script compares their exit codes, standard output and standard error byte for
byte. It prints each difference and exits 1 if there is one.

Paths inside the outputs are the same for both (same working directory), so a difference
is a difference in what stagelint found or how it said it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GENERATED = HERE / ".generated"
FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit", "json-lines")


def projects(sizes: list[int]) -> list[Path]:
    found = sorted(p for p in (REPO / "examples").iterdir() if p.is_dir())
    missing = [s for s in sizes if not (GENERATED / f"services-{s}").is_dir()]
    if missing:
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), *map(str, missing), "--iac"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    for size in sizes:
        found += [GENERATED / f"services-{size}", GENERATED / f"services-{size}-iac"]
    return found


def run(executable: str, args: list[str], cwd: Path, no_bytecode: bool) -> tuple[int, bytes, bytes]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if no_bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    done = subprocess.run([executable, *args], cwd=cwd, env=env, capture_output=True)
    return done.returncode, done.stdout, done.stderr


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1, 10, 200])
    args = parser.parse_args(argv)
    cases: list[tuple[Path, list[str], bool]] = []
    for project in projects(args.sizes):
        for output in FORMATS:
            cases.append((project, ["check", ".", "--format", output, "--jobs", "1"], False))
        cases.append((project, ["check", ".", "--jobs", "2"], False))
        cases.append((project, ["check", ".", "--statistics"], True))
        cases.append((project, ["check", ".", "--select", "SL1,SL3", "--format", "json"], True))
    differences = 0
    for project, check_args, no_bytecode in cases:
        old = run(args.old, check_args, project, no_bytecode)
        new = run(args.new, check_args, project, no_bytecode)
        label = f"{project.relative_to(REPO)}: stagelint {' '.join(check_args)}"
        if old != new:
            differences += 1
            parts = [
                name
                for name, a, b in zip(("exit code", "stdout", "stderr"), old, new, strict=True)
                if a != b
            ]
            print(f"DIFFERENT ({', '.join(parts)}): {label}")
        else:
            print(f"same (exit {old[0]}, {len(old[1])} bytes): {label}")
    print(f"{len(cases)} cases, {differences} different")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
