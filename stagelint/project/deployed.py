"""Deployed values: files of a service's real values, pulled from the platform by the operator.

In CI the repository holds templates and config files, not values: those live in Railway and
Vercel. The operator pulls them with the platforms' CLIs into files outside the checkout and
names each on the command line (``--env-file SERVICE:ENVIRONMENT=PATH``) or in
``STAGELINT_ENV_FILES``. Each file becomes that service's env file for that environment, so
every value rule judges it. Committed settings can never name such a file: a pull request
must not make stagelint read a file of its choosing outside the project.

A file's format is told from its content (the same rule for ``stagelint fingerprint``):

1. first non-blank character ``{`` (or ``[``): ``railway variables --json``, one JSON
   object of string values (railwayapp/cli ``src/commands/variable.rs`` prints
   ``serde_json::to_string_pretty`` of a sorted map, references already resolved);
2. first line ``# Created by Vercel CLI``: ``vercel env pull`` (read by
   :mod:`stagelint.parsers.vercel_pulled`; ``[SENSITIVE]`` means "set, value not shown");
3. every line ``NAME=...`` or the continuation of a previous value, names in strictly
   ascending order, no blank or ``#`` line and no value starting with a quote:
   ``railway variables --kv``, which prints ``println!("{key}={value}")`` for each variable
   of a sorted map, raw: no quoting, no escaping, so the value is everything after the first
   ``=`` (quotes and ``#`` included), and a line that is not ``NAME=`` continues the value
   above (a value holding a newline);
4. anything else: a dotenv file, read as python-dotenv reads it (references recorded).

In every format a value of ``[SENSITIVE]`` (what Vercel writes for a sensitive variable) is
"set on the platform, value unknown": counted as set, judged by no value rule.

A diagnostic on such a file is located at its *source*, ``railway:backend/staging`` (or
``vercel:web/preview``, ``env-file:api/staging`` for a plain dotenv file), and names the
variable: the file is temporary and not part of the repository, so no report points at a
line of it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Literal

from stagelint.model.errors import UsageError
from stagelint.model.regex import lazy
from stagelint.model.tuples import NamedTuple

if TYPE_CHECKING:
    from stagelint.model.deployment import EnvFile, Value

ENV_VAR = "STAGELINT_ENV_FILES"
"""The environment variable holding specs (newline- or ``os.pathsep``-separated)."""

Format = Literal["railway-json", "railway-kv", "vercel-pull", "dotenv"]

_NAME = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
_SPEC = lazy(rf"({_NAME}):({_NAME})=(.+)", re.DOTALL)
_KV_LINE = lazy(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)")
_PLATFORM_OF: dict[str, str] = {
    "railway-json": "railway",
    "railway-kv": "railway",
    "vercel-pull": "vercel",
    "dotenv": "env-file",
}
SOURCE = lazy(r"(railway|vercel|env-file):[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_.-]+")
"""What a deployed file's locations hold instead of a root-relative path."""


class EnvFileSpec(NamedTuple):
    """``SERVICE:ENVIRONMENT=PATH`` as the operator wrote it."""

    service: str
    environment: str
    """As written (``preview``); the model's environment is :func:`environment_named` of it."""
    path: str
    origin: str
    """``--env-file`` or ``STAGELINT_ENV_FILES``, for error messages."""


class Deployed(NamedTuple):
    """Where a deployed env file came from (``EnvFile.deployed``)."""

    source: str
    """``railway:backend/staging``: what every location in the file holds as its path."""
    format: Format
    file: str
    """The file the operator named, for messages (never a repository path)."""


def is_source(path: str) -> bool:
    """Whether a location's path is a deployed file's source, not a file of the project."""
    return SOURCE.fullmatch(path) is not None


def parse_spec(text: str, origin: str = "--env-file") -> EnvFileSpec:
    match = _SPEC.fullmatch(text.strip())
    if match is None:
        raise UsageError(
            f"{origin} takes SERVICE:ENVIRONMENT=PATH (e.g. backend:staging=/tmp/backend.json), "
            f"not {_shown(text)}"
        )
    service, environment, path = match.groups()
    return EnvFileSpec(service, environment, path, origin)


