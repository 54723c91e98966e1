"""SL301 unpooled-database-url."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.diagnostics import Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule, RuleOptions

from ._urls import (
    NEON_DOMAINS,
    is_neon_pooler,
    judged_datastores,
    neon_domain,
    neon_pooled_host,
    pgbouncer_flag,
)


class UnpooledDatabaseUrl(Rule):
    """The application's `DATABASE_URL` to Neon must use the pooled endpoint.

    ## What it checks
    Variables the catalogue gives the role `app-database-url` (`DATABASE_URL`, Vercel's
    `POSTGRES_URL` and `POSTGRES_PRISMA_URL`) in the judged environment. When the URL's host
    is a Neon endpoint (`ep-...` under `neon.tech`, or legacy Vercel Postgres under
    `postgres.vercel-storage.com`), the first label must end in `-pooler`
    (`ep-cool-darkness-a1b2c3d4-pooler.us-east-2.aws.neon.tech`), or the URL must carry
    Prisma's `pgbouncer=true`. Other hosts, references (`${{Neon.DATABASE_URL}}`),
    URLs whose host is a placeholder and URLs that do not parse (SL306) are not judged (a
    placeholder password alone is: the host is real).

    ## Why
    Neon's direct endpoint accepts only a limited number of connections, and a staging
    backend with a connection pool per worker (`DATABASE_POOL_SIZE` plus
    `DATABASE_MAX_OVERFLOW`, times `WORKERS`) runs out of them under load: requests fail
    with "too many connections" and a suspended compute wakes up slower. The pooled endpoint
    (PgBouncer) multiplexes thousands of client connections onto a few server connections.

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    DATABASE_URL=postgresql://shop_app:24c7cf5eca70e5114d4055da@ep-quiet-meadow-a5k2x9wd.us-east-2.aws.neon.tech/shop?sslmode=require
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    DATABASE_URL=postgresql://shop_app:24c7cf5eca70e5114d4055da@ep-quiet-meadow-a5k2x9wd-pooler.us-east-2.aws.neon.tech/shop?sslmode=require
    DATABASE_URL_UNPOOLED=postgresql://shop_app:24c7cf5eca70e5114d4055da@ep-quiet-meadow-a5k2x9wd.us-east-2.aws.neon.tech/shop?sslmode=require
    ```

    ## How to fix
    Copy the pooled connection string from Neon's dashboard (Connection Details → "Connection
    pooling" on), or append `-pooler` to the endpoint ID in the host. Keep the direct URL in
    `DATABASE_URL_UNPOOLED` (or `DIRECT_URL`) for Alembic and `prisma migrate`.

    ## Guide
    Neon Postgres Staging Setup → Step 3 (Configure Connection Pooling), Step 4 (pooled
    connection for the application) and Step 6 (Add `DATABASE_URL` with pooled connection).
    """

    code = "SL301"
    name = "unpooled-database-url"
    default_severity = Severity.ERROR

    class Options(RuleOptions):
        neon_domains: tuple[str, ...] = NEON_DOMAINS
        """Domains whose `ep-...` hosts are Neon endpoints (pooled with `-pooler`)."""

        def __post_init__(self) -> None:
            if not all(domain.strip(".") for domain in self.neon_domains):
                raise ValueError("neon_domains must not hold empty domains")

    options: Options

    def check(self, ctx: Context) -> Iterator[Violation]:
        app_keys = frozenset(ctx.catalogue.with_role("app-database-url"))
        for found in judged_datastores(ctx):
            if found.var.key not in app_keys:
                continue
            if found.family != "postgres" or pgbouncer_flag(found.url):
                continue
            for endpoint in found.url.hosts:
                if neon_domain(endpoint.host, self.options.neon_domains) is None:
                    continue
                if is_neon_pooler(endpoint.host):
                    continue
                key = found.var.key
                yield Violation(
                    message=(
                        f'{key} uses Neon\'s direct endpoint "{endpoint.host}"; the application '
                        f'must use the pooled one, "{neon_pooled_host(endpoint.host)}"'
                    ),
                    location=found.var.location,
                    environment=found.env_file.environment,
                    service=found.env_file.service,
                    variable=key,
                )
                break
