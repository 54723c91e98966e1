"""Policy packs: YAML data saying which rules run, with which options and severities.

A pack names the environment it judges and the one it compares with, selects rules, and
configures them::

    name: staging
    environment: staging
    compare_with: production
    select: [ALL]
    rules:
      SL101: {options: {min_length: 32}}
      secret-placeholder: warning      # a severity
      SL606: off                       # disabled

``extends: staging`` (a pack name or a YAML path relative to the extending file) layers a
pack on another: mappings merge key by key, everything else is replaced. Packs shipped
with stagelint and its plugins are trusted data (the test suite validates them); any other
file is validated with pydantic, and YAML anchors and aliases are refused (an alias bomb
must not expand).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from stagelint.model.diagnostics import Severity
from stagelint.model.errors import ConfigError
from stagelint.model.records import Record
from stagelint.model.slotted import field, fields_class
from stagelint.model.source import read_config_text
from stagelint.model.values import quoted
from stagelint.policy.expectations import Expectation, PlatformName
from stagelint.policy.registry import Registry

SeverityName = Literal["error", "warning", "info"]
MAX_EXTENDS_DEPTH = 10


class RuleConfig(Record):
    """How a policy configures one rule."""

    __pydantic_config__ = {"extra": "forbid", "use_attribute_docstrings": True}

    enabled: bool = True
    """False turns the rule off."""
    severity: SeverityName | None = None
    """Overrides the rule's default severity."""
    options: dict[str, Any] = field(default_factory=dict)
    """Options of the rule (see ``stagelint explain CODE``)."""


class PolicyFile(Record):
    """The schema of a policy YAML file."""

    __pydantic_config__ = {"extra": "forbid", "use_attribute_docstrings": True}

    name: str
    """The pack's name."""
    description: str = ""
    """One paragraph: what the pack is for."""
    extends: str | None = None
    """A pack name or a YAML file (relative to this one) that this pack builds on."""
    environment: str | None = None
    """The environment the pack judges (default: ``staging``)."""
    compare_with: str | None = None
    """The environment read for comparison (default: ``production``; ``none`` for none)."""
    select: tuple[str, ...] | None = None
    """Rules that run (codes, names, prefixes, ``ALL``); default ``ALL``."""
    ignore: tuple[str, ...] = ()
    """Rules that never run."""
    rules: dict[str, RuleConfig] = field(default_factory=dict)
    """Per-rule configuration: a mapping, or the shorthands severity, ``off``, ``false``
    (normalised to mappings before validation)."""
    variables: dict[PlatformName, dict[str, Expectation | None]] = field(default_factory=dict)
    """Variable expectations per platform: ``{railway: {KEY: {required: true, type: int}}}``
    (see :mod:`stagelint.policy.expectations`); ``KEY: null`` drops an extended pack's
    expectation."""
    environment_specific: tuple[str, ...] = ()
    """Variables expected to exist in one environment only (not drift, SL505)."""
    vercel_plan: Literal["hobby", "pro", "enterprise"] | None = None
    """The team's Vercel plan: function limits depend on it (SL604). Unset, only values no
    plan accepts are reported."""
    secret_variables: tuple[str, ...] = ()
    """Variables (names or globs) that hold secrets whatever the catalogue and their names
    say (``LEGACY_PIN``)."""
    not_secret_variables: tuple[str, ...] = ()
    """Variables (names or globs) that hold no secret whatever their names say
    (``CORS_ALLOW_CREDENTIALS``, ``*_TOKEN_TTL``)."""


@fields_class
class Policy:
    """A resolved policy: the pack and everything it extends, merged."""

    name: str
    description: str = ""
    environment: str = "staging"
    compare_with: str | None = "production"
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    rules: dict[str, RuleConfig] = field(default_factory=dict)
    """Rule code -> configuration."""
    variables: dict[str, Any] = field(default_factory=dict)
    environment_specific: tuple[str, ...] = ()
    vercel_plan: str | None = None
    """``hobby``, ``pro`` or ``enterprise``; None when the pack does not say."""
    secret_variables: tuple[str, ...] = ()
    """Names or globs declared secret (see :class:`PolicyFile`)."""
    not_secret_variables: tuple[str, ...] = ()
    """Names or globs declared not secret."""
    trusted: bool = True
    """True when every layer came from stagelint or an installed plugin."""
    sources: tuple[str, ...] = ()
    """Where each layer came from, base first."""

    def rule_config(self, code: str) -> RuleConfig:
        return self.rules.get(code, _DEFAULT_RULE_CONFIG)


_DEFAULT_RULE_CONFIG = RuleConfig()


