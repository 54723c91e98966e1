"""The rule API: what a rule declares, and the context it checks.

A rule is a small class::

    class SecretTooShort(Rule):
        \"\"\"Generated secrets must be at least ``min_length`` characters long.

        ## What it checks
        ...
        \"\"\"

        code = "SL101"
        name = "secret-too-short"
        default_severity = Severity.ERROR

        class Options(RuleOptions):
            min_length: int = 32
            \"\"\"Shortest acceptable secret, in characters.\"\"\"

        def check(self, ctx: Context) -> Iterator[Violation]:
            ...

Its docstring is its documentation (Markdown; the first line is the summary) and must hold
the sections in :data:`DOC_SECTIONS`. ``Options`` is declared like a frozen dataclass
(see :class:`~stagelint.policy.options.RuleOptions`); pydantic validates it (``extra`` keys are
refused) whenever options come from a user's file; defaults need no validation, which
keeps pydantic off the hot path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, repeat
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from stagelint.model.diagnostics import Severity, Violation
from stagelint.model.slotted import field, fields_class
from stagelint.policy.options import NoOptions
from stagelint.policy.options import RuleOptions as RuleOptions  # the rule API names it here too

if TYPE_CHECKING:
    from stagelint.check.suppress import SuppressionReport
    from stagelint.model.deployment import EnvFile, Problem, Project, Service, Variable
    from stagelint.policy.catalogue import Catalogue
    from stagelint.policy.packs import Policy
    from stagelint.project.settings import Settings

DOC_SECTIONS = ("What it checks", "Why", "Example", "Use instead", "How to fix", "Guide")
"""Sections every rule's docstring holds, as ``## Heading`` lines, in this order."""

