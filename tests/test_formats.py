"""CI output formats (sarif, github, gitlab, junit, json-lines) through the installed script.

Each format is read back the way its consumer reads it: SARIF against the official schema,
JUnit with an XML parser, workflow commands line by line. The same findings must come out
of every format, with the exit code the format does not change, and no secret value.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from stagelint.check.runner import CheckResult
from stagelint.model.deployment import Location
from stagelint.model.diagnostics import Diagnostic, Related, Severity
from stagelint.policy.packs import Policy
from stagelint.report import FORMATS, ReportOptions, renderer
from stagelint.report.github import escape_data, escape_property
from stagelint.report.junit import xml_safe
from tests.conftest import corpus_dir
from tests.support import run_measured

SCRIPT = Path(sys.executable).parent / "stagelint"
CI_FORMATS = ("sarif", "github", "gitlab", "junit", "json-lines")
ALL_FORMATS = ("text", "json", *CI_FORMATS)

# SL004 (error, with a related location) and SL005 (warning).
ENV_STAGING = "A=1\nA=2\nKEY = value\n"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def stagelint(*args: str, cwd: Path | None = None) -> Run:
    """Run the installed console script as CI would: no colour, no terminal."""
    done = run_measured([str(SCRIPT), *args], cwd=cwd, env={**os.environ, "NO_COLOR": "1"})
    assert "Traceback" not in done.stderr, done.stderr
    return Run(done.code, done.stdout, done.stderr)


def make_project(root: Path, env_staging: str = ENV_STAGING, service: str = "api") -> Path:
    (root / service).mkdir(parents=True, exist_ok=True)
    (root / service / "railway.json").write_text("{}\n", encoding="utf-8")
    (root / service / ".env.staging").write_text(env_staging, encoding="utf-8")
    return root


def check(
    project: Path, fmt: str, *extra: str, select: str = "SL004,SL005", cwd: Path | None = None
) -> Run:
    return stagelint(
        "check", str(project), "--format", fmt, "--select", select, *extra, cwd=cwd or project
    )


def test_every_format_is_registered() -> None:
    assert set(ALL_FORMATS) <= set(FORMATS)
    for name in ALL_FORMATS:
        assert callable(renderer(name))


# --- github ------------------------------------------------------------------------------


def test_github_escaping() -> None:
    assert escape_data("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b"
    assert escape_property("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext%3A a%2Cb"
    assert escape_data("%0A") == "%250A"  # already-escaped text stays literal


def test_github_exact_output(tmp_path: Path) -> None:
    make_project(tmp_path)
    run = check(tmp_path, "github", cwd=tmp_path)
    assert run.code == 1
    assert run.stdout.splitlines() == [
        "::error file=api/.env.staging,line=2,col=1,endLine=2,endColumn=2,"
        "title=SL004 duplicate-key::A is defined again (first on line 1); loaders keep only"
        " the last definition%0A    api/.env.staging:1:1: first definition of A",
        "::warning file=api/.env.staging,line=3,col=4,endLine=3,endColumn=7,"
        'title=SL005 env-syntax::spaces around "=" in KEY: most loaders keep or reject them'
        " differently",
        "Found 1 error and 1 warning in 2 files.",
    ]


def test_github_escapes_paths_and_messages(tmp_path: Path) -> None:
    make_project(tmp_path, "A=1\nA=2\n100%_OFF=1\n", service="my,api:v2")
    lines = check(tmp_path, "github", cwd=tmp_path).stdout.splitlines()
    assert lines[0].startswith("::error file=my%2Capi%3Av2/.env.staging,line=2,")
    # in the message, only %, CR and LF are escaped
    assert lines[0].endswith("%0A    my,api:v2/.env.staging:1:1: first definition of A")
    assert lines[1].startswith("::warning file=my%2Capi%3Av2/.env.staging,line=3,col=1,")
    for line in lines[:-1]:  # every % left is an escape
        assert re.fullmatch(r"([^%]|%25|%0A|%0D|%3A|%2C)*", line), line


@pytest.mark.parametrize("control", ["\x1b]0;pwned\x07", "\x1b[2J", "\x9b", "\u202e", "\u2028"])
def test_github_escapes_control_characters_as_the_text_format_does(
    tmp_path: Path, control: str
) -> None:
    """A file name holding ESC, BEL, a C1 control or a bidirectional override reached the
    Actions log raw (a terminal title, a cleared screen, reversed text)."""
    make_project(tmp_path, "A=1\nA=2\n", service=f"api{control}x")
    run = check(tmp_path, "github", cwd=tmp_path)
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u202e]", run.stdout)
    assert ascii(control)[1:-1] in run.stdout.splitlines()[0]


def test_github_paths_relative_to_the_current_directory(tmp_path: Path) -> None:
    make_project(tmp_path / "infra")
    run = check(tmp_path / "infra", "github", cwd=tmp_path)
    assert run.stdout.startswith("::error file=infra/api/.env.staging,line=2,")


def test_github_notice_for_infos(tmp_path: Path) -> None:
    diag = _diagnostic("a note", severity=Severity.INFO)
    out = io.StringIO()
    renderer("github")([_result(tmp_path, [diag])], out, ReportOptions(cwd=str(tmp_path)))
    assert out.getvalue().startswith("::notice file=api/.env.staging,line=3,col=2,")


def test_github_message_with_newlines_and_percent(tmp_path: Path) -> None:
    diag = _diagnostic("100% wrong\nsecond line, with: colon")
    out = io.StringIO()
    renderer("github")([_result(tmp_path, [diag])], out, ReportOptions(cwd=str(tmp_path)))
    first = out.getvalue().splitlines()[0]
    assert first == (
        "::error file=api/.env.staging,line=3,col=2,endLine=3,endColumn=5,"
        "title=SL999 made-up-rule::100%25 wrong%0Asecond line, with: colon"
        "%0A    api/.env.staging:1:1: see here"
    )


# --- gitlab ------------------------------------------------------------------------------


def gitlab_issues(run: Run) -> list[dict[str, Any]]:
    data = json.loads(run.stdout)
    assert isinstance(data, list)
    return data


def test_gitlab_report_shape(tmp_path: Path) -> None:
    make_project(tmp_path)
    issues = gitlab_issues(check(tmp_path, "gitlab"))
    assert [(i["check_name"], i["severity"], i["location"]) for i in issues] == [
        ("SL004", "major", {"path": "api/.env.staging", "lines": {"begin": 2, "end": 2}}),
        ("SL005", "minor", {"path": "api/.env.staging", "lines": {"begin": 3, "end": 3}}),
    ]
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["description"].startswith(issue["check_name"] + ": ")
        assert isinstance(issue["fingerprint"], str)
        assert len(issue["fingerprint"]) == 64
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}


def test_gitlab_fingerprints_survive_line_moves(tmp_path: Path) -> None:
    make_project(tmp_path)
    before = gitlab_issues(check(tmp_path, "gitlab"))
    make_project(tmp_path, "\n\n# moved down\n\n" + ENV_STAGING)
    after = gitlab_issues(check(tmp_path, "gitlab"))
    assert [i["location"]["lines"]["begin"] for i in after] == [6, 7]
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]
    assert [i["fingerprint"] for i in before] == [d["identity"] for d in _identities(tmp_path)]


def test_gitlab_fingerprints_are_unique(tmp_path: Path) -> None:
    # two SL004 findings with the same identity (same key, same message once numbers go)
    make_project(tmp_path, "A=1\nA=2\nA=3\n")
    issues = gitlab_issues(check(tmp_path, "gitlab"))
    assert len(issues) == 2
    assert len({i["fingerprint"] for i in issues}) == 2
    make_project(tmp_path, "\nA=1\nA=2\nA=3\n")
    moved = gitlab_issues(check(tmp_path, "gitlab"))
    assert [i["fingerprint"] for i in moved] == [i["fingerprint"] for i in issues]


def test_gitlab_clean_run_is_an_empty_array(tmp_path: Path) -> None:
    make_project(tmp_path, "A=1\n")
    run = check(tmp_path, "gitlab")
    assert (run.code, json.loads(run.stdout)) == (0, [])


# --- junit -------------------------------------------------------------------------------


def test_junit_failures(tmp_path: Path) -> None:
    make_project(tmp_path)
    run = check(tmp_path, "junit")
    assert run.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(run.stdout)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("2", "2", "0")
    (suite,) = root.findall("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("2", "2")
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props == {"policy": "staging", "files": "2"}
    cases = suite.findall("testcase")
    assert [(c.get("classname"), c.get("name"), c.get("file")) for c in cases] == [
        ("stagelint.SL004", "duplicate-key at api/.env.staging:2:1", "api/.env.staging"),
        ("stagelint.SL005", "env-syntax at api/.env.staging:3:4", "api/.env.staging"),
    ]
    failure = cases[0].find("failure")
    assert failure is not None
    assert failure.get("type") == "SL004"
    assert failure.get("message", "").startswith("A is defined again")
    assert failure.text == (
        "api/.env.staging:2:1: SL004 [error] A is defined again (first on line 1); loaders"
        " keep only the last definition\n    api/.env.staging:1:1: first definition of A\n"
    )


def test_junit_passing_run(tmp_path: Path) -> None:
    make_project(tmp_path, "A=1\n")
    run = check(tmp_path, "junit")
    assert run.code == 0
    root = ET.fromstring(run.stdout)
    (suite,) = root.findall("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("1", "0", "0")
    (case,) = suite.findall("testcase")
    assert case.find("failure") is None
    assert case.findtext("system-out") == "All checks passed (2 files checked)."


def test_junit_survives_any_text(tmp_path: Path) -> None:
    nasty = "nul\x00 esc\x1b[31m bell\x07 ff\x0c surrogate\udc80 \ufffe <&>\"' tab\t ok é 🚀"
    diag = _diagnostic(nasty)
    out = io.StringIO()
    renderer("junit")([_result(tmp_path, [diag])], out, ReportOptions(cwd=str(tmp_path)))
    text = out.getvalue()
    text.encode("utf-8")  # no lone surrogate left
    failure = ET.fromstring(text).find("testsuite/testcase/failure")
    assert failure is not None
    expected = (
        "nul\ufffd esc\ufffd[31m bell\ufffd ff\ufffd surrogate\ufffd \ufffd <&>\"' tab\t ok é 🚀"
    )
    assert failure.get("message") == expected
    assert expected in (failure.text or "")
    assert xml_safe("a\r\nb\tc") == "a\r\nb\tc"


def test_junit_one_suite_per_root(tmp_path: Path) -> None:
    make_project(tmp_path / "one")
    make_project(tmp_path / "two", "A=1\n")
    run = stagelint(
        "check", "one", "two", "--format", "junit", "--select", "SL004,SL005", cwd=tmp_path
    )
    root = ET.fromstring(run.stdout)
    suites = root.findall("testsuite")
    assert [(s.get("name"), s.get("tests"), s.get("failures")) for s in suites] == [
        ("stagelint: one", "2", "2"),
        ("stagelint: two", "1", "0"),
    ]
    assert (root.get("tests"), root.get("failures")) == ("3", "2")
    assert suites[0].findall("testcase")[0].get("file") == "one/api/.env.staging"


# --- json-lines --------------------------------------------------------------------------


def test_json_lines_match_json(tmp_path: Path) -> None:
    make_project(tmp_path, ENV_STAGING + "CAFÉ\u2028=1\n")
    lines_run = check(tmp_path, "json-lines")
    json_run = check(tmp_path, "json")
    assert lines_run.code == json_run.code == 1
    assert lines_run.stdout.endswith("\n")
    lines = lines_run.stdout.splitlines()  # splits on U+2028 too: none may be raw
    assert [json.loads(line) for line in lines] == json.loads(json_run.stdout)["diagnostics"]
    assert len(lines) >= 3


def test_json_lines_clean_run_prints_nothing(tmp_path: Path) -> None:
    make_project(tmp_path, "A=1\n")
    run = check(tmp_path, "json-lines")
    assert (run.code, run.stdout) == (0, "")


def test_json_lines_several_roots_carry_the_root(tmp_path: Path) -> None:
    make_project(tmp_path / "one")
    make_project(tmp_path / "two")
    run = stagelint(
        "check", "one", "two", "--format", "json-lines", "--select", "SL004", cwd=tmp_path
    )
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert [Path(r["root"]).name for r in rows] == ["one", "two"]


# --- sarif -------------------------------------------------------------------------------


def sarif_validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(
        (corpus_dir("schemas") / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
    )
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)


def sarif(run: Run) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run.stdout)
    errors = sorted(sarif_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    return data


def test_sarif_is_valid_and_complete(tmp_path: Path) -> None:
    make_project(tmp_path)
    data = sarif(check(tmp_path, "sarif"))
    assert data["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert data["version"] == "2.1.0"
    (run,) = data["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"] == [
        {"executionSuccessful": True, "workingDirectory": {"uri": tmp_path.as_uri() + "/"}}
    ]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.as_uri() + "/"}}
    driver = run["tool"]["driver"]
    from stagelint import __version__

    assert (driver["name"], driver["version"]) == ("stagelint", __version__)
    assert driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == ["SL004", "SL005"]

    first, second = run["results"]
    assert (first["ruleId"], first["ruleIndex"], first["level"]) == ("SL004", 0, "error")
    assert (second["ruleId"], second["ruleIndex"], second["level"]) == ("SL005", 1, "warning")
    assert first["message"]["text"].startswith("A is defined again")
    assert first["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "api/.env.staging", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 2},
            }
        }
    ]
    assert first["relatedLocations"] == [
        {
            "id": 1,
            "physicalLocation": {
                "artifactLocation": {"uri": "api/.env.staging", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 2},
            },
            "message": {"text": "first definition of A"},
        }
    ]
    assert "relatedLocations" not in second
    region = second["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 3, "startColumn": 4, "endLine": 3, "endColumn": 7}
    assert first["properties"] == {"environment": "staging", "service": "api", "variable": "A"}
    identities = [d["identity"] for d in _identities(tmp_path)]
    assert [r["partialFingerprints"] for r in run["results"]] == [
        {"stagelint/v1": identity} for identity in identities
    ]


def test_sarif_rule_metadata(tmp_path: Path) -> None:
    from stagelint.policy.registry import load_registry
    from stagelint.policy.ruledocs import rule_doc

    make_project(tmp_path)
    rules = sarif(check(tmp_path, "sarif"))["runs"][0]["tool"]["driver"]["rules"]
    duplicate = rules[0]
    doc = rule_doc(load_registry().rules["SL004"])
    assert duplicate["name"] == "DuplicateKey"
    assert duplicate["shortDescription"] == {"text": doc.summary}
    assert duplicate["fullDescription"]["markdown"] == doc.section("What it checks").strip()
    assert "\n" not in duplicate["fullDescription"]["text"].strip()
    assert duplicate["help"]["markdown"] == doc.markdown()
    for heading in ("What it checks", "Why", "Example", "Use instead", "How to fix", "Guide"):
        assert f"## {heading}" in duplicate["help"]["markdown"]
    assert duplicate["helpUri"] == (
        "https://github.com/stagelint/stagelint/blob/main/docs/rules/SL004.md"
    )
    assert duplicate["defaultConfiguration"] == {"level": "error"}
    assert "configuration" in duplicate["properties"]["tags"]


def test_sarif_clean_run(tmp_path: Path) -> None:
    make_project(tmp_path, "A=1\n")
    run = check(tmp_path, "sarif")
    data = sarif(run)
    assert run.code == 0
    assert data["runs"][0]["results"] == []
    assert data["runs"][0]["tool"]["driver"]["rules"] == []


def test_sarif_several_roots_make_one_run(tmp_path: Path) -> None:
    make_project(tmp_path / "one")
    make_project(tmp_path / "two")
    run = stagelint("check", "one", "two", "--format", "sarif", "--select", "SL004", cwd=tmp_path)
    (sarif_run,) = sarif(run)["runs"]
    results = sarif_run["results"]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
    assert uris == ["one/api/.env.staging", "two/api/.env.staging"]
    fingerprints = [r["partialFingerprints"]["stagelint/v1"] for r in results]
    assert len(set(fingerprints)) == 2  # same relative file and finding in both roots
    assert [r["id"] for r in sarif_run["tool"]["driver"]["rules"]] == ["SL004"]


def test_sarif_file_outside_the_current_directory(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project with space")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (result,) = sarif(check(project, "sarif", select="SL004", cwd=elsewhere))["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": (project / "api" / ".env.staging").as_uri()}
    assert "%20" in location["uri"]


def test_sarif_percent_encodes_relative_uris(tmp_path: Path) -> None:
    make_project(tmp_path, service="my api%")
    (result,) = sarif(check(tmp_path, "sarif", select="SL004"))["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"] == "my%20api%25/.env.staging"


# --- every format ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_output_file_matches_stdout(tmp_path: Path, fmt: str) -> None:
    project = make_project(tmp_path / "p")
    printed = check(project, fmt)
    out = tmp_path / f"report.{fmt}"
    written = check(project, fmt, "--output-file", str(out))
    assert (written.code, written.stdout) == (printed.code, "")
    assert out.read_text(encoding="utf-8") == printed.stdout  # and two runs agree
    assert "\x1b[" not in printed.stdout
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(f".{out.name}.")]


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_exit_codes_do_not_depend_on_the_format(tmp_path: Path, fmt: str) -> None:
    make_project(tmp_path)
    assert check(tmp_path, fmt).code == 1
    assert check(tmp_path, fmt, "--exit-zero").code == 0
    assert check(tmp_path, fmt, select="SL005").code == 0  # a warning only
    assert check(tmp_path, fmt, "--fail-on", "warning", select="SL005").code == 1


CANARY = "Zq7canaryXv93KpL0wTe"
LONG_CANARY = "Hy4t8WmQ2canaryRr6Lk9Pz3Vb5Nc7Dx1Fg0Js8Au"


def test_no_format_leaks_a_secret(tmp_path: Path) -> None:
    root = tmp_path / "p"
    (root / "api").mkdir(parents=True)
    (root / "web").mkdir()
    (root / "api" / "railway.json").write_text("{}\n")
    (root / "web" / "vercel.json").write_text("{}\n")
    (root / "api" / ".env.staging").write_text(
        f"JWT_SECRET_KEY={CANARY}\nSESSION_SECRET={LONG_CANARY}\n"
        f"DATABASE_URL=postgres://app:{CANARY}@ep-x.neon.tech/db\n"
        f"SESSION_SECRET={CANARY}\n"
    )
    (root / "api" / ".env.production").write_text(
        f"SESSION_SECRET={LONG_CANARY}\nJWT_SECRET_KEY={LONG_CANARY}\n"
    )
    (root / "web" / ".env.preview").write_text(f"NEXT_PUBLIC_JWT_SECRET={LONG_CANARY}\n")
    slices = {canary[i : i + 8] for canary in (CANARY, LONG_CANARY) for i in range(len(canary) - 7)}
    json_run = stagelint("check", str(root), "--format", "json")
    flagged = {d["variable"] for d in json.loads(json_run.stdout)["diagnostics"]}
    assert "JWT_SECRET_KEY" in flagged  # the canary did trigger something
    for fmt in ALL_FORMATS:
        run = stagelint("check", str(root), "--format", fmt, cwd=tmp_path)
        assert run.code == 1
        output = run.stdout + run.stderr
        leaked = sorted(s for s in slices if s in output)
        assert not leaked, f"--format {fmt} leaks {leaked[:3]}"


# --- helpers -----------------------------------------------------------------------------


def _diagnostic(message: str, severity: Severity = Severity.ERROR) -> Diagnostic:
    return Diagnostic(
        code="SL999",
        rule="made-up-rule",
        severity=severity,
        message=message,
        location=Location("api/.env.staging", 3, 2, 3, 5),
        related=(Related(Location("api/.env.staging", 1, 1, 1, 4), "see here"),),
        environment="staging",
        service="api",
        variable="KEY",
    )


def _result(root: Path, diagnostics: list[Diagnostic]) -> CheckResult:
    return CheckResult(root, Policy(name="staging"), diagnostics, files=1)


def _identities(project: Path) -> list[dict[str, Any]]:
    """The identity of each diagnostic of ``--format json``, rebuilt from its fields."""
    data = json.loads(check(project, "json").stdout)
    found = []
    for d in data["diagnostics"]:
        diag = Diagnostic(
            d["code"],
            d["rule"],
            Severity.parse(d["severity"]),
            d["message"],
            Location(d["path"], d["line"], d["column"], d["end_line"], d["end_column"]),
            environment=d["environment"],
            service=d["service"],
            variable=d["variable"],
            fingerprint=d.get("fingerprint"),
        )
        found.append({**d, "identity": diag.identity()})
    return found
