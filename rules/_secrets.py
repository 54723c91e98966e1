"""Helpers shared by the SL1 rules (secrets): what part of a value is secret, the weakness
detectors of SL103 and the credential shapes of SL106.

Every function here reads raw values: none of them returns or formats a value for a
message. Results are booleans, reasons without values, or the secret text itself for
comparison (SL104, SL105) — callers never print it.

What a value's secret is (:func:`secret_part`: a secret variable's value, or the password of
a URL) is defined in :mod:`stagelint.policy.fingerprint`, because the fingerprint file must hash
exactly what SL104 compares; it is re-exported here for the rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from stagelint.model.regex import lazy
from stagelint.policy.fingerprint import (
    SecretPart,
    holds_no_secret,
    is_placeholder_password,
    is_secret_key,
    is_url,
    secret_part,
    url_password,
)
from stagelint.policy.weakness import (  # shared with stagelint fingerprint
    DEFAULT_MIN_LENGTH,
    MAX_JUDGED_LENGTH,
    Finding,
    Weakness,
    character_class,
    padded_word,
    period,
    sequence_share,
    shannon_entropy,
    weakness,
)

if TYPE_CHECKING:
    from stagelint.model.deployment import EnvFile, Variable
    from stagelint.policy.context import Context

__all__ = [
    "DEFAULT_MIN_LENGTH",
    "MAX_JUDGED_LENGTH",
    "Finding",
    "KeyAnswers",
    "SecretPart",
    "Weakness",
    "character_class",
    "config_key_name",
    "generated_keys",
    "generated_secrets",
    "holds_no_secret",
    "is_placeholder_password",
    "is_secret_key",
    "is_url",
    "min_length",
    "padded_word",
    "period",
    "secret_keys",
    "secret_part",
    "sequence_share",
    "server_credential",
    "shannon_entropy",
    "url_password",
    "urls_in",
    "weakness",
]


_URL_IN_TEXT = r"[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"`<>]+"


def urls_in(text: str) -> list[str]:
    """URLs written inside a longer text (a start command, a build command): what
    ``re.findall(_URL_IN_TEXT, text)`` finds, in linear time.

    The regex retries its scheme at every letter of a long run without ``://`` (a 9 MB
    ``startCommand`` took hours), so the search starts from each ``://`` instead and walks
    back over the scheme characters before it."""
    found = []
    done = 0  # the end of the last URL: a URL's body may hold "://" (?next=https://...)
    at = text.find("://")
    while at >= 0:
        start = at
        while start > done and text[start - 1] in _SCHEME_CHARS:
            start -= 1
        while start < at and not text[start].isalpha():
            start += 1  # the scheme starts with a letter
        body = _URL_BODY.match(text, at + 3)
        if start < at and body is not None:
            found.append(text[start : body.end()])
            done = body.end()
        at = text.find("://", max(at + 1, done))
    return found


_SCHEME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+.-")
_URL_BODY = lazy(r"[^\s'\"`<>]+")


def config_key_name(key: str) -> str:
    """A config file's property name as an env-style key: ``apiToken`` -> ``API_TOKEN``."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key)
    return re.sub(r"[^A-Za-z0-9]+", "_", spaced).strip("_").upper()


def min_length(ctx: Context) -> int:
    """SL101's ``min_length`` as the active policy configures it: SL103 leaves shorter
    secrets to SL101 (one finding, one diagnostic)."""
    value = ctx.policy.rule_config("SL101").options.get("min_length", DEFAULT_MIN_LENGTH)
    return value if isinstance(value, int) and value > 0 else DEFAULT_MIN_LENGTH


class KeyAnswers(dict[str, bool]):
    """``answers[key]``: one question about a variable's name, asked once per distinct key."""

    __slots__ = ("_ask",)

    def __init__(self, ask: Callable[[str], bool]) -> None:
        super().__init__()
        self._ask = ask

    def __missing__(self, key: str) -> bool:
        answer = self[key] = self._ask(key)
        return answer


def secret_keys(ctx: Context) -> KeyAnswers:
    """:func:`is_secret_key` of each key, per check (as :func:`generated_keys`): one
    dictionary lookup per binding instead of three calls into the catalogue."""
    catalogue = ctx.catalogue
    return ctx.shared("secret-keys", lambda: KeyAnswers(lambda key: is_secret_key(catalogue, key)))


