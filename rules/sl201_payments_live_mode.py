"""SL201 payments-live-mode."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.deployment import EnvFile, Location, Variable
from stagelint.model.diagnostics import Related, Severity, Violation
from stagelint.model.values import parse_bool
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule, RuleOptions, literal

from ._modes import canonical_name, role_names


class PaymentsLiveMode(Rule):
    """A service that calls Lemon Squeezy's API must run in test mode in staging.

    ## What it checks
    Every service that talks to Lemon Squeezy's API (its env files in the judged environment
    set `LEMON_SQUEEZY_API_KEY` or an alias) must set `LEMON_SQUEEZY_TEST_MODE` to true in
    staging. A missing flag, `false`, or a value that is not a boolean is a finding. The
    production policy inverts the rule (`expect_test_mode: false`): production must set the
    flag to false. References (`${{shared.LEMON_SQUEEZY_TEST_MODE}}`) are resolved by
    Railway and are not judged.

    ## Why
    Lemon Squeezy keeps test-mode and live data apart, and API keys are per mode. A staging
    backend in live mode takes real cards from testers, creates real orders and sends real
    receipts; a production backend left in test mode sells nothing.

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    LEMON_SQUEEZY_TEST_MODE=false
    LEMON_SQUEEZY_API_KEY=${{shared.LEMON_SQUEEZY_API_KEY}}
    LEMON_SQUEEZY_STORE_ID=48213
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    LEMON_SQUEEZY_TEST_MODE=true
    LEMON_SQUEEZY_API_KEY=${{shared.LEMON_SQUEEZY_API_KEY}}
    LEMON_SQUEEZY_STORE_ID=48213
    ```

    ## How to fix
    Set `LEMON_SQUEEZY_TEST_MODE=true` in every staging service that holds a Lemon Squeezy
    API key, and use a test-mode API key there (toggle "Test Mode" in the dashboard before
    creating it). In production set it to `false` with a live key.

    ## Guide
    Railway Step 4 → Lemon Squeezy (TEST MODE); Lemon Squeezy Staging Setup → Step 1 (Enable
    Test Mode); Security Considerations → Data Protection ("No real payment processing").
    """

    code = "SL201"
    name = "payments-live-mode"
    default_severity = Severity.ERROR

    class Options(RuleOptions):
        expect_test_mode: bool = True
        """The value `LEMON_SQUEEZY_TEST_MODE` must hold in the judged environment: true in
        staging, false in production (the production policy sets it)."""

    options: Options

    def check(self, ctx: Context) -> Iterator[Violation]:
        api_keys = role_names(ctx, "payments-api-key")
        test_modes = role_names(ctx, "payments-test-mode")
        flag = canonical_name(ctx, "payments-test-mode", "LEMON_SQUEEZY_TEST_MODE")
        expected = self.options.expect_test_mode
        word = "true" if expected else "false"
        environment = ctx.environment
        elsewhere: _FlagIndex | None = None
        for service, bindings in ctx.project.variables(environment).items():
            key_var = next(
                (bindings[k] for k in sorted(api_keys) if k in bindings and bindings[k].value),
                None,
            )
            if key_var is None:
                continue
            flags = [bindings[k] for k in sorted(test_modes) if k in bindings]
            if not flags:
                if elsewhere is None:
                    elsewhere = _FlagIndex(ctx, test_modes)
                yield Violation(
                    message=(
                        f"{flag} is missing in {service}, which calls Lemon Squeezy's API with "
                        f"{key_var.key}; set it to {word} in {environment}"
                    ),
                    location=Location.at(key_var.location.path),
                    related=(
                        Related(key_var.location, f"{key_var.key} is set here"),
                        *elsewhere.defined_elsewhere(ctx, service),
                    ),
                    environment=environment,
                    service=service,
                    variable=flag,
                )
                continue
            for var in flags:
                text = literal(var)
                if text is None:
                    continue
                value = parse_bool(text)
                if value is None:
                    message = f"{var.key} is not a boolean; expected {word} in {environment}"
                elif value == expected:
                    continue
                elif expected:
                    message = (
                        f"{var.key} is false in {environment}: payments run in live mode and "
                        "charge real cards; expected true"
                    )
                else:
                    message = (
                        f"{var.key} is true in {environment}: payments stay in test mode and "
                        "no real order is charged; expected false"
                    )
                yield Violation(
                    message=message,
                    location=var.location,
                    environment=environment,
                    service=service,
                    variable=var.key,
                )


class _FlagIndex:
    """Where the test-mode flag is defined, sorted by file path once per check.

    Each service that lacks the flag relates one definition elsewhere; walking every env
    file of the project for each of them grew with the square of the services (566 such
    services of 1,000 took 13 s)."""

    def __init__(self, ctx: Context, keys: frozenset[str]) -> None:
        found = [
            (env_file.path, order, env_file, var)
            for order, (env_file, var) in enumerate(
                (env_file, var)
                for env_file in ctx.project.env_files
                for var in env_file.effective().values()
                if var.key in keys
            )
        ]
        found.sort(key=lambda entry: (entry[0], entry[1]))
        self.entries = [(env_file, var) for _, _, env_file, var in found]
        self.by_service: dict[str, list[tuple[EnvFile, Variable]]] = {}
        for env_file, var in self.entries:
            self.by_service.setdefault(env_file.service, []).append((env_file, var))

    def defined_elsewhere(self, ctx: Context, service: str) -> list[Related]:
        """The first definition outside the service's judged files: the same service first
        (another environment, its template), then other services; by path, then file
        order."""
        for env_file, var in self.by_service.get(service, ()):
            if env_file.template or env_file.environment != ctx.environment:
                return [_related(env_file, var, other=False)]
        for env_file, var in self.entries:
            if env_file.service != service:
                return [_related(env_file, var, other=True)]
        return []


def _related(env_file: EnvFile, var: Variable, other: bool) -> Related:
    where = "the template" if env_file.template else str(env_file.environment)
    if other:
        where = f"{env_file.service} ({where})"
    return Related(var.location, f"{var.key} in {where}")
