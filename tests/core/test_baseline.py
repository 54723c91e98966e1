"""Baselines: entries survive line moves, not value changes; stale entries are counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stagelint.check import baseline as baselines
from stagelint.check.engine import Selection
from stagelint.check.runner import CheckRequest, check
from stagelint.model.errors import ConfigError

CANARY = "pZ8-weak-canary-secret-value"


def _write(root: Path, staging: str) -> None:
    (root / "api").mkdir(exist_ok=True)
    (root / "api" / "railway.json").write_text("{}\n")
    (root / "api" / ".env.staging").write_text(staging)


def _run(root: Path, **kwargs: object) -> list[tuple[str, int]]:
    request = CheckRequest(
        paths=(str(root),), selection=Selection(select=("SL004", "SL005")), **kwargs
    )  # type: ignore[arg-type]
    (result,) = check(request)
    return [(d.code, d.location.line) for d in result.diagnostics]


def test_write_then_apply(tmp_path: Path) -> None:
    _write(tmp_path, f"A = 1\nTOKEN={CANARY}\nTOKEN={CANARY}\n")
    assert _run(tmp_path) == [("SL005", 1), ("SL004", 3)]
    file = tmp_path / "baseline.json"
    _run(tmp_path, write_baseline=file)
    text = file.read_text()
    assert CANARY not in text
    assert all(CANARY[i : i + 8] not in text for i in range(len(CANARY) - 7))
    data = json.loads(text)
    assert data["format"] == "stagelint-baseline" and len(data["entries"]) == 2
    assert _run(tmp_path, baseline=file) == []


def test_entries_survive_line_moves(tmp_path: Path) -> None:
    _write(tmp_path, f"TOKEN={CANARY}\nTOKEN={CANARY}\n")
    file = tmp_path / "baseline.json"
    _run(tmp_path, write_baseline=file)
    _write(tmp_path, f"# a new comment\nOTHER=1\n\nTOKEN={CANARY}\nTOKEN={CANARY}\n")
    assert _run(tmp_path, baseline=file) == []


def test_changed_value_is_a_new_finding_and_old_entry_is_stale(tmp_path: Path) -> None:
    _write(tmp_path, f"TOKEN={CANARY}\nTOKEN={CANARY}\n")
    file = tmp_path / "baseline.json"
    _run(tmp_path, write_baseline=file)
    _write(tmp_path, "TOKEN=rotated-value-1\nTOKEN=rotated-value-2\n")
    request = CheckRequest(
        paths=(str(tmp_path),), selection=Selection(select=("SL004",)), baseline=file
    )
    (result,) = check(request)
    assert [(d.code, d.location.line) for d in result.diagnostics] == [("SL004", 2)]
    assert result.baseline_stale == 1


def test_each_entry_covers_one_finding(tmp_path: Path) -> None:
    _write(tmp_path, "A = 1\n")
    file = tmp_path / "baseline.json"
    _run(tmp_path, write_baseline=file)
    _write(tmp_path, "A = 1\nA = 1\n")
    assert ("SL005", 2) in _run(tmp_path, baseline=file)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "invalid JSON"),
        ('{"format": "other"}', "not a stagelint baseline"),
        ('{"format": "stagelint-baseline", "version": 9}', "unsupported baseline version"),
        (
            '{"format": "stagelint-baseline", "version": 1, "salt": "!!"}',
            "unsupported baseline hash",
        ),
        (
            '{"format": "stagelint-baseline", "version": 1, "algorithm": "scrypt", "salt": "!!"}',
            "malformed",
        ),
        (
            '{"format": "stagelint-baseline", "version": 1, "algorithm": "scrypt", "salt": "AAAA",'
            ' "n": 1048576, "r": 8, "p": 1, "dklen": 32}',
            "over the limit",
        ),
    ],
)
def test_bad_baseline_files(tmp_path: Path, content: str, message: str) -> None:
    file = tmp_path / "b.json"
    file.write_text(content)
    with pytest.raises(ConfigError, match=message):
        baselines.read(file)
