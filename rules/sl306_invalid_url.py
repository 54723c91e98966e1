"""SL306 invalid-url."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.deployment import EnvFile, Variable
from stagelint.model.diagnostics import Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.facts import judged_literal
from stagelint.policy.rule import Rule, RuleOptions

from ._origins import judged_url_bindings
from ._urls import (
    REDIS_SCHEMES,
    REDIS_SOCKET_SCHEME,
    InvalidURL,
    ParsedURL,
    family_of_scheme,
    parse_url,
    scheme_of,
)

LABELS = {"url": "URL", "postgres-url": "Postgres URL", "redis-url": "Redis URL"}
FOREIGN_TO_POSTGRES = frozenset({"http", "https", "redis", "rediss"})
"""Schemes that mean a value pasted into the wrong variable (another database's scheme,
such as ``mysql``, means the project uses another database: not judged)."""
FOREIGN_TO_REDIS = frozenset({"http", "https", "postgres", "postgresql"})


class InvalidUrl(Rule):
    """A URL variable must hold a URL of its kind: scheme, host and port.

    ## What it checks
    Variables whose catalogue kind is `url`, `postgres-url` or `redis-url` in the judged
    environment, and unknown keys whose value starts with a Postgres or Redis scheme
    (`postgres://`, `postgresql+asyncpg://`, `redis://`, `rediss://`). The value must parse:

    - a scheme: `url_schemes` (http, https) for `url`; `postgres`, `postgresql` or
      SQLAlchemy's `postgresql+<driver>` (also django-environ's `pgsql`, `psql`,
      `postgis` and Tortoise's `asyncpg`) for `postgres-url`; `redis`, `rediss` or `unix`
      for `redis-url`. A misspelt scheme (`postgres+asyncpg`, `postgressql`, `redis+tls`)
      or a value pasted into the wrong variable (`https://` in `REDIS_URL`, `redis://` in
      `DATABASE_URL`) is a finding; another database's scheme (`mysql://`, `sqlite://`)
      means the project uses that database and is not judged;
    - a host (`url` and Redis URLs; a Postgres URL may leave it to libpq's default socket),
      a valid host name or bracketed IPv6 address (`[::1]`), one host only for `url`;
    - ports that are numbers in 1-65535;
    - a user info whose `@`, `/`, `?` and `#` are percent-encoded (`%40`, `%2F`, `%3F`,
      `%23`): most clients split the URL at the first of them and read the rest of the
      password as the host.

    Placeholders (SL102) and references are skipped. Origin lists (`CORS_ORIGINS`) are
    SL403's.

    ## Why
    A URL that does not parse fails at start-up at best; at worst the client reads part of
    the password as a host name and logs it, or an https client falls back to a default
    host. The other data-store rules cannot judge such a URL either.

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    DATABASE_URL=postgresql://shop_app:s3cr3t@2024@ep-quiet-meadow-a5k2x9wd-pooler.us-east-2.aws.neon.tech/shop?sslmode=require
    REDIS_URL=redis://default:Zq81rL0pKx@redis.railway.internal:637900
    LEMON_SQUEEZY_WEBHOOK_URL=api-staging.example-shop.com/api/v1/webhooks/lemon-squeezy
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    DATABASE_URL=postgresql://shop_app:s3cr3t%402024@ep-quiet-meadow-a5k2x9wd-pooler.us-east-2.aws.neon.tech/shop?sslmode=require
    REDIS_URL=redis://default:Zq81rL0pKx@redis.railway.internal:6379
    LEMON_SQUEEZY_WEBHOOK_URL=https://api-staging.example-shop.com/api/v1/webhooks/lemon-squeezy
    ```

    ## How to fix
    Write the scheme (`https://`, `postgresql://`, `rediss://`), a single valid host and a
    numeric port; percent-encode reserved characters in the password (Python:
    `urllib.parse.quote(password, safe="")`), or copy the connection string again from
    the provider's dashboard.

    ## Guide
    Railway Step 4 and Vercel Step 4 (Environment Variables); Neon Step 4 (connection
    string format); Troubleshooting → Database Connection Fails ("Verify connection string").
    """

    code = "SL306"
    name = "invalid-url"
    default_severity = Severity.ERROR

    class Options(RuleOptions):
        url_schemes: tuple[str, ...] = ("http", "https")
        """Schemes a variable of kind `url` may use."""

        def __post_init__(self) -> None:
            if not self.url_schemes:
                raise ValueError("url_schemes must name at least one scheme")

    options: Options

    def check(self, ctx: Context) -> Iterator[Violation]:
        for env_file, var, kind in judged_url_bindings(ctx):
            text = judged_literal(var)
            if text is None:
                continue
            if kind is None:
                family = family_of_scheme(scheme_of(text))
                kind = f"{family}-url" if family else None
            if kind not in LABELS:
                continue
            problem = self._problem(kind, text)
            if problem is not None:
                yield _violation(
                    env_file, var, f"{var.key} is not a valid {LABELS[kind]}: {problem}"
                )

    def _problem(self, kind: str, text: str) -> str | None:
        """What is wrong, as a phrase that quotes nothing but the scheme; None if valid."""
        try:
            url = parse_url(text)
        except InvalidURL as exc:
            return f"it {exc}"
        if url.placeholder:
            return None
        scheme = url.scheme
        if kind == "url":
            allowed = tuple(s.lower() for s in self.options.url_schemes)
            if scheme not in allowed:
                return f'its scheme is "{scheme}"; expected {" or ".join(allowed)}'
            return _host_problem(url, single=True)
        if kind == "postgres-url":
            if family_of_scheme(scheme) == "postgres":
                return None
            if scheme.startswith("postgres+"):
                return f'its scheme is "{scheme}"; SQLAlchemy expects "postgresql+"'
            if scheme.startswith(("postg", "pg", "psql")) or scheme in FOREIGN_TO_POSTGRES:
                return f'its scheme is "{scheme}"; expected postgresql:// or postgres://'
            return None  # mysql://, sqlite://...: the project uses another database
        if scheme == REDIS_SOCKET_SCHEME:
            return None if len(url.path) > 1 else "a unix:// URL needs the socket path"
        if scheme in REDIS_SCHEMES:
            return _host_problem(url, single=False)
        if scheme.startswith("redis") or scheme in FOREIGN_TO_REDIS:
            hint = (
                " (Upstash's REST URL belongs in UPSTASH_REDIS_REST_URL)"
                if scheme == "https"
                else ""
            )
            return f'its scheme is "{scheme}"; expected rediss:// or redis://{hint}'
        return None  # memcache://, valkey://...: another cache


def _host_problem(url: ParsedURL, single: bool) -> str | None:
    hosts = url.authority_hosts
    if not hosts or not all(e.host for e in hosts):
        return "it has no host"
    if single and len(hosts) > 1:
        return "it names more than one host"
    return None


def _violation(env_file: EnvFile, var: Variable, message: str) -> Violation:
    return Violation(
        message=message,
        location=var.location,
        environment=env_file.environment,
        service=env_file.service,
        variable=var.key,
    )
