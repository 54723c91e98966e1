"""SL403 malformed-origin."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.diagnostics import Severity, Violation
from stagelint.model.values import looks_random
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule

from ._origins import (
    entry_location,
    origin_lists,
    origin_problem,
    shorten,
    strip_userinfo,
    suggested_origin,
)


class MalformedOrigin(Rule):
    """A CORS origin that browsers never send: a path, query, trailing slash, or no scheme.

    ## What it checks
    Every item of `CORS_ORIGINS` (and of the catalogue's other `origin-list` variables) in
    the env files of the environment the policy judges must be an origin exactly as a
    browser sends it in its `Origin` header: `scheme://host[:port]`. Reported: no scheme
    (`staging.example-shop.com`), a trailing slash, a path, a query or a fragment, user info,
    a missing host or invalid port, the scheme's default port (`:443`), upper-case letters, a
    non-ASCII host (browsers send `xn--...`), whitespace inside an item, and `null`. A value
    starting with `[` must be a JSON array of strings (FastAPI/pydantic-settings read it so);
    any other value is a comma-separated list, whitespace around commas allowed. When the
    value is written unquoted on one line (or quoted without escapes), the diagnostic points
    at the item's own columns.

    ## Why
    Starlette's `CORSMiddleware` compares each request's `Origin` header with the
    `allow_origins` strings exactly. `https://staging.example-shop.com/` never equals the
    `https://staging.example-shop.com` a browser sends, so the frontend gets CORS errors
    while the list looks right. `null` is worse than wrong: it is the origin of sandboxed
    iframes and `file://` pages, which anyone can produce.

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    CORS_ORIGINS=https://staging.example-shop.com/,staging-admin.example-shop.com
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    CORS_ORIGINS=https://staging.example-shop.com,https://staging-admin.example-shop.com
    ```

    ## How to fix
    Write each origin as `https://host` (plus `:port` only when it is not the default), in
    lower case, without a path or trailing slash; the message names the origin to write.

    ## Guide
    Troubleshooting → CORS Errors; Railway Step 4 → CORS.
    """

    code = "SL403"
    name = "malformed-origin"
    default_severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Violation]:
        for env_file, var, items in origin_lists(ctx):
            found = []
            if items.error is not None:
                found.append((f"{var.key} {items.error}", var.location))
            for number, entry in enumerate(items.entries, start=1):
                reason = origin_problem(entry.text)
                if reason is None:
                    continue
                shown = shorten(strip_userinfo(entry.text))
                if looks_random(shown):  # a secret pasted here: neither quoted nor fixed
                    message = (
                        f"{var.key} item {number} (it looks like a secret: not shown) {reason}"
                    )
                    found.append((message, entry_location(var, entry)))
                    continue
                message = f"{var.key} item '{shown}' {reason}"
                suggestion = suggested_origin(entry.text)
                if suggestion is not None:
                    message += f": write {suggestion}"
                found.append((message, entry_location(var, entry)))
            for message, location in found:
                yield Violation(
                    message=message,
                    location=location,
                    environment=env_file.environment,
                    service=env_file.service,
                    variable=var.key,
                )
