"""SL106 public-secret."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.deployment import Variable, quotable_name
from stagelint.model.diagnostics import Severity, Violation
from stagelint.model.stack import public_prefixes
from stagelint.policy.context import Context
from stagelint.policy.facts import NO_SECRET, literal_facts
from stagelint.policy.rule import Rule, literal

from ._secrets import secret_keys, server_credential


class PublicSecret(Rule):
    """A secret under a client-exposed prefix of a frontend or Studio: it ships to every browser.

    ## What it checks
    Variables in the judged environment whose prefix the service's bundler ships to
    browsers, that are secrets. The prefix follows the framework the service's folder
    evidently uses (`vercel.json`'s `framework`, `package.json`, framework config files):
    `NEXT_PUBLIC_` for Next.js, `VITE_` for Vite, `REACT_APP_` for Create React App,
    `PUBLIC_` for SvelteKit and Astro (Remix ships none by prefix), `SANITY_STUDIO_` for a
    Sanity Studio; a Vercel service whose framework is unknown is judged under all of them.
    A Vite app's `NEXT_PUBLIC_*` variables are not shipped: not judged. Secrets are:

    - by name (`NEXT_PUBLIC_SANITY_API_TOKEN`, `SANITY_STUDIO_PREVIEW_SECRET`), unless the
      catalogue marks the key public by design (`NEXT_PUBLIC_POSTHOG_KEY`,
      `NEXT_PUBLIC_SANITY_PROJECT_ID`, `NEXT_PUBLIC_SENTRY_DSN`, Firebase and Maps browser
      keys ...);
    - by reference: the value interpolates a secret variable
      (`NEXT_PUBLIC_TOKEN=${SANITY_API_TOKEN}`);
    - by value: the value has the shape of a server-only credential — a PostHog personal
      key (`phx_...`), a Sanity API token (`sk` followed by 40+ random characters), a
      Stripe or Supabase secret key, or a JSON Web Token (`eyJ...`; a Supabase `anon` key
      is public, a `service_role` one never is). Under a key the catalogue marks public,
      only shapes that are never public count.

    A Railway backend's `NEXT_PUBLIC_*` variables are ordinary server variables: not judged
    (unless its folder is a frontend app: a Next.js app that Railway runs inlines them too).

    ## Why
    Next.js inlines `NEXT_PUBLIC_*` values into the JavaScript bundle at build time, Vite
    does the same with `VITE_*`, Create React App with `REACT_APP_*`, and a Sanity Studio
    with `SANITY_STUDIO_*`: anyone who opens
    the site can read them. A Sanity token there reads drafts; a PostHog personal key acts
    as a team member.

    ## Example
    ```json path="frontend/vercel.json"
    {}
    ```
    ```dotenv path="frontend/.env.preview"
    NEXT_PUBLIC_SANITY_API_TOKEN=skEiIBGPE-HFwmvqJKNgG_EvMoiD1ZzvPgfWuyKdtweQk6UpS_gwKROy1CyGN
    ```

    ## Use instead
    ```json path="frontend/vercel.json"
    {}
    ```
    ```dotenv path="frontend/.env.preview"
    SANITY_API_TOKEN=skEiIBGPE-HFwmvqJKNgG_EvMoiD1ZzvPgfWuyKdtweQk6UpS_gwKROy1CyGN
    NEXT_PUBLIC_SANITY_PROJECT_ID=k7x9p2qd
    ```

    ## How to fix
    Drop the prefix and read the secret on the server only (route handlers, server
    components, `getServerSideProps`); if it already shipped, rotate it: every deployed
    bundle still holds it.

    ## Guide
    Vercel Step 4 (`SANITY_API_TOKEN` and `SENTRY_AUTH_TOKEN` without `NEXT_PUBLIC_`);
    Sanity Step 3 (only `SANITY_STUDIO_*` variables reach the Studio).
    """

    code = "SL106"
    name = "public-secret"
    default_severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Violation]:
        prefixes: dict[str, tuple[str, ...]] = {}
        for env_file, var in ctx.judged_bindings():
            exposed = prefixes.get(env_file.service)
            if exposed is None:
                exposed = prefixes[env_file.service] = public_prefixes(ctx.service_of(env_file))
            if not exposed or not var.key.startswith(exposed):
                continue
            reason = _reason(ctx, var)
            if reason is None:
                continue
            yield Violation(
                message=f"{var.key} {reason}; the bundler ships it to every browser",
                location=var.location,
                environment=env_file.environment,
                service=env_file.service,
                variable=var.key,
            )


def _reason(ctx: Context, var: Variable) -> str | None:
    """Why the variable holds a secret: its name, a reference, or its value's shape."""
    secret = secret_keys(ctx)
    text = literal(var)
    if literal_facts(var) & NO_SECRET:
        return None  # NEXT_PUBLIC_AUTH_TOKEN_ENABLED=true ships no secret
    if secret[var.key]:
        return "is a secret"
    for ref in var.references:
        if not ref.malformed and secret[ref.name]:
            if not quotable_name(ref.name):  # text pasted between the braces
                return "takes the value of a secret variable"
            return f"takes the value of the secret {ref.name}"
    shape = server_credential(text, ctx.catalogue.is_public(var.key)) if text else None
    return f"holds {shape}" if shape else None
