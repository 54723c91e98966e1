"""The command line (**contract** names: ``check``, ``explain``, ``rules``).

Commands import their machinery inside their bodies: ``stagelint check`` must start fast
(it runs on every commit), and ``stagelint explain`` may pay for rich.

Exit codes (**contract**): 0 nothing at or above the failing severity; 1 at least one such
diagnostic; 2 usage error, invalid configuration or internal error — one line on stderr,
no traceback unless ``--debug``.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from stagelint import __version__
from stagelint.errors import StagelintError

FORMAT_CHOICES = ("text", "json", "json-lines", "sarif", "github", "gitlab", "junit")


def _jobs(value: str) -> int | None:
    """``--jobs``: a positive number, or ``auto`` (None)."""
    if value.strip().lower() == "auto":
        return None
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        from stagelint.errors import UsageError
        from stagelint.values import quoted

        raise UsageError(f"--jobs takes a positive number or 'auto', not {quoted(value)}")
    return jobs


def _env_files(given: tuple[str, ...]) -> tuple[Any, ...]:
    """``--env-file`` specs, then those of ``STAGELINT_ENV_FILES`` (imported only when there
    are some: the environment variable is looked at without importing anything)."""
    if not given and not os.environ.get("STAGELINT_ENV_FILES", "").strip():
        return ()
    from stagelint.deployed import parse_spec, specs_from_environment

    return (*(parse_spec(spec) for spec in given), *specs_from_environment())


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--select SL1,SL2 --select SL3`` -> ``("SL1", "SL2", "SL3")``."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="stagelint")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors (values redacted).")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Lint the staging setup of a Railway + Vercel + Neon + Redis + Sanity + Lemon Squeezy
    project against its staging guide."""
    ctx.obj = {"debug": debug}


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--policy", "policy", metavar="NAME|FILE", help="Policy pack or YAML file [default: staging]."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMAT_CHOICES),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="RULES",
    help="Run only these rules (codes, names, prefixes).",
)
@click.option("--extend-select", multiple=True, metavar="RULES", help="Run these rules too.")
@click.option("--ignore", multiple=True, metavar="RULES", help="Do not run these rules.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default=None,
    help="Lowest severity that fails the run [default: error, or the fail-on setting].",
)
@click.option(
    "--statistics",
    is_flag=True,
    help="Print how many findings each rule raised instead of the findings (text or json).",
)
@click.option("--exit-zero", is_flag=True, help="Exit with 0 even when diagnostics fail the run.")
@click.option(
    "--fail-on-empty",
    is_flag=True,
    help="Exit with 2 when no configuration or env file is found [default: warn only, or the "
    "fail-on-empty setting].",
)
@click.option(
    "--config",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Settings file (stagelint.toml or pyproject.toml) instead of the project's.",
)
@click.option(
    "--output-file",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False, writable=True),
    help="Write the report to this file instead of standard output.",
)
@click.option(
    "--baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Report only findings that this baseline file does not cover.",
)
@click.option(
    "--write-baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Record every current finding into this baseline file, then exit with 0.",
)
@click.option(
    "--local-rules",
    multiple=True,
    metavar="PATH",
    type=click.Path(path_type=str),
    help="Also run the rules defined in this Python file or directory. It runs that code: "
    "only for code you trust (nothing in a repository can ask for it).",
)
@click.option(
    "--jobs",
    "-j",
    default="auto",
    metavar="N|auto",
    help="Processes that run the rules [default: auto, more than one for large projects only].",
)
@click.option(
    "--env-file",
    "env_files",
    multiple=True,
    metavar="SERVICE:ENVIRONMENT=PATH",
    help="Check this file of deployed values (railway variables --json/--kv, vercel env pull, "
    "dotenv) as SERVICE's ENVIRONMENT values; repeatable. Also read from "
    "STAGELINT_ENV_FILES (one per line).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors (values redacted).")
