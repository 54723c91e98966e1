"""A strict JSON reader that remembers where every key and value stands.

``json.loads`` gives values but no positions, and its errors name a character offset in terms a
user cannot act on. This reader returns the same values (RFC 8259 JSON) together with the
1-based line/column span of every key and value, reports duplicate keys (``json.loads`` keeps
the last one silently, and so do Railway and Vercel: rule SL004), and raises
:class:`~stagelint.model.errors.ParseError` at the offending character for anything that is not
JSON.

Decisions:

- Strict like ``JSON.parse``, which Railway and Vercel use: no comments, no trailing commas, no
  single quotes, and no ``NaN``/``Infinity`` (``json.loads`` accepts those three words;
  ``JSON.parse`` does not, so a file using them would fail on the platform).
- Otherwise equal to ``json.loads``: ints stay ints, numbers with a fraction or exponent are
  floats, ``\\uXXXX`` escapes combine surrogate pairs, and a lone surrogate escape is kept as
  a lone surrogate (as ``json.loads`` and ``JSON.parse`` do).
- Iterative, so a 10,000-deep nest costs memory, not a ``RecursionError``. Positions are
  recorded down to :data:`MAX_POSITION_DEPTH` levels; deeper values parse but have no entry
  (no platform config is that deep, and full key paths at depth 10,000 would cost gigabytes).

Two readings, one result. Nearly every file is valid JSON without duplicate keys, laid out
the usual way: the values come from the C scanner behind ``json.loads`` (told to refuse
``NaN`` and ``Infinity``), and the positions from one pass of a pattern over the text
(:func:`_read_valid`). Anything else, or anything that reading is unsure of, is read by
this module's own parser (:class:`_Parser`), which also words the errors and the duplicate
keys. The tests compare both readings on generated documents and layouts.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from functools import cache
from itertools import accumulate
from typing import Any

from stagelint.model.deployment import Location, Problem
from stagelint.model.errors import ParseError
from stagelint.model.regex import lazy
from stagelint.model.slotted import field, slotted
from stagelint.model.source import LineIndex

__all__ = ["MAX_POSITION_DEPTH", "KeyPath", "PositionedDoc", "display_path", "parse_json", "quote"]

MAX_POSITION_DEPTH = 64
"""Key paths longer than this get no position entry (their values are still parsed)."""

KeyPath = tuple[str | int, ...]


@slotted
class PositionedDoc:
    """Parsed data plus the location of every key and value (see ``ConfigFile.positions``)."""

    data: Any
    positions: dict[KeyPath, tuple[Location, Location]]
    """Key path -> (key location, value location); for list items both are the value's."""
    problems: list[Problem] = field(default_factory=list)
    """``duplicate-key`` problems (JSON); TOML forbids duplicates, so its list stays empty."""
    comments: dict[int, str] = field(default_factory=dict)
    """Comment text (after ``#``, stripped) per 1-based line; JSON has no comments."""

    def __init__(
        self,
        data: Any,
        positions: dict[KeyPath, tuple[Location, Location]],
        problems: list[Problem] | None = None,
        comments: dict[int, str] | None = None,
    ) -> None:
        # Written out: every parsed file makes one, and the constructor that slotted
        # classes share (it reads each field's spec) costs ten times as much.
        self.data = data
        self.positions = positions
        self.problems = [] if problems is None else problems
        self.comments = {} if comments is None else comments


_BARE_KEY = lazy(r"[A-Za-z0-9_$-]+")


def display_path(path: KeyPath) -> str:
    """``deploy.startCommand``, ``headers[0].source``, ``functions["api/x.js"]``: a key path
    as users read it. Keys only, never values."""
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _BARE_KEY.fullmatch(part):
            out.append(f".{part}" if out else part)
        else:
            out.append(f"[{quote(part)}]")
    return "".join(out)


