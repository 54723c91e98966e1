"""The README's runnable snippets, run: a README change that breaks one fails this test.

A fenced block is runnable when the line before it is ``<!-- snippet: runnable KIND -->``:

- ``pre-commit-config``: written as ``.pre-commit-config.yaml`` into a git copy of the guide
  example and run by the real ``pre-commit``, which installs the hook from a tagged clone
  of this checkout (its dependencies from the package index pip is configured with);
- ``github-workflow``: the job's steps in order, ``run:`` steps in bash as GitHub runs them
  (``${{ ... }}`` expanded, ``$GITHUB_ENV`` carried over, ``if:`` decided), ``uses:``
  steps emulated (checkout: the example; setup-python: a fresh virtualenv; upload-sarif:
  the file must be SARIF), with fake ``railway``, ``vercel`` and ``npm`` on ``PATH`` that
  print fake pulled files;
- ``gitlab-ci``: the job's ``script`` in one shell, then ``after_script``, with the same fakes
  (and a fake ``apt-get``);
- ``shell``: the lines in bash, in a copy of the guide example, with the same fakes;
- ``shell-install``: the lines in bash with a fresh virtualenv first on ``PATH``, after which
  ``stagelint`` must be this project (distribution ``stagelint-config``).

Placeholders the reader fills in, ``<stagelint-git-url>`` and ``<tag>``, become the tagged
clone's ``file://localhost/...`` URL and its tag; any other ``<...>`` in a runnable snippet fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support import git, snapshot_repository

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
GUIDE = REPO / "examples" / "guide"
TAG = "snippet-test"
MARKER = re.compile(r"^<!-- snippet: runnable ([a-z-]+) -->\n```[a-z]*\n(.*?)^```$", re.M | re.S)
EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")
SHORT = "short-jwt-secret"
"""The fake Railway CLI's JWT_SECRET_KEY: 16 characters, so SL101 fires on the pulled
values (and only there: the repository's own files pass)."""


@dataclass
class Snippet:
    kind: str
    text: str
    line: int


def snippets() -> list[Snippet]:
    readme = README.read_text(encoding="utf-8")
    return [
        Snippet(m.group(1), m.group(2), readme.count("\n", 0, m.start()) + 1)
        for m in MARKER.finditer(readme)
    ]


def of_kind(kind: str) -> list[Snippet]:
    return [s for s in snippets() if s.kind == kind]


def test_the_readme_marks_its_runnable_snippets() -> None:
    kinds = [s.kind for s in snippets()]
    assert sorted(set(kinds)) == [
        "github-workflow",
        "gitlab-ci",
        "pre-commit-config",
        "shell",
        "shell-install",
    ]
    readme = README.read_text(encoding="utf-8")
    assert readme.count("<!-- snippet:") == len(kinds), "a marker not followed by a fence"


def test_snippets_use_only_the_documented_placeholders() -> None:
    for snippet in snippets():
        for placeholder in re.findall(r"<[a-z][a-z-]*>", snippet.text):
            assert placeholder in ("<stagelint-git-url>", "<tag>"), (snippet.line, placeholder)


# --- the environment every snippet runs in -------------------------------------------------


FAKE_RAILWAY = f"""#!/bin/sh
# a fake `railway variables --service S --environment E --json`
[ -n "$RAILWAY_TOKEN" ] || {{ echo "railway: no RAILWAY_TOKEN" >&2; exit 1; }}
case " $* " in *" variables "*" --json "*) ;; *) echo "railway: unexpected: $*" >&2; exit 1;; esac
cat <<'EOF'
{{
  "JWT_SECRET_KEY": "{SHORT}",
  "LEMON_SQUEEZY_TEST_MODE": "true",
  "PYTHON_ENV": "staging",
  "RAILWAY_ENVIRONMENT_NAME": "staging"
}}
EOF
"""
FAKE_VERCEL = """#!/bin/sh
# a fake `vercel env pull FILE --environment=preview`: writes FILE as the Vercel CLI does
[ "$1" = env ] && [ "$2" = pull ] || { echo "vercel: unexpected: $*" >&2; exit 1; }
case " $* " in *" --environment=preview "*) ;; *) echo "vercel: not preview" >&2; exit 1;; esac
printf '# Created by Vercel CLI\\nNEXTAUTH_SECRET="[SENSITIVE]"\\nVERCEL_ENV="preview"\\n' > "$3"
"""
FAKE_NOOP = """#!/bin/sh
echo "$(basename "$0") $*" >> "${FAKE_LOG:-/dev/null}"
"""


@dataclass
class Stage:
    """A scratch machine: fake CLIs, a runner temp directory, a workspace."""

    root: Path
    bin: Path
    temp: Path
    workspace: Path
    log: Path

    def env(self, **extra: str) -> dict[str, str]:
        base = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("GITHUB_", "STAGELINT_", "RAILWAY_", "VERCEL_", "PIP_REQ"))
        }
        base.pop("VIRTUAL_ENV", None)
        path = f"{self.bin}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{base['PATH']}"
        return {**base, "PATH": path, "FAKE_LOG": str(self.log), "NO_COLOR": "1", **extra}


