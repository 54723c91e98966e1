"""A bounded static evaluator for TypeScript/JavaScript config files: read, never run.

Config files such as ``.railway/railway.ts`` and ``vercel.ts`` are programs that the platform
runs; stagelint must not (a pull request could put anything in them). This module interprets
the small, side-effect-free part of JavaScript that such files are written in, over the
tree-sitter tree of :mod:`stagelint.parsers.typescript`, and marks everything else
:class:`Unknown` with a short reason ("not checkable"), never a guess:

- literals (strings with escapes decoded, template strings, numbers, booleans, ``null``,
  ``undefined``), object and array literals with spreads, computed keys, shorthand
  properties; member access (``a.b``, ``a["b"]``, ``a?.b``); ``const``/``let``/``var``
  bindings with destructuring and defaults; assignments (also to properties: objects are
  mutable, as in JavaScript); ``if``/``else``, ternaries, ``&&``/``||``/``??``, comparisons,
  arithmetic and string concatenation; ``for...of``/``for...in`` over known arrays and
  objects; ``switch`` on a known value; ``try``/``catch``; ``throw``;
- calls of functions and arrow functions defined in the file (helpers), with parameters,
  defaults and destructuring; a few pure built-ins (``String()``, ``Number()``,
  ``Object.entries()``/``fromEntries()``/``assign()``/``freeze()``, string and array methods
  such as ``split``, ``join``, ``map``, ``filter``, ``includes``);
- whatever the *host* gives meaning to: imported functions and the objects they return
  (``service()`` of ``railway/iac``), parameters handed to a callback (Railway's ``ctx``).
  The host is a small class (:class:`Host`) the platform's reader provides.

A condition the evaluator cannot decide does not stop it: the branch that only throws is
ignored, names a branch assigns become unknown, and an object chosen by such a condition
(``...(flag ? {a: 1} : {})``) makes only the keys its branches set unknown.

Everything is bounded by a :class:`Budget`: evaluation steps (an array spread costs its
length, a string concatenation its size), nesting depth and call depth. Past it,
:class:`BudgetExceeded` is raised and the caller reports the file (SL001), whatever the file
does (an array that doubles 40 times in a few lines stops after the budget, in well under a
second). Messages and reasons never quote a string value: names and shapes only.

Usage::

    parsed = typescript.parse(source)
    evaluator = Evaluator(parsed, MyHost(), Budget())
    module = evaluator.run_module()           # top-level statements, in order
    program = module.default                  # the default export (a JsValue)
    result = evaluator.call(program, [ctx])   # call a function value defined in the file

Values carry the node that wrote them (``value.node``): a location is
``parsed.location(value.node)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from stagelint.model.regex import lazy
from stagelint.model.tuples import NamedTuple
from stagelint.parsers.typescript import ParsedFile, describe, string_value, unescape, unwrap

if TYPE_CHECKING:
    from tree_sitter import Node

__all__ = [
    "UNDEFINED",
    "Arr",
    "Budget",
    "BudgetExceeded",
    "Evaluator",
    "Func",
    "Host",
    "HostValue",
    "JsValue",
    "Module",
    "Obj",
    "Prim",
    "Prop",
    "Thrown",
    "Unknown",
    "is_nullish",
    "truthy",
]

MAX_STEPS = 100_000
"""Evaluation steps of a :class:`Budget` (one per expression or statement; a spread costs
its length, a string its size / 64, a call :data:`CALL_COST`). A real config file takes a
few thousand per environment. About 2 microseconds each: the whole budget of a small file
is spent in a fifth of a second."""
STEPS_PER_BYTE = 4
"""More steps per byte of the file (:meth:`Budget.for_source`): every expression written
takes at least a few bytes and is evaluated about once per environment."""
MAX_DEPTH = 150
"""Nesting of expressions, statements and calls, together (each costs a few Python frames)."""
CALL_COST = 8
"""Steps a call of a function defined in the file costs (a scope, its parameters)."""
MAX_CALLS = 48
"""Nested calls of functions defined in the file (recursion)."""
MAX_STRING = 1_000_000
"""Characters of one string built by concatenation."""


class BudgetExceeded(Exception):
    """Evaluation stopped: the file needs more than the budget. ``node`` is where."""

    def __init__(self, message: str, node: Node | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.node = node


class Budget:
    """What evaluation may spend; shared by everything the evaluations of one file do (every
    environment), so that the whole file is bounded. :meth:`for_source` scales the steps
    with the file's size: time stays proportional to the input, whatever the file does."""

    __slots__ = ("calls", "depth", "max_calls", "max_depth", "max_steps", "steps")

    def __init__(
        self, steps: int = MAX_STEPS, depth: int = MAX_DEPTH, calls: int = MAX_CALLS
    ) -> None:
        self.max_steps = steps
        self.max_depth = depth
        self.max_calls = calls
        self.steps = 0
        self.depth = 0
        self.calls = 0

    @classmethod
    def for_source(cls, size: int) -> Budget:
        """The budget of a file of ``size`` bytes: :data:`MAX_STEPS` plus
        :data:`STEPS_PER_BYTE` per byte (a large file legitimately takes more steps)."""
        return cls(steps=MAX_STEPS + STEPS_PER_BYTE * size)

    def spend(self, steps: int, node: Node | None) -> None:
        self.steps += steps
        if self.steps > self.max_steps:
            raise BudgetExceeded(
                f"the file needs more than {self.max_steps:,} evaluation steps (generated "
                "structures too large to check statically)",
                node,
            )


# -- values -------------------------------------------------------------------------------------
# Plain slotted classes, not dataclasses: created by the thousand, and imported with the
# first TypeScript file.


class _UndefinedType:
    __slots__ = ()

    def __repr__(self) -> str:
        return "undefined"


UNDEFINED: Any = _UndefinedType()
"""JavaScript's ``undefined`` as a :class:`Prim` value."""


class JsValue:
    """A value and the node that wrote it."""

    __slots__ = ("node",)

    def __init__(self, node: Node) -> None:
        self.node = node


class Prim(JsValue):
    """A primitive: ``str``, ``int``/``float`` (numbers), ``bool``, ``None`` (null) or
    :data:`UNDEFINED`. ``literal`` is True when the value is exactly the string literal at
    ``node`` (its characters stand in the file as they are, escapes aside)."""

    __slots__ = ("literal", "value")

    def __init__(self, value: Any, node: Node, literal: bool = False) -> None:
        super().__init__(node)
        self.value = value
        self.literal = literal

    def __repr__(self) -> str:
        if isinstance(self.value, str):
            return f"Prim(<string of {len(self.value)} chars>)"
        return f"Prim({self.value!r})"


class Prop:
    """One property of an object: its value and the key as written (None when computed
    away, e.g. copied by a spread of another object: the key node then is the original)."""

    __slots__ = ("key", "value")

    def __init__(self, value: JsValue, key: Node | None) -> None:
        self.value = value
        self.key = key


class Obj(JsValue):
    """An object. ``rest`` is set when an unknown spread (or computed key) may have set any
    key that is not written after it."""

    __slots__ = ("entries", "rest")

    def __init__(self, node: Node) -> None:
        super().__init__(node)
        self.entries: dict[str, Prop] = {}
        self.rest: Unknown | None = None

    def get(self, key: str) -> JsValue | None:
        """The value of ``key``; the unknown rest when it may set it; None when absent."""
        found = self.entries.get(key)
        if found is not None:
            return found.value
        return self.rest

    def __repr__(self) -> str:
        return f"Obj({list(self.entries)}, rest={self.rest is not None})"


class Arr(JsValue):
    """An array. ``rest`` is set when an unknown spread may have added items."""

    __slots__ = ("items", "rest")

    def __init__(self, node: Node, items: list[JsValue] | None = None) -> None:
        super().__init__(node)
        self.items: list[JsValue] = items if items is not None else []
        self.rest: Unknown | None = None

    def __repr__(self) -> str:
        return f"Arr({len(self.items)} items, rest={self.rest is not None})"


class Func(JsValue):
    """A function or arrow function defined in the file, with the scope it closes over."""

    __slots__ = ("name", "scope")

    def __init__(self, node: Node, scope: Scope, name: str | None = None) -> None:
        super().__init__(node)
        self.scope = scope
        self.name = name


class HostValue(JsValue):
    """Something the host gives meaning to (an imported function, a resource, a context
    object): ``kind`` names it, ``data`` is the host's own."""

    __slots__ = ("data", "kind")

    def __init__(self, kind: str, node: Node, data: Any = None) -> None:
        super().__init__(node)
        self.kind = kind
        self.data = data

    def __repr__(self) -> str:
        return f"HostValue({self.kind!r})"


class Unknown(JsValue):
    """Not checkable: ``reason`` says why (value-free). ``keys`` are the keys an unknown
    *object* may set (an object chosen by an undecidable condition), None for any key.
    ``env_var`` names the environment variable the value is read from, when it is one."""

    __slots__ = ("env_var", "keys", "reason")

    def __init__(
        self,
        reason: str,
        node: Node,
        keys: frozenset[str] | None = None,
        env_var: str | None = None,
    ) -> None:
        super().__init__(node)
        self.reason = reason
        self.keys = keys
        self.env_var = env_var

    def __repr__(self) -> str:
        return f"Unknown({self.reason!r})"


