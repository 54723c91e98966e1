"""``.railway/railway.ts``: Railway's infrastructure as code, read without running it.

The Railway CLI runs the file (node or bun) and applies what its ``defineRailway(...)``
program returns for the linked environment. stagelint evaluates the program statically
(:mod:`stagelint.parsers.tseval`) once for each environment the policy judges or compares,
with a Railway host that knows the DSL of ``railway/iac`` the way Railway's TypeScript SDK
defines it (railwayapp/railway-ts-sdk ``src/iac/sdk.ts``):

- ``ctx.environment``/``ctx.environmentName`` are the environment's name,
  ``ctx.isEnvironment(name)`` compares with it; ``ctx.shared.X`` is a reference to a shared
  variable (``${{shared.X}}``); ``ctx.randomString(label, bytes)`` a value of ``2 * bytes``
  hexadecimal characters (at most 64; 12 bytes by default) that is not random: the SDK
  computes ``sha256("railway-iac:<environment>:<label>")``, so it is derived from the file
  (its value is never computed here). Other context fields (``projectId``, ``command``...)
  are not checkable.
- ``service(name, options)`` (and ``fn``), ``postgres``/``redis``/``mysql``/``mongo``/
  ``database``, ``volume``, ``bucket``, ``group`` declare resources; ``project(name,
  {resources})`` or a plain ``{name, resources}`` is the result. ``<resource>.env.X`` and
  ``ref(resource, "X")`` are references (``${{<name>.X}}``); ``preserve()`` keeps the value set
  in Railway; ``github(repo, {rootDirectory})``/``image(...)`` are sources.
- A service's settings are compiled as the SDK compiles them: ``start ?? startCommand ??
  run.command ?? deploy.startCommand`` -> ``deploy.startCommand``, ``healthcheck`` ->
  ``deploy.healthcheckPath``, ``preDeploy`` -> ``deploy.preDeployCommand``, a string
  ``build`` -> ``build.buildCommand``, ``replicas`` -> ``deploy.numReplicas`` (or
  ``multiRegionConfig``); ``env`` over ``variables``. Assigning ``node.deploy = {...}`` after
  ``service()`` replaces the compiled block, as it does in the SDK.
- Variables: a string is a literal (its ``${{...}}`` references located exactly); a
  reference, ``preserve()``, ``{value: ctx.randomString(...)}``, ``{generator: ...}``,
  ``{description, isOptional}`` and anything computed are "set, value not known here" (see
  :class:`~stagelint.model.deployment.IacVariable`). A number, ``null`` or an array as a value makes
  the
  SDK throw: an ``invalid-config-value`` problem.
- The options object is checked against :data:`~stagelint.parsers.railway_schema.IAC_SERVICE`
  (unknown keys with "did you mean", wrong types): problems found in several environments are
  reported once.

A syntax error is SL001 and the file is not evaluated (Railway cannot run it either); so is an
evaluation past the budget, with the reason. ``.railway/railway.py``/``.go`` are found and not
read (``read=False``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from stagelint.model.deployment import (
    IacEnvironment,
    IacResource,
    IacService,
    IacVariable,
    Location,
    NotCheckable,
    Problem,
    RailwayIacFile,
    Reference,
    Setting,
    Value,
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
    Thrown,
    Unknown,
)

if TYPE_CHECKING:
    from tree_sitter import Node

    from stagelint.parsers.typescript import ParsedFile

__all__ = ["load_railway_iac", "unread_railway_iac"]

RAILWAY_MODULES = ("railway/iac", "railway")
_FUNCTIONS = frozenset(
    {
        "defineRailway",
        "define",
        "project",
        "service",
        "fn",
        "postgres",
        "redis",
        "mysql",
        "mongo",
        "database",
        "volume",
        "bucket",
        "group",
        "github",
        "image",
        "template",
        "empty",
        "preserve",
        "ref",
        "createRailwayContext",
    }
)
_DATABASES = {"postgres": "postgres", "redis": "redis", "mysql": "mysql", "mongo": "mongo"}
_GLOBALS = frozenset(
    {"String", "Number", "Boolean", "Object", "Array", "JSON", "Math", "process", "console",
     "Error", "Date", "Promise", "Symbol", "Map", "Set", "globalThis", "require", "module",
     "exports", "Buffer", "URL", "parseInt", "parseFloat", "encodeURIComponent"}
)  # fmt: skip
"""Names JavaScript or Node provide: not undeclared resources."""
_RANDOM_BYTES = 12
"""``ctx.randomString(label)``'s default size in bytes (two hexadecimal characters each)."""
_RANDOM_MAX = 64
"""A SHA-256 digest in hexadecimal: the longest ``ctx.randomString`` gives."""


