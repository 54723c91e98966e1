"""Output formats, one module per format; each only reads diagnostics.

Every module exposes ``render(results, out, options)``. They are imported lazily, by name,
so a run pays only for the format it prints.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO, cast

from stagelint.model.tuples import NamedTuple

if TYPE_CHECKING:
    from stagelint.check.runner import CheckResult
    from stagelint.model.deployment import Location

FORMATS = {
    "text": "stagelint.report.text",
    "json": "stagelint.report.json",
    "json-lines": "stagelint.report.json_lines",
    "sarif": "stagelint.report.sarif",
    "github": "stagelint.report.github",
    "gitlab": "stagelint.report.gitlab",
    "junit": "stagelint.report.junit",
}


class ReportOptions(NamedTuple):
    color: bool = False
    cwd: str = "."


Renderer = Callable[[Sequence["CheckResult"], TextIO, ReportOptions], None]


def renderer(name: str) -> Renderer:
    module = importlib.import_module(FORMATS[name])
    return cast(Renderer, module.render)


def display_path(root: os.PathLike[str] | str, rel_path: str, cwd: str) -> str:
    """A root-relative path as the user should see it: relative to where the user stands
    when that is inside the project (``../frontend/.env.preview`` from ``backend/``), else
    absolute (a project elsewhere is not reached by a chain of ``..``)."""
    base = os.fspath(root)
    full = os.path.join(base, rel_path)
    rel = os.path.relpath(full, cwd)
    if rel.startswith("..") and not _inside(os.path.abspath(cwd), os.path.abspath(base)):
        return full.replace(os.sep, "/")
    return rel.replace(os.sep, "/")


def deployed_label(sources: dict[str, dict[int, str]], loc: Location) -> str | None:
    """How a location in a file of deployed values (``--env-file``) is shown: its source and
    the variable there (``railway:backend/staging JWT_SECRET_KEY``), or the source alone for
    the file as a whole; None for a file of the project. No line: the file is not in the
    repository (and is usually deleted when the job ends)."""
    lines = sources.get(loc.path)
    if lines is None:
        return None
    whole_file = loc.line == loc.end_line and loc.column == loc.end_column
    key = None if whole_file else lines.get(loc.line)
    return f"{loc.path} {key}" if key else loc.path


def _inside(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip(os.sep) + os.sep)


def use_color(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
