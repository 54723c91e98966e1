"""TypeScript and JavaScript files as tree-sitter parse trees: what every TS reader shares.

Config files written in TypeScript (``.railway/railway.ts``, ``vercel.ts``, ``sanity.config.ts``)
are programs; stagelint parses them and never runs them. This module holds the plumbing: the
grammar (TypeScript for ``.ts``/``.mts``/``.cts``/``.js``/``.mjs``/``.cjs``, TSX for ``.tsx``/
``.jsx``, and a TSX retry for plain JavaScript holding JSX), byte offsets turned into
:class:`~stagelint.model.deployment.Location` (code-point columns, universal newlines, like every
other
parser), string literals decoded as JavaScript decodes them, the first syntax error as a
``parse-error`` problem that never quotes the file, and comments per line (for inline
suppressions). :mod:`stagelint.parsers.tseval` evaluates expressions on top of it.

tree-sitter is imported on the first parse only: a project without TypeScript files never pays
for it (a test checks it in a fresh interpreter).
"""

from __future__ import annotations

import os
from bisect import bisect_left
from typing import TYPE_CHECKING, Any, Literal

from stagelint.model.deployment import Location, Problem
from stagelint.model.errors import ParseError
from stagelint.model.regex import lazy
from stagelint.model.source import LineIndex, SourceText
from stagelint.model.tuples import NamedTuple

if TYPE_CHECKING:
    from tree_sitter import Node, Parser

__all__ = [
    "Dialect",
    "ParsedFile",
    "Positions",
    "collect_comments",
    "describe",
    "parse",
    "string_value",
    "unwrap",
]

Dialect = Literal["typescript", "tsx"]

_PARSERS: dict[str, Parser] = {}
"""One parser per grammar, created on first use (loading a grammar costs little, importing
tree-sitter does)."""

WRAPPERS = frozenset(
    {
        "parenthesized_expression",
        "as_expression",
        "satisfies_expression",
        "non_null_expression",
        "type_assertion",
    }
)
"""Expressions that do not change a value: ``(x)``, ``x as T``, ``x satisfies T``, ``x!``,
``<T>x``."""

_NON_ASCII = lazy(r"[^\x00-\x7f]")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_LINE_CONTINUATIONS = ("\r\n", "\n", "\r", "\u2028", "\u2029")


def parser(dialect: Dialect, what: str = "TypeScript file") -> Parser:
    """The cached parser for a grammar; imports tree-sitter on first call."""
    found = _PARSERS.get(dialect)
    if found is None:
        try:
            import tree_sitter

            grammars = _grammars()
        except ImportError as exc:  # a broken install, not a bad file
            raise ParseError(
                f"cannot read {what}: the tree-sitter packages are not installed"
            ) from exc
        raw = grammars.language_tsx() if dialect == "tsx" else grammars.language_typescript()
        found = tree_sitter.Parser(tree_sitter.Language(raw))
        _PARSERS[dialect] = found
    return found


def _grammars() -> Any:
    """The compiled grammars of ``tree_sitter_typescript`` (its ``_binding`` extension).

    Loaded straight from the package's directory: the package's ``__init__`` imports
    ``importlib.resources`` (80% of its 7.6 ms import) for query files stagelint never
    reads. Any surprise in the layout falls back to the ordinary import."""
    import sys
    from importlib.machinery import (
        EXTENSION_SUFFIXES,
        ExtensionFileLoader,
        ModuleSpec,
        PathFinder,
    )

    name = "tree_sitter_typescript._binding"
    loaded = sys.modules.get(name)
    if loaded is not None:
        return loaded
    package = PathFinder.find_spec("tree_sitter_typescript")
    for directory in (package and package.submodule_search_locations) or ():
        for suffix in EXTENSION_SUFFIXES:
            path = os.path.join(directory, "_binding" + suffix)
            if os.path.isfile(path):
                loader = ExtensionFileLoader(name, path)
                module = loader.create_module(ModuleSpec(name, loader, origin=path))
                loader.exec_module(module)
                return module
    import tree_sitter_typescript

    return tree_sitter_typescript


def dialect_of(path: str) -> tuple[Dialect, bool]:
    """The grammar for a file name, and whether JSX is worth a retry on syntax errors."""
    name = path.rsplit("/", 1)[-1]
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in ("tsx", "jsx"):
        return "tsx", False
    # Plain JavaScript may hold JSX, which the TypeScript grammar rejects (it reads `<T>x`
    # as a type assertion instead).
    return "typescript", suffix in ("js", "mjs", "cjs")


class ParsedFile(NamedTuple):
    """A parsed file: its bytes (what tree-sitter offsets index), tree, grammar, positions."""

    source: SourceText
    data: bytes
    root: Node
    dialect: Dialect
    positions: Positions

    @property
    def path(self) -> str:
        return self.source.path

    def text(self, node: Node) -> str:
        """The source text of a node (for names and keys; never put a value in a message)."""
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def location(self, node: Node) -> Location:
        return self.positions.location(node)

    def string(self, node: Node) -> str | None:
        return string_value(self.data, node)


