"""Atomic replacement of the files stagelint writes: whole files only, the user's symlinks
and permissions kept, new files as ``open()`` would make them, nothing left after a failure.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from stagelint.model import atomic
from stagelint.model.atomic import write_text, writing

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "guide"
SCRIPT = Path(sys.executable).parent / "stagelint"

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and symlinks")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def names(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


@pytest.fixture
def umask() -> Iterator[None]:
    """Run the test under umask 022 whatever the environment's is, and restore it."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def test_replaces_the_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    write_text(target, "a much longer first version\n")
    write_text(target, "two\n")
    assert target.read_text() == "two\n"
    assert names(tmp_path) == ["report.txt"]


def test_writes_utf8_and_line_endings_as_given(tmp_path: Path) -> None:
    target = tmp_path / "pyproject.toml"
    write_text(target, "a = 'é'\r\nb = 1\n\rc")
    assert target.read_bytes() == "a = 'é'\r\nb = 1\n\rc".encode()


def test_creates_missing_directories_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "production.fingerprints"
    with pytest.raises(FileNotFoundError):
        write_text(target, "x\n")
    assert names(tmp_path) == []
    write_text(target, "x\n", make_parents=True)
    assert target.read_text() == "x\n"


def test_the_old_file_stays_readable_until_the_end(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old\n")
    with writing(target) as out:
        out.write("new\n")
        out.flush()
        assert target.read_text() == "old\n"
    assert target.read_text() == "new\n"


@pytest.mark.parametrize(
    ("bits", "kept"),
    [(0o600, 0o600), (0o640, 0o640), (0o664, 0o664), (0o755, 0o644), (0o444, 0o444)],
)
def test_an_existing_file_keeps_its_permissions_but_no_execute_bit(
    tmp_path: Path, umask: None, bits: int, kept: int
) -> None:
    """Read and write bits stay; execute bits go (a report or baseline is no program, and
    a file made executable by someone else must not stay so with stagelint's text in it)."""
    target = tmp_path / "pyproject.toml"
    target.write_text("old\n")
    target.chmod(bits)
    write_text(target, "new\n")
    assert target.read_text() == "new\n"
    assert mode(target) == kept


def test_the_temporary_file_is_never_more_open_than_the_old_one(
    tmp_path: Path, umask: None
) -> None:
    target = tmp_path / "baseline.json"
    target.write_text("old\n")
    target.chmod(0o600)
    with writing(target) as out:
        [temporary] = (p for p in tmp_path.iterdir() if p.name != "baseline.json")
        assert temporary.name.startswith(".baseline.json.")
        assert mode(temporary) == 0o600
        out.write("new\n")


@pytest.mark.parametrize(("mask", "bits"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_a_new_file_gets_what_the_umask_allows(tmp_path: Path, mask: int, bits: int) -> None:
    previous = os.umask(mask)
    try:
        write_text(tmp_path / "report.sarif", "{}\n")
        assert os.umask(mask) == mask  # the umask is read by no one, so left as it was
    finally:
        os.umask(previous)
    assert mode(tmp_path / "report.sarif") == bits


def test_a_symlink_is_followed_and_stays_a_link(tmp_path: Path, umask: None) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    real = shared / "pyproject.toml"
    real.write_text("old\n")
    real.chmod(0o640)
    project = tmp_path / "project"
    project.mkdir()
    link = project / "pyproject.toml"
    link.symlink_to("../shared/pyproject.toml")
    write_text(link, "new\n")
    assert link.is_symlink()
    assert os.readlink(link) == "../shared/pyproject.toml"
    assert real.read_text() == "new\n"
    assert mode(real) == 0o640
    assert names(shared) == ["pyproject.toml"]  # the temporary file lived next to the target
    assert names(project) == ["pyproject.toml"]


def test_a_dangling_symlink_creates_its_target(tmp_path: Path, umask: None) -> None:
    link = tmp_path / "report.json"
    link.symlink_to(tmp_path / "reports" / "today.json")
    write_text(link, "{}\n", make_parents=True)
    assert link.is_symlink()
    assert (tmp_path / "reports" / "today.json").read_text() == "{}\n"


class Boom(Exception):
    pass


def test_an_exception_while_writing_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old\n")
    with pytest.raises(Boom), writing(target) as out:
        out.write("half of the new")
        raise Boom
    assert target.read_text() == "old\n"
    assert names(tmp_path) == ["report.json"]


def test_an_exception_while_writing_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(Boom), writing(tmp_path / "report.json") as out:
        out.write("half")
        raise Boom
    assert names(tmp_path) == []


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_a_failing_disk_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    target = tmp_path / "production.fingerprints"
    target.write_text("old\n")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, step, fail)
    with pytest.raises(OSError, match="No space left"):
        write_text(target, "new\n")
    assert target.read_text() == "old\n"
    assert names(tmp_path) == ["production.fingerprints"]


def test_an_existing_temporary_name_is_not_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = tmp_path / ".report.json.000000000000.tmp"
    taken.write_text("someone else's\n")
    draws = iter([bytes(6), bytes(6), b"\x01" * 6])
    monkeypatch.setattr(atomic.os, "urandom", lambda n: next(draws))
    write_text(tmp_path / "report.json", "{}\n")
    assert taken.read_text() == "someone else's\n"
    assert names(tmp_path) == [taken.name, "report.json"]


# ---------------------------------------------------------------- through the CLI


def run(*args: str, cwd: Path, mask: int = 0o022) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [str(SCRIPT), *args],
        cwd=cwd,
        env=environment,
        umask=mask,
        capture_output=True,
        text=True,
        check=False,
    )


def test_output_file_is_created_with_the_umask_default(tmp_path: Path) -> None:
    done = run("check", str(EXAMPLE), "--format", "json", "--output-file", "out.json", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout == ""
    assert json.loads((tmp_path / "out.json").read_text())["summary"]["files"] > 0
    assert mode(tmp_path / "out.json") == 0o644  # was 0o600, the temporary file's
    assert names(tmp_path) == ["out.json"]


def test_output_file_keeps_the_users_link_and_permissions(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    real = tmp_path / "reports" / "stagelint.json"
    real.write_text("old\n")
    real.chmod(0o664)
    (tmp_path / "out.json").symlink_to("reports/stagelint.json")
    done = run("check", str(EXAMPLE), "--format", "json", "-o", "out.json", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert (tmp_path / "out.json").is_symlink()
    assert json.loads(real.read_text())["summary"]["files"] > 0
    assert mode(real) == 0o664


def test_an_unwritable_output_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = run("check", str(EXAMPLE), "-o", "missing/out.txt", cwd=tmp_path)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert names(tmp_path) == []


def test_fingerprint_and_baseline_files_get_the_umask_default(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "api").mkdir(parents=True)
    (project / "stagelint.toml").write_text("")
    (project / "api" / "railway.json").write_text("{}\n")
    (project / "api" / ".env.staging").write_text("A=1\nA=2\n")
    (project / "api" / ".env.production").write_text(
        "JWT_SECRET_KEY=Xq7PzR2mK9vLw4TnHb5Nc8Vd3Fg6Jk1Lm0Qw\n"
    )
    done = run("fingerprint", "api/.env.production", cwd=project)
    assert done.returncode == 0, done.stderr
    assert mode(project / ".stagelint" / "production.fingerprints") == 0o644
    done = run("check", ".", "--write-baseline", "ci/baseline.json", cwd=project)
    assert done.returncode == 0, done.stderr
    assert mode(project / "ci" / "baseline.json") == 0o644
    assert names(project / "ci") == ["baseline.json"]


# ------------------------------------------- links a pull request commits (issue 13)


def _checkout(tmp_path: Path) -> tuple[Path, Path]:
    """A project with findings and a production secret, and a file outside it that a
    committed link points at (a CI runner's script: executable)."""
    project = tmp_path / "project"
    (project / "api").mkdir(parents=True)
    (project / ".git").mkdir()
    (project / "api" / "railway.json").write_text("{}\n")
    (project / "api" / ".env.staging").write_text("A=1\nA=2\n")
    (project / "api" / ".env.production").write_text("JWT_SECRET_KEY=" + "x1Y2z3Kq" * 6 + "\n")
    victim = tmp_path / "runner" / "post-job.sh"
    victim.parent.mkdir()
    victim.write_text("#!/bin/sh\necho the runner's own script\n")
    victim.chmod(0o755)
    return project, victim


WRITES = {
    "output-file": (["check", ".", "-o", "{name}"], "stagelint.sarif"),
    "output-file-in-linked-directory": (["check", ".", "-o", "reports/{name}"], "reports"),
    "write-baseline": (["check", ".", "--write-baseline", "{name}"], "baseline.json"),
    "fingerprint-default": (["fingerprint", "api/.env.production"], ".stagelint"),
    "fingerprint-output": (["fingerprint", "api/.env.production", "-o", "{name}"], "fp.json"),
    "explain-output-file": (["explain", "--project", ".", "-o", "{name}"], "tour.txt"),
    "init": (["init", ".", "--force"], "pyproject.toml"),
}


@pytest.mark.parametrize("case", sorted(WRITES))
def test_a_committed_symlink_is_not_written_through(tmp_path: Path, case: str) -> None:
    """Each way stagelint writes, aimed by a link the repository holds at a file outside
    it: one line, exit 2, the file outside untouched (content and mode)."""
    project, victim = _checkout(tmp_path)
    args, link_name = WRITES[case]
    if case == "fingerprint-default":
        (project / ".stagelint").symlink_to(victim.parent)
        target_name = "production.fingerprints"
        (victim.parent / target_name).write_text("theirs\n")
        victim = victim.parent / target_name
    elif case == "output-file-in-linked-directory":
        (project / "reports").symlink_to(victim.parent)
        (victim.parent / "x.sarif").write_text("theirs\n")
        victim = victim.parent / "x.sarif"
        args = [a.replace("{name}", "x.sarif") for a in args]
    else:
        (project / link_name).symlink_to(victim)
    before = (victim.read_bytes(), mode(victim))
    done = run(*[a.replace("{name}", link_name) for a in args], cwd=project)
    assert done.returncode == 2, done.stdout + done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "symbolic link inside the project" in done.stderr
    assert (victim.read_bytes(), mode(victim)) == before


def test_a_link_target_named_by_the_operator_is_written(tmp_path: Path) -> None:
    """The operator may write anywhere by naming the file itself (``$RUNNER_TEMP/x.sarif``);
    the new report gets the umask's bits, an old one keeps its bits but no execute bit."""
    project, victim = _checkout(tmp_path)
    (project / "stagelint.sarif").symlink_to(victim)
    done = run("check", ".", "--format", "sarif", "-o", str(victim), cwd=project)
    assert done.returncode == 1, done.stderr
    assert json.loads(victim.read_text())["version"] == "2.1.0"
    assert mode(victim) == 0o644
    fresh = tmp_path / "runner" / "fresh.sarif"
    done = run("check", ".", "--format", "sarif", "-o", str(fresh), cwd=project, mask=0o027)
    assert done.returncode == 1, done.stderr
    assert mode(fresh) == 0o640


def test_write_baseline_creates_no_directory_outside_the_project(tmp_path: Path) -> None:
    project, _ = _checkout(tmp_path)
    missing = tmp_path / "nonexistent" / "deeper"
    done = run("check", ".", "--write-baseline", str(missing / "x.json"), cwd=project)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "No such file or directory" in done.stderr
    assert not (tmp_path / "nonexistent").exists()
    done = run("check", ".", "--write-baseline", "ci/baseline.json", cwd=project)
    assert done.returncode == 0, done.stderr  # inside the project, as before
    assert (project / "ci" / "baseline.json").is_file()
