"""Dotenv files read the way python-dotenv reads them, with the position of everything.

Why our own parser: rules need line and column of every key, value and reference, which
python-dotenv does not keep, and stagelint runs on every commit, where ``import dotenv`` alone
would cost more than parsing. The grammar is python-dotenv's (1.x ``dotenv/parser.py``), so
the values equal ``dotenv_values(path, interpolate=False)`` for any text; the tests check that
against python-dotenv itself.

The grammar, statement after statement ("blank" is whitespace other than a newline, and
whitespace is Unicode whitespace, as ``\\s`` in Python's ``re``):

1. whitespace, blank lines included, is skipped; ``export`` followed by blanks is dropped;
2. ``#`` starts a comment line; otherwise the key is ``'...'`` (any text but ``'``, newlines
   included) or a run of characters other than ``=``, ``#`` and whitespace;
3. blanks; then either nothing (the value is ``None``: a bare ``KEY``) or ``=``, blanks, and
   the value: ``'...'`` (escapes ``\\'`` and ``\\\\`` only), ``"..."`` (escapes ``\\\\ \\' \\"
   \\a \\b \\f \\n \\r \\t \\v``; others stay as written), both may span lines; or the rest of
   the line up to the first ``#`` that follows whitespace, right-stripped (``a=b#c`` keeps
   ``b#c``). A ``#`` right after ``=`` and blanks leaves the value empty;
4. an optional comment (blanks, ``#``, the rest of the line), blanks, the end of the line.

A statement that breaks the grammar is skipped from the character where it broke to the end
of that line (not of the statement: a quote that never closes costs one line); python-dotenv
then reads on. We report each such skip as an ``env-syntax`` problem; a dotenv file never
gets a ``parse-error`` problem here, since every text parses this way (undecodable files are
reported by :mod:`stagelint.model.source`).

Newlines: python-dotenv reads files in text mode, so ``\\r\\n`` and a lone ``\\r`` are ``\\n``
for it, inside quoted values too. We translate the same way before scanning; since each line
break stays one break, line and column numbers are the file's. Columns count code points.

Positions: ``key_location`` is the key (without ``export``, inside the quotes of a quoted
key); ``value_location`` the value as written, quotes included (an empty value: zero width
right after ``=``; no value: zero width right after the key); ``location`` runs from the key
(its opening quote, if quoted) to the end of the value.

References (``${{Neon.DATABASE_URL}}``, ``${VAR}``, ``$PORT``) are recorded in every value,
single-quoted ones included: python-dotenv interpolates single-quoted values too, and Railway
expands its references whatever the quoting. They are found in the raw text between the
quotes, so a location points at what the user wrote, also after escapes (``\\n`` is two
characters there, one in the value) and on later lines of a multi-line value; defaults are
unescaped like their value. ``\\$`` escapes a dollar. See :mod:`stagelint.parsers.references`.

SL005 (``env-syntax``) problems, on bindings python-dotenv reads: spaces around ``=`` (before
it, or after it before a value); an unquoted value holding whitespace (the blanks before an
inline `` # comment`` are fine); a ``#`` inside an unquoted value (``KEY=abc#def``: Node's
dotenv cuts it there); backticks around a value (Node's dotenv strips them, python-dotenv
keeps them); a key not matching ``[A-Za-z_][A-Za-z0-9_.]*``. And every statement python-dotenv
skips, saying why when it can: an unterminated quote, text after a closing quote, ``:``
instead of ``=``, no ``=``, no key. Duplicated keys are not problems here (SL004 reads
``variables``).

Problem messages name the key and what is wrong, never the value: values are secrets.
"""

from __future__ import annotations

import gc
import re
import sys
from collections.abc import Callable
from typing import Literal

from stagelint.model.deployment import Location, Problem, Reference, Value, Variable
from stagelint.model.regex import lazy
from stagelint.model.slotted import field, slotted
from stagelint.model.source import LineIndex, string_end
from stagelint.parsers.references import find_references

__all__ = ["ParsedEnv", "find_references", "parse_dotenv", "unescape_double", "unescape_single"]

