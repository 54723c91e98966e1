"""The installed console script, run as a subprocess: outputs, exit codes, bad input.

Every bad input must give a positioned SL001 diagnostic or a one-line error with exit code
2 — never a traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support import run_measured, write_files

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "guide"
SCRIPT = Path(sys.executable).parent / "stagelint"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    peak_mib: float

    def json(self) -> dict[str, object]:
        data: dict[str, object] = json.loads(self.stdout)
        return data


def stagelint(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    prefix: tuple[str, ...] = (),
) -> Run:
    """Run the installed ``stagelint`` console script; report exit code, output, peak RSS."""
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    done = run_measured([*prefix, str(SCRIPT), *args], cwd=cwd, env=environment)
    assert "Traceback" not in done.stderr, done.stderr
    return Run(done.code, done.stdout, done.stderr, done.peak_mib)


def diagnostics(run: Run) -> list[tuple[str, str, int, int]]:
    data = run.json()
    items = data["diagnostics"]
    assert isinstance(items, list)
    return [(d["code"], d["path"], d["line"], d["column"]) for d in items]


def test_console_script_is_installed() -> None:
    assert SCRIPT.exists(), "install the project: pip install -e '.[test]'"
    run = stagelint("--version")
    assert run.code == 0
    assert "stagelint" in run.stdout


def test_python_dash_m() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "stagelint", "--help"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0
    assert "check" in proc.stdout


def test_python_dash_m_exit_codes(tmp_path: Path) -> None:
    """``python -m stagelint`` exits as the console script does (it used to exit 0 always)."""
    (tmp_path / ".env.staging").write_text("JWT_SECRET_KEY=too-short\n")

    def code(*args: str) -> int:
        command = [sys.executable, "-m", "stagelint", *args]
        return subprocess.run(command, capture_output=True, check=False).returncode

    assert code("check", str(tmp_path / "missing")) == 2
    assert code("check", str(tmp_path)) == 1
    assert code("check", str(tmp_path), "--exit-zero") == 0


def test_example_is_clean_text_and_json(tmp_path: Path) -> None:
    project = tmp_path / "guide"
    shutil.copytree(EXAMPLE, project)
    run = stagelint("check", str(project))
    assert run.code == 0, run.stdout + run.stderr
    assert run.stdout.strip().endswith("checked).")
    run = stagelint("check", str(project), "--format", "json")
    data = run.json()
    assert data["version"] == 1
    assert data["diagnostics"] == []
    assert data["summary"] == {"files": 11, "errors": 0, "warnings": 0, "infos": 0}


def test_text_format_line_shape_and_exit_code(tmp_path: Path) -> None:
    write_files(tmp_path, {"api/railway.json": "{}\n", "api/.env.staging": "A=1\nA=2\n"})
    run = stagelint("check", ".", "--select", "SL004", cwd=tmp_path)
    assert run.code == 1
    lines = run.stdout.splitlines()
    assert lines[0].startswith("api/.env.staging:2:1: SL004 [error] A is defined again")
    assert lines[-1] == "Found 1 error in 2 files."


def test_json_contract(tmp_path: Path) -> None:
    write_files(tmp_path, {"api/railway.json": "{}\n", "api/.env.staging": "A=1\nA=2\n"})
    data = stagelint("check", str(tmp_path), "--format", "json", "--select", "SL004").json()
    assert set(data) >= {"version", "diagnostics", "summary"}
    (diag,) = data["diagnostics"]  # type: ignore[misc]
    assert diag == {
        "code": "SL004",
        "rule": "duplicate-key",
        "severity": "error",
        "message": diag["message"],
        "path": "api/.env.staging",
        "line": 2,
        "column": 1,
        "end_line": 2,
        "end_column": 2,
        "environment": "staging",
        "service": "api",
        "variable": "A",
        "related": [
            {
                "path": "api/.env.staging",
                "line": 1,
                "column": 1,
                "end_line": 1,
                "end_column": 2,
                "message": "first definition of A",
            }
        ],
    }
    assert data["summary"] == {"files": 2, "errors": 1, "warnings": 0, "infos": 0}


def test_exit_zero_fail_on_and_output_file(tmp_path: Path) -> None:
    write_files(tmp_path, {"api/railway.json": "{}\n", "api/.env.staging": "A = 1\n"})
    assert stagelint("check", str(tmp_path), "--select", "SL005").code == 0  # a warning
    assert stagelint("check", str(tmp_path), "--select", "SL005", "--fail-on", "warning").code == 1
    run = stagelint(
        "check", str(tmp_path), "--select", "SL005", "--fail-on", "warning", "--exit-zero"
    )
    assert run.code == 0
    out = tmp_path / "report.json"
    run = stagelint("check", str(tmp_path), "--format", "json", "-o", str(out))
    assert run.stdout == ""
    assert json.loads(out.read_text())["summary"]["warnings"] == 1


def test_file_targets_report_only_those_files(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            ".git/HEAD": "ref: refs/heads/main\n",
            "api/railway.json": "{}\n",
            "api/.env.staging": "A=1\nA=2\n",
            "api/.env.production": "B=1\nB=2\n",
        },
    )
    run = stagelint(
        "check", "api/.env.production", "--format", "json", "--select", "SL004", cwd=tmp_path
    )
    assert diagnostics(run) == [("SL004", "api/.env.production", 2, 1)]
    assert run.json()["summary"]["files"] == 1  # type: ignore[index]


_MONOREPO = {
    # the shape that lost its settings and its sibling service: `cd backend && stagelint check`
    "backend/railway.toml": '[deploy]\nhealthcheckPath = "/health"\n',
    "backend/.env.staging": "CORS_ORIGINS=https://staging.example-shop.com\nDEBUG=true\n",
    "frontend/vercel.json": "{}\n",
    "frontend/.env.preview": "NEXT_PUBLIC_APP_URL=https://preview.example-shop.com\n",
}


@pytest.mark.parametrize(
    "marker",
    [
        {"stagelint.toml": 'select = ["SL404", "SL502"]\n'},
        {
            "pyproject.toml": '[project]\nname = "shop"\n[tool.stagelint]\nselect = ["SL404", "SL502"]\n'
        },
        {".git/HEAD": "ref: refs/heads/main\n"},
    ],
    ids=["stagelint.toml", "pyproject", "git"],
)
def test_a_subdirectory_finds_its_project(tmp_path: Path, marker: dict[str, str]) -> None:
    """Run from a service's folder, stagelint loads the whole project around it (settings,
    sibling services) and reports what concerns that folder, paths as seen from there."""
    write_files(tmp_path, {**_MONOREPO, **marker})
    backend = tmp_path / "backend"
    args = ("check", "--select", "SL404,SL502") if ".git/HEAD" in marker else ("check",)
    run = stagelint(*args, cwd=backend)
    lines = run.stdout.splitlines()
    assert lines[0].startswith(".env.staging:2:1: SL502 ")
    assert lines[1].startswith("../frontend/.env.preview:1:1: SL404 ")  # related to backend
    assert lines[2] == "    .env.staging:1:1: CORS_ORIGINS of backend, which lacks it"
    assert lines[-1] == "Found 2 errors in 2 files."
    # JSON keeps its contract: paths relative to the project root, which it names
    data = stagelint(*args, "--format", "json", cwd=backend).json()
    assert data["root"] == str(tmp_path.resolve())
    paths = [d["path"] for d in data["diagnostics"]]  # type: ignore[index]
    assert paths == ["backend/.env.staging", "frontend/.env.preview"]
    # the whole project from its root; a sibling folder alone from anywhere inside
    assert stagelint(*args, cwd=tmp_path).stdout.splitlines()[-1] == "Found 2 errors in 4 files."
    only = stagelint(*args, "../frontend", cwd=backend).stdout.splitlines()
    assert [line.split(" ")[0] for line in only] == ["../frontend/.env.preview:1:1:", "", "Found"]


def test_a_project_of_its_own_inside_a_repository(tmp_path: Path) -> None:
    """A folder with its own settings file is a project even inside a git repository (the
    examples of this repository are)."""
    write_files(
        tmp_path, {".git/HEAD": "ref: refs/heads/main\n", "other/.env.staging": "A=1\nA=2\n"}
    )
    write_files(tmp_path / "shop", {**_MONOREPO, "stagelint.toml": "ignore = []\n"})
    run = stagelint("check", "shop", "--select", "SL004,SL502", "--format", "json", cwd=tmp_path)
    assert diagnostics(run) == [("SL502", "backend/.env.staging", 2, 1)]


def test_color_never_when_piped_or_no_color(tmp_path: Path) -> None:
    write_files(tmp_path, {"api/railway.json": "{}\n", "api/.env.staging": "A=1\nA=2\n"})
    run = stagelint("check", str(tmp_path), env={"NO_COLOR": ""})
    assert "\x1b[" not in run.stdout


@pytest.mark.parametrize(
    ("name", "files", "expected"),
    [
        (
            "malformed-json",
            {"api/railway.json": '{\n  "deploy": {\n    "healthcheckPath": "/health",\n  }\n}\n'},
            [("SL001", "api/railway.json", 3, 33)],
        ),
        (
            "malformed-toml",
            {"api/railway.toml": "[deploy]\nhealthcheckPath = /health\n"},
            [("SL001", "api/railway.toml", 2, 19)],
        ),
        (
            "malformed-ts",
            {"studio/sanity.config.ts": "export default defineConfig({\n  dataset: ,\n})\n"},
            [("SL001", "studio/sanity.config.ts", 2, 11)],
        ),
        (
            "invalid-utf8",
            {"api/railway.json": "{}\n", "api/.env.staging": b"A=1\nB=caf\xe9\n"},
            [("SL001", "api/.env.staging", 2, 6)],
        ),
        (
            "nul-bytes",
            {"api/railway.json": b'{"build": {}}\x00\x00'},
            [("SL001", "api/railway.json", 1, 14)],
        ),
        (
            "utf8-bom",
            {"api/railway.json": b'\xef\xbb\xbf{"deploy": {"healthcheckPath": "/health"}}\n'},
            [],
        ),
        (
            "railway-json-directory",
            {"api/railway.json/x": "", "api/.env.staging": "A=1\n"},
            [("SL001", "api/railway.json", 1, 1)],
        ),
    ],
)
def test_bad_input_gives_positioned_sl001(
    tmp_path: Path,
    name: str,
    files: dict[str, bytes | str],
    expected: list[tuple[str, str, int, int]],
) -> None:
    write_files(tmp_path, files)
    run = stagelint("check", str(tmp_path), "--format", "json", "--select", "SL001")
    assert diagnostics(run) == expected
    assert run.code == (1 if expected else 0)


def test_crlf_positions(tmp_path: Path) -> None:
    write_files(
        tmp_path, {"api/railway.json": "{}\r\n", "api/.env.staging": "A=1\r\nB=2\r\nA=3\r\n"}
    )
    run = stagelint("check", str(tmp_path), "--format", "json", "--select", "SL004")
    assert diagnostics(run) == [("SL004", "api/.env.staging", 3, 1)]


def test_huge_file_hits_the_size_limit_without_reading_it(tmp_path: Path) -> None:
    write_files(tmp_path, {"api/railway.json": "{}\n"})
    with open(tmp_path / "api" / ".env.staging", "wb") as handle:
        handle.write(b"A=" + b"x" * (50 * 1024 * 1024) + b"\n")
    run = stagelint("check", str(tmp_path), "--format", "json", "--select", "SL001")
    assert diagnostics(run) == [("SL001", "api/.env.staging", 1, 1)]
    assert "size limit" in run.json()["diagnostics"][0]["message"]  # type: ignore[index]
    assert 0 < run.peak_mib < 60, f"peak RSS {run.peak_mib:.0f} MiB"


def test_symlink_loop_and_outside_root(tmp_path: Path) -> None:
    project = tmp_path / "p"
    write_files(project, {"api/railway.json": "{}\n"})
    (project / "api" / ".env.staging").symlink_to(project / "api" / ".env.production")
    (project / "api" / ".env.production").symlink_to(project / "api" / ".env.staging")
    (tmp_path / "secret.txt").write_text("TOKEN=abc\n")
    (project / "api" / ".env.preview").symlink_to(tmp_path / "secret.txt")
    run = stagelint("check", str(project), "--format", "json", "--select", "SL001")
    found = {d["path"]: d["message"] for d in run.json()["diagnostics"]}  # type: ignore[attr-defined]
    assert "symlink loop" in found["api/.env.staging"]
    assert "symlink loop" in found["api/.env.production"]
    assert "outside the project root" in found["api/.env.preview"]


def test_unreadable_file(tmp_path: Path) -> None:
    write_files(tmp_path, {"api/railway.json": "{}\n", "api/.env.staging": "A=1\n"})
    (tmp_path / "api" / ".env.staging").chmod(0)
    prefix: tuple[str, ...] = ()
    if os.geteuid() == 0:  # root reads everything: drop the capabilities that allow it
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv to drop DAC capabilities")
        prefix = (setpriv, "--bounding-set=-dac_override,-dac_read_search")
    run = stagelint("check", str(tmp_path), "--format", "json", "--select", "SL001", prefix=prefix)
    (d,) = run.json()["diagnostics"]  # type: ignore[misc]
    assert (d["path"], d["line"], d["column"]) == ("api/.env.staging", 1, 1)
    assert "Permission denied" in d["message"]


def test_fifo_does_not_hang(tmp_path: Path) -> None:
    write_files(tmp_path, {"api/railway.json": "{}\n"})
    os.mkfifo(tmp_path / "api" / ".env.staging")
    run = stagelint("check", str(tmp_path), "--format", "json", "--select", "SL001")
    assert diagnostics(run) == [("SL001", "api/.env.staging", 1, 1)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "/does/not/exist"], "path does not exist: /does/not/exist"),
        (["check", "--select", "SL9999"], "unknown rule selector 'SL9999'"),
        (["check", "--policy", "nightly"], "unknown policy 'nightly'"),
        (["check", "--config", "missing.toml"], "settings file not found"),
    ],
)
def test_usage_errors_are_one_line_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    run = stagelint(*args, cwd=tmp_path)
    assert run.code == 2
    assert message in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--format", "json", "--output-file", "no/such/dir/report.json"],
        ["check", "--write-baseline", "report.json/baseline.json"],
        ["fingerprint", ".env.production", "-o", "report.json/production.fingerprints"],
    ],
)
def test_unwritable_output_is_one_line_exit_2(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / ".env.production").write_text("JWT_SECRET_KEY=" + "k" * 40 + "\n")
    (tmp_path / "report.json").write_text("a file, not a directory\n")
    run = stagelint(*args, cwd=tmp_path)
    assert run.code == 2
    assert run.stderr.startswith("stagelint: error: ")
    assert ": cannot write: " in run.stderr
    assert "internal error" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_invalid_settings_exit_2(tmp_path: Path) -> None:
    (tmp_path / "stagelint.toml").write_text("polcy = 'staging'\n")
    run = stagelint("check", str(tmp_path))
    assert run.code == 2
    assert 'unknown setting "polcy" (did you mean "policy"?)' in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_click_usage_error_exit_2() -> None:
    run = stagelint("check", "--format", "yaml")
    assert run.code == 2
    assert "Invalid value for '--format'" in run.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--bogus"], "stagelint: error: No such option '--bogus'"),
        (["chek"], "stagelint: error: No such command 'chek'. Did you mean 'check'?"),
        (["check", "--format", "xml"], "(see 'stagelint check --help')"),
        (["fingerprint"], "Missing argument 'FILES...'"),
    ],
)
def test_click_usage_errors_print_one_line(args: list[str], message: str) -> None:
    """The README promises one line on stderr for a usage error, not click's four."""
    run = stagelint(*args)
    assert run.code == 2
    assert message in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr


