"""SL006 unresolved-reference."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stagelint.model.deployment import (
    EnvFile,
    IacVariable,
    IacVariables,
    Location,
    quotable_name,
    reference_text,
)
from stagelint.model.diagnostics import Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule, RuleOptions

PLATFORM_VARIABLES = frozenset({"PORT"})
"""Variables the platforms provide to every service (Railway ``PORT``)."""
PLATFORM_PREFIXES = ("RAILWAY_", "VERCEL_")
"""Prefixes of platform-provided variables (``RAILWAY_PUBLIC_DOMAIN``, ``VERCEL_URL``...)."""


class UnresolvedReference(Rule):
    """A malformed reference, or `${VAR}` naming a variable that is defined nowhere.

    ## What it checks
    References inside env values. A Railway reference (`${{Neon.DATABASE_URL}}`,
    `${{shared.X}}`) or an interpolation (`${VAR}`) that is not closed is malformed. An
    interpolation `${VAR}` without a default (`${VAR:-default}`) must name a variable of
    the same service and environment (in any of its env files) or one the platform provides
    (`PORT`, `RAILWAY_*`, `VERCEL_*`). Railway references name services and shared variables
    that live in Railway, not in the repository: only their syntax is checked, except in
    `.railway/railway.ts`, which declares the project's resources: there a reference
    (`db.env.DATABASE_URL`, `ref(db, "X")`, `"${{web.RAILWAY_PUBLIC_DOMAIN}}"`) must name a
    resource the file declares in that environment, and `<name>.env.X` must use a name the
    file defines; so must a `${{Name.VAR}}` in an env file of a service the IaC file manages
    (`backend/.env.staging` beside `service("backend", ...)`). A partial file (`export const
    partial`) manages only some resources: references to others are not judged, nor are
    those of a file whose resources cannot all be read.

    ## Why
    An unclosed reference is passed through literally: the app gets
    `${{Neon.DATABASE_URL}` as its database URL. An interpolation of an undefined variable
    becomes an empty string in python-dotenv and most loaders, silently.

    ## Example
    ```dotenv path="backend/.env.staging"
    DATABASE_URL=${{Neon.DATABASE_URL}
    REDIS_URL=${REDIS_PRIVATE_URL}
    ```

    ## Use instead
    ```dotenv path="backend/.env.staging"
    DATABASE_URL=${{Neon.DATABASE_URL}}
    REDIS_PRIVATE_URL=${{Redis.REDIS_URL}}
    REDIS_URL=${REDIS_PRIVATE_URL}
    ```

    ## How to fix
    Close the reference (`}}` for Railway, `}` for interpolation), define the variable it
    names in the same environment, or give it a default: `${VAR:-value}`.

    ## Guide
    Troubleshooting → Environment Variables Not Loading (reference syntax
    `${{Service.VARIABLE_NAME}}`); Railway Step 4 (`DATABASE_URL=${{Neon.DATABASE_URL}}`).
    """

    code = "SL006"
    name = "unresolved-reference"
    default_severity = Severity.ERROR

    class Options(RuleOptions):
        provided: tuple[str, ...] = ()
        """More variable names that the runtime provides (e.g. ``HOME``)."""

    options: Options

    def check(self, ctx: Context) -> Iterator[Violation]:
        provided = PLATFORM_VARIABLES | set(self.options.provided)
        groups: dict[_Group, list[EnvFile]] = {}
        for env_file in ctx.project.env_files:
            groups.setdefault(_group(env_file), []).append(env_file)
        # the keys of a group, gathered when one of its references needs them: a set per
        # group up front held 7 MiB at 1,000 services, for the few files that interpolate
        keys: dict[_Group, set[str]] = {}
        declared = _DeclaredByIac(ctx)
        for env_file in ctx.project.env_files:
            if isinstance(env_file, IacVariables):
                continue  # judged once per location below
            for var in env_file.variables:
                for ref in var.references:
                    undeclared = declared.missing(env_file, ref)
                    if undeclared is not None:
                        message = f"{var.key} {undeclared}"
                    elif ref.malformed:
                        form = "${{Service.VAR}}" if ref.kind == "railway" else "${VAR}"
                        message = (
                            f"malformed reference in {var.key}: not a complete {form} "
                            "(unclosed, or an invalid name); loaders read it literally or "
                            "differently"
                        )
                    elif (
                        ref.kind == "braced"
                        and ref.default is None
                        and ref.name not in provided
                        and not ref.name.startswith(PLATFORM_PREFIXES)
                        and ref.name not in _defined(_group(env_file), groups, keys)
                    ):
                        where = env_file.environment or "template"
                        shown = reference_text(ref) or "a ${...} reference (name not shown)"
                        message = (
                            f"{var.key} interpolates {shown}, which no {where} env file "
                            f"of {env_file.service} defines; it becomes an empty string"
                        )
                    else:
                        continue
                    yield Violation(
                        message=message,
                        location=ref.location,
                        environment=env_file.environment,
                        service=env_file.service,
                        variable=var.key,
                    )

        yield from _iac_references(ctx)


def _iac_references(ctx: Context) -> Iterator[Violation]:
    """References of ``.railway/railway.ts`` variables: each location once, naming the
    environments where it fails when that is not all of them."""
    found: dict[tuple[Location, str], tuple[list[str], str, str, str, str | None]] = {}
    evaluated_envs: dict[str, list[str]] = {}
    views = [f for f in ctx.project.env_files if isinstance(f, IacVariables)]
    views.sort(key=lambda f: f.environment != ctx.environment)
    for view in views:
        iac_file = next((f for f in ctx.project.iac_files if f.path == view.path), None)
        environment = view.environment or ""
        evaluated = iac_file.environments.get(environment) if iac_file else None
        if iac_file is None or evaluated is None:
            continue
        evaluated_envs[view.path] = list(iac_file.environments)
        declared = {resource.name for resource in evaluated.resources}
        judge_names = evaluated.complete and iac_file.partial is None
        name = view.path.rsplit("/", 1)[-1]
        for var in view.variables:
            for ref in var.references:
                message = _iac_message(var, ref, declared, judge_names, name)
                if message is None:
                    continue
                entry = found.setdefault(
                    (ref.location, message), ([], message, view.service, var.key, view.path)
                )
                entry[0].append(environment)
    for (location, _), (envs, message, service, key, path) in found.items():
        everywhere = set(envs) == set(evaluated_envs.get(path or "", envs))
        text = message.replace(" {where}", "" if everywhere else f" in {' and '.join(envs)}")
        yield Violation(
            message=text,
            location=location,
            environment=envs[0],
            service=service,
            variable=key,
        )


def _iac_message(
    var: object, ref: Any, declared: set[str], judge_names: bool, name: str
) -> str | None:
    if ref.kind != "railway":
        return None
    key = getattr(var, "key", "")
    if ref.malformed:
        return (
            f"malformed reference in {key}: not a complete ${{{{Service.VAR}}}} (unclosed, or "
            "an invalid name); Railway passes it through literally"
        )
    if ref.service is None or ref.service == "shared":
        return None
    if isinstance(var, IacVariable) and var.origin == "reference" and var.reason is not None:
        return (
            f"{key} references {ref.service}.env.{ref.name}, but '{ref.service}' is not defined "
            f"in {name}: the file stops with a ReferenceError before Railway applies anything"
        )
    if not judge_names or ref.service in declared:
        return None
    if not _quotable(ref.service) or not _quotable(ref.name):  # text pasted into ${{...}}
        return (
            f"{key} references a resource that {name} does not declare {{where}}: Railway "
            "cannot resolve it; declare the resource or fix the name"
        )
    return (
        f"{key} references {ref.service!r}, which {name} does not declare {{where}}: Railway "
        f"cannot resolve ${{{{{ref.service}.{ref.name}}}}}; declare the resource or fix the name"
    )


class _DeclaredByIac:
    """The resources ``.railway/railway.ts`` declares, for the ``${{Name.VAR}}`` references
    of the env files of a service it manages: the file is the whole project (unless it is a
    partial file or could not be enumerated), so a name it does not declare cannot
    resolve."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.by_path = {f.path: f for f in ctx.project.iac_files}
        self.names: dict[tuple[str, str], frozenset[str]] = {}

    def missing(self, env_file: EnvFile, ref: Any) -> str | None:
        """What is wrong with ``ref`` (a message tail), or None."""
        if ref.kind != "railway" or ref.malformed or ref.service in (None, "shared"):
            return None
        service = self.ctx.project.services.get(env_file.service)
        if service is None or service.iac is None or env_file.environment is None:
            return None
        iac_file = self.by_path.get(service.iac.path)
        evaluated = iac_file.environments.get(env_file.environment) if iac_file else None
        if iac_file is None or evaluated is None or iac_file.partial is not None:
            return None
        names = self.names.get((iac_file.path, env_file.environment))
        if names is None:
            names = frozenset(r.name for r in evaluated.resources)
            self.names[(iac_file.path, env_file.environment)] = names
        if not evaluated.complete or ref.service in names:
            return None
        name = iac_file.path.rsplit("/", 1)[-1]
        if not _quotable(ref.service) or not _quotable(ref.name):
            return (
                f"references a resource that {name} does not declare in "
                f"{env_file.environment}: Railway cannot resolve it; declare the resource "
                "or fix the name"
            )
        return (
            f"references {ref.service!r}, which {name} does not declare in "
            f"{env_file.environment}: Railway cannot resolve ${{{{{ref.service}.{ref.name}}}}}; "
            "declare the resource or fix the name"
        )


def _quotable(text: str) -> bool:
    """A resource or variable name a message may show: what any output may print of a
    reference (:func:`stagelint.model.deployment.quotable_name`: name-shaped, short, not
    switching between lower case, upper case and digits like random text)."""
    return quotable_name(text)


_Group = tuple[str, str | None, bool]
"""Service, environment, template: the env files whose variables a reference may name."""


def _group(env_file: EnvFile) -> _Group:
    return (env_file.service, env_file.environment, env_file.template)


def _defined(
    group: _Group, groups: dict[_Group, list[EnvFile]], keys: dict[_Group, set[str]]
) -> set[str]:
    """The keys defined in ``group``'s env files, remembered in ``keys``."""
    found = keys.get(group)
    if found is None:
        found = keys[group] = {var.key for f in groups[group] for var in f.variables}
    return found
