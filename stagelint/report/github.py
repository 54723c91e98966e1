"""``--format github``: GitHub Actions workflow commands that annotate the changed files.

One ``::error``/``::warning``/``::notice`` command per diagnostic, then the text format's
summary line as plain log text. Paths are relative to the current directory, which in a
workflow is the workspace that GitHub resolves annotation paths against. Related locations
follow the message on extra lines, as the text format prints them.

A finding on a file of deployed values (``--env-file``) has no ``file``: the file is not in
the repository, so the annotation is the run's (shown in the job's summary, not on a diff),
and its message starts with the source and variable
(``railway:backend/staging JWT_SECRET_KEY:``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from stagelint.model.diagnostics import Diagnostic, Severity, Summary
from stagelint.report import ReportOptions, deployed_label, display_path
from stagelint.report.text import summary_line

if TYPE_CHECKING:
    from stagelint.check.runner import CheckResult

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message: a raw newline would end the command, and other control
    characters (ESC, BEL, bidirectional overrides) from a file name would reach the log and
    the terminal reading it raw: they are escaped as the text format shows them (``\x1b``)."""
    from stagelint.report.text import printable

    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """Escape a property value, where ``:`` and ``,`` are separators too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(
    diag: Diagnostic,
    root: os.PathLike[str] | str,
    cwd: str,
    sources: dict[str, dict[int, str]] | None = None,
) -> str:
    """The workflow command that annotates ``diag``."""
    sources = sources or {}
    loc = diag.location
    label = deployed_label(sources, loc)
    if label is None:
        properties = {
            "file": display_path(root, loc.path, cwd),
            "line": str(loc.line),
            "col": str(loc.column),
            "endLine": str(loc.end_line),
            "endColumn": str(loc.end_column),
            "title": f"{diag.code} {diag.rule}",
        }
        message = diag.message
    else:
        properties = {"title": f"{diag.code} {diag.rule}"}
        message = f"{label}: {diag.message}"
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    for related in diag.related:
        rloc = related.location
        where = deployed_label(sources, rloc) or (
            f"{display_path(root, rloc.path, cwd)}:{rloc.line}:{rloc.column}"
        )
        message += f"\n    {where}: {related.message}"
    return f"::{_COMMANDS[diag.severity]} {props}::{escape_data(message)}"


def render(results: Sequence[CheckResult], out: TextIO, options: ReportOptions) -> None:
    diagnostics: list[Diagnostic] = []
    files = 0
    for result in results:
        files += result.files
        for diag in result.diagnostics:
            diagnostics.append(diag)
            out.write(command(diag, result.root, options.cwd, result.sources) + "\n")
    out.write(summary_line(Summary.of(diagnostics, files)) + "\n")
