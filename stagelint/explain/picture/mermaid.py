"""The picture as a Mermaid ``flowchart``: what ``--format markdown`` shows, so that the
tour renders as a drawing on GitHub and GitLab (and in a pull-request comment or a wiki).

One subgraph per environment, services as boxes, Postgres and Redis as cylinders, third
parties as rounded boxes; edges carry the variables. What staging shares with production is
a thick edge from one subgraph to the other. Statuses are classes (colours) *and* words in
the labels (``✗ SL301``), so the picture reads without colour too.

Labels hold names only (see :mod:`stagelint.explain.picture.graph`), and every character Mermaid
treats specially is written as an entity code, so no label can break out of its quotes.
"""

from __future__ import annotations

from stagelint.explain.picture.graph import (
    Edge,
    Node,
    Picture,
    State,
    codes_text,
    connection,
    example_code,
)

SHAPES = {
    "service": ('["', '"]'),
    "postgres": ('[("', '")]'),
    "redis": ('[("', '")]'),
    "web": ('{{"', '"}}'),
}
DEFAULT_SHAPE = ('(["', '"])')
CLASSES: dict[State, str] = {
    "ok": "ok",
    "failing": "failing",
    "not checkable": "unknown",
    "not judged": "compared",
}
CLASS_STYLES = {
    "ok": "fill:#e8f5e9,stroke:#2e7d32,color:#1b5e20",
    "failing": "fill:#ffebee,stroke:#c62828,stroke-width:3px,color:#b71c1c",
    "unknown": "fill:#fff8e1,stroke:#f9a825,stroke-dasharray:5 3,color:#6d4c00",
    "compared": "fill:#f5f5f5,stroke:#9e9e9e,color:#424242",
}
LINK_STYLES: dict[State, str] = {
    "failing": "stroke:#c62828,stroke-width:3px",
    "not checkable": "stroke:#f9a825,stroke-dasharray:5 3",
    "not judged": "stroke:#9e9e9e",
    "ok": "stroke:#2e7d32",
}
SHARED_STYLE = "stroke:#c62828,stroke-width:5px"
MARKS: dict[State, str] = {"ok": "✓", "failing": "✗", "not checkable": "?", "not judged": "·"}
_ENTITIES = {
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "#": "#35;",
    "&": "#amp;",
    "`": "#96;",
    "|": "#124;",
    "\n": " ",
    "\r": " ",
}


def escape(text: str) -> str:
    """``text`` safe inside a quoted Mermaid label."""
    return "".join(_ENTITIES.get(ch, ch) for ch in text)


def legend(picture: Picture) -> str:
    """One Markdown line under the drawing: what marks and colours mean."""
    code = example_code(picture)
    how = f": `stagelint explain {code}` says what a code asks" if code else ""
    parts = [
        "✓ ok (green)",
        f"✗ failing, with the rule codes (red){how}",
        "? not checkable (yellow, dashed; the numbered notes below say why)",
    ]
    if picture.compared:
        parts.append(f"· not judged: {picture.compared} is read only to compare (grey)")
        parts.append(f"a thick red edge: staging shares it with {picture.compared}")
    return "Legend: " + "; ".join(parts) + "."


def flowchart(picture: Picture, reasons: tuple[str, ...] = ()) -> str:
    """The Mermaid source (without the Markdown fence); not-checkable parts carry the
    number of their reason in ``reasons``."""
    lines = ["flowchart LR"]
    for index, environment in enumerate(picture.environments):
        role = "judged" if environment == picture.judged else "compared"
        lines.append(f'  subgraph env{index}["{escape(environment)} ({role})"]')
        lines.append("    direction TB")
        for node in picture.nodes_in(environment):
            lines.append(f"    {node.id}{_shape(node, reasons)}")
        lines.append("  end")
    links: list[tuple[int, str]] = []
    for number, edge in enumerate(picture.edges):
        lines.append(f"  {_link(edge, picture, reasons)}")
        state = "failing" if edge.kind == "shared" else _edge_state(edge, picture)
        style = SHARED_STYLE if edge.kind == "shared" else LINK_STYLES[state]
        links.append((number, style))
    for name, style in CLASS_STYLES.items():
        lines.append(f"  classDef {name} {style}")
    by_class: dict[str, list[str]] = {}
    for node in picture.nodes.values():
        by_class.setdefault(CLASSES[node.verdict.state], []).append(node.id)
    for name, ids in by_class.items():
        lines.append(f"  class {','.join(ids)} {name}")
    grouped: dict[str, list[int]] = {}
    for number, style in links:
        grouped.setdefault(style, []).append(number)
    for style, numbers in grouped.items():
        lines.append(f"  linkStyle {','.join(map(str, numbers))} {style}")
    return "\n".join(lines) + "\n"


def _shape(node: Node, reasons: tuple[str, ...]) -> str:
    opening, closing = SHAPES.get(node.kind, DEFAULT_SHAPE)
    parts = [f"<b>{escape(node.title)}</b>" if node.kind == "service" else escape(node.title)]
    if node.subtitle:
        parts.append(escape(node.subtitle))
    if node.kind == "service" and node.files:
        parts.append(escape(", ".join(node.files)))
    if node.values:
        parts.append(escape(f"values {node.values}"))
    verdict = node.verdict
    parts.append(_status_words(verdict.state, verdict.codes, _number(verdict.reason, reasons)))
    return f"{opening}{'<br/>'.join(parts)}{closing}"


def _number(reason: str | None, reasons: tuple[str, ...]) -> str:
    """`` [2]``: the note that says why, when there is one."""
    return f" [{reasons.index(reason) + 1}]" if reason in reasons else ""


def _status_words(state: State, codes: tuple[str, ...], number: str = "") -> str:
    if codes:
        return f"{MARKS[state]} {escape(codes_text(codes))}"
    return f"{MARKS[state]} {escape(state)}{number if state == 'not checkable' else ''}"


def _edge_state(edge: Edge, picture: Picture) -> State:
    return connection(edge, picture.nodes[edge.target])[0]


def _link(edge: Edge, picture: Picture, reasons: tuple[str, ...]) -> str:
    if edge.kind == "shared":
        label = f"⚠ {edge.qualifier}: {' '.join(edge.variables)} ✗ {codes_text(edge.verdict.codes)}"
        return f'{edge.source} ==>|"{escape(label)}"| {edge.target}'
    state, _, reason = connection(edge, picture.nodes[edge.target])
    label = edge.label
    if edge.verdict.codes:
        label += f" {MARKS[state]} {codes_text(edge.verdict.codes)}"
    elif state == "not checkable":
        label += f" ?{_number(reason, reasons)}"
    arrow = "-.->" if edge.kind == "cors" else "-->"
    return f'{edge.source} {arrow}|"{escape(label)}"| {edge.target}'
