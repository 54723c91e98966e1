"""``stagelint check`` without the command line: targets -> projects -> diagnostics.

Every target belongs to the project around it: the nearest directory at or above it that
holds ``stagelint.toml``, a ``pyproject.toml`` with ``[tool.stagelint]``, or ``.git`` (as
ruff and mypy find their settings), else the target directory itself. The project is loaded
whole (rules are cross-file). A target that is the project root reports everything; a
directory inside it (``cd backend && stagelint check``) or files in it (what pre-commit
passes) report only the diagnostics located there, or with a related location there. A
given settings file means the whole project is checked.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from stagelint.check.engine import RuleFailure, Selection, active_rules, lint
from stagelint.model.diagnostics import Diagnostic, Severity
from stagelint.model.errors import UsageError
from stagelint.model.records import Record
from stagelint.model.slotted import field, fields_class
from stagelint.policy.packs import Policy, load_policy
from stagelint.policy.registry import Plugin
from stagelint.project.settings import (
    LoadedSettings,
    Settings,
    find_project_root,
    load_settings,
)

if TYPE_CHECKING:
    from stagelint.model.deployment import Project
    from stagelint.project.deployed import EnvFileSpec


class CheckRequest(Record):
    paths: tuple[str, ...] = (".",)
    policy: str | None = None
    config: Path | None = None
    selection: Selection = field(default_factory=Selection)
    baseline: Path | None = None
    """Report only findings this baseline file does not cover."""
    write_baseline: Path | None = None
    """Record every finding into this baseline file."""
    plugins: tuple[Plugin, ...] = ()
    """Plugins given explicitly (``--local-rules``), on top of the installed ones."""
    jobs: int | None = 1
    """Processes that run the rules; None: as many as helps (see
    :mod:`stagelint.check.parallel`)."""
    env_files: tuple[EnvFileSpec, ...] = ()
    """Files of deployed values the operator named (``--env-file``, ``STAGELINT_ENV_FILES``)."""


@fields_class
class CheckResult:
    """The outcome for one project root."""

    root: Path
    policy: Policy
    diagnostics: list[Diagnostic]
    files: int
    targets: frozenset[str] | None = None
    """Root-relative files (and directories, ending in ``/``) the run was restricted to, or
    None for the whole project."""
    settings_path: Path | None = None
    settings: Settings = field(default_factory=Settings)
    """The settings the project was checked with."""
    baseline_matched: int = 0
    baseline_stale: int = 0
    failures: list[RuleFailure] = field(default_factory=list)
    """Rules that raised: their findings are missing, every other rule's are here."""
    sources: dict[str, dict[int, str]] = field(default_factory=dict)
    """Deployed files (``--env-file``): source (``railway:backend/staging``) -> line ->
    variable, so that reports name a variable rather than a line of a file not in the
    repository (see :mod:`stagelint.project.deployed`)."""


@fields_class
class _Target:
    root: Path
    files: set[str] | None = field(default_factory=set)
    """Root-relative files, and directories ending in ``/``, to report on; None: all."""


def group_targets(paths: tuple[str, ...]) -> list[_Target]:
    """Project roots to load, each with the files to report on (None: everything)."""
    targets: dict[Path, _Target] = {}
    for raw in paths or (".",):
        path = Path(raw)
        if not os.path.lexists(path):
            raise UsageError(f"path does not exist: {raw}")
        try:
            resolved = path.resolve(strict=False)
            if not resolved.is_dir():  # a file keeps its own name: a symlink is reported
                resolved = path.absolute().parent.resolve() / path.name  # as itself
        except (OSError, RuntimeError):
            raise UsageError(f"cannot resolve path (a symlink loop?): {raw}") from None
        if resolved.is_dir():
            root = find_project_root(resolved)
            target = targets.setdefault(root, _Target(root))
            if root == resolved:
                target.files = None
            elif target.files is not None:
                target.files.add(os.path.relpath(resolved, root).replace(os.sep, "/") + "/")
            continue
        root = find_project_root(resolved.parent)
        target = targets.setdefault(root, _Target(root))
        if target.files is not None:
            target.files.add(os.path.relpath(resolved, root).replace(os.sep, "/"))
    return list(targets.values())


