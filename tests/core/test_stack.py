"""What a service evidently is (stagelint/model/stack.py) and the requirements that follow from it.

Each project here is a minimal copy of a shape seen in public repositories: a Vite app
calling a FastAPI backend, Create React App, a Next.js app without Sanity or NextAuth, a
folder deployed to both Railway and Vercel, Node services on Railway.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stagelint.model.errors import ConfigError
from stagelint.model.stack import check_condition, detect, framework_from_names, holds, respell
from stagelint.policy.expectations import build_expectations
from stagelint.project.loader import load_project
from stagelint.project.settings import Settings
from stagelint.testing import lint


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return root


@pytest.mark.parametrize(
    ("files", "texts", "vercel", "framework"),
    [
        (["package.json"], {"package.json": '{"dependencies": {"next": "15"}}'}, None, "nextjs"),
        (
            ["package.json", "vite.config.ts"],
            {"package.json": '{"devDependencies": {"vite": "6"}}'},
            None,
            "vite",
        ),
        (
            ["package.json", "vite.config.ts", "svelte.config.js"],
            {"package.json": '{"devDependencies": {"vite": "6", "@sveltejs/kit": "2"}}'},
            None,
            "sveltekit",
        ),
        (
            ["package.json"],
            {"package.json": '{"dependencies": {"react-scripts": "5"}}'},
            None,
            "cra",
        ),
        (
            ["package.json"],
            {"package.json": '{"dependencies": {"@remix-run/node": "2"}}'},
            None,
            "remix",
        ),
        (["astro.config.mjs"], {}, None, "astro"),
        (["next.config.ts"], {}, None, "nextjs"),
        (["package.json"], {"package.json": "{}"}, "create-react-app", "cra"),
        (["package.json"], {"package.json": "not json"}, None, None),
        (["package.json"], {"package.json": '{"dependencies": ["next"]}'}, None, None),
    ],
)
def test_framework_detection(
    files: list[str], texts: dict[str, str], vercel: str | None, framework: str | None
) -> None:
    found = detect(files, texts, vercel).framework
    assert (found.key if found else None) == framework


def test_languages_and_python_dependencies() -> None:
    stack = detect(
        ["pyproject.toml", "requirements.txt"],
        {
            "pyproject.toml": '[project]\ndependencies = ["fastapi[standard]>=0.115", "PyJWT>=2"]\n',
            "requirements.txt": "redis==5.0\n# comment\nsqlmodel\n",
        },
    )
    assert stack.languages == {"python"}
    assert {"fastapi", "pyjwt", "redis", "sqlmodel"} <= stack.dependencies


def test_framework_from_env_names() -> None:
    assert framework_from_names(["VITE_API_URL", "NODE_ENV"]).key == "vite"  # type: ignore[union-attr]
    assert framework_from_names(["REACT_APP_API_URL"]).key == "cra"  # type: ignore[union-attr]
    assert framework_from_names(["VITE_A", "NEXT_PUBLIC_B"]) is None
    assert framework_from_names(["PUBLIC_A"]) is None


def test_conditions_are_checked() -> None:
    assert check_condition("python") is None
    assert check_condition("studio | named:*SANITY*") is None
    assert check_condition("named") is None
    assert "unknown condition 'pyhton'" in (check_condition("pyhton") or "")
    assert "needs a name" in (check_condition("depends:") or "")
    with pytest.raises(ConfigError, match=r"variables.vercel.X: when: unknown condition"):
        build_expectations({"vercel": {"X": {"required": True, "when": ["nope"]}}}, True, "p")


def _vite_fastapi(root: Path) -> Path:
    return write(
        root,
        {
            "frontend/package.json": '{"devDependencies": {"vite": "6.3.0"}}',
            "frontend/vercel.json": "{}",
            "frontend/.env.preview": "VITE_API_URL=https://api-staging.example.com\n",
            "backend/railway.json": "{}",
            "backend/pyproject.toml": '[project]\nname = "app"\ndependencies = ["fastapi"]\n',
            "backend/.env.staging": "ENVIRONMENT=staging\nDATABASE_URL=${{Postgres.DATABASE_URL}}\n"
            "BACKEND_CORS_ORIGINS=https://staging.example.com\n",
        },
    )


def test_conditions_on_a_vite_app_and_its_fastapi_backend(tmp_path: Path) -> None:
    project = load_project(_vite_fastapi(tmp_path), Settings())
    frontend, backend = project.services["frontend"], project.services["backend"]
    assert frontend.framework is not None and frontend.framework.title == "Vite"
    assert holds(["vite", "backend"], project, frontend)
    assert not holds(["nextjs"], project, frontend)
    assert not holds(["studio | named:*SANITY*"], project, frontend)
    assert holds(["python", "frontend"], project, backend)
    assert not holds(["named:JWT_*"], project, backend)
    assert holds(["depends:fast*"], project, backend)
    assert respell("NEXT_PUBLIC_API_URL", frontend) == "VITE_API_URL"
    assert respell("NEXT_PUBLIC_API_URL", backend) == "NEXT_PUBLIC_API_URL"


def test_vite_app_and_fastapi_backend_are_not_asked_for_the_guides_stack(tmp_path: Path) -> None:
    """Before: NEXT_PUBLIC_API_URL, NEXT_PUBLIC_APP_URL and the Sanity pair of the Vite app;
    REDIS_URL, JWT_SECRET_KEY, SESSION_SECRET and CSRF_SECRET of a backend that names none."""
    assert [d.message for d in lint(_vite_fastapi(tmp_path), select=["SL503"])] == []


def test_a_vite_app_is_asked_for_its_own_spelling(tmp_path: Path) -> None:
    root = _vite_fastapi(tmp_path)
    (root / "frontend/.env.preview").write_text("VITE_SENTRY_DSN=\n")
    (root / "frontend/.env.example").write_text("VITE_API_URL=http://localhost:8000\n")
    found = lint(root, select=["SL503"])
    assert [(d.variable, d.message) for d in found] == [
        (
            "VITE_API_URL",
            "VITE_API_URL is not set in staging; the policy requires it for Vercel services "
            "where the project has a Railway service",
        )
    ]


def test_nextjs_without_sanity_nextauth_or_backend(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "package.json": '{"dependencies": {"next": "15.3.0", "stripe": "18"}}',
            "next.config.ts": "export default {};\n",
            ".env.preview": "POSTGRES_URL=${{Postgres.DATABASE_URL}}\nSTRIPE_SECRET_KEY=x\n",
        },
    )
    assert lint(root, select=["SL503"]) == []


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        ({"web/package.json": '{"dependencies": {"next": "15", "next-auth": "4"}}'}, True),
        ({"web/package.json": '{"dependencies": {"next": "15", "@auth/core": "0.37"}}'}, True),
        ({"web/.env.example": "NEXTAUTH_URL=http://localhost:3000\n"}, True),
        ({"web/package.json": '{"dependencies": {"next": "15", "better-auth": "1"}}'}, False),
    ],
)
def test_nextauth_secret_follows_nextauth(
    tmp_path: Path, evidence: dict[str, str], expected: bool
) -> None:
    root = write(
        tmp_path,
        {
            "web/vercel.json": "{}",
            "web/.env.preview": "SANITY_API_TOKEN=skEiIBGPE-HFwmvqJKNgG_EvMoiD1ZzvPgfWuyKdtweQk6Up\n"
            "NEXT_PUBLIC_SANITY_PROJECT_ID=k7x9p2qd\nNEXT_PUBLIC_SANITY_DATASET=staging\n",
            **evidence,
        },
    )
    found = {d.variable for d in lint(root, select=["SL503"])}
    assert ("NEXTAUTH_SECRET" in found) is expected


def test_sanity_variables_follow_a_studio_or_a_sanity_variable(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "web/vercel.json": "{}",
            "web/.env.preview": "NEXT_PUBLIC_SITE_NAME=Shop\n",
            "studio/sanity.config.ts": "export default {projectId: 'k7x9p2qd', dataset: 'x'}\n",
        },
    )
    found = lint(root, select=["SL503"])
    assert {d.variable for d in found} == {
        "NEXT_PUBLIC_SANITY_PROJECT_ID",
        "NEXT_PUBLIC_SANITY_DATASET",
    }
    assert "where the project has a Sanity Studio" in found[0].message
    (root / "studio/sanity.config.ts").unlink()
    assert lint(root, select=["SL503"]) == []
    (root / "web/.env.preview").write_text("SANITY_API_READ_TOKEN=sk\n")
    assert {d.variable for d in lint(root, select=["SL503"])} == {
        "NEXT_PUBLIC_SANITY_PROJECT_ID",
        "NEXT_PUBLIC_SANITY_DATASET",
    }


def test_a_nextjs_folder_on_railway_and_vercel_is_not_asked_for_backend_variables(
    tmp_path: Path,
) -> None:
    root = write(
        tmp_path,
        {
            "web/package.json": '{"dependencies": {"next": "15", "next-auth": "4"}}',
            "web/railway.json": "{}",
            "web/vercel.json": "{}",
            "web/.env.staging": "NEXTAUTH_SECRET=x9_d-LAlW3wljUtzFp7aaMOSvfZS-4fPqESs0IS9hvVwCk\n",
        },
    )
    assert lint(root, select=["SL503"]) == []


def test_node_services_on_railway_are_not_asked_for_the_python_backends_variables(
    tmp_path: Path,
) -> None:
    root = write(
        tmp_path,
        {
            "apps/worker/package.json": '{"dependencies": {"bullmq": "5"}}',
            "apps/worker/railway.json": "{}",
            "apps/worker/.env.staging": "NODE_ENV=production\nREDIS_HOST=redis.internal\n"
            "SENTRY_DSN=\n",
        },
    )
    assert lint(root, select=["SL503"]) == []


def test_a_railway_folder_without_manifests_is_still_the_guides_backend(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "backend/railway.json": "{}",
            "backend/.env.staging": "JWT_ALGORITHM=HS256\nSENTRY_DSN=https://k@o1.ingest.sentry.io/1\n"
            "SESSION_SECRET=LT2JohvQxyU9TFjFDk9I_rz-vzdwUn5S4-HKWY_HQ7oCnIxSnlJx8J6pMhvs\n",
        },
    )
    found = {d.variable for d in lint(root, select=["SL503"])}
    assert found == {"PYTHON_ENV", "DATABASE_URL", "JWT_SECRET_KEY", "SENTRY_ENVIRONMENT"}


def test_cra_secrets_are_public_and_a_vite_apps_next_public_ones_are_not(
    tmp_path: Path,
) -> None:
    token = "sk-proj-" + "Qx7vLm2Rk9Tz4Wp8Yb3Nc6Hd1Fg5Js0A"
    root = write(
        tmp_path,
        {
            "client/package.json": '{"dependencies": {"react-scripts": "5.0.1"}}',
            "client/vercel.json": "{}",
            "client/.env.preview": f"REACT_APP_OPENAI_API_KEY={token}\n",
            "vite/package.json": '{"devDependencies": {"vite": "6"}}',
            "vite/vercel.json": "{}",
            "vite/.env.preview": f"NEXT_PUBLIC_OPENAI_API_KEY={token}\n",
        },
    )
    found = lint(root, select=["SL106"])
    assert [(d.service, d.variable) for d in found] == [("client", "REACT_APP_OPENAI_API_KEY")]
    assert token not in found[0].message


def test_catalogue_knows_other_frameworks_spellings() -> None:
    from stagelint.policy.catalogue import load_catalogue

    catalogue = load_catalogue()
    assert catalogue.kind("VITE_API_URL") == catalogue.kind("NEXT_PUBLIC_API_URL") == "url"
    assert catalogue.get("REACT_APP_SENTRY_DSN") is catalogue.get("NEXT_PUBLIC_SENTRY_DSN")