Quote = Literal["'", '"']

# Tokens of the grammar, applied one after another at a position (never backtracking
# across tokens, as python-dotenv reads). The text holds only "\n" line breaks by then.
# Every pattern here is compiled on first use: a file of everyday lines needs only
# _EVERYDAY_LINE, and a run that reads no other kind never compiles the rest.
_WHITESPACE = lazy(r"\s*")
_BLANKS = lazy(r"[^\S\n]*")
_EXPORT = lazy(r"export[^\S\n]+")
_QUOTED_KEY = lazy(r"'[^']+'")
_KEY = lazy(r"[^=#\s]+")
_INLINE_COMMENT = lazy(r"\s#")
_TRAILER = lazy(r"[^\S\n]*(#[^\n]*)?")
_LINE_END = lazy(r"[^\S\n]*(?:\n|\Z)")

# The everyday statements in one match each, leading whitespace included: a comment line,
# or ``KEY=value`` with a valid key and a value that is plain (no blanks, ``#`` or quotes)
# or quoted on one line without escapes, then maybe a comment. Safe as a shortcut: no
# backtracking inside it can produce a reading that the token-by-token scan would not, and
# none of these statements has anything to report.
_EVERYDAY = lazy(
    r"""
    \s*
    (?:
        \#([^\n]*)                                                   # 1 comment line
      | (?:export[^\S\n]+)?
        ([A-Za-z_][A-Za-z0-9_.]*)=                                   # 2 key
        (?:
            ([^\s'"\#`][^\s\#]*)(?:[^\S\n]+\#([^\n]*))?             # 3 plain, 4 comment
          | "([^"\\\n]*)"[^\S\n]*(?:\#([^\n]*))?                    # 5 double, 6 comment
          | '([^'\\\n]*)'[^\S\n]*(?:\#([^\n]*))?                    # 7 single, 8 comment
        )?
    )
    [^\S\n]*(?:\n|\Z)
    """,
    re.VERBOSE,
)

# The same statements, one line each, for :func:`_everyday_file`: ``findall`` over the text
# and a last "\n" turns a file of such lines (blank lines included) into one tuple per line, in
# one call. Five groups, as few as it takes (each costs every line a substring): the
# indentation with any ``export``, which places the key; the key; the opening quote, if any
# (``KEY=""`` and ``KEY=`` differ); the value between the quotes, or plain; a comment with its
# ``#`` (``#`` alone is an empty comment), alone on its line or after a value. A comment
# follows whitespace or a closing quote, never a plain value (``KEY=a#b``, ``KEY=#b`` and
# ``KEY=a"#b`` are values, read token by token). Optional parts are written ``(?:...|)``:
# the engine tries an alternative without the bookkeeping of ``?``, and skips it at once when
# it starts with a character that is not there. Refusing a line costs linear time: no run of
# blanks or value characters can be backtracked into by another run of the same characters
# (the tests time the worst lines).
_EVERYDAY_LINE = lazy(
    r"""
    ^([^\S\n]*(?:export[^\S\n]+(?=[A-Za-z_\#])|))                # 1 indentation, export
    (?:
        ([A-Za-z_][A-Za-z0-9_.]*)=                                 # 2 key
        (?:(["'])|)                                                # 3 quote
        (                                                          # 4 value:
            (?(3)                                                  #   quoted, no escapes
                (?:(?<=")[^"\\\n]*|(?<=')[^'\\\n]*)
              | (?:[^\s'"\#`][^\s\#]*(?!\S)|)                         #   plain or none
            )
        )
        (?(3)\3)
        [^\S\n]*
      |
    )
    (\#(?<![^\s"']\#)[^\n]*|)                                      # 5 comment
    \n
    """,
    re.VERBOSE | re.MULTILINE,
)

_LARGE = 256 * 1024
"""Characters from which :func:`parse_dotenv` pauses the garbage collector."""

_VALID_KEY = lazy(r"[A-Za-z_][A-Za-z0-9_.]*")
_INVALID_KEY_CHAR = lazy(r"[^A-Za-z0-9_.]")
_PRESENTABLE_KEY = lazy(r"[\w.\-]{1,32}")
_SPACE = lazy(r"\s")