def generated_keys(ctx: Context) -> KeyAnswers:
    """:meth:`~stagelint.policy.catalogue.Catalogue.is_generated_secret` of each key, per
    check: the SL1 rules ask about every binding, and a project has few distinct keys (75 of
    8,000 bindings at 200 services)."""
    return ctx.shared("generated-keys", lambda: KeyAnswers(ctx.catalogue.is_generated_secret))


def generated_secrets(ctx: Context) -> list[tuple[EnvFile, Variable]]:
    """The judged environment's bindings of generated secrets (``JWT_SECRET_KEY``,
    ``*_SECRET`` ...: :func:`generated_keys`), in the order of
    :meth:`~stagelint.policy.context.Context.judged_bindings`: what SL101 and SL103 judge.

    Found once per check: at 200 services they are 900 of 8,000 bindings, and each of the
    two rules asked the catalogue about every binding."""
    return ctx.shared(("generated-secrets", ctx.environment), lambda: _generated(ctx))


def _generated(ctx: Context) -> list[tuple[EnvFile, Variable]]:
    generated = generated_keys(ctx)
    return [binding for binding in ctx.judged_bindings() if generated[binding[1].key]]


# --------------------------------------------------------------- SL106 credential shapes

_PHX = lazy(r"^phx_[A-Za-z0-9_]{20,}$")
_STRIPE = lazy(r"^[sr]k_(live|test)_[A-Za-z0-9]{16,}$")
_SUPABASE_SECRET = lazy(r"^sb_secret_[A-Za-z0-9_-]{16,}$")
_SANITY_TOKEN = lazy(r"^sk[A-Za-z0-9_-]{40,}$")
_MAPBOX_SECRET = lazy(r"^sk\.eyJ[A-Za-z0-9_.-]{20,}$")
_JWT_PART = lazy(r"^[A-Za-z0-9_-]*$")
_CREDENTIAL_STARTS = ("phx_", "sk", "rk_", "sb_secret_", "eyJ")
"""How every shape below starts: a value that starts otherwise is none of them."""


def server_credential(text: str, public_key: bool = False) -> str | None:
    """What server-only credential ``text`` looks like (``a PostHog personal API key``), or
    None. ``public_key``: the variable is designed to be public, so only shapes that are
    never public count (an unknown JWT there may be a public one, e.g. an anon key)."""
    if not text.startswith(_CREDENTIAL_STARTS):
        return None  # most values: a URL, an id, a name
    if _PHX.match(text):
        return "a PostHog personal API key (phx_)"
    if _STRIPE.match(text):
        return "a Stripe secret key"
    if _SUPABASE_SECRET.match(text):
        return "a Supabase secret key (sb_secret_)"
    if _MAPBOX_SECRET.match(text):
        return "a Mapbox secret token (sk.)"
    if _SANITY_TOKEN.match(text) and _looks_random(text[2:]):
        return "a Sanity API token (sk...)"
    role = _jwt_role(text)
    if role == "service_role":
        return "a Supabase service-role key (a JWT)"
    if role is not None and role != "anon" and not public_key:
        return "a JSON Web Token (eyJ...)"
    return None


def _looks_random(text: str) -> bool:
    """Upper- and lowercase letters and digits mixed: a token, not ``skyscraper-...``."""
    return (
        any(c.islower() for c in text)
        and any(c.isupper() for c in text)
        and any(c.isdigit() for c in text)
    )


def _jwt_role(text: str) -> str | None:
    """For a JWT (JWS or JWE compact form with a JSON header): its payload's ``role`` claim,
    or ``""`` when it has none or the payload is not readable. None when not a JWT."""
    if not text.startswith("eyJ") or len(text) > 16384:
        return None
    parts = text.split(".")
    if len(parts) not in (3, 5) or not all(_JWT_PART.match(p) for p in parts):
        return None
    header = _b64_json(parts[0])
    if not isinstance(header, dict):
        return None
    payload = _b64_json(parts[1]) if len(parts) == 3 else None
    role = payload.get("role") if isinstance(payload, dict) else None
    return role if isinstance(role, str) else ""


def _b64_json(part: str) -> object:
    import base64
    import binascii
    import json

    try:
        raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        return json.loads(raw)
    except (ValueError, binascii.Error, UnicodeDecodeError, RecursionError):
        return None  # RecursionError: json recurses, and a header can nest 4,000 deep
