"""Env files written by the Vercel CLI: ``vercel env pull`` and ``vercel pull``.

What the CLI writes (vercel/vercel ``packages/cli/src/commands/env/pull.ts``, CLI of August
2026): the first line ``# Created by Vercel CLI``, then one ``KEY="value"`` line per variable,
sorted by key, where the value's newlines are written ``\\n`` and its carriage returns
``\\r`` and nothing else is escaped (a ``"`` or a backslash inside stays as it is). A
sensitive variable, whose value Vercel never shows again, is written as the literal
``[SENSITIVE]`` (since July 2026, PR #17125; earlier CLIs wrote an empty string).
``vercel pull --environment=preview`` writes ``.vercel/.env.preview.local`` the same way, and
the system variables in the file say which environment it holds: ``VERCEL_ENV``
(``production``, ``preview``, ``development``) and, for a custom environment,
``VERCEL_TARGET_ENV`` (its name).

So a pulled file is read the CLI's way, not python-dotenv's: the text between the first and
the last ``"`` of the line, with ``\\n`` and ``\\r`` turned back (what Next.js's dotenv also
does). python-dotenv would turn ``\\\\`` into one backslash and fail on a ``"`` inside the
value. Values are literals: Vercel expands no ``$VAR``, so no references are recorded. A file
that someone edited beyond that form (a line that is not ``KEY="value"``, a comment or blank)
is read as any dotenv file. In both cases ``[SENSITIVE]`` becomes a ``platform`` reference:
the variable is set on Vercel and its value is unknown here (never a placeholder, never a
secret value).

This module is the one place that knows the format; the loader and the deployed-values input
of ``stagelint check`` use :func:`is_pulled` and :func:`read_pulled`.
"""

from __future__ import annotations

import re

from stagelint.model.deployment import Reference, Value, Variable
from stagelint.model.regex import lazy
from stagelint.model.source import LineIndex
from stagelint.model.tuples import NamedTuple
from stagelint.parsers.dotenv import ParsedEnv, parse_dotenv

__all__ = [
    "HEADER",
    "SENSITIVE",
    "PulledFile",
    "environment_of",
    "has_header",
    "is_pulled",
    "mark_sensitive",
    "read_pulled",
]

HEADER = "# Created by Vercel CLI"
"""The first line of every file the Vercel CLI pulls."""
SENSITIVE = "[SENSITIVE]"
"""What the Vercel CLI writes for a sensitive variable's value."""