def unread_railway_iac(path: str, root: str) -> RailwayIacFile:
    """``.railway/railway.py``/``.go``: found, not read (SL610 says so)."""
    return RailwayIacFile(path, root=root, read=False)


def load_railway_iac(source: SourceText, root: str, environments: Iterable[str]) -> RailwayIacFile:
    """Read the IaC file for each of ``environments``; never raises on bad input."""
    from stagelint.parsers import typescript
    from stagelint.parsers.iac_literals import scan_literals

    found = RailwayIacFile(source.path, root=root)
    parsed = typescript.parse(source, "the Railway IaC file")
    found.comments = typescript.collect_comments(parsed)
    # committed whatever it evaluates to (SL108, SL109)
    found.literals, found.random_strings = scan_literals(parsed)
    syntax = typescript.syntax_problem(parsed)
    if syntax is not None:
        found.problems.append(syntax)
        return found
    budget = tseval.Budget.for_source(len(parsed.data))
    problems: dict[tuple[str, str, Location], Problem] = {}
    try:
        for environment in dict.fromkeys(environments):
            reader = _Reader(parsed, environment, budget)
            evaluated = reader.evaluate()
            found.environments[environment] = evaluated
            if reader.partial is not None:
                found.partial = reader.partial
            for problem in reader.problems:
                problems.setdefault((problem.kind, problem.message, problem.location), problem)
    except tseval.BudgetExceeded as exc:
        where = parsed.location(exc.node) if exc.node is not None else Location.at(source.path)
        message = f"cannot evaluate the Railway IaC file statically: {exc.message}"
        found.problems.append(Problem("parse-error", message, where))
        found.environments.clear()
        return found
    found.problems.extend(sorted(problems.values(), key=lambda p: p.location[1:3]))
    return found


# -- the DSL as host values --------------------------------------------------------------------


class _Resource:
    """What ``service()``/``postgres()``/``volume()``... return: the call's arguments and
    what the program assigns to the node afterwards (``db.deploy = {...}``)."""

    __slots__ = ("assigned", "engine", "kind", "name", "node", "options")

    def __init__(self, kind: str, name: JsValue, options: JsValue | None, node: Node) -> None:
        self.kind = kind
        self.name = name
        self.options = options
        self.node = node
        self.engine: str | None = None
        self.assigned: dict[str, tuple[JsValue, Node]] = {}


class _Ref:
    """A reference to another resource's variable (``db.env.DATABASE_URL``), to a shared
    variable (``ctx.shared.X``: ``resource`` is None), or through a name the file never
    defines (``undeclared``)."""

    __slots__ = ("output", "resource", "undeclared")

    def __init__(
        self, resource: _Resource | None, output: str, undeclared: str | None = None
    ) -> None:
        self.resource = resource
        self.output = output
        self.undeclared = undeclared


