"""The picture of the deployment (``stagelint explain``): its model, and its three renderings.

- The model: services, stores and connections of examples/guide and examples/broken, with
  their statuses; what staging shares with production crosses to production's side.
- Terminal and Mermaid renderings are snapshots (``tests/snapshots/picture-*``) of
  examples/guide (an IaC project: its backend lives in ``.railway/railway.ts``),
  examples/broken (legacy config files and every rule firing) and examples/vercel-ts (IaC
  on the other platform: a ``vercel.ts`` and values pulled from Vercel); after
  reviewing a change by eye, rewrite them with
  ``STAGELINT_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_picture.py``.
- Mermaid: every flowchart is rendered by the Mermaid CLI (``mmdc``, from npm) when it is
  installed (``.ci/run`` installs it; ``STAGELINT_MMDC`` names it), with Debian's Chromium:
  a syntax error fails. A grammar of our own (the subset of Mermaid we write) checks every
  line everywhere, with or without the CLI.
- HTML: parsed by html5lib in strict mode (any parse error fails), self-contained (no
  script, no external reference), and opened in headless Chromium (through Playwright,
  driving Debian's ``chromium``; skipped cleanly when either is absent): no console error,
  every node visible and inside a 1280x800 viewport. ``STAGELINT_UPDATE_SCREENSHOTS=1``
  rewrites ``docs/tour-guide.png`` and ``docs/tour-broken.png`` from the same browser run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import NamedTuple

import pytest

from stagelint.explain.document import Figure
from stagelint.explain.picture.graph import Picture, build_picture, codes_text, notes
from stagelint.explain.picture.html import page
from stagelint.explain.picture.mermaid import escape, flowchart
from stagelint.explain.picture.terminal import ASCII, UNICODE, draw, plain
from stagelint.explain.survey import survey
from stagelint.explain.tour import checklist, tour_document
from tests.test_explain import BROKEN, GUIDE, assert_snapshot, write

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
EXAMPLES = {"guide": GUIDE, "broken": BROKEN}
"""The examples whose HTML tour is screenshotted into ``docs/`` (and shown in the README)."""
SNAPSHOTTED = {**EXAMPLES, "vercel-ts": REPO / "examples" / "vercel-ts"}
"""The examples whose terminal and Mermaid renderings are snapshots, each parsed by the
Mermaid grammar below and by the Mermaid CLI."""
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def picture_of(root: Path) -> Picture:
    return build_picture(survey(root))


def chromium() -> str | None:
    return os.environ.get("STAGELINT_CHROMIUM") or next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None
    )


# --- The model ----------------------------------------------------------------------------


def test_guide_services_stores_and_connections() -> None:
    picture = picture_of(GUIDE)
    assert picture.environments == ("staging", "production")
    assert picture.services == ["frontend", "backend", "studio"]
    staging = {(n.kind, n.short) for n in picture.nodes_in("staging")}
    # the backend's variables live in .railway/railway.ts: references to the file's own
    # postgres() and redis(), whose values Railway holds
    assert ("postgres", "Railway Postgres") in staging
    assert ("sanity", "Sanity k7x9p2qd/staging") in staging
    assert ("payments", "Lemon Squeezy 48213") in staging
    production = {(n.kind, n.short) for n in picture.nodes_in("production")}
    assert ("postgres", "Railway Postgres") in production
    assert ("sanity", "Sanity k7x9p2qd/production") in production
    edges = {e.label: e for e in picture.edges if e.id.startswith("e0_")}
    assert edges["LEMON_SQUEEZY_TEST_MODE (test mode)"].verdict.state == "ok"
    for key, resource in (("DATABASE_URL", "Postgres"), ("REDIS_URL", "Redis")):
        edge = edges[key]
        assert edge.verdict.state == "not checkable"
        reason = edge.verdict.reason or ""
        assert f"`{resource}`, a database `.railway/railway.ts` declares" in reason
        assert "each environment its own" in reason
        node = picture.nodes[edge.target]
        assert node.subtitle == f"{resource} · railway.ts"
    backend = picture.service_node("staging", "backend")
    assert backend is not None and backend.files == (".railway/railway.ts",)  # an IaC service
    calls = edges["NEXT_PUBLIC_API_URL"]
    assert picture.nodes[calls.target].title == "backend"  # the frontend calls the backend
    assert not picture.crossing()
    compared = [n for n in picture.nodes.values() if n.environment == "production"]
    assert {n.verdict.state for n in compared} == {"not judged"}


@pytest.mark.skipif(not BROKEN.is_dir(), reason="examples/broken is not there")
def test_broken_connections_fail_with_their_codes_and_cross_to_production() -> None:
    picture = picture_of(BROKEN)
    edges = {e.label: e for e in picture.edges if e.id.startswith("e0_") and e.kind != "shared"}
    assert edges["DATABASE_URL (direct)"].verdict.codes == ("SL301", "SL302")
    assert edges["DIRECT_URL (pooled)"].verdict.codes == ("SL303",)
    assert edges["CORS_ORIGINS"].verdict.codes == ("SL401", "SL402", "SL403", "SL404")
    live = picture.nodes[edges["LEMON_SQUEEZY_TEST_MODE (live mode)"].target]
    assert live.verdict.codes == ("SL201",) and "live mode" in live.subtitle
    shared = {e.variables: e for e in picture.crossing()}
    redis = shared[("REDIS_URL",)]
    assert redis.verdict.codes == ("SL104", "SL304")
    source, target = picture.nodes[redis.source], picture.nodes[redis.target]
    assert (source.environment, target.environment) == ("staging", "production")
    assert source.kind == target.kind == "redis" and source.short == target.short
    # every finding of the broken example is on the picture: a node, an edge or a crossing
    # (findings about no service, such as SL610 on jobs/.railway/railway.py, are the
    # project's, not a box's)
    drawn = {c for item in [*picture.nodes.values(), *picture.edges] for c in item.verdict.codes}
    assert drawn == {d.code for d in survey(BROKEN).diagnostics if d.service is not None}
    # and the others are listed under it
    assert ("SL610", "jobs/.railway/railway.py") in picture.elsewhere
    assert drawn | {code for code, _ in picture.elsewhere} == {
        d.code for d in survey(BROKEN).diagnostics
    }


def test_references_placeholders_and_missing_values_are_not_checkable(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "api/railway.json": "{}\n",
            "api/.env.staging": (
                "DATABASE_URL=${{Postgres.DATABASE_URL}}\n"
                "REDIS_URL=redis://default:<password>@<host>:6379\n"
                "SENTRY_ENVIRONMENT=staging\n"
            ),
            "web/next.config.ts": "export default {}\n",
        },
    )
    picture = picture_of(tmp_path)
    assert picture.compared == "production"
    edges = {e.primary: e for e in picture.edges if e.id.startswith("e0_")}
    postgres = edges["DATABASE_URL"]
    assert postgres.verdict.state == "not checkable"
    assert picture.nodes[postgres.target].short == "Railway Postgres"
    assert picture.nodes[edges["REDIS_URL"].target].verdict.state == "not checkable"
    web = picture.service_node("staging", "web")
    assert web is not None
    assert web.files == ("web/next.config.ts",)  # found by next.config.ts, not "none"
    assert web.subtitle.startswith("Vercel")
    assert notes(picture)


def test_without_env_files_the_template_says_what_a_service_reaches(tmp_path: Path) -> None:
    """Real repositories keep values in the platforms: the template still tells what each
    service connects to, drawn as not checkable, never from the template's values."""
    write(
        tmp_path,
        {
            "api/railway.json": "{}\n",
            "api/.env.example": (
                "DATABASE_URL=postgresql://user:password@ep-example-pooler.neon.tech/db\n"
                "REDIS_URL=redis://localhost:6379\n"
                "CORS_ORIGINS=http://localhost:3000\n"
            ),
            "web/next.config.mjs": "export default {}\n",
            "web/.env.local.example": "NEXT_PUBLIC_API_URL=http://localhost:8000\n",
        },
    )
    picture = picture_of(tmp_path)
    api = picture.service_node("staging", "api")
    web = picture.service_node("staging", "web")
    assert api is not None and web is not None
    edges = {e.primary: e for e in picture.edges_from(api.id)}
    assert set(edges) == {"DATABASE_URL", "REDIS_URL", "CORS_ORIGINS"}
    for edge in edges.values():
        assert edge.verdict.state == "not checkable"
        assert "`api/.env.example` lists" in (edge.verdict.reason or "")
    postgres = picture.nodes[edges["DATABASE_URL"].target]
    assert postgres.title == "Postgres" and postgres.subtitle == ""  # no example host shown
    (calls,) = picture.edges_from(web.id)
    assert picture.nodes[calls.target].service == "api"
    assert edges["CORS_ORIGINS"].target == web.id


