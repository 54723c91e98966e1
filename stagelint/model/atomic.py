"""Atomic file replacement: how stagelint writes every file a user keeps (``--output-file``
reports, baselines, fingerprint files, the settings of ``stagelint init``).

Why not ``open(path, "w")``:

- readers (a CI step, an editor, another run) see the old file or the new one, never half
  of one: the text goes to a temporary file in the same directory, is flushed to disk, and
  only then renamed over the target, which the file system does in one step;
- the user's file stays the user's: a symlink the user made is followed (the file it points
  to changes, the link stays a link), an existing file keeps its read and write bits (never
  an execute bit: nothing stagelint writes is a program), and a new file gets the ones
  ``open()`` would give it (0o666 less the umask), not a temporary file's 0o600;
- a pull request does not choose what CI overwrites: given the ``project`` being read, a
  symbolic link inside it — the file or a directory on the way — is refused
  (:class:`LinkInProject`), since the repository, not the operator, made it; the operator
  names the file it points to instead. Missing directories are created only inside the
  project (``--write-baseline /nonexistent/x.json`` creates nothing);
- a failure at any point (disk full, permission denied, an exception while rendering)
  leaves the old file as it was, and no temporary file behind.

Errors are the ``OSError`` raised; :func:`cannot_write` turns one into the CLI's one-line
error (exit code 2), as a missing directory or a read-only file is the user's to fix.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from stagelint.model.errors import UsageError

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


class LinkInProject(OSError):
    """The path to write passes through a symbolic link that lies inside the project."""


def cannot_write(path: Path, exc: OSError) -> UsageError:
    """``<path>: cannot write: <reason>``: a one-line error, not an internal one."""
    from stagelint.model.errors import UsageError

    return UsageError(f"{path}: cannot write: {exc.strerror or type(exc).__name__}")


def write_text(
    path: Path, text: str, *, make_parents: bool = False, projects: Sequence[Path] = ()
) -> None:
    """Replace ``path`` with ``text`` (UTF-8, line endings as given) in one step."""
    with writing(path, make_parents=make_parents, projects=projects) as out:
        out.write(text)


@contextlib.contextmanager
def writing(
    path: Path, *, make_parents: bool = False, projects: Sequence[Path] = ()
) -> Iterator[TextIO]:
    """A UTF-8 text stream (line endings written as given) whose content replaces ``path``
    when the ``with`` block ends without an exception; else ``path`` is left as it was.

    With ``projects`` (the roots of the projects stagelint reads), a symbolic link inside
    one on the way to ``path`` raises :class:`LinkInProject`. With ``make_parents``,
    missing directories up to the file are created first: inside a project only, when
    ``projects`` are given."""
    for project in projects:
        refuse_links_inside(path, project)
    target = Path(os.path.realpath(path))  # follow a symlink: replace its file, keep the link
    inside = not projects or any(_within(target.parent, project) for project in projects)
    if make_parents and inside:
        target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode) & 0o666
    except FileNotFoundError:
        mode = None
    fd, tmp = _create_temporary(target, 0o666 if mode is None else mode)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            if mode is not None:
                os.chmod(tmp, mode)  # exactly the old bits, before any content is written
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def refuse_links_inside(path: Path, project: Path) -> None:
    """Raise :class:`LinkInProject` when ``path`` or a directory above it is a symbolic
    link that lies in ``project``: a committed link would let a pull request choose which
    file the CI job overwrites. Links outside the project (``/tmp`` on macOS) are the
    operator's and followed."""
    absolute = Path(os.path.abspath(path))
    for candidate in (absolute, *absolute.parents):
        if candidate.is_symlink() and _within(candidate.parent, project):
            raise LinkInProject(
                errno.ELOOP,
                f"{candidate.name!r} is a symbolic link inside the project (to "
                f"{os.path.realpath(candidate)!r}); to write there, name that file",
            )


def _within(directory: Path, project: Path) -> bool:
    """Whether ``directory`` (real path) is ``project`` (real path) or lies under it."""
    real = Path(os.path.realpath(directory))
    root = Path(os.path.realpath(project))
    return real == root or root in real.parents


def _create_temporary(target: Path, mode: int) -> tuple[int, str]:
    """A new, hidden file next to ``target``: (descriptor, path).

    The kernel applies the umask (or the directory's default ACL) to ``mode``, as for any
    new file, so stagelint never reads the umask: ``os.umask`` can only be read by setting
    it, which changes it for a moment for every thread of the process. ``O_EXCL`` refuses
    an existing name, symlinks included; 48 random bits make a second try all but
    unnecessary."""
    for _ in range(10):
        tmp = os.path.join(target.parent, f".{target.name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(tmp, _FLAGS, mode), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary file name next to {target.name}")
