"""SL404 frontend-origin-not-allowed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from stagelint.model.deployment import EnvFile, Variable
from stagelint.model.diagnostics import Related, Severity, Violation
from stagelint.model.tuples import NamedTuple
from stagelint.model.values import quoted
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule, RuleOptions, literal

from ._origins import (
    DEFAULT_ALLOWED_WILDCARDS,
    Origin,
    app_bindings,
    entry_origin,
    is_wildcard,
    literal_entries,
    url_origin,
    wildcard_allowed,
)


class _Backend(NamedTuple):
    """A Railway service's CORS lists in one environment (literal items only)."""

    service: str
    lists: list[tuple[Variable, list[str]]]


class FrontendOriginNotAllowed(Rule):
    """The frontend's app URL is not allowed by the backend's `CORS_ORIGINS`.

    ## What it checks
    In the environment the policy judges, the origin of each app URL of a Vercel service
    (the catalogue's `app-url` variables: `NEXT_PUBLIC_APP_URL`, `NEXTAUTH_URL`) must be
    allowed by the `CORS_ORIGINS` (role `cors-origins`) of every Railway service that
    defines it there. Allowed means the same origin (scheme, case-insensitive host, port,
    default ports normalised) or a match of one of `allowed_wildcards` (default
    `https://*.vercel.app`, whose `*` stands for one or more DNS labels); `*` allows
    everything (SL401 reports it). Items SL403 reports count as the origin they evidently
    mean, and `http://` versus `https://` counts as the same site (SL402 reports the http
    side): each problem gets one diagnostic. Several frontends and backends: every frontend
    against every backend, since the repository does not say which calls which. Backends
    whose list holds a reference (`${{shared.CORS_ORIGINS}}`), URLs that do not parse and
    templates or development files are not judged. One diagnostic per frontend origin and
    backend, at the frontend's first app URL naming it, related to the backend's list.

    ## Why
    The browser sends the page's origin with every API call; when the backend does not
    list it, Starlette answers without `Access-Control-Allow-Origin` and the browser blocks
    the response. Staging then fails on every API call, which is the guide's most common
    staging issue (Troubleshooting → CORS Errors).

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    CORS_ORIGINS=https://app-staging.example-shop.com
    ```
    ```json path="frontend/vercel.json"
    {}
    ```
    ```dotenv path="frontend/.env.preview"
    NEXT_PUBLIC_APP_URL=https://staging.example-shop.com
    NEXTAUTH_URL=https://staging.example-shop.com
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    CORS_ORIGINS=https://staging.example-shop.com,https://*.vercel.app
    ```
    ```json path="frontend/vercel.json"
    {}
    ```
    ```dotenv path="frontend/.env.preview"
    NEXT_PUBLIC_APP_URL=https://staging.example-shop.com
    NEXTAUTH_URL=https://staging.example-shop.com
    ```

    ## How to fix
    Add the frontend's origin (`https://staging.example-shop.com`, no path, no trailing
    slash) to the backend's `CORS_ORIGINS` in that environment, or correct the frontend's
    app URL if it names the wrong host.

    ## Guide
    Railway Step 4 → CORS (Vercel staging URL); Troubleshooting → CORS Errors; Staging URLs
    Reference.
    """

    code = "SL404"
    name = "frontend-origin-not-allowed"
    default_severity = Severity.ERROR

    class Options(RuleOptions):
        allowed_wildcards: tuple[str, ...] = DEFAULT_ALLOWED_WILDCARDS
        """Wildcard origins that count as allowing a frontend; keep it equal to SL401's
        `allowed_wildcards`."""

        def __post_init__(self) -> None:
            for pattern in self.allowed_wildcards:
                if pattern.strip() == "*" or "*" not in pattern or "://" not in pattern:
                    raise ValueError(
                        f"allowed_wildcards: {quoted(pattern)} is not a wildcard origin such as "
                        "'https://*.vercel.app'"
                    )

    options: Options

    def check(self, ctx: Context) -> Iterator[Violation]:
        services = app_bindings(ctx)
        cors_keys = set(ctx.catalogue.with_role("cors-origins"))
        app_keys = set(ctx.catalogue.with_role("app-url"))
        backends = []
        for name, bindings in services.items():
            service = ctx.project.service(name)
            if service is None or service.platform != "railway":
                continue
            backend = _backend(
                name, [var for key, (_, var) in bindings.items() if key in cors_keys]
            )
            if backend is not None:
                backends.append(backend)
        if not backends:
            return
        index = _AllowIndex(backends, self.options.allowed_wildcards)
        for name, bindings in services.items():
            service = ctx.project.service(name)
            if service is None or service.platform != "vercel":
                continue
            for env_file, var, origin in _frontend_origins(bindings, app_keys):
                allowing = index.allowing(origin)
                if len(allowing) == len(backends):
                    continue
                for number, backend in enumerate(backends):
                    if number in allowing:
                        continue
                    yield Violation(
                        message=(
                            f"{var.key} is {origin}, which {_keys(backend)} of "
                            f"{backend.service} does not allow: add {origin} there"
                        ),
                        location=var.location,
                        related=tuple(
                            Related(
                                cors.location, f"{cors.key} of {backend.service}, which lacks it"
                            )
                            for cors, _ in backend.lists
                        ),
                        environment=env_file.environment,
                        service=env_file.service,
                        variable=var.key,
                    )