def test_values_pulled_from_vercel_are_said_so(tmp_path: Path) -> None:
    """A file ``vercel env pull`` wrote feeds the environment its VERCEL_ENV names; the
    picture says where the values come from, and that a sensitive one is not readable."""
    write(
        tmp_path,
        {
            "web/vercel.json": "{}\n",
            "web/.vercel/.env.preview.local": (
                "# Created by Vercel CLI\n"
                'DATABASE_URL="[SENSITIVE]"\n'
                'NEXT_PUBLIC_SANITY_DATASET="staging"\n'
                'VERCEL_ENV="preview"\n'
            ),
        },
    )
    picture = picture_of(tmp_path)
    web = picture.service_node("staging", "web")
    assert web is not None and web.values == "pulled from Vercel"
    database = next(e for e in picture.edges_from(web.id) if e.primary == "DATABASE_URL")
    assert database.verdict.state == "not checkable"
    assert "`[SENSITIVE]`" in (database.verdict.reason or "")
    sanity = next(e for e in picture.edges_from(web.id) if e.primary.endswith("DATASET"))
    assert picture.nodes[sanity.target].short == "Sanity staging"
    assert "values: pulled from Vercel" in "\n".join(plain(draw(picture, 80, UNICODE)))
    assert "values pulled from Vercel" in flowchart(picture)


