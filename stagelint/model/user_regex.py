"""Regular expressions written in configuration (``secret-patterns`` in the settings,
``pattern:`` in a policy), compiled with RE2.

A repository's settings and policies are the pull request's to change, and Python's
backtracking engine can take exponential time on a pattern such as ``^(a+)+$``: 24
characters of ``a`` took 2.4 s, 40 would take days. RE2 (the ``google-re2`` wheel) matches
in time linear in the text whatever the pattern (``^(a+)+$`` against 1,000,000 characters:
6 ms), bounds its own memory, and refuses what it cannot do in linear time: look-around and
back-references. Bounding the input and rejecting nested quantifiers instead would have
refused legitimate patterns and still left other exponential shapes (``(a|a)*``,
``(a|ab)*c``) to a blacklist. RE2 is imported only when a setting or policy holds a pattern
(9 ms).

Error messages never quote the pattern: a secret pasted into one must not reach a log.
"""

from __future__ import annotations

from typing import Any, Protocol


class UserPattern(Protocol):
    """What stagelint asks of a compiled user pattern."""

    def search(self, text: str) -> Any: ...

    def fullmatch(self, text: str) -> Any: ...


class InvalidPattern(ValueError):
    """A pattern RE2 cannot compile (bad syntax, look-around, back-references, too big)."""


def compile_user_pattern(pattern: str) -> UserPattern:
    """``pattern`` compiled with RE2; :class:`InvalidPattern` (without the pattern's text)
    when RE2 refuses it."""
    import re2

    options = re2.Options()
    options.log_errors = False  # RE2 would print the pattern on standard error
    try:
        compiled: UserPattern = re2.compile(pattern, options)
    except Exception:  # re2.error; its message quotes the pattern
        raise InvalidPattern(
            "invalid regular expression (RE2 syntax: no look-around or back-references)"
        ) from None
    return compiled
