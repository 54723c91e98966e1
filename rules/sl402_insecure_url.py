"""SL402 insecure-url."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.deployment import EnvFile, Location, Variable
from stagelint.model.diagnostics import Severity, Violation
from stagelint.model.values import quoted
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule, RuleOptions, literal

from ._origins import (
    DEFAULT_PRIVATE_HOSTS,
    SECURE_SCHEMES,
    Origin,
    entry_location,
    entry_origin,
    is_loopback,
    is_private_host,
    judged_url_bindings,
    origin_lists,
    origin_problem,
    url_origin,
)


class InsecureUrl(Rule):
    """An `http://` origin or public URL in staging or production.

    ## What it checks
    In the env files of the environment the policy judges: every CORS origin (`CORS_ORIGINS`
    and the catalogue's other `origin-list` variables) and every URL-kind variable
    (`NEXT_PUBLIC_APP_URL`, `NEXTAUTH_URL`, `NEXT_PUBLIC_API_URL`,
    `LEMON_SQUEEZY_WEBHOOK_URL`, ...) that uses plain `http://`. A loopback host
    (`http://localhost:3000`, `127.0.0.1`) is reported as a development address: it is fine
    only in development files, which this rule does not judge (nor templates).

    Hosts on a private network are exempt: Railway's private network (`*.railway.internal`)
    is reached over plain http inside an encrypted mesh, so the `private_hosts` patterns
    (default `*.internal`, `*.local`), single-label names (`http://backend:8000`) and
    private-network addresses (RFC 1918, IPv6 ULA) may use http. Malformed origins are
    SL403's, URLs that do not parse SL306's, references are not judged.

    ## Why
    Over plain http anyone on the path reads and rewrites the traffic: session cookies,
    tokens and webhook payloads. Browsers block an https page from calling an http API
    (mixed content), and an `http://` origin in `CORS_ORIGINS` means the staging API trusts
    pages an attacker on the network can rewrite. A localhost origin in staging lets any
    page served on a tester's machine call the staging API.

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    CORS_ORIGINS=http://staging.example-shop.com,http://localhost:3000
    LEMON_SQUEEZY_WEBHOOK_URL=http://api-staging.example-shop.com/api/v1/webhooks/lemon-squeezy
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    CORS_ORIGINS=https://staging.example-shop.com
    LEMON_SQUEEZY_WEBHOOK_URL=https://api-staging.example-shop.com/api/v1/webhooks/lemon-squeezy
    ```
    ```dotenv path="backend/.env"
    CORS_ORIGINS=http://localhost:3000
    ```

    ## How to fix
    Use `https://`: Railway and Vercel serve every public domain over TLS. Move localhost
    origins and URLs to the development files (`.env`, `.env.local`).

    ## Guide
    Staging URLs Reference (every staging URL is https); Vercel Step 6 (SSL certificate);
    Railway Step 4 → CORS.
    """

    code = "SL402"
    name = "insecure-url"
    default_severity = Severity.ERROR

    class Options(RuleOptions):
        private_hosts: tuple[str, ...] = DEFAULT_PRIVATE_HOSTS
        """Host patterns (`fnmatch`, case-insensitive) of private networks where plain http
        is acceptable, e.g. `*.railway.internal`."""

        def __post_init__(self) -> None:
            for pattern in self.private_hosts:
                if not pattern.strip() or "/" in pattern or pattern.strip("*.") == "":
                    raise ValueError(
                        f"private_hosts: {quoted(pattern)} is not a host pattern such as "
                        "'*.railway.internal'"
                    )

    options: Options

    def check(self, ctx: Context) -> Iterator[Violation]:
        for env_file, var, items in origin_lists(ctx):
            for entry in items.entries:
                if entry.text == "*" or origin_problem(entry.text) is not None:
                    continue  # SL401's and SL403's
                origin = entry_origin(entry.text)
                message = self._judge(origin, f"{var.key} allows", env_file, quote=True)
                if message is not None:
                    yield _violation(message, entry_location(var, entry), env_file, var)
        for env_file, var, kind in judged_url_bindings(ctx):
            if kind != "url":
                continue
            text = literal(var)
            origin = url_origin(text) if text is not None else None
            quote = not ctx.catalogue.is_secret(var.key)
            message = self._judge(origin, f"{var.key} points at", env_file, quote)
            if message is not None:
                yield _violation(message, var.location, env_file, var)

    def _judge(
        self, origin: Origin | None, subject: str, env_file: EnvFile, quote: bool
    ) -> str | None:
        """The message for an insecure origin, or None when it is fine (or not a URL)."""
        if origin is None or origin.scheme not in SECURE_SCHEMES:
            return None
        shown = str(origin) if quote else "a host"
        if is_loopback(origin.host):
            where = env_file.environment or "a deployed environment"
            return (
                f"{subject} {shown}, a development address: {where} needs the deployed "
                "https address"
            )
        if is_private_host(origin.host, self.options.private_hosts):
            return None
        secure = Origin(SECURE_SCHEMES[origin.scheme], origin.host, origin.port)
        advice = f"use {secure}" if quote else f"use {secure.scheme}://"
        return f"{subject} {shown} over plain {origin.scheme}: {advice}"


def _violation(message: str, location: Location, env_file: EnvFile, var: Variable) -> Violation:
    return Violation(
        message=message,
        location=location,
        environment=env_file.environment,
        service=env_file.service,
        variable=var.key,
    )
