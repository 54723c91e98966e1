"""Applying inline suppressions and per-file ignores to the diagnostics of a run.

The comments themselves are found while files are read
(:mod:`stagelint.parsers.suppressions`); here each one is matched with the rules it names,
the diagnostics it covers are dropped, and what it silenced is recorded for SL007
(unused-suppression). ``per-file-ignores`` from the settings drop the named rules' findings
in the files their globs match (JSON has no comments). While rules run, :class:`Dropped`
answers whether either will drop a given finding (``Context.reports``).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping

from stagelint.model.deployment import Location, Project, Suppression, SuppressionReport
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
    by_line = _by_line(project, registry, report)
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


def _by_line(
    project: Project, registry: Registry, report: SuppressionReport
) -> dict[tuple[str, int], list[tuple[Suppression, set[str]]]]:
    """(path, line) -> the suppressions that apply there, each with the codes it names;
    every suppression is recorded in ``report``, every selector resolved there."""
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
    return by_line


class Dropped:
    """Whether an inline suppression or a per-file ignore will drop a finding of a rule at
    a location, asked while rules run (``Context.reports``). What the suppressions and
    globs name is resolved on the first question: a check that asks none pays nothing."""

    __slots__ = ("_by_line", "_per_file", "_project", "_registry", "_resolved")

    def __init__(
        self, project: Project, registry: Registry, per_file: Mapping[str, Iterable[str]]
    ) -> None:
        self._project = project
        self._registry = registry
        self._per_file = per_file
        self._by_line: dict[tuple[str, int], set[str]] | None = None
        self._resolved: list[tuple[str, set[str]]] = []

    def __call__(self, code: str, location: Location) -> bool:
        if self._by_line is None:
            found = _by_line(self._project, self._registry, SuppressionReport())
            self._by_line = {
                key: set().union(*(codes for _, codes in pairs)) for key, pairs in found.items()
            }
            self._resolved = _resolved(self._per_file, self._registry)
        if code in self._by_line.get((location.path, location.line), ()):
            return True
        return _ignores(self._resolved, code, location.path)


def apply_per_file_ignores(
    diagnostics: list[Diagnostic], per_file: Mapping[str, Iterable[str]], registry: Registry
) -> list[Diagnostic]:
    """Drop diagnostics of the given rules in files matching each glob (root-relative)."""
    if not per_file:
        return diagnostics
    resolved = _resolved(per_file, registry)
    return [diag for diag in diagnostics if not _ignores(resolved, diag.code, diag.location.path)]


def _resolved(
    per_file: Mapping[str, Iterable[str]], registry: Registry
) -> list[tuple[str, set[str]]]:
    """Each glob of ``per-file-ignores`` with the codes its selectors name."""
    return [(pattern, registry.select(selectors)) for pattern, selectors in per_file.items()]


def _ignores(resolved: list[tuple[str, set[str]]], code: str, path: str) -> bool:
    """Whether a glob that matches ``path`` (or its file name) names ``code``."""
    name = path.rsplit("/", 1)[-1]
    return any(
        code in codes and (_glob(path, pattern) or _glob(name, pattern))
        for pattern, codes in resolved
    )


def _glob(path: str, pattern: str) -> bool:
    """``fnmatch`` where ``**/`` also matches no directory at all."""
    if fnmatch.fnmatchcase(path, pattern):
        return True
    return pattern.startswith("**/") and fnmatch.fnmatchcase(path, pattern[3:])