def check(request: CheckRequest) -> list[CheckResult]:
    """Load, lint and filter every project the request names."""
    from stagelint.policy.context import Context
    from stagelint.policy.registry import load_registry
    from stagelint.project.loader import load_project

    with _collector_paused():
        registry = load_registry(request.plugins)
    results = []
    targets = group_targets(request.paths)
    if request.env_files and len(targets) > 1:
        raise UsageError(
            "--env-file names services of one project: check one project root at a time"
        )
    if request.write_baseline is not None and len(targets) > 1:
        raise UsageError("--write-baseline takes a single project; check one root at a time")
    baseline = None
    if request.baseline is not None:
        from stagelint.check import baseline as baselines

        baseline = baselines.read(request.baseline)
    for target in targets:
        with _collector_paused():
            loaded: LoadedSettings = load_settings(target.root, request.config)
            settings = loaded.settings
            if target.files is not None and _settings_file_given(loaded.path, target):
                target.files = None  # changed settings can change any finding: check all
            policy_ref = request.policy or settings.policy
            policy_dir = loaded.path.parent if loaded.path and not request.policy else Path.cwd()
            # the repository's own settings may only name policy files inside the project
            from_repository = request.policy is None and request.config is None
            policy = load_policy(
                policy_ref, registry, policy_dir, target.root if from_repository else None
            )
            rules = active_rules(registry, policy, settings, request.selection)
            environments = [policy.environment]
            if policy.compare_with:
                environments.append(policy.compare_with)
            project = load_project(
                target.root, settings, tuple(environments), deployed=request.env_files
            )
        failures: list[RuleFailure] = []
        try:
            ctx = Context(project, policy, policy.environment, policy.compare_with, settings)
            diagnostics = lint(ctx, rules, registry, _jobs(request.jobs, project), failures)
        finally:
            gc.unfreeze()
        all_files = [source.path for source in project.files()]
        if target.files is not None:
            wanted = frozenset(target.files)
            diagnostics = [d for d in diagnostics if _concerns(d, wanted)]
            files = sum(_within(path, wanted) for path in all_files)
        else:
            wanted = None
            files = len(all_files)
        result = CheckResult(target.root, policy, diagnostics, files, wanted, loaded.path, settings)
        result.failures = failures
        if request.env_files:
            from stagelint.project.deployed import line_keys

            result.sources = line_keys(project.env_files)
        if request.write_baseline is not None:
            from stagelint.check import baseline as baselines

            created = baselines.create(diagnostics, project)
            baselines.write(request.write_baseline, created, target.root)
        elif baseline is not None:
            from stagelint.check import baseline as baselines

            outcome = baselines.apply(baseline, diagnostics, project)
            result.diagnostics = outcome.kept
            result.baseline_matched = outcome.matched
            result.baseline_stale = outcome.stale if wanted is None else 0
        results.append(result)
    return results


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while the registry, the settings, the policy and the
    project load, and what they built frozen before it runs again (the caller unfreezes it
    when its rules are done).

    Loading only allocates (rule classes, the parsed policy, the model: no garbage worth a
    collection), and all of it lives until the end of the check, yet every collection
    would walk it again: about a tenth of a 200- or 1,000-service run while the project
    loaded, and 3-4 ms of a small one's settings and policy. Frozen before the collector
    resumes, or its first collection would walk all of it once more. Memory is not at
    stake: what loading leaves as garbage is bounded by the size of what it reads."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if enabled:
            gc.enable()


def _jobs(requested: int | None, project: Project) -> int:
    if requested is not None:
        return requested
    from stagelint.check.parallel import auto_jobs

    return auto_jobs(sum(len(env_file.variables) for env_file in project.env_files))


def _settings_file_given(path: Path | None, target: _Target) -> bool:
    """Whether the project's settings file is among the given files."""
    if path is None or not target.files:
        return False
    rel = os.path.relpath(path.resolve(), target.root).replace(os.sep, "/")
    return rel in target.files


def _concerns(diag: Diagnostic, files: frozenset[str]) -> bool:
    """A finding located in one of ``files`` (or directories, ending in ``/``), or related
    to a location in one of them.

    A change can create a finding elsewhere: a new production secret that a staging file
    already holds is reported (SL104) at the staging line, with the production line as a
    related location. Reporting it when only ``.env.production`` was given (committed)
    keeps pre-commit from letting that change through.
    """
    from stagelint.project.deployed import is_source

    if is_source(diag.location.path):
        return True  # the operator named the deployed file: its findings are wanted
    return _within(diag.location.path, files) or any(
        _within(r.location.path, files) for r in diag.related
    )


def _within(path: str, targets: frozenset[str]) -> bool:
    """Whether a root-relative ``path`` is one of ``targets`` or lies in one of its
    directories."""
    if path in targets:
        return True
    return any(target.endswith("/") and path.startswith(target) for target in targets)


def exit_code(results: list[CheckResult], fail_on: Severity) -> int:
    """0 when nothing reaches ``fail_on``, else 1."""
    failing = any(d.severity >= fail_on for r in results for d in r.diagnostics)
    return 1 if failing else 0
