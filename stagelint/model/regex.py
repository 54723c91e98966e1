"""Regular expressions compiled when first used, not when their module is imported.

stagelint's modules declare about a hundred patterns at module level; a one-service check
used fewer than a third of them, and compiling the rest cost it several milliseconds of a
run that is mostly start-up. :func:`lazy` returns a stand-in that compiles the pattern on
first use and from then on hands out the compiled pattern's own methods, so a hot loop
pays nothing for the laziness.

Only method calls are supported (``PATTERN.match(text)``, ``PATTERN.sub(...)``): the
stand-in is not a :class:`re.Pattern`, so it cannot be passed to ``re.sub(PATTERN, ...)``.
"""

from __future__ import annotations

import re
from typing import Any, cast

_METHODS = (
    "match",
    "fullmatch",
    "search",
    "finditer",
    "findall",
    "sub",
    "subn",
    "split",
    "scanner",
)


class _Lazy:
    """A pattern and its flags until something asks for a method of the compiled one."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(*self._source)
        for method in _METHODS:  # kept on the instance: later lookups never come here
            setattr(self, method, getattr(compiled, method))
        self.__dict__.update(pattern=compiled.pattern, flags=compiled.flags)
        self.__dict__.update(groups=compiled.groups, groupindex=compiled.groupindex)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self._source[0]!r})"


def lazy(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done on first use (see the module docstring)."""
    return cast("re.Pattern[str]", _Lazy(pattern, int(flags)))
