"""The deployment model: services x environments x variables, every value with its location.

Parsers build it, rules read it, and nothing imports pydantic for it: the parsers are trusted
producers and construct these objects directly (declaring them as ``BaseModel`` subclasses
would make every run import pydantic and build its schemas, about 100 ms: more than the
whole budget of a pre-commit hook, see ``benchmarks/``). Immutable values — a location, a
reference, a parser's problem, a Sanity setting — are ``NamedTuple`` records
(:mod:`stagelint.model.tuples`: declared as :mod:`typing` declares them, built without
compiling code): a frozen dataclass compiles six methods when its module is imported
(about a millisecond each on a small machine), and equality, hashing and ordering of a
tuple run in C.
The containers that parsers fill (files, services, the project) are declared like slotted
dataclasses, but :func:`~stagelint.model.slotted.slotted` generates no code at import.
:class:`Variable`, the most numerous, is a compact immutable class (see there why).

Secret safety is structural: a variable's value is a :class:`Value`, whose ``str``/``repr``/
``format`` never show the text. Reading the raw text is one explicit, greppable call:
:meth:`Value.reveal`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from stagelint.model.regex import lazy
from stagelint.model.slotted import field, fields_class, slotted
from stagelint.model.stack import NO_STACK, Framework, Stack
from stagelint.model.tuples import NamedTuple

Environment = str
"""An environment name: ``staging``, ``production``, ``development`` or a custom one."""

Platform = Literal["railway", "vercel", "sanity", "unknown"]

STAGING = "staging"
PRODUCTION = "production"
DEVELOPMENT = "development"


class Location(NamedTuple):
    """A span in a file: 1-based lines and columns; ``end_column`` is exclusive (as SARIF).

    ``path`` is relative to the project root with forward slashes. Columns count Unicode
    code points, not bytes.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def at(cls, path: str, line: int = 1, column: int = 1) -> Location:
        """A zero-width location, e.g. the start of a file that should hold something."""
        return cls(path, line, column, line, column)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class Value:
    """A configuration value that never prints itself.

    ``str()``, ``repr()`` and f-strings show ``<redacted N chars>``: a rule message that
    interpolates a value by mistake leaks nothing. Comparison and hashing use the real
    text, so rules can still compare values across files.
    """

    __slots__ = ("_text", "facts")

    facts: int
    """What rules found the value to be, as bit flags (:mod:`stagelint.policy.facts`); 0
    until asked. Equal values share one object, so each is asked once."""

    def __init__(self, text: str) -> None:
        self._text = text
        self.facts = 0

    def reveal(self) -> str:
        """The raw text. Every call site is a place where a secret could escape: keep
        them few, and never put the result into a message."""
        return self._text

    def __len__(self) -> int:
        return len(self._text)

    def __bool__(self) -> bool:
        return bool(self._text)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Value):
            return self._text == other._text
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._text)

    def __repr__(self) -> str:
        return f"Value(<redacted {len(self._text)} chars>)"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __reduce__(self) -> Any:
        raise TypeError("Value objects are not picklable: they may hold secrets")

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """Let pydantic validate and serialise the model; serialisation is redacted."""
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            lambda v: v if isinstance(v, Value) else Value(str(v)),
            serialization=core_schema.plain_serializer_function_ser_schema(repr),
        )


class Reference(NamedTuple):
    """A reference inside a value, recorded and never expanded.

    ``kind`` is ``railway`` for ``${{Service.VAR}}``/``${{shared.VAR}}``/``${{VAR}}``,
    ``braced`` for ``${VAR}`` (also ``${VAR:-default}``) and ``plain`` for ``$VAR``.
    ``platform`` spans a whole value that is set on the platform and never in the file
    (Railway's ``preserve()``, a variable declared without a value, a secret Railway
    generates); ``unknown`` a whole value computed by code stagelint does not run (a
    helper, ``process.env.X`` read when the file runs): both are "set, value not known",
    which value rules skip and presence rules (SL503) count.
    ``service`` is the Railway service (or ``shared``) part, when there is one.
    A ``malformed`` reference is one loaders do not read the way its writer means: not
    closed (``${{Neon.DATABASE_URL}``, ``${VAR``) or not a valid name (``${BAR!}``).
    """

    kind: Literal["railway", "braced", "plain", "platform", "unknown"]
    name: str
    service: str | None
    location: Location
    malformed: bool = False
    default: str | None = None