_DOUBLE_ESCAPE = lazy(r"\\[\\'\"abfnrtv]")
_DOUBLE_ESCAPES = {
    "\\\\": "\\",
    "\\'": "'",
    '\\"': '"',
    "\\a": "\a",
    "\\b": "\b",
    "\\f": "\f",
    "\\n": "\n",
    "\\r": "\r",
    "\\t": "\t",
    "\\v": "\v",
}
_SINGLE_ESCAPE = lazy(r"\\[\\']")


@slotted
class ParsedEnv:
    """What a dotenv text holds.

    ``variables``: every binding in file order, duplicates kept (SL004 reports them).
    ``problems``: ``env-syntax`` problems (SL005), in file order.
    ``comments``: 1-based line -> the text of the comment on that line (full-line
    ``# ...`` or inline ``KEY=value # ...``), without the ``#`` and surrounding blanks,
    e.g. ``stagelint: ignore[SL101]``. Lines python-dotenv skips keep their `` # ...``
    tail too (best effort), so a suppression works there.
    """

    variables: list[Variable] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    comments: dict[int, str] = field(default_factory=dict)

    def __init__(
        self,
        variables: list[Variable] | None = None,
        problems: list[Problem] | None = None,
        comments: dict[int, str] | None = None,
    ) -> None:
        # Written out: every env file makes one, and the constructor that slotted classes
        # share (it reads each field's spec) costs several times as much.
        self.variables = [] if variables is None else variables
        self.problems = [] if problems is None else problems
        self.comments = {} if comments is None else comments


