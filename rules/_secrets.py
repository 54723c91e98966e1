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

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import pairwise
from typing import TYPE_CHECKING, Literal, NamedTuple

from stagelint.policy.fingerprint import (
    SecretPart,
    holds_no_secret,
    is_placeholder_password,
    is_secret_key,
    is_url,
    secret_part,
    url_password,
)

if TYPE_CHECKING:
    from stagelint.policy.rule import Context

__all__ = [
    "DEFAULT_MIN_LENGTH",
    "Finding",
    "SecretPart",
    "config_key_name",
    "holds_no_secret",
    "is_placeholder_password",
    "is_secret_key",
    "is_url",
    "min_length",
    "secret_part",
    "server_credential",
    "url_password",
    "urls_in",
    "weakness",
]

DEFAULT_MIN_LENGTH = 32
"""SL101's default: RFC 7518 §3.2 asks 256 bits for HS256 keys; Auth.js 32 characters."""

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
_URL_BODY = re.compile(r"[^\s'\"`<>]+")


def config_key_name(key: str) -> str:
    """A config file's property name as an env-style key: ``apiToken`` -> ``API_TOKEN``."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key)
    return re.sub(r"[^A-Za-z0-9]+", "_", spaced).strip("_").upper()


def min_length(ctx: Context) -> int:
    """SL101's ``min_length`` as the active policy configures it: SL103 leaves shorter
    secrets to SL101 (one finding, one diagnostic)."""
    value = ctx.policy.rule_config("SL101").options.get("min_length", DEFAULT_MIN_LENGTH)
    return value if isinstance(value, int) and value > 0 else DEFAULT_MIN_LENGTH


# ------------------------------------------------------------------ SL103 weakness detectors

_ORDERS = (
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789",
    "1234567890",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
)
"""Orderings a typed sequence walks: the alphabet, the digits, the keyboard's rows."""
_SEPARATORS = r"[-_.:+/=\s]"
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a"})
_WORDS = tuple(
    sorted(
        {
            # the passwords every breach list opens with
            "password",
            "passwd",
            "secret",
            "admin",
            "root",
            "letmein",
            "welcome",
            "qwerty",
            "changeme",
            "changethis",
            "default",
            "master",
            "dragon",
            "monkey",
            "shadow",
            "sunshine",
            "iloveyou",
            "football",
            "baseball",
            "superman",
            "batman",
            "trustno",
            "hello",
            "love",
            "super",
            "guest",
            "login",
            "access",
            "private",
            "public",
            "random",
            "string",
            "strong",
            "please",
            "replace",
            "generate",
            "generated",
            "foobar",
            "foo",
            "bar",
            "baz",
            "lorem",
            "ipsum",
            "dummy",
            "temp",
            "test",
            "testing",
            "value",
            # words of this stack that hand-made secrets are built from
            "staging",
            "stage",
            "production",
            "prod",
            "develop",
            "development",
            "dev",
            "local",
            "demo",
            "example",
            "sample",
            "preview",
            "jwt",
            "token",
            "key",
            "session",
            "csrf",
            "auth",
            "nextauth",
            "cookie",
            "webhook",
            "signing",
            "sign",
            "user",
            "shop",
            "store",
            "app",
            "api",
            "web",
            "server",
            "backend",
            "frontend",
            "company",
            "sanity",
            "lemon",
            "squeezy",
            "railway",
            "vercel",
            "neon",
            "redis",
            "postgres",
            "database",
            "supabase",
            "mysecret",
        },
        key=len,
        reverse=True,
    )
)
"""Dictionary words for "a dictionary word padded out" (matched case-insensitively, with
common digit-for-letter swaps: ``p4ssw0rd``). Only flagged when the rest is padding, so a
word that random text happens to contain never makes a strong secret weak."""

Weakness = Literal["repeated", "cycle", "sequence", "padded-word", "low-entropy"]


class Finding(NamedTuple):
    """Why a secret is weak: a detector's name and a value-free explanation."""

    weakness: Weakness
    reason: str


