"""Rules and policy packs, loaded through the ``stagelint.plugins`` entry-point group.

The built-in rules and policies register through that very group (see ``pyproject.toml``),
exactly like a third-party plugin. Registration is explicit and validated: a duplicate code
or name, or a plugin that fails to load, is a configuration error naming the plugin.

Entry points are read straight from the ``entry_points.txt`` files of installed
distributions: ``importlib.metadata`` costs about 40 ms of imports per run, most of a
pre-commit hook's budget, to read the same few files.
"""

from __future__ import annotations

import fnmatch
import importlib
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from stagelint.model.errors import ConfigError, UsageError
from stagelint.model.records import Record
from stagelint.model.slotted import field, fields_class
from stagelint.model.tuples import NamedTuple
from stagelint.model.values import quoted
from stagelint.policy.rule import Rule

ENTRY_POINT_GROUP = "stagelint.plugins"


class Plugin(Record):
    """What a plugin hands over: rules, policy packs and variable catalogues.

    ``rules`` is a callable so that rule modules are imported only when rules are needed.
    ``policies`` maps a pack name to a resource ``"package:file.yaml"``; ``catalogues`` lists
    resources of variable catalogues (merged in plugin order, built-in first).
    """

    name: str
    rules: Callable[[], Iterable[type[Rule]]] = lambda: ()
    policies: Mapping[str, str] = field(default_factory=dict)
    catalogues: Sequence[str] = ()
    description: str = ""


class EntryPoint(NamedTuple):
    name: str
    value: str
    distribution: str

    def load(self) -> Any:
        module_name, _, attr = self.value.partition(":")
        obj: Any = importlib.import_module(module_name.strip())
        for part in attr.strip().split(".") if attr.strip() else ():
            obj = getattr(obj, part)
        return obj


def iter_entry_points(group: str, path: Sequence[str] | None = None) -> list[EntryPoint]:
    """Entry points of ``group`` from the distributions on ``sys.path``.

    Like ``importlib.metadata``, the first distribution of a given name on the path wins.
    Unlike it, the current directory is never searched: ``python -m stagelint`` puts it on
    ``sys.path``, and a linted repository could commit a ``*.dist-info/entry_points.txt``
    there to make stagelint import its code. Plugins come from installed packages only.
    """
    seen: set[str] = set()
    found: list[EntryPoint] = []
    entries = _without_current_directory(sys.path) if path is None else path
    for entry in entries:
        try:
            names = os.listdir(entry)
        except OSError:
            continue
        for name in sorted(names):
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            dist = _normalize(name.rsplit(".", 1)[0].split("-", 1)[0])
            if dist in seen:
                continue
            seen.add(dist)
            found.extend(_read_entry_points(os.path.join(entry, name), group, dist))
    return found


def _without_current_directory(entries: Sequence[str]) -> list[str]:
    cwd = os.path.realpath(os.getcwd())
    return [e for e in entries if e not in ("", ".") and os.path.realpath(e) != cwd]


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _read_entry_points(dist_dir: str, group: str, dist: str) -> list[EntryPoint]:
    try:
        with open(os.path.join(dist_dir, "entry_points.txt"), encoding="utf-8") as handle:
            text = handle.read()
    except OSError:
        return []
    if group not in text:
        return []
    result: list[EntryPoint] = []
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
        elif current == group and "=" in line:
            key, _, value = line.partition("=")
            result.append(EntryPoint(key.strip(), value.strip(), dist))
    return result


