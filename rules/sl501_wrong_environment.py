"""SL501 wrong-environment."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.diagnostics import Severity, Violation
from stagelint.model.slotted import field
from stagelint.policy.context import Context
from stagelint.policy.facts import judged_literal
from stagelint.policy.rule import Rule, RuleOptions

from ._expectations import shown

DEFAULT_SPELLINGS = {
    "staging": ("staging", "stage", "preview"),
    "production": ("production", "prod"),
}


class WrongEnvironment(Rule):
    """A variable that names the environment must name the one it is deployed to.

    ## What it checks
    In the judged environment's env files, every variable the catalogue gives the role
    `environment-name` (`PYTHON_ENV` and its aliases `APP_ENV`, `ENVIRONMENT`, `ENV`,
    `RAILS_ENV`, `DJANGO_ENV`, `NEXT_PUBLIC_APP_ENV`, plus the option `keys`) must hold one
    of the judged environment's `spellings`, compared case-insensitively: `staging`, `stage`
    or `preview` in staging (Vercel's Preview scope is the guide's staging), `production` or
    `prod` in production. `FLASK_ENV` (the option `mode_keys`) is a mode that Flask knows as
    `development` or `production` only: outside development it may also say `production`.

    Not judged: `NODE_ENV` (a build mode: the guide builds previews with `production`),
    `SENTRY_ENVIRONMENT` (SL205), Sanity datasets (SL203), references such as
    `${{RAILWAY_ENVIRONMENT_NAME}}` and placeholders.

    ## Why
    Apps switch behaviour on this variable: which database settings, log levels, payment
    modes and feature flags they load. A staging backend that believes it is production
    sends real emails, enables live integrations and reports itself as production; one that
    believes it is development turns on debug conveniences on the internet.

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    PYTHON_ENV=production
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    PYTHON_ENV=staging
    ```

    ## How to fix
    Set the variable to the environment the file deploys to (`PYTHON_ENV=staging` in
    `.env.staging`). If the team spells it differently (`stg`), add the spelling to the
    option `spellings` of a policy that extends this one.

    ## Guide
    Railway Step 4 → Application (`PYTHON_ENV=staging`).
    """

    code = "SL501"
    name = "wrong-environment"
    default_severity = Severity.ERROR

    class Options(RuleOptions):
        spellings: dict[str, tuple[str, ...]] = field(
            default_factory=lambda: dict(DEFAULT_SPELLINGS)
        )
        """Accepted names of each environment (case-insensitive). An environment listed
        here replaces its default entry, the others keep theirs; an environment listed
        nowhere accepts its own name only."""
        keys: tuple[str, ...] = ()
        """More variables that name the environment, besides the catalogue's
        ``environment-name`` role."""
        mode_keys: tuple[str, ...] = ("FLASK_ENV",)
        """Variables holding a mode (development or production) rather than the
        environment's name: outside development they may also say production."""

        def __post_init__(self) -> None:
            for environment, names in self.spellings.items():
                if not names or not all(name.strip() for name in names):
                    raise ValueError(f"spellings.{environment} must list non-empty names")

    options: Options

    def check(self, ctx: Context) -> Iterator[Violation]:
        environment = ctx.environment
        accepted = self._spellings(environment)
        mode_accepted = accepted | self._spellings("production")
        keys = set(ctx.catalogue.with_role("environment-name")) | set(self.options.keys)
        mode_keys = set(self.options.mode_keys)
        for env_file, var in ctx.judged_bindings(keys | mode_keys):
            is_mode = var.key in mode_keys
            text = judged_literal(var)
            if text is None:
                continue
            allowed = mode_accepted if is_mode else accepted
            if text.strip().lower() in allowed:
                continue
            if is_mode:
                expected = "production (Flask knows only development and production)"
            else:
                expected = self._expected_words(environment)
            value = None if ctx.catalogue.is_secret(var.key) else shown(text)
            if value is None:
                said = f"{var.key} names another environment in {environment}"
            else:
                said = f"{var.key} says {value} in {environment}"
            yield Violation(
                message=f"{said}; expected {expected}",
                location=var.location,
                environment=env_file.environment,
                service=env_file.service,
                variable=var.key,
            )

    def _names(self, environment: str) -> tuple[str, ...]:
        spellings = {**DEFAULT_SPELLINGS, **self.options.spellings}
        return spellings.get(environment, (environment,))

    def _spellings(self, environment: str) -> set[str]:
        return {name.strip().lower() for name in self._names(environment)}

    def _expected_words(self, environment: str) -> str:
        names = list(self._names(environment))
        if environment in names:
            names.remove(environment)
        names.insert(0, environment)
        if len(names) == 1:
            return names[0]
        return f"{names[0]} (or {', '.join(names[1:])})"