@click.pass_context
def check(
    ctx: click.Context,
    paths: tuple[str, ...],
    policy: str | None,
    output_format: str,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    statistics: bool,
    exit_zero: bool,
    fail_on_empty: bool,
    config: Path | None,
    output_file: Path | None,
    baseline: Path | None,
    write_baseline: Path | None,
    local_rules: tuple[str, ...],
    jobs: str,
    env_files: tuple[str, ...],
    debug: bool,
) -> int:
    """Check the project around PATHS (default: the current directory).

    The project is the nearest directory at or above holding stagelint.toml, a
    pyproject.toml with [tool.stagelint], or .git. It is loaded whole; given files (as
    pre-commit passes them) or a folder inside it, stagelint reports only what is located
    there.
    """
    if debug:
        ctx.obj["debug"] = True
    from stagelint.diagnostics import Severity
    from stagelint.engine import Selection
    from stagelint.report import ReportOptions, renderer, use_color
    from stagelint.runner import CheckRequest, exit_code
    from stagelint.runner import check as run_check

    if statistics and output_format not in ("text", "json"):
        from stagelint.errors import UsageError

        raise UsageError(f"--statistics prints text or json, not {output_format}")

    request = CheckRequest(
        paths=paths or (".",),
        policy=policy,
        config=config,
        selection=Selection(_split(select), _split(extend_select), _split(ignore)),
        baseline=baseline,
        write_baseline=write_baseline,
        plugins=_local_plugins(local_rules),
        jobs=_jobs(jobs),
        env_files=_env_files(env_files),
    )
    results = run_check(request)
    if write_baseline is not None:
        count = sum(len(r.diagnostics) for r in results)
        click.echo(f"stagelint: wrote {count} baseline entries to {write_baseline}", err=True)
        return 2 if _report_failures(results, ctx.obj["debug"]) else 0
    _report_empty(results, fail_on_empty)
    stale = sum(r.baseline_stale for r in results)
    if stale:
        click.echo(
            f"stagelint: {stale} baseline entr{'y' if stale == 1 else 'ies'} match no finding "
            "any more (fixed or changed); refresh it with --write-baseline",
            err=True,
        )
    threshold = fail_on or _settings_fail_on(results)
    render = renderer(output_format)
    if statistics:
        from functools import partial

        from stagelint.report import statistics as statistics_report

        render = partial(statistics_report.render, output_format=output_format)
    if output_file is not None:
        from stagelint.atomic import cannot_write, writing

        try:
            with writing(output_file, projects=[r.root for r in results]) as out:
                render(results, out, ReportOptions(color=False, cwd=os.getcwd()))
        except OSError as exc:
            raise cannot_write(output_file, exc) from None
    else:
        stdout = sys.stdout
        render(results, stdout, ReportOptions(color=use_color(stdout), cwd=os.getcwd()))
    if _report_failures(results, ctx.obj["debug"]):
        return 2  # an internal error, whatever the findings: after the report is written
    if exit_zero:
        return 0
    return exit_code(results, Severity.parse(threshold))


def _report_failures(results: Sequence[Any], debug: bool) -> bool:
    """One line per rule that raised (its traceback with ``--debug``); whether any did."""
    debug = debug or bool(os.environ.get("STAGELINT_DEBUG"))
    failures = [failure for result in results for failure in result.failures]
    for failure in failures:
        if debug:
            _print_redacted_traceback(failure.error)
        click.echo(f"stagelint: error: {failure.note()}", err=True)
    return bool(failures)


@cli.command()
@click.argument(
    "directory", required=False, default=".", type=click.Path(path_type=Path, file_okay=False)
)
@click.option("--force", is_flag=True, help="Replace existing stagelint settings.")
@click.option(
    "--stagelint-toml",
    "stagelint_toml",
    is_flag=True,
    help="Write stagelint.toml even when there is a pyproject.toml.",
)
def init(directory: Path, force: bool, stagelint_toml: bool) -> int:
    """Write starting settings for the project in DIRECTORY (default: the current one).

    Adds [tool.stagelint] to pyproject.toml, keeping every comment and byte of the rest,
    or writes stagelint.toml when there is no pyproject.toml; then shows the pre-commit
    set-up.
    """
    from stagelint.init import init_project, report

    click.echo(report(init_project(directory, force, stagelint_toml)), nl=False)
    return 0


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write [default: .stagelint/<environment>.fingerprints in the project root].",
)
@click.option("--service", help="Service the files belong to [default: from the project layout].")
@click.option(
    "--environment",
    default="production",
    show_default=True,
    help="Environment whose secrets the files hold.",
)
def fingerprint(
    files: tuple[Path, ...], output: Path | None, service: str | None, environment: str
) -> int:
    """Write salted scrypt fingerprints of the secrets in FILES, never their values.

    SL104 compares staging secrets with them when production's env files are not in the
    repository. Commit the file; see docs/fingerprints.md for what it reveals.
    """
    from stagelint.fingerprint import write_fingerprints

    written = write_fingerprints(files, output, service, environment)
    click.echo(written.summary())
    refusal = written.refusal()
    if refusal is not None:
        click.echo(f"stagelint: {refusal}", err=True)
        return 1
    return 0


