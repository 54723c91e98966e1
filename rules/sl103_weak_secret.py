"""SL103 weak-secret."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.diagnostics import Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.facts import judged_literal
from stagelint.policy.rule import Rule

from ._secrets import generated_secrets, min_length, weakness


class WeakSecret(Rule):
    """A generated secret long enough but with little entropy: repeated, sequential or a word.

    ## What it checks
    Generated secrets (`JWT_SECRET_KEY`, `SESSION_SECRET`, `NEXTAUTH_SECRET`, keys ending
    in `_SECRET`/`_SECRET_KEY` ...) in the judged environment's env files that have the
    length SL101 asks for but are built by hand. The first weakness found is reported:

    - one repeated character, or a repeated pattern (`abcabcabc...`, a secret pasted twice);
    - mostly sequential characters: runs such as `abcdef`, `654321` or `qwerty` cover at
      least half of the value;
    - dictionary words padded out: common passwords and words of this stack (`password`,
      `secret`, `staging`, `jwt` ..., digits for letters included: `p4ssw0rd`) with nothing
      between them but padding — pieces shorter than 8 characters, or made of at most 4
      distinct characters, repeated or sequential;
    - one character class only (all lowercase, all uppercase, all digits or all symbols)
      with under 3 bits of Shannon entropy per character (estimated with the Miller-Madow
      correction for short values, so random digits are not flagged by chance).

    Shorter secrets are SL101's, placeholders SL102's; vendor-issued keys are not judged.

    ## Why
    Length is not strength: a 40-character `supersecretpassword2026...` falls to the first
    wordlist an attacker tries against a signed token, and whoever can forge a
    `JWT_SECRET_KEY` signature can log in as anyone.

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    SESSION_SECRET=supersecretpassword1234567890123
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    SESSION_SECRET=LT2JohvQxyU9TFjFDk9I_rz-vzdwUn5S4-HKWY_HQ7oCnIxSnlJx8J6pMhvsTHsA
    ```

    ## How to fix
    Replace it with a generated random value (`openssl rand -base64 48`, or Python's
    `secrets.token_urlsafe(48)`); never type a secret by hand.

    ## Guide
    Railway Step 4 → Security (`<generate-strong-staging-secret-32chars+>`); Security
    Considerations → Secrets Management.
    """

    code = "SL103"
    name = "weak-secret"
    default_severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Violation]:
        shortest = min_length(ctx)
        for env_file, var in generated_secrets(ctx):
            text = judged_literal(var)
            if text is None or len(text) < shortest:
                continue
            found = weakness(text)
            if found is None:
                continue
            yield Violation(
                message=f"{var.key} {found.reason}; generate a random secret instead",
                location=var.location,
                environment=env_file.environment,
                service=env_file.service,
                variable=var.key,
            )
