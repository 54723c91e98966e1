#!/usr/bin/env python3
"""Print every diagnostic the whole rule catalogue raises on the real-world corpus.

    .venv/bin/python scripts/corpus_report.py [--counts]

The corpus (``../shared/corpus``) is rebuilt into one project per repository (see
``tests/corpus.py``) and checked with the staging policy. Review the output when a rule
changes: every diagnostic on these real files must be right. ``tests/test_corpus.py``
pins the counts per rule, so a change in behaviour shows up in the test suite.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stagelint.testing import lint
from tests.corpus import build, corpus_available


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", action="store_true", help="only the counts per rule")
    args = parser.parse_args()
    if not corpus_available():
        print("the shared corpus is not available (../shared/corpus)", file=sys.stderr)
        return 2
    counts: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as scratch:
        for repo, root in sorted(build(Path(scratch)).items()):
            for diag in lint(root):
                counts[diag.code] += 1
                if not args.counts:
                    loc = diag.location
                    print(f"{repo}/{loc.path}:{loc.line}:{loc.column}: {diag.code} {diag.message}")
    for code, count in sorted(counts.items()):
        print(f"{code}\t{count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
