"""What a literal value is, found once per distinct value and read by every rule.

Rules ask the same questions of every binding — is it a placeholder, no secret whatever its
name (a boolean, a number), a URL, one holding a real password — and at 200 services those
questions were asked 50,000 to 80,000 times each for 24,000 bindings. Equal values share
one :class:`~stagelint.model.deployment.Value` (the loader interns them), so the answers
are kept on the value as bit flags: one small int per value, no object per answer.

The answers are those of the functions that define them (:func:`is_placeholder`,
:func:`~stagelint.policy.fingerprint.holds_no_secret`...); tests hold both to agree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stagelint.model.values import is_placeholder
from stagelint.policy.fingerprint import (
    SecretPart,
    holds_no_secret,
    is_placeholder_password,
    is_secret_key,
    is_url,
    url_password,
)

if TYPE_CHECKING:
    from stagelint.model.deployment import Value, Variable
    from stagelint.policy.catalogue import Catalogue

KNOWN = 1
"""Set on every computed answer, so that 0 means "not asked yet"."""
PLACEHOLDER = 2
"""A placeholder (:func:`~stagelint.model.values.is_placeholder`), empty included."""
NO_SECRET = 4
"""No secret whatever the variable's name: a boolean, a number, a URL without a password
(:func:`~stagelint.policy.fingerprint.holds_no_secret`)."""
URL = 8
"""A URL (``scheme://...``)."""
URL_PASSWORD = 16
"""A URL holding a password that is not a placeholder."""
URL_PLACEHOLDER_PASSWORD = 32
"""A URL holding a placeholder password (``[YOUR-PASSWORD]``, ``pass``)."""


def _compute(text: str) -> int:
    found = KNOWN
    if is_placeholder(text):
        found |= PLACEHOLDER
    if "://" in text and is_url(text):
        found |= URL
        password = url_password(text)
        if password is not None:
            placeholder = is_placeholder_password(password)
            found |= URL_PLACEHOLDER_PASSWORD if placeholder else URL_PASSWORD
        if text == text.strip():  # holds_no_secret's own test of an unpadded URL
            return found | NO_SECRET if password is None else found
    if holds_no_secret(text):
        found |= NO_SECRET
    return found


def _facts_of(value: Value) -> int:
    """The flags of ``value``, computed on first use and kept on it."""
    found = value.facts
    if not found:
        found = value.facts = _compute(value.reveal())
    return found


def judged_literal(var: Variable) -> str | None:
    """:func:`~stagelint.policy.rule.literal`, and None also for a placeholder
    (``changeme``, ``<your-key>``, empty: SL102 reports those): the text a value rule
    judges. Every call reveals a value: never put it in a message."""
    value = var.value
    if value is None or var.references or _facts_of(value) & PLACEHOLDER:
        return None
    return value.reveal()


def literal_facts(var: Variable) -> int:
    """The flags of the variable's literal value; 0 for a bare key and for a value that is
    or holds a reference (what :func:`~stagelint.policy.rule.literal` returns None for)."""
    value = var.value
    if value is None or var.references:
        return 0
    return _facts_of(value)


def secret_of(catalogue: Catalogue, var: Variable) -> SecretPart | None:
    """:func:`~stagelint.policy.fingerprint.secret_part` of the variable's literal value
    (None when it has none), from the value's flags."""
    value = var.value
    if value is None or var.references:
        return None
    found = _facts_of(value)
    if found & URL:
        if not found & URL_PASSWORD:
            return None
        password = url_password(value.reveal())
        assert password is not None  # URL_PASSWORD says there is one
        return SecretPart("url-password", password)
    if found & (PLACEHOLDER | NO_SECRET) or not is_secret_key(catalogue, var.key):
        return None
    return SecretPart("value", value.reveal())
