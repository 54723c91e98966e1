"""Public import path of ``Plugin`` and ``load_registry`` (``docs/plugins.md``); the
code lives in :mod:`stagelint.policy.registry`.
"""

from stagelint.policy.registry import *  # noqa: F403
