"""What a value *is*, independent of its variable: placeholder, boolean, number, email.

Shared by rules so that "is this a placeholder?" has one answer everywhere (RULES.md's
definition), and by policy expectations (SL504).
"""

from __future__ import annotations

import re

from stagelint.model.regex import lazy

_PLACEHOLDER_WORDS = frozenset(
    {
        "changeme",
        "change-me",
        "change_me",
        "changethis",
        "change-this",
        "replace-me",
        "replace_me",
        "replaceme",
        "todo",
        "tbd",
        "fixme",
        "secret",
        "example",
        "placeholder",
        "dummy",
        "none",
        "null",
        "undefined",
        "password",
        "xxx",
        "...",
    }
)
_PLACEHOLDER_PATTERNS = (
    lazy(r"^x{3,}$", re.IGNORECASE),  # xxx, XXXXXXXX
    lazy(r"^\.{3,}$"),  # ..., .....
    lazy(r"^\*{3,}$"),  # ***
    lazy(r"^your[-_].*", re.IGNORECASE),  # your-api-key, your_project_id
    lazy(r"<[^<>]*>"),  # <generate-strong-staging-secret-32chars+> anywhere
    lazy(r"^\$\{?[A-Z_]*PLACEHOLDER[A-Z_]*\}?$", re.IGNORECASE),
)

TRUE_WORDS = frozenset({"true", "1", "yes", "on"})
FALSE_WORDS = frozenset({"false", "0", "no", "off"})
_EMAIL = lazy(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# _PLACEHOLDER_PATTERNS as two tests, since rules ask about every value (100,000 calls for
# a 200-service project): the patterns anchored at the start, tried only when the first
# character can begin one of them, and ``<...>``, searched only when there is a ``<``.
_PLACEHOLDER_START = lazy(
    r"(?i:x{3,}$)|\.{3,}$|\*{3,}$|(?i:your[-_])|(?i:\$\{?[A-Z_]*PLACEHOLDER[A-Z_]*\}?$)"
)
_PLACEHOLDER_FIRST = frozenset("xX.*yY$")
_ANGLE_BRACKETS = _PLACEHOLDER_PATTERNS[4]


def is_placeholder(text: str) -> bool:
    """Whether the whole value is a placeholder (RULES.md): ``changeme``, ``TODO``, ``xxx``,
    ``...``, ``your-...``, an empty value, or anything containing ``<...>``. A word inside a
    longer real value (``example-shop.com``) is not a placeholder."""
    stripped = text.strip()
    if not stripped:
        return True
    if stripped.lower() in _PLACEHOLDER_WORDS:
        return True
    if stripped[0] in _PLACEHOLDER_FIRST and _PLACEHOLDER_START.match(stripped):
        return True
    return "<" in stripped and _ANGLE_BRACKETS.search(stripped) is not None


def parse_bool(text: str) -> bool | None:
    """``true``/``false`` and the usual spellings (any case); None when not a boolean."""
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


_INT = lazy(r"[+-]?[0-9]+")
_FLOAT = lazy(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


MAX_INT_DIGITS = 1_000
"""Integers written with more digits are not converted: they compare as ±10**1000, beyond
any bound a policy or a platform states. Python refuses to convert 4,301 digits and more
(``ValueError``), and conversion time grows with the square of the length: a committed
``WORKERS=999...`` ended the whole run."""
HUGE_INT: int = 10 ** (MAX_INT_DIGITS + 1)


def parse_int(text: str) -> int | None:
    """A decimal integer (``[+-]digits``, ASCII, blanks around allowed), else None."""
    stripped = text.strip()
    if _INT.fullmatch(stripped):
        return int_of(stripped)
    return None


def int_of(literal: str) -> int:
    """``int(literal)`` for a decimal literal already known to be one (ASCII or Unicode
    digits, an optional sign), bounded as :data:`MAX_INT_DIGITS` says."""
    body = literal.strip()
    sign = -1 if body.startswith("-") else 1
    digits = body.lstrip("+-").lstrip("0")
    if len(digits) > MAX_INT_DIGITS:
        return sign * HUGE_INT
    return sign * int(digits or "0")


def parse_float(text: str) -> float | None:
    stripped = text.strip()
    if not _FLOAT.fullmatch(stripped):
        return None
    return float(stripped)


def is_email(text: str) -> bool:
    return bool(_EMAIL.match(text.strip()))


_ALNUM = lazy(r"[A-Za-z0-9]+")


def _char_class(ch: str) -> int:
    return 0 if ch.islower() else 1 if ch.isupper() else 2


def looks_random(text: str) -> bool:
    """Whether ``text`` could be (or hold) a generated secret, so that no message may quote
    it, even as the value of a variable that is not secret (a token pasted into
    ``WORKERS``, a CORS item, an enum field of a config file).

    Generated secrets mix lower case, upper case and digits throughout: among the letters
    and digits of ``text`` (10 or more of them), the class changes at least 3 times —
    ``Xq7PzR2mK9``, ``Ab3D-9xQz-k2Lm``, ``9f86d08188``. Words and the values messages
    quote stay quotable: ``Production``, ``staging-2024``, ``us-east-1``, ``ON_FAIL``,
    ``https://staging.example-shop.com``.
    """
    chars = "".join(_ALNUM.findall(text))
    return len(chars) >= 10 and class_switches(chars) >= 3


def class_switches(text: str, enough: int = 3) -> int:
    """How often the letters and digits of ``text`` switch between lower case, upper case
    and digits, counted up to ``enough``."""
    chars = "".join(_ALNUM.findall(text))
    if not chars:
        return 0
    switches = 0
    previous = _char_class(chars[0])
    for ch in chars[1:]:
        current = _char_class(ch)
        if current != previous:
            switches += 1
            if switches >= enough:
                return switches
        previous = current
    return switches


def quoted(text: object) -> str:
    """``repr(text)`` for an error message about a configuration value, unless it looks like
    a secret (:func:`looks_random`): then a phrase that says so without showing it."""
    if isinstance(text, str) and looks_random(text):
        return "(a value that looks like a secret: not shown)"
    return repr(text)
