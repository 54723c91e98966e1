"""Applying inline suppressions and per-file ignores to the diagnostics of a run.

The comments themselves are found while files are read
(:mod:`stagelint.parsers.suppressions`); here each one is matched with the rules it names,
the diagnostics it covers are dropped, and what it silenced is recorded for SL007
(unused-suppression). ``per-file-ignores`` from the settings drop the named rules' findings
in the files their globs match (JSON has no comments).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping

from stagelint.model.deployment import Project, Suppression, SuppressionReport
from stagelint.model.diagnostics import Diagnostic
from stagelint.policy.registry import Registry


def apply_suppressions(
    diagnostics: list[Diagnostic],
    project: Project,
    registry: Registry,
    active_codes: Iterable[str],
) -> tuple[list[Diagnostic], SuppressionReport]:
    """Drop diagnostics that an inline suppression covers; record what each one silenced."""
    report = SuppressionReport(active_codes=frozenset(active_codes))
    by_line: dict[tuple[str, int], list[tuple[Suppression, set[str]]]] = {}
    for source in project.files():
        for suppression in source.suppressions:
            report.suppressions.append(suppression)
            codes: set[str] = set()
            for selector in suppression.selectors:
                matched = report.resolved.setdefault(selector, frozenset(registry.match(selector)))
                codes |= matched
            for line in suppression.lines:
                by_line.setdefault((source.path, line), []).append((suppression, codes))
    if not by_line:
        return diagnostics, report
    kept = []
    for diag in diagnostics:
        silenced = False
        for suppression, codes in by_line.get((diag.location.path, diag.location.line), ()):
            if diag.code in codes:
                key = (suppression.location, diag.code)
                report.used[key] = report.used.get(key, 0) + 1
                silenced = True
        if not silenced:
            kept.append(diag)
    return kept, report


def apply_per_file_ignores(
    diagnostics: list[Diagnostic], per_file: Mapping[str, Iterable[str]], registry: Registry
) -> list[Diagnostic]:
    """Drop diagnostics of the given rules in files matching each glob (root-relative)."""
    if not per_file:
        return diagnostics
    resolved = [(pattern, registry.select(selectors)) for pattern, selectors in per_file.items()]
    kept = []
    for diag in diagnostics:
        path = diag.location.path
        name = path.rsplit("/", 1)[-1]
        ignored = any(
            diag.code in codes and (_glob(path, pattern) or _glob(name, pattern))
            for pattern, codes in resolved
        )
        if not ignored:
            kept.append(diag)
    return kept


def _glob(path: str, pattern: str) -> bool:
    """``fnmatch`` where ``**/`` also matches no directory at all."""
    if fnmatch.fnmatchcase(path, pattern):
        return True
    return pattern.startswith("**/") and fnmatch.fnmatchcase(path, pattern[3:])
