"""``vercel.ts`` (and ``.mts``/``.js``/``.mjs``/``.cjs``): Vercel's config as code, read, never run.

The Vercel CLI bundles the file, runs it, and takes its ``default`` export, else its ``config``
export, else the module's named exports (vercel/vercel
``packages/cli/src/util/compile-vercel-config.ts``); the result is then treated exactly like
``vercel.json``. stagelint evaluates the module statically with the shared evaluator
(:mod:`stagelint.parsers.tseval`) and a host that knows ``@vercel/config``
(``packages/config/src/router.ts``):

- ``routes.redirect(source, destination, options)``, ``routes.rewrite(...)`` and
  ``routes.header(source, headers, options)`` build the redirect, rewrite or header rule they
  return, from what is literal in their arguments; with transforms (``requestHeaders``,
  ``responseHeaders``, ``requestQuery``, ``requestPath``, or a callback) the SDK compiles a
  route instead: that entry is not checkable. ``routes.cacheControl(source, options)`` is a
  header rule whose ``Cache-Control`` value is not checkable.
- ``deploymentEnv("NAME")`` is the string ``$NAME`` (a Vercel variable, resolved at request
  time), as the SDK returns it; ``matchers.header/cookie/query(key, value?)`` and
  ``matchers.host(value)`` are the conditions they build; ``createRoutes()`` is ``routes``.

Everything else that is code (an imported helper, a spread of an imported array,
``.map(...)`` over something unknown, ``process.env.X``) is
:class:`~stagelint.model.deployment.NotCheckable`
with its reason, and the rest of the file is still read: a file never fails because part of it
is code. An object with an unknown spread keeps the keys that are known
(:class:`~stagelint.model.deployment.PartialObject`), so a rule still judges ``functions`` entries
written
after ``...defaults``. The schema of ``vercel.json`` (:mod:`stagelint.parsers.vercel_schema`)
then checks the data, with positions pointing at what the file wrote.

A syntax error is SL001 and nothing is evaluated (Vercel cannot run the file either); so is an
evaluation past the budget. Converting the result to data spends the same budget (one step per
value), so a small file that shares one object a million times over stops there too.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from stagelint.model.deployment import (
    Location,
    NotCheckable,
    PartialList,
    PartialObject,
    Problem,
    VercelConfig,
)
from stagelint.model.source import SourceText
from stagelint.parsers import tseval
from stagelint.parsers.tseval import (
    UNDEFINED,
    Arr,
    Func,
    HostValue,
    JsValue,
    Obj,
    Prim,
    Prop,
    Unknown,
)
from stagelint.parsers.vercel_schema import validate

if TYPE_CHECKING:
    from tree_sitter import Node

    from stagelint.parsers.jsonpos import KeyPath
    from stagelint.parsers.typescript import ParsedFile

__all__ = ["VERCEL_CONFIG_MODULES", "load_vercel_ts"]

VERCEL_CONFIG_MODULES = ("@vercel/config", "@vercel/config/v1")
"""The modules whose exports the host understands."""
MAX_DEPTH = 64
"""Nesting of the data a config builds; deeper values are not checkable."""
MAX_VALUES = 50_000
"""Values the data of one config may hold. Vercel's own caps (2,048 redirects, rewrites and
headers) keep a real config far below; a file that shares one object many times over (a few
hundred bytes can reference one 2**40 times) stops here, at about 0.2 s."""

_ROUTE_BUILDERS = frozenset({"redirect", "rewrite", "header", "cacheControl"})
_CONDITIONS = frozenset({"header", "cookie", "query", "host"})
_TRANSFORMS = ("requestHeaders", "responseHeaders", "requestQuery", "requestPath")
_RULE_OPTIONS = {
    "redirect": ("permanent", "statusCode", "has", "missing"),
    "rewrite": ("has", "missing", "respectOriginCacheControl"),
    "header": ("has", "missing"),
    "cacheControl": ("has", "missing"),
}
"""What each ``routes`` method copies from its options into the rule it returns."""


def load_vercel_ts(source: SourceText) -> VercelConfig:
    """Read a ``vercel.ts``-style config; never raises on bad input."""
    from stagelint.parsers import typescript

    parsed = typescript.parse(source, "the Vercel config")
    config = VercelConfig(source.path)
    config.comments = typescript.collect_comments(parsed)
    syntax = typescript.syntax_problem(parsed)
    if syntax is not None:
        config.problems.append(syntax)
        return config
    budget = tseval.Budget.for_source(len(parsed.data))
    try:
        evaluator = tseval.Evaluator(parsed, _VercelHost(), budget)
        module = evaluator.run_module()
        exported = _exported(module, parsed)
        converter = _Converter(parsed, budget)
        config.data = converter.plain(exported, (), None, 0)
    except tseval.BudgetExceeded as exc:
        where = parsed.location(exc.node) if exc.node is not None else Location.at(source.path)
        message = f"cannot evaluate the Vercel config statically: {exc.message}"
        config.problems.append(Problem("parse-error", message, where))
        config.data = None
        return config
    config.positions = converter.positions
    config.not_checkable = converter.not_checkable
    config.problems.extend(validate(config.data, config.positions, source.path))
    return config


def _exported(module: tseval.Module, parsed: ParsedFile) -> JsValue:
    """What the Vercel CLI takes from the module: ``default``, else ``config``, else the
    namespace of its named exports."""
    if module.thrown is not None:
        return Unknown(f"the file throws when it runs ({module.thrown.reason})", module.thrown.node)
    if module.default is not None:
        return module.default
    found = module.exports.get("config")
    if found is not None:
        return found
    namespace = Obj(parsed.root)
    for name, value in module.exports.items():
        namespace.entries[name] = Prop(value, None)
    return namespace


# -- the host: @vercel/config -------------------------------------------------------------------


class _VercelHost(tseval.Host):
    """``@vercel/config``'s helpers, built as its ``Router`` builds them."""

    def imported(self, module: str, name: str, node: Node) -> JsValue:
        if module in VERCEL_CONFIG_MODULES:
            if name in ("routes", "deploymentEnv", "matchers", "createRoutes"):
                return HostValue(name, node)
            if name in ("*", "default"):
                return HostValue("package", node)
        return super().imported(module, name, node)

    def member(self, target: HostValue, key: str, node: Node) -> JsValue:
        if target.kind == "package" and key in ("routes", "deploymentEnv", "matchers"):
            return HostValue(key, node)
        if target.kind == "routes" and key in _ROUTE_BUILDERS:
            return HostValue(f"routes.{key}", node)
        if target.kind == "matchers" and key in _CONDITIONS:
            return HostValue(f"matchers.{key}", node)
        return super().member(target, key, node)

    def call(self, callee: HostValue, args: list[JsValue], node: Node) -> JsValue:
        kind = callee.kind
        if kind == "createRoutes":
            return HostValue("routes", node)
        if kind == "deploymentEnv":
            name = args[0] if args else None
            if isinstance(name, Prim) and isinstance(name.value, str):
                return Prim("$" + name.value, node)
            return Unknown("deploymentEnv() of a name that is not checkable", node)
        if kind.startswith("matchers."):
            return _condition(kind[9:], args, node)
        if kind.startswith("routes."):
            return _route_rule(kind[7:], args, node)
        return super().call(callee, args, node)


