"""Declarative shapes of platform configs, and the one walker that checks data against them.

A platform's schema is data (:mod:`stagelint.parsers.railway_schema`,
:mod:`stagelint.parsers.vercel_schema`) built from the small node types below; :func:`check`
walks parsed data with it and returns positioned problems:

- ``unknown-key`` (SL002) at the key, with the nearest valid key: the schema's alias table
  first (curated, for well-known mistakes), then a case-insensitive match, then
  :func:`difflib.get_close_matches` (imported only when an unknown key exists). A schema may
  also carry a hint that explains where a misplaced setting really belongs.
- ``invalid-config-value`` (SL003) at the value, for a wrong type, a value outside an enum,
  or a constraint no other rule owns (string length, array length, a bound). Bounds that a
  dedicated rule reports (Vercel ``memory``/``maxDuration``: SL604, Railway
  ``healthcheckTimeout``: SL601) are deliberately not in the schemas: one finding, one
  diagnostic.

Messages never show a free string value (it may be a secret): strings are shown only for
enum fields, or when they are an obvious non-secret token (``"true"``, ``"60"``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Union

from stagelint.model.deployment import Location, NotCheckable, PartialList, PartialObject, Problem
from stagelint.model.errors import ParseError
from stagelint.model.regex import lazy
from stagelint.model.source import LineIndex, SourceText
from stagelint.model.values import int_of, looks_random
from stagelint.parsers.jsonpos import KeyPath, PositionedDoc, display_path, quote

__all__ = [
    "ANY_OBJECT",
    "Anything",
    "Boolean",
    "Choice",
    "Integer",
    "ListOf",
    "MapOf",
    "Number",
    "Object",
    "OneOf",
    "Spec",
    "String",
    "check",
    "parse_config",
]


# Plain classes rather than dataclasses: a schema is built at import time on the hook's hot
# path, and each dataclass costs about a millisecond to create.


class String:
    __slots__ = ("max_length", "min_length", "nullable", "prefix")

    def __init__(
        self,
        *,
        nullable: bool = False,
        min_length: int | None = None,
        max_length: int | None = None,
        prefix: str | None = None,
    ) -> None:
        self.nullable = nullable
        self.min_length = min_length
        self.max_length = max_length
        self.prefix = prefix
        """The string must start with this (e.g. a cron path with ``/``)."""


class Integer:
    """A whole number; an integral float (``30.0``) counts, a bool never does.

    ``numeric_string`` also accepts a string of digits (``"60"``), as some vendor docs write.
    """

    __slots__ = ("maximum", "minimum", "nullable", "numeric_string")

    def __init__(
        self,
        *,
        nullable: bool = False,
        minimum: int | None = None,
        maximum: int | None = None,
        numeric_string: bool = False,
    ) -> None:
        self.nullable = nullable
        self.minimum = minimum
        self.maximum = maximum
        self.numeric_string = numeric_string


class Number:
    __slots__ = ("nullable",)

    def __init__(self, *, nullable: bool = False) -> None:
        self.nullable = nullable


class Boolean:
    __slots__ = ("nullable",)

    def __init__(self, *, nullable: bool = False) -> None:
        self.nullable = nullable


class Choice:
    """One of fixed strings; ``deprecated`` values are valid (a rule may warn about them)."""

    __slots__ = ("deprecated", "ignore_case", "nullable", "values")

    def __init__(
        self,
        values: tuple[str, ...],
        *,
        deprecated: tuple[str, ...] = (),
        ignore_case: bool = False,
        nullable: bool = False,
    ) -> None:
        self.values = values
        self.deprecated = deprecated
        self.ignore_case = ignore_case
        self.nullable = nullable


class ListOf:
    __slots__ = ("item", "max_items", "min_items", "nullable")

    def __init__(
        self,
        item: Spec,
        *,
        min_items: int | None = None,
        max_items: int | None = None,
        nullable: bool = False,
    ) -> None:
        self.item = item
        self.min_items = min_items
        self.max_items = max_items
        self.nullable = nullable


class Object:
    """A JSON object / TOML table with known keys.

    ``aliases`` maps well-known wrong keys to the right one (the suggestion); ``hints``
    explains keys that have no equivalent here. ``extra`` accepts any other key unchecked.
    """

    __slots__ = ("aliases", "extra", "fields", "hints", "nullable", "required")

    def __init__(
        self,
        fields: Mapping[str, Spec] | None = None,
        *,
        required: tuple[str, ...] = (),
        aliases: Mapping[str, str] | None = None,
        hints: Mapping[str, str] | None = None,
        extra: bool = False,
        nullable: bool = False,
    ) -> None:
        self.fields: Mapping[str, Spec] = fields or {}
        self.required = required
        self.aliases: Mapping[str, str] = aliases or {}
        self.hints: Mapping[str, str] = hints or {}
        self.extra = extra
        self.nullable = nullable


class MapOf:
    """An object whose keys are free (names, globs, regions) and whose values share a shape."""

    __slots__ = ("nullable", "value")

    def __init__(self, value: Spec, *, nullable: bool = False) -> None:
        self.value = value
        self.nullable = nullable


class OneOf:
    """The first option whose type fits decides; ``expected`` describes them all."""

    __slots__ = ("expected", "nullable", "options")

    def __init__(self, options: tuple[Spec, ...], expected: str, *, nullable: bool = False):
        self.options = options
        self.expected = expected
        self.nullable = nullable


class Anything:
    __slots__ = ("nullable",)

    def __init__(self) -> None:
        self.nullable = True


Spec = Union[String, Integer, Number, Boolean, Choice, ListOf, Object, MapOf, OneOf, Anything]  # noqa: UP007

ANY_OBJECT = Object(extra=True)
"""Any object, contents unchecked (vendor-internal blocks such as ``nixpacksPlan``)."""


# -- loading ----------------------------------------------------------------------------------


def parse_config(source: SourceText, toml: bool) -> PositionedDoc | Problem:
    """Parse a config file's text as TOML or JSON, or return its ``parse-error`` problem."""
    try:
        if toml:
            from stagelint.parsers.tomlpos import parse_toml

            return parse_toml(source.text, source.path)
        from stagelint.parsers.jsonpos import parse_json

        return parse_json(source.text, source.path)
    except ParseError as exc:
        # the offending character, or nothing at the end of a line or of the file
        index = LineIndex(source.text, source.path)
        start = index.line_start(exc.line) + exc.column - 1
        at_char = start < len(source.text) and source.text[start] not in "\r\n"
        end = exc.column + 1 if at_char else exc.column
        where = Location(source.path, exc.line, exc.column, exc.line, end)
        return Problem("parse-error", exc.message, where)


