"""Reading files safely, and turning offsets into line/column positions.

Every file stagelint reads goes through :func:`read_source`: it refuses what is not a regular
file (a FIFO would block forever), stops at the size limit without reading the rest, and
turns binary data, UTF-16 and invalid UTF-8 into a positioned ``parse-error`` problem
instead of an exception. A UTF-8 BOM is dropped, as python-dotenv and editors do.
"""

from __future__ import annotations

import errno
import os
import stat
from bisect import bisect_right

from stagelint.model.deployment import Location, Problem
from stagelint.model.tuples import NamedTuple

DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024
"""Bytes; a config or env file larger than this is reported (SL001), not read."""

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")


class SourceText(NamedTuple):
    """A file's decoded text (BOM removed; newlines as they are in the file)."""

    path: str
    text: str
    had_bom: bool = False


def read_source(
    abs_path: str, rel_path: str, max_size: int = DEFAULT_MAX_FILE_SIZE
) -> SourceText | Problem:
    """Read ``abs_path`` as UTF-8 text, or return the ``parse-error`` problem saying why not."""
    here = Location.at(rel_path)
    try:
        info = os.stat(abs_path)
    except OSError as exc:
        return Problem("parse-error", f"cannot read file: {_os_reason(exc)}", here)
    if stat.S_ISDIR(info.st_mode):
        return Problem("parse-error", "is a directory, not a file", here)
    if not stat.S_ISREG(info.st_mode):
        return Problem("parse-error", "not a regular file (a FIFO, socket or device)", here)
    too_large = _over_limit(info.st_size, max_size, here)
    if too_large is not None:
        return too_large
    try:
        fd = os.open(abs_path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return Problem("parse-error", f"cannot read file: {_os_reason(exc)}", here)
    try:
        return _read_regular(fd, info.st_size, rel_path, max_size)
    finally:
        os.close(fd)


def _over_limit(size: int, max_size: int, here: Location) -> Problem | None:
    """The problem of a file whose ``stat`` size is over the limit (it is not read)."""
    if size <= max_size:
        return None
    return Problem(
        "parse-error",
        f"file is {_size(size)}, over the size limit of {_size(max_size)} (setting: max-file-size)",
        here,
    )


def _read_regular(fd: int, size: int, rel_path: str, max_size: int) -> SourceText | Problem:
    """The text of the open regular file ``fd`` of ``stat`` size ``size`` (under the
    limit), or the problem saying why not: unreadable, grown past the limit, not text."""
    try:
        data = _read_at_most(fd, size, max_size)
    except OSError as exc:
        return Problem("parse-error", f"cannot read file: {_os_reason(exc)}", Location.at(rel_path))
    if len(data) > max_size:  # grew since stat
        return Problem(
            "parse-error",
            f"file is over the size limit of {_size(max_size)}",
            Location.at(rel_path),
        )
    return decode_source(data, rel_path)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_PLAIN_OPEN_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | _NOFOLLOW
)


def read_plain_file(abs_path: str, rel_path: str, max_size: int) -> SourceText | Problem | None:
    """:func:`read_source` for the common case, a regular file that is no symbolic link,
    with half its system calls (one ``open``, no ``stat`` or ``lstat`` by name); None for
    anything else — a symlink, a directory, a FIFO, a file that cannot be opened — which
    the caller then reads the careful way, with its own messages.

    ``O_NOFOLLOW`` refuses a symlink as the last part of the path (the walk never enters a
    symlinked directory, so no earlier part is one); ``O_NONBLOCK`` keeps a FIFO from
    blocking the open and ``O_NOCTTY`` a terminal from becoming ours. Where the system has
    no ``O_NOFOLLOW`` (Windows), every file takes the careful way."""
    if not _NOFOLLOW:
        return None
    try:
        fd = os.open(abs_path, _PLAIN_OPEN_FLAGS)
    except OSError:
        return None
    here = Location.at(rel_path)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        return _over_limit(info.st_size, max_size, here) or _read_regular(
            fd, info.st_size, rel_path, max_size
        )
    except OSError as exc:  # fstat
        return Problem("parse-error", f"cannot read file: {_os_reason(exc)}", here)
    finally:
        os.close(fd)


_READ_CHUNK = 64 * 1024


def _read_at_most(fd: int, expected: int, max_size: int) -> bytes:
    """The file's bytes, at most ``max_size + 1`` (one more says it is over the limit).

    The first read asks for the size ``stat`` gave plus one byte: a read allocates a buffer
    of the size it asks for, and asking every file for ``max_size + 1`` bytes (10 MiB) cost
    an mmap, an mremap and a munmap per file. Whatever follows (a file that grew since
    ``stat``) is read in small chunks, never past the limit. A read shorter than asked is
    the end of a regular file (a FIFO or device never comes here: callers refuse them), so
    a file of the size ``stat`` gave costs one read, not a second one that returns empty."""
    limit = max_size + 1
    chunks = []
    have = 0
    want = min(expected + 1, limit)
    while have < limit:
        chunk = os.read(fd, want)
        chunks.append(chunk)
        have += len(chunk)
        if len(chunk) < want:
            break
        want = min(_READ_CHUNK, limit - have)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


