"""The positioned JSON reader: values equal json.loads, positions exact, errors positioned."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from stagelint.model.deployment import Location
from stagelint.model.errors import ParseError
from stagelint.model.source import LineIndex
from stagelint.parsers.jsonpos import (
    MAX_POSITION_DEPTH,
    PositionedDoc,
    _Parser,
    _read_valid,
    display_path,
    parse_json,
)
from tests.conftest import CORPUS

# ---------------------------------------------------------------------------- helpers


def span(text: str, loc: Location, index: LineIndex | None = None) -> str:
    """The text a location covers (code-point columns, universal newlines)."""
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


def assert_positions(text: str, data: Any, positions: dict[Any, Any]) -> None:
    """Every key path has a position; the text there is the key and the value."""
    expected = {p for p in all_paths(data) if len(p) <= MAX_POSITION_DEPTH}
    assert set(positions) == expected
    index = LineIndex(text, "f.json")
    for path, (key_loc, value_loc) in positions.items():
        assert json.loads(span(text, value_loc, index)) == at(data, path)
        if path and isinstance(path[-1], str):
            assert json.loads(span(text, key_loc, index)) == path[-1]
        else:
            assert key_loc == value_loc


def error(text: str) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse_json(text, "f.json")
    return caught.value


def corpus_json() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*.json") if p.is_file())


# ---------------------------------------------------------------------------- values

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=30,
)
dump_options = st.fixed_dictionaries(
    {
        "indent": st.sampled_from([None, 0, 1, 2, 4, "\t", " \r\n "]),
        "separators": st.sampled_from([None, (",", ":"), (", ", ": "), (" ,\n", " :\t")]),
        "ensure_ascii": st.booleans(),
        "sort_keys": st.booleans(),
    }
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(json_values, dump_options)
def test_values_and_positions_match_json_loads(value: Any, options: dict[str, Any]) -> None:
    text = json.dumps(value, **options)
    doc = parse_json(text, "f.json")
    assert doc.data == json.loads(text)
    assert doc.problems == []
    assert_positions(text, doc.data, doc.positions)


def read_both_ways(text: str) -> PositionedDoc | None:
    """The document as the parser reads it, which must equal what the reading of valid
    JSON gives when that reading does not give up (None); the latter, if it does not."""
    fast = _read_valid(text, "f.json")
    slow = _Parser(text, "f.json").parse()
    if fast is not None:
        assert repr(fast.data) == repr(slow.data)  # types too: 1 and 1.0 differ
        assert list(fast.positions.items()) == list(slow.positions.items())  # order too
        assert fast.problems == slow.problems == []
        assert fast.comments == slow.comments == {}
    return fast


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(json_values, dump_options)
def test_valid_json_is_read_alike_both_ways(value: Any, options: dict[str, Any]) -> None:
    assert read_both_ways(json.dumps(value, **options)) is not None


# Layouts json.dumps never writes: blanks where JSON allows them, line breaks between a key
# and its colon, duplicate keys, keys with escapes. The reading of valid JSON gives some of
# them up to the parser; whatever it reads, it reads as the parser does.
LAYOUT_PIECES = st.sampled_from(["", "", " ", "\t", "\n", "\r\n", "\r", "\n  "])


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(json_values, st.data())
def test_any_layout_is_read_alike_both_ways(value: Any, data: st.DataObject) -> None:
    tokens = json.dumps(value, separators=(",", ":"))
    # re-lay the document: blanks or line breaks after any structural character
    out = []
    in_string = escaped = False
    for char in tokens:
        out.append(char)
        if in_string:
            in_string = escaped or char != '"'
            escaped = not escaped and char == "\\"
        elif char == '"':
            in_string = True
        elif char in "{}[],:":
            out.append(data.draw(LAYOUT_PIECES))
    text = data.draw(LAYOUT_PIECES) + "".join(out) + data.draw(LAYOUT_PIECES)
    read_both_ways(text)


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "a": 2}',
        '{"a": {"b": 1}, "a": [2]}',
        '{"a"\n: 1}',
        '{"a" : 1, "b"\t:\t[1, 2]}',
        '{"a\\"b": {"\\u00e9": "\\ud83d\\ude00"}}',
        '[1, -2.5e+3, true, false, null, "", {}, []]',
        '"scalar"',
        "7",
        '{"a": [{}, [], {"b": []}]}\r\n',
        '{\r"a":\r1\r}',
        "[" * MAX_POSITION_DEPTH + "]" * MAX_POSITION_DEPTH,
        "[" * (MAX_POSITION_DEPTH + 1) + "]" * (MAX_POSITION_DEPTH + 1),
    ],
)
def test_known_layouts_are_read_alike_both_ways(text: str) -> None:
    read_both_ways(text)


def test_usual_configs_take_the_reading_of_valid_json() -> None:
    """Without it, every file is read by the parser: correct, but several times slower."""
    assert read_both_ways('{\n  "build": {\n    "builder": "NIXPACKS"\n  }\n}\n') is not None
    assert read_both_ways('{"regions": ["iad1"], "functions": {"api/**": {"memory": 1024}}}')
    assert read_both_ways('{"a": 1, "a": 2}') is None  # the parser words the duplicate
    assert _read_valid('{"a": NaN}', "f.json") is None  # json.loads takes it, JSON.parse not


def test_errors_are_worded_by_the_parser_without_the_json_package() -> None:
    """The C scanner raises its errors through json.decoder, which a run does not import
    (json's C scanner then fails with SystemError): the parser still words them."""
    script = """
import sys
from stagelint.model.errors import ParseError
from stagelint.parsers.jsonpos import parse_json
assert "json.decoder" not in sys.modules
for text in ['{\\n  "a": 1,\\n}', '{"a" 1}', '[1, 2', '{"a": NaN}', '', '[1] 2']:
    try:
        parse_json(text, "f.json")
    except ParseError as exc:
        print(exc)
assert "json.decoder" not in sys.modules
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "trailing comma before '}' (line 2, column 9)",
        "unexpected character '1': expected ':' after the object key (line 1, column 6)",
        "unexpected end of file: expected ',' or ']' after an array item (line 1, column 6)",
        "NaN is not valid JSON (line 1, column 7)",
        "unexpected end of file: expected a value (line 1, column 1)",
        "unexpected content after the JSON value (line 1, column 5)",
    ]


@pytest.mark.parametrize("path", corpus_json(), ids=lambda p: p.name)
def test_corpus_json_files_equal_json_loads(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    try:
        expected = json.loads(text)
    except ValueError:
        with pytest.raises(ParseError):
            parse_json(text, path.name)
        return
    doc = parse_json(text, path.name)
    assert doc.data == expected
    assert_positions(text, doc.data, doc.positions)


@pytest.mark.parametrize(
    "text",
    [
        '"\\u00e9\\ud83d\\ude00 \\" \\\\ \\/ \\b\\f\\n\\r\\t"',
        '"\\ud800"',  # a lone surrogate, kept as json.loads keeps it
        '"\\udc00\\ud800x"',
        '"\\ud800\\u0041"',  # high surrogate followed by a non-surrogate escape
        '"\u2028\x7f\U0001f600"',
        "-0",
        "-0.0",
        "1E400",
        "1e-400",
        "12345678901234567890123456789",
        "0.1e+2",
        " \t\r\n[ ] ",
        "{}",
    ],
)
def test_scalars_and_escapes_equal_json_loads(text: str) -> None:
    assert repr(parse_json(text, "f.json").data) == repr(json.loads(text))


def test_numbers_keep_their_python_type() -> None:
    data = parse_json("[1, 1.0, 1e2, -5, 0]", "f.json").data
    assert [type(x) for x in data] == [int, float, float, int, int]


# ---------------------------------------------------------------------------- positions


def test_positions_of_keys_and_values() -> None:
    text = '{\n  "deploy": {\n    "numReplicas": 2,\n    "regions": ["a", "b"]\n  }\n}\n'
    doc = parse_json(text, "railway.json")
    key, value = doc.positions[("deploy", "numReplicas")]
    assert key == Location("railway.json", 3, 5, 3, 18)
    assert value == Location("railway.json", 3, 20, 3, 21)
    key, value = doc.positions[("deploy", "regions", 1)]
    assert key == value == Location("railway.json", 4, 22, 4, 25)
    key, value = doc.positions[("deploy",)]
    assert key == Location("railway.json", 2, 3, 2, 11)
    assert (value.line, value.column, value.end_line, value.end_column) == (2, 13, 5, 4)
    assert doc.positions[()][1] == Location("railway.json", 1, 1, 6, 2)


def test_columns_count_code_points_and_lines_follow_line_index() -> None:
    text = '{"é😀": "ü",\r\n"b":\r[1,\n\r\n 2]}'
    doc = parse_json(text, "f.json")
    assert doc.positions[("é😀",)] == (
        Location("f.json", 1, 2, 1, 6),
        Location("f.json", 1, 8, 1, 11),
    )
    assert doc.positions[("b", 1)][1] == Location("f.json", 5, 2, 5, 3)
    assert_positions(text, doc.data, doc.positions)


def test_display_path() -> None:
    assert display_path(("deploy", "startCommand")) == "deploy.startCommand"
    assert display_path(("headers", 0, "source")) == "headers[0].source"
    assert display_path(("functions", "api/x.js", "memory")) == 'functions["api/x.js"].memory'
    assert display_path(("$schema",)) == "$schema"
    assert display_path(("a", 'q"\n')) == 'a["q\\"\\u000a"]'


# ---------------------------------------------------------------------------- duplicates


def test_duplicate_keys_later_wins_and_both_are_located() -> None:
    text = '{\n  "a": 1,\n  "b": {"x": [1, {"y": 2}]},\n  "a": 2,\n  "b": {"z": 3}\n}'
    doc = parse_json(text, "vercel.json")
    assert doc.data == json.loads(text) == {"a": 2, "b": {"z": 3}}
    first, second = doc.problems
    assert first.kind == "duplicate-key"
    assert first.message == 'duplicate key "a"; the later value silently replaces the earlier one'
    assert first.location == Location("vercel.json", 4, 3, 4, 6)
    assert first.related == ((Location("vercel.json", 2, 3, 2, 6), '"a" is first defined here'),)
    assert second.location == Location("vercel.json", 5, 3, 5, 6)
    assert second.related[0][0] == Location("vercel.json", 3, 3, 3, 6)
    # positions describe the value that won; nothing of the replaced one is left
    assert_positions(text, doc.data, doc.positions)


def test_nested_duplicate_names_its_object() -> None:
    doc = parse_json('{"env": {"A": "1", "A": "2"}}', "vercel.json")
    (problem,) = doc.problems
    assert problem.message.startswith('duplicate key "A" in env;')
    assert "1" not in problem.message and "2" not in problem.message


# ---------------------------------------------------------------------------- errors

ERRORS = [
    ("", "unexpected end of file: expected a value", 1, 1),
    ("  \n ", "unexpected end of file: expected a value", 2, 2),
    ('{"a": 1', "unexpected end of file: expected ',' or '}' after an object member", 1, 8),
    ("[1, 2", "unexpected end of file: expected ',' or ']' after an array item", 1, 6),
    ('{"a":', "unexpected end of file: expected a value", 1, 6),
    ("{", "unexpected end of file: expected a quoted key", 1, 2),
    ('{"a": 1,\n}', "trailing comma before '}'", 1, 8),
    ("[1,\n 2,\n]", "trailing comma before ']'", 2, 3),
    ('{"a": "abc', "unterminated string (opened at line 1, column 7)", 1, 11),
    ('{"a": "abc\n}', "unterminated string (opened at line 1, column 7)", 1, 11),
    ('"ab\\', "unterminated string (opened at line 1, column 1)", 1, 5),
    ('"a\tb"', "control character U+0009 in string: write it as an escape", 1, 3),
    ('["\\x"]', "invalid escape '\\x' in string", 1, 3),
    ('"\\u12g4"', "invalid \\u escape: expected 4 hex digits", 1, 2),
    ("tru", "invalid literal", 1, 1),
    ("[trueish]", "invalid literal", 1, 2),
    ("True", "invalid literal: JSON literals are lowercase true, false and null", 1, 1),
    ("[None]", "unexpected text: strings must be in double quotes", 1, 2),
    ("NaN", "NaN is not valid JSON", 1, 1),
    ("[Infinity]", "Infinity is not valid JSON", 1, 2),
    ("-Infinity", "Infinity is not valid JSON", 1, 1),
    ("[01]", "leading zeros are not allowed in numbers", 1, 2),
    ("1.", "invalid number", 1, 1),
    ("-", "invalid number", 1, 1),
    ("1e", "invalid number", 1, 1),
    ("0x1F", "invalid number", 1, 1),
    ("[.5]", "unexpected character '.': expected a value", 1, 2),
    ("+1", "unexpected character '+': expected a value", 1, 1),
    ("{a: 1}", "object keys must be in double quotes", 1, 2),
    ("{'a': 1}", "strings must be in double quotes, not single quotes", 1, 2),
    ('{"a" 1}', "unexpected character '1': expected ':' after the object key", 1, 6),
    (
        '{"a": 1 "b": 2}',
        "unexpected character '\"': expected ',' or '}' after an object member",
        1,
        9,
    ),
    ("[1 2]", "unexpected character '2': expected ',' or ']' after an array item", 1, 4),
    ('{"a": 1} x', "unexpected content after the JSON value", 1, 10),
    ("{} {}", "unexpected content after the JSON value", 1, 4),
    ('{\n  // c\n  "a": 1}', "comments are not allowed in JSON", 2, 3),
    ("[1, /* c */ 2]", "comments are not allowed in JSON", 1, 5),
    ('{"a": }', "unexpected character '}': expected a value", 1, 7),
    ("[,1]", "unexpected character ',': expected a value", 1, 2),
    ("\ufeff{}", "unexpected character U+FEFF: expected a value", 1, 1),
    ("[1]\x00", "unexpected content after the JSON value", 1, 4),
    ("1" * 5000, "number has too many digits", 1, 1),
]


@pytest.mark.parametrize(("text", "message", "line", "column"), ERRORS)
def test_errors_point_at_the_offending_character(
    text: str, message: str, line: int, column: int
) -> None:
    exc = error(text)
    assert (exc.message, exc.line, exc.column) == (message, line, column)
    if "NaN" not in text and "Infinity" not in text:  # json.loads accepts those
        with pytest.raises(ValueError):
            json.loads(text)


def test_secret_values_never_appear_in_errors() -> None:
    exc = error('{"TOKEN": "sk-live-9f8e7d6c5b4a\tx"}')
    assert "sk-live" not in exc.message
    exc = error('{"TOKEN": sk-live-9f8e7d6c5b4a}')
    assert "sk-live" not in exc.message


def test_strict_where_json_loads_is_lenient() -> None:
    """json.loads accepts NaN/Infinity; JSON.parse (Railway, Vercel) does not: neither do we."""
    assert json.loads("[NaN, Infinity, -Infinity]")
    assert error("[NaN]").message == "NaN is not valid JSON"


# ---------------------------------------------------------------------------- robustness


def test_deep_nesting_does_not_recurse() -> None:
    depth = 10_000
    doc = parse_json("[" * depth + "]" * depth, "f.json")
    node = doc.data
    for _ in range(depth - 1):
        (node,) = node
    assert node == []
    assert max(len(p) for p in doc.positions) == MAX_POSITION_DEPTH
    doc = parse_json('{"a":' * depth + "1" + "}" * depth, "f.json")
    assert len(doc.positions) == MAX_POSITION_DEPTH + 1
    exc = error("[" * depth)
    assert exc.line == 1 and exc.column == depth + 1


@settings(max_examples=500)
@given(
    st.text(alphabet=st.sampled_from(list("{}[],:\"\\ \n\tu0aeE.-+12truefalsn'/*x")), max_size=40)
)
def test_arbitrary_text_only_raises_parse_error(text: str) -> None:
    try:
        expected = json.loads(text)
    except (ValueError, RecursionError):
        expected = ParseError
    try:
        result: Any = parse_json(text, "f.json").data
    except ParseError as exc:
        assert exc.line >= 1 and exc.column >= 1
        result = ParseError
    if expected is not ParseError and "NaN" not in text and "Infinity" not in text:
        assert result == expected
    if result is not ParseError:
        assert expected is not ParseError


@settings(max_examples=300)
@given(st.text(max_size=60))
def test_any_unicode_text_only_raises_parse_error(text: str) -> None:
    try:
        parse_json(text, "f.json")
    except ParseError as exc:
        assert exc.line >= 1 and exc.column >= 1


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(json_values, st.data())
def test_mutated_documents_parse_like_json_loads(value: Any, data: st.DataObject) -> None:
    text = json.dumps(value, indent=1)
    position = data.draw(st.integers(0, len(text)))
    insert = data.draw(st.sampled_from(["", ",", "]", "}", '"', "\\", "\n", "x", "0", " "]))
    cut = data.draw(st.integers(0, 2))
    mutated = text[:position] + insert + text[position + cut :]
    try:
        expected = json.loads(mutated)
    except ValueError:
        with pytest.raises(ParseError):
            parse_json(mutated, "f.json")
        return
    assume("NaN" not in mutated and "Infinity" not in mutated)
    assert parse_json(mutated, "f.json").data == expected


def test_a_10kb_config_parses_quickly() -> None:
    config = {
        "$schema": "https://openapi.vercel.sh/vercel.json",
        "headers": [
            {
                "source": f"/path/{k}/(.*)",
                "headers": [
                    {"key": "Cache-Control", "value": "public, max-age=31536000, immutable"},
                    {"key": "X-Frame-Options", "value": "DENY"},
                ],
            }
            for k in range(30)
        ],
        "env": {f"VAR_{k}": f"value-{k}" for k in range(60)},
    }
    text = json.dumps(config, indent=2)
    assert 9_000 < len(text) < 12_000
    parse_json(text, "vercel.json")
    best = min(_timed(lambda: parse_json(text, "vercel.json")) for _ in range(5))
    assert best < 0.05  # ~2 ms on a laptop; the bound only catches pathological slowdowns


def _timed(call: Any) -> float:
    start = time.process_time()
    call()
    return time.process_time() - start
