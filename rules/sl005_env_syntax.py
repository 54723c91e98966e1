"""SL005 env-syntax."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.diagnostics import Severity, Violation
from stagelint.policy.context import Context, problem_violations
from stagelint.policy.rule import Rule


class EnvSyntax(Rule):
    """A dotenv line that loaders read differently.

    ## What it checks
    Lines of env files that python-dotenv, Node's dotenv, Docker, Railway's and Vercel's
    importers do not agree on: spaces around `=`, an unquoted value holding spaces (an
    inline ` # comment` after the value is fine), a `#` glued to an unquoted value
    (`KEY=abc#def`), an unterminated quote, key characters outside `[A-Za-z0-9_.]` or a
    key starting with a digit, and lines python-dotenv cannot parse at all (it skips them).

    ## Why
    The value your app gets then depends on which tool loaded the file: the staging deploy
    and your laptop can disagree about a secret or a URL without any error.

    ## Example
    ```dotenv path=".env.staging"
    APP_NAME=Shop Staging
    CORS_ORIGINS = https://staging.example-shop.com
    ```

    ## Use instead
    ```dotenv path=".env.staging"
    APP_NAME="Shop Staging"
    CORS_ORIGINS=https://staging.example-shop.com
    ```

    ## How to fix
    Quote values that hold spaces or `#`, remove spaces around `=`, close the quote, and
    rename keys to letters, digits and underscores.

    ## Guide
    Railway Step 4 and Vercel Step 4 (Environment Variables): the tables are dotenv lines.
    """

    code = "SL005"
    name = "env-syntax"
    default_severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Violation]:
        yield from problem_violations(ctx, "env-syntax")
