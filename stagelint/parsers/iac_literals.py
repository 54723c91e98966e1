"""Every string literal that a named value of ``.railway/railway.ts`` may take, on every
branch, read from the syntax alone.

stagelint evaluates the IaC file for the environments the policy judges or compares, so a
literal behind ``ctx.environment === "pr-42" ? "..." : preserve()`` (or behind a condition
it cannot decide) is in no evaluated environment. The file is committed all the same, and a
secret written there is in every clone: SL108 needs every literal, whatever the condition.

The same walk finds the ``ctx.randomString(...)`` calls a name may take (SL109): the SDK
computes them from the file, so they are as committed as a literal.

A *slot* is a name given a value: a property (``JWT_SECRET_KEY: ...``), a variable
(``const jwtSecret = ...``) or an assignment (``node.deploy = ...``; a name assigned in
an ``if``/``switch`` takes every value assigned to it). The literals a slot
may take are those its expression can evaluate to: both branches of a ternary, both sides
of ``||``/``??``, the right of ``&&``, the ``value`` of ``{value: ...}``, the items of an
array, and, followed by name through the file, constants (``secrets.jwt`` of ``const
secrets = {jwt: ...}``) and what helpers return (``pick()`` of ``const pick = () =>
...``). A condition (``=== "production"``) and a call's arguments are not values.

Bounded by the file's size: each expression is followed once (memoised) and the number of
literals recorded is at most a fixed multiple of the file's length.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stagelint.model.deployment import IacLiteral, IacRandomString, Value
from stagelint.parsers.typescript import unwrap

if TYPE_CHECKING:
    from tree_sitter import Node

    from stagelint.parsers.typescript import ParsedFile

__all__ = ["scan_literals"]

_MAX_DEPTH = 32
"""Names followed through names (``a`` of ``const a = b``...) before giving up."""
_SERVICE_CALLS = frozenset({"service", "fn"})
_ANCESTORS = 64
"""How far up from a slot its ``service(...)`` call is looked for."""
_FUNCTIONS = frozenset({"arrow_function", "function_expression", "function_declaration"})
_NodeKey = tuple[int, int, str]


def scan_literals(parsed: ParsedFile) -> tuple[list[IacLiteral], list[IacRandomString]]:
    """The literals of every slot of the file, and its ``ctx.randomString(...)`` calls, in
    file order (each once per name that may take it)."""
    return _Scanner(parsed).scan()


class _Scanner:
    def __init__(self, parsed: ParsedFile) -> None:
        self.parsed = parsed
        self.declared: dict[str, list[Node]] = {}
        """Name -> the values it is declared with (``const``/``let``/``var``, functions)."""
        self.results: dict[_NodeKey, list[Node]] = {}
        self.budget = 4 * len(parsed.data) + 1_000
        """Literals recorded, at most: a file cannot make the scan quadratic."""

    def scan(self) -> tuple[list[IacLiteral], list[IacRandomString]]:
        slots = list(self._slots())
        found: list[IacLiteral] = []
        random: list[IacRandomString] = []
        seen: set[tuple[str | None, int]] = set()
        services: dict[_NodeKey, str | None] = {}
        for key, value, slot in slots:
            results = self._results(value, 0)
            if not results:
                continue
            service = self._service(slot, services)
            for result in results:
                if (key, result.start_byte) in seen:
                    continue
                if self.budget <= 0:
                    return found, random
                self.budget -= 1
                seen.add((key, result.start_byte))
                where = self.parsed.location(result)
                if result.type == "call_expression":
                    random.append(IacRandomString(key, where, service))
                    continue
                text = self.parsed.string(result)
                if text:
                    found.append(IacLiteral(key, Value(text), where, service))
        return found, random

    # -- the slots -------------------------------------------------------------------------

    def _slots(self) -> list[tuple[str | None, Node, Node]]:
        """(name, value, slot node) of every slot, in file order; records declarations."""
        slots: list[tuple[str | None, Node, Node]] = []
        cursor = self.parsed.root.walk()
        while True:
            node = cursor.node
            if node is not None:
                slot = self._slot(node)
                if slot is not None:
                    slots.append((slot[0], slot[1], node))
            if cursor.goto_first_child():
                continue
            while not cursor.goto_next_sibling():
                if not cursor.goto_parent():
                    return slots

    def _slot(self, node: Node) -> tuple[str | None, Node] | None:
        kind = node.type
        if kind == "pair":
            key = node.child_by_field_name("key")
            value = node.child_by_field_name("value")
            if key is None or value is None:
                return None
            return self._key(key), value
        if kind == "variable_declarator":
            name = node.child_by_field_name("name")
            value = node.child_by_field_name("value")
            if name is None or value is None or name.type != "identifier":
                return None
            text = self.parsed.text(name)
            self.declared.setdefault(text, []).append(value)
            return text, value
        if kind == "function_declaration":
            name = node.child_by_field_name("name")
            if name is not None:
                self.declared.setdefault(self.parsed.text(name), []).append(node)
            return None
        if kind == "assignment_expression":
            left = node.child_by_field_name("left")
            value = node.child_by_field_name("right")
            if left is None or value is None:
                return None
            if left.type == "identifier":
                text = self.parsed.text(left)
                self.declared.setdefault(text, []).append(value)  # `let x = ...; x = "..."`
                return text, value
            if left.type == "member_expression":
                prop = left.child_by_field_name("property")
                return (self.parsed.text(prop) if prop is not None else None), value
            return None, value
        return None

    def _key(self, node: Node) -> str | None:
        if node.type in ("property_identifier", "identifier", "number"):
            return self.parsed.text(node)
        if node.type == "string":
            return self.parsed.string(node)
        if node.type == "computed_property_name":
            inner = next((c for c in node.named_children if c.type != "comment"), None)
            return self.parsed.string(inner) if inner is not None else None
        return None

    # -- what an expression may evaluate to ------------------------------------------------

    def _results(self, node: Node, depth: int) -> list[Node]:
        node = unwrap(node)
        index = (node.start_byte, node.end_byte, node.type)
        done = self.results.get(index)
        if done is not None:
            return done
        if depth > _MAX_DEPTH:
            return []
        self.results[index] = []  # a name that leads back to itself evaluates to nothing new
        found = self._follow(node, depth)
        if len(found) > 1:
            found = list({(n.start_byte, n.end_byte): n for n in found}.values())
        self.results[index] = found
        return found

    def _follow(self, node: Node, depth: int) -> list[Node]:
        kind = node.type
        if kind in ("string", "template_string"):
            return [node]
        parts: list[Node | None] = []
        if kind == "ternary_expression":
            parts = [
                node.child_by_field_name("consequence"),
                node.child_by_field_name("alternative"),
            ]
        elif kind == "binary_expression":
            operator = node.child_by_field_name("operator")
            op = operator.type if operator is not None else ""
            if op in ("||", "??"):
                parts = [node.child_by_field_name("left"), node.child_by_field_name("right")]
            elif op == "&&":
                parts = [node.child_by_field_name("right")]
        elif kind == "object":
            parts = [self._property(node, "value")]
        elif kind == "array":
            parts = list(node.named_children)
        elif kind == "identifier":
            parts = list(self.declared.get(self.parsed.text(node), ()))
        elif kind == "member_expression":
            parts = self._members(node, depth)
        elif kind == "call_expression":
            function = node.child_by_field_name("function")
            if function is not None and _is_random_string(self.parsed, unwrap(function)):
                return [node]
            if function is not None and unwrap(function).type == "identifier":
                parts = [
                    body
                    for declared in self.declared.get(self.parsed.text(unwrap(function)), ())
                    for body in self._returns(declared)
                ]
        elif kind in _FUNCTIONS:
            return []
        return [
            literal
            for part in parts
            if part is not None and part.type != "comment"
            for literal in self._results(part, depth + 1)
        ]

    def _members(self, node: Node, depth: int) -> list[Node | None]:
        """``secrets.jwt`` where ``secrets`` is declared with an object literal."""
        target = node.child_by_field_name("object")
        prop = node.child_by_field_name("property")
        if target is None or prop is None or unwrap(target).type != "identifier":
            return []
        name = self.parsed.text(prop)
        return [
            self._property(unwrap(declared), name)
            for declared in self.declared.get(self.parsed.text(unwrap(target)), ())
            if unwrap(declared).type == "object"
        ]

    def _property(self, node: Node, name: str) -> Node | None:
        for child in node.named_children:
            if child.type == "pair":
                key = child.child_by_field_name("key")
                if key is not None and self._key(key) == name:
                    return child.child_by_field_name("value")
        return None

    def _returns(self, node: Node) -> list[Node]:
        """What a declared function returns: an arrow's expression body, or the expressions
        of the ``return`` statements of its own body (not of functions inside it)."""
        node = unwrap(node)
        if node.type not in _FUNCTIONS:
            return []
        body = node.child_by_field_name("body")
        if body is None:
            return []
        if body.type != "statement_block":
            return [body]
        found: list[Node] = []
        stack = [body]
        while stack:
            current = stack.pop()
            for child in current.named_children:
                if child.type == "return_statement":
                    found.extend(c for c in child.named_children if c.type != "comment")
                elif child.type not in _FUNCTIONS and child.type != "class_declaration":
                    stack.append(child)
        return found

    # -- where a slot is used ---------------------------------------------------------------

    def _service(self, node: Node, cache: dict[_NodeKey, str | None]) -> str | None:
        """The name of the ``service("name", {...})`` call around a slot, if any."""
        index = (node.start_byte, node.end_byte, node.type)
        if index in cache:
            return cache[index]
        name: str | None = None
        current: Node | None = node.parent
        for _ in range(_ANCESTORS):
            if current is None:
                break
            if current.type == "call_expression":
                name = self._service_name(current)
                if name is not None:
                    break
            current = current.parent
        cache[index] = name
        return name

    def _service_name(self, call: Node) -> str | None:
        function = call.child_by_field_name("function")
        arguments = call.child_by_field_name("arguments")
        if function is None or arguments is None:
            return None
        function = unwrap(function)
        if function.type == "member_expression":
            prop = function.child_by_field_name("property")
            function = prop if prop is not None else function
        if self.parsed.text(function) not in _SERVICE_CALLS:
            return None
        first = next((c for c in arguments.named_children if c.type != "comment"), None)
        return self.parsed.string(unwrap(first)) if first is not None else None


def _is_random_string(parsed: ParsedFile, function: Node) -> bool:
    """``ctx.randomString`` (whatever the context is called), or ``randomString`` taken
    out of it."""
    if function.type == "member_expression":
        prop = function.child_by_field_name("property")
        return prop is not None and parsed.text(prop) == "randomString"
    return function.type == "identifier" and parsed.text(function) == "randomString"
