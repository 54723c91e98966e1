"""ACME001 misleading-app-name."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.diagnostics import Severity, Violation
from stagelint.rule import Context, Rule, RuleOptions, literal


class MisleadingAppName(Rule):
    """The app name users see does not tell staging from production.

    ## What it checks
    The variables listed in `variables` (default `NEXT_PUBLIC_APP_NAME`) in the judged
    environment's env files. When the policy judges staging, each value must contain
    `marker` (default `Staging`, in any case); when it judges another environment
    (production), no value may contain it. References such as `${APP_NAME}` and template
    files (`.env.example`) are not judged.

    ## Why
    A tester who cannot tell the staging tab from the production one places real orders
    and edits real content by mistake; the guide's staging value is
    `"AI E-Commerce Platform (Staging)"` for that reason. The reverse is worse: a
    production build that says "Staging" (a staging env file copied into production) tells
    every customer they are on the wrong site.

    ## Example
    ```json path="frontend/vercel.json"
    {}
    ```
    ```dotenv path="frontend/.env.preview"
    NEXT_PUBLIC_APP_NAME="AI E-Commerce Platform"
    ```

    ## Use instead
    ```json path="frontend/vercel.json"
    {}
    ```
    ```dotenv path="frontend/.env.preview"
    NEXT_PUBLIC_APP_NAME="AI E-Commerce Platform (Staging)"
    ```

    ## How to fix
    Add the marker to the staging value (`"Acme Shop (Staging)"`) in the staging env file
    and in the platform's staging variables (Vercel: the Preview scope); remove it from
    production's.

    ## Guide
    Vercel Step 4 → Application (`NEXT_PUBLIC_APP_NAME`).
    """

    code = "ACME001"
    name = "misleading-app-name"
    default_severity = Severity.WARNING

    class Options(RuleOptions):
        variables: tuple[str, ...] = ("NEXT_PUBLIC_APP_NAME",)
        """Variables holding the name users see."""
        marker: str = "Staging"
        """Text (any case) that staging's name contains and no other environment's does."""

        def __post_init__(self) -> None:
            if not self.marker.strip():
                raise ValueError("marker must not be empty")

    options: Options

    def check(self, ctx: Context) -> Iterator[Violation]:
        variables = frozenset(self.options.variables)
        marker = self.options.marker
        marked = ctx.environment == "staging"
        for env_file, var in ctx.judged_bindings(variables):  # only these keys' bindings
            text = literal(var)  # the value is read, never put in a message
            if text is None or (marker.casefold() in text.casefold()) == marked:
                continue
            if marked:
                message = (
                    f'{var.key} does not say "{marker}": testers cannot tell it from production'
                )
            else:
                message = f'{var.key} says "{marker}" in {ctx.environment}'
            yield Violation(
                message=message,
                location=var.location,
                environment=env_file.environment,
                service=env_file.service,
                variable=var.key,
            )
