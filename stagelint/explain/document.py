"""The documents that ``explain``, ``rules`` and the docs build: blocks, not formatting.

A document is a title and blocks (headings, paragraphs, bullets, fields, code, tables,
checklists, the deployment's picture) whose text is a subset of Markdown (code spans and
``**bold**``). The explaining modules build documents; :mod:`stagelint.explain.render` draws them
for a terminal, Markdown or HTML. Building and drawing are apart so that what draws a
document (the picture's renderers among them) can read these types without importing
what builds them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from stagelint.model.regex import lazy

Status = Literal["passing", "failing", "not checkable", "not applicable", "off"]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Fields:
    """Label -> value lines (``Default severity: error``)."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Code:
    text: str
    language: str = ""
    path: str | None = None


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Check:
    """One checklist entry: its status, one line, and detail lines below it."""

    status: Status
    text: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Checklist:
    checks: tuple[Check, ...]


@dataclass(frozen=True)
class Figure:
    """The picture of the deployment (:mod:`stagelint.explain.picture`): box drawing in a terminal,
    a Mermaid flowchart in Markdown, SVG in HTML. ``notes`` say, in Markdown inline, why
    each "not checkable" part could not be judged."""

    picture: Any
    notes: tuple[str, ...] = ()


Block = Heading | Paragraph | Bullets | Fields | Code | Table | Checklist | Figure


@dataclass
class Document:
    """A title and blocks; built by the explaining modules, rendered here."""

    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self


# --- Markdown in, blocks out -------------------------------------------------------------

_FENCE = lazy(r"^```(?P<lang>[\w+-]*)(?P<attrs>[^`]*)$")
_PATH_ATTR = lazy(r'path="(?P<path>[^"]+)"')
_ITEM = lazy(r"^(?:[-*]|\d+\.)\s+")


def parse_markdown(text: str) -> list[Block]:
    """Blocks of the Markdown that rule docstrings use: paragraphs, bullet lists (with
    indented continuation lines) and fenced code blocks with an optional ``path="..."``."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    items: list[list[str]] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Paragraph(" ".join(paragraph)))
            paragraph.clear()
        if items:
            blocks.append(Bullets(tuple(" ".join(item) for item in items)))
            items.clear()

    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        index += 1
        fence = _FENCE.match(stripped) if stripped.startswith("```") else None
        if fence:
            flush()
            body: list[str] = []
            while index < len(lines) and lines[index].strip() != "```":
                body.append(lines[index])
                index += 1
            index += 1  # the closing fence
            path = _PATH_ATTR.search(fence.group("attrs"))
            code = textwrap.dedent("\n".join(body))
            blocks.append(Code(code, fence.group("lang"), path.group("path") if path else None))
        elif not stripped:
            if paragraph:
                flush()
        elif _ITEM.match(stripped) and not line.startswith((" ", "\t")):
            if paragraph:
                flush()
            items.append([_ITEM.sub("", stripped)])
        elif items and line.startswith((" ", "\t")):
            items[-1].append(stripped)
        else:
            if items:
                flush()
            paragraph.append(stripped)
    flush()
    return blocks


_INLINE = lazy(r"(`[^`]+`|\*\*[^*]+\*\*)")


def inline_spans(text: str) -> Iterator[tuple[str, str]]:
    """(kind, text) pieces of inline markup: ``plain``, ``code`` or ``bold``."""
    for piece in _INLINE.split(text):
        if not piece:
            continue
        if piece.startswith("`") and piece.endswith("`") and len(piece) > 1:
            yield "code", piece[1:-1]
        elif piece.startswith("**") and piece.endswith("**") and len(piece) > 3:
            yield "bold", piece[2:-2]
        else:
            yield "plain", piece


def plain_inline(text: str) -> str:
    """Inline markup for plain text: code spans keep their backticks (they delimit literal
    names such as `${{Neon.DATABASE_URL}}`), bold loses its asterisks."""
    return "".join(f"`{t}`" if kind == "code" else t for kind, t in inline_spans(text))


def join_words(words: Iterable[str], last: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def compact_codes(codes: list[str]) -> str:
    """``SL001, SL002, SL003`` -> ``SL001-SL003``; other codes are listed."""
    parts: list[str] = []
    run: list[str] = []

    def number(code: str) -> tuple[str, int]:
        prefix = code.rstrip("0123456789")
        return prefix, int(code[len(prefix) :] or 0)

    for code in codes:
        if run and number(code) == (number(run[-1])[0], number(run[-1])[1] + 1):
            run.append(code)
            continue
        if run:
            parts.append(run[0] if len(run) < 3 else f"{run[0]}-{run[-1]}")
            parts.extend(run[1:] if len(run) < 3 else [])
        run = [code]
    if run:
        parts.append(run[0] if len(run) < 3 else f"{run[0]}-{run[-1]}")
        parts.extend(run[1:] if len(run) < 3 else [])
    return ", ".join(parts)