# -- checking ---------------------------------------------------------------------------------


def check(
    data: Any,
    spec: Spec,
    positions: Mapping[KeyPath, tuple[Location, Location]],
    path: str,
    *,
    toml: bool = False,
    top: str = "the top level",
) -> list[Problem]:
    """Problems of ``data`` against ``spec``, located with ``positions`` (file ``path``).

    ``toml`` only changes wording ("a table" instead of "an object"); ``top`` names the root
    in messages (``the options of service("api")`` for Railway's IaC file). A
    :class:`~stagelint.model.deployment.NotCheckable` value (computed by code) is not judged.
    """
    checker = _Checker(positions, path, "a table" if toml else "an object", top)
    checker.check(spec, data, ())
    unlisted = checker.unknown_keys - MAX_UNKNOWN_KEYS
    if unlisted > 0 and checker.first_unlisted is not None:
        message = (
            f"{unlisted} more unknown key{'s' if unlisted != 1 else ''} (from here on), not "
            f"listed one by one: {MAX_UNKNOWN_KEYS} are reported per file"
        )
        checker.problems.append(Problem("unknown-key", message, checker.first_unlisted))
    return checker.problems


MAX_UNKNOWN_KEYS = 100
"""Unknown keys reported one by one (each with its "did you mean"), per file: a 10 MiB
``vercel.json`` of 400,000 unknown keys took 227 s and 490 MiB to report each."""


