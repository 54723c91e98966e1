"""SL505 environment-drift."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.deployment import EnvFile, Location, Variable
from stagelint.model.diagnostics import Related, Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.expectations import matches_any
from stagelint.policy.rule import Rule

from ._expectations import by_service, missing_required, templates_for


class EnvironmentDrift(Rule):
    """Staging and production must define the same variables, and the template document them.

    ## What it checks
    For every service with env files in both the judged environment and the comparison
    environment, the variables defined in one and not in the other, in both directions
    (staging's files taken together, `.env.staging.local` included). And, for every service
    with a template, the variables of the judged environment that the template does not list.
    The template of the environment (`.env.staging.example`) is used when the service has
    one; otherwise the generic templates (`.env.example`, `.env.sample`...). Keys (or globs)
    in the policy's `environment_specific` are skipped everywhere: the staging pack lists
    `BASIC_AUTH_*`, `STAGING_*`, `PRODUCTION_*`, `SEED_*` and platform-provided `RAILWAY_*`,
    `VERCEL_*`.

    A service with files on one side only (staging files, no production files) has nothing
    to compare, nor has a side one of whose files could not be read or parsed (SL001
    reports it). Drift is reported once per pair of files: the finding points at the start
    of the file that lacks the variables (the service's first file of that environment, or
    its template), names them (the first three, then "and N more") and relates the line
    that defines each.

    Each problem is reported once: a variable that SL503 (missing-variable) reports missing
    in the judged environment is SL503's finding, and this rule does not name it again
    (when nothing else differs, there is no finding). It names it when SL503 does not report
    it: SL503 not selected, turned off in the policy, or its finding silenced by an inline
    suppression or a per-file ignore. A baseline entry for SL503's finding does not make
    this rule name the variable: the baseline was written by a run that reported it, and
    must cover the next run too.

    ## Why
    Staging exists to catch what production would do. A variable only production sets is a
    code path staging never runs (a payment webhook, a cache, a feature flag); one only
    staging sets is a dependency that breaks the next production deploy. A template that
    lags behind makes every new environment, and every new developer, miss it too.

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    WORKERS=2
    ```
    ```dotenv path="backend/.env.production"
    WORKERS=4
    SENTRY_DSN=https://b9bbbc7a8516160a66a9c3eb4040b4e9@o451234.ingest.us.sentry.io/4507654321
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    WORKERS=2
    SENTRY_DSN=https://b9bbbc7a8516160a66a9c3eb4040b4e9@o451234.ingest.us.sentry.io/4507654321
    ```
    ```dotenv path="backend/.env.production"
    WORKERS=4
    SENTRY_DSN=https://b9bbbc7a8516160a66a9c3eb4040b4e9@o451234.ingest.us.sentry.io/4507654321
    ```

    ## How to fix
    Define the variable on the other side (with that environment's own value), add it to
    the template with a placeholder, or, when it truly belongs to one environment, list it
    under `environment_specific` in a policy that extends this one.

    ## Guide
    Overview ("It mirrors production configurations while using separate resources");
    Pre-Deployment checklist (All environment variables set).
    """

    code = "SL505"
    name = "environment-drift"
    default_severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Violation]:
        specific = _environment_specific(ctx)
        judged = by_service(ctx.judged_env_files())
        compared = by_service(ctx.compared_env_files())
        templates = by_service(ctx.template_files())
        other = ctx.compare_with or ""
        reported = _reported_missing(ctx)
        for service, files in judged.items():
            if not all(env_file.parsed for env_file in files):
                continue  # what an unreadable file holds is unknown: SL001 reports it
            ours = _definitions(files, specific)
            theirs_files = compared.get(service)
            if theirs_files and all(env_file.parsed for env_file in theirs_files):
                theirs = _definitions(theirs_files, specific)
                yield from self._missing(
                    ours, theirs, theirs_files[0], ctx.environment, other, service
                )
                # what SL503 reports missing here is its finding, not drift as well
                left = reported.get(service, set())
                unreported = {key: var for key, var in theirs.items() if key not in left}
                yield from self._missing(
                    unreported, ours, files[0], other, ctx.environment, service
                )
            documented = templates_for(templates.get(service, []), ctx.environment)
            if documented and all(template.parsed for template in documented):
                listed = {var.key for template in documented for var in template.variables}
                absent = [var for key, var in ours.items() if key not in listed]
                if absent:
                    names, verb = _names(absent)
                    yield _grouped(
                        absent,
                        f"{names} {verb} set in {ctx.environment} but missing from the template "
                        f"{documented[0].path}; expected listed there with a placeholder",
                        Location.at(documented[0].path),
                        "is set here",
                        ctx.environment,
                        service,
                    )

    @staticmethod
    def _missing(
        source: dict[str, Variable],
        target: dict[str, Variable],
        lacking: EnvFile,
        source_env: str,
        target_env: str,
        service: str,
    ) -> Iterator[Violation]:
        """The variables of ``source`` that ``target`` lacks, as one finding at ``lacking``."""
        absent = [var for key, var in source.items() if key not in target]
        if not absent:
            return
        names, verb = _names(absent)
        yield _grouped(
            absent,
            f"{names} {verb} set in {source_env} but not in {target_env}; expected in both, "
            "or listed under environment_specific",
            Location.at(lacking.path),
            f"is set in {source_env} here",
            lacking.environment,
            service,
        )


def _reported_missing(ctx: Context) -> dict[str, set[str]]:
    """Service -> every name of the variables SL503 reports missing in the judged
    environment: none when SL503 does not run, nor where a suppression or a per-file ignore
    drops its finding."""
    if "SL503" not in ctx.active:
        return {}
    result: dict[str, set[str]] = {}
    for missing in missing_required(ctx):
        if ctx.reports("SL503", missing.files[0].anchor()):
            result.setdefault(missing.service, set()).update(missing.names)
    return result


_LISTED = 3
"""Variables a message names before "and N more" (every one is a related location)."""


def _names(variables: list[Variable]) -> tuple[str, str]:
    """(``A``, ``is``), (``A and B``, ``are``), (``A, B, C and 4 more``, ``are``)."""
    keys = [var.key for var in variables]
    if len(keys) == 1:
        return keys[0], "is"
    if len(keys) <= _LISTED + 1:
        return f"{', '.join(keys[:-1])} and {keys[-1]}", "are"
    return f"{', '.join(keys[:_LISTED])} and {len(keys) - _LISTED} more", "are"


def _grouped(
    absent: list[Variable],
    message: str,
    location: Location,
    where: str,
    environment: str | None,
    service: str,
) -> Violation:
    """One finding per file pair, related to the line of every variable it names. A single
    variable keeps its name in ``variable``; several are named by the fingerprint (sorted
    names), so that a baseline entry stops covering the pair when a variable is added."""
    keys = [var.key for var in absent]
    return Violation(
        message=message,
        location=location,
        related=tuple(Related(var.location, f"{var.key} {where}") for var in absent),
        environment=environment,
        service=service,
        variable=keys[0] if len(keys) == 1 else None,
        fingerprint=None if len(keys) == 1 else ",".join(sorted(keys)),
    )


def _environment_specific(ctx: Context) -> frozenset[str]:
    """The keys of the judged and compared files that the policy's ``environment_specific``
    names, decided once per distinct key rather than for every binding."""
    skip = ctx.policy.environment_specific
    keys = {*ctx.judged_keys(), *ctx.compared_keys()}
    return frozenset(key for key in keys if matches_any(key, skip))


def _definitions(files: list[EnvFile], specific: frozenset[str]) -> dict[str, Variable]:
    """Key -> its first definition across ``files`` (in path order), environment-specific
    keys left out."""
    result: dict[str, Variable] = {}
    for env_file in files:
        for var in env_file.variables:
            if var.key not in result and var.key not in specific:
                result[var.key] = var
    return result
