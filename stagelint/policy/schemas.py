"""What the platforms accept, asked by rules: rules read the model and the rule API, never a
parser, yet a rule may need to know a platform's settings (SL607 leaves unknown keys to
SL002). The parsers' schemas stay the one source; this module only answers from them."""

from __future__ import annotations

import functools


def is_railway_setting(key: str) -> bool:
    """Whether ``key`` is a ``build`` or ``deploy`` setting of Railway's config schema."""
    return key in _railway_settings()


@functools.cache
def _railway_settings() -> frozenset[str]:
    """The schema's ``build`` and ``deploy`` keys, read on first use: a project without
    Railway never imports its schema."""
    from stagelint.parsers.railway_schema import BUILD, DEPLOY

    return frozenset(BUILD.fields) | frozenset(DEPLOY.fields)
