"""stagelint's own settings: ``[tool.stagelint]`` in ``pyproject.toml`` or ``stagelint.toml``.

Settings are declared as frozen dataclasses; pydantic validates them (unknown settings are
an error naming the key) only when a settings file exists, so a project without one never
pays pydantic's import. Keys are kebab-case in TOML (``per-file-ignores``) like ruff's.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal

from stagelint.model.errors import ConfigError
from stagelint.model.records import Record
from stagelint.model.regex import lazy
from stagelint.model.slotted import field
from stagelint.model.source import DEFAULT_MAX_FILE_SIZE, read_config_text
from stagelint.model.tuples import NamedTuple

SETTINGS_FILE = "stagelint.toml"
PYPROJECT = "pyproject.toml"


def _kebab(name: str) -> str:
    return name.replace("_", "-")


_PYDANTIC_CONFIG: dict[str, Any] = {
    "extra": "forbid",
    "use_attribute_docstrings": True,
    "alias_generator": _kebab,
    "populate_by_name": True,
}


class ServiceSetting(Record):
    """A service declared in settings, for layouts the conventions do not find."""

    __pydantic_config__ = _PYDANTIC_CONFIG

    path: str
    """Directory of the service, relative to the project root."""
    platform: Literal["railway", "vercel", "sanity", "unknown"] = "unknown"
    """The platform that deploys it."""


class Settings(Record):
    """Everything a project can configure. Defaults follow ARCHITECTURE.md's conventions."""

    __pydantic_config__ = _PYDANTIC_CONFIG

    policy: str = "staging"
    """Policy pack name (``staging``, ``production``, a plugin's) or a YAML file path."""
    select: tuple[str, ...] = ()
    """Rules to run instead of the policy's selection: codes, names, prefixes (``SL1``)."""
    extend_select: tuple[str, ...] = ()
    """Rules to run in addition to the policy's selection."""
    ignore: tuple[str, ...] = ()
    """Rules never to run: codes, names or prefixes."""
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Glob (relative to the project root) -> rules not reported in matching files."""
    severity: dict[str, Literal["error", "warning", "info"]] = field(default_factory=dict)
    """Rule code or name -> severity, overriding the policy."""
    services: dict[str, ServiceSetting] = field(default_factory=dict)
    """Service name -> directory and platform, for services the conventions miss."""
    environments: dict[str, str] = field(default_factory=dict)
    """Env file glob -> environment (``staging``, ``production``, ``development``,
    ``template``, ``template:staging``), overriding the file-name conventions."""
    exclude: tuple[str, ...] = ()
    """Globs of paths not to read at all (in addition to .git, node_modules, ...)."""
    secret_patterns: tuple[str, ...] = ()
    """Extra regular expressions for variable names that hold secrets (RE2 syntax, matched
    in linear time: no look-around or back-references; see :mod:`stagelint.model.user_regex`)."""
    secret_variables: tuple[str, ...] = ()
    """Variables (names or globs) that hold secrets whatever the catalogue and their names
    say; a policy may declare more."""
    not_secret_variables: tuple[str, ...] = ()
    """Variables (names or globs) that hold no secret whatever their names say
    (``CORS_ALLOW_CREDENTIALS``); a policy may declare more."""
    fingerprints: str | None = None
    """Committed fingerprint file of production secrets (``stagelint fingerprint``)."""
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    """Bytes; larger files are reported (SL001) instead of read."""
    fail_on: Literal["error", "warning", "info"] = "error"
    """Lowest severity that makes ``stagelint check`` exit with 1."""
    fail_on_empty: bool = False
    """Exit with 2 when no configuration or env file was found (a CI step that runs in the
    wrong directory would otherwise pass)."""

    def __post_init__(self) -> None:
        if self.max_file_size <= 0:
            raise ValueError("max-file-size must be a positive number of bytes")


class LoadedSettings(NamedTuple):
    settings: Settings
    path: Path | None
    """The file the settings came from, or None for defaults."""


SETTING_NAMES = tuple(_kebab(name) for name in Settings.field_names())


def find_settings_file(root: Path) -> Path | None:
    """``stagelint.toml`` in ``root``, else a ``pyproject.toml`` there with [tool.stagelint]."""
    candidate = root / SETTINGS_FILE
    if candidate.is_file():
        return candidate
    candidate = root / PYPROJECT
    if candidate.is_file() and _has_stagelint_table(candidate):
        return candidate
    return None


def _has_stagelint_table(pyproject: Path) -> bool:
    """Cheap test before a full TOML parse of a (possibly large) pyproject.toml."""
    try:
        with open(pyproject, "rb") as handle:  # in chunks: the file may be huge
            tail = b""
            while chunk := handle.read(1 << 16):
                if b"tool.stagelint" in tail + chunk:
                    return True
                tail = chunk[-16:]
            return False
    except OSError:
        return False


def load_settings(root: Path, explicit: Path | None = None) -> LoadedSettings:
    """Settings for the project at ``root`` (or from ``explicit``, ``--config``)."""
    path = explicit if explicit is not None else find_settings_file(root)
    if path is None:
        return LoadedSettings(Settings(), None)
    if explicit is None and not _inside(path, root):  # the repository's file: its own only
        raise ConfigError(f"{_display(path)}: a symbolic link out of the project root; not read")
    read = _read_table(path)
    if read is None:
        return LoadedSettings(Settings(), path)
    table, text = read
    prefix: tuple[str, ...] = ("tool", "stagelint") if path.name == PYPROJECT else ()
    origin = _display(path)
    return LoadedSettings(
        validate_settings(table, origin, _Locator(origin, text, prefix).where), path
    )


def _read_table(path: Path) -> tuple[dict[str, Any], str] | None:
    """The settings table of ``path`` and the file's text (for positions in errors); None
    for a pyproject.toml without ``[tool.stagelint]``."""
    # Imported here: a project without a settings file never pays for the TOML parser.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

    display = _display(path)
    try:
        text = read_config_text(path, display, "settings")
        document = tomllib.loads(text)
    except FileNotFoundError:
        raise ConfigError(f"{display}: settings file not found") from None
    except OSError as exc:
        raise ConfigError(f"{display}: cannot read: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_toml_error(display, str(exc))) from None
    except UnicodeDecodeError:
        raise ConfigError(f"{display}: not valid UTF-8") from None
    except RecursionError:  # tomllib recurses into nested arrays and inline tables
        raise ConfigError(f"{display}: invalid TOML: nested too deeply") from None
    except ValueError:  # int() refuses 4,301 digits and more: tomllib lets it through
        from stagelint.parsers.tomlpos import HUGE_INTEGER, huge_integer

        at = huge_integer(text)
        line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        raise ConfigError(f"{display}:{line}:{column}: invalid TOML: {HUGE_INTEGER}") from None
    if path.name == PYPROJECT:
        tool = document.get("tool", {})
        table = tool.get("stagelint") if isinstance(tool, dict) else None
        if table is None:
            return None
        if not isinstance(table, dict):
            where = _Locator(display, text, ()).where(("tool", "stagelint"))
            raise ConfigError(f"{where}: [tool.stagelint] must be a table")
        return dict(table), text
    tool = document.get("tool")
    if isinstance(tool, dict) and "stagelint" in tool:
        where = _Locator(display, text, ()).where(("tool", "stagelint"))
        raise ConfigError(
            f"{where}: [tool.stagelint] is the table of pyproject.toml; in {SETTINGS_FILE} "
            "settings stand at the top level: drop the [tool.stagelint] header line"
        )
    return dict(document), text


def _toml_error(display: str, message: str) -> str:
    """tomllib's ``Expected ... (at line 3, column 5)`` as ``file:3:5: invalid TOML: ...``."""

    found = re.search(r"\s*\(at line (\d+), column (\d+)\)\s*$", message)
    if found is None:
        return f"{display}: invalid TOML: {message}"
    return f"{display}:{found[1]}:{found[2]}: invalid TOML: {message[: found.start()]}"


