#!/usr/bin/env python3
"""Synthetic monorepos for the performance benchmark: N services of the staging guide's kind.

Usage (from the repository root)::

    .venv/bin/python benchmarks/generate.py 1 10 100 1000 [--out benchmarks/.generated]

Each size is written to ``<out>/services-<N>/`` (``benchmarks/.generated/`` is git-ignored).
The mix follows the guide's setup: about 55% Railway backends (``railway.json``), 45% Vercel
frontends (``vercel.json``), a quarter of which embed a Sanity Studio (``sanity.config.ts``,
some with ``sanity.cli.ts``). Every service has ``.env.staging`` (``.env.preview`` for some
frontends, Vercel's name for the same scope), ``.env.production`` and ``.env.example``
with about 40 variables each: URLs, generated and vendor secrets, platform references
(``${{Redis.REDIS_URL}}``), numbers and flags, with comments and blank lines like
hand-written files. Plus a ``package.json``/``pyproject.toml`` and a source file per
service, so that discovery walks more than config files.

``--singles`` also writes ``single-railway/``, ``single-vercel/`` and ``single-sanity/``: the
first service of each kind alone (the start-up benchmark against yamllint on its JSON file).

``--iac`` also writes ``services-<N>-iac/``: the same project with every backend's Railway
settings (the same values) in one ``.railway/railway.ts`` instead of a ``railway.json``
each, for the benchmark of reading Railway's IaC file against the retired files.

The output is deterministic: service ``i`` is the same in every size (it depends only on the
seed and ``i``), so the 1,000-service project contains the 10-service one and per-service
costs compare. Values are made up and look real; the projects are meant to be mostly clean
(a linter that finds nothing still reads and judges everything).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import string
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / ".generated"
SIZES = (1, 10, 100, 200, 1000)

URLSAFE = string.ascii_letters + string.digits + "-_"
ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
ADJECTIVES = ("quiet", "bold", "misty", "green", "lively", "proud", "calm", "young", "broad")
NOUNS = ("meadow", "river", "forest", "cloud", "butterfly", "sun", "hill", "lake", "field")
REGIONS = ("iad1", "cle1", "sfo1", "fra1", "cdg1", "hnd1")
SANITY_PROJECT = "k7x9p2qd"
"""One Sanity project for the whole company: every service reads the Studio's (SL204)."""


@dataclass(frozen=True)
class ServicePlan:
    """What service ``index`` is: its kind, name and the backend its frontend calls."""

    index: int
    kind: str
    """``api`` (Railway) or ``web`` (Vercel)."""
    name: str
    studio: bool = False
    """A frontend that embeds a Sanity Studio (``sanity.config.ts``)."""
    backend: str | None = None
    """For a frontend: the backend it calls (the previous ``api`` service)."""


def plan(count: int, seed: int) -> list[ServicePlan]:
    """The services of a project with ``count`` services; service 0 is a Railway backend."""
    plans: list[ServicePlan] = []
    last_backend = None
    for index in range(count):
        rng = random.Random(f"{seed}:plan:{index}")
        kind = "api" if index == 0 or rng.random() < 0.55 else "web"
        name = f"{kind}-{index:04d}"
        if kind == "api":
            last_backend = name
            plans.append(ServicePlan(index, kind, name))
        else:
            plans.append(ServicePlan(index, kind, name, rng.random() < 0.25, last_backend))
    return plans