class _RailwayHost(tseval.Host):
    def __init__(self, environment: str) -> None:
        self.environment = environment

    def imported(self, module: str, name: str, node: Node) -> JsValue:
        if module not in RAILWAY_MODULES and not module.startswith("railway/iac/"):
            return super().imported(module, name, node)
        if name in ("*", "default"):
            return HostValue("namespace", node)
        if name in _FUNCTIONS:
            return HostValue(f"fn:{name}", node)
        return Unknown(f"'{name}' of railway/iac is not checkable", node)

    def global_value(self, name: str, node: Node) -> JsValue | None:
        """A name the file never defines: ``<name>.env.X`` is then a reference to a resource
        that is not declared (Node would throw a ReferenceError)."""
        if name in _GLOBALS:
            return None
        return HostValue("undeclared", node, name)

    def member(self, target: HostValue, key: str, node: Node) -> JsValue:
        kind = target.kind
        if kind == "undeclared":
            if key == "env":
                return HostValue("undeclared.env", node, target.data)
            return Unknown(f"'{target.data}' is not defined in this file", node)
        if kind == "undeclared.env":
            return HostValue("ref", node, _Ref(None, key, undeclared=target.data))
        if kind == "namespace":
            if key in _FUNCTIONS:
                return HostValue(f"fn:{key}", node)
            return Unknown(f"railway/iac's '{key}' is not checkable", node)
        if kind == "ctx":
            if key in ("environment", "environmentName"):
                return Prim(self.environment, node)
            if key in ("isEnvironment", "randomString"):
                return HostValue(f"ctx.{key}", node)
            if key == "shared":
                return HostValue("ctx.shared", node)
            return Unknown(f"ctx.{key} is known only when the Railway CLI runs the file", node)
        if kind == "ctx.shared":
            return HostValue("ref", node, _Ref(None, key))
        if kind == "resource":
            resource: _Resource = target.data
            if key == "env":
                return HostValue("resource.env", node, resource)
            if key == "name":
                return resource.name
            if key in resource.assigned:
                return resource.assigned[key][0]
            return Unknown(f"the '{key}' of a Railway resource is not checkable", node)
        if kind == "resource.env":
            return HostValue("ref", node, _Ref(target.data, key))
        return super().member(target, key, node)

    def truthy(self, value: HostValue) -> bool | None:
        return None if value.kind.startswith("undeclared") else True

    def assign(self, target: HostValue, key: str, value: JsValue, node: Node) -> None:
        if target.kind == "resource":
            target.data.assigned[key] = (value, node)

    def call(self, callee: HostValue, args: list[JsValue], node: Node) -> JsValue:
        kind = callee.kind
        if kind == "undeclared":
            return Unknown(f"'{callee.data}' is not defined in this file", node)
        first = args[0] if args else Prim(UNDEFINED, node)
        second = args[1] if len(args) > 1 else None
        if kind in ("fn:defineRailway", "fn:define"):
            return first
        if kind == "fn:project":
            return HostValue("project", node, (first, second))
        if kind in ("fn:service", "fn:fn"):
            return HostValue("resource", node, _Resource("service", first, second, node))
        if kind in ("fn:postgres", "fn:redis", "fn:mysql", "fn:mongo", "fn:database"):
            resource = _Resource("database", first, second, node)
            engine = second if kind == "fn:database" else None
            if kind != "fn:database":
                resource.engine = _DATABASES[kind[3:]]
            elif isinstance(engine, Prim) and isinstance(engine.value, str):
                resource.engine = engine.value
            return HostValue("resource", node, resource)
        if kind in ("fn:volume", "fn:bucket"):
            return HostValue("resource", node, _Resource(kind[3:], first, second, node))
        if kind == "fn:group":
            group = HostValue("resource", node, _Resource("group", first, None, node))
            if isinstance(second, Arr):
                return Arr(node, [group, *second.items])
            return group
        if kind in ("fn:github", "fn:image", "fn:template", "fn:empty"):
            return HostValue("source", node, (kind[3:], args))
        if kind == "fn:preserve":
            return HostValue("preserve", node)
        if kind == "fn:ref":
            output = second if second is not None else Prim(UNDEFINED, node)
            if (
                isinstance(first, HostValue)
                and first.kind == "resource"
                and isinstance(output, Prim)
                and isinstance(output.value, str)
            ):
                return HostValue("ref", node, _Ref(first.data, output.value))
            return Unknown("a ref(...) that is not checkable", node)
        if kind == "ctx.isEnvironment":
            if isinstance(first, Prim) and isinstance(first.value, str):
                return Prim(first.value == self.environment, node)
            reason = first.reason if isinstance(first, Unknown) else "not a string"
            return Unknown(f"ctx.isEnvironment of a name that is not checkable ({reason})", node)
        if kind == "ctx.randomString":
            size = second if second is not None else Prim(_RANDOM_BYTES, node)
            return HostValue("random", node, size)
        return super().call(callee, args, node)


# -- reading one environment ---------------------------------------------------------------------