@cli.command()
@click.argument("subject", required=False, metavar="[CODE|NAME|VARIABLE]")
@click.option(
    "--project",
    type=click.Path(path_type=Path),
    default=".",
    show_default=True,
    help="Project root whose variables and setup to explain.",
)
@click.option(
    "--policy", metavar="NAME|FILE", help="Policy pack or YAML file [default: as for check]."
)
@click.option(
    "--config",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Settings file (stagelint.toml or pyproject.toml) instead of the project's.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json", "html"]),
    default="text",
    show_default=True,
    help="Output format (html: one self-contained page, the picture beside the text).",
)
@click.option(
    "--output-file",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to this file instead of standard output.",
)
@click.option(
    "--env-file",
    "env_files",
    multiple=True,
    metavar="SERVICE:ENVIRONMENT=PATH",
    help="Deployed values, as for check (also STAGELINT_ENV_FILES).",
)
def explain(
    subject: str | None,
    project: Path,
    policy: str | None,
    config: Path | None,
    output_format: str,
    output_file: Path | None,
    env_files: tuple[str, ...],
) -> int:
    """Explain a rule (SL101, secret-too-short) or a variable (DATABASE_URL) and where this
    project sets it; without an argument, tour this project's staging setup, starting with
    a picture of its services, data stores and what is wrong.

    Values are never shown.
    """
    from stagelint.explain_commands import explain as run_explain

    specs = _env_files(env_files)
    if output_file is None:
        return run_explain(subject, project, policy, config, output_format, sys.stdout, specs)
    from stagelint.atomic import cannot_write, writing
    from stagelint.runner import find_project_root

    try:
        root = find_project_root(project.resolve())
        with writing(output_file, projects=[root]) as out:
            return run_explain(subject, project, policy, config, output_format, out, specs)
    except OSError as exc:
        raise cannot_write(output_file, exc) from None


@cli.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="Output format (json: every field, options included).",
)
def rules(output_format: str) -> int:
    """List every rule: code, name, default severity, summary and the policies enabling it."""
    from stagelint.explain_commands import rules as run_rules

    return run_rules(output_format, sys.stdout)


@cli.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def policies(output_format: str) -> int:
    """List the installed policy packs: what each judges and compares with."""
    from stagelint.explain_commands import policies as run_policies

    return run_policies(output_format, sys.stdout)


def _local_plugins(paths: tuple[str, ...]) -> tuple[Any, ...]:
    """The plugin of ``--local-rules`` files (imported only when the option is given)."""
    if not paths:
        return ()
    from stagelint.local_rules import load_local_plugin

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
    from stagelint.errors import UsageError

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
        click.echo(f"stagelint: warning: nothing checked: {found}", err=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point: run the CLI and map every outcome to an exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or bool(os.environ.get("STAGELINT_DEBUG"))
    try:
        result = cli.main(args=args, prog_name="stagelint", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.UsageError as exc:  # one line, as for every other error (not click's four)
        from stagelint.report.text import printable

        command = exc.ctx.command_path if exc.ctx is not None else "stagelint"
        click.echo(
            f"stagelint: error: {printable(exc.format_message())} (see '{command} --help')",
            err=True,
        )
        return 2
    except click.ClickException as exc:
        exc.show()
        return int(exc.exit_code or 2)
    except click.Abort:
        click.echo("stagelint: aborted", err=True)
        return 2
    except StagelintError as exc:
        if debug and exc.__cause__ is not None:
            _print_redacted_traceback(exc.__cause__)
        from stagelint.report.text import printable  # one line, whatever names it quotes

        click.echo(f"stagelint: error: {printable(str(exc))}", err=True)
        return 2
    except KeyboardInterrupt:
        click.echo("stagelint: interrupted", err=True)
        return 130
    except BrokenPipeError:  # `stagelint check | head`: the reader left; not an error
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 1
    except Exception as exc:  # an internal error: one line, never the exception's text
        if debug:
            _print_redacted_traceback(exc)
        click.echo(
            f"stagelint: internal error: {type(exc).__name__} (run with --debug for the traceback)",
            err=True,
        )
        return 2
    return result if isinstance(result, int) else 0


def _print_redacted_traceback(exc: BaseException) -> None:
    """The frames of a traceback without the exception's message, which may quote a value."""
    import traceback  # only with --debug: ~4 ms of imports (linecache, tokenize, textwrap)

    frames = traceback.extract_tb(exc.__traceback__)
    lines = ["Traceback (most recent call last), exception messages redacted:\n"]
    lines.extend(traceback.format_list(frames))
    lines.append(f"{type(exc).__module__}.{type(exc).__qualname__}: <message redacted>\n")
    click.echo("".join(lines), err=True, nl=False)
