"""Helpers that rules call for every variable, rewritten for speed, answer as their plain
definitions do (the plain form is kept here as the reference)."""

from __future__ import annotations

import fnmatch
import re

from hypothesis import example, given
from hypothesis import strategies as st

from stagelint.model import values
from stagelint.policy import expectations, fingerprint

_PIECES = st.sampled_from(
    [
        "x",
        "X",
        "xxx",
        ".",
        "...",
        "*",
        "***",
        "your",
        "YOUR",
        "-",
        "_",
        "<",
        ">",
        "$",
        "{",
        "}",
        "placeholder",
        "PLACEHOLDER",
        "\u017f",
        "K",
        "\n",
        " ",
        "\t",
        "a",
        "changeme",
        "TODO",
        "k7x9",
    ]
)
_TEXTS = st.one_of(st.text(max_size=12), st.lists(_PIECES, max_size=6).map("".join))


def _is_placeholder_plain(text: str) -> bool:
    stripped = text.strip()
    if not stripped:
        return True
    if stripped.lower() in values._PLACEHOLDER_WORDS:
        return True
    return any(pattern.search(stripped) for pattern in values._PLACEHOLDER_PATTERNS)


@given(_TEXTS)
@example("xxx")
@example("XXXX\n")
@example("your_project_id")
@example("${MY_PLACEHOLDER}")
@example("$\u017fPLACEHOLDER")
@example("https://<api-host>/v1")
@example("a<b")
def test_is_placeholder_answers_as_its_patterns(text: str) -> None:
    assert values.is_placeholder(text) == _is_placeholder_plain(text)


_KEYS = st.sampled_from(["FEATURE_X", "FEATURE_", "STAGING_URL", "API", "A[B", "a", "*", ""])
_PATTERNS = st.lists(
    st.sampled_from(["FEATURE_*", "STAGING_*", "API", "A[B", "[AB]", "?", "*", "a", "A?I"]),
    max_size=4,
)


@given(_KEYS, _PATTERNS)
def test_matches_any_remembers_the_plain_answer(key: str, patterns: list[str]) -> None:
    plain = any(
        key == p or (expectations.is_pattern(p) and fnmatch.fnmatchcase(key, p)) for p in patterns
    )
    assert expectations.matches_any(key, tuple(patterns)) == plain
    assert expectations.matches_any(key, tuple(patterns)) == plain  # remembered
    assert expectations.matches_any(key, patterns) == plain  # a list: not remembered


def test_matching_is_remembered_per_catalogue() -> None:
    from stagelint.policy.catalogue import build_catalogue

    built = expectations.build_expectations(
        {"railway": {"WORKERS": {"type": "int"}, "W*": {"type": "int"}}}, False, "test"
    )
    plain = build_catalogue([({"variables": {}}, "empty")])
    aliased = build_catalogue(
        [({"variables": {"WORKERS": {"purpose": "p", "aliases": ["WEB_CONCURRENCY"]}}}, "c")]
    )
    assert [e.key for e in built.matching("WEB_CONCURRENCY", ("railway",), plain)] == ["W*"]
    assert [e.key for e in built.matching("WEB_CONCURRENCY", ("railway",), aliased)] == [
        "WORKERS",
        "W*",
    ]
    first = built.matching("WORKERS", ["railway"], plain)
    assert isinstance(first, tuple)  # the remembered answer itself: no caller can change it
    assert built.matching("WORKERS", ("railway",), plain) is first
    assert [e.key for e in first] == ["WORKERS", "W*"]


def _url_password_plain(text: str) -> str | None:
    from urllib.parse import unquote

    if not fingerprint.is_url(text):
        return None
    rest = text.split("://", 1)[1]
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    userinfo, at, _host = authority.rpartition("@")
    if not at or ":" not in userinfo:
        return None
    return unquote(userinfo.split(":", 1)[1]) or None


@given(st.text(alphabet=st.sampled_from("aZ9:/@?#%2Fé+.-x "), max_size=30))
@example("postgres://user:p%40ss@db/app")
@example("redis://:@h:6379")
@example("a+b.c://u:p@w@h/x?y#z")
@example("https://u:%zz@h")
def test_url_password_answers_as_its_plain_form(text: str) -> None:
    assert fingerprint.url_password(text) == _url_password_plain(text)
