"""SL609 deprecated-sanity-option."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.diagnostics import Related, Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule

DEPRECATED: dict[tuple[str, ...], tuple[tuple[str, ...], str]] = {
    ("studioHost",): (
        ("deployment", "appId"),
        "the Studio's application ID, printed by `sanity deploy` and listed under the "
        "project's Studios at sanity.io/manage",
    ),
    ("autoUpdates",): (("deployment", "autoUpdates"), "the same true or false"),
    ("app", "id"): (("deployment", "appId"), "the same application ID"),
}
"""Deprecated ``sanity.cli.*`` option -> (its replacement, what the replacement takes).
Source: sanity-io/cli ``packages/@sanity/cli-core/src/config/cli/types/cliConfig.ts``
(``@deprecated Use deployment.appId`` / ``Use deployment.autoUpdates``)."""


class DeprecatedSanityOption(Rule):
    """`sanity.cli.*` must not use options Sanity has deprecated.

    ## What it checks
    The options of `defineCliConfig({...})` in `sanity.cli.ts` (`.js`, `.mjs`):
    `studioHost` and `app.id` are deprecated in favour of `deployment.appId`, and the
    top-level `autoUpdates` in favour of `deployment.autoUpdates`. Each one written is a
    finding at its key, related to the replacement when the file already sets it. Options
    the file computes where stagelint cannot see (a spread of an import) are not judged.
    The config serves every environment, so every policy judges it.

    ## Why
    Sanity's CLI reads the deployment settings from `deployment` now: a Studio configured
    with the old keys deploys and updates the way the old CLI did, until a CLI release stops
    reading them and a staging deploy suddenly goes to a new hostname, or stops updating
    itself. Moving them while both are read is how the change gets tested.

    ## Example
    ```typescript path="studio/sanity.cli.ts"
    import {defineCliConfig} from 'sanity/cli'

    export default defineCliConfig({
      api: {projectId: 'k7x9p2qd', dataset: 'staging'},
      studioHost: 'example-shop-staging',
      autoUpdates: true,
    })
    ```

    ## Use instead
    ```typescript path="studio/sanity.cli.ts"
    import {defineCliConfig} from 'sanity/cli'

    export default defineCliConfig({
      api: {projectId: 'k7x9p2qd', dataset: 'staging'},
      deployment: {appId: 'q5cv1xu9k2m0r7st', autoUpdates: true},
    })
    ```

    ## How to fix
    Run `sanity deploy` once to learn the Studio's application ID (or look it up under the
    project's Studios at sanity.io/manage), set `deployment: {appId, autoUpdates}`, and
    remove `studioHost`, `app.id` and the top-level `autoUpdates`.

    ## Guide
    Sanity CMS Staging Setup (deploying the Studio; the guide predates `deployment`).
    """

    code = "SL609"
    name = "deprecated-sanity-option"
    default_severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Violation]:
        for service in ctx.project.services.values():
            for config in service.sanity:
                if config.kind != "cli":
                    continue
                for option, (replacement, takes) in DEPRECATED.items():
                    where = config.options.get(option)
                    if where is None:
                        continue
                    old, new = ".".join(option), ".".join(replacement)
                    already = config.options.get(replacement)
                    message = f"{old} is deprecated by Sanity; use {new} ({takes})"
                    related: tuple[Related, ...] = ()
                    if already is not None:
                        message = f"{old} is deprecated by Sanity and {new} is set: remove {old}"
                        related = (Related(already, f"{new} is set here"),)
                    yield Violation(
                        message=message,
                        location=where,
                        related=related,
                        service=service.name,
                    )