class _Reader:
    """Evaluates the file for one environment and turns the result into the model."""

    def __init__(self, parsed: ParsedFile, environment: str, budget: tseval.Budget) -> None:
        self.parsed = parsed
        self.path = parsed.path
        self.environment = environment
        self.evaluator = tseval.Evaluator(parsed, _RailwayHost(environment), budget)
        self.problems: list[Problem] = []
        self.not_checkable: list[tuple[Location, str]] = []
        self.partial: str | None = None
        self.complete = True

    def evaluate(self) -> IacEnvironment:
        module = self.evaluator.run_module()
        name = self.environment
        if module.thrown is not None:
            return IacEnvironment(name, [], [], [], throws=module.thrown.reason, complete=False)
        for key in ("partial", "PARTIAL", "Partial"):
            exported = module.exports.get(key)
            if isinstance(exported, Prim) and isinstance(exported.value, str):
                self.partial = exported.value
                break
        program = module.default or module.exports.get("main") or module.exports.get("Railway")
        if program is None:
            self._unknown(self.parsed.root, "the file has no default export")
            return self._environment([])
        result = self._run(program)
        if isinstance(result, Thrown):
            return IacEnvironment(name, [], [], [], throws=result.reason, complete=False)
        resources = self._resources(result)
        return self._environment(resources)

    def _environment(self, resources: list[tuple[_Resource, str]]) -> IacEnvironment:
        declared: list[IacResource] = []
        services: list[IacService] = []
        for resource, name in resources:
            where = self.parsed.location(resource.name.node)
            declared.append(IacResource(name, resource.kind, where, resource.engine))
            if resource.kind == "service":
                services.append(_ServiceReader(self, resource, name).read())
        return IacEnvironment(
            self.environment,
            services,
            declared,
            self.not_checkable,
            complete=self.complete,
        )

    def _run(self, program: JsValue) -> JsValue:
        if isinstance(program, Func):
            ctx = HostValue("ctx", program.node)
            project = HostValue("fn:project", program.node)
            return self.evaluator.call(program, [ctx, project])
        return program

    def _resources(self, result: JsValue) -> list[tuple[_Resource, str]]:
        """The resources of the project the program returns, flattened (groups return
        arrays), each with its name."""
        definition: JsValue | None = result
        if isinstance(result, HostValue) and result.kind == "project":
            definition = result.data[1]
        if isinstance(result, Unknown):
            self._unknown(result.node, f"the program's result is not checkable ({result.reason})")
            return []
        if not isinstance(definition, Obj):
            self._unknown(result.node, "the program does not return a project")
            return []
        items = definition.get("resources")
        if items is None or (isinstance(items, Prim) and items.value is UNDEFINED):
            items = definition.get("services")
        found: list[tuple[_Resource, str]] = []
        seen: set[int] = set()
        for item in self._flatten(items, 0):
            if isinstance(item, HostValue) and item.kind == "resource":
                resource: _Resource = item.data
                if id(resource) in seen:
                    continue
                seen.add(id(resource))
                if isinstance(resource.name, Prim) and isinstance(resource.name.value, str):
                    found.append((resource, resource.name.value))
                else:
                    reason = _reason(resource.name)
                    self._unknown(
                        resource.node, f"a resource whose name is not checkable ({reason})"
                    )
            elif isinstance(item, Unknown):
                self._unknown(item.node, f"resources not checkable ({item.reason})")
            elif not tseval.is_nullish(item) and not (
                isinstance(item, Prim) and item.value is False
            ):
                self._unknown(item.node, "an item of resources that is not a Railway resource")
        return found

    def _flatten(self, value: JsValue | None, depth: int) -> Iterator[JsValue]:
        if value is None or depth > 16:
            return
        if isinstance(value, Arr):
            for item in value.items:
                yield from self._flatten(item, depth + 1)
            if value.rest is not None:
                yield value.rest
        elif isinstance(value, Prim) and value.value is UNDEFINED:
            return
        else:
            yield value

    def _unknown(self, node: Node, reason: str) -> None:
        self.complete = False
        self.not_checkable.append((self.parsed.location(node), reason))


# -- one service ---------------------------------------------------------------------------------