def _condition(kind: str, args: list[JsValue], node: Node) -> JsValue:
    """``matchers.header('x', value)`` -> ``{type, key, value}``; ``matchers.host(value)``
    -> ``{type, value}``."""
    result = Obj(node)
    result.entries["type"] = Prop(Prim(kind, node), None)
    names = ("value",) if kind == "host" else ("key", "value")
    for name, arg in zip(names, args, strict=False):
        if not (isinstance(arg, Prim) and arg.value is UNDEFINED):
            result.entries[name] = Prop(arg, None)
    return result


def _route_rule(method: str, args: list[JsValue], node: Node) -> JsValue:
    """The rule a ``routes.<method>(...)`` call returns, or why it is not checkable."""
    what = f"routes.{method}(...)"
    if len(args) < 2:
        return Unknown(f"{what} without its arguments", node)
    source, second = args[0], args[1]
    options = args[2] if len(args) > 2 else None
    if isinstance(options, Func):
        return Unknown(f"{what} with a callback compiles to a route", node)
    if options is not None and not isinstance(options, Obj):
        if isinstance(options, Prim) and options.value is UNDEFINED:
            options = None
        else:
            return Unknown(f"{what} with options that are not checkable", node)
    if isinstance(options, Obj):
        if options.rest is not None:
            return Unknown(f"{what} with options that are not checkable", node)
        if any(name in options.entries for name in _TRANSFORMS) and method != "header":
            return Unknown(f"{what} with transforms compiles to a route", node)
    result = Obj(node)
    result.entries["source"] = Prop(source, None)
    if method == "cacheControl":
        header = Obj(node)
        header.entries["key"] = Prop(Prim("Cache-Control", node), None)
        header.entries["value"] = Prop(Unknown("built by routes.cacheControl()", node), None)
        result.entries["headers"] = Prop(Arr(node, [header]), None)
    elif method == "header":
        result.entries["headers"] = Prop(second, None)
    else:
        result.entries["destination"] = Prop(second, None)
    if isinstance(options, Obj):
        for name in _RULE_OPTIONS[method]:
            prop = options.entries.get(name)
            if prop is not None:
                result.entries[name] = prop
    return result


