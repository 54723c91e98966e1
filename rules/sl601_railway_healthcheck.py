"""SL601 railway-healthcheck."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.deployment import RailwayConfig, Service
from stagelint.model.diagnostics import Related, Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule, RuleOptions

from ._platforms import Scope, judged, railway_configs, resolve, scopes, web_server_hint


class RailwayHealthcheck(Rule):
    """A Railway web service must declare a healthcheck path and a positive healthcheck timeout.

    ## What it checks
    In `railway.json`/`railway.toml`, a service that serves HTTP needs `deploy.healthcheckPath`
    (the guide's `/health`): a path starting with `/`, not empty, not null. A service counts as
    serving HTTP when its start command shows it (uvicorn, gunicorn, hypercorn, granian,
    daphne, `fastapi run`, `flask run`, `next start`, or any command that uses `$PORT`) or
    when the `web_services` option names it; a cron service (`deploy.cronSchedule`) never
    does. Workers, bots and commands the rule cannot see inside (`npm start`, a Dockerfile's
    `CMD`) are not judged unless named in `web_services`. For every service,
    `deploy.healthcheckTimeout` must be a positive number of seconds (Railway's default is
    300).

    The policy's environment is judged on its effective config (the base plus its
    `environments.<name>` block); the blocks of other pre-production environments (`pr`,
    `qa`...) are judged where they set these keys. Production's block is the production
    policy's; a `development` block, like development env files, is not judged.

    ## Why
    Without a healthcheck Railway switches traffic to a new deployment as soon as the
    container starts: while the app is still booting, or after it crashed on a bad variable,
    staging answers 502s and the broken deploy replaces the working one. With a healthcheck
    Railway waits until the path answers 200 and keeps the old deployment otherwise. A timeout
    of zero or less fails every deploy.

    ## Example
    ```json path="backend/railway.json"
    {
      "$schema": "https://railway.com/railway.schema.json",
      "deploy": {
        "startCommand": "uvicorn app.main:app --host 0.0.0.0 --port $PORT",
        "healthcheckTimeout": 0
      }
    }
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {
      "$schema": "https://railway.com/railway.schema.json",
      "deploy": {
        "startCommand": "uvicorn app.main:app --host 0.0.0.0 --port $PORT",
        "healthcheckPath": "/health",
        "healthcheckTimeout": 100
      }
    }
    ```

    ## How to fix
    Add an endpoint that answers 200 once the app can serve (the guide's `/health`, or
    `/health/ready` that also checks the database and Redis) and set `healthcheckPath` to it;
    give `healthcheckTimeout` the seconds a cold start needs (the guide uses 100), or drop it
    to keep Railway's 300. If a service the rule judges is not a web server after all, list
    its config under `per-file-ignores` for SL601 in `[tool.stagelint]`.

    ## Guide
    Railway Backend Setup → Step 3 (`"healthcheckPath": "/health"`, `"healthcheckTimeout":
    100`); Monitoring Staging → Health Checks.
    """

    code = "SL601"
    name = "railway-healthcheck"
    default_severity = Severity.ERROR

    class Options(RuleOptions):
        web_services: tuple[str, ...] = ()
        """Railway services that serve HTTP although their start command does not show it
        (a Dockerfile's `CMD`, `npm start`): they need a healthcheck path too."""

    options: Options

    def check(self, ctx: Context) -> Iterator[Violation]:
        for service, config in railway_configs(ctx):
            for scope in scopes(ctx, config):
                yield from self._path(service, config, scope)
                yield from _timeout(service, config, scope)

    def _path(self, service: Service, config: RailwayConfig, scope: Scope) -> Iterator[Violation]:
        env = scope.environment
        cron = resolve(config, "deploy", "cronSchedule", env).value
        if isinstance(cron, str) and cron.strip():
            return
        start = resolve(config, "deploy", "startCommand", env)
        hint = web_server_hint(start.value) if isinstance(start.value, str) else None
        if hint is None and service.name not in self.options.web_services:
            return
        related: tuple[Related, ...] = ()
        if hint is not None and start.setting is not None:
            label = config.label("deploy", "startCommand", written="startCommand")
            related = (Related(start.setting.location, f"{label} {hint}"),)
        found = resolve(config, "deploy", "healthcheckPath", env)
        if found.setting is None:
            if scope.in_place:
                return  # the base config is judged with the policy's own environment
            yield Violation(
                message=(
                    f"no {config.label('deploy', 'healthcheckPath')} for {service.name}, a web "
                    "service: Railway sends traffic before the app answers; set it to a health "
                    "endpoint such as /health"
                ),
                location=config.key_location("deploy"),
                related=related,
                environment=start.block,
                service=service.name,
            )
            return
        if not judged(found, scope):
            return
        path = found.value
        if path is None:
            problem = "is null, which turns the healthcheck off"
        elif not isinstance(path, str):
            return  # a wrong type is SL003's
        elif not path.strip():
            problem = "is empty, which turns the healthcheck off"
        elif not path.startswith("/"):
            problem = "does not start with '/'"
        else:
            return
        assert found.setting is not None
        yield Violation(
            message=(
                f"{config.label('deploy', 'healthcheckPath')} {problem}; expected a path such as "
                "/health that answers 200 when the app is ready"
            ),
            location=found.setting.location,
            related=related,
            environment=found.block,
            service=service.name,
        )


def _timeout(service: Service, config: RailwayConfig, scope: Scope) -> Iterator[Violation]:
    found = resolve(config, "deploy", "healthcheckTimeout", scope.environment)
    if not judged(found, scope):
        return
    value = found.value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return  # null keeps Railway's default; other types are SL003's
    if isinstance(value, float) and not value.is_integer():
        return  # SL003: not a whole number of seconds
    if value > 0:
        return
    assert found.setting is not None
    yield Violation(
        message=(
            f"{config.label('deploy', 'healthcheckTimeout')} is {value:g}; expected a positive "
            "number of seconds (Railway's default is 300)"
        ),
        location=found.setting.location,
        environment=found.block,
        service=service.name,
    )
