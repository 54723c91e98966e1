"""The issue's "done when": a team that ran `railway config migrate` gets the same findings
on the same problems as before, apart from SL607 itself.

Each case is a project with `railway.json`/`railway.toml` and the `.railway/railway.ts` that
`railway config migrate --apply` writes for it, written by hand in the shape the Railway
CLI emits (railwayapp/cli ``src/commands/config/migrate.rs``): one ``service(name, {...})``
per file (the name of its folder), with ``build``, ``start``, ``healthcheck``,
``healthcheckTimeout``, ``replicas``, ``preDeploy`` and ``deploy: {preDeployTimeoutSeconds}``;
``builder``, ``dockerfilePath``, ``cronSchedule`` and ``watchPatterns`` as comments; every
other setting and the ``environments.*`` blocks left out; ``export const partial`` when one
file is migrated. Env files stay where they were. Findings compare by (code, service,
variable) under both policies.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from stagelint.testing import lint
from tests.support import write_files

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
POLICIES = ("staging", "production")
HEADER = 'import { defineRailway, project, service } from "railway/iac";\n'
PARTIAL = (
    "\n// This repository manages only its own resources in the environment. Other\n"
    "// repositories export their own partial name.\n"
    "// See https://docs.railway.com/infrastructure-as-code#multi-repo-projects\n"
    'export const partial = "{name}";\n'
)


def migrated(project_name: str, services: dict[str, str]) -> str:
    """What migrate writes: ``services`` maps a service's name to its option lines."""
    body = []
    for name, fields in services.items():
        ident = name.replace("-", "_")
        if fields:
            body.append(f'  const {ident} = service("{name}", {{\n{fields.rstrip()}\n  }});')
        else:
            body.append(f'  const {ident} = service("{name}");')
    partial = PARTIAL.format(name=next(iter(services))) if len(services) == 1 else ""
    resources = ", ".join(name.replace("-", "_") for name in services)
    return (
        f"{HEADER}{partial}\nexport default defineRailway(() => {{\n"
        + "\n".join(body)
        + f'\n  return project("{project_name}", {{\n    resources: [{resources}],\n  }});\n}});\n'
    )


def findings(root: Path, policy: str) -> Counter[tuple[str, str | None, str | None]]:
    return Counter(
        (d.code, d.service, d.variable) for d in lint(root, policy=policy) if d.code != "SL607"
    )


def assert_same(before: Path, after: Path) -> None:
    for policy in POLICIES:
        was, now = findings(before, policy), findings(after, policy)
        assert was == now, (
            f"{policy}: before {sorted(was.elements())}, after {sorted(now.elements())}"
        )


def pair(
    tmp_path: Path, kept: dict[str, str], retired: dict[str, str], iac: str
) -> tuple[Path, Path]:
    """Two projects: ``kept`` files (env files) with the retired files, and with the IaC
    file that replaces them."""
    before, after = tmp_path / "before", tmp_path / "after"
    write_files(before, {**kept, **retired})
    write_files(after, {**kept, ".railway/railway.ts": iac})
    for folder in {path.rsplit("/", 1)[0] for path in retired if "/" in path}:
        (after / folder).mkdir(parents=True, exist_ok=True)
    return before, after


def test_the_legacy_example_migrates_to_the_same_findings(tmp_path: Path) -> None:
    before = tmp_path / "legacy-railway"
    shutil.copytree(EXAMPLES / "legacy-railway", before)
    after = tmp_path / "after"
    shutil.copytree(before, after)
    for path in after.rglob("railway.*"):
        path.unlink()
    write_files(
        after,
        {
            # the worker's railway.toml wins over its railway.json, as it does for Railway
            ".railway/railway.ts": migrated(
                "legacy-railway",
                {
                    "backend": (
                        '    build: "uv pip install -e .",\n'
                        '    start: "uvicorn app.main:app --host 0.0.0.0 --port $PORT",\n'
                        '    healthcheck: "/health",\n'
                        "    healthcheckTimeout: 100,\n"
                        '    preDeploy: "alembic upgrade head",\n'
                        '    // builder from CaC: "RAILPACK"\n'
                    ),
                    "worker": (
                        '    start: "python -m app.worker",\n    // builder from CaC: "RAILPACK"\n'
                    ),
                },
            )
        },
    )
    assert_same(before, after)
    assert findings(after, "staging") == Counter()  # clean: the problems were SL607's


