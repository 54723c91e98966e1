"""SL205 sentry-environment."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.diagnostics import Severity, Violation
from stagelint.model.values import looks_random, parse_float, quoted
from stagelint.policy.context import Context
from stagelint.policy.facts import judged_literal
from stagelint.policy.rule import Rule, RuleOptions

from ._modes import role_names


def sentry_name_problem(name: str) -> str | None:
    """Why Sentry rejects ``name`` as an environment name, or None for a valid one."""
    if not name:
        return "it is empty"
    if len(name) > 64:
        return "it is longer than 64 characters"
    if "/" in name:
        return "it holds a '/'"
    if any(ch.isspace() for ch in name):
        return "it holds whitespace"
    if name == "None":
        return "Sentry reserves 'None'"
    return None


class SentryEnvironment(Rule):
    """`SENTRY_ENVIRONMENT` must name the environment it is deployed to; sample rates lie in [0, 1].

    ## What it checks
    In the judged environment's env files, `SENTRY_ENVIRONMENT` (and aliases such as
    `NEXT_PUBLIC_SENTRY_ENVIRONMENT`) must be exactly the environment's name (`staging` in
    staging, `production` under the production policy) or one of `also_accept`. Sentry
    environment names are case-sensitive, so `Staging` is a finding too. And
    `SENTRY_TRACES_SAMPLE_RATE` (and the other sample rates) must be a number between 0 and 1.
    References (`${VERCEL_ENV}`) and placeholders (SL102) are not judged.

    ## Why
    Sentry files every event under the environment the SDK reports. Staging errors filed
    under `production` page the on-call team and pollute release health; `Staging` next to
    `staging` splits one environment's issues and alert rules in two. A sample rate outside
    [0, 1] is rejected by the SDK or traces nothing, silently.

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    SENTRY_ENVIRONMENT=production
    SENTRY_TRACES_SAMPLE_RATE=100
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    SENTRY_ENVIRONMENT=staging
    SENTRY_TRACES_SAMPLE_RATE=1.0
    ```

    ## How to fix
    Set `SENTRY_ENVIRONMENT` to the environment's name, spelled exactly as elsewhere
    (lowercase `staging`), and give sample rates as fractions (`1.0` traces everything,
    `0.2` one request in five).

    ## Guide
    Railway Step 4 → Sentry (`SENTRY_ENVIRONMENT=staging`, `SENTRY_TRACES_SAMPLE_RATE=1.0`);
    Vercel Step 4 → Error Tracking; Monitoring Staging → Sentry ("use environment filter").
    """

    code = "SL205"
    name = "sentry-environment"
    default_severity = Severity.WARNING

    class Options(RuleOptions):
        also_accept: tuple[str, ...] = ()
        """More Sentry environment names accepted in the judged environment, besides its
        own name (e.g. `preview` if your Vercel previews report under that name)."""

        def __post_init__(self) -> None:
            for name in self.also_accept:
                problem = sentry_name_problem(name)
                if problem is not None:
                    raise ValueError(
                        f"also_accept: {quoted(name)} is not a Sentry environment: {problem}"
                    )

    options: Options

    def check(self, ctx: Context) -> Iterator[Violation]:
        environments = role_names(ctx, "sentry-environment")
        rates = role_names(ctx, "sentry-sample-rate")
        expected = ctx.environment
        accepted = {expected, *self.options.also_accept}
        for env_file, var in ctx.judged_bindings(environments | rates):
            text = judged_literal(var)
            if text is None:
                continue
            if var.key in environments:
                message = _environment_message(var.key, text, expected, accepted)
            else:
                message = _rate_message(var.key, text)
            if message is None:
                continue
            yield Violation(
                message=message,
                location=var.location,
                environment=env_file.environment,
                service=env_file.service,
                variable=var.key,
            )


def _environment_message(key: str, text: str, expected: str, accepted: set[str]) -> str | None:
    if text in accepted:
        return None
    problem = sentry_name_problem(text)
    if problem is not None:
        return f"{key} is not a valid Sentry environment name ({problem}); expected '{expected}'"
    if looks_random(text):  # a secret pasted here: say so without quoting it
        return (
            f"{key} is not an environment name (its value looks like a secret: not shown); "
            f"expected '{expected}'"
        )
    if text.lower() in {name.lower() for name in accepted}:
        return (
            f"{key} is '{text}', but Sentry environment names are case-sensitive: events "
            f"would be split from '{expected}'"
        )
    return (
        f"{key} is '{text}' in {expected}: Sentry files its events under another "
        f"environment; expected '{expected}'"
    )


def _rate_message(key: str, text: str) -> str | None:
    rate = parse_float(text)
    if rate is None:
        return f"{key} is not a number; expected a rate between 0 and 1"
    if 0.0 <= rate <= 1.0:
        return None
    return f"{key} is {text.strip()}, outside [0, 1]; use a fraction such as 1.0 or 0.2"
