"""Linting a repository never runs its code.

The project below is booby-trapped: every file that some tool would execute — the Sanity
and Next.js configs (``require('child_process')``, top-level ``await import``),
``package.json`` scripts, a ``setup.py`` and a local PEP 517 build backend, ``conftest.py``,
``sitecustomize.py``, a ``.pth`` file, Python rule files, git hooks and a hostile
``.git/config`` (``core.fsmonitor``, filters, aliases), a policy with a ``!!python`` tag,
``$(...)`` in env values — writes a marker file when run. Every command runs over it through
the console script, and no marker may appear. An in-process run adds what markers cannot
see: an audit hook records every process started (only ``git`` is allowed, for SL107) and
no module may be imported from the project.

Local Python rules are the one exception, by explicit choice: ``--local-rules PATH`` on the
command line (nothing in the repository can ask for it) runs them, and then, only then, their
marker appears.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stagelint.cli import cli
from stagelint.entry import main

SCRIPT = Path(sys.executable).parent / "stagelint"
FORMATS = ("text", "json", "json-lines", "sarif", "github", "gitlab", "junit")


def trap(marker: Path, name: str) -> dict[str, str]:
    """Every booby-trapped file, each writing ``marker/<its name>`` if it ever runs."""
    m = f"{marker}/{name}"
    touch_py = f"open({str(m)!r} + '-{{}}'.format(__name__), 'w').close()\n"
    node = f"require('fs').writeFileSync({json.dumps(m + '-node')}, '')"
    return {
        # JavaScript and TypeScript configs: node would run them on import
        "studio/sanity.config.ts": (
            "import {defineConfig} from 'sanity'\n"
            f"require('child_process').execSync('touch {m}-sanity-exec')\n"
            f"{node}\n"
            "await import('./evil.mjs')\n"
            "export default defineConfig({projectId: 'k7x9p2qd', dataset: 'staging'})\n"
        ),
        "studio/sanity.cli.ts": (
            "import {defineCliConfig} from 'sanity/cli'\n"
            f"import('child_process').then(cp => cp.execSync('touch {m}-sanity-cli'))\n"
            "export default defineCliConfig({api: {projectId: 'k7x9p2qd', dataset: 'staging'}})\n"
        ),
        "studio/evil.mjs": f"import fs from 'fs'; fs.writeFileSync('{m}-evil-mjs', '')\n",
        "web/next.config.js": f"{node}\nmodule.exports = {{}}\n",
        "web/vercel.json": json.dumps(
            {"buildCommand": f"touch {m}-vercel-build", "installCommand": f"touch {m}-install"}
        ),
        "web/.env.preview": f"NEXT_PUBLIC_APP_URL=$(touch {m}-dollar-paren)\nA=`touch {m}-bt`\n",
        "package.json": json.dumps(
            {
                "name": "trap",
                "scripts": {
                    hook: f"touch {m}-npm-{hook}"
                    for hook in ("preinstall", "install", "postinstall", "prepare", "test")
                },
            }
        ),
        # Python: build hooks, test configuration, start-up files, rules
        "pyproject.toml": (
            '[build-system]\nrequires = []\nbuild-backend = "evil_backend"\nbackend-path = ["."]\n\n'
            '[project]\nname = "trap"\nversion = "0"\n\n'
            '[tool.setuptools]\npy-modules = ["evil_backend"]\n\n'
            '[tool.stagelint]\nexclude = ["node_modules/**"]\n'
        ),
        "evil_backend.py": touch_py,
        "setup.py": touch_py,
        "conftest.py": touch_py,
        "sitecustomize.py": touch_py,
        "usercustomize.py": touch_py,
        "stagelint_rules.py": touch_py,  # shadows the built-in rules' package name
        "evil.pth": f"import os; os.system('touch {m}-pth')\n",
        "rules/evil_rule.py": touch_py + _RULE,
        ".stagelint/rules/evil_rule.py": touch_py,
        # platform configs whose commands the platforms run, never stagelint
        "api/railway.json": json.dumps(
            {"deploy": {"startCommand": f"touch {m}-start", "preDeployCommand": [f"touch {m}-pre"]}}
        ),
        "api/.env.staging": (  # a secret: SL107 asks git whether the file is ignored
            f"PYTHON_ENV=staging\nWORKERS=$(touch {m}-env)\n"
            "JWT_SECRET_KEY=Xq7PzR2mK9vLw4TnHb5Nc8Vd3Fg6Jk1Lm0Qw\n"
        ),
        # a policy that would run code if loaded with yaml.load / unsafe_load
        "team.yaml": f"name: !!python/object/apply:os.system ['touch {m}-yaml']\n",
    }


_RULE = '''
from stagelint.diagnostics import Severity
from stagelint.rule import Rule


class LocalTrap(Rule):
    """A local rule that finds nothing.

    ## What it checks
    Nothing.
    """

    code = "XL001"
    name = "local-trap"
    default_severity = Severity.INFO

    def check(self, ctx):
        return iter(())
'''


def git_trap(root: Path, marker: Path, name: str) -> None:
    """A repository whose config and hooks run commands, for SL107's ``git`` calls."""
    subprocess.run(["git", "init", "-q", str(root)], check=True, timeout=30)
    m = f"{marker}/{name}"
    with open(root / ".git" / "config", "a") as config:
        config.write(
            f'[core]\n\tfsmonitor = "touch {m}-fsmonitor"\n\thooksPath = hooks\n'
            f"\tpager = touch {m}-pager\n\tsshCommand = touch {m}-ssh\n"
            f'[filter "trap"]\n\tclean = touch {m}-clean\n\tsmudge = touch {m}-smudge\n'
            f'[diff "trap"]\n\ttextconv = touch {m}-textconv\n'
            f"[alias]\n\tls-files = !touch {m}-alias\n"
        )
    (root / ".gitattributes").write_text("* filter=trap diff=trap\n")
    for hook_dir in (root / ".git" / "hooks", root / "hooks"):
        hook_dir.mkdir(exist_ok=True)
        for hook in ("pre-commit", "post-checkout", "fsmonitor-watchman", "post-index-change"):
            script = hook_dir / hook
            script.write_text(f"#!/bin/sh\ntouch {m}-hook-{hook}\n")
            script.chmod(0o755)


