"""The picture as SVG, laid out by stagelint: for the self-contained HTML tour.

Why stagelint lays it out itself: the drawing has a fixed structure — environments side by
side, services in one column, the stores they reach in the next — so the layout is a grid,
not a general graph problem. The judged environment is drawn left to right (services, then
stores) and the compared one mirrored (stores, then services), so that what they share
(SL104, SL304, SL406) is a short thick edge across the middle that nobody misses. Each
service box lists its connections as rows ("ports"), one per variable, in the same order on
both sides; edges leave from their row, so no edge needs a label of its own.

Every text is escaped; nothing is fetched (no fonts, no scripts, no images). Failing nodes
and rows link to their first rule's documentation in the same page (``#rule-SL301``), and
say on hover what each of their rules asks. Rule codes are never cut: a row too long for
its box loses the end of its variable's name, and a box's codes wrap onto more lines. A
not-checkable part carries the number of the note under the picture that says why.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from html import escape

from stagelint.explain.picture.graph import Edge, Node, Picture, State, codes_text, connection
from stagelint.model.tuples import NamedTuple

FONT = 12
CHAR = 7.3
"""Width of a character of the monospace font at :data:`FONT` pixels (a bound, not exact)."""
LINE = 17
PAD = 8
SERVICE_WIDTH = 280
STORE_WIDTH = 210
GAP = 70
"""Between the service column and the store column (room for service-to-service loops)."""
MIDDLE = 130
"""Between the two environments' store columns: where shared edges cross."""
MARGIN = 24
TOP = 56
VERTICAL_GAP = 22
MARKS: dict[State, str] = {"ok": "✓", "failing": "✗", "not checkable": "?", "not judged": "·"}
STATE_CLASS: dict[State, str] = {
    "ok": "ok",
    "failing": "failing",
    "not checkable": "unknown",
    "not judged": "compared",
}


def fit(text: str, width: float) -> str:
    """``text`` cut to what fits ``width`` pixels."""
    chars = max(1, int(width / CHAR))
    return text if len(text) <= chars else text[: chars - 1] + "…"


class _Box(NamedTuple):
    node: Node
    x: float
    y: float
    width: float
    height: float
    ports: dict[str, float]
    """Edge id -> y of its row (service boxes)."""
    mirrored: bool = False

    @property
    def centre_y(self) -> float:
        return self.y + self.height / 2


class _Layout(NamedTuple):
    width: float
    height: float
    boxes: dict[str, _Box]
    rows: dict[str, tuple[str, Edge | None, float]]
    """Row key -> (service node id, its edge or None for "not set", y)."""


def layout(picture: Picture, reasons: tuple[str, ...] = ()) -> _Layout:
    """Positions of every node and connection row."""
    envs = picture.environments
    two = len(envs) == 2
    col_service = [MARGIN, 0.0]
    col_store = [MARGIN + SERVICE_WIDTH + GAP, 0.0]
    if two:
        col_store[1] = col_store[0] + STORE_WIDTH + MIDDLE
        col_service[1] = col_store[1] + STORE_WIDTH + GAP
        width = col_service[1] + SERVICE_WIDTH + MARGIN
    else:
        width = col_store[0] + STORE_WIDTH + MARGIN
    boxes: dict[str, _Box] = {}
    rows: dict[str, tuple[str, Edge | None, float]] = {}
    y = TOP
    for name in picture.services:
        nodes = [picture.service_node(env, name) for env in envs]
        present = [n for n in nodes if n is not None]
        slots: list[str] = []
        for node in present:
            for edge in picture.edges_from(node.id):
                if edge.slot not in slots:
                    slots.append(edge.slot)
        header = max(_service_header_lines(n, reasons) for n in present)
        height = PAD * 2 + LINE * (header + len(slots))
        for index, service in enumerate(nodes):
            if service is None:
                continue
            box = _Box(service, col_service[index], y, SERVICE_WIDTH, height, {}, index == 1)
            edges = {e.slot: e for e in picture.edges_from(service.id)}
            for row, slot in enumerate(slots):
                row_y = y + PAD + LINE * (header + row) + LINE / 2
                found = edges.get(slot)
                if found is not None:
                    box.ports[found.id] = row_y
                rows[f"{service.id}:{row}"] = (service.id, found, row_y)
            boxes[service.id] = box
        y += height + VERTICAL_GAP
    bottom: float = y
    for index, environment in enumerate(envs):
        stores = [n for n in picture.nodes_in(environment) if n.kind != "service"]
        wanted: list[tuple[float, Node]] = []
        for node in stores:
            ports = [
                boxes[e.source].ports[e.id]
                for e in picture.edges_into(node.id)
                if e.source in boxes and e.id in boxes[e.source].ports
            ]
            wanted.append((min(ports) if ports else bottom, node))
        wanted.sort(key=lambda item: item[0])
        next_free: float = TOP
        for desired, node in wanted:
            size = PAD * 2 + LINE * _store_lines(node, reasons)
            top = max(next_free, desired - LINE / 2 - PAD)
            boxes[node.id] = _Box(node, col_store[index], top, STORE_WIDTH, size, {}, index == 1)
            next_free = top + size + VERTICAL_GAP / 2
        bottom = max(bottom, next_free)
    return _Layout(width, bottom + MARGIN, boxes, rows)


