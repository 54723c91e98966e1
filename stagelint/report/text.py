"""``--format text``: ``path:line:col: CODE [severity] message`` and a summary line.

Paths are shown relative to the current directory so that terminals and editors can open
them. Related locations follow on indented lines.

File names and messages come from the linted repository, and this output goes to terminals
and CI logs: control characters are shown escaped (a newline in a file name would forge
another finding, an ESC sequence drives the terminal) and no line starts with ``::`` (GitHub
Actions runs such a line of any step's output as a workflow command).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from stagelint.model.diagnostics import Severity, Summary
from stagelint.model.regex import lazy
from stagelint.report import ReportOptions, deployed_label, display_path

if TYPE_CHECKING:
    from stagelint.check.runner import CheckResult
    from stagelint.model.deployment import Location

_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_RESET = "\x1b[0m"
_UNPRINTABLE = lazy(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls, line and paragraph separators, bidirectional overrides."""


def printable(text: str) -> str:
    """``text`` on one line with its control characters escaped: ``\\n``, ``\\x1b``."""
    return _UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], text)


def _where(result: CheckResult, loc: Location, cwd: str) -> str:
    label = deployed_label(result.sources, loc)
    if label is not None:
        return printable(label)
    shown = printable(display_path(result.root, loc.path, cwd))
    if shown.startswith("::"):
        shown = "./" + shown
    return f"{shown}:{loc.line}:{loc.column}"


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
            where = _where(result, loc, options.cwd)
            severity = paint(f"[{diag.severity}]", _COLORS[diag.severity])
            message = printable(diag.message)
            out.write(f"{paint(where, _BOLD)}: {paint(diag.code, _BOLD)} {severity} {message}\n")
            for related in diag.related:
                rloc = related.location
                rwhere = _where(result, rloc, options.cwd)
                out.write(paint(f"    {rwhere}: {printable(related.message)}", _DIM) + "\n")
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
        if not summary.files:
            return "Nothing checked (0 files)."
        return f"All checks passed ({files} checked)."
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Found {listed} in {files}."
