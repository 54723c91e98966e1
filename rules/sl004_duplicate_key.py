"""SL004 duplicate-key."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.deployment import Variable
from stagelint.model.diagnostics import Related, Severity, Violation
from stagelint.policy.context import Context, problem_violations
from stagelint.policy.rule import Rule


class DuplicateKey(Rule):
    """The same key twice in one env file or one JSON object: the later silently wins.

    ## What it checks
    Keys defined more than once in one env file, and keys repeated inside one JSON object
    of `railway.json` or `vercel.json`. The diagnostic points at each later definition and
    relates the first one. (TOML forbids duplicate keys: SL001 reports them.)

    ## Why
    Loaders keep the last definition. Someone edits the first line, sees no effect, and
    staging runs with a value nobody meant, often a stale secret.

    ## Example
    ```dotenv path=".env.staging"
    RATE_LIMIT_ENABLED=true
    WORKERS=2
    RATE_LIMIT_ENABLED=false
    ```

    ## Use instead
    ```dotenv path=".env.staging"
    RATE_LIMIT_ENABLED=true
    WORKERS=2
    ```

    ## How to fix
    Keep one definition (usually the one with the intended value) and delete the others.

    ## Guide
    Railway Step 4 and Vercel Step 4 (Environment Variables).
    """

    code = "SL004"
    name = "duplicate-key"
    default_severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Violation]:
        for env_file in ctx.project.env_files:
            variables = env_file.variables
            if len({var.key for var in variables}) == len(variables):
                continue  # nearly every file: no key twice, found without a dict per file
            first: dict[str, Variable] = {}
            for var in variables:
                earlier = first.setdefault(var.key, var)
                if earlier is var:
                    continue
                yield Violation(
                    message=(
                        f"{var.key} is defined again (first on line {earlier.location.line}); "
                        "loaders keep only the last definition"
                    ),
                    location=var.key_location,
                    related=(Related(earlier.key_location, f"first definition of {var.key}"),),
                    environment=env_file.environment,
                    service=env_file.service,
                    variable=var.key,
                )
        yield from problem_violations(ctx, "duplicate-key")
