"""User patterns: RE2 for what a repository writes, Python's ``re`` for the shipped few."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
import re2
from stagelint_policies._parsed import PARSED

from stagelint.model.user_regex import VETTED, InvalidPattern, compile_user_pattern

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _shipped_patterns() -> set[str]:
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            pattern = node.get("pattern")
            if isinstance(pattern, str):
                found.add(pattern)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for _text, data in PARSED.values():
        walk(data)
    return found


def test_every_shipped_pattern_is_vetted() -> None:
    """Otherwise a run with the shipped policies imports RE2 again (3 ms)."""
    shipped = _shipped_patterns()
    assert shipped and shipped <= set(VETTED), shipped - set(VETTED)


_ALPHABET = (
    "aAzZkKsSiI09-_/ ./\t\n\f\r\v\x00X vVx:"
    "\u017f\u212a\u0130\u0131\u00b5\u00df\u00e9\u2028\u00a0\u3000\u0660\uff10"
)


def _samples(pattern: str) -> list[str]:
    """Every single code point of the Basic Multilingual Plane, and random strings over
    the characters where engines differ, around values the pattern accepts."""
    rng = random.Random(pattern)
    texts = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]
    texts += ["", "/api", "/api/v1", "/api/", "api", "2024-01-31", "v2024-01-31", "1", "X"]
    texts += [
        "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 12))) for _ in range(20000)
    ]
    return texts


@pytest.mark.parametrize("pattern", sorted(VETTED))
def test_a_vetted_pattern_matches_what_re2_matches(pattern: str) -> None:
    ours = compile_user_pattern(pattern)
    options = re2.Options()
    options.log_errors = False
    theirs = re2.compile(pattern, options)
    for text in _samples(pattern):
        assert bool(ours.fullmatch(text)) == bool(theirs.fullmatch(text)), (pattern, text)
        assert bool(ours.search(text)) == bool(theirs.search(text)), (pattern, text)


def test_a_vetted_pattern_is_compiled_by_python() -> None:
    assert isinstance(compile_user_pattern(next(iter(VETTED))), re.Pattern)
    assert not isinstance(compile_user_pattern("[0-9]{2,}"), re.Pattern)  # any other: RE2


def test_other_patterns_still_refuse_what_re2_cannot_do_in_linear_time() -> None:
    with pytest.raises(InvalidPattern):
        compile_user_pattern(r"(a)\1")


def test_checking_with_the_shipped_policies_does_not_import_re2() -> None:
    code = (
        "import contextlib, io, sys\n"
        "from stagelint.entry import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['check', sys.argv[1]])\n"
        "from stagelint.policy.expectations import _PATTERNS\n"
        "print(len(_PATTERNS), 're2' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(EXAMPLES / "guide")],
        capture_output=True,
        text=True,
        check=False,
    )
    compiled, imported = done.stdout.split()
    assert int(compiled) > 0, done.stderr  # the example's values were matched
    assert imported == "False", done.stderr
