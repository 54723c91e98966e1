"""SL001 parse-error."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.diagnostics import Severity, Violation
from stagelint.policy.context import Context, problem_violations
from stagelint.policy.rule import Rule


class ParseError(Rule):
    """A file stagelint must read cannot be read or parsed.

    ## What it checks
    Every `railway.json`/`railway.toml`, Vercel config (`vercel.json`, `vercel.toml`,
    `vercel.ts`...), Sanity config and env file that
    stagelint finds must be readable UTF-8 text (a UTF-8 BOM is fine), under the size limit
    (`max-file-size`, 10 MiB by default), and valid JSON, TOML, TypeScript/JavaScript or
    dotenv. The diagnostic points at the offending line and column.

    ## Why
    A config the platform cannot parse fails the deploy; one stagelint cannot parse is one
    no other rule can check, so a broken file must never pass silently.

    ## Example
    ```json path="backend/railway.json"
    {
      "deploy": {
        "healthcheckPath": "/health",
      }
    }
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {
      "deploy": {
        "healthcheckPath": "/health"
      }
    }
    ```

    ## How to fix
    Fix the syntax at the reported position (a trailing comma, an unterminated string, a
    stray character); save the file as UTF-8; move large generated data out of config files.

    ## Guide
    Platform Setup → Railway Step 3 and Vercel Step 3 (the config files themselves).
    """

    code = "SL001"
    name = "parse-error"
    default_severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Violation]:
        yield from problem_violations(ctx, "parse-error")
