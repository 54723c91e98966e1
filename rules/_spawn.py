"""A helper program (``git``, for SL107) started early, bounded in time, read in full.

Why not :func:`subprocess.run`: on a one-service project SL107 was a ninth of the whole
run — importing :mod:`subprocess` (signal, threading, selectors) and then waiting for git.
Where the platform has ``posix_spawnp`` and ``poll`` (Linux, macOS), the program is spawned
with those from :mod:`os` and :mod:`select`, and a rule starts it in ``prepare()``, before
any rule runs, so git works on the other core while the rules do. Elsewhere (Windows)
:mod:`subprocess` does the same job.

The child's standard input is ``/dev/null``; its output and errors are read until it exits
or the deadline passes, when it is killed: a hostile repository cannot make a run wait.
"""

from __future__ import annotations

import os
import time

from stagelint.model.tuples import NamedTuple


class Finished(NamedTuple):
    """What a program did: its exit status and everything it wrote."""

    returncode: int
    stdout: bytes
    stderr: bytes


class TimedOut(Exception):
    """The program did not finish before its deadline (it was killed)."""


class Started:
    """A running program; :meth:`result` waits for it (at most until the deadline).

    Raises at start what starting raises: :class:`FileNotFoundError` when the program is
    not on ``PATH``, another :class:`OSError` when it cannot be run."""

    def __init__(self, argv: list[str], env: dict[str, str], timeout: float) -> None:
        self._deadline = time.monotonic() + timeout
        self._timeout = timeout
        self._done: Finished | None = None
        if hasattr(os, "posix_spawnp") and _has_poll():
            self._pid, self._out, self._err = _spawn(argv, env)
            self._process = None
        else:  # pragma: no cover - Windows
            import subprocess

            self._process = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
            )

    def result(self) -> Finished:
        """The program's exit status and output; :class:`TimedOut` past the deadline."""
        if self._done is None:
            self._done = self._collect() if self._process is None else self._communicate()
        return self._done

    def _collect(self) -> Finished:
        import select

        poller = select.poll()
        chunks: dict[int, list[bytes]] = {self._out: [], self._err: []}
        for fd in chunks:
            poller.register(fd, select.POLLIN)
        open_fds = set(chunks)
        try:
            while open_fds:
                remaining = self._deadline - time.monotonic()
                if remaining <= 0:
                    _kill(self._pid)
                    raise TimedOut
                for fd, _event in poller.poll(remaining * 1000):
                    data = os.read(fd, 65536)
                    if data:
                        chunks[fd].append(data)
                    else:
                        poller.unregister(fd)
                        open_fds.discard(fd)
        finally:
            os.close(self._out)
            os.close(self._err)
        _pid, status = os.waitpid(self._pid, 0)
        return Finished(
            os.waitstatus_to_exitcode(status),
            b"".join(chunks[self._out]),
            b"".join(chunks[self._err]),
        )

    def _communicate(self) -> Finished:  # pragma: no cover - Windows
        import subprocess

        assert self._process is not None
        remaining = max(0.0, self._deadline - time.monotonic())
        try:
            out, err = self._process.communicate(timeout=remaining)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.communicate()
            raise TimedOut from None
        return Finished(self._process.returncode, out, err)


def _has_poll() -> bool:
    import select

    return hasattr(select, "poll")


def _spawn(argv: list[str], env: dict[str, str]) -> tuple[int, int, int]:
    """Start ``argv`` with pipes for its output and errors: (pid, stdout fd, stderr fd).

    The pipes are not inheritable (PEP 446): the child gets only the ends ``dup2`` gives
    it as 1 and 2, and no other descriptor of this process."""
    out_read, out_write = os.pipe()
    err_read, err_write = os.pipe()
    try:
        pid = os.posix_spawnp(
            argv[0],
            argv,
            env,
            file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                (os.POSIX_SPAWN_DUP2, out_write, 1),
                (os.POSIX_SPAWN_DUP2, err_write, 2),
            ],
        )
    except BaseException:
        for fd in (out_read, err_read):
            os.close(fd)
        raise
    finally:
        os.close(out_write)
        os.close(err_write)
    return pid, out_read, err_read


def _kill(pid: int) -> None:
    import signal
    from contextlib import suppress

    with suppress(ProcessLookupError):  # it exited meanwhile
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
