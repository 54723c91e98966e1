"""SL003 invalid-config-value."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.diagnostics import Severity, Violation
from stagelint.policy.context import Context, problem_violations
from stagelint.policy.rule import Rule


class InvalidConfigValue(Rule):
    """A platform config value has the wrong type or is not one of the allowed values.

    ## What it checks
    Types and enumerations of `railway.json`/`railway.toml` and Vercel config values
    (`vercel.json`, `vercel.toml`, `vercel.ts`; a value `vercel.ts` computes is not checkable
    and not judged), e.g.
    `restartPolicyType` must be `ON_FAILURE`, `ALWAYS` or `NEVER` (any case) and
    `healthcheckTimeout` a number. The message lists the valid values. Values outside a
    range that another rule owns (Vercel function limits SL604, healthcheck timeout SL601)
    are reported by that rule only.

    ## Why
    The platform rejects the config or silently falls back to a default, so the service
    deploys with settings nobody chose.

    ## Example
    ```json path="backend/railway.json"
    {
      "deploy": {
        "healthcheckPath": "/health",
        "restartPolicyType": "ON_FAIL"
      }
    }
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {
      "deploy": {
        "healthcheckPath": "/health",
        "restartPolicyType": "ON_FAILURE",
        "restartPolicyMaxRetries": 10
      }
    }
    ```

    ## How to fix
    Use one of the listed values, or the type the message names.

    ## Guide
    Platform Setup → Railway Step 3 (Configure Build Settings) and Vercel Step 3.
    """

    code = "SL003"
    name = "invalid-config-value"
    default_severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Violation]:
        yield from problem_violations(ctx, "invalid-config-value")