def test_healthcheck_problems_survive_the_migration(tmp_path: Path) -> None:
    start = "uvicorn app.main:app --host 0.0.0.0 --port $PORT"
    before, after = pair(
        tmp_path,
        {},
        {
            "api/railway.json": f'{{"deploy": {{"startCommand": "{start}", "healthcheckTimeout": 0}}}}'
        },
        migrated("shop", {"api": f'    start: "{start}",\n    healthcheckTimeout: 0,\n'}),
    )
    assert_same(before, after)
    assert findings(after, "staging")[("SL601", "api", None)] == 2  # no path, timeout 0


def test_a_start_command_problem_survives_the_migration(tmp_path: Path) -> None:
    start = "gunicorn app.main:app -k uvicorn.workers.UvicornWorker --bind 127.0.0.1:8000"
    before, after = pair(
        tmp_path,
        {},
        {
            "api/railway.toml": (
                f'[build]\nbuildCommand = "pip install ."\n\n[deploy]\nstartCommand = "{start}"\n'
                'healthcheckPath = "/health"\npreDeployCommand = ["alembic upgrade head"]\n'
            )
        },
        migrated(
            "shop",
            {
                "api": (
                    '    build: "pip install .",\n'
                    f'    start: "{start}",\n'
                    '    healthcheck: "/health",\n'
                    '    preDeploy: "alembic upgrade head",\n'
                )
            },
        ),
    )
    assert_same(before, after)
    assert ("SL602", "api", None) in findings(after, "staging")


RESTART = '{"deploy": {"startCommand": "python -m worker", "restartPolicyType": "NEVER"}}'


def test_a_restart_policy_migrate_leaves_out_is_named_by_sl607(tmp_path: Path) -> None:
    """migrate does not carry the restart policy: SL607 names it before the migration, and
    once the team writes it into the service's options, SL603 judges it as before."""
    before, after = pair(
        tmp_path,
        {},
        {"worker/railway.json": RESTART},
        migrated(
            "shop",
            {
                "worker": (
                    '    start: "python -m worker",\n    deploy: { restartPolicyType: "NEVER" },\n'
                )
            },
        ),
    )
    assert_same(before, after)
    assert ("SL603", "worker", None) in findings(before, "staging")
    (sl607,) = [d.message for d in lint(before, select=["SL607"])]
    assert "migrate does not carry restartPolicyType: write it into the service's options" in (
        sl607
    )


def test_what_migrate_writes_as_it_is_loses_only_what_sl607_named(tmp_path: Path) -> None:
    before, after = pair(
        tmp_path,
        {},
        {"worker/railway.json": RESTART},
        migrated("shop", {"worker": '    start: "python -m worker",\n'}),
    )
    assert findings(before, "staging") - findings(after, "staging") == Counter(
        {("SL603", "worker", None): 1}
    )
    assert findings(after, "staging") - findings(before, "staging") == Counter()


def test_replicas_and_environment_blocks(tmp_path: Path) -> None:
    """``numReplicas`` becomes ``replicas``; ``environments.production`` is dropped (SL607
    says so) and written back as a condition on ``ctx.environment``."""
    start = "uvicorn app.main:app --host 0.0.0.0 --port $PORT"
    iac = migrated(
        "shop",
        {"api": f'    start: "{start}",\n    healthcheck: "/health",\n    replicas: 2,\n'},
    ).replace("    replicas: 2,", '    replicas: ctx.environment === "production" ? 3 : 2,')
    iac = iac.replace("defineRailway(() =>", "defineRailway((ctx) =>")
    before, after = pair(
        tmp_path,
        {},
        {
            "api/railway.json": (
                f'{{"deploy": {{"startCommand": "{start}", "healthcheckPath": "/health", '
                '"numReplicas": 2}, "environments": {"production": {"deploy": '
                '{"numReplicas": 3}}}}'
            )
        },
        iac,
    )
    assert_same(before, after)
    assert findings(after, "staging") == Counter()


