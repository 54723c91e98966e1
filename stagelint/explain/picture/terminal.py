"""The picture in a terminal: environments side by side in boxes, within 80 columns.

Each service is a box per environment — the judged one on the left, the compared one on
the right — listing what it connects to, one connection per row, so that the same
connection sits on the same row in both environments. What staging shares with production
(SL104, SL304, SL406) is a thick arrow across the gap between them. Marks: ``✓`` ok,
``✗`` failing (the codes follow), ``?`` not checkable (a numbered note says why), ``·``
not judged.

Two character sets: Unicode box drawing on a terminal (with colour, through rich), ASCII
when piped (``+--+``, ``=>``), as the rest of the plain output. Narrower than 80 columns,
or with only one environment to show side by side, it falls back to an indented list.

The renderer returns lines of ``(text, style)`` segments; styles are rich style names,
dropped by the plain renderer.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from stagelint.explain.picture.graph import (
    Edge,
    Node,
    Picture,
    State,
    codes_text,
    connection,
    example_code,
    walk,
)
from stagelint.model.tuples import NamedTuple

Segment = tuple[str, str]
Line = list[Segment]

BOXES_FROM = 80
"""The narrowest terminal that gets boxes side by side; narrower ones get a list."""
GUTTER = 6
MAX_BOX = 50
STYLES: dict[State, str] = {
    "ok": "green",
    "failing": "bold red",
    "not checkable": "yellow",
    "not judged": "dim",
}
SHARED_STYLE = "bold red"


class Charset(NamedTuple):
    top_left: str
    top_right: str
    bottom_left: str
    bottom_right: str
    horizontal: str
    vertical: str
    arrow: str
    shared: str
    shared_head: str
    marks: dict[State, str]
    ellipsis: str


UNICODE = Charset(
    "┌",
    "┐",
    "└",
    "┘",
    "─",
    "│",
    "▶",
    "━",
    "▶",
    {"ok": "✓", "failing": "✗", "not checkable": "?", "not judged": "·"},
    "…",
)
ASCII = Charset(
    "+",
    "+",
    "+",
    "+",
    "-",
    "|",
    ">",
    "=",
    ">",
    {"ok": "v", "failing": "X", "not checkable": "?", "not judged": "."},
    "~",
)


class _Notes:
    """Numbered reasons for "not checkable", each written once."""

    def __init__(self) -> None:
        self.reasons: list[str] = []

    def number(self, reason: str | None) -> str:
        if not reason:
            return ""
        if reason not in self.reasons:
            self.reasons.append(reason)
        return f"[{self.reasons.index(reason) + 1}]"


def draw(picture: Picture, width: int, charset: Charset = UNICODE) -> list[Line]:
    """The picture for a terminal of ``width`` columns: boxes side by side when they fit,
    else a list; then the legend and the notes its marks refer to."""
    notes = _Notes()
    if len(picture.environments) == 2 and width >= BOXES_FROM:
        lines = _boxes(picture, width, charset, notes)
    else:
        lines = _list(picture, width, charset, notes)
    lines.append([])
    lines.extend(_legend(picture, width, charset))
    if picture.elsewhere:
        text = f"{charset.marks['failing']} not about a service: " + ", ".join(
            f"{code} ({path})" for code, path in picture.elsewhere
        )
        lines.extend(_wrapped(text, width, "    ", STYLES["failing"]))
    for number, reason in enumerate(notes.reasons, 1):
        lines.extend(_wrapped(f"[{number}] {reason}", width, "    ", "dim"))
    return lines


def plain(lines: Iterable[Line]) -> list[str]:
    return ["".join(text for text, _ in line).rstrip() for line in lines]


def _wrapped(text: str, width: int, indent: str, style: str, first: str = "") -> list[Line]:
    chunks = textwrap.wrap(
        text,
        width,
        initial_indent=first,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=True,
    )
    return [[(chunk, style)] for chunk in chunks]


def _how_to_read(picture: Picture) -> str:
    code = example_code(picture)
    return f": stagelint explain {code}" if code else ""


def _legend(picture: Picture, width: int, charset: Charset) -> list[Line]:
    marks = charset.marks
    parts = [
        (f"{marks['ok']} ok", STYLES["ok"]),
        (f"{marks['failing']} failing (rule codes{_how_to_read(picture)})", STYLES["failing"]),
        (f"{marks['not checkable']} not checkable [note]", STYLES["not checkable"]),
    ]
    if picture.compared:
        parts.append((f"{marks['not judged']} not judged ({picture.compared} is compared)", ""))
        parts.append(
            (
                f"{charset.shared * 2}{charset.shared_head} shared with {picture.compared}",
                SHARED_STYLE,
            )
        )
    lines: list[Line] = [[]]
    used = 0
    for text, style in parts:
        if used and used + 2 + len(text) > width:
            lines.append([])
            used = 0
        if used:
            lines[-1].append(("  ", ""))
            used += 2
        lines[-1].append((text, style))
        used += len(text)
    return lines


# --- Side by side ------------------------------------------------------------------------


def _fit(text: str, width: int, charset: Charset) -> str:
    """``text`` cut to ``width`` columns, the cut marked."""
    mark = charset.ellipsis
    return text if len(text) <= width else text[: max(0, width - len(mark))] + mark


def _target_text(node: Node) -> str:
    return node.short or node.title


def _cell_slot(edge: Edge, target: Node, inner: int, charset: Charset, notes: _Notes) -> list[Line]:
    """Two or more lines: where the connection goes, then its variable, how (pooled,
    test mode) and the codes."""
    state, codes, reason = connection(edge, target)
    mark = charset.marks[state]
    head_width = inner - 2
    first = f"{charset.arrow} {_fit(_target_text(target), head_width - 2, charset)}"
    lines: list[Line] = [[(first.ljust(head_width), ""), (f" {mark}", STYLES[state])]]
    note = notes.number(reason) if state == "not checkable" else ""
    words = [_fit(edge.primary, inner - 2, charset)]
    words += [edge.qualifier] if edge.qualifier else []
    words += [*codes_text(codes).split(), note] if codes else [note]
    lines.extend(_pack([w for w in words if w], inner, "  ", STYLES[state]))
    return lines


def _pack(words: list[str], inner: int, indent: str, style: str) -> list[Line]:
    """Words on lines of ``inner`` columns: the first (the variable) plain, the others
    (codes, a note number) in ``style``; continuation lines indented further."""
    line: Line = [(indent + words[0], "")]
    used = len(indent) + len(words[0])
    lines: list[Line] = []
    for word in words[1:]:
        if used + 1 + len(word) > inner:
            lines.append(line)
            line = [(indent + "  ", ""), (word, style)]
            used = len(indent) + 2 + len(word)
        else:
            line.append((" " + word, style))
            used += 1 + len(word)
    lines.append(line)
    return lines


def _fit_path(path: str, width: int, charset: Charset) -> str:
    """A path cut from the left, keeping its file name: ``~end/api/railway.json``."""
    mark = charset.ellipsis
    return path if len(path) <= width else mark + path[len(path) - width + len(mark) :]


def _service_lines(node: Node, inner: int, charset: Charset, notes: _Notes) -> list[Line]:
    files = node.files[0] if node.files else "no config file"
    more = f" +{len(node.files) - 1}" if len(node.files) > 1 else ""
    head = f"{node.subtitle} · " if node.subtitle else ""
    room = max(8, inner - len(head) - len(more))
    about = head + _fit_path(files, room, charset) + more
    lines: list[Line] = [[(_fit(about, inner, charset), "dim")]]
    if node.values:
        lines.append([(_fit(f"values: {node.values}", inner, charset), "dim")])
    verdict = node.verdict
    if verdict.state == "failing":
        text = f"{charset.marks['failing']} {codes_text(verdict.codes)}"
        lines.extend(_wrapped(text, inner, "  ", STYLES["failing"]))
    elif verdict.state == "not checkable":
        text = f"{charset.marks['not checkable']} {notes.number(verdict.reason)}"
        lines.append([(text, STYLES["not checkable"])])
    return lines


class _Cell(NamedTuple):
    header: Line
    lines: list[Line]


def _boxes(picture: Picture, width: int, charset: Charset, notes: _Notes) -> list[Line]:
    box = min(MAX_BOX, (width - GUTTER) // 2)
    inner = box - 4
    left_env, right_env = picture.environments
    assert right_env is not None
    out: list[Line] = []
    titles = [
        (f"{left_env} (judged)".center(box), "bold"),
        (" " * GUTTER, ""),
        (f"{right_env} (compared)".center(box), "bold"),
    ]
    out.append(titles)
    crossing = picture.crossing()
    gap: Segment = (" " * GUTTER, "")
    for name in picture.services:
        left = picture.service_node(left_env, name)
        right = picture.service_node(right_env, name)
        if left is None or right is None:
            continue
        slots = _slot_order(picture, left, right)
        blocks_left = _service_lines(left, inner, charset, notes)
        blocks_right = _service_lines(right, inner, charset, notes)
        rows: list[tuple[Line, Line, bool]] = []
        arrow_at_header = any(e.source == left.id for e in crossing)
        _pair(rows, blocks_left, blocks_right, inner)
        for slot in slots:
            edge_left = _edge_in(picture, left, slot)
            edge_right = _edge_in(picture, right, slot)
            cell_left = (
                _cell_slot(edge_left, picture.nodes[edge_left.target], inner, charset, notes)
                if edge_left
                else [[(f"  not set in {left_env}", "dim")]]
            )
            cell_right = (
                _cell_slot(edge_right, picture.nodes[edge_right.target], inner, charset, notes)
                if edge_right
                else [[(f"  not set in {right_env}", "dim")]]
            )
            shared = edge_left is not None and any(e.source == edge_left.target for e in crossing)
            start = len(rows)
            _pair(rows, cell_left, cell_right, inner)
            if shared:
                rows[start] = (rows[start][0], rows[start][1], True)
        out.append([*_border(charset, box, left, True), gap, *_border(charset, box, right, True)])
        for index, (l_line, r_line, shared) in enumerate(rows):
            gutter: Line = [(" " * GUTTER, "")]
            if shared or (index == 0 and arrow_at_header):
                gutter = [(charset.shared * (GUTTER - 1) + charset.shared_head, SHARED_STYLE)]
            out.append(_boxed(l_line, inner, charset) + gutter + _boxed(r_line, inner, charset))
        out.append([*_border(charset, box, left, False), gap, *_border(charset, box, right, False)])
    return out


def _pair(
    rows: list[tuple[Line, Line, bool]], left: list[Line], right: list[Line], inner: int
) -> None:
    for index in range(max(len(left), len(right))):
        rows.append(
            (
                left[index] if index < len(left) else [],
                right[index] if index < len(right) else [],
                False,
            )
        )


def _slot_order(picture: Picture, left: Node, right: Node) -> list[str]:
    slots: list[str] = []
    for node in (left, right):
        for edge in picture.edges_from(node.id):
            if edge.slot not in slots:
                slots.append(edge.slot)
    return slots


def _edge_in(picture: Picture, node: Node, slot: str) -> Edge | None:
    return next((e for e in picture.edges_from(node.id) if e.slot == slot), None)


def _border(charset: Charset, box: int, node: Node, top: bool) -> Line:
    if not top:
        return [(charset.bottom_left + charset.horizontal * (box - 2) + charset.bottom_right, "")]
    mark = charset.marks[node.verdict.state]
    title = f" {node.title} "
    fill = box - 2 - len(title) - 4
    if fill < 1:
        title = " " + _fit(node.title, box - 9, charset) + " "
        fill = box - 2 - len(title) - 4
    return [
        (charset.top_left + charset.horizontal, ""),
        (title, "bold"),
        (charset.horizontal * fill + " ", ""),
        (mark, STYLES[node.verdict.state]),
        (" " + charset.top_right, ""),
    ]


def _boxed(line: Line, inner: int, charset: Charset) -> Line:
    length = sum(len(text) for text, _ in line)
    pad = max(0, inner - length)
    return [(charset.vertical + " ", ""), *line, (" " * pad + " " + charset.vertical, "")]


# --- The list ----------------------------------------------------------------------------


def _list(picture: Picture, width: int, charset: Charset, notes: _Notes) -> list[Line]:
    out: list[Line] = []
    marks = charset.marks
    for environment in picture.environments:
        role = "judged" if environment == picture.judged else "compared"
        out.append([(f"{environment} ({role})", "bold")])
        for node, edges in walk(picture, environment):
            verdict = node.verdict
            files = ", ".join(node.files) or "no config file"
            values = f"; values {node.values}" if node.values else ""
            head = f"{marks[verdict.state]} {node.title} ({node.subtitle}; {files}{values})"
            if verdict.codes:
                head += " " + codes_text(verdict.codes)
            elif verdict.state == "not checkable":
                head += " " + notes.number(verdict.reason)
            out.extend(_wrapped(head, width, "      ", STYLES[verdict.state], "  "))
            for edge in edges:
                target = picture.nodes[edge.target]
                state, codes, reason = connection(edge, target)
                text = f"{marks[state]} {charset.arrow} {_target_text(target)} via {edge.label}"
                if codes:
                    text += " " + codes_text(codes)
                elif state == "not checkable":
                    text += " " + notes.number(reason)
                out.extend(_wrapped(text, width, "        ", STYLES[state], "    "))
        if environment == picture.judged:
            for edge in picture.crossing():
                source = picture.nodes[edge.source]
                text = (
                    f"{charset.shared * 2}{charset.shared_head} {_target_text(source)}: "
                    f"{' '.join(edge.variables)} {edge.qualifier} "
                    f"{codes_text(edge.verdict.codes)}"
                )
                out.extend(_wrapped(text, width, "      ", SHARED_STYLE, "  "))
    return out
