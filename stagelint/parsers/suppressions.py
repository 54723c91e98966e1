"""Inline suppression comments: ``# stagelint: ignore[...]`` in any file that has comments.

An env file line, TOML line or JS/TS line can silence named rules::

    JWT_SECRET_KEY=${{shared.JWT}}   # stagelint: ignore[SL101] rotated by the vault job
    # stagelint: ignore[SL005, secret-too-short] legacy loader reads this file
    LEGACY KEY=value
    dataset: 'production', // stagelint: ignore[SL203] the demo studio shows live content

A suppression applies to its own line, and to the next line when the comment stands alone
on its line. Codes or rule names are required: a blanket ``ignore`` would hide tomorrow's
findings too. JSON has no comments: use ``per-file-ignores`` for ``railway.json`` and
``vercel.json``. Suppressions that silence nothing, or name unknown rules, are reported by
SL007 (unused-suppression), so they do not outlive the problem they excused. The loader
finds them as it reads each file; :mod:`stagelint.check.suppress` applies them after the rules ran.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from stagelint.model.deployment import Location, Suppression
from stagelint.model.regex import lazy
from stagelint.model.source import LineIndex

_DIRECTIVE = lazy(r"stagelint:\s*ignore(?:\[(?P<codes>[^\]]*)\])?(?P<reason>.*)$", re.IGNORECASE)


def find_suppressions(path: str, text: str, comments: Mapping[int, str]) -> list[Suppression]:
    """Suppression directives among a file's comments (``comments``: line -> text)."""
    candidates = [line for line, comment in comments.items() if "stagelint" in comment.lower()]
    if not candidates:
        return []
    index = LineIndex(text, path)
    found = []
    for line in sorted(candidates):
        start = index.line_start(line)
        end = index.line_start(line + 1) if line < index.line_count else len(text)
        line_text = text[start:end].rstrip("\r\n")
        comment = comments[line]
        match = _DIRECTIVE.search(comment)  # the comment only: a value is no directive
        if match is None:
            continue
        at = line_text.rfind(comment)  # the comment ends its line; a value may repeat it
        if at < 0:  # a block comment's lines, joined
            at = max(line_text.rfind(match.group(0)), 0) - match.start()
        column = at + match.start() + 1
        standalone = line_text.lstrip().startswith(("#", "//", "/*", "*"))
        codes = tuple(c.strip() for c in (match.group("codes") or "").split(",") if c.strip())
        found.append(
            Suppression(
                location=Location(path, line, column, line, column + len(match.group(0))),
                selectors=codes,
                lines=(line, line + 1) if standalone else (line,),
                reason=match.group("reason").strip(),
            )
        )
    return found