class Thrown(Unknown):
    """What a call returns when the code throws (``throw new Error(...)``, reading a property
    of ``undefined``): the program produces nothing for these inputs."""

    __slots__ = ()


def is_nullish(value: JsValue) -> bool:
    return isinstance(value, Prim) and (value.value is None or value.value is UNDEFINED)


def truthy(value: JsValue) -> bool | None:
    """JavaScript truthiness; None when unknown."""
    if isinstance(value, Prim):
        v = value.value
        if v is None or v is UNDEFINED or v is False:
            return False
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return not (v == 0 or (isinstance(v, float) and math.isnan(v)))
        if isinstance(v, str):
            return bool(v)
        return True
    if isinstance(value, Unknown):
        return None
    return True


# -- the host -----------------------------------------------------------------------------------


class Host:
    """What a platform's reader gives meaning to. The defaults know nothing: imports, calls
    and members of host values are unknown."""

    def imported(self, module: str, name: str, node: Node) -> JsValue:
        """The value bound by ``import {name} from module`` (``name`` is ``default`` or
        ``*`` for default and namespace imports)."""
        return Unknown(f"imported from '{_short(module)}'", node)

    def global_value(self, name: str, node: Node) -> JsValue | None:
        """A name the file uses without defining it; None: not the host's."""
        return None

    def call(self, callee: HostValue, args: list[JsValue], node: Node) -> JsValue:
        return Unknown(f"the result of {describe(node)}", node)

    def member(self, target: HostValue, key: str, node: Node) -> JsValue:
        return Unknown(f"{describe(node)} is not checkable", node)

    def assign(self, target: HostValue, key: str, value: JsValue, node: Node) -> None:
        """``target.key = value`` on a host value (ignored by default)."""

    def truthy(self, value: HostValue) -> bool | None:
        """Whether a host value is truthy (None: not known). Objects are, by default."""
        return True


# -- scopes and completions ---------------------------------------------------------------------


class Binding:
    __slots__ = ("kind", "value")

    def __init__(self, value: JsValue, kind: str) -> None:
        self.value = value
        self.kind = kind


class Scope:
    __slots__ = ("names", "parent")

    def __init__(self, parent: Scope | None = None) -> None:
        self.parent = parent
        self.names: dict[str, Binding] = {}

    def lookup(self, name: str) -> Binding | None:
        scope: Scope | None = self
        while scope is not None:
            found = scope.names.get(name)
            if found is not None:
                return found
            scope = scope.parent
        return None

    def declare(self, name: str, value: JsValue, kind: str) -> None:
        self.names[name] = Binding(value, kind)


class _Completion:
    """How a statement ended: ``return``/``throw`` carry a value; ``break``/``continue``."""

    __slots__ = ("kind", "value")

    def __init__(self, kind: str, value: JsValue | None = None) -> None:
        self.kind = kind
        self.value = value


class Module:
    """A module after its top-level statements ran: ``default`` export (None when absent),
    named ``exports`` (``module.exports``/``exports.X`` of CommonJS too), and the scope."""

    __slots__ = ("default", "exports", "scope", "thrown")

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.default: JsValue | None = None
        self.exports: dict[str, JsValue] = {}
        self.thrown: Thrown | None = None
        """Set when a top-level statement throws: the module does not load."""


_DECLARATIONS = frozenset({"lexical_declaration", "variable_declaration"})
_FUNCTION_NODES = frozenset(
    {"arrow_function", "function_expression", "function", "generator_function"}
)
_FUNCTION_DECLARATIONS = frozenset({"function_declaration", "generator_function_declaration"})
_LOOPS = frozenset({"for_statement", "while_statement", "do_statement"})
_TYPE_ONLY = frozenset(
    {
        "interface_declaration",
        "type_alias_declaration",
        "ambient_declaration",
        "abstract_class_declaration",
        "function_signature",
        "empty_statement",
        "debugger_statement",
        "comment",
    }
)