def parse_dotenv(text: str, path: str, values: dict[str, Value] | None = None) -> ParsedEnv:
    """Parse a decoded dotenv text (BOM removed, line breaks as in the file).

    ``path`` goes into every location. Never raises: any text yields a :class:`ParsedEnv`.
    ``values``, shared by the files of a project, gives equal values one :class:`Value`
    (immutable): a monorepo repeats most of its values (``true``, ``production``, shared
    URLs), and at 1,000 services 120,000 bindings hold 33,000 distinct values.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if values is None:
        values = {}
    if len(text) < _LARGE or not gc.isenabled():
        return _parse(text, path, values)
    # A large file creates hundreds of thousands of objects, none of them garbage; the
    # collector's full passes over them would cost a third of the parse. Pause it.
    gc.disable()
    try:
        return _parse(text, path, values)
    finally:
        gc.enable()


def _parse(text: str, path: str, values: dict[str, Value]) -> ParsedEnv:
    parsed = _everyday_file(text, path, values)
    if parsed is None:
        scanner = _Scanner(text, path, values)
        scanner.statements()
        parsed = scanner.result
    return parsed


def unescape_double(raw: str) -> str:
    """The value of a double-quoted dotenv string from the text between its quotes."""
    if "\\" not in raw:
        return raw
    return _DOUBLE_ESCAPE.sub(_double_escape, raw)


def unescape_single(raw: str) -> str:
    """The value of a single-quoted dotenv string from the text between its quotes."""
    if "\\" not in raw:
        return raw
    return _SINGLE_ESCAPE.sub(_single_escape, raw)


def _double_escape(m: re.Match[str]) -> str:
    return _DOUBLE_ESCAPES[m.group()]


def _single_escape(m: re.Match[str]) -> str:
    return m.group()[1]


class _Scanner:
    """One pass over the text; each method reads one statement and returns where the
    next one may start."""

    __slots__ = ("_index", "path", "result", "text", "values")

    def __init__(self, text: str, path: str, values: dict[str, Value]) -> None:
        self.text = text
        self.path = path
        self.values = values
        self.result = ParsedEnv()
        self._index: LineIndex | None = None

    @property
    def index(self) -> LineIndex:
        """Built on first use: files of everyday statements never need it."""
        if self._index is None:
            self._index = LineIndex(self.text, self.path)
        return self._index

    def run(self) -> None:
        """Read every statement: a file of everyday lines in :meth:`everyday_file`, any
        other in :meth:`statements`."""
        if not self.everyday_file():
            self.statements()

    def everyday_file(self) -> bool:
        """Read a file whose every line is blank, a comment or an everyday statement (see
        :func:`_everyday_file`). False, having read nothing, when a line is anything else."""
        parsed = _everyday_file(self.text, self.path, self.values)
        if parsed is None:
            return False
        self.result = parsed
        return True

    def statements(self) -> None:
        """Read every statement: the everyday ones in one match each, counting lines as it
        goes, anything else in :meth:`_statement`."""
        text = self.text
        end = len(text)
        path = self.path
        everyday = _EVERYDAY.match
        count = text.count
        rfind = text.rfind
        append = self.result.variables.append
        comments = self.result.comments
        values = self.values
        variable = _variable_on_line
        intern = sys.intern  # a project repeats its ~40 keys in thousands of files
        pos = 0
        line, line_start = 1, 0  # the line ``pos`` is on, and the offset where it begins
        while pos < end:
            m = everyday(text, pos)
            if m is None:
                pos = _end(_WHITESPACE, text, pos)
                if pos < end:
                    pos = self._statement(pos)
                    line, column = self.index.position(pos)
                    line_start = pos - column + 1
                continue
            comment_line, key, plain, comment, double, comment2, single, comment3 = m.groups()
            start = m.start(1) - 1 if key is None else m.start(2)
            if start > pos:
                skipped = count("\n", pos, start)
                if skipped:
                    line += skipped
                    line_start = rfind("\n", pos, start) + 1
            pos = m.end()
            if key is None:
                comments[line] = comment_line.strip()
            else:
                # written as is: the value's text starts one after "=" (two if quoted)
                raw_start = m.end(2) + 1
                quote: Quote | None = None
                if plain is not None:
                    raw = plain
                elif double is not None:
                    raw, comment, quote = double, comment2, '"'
                    raw_start += 1
                elif single is not None:
                    raw, comment, quote = single, comment3, "'"
                    raw_start += 1
                else:
                    raw = ""
                if comment is not None:
                    comments[line] = comment.strip()
                value = values.get(raw)
                if value is None:
                    value = values[raw] = Value(raw)
                append(
                    variable(
                        intern(key),
                        value,
                        path,
                        line,
                        start + 1 - line_start,
                        find_references(raw, self.span, raw_start) if "$" in raw else (),
                        quote,
                    )
                )
            if text[pos - 1] == "\n":
                line += 1
                line_start = pos

    def span(self, start: int, end: int) -> Location:
        """The location of ``text[start:end]`` (zero-width when ``end == start``)."""
        line, column = self.index.position(start)
        if end <= start:
            return _location(self.path, line, column, line, column)
        if self.text.find("\n", start, end) < 0:
            return _location(self.path, line, column, line, column + end - start)
        end_line, end_column = self.index.position(end)
        return _location(self.path, line, column, end_line, end_column)

    def _statement(self, start: int) -> int:
        """Any statement, token by token; ``start`` is its first non-blank character."""
        text = self.text
        pos = _end(_EXPORT, text, start)
        first = text[pos : pos + 1]
        if first == "#":
            line_end = self._line_end(pos)
            self._comment(pos, line_end)
            return self._next_line(line_end)

        if first == "'":
            key_match = _QUOTED_KEY.match(text, pos)
            if key_match is None:
                return self._skip(start, pos, "unterminated quoted key")
            key_start, key_end = pos + 1, key_match.end() - 1
        else:
            key_match = _KEY.match(text, pos)
            if key_match is None:
                reason = 'no key before "="' if first == "=" else 'no key after "export"'
                return self._skip(start, pos, reason)
            key_start, key_end = key_match.span()
        binding_start, after_key = key_match.span()
        key = text[key_start:key_end]
        shown = _show(key)
        pos = _end(_BLANKS, text, after_key)

        value: str | None = None
        quote: Quote | None = None
        equals = -1
        value_start = value_end = after_key
        raw_start = raw_end = after_key  # the value as written, inside any quotes
        if text.startswith("=", pos):
            equals = pos
            pos = _end(_BLANKS, text, equals + 1)
            first = text[pos : pos + 1]
            if first == "'" or first == '"':
                quote = "'" if first == "'" else '"'
                # python-dotenv's '(?:\\.|[^'\\])*' (and "..."), in constant memory
                closing = string_end(text, pos + 1, quote)
                if closing is None:
                    reason = f"unterminated {quote} quote in the value of {shown}"
                    return self._skip(start, pos, reason, key)
                value_start, value_end = pos, closing
                raw_start, raw_end = value_start + 1, value_end - 1
                raw = text[raw_start:raw_end]
                value = unescape_single(raw) if quote == "'" else unescape_double(raw)
                pos = value_end
            elif first == "" or first == "\n" or (first == "#" and pos > equals + 1):
                value = ""
                value_start = value_end = raw_start = raw_end = equals + 1
            else:
                line_end = self._line_end(pos)
                comment = _INLINE_COMMENT.search(text, pos, line_end)
                if comment is not None:
                    self._comment(comment.end() - 1, line_end)
                    value = text[pos : comment.start()].rstrip()
                else:
                    value = text[pos:line_end].rstrip()
                value_start = raw_start = pos
                value_end = raw_end = pos + len(value)
                pos = line_end

        trailer = _TRAILER.match(text, pos)
        if trailer is not None and trailer.group(1) is not None:
            self._comment(trailer.start(1), trailer.end())
            pos = trailer.end()
        line_end_match = _LINE_END.match(text, pos)
        if line_end_match is None:
            if quote is not None:
                reason = f"text after the closing quote of {shown}"
            elif key.endswith(":") and _VALID_KEY.fullmatch(key[:-1]):
                key = key[:-1]
                reason = f'":" instead of "=" after {key}'
            else:  # the first word of a line without "=" may be anything: not shown
                return self._skip(start, pos, 'no "=" on the line')
            return self._skip(start, pos, reason, key)

        key_location = self.span(key_start, key_end)
        references: tuple[Reference, ...] = ()
        if value is None:
            value_location = self.span(after_key, after_key)
            location = self.span(binding_start, after_key)
        else:
            value_location = self.span(value_start, value_end)
            location = self.span(binding_start, value_end)
            raw = text[raw_start:raw_end]
            if "$" in raw:
                unescape = _UNESCAPE[quote] if quote is not None else None
                references = find_references(raw, self.span, raw_start, unescape)
        self.result.variables.append(
            Variable(
                sys.intern(key),
                None if value is None else self._value(value),
                location,
                key_location,
                value_location,
                references,
                quote,
            )
        )
        self._check(key, key_location, after_key, equals, value_start, value_end, quote)
        return line_end_match.end()

    def _check(
        self,
        key: str,
        key_location: Location,
        after_key: int,
        equals: int,
        value_start: int,
        value_end: int,
        quote: Quote | None,
    ) -> None:
        """The SL005 findings on a binding that python-dotenv reads."""
        problems = self.result.problems
        if equals < 0:
            if _VALID_KEY.fullmatch(key) is None:  # may be a stray value: not shown
                message = (
                    'a line without "=" that is not a valid key: python-dotenv reads it as a '
                    "key without value, other loaders ignore or reject it"
                )
                problems.append(Problem("env-syntax", message, key_location))
            return
        shown = _show(key)
        problem_key = key if shown == key else None
        if _VALID_KEY.fullmatch(key) is None:
            problems.append(
                Problem("env-syntax", _key_message(key, shown), key_location, key=problem_key)
            )
        has_value = value_end > value_start
        space_before = equals > after_key
        space_after = has_value and value_start > equals + 1
        if space_before or space_after:
            start = after_key if space_before else equals
            end = value_start if space_after else equals + 1
            message = f'spaces around "=" in {shown}: most loaders keep or reject them differently'
            problems.append(Problem("env-syntax", message, self.span(start, end), key=problem_key))
        if quote is not None or not has_value:
            return
        if self.text.startswith("`", value_start):
            message = (
                f"backticks around the value of {shown}: python-dotenv keeps them, Node's "
                "dotenv strips them; use double quotes"
            )
            where = self.span(value_start, value_start + 1)
            problems.append(Problem("env-syntax", message, where, key=problem_key))
        if _SPACE.search(self.text, value_start, value_end) is not None:
            message = (
                f"unquoted value of {shown} holds whitespace: loaders cut or keep it "
                "differently; quote the value"
            )
            where = self.span(value_start, value_end)
            problems.append(Problem("env-syntax", message, where, key=problem_key))
        hash_at = self.text.find("#", value_start, value_end)
        if hash_at >= 0:
            message = (
                f'"#" inside the unquoted value of {shown}: some loaders start a comment '
                "there; quote the value"
            )
            where = self.span(hash_at, hash_at + 1)
            problems.append(Problem("env-syntax", message, where, key=problem_key))

    def _skip(self, start: int, at: int, reason: str, key: str | None = None) -> int:
        """python-dotenv gives up on the statement at ``at``: it drops the rest of that
        line and reads on. Report the statement, from ``start`` to where the skip ends."""
        line_end = self._line_end(at)
        location = self.span(start, line_end)
        if location.line == location.end_line:
            consequence = "python-dotenv cannot parse the line and skips it"
            comment = _INLINE_COMMENT.search(self.text, start, line_end)
            if comment is not None:
                self._comment(comment.end() - 1, line_end)
        else:
            consequence = (
                f"python-dotenv cannot parse lines {location.line}-{location.end_line} "
                "and skips them"
            )
        problem_key = key if key is not None and _show(key) == key else None
        self.result.problems.append(
            Problem("env-syntax", f"{reason}: {consequence}", location, key=problem_key)
        )
        return self._next_line(line_end)

    def _value(self, text: str) -> Value:
        value = self.values.get(text)
        if value is None:
            value = self.values[text] = Value(text)
        return value

    def _line_end(self, pos: int) -> int:
        end = self.text.find("\n", pos)
        return len(self.text) if end < 0 else end

    def _next_line(self, line_end: int) -> int:
        return line_end + 1 if line_end < len(self.text) else line_end

    def _comment(self, hash_at: int, end: int) -> None:
        """Record the comment whose ``#`` is at ``hash_at`` and which ends at ``end``."""
        line, _ = self.index.position(hash_at)
        self.result.comments[line] = self.text[hash_at + 1 : end].strip()


