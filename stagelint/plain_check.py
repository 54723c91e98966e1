"""The command line of a plain ``stagelint check``, read without click.

Importing click (and the ``inspect``, ``gettext``... it imports) was a quarter of the
instructions of checking a one-service project, more than any other part of start-up. A
``stagelint check`` run by pre-commit or CI is a handful of well-formed options, so they
are read here, as click would read them, and anything else goes to click: ``--help``, an
unknown or abbreviated option, a missing value, a value click would refuse (a ``--format``
it does not know, a ``--config`` that is a directory, a file it could not read or write),
a value that starts with ``-``, ``--``, grouped short options, shell completion. Messages
and errors therefore stay click's, word for word. ``tests/test_plain_check.py`` compares
this reading with click's on the whole option matrix.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from stagelint.check_command import FAIL_ON_CHOICES, FORMAT_CHOICES, CheckArgs

_FLAGS = {
    "--statistics": "statistics",
    "--exit-zero": "exit_zero",
    "--fail-on-empty": "fail_on_empty",
    "--debug": "debug",
}
_VALUES = {
    "--policy": "policy",
    "--format": "output_format",
    "--fail-on": "fail_on",
    "--config": "config",
    "--output-file": "output_file",
    "-o": "output_file",
    "--baseline": "baseline",
    "--write-baseline": "write_baseline",
    "--jobs": "jobs",
    "-j": "jobs",
}
_REPEATED = {
    "--select": "select",
    "--extend-select": "extend_select",
    "--ignore": "ignore",
    "--local-rules": "local_rules",
    "--env-file": "env_files",
}
_CHOICES = {"output_format": FORMAT_CHOICES, "fail_on": FAIL_ON_CHOICES}
_FILE_PATHS = ("config", "output_file", "baseline", "write_baseline")
"""``click.Path(dir_okay=False)``: click refuses a directory, or a file it cannot read."""
_ANY_PATHS = ("local_rules",)
"""``click.Path()``: click refuses an existing path it cannot read."""
COMPLETION_VARIABLE = "_STAGELINT_COMPLETE"


def parse(args: Sequence[str], environ: Mapping[str, str]) -> CheckArgs | None:
    """The options of ``stagelint check ARGS...`` exactly as click converts them, or None when
    click must read them (see the module docstring)."""
    if not args or args[0] != "check" or COMPLETION_VARIABLE in environ:
        return None
    values: dict[str, str | bool] = {}
    repeated: dict[str, list[str]] = {}
    paths: list[str] = []
    rest = list(args[1:])
    index = 0
    while index < len(rest):
        token = rest[index]
        index += 1
        if "\0" in token:
            return None
        if not token.startswith("-"):
            if not _readable_or_absent(token):
                return None
            paths.append(token)
            continue
        name, equals, attached = token.partition("=")
        if name in _FLAGS and not equals:
            values[_FLAGS[name]] = True
            continue
        field = _VALUES.get(name) or _REPEATED.get(name)
        if field is None or (equals and not name.startswith("--")):
            return None  # unknown, --help, -h, -oFILE, --, -: click's
        if equals:
            value = attached
        elif index < len(rest):
            value = rest[index]
            index += 1
        else:
            return None  # a missing value: click's error
        if value.startswith("-") or "\0" in value:
            return None
        if field in _CHOICES and value not in _CHOICES[field]:
            return None
        if field in _FILE_PATHS and not _file_or_absent(value, field == "output_file"):
            return None
        if field in _ANY_PATHS and not _readable_or_absent(value):
            return None
        if name in _REPEATED:
            repeated.setdefault(field, []).append(value)
        else:
            values[field] = value
    converted: dict[str, object] = {"paths": tuple(paths)}
    for field, given in values.items():
        converted[field] = Path(given) if field in _FILE_PATHS and isinstance(given, str) else given
    for field, items in repeated.items():
        converted[field] = tuple(items)
    return CheckArgs(**converted)  # type: ignore[arg-type]


def _readable_or_absent(path: str) -> bool:
    """What ``click.Path()`` accepts: a path that does not exist, or one it may read."""
    try:
        os.stat(path)
    except OSError:
        return True
    except ValueError:
        return False
    return os.access(path, os.R_OK)


def _file_or_absent(path: str, writable: bool) -> bool:
    """What ``click.Path(dir_okay=False[, writable=True])`` accepts."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return True
    except ValueError:
        return False
    if stat.S_ISDIR(mode) or not os.access(path, os.R_OK):
        return False
    return not writable or os.access(path, os.W_OK)