CODE_PATTERN = re.compile(r"^[A-Z]{1,4}[0-9]{3,4}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class Rule:
    """Base class of every rule, built-in or from a plugin."""

    code: ClassVar[str]
    name: ClassVar[str]
    default_severity: ClassVar[Severity] = Severity.ERROR
    Options: ClassVar[type[RuleOptions]] = NoOptions
    aliases: ClassVar[tuple[str, ...]] = ()
    origin: ClassVar[str] = "stagelint"
    """The plugin that provides the rule; the registry sets it."""
    late: ClassVar[bool] = False
    """Late rules run after inline suppressions were applied (``ctx.suppressions`` is set):
    SL007 judges the suppressions themselves."""

    def __init__(self, options: RuleOptions | None = None) -> None:
        self.options = options if options is not None else self.Options()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("abstract", False):
            return
        code = cls.__dict__.get("code")
        name = cls.__dict__.get("name")
        if not isinstance(code, str) or not CODE_PATTERN.match(code):
            raise TypeError(f"{cls.__qualname__}: code must look like 'SL101', got {code!r}")
        if not isinstance(name, str) or not NAME_PATTERN.match(name):
            raise TypeError(f"{cls.__qualname__}: name must be kebab-case, got {name!r}")
        if not (cls.__doc__ or "").strip():
            raise TypeError(f"{cls.__qualname__}: a rule's docstring is its documentation")
        if not issubclass(cls.Options, RuleOptions):
            raise TypeError(f"{cls.__qualname__}: Options must subclass RuleOptions")

    @classmethod
    def summary(cls) -> str:
        """The docstring's first line."""
        return (cls.__doc__ or "").strip().splitlines()[0].strip()

    def check(self, ctx: Context) -> Iterable[Violation]:
        """Yield the violations found in ``ctx``'s project."""
        raise NotImplementedError(f"{type(self).__qualname__} must implement check()")


_T = TypeVar("_T")


@fields_class
class Context:
    """What a rule sees: the project, the environment being judged and the policy."""

    project: Project
    policy: Policy
    environment: str = "staging"
    """The environment the policy judges (``staging`` for the staging policy)."""
    compare_with: str | None = "production"
    """The environment read for comparison only (SL104, SL304, SL406, SL505)."""
    settings: Settings | None = None
    """The project's settings (None: defaults)."""
    suppressions: SuppressionReport | None = None
    """What inline suppressions silenced; set before late rules run."""
    _catalogue: Catalogue | None = field(default=None, repr=False)
    _bindings: dict[str | None, list[tuple[EnvFile, list[Variable]]]] = field(
        default_factory=dict, repr=False
    )
    _variables: dict[str, dict[str, dict[str, Variable]]] = field(default_factory=dict, repr=False)
    """What :meth:`judged_bindings`, :meth:`compared_bindings` and :meth:`variables` found,
    per environment: every rule asks, and the project does not change while rules run."""
    _shared: dict[object, Any] = field(default_factory=dict, repr=False)

    @property
    def catalogue(self) -> Catalogue:
        """The variable catalogue of every installed plugin, loaded on first use."""
        if self._catalogue is None:
            from stagelint.policy.catalogue import load_catalogue

            settings = self.settings
            patterns = settings.secret_patterns if settings else ()
            secret = (
                *(settings.secret_variables if settings else ()),
                *self.policy.secret_variables,
            )
            not_secret = (
                *(settings.not_secret_variables if settings else ()),
                *self.policy.not_secret_variables,
            )
            self._catalogue = load_catalogue(tuple(patterns), secret, not_secret)
        return self._catalogue

    def shared(self, key: object, compute: Callable[[], _T]) -> _T:
        """What ``compute()`` returns, computed once per check under ``key``.

        For views of the project that several rules derive alike (every Postgres/Redis URL,
        parsed, is judged by SL301-SL307): the project does not change while rules run.
        ``key`` must name everything the result depends on, e.g. the environment."""
        try:
            return self._shared[key]  # type: ignore[no-any-return]
        except KeyError:
            value = self._shared[key] = compute()
            return value

    def judged_env_files(self) -> list[EnvFile]:
        """The non-template env files of the judged environment."""
        return self.project.env_files_for(self.environment)

    def judged_bindings(self) -> Iterator[tuple[EnvFile, Variable]]:
        """(file, binding) for the effective binding of every key in the judged files.

        Value rules judge what the loader uses: the last definition of a key (SL004
        reports the earlier ones)."""
        return _pairs(self._effective_bindings(self.environment))

    def compared_bindings(self) -> Iterator[tuple[EnvFile, Variable]]:
        """Like :meth:`judged_bindings`, for the comparison environment's files."""
        return _pairs(self._effective_bindings(self.compare_with))

    def _effective_bindings(self, environment: str | None) -> list[tuple[EnvFile, list[Variable]]]:
        """Each file with its effective bindings. Not a list of (file, binding) pairs: at
        1,000 services those 80,000 tuples held 5 MiB for the whole run."""
        found = self._bindings.get(environment)
        if found is None:
            files = [] if environment is None else self.project.env_files_for(environment)
            found = [(f, list(f.effective().values())) for f in files]
            self._bindings[environment] = found
        return found

    def variables(
        self, environment: str, service: str | None = None
    ) -> dict[str, dict[str, Variable]]:
        """:meth:`Project.variables <stagelint.model.deployment.Project.variables>`, merged once per
        environment: rules that ask for each service would otherwise scan every env file of
        the project for each one (quadratic)."""
        merged = self._variables.get(environment)
        if merged is None:
            merged = self._variables[environment] = self.project.variables(environment)
        if service is None:
            return {name: dict(bindings) for name, bindings in merged.items()}
        return {service: dict(merged[service])} if service in merged else {}

    def owner(self, path: str) -> tuple[str | None, str | None]:
        """(service, environment) of the file at ``path`` (root-relative)."""
        for env_file in self.project.env_files:
            if env_file.path == path:
                return env_file.service, env_file.environment
        for service in self.project.services.values():
            if any(source.path == path for source in service.config_files()):
                return service.name, None
        return None, None

    def service_of(self, env_file: EnvFile) -> Service | None:
        """The service an env file belongs to (None for project-level files)."""
        return self.project.services.get(env_file.service)

    def platform_of(self, env_file: EnvFile) -> str:
        service = self.service_of(env_file)
        return service.platform if service is not None else "unknown"

    def compared_env_files(self) -> list[EnvFile]:
        """The non-template env files of the comparison environment."""
        if self.compare_with is None:
            return []
        return self.project.env_files_for(self.compare_with)

    def template_files(self) -> list[EnvFile]:
        return [f for f in self.project.env_files if f.template]

    def problems(self, kind: str) -> Iterator[tuple[Problem, str | None, str | None]]:
        """(problem, service, environment) for every parser problem of ``kind``, in every
        file of the project: file-level rules (SL001-SL005) judge every file found."""
        for iac_file in self.project.iac_files:
            for problem in iac_file.problems:
                if problem.kind == kind:
                    yield problem, None, None
        for service in self.project.services.values():
            for source in service.config_files():
                for problem in source.problems:
                    if problem.kind == kind:
                        yield problem, service.name, None
        for env_file in self.project.env_files:
            for problem in env_file.problems:
                if problem.kind == kind:
                    yield problem, env_file.service, env_file.environment
        for other in self.project.other_files:
            for problem in other.problems:
                if problem.kind == kind:
                    yield problem, None, None


def _pairs(groups: list[tuple[EnvFile, list[Variable]]]) -> Iterator[tuple[EnvFile, Variable]]:
    """(file, binding) for every binding of every file, made as they are iterated."""
    return chain.from_iterable(zip(repeat(env_file), bindings) for env_file, bindings in groups)


def literal(var: Variable) -> str | None:
    """The value a rule may judge: None for a bare key, and for a value that is a reference
    or contains one (``${{Neon.DATABASE_URL}}``, ``https://${RAILWAY_PUBLIC_DOMAIN}``), which
    only the platform can resolve. Every call reveals a value: never put it in a message."""
    if var.value is None or var.references:
        return None
    return var.value.reveal()


def problem_violations(ctx: Context, kind: str) -> Iterator[Violation]:
    """Violations for parser problems of ``kind``: the shape of SL001-SL003 and SL005."""
    from stagelint.model.diagnostics import Related

    for problem, service, environment in ctx.problems(kind):
        yield Violation(
            message=problem.message,
            location=problem.location,
            related=tuple(Related(loc, msg) for loc, msg in problem.related),
            environment=environment,
            service=service,
            variable=problem.key,
        )