_UNESCAPE = {"'": unescape_single, '"': unescape_double}


class _OnLine:
    """Locates offsets of one line (0-based columns) for :func:`find_references`."""

    __slots__ = ("line", "path")

    def __init__(self, path: str, line: int) -> None:
        self.path = path
        self.line = line

    def __call__(self, start: int, end: int) -> Location:
        line = self.line
        return _location(self.path, line, start + 1, line, max(start, end) + 1)


# Building variables fast. Variable is immutable: its ``__init__`` stores each attribute
# through ``object.__setattr__``, and even the slot descriptors' own setters cost a call
# each; building the objects was most of the parse time. A binding written as is is built
# as a _Draft instead, a plain class with Variable's slots (storing each attribute is one
# instruction of the interpreter), which then becomes a Variable by taking its class: Python
# allows that between classes with the same slots over the same base. The object is the one
# ``Variable(...)`` builds, in its compact form. Should Variable's slots ever differ from
# these, the assignment fails once at import and every file is read the general way, with
# Variable's own constructor.


class _Draft:
    """A :class:`Variable` before it has its class (see above)."""

    __slots__ = ("_column", "_line", "_path", "_spans", "key", "quote", "references", "value")

    key: str
    value: Value
    references: tuple[Reference, ...]
    quote: Quote | None
    _path: str
    _line: int
    _column: int
    _spans: None