ENV_STAGING = (
    "PYTHON_ENV=staging\n"
    "JWT_SECRET_KEY=short-staging-key\n"
    "SESSION_SECRET=Xq7vN2mK9xR4tL8pW3zB6cY1dF5hJ0sGq\n"
    "DATABASE_URL=postgresql://app:Pw4kR8tZq1XnV6bMa@ep-cool-darkness-a1b2c3d4.us-east-2.aws.neon.tech/app\n"
    "CORS_ORIGINS=http://staging.example-shop.com\n"
    "DEBUG=true\n"
)
ENV_PRODUCTION = (
    "PYTHON_ENV=production\n"
    "JWT_SECRET_KEY=Lq3wE8rT1yU6iO9pA2sD5fG7hJ4kZ0xCv\n"
    "SESSION_SECRET=Xq7vN2mK9xR4tL8pW3zB6cY1dF5hJ0sGq\n"
    "DATABASE_URL=postgresql://app:Mz4nQ8rT2vX6yB1cE@ep-quiet-lake-e5f6a7b8-pooler.us-east-2.aws.neon.tech/app?sslmode=require\n"
    "CORS_ORIGINS=https://example-shop.com\n"
)


def test_variables_and_secrets_keep_their_findings(tmp_path: Path) -> None:
    """Env files stay in the service's folder: the migrated service (named after the
    folder) takes them, and every value rule judges them as before. A secret in the start
    command moves with it."""
    start = "SENTRY_AUTH_TOKEN=sntrys_eyJpYXQiOjE3MzY2OTEyMDB9_Xq3vLm8Pz uvicorn app.main:app --host 0.0.0.0 --port $PORT"
    before, after = pair(
        tmp_path,
        {"backend/.env.staging": ENV_STAGING, "backend/.env.production": ENV_PRODUCTION},
        {
            "backend/railway.json": f'{{"deploy": {{"startCommand": "{start}", "healthcheckPath": "/health"}}}}'
        },
        migrated("shop", {"backend": f'    start: "{start}",\n    healthcheck: "/health",\n'}),
    )
    assert_same(before, after)
    found = findings(after, "staging")
    for expected in (
        ("SL101", "backend", "JWT_SECRET_KEY"),
        ("SL104", "backend", "SESSION_SECRET"),
        ("SL108", "backend", "SENTRY_AUTH_TOKEN"),
        ("SL302", "backend", "DATABASE_URL"),
        ("SL402", "backend", "CORS_ORIGINS"),
        ("SL502", "backend", "DEBUG"),
    ):
        assert expected in found, (expected, sorted(found))


@pytest.mark.parametrize("builder", ["NIXPACKS", "DOCKERFILE"])
def test_a_builder_becomes_a_comment_and_sl607_says_so(tmp_path: Path, builder: str) -> None:
    before, after = pair(
        tmp_path,
        {},
        {
            "web/railway.json": f'{{"build": {{"builder": "{builder}"}}, "deploy": {{"startCommand": "node server.js"}}}}'
        },
        migrated(
            "shop",
            {"web": f'    start: "node server.js",\n    // builder from CaC: "{builder}"\n'},
        ),
    )
    lost = findings(before, "staging") - findings(after, "staging")
    assert lost == (Counter({("SL606", "web", None): 1}) if builder == "NIXPACKS" else Counter())
    assert findings(after, "staging") - findings(before, "staging") == Counter()
    (sl607,) = [d.message for d in lint(before, select=["SL607"])]
    assert "migrate does not carry builder" in sl607


def test_migrate_copies_a_multi_region_config_the_sdk_does_not_read(tmp_path: Path) -> None:
    """migrate writes ``multiRegionConfig`` as it is (``{"us-west2": {"numReplicas": 2}}``)
    into ``replicas``, whose region objects Railway's SDK reads as ``{count}`` or
    ``{replicas}``: the migrated file loses the replica count, and stagelint says so where
    the file writes it (a problem migrate creates, not one of the old file)."""
    start = "node server.js"
    before, after = pair(
        tmp_path,
        {},
        {
            "web/railway.json": (
                f'{{"deploy": {{"startCommand": "{start}", '
                '"multiRegionConfig": {"us-west2": {"numReplicas": 2}}}}'
            )
        },
        migrated(
            "shop",
            {
                "web": f'    start: "{start}",\n    replicas: {{ "us-west2": {{ "numReplicas": 2 }} }},\n'
            },
        ),
    )
    assert findings(before, "staging") == Counter()
    (message,) = [d.message for d in lint(after, select=["SL002"])]
    assert message.startswith('unknown key "numReplicas" in replicas.us-west2')