def specs_from_environment(environ: Mapping[str, str] = os.environ) -> list[EnvFileSpec]:
    """The specs of ``STAGELINT_ENV_FILES``: one per line, or several on a line separated by
    ``os.pathsep`` (``:`` on POSIX, where a new entry starts at ``:SERVICE:ENVIRONMENT=``; a
    path that itself holds such a text needs a line of its own)."""
    raw = environ.get(ENV_VAR, "")
    specs = []
    for line in raw.splitlines():
        if not line.strip():
            continue
        for entry in _split_entries(line.strip()):
            specs.append(parse_spec(entry, ENV_VAR))
    return specs


def _split_entries(line: str) -> list[str]:
    sep = os.pathsep
    entries, start = [], 0
    for match in re.finditer(rf"{re.escape(sep)}(?={_NAME}:{_NAME}=)", line):
        entries.append(line[start : match.start()])
        start = match.end()
    entries.append(line[start:])
    return entries


def _shown(text: str) -> str:
    from stagelint.model.values import quoted

    return quoted(text[:200])


def detect(text: str) -> Format:
    """The format of a deployed file's text (the module docstring states the rule)."""
    from stagelint.parsers.vercel_pulled import has_header

    if text.lstrip()[:1] in ("{", "["):
        return "railway-json"
    if has_header(text):
        return "vercel-pull"
    return "railway-kv" if _kv_bindings(text) is not None else "dotenv"


