"""SL611 railway-duplicate-resource."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.deployment import IacResource, Location
from stagelint.model.diagnostics import Related, Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule

_SERVICES = frozenset({"service", "database"})
"""Kinds Railway keeps as services of the environment, by name."""


class RailwayDuplicateResource(Rule):
    """Two resources of `.railway/railway.ts` with one name: Railway refuses to plan the file.

    ## What it checks
    The resources the IaC file returns, in each environment the policy evaluates: two
    `service("api", ...)` calls (or two `postgres("db")`, two `volume("data")`...) give
    the same resource address, which Railway's CLI rejects ("Duplicate resource address"
    in `railway config plan`); a service and a database of the same name collide too,
    since Railway keys both by name among the environment's services, so one silently
    replaces the other. The finding stands at the second declaration, with the first as
    related. The same value listed twice (`resources: [api, api]`) is one resource.

    ## Why
    `railway config plan` and `apply` stop on the whole file: no service of the project
    gets its settings or variables until the names are unique. When a copied block keeps
    the name of the service it came from, the one the team meant to configure is not the
    one Railway would change.

    ## Example
    ```ts path=".railway/railway.ts"
    import { defineRailway, project, service } from "railway/iac";

    export default defineRailway(() => {
      const api = service("api", { start: "node server.js" });
      const worker = service("api", { start: "node worker.js" });
      return project("shop", { resources: [api, worker] });
    });
    ```

    ## Use instead
    ```ts path=".railway/railway.ts"
    import { defineRailway, project, service } from "railway/iac";

    export default defineRailway(() => {
      const api = service("api", { start: "node server.js" });
      const worker = service("worker", { start: "node worker.js" });
      return project("shop", { resources: [api, worker] });
    });
    ```

    ## How to fix
    Give each resource its own name (the name Railway shows for it: renaming an existing
    service in the file makes Railway plan a new one, so rename the copy, not the
    original).

    ## Guide
    Railway Backend Setup → Step 3 (one configuration per service; `.railway/railway.ts`
    replaces the guide's `railway.json`).
    """

    code = "SL611"
    name = "railway-duplicate-resource"
    default_severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Violation]:
        seen: set[Location] = set()
        for iac_file in ctx.project.iac_files:
            for evaluated in iac_file.environments.values():
                first: dict[tuple[str, str], IacResource] = {}
                for resource in evaluated.resources:
                    group = "service" if resource.kind in _SERVICES else resource.kind
                    earlier = first.setdefault((group, resource.name), resource)
                    if earlier is resource or resource.location in seen:
                        continue
                    seen.add(resource.location)
                    yield _duplicate(earlier, resource)


def _duplicate(earlier: IacResource, resource: IacResource) -> Violation:
    name = resource.name
    if earlier.kind == resource.kind:
        what = f'a second {resource.kind} named "{name}"'
        effect = "Railway refuses to plan two resources with one address"
    else:
        what = f'a {resource.kind} named "{name}" like the {earlier.kind} before it'
        effect = "Railway keeps both by name among the services, and one replaces the other"
    where = earlier.location
    return Violation(
        message=f"{what}: {effect}; give each its own name",
        location=resource.location,
        related=(Related(where, f'the first "{name}" ({earlier.kind})'),),
        service=name if resource.kind == "service" else None,
    )