def test_deployed_values_are_judged_on_the_picture(tmp_path: Path) -> None:
    """A file of deployed values (``--env-file``, outside the project) makes the service's
    connections checkable: they are judged on the picture, whose box says where the values
    came from, in every rendering, and no value is shown."""
    from click.testing import CliRunner

    from stagelint.cli import cli

    project = tmp_path / "shop"
    write(project, {"api/railway.json": "{}\n", "api/.env.example": "DATABASE_URL=\n"})
    deployed = tmp_path / "deployed.env"
    password = "Qm4xT8vLp2Rw9ZkC"
    deployed.write_text(
        f"DATABASE_URL=postgresql://app:{password}@ep-cool-lake-a1b2c3.eu-central-1.aws.neon.tech/shop\n",
        encoding="utf-8",
    )
    outputs = {}
    for output_format in ("text", "markdown", "html"):
        result = CliRunner().invoke(
            cli,
            [
                "explain",
                "--project",
                str(project),
                "--env-file",
                f"api:staging={deployed}",
                "--format",
                output_format,
            ],
        )
        assert result.exit_code == 0, result.output
        outputs[output_format] = result.output
        assert password not in result.output and password[:8] not in result.output
    assert "values: deployed (--env-file)" in outputs["text"]
    assert "values deployed (--env-file)" in outputs["markdown"]
    assert "deployed (--env-file)" in outputs["html"]
    # the direct endpoint without TLS, judged from the deployed value
    assert "DATABASE_URL (direct) ✗ SL301 SL302" in outputs["markdown"]


