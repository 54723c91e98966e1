"""``stagelint explain --format html``: the tour as one self-contained page.

The picture (inline SVG, :mod:`stagelint.explain.picture.svg`) fills the left of the window and the
tour's text scrolls beside it; the documentation of every rule the page mentions follows
the text, so that a failing node's link (``#rule-SL301``) lands in the same file. No
script, no external stylesheet, font or image: the file opens offline, from a CI artifact
or an e-mail, and shows the same thing everywhere. Every text is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from stagelint.explain.document import (
    Block,
    Bullets,
    Check,
    Checklist,
    Code,
    Document,
    Fields,
    Figure,
    Heading,
    Paragraph,
    Table,
    inline_spans,
)
from stagelint.model.regex import lazy

_CODE = lazy(r"\b(SL\d{3})\b")

STYLE = """
:root { color-scheme: light; --ok: #2e7d32; --failing: #c62828; --unknown: #b26a00;
  --compared: #757575; --ink: #1f2328; --muted: #59636e; --line: #d0d7de; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; color: var(--ink); background: #fff; display: flex; flex-direction: column; }
header.page { padding: 10px 20px; border-bottom: 1px solid var(--line); flex: none; }
header.page h1 { font-size: 20px; margin: 0; }
header.page p { margin: 2px 0 0; color: var(--muted); font-size: 14px; }
main { flex: 1; min-height: 0; display: grid;
  grid-template-columns: minmax(0, 5fr) minmax(300px, 2fr); }
figure.picture { margin: 0; padding: 8px 12px; min-height: 0; display: flex;
  flex-direction: column; border-right: 1px solid var(--line); }
figure.picture svg { flex: 1; min-height: 0; width: 100%; height: 100%; }
figcaption { flex: none; font-size: 12px; color: var(--muted); padding-top: 4px; }
figcaption .key { margin-right: 14px; white-space: nowrap; }
figcaption .key .badge { min-width: 0; margin-right: 3px; }
article.tour { overflow: auto; padding: 12px 24px 40px; min-height: 0; }
article.tour h2 { font-size: 17px; margin: 22px 0 6px; border-bottom: 1px solid var(--line); }
article.tour h3 { font-size: 15px; margin: 16px 0 4px; }
code { overflow-wrap: anywhere; font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas,
  "DejaVu Sans Mono", monospace; background: #f6f8fa; padding: 0 3px; border-radius: 3px; }
pre { background: #f6f8fa; padding: 8px 10px; overflow: auto; border-radius: 4px; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left;
  vertical-align: top; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
dl.fields dt { font-weight: 600; }
dl.fields dd { margin: 0; }
ul.checklist { list-style: none; padding-left: 0; }
ul.checklist li { margin: 6px 0; }
ul.checklist .detail { display: block; color: var(--muted); font-size: 14px;
  margin-left: 7.5em; }
.badge { display: inline-block; min-width: 7em; font-size: 12px; font-weight: 600;
  text-transform: uppercase; }
.badge.passing, .badge.ok { color: var(--ok); }
.badge.failing { color: var(--failing); }
.badge.not-checkable { color: var(--unknown); }
.badge.off { color: var(--compared); }
section.rule { border-top: 2px solid var(--line); margin-top: 28px; }
section.rule:target, section.rule:focus { background: #fffbe6; }
svg.deployment text { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas,
  "DejaVu Sans Mono", monospace; fill: var(--ink); }
svg.deployment text.title { font-weight: 700; }
svg.deployment text.detail { fill: var(--muted); }
svg.deployment text.environment { font: 600 17px system-ui, sans-serif; }
svg.deployment text.environment .role { font-weight: 400; fill: var(--muted); }
svg.deployment line.divider { stroke: var(--line); stroke-width: 2; stroke-dasharray: 6 6; }
svg.deployment .node rect { stroke-width: 1.5; }
svg.deployment .node.ok rect { fill: #e8f5e9; stroke: var(--ok); }
svg.deployment .node.failing rect { fill: #ffebee; stroke: var(--failing); stroke-width: 3; }
svg.deployment .node.unknown rect { fill: #fff8e1; stroke: #f9a825; stroke-dasharray: 5 3; }
svg.deployment .node.compared rect { fill: #f6f8fa; stroke: #9e9e9e; }
svg.deployment .ok { fill: var(--ok); }
svg.deployment text.ok, svg.deployment text.mark.ok { fill: var(--ok); }
svg.deployment text.failing { fill: var(--failing); font-weight: 600; }
svg.deployment text.unknown { fill: var(--unknown); }
svg.deployment text.compared { fill: var(--compared); }
svg.deployment text.port-missing, svg.deployment text.missing { fill: var(--compared);
  font-style: italic; }
svg.deployment line.rule-line { stroke: #0000001a; }
svg.deployment path.edge { fill: none; stroke-width: 1.6; }
svg.deployment path.edge.ok { stroke: var(--ok); }
svg.deployment path.edge.failing { stroke: var(--failing); stroke-width: 2.6; }
svg.deployment path.edge.unknown { stroke: #f9a825; stroke-dasharray: 5 3; }
svg.deployment path.edge.compared { stroke: #9e9e9e; }
svg.deployment path.edge.shared { stroke: var(--failing); stroke-width: 6; }
svg.deployment .head.ok { fill: var(--ok); }
svg.deployment .head.failing, svg.deployment .head.shared { fill: var(--failing); }
svg.deployment .head.unknown { fill: #f9a825; }
svg.deployment .head.compared { fill: #9e9e9e; }
svg.deployment text.shared-label { font-weight: 800; fill: var(--failing); font-size: 14px; }
svg.deployment text.shared-codes { fill: var(--failing); }
svg.deployment text.shared-label, svg.deployment text.shared-codes { paint-order: stroke;
  stroke: #fff; stroke-width: 4px; stroke-linejoin: round; }
svg.deployment a:hover rect { stroke-width: 4; }
@media (max-width: 900px) {
  main { display: block; }
  figure.picture { height: 80vh; border-right: none; }
}
"""


def page(document: Document, rules: Iterable[Document] = (), notes: Iterable[str] = ()) -> str:
    """The whole HTML file: the document's first :class:`Figure` as the picture, the other
    blocks as the text beside it, then one section per rule document."""
    rules = list(rules)
    notes = tuple(notes)
    linked = frozenset(rule.title.split(" ", 1)[0] for rule in rules)
    figure = next((b for b in document.blocks if isinstance(b, Figure)), None)
    text = [b for b in document.blocks if not isinstance(b, Figure)]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(document.title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f'<header class="page"><h1>{escape(document.title)}</h1>',
        "<p>Made by <code>stagelint explain --format html</code>. It never shows a value: "
        "hosts, names and rule codes only.</p></header>",
        "<main>",
    ]
    if figure is not None:
        from stagelint.explain.picture.svg import render

        parts.append('<figure class="picture">')
        parts.append(render(figure.picture, notes, _asks(rules)))
        parts.append(_caption(figure, notes, linked))
        parts.append("</figure>")
    parts.append('<article class="tour">')
    parts.extend(_block(block, linked) for block in text)
    for rule in rules:
        code = rule.title.split(" ", 1)[0]
        parts.append(f'<section class="rule" id="rule-{escape(code)}" tabindex="-1">')
        parts.append(f"<h2>{escape(rule.title)}</h2>")
        parts.extend(_block(block, linked, level_shift=1) for block in rule.blocks)
        parts.append("</section>")
    parts.extend(["</article>", "</main>", "</body>", "</html>"])
    return "\n".join(parts) + "\n"


def _asks(rules: list[Document]) -> dict[str, str]:
    """Rule code -> ``unpooled-database-url: The application's DATABASE_URL to Neon must
    use the pooled endpoint.`` (its name and summary, for the picture's tooltips)."""
    asks = {}
    for rule in rules:
        code, _, name = rule.title.partition(" ")
        summary = next((b.text for b in rule.blocks if isinstance(b, Paragraph)), "")
        asks[code] = f"{name}: {summary.replace('`', '')}" if summary else name
    return asks


def _caption(figure: Figure, notes: tuple[str, ...], linked: frozenset[str]) -> str:
    keys = [
        ('<span class="badge ok">✓ ok</span>', ""),
        (
            '<span class="badge failing">✗ failing</span>',
            "rule codes: hover for what each asks, click to read the rule",
        ),
        (
            '<span class="badge not-checkable">? not checkable</span>',
            "the numbered note below says why" if notes else "hover for why",
        ),
    ]
    if figure.picture.compared:
        keys.append(
            (
                '<span class="badge off">· not judged</span>',
                f"{escape(figure.picture.compared)} is compared",
            )
        )
        keys.append(
            (
                '<span class="badge failing">━ SHARED</span>',
                f"staging uses {escape(figure.picture.compared)}'s",
            )
        )
    items = "".join(
        f'<span class="key">{badge} {escape(words) if words and "<" not in words else words}</span>'
        for badge, words in keys
    )
    listed = "".join(f"<li>{inline(note, linked)}</li>" for note in notes)
    more = f"<ol class='notes'>{listed}</ol>" if listed else ""
    elsewhere = figure.picture.elsewhere
    if elsewhere:
        found = ", ".join(f"{code} (`{path}`)" for code, path in elsewhere)
        more += f"<p>✗ Not about a service: {inline(found, linked)}</p>"
    return f"<figcaption>{items}{more}</figcaption>"


def inline(text: str, linked: frozenset[str] = frozenset()) -> str:
    """Inline Markdown (code spans, bold) as escaped HTML; the rule codes in ``linked``
    link to their sections."""

    def link(escaped: str) -> str:
        return _CODE.sub(
            lambda m: f'<a href="#rule-{m[1]}">{m[1]}</a>' if m[1] in linked else m[1], escaped
        )

    out = []
    for kind, piece in inline_spans(text):
        if kind == "code":
            out.append(f"<code>{link(escape(piece))}</code>")
        elif kind == "bold":
            out.append(f"<strong>{link(escape(piece))}</strong>")
        else:
            out.append(link(escape(piece)))
    return "".join(out)


def _block(block: Block, linked: frozenset[str], level_shift: int = 0) -> str:
    if isinstance(block, Heading):
        level = min(6, max(2, block.level) + level_shift)
        return f"<h{level}>{inline(block.text, linked)}</h{level}>"
    if isinstance(block, Paragraph):
        return f"<p>{inline(block.text, linked)}</p>"
    if isinstance(block, Bullets):
        tag = "ol" if block.ordered else "ul"
        items = "".join(f"<li>{inline(item, linked)}</li>" for item in block.items)
        return f"<{tag}>{items}</{tag}>"
    if isinstance(block, Fields):
        pairs = "".join(
            f"<dt>{inline(label, linked)}</dt><dd>{inline(value, linked)}</dd>"
            for label, value in block.pairs
        )
        return f'<dl class="fields">{pairs}</dl>'
    if isinstance(block, Code):
        caption = f"<p><code>{escape(block.path)}</code></p>" if block.path else ""
        return f"{caption}<pre><code>{escape(block.text)}</code></pre>"
    if isinstance(block, Table):
        head = "".join(f"<th>{inline(h, linked)}</th>" for h in block.headers)
        rows = "".join(
            "<tr>" + "".join(f"<td>{inline(cell, linked)}</td>" for cell in row) + "</tr>"
            for row in block.rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    if isinstance(block, Checklist):
        return '<ul class="checklist">' + "".join(_check(c, linked) for c in block.checks) + "</ul>"
    return ""


def _check(check: Check, linked: frozenset[str]) -> str:
    css = check.status.replace(" ", "-")
    details = "".join(f'<span class="detail">{inline(d, linked)}</span>' for d in check.details)
    return (
        f'<li><span class="badge {css}">{escape(check.status)}</span> '
        f"{inline(check.text, linked)}{details}</li>"
    )
