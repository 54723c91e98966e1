"""SL610 railway-iac-not-read."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.deployment import Location
from stagelint.model.diagnostics import Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule


class RailwayIacNotRead(Rule):
    """A `.railway/railway.py` or `.railway/railway.go` that stagelint does not read.

    ## What it checks
    Railway's infrastructure as code may be written in TypeScript or JavaScript
    (`.railway/railway.ts`, `.mts`, `.cts`, `.js`, `.mjs`, `.cjs`), which stagelint reads
    statically, or in Python or Go (`.railway/railway.py`, `.railway/railway.go`, beta on
    Railway), which it does not read. This informational finding says so, once per file:
    the services, settings and variables that file declares are not checked.

    ## Why
    A clean run should not read as "the Railway configuration passed" when stagelint never
    looked at it.

    ## Example
    ```python path=".railway/railway.py"
    from railway_iac import service, project


    def main():
        return project("shop", resources=[service("api", start="uvicorn app:app")])
    ```

    ## Use instead
    ```ts path=".railway/railway.ts"
    import { defineRailway, project, service } from "railway/iac";

    export default defineRailway(() =>
      project("shop", { resources: [service("api", { start: "uvicorn app:app" })] }),
    );
    ```

    ## How to fix
    Nothing is wrong with the file. To have its settings checked, write the project's IaC in
    TypeScript (the mature surface of Railway's IaC), or silence this finding with
    `--ignore SL610` (or `SL610: off` in a policy).

    ## Guide
    Railway Backend Setup → Step 3 (the guide's `railway.json`, which `.railway/railway.*`
    replaces).
    """

    code = "SL610"
    name = "railway-iac-not-read"
    default_severity = Severity.INFO

    def check(self, ctx: Context) -> Iterator[Violation]:
        for iac_file in ctx.project.iac_files:
            if iac_file.read:
                continue
            yield Violation(
                message=(
                    f"{iac_file.path} is Railway infrastructure as code in {iac_file.language}, "
                    "which stagelint does not read: the services and variables it declares are "
                    "not checked (stagelint reads .railway/railway.ts)"
                ),
                location=Location.at(iac_file.path),
            )
