"""SL606 deprecated-builder."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.diagnostics import Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule

from ._platforms import judged, railway_configs, resolve, scopes

REPLACEMENTS = {"NIXPACKS": "RAILPACK", "HEROKU": "RAILPACK", "PAKETO": "RAILPACK"}
"""Builders Railway deprecated, and the builder that replaces each."""


class DeprecatedBuilder(Rule):
    """A Railway service must not build with a builder Railway has deprecated.

    ## What it checks
    `build.builder` in `railway.json`/`railway.toml`, in any case (`"nixpacks"` in TOML files
    too): `NIXPACKS`, and the legacy `HEROKU` and `PAKETO` buildpacks, are deprecated in
    favour of `RAILPACK`, Railway's default. `DOCKERFILE` and `RAILPACK` are fine; unknown
    values are SL003's. Environments are judged as for SL601: the policy's effective config,
    plus what other pre-production blocks (`pr`...) set; production's block is the
    production policy's.

    ## Why
    Railway no longer develops the deprecated builders: new language versions and security
    fixes reach Railpack only, and a staging service on Nixpacks does not build the way a
    new production service does. Moving staging first is how the switch gets tested.

    ## Example
    ```toml path="backend/railway.toml"
    [build]
    builder = "nixpacks"
    buildCommand = "uv pip install -e ."
    ```

    ## Use instead
    ```toml path="backend/railway.toml"
    [build]
    builder = "RAILPACK"
    buildCommand = "uv pip install -e ."
    ```

    ## How to fix
    Set `"builder": "RAILPACK"` (or drop the key: Railpack is the default) and remove the
    Nixpacks-only settings (`nixpacksPlan`, `nixpacksConfigPath`, `nixpacksVersion`,
    `nixpacks.toml`); check the build log of a staging deploy before production follows.

    ## Guide
    Railway Backend Setup → Step 3 (the guide's `railway.json` still shows `"builder":
    "NIXPACKS"`; use `RAILPACK` in its place).
    """

    code = "SL606"
    name = "deprecated-builder"
    default_severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Violation]:
        for service, config in railway_configs(ctx):
            for scope in scopes(ctx, config):
                found = resolve(config, "build", "builder", scope.environment)
                if not judged(found, scope) or not isinstance(found.value, str):
                    continue
                replacement = REPLACEMENTS.get(found.value.upper())
                if replacement is None:
                    continue
                assert found.setting is not None
                yield Violation(
                    message=(
                        f"{config.label('build', 'builder')} {found.value!r} is deprecated by "
                        f"Railway; use {replacement!r}"
                    ),
                    location=found.setting.location,
                    environment=found.block,
                    service=service.name,
                )
