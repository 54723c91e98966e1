"""The positioned TOML reader: tomllib's values, a lexer's positions, tomllib's errors."""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from stagelint.model.deployment import Location
from stagelint.model.errors import ParseError
from stagelint.model.source import LineIndex
from stagelint.parsers.tomlpos import parse_toml
from tests.conftest import CORPUS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

# ---------------------------------------------------------------------------- helpers


def span(text: str, loc: Location, index: LineIndex | None = None) -> str:
    index = index or LineIndex(text, loc.path)
    start = index.line_start(loc.line) + loc.column - 1
    end = index.line_start(loc.end_line) + loc.end_column - 1
    return text[start:end]


def at(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def all_paths(data: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += all_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += all_paths(value, (*path, index))
    return found


_HEADER = re.compile(r"\[\[?[^\n]*\]\]?")


def assert_positions(text: str, data: Any, positions: dict[Any, Any]) -> None:
    """Every key path has a position; the key text names the key; the value text (unless
    it is a table header or a dotted-key statement) reads back as the value."""
    assert set(positions) == set(all_paths(data))
    index = LineIndex(text, "t.toml")
    for path, (key_loc, value_loc) in positions.items():
        if not path:
            continue
        value = at(data, path)
        value_text = span(text, value_loc, index)
        key_text = span(text, key_loc, index)
        is_table = isinstance(value, dict)
        is_array_of_tables = isinstance(value, list) and all(isinstance(v, dict) for v in value)
        if (is_table and value_text.startswith("[")) or (
            is_array_of_tables and value and value_text.startswith("[[")
        ):
            assert _HEADER.fullmatch(value_text), (path, value_text)  # [table] or [[array]]
        elif is_table and not value_text.startswith("{"):
            assert "=" in value_text, (path, value_text)  # a table made by a dotted key
        else:
            read = tomllib.loads("v = " + value_text)["v"]
            if not (isinstance(value, float) and math.isnan(value)):
                assert read == value, (path, value_text)
        if isinstance(path[-1], str):
            assert list(tomllib.loads(key_text + " = 1")) == [path[-1]], (path, key_text)
        elif key_loc != value_loc:
            assert _HEADER.fullmatch(value_text), (path, value_text)  # [[array]] element


def corpus_toml() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*.toml") if p.is_file())


# ---------------------------------------------------------------------------- corpus


@pytest.mark.parametrize("path", corpus_toml(), ids=lambda p: p.name)
def test_corpus_toml_files(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    doc = parse_toml(text, path.name)
    assert doc.data == tomllib.loads(text)
    assert doc.problems == []
    assert_positions(text, doc.data, doc.positions)


# ---------------------------------------------------------------------------- a generator


def _basic(text: str, escape_all: bool) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 0x20 or ch == "\x7f" or (escape_all and ord(ch) > 0x7E):
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


@st.composite
def keys(draw: st.DrawFn, prefix: str) -> tuple[str, str]:
    """(decoded key, how it is written)."""
    name = prefix + draw(st.text(alphabet="abxyz019_-. é\"'\\", max_size=4))
    if re.fullmatch(r"[A-Za-z0-9_-]+", name) and draw(st.booleans()):
        return name, name
    if "'" not in name and draw(st.booleans()):
        return name, f"'{name}'"
    return name, _basic(name, draw(st.booleans()))


SCALARS = st.one_of(
    st.integers(-(2**40), 2**40).map(str),
    st.integers(0, 2**20).map(lambda n: f"0x{n:x}"),
    st.integers(0, 2**20).map(lambda n: f"0o{n:o}"),
    st.integers(1000, 99999).map(lambda n: f"{n // 1000}_{n % 1000:03d}"),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["inf", "-inf", "+inf", "1e10", "-2.5E-3", "6.02e+23", "true", "false"]),
    st.sampled_from(
        [
            "1979-05-27T07:32:00Z",
            "1979-05-27 07:32:00.999-07:00",
            "1979-05-27T07:32:00",
            "1979-05-27",
            "07:32:00",
            "00:32:00.5",
        ]
    ),
    st.text(max_size=6).map(lambda s: _basic(s, False)),
    st.text(alphabet="ab c\"'#=[]{},é", max_size=6)
    .filter(lambda s: "'" not in s)
    .map(lambda s: f"'{s}'"),
    st.sampled_from(
        [
            '"""\nmulti\nline"""',
            '"""a ""quoted"" \\\n   continued"""',
            '"""ends with quotes"""""',
            "'''\nraw ' '' \\n'''",
            "''''quoted'''''",
            '""""""',
            "''''''",
        ]
    ),
)


def values(depth: int = 2) -> st.SearchStrategy[str]:
    if depth == 0:
        return SCALARS
    inner = values(depth - 1)
    return st.one_of(
        SCALARS,
        st.builds(_array, st.lists(inner, max_size=3), st.booleans(), st.booleans()),
        st.builds(
            _inline_table,
            st.lists(st.tuples(keys("i"), inner), max_size=3, unique_by=lambda kv: kv[0][0]),
        ),
    )


def _array(items: list[str], multiline: bool, trailing: bool) -> str:
    if not multiline:
        return "[" + ", ".join(items) + ("," if trailing and items else "") + "]"
    body = "".join(f"\n  {item}, # item\n" for item in items)
    return "[ # opening comment" + body + "\n]"


def _inline_table(members: list[tuple[tuple[str, str], str]]) -> str:
    return "{" + ", ".join(f"{written} = {value}" for (_, written), value in members) + "}"


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = ["# generated"]

    def body(prefix: str) -> None:
        members = draw(
            st.lists(st.tuples(keys(prefix), values()), max_size=3, unique_by=lambda m: m[0][0])
        )
        for (_, written), value in members:
            space = draw(st.sampled_from(["", " ", "\t"]))
            if draw(st.booleans()):  # a dotted key
                sub = draw(keys("d"))[1]
                written = f"{written}{space}.{space}{sub}"
            comment = draw(st.sampled_from(["", "  # trailing", "#"]))
            lines.append(f"{written}{space}={space}{value}{comment}")

    body("k")
    tables = draw(st.lists(keys("t"), max_size=2, unique_by=lambda k: k[0]))
    for _, written in tables:
        lines.append(f"[ {written} ]" if draw(st.booleans()) else f"[{written}]")
        body("k")
        if draw(st.booleans()):
            lines.append(f"[{written}.sub]")
            body("k")
    arrays = draw(st.lists(keys("a"), max_size=2, unique_by=lambda k: k[0]))
    for _, written in arrays:
        for _ in range(draw(st.integers(1, 3))):
            lines.append(f"[[{written}]]  # element")
            body("k")
            if draw(st.booleans()):
                lines.append(f"[[{written}.nested]]")
                body("k")
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + draw(st.sampled_from(["", newline]))


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents(text: str) -> None:
    try:
        expected = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        assume(False)
        return
    doc = parse_toml(text, "t.toml")
    assert doc.data == expected or _has_nan(expected)
    assert_positions(text, doc.data, doc.positions)


def _has_nan(data: Any) -> bool:
    return any(isinstance(at(data, p), float) and math.isnan(at(data, p)) for p in all_paths(data))


# ---------------------------------------------------------------------------- positions


def test_positions_of_headers_arrays_of_tables_and_inline_tables() -> None:
    text = (
        "[build]\n"
        'builder = "nixpacks"  # lowercase is fine\n'
        "\n"
        "[deploy]\n"
        'healthcheck = {path = "/", timeout = 100}\n'
        'multiRegionConfig = { "us-east4-eqdc4a" = { numReplicas = 3 } }\n'
        "\n"
        "[[services]]\n"
        'name = "a"\n'
        "[[services]]\n"
        'name = "b"\n'
        "[environments.production.variables]\n"
        'NODE_ENV = "production"\n'
    )
    doc = parse_toml(text, "railway.toml")
    pos = doc.positions
    assert pos[("build",)] == (
        Location("railway.toml", 1, 2, 1, 7),
        Location("railway.toml", 1, 1, 1, 8),
    )
    assert pos[("build", "builder")] == (
        Location("railway.toml", 2, 1, 2, 8),
        Location("railway.toml", 2, 11, 2, 21),
    )
    assert pos[("deploy", "healthcheck")][0] == Location("railway.toml", 5, 1, 5, 12)
    assert pos[("deploy", "healthcheck", "timeout")] == (
        Location("railway.toml", 5, 28, 5, 35),
        Location("railway.toml", 5, 38, 5, 41),
    )
    assert pos[("deploy", "multiRegionConfig", "us-east4-eqdc4a")][0] == Location(
        "railway.toml", 6, 23, 6, 40
    )
    assert pos[("services",)][0] == Location("railway.toml", 8, 3, 8, 11)
    assert pos[("services", 1)][1] == Location("railway.toml", 10, 1, 10, 13)
    assert pos[("services", 1, "name")][1] == Location("railway.toml", 11, 8, 11, 11)
    assert pos[("environments", "production", "variables")][0] == Location(
        "railway.toml", 12, 26, 12, 35
    )
    assert pos[("environments",)][0] == Location("railway.toml", 12, 2, 12, 14)
    assert doc.comments == {2: "lowercase is fine"}
    assert_positions(text, doc.data, doc.positions)


def test_dotted_keys_and_explicit_tables_after_implicit_ones() -> None:
    text = "[a.b]\nc = 1\n[a]\nd.e.f = 2\n"
    doc = parse_toml(text, "t.toml")
    pos = doc.positions
    assert span(text, pos[("a",)][1]) == "[a]"  # the explicit header wins
    assert span(text, pos[("a", "d")][1]) == "d.e.f = 2"
    assert span(text, pos[("a", "d", "e")][0]) == "e"
    assert span(text, pos[("a", "d", "e", "f")][1]) == "2"
    assert_positions(text, doc.data, doc.positions)


def test_quoted_keys_with_escapes_and_multiline_strings() -> None:
    text = (
        '"k\\u00e9y" = """line one\n'
        'line "two" ""\n'
        '"""\n'
        "'lit.key' = '''raw\n"
        "'' text'''''\n"
        "arr = [\n  1, # one\n  [2, 3],\n]\n"
        "when = 1979-05-27 07:32:00Z\n"
    )
    doc = parse_toml(text, "t.toml")
    assert doc.data["kéy"].startswith("line one")
    assert span(text, doc.positions[("kéy",)][0]) == '"k\\u00e9y"'
    assert span(text, doc.positions[("lit.key",)][1]).endswith("'''''")
    assert span(text, doc.positions[("arr", 1, 0)][1]) == "2"
    assert span(text, doc.positions[("when",)][1]) == "1979-05-27 07:32:00Z"
    assert doc.comments == {7: "one"}
    assert_positions(text, doc.data, doc.positions)


def test_crlf_documents() -> None:
    text = "[deploy]\r\nnumReplicas = 2 # two\r\nwatch = [\r\n 'a',\r\n]\r\n"
    doc = parse_toml(text, "t.toml")
    assert doc.positions[("deploy", "numReplicas")][1] == Location("t.toml", 2, 15, 2, 16)
    assert doc.positions[("deploy", "watch", 0)][1] == Location("t.toml", 4, 2, 4, 5)
    assert doc.comments == {2: "two"}


# ---------------------------------------------------------------------------- errors

ERRORS = [
    ("[deploy]\nstartCommand = \n", 2, 16),
    ('a = "unterminated\n', 1, 18),
    ("a = 1\na = 2\n", 2, 6),
    ("[a]\nx = 1\n[a]\n", 3, 3),
    ("x = [1, 2\n", 2, 1),
    ("x = {a = 1,}\n", 1, 12),
    ('key = "value" extra\n', 1, 15),
    ("= 1\n", 1, 1),
    ("x = 1\n[table\n", 2, 7),
]


@pytest.mark.parametrize(("text", "line", "column"), ERRORS)
def test_errors_carry_tomllib_positions(text: str, line: int, column: int) -> None:
    with pytest.raises(ParseError) as caught:
        parse_toml(text, "t.toml")
    exc = caught.value
    assert (exc.line, exc.column) == (line, column)
    assert "(at line" not in exc.message and exc.message
    assert exc.message[0].islower()


def test_error_at_end_of_document() -> None:
    with pytest.raises(ParseError) as caught:
        parse_toml('a = """never closed', "t.toml")
    assert caught.value.line == 1
    assert "end of document" not in caught.value.message


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("[]{}=,.\"'#\n abc12\\-:")), max_size=40))
def test_arbitrary_text_only_raises_parse_error(text: str) -> None:
    try:
        expected = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        with pytest.raises(ParseError):
            parse_toml(text, "t.toml")
        return
    doc = parse_toml(text, "t.toml")
    assert doc.data == expected
    assert_positions(text, doc.data, doc.positions)
