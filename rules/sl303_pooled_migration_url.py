"""SL303 pooled-migration-url."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from stagelint.model.diagnostics import Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule, RuleOptions

from ._urls import is_neon_pooler, judged_datastores, neon_direct_host, pgbouncer_flag

if TYPE_CHECKING:
    from stagelint.policy.catalogue import Catalogue


class PooledMigrationUrl(Rule):
    """A migration (direct) database URL must not point at the connection pooler.

    ## What it checks
    Variables the catalogue gives the role `direct-database-url` (`DATABASE_URL_UNPOOLED`,
    `DIRECT_URL`, `POSTGRES_URL_NON_POOLING`, `MIGRATION_DATABASE_URL`, ...) and, for keys
    the catalogue does not know, names ending in one of `direct_key_suffixes`
    (`DB_DIRECT_URL`, `SUPABASE_URL_NON_POOLING`). Such a URL must not reach the pooler:
    a host whose first label ends in `-pooler` (Neon's pooled endpoint) or Prisma's
    `pgbouncer=true`. References, URLs whose host is a placeholder and URLs that do not parse
    are skipped (a placeholder password alone is not).

    ## Why
    Neon's pooler is PgBouncer in transaction mode: each statement may run on another
    server connection. Alembic and `prisma migrate` take advisory locks and run DDL in
    session-level transactions, `pg_dump` and `LISTEN`/`NOTIFY` need a session, and session
    `SET` commands leak or vanish. Migrations through the pooler hang or fail halfway. The
    direct URL exists for exactly these jobs.

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    DATABASE_URL=postgresql://shop_app:24c7cf5eca70e5114d4055da@ep-quiet-meadow-a5k2x9wd-pooler.us-east-2.aws.neon.tech/shop?sslmode=require
    DATABASE_URL_UNPOOLED=postgresql://shop_app:24c7cf5eca70e5114d4055da@ep-quiet-meadow-a5k2x9wd-pooler.us-east-2.aws.neon.tech/shop?sslmode=require
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
    Use Neon's direct connection string (Connection Details with "Connection pooling" off):
    the same host without `-pooler`, and no `pgbouncer=true`.

    ## Guide
    Neon Postgres Staging Setup → Step 3 ("Direct connection for migrations") and Step 4
    (direct connection for Alembic migrations); Deployment Process → Initial Deployment
    (`alembic upgrade head`).
    """

    code = "SL303"
    name = "pooled-migration-url"
    default_severity = Severity.WARNING

    class Options(RuleOptions):
        direct_key_suffixes: tuple[str, ...] = (
            "NON_POOLING",
            "UNPOOLED",
            "DIRECT_URL",
            "DIRECT_DATABASE_URL",
            "MIGRATION_DATABASE_URL",
            "MIGRATIONS_DATABASE_URL",
        )
        """Key endings (after `_`, or the whole key) that mark a direct URL when the
        catalogue has no entry for the key: a naming convention, like the catalogue's
        secret suffixes."""

        def __post_init__(self) -> None:
            if not all(suffix.strip("_") for suffix in self.direct_key_suffixes):
                raise ValueError("direct_key_suffixes must not hold empty suffixes")

    options: Options

    def check(self, ctx: Context) -> Iterator[Violation]:
        catalogue = ctx.catalogue
        for found in judged_datastores(ctx):
            if not self._is_direct(catalogue, found.var.key):
                continue
            if found.family != "postgres":
                continue
            key = found.var.key
            pooled = [e.host for e in found.url.hosts if is_neon_pooler(e.host)]
            if pooled:
                message = (
                    f'{key} is a direct URL for migrations but points at the pooler "{pooled[0]}"; '
                    f'use the direct endpoint "{neon_direct_host(pooled[0])}"'
                )
            elif pgbouncer_flag(found.url):
                message = (
                    f"{key} is a direct URL for migrations but sets pgbouncer=true; "
                    "use the direct connection string without it"
                )
            else:
                continue
            yield Violation(
                message=message,
                location=found.var.location,
                environment=found.env_file.environment,
                service=found.env_file.service,
                variable=key,
            )

    def _is_direct(self, catalogue: Catalogue, key: str) -> bool:
        info = catalogue.get(key)
        if info is not None:
            return info.role == "direct-database-url"
        upper = key.upper()
        return any(
            upper == suffix or upper.endswith("_" + suffix)
            for suffix in (s.strip("_").upper() for s in self.options.direct_key_suffixes)
        )
