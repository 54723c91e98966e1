"""The URL parser of the built-in rules (``rules/_urls.py``), for reading hosts.

One parser, so that the picture and SL301-SL307 agree on what a host, a Neon endpoint, a
private network or a placeholder is. The rules ship as the ``stagelint_rules`` package
(``rules/`` in the source tree, which is the name the type checker reads).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rules import _urls as urls
else:
    import importlib

    urls = importlib.import_module("stagelint_rules._urls")

__all__ = ["urls"]
