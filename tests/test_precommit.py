"""The pre-commit hook: its manifest, the file targets it passes, and real commits.

The slow test installs stagelint from a snapshot of this checkout's working tree into
pre-commit's own virtualenv (dependencies from the package index) and makes real
``git commit``s in a copy of the example project with the hook installed. The environment
is built once per module and reused by every commit.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.support import git, run_measured, snapshot_repository, write_files

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "guide"
MANIFEST = REPO / ".pre-commit-hooks.yaml"
SCRIPT = Path(sys.executable).parent / "stagelint"
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]

STAGING = "frontend/.env.preview"
PRODUCTION = "frontend/.env.production"
"""The guide's backend keeps its variables in .railway/railway.ts: the env files committed
in the example are the frontend's and the studio's."""
SHORT_SECRET = "k3Jd9sLq0Zx7Vb2Nm5Tr"  # 20 characters, random-looking
assert len(SHORT_SECRET) == 20


def _hook() -> dict[str, object]:
    (hook,) = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(hook, dict)
    return hook


def test_manifest_is_valid_for_pre_commit() -> None:
    from pre_commit.clientlib import load_manifest  # type: ignore[import-untyped]

    (hook,) = load_manifest(str(MANIFEST))
    assert hook["id"] == "stagelint"
    assert hook["entry"] == "stagelint check"
    assert hook["language"] == "python"
    assert hook["require_serial"] is True
    assert hook["pass_filenames"] is True


@pytest.mark.parametrize(
    ("path", "matched"),
    [
        ("railway.json", True),
        ("backend/railway.json", True),
        ("backend/railway.toml", True),
        ("frontend/vercel.json", True),
        (".env", True),
        ("backend/.env.staging", True),
        ("frontend/.env.preview", True),
        ("backend/.env.production.local", True),
        ("backend/.env.staging.example", True),
        ("studio/sanity.config.ts", True),
        ("studio/sanity.cli.js", True),
        ("stagelint.toml", True),
        ("pyproject.toml", True),
        ("backend/pyproject.toml", True),
        (".stagelint/production.fingerprints", True),
        (".envrc", False),
        ("backend/.envrc", False),
        ("backend/.env.staging/notes.txt", False),
        ("railway.json.bak", False),
        ("myrailway.json", False),
        ("frontend/vercel.json5", False),
        ("studio/sanity.ts", False),
        ("docs/env.md", False),
        ("src/app.py", False),
    ],
)
def test_files_pattern(path: str, matched: bool) -> None:
    pattern = re.compile(str(_hook()["files"]))
    assert bool(pattern.search(path)) is matched


def test_readme_documents_the_hook() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "- id: stagelint" in readme or "{id: stagelint}" in readme
    assert "repo: <stagelint-git-url>" in readme and "rev: <tag>" in readme


# --- File targets: what stagelint reports for the files pre-commit passes --------------

JWT_STAGING = "hehz1dNS8mkLIlsl2JS0fQgiGh0laWekRYtJemCRGfgrlMNOunT33R6Ecks1KCQm"
JWT_PRODUCTION = "f1Xw9H4H7EylzM_ZpnkE9wxNALovQaiNm6bJ2S8jiZYTZJPYJn1JHc2jK3MwFuDs"


def _found(cwd: Path, *args: str) -> list[tuple[str, str, int]]:
    """(code, path, line) of each diagnostic of ``stagelint check --format json ARGS``."""
    import json

    env = {**os.environ, "NO_COLOR": "1"}
    done = run_measured([str(SCRIPT), "check", "--format", "json", *args], cwd=cwd, env=env)
    assert done.code in (0, 1), done.stderr
    data = json.loads(done.stdout)
    return [(d["code"], d["path"], d["line"]) for d in data["diagnostics"]]


@pytest.fixture
def shared_secret(tmp_path: Path) -> Path:
    """Staging's JWT secret equals production's (SL104 at the staging line); staging also
    has a duplicate key (SL004) that no production change concerns."""
    write_files(
        tmp_path,
        {
            ".git/HEAD": "ref: refs/heads/main\n",
            "backend/railway.json": "{}\n",
            "backend/.env.staging": f"JWT_SECRET_KEY={JWT_STAGING}\nA=1\nA=2\n",
            "backend/.env.production": f"X=1\nJWT_SECRET_KEY={JWT_STAGING}\n",
        },
    )
    return tmp_path


def test_related_location_in_a_given_file_is_reported(shared_secret: Path) -> None:
    found = _found(shared_secret, "--select", "SL104,SL004", "backend/.env.production")
    assert found == [("SL104", "backend/.env.staging", 1)]


def test_findings_in_the_given_file_are_reported_as_before(shared_secret: Path) -> None:
    found = _found(shared_secret, "--select", "SL104,SL004", "backend/.env.staging")
    assert sorted(found) == [
        ("SL004", "backend/.env.staging", 3),
        ("SL104", "backend/.env.staging", 1),
    ]


def test_unrelated_files_report_nothing(shared_secret: Path) -> None:
    (shared_secret / "backend" / "railway.json").write_text("{}\n")
    assert _found(shared_secret, "--select", "SL104,SL004", "backend/railway.json") == []


def test_a_given_settings_file_checks_the_whole_project(shared_secret: Path) -> None:
    (shared_secret / "stagelint.toml").write_text('select = ["SL104", "SL004"]\n')
    found = _found(shared_secret, "stagelint.toml")
    assert sorted(found) == [
        ("SL004", "backend/.env.staging", 3),
        ("SL104", "backend/.env.staging", 1),
    ]


def test_a_given_pyproject_checks_the_whole_project_only_when_it_holds_the_settings(
    shared_secret: Path,
) -> None:
    (shared_secret / "backend" / "pyproject.toml").write_text('[project]\nname = "api"\n')
    assert _found(shared_secret, "--select", "SL004", "backend/pyproject.toml") == []
    (shared_secret / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.stagelint]\nselect = ["SL004"]\n'
    )
    assert _found(shared_secret, "pyproject.toml") == [("SL004", "backend/.env.staging", 3)]


# --- Real commits through pre-commit -----------------------------------------------------


def _git_env(home: Path) -> dict[str, str]:
    """An environment isolated from the user's git configuration and hooks."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    gitconfig = home / "gitconfig"
    if not gitconfig.exists():
        gitconfig.write_text(
            "[user]\n\tname = stagelint tests\n\temail = tests@example.com\n"
            "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n"
        )
    env.update(
        GIT_CONFIG_GLOBAL=str(gitconfig),
        GIT_CONFIG_NOSYSTEM="1",
        PRE_COMMIT_HOME=str(home / "pre-commit"),
        NO_COLOR="1",
    )
    env.pop("VIRTUAL_ENV", None)
    return env