def load_policy(
    reference: str, registry: Registry, base_dir: Path | None = None, confine_to: Path | None = None
) -> Policy:
    """Resolve ``reference`` (a pack name or a YAML path) with everything it extends.

    ``confine_to``: the project root, when the reference comes from the repository's own
    settings: then every file layer must lie inside it (symlinks resolved)."""
    layers: list[tuple[dict[str, Any], str, bool]] = []
    seen: set[str] = set()
    current: str | None = reference
    directory = base_dir or Path.cwd()
    while current is not None:
        if len(layers) >= MAX_EXTENDS_DEPTH:
            raise ConfigError(f"policy {quoted(reference)}: 'extends' is nested too deeply")
        data, origin, trusted, directory, text = _read_layer(
            current, registry, directory, confine_to
        )
        where = _YamlLocator(origin, text).where if text is not None else None
        data = _normalize_rules(data, registry, origin, where)
        if not trusted:
            _validate_layer(data, origin, where)
        if origin in seen:
            raise ConfigError(
                f"policy {quoted(reference)}: 'extends' forms a cycle through {origin}"
            )
        seen.add(origin)
        layers.append((data, origin, trusted))
        parent = data.get("extends")
        current = parent if isinstance(parent, str) else None
    merged: dict[str, Any] = {}
    for data, _origin, _trusted in reversed(layers):
        merged = _merge(merged, data)
    trusted = all(layer[2] for layer in layers)
    return _build(merged, registry, trusted, tuple(o for _, o, _ in reversed(layers)))


def _read_layer(
    reference: str, registry: Registry, directory: Path, confine_to: Path | None
) -> tuple[dict[str, Any], str, bool, Path, str | None]:
    """(data, origin, trusted, directory for what it extends, the text of a user's file)."""
    if reference in registry.policies and not reference.endswith((".yaml", ".yml")):
        resource, plugin = registry.policies[reference]
        data = load_resource_yaml(resource, f"{plugin}:{reference}")
        return data, f"{plugin}:{reference}", True, directory, None
    path = Path(reference)
    if not path.is_absolute():
        path = directory / path
    if not path.is_file():
        known = ", ".join(sorted(registry.policies)) or "none"
        raise ConfigError(
            f"unknown policy {quoted(reference)}: not an installed pack ({known}) nor a YAML file"
        )
    from stagelint.model.source import is_inside

    if confine_to is not None and not is_inside(str(path), os.path.realpath(confine_to)):
        raise ConfigError(
            f"policy {quoted(reference)} lies outside the project root: a repository's settings "
            "and policies may only name files inside it (--policy may name any file)"
        )
    try:
        text = read_config_text(path, str(path), "policy")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read policy: {type(exc).__name__}") from None
    data = parse_policy_yaml(text, str(path), trusted=False)
    return data, str(path.resolve()), False, path.parent, text


class _YamlLocator:
    """``file:line:column`` of a key path in a user's policy file, for error messages: the
    file is composed again (nodes carry their marks) only when an error needs a position."""

    def __init__(self, origin: str, text: str) -> None:
        self.origin = origin
        self.text = text

    def where(self, path: tuple[str | int, ...]) -> str:
        import yaml

        try:
            node: Any = yaml.compose(
                self.text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            )
        except yaml.YAMLError:
            return self.origin
        mark = None
        for part in path:
            child = _child(node, part)
            if child is None:
                break
            mark, node = child
        if mark is None:
            return self.origin
        return f"{self.origin}:{mark.line + 1}:{mark.column + 1}"


