"""TOML with positions: values from the standard library, positions from a small lexer.

``tomllib`` is the reference for what a TOML document means, and it validates everything
(duplicate keys included: TOML forbids them). It gives no positions, so after it succeeds a
lexer walks the same text and records where each key and value stands: comments, the four
string forms, table headers, arrays of tables (with their index), dotted and quoted keys, inline
tables and arrays. Because ``tomllib`` has already accepted the text, the lexer only ever sees
valid TOML; it never decides what is valid.

Positions follow the same conventions as :mod:`stagelint.parsers.jsonpos`: key path ->
``(key location, value location)``. For a table opened by a header, the key location is the
last key of the header and the value location the whole ``[header]``; for ``[[name]]`` the
array itself and each of its tables are recorded (``("services",)`` and ``("services", 0)``).
Tables created implicitly (``[a.b]`` creates ``a``; ``a.b = 1`` creates ``a``) point at their
first mention unless a header defines them explicitly later.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable
from typing import Any

from stagelint.model.deployment import Location
from stagelint.model.errors import ParseError
from stagelint.model.regex import lazy
from stagelint.model.source import LineIndex, string_end
from stagelint.parsers.jsonpos import KeyPath, PositionedDoc

__all__ = ["parse_toml"]

_ERROR_POSITION = lazy(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_ERROR_AT_END = lazy(r"\s*\(at end of document\)\s*$")


def parse_toml(text: str, path: str) -> PositionedDoc:
    """Parse ``text`` (the content of ``path``) as TOML, with positions and comments.

    Raises :class:`ParseError` at the line and column ``tomllib`` reports.
    """
    tomllib = _tomllib()
    index = LineIndex(text, path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _parse_error(str(exc), text, index) from None
    except RecursionError:  # tomllib recurses into arrays and inline tables
        line, column = index.position(_too_deep(text))
        raise ParseError(
            f"arrays and inline tables nested more than {MAX_NESTING} levels deep", line, column
        ) from None
    except ValueError:  # int() refuses 4,301 digits and more: tomllib lets it through
        line, column = index.position(huge_integer(text))
        raise ParseError(HUGE_INTEGER, line, column) from None
    lexer = _Lexer(text, index)
    whole = index.location(0, len(text))
    lexer.positions[()] = (whole, whole)
    # tomllib accepted the text, so the data is right; should the lexer fail to follow some
    # TOML construct (a bug), that costs positions (findings fall back to line 1), not the run.
    with contextlib.suppress(AssertionError, AttributeError, IndexError):
        lexer.run()
    return PositionedDoc(data, lexer.positions, [], lexer.comments)


MAX_NESTING = 100
"""Nesting reported when ``tomllib`` runs out of stack (which happens at about 300 levels)."""
_SKIP = lazy(
    r'"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'  # multi-line basic string
    r"|'''.*?'''"  # multi-line literal string
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'  # basic string
    r"|'[^'\n]*'"  # literal string
    r"|#[^\n]*",  # comment
    re.DOTALL,
)


def _too_deep(text: str) -> int:
    """Offset of the first bracket or brace nested deeper than :data:`MAX_NESTING` (strings
    and comments skipped), else the end of the text."""
    depth = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in "\"'#":
            skipped = _SKIP.match(text, i)
            if skipped is None:  # an unterminated string: nothing deeper after it
                return n
            i = skipped.end()
            continue
        if ch in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return i
        elif ch in "]}":
            depth -= 1
        i += 1
    return n


HUGE_INTEGER = "integer too large: TOML integers are 64-bit (at most 19 digits)"
_DIGITS = lazy(r"[0-9_]{4300,}")


def huge_integer(text: str) -> int:
    """Offset of the first run of 4,300 digits or more outside strings and comments (what
    makes ``tomllib`` raise ``ValueError``), else the end of the text."""
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in "\"'#":
            skipped = _SKIP.match(text, i)
            if skipped is None:
                return n
            i = skipped.end()
            continue
        if "0" <= ch <= "9":
            run = _DIGITS.match(text, i)
            if run is not None:
                return i
            while i < n and ("0" <= text[i] <= "9" or text[i] == "_"):
                i += 1
            continue
        i += 1
    return n


def _tomllib() -> Any:
    """The standard library's TOML reader (``tomli`` on Python 3.10), imported on first use."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    return tomllib


