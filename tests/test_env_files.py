"""``--env-file SERVICE:ENVIRONMENT=PATH`` and ``STAGELINT_ENV_FILES``: files of deployed
values pulled from Railway and Vercel, read by their content, judged by every value rule,
reported at their source in every output format (never as a file of the repository)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from stagelint.model.errors import UsageError
from stagelint.project.deployed import (
    EnvFileSpec,
    detect,
    parse_spec,
    read_deployed,
    specs_from_environment,
)
from tests.test_secret_safety import invoke

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "examples" / "guide"

# what the platforms' CLIs print (railwayapp/cli src/commands/variable.rs: a sorted map,
# pretty JSON or raw KEY=value lines; vercel env pull: a header, KEY="value" lines)
DIRECT = (
    "postgresql://app:Xk29vLq8Rt5mWz3nPb7cJd4h@ep-cool-sun-a1b2c3d4.us-east-2.aws.neon.tech/shop"
)
STAGING = {
    "DATABASE_URL": DIRECT,
    "JWT_SECRET_KEY": "short-secret-123",
    "LEMON_SQUEEZY_TEST_MODE": "false",
    "PYTHON_ENV": "staging",
    "SESSION_SECRET": "[SENSITIVE]",
}
EXPECTED = {
    ("SL301", "DATABASE_URL"),
    ("SL302", "DATABASE_URL"),
    ("SL101", "JWT_SECRET_KEY"),
    ("SL201", "LEMON_SQUEEZY_TEST_MODE"),
}


def railway_json(values: dict[str, str]) -> str:
    return json.dumps(dict(sorted(values.items())), indent=2) + "\n"


def railway_kv(values: dict[str, str]) -> str:
    return "".join(f"{k}={v}\n" for k, v in sorted(values.items()))


def vercel_pull(values: dict[str, str], environment: str = "preview") -> str:
    merged = dict(sorted({**values, "VERCEL_ENV": environment}.items()))
    return "# Created by Vercel CLI\n" + "".join(f'{k}="{v}"\n' for k, v in merged.items())


@pytest.fixture
def guide(tmp_path: Path) -> Path:
    """The guide example (its backend's values are references and preserve(): not
    checkable from the repository)."""
    root = tmp_path / "guide"
    shutil.copytree(GUIDE, root)
    return root


def pulled(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "runner-temp" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def diagnostics(run_stdout: str) -> list[dict[str, object]]:
    return json.loads(run_stdout)["diagnostics"]  # type: ignore[no-any-return]


# --- the syntax ------------------------------------------------------------------------------


def test_a_spec_names_service_environment_and_path() -> None:
    assert parse_spec("backend:staging=/tmp/a b.json") == EnvFileSpec(
        "backend", "staging", "/tmp/a b.json", "--env-file"
    )
    assert parse_spec("web:preview=C:/x=y").path == "C:/x=y"
    for bad in ("backend=/tmp/x", "backend:staging", ":staging=/x", "a b:staging=/x", ""):
        with pytest.raises(UsageError, match="SERVICE:ENVIRONMENT=PATH"):
            parse_spec(bad)


def test_the_environment_variable_takes_lines_or_path_separators() -> None:
    sep = os.pathsep
    value = f"backend:staging=/t/b.json{sep}web:preview=/t/w.env\n\n  api:staging=/t/a.kv  \n"
    specs = specs_from_environment({"STAGELINT_ENV_FILES": value})
    assert [(s.service, s.environment, s.path) for s in specs] == [
        ("backend", "staging", "/t/b.json"),
        ("web", "preview", "/t/w.env"),
        ("api", "staging", "/t/a.kv"),
    ]
    assert {s.origin for s in specs} == {"STAGELINT_ENV_FILES"}
    assert specs_from_environment({}) == []


# --- telling the formats apart ---------------------------------------------------------------


def test_formats_are_told_from_the_content() -> None:
    assert detect(railway_json(STAGING)) == "railway-json"
    assert detect("  \n{}") == "railway-json"
    assert detect(vercel_pull(STAGING)) == "vercel-pull"
    assert detect(railway_kv(STAGING)) == "railway-kv"
    # what --kv cannot print: a comment, a blank line, keys out of order, a quoted value
    assert detect("# mine\nA=1\n") == "dotenv"
    assert detect("A=1\n\nB=2\n") == "dotenv"
    assert detect("B=1\nA=2\n") == "dotenv"
    assert detect('A="quoted"\n') == "dotenv"
    assert detect("export A=1\n") == "dotenv"
    assert detect("") == "dotenv"


def test_kv_output_is_read_raw(tmp_path: Path) -> None:
    """``println!("{key}={value}")``: no quoting or escaping, so the value is the rest of the
    line, ``#`` and spaces included, and lines that are not KEY= continue a value."""
    text = "A=x # not a comment \nB=first\nsecond line\nC=a=b\n"
    env_file = read_deployed(
        EnvFileSpec("backend", "staging", str(pulled(tmp_path, "kv", text)), "--env-file"),
        1 << 20,
    )
    assert env_file.deployed is not None and env_file.deployed.format == "railway-kv"
    values = {v.key: v.value.reveal() for v in env_file.variables if v.value is not None}
    assert values == {"A": "x # not a comment ", "B": "first\nsecond line", "C": "a=b"}
    b = env_file.get("B")
    assert b is not None and (b.location.line, b.location.end_line) == (2, 3)
    assert env_file.path == "railway:backend/staging"