class Variable:
    """One ``KEY=value`` binding of an env file (duplicates are separate variables).

    ``value`` is exactly what ``dotenv_values(path, interpolate=False)`` returns for the
    binding: ``None`` for a bare ``KEY`` without ``=``. ``location`` spans the binding from
    the key to the end of its value; ``key_location`` the key; ``value_location`` the value
    itself. Immutable, compared and hashed by all of these, like a frozen dataclass.

    Why not a dataclass holding three :class:`Location` objects: a 1,000-service monorepo
    has 120,000 bindings, and their 360,000 locations took 25 MiB (72 bytes each) of the
    run's 104 MiB peak. A binding written as is on one line (``KEY=value``, ``KEY="value"``
    without escapes: nearly all) keeps only its path, line and column, since its key and
    value give the rest, and builds its locations when asked; any other keeps them. A
    binding takes 96 bytes instead of 304 (a 88-byte dataclass and its three locations).
    """

    __slots__ = ("_column", "_line", "_path", "_spans", "key", "quote", "references", "value")

    key: str
    value: Value | None
    references: tuple[Reference, ...]
    quote: Literal["'", '"'] | None
    _path: str
    _line: int
    _column: int
    _spans: tuple[Location, Location, Location] | None
    """The three locations of a binding not written as is, else None."""

    def __init__(
        self,
        key: str,
        value: Value | None,
        location: Location,
        key_location: Location,
        value_location: Location,
        references: tuple[Reference, ...] = (),
        quote: Literal["'", '"'] | None = None,
    ) -> None:
        init = object.__setattr__
        for name, item in (
            ("key", key),
            ("value", value),
            ("references", references),
            ("quote", quote),
            ("_path", location.path),
            ("_line", location.line),
            ("_column", location.column),
            ("_spans", None),
        ):
            init(self, name, item)
        spans = (location, key_location, value_location)
        if value is None or (self.location, self.key_location, self.value_location) != spans:
            init(self, "_spans", spans)

    @property
    def location(self) -> Location:
        if self._spans is not None:
            return self._spans[0]
        line = self._line
        return Location(self._path, line, self._column, line, self._end_column())

    @property
    def key_location(self) -> Location:
        if self._spans is not None:
            return self._spans[1]
        line, column = self._line, self._column
        return Location(self._path, line, column, line, column + len(self.key))

    @property
    def value_location(self) -> Location:
        if self._spans is not None:
            return self._spans[2]
        line, column = self._line, self._column + len(self.key) + 1
        return Location(self._path, line, column, line, self._end_column())

    def _end_column(self) -> int:
        """Where a binding written as is ends: the key, ``=``, the value in its quotes if
        any (without escapes, the value is as long as its text)."""
        assert self.value is not None  # a bare key always keeps its spans
        return self._column + len(self.key) + 1 + len(self.value) + (2 if self.quote else 0)

    @property
    def is_reference(self) -> bool:
        """True when the whole value is one reference (``${{Neon.DATABASE_URL}}``)."""
        if self.value is None or len(self.references) != 1:
            return False
        span = self.references[0].location
        where = self.value_location
        return (
            span.column == where.column
            and span.line == where.line
            and span.end_column == where.end_column
            and span.end_line == where.end_line
        )

    @property
    def has_references(self) -> bool:
        return bool(self.references)

    @property
    def is_platform_value(self) -> bool:
        """True when the variable is set but its value is not known here: the platform holds
        it (Vercel's ``[SENSITIVE]`` in a pulled env file, Railway's ``preserve()``) or code
        computes it (a ``platform`` or ``unknown`` reference)."""
        return any(ref.kind in ("platform", "unknown") for ref in self.references)

    def _fields(self) -> tuple[object, ...]:
        return (
            self.key,
            self.value,
            self.location,
            self.key_location,
            self.value_location,
            self.references,
            self.quote,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Variable):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (
            f"Variable(key={self.key!r}, value={self.value!r}, location={self.location!r}, "
            f"key_location={self.key_location!r}, value_location={self.value_location!r}, "
            f"references={self.references!r}, quote={self.quote!r})"
        )

    def __setattr__(self, name: str, value: object) -> None:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot delete field {name!r}")


