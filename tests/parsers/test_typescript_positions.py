"""Locations of TypeScript nodes (:class:`stagelint.parsers.typescript.Positions`): read
off tree-sitter's points where they are lines and code-point columns, and equal, node for
node, to the ones the line index computes from byte offsets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from stagelint.model.deployment import Location
from stagelint.model.source import SourceText
from stagelint.parsers import typescript
from tests.corpus import CORPUS, corpus_available

ROOT = Path(__file__).resolve().parents[2]
SUFFIXES = (".ts", ".mts", ".js", ".mjs", ".tsx", ".jsx")


def _nodes(node: typescript.Node) -> Iterator[typescript.Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(current.children)


def _by_offsets(parsed: typescript.ParsedFile, node: typescript.Node) -> Location:
    positions = parsed.positions
    return positions.span(node.start_byte, node.end_byte)


def _check(path: str, text: str) -> int:
    parsed = typescript.parse(SourceText(path, text))
    count = 0
    for node in _nodes(parsed.root):
        assert parsed.location(node) == _by_offsets(parsed, node), (path, node)
        count += 1
    return count


@pytest.mark.parametrize(
    "text",
    [
        "",
        "export default {}\n",
        "export default {\n  a: 'x',\n  b: [1, 2,\n    3],\n}",  # no final newline
        "const x = {\n  a: 'unterminated\n}\n",  # errors and zero-width MISSING nodes
        "const s = 'é';\nexport default { s }\n",  # non-ASCII: byte offsets, not points
        "const a = 1;\r\nexport default { a }\r\n",  # CRLF: line index
        "const a = 1;\rexport default { a }\r",  # lone CR ends a line for the index
        "\n\n\nexport default { deep: { deeper: { deepest: `t${1}` } } }\n\n",
    ],
)
def test_points_and_offsets_agree(text: str) -> None:
    assert _check("railway.ts", text) >= 1


def test_points_and_offsets_agree_on_every_shipped_and_corpus_file() -> None:
    files = [
        p
        for p in (ROOT / "examples").rglob("*")
        if p.suffix in SUFFIXES and "node_modules" not in p.parts
    ]
    if corpus_available():
        files += [p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in SUFFIXES]
    checked = 0
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        checked += _check(path.name, text)
    assert checked > 100