_TEMPORAL = {"datetime": "a date-time", "date": "a date", "time": "a time"}
_SAFE_TOKEN = lazy(r"(?i:true|false|yes|no|on|off|null|none|[-+]?[0-9]{1,6}(?:\.[0-9]{1,6})?)")
_DIGITS = lazy(r"[0-9]+")


class _Checker:
    __slots__ = (
        "first_unlisted",
        "object_phrase",
        "path",
        "positions",
        "problems",
        "top",
        "unknown_keys",
    )

    def __init__(
        self,
        positions: Mapping[KeyPath, tuple[Location, Location]],
        path: str,
        object_phrase: str,
        top: str = "the top level",
    ) -> None:
        self.positions = positions
        self.path = path
        self.object_phrase = object_phrase
        self.top = top
        self.problems: list[Problem] = []
        self.unknown_keys = 0
        self.first_unlisted: Location | None = None

    # -- locations and wording --------------------------------------------------------------

    def key_loc(self, keypath: KeyPath) -> Location:
        where = self.positions.get(keypath)
        return where[0] if where else Location.at(self.path)

    def value_loc(self, keypath: KeyPath) -> Location:
        where = self.positions.get(keypath)
        return where[1] if where else Location.at(self.path)

    def invalid(self, keypath: KeyPath, message: str) -> None:
        self.problems.append(Problem("invalid-config-value", message, self.value_loc(keypath)))

    def wrong(self, keypath: KeyPath, value: Any, expected: str, reveal: bool = False) -> None:
        """``<path> is <value or its kind>; expected <expected>``."""
        shown = self.shown(value, reveal)
        self.invalid(keypath, f"{self.subject(keypath)} is {shown}; expected {expected}")

    def subject(self, keypath: KeyPath) -> str:
        """The key path as a message names it; built only for a message (2,100 values of
        200 services' configs are checked, few are wrong)."""
        return display_path(keypath) if keypath else self.top

    def shown(self, value: Any, reveal: bool) -> str:
        """A value as a message may show it: never the text of a free string, nor an enum
        value that could be a secret pasted into the wrong field."""
        if value is None:
            return "null"
        if value is True or value is False:
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            return repr(value) if math.isfinite(value) else str(value)
        if isinstance(value, str):
            if reveal and len(value) <= 40 and value.isprintable() and not looks_random(value):
                return quote(value)
            if _SAFE_TOKEN.fullmatch(value):
                return f"the string {quote(value)}"
            return "an empty string" if not value else "a string"
        if isinstance(value, list):
            return "an array"
        if isinstance(value, dict):
            return self.object_phrase
        # TOML dates and times; named by type so that JSON-only runs never import datetime.
        return _TEMPORAL.get(type(value).__name__, "a value of another type")

    def expected(self, spec: Spec) -> str:
        if isinstance(spec, String):
            return "a string"
        if isinstance(spec, Integer):
            text = "an integer"
            if spec.minimum is not None and spec.maximum is not None:
                text += f" between {spec.minimum} and {spec.maximum}"
            elif spec.minimum is not None:
                text += f" >= {spec.minimum}"
            elif spec.maximum is not None:
                text += f" <= {spec.maximum}"
            return text
        if isinstance(spec, Number):
            return "a number"
        if isinstance(spec, Boolean):
            return "true or false"
        if isinstance(spec, Choice):
            if len(spec.values) == 1 and not spec.deprecated:
                return quote(spec.values[0])
            text = "one of " + ", ".join(spec.values)
            if spec.deprecated:
                text += " (or the deprecated " + ", ".join(spec.deprecated) + ")"
            return text
        if isinstance(spec, ListOf):
            item = spec.item
            if isinstance(item, String):
                return "an array of strings"
            if isinstance(item, (Integer, Number)):
                return "an array of numbers"
            if isinstance(item, (Object, MapOf)):
                return "an array of " + ("tables" if self.object_phrase == "a table" else "objects")
            return "an array"
        if isinstance(spec, (Object, MapOf)):
            return self.object_phrase
        if isinstance(spec, OneOf):
            return spec.expected
        return "a value"

    # -- the walk ---------------------------------------------------------------------------

    def check(self, spec: Spec, value: Any, keypath: KeyPath) -> None:
        if (value is None and spec.nullable) or isinstance(value, NotCheckable):
            return
        if isinstance(spec, Object):
            self.object(spec, value, keypath)
        elif isinstance(spec, MapOf):
            if not isinstance(value, dict):
                self.wrong(keypath, value, self.object_phrase)
                return
            for key, item in value.items():
                self.check(spec.value, item, (*keypath, key))
        elif isinstance(spec, ListOf):
            self.list(spec, value, keypath)
        elif isinstance(spec, OneOf):
            self.one_of(spec, value, keypath)
        elif isinstance(spec, Anything):
            return
        elif not _type_ok(spec, value):
            self.wrong(keypath, value, self.expected(spec), reveal=isinstance(spec, Choice))
        else:
            self.scalar(spec, value, keypath)

    def object(self, spec: Object, value: Any, keypath: KeyPath) -> None:
        if not isinstance(value, dict):
            self.wrong(keypath, value, self.object_phrase)
            return
        fields = spec.fields
        suggested: set[str] = set()
        for key, item in value.items():
            sub = fields.get(key)
            if sub is not None:
                self.check(sub, item, (*keypath, key))
            elif not spec.extra:
                better = self.unknown(spec, key, keypath)
                if better is not None:
                    suggested.add(better)
        # A required key whose misspelling was just reported ("src" for "source") is one
        # finding, not two.
        missing = [quote(key) for key in spec.required if key not in value and key not in suggested]
        if missing and not isinstance(value, PartialObject):  # code may set the others
            keys = " and ".join(missing) if len(missing) <= 2 else ", ".join(missing)
            noun = "the required key" if len(missing) == 1 else "the required keys"
            self.invalid(keypath, f"{self.subject(keypath)} is missing {noun} {keys}")

    def unknown(self, spec: Object, key: str, parent: KeyPath) -> str | None:
        """Report an unknown key; return the key it suggests instead, if any. Past
        :data:`MAX_UNKNOWN_KEYS` keys are only counted (:func:`check` says how many)."""
        self.unknown_keys += 1
        if self.unknown_keys > MAX_UNKNOWN_KEYS:
            if self.first_unlisted is None:
                self.first_unlisted = self.key_loc((*parent, key))
            return None
        where = f"in {display_path(parent)}" if parent else _at(self.top)
        better = _better_key(spec, key)
        message = f"unknown key {quote(key)} {where}"
        hint = spec.hints.get(key)
        if better:
            message += f"; did you mean {quote(better)}?"
        if hint:
            message += f" ({hint})" if better else f": {hint}"
        self.problems.append(Problem("unknown-key", message, self.key_loc((*parent, key))))
        return better

    def list(self, spec: ListOf, value: Any, keypath: KeyPath) -> None:
        if not isinstance(value, list):
            self.wrong(keypath, value, self.expected(spec))
            return
        count = len(value)
        if isinstance(value, PartialList):  # code may add items: its length is unknown
            count = -1
        if spec.max_items is not None and count > spec.max_items:
            self.invalid(
                keypath,
                f"{self.subject(keypath)} has {count} items; at most {spec.max_items} allowed",
            )
        if spec.min_items is not None and 0 <= count < spec.min_items:
            if count == 0:
                self.invalid(
                    keypath, f"{self.subject(keypath)} is empty; expected at least {spec.min_items}"
                )
            else:
                self.invalid(
                    keypath, f"{self.subject(keypath)} has {count} items; expected {spec.min_items}"
                )
        for index, item in enumerate(value):
            self.check(spec.item, item, (*keypath, index))

    def one_of(self, spec: OneOf, value: Any, keypath: KeyPath) -> None:
        reveal = any(isinstance(option, Choice) for option in spec.options)
        fitting = [option for option in spec.options if _type_ok(option, value)]
        if not fitting:
            self.wrong(keypath, value, spec.expected, reveal)
            return
        trials = []
        for option in fitting:
            trial = _Checker(self.positions, self.path, self.object_phrase, self.top)
            trial.check(option, value, keypath)
            if not trial.problems:
                return
            trials.append(trial)
        if isinstance(fitting[0], (Object, MapOf, ListOf)):
            self.problems.extend(trials[0].problems)  # the nested, positioned findings
            self.unknown_keys += trials[0].unknown_keys
            self.first_unlisted = self.first_unlisted or trials[0].first_unlisted
        else:
            self.wrong(keypath, value, spec.expected, reveal)

    def scalar(self, spec: Spec, value: Any, keypath: KeyPath) -> None:
        """Constraints of a value whose type already fits."""
        if isinstance(spec, String):
            length = len(value)
            if spec.min_length is not None and length < spec.min_length:
                if length == 0:
                    self.invalid(keypath, f"{self.subject(keypath)} is empty")
                else:
                    self.invalid(
                        keypath,
                        f"{self.subject(keypath)} is too short "
                        f"({length} characters; at least {spec.min_length})",
                    )
            if spec.max_length is not None and length > spec.max_length:
                self.invalid(
                    keypath,
                    f"{self.subject(keypath)} is too long "
                    f"({length} characters; at most {spec.max_length})",
                )
            if spec.prefix is not None and value and not value.startswith(spec.prefix):
                self.invalid(
                    keypath, f"{self.subject(keypath)} must start with {quote(spec.prefix)}"
                )
        elif isinstance(spec, Integer):
            if isinstance(value, str):
                number: float = int_of(value)
            else:
                number = value
                if isinstance(value, float) and not value.is_integer():
                    self.wrong(keypath, value, self.expected(spec))
                    return
            too_low = spec.minimum is not None and number < spec.minimum
            too_high = spec.maximum is not None and number > spec.maximum
            if too_low or too_high:
                self.wrong(keypath, value, self.expected(spec))
        elif isinstance(spec, Choice):
            allowed = spec.values + spec.deprecated
            if spec.ignore_case:
                folded = value.casefold()
                ok = any(folded == choice.casefold() for choice in allowed)
            else:
                ok = value in allowed
            if not ok:
                self.wrong(keypath, value, self.expected(spec), reveal=True)