def _service_header_lines(node: Node, reasons: tuple[str, ...]) -> int:
    """The title, what the service is, then its own codes (as many lines as they take) or
    its not-checkable note."""
    return 2 + len(_service_status(node, reasons))


def _service_status(node: Node, reasons: tuple[str, ...]) -> list[str]:
    verdict = node.verdict
    if verdict.state == "failing":
        return textwrap.wrap(
            f"{MARKS['failing']} {codes_text(verdict.codes)}",
            _chars(SERVICE_WIDTH - 2 * PAD),
            subsequent_indent="  ",
        )
    if verdict.state == "not checkable":
        return [f"{MARKS['not checkable']} not checkable{_number(verdict.reason, reasons)}"]
    return []


def _chars(width: float) -> int:
    return max(1, int(width / CHAR))


def _number(reason: str | None, reasons: tuple[str, ...]) -> str:
    """`` [2]``: the note under the picture that says why, when there is one."""
    return f" [{reasons.index(reason) + 1}]" if reason in reasons else ""


def _store_status(node: Node, reasons: tuple[str, ...]) -> str:
    """What a store's title line ends with: its mark, then its codes or its note."""
    verdict = node.verdict
    if verdict.codes:
        return f"{MARKS[verdict.state]} {codes_text(verdict.codes)}"
    if verdict.state == "not checkable":
        return f"{MARKS['not checkable']}{_number(verdict.reason, reasons)}"
    return MARKS[verdict.state]


def _store_lines(node: Node, reasons: tuple[str, ...]) -> int:
    """Two lines (the title with the status, what identifies it), three when the status
    does not fit beside the title."""
    room = _chars(STORE_WIDTH - 2 * PAD)
    return 2 if len(node.title) + 2 + len(_store_status(node, reasons)) <= room else 3


class _Context(NamedTuple):
    picture: Picture
    plan: _Layout
    reasons: tuple[str, ...]
    """The not-checkable notes listed under the picture, numbered from 1."""
    rules: Mapping[str, str]
    """Rule code -> what the rule asks, one line (for tooltips)."""


def render(
    picture: Picture, reasons: tuple[str, ...] = (), rules: Mapping[str, str] | None = None
) -> str:
    """The ``<svg>`` element (inline, scalable: it fits its container). ``reasons`` are the
    numbered notes under the picture; ``rules`` say in a line what each rule code asks."""
    plan = layout(picture, reasons)
    context = _Context(picture, plan, reasons, rules or {})
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="deployment" role="img" '
        f'viewBox="0 0 {plan.width:.0f} {plan.height:.0f}" '
        f'preserveAspectRatio="xMidYMin meet" aria-labelledby="picture-title">',
        '<title id="picture-title">The deployment: services, the data stores and third '
        "parties they use, per environment</title>",
        _defs(),
    ]
    out.extend(_environment_titles(picture, plan))
    for edge in picture.edges:
        out.append(_edge(edge, context))
    for box in plan.boxes.values():
        out.append(_store(box, context) if box.node.kind != "service" else _service(box, context))
    out.append("</svg>")
    return "\n".join(out)


def _defs() -> str:
    heads = "".join(
        f'<marker id="arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="10" '
        f'markerHeight="10" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" '
        f'class="head {name}"/></marker>'
        for name in (*STATE_CLASS.values(), "shared")
    )
    return f"<defs>{heads}</defs>"