IacOrigin = Literal[
    "literal", "reference", "preserved", "generated", "derived", "declared", "unknown"
]


class IacVariable(Variable):
    """A variable of a service in ``.railway/railway.ts``, in one environment.

    ``origin`` says what the file gives it: a ``literal`` string (``value`` is its text,
    ``references`` the ``${{...}}`` inside it); a ``reference`` to another resource
    (``db.env.DATABASE_URL``, ``ctx.shared.X``: ``value`` is what Railway compiles it to,
    ``${{Postgres.DATABASE_URL}}``); ``preserved`` (``preserve()``: kept as set in Railway),
    ``generated`` (``{generator: "secret(32)"}``: Railway makes a random value),
    ``derived`` (``ctx.randomString(label, bytes)``: ``generated_length`` hexadecimal
    characters that the SDK computes from the label and the environment's name, so anyone
    with the file can compute them too), ``declared`` (``{description, isOptional}``: set
    elsewhere); or ``unknown``, computed by code stagelint does not run (``reason`` says
    why). The last five hold one whole-value
    :class:`Reference` of kind ``platform`` or ``unknown``: value rules skip them.
    """

    __slots__ = ("generated_length", "origin", "reason")

    origin: IacOrigin
    reason: str | None
    generated_length: int | None

    def __init__(
        self,
        key: str,
        value: Value | None,
        location: Location,
        key_location: Location,
        value_location: Location,
        references: tuple[Reference, ...] = (),
        *,
        origin: IacOrigin = "literal",
        reason: str | None = None,
        generated_length: int | None = None,
    ) -> None:
        super().__init__(key, value, location, key_location, value_location, references)
        object.__setattr__(self, "origin", origin)
        object.__setattr__(self, "reason", reason)
        object.__setattr__(self, "generated_length", generated_length)

    def _fields(self) -> tuple[object, ...]:
        return (*Variable._fields(self), self.origin, self.reason, self.generated_length)

    def __repr__(self) -> str:
        return f"IacVariable(key={self.key!r}, origin={self.origin!r}, value={self.value!r})"


class NotCheckable:
    """A setting whose value stagelint cannot know without running the code that computes it
    (a helper, ``process.env.X``): kept in the model so that rules neither judge it nor think
    it absent. ``reason`` says why (never a value)."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"NotCheckable({self.reason!r})"


class Problem(NamedTuple):
    """Something a parser found wrong in a file; a rule turns it into a diagnostic.

    ``kind`` names the rule family that reports it: ``parse-error`` (SL001),
    ``unknown-key`` (SL002), ``invalid-config-value`` (SL003), ``duplicate-key`` (SL004),
    ``env-syntax`` (SL005). Parsers know nothing of codes or severities.
    """

    kind: str
    message: str
    location: Location
    related: tuple[tuple[Location, str], ...] = ()
    key: str | None = None


class Suppression(NamedTuple):
    """One ``stagelint: ignore[...]`` comment (see :mod:`stagelint.parsers.suppressions`)."""

    location: Location
    """Where the directive stands (its ``stagelint:`` text)."""
    selectors: tuple[str, ...]
    """Codes or rule names as written; empty for a blanket ignore (refused by SL007)."""
    lines: tuple[int, ...]
    """The lines it applies to: its own, and the next one when it stands alone."""
    reason: str = ""


@fields_class
class SuppressionReport:
    """What the suppressions did in one run; SL007 reads it."""

    suppressions: list[Suppression] = field(default_factory=list)
    used: dict[tuple[Location, str], int] = field(default_factory=dict)
    """(suppression location, code) -> diagnostics it silenced."""
    active_codes: frozenset[str] = frozenset()
    """Rules that ran: a suppression of a rule that did not run is neither used nor unused."""
    resolved: dict[str, frozenset[str]] = field(default_factory=dict)
    """Selector as written -> the rule codes it names (empty: unknown)."""


@slotted
class SourceFile:
    """A file that was read (or tried): its problems and the comments it holds."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    comments: dict[int, str] = field(default_factory=dict)
    """Comment text per 1-based line, for inline suppressions: parsers record every comment,
    the loader keeps those that mention ``stagelint``."""
    suppressions: list[Suppression] = field(default_factory=list)

    @property
    def parsed(self) -> bool:
        return not any(p.kind == "parse-error" for p in self.problems)


