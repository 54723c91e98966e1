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

from stagelint.model.deployment import Problem, VercelConfig
from stagelint.model.source import SourceText
from stagelint.parsers.spec import parse_config
from stagelint.parsers.vercel_schema import validate

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