class _Locator:
    """``file:line:column`` of a settings key, for error messages. The positions are read
    only when an error needs one (a valid settings file never pays for them)."""

    def __init__(self, display: str, text: str, prefix: tuple[str, ...]) -> None:
        self.display = display
        self.text = text
        self.prefix = prefix

    def where(self, path: tuple[str | int, ...]) -> str:
        """The position of the longest prefix of ``path`` (under the table) that the file
        writes; the file alone when none is found."""
        from stagelint.model.errors import ParseError
        from stagelint.parsers.tomlpos import parse_toml

        try:
            positions = parse_toml(self.text, self.display).positions
        except ParseError:
            return self.display
        full = (*self.prefix, *path)
        for end in range(len(full), 0, -1):
            found = positions.get(full[:end])
            if found is not None:
                key = found[0]
                return f"{self.display}:{key.line}:{key.column}"
        return self.display


def _inside(path: Path, root: Path) -> bool:
    from stagelint.model.source import is_inside

    return is_inside(str(path), os.path.realpath(root))


def validate_settings(
    table: dict[str, Any],
    origin: str,
    where: Callable[[tuple[str | int, ...]], str] | None = None,
) -> Settings:
    """Validate a settings table; errors name the key (and, given ``where``, the file and
    line it stands on), never the value.

    A table whose every value has exactly its setting's plain type (what hand-written
    settings hold) is built directly; anything else goes to pydantic, which accepts or
    explains it. Importing pydantic and building its validator costs ~150 ms, most of a
    pre-commit run on a project that has a settings file."""
    section = "[tool.stagelint] " if origin.endswith(PYPROJECT) else ""

    def at(path: tuple[str | int, ...]) -> str:
        return where(path) if where is not None else origin

    for key in ("local-rules", "local_rules"):
        if key in table:
            raise ConfigError(
                f"{at((key,))}: {section or 'settings '}cannot enable local rules: a setting "
                "committed to the repository must not run its code; pass --local-rules PATH on "
                "the command line"
            )
    for secret, not_secret in (
        ("secret-variables", "not-secret-variables"),
        ("secret_variables", "not_secret_variables"),
    ):
        problem = check_declarations(table, secret, not_secret)
        if problem is not None:
            raise ConfigError(f"{at(problem[0])}: {section}{problem[1]}")
    plain = _plain_settings(table)
    if plain is not None:
        return plain
    from pydantic import TypeAdapter, ValidationError

    from stagelint.model.validation import describe_validation_error, error_path

    try:
        return TypeAdapter(Settings).validate_python(table)
    except ValidationError as exc:
        raise ConfigError(
            f"{at(_written_path(error_path(exc), table))}: {section}"
            + describe_validation_error(exc, SETTING_NAMES)
        ) from None


