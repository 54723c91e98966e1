"""Vercel project configuration -> :class:`VercelConfig`.

``vercel.json`` is JSON; ``vercel.toml`` TOML, which the Vercel CLI reads with ``smol-toml``
and then treats exactly like ``vercel.json`` (vercel/vercel
``packages/cli/src/util/compile-vercel-config.ts``); ``vercel.ts`` (and ``.mts``/``.js``/
``.mjs``/``.cjs``) code, read by :mod:`stagelint.parsers.vercel_ts`. All are checked against
one schema. The data is kept exactly as written, unknown keys included; the problems say what
Vercel would not accept (see :mod:`stagelint.parsers.vercel_schema`), plus the two combinations
the Vercel CLI refuses procedurally: ``functions`` or ``proxy`` together with the legacy
``builds``.
"""

from __future__ import annotations

from typing import Any

from stagelint.model.deployment import Location, Problem, VercelConfig
from stagelint.model.source import SourceText
from stagelint.parsers.jsonpos import KeyPath
from stagelint.parsers.spec import check, parse_config
from stagelint.parsers.vercel_schema import VERCEL

__all__ = ["TS_SUFFIXES", "load_vercel", "validate"]


def load_vercel(source: SourceText) -> VercelConfig:
    """Parse and validate a Vercel config (``vercel.json``, ``vercel.toml``, or
    ``vercel.ts``-style code: :mod:`stagelint.parsers.vercel_ts`); never raises on bad
    input."""
    suffix = source.path.rsplit(".", 1)[-1].lower()
    if suffix in TS_SUFFIXES:
        from stagelint.parsers.vercel_ts import load_vercel_ts

        return load_vercel_ts(source)
    toml = suffix == "toml"
    doc = parse_config(source, toml)
    if isinstance(doc, Problem):
        return VercelConfig(source.path, [doc])
    problems = doc.problems + validate(doc.data, doc.positions, source.path, toml=toml)
    problems.sort(key=lambda p: (p.location.line, p.location.column))
    return VercelConfig(source.path, problems, doc.comments, data=doc.data, positions=doc.positions)


TS_SUFFIXES = ("ts", "mts", "js", "mjs", "cjs")
"""``vercel.<suffix>`` files that are code (the Vercel CLI's VERCEL_CONFIG_EXTENSIONS)."""


def validate(
    data: Any, positions: dict[KeyPath, tuple[Location, Location]], path: str, *, toml: bool = False
) -> list[Problem]:
    """What Vercel would not accept in a config's data: the schema, then the combinations the
    CLI refuses, in file order."""
    problems = check(data, VERCEL, positions, path, toml=toml)
    problems += _with_builds(data, positions, path)
    problems.sort(key=lambda p: (p.location.line, p.location.column))
    return problems


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
