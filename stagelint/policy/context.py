"""What a rule checks: the :class:`Context` a run hands every rule's ``check()``.

A context holds the project model, the policy and the settings, and computes once per run
the views every rule asks for (the effective bindings of an environment, the variable
catalogue). It is apart from :mod:`stagelint.policy.rule` because it reaches up to the installed
plugins (the catalogue is theirs), which themselves hand over :class:`~stagelint.policy.rule.Rule`
classes.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterator
from itertools import chain, repeat
from typing import TYPE_CHECKING, Any, TypeVar

from stagelint.model.diagnostics import Violation
from stagelint.model.slotted import field, fields_class

if TYPE_CHECKING:
    from stagelint.model.deployment import (
        EnvFile,
        Location,
        Problem,
        Project,
        Service,
        SuppressionReport,
        Variable,
    )
    from stagelint.policy.catalogue import Catalogue
    from stagelint.policy.packs import Policy
    from stagelint.project.settings import Settings


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
    active: frozenset[str] = frozenset()
    """The codes of the rules that run in this check (the engine sets them): a rule may leave
    to another what that one reports (SL505 names no variable SL503 reports missing)."""
    dropped: Callable[[str, Location], bool] | None = field(default=None, repr=False)
    """Whether an inline suppression or a per-file ignore drops a finding of a rule at a
    location (the engine sets it; None: nothing is dropped)."""
    _catalogue: Catalogue | None = field(default=None, repr=False)
    _bindings: dict[str | None, list[tuple[EnvFile, list[Variable]]]] = field(
        default_factory=dict, repr=False
    )
    _distinct_keys: dict[str | None, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _variables: dict[str, dict[str, dict[str, Variable]]] = field(default_factory=dict, repr=False)
    """What :meth:`judged_bindings`, :meth:`judged_keys`, their comparison twins and
    :meth:`variables` found, per environment: every rule asks, and the project does not
    change while rules run."""
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

    def reports(self, code: str, location: Location) -> bool:
        """Whether a finding of rule ``code`` at ``location`` is reported: the rule runs, and
        neither an inline suppression nor a per-file ignore drops it. A baseline is not
        consulted: a finding it covers was reported when the baseline was written."""
        if code not in self.active:
            return False
        return self.dropped is None or not self.dropped(code, location)

    def judged_env_files(self) -> list[EnvFile]:
        """The non-template env files of the judged environment."""
        return self.project.env_files_for(self.environment)

    def judged_bindings(
        self, keys: Container[str] | None = None
    ) -> Iterator[tuple[EnvFile, Variable]]:
        """(file, binding) for the effective binding of every key in the judged files, in
        file and line order; with ``keys``, only the bindings of those keys.

        Value rules judge what the loader uses: the last definition of a key (SL004
        reports the earlier ones). A rule that judges a few kinds of keys decides once per
        distinct key (:meth:`judged_keys`) and passes the keys it judges: at 200 services
        the judged files hold 8,000 bindings of about 60 distinct keys."""
        return _pairs(self._effective_bindings(self.environment), keys)

    def compared_bindings(
        self, keys: Container[str] | None = None
    ) -> Iterator[tuple[EnvFile, Variable]]:
        """Like :meth:`judged_bindings`, for the comparison environment's files."""
        return _pairs(self._effective_bindings(self.compare_with), keys)

    def judged_keys(self) -> tuple[str, ...]:
        """Every distinct key bound in the judged files, in the order first met."""
        return self._keys(self.environment)

    def compared_keys(self) -> tuple[str, ...]:
        """Like :meth:`judged_keys`, for the comparison environment's files."""
        return self._keys(self.compare_with)

    def _keys(self, environment: str | None) -> tuple[str, ...]:
        found = self._distinct_keys.get(environment)
        if found is None:
            groups = self._effective_bindings(environment)
            found = tuple({var.key: None for _, bindings in groups for var in bindings})
            self._distinct_keys[environment] = found
        return found

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
        file of the project: file-level rules (SL001-SL005) judge every file found, except
        a ``railway.json`` beside a ``railway.toml``, which Railway never read: its one
        finding is SL607's (the file is ignored), not what it would have said."""
        for iac_file in self.project.iac_files:
            for problem in iac_file.problems:
                if problem.kind == kind:
                    yield problem, None, None
        for service in self.project.services.values():
            for source in service.config_files():
                if source is service.railway_ignored:
                    continue
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


def _pairs(
    groups: list[tuple[EnvFile, list[Variable]]], keys: Container[str] | None
) -> Iterator[tuple[EnvFile, Variable]]:
    """(file, binding) for every binding of every file (of ``keys`` only, if given), made as
    they are iterated."""
    if keys is None:
        return chain.from_iterable(zip(repeat(env_file), bindings) for env_file, bindings in groups)
    return ((env_file, var) for env_file, bindings in groups for var in bindings if var.key in keys)


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