def _written_path(path: tuple[str | int, ...], table: dict[str, Any]) -> tuple[str | int, ...]:
    """pydantic's error path as the file writes it: the key spelled as in the table
    (``fail-on`` or ``fail_on``); a check of the whole table (``max-file-size`` must be
    positive) points at the key it is about."""
    if not path and "max-file-size" in table:
        return ("max-file-size",)
    if path and isinstance(path[0], str) and path[0] not in table:
        for spelling in (path[0].replace("_", "-"), path[0].replace("-", "_")):
            if spelling in table:
                return (spelling, *path[1:])
    return path


def _is_str(value: object) -> bool:
    return type(value) is str


def _is_strings(value: object) -> bool:
    return isinstance(value, (list, tuple)) and all(type(item) is str for item in value)


def _is_table(value: object, check: Callable[[object], bool]) -> bool:
    return type(value) is dict and all(
        type(key) is str and check(item) for key, item in value.items()
    )


def _is_severity(value: object) -> bool:
    return type(value) is str and value in ("error", "warning", "info")


def _is_service(value: object) -> bool:
    return (
        type(value) is dict
        and _is_str(value.get("path"))
        and value.get("platform", "unknown") in ("railway", "vercel", "sanity", "unknown")
        and set(value) <= {"path", "platform"}
    )