def _child(node: Any, part: str | int) -> tuple[Any, Any] | None:
    """(the mark of ``part``'s key, its value node) inside a composed YAML node."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return key.start_mark, value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        item = node.value[part]
        return item.start_mark, item
    return None


def read_resource(resource: str) -> str:
    """Text of a ``"package:file"`` resource shipped inside a package."""
    return _resource(resource)[1]


def _resource(resource: str) -> tuple[str | None, str]:
    """(path, text) of a packaged resource; the path is None when the package does not live
    in plain files (a zip archive).

    A package installed as files (a wheel, an editable install, a checkout) is read
    directly: ``importlib.resources`` costs ~15 ms of imports (zipfile, tempfile...) on
    every run."""
    import importlib

    package, _, name = resource.partition(":")
    try:
        module = importlib.import_module(package)
        origin = getattr(module, "__file__", None)
        if origin is not None:
            path = os.path.join(os.path.dirname(origin), name)
            if os.path.isfile(path):
                with open(path, encoding="utf-8") as handle:
                    return path, handle.read()
        from importlib.resources import files

        return None, files(package).joinpath(name).read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError) as exc:
        raise ConfigError(f"cannot read packaged resource {resource}: {exc}") from None


def load_resource_yaml(resource: str, origin: str) -> dict[str, Any]:
    """A trusted YAML resource shipped in a package (a policy pack, a catalogue), parsed.

    Every run reads the shipped packs and catalogue; importing PyYAML and parsing them costs
    ~30 ms, a sixth of a pre-commit run. Like Python's bytecode, the parsed data is kept in
    the package's ``__pycache__``, in the format of bytecode (``marshal``: no import, unlike
    ``json``), written only where Python would write bytecode (not with
    ``PYTHONDONTWRITEBYTECODE`` or ``-B``, not in a read-only install), named after the
    interpreter that wrote it, and used only while it was made from exactly the text the
    YAML file holds now."""
    path, text = _resource(resource)
    shipped = _shipped_parsed(resource, text)
    if shipped is not None:
        return shipped
    if path is not None:
        cached = _read_parsed(path, text)
        if cached is not None:
            return cached
    data = parse_policy_yaml(text, origin, trusted=True)
    if path is not None:
        _write_parsed(path, text, data)
    return data


_PARSED_FORMAT = 2
SHIPPED_PACKAGE = "stagelint_policies"


def _shipped_parsed(resource: str, text: str) -> dict[str, Any] | None:
    """The data of a YAML file shipped with stagelint, from the module generated from it
    (``stagelint/policy/policygen.py`` says why), if it was generated from exactly ``text``.

    A copy: callers may keep and change what they get, and the module's data is shared."""
    package, _, name = resource.partition(":")
    if package != SHIPPED_PACKAGE:
        return None
    import marshal

    try:
        from stagelint_policies._parsed import PARSED
    except ImportError:
        return None
    source, data = PARSED.get(name, (None, None))
    if source != text or not isinstance(data, dict):
        return None
    copied: dict[str, Any] = marshal.loads(marshal.dumps(data))
    return copied


def parsed_path(path: str) -> str:
    """Where the parsed data of the YAML file at ``path`` is kept."""
    directory, name = os.path.split(path)
    tag = sys.implementation.cache_tag or "python"
    return os.path.join(directory, "__pycache__", f"{name}.{tag}.stagelint")


def _read_parsed(path: str, text: str) -> dict[str, Any] | None:
    import marshal

    try:
        with open(parsed_path(path), "rb") as handle:
            cached = marshal.load(handle)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if (
        not isinstance(cached, dict)
        or cached.get("format") != _PARSED_FORMAT
        or cached.get("source") != text
        or not isinstance(cached.get("data"), dict)
    ):
        return None
    data: dict[str, Any] = cached["data"]
    return data


