"""Rules in more than one process, for large projects (``stagelint check --jobs``).

Once the project is loaded, rules are independent of each other. ``fork()`` hands a worker
the whole model for free (memory pages are shared until written), where sending it to a
fresh process would cost more than running the rules. The parent and its workers take
rules one at a time from a shared queue, a pipe holding one two-byte number per rule (a
pipe read that small is atomic), so the slow rules spread over the processes by
themselves. A worker sends back its diagnostics, pickled: it is this process's own child,
so the data is trusted.

A worker that fails in any way (a rule that crashes, a signal) costs only time: the parent
runs every rule whose diagnostics it did not receive itself, in order, so failures, ``--debug``
tracebacks and log lines are those of a serial run. The output is the same as a serial
run's whatever the number of processes. Without ``os.fork`` (Windows) rules run serially.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import TypeVar

    from stagelint.model.diagnostics import Diagnostic
    from stagelint.policy.context import Context

    ActiveRule = TypeVar("ActiveRule")
    """A rule with its severity, as the engine hands it to ``run``."""
    RuleFailure = TypeVar("RuleFailure")
    """A rule that raised, as ``run`` records it."""
    Runner = Callable[[Context, Sequence[ActiveRule], "list[RuleFailure] | None"], list[Diagnostic]]

MAX_JOBS = 4
"""Processes used by ``--jobs auto``: beyond that, loading (serial) dominates."""
AUTO_MIN_VARIABLES = 9000
"""``--jobs auto`` runs rules serially below this many variables (about 75 services of 40
variables in 3 env files). Below it a second process costs about what it saves: the rules
take a few tens of milliseconds, and each process computes its own caches, pickles its
findings and faults in its pages. Generated projects, 2 CPUs, wall time of auto against
``--jobs 1`` once the rules were cut by half (issue 17): 1.01x at 50 services, 0.98x at 75,
0.91x at 100 and 200, 0.83x at 1,000."""

_INDEX = struct.Struct("=H")


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask, where the system has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def auto_jobs(variables: int) -> int:
    """The number of processes ``--jobs auto`` uses for a project of ``variables``."""
    if variables < AUTO_MIN_VARIABLES:
        return 1
    return max(1, min(usable_cpus(), MAX_JOBS))


def run_in_processes(
    ctx: Context,
    rules: Sequence[ActiveRule],
    jobs: int,
    run: Runner[ActiveRule, RuleFailure],
    failures: list[RuleFailure] | None = None,
) -> list[Diagnostic]:
    """What ``run(ctx, rules, failures)`` returns, computed by ``jobs`` processes."""
    if jobs < 2 or len(rules) < 2 or len(rules) > 8192 or not hasattr(os, "fork"):
        return run(ctx, rules, failures)
    import pickle

    _prepare(ctx)
    queue, feed = os.pipe()
    # under a pipe's capacity (64 KiB on Linux, 16 KiB at least): the write cannot block
    os.write(feed, b"".join(_INDEX.pack(index) for index in range(len(rules))))
    os.close(feed)
    workers: list[tuple[int, int]] = []
    done: dict[int, list[Diagnostic]] = {}
    try:
        for _ in range(min(jobs, len(rules)) - 1):
            results, sink = os.pipe()
            try:
                pid = os.fork()
            except OSError:  # out of processes or memory: fewer workers, same result
                os.close(results)
                os.close(sink)
                break
            if pid == 0:  # the worker: never returns
                os.close(results)
                _work(ctx, rules, queue, sink, run, pickle.dumps)
            os.close(sink)
            workers.append((pid, results))
        done.update(_take(ctx, rules, queue, run))
        for pid, results in workers:
            with os.fdopen(results, "rb") as stream:
                data = stream.read()
            _, status = os.waitpid(pid, 0)
            if status == 0 and data:
                done.update(pickle.loads(data))
        workers.clear()
    finally:
        os.close(queue)
        for pid, results in workers:  # only when the parent itself failed
            _stop(pid, results)
    for index in range(len(rules)):
        if index not in done:  # a worker failed: run its rules here, as a serial run would
            done[index] = run(ctx, [rules[index]], failures)
    merged = [diagnostic for index in range(len(rules)) for diagnostic in done[index]]
    merged.sort(key=lambda d: d.sort_key)  # stable: ties stay in rule order, as in run()
    return merged


def _prepare(ctx: Context) -> None:
    """Compute before forking what every rule asks for, so that no process does it twice."""
    _ = ctx.catalogue
    ctx.judged_keys()
    ctx.compared_keys()
    for environment in (ctx.environment, ctx.compare_with):
        if environment is not None:
            ctx.variables(environment)


def _take(
    ctx: Context, rules: Sequence[ActiveRule], queue: int, run: Runner[ActiveRule, RuleFailure]
) -> dict[int, list[Diagnostic]]:
    """Run rules from the queue until it is empty; stop at a rule that fails (it is run
    again, serially, to report the failure)."""
    done: dict[int, list[Diagnostic]] = {}
    while chunk := os.read(queue, _INDEX.size):
        (index,) = _INDEX.unpack(chunk)
        failed: list[RuleFailure] = []
        try:
            found = run(ctx, [rules[index]], failed)
        except Exception:
            break
        if failed:
            break
        done[index] = found
    return done


def _work(
    ctx: Context,
    rules: Sequence[ActiveRule],
    queue: int,
    sink: int,
    run: Runner[ActiveRule, RuleFailure],
    dumps: Callable[[object], bytes],
) -> None:
    """A worker's life: take rules, send their diagnostics, exit without running the
    parent's clean-up (``atexit``, buffered output)."""
    status = 1
    try:
        data = dumps(_take(ctx, rules, queue, run))
        with os.fdopen(sink, "wb") as stream:
            stream.write(data)
        status = 0
    finally:
        os._exit(status)


def _stop(pid: int, results: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass
    os.close(results)