_VERCEL_ENVIRONMENTS = {
    "production": "production",
    "preview": "staging",
    "development": "development",
}
"""``VERCEL_ENV`` -> the environment stagelint judges (Vercel's Preview is the guide's
staging)."""
_LINE = lazy(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_BINDING = lazy(r'([A-Za-z_][A-Za-z0-9_]*)="(.*)"')
_ESCAPE = lazy(r"\\[nr]")


class PulledFile(NamedTuple):
    """A pulled env file, read."""

    parsed: ParsedEnv
    environment: str | None
    """The environment its ``VERCEL_TARGET_ENV``/``VERCEL_ENV`` names (``preview`` ->
    ``staging``), None when it names none."""
    as_written: bool
    """True when every line is in the CLI's form and values were read the CLI's way;
    False when the file was edited and was read as a dotenv file."""


def has_header(text: str) -> bool:
    """Whether the first line is the Vercel CLI's ``# Created by Vercel CLI``."""
    if not text.startswith(HEADER):
        return False
    rest = text[len(HEADER) : len(HEADER) + 256]  # never copies a large file
    return rest.split("\n", 1)[0].strip(" \t\r") == ""


def is_pulled(text: str, path: str) -> bool:
    """Whether the env file at ``path`` (root-relative, ``/``-separated) was pulled from
    Vercel: it starts with the CLI's header, or it is ``.vercel/.env.<environment>.local``,
    where ``vercel pull`` writes."""
    if has_header(text):
        return True
    parts = path.rsplit("/", 2)
    name = parts[-1]
    return (
        len(parts) >= 2
        and parts[-2] == ".vercel"
        and name.startswith(".env.")
        and name.endswith(".local")
        and name.count(".") == 3
    )


def read_pulled(text: str, path: str, values: dict[str, Value] | None = None) -> PulledFile:
    """Read a pulled env file (see the module docstring). Never raises."""
    values = {} if values is None else values
    parsed = _as_written(text, path, values)
    as_written = parsed is not None
    if parsed is None:
        parsed = parse_dotenv(text, path, values)
        parsed.variables = [mark_sensitive(var) for var in parsed.variables]
    return PulledFile(parsed, environment_of(parsed.variables), as_written)


def environment_of(variables: list[Variable]) -> str | None:
    """The environment a pulled file holds: a custom environment's name from
    ``VERCEL_TARGET_ENV`` (``staging``, ``qa``), else ``VERCEL_ENV`` (``preview`` ->
    ``staging``), else None."""
    from stagelint.model.deployment import environment_named

    found: dict[str, str] = {}
    for var in variables:
        if var.key in ("VERCEL_ENV", "VERCEL_TARGET_ENV") and var.value and not var.references:
            found[var.key] = var.value.reveal().strip()
    target = found.get("VERCEL_TARGET_ENV", "")
    if _is_name(target) and target.lower() not in _VERCEL_ENVIRONMENTS:
        return environment_named(target)
    system = found.get("VERCEL_ENV", "")
    if system.lower() in _VERCEL_ENVIRONMENTS:
        return _VERCEL_ENVIRONMENTS[system.lower()]
    return environment_named(system) if _is_name(system) else None


def _is_name(text: str) -> bool:
    """An environment name worth trusting: a short word, not some pasted value."""
    return 0 < len(text) <= 64 and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", text) is not None


def _as_written(text: str, path: str, values: dict[str, Value]) -> ParsedEnv | None:
    """The file read the CLI's way, or None when a line is not in the CLI's form."""
    index = LineIndex(text, path)
    result = ParsedEnv()
    for match in _LINE.finditer(text):
        start = match.start()
        line = match.group().rstrip("\r\n")
        if not line.strip():
            if match.end() == start:
                break  # the end of the text
            continue
        if line.startswith("#"):
            result.comments[index.position(start)[0]] = line[1:].strip()
            continue
        binding = _BINDING.fullmatch(line)
        if binding is None:
            return None
        key, raw = binding.group(1), binding.group(2)
        text_value = _ESCAPE.sub(_unescape, raw) if "\\" in raw else raw
        value = values.setdefault(text_value, Value(text_value))
        key_end = start + len(key)
        value_start = key_end + 1
        end = start + len(line)
        references: tuple[Reference, ...] = ()
        if text_value == SENSITIVE:
            inner = index.location(value_start + 1, end - 1)
            references = (Reference("platform", key, None, inner),)
        result.variables.append(
            Variable(
                key,
                value,
                index.location(start, end),
                index.location(start, key_end),
                index.location(value_start, end),
                references,
                '"',
            )
        )
    return result


def _unescape(match: re.Match[str]) -> str:
    return "\n" if match.group() == "\\n" else "\r"


def mark_sensitive(var: Variable) -> Variable:
    """The binding with a ``[SENSITIVE]`` value as a platform reference (set, value unknown);
    any other binding as it is. For edited pulled files and every file of deployed values."""
    if var.value is None or var.value.reveal() != SENSITIVE:
        return var
    where = var.value_location
    if var.quote is not None and where.end_column - where.column == len(SENSITIVE) + 2:
        where = where._replace(column=where.column + 1, end_column=where.end_column - 1)
    reference = Reference("platform", var.key, None, where)
    return Variable(
        var.key,
        var.value,
        var.location,
        var.key_location,
        var.value_location,
        (reference,),
        var.quote,
    )
