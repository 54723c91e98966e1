"""``action.yml``, the composite GitHub Action: its steps run in a shell the way GitHub runs
them, with the variables GitHub sets (``GITHUB_ACTION_PATH``, ``GITHUB_WORKSPACE``,
``RUNNER_TEMP``, ``GITHUB_OUTPUT``...) and ``${{ inputs.* }}`` expanded as a composite
action expands them, on the shipped examples.

The install step builds stagelint from a copy of this checkout (as GitHub checks the action
out at the workflow's ref) into a virtualenv: slow, done once per module.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
ACTION = REPO / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def action() -> dict[str, Any]:
    data = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def expand(text: str, context: dict[str, str]) -> str:
    """``${{ inputs.x }}``, ``${{ github.action_path }}``, ``${{ steps.s.outputs.o }}``
    replaced as GitHub replaces them; an unknown expression fails the test."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in context, f"unexpected expression ${{{{ {name} }}}}"
        return context[name]

    return EXPRESSION.sub(value, text)


@dataclass
class Runner:
    """What GitHub gives a job: a workspace, a temporary directory, the action's path."""

    workspace: Path
    temp: Path
    action_path: Path
    home: Path

    def environment(self, outputs: Path) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_"))}
        base.pop("VIRTUAL_ENV", None)
        base.pop("STAGELINT_ENV_FILES", None)
        for name in ("GITHUB_ENV", "GITHUB_PATH", "GITHUB_STEP_SUMMARY"):
            (self.temp / name.lower()).touch()
        return {
            **base,
            "GITHUB_ACTIONS": "true",
            "CI": "true",
            "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_ACTION_PATH": str(self.action_path),
            "RUNNER_TEMP": str(self.temp),
            "GITHUB_OUTPUT": str(outputs),
            "GITHUB_ENV": str(self.temp / "github_env"),
            "GITHUB_PATH": str(self.temp / "github_path"),
            "GITHUB_STEP_SUMMARY": str(self.temp / "github_step_summary"),
            "HOME": str(self.home),
            "NO_COLOR": "1",
        }


@dataclass
class StepRun:
    code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]


def run_step(runner: Runner, step: dict[str, Any], inputs: dict[str, str]) -> StepRun:
    """One ``run:`` step as GitHub runs it: ``bash --noprofile --norc -eo pipefail``, in the
    workspace, with the step's ``env:`` expanded."""
    assert step["shell"] == "bash"
    context = {f"inputs.{name}": value for name, value in inputs.items()}
    context["github.action_path"] = str(runner.action_path)
    outputs = runner.temp / f"output-{step.get('id', 'step')}"
    outputs.write_text("")
    env = runner.environment(outputs)
    for key, raw in (step.get("env") or {}).items():
        env[key] = expand(str(raw), context)
    script = runner.temp / "step.sh"
    script.write_text(step["run"], encoding="utf-8")
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=runner.workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    found = dict(line.split("=", 1) for line in outputs.read_text().splitlines() if "=" in line)
    return StepRun(done.returncode, done.stdout, done.stderr, found)


def inputs_with(**given: str) -> dict[str, str]:
    """Every input of the action: its default, or the given value (``env_files`` for
    ``env-files``)."""
    values = {name: str(spec.get("default", "")) for name, spec in action()["inputs"].items()}
    for name, value in given.items():
        key = name.replace("_", "-")
        assert key in values, f"no input {key}"
        values[key] = value
    return values


def steps() -> dict[str, dict[str, Any]]:
    found = {}
    for number, step in enumerate(action()["runs"]["steps"]):
        found[step.get("id", f"step{number}")] = step
    return found


# --- the metadata ------------------------------------------------------------------------


def test_the_action_is_composite_with_the_documented_inputs() -> None:
    data = action()
    assert data["runs"]["using"] == "composite"
    assert set(data["inputs"]) == {
        "paths",
        "policy",
        "format",
        "env-files",
        "fail-on",
        "sarif-file",
        "python",
    }
    assert set(data["outputs"]) == {"sarif-file", "exit-code"}
    for step in data["runs"]["steps"]:
        assert step["shell"] == "bash"


