"""SL002 unknown-key."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.diagnostics import Severity, Violation
from stagelint.policy.context import Context, problem_violations
from stagelint.policy.rule import Rule


class UnknownKey(Rule):
    """A platform config holds a key its schema does not know.

    ## What it checks
    Keys of `railway.json`/`railway.toml` (config as code: `build`, `deploy`,
    `environments.<name>.build|deploy` and their documented keys) and of the Vercel config
    (`vercel.json`, `vercel.toml`, and what `vercel.ts` writes literally) against the
    platforms' schemas. The message suggests the nearest valid key.

    ## Why
    Platforms ignore or reject keys they do not know: `releaseCommand` in `railway.json`
    never runs your migrations, and a misspelt `healthcheckPth` leaves the service without
    a health check while the file looks right.

    ## Example
    ```json path="backend/railway.json"
    {
      "deploy": {
        "startCommand": "uvicorn app.main:app --host 0.0.0.0 --port $PORT",
        "healthcheckPath": "/health",
        "releaseCommand": "alembic upgrade head"
      }
    }
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {
      "deploy": {
        "startCommand": "uvicorn app.main:app --host 0.0.0.0 --port $PORT",
        "healthcheckPath": "/health",
        "preDeployCommand": ["alembic upgrade head"]
      }
    }
    ```

    ## How to fix
    Rename the key to the suggested one, or move the setting where the platform reads it
    (Railway variables live in the dashboard, not in `railway.json`).

    ## Guide
    Platform Setup → Railway Step 3 (Configure Build Settings) and Vercel Step 3.
    """

    code = "SL002"
    name = "unknown-key"
    default_severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Violation]:
        yield from problem_violations(ctx, "unknown-key")
