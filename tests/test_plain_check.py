"""A plain ``stagelint check`` is read without click (``stagelint.plain_check``): on every
command line of the option matrix below it must read exactly what click reads, or leave the
command line to click (None), in particular every one that click refuses."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from stagelint.check_command import CheckArgs
from stagelint.cli import check
from stagelint.plain_check import parse

ERROR = "click refused it"


def clicks_reading(args: list[str]) -> CheckArgs | str:
    """What click makes of ``stagelint check ARGS``: the options, or ERROR."""
    try:
        with check.make_context("check", list(args)) as ctx:
            return CheckArgs(**ctx.params)
    except (click.exceptions.ClickException, click.exceptions.Exit):
        return ERROR


@pytest.fixture
def where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory holding a file, a folder and a settings file, as the working directory."""
    (tmp_path / "a.json").write_text("{}")
    (tmp_path / "folder").mkdir()
    (tmp_path / "stagelint.toml").write_text("")
    monkeypatch.chdir(tmp_path)
    return tmp_path


VALUES: dict[str, list[str]] = {
    "--policy": ["staging", "policy.yaml", "", "-x"],
    "--format": ["text", "json", "json-lines", "sarif", "github", "gitlab", "junit", "JSON", "xml"],
    "--select": ["SL1", "SL101,SL102", " SL2 , ", "-SL1"],
    "--extend-select": ["SL6"],
    "--ignore": ["SL107", "secret-too-short"],
    "--fail-on": ["error", "warning", "info", "Error", "fatal"],
    "--config": ["stagelint.toml", "missing.toml", "folder", ""],
    "--output-file": ["out.txt", "a.json", "folder"],
    "-o": ["out.txt", "folder"],
    "--baseline": ["base.json", "folder", "a.json"],
    "--write-baseline": ["base.json", "folder"],
    "--local-rules": ["rules.py", "folder", "a.json"],
    "--jobs": ["auto", "1", "2", "0", "x", "AUTO"],
    "-j": ["2", "auto"],
    "--env-file": ["api:staging=vars.json", "web:production=.env.prod", "bad", "a.json"],
}
FLAGS = ["--statistics", "--exit-zero", "--fail-on-empty", "--debug"]
ODD = [
    "--help",
    "-h",
    "--",
    "-",
    "--formats",
    "--form",
    "--debug=1",
    "--statistics=yes",
    "-ojson",
    "-o=out.txt",
    "-j2",
    "-x",
    "--unknown",
    "--select",
    "--format",
    "-o",
    "a\0b",
]


def singles() -> list[list[str]]:
    found: list[list[str]] = [[], ["."], ["a.json"], ["folder"], ["missing"], [".", "folder"]]
    for option, values in VALUES.items():
        for value in values:
            found.append([option, value])
            if option.startswith("--"):
                found.append([f"{option}={value}"])
    found += [[flag] for flag in FLAGS]
    found += [[odd] for odd in ODD]
    return found


MATRIX = singles()
PAIRS = [a + b for a, b in itertools.product(MATRIX, repeat=2) if a and b]


@pytest.mark.parametrize("args", MATRIX + [[*a, "."] for a in MATRIX], ids=repr)
def test_one_option_is_read_as_click_reads_it(where: Path, args: list[str]) -> None:
    plain = parse(["check", *args], {})
    if plain is not None:
        assert plain == clicks_reading(args)


def test_every_pair_of_options_is_read_as_click_reads_it(where: Path) -> None:
    read = 0
    for args in PAIRS:
        plain = parse(["check", *args], {})
        if plain is not None:
            read += 1
            assert plain == clicks_reading(args), args
    assert read > len(PAIRS) // 3  # the matrix is mostly odd values; still, many are read


def test_repeated_options_keep_their_order_and_the_last_value_wins(where: Path) -> None:
    args = ["--select", "SL1", "-j", "1", "x", "--select=SL2", "--jobs", "2", "y", "--debug"]
    plain = parse(["check", *args], {})
    assert plain is not None
    assert plain == clicks_reading(args)
    assert plain.select == ("SL1", "SL2") and plain.jobs == "2" and plain.paths == ("x", "y")


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["check", "."],
        ["check", "a.json", "folder/x.env"],
        ["check", "--format", "json", "--jobs", "1", "."],
        ["check", "--select", "SL1,SL3", "--ignore=SL107", "--fail-on", "warning"],
        ["check", "-o", "report.sarif", "--format=sarif", "--baseline", "base.json"],
    ],
)
def test_the_command_lines_of_hooks_and_ci_do_not_need_click(where: Path, args: list[str]) -> None:
    plain = parse(args, {})
    assert plain is not None
    assert plain == clicks_reading(args[1:])


@pytest.mark.parametrize(
    "args", [[], ["--debug", "check"], ["rules"], ["explain", "SL101"], ["--version"]]
)
def test_other_commands_go_to_click(args: list[str]) -> None:
    assert parse(args, {}) is None


def test_shell_completion_goes_to_click() -> None:
    assert parse(["check", "."], {"_STAGELINT_COMPLETE": "bash_complete"}) is None


def test_a_plain_check_does_not_import_click(tmp_path: Path) -> None:
    (tmp_path / ".env.staging").write_text("DEBUG=false\n")
    code = (
        "import sys\n"
        "from stagelint.entry import main\n"
        "code = main(['check', '.', '--jobs', '1'])\n"
        "print(code, 'click' in sys.modules, file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "STAGELINT_DEBUG"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert done.stderr.strip().splitlines()[-1] == "0 False"


def test_an_error_reads_the_same_on_both_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--jobs 0 is refused by stagelint itself, after either reading."""
    from stagelint.cli import run_click
    from stagelint.entry import main

    monkeypatch.chdir(tmp_path)
    assert parse(["check", "--jobs", "0"], {}) is not None
    outputs = []
    for run in (main, run_click):
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                f"import sys; from {run.__module__} import {run.__name__} as run;"
                "from stagelint.entry import guarded;"
                "sys.exit(guarded(lambda: run(['check', '--jobs', '0']), False))",
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        outputs.append((done.returncode, done.stdout, done.stderr))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 2 and "--jobs takes a positive number" in outputs[0][2]
