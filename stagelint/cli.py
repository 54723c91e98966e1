"""The command line (**contract** names: ``check``, ``explain``, ``rules``).

Commands import their machinery inside their bodies: ``stagelint check`` must start fast
(it runs on every commit), and ``stagelint explain`` may pay for rich.

A plain ``stagelint check`` does not come here: ``stagelint.entry`` runs it without click
(``stagelint.plain_check``). Exit codes: see ``stagelint.entry``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from stagelint import __version__
from stagelint.check_command import (
    FAIL_ON_CHOICES,
    FORMAT_CHOICES,
    CheckArgs,
    env_file_specs,
    run_check,
)

__all__ = ["cli", "run_click"]


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
    type=click.Choice(FAIL_ON_CHOICES),
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
    args = CheckArgs(
        paths=paths,
        policy=policy,
        output_format=output_format,
        select=select,
        extend_select=extend_select,
        ignore=ignore,
        fail_on=fail_on,
        statistics=statistics,
        exit_zero=exit_zero,
        fail_on_empty=fail_on_empty,
        config=config,
        output_file=output_file,
        baseline=baseline,
        write_baseline=write_baseline,
        local_rules=local_rules,
        jobs=jobs,
        env_files=env_files,
        debug=debug,
    )
    return run_check(args, ctx.obj["debug"])


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
    from stagelint.project.init import init_project, report

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
    from stagelint.policy.fingerprint import write_fingerprints

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
    from stagelint.explain.commands import explain as run_explain

    specs = env_file_specs(env_files)
    if output_file is None:
        return run_explain(subject, project, policy, config, output_format, sys.stdout, specs)
    from stagelint.model.atomic import cannot_write, writing
    from stagelint.project.settings import find_project_root

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
    from stagelint.explain.commands import rules as run_rules

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
    from stagelint.explain.commands import policies as run_policies

    return run_policies(output_format, sys.stdout)


def run_click(args: list[str]) -> int:
    """Run ``args`` through click; its usage errors as one line (not click's four)."""
    try:
        result = cli.main(args=args, prog_name="stagelint", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.UsageError as exc:
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
    return result if isinstance(result, int) else 0