@slotted
class EnvFile(SourceFile):
    """A dotenv file and the environment it feeds.

    ``environment`` is the environment the file's values are deployed to; a template
    (``.env.example``, ``.env.staging.example``) has ``template=True`` and, when its name
    says so, the environment it documents.
    """

    service: str = ""
    environment: Environment | None = None
    template: bool = False
    variables: list[Variable] = field(default_factory=list)
    pulled: bool = False
    """Written by the Vercel CLI (``vercel env pull``, ``vercel pull``): its environment comes
    from the ``VERCEL_ENV`` it holds (see :mod:`stagelint.parsers.vercel_pulled`)."""
    deployed: Any = None
    """A :class:`stagelint.project.deployed.Deployed` when the operator gave this file of deployed
    values (``--env-file``): ``path`` is then its source (``railway:backend/staging``), not a
    file of the project."""

    def get(self, key: str) -> Variable | None:
        """The binding python-dotenv would use for ``key``: the last one."""
        found = None
        for var in self.variables:
            if var.key == key:
                found = var
        return found

    def effective(self) -> dict[str, Variable]:
        """Key -> the binding that wins (the last), in first-appearance order."""
        return {var.key: var for var in self.variables}

    def anchor(self) -> Location:
        """Where a finding about something the file lacks points: its start."""
        return Location.at(self.path)


class Setting(NamedTuple):
    """A value read from a platform config file, with where it stands."""

    value: Any
    location: Location
    key_location: Location


class IacVariables(EnvFile):
    """The variables one service of ``.railway/railway.ts`` has in one environment.

    A view of the IaC file shaped like an env file (``path`` is the IaC file's), so that every
    rule that judges variables judges these too. It is not a file of its own:
    :meth:`Project.files` yields the IaC file once, and rules about env *files* (SL107) skip
    it. Its ``variables`` are :class:`IacVariable` objects. (The IaC classes subclass the
    dataclasses without being dataclasses themselves: no methods to generate at import.)
    """

    __slots__ = ("service_location",)

    def __init__(
        self, path: str, service: str, environment: str, service_location: Location
    ) -> None:
        EnvFile.__init__(self, path, service=service, environment=environment)
        self.service_location = service_location
        """The ``service(...)`` call's name: where findings about a missing variable point."""

    def anchor(self) -> Location:
        return self.service_location


class PartialObject(dict):  # type: ignore[type-arg]
    """An object of a config written as code whose other keys code may set (a spread of an
    import, a computed key): its known keys are judged as usual, and no key is reported
    missing. ``reason`` says what may set the others (never a value)."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class PartialList(list):  # type: ignore[type-arg]
    """A list of a config written as code that code may extend (a spread of an import):
    its known items are judged, its length is not. ``reason`` says why."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


@slotted
class ConfigFile(SourceFile):
    """A parsed platform config: its data and the position of every key and value.

    ``data`` is the plain JSON/TOML data; ``positions`` maps a key path such as
    ``("deploy", "healthcheckPath")`` or ``("regions", 0)`` to ``(key_location,
    value_location)``. Typed views (``RailwayConfig`` ...) are built on top of it.
    """

    data: Any = None
    positions: dict[tuple[str | int, ...], tuple[Location, Location]] = field(default_factory=dict)

    def setting(self, *path: str | int) -> Setting | None:
        """The value at ``path`` with its locations, or None when absent."""
        node: Any = self.data
        for part in path:
            if not _has(node, part):
                return None
            node = node[part]
        where = self.positions.get(tuple(path))
        if where is None:
            here = Location.at(self.path)
            return Setting(node, here, here)
        return Setting(node, where[1], where[0])

    def location(self, *path: str | int) -> Location:
        """Where ``path``'s value stands; the start of the file when absent."""
        where = self.positions.get(tuple(path))
        return where[1] if where else Location.at(self.path)

    def key_location(self, *path: str | int) -> Location:
        where = self.positions.get(tuple(path))
        return where[0] if where else Location.at(self.path)