_PLAIN_TYPES: dict[str, tuple[Callable[[object], bool], Callable[[Any], Any]]] = {
    "str": (_is_str, lambda v: v),
    "str | None": (_is_str, lambda v: v),
    "int": (lambda v: type(v) is int, lambda v: v),
    "bool": (lambda v: type(v) is bool, lambda v: v),
    "tuple[str, ...]": (_is_strings, tuple),
    "dict[str, tuple[str, ...]]": (
        lambda v: _is_table(v, _is_strings),
        lambda v: {key: tuple(item) for key, item in v.items()},
    ),
    "dict[str, str]": (lambda v: _is_table(v, _is_str), dict),
    "dict[str, Literal['error', 'warning', 'info']]": (
        lambda v: _is_table(v, _is_severity),
        dict,
    ),
    "Literal['error', 'warning', 'info']": (_is_severity, lambda v: v),
    "dict[str, ServiceSetting]": (
        lambda v: _is_table(v, _is_service),
        lambda v: {name: ServiceSetting(**item) for name, item in v.items()},
    ),
}
"""Annotation of a setting -> (does a TOML value have exactly this plain type, convert it
as pydantic would). A setting whose annotation is not here always goes to pydantic."""


def _plain_settings(table: dict[str, Any]) -> Settings | None:
    """``Settings`` from a table of plain, valid values, else None (let pydantic judge)."""
    values: dict[str, Any] = {}
    for key, value in table.items():
        name = key.replace("-", "_") if type(key) is str else ""
        spec = _FIELD_TYPES.get(name)
        if spec not in _PLAIN_TYPES or key not in (name, _kebab(name)) or name in values:
            return None
        is_plain, convert = _PLAIN_TYPES[spec]
        if not is_plain(value):
            return None
        values[name] = convert(value)
    try:
        return Settings(**values)
    except ValueError:  # __post_init__: pydantic says it in its words
        return None


_FIELD_TYPES = {
    name: str(kind)
    for name, kind in Settings.__dict__["__annotations__"].items()  # noqa: RUF063 - no inspect
}


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - different drive on Windows
        return str(path)


def find_project_root(start: Path) -> Path:
    """The nearest directory at or above ``start`` that marks a project, else ``start``."""
    current = start
    while True:
        if (current / SETTINGS_FILE).is_file() or (current / ".git").exists():
            return current
        pyproject = current / PYPROJECT
        if pyproject.is_file() and b"tool.stagelint" in _head(pyproject):
            return current
        if current.parent == current:
            return start
        current = current.parent


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:  # by its size: read(n) allocates n bytes first
            return handle.read(min(os.fstat(handle.fileno()).st_size + 1, 1 << 20))
    except OSError:
        return b""


_DECLARED = lazy(r"[A-Za-z_*?\[][A-Za-z0-9_*?\[\]!-]*")


def check_declarations(
    table: Mapping[str, Any], secret_key: str, not_secret_key: str
) -> tuple[tuple[str, int], str] | None:
    """The first wrong entry of a settings or policy table's ``secret_key`` and
    ``not_secret_key`` lists (not a name or glob, declared both ways) as ((key, index),
    why), or None."""
    lists = {}
    for key in (secret_key, not_secret_key):
        entries = table.get(key) or ()
        if not isinstance(entries, (list, tuple)):
            return (key, 0), f"{key} must be a list of variable names or globs"
        for index, entry in enumerate(entries):
            if not isinstance(entry, str) or not _DECLARED.fullmatch(entry):
                return (key, index), f"{key}: {entry!r} is not a variable name or glob"
        lists[key] = list(entries)
    for index, entry in enumerate(lists[not_secret_key]):
        if entry in lists[secret_key]:
            return (not_secret_key, index), f"{entry} is declared both secret and not secret"
    return None
