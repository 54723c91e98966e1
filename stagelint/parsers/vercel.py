"""Vercel project configuration -> :class:`VercelConfig`.

``vercel.json`` is JSON and ``vercel.toml`` TOML (the Vercel CLI reads it with ``smol-toml``
and then treats it exactly like ``vercel.json``: vercel/vercel
``packages/cli/src/util/compile-vercel-config.ts``); both are checked against one schema. The
data is kept exactly as written, unknown keys included; the problems say what Vercel would not
accept (see :mod:`stagelint.parsers.vercel_schema`), plus the two combinations the Vercel CLI
refuses procedurally: ``functions`` or ``proxy`` together with the legacy ``builds``.
"""

from __future__ import annotations

from typing import Any

from stagelint.model import Location, Problem, VercelConfig
from stagelint.parsers.jsonpos import KeyPath
from stagelint.parsers.spec import check, parse_config
from stagelint.parsers.vercel_schema import VERCEL
from stagelint.source import SourceText

__all__ = ["load_vercel"]


def load_vercel(source: SourceText) -> VercelConfig:
    """Parse and validate a ``vercel.json`` or ``vercel.toml``; never raises on bad input."""
    toml = source.path.lower().endswith(".toml")
    doc = parse_config(source, toml)
    if isinstance(doc, Problem):
        return VercelConfig(source.path, [doc])
    problems = doc.problems + check(doc.data, VERCEL, doc.positions, source.path, toml=toml)
    problems += _with_builds(doc.data, doc.positions, source.path)
    problems.sort(key=lambda p: (p.location.line, p.location.column))
    return VercelConfig(source.path, problems, doc.comments, data=doc.data, positions=doc.positions)


def _with_builds(
    data: Any, positions: dict[KeyPath, tuple[Location, Location]], path: str
) -> list[Problem]:
    """``functions``/``proxy`` cannot be combined with ``builds`` (Vercel CLI, validateConfig)."""
    if not isinstance(data, dict) or "builds" not in data:
        return []
    nowhere = (Location.at(path), Location.at(path))
    builds_key = positions.get(("builds",), nowhere)[0]
    problems = []
    for key, fix in (
        ("functions", "configure functions through each build's config, or drop builds"),
        ("proxy", "drop builds to use proxy"),
    ):
        if key in data:
            problems.append(
                Problem(
                    "invalid-config-value",
                    f"{key} cannot be used together with builds; {fix}",
                    positions.get((key,), nowhere)[0],
                    ((builds_key, "builds is set here"),),
                )
            )
    return problems
