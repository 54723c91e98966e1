"""SL401 cors-wildcard."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.diagnostics import Severity, Violation
from stagelint.model.values import quoted
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule, RuleOptions

from ._origins import (
    DEFAULT_ALLOWED_WILDCARDS,
    entry_location,
    is_wildcard,
    origin_lists,
    origin_problem,
    shorten,
    wildcard_allowed,
)


class CorsWildcard(Rule):
    """`CORS_ORIGINS` allows every origin (`*`) or a wildcard origin the policy does not allow.

    ## What it checks
    Every item of `CORS_ORIGINS` (and of the catalogue's other `origin-list` variables, such
    as `ALLOWED_ORIGINS`) in the env files of the environment the policy judges: `*` alone,
    or a wildcard origin such as `https://*.example-shop.com` that is not one of the
    `allowed_wildcards` option (default `https://*.vercel.app`, the guide's preview
    deployments). The list is comma-separated or a JSON array (`["https://a","https://b"]`).
    Items that are malformed in other ways are SL403's; references are not judged;
    templates and development files (`http://localhost:3000`) are not judged.

    ## Why
    `*` lets every web site call the staging API from its visitors' browsers. With
    `allow_credentials=True`, Starlette's `CORSMiddleware` then reflects whatever origin
    asks, so any page a tester opens can make authenticated calls with the tester's session.

    Wildcard origins do nothing by themselves: `allow_origins` matches exact strings, so
    `https://*.vercel.app` in that list matches no origin at all. It works only when the app
    turns wildcard items into `allow_origin_regex` (e.g. `https://.*\\.vercel\\.app`). Even
    then it admits every deployment of every Vercel team, which is why the policy names the
    wildcards it accepts; a pattern scoped to your project's preview URLs
    (`https://ai-ecommerce-*.vercel.app`, added to `allowed_wildcards`) is safer.

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    CORS_ORIGINS=https://staging.example-shop.com,*
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    CORS_ORIGINS=https://staging.example-shop.com,https://*.vercel.app
    ```

    ## How to fix
    List the staging frontend's exact origins (`https://staging.example-shop.com`). Keep a
    wildcard only for preview deployments, make sure the app passes it to
    `allow_origin_regex`, and add it to `allowed_wildcards` if it is not the default one.

    ## Guide
    Railway Step 4 → CORS (`CORS_ORIGINS=https://staging.yourdomain.com,https://*.vercel.app`);
    Troubleshooting → CORS Errors.
    """

    code = "SL401"
    name = "cors-wildcard"
    default_severity = Severity.ERROR

    class Options(RuleOptions):
        allowed_wildcards: tuple[str, ...] = DEFAULT_ALLOWED_WILDCARDS
        """Wildcard origins the app turns into `allow_origin_regex` and the team accepts,
        e.g. `https://*.vercel.app`."""

        def __post_init__(self) -> None:
            for pattern in self.allowed_wildcards:
                if pattern.strip() == "*" or "*" not in pattern or "://" not in pattern:
                    raise ValueError(
                        f"allowed_wildcards: {quoted(pattern)} is not a wildcard origin such as "
                        "'https://*.vercel.app'"
                    )

    options: Options

    def check(self, ctx: Context) -> Iterator[Violation]:
        allowed = self.options.allowed_wildcards
        for env_file, var, items in origin_lists(ctx):
            for entry in items.entries:
                if entry.text == "*":
                    message = (
                        f"{var.key} allows every origin ('*'): list the frontend's exact "
                        "origins instead"
                    )
                elif (
                    is_wildcard(entry.text)
                    and origin_problem(entry.text) is None
                    and not wildcard_allowed(entry.text, allowed)
                ):
                    accepted = ", ".join(allowed) if allowed else "none"
                    message = (
                        f"{var.key} allows the wildcard origin {shorten(entry.text)}, which the "
                        f"policy does not accept (accepted: {accepted})"
                    )
                else:
                    continue
                yield Violation(
                    message=message,
                    location=entry_location(var, entry),
                    environment=env_file.environment,
                    service=env_file.service,
                    variable=var.key,
                )