class _AllowIndex:
    """Which backends allow an origin, by site key: what matching every CORS item of every
    backend against every frontend origin decides (``_origins.matches``), without the
    pairs. Every frontend meets every backend, so per-pair matching grew with the square of
    the services: 8 s of a 1,000-service project."""

    def __init__(self, backends: list[_Backend], allowed_wildcards: Iterable[str]) -> None:
        self.everything: set[int] = set()
        self.exact: dict[tuple[str, str, int | None], set[int]] = {}
        self.wildcards: dict[tuple[str, str, int | None], set[int]] = {}
        for number, backend in enumerate(backends):
            for _, items in backend.lists:
                for item in items:
                    if item == "*":
                        self.everything.add(number)
                        continue
                    meant = entry_origin(item)
                    if meant is None:
                        continue
                    if not is_wildcard(item):
                        self.exact.setdefault(meant.site_key(), set()).add(number)
                    elif wildcard_allowed(item, allowed_wildcards):
                        self.wildcards.setdefault(meant.site_key(), set()).add(number)
        self._hosts = {want: _host_pattern(want[1]) for want in self.wildcards}

    def allowing(self, origin: Origin) -> set[int]:
        """Numbers of the backends whose lists let a page of ``origin`` call them."""
        have = origin.site_key()
        found = self.everything | self.exact.get(have, set())
        for want, numbers in self.wildcards.items():
            if want[0::2] == have[0::2] and self._hosts[want].fullmatch(have[1]):
                found |= numbers
        return found


def _host_pattern(host: str) -> re.Pattern[str]:
    """A wildcard host (``*.vercel.app``): its ``*`` stands for one or more DNS labels."""
    label = r"[a-z0-9_-]+"
    return re.compile(re.escape(host).replace(r"\*", rf"{label}(?:\.{label})*"))


def _backend(name: str, variables: list[Variable]) -> _Backend | None:
    """The backend's CORS lists; None when it has none or one is not fully known."""
    lists = []
    for var in sorted(variables, key=lambda v: (v.location.path, v.location.line)):
        found = literal_entries(var)
        if not found.complete or found.error is not None:
            return None  # a reference or placeholder (only the platform knows), or SL403's
        lists.append((var, [entry.text for entry in found.entries]))
    return _Backend(name, lists) if lists else None


def _frontend_origins(
    bindings: dict[str, tuple[EnvFile, Variable]], app_keys: set[str]
) -> Iterator[tuple[EnvFile, Variable, Origin]]:
    """The distinct origins of a frontend's app URLs, each with its first binding."""
    seen = set()
    ordered = sorted(
        (pair for key, pair in bindings.items() if key in app_keys),
        key=lambda pair: (pair[1].location.path, pair[1].location.line),
    )
    for env_file, var in ordered:
        text = literal(var)
        origin = url_origin(text) if text is not None else None
        if origin is None or origin.site_key() in seen:
            continue
        seen.add(origin.site_key())
        yield env_file, var, origin


def _keys(backend: _Backend) -> str:
    return " / ".join(dict.fromkeys(var.key for var, _ in backend.lists))