def quote(text: str) -> str:
    """A double-quoted rendering of a key (JSON-style escapes for quotes and controls)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    if any(ord(ch) < 0x20 for ch in escaped):
        escaped = "".join(ch if ord(ch) >= 0x20 else f"\\u{ord(ch):04x}" for ch in escaped)
    return f'"{escaped}"'


_WS = re.compile(r"[ \t\n\r]*")
_SIMPLE_STRING = lazy(r'"([^"\\\x00-\x1f]*)"')
_AFTER = lazy(r"[ \t\n\r]*(?:(,)[ \t\n\r]*)?")
_KEY = lazy(r'"([^"\\\x00-\x1f]*)"[ \t\n\r]*:[ \t\n\r]*')
_STRING_CHUNK = lazy(r'([^"\\\x00-\x1f]*)(["\\\x00-\x1f])')
_NUMBER = lazy(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_HEX4 = lazy(r"[0-9a-fA-F]{4}")
_WORD = lazy(r"[A-Za-z_$][A-Za-z0-9_$]*")
_ESCAPES = {
    '"': '"',
    "\\": "\\",
    "/": "/",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
}
# A pattern ending in "*" always matches; this alias tells the type checker so.
_ws: Callable[[str, int], re.Match[str]] = _WS.match  # type: ignore[assignment]
_LITERALS: dict[str, Any] = {"true": True, "false": False, "null": None}
_IDENT_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")


class _Frame:
    """An open object or array on the parser's explicit stack."""

    __slots__ = ("container", "is_object", "key", "key_loc", "path", "start")

    def __init__(self, container: Any, is_object: bool, path: KeyPath | None, start: int):
        self.container = container
        self.is_object = is_object
        self.path = path
        self.start = start
        self.key: str = ""
        self.key_loc: Location | None = None


def parse_json(text: str, path: str) -> PositionedDoc:
    """Parse ``text`` (the content of ``path``) as strict JSON, with positions.

    Raises :class:`ParseError` at the first character that makes the text invalid JSON.
    """
    doc = _read_valid(text, path)
    return doc if doc is not None else _Parser(text, path).parse()


class _StrictDecoder:
    """What json's C scanner reads off a decoder: JSON.parse's values, and an error for
    ``NaN``, ``Infinity`` and ``-Infinity`` (json.loads takes them; JSON.parse does not)."""

    strict = True  # no raw control characters in strings
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int

    @staticmethod
    def parse_constant(name: str) -> Any:
        raise ValueError(name)


@cache
def _scanner() -> Callable[[str, int], tuple[Any, int]]:
    """json.loads's C scanner, made on first use (importing it costs more than reading a
    small file: a run that reads no JSON, or one TOML file, does without)."""
    import _json

    return _json.make_scanner(_StrictDecoder)  # type: ignore[arg-type]


# One match per value, with its key if it is an object member, or per closing bracket:
# 1 what comes before it (blanks, line breaks, a comma); 2 the key, 3 blanks, a colon and
# blanks; 4 the value's text (a string, a number or literal, or an opening bracket) or a
# closing bracket. Keys, values and brackets never hold a line break (the scanner refuses
# raw control characters in strings), so every line break is in group 1; a colon on another
# line than its key is not matched, and the reading gives up (see :func:`_read_valid`).
_MEMBER = lazy(
    r"""
    ([\ \t\n\r,]*)
    (?:("[^"\\]*"|"(?:[^"\\]|\\.)*")([\ \t]*:[\ \t]*)|)
    ("[^"\\]*"|"(?:[^"\\]|\\.)*"|[^\ \t\n\r,:\[\]{}"]+|[\[\]{}])
    """,
    re.VERBOSE,
)
_new_tuple = tuple.__new__  # Location(...) without its Python-level __new__
_plus_one = (1).__add__


