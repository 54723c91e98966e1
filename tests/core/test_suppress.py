"""Inline suppressions and per-file ignores."""

from __future__ import annotations

from pathlib import Path

from stagelint.model.deployment import Location
from stagelint.parsers.suppressions import find_suppressions
from stagelint.project.settings import Settings
from stagelint.testing import lint, records
from tests.support import write_files


def test_directives_in_dotenv_toml_and_ts() -> None:
    text = "A=1 # stagelint: ignore[SL101, secret-too-short] rotated\n# stagelint: ignore[SL005]\nB = 2\n"
    comments = {
        1: "stagelint: ignore[SL101, secret-too-short] rotated",
        2: "stagelint: ignore[SL005]",
    }
    found = find_suppressions(".env.staging", text, comments)
    assert [(s.location, s.selectors, s.lines, s.reason) for s in found] == [
        (Location(".env.staging", 1, 7, 1, 57), ("SL101", "secret-too-short"), (1,), "rotated"),
        (Location(".env.staging", 2, 3, 2, 27), ("SL005",), (2, 3), ""),
    ]
    ts = "export default defineConfig({\n  dataset: 'production', // stagelint: ignore[SL203] demo\n})\n"
    (directive,) = find_suppressions("sanity.config.ts", ts, {2: "stagelint: ignore[SL203] demo"})
    assert directive.lines == (2,)
    assert directive.location.column == 29


def test_a_directive_inside_a_value_is_no_suppression(tmp_path: Path) -> None:
    """Only comments suppress: text in a value that looks like a directive silenced real
    findings, and SL007 quoted the rest of the value as the suppression's reason."""
    write_files(
        tmp_path,
        {
            "api/railway.json": "{}\n",
            "api/.env.staging": (
                'JWT_SECRET_KEY="Kq9m stagelint: ignore[SL101]" # stagelint: ignore[SL102]\n'
                "SESSION_SECRET='Xv2 # stagelint: ignore[SL101]' # about stagelint\n"
            ),
        },
    )
    selected = ["SL101", "SL102", "SL007"]
    found = [(r["code"], r["line"]) for r in records(lint(tmp_path, select=selected))]
    assert sorted(found) == [("SL007", 1), ("SL101", 1), ("SL101", 2)]
    text = (tmp_path / "api/.env.staging").read_text()
    (first,) = find_suppressions(
        ".env", text, {1: "stagelint: ignore[SL102]", 2: "about stagelint"}
    )
    assert (first.selectors, first.location.column, first.reason) == (("SL102",), 50, "")


def test_comment_without_directive_is_ignored() -> None:
    assert find_suppressions(".env", "A=1 # about stagelint\n", {1: "about stagelint"}) == []


def test_suppressed_diagnostics_disappear_and_unused_ones_are_reported(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "api/railway.json": "{}\n",
            "api/.env.staging": "A = 1 # stagelint: ignore[SL005]\nB = 2\n# stagelint: ignore[SL005]\nC=3\n",
        },
    )
    found = [(r["code"], r["line"]) for r in records(lint(tmp_path, select=["SL005", "SL007"]))]
    assert found == [("SL005", 2), ("SL007", 3)]


def test_suppression_of_a_rule_that_did_not_run_is_not_unused(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {"api/railway.json": "{}\n", "api/.env.staging": "A=1 # stagelint: ignore[SL101]\n"},
    )
    assert records(lint(tmp_path, select=["SL007"])) == []


def test_per_file_ignores(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "api/railway.json": "{}\n",
            "api/.env.staging": "A = 1\n",
            ".env.example": "B = 2\n",
        },
    )
    settings = Settings(per_file_ignores={"**/.env.example": ("env-syntax",)})
    found = [(r["code"], r["path"]) for r in records(lint(tmp_path, ["SL005"], settings=settings))]
    assert found == [("SL005", "api/.env.staging")]
    settings = Settings(per_file_ignores={"api/*": ("SL0",)})
    found = [(r["code"], r["path"]) for r in records(lint(tmp_path, ["SL005"], settings=settings))]
    assert found == [("SL005", ".env.example")]


def test_loaded_model_keeps_only_the_comments_suppressions_read(tmp_path: Path) -> None:
    from stagelint.project.loader import load_project

    write_files(
        tmp_path,
        {
            "railway.json": "{}",
            ".env.staging": "# Database\nA=1 # StageLint: ignore[SL101] rotated\nB=2 # why\n",
        },
    )
    (env_file,) = load_project(tmp_path, Settings()).env_files
    assert env_file.comments == {2: "StageLint: ignore[SL101] rotated"}
    assert [s.selectors for s in env_file.suppressions] == [("SL101",)]