def test_inputs_never_reach_a_script_text() -> None:
    """An expression in ``run:`` is pasted into the script before bash reads it: an input
    holding ``$(...)`` would run. Inputs go through ``env:`` only."""
    for step in action()["runs"]["steps"]:
        assert not EXPRESSION.search(step["run"]), step["name"]


# --- running it ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Runner:
    """The install step, run once: stagelint built from a copy of this checkout."""
    from tests.support import copy_sources

    base = tmp_path_factory.mktemp("action")
    action_path = copy_sources(REPO, base / "_actions" / "stagelint")
    runner = Runner(base / "workspace", base / "runner-temp", action_path, base / "home")
    for folder in (runner.workspace, runner.temp, runner.home):
        folder.mkdir()
    install = next(s for s in action()["runs"]["steps"] if "id" not in s)
    done = run_step(runner, install, inputs_with())
    assert done.code == 0, done.stderr[-3000:]
    assert (runner.temp / "stagelint-action" / "venv" / "bin" / "stagelint").is_file()
    assert not (action_path / "build").exists()  # the action's checkout is left as it was
    return runner


def workspace_with(runner: Runner, example: str) -> Path:
    """The workspace holding a shipped example, as after actions/checkout."""
    if runner.workspace.exists():
        shutil.rmtree(runner.workspace)
    shutil.copytree(REPO / "examples" / example, runner.workspace)
    return runner.workspace


@pytest.mark.slow
def test_deployed_values_fail_the_step_and_fill_the_sarif_file(installed: Runner) -> None:
    workspace_with(installed, "guide")
    pulled = installed.temp / "backend.json"
    pulled.write_text(
        json.dumps(
            {
                "DATABASE_URL": "postgresql://app:Xk29vLq8Rt5mWz3nPb7cJd4h@ep-a1.us-east-2.aws.neon.tech/db",
                "LEMON_SQUEEZY_TEST_MODE": "false",
            },
            indent=2,
        )
    )
    sarif = installed.temp / "stagelint.sarif"
    done = run_step(
        installed,
        steps()["check"],
        inputs_with(env_files=f"backend:staging={pulled}\n", sarif_file=str(sarif)),
    )
    assert done.code == 1, done.stderr
    assert done.outputs == {"sarif-file": str(sarif), "exit-code": "1"}
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::error ")]
    assert annotations and all("file=" not in line for line in annotations)
    assert any("railway:backend/staging DATABASE_URL" in line for line in annotations)
    results = json.loads(sarif.read_text())["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"railway:backend/staging"}
    assert "Xk29vLq8Rt5mWz3nPb7cJd4h" not in done.stdout + done.stderr + sarif.read_text()


@pytest.mark.slow
def test_a_clean_example_passes_and_a_broken_one_fails(installed: Runner) -> None:
    workspace_with(installed, "guide")
    clean = run_step(installed, steps()["check"], inputs_with())
    assert clean.code == 0, clean.stdout + clean.stderr
    assert clean.outputs == {"sarif-file": "", "exit-code": "0"}
    workspace_with(installed, "broken")
    broken = run_step(installed, steps()["check"], inputs_with(format="text", fail_on="warning"))
    assert broken.code == 1 and "SL101 [error]" in broken.stdout
    assert broken.outputs["exit-code"] == "1"


@pytest.mark.slow
def test_paths_policy_and_errors(installed: Runner) -> None:
    workspace = workspace_with(installed, "broken")
    one = run_step(
        installed,
        steps()["check"],
        inputs_with(paths="frontend\nstudio\n", policy="production", format="json"),
    )
    assert one.code == 1, one.stderr
    data = json.loads(one.stdout)
    assert data["policy"] == "production"
    assert {d["path"].split("/")[0] for d in data["diagnostics"]} <= {"frontend", "studio"}
    # an input holding shell syntax stays a word: nothing runs
    marker = workspace / "injected"
    hostile = run_step(
        installed, steps()["check"], inputs_with(paths=f"$(touch {marker})", policy="`id`")
    )
    assert hostile.code == 2 and not marker.exists()
    assert hostile.outputs["exit-code"] == "2"
    missing = run_step(
        installed, steps()["check"], inputs_with(env_files="backend:staging=/nonexistent")
    )
    assert missing.code == 2 and "no such file" in missing.stderr
