"""``--format gitlab``: a GitLab Code Quality report (``artifacts: reports: codequality``).

A JSON array of issues in the subset of the Code Climate format that GitLab reads. Paths
are relative to the current directory, the repository root in a CI job. Severities:
error -> ``major``, warning -> ``minor``, info -> ``info``, the mapping other linters use,
so stagelint's findings rank with theirs in the merge-request widget; ``critical`` and
``blocker`` are left for tools that grade impact, which a policy severity does not.
``fingerprint`` is the diagnostic's identity, stable across runs and line moves, so GitLab
shows a finding as new only when it is.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from stagelint.diagnostics import Severity
from stagelint.report import ReportOptions, display_path
from stagelint.report._fingerprints import unique_fingerprints

if TYPE_CHECKING:
    from stagelint.runner import CheckResult

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def issues(results: Sequence[CheckResult], options: ReportOptions) -> list[dict[str, Any]]:
    pairs = [(result, diag) for result in results for diag in result.diagnostics]
    fingerprints = unique_fingerprints(diag for _, diag in pairs)
    found = []
    for (result, diag), fingerprint in zip(pairs, fingerprints, strict=True):
        loc = diag.location
        found.append(
            {
                "type": "issue",
                "description": f"{diag.code}: {diag.message}",
                "check_name": diag.code,
                "fingerprint": fingerprint,
                "severity": SEVERITIES[diag.severity],
                "location": {
                    "path": display_path(result.root, loc.path, options.cwd),
                    "lines": {"begin": loc.line, "end": loc.end_line},
                },
            }
        )
    return found


def render(results: Sequence[CheckResult], out: TextIO, options: ReportOptions) -> None:
    json.dump(issues(results, options), out, indent=2, ensure_ascii=False)
    out.write("\n")