def _has(node: Any, part: str | int) -> bool:
    if isinstance(part, int):
        return isinstance(node, list) and 0 <= part < len(node)
    return isinstance(node, dict) and part in node


@slotted
class RailwayConfig(ConfigFile):
    """``railway.json`` or ``railway.toml`` (config as code).

    ``data`` keeps every key, known or not. :meth:`deploy_setting` and :meth:`build_setting`
    resolve a key for one environment: the ``environments.<name>`` block overrides the base.
    """

    def _section_setting(self, section: str, key: str, environment: str | None) -> Setting | None:
        if environment is not None:
            found = self.setting("environments", environment, section, key)
            if found is not None:
                return found
        return self.setting(section, key)

    def deploy_setting(self, key: str, environment: str | None = None) -> Setting | None:
        """``deploy.<key>`` as it applies in ``environment`` (override first, then base)."""
        return self._section_setting("deploy", key, environment)

    def build_setting(self, key: str, environment: str | None = None) -> Setting | None:
        """``build.<key>`` as it applies in ``environment`` (override first, then base)."""
        return self._section_setting("build", key, environment)

    @property
    def environment_names(self) -> list[str]:
        envs = self.data.get("environments") if isinstance(self.data, dict) else None
        return list(envs) if isinstance(envs, dict) else []

    def label(self, *path: str | int, written: str | None = None) -> str:
        """How messages name a setting: ``written`` when given (``startCommand``), else the
        key path (``deploy.healthcheckPath``), as this file writes it."""
        return written if written is not None else ".".join(str(part) for part in path)


_IAC_NAMES: dict[tuple[str | int, ...], str] = {
    ("deploy", "startCommand"): "start",
    ("deploy", "healthcheckPath"): "healthcheck",
    ("deploy", "healthcheckTimeout"): "healthcheckTimeout",
    ("deploy", "preDeployCommand"): "preDeploy",
    ("deploy", "numReplicas"): "replicas",
    ("build", "buildCommand"): "build",
}
"""How ``service()`` options name Railway's settings (Railway's SDK compiles them)."""


class RailwayIacConfig(RailwayConfig):
    """One service of ``.railway/railway.ts``, seen the way config as code is (a view).

    The settings of each evaluated environment stand under ``environments.<name>``, with
    Railway's own names (``healthcheck`` -> ``deploy.healthcheckPath``, as Railway's SDK
    compiles them), so that the SL6 rules judge both kinds of files alike; :meth:`label`
    gives the name the file wrote. A setting the file computes is a :class:`NotCheckable`.
    ``path`` is the IaC file's; the view is not a file of its own (:meth:`Service.config_files`
    does not yield it). ``("deploy",)`` is located at the ``service(...)`` call.
    """

    __slots__ = ("labels", "unknown")

    def __init__(
        self,
        path: str,
        data: Any,
        positions: dict[tuple[str | int, ...], tuple[Location, Location]],
        labels: dict[tuple[str | int, ...], str],
        unknown: dict[tuple[str | int, ...], NotCheckable] | None = None,
    ) -> None:
        RailwayConfig.__init__(self, path, data=data, positions=positions)
        self.labels = labels
        self.unknown = unknown or {}
        """Blocks the file computes (``("environments", "staging", "deploy")`` for
        ``deploy: helper()``): a key they may hold is not checkable, not absent."""

    def label(self, *path: str | int, written: str | None = None) -> str:
        found = self.labels.get(tuple(path))
        if found is None:
            found = _IAC_NAMES.get(tuple(path))
        return found if found is not None else RailwayConfig.label(self, *path)

    def setting(self, *path: str | int) -> Setting | None:
        """Like :meth:`ConfigFile.setting`; inside a block the file computes (``deploy:
        helper()``) every key is :class:`NotCheckable`, not absent."""
        found = ConfigFile.setting(self, *path)
        if found is not None or not self.unknown:
            return found
        for depth in range(len(path) - 1, 0, -1):
            unknown = self.unknown.get(tuple(path[:depth]))
            if unknown is not None:
                where = self.positions.get(tuple(path[:depth]))
                here = where[1] if where else Location.at(self.path)
                return Setting(unknown, here, here)
        return None