def test_statistics_count_findings_per_rule(tmp_path: Path) -> None:
    """Like ruff's --statistics: where to start on a first run with many findings."""
    write_files(
        tmp_path,
        {
            "api/railway.json": "{}\n",
            "api/.env.staging": "A=1\nA=2\nB=1\nB=2\nDEBUG=true\n C = 3\n",
        },
    )
    args = ("check", "--select", "SL004,SL005,SL502")
    run = stagelint(*args, "--statistics", cwd=tmp_path)
    assert run.code == 1
    assert run.stdout.splitlines() == [
        "2  SL004  error    duplicate-key",
        "1  SL005  warning  env-syntax",
        "1  SL502  error    debug-enabled",
        "Found 3 errors and 1 warning in 2 files.",
    ]
    data = stagelint(*args, "--statistics", "--format", "json", cwd=tmp_path).json()
    assert data["statistics"][0] == {  # type: ignore[index]
        "code": "SL004",
        "rule": "duplicate-key",
        "severity": "error",
        "count": 2,
    }
    assert data["summary"] == {"files": 2, "errors": 3, "warnings": 1, "infos": 0}
    refused = stagelint(*args, "--statistics", "--format", "sarif", cwd=tmp_path)
    assert (refused.code, refused.stderr) == (
        2,
        "stagelint: error: --statistics prints text or json, not sarif\n",
    )


def test_empty_project_says_so_and_fails_on_request(tmp_path: Path) -> None:
    """A CI step run in the wrong directory must not pass silently."""
    (tmp_path / "README.md").write_text("no configuration here\n")
    run = stagelint("check", cwd=tmp_path)
    assert (run.code, run.stdout) == (0, "Nothing checked (0 files).\n")
    assert run.stderr == (
        "stagelint: warning: nothing checked: no Railway, Vercel or Sanity config and no .env "
        "files found in .\n"
    )
    run = stagelint("check", "--fail-on-empty", cwd=tmp_path)
    assert run.code == 2
    assert run.stderr.startswith("stagelint: error: nothing to check: ")
    assert len(run.stderr.strip().splitlines()) == 1
    (tmp_path / "stagelint.toml").write_text("fail-on-empty = true\n")
    assert stagelint("check", cwd=tmp_path).code == 2
    (tmp_path / ".env.staging").write_text("DEBUG=false\n")
    assert stagelint("check", cwd=tmp_path).code == 0
