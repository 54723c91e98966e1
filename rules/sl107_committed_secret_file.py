"""SL107 committed-secret-file.

How it asks git: one process for the whole project, run in the project root with a timeout
— ``git ls-files -z -t --cached --others --exclude-standard -- ':(glob)**/<name>'...``, one
pattern per distinct file name (``.env.staging``...), which lists the files of those names
that git tracks and those it neither tracks nor ignores; the env files are then looked up
in those sets. (One literal path per env file made git compare every file with every path:
quadratic, 122 ms at 1,000 services.) The process starts before any rule checks
(:meth:`~stagelint.policy.rule.Rule.prepare`), so that git works while the other rules do.
Outside a git repository the rule is silent.
When git cannot answer (no ``git`` binary, a timeout, another fatal error) the rule yields
nothing rather than guess, logs one warning on the ``stagelint`` logger (which Python prints
on stderr when nothing configured logging) and records the reason, which
:func:`unavailable_reason` returns for a front end that wants to show it its own way.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from stagelint.model.deployment import IacVariables, Variable
from stagelint.model.diagnostics import Related, Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.facts import secret_of
from stagelint.policy.rule import Rule

from ._spawn import Started, TimedOut

if TYPE_CHECKING:
    from stagelint.model.deployment import EnvFile

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

    def prepare(self, ctx: Context) -> None:
        _query(ctx)  # git works while the other rules run

    def check(self, ctx: Context) -> Iterator[Violation]:
        global _reason
        _reason = None
        # git first: in a well-kept repository every env file is ignored and no value needs
        # reading (a tenth of all rule time at 200 services went to classifying them)
        query = _query(ctx)
        if query is None:
            return
        status = query.status()
        if status is None:
            return
        tracked, ignored = status
        for path, env_file in query.env_files.items():
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
    return secret_of(ctx.catalogue, var) is not None


def _names(secrets: Sequence[Variable]) -> str:
    """``the secret JWT_SECRET_KEY``, ``secrets A and B``, ``secrets A, B, C and 3 more``."""
    keys = list(dict.fromkeys(var.key for var in secrets))
    if len(keys) == 1:
        return f"the secret {keys[0]}"
    if len(keys) <= 3:
        return f"secrets {', '.join(keys[:-1])} and {keys[-1]}"
    return f"secrets {', '.join(keys[:3])} and {len(keys) - 3} more"


def _query(ctx: Context) -> _GitQuery | None:
    """The git query about the project's env files, started once per run (None when the
    project has no env file SL107 judges)."""
    return ctx.shared("SL107 git", lambda: _GitQuery.start(ctx))


class _GitQuery:
    """``git ls-files`` about the env files, running from :meth:`Rule.prepare` on.

    One process for the whole project: ``ls-files --cached --others --exclude-standard``
    lists the tracked paths (tagged ``H``, or ``S``/``M``...) and the untracked ones no
    ignore rule covers (tagged ``?``); a path it leaves out exists, so it is ignored. One
    ``:(glob)**/<name>`` pattern per distinct file name, not one path per file (git
    compares every file with every path: quadratic)."""

    def __init__(self, env_files: dict[str, EnvFile], started: Started | None, error: str) -> None:
        self.env_files = env_files
        self._started = started
        self._error = error

    @classmethod
    def start(cls, ctx: Context) -> _GitQuery | None:
        env_files = {
            f.path: f
            for f in ctx.project.env_files
            if not f.template and not isinstance(f, IacVariables)  # SL108 judges those
        }
        if not env_files:
            return None
        names = sorted({path.rpartition("/")[2] for path in env_files})
        patterns = [f":(glob)**/{_escape_glob(name)}" for name in names]
        command = [
            "git",
            "-C",
            str(ctx.project.root),
            "-c",
            "core.quotepath=off",
            "-c",
            "core.fsmonitor=false",
            "ls-files",
            "-z",
            "-t",
            "--cached",
            "--others",
            "--exclude-standard",
            "--",
            *patterns,
        ]
        env = {
            **os.environ,
            "LC_ALL": "C",
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_OPTIONAL_LOCKS": "0",
        }
        try:
            return cls(env_files, Started(command, env, GIT_TIMEOUT), "")
        except FileNotFoundError:
            return cls(env_files, None, "git is not installed (or not on PATH)")
        except OSError as exc:
            return cls(env_files, None, f"git could not be run ({type(exc).__name__})")

    def status(self) -> tuple[set[str], set[str]] | None:
        """(tracked, ignored) among the env files; None outside a repository or when git
        cannot answer (noted: see the module docstring)."""
        if self._started is None:
            _note(self._error)
            return None
        try:
            done = self._started.result()
        except TimedOut:
            _note(f"git did not answer within {GIT_TIMEOUT:g} seconds")
            return None
        except OSError as exc:
            _note(f"git could not be run ({type(exc).__name__})")
            return None
        if done.returncode != 0:
            if b"not a git repository" not in done.stderr:
                first = done.stderr.decode("utf-8", "replace").strip().splitlines()
                _note(
                    f"git failed: {first[0][:200] if first else f'exit status {done.returncode}'}"
                )
            return None
        tracked: set[str] = set()
        untracked: set[str] = set()
        for entry in done.stdout.decode("utf-8", "surrogateescape").split("\0"):
            if entry[1:2] == " ":
                (untracked if entry[0] == "?" else tracked).add(entry[2:])
        ignored = {p for p in self.env_files if p not in tracked and p not in untracked}
        return tracked, ignored


def _escape_glob(name: str) -> str:
    """``name`` matched as written: a file named ``.env[1]`` is that file, not a pattern."""
    return "".join(f"\\{ch}" if ch in "*?[]\\" else ch for ch in name)


def _note(reason: str) -> None:
    """Record why git could not answer, and warn once per process and reason."""
    import logging

    global _reason
    _reason = f"SL107 skipped: {reason}"
    if reason not in _warned:
        _warned.add(reason)
        logging.getLogger("stagelint").warning("stagelint: %s", _reason)


_warned: set[str] = set()