@pytest.fixture
def trapped(tmp_path: Path) -> tuple[Path, Path]:
    """(project root, marker directory), the marker directory empty."""
    root, marker = tmp_path / "repo", tmp_path / "markers"
    marker.mkdir()
    for rel, text in trap(marker, "trap").items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    git_trap(root, marker, "trap")
    (root / "stagelint.toml").write_text('policy = "team.yaml"\n')  # the trapped policy
    return root, marker


def commands(root: Path, out: Path) -> Iterator[list[str]]:
    """Every command stagelint has, over the trapped project."""
    for fmt in FORMATS:
        yield ["check", str(root), "--format", fmt, "--config", str(root / "pyproject.toml")]
    yield ["check", str(root)]  # its own stagelint.toml: the !!python policy is refused
    yield ["check", str(root / "api" / ".env.staging"), "--config", str(root / "pyproject.toml")]
    yield ["check", str(root), "--config", str(root / "pyproject.toml"), "-o", str(out / "r")]
    yield ["fingerprint", str(root / "api" / ".env.staging"), "--environment", "staging",
           "-o", str(out / "fp")]  # fmt: skip
    yield ["rules"]
    yield ["policies"]
    yield ["explain", "SL101"]
    yield ["explain", "WORKERS", "--project", str(root), "--config", str(root / "pyproject.toml")]
    yield ["explain", "--project", str(root), "--config", str(root / "pyproject.toml")]
    yield ["init", str(out / "fresh")]


def test_no_command_runs_the_repository(trapped: tuple[Path, Path], tmp_path: Path) -> None:
    root, marker = trapped
    out = tmp_path / "out"
    (out / "fresh").mkdir(parents=True)
    ran = []
    for args in commands(root, out):
        if args[0] not in getattr(cli, "commands", {}):
            continue
        done = subprocess.run(
            [str(SCRIPT), *args],
            cwd=root,  # the repository's directory, as CI runs it
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": ""},
        )
        assert "Traceback" not in done.stderr, (args, done.stderr)
        assert done.returncode in (0, 1, 2), (args, done.stderr)
        ran.append(args[0])
        assert not sorted(marker.iterdir()), (args, sorted(p.name for p in marker.iterdir()))
    assert {"check", "rules"} <= set(ran)


