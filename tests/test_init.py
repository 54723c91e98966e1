"""``stagelint init``: every other byte of pyproject.toml kept, atomic writes, refusals.

Most tests call ``main([...])`` in-process and check the exit code and the files, in the
manner of pre-commit-hooks' tests.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from stagelint.entry import main
from stagelint.project.init import settings_lines
from stagelint.project.settings import load_settings

SCRIPT = Path(sys.executable).parent / "stagelint"

RICH_PYPROJECT = """\
# Project metadata — with a comment, odd spacing and unicode: café, 日本語, 🚀
[build-system]
requires   =   ["setuptools>=77"]    # trailing comment
build-backend="setuptools.build_meta"

[project]
name = "acme-app"
description = "Ünïcödé déscription"
dependencies = [
    "fastapi>=0.110",  # the API
    "sqlalchemy",
]

  [[tool.other.plugins]]
  name = "first"

  [[tool.other.plugins]]
  name = "second"   # arrays of tables, indented

[tool.other]
line-length = 100
literal = 'C:\\path\\'
multiline = \"\"\"
kept
   as is \"\"\"

[tool.other.sub]
enabled = true
\t
[project.urls]
Homepage = "https://example.com/ü"
"""


def _block(newline: str) -> str:
    return newline.join(["[tool.stagelint]", *settings_lines()]) + newline


def _write_bytes(path: Path, text: str) -> bytes:
    data = text.encode("utf-8")
    path.write_bytes(data)
    return data


def _run(*args: str) -> int:
    return main(["init", *args])


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_inserted_after_the_last_tool_table_every_other_byte_kept(
    tmp_path: Path, newline: str, capsys: pytest.CaptureFixture[str]
) -> None:
    original = RICH_PYPROJECT.replace("\n", newline)
    _write_bytes(tmp_path / "pyproject.toml", original)
    assert _run(str(tmp_path)) == 0
    written = (tmp_path / "pyproject.toml").read_bytes().decode("utf-8")
    at = original.index("[project.urls]")
    assert written == original[:at] + _block(newline) + newline + original[at:]
    out = capsys.readouterr().out
    assert "[tool.stagelint] in" in out
    assert "repo: <stagelint-git-url>" in out and "rev: <tag>" in out  # an editable install
    assert "- id: stagelint" in out


def test_the_written_settings_load(tmp_path: Path) -> None:
    _write_bytes(tmp_path / "pyproject.toml", RICH_PYPROJECT)
    assert _run(str(tmp_path)) == 0
    loaded = load_settings(tmp_path)
    assert loaded.path == tmp_path / "pyproject.toml"
    assert loaded.settings.policy == "staging"
    assert loaded.settings.ignore == ()


def test_without_a_tool_table_it_is_appended(tmp_path: Path) -> None:
    original = '[project]\nname = "x"'  # no final newline
    _write_bytes(tmp_path / "pyproject.toml", original)
    assert _run(str(tmp_path)) == 0
    written = (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    assert written == original + "\n\n" + _block("\n")


def test_tool_table_last_in_the_file(tmp_path: Path) -> None:
    original = '[project]\nname = "x"\n\n[tool.ruff]\nline-length = 100\n'
    _write_bytes(tmp_path / "pyproject.toml", original)
    assert _run(str(tmp_path)) == 0
    written = (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    assert written == original + "\n" + _block("\n")


def test_existing_table_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = '[project]\nname = "x"\n\n[tool.stagelint]\npolicy = "production"\n'
    data = _write_bytes(tmp_path / "pyproject.toml", original)
    assert _run(str(tmp_path)) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "already has [tool.stagelint]; use --force" in err
    assert (tmp_path / "pyproject.toml").read_bytes() == data


def test_force_replaces_the_table_in_place(tmp_path: Path) -> None:
    head = '[project]\nname = "x"  # keep\n\n'
    old = (
        '[tool.stagelint]\npolicy = "production"\nignore = ["SL103"]\n\n'
        '[tool.stagelint.services.api]\npath = "apps/api"\n\n'
    )
    tail = "[tool.ruff]\nline-length = 100\n"
    _write_bytes(tmp_path / "pyproject.toml", head + old + tail)
    assert _run(str(tmp_path), "--force") == 0
    written = (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    assert written == head + _block("\n") + "\n" + tail
    assert load_settings(tmp_path).settings.services == {}


def test_force_twice_is_stable_with_crlf(tmp_path: Path) -> None:
    _write_bytes(tmp_path / "pyproject.toml", RICH_PYPROJECT.replace("\n", "\r\n"))
    assert _run(str(tmp_path)) == 0
    once = (tmp_path / "pyproject.toml").read_bytes()
    assert _run(str(tmp_path), "--force") == 0
    assert (tmp_path / "pyproject.toml").read_bytes() == once


def test_no_pyproject_writes_stagelint_toml(tmp_path: Path) -> None:
    (tmp_path / "backend").mkdir()
    (tmp_path / "backend" / "railway.json").write_text("{}\n")
    (tmp_path / "backend" / ".env.uat").write_text("A=1\n")
    assert _run(str(tmp_path)) == 0
    assert not (tmp_path / "pyproject.toml").exists()
    text = (tmp_path / "stagelint.toml").read_text(encoding="utf-8")
    assert text == "\n".join(settings_lines(".env.uat")) + "\n"
    assert '# environments = { ".env.uat" = "staging" }' in text
    loaded = load_settings(tmp_path)
    assert loaded.path == tmp_path / "stagelint.toml"
    assert loaded.settings.policy == "staging"


def test_services_found_are_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "backend").mkdir()
    (tmp_path / "backend" / "railway.json").write_text("{}\n")
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "vercel.json").write_text("{}\n")
    assert _run(str(tmp_path)) == 0
    assert "Services found: backend (railway), web (vercel)." in capsys.readouterr().out


def test_stagelint_toml_on_request_leaves_pyproject_alone(tmp_path: Path) -> None:
    data = _write_bytes(tmp_path / "pyproject.toml", RICH_PYPROJECT)
    assert _run(str(tmp_path), "--stagelint-toml") == 0
    assert (tmp_path / "pyproject.toml").read_bytes() == data
    assert load_settings(tmp_path).path == tmp_path / "stagelint.toml"


def test_existing_stagelint_toml_wins_and_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject = _write_bytes(tmp_path / "pyproject.toml", RICH_PYPROJECT)
    (tmp_path / "stagelint.toml").write_text('policy = "production"\n')
    assert _run(str(tmp_path)) == 2
    assert "stagelint.toml already exists; use --force" in capsys.readouterr().err
    assert (tmp_path / "stagelint.toml").read_text() == 'policy = "production"\n'
    assert _run(str(tmp_path), "--force") == 0
    assert load_settings(tmp_path).settings.policy == "staging"
    assert (tmp_path / "pyproject.toml").read_bytes() == pyproject


def test_invalid_toml_is_one_line_and_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _write_bytes(tmp_path / "pyproject.toml", '[project]\nname = "x\n')
    assert _run(str(tmp_path)) == 2
    err = capsys.readouterr().err
    assert "pyproject.toml: invalid TOML" in err
    assert len(err.strip().splitlines()) == 1
    assert (tmp_path / "pyproject.toml").read_bytes() == data


def test_inline_tool_table_is_refused_not_rewritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _write_bytes(tmp_path / "pyproject.toml", "tool = { ruff = { line-length = 100 } }\n")
    assert _run(str(tmp_path)) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert (tmp_path / "pyproject.toml").read_bytes() == data


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_failed_rename_leaves_the_original_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _write_bytes(tmp_path / "pyproject.toml", RICH_PYPROJECT)

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("stagelint.model.atomic.os.replace", refuse)
    assert _run(str(tmp_path)) == 2
    assert "pyproject.toml: cannot write: Permission denied" in capsys.readouterr().err
    assert (tmp_path / "pyproject.toml").read_bytes() == data
    assert _leftovers(tmp_path) == []


def test_failure_while_writing_leaves_the_original_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _write_bytes(tmp_path / "pyproject.toml", RICH_PYPROJECT)

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("stagelint.model.atomic.os.fsync", disk_full)
    assert _run(str(tmp_path)) == 2
    assert (tmp_path / "pyproject.toml").read_bytes() == data
    assert _leftovers(tmp_path) == []


def test_read_only_directory(tmp_path: Path) -> None:
    """A real failure, in a subprocess: root must drop the capability to write anywhere."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv to drop DAC capabilities")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    project = tmp_path / "project"
    project.mkdir()
    data = _write_bytes(project / "pyproject.toml", RICH_PYPROJECT)
    project.chmod(0o555)
    try:
        done = subprocess.run(
            [*prefix, str(SCRIPT), "init", str(project)],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        project.chmod(0o755)
    assert done.returncode == 2
    assert done.stderr.strip().endswith("pyproject.toml: cannot write: Permission denied")
    assert len(done.stderr.strip().splitlines()) == 1
    assert (project / "pyproject.toml").read_bytes() == data
    assert sorted(p.name for p in project.iterdir()) == ["pyproject.toml"]


def test_permissions_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    _write_bytes(path, RICH_PYPROJECT)
    path.chmod(0o640)
    assert _run(str(tmp_path)) == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_new_stagelint_toml_follows_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        assert _run(str(tmp_path)) == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "stagelint.toml").stat().st_mode) == 0o640