def _parse_error(message: str, text: str, index: LineIndex) -> ParseError:
    """Turn ``tomllib``'s "msg (at line L, column C)" into a positioned ParseError."""
    found = _ERROR_POSITION.search(message)
    if found is not None:
        # tomllib counts lines by "\n" only; a lone "\r" ends a line here (LineIndex)
        line_start = 0
        for _ in range(int(found.group(1)) - 1):
            line_start = text.index("\n", line_start) + 1
        line, column = index.position(line_start + int(found.group(2)) - 1)
        message = message[: found.start()]
    else:
        line, column = index.position(len(text))
        at_end = _ERROR_AT_END.search(message)
        if at_end is not None:
            message = message[: at_end.start()]
    message = message.strip() or "invalid TOML"
    return ParseError(message[0].lower() + message[1:], line, column)


# -- the lexer -------------------------------------------------------------------------------

_BLANK = lazy(r"[ \t]*")
_BARE_KEY = lazy(r"[A-Za-z0-9_-]+")
_LITERAL = lazy(r"'[^'\n]*'")
_ML_LITERAL = lazy(r"'''.*?'''", re.DOTALL)
_DATETIME = lazy(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?")
_SCALAR = lazy(r"[A-Za-z0-9_+\-.:]+")
_COMMENT = lazy(r"#([^\n]*)")
_blank: Callable[[str, int], re.Match[str]] = _BLANK.match  # type: ignore[assignment]


class _Lexer:
    """Walks valid TOML and records key/value spans; see the module docstring."""

    def __init__(self, text: str, index: LineIndex) -> None:
        self.text = text
        self.index = index
        self.positions: dict[KeyPath, tuple[Location, Location]] = {}
        self.comments: dict[int, str] = {}
        self.aot_counts: dict[KeyPath, int] = {}

    def loc(self, start: int, end: int) -> Location:
        return self.index.location(start, end)

    def explicit(self, path: KeyPath, where: tuple[Location, Location]) -> None:
        self.positions[path] = where

    def implicit(self, path: KeyPath, where: tuple[Location, Location]) -> None:
        if path not in self.positions:
            self.positions[path] = where

    def comment(self, start: int) -> int:
        """Record the comment at ``start`` (a ``#``); return the offset of its line end."""
        m = _COMMENT.match(self.text, start)
        assert m is not None
        line, _ = self.index.position(start)
        self.comments[line] = m.group(1).rstrip("\r").strip()
        return m.end()

    def run(self) -> None:
        text = self.text
        n = len(text)
        table: KeyPath = ()
        i = 0
        while i < n:
            i = _blank(text, i).end()
            if i >= n:
                break
            c = text[i]
            if c in "\r\n":
                i += 1
            elif c == "#":
                i = self.comment(i)
            elif c == "[":
                table, i = self.header(i)
            else:
                i = self.key_value(i, table)

    # -- keys ---------------------------------------------------------------------------

    def keys(self, i: int) -> tuple[list[tuple[str, int, int]], int]:
        """A dotted key at ``i``: its parts as (key, start, end), and the offset after it."""
        text = self.text
        parts: list[tuple[str, int, int]] = []
        while True:
            i = _blank(text, i).end()
            c = text[i]
            if c == '"':
                end = string_end(text, i + 1, '"')  # basic strings: see string_end
                assert end is not None
                parts.append((_decode_basic(text[i:end]), i, end))
            elif c == "'":
                m = _LITERAL.match(text, i)
                assert m is not None
                end = m.end()
                parts.append((m.group()[1:-1], i, end))
            else:
                m = _BARE_KEY.match(text, i)
                assert m is not None
                end = m.end()
                parts.append((m.group(), i, end))
            i = _blank(text, end).end()
            if i < len(text) and text[i] == ".":
                i += 1
                continue
            return parts, i

    def header(self, start: int) -> tuple[KeyPath, int]:
        """``[a.b]`` or ``[[a.b]]`` at ``start``: the table path it opens, and where it ends."""
        text = self.text
        is_array = text.startswith("[[", start)
        parts, i = self.keys(start + (2 if is_array else 1))
        end = i + (2 if is_array else 1)  # past "]" or "]]"
        header_loc = self.loc(start, end)
        resolved: list[str | int] = []
        last = len(parts) - 1
        for n, (key, kstart, kend) in enumerate(parts):
            resolved.append(key)
            here = tuple(resolved)
            where = (self.loc(kstart, kend), header_loc)
            if n == last and is_array:
                count = self.aot_counts.get(here, 0)
                self.aot_counts[here] = count + 1
                self.implicit(here, where)
                resolved.append(count)
                self.explicit((*here, count), where)
            elif n == last:
                self.explicit(here, where)
            else:
                self.implicit(here, where)
                elements = self.aot_counts.get(here)
                if elements is not None:  # a table inside the latest [[array]] element
                    resolved.append(elements - 1)
        return tuple(resolved), end

    def key_value(self, start: int, table: KeyPath) -> int:
        """``a.b = value`` at ``start`` inside ``table``; returns the offset after the value."""
        parts, i = self.keys(start)
        # i is at "="
        i = _blank(self.text, i + 1).end()
        return self.assign(table, parts, i)

    def assign(self, base: KeyPath, parts: list[tuple[str, int, int]], vstart: int) -> int:
        """Record dotted ``parts`` under ``base`` with the value at ``vstart``; return its end.

        Each leading part of ``a.b.c = 1`` names a table created on the way: its key is that
        part, its value the rest of the statement."""
        path = (*base, *(key for key, _, _ in parts))
        _, kstart, kend = parts[-1]
        end = self.value(vstart, path, self.loc(kstart, kend))
        for n in range(len(parts) - 1):
            _, kstart, kend = parts[n]
            where = (self.loc(kstart, kend), self.loc(kstart, end))
            self.implicit(path[: len(base) + n + 1], where)
        return end

    # -- values -------------------------------------------------------------------------

    def value(self, i: int, path: KeyPath, key_loc: Location | None) -> int:
        """Record the value at ``i`` (and everything inside it) at ``path``; return its end."""
        text = self.text
        c = text[i]
        if c == "[":
            end = self.array(i, path)
        elif c == "{":
            end = self.inline_table(i, path)
        elif c == '"':
            if text.startswith('"""', i):
                closing = string_end(text, i + 3, '"""')
                assert closing is not None
                end = _extend_quotes(text, closing, '"')
            else:
                closing = string_end(text, i + 1, '"')
                assert closing is not None
                end = closing
        elif c == "'":
            if text.startswith("'''", i):
                m = _ML_LITERAL.match(text, i)
                assert m is not None
                end = _extend_quotes(text, m.end(), "'")
            else:
                m = _LITERAL.match(text, i)
                assert m is not None
                end = m.end()
        else:
            m = _DATETIME.match(text, i) or _SCALAR.match(text, i)
            assert m is not None
            end = m.end()
        vloc = self.loc(i, end)
        self.explicit(path, (key_loc or vloc, vloc))
        return end

    def array(self, start: int, path: KeyPath) -> int:
        text = self.text
        i = self.blank(start + 1)
        index = 0
        while text[i] != "]":
            i = self.value(i, (*path, index), None)
            i = self.blank(i)
            if text[i] == ",":
                i = self.blank(i + 1)
            index += 1
        return i + 1

    def inline_table(self, start: int, path: KeyPath) -> int:
        text = self.text
        i = self.blank(start + 1)
        while text[i] != "}":
            parts, i = self.keys(i)
            i = self.blank(i + 1)  # past "="
            i = self.assign(path, parts, i)
            i = self.blank(i)
            if text[i] == ",":
                i = self.blank(i + 1)
        return i + 1

    def blank(self, i: int) -> int:
        """Skip blanks, newlines and comments inside an array or inline table."""
        text = self.text
        n = len(text)
        while i < n:
            c = text[i]
            if c in " \t\r\n":
                i += 1
            elif c == "#":
                i = self.comment(i)
            else:
                break
        return i


def _extend_quotes(text: str, end: int, quote: str) -> int:
    """A multi-line string may end with up to two quotes of content before its delimiter."""
    for _ in range(2):
        if end < len(text) and text[end] == quote:
            end += 1
    return end


def _decode_basic(raw: str) -> str:
    """The key a quoted basic key names (escapes decoded the way tomllib decodes them)."""
    if "\\" not in raw:
        return raw[1:-1]
    decoded: Any = _tomllib().loads(f"k = {raw}")["k"]
    return str(decoded)
