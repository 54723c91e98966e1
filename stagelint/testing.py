"""A test harness for rules, shipped in the package so plugin authors can reuse it.

Rule fixtures are small projects on disk::

    tests/rules/SL101/bad/short-jwt-secret/
        backend/railway.json
        backend/.env.staging
        expected.json        # the exact diagnostics, as records (see :func:`records`)
    tests/rules/SL101/good/generated-64-chars/
        ...                  # no expected.json: a good case must produce nothing

:func:`check_fixture` lints a case with only the rule under test selected and compares the
records; set ``STAGELINT_UPDATE_SNAPSHOTS=1`` to (re)write ``expected.json`` of bad cases
after reviewing the change.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from stagelint.check import engine
from stagelint.check.engine import Selection, active_rules
from stagelint.model.deployment import Project
from stagelint.model.diagnostics import Diagnostic
from stagelint.policy.context import Context
from stagelint.policy.packs import Policy, load_policy
from stagelint.policy.registry import Plugin, load_registry
from stagelint.project.settings import Settings, load_settings

EXPECTED = "expected.json"
RECORD_KEYS = ("code", "path", "line", "column", "environment", "service", "variable")


def lint(
    root: Path,
    select: Sequence[str] = (),
    policy: str = "staging",
    settings: Settings | None = None,
    plugins: Sequence[Plugin] = (),
) -> list[Diagnostic]:
    """Lint the project at ``root`` as ``stagelint check`` would, in-process."""
    from stagelint.project.loader import load_project

    registry = load_registry(plugins)
    if settings is None:
        settings = load_settings(root).settings
    resolved: Policy = load_policy(policy, registry, root)
    rules = active_rules(registry, resolved, settings, Selection(select=tuple(select)))
    environments = tuple(e for e in (resolved.environment, resolved.compare_with) if e)
    project: Project = load_project(root, settings, environments)
    ctx = Context(project, resolved, resolved.environment, resolved.compare_with, settings)
    return engine.lint(ctx, rules, registry)


def records(diagnostics: Iterable[Diagnostic]) -> list[dict[str, Any]]:
    """Diagnostics as comparable records: code, path, line, column, environment, service,
    variable, plus the related locations (path:line:column)."""
    result = []
    for diag in diagnostics:
        record: dict[str, Any] = {
            "code": diag.code,
            "path": diag.location.path,
            "line": diag.location.line,
            "column": diag.location.column,
            "environment": diag.environment,
            "service": diag.service,
            "variable": diag.variable,
        }
        if diag.related:
            record["related"] = [
                f"{r.location.path}:{r.location.line}:{r.location.column}" for r in diag.related
            ]
        result.append(record)
    return result


def check_fixture(case: Path, code: str, policy: str = "staging") -> None:
    """Assert that ``case`` (a ``good/`` or ``bad/`` fixture project) gives exactly its
    expected diagnostics for rule ``code``.

    Only ``code`` runs, plus what the case's own settings add with ``extend-select``
    (SL007 judges suppressions of other rules, which must run too); only ``code``'s
    diagnostics are compared."""
    diagnostics = lint(case, select=[code], policy=_case_policy(case, policy))
    found = records(d for d in diagnostics if d.code == code)
    if case.parent.name == "good":
        assert found == [], f"{case}: expected no diagnostics, got {json.dumps(found, indent=1)}"
        return
    expected_file = case / EXPECTED
    if os.environ.get("STAGELINT_UPDATE_SNAPSHOTS") == "1":
        expected_file.write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
    assert expected_file.is_file(), f"{case}: a bad case needs {EXPECTED}"
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    assert found, f"{case}: expected diagnostics, got none"
    assert found == expected, (
        f"{case}: diagnostics differ\nexpected: {json.dumps(expected, indent=1)}\n"
        f"found: {json.dumps(found, indent=1)}"
    )


def _case_policy(case: Path, default: str) -> str:
    """A case may pin its policy in a ``policy`` file (e.g. ``production``)."""
    marker = case / "policy"
    return marker.read_text(encoding="utf-8").strip() if marker.is_file() else default


def fixture_cases(rule_dir: Path) -> list[Path]:
    """Every ``good/<case>`` and ``bad/<case>`` directory of one rule's fixtures."""
    return sorted(p for kind in ("good", "bad") for p in (rule_dir / kind).glob("*") if p.is_dir())
