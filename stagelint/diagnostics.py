"""Public import path of ``Severity``, ``Violation``, ``Related`` and ``Diagnostic``
(``docs/plugins.md``); the code lives in :mod:`stagelint.model.diagnostics`.
"""

from stagelint.model.diagnostics import *  # noqa: F403
