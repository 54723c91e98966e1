"""SL503 missing-variable."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.deployment import EnvFile, IacVariables, Variable
from stagelint.model.diagnostics import Related, Severity, Violation
from stagelint.model.stack import evidence, respell
from stagelint.policy.context import Context
from stagelint.policy.expectations import expectations_of, names_of
from stagelint.policy.fingerprint import holds_no_secret
from stagelint.policy.rule import Rule, literal

from ._expectations import (
    PLATFORM_TITLES,
    by_service,
    first_definition,
    platforms_of,
    stack_conditions,
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
    of whose files could not be read or parsed is not judged (SL001 reports the file).

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
        expectations = expectations_of(ctx.policy)
        compared = by_service(ctx.compared_env_files())
        templates = by_service(ctx.template_files())
        for service, files in by_service(ctx.judged_env_files()).items():
            platforms = platforms_of(ctx, service)
            if not platforms or not all(env_file.parsed for env_file in files):
                continue  # a file that could not be read may hold anything: SL001 says so
            present = {var.key for env_file in files for var in env_file.variables}
            if all(isinstance(f, IacVariables) for f in files) and not (
                present and _guide_backend(ctx, service)
            ):
                continue  # variables the IaC file does not declare live in Railway, as they
                # do for a service without env files (`railway config migrate` writes none)
            holds_secrets = any(
                ctx.catalogue.is_secret(var.key) and not _setting(var)
                for env_file in files
                for var in env_file.variables
            )
            found = ctx.project.services.get(service)
            applies = stack_conditions(ctx, service)
            # an empty SENTRY_DSN switches Sentry off: it asks for no SENTRY_ENVIRONMENT
            triggers = {
                var.key
                for env_file in files
                for var in env_file.variables
                if var.references or (var.value is not None and var.value)
            }
            for expected in expectations.required(platforms, triggers, ctx.catalogue, applies):
                names = names_of(expected.key, ctx.catalogue)
                names |= {respell(name, found) for name in names}
                if not present.isdisjoint(names):
                    continue
                if not holds_secrets and ctx.catalogue.is_secret(expected.key):
                    continue  # a file of public defaults: the secrets live in the dashboard
                expectation = expected.expectation
                title = PLATFORM_TITLES.get(expected.platform, expected.platform)
                who = f"{title} services"
                if not expectation.required:
                    trigger = next(
                        key
                        for key in sorted(triggers)
                        for other in expectation.required_with
                        if key in names_of(other, ctx.catalogue)
                    )
                    who = f"{title} services that set {trigger}"
                because = evidence(expectation.when, ctx.project, found, frozenset(names))
                if because:
                    who += " where " + " and ".join(because)
                why = f" ({expectation.reason})" if expectation.reason else ""
                key = respell(expected.key, found)
                yield Violation(
                    message=(
                        f"{key} is not set in {ctx.environment}; the policy requires "
                        f"it for {who}{why}"
                    ),
                    location=files[0].anchor(),
                    related=self._related(
                        ctx, names, compared.get(service, []), templates.get(service, [])
                    ),
                    environment=ctx.environment,
                    service=service,
                    variable=key,
                )

    @staticmethod
    def _related(
        ctx: Context, names: set[str], compared: list[EnvFile], templates: list[EnvFile]
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


def _setting(var: Variable) -> bool:
    """A boolean or a number under a secret-sounding name (``ADMIN_AUTO_GENERATE_PASSWORD=
    false``): a setting, which does not make its file one that holds secrets."""
    text = literal(var)
    return text is not None and bool(text.strip()) and holds_no_secret(text)


def _guide_backend(ctx: Context, name: str) -> bool:
    """Whether an IaC service starts a Python web server in the judged environment."""
    from ._platforms import find_servers

    service = ctx.project.services.get(name)
    iac = service.iac if service is not None else None
    if iac is None:
        return False
    found = iac.setting("environments", ctx.environment, "deploy", "startCommand")
    return found is not None and isinstance(found.value, str) and bool(find_servers(found.value))