def period(text: str) -> int | None:
    """The shortest period of ``text`` when it repeats at least twice (``abcabcab`` -> 3).

    Linear time (the longest proper border, as in Knuth-Morris-Pratt): values come from
    the linted repository, so no quadratic scan over a crafted one."""
    size = len(text)
    if size < 2:
        return None
    if size >= 8:
        # a period p <= size/2 repeats the first 4 characters at p: random values never do,
        # and str.find answers in C what the loop below answers character by character
        again = text.find(text[:4], 1)
        if again == -1 or again > size // 2:
            return None
    border = [0] * size
    for i in range(1, size):
        k = border[i - 1]
        while k and text[i] != text[k]:
            k = border[k - 1]
        if text[i] == text[k]:
            k += 1
        border[i] = k
    step = size - border[-1]
    return step if step <= size // 2 else None


def _step_table() -> dict[tuple[str, str], frozenset[tuple[int, int]]]:
    steps: dict[tuple[str, str], set[tuple[int, int]]] = {}
    for number, order in enumerate(_ORDERS):
        for a, b in pairwise(order):
            steps.setdefault((a, b), set()).add((number, 1))
            steps.setdefault((b, a), set()).add((number, -1))
    return {pair: frozenset(found) for pair, found in steps.items()}


_STEPS = _step_table()
"""(ordering, +1 or -1) for each ordering in which the pair's second character is next to
its first (lowercase pairs only; every other pair steps nowhere)."""
_NO_STEP: frozenset[tuple[int, int]] = frozenset()


_TRIPLES = frozenset(
    run
    for order in _ORDERS
    for start in range(len(order) - 2)
    for run in (order[start : start + 3], order[start : start + 3][::-1])
)
"""Every run of 3 that steps one way through one ordering (``abc``, ``cba``, ``qwe``)."""


def sequence_share(text: str) -> float:
    """The share of characters inside runs of 3+ characters that step one way through one
    ordering (``abcdef``, ``4321``, ``qwerty``). Random text scores about 0.05; so do words,
    whose neighbouring letters (``er``, ``rs``) rarely continue one ordering."""
    folded = text.lower()  # may be longer than text (İ): only asked whether a run exists
    if not any(folded[i : i + 3] in _TRIPLES for i in range(len(folded) - 2)):
        return 0.0  # most values hold no run of 3: skip the per-character work below
    lowered = [c.lower() for c in text]  # per character: a few lowercase to two
    steps = [_STEPS.get(pair, _NO_STEP) for pair in pairwise(lowered)]
    steps.append(_NO_STEP)
    covered = [False] * len(text)
    start, current = 0, frozenset[tuple[int, int]]()
    for i in range(1, len(text) + 1):
        step = steps[i - 1]
        joined = current & step if current else step
        if joined:
            current = joined
            continue
        if i - start >= 3:
            covered[start:i] = [True] * (i - start)
        # the pair (i - 1, i) may start the next run
        start, current = (i - 1, step) if step else (i, frozenset())
    return sum(covered) / len(text)


def shannon_entropy(text: str) -> float:
    """Bits per character of the value's own character distribution, with the Miller-Madow
    correction for its length: the plain estimate of a short sample is biased low (32
    random digits would measure about 3.1 of their 3.32 bits, and one in six below 3)."""
    counts = Counter(text)
    size = len(text)
    if not size:
        return 0.0
    plain = -sum(n / size * math.log2(n / size) for n in counts.values())
    return plain + (len(counts) - 1) / (2 * size * math.log(2))


def character_class(text: str) -> str | None:
    """``lowercase letters``, ``uppercase letters``, ``digits`` or ``symbols`` when every
    character of ``text`` is of that one class; None for a mix."""
    classes = {
        "lowercase letters" if c.islower() else
        "uppercase letters" if c.isupper() else
        "digits" if c.isdigit() else
        "symbols"
        for c in text
    }  # fmt: skip
    return classes.pop() if len(classes) == 1 else None


def _is_padding(chunk: str) -> bool:
    """A piece beside dictionary words that adds little: short, few distinct characters,
    repeated or sequential."""
    return (
        len(chunk) < 8
        or len(set(chunk)) <= 4
        or period(chunk) is not None
        or sequence_share(chunk) >= 0.5
    )