def parse(source: SourceText, what: str = "TypeScript file") -> ParsedFile:
    """Parse a file with the grammar its name asks for (TSX retry for JSX in ``.js``)."""
    data = source.text.encode("utf-8", "surrogatepass")
    dialect, jsx_retry = dialect_of(source.path)
    tree = parser(dialect, what).parse(data)
    if tree.root_node.has_error and jsx_retry:
        retry = parser("tsx", what).parse(data)
        if not retry.root_node.has_error:
            tree, dialect = retry, "tsx"
    return ParsedFile(source, data, tree.root_node, dialect, Positions(source.text, source.path))


class Positions:
    """Turns tree-sitter byte offsets into :class:`Location` (code-point columns)."""

    __slots__ = ("_extra", "_index", "_length", "_path", "_points", "_starts")

    def __init__(self, text: str, path: str) -> None:
        self._index = LineIndex(text, path)
        self._length = len(text)
        self._path = path
        # tree-sitter's own points are the locations where its rows (which count "\n" only)
        # are lines and its columns (bytes) code points: ASCII text without "\r", nearly
        # every file (a railway.ts of 200 services asks for 10,000 locations)
        self._points = text.isascii() and "\r" not in text
        starts: list[int] = []
        extra: list[int] = []
        total = 0
        if not text.isascii():
            for match in _NON_ASCII.finditer(text):
                code = ord(match.group())
                size = 2 if code < 0x800 else 3 if code < 0x10000 else 4
                starts.append(match.start() + total)
                total += size - 1
                extra.append(total)
        self._starts = starts
        self._extra = extra

    def offset(self, byte: int) -> int:
        """The character offset of a byte offset (clamped inside the text)."""
        k = bisect_left(self._starts, byte)
        char = byte - (self._extra[k - 1] if k else 0)
        return min(max(char, 0), self._length)

    def location(self, node: Node) -> Location:
        if self._points:
            start_row, start_column = node.start_point
            end_row, end_column = node.end_point
            return Location(
                self._path, start_row + 1, start_column + 1, end_row + 1, end_column + 1
            )
        return self._index.location(self.offset(node.start_byte), self.offset(node.end_byte))

    def span(self, start_byte: int, end_byte: int) -> Location:
        return self._index.location(self.offset(start_byte), self.offset(end_byte))

    def char_location(self, start: int, end: int) -> Location:
        """A location from character offsets of the text."""
        return self._index.location(start, end)


# -- syntax errors ------------------------------------------------------------------------------


def syntax_problem(parsed: ParsedFile) -> Problem | None:
    """The first innermost ERROR/MISSING node as a ``parse-error`` problem, described without
    quoting the file's text; None when the file parsed cleanly. (tree-sitter may wrap a whole
    program in an ERROR node around the token it could not place.)"""
    root = parsed.root
    if not root.has_error:
        return None
    first: Node | None = None
    outer: Node | None = None
    count = 0
    stack = [root]
    while stack:
        node = stack.pop()
        inner = [child for child in node.children if child.has_error]
        if node.is_error or node.is_missing:
            count += 1
            if inner:  # a region in error holding the real culprit: look inside first
                outer = outer or node
            elif first is None:
                first = node
        stack.extend(reversed(inner))
    first = first or outer
    if first is None:  # has_error without a culprit node: point at the start
        return Problem("parse-error", "syntax error", Location.at(parsed.path))
    if first.is_missing:
        what = f"missing `{first.type}`" if not first.is_named else f"missing {first.type}"
        at = parsed.location(first)
        at = Location(at.path, at.line, at.column, at.line, at.column)
    else:
        what, leaf = _unexpected(parsed, first)
        at = parsed.location(leaf)
        if leaf.start_point.row != leaf.end_point.row:
            at = Location(at.path, at.line, at.column, at.line, at.column)
    grammar = "TSX" if parsed.dialect == "tsx" else "TypeScript"
    more = f"; {count - 1} more" if count > 1 else ""
    return Problem("parse-error", f"syntax error ({grammar}): {what}{more}", at)


def _unexpected(parsed: ParsedFile, error: Node) -> tuple[str, Node]:
    """What an ERROR node is about, and the node to point at.

    tree-sitter wraps what it could not reduce: inside a statement the first token is the
    unexpected one; a whole statement in error either ends in a stray closing bracket or is
    cut off by the end of the file (then its start is the useful place).
    """
    first_leaf = error
    while first_leaf.child_count:
        first_leaf = first_leaf.children[0]
    if error.child_count == 0:
        return "unexpected character", error
    parent = error.parent
    if parent is not None and parent.type == "program":
        last_leaf = error
        while last_leaf.child_count:
            last_leaf = last_leaf.children[-1]
        if not last_leaf.is_named and last_leaf.type in (")", "]", "}"):
            return f"unexpected `{last_leaf.type}`", last_leaf
        if not parsed.data[error.end_byte :].strip():
            return "this statement is not complete at the end of the file", error
    if first_leaf.is_error:
        return "unexpected character", first_leaf
    if not first_leaf.is_named:
        return f"unexpected `{first_leaf.type}`", first_leaf
    return f"unexpected {describe_type(first_leaf.type)}", first_leaf


