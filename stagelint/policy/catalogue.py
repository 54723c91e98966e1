"""The variable catalogue: what each known variable is for, and how rules classify it.

``policies/variables.yaml`` (and plugins' catalogues) describe every variable the guide
names and the common equivalents: purpose, platforms, secret or public, generated or
vendor-issued, kind (url, postgres-url, ...). Rules ask the catalogue, never key lists of
their own, so one entry teaches every rule and ``stagelint explain``.

Without an entry, a key is a **secret** when its last segments are one of
:data:`SECRET_SUFFIXES` (RULES.md), and a **generated secret** when it ends in ``_SECRET``
or ``_SECRET_KEY``.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from stagelint.model.errors import ConfigError
from stagelint.model.records import Record
from stagelint.model.slotted import field, fields_class

if TYPE_CHECKING:
    from stagelint.model.user_regex import UserPattern

SECRET_SUFFIXES = (
    "SECRET",
    "SECRET_KEY",
    "PASSWORD",
    "PASSWD",
    "TOKEN",
    "API_KEY",
    "PRIVATE_KEY",
    "ACCESS_KEY",
    "SIGNING_KEY",
    "CREDENTIALS",
)
GENERATED_SUFFIXES = ("SECRET", "SECRET_KEY")
# The suffix tests as one set lookup and one endswith: rules classify every key of every file.
_SECRET_NAMES = frozenset(SECRET_SUFFIXES)
_SECRET_ENDINGS = tuple(f"_{suffix}" for suffix in SECRET_SUFFIXES)
_GENERATED_NAMES = frozenset(GENERATED_SUFFIXES)
_GENERATED_ENDINGS = tuple(f"_{suffix}" for suffix in GENERATED_SUFFIXES)
CLIENT_PREFIXES = ("NEXT_PUBLIC_", "VITE_", "REACT_APP_", "PUBLIC_", "SANITY_STUDIO_")
"""Prefixes whose values a client-side service's bundler ships to every browser."""
_OTHER_PUBLIC_PREFIXES = ("VITE_", "REACT_APP_", "PUBLIC_")
"""Other frameworks' spellings of ``NEXT_PUBLIC_`` (Vite, Create React App, SvelteKit and
Astro)."""

Kind = Literal[
    "string",
    "secret",
    "url",
    "postgres-url",
    "redis-url",
    "origin-list",
    "bool",
    "int",
    "float",
    "email",
    "environment-name",
    "dataset",
    "project-id",
    "store-id",
    "sentry-dsn",
    "path",
    "host",
    "version",
]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]


class VariableInfo(Record):
    """One catalogue entry (``policies/variables.yaml``)."""

    __pydantic_config__ = {"extra": "forbid", "use_attribute_docstrings": True}

    purpose: str
    """One sentence a newcomer understands: what the variable is for."""
    kind: Kind = "string"
    """What its value is; rules check URLs, booleans, numbers... by kind."""
    platforms: tuple[Literal["railway", "vercel", "sanity"], ...] = ()
    """Platforms whose services use it."""
    secret: bool = False
    """Whoever reads the value gains access: never share, print or ship it to browsers."""
    public: bool = False
    """Designed to be public (e.g. PostHog ``phc_`` project keys), even if it looks secret."""
    generated: bool = False
    """A secret the team generates itself (length and entropy rules apply)."""
    role: str | None = None
    """A finer role some rules key on: ``direct-database-url``, ``app-url``, ``test-mode``..."""
    guide: str | None = None
    """The guide section that names it."""
    aliases: tuple[str, ...] = ()
    """Other names of the same variable (``AUTH_SECRET`` for ``NEXTAUTH_SECRET``)."""
    name: str = ""
    """Filled from the mapping key."""


