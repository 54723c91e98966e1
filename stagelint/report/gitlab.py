"""``--format gitlab``: a GitLab Code Quality report (``artifacts: reports: codequality``).

A JSON array of issues in the subset of the Code Climate format that GitLab reads. Paths
are relative to the current directory, the repository root in a CI job. Severities:
error -> ``major``, warning -> ``minor``, info -> ``info``, the mapping other linters use,
so stagelint's findings rank with theirs in the merge-request widget; ``critical`` and
``blocker`` are left for tools that grade impact, which a policy severity does not.
``fingerprint`` is the diagnostic's identity, stable across runs and line moves, so GitLab
shows a finding as new only when it is.

GitLab requires ``location.path`` and ``location.lines.begin`` on every issue. A finding on a
file of deployed values (``--env-file``) has no file in the repository: its path is the
source (``railway:backend/staging``, a name no repository file has: the merge request
lists the issue, with a link that leads nowhere), its line 1, and its description names the
source and variable.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from stagelint.model.diagnostics import Severity
from stagelint.report import ReportOptions, deployed_label, display_path
from stagelint.report._fingerprints import unique_fingerprints

if TYPE_CHECKING:
    from stagelint.check.runner import CheckResult

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def issues(results: Sequence[CheckResult], options: ReportOptions) -> list[dict[str, Any]]:
    pairs = [(result, diag) for result in results for diag in result.diagnostics]
    fingerprints = unique_fingerprints(diag for _, diag in pairs)
    found = []
    for (result, diag), fingerprint in zip(pairs, fingerprints, strict=True):
        loc = diag.location
        label = deployed_label(result.sources, loc)
        if label is None:
            description = f"{diag.code}: {diag.message}"
            path = display_path(result.root, loc.path, options.cwd)
            lines = {"begin": loc.line, "end": loc.end_line}
        else:
            description = f"{diag.code}: {label}: {diag.message}"
            path, lines = loc.path, {"begin": 1, "end": 1}
        found.append(
            {
                "type": "issue",
                "description": description,
                "check_name": diag.code,
                "fingerprint": fingerprint,
                "severity": SEVERITIES[diag.severity],
                "location": {"path": path, "lines": lines},
            }
        )
    return found


def render(results: Sequence[CheckResult], out: TextIO, options: ReportOptions) -> None:
    json.dump(issues(results, options), out, indent=2, ensure_ascii=False)
    out.write("\n")
