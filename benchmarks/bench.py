#!/usr/bin/env python3
"""Start-up benchmark: ``stagelint check examples/guide`` against the interpreter floor and
yamllint, measured in one run with whole processes.

Usage (from the repository root, in the benchmark virtualenv of ``benchmarks/run.py``: a
regular install of stagelint and the peers, not the development one)::

    python3 -m venv .bench && .bench/bin/pip install ".[bench]"
    .bench/bin/python benchmarks/bench.py [--runs 15] [--warmup 2]

Each command runs ``--warmup`` times unmeasured, then ``--runs`` times alternating with the
others (so drift of a shared machine hits every command alike). Each run goes through the
tiny launcher of ``benchmarks/run.py``, which times the child from ``fork`` to ``wait4`` and
reports its own ``ru_maxrss`` (a child forked from this process would start from its size).
The table reports medians, and ratios of medians taken in this very run. For the
benchmark against peers on projects of 1 to 1,000 services, see ``benchmarks/run.py``.

Use the virtualenv's interpreter: a pyenv shim on PATH adds ~80 ms to every start.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
import run  # noqa: E402 - the launcher lives beside this script

launch = run.run_once
install_kind = run.install_kind

EXAMPLE = REPO / "examples" / "guide"
BIN = Path(sys.executable).parent


@dataclass
class Measure:
    name: str
    argv: list[str]
    walls: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    codes: set[int] = field(default_factory=set)

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def peak(self) -> float:
        return statistics.median(self.peaks)


def run_once(argv: list[str], cwd: Path) -> tuple[float, float, int]:
    """(wall seconds, peak RSS MiB, exit code) of one whole process, through the launcher
    (children run without PYTHONDONTWRITEBYTECODE: installed programs cache bytecode)."""
    wall, _cpu, peak, code = launch(argv, cwd)
    return wall, peak, code


def bench(measures: list[Measure], runs: int, warmup: int, cwd: Path) -> None:
    for _ in range(warmup):
        for m in measures:
            run_once(m.argv, cwd)
    for _ in range(runs):
        for m in measures:
            wall, peak, code = run_once(m.argv, cwd)
            m.walls.append(wall)
            m.peaks.append(peak)
            m.codes.add(code)


def tool(name: str) -> str | None:
    """A console script of this virtualenv, else one on PATH."""
    local = BIN / name
    if local.exists():
        return str(local)
    return shutil.which(name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args(argv)

    stagelint = tool("stagelint")
    yamllint = tool("yamllint")
    if stagelint is None:
        print(
            'stagelint is not installed in this environment: pip install ".[bench]"',
            file=sys.stderr,
        )
        return 2
    json_files = sorted(str(p.relative_to(REPO)) for p in EXAMPLE.rglob("*.json"))
    measures = [
        Measure("python -c pass", [sys.executable, "-c", "pass"]),
        Measure("stagelint check examples/guide", [stagelint, "check", "examples/guide"]),
    ]
    if yamllint:
        measures.append(
            Measure(f"yamllint ({len(json_files)} JSON files)", [yamllint, *json_files])
        )
    else:
        print("yamllint not found: pip install yamllint to compare", file=sys.stderr)

    bench(measures, args.runs, args.warmup, REPO)

    floor = measures[0].wall
    ours = measures[1].wall
    peer = measures[2].wall if len(measures) > 2 else None
    print(
        f"{sys.implementation.name} {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
        f"{args.runs} runs each (medians); stagelint {install_kind()}\n"
    )
    print(f"{'command':<40} {'wall ms':>9} {'x floor':>8} {'x yamllint':>11} {'peak MiB':>9}")
    for m in measures:
        ratio_peer = f"{m.wall / peer:11.2f}" if peer else f"{'-':>11}"
        print(f"{m.name:<40} {m.wall * 1000:9.1f} {m.wall / floor:8.2f} {ratio_peer} {m.peak:9.1f}")
    if peer:
        print(f"\nstagelint / yamllint = {ours / peer:.2f} (target: at most 2.00)")
    bad = [m.name for m in measures[1:2] if m.codes - {0}]
    if bad:
        print(f"warning: non-zero exit codes from {', '.join(bad)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
