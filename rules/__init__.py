"""stagelint's built-in rules, one small module per rule, and the built-in plugin.

A rule module is named after its code and name (``sl101_secret_too_short.py``) and defines
one :class:`~stagelint.rule.Rule` subclass: adding a rule is adding one file (plus its
fixtures). The plugin registers through the ``stagelint.plugins`` entry-point group like
any third-party plugin (see ``pyproject.toml``); rule modules are imported when the
registry asks for the rules, not when this package is imported.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator

from stagelint.model.regex import lazy
from stagelint.policy.registry import Plugin
from stagelint.policy.rule import Rule

RULE_MODULE = lazy(r"^sl[0-9]{3}_[a-z0-9_]+\.py$")


def rule_modules() -> list[str]:
    """Names of the rule modules in this package, in code order."""
    here = os.path.dirname(__file__)
    return sorted(name[:-3] for name in os.listdir(here) if RULE_MODULE.match(name))


def builtin_rules() -> Iterator[type[Rule]]:
    """The rule class of every rule module."""
    for module_name in rule_modules():
        module = importlib.import_module(f"{__name__}.{module_name}")
        found = [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, Rule)
            and value.__module__ == module.__name__
        ]
        if len(found) != 1:
            raise TypeError(f"{module.__name__} must define exactly one rule, found {len(found)}")
        yield found[0]


plugin = Plugin(
    name="stagelint",
    description="The rules and policies of the staging guide.",
    rules=builtin_rules,
    policies={
        "staging": "stagelint_policies:staging.yaml",
        "production": "stagelint_policies:production.yaml",
    },
    catalogues=("stagelint_policies:variables.yaml",),
)
