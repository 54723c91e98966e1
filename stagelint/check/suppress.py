"""Inline suppressions and per-file ignores.

An env file line, TOML line or JS/TS line can silence named rules::

    JWT_SECRET_KEY=${{shared.JWT}}   # stagelint: ignore[SL101] rotated by the vault job
    # stagelint: ignore[SL005, secret-too-short] legacy loader reads this file
    LEGACY KEY=value
    dataset: 'production', // stagelint: ignore[SL203] the demo studio shows live content

A suppression applies to its own line, and to the next line when the comment stands alone
on its line. Codes or rule names are required: a blanket ``ignore`` would hide tomorrow's
findings too. JSON has no comments: use ``per-file-ignores`` for ``railway.json`` and
``vercel.json``. Suppressions that silence nothing, or name unknown rules, are reported by
SL007 (unused-suppression), so they do not outlive the problem they excused.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping

from stagelint.model.deployment import Location, Project, Suppression
from stagelint.model.diagnostics import Diagnostic
from stagelint.model.slotted import field, fields_class
from stagelint.model.source import LineIndex
from stagelint.policy.registry import Registry

_DIRECTIVE = re.compile(
    r"stagelint:\s*ignore(?:\[(?P<codes>[^\]]*)\])?(?P<reason>.*)$", re.IGNORECASE
)


@fields_class
class SuppressionReport:
    """What the suppressions did in one run; SL007 reads it."""

    suppressions: list[Suppression] = field(default_factory=list)
    used: dict[tuple[Location, str], int] = field(default_factory=dict)
    """(suppression location, code) -> diagnostics it silenced."""
    active_codes: frozenset[str] = frozenset()
    """Rules that ran: a suppression of a rule that did not run is neither used nor unused."""
    resolved: dict[str, frozenset[str]] = field(default_factory=dict)
    """Selector as written -> the rule codes it names (empty: unknown)."""


def find_suppressions(path: str, text: str, comments: Mapping[int, str]) -> list[Suppression]:
    """Suppression directives among a file's comments (``comments``: line -> text)."""
    candidates = [line for line, comment in comments.items() if "stagelint" in comment.lower()]
    if not candidates:
        return []
    index = LineIndex(text, path)
    found = []
    for line in sorted(candidates):
        start = index.line_start(line)
        end = index.line_start(line + 1) if line < index.line_count else len(text)
        line_text = text[start:end].rstrip("\r\n")
        comment = comments[line]
        match = _DIRECTIVE.search(comment)  # the comment only: a value is no directive
        if match is None:
            continue
        at = line_text.rfind(comment)  # the comment ends its line; a value may repeat it
        if at < 0:  # a block comment's lines, joined
            at = max(line_text.rfind(match.group(0)), 0) - match.start()
        column = at + match.start() + 1
        standalone = line_text.lstrip().startswith(("#", "//", "/*", "*"))
        codes = tuple(c.strip() for c in (match.group("codes") or "").split(",") if c.strip())
        found.append(
            Suppression(
                location=Location(path, line, column, line, column + len(match.group(0))),
                selectors=codes,
                lines=(line, line + 1) if standalone else (line,),
                reason=match.group("reason").strip(),
            )
        )
    return found


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
