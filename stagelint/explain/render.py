"""Drawing a document (:mod:`stagelint.explain.document`) for a terminal, for Markdown, or with
rich.

The explaining commands build a small document (headings, paragraphs, bullets, fields,
code blocks, tables, checklists) and render it in one of three ways:

- **Markdown** (``--format markdown`` and the generated ``docs/``): independent of the
  terminal, one line per paragraph, so that generated files diff cleanly.
- **Plain text** (piped output, ``NO_COLOR``, ``TERM=dumb``): ASCII decorations only (no box
  drawing, no ANSI codes), prose wrapped to the terminal width (``COLUMNS``, else 80) and
  never wider than :data:`PROSE_WIDTH`; code blocks are printed unbroken so that they can
  be copied.
- **rich** on a terminal: colour, real tables, wrapped code. rich is imported only here,
  only when a terminal asks for it, and plain text stands in when it is not installed.

Inline markup is a subset of Markdown: code spans in backticks and ``**bold**``.
"""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

from stagelint.explain.document import (
    Block,
    Bullets,
    Checklist,
    Code,
    Document,
    Fields,
    Figure,
    Heading,
    Paragraph,
    Status,
    Table,
    inline_spans,
    plain_inline,
)
from stagelint.model.regex import lazy

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

PROSE_WIDTH = 100
"""Prose is wrapped at this width at most: long lines are hard to read on wide terminals."""
MIN_WIDTH = 40
DEFAULT_WIDTH = 80


# --- Markdown out ------------------------------------------------------------------------

_MD_CELL = lazy(r"([|])")


def to_markdown(document: Document) -> str:
    """The document as Markdown (GitHub flavour), independent of any terminal."""
    out = [f"# {document.title}", ""]
    for block in document.blocks:
        out.extend(_markdown_block(block))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _markdown_block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [f"{'#' * max(2, block.level)} {block.text}"]
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, Bullets):
        return [f"{_marker(block, n)} {item}" for n, item in enumerate(block.items, 1)]
    if isinstance(block, Fields):
        return [f"- **{label}:** {value}" for label, value in block.pairs]
    if isinstance(block, Code):
        fence = "````" if "```" in block.text else "```"
        lines = [f"`{block.path}`:", ""] if block.path else []
        return [*lines, f"{fence}{block.language}", block.text.rstrip("\n"), fence]
    if isinstance(block, Table):
        lines = [_md_row(block.headers), "|" + "|".join("---" for _ in block.headers) + "|"]
        lines.extend(_md_row(row) for row in block.rows)
        return lines
    if isinstance(block, Figure):
        from stagelint.explain.picture.mermaid import flowchart, legend

        chart = flowchart(block.picture, block.notes).rstrip("\n")
        lines = ["```mermaid", chart, "```", "", legend(block.picture)]
        if block.picture.elsewhere:
            listed = ", ".join(f"{c} (`{p}`)" for c, p in block.picture.elsewhere)
            lines.extend(["", f"Not about a service: {listed}."])
        if block.notes:
            lines.append("")
            lines.extend(f"{n}. {note}" for n, note in enumerate(block.notes, 1))
        return lines
    lines = []
    for check in block.checks:
        lines.append(f"- **{check.status}** — {check.text}")
        lines.extend(f"  - {detail}" for detail in check.details)
    return lines


def _marker(block: Bullets, number: int) -> str:
    return f"{number}." if block.ordered else "-"


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_MD_CELL.sub(r"\\\1", c) or " " for c in cells) + " |"


# --- Plain text out ----------------------------------------------------------------------

_STATUS_WORDS: dict[Status, str] = {
    "passing": "passing",
    "failing": "FAILING",
    "not checkable": "not checkable",
    "not applicable": "n/a",
    "off": "off",
}


def terminal_width() -> int:
    """``COLUMNS``, else the terminal's width, else 80; never below :data:`MIN_WIDTH`."""
    columns = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    return max(MIN_WIDTH, columns)


