"""``--format json-lines``: one JSON object per line per diagnostic, and nothing else.

Each object is the ``--format json`` diagnostics entry (with ``root`` when several projects
are checked). There is no summary line, so a clean run prints nothing and every line is a
finding: ``wc -l`` counts them and a stream reader needs no special case. Non-ASCII text
is escaped, so no character that some readers take for a line break (U+2028, U+0085) ever
splits a record.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from stagelint.report import ReportOptions
from stagelint.report.json import diagnostic_dict

if TYPE_CHECKING:
    from stagelint.check.runner import CheckResult


def render(results: Sequence[CheckResult], out: TextIO, options: ReportOptions) -> None:
    several = len(results) > 1
    for result in results:
        root = str(result.root) if several else None
        for diag in result.diagnostics:
            line = diagnostic_dict(diag, root, result.sources)
            out.write(json.dumps(line, ensure_ascii=True) + "\n")