def _drafts_become_variables() -> bool:
    """True when a :class:`_Draft` can become a :class:`Variable` (same slots, same base)."""
    if hasattr(Variable, "__post_init__"):
        return False
    try:
        _Draft().__class__ = Variable  # type: ignore[assignment]
    except TypeError:
        return False
    return True


_DRAFTS = _drafts_become_variables()


def _variable_on_line(
    key: str,
    value: Value,
    path: str,
    line: int,
    column: int,
    references: tuple[Reference, ...],
    quote: Quote | None,
) -> Variable:
    """A binding written as is on one line from ``column`` (``KEY=value``, ``KEY="value"``
    without escapes), in :class:`Variable`'s compact form: its key and value give the rest
    of its locations."""
    if not _DRAFTS:
        return _variable_through_init(key, value, path, line, column, references, quote)
    var = _Draft()
    var.key = key
    var.value = value
    var.references = references
    var.quote = quote
    var._path = path
    var._line = line
    var._column = column
    var._spans = None
    var.__class__ = Variable  # type: ignore[assignment]
    return var  # type: ignore[return-value]


def _variable_through_init(
    key: str,
    value: Value,
    path: str,
    line: int,
    column: int,
    references: tuple[Reference, ...],
    quote: Quote | None,
) -> Variable:
    key_end = column + len(key)
    end = key_end + 1 + len(value) + (2 if quote else 0)
    return Variable(
        key,
        value,
        Location(path, line, column, line, end),
        Location(path, line, column, line, key_end),
        Location(path, line, key_end + 1, line, end),
        references,
        quote,
    )


