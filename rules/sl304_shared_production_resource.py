"""SL304 shared-production-resource."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.diagnostics import Related, Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule, RuleOptions

from ._urls import (
    NEON_DOMAINS,
    PRIVATE_SUFFIXES,
    DatastoreBinding,
    compared_datastores,
    is_private_host,
    judged_datastores,
    neon_direct_host,
    neon_domain,
)

Resource = tuple[str, str, int | None, str]
"""(family, host, port, database): what makes two URLs the same database or cache."""

WHAT = {"postgres": "database", "redis": "Redis"}


class SharedProductionResource(Rule):
    """Staging must not use production's database or cache.

    ## What it checks
    Every Postgres and Redis URL of the judged environment (catalogue kinds `postgres-url`
    and `redis-url`, and unknown keys by their `postgres://`/`redis://` scheme) is compared
    with those of the compared environment (production, for the staging policy), across all
    services: a staging backend on the database of the production frontend shares it just
    as well. Two URLs name the same resource when host, port (the default when absent) and
    database (Postgres: the path, else the user name as libpq does; Redis: the database
    number, default 0; any with `redis_server_is_shared`) are equal. Neon's pooled and
    direct endpoints of one branch (`ep-x-pooler...` and `ep-x...`) are the same host.
    Passwords and users do not matter.

    Private hosts are never compared: `redis.railway.internal` or `postgres` name a
    different instance in every Railway environment. Shared SaaS endpoints (PostHog, Sentry,
    Lemon Squeezy) are not URLs of these kinds and are never judged. References,
    URLs whose host is a placeholder and URLs that do not parse are skipped on both sides (a
    placeholder password alone is not: the URL still leads to that host).

    ## Why
    A staging deploy runs migrations, seed scripts and test traffic; on production's
    database that alters or wipes real customer data, and a staging cache flush logs every
    customer out. The guide keeps staging on separate resources: its own Neon branch and a
    separate Redis instance.

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    DATABASE_URL=postgresql://shop_app:24c7cf5eca70e5114d4055da@ep-bold-river-k3m8q1zt-pooler.us-east-2.aws.neon.tech/shop?sslmode=require
    ```
    ```dotenv path="backend/.env.production"
    DATABASE_URL=postgresql://shop_app:815668862fa7a57370c1cd07@ep-bold-river-k3m8q1zt-pooler.us-east-2.aws.neon.tech/shop?sslmode=require
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    DATABASE_URL=postgresql://shop_app:24c7cf5eca70e5114d4055da@ep-quiet-meadow-a5k2x9wd-pooler.us-east-2.aws.neon.tech/shop?sslmode=require
    ```
    ```dotenv path="backend/.env.production"
    DATABASE_URL=postgresql://shop_app:815668862fa7a57370c1cd07@ep-bold-river-k3m8q1zt-pooler.us-east-2.aws.neon.tech/shop?sslmode=require
    ```

    ## How to fix
    Create a staging branch in Neon (Branches → Create branch from main → `staging`) and use
    its pooled and direct connection strings; provision a separate Redis (Railway add-on in
    the staging environment, or a staging Upstash database).

    ## Guide
    Overview ("separate resources and test data"); Neon Postgres Staging Setup → Step 2
    (Create Staging Branch); Redis Staging Setup ("Separate instance"); Security
    Considerations → Data Protection ("NEVER use production data in staging").
    """

    code = "SL304"
    name = "shared-production-resource"
    default_severity = Severity.ERROR

    class Options(RuleOptions):
        neon_domains: tuple[str, ...] = NEON_DOMAINS
        """Domains whose `ep-...` hosts are Neon endpoints, where `-pooler` and the direct
        host are one branch."""
        private_suffixes: tuple[str, ...] = PRIVATE_SUFFIXES
        """Host name suffixes of private networks, never compared: each environment has its own
        (besides `localhost`, private addresses and single-label names)."""

        redis_server_is_shared: bool = False
        """Compare Redis URLs by host and port only: staging on another database number of
        production's Redis server still shares its memory, eviction and `FLUSHALL` (the
        guide asks for a separate instance)."""

        def __post_init__(self) -> None:
            if not all(domain.strip(".") for domain in self.neon_domains):
                raise ValueError("neon_domains must not hold empty domains")

    options: Options

    def check(self, ctx: Context) -> Iterator[Violation]:
        other = ctx.compare_with
        if other is None:
            return
        compared: dict[Resource, list[DatastoreBinding]] = {}
        for found in compared_datastores(ctx):
            for resource in self._resources(found):
                compared.setdefault(resource, []).append(found)
        if not compared:
            return
        for found in judged_datastores(ctx):
            matches: dict[int, DatastoreBinding] = {}
            first: Resource | None = None
            for resource in self._resources(found):
                for match in compared.get(resource, ()):
                    matches.setdefault(id(match), match)
                    first = first or resource
            if first is None:
                continue
            family, _, port, _ = first
            host = next(e.host for e in found.url.hosts if self._resource_host(e.host) == first[1])
            key = found.var.key
            what = WHAT[family]
            environment = found.env_file.environment or ctx.environment
            related = tuple(
                Related(
                    m.var.location,
                    f"{other} {m.var.key} of {m.env_file.service or 'the project'} "
                    f"uses the same {what}",
                )
                for m in sorted(matches.values(), key=lambda m: m.var.location)
            )
            yield Violation(
                message=(
                    f'{key} uses {other}\'s {what} (host "{host}", port {port}); '
                    f"{environment} must use its own"
                ),
                location=found.var.location,
                related=related,
                environment=found.env_file.environment,
                service=found.env_file.service,
                variable=key,
                fingerprint=_fingerprint(key, first),
            )

    def _resources(self, found: DatastoreBinding) -> list[Resource]:
        url = found.url
        if found.family == "postgres":
            database = url.database or url.user or ""
        elif self.options.redis_server_is_shared:
            database = "*"
        else:
            database = url.database or "0"
        return [
            (found.family, self._resource_host(e.host), url.port_of(e), database)
            for e in url.hosts
            if not is_private_host(e.host, self.options.private_suffixes)
        ]

    def _resource_host(self, host: str) -> str:
        name = host.lower().rstrip(".")
        if neon_domain(name, self.options.neon_domains) is not None:
            return neon_direct_host(name)
        return name


def _fingerprint(key: str, resource: Resource) -> str:
    """A stable identity that names no database (hashed)."""
    import hashlib

    text = "\0".join([key, resource[0], resource[1], str(resource[2]), resource[3]])
    return hashlib.sha256(text.encode()).hexdigest()[:16]
