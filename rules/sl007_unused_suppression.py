"""SL007 unused-suppression."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.diagnostics import Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule


class UnusedSuppression(Rule):
    """A `stagelint: ignore[...]` comment that silences nothing, or names no known rule.

    ## What it checks
    Inline suppressions (`# stagelint: ignore[SL101] reason` in env and TOML files,
    `// stagelint: ignore[SL203]` in Sanity config) after every other rule has run: a
    suppression naming a rule that ran but found nothing on the covered lines is unused; a
    suppression naming an unknown code or name is a typo; a suppression without a rule list
    (`# stagelint: ignore`) is refused, since it would hide future findings too. A
    suppression of a rule that did not run in this invocation (`--select`) is left alone.

    ## Why
    A suppression outlives the problem it excused: once the secret is rotated or the URL
    fixed, a stale `ignore` still silences the next, real finding on that line.

    ## Example
    ```dotenv path="backend/.env.staging"
    # stagelint: ignore[SL004] duplicated on purpose
    WORKERS=2
    ```

    ## Use instead
    ```dotenv path="backend/.env.staging"
    WORKERS=2
    ```

    ## How to fix
    Delete the comment, or correct the rule code it names. Keep suppressions next to the
    line they excuse, with a reason.

    ## Guide
    Not a guide policy: it keeps stagelint's own exceptions honest (Security Considerations
    → Secrets Management relies on findings not being silenced by accident).
    """

    code = "SL007"
    name = "unused-suppression"
    default_severity = Severity.WARNING
    late = True

    def check(self, ctx: Context) -> Iterator[Violation]:
        report = ctx.suppressions
        if report is None:
            return
        for suppression in report.suppressions:
            service, environment = ctx.owner(suppression.location.path)
            if not suppression.selectors:
                yield Violation(
                    message="blanket 'stagelint: ignore' without rule codes is not allowed; "
                    "name the rules, e.g. ignore[SL101]",
                    location=suppression.location,
                    service=service,
                    environment=environment,
                )
                continue
            for selector in suppression.selectors:
                codes = report.resolved.get(selector, frozenset())
                if not codes:
                    yield Violation(
                        message=f"suppression names unknown rule {selector!r}",
                        location=suppression.location,
                        service=service,
                        environment=environment,
                    )
                    continue
                ran = codes & report.active_codes
                if ran and not any((suppression.location, c) in report.used for c in ran):
                    yield Violation(
                        message=f"unused suppression of {selector}: no such finding on "
                        f"line {suppression.lines[-1]}",
                        location=suppression.location,
                        service=service,
                        environment=environment,
                    )
