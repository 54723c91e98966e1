"""``--statistics``: how many findings each rule raised, instead of the findings (as ruff's).

A first run on a real repository can raise dozens of findings; counts per rule say where to
start (the errors of one rule) and what to switch off or down in a policy. Text prints one
line per rule, most findings first, then the usual summary line; JSON prints the counts and
the summary.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from stagelint.model.diagnostics import Diagnostic, Severity, Summary
from stagelint.model.tuples import NamedTuple
from stagelint.report import ReportOptions
from stagelint.report.text import summary_line

if TYPE_CHECKING:
    from stagelint.check.runner import CheckResult

FORMATS = ("text", "json")
"""The output formats ``--statistics`` can print."""


class RuleCount(NamedTuple):
    code: str
    rule: str
    severity: Severity
    findings: int


def counts(diagnostics: Sequence[Diagnostic]) -> list[RuleCount]:
    """One entry per rule that fired: most findings first, then by code."""
    found: dict[str, RuleCount] = {}
    for diag in diagnostics:
        known = found.get(diag.code)
        if known is None:
            found[diag.code] = RuleCount(diag.code, diag.rule, diag.severity, 1)
        else:
            severity = max(known.severity, diag.severity)
            found[diag.code] = known._replace(severity=severity, findings=known.findings + 1)
    return sorted(found.values(), key=lambda entry: (-entry.findings, entry.code))


def render(
    results: Sequence[CheckResult], out: TextIO, options: ReportOptions, output_format: str
) -> None:
    diagnostics = [diag for result in results for diag in result.diagnostics]
    summary = Summary.of(diagnostics, sum(result.files for result in results))
    entries = counts(diagnostics)
    if output_format == "json":
        document = {
            "version": 1,
            "statistics": [
                {"code": e.code, "rule": e.rule, "severity": str(e.severity), "count": e.findings}
                for e in entries
            ],
            "summary": {
                "files": summary.files,
                "errors": summary.errors,
                "warnings": summary.warnings,
                "infos": summary.infos,
            },
        }
        json.dump(document, out, indent=2)
        out.write("\n")
        return
    width = max((len(str(e.findings)) for e in entries), default=1)
    for entry in entries:
        out.write(f"{entry.findings:>{width}}  {entry.code}  {entry.severity!s:<7}  {entry.rule}\n")
    out.write(summary_line(summary) + "\n")