def _type_ok(spec: Spec, value: Any) -> bool:
    """Whether ``value`` has the JSON type ``spec`` describes (constraints aside)."""
    if value is None:
        return spec.nullable
    if isinstance(spec, (String, Choice)):
        return isinstance(value, str)
    if isinstance(spec, Integer):
        if isinstance(value, str):
            return spec.numeric_string and _DIGITS.fullmatch(value) is not None
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(spec, Number):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(spec, Boolean):
        return isinstance(value, bool)
    if isinstance(spec, ListOf):
        return isinstance(value, list)
    if isinstance(spec, (Object, MapOf)):
        return isinstance(value, dict)
    if isinstance(spec, OneOf):
        return any(_type_ok(option, value) for option in spec.options)
    return True


def _at(top: str) -> str:
    return "at the top level" if top == "the top level" else f"in {top}"


def _better_key(spec: Object, key: str) -> str | None:
    """The key meant by an unknown ``key``: curated alias, same key in another case, or the
    closest known key by :mod:`difflib` (a hint alone suggests nothing)."""
    better = spec.aliases.get(key)
    if better is not None or key in spec.hints or not spec.fields:
        return better
    folded = {name.casefold(): name for name in spec.fields}
    better = folded.get(key.casefold())
    if better is None:
        import difflib

        close = difflib.get_close_matches(key, list(spec.fields), n=1, cutoff=0.6)
        better = close[0] if close else None
    return better
