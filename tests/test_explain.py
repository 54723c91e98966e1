"""stagelint explain, rules and policies: documented examples run, no value ever printed,
the tour's snapshots, rendering widths, argument resolution and the generated docs.

Snapshots live in ``tests/snapshots/``; after reviewing a change by eye, rewrite them with
``STAGELINT_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_explain.py``.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from stagelint.check.runner import CheckRequest
from stagelint.check.runner import check as run_check
from stagelint.cli import cli
from stagelint.explain.document import Code, Document, Figure, Paragraph, parse_markdown
from stagelint.explain.render import emit, to_markdown, to_rich, to_text
from stagelint.explain.rules import resolve, rule_document, rule_infos
from stagelint.explain.survey import survey
from stagelint.explain.tour import ITEMS, checklist, next_fixes, tour_document
from stagelint.explain.variable import explain_variable, variable_document
from stagelint.model.errors import UsageError
from stagelint.policy.registry import load_registry
from stagelint.policy.rule import Rule
from stagelint.policy.ruledocs import rule_doc
from stagelint.testing import lint
from tests.test_cli import stagelint

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "examples" / "guide"
BROKEN = REPO / "examples" / "broken"
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
RULES = load_registry().sorted_rules()
BUILTIN = [rule for rule in RULES if rule.origin == "stagelint"]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
BOX = re.compile("[\u2500-\u257f]")
GIT = shutil.which("git")


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


def git_init(root: Path) -> None:
    if GIT is None:
        pytest.skip("git is not installed")
    subprocess.run([GIT, "init", "-q", str(root)], check=True)


def assert_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("STAGELINT_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), (
        f"no snapshot {path}: review the output, then STAGELINT_UPDATE_SNAPSHOTS=1"
    )
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} changed; review it, then rewrite with STAGELINT_UPDATE_SNAPSHOTS=1"
    )


def tour_text(root: Path, width: int = 100) -> str:
    surveyed = survey(root)
    return to_text(tour_document(surveyed, checklist(surveyed)), width)


# --- Every rule's documented examples run ------------------------------------------------


def example_project(root: Path, rule: type[Rule], heading: str) -> Path:
    blocks = rule_doc(rule).blocks(heading)
    assert blocks, f"{rule.code}: the {heading!r} section needs fenced blocks"
    for block in blocks:
        assert block.path, f'{rule.code} {heading}: every block needs path="..."'
        write(root, {block.path: block.text})
    return root


def findings(root: Path, rule: type[Rule]) -> list[str]:
    """The rule's findings, linting with that rule only; a late rule (SL007) judges the
    other rules' suppressions, so every rule runs and only its own findings count."""
    selected = ["ALL"] if rule.late else [rule.code]
    return [
        f"{d.location}: {d.message}" for d in lint(root, select=selected) if d.code == rule.code
    ]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_documented_example_fires_and_use_instead_does_not(
    rule: type[Rule], tmp_path: Path
) -> None:
    """Each section's ``path=`` blocks form a project in a fresh git repository (SL107 asks
    git); Example must fire the rule, Use instead must not."""
    bad, good = tmp_path / "example", tmp_path / "use-instead"
    for root, heading in ((bad, "Example"), (good, "Use instead")):
        root.mkdir()
        git_init(root)
        example_project(root, rule, heading)
    assert findings(bad, rule), f"{rule.code}: its documented Example does not fire it"
    assert findings(good, rule) == [], f"{rule.code}: its Use instead fires it"


def test_every_rule_has_the_documented_sections() -> None:
    for rule in RULES:
        assert rule_doc(rule).missing_sections == [], rule.code


# --- stagelint rules and policies ---------------------------------------------------------


