"""SL406 production-url-in-staging."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from stagelint.model.deployment import PRODUCTION, EnvFile, Location, Variable
from stagelint.model.diagnostics import Related, Severity, Violation
from stagelint.model.tuples import NamedTuple
from stagelint.model.values import quoted
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule, RuleOptions, literal

from ._origins import (
    DEFAULT_PRIVATE_HOSTS,
    Entry,
    UrlBinding,
    compared_url_bindings,
    entry_location,
    entry_origin,
    is_loopback,
    is_private_host,
    is_wildcard,
    judged_url_bindings,
    literal_entries,
    origin_problem,
    url_origin,
)


class _Use(NamedTuple):
    """A host one binding points at (a URL, or one item of an origin list)."""

    env_file: EnvFile
    var: Variable
    host: str
    entry: Entry | None = None
    """The origin-list item; None for a URL."""
    verb: str = "points at"

    @property
    def location(self) -> Location:
        """Built when asked: most uses are never reported nor related."""
        if self.entry is None:
            return self.var.location
        return entry_location(self.var, self.entry)


class ProductionUrlInStaging(Rule):
    """A staging URL or CORS origin whose host is one that production uses.

    ## What it checks
    When the policy compares with production (the staging policy does), every URL-kind
    variable (API, app and webhook URLs: `NEXT_PUBLIC_API_URL`, `NEXT_PUBLIC_APP_URL`,
    `NEXTAUTH_URL`, `LEMON_SQUEEZY_WEBHOOK_URL`, ...) and every CORS origin in the judged
    environment's env files whose host is a production host. Production hosts are the hosts
    of the same kinds of variables in the production env files. Shared SaaS endpoints are
    not compared: the catalogue's `saas-endpoint` role (`NEXT_PUBLIC_POSTHOG_HOST`), Sentry
    DSNs and database/cache URLs (SL304's) are other kinds. Hosts matching `ignore_hosts`
    (default: private networks, `*.internal` and `*.local`, whose names each environment
    resolves to its own services), single-label names, private and loopback addresses and
    wildcard origins are not compared either. Malformed origins (SL403), URLs that do not
    parse (SL306), references and templates are skipped. The diagnostic points at the
    staging variable (or origin) and relates the production line using the host.

    The production policy judges production itself, so this rule stays silent there: a
    host both environments use is reported once, at the staging line.

    ## Why
    A staging frontend calling the production API writes test orders into production; a
    staging webhook URL on the production backend feeds test-mode payments into live
    processing; a staging CORS list allowing the production site lets production pages
    drive the staging API. The guide's staging mirrors production while using separate
    resources.

    ## Example
    ```json path="frontend/vercel.json"
    {}
    ```
    ```dotenv path="frontend/.env.preview"
    NEXT_PUBLIC_API_URL=https://api.example-shop.com
    ```
    ```dotenv path="frontend/.env.production"
    NEXT_PUBLIC_API_URL=https://api.example-shop.com
    ```

    ## Use instead
    ```json path="frontend/vercel.json"
    {}
    ```
    ```dotenv path="frontend/.env.preview"
    NEXT_PUBLIC_API_URL=https://api-staging.example-shop.com
    ```
    ```dotenv path="frontend/.env.production"
    NEXT_PUBLIC_API_URL=https://api.example-shop.com
    ```

    ## How to fix
    Point staging at its own deployments (`https://api-staging.example-shop.com`, the
    Railway staging service's domain). If a host is deliberately shared by both
    environments (an identity provider, a status page), add it to `ignore_hosts`, or mark
    its variable's catalogue entry with role `saas-endpoint`.

    ## Guide
    Overview (staging uses separate resources); Staging URLs Reference; Lemon Squeezy
    Step 3 (the staging webhook URL).
    """

    code = "SL406"
    name = "production-url-in-staging"
    default_severity = Severity.ERROR

    class Options(RuleOptions):
        ignore_hosts: tuple[str, ...] = DEFAULT_PRIVATE_HOSTS
        """Host patterns (`fnmatch`, case-insensitive) that staging may share with
        production, e.g. `auth.example-shop.com`; private networks by default."""
        shared_roles: tuple[str, ...] = ("saas-endpoint",)
        """Catalogue roles of URLs that both environments share by design."""

        def __post_init__(self) -> None:
            for pattern in self.ignore_hosts:
                if not pattern.strip() or "/" in pattern:
                    raise ValueError(
                        f"ignore_hosts: {quoted(pattern)} is not a host pattern such as "
                        "'auth.example-shop.com'"
                    )

    options: Options

    def check(self, ctx: Context) -> Iterator[Violation]:
        if ctx.compare_with != PRODUCTION or ctx.environment == PRODUCTION:
            return
        compared = _HostFilter(self.options.ignore_hosts)
        production: dict[str, list[_Use]] = {}
        for use in self._uses(ctx, compared_url_bindings(ctx), compared):
            production.setdefault(use.host, []).append(use)
        if not production:
            return
        first: dict[str, _Use] = {}
        for use in self._uses(ctx, judged_url_bindings(ctx), compared):
            uses = production.get(use.host)
            if uses is None:
                continue
            found = first.get(use.host)
            if found is None:
                found = first[use.host] = min(uses, key=_order)  # the first in file order
            secret = ctx.catalogue.is_secret(use.var.key) or ctx.catalogue.is_secret(found.var.key)
            host = "a host" if secret else use.host
            yield Violation(
                message=(
                    f"{use.var.key} {use.verb} {host}, which production uses: "
                    f"{use.env_file.environment} needs a host of its own"
                ),
                location=use.location,
                related=(Related(found.location, f"production's {found.var.key} uses it"),),
                environment=use.env_file.environment,
                service=use.env_file.service,
                variable=use.var.key,
            )

    def _uses(
        self, ctx: Context, bindings: Iterable[UrlBinding], compared: _HostFilter
    ) -> Iterator[_Use]:
        """The hosts the bindings point at, shared and private ones left out."""
        for env_file, var, kind in bindings:
            if kind != "url" and kind != "origin-list":
                continue
            info = ctx.catalogue.get(var.key)
            if info is None or info.role in self.options.shared_roles:
                continue
            if info.kind == "url":
                text = literal(var)
                origin = url_origin(text) if text is not None else None
                if origin is not None and compared(origin.host):
                    yield _Use(env_file, var, origin.host)
            elif info.kind == "origin-list":
                for entry in literal_entries(var).entries:
                    if is_wildcard(entry.text) or origin_problem(entry.text) is not None:
                        continue  # SL401's and SL403's
                    origin = entry_origin(entry.text)
                    if origin is not None and compared(origin.host):
                        yield _Use(env_file, var, origin.host, entry, "allows")


class _HostFilter:
    """Whether a host is compared: neither loopback, private nor matching ``ignore_hosts``;
    answered once per host (a check meets each host in several variables)."""

    def __init__(self, ignore_hosts: Iterable[str]) -> None:
        self._patterns = tuple(p.strip().lower() for p in ignore_hosts)
        self._answers: dict[str, bool] = {}

    def __call__(self, host: str) -> bool:
        found = self._answers.get(host)
        if found is None:
            found = self._answers[host] = self._compared(host)
        return found

    def _compared(self, host: str) -> bool:
        from fnmatch import fnmatchcase

        if is_loopback(host) or is_private_host(host, ()):
            return False
        return not any(fnmatchcase(host, p) for p in self._patterns)


def _order(use: _Use) -> tuple[str, int, int]:
    location = use.location
    return (location.path, location.line, location.column)