def to_text(document: Document, width: int | None = None) -> str:
    """The document as plain text for ``width`` columns (ASCII decorations only)."""
    width = max(MIN_WIDTH, width or terminal_width())
    out = [document.title, "=" * min(len(document.title), width), ""]
    for block in document.blocks:
        out.extend(_text_block(block, width))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    prose = min(width, PROSE_WIDTH)
    return textwrap.wrap(
        text,
        prose,
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=True,
    ) or [first.rstrip()]


def _text_block(block: Block, width: int) -> list[str]:
    if isinstance(block, Heading):
        text = plain_inline(block.text)
        return [text, ("-" if block.level <= 2 else "~") * min(len(text), width)]
    if isinstance(block, Paragraph):
        return _wrap(plain_inline(block.text), width)
    if isinstance(block, Bullets):
        lines = []
        for number, item in enumerate(block.items, 1):
            marker = _marker(block, number) + " "
            lines.extend(_wrap(plain_inline(item), width, marker, " " * len(marker)))
        return lines
    if isinstance(block, Fields):
        label_width = min(max(len(label) for label, _ in block.pairs) + 2, width // 3)
        lines = []
        for label, value in block.pairs:
            head = f"{label}:".ljust(label_width)
            lines.extend(_wrap(plain_inline(value), width, head, " " * label_width))
        return lines
    if isinstance(block, Code):
        caption = [f"{block.path}:", ""] if block.path else []
        return [*caption, *("    " + line if line else "" for line in block.text.splitlines())]
    if isinstance(block, Table):
        return _text_table(block, width)
    if isinstance(block, Figure):
        from stagelint.explain.picture.terminal import ASCII, draw, plain

        return plain(draw(block.picture, width, ASCII))
    lines = []
    status_width = max(len(word) for word in _STATUS_WORDS.values()) + 2
    for check in block.checks:
        head = _STATUS_WORDS[check.status].ljust(status_width)
        lines.extend(_wrap(plain_inline(check.text), width, head, " " * status_width))
        for detail in check.details:
            indent = " " * (status_width + 2)
            lines.extend(_wrap(plain_inline(detail), width, indent, indent))
    return lines


def _text_table(table: Table, width: int) -> list[str]:
    """Columns separated by two spaces; the widest columns shrink (their cells wrap) until
    the table fits ``width``."""
    rows = [tuple(plain_inline(cell) for cell in row) for row in table.rows]
    columns = len(table.headers)
    natural = [max([len(table.headers[i]), *(len(row[i]) for row in rows)]) for i in range(columns)]
    widths = list(natural)
    floor = [max(6, len(header)) for header in table.headers]
    available = width - 2 * (columns - 1)
    while sum(widths) > available:
        candidates = [i for i in range(columns) if widths[i] > floor[i]]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i])
        widths[widest] -= 1

    def render_row(cells: Sequence[str]) -> list[str]:
        wrapped = [
            textwrap.wrap(cell, widths[i], break_on_hyphens=False) or [""]
            for i, cell in enumerate(cells)
        ]
        height = max(len(w) for w in wrapped)
        lines = []
        for line_no in range(height):
            parts = [
                (wrapped[i][line_no] if line_no < len(wrapped[i]) else "").ljust(widths[i])
                for i in range(columns)
            ]
            lines.append("  ".join(parts).rstrip())
        return lines

    out = render_row(table.headers)
    out.append("  ".join("-" * w for w in widths))
    for row in rows:
        out.extend(render_row(row))
    return out


# --- rich out ----------------------------------------------------------------------------

_LEXERS = {"dotenv": "bash", "ts": "typescript", "js": "javascript", "text": "text"}
_STATUS_STYLES: dict[Status, str] = {
    "passing": "bold green",
    "failing": "bold red",
    "not checkable": "yellow",
    "not applicable": "dim",
    "off": "dim",
}


def rich_available() -> bool:
    try:
        import rich  # noqa: F401
    except ImportError:
        return False
    return True