def test_the_trapped_policy_is_refused_not_run(trapped: tuple[Path, Path]) -> None:
    """The repository's own settings name the ``!!python`` policy: an error, no marker."""
    root, marker = trapped
    done = subprocess.run(
        [str(SCRIPT), "check", "."], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert "could not determine a constructor" in done.stderr
    assert not list(marker.iterdir())


@contextlib.contextmanager
def watching() -> Iterator[list[tuple[str, Any]]]:
    """Record the processes started (audit events) while the block runs."""
    if not _WATCHERS and not _INSTALLED:
        sys.addaudithook(_audit)  # cannot be removed: it records only while a test watches
        _INSTALLED.append(True)
    events: list[tuple[str, Any]] = []
    _WATCHERS.append(events)
    try:
        yield events
    finally:
        _WATCHERS.remove(events)


_WATCHERS: list[list[tuple[str, Any]]] = []
_INSTALLED: list[bool] = []
_SPAWNS = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork"}


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _WATCHERS and (event in _SPAWNS or event == "ctypes.dlopen"):
        for events in _WATCHERS:
            events.append((event, args))


def test_in_process_only_git_runs_and_nothing_is_imported(trapped: tuple[Path, Path]) -> None:
    root, marker = trapped
    before = set(sys.modules)
    args = ["check", str(root), "--config", str(root / "pyproject.toml"), "--format", "json"]
    with watching() as events, contextlib.redirect_stdout(io.StringIO()) as out:
        code = main(args)
    assert code == 1, out.getvalue()
    started = ("subprocess.Popen", "os.posix_spawn")  # SL107's way, by platform
    programs = [Path(str(a[0])).name for event, a in events if event in started]
    assert programs and set(programs) == {"git"}, events  # SL107 asks git, nothing else runs
    assert all(event in started for event, _ in events), events
    from_project = [
        name
        for name in set(sys.modules) - before
        if str(getattr(sys.modules[name], "__file__", "") or "").startswith(str(root))
    ]
    assert not from_project
    assert not list(marker.iterdir())


def test_local_rules_run_only_when_the_command_line_asks(
    trapped: tuple[Path, Path],
) -> None:
    """Without ``--local-rules`` (above) the rule files never run; with it, the named file
    runs, and its rule reports through the normal pipeline."""
    root, marker = trapped
    if "--local-rules" not in _check_options():
        pytest.skip("no --local-rules option: nothing can run local rules")
    done = subprocess.run(
        [str(SCRIPT), "check", str(root), "--config", str(root / "pyproject.toml"),
         "--local-rules", str(root / "rules" / "evil_rule.py"), "--select", "XL001"],
        cwd=root, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    ran = sorted(p.name for p in marker.iterdir())
    assert len(ran) == 1 and ran[0].startswith("trap-"), ran  # that file, and only that one


def _check_options() -> set[str]:
    check = getattr(cli, "commands", {}).get("check")
    return {opt for param in getattr(check, "params", []) for opt in param.opts}


def test_the_traps_are_live(trapped: tuple[Path, Path]) -> None:
    """The control: the tools the traps are set for do spring them, so a marker-free run
    above means stagelint ran nothing (git's fsmonitor included: SL107 turns it off)."""
    root, marker = trapped
    controls = [[sys.executable, "conftest.py"], ["git", "status", "--short"]]
    if shutil.which("node"):
        controls.append(["node", "web/next.config.js"])
    for command in controls:
        subprocess.run(command, cwd=root, capture_output=True, timeout=60, check=False)
    sprung = {p.name for p in marker.iterdir()}
    assert {"trap-__main__", "trap-fsmonitor"} <= sprung, sprung
    assert "trap-node" in sprung or not shutil.which("node"), sprung