class Evaluator:
    """Interprets one parsed file with a host, within a budget (see the module docstring)."""

    def __init__(self, parsed: ParsedFile, host: Host, budget: Budget | None = None) -> None:
        self.parsed = parsed
        self.host = host
        self.budget = budget if budget is not None else Budget()
        self._texts: dict[int, str] = {}
        self._shapes: dict[int, tuple[Node, str]] = {}
        """Node id -> (the node unwrapped, its type): tree-sitter builds a new Python object
        and type string on every access, and helpers evaluate the same nodes again."""
        self._literals: dict[int, JsValue] = {}
        self._signatures: dict[int, _Signature] = {}

    # -- entry points ---------------------------------------------------------------------------

    def run_module(self) -> Module:
        """Run the top-level statements; :class:`BudgetExceeded` past the budget."""
        module = Module(Scope())
        try:
            self._hoist(self.parsed.root, module.scope)
            for statement in self.parsed.root.named_children:
                self._module_statement(statement, module)
        except _ModuleThrew as threw:
            module.thrown = threw.thrown
        except RecursionError as exc:
            raise BudgetExceeded("the file is nested too deeply to evaluate") from exc
        return module

    def call(self, function: JsValue, args: list[JsValue], node: Node | None = None) -> JsValue:
        """Call a function value (a :class:`Func`, or a host value the host can call)."""
        site = node if node is not None else function.node
        try:
            return self._call(function, args, site)
        except RecursionError as exc:
            raise BudgetExceeded("the file is nested too deeply to evaluate") from exc

    def value(self, node: Node, scope: Scope) -> JsValue:
        """The value of an expression node in ``scope``."""
        budget = self.budget
        budget.depth += 1
        try:
            if budget.depth > budget.max_depth:
                raise BudgetExceeded("the file is nested too deeply to evaluate", node)
            budget.spend(1, node)
            return self._value(node, scope)
        finally:
            budget.depth -= 1

    def truthy(self, value: JsValue) -> bool | None:
        """JavaScript truthiness; a host value asks the host (None: unknown)."""
        if isinstance(value, HostValue):
            return self.host.truthy(value)
        return truthy(value)

    def text(self, node: Node) -> str:
        """A node's source text (names, keys), decoded once per node."""
        key = node.id
        found = self._texts.get(key)
        if found is None:
            found = self._texts[key] = self.parsed.text(node)
        return found

    # -- the module -----------------------------------------------------------------------------

    def _module_statement(self, statement: Node, module: Module) -> None:
        kind = statement.type
        scope = module.scope
        if kind == "import_statement":
            self._import(statement, scope)
        elif kind == "export_statement":
            self._export(statement, module)
        elif kind == "expression_statement" and self._commonjs(statement, module):
            return
        else:
            done = self._statement(statement, scope)
            if done is not None and done.kind == "throw" and isinstance(done.value, Thrown):
                raise _ModuleThrew(done.value)  # nothing after it runs: the module fails

    def _import(self, statement: Node, scope: Scope) -> None:
        source = statement.child_by_field_name("source")
        module = (self.parsed.string(source) if source is not None else None) or "another file"
        for clause in statement.named_children:
            if clause.type == "import_require_clause":
                for child in clause.named_children:
                    if child.type == "identifier":
                        value = self.host.imported(module, "*", child)
                        scope.declare(self.text(child), value, "import")
                        break
            if clause.type != "import_clause":
                continue
            for part in clause.named_children:
                if part.type == "identifier":
                    value = self.host.imported(module, "default", part)
                    scope.declare(self.text(part), value, "import")
                elif part.type == "namespace_import":
                    for child in part.named_children:
                        if child.type == "identifier":
                            value = self.host.imported(module, "*", child)
                            scope.declare(self.text(child), value, "import")
                elif part.type == "named_imports":
                    for spec in part.named_children:
                        if spec.type != "import_specifier":
                            continue
                        name = spec.child_by_field_name("name")
                        alias = spec.child_by_field_name("alias") or name
                        if name is None or alias is None:
                            continue
                        imported = self.parsed.string(name) or self.text(name)
                        value = self.host.imported(module, imported, alias)
                        scope.declare(self.text(alias), value, "import")

    def _export(self, statement: Node, module: Module) -> None:
        scope = module.scope
        is_default = any(child.type == "default" for child in statement.children)
        declaration = statement.child_by_field_name("declaration")
        value = statement.child_by_field_name("value")
        if is_default:
            if declaration is not None:  # export default function f() {} / class
                if declaration.type in _FUNCTION_DECLARATIONS:
                    found = self._function_value(declaration, scope)
                else:
                    self._statement(declaration, scope)
                    found = Unknown(f"{describe(declaration)} is not checkable", declaration)
                module.default = found
            elif value is not None:
                module.default = self.value(value, scope)
            return
        if declaration is not None:
            self._statement(declaration, scope)
            for declared in _declared_names(declaration, self):
                found_binding = scope.lookup(declared)
                if found_binding is not None:
                    module.exports[declared] = found_binding.value
            return
        if statement.child_by_field_name("source") is not None:
            return  # `export ... from './x'`: another file
        for clause in statement.named_children:
            if clause.type != "export_clause":
                continue
            for specifier in clause.named_children:
                name = specifier.child_by_field_name("name")
                alias = specifier.child_by_field_name("alias") or name
                if name is None or alias is None:
                    continue
                binding = scope.lookup(self.text(name))
                found = (
                    binding.value
                    if binding is not None
                    else Unknown(f"'{self.text(name)}' is not defined in this file", name)
                )
                exported = self.parsed.string(alias) or self.text(alias)
                if exported == "default":
                    module.default = found
                else:
                    module.exports[exported] = found

    def _commonjs(self, statement: Node, module: Module) -> bool:
        """``module.exports = X``, ``exports.default = X``, ``module.exports.name = X``."""
        expr = statement.named_children[0] if statement.named_children else None
        if expr is None or expr.type != "assignment_expression":
            return False
        left = expr.child_by_field_name("left")
        right = expr.child_by_field_name("right")
        if left is None or right is None:
            return False
        target = self.text(left).replace(" ", "")
        if target in ("module.exports", "exports.default", "module.exports.default"):
            found = self.value(right, module.scope)
            module.default = found
            if isinstance(found, Obj) and target == "module.exports":
                for key, prop in found.entries.items():
                    module.exports.setdefault(key, prop.value)
            return True
        for prefix in ("module.exports.", "exports."):
            if target.startswith(prefix) and _IDENTIFIER.fullmatch(target[len(prefix) :]):
                module.exports[target[len(prefix) :]] = self.value(right, module.scope)
                return True
        return False

    # -- statements -----------------------------------------------------------------------------

    def _hoist(self, block: Node, scope: Scope) -> None:
        """Function declarations are usable before they appear (JavaScript hoists them)."""
        for statement in block.named_children:
            node = statement
            if node.type == "export_statement":
                inner = node.child_by_field_name("declaration")
                if inner is None:
                    continue
                node = inner
            if node.type in _FUNCTION_DECLARATIONS:
                name = node.child_by_field_name("name")
                if name is not None:
                    scope.declare(self.text(name), self._function_value(node, scope), "function")

    def _block(self, block: Node, scope: Scope) -> _Completion | None:
        inner = Scope(scope)
        self._hoist(block, inner)
        for statement in block.named_children:
            done = self._statement(statement, inner)
            if done is not None:
                return done
        return None

    def _statement(self, node: Node, scope: Scope) -> _Completion | None:
        budget = self.budget
        budget.depth += 1
        try:
            if budget.depth > budget.max_depth:
                raise BudgetExceeded("the file is nested too deeply to evaluate", node)
            budget.spend(1, node)
            return self._statement_inner(node, scope)
        finally:
            budget.depth -= 1

    def _statement_inner(self, node: Node, scope: Scope) -> _Completion | None:
        kind = node.type
        if kind in _DECLARATIONS:
            declared = node.children[0].type if node.children else "var"
            for declarator in node.named_children:
                if declarator.type != "variable_declarator":
                    continue
                name = declarator.child_by_field_name("name")
                init = declarator.child_by_field_name("value")
                found: JsValue = (
                    self.value(init, scope) if init is not None else Prim(UNDEFINED, declarator)
                )
                if name is not None:
                    self._bind(name, found, scope, declared)
            return None
        if kind == "expression_statement":
            for expr in node.named_children:
                self.value(expr, scope)
            return None
        if kind == "return_statement":
            argument = next((c for c in node.named_children if c.type != "comment"), None)
            returned = (
                self.value(argument, scope) if argument is not None else Prim(UNDEFINED, node)
            )
            return _Completion("return", returned)
        if kind == "throw_statement":
            where = self.parsed.location(node)
            return _Completion(
                "throw", Thrown(f"the code throws on line {where.line} (`throw`)", node)
            )
        if kind == "statement_block":
            return self._block(node, scope)
        if kind == "if_statement":
            return self._if(node, scope)
        if kind in _FUNCTION_DECLARATIONS:
            return None  # hoisted
        if kind in ("class_declaration", "enum_declaration", "module", "internal_module"):
            name = node.child_by_field_name("name")
            if name is not None:
                what = "a class" if kind == "class_declaration" else "a TypeScript declaration"
                scope.declare(
                    self.text(name), Unknown(f"'{self.text(name)}' is {what}", node), kind
                )
            return None
        if kind in _TYPE_ONLY:
            return None
        if kind in ("break_statement", "continue_statement"):
            if node.named_children:  # a label: not followed
                self._taint(node, scope, "changed inside a labelled loop")
            return _Completion("break" if kind == "break_statement" else "continue")
        if kind == "for_in_statement":
            return self._for_in(node, scope)
        if kind == "switch_statement":
            return self._switch(node, scope)
        if kind == "try_statement":
            return self._try(node, scope)
        if kind in _LOOPS or kind in ("labeled_statement", "with_statement"):
            return self._unknown_branch(node, scope, "changed inside a loop")
        if kind == "import_statement" or kind == "export_statement":
            return None  # only valid at the top level (handled there)
        return None

    def _if(self, node: Node, scope: Scope) -> _Completion | None:
        condition = node.child_by_field_name("condition")
        consequence = node.child_by_field_name("consequence")
        alternative = node.child_by_field_name("alternative")
        else_branch: Node | None = None
        if alternative is not None:  # else_clause wraps the statement
            else_branch = next((c for c in alternative.named_children if c.type != "comment"), None)
        cond = self.value(condition, scope) if condition is not None else None
        decided = self.truthy(cond) if cond is not None else None
        if decided is True:
            return self._statement(consequence, scope) if consequence is not None else None
        if decided is False:
            return self._statement(else_branch, scope) if else_branch is not None else None
        reason = "changed under a condition that is not checkable"
        if isinstance(cond, Unknown):
            reason += f" ({cond.reason})"
        results = [
            self._unknown_branch(branch, scope, reason)
            for branch in (consequence, else_branch)
            if branch is not None
        ]
        returned = [r for r in results if r is not None and r.kind == "return"]
        return returned[0] if returned else None

    def _unknown_branch(self, branch: Node, scope: Scope, reason: str) -> _Completion | None:
        """A statement that may or may not run: unless it can only throw, the names and
        properties it assigns become unknown; a ``return`` in it makes the result unknown."""
        if _only_throws(branch):
            return None
        self._taint(branch, scope, reason)
        if _returns(branch):
            return _Completion("return", Unknown(f"returned under a condition ({reason})", branch))
        return None

    def _taint(self, branch: Node, scope: Scope, reason: str) -> None:
        for target in _assigned(branch):
            self._forget(target, scope, reason)

    def _forget(self, target: Node, scope: Scope, reason: str) -> None:
        target = unwrap(target)
        unknown = Unknown(reason, target)
        if target.type == "identifier":
            binding = scope.lookup(self.text(target))
            if binding is not None:
                binding.value = unknown
            return
        if target.type not in ("member_expression", "subscript_expression"):
            return
        owner_node = target.child_by_field_name("object")
        if owner_node is None:
            return
        owner = self.value(owner_node, scope)
        key = self._member_key(target, scope)
        if isinstance(owner, Obj):
            if isinstance(key, str):
                owner.entries[key] = Prop(unknown, None)
            else:
                owner.rest = unknown
        elif isinstance(owner, Arr):
            owner.rest = unknown
        elif isinstance(owner, HostValue) and isinstance(key, str):
            self.host.assign(owner, key, unknown, target)

    def _for_in(self, node: Node, scope: Scope) -> _Completion | None:
        """``for (const x of <known array>)`` and ``for (const k in <known object>)`` run;
        any other loop makes what it assigns unknown."""
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        body = node.child_by_field_name("body")
        operator = node.child_by_field_name("operator")
        if left is None or right is None or body is None:
            return None
        iterable = self.value(right, scope)
        items: list[JsValue] | None = None
        if operator is not None and operator.type == "of":
            if isinstance(iterable, Arr) and iterable.rest is None:
                items = list(iterable.items)
        elif isinstance(iterable, Obj) and iterable.rest is None:
            items = [Prim(key, right) for key in iterable.entries]
        if items is None:
            return self._unknown_branch(
                node, scope, "changed inside a loop over values that are not checkable"
            )
        self.budget.spend(len(items), node)
        declared = next((c.type for c in node.children if c.type in ("const", "let", "var")), None)
        for item in items:
            inner = Scope(scope)
            if declared is not None:
                self._bind(left, item, inner, declared)
            else:
                self._assign_to(left, item, scope)
            done = self._statement(body, inner)
            if done is None or done.kind == "continue":
                continue
            if done.kind == "break":
                break
            return done
        return None

    def _switch(self, node: Node, scope: Scope) -> _Completion | None:
        value_node = node.child_by_field_name("value")
        body = node.child_by_field_name("body")
        if value_node is None or body is None:
            return None
        subject = self.value(value_node, scope)
        cases = [c for c in body.named_children if c.type in ("switch_case", "switch_default")]
        start: int | None = None
        if isinstance(subject, Prim):
            for index, case in enumerate(cases):
                test = case.child_by_field_name("value")
                if test is None:
                    continue
                matched = _strict_equal(subject, self.value(test, scope))
                if matched is None:
                    start = None
                    break
                if matched:
                    start = index
                    break
            else:
                start = next((i for i, c in enumerate(cases) if c.type == "switch_default"), -1)
        if start is None:
            return self._unknown_branch(node, scope, "chosen by a switch that is not checkable")
        if start < 0:
            return None
        inner = Scope(scope)
        for case in cases[start:]:
            for statement in case.named_children:
                if statement == case.child_by_field_name("value"):
                    continue
                done = self._statement(statement, inner)
                if done is None:
                    continue
                return None if done.kind == "break" else done
        return None

    def _try(self, node: Node, scope: Scope) -> _Completion | None:
        body = node.child_by_field_name("body")
        handler = node.child_by_field_name("handler")
        finalizer = node.child_by_field_name("finalizer")
        done = self._statement(body, scope) if body is not None else None
        if done is not None and done.kind == "throw" and handler is not None:
            inner = Scope(scope)
            parameter = handler.child_by_field_name("parameter")
            if parameter is not None:
                self._bind(parameter, Unknown("the error caught here", parameter), inner, "let")
            handler_body = handler.child_by_field_name("body")
            done = self._statement(handler_body, inner) if handler_body is not None else None
        if finalizer is not None:
            final_body = finalizer.child_by_field_name("body")
            ended = self._statement(final_body, scope) if final_body is not None else None
            if ended is not None:
                return ended
        return done

    # -- bindings -------------------------------------------------------------------------------

    def _bind(self, pattern: Node, value: JsValue, scope: Scope, kind: str) -> None:
        """Bind the names of a declaration pattern (identifier, object or array pattern)."""
        pattern = unwrap(pattern)
        ptype = pattern.type
        if ptype in ("identifier", "shorthand_property_identifier_pattern"):
            scope.declare(self.text(pattern), value, kind)
        elif ptype in ("assignment_pattern", "object_assignment_pattern"):
            left = pattern.child_by_field_name("left")
            right = pattern.child_by_field_name("right")
            if left is None:
                return
            if right is not None and isinstance(value, Prim) and value.value is UNDEFINED:
                value = self.value(right, scope)
            self._bind(left, value, scope, kind)
        elif ptype == "object_pattern":
            used: set[str] = set()
            for element in pattern.named_children:
                etype = element.type
                if etype in ("shorthand_property_identifier_pattern", "object_assignment_pattern"):
                    name_node = (
                        element
                        if etype == "shorthand_property_identifier_pattern"
                        else element.child_by_field_name("left")
                    )
                    if name_node is None:
                        continue
                    key = self.text(name_node)
                    used.add(key)
                    self._bind(element, self._get(value, key, element), scope, kind)
                elif etype == "pair_pattern":
                    key_node = element.child_by_field_name("key")
                    target = element.child_by_field_name("value")
                    pair_key = self._key(key_node, scope) if key_node is not None else None
                    if target is None:
                        continue
                    if pair_key is None:
                        self._bind_unknown(target, scope, kind, "a computed key")
                        continue
                    used.add(pair_key)
                    self._bind(target, self._get(value, pair_key, element), scope, kind)
                elif etype == "rest_pattern":
                    inner = element.named_children[0] if element.named_children else None
                    if inner is not None:
                        self._bind(inner, self._rest_of(value, used, element), scope, kind)
        elif ptype == "array_pattern":
            index = 0
            for element in pattern.named_children:
                if element.type == "rest_pattern":
                    inner = element.named_children[0] if element.named_children else None
                    if inner is not None:
                        rest: JsValue
                        if isinstance(value, Arr) and value.rest is None:
                            self.budget.spend(len(value.items), element)
                            rest = Arr(element, value.items[index:])
                        else:
                            rest = self._unknown_from(value, element, "the rest of an array")
                        self._bind(inner, rest, scope, kind)
                    break
                if element.type != "comment":
                    self._bind(element, self._get(value, index, element), scope, kind)
                    index += 1
        else:
            self._bind_unknown(pattern, scope, kind, f"{describe(pattern)} is not checkable")

    def _bind_unknown(self, pattern: Node, scope: Scope, kind: str, reason: str) -> None:
        for name in _pattern_names(pattern):
            scope.declare(self.text(name), Unknown(reason, name), kind)

    def _rest_of(self, value: JsValue, used: set[str], node: Node) -> JsValue:
        if not isinstance(value, Obj):
            return self._unknown_from(value, node, "the rest of an object")
        self.budget.spend(len(value.entries), node)
        rest = Obj(node)
        rest.entries = {k: p for k, p in value.entries.items() if k not in used}
        rest.rest = value.rest
        return rest

    def _unknown_from(self, value: JsValue, node: Node, what: str) -> Unknown:
        if isinstance(value, Unknown):
            return Unknown(value.reason, node, value.keys, value.env_var)
        return Unknown(f"{what} is not checkable", node)

    # -- expressions ----------------------------------------------------------------------------

    def _value(self, start: Node, scope: Scope) -> JsValue:
        shape = self._shapes.get(start.id)
        if shape is None:
            inner = unwrap(start)
            shape = self._shapes[start.id] = (inner, inner.type)
        node, kind = shape
        handler = _EXPRESSIONS.get(kind)
        if handler is not None:
            return handler(self, node, scope)
        if kind in ("await_expression", "yield_expression"):
            awaited = next((c for c in node.named_children if c.type != "comment"), None)
            return self.value(awaited, scope) if awaited is not None else Prim(UNDEFINED, node)
        if kind in _FUNCTION_NODES:
            return self._function_value(node, scope)
        return Unknown(f"{describe(start)} is not checkable", start)

    def _string(self, node: Node, scope: Scope) -> JsValue:
        known = self._literals.get(node.id)
        if known is not None:
            return known
        text = string_value(self.parsed.data, node)
        if text is not None:
            self.budget.spend(len(text) // 64, node)
            found = self._literals[node.id] = Prim(text, node, literal=True)
            return found
        # a template with substitutions: known when every part is
        parts: list[str] = []
        for child in node.children:
            if child.type == "template_substitution":
                inner = next((c for c in child.named_children if c.type != "comment"), None)
                part = self.value(inner, scope) if inner is not None else Prim("", child)
                text_part = self._to_string(part, child)
                if isinstance(text_part, Unknown):
                    return Unknown(f"a template string with {text_part.reason}", node)
                parts.append(text_part)
            elif child.type == "escape_sequence":
                parts.append(unescape(self.text(child)))
            elif child.type == "string_fragment":
                parts.append(self.text(child).replace("\r\n", "\n").replace("\r", "\n"))
        return self._new_string("".join(parts), node)

    def _new_string(self, text: str, node: Node) -> Prim:
        if len(text) > MAX_STRING:
            raise BudgetExceeded(
                f"a string built by the file exceeds {MAX_STRING:,} characters", node
            )
        self.budget.spend(len(text) // 64, node)
        return Prim(text, node)

    def _number(self, node: Node, scope: Scope) -> JsValue:
        known = self._literals.get(node.id)
        if known is None:
            known = self._literals[node.id] = self._parse_number(node)
        return known

    def _parse_number(self, node: Node) -> JsValue:
        text = self.text(node).replace("_", "")
        lowered = text.lower()
        try:
            if lowered.endswith("n"):
                return Unknown("a BigInt is not checkable", node)
            if lowered.startswith("0x"):
                return Prim(int(lowered[2:], 16), node)
            if lowered.startswith("0o"):
                return Prim(int(lowered[2:], 8), node)
            if lowered.startswith("0b"):
                return Prim(int(lowered[2:], 2), node)
            if lowered.isdigit():
                return Prim(int(lowered), node)
            number = float(lowered)
        except ValueError:
            return Unknown("a number that is not checkable", node)
        return Prim(int(number) if number.is_integer() and abs(number) < 2**53 else number, node)

    def _identifier(self, node: Node, scope: Scope) -> JsValue:
        name = self.text(node)
        binding = scope.lookup(name)
        if binding is not None:
            return binding.value
        if name == "undefined":
            return Prim(UNDEFINED, node)
        if name == "NaN":
            return Prim(math.nan, node)
        if name == "Infinity":
            return Prim(math.inf, node)
        hosted = self.host.global_value(name, node)
        if hosted is not None:
            return hosted
        if name in _BUILTIN_NAMES:
            return HostValue(f"builtin:{name}", node)
        return Unknown(f"'{name}' is not defined in this file", node)

    def _object(self, node: Node, scope: Scope) -> JsValue:
        result = Obj(node)
        for child in node.named_children:
            kind = child.type
            if kind == "pair":
                key_node = child.child_by_field_name("key")
                value_node = child.child_by_field_name("value")
                if key_node is None or value_node is None:
                    continue
                key = self._key(key_node, scope)
                found = self.value(value_node, scope)
                if isinstance(key, str):
                    result.entries[key] = Prop(found, key_node)
                else:
                    result.entries.clear()
                    result.rest = Unknown("a computed property name may set it", child)
            elif kind == "shorthand_property_identifier":
                name = self.text(child)
                result.entries[name] = Prop(self._identifier(child, scope), child)
            elif kind == "method_definition":
                name_node = child.child_by_field_name("name")
                key = self._key(name_node, scope) if name_node is not None else None
                if isinstance(key, str):
                    result.entries[key] = Prop(self._function_value(child, scope), name_node)
            elif kind == "spread_element":
                inner = next((c for c in child.named_children if c.type != "comment"), None)
                if inner is not None:
                    self._spread_into(result, self.value(inner, scope), child)
        return result

    def _spread_into(self, target: Obj, spread: JsValue, node: Node) -> None:
        if isinstance(spread, Obj):
            self.budget.spend(len(spread.entries), node)
            if spread.rest is not None:
                target.entries.clear()
                target.rest = Unknown(
                    f"may be set by a spread ({spread.rest.reason})", node, spread.rest.keys
                )
            target.entries.update(spread.entries)
        elif isinstance(spread, Arr):
            self.budget.spend(len(spread.items), node)
            for index, item in enumerate(spread.items):
                target.entries[str(index)] = Prop(item, None)
        elif isinstance(spread, Unknown):
            if spread.keys is not None:
                self.budget.spend(len(spread.keys), node)
                for key in spread.keys:
                    target.entries[key] = Prop(Unknown(spread.reason, node), None)
            else:
                target.entries.clear()
                target.rest = Unknown(
                    f"may be set by the spread of {describe(_spread_argument(node))} "
                    f"({spread.reason})",
                    node,
                )
        elif isinstance(spread, HostValue):
            target.entries.clear()
            target.rest = Unknown(f"may be set by the spread of {describe(node)}", node)
        # primitives, null, undefined and functions spread nothing worth knowing

    def _array(self, node: Node, scope: Scope) -> JsValue:
        result = Arr(node)
        for child in node.named_children:
            if child.type == "comment":
                continue
            if child.type != "spread_element":
                result.items.append(self.value(child, scope))
                continue
            inner = next((c for c in child.named_children if c.type != "comment"), None)
            if inner is None:
                continue
            spread = self.value(inner, scope)
            if isinstance(spread, Arr):
                self.budget.spend(len(spread.items), child)
                result.items.extend(spread.items)
                if spread.rest is not None:
                    result.rest = spread.rest
            elif isinstance(spread, Prim) and isinstance(spread.value, str):
                self.budget.spend(len(spread.value), child)
                result.items.extend(Prim(ch, child) for ch in spread.value)
            else:
                reason = spread.reason if isinstance(spread, Unknown) else "not an array"
                result.rest = Unknown(
                    f"items spread from {describe(inner)} are not checkable ({reason})", child
                )
        return result

    def _member(self, node: Node, scope: Scope) -> JsValue:
        target_node = node.child_by_field_name("object")
        if target_node is None:
            return Unknown(f"{describe(node)} is not checkable", node)
        target = self.value(target_node, scope)
        optional = any(c.type in ("optional_chain", "?.") for c in node.children)
        key = self._member_key(node, scope)
        if isinstance(key, Unknown):
            if is_nullish(target) and optional:
                return Prim(UNDEFINED, node)
            return Unknown(f"{describe(node)} is a computed property ({key.reason})", node)
        if is_nullish(target):
            if optional:
                return Prim(UNDEFINED, node)
            return Thrown(f"{describe(node)} reads a property of null or undefined", node)
        return self._get(target, key, node)

    def _member_key(self, node: Node, scope: Scope) -> str | int | Unknown:
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            return self.text(prop) if prop is not None else Unknown("no property", node)
        index = node.child_by_field_name("index")
        if index is None:
            return Unknown("no index", node)
        found = self.value(index, scope)
        if isinstance(found, Prim):
            v = found.value
            if isinstance(v, bool):
                return "true" if v else "false"
            if isinstance(v, int):
                return v
            if isinstance(v, float) and v.is_integer():
                return int(v)
            if isinstance(v, str):
                return v
        if isinstance(found, Unknown):
            return found
        return Unknown("a computed key", index)

    def _key(self, node: Node, scope: Scope) -> str | None:
        """A property key's name; None for a computed key that is not checkable."""
        kind = node.type
        if kind in ("property_identifier", "identifier", "private_property_identifier"):
            return self.text(node)
        if kind == "string":
            return self.parsed.string(node)
        if kind == "number":
            number = self._number(node, scope)
            return _prim_string(number.value) if isinstance(number, Prim) else None
        if kind == "computed_property_name":
            inner = next((c for c in node.named_children if c.type != "comment"), None)
            if inner is None:
                return None
            found = self._to_string(self.value(inner, scope), node)
            return found if isinstance(found, str) else None
        return None

    def _get(self, target: JsValue, key: str | int, node: Node) -> JsValue:
        """``target[key]`` for a known key."""
        if isinstance(target, Unknown):
            return Unknown(target.reason, node, env_var=None)
        if isinstance(target, Obj):
            found = target.get(str(key))
            if found is None:
                return Prim(UNDEFINED, node)
            return found
        if isinstance(target, Arr):
            if key == "length":
                if target.rest is not None:
                    return Unknown(target.rest.reason, node)
                return Prim(len(target.items), node)
            if isinstance(key, str) and key.isdigit():
                key = int(key)
            if isinstance(key, int):
                if 0 <= key < len(target.items):
                    return target.items[key]
                if target.rest is not None:
                    return Unknown(target.rest.reason, node)
                return Prim(UNDEFINED, node)
            return HostValue(f"method:{key}", node, target)
        if isinstance(target, Prim):
            v = target.value
            if isinstance(v, str):
                if key == "length":
                    return Prim(len(v), node)
                if isinstance(key, int):
                    return Prim(v[key], node) if 0 <= key < len(v) else Prim(UNDEFINED, node)
                return HostValue(f"method:{key}", node, target)
            if is_nullish(target):
                return Thrown(f"{describe(node)} reads a property of null or undefined", node)
            return Prim(UNDEFINED, node)
        if isinstance(target, HostValue):
            if target.kind in _ENVIRONMENT_OBJECTS:
                return Unknown(
                    f"read from the environment variable {key} when the file runs",
                    node,
                    env_var=str(key),
                )
            if target.kind.startswith("builtin:"):
                return HostValue(f"{target.kind}.{key}", node)
            if target.kind.startswith("method:"):
                return Unknown(f"{describe(node)} is not checkable", node)
            return self.host.member(target, str(key), node)
        return Unknown(f"{describe(node)} is not checkable", node)

    # -- operators ------------------------------------------------------------------------------

    def _binary(self, node: Node, scope: Scope) -> JsValue:
        operator = node.child_by_field_name("operator")
        left_node = node.child_by_field_name("left")
        right_node = node.child_by_field_name("right")
        if operator is None or left_node is None or right_node is None:
            return Unknown("a binary expression that is not checkable", node)
        op = operator.type
        left = self.value(left_node, scope)
        if op in ("&&", "||", "??"):
            return self._logical(op, left, right_node, node, scope)
        right = self.value(right_node, scope)
        return self._operate(op, left, right, node)

    def _logical(
        self, op: str, left: JsValue, right_node: Node, node: Node, scope: Scope
    ) -> JsValue:
        if op == "??":
            if isinstance(left, Unknown):
                return self._either(left, [left, self.value(right_node, scope)], node)
            return self.value(right_node, scope) if is_nullish(left) else left
        decided = self.truthy(left)
        if decided is None:
            left = _as_unknown(left)
            right = self.value(right_node, scope)
            if op == "&&":
                # when the left side is chosen it is falsy, and a spread of it adds nothing
                return self._either(left, [right], node)
            return self._either(left, [left, right], node)
        if op == "&&":
            return self.value(right_node, scope) if decided else left
        return left if decided else self.value(right_node, scope)

    def _either(self, cause: Unknown, sides: list[JsValue], node: Node) -> JsValue:
        """What a choice the evaluator cannot make gives: the value every side shares, or an
        unknown that knows which keys an object from any side may set (for spreads)."""
        first = sides[0]
        if (
            len(sides) == 2
            and isinstance(first, Prim)
            and isinstance(sides[1], Prim)
            and _strict_equal(first, sides[1])
        ):
            return first
        reason = f"chosen by a condition that is not checkable ({cause.reason})"
        keys: set[str] = set()
        self.budget.spend(sum(_size(side) for side in sides), node)
        for side in sides:
            if isinstance(side, Obj) and side.rest is None:
                keys.update(side.entries)
            elif isinstance(side, Unknown) and side.keys is not None:
                keys.update(side.keys)
            elif not (isinstance(side, Prim) and not truthy(side)):
                return Unknown(reason, node)  # may be an object with any keys
        return Unknown(reason, node, frozenset(keys))

    def _ternary(self, node: Node, scope: Scope) -> JsValue:
        condition = node.child_by_field_name("condition")
        consequence = node.child_by_field_name("consequence")
        alternative = node.child_by_field_name("alternative")
        if condition is None or consequence is None or alternative is None:
            return Unknown("a conditional expression that is not checkable", node)
        cond = self.value(condition, scope)
        decided = self.truthy(cond)
        if decided is True:
            return self.value(consequence, scope)
        if decided is False:
            return self.value(alternative, scope)
        sides = [self.value(consequence, scope), self.value(alternative, scope)]
        return self._either(_as_unknown(cond), sides, node)

    def _operate(self, op: str, left: JsValue, right: JsValue, node: Node) -> JsValue:
        if op in ("===", "!==", "==", "!="):
            if op in ("==", "!=") and is_nullish(left) and is_nullish(right):
                equal: bool | None = True
            elif op in ("==", "!="):
                equal = _loose_equal(left, right)
            else:
                equal = _strict_equal(left, right)
            if equal is None:
                return self._unknown_operands(left, right, node, "a comparison")
            return Prim(equal if op in ("===", "==") else not equal, node)
        if op == "+":
            if isinstance(left, Prim) and isinstance(right, Prim):
                lv, rv = left.value, right.value
                if isinstance(lv, str) or isinstance(rv, str):
                    lt, rt = self._to_string(left, node), self._to_string(right, node)
                    if isinstance(lt, str) and isinstance(rt, str):
                        return self._new_string(lt + rt, node)
                elif _is_number(lv) and _is_number(rv):
                    return Prim(_number_result(lv + rv), node)
            if isinstance(left, (Arr, Obj)) or isinstance(right, (Arr, Obj)):
                lt, rt = self._to_string(left, node), self._to_string(right, node)
                if isinstance(lt, str) and isinstance(rt, str):
                    return self._new_string(lt + rt, node)
            return self._unknown_operands(left, right, node, "a sum")
        if op in ("-", "*", "/", "%", "**", "<", ">", "<=", ">="):
            lv = left.value if isinstance(left, Prim) else None
            rv = right.value if isinstance(right, Prim) else None
            if op in ("<", ">", "<=", ">=") and isinstance(lv, str) and isinstance(rv, str):
                return Prim(_compare(op, lv, rv), node)
            if (
                isinstance(left, Prim)
                and isinstance(right, Prim)
                and _is_number(lv)
                and _is_number(rv)
            ):
                if op in ("<", ">", "<=", ">="):
                    return Prim(_compare(op, lv, rv), node)
                return Prim(_arithmetic(op, left.value, right.value), node)
            return self._unknown_operands(left, right, node, "arithmetic")
        return self._unknown_operands(left, right, node, f"the '{op}' operator")

    def _unknown_operands(self, left: JsValue, right: JsValue, node: Node, what: str) -> Unknown:
        for side in (left, right):
            if isinstance(side, Unknown):
                return Unknown(side.reason, node)
        return Unknown(f"{what} that is not checkable", node)

    def _unary(self, node: Node, scope: Scope) -> JsValue:
        operator = node.child_by_field_name("operator")
        argument = node.child_by_field_name("argument")
        if operator is None or argument is None:
            return Unknown("a unary expression that is not checkable", node)
        op = operator.type
        value = self.value(argument, scope)
        if op == "!":
            decided = self.truthy(value)
            if decided is None:
                return Unknown(_as_unknown(value).reason, node)
            return Prim(not decided, node)
        if op == "void":
            return Prim(UNDEFINED, node)
        if op == "typeof":
            return _typeof(value, node)
        if isinstance(value, Prim) and _is_number(value.value):
            if op == "-":
                return Prim(_number_result(-value.value), node)
            if op == "+":
                return value if not isinstance(value.value, bool) else Prim(int(value.value), node)
        if isinstance(value, Unknown):
            return Unknown(value.reason, node)
        return Unknown(f"the '{op}' operator that is not checkable", node)

    def _assignment(self, node: Node, scope: Scope) -> JsValue:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is None or right is None:
            return Unknown("an assignment that is not checkable", node)
        value = self.value(right, scope)
        self._assign_to(left, value, scope)
        return value

    def _augmented(self, node: Node, scope: Scope) -> JsValue:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        operator = node.child_by_field_name("operator")
        if left is None or right is None or operator is None:
            return Unknown("an assignment that is not checkable", node)
        op = operator.type[:-1]
        current = self.value(left, scope)
        if op in ("&&", "||", "??"):
            result = self._logical(op, current, right, node, scope)
        else:
            result = self._operate(op, current, self.value(right, scope), node)
        self._assign_to(left, result, scope)
        return result

    def _update(self, node: Node, scope: Scope) -> JsValue:
        argument = node.child_by_field_name("argument")
        if argument is None:
            return Unknown("an update that is not checkable", node)
        current = self.value(argument, scope)
        step = 1 if "++" in self.text(node) else -1
        if isinstance(current, Prim) and _is_number(current.value):
            result: JsValue = Prim(_number_result(current.value + step), node)
        else:
            result = self._unknown_from(current, node, "an update")
        self._assign_to(argument, result, scope)
        return result

    def _assign_to(self, target: Node, value: JsValue, scope: Scope) -> None:
        target = unwrap(target)
        if target.type == "identifier":
            binding = scope.lookup(self.text(target))
            if binding is not None:
                binding.value = value
            return
        if target.type in ("member_expression", "subscript_expression"):
            owner_node = target.child_by_field_name("object")
            if owner_node is None:
                return
            owner = self.value(owner_node, scope)
            key = self._member_key(target, scope)
            key_node = target.child_by_field_name("property") or target.child_by_field_name("index")
            if isinstance(owner, Obj):
                if isinstance(key, Unknown):
                    owner.rest = Unknown(f"set through a computed key ({key.reason})", target)
                else:
                    owner.entries[str(key)] = Prop(value, key_node)
            elif isinstance(owner, Arr):
                if isinstance(key, int) and 0 <= key < len(owner.items):
                    owner.items[key] = value
                elif isinstance(key, int) and key == len(owner.items):
                    owner.items.append(value)
                else:
                    owner.rest = Unknown("an item set through an index", target)
            elif isinstance(owner, HostValue) and isinstance(key, str):
                self.host.assign(owner, key, value, target)
            return
        for name in _pattern_names(target):  # destructuring assignment: not followed
            binding = scope.lookup(self.text(name))
            if binding is not None:
                binding.value = Unknown("set by a destructuring assignment", name)

    def _sequence(self, node: Node, scope: Scope) -> JsValue:
        last: JsValue = Prim(UNDEFINED, node)
        for child in node.named_children:
            if child.type != "comment":
                last = self.value(child, scope)
        return last

    # -- functions and calls --------------------------------------------------------------------

    def _function_value(self, node: Node, scope: Scope) -> JsValue:
        if node.type in ("generator_function", "generator_function_declaration") or any(
            c.type == "*" for c in node.children
        ):
            return Unknown("a generator function is not checkable", node)
        name_node = node.child_by_field_name("name")
        return Func(node, scope, self.text(name_node) if name_node is not None else None)

    def _call_expression(self, node: Node, scope: Scope) -> JsValue:
        function_node = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if function_node is None:
            return Unknown(f"the result of {describe(node)}", node)
        if arguments is not None and arguments.type == "template_string":
            return Unknown(f"the result of {describe(node)} (a tagged template)", node)
        callee = self.value(function_node, scope)
        optional = any(c.type in ("optional_chain", "?.") for c in node.children)
        if optional and is_nullish(callee):
            return Prim(UNDEFINED, node)
        args = self._arguments(arguments, scope) if arguments is not None else []
        return self._call(callee, args, node)

    def _arguments(self, arguments: Node, scope: Scope) -> list[JsValue]:
        args: list[JsValue] = []
        for child in arguments.named_children:
            if child.type == "comment":
                continue
            if child.type == "spread_element":
                inner = next((c for c in child.named_children if c.type != "comment"), None)
                spread = self.value(inner, scope) if inner is not None else None
                if isinstance(spread, Arr) and spread.rest is None:
                    self.budget.spend(len(spread.items), child)
                    args.extend(spread.items)
                else:
                    args.append(
                        Unknown("arguments spread from a value that is not checkable", child)
                    )
                continue
            args.append(self.value(child, scope))
        return args

    def _call(self, callee: JsValue, args: list[JsValue], node: Node) -> JsValue:
        if isinstance(callee, Func):
            return self._call_function(callee, args, node)
        if isinstance(callee, HostValue):
            if callee.kind.startswith("builtin:"):
                return _builtin_call(self, callee.kind[8:], args, node)
            if callee.kind.startswith("method:"):
                return _method_call(self, callee.data, callee.kind[7:], args, node)
            return self.host.call(callee, args, node)
        if isinstance(callee, Unknown):
            return Unknown(f"the result of {describe(node)} ({callee.reason})", node)
        if is_nullish(callee):
            return Thrown(f"{describe(node)} calls null or undefined", node)
        return Unknown(f"the result of {describe(node)}", node)

    def _call_function(self, function: Func, args: list[JsValue], node: Node) -> JsValue:
        budget = self.budget
        budget.spend(CALL_COST, node)
        if budget.calls >= budget.max_calls:
            raise BudgetExceeded(
                f"calls nest more than {budget.max_calls} deep (recursion is not checkable)", node
            )
        budget.calls += 1
        try:
            signature = self._signature(function.node)
            scope = Scope(function.scope)
            if function.name is not None and signature.named_expression:
                scope.declare(function.name, function, "function")
            for index, (pattern, default, rest) in enumerate(signature.parameters):
                if rest:
                    self._bind(pattern, Arr(pattern, args[index:]), scope, "let")
                    break
                arg = args[index] if index < len(args) else Prim(UNDEFINED, pattern)
                if default is not None and isinstance(arg, Prim) and arg.value is UNDEFINED:
                    arg = self.value(default, scope)
                self._bind(pattern, arg, scope, "let")
            body = signature.body
            if body is None:
                return Prim(UNDEFINED, node)
            if not signature.block:
                return self.value(body, scope)
            done = self._block(body, scope)
            if done is not None and done.kind in ("return", "throw") and done.value is not None:
                return done.value
            return Prim(UNDEFINED, node)
        finally:
            budget.calls -= 1

    def _signature(self, definition: Node) -> _Signature:
        found = self._signatures.get(definition.id)
        if found is not None:
            return found
        parameters: list[tuple[Node, Node | None, bool]] = []
        single = definition.child_by_field_name("parameter")
        if single is not None:
            parameters.append((single, None, False))
        else:
            listed = definition.child_by_field_name("parameters")
            for parameter in listed.named_children if listed is not None else ():
                if parameter.type == "comment":
                    continue
                pattern = parameter.child_by_field_name("pattern") or parameter
                if pattern.type == "this":
                    continue
                if pattern.type == "rest_pattern":
                    inner = pattern.named_children[0] if pattern.named_children else None
                    if inner is not None:
                        parameters.append((inner, None, True))
                    break
                parameters.append((pattern, parameter.child_by_field_name("value"), False))
        body = definition.child_by_field_name("body")
        found = _Signature(
            tuple(parameters),
            body,
            body is not None and body.type == "statement_block",
            definition.type == "function_expression",
        )
        self._signatures[definition.id] = found
        return found

    # -- conversions ----------------------------------------------------------------------------

    def _to_string(self, value: JsValue, node: Node) -> str | Unknown:
        if isinstance(value, Prim):
            return _prim_string(value.value)
        if isinstance(value, Arr):
            if value.rest is not None:
                return Unknown(value.rest.reason, node)
            self.budget.spend(len(value.items), node)
            parts = []
            for item in value.items:
                if is_nullish(item):
                    parts.append("")
                    continue
                text = self._to_string(item, node)
                if isinstance(text, Unknown):
                    return text
                parts.append(text)
            return ",".join(parts)
        if isinstance(value, Obj):
            return "[object Object]"
        if isinstance(value, Unknown):
            return value
        return Unknown(f"{describe(node)} as text is not checkable", node)


class _Signature(NamedTuple):
    """A function's parameters (pattern, default, is-rest), body, and whether the body is a
    block; ``named_expression``: a named function expression sees its own name."""

    parameters: tuple[tuple[Node, Node | None, bool], ...]
    body: Node | None
    block: bool
    named_expression: bool


class _ModuleThrew(Exception):
    def __init__(self, thrown: Thrown) -> None:
        super().__init__("the module throws")
        self.thrown = thrown


# -- helpers ------------------------------------------------------------------------------------

_IDENTIFIER = lazy(r"[A-Za-z_$][A-Za-z0-9_$]*")
_BUILTIN_NAMES = frozenset(
    {"String", "Number", "Boolean", "Object", "Array", "JSON", "Math", "process"}
)
_ENVIRONMENT_OBJECTS = frozenset({"builtin:process.env", "builtin:import.meta.env"})
"""``process.env`` and ``import.meta.env``: what is read from them is known when the file
runs, not before."""
_MUTATORS = frozenset(
    {"push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "set", "add",
     "delete", "clear"}
)  # fmt: skip


def _as_unknown(value: JsValue) -> Unknown:
    """A value whose truth is not known (an unknown, or a host value the host cannot
    judge) as an :class:`Unknown` carrying its reason."""
    if isinstance(value, Unknown):
        return value
    return Unknown(f"{describe(value.node)} is not checkable", value.node)


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _number_result(value: float) -> float:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _arithmetic(op: str, left: float, right: float) -> float:
    try:
        if op == "-":
            return _number_result(left - right)
        if op == "*":
            return _number_result(left * right)
        if op == "/":
            if right == 0:
                return math.nan if left == 0 or math.isnan(left) else math.copysign(math.inf, left)
            return _number_result(left / right)
        if op == "%":
            if right == 0:
                return math.nan
            return _number_result(math.fmod(left, right))
        if op == "**":
            if abs(right) > 1024:
                return math.nan if math.isnan(left) else math.inf
            return _number_result(float(left) ** right)
    except (OverflowError, ValueError, ZeroDivisionError):
        return math.nan
    return math.nan


def _compare(op: str, left: Any, right: Any) -> bool:
    if op == "<":
        return bool(left < right)
    if op == ">":
        return bool(left > right)
    if op == "<=":
        return bool(left <= right)
    return bool(left >= right)


def _prim_string(value: Any) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value))
        return repr(value)
    return str(value)


