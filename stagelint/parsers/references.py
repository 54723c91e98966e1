"""References inside configuration values: found and located, never expanded.

Three forms are recognised (see :class:`stagelint.model.deployment.Reference`):

- ``railway``: ``${{Service.VAR}}``, ``${{shared.VAR}}``, ``${{VAR}}`` (blanks inside the braces
  are allowed and dropped). Railway expands them whatever the quoting of the value.
- ``braced``: ``${NAME}`` and ``${NAME:-default}``, delimited exactly as python-dotenv's
  interpolation delimits them: the name runs up to the first ``}`` or ``:``, the default up to
  the next ``}``. ``name`` is what python-dotenv would look up.
- ``plain``: ``$NAME`` with ``NAME`` matching ``[A-Za-z_][A-Za-z0-9_]*``. ``$1``, ``$$`` and a
  lone ``$`` are text. (python-dotenv never expands these; shells, Docker and Node's
  dotenv-expand do.)

``malformed=True`` marks a reference that is not read the way its writer means: not closed
(``${{Neon.DATABASE_URL}``, ``${VAR``); no variable name (``${{Neon.}}``); a name that is not
a variable name, which is how python-dotenv sees other shell forms (``${A-x}`` looks up a
variable named ``A-x``, ``${BAR!}`` one named ``BAR!``); an operator python-dotenv lacks
(``${A:=x}``, ``${A:?x}``, left as text); or a nested reference in a default
(``${A:-${B}}`` has the default ``${B`` followed by a literal ``}``).

A ``$`` after an odd number of backslashes is escaped and starts nothing (``\\${BAR}`` is
text). That is what dotenv-linter and Node's dotenv-expand do and what the writer means;
python-dotenv itself would still expand ``\\${BAR}`` (keeping the backslash), a difference
worth less than a false alarm on every escaped dollar.

Which of these a loader *resolves* (:func:`resolved`) is narrower: python-dotenv expands
``${...}`` in any quoting and never ``$NAME``; Railway expands ``${{...}}``. A plain ``$NAME``
is kept for the rules (Next.js's loader expands it), but no output calls it a reference: in
``Kx$9mPq...`` the text after the ``$`` is part of the value. Even a resolved reference's
names are printed only when they look like names
(:func:`stagelint.model.deployment.reference_text`),
since a secret may happen to hold ``${`` too.

Scanning works on the *raw* text of a value as it stands in the file, so every location points
at the characters the user wrote, on the right line and column even inside multi-line values
and after escapes such as ``\\n`` (which are two characters in the file and one in the value).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from stagelint.model.deployment import Location, Reference
from stagelint.model.regex import lazy

_IDENTIFIER = lazy(r"[A-Za-z_][A-Za-z0-9_]*")
_VARIABLE_NAME = lazy(r"[A-Za-z_][A-Za-z0-9_.]*")
_RAILWAY = lazy(r"\$\{\{([^{}\n]*)\}\}")
_RAILWAY_ONE_BRACE = lazy(r"\$\{\{([^{}\n]*)\}")
_RAILWAY_OPEN = lazy(r"\$\{\{([^{}\s]*)")
_BRACED_BROKEN = lazy(r"\$\{([^}\s]*)\}?")
_BROKEN_NAME = lazy(r"[^}:]*")


def find_references(
    raw: str,
    locate: Callable[[int, int], Location],
    offset: int = 0,
    unescape: Callable[[str], str] | None = None,
) -> tuple[Reference, ...]:
    """Every reference in ``raw``, the raw text of a value that starts at character
    ``offset`` of a file; ``locate(start, end)`` turns offsets of that file into a
    :class:`Location` (e.g. :meth:`stagelint.model.source.LineIndex.location`).

    ``unescape`` turns raw text into value text (a quoted value's escapes); it is applied
    to defaults, which are values. Names never contain escapes. Linear in ``len(raw)``,
    whatever the text (no rescanning of long unclosed ``${`` runs).
    """
    if "$" not in raw:
        return ()
    scanner = _Scanner(raw, locate, offset, unescape)
    find = raw.find
    i = find("$")
    while i >= 0:
        i = find("$", scanner.at(i))
    return tuple(scanner.found)


class _Scanner:
    """Reads one reference at a time; remembers where the next ``}`` and ``:`` are, so
    that a value full of unclosed ``${`` costs linear time, not quadratic."""

    __slots__ = ("found", "locate", "next_close", "next_colon", "offset", "raw", "unescape")

    def __init__(
        self,
        raw: str,
        locate: Callable[[int, int], Location],
        offset: int,
        unescape: Callable[[str], str] | None,
    ) -> None:
        self.raw = raw
        self.locate = locate
        self.offset = offset
        self.unescape = unescape
        self.found: list[Reference] = []
        self.next_close = -2
        self.next_colon = -2

    def at(self, i: int) -> int:
        """Read what starts at the ``$`` at ``i``; returns where to go on scanning."""
        raw = self.raw
        if _escaped(raw, i):
            return i + 1
        if raw.startswith("${{", i):
            return self._railway(i)
        if raw.startswith("${", i):
            return self._braced(i)
        m = _IDENTIFIER.match(raw, i + 1)
        if m is None:
            return i + 1
        self._add("plain", m.group(), None, i, m.end())
        return m.end()

    def _add(
        self,
        kind: Literal["railway", "braced", "plain"],
        name: str,
        service: str | None,
        start: int,
        end: int,
        malformed: bool = False,
        default: str | None = None,
    ) -> None:
        where = self.locate(self.offset + start, self.offset + end)
        self.found.append(Reference(kind, name, service, where, malformed, default))

    def _railway(self, i: int) -> int:
        raw = self.raw
        closed = True
        m = _RAILWAY.match(raw, i)
        if m is None:
            closed = False
            m = _RAILWAY_ONE_BRACE.match(raw, i) or _RAILWAY_OPEN.match(raw, i)
        if m is None:  # cannot happen: _RAILWAY_OPEN matches any "${{"
            return i + 1
        service, name, valid = _railway_parts(m.group(1))
        self._add("railway", name, service, i, m.end(), malformed=not (closed and valid))
        return m.end()

    def _find_close(self, start: int) -> int:
        """Offset of the first ``}`` at or after ``start``, or -1."""
        if self.next_close != -1 and self.next_close < start:
            self.next_close = self.raw.find("}", start)
        return self.next_close

    def _find_colon(self, start: int) -> int:
        if self.next_colon != -1 and self.next_colon < start:
            self.next_colon = self.raw.find(":", start)
        return self.next_colon

    def _braced(self, i: int) -> int:
        """``${NAME}``/``${NAME:-default}`` as python-dotenv's interpolation reads it:
        ``\\$\\{([^}:]*)(?::-([^}]*))?\\}``."""
        raw = self.raw
        close = self._find_close(i + 2)
        colon = self._find_colon(i + 2)
        if close >= 0 and (colon < 0 or close < colon):
            name = raw[i + 2 : close]
            malformed = _VARIABLE_NAME.fullmatch(name) is None
            self._add("braced", name, None, i, close + 1, malformed)
            return close + 1
        if close >= 0 and raw.startswith(":-", colon):
            name = raw[i + 2 : colon]
            default = raw[colon + 2 : close]
            malformed = _VARIABLE_NAME.fullmatch(name) is None or "${" in default
            if self.unescape is not None:
                default = self.unescape(default)
            self._add("braced", name, None, i, close + 1, malformed, default)
            return close + 1
        broken = _BRACED_BROKEN.match(raw, i)
        end = broken.end() if broken is not None else i + 2
        name_match = _BROKEN_NAME.match(raw, i + 2, end)
        name = name_match.group() if name_match is not None else ""
        self._add("braced", name, None, i, end, malformed=True)
        return end


def _escaped(raw: str, i: int) -> bool:
    """True when an odd number of backslashes stands right before ``raw[i]``."""
    start = i
    while start > 0 and raw[start - 1] == "\\":
        start -= 1
    return (i - start) % 2 == 1


def _railway_parts(inner: str) -> tuple[str | None, str, bool]:
    """(service, name, well-formed) of the text between ``${{`` and ``}}``."""
    service: str | None = None
    name = inner.strip()
    if "." in name:
        left, _, name = name.partition(".")
        service = left.strip()
        name = name.strip()
    valid = _IDENTIFIER.fullmatch(name) is not None and service != ""
    return service or None, name, valid