@fields_class
class Registry:
    """Every available rule, policy pack and catalogue, by code and by name."""

    plugins: list[Plugin] = field(default_factory=list)
    rules: dict[str, type[Rule]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    """Rule name or alias -> code."""
    policies: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Pack name -> (resource, plugin name)."""

    def add(self, plugin: Plugin, origin: str) -> None:
        self.plugins.append(plugin)
        try:
            rules = list(plugin.rules())
        except Exception as exc:  # a plugin's own bug: name it, do not crash
            raise ConfigError(
                f"plugin {plugin.name!r} ({origin}) failed to list its rules: {type(exc).__name__}"
            ) from None
        for rule in rules:
            if not (isinstance(rule, type) and issubclass(rule, Rule)):
                raise ConfigError(f"plugin {plugin.name!r} ({origin}) gave a non-rule: {rule!r}")
            self._add_rule(rule, plugin.name)
        for pack, resource in plugin.policies.items():
            if pack in self.policies:
                other = self.policies[pack][1]
                raise ConfigError(
                    f"policy {pack!r} is provided by both plugin {other!r} and {plugin.name!r}"
                )
            self.policies[pack] = (resource, plugin.name)

    def _add_rule(self, rule: type[Rule], plugin: str) -> None:
        if rule.code in self.rules:
            other = self.rules[rule.code]
            raise ConfigError(
                f"rule code {rule.code} is registered twice: {other.__qualname__} "
                f"(plugin {other.origin!r}) and {rule.__qualname__} (plugin {plugin!r})"
            )
        for alias in (rule.name, *rule.aliases):
            if alias in self.names:
                raise ConfigError(
                    f"rule name {alias!r} is used by both {self.names[alias]} and {rule.code}"
                )
            self.names[alias] = rule.code
        rule.origin = plugin
        self.rules[rule.code] = rule

    def get(self, code_or_name: str) -> type[Rule] | None:
        key = code_or_name.strip()
        code = key.upper() if key.upper() in self.rules else self.names.get(key.lower())
        return self.rules.get(code) if code else None

    def select(self, selectors: Iterable[str]) -> set[str]:
        """Codes matched by selectors: ``ALL``, a code, a name or alias, a code prefix
        (``SL1``) or a glob (``SL1*``, ``*-secret``). Unknown selectors are an error."""
        codes: set[str] = set()
        for selector in selectors:
            matched = self.match(selector)
            if not matched:
                raise UsageError(f"unknown rule selector {quoted(selector)}{self._hint(selector)}")
            codes |= matched
        return codes

    def match(self, selector: str) -> set[str]:
        text = selector.strip()
        if not text:
            return set()
        if text.upper() == "ALL":
            return set(self.rules)
        rule = self.get(text)
        if rule is not None:
            return {rule.code}
        if any(ch in text for ch in "*?["):
            return {
                code
                for code, rule in self.rules.items()
                if fnmatch.fnmatchcase(code, text.upper()) or fnmatch.fnmatchcase(rule.name, text)
            }
        upper = text.upper()
        return {code for code in self.rules if code.startswith(upper)}

    def _hint(self, selector: str) -> str:
        import difflib

        close = difflib.get_close_matches(selector, [*self.rules, *self.names], n=3, cutoff=0.6)
        return f" (did you mean {', '.join(close)}?)" if close else ""

    def sorted_rules(self) -> list[type[Rule]]:
        return [self.rules[code] for code in sorted(self.rules, key=_code_key)]


def _code_key(code: str) -> tuple[str, int]:
    prefix = code.rstrip("0123456789")
    return prefix, int(code[len(prefix) :] or 0)


_REGISTRY: Registry | None = None


def load_registry(extra_plugins: Sequence[Plugin] = ()) -> Registry:
    """The registry of every installed plugin (built-in first), loaded once per process."""
    global _REGISTRY
    if _REGISTRY is not None and not extra_plugins:
        return _REGISTRY
    registry = Registry()
    entry_points = sorted(
        iter_entry_points(ENTRY_POINT_GROUP), key=lambda ep: (ep.name != "builtin", ep.name)
    )
    for ep in entry_points:
        try:
            plugin = ep.load()
        except Exception as exc:
            raise ConfigError(
                f"plugin {ep.name!r} from {ep.distribution} ({ep.value}) failed to load: "
                f"{type(exc).__name__}: {exc}"
            ) from None
        if not isinstance(plugin, Plugin):
            raise ConfigError(
                f"entry point {ep.name!r} ({ep.value}) is not a stagelint.registry.Plugin"
            )
        registry.add(plugin, f"{ep.distribution}: {ep.value}")
    for plugin in extra_plugins:
        registry.add(plugin, "given explicitly")
    if not registry.rules:
        raise ConfigError(
            "no rules are installed: the 'stagelint.plugins' entry points are missing "
            "(reinstall stagelint, whose distribution is stagelint-config: see the README, Install)"
        )
    if not extra_plugins:
        _REGISTRY = registry
    return registry