def test_names_that_look_like_secrets_are_not_shown(tmp_path: Path) -> None:
    pasted = "Xq7PzR2mK9wLb4Tn"
    write(
        tmp_path,
        {
            "web/vercel.json": "{}\n",
            "web/.env.preview": (
                f"NEXT_PUBLIC_SANITY_PROJECT_ID={pasted}\n"
                f"NEXT_PUBLIC_SANITY_DATASET={pasted}x\n"
                f"NEXT_PUBLIC_LEMON_SQUEEZY_STORE_ID={pasted}y\n"
                f"SENTRY_ENVIRONMENT={pasted}z\n"
                f"SENTRY_DSN=https://{pasted}@o12.ingest.sentry.io/34\n"
            ),
        },
    )
    picture = picture_of(tmp_path)
    text = "\n".join(
        [
            *plain(draw(picture, 120, UNICODE)),
            *plain(draw(picture, 60, ASCII)),
            flowchart(picture, notes(picture)),
            page(tour_document(survey(tmp_path), checklist(survey(tmp_path)))),
        ]
    )
    assert pasted.lower() not in text.lower()
    assert "o12" in text  # the Sentry organisation (a host label) is shown


# --- Terminal -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SNAPSHOTTED))
def test_terminal_snapshots(name: str) -> None:
    root = SNAPSHOTTED[name]
    if not root.is_dir():
        pytest.skip(f"{root} is not there")
    picture = picture_of(root)
    boxes = plain(draw(picture, 80, UNICODE))
    assert max(len(line) for line in boxes) <= 80
    assert_snapshot(f"picture-{name}-80.txt", "\n".join(boxes) + "\n")
    listed = plain(draw(picture, 60, ASCII))
    assert max(len(line) for line in listed) <= 60
    assert all(ch.isascii() for line in listed for ch in line if ch not in "·…")
    assert_snapshot(f"picture-{name}-60-ascii.txt", "\n".join(listed) + "\n")


@pytest.mark.parametrize("width", [80, 100, 132, 200])
def test_boxes_fit_every_width(width: int) -> None:
    for root in (GUIDE, BROKEN):
        if root.is_dir():
            lines = plain(draw(picture_of(root), width, UNICODE))
            assert max(len(line) for line in lines) <= width


def test_a_shared_resource_is_an_arrow_across(tmp_path: Path) -> None:
    if not BROKEN.is_dir():
        pytest.skip("examples/broken is not there")
    lines = plain(draw(picture_of(BROKEN), 80, UNICODE))
    crossing = [line for line in lines if "━━━━━▶" in line]
    assert any("Upstash" in line for line in crossing), crossing


# --- Mermaid ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SNAPSHOTTED))
def test_mermaid_snapshots(name: str) -> None:
    root = SNAPSHOTTED[name]
    if not root.is_dir():
        pytest.skip(f"{root} is not there")
    picture = picture_of(root)
    chart = flowchart(picture, notes(picture))
    assert_snapshot(f"picture-{name}.mmd", chart)
    check_mermaid_structure(chart, picture)


def check_mermaid_structure(chart: str, picture: Picture) -> None:
    """What our flowcharts must be, whatever Mermaid accepts: they parse by the grammar
    below, every node is declared once in its environment's subgraph, every edge joins
    declared nodes and every link is styled."""
    parsed = parse_flowchart(chart)
    assert sorted(parsed.nodes) == sorted(picture.nodes)
    for environment, ids in zip(picture.environments, parsed.subgraphs.values(), strict=True):
        assert ids == [n.id for n in picture.nodes_in(environment)]
    assert len(parsed.links) == len(picture.edges)
    assert len(parsed.subgraphs) == len(picture.environments)
    assert parsed.styled == set(range(len(parsed.links)))


class ParsedFlowchart(NamedTuple):
    subgraphs: dict[str, list[str]]
    """Subgraph id -> the ids of the nodes declared in it, in order."""
    nodes: dict[str, str]
    """Node id -> its label."""
    links: list[tuple[str, str, str, str]]
    """(source, arrow, label, target) in order (``linkStyle`` counts them so)."""
    styled: set[int]
    """The link numbers some ``linkStyle`` names."""