def to_rich(document: Document, console: Console) -> None:
    """Print the document on a rich console (colour, tables, wrapped code)."""
    from rich.constrain import Constrain
    from rich.padding import Padding
    from rich.text import Text

    console.print(Text(document.title, style="bold underline"))
    for block in document.blocks:
        console.print()
        renderable = _rich_block(block)
        if isinstance(block, (Paragraph, Bullets, Fields, Checklist)):
            renderable = Constrain(renderable, PROSE_WIDTH)
        if isinstance(block, Code):
            renderable = Padding(renderable, (0, 0, 0, 2))
        console.print(renderable)


def rich_text(text: str, style: str = "") -> Text:
    """Inline markup as a rich ``Text``: code spans in cyan, bold as bold."""
    from rich.text import Text

    result = Text(style=style)
    for kind, piece in inline_spans(text):
        result.append(piece, style={"code": "cyan", "bold": "bold"}.get(kind, ""))
    return result


def _rich_block(block: Block) -> RenderableType:
    from rich import box
    from rich.console import Group
    from rich.padding import Padding
    from rich.syntax import Syntax
    from rich.table import Table as RichTable
    from rich.text import Text

    if isinstance(block, Heading):
        return rich_text(block.text, "bold magenta" if block.level <= 2 else "bold")
    if isinstance(block, Paragraph):
        return rich_text(block.text)
    if isinstance(block, Bullets):
        grid = RichTable.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, justify="right" if block.ordered else "left")
        grid.add_column(overflow="fold")
        for number, item in enumerate(block.items, 1):
            grid.add_row(f"{number}." if block.ordered else "•", rich_text(item))
        return grid
    if isinstance(block, Fields):
        grid = RichTable.grid(padding=(0, 2))
        grid.add_column(style="bold", overflow="fold")
        grid.add_column(overflow="fold")
        for label, value in block.pairs:
            grid.add_row(label, rich_text(value))
        return grid
    if isinstance(block, Code):
        lexer = _LEXERS.get(block.language, block.language or "text")
        syntax = Syntax(
            block.text.rstrip("\n"), lexer, theme="ansi_dark", word_wrap=True, padding=(0, 1)
        )
        if block.path is None:
            return syntax
        return Group(Text(block.path, style="dim"), syntax)
    if isinstance(block, Figure):
        return _rich_figure(block)
    if isinstance(block, Table):
        table = RichTable(box=box.SIMPLE_HEAD, show_edge=False, header_style="bold")
        for header in block.headers:
            table.add_column(header, overflow="fold")
        for row in block.rows:
            table.add_row(*(rich_text(cell) for cell in row))
        return table
    grid = RichTable.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for check in block.checks:
        details = [Padding(rich_text(detail, "dim"), (0, 0, 0, 2)) for detail in check.details]
        body = Group(rich_text(check.text), *details)
        grid.add_row(Text(check.status, style=_STATUS_STYLES[check.status]), body)
    return grid


class _RichFigure:
    """The picture, drawn for the console's width when rich renders it."""

    def __init__(self, figure: Figure) -> None:
        self.figure = figure

    def __rich_console__(self, console: Console, options: Any) -> Any:
        from rich.text import Text

        from stagelint.explain.picture.terminal import UNICODE, draw

        for line in draw(self.figure.picture, options.max_width, UNICODE):
            text = Text(no_wrap=True, overflow="crop")
            for piece, style in line:
                text.append(piece, style=style)
            yield text


def _rich_figure(figure: Figure) -> RenderableType:
    return _RichFigure(figure)


# --- Choosing a rendering ----------------------------------------------------------------


def use_rich(stream: IO[str]) -> bool:
    """rich on a terminal only; plain text when piped, with ``NO_COLOR`` or ``TERM=dumb``,
    or when rich is not installed."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and rich_available()


def emit(document: Document, output_format: str, stream: IO[str]) -> None:
    """Write ``document`` as ``markdown`` or ``text`` (rich on a terminal, else plain)."""
    if output_format == "markdown":
        stream.write(to_markdown(document))
    elif output_format == "html":
        from stagelint.explain.picture.html import page

        stream.write(page(document))
    elif use_rich(stream):
        from rich.console import Console

        to_rich(document, Console(file=stream, highlight=False, soft_wrap=False))
    else:
        stream.write(to_text(document))


def emit_json(data: Any, stream: IO[str]) -> None:
    import json

    stream.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
