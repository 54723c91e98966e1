"""Sanity Studio and CLI config (``sanity.config.*``, ``sanity.cli.*``), read without running it.

A Sanity config is a program, and linting an untrusted pull request must never run its code.
So the file is parsed with tree-sitter's TypeScript grammar and only a small, safe subset of
JavaScript is evaluated: string literals, ``process.env.X``/``import.meta.env.X`` reads with
``||``/``??`` fallbacks, type wrappers (``!``, ``as``, ``satisfies``), ``const`` bindings of the
same file, object spreads and member access on such objects. Everything else becomes an
*unknown* value with a short reason; nothing is ever guessed.

Decisions worth knowing:

- The config is what the file exports (``export default``, ``export {x as default}``,
  ``module.exports =``), unwrapped from ``defineConfig``/``defineCliConfig`` (identity
  functions in Sanity). A plain exported object or array is read the same way: Sanity accepts
  it. Any other call (a custom ``createConfig()``) yields no workspaces and no problem.
- The file's kind, not the wrapper's name, decides the shape: ``studio`` reads one workspace
  or an array of them; ``cli`` reads the ``api`` block as one workspace.
- A workspace array element that cannot be enumerated (``...MARKETS.map(...)``, a call) stays
  visible as one workspace whose ``projectId``/``dataset`` are unknown, so rules know that
  something is there they cannot judge.
- A spread the parser cannot see into (an import, a parameter) may set any key: keys written
  before it become unknown, keys written after it stay known. A conditional spread
  (``...(cond ? {apiHost} : {})``) makes only the keys its branches set unknown.
- ``process.env.A || process.env.B || 'x'`` is ``env_var='A'``, ``fallbacks=('B',)``,
  ``default='x'``; ``||`` and ``??`` are not told apart (they differ only for an empty
  variable).
- ``.js``/``.mjs`` files are read with the TypeScript grammar; when that fails and the TSX
  grammar reads the file cleanly (JSX in a ``.js`` config), the TSX tree is used.
- Syntax errors: the first one becomes a ``parse-error`` problem. The rest of the file is still
  read, but a value or literal coming from a top-level statement that contains an error is
  never trusted (error recovery may pair the wrong quotes): values there are unknown and
  literals are skipped.
- Secret-looking literals (SL108) are collected from the whole file, not only the exported
  object: plugin options are often built in helpers.
- Locations count code points (tree-sitter counts UTF-8 bytes) and use the universal newlines
  of :class:`stagelint.model.source.LineIndex`, like every other parser.

tree-sitter is imported on first use only: a project without Sanity files never pays for it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, Literal

from stagelint.model.deployment import (
    Location,
    Problem,
    SanityConfig,
    SanityLiteral,
    SanityValue,
    SanityWorkspace,
    Value,
)
from stagelint.model.errors import ParseError
from stagelint.model.regex import lazy
from stagelint.model.source import LineIndex, SourceText

if TYPE_CHECKING:
    from tree_sitter import Node, Parser

__all__ = ["is_secret_key", "load_sanity"]

Dialect = Literal["typescript", "tsx"]

_PARSERS: dict[str, Parser] = {}
"""One parser per grammar, created on first use (loading a grammar costs little, importing
tree-sitter does)."""

MAX_DEPTH = 64
"""How deep evaluation may go: each const, spread, member access or operand is one level."""

MAX_STEPS = 50_000
"""Evaluation steps per file; beyond it values are unknown and the file gets a
``parse-error`` problem saying so (guards pathological files)."""

MAX_WORKSPACES = 1_000
"""Workspaces read from one config; the rest are not read, and the file gets a
``parse-error`` problem saying so. Real Studios have a handful; without a cap, arrays that
double through spreads (``const b = [...a, ...a]``) made a few hundred bytes expand into
millions of workspaces."""

_DEFINERS = frozenset({"defineConfig", "defineCliConfig"})
_SANITY_MODULES = frozenset({"sanity", "sanity/cli"})
_CLI_BLOCKS = frozenset({"app", "deployment"})
"""Blocks of ``sanity.cli.*`` whose keys :attr:`SanityConfig.options` records too."""
_PROCESS_MODULES = frozenset({"process", "node:process"})
_WRAPPERS = frozenset(
    {
        "parenthesized_expression",
        "as_expression",
        "satisfies_expression",
        "non_null_expression",
        "type_assertion",
    }
)
_FUNCTIONS = frozenset(
    {"function_declaration", "generator_function_declaration", "function_signature"}
)
_CLASSES = frozenset({"class_declaration", "abstract_class_declaration"})

_SECRET_WORDS = frozenset({"token", "secret", "password", "passwd", "credentials"})
_SECRET_PAIRS = frozenset({"api key", "secret key", "private key", "access key", "signing key"})
_SECRET_JOINED = frozenset({"apikey", "secretkey", "privatekey", "accesskey", "signingkey"})
_WORDS = lazy(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_NON_ASCII = lazy(r"[^\x00-\x7f]")

_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "0": "\0",
}
_LINE_CONTINUATIONS = ("\r\n", "\n", "\r", "\u2028", "\u2029")


def load_sanity(source: SourceText, kind: Literal["studio", "cli"]) -> SanityConfig:
    """Read a Sanity config's workspaces and secret-looking literals without executing it."""
    try:
        return _Reader(source, kind).read()
    except RecursionError as exc:  # a pathological nesting depth; never a traceback
        raise ParseError("Sanity config is nested too deeply to analyse") from exc


def is_secret_key(key: str) -> bool:
    """True for property names that hold credentials: ``token``, ``apiToken``,
    ``previewSecret``, ``password``, ``apiKey``, ``SANITY_API_TOKEN`` (not ``loginMethod``)."""
    words = [w.lower() for w in _WORDS.findall(key)]
    if not words:
        return False
    if words[-1] in _SECRET_WORDS or words[-1] in _SECRET_JOINED:
        return True
    return len(words) >= 2 and f"{words[-2]} {words[-1]}" in _SECRET_PAIRS


