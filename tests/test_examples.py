"""The shipped examples: the guide's setup is clean, the broken one fires every rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from stagelint.policy.registry import load_registry
from stagelint.testing import lint

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize("policy", ["staging", "production"])
def test_guide_example_is_clean_under_every_rule(policy: str) -> None:
    assert [
        (d.code, d.location.path, d.message) for d in lint(EXAMPLES / "guide", policy=policy)
    ] == []


def test_broken_example_fires_every_rule() -> None:
    fired = {d.code for d in lint(EXAMPLES / "broken")}
    missing = sorted(set(load_registry().rules) - fired)
    assert missing == [], f"rules that never fire on examples/broken: {missing}"


@pytest.mark.parametrize("policy", ["staging", "production"])
def test_legacy_example_shows_the_retired_files_rule_only(policy: str) -> None:
    found = [(d.code, d.location.path) for d in lint(EXAMPLES / "legacy-railway", policy=policy)]
    assert found == [
        ("SL607", "backend/railway.json"),
        ("SL607", "worker/railway.json"),
        ("SL607", "worker/railway.toml"),
    ]


def test_guide_example_keeps_its_railway_setup_in_the_iac_file() -> None:
    from stagelint.project.loader import load_project
    from stagelint.project.settings import load_settings

    root = EXAMPLES / "guide"
    project = load_project(root, load_settings(root).settings)
    backend = project.services["backend"]
    assert backend.root == "backend" and backend.railway is None and backend.iac is not None
    (iac_file,) = project.iac_files
    assert iac_file.problems == [] and list(iac_file.environments) == ["staging", "production"]
    origins = {
        getattr(v, "origin", None)
        for f in project.env_files
        if f.path == ".railway/railway.ts"
        for v in f.variables
    }
    assert origins == {"literal", "reference", "preserved"}


@pytest.mark.parametrize("policy", ["staging", "production"])
def test_vercel_ts_example_is_clean(policy: str) -> None:
    assert [
        (d.code, d.location.path, d.message) for d in lint(EXAMPLES / "vercel-ts", policy=policy)
    ] == []


def test_vercel_ts_example_reads_the_code_and_the_pulled_files() -> None:
    from stagelint.project.loader import load_project
    from stagelint.project.settings import load_settings

    root = EXAMPLES / "vercel-ts"
    project = load_project(root, load_settings(root).settings)
    config = project.services["web"].vercel
    assert config is not None and config.problems == []
    assert config.data["functions"] == {"app/**": {"memory": 1024, "maxDuration": 10}}
    [(where, reason)] = config.not_checkable  # the redirects built in redirects.ts
    assert (where.line, where.column) == (17, 5) and "imported from './redirects'" in reason
    pulled = {f.path: (f.environment, f.pulled) for f in project.env_files}
    assert pulled == {
        "web/.vercel/.env.preview.local": ("staging", True),
        "web/.vercel/.env.production.local": ("production", True),
    }
