"""SL608 vercel-config-conflict."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.deployment import Location
from stagelint.model.diagnostics import Related, Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule


class VercelConfigConflict(Rule):
    """A folder must hold at most one Vercel config file.

    ## What it checks
    A folder holding more than one of `vercel.json`, `vercel.toml`, `vercel.ts`,
    `vercel.mts`, `vercel.js`, `vercel.mjs` and `vercel.cjs`. The first in that order is the
    service's config; each further file is one finding, at its first line, related to the
    first. stagelint still reads and judges every one of them.

    ## Why
    The Vercel CLI refuses to build such a folder ("Multiple vercel config files found" or
    "Multiple config files found: vercel.json, vercel.toml. Please use only one
    configuration method."): every deployment of the project fails, staging and production
    alike. It happens while migrating from `vercel.json` to `vercel.ts` or `vercel.toml`.

    ## Example
    ```json path="frontend/vercel.json"
    {"framework": "nextjs", "regions": ["iad1"]}
    ```
    ```toml path="frontend/vercel.toml"
    framework = "nextjs"
    regions = ["iad1"]
    ```

    ## Use instead
    ```toml path="frontend/vercel.toml"
    framework = "nextjs"
    regions = ["iad1"]
    ```

    ## How to fix
    Keep one file: finish the migration by deleting the old one (settings that exist only
    in the old file must move to the new one first).

    ## Guide
    Vercel Frontend Setup → Step 3 (one `vercel.json` per frontend; Vercel now also reads
    `vercel.ts` and `vercel.toml`, one of them at a time).
    """

    code = "SL608"
    name = "vercel-config-conflict"
    default_severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Violation]:
        for service in ctx.project.services.values():
            if service.vercel is None or not service.vercel_others:
                continue
            first = service.vercel.path
            first_name = first.rsplit("/", 1)[-1]
            for other in service.vercel_others:
                name = other.path.rsplit("/", 1)[-1]
                yield Violation(
                    message=(
                        f"{name} and {first_name} both configure this Vercel project; the "
                        "Vercel CLI refuses to build a folder with more than one config "
                        f"file: keep one"
                    ),
                    location=Location.at(other.path),
                    related=(Related(Location.at(first), f"{first_name} is here"),),
                    service=service.name,
                )
