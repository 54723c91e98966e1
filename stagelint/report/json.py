"""``--format json``: the JSON output **contract** of ARCHITECTURE.md (version 1).

``path`` is relative to the project root with forward slashes; keys that do not apply are
``null``. Extra keys (``end_line``..., ``fingerprint``, ``root``) are allowed by the contract.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from stagelint.diagnostics import Diagnostic, Summary
from stagelint.report import ReportOptions

if TYPE_CHECKING:
    from stagelint.runner import CheckResult

VERSION = 1


def diagnostic_dict(diag: Diagnostic, root: str | None = None) -> dict[str, Any]:
    loc = diag.location
    data: dict[str, Any] = {
        "code": diag.code,
        "rule": diag.rule,
        "severity": str(diag.severity),
        "message": diag.message,
        "path": loc.path,
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.end_line,
        "end_column": loc.end_column,
        "environment": diag.environment,
        "service": diag.service,
        "variable": diag.variable,
        "related": [
            {
                "path": rel.location.path,
                "line": rel.location.line,
                "column": rel.location.column,
                "end_line": rel.location.end_line,
                "end_column": rel.location.end_column,
                "message": rel.message,
            }
            for rel in diag.related
        ],
    }
    if diag.fingerprint is not None:
        data["fingerprint"] = diag.fingerprint
    if root is not None:
        data["root"] = root
    return data


def document(results: Sequence[CheckResult], options: ReportOptions) -> dict[str, Any]:
    diagnostics = []
    all_diags = []
    files = 0
    several = len(results) > 1
    for result in results:
        files += result.files
        for diag in result.diagnostics:
            all_diags.append(diag)
            diagnostics.append(diagnostic_dict(diag, str(result.root) if several else None))
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