def _category(value: Any) -> str:
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "string"


def _strict_equal(left: JsValue, right: JsValue) -> bool | None:
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return None
    if isinstance(left, Prim) and isinstance(right, Prim):
        if _category(left.value) != _category(right.value):
            return False
        if isinstance(left.value, float) and math.isnan(left.value):
            return False
        return bool(left.value == right.value)
    if isinstance(left, Prim) or isinstance(right, Prim):
        return False
    if left is right:
        return True
    if isinstance(left, HostValue) or isinstance(right, HostValue):
        return None  # the host may hand out equal values as different objects
    return False


def _loose_equal(left: JsValue, right: JsValue) -> bool | None:
    if isinstance(left, Prim) and isinstance(right, Prim):
        lc, rc = _category(left.value), _category(right.value)
        if lc == rc:
            return _strict_equal(left, right)
        if {lc, rc} == {"null", "undefined"}:
            return True
        if "null" in (lc, rc) or "undefined" in (lc, rc):
            return False
        return None
    return _strict_equal(left, right)


def _typeof(value: JsValue, node: Node) -> JsValue:
    if isinstance(value, Prim):
        v = value.value
        names = {"null": "object", "undefined": "undefined", "boolean": "boolean"}
        return Prim(names.get(_category(v), _category(v)), node)
    if isinstance(value, (Obj, Arr)):
        return Prim("object", node)
    if isinstance(value, Func):
        return Prim("function", node)
    if isinstance(value, Unknown):
        return Unknown(value.reason, node)
    return Unknown("the type of a value that is not checkable", node)


