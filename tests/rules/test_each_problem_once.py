"""Each problem is reported once: SL505 (environment-drift) names no variable that SL503
(missing-variable) reports missing in the judged environment, and names it whenever SL503
does not report it (not selected, turned off, silenced where it stands)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from stagelint.check.engine import Selection
from stagelint.check.runner import CheckRequest, check
from stagelint.model.diagnostics import Diagnostic
from stagelint.project.settings import Settings
from stagelint.testing import lint

CASE = Path(__file__).parent / "SL505" / "bad" / "required-variable-missing-in-staging"
"""backend (Railway): production sets DATABASE_URL (required) and LOG_LEVEL (not
required); staging sets neither."""
DRIFT = (
    "are set in production but not in staging; expected in both, "
    "or listed under environment_specific"
)


def _copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(CASE, tmp_path / "project"))


def _naming(diagnostics: list[Diagnostic], key: str) -> list[str]:
    """The codes of the findings that name ``key``: as their variable, or (SL505 naming
    several) as one of the variables their related locations point at."""
    return [
        d.code
        for d in diagnostics
        if d.variable == key or any(r.message.startswith(f"{key} ") for r in d.related)
    ]


def _drift(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.message for d in diagnostics if d.code == "SL505"]


def test_a_required_variable_missing_in_staging_is_reported_once() -> None:
    found = lint(CASE)
    assert _naming(found, "DATABASE_URL") == ["SL503"]
    (drift,) = [d for d in found if d.code == "SL505"]
    assert drift.message == (
        "LOG_LEVEL is set in production but not in staging; expected in both, "
        "or listed under environment_specific"
    )
    assert (drift.location.path, drift.location.line) == ("backend/.env.staging", 1)
    assert drift.variable == "LOG_LEVEL" and drift.fingerprint is None
    assert [(r.location.line, r.message) for r in drift.related] == [
        (4, "LOG_LEVEL is set in production here")
    ]


def test_no_drift_finding_when_only_the_required_variable_differs(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    production = root / "backend" / ".env.production"
    production.write_text(production.read_text().replace("LOG_LEVEL=warning\n", ""))
    found = lint(root)
    assert _naming(found, "DATABASE_URL") == ["SL503"]
    assert _drift(found) == []


@pytest.mark.parametrize(
    ("select", "settings", "policy"),
    [
        (["SL505"], None, "staging"),
        (["SL5"], Settings(ignore=("SL503",)), "staging"),
        ([], Settings(ignore=("missing-variable",)), "staging"),
        ([], None, "team.yaml"),
    ],
    ids=["select-SL505", "ignore-SL503", "ignore-by-name", "off-in-policy"],
)
def test_sl505_names_it_when_sl503_does_not_run(
    tmp_path: Path, select: list[str], settings: Settings | None, policy: str
) -> None:
    root = _copy(tmp_path)
    (root / "team.yaml").write_text("name: team\nextends: staging\nrules:\n  SL503: off\n")
    found = lint(root, select=select, settings=settings, policy=policy)
    assert _naming(found, "DATABASE_URL") == ["SL505"]
    assert _drift(found) == [f"DATABASE_URL and LOG_LEVEL {DRIFT}"]


def test_an_inline_suppression_of_sl503_lets_sl505_report_it(tmp_path: Path) -> None:
    """What is silenced is not reported: SL505 then names the variable (a warning that
    the line's suppression can name too)."""
    root = _copy(tmp_path)
    staging = root / "backend" / ".env.staging"
    staging.write_text("# stagelint: ignore[SL503] set in Railway\n" + staging.read_text())
    found = lint(root, select=["SL5", "SL007"])
    assert _naming(found, "DATABASE_URL") == ["SL505"]
    assert [d.code for d in found] == ["SL505"]  # and the suppression is used (no SL007)

    staging.write_text(staging.read_text().replace("[SL503]", "[SL503, SL505]"))
    assert lint(root, select=["SL5", "SL007"]) == []


def test_a_per_file_ignore_of_sl503_lets_sl505_report_it(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    settings = Settings(per_file_ignores={"**/.env.staging": ("SL503",)})
    found = lint(root, select=["SL5"], settings=settings)
    assert _naming(found, "DATABASE_URL") == ["SL505"]


def test_a_staging_file_without_secrets_is_not_asked_for_them_so_sl505_names_it(
    tmp_path: Path,
) -> None:
    """SL503 does not expect secrets in a file that holds none (they live in the
    dashboard): it reports nothing about DATABASE_URL, and SL505 defers to nothing."""
    root = _copy(tmp_path)
    (root / "backend" / ".env.staging").write_text("PYTHON_ENV=staging\n")
    found = lint(root, select=["SL5"])
    assert _naming(found, "DATABASE_URL") == ["SL505"]


def test_the_production_policy_still_reports_what_staging_lacks() -> None:
    """SL503 judges the policy's own environment: the production policy asks nothing of
    staging's files, so the drift there is SL505's alone."""
    found = lint(CASE, select=["SL5"], policy="production")
    assert _naming(found, "DATABASE_URL") == ["SL505"]


def test_a_baseline_written_by_one_run_covers_the_next(tmp_path: Path) -> None:
    """A baselined SL503 finding still counts as reported: if SL505 then named its
    variable, a baseline written from a run would not cover the next run."""
    root = _copy(tmp_path)
    (root / "stagelint.toml").write_text("")
    file = tmp_path / "baseline.json"
    selection = Selection(select=("SL5",))
    (written,) = check(CheckRequest(paths=(str(root),), selection=selection, write_baseline=file))
    assert _naming(written.diagnostics, "DATABASE_URL") == ["SL503"]
    (again,) = check(CheckRequest(paths=(str(root),), selection=selection, baseline=file))
    assert again.diagnostics == []
    assert again.baseline_matched == len(written.diagnostics)


def test_processes_see_which_rules_run(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    (root / "stagelint.toml").write_text("")
    results = [
        [(d.code, d.message) for d in result.diagnostics]
        for jobs in (1, 2)
        for result in check(CheckRequest(paths=(str(root),), jobs=jobs))
    ]
    assert results[0] == results[1]
    assert ("SL505", f"LOG_LEVEL {DRIFT.replace('are', 'is', 1)}") in results[0]


def test_a_railway_json_beside_a_railway_toml_gets_one_finding(tmp_path: Path) -> None:
    """Railway read only the TOML file: the JSON's unknown keys, invalid values and syntax
    never mattered, and its one problem is that it is ignored (SL607)."""
    case = Path(__file__).parent / "SL002" / "good" / "ignored-json-beside-toml"
    project = Path(shutil.copytree(case, tmp_path / "project"))
    (project / "backend" / "railway.json").write_text(
        '{"schema": "x", "build": {"builder": 7}, "deploy": {"startCommand": ""}',
        encoding="utf-8",
    )  # an unknown key, a wrong type, an empty value, and the closing brace missing
    found = [d for d in lint(project) if d.location.path == "backend/railway.json"]
    assert [d.code for d in found] == ["SL607"], [(d.code, d.message) for d in found]
    assert "is ignored" in found[0].message