def _read_valid(text: str, path: str) -> PositionedDoc | None:
    """The document, when ``text`` is valid JSON without duplicate keys nor nesting
    deeper than :data:`MAX_POSITION_DEPTH`, and laid out with each colon on its key's line;
    else None, having decided nothing (the parser reads it and words what is wrong).

    Values come from the C scanner. Positions: one match of :data:`_MEMBER` per value or
    closing bracket, in order, the offset advanced by the length of each group; the line
    advances when the offset passes the start of the next line. A container's position is
    recorded when it closes, after its members', as the parser records it. The matches
    must cover the text from the start to the end of the value: a character they skip
    means a layout this reading does not know, and a duplicate key means a path recorded
    twice; either way, None.
    """
    ws = _ws
    try:
        data, end = _scanner()(text, ws(text, 0).end())
    except (StopIteration, ValueError, RecursionError, SystemError):
        # not JSON, or too deep for C. SystemError: on Python 3.10 and 3.11 the scanner
        # words its errors with json.decoder's exception class, and returns none at all
        # (an interpreter error) when json.decoder is not imported: stagelint's runs do
        # not import it.
        return None
    if ws(text, end).end() != len(text):
        return None
    if "\r" in text:
        starts = LineIndex(text, path)._starts
        starts.append(len(text) + 1)
    else:  # the offset of each line's start, and one past the text's end
        starts = list(accumulate(map(_plus_one, map(len, text.split("\n"))), initial=0))
    positions: dict[KeyPath, tuple[Location, Location]] = {}
    location = Location
    new = _new_tuple
    open_: list[_Open] = []
    top: _Open | None = None  # the innermost open container
    recorded = 0
    offset = 0
    line = 1
    line_start = 0
    next_line = starts[1]
    for before, key, colon, token in _MEMBER.findall(text):
        offset += len(before)
        while offset >= next_line:
            line_start = next_line
            line += 1
            next_line = starts[line]
        column = offset - line_start + 1
        length = len(token)
        vpath: KeyPath
        key_loc: Location | None
        if key:
            assert top is not None
            key_length = len(key)
            key_loc = new(location, (path, line, column, line, column + key_length))
            name = key[1:-1]
            if "\\" in name:
                from _json import scanstring

                name = scanstring(key, 1)[0]
            vpath = top.path + (name,)  # noqa: RUF005 (faster than unpacking)
            column += key_length + len(colon)
            offset += key_length + len(colon) + length
        else:
            offset += length
            if length == 1 and (token == "}" or token == "]"):
                assert top is not None
                where = new(location, (path, top.line, top.column, line, column + 1))
                positions[top.path] = (top.key_loc or where, where)
                recorded += 1
                open_.pop()
                top = open_[-1] if open_ else None
                continue
            key_loc = None
            if top is None:
                vpath = ()
            else:
                vpath = top.path + (top.items,)  # noqa: RUF005
                top.items += 1
        if length == 1 and (token == "{" or token == "["):
            if len(vpath) >= MAX_POSITION_DEPTH:
                return None
            top = _Open(vpath, line, column, key_loc)
            open_.append(top)
            continue
        where = new(location, (path, line, column, line, column + length))
        positions[vpath] = (key_loc or where, where)
        recorded += 1
    if offset != end or recorded != len(positions):
        return None
    return PositionedDoc(data, positions)


class _Open:
    """A container :func:`_read_valid` is in: its path, where it opens, its key's location
    if it is an object member, and how many items it has had (arrays)."""

    __slots__ = ("column", "items", "key_loc", "line", "path")

    def __init__(self, path: KeyPath, line: int, column: int, key_loc: Location | None):
        self.path = path
        self.line = line
        self.column = column
        self.key_loc = key_loc
        self.items = 0