@pytest.fixture
def stage(tmp_path: Path) -> Stage:
    fake = tmp_path / "bin"
    fake.mkdir()
    for name, text in (
        ("railway", FAKE_RAILWAY),
        ("vercel", FAKE_VERCEL),
        ("npm", FAKE_NOOP),
        ("apt-get", FAKE_NOOP),
    ):
        (fake / name).write_text(text)
        (fake / name).chmod(0o755)
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    workspace = tmp_path / "workspace"
    shutil.copytree(GUIDE, workspace)
    return Stage(tmp_path, fake, temp, workspace, tmp_path / "fake.log")


def bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A script as GitHub's and GitLab's runners run one: bash, stop at the first error."""
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.fixture(scope="module")
def tagged_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of this checkout's working tree (uncommitted changes included, as the test
    must judge the README being changed) with the tag ``snippet-test``."""
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    home = tmp_path_factory.mktemp("clone")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    gitconfig = home / "gitconfig"
    gitconfig.write_text(
        "[user]\n\tname = t\n\temail = t@example.com\n[commit]\n\tgpgsign = false\n"
    )
    env.update(GIT_CONFIG_GLOBAL=str(gitconfig), GIT_CONFIG_NOSYSTEM="1")
    clone = snapshot_repository(REPO, home / "stagelint", env)
    git("tag", TAG, cwd=clone, env=env)
    return clone


def clone_url(clone: Path) -> str:
    """The clone's URL with a host: pip refuses ``git+file:///path`` in a requirement
    (``name @ URL`` needs a host), and git reads ``file://localhost/path`` as the path."""
    return f"file://localhost{clone.as_posix()}"


def filled(text: str, clone: Path) -> str:
    return text.replace("<stagelint-git-url>", clone_url(clone)).replace("<tag>", TAG)


# --- shell ---------------------------------------------------------------------------------