class Values:
    """Realistic made-up values from one seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def token(self, length: int, alphabet: str = URLSAFE) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(length))

    def secret(self) -> str:
        """A generated secret as ``openssl rand -base64 48`` makes them (URL-safe)."""
        return self.token(64)

    def neon_host(self, pooled: bool, endpoint: str) -> str:
        suffix = "-pooler" if pooled else ""
        return f"{endpoint}{suffix}.us-east-2.aws.neon.tech"

    def endpoint(self) -> str:
        rng = self.rng
        return f"ep-{rng.choice(ADJECTIVES)}-{rng.choice(NOUNS)}-{self.token(8, HEX)}"

    def sentry_dsn(self) -> str:
        return (
            f"https://{self.token(32, HEX)}@o{self.rng.randint(100000, 999999)}"
            f".ingest.us.sentry.io/{self.rng.randint(4500000000, 4599999999)}"
        )

    def jwt(self) -> str:
        return "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9." + self.token(96, ALNUM)

    def choice(self, options: tuple[str, ...]) -> str:
        return self.rng.choice(options)


def _env_text(header: str, sections: list[tuple[str, list[tuple[str, str]]]]) -> str:
    lines = [header, ""]
    for title, pairs in sections:
        lines.append(f"# {title}")
        lines.extend(f"{key}={value}" for key, value in pairs)
        lines.append("")
    return "\n".join(lines)


def backend_env(service: ServicePlan, env: str, v: Values, frontends: list[str]) -> str:
    """About 40 variables of a FastAPI backend on Railway (the guide's backend table)."""
    name = service.name
    staging = env == "staging"
    template = env == "example"
    host = f"{name}-staging.up.railway.app" if staging else f"{name}.acme-shop.com"
    if template:
        origins = "http://localhost:3000"
        database = "postgresql://user:password@ep-xxx-pooler.us-east-2.aws.neon.tech/neondb"
        direct = "postgresql://user:password@ep-xxx.us-east-2.aws.neon.tech/neondb"
        query = "?sslmode=require"
    else:
        origins = ",".join(
            [f"https://{web}-git-staging-acme.vercel.app" for web in frontends]
            + ["https://*.vercel.app"]
            if staging
            else [f"https://{web}.acme-shop.com" for web in frontends] or [f"https://{host}"]
        )
        endpoint = v.endpoint()
        user, password = f"{name.replace('-', '_')}_app", v.token(24, HEX)
        database = f"postgresql://{user}:{password}@{v.neon_host(True, endpoint)}/app"
        direct = f"postgresql://{user}:{password}@{v.neon_host(False, endpoint)}/app"
        query = "?sslmode=require&channel_binding=require"

    def sec(make: str = "") -> str:
        if template:
            return "<generate-strong-secret-32chars+>" if not make else f"<{make}>"
        return make or v.secret()

    live = env == "production"
    redis = (
        "redis://localhost:6379/0"
        if template
        else "${{Redis.REDIS_URL}}"
        if v.rng.random() < 0.7
        else f"rediss://default:{v.token(32, ALNUM)}@{name}-{env}.upstash.io:6379"
    )
    sentry = "<backend-sentry-dsn>" if template else v.sentry_dsn()
    environment = "development" if template else env
    base = "http://localhost:8000" if template else f"https://{host}"
    sections = [
        (
            "Application",
            [
                ("PYTHON_ENV", environment),
                ("DEBUG", "true" if template else "false"),
                ("WORKERS", "1" if template else ("2" if staging else "4")),
                ("LOG_LEVEL", "debug" if template else "info"),
            ],
        ),
        (
            "API",
            [
                ("API_PREFIX", "/api/v1"),
                ("BACKEND_HOST", "0.0.0.0"),
                ("BACKEND_PORT", "8000" if template else "${PORT}"),
                ("REQUEST_TIMEOUT_SECONDS", "30"),
            ],
        ),
        (
            "Database (Neon: pooled URL for the app, direct URL for Alembic)",
            [
                ("DATABASE_URL", database + query),
                ("DATABASE_URL_UNPOOLED", direct + query),
                ("DATABASE_POOL_SIZE", "5" if template else ("15" if staging else "30")),
                ("DATABASE_MAX_OVERFLOW", "10" if template else ("25" if staging else "50")),
            ],
        ),
        ("Redis", [("REDIS_URL", redis), ("CACHE_TTL_SECONDS", "300")]),
        (
            "Security",
            [
                ("JWT_SECRET_KEY", sec()),
                ("SESSION_SECRET", sec()),
                ("CSRF_SECRET", sec()),
                ("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "30"),
                ("JWT_REFRESH_TOKEN_EXPIRE_DAYS", "7"),
            ],
        ),
        ("CORS", [("CORS_ORIGINS", origins)]),
        (
            "Lemon Squeezy" + (" (LIVE MODE)" if live else " (TEST MODE)"),
            [
                ("LEMON_SQUEEZY_TEST_MODE", "false" if live else "true"),
                ("LEMON_SQUEEZY_API_KEY", sec("test-api-key") if template else v.jwt()),
                ("LEMON_SQUEEZY_STORE_ID", "<test-store-id>" if template else "48213"),
                (
                    "LEMON_SQUEEZY_WEBHOOK_SECRET",
                    sec("webhook-signing-secret") if template else v.token(37),
                ),
                ("LEMON_SQUEEZY_WEBHOOK_URL", f"{base}/api/v1/webhooks/lemon-squeezy"),
            ],
        ),
        (
            "Sanity CMS",
            [
                (
                    "NEXT_PUBLIC_SANITY_PROJECT_ID",
                    "<your-project-id>" if template else SANITY_PROJECT,
                ),
                ("NEXT_PUBLIC_SANITY_DATASET", environment),
                ("SANITY_API_TOKEN", "<sanity-read-token>" if template else "sk" + v.token(80)),
            ],
        ),
        (
            "Email (SendGrid)",
            [
                ("EMAIL_FROM_ADDRESS", f"{environment}-{name}@acme-shop.com"),
                (
                    "SENDGRID_API_KEY",
                    "<sendgrid-api-key>" if template else f"SG.{v.token(22)}.{v.token(43)}",
                ),
            ],
        ),
        (
            "Sentry",
            [
                ("SENTRY_DSN", sentry),
                ("SENTRY_ENVIRONMENT", environment),
                ("SENTRY_TRACES_SAMPLE_RATE", "1.0" if not live else "0.2"),
            ],
        ),
        (
            "Third parties",
            [
                (
                    "POSTHOG_PERSONAL_API_KEY",
                    "<posthog-personal-key>" if template else "phx_" + v.token(43),
                ),
                (
                    "OPENAI_API_KEY",
                    "<openai-api-key>" if template else "sk-proj-" + v.token(48, ALNUM),
                ),
                ("S3_BUCKET", f"acme-{name}-{environment}"),
                ("UPLOAD_MAX_MB", "25"),
            ],
        ),
        (
            "Rate limiting and features",
            [
                ("RATE_LIMIT_ENABLED", "false" if template else "true"),
                ("RATE_LIMIT_PER_MINUTE", "120"),
                ("FEATURE_NEW_CHECKOUT", "true" if not live else "false"),
                ("FEATURE_RECOMMENDATIONS", "true"),
            ],
        ),
    ]
    title = "template of every variable it reads" if template else f"{env} environment"
    return _env_text(f"# {name} (Railway) — {title}.", sections)


def frontend_env(service: ServicePlan, env: str, v: Values, project_id: str) -> str:
    """About 40 variables of a Next.js frontend on Vercel (the guide's frontend table)."""
    name = service.name
    staging = env == "staging"
    template = env == "example"
    live = env == "production"
    if template:
        app, api = "http://localhost:3000", "http://localhost:8000"
    elif staging:
        app = f"https://{name}-git-staging-acme.vercel.app"
        api = f"https://{service.backend}-staging.up.railway.app"
    else:
        app, api = f"https://{name}.acme-shop.com", f"https://{service.backend}.acme-shop.com"
    environment = "development" if template else env

    def sec(placeholder: str, make: str) -> str:
        return f"<{placeholder}>" if template else make

    sections = [
        (
            "Application",
            [
                ("NODE_ENV", "development" if template else "production"),
                ("NEXT_PUBLIC_APP_NAME", f'"Acme {name}' + ("" if live else f" ({env})") + '"'),
                ("NEXT_PUBLIC_APP_URL", app),
                ("NEXT_PUBLIC_DEFAULT_LOCALE", "en"),
                ("NEXT_PUBLIC_ITEMS_PER_PAGE", "24"),
                ("NEXT_TELEMETRY_DISABLED", "1"),
            ],
        ),
        ("Backend API", [("NEXT_PUBLIC_API_URL", api), ("NEXT_PUBLIC_API_VERSION", "v1")]),
        (
            "NextAuth",
            [
                ("NEXTAUTH_URL", app),
                ("NEXTAUTH_SECRET", sec("generate-strong-secret-32chars+", v.secret())),
                (
                    "GOOGLE_CLIENT_ID",
                    sec(
                        "google-client-id",
                        f"{v.token(12, string.digits)}-{v.token(32, HEX)}"
                        ".apps.googleusercontent.com",
                    ),
                ),
                ("GOOGLE_CLIENT_SECRET", sec("google-client-secret", "GOCSPX-" + v.token(28))),
                ("GITHUB_CLIENT_ID", sec("github-client-id", "Iv1." + v.token(16, HEX))),
                ("GITHUB_CLIENT_SECRET", sec("github-client-secret", v.token(40, HEX))),
            ],
        ),
        (
            "Sanity CMS",
            [
                ("NEXT_PUBLIC_SANITY_PROJECT_ID", sec("your-project-id", project_id)),
                ("NEXT_PUBLIC_SANITY_DATASET", environment),
                ("NEXT_PUBLIC_SANITY_API_VERSION", "2024-01-01"),
                ("SANITY_API_TOKEN", sec("sanity-read-token", "sk" + v.token(80))),
                ("SANITY_PREVIEW_SECRET", sec("generate-strong-secret-32chars+", v.secret())),
                ("SANITY_REVALIDATE_SECRET", sec("generate-strong-secret-32chars+", v.secret())),
            ],
        ),
        (
            "Lemon Squeezy",
            [("NEXT_PUBLIC_LEMON_SQUEEZY_STORE_ID", sec("test-store-id", "48213"))],
        ),
        (
            "Analytics",
            [
                (
                    "NEXT_PUBLIC_POSTHOG_KEY",
                    sec("posthog-project-key", "phc_" + v.token(43, ALNUM)),
                ),
                ("NEXT_PUBLIC_POSTHOG_HOST", "https://app.posthog.com"),
                (
                    "NEXT_PUBLIC_GA_MEASUREMENT_ID",
                    sec("ga-id", "G-" + v.token(10, string.digits + "ABCDEFGHJKLMNPQRSTVWXYZ")),
                ),
            ],
        ),
        (
            "Error tracking",
            [
                ("NEXT_PUBLIC_SENTRY_DSN", sec("frontend-sentry-dsn", v.sentry_dsn())),
                ("SENTRY_ENVIRONMENT", environment),
                ("SENTRY_ORG", "acme"),
                ("SENTRY_PROJECT", name),
                ("SENTRY_AUTH_TOKEN", sec("sentry-auth-token", "sntrys_" + v.token(96, ALNUM))),
            ],
        ),
        (
            "Images and CDN",
            [
                (
                    "NEXT_PUBLIC_CDN_URL",
                    "http://localhost:3000/static"
                    if template
                    else f"https://cdn.acme-shop.com/{name}",
                ),
                ("NEXT_PUBLIC_IMAGE_DOMAINS", "cdn.sanity.io,images.acme-shop.com"),
                ("IMAGE_CACHE_TTL", "86400"),
            ],
        ),
        (
            "Feature flags",
            [
                ("FEATURE_OAUTH_LOGIN", "true"),
                ("FEATURE_EMAIL_VERIFICATION", "false" if template else "true"),
                ("FEATURE_ANALYTICS_ENABLED", "false" if template else "true"),
                ("FEATURE_MAINTENANCE_MODE", "false"),
                ("FEATURE_NEW_CHECKOUT", "false" if live else "true"),
                ("FEATURE_DARK_MODE", "true"),
                ("FEATURE_SEARCH_V2", "false" if live else "true"),
            ],
        ),
    ]
    title = "template of every variable it reads" if template else f"{env} environment"
    return _env_text(f"# {name} (Vercel) — {title}.", sections)


def railway_json(service: ServicePlan, rng: random.Random) -> str:
    data: dict[str, object] = {
        "$schema": "https://railway.com/railway.schema.json",
        "build": {"builder": "RAILPACK", "buildCommand": "uv sync --frozen"},
        "deploy": {
            "startCommand": "uvicorn app.main:app --host 0.0.0.0 --port $PORT",
            "preDeployCommand": ["alembic upgrade head"],
            "healthcheckPath": rng.choice(("/health", "/healthz", "/api/v1/health")),
            "healthcheckTimeout": rng.choice((60, 100, 300)),
            "restartPolicyType": "ON_FAILURE",
            "restartPolicyMaxRetries": rng.choice((3, 5, 10)),
        },
    }
    if rng.random() < 0.6:
        data["environments"] = {"production": {"deploy": {"numReplicas": rng.choice((2, 3))}}}
    return json.dumps(data, indent=2) + "\n"


def vercel_json(service: ServicePlan, rng: random.Random) -> str:
    data: dict[str, object] = {
        "$schema": "https://openapi.vercel.sh/vercel.json",
        "buildCommand": "pnpm run build",
        "installCommand": "pnpm install --frozen-lockfile",
        "framework": "nextjs",
        "regions": [rng.choice(REGIONS)],
        "functions": {"app/api/**": {"memory": rng.choice((1024, 2048)), "maxDuration": 10}},
    }
    if rng.random() < 0.5:
        data["headers"] = [
            {
                "source": "/(.*)",
                "headers": [{"key": "X-Frame-Options", "value": "DENY"}],
            }
        ]
    return json.dumps(data, indent=2) + "\n"


SANITY_CONFIG = """\
import {{defineConfig}} from 'sanity'
import {{structureTool}} from 'sanity/structure'
import {{visionTool}} from '@sanity/vision'
import {{schemaTypes}} from './sanity/schemaTypes'

export default defineConfig({{
  name: 'default',
  title: 'Acme {name}',
  basePath: '/studio',
  projectId: '{project_id}',
  dataset: process.env.NEXT_PUBLIC_SANITY_DATASET || 'staging',
  plugins: [structureTool(), visionTool()],
  schema: {{
    types: schemaTypes,
  }},
}})
"""

SANITY_CLI = """\
import {{defineCliConfig}} from 'sanity/cli'

export default defineCliConfig({{
  api: {{
    projectId: '{project_id}',
    dataset: process.env.NEXT_PUBLIC_SANITY_DATASET ?? 'staging',
  }},
}})
"""


def railway_ts_service(service: ServicePlan, rng: random.Random) -> str:
    """The service of :func:`railway_json` (same draws, same settings), as ``.railway/railway.ts``
    declares it: the production block becomes a condition on the environment."""
    data = json.loads(railway_json(service, rng))
    deploy = data["deploy"]
    builder, command = data["build"]["builder"], data["build"]["buildCommand"]
    replicas = data.get("environments", {}).get("production", {}).get("deploy", {})
    lines = [
        f"  const {service.name.replace('-', '_')} = service({json.dumps(service.name)}, {{",
        f'    source: github("acme/shop", {{ rootDirectory: "services/{service.name}" }}),',
        f"    build: {{ builder: {json.dumps(builder)}, buildCommand: {json.dumps(command)} }},",
        f"    preDeploy: {json.dumps(deploy['preDeployCommand'][0])},",
        f"    start: {json.dumps(deploy['startCommand'])},",
        f"    healthcheck: {json.dumps(deploy['healthcheckPath'])},",
        f"    healthcheckTimeout: {deploy['healthcheckTimeout']},",
        "    deploy: {",
        f"      restartPolicyType: {json.dumps(deploy['restartPolicyType'])},",
        f"      restartPolicyMaxRetries: {deploy['restartPolicyMaxRetries']},",
        "    },",
    ]
    if replicas:
        lines.append(f"    replicas: production ? {replicas['numReplicas']} : 1,")
    lines.append("  });")
    return "\n".join(lines) + "\n"


def railway_ts(services: list[tuple[ServicePlan, str]]) -> str:
    """One ``.railway/railway.ts`` declaring every Railway backend of the project."""
    names = ", ".join(plan.name.replace("-", "_") for plan, _ in services)
    return (
        'import { defineRailway, github, project, service } from "railway/iac";\n\n'
        "export default defineRailway((ctx) => {\n"
        '  const production = ctx.environment === "production";\n\n'
        + "\n".join(text for _, text in services)
        + f'\n  return project("acme-shop", {{ resources: [{names}] }});\n}});\n'
    )


def write_service(
    root: Path,
    service: ServicePlan,
    seed: int,
    frontends: list[str],
    iac: list[tuple[ServicePlan, str]] | None = None,
) -> None:
    """Write one service; with ``iac``, a backend's Railway settings go there (for
    ``.railway/railway.ts``) instead of into its ``railway.json``."""
    rng = random.Random(f"{seed}:service:{service.index}")
    values = Values(rng)
    directory = root / ("services" if service.kind == "api" else "apps") / service.name
    directory.mkdir(parents=True)
    files: dict[str, str] = {}
    if service.kind == "api" and iac is not None:
        iac.append((service, railway_ts_service(service, rng)))
    elif service.kind == "api":
        files["railway.json"] = railway_json(service, rng)
    if service.kind == "api":
        files["pyproject.toml"] = (
            f'[project]\nname = "{service.name}"\nversion = "0.1.0"\n'
            'dependencies = ["fastapi", "uvicorn", "sqlalchemy", "alembic"]\n'
        )
        files["app/main.py"] = "from fastapi import FastAPI\n\napp = FastAPI()\n"
        for env in ("staging", "production", "example"):
            files[f".env.{env}"] = backend_env(service, env, values, frontends)
    else:
        project_id = SANITY_PROJECT
        files["vercel.json"] = vercel_json(service, rng)
        files["package.json"] = json.dumps(
            {"name": service.name, "private": True, "scripts": {"build": "next build"}},
            indent=2,
        )
        files["app/page.tsx"] = "export default function Page() {\n  return null\n}\n"
        if service.studio:
            files["sanity.config.ts"] = SANITY_CONFIG.format(
                name=service.name, project_id=project_id
            )
            if rng.random() < 0.5:
                files["sanity.cli.ts"] = SANITY_CLI.format(project_id=project_id)
        staging_name = ".env.preview" if rng.random() < 0.3 else ".env.staging"
        for env, file_name in (
            ("staging", staging_name),
            ("production", ".env.production"),
            ("example", ".env.example"),
        ):
            files[file_name] = frontend_env(service, env, values, project_id)
    for rel, text in files.items():
        path = directory / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def generate(count: int, out: Path = DEFAULT_OUT, seed: int = 2024, iac: bool = False) -> Path:
    """Write the ``count``-service project under ``out`` (replacing it); its root. With
    ``iac``, the same project with the backends' Railway settings in one
    ``.railway/railway.ts`` instead of a ``railway.json`` each (``services-<N>-iac``)."""
    root = out / f"services-{count}{'-iac' if iac else ''}"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    plans = plan(count, seed)
    frontends_of: dict[str, list[str]] = {}
    for service in plans:
        if service.backend is not None:
            frontends_of.setdefault(service.backend, []).append(service.name)
    declared: list[tuple[ServicePlan, str]] | None = [] if iac else None
    for service in plans:
        write_service(root, service, seed, frontends_of.get(service.name, [])[:4], declared)
    if declared:
        (root / ".railway").mkdir()
        (root / ".railway" / "railway.ts").write_text(railway_ts(declared), encoding="utf-8")
    (root / ".gitignore").write_text(
        "node_modules/\n.next/\n__pycache__/\n.env*\n!.env.example\n", encoding="utf-8"
    )
    # the project's root: stagelint looks upward for one, and would otherwise take the
    # repository holding benchmarks/.generated/ for the project
    (root / "stagelint.toml").write_text(
        "# settings of the synthetic monorepo: the defaults\n", encoding="utf-8"
    )
    (root / "README.md").write_text(
        f"# Synthetic monorepo: {count} services (benchmarks/generate.py, seed {seed})\n",
        encoding="utf-8",
    )
    return root


SINGLE_KINDS = ("railway", "vercel", "sanity")


def generate_single(kind: str, out: Path = DEFAULT_OUT, seed: int = 2024) -> Path:
    """Write ``single-<kind>/``: the first service of that kind alone (a Railway backend, a
    Vercel frontend without a Studio, a Vercel frontend with a Sanity Studio); its root."""
    root = out / f"single-{kind}"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    plans = plan(50, seed)
    wanted = {
        "railway": lambda s: s.kind == "api",
        "vercel": lambda s: s.kind == "web" and not s.studio,
        "sanity": lambda s: s.kind == "web" and s.studio,
    }[kind]
    service = next(s for s in plans if wanted(s))
    frontends = [s.name for s in plans if s.backend == service.name][:4]
    write_service(root, service, seed, frontends)
    (root / "stagelint.toml").write_text(
        f"# settings of one {kind} service (benchmarks/generate.py): the defaults\n",
        encoding="utf-8",
    )
    return root


def json_configs(root: Path) -> list[str]:
    """The project's platform JSON configs, relative to ``root``, sorted."""
    return sorted(
        p.relative_to(root).as_posix()
        for pattern in ("*/*/railway.json", "*/*/vercel.json")
        for p in root.glob(pattern)
    )


def env_files(root: Path) -> list[str]:
    """The project's dotenv files, relative to ``root``, sorted."""
    return sorted(p.relative_to(root).as_posix() for p in root.glob("*/*/.env.*"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--iac",
        action="store_true",
        help="Also write services-<N>-iac: the backends' settings in .railway/railway.ts.",
    )
    parser.add_argument(
        "--singles",
        action="store_true",
        help="Also write single-railway, single-vercel and single-sanity: one service each.",
    )
    args = parser.parse_args(argv)
    for kind in SINGLE_KINDS if args.singles else ():
        root = generate_single(kind, args.out, args.seed)
        print(f"{root}: {len(json_configs(root))} JSON configs, {len(env_files(root))} env files")
    for count in args.sizes:
        for iac in (False, True) if args.iac else (False,):
            root = generate(count, args.out, args.seed, iac)
            print(
                f"{root}: {len(json_configs(root))} JSON configs, {len(env_files(root))} env files"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
