"""The dotenv parser: python-dotenv is the oracle for values, the file text for positions."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from dotenv import dotenv_values
from dotenv.parser import parse_stream
from hypothesis import given, settings
from hypothesis import strategies as st

from stagelint.model.deployment import Location, Problem, Reference, Value, Variable
from stagelint.model.source import decode_source
from stagelint.parsers.dotenv import (
    _DRAFTS,
    ParsedEnv,
    _Scanner,
    parse_dotenv,
    unescape_double,
    unescape_single,
)
from tests.conftest import corpus_files

PATH = "backend/.env.staging"

DIFFERENTIAL = settings.get_profile("dotenv")
"""Registered in ``tests/conftest.py``: a modest default for every run, the deep count under
``--hypothesis-profile deep``; ``STAGELINT_DOTENV_EXAMPLES=20000`` when touching the grammar
(about a minute per 3,000 examples)."""


# --- helpers -------------------------------------------------------------------------------


def parse(text: str) -> ParsedEnv:
    return parse_dotenv(text, PATH)


def only(text: str) -> Variable:
    (var,) = parse(text).variables
    return var


def span(loc: Location) -> tuple[int, int, int, int]:
    return (loc.line, loc.column, loc.end_line, loc.end_column)


def lines_of(text: str) -> list[str]:
    """The file's lines as :class:`stagelint.model.source.LineIndex` counts them."""
    return re.split(r"\r\n|\r|\n", text)


def text_at(text: str, loc: Location) -> str:
    """The characters of ``text`` that ``loc`` covers (line breaks read as ``\\n``)."""
    lines = lines_of(text)
    if loc.line == loc.end_line:
        return lines[loc.line - 1][loc.column - 1 : loc.end_column - 1]
    parts = [lines[loc.line - 1][loc.column - 1 :]]
    parts += lines[loc.line : loc.end_line - 1]
    parts.append(lines[loc.end_line - 1][: loc.end_column - 1])
    return "\n".join(parts)


def all_locations(parsed: ParsedEnv) -> list[Location]:
    locations: list[Location] = []
    for var in parsed.variables:
        locations += [var.location, var.key_location, var.value_location]
        locations += [ref.location for ref in var.references]
    locations += [problem.location for problem in parsed.problems]
    return locations


def assert_inside(text: str, parsed: ParsedEnv) -> None:
    """Every location lies inside the text and is well ordered."""
    lines = lines_of(text)
    for loc in all_locations(parsed):
        assert loc.path == PATH
        assert 1 <= loc.line <= loc.end_line <= len(lines), loc
        assert 1 <= loc.column <= len(lines[loc.line - 1]) + 1, loc
        assert 1 <= loc.end_column <= len(lines[loc.end_line - 1]) + 1, loc
        assert (loc.line, loc.column) <= (loc.end_line, loc.end_column), loc
    for line in parsed.comments:
        assert 1 <= line <= len(lines)


def assert_positions_match_text(text: str, parsed: ParsedEnv) -> None:
    """Keys, values and references stand where their locations say."""
    for var in parsed.variables:
        assert text_at(text, var.key_location) == var.key
        value_text = text_at(text, var.value_location)
        if var.value is None:
            assert value_text == ""
        elif var.quote == "'":
            assert value_text[0] == value_text[-1] == "'"
            assert unescape_single(value_text[1:-1]) == var.value.reveal()
        elif var.quote == '"':
            assert value_text[0] == value_text[-1] == '"'
            assert unescape_double(value_text[1:-1]) == var.value.reveal()
        else:
            assert value_text == var.value.reveal()
        whole = text_at(text, var.location)
        assert whole.endswith(value_text)
        assert var.key in whole
        for ref in var.references:
            assert text_at(text, ref.location).startswith("$")
            assert ref.name in text_at(text, ref.location) or ref.malformed


def bindings(parsed: ParsedEnv) -> list[tuple[str, str | None]]:
    return [(v.key, None if v.value is None else v.value.reveal()) for v in parsed.variables]


def skipped(parsed: ParsedEnv) -> list[Problem]:
    return [p for p in parsed.problems if "python-dotenv cannot parse" in p.message]


