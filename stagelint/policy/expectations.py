"""Variable expectations: what a policy expects of each variable, per service platform.

A policy's ``variables`` turn the guide's env tables into data::

    variables:
      railway:                       # services whose platform is Railway
        WORKERS: {required: true, type: int, range: [1, null]}
        FEATURE_*: {type: bool}      # a glob: every matching key (never required)
      vercel:
        NODE_ENV: {equals: production}
      sanity: {}

SL503 (missing-variable) reports required variables that are absent, SL504
(invalid-variable) values that fail their expectation. An expectation for a catalogued
variable also covers its aliases (``AUTH_SECRET`` satisfies ``NEXTAUTH_SECRET``). Layers of
a policy merge key by key, so a user pack that ``extends: staging`` overrides single fields
(``WORKERS: {range: [1, 8]}``) or drops an expectation (``WORKERS: null``).

This module stays light (standard library only): it is imported with :mod:`stagelint.policy.packs`
on every run. User policies are validated by pydantic through :class:`Expectation`'s type
hints; packs shipped with stagelint are trusted and built directly.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from stagelint.model.errors import ConfigError
from stagelint.model.records import Record
from stagelint.model.stack import GLOB_CHARS
from stagelint.model.tuples import NamedTuple
from stagelint.model.values import is_email, parse_bool, parse_float, parse_int, quoted

if TYPE_CHECKING:
    from stagelint.model.user_regex import UserPattern
    from stagelint.policy.catalogue import Catalogue
    from stagelint.policy.packs import Policy

PlatformName = Literal["railway", "vercel", "sanity"]
PLATFORMS: tuple[str, ...] = PlatformName.__args__  # type: ignore[attr-defined]
ValueType = Literal["string", "int", "float", "bool", "email", "url"]
VALUE_TYPES: tuple[str, ...] = ValueType.__args__  # type: ignore[attr-defined]
Scalar = bool | int | float | str
Bound = int | float | None

_TYPE_WORDS = {
    "string": "a string",
    "int": "an integer",
    "float": "a number",
    "bool": "true or false",
    "email": "an email address",
    "url": "a URL with a scheme and a host",
}


class Failure(NamedTuple):
    """A check a value failed: ``type``, ``equals``, ``one_of``, ``range`` or ``pattern``,
    and what was expected, as the words after "expected" (no value of the variable)."""

    check: str
    expected: str


class Expectation(Record):
    """What a policy expects of one variable in the environment it judges.

    Every field is optional: an empty mapping expects nothing. Value checks (``type``,
    ``equals``, ``one_of``, ``range``, ``pattern``) apply to literal values only: references
    are resolved by the platform and placeholders are SL102's.
    """

    __pydantic_config__ = {"extra": "forbid", "use_attribute_docstrings": True}

    required: bool = False
    """The variable must be set for every service of the platform (SL503)."""
    required_with: tuple[str, ...] = ()
    """Required only where one of these variables is set (``SENTRY_ENVIRONMENT`` with
    ``SENTRY_DSN``)."""
    type: ValueType | None = None
    """string, int, float, bool, email or url. Default: the type of ``equals``/``one_of``
    values, ``float`` with ``range``, else string."""
    equals: Scalar | None = None
    """The only acceptable value (booleans and numbers compare by meaning: ``0`` equals
    ``false`` for type bool)."""
    one_of: tuple[Scalar, ...] | None = None
    """The acceptable values."""
    range: tuple[Bound, Bound] | None = None
    """``[min, max]``, inclusive, for int and float; ``null`` leaves a side open."""
    pattern: str | None = None
    """A regular expression the whole value must match (Python syntax; ``(?i)`` ignores case)."""
    reason: str | None = None
    """Why, in a few words; shown in the diagnostic."""
    when: tuple[str, ...] = ()
    """Conditions on the project's evident stack under which ``required`` and
    ``required_with`` apply, all of them (``[python]``, ``["studio | named:*SANITY*"]``);
    see :func:`stagelint.model.stack.holds`. Value checks apply whenever the variable is set."""

    def __post_init__(self) -> None:
        from stagelint.model.stack import check_condition

        for condition in self.when:
            problem = check_condition(condition)
            if problem is not None:
                raise ValueError(f"when: {problem}")
        kind = self.value_type
        if self.one_of is not None and not self.one_of:
            raise ValueError("one_of must list at least one value")
        for name, value in self._fixed_values():
            if not _fits(value, kind):
                raise ValueError(
                    f"{name} value {quoted(value)} is not {_TYPE_WORDS[kind]} (type {kind})"
                )
        if self.range is not None:
            if kind not in ("int", "float"):
                raise ValueError(f"range needs type int or float, not {kind}")
            if len(self.range) != 2:
                raise ValueError("range must be [min, max]")
            low, high = self.range
            for bound in (low, high):
                if bound is not None and (isinstance(bound, bool) or _number(bound) is None):
                    raise ValueError("range bounds must be numbers or null")
            if low is None and high is None:
                raise ValueError("range needs at least one bound")
            if low is not None and high is not None and low > high:
                raise ValueError(f"range minimum {low} is above its maximum {high}")
        if self.pattern is not None:
            from stagelint.model.user_regex import InvalidPattern, compile_user_pattern

            try:
                compile_user_pattern(self.pattern)
            except InvalidPattern as exc:
                raise ValueError(f"pattern: {exc}") from None

    @property
    def value_type(self) -> str:
        """The declared type, else the one its fixed values or range imply."""
        if self.type is not None:
            return self.type
        values = [v for _, v in self._fixed_values()]
        if values:
            if all(isinstance(v, bool) for v in values):
                return "bool"
            if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
                return "int"
            if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
                return "float"
            return "string"
        return "float" if self.range is not None else "string"

    @property
    def checks_value(self) -> bool:
        """Whether SL504 has anything to check."""
        return any(
            x is not None for x in (self.type, self.equals, self.one_of, self.range, self.pattern)
        )

    def failure(self, text: str, check_type: bool = True) -> Failure | None:
        """The first check ``text`` fails, or None when it passes.

        ``check_type=False`` skips the type check only (another rule owns it)."""
        kind = self.value_type
        parsed = _parse(text, kind)
        if parsed is None:
            if check_type:
                return Failure("type", _TYPE_WORDS[kind])
            parsed = text
        if self.equals is not None and not _same(parsed, self.equals):
            return Failure("equals", _show(self.equals))
        if self.one_of is not None and not any(_same(parsed, v) for v in self.one_of):
            return Failure("one_of", "one of " + ", ".join(_show(v) for v in self.one_of))
        if self.range is not None and isinstance(parsed, (int, float)):
            low, high = self.range
            if (low is not None and parsed < low) or (high is not None and parsed > high):
                return Failure("range", _range_words(low, high))
        if self.pattern is not None and not _user_pattern(self.pattern).fullmatch(text):
            return Failure("pattern", f"a value matching {self.pattern}")
        return None

    def _fixed_values(self) -> Iterator[tuple[str, Scalar]]:
        if self.equals is not None:
            yield "equals", self.equals
        for value in self.one_of or ():
            yield "one_of", value


def _number(value: object) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def _fits(value: Scalar, kind: str) -> bool:
    """Whether a fixed value (``equals``/``one_of``) can be compared as ``kind``."""
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return _number(value) is not None
    return isinstance(value, str) and _parse(value, kind) is not None


def _parse(text: str, kind: str) -> Scalar | None:
    """``text`` as a value of ``kind``; None when it is not one."""
    if kind == "int":
        return parse_int(text)
    if kind == "float":
        return parse_float(text)
    if kind == "bool":
        return parse_bool(text)
    if kind == "email":
        return text if is_email(text) else None
    if kind == "url":
        return text if _is_url(text) else None
    return text


def _is_url(text: str) -> bool:
    try:
        parts = urlsplit(text.strip())
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return False
    return bool(parts.scheme and parts.netloc and parts.hostname)


def _same(parsed: Scalar, expected: Scalar) -> bool:
    if isinstance(expected, bool) or isinstance(parsed, bool):
        return parsed is expected
    return parsed == expected


def _show(value: Scalar) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _range_words(low: Bound, high: Bound) -> str:
    if low is None:
        return f"at most {_show(high)}" if high is not None else "a number"
    if high is None:
        return f"at least {_show(low)}"
    return f"between {_show(low)} and {_show(high)}"


_PATTERNS: dict[str, UserPattern] = {}


def _user_pattern(pattern: str) -> UserPattern:
    """A policy's ``pattern:`` compiled once (with RE2: see :mod:`stagelint.model.user_regex`)."""
    compiled = _PATTERNS.get(pattern)
    if compiled is None:
        from stagelint.model.user_regex import compile_user_pattern

        compiled = _PATTERNS[pattern] = compile_user_pattern(pattern)
    return compiled


