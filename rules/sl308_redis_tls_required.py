"""SL308 redis-tls-required."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.diagnostics import Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule

from ._urls import judged_datastores, tls_only_host


class RedisTlsRequired(Rule):
    """A Redis URL to a provider that accepts only TLS must use `rediss://`.

    ## What it checks
    Every Redis URL in the judged environment (catalogue kind `redis-url`, and unknown keys
    whose value starts with `redis://`) whose host is Upstash (`*.upstash.io`) and whose
    scheme is `redis://`. Upstash keeps TLS always on and cannot turn it off. Other hosted
    Redis servers accept plain connections, which are dangerous but work: `redis://` to
    them is SL305's warning. References (`${{Redis.REDIS_URL}}`), placeholders, values held
    by the platform (`[SENSITIVE]`) and URLs that do not parse are skipped.

    ## Why
    The client opens a plain TCP connection and Upstash never answers it as Redis: the app
    fails to connect at start-up or on its first cache call (connection reset or timeout),
    in every deploy of that environment. Unlike a missing TLS elsewhere, this is not a
    risk but an outage.

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
    Change the scheme to `rediss://` (Upstash's console shows the TLS URL; the Vercel
    integration sets it as `REDIS_URL`/`KV_URL`). Clients that take host and port
    separately need their TLS option on (`ssl=True` in redis-py, `tls: {}` in ioredis).

    ## Guide
    Redis Staging Setup → Option 2 (Upstash; "TLS: Enabled").
    """

    code = "SL308"
    name = "redis-tls-required"
    default_severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Violation]:
        for found in judged_datastores(ctx):
            if found.family != "redis" or found.url.scheme != "redis":
                continue
            host = tls_only_host(found.url)
            if host is None:
                continue
            key = found.var.key
            yield Violation(
                message=(
                    f'{key} connects to Upstash ("{host}") with redis://, which cannot '
                    "connect: Upstash accepts TLS connections only; use rediss://"
                ),
                location=found.var.location,
                environment=found.env_file.environment,
                service=found.env_file.service,
                variable=key,
            )
