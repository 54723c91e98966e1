#!/usr/bin/env python3
"""What drawing the deployment costs ``stagelint explain``: the tour with and without its
picture, on a generated project (20 services by default), in every format.

Usage (from the repository root)::

    .venv/bin/python benchmarks/picture.py [--services 20] [--runs 7] [--callgrind]
        [--formats text,markdown,html]

Without the picture, ``stagelint.explain.picture`` is never imported: the tour's picture block is
dropped before anything renders it, so the difference is the whole cost of drawing —
importing the package, building the graph, laying it out and writing it. With
``--callgrind`` each variant runs once under ``valgrind --tool=callgrind`` and the script
compares instruction counts, which stay the same on a busy machine; otherwise it compares
the medians of ``--runs`` wall-clock runs, alternating the variants.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUN = """
import sys
from stagelint.entry import main
if sys.argv[1] == "without":
    import stagelint.explain.render as render
    add = render.Document.add
    def without_figures(self, *blocks):
        return add(self, *(b for b in blocks if b is not None))
    render.Document.add = without_figures
    import stagelint.explain.tour as tour
    tour.tour_document.__globals__["Figure"] = lambda *args: None
    sys.modules["stagelint.explain.picture.graph"] = type(sys)("stub")
    sys.modules["stagelint.explain.picture.graph"].build_picture = lambda survey: None
    sys.modules["stagelint.explain.picture.graph"].notes = lambda picture: ()
    sys.modules["stagelint.explain.picture.graph"].describe_service = lambda service: ""
    sys.modules["stagelint.explain.picture.graph"].service_files = lambda root, service: ()
code = main(["explain", "--project", sys.argv[2], "--format", sys.argv[3], "-o", sys.argv[4]])
assert code == 0, code
"""


def command(variant: str, project: Path, output_format: str, out: Path) -> list[str]:
    return [sys.executable, "-c", RUN, variant, str(project), output_format, str(out)]


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""Bytecode is written (as a regular install has it): compiling the sources on every run
would be counted as the cost of whichever variant imports more."""


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=ENV)
    return time.perf_counter() - start


def instructions(cmd: list[str], scratch: Path) -> int:
    out = scratch / "callgrind.out"
    subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *cmd],
        check=True,
        capture_output=True,
        env=ENV,
    )
    totals = re.search(r"^summary:\s+(\d+)", out.read_text(), re.MULTILINE)
    assert totals, "no callgrind summary"
    return int(totals.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=20)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--callgrind", action="store_true")
    parser.add_argument("--formats", default="text,markdown,html")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from generate import generate

    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        project = generate(args.services, scratch / "projects")
        print(
            f"project: {args.services} services ({project.name}); python {sys.version.split()[0]}"
        )
        for output_format in args.formats.split(","):
            out = scratch / f"tour.{output_format}"
            cost: dict[str, float] = {}
            for variant in ("without", "with"):  # warm up: bytecode written, caches filled
                subprocess.run(command(variant, project, output_format, out), check=True, env=ENV)
            if args.callgrind:
                for variant in ("without", "with"):
                    cmd = command(variant, project, output_format, out)
                    cost[variant] = instructions(cmd, scratch)
                unit = "instructions"
            else:
                times: dict[str, list[float]] = {"without": [], "with": []}
                for _ in range(args.runs):
                    for variant in times:
                        times[variant].append(wall(command(variant, project, output_format, out)))
                cost = {v: statistics.median(t) for v, t in times.items()}
                unit = "s (median)"
            extra = cost["with"] / cost["without"] - 1
            print(
                f"explain --format {output_format}: without the picture {cost['without']:,.3f}, "
                f"with it {cost['with']:,.3f} {unit}: +{extra:.1%}"
            )
            assert os.path.getsize(out) > 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
