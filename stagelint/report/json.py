"""``--format json``: the JSON output **contract** of ARCHITECTURE.md (version 1).

``path`` is relative to the project root with forward slashes; keys that do not apply are
``null``. Extra keys (``end_line``..., ``fingerprint``, ``root``) are allowed by the contract.

A finding on a file of deployed values (``--env-file``) is in no file of the project:
``path``, ``line`` and the columns are ``null`` and the extra key ``source`` names where the
values came from (``railway:backend/staging``); ``variable`` names the variable. Related
locations follow the same rule.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from stagelint.model.diagnostics import Diagnostic, Summary
from stagelint.report import ReportOptions, deployed_label

if TYPE_CHECKING:
    from stagelint.check.runner import CheckResult
    from stagelint.model.deployment import Location

VERSION = 1


def _where(loc: Location, sources: dict[str, dict[int, str]]) -> dict[str, Any]:
    label = deployed_label(sources, loc)
    if label is None:
        return {
            "path": loc.path,
            "line": loc.line,
            "column": loc.column,
            "end_line": loc.end_line,
            "end_column": loc.end_column,
        }
    variable = label.partition(" ")[2] or None
    where: dict[str, Any] = dict.fromkeys(("path", "line", "column", "end_line", "end_column"))
    where["source"] = loc.path
    where["source_variable"] = variable
    return where


def diagnostic_dict(
    diag: Diagnostic, root: str | None = None, sources: dict[str, dict[int, str]] | None = None
) -> dict[str, Any]:
    sources = sources or {}
    where = _where(diag.location, sources)
    where.pop("source_variable", None)
    data: dict[str, Any] = {
        "code": diag.code,
        "rule": diag.rule,
        "severity": str(diag.severity),
        "message": diag.message,
        **where,
        "environment": diag.environment,
        "service": diag.service,
        "variable": diag.variable,
        "related": [
            {**_related(rel.location, sources), "message": rel.message} for rel in diag.related
        ],
    }
    if diag.fingerprint is not None:
        data["fingerprint"] = diag.fingerprint
    if root is not None:
        data["root"] = root
    return data


def _related(loc: Location, sources: dict[str, dict[int, str]]) -> dict[str, Any]:
    where = _where(loc, sources)
    if "source_variable" in where:
        where["variable"] = where.pop("source_variable")
    return where


def document(results: Sequence[CheckResult], options: ReportOptions) -> dict[str, Any]:
    diagnostics = []
    all_diags = []
    files = 0
    several = len(results) > 1
    for result in results:
        files += result.files
        for diag in result.diagnostics:
            all_diags.append(diag)
            root = str(result.root) if several else None
            diagnostics.append(diagnostic_dict(diag, root, result.sources))
    summary = Summary.of(all_diags, files)
    data: dict[str, Any] = {
        "version": VERSION,
        "diagnostics": diagnostics,
        "summary": {
            "files": summary.files,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
        },
    }
    if len(results) == 1:
        data["root"] = str(results[0].root)
        data["policy"] = results[0].policy.name
    return data


def render(results: Sequence[CheckResult], out: TextIO, options: ReportOptions) -> None:
    json.dump(document(results, options), out, indent=2, ensure_ascii=False)
    out.write("\n")
