"""SL006 unresolved-reference."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.diagnostics import Severity, Violation
from stagelint.model import EnvFile
from stagelint.rule import Context, Rule, RuleOptions

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
    that live in Railway, not in the repository: only their syntax is checked.

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
        for env_file in ctx.project.env_files:
            for var in env_file.variables:
                for ref in var.references:
                    if ref.malformed:
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
                        message = (
                            f"{var.key} interpolates ${{{ref.name}}}, which no {where} env file "
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
