"""Fuzzing every reader of untrusted files: any text, and any bytes through
:func:`stagelint.model.source.decode_source`, gives a result or the project's own error — never
another exception — and every location it reports lies inside the file.

Parsers (dotenv, env files pulled from Vercel, Railway JSON and TOML, ``vercel.json``,
``vercel.toml`` and ``vercel.ts``, Sanity TypeScript, Railway's ``.railway/railway.ts``)
may raise only
:class:`~stagelint.model.errors.ParseError` (the loader turns it into SL001); settings files and
policy YAML only :class:`~stagelint.model.errors.ConfigError` (exit code 2, one line). The
inputs mix arbitrary text with soups of each format's own tokens, which reach deeper than
random characters. ``pytest --hypothesis-profile deep tests/test_fuzz.py`` runs 10,000
examples per test (see ``tests/conftest.py``).
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stagelint.model.deployment import Location, Problem, RailwayIacFile, Variable
from stagelint.model.errors import ConfigError, ParseError
from stagelint.model.slotted import fields_of
from stagelint.model.source import SourceText, decode_source

FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
"""Example counts come from the active profile (100 in ``ci``, 10,000 in ``deep``)."""


# --- inputs ------------------------------------------------------------------------------------


def soup(*fragments: str) -> st.SearchStrategy[str]:
    """Text glued from a format's own tokens, plus arbitrary characters between them."""
    pieces = st.one_of(st.sampled_from(fragments), st.text(max_size=3))
    return st.lists(pieces, max_size=60).map("".join)


NEWLINES = ("\n", "\r\n", "\r", "\ufeff", "\x00", "\u2028", "\t", " ")
DOTENV = soup(
    *NEWLINES, "KEY", "export ", "=", "'", '"', "\\", "#", " # c", "${", "}", "${{", "}}",
    "$PORT", "${A:-b}", "Neon.DATABASE_URL", "postgres://u:p@h/db", "é", "JWT_SECRET_KEY=",
    "stagelint: ignore[SL101]", "A=1", "\\n", "\\'", '\\"',
)  # fmt: skip
JSON = soup(
    *NEWLINES, "{", "}", "[", "]", ",", ":", '"', "\\", "\\u", "\\ud800", "0", "-1.5e3",
    "true", "null", "NaN", '"deploy"', '"build"', '"startCommand"', '"healthcheckPath"',
    '"environments"', '"staging"', '"restartPolicyType"', '"ON_FAILURE"', '"env"',
    '"functions"', '"api/*.js"', '"memory"', '"regions"', '"iad1"', '"builds"', "//", "/*",
)  # fmt: skip
TOML = soup(
    *NEWLINES, "[", "]", "[[", "]]", "{", "}", "=", ",", ".", '"', "'", '"""', "'''", "\\",
    "#", "deploy", "build", "startCommand", "healthcheckPath", "environments.staging",
    "restartPolicyType", "1979-05-27T07:32:00Z", "07:32:00", "1e3", "inf", "nan", "true",
    "0x1F", "_", "-",
)  # fmt: skip
TYPESCRIPT = soup(
    *NEWLINES, "export default ", "defineConfig(", "defineCliConfig(", "{", "}", "(", ")",
    "[", "]", ",", ":", "...", "'", '"', "`", "${", "\\", "//", "/*", "*/", "<", ">",
    "projectId", "dataset", "token", "api", "process.env.SANITY_STUDIO_DATASET", "||", "??",
    "const ", "let ", "import ", " from ", "as const", "=>", "function ", "return ", "?", "!",
)  # fmt: skip
RAILWAY_IAC = soup(
    *NEWLINES, 'import { defineRailway, service, postgres, preserve, project } from "railway/iac";',
    "export default ", "defineRailway(", "(ctx) => ", "() => {", "return ", "project('p', ",
    "{ resources: [", "] }", "service('api', ", "postgres('db')", "db.env.DATABASE_URL",
    "ctx.shared.X", "preserve()", "ctx.environment", "ctx.isEnvironment('staging')",
    "ctx.randomString('s', 32)", "=== 'production'", " ? ", " : ", "&&", "||", "??", "...",
    "env: {", "KEY: ", "'${{web.RAILWAY_PUBLIC_DOMAIN}}'", "start: ", "healthcheck: ",
    "build: ", "deploy: {", "replicas: ", "{ value: ", "{ description: 'd', isOptional: true }",
    "const ", "let ", "if (", ") throw new Error('x');", "for (const x of ", "=>", "{", "}",
    "(", ")", "[", "]", ",", ":", "'", '"', "`", "${", "\\", "//", "/*", "*/", "1", "-1",
    "export const partial = 'p';", "x.deploy = ", "f(", "process.env.X",
)  # fmt: skip
VERCEL_TS = soup(
    *NEWLINES, "import { routes, deploymentEnv, matchers } from '@vercel/config/v1';",
    "import type { VercelConfig } from '@vercel/config/v1';", "import { x } from './x';",
    "export const config: VercelConfig = ", "export default ", "module.exports = ",
    "routes.redirect(", "routes.rewrite(", "routes.header(", "routes.cacheControl(",
    "deploymentEnv('A')", "matchers.host(", "matchers.header('h', ", "'/a'", "'/(.*)'",
    "{ permanent: true }", "{ requestHeaders: { a: 'b' } }", "(p) => ({})", "...x",
    ".map((r) => r)", ".join('; ')", "functions: {", "'api/**': { memory: 1024 }",
    "maxDuration: ", "regions: [", "'iad1'", "env: {", "process.env.X", "redirects: [",
    "headers: [", "a.self = a;", "const ", "let ", "{", "}", "(", ")", "[", "]", ",", ":",
    "'", '"', "`", "${", "\\", "//", "/*", "*/", "1", "-1", "null", "undefined", "=>",
)  # fmt: skip
PULLED = soup(
    *NEWLINES, "# Created by Vercel CLI\n", "KEY=", "VERCEL_ENV=", "VERCEL_TARGET_ENV=", '"',
    '"preview"', '"production"', '"[SENSITIVE]"', "[SENSITIVE]", "\\n", "\\r", "\\",
    "=", "#", "${A}", "$", "'", "postgres://u:p@h/db", "é",
)  # fmt: skip
SETTINGS = soup(
    *NEWLINES, "[tool.stagelint]", "[services.api]", "policy", "select", "ignore",
    "per-file-ignores", "severity", "environments", "max-file-size", "fingerprints",
    "secret-patterns", "exclude", "fail-on", "path", "platform", " = ", '"', "'", "[", "]",
    "{", "}", ",", "SL1", "error", "railway", "0", "-1", "true", "(", "*",
)  # fmt: skip
POLICY = soup(
    *NEWLINES, "name: ", "extends: ", "environment: ", "compare_with: ", "select: ", "rules:",
    "variables:", "environment_specific:", "railway:", "  ", "- ", ": ", "{", "}", "[", "]",
    ",", "SL101", "options", "min_length", "severity", "off", "warning", "type: int",
    "required: true", "pattern: '('", "range: [1, 0]", "&a", "*a", "<<", "!!python/name:os",
    "!tag", "%YAML 1.1", "---", "...", "|", ">", "'", '"', "?", "#",
)  # fmt: skip


