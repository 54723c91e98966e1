"""SL305 redis-without-tls."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.diagnostics import Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule, RuleOptions

from ._urls import PRIVATE_SUFFIXES, judged_datastores, remote_hosts, tls_only_host


class RedisWithoutTls(Rule):
    """A Redis URL to a host on the internet must use `rediss://` (TLS).

    ## What it checks
    Every Redis URL in the judged environment (catalogue kind `redis-url`, and unknown keys
    whose value starts with `redis://`, such as `CELERY_BROKER_URL`) whose host is remote:
    Railway's public TCP proxy (`*.proxy.rlwy.net`), Redis Cloud and any other public host.
    Such a URL must use `rediss://`. Private hosts are fine with `redis://`: Railway's
    `redis.railway.internal` (private network, encrypted mesh), `localhost`, private
    addresses, single-label container names, Unix sockets. Upstash (`*.upstash.io`) accepts
    TLS connections only, so `redis://` to it does not connect at all: that is SL308's
    error, not this warning. References (`${{Redis.REDIS_URL}}`), URLs whose host is a
    placeholder and URLs that do not parse are skipped (a placeholder password alone is
    not).

    ## Why
    `redis://` sends the password (`AUTH`) and every cached session, token and rate-limit
    key in plain text across the internet. Railway's public proxy forwards plain TCP: from
    inside Railway use the private `REDIS_URL` instead.

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    REDIS_URL=redis://default:Zq81rL0pKxYvT3mW@redis-14532.c1.us-east-1-2.ec2.redns.redis-cloud.com:14532
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    REDIS_URL=rediss://default:Zq81rL0pKxYvT3mW@redis-14532.c1.us-east-1-2.ec2.redns.redis-cloud.com:14532
    ```

    ## How to fix
    Change the scheme to `rediss://` (turn TLS on for the database first where the provider
    makes it optional, as Redis Cloud does). For Railway's Redis, reference the private URL
    from the backend: `REDIS_URL=${{Redis.REDIS_URL}}`.

    ## Guide
    Redis Staging Setup → Option 2 (Upstash; "TLS: Enabled") and Option 1 (Railway Redis,
    `${{Redis.REDIS_URL}}`).
    """

    code = "SL305"
    name = "redis-without-tls"
    default_severity = Severity.WARNING

    class Options(RuleOptions):
        private_suffixes: tuple[str, ...] = PRIVATE_SUFFIXES
        """Host name suffixes of private networks, never reachable from the internet
        (besides `localhost`, private addresses and single-label names)."""

    options: Options

    def check(self, ctx: Context) -> Iterator[Violation]:
        for found in judged_datastores(ctx):
            if found.family != "redis" or found.url.scheme != "redis":
                continue
            hosts = remote_hosts(found.url, self.options.private_suffixes)
            if not hosts or tls_only_host(found.url) is not None:
                continue  # private, or a TLS-only provider that refuses it (SL308)
            host = hosts[0].host
            key = found.var.key
            advice = "use rediss://"
            if host.endswith(".rlwy.net"):
                advice = (
                    "Railway's public proxy carries plain text: use the private URL "
                    "(redis.railway.internal) from inside Railway"
                )
            yield Violation(
                message=f'{key} connects to "{host}" over the internet with redis://; {advice}',
                location=found.var.location,
                environment=found.env_file.environment,
                service=found.env_file.service,
                variable=key,
            )
