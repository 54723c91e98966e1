"""SL503 missing-variable."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.deployment import EnvFile
from stagelint.model.diagnostics import Related, Severity, Violation
from stagelint.model.stack import evidence, respell
from stagelint.policy.context import Context
from stagelint.policy.expectations import names_of
from stagelint.policy.rule import Rule

from ._expectations import (
    PLATFORM_TITLES,
    by_service,
    first_definition,
    missing_required,
    templates_for,
)


class MissingVariable(Rule):
    """A variable the policy requires for the service's platform must be set.

    ## What it checks
    For every service that has at least one env file in the judged environment, each
    variable the policy marks `required` for the service's platform (`variables:` of
    `policies/staging.yaml`), and each `required_with` variable when one of the variables it
    names is set (not empty), must be defined in one of those files, under its name or a
    catalogue alias (`AUTH_SECRET` counts as `NEXTAUTH_SECRET`).

    Requirements follow what the project evidently uses (an expectation's `when:`): the
    staging pack asks a Railway service that runs Python (or shows no other language) for
    `PYTHON_ENV` and `DATABASE_URL`, for `REDIS_URL`, `JWT_SECRET_KEY`, `SESSION_SECRET` and
    `CSRF_SECRET` where its env files name that family (`*REDIS*`, `JWT_*`...), for
    `CORS_ORIGINS` where the project has a Vercel frontend; a Vercel service for
    `NEXT_PUBLIC_APP_URL` and `NEXT_PUBLIC_API_URL` where the project has a Railway service
    (or its templates name them), `NEXTAUTH_SECRET` where it uses NextAuth/Auth.js (a
    `next-auth` or `@auth/*` dependency, or any `NEXTAUTH_*`/`AUTH_*` variable), the
    `NEXT_PUBLIC_SANITY_*` pair where the project has a Sanity Studio or the service names
    any `*SANITY*` variable; and `SENTRY_ENVIRONMENT` with a Sentry DSN. A public variable
    is asked under the framework's prefix: `VITE_API_URL` of a Vite app, `REACT_APP_API_URL`
    of Create React App.

    A service without an env file in the judged environment keeps its variables in the
    platform's dashboard, where stagelint cannot see them: it is not judged. Likewise, when
    a service's files of the environment declare no secret at all (a committed
    `.env.production` of public defaults, as Next.js suggests), its secrets live in the
    dashboard: required secrets are not expected there, the other required variables are.

    A service of `.railway/railway.ts` is judged when it is the guide's kind of backend: its
    `start` command runs a Python web server (uvicorn, gunicorn, `fastapi run`...). The
    Railway expectations (`PYTHON_ENV`, `CORS_ORIGINS`...) describe the guide's FastAPI
    backend; a Next.js app or a worker that Railway runs needs other variables. A variable
    set with `preserve()`, a reference, or a value the file computes counts as set. A
    service whose definition declares no variable at all (what `railway config migrate`
    writes) keeps them in Railway, like a service without env files, and is not judged.

    The finding points at the start of the service's env file (at the `service(...)` call
    for an IaC service) and relates where the
    variable is defined in the comparison environment or documented in the service's
    template. A variable holding a placeholder is present: SL102 reports it. A service one
    of whose files could not be read or parsed is not judged (SL001 reports the file). A
    variable reported here is not named again by SL505 (environment-drift) as set in the
    comparison environment only.

    ## Why
    A missing variable fails late: the app starts, then crashes on the first request that
    needs the database, or silently runs with a default (no CORS origins, a development
    secret, Sentry filing staging errors as production).

    ## Example
    ```json path="frontend/vercel.json"
    {}
    ```
    ```json path="frontend/package.json"
    {"dependencies": {"next": "15.3.0", "next-auth": "4.24.11"}}
    ```
    ```dotenv path="frontend/.env.preview"
    NEXT_PUBLIC_APP_URL=https://staging.example-shop.com
    NEXT_PUBLIC_API_URL=https://api-staging.example-shop.com
    NEXT_PUBLIC_SANITY_PROJECT_ID=k7x9p2qd
    NEXT_PUBLIC_SANITY_DATASET=staging
    SANITY_API_TOKEN=skEiIBGPE-HFwmvqJKNgG_EvMoiD1ZzvPgfWuyKdtweQk6UpS_gwKROy1
    ```

    ## Use instead
    ```json path="frontend/vercel.json"
    {}
    ```
    ```json path="frontend/package.json"
    {"dependencies": {"next": "15.3.0", "next-auth": "4.24.11"}}
    ```
    ```dotenv path="frontend/.env.preview"
    NEXT_PUBLIC_APP_URL=https://staging.example-shop.com
    NEXT_PUBLIC_API_URL=https://api-staging.example-shop.com
    NEXTAUTH_SECRET=x9_d-LAlW3wljUtzFp7aaMOSvfZS-4fPqESs0IS9hvVwCkkhaiTi7r23LQg3iw-5
    NEXT_PUBLIC_SANITY_PROJECT_ID=k7x9p2qd
    NEXT_PUBLIC_SANITY_DATASET=staging
    SANITY_API_TOKEN=skEiIBGPE-HFwmvqJKNgG_EvMoiD1ZzvPgfWuyKdtweQk6UpS_gwKROy1
    ```

    ## How to fix
    Add the variable to the environment (in the platform's dashboard and in the env file
    that mirrors it). If your services do not need it, drop the expectation in a policy that
    extends this one: `variables: {railway: {REDIS_URL: null}}`.

    ## Guide
    Railway Step 4 and Vercel Step 4 (the environment tables); Pre-Deployment checklist (All
    environment variables set).
    """

    code = "SL503"
    name = "missing-variable"
    default_severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Violation]:
        compared = by_service(ctx.compared_env_files())
        templates = by_service(ctx.template_files())
        for missing in missing_required(ctx):
            expected, found, names = missing.expected, missing.found, missing.names
            expectation = expected.expectation
            title = PLATFORM_TITLES.get(expected.platform, expected.platform)
            who = f"{title} services"
            if not expectation.required:
                trigger = next(
                    key
                    for key in sorted(missing.triggers)
                    for other in expectation.required_with
                    if key in names_of(other, ctx.catalogue)
                )
                who = f"{title} services that set {trigger}"
            because = evidence(expectation.when, ctx.project, found, names)
            if because:
                who += " where " + " and ".join(because)
            why = f" ({expectation.reason})" if expectation.reason else ""
            key = respell(expected.key, found)
            service = missing.service
            yield Violation(
                message=(
                    f"{key} is not set in {ctx.environment}; the policy requires it for {who}{why}"
                ),
                location=missing.files[0].anchor(),
                related=self._related(
                    ctx, names, compared.get(service, []), templates.get(service, [])
                ),
                environment=ctx.environment,
                service=service,
                variable=key,
            )

    @staticmethod
    def _related(
        ctx: Context, names: frozenset[str], compared: list[EnvFile], templates: list[EnvFile]
    ) -> tuple[Related, ...]:
        found = first_definition(compared, names)
        if found is not None:
            return (Related(found.location, f"{found.key} is set in {ctx.compare_with}"),)
        documented = templates_for(templates, ctx.environment)
        generic = [t for t in templates if t.environment is None and t not in documented]
        found = first_definition(documented + generic, names)
        if found is not None:
            return (Related(found.location, f"{found.key} is documented in the template"),)
        return ()