def _spread_argument(node: Node) -> Node:
    return next((c for c in node.named_children if c.type != "comment"), node)


def _declared_names(declaration: Node, evaluator: Evaluator) -> list[str]:
    if declaration.type in _DECLARATIONS:
        names: list[str] = []
        for declarator in declaration.named_children:
            name = declarator.child_by_field_name("name")
            if name is not None:
                names.extend(evaluator.text(n) for n in _pattern_names(name))
        return names
    name = declaration.child_by_field_name("name")
    return [evaluator.text(name)] if name is not None else []


def _pattern_names(node: Node) -> list[Node]:
    """Every name a declaration or destructuring pattern binds (iterative)."""
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


def _walk_statements(node: Node) -> Iterator[Node]:
    """Every node under ``node``, not entering nested functions (iterative)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        for child in current.children:
            if child.type in _FUNCTION_NODES or child.type in _FUNCTION_DECLARATIONS:
                continue
            if child.type in ("class_declaration", "class", "method_definition"):
                continue
            stack.append(child)


def _assigned(branch: Node) -> list[Node]:
    """The targets a statement may change: assigned names and properties, updated names,
    and arrays or objects a method call may change (``list.push(x)``)."""
    targets: list[Node] = []
    for node in _walk_statements(branch):
        kind = node.type
        if kind in ("assignment_expression", "augmented_assignment_expression"):
            left = node.child_by_field_name("left")
            if left is not None:
                targets.append(left)
        elif kind == "update_expression":
            argument = node.child_by_field_name("argument")
            if argument is not None:
                targets.append(argument)
        elif kind == "call_expression":
            function = node.child_by_field_name("function")
            if function is not None and function.type == "member_expression":
                owner = function.child_by_field_name("object")
                method = function.child_by_field_name("property")
                if owner is not None and method is not None and method.text in _MUTATOR_BYTES:
                    targets.append(owner)
    return targets


_MUTATOR_BYTES = frozenset(name.encode() for name in _MUTATORS)


def _returns(branch: Node) -> bool:
    return any(node.type == "return_statement" for node in _walk_statements(branch))


def _only_throws(branch: Node) -> bool:
    """A statement that can only end by throwing (``throw x`` or a block ending with one,
    with no return or loop control before it)."""
    node = branch
    while node.type == "statement_block":
        statements = [c for c in node.named_children if c.type != "comment"]
        if not statements:
            return False
        if any(
            n.type in ("return_statement", "break_statement", "continue_statement")
            for s in statements[:-1]
            for n in _walk_statements(s)
        ):
            return False
        node = statements[-1]
    return node.type == "throw_statement"


# -- built-ins ----------------------------------------------------------------------------------


def _builtin_call(ev: Evaluator, name: str, args: list[JsValue], node: Node) -> JsValue:
    first = args[0] if args else Prim(UNDEFINED, node)
    ev.budget.spend(_size(first), node)  # the call is one expression, its work is not
    if name == "String":
        text = ev._to_string(first, node)
        return text if isinstance(text, Unknown) else ev._new_string(text, node)
    if name == "Number":
        if isinstance(first, Prim):
            v = first.value
            if _is_number(v):
                return Prim(v, node)
            if isinstance(v, bool):
                return Prim(int(v), node)
            if isinstance(v, str):
                try:
                    return Prim(_number_result(float(v.strip() or "0")), node)
                except ValueError:
                    return Prim(math.nan, node)
        return ev._unknown_from(first, node, "a number")
    if name == "Boolean":
        decided = ev.truthy(first)
        return Prim(decided, node) if decided is not None else ev._unknown_from(first, node, "")
    if name in ("Object.freeze", "Object.seal"):
        return first
    if name == "Object.keys" and isinstance(first, Obj) and first.rest is None:
        return Arr(node, [Prim(key, node) for key in first.entries])
    if name == "Object.values" and isinstance(first, Obj) and first.rest is None:
        return Arr(node, [prop.value for prop in first.entries.values()])
    if name == "Object.entries" and isinstance(first, Obj) and first.rest is None:
        ev.budget.spend(len(first.entries), node)
        return Arr(node, [Arr(node, [Prim(k, node), p.value]) for k, p in first.entries.items()])
    if name == "Object.fromEntries" and isinstance(first, Arr) and first.rest is None:
        result = Obj(node)
        for pair in first.items:
            if not isinstance(pair, Arr) or len(pair.items) < 2:
                result.rest = Unknown("an entry that is not checkable", node)
                continue
            key = ev._to_string(pair.items[0], node)
            if isinstance(key, Unknown):
                result.entries.clear()
                result.rest = key
            else:
                result.entries[key] = Prop(pair.items[1], None)
        return result
    if name == "Object.assign" and isinstance(first, Obj):
        for source in args[1:]:
            ev._spread_into(first, source, node)
        return first
    if name == "Array.isArray":
        return Prim(isinstance(first, Arr), node) if not isinstance(first, Unknown) else first
    return Unknown(f"the result of {describe(node)}", node)


_STRING_METHODS = frozenset(
    {
        "toLowerCase",
        "toUpperCase",
        "trim",
        "trimStart",
        "trimEnd",
        "startsWith",
        "endsWith",
        "includes",
        "split",
        "slice",
        "replace",
        "replaceAll",
        "concat",
        "toString",
        "indexOf",
    }
)


def _size(value: JsValue) -> int:
    """What reading ``value`` once costs, in evaluation steps: its items, its entries, or a
    step per 64 characters."""
    if isinstance(value, Arr):
        return len(value.items)
    if isinstance(value, Obj):
        return len(value.entries)
    if isinstance(value, Prim) and isinstance(value.value, str):
        return len(value.value) // 64
    return 0


def _method_call(
    ev: Evaluator, target: JsValue, method: str, args: list[JsValue], node: Node
) -> JsValue:
    ev.budget.spend(_size(target) + sum(_size(arg) for arg in args), node)
    if isinstance(target, Prim) and isinstance(target.value, str):
        return _string_method(ev, target.value, method, args, node)
    if isinstance(target, Arr):
        return _array_method(ev, target, method, args, node)
    return Unknown(f"the result of {describe(node)}", node)


def _string_args(args: list[JsValue]) -> list[Any] | None:
    values = []
    for arg in args:
        if not isinstance(arg, Prim):
            return None
        values.append(arg.value)
    return values


def _string_method(
    ev: Evaluator, text: str, method: str, args: list[JsValue], node: Node
) -> JsValue:
    values = _string_args(args)
    if method not in _STRING_METHODS or values is None:
        return Unknown(f"the result of {describe(node)}", node)
    first = values[0] if values else UNDEFINED
    simple: dict[str, Callable[[], str]] = {
        "toLowerCase": text.lower,
        "toUpperCase": text.upper,
        "trim": text.strip,
        "trimStart": text.lstrip,
        "trimEnd": text.rstrip,
        "toString": text.__str__,
    }
    if method in simple:
        return ev._new_string(simple[method](), node)
    if method in ("startsWith", "endsWith", "includes", "indexOf") and isinstance(first, str):
        if method == "startsWith":
            return Prim(text.startswith(first), node)
        if method == "endsWith":
            return Prim(text.endswith(first), node)
        if method == "indexOf":
            return Prim(text.find(first), node)
        return Prim(first in text, node)
    if method == "split" and isinstance(first, str) and first:
        parts = text.split(first)
        ev.budget.spend(len(parts), node)
        return Arr(node, [Prim(part, node) for part in parts])
    if method == "slice" and all(_is_number(v) for v in values):
        ints = [int(v) for v in values]
        return ev._new_string(text[slice(*ints[:2])], node)
    if method in ("replace", "replaceAll") and len(values) >= 2:
        old, new = values[0], values[1]
        if isinstance(old, str) and isinstance(new, str) and "$" not in new:
            count = 1 if method == "replace" else -1
            if old == "" and count == -1:
                return Unknown(f"the result of {describe(node)}", node)
            if len(new) > len(old) and old and text.count(old) * len(new) > MAX_STRING:
                raise BudgetExceeded(
                    f"a string built by the file exceeds {MAX_STRING:,} characters", node
                )
            return ev._new_string(text.replace(old, new, count), node)
    if method == "concat":
        parts = [text]
        for value in values:
            parts.append(_prim_string(value))
        return ev._new_string("".join(parts), node)
    return Unknown(f"the result of {describe(node)}", node)


def _array_method(
    ev: Evaluator, array: Arr, method: str, args: list[JsValue], node: Node
) -> JsValue:
    if array.rest is not None and method not in ("concat",):
        return Unknown(f"the result of {describe(node)} ({array.rest.reason})", node)
    first = args[0] if args else Prim(UNDEFINED, node)
    if method == "includes" or method == "indexOf":
        found: bool | None = False
        position = -1
        for index, item in enumerate(array.items):
            equal = _strict_equal(item, first)
            if equal is None:
                found = None
                break
            if equal:
                found, position = True, index
                break
        if found is None:
            return Unknown(f"the result of {describe(node)}", node)
        return Prim(found, node) if method == "includes" else Prim(position, node)
    if method == "join":
        separator = ","
        if isinstance(first, Prim) and isinstance(first.value, str):
            separator = first.value
        elif not (isinstance(first, Prim) and first.value is UNDEFINED):
            return Unknown(f"the result of {describe(node)}", node)
        parts = []
        for item in array.items:
            if is_nullish(item):
                parts.append("")
                continue
            text = ev._to_string(item, node)
            if isinstance(text, Unknown):
                return Unknown(text.reason, node)
            parts.append(text)
        ev.budget.spend(len(parts), node)
        return ev._new_string(separator.join(parts), node)
    if method == "concat":
        result = Arr(node, list(array.items))
        result.rest = array.rest
        for arg in args:
            if isinstance(arg, Arr):
                result.items.extend(arg.items)
                result.rest = result.rest or arg.rest
            elif isinstance(arg, Unknown):
                result.rest = arg
            else:
                result.items.append(arg)
        ev.budget.spend(len(result.items), node)
        return result
    if method == "flat":
        result = Arr(node)
        for item in array.items:
            if isinstance(item, Arr):
                result.items.extend(item.items)
                result.rest = result.rest or item.rest
            else:
                result.items.append(item)
        ev.budget.spend(len(result.items), node)
        return result
    if method in ("map", "filter", "forEach", "some", "every", "find") and isinstance(
        first, (Func, HostValue)
    ):
        return _iterate(ev, array, method, first, node)
    if method == "push":
        array.items.extend(args)
        ev.budget.spend(len(args), node)
        return Prim(len(array.items), node)
    if method == "slice":
        values = _string_args(args)
        if values is not None and all(_is_number(v) for v in values):
            return Arr(node, array.items[slice(*[int(v) for v in values[:2]])])
    return Unknown(f"the result of {describe(node)}", node)


def _iterate(ev: Evaluator, array: Arr, method: str, callback: JsValue, node: Node) -> JsValue:
    results: list[JsValue] = []
    kept: list[JsValue] = []
    for index, item in enumerate(array.items):
        result = ev._call(callback, [item, Prim(index, node), array], node)
        if isinstance(result, Thrown):
            return result
        if method == "map":
            results.append(result)
            continue
        if method == "forEach":
            continue
        decided = ev.truthy(result)
        if decided is None:
            return Unknown(f"the result of {describe(node)} ({_reason(result)})", node)
        if method == "filter" and decided:
            kept.append(item)
        elif method == "some" and decided:
            return Prim(True, node)
        elif method == "every" and not decided:
            return Prim(False, node)
        elif method == "find" and decided:
            return item
    if method == "map":
        return Arr(node, results)
    if method == "filter":
        return Arr(node, kept)
    if method == "some":
        return Prim(False, node)
    if method == "every":
        return Prim(True, node)
    return Prim(UNDEFINED, node)


def _reason(value: JsValue) -> str:
    return value.reason if isinstance(value, Unknown) else "not checkable"


_EXPRESSIONS: dict[str, Callable[[Evaluator, Node, Scope], JsValue]] = {
    "string": Evaluator._string,
    "template_string": Evaluator._string,
    "number": Evaluator._number,
    "true": lambda ev, node, scope: Prim(True, node),
    "false": lambda ev, node, scope: Prim(False, node),
    "null": lambda ev, node, scope: Prim(None, node),
    "undefined": lambda ev, node, scope: Prim(UNDEFINED, node),
    "identifier": Evaluator._identifier,
    "shorthand_property_identifier": Evaluator._identifier,
    "object": Evaluator._object,
    "array": Evaluator._array,
    "member_expression": Evaluator._member,
    "subscript_expression": Evaluator._member,
    "binary_expression": Evaluator._binary,
    "ternary_expression": Evaluator._ternary,
    "unary_expression": Evaluator._unary,
    "assignment_expression": Evaluator._assignment,
    "augmented_assignment_expression": Evaluator._augmented,
    "update_expression": Evaluator._update,
    "sequence_expression": Evaluator._sequence,
    "call_expression": Evaluator._call_expression,
    "new_expression": lambda ev, node, scope: Unknown(f"the result of {describe(node)}", node),
    "this": lambda ev, node, scope: Unknown("'this' is not checkable", node),
    "meta_property": lambda ev, node, scope: HostValue("builtin:import.meta", node),
    "regex": lambda ev, node, scope: Unknown("a regular expression", node),
    "class": lambda ev, node, scope: Unknown("a class", node),
}
