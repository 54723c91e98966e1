"""stagelint.model.regex.lazy: compiled on first use, then the compiled pattern's own methods."""

from __future__ import annotations

import re

import pytest

from stagelint.model import regex
from stagelint.model.regex import lazy


def test_nothing_is_compiled_until_used(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str] = []
    real = re.compile
    monkeypatch.setattr(regex.re, "compile", lambda p, f=0: compiled.append(p) or real(p, f))
    pattern = lazy(r"[a-z]+(?P<digits>[0-9]*)", re.IGNORECASE)
    assert compiled == []
    match = pattern.fullmatch("ABC12")
    assert match is not None and match.group("digits") == "12"
    assert compiled == [r"[a-z]+(?P<digits>[0-9]*)"]
    assert pattern.search("--x9--") is not None and pattern.sub("_", "a1 b2") == "_ _"
    assert pattern.findall("ab cd") == ["", ""] and pattern.split("1a2") == ["1", "2", ""]
    assert [m.span() for m in pattern.finditer("a b")] == [(0, 1), (2, 3)]
    assert pattern.match("9") is None
    assert (pattern.pattern, pattern.groups, dict(pattern.groupindex)) == (
        r"[a-z]+(?P<digits>[0-9]*)",
        1,
        {"digits": 1},
    )
    assert pattern.flags & re.IGNORECASE
    assert compiled == [r"[a-z]+(?P<digits>[0-9]*)"]  # once


def test_after_first_use_methods_are_the_compiled_patterns() -> None:
    pattern = lazy(r"x")
    pattern.match("x")
    assert pattern.match == re.compile(r"x").match  # bound methods of equal patterns
    assert "match" in vars(pattern)  # no __getattr__ on later calls


def test_a_bad_pattern_fails_when_used() -> None:
    pattern = lazy(r"(unclosed")
    with pytest.raises(re.error):
        pattern.match("x")
