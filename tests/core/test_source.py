"""Reading files safely: size limit, binary, encodings, positions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stagelint.model.deployment import Location, Problem
from stagelint.model.source import (
    LineIndex,
    SourceText,
    _read_at_most,
    decode_source,
    read_plain_file,
    read_source,
)


def test_utf8_text_is_read_and_bom_dropped(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_bytes(b"\xef\xbb\xbfA=1\n")
    result = read_source(str(path), ".env")
    assert isinstance(result, SourceText)
    assert result.text == "A=1\n"
    assert result.had_bom


@pytest.mark.parametrize(
    ("data", "line", "column", "fragment"),
    [
        (b"A=1\nB=\xff\n", 2, 3, "invalid UTF-8"),
        (b"A=1\nB=\xc3\xa9\xe2\x28\xa1\n", 2, 4, "invalid UTF-8"),
        (b"A=1\r\nB=2\r\nC\x00=3", 3, 2, "NUL byte"),
    ],
)
def test_undecodable_bytes_are_positioned(
    data: bytes, line: int, column: int, fragment: str
) -> None:
    result = decode_source(data, "x/.env")
    assert isinstance(result, Problem)
    assert result.kind == "parse-error"
    assert fragment in result.message
    assert (result.location.line, result.location.column) == (line, column)


def test_utf16_is_named() -> None:
    result = decode_source("A=1\n".encode("utf-16"), ".env")
    assert isinstance(result, Problem)
    assert "UTF-16" in result.message


def test_size_limit_stops_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    result = read_source(str(path), "big.json", max_size=10 * 1024 * 1024)
    assert isinstance(result, Problem)
    assert "over the size limit" in result.message
    assert result.location == Location.at("big.json")


@pytest.mark.parametrize(
    ("size", "stat_size", "max_size", "read"),
    [
        (100, 100, 1000, 100),  # as stat said
        (0, 0, 1000, 0),  # empty
        (5000, 100, 1000, 1001),  # grew past the limit since stat: one byte over says so
        (700, 100, 1000, 700),  # grew, under the limit: all of it
        (200_000, 100, 10**6, 200_000),  # grew by more than one chunk
        (50, 100, 1000, 50),  # shrank since stat
    ],
)
def test_read_by_size_whatever_the_file_became(
    tmp_path: Path, size: int, stat_size: int, max_size: int, read: int
) -> None:
    path = tmp_path / "f"
    path.write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
    fd = os.open(path, os.O_RDONLY)
    try:
        data = _read_at_most(fd, stat_size, max_size)
    finally:
        os.close(fd)
    assert data == path.read_bytes()[:read]


def test_directory_fifo_and_missing(tmp_path: Path) -> None:
    (tmp_path / "railway.json").mkdir()
    result = read_source(str(tmp_path / "railway.json"), "railway.json")
    assert isinstance(result, Problem) and "directory" in result.message
    os.mkfifo(tmp_path / ".env.staging")
    result = read_source(str(tmp_path / ".env.staging"), ".env.staging")
    assert isinstance(result, Problem) and "not a regular file" in result.message
    result = read_source(str(tmp_path / "nope"), "nope")
    assert isinstance(result, Problem) and "cannot read" in result.message


def test_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    result = read_source(str(tmp_path / "a"), "a")
    assert isinstance(result, Problem)
    assert "symlink loop" in result.message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text("A=1\n")
    path.chmod(0)
    result = read_source(str(path), ".env")
    assert isinstance(result, Problem) and "Permission denied" in result.message


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_index_universal_newlines(newline: str) -> None:
    text = f"ab{newline}cd{newline}{newline}é"
    index = LineIndex(text, "f")
    assert index.line_count == 4
    assert index.position(text.index("c")) == (2, 1)
    assert index.position(text.index("d")) == (2, 2)
    assert index.position(text.index("é")) == (4, 1)
    assert index.location(0, 2) == Location("f", 1, 1, 1, 3)


def test_line_index_ignores_form_feed_and_unicode_separators() -> None:
    text = "a\x0cb\u2028c\nd"
    index = LineIndex(text, "f")
    assert index.line_count == 2
    assert index.position(text.index("d")) == (2, 1)


@pytest.mark.parametrize(
    "data",
    [b"A=1\n", b"", b"\xef\xbb\xbfA=1\r\n", b"A=\x00\n", b"A=\xff\n", b"x" * 2000],
    ids=["text", "empty", "bom-crlf", "nul", "bad-utf8", "over-limit"],
)
def test_plain_file_read_like_read_source(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / ".env"
    path.write_bytes(data)
    plain = read_plain_file(str(path), ".env", 1000)
    assert plain is not None
    assert plain == read_source(str(path), ".env", 1000)


def test_plain_file_leaves_the_rest_to_the_careful_read(tmp_path: Path) -> None:
    """Symlinks (whatever they point at), directories, FIFOs and missing files: None, and
    :func:`read_source` (behind the loader's symlink checks) says what each is."""
    (tmp_path / "real").write_text("A=1\n")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    (tmp_path / "dir").mkdir()
    os.mkfifo(tmp_path / "fifo")
    for name in ("link", "dangling", "dir", "fifo", "missing"):
        assert read_plain_file(str(tmp_path / name), name, 1000) is None, name
