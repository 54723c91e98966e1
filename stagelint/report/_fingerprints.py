"""Fingerprints that CI systems use to follow a finding from one run to the next.

:meth:`Diagnostic.identity` survives line moves, so two findings can share it: a key
defined three times gives two SL004 diagnostics with the same identity, and two project
roots can hold the same relative file. GitLab keeps only the first issue of a fingerprint
and GitHub merges alerts that share one, so repeats are numbered in report order (the
engine's order: path, then line), which line moves do not change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from stagelint.model.diagnostics import Diagnostic


def unique_fingerprints(diagnostics: Iterable[Diagnostic]) -> list[str]:
    """One fingerprint per diagnostic: its identity, or for the n-th repeat of an identity
    (n >= 2) the hash of ``identity:n``."""
    seen: dict[str, int] = {}
    result = []
    for diag in diagnostics:
        identity = diag.identity()
        count = seen[identity] = seen.get(identity, 0) + 1
        if count == 1:
            result.append(identity)
        else:
            result.append(hashlib.sha256(f"{identity}:{count}".encode()).hexdigest())
    return result