@functools.cache
def _word_finder() -> Callable[[str], Iterator[re.Match[str]]]:
    """The longest word starting at each position (a lookahead finds overlapping words): one
    pass in C instead of a search per word, 2.5 times faster. Compiled on first use: the
    pattern costs a few milliseconds to compile, and most runs never judge a secret."""
    words = "|".join(re.escape(word) for word in _WORDS)  # longest first
    return re.compile(f"(?=({words}))").finditer


def _lower_in_place(text: str) -> str:
    """``text.lower()`` with one character per character, so that indices still match:
    a few characters lowercase to two (``İ`` to ``i̇``)."""
    if text.isascii():
        return text.lower()
    return "".join(c.lower()[0] for c in text)


def padded_word(text: str) -> bool:
    """The value is dictionary words padded out: every piece between the words (separators
    dropped) is padding (``supersecretpassword1234567890!!``, ``my-staging-jwt-2026...``)."""
    folded = _lower_in_place(text).translate(_LEET)
    covered = [False] * len(text)
    for match in _word_finder()(folded):
        start, end = match.span(1)
        covered[start:end] = [True] * (end - start)
    if not any(covered):
        return False
    rest = "".join(c if not hit else " " for c, hit in zip(text, covered, strict=True))
    return all(_is_padding(re.sub(_SEPARATORS, "", chunk)) for chunk in rest.split(" "))


MAX_JUDGED_LENGTH = 4096
"""Longer values are not judged for weakness: no generator makes them, and the detectors
cost about 40 bytes and 3 µs per character (a 9 MB value took 30 s and 400 MB)."""


def weakness(text: str) -> Finding | None:
    """The first weakness found, in the order of RULES.md: repetition, sequence,
    padded dictionary word, one character class with under 3 bits per character."""
    if len(text) > MAX_JUDGED_LENGTH:
        return None
    step = period(text)
    if step == 1:
        return Finding("repeated", "repeats one character")
    if step is not None:
        return Finding("cycle", f"repeats a {step}-character pattern")
    if sequence_share(text) >= 0.5:
        return Finding("sequence", "is mostly a run of sequential characters (abcdef, 123456)")
    if padded_word(text):
        return Finding("padded-word", "is a dictionary word padded out")
    kind = character_class(text)
    if kind is None:
        return None
    entropy = shannon_entropy(text)
    if entropy < 3.0:
        return Finding(
            "low-entropy",
            f"uses only {kind} with {entropy:.1f} bits of entropy per character (under 3)",
        )
    return None


# --------------------------------------------------------------- SL106 credential shapes

_PHX = r"^phx_[A-Za-z0-9_]{20,}$"
_STRIPE = r"^[sr]k_(live|test)_[A-Za-z0-9]{16,}$"
_SUPABASE_SECRET = r"^sb_secret_[A-Za-z0-9_-]{16,}$"
_SANITY_TOKEN = r"^sk[A-Za-z0-9_-]{40,}$"
_MAPBOX_SECRET = r"^sk\.eyJ[A-Za-z0-9_.-]{20,}$"
_JWT_PART = r"^[A-Za-z0-9_-]*$"


def server_credential(text: str, public_key: bool = False) -> str | None:
    """What server-only credential ``text`` looks like (``a PostHog personal API key``), or
    None. ``public_key``: the variable is designed to be public, so only shapes that are
    never public count (an unknown JWT there may be a public one, e.g. an anon key)."""
    if re.match(_PHX, text):
        return "a PostHog personal API key (phx_)"
    if re.match(_STRIPE, text):
        return "a Stripe secret key"
    if re.match(_SUPABASE_SECRET, text):
        return "a Supabase secret key (sb_secret_)"
    if re.match(_MAPBOX_SECRET, text):
        return "a Mapbox secret token (sk.)"
    if re.match(_SANITY_TOKEN, text) and _looks_random(text[2:]):
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
    if len(parts) not in (3, 5) or not all(re.match(_JWT_PART, p) for p in parts):
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