class IacResource(NamedTuple):
    """A resource ``.railway/railway.ts`` declares: ``kind`` is ``service``, ``database``
    (``postgres()``, ``redis()``...), ``volume``, ``bucket`` or ``group``."""

    name: str
    kind: str
    location: Location
    engine: str | None = None


class IacService(NamedTuple):
    """A ``service(name, {...})`` of the IaC file in one environment.

    ``root_directory`` is where Railway builds it from (``source: github(repo,
    {rootDirectory})``, or ``root``/``rootDirectory``); ``settings`` maps Railway's key paths
    (``("deploy", "healthcheckPath")``) to the value and its locations, ``labels`` to the
    name the file wrote (``healthcheck``).
    """

    name: str
    location: Location
    root_directory: str | None
    settings: dict[tuple[str | int, ...], Setting]
    labels: dict[tuple[str | int, ...], str]
    variables: list[IacVariable]
    positions: dict[tuple[str | int, ...], tuple[Location, Location]]
    """Where items inside a setting stand (``("deploy", "multiRegionConfig", "us-west2")``)."""


class IacEnvironment(NamedTuple):
    """What the IaC file gives one environment when stagelint evaluates it.

    ``throws`` says why the program produces nothing for this environment (a guard such as
    ``if (!ctx.isEnvironment("staging")) throw ...``), ``not_checkable`` lists what could not
    be read, with where and why (resources from a helper of another file...).
    """

    name: str
    services: list[IacService]
    resources: list[IacResource]
    not_checkable: list[tuple[Location, str]]
    throws: str | None = None
    complete: bool = True
    """False when some resources could not be enumerated (so an undeclared name may exist)."""


class RailwayIacFile(SourceFile):
    """``.railway/railway.ts`` (also ``.mts``/``.cts``/``.js``/``.mjs``/``.cjs``): Railway's
    infrastructure as code, one file for the project, read statically for each environment
    the policy judges or compares (``environments``). ``root`` is the folder it describes
    (the parent of ``.railway``). ``.railway/railway.py``/``.go`` are found and not read
    (``read`` is False). ``partial`` is the name of a partial file (``export const partial``):
    it manages only some services of the project.
    """

    __slots__ = ("environments", "literals", "partial", "random_strings", "read", "root")

    def __init__(self, path: str, root: str = ".", read: bool = True) -> None:
        SourceFile.__init__(self, path)
        self.root = root
        self.read = read
        self.partial: str | None = None
        self.environments: dict[str, IacEnvironment] = {}
        self.literals: list[IacLiteral] = []
        """Every string literal a named value of the file may take, on every branch (see
        :mod:`stagelint.parsers.iac_literals`): the file is committed whatever environment
        it is evaluated for."""
        self.random_strings: list[IacRandomString] = []
        """Every ``ctx.randomString(...)`` call a named value may take, likewise (SL109)."""

    @property
    def language(self) -> str:
        suffix = self.path.rsplit(".", 1)[-1]
        return {"py": "Python", "go": "Go"}.get(suffix, "TypeScript")


@slotted
class VercelConfig(ConfigFile):
    """``vercel.json``, ``vercel.toml`` or ``vercel.ts`` (``.mts``/``.js``/``.mjs``/``.cjs``):
    build settings, functions, regions, crons, headers, env.

    A ``vercel.ts`` is code: what it computes stands in ``data`` as
    :class:`NotCheckable` (objects and lists that code may extend as :class:`PartialObject`
    and :class:`PartialList`), and ``not_checkable`` lists where and why."""

    not_checkable: list[tuple[Location, str]] = field(default_factory=list)

    def functions(self) -> dict[str, Any]:
        functions = self.data.get("functions") if isinstance(self.data, dict) else None
        return functions if isinstance(functions, dict) else {}


