"""SL302 database-without-tls."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from stagelint.model.deployment import EnvFile
from stagelint.model.diagnostics import Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule, RuleOptions, literal

from ._urls import (
    PRIVATE_SUFFIXES,
    SSLMODES,
    TLS_SSLMODES,
    ParsedURL,
    judged_datastores,
    rejected_params,
    remote_hosts,
)

WEAK_SSLMODES = frozenset({"disable", "allow", "prefer"})
TLS_PARAMS = frozenset({"sslmode", "ssl", "channel_binding"})


class DatabaseWithoutTls(Rule):
    """A Postgres URL to a remote host must require TLS.

    ## What it checks
    Every Postgres URL in the judged environment: variables of kind `postgres-url` in the
    catalogue, and unknown keys whose value starts with `postgres://`, `postgresql://` or
    `postgresql+<driver>://`. When a host it dials is remote, the URL must set
    `sslmode=require`, `verify-ca` or `verify-full`; asyncpg URLs
    (`postgresql+asyncpg://`) set `ssl=` to one of those instead. A missing mode and
    `disable`, `allow` or `prefer` are findings. `PGSSLMODE` set to a strict mode in the
    same service and environment counts for URLs without a mode (libpq, node-postgres and
    asyncpg read it).

    Not remote: `localhost`, loopback, private and link-local addresses, single-label names
    (`postgres`: container names), `*.internal` (Railway's private network,
    `postgres.railway.internal`, is reachable only inside the environment over an encrypted
    mesh), `*.local`, Unix sockets. Variables whose catalogue role is `no-ssl-database-url`
    (Vercel's `POSTGRES_URL_NO_SSL`, for clients that set TLS in code) are not judged, nor
    are references, URLs whose host (or database, port) is a placeholder, URLs that do not
    parse (SL306) and URLs whose TLS parameter the driver rejects (SL307 reports them). A
    placeholder user or password does not hide the URL: its TLS is judged all the same
    (SL102 reports the placeholder).

    ## Why
    Without a strict mode, libpq's default `prefer` falls back to plain text when TLS fails,
    so anyone on the path can downgrade the connection and read the password and every row.
    `require` refuses plain text; `verify-full` also checks the server's certificate and
    name. Neon recommends `sslmode=require&channel_binding=require`.

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    DATABASE_URL=postgresql://shop_app:24c7cf5eca70e5114d4055da@ep-quiet-meadow-a5k2x9wd-pooler.us-east-2.aws.neon.tech/shop
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    DATABASE_URL=postgresql://shop_app:24c7cf5eca70e5114d4055da@ep-quiet-meadow-a5k2x9wd-pooler.us-east-2.aws.neon.tech/shop?sslmode=require&channel_binding=require
    ```

    ## How to fix
    Append `?sslmode=require` (or `&sslmode=require` after other parameters) to the URL;
    use `verify-full` when the client has the CA bundle. For SQLAlchemy with asyncpg write
    `ssl=require`.

    ## Guide
    Neon Postgres Staging Setup → Step 4 (pooled connection `...?sslmode=require`);
    Troubleshooting → Database Connection Fails ("Check SSL mode (should be require)").
    """

    code = "SL302"
    name = "database-without-tls"
    default_severity = Severity.ERROR

    class Options(RuleOptions):
        accepted_modes: tuple[str, ...] = tuple(sorted(TLS_SSLMODES))
        """`sslmode` (asyncpg: `ssl`) values that count as TLS required."""
        private_suffixes: tuple[str, ...] = PRIVATE_SUFFIXES
        """Host name suffixes of private networks, never reachable from the internet
        (besides `localhost`, private addresses and single-label names)."""

        def __post_init__(self) -> None:
            if not self.accepted_modes:
                raise ValueError("accepted_modes must name at least one mode")
            weak = sorted(WEAK_SSLMODES.intersection(self.accepted_modes))
            if weak:
                raise ValueError(f"accepted_modes must not allow plain text: {', '.join(weak)}")

    options: Options

    def check(self, ctx: Context) -> Iterator[Violation]:
        exempt = frozenset(ctx.catalogue.with_role("no-ssl-database-url"))
        accepted = frozenset(self.options.accepted_modes)
        for found in judged_datastores(ctx):
            if found.var.key in exempt:
                continue
            url = found.url
            if found.family != "postgres" or _tls_param_rejected(url):
                continue
            hosts = remote_hosts(url, self.options.private_suffixes)
            if not hosts:
                continue
            problem = _problem(url, accepted, partial(_pgsslmode, ctx, found.env_file))
            if problem is None:
                continue
            key = found.var.key
            yield Violation(
                message=f'{key} connects to "{hosts[0].host}" {problem}',
                location=found.var.location,
                environment=found.env_file.environment,
                service=found.env_file.service,
                variable=key,
            )


def _problem(
    url: ParsedURL, accepted: frozenset[str], pgsslmode: Callable[[], str | None]
) -> str | None:
    """What is wrong with the URL's TLS mode (a phrase without values), or None."""
    names = _tls_names(url)
    preferred = "require" if "require" in accepted else sorted(accepted)[0]
    expected = f"{names[0]}={preferred}"
    for name in names:
        mode = url.param(name)
        if mode is None:
            continue
        word = mode.strip().lower()
        if word in accepted:
            return None
        if word == "disable":
            return f"with {name}=disable, which turns TLS off; use {expected}"
        if word in WEAK_SSLMODES:
            return f"with {name}={word}, which falls back to plain text; use {expected}"
        if word in SSLMODES:
            return f"with {name}={word}, weaker than the policy accepts; use {expected}"
        return f"with an invalid {name} value; use {expected}"
    env_mode = pgsslmode()
    if env_mode is not None and env_mode in accepted:
        return None
    return f"without requiring TLS; add {expected}"


def _tls_names(url: ParsedURL) -> tuple[str, ...]:
    """The parameters that set TLS for the URL's driver, in the order they are read."""
    if url.scheme == "asyncpg":  # Tortoise ORM reads either name
        return ("ssl", "sslmode")
    if url.driver == "asyncpg":
        return ("ssl",)
    return ("sslmode",)


def _tls_param_rejected(url: ParsedURL) -> bool:
    """Whether the URL sets TLS only through parameters its driver rejects: SL307's finding
    (one finding, one diagnostic). A valid TLS parameter beside them is still judged."""
    rejected = {p.name for p in rejected_params(url)}
    if not rejected & TLS_PARAMS:
        return False
    return not any(url.has_param(name) and name not in rejected for name in _tls_names(url))


def _pgsslmode(ctx: Context, env_file: EnvFile) -> str | None:
    """``PGSSLMODE`` as the service's environment defines it (a literal), lower-case."""
    if env_file.environment is None:
        return None
    merged = ctx.variables(env_file.environment, env_file.service)
    var = merged.get(env_file.service, {}).get("PGSSLMODE")
    text = literal(var) if var is not None else None
    return text.strip().lower() if text else None
