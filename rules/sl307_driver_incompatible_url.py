"""SL307 driver-incompatible-url."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.diagnostics import Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule, RuleOptions

from ._urls import judged_datastores, rejected_params


class DriverIncompatibleUrl(Rule):
    """A database URL must not carry parameters its driver rejects at connect time.

    ## What it checks
    Postgres URLs that name their driver the SQLAlchemy way. On `postgresql+asyncpg://`
    SQLAlchemy hands every query parameter to `asyncpg.connect()` as a keyword argument, so
    libpq's `sslmode` and `channel_binding` (both in Neon's connection strings), Prisma's
    `pgbouncer`, `connect_timeout` and any other name asyncpg does not take raise
    `TypeError`; asyncpg's `ssl` takes exactly `disable`, `allow`, `prefer`, `require`,
    `verify-ca` or `verify-full` (`ssl=true` raises). On `postgresql+psycopg://` and
    `postgresql+psycopg2://`, libpq refuses asyncpg's `ssl` and Prisma's `pgbouncer` and
    `schema` ("invalid connection option"). Plain `postgresql://` URLs are read by many
    clients and are not judged. One diagnostic per URL lists every rejected parameter.
    References, URLs whose host is a placeholder and URLs that do not parse are
    skipped (a placeholder password alone is not).

    ## Why
    The service crashes at its first database connection, usually after the deploy
    succeeded and the health check began to fail: the error
    (`connect() got an unexpected keyword argument 'sslmode'`) says nothing about the URL.
    Pasting Neon's connection string into an async SQLAlchemy app does exactly this.

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    DATABASE_URL=postgresql+asyncpg://shop_app:24c7cf5eca70e5114d4055da@ep-quiet-meadow-a5k2x9wd-pooler.us-east-2.aws.neon.tech/shop?sslmode=require&channel_binding=require
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    DATABASE_URL=postgresql+asyncpg://shop_app:24c7cf5eca70e5114d4055da@ep-quiet-meadow-a5k2x9wd-pooler.us-east-2.aws.neon.tech/shop?ssl=require
    ```

    ## How to fix
    For asyncpg replace `sslmode=require` with `ssl=require`, drop `channel_binding`, and
    pass other options in code (`create_async_engine(url, connect_args={...})`). For
    psycopg write `sslmode=require` and drop Prisma's parameters. Keep the libpq form in a
    separate variable if other tools (psql, Prisma) read it.

    ## Guide
    Neon Postgres Staging Setup → Step 4 (connection strings with `sslmode=require`);
    Troubleshooting → Database Connection Fails.
    """

    code = "SL307"
    name = "driver-incompatible-url"
    default_severity = Severity.ERROR

    class Options(RuleOptions):
        ignore_params: tuple[str, ...] = ()
        """Parameter names never reported (e.g. one a custom SQLAlchemy creator consumes)."""

    options: Options

    def check(self, ctx: Context) -> Iterator[Violation]:
        ignored = frozenset(self.options.ignore_params)
        for found in judged_datastores(ctx):
            if found.family != "postgres":
                continue
            rejected = [p for p in rejected_params(found.url) if p.name not in ignored]
            if not rejected:
                continue
            key = found.var.key
            names = " and ".join(p.name for p in rejected)
            them = "it" if len(rejected) == 1 else "them"
            advice = "; ".join(p.advice for p in rejected)
            yield Violation(
                message=(
                    f"{key} passes {names} to {found.url.driver}, which rejects {them} at "
                    f"connect time: {advice}"
                ),
                location=found.var.location,
                environment=found.env_file.environment,
                service=found.env_file.service,
                variable=key,
            )