class SanityValue(NamedTuple):
    """A ``projectId``/``dataset`` in Sanity config, resolved without running the code.

    Exactly one source describes it: a string ``literal``; an ``env_var`` read through
    ``process.env.X``/``import.meta.env.X`` (with the ``default`` after ``||``/``??``, if
    any); or ``unknown`` with the ``reason`` it could not be resolved. ``fallbacks`` lists
    further variables tried in order when ``env_var`` is unset
    (``process.env.A || process.env.B || 'x'``); the ``default`` applies after all of them.
    """

    location: Location
    literal: str | None = None
    env_var: str | None = None
    default: str | None = None
    unknown: bool = False
    reason: str | None = None
    fallbacks: tuple[str, ...] = ()

    def candidates(self) -> list[str]:
        """Every literal value this may take (the literal, or the env default)."""
        if self.literal is not None:
            return [self.literal]
        if self.default is not None:
            return [self.default]
        return []


class SanityWorkspace(NamedTuple):
    """One workspace of ``defineConfig`` (or the ``api`` block of ``defineCliConfig``)."""

    location: Location
    name: str | None = None
    project_id: SanityValue | None = None
    dataset: SanityValue | None = None


class IacLiteral(NamedTuple):
    """A string literal of ``.railway/railway.ts`` that ``key`` (a property, constant or
    variable name; None for a list item without one) may take, in the ``service(...)`` that
    uses it, if any."""

    key: str | None
    value: Value
    location: Location
    service: str | None


class IacRandomString(NamedTuple):
    """A ``ctx.randomString(...)`` call of ``.railway/railway.ts`` that ``key`` may take:
    Railway's SDK computes its value from the label and the environment's name (never
    computed here)."""

    key: str | None
    location: Location
    service: str | None


class SanityLiteral(NamedTuple):
    """A string literal under a secret-looking property (``token: '...'``) in Sanity config."""

    key: str
    value: Value
    location: Location


@slotted
class SanityConfig(SourceFile):
    """``sanity.config.*`` (``kind='studio'``) or ``sanity.cli.*`` (``kind='cli'``)."""

    kind: Literal["studio", "cli"] = "studio"
    workspaces: list[SanityWorkspace] = field(default_factory=list)
    literals: list[SanityLiteral] = field(default_factory=list)
    options: dict[tuple[str, ...], Location] = field(default_factory=dict)
    """The options a ``sanity.cli.*`` config writes, where each key stands: its top-level
    keys (``("studioHost",)``) and those of its ``app`` and ``deployment`` blocks
    (``("deployment", "appId")``). Keys the parser cannot see (behind a spread of an
    import) are not there."""


@slotted
class Service:
    """A deployable unit: a directory holding a platform config.

    ``platform`` is the primary platform (Railway, then Vercel, then Sanity when one
    directory holds several); ``platforms`` lists all of them.
    """

    name: str
    root: str
    platform: Platform = "unknown"
    platforms: tuple[Platform, ...] = ()
    railway: RailwayConfig | None = None
    vercel: VercelConfig | None = None
    vercel_others: list[VercelConfig] = field(default_factory=list)
    """Further Vercel config files beside ``vercel`` (``vercel.json`` and ``vercel.toml``):
    Vercel refuses to build such a folder (SL608); each is still read and judged."""
    sanity: list[SanityConfig] = field(default_factory=list)
    iac: RailwayIacConfig | None = None
    """This service's settings in ``.railway/railway.ts``, when the IaC file declares it."""
    railway_ignored: RailwayConfig | None = None
    """A ``railway.json`` beside the ``railway.toml`` in ``railway``: Railway reads only the
    TOML file (still parsed, to say what it holds)."""
    stack: Stack = NO_STACK
    """Framework, languages and dependencies its folder's manifests show
    (:mod:`stagelint.model.stack`)."""

    @property
    def framework(self) -> Framework | None:
        """The frontend framework its folder evidently uses (None when nothing says)."""
        return self.stack.framework

    @property
    def is_client_side(self) -> bool:
        """Vercel/Next.js frontends and Sanity Studios ship public variables to browsers."""
        return self.platform in ("vercel", "sanity")

    def config_files(self) -> Iterator[SourceFile]:
        if self.railway is not None:
            yield self.railway
        if self.railway_ignored is not None:
            yield self.railway_ignored
        yield from self.vercel_configs()
        yield from self.sanity

    def vercel_configs(self) -> Iterator[VercelConfig]:
        """Every Vercel config file of the service (one, unless Vercel refuses the folder)."""
        if self.vercel is not None:
            yield self.vercel
        yield from self.vercel_others


