"""SL305 redis-without-tls."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.diagnostics import Severity, Violation
from stagelint.rule import Context, Rule, RuleOptions

from ._urls import PRIVATE_SUFFIXES, judged_datastores, remote_hosts


class RedisWithoutTls(Rule):
    """A Redis URL to a host on the internet must use `rediss://` (TLS).

    ## What it checks
    Every Redis URL in the judged environment (catalogue kind `redis-url`, and unknown keys
    whose value starts with `redis://`, such as `CELERY_BROKER_URL`) whose host is remote:
    Upstash (`*.upstash.io`), Railway's public TCP proxy (`*.proxy.rlwy.net`), Redis Cloud
    and any other public host. Such a URL must use `rediss://`. Private hosts are fine with
    `redis://`: Railway's `redis.railway.internal` (private network, encrypted mesh),
    `localhost`, private addresses, single-label container names, Unix sockets. References
    (`${{Redis.REDIS_URL}}`), URLs whose host is a placeholder and URLs that do not parse are
    skipped (a placeholder password alone is not).

    ## Why
    `redis://` sends the password (`AUTH`) and every cached session, token and rate-limit
    key in plain text across the internet. Upstash accepts TLS connections only, so a
    `redis://` URL to Upstash fails to connect at all. Railway's public proxy forwards plain
    TCP: from inside Railway use the private `REDIS_URL` instead.

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    REDIS_URL=redis://default:AZx1ASQgNjE3YzQ2MmUtYjVhMi00Mjg3LWE1NGQtOGE4YTU3@fond-cobra-41377.upstash.io:6379
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    REDIS_URL=rediss://default:AZx1ASQgNjE3YzQ2MmUtYjVhMi00Mjg3LWE1NGQtOGE4YTU3@fond-cobra-41377.upstash.io:6379
    ```

    ## How to fix
    Change the scheme to `rediss://` (Upstash's dashboard shows the TLS URL). For Railway's
    Redis, reference the private URL from the backend: `REDIS_URL=${{Redis.REDIS_URL}}`.

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
            if not hosts:
                continue
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