_ID = r"[A-Za-z][A-Za-z0-9_]*"
_LABEL = r'"([^"]*)"'
_SHAPES = (r"\[", r"\]"), (r"\(\[", r"\]\)"), (r"\[\(", r"\)\]"), (r"\{\{", r"\}\}")
_NODE = re.compile(
    rf"    ({_ID})(?:"
    + "|".join(rf"{opening}{_LABEL}{closing}" for opening, closing in _SHAPES)
    + ")"
)
_LINK = re.compile(rf"  ({_ID}) (-->|-\.->|==>)\|{_LABEL}\| ({_ID})")
_STYLE = r"(?:[a-z-]+:[#A-Za-z0-9. ]+)(?:,[a-z-]+:[#A-Za-z0-9. ]+)*"
_CLASS_DEF = re.compile(rf"  classDef ({_ID}) {_STYLE}")
_CLASS = re.compile(rf"  class ({_ID}(?:,{_ID})*) ({_ID})")
_LINK_STYLE = re.compile(rf"  linkStyle ([0-9]+(?:,[0-9]+)*) {_STYLE}")
_SUBGRAPH = re.compile(rf"  subgraph ({_ID})\[{_LABEL}\]")
_MARKUP = re.compile(r"<b>|</b>|<br/>")
_ENTITY = re.compile(r"#(?:[a-z]+|[0-9]+);")


def check_label(label: str) -> None:
    """Text Mermaid reads as text: HTML only as <b>, </b> and <br/>, ``#`` only as an
    entity, nothing that ends a label or an edge's text (``"``, ``|``) or starts markdown
    strings (a backtick)."""
    text = _ENTITY.sub("", _MARKUP.sub("", label))
    for special in '<>#"|`\n':
        assert special not in text, f"{special!r} in the label {label!r}"
    assert label.count("<b>") == label.count("</b>"), label
    assert label.strip(), "an empty label"


def parse_flowchart(chart: str) -> ParsedFlowchart:
    """The flowchart by the grammar of what stagelint writes (every line must match)::

        chart     = "flowchart LR" subgraph* link* classDef* class* linkStyle*
        subgraph  = "  subgraph ID[LABEL]" "    direction TB" node* "  end"
        node      = "    ID" ( [LABEL] | ([LABEL]) | [(LABEL)] | {{LABEL}} )
        link      = "  ID" ( " -->" | " -.->" | " ==>" ) "|LABEL| ID"
        classDef  = "  classDef ID STYLE";  class = "  class ID(,ID)* ID"
        linkStyle = "  linkStyle N(,N)* STYLE";  LABEL = a quoted string, see check_label

    An AssertionError names the first line that does not fit."""
    lines = chart.split("\n")
    assert lines[-1] == "", "the chart ends with a newline"
    lines = lines[:-1]
    assert lines and lines[0] == "flowchart LR", lines[:1]
    subgraphs: dict[str, list[str]] = {}
    nodes: dict[str, str] = {}
    links: list[tuple[str, str, str, str]] = []
    classes: set[str] = set()
    styled: set[int] = set()
    section = 0  # 0 subgraphs, 1 links, 2 classDef, 3 class, 4 linkStyle
    current: str | None = None
    expect_direction = False
    for number, line in enumerate(lines[1:], 2):
        where = f"line {number}: {line!r}"
        if expect_direction:
            assert line == "    direction TB", where
            expect_direction = False
        elif current is not None:
            if line == "  end":
                current = None
                continue
            match = _NODE.fullmatch(line)
            assert match, where
            node_id = match[1]
            label = next(group for group in match.groups()[1:] if group is not None)
            assert node_id not in nodes and node_id not in subgraphs, f"{where}: declared twice"
            check_label(label)
            nodes[node_id] = label
            subgraphs[current].append(node_id)
        elif (match := _SUBGRAPH.fullmatch(line)) is not None:
            assert section == 0, f"{where}: a subgraph after the links"
            assert match[1] not in subgraphs, f"{where}: declared twice"
            check_label(match[2])
            subgraphs[match[1]] = []
            current, expect_direction = match[1], True
        elif (match := _LINK.fullmatch(line)) is not None:
            assert section <= 1, f"{where}: a link after the styles"
            section = 1
            source, arrow, label, target = match.groups()
            assert source in nodes and target in nodes, f"{where}: an undeclared node"
            check_label(label)
            links.append((source, arrow, label, target))
        elif (match := _CLASS_DEF.fullmatch(line)) is not None:
            assert section <= 2, where
            section = 2
            classes.add(match[1])
        elif (match := _CLASS.fullmatch(line)) is not None:
            assert section in (2, 3), where
            section = 3
            assert match[2] in classes, f"{where}: an undefined class"
            for node_id in match[1].split(","):
                assert node_id in nodes, f"{where}: an undeclared node"
        elif (match := _LINK_STYLE.fullmatch(line)) is not None:
            assert section >= 1, where
            section = 4
            for index in map(int, match[1].split(",")):
                assert index < len(links), f"{where}: there is no link {index}"
                assert index not in styled, f"{where}: link {index} styled twice"
                styled.add(index)
        else:
            raise AssertionError(f"{where} is not in the grammar")
    assert current is None and not expect_direction, "a subgraph is not closed"
    return ParsedFlowchart(subgraphs, nodes, links, styled)