@pytest.mark.parametrize("writer", [railway_json, railway_kv, vercel_pull])
def test_every_format_is_judged_by_the_value_rules(
    writer: object, guide: Path, tmp_path: Path
) -> None:
    path = pulled(tmp_path, "backend", writer(STAGING))  # type: ignore[operator]
    run = invoke(["check", "--env-file", f"backend:staging={path}", "--format", "json"], guide)
    assert run.code == 1, run.text
    found = diagnostics(run.stdout)
    assert {(d["code"], d["variable"]) for d in found} == EXPECTED
    platform = "vercel" if writer is vercel_pull else "railway"
    for diag in found:
        assert diag["source"] == f"{platform}:backend/staging"
        assert diag["path"] is None and diag["line"] is None
    # without the file, none of these is checkable: the values are references
    alone = invoke(["check", "--format", "json"], guide)
    assert alone.code == 0 and diagnostics(alone.stdout) == []


def test_sensitive_counts_as_set_and_is_never_judged(guide: Path, tmp_path: Path) -> None:
    values = {"JWT_SECRET_KEY": "[SENSITIVE]", "PYTHON_ENV": "staging"}
    for writer in (railway_json, vercel_pull):
        path = pulled(tmp_path, "s", writer(values))
        run = invoke(["check", "--env-file", f"backend:staging={path}", "--format", "json"], guide)
        assert run.code == 0 and diagnostics(run.stdout) == [], run.text


def test_deployed_values_win_over_the_repository(guide: Path, tmp_path: Path) -> None:
    """``.railway/railway.ts`` says LEMON_SQUEEZY_TEST_MODE is "true" in staging; the value
    pulled from Railway says what is deployed, and wins."""
    path = pulled(tmp_path, "b.json", railway_json({"LEMON_SQUEEZY_TEST_MODE": "false"}))
    run = invoke(["check", "--env-file", f"backend:staging={path}", "--format", "json"], guide)
    assert ("SL201", "LEMON_SQUEEZY_TEST_MODE") in {
        (d["code"], d["variable"]) for d in diagnostics(run.stdout)
    }


