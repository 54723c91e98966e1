"""Acme's stagelint plugin: one rule, one policy pack, one catalogue entry.

``plugin`` is what the ``stagelint.plugins`` entry point names (see ``pyproject.toml``).
Rule modules are imported when stagelint asks for the rules, not when this package is
imported, so that installing a plugin costs ``stagelint check`` nothing it does not use.
"""

from __future__ import annotations

from collections.abc import Iterable

from stagelint.registry import Plugin
from stagelint.rule import Rule


def rules() -> Iterable[type[Rule]]:
    from stagelint_acme.app_name import MisleadingAppName

    return (MisleadingAppName,)


plugin = Plugin(
    name="acme",
    description="Acme's conventions on top of the staging guide.",
    rules=rules,
    policies={"acme-staging": "stagelint_acme:acme-staging.yaml"},
    catalogues=("stagelint_acme:variables.yaml",),
)