class _ServiceReader:
    """Settings and variables of one ``service(...)`` in one environment."""

    def __init__(self, reader: _Reader, resource: _Resource, name: str) -> None:
        self.reader = reader
        self.budget = reader.evaluator.budget
        """Reading what evaluation built costs steps too: one object may be the options of
        a thousand services, each read again."""
        self.parsed = reader.parsed
        self.resource = resource
        self.name = name
        self.settings: dict[tuple[str | int, ...], Setting] = {}
        self.labels: dict[tuple[str | int, ...], str] = {}
        self.positions: dict[tuple[str | int, ...], tuple[Location, Location]] = {}
        """Where the items inside a setting stand (``("deploy", "multiRegionConfig",
        "us-west2")``)."""

    def location(self, node: Node) -> Location:
        return self.parsed.location(node)

    def read(self) -> IacService:
        options = self.resource.options
        if options is None or tseval.is_nullish(options):
            options = Obj(self.resource.node)
        where = self.location(self.resource.name.node)
        if not isinstance(options, Obj):
            reason = options.reason if isinstance(options, Unknown) else _kind(options)
            at = self.location(options.node)
            self.reader.not_checkable.append(
                (at, f"the options of service {self.name!r} ({reason})")
            )
            for section in ("build", "deploy"):
                self.settings[(section,)] = Setting(NotCheckable(reason), at, at)
            return IacService(self.name, where, None, self.settings, {}, [], {})
        self._check_schema(options)
        self._settings(options)
        self._assigned()
        variables = self._variables(options)
        root = self._root_directory(options)
        return IacService(
            self.name, where, root, self.settings, self.labels, variables, self.positions
        )

    # -- the schema (SL002/SL003) -----------------------------------------------------------

    def _check_schema(self, options: Obj) -> None:
        from stagelint.parsers.railway_schema import IAC_SERVICE
        from stagelint.parsers.spec import check

        positions: dict[tuple[str | int, ...], tuple[Location, Location]] = {}
        data = self._plain(options, (), positions)
        top = f'the options of service("{self.name}")'
        self.reader.problems.extend(check(data, IAC_SERVICE, positions, self.parsed.path, top=top))

    def _plain(
        self,
        value: JsValue,
        path: tuple[str | int, ...],
        positions: dict[tuple[str | int, ...], tuple[Location, Location]],
        key: Node | None = None,
        depth: int = 0,
    ) -> Any:
        """A value as JSON-like data for the schema and the rules, recording positions."""
        self.budget.spend(1, value.node)
        here = self.location(value.node)
        positions[path] = (self.location(key) if key is not None else here, here)
        if depth > 24:
            return NotCheckable("nested too deeply")
        if isinstance(value, Prim):
            return None if value.value is UNDEFINED else value.value
        if isinstance(value, Obj):
            data: dict[str, Any] = {}
            for name, prop in value.entries.items():
                if isinstance(prop.value, Prim) and prop.value.value is UNDEFINED:
                    continue  # the SDK prunes undefined values
                data[name] = self._plain(prop.value, (*path, name), positions, prop.key, depth + 1)
            return data
        if isinstance(value, Arr):
            if value.rest is not None:
                return NotCheckable(value.rest.reason)
            return [
                self._plain(item, (*path, index), positions, None, depth + 1)
                for index, item in enumerate(value.items)
            ]
        if isinstance(value, Unknown):
            return NotCheckable(value.reason)
        if isinstance(value, HostValue) and value.kind.startswith("undeclared"):
            return NotCheckable(f"'{value.data}' is not defined in this file")
        return NotCheckable("a value of the Railway DSL")

    # -- settings, compiled as Railway's SDK does ------------------------------------------

    def _settings(self, options: Obj) -> None:
        build = options.get("build")
        if isinstance(build, Prim) and isinstance(build.value, str):
            self._set(("build", "buildCommand"), build, options, "build", "build")
        elif build is not None:
            self._block("build", build, options, "build")
        deploy = options.get("deploy")
        if deploy is not None:
            self._block("deploy", deploy, options, "deploy")
        run = options.get("run")
        run_obj = run if isinstance(run, Obj) else None
        self._first(
            ("deploy", "startCommand"),
            [(options, "start"), (options, "startCommand"), (run_obj, "command")],
        )
        self._first(
            ("deploy", "preDeployCommand"),
            [(options, "preDeploy"), (options, "preDeployCommand"), (run_obj, "preDeploy")],
        )
        self._first(
            ("deploy", "healthcheckPath"),
            [(options, "healthcheck"), (options, "healthcheckPath"), (run_obj, "healthcheck")],
        )
        self._first(
            ("deploy", "healthcheckTimeout"),
            [(options, "healthcheckTimeout"), (run_obj, "healthcheckTimeout")],
        )
        replicas = options.get("replicas")
        if isinstance(replicas, Prim) and tseval.is_nullish(replicas):
            replicas = None
        if replicas is not None:
            target = "numReplicas" if isinstance(replicas, Prim) else "multiRegionConfig"
            self._set(("deploy", target), replicas, options, "replicas", "replicas")
        elif options.get("regions") is not None:
            regions = options.get("regions")
            assert regions is not None
            self._set(("deploy", "multiRegionConfig"), regions, options, "regions", "regions")

    def _block(self, section: str, value: JsValue, owner: Obj, label: str) -> None:
        if isinstance(value, Obj):
            for key, prop in value.entries.items():
                path = (section, key)
                self.settings.pop(path, None)
                self._store(path, prop.value, prop.key, f"{label}.{key}")
            if value.rest is not None:
                self.reader.not_checkable.append(
                    (self.location(value.node), f"part of {label} ({value.rest.reason})")
                )
        elif isinstance(value, Unknown):
            self.settings[(section,)] = Setting(
                NotCheckable(value.reason), self.location(value.node), self.location(value.node)
            )

    def _first(self, path: tuple[str, str], candidates: list[tuple[Obj | None, str]]) -> None:
        """The first candidate that is set wins (``a ?? b ?? c``), over the ``deploy``
        block; an unknown candidate before it makes the setting not checkable."""
        for owner, key in candidates:
            if owner is None:
                continue
            value = owner.get(key)
            if value is None or tseval.is_nullish(value):
                continue
            prop = owner.entries.get(key)
            label = key if owner is self.resource.options else f"run.{key}"
            self._store(path, value, prop.key if prop is not None else None, label)
            return

    def _set(self, path: tuple[str, str], value: JsValue, owner: Obj, key: str, label: str) -> None:
        prop = owner.entries.get(key)
        self._store(path, value, prop.key if prop is not None else None, label)

    def _store(
        self, path: tuple[str | int, ...], value: JsValue, key: Node | None, label: str
    ) -> None:
        if isinstance(value, Prim) and value.value is UNDEFINED:
            return
        positions: dict[tuple[str | int, ...], tuple[Location, Location]] = {}
        data = self._plain(value, path, positions, key)
        if path == ("deploy", "preDeployCommand") and isinstance(data, str):
            data = [data]  # the SDK wraps one command in a list
        self.positions.update(positions)
        key_loc, value_loc = positions[path]
        self.settings[path] = Setting(data, value_loc, key_loc)
        self.labels[path] = label

    def _assigned(self) -> None:
        """``node.deploy = {...}`` / ``node.build = {...}`` after ``service()`` replace what
        the SDK compiled."""
        for key, (value, node) in self.resource.assigned.items():
            if key not in ("deploy", "build"):
                continue
            for path in [p for p in self.settings if p[0] == key]:
                del self.settings[path]
                self.labels.pop(path, None)
            if isinstance(value, Obj):
                for name, prop in value.entries.items():
                    self._store((key, name), prop.value, prop.key, f"{key}.{name}")
            elif isinstance(value, Unknown):
                where = self.location(node)
                self.settings[(key,)] = Setting(NotCheckable(value.reason), where, where)

    def _root_directory(self, options: Obj) -> str | None:
        """Where Railway builds the service from: the source's ``rootDirectory``, else the
        service's ``root``/``rootDirectory``."""
        source = options.get("source")
        candidates: list[JsValue | None] = []
        if isinstance(source, HostValue) and source.kind == "source":
            _, args = source.data
            extra = args[1] if len(args) > 1 else None
            if isinstance(extra, Obj):
                candidates.append(extra.get("rootDirectory"))
        elif isinstance(source, Obj):
            candidates.append(source.get("rootDirectory"))
        candidates += [options.get("root"), options.get("rootDirectory")]
        for candidate in candidates:
            if isinstance(candidate, Prim) and isinstance(candidate.value, str):
                cleaned = candidate.value.strip().strip("/")
                while cleaned.startswith("./"):
                    cleaned = cleaned[2:]
                return cleaned or "."
        return None

    # -- variables ---------------------------------------------------------------------------

    def _variables(self, options: Obj) -> list[IacVariable]:
        merged: dict[str, tuple[JsValue, Node | None]] = {}
        for block_name in ("variables", "env"):
            block = options.get(block_name)
            if block is None or tseval.is_nullish(block):
                continue
            if isinstance(block, Obj):
                for key, prop in block.entries.items():
                    merged[key] = (prop.value, prop.key)
                if block.rest is not None:
                    self.reader.not_checkable.append(
                        (
                            self.location(block.node),
                            f"some variables of service {self.name!r} ({block.rest.reason})",
                        )
                    )
            elif isinstance(block, Unknown):
                self.reader.not_checkable.append(
                    (
                        self.location(block.node),
                        f"the variables of service {self.name!r} ({block.reason})",
                    )
                )
        variables = []
        self.budget.spend(len(merged), options.node)
        for key, (value, key_node) in merged.items():
            variable = self._variable(key, value, key_node)
            if variable is not None:
                variables.append(variable)
        return variables

    def _variable(self, key: str, value: JsValue, key_node: Node | None) -> IacVariable | None:
        value_loc = self.location(value.node)
        key_loc = self.location(key_node) if key_node is not None else value_loc
        span = _span(key_node, value.node, key_loc, value_loc, self.parsed)
        if isinstance(value, Prim) and isinstance(value.value, str):
            refs = self._string_references(value)
            return IacVariable(key, Value(value.value), span, key_loc, value_loc, refs)
        if isinstance(value, HostValue):
            return self._host_variable(key, value, span, key_loc, value_loc)
        if isinstance(value, Obj):
            return self._config_variable(key, value, span, key_loc, value_loc)
        if isinstance(value, Unknown):
            return _opaque(key, "unknown", span, key_loc, value_loc, reason=value.reason)
        # a number, a boolean, null, undefined, an array: the SDK throws on them
        # (normalizeVariables tests `"type" in value`)
        kind = "undefined" if isinstance(value, Prim) and value.value is UNDEFINED else _kind(value)
        self.reader.problems.append(
            Problem(
                "invalid-config-value",
                f'env.{key} in service("{self.name}") is {kind}: Railway\'s SDK stops on it '
                "(it takes a string, a reference, preserve() or {value}); write it as a string",
                value_loc,
                key=key,
            )
        )
        return None

    def _host_variable(
        self, key: str, value: HostValue, span: Location, key_loc: Location, value_loc: Location
    ) -> IacVariable | None:
        if value.kind == "ref":
            ref: _Ref = value.data
            target = "shared"
            reason = None
            if ref.undeclared is not None:
                target = ref.undeclared
                reason = f"'{target}' is not defined in this file"
            elif ref.resource is not None:
                name = ref.resource.name
                if not (isinstance(name, Prim) and isinstance(name.value, str)):
                    return _opaque(
                        key,
                        "unknown",
                        span,
                        key_loc,
                        value_loc,
                        reason="a reference to a resource whose name is not checkable",
                    )
                target = name.value
            text = f"${{{{{target}.{ref.output}}}}}"
            reference = Reference("railway", ref.output, target, value_loc)
            return IacVariable(
                key,
                Value(text),
                span,
                key_loc,
                value_loc,
                (reference,),
                origin="reference",
                reason=reason,
            )
        if value.kind == "preserve":
            return _opaque(key, "preserved", span, key_loc, value_loc)
        if value.kind == "random":
            return self._generated(key, value, span, key_loc, value_loc)
        if value.kind.startswith("undeclared"):
            reason = f"'{value.data}' is not defined in this file"
            return _opaque(key, "unknown", span, key_loc, value_loc, reason=reason)
        return _opaque(
            key, "unknown", span, key_loc, value_loc, reason="a value of the Railway DSL"
        )

    def _generated(
        self, key: str, value: HostValue, span: Location, key_loc: Location, value_loc: Location
    ) -> IacVariable:
        size = value.data
        length: int | None = None
        if (
            isinstance(size, Prim)
            and isinstance(size.value, int)
            and not isinstance(size.value, bool)
        ):
            length = max(0, min(2 * size.value, _RANDOM_MAX))
        return _opaque(key, "derived", span, key_loc, value_loc, length=length)

    def _config_variable(
        self, key: str, value: Obj, span: Location, key_loc: Location, value_loc: Location
    ) -> IacVariable | None:
        """``{value: ...}``, ``{generator: ...}``, ``{description, isOptional}``."""
        inner = value.get("value")
        if inner is not None and not tseval.is_nullish(inner):
            inner_loc = self.location(inner.node)
            if isinstance(inner, Prim) and isinstance(inner.value, str):
                refs = self._string_references(inner)
                return IacVariable(key, Value(inner.value), span, key_loc, inner_loc, refs)
            if isinstance(inner, HostValue):
                return self._host_variable(key, inner, span, key_loc, inner_loc)
            if isinstance(inner, Unknown):
                return _opaque(key, "unknown", span, key_loc, inner_loc, reason=inner.reason)
            reason = f"{_kind(inner)} as a value"
            return _opaque(key, "unknown", span, key_loc, inner_loc, reason=reason)
        if value.rest is not None:
            return _opaque(key, "unknown", span, key_loc, value_loc, reason=value.rest.reason)
        if value.get("generator") is not None:
            return _opaque(key, "generated", span, key_loc, value_loc)
        return _opaque(key, "declared", span, key_loc, value_loc)

    def _string_references(self, value: Prim) -> tuple[Reference, ...]:
        """The ``${{...}}`` references in a string, located exactly when the string is one
        literal of the file (else at the expression that builds it). Railway expands only
        this form: ``$VAR`` and ``${VAR}`` stay as they are."""
        from stagelint.parsers.references import find_references

        text = value.value
        self.budget.spend(len(text) // 64, value.node)  # one string may serve many variables
        if "${{" not in text:
            return ()
        node = value.node
        positions = self.parsed.positions
        if value.literal and node.type in ("string", "template_string"):
            raw_start = positions.offset(node.start_byte) + 1
            raw = self.parsed.source.text[raw_start : positions.offset(node.end_byte) - 1]
            found = find_references(raw, positions.char_location, raw_start)
        else:
            where = self.location(node)
            found = find_references(text, lambda start, end: where, 0)
        return tuple(ref for ref in found if ref.kind == "railway")


def _opaque(
    key: str,
    origin: Any,
    span: Location,
    key_loc: Location,
    value_loc: Location,
    *,
    reason: str | None = None,
    length: int | None = None,
) -> IacVariable:
    """A variable that is set but whose value the file does not give."""
    kind: Any = "unknown" if origin == "unknown" else "platform"
    reference = Reference(kind, key, None, value_loc)
    text = f"<{origin}>"
    return IacVariable(
        key,
        Value(text),
        span,
        key_loc,
        value_loc,
        (reference,),
        origin=origin,
        reason=reason,
        generated_length=length,
    )


def _span(
    key_node: Node | None,
    value_node: Node,
    key_loc: Location,
    value_loc: Location,
    parsed: ParsedFile,
) -> Location:
    """From the key to the end of the value when the value is written in the same property
    (``KEY: "value"``), else the key alone (the value stands elsewhere, in a constant)."""
    if key_node is None:
        return value_loc
    pair = key_node.parent
    if (
        pair is not None
        and pair.start_byte <= value_node.start_byte
        and value_node.end_byte <= pair.end_byte
    ):
        return Location(
            key_loc.path, key_loc.line, key_loc.column, value_loc.end_line, value_loc.end_column
        )
    return key_loc


def _kind(value: JsValue) -> str:
    if isinstance(value, Arr):
        return "an array"
    if isinstance(value, Obj):
        return "an object"
    if isinstance(value, Prim):
        if value.value is None:
            return "null"
        if isinstance(value.value, bool):
            return "a boolean"
        if isinstance(value.value, (int, float)):
            return "a number"
        return "a string"
    if isinstance(value, Func):
        return "a function"
    return "a value of another kind"


def _reason(value: JsValue) -> str:
    return value.reason if isinstance(value, Unknown) else _kind(value)
