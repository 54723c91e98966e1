"""``stagelint init``: a starting ``[tool.stagelint]`` in ``pyproject.toml``, or ``stagelint.toml``.

The user's ``pyproject.toml`` belongs to the user: the table is inserted with tomlkit where
TOML wants it (after the last ``[tool.*]`` table) and every other byte is kept — comments,
order, spacing, line endings. The result is checked before it is written (the rest of the
document must parse to exactly what it was, and the new settings must validate), and it is
written atomically (a temporary file in the same directory, renamed over the original with
its permissions), so a failure at any point leaves the original untouched.

A project without ``pyproject.toml`` (most Vercel and Railway projects are JavaScript) gets
a ``stagelint.toml`` rather than a ``pyproject.toml`` that would only hold stagelint's
settings.
"""

from __future__ import annotations

import copy
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stagelint.model.atomic import write_text
from stagelint.model.errors import ConfigError, UsageError
from stagelint.project.settings import PYPROJECT, SETTINGS_FILE, validate_settings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

_SENTINEL = "__stagelint_init_sentinel__"
_KNOWN_ENVIRONMENTS = frozenset({"staging", "production", "development"})


@dataclass(frozen=True)
class InitResult:
    """What ``init`` wrote, and what it found in the project."""

    path: Path
    created: bool
    """The file did not exist before."""
    replaced: bool
    """Existing settings were replaced (``--force``)."""
    services: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(name, platforms) of the services the conventions find."""
    notes: tuple[str, ...] = field(default_factory=tuple)


def settings_lines(custom_env_file: str | None = None) -> list[str]:
    """The starting settings, without a table header: the policy, an empty ``ignore``, and
    the other common settings as comments that say what they do."""
    env_example = custom_env_file or ".env.qa"
    return [
        "# stagelint's settings: every key is optional (see `stagelint check --help`).",
        '# The policy that judges the project: "staging" (the staging guide\'s rules),',
        '# "production", an installed plugin\'s pack, or a YAML file that `extends: staging`.',
        'policy = "staging"',
        '# Rules never to run: codes, names or prefixes ("SL103", "secret-too-short", "SL6").',
        "ignore = []",
        "# Rules not to report in some files (globs relative to this directory):",
        '# per-file-ignores = { "legacy/**" = ["SL005"] }',
        "# Only these rules instead of all of the policy's (extend-select adds rules):",
        '# select = ["SL1", "SL3"]',
        "# Env files whose name does not say their environment:",
        f'# environments = {{ "{env_example}" = "staging" }}',
    ]


def report(result: InitResult) -> str:
    """What ``stagelint init`` prints: what it wrote, what it found, the pre-commit set-up."""
    shown = _shown(result.path)
    if result.path.name == SETTINGS_FILE:
        done = f"{'Replaced' if result.replaced else 'Wrote'} {shown}."
    else:
        done = f"{'Replaced' if result.replaced else 'Wrote'} [tool.stagelint] in {shown}."
    lines = [done]
    if result.services:
        found = ", ".join(f"{name} ({', '.join(kinds) or '?'})" for name, kinds in result.services)
        lines.append(f"Services found: {found}.")
    else:
        lines.append(
            "No services found (railway.json, vercel.json, sanity.config.*): declare them "
            "under services in the settings."
        )
    lines.extend(f"Note: {note}." for note in result.notes)
    lines += ["", "Check every commit with pre-commit: add to .pre-commit-config.yaml", ""]
    return "\n".join(lines) + "\n" + precommit_snippet()


DISTRIBUTION = "stagelint-config"
"""stagelint's distribution name (``stagelint`` on PyPI is another project)."""


def precommit_snippet() -> str:
    """The ``.pre-commit-config.yaml`` lines that run stagelint on every commit: the git URL
    and revision this stagelint was installed from when pip recorded them (PEP 610), else
    placeholders that say what to put there, never an invented URL or tag."""
    source = installed_from()
    if source is not None:
        url, rev = source
        repo_line = f"  - repo: {url}\n"
        rev_line = f"    rev: {rev}\n"
    else:
        repo_line = (
            "  - repo: <stagelint-git-url>  # stagelint's git URL: this project's or your fork's\n"
        )
        rev_line = "    rev: <tag>                  # a tag that exists there (README, Install)\n"
    return "repos:\n" + repo_line + rev_line + "    hooks:\n      - id: stagelint\n"