def _everyday_file(text: str, path: str, values: dict[str, Value]) -> ParsedEnv | None:
    """Read a text whose every line is blank, a comment or an everyday statement (nearly
    every file): one ``findall`` splits it, and the line number of each statement is its
    place in the list. None when a line is anything else (a match never spans or shares a
    line, so a line that did not match leaves the count short)."""
    if not _DRAFTS:
        return None
    lines = _EVERYDAY_LINE.findall(text + "\n")
    if len(lines) != text.count("\n") + 1:
        return None
    variables: list[Variable] = []
    comments: dict[int, str] = {}
    append: Callable[[object], None] = variables.append  # type: ignore[assignment]
    draft = _Draft
    variable = Variable
    intern = sys.intern  # a project repeats its ~40 keys in thousands of files
    line = 0
    for before, key, quote, raw, comment in lines:
        line += 1
        if comment:
            comments[line] = comment[1:].strip()
        if not key:
            continue
        value = values.get(raw)
        if value is None:
            value = values[raw] = Value(raw)
        var = draft()  # _variable_on_line inlined: no function call per binding here
        var.key = intern(key)
        var.value = value
        if "$" in raw:  # the value starts after the key, "=" and any opening quote
            start = len(before) + len(key) + (2 if quote else 1)
            var.references = find_references(raw, _OnLine(path, line), start)
        else:
            var.references = ()
        var.quote = quote or None
        var._path = path
        var._line = line
        var._column = len(before) + 1
        var._spans = None
        var.__class__ = variable  # type: ignore[assignment]
        append(var)
    return ParsedEnv(variables, [], comments)


_location = Location


def _end(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Where ``pattern`` (one that may match empty) stops matching at ``pos``."""
    m = pattern.match(text, pos)
    return pos if m is None else m.end()


def _show(key: str) -> str:
    """The key as messages name it. A valid key is shown; an invalid one only when it is
    short and word-like (``my-key``, ``1KEY``): a URL or a token pasted on a line of its
    own (``postgres://user:secret@host/db?sslmode=require``) parses as a key too."""
    if _VALID_KEY.fullmatch(key) or _PRESENTABLE_KEY.fullmatch(key):
        return key
    return "this key"


def _key_message(key: str, shown: str) -> str:
    if shown != key:
        return "invalid characters in this key: shells and most loaders reject it"
    if key[:1].isdigit():
        return f"key {key} starts with a digit: shells and most loaders reject it"
    bad = _INVALID_KEY_CHAR.search(key)
    char = bad.group() if bad is not None else key[:1]
    return f'invalid character "{char}" in key {key}: shells and most loaders reject it'
