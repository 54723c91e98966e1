"""Rules in several processes: the same diagnostics, the same failures, no process left."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from stagelint.check import engine, parallel
from stagelint.check.engine import RuleCrashed, RuleFailure, Selection, active_rules
from stagelint.model.deployment import Location
from stagelint.model.diagnostics import Diagnostic, Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.packs import load_policy
from stagelint.policy.registry import Plugin, load_registry
from stagelint.policy.rule import Rule
from stagelint.project.loader import load_project
from stagelint.project.settings import Settings
from tests.conftest import REPO

BROKEN = REPO / "examples" / "broken"
SCRIPT = Path(sys.executable).parent / "stagelint"
PARENT = os.getpid()

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def _doc(summary: str) -> str:
    sections = "\n".join(
        f"## {name}\n..." for name in ("What it checks", "Why", "Example", "Use instead")
    )
    return f"{summary}\n\n{sections}\n## How to fix\n...\n## Guide\n...\n"


class Crashes(Rule):
    __doc__ = _doc("Raises.")
    code = "XP001"
    name = "crashes"

    def check(self, ctx: Context) -> Iterator[Violation]:
        raise ValueError("boom")
        yield  # pragma: no cover


class CrashesToo(Crashes):
    __doc__ = _doc("Raises as well.")
    code = "XP002"
    name = "crashes-too"


class DiesInAWorker(Rule):
    """Kills the process it runs in, unless that is the test's own."""

    __doc__ = _doc("Kills a worker.")
    code = "XP003"
    name = "dies-in-a-worker"

    def check(self, ctx: Context) -> Iterator[Violation]:
        if os.getpid() != PARENT:
            os._exit(7)
        yield Violation(message="found in the parent", location=Location.at("x.env", 1))


def _lint(
    root: Path,
    jobs: int,
    plugins: tuple[Plugin, ...] = (),
    failures: list[RuleFailure] | None = None,
    **kw: str,
) -> list[Diagnostic]:
    registry = load_registry(plugins)
    policy = load_policy(kw.get("policy", "staging"), registry, root)
    selection = Selection(select=tuple(kw["select"].split(","))) if "select" in kw else Selection()
    rules = active_rules(registry, policy, Settings(), selection)
    project = load_project(root, Settings())
    ctx = Context(project, policy, policy.environment, policy.compare_with, Settings())
    return engine.lint(ctx, rules, registry, jobs, failures)


@pytest.mark.parametrize("policy", ["staging", "production"])
def test_the_same_diagnostics_whatever_the_number_of_processes(policy: str) -> None:
    serial = _lint(BROKEN, 1, policy=policy)
    assert len({d.code for d in serial}) > 15
    for jobs in (2, 3, 5):
        assert _lint(BROKEN, jobs, policy=policy) == serial, jobs


def test_a_crashing_rule_fails_as_in_a_serial_run() -> None:
    plugin = Plugin("crashing", rules=lambda: [Crashes, CrashesToo])
    for jobs in (1, 2, 3):
        with pytest.raises(RuleCrashed) as raised:
            _lint(BROKEN, jobs, (plugin,), select="SL1,XP")
        assert raised.value.rule is Crashes, jobs  # the first in rule order, as serially
        assert isinstance(raised.value.original, ValueError)


def test_a_crashing_rule_loses_only_its_own_findings() -> None:
    """With a list to collect failures (as ``check`` passes one), every rule that raises is
    recorded, in rule order, and every other rule's findings are those of a run without
    the crashing rules — with any number of processes."""
    plugin = Plugin("crashing", rules=lambda: [Crashes, CrashesToo])
    healthy = _lint(BROKEN, 1, select="SL1")
    assert healthy
    for jobs in (1, 2, 3):
        failures: list[RuleFailure] = []
        assert _lint(BROKEN, jobs, (plugin,), failures, select="SL1,XP") == healthy, jobs
        assert [(f.code, type(f.error)) for f in failures] == [
            ("XP001", ValueError),
            ("XP002", ValueError),
        ], jobs
        assert "boom" not in failures[0].note()


def test_a_worker_that_dies_costs_only_time() -> None:
    plugin = Plugin("dying", rules=lambda: [DiesInAWorker])
    serial = _lint(BROKEN, 1, (plugin,))
    assert any(d.code == "XP003" for d in serial)
    for jobs in (2, 4):
        assert _lint(BROKEN, jobs, (plugin,)) == serial


def test_workers_finish_and_none_is_left_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    forked: list[int] = []
    reaped: dict[int, int] = {}
    fork, waitpid = os.fork, os.waitpid

    def spy_fork() -> int:
        pid = fork()
        if pid:
            forked.append(pid)
        return pid

    def spy_waitpid(pid: int, options: int) -> tuple[int, int]:
        found = waitpid(pid, options)
        reaped[found[0]] = found[1]
        return found

    monkeypatch.setattr(os, "fork", spy_fork)
    monkeypatch.setattr(os, "waitpid", spy_waitpid)
    _lint(BROKEN, 3)
    monkeypatch.undo()
    assert len(forked) == 2
    assert [reaped.get(pid) for pid in forked] == [0, 0]  # exited cleanly, results used
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_no_fork_no_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> int:
        raise BlockingIOError("Resource temporarily unavailable")

    serial = _lint(BROKEN, 1)
    monkeypatch.setattr(os, "fork", refuse)
    assert _lint(BROKEN, 3) == serial


def test_one_rule_or_one_job_runs_here() -> None:
    calls: list[int] = []

    def run(ctx: Context, rules: object, failures: object) -> list[Diagnostic]:
        calls.append(os.getpid())
        return []

    parallel.run_in_processes(None, [object()], 4, run)  # type: ignore[arg-type, list-item]
    parallel.run_in_processes(None, [object(), object()], 1, run)  # type: ignore[arg-type, list-item]
    assert calls == [os.getpid(), os.getpid()]


def test_auto_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 16)
    assert parallel.auto_jobs(parallel.AUTO_MIN_VARIABLES - 1) == 1
    assert parallel.auto_jobs(parallel.AUTO_MIN_VARIABLES) == parallel.MAX_JOBS
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 1)
    assert parallel.auto_jobs(10**6) == 1
    assert 1 <= parallel.usable_cpus() <= (os.cpu_count() or 1)


def _console(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_the_command_line() -> None:
    serial = _console("check", str(BROKEN), "--format", "json", "--jobs", "1")
    assert serial.returncode == 1
    for jobs in ("2", "auto"):
        run = _console("check", str(BROKEN), "--format", "json", "-j", jobs)
        assert (run.returncode, run.stdout, run.stderr) == (1, serial.stdout, serial.stderr)
    leaked = _console("check", str(BROKEN), "--jobs", "Cq7NrXz4Lw9TbK2mPd8V")
    assert leaked.returncode == 2 and "Cq7NrXz4" not in leaked.stderr
    for bad in ("0", "-2", "two"):
        run = _console("check", str(BROKEN), "--jobs", bad)
        assert run.returncode == 2
        assert run.stderr.strip() == (
            f"stagelint: error: --jobs takes a positive number or 'auto', not '{bad}'"
        )


def test_severity_and_order_survive_the_trip() -> None:
    """Diagnostics come back from a worker through pickle: every field intact."""
    merged = _lint(BROKEN, 2)
    assert all(isinstance(d.severity, Severity) for d in merged)
    assert merged == sorted(merged, key=lambda d: d.sort_key)
