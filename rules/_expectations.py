"""Helpers shared by the SL5 rules (environment identity and variables)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from stagelint.model.deployment import EnvFile, IacVariables, Service, Variable
from stagelint.model.regex import lazy
from stagelint.model.stack import Framework, framework_of, respell
from stagelint.model.tuples import NamedTuple
from stagelint.model.values import looks_random
from stagelint.policy.context import Context
from stagelint.policy.expectations import Expected, expectations_of, names_of
from stagelint.policy.fingerprint import holds_no_secret
from stagelint.policy.rule import literal

PLATFORM_TITLES = {"railway": "Railway", "vercel": "Vercel", "sanity": "Sanity"}
URL_KINDS = frozenset({"url", "postgres-url", "redis-url"})
"""Catalogue kinds whose URL syntax SL306 (invalid-url) judges."""
_QUOTABLE = lazy(r"[A-Za-z0-9 ._:/@+-]{1,24}")
_ALNUM_RUN = lazy(r"[A-Za-z0-9]+")
_RANDOM_RUN = 10


def by_service(files: Iterable[EnvFile]) -> dict[str, list[EnvFile]]:
    """Service name -> its files, sorted by path (the first is the service's main file:
    ``.env.staging`` before ``.env.staging.local``)."""
    result: dict[str, list[EnvFile]] = {}
    for env_file in sorted(files, key=lambda f: f.path):
        result.setdefault(env_file.service, []).append(env_file)
    return result


def platforms_of(ctx: Context, service: str) -> tuple[str, ...]:
    """Every platform of a service, primary first (a Next.js app may embed a Studio);
    nothing for project-level files outside any service."""
    found = ctx.project.services.get(service)
    if found is None:
        return ()
    platforms = tuple(p for p in found.platforms if p != "unknown")
    if found.platform != "unknown" and found.platform not in platforms:
        platforms = (found.platform, *platforms)
    return platforms


def stack_conditions(
    ctx: Context, service: str
) -> Callable[[tuple[str, ...], frozenset[str]], bool]:
    """Decides an expectation's ``when:`` for one service, from the project's evident stack
    (given the names of the variable, for the ``named`` condition)."""
    from functools import partial

    from stagelint.model.stack import holds_for

    return partial(holds_for, ctx.project, ctx.project.services.get(service))


class Missing(NamedTuple):
    """A variable the policy requires of a service that none of the service's files of the
    judged environment sets: one finding of SL503 (missing-variable)."""

    service: str
    files: list[EnvFile]
    """The service's files of the judged environment; the finding points at the first."""
    expected: Expected
    names: frozenset[str]
    """Every name that would have set it: aliases, and their spellings for the service's
    framework (``VITE_API_URL``)."""
    triggers: frozenset[str]
    """The keys the files set to a value (what decides a ``required_with``)."""
    found: Service | None


def missing_required(ctx: Context) -> list[Missing]:
    """What SL503 reports, found once per check: SL505 names none of these variables where
    SL503 reports them (each problem once)."""
    return ctx.shared(("missing-required", ctx.environment), lambda: list(_missing(ctx)))


def _missing(ctx: Context) -> Iterator[Missing]:
    expectations = expectations_of(ctx.policy)
    # (key, framework) -> every name that sets it: alike for every service of a framework
    spelled: dict[tuple[str, Framework | None], frozenset[str]] = {}
    for service, files in by_service(ctx.judged_env_files()).items():
        platforms = platforms_of(ctx, service)
        if not platforms or not all(env_file.parsed for env_file in files):
            continue  # a file that could not be read may hold anything: SL001 says so
        present = {var.key for env_file in files for var in env_file.variables}
        if all(isinstance(f, IacVariables) for f in files) and not (
            present and _guide_backend(ctx, service)
        ):
            continue  # variables the IaC file does not declare live in Railway, as they
            # do for a service without env files (`railway config migrate` writes none)
        holds_secrets = any(
            ctx.catalogue.is_secret(var.key) and not _setting(var)
            for env_file in files
            for var in env_file.variables
        )
        found = ctx.project.services.get(service)
        applies = stack_conditions(ctx, service)
        # an empty SENTRY_DSN switches Sentry off: it asks for no SENTRY_ENVIRONMENT
        triggers = frozenset(
            var.key
            for env_file in files
            for var in env_file.variables
            if var.references or (var.value is not None and var.value)
        )
        framework = framework_of(found)
        for expected in expectations.required(platforms, triggers, ctx.catalogue, applies):
            names = spelled.get((expected.key, framework))
            if names is None:
                own = names_of(expected.key, ctx.catalogue)
                names = frozenset(own | {respell(name, found) for name in own})
                spelled[expected.key, framework] = names
            if not present.isdisjoint(names):
                continue
            if not holds_secrets and ctx.catalogue.is_secret(expected.key):
                continue  # a file of public defaults: the secrets live in the dashboard
            yield Missing(service, files, expected, names, triggers, found)


def _setting(var: Variable) -> bool:
    """A boolean or a number under a secret-sounding name (``ADMIN_AUTO_GENERATE_PASSWORD=
    false``): a setting, which does not make its file one that holds secrets."""
    text = literal(var)
    return text is not None and bool(text.strip()) and holds_no_secret(text)


def _guide_backend(ctx: Context, name: str) -> bool:
    """Whether an IaC service starts a Python web server in the judged environment."""
    from ._platforms import find_servers

    service = ctx.project.services.get(name)
    iac = service.iac if service is not None else None
    if iac is None:
        return False
    found = iac.setting("environments", ctx.environment, "deploy", "startCommand")
    return found is not None and isinstance(found.value, str) and bool(find_servers(found.value))


def templates_for(templates: list[EnvFile], environment: str) -> list[EnvFile]:
    """The templates that document ``environment`` for one service: its own templates
    (``.env.staging.example``) when there are any, else the generic ones (``.env.example``)."""
    own = [t for t in templates if t.environment == environment]
    return own or [t for t in templates if t.environment is None]


def first_definition(files: Iterable[EnvFile], names: Iterable[str]) -> Variable | None:
    """The first binding of any of ``names`` in ``files`` (in order)."""
    wanted = set(names)
    for env_file in files:
        for var in env_file.variables:
            if var.key in wanted:
                return var
    return None


def shown(text: str) -> str | None:
    """A non-secret value quoted for a message, or None when it should not be shown.

    Only short, word-like values are quoted (``two``, ``development``, ``127.0.0.1``): a
    secret pasted into the wrong variable is long or random-looking, and must not reach a
    message through a key that is not secret."""
    text = text.strip()
    if not _QUOTABLE.fullmatch(text) or looks_random(text):
        return None
    for run in _ALNUM_RUN.findall(text):
        classes = sum(bool(re.search(c, run)) for c in ("[a-z]", "[A-Z]", "[0-9]"))
        if len(run) >= _RANDOM_RUN and classes >= 2:
            return None
    return f"'{text}'"
