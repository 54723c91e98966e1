"""SL204 sanity-project-mismatch."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.diagnostics import Related, Severity, Violation
from stagelint.model.values import is_placeholder, looks_random
from stagelint.policy.context import Context
from stagelint.policy.facts import judged_literal
from stagelint.policy.rule import Rule

from ._modes import SanitySetting, is_project_id, role_names, sanity_settings


class SanityProjectMismatch(Rule):
    """Env files must name the Sanity project that the Sanity config uses.

    ## What it checks
    In the judged environment, every `NEXT_PUBLIC_SANITY_PROJECT_ID` and
    `SANITY_STUDIO_PROJECT_ID` (and aliases), in any service, against the `projectId` of the
    project's `sanity.config.*`/`sanity.cli.*` files, resolved as the deploy resolves it (a
    literal, else the config's service's env files, else the default). Project ids compare
    case-insensitively; a Studio with several workspaces may use several projects, and a
    variable matching any of them is fine. Placeholders (SL102), references and config
    values that cannot be read are not compared.

    ## Why
    The Studio writes content to the project in its config; a frontend or backend reading
    another project shows other (or no) content, and its tokens, CORS origins and webhooks
    belong to the wrong project. Nothing fails loudly: queries just return nothing.

    ## Example
    ```ts path="studio/sanity.config.ts"
    import {defineConfig} from 'sanity'

    export default defineConfig({
      projectId: 'k7x9p2qd',
      dataset: 'staging',
    })
    ```
    ```json path="frontend/vercel.json"
    {}
    ```
    ```dotenv path="frontend/.env.preview"
    NEXT_PUBLIC_SANITY_PROJECT_ID=m3w8z1rc
    NEXT_PUBLIC_SANITY_DATASET=staging
    ```

    ## Use instead
    ```ts path="studio/sanity.config.ts"
    import {defineConfig} from 'sanity'

    export default defineConfig({
      projectId: 'k7x9p2qd',
      dataset: 'staging',
    })
    ```
    ```json path="frontend/vercel.json"
    {}
    ```
    ```dotenv path="frontend/.env.preview"
    NEXT_PUBLIC_SANITY_PROJECT_ID=k7x9p2qd
    NEXT_PUBLIC_SANITY_DATASET=staging
    ```

    ## How to fix
    Copy the project id from sanity.io/manage (or `npx sanity debug --secrets`) into every
    env file, or read the config's `projectId` from the same variable
    (`process.env.SANITY_STUDIO_PROJECT_ID`) so that there is one source.

    ## Guide
    Sanity CMS Staging Setup → Step 2 (`projectId` in sanity.config.ts); Railway Step 4 and
    Vercel Step 4 → Sanity CMS (`NEXT_PUBLIC_SANITY_PROJECT_ID`).
    """

    code = "SL204"
    name = "sanity-project-mismatch"
    default_severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Violation]:
        configured: dict[str, SanitySetting] = {}
        for setting in sanity_settings(ctx, "project_id", ctx.environment):
            if not is_placeholder(setting.text):
                configured.setdefault(setting.text.strip().lower(), setting)
        if not configured:
            return
        keys = role_names(ctx, "sanity-project-id")
        for env_file, var in ctx.judged_bindings(keys):
            text = judged_literal(var)
            if text is None or text.strip().lower() in configured:
                continue
            yield Violation(
                message=(
                    f"{var.key} is {_quote(text)} but the Sanity config uses "
                    f"{_projects(configured)}; every service reads the Studio's project"
                ),
                location=var.location,
                related=tuple(
                    Related(setting.location, _describe(setting)) for setting in configured.values()
                ),
                environment=env_file.environment,
                service=env_file.service,
                variable=var.key,
            )


def _describe(setting: SanitySetting) -> str:
    if setting.via is not None:
        return f"projectId of {setting.file_name}, from {setting.via.key}"
    if setting.from_default:
        return f"projectId of {setting.file_name} (its default)"
    return f"projectId of {setting.file_name}"


def _quote(project_id: str) -> str:
    """Project ids are public: quoted when they look like one, described otherwise."""
    text = project_id.strip()
    if looks_random(text):  # a project id is 8 characters; a pasted secret is not shown
        return "not a Sanity project id"
    return f"'{text}'" if is_project_id(text) else "not a Sanity project id"


def _projects(configured: dict[str, SanitySetting]) -> str:
    names = [
        f"'{setting.text.strip()}'" if is_project_id(setting.text.strip()) else "(not an id)"
        for setting in configured.values()
    ]
    if len(names) == 1:
        return f"project {names[0]}"
    return "projects " + ", ".join(names)
