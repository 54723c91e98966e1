"""SL602 railway-start-command."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.deployment import RailwayConfig, Service
from stagelint.model.diagnostics import Related, Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule

from ._platforms import (
    Scope,
    ServerStart,
    find_servers,
    is_dockerfile_build,
    judged,
    railway_configs,
    resolve,
    scopes,
)


class RailwayStartCommand(Rule):
    """A Railway start command must bind its web server to all interfaces and to `$PORT`.

    ## What it checks
    `deploy.startCommand` in `railway.json`/`railway.toml`, read like a shell reads it
    (`&&` chains, `sh -c "..."`, `python -m`, `uv run`, `exec` and similar wrappers). Each
    web server it starts (uvicorn, gunicorn, hypercorn, granian, daphne, `fastapi run`/`dev`,
    `flask run`) must listen on `0.0.0.0` or `::` (`[::]`) and on the `$PORT` Railway
    provides (`--port $PORT`, `--bind 0.0.0.0:$PORT`, `-b "[::]:$PORT"`; `${PORT:-8000}` is
    fine). A hard-coded port, a loopback host, or a server left on its default
    (`127.0.0.1:8000` for uvicorn and hypercorn) is a finding. Gunicorn without `--bind` and
    `fastapi run` without `--port` are fine: they read `PORT` themselves. With the
    `DOCKERFILE` builder Railway runs the start command without a shell, so a `$PORT` the
    server receives is a finding unless the command starts a shell (`/bin/sh -c "..."`).

    Commands the rule cannot see inside (`npm run start`, `node dist/worker.js`,
    `./start.sh`) are not judged, nor are hosts and ports taken from other variables
    (`--port $APP_PORT`), config files (`hypercorn -c`), Unix sockets, or the service's
    `UVICORN_HOST`/`UVICORN_PORT`-style variables. Environments are judged as for SL601: the
    policy's effective config, plus what other pre-production blocks (`pr`...) set.

    ## Why
    Railway routes a service's public and private traffic to the port in `PORT`. A server on
    `127.0.0.1`, or on a port of its own choosing, never receives a request: the deploy looks
    healthy in the logs while every request fails with 502, and the healthcheck keeps it from
    going live.

    ## Example
    ```json path="backend/railway.json"
    {
      "$schema": "https://railway.com/railway.schema.json",
      "deploy": {
        "startCommand": "alembic upgrade head && uvicorn app.main:app --port 8000",
        "healthcheckPath": "/health"
      }
    }
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {
      "$schema": "https://railway.com/railway.schema.json",
      "deploy": {
        "startCommand": "uvicorn app.main:app --host 0.0.0.0 --port $PORT",
        "preDeployCommand": ["alembic upgrade head"],
        "healthcheckPath": "/health"
      }
    }
    ```

    ## How to fix
    Pass the host and the port explicitly: `uvicorn app.main:app --host 0.0.0.0 --port
    $PORT` (the guide's command), `gunicorn app.main:app --bind 0.0.0.0:$PORT`, `hypercorn
    app.main:app --bind "[::]:$PORT"` (`::` also serves Railway's IPv6 private network). For a
    Dockerfile build, wrap the command: `/bin/sh -c "exec uvicorn ... --port $PORT"`.

    ## Guide
    Railway Backend Setup → Step 3 (`"startCommand": "uvicorn app.main:app --host 0.0.0.0
    --port $PORT"`) and Step 4 (`BACKEND_PORT=$PORT  # Railway provides this`).
    """

    code = "SL602"
    name = "railway-start-command"
    default_severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Violation]:
        for service, config in railway_configs(ctx):
            for scope in scopes(ctx, config):
                yield from _check(ctx, service, config, scope)


def _check(
    ctx: Context, service: Service, config: RailwayConfig, scope: Scope
) -> Iterator[Violation]:
    env = scope.environment
    found = resolve(config, "deploy", "startCommand", env)
    if not judged(found, scope) or not isinstance(found.value, str):
        return
    assert found.setting is not None
    exec_form = is_dockerfile_build(config, env)
    defined = ctx.variables(env, service.name).get(service.name, {})
    for start in find_servers(found.value, shell=not exec_form, env=defined.keys()):
        if not start.problems:
            continue
        related: tuple[Related, ...] = ()
        if start.unexpanded:
            builder = resolve(config, "build", "builder", env)
            if builder.setting is not None:
                related = (
                    Related(
                        builder.setting.location, "the DOCKERFILE builder runs it without a shell"
                    ),
                )
        yield Violation(
            message=_message(start, config.label("deploy", "startCommand", written="startCommand")),
            location=found.setting.location,
            related=related,
            environment=found.block,
            service=service.name,
        )


def _message(start: ServerStart, label: str) -> str:
    """One sentence: the server, what is wrong, what to write instead."""
    wrong = " and ".join(start.problems)
    if start.unexpanded and len(start.problems) == 1:
        fix = (
            "Railway runs a Dockerfile build's start command without a shell; wrap it as "
            '/bin/sh -c "exec ..."'
        )
    else:
        fix = f"bind every interface and the $PORT Railway provides: {start.example}"
        if start.unexpanded:
            fix += ', inside /bin/sh -c "exec ..."'
    return f"{label}: {start.server} {wrong}; {fix}"