@pytest.mark.parametrize(
    "broken",
    [
        'flowchart LR\n  subgraph env0["s"]\n    direction TB\n    a["backend --> b["Neon"]\n'
        "  end\n",  # an unclosed label
        'flowchart LR\n  subgraph env0["s"]\n    direction TB\n    a["x"]\n',  # no end
        'flowchart LR\n  subgraph env0["s"]\n    direction TB\n    a["x"]\n  end\n'
        '  a -->|"y"| b\n',  # an edge to an undeclared node
        'flowchart LR\n  subgraph env0["s"]\n    direction TB\n    a["x|y"]\n  end\n',
        'flowchart LR\n  subgraph env0["s"]\n    direction TB\n    a["<script>"]\n  end\n',
        'flowchart LR\n  subgraph env0["s"]\n    direction TB\n    a("x")\n  end\n',  # a shape
        'flowchart LR\n  subgraph env0["s"]\n    direction TB\n    a["x"]\n  end\n'
        "  linkStyle 0 stroke:#c62828\n",  # a style for no link
        'flowchart TD\n  subgraph env0["s"]\n    direction TB\n  end\n',
        'flowchart LR\n  subgraph env0["s"]\n    direction TB\n    a["x"]\n  end\n  %% x\n',
    ],
)
def test_the_mermaid_grammar_rejects_what_we_never_write(broken: str) -> None:
    """The grammar check above can fail."""
    with pytest.raises(AssertionError):
        parse_flowchart(broken)


def test_mermaid_labels_cannot_break_out() -> None:
    assert escape('a"b|c<d>e#f`g\nh') == "a#quot;b#124;c#lt;d#gt;e#35;f#96;g h"


def mmdc() -> str | None:
    return os.environ.get("STAGELINT_MMDC") or shutil.which("mmdc")


