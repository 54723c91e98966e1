"""Railway's IaC file and the retired config-as-code files, through the rules (SL607 and the
Railway rules that judge IaC services). Fixture projects cover the positions
(tests/rules/SL*/{good,bad}/iac-*); these tests cover messages and dates."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from stagelint_rules import sl607_railway_config_as_code_retired as sl607

from stagelint.model.diagnostics import Severity
from stagelint.project.settings import Settings
from stagelint.testing import lint
from tests.support import write_files

RETIRED = {
    "backend/railway.toml": (
        '[deploy]\nstartCommand = "uvicorn app:app --host 0.0.0.0 --port $PORT"\n'
        'healthcheckPath = "/health"\n\n[environments.production.deploy]\nnumReplicas = 2\n'
    )
}


def messages(root: Path, code: str, policy: str = "staging") -> list[str]:
    return [d.message for d in lint(root, select=[code], policy=policy) if d.code == code]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (
            datetime.date(2026, 12, 6),
            "Railway stopped reading railway.toml on 2026-12-01: its startCommand and "
            "healthcheckPath are not applied; move them to .railway/railway.ts with `railway "
            "config migrate --apply` (migrate drops environments.production: write "
            "per-environment values as conditions on ctx.environment)",
        ),
        (
            datetime.date(2026, 11, 30),
            "Railway stops reading railway.toml on 2026-12-01 (in 1 day): its startCommand and "
            "healthcheckPath will not be applied; move them to .railway/railway.ts with "
            "`railway config migrate --apply` (migrate drops environments.production: write "
            "per-environment values as conditions on ctx.environment)",
        ),
    ],
)
def test_sl607_says_stopped_or_will_stop_by_the_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, today: datetime.date, expected: str
) -> None:
    monkeypatch.setattr(sl607, "today", lambda: today)
    write_files(tmp_path, RETIRED)
    for policy in ("staging", "production"):
        assert messages(tmp_path, "SL607", policy) == [expected]


def test_sl607_cutoff_is_a_policy_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sl607, "today", lambda: datetime.date(2026, 12, 6))
    write_files(
        tmp_path,
        {
            **RETIRED,
            "team.yaml": "name: team\nextends: staging\nrules:\n"
            "  SL607: {options: {cutoff: 2027-01-31}}\n",
        },
    )
    (message,) = messages(tmp_path, "SL607", policy=str(tmp_path / "team.yaml"))
    assert message.startswith("Railway stops reading railway.toml on 2027-01-31 (in 56 days)")


def test_sl607_is_an_error_in_both_shipped_policies(tmp_path: Path) -> None:
    write_files(tmp_path, RETIRED)
    for policy in ("staging", "production"):
        (diag,) = [d for d in lint(tmp_path, select=["SL607"], policy=policy)]
        assert diag.severity is Severity.ERROR


def test_old_rules_still_judge_retired_files(tmp_path: Path) -> None:
    write_files(tmp_path, {"backend/railway.json": '{"deploy": {"startCommand": "uvicorn a:b"}}'})
    codes = {d.code for d in lint(tmp_path, select=["SL6"])}
    assert {"SL601", "SL602", "SL607"} <= codes


IAC = """import { defineRailway, preserve, project, service } from "railway/iac";

export default defineRailway((ctx) => {
  const backend = service("backend", {
    start: "uvicorn app.main:app --port 8000",
    healthcheckTimeout: 0,
    deploy: { restartPolicyType: "NEVER" },
    env: { JWT_SECRET_KEY: preserve() },
  });
  return project("shop", { resources: [backend] });
});
"""


def test_iac_findings_name_settings_as_the_file_writes_them(tmp_path: Path) -> None:
    write_files(tmp_path, {".railway/railway.ts": IAC})
    found = {d.code: d.message for d in lint(tmp_path, select=["SL6"])}
    assert found["SL601"].startswith("healthcheckTimeout is 0;")
    assert found["SL602"].startswith("start: uvicorn binds 127.0.0.1")
    assert found["SL603"].startswith("deploy.restartPolicyType is 'NEVER'")
    assert "SL607" not in found


def test_a_migrated_project_gets_the_same_findings_as_before(tmp_path: Path) -> None:
    """The issue's "done when": what railway.json said wrong, railway.ts says wrong too."""
    before = tmp_path / "before"
    after = tmp_path / "after"
    write_files(
        before,
        {
            "backend/railway.json": (
                '{"deploy": {"startCommand": "uvicorn app.main:app --port 8000", '
                '"healthcheckTimeout": 0, "restartPolicyType": "NEVER"}}'
            )
        },
    )
    write_files(after, {".railway/railway.ts": IAC, "backend/.keep": ""})
    codes_before = sorted(d.code for d in lint(before, select=["SL6"]) if d.code != "SL607")
    codes_after = sorted(d.code for d in lint(after, select=["SL6"]))
    assert codes_before == codes_after == ["SL601", "SL601", "SL602", "SL603"]


def test_evaluated_environments_follow_the_policy(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            ".railway/railway.ts": IAC.replace(
                "healthcheckTimeout: 0", 'healthcheckTimeout: ctx.environment === "qa" ? 0 : 30'
            ),
            "qa.yaml": "name: qa\nextends: staging\nenvironment: qa\n",
        },
    )
    assert not [d for d in lint(tmp_path, select=["SL601"]) if "healthcheckTimeout" in d.message]
    qa = lint(tmp_path, select=["SL601"], policy=str(tmp_path / "qa.yaml"))
    timeouts = [(d.environment, d.message[:23]) for d in qa if "Timeout" in d.message]
    assert timeouts == [("qa", "healthcheckTimeout is 0")]


def test_settings_default_environments_without_a_policy(tmp_path: Path) -> None:
    from stagelint.project.loader import load_project

    write_files(tmp_path, {".railway/railway.ts": IAC})
    project = load_project(tmp_path, Settings())
    assert list(project.iac_files[0].environments) == ["staging", "production"]
