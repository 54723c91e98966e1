"""SL102 secret-placeholder."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.deployment import EnvFile, Variable
from stagelint.model.diagnostics import Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.expectations import expectations_of, names_of
from stagelint.policy.facts import PLACEHOLDER, URL_PLACEHOLDER_PASSWORD, literal_facts
from stagelint.policy.rule import Rule

from ._expectations import platforms_of, stack_conditions
from ._secrets import is_secret_key


class SecretPlaceholder(Rule):
    """A secret (or a required variable) still holding a placeholder in a deployed environment.

    ## What it checks
    In the judged environment's env files (never templates, where placeholders belong):
    every secret variable, and every variable the policy requires for the service's
    platform (`required: true`, or `required_with` a variable that is set: see
    `policies/staging.yaml`), whose whole value is a placeholder — `changeme`, `TODO`,
    `secret`, `xxx...`, `your-...`, anything holding `<...>` such as the guide's
    `<generate-strong-staging-secret-32chars+>`, or nothing at all. Also the password
    inside a connection URL when it is a placeholder (`postgresql://user:password@...`,
    `user:pass@`, `[YOUR-PASSWORD]`), whatever the variable. References are not judged: the
    platform fills them in. Nor is `[SENSITIVE]` in a file pulled from Vercel (`vercel env
    pull`): the variable is set on Vercel, which never shows a sensitive value again. An
    empty secret in a pulled file is reported with a hint: Vercel CLIs before July 2026
    wrote sensitive variables as empty values.

    ## Why
    A placeholder copied from the guide or a template deploys as the real value: the app
    signs its tokens with `<generate-strong-staging-secret-32chars+>`, which anyone who
    read the guide knows, or cannot reach its database at all.

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    JWT_SECRET_KEY=<generate-strong-staging-secret-32chars+>
    DATABASE_URL=postgresql://user:password@ep-quiet-meadow-a5k2x9wd-pooler.us-east-2.aws.neon.tech/shop?sslmode=require
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    JWT_SECRET_KEY=hehz1dNS8mkLIlsl2JS0fQgiGh0laWekRYtJemCRGfgrlMNOunT33R6Ecks1KCQm
    DATABASE_URL=${{Neon.DATABASE_URL}}
    ```

    ## How to fix
    Set the real staging value in the platform: generate secrets (`openssl rand -base64
    48`), create staging-only tokens in each vendor's dashboard, and reference managed
    resources (`${{Neon.DATABASE_URL}}`) instead of pasting connection strings.

    ## Guide
    Railway Step 4 and Vercel Step 4 (the `<...>` values to replace); Pre-Deployment
    checklist ("Secrets generated and stored").
    """

    code = "SL102"
    name = "secret-placeholder"
    default_severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Violation]:
        required: dict[str, set[str]] = {}
        catalogue = ctx.catalogue
        for env_file, var in ctx.judged_bindings():
            if var.references:
                continue
            facts = literal_facts(var)
            placeholder = var.value is None or facts & PLACEHOLDER
            secret = placeholder and is_secret_key(catalogue, var.key)
            if placeholder and (secret or var.key in _required(ctx, env_file.service, required)):
                empty = var.value is None or not var.value.reveal().strip()
                what = "has no value" if empty else "still holds a placeholder"
                fix = "set the real secret" if secret else "the policy requires a real value"
                if env_file.pulled and empty:
                    fix += (
                        " (if it is a sensitive variable, pull again with a current Vercel "
                        "CLI: before July 2026 it wrote sensitive values empty)"
                    )
                yield _violation(env_file, var, f"{var.key} {what}; {fix}")
                continue
            if facts & URL_PLACEHOLDER_PASSWORD:
                yield _violation(
                    env_file,
                    var,
                    f"the password in {var.key} is a placeholder; use the real credentials",
                )


def _required(ctx: Context, service: str, known: dict[str, set[str]]) -> set[str]:
    """The names (aliases included) of the variables the policy requires of ``service`` in
    the judged environment, found when a placeholder first asks (most services hold none)
    and kept in ``known``."""
    names = known.get(service)
    if names is None:
        names = known[service] = set()
        for bindings in ctx.variables(ctx.environment, service).values():
            platforms = platforms_of(ctx, service)
            applies = stack_conditions(ctx, service)
            expectations = expectations_of(ctx.policy)
            for expected in expectations.required(platforms, bindings, ctx.catalogue, applies):
                names |= names_of(expected.key, ctx.catalogue)
    return names


def _violation(env_file: EnvFile, var: Variable, message: str) -> Violation:
    return Violation(
        message=message,
        location=var.location,
        environment=env_file.environment,
        service=env_file.service,
        variable=var.key,
    )
