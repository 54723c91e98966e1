"""Running commands as whole processes and measuring their peak memory honestly.

A child's ``ru_maxrss`` starts from its parent's resident size at ``fork`` (Linux keeps the
high-water mark across ``exec``), so a command forked from pytest would "use" pytest's
memory. The command is therefore started by a small launcher process, whose own size is
below any Python program's, and the launcher reports its child's ``ru_maxrss``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as report:
    report.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


@dataclass
class Finished:
    code: int
    stdout: str
    stderr: str
    peak_mib: float


def run_measured(
    argv: list[str],
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> Finished:
    """Run ``argv``; its exit code, output and peak resident memory in MiB.

    On timeout the command is killed with its launcher (they share a new session), then
    ``subprocess.TimeoutExpired`` is raised: a hang fails the test and leaves no process."""
    with tempfile.TemporaryDirectory() as scratch:
        report = os.path.join(scratch, "maxrss")
        with subprocess.Popen(
            [sys.executable, "-S", "-c", _LAUNCHER, report, *argv],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        ) as proc:
            try:
                stdout, stderr = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.communicate()
                raise
        peak = int(Path(report).read_text()) / 1024 if os.path.exists(report) else 0.0
    return Finished(proc.returncode, stdout, stderr, peak)


def fresh_python(code: str) -> str:
    """What ``code`` prints when run by a new interpreter of this virtualenv: for checks of
    what a run imports or builds, which this test process has long done already. A failure
    fails the test with the interpreter's stderr."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``files`` (path relative to ``root`` -> text or bytes) under ``root``, creating
    directories; text as UTF-8, byte for byte (``\r\n`` stays ``\r\n``). Returns ``root``."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


# Build outputs, caches and environments that a pip build must neither see nor add to.
_NOT_SOURCES = (
    ".git",
    ".venv",
    ".bench",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".hypothesis",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".generated",
)


def copy_sources(source: Path, destination: Path) -> Path:
    """A copy of the source tree at ``source`` for pip to build from.

    pip builds a local directory in place, and setuptools leaves ``build/`` and
    ``*.egg-info`` in it: tests that install this repository or its plugin example build a
    copy, so that running the suite writes nothing into the checkout."""
    import shutil

    shutil.copytree(source, destination, ignore=shutil.ignore_patterns(*_NOT_SOURCES))
    return destination


def git(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    """``git ARGS`` run in ``cwd``: its output, stripped. A failure fails the test with git's
    error."""
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout.strip()


def snapshot_repository(checkout: Path, destination: Path, env: dict[str, str]) -> Path:
    """A repository at ``destination`` whose HEAD commit is the working tree of ``checkout``,
    as ``pre-commit try-repo`` makes one: uncommitted and untracked (not ignored) files
    included, the checkout's own index and objects untouched. ``env`` is git's environment
    (isolated from the user's configuration by the caller)."""
    clone = ("clone", "--quiet", "--no-checkout", str(checkout), str(destination))
    git(*clone, cwd=destination.parent, env=env)
    git("read-tree", "HEAD", cwd=destination, env=env)
    git_dir = destination / ".git"
    index_env = {
        **env,
        "GIT_INDEX_FILE": str(git_dir / "index"),
        "GIT_OBJECT_DIRECTORY": str(git_dir / "objects"),
    }
    git("add", "--all", ".", cwd=checkout, env=index_env)
    commit = ("commit", "--quiet", "--allow-empty", "--no-verify", "-m", "snapshot")
    git(*commit, cwd=destination, env=env)
    return destination
