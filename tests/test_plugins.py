"""Rules from outside stagelint: an installed plugin package, and ``--local-rules``.

Local rules run code from the linted repository, so they load only when the command line
names them: these tests plant rule files that write a marker file when imported, in every
place a repository could hope stagelint looks, and check that no marker appears unless
``--local-rules`` is given. The slow test installs ``examples/plugin`` with stagelint into
a fresh virtualenv and uses its rule and policy pack.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
import venv
from pathlib import Path
from typing import Any

import pytest

from tests.support import run_measured

REPO = Path(__file__).resolve().parent.parent
PLUGIN = REPO / "examples" / "plugin"
SCRIPT = Path(sys.executable).parent / "stagelint"


def _stagelint(*args: str, cwd: Path, script: Path = SCRIPT) -> tuple[int, str, str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("PYTHONPATH", None)
    done = run_measured([str(script), *args], cwd=cwd, env=env)
    assert "Traceback" not in done.stderr, done.stderr
    return done.code, done.stdout, done.stderr


def _codes(stdout: str) -> list[tuple[str, str, int]]:
    data = json.loads(stdout)
    return [(d["code"], d["path"], d["line"]) for d in data["diagnostics"]]


# --- Local rules ------------------------------------------------------------------------


def _rule_source(marker: Path, code: str = "LOC001", prelude: str = "") -> str:
    """A rule module that leaves ``marker`` behind when it is imported."""
    return textwrap.dedent(
        f'''\
        from __future__ import annotations

        from collections.abc import Iterator
        from pathlib import Path

        from stagelint.diagnostics import Severity, Violation
        from stagelint.model.deployment import Location
        from stagelint.rule import Context, Rule
        {prelude}
        Path({str(marker)!r}).write_text("imported")


        class TeamOwnerMissing(Rule):
            """A staging env file that does not name its owning team.

            ## What it checks
            Every staging env file defines `TEAM_OWNER`.
            ## Why
            Someone must answer for staging's settings.
            ## Example
            ## Use instead
            ## How to fix
            Add `TEAM_OWNER=payments`.
            ## Guide
            None.
            """

            code = "{code}"
            name = "team-owner-missing-{code.lower()}"
            default_severity = Severity.WARNING

            def check(self, ctx: Context) -> Iterator[Violation]:
                for env_file in ctx.judged_env_files():
                    if "TEAM_OWNER" not in env_file.effective():
                        yield Violation(
                            message="TEAM_OWNER is not set",
                            location=Location.at(env_file.path),
                            environment=env_file.environment,
                            service=env_file.service,
                        )
        '''
    )


@pytest.fixture
def planted(tmp_path: Path) -> tuple[Path, Path]:
    """A project with rule files wherever a repository might hope stagelint looks: a
    conventional directory, module names of stagelint's own packages, a fake installed
    distribution with a ``stagelint.plugins`` entry point, and a ``conftest.py``."""
    root = tmp_path / "project"
    marker = tmp_path / "marker"
    source = _rule_source(marker)
    files = {
        ".git/HEAD": "ref: refs/heads/main\n",
        "backend/railway.json": "{}\n",
        "backend/.env.staging": "PYTHON_ENV=staging\n",
        ".stagelint/rules/team.py": source,
        "stagelint_rules/__init__.py": source,
        "stagelint_local.py": source,
        "conftest.py": source,
        "evil-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: evil\nVersion: 1.0\n",
        "evil-1.0.dist-info/entry_points.txt": "[stagelint.plugins]\nevil = stagelint_local:plugin\n",
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root, marker


def test_without_the_option_no_repository_code_runs(planted: tuple[Path, Path]) -> None:
    root, marker = planted
    code, stdout, stderr = _stagelint("check", "--format", "json", cwd=root)
    assert code in (0, 1), stderr
    assert not marker.exists()
    code, stdout, stderr = _stagelint("check", "--format", "json", "backend/.env.staging", cwd=root)
    assert code in (0, 1), stderr
    assert not marker.exists()
    assert "LOC001" not in stdout


def test_a_setting_cannot_ask_for_local_rules(planted: tuple[Path, Path]) -> None:
    root, marker = planted
    (root / "stagelint.toml").write_text('local-rules = [".stagelint/rules"]\n')
    code, _, stderr = _stagelint("check", cwd=root)
    assert code == 2
    assert "pass --local-rules PATH on the command line" in stderr
    assert not marker.exists()


def test_the_option_loads_and_runs_a_file(planted: tuple[Path, Path]) -> None:
    root, marker = planted
    code, stdout, stderr = _stagelint(
        "check", "--format", "json", "--local-rules", ".stagelint/rules/team.py", cwd=root
    )
    assert marker.read_text() == "imported"
    assert code == 1, stderr  # the project has errors of built-in rules too
    assert ("LOC001", "backend/.env.staging", 1) in _codes(stdout)
    (diag,) = [d for d in json.loads(stdout)["diagnostics"] if d["code"] == "LOC001"]
    assert diag["severity"] == "warning"


def test_the_option_loads_a_directory_with_shared_helpers(tmp_path: Path) -> None:
    root = tmp_path / "project"
    rules = root / "lint"
    rules.mkdir(parents=True)
    (root / "backend").mkdir()
    (root / "backend" / "railway.json").write_text("{}\n")
    (root / "backend" / ".env.staging").write_text("PYTHON_ENV=staging\n")
    (rules / "_shared.py").write_text("OWNER_KEY = 'TEAM_OWNER'\n")
    source = _rule_source(tmp_path / "marker", "LOC002", prelude="from ._shared import OWNER_KEY")
    (rules / "owner.py").write_text(source.replace('"TEAM_OWNER" not in', "OWNER_KEY not in"))
    (rules / "notes.py").write_text("# no rules here\n")
    code, stdout, stderr = _stagelint(
        "check", "--format", "json", "--local-rules", "lint", "--select", "LOC002", cwd=root
    )
    assert code == 0, stderr
    assert _codes(stdout) == [("LOC002", "backend/.env.staging", 1)]


def test_local_rules_take_options_and_severity_from_a_policy(planted: tuple[Path, Path]) -> None:
    root, _ = planted
    (root / "team.yaml").write_text("name: team\nextends: staging\nrules:\n  LOC001: error\n")
    code, stdout, _ = _stagelint(
        "check",
        "--format",
        "json",
        "--policy",
        "team.yaml",
        "--select",
        "LOC001",
        "--local-rules",
        ".stagelint/rules/team.py",
        cwd=root,
    )
    assert code == 1
    (diag,) = json.loads(stdout)["diagnostics"]
    assert (diag["code"], diag["severity"]) == ("LOC001", "error")


@pytest.mark.parametrize(
    ("files", "argument", "message"),
    [
        ({}, "missing.py", "--local-rules: no such file or directory: missing.py"),
        ({"none.py": "X = 1\n"}, "none.py", "none.py: no rule classes"),
        ({"boom.py": "raise RuntimeError('no')\n"}, "boom.py", "boom.py: local rules failed"),
        ({"bad.py": "def (:\n"}, "bad.py", "bad.py:1: local rules failed to import: SyntaxError"),
        ({"dup.py": "SL101"}, "dup.py", "rule code SL101 is registered twice"),
    ],
)
def test_local_rule_errors_are_one_line(
    tmp_path: Path, files: dict[str, str], argument: str, message: str
) -> None:
    for name, text in files.items():
        if text == "SL101":
            text = _rule_source(tmp_path / "marker", "SL101")
        (tmp_path / name).write_text(text)
    code, _, stderr = _stagelint("check", "--local-rules", argument, cwd=tmp_path)
    assert code == 2
    assert message in stderr
    assert len(stderr.strip().splitlines()) == 1


# --- An installed plugin package ---------------------------------------------------------


def test_plugin_example_is_a_package() -> None:
    assert (PLUGIN / "pyproject.toml").is_file()
    text = (PLUGIN / "pyproject.toml").read_text(encoding="utf-8")
    assert '[project.entry-points."stagelint.plugins"]' in text


@pytest.fixture(scope="module")
def plugin_env(tmp_path_factory: pytest.TempPathFactory, source_copy: Path) -> Path:
    """A fresh virtualenv with stagelint and the example plugin installed from their
    directories (with the plugin's test extra), dependencies from the package index.
    Built from a copy of the sources: pip's build leaves build/ and *.egg-info behind."""
    env_dir = tmp_path_factory.mktemp("plugin") / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    start = time.monotonic()
    install = subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            str(source_copy),
            f"{source_copy / PLUGIN.relative_to(REPO)}[test]",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    print(f"virtualenv with stagelint and the plugin: {time.monotonic() - start:.1f} s")
    assert install.returncode == 0, install.stderr[-3000:]
    return env_dir


def _guide_with(tmp_path: Path, app_name: str) -> Path:
    project = tmp_path / "guide"
    shutil.copytree(REPO / "examples" / "guide", project)
    path = project / "frontend" / ".env.preview"
    lines = [
        f'NEXT_PUBLIC_APP_NAME="{app_name}"' if line.startswith("NEXT_PUBLIC_APP_NAME=") else line
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return project


@pytest.mark.slow
def test_installed_plugin_rule_runs_and_is_listed(plugin_env: Path, tmp_path: Path) -> None:
    script = plugin_env / "bin" / "stagelint"
    project = _guide_with(tmp_path, "AI E-Commerce Platform")
    code, stdout, stderr = _stagelint(
        "check", "--format", "json", str(project), cwd=tmp_path, script=script
    )
    assert code == 0, stderr  # ACME001 is a warning by default
    diagnostics: list[dict[str, Any]] = json.loads(stdout)["diagnostics"]
    assert [(d["code"], d["path"], d["severity"]) for d in diagnostics] == [
        ("ACME001", "frontend/.env.preview", "warning")
    ]
    code, stdout, stderr = _stagelint("rules", "--format", "json", cwd=tmp_path, script=script)
    assert code == 0, stderr
    (acme,) = [rule for rule in json.loads(stdout) if rule["code"] == "ACME001"]
    assert (acme["name"], acme["origin"], acme["default_severity"]) == (
        "misleading-app-name",
        "acme",
        "warning",
    )
    assert "acme-staging" in [policy["name"] for policy in acme["policies"]]
    code, stdout, stderr = _stagelint("rules", cwd=tmp_path, script=script)
    assert code == 0, stderr
    (row,) = [line for line in stdout.splitlines() if line.startswith("ACME001")]
    assert "misleading-app-name" in row


@pytest.mark.slow
def test_installed_plugin_policy_pack(plugin_env: Path, tmp_path: Path) -> None:
    script = plugin_env / "bin" / "stagelint"
    project = _guide_with(tmp_path, "AI E-Commerce Platform")
    args = ("check", "--format", "json", "--policy", "acme-staging", str(project))
    code, stdout, stderr = _stagelint(*args, cwd=tmp_path, script=script)
    assert code == 1, stderr  # the pack makes it an error
    diagnostics: list[dict[str, Any]] = json.loads(stdout)["diagnostics"]
    assert [(d["code"], d["severity"]) for d in diagnostics] == [("ACME001", "error")]
    clean = _guide_with(tmp_path / "clean", "AI E-Commerce Platform (Staging)")
    code, stdout, stderr = _stagelint(*args[:-1], str(clean), cwd=tmp_path, script=script)
    assert code == 0, stdout + stderr


@pytest.mark.slow
def test_plugin_fixture_tests_pass_with_the_shipped_harness(plugin_env: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(
        [str(plugin_env / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=PLUGIN,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout


def test_the_documented_rule_api_is_importable() -> None:
    """docs/plugins.md lists what ``stagelint.rule`` offers: every name is there."""
    import re

    import stagelint.rule

    docs = (Path(__file__).resolve().parents[1] / "docs" / "plugins.md").read_text("utf-8")
    row = next(line for line in docs.splitlines() if line.startswith("| `stagelint.rule` |"))
    names = re.findall(r"`([A-Za-z_]+)`", row.split("|")[2])
    assert "judged_literal" in names and "literal" in names
    assert [name for name in names if not hasattr(stagelint.rule, name)] == []
