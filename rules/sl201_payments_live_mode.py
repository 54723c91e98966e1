"""SL201 payments-live-mode."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from stagelint.diagnostics import Related, Severity, Violation
from stagelint.model import Location
from stagelint.rule import Context, Rule, RuleOptions, literal
from stagelint.values import parse_bool

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

    @dataclass(frozen=True)
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
        for service, bindings in ctx.project.variables(environment).items():
            key_var = next(
                (bindings[k] for k in sorted(api_keys) if k in bindings and bindings[k].value),
                None,
            )
            if key_var is None:
                continue
            flags = [bindings[k] for k in sorted(test_modes) if k in bindings]
            if not flags:
                yield Violation(
                    message=(
                        f"{flag} is missing in {service}, which calls Lemon Squeezy's API with "
                        f"{key_var.key}; set it to {word} in {environment}"
                    ),
                    location=Location.at(key_var.location.path),
                    related=(
                        Related(key_var.location, f"{key_var.key} is set here"),
                        *_defined_elsewhere(ctx, service, test_modes),
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


def _defined_elsewhere(ctx: Context, service: str, keys: frozenset[str]) -> list[Related]:
    """Where the test-mode flag is defined outside the service's judged files: the same
    service first (another environment, its template), then other services."""
    found: list[tuple[bool, str, Related]] = []
    for env_file in ctx.project.env_files:
        judged = not env_file.template and env_file.environment == ctx.environment
        if judged and env_file.service == service:
            continue
        other = env_file.service != service
        for var in env_file.effective().values():
            if var.key in keys:
                where = "the template" if env_file.template else str(env_file.environment)
                if other:
                    where = f"{env_file.service} ({where})"
                found.append((other, env_file.path, Related(var.location, f"{var.key} in {where}")))
    found.sort(key=lambda item: (item[0], item[1]))
    return [related for _, _, related in found[:1]]
