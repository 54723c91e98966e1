"""SL502 debug-enabled."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.diagnostics import Severity, Violation
from stagelint.model.values import parse_bool
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule, RuleOptions, literal


class DebugEnabled(Rule):
    """Debug mode must be off in staging and production.

    ## What it checks
    In the judged environment's env files, every variable the catalogue gives the role
    `debug-flag` (`DEBUG`, `FLASK_DEBUG`, `APP_DEBUG`, `DJANGO_DEBUG`, plus the option
    `keys`) that reads as true: `true`, `1` (Django style), `yes` or `on`, in any case. The
    rule judges the environments in the option `environments` (staging and production);
    development files may debug. Values that are not booleans (`DEBUG=*` for the Node.js
    `debug` package) and references are not judged; SL504 reports a `DEBUG` that is not a
    boolean.

    ## Why
    Debug mode shows tracebacks, settings and sometimes an interactive console to whoever
    triggers an error, and slows the app down. Staging is on the internet
    (`api-staging.yourdomain.com`): it gets scanned like production, and its errors then
    reveal the code, the configuration and the secrets production shares with it.

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    DEBUG=true
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    DEBUG=false
    ```

    ## How to fix
    Set the flag to `false` (or remove it, if the app defaults to off). Debug locally in
    `.env` or `.env.local`; in staging, read the logs and Sentry instead.

    ## Guide
    Railway Step 4 → Application (`DEBUG=false`).
    """

    code = "SL502"
    name = "debug-enabled"
    default_severity = Severity.ERROR

    class Options(RuleOptions):
        keys: tuple[str, ...] = ()
        """More variables that turn debug mode on, besides the catalogue's ``debug-flag``
        role."""
        environments: tuple[str, ...] = ("staging", "production")
        """Environments where debug mode must be off; others are not judged."""

    options: Options

    def check(self, ctx: Context) -> Iterator[Violation]:
        if ctx.environment not in self.options.environments:
            return
        keys = set(ctx.catalogue.with_role("debug-flag")) | set(self.options.keys)
        for env_file, var in ctx.judged_bindings(keys):
            text = literal(var)
            if text is None or parse_bool(text) is not True:
                continue
            yield Violation(
                message=(
                    f"{var.key} turns debug mode on in {ctx.environment}; expected false: "
                    "debug pages show tracebacks and settings to anyone"
                ),
                location=var.location,
                environment=env_file.environment,
                service=env_file.service,
                variable=var.key,
            )
