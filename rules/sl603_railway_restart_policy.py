"""SL603 railway-restart-policy."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.deployment import RailwayConfig, Service
from stagelint.model.diagnostics import Related, Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule

from ._platforms import Scope, judged, railway_configs, resolve, scopes


class RailwayRestartPolicy(Rule):
    """A Railway service must restart when it crashes, a bounded number of times.

    ## What it checks
    `deploy.restartPolicyType` in `railway.json`/`railway.toml`, in any case (`"never"` in
    TOML files too): `NEVER` is a finding; `ON_FAILURE` needs `restartPolicyMaxRetries` (in
    the same block or the base config), and a maximum below 1 is a finding too. `ALWAYS`
    and a missing policy are fine. Environments are judged as for SL601: the policy's
    effective config, plus what other pre-production blocks (`pr`...) set; production's
    block is the production policy's.

    ## Why
    With `NEVER`, one crash (an out-of-memory kill, a lost database connection at boot)
    leaves staging down until someone redeploys by hand, and the next tester finds it dead.
    `ON_FAILURE` without a maximum leaves the retry budget to dashboard settings nobody
    reviews; the guide pins it to 10.

    ## Example
    ```toml path="backend/railway.toml"
    [deploy]
    startCommand = "uvicorn app.main:app --host 0.0.0.0 --port $PORT"
    healthcheckPath = "/health"
    restartPolicyType = "on_failure"
    ```

    ## Use instead
    ```toml path="backend/railway.toml"
    [deploy]
    startCommand = "uvicorn app.main:app --host 0.0.0.0 --port $PORT"
    healthcheckPath = "/health"
    restartPolicyType = "ON_FAILURE"
    restartPolicyMaxRetries = 10
    ```

    ## How to fix
    Use `"restartPolicyType": "ON_FAILURE"` with `"restartPolicyMaxRetries": 10`, as the
    guide does, or `ALWAYS` for a worker that must never stay down (`ALWAYS` is not
    available on Railway's Free plan or trial; `ON_FAILURE` with 10 retries is Railway's
    default). In `.railway/railway.ts` these are `deploy: { restartPolicyType:
    "ON_FAILURE", restartPolicyMaxRetries: 10 }` in the `service()` options (a
    `restartPolicy: {type, maxRetries}` key is ignored by Railway's SDK: SL002).

    ## Guide
    Railway Backend Setup → Step 3 (`"restartPolicyType": "ON_FAILURE"`,
    `"restartPolicyMaxRetries": 10`).
    """

    code = "SL603"
    name = "railway-restart-policy"
    default_severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Violation]:
        for service, config in railway_configs(ctx):
            for scope in scopes(ctx, config):
                yield from _check(service, config, scope)


def _check(service: Service, config: RailwayConfig, scope: Scope) -> Iterator[Violation]:
    env = scope.environment
    policy = resolve(config, "deploy", "restartPolicyType", env)
    retries = resolve(config, "deploy", "restartPolicyMaxRetries", env)
    kind = policy.value.upper() if isinstance(policy.value, str) else None
    policy_label = config.label("deploy", "restartPolicyType")
    retries_label = config.label("deploy", "restartPolicyMaxRetries")
    if kind == "NEVER" and judged(policy, scope):
        assert policy.setting is not None
        yield Violation(
            message=(
                f"{policy_label} is {policy.value!r}: a crashed service stays down until "
                "someone redeploys; expected ON_FAILURE with restartPolicyMaxRetries"
            ),
            location=policy.setting.location,
            environment=policy.block,
            service=service.name,
        )
    elif kind == "ON_FAILURE" and retries.value is None and judged(policy, scope):
        assert policy.setting is not None
        yield Violation(
            message=(
                f"{policy_label} is {policy.value!r} without restartPolicyMaxRetries; set how "
                "many restarts to try, e.g. 10"
            ),
            location=policy.setting.location,
            environment=policy.block,
            service=service.name,
        )
    elif kind == "ON_FAILURE" and judged(retries, scope):
        value = retries.value
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value >= 1:
            return  # other types are SL003's
        assert retries.setting is not None and policy.setting is not None
        yield Violation(
            message=(
                f"{retries_label} is {value:g}: ON_FAILURE then never restarts; expected at "
                "least 1, e.g. 10"
            ),
            location=retries.setting.location,
            related=(Related(policy.setting.location, "restartPolicyType is ON_FAILURE"),),
            environment=retries.block,
            service=service.name,
        )
