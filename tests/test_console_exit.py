"""The console script's exit (:func:`stagelint.entry.console_main`): it skips the
interpreter's teardown, and nothing a user can see changes — the whole output, the exit
code, and whatever else Python's exit would have run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BROKEN = ROOT / "examples" / "broken"


def _run(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "STAGELINT_DEBUG"}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("output_format", ["text", "sarif"])
def test_whole_output_and_exit_code_as_main_gives_them(output_format: str) -> None:
    """The SARIF report is hundreds of KiB: far more than one buffer, all of it arrives."""
    args = ["check", str(BROKEN), "--jobs", "1", "--format", output_format]
    script = subprocess.run(
        [sys.executable, "-m", "stagelint", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    in_process = _run(
        f"import sys\nfrom stagelint.entry import main\nsys.exit(main({args!r}))\n", ROOT
    )
    assert script.returncode == in_process.returncode == 1
    assert script.stdout == in_process.stdout
    assert script.stderr == in_process.stderr
    assert len(script.stdout) > 1000


def test_atexit_callbacks_still_run(tmp_path: Path) -> None:
    """A plugin (or logging) registered something for exit: Python's usual exit runs it."""
    done = _run(
        "import atexit, sys\n"
        "atexit.register(print, 'callback ran')\n"
        "sys.argv = ['stagelint', 'check', '.', '--jobs', '1']\n"
        "from stagelint.entry import console_main\n"
        "console_main()\n",
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith("callback ran")


def test_a_running_thread_is_waited_for(tmp_path: Path) -> None:
    done = _run(
        "import sys, threading, time\n"
        "threading.Thread(target=lambda: (time.sleep(0.3), print('thread done'))).start()\n"
        "sys.argv = ['stagelint', 'check', '.', '--jobs', '1']\n"
        "from stagelint.entry import console_main\n"
        "console_main()\n",
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "thread done" in done.stdout


def test_a_failing_flush_is_reported_as_python_reports_it(tmp_path: Path) -> None:
    """Output that cannot be written (a full disk): the usual exit reports it, never a
    silent success."""
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    (tmp_path / ".env.staging").write_text("DEBUG=false\n")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "stagelint", "check", ".", "--jobs", "1"],
            cwd=tmp_path,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
