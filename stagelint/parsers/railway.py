"""``railway.json`` / ``railway.toml`` (config as code) -> :class:`RailwayConfig`.

The format follows the file name: ``.toml`` is TOML, anything else JSON (projects also name
their JSON config ``railway.schema.json``). The data is kept exactly as written, unknown keys
included; the problems say what Railway would not accept (see
:mod:`stagelint.parsers.railway_schema` for the schema and its decisions).
"""

from __future__ import annotations

from stagelint.model.deployment import Problem, RailwayConfig
from stagelint.model.source import SourceText
from stagelint.parsers.railway_schema import RAILWAY
from stagelint.parsers.spec import check, parse_config

__all__ = ["load_railway"]


def load_railway(source: SourceText) -> RailwayConfig:
    """Parse and validate a Railway config; never raises on bad input."""
    toml = source.path.lower().endswith(".toml")
    doc = parse_config(source, toml)
    if isinstance(doc, Problem):
        return RailwayConfig(source.path, [doc])
    problems = doc.problems + check(doc.data, RAILWAY, doc.positions, source.path, toml=toml)
    problems.sort(key=lambda p: (p.location.line, p.location.column))
    return RailwayConfig(
        source.path, problems, doc.comments, data=doc.data, positions=doc.positions
    )