# -- JavaScript values as vercel.json data ------------------------------------------------------


class _Converter:
    """Turns the exported value into JSON-like data with the position of every key and
    value, as ``JSON.stringify`` would see it (``undefined`` and functions dropped from
    objects, ``null`` in arrays: a file that exports a request handler, as older
    ``vercel.ts`` entry points do, holds no setting), and lists what is not checkable."""

    def __init__(self, parsed: ParsedFile, budget: tseval.Budget) -> None:
        self.parsed = parsed
        self.budget = budget
        self.positions: dict[KeyPath, tuple[Location, Location]] = {}
        self.not_checkable: list[tuple[Location, str]] = []
        self._active: set[int] = set()
        self._locations: dict[int, Location] = {}
        self.count = 0

    def _location(self, node: Node) -> Location:
        """A node's location, computed once: shared values are visited again and again."""
        found = self._locations.get(node.id)
        if found is None:
            found = self._locations[node.id] = self.parsed.location(node)
        return found

    def plain(self, value: JsValue, path: KeyPath, key: Node | None, depth: int) -> Any:
        self.budget.spend(1, value.node)
        self.count += 1
        if self.count > MAX_VALUES:
            raise tseval.BudgetExceeded(
                f"the config builds more than {MAX_VALUES:,} values (generated structures too "
                "large to check statically)",
                value.node,
            )
        here = self._location(value.node)
        self.positions[path] = (self._location(key) if key is not None else here, here)
        if depth > MAX_DEPTH:
            return self._unknown(here, "nested too deeply")
        if isinstance(value, Prim):
            found = value.value
            if isinstance(found, float) and not math.isfinite(found):
                return None  # JSON.stringify writes NaN and Infinity as null
            return None if found is UNDEFINED else found
        if isinstance(value, Unknown):
            return self._unknown(here, value.reason)
        if isinstance(value, (Func, HostValue)):
            return self._unknown(here, "a function" if isinstance(value, Func) else "code")
        if id(value) in self._active:
            return self._unknown(here, "a value that contains itself")
        self._active.add(id(value))
        try:
            if isinstance(value, Obj):
                return self._object(value, path, depth)
            if isinstance(value, Arr):
                return self._array(value, path, depth)
        finally:
            self._active.discard(id(value))
        return self._unknown(here, "a value of another kind")

    def _object(self, value: Obj, path: KeyPath, depth: int) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if value.rest is not None:
            reason = value.rest.reason
            data = PartialObject(reason)
            self.not_checkable.append((self.parsed.location(value.rest.node), reason))
        for name, prop in value.entries.items():
            item = prop.value
            if isinstance(item, Func) or (isinstance(item, Prim) and item.value is UNDEFINED):
                continue  # JSON drops undefined and function properties
            data[name] = self.plain(item, (*path, name), prop.key, depth + 1)
        return data

    def _array(self, value: Arr, path: KeyPath, depth: int) -> list[Any]:
        items: list[Any] = []
        if value.rest is not None:
            reason = value.rest.reason
            items = PartialList(reason)
            self.not_checkable.append((self.parsed.location(value.rest.node), reason))
        for index, item in enumerate(value.items):
            if isinstance(item, Func):
                items.append(None)  # JSON writes a function in an array as null
                continue
            items.append(self.plain(item, (*path, index), None, depth + 1))
        return items

    def _unknown(self, where: Location, reason: str) -> NotCheckable:
        self.not_checkable.append((where, reason))
        return NotCheckable(reason)