@pytest.mark.parametrize("name", ["pyproject.toml", "stagelint.toml"])
@pytest.mark.parametrize("mode", [0o644, 0o755])
def test_a_symlinked_settings_file_is_refused_unless_its_target_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, mode: int
) -> None:
    """A committed ``pyproject.toml`` linking to a file outside the checkout (a CI runner's
    script, with its execute bit) once had init rewrite that file: now one line, exit 2,
    nothing read or written; ``init`` of the target's own directory writes it, no
    execute bit kept."""
    real = tmp_path / "shared" / name
    real.parent.mkdir()
    _write_bytes(real, RICH_PYPROJECT if name == "pyproject.toml" else "")
    real.chmod(mode)
    before = real.read_bytes()
    project = tmp_path / "project"
    project.mkdir()
    (project / name).symlink_to(real)
    assert _run(str(project), "--force") == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert "is a symbolic link inside the project" in err
    assert real.read_bytes() == before
    assert (project / name).is_symlink()
    assert _run(str(real.parent), "--force") == 0
    assert "[tool.stagelint]" in real.read_text(encoding="utf-8") or name == "stagelint.toml"
    assert stat.S_IMODE(real.stat().st_mode) == mode & 0o666


def test_not_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(str(tmp_path / "missing")) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_stagelint_toml_beside_a_pyproject_table_says_which_wins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_bytes(tmp_path / "pyproject.toml", '[tool.stagelint]\npolicy = "production"\n')
    assert _run(str(tmp_path), "--stagelint-toml") == 0
    out = capsys.readouterr().out
    assert "stagelint.toml takes precedence over [tool.stagelint] in" in out
    assert load_settings(tmp_path).settings.policy == "staging"