def is_pattern(key: str) -> bool:
    """Whether a key of ``variables``/``environment_specific`` is a glob (``FEATURE_*``)."""
    return not GLOB_CHARS.isdisjoint(key)


def matches_any(key: str, patterns: Iterable[str]) -> bool:
    """Whether ``key`` is one of ``patterns`` (exact names or globs, case-sensitive)."""
    if type(patterns) is not tuple:
        return any(key == p or (is_pattern(p) and fnmatch.fnmatchcase(key, p)) for p in patterns)
    known = _MATCHES.get(patterns)
    if known is None:
        known = _MATCHES[patterns] = {}
    found = known.get(key)
    if found is None:
        found = known[key] = any(
            key == p or (is_pattern(p) and fnmatch.fnmatchcase(key, p)) for p in patterns
        )
    return found


_MATCHES: dict[tuple[str, ...], dict[str, bool]] = {}
"""Patterns (a policy's ``environment_specific``) -> key -> whether one matches: rules ask
for every variable of every file, and a project has few distinct keys."""


class Expected(NamedTuple):
    """One expectation as it applies to a service: the key it was written for, the
    platform whose table holds it, and the expectation itself."""

    key: str
    platform: str
    expectation: Expectation


class VariableExpectations:
    """A policy's expectations, built and checked: platform -> key -> expectation."""

    __slots__ = ("_matched", "_required", "by_platform")

    def __init__(self, by_platform: Mapping[str, Mapping[str, Expectation]]) -> None:
        self.by_platform = by_platform
        self._required: dict[
            str, tuple[Catalogue, tuple[tuple[str, Expectation, frozenset[str] | None], ...]]
        ] = {}
        self._matched: dict[
            tuple[str, tuple[str, ...]], tuple[Catalogue, tuple[Expected, ...]]
        ] = {}
        """(key, platforms) -> (catalogue, :meth:`matching`'s answer): SL504 asks for every
        variable of every file, and a project has few distinct keys."""

    def __repr__(self) -> str:
        return f"VariableExpectations(by_platform={self.by_platform!r})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(self.by_platform == other.by_platform)

    __hash__ = None  # type: ignore[assignment]

    def required(
        self,
        platforms: Iterable[str],
        present: Iterable[str],
        catalogue: Catalogue,
        applies: Callable[[tuple[str, ...], frozenset[str]], bool] | None = None,
    ) -> Iterator[Expected]:
        """Expectations of ``platforms`` whose variable must be set, given the keys
        ``present`` in one service and environment (which decide ``required_with``) and
        ``applies``, which decides an expectation's ``when`` for the service (without it,
        every condition holds)."""
        keys = present if isinstance(present, (set, frozenset)) else set(present)
        seen: set[str] = set()
        for platform in platforms:
            for key, expectation, triggers in self._requirements(platform, catalogue):
                if key in seen:
                    continue
                needed = triggers is None or not keys.isdisjoint(triggers)
                if needed and expectation.when and applies is not None:
                    needed = applies(expectation.when, spellings(key, catalogue))
                if needed:
                    seen.add(key)
                    yield Expected(key, platform, expectation)

    def _requirements(
        self, platform: str, catalogue: Catalogue
    ) -> tuple[tuple[str, Expectation, frozenset[str] | None], ...]:
        """(key, expectation, the names that make it required: None when it always is) for
        every expectation of ``platform`` that may be required: the same for every service,
        so found once per platform rather than once per service and rule."""
        cached = self._required.get(platform)
        if cached is not None and cached[0] is catalogue:
            return cached[1]
        found: list[tuple[str, Expectation, frozenset[str] | None]] = []
        for key, expectation in self.by_platform.get(platform, {}).items():
            if expectation.required:
                found.append((key, expectation, None))
            elif expectation.required_with:
                names = frozenset().union(
                    *(names_of(other, catalogue) for other in expectation.required_with)
                )
                found.append((key, expectation, names))
        result = tuple(found)
        self._required[platform] = (catalogue, result)
        return result

    def required_names(
        self,
        platforms: Iterable[str],
        present: Iterable[str],
        catalogue: Catalogue,
        applies: Callable[[tuple[str, ...], frozenset[str]], bool] | None = None,
    ) -> frozenset[str]:
        """Every name (aliases included) of a variable :meth:`required` asks for: what SL102
        checks for placeholders besides secrets."""
        names: set[str] = set()
        for expected in self.required(platforms, present, catalogue, applies):
            names |= names_of(expected.key, catalogue)
        return frozenset(names)

    def matching(
        self, key: str, platforms: Iterable[str], catalogue: Catalogue
    ) -> tuple[Expected, ...]:
        """The expectations that judge ``key``'s value: its own (or, for an alias, its
        catalogue entry's), then those of matching globs."""
        platforms = tuple(platforms)
        cached = self._matched.get((key, platforms))
        if cached is not None and cached[0] is catalogue:
            return cached[1]
        result = tuple(self._matching(key, platforms, catalogue))
        self._matched[(key, platforms)] = (catalogue, result)
        return result

    def _matching(
        self, key: str, platforms: tuple[str, ...], catalogue: Catalogue
    ) -> list[Expected]:
        info = catalogue.get(key)
        canonical = info.name if info is not None and info.name else key
        result: list[Expected] = []
        for platform in platforms:
            table = self.by_platform.get(platform, {})
            own = table.get(key) or table.get(canonical)
            if own is not None:
                written = key if key in table else canonical
                result.append(Expected(written, platform, own))
            for pattern, expectation in table.items():
                if is_pattern(pattern) and fnmatch.fnmatchcase(key, pattern):
                    result.append(Expected(pattern, platform, expectation))
        return result