def test_the_environment_variable_gives_the_same_report(
    guide: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = pulled(tmp_path, "b.json", railway_json(STAGING))
    given = invoke(["check", "--env-file", f"backend:staging={path}", "--format", "json"], guide)
    monkeypatch.setenv("STAGELINT_ENV_FILES", f"\nbackend:staging={path}\n")
    from_env = invoke(["check", "--format", "json"], guide)
    assert from_env.stdout == given.stdout and from_env.code == 1


def test_committed_settings_cannot_name_deployed_files(guide: Path, tmp_path: Path) -> None:
    """Only the operator names files outside the project: no setting can (a pull request
    would otherwise make stagelint read a file of its choosing)."""
    secret = pulled(tmp_path, "secret.env", "JWT_SECRET_KEY=x\n")
    for setting in ("env-files", "env_files", "env-file"):
        (guide / "stagelint.toml").write_text(f'{setting} = ["backend:staging={secret}"]\n')
        run = invoke(["check"], guide)
        assert run.code == 2 and "unknown setting" in run.stderr, run.text


# --- every output format ---------------------------------------------------------------------


def test_every_format_carries_the_source_and_never_a_repository_file(
    guide: Path, tmp_path: Path
) -> None:
    path = pulled(tmp_path, "b.json", railway_json(STAGING))
    spec = ["--env-file", f"backend:staging={path}"]

    def report(fmt: str) -> str:
        run = invoke(["check", *spec, "--format", fmt], guide)
        assert run.code == 1, run.text
        return run.stdout

    text = report("text")
    assert "railway:backend/staging JWT_SECRET_KEY: SL101 [error]" in text
    assert "railway:backend/staging:" not in text  # no line of a temporary file

    github = report("github").splitlines()
    annotations = [line for line in github if line.startswith("::")]
    assert len(annotations) == len(EXPECTED)
    for line in annotations:
        assert "file=" not in line and "line=" not in line
        assert "::railway:backend/staging " in line

    sarif = json.loads(report("sarif"))
    for result in sarif["runs"][0]["results"]:
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact == {"uri": "railway:backend/staging"}  # no %SRCROOT%, no region
        assert "region" not in location["physicalLocation"]
        (logical,) = location["logicalLocations"]
        assert logical["kind"] == "variable"
        assert logical["fullyQualifiedName"] == f"railway:backend/staging/{logical['name']}"

    gitlab = json.loads(report("gitlab"))
    for issue in gitlab:
        assert issue["location"] == {
            "path": "railway:backend/staging",
            "lines": {"begin": 1, "end": 1},
        }
        assert issue["description"].split(": ", 2)[1].startswith("railway:backend/staging ")

    junit = report("junit")
    assert 'file="' not in junit and "at railway:backend/staging JWT_SECRET_KEY" in junit

    lines = [json.loads(line) for line in report("json-lines").splitlines()]
    assert {(d["source"], d["path"]) for d in lines} == {("railway:backend/staging", None)}


def test_related_locations_in_deployed_files_name_their_variable(
    guide: Path, tmp_path: Path
) -> None:
    same = "Qm8vTz3kLp9wXn2cRb7dFh4jGs6yKa1e"
    path = pulled(tmp_path, "b.kv", railway_kv({"CSRF_SECRET": same, "SESSION_SECRET": same}))
    run = invoke(["check", "--env-file", f"backend:staging={path}", "--format", "json"], guide)
    (sl105,) = [d for d in diagnostics(run.stdout) if d["code"] == "SL105"]
    (related,) = sl105["related"]  # type: ignore[misc]
    assert related["source"] == "railway:backend/staging" and related["path"] is None
    assert related["variable"] in ("CSRF_SECRET", "SESSION_SECRET")
    text = invoke(["check", "--env-file", f"backend:staging={path}"], guide).stdout
    assert "    railway:backend/staging CSRF_SECRET: " in text


# --- bad files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing", None, "no such file"),
        ("binary", b"A=\x00\x01", "binary file"),
        ("utf16", "A=1\n".encode("utf-16"), "UTF-16"),
        ("broken.json", b'{"A": "x",', "is not valid JSON (line 1, column 11)"),
        ("array.json", b'["A"]', "not one JSON object"),
        ("number.json", b'{"A": 1}', "is not a string"),
        ("production", vercel_pull({"A": "b"}, "production").encode(), "Vercel's production"),
    ],
)
def test_a_bad_file_is_one_line_and_exit_2(
    name: str, content: bytes | None, message: str, guide: Path, tmp_path: Path
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    run = invoke(["check", "--env-file", f"backend:staging={path}"], guide)
    assert run.code == 2 and run.stdout == "", run.text
    assert run.stderr.count("\n") == 1 and message in run.stderr, run.stderr
    assert run.stderr.startswith("stagelint: error: --env-file backend:staging: ")


def test_a_directory_a_huge_file_and_a_typo_are_errors(guide: Path, tmp_path: Path) -> None:
    huge = tmp_path / "huge"
    huge.write_text("A=" + "x" * 200_000 + "\n")
    (guide / "stagelint.toml").write_text("max-file-size = 100000\n")
    cases = {
        f"backend:staging={tmp_path}": "is a directory",
        f"backend:staging={huge}": "over the size limit",
        f"backedn:staging={huge}": "no service named 'backedn'",
    }
    for spec, message in cases.items():
        run = invoke(["check", "--env-file", spec], guide)
        assert run.code == 2 and message in run.stderr, run.text
    twice = pulled(tmp_path, "b.json", "{}")
    run = invoke(
        ["check", "--env-file", f"backend:staging={twice}", "--env-file", f"backend:stage={twice}"],
        guide,
    )
    assert run.code == 2 and "already given" in run.stderr, run.text


def test_a_malformed_dotenv_line_is_a_finding_at_the_source(guide: Path, tmp_path: Path) -> None:
    path = pulled(tmp_path, "b.env", "# edited by hand\nPYTHON_ENV = staging\n")
    run = invoke(["check", "--env-file", f"backend:staging={path}"], guide)
    assert "env-file:backend/staging PYTHON_ENV: SL005 [warning]" in run.stdout, run.text


def test_several_project_roots_are_refused(guide: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "stagelint.toml").write_text("")
    path = pulled(tmp_path, "b.json", "{}")
    run = invoke(
        ["check", str(guide), str(other), "--env-file", f"backend:staging={path}"], tmp_path
    )
    assert run.code == 2 and "one project root" in run.stderr


# --- fingerprints and the tour ---------------------------------------------------------------


@pytest.mark.parametrize("writer", [railway_json, railway_kv, vercel_pull])
def test_fingerprint_reads_the_pulled_formats(writer: object, guide: Path, tmp_path: Path) -> None:
    shared = "Zq8wNc3vLt7xRm2kPb9dHf4jGs6yTa1e"
    production = {"JWT_SECRET_KEY": shared, "SESSION_SECRET": "[SENSITIVE]"}
    text = writer(production)  # type: ignore[operator]
    if writer is vercel_pull:
        text = vercel_pull(production, "production")
    prod = pulled(tmp_path, "prod", text)
    written = invoke(["fingerprint", str(prod), "--service", "backend"], guide)
    assert written.code == 0 and "wrote 1 fingerprint" in written.stdout, written.text
    staging = pulled(tmp_path, "staging.json", railway_json({"JWT_SECRET_KEY": shared}))
    run = invoke(["check", "--env-file", f"backend:staging={staging}", "--format", "json"], guide)
    assert [(d["code"], d["variable"]) for d in diagnostics(run.stdout)] == [
        ("SL104", "JWT_SECRET_KEY")
    ]


def test_fingerprint_refuses_a_pull_of_another_environment(guide: Path, tmp_path: Path) -> None:
    prod = pulled(tmp_path, "preview", vercel_pull({"NEXTAUTH_SECRET": "x" * 40}))
    run = invoke(["fingerprint", str(prod), "--service", "frontend"], guide)
    assert run.code == 2 and "Vercel's staging environment" in run.stderr, run.text


def test_the_tour_says_what_the_deployed_values_made_checkable(guide: Path, tmp_path: Path) -> None:
    path = pulled(
        tmp_path, "b.json", railway_json({**STAGING, "REDIS_URL": "rediss://x.upstash.io:6379"})
    )
    spec = ["--env-file", f"backend:staging={path}"]
    data = json.loads(invoke(["explain", *spec, "--format", "json"], guide).stdout)
    assert data["deployed"] == [
        {
            "source": "railway:backend/staging",
            "service": "backend",
            "environment": "staging",
            "format": "railway-json",
        }
    ]
    assert set(data["made_checkable"]) == {"postgres", "redis"}
    before = json.loads(invoke(["explain", "--format", "json"], guide).stdout)
    statuses = {item["key"]: item["status"] for item in before["checklist"]}
    assert statuses["postgres"] == statuses["redis"] == "not checkable"
    assert before["made_checkable"] == [] and before["deployed"] == []
    text = invoke(["explain", *spec], guide).stdout
    flat = " ".join(text.split())
    assert (
        "Deployed values given (`--env-file`): `railway:backend/staging` (railway variables --json)"
        in flat
    )
    assert "made 2 checks checkable that the repository alone could not" in flat
    assert "first at `railway:backend/staging` (`DATABASE_URL`)" in flat


def test_fingerprint_takes_several_services_as_env_file_specs(guide: Path, tmp_path: Path) -> None:
    backend = pulled(
        tmp_path, "b.json", railway_json({"JWT_SECRET_KEY": "Zq8wNc3vLt7xRm2kPb9dHf4jGs6yTa1e"})
    )
    frontend = pulled(
        tmp_path,
        "f.env",
        vercel_pull({"NEXTAUTH_SECRET": "Hq2wNc3vLt7xRm2kPb9dHf4jGs6yTa1e"}, "production"),
    )
    run = invoke(
        ["fingerprint", f"backend:production={backend}", f"frontend:production={frontend}"], guide
    )
    assert run.code == 0, run.text
    assert "wrote 2 fingerprints" in run.stdout and "services: backend, frontend" in run.stdout
    wrong = invoke(["fingerprint", f"backend:staging={backend}"], guide)
    assert wrong.code == 2 and "pass --environment staging" in wrong.stderr, wrong.text
