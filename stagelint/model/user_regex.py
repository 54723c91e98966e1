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
other than the shipped policies' own (importing it costs 3 ms, a thirtieth of a one-service
run): those few are vetted (:data:`VETTED`), each written out for Python's engine so that
it matches exactly what RE2 matches, with no nested ambiguity to backtrack over.

Error messages never quote the pattern: a secret pasted into one must not reach a log.
"""

from __future__ import annotations

from typing import Any, Protocol


class UserPattern(Protocol):
    """What stagelint asks of a compiled user pattern."""

    def search(self, text: str) -> Any: ...

    def fullmatch(self, text: str) -> Any: ...


VETTED: dict[str, str] = {
    # the pattern as the shipped policies write it -> the same language in Python's syntax
    # (RE2's \s is [\t\n\f\r ]; its (?i) folds k to U+212A and s to U+017F, and no
    # other letter outside ASCII, where Python's would also fold i to U+0130 and U+0131)
    r"(/[^/\s]+)+": r"(/[^/\t\n\f\r ]+)+",
    r"(?i)[-a-z0-9]+": "[-a-zA-Z0-9\u017f\u212a]+",
    r"[0-9]+": r"[0-9]+",
    r"v?([0-9]{4}-[0-9]{2}-[0-9]{2}|1|X)": r"v?([0-9]{4}-[0-9]{2}-[0-9]{2}|1|X)",
}
"""Patterns of the shipped policies, matched with :mod:`re` (tests prove each matches what
RE2 matches): a run that uses only the shipped policies never imports RE2."""


class InvalidPattern(ValueError):
    """A pattern RE2 cannot compile (bad syntax, look-around, back-references, too big)."""


def compile_user_pattern(pattern: str) -> UserPattern:
    """``pattern`` compiled with RE2; :class:`InvalidPattern` (without the pattern's text)
    when RE2 refuses it."""
    vetted = VETTED.get(pattern)
    if vetted is not None:
        import re

        return re.compile(vetted)
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