def _parser(dialect: Dialect) -> Parser:
    """The cached parser for a grammar; imports tree-sitter on first call."""
    from stagelint.parsers.typescript import parser

    return parser(dialect, "Sanity config")


def _dialect(path: str) -> tuple[Dialect, bool]:
    """The grammar for a file name, and whether JSX is worth a retry on syntax errors."""
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    if suffix in ("tsx", "jsx"):
        return "tsx", False
    # Plain JavaScript may hold JSX, which the TypeScript grammar rejects (it reads `<T>x`
    # as a type assertion instead).
    return "typescript", suffix in ("js", "mjs", "cjs")


class _Positions:
    """Turns tree-sitter byte offsets into :class:`Location` (code-point columns)."""

    __slots__ = ("_extra", "_index", "_length", "_starts")

    def __init__(self, text: str, path: str) -> None:
        self._index = LineIndex(text, path)
        self._length = len(text)
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
        return self._index.location(self.offset(node.start_byte), self.offset(node.end_byte))


# The helper types below are plain slotted classes rather than dataclasses: the module is
# imported on the way to a first diagnostic, and each dataclass costs about a millisecond.


class _Unknown:
    """A value or object the parser cannot know, with why and where."""

    __slots__ = ("node", "reason")

    def __init__(self, reason: str, node: Node) -> None:
        self.reason = reason
        self.node = node


class _Props:
    """The statically known properties of an object expression, in source order.

    ``rest`` is an unknown spread (or computed key) that may set any key not written after it.
    """

    __slots__ = ("entries", "node", "rest")

    def __init__(self, node: Node) -> None:
        self.node = node
        self.entries: dict[str, Node | _Unknown] = {}
        self.rest: _Unknown | None = None

    def get(self, key: str) -> Node | _Unknown | None:
        found = self.entries.get(key)
        if found is None and self.rest is not None:
            return self.rest
        return found

    def merge(self, other: _Props) -> None:
        """Apply a spread of ``other``: its unknown rest may override everything before."""
        if other.rest is not None:
            self.entries.clear()
            self.rest = other.rest
        self.entries.update(other.entries)


class _Binding:
    """What a top-level name stands for.

    ``kind`` is ``const``/``let``/``var`` (``value`` the initializer; with ``key``, the
    name is destructured from ``value`` with the optional ``default``, ``site`` being the
    pattern element), ``import`` (``module``, ``imported`` name), ``function``, ``class``
    or ``other`` (``why`` says what).
    """

    __slots__ = ("decl", "default", "imported", "key", "kind", "module", "site", "value", "why")

    def __init__(
        self,
        kind: str,
        decl: Node,
        value: Node | None = None,
        key: str | None = None,
        default: Node | None = None,
        *,
        module: str | None = None,
        imported: str | None = None,
        why: str | None = None,
        site: Node | None = None,
    ) -> None:
        self.kind = kind
        self.decl = decl
        self.value = value
        self.key = key
        self.default = default
        self.module = module
        self.imported = imported
        self.why = why
        self.site = site


class _Val:
    """An evaluated string expression: literal, env read (with fallbacks) or unknown."""

    __slots__ = ("default", "env_var", "fallbacks", "literal", "node", "reason")

    def __init__(
        self,
        node: Node,
        *,
        literal: str | None = None,
        env_var: str | None = None,
        fallbacks: tuple[str, ...] = (),
        default: str | None = None,
        reason: str | None = None,
    ) -> None:
        self.node = node
        self.literal = literal
        self.env_var = env_var
        self.fallbacks = fallbacks
        self.default = default
        self.reason = reason