# -- comments -----------------------------------------------------------------------------------


def collect_comments(parsed: ParsedFile) -> dict[int, str]:
    """Comment text per 1-based line (``//`` and each line of ``/* */``, delimiters removed),
    for inline suppressions. One iterative walk over the tree."""
    comments: dict[int, str] = {}
    cursor = parsed.root.walk()
    while True:
        node = cursor.node
        if node is not None and node.type == "comment":
            _add_comment(parsed, node, comments)
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return comments


def _add_comment(parsed: ParsedFile, node: Node, comments: dict[int, str]) -> None:
    text = parsed.text(node)
    text = text[2:] if text.startswith("//") else text[2:].removesuffix("*/")
    line = parsed.location(node).line
    for offset, part in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        part = part.strip()
        if offset:
            part = part.removeprefix("*").strip()
        if part:
            joined = comments.get(line + offset)
            comments[line + offset] = f"{joined} {part}" if joined else part


# -- literals and shapes ------------------------------------------------------------------------


def string_value(data: bytes, node: Node) -> str | None:
    """The value of a string literal or substitution-free template string, escapes decoded;
    None for a template with substitutions (or any other node)."""
    if node.type not in ("string", "template_string"):
        return None
    template = node.type == "template_string"
    parts: list[str] = []
    for child in node.children:
        kind = child.type
        if kind == "template_substitution":
            return None
        if kind == "escape_sequence":
            parts.append(unescape(data[child.start_byte : child.end_byte].decode("utf-8")))
        elif kind == "string_fragment" or (child.is_named and kind != "comment"):
            fragment = data[child.start_byte : child.end_byte].decode("utf-8", "replace")
            if template:
                fragment = fragment.replace("\r\n", "\n").replace("\r", "\n")
            parts.append(fragment)
    text = "".join(parts)
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def unescape(sequence: str) -> str:
    """One JavaScript escape sequence (``\\n``, ``\\x41``, ``\\u{1F600}``...) decoded."""
    body = sequence[1:]
    if not body:
        return ""
    if body in _LINE_CONTINUATIONS:
        return ""
    if body in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[body]
    digits = ""
    if body[0] == "x" and len(body) == 3:
        digits = body[1:]
    elif body[0] == "u" and body[1:2] == "{" and body.endswith("}"):
        digits = body[2:-1]
    elif body[0] == "u" and len(body) == 5:
        digits = body[1:]
    if digits:
        try:
            code = int(digits, 16)
        except ValueError:
            return body
        return chr(code) if code <= 0x10FFFF else body
    if body[0] in "01234567":  # legacy octal escapes (sloppy mode)
        try:
            return chr(int(body, 8))
        except ValueError:
            return body
    return body


def unwrap(node: Node) -> Node:
    """Strip what does not change a value (:data:`WRAPPERS`), iteratively: the nesting may be
    deep."""
    while node.type in WRAPPERS:
        inner = next((c for c in node.named_children if c.type != "comment"), None)
        if node.type == "type_assertion":
            inner = node.named_children[-1] if node.named_children else None
        if inner is None:
            return node
        node = inner
    return node


def describe(node: Node, depth: int = 0) -> str:
    """A short, value-free description of an expression for reasons: names and shapes only,
    never the content of a string."""
    node = unwrap(node)
    kind = node.type
    if kind in ("identifier", "property_identifier", "shorthand_property_identifier", "this"):
        text = node.text
        name = text.decode("utf-8", "replace") if text is not None else kind
        return name if len(name) <= 40 else name[:37] + "..."
    if kind == "member_expression" and depth < 3:
        target = node.child_by_field_name("object")
        prop = node.child_by_field_name("property")
        if target is not None and prop is not None:
            return f"{describe(target, depth + 1)}.{describe(prop, depth + 1)}"
    if kind == "subscript_expression" and depth < 3:
        target = node.child_by_field_name("object")
        if target is not None:
            return f"{describe(target, depth + 1)}[...]"
    if kind == "call_expression" and depth < 3:
        function = node.child_by_field_name("function")
        if function is not None:
            return f"{describe(function, depth + 1)}(...)"
    if kind == "meta_property":
        return "import.meta"
    return describe_type(kind)


def describe_type(kind: str) -> str:
    names = {
        "string_fragment": "text",
        "ternary_expression": "a conditional expression",
        "arrow_function": "a function",
        "function_expression": "a function",
        "array": "an array",
        "object": "an object",
        "template_string": "a template string",
        "binary_expression": "a binary expression",
    }
    return names.get(kind, kind.replace("_", " "))
