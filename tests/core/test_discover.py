"""Discovery conventions (a contract): services, env file ownership and environments."""

from __future__ import annotations

from pathlib import Path

import pytest

from stagelint.project.discover import EnvKind, classify_env_file, discover, is_env_file_name
from stagelint.project.settings import ServiceSetting, Settings


@pytest.mark.parametrize(
    ("name", "environment", "template"),
    [
        (".env.staging", "staging", False),
        (".env.preview", "staging", False),
        (".env.production", "production", False),
        (".env.prod", "production", False),
        (".env", "development", False),
        (".env.local", "development", False),
        (".env.development", "development", False),
        (".env.example", None, True),
        (".env.sample", None, True),
        (".env.template", None, True),
        (".env.staging.example", "staging", True),
        (".env.local.example", "development", True),
        (".env.production.local", "production", False),
        (".env.staging.local", "staging", False),
        (".env.qa", "qa", False),
    ],
)
def test_classify_env_file(name: str, environment: str | None, template: bool) -> None:
    assert classify_env_file(name) == EnvKind(environment, template)


def test_envrc_is_not_a_dotenv_file() -> None:
    assert not is_env_file_name(".envrc")
    assert is_env_file_name(".env")
    assert is_env_file_name(".env.staging")


def _touch(root: Path, *paths: str) -> None:
    for rel in paths:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}\n" if rel.endswith(".json") else "")


def test_services_and_env_file_owners(tmp_path: Path) -> None:
    root = tmp_path / "shop"
    _touch(
        root,
        "backend/railway.json",
        "backend/.env.staging",
        "backend/app/.env.production",
        "frontend/next.config.mjs",
        "frontend/.env.preview",
        "studio/sanity.config.ts",
        "studio/sanity.cli.ts",
        ".env.example",
        "node_modules/pkg/railway.json",
        "node_modules/pkg/.env.staging",
        ".git/.env.staging",
    )
    found = discover(root, Settings())
    assert {name: s.platforms for name, s in found.services.items()} == {
        "backend": ["railway"],
        "frontend": ["vercel"],
        "studio": ["sanity"],
    }
    assert found.services["studio"].sanity == [
        ("studio/sanity.cli.ts", "cli"),
        ("studio/sanity.config.ts", "studio"),
    ]
    owners = {env.path: (env.service, env.kind) for env in found.env_files}
    assert owners == {
        ".env.example": ("shop", EnvKind(None, True)),
        "backend/.env.staging": ("backend", EnvKind("staging", False)),
        "backend/app/.env.production": ("backend", EnvKind("production", False)),
        "frontend/.env.preview": ("frontend", EnvKind("staging", False)),
    }


def test_root_service_is_named_after_the_project(tmp_path: Path) -> None:
    root = tmp_path / "api"
    _touch(root, "railway.toml", ".env.staging")
    found = discover(root, Settings())
    assert list(found.services) == ["api"]
    assert found.services["api"].root == "."
    assert found.env_files[0].service == "api"


def test_settings_map_environments_services_and_excludes(tmp_path: Path) -> None:
    root = tmp_path / "mono"
    _touch(root, "apps/api/.env.qa", "apps/api/main.py", "deploy/prod.env", "legacy/.env.staging")
    settings = Settings(
        services={"api": ServiceSetting(path="apps/api", platform="railway")},
        environments={".env.qa": "staging", "deploy/*.env": "production"},
        exclude=("legacy",),
    )
    found = discover(root, settings)
    assert found.services["api"].platforms == ["railway"]
    kinds = {env.path: (env.service, env.kind) for env in found.env_files}
    assert kinds == {
        "apps/api/.env.qa": ("api", EnvKind("staging", False)),
        "deploy/prod.env": ("mono", EnvKind("production", False)),
    }


def test_directory_named_like_a_config_is_reported(tmp_path: Path) -> None:
    (tmp_path / "railway.json").mkdir()
    assert discover(tmp_path, Settings()).not_files == ["railway.json"]


def test_symlinked_directories_are_not_followed(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / ".env.staging").write_text("A=1\n")
    (tmp_path / "loop").symlink_to(tmp_path)
    found = discover(tmp_path, Settings())
    assert [e.path for e in found.env_files] == ["real/.env.staging"]


def test_vercel_config_files(tmp_path: Path) -> None:
    """vercel.toml makes a Vercel service; a second config file in the same folder is kept
    beside the first (Vercel refuses to build such a folder: SL608)."""
    root = tmp_path / "shop"
    _touch(root, "web/vercel.toml", "docs/vercel.toml", "docs/vercel.json", "docs/.env.preview")
    found = discover(root, Settings())
    assert found.services["web"].platforms == ["vercel"]
    assert found.services["web"].vercel == "web/vercel.toml"
    assert found.services["web"].vercel_others == []
    assert found.services["docs"].vercel == "docs/vercel.json"
    assert found.services["docs"].vercel_others == ["docs/vercel.toml"]
    assert [(e.path, e.service) for e in found.env_files] == [("docs/.env.preview", "docs")]