def _environment_titles(picture: Picture, plan: _Layout) -> list[str]:
    titles = []
    for index, environment in enumerate(picture.environments):
        role = "judged" if environment == picture.judged else "compared with it"
        if len(picture.environments) == 2:
            x = plan.width / 4 if index == 0 else plan.width * 3 / 4
        else:
            x = plan.width / 2
        titles.append(
            f'<text class="environment" x="{x:.0f}" y="{TOP - 22}" text-anchor="middle">'
            f"{escape(environment)} <tspan class='role'>({escape(role)})</tspan></text>"
        )
    if len(picture.environments) == 2:
        x = plan.width / 2
        titles.append(
            f'<line class="divider" x1="{x:.0f}" y1="{TOP - 40}" x2="{x:.0f}" '
            f'y2="{plan.height - MARGIN / 2:.0f}"/>'
        )
    return titles


def _link(codes: tuple[str, ...], body: str) -> str:
    if not codes:
        return body
    return f'<a href="#rule-{escape(codes[0])}">{body}</a>'


def _text(x: float, y: float, text: str, css: str = "", anchor: str = "start") -> str:
    extra = f' text-anchor="{anchor}"' if anchor != "start" else ""
    return f'<text class="{css}" x="{x:.1f}" y="{y:.1f}"{extra}>{escape(text)}</text>'


def _tooltip(node: Node, context: _Context) -> str:
    parts = [node.title, node.subtitle, ", ".join(node.files), node.values, node.verdict.state]
    if node.verdict.reason:
        parts.append(node.verdict.reason.replace("`", ""))
    return escape(" — ".join(p for p in parts if p) + _asks(node.verdict.codes, context))


def _asks(codes: tuple[str, ...], context: _Context) -> str:
    """One line per rule code: what the rule asks (the tooltip's explanation of a code)."""
    return "".join(f"\n{code} {context.rules.get(code, '')}".rstrip() for code in codes)


def _service(box: _Box, context: _Context) -> str:
    node = box.node
    state = node.verdict.state
    inner = box.width - 2 * PAD
    files = ", ".join(node.files) or "no config file"
    lines = [
        _text(box.x + PAD, box.y + PAD + LINE * 0.8, fit(node.title, inner - 20), "title"),
        _text(
            box.x + box.width - PAD,
            box.y + PAD + LINE * 0.8,
            MARKS[state],
            f"mark {STATE_CLASS[state]}",
            "end",
        ),
        _text(
            box.x + PAD,
            box.y + PAD + LINE * 1.8,
            fit(" · ".join(p for p in (node.subtitle, files, node.values) if p), inner),
            "detail",
        ),
    ]
    for number, status in enumerate(_service_status(node, context.reasons)):
        lines.append(
            _text(
                box.x + PAD,
                box.y + PAD + LINE * (2.8 + number),
                status,
                f"codes {STATE_CLASS[state]}",
            )
        )
    for node_id, edge, row_y in context.plan.rows.values():
        if node_id != node.id:
            continue
        lines.append(_port(box, edge, context, row_y))
    body = (
        f'<g class="node service {STATE_CLASS[state]}" id="node-{node.id}" '
        f'data-node="{node.id}"><title>{_tooltip(node, context)}</title>'
        f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width:.1f}" '
        f'height="{box.height:.1f}" rx="6"/>' + "".join(lines) + "</g>"
    )
    return _link(node.verdict.codes, body)


def _port(box: _Box, edge: Edge | None, context: _Context, row_y: float) -> str:
    inner = box.width - 2 * PAD
    if edge is None:
        return _text(box.x + PAD, row_y + FONT / 3, "not set here", "port missing")
    state, codes, reason = connection(edge, context.picture.nodes[edge.target])
    if codes:
        after = " " + codes_text(codes)
    elif state == "not checkable":
        after = _number(reason, context.reasons)
    else:
        after = ""
    # the codes (or the note) are what is wrong: the variable's name gives way to them
    text = fit(f"{MARKS[state]} {edge.label}", inner - len(after) * CHAR) + after
    tip = " ".join(edge.variables)
    if reason:
        tip += " — " + reason.replace("`", "")
    body = (
        f'<g class="port {STATE_CLASS[state]}"><title>{escape(tip + _asks(codes, context))}'
        f"</title>"
        f'<line x1="{box.x + 4:.1f}" y1="{row_y - LINE / 2:.1f}" x2="{box.x + box.width - 4:.1f}" '
        f'y2="{row_y - LINE / 2:.1f}" class="rule-line"/>'
        + _text(box.x + PAD, row_y + FONT / 3, text, f"port-text {STATE_CLASS[state]}")
        + "</g>"
    )
    return _link(codes, body)


