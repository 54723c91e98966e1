"""SL107 committed-secret-file.

How it asks git: one process for the whole project, run in the project root with a timeout
— ``git ls-files -z -t --cached --others --exclude-standard -- ':(glob)**/<name>'...``, one
pattern per distinct file name (``.env.staging``...), which lists the files of those names
that git tracks and those it neither tracks nor ignores; the env files are then looked up
in those sets. (One literal path per env file made git compare every file with every path:
quadratic, 122 ms at 1,000 services.) Outside a git repository the rule is silent.
When git cannot answer (no ``git`` binary, a timeout, another fatal error) the rule yields
nothing rather than guess, logs one warning on the ``stagelint`` logger (which Python prints
on stderr when nothing configured logging) and records the reason, which
:func:`unavailable_reason` returns for a front end that wants to show it its own way.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from stagelint.model.deployment import IacVariables, Variable
from stagelint.model.diagnostics import Related, Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule, literal

from ._secrets import secret_part

if TYPE_CHECKING:
    from pathlib import Path

GIT_TIMEOUT = 10.0
"""Seconds each git process may take."""
_reason: str | None = None


def unavailable_reason() -> str | None:
    """Why the last run could not ask git (None when it could, or was outside a repo)."""
    return _reason


class CommittedSecretFile(Rule):
    """An env file holding secret values that git tracks, or that git does not ignore.

    ## What it checks
    Every env file of every environment (development, staging, production; not templates,
    which are meant to be committed and hold placeholders) that holds at least one secret
    literal — the value of a secret variable that is neither a placeholder nor a
    reference, or a real password inside a URL. Git itself is asked, in the project root:
    such a file must not be tracked, and an untracked one must be ignored, or the next
    `git add .` commits it (`git ls-files --cached --others --exclude-standard`). One
    diagnostic per file, on its first secret, relating the others. Outside a git
    repository the rule is silent; when git is missing or fails, it reports nothing and
    logs one warning.

    ## Why
    Whatever enters git history stays there: every clone, fork, CI cache and backup holds
    the secret, and deleting the file later does not remove it from history.

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    JWT_SECRET_KEY=hehz1dNS8mkLIlsl2JS0fQgiGh0laWekRYtJemCRGfgrlMNOunT33R6Ecks1KCQm
    ```

    (In a git repository, without a `.gitignore` that covers the file.)

    ## Use instead
    ```json path="backend/railway.json"
    {}
    ```
    ```text path=".gitignore"
    .env*
    !.env.example
    ```
    ```dotenv path="backend/.env.staging"
    JWT_SECRET_KEY=hehz1dNS8mkLIlsl2JS0fQgiGh0laWekRYtJemCRGfgrlMNOunT33R6Ecks1KCQm
    ```

    ## How to fix
    Keep real values in Railway and Vercel variables, ignore env files (`.env*` with
    `!.env.example` in `.gitignore`), and commit only templates with placeholders. For a
    tracked file: `git rm --cached <file>`, then rotate every secret it held — they are in
    the history for good.

    ## Guide
    Security Considerations → Secrets Management ("Railway/Vercel encrypted environment
    variables", "Limit access to staging env vars").
    """

    code = "SL107"
    name = "committed-secret-file"
    default_severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Violation]:
        global _reason
        _reason = None
        # git first: in a well-kept repository every env file is ignored and no value needs
        # reading (a tenth of all rule time at 200 services went to classifying them)
        env_files = {
            f.path: f
            for f in ctx.project.env_files
            if not f.template and not isinstance(f, IacVariables)  # SL108 judges those
        }
        if not env_files:
            return
        status = git_status(ctx.project.root, sorted(env_files))
        if status is None:
            return
        tracked, ignored = status
        for path, env_file in env_files.items():
            if path not in tracked and path in ignored:
                continue
            secrets = [var for var in env_file.variables if _is_secret_literal(ctx, var)]
            if not secrets:
                continue
            if path in tracked:
                problem = "git tracks this file"
                fix = "untrack it (git rm --cached), ignore it and rotate them"
            else:
                problem = "git does not ignore this file"
                fix = "add it to .gitignore"
            yield Violation(
                message=f"{problem}, which holds {_names(secrets)}; {fix}",
                location=secrets[0].location,
                related=tuple(
                    Related(var.location, f"a secret in {var.key}") for var in secrets[1:]
                ),
                environment=env_file.environment,
                service=env_file.service,
            )


def _is_secret_literal(ctx: Context, var: Variable) -> bool:
    text = literal(var)
    return text is not None and secret_part(ctx.catalogue, var.key, text) is not None


def _names(secrets: Sequence[Variable]) -> str:
    """``the secret JWT_SECRET_KEY``, ``secrets A and B``, ``secrets A, B, C and 3 more``."""
    keys = list(dict.fromkeys(var.key for var in secrets))
    if len(keys) == 1:
        return f"the secret {keys[0]}"
    if len(keys) <= 3:
        return f"secrets {', '.join(keys[:-1])} and {keys[-1]}"
    return f"secrets {', '.join(keys[:3])} and {len(keys) - 3} more"


def git_status(root: Path, paths: Sequence[str]) -> tuple[set[str], set[str]] | None:
    """(tracked, ignored) among ``paths`` (relative to ``root``), asking git once; None
    outside a repository or when git cannot answer (see the module docstring).

    ``ls-files --cached --others --exclude-standard`` lists the tracked paths (tagged
    ``H``, or ``S``/``M``...) and the untracked ones no ignore rule covers (tagged ``?``):
    a path it leaves out exists, so it is ignored."""
    names = sorted({path.rpartition("/")[2] for path in paths})
    patterns = [f":(glob)**/{_escape_glob(name)}" for name in names]
    args = ["ls-files", "-z", "-t", "--cached", "--others", "--exclude-standard"]
    listed = _git(root, [*args, "--", *patterns], None)
    if listed is None:
        return None
    tracked: set[str] = set()
    untracked: set[str] = set()
    for entry in listed.split("\0"):
        if entry[1:2] == " ":
            (untracked if entry[0] == "?" else tracked).add(entry[2:])
    return tracked, {p for p in paths if p not in tracked and p not in untracked}


def _escape_glob(name: str) -> str:
    """``name`` matched as written: a file named ``.env[1]`` is that file, not a pattern."""
    return "".join(f"\\{ch}" if ch in "*?[]\\" else ch for ch in name)


def _git(root: Path, args: list[str], stdin: str | None) -> str | None:
    """git's standard output, or None (silent outside a repository, else noted)."""
    import os
    import subprocess

    env = {
        **os.environ,
        "LC_ALL": "C",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_OPTIONAL_LOCKS": "0",
    }
    command = ["git", "-c", "core.quotepath=off", "-c", "core.fsmonitor=false", *args]
    try:
        done = subprocess.run(
            command,
            cwd=root,
            input=stdin.encode("utf-8") if stdin is not None else None,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            env=env,
            check=False,
        )
    except FileNotFoundError:
        _note("git is not installed (or not on PATH)")
        return None
    except subprocess.TimeoutExpired:
        _note(f"git did not answer within {GIT_TIMEOUT:g} seconds")
        return None
    except OSError as exc:
        _note(f"git could not be run ({type(exc).__name__})")
        return None
    if done.returncode == 0:
        return done.stdout.decode("utf-8", "surrogateescape")
    if b"not a git repository" in done.stderr:
        return None
    first = done.stderr.decode("utf-8", "replace").strip().splitlines()
    _note(f"git failed: {first[0][:200] if first else f'exit status {done.returncode}'}")
    return None


def _note(reason: str) -> None:
    """Record why git could not answer, and warn once per process and reason."""
    import logging

    global _reason
    _reason = f"SL107 skipped: {reason}"
    if reason not in _warned:
        _warned.add(reason)
        logging.getLogger("stagelint").warning("stagelint: %s", _reason)


_warned: set[str] = set()