def test_the_pre_commit_snippet_names_the_git_source_pip_recorded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Installed with ``pip install "stagelint-config @ git+URL@TAG"``, pip writes
    ``direct_url.json`` (PEP 610): ``stagelint init`` then prints that URL and tag; any
    other install, placeholders (never an invented URL or tag)."""
    import json
    from importlib import metadata

    from stagelint.project import init as init_module

    class Installed:
        def __init__(self, direct_url: dict[str, object] | None) -> None:
            self.direct_url = direct_url

        def read_text(self, name: str) -> str | None:
            assert name == "direct_url.json"
            return None if self.direct_url is None else json.dumps(self.direct_url)

    def installed(direct_url: dict[str, object] | None) -> None:
        def distribution(name: str) -> Installed:
            assert name == "stagelint-config"
            return Installed(direct_url)

        monkeypatch.setattr(metadata, "distribution", distribution)

    git = {"vcs": "git", "requested_revision": "v2.3.0", "commit_id": "a" * 40}
    installed({"url": "https://git.example.com/team/stagelint.git", "vcs_info": git})
    snippet = init_module.precommit_snippet()
    assert "  - repo: https://git.example.com/team/stagelint.git\n    rev: v2.3.0\n" in snippet
    installed(
        {"url": "https://git.example.com/s.git", "vcs_info": {**git, "requested_revision": None}}
    )
    assert f"    rev: {'a' * 40}\n" in init_module.precommit_snippet()
    for other in (
        None,
        {"url": "file:///src/stagelint", "dir_info": {"editable": True}},
        {"url": "https://user:token@git.example.com/s.git", "vcs_info": git},
        {"url": "https://x/s.git", "vcs_info": {"vcs": "hg", "commit_id": "1"}},
    ):
        installed(other)
        snippet = init_module.precommit_snippet()
        assert "repo: <stagelint-git-url>" in snippet and "rev: <tag>" in snippet, other
        assert "token" not in snippet