@slotted
class Project:
    """Everything stagelint found under ``root``."""

    root: Path
    services: dict[str, Service] = field(default_factory=dict)
    env_files: list[EnvFile] = field(default_factory=list)
    other_files: list[SourceFile] = field(default_factory=list)
    """Files read that are neither env nor platform config (e.g. unreadable targets)."""
    iac_files: list[RailwayIacFile] = field(default_factory=list)
    """``.railway/railway.*`` files (infrastructure as code)."""

    def files(self) -> Iterator[SourceFile]:
        """Every file read, config files first, in a stable order (an IaC file once, not
        its per-service views)."""
        yield from self.iac_files
        for service in self.services.values():
            yield from service.config_files()
        for env_file in self.env_files:
            if not isinstance(env_file, IacVariables):
                yield env_file
        yield from self.other_files

    def env_files_for(
        self,
        environment: Environment | None = None,
        service: str | None = None,
        templates: bool = False,
    ) -> list[EnvFile]:
        """Env files feeding ``environment`` (templates only when asked)."""
        return [
            f
            for f in self.env_files
            if f.template == templates
            and (environment is None or f.environment == environment)
            and (service is None or f.service == service)
        ]

    def variables(
        self, environment: Environment, service: str | None = None
    ) -> dict[str, dict[str, Variable]]:
        """service -> key -> winning binding in ``environment``; later files win.

        Files are ordered by name, so ``.env.staging.local`` overrides ``.env.staging``
        the way loaders apply them; the variables Railway sets (``.railway/railway.ts``) come
        next: dotenv loaders do not override the process environment; the values the
        operator pulled from the platform (``--env-file``) come last: they are what is
        deployed.
        """
        result: dict[str, dict[str, Variable]] = {}
        files = self.env_files_for(environment, service)
        order = sorted(
            files, key=lambda f: (f.deployed is not None, isinstance(f, IacVariables), f.path)
        )
        for env_file in order:
            result.setdefault(env_file.service, {}).update(env_file.effective())
        return result

    def service(self, name: str) -> Service | None:
        return self.services.get(name)


_ENVIRONMENT_BY_SUFFIX = {
    "staging": "staging",
    "stage": "staging",
    "preview": "staging",
    "production": "production",
    "prod": "production",
    "development": "development",
    "dev": "development",
    "local": "development",
}


def environment_named(word: str) -> str:
    """The environment a name stands for, as in a file name: ``preview``/``stage`` ->
    ``staging``, ``prod`` -> ``production``, ``dev``/``local`` -> ``development``; any
    other name is a custom environment of that name (lowercase)."""
    word = word.lower()
    return _ENVIRONMENT_BY_SUFFIX.get(word, word)


_NAME_SHAPE = lazy(r"[A-Za-z0-9_][A-Za-z0-9_ .-]{0,63}")


def resolved(ref: Reference) -> bool:
    """Whether the platform or python-dotenv replaces ``ref`` by another value (so its text
    is not the value): every form but a plain ``$NAME``, which both read as text."""
    return ref.kind != "plain"


def quotable_name(text: str) -> bool:
    """Whether a name inside a reference may be printed: name-shaped, at most 64 characters,
    and switching between lower case, upper case and digits fewer than three times, as
    ``DATABASE_URL``, ``Postgres`` and ``api-2`` do and random text (``Kx9mPq2L``) does not."""
    from stagelint.model.values import class_switches

    return bool(_NAME_SHAPE.fullmatch(text)) and class_switches(text) < 3


def reference_text(ref: Reference) -> str | None:
    """A resolved reference's syntax rebuilt from its names (``${{Neon.DATABASE_URL}}``,
    ``${PORT}``); a default is never shown. None when it is not resolved (a plain ``$NAME``
    is text), malformed, computed by code, or a name is not :func:`quotable_name` (it could
    be text pasted between the braces)."""
    if ref.malformed or ref.kind not in ("railway", "braced") or not quotable_name(ref.name):
        return None
    if ref.kind == "railway":
        if ref.service is None:
            return f"${{{{{ref.name}}}}}"
        if not quotable_name(ref.service):
            return None
        return f"${{{{{ref.service}.{ref.name}}}}}"
    return f"${{{ref.name}:-…}}" if ref.default is not None else f"${{{ref.name}}}"