def test_shell_snippets_run(stage: Stage) -> None:
    """The deployed-values example: the fakes' values are judged at their source."""
    (shell,) = of_kind("shell")
    done = bash(
        shell.text, stage.workspace, stage.env(RUNNER_TEMP=str(stage.temp), RAILWAY_TOKEN="t")
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "railway:backend/staging JWT_SECRET_KEY: SL101 [error]" in done.stdout
    assert SHORT not in done.stdout + done.stderr


@pytest.mark.slow
def test_install_snippets_install_this_project(tmp_path: Path, tagged_clone: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
    for snippet in of_kind("shell-install"):
        done = bash(filled(snippet.text, tagged_clone), tmp_path, env)
        assert done.returncode == 0, done.stdout + done.stderr
    shown = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "show", "stagelint-config"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Name: stagelint-config" in shown
    version = subprocess.run(
        [str(venv / "bin" / "stagelint"), "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert version.startswith("stagelint, version")
    # installed from git at a tag: init names that URL and tag (PEP 610)
    (tmp_path / "project").mkdir(exist_ok=True)
    init = subprocess.run(
        [str(venv / "bin" / "stagelint"), "init", str(tmp_path / "project")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert init.returncode == 0, init.stderr
    assert f"repo: {clone_url(tagged_clone)}" in init.stdout and f"rev: {TAG}" in init.stdout


# --- GitHub Actions ------------------------------------------------------------------------


CONDITIONS = {
    "always()": None,  # runs whatever happened
    "github.event_name == 'push' || github.event.pull_request.head.repo.full_name == github.repository": True,
}
"""The ``if:`` expressions the workflow may use; for a fork's pull request the second is
false. An expression not listed here fails the test: teach it here."""


@dataclass
class Job:
    status: str = "success"
    env: dict[str, str] = field(default_factory=dict)
    log: list[tuple[str, int, str]] = field(default_factory=list)


def run_workflow(snippet: Snippet, stage: Stage, clone: Path, fork: bool) -> Job:
    workflow = yaml.safe_load(filled(snippet.text, clone))
    (job_spec,) = workflow["jobs"].values()
    context = {
        "runner.temp": str(stage.temp),
        "secrets.RAILWAY_TOKEN": "" if fork else "fake-railway-token",
        "secrets.VERCEL_TOKEN": "" if fork else "fake-vercel-token",
        "vars.VERCEL_ORG_ID": "team_fake",
        "vars.VERCEL_PROJECT_ID": "prj_fake",
    }

    def expand(text: str) -> str:
        def value(match: re.Match[str]) -> str:
            assert match.group(1) in context, f"teach the test ${{{{ {match.group(1)} }}}}"
            return context[match.group(1)]

        return EXPRESSION.sub(value, text)

    job = Job()
    github_env = stage.temp / "github_env"
    base = stage.env(
        RUNNER_TEMP=str(stage.temp),
        GITHUB_WORKSPACE=str(stage.workspace),
        GITHUB_ENV=str(github_env),
        GITHUB_ACTIONS="true",
        CI="true",
    )
    base.update({k: expand(str(v)) for k, v in (job_spec.get("env") or {}).items()})
    for step in job_spec["steps"]:
        name = step.get("name") or step.get("uses") or step["run"].splitlines()[0]
        condition = step.get("if")
        if condition is None:
            wanted = job.status == "success"
        else:
            assert condition in CONDITIONS, f"teach the test the condition {condition!r}"
            decided = CONDITIONS[condition]
            wanted = True if decided is None else (decided and not fork and job.status == "success")
        if not wanted:
            job.log.append((name, -1, "skipped"))
            continue
        uses = step.get("uses")
        if uses is not None:
            code, output = _emulate(uses, step.get("with") or {}, expand, stage, base)
        else:
            env = {
                **base,
                **job.env,
                **{k: expand(str(v)) for k, v in (step.get("env") or {}).items()},
            }
            github_env.write_text("")
            done = bash(expand(step["run"]), stage.workspace, env)
            code, output = done.returncode, done.stdout + done.stderr
            for line in github_env.read_text().splitlines():
                key, _, value = line.partition("=")
                job.env[key] = value
        job.log.append((name, code, output))
        if code != 0:
            job.status = "failure"
    return job


VERSIONS = {
    "actions/checkout": "v7",
    "actions/setup-python": "v7",
    "github/codeql-action/upload-sarif": "v4",
}
"""The majors the recipe uses, as checked in each action's own repository (December 2026:
checkout v7.0.1, setup-python v7.0.0, codeql-action v4.36.2; CodeQL Action v3 is deprecated
in December 2026). A change of version in the README must be a change here too."""


def _emulate(
    uses: str, inputs: dict[str, Any], expand: Any, stage: Stage, env: dict[str, str]
) -> tuple[int, str]:
    action, _, version = uses.partition("@")
    assert VERSIONS.get(action) == version, f"{uses}: check the action's repository, then VERSIONS"
    if action == "actions/checkout":
        return 0, "the example project is the workspace"
    if action == "actions/setup-python":
        python = stage.root / "setup-python"
        subprocess.run([sys.executable, "-m", "venv", str(python)], check=True)
        env["PATH"] = f"{python / 'bin'}{os.pathsep}{env['PATH']}"
        return 0, f"python {inputs.get('python-version')}"
    if action == "github/codeql-action/upload-sarif":
        sarif = Path(expand(str(inputs["sarif_file"])))
        document = json.loads(sarif.read_text())
        assert document["version"] == "2.1.0" and inputs["category"] == "stagelint"
        return 0, sarif.read_text()
    raise AssertionError(f"teach the test the action {uses}")


@pytest.mark.slow
@pytest.mark.parametrize("fork", [False, True], ids=["same-repository", "fork"])
def test_the_github_workflow_runs(stage: Stage, tagged_clone: Path, fork: bool) -> None:
    (snippet,) = of_kind("github-workflow")
    job = run_workflow(snippet, stage, tagged_clone, fork)
    steps = {name: (code, output) for name, code, output in job.log}
    failed = [name for name, code, _ in job.log if code > 0]
    annotations = steps["stagelint (annotations; fails the job on errors)"]
    sarif = json.loads(steps["github/codeql-action/upload-sarif@v4"][1])
    if fork:  # no secrets: the repository's files only, and they pass
        assert failed == [], job.log
        assert steps[next(n for n in steps if n.startswith("Pull"))][1] == "skipped"
        assert sarif["runs"][0]["results"] == []
    else:  # the fake staging values hold a short secret: the job fails on it
        assert failed == ["stagelint (annotations; fails the job on errors)"], job.log
        assert (
            "::error title=SL101 secret-too-short::railway:backend/staging JWT_SECRET_KEY"
            in annotations[1]
        )
        uris = {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in sarif["runs"][0]["results"]
        }
        assert uris == {"railway:backend/staging"}
    # the pulled files are gone, and were never in the workspace
    assert not (stage.temp / "backend.json").exists() and not (stage.temp / "frontend.env").exists()
    assert not [p for p in stage.workspace.rglob("*") if p.name in ("backend.json", "frontend.env")]
    everything = "".join(output for _, _, output in job.log)
    assert SHORT not in everything


# --- GitLab CI -----------------------------------------------------------------------------


@pytest.mark.slow
def test_the_gitlab_job_runs(stage: Stage, tagged_clone: Path) -> None:
    (snippet,) = of_kind("gitlab-ci")
    (job,) = yaml.safe_load(filled(snippet.text, tagged_clone)).values()
    python = stage.root / "image-python"
    subprocess.run([sys.executable, "-m", "venv", str(python)], check=True)
    env = stage.env(
        CI="true",
        CI_PROJECT_DIR=str(stage.workspace),
        RAILWAY_TOKEN="fake-railway-token",
        VERCEL_TOKEN="fake-vercel-token",
        VERCEL_ORG_ID="team_fake",
        VERCEL_PROJECT_ID="prj_fake",
    )
    env["PATH"] = f"{python / 'bin'}{os.pathsep}{env['PATH']}"
    pulled_dir = stage.root / "pulled"
    variables = {k: str(v) for k, v in job["variables"].items()}
    assert variables["PULLED"].startswith("/tmp/"), "pulled values outside the project"
    variables["PULLED"] = str(pulled_dir)  # this machine's /tmp is shared by other runs
    env.update(variables)
    script = "\n".join(job["script"])
    done = bash(script, stage.workspace, env)
    after = bash("\n".join(job["after_script"]), stage.workspace, env)
    assert after.returncode == 0 and not pulled_dir.exists()
    assert done.returncode == 1, done.stdout + done.stderr  # the fake values fail the job
    reports = job["artifacts"]["reports"]
    quality = json.loads((stage.workspace / reports["codequality"]).read_text())
    assert {i["location"]["path"] for i in quality} == {"railway:backend/staging"}
    junit = (stage.workspace / reports["junit"]).read_text()
    assert "railway:backend/staging JWT_SECRET_KEY" in junit
    assert SHORT not in done.stdout + done.stderr + junit + json.dumps(quality)


# --- pre-commit ----------------------------------------------------------------------------


@pytest.mark.slow
def test_the_pre_commit_config_runs(tmp_path: Path, tagged_clone: Path) -> None:
    (snippet,) = of_kind("pre-commit-config")
    project = tmp_path / "project"
    shutil.copytree(GUIDE, project)
    (project / ".pre-commit-config.yaml").write_text(filled(snippet.text, tagged_clone))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.pop("VIRTUAL_ENV", None)
    gitconfig = tmp_path / "gitconfig"
    gitconfig.write_text(
        "[user]\n\tname = t\n\temail = t@example.com\n[commit]\n\tgpgsign = false\n"
    )
    env.update(
        GIT_CONFIG_GLOBAL=str(gitconfig),
        GIT_CONFIG_NOSYSTEM="1",
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        NO_COLOR="1",
    )
    git("init", "--quiet", cwd=project, env=env)
    git("add", "--all", ".", cwd=project, env=env)
    pre_commit = [sys.executable, "-m", "pre_commit"]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*pre_commit, *args],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )

    clean = run("run", "--all-files")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    preview = project / "frontend" / ".env.preview"
    preview.write_text(preview.read_text() + f"NEXTAUTH_SECRET={SHORT}\n")
    dirty = run("run", "--files", "frontend/.env.preview")
    assert dirty.returncode == 1 and "SL101" in dirty.stdout, dirty.stdout + dirty.stderr
