"""What is checked: the rule API, plugins, policy packs, the catalogue, expectations.

A rule (:mod:`~stagelint.policy.rule`) checks a :class:`~stagelint.policy.context.Context`;
plugins hand rules, packs and catalogues over through the registry
(:mod:`~stagelint.policy.registry`); a pack (:mod:`~stagelint.policy.packs`) says which rules
run with which options and severities and what each variable is expected to be
(:mod:`~stagelint.policy.expectations`); the catalogue (:mod:`~stagelint.policy.catalogue`)
says what each known variable is. Rules (``stagelint_rules``) import this package and the
model, nothing else. Imports the project layer (settings), the parsers and the model.

``stagelint.policy.PolicyFile``, ``load_policy`` and ``Policy`` are public import paths
(``docs/plugins.md``): they are looked up in :mod:`~stagelint.policy.packs` when asked for,
so that importing the rule API does not load the packs' machinery.
"""

from __future__ import annotations

from typing import Any

_FROM_PACKS = ("PolicyFile", "load_policy", "Policy")


def __getattr__(name: str) -> Any:
    if name not in _FROM_PACKS:  # never import for other names: submodules are looked up here
        raise AttributeError(f"module 'stagelint.policy' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module("stagelint.policy.packs"), name)