class _Reader:
    """One file's parse tree and the evaluation state over it."""

    def __init__(self, source: SourceText, kind: Literal["studio", "cli"]) -> None:
        self.source = source
        self.kind: Literal["studio", "cli"] = "cli" if kind == "cli" else "studio"
        self.data = source.text.encode("utf-8", "surrogatepass")
        self.positions = _Positions(source.text, source.path)
        self.bindings: dict[str, _Binding] = {}
        self.tainted: list[tuple[int, int]] = []
        self.object_memo: dict[int, _Props | _Unknown | None] = {}
        self.value_memo: dict[int, _Val] = {}
        self.steps = 0
        self.over_limits: list[Problem] = []
        """Problems saying a cap was reached (at most one per cap)."""

    # ----------------------------------------------------------------- driver

    def read(self) -> SanityConfig:
        dialect, jsx_retry = _dialect(self.source.path)
        tree = _parser(dialect).parse(self.data)
        if tree.root_node.has_error and jsx_retry:
            retry = _parser("tsx").parse(self.data)
            if not retry.root_node.has_error:
                tree = retry
        root = tree.root_node
        config = SanityConfig(self.source.path, kind=self.kind)
        problem = self._syntax_problem(root, dialect)
        if problem is not None:
            config.problems.append(problem)
        for statement in root.children:
            if statement.has_error or statement.is_error or statement.is_missing:
                self.tainted.append((statement.start_byte, statement.end_byte))
            self._bind_statement(statement)
        exported = self._exported(root)
        if exported is not None:
            config.workspaces = self._workspaces(exported)
            if self.kind == "cli":
                config.options = self._cli_options(exported)
        self._scan(root, config)
        config.problems.extend(self.over_limits)
        return config

    def _syntax_problem(self, root: Node, dialect: Dialect) -> Problem | None:
        """The first ERROR/MISSING node, described without quoting the file's text."""
        if not root.has_error:
            return None
        first: Node | None = None
        count = 0
        stack = [root]
        while stack:
            node = stack.pop()
            if node.is_error or node.is_missing:
                count += 1
                if first is None:
                    first = node
                continue
            stack.extend(child for child in reversed(node.children) if child.has_error)
        if first is None:  # has_error without a culprit node: point at the start
            return Problem("parse-error", "syntax error", Location.at(self.source.path))
        if first.is_missing:
            what = f"missing `{first.type}`" if not first.is_named else f"missing {first.type}"
            at = self.positions.location(first)
            at = Location(at.path, at.line, at.column, at.line, at.column)
        else:
            what, leaf = self._unexpected(first)
            at = self.positions.location(leaf)
            if leaf.start_point.row != leaf.end_point.row:
                at = Location(at.path, at.line, at.column, at.line, at.column)
        grammar = "TSX" if dialect == "tsx" else "TypeScript"
        more = f"; {count - 1} more" if count > 1 else ""
        return Problem("parse-error", f"syntax error ({grammar}): {what}{more}", at)

    def _unexpected(self, error: Node) -> tuple[str, Node]:
        """What an ERROR node is about, and the node to point at.

        tree-sitter wraps what it could not reduce: inside a statement the first token is
        the unexpected one; a whole statement in error either ends in a stray closing
        bracket or is cut off by the end of the file (then its start is the useful place).
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
            if not self.data[error.end_byte :].strip():
                return "this statement is not complete at the end of the file", error
        if first_leaf.is_error:
            return "unexpected character", first_leaf
        if not first_leaf.is_named:
            return f"unexpected `{first_leaf.type}`", first_leaf
        return f"unexpected {_describe_type(first_leaf.type)}", first_leaf

    # --------------------------------------------------------------- bindings

    def _bind_statement(self, statement: Node) -> None:
        node = statement
        if node.type == "export_statement":
            declaration = node.child_by_field_name("declaration")
            if declaration is None:
                return
            node = declaration
        if node.type in ("lexical_declaration", "variable_declaration"):
            kind = node.children[0].type if node.children else "var"
            for declarator in node.named_children:
                if declarator.type == "variable_declarator":
                    self._bind_declarator(declarator, kind)
        elif node.type == "import_statement":
            self._bind_import(node)
        elif node.type in _FUNCTIONS:
            self._bind_name(node, "function")
        elif node.type in _CLASSES:
            self._bind_name(node, "class")
        elif node.type in ("enum_declaration", "module", "internal_module"):
            self._bind_name(node, "other", "a TypeScript declaration")
        elif node.type == "ambient_declaration":
            for child in node.named_children:
                for name in _pattern_names(child):
                    self._add(name, _Binding("other", child, why="declared without a value"))

    def _add(self, name: Node, binding: _Binding) -> None:
        self.bindings.setdefault(self._text(name), binding)

    def _bind_name(self, node: Node, kind: str, why: str | None = None) -> None:
        name = node.child_by_field_name("name")
        if name is not None:
            self._add(name, _Binding(kind, node, why=why))

    def _bind_declarator(self, declarator: Node, kind: str) -> None:
        name = declarator.child_by_field_name("name")
        value = declarator.child_by_field_name("value")
        if name is None:
            return
        if name.type == "identifier":
            self._add(name, _Binding(kind, declarator, value=value))
            return
        if name.type == "object_pattern" and value is not None:
            for element in name.named_children:
                self._bind_destructured(element, declarator, kind, value)
            return
        for inner in _pattern_names(name):
            self._add(inner, _Binding("other", declarator, why="destructured from an array"))

    def _bind_destructured(self, element: Node, declarator: Node, kind: str, value: Node) -> None:
        """``{a, b: c, d = 'x', e: f = 'y'}``; nested or rest patterns are not followed."""
        key_node: Node | None = None
        target: Node | None = None
        default: Node | None = None
        if element.type == "shorthand_property_identifier_pattern":
            key_node = target = element
        elif element.type == "object_assignment_pattern":
            left = element.child_by_field_name("left")
            if left is not None and left.type == "shorthand_property_identifier_pattern":
                key_node = target = left
                default = element.child_by_field_name("right")
        elif element.type == "pair_pattern":
            key_node = element.child_by_field_name("key")
            target = element.child_by_field_name("value")
            if target is not None and target.type == "assignment_pattern":
                default = target.child_by_field_name("right")
                target = target.child_by_field_name("left")
        key = self._key_name(key_node) if key_node is not None else None
        if (
            key is not None
            and target is not None
            and target.type
            in (
                "identifier",
                "shorthand_property_identifier_pattern",
            )
        ):
            binding = _Binding(kind, declarator, value, key, default, site=element)
            self._add(target, binding)
            return
        for inner in _pattern_names(element):
            self._add(inner, _Binding("other", declarator, why="a nested destructuring"))

    def _bind_import(self, statement: Node) -> None:
        source = statement.child_by_field_name("source")
        module = self._string(source) if source is not None else None
        module = module if module is not None else "another file"
        for clause in statement.named_children:
            if clause.type == "import_require_clause":
                for child in clause.named_children:
                    if child.type == "identifier":
                        self._add(child, _Binding("import", statement, module=module))
                        break
            if clause.type != "import_clause":
                continue
            for part in clause.named_children:
                if part.type == "identifier":
                    self._add(part, _Binding("import", part, module=module, imported="default"))
                elif part.type == "namespace_import":
                    for child in part.named_children:
                        if child.type == "identifier":
                            self._add(child, _Binding("import", part, module=module, imported="*"))
                elif part.type == "named_imports":
                    for spec in part.named_children:
                        if spec.type != "import_specifier":
                            continue
                        name = spec.child_by_field_name("name")
                        alias = spec.child_by_field_name("alias") or name
                        if name is not None and alias is not None:
                            imported = self._key_name(name) or self._text(name)
                            self._add(
                                alias,
                                _Binding("import", spec, module=module, imported=imported),
                            )

    # ------------------------------------------------------------ the config

    def _exported(self, root: Node) -> Node | None:
        """The default export's expression (ESM or CommonJS), or None."""
        for statement in root.children:
            if statement.type == "export_statement":
                is_default = any(child.type == "default" for child in statement.children)
                value = statement.child_by_field_name("value")
                if is_default and value is not None:
                    return value
                if statement.child_by_field_name("source") is not None:
                    continue  # `export {default} from './x'`: another file
                for clause in statement.named_children:
                    if clause.type != "export_clause":
                        continue
                    for spec in clause.named_children:
                        name = spec.child_by_field_name("name")
                        alias = spec.child_by_field_name("alias") or name
                        if (
                            name is not None
                            and alias is not None
                            and (self._text(alias) == "default")
                        ):
                            return name
            elif statement.type == "expression_statement" and statement.named_children:
                expr = statement.named_children[0]
                if expr.type == "assignment_expression":
                    left = expr.child_by_field_name("left")
                    right = expr.child_by_field_name("right")
                    if (
                        left is not None
                        and right is not None
                        and self._text(left).replace(" ", "")
                        in ("module.exports", "exports.default", "module.exports.default")
                    ):
                        return right
        return None

    def _config_node(self, node: Node, depth: int = 0) -> Node | None:
        """Follow consts and ``defineConfig(...)`` down to the object or array literal."""
        while depth <= MAX_DEPTH:
            depth += 1
            node = _unwrap(node)
            if node.type in ("object", "array"):
                return node
            if node.type == "identifier":
                binding = self.bindings.get(self._text(node))
                if binding is None or binding.kind != "const" or binding.key is not None:
                    return None
                if binding.value is None:
                    return None
                node = binding.value
            elif node.type == "call_expression":
                argument = self._definer_argument(node)
                if argument is None:
                    return None
                node = argument
            else:
                return None
        return None

    def _definer_argument(self, call: Node) -> Node | None:
        """The first argument of ``defineConfig(...)``/``defineCliConfig(...)``, else None."""
        function = call.child_by_field_name("function")
        arguments = call.child_by_field_name("arguments")
        if function is None or arguments is None or not self._is_definer(function):
            return None
        for argument in arguments.named_children:
            if argument.type != "comment":
                return argument
        return None

    def _is_definer(self, function: Node) -> bool:
        function = _unwrap(function)
        if function.type == "member_expression":
            prop = function.child_by_field_name("property")
            return prop is not None and self._text(prop) in _DEFINERS
        if function.type != "identifier":
            return False
        name = self._text(function)
        binding = self.bindings.get(name)
        if binding is None:
            return name in _DEFINERS
        if binding.kind == "import" and binding.module is not None:
            module = binding.module
            from_sanity = module in _SANITY_MODULES or module.startswith(("sanity/", "@sanity/"))
            return binding.imported in _DEFINERS and from_sanity
        return False

    def _workspaces(self, exported: Node) -> list[SanityWorkspace]:
        config = self._config_node(exported)
        if config is None:
            return []
        if self.kind == "cli":
            if config.type != "object":
                return []
            props = self._object(config, 0, ())
            if not isinstance(props, _Props):
                return []
            api = props.get("api")
            if api is None:
                return []
            if isinstance(api, _Unknown):
                return [self._unknown_workspace(api)]
            block = self._object(api, 1, ())
            if block is None:
                return []
            if isinstance(block, _Unknown):
                return [self._unknown_workspace(block)]
            return [self._workspace(block, with_name=False)]
        if config.type == "object":
            items: list[Node | _Unknown] = [config]
        else:
            items = self._array_items(config, 0, ())
        workspaces = []
        for item in items:
            if isinstance(item, _Unknown):
                workspaces.append(self._unknown_workspace(item))
                continue
            props = self._object(item, 1, ())
            if isinstance(props, _Props):
                workspaces.append(self._workspace(props))
            elif isinstance(props, _Unknown):
                workspaces.append(self._unknown_workspace(_Unknown(props.reason, item)))
        return workspaces

    def _cli_options(self, exported: Node) -> dict[tuple[str, ...], Location]:
        """Where the CLI config writes each of its top-level keys, and the keys of its
        ``app`` and ``deployment`` blocks."""
        config = self._config_node(exported)
        props = self._object(config, 0, ()) if config is not None else None
        if not isinstance(props, _Props):
            return {}
        options: dict[tuple[str, ...], Location] = {}
        for key, entry in props.entries.items():
            options[(key,)] = self._key_location(entry)
            if key in _CLI_BLOCKS and not isinstance(entry, _Unknown):
                block = self._object(entry, 1, ())
                if isinstance(block, _Props):
                    for inner, value in block.entries.items():
                        options[(key, inner)] = self._key_location(value)
        return options

    def _key_location(self, entry: Node | _Unknown) -> Location:
        """Where the key of a property stands: the key of its ``key: value`` pair, the name
        of a shorthand property or method."""
        node = entry.node if isinstance(entry, _Unknown) else entry
        parent = node.parent
        if parent is not None and parent.type == "pair":
            key = parent.child_by_field_name("key")
            if key is not None:
                return self.positions.location(key)
        if node.type == "method_definition":
            name = node.child_by_field_name("name")
            if name is not None:
                return self.positions.location(name)
        return self.positions.location(node)

    def _array_items(self, array: Node, depth: int, seen: tuple[int, ...]) -> list[Node | _Unknown]:
        """An array literal's elements, with spreads of const arrays expanded in place; at
        most :data:`MAX_WORKSPACES` of them, each spread counting as an evaluation step."""
        items: list[Node | _Unknown] = []
        self._expand(array, depth, seen, items)
        return items

    def _expand(
        self, array: Node, depth: int, seen: tuple[int, ...], items: list[Node | _Unknown]
    ) -> bool:
        """Append ``array``'s elements to ``items``; False once a cap stops the expansion."""
        for element in array.named_children:
            if element.type == "comment":
                continue
            if len(items) >= MAX_WORKSPACES:
                self._over_limit(
                    f"more than {MAX_WORKSPACES:,} workspaces: stagelint reads the first "
                    f"{MAX_WORKSPACES:,} and not the rest",
                    element,
                )
                return False
            if element.type != "spread_element":
                items.append(element)
                continue
            limit = self._limit(depth)
            if limit is not None:
                items.append(_Unknown(f"workspaces not followed: {limit}", element))
                return False
            inner = element.named_children[0] if element.named_children else None
            spread = self._const_array(inner, depth + 1, seen) if inner is not None else None
            if spread is None:
                what = _describe(inner) if inner is not None else "a spread"
                items.append(_Unknown(f"workspaces generated by {what}", element))
            elif not self._expand(spread, depth + 1, (*seen, spread.id), items):
                return False
        return True

    def _const_array(self, node: Node, depth: int, seen: tuple[int, ...]) -> Node | None:
        while depth <= MAX_DEPTH:
            depth += 1
            node = _unwrap(node)
            if node.type == "array":
                return None if node.id in seen else node
            if node.type != "identifier":
                return None
            binding = self.bindings.get(self._text(node))
            if binding is None or binding.kind != "const" or binding.key is not None:
                return None
            if binding.value is None:
                return None
            node = binding.value
        return None

    def _workspace(self, props: _Props, with_name: bool = True) -> SanityWorkspace:
        name_entry = props.get("name") if with_name else None
        name = None
        if name_entry is not None and not isinstance(name_entry, _Unknown):
            name = self._value(name_entry, 1, ()).literal
        return SanityWorkspace(
            location=self.positions.location(props.node),
            name=name,
            project_id=self._sanity_value(props.get("projectId")),
            dataset=self._sanity_value(props.get("dataset")),
        )

    def _unknown_workspace(self, unknown: _Unknown) -> SanityWorkspace:
        value = SanityValue(
            self.positions.location(unknown.node), unknown=True, reason=unknown.reason
        )
        return SanityWorkspace(
            location=self.positions.location(unknown.node), project_id=value, dataset=value
        )

    def _sanity_value(self, entry: Node | _Unknown | None) -> SanityValue | None:
        if entry is None:
            return None
        if isinstance(entry, _Unknown):
            return SanityValue(
                self.positions.location(entry.node), unknown=True, reason=entry.reason
            )
        val = self._value(entry, 1, ())
        where = self.positions.location(val.node)
        if val.reason is not None:
            return SanityValue(where, unknown=True, reason=val.reason)
        if val.literal is not None:
            return SanityValue(where, literal=val.literal)
        return SanityValue(where, env_var=val.env_var, default=val.default, fallbacks=val.fallbacks)

    # ------------------------------------------------------------- objects

    def _object(self, node: Node, depth: int, seen: tuple[int, ...]) -> _Props | _Unknown | None:
        """An expression as an object: its known properties, why it is unknown, or None when
        it is nothing a spread would copy (``undefined``, ``null``, booleans)."""
        start = node
        node = _unwrap(node)
        limit = self._limit(depth)
        if limit is not None:
            return _Unknown(limit, start)
        if self._is_tainted(node):
            return _Unknown("syntax error in this statement", start)
        kind = node.type
        if kind == "object":
            return self._object_literal(node, depth, seen)
        if kind in ("identifier", "shorthand_property_identifier"):
            return self._object_of_name(node, depth, seen)
        if kind in ("member_expression", "subscript_expression"):
            key = self._member_key(node)
            target = node.child_by_field_name("object")
            if key is None or target is None:
                return _Unknown(f"{_describe(node)} is a computed property", start)
            owner = self._object(target, depth + 1, seen)
            if owner is None or isinstance(owner, _Unknown):
                return owner
            entry = owner.get(key)
            if entry is None or isinstance(entry, _Unknown):
                return entry
            return self._object(entry, depth + 1, seen)
        if kind == "call_expression":
            argument = self._definer_argument(node)
            if argument is not None:
                return self._object(argument, depth + 1, seen)
            return _Unknown(f"the result of {_describe(node)}", start)
        if kind == "ternary_expression":
            branches = [
                node.child_by_field_name("consequence"),
                node.child_by_field_name("alternative"),
            ]
            return self._conditional(node, [b for b in branches if b is not None], depth, seen)
        if kind == "binary_expression":
            operator = node.child_by_field_name("operator")
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            op = operator.type if operator is not None else ""
            if left is not None and right is not None:
                if op == "&&":
                    return self._conditional(node, [right], depth, seen)
                if op in ("||", "??"):
                    return self._conditional(node, [left, right], depth, seen)
        if kind in ("undefined", "null", "true", "false"):
            return None
        return _Unknown(f"{_describe(node)} is not an object literal", start)

    def _object_of_name(
        self, node: Node, depth: int, seen: tuple[int, ...]
    ) -> _Props | _Unknown | None:
        name = self._text(node)
        binding = self.bindings.get(name)
        if binding is None:
            if name == "undefined":
                return None
            return _Unknown(self._undefined(name), node)
        if binding.kind != "const":
            return _Unknown(self._binding_reason(name, binding), node)
        if binding.decl.id in seen:
            return _Unknown(f"'{name}' is defined in terms of itself", node)
        if binding.value is None:
            return _Unknown(f"'{name}' has no value", node)
        memo_key = node.id if binding.key is not None else binding.decl.id
        if memo_key in self.object_memo:
            return self.object_memo[memo_key]
        inner_seen = (*seen, binding.decl.id)
        if binding.key is None:
            result = self._object(binding.value, depth + 1, inner_seen)
        else:
            owner = self._object(binding.value, depth + 1, inner_seen)
            entry = owner.get(binding.key) if isinstance(owner, _Props) else owner
            if entry is None or isinstance(entry, _Unknown):
                result = entry
            else:
                result = self._object(entry, depth + 1, inner_seen)
        self.object_memo[memo_key] = result
        return result

    def _object_literal(self, node: Node, depth: int, seen: tuple[int, ...]) -> _Props:
        props = _Props(node)
        for child in node.named_children:
            kind = child.type
            if kind == "pair":
                key_node = child.child_by_field_name("key")
                value = child.child_by_field_name("value")
                key = self._key_name(key_node) if key_node is not None else None
                if key is None:
                    props.entries.clear()
                    props.rest = _Unknown("a computed property name may set it", child)
                elif value is not None:
                    props.entries[key] = value
            elif kind == "shorthand_property_identifier":
                props.entries[self._text(child)] = child
            elif kind == "method_definition":
                name = child.child_by_field_name("name")
                key = self._key_name(name) if name is not None else None
                if key is not None:
                    props.entries[key] = _Unknown("defined by a method", child)
            elif kind == "spread_element" and child.named_children:
                inner = child.named_children[0]
                spread = self._object(inner, depth + 1, seen)
                if isinstance(spread, _Unknown):
                    props.entries.clear()
                    props.rest = _Unknown(
                        f"may be set by the spread of {_describe(inner)} ({spread.reason})", child
                    )
                elif spread is not None:
                    props.merge(spread)
        return props

    def _conditional(
        self, node: Node, branches: list[Node], depth: int, seen: tuple[int, ...]
    ) -> _Props | _Unknown | None:
        """An object chosen at runtime: the keys any branch sets are unknown, others untouched."""
        result = _Props(node)
        for branch in branches:
            props = self._object(branch, depth + 1, seen)
            if isinstance(props, _Unknown):
                return props
            if props is None:
                continue
            for key in props.entries:
                result.entries[key] = _Unknown("chosen by a condition", node)
            if props.rest is not None:
                result.entries.clear()
                result.rest = _Unknown(f"chosen by a condition ({props.rest.reason})", node)
        return result

    # --------------------------------------------------------------- values

    def _value(self, node: Node, depth: int, seen: tuple[int, ...]) -> _Val:
        """A string expression: literal, env read (with fallbacks), or unknown with reason."""
        start = node
        node = _unwrap(node)
        limit = self._limit(depth)
        if limit is not None:
            return _Val(start, reason=limit)
        if self._is_tainted(node):
            return _Val(start, reason="syntax error in this statement")
        kind = node.type
        if kind in ("string", "template_string"):
            text = self._string(node)
            if text is None:
                return _Val(start, reason="a template string with substitutions")
            return _Val(start, literal=text)
        env = self._env_name(node)
        if isinstance(env, str):
            return _Val(start, env_var=env)
        if isinstance(env, _Unknown):
            return _Val(start, reason=env.reason)
        if kind in ("identifier", "shorthand_property_identifier"):
            return self._value_of_name(node, start, depth, seen)
        if kind in ("member_expression", "subscript_expression"):
            key = self._member_key(node)
            target = node.child_by_field_name("object")
            if key is None or target is None:
                return _Val(start, reason=f"{_describe(node)} is a computed property")
            owner = self._object(target, depth + 1, seen)
            if owner is None:
                return _Val(start, reason=f"{_describe(target)} is not an object")
            if isinstance(owner, _Unknown):
                return _Val(start, reason=owner.reason)
            entry = owner.get(key)
            if entry is None:
                return _Val(start, reason=f"{_describe(node)} is not set")
            if isinstance(entry, _Unknown):
                return _Val(entry.node, reason=entry.reason)
            return self._value(entry, depth + 1, seen)
        if kind == "binary_expression":
            return self._fallback(node, start, depth, seen)
        if kind == "ternary_expression":
            return _Val(start, reason="chosen by a condition")
        if kind == "call_expression":
            return _Val(start, reason=f"the result of {_describe(node)}")
        if kind == "undefined":
            return _Val(start, reason="undefined")
        if kind in ("number", "true", "false", "null"):
            return _Val(start, reason=f"not a string ({kind})")
        return _Val(start, reason=f"{_describe(node)} is not supported")

    def _value_of_name(self, node: Node, start: Node, depth: int, seen: tuple[int, ...]) -> _Val:
        name = self._text(node)
        binding = self.bindings.get(name)
        if binding is None:
            if name == "undefined":
                return _Val(start, reason="undefined")
            return _Val(start, reason=self._undefined(name))
        if binding.kind != "const":
            return _Val(start, reason=self._binding_reason(name, binding))
        if binding.decl.id in seen:
            return _Val(start, reason=f"'{name}' is defined in terms of itself")
        if binding.value is None:
            return _Val(start, reason=f"'{name}' has no value")
        memo_key = node.id if binding.key is not None else binding.decl.id
        memo = self.value_memo.get(memo_key)
        if memo is not None:
            return memo
        inner_seen = (*seen, binding.decl.id)
        if binding.key is None:
            result = self._value(binding.value, depth + 1, inner_seen)
        else:
            result = self._destructured_value(binding, start, depth + 1, inner_seen)
        self.value_memo[memo_key] = result
        return result

    def _destructured_value(
        self, binding: _Binding, start: Node, depth: int, seen: tuple[int, ...]
    ) -> _Val:
        """``const {X = 'd'} = process.env`` or ``const {a} = someConstObject``."""
        assert binding.value is not None and binding.key is not None
        site = binding.site or binding.decl
        if self._is_env_object(binding.value):
            if binding.default is None:
                return _Val(site, env_var=binding.key)
            default = self._value(binding.default, depth + 1, seen)
            if default.literal is None:
                return _Val(site, reason="its default is not a string literal")
            return _Val(site, env_var=binding.key, default=default.literal)
        owner = self._object(binding.value, depth + 1, seen)
        if owner is None:
            return _Val(start, reason="destructured from a value that is not an object")
        if isinstance(owner, _Unknown):
            return _Val(start, reason=owner.reason)
        entry = owner.get(binding.key)
        if isinstance(entry, _Unknown):
            return _Val(entry.node, reason=entry.reason)
        if entry is None:
            if binding.default is not None:
                return self._value(binding.default, depth + 1, seen)
            return _Val(start, reason=f"'{binding.key}' is not set in the destructured object")
        if binding.default is not None:
            return _Val(start, reason="destructured with a default")
        return self._value(entry, depth + 1, seen)

    def _fallback(self, node: Node, start: Node, depth: int, seen: tuple[int, ...]) -> _Val:
        """``a || b`` and ``a ?? b`` where ``a`` reads the environment and ``b`` is a literal
        or another env read; any other binary expression is unknown."""
        operator = node.child_by_field_name("operator")
        left_node = node.child_by_field_name("left")
        right_node = node.child_by_field_name("right")
        op = operator.type if operator is not None else ""
        if op not in ("||", "??") or left_node is None or right_node is None:
            return _Val(start, reason=f"computed with '{op}'" if op else "a binary expression")
        left = self._value(left_node, depth + 1, seen)
        if left.reason is not None:
            return _Val(start, reason=left.reason)
        if left.literal is not None:
            if op == "??" or left.literal:
                return _Val(start, literal=left.literal)
            right = self._value(right_node, depth + 1, seen)
            return _Val(
                start,
                literal=right.literal,
                env_var=right.env_var,
                fallbacks=right.fallbacks,
                default=right.default,
                reason=right.reason,
            )
        if left.default is not None:
            if left.default:
                return _Val(
                    start, env_var=left.env_var, fallbacks=left.fallbacks, default=left.default
                )
            return _Val(start, reason="a fallback after an empty default")
        right = self._value(right_node, depth + 1, seen)
        if right.reason is not None:
            return _Val(start, reason=f"its fallback is unknown: {right.reason}")
        if right.literal is not None:
            return _Val(
                start, env_var=left.env_var, fallbacks=left.fallbacks, default=right.literal
            )
        assert right.env_var is not None
        return _Val(
            start,
            env_var=left.env_var,
            fallbacks=(*left.fallbacks, right.env_var, *right.fallbacks),
            default=right.default,
        )

    def _env_name(self, node: Node) -> str | _Unknown | None:
        """``process.env.X``, ``process.env['X']``, ``import.meta.env.X`` -> ``X``."""
        if node.type not in ("member_expression", "subscript_expression"):
            return None
        target = node.child_by_field_name("object")
        if target is None or not self._is_env_object(_unwrap(target)):
            return None
        key = self._member_key(node)
        if key is None:
            return _Unknown("a computed environment variable name", node)
        return key

    def _is_env_object(self, node: Node) -> bool:
        """``process.env``, ``import.meta.env``, or ``env`` imported from ``node:process``."""
        node = _unwrap(node)
        if node.type == "identifier":
            binding = self.bindings.get(self._text(node))
            return (
                binding is not None
                and binding.kind == "import"
                and binding.module in _PROCESS_MODULES
                and binding.imported == "env"
            )
        if node.type != "member_expression" or self._member_key(node) != "env":
            return False
        target = node.child_by_field_name("object")
        if target is None:
            return False
        target = _unwrap(target)
        if target.type == "meta_property":
            return self._text(target).replace(" ", "") == "import.meta"
        if target.type != "identifier" or self._text(target) != "process":
            return False
        binding = self.bindings.get("process")
        return binding is None or (
            binding.kind == "import"
            and binding.module in _PROCESS_MODULES
            and binding.imported in ("default", "*")
        )

    def _undefined(self, name: str) -> str:
        if self.tainted:  # its declaration may be inside the broken statement
            return f"'{name}' is not defined in this file (it has a syntax error)"
        return f"'{name}' is not defined in this file"

    def _binding_reason(self, name: str, binding: _Binding) -> str:
        if binding.kind == "import":
            return f"imported from '{binding.module}'"
        if binding.kind in ("let", "var"):
            return f"'{name}' is declared with {binding.kind} and may change"
        if binding.kind in ("function", "class"):
            return f"'{name}' is a {binding.kind}"
        return f"'{name}' is {binding.why or 'not a constant'}"

    # ------------------------------------------------------------- secrets

    def _scan(self, root: Node, config: SanityConfig) -> None:
        """One walk over the whole file: comments (for inline suppressions) and the string
        literals a secret-looking property or variable may take."""
        done: set[int] = set()
        cursor = root.walk()
        while True:
            node = cursor.node
            if node is not None and node.type == "comment":
                self._add_comment(node, config.comments)
            elif node is not None:
                key, value = self._secret_slot(node)
                if key is not None and value is not None and not self._is_tainted(node):
                    for literal in self._result_strings(value, 0):
                        text = self._string(literal)
                        if text and literal.start_byte not in done:
                            done.add(literal.start_byte)
                            where = self.positions.location(literal)
                            config.literals.append(SanityLiteral(key, Value(text), where))
            if cursor.goto_first_child():
                continue
            while not cursor.goto_next_sibling():
                if not cursor.goto_parent():
                    return

    def _add_comment(self, node: Node, comments: dict[int, str]) -> None:
        """``// text`` or each line of ``/* text */``, delimiters removed, per 1-based line."""
        text = self._text(node)
        text = text[2:] if text.startswith("//") else text[2:].removesuffix("*/")
        line = self.positions.location(node).line
        for offset, part in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
            part = part.strip()
            if offset:
                part = part.removeprefix("*").strip()
            if part:
                joined = comments.get(line + offset)
                comments[line + offset] = f"{joined} {part}" if joined else part

    def _secret_slot(self, node: Node) -> tuple[str | None, Node | None]:
        """(name, value) when ``node`` assigns a value to a secret-looking name."""
        kind = node.type
        if kind == "pair":
            key_node = node.child_by_field_name("key")
            key = self._key_name(key_node) if key_node is not None else None
            value = node.child_by_field_name("value")
        elif kind == "variable_declarator":
            name = node.child_by_field_name("name")
            key = self._text(name) if name is not None and name.type == "identifier" else None
            value = node.child_by_field_name("value")
        elif kind == "assignment_expression":
            left = node.child_by_field_name("left")
            key = None
            if left is not None and left.type == "identifier":
                key = self._text(left)
            elif left is not None and left.type in ("member_expression", "subscript_expression"):
                key = self._member_key(left)
            value = node.child_by_field_name("right")
        else:
            return None, None
        if key is None or not is_secret_key(key):
            return None, None
        return key, value

    def _result_strings(self, node: Node, depth: int) -> list[Node]:
        """The string literals an expression may evaluate to (both sides of ``||``/``??``,
        both branches of a ternary); identifiers are not followed."""
        node = _unwrap(node)
        if depth > MAX_DEPTH:
            return []
        if node.type in ("string", "template_string"):
            return [node]
        parts: list[Node | None] = []
        if node.type == "binary_expression":
            operator = node.child_by_field_name("operator")
            if operator is not None and operator.type in ("||", "??"):
                parts = [node.child_by_field_name("left"), node.child_by_field_name("right")]
        elif node.type == "ternary_expression":
            parts = [
                node.child_by_field_name("consequence"),
                node.child_by_field_name("alternative"),
            ]
        return [
            s for part in parts if part is not None for s in self._result_strings(part, depth + 1)
        ]

    # ------------------------------------------------------------- helpers

    def _limit(self, depth: int) -> str | None:
        """Count one evaluation step; the reason to stop, if a limit is reached."""
        self.steps += 1
        if depth > MAX_DEPTH:
            return "too many indirections to follow"
        if self.steps > MAX_STEPS:
            if self.steps == MAX_STEPS + 1:
                self.over_limits.append(
                    Problem(
                        "parse-error",
                        f"too complex to follow: stagelint stopped after {MAX_STEPS:,} "
                        "evaluation steps, and the values it did not reach are unknown",
                        Location.at(self.source.path),
                    )
                )
            return "the config is too complex to follow"
        return None

    def _over_limit(self, message: str, node: Node) -> None:
        if not any(p.message == message for p in self.over_limits):
            self.over_limits.append(Problem("parse-error", message, self.positions.location(node)))

    def _is_tainted(self, node: Node) -> bool:
        if not self.tainted:
            return False
        k = bisect_right(self.tainted, (node.start_byte, len(self.data) + 1))
        return k > 0 and self.tainted[k - 1][0] <= node.start_byte < self.tainted[k - 1][1]

    def _text(self, node: Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def _key_name(self, node: Node) -> str | None:
        """A property key's name; None for a computed key that is not a literal."""
        kind = node.type
        if kind in (
            "property_identifier",
            "identifier",
            "private_property_identifier",
            "shorthand_property_identifier_pattern",
            "number",
        ):
            return self._text(node)
        if kind == "string":
            return self._string(node)
        if kind == "computed_property_name" and node.named_children:
            inner = _unwrap(node.named_children[0])
            if inner.type in ("string", "template_string"):
                return self._string(inner)
        return None

    def _member_key(self, node: Node) -> str | None:
        """The property of ``a.b`` or ``a['b']``; None when computed."""
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            return self._text(prop) if prop is not None else None
        index = node.child_by_field_name("index")
        if index is None:
            return None
        index = _unwrap(index)
        if index.type in ("string", "template_string"):
            return self._string(index)
        if index.type == "number":
            return self._text(index)
        return None

    def _string(self, node: Node) -> str | None:
        """The value of a string literal or substitution-free template string, escapes
        decoded; None for a template with substitutions."""
        template = node.type == "template_string"
        parts: list[str] = []
        for child in node.children:
            kind = child.type
            if kind == "template_substitution":
                return None
            if kind == "escape_sequence":
                parts.append(_unescape(self._text(child)))
            elif kind == "string_fragment" or (child.is_named and kind != "comment"):
                fragment = self._text(child)
                if template:
                    fragment = fragment.replace("\r\n", "\n").replace("\r", "\n")
                parts.append(fragment)
        text = "".join(parts)
        if any("\ud800" <= ch <= "\udfff" for ch in text):
            text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return text


def _unwrap(node: Node) -> Node:
    """Strip what does not change a value: parentheses, ``!``, ``as T``, ``satisfies T``,
    ``<T>x`` (iteratively: the nesting may be deep)."""
    while node.type in _WRAPPERS:
        inner = next((c for c in node.named_children if c.type != "comment"), None)
        if node.type == "type_assertion":
            inner = node.named_children[-1] if node.named_children else None
        if inner is None:
            return node
        node = inner
    return node


def _pattern_names(node: Node) -> list[Node]:
    """Every name a destructuring pattern binds (iterative)."""
    names: list[Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type in ("identifier", "shorthand_property_identifier_pattern"):
            names.append(current)
            continue
        for child in current.named_children:
            if current.type == "pair_pattern" and child == current.child_by_field_name("key"):
                continue
            if current.type in ("assignment_pattern", "object_assignment_pattern") and (
                child == current.child_by_field_name("right")
            ):
                continue
            if child.type in ("type_annotation", "comment"):
                continue
            stack.append(child)
    return names


def _describe(node: Node, depth: int = 0) -> str:
    """A short, value-free description of an expression for reasons: names and shapes only,
    never the content of a string."""
    node = _unwrap(node)
    kind = node.type
    if kind in ("identifier", "property_identifier", "shorthand_property_identifier", "this"):
        text = node.text
        name = text.decode("utf-8", "replace") if text is not None else kind
        return name if len(name) <= 40 else name[:37] + "..."
    if kind == "member_expression" and depth < 3:
        target = node.child_by_field_name("object")
        prop = node.child_by_field_name("property")
        if target is not None and prop is not None:
            return f"{_describe(target, depth + 1)}.{_describe(prop, depth + 1)}"
    if kind == "subscript_expression" and depth < 3:
        target = node.child_by_field_name("object")
        if target is not None:
            return f"{_describe(target, depth + 1)}[...]"
    if kind == "call_expression" and depth < 3:
        function = node.child_by_field_name("function")
        if function is not None:
            return f"{_describe(function, depth + 1)}(...)"
    if kind == "meta_property":
        return "import.meta"
    return _describe_type(kind)


def _describe_type(kind: str) -> str:
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


def _unescape(sequence: str) -> str:
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
