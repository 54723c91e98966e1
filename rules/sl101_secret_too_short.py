"""SL101 secret-too-short."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.diagnostics import Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.facts import NO_SECRET, judged_literal, literal_facts
from stagelint.policy.rule import Rule, RuleOptions

from ._secrets import DEFAULT_MIN_LENGTH, generated_secrets


class SecretTooShort(Rule):
    """A generated secret shorter than `min_length` (default 32) characters.

    ## What it checks
    Generated secrets (the ones the team creates itself: `JWT_SECRET_KEY`,
    `SESSION_SECRET`, `CSRF_SECRET`, `NEXTAUTH_SECRET`, `SANITY_PREVIEW_SECRET`, webhook
    signing secrets, and any key ending in `_SECRET` or `_SECRET_KEY`) in the judged
    environment's env files whose value has fewer than `min_length` characters.
    Vendor-issued keys and tokens are not judged (they have the vendor's length), nor are
    references, placeholders (SL102) or templates. In `.railway/railway.ts`,
    `ctx.randomString(...)` is not judged by its length: its value is computed from the
    file, whatever its length (SL109).

    ## Why
    A short secret can be guessed offline: anyone holding one signed token can try keys
    until the signature matches. RFC 7518 §3.2 requires an HS256 key of at least 256 bits
    (32 bytes), and Auth.js asks for an `AUTH_SECRET`/`NEXTAUTH_SECRET` of at least 32
    characters.

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    JWT_SECRET_KEY=staging-jwt-2026
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    JWT_SECRET_KEY=hehz1dNS8mkLIlsl2JS0fQgiGh0laWekRYtJemCRGfgrlMNOunT33R6Ecks1KCQm
    ```

    ## How to fix
    Generate a new random secret of 32 characters or more, e.g. `openssl rand -base64 48`,
    and set it in the platform (Railway or Vercel variables) for staging only.

    ## Guide
    Railway Step 4 → Security (`<generate-strong-staging-secret-32chars+>`); Security
    Considerations → Secrets Management.
    """

    code = "SL101"
    name = "secret-too-short"
    default_severity = Severity.ERROR

    class Options(RuleOptions):
        min_length: int = DEFAULT_MIN_LENGTH
        """Shortest acceptable generated secret, in characters."""

        def __post_init__(self) -> None:
            if self.min_length < 1:
                raise ValueError("min_length must be a positive number of characters")

    options: Options

    def check(self, ctx: Context) -> Iterator[Violation]:
        minimum = self.options.min_length
        for env_file, var in generated_secrets(ctx):
            text = judged_literal(var)
            if text is None or len(text) >= minimum:
                continue
            if literal_facts(var) & NO_SECRET:
                continue  # a boolean or a number: a setting, not a generated secret
            yield Violation(
                message=(
                    f"{var.key} is {len(text)} characters long; "
                    f"generated secrets need at least {minimum}"
                ),
                location=var.location,
                environment=env_file.environment,
                service=env_file.service,
                variable=var.key,
            )