def _store(box: _Box, context: _Context) -> str:
    node = box.node
    state = node.verdict.state
    inner = box.width - 2 * PAD
    status = _store_status(node, context.reasons)
    shape = (
        f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width:.1f}" height="{box.height:.1f}" '
        f'rx="{18 if node.kind in ("postgres", "redis") else 6}"/>'
    )
    beside = _store_lines(node, context.reasons) == 2
    title_room = inner - (len(status) + 1) * CHAR if beside else inner - 2 * CHAR
    texts = [
        _text(box.x + PAD, box.y + PAD + LINE * 0.8, fit(node.title, title_room), "title"),
        _text(
            box.x + box.width - PAD,
            box.y + PAD + LINE * 0.8,
            status if beside else MARKS[state],
            f"mark codes {STATE_CLASS[state]}",
            "end",
        ),
        _text(
            box.x + PAD, box.y + PAD + LINE * 1.8, fit(node.subtitle or "unknown", inner), "detail"
        ),
    ]
    if not beside:
        texts.append(
            _text(box.x + PAD, box.y + PAD + LINE * 2.8, status, f"codes {STATE_CLASS[state]}")
        )
    body = (
        f'<g class="node store {node.kind} {STATE_CLASS[state]}" id="node-{node.id}" '
        f'data-node="{node.id}">'
        f"<title>{_tooltip(node, context)}</title>{shape}" + "".join(texts) + "</g>"
    )
    return _link(node.verdict.codes, body)


def _edge(edge: Edge, context: _Context) -> str:
    source = context.plan.boxes.get(edge.source)
    target = context.plan.boxes.get(edge.target)
    if source is None or target is None:
        return ""
    if edge.kind == "shared":
        return _shared(edge, source, target, context)
    state = connection(edge, context.picture.nodes[edge.target])[0]
    css = STATE_CLASS[state]
    y1 = source.ports.get(edge.id, source.centre_y)
    if target.node.kind == "service":
        path = _loop(source, target, y1, edge)
    else:
        x1 = source.x if source.mirrored else source.x + source.width
        x2 = target.x + target.width if target.mirrored else target.x
        y2 = target.centre_y
        bend = (x2 - x1) / 2
        path = (
            f"M{x1:.1f},{y1:.1f} C{x1 + bend:.1f},{y1:.1f} {x2 - bend:.1f},{y2:.1f} "
            f"{x2:.1f},{y2:.1f}"
        )
    dash = ' stroke-dasharray="5 3"' if edge.kind == "cors" else ""
    return (
        f'<path class="edge {css}" d="{path}" marker-end="url(#arrow-{css})"{dash}>'
        f"<title>{escape(edge.label)}</title></path>"
    )


def _loop(source: _Box, target: _Box, y1: float, edge: Edge) -> str:
    """A service-to-service edge in the gap beside the service column."""
    lane = 14 + (int(edge.id.rsplit("_", 1)[-1]) % 6) * 10
    if source.mirrored:
        x = source.x
        out = x - lane
        x2 = target.x
    else:
        x = source.x + source.width
        out = x + lane
        x2 = target.x + target.width
    y2 = target.y + PAD + LINE * 0.5
    return f"M{x:.1f},{y1:.1f} L{out:.1f},{y1:.1f} L{out:.1f},{y2:.1f} L{x2:.1f},{y2:.1f}"


def _shared(edge: Edge, source: _Box, target: _Box, context: _Context) -> str:
    x1 = source.x + source.width
    x2 = target.x
    y1, y2 = source.centre_y, target.centre_y
    mid = (x1 + x2) / 2
    path = f"M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
    label_y = (y1 + y2) / 2 - 8
    codes = codes_text(edge.verdict.codes)
    body = (
        f'<g class="shared" data-edge="{edge.id}"><title>{escape(edge.qualifier)}: '
        f"{escape(' '.join(edge.variables))}{escape(_asks(edge.verdict.codes, context))}</title>"
        f'<path class="edge shared" d="{path}" marker-end="url(#arrow-shared)"/>'
        + _text(mid, label_y, "SHARED", "shared-label", "middle")
        + _text(mid, label_y + LINE, codes, "shared-codes", "middle")
        + "</g>"
    )
    return _link(edge.verdict.codes, body)