def _kv_bindings(text: str) -> list[tuple[str, str, int]] | None:
    """``(key, value, line)`` of ``railway variables --kv`` output, or None when the text is
    not in that form."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # println!'s last newline
    bindings: list[tuple[str, list[str], int]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            return None
        match = _KV_LINE.fullmatch(line)
        if match is not None and (not bindings or match.group(1) > bindings[-1][0]):
            key, value = match.groups()
            if value[:1] in ("'", '"'):
                return None
            bindings.append((key, [value], number))
        elif bindings and match is None:
            bindings[-1][1].append(line)  # a value holding a newline
        else:
            return None  # a first line that is not NAME=, or keys out of order
    if not bindings:
        return None
    return [(key, "\n".join(parts), number) for key, parts, number in bindings]


def read_text(spec_path: str, what: str, max_size: int) -> str:
    """A deployed file's text; a :class:`UsageError` (one line, exit 2) when it cannot be read
    as text: the operator named it, and a run that silently skipped it would pass."""
    from stagelint.model.deployment import Problem
    from stagelint.model.source import read_source

    if not os.path.lexists(spec_path):
        raise UsageError(f"{what}: {spec_path}: no such file")
    source = read_source(os.path.abspath(spec_path), spec_path, max_size)
    if isinstance(source, Problem):
        raise UsageError(f"{what}: {spec_path}: {source.message}")
    return source.text


def read_deployed(
    spec: EnvFileSpec, max_size: int, values: dict[str, Value] | None = None
) -> EnvFile:
    """The env file a spec names, in the model (see the module docstring)."""
    from stagelint.model.deployment import environment_named

    what = f"{spec.origin} {spec.service}:{spec.environment}"
    text = read_text(spec.path, what, max_size)
    fmt = detect(text)
    source = f"{_PLATFORM_OF[fmt]}:{spec.service}/{spec.environment}"
    environment = environment_named(spec.environment)
    env_file, pulled_from = parse_deployed(text, fmt, source, what, spec.path, values)
    env_file.service = spec.service
    env_file.environment = environment
    env_file.deployed = Deployed(source, fmt, spec.path)
    if pulled_from is not None and pulled_from != environment:
        raise UsageError(
            f"{what}: {spec.path} was pulled from Vercel's {pulled_from} "
            f"environment (its VERCEL_ENV), not {environment}"
        )
    return env_file


def parse_deployed(
    text: str,
    fmt: Format,
    source: str,
    what: str,
    path: str,
    values: dict[str, Value] | None = None,
) -> tuple[EnvFile, str | None]:
    """A text of deployed values, in ``fmt``, as an env file located at ``source`` (its
    service and environment left for the caller), and the environment a Vercel pull says it
    holds. Also what ``stagelint fingerprint`` reads."""
    from stagelint.model.deployment import EnvFile

    env_file = EnvFile(source)
    pulled_environment = None
    values = {} if values is None else values
    if fmt == "railway-json":
        env_file.variables = _json_variables(text, source, values, what, path)
    elif fmt == "railway-kv":
        env_file.variables = _kv_variables(text, source, values)
    elif fmt == "vercel-pull":
        from stagelint.parsers.vercel_pulled import read_pulled

        pulled = read_pulled(text, source, values)
        pulled_environment = pulled.environment
        env_file.pulled = True
        env_file.variables = pulled.parsed.variables
        env_file.problems.extend(pulled.parsed.problems)
    else:
        from stagelint.parsers.dotenv import parse_dotenv

        parsed = parse_dotenv(text, source, values)
        env_file.variables = parsed.variables
        env_file.problems.extend(parsed.problems)
    if fmt != "vercel-pull":  # read_pulled did it
        from stagelint.parsers.vercel_pulled import mark_sensitive

        env_file.variables = [mark_sensitive(var) for var in env_file.variables]
    return env_file, pulled_environment


def _json_variables(text: str, source: str, values: dict[str, Value], what: str, path: str) -> list:  # type: ignore[type-arg]
    from stagelint.model.deployment import Variable
    from stagelint.model.errors import ParseError
    from stagelint.parsers.jsonpos import parse_json

    try:
        doc = parse_json(text, source)
    except ParseError as exc:  # its message may quote the text: give the position only
        raise UsageError(
            f"{what}: {path} is not valid JSON (line {exc.line}, column {exc.column}); "
            "expected the output of `railway variables --json`"
        ) from None
    if not isinstance(doc.data, dict):
        raise UsageError(f"{what}: {path} is not one JSON object of variables")
    variables = []
    for key, raw in doc.data.items():
        if not isinstance(raw, str):
            raise UsageError(
                f"{what}: {path}: the value of {_key(key)} is not a string; "
                "`railway variables --json` prints string values only"
            )
        key_at, value_at = doc.positions[(key,)]
        whole = key_at._replace(end_line=value_at.end_line, end_column=value_at.end_column)
        value = values.setdefault(raw, _value(raw))
        variables.append(Variable(key, value, whole, key_at, value_at, (), '"'))
    return variables


def _kv_variables(text: str, source: str, values: dict[str, Value]) -> list:  # type: ignore[type-arg]
    from stagelint.model.deployment import Location, Variable

    bindings = _kv_bindings(text)
    assert bindings is not None  # detect() said so
    variables = []
    for key, raw, line in bindings:
        last_line = line + raw.count("\n")
        end_column = len(raw.rsplit("\n", 1)[-1]) + 1 + (len(key) + 1 if last_line == line else 0)
        value = values.setdefault(raw, _value(raw))
        variables.append(
            Variable(
                key,
                value,
                Location(source, line, 1, last_line, end_column),
                Location(source, line, 1, line, len(key) + 1),
                Location(source, line, len(key) + 2, last_line, end_column),
            )
        )
    return variables


def _value(text: str) -> Value:
    from stagelint.model.deployment import Value

    return Value(text)


def _key(key: str) -> str:
    from stagelint.model.values import quoted

    return quoted(key[:100])


def line_keys(env_files: Iterable[EnvFile]) -> dict[str, dict[int, str]]:
    """Source -> line -> variable of every deployed file: what reports name instead of a
    line of a file that is not in the repository."""
    found: dict[str, dict[int, str]] = {}
    for env_file in env_files:
        if env_file.deployed is not None:
            lines = found.setdefault(env_file.path, {})
            for var in env_file.variables:
                lines.setdefault(var.location.line, var.key)
    return found