class Oracle:
    """python-dotenv reading a real file, the way ``dotenv_values`` does."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self, data: bytes) -> tuple[list[tuple[str, str | None]], int, dict[str, str | None]]:
        """(every binding in order, how many statements it skipped, dotenv_values)."""
        self.path.write_bytes(data)
        with open(self.path, encoding="utf-8") as stream:
            found = list(parse_stream(stream))
        pairs = [(b.key, b.value) for b in found if b.key is not None]
        errors = sum(1 for b in found if b.error)
        return pairs, errors, dict(dotenv_values(self.path, interpolate=False))


@pytest.fixture(scope="module")
def oracle(tmp_path_factory: pytest.TempPathFactory) -> Oracle:
    return Oracle(tmp_path_factory.mktemp("oracle") / "case.env")


def check_against_oracle(oracle: Oracle, text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    source = decode_source(data, PATH)
    if isinstance(source, Problem):  # NUL bytes or lone surrogates: stagelint never parses it
        return
    expected_pairs, expected_errors, expected_values = oracle.read(data)
    parsed = parse_dotenv(source.text, PATH)
    assert bindings(parsed) == expected_pairs
    assert list(dict(bindings(parsed)).items()) == list(expected_values.items())
    assert len(skipped(parsed)) == expected_errors
    assert_inside(source.text, parsed)
    assert_positions_match_text(source.text, parsed)


# --- strategies -----------------------------------------------------------------------------

FRAGMENTS = [
    "A", "b", "KEY", "_", "1", "é", "ß", "=", "==", " ", "  ", "\t", "#", " #", "'", '"', "`",
    "\\", "\\\\", '\\"', "\\'", "\\n", "$", "{", "}", "${", "${{", "}}", ":", ":-", "-", ".",
    "/", "\n", "\r\n", "\r", "\n\n", "\xa0", "\x0b", "\x0c", "\x1c", "\x85", "\u2028",
    "\u3000", "\ufeff", "export ", "export", "\U0001f600",
]  # fmt: skip

KEY_FORMS = st.one_of(
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,10}", fullmatch=True),
    st.sampled_from(
        ["export", "export_a", "my-key", "1KEY", "a.b", "KEY:", "é", "[", "uglyKey[%$"]
    ),
    st.from_regex(r"'[^'\r\n]{0,6}'", fullmatch=True),
)
SPACES = st.sampled_from(["", "", "", " ", "  ", "\t", " \t", "\xa0"])
PLAIN_VALUE = st.text(
    alphabet=st.sampled_from([*"aZ09_-./:@?&%+,;=!*", " ", "\t", "#", "$", "{", "}", "é"]),
    max_size=16,
)
QUOTED_BODY = st.lists(
    st.sampled_from([*"aZ09 #=$:-_{}é", "\\", "\\n", "\\t", '\\"', "\\'", "\\\\", "\n", "\r\n"]),
    max_size=12,
).map("".join)
REFERENCES = st.sampled_from(
    [
        "${{Neon.DATABASE_URL}}",
        "${{shared.JWT_SECRET}}",
        "${{ Redis.REDIS_URL }}",
        "${{PORT}}",
        "${{Neon.DATABASE_URL}",
        "${{Neon.",
        "${VAR}",
        "${VAR:-default}",
        "${VAR",
        "${A:=b}",
        "$PORT",
        "\\${ESCAPED}",
        "$",
        "$1",
    ]
)
COMMENTS = st.sampled_from(["", "", " # note", "\t#x", "#glued", " # stagelint: ignore[SL101]"])
NEWLINES = st.sampled_from(["\n", "\n", "\r\n", "\r", ""])


@st.composite
def values(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["plain", "plain", "single", "double", "reference", "empty"]))
    if kind == "plain":
        return draw(PLAIN_VALUE)
    if kind == "reference":
        return draw(PLAIN_VALUE) + draw(REFERENCES) + draw(PLAIN_VALUE)
    if kind == "empty":
        return ""
    quote = "'" if kind == "single" else '"'
    body = draw(QUOTED_BODY) + draw(st.sampled_from(["", "", draw(REFERENCES)]))
    closing = draw(st.sampled_from([quote, quote, quote, ""]))  # sometimes unterminated
    return quote + body + closing + draw(st.sampled_from(["", "", "x", " y"]))


@st.composite
def lines(draw: st.DrawFn) -> str:
    form = draw(st.sampled_from(["binding", "binding", "binding", "comment", "blank", "odd"]))
    if form == "comment":
        return draw(SPACES) + "#" + draw(PLAIN_VALUE)
    if form == "blank":
        return draw(SPACES)
    if form == "odd":
        return "".join(draw(st.lists(st.sampled_from(FRAGMENTS), max_size=8)))
    line = draw(SPACES)
    if draw(st.booleans()):
        line += draw(st.sampled_from(["export ", "export\t", "export  "]))
    line += draw(KEY_FORMS) + draw(SPACES)
    separator = draw(st.sampled_from(["=", "=", "=", "=", ":", ""]))
    line += separator
    if separator:
        line += draw(SPACES) + draw(values())
    return line + draw(COMMENTS)


@st.composite
def dotenv_texts(draw: st.DrawFn) -> str:
    body = draw(st.lists(st.tuples(lines(), NEWLINES), max_size=8))
    return "".join(line + newline for line, newline in body)


FRAGMENT_SOUP = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
ANY_TEXT = st.one_of(dotenv_texts(), dotenv_texts(), FRAGMENT_SOUP, st.text(max_size=60))


# --- python-dotenv as the oracle ------------------------------------------------------------


@DIFFERENTIAL
@given(text=ANY_TEXT)
def test_same_bindings_as_python_dotenv(oracle: Oracle, text: str) -> None:
    check_against_oracle(oracle, text)


class _TokenByToken(_Scanner):
    """The general reading, also for files of everyday lines."""

    __slots__ = ()

    def everyday_file(self) -> bool:
        return False


EVERYDAY_LINES = st.lists(
    st.one_of(
        st.tuples(SPACES, st.sampled_from(["", "export "]), KEY_FORMS, st.just("="), values()),
        st.tuples(SPACES, st.just("#"), PLAIN_VALUE),
        SPACES,
    ).map(lambda parts: "".join(parts) if isinstance(parts, tuple) else parts),
    max_size=8,
).map("\n".join)

# Bindings whose value is a soup of what ends or splits a value (quotes, ``#``, blanks):
# where a line read at once could stop in the wrong place.
VALUE_SOUP = st.lists(
    st.sampled_from(["'", '"', "`", "#", " ", "\t", "\xa0", "\x85", "x", "é", "$", "\\"]),
    max_size=8,
).map("".join)
TRICKY_LINES = st.lists(
    st.one_of(
        st.tuples(SPACES, st.sampled_from(["", "export ", "export\t"]), KEY_FORMS, VALUE_SOUP),
        st.tuples(SPACES, st.sampled_from(["", "export "]), st.just("A="), VALUE_SOUP),
        st.tuples(SPACES, st.sampled_from(["export", "export ", "#", "A", "A ="]), VALUE_SOUP),
    ).map("".join),
    max_size=6,
).map("\n".join)


@DIFFERENTIAL
@given(text=TRICKY_LINES)
def test_tricky_lines_match_python_dotenv(oracle: Oracle, text: str) -> None:
    check_against_oracle(oracle, text)


@DIFFERENTIAL
@given(text=st.one_of(EVERYDAY_LINES, TRICKY_LINES, ANY_TEXT))
def test_everyday_files_read_alike_line_by_line_and_token_by_token(text: str) -> None:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    fast, slow = _Scanner(text, PATH, {}), _TokenByToken(text, PATH, {})
    fast.run()
    slow.run()
    assert fast.result == slow.result


def test_variables_are_built_as_drafts() -> None:
    """A binding written as is is built without Variable's constructor (see
    ``stagelint.parsers.dotenv._Draft``), and is the object that constructor builds."""
    assert _DRAFTS  # else every file is read the general way: correct, but slow
    (var,) = parse("export  KEY='va lue' # c").variables
    assert type(var) is Variable
    key_at = Location(PATH, 1, 9, 1, 12)
    value_at = Location(PATH, 1, 13, 1, 21)
    built = Variable(
        "KEY", Value("va lue"), key_at._replace(end_column=21), key_at, value_at, (), "'"
    )
    assert var == built
    assert var._spans is None and built._spans is None  # the compact form, both


def test_everyday_files_are_read_line_by_line() -> None:
    scanner = _Scanner("A=1\n  # c\n\nexport B=\"x y\" # z\nC=\nD=''\nE=${{Neon.URL}}", PATH, {})
    assert scanner.everyday_file()
    assert not _Scanner("A=1\nB = 2\n", PATH, {}).everyday_file()


@pytest.mark.parametrize(
    "text",
    [
        "a=b",
        "'a'=b",
        "[=b",
        " a = b ",
        "export a=b",
        " export 'a'=b",
        "# a=b",
        "a=b#c",
        "a=b #c",
        "a=b\t#c",
        "a=b c",
        "a=b\xa0 c",
        "a='b c '",
        "export export_a=1",
        'a="b\nc"',
        'a="b\\nc"',
        "a='b\\nc'",
        'a="b\\"c"',
        "a='b\\'c'",
        "no_value_var",
        "a: b",
        "a=b\rc=d",
        "a=b\r\nc=d",
        'a="\nb=c',
        'uglyKey[%$="S3cr3t_P4ssw#rD" #\na=b',
        "export =x",
        "export",
        "export \n",
        "a= #c",
        "a=#c",
        "a=`b c`",
        "'a\nb'=c",
        "'a=b\nc='d'",
        'A="x\nB=2\nC="y"z\nD=4',
        'a="b\\\\"c',
        "a='\\\\'",
        'a="\\a\\b\\f\\r\\t\\v\\x"',
        "a=b\x0c#c",
        "a=b\x85#c",
        "a\u2028=b",
        "=",
        "'",
        "''=x",
        "a=''",
        'a=""x',
        "a=\r",
        # edges of the reading of a whole file of everyday lines at once
        'A="abc"def"\nB=1',
        "A='abc'def'\nB=1",
        'A=abc"#def\nB=1',
        "A=abc'\t#def\nB=1",
        "A=x#\nB=1",
        'A="x"#c\nB=1',
        "A='it\"s'\nB='{\"a\": 1}'",
        'A="it\'s"\nB=1',
        "A= #c\nB=1",
        "A=\t#c",
        "export #c\nB=1",
        "export\t# c",
        "export  \nB=1",
        "export 9=1\nB=1",
        "  # c\n\t\nexport  A=b c\nB=1",
        "A=b\xa0\nB=\u3000c",
        "A=b\u2028#c\nB=1",
        "A=\x1cb\nB=b\x1f",
        "A=\x00b\x7f\x84\x86\nB=1",
        "A=`b`\nB=1",
        "A=b`\nB=1",
    ],
)
def test_known_cases_match_python_dotenv(oracle: Oracle, text: str) -> None:
    check_against_oracle(oracle, text)


# --- the shared corpus ----------------------------------------------------------------------

CORPUS = [
    *corpus_files("dotenv"),
    *(p for p in corpus_files("dotenv-edge-cases") if p.suffix != ".json"),
]


@pytest.mark.parametrize("file", CORPUS, ids=[p.name for p in CORPUS])
def test_corpus_file_matches_python_dotenv(oracle: Oracle, file: Path) -> None:
    data = file.read_bytes()
    source = decode_source(data, file.name)
    if isinstance(source, Problem):
        # stagelint reports such a file as SL001 and never parses it; python-dotenv would
        # fail to decode it too.
        pytest.skip(f"not UTF-8 text: {source.message}")
    expected_pairs, expected_errors, expected_values = oracle.read(data)
    parsed = parse_dotenv(source.text, PATH)
    assert bindings(parsed) == expected_pairs
    assert dict(bindings(parsed)) == expected_values
    assert len(skipped(parsed)) == expected_errors
    assert_inside(source.text, parsed)
    for var in parsed.variables:  # spot check against the raw file text
        assert text_at(source.text, var.key_location) == var.key
    assert_positions_match_text(source.text, parsed)


def test_corpus_is_there_when_shared_is() -> None:
    if not CORPUS:
        pytest.skip("shared corpus not available")
    assert len(CORPUS) > 150


# dotenv-linter's expectations for the checks SL005/SL006 share with it: the file, the line
# it reports, and what we report there.
LINTER_CASES = [
    ("SpaceCharacter__space-before-equals", 1, "spaces"),
    ("SpaceCharacter__spaces-after-equals", 2, "spaces"),
    ("SpaceCharacter__spaces-both-sides", 3, "spaces"),
    ("ValueWithoutQuotes__unquoted-value-with-space", 3, "whitespace"),
    ("ValueWithoutQuotes__crlf-unquoted-value-with-space", 2, "whitespace"),
    ("IncorrectDelimiter__hyphen-in-key", 2, "key"),
    ("IncorrectDelimiter__star-and-hyphen-in-key", 2, "key"),
    ("LeadingCharacter__digit-first", 1, "key"),
    ("LeadingCharacter__dot-first", 1, "key"),
    ("LeadingCharacter__hyphen-first", 1, "key"),
]
PROBLEM_WORDS = {
    "spaces": 'spaces around "="',
    "whitespace": "holds whitespace",
    "key": "key",
}


@pytest.mark.parametrize(("case", "line", "kind"), LINTER_CASES)
def test_dotenv_linter_findings_are_env_syntax_problems(
    corpus: Path, case: str, line: int, kind: str
) -> None:
    source = decode_source(
        (corpus / f"dotenv-edge-cases/dotenv-linter__{case}.env").read_bytes(), PATH
    )
    assert not isinstance(source, Problem)
    problems = parse_dotenv(source.text, PATH).problems
    assert [p.location.line for p in problems] == [line]
    assert PROBLEM_WORDS[kind] in problems[0].message


def corpus_references(corpus: Path, name: str) -> list[tuple[str, tuple[Reference, ...]]]:
    source = decode_source((corpus / "dotenv-edge-cases" / name).read_bytes(), PATH)
    assert not isinstance(source, Problem)
    return [(v.key, v.references) for v in parse_dotenv(source.text, PATH).variables]


def test_dotenv_linter_substitution_cases(corpus: Path) -> None:
    def malformed(name: str) -> list[tuple[str, list[bool]]]:
        found = corpus_references(corpus, f"dotenv-linter__SubstitutionKey__{name}.env")
        return [(key, [r.malformed for r in refs]) for key, refs in found]

    # dotenv-linter accepts these ...
    assert malformed("OK-escaped-dollar-brace") == [("ABC", [])]  # "\${BAR" is escaped
    assert malformed("OK-mutual-references") == [("ABC", [False]), ("BAR", [False])]
    assert malformed("OK-odd-but-valid-mix") == [("FOO", [False, False]), ("BIZ", [False, False])]
    # ... and reports these, where python-dotenv would read something else than meant
    assert malformed("unclosed-brace") == [("ABV", []), ("FOO", [True])]
    assert malformed("bang-inside-braces") == [("A", [True])]
    assert malformed("dash-default-with-nested-var") == [("FOO", [True])]
    # "$BAR}" is a reference followed by a stray brace: text, as in every loader
    assert malformed("stray-closing-brace") == [("TEST", [False])]


def test_single_quoted_values_keep_their_references(corpus: Path) -> None:
    # python-dotenv interpolates single-quoted values too, so they are references
    name = "python-dotenv__interpolation__10__SINGLE-quoted-value-is-STILL-interpolated-in-python-dotenv.env"
    ((key, refs),) = corpus_references(corpus, name)
    assert key == "a"
    assert [(r.kind, r.name) for r in refs] == [("braced", "b")]


# --- positions ------------------------------------------------------------------------------


def test_simple_binding_positions() -> None:
    var = only("DATABASE_URL=postgres://x\n")
    assert var.key == "DATABASE_URL"
    assert var.value is not None and var.value.reveal() == "postgres://x"
    assert span(var.key_location) == (1, 1, 1, 13)
    assert span(var.value_location) == (1, 14, 1, 26)
    assert span(var.location) == (1, 1, 1, 26)
    assert var.quote is None
    assert var.key_location.path == PATH


def test_value_is_a_value_object_never_a_str() -> None:
    var = only("JWT_SECRET_KEY=canary-9f3b\n")
    assert "canary" not in repr(var) and "canary" not in str(var.value)
    assert var.value is not None and var.value.reveal() == "canary-9f3b"


def test_export_and_indentation_are_not_part_of_the_key() -> None:
    first, second = parse("export  PORT=8000\n\t export API=x").variables
    assert span(first.key_location) == (1, 9, 1, 13)
    assert span(first.location) == (1, 9, 1, 18)
    assert span(second.key_location) == (2, 10, 2, 13)


def test_quoted_values_span_their_quotes() -> None:
    double, single = parse("A=\"x y\" # note\nB='it'\n").variables[:2]
    assert double.quote == '"' and double.value is not None and double.value.reveal() == "x y"
    assert span(double.value_location) == (1, 3, 1, 8)
    assert span(double.location) == (1, 1, 1, 8)
    assert single.quote == "'"
    assert span(single.value_location) == (2, 3, 2, 7)


def test_quoted_key_location_is_inside_the_quotes() -> None:
    var = only("'MY KEY'=v")
    assert var.key == "MY KEY"
    assert span(var.key_location) == (1, 2, 1, 8)
    assert span(var.location) == (1, 1, 1, 11)  # the binding starts at the opening quote


def test_empty_value_is_zero_width_right_after_equals() -> None:
    first, second, third = parse("A=\nB=   # comment\nC=").variables
    assert first.value is not None and first.value.reveal() == ""
    assert span(first.value_location) == (1, 3, 1, 3)
    assert span(first.location) == (1, 1, 1, 3)
    assert span(second.value_location) == (2, 3, 2, 3)
    assert span(third.value_location) == (3, 3, 3, 3)


def test_bare_key_has_no_value() -> None:
    var = only("  FEATURE_FLAG  # later\n")
    assert var.value is None
    assert span(var.key_location) == (1, 3, 1, 15)
    assert span(var.value_location) == (1, 15, 1, 15)
    assert span(var.location) == (1, 3, 1, 15)


def test_multiline_value_spans_lines() -> None:
    text = 'PRIVATE_KEY="-----BEGIN\nabc\n-----END"\nNEXT=1\n'
    key, after = parse(text).variables
    assert key.value is not None and key.value.reveal() == "-----BEGIN\nabc\n-----END"
    assert span(key.value_location) == (1, 13, 3, 10)
    assert span(key.location) == (1, 1, 3, 10)
    assert span(after.key_location) == (4, 1, 4, 5)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_lone_cr(newline: str) -> None:
    text = f'A=1{newline}B="x{newline}y"{newline}C=3{newline}'
    a, b, c = parse(text).variables
    assert b.value is not None and b.value.reveal() == "x\ny"  # as python-dotenv's text mode
    assert span(a.value_location) == (1, 3, 1, 4)
    assert span(b.value_location) == (2, 3, 3, 3)
    assert span(c.key_location) == (4, 1, 4, 2)


def test_bom_stripped_text_starts_at_column_one() -> None:
    source = decode_source(b"\xef\xbb\xbfA=1\nB=2", PATH)
    assert not isinstance(source, Problem)
    a, b = parse_dotenv(source.text, PATH).variables
    assert (a.key, span(a.key_location)) == ("A", (1, 1, 1, 2))
    assert span(b.key_location) == (2, 1, 2, 2)


def test_columns_count_code_points() -> None:
    var = only("# 😀 comment\nGREETING=héllo😀 # x\n")
    assert span(var.value_location) == (2, 10, 2, 16)


def test_fast_construction_builds_equal_objects() -> None:
    # the parser builds Location and Variable through their slots (see dotenv.py)
    var = only("A=1")
    loc = Location(PATH, 1, 1, 1, 4)
    assert var.location == loc and hash(var.location) == hash(loc)
    assert var == Variable(
        "A", var.value, loc, Location(PATH, 1, 1, 1, 2), Location(PATH, 1, 3, 1, 4), (), None
    )


def test_variable_keeps_any_locations_it_is_given() -> None:
    # compact when the locations follow from key and value, else kept as given
    loc, key, value = (
        Location(PATH, 2, 3, 2, 9),
        Location(PATH, 2, 3, 2, 4),
        Location(PATH, 2, 5, 2, 9),
    )
    for args in [
        ("A", Value("xy"), loc, key, value, (), '"'),  # A="xy"
        ("A", Value("xyz"), loc, key, value, (), None),  # 3 characters in 4 columns
        ("A", None, loc, key, value, (), None),
        ("A", Value("x"), loc, loc, loc, (), None),
    ]:
        var = Variable(*args)  # type: ignore[arg-type]
        assert (var.location, var.key_location, var.value_location) == args[2:5]
    assert Variable("A", Value("xy"), loc, key, value, (), '"')._spans is None
    assert Variable("A", Value("xyz"), loc, key, value)._spans is not None


def test_equal_values_share_one_value_object_across_files() -> None:
    values: dict[str, Value] = {}
    first = parse_dotenv("A=x\nB=y\n", "a/.env", values).variables
    second = parse_dotenv("C='x'\nD = \"y\"\nE=z\n", "b/.env", values).variables
    assert first[0].value is second[0].value and first[1].value is second[1].value
    assert [var.value for var in second] == [Value("x"), Value("y"), Value("z")]
    assert set(values) == {"x", "y", "z"}


def test_duplicates_are_kept_without_problems() -> None:
    parsed = parse("A=1\nB=2\nA=3\n")
    assert bindings(parsed) == [("A", "1"), ("B", "2"), ("A", "3")]
    assert parsed.problems == []


# --- references -----------------------------------------------------------------------------


def refs(text: str) -> list[tuple[str, str | None, str, bool, str | None]]:
    var = only(text)
    return [(r.kind, r.service, r.name, r.malformed, r.default) for r in var.references]


def test_railway_references() -> None:
    assert refs("A=${{Neon.DATABASE_URL}}") == [("railway", "Neon", "DATABASE_URL", False, None)]
    assert refs("A=${{shared.JWT_SECRET}}") == [("railway", "shared", "JWT_SECRET", False, None)]
    assert refs("A=${{PORT}}") == [("railway", None, "PORT", False, None)]
    assert refs("A=${{ Redis.REDIS_URL }}") == [("railway", "Redis", "REDIS_URL", False, None)]
    assert refs("A=https://${{api.RAILWAY_PUBLIC_DOMAIN}}/v1") == [
        ("railway", "api", "RAILWAY_PUBLIC_DOMAIN", False, None)
    ]


def test_whole_value_reference() -> None:
    var = only("DATABASE_URL=${{Neon.DATABASE_URL}}")
    assert var.is_reference
    (ref,) = var.references
    assert span(ref.location) == (1, 14, 1, 36)
    assert not only("URL=x${{Neon.DATABASE_URL}}").is_reference


def test_braced_and_plain_references() -> None:
    assert refs("A=${VAR}") == [("braced", None, "VAR", False, None)]
    assert refs("A=${VAR:-fallback}") == [("braced", None, "VAR", False, "fallback")]
    assert refs("A=${VAR:-}") == [("braced", None, "VAR", False, "")]
    assert refs("A=${POSTGRES.USER}") == [("braced", None, "POSTGRES.USER", False, None)]
    assert refs("A=0.0.0.0:$PORT") == [("plain", None, "PORT", False, None)]
    assert refs("A=$HOST:$PORT") == [
        ("plain", None, "HOST", False, None),
        ("plain", None, "PORT", False, None),
    ]


def test_defaults_are_values_unescaped_like_their_value() -> None:
    assert refs('A="${VAR:-a\\tb}"') == [("braced", None, "VAR", False, "a\tb")]
    assert refs("A='${VAR:-a\\tb}'") == [("braced", None, "VAR", False, "a\\tb")]
    assert refs("A=${VAR:-a\\tb}") == [("braced", None, "VAR", False, "a\\tb")]


def test_malformed_references() -> None:
    assert refs("A=${{Neon.DATABASE_URL}") == [("railway", "Neon", "DATABASE_URL", True, None)]
    assert refs("A=${{Neon.DATABASE_URL") == [("railway", "Neon", "DATABASE_URL", True, None)]
    assert refs("A=${{Neon.}}") == [("railway", "Neon", "", True, None)]
    assert refs("A=${VAR") == [("braced", None, "VAR", True, None)]
    assert refs("A=${VAR:=x}") == [("braced", None, "VAR", True, None)]
    assert refs("A=${BAR!}") == [("braced", None, "BAR!", True, None)]
    assert refs("A=${B-x}") == [("braced", None, "B-x", True, None)]
    assert refs("A=${B:-${C}}") == [("braced", None, "B", True, "${C")]


def test_malformed_reference_locations() -> None:
    (one_brace,) = only("DATABASE_URL=${{Neon.DATABASE_URL}").references
    assert span(one_brace.location) == (1, 14, 1, 35)
    (unclosed,) = only("URL=http://${HOST/x y").references
    assert span(unclosed.location) == (1, 12, 1, 20)  # up to the blank


def test_not_references() -> None:
    assert refs("A=$") == []
    assert refs("A=$1$$") == []
    assert refs("A=price$") == []
    assert refs("A=\\${ESCAPED}") == []
    assert refs("A=\\$ESCAPED") == []
    assert refs("A=\\\\${UNESCAPED}") == [("braced", None, "UNESCAPED", False, None)]


def test_references_in_every_quoting() -> None:
    assert refs("A='${{Neon.DATABASE_URL}}'") == [("railway", "Neon", "DATABASE_URL", False, None)]
    assert refs('A="$PORT"') == [("plain", None, "PORT", False, None)]


def test_reference_positions_after_escapes_and_line_breaks() -> None:
    text = 'A="x\\n\\t$ONE\nsecond ${TWO}"'
    one, two = only(text).references
    assert span(one.location) == (1, 9, 1, 13)  # raw columns: the escapes are 2 chars each
    assert span(two.location) == (2, 8, 2, 14)
    assert text_at(text, one.location) == "$ONE"
    assert text_at(text, two.location) == "${TWO}"


def test_references_in_crlf_file() -> None:
    (ref,) = parse('A=1\r\nB="x\r\n${{Neon.URL}}"\r\n').variables[1].references
    assert span(ref.location) == (3, 1, 3, 14)


# --- SL005 problems -------------------------------------------------------------------------


def problems(text: str) -> list[tuple[tuple[int, int, int, int], str, str | None]]:
    found = parse(text).problems
    assert all(p.kind == "env-syntax" for p in found)
    return [(span(p.location), p.message, p.key) for p in found]


def test_spaces_around_equals() -> None:
    message = 'spaces around "=" in DATABASE_URL: most loaders keep or reject them differently'
    assert problems("DATABASE_URL = postgres://x") == [((1, 13, 1, 16), message, "DATABASE_URL")]
    assert problems("DATABASE_URL =postgres://x") == [((1, 13, 1, 15), message, "DATABASE_URL")]
    assert problems("DATABASE_URL=  'x'") == [((1, 13, 1, 16), message, "DATABASE_URL")]
    assert problems("DATABASE_URL =") == [((1, 13, 1, 15), message, "DATABASE_URL")]


def test_blanks_after_equals_before_nothing_are_fine() -> None:
    assert problems("EMPTY=   \nOTHER=  # a comment\n") == []


def test_unquoted_value_with_whitespace() -> None:
    assert problems("APP_NAME=two words # fine comment") == [
        (
            (1, 10, 1, 19),
            "unquoted value of APP_NAME holds whitespace: loaders cut or keep it differently; "
            "quote the value",
            "APP_NAME",
        )
    ]
    assert problems('APP_NAME="two words"') == []
    assert problems("APP_NAME=word   # trailing blanks and a comment") == []


def test_hash_glued_to_unquoted_value() -> None:
    assert problems("COLOR=abc#def") == [
        (
            (1, 10, 1, 11),
            '"#" inside the unquoted value of COLOR: some loaders start a comment there; '
            "quote the value",
            "COLOR",
        )
    ]
    assert problems("COLOR=#fff") == [((1, 7, 1, 8), problems("COLOR=#fff")[0][1], "COLOR")]
    assert problems("COLOR=abc #def") == []
    assert problems('COLOR="abc#def"') == []


def test_backticks() -> None:
    ((where, message, _),) = problems("GREETING=`hello`")
    assert where == (1, 10, 1, 11)
    assert message.startswith("backticks around the value of GREETING")


def test_unterminated_quote() -> None:
    parsed = parse('SECRET="abc\nNEXT=1\n')
    assert bindings(parsed) == [("NEXT", "1")]  # python-dotenv skips one line and reads on
    assert problems('SECRET="abc\nNEXT=1\n') == [
        (
            (1, 1, 1, 12),
            'unterminated " quote in the value of SECRET: python-dotenv cannot parse the line '
            "and skips it",
            "SECRET",
        )
    ]
    ((_, message, _),) = problems("SECRET='abc")
    assert message.startswith("unterminated ' quote in the value of SECRET")


def test_quote_closed_lines_later_then_junk() -> None:
    text = 'A="x\nB=2\nC="y" z\nD=4\n'
    assert bindings(parse(text)) == [("D", "4")]
    ((where, message, key),) = problems(text)
    assert where == (1, 1, 3, 8)
    assert message == (
        "text after the closing quote of A: python-dotenv cannot parse lines 1-3 and skips them"
    )
    assert key == "A"


def test_invalid_keys() -> None:
    assert problems("my-key=1") == [
        (
            (1, 1, 1, 7),
            'invalid character "-" in key my-key: shells and most loaders reject it',
            "my-key",
        )
    ]
    assert problems("1KEY=1") == [
        ((1, 1, 1, 5), "key 1KEY starts with a digit: shells and most loaders reject it", "1KEY")
    ]
    assert problems("export éclair=1")[0][:1] == ((1, 8, 1, 14),)
    assert problems("'quoted key'=1")[0][1] == (
        "invalid characters in this key: shells and most loaders reject it"
    )
    assert problems("SOME.KEY_1=1\n_X=2") == []


def test_invalid_bare_key_is_not_shown() -> None:
    # a line without "=" may be a value that lost its key: its text stays out of messages
    assert problems("PORT=1\npostgres://u:p@h/db\n") == [
        (
            (2, 1, 2, 20),
            'a line without "=" that is not a valid key: python-dotenv reads it as a key '
            "without value, other loaders ignore or reject it",
            None,
        )
    ]
    assert problems("FEATURE_FLAG") == []


def test_long_or_odd_invalid_keys_are_not_shown() -> None:
    ((_, message, key),) = problems("https://user:pw@host/?a=b")
    assert message == "invalid characters in this key: shells and most loaders reject it"
    assert key is None


def test_lines_python_dotenv_cannot_parse() -> None:
    assert problems("DATABASE_URL: postgres://x\nOK=1") == [
        (
            (1, 1, 1, 27),
            '":" instead of "=" after DATABASE_URL: python-dotenv cannot parse the line and '
            "skips it",
            "DATABASE_URL",
        )
    ]
    assert problems("KEY value") == [
        (
            (1, 1, 1, 10),
            'no "=" on the line: python-dotenv cannot parse the line and skips it',
            None,
        )
    ]
    assert problems("=value") == [
        ((1, 1, 1, 7), 'no key before "=": python-dotenv cannot parse the line and skips it', None)
    ]
    assert problems('A="x"y') == [
        (
            (1, 1, 1, 7),
            "text after the closing quote of A: python-dotenv cannot parse the line and skips it",
            "A",
        )
    ]
    assert problems("  export \n") == [
        (
            (1, 3, 1, 10),
            'no key after "export": python-dotenv cannot parse the line and skips it',
            None,
        )
    ]
    assert problems("'unterminated=1")[0][1].startswith("unterminated quoted key")


def test_one_line_several_problems_in_order() -> None:
    found = problems("my-key = a b#c")
    assert [where for where, _, _ in found] == [
        (1, 1, 1, 7),
        (1, 7, 1, 10),
        (1, 10, 1, 15),
        (1, 13, 1, 14),
    ]


def test_messages_never_hold_values() -> None:
    canary = "sk_live_CANARY"
    texts = [
        f"API_KEY = {canary}",
        f"API_KEY={canary} two",
        f"API_KEY={canary}#x",
        f'API_KEY="{canary}',
        f"API_KEY='{canary}",
        f'API_KEY="{canary}"junk',
        f"API_KEY: {canary}",
        f"API_KEY {canary}",
        f"={canary}",
        f"my-key={canary}",
        f"{canary}-x",  # a token on a line of its own parses as a key
        f"postgres://user:{canary}@host/db?sslmode=require",  # so does a URL, "=" included
        f"postgres://user:{canary}@host/db",
        f"{canary} x",
        f"'{canary}=x\nB='y'",  # a quoted key spanning lines swallows a value
        f'A="{canary}\nB="x" y',
        f"API_KEY=`{canary} x`",
    ]
    for text in texts:
        parsed = parse(text)
        assert parsed.problems, text
        for problem in parsed.problems:
            assert canary not in problem.message, (text, problem.message)
            assert canary not in repr(problem.related)
            assert problem.key is None or canary not in problem.key


# --- comments -------------------------------------------------------------------------------


def test_comments_map() -> None:
    text = (
        "# Database\n"
        "DATABASE_URL=x # stagelint: ignore[SL301]\n"
        "  #indented\n"
        'SECRET="v"#glued after a quote\n'
        "FLAG # after a bare key\n"
        "EMPTY= # after nothing\n"
        "COLOR=#fff\n"
        'QUOTED="not # a comment"\n'
        "BROKEN: x # stagelint: ignore[SL005]\n"
    )
    assert parse(text).comments == {
        1: "Database",
        2: "stagelint: ignore[SL301]",
        3: "indented",
        4: "glued after a quote",
        5: "after a bare key",
        6: "after nothing",
        9: "stagelint: ignore[SL005]",
    }


def test_comment_after_multiline_value_is_on_its_last_line() -> None:
    assert parse('A="x\ny" # end\n').comments == {2: "end"}


# --- robustness and speed -------------------------------------------------------------------


@DIFFERENTIAL
@given(text=st.one_of(st.text(), FRAGMENT_SOUP))
def test_any_text_parses_and_stays_inside(text: str) -> None:
    # dotenv-like texts get the same checks in test_same_bindings_as_python_dotenv; here
    # also what never reaches a file: NUL, lone surrogates, any code point
    parsed = parse(text)
    assert isinstance(parsed, ParsedEnv)
    assert_inside(text, parsed)
    assert_positions_match_text(text, parsed)


def test_empty_and_blank_texts() -> None:
    for text in ["", "\n", "\r\n\r\n", "   ", "\t\n  \n"]:
        parsed = parse(text)
        assert (parsed.variables, parsed.problems, parsed.comments) == ([], [], {})


def linear(make: Callable[[int], str]) -> None:
    """Ten times more text costs about ten times more, not a hundred (CPU time, so that a
    busy machine does not fail it; a quadratic scan of these takes seconds)."""
    timings = []
    for size in (2_000, 20_000):
        text = make(size)
        runs = []
        for _ in range(5):  # the best of five: one run of 2,000 is a millisecond or less
            start = time.process_time()
            parse(text)
            runs.append(time.process_time() - start)
        timings.append(min(runs))
    assert timings[1] < 1.0, timings
    assert timings[1] < 30 * timings[0] + 0.05, timings


@pytest.mark.parametrize(
    "make",
    [
        lambda n: "A=" + "${" * n,  # unclosed braces, no "}" anywhere
        lambda n: "A=" + "${x:" * n + "}",  # colons without defaults
        lambda n: "A=" + "${ " * n + ":x",
        lambda n: "A=" + "${{" * n,
        lambda n: "A=" + "\\" * n + "$x",
        lambda n: 'A="' + '\\"' * n,  # a quote that never closes
        lambda n: "A=b\n" * n,
        lambda n: "'" + "x" * n,
        lambda n: "A=" + " " * n + "x",
        lambda n: "A=" + "x #" * n,
        # lines that the reading of a whole file at once refuses late
        lambda n: " " * n + "x",
        lambda n: "export" + " " * n + "9",
        lambda n: "A=b" + " " * n + "x",
        lambda n: "A=" + "x" * n + "#",
        lambda n: 'A="' + "x" * n + '"x"',
        lambda n: "A=b\n" * n + "A=b#",
    ],
)
def test_pathological_input_is_linear(make: Callable[[int], str]) -> None:
    linear(make)


def test_large_file_is_fast() -> None:
    text = "".join(
        f'KEY_{i}=value-{i}\n# comment {i}\nQUOTED_{i}="a b" # x\nREF_{i}=${{{{Neon.URL}}}}\n'
        for i in range(5_000)
    )
    start = time.process_time()
    parsed = parse(text)
    elapsed = time.process_time() - start
    assert len(parsed.variables) == 15_000
    assert elapsed < 1.0  # about 0.1 s on a laptop; generous for loaded CI machines