def texts(fragments: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.text(), fragments)


def data(fragments: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    """Bytes: arbitrary, or the format's text re-encoded and damaged (BOMs, UTF-16, cuts)."""
    encodings = st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1"))
    encoded = st.tuples(fragments, encodings).map(lambda t: t[0].encode(t[1], errors="replace"))
    damaged = st.tuples(encoded, st.integers(0, 50), st.binary(max_size=4)).map(
        lambda t: t[0][: t[1]] + t[2] + t[0][t[1] :]
    )
    return st.one_of(st.binary(), encoded, damaged)


# --- locations inside the file ---------------------------------------------------------------


def _lines(text: str) -> list[str]:
    """The file's lines as :class:`stagelint.model.source.LineIndex` counts them."""
    return re.split(r"\r\n|\r|\n", text)


def locations(found: object) -> Iterator[Location]:
    """Every :class:`Location` inside a parser's result (dataclasses, lists, dicts)."""
    stack = [found]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if isinstance(item, Location):
            yield item
        elif id(item) in seen or isinstance(item, (str, bytes, int, float, bool, type(None))):
            continue
        elif isinstance(item, RailwayIacFile) and id(item) not in seen:
            seen.add(id(item))  # its evaluated environments are not dataclass fields
            stack.extend([item.problems, item.environments])
        elif isinstance(item, Variable):  # builds its locations when asked (not a dataclass)
            seen.add(id(item))
            stack.extend([item.location, item.key_location, item.value_location])
            stack.extend(item.references)
        elif fields_of(item):  # the model's containers (stagelint.model.slotted)
            seen.add(id(item))
            stack.extend(
                getattr(item, name) for name in fields_of(item) if name != "data"
            )  # ``data``: the file's own JSON/TOML values, which hold no location
        elif dataclasses.is_dataclass(item):
            seen.add(id(item))
            stack.extend(
                getattr(item, f.name) for f in dataclasses.fields(item) if f.name != "data"
            )
        elif isinstance(item, dict):
            seen.add(id(item))
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            seen.add(id(item))
            stack.extend(item)


def assert_inside(text: str, path: str, found: object) -> None:
    lines = _lines(text)
    for loc in locations(found):
        assert loc.path == path, loc
        for line, column in ((loc.line, loc.column), (loc.end_line, loc.end_column)):
            assert 1 <= line <= len(lines), (loc, len(lines))
            assert 1 <= column <= len(lines[line - 1]) + 1, (loc, lines[line - 1])
        assert (loc.line, loc.column) <= (loc.end_line, loc.end_column), loc


def decoded(raw: bytes, path: str) -> SourceText | None:
    """``raw`` as the loader decodes it; a decoding problem must lie inside the bytes."""
    source = decode_source(raw, path)
    if isinstance(source, Problem):
        # as decode_source reads it: one BOM dropped, the rest decoded
        assert_inside(raw.decode("utf-8", errors="replace").removeprefix("\ufeff"), path, source)
        return None
    return source


# --- the parsers -------------------------------------------------------------------------------


def parse_dotenv(source: SourceText) -> object:
    from stagelint.parsers.dotenv import parse_dotenv

    return parse_dotenv(source.text, source.path)


def load_railway(source: SourceText) -> object:
    from stagelint.parsers.railway import load_railway

    return load_railway(source)


def load_vercel(source: SourceText) -> object:
    from stagelint.parsers.vercel import load_vercel

    return load_vercel(source)


def load_railway_iac(source: SourceText) -> object:
    from stagelint.parsers.railway_iac import load_railway_iac

    return load_railway_iac(source, ".", ("staging", "production"))


def read_pulled(source: SourceText) -> object:
    from stagelint.parsers.vercel_pulled import read_pulled

    return read_pulled(source.text, source.path)


def load_sanity(kind: Literal["studio", "cli"]) -> Callable[[SourceText], object]:
    def load(source: SourceText) -> object:
        from stagelint.parsers.sanity import load_sanity

        return load_sanity(source, kind)

    return load


PARSERS: list[tuple[str, str, Callable[[SourceText], object], st.SearchStrategy[str]]] = [
    ("dotenv", "api/.env.staging", parse_dotenv, DOTENV),
    ("railway-json", "api/railway.json", load_railway, JSON),
    ("railway-toml", "api/railway.toml", load_railway, TOML),
    ("vercel", "web/vercel.json", load_vercel, JSON),
    ("vercel-toml", "web/vercel.toml", load_vercel, TOML),
    ("vercel-ts", "web/vercel.ts", load_vercel, VERCEL_TS),
    ("vercel-pulled", "web/.vercel/.env.preview.local", read_pulled, PULLED),
    ("sanity-studio", "studio/sanity.config.ts", load_sanity("studio"), TYPESCRIPT),
    ("sanity-cli", "studio/sanity.cli.ts", load_sanity("cli"), TYPESCRIPT),
    ("railway-iac", ".railway/railway.ts", load_railway_iac, RAILWAY_IAC),
]


def parse_inside(path: str, parse: Callable[[SourceText], object], source: SourceText) -> None:
    try:
        found = parse(source)
    except ParseError as exc:  # the only exception a parser may raise
        assert 1 <= exc.line <= len(_lines(source.text)), exc
        assert 1 <= exc.column <= len(_lines(source.text)[exc.line - 1]) + 1, exc
        return
    assert_inside(source.text, path, found)


EACH_PARSER = pytest.mark.parametrize(
    ("path", "parse", "fragments"),
    [(p, parse, f) for _, p, parse, f in PARSERS],
    ids=[name for name, *_ in PARSERS],
)


@EACH_PARSER
@FUZZ
@given(data=st.data())
def test_parsers_take_any_text(
    path: str, parse: Callable[[SourceText], object], fragments: Any, data: st.DataObject
) -> None:
    text = data.draw(texts(fragments), label="text")
    parse_inside(path, parse, SourceText(path, text))


@EACH_PARSER
@FUZZ
@given(data=st.data())
def test_parsers_take_any_bytes(
    path: str, parse: Callable[[SourceText], object], fragments: Any, data: st.DataObject
) -> None:
    raw = data.draw(data_strategy(fragments), label="bytes")
    source = decoded(raw, path)
    if source is not None:
        parse_inside(path, parse, source)


def data_strategy(fragments: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    return data(fragments)


# --- settings and policies ---------------------------------------------------------------------


def _settings(root: Path, name: str, raw: bytes) -> None:
    from stagelint.project.settings import load_settings

    (root / name).write_bytes(raw)
    try:
        load_settings(root)
    except ConfigError as exc:  # the only exception settings may raise
        assert "\n" not in str(exc), exc  # one line on stderr


@pytest.mark.parametrize("name", ["stagelint.toml", "pyproject.toml"])
@FUZZ
@given(data=st.data())
def test_settings_take_any_file(name: str, data: st.DataObject) -> None:
    prefix = "[tool.stagelint]\n" if name == "pyproject.toml" else ""
    text = texts(SETTINGS).map(lambda t: (prefix + t).encode("utf-8", errors="surrogatepass"))
    raw = data.draw(st.one_of(text, data_strategy(SETTINGS)), label="file")
    with tempfile.TemporaryDirectory() as scratch:
        _settings(Path(scratch), name, raw)


@FUZZ
@given(data=st.data())
def test_policies_take_any_file(data: st.DataObject) -> None:
    """A policy file, validated and turned into rule options as ``check`` does."""
    from stagelint.check.engine import active_rules
    from stagelint.policy.packs import load_policy
    from stagelint.policy.registry import load_registry
    from stagelint.project.settings import Settings

    text = texts(POLICY).map(lambda t: t.encode("utf-8", errors="surrogatepass"))
    raw = data.draw(st.one_of(text, data_strategy(POLICY)), label="file")
    registry = load_registry()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / "team.yaml").write_bytes(raw)
        try:
            policy = load_policy("team.yaml", registry, root, confine_to=root)
            active_rules(registry, policy, Settings())
        except ConfigError as exc:  # the only exception a policy may raise
            assert "\n" not in str(exc), exc
