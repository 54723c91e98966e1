"""SL109 predictable-secret."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.deployment import IacVariable, IacVariables, Location
from stagelint.model.diagnostics import Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule

from ._secrets import config_key_name, is_secret_key


class PredictableSecret(Rule):
    """A secret that anyone with the repository can compute: `ctx.randomString(...)`.

    ## What it checks
    In `.railway/railway.ts`, a secret variable (by the catalogue's definition:
    `JWT_SECRET_KEY`, `SESSION_SECRET`, `*_TOKEN`, `*_PASSWORD`...) whose value is
    `ctx.randomString(label, bytes)`, on any branch of the file (not only in the
    environments the policy evaluates), written directly or through `{ value: ... }`, a
    constant or a helper. Railway's SDK does not draw that value at random: it computes
    `sha256("railway-iac:<environment>:<label>")` in hexadecimal, truncated to `2 * bytes`
    characters (railwayapp/railway-ts-sdk `createRailwayContext`; the Python and Go SDKs do
    the same). `preserve()` and Railway's own generator (`{ generator: "secret(32)" }`) are
    not judged. stagelint never computes the value.

    ## Why
    The label and the environment's name are in the committed file, so the "secret" is as
    public as the repository: anyone who can read it can sign session tokens, forge JWTs or
    verify webhooks as the service does. Its length does not help (SL101 does not judge it),
    and every clone of the template or fork that keeps the label shares the same value.

    ## Example
    ```ts path=".railway/railway.ts"
    import { defineRailway, project, service } from "railway/iac";

    export default defineRailway((ctx) => {
      const api = service("api", {
        env: { SESSION_SECRET: { value: ctx.randomString("session", 32) } },
      });
      return project("shop", { resources: [api] });
    });
    ```

    ## Use instead
    ```ts path=".railway/railway.ts"
    import { defineRailway, preserve, project, service } from "railway/iac";

    export default defineRailway(() => {
      const api = service("api", { env: { SESSION_SECRET: preserve() } });
      return project("shop", { resources: [api] });
    });
    ```

    ## How to fix
    Write `preserve()` for the variable and set a random value in Railway for each
    environment (`openssl rand -base64 48`, then the service's Variables tab or `railway
    variables --set`). Rotate the current value: it was computable by anyone who read the
    file.

    ## Guide
    Security Considerations → Secrets Management (`<generate-strong-staging-secret-32chars+>`:
    a secret is generated, not derived from something public).
    """

    code = "SL109"
    name = "predictable-secret"
    default_severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Violation]:
        seen: set[Location] = set()
        catalogue = ctx.catalogue
        for iac_file in ctx.project.iac_files:
            name = iac_file.path.rsplit("/", 1)[-1]
            for call in iac_file.random_strings:
                if call.location in seen or call.key is None:
                    continue
                if not is_secret_key(catalogue, config_key_name(call.key)):
                    continue
                seen.add(call.location)
                yield _violation(name, call.key, call.location, call.service)
        for env_file in ctx.project.env_files:  # what evaluation found through other names
            if not isinstance(env_file, IacVariables):
                continue
            name = env_file.path.rsplit("/", 1)[-1]
            for var in env_file.variables:
                if not isinstance(var, IacVariable) or var.origin != "derived":
                    continue
                if var.value_location in seen or not is_secret_key(catalogue, var.key):
                    continue
                seen.add(var.value_location)
                yield _violation(name, var.key, var.value_location, env_file.service)


def _violation(name: str, key: str, location: Location, service: str | None) -> Violation:
    return Violation(
        message=(
            f"{key} is ctx.randomString(...), which Railway's SDK computes from its label and "
            f"the environment's name: anyone who can read {name} can compute it; write "
            "preserve() and set a random value in Railway"
        ),
        location=location,
        service=service,
        variable=key,
    )
