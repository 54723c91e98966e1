"""The console script: every outcome mapped to an exit code and at most one line on stderr.

A plain ``stagelint check`` (``stagelint.plain_check`` says which) runs without importing
click; every other command line goes through click (``stagelint.cli``). Both end here, so
errors read the same whichever path ran.

Exit codes (**contract**): 0 nothing at or above the failing severity; 1 at least one such
diagnostic; 2 usage error, invalid configuration or internal error — one line on stderr,
no traceback unless ``--debug``.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence

from stagelint.model.errors import StagelintError


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point: run the CLI and map every outcome to an exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or bool(os.environ.get("STAGELINT_DEBUG"))
    from stagelint.plain_check import parse

    plain = parse(args, os.environ)
    if plain is None:
        from stagelint.cli import run_click

        return guarded(lambda: run_click(args), debug)
    from stagelint.check_command import run_check

    return guarded(lambda: _as_click_would(lambda: run_check(plain, plain.debug)), debug)


def console_main() -> None:
    """The console script and ``python -m stagelint``: :func:`main`, then an exit that
    skips the interpreter's teardown when it has nothing left to do that anyone could see.
    Never returns.

    A check keeps its model alive to the end (rules and caches hold it), and Python's
    teardown then frees it object by object, after a full collection: at 200 services
    about 20 ms, a twelfth of the run, spent on memory the system takes back at once.
    Exiting with :func:`os._exit` skips only that. Whatever else the interpreter does at
    exit is done first or keeps the usual exit: the standard streams are flushed here (a
    flush that fails leaves the rest to Python, which reports it as it always did), and
    ``atexit`` callbacks (a plugin's, logging's) or threads other than the main one mean
    the usual exit. mypy exits the same way, for the same reason.

    The cycle collector runs every 20,000 new objects rather than every 700: a run
    allocates mostly what it keeps to the end (modules, classes, the model), which each
    collection would walk again and free nothing of (some 40 collections and 5-7 ms at
    200 services). Garbage cycles are still collected, a few times a run at most."""
    import gc

    gc.set_threshold(_COLLECT_EVERY)
    code = main()
    if _nothing_left_at_exit():
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            sys.exit(code)
        os._exit(code)
    sys.exit(code)


_COLLECT_EVERY = 20_000
"""New container objects between two collections of the youngest generation (Python's
default: 700)."""


def _nothing_left_at_exit() -> bool:
    """No ``atexit`` callback and no thread but this one (what Python's exit would run or
    wait for); False when the interpreter cannot say (not CPython)."""
    import atexit

    callbacks = getattr(atexit, "_ncallbacks", None)
    if callbacks is None or callbacks():
        return False
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1


def _as_click_would(run: Callable[[], int]) -> int:
    """Ctrl-C or end of input while click runs a command: an empty line, then click.Abort."""
    try:
        return run()
    except (EOFError, KeyboardInterrupt):
        from stagelint.check_command import echo_error

        echo_error("")
        echo_error("stagelint: aborted")
        return 2


def guarded(run: Callable[[], int], debug: bool) -> int:
    """``run()``'s exit code; stagelint's errors and internal errors as one line."""
    from stagelint.check_command import echo_error, print_redacted_traceback

    try:
        return run()
    except StagelintError as exc:
        if debug and exc.__cause__ is not None:
            print_redacted_traceback(exc.__cause__)
        from stagelint.report.text import printable  # one line, whatever names it quotes

        echo_error(f"stagelint: error: {printable(str(exc))}")
        return 2
    except KeyboardInterrupt:
        echo_error("stagelint: interrupted")
        return 130
    except BrokenPipeError:  # `stagelint check | head`: the reader left; not an error
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 1
    except Exception as exc:  # an internal error: one line, never the exception's text
        if debug:
            print_redacted_traceback(exc)
        echo_error(
            f"stagelint: internal error: {type(exc).__name__} (run with --debug for the traceback)"
        )
        return 2