@pytest.mark.parametrize("name", sorted(SNAPSHOTTED))
def test_mermaid_cli_renders_the_flowchart(name: str, tmp_path: Path) -> None:
    command, browser = mmdc(), chromium()
    if command is None or browser is None:
        pytest.skip("the Mermaid CLI (mmdc) or Chromium is not installed")
    root = SNAPSHOTTED[name]
    if not root.is_dir():
        pytest.skip(f"{root} is not there")
    picture = picture_of(root)
    source = tmp_path / "picture.mmd"
    source.write_text(flowchart(picture, notes(picture)), encoding="utf-8")
    config = tmp_path / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": browser, "args": CHROMIUM_FLAGS[1:]}))
    out = tmp_path / "picture.svg"
    run = subprocess.run(
        [command, "--quiet", "-p", str(config), "-i", str(source), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    svg = out.read_text(encoding="utf-8")
    assert "Syntax error" not in svg
    for node in picture.nodes.values():
        assert node.title in svg


def test_mermaid_cli_rejects_a_broken_flowchart(tmp_path: Path) -> None:
    """The check above can fail: the same command refuses an unclosed label."""
    command, browser = mmdc(), chromium()
    if command is None or browser is None:
        pytest.skip("the Mermaid CLI (mmdc) or Chromium is not installed")
    source = tmp_path / "bad.mmd"
    source.write_text('flowchart LR\n  a["backend --> b["Neon"]\n', encoding="utf-8")
    config = tmp_path / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": browser, "args": CHROMIUM_FLAGS[1:]}))
    run = subprocess.run(
        [command, "--quiet", "-p", str(config), "-i", str(source), "-o", str(tmp_path / "x.svg")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode != 0


# --- HTML ---------------------------------------------------------------------------------


def tour_page(root: Path) -> str:
    from click.testing import CliRunner

    from stagelint.cli import cli

    result = CliRunner().invoke(cli, ["explain", "--project", str(root), "--format", "html"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("name", sorted(SNAPSHOTTED))
def test_html_parses_strictly_and_is_self_contained(name: str) -> None:
    import html5lib

    root = SNAPSHOTTED[name]
    if not root.is_dir():
        pytest.skip(f"{root} is not there")
    text = tour_page(root)
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree = parser.parse(text)  # raises on the first parse error
    assert not parser.errors
    assert tree.find(".//{http://www.w3.org/2000/svg}svg") is not None
    assert "<script" not in text and "<link" not in text and "@import" not in text
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", text)
    assert "url(" not in text.replace("url(#arrow-", "")
    nodes = re.findall(r'data-node="(e\d+_\w+)"', text)
    assert len(nodes) == len(picture_of(root).nodes)
    for target in set(re.findall(r'href="#(rule-SL\d+)"', text)):
        assert f'id="{target}"' in text, f"{target} links nowhere"


def test_the_html_picture_says_what_is_wrong_without_cutting_it() -> None:
    """Which connection is wrong, from the picture alone: every failing row and node shows
    all of its rule codes (a long variable name gives way, never a code), hovering one says
    what each rule asks, and a not-checkable part names the note under the picture."""
    import html5lib

    if not BROKEN.is_dir():
        pytest.skip("examples/broken is not there")
    tree = html5lib.parse(tour_page(BROKEN), namespaceHTMLElements=False)
    svg = tree.find(".//{http://www.w3.org/2000/svg}svg")
    assert svg is not None
    texts = ["".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert not [t for t in texts if re.search(r"SL\d{0,3}…", t)]  # no code is cut
    picture = picture_of(BROKEN)
    drawn = " ".join(texts)
    for edge in picture.edges:
        if edge.kind != "shared" and edge.verdict.codes:
            assert codes_text(edge.verdict.codes) in drawn, edge.label
    tips = ["".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}title")]
    database = next(t for t in tips if t.startswith("DATABASE_URL\n"))
    assert "SL301 unpooled-database-url: " in database and "pooled endpoint" in database
    shared = next(t for t in tips if t.startswith("shared with production: REDIS_URL"))
    assert "SL304 shared-production-resource: " in shared
    caption = tree.find(".//figcaption")
    assert caption is not None
    listed = ["".join(li.itertext()) for li in caption.iter("li")]
    assert listed == [note.replace("`", "") for note in notes(picture)]
    for number in range(1, len(listed) + 1):
        assert any(t.endswith(f"[{number}]") for t in texts), number


@pytest.fixture(scope="module")
def browser_page():  # type: ignore[no-untyped-def]
    """A Playwright page in Debian's Chromium at 1280x800; skips when either is absent."""
    browser_path = chromium()
    if browser_path is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=browser_path, args=CHROMIUM_FLAGS[1:], headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_html_in_a_real_browser(name: str, browser_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = EXAMPLES[name]
    if not root.is_dir():
        pytest.skip(f"{root} is not there")
    path = tmp_path / "tour.html"
    path.write_text(tour_page(root), encoding="utf-8")
    page_ = browser_page.new_page(viewport={"width": 1280, "height": 800})
    problems: list[str] = []
    requests: list[str] = []
    page_.on(
        "console",
        lambda m: (
            problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None
        ),
    )
    page_.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page_.on("request", lambda r: requests.append(r.url))
    page_.goto(path.as_uri())
    page_.wait_for_load_state("load")
    assert not problems, problems
    assert requests == [path.as_uri()], requests  # nothing else is fetched
    nodes = page_.locator("svg.deployment g.node")
    count = nodes.count()
    assert count == len(picture_of(root).nodes)
    for index in range(count):
        node = nodes.nth(index)
        assert node.is_visible(), node.get_attribute("data-node")
        box = node.bounding_box()
        assert box is not None and box["width"] > 20 and box["height"] > 10
        inside = (
            box["x"] >= 0
            and box["y"] >= 0
            and box["x"] + box["width"] <= 1280
            and box["y"] + box["height"] <= 800
        )
        assert inside, (node.get_attribute("data-node"), box)
    if os.environ.get("STAGELINT_UPDATE_SCREENSHOTS") == "1":
        page_.screenshot(path=str(DOCS / f"tour-{name}.png"))
        drawn = json.loads(SCREENSHOTS.read_text(encoding="utf-8"))
        drawn[name] = picture_digest(root)
        SCREENSHOTS.write_text(json.dumps(drawn, indent=2, sort_keys=True) + "\n")
    page_.close()


SCREENSHOTS = REPO / "tests" / "snapshots" / "tour-screenshots.json"
"""The digest of the picture each ``docs/tour-*.png`` shows (written with the screenshot)."""


def picture_digest(root: Path) -> str:
    """SHA-256 of the page's picture (its SVG and caption): what the screenshots show. The
    tour's text beside it may change without them."""
    import hashlib

    text = tour_page(root)
    start, end = text.index('<figure class="picture">'), text.index("</figure>")
    return hashlib.sha256(text[start:end].encode()).hexdigest()


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_screenshots_show_todays_picture(name: str) -> None:
    """A change to the picture of examples/guide or examples/broken (a rendering, or the
    example) leaves ``docs/tour-*.png`` out of date until the browser test rewrites them."""
    root = EXAMPLES[name]
    if not root.is_dir():
        pytest.skip(f"{root} is not there")
    drawn = json.loads(SCREENSHOTS.read_text(encoding="utf-8"))
    assert drawn.get(name) == picture_digest(root), (
        f"the picture of examples/{name} changed since docs/tour-{name}.png was taken: rewrite "
        "it with STAGELINT_UPDATE_SCREENSHOTS=1 .venv/bin/pytest tests/test_picture.py -k browser "
        "(needs chromium), and look at it"
    )


def test_the_readme_shows_the_screenshots() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in EXAMPLES:
        assert f"docs/tour-{name}.png" in readme
        assert (DOCS / f"tour-{name}.png").is_file()


# --- Where the picture goes ----------------------------------------------------------------


def test_the_tour_opens_with_the_picture_then_the_answer() -> None:
    surveyed = survey(GUIDE)
    document = tour_document(surveyed, checklist(surveyed))
    kinds = [type(block).__name__ for block in document.blocks[:4]]
    assert kinds[:2] == ["Paragraph", "Figure"]
    headings = [getattr(b, "text", "") for b in document.blocks if type(b).__name__ == "Heading"]
    assert headings[:3] == ["Findings", "Next three things to fix", "stagelint's checklist"]
    assert isinstance(document.blocks[1], Figure)


def test_check_never_imports_the_picture() -> None:
    """Drawing costs ``stagelint check`` nothing: a whole check run imports no part of it."""
    from tests.support import fresh_python

    code = (
        "import sys, contextlib, io\n"
        "from stagelint.entry import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['check', {str(BROKEN if BROKEN.is_dir() else GUIDE)!r}])\n"
        "print(sorted(m for m in sys.modules if m.startswith('stagelint.explain.picture')))\n"
    )
    assert fresh_python(code) == "[]"