def _snapshot(home: Path, env: dict[str, str]) -> tuple[Path, str]:
    """A repository whose HEAD commit is this checkout's working tree, as ``try-repo``
    makes one: uncommitted and untracked (not ignored) files included, this checkout's own
    index and objects untouched."""
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout: pre-commit installs hooks from a git repository")
    shadow = snapshot_repository(REPO, home / "stagelint-snapshot", env)
    return shadow, git("rev-parse", "HEAD", cwd=shadow, env=env)


@dataclass
class Hooked:
    """The source of the hook: a snapshot repository and its commit, and the shared
    pre-commit home where the hook's environment is built once."""

    home: Path
    repo: Path
    rev: str
    env: dict[str, str]


@pytest.fixture(scope="module")
def hooked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hooked]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    env = _git_env(home)
    repo, rev = _snapshot(home, env)
    yield Hooked(home, repo, rev, env)


@dataclass
class Commit:
    code: int
    output: str
    seconds: float


class Project:
    """A copy of the example project in a git repository with the hook installed."""

    def __init__(self, root: Path, hooked: Hooked) -> None:
        self.root = root
        self.env = hooked.env
        config = (
            "repos:\n"
            f"  - repo: {hooked.repo}\n"
            f"    rev: {hooked.rev}\n"
            "    hooks:\n"
            "      - id: stagelint\n"
        )
        shutil.copytree(EXAMPLE, root)
        (root / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
        git("init", "--quiet", cwd=root, env=self.env)
        subprocess.run(
            [*PRE_COMMIT, "install"], cwd=root, env=self.env, check=True, capture_output=True
        )

    def commit(self, message: str, *paths: str) -> Commit:
        git("add", "--", *(paths or (".",)), cwd=self.root, env=self.env)
        start = time.monotonic()
        done = subprocess.run(
            ["git", "commit", "--quiet", "-m", message],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        return Commit(done.returncode, done.stdout + done.stderr, time.monotonic() - start)

    def commits(self) -> int:
        return int(git("rev-list", "--count", "--all", cwd=self.root, env=self.env) or 0)

    def set_variable(self, rel: str, key: str, value: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        new, count = re.subn(rf"(?m)^{key}=.*$", f"{key}={value}", text)
        assert count == 1, f"{key} not in {rel}"
        path.write_text(new, encoding="utf-8")

    def variable(self, rel: str, key: str) -> str:
        text = (self.root / rel).read_text(encoding="utf-8")
        match = re.search(rf"(?m)^{key}=(.*)$", text)
        assert match, f"{key} not in {rel}"
        return match.group(1)


@pytest.fixture
def project(tmp_path: Path, hooked: Hooked) -> Project:
    """The example, committed once through the hook (which checks every file: clean)."""
    project = Project(tmp_path / "guide", hooked)
    first = project.commit("Example project")
    print(f"first commit (builds the hook environment if needed): {first.seconds:.1f} s")
    assert first.code == 0, first.output
    assert "stagelint" in first.output and "Passed" in first.output
    return project


@pytest.mark.slow
def test_commit_with_a_short_staging_secret_is_blocked(project: Project) -> None:
    project.set_variable(STAGING, "NEXTAUTH_SECRET", SHORT_SECRET)
    result = project.commit("Rotate the staging auth secret", STAGING)
    print(f"blocked commit: {result.seconds:.1f} s")
    print(result.output)
    assert result.code != 0
    assert "SL101" in result.output, result.output
    assert f"{STAGING}:" in result.output
    assert "NEXTAUTH_SECRET" in result.output
    assert SHORT_SECRET not in result.output  # values stay out of the output
    assert project.commits() == 1


@pytest.mark.slow
def test_clean_commit_passes(project: Project) -> None:
    project.set_variable(STAGING, "FEATURE_ANALYTICS_ENABLED", "false")
    result = project.commit("No analytics in staging", STAGING)
    print(f"clean commit: {result.seconds:.1f} s")
    assert result.code == 0, result.output
    assert project.commits() == 2


@pytest.mark.slow
def test_production_change_that_shares_a_staging_secret_is_blocked(project: Project) -> None:
    staging_secret = project.variable(STAGING, "NEXTAUTH_SECRET")
    project.set_variable(PRODUCTION, "NEXTAUTH_SECRET", staging_secret)
    result = project.commit("Production auth secret", PRODUCTION)
    assert result.code != 0
    assert "SL104" in result.output, result.output
    assert f"{STAGING}:" in result.output  # reported where staging holds it
    assert f"{PRODUCTION}:" in result.output  # with the committed line related
    assert project.commits() == 1