def installed_from() -> tuple[str, str] | None:
    """(git URL, revision) this installation came from, when pip installed it from git and
    recorded it (``direct_url.json``, PEP 610); None otherwise (a checkout, an editable or
    a wheel install). A URL carrying credentials is never shown."""
    import json
    from importlib import metadata

    try:
        text = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
        data = json.loads(text) if text else None
    except (metadata.PackageNotFoundError, ValueError, OSError):
        return None
    if not isinstance(data, dict):
        return None
    vcs = data.get("vcs_info")
    url = data.get("url")
    if not isinstance(vcs, dict) or vcs.get("vcs") != "git" or not isinstance(url, str):
        return None
    rev = vcs.get("requested_revision") or vcs.get("commit_id")
    if not isinstance(rev, str) or not rev or "@" in url.split("://", 1)[-1].split("/", 1)[0]:
        return None
    return url, rev


def init_project(directory: Path, force: bool = False, stagelint_toml: bool = False) -> InitResult:
    """Write starting settings for the project in ``directory``.

    The target is ``stagelint.toml`` when it exists (it takes precedence), when asked for,
    or when there is no ``pyproject.toml``; else ``[tool.stagelint]`` in ``pyproject.toml``.
    Existing settings are replaced only with ``force``.
    """
    if not directory.is_dir():
        raise UsageError(f"not a directory: {directory}")
    services, custom_env = _survey(directory)
    lines = settings_lines(custom_env)
    pyproject = directory / PYPROJECT
    own = directory / SETTINGS_FILE
    for path in (own, pyproject):  # a committed link would choose what init rewrites
        _refuse_link(path, directory)
    notes: list[str] = []
    if own.exists() or stagelint_toml or not pyproject.exists():
        if own.exists() and not force:
            raise UsageError(f"{_shown(own)} already exists; use --force to replace it")
        if pyproject.exists() and _has_table(pyproject):
            notes.append(
                f"{_shown(own)} takes precedence over [tool.stagelint] in {_shown(pyproject)}"
            )
        text = "\n".join(lines) + "\n"
        _settings_table(text, _shown(own))
        created = not own.exists()
        _write(own, text)
        return InitResult(own, created, not created, services, tuple(notes))
    original = _read(pyproject)
    has_table = _has_table(pyproject)
    if has_table and not force:
        raise UsageError(
            f"{_shown(pyproject)} already has [tool.stagelint]; use --force to replace it"
        )
    updated = add_table(original, lines, replace=has_table, origin=_shown(pyproject))
    _write(pyproject, updated)
    return InitResult(pyproject, False, has_table, services, tuple(notes))


