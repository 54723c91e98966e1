"""stagelint's built-in rules, one small module per rule, and the built-in plugin.

The plugin registers through the ``stagelint.plugins`` entry-point group like any
third-party plugin (see ``pyproject.toml``). Rule modules are imported when the registry
asks for them, not when this package is imported.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator

from stagelint.registry import Plugin
from stagelint.rule import Rule

RULE_MODULES = (
    "sl001_parse_error",
    "sl002_unknown_key",
    "sl003_invalid_config_value",
    "sl004_duplicate_key",
    "sl005_env_syntax",
    "sl006_unresolved_reference",
)


def builtin_rules() -> Iterator[type[Rule]]:
    """Every rule class defined in the modules of :data:`RULE_MODULES`."""
    for module_name in RULE_MODULES:
        module = importlib.import_module(f"{__name__}.{module_name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Rule) and value.__module__ == module.__name__:
                yield value


plugin = Plugin(
    name="stagelint",
    description="The rules and policies of the staging guide.",
    rules=builtin_rules,
    policies={
        "staging": "stagelint_policies:staging.yaml",
        "production": "stagelint_policies:production.yaml",
    },
)