def _write_parsed(path: str, text: str, data: dict[str, Any]) -> None:
    """Keep ``data`` for the next run, if marshal holds it exactly (YAML also has dates...)
    and this installation may be written to."""
    import marshal

    if sys.dont_write_bytecode:
        return
    try:
        encoded = marshal.dumps({"format": _PARSED_FORMAT, "source": text, "data": data})
        if marshal.loads(encoded)["data"] != data:
            return
        target = parsed_path(path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        scratch = f"{target}.{os.getpid()}.tmp"
        with open(scratch, "wb") as handle:
            handle.write(encoded)
        os.replace(scratch, target)
    except (OSError, TypeError, ValueError):
        return


def parse_policy_yaml(text: str, origin: str, trusted: bool) -> dict[str, Any]:
    """YAML -> mapping. Untrusted files may not use anchors/aliases (alias bombs). A value
    its tag cannot hold (``!!int x``, the date ``2024-13-45``, an integer of 4,301 digits)
    is an error at its line and column, like any other invalid YAML."""
    import yaml

    loader_base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        if not trusted:
            for event in yaml.parse(text, Loader=loader_base):
                if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                    at: Any = event.start_mark
                    raise ConfigError(
                        f"{origin}:{at.line + 1}:{at.column + 1}: YAML anchors and aliases "
                        "are not allowed in policy files"
                    )
        data = yaml.load(text, Loader=_checked_loader(loader_base))
    except yaml.YAMLError as exc:
        mark: Any = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = _unquote_secrets(getattr(exc, "problem", None) or "invalid YAML")
        raise ConfigError(f"{origin}{where}: invalid YAML: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: a policy file must be a mapping")
    return data


_TAG_WORDS = {
    "int": "an integer",
    "float": "a number",
    "bool": "a boolean",
    "timestamp": "a date",
    "binary": "base64 data",
    "null": "null",
}
_CHECKED_LOADERS: dict[type, type] = {}


def _checked_loader(base: type) -> type:
    """``base`` whose constructor turns the exceptions of a value its tag cannot hold
    (``int('x')``, ``date(2024, 13, 45)``, ``int()`` of 4,301 digits) into a positioned
    YAML error naming the tag's type, never the value."""
    loader = _CHECKED_LOADERS.get(base)
    if loader is not None:
        return loader
    import yaml

    def construct_object(self: Any, node: Any, deep: bool = False) -> Any:
        try:
            return base.construct_object(self, node, deep)  # type: ignore[attr-defined]
        except (ValueError, OverflowError, TypeError, ArithmeticError):
            kind = _TAG_WORDS.get(str(node.tag).rpartition(":")[2], "its type")
            raise yaml.constructor.ConstructorError(
                None, None, f"this value cannot be read as {kind}", node.start_mark
            ) from None

    loader = _CHECKED_LOADERS[base] = type(
        f"Checked{base.__name__}", (base,), {"construct_object": construct_object}
    )
    return loader


def _unquote_secrets(problem: str) -> str:
    """PyYAML's problem without the text of the file it quotes (a tag, a handle, an
    anchor): every quoted part, in either quote style (``repr`` picks double quotes for
    text holding ``'``), longer than one character is left out, unless it names a token
    (``'<scalar>'``). What stays is PyYAML's own wording and single characters."""
    import re

    def hide(found: re.Match[str]) -> str:
        inner = found.group(0)[1:-1]
        if len(inner) <= 2 or re.fullmatch(r"<[a-z ]+>", inner):
            return found.group(0)
        return "(text of the file, not shown)"

    return re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", hide, problem)


Where = Callable[[tuple[str | int, ...]], str]


def _validate_layer(data: dict[str, Any], origin: str, where: Where | None = None) -> None:
    from pydantic import TypeAdapter, ValidationError

    from stagelint.model.validation import describe_validation_error, error_path

    try:
        TypeAdapter(PolicyFile).validate_python(data)
    except ValidationError as exc:
        keys = [f.replace("_", "-") for f in PolicyFile.field_names()]
        at = where(error_path(exc)) if where is not None else origin
        raise ConfigError(f"{at}: {describe_validation_error(exc, keys)}") from None
    from stagelint.project.settings import check_declarations

    problem = check_declarations(data, "secret_variables", "not_secret_variables")
    if problem is not None:
        at = where(problem[0]) if where is not None else origin
        raise ConfigError(f"{at}: {problem[1]}")


def _normalize_rules(
    data: dict[str, Any], registry: Registry, origin: str, where: Where | None = None
) -> dict[str, Any]:
    """Rule keys become codes and every rule value a mapping, so that layers merge."""
    rules = data.get("rules")
    if not rules:
        return data

    def at(path: tuple[str | int, ...]) -> str:
        return where(path) if where is not None else origin

    if not isinstance(rules, dict):
        raise ConfigError(
            f"{at(('rules',))}: 'rules' must be a mapping of rule code to configuration"
        )
    normalized: dict[str, Any] = {}
    for key, value in rules.items():
        rule = registry.get(str(key))
        if rule is None:
            raise ConfigError(
                f"{at(('rules', key))}: unknown rule {quoted(key)} in 'rules'"
                f"{registry._hint(str(key))}"
            )
        normalized[rule.code] = _as_mapping(value, at(("rules", key)), rule.code)
    return {**data, "rules": normalized}


def _as_mapping(value: Any, origin: str, code: str) -> dict[str, Any]:
    if value is False or value == "off":
        return {"enabled": False}
    if value is True or value is None:
        return {"enabled": True}
    if isinstance(value, str):
        try:
            Severity.parse(value)
        except ValueError as exc:
            raise ConfigError(f"{origin}: rules.{code}: {exc}") from None
        return {"severity": value.lower()}
    if isinstance(value, dict):
        return value
    raise ConfigError(f"{origin}: rules.{code} must be a mapping, a severity or off")


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Mappings merge key by key (recursively); other values replace."""
    result = dict(base)
    for key, value in override.items():
        if key == "extends":
            continue
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _merge(result[key], value)
        else:
            result[key] = value
    return result


def _build(
    data: dict[str, Any], registry: Registry, trusted: bool, sources: tuple[str, ...]
) -> Policy:
    compare = data.get("compare_with", "production")
    policy = Policy(
        name=str(data.get("name", "custom")),
        description=str(data.get("description", "")),
        environment=str(data.get("environment") or "staging"),
        compare_with=None if compare in (None, "none") else str(compare),
        select=tuple(data.get("select") or ("ALL",)),
        ignore=tuple(data.get("ignore") or ()),
        variables=dict(data.get("variables") or {}),
        environment_specific=tuple(data.get("environment_specific") or ()),
        vercel_plan=data.get("vercel_plan") or None,
        secret_variables=tuple(data.get("secret_variables") or ()),
        not_secret_variables=tuple(data.get("not_secret_variables") or ()),
        trusted=trusted,
        sources=sources,
    )
    for code, value in (data.get("rules") or {}).items():
        policy.rules[code] = RuleConfig(
            enabled=bool(value.get("enabled", True)),
            severity=value.get("severity"),
            options=dict(value.get("options") or {}),
        )
    return policy
