"""The bounded program runner SL107 starts git with (stagelint_rules._spawn)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from stagelint_rules._spawn import Started, TimedOut

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell scripts")


def _script(tmp_path: Path, body: str) -> list[str]:
    script = tmp_path / "tool"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(0o755)
    return [str(script)]


def test_output_errors_and_exit_status_are_read_in_full(tmp_path: Path) -> None:
    """More than a pipe holds on both streams at once: read as they come, no deadlock."""
    argv = _script(
        tmp_path,
        "head -c 300000 /dev/zero | tr '\\0' o\nhead -c 300000 /dev/zero | tr '\\0' e >&2\n"
        "exit 3\n",
    )
    done = Started(argv, dict(os.environ), timeout=30).result()
    assert (done.returncode, done.stdout, done.stderr) == (3, b"o" * 300000, b"e" * 300000)


def test_standard_input_is_empty(tmp_path: Path) -> None:
    done = Started(_script(tmp_path, "cat\necho done\n"), dict(os.environ), timeout=30).result()
    assert done.stdout == b"done\n"


def test_a_program_past_its_deadline_is_killed(tmp_path: Path) -> None:
    marker = tmp_path / "finished"
    argv = _script(tmp_path, f"sleep 5\ntouch '{marker}'\n")
    started = time.monotonic()
    running = Started(argv, dict(os.environ), timeout=0.3)
    with pytest.raises(TimedOut):
        running.result()
    assert time.monotonic() - started < 3
    time.sleep(0.2)
    assert not marker.exists()


def test_a_missing_program_raises_at_start(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        Started(["stagelint-no-such-program"], {"PATH": str(tmp_path)}, timeout=5)


def test_the_result_is_kept(tmp_path: Path) -> None:
    running = Started(_script(tmp_path, "echo once\n"), dict(os.environ), timeout=30)
    assert running.result() is running.result()