def add_table(original: str, lines: list[str], replace: bool, origin: str) -> str:
    """``original`` with ``[tool.stagelint]`` (``lines``) inserted, or replacing the existing
    table; every other character kept.

    tomlkit decides where the table goes (it knows TOML's table and super-table layout);
    the text itself is spliced in, in the document's own line endings, and the whole result
    is checked: the rest of the document must parse to what it was."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    newline = "\r\n" if "\r\n" in original else "\n"
    try:
        before = tomllib.loads(original)
        document = tomlkit.parse(original)
        marker = tomlkit.parse(f"[tool.stagelint]\n{_SENTINEL} = 0\n")
        tool = document.get("tool")
        if tool is None:
            start = end = len(original)
        else:
            if not isinstance(tool, dict):
                raise ConfigError(f"{origin}: 'tool' is not a table")
            tool["stagelint"] = marker["tool"]["stagelint"]
            start, end = _changed_span(original, tomlkit.dumps(document))
    except (tomllib.TOMLDecodeError, TOMLKitError) as exc:
        raise ConfigError(f"{origin}: invalid TOML: {exc}") from None
    if not replace:
        end = start
    head, tail = original[:start], original[end:]
    block = newline.join(["[tool.stagelint]", *lines]) + newline
    if head and not head.endswith(("\n", "\r")):
        head += newline
    if head.strip() and head.splitlines()[-1].strip():
        head += newline  # a blank line after the table before, unless one is there
    if tail.strip() and tail.splitlines()[0].strip():
        block += newline  # and before the next table
    result = head + block + tail
    expected = copy.deepcopy(before)
    expected.setdefault("tool", {})["stagelint"] = _settings_table("\n".join(lines), origin)
    try:
        after = tomllib.loads(result)
    except tomllib.TOMLDecodeError:
        after = None
    if after != expected:
        raise ConfigError(
            f"{origin}: cannot add [tool.stagelint] without changing the rest of the file; "
            "add it by hand, or use --stagelint-toml"
        )
    return result


def _changed_span(original: str, dumped: str) -> tuple[int, int]:
    """[start, end) of the part of ``original`` that tomlkit replaced with the marker table
    in ``dumped``; everything outside it must be identical."""
    at = dumped.index(_SENTINEL)
    header = dumped.rindex("[tool.stagelint]", 0, at)
    prefix = 0
    limit = min(header, len(original))
    while prefix < limit and original[prefix] == dumped[prefix]:
        prefix += 1
    marker_end = dumped.index("\n", at) + 1
    suffix = 0
    limit = min(len(original) - prefix, len(dumped) - marker_end)
    while suffix < limit and original[-1 - suffix] == dumped[-1 - suffix]:
        suffix += 1
    return _line_start(original, prefix), _line_start(original, len(original) - suffix)


def _line_start(text: str, at: int) -> int:
    """``at``, or the start of the next line when ``at`` lies inside a line (a table begins
    and ends on line boundaries; the rest of a line, e.g. the LF of a CRLF, belongs to the
    line before)."""
    if at == 0 or text[at - 1] == "\n":
        return at
    newline = text.find("\n", at)
    return len(text) if newline < 0 else newline + 1


def _settings_table(text: str, origin: str) -> dict[str, Any]:
    table: dict[str, Any] = tomllib.loads(text)
    validate_settings(dict(table), origin)
    return table


def _read(path: Path) -> str:
    """``pyproject.toml``'s text, read as settings are (a regular file, at most 1 MiB)."""
    from stagelint.model.source import read_config_text

    try:
        return read_config_text(path, _shown(path), "settings")
    except OSError as exc:
        raise ConfigError(f"{_shown(path)}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{_shown(path)}: not valid UTF-8") from None


def _has_table(pyproject: Path) -> bool:
    from stagelint.model.source import read_config_text

    try:
        document = tomllib.loads(read_config_text(pyproject, _shown(pyproject), "settings"))
    except (OSError, ConfigError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return False
    tool = document.get("tool")
    return isinstance(tool, dict) and "stagelint" in tool


def _refuse_link(path: Path, directory: Path) -> None:
    from stagelint.model.atomic import LinkInProject, refuse_links_inside

    try:
        refuse_links_inside(path, directory)
    except LinkInProject as exc:
        raise ConfigError(f"{_shown(path)}: cannot write: {exc.strerror}") from None


def _write(path: Path, text: str) -> None:
    """Replace ``path`` atomically (see :mod:`stagelint.model.atomic`), never through a symbolic
    link inside the project; a failure is one line."""
    try:
        write_text(path, text, projects=[path.parent])
    except OSError as exc:
        raise ConfigError(f"{_shown(path)}: cannot write: {exc.strerror}") from None


def _survey(directory: Path) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], str | None]:
    """The services the conventions find, and the name of an env file whose environment
    its name does not give (the example of the ``environments`` comment)."""
    from stagelint.project.discover import discover
    from stagelint.project.settings import Settings

    try:
        found = discover(directory, Settings())
    except (OSError, ValueError):
        return (), None
    services = tuple(
        (service.name, tuple(service.platforms)) for service in found.services.values()
    )
    custom = _first(
        env.path.rsplit("/", 1)[-1]
        for env in found.env_files
        if env.kind.environment not in _KNOWN_ENVIRONMENTS and not env.kind.template
    )
    return services, custom


def _first(names: Iterable[str]) -> str | None:
    return next(iter(names), None)


def _shown(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative
