"""Env files pulled from Vercel in a project: where they belong and which environment they
feed (the format itself: tests/parsers/test_vercel_pulled.py)."""

from __future__ import annotations

from pathlib import Path

from stagelint.model.deployment import EnvFile
from stagelint.project.loader import load_project
from stagelint.project.settings import Settings
from tests.support import write_files

HEADER = "# Created by Vercel CLI\n"


def files(root: Path, settings: Settings | None = None) -> dict[str, EnvFile]:
    project = load_project(root, settings or Settings())
    return {f.path: f for f in project.env_files}


def test_a_pulled_file_feeds_the_environment_it_names(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "frontend/vercel.json": "{}",
            # vercel env pull --environment=preview (default file name .env.local)
            "frontend/.env.local": HEADER + 'NEXTAUTH_SECRET="[SENSITIVE]"\nVERCEL_ENV="preview"\n',
            # vercel pull --environment=production
            "frontend/.vercel/.env.production.local": HEADER + 'VERCEL_ENV="production"\n',
            # a pulled file without VERCEL_ENV keeps its name's environment
            "frontend/.env.development.local": HEADER + 'A="1"\n',
            # not pulled: the name decides, whatever it holds
            "frontend/.env.staging": 'VERCEL_ENV="production"\n',
            # a template is never a pulled file
            "frontend/.env.example": HEADER + 'VERCEL_ENV="preview"\n',
        },
    )
    found = files(tmp_path)
    summary = {path: (f.service, f.environment, f.template, f.pulled) for path, f in found.items()}
    assert summary == {
        "frontend/.env.local": ("frontend", "staging", False, True),
        "frontend/.vercel/.env.production.local": ("frontend", "production", False, True),
        "frontend/.env.development.local": ("frontend", "development", False, True),
        "frontend/.env.staging": ("frontend", "staging", False, False),
        "frontend/.env.example": ("frontend", None, True, False),
    }
    (secret,) = found["frontend/.env.local"].variables[:1]
    assert secret.is_platform_value


def test_settings_map_a_pulled_file_over_what_it_says(tmp_path: Path) -> None:
    write_files(
        tmp_path, {"web/vercel.json": "{}", "web/.env.local": HEADER + 'VERCEL_ENV="preview"\n'}
    )
    settings = Settings(environments={"web/.env.local": "development"})
    assert files(tmp_path, settings)["web/.env.local"].environment == "development"


def test_the_vercel_directory_holds_env_files_only(tmp_path: Path) -> None:
    """``.vercel/vercel.json`` is what the CLI compiled from vercel.ts/vercel.toml, and
    ``.vercel/output`` a build: neither is the project's configuration."""
    write_files(
        tmp_path,
        {
            "web/vercel.toml": 'framework = "nextjs"\n',
            "web/.vercel/vercel.json": '{"framework": "nextjs"}',
            "web/.vercel/project.json": '{"projectId": "prj_1"}',
            "web/.vercel/output/config.json": "{}",
            "web/.vercel/output/functions/api.func/.env.production": "A=1\n",
            "web/.vercel/.env.preview.local": HEADER + 'VERCEL_ENV="preview"\n',
        },
    )
    project = load_project(tmp_path, Settings())
    assert sorted(project.services) == ["web"]
    assert [f.path for f in project.env_files] == ["web/.vercel/.env.preview.local"]
