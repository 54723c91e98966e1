"""The wheel ships ``rules/`` and ``policies/`` and works from a fresh virtualenv.

Builds the wheel from this checkout, installs it (with its dependencies) into a new
virtualenv, and runs the installed ``stagelint check`` on a copy of the example project,
from a directory outside the checkout so that nothing can be imported from the sources.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory, source_copy: Path) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-w",
            str(out),
            str(source_copy),  # a copy: pip's build leaves build/ and *.egg-info behind
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    (found,) = out.glob("stagelint_config-*.whl")  # the distribution's name (README, Install)
    return found


def test_wheel_contains_rules_and_policies(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "stagelint_rules/__init__.py" in names
    assert "stagelint_rules/sl001_parse_error.py" in names
    assert "stagelint_policies/__init__.py" in names
    assert "stagelint_policies/staging.yaml" in names
    assert "stagelint_policies/production.yaml" in names
    assert "stagelint_policies/variables.yaml" in names
    assert "stagelint/explain/picture/graph.py" in names  # the tour's picture
    assert not any(name.startswith(("tests/", "examples/", "benchmarks/")) for name in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    assert "\nName: stagelint-config\n" in zipfile.ZipFile(wheel).read(metadata).decode()
    assert "stagelint/cli.py" in names  # the import package keeps its name
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[stagelint.plugins]" in text
    assert "builtin = stagelint_rules:plugin" in text


@pytest.mark.slow
def test_installed_wheel_checks_the_example(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    project = tmp_path / "guide"
    shutil.copytree(REPO / "examples" / "guide", project)
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    script = env_dir / "bin" / "stagelint"
    run = subprocess.run(
        [str(script), "check", str(project), "--format", "json"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    data = json.loads(run.stdout)
    assert data["diagnostics"] == []
    tour = subprocess.run(
        [str(script), "explain", "--project", str(project), "--format", "markdown"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert tour.returncode == 0, tour.stderr
    assert "```mermaid\nflowchart LR" in tour.stdout  # the picture ships in the wheel
    where = subprocess.run(
        [str(python), "-c", "import stagelint_rules, stagelint_policies as p; print(p.__file__)"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(env_dir) in where.stdout