def test_rules_json_has_every_registered_rule() -> None:
    result = CliRunner().invoke(cli, ["rules", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [item["code"] for item in data] == [rule.code for rule in RULES]
    for item in data:
        assert set(item) >= {
            "code",
            "name",
            "summary",
            "default_severity",
            "origin",
            "options",
            "policies",
            "sections",
            "guide",
        }
        assert item["summary"] and item["guide"]
        assert {p["name"] for p in item["policies"]} >= {"staging", "production"}
    sl101 = next(item for item in data if item["code"] == "SL101")
    assert sl101["options"] == [
        {
            "name": "min_length",
            "type": "int",
            "default": 32,
            "description": "Shortest acceptable generated secret, in characters.",
        }
    ]
    sl201 = next(item for item in data if item["code"] == "SL201")
    production = next(p for p in sl201["policies"] if p["name"] == "production")
    assert production["options"] == {"expect_test_mode": False}


def test_rules_text_is_a_table_of_every_rule() -> None:
    result = CliRunner().invoke(cli, ["rules"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    for rule in RULES:
        assert re.search(rf"^{rule.code}\s+{re.escape(rule.name)}\s", result.output, re.M)
    assert max(len(line) for line in result.output.splitlines()) <= 120


def test_policies_text_and_json() -> None:
    result = CliRunner().invoke(cli, ["policies", "--format", "json"])
    data = json.loads(result.output)
    by_name = {p["name"]: p for p in data}
    assert by_name["staging"]["environment"] == "staging"
    assert by_name["staging"]["compare_with"] == "production"
    assert by_name["production"]["compare_with"] == "staging"
    assert all(p["plugin"] == "stagelint" and p["description"] for p in data)
    text = CliRunner().invoke(cli, ["policies"]).output
    assert "staging" in text and "compares with" in text


# --- Argument resolution ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argument", "kind", "expected"),
    [
        ("SL101", "rule", "SL101"),
        ("sl101", "rule", "SL101"),
        ("secret-too-short", "rule", "SL101"),
        ("Secret-Too-Short", "rule", "SL101"),
        ("DATABASE_URL", "variable", "DATABASE_URL"),
        ("database_url", "variable", "DATABASE_URL"),
        ("AUTH_SECRET", "variable", "AUTH_SECRET"),
        ("MY_OWN_TOKEN", "variable", "MY_OWN_TOKEN"),
    ],
)
def test_codes_and_names_first_then_variables(argument: str, kind: str, expected: str) -> None:
    from stagelint.policy.catalogue import load_catalogue

    found = resolve(argument, load_registry(), load_catalogue().entries, lambda: ())
    assert found.kind == kind
    assert (found.rule.code if found.rule else found.variable) == expected


def test_a_lowercase_key_of_the_project_is_a_variable() -> None:
    found = resolve("my_key", load_registry(), (), lambda: ["my_key"])
    assert found.variable == "my_key"


@pytest.mark.parametrize("argument", ["secret-too-shrt", "SL999", "nonsense"])
def test_unknown_argument_is_a_usage_error(argument: str) -> None:
    with pytest.raises(UsageError):
        resolve(argument, load_registry(), ["DATABASE_URL"], lambda: ())


def test_unknown_argument_exits_2_with_suggestions(tmp_path: Path) -> None:
    run = stagelint("explain", "secret-too-shrt", cwd=tmp_path)
    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.count("\n") == 1, run.stderr
    assert "did you mean secret-too-short" in run.stderr
    run = stagelint("explain", "databse_url", cwd=tmp_path)
    assert run.code == 2 and "DATABASE_URL" in run.stderr
    run = stagelint("explain", "SL999", cwd=tmp_path)
    assert run.code == 2 and "unknown rule 'SL999'" in run.stderr


# --- Explaining a rule --------------------------------------------------------------------


def test_rule_page_has_every_part() -> None:
    result = CliRunner().invoke(cli, ["explain", "SL101"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    text = result.output
    for part in (
        "SL101 secret-too-short",
        "A generated secret shorter than",
        "Default severity: error",
        "Plugin:           stagelint",
        "`staging`: error; `production`: error",
        "What it checks",
        "Why",
        "Example",
        "Use instead",
        "How to fix",
        "Guide",
        "Railway Step 4",
        "`min_length` (int, default `32`): Shortest acceptable generated secret",
        "backend/.env.staging:",
        "    JWT_SECRET_KEY=staging-jwt-2026",
    ):
        assert part in text, part


def test_rule_markdown_and_json() -> None:
    markdown = CliRunner().invoke(cli, ["explain", "payments-live-mode", "--format", "markdown"])
    assert markdown.output.startswith("# SL201 payments-live-mode\n")
    assert "## Use instead" in markdown.output
    assert "`production`: error, with `expect_test_mode=false`" in markdown.output
    data = json.loads(CliRunner().invoke(cli, ["explain", "SL201", "--format", "json"]).output)
    assert data["explains"] == "rule" and data["code"] == "SL201"
    assert list(data["sections"])[:2] == ["What it checks", "Why"]


def test_markdown_blocks_round_trip() -> None:
    blocks = parse_markdown(
        "A paragraph\nover two lines.\n\n- an item\n  continued\n- another\n\n"
        '```dotenv path="backend/.env.staging"\nA=1\n```\n'
    )
    document = Document("T", list(blocks))
    assert to_markdown(document) == (
        "# T\n\nA paragraph over two lines.\n\n- an item continued\n- another\n\n"
        "`backend/.env.staging`:\n\n```dotenv\nA=1\n```\n"
    )


# --- Explaining a variable ----------------------------------------------------------------


def test_variable_in_the_guide_example() -> None:
    surveyed = survey(GUIDE)
    explanation = explain_variable("DATABASE_URL", surveyed)
    lines = [d.describe() for d in explanation.definitions]
    assert lines == [
        "reference to `${{Postgres.DATABASE_URL}}`",
        "reference to `${{Postgres.DATABASE_URL}}`",
        "set (46 characters)",
    ]
    assert [(d.environment, d.path, d.line) for d in explanation.definitions] == [
        ("staging", ".railway/railway.ts", 39),
        ("production", ".railway/railway.ts", 39),
        ("template", "backend/.env.example", 15),
    ]
    codes = [a.code for a in explanation.rules]
    assert {"SL301", "SL302", "SL304", "SL104", "SL503"} <= set(codes)
    assert "SL101" not in codes and "SL105" not in codes  # a URL is not a generated secret
    text = to_text(variable_document(explanation, surveyed), 100)
    assert "Used here by:  backend (Railway, `backend/`)" in text
    redis = explain_variable("REDIS_URL", surveyed)
    assert redis.definitions[0].describe() == "reference to `${{Redis.REDIS_URL}}`"


def test_references_missing_values_and_inference(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "backend/railway.json": "{}\n",
            "backend/.env.staging": (
                "APP_BASE=https://canaryhost.${{shared.DOMAIN}}/x\n"
                "CELERY_BROKER_URL=redis://default:pw@eu1-canary.upstash.io:6379\n"
                "PORT_HINT=${PORT:-canarydefault}\n"
                "ONLY_STAGING=1\n"
                "BROKEN=${{Neon.DATABASE_URL}\n"
            ),
            "backend/.env.production": "APP_BASE=x\n",
        },
    )
    surveyed = survey(tmp_path)
    base = explain_variable("APP_BASE", surveyed).definitions[0]
    assert base.state == "partial-reference"
    assert base.describe() == "39 characters built from `${{shared.DOMAIN}}` and literal text"
    hint = explain_variable("PORT_HINT", surveyed).definitions[0]
    assert hint.describe() == "reference to `${PORT:-…}`"
    only = explain_variable("ONLY_STAGING", surveyed).definitions
    assert [d.describe() for d in only] == [
        "set (1 characters)",
        "missing in production (`backend/.env.production` does not set it)",
    ]
    broken = explain_variable("BROKEN", surveyed).definitions[0]
    assert broken.state == "malformed-reference"
    celery = explain_variable("CELERY_BROKER_URL", surveyed)
    assert celery.traits.kind == "redis-url" and celery.traits.kind_from_value
    assert {"SL305", "SL304"} <= {a.code for a in celery.rules}
    unknown = explain_variable("STRIPE_API_KEY", surveyed)
    assert unknown.traits.secret and not unknown.traits.generated
    text = to_text(variable_document(unknown, surveyed), 100)
    assert "its name ends in `API_KEY`" in text


def test_only_what_a_loader_resolves_is_a_reference_and_names_only_when_name_like(
    tmp_path: Path,
) -> None:
    """python-dotenv reads ``$xQ9m...`` as text in any quoting: explain once printed it as a
    reference (most of a secret); ``${Kx9mPq2L}`` is resolved, but its name looks random."""
    write(
        tmp_path,
        {
            "api/railway.json": "{}\n",
            "api/.env.staging": (
                "JWT_SECRET_KEY='k8$xQ9mPLk2RtVb7Nw4ZsYc'\n"
                "SESSION_SECRET=ab${Kx9mPq2L}zz\n"
                "DATABASE_URL=postgresql://u:pa$Wd9xKq2LmZ@db.example.com/x\n"
                "APP_URL=https://${RAILWAY_PUBLIC_DOMAIN}\n"
            ),
        },
    )
    surveyed = survey(tmp_path)
    described = {
        name: explain_variable(name, surveyed).definitions[0].describe()
        for name in ("JWT_SECRET_KEY", "SESSION_SECRET", "DATABASE_URL", "APP_URL")
    }
    assert described == {
        "JWT_SECRET_KEY": "set (23 characters)",
        "SESSION_SECRET": "15 characters built from a reference (not shown) and literal text",
        "DATABASE_URL": "set (45 characters)",
        "APP_URL": "32 characters built from `${RAILWAY_PUBLIC_DOMAIN}` and literal text",
    }


def test_a_service_without_a_production_file(tmp_path: Path) -> None:
    write(tmp_path, {"api/railway.json": "{}\n", "api/.env.staging": "JWT_SECRET_KEY=x\n"})
    definitions = explain_variable("JWT_SECRET_KEY", survey(tmp_path)).definitions
    assert definitions[1].state == "no-env-file"
    assert definitions[1].describe().startswith("no production env file for api")


def applicable_codes(root: Path, variable: str) -> set[str]:
    return {a.code for a in explain_variable(variable, survey(root)).rules}


@pytest.mark.parametrize("rule", BUILTIN, ids=lambda r: r.code)
def test_applicability_table_covers_documented_findings(rule: type[Rule], tmp_path: Path) -> None:
    """Whatever a rule reports about a variable in its documented Example, ``explain
    VARIABLE`` lists that rule for the variable: the table is checked against the rules."""
    git_init(tmp_path)
    example_project(tmp_path, rule, "Example")
    surveyed = survey(tmp_path)
    for diag in surveyed.diagnostics:
        if diag.code != rule.code or diag.variable is None:
            continue
        codes = {a.code for a in explain_variable(diag.variable, surveyed).rules}
        assert rule.code in codes, f"{rule.code} judged {diag.variable}; explain does not say so"


# --- No value is ever printed -------------------------------------------------------------

CANARY_PROJECT = {
    "backend/railway.json": (
        '{"deploy": {"startCommand": "uvicorn app:app --host 0.0.0.0 --port $PORT"}}\n'
    ),
    "backend/.env.staging": (
        "PYTHON_ENV=canaryenvname\n"
        "DEBUG=canarydebug\n"
        "JWT_SECRET_KEY=canaryjwtsecretvalue\n"
        "SESSION_SECRET=canaryshared0123456789abcdefghijklmnop\n"
        "DATABASE_URL=postgresql://u:canarydbpass@ep-x-pooler.us-east-2.aws.neon.tech/db\n"
        "REDIS_URL=redis://default:canaryredispass@canaryredishost.upstash.io:6379\n"
        "CORS_ORIGINS=https://canaryorigin.example.com\n"
        "APP_BASE=https://canaryliteral.${{shared.DOMAIN}}/canarypath\n"
        "PORT_HINT=${PORT:-canarydefault}\n"
        "LEMON_SQUEEZY_API_KEY=canarylemonkey\n"
        "LEMON_SQUEEZY_TEST_MODE=canarymode\n"
        "MY_SERVICE_TOKEN=canarytokenvalue\n"
        "WORKERS=canaryworkers\n"
    ),
    "backend/.env.production": (
        "SESSION_SECRET=canaryshared0123456789abcdefghijklmnop\n"
        "DATABASE_URL=postgresql://u:canaryproddbpass@ep-y-pooler.us-east-2.aws.neon.tech/db\n"
    ),
    "backend/.env.example": "JWT_SECRET_KEY=<canary-placeholder>\n",
    "frontend/vercel.json": '{"env": {"API_SECRET": "canaryvercelsecret"}}\n',
    "frontend/.env.preview": (
        "NEXT_PUBLIC_APP_URL=http://canaryapp.example.com\n"
        "NEXT_PUBLIC_API_TOKEN=canarypublictoken\n"
        "NEXTAUTH_SECRET=canarynextauth\n"
    ),
    "studio/sanity.config.ts": (
        "export default {projectId: 'canaryproj', dataset: 'canaryds', token: 'canarysanitytok'}\n"
    ),
}


PICTURED = frozenset({"canaryredishost", "canaryds", "canaryproj"})
"""What the tour's picture shows by design: a host of a connection URL and a Sanity project
and dataset (names, as rule messages quote them). No password, token, user, path, origin,
mode or other value."""


def assert_no_canary(text: str, where: str, allowed: frozenset[str] = frozenset()) -> None:
    found = sorted(set(re.findall(r"canary\w*", text, re.IGNORECASE)) - allowed)
    assert not found, f"{where} printed values: {found}"


@pytest.fixture(scope="module")
def canary_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("project")
    git_init(root)
    return write(root, CANARY_PROJECT)


def test_explain_never_prints_a_value(canary_project: Path) -> None:
    keys = sorted(
        {
            line.split("=", 1)[0]
            for rel, text in CANARY_PROJECT.items()
            if ".env" in rel
            for line in text.splitlines()
        }
    )
    surveyed = survey(canary_project)
    assert surveyed.diagnostics, "the canary project must make rules fire"
    runner = CliRunner()
    project = ["--project", str(canary_project)]
    for arguments in ([], *([key] for key in keys), ["SL101"], ["SL104"]):
        for output_format in ("text", "markdown", "json", "html"):
            args = ["explain", *arguments, *project, "--format", output_format]
            result = runner.invoke(cli, args)
            assert result.exit_code == 0, (args, result.output, result.exception)
            allowed = PICTURED if not arguments else frozenset()
            assert_no_canary(result.output, " ".join(args), allowed)
            if not arguments and output_format != "json":
                assert "canaryredishost" in result.output  # the picture names the host
    # rich on a (fake) terminal
    results = checklist(surveyed)
    documents = [tour_document(surveyed, results)]
    documents += [variable_document(explain_variable(key, surveyed), surveyed) for key in keys]
    for document in documents:
        console = Console(file=io.StringIO(), force_terminal=True, width=80)
        to_rich(document, console)
        allowed = PICTURED if document.title.startswith("stagelint tour") else frozenset()
        assert_no_canary(console.file.getvalue(), f"rich {document.title}", allowed)  # type: ignore[attr-defined]


def test_explain_never_prints_a_value_as_a_process(canary_project: Path) -> None:
    for arguments in ((), ("SESSION_SECRET",), ("APP_BASE",)):
        run = stagelint("explain", *arguments, "--project", str(canary_project))
        assert run.code == 0, run.stderr
        allowed = PICTURED if not arguments else frozenset()
        assert_no_canary(run.stdout + run.stderr, f"stagelint explain {arguments}", allowed)


# --- The tour -----------------------------------------------------------------------------


def test_tour_of_the_guide_example() -> None:
    assert_snapshot("explain-tour-guide.txt", tour_text(GUIDE))


@pytest.mark.skipif(not BROKEN.is_dir(), reason="examples/broken is not there")
def test_tour_of_the_broken_example() -> None:
    text = tour_text(BROKEN)
    assert_snapshot("explain-tour-broken.txt", text)
    assert "FAILING" in text and "Next three things to fix" in text


@pytest.mark.parametrize("example", [GUIDE, BROKEN], ids=["guide", "broken"])
def test_tour_runs_the_same_pipeline_as_check(example: Path) -> None:
    if not example.is_dir():
        pytest.skip(f"{example} is not there")
    (result,) = run_check(CheckRequest(paths=(str(example),)))
    surveyed = survey(example)
    assert surveyed.diagnostics == result.diagnostics
    failing = {r.item.key for r in checklist(surveyed) if r.status == "failing"}
    expected = {
        item.key for item in ITEMS if {d.code for d in result.diagnostics} & set(item.codes)
    }
    assert failing == expected


def test_a_vercel_ts_computed_by_code_is_not_checkable(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"web/vercel.ts": "import { make } from './make'\nexport default make()\n"},
    )
    result = {r.item.key: r for r in checklist(survey(tmp_path))}["vercel"]
    assert result.status == "not checkable"
    assert result.reason is not None
    assert result.reason.startswith("`web/vercel.ts` is computed by code stagelint does not run")
    assert "imported from './make'" in result.reason


def test_checklist_covers_every_builtin_rule_once() -> None:
    codes = [code for item in ITEMS for code in item.codes]
    assert sorted(codes) == sorted(rule.code for rule in BUILTIN)


def test_not_checkable_says_why(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "backend/railway.json": "{}\n",
            "backend/.env.staging": "DATABASE_URL=${{Neon.DATABASE_URL}}\nCORS_ORIGINS=\n",
        },
    )
    results = {r.item.key: r for r in checklist(survey(tmp_path))}
    postgres = results["postgres"]
    assert postgres.status == "not checkable"
    assert postgres.reason is not None
    assert "reference to `${{Neon.DATABASE_URL}}`" in postgres.reason
    assert postgres.fix is not None  # what would make it checkable
    assert "railway variables --service backend --environment staging" in postgres.fix
    assert (
        results["vercel"].reason
        == "no Vercel service: no `vercel.json`, `vercel.toml`, `vercel.ts` or `next.config.*` "
        "was found"
    )
    # what the project does not have does not apply, and says so
    assert results["vercel"].status == "not applicable"
    assert results["sanity"].status == "not applicable"
    assert results["payments"].status == "not applicable"
    start = results["start-command"]
    assert start.status == "not checkable" and start.fix is not None


def test_next_fixes_are_ordered_by_severity_then_guide_order() -> None:
    if not BROKEN.is_dir():
        pytest.skip("examples/broken is not there")
    results = checklist(survey(BROKEN))
    fixes = next_fixes(results)
    assert len(fixes) == 3
    order = [r.item.key for r in results]
    severities = [int(f.severity or 0) for f in fixes]
    assert severities == sorted(severities, reverse=True)
    for first, second in itertools.pairwise(fixes):
        if first.severity == second.severity:
            assert order.index(first.item.key) < order.index(second.item.key)


def test_tour_of_an_empty_repository(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["explain", "--project", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name in ("railway.json", "vercel.json", ".env.staging", ".env.example", "README"):
        assert name in result.output


def test_tour_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["explain", "--project", str(GUIDE), "--format", "json"])
    data = json.loads(result.output)
    assert data["explains"] == "project"
    assert [s["name"] for s in data["services"]] == ["backend", "frontend", "studio"]
    statuses = {item["key"]: item["status"] for item in data["checklist"]}
    assert statuses["redis"] == "not checkable" and statuses["secret-strength"] == "passing"
    assert data["next"] == []


def test_missing_project_is_a_usage_error(tmp_path: Path) -> None:
    run = stagelint("explain", "--project", str(tmp_path / "nope"))
    assert run.code == 2 and "path does not exist" in run.stderr


# --- Rendering ----------------------------------------------------------------------------


def words(plain: str) -> list[str]:
    """The words of a plain rendering, without its decorations and inline markup."""
    result = []
    for token in plain.split():
        token = token.replace("`", "").replace("**", "").strip(":;,.()\"'")
        if token and not set(token) <= set("-=~•"):
            result.append(token.lower())
    return result


def rich_render(document: Document, width: int) -> str:
    console = Console(file=io.StringIO(), force_terminal=True, width=width)
    to_rich(document, console)
    return ANSI.sub("", console.file.getvalue())  # type: ignore[attr-defined]


def documents_to_render() -> list[Document]:
    infos = {info.code: info for info in rule_infos(load_registry())}
    guide = survey(GUIDE)
    documents = [
        rule_document(infos["SL301"]),
        rule_document(infos["SL602"]),
        variable_document(explain_variable("DATABASE_URL", guide), guide),
        tour_document(guide, checklist(guide)),
    ]
    if BROKEN.is_dir():
        broken = survey(BROKEN)
        documents.append(tour_document(broken, checklist(broken)))
    return documents


def without_figures(document: Document) -> Document:
    """The document's prose: the picture is drawn apart (boxes or a list, Unicode or ASCII,
    names shortened to fit its boxes), and tested on its own in tests/test_picture.py."""
    return Document(document.title, [b for b in document.blocks if not isinstance(b, Figure)])


@pytest.mark.parametrize("width", [60, 200])
def test_rich_respects_the_width_and_drops_nothing(width: int) -> None:
    for document in documents_to_render():
        out = rich_render(document, width)
        lines = out.splitlines()
        too_wide = [line for line in lines if len(line.rstrip()) > width]
        assert not too_wide, f"{document.title}: lines wider than {width}: {too_wide[:3]}"
        prose = without_figures(document)
        out = rich_render(prose, width)
        flat = re.sub(r"\s+", "", out).lower()
        missing = [w for w in words(to_text(prose, 10_000)) if w not in flat]
        assert not missing, f"{document.title} at {width} columns lost: {missing[:10]}"
        assert "…" not in out.replace("${PORT:-…}", "")


@pytest.mark.parametrize("width", [60, 200])
def test_plain_text_wraps_prose_to_the_width(width: int) -> None:
    for document in documents_to_render():
        text = to_text(document, width)
        assert "\x1b" not in text and not BOX.search(text)
        code = {
            line.strip()
            for block in document.blocks
            if isinstance(block, Code)
            for line in block.text.splitlines()
        }
        for line in text.splitlines():
            if line.strip() in code:
                continue  # code is printed unbroken, so that it can be copied
            assert len(line) <= width, f"{document.title}: {line!r}"


def test_piped_output_is_plain_and_a_terminal_gets_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    document = Document("Title", [Paragraph("Some `code` and **bold**.")])
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    terminal = Terminal()
    emit(document, "text", terminal)
    assert "\x1b[" in terminal.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    terminal = Terminal()
    emit(document, "text", terminal)
    assert terminal.getvalue() == "Title\n=====\n\nSome `code` and bold.\n"
    piped = io.StringIO()
    monkeypatch.delenv("NO_COLOR")
    emit(document, "text", piped)
    assert "\x1b" not in piped.getvalue()


def test_cli_output_has_no_ansi_or_box_characters_when_piped(tmp_path: Path) -> None:
    run = stagelint("explain", "--project", str(GUIDE), env={"NO_COLOR": ""})
    assert run.code == 0
    assert "\x1b" not in run.stdout and not BOX.search(run.stdout)


def test_check_does_not_import_the_explaining_machinery() -> None:
    code = (
        "import sys, stagelint.cli\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] == 'rich' or m in "
        "('stagelint.explain.render', 'stagelint.explain.rules', 'stagelint.explain.variable', "
        "'stagelint.explain.tour', 'stagelint.explain.survey', 'stagelint.explain.docgen') "
        "or m.startswith('stagelint.explain.picture')]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- Generated docs -----------------------------------------------------------------------


def test_generated_docs_are_up_to_date() -> None:
    from stagelint.explain.docgen import stale

    outdated = stale()
    assert not outdated, (
        f"docs/ is stale ({', '.join(outdated[:5])}): run `python -m stagelint.explain.docgen`"
    )


def test_docs_pages_are_the_markdown_rendering() -> None:
    from stagelint.explain.docgen import BANNER, generate

    pages = generate()
    info = next(i for i in rule_infos(load_registry()) if i.code == "SL101")
    assert pages["rules/SL101.md"] == BANNER + to_markdown(rule_document(info))
    assert "[SL101](rules/SL101.md)" in pages["rules.md"]
    assert set(pages) == {"rules.md", *(f"rules/{r.code}.md" for r in BUILTIN)}


def test_the_tour_of_a_vite_app_and_fastapi_backend_describes_what_it_found(
    tmp_path: Path,
) -> None:
    """A minimal copy of a public repository's shape (Vite frontend on Vercel, FastAPI on
    Railway, no Sanity): the tour names the framework it detected, asks for no Sanity Studio
    (its Sanity items do not apply rather than "check it by hand"), and says nothing of the
    guide's Next.js frontend."""
    shape = Path(__file__).parent / "shapes" / "vite-fastapi"
    root = Path(shutil.copytree(shape, tmp_path / "vite-fastapi"))
    text = tour_text(root)
    assert "Vercel · Vite" in text
    assert "Next.js" not in text and "FastAPI" not in text
    assert "Check it by hand" not in text  # nothing is left not checkable here
    applicable = text.split("Not applicable", 1)[1].split("Where values live", 1)[0]
    assert "The Studio deploys with Sanity's current options — no Sanity Studio" in (
        " ".join(applicable.split())
    )
