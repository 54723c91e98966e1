"""What the platforms accept, asked by rules: rules read the model and the rule API, never a
parser, yet a rule may need to know a platform's settings (SL607 leaves unknown keys to
SL002). The parsers' schemas stay the one source; this module only answers from them."""

from __future__ import annotations


def is_railway_setting(key: str) -> bool:
    """Whether ``key`` is a ``build`` or ``deploy`` setting of Railway's config schema."""
    from stagelint.parsers.railway_schema import BUILD, DEPLOY

    return key in BUILD.fields or key in DEPLOY.fields