@fields_class
class Catalogue:
    """Known variables by name (aliases included) plus the classification rules."""

    entries: dict[str, VariableInfo] = field(default_factory=dict)
    extra_secret_patterns: tuple[UserPattern, ...] = ()
    declared_secret: tuple[str, ...] = ()
    """Names or globs the settings or the policy declare secret: they win over everything."""
    declared_not_secret: tuple[str, ...] = ()
    """Names or globs declared not secret (``CORS_ALLOW_CREDENTIALS``)."""
    _answers: dict[str, tuple[VariableInfo | None, bool, bool]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """Key -> (entry, secret, generated secret): rules classify every key of every file,
    and a project has few distinct keys. The methods read it before calling
    :meth:`_classify` (110,000 questions at 200 services: a call each saved)."""

    def _classify(self, key: str) -> tuple[VariableInfo | None, bool, bool]:
        found = self._answers.get(key)
        if found is not None:
            return found
        info = self.entries.get(key)
        if info is None and key.startswith(_OTHER_PUBLIC_PREFIXES):
            prefix = next(p for p in _OTHER_PUBLIC_PREFIXES if key.startswith(p))
            info = self.entries.get("NEXT_PUBLIC_" + key[len(prefix) :])
        declared = self.declared(key) if self.declared_secret or self.declared_not_secret else None
        upper = key.upper()
        if declared is not None:
            secret = declared
        elif info is not None:
            secret = info.secret
        else:
            secret = (
                upper in _SECRET_NAMES
                or upper.endswith(_SECRET_ENDINGS)
                or any(p.search(key) for p in self.extra_secret_patterns)
            )
        if declared is False:
            generated = False
        elif info is not None:
            generated = info.generated
        else:
            generated = upper in _GENERATED_NAMES or upper.endswith(_GENERATED_ENDINGS)
        found = self._answers[key] = (info, secret, generated)
        return found

    def get(self, key: str) -> VariableInfo | None:
        """The entry of ``key``; a public variable under another framework's prefix
        (``VITE_API_URL``, ``REACT_APP_SENTRY_DSN``) has the entry of its ``NEXT_PUBLIC_``
        spelling when it has none of its own."""
        return (self._answers.get(key) or self._classify(key))[0]

    def with_role(self, role: str) -> list[str]:
        """Every known name (aliases included) whose entry has ``role``."""
        return sorted(name for name, info in self.entries.items() if info.role == role)

    def of_kind(self, kind: str) -> list[str]:
        return sorted(name for name, info in self.entries.items() if info.kind == kind)

    def is_secret(self, key: str) -> bool:
        """Secret by a declaration of the settings or the policy, else by its entry, else by
        its name's last segments (or a settings pattern)."""
        return (self._answers.get(key) or self._classify(key))[1]

    def declared(self, key: str) -> bool | None:
        """True or False when the settings or the policy declare ``key`` secret or not
        secret (``not_secret`` wins when both globs match); None when they do not say."""
        if any(fnmatch.fnmatchcase(key, p) for p in self.declared_not_secret):
            return False
        if any(fnmatch.fnmatchcase(key, p) for p in self.declared_secret):
            return True
        return None

    def is_generated_secret(self, key: str) -> bool:
        """A secret the team creates (``JWT_SECRET_KEY``), as opposed to a vendor's key."""
        return (self._answers.get(key) or self._classify(key))[2]

    def is_public(self, key: str) -> bool:
        info = (self._answers.get(key) or self._classify(key))[0]
        return bool(info and info.public)

    def kind(self, key: str) -> str | None:
        info = (self._answers.get(key) or self._classify(key))[0]
        return info.kind if info else None


def is_client_exposed(key: str) -> bool:
    """Whether a client-side service's bundler ships this variable to browsers."""
    return key.startswith(CLIENT_PREFIXES)


def build_catalogue(
    documents: Iterable[tuple[Mapping[str, Any], str]],
    secret_patterns: Iterable[str] = (),
    validate: bool = False,
) -> Catalogue:
    """Merge catalogue documents (later ones override earlier entries by name)."""
    catalogue = Catalogue()
    for document, origin in documents:
        variables = document.get("variables")
        if not isinstance(variables, dict):
            raise ConfigError(f"{origin}: a catalogue needs a 'variables' mapping")
        for name, raw in variables.items():
            info = _entry(str(name), raw, origin, validate)
            catalogue.entries[info.name] = info
            for alias in info.aliases:
                catalogue.entries[alias] = info
    if secret_patterns:
        from stagelint.model.user_regex import InvalidPattern, compile_user_pattern

        try:
            catalogue.extra_secret_patterns = tuple(
                compile_user_pattern(p) for p in secret_patterns
            )
        except InvalidPattern as exc:
            raise ConfigError(f"secret-patterns: {exc}") from None
    return catalogue


def _entry(name: str, raw: Any, origin: str, validate: bool) -> VariableInfo:
    if not isinstance(raw, dict):
        raise ConfigError(f"{origin}: variables.{name} must be a mapping")
    if validate:
        from pydantic import TypeAdapter, ValidationError

        from stagelint.model.validation import describe_validation_error

        try:
            info = TypeAdapter(VariableInfo).validate_python({**raw, "name": name})
        except ValidationError as exc:
            raise ConfigError(
                f"{origin}: variables.{name}: {describe_validation_error(exc)}"
            ) from None
        return info
    values = dict(raw)
    for key in ("platforms", "aliases"):
        if key in values:
            values[key] = tuple(values[key])
    return VariableInfo(name=name, **values)


_CATALOGUE: dict[tuple[str, ...], Catalogue] = {}
_DECLARED_CATALOGUES: dict[tuple[tuple[str, ...], ...], Catalogue] = {}


def load_catalogue(
    secret_patterns: tuple[str, ...] = (),
    secret: tuple[str, ...] = (),
    not_secret: tuple[str, ...] = (),
) -> Catalogue:
    """The catalogues of every installed plugin, built-in first, with the variables the
    settings and the policy declare ``secret`` or ``not_secret`` (cached per process)."""
    if secret or not_secret:
        key = (secret_patterns, secret, not_secret)
        found = _DECLARED_CATALOGUES.get(key)
        if found is None:
            from stagelint.model.slotted import replace

            base = load_catalogue(secret_patterns)
            found = replace(base, declared_secret=secret, declared_not_secret=not_secret)
            _DECLARED_CATALOGUES[key] = found
        return found
    cached = _CATALOGUE.get(secret_patterns)
    if cached is not None:
        return cached
    from stagelint.policy.packs import load_resource_yaml
    from stagelint.policy.registry import load_registry

    documents = []
    for plugin in load_registry().plugins:
        for resource in plugin.catalogues:
            documents.append((load_resource_yaml(resource, resource), resource))
    catalogue = build_catalogue(documents, secret_patterns)
    _CATALOGUE[secret_patterns] = catalogue
    return catalogue