MAX_CONFIG_SIZE = 1024 * 1024
"""Bytes. stagelint's own settings and policy files are small; a repository could hold a huge
one (a 12 MB YAML list took 40 s and 1.2 GB to load)."""


def read_config_text(
    path: str | os.PathLike[str], origin: str, what: str, limit: int = MAX_CONFIG_SIZE
) -> str:
    """A settings, policy or baseline file's text, read like project files: a regular file
    only (a FIFO would block, ``/dev/zero`` never ends), at most ``limit`` bytes, as UTF-8
    (``UnicodeDecodeError`` otherwise). ``OSError`` passes through; the rest is a
    :class:`ConfigError`."""
    from stagelint.model.errors import ConfigError

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(f"{origin}: not a regular file")
        data = _read_at_most(handle.fileno(), info.st_size, limit)
    if len(data) > limit:
        raise ConfigError(f"{origin}: over the size limit of {_size(limit)} for {what} files")
    return data.decode("utf-8")


def decode_source(data: bytes, rel_path: str) -> SourceText | Problem:
    """Decode bytes as UTF-8 (BOM allowed), or say precisely where it is not text."""
    if data.startswith(_UTF32_BOMS):
        return Problem(
            "parse-error", "file is UTF-32 encoded; save it as UTF-8", Location.at(rel_path)
        )
    if data.startswith(_UTF16_BOMS):
        return Problem(
            "parse-error", "file is UTF-16 encoded; save it as UTF-8", Location.at(rel_path)
        )
    had_bom = data.startswith(b"\xef\xbb\xbf")
    if had_bom:
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _byte_position(data, nul)
        return Problem(
            "parse-error",
            "binary file: NUL byte (stagelint reads UTF-8 text)",
            Location(rel_path, line, column, line, column + 1),
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(data, exc.start)
        return Problem(
            "parse-error",
            f"invalid UTF-8: byte 0x{data[exc.start]:02x} cannot start or continue a character",
            Location(rel_path, line, column, line, column + 1),
        )
    return SourceText(rel_path, text, had_bom)


def string_end(text: str, start: int, delimiter: str) -> int | None:
    """The offset just past the first ``delimiter`` at or after ``start`` that no backslash
    escapes (an odd run of backslashes right before it escapes it), or None.

    What a regex like ``"(?:\\\\.|[^"\\\\])*"`` finds, in linear time and constant memory:
    the regex keeps backtracking state for every character or escape (1 GB for an 8 MB
    quoted value)."""
    i = start
    while True:
        j = text.find(delimiter, i)
        if j < 0:
            return None
        k = j
        while k > start and text[k - 1] == "\\":
            k -= 1
        if (j - k) % 2 == 0:
            return j + len(delimiter)
        i = j + 1


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column of a byte offset; the column counts decodable characters before it."""
    line_start = max(data.rfind(b"\n", 0, offset), data.rfind(b"\r", 0, offset)) + 1
    line = data.count(b"\n", 0, line_start) + 1
    line += data.count(b"\r", 0, line_start) - data.count(b"\r\n", 0, line_start)
    prefix = data[line_start:offset].decode("utf-8", errors="replace")
    return line, len(prefix) + 1


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n} bytes"


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "too many levels of symbolic links (a symlink loop?)"
    return exc.strerror or type(exc).__name__


class LineIndex:
    """Maps character offsets of a text to 1-based (line, column).

    Lines end at ``\\r\\n``, ``\\n`` or a lone ``\\r`` (universal newlines, as Python's
    text mode and python-dotenv see them); form feeds and Unicode separators do not end
    a line. Columns count code points.
    """

    __slots__ = ("_starts", "_text", "path")

    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self._text = text
        starts = [0]
        find = text.find
        if "\r" in text:
            i = 0
            n = len(text)
            while i < n:
                ch = text[i]
                if ch == "\n":
                    starts.append(i + 1)
                elif ch == "\r":
                    if i + 1 < n and text[i + 1] == "\n":
                        i += 1
                    starts.append(i + 1)
                i += 1
        else:
            pos = find("\n")
            while pos >= 0:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
        self._starts = starts

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of ``offset``; an offset inside a line break (the
        ``\\n`` of ``\\r\\n``) is the end of its line, not a column past it."""
        starts = self._starts
        line = bisect_right(starts, offset)
        column = offset - starts[line - 1] + 1
        before_next = line < len(starts) and offset == starts[line] - 1
        if before_next and column > 1 and self._text[offset - 1 : offset + 1] == "\r\n":
            column -= 1
        return line, column

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based ``line``."""
        return self._starts[line - 1]

    def location(self, start: int, end: int | None = None) -> Location:
        """The span ``[start, end)`` of the text as a :class:`Location`."""
        line, column = self.position(start)
        if end is None or end <= start:
            return Location(self.path, line, column, line, column)
        end_line, end_column = self.position(end)
        return Location(self.path, line, column, end_line, end_column)


def is_inside(path: str, real_root: str) -> bool:
    """Whether ``path``'s real location (symlinks resolved) lies inside ``real_root``."""
    target = os.path.realpath(path)
    return target == real_root or target.startswith(real_root.rstrip(os.sep) + os.sep)