def spellings(key: str, catalogue: Catalogue) -> frozenset[str]:
    """Every name of ``key`` (:func:`names_of`) and their spellings under the other
    frameworks' public prefixes (``VITE_API_URL`` for ``NEXT_PUBLIC_API_URL``)."""
    cached = _SPELLINGS.get(key)
    if cached is not None and cached[0] is catalogue:
        return cached[1]
    from stagelint.model.stack import FRAMEWORKS, GUIDE_PREFIX

    names = names_of(key, catalogue)
    found = set(names)
    for name in names:
        if name.startswith(GUIDE_PREFIX):
            rest = name[len(GUIDE_PREFIX) :]
            found.update(f.public_prefix + rest for f in FRAMEWORKS.values())
    _SPELLINGS[key] = (catalogue, frozenset(found))
    return _SPELLINGS[key][1]


_SPELLINGS: dict[str, tuple[Catalogue, frozenset[str]]] = {}


def names_of(key: str, catalogue: Catalogue) -> set[str]:
    """``key`` and every other name of the same catalogued variable."""
    info = catalogue.get(key)
    if info is None:
        return {key}
    return {key, info.name, *info.aliases} - {""}


def build_expectations(
    variables: Mapping[str, Any], validate: bool, origin: str
) -> VariableExpectations:
    """Expectations from a policy's merged ``variables`` mapping.

    ``validate`` runs pydantic (user policies); trusted packs are built directly. Either
    way a problem is a :class:`ConfigError` naming the platform and key."""
    if not isinstance(variables, Mapping):
        raise ConfigError(f"{origin}: 'variables' must map a platform to its expectations")
    result: dict[str, dict[str, Expectation]] = {}
    for platform, table in variables.items():
        where = f"{origin}: variables.{platform}"
        if platform not in PLATFORMS:
            raise ConfigError(f"{where}: unknown platform (use one of {', '.join(PLATFORMS)})")
        if table is None:
            continue
        if not isinstance(table, Mapping):
            raise ConfigError(f"{where} must map variable names to expectations")
        built: dict[str, Expectation] = {}
        for key, raw in table.items():
            if raw is None:
                continue  # dropped by a later layer
            expectation = _build_one(raw, validate, f"{where}.{key}")
            if is_pattern(str(key)) and (expectation.required or expectation.required_with):
                raise ConfigError(
                    f"{where}.{key}: a glob matches variables that exist; it cannot be required"
                )
            built[str(key)] = expectation
        result[platform] = built
    return VariableExpectations(result)


def _build_one(raw: Any, validate: bool, where: str) -> Expectation:
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where} must be a mapping of expectation fields")
    if validate:
        from pydantic import TypeAdapter, ValidationError

        from stagelint.model.validation import describe_validation_error

        try:
            return TypeAdapter(Expectation).validate_python(dict(raw))
        except ValidationError as exc:
            names = list(Expectation.field_names())
            raise ConfigError(f"{where}: {describe_validation_error(exc, names)}") from None
    values = dict(raw)
    for name in ("required_with", "one_of", "range", "when"):
        if isinstance(values.get(name), list):
            values[name] = tuple(values[name])
    try:
        return Expectation(**values)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: {exc}") from None


_CACHE: dict[int, tuple[Policy, VariableExpectations]] = {}


def expectations_of(policy: Policy) -> VariableExpectations:
    """The policy's expectations (built once per policy object)."""
    cached = _CACHE.get(id(policy))
    if cached is not None and cached[0] is policy:
        return cached[1]
    built = build_expectations(policy.variables, not policy.trusted, f"policy {policy.name}")
    _CACHE[id(policy)] = (policy, built)
    return built
