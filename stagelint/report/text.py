"""``--format text``: ``path:line:col: CODE [severity] message`` and a summary line.

Paths are shown relative to the current directory so that terminals and editors can open
them. Related locations follow on indented lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from stagelint.diagnostics import Severity, Summary
from stagelint.report import ReportOptions, display_path

if TYPE_CHECKING:
    from stagelint.runner import CheckResult

_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_RESET = "\x1b[0m"


def render(results: Sequence[CheckResult], out: TextIO, options: ReportOptions) -> None:
    def paint(text: str, style: str) -> str:
        return f"{style}{text}{_RESET}" if options.color else text

    total_files = 0
    diagnostics = []
    for result in results:
        total_files += result.files
        for diag in result.diagnostics:
            diagnostics.append(diag)
            loc = diag.location
            where = f"{display_path(result.root, loc.path, options.cwd)}:{loc.line}:{loc.column}"
            severity = paint(f"[{diag.severity}]", _COLORS[diag.severity])
            out.write(
                f"{paint(where, _BOLD)}: {paint(diag.code, _BOLD)} {severity} {diag.message}\n"
            )
            for related in diag.related:
                rloc = related.location
                rwhere = (
                    f"{display_path(result.root, rloc.path, options.cwd)}:{rloc.line}:{rloc.column}"
                )
                out.write(paint(f"    {rwhere}: {related.message}", _DIM) + "\n")
    out.write(summary_line(Summary.of(diagnostics, total_files)) + "\n")


def summary_line(summary: Summary) -> str:
    files = f"{summary.files} file{'s' if summary.files != 1 else ''}"
    parts = []
    for count, noun in (
        (summary.errors, "error"),
        (summary.warnings, "warning"),
        (summary.infos, "info"),
    ):
        if count:
            parts.append(f"{count} {noun}{'s' if count != 1 and noun != 'info' else ''}")
    if not parts:
        return f"All checks passed ({files} checked)."
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Found {listed} in {files}."
