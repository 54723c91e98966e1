"""SL504 invalid-variable."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.diagnostics import Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.expectations import Failure, expectations_of
from stagelint.policy.facts import judged_literal
from stagelint.policy.rule import Rule

from ._expectations import URL_KINDS, platforms_of, shown


class InvalidVariable(Rule):
    """A value must meet the policy's expectation for it: type, range, enum, pattern or value.

    ## What it checks
    Every literal value in the judged environment's env files against the expectations the
    policy sets for the service's platform (`variables:` of `policies/staging.yaml`): its
    `type` (int, float, bool, email, url), `range`, `one_of`, `equals` and `pattern`. An
    expectation for a catalogued variable covers its aliases (`WEB_CONCURRENCY` for
    `WORKERS`), and a glob key (`FEATURE_*`) covers every matching variable. One finding per
    variable: the first check it fails. The staging pack expects, among others, integers for
    `WORKERS` (at least 1), `DATABASE_POOL_SIZE` and the JWT lifetimes, booleans for
    `DEBUG`, `RATE_LIMIT_ENABLED` (true) and `FEATURE_*` flags, `FEATURE_MAINTENANCE_MODE`
    false, an email for `EMAIL_FROM_ADDRESS`, `NODE_ENV=production` for Vercel, numeric
    Lemon Squeezy store ids and dated Sanity API versions.

    Not judged: references (`${{Neon.DATABASE_URL}}`), placeholders (SL102), templates and
    development files. A `type: url` check on a variable whose catalogue kind is a URL is
    left to SL306 (invalid-url); values owned by other rules (environment names, datasets,
    Sentry settings, test mode) have no expectations in the shipped packs.

    ## Why
    Environment values are strings until the app parses them, at start-up or, worse, on the
    first request that reads them: `WORKERS=two` crashes the server, `RATE_LIMIT_ENABLED=maybe`
    is read as false by many parsers, and `FEATURE_MAINTENANCE_MODE=true` takes the site down
    for every tester.

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    WORKERS=two
    RATE_LIMIT_ENABLED=maybe
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    WORKERS=2
    RATE_LIMIT_ENABLED=true
    ```

    ## How to fix
    Write the value the diagnostic expects. If your project legitimately differs, override
    the expectation in a policy that extends this one, e.g.
    `variables: {railway: {WORKERS: {range: [1, 8]}}}`, or drop it with `WORKERS: null`.

    ## Guide
    Railway Step 4 (`WORKERS=2`, `DATABASE_POOL_SIZE=15`, `RATE_LIMIT_ENABLED=true`, ...) and
    Vercel Step 4 (`NODE_ENV=production`, Feature Flags).
    """

    code = "SL504"
    name = "invalid-variable"
    default_severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Violation]:
        expectations = expectations_of(ctx.policy)
        catalogue = ctx.catalogue
        platforms_by_service = {
            env_file.service: platforms_of(ctx, env_file.service)
            for env_file in ctx.judged_env_files()
        }
        combinations = {platforms for platforms in platforms_by_service.values() if platforms}
        judged = {
            key
            for key in ctx.judged_keys()
            if any(expectations.matching(key, platforms, catalogue) for platforms in combinations)
        }
        # a project sets the same value in many services (NODE_ENV=production): judge it once
        verdicts: dict[tuple[int, str, str], Failure | None] = {}
        for env_file, var in ctx.judged_bindings(judged):
            platforms = platforms_by_service[env_file.service]
            if not platforms:
                continue
            matching = expectations.matching(var.key, platforms, catalogue)
            if not matching:
                continue
            text = judged_literal(var)
            if text is None:
                continue
            for expected in matching:
                expectation = expected.expectation
                asked = (id(expectation), var.key, text)
                try:
                    failed = verdicts[asked]
                except KeyError:
                    check_type = not (
                        expectation.value_type == "url" and catalogue.kind(var.key) in URL_KINDS
                    )
                    failed = verdicts[asked] = expectation.failure(text, check_type)
                if failed is None:
                    continue
                value = None if catalogue.is_secret(var.key) else shown(text)
                if value is None:
                    said = f"{var.key} has an unexpected value in {ctx.environment}"
                else:
                    said = f"{var.key} is {value} in {ctx.environment}"
                why = ""
                if expectation.reason and failed.check != "type":
                    why = f" ({expectation.reason})"
                yield Violation(
                    message=f"{said}; expected {failed.expected}{why}",
                    location=var.location,
                    environment=env_file.environment,
                    service=env_file.service,
                    variable=var.key,
                )
                break