class _Parser:
    __slots__ = ("index", "n", "path", "positions", "problems", "prune", "text")

    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.n = len(text)
        self.index = LineIndex(text, path)
        self.positions: dict[KeyPath, tuple[Location, Location]] = {}
        self.problems: list[Problem] = []
        self.prune = False

    # -- errors -------------------------------------------------------------------------

    def error(self, message: str, offset: int) -> ParseError:
        line, column = self.index.position(min(offset, self.n))
        return ParseError(message, line, column)

    def unexpected(self, offset: int, expected: str) -> ParseError:
        """The error for a character that cannot stand where ``expected`` was due."""
        text = self.text
        if offset >= self.n:
            return self.error(f"unexpected end of file: expected {expected}", offset)
        ch = text[offset]
        if ch == "/" and text.startswith(("//", "/*"), offset):
            return self.error("comments are not allowed in JSON", offset)
        if ch == "'":
            return self.error("strings must be in double quotes, not single quotes", offset)
        if ch == "-" and text.startswith("-Infinity", offset):
            return self.error("Infinity is not valid JSON", offset)
        word = _WORD.match(text, offset)
        if word is not None:
            name = word.group()
            if name in ("NaN", "Infinity"):
                return self.error(f"{name} is not valid JSON", offset)
            if name.lower() in _LITERALS:
                return self.error(
                    "invalid literal: JSON literals are lowercase true, false and null", offset
                )
            if any(literal.startswith(name) for literal in _LITERALS):
                return self.error("invalid literal", offset)
            if expected.startswith("a quoted key"):
                return self.error("object keys must be in double quotes", offset)
            if expected.startswith("a value"):
                return self.error("unexpected text: strings must be in double quotes", offset)
            return self.error(f"unexpected text: expected {expected}", offset)
        if ch.isprintable() and not ch.isspace():
            return self.error(f"unexpected character '{ch}': expected {expected}", offset)
        return self.error(f"unexpected character U+{ord(ch):04X}: expected {expected}", offset)

    # -- scalars ------------------------------------------------------------------------

    def string(self, start: int) -> tuple[str, int]:
        """The string whose opening quote is at ``start`` (slow path: escapes or errors)."""
        text = self.text
        n = self.n
        chunks: list[str] = []
        append = chunks.append
        j = start + 1
        while True:
            m = _STRING_CHUNK.match(text, j)
            if m is None:
                raise self.error(self._unterminated(start), n)
            content, term = m.groups()
            if content:
                append(content)
            j = m.end()
            if term == '"':
                return "".join(chunks), j
            if term == "\\":
                if j >= n:
                    raise self.error(self._unterminated(start), n)
                esc = text[j]
                if esc == "u":
                    code, j = self._unicode_escape(j - 1)
                    append(chr(code))
                    continue
                char = _ESCAPES.get(esc)
                if char is None:
                    if esc in "\n\r":
                        raise self.error(self._unterminated(start), j)
                    shown = esc if esc.isprintable() else f"U+{ord(esc):04X}"
                    raise self.error(f"invalid escape '\\{shown}' in string", j - 1)
                append(char)
                j += 1
                continue
            # a control character
            if term in "\n\r":
                raise self.error(self._unterminated(start), j - 1)
            raise self.error(
                f"control character U+{ord(term):04X} in string: write it as an escape", j - 1
            )

    def _unterminated(self, start: int) -> str:
        line, column = self.index.position(start)
        return f"unterminated string (opened at line {line}, column {column})"

    def _unicode_escape(self, backslash: int) -> tuple[int, int]:
        """Decode ``\\uXXXX`` at ``backslash`` (with a following low surrogate, if any)."""
        text = self.text
        hex_start = backslash + 2
        if _HEX4.match(text, hex_start) is None:
            raise self.error("invalid \\u escape: expected 4 hex digits", backslash)
        code = int(text[hex_start : hex_start + 4], 16)
        end = hex_start + 4
        if 0xD800 <= code <= 0xDBFF and text.startswith("\\u", end):
            low_start = end + 2
            if _HEX4.match(text, low_start) is not None:
                low = int(text[low_start : low_start + 4], 16)
                if 0xDC00 <= low <= 0xDFFF:
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    end = low_start + 4
        return code, end

    def number(self, start: int) -> tuple[int | float, int]:
        text = self.text
        m = _NUMBER.match(text, start)
        if m is None:
            if text.startswith("-Infinity", start):
                raise self.error("Infinity is not valid JSON", start)
            raise self.error("invalid number", start)
        end = m.end()
        if end < self.n:
            nxt = text[end]
            if nxt in _IDENT_CHARS or nxt == ".":
                # The pattern takes every digit it can, so a digit here follows a leading 0.
                if "0" <= nxt <= "9":
                    raise self.error("leading zeros are not allowed in numbers", start)
                raise self.error("invalid number", start)
        frac, exp = m.groups()
        if frac is None and exp is None:
            try:
                return int(m.group()), end
            except ValueError:  # over the int-from-string digit limit
                raise self.error("number has too many digits", start) from None
        return float(m.group()), end

    # -- the main loop ------------------------------------------------------------------

    def parse(self) -> PositionedDoc:
        text = self.text
        n = self.n
        ws = _ws
        after: Callable[[str, int], re.Match[str]] = _AFTER.match  # type: ignore[assignment]
        simple_string = _SIMPLE_STRING.match
        loc = self.index.location
        starts = self.index._starts  # same line table as the index, read directly for speed
        fpath = self.path
        positions = self.positions
        stack: list[_Frame] = []
        depth_cap = MAX_POSITION_DEPTH
        value: Any
        vpath: KeyPath | None
        i = ws(text, 0).end()
        while True:
            # ---- a value starts at i; its key path is decided by the innermost frame ----
            if stack:
                parent = stack[-1]
                ppath = parent.path
                if ppath is None or len(ppath) >= depth_cap:
                    vpath = None
                elif parent.is_object:
                    vpath = ppath + (parent.key,)  # noqa: RUF005 (faster than unpacking)
                else:
                    vpath = ppath + (len(parent.container),)  # noqa: RUF005
            else:
                vpath = ()
            if i >= n:
                raise self.unexpected(i, "a value")
            c = text[i]
            start = i
            multiline = False
            if c == '"':
                m = simple_string(text, i)
                if m is not None:
                    value = m.group(1)
                    end = m.end()
                else:
                    value, end = self.string(i)
            elif c == "{":
                j = ws(text, i + 1).end()
                if j < n and text[j] == "}":
                    value = {}
                    end = j + 1
                    multiline = True
                else:
                    frame = _Frame({}, True, vpath, i)
                    stack.append(frame)
                    i = self.key(frame, j, -1)
                    continue
            elif c == "[":
                j = ws(text, i + 1).end()
                if j < n and text[j] == "]":
                    value = []
                    end = j + 1
                    multiline = True
                else:
                    stack.append(_Frame([], False, vpath, i))
                    i = j
                    continue
            elif c in "-0123456789":
                value, end = self.number(i)
            elif c in "tfn":
                for word, literal in _LITERALS.items():
                    if text.startswith(word, i):
                        end = i + len(word)
                        if end < n and text[end] in _IDENT_CHARS:
                            raise self.error("invalid literal", i)
                        value = literal
                        break
                else:
                    raise self.unexpected(i, "a value")
            else:
                raise self.unexpected(i, "a value")

            # ---- the value [start, end) is complete: attach it, closing containers ----
            while True:
                if vpath is not None:
                    if multiline:
                        vloc = loc(start, end)
                    else:  # scalars never span lines: one bisect instead of two
                        line = bisect_right(starts, start)
                        col = start - starts[line - 1] + 1
                        vloc = Location(fpath, line, col, line, col + end - start)
                    if stack and stack[-1].is_object:
                        key_loc = stack[-1].key_loc
                        assert key_loc is not None
                        positions[vpath] = (key_loc, vloc)
                    else:
                        positions[vpath] = (vloc, vloc)
                if not stack:
                    j = ws(text, end).end()
                    if j < n:
                        raise self.error("unexpected content after the JSON value", j)
                    if self.prune:
                        self._prune(value)
                    return PositionedDoc(value, positions, self.problems)
                frame = stack[-1]
                m = after(text, end)  # blanks, then maybe a comma and the blanks after it
                if m.group(1) is not None:
                    j = m.start(1)
                    c = ","
                else:
                    j = m.end()
                    c = text[j] if j < n else ""
                if frame.is_object:
                    frame.container[frame.key] = value
                    if c == ",":
                        i = self.key(frame, m.end(), j)
                        break
                    if c == "}":
                        stack.pop()
                        value = frame.container
                        vpath = frame.path
                        start = frame.start
                        end = j + 1
                        multiline = True
                        continue
                    raise self.unexpected(j, "',' or '}' after an object member")
                frame.container.append(value)
                if c == ",":
                    i = m.end()
                    if i < n and text[i] == "]":
                        raise self.error("trailing comma before ']'", j)
                    break
                if c == "]":
                    stack.pop()
                    value = frame.container
                    vpath = frame.path
                    start = frame.start
                    end = j + 1
                    multiline = True
                    continue
                raise self.unexpected(j, "',' or ']' after an array item")

    def key(self, frame: _Frame, i: int, comma: int) -> int:
        """Read ``"key" :`` at ``i`` into ``frame``; return where the member's value starts.

        ``comma`` is the offset of the comma before the key (-1 for the first member)."""
        text = self.text
        m = _KEY.match(text, i)
        if m is not None:  # the common case: a plain key, the colon, the blanks after it
            key = m.group(1)
            end = m.end(1) + 1
            value_start = m.end()
        else:
            if i >= self.n or text[i] != '"':
                if comma >= 0 and i < self.n and text[i] == "}":
                    raise self.error("trailing comma before '}'", comma)
                raise self.unexpected(i, "a quoted key")
            key, end = self.string(i)
            j = _ws(text, end).end()
            if j >= self.n or text[j] != ":":
                raise self.unexpected(j, "':' after the object key")
            value_start = _ws(text, j + 1).end()
        if frame.path is not None:
            starts = self.index._starts
            line = bisect_right(starts, i)
            col = i - starts[line - 1] + 1
            frame.key_loc = Location(self.path, line, col, line, col + end - i)  # one line
        if key in frame.container:
            self._duplicate(frame, key, i, end)
        frame.key = key
        return value_start

    def _duplicate(self, frame: _Frame, key: str, start: int, end: int) -> None:
        """SL004: the later member wins in JSON.parse; report it, relate the first one."""
        key_loc = self.index.location(start, end)
        where = display_path(frame.path) if frame.path else ""
        related: tuple[tuple[Location, str], ...] = ()
        if frame.path is not None and len(frame.path) < MAX_POSITION_DEPTH:
            earlier = self.positions.get((*frame.path, key))
            if earlier is not None:
                related = ((earlier[0], f"{quote(key)} is first defined here"),)
            if isinstance(frame.container[key], (dict, list)):
                self.prune = True
        message = f"duplicate key {quote(key)}" + (f" in {where}" if where else "")
        message += "; the later value silently replaces the earlier one"
        self.problems.append(Problem("duplicate-key", message, key_loc, related))

    def _prune(self, data: Any) -> None:
        """Drop position entries left behind by values a duplicate key replaced."""
        stale = [p for p in self.positions if not _exists(data, p)]
        for p in stale:
            del self.positions[p]


def _exists(data: Any, path: KeyPath) -> bool:
    node = data
    for part in path:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return False
        elif not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True
