"""SL405 app-url-mismatch."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.deployment import EnvFile, Variable
from stagelint.model.diagnostics import Related, Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule, literal

from ._origins import Origin, app_bindings, url_origin


class AppUrlMismatch(Rule):
    """`NEXTAUTH_URL` and `NEXT_PUBLIC_APP_URL` name different origins in one environment.

    ## What it checks
    Within one service and the environment the policy judges (all its env files merged,
    later files winning), every app URL (the catalogue's `app-url` variables:
    `NEXT_PUBLIC_APP_URL`, `NEXTAUTH_URL`/`AUTH_URL`, ...) must name the same origin:
    scheme, case-insensitive host and port. Paths may differ (`NEXTAUTH_URL` may end in
    `/api/auth`), and `http` versus `https` is SL402's finding, not this one. The first app
    URL (by file and line) is the reference; each later one that differs is reported and
    related to it. References, URLs that do not parse, templates and development files are
    not judged.

    ## Why
    NextAuth builds its callback and redirect URLs from `NEXTAUTH_URL`, while the app links
    and redirects with `NEXT_PUBLIC_APP_URL`. When they disagree, sign-in sends testers to
    another host (often production or a stale preview URL), cookies are set for the wrong
    domain and OAuth providers reject the callback.

    ## Example
    ```json path="frontend/vercel.json"
    {}
    ```
    ```dotenv path="frontend/.env.preview"
    NEXT_PUBLIC_APP_URL=https://staging.example-shop.com
    NEXTAUTH_URL=https://ai-ecommerce-git-develop.vercel.app
    ```

    ## Use instead
    ```json path="frontend/vercel.json"
    {}
    ```
    ```dotenv path="frontend/.env.preview"
    NEXT_PUBLIC_APP_URL=https://staging.example-shop.com
    NEXTAUTH_URL=https://staging.example-shop.com
    ```

    ## How to fix
    Set both to the frontend's public URL in that environment (the guide's
    `https://staging.yourdomain.com` for staging).

    ## Guide
    Vercel Step 4 → Application and NextAuth (`NEXT_PUBLIC_APP_URL` and `NEXTAUTH_URL` are
    both `https://staging.yourdomain.com`).
    """

    code = "SL405"
    name = "app-url-mismatch"
    default_severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Violation]:
        app_keys = set(ctx.catalogue.with_role("app-url"))
        for bindings in app_bindings(ctx).values():
            urls = _app_urls(bindings, app_keys)
            if not urls:
                continue
            _, first, first_origin = urls[0]
            for env_file, var, origin in urls[1:]:
                if origin.site_key() == first_origin.site_key():
                    continue
                yield Violation(
                    message=(
                        f"{var.key} is {origin} but {first.key} is {first_origin}: both must "
                        "name the frontend's public origin"
                    ),
                    location=var.location,
                    related=(Related(first.location, f"{first.key} names {first_origin}"),),
                    environment=env_file.environment,
                    service=env_file.service,
                    variable=var.key,
                )


def _app_urls(
    bindings: dict[str, tuple[EnvFile, Variable]], app_keys: set[str]
) -> list[tuple[EnvFile, Variable, Origin]]:
    """The service's literal, parseable app URLs in file and line order."""
    found = []
    for key, (env_file, var) in bindings.items():
        text = literal(var) if key in app_keys else None
        origin = url_origin(text) if text is not None else None
        if origin is not None:
            found.append((env_file, var, origin))
    return sorted(found, key=lambda t: (t[1].location.path, t[1].location.line))
