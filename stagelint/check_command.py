"""What ``stagelint check`` does once its options are parsed, by click (``stagelint.cli``) or
without it (``stagelint.plain_check``, the path of a plain ``stagelint check``)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from stagelint.model.tuples import NamedTuple

FORMAT_CHOICES = ("text", "json", "json-lines", "sarif", "github", "gitlab", "junit")
FAIL_ON_CHOICES = ("error", "warning", "info")


class CheckArgs(NamedTuple):
    """The options of ``stagelint check``, as click converts them."""

    paths: tuple[str, ...] = ()
    policy: str | None = None
    output_format: str = "text"
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    statistics: bool = False
    exit_zero: bool = False
    fail_on_empty: bool = False
    config: Path | None = None
    output_file: Path | None = None
    baseline: Path | None = None
    write_baseline: Path | None = None
    local_rules: tuple[str, ...] = ()
    jobs: str = "auto"
    env_files: tuple[str, ...] = ()
    debug: bool = False


def echo_error(message: str) -> None:
    """A line on standard error, written by click as every other message of the command line
    (imported here only: a clean run prints nothing there)."""
    import click

    click.echo(message, err=True)


def run_check(args: CheckArgs, debug: bool) -> int:
    """Check, report, and give the exit code."""
    from stagelint.check.engine import Selection
    from stagelint.check.runner import CheckRequest, exit_code
    from stagelint.check.runner import check as run
    from stagelint.model.diagnostics import Severity
    from stagelint.report import ReportOptions, renderer, use_color

    if args.statistics and args.output_format not in ("text", "json"):
        from stagelint.model.errors import UsageError

        raise UsageError(f"--statistics prints text or json, not {args.output_format}")

    request = CheckRequest(
        paths=args.paths or (".",),
        policy=args.policy,
        config=args.config,
        selection=Selection(_split(args.select), _split(args.extend_select), _split(args.ignore)),
        baseline=args.baseline,
        write_baseline=args.write_baseline,
        plugins=_local_plugins(args.local_rules),
        jobs=_jobs(args.jobs),
        env_files=env_file_specs(args.env_files),
    )
    results = run(request)
    if args.write_baseline is not None:
        count = sum(len(r.diagnostics) for r in results)
        echo_error(f"stagelint: wrote {count} baseline entries to {args.write_baseline}")
        return 2 if _report_failures(results, debug) else 0
    _report_empty(results, args.fail_on_empty)
    stale = sum(r.baseline_stale for r in results)
    if stale:
        echo_error(
            f"stagelint: {stale} baseline entr{'y' if stale == 1 else 'ies'} match no finding "
            "any more (fixed or changed); refresh it with --write-baseline"
        )
    threshold = args.fail_on or _settings_fail_on(results)
    render = renderer(args.output_format)
    if args.statistics:
        from functools import partial

        from stagelint.report import statistics as statistics_report

        render = partial(statistics_report.render, output_format=args.output_format)
    if args.output_file is not None:
        from stagelint.model.atomic import cannot_write, writing

        try:
            with writing(args.output_file, projects=[r.root for r in results]) as out:
                render(results, out, ReportOptions(color=False, cwd=os.getcwd()))
        except OSError as exc:
            raise cannot_write(args.output_file, exc) from None
    else:
        stdout = sys.stdout
        render(results, stdout, ReportOptions(color=use_color(stdout), cwd=os.getcwd()))
    if _report_failures(results, debug):
        return 2  # an internal error, whatever the findings: after the report is written
    if args.exit_zero:
        return 0
    return exit_code(results, Severity.parse(threshold))


def _jobs(value: str) -> int | None:
    """``--jobs``: a positive number, or ``auto`` (None)."""
    if value.strip().lower() == "auto":
        return None
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        from stagelint.model.errors import UsageError
        from stagelint.model.values import quoted

        raise UsageError(f"--jobs takes a positive number or 'auto', not {quoted(value)}")
    return jobs


def env_file_specs(given: tuple[str, ...]) -> tuple[Any, ...]:
    """``--env-file`` specs, then those of ``STAGELINT_ENV_FILES`` (imported only when there
    are some: the environment variable is looked at without importing anything)."""
    if not given and not os.environ.get("STAGELINT_ENV_FILES", "").strip():
        return ()
    from stagelint.project.deployed import parse_spec, specs_from_environment

    return (*(parse_spec(spec) for spec in given), *specs_from_environment())


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--select SL1,SL2 --select SL3`` -> ``("SL1", "SL2", "SL3")``."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _report_failures(results: Sequence[Any], debug: bool) -> bool:
    """One line per rule that raised (its traceback with ``--debug``); whether any did."""
    debug = debug or bool(os.environ.get("STAGELINT_DEBUG"))
    failures = [failure for result in results for failure in result.failures]
    for failure in failures:
        if debug:
            print_redacted_traceback(failure.error)
        echo_error(f"stagelint: error: {failure.note()}")
    return bool(failures)


def _local_plugins(paths: tuple[str, ...]) -> tuple[Any, ...]:
    """The plugin of ``--local-rules`` files (imported only when the option is given)."""
    if not paths:
        return ()
    from stagelint.policy.local_rules import load_local_plugin

    return (load_local_plugin(paths),)


def _settings_fail_on(results: Sequence[Any]) -> str:
    for result in results:
        if result.settings_path is not None:
            return str(result.settings.fail_on)
    return "error"


def _report_empty(results: Sequence[Any], fail_on_empty: bool) -> None:
    """Say on stderr when a whole project held nothing to check: a CI step run in the wrong
    directory would otherwise pass with "All checks passed". With ``--fail-on-empty`` (or
    the setting) that is an error (exit 2)."""
    from stagelint.model.errors import UsageError

    for result in results:
        if result.files or any(not t.endswith("/") for t in result.targets or ()):
            continue  # files given: pre-commit may pass any file the hook's patterns match
        from stagelint.report import display_path

        scopes = sorted(result.targets or ()) or [""]
        where = ", ".join(
            display_path(result.root, scope.rstrip("/"), os.getcwd()) or "." for scope in scopes
        )
        found = f"no Railway, Vercel or Sanity config and no .env files found in {where}"
        if fail_on_empty or result.settings.fail_on_empty:
            raise UsageError(f"nothing to check: {found} (--fail-on-empty)")
        echo_error(f"stagelint: warning: nothing checked: {found}")


def print_redacted_traceback(exc: BaseException) -> None:
    """The frames of a traceback without the exception's message, which may quote a value."""
    import traceback  # only with --debug: ~4 ms of imports (linecache, tokenize, textwrap)

    import click

    frames = traceback.extract_tb(exc.__traceback__)
    lines = ["Traceback (most recent call last), exception messages redacted:\n"]
    lines.extend(traceback.format_list(frames))
    lines.append(f"{type(exc).__module__}.{type(exc).__qualname__}: <message redacted>\n")
    click.echo("".join(lines), err=True, nl=False)
