"""Rules from Python files of the linted repository, loaded only when the command line asks.

Linting a repository must never run its code: a pull request could add a "rule" that
reads the CI's secrets. So nothing in the repository can ask for local rules — no setting,
no conventional directory, no entry point file. Only ``stagelint check --local-rules PATH``
loads them; the person or CI step that types it vouches for the code at PATH.

``PATH`` is a Python file, or a directory whose ``*.py`` files (not those starting with
``_``) are imported as modules of one package, so that they can share helpers with relative
imports (``from ._helpers import ...``). Every :class:`~stagelint.rule.Rule` subclass a
module defines is registered, like a plugin's, under the plugin name ``local``.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

from stagelint.model.errors import ConfigError, UsageError
from stagelint.policy.registry import Plugin
from stagelint.policy.rule import Rule

PLUGIN_NAME = "local"
_PACKAGE_PREFIX = "stagelint_local_rules_"


def load_local_plugin(paths: Sequence[str]) -> Plugin:
    """A plugin holding the rules defined in ``paths`` (files or directories)."""
    rules: list[type[Rule]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = [rule for module in _import_directory(path) for rule in _rules_of(module)]
        elif path.is_file():
            found = _rules_of(_import_file(path))
        else:
            raise UsageError(f"--local-rules: no such file or directory: {raw}")
        if not found:
            raise ConfigError(f"{raw}: no rule classes (subclasses of stagelint.rule.Rule) to load")
        rules.extend(found)
    loaded = tuple(rules)
    return Plugin(
        name=PLUGIN_NAME,
        rules=lambda: loaded,
        description="Rules from this repository (--local-rules).",
    )


def _rules_of(module: ModuleType) -> list[type[Rule]]:
    return [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, Rule)
        and value.__module__ == module.__name__
        and not value.__dict__.get("abstract", False)
    ]


def _unique_name(path: Path) -> str:
    """A module name no installed package uses, stable for a given path."""
    digest = hashlib.sha256(os.fsencode(path.resolve())).hexdigest()[:12]
    stem = "".join(ch if ch.isalnum() else "_" for ch in path.stem)
    return f"{_PACKAGE_PREFIX}{digest}_{stem}"


def _import_file(path: Path) -> ModuleType:
    name = _unique_name(path)
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ConfigError(f"{path}: not a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses (a rule's Options) look their module up here
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise _import_error(path, exc) from None
    return module


def _import_directory(directory: Path) -> list[ModuleType]:
    """Each ``*.py`` file of ``directory`` as a submodule of one synthetic package."""
    package = _unique_name(directory)
    if package not in sys.modules:
        init = directory / "__init__.py"
        spec: ModuleSpec | None
        if init.is_file():
            spec = importlib.util.spec_from_file_location(
                package, init, submodule_search_locations=[str(directory)]
            )
        else:
            spec = ModuleSpec(package, None, is_package=True)
            spec.submodule_search_locations = [str(directory)]
        if spec is None:
            raise ConfigError(f"{directory}: cannot import it as a package")
        module = importlib.util.module_from_spec(spec)
        sys.modules[package] = module
        if spec.loader is not None:
            try:
                spec.loader.exec_module(module)
            except Exception as exc:
                del sys.modules[package]
                raise _import_error(init, exc) from None
    modules = []
    for file in sorted(directory.glob("*.py")):
        if file.name.startswith("_"):
            continue
        try:
            modules.append(importlib.import_module(f"{package}.{file.stem}"))
        except Exception as exc:
            raise _import_error(file, exc) from None
    return modules


def _import_error(path: Path, exc: Exception) -> ConfigError:
    where = str(path)
    if isinstance(exc, SyntaxError) and exc.lineno:
        where = f"{path}:{exc.lineno}"
    return ConfigError(f"{where}: local rules failed to import: {type(exc).__name__}: {exc}")
