"""SL6 (platform configs): start-command analysis, region data, options, documentation examples
and which Railway blocks each policy judges."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from stagelint_rules import builtin_rules
from stagelint_rules._platforms import SERVER_NAMES, find_servers, web_server_hint
from stagelint_rules.sl601_railway_healthcheck import RailwayHealthcheck
from stagelint_rules.sl604_vercel_function_limits import VercelFunctionLimits
from stagelint_rules.sl605_vercel_region import VercelRegion, shipped_regions, suggest

from stagelint.model.deployment import Project
from stagelint.model.errors import ConfigError
from stagelint.policy.context import Context
from stagelint.policy.packs import Policy, load_policy
from stagelint.policy.registry import load_registry
from stagelint.policy.rule import Rule
from stagelint.testing import lint

PLATFORM_RULES = sorted(
    (rule for rule in builtin_rules() if rule.code.startswith("SL6")), key=lambda r: r.code
)
BLOCK = re.compile(r'^```[a-z]*\s+path="([^"]+)"\n(.*?)^```', re.MULTILINE | re.DOTALL)
EXAMPLE_ROOT = Path(__file__).resolve().parents[2] / "examples" / "guide"
SCHEMA = "https://railway.com/railway.schema.json"


def _section(rule: type[Rule], heading: str) -> str:
    doc = (rule.__doc__ or "").replace("\n    ", "\n")
    start = doc.index(f"## {heading}\n")
    end = doc.find("\n## ", start + 1)
    return doc[start : end if end != -1 else len(doc)]


def _write_project(root: Path, section: str) -> None:
    blocks = BLOCK.findall(section)
    assert blocks, "a documentation example needs fenced blocks with a path"
    for path, text in blocks:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def _railway(root: Path, config: dict[str, object], name: str = "backend") -> Path:
    (root / name).mkdir(parents=True, exist_ok=True)
    (root / name / "railway.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    return root


# -- the family and its documentation ---------------------------------------------------------


def test_the_family_is_complete() -> None:
    assert [(r.code, r.name, str(r.default_severity)) for r in PLATFORM_RULES] == [
        ("SL601", "railway-healthcheck", "error"),
        ("SL602", "railway-start-command", "error"),
        ("SL603", "railway-restart-policy", "warning"),
        ("SL604", "vercel-function-limits", "error"),
        ("SL605", "vercel-region", "error"),
        ("SL606", "deprecated-builder", "warning"),
        ("SL607", "railway-config-as-code-retired", "error"),
        ("SL608", "vercel-config-conflict", "error"),
        ("SL609", "deprecated-sanity-option", "warning"),
        ("SL610", "railway-iac-not-read", "info"),
        ("SL611", "railway-duplicate-resource", "error"),
    ]


@pytest.mark.parametrize("rule", PLATFORM_RULES, ids=lambda r: r.code)
def test_docs_have_the_sections_in_order(rule: type[Rule]) -> None:
    headings = re.findall(r"^    ## (.+)$", rule.__doc__ or "", re.MULTILINE)
    assert headings == ["What it checks", "Why", "Example", "Use instead", "How to fix", "Guide"]
    assert rule.summary().endswith(".")


@pytest.mark.parametrize("rule", PLATFORM_RULES, ids=lambda r: r.code)
def test_example_fires_and_use_instead_does_not(rule: type[Rule], tmp_path: Path) -> None:
    bad, good = tmp_path / "bad", tmp_path / "good"
    _write_project(bad, _section(rule, "Example"))
    _write_project(good, _section(rule, "Use instead"))
    assert {d.code for d in lint(bad, select=[rule.code])} == {rule.code}
    assert lint(good, select=[rule.code]) == []
    # The examples are otherwise valid configs: nothing for the file-level rules either.
    assert lint(good, select=["SL0"]) == []


@pytest.mark.parametrize("policy", ["staging", "production"])
def test_the_guide_example_is_clean(policy: str) -> None:
    assert lint(EXAMPLE_ROOT, select=["SL6"], policy=policy) == []


RETIRED = "SL607"
"""Every railway.json/railway.toml of these tests is retired (tests/rules/test_railway_iac.py)."""

# -- start commands ---------------------------------------------------------------------------

OK = "ok"
BAD = "bad"
NONE = "none"

START_COMMANDS = [
    # The guide's command and the common good forms.
    ("uvicorn app.main:app --host 0.0.0.0 --port $PORT", OK),
    ("uvicorn app.main:app --host=0.0.0.0 --port=${PORT}", OK),
    ("uvicorn app.main:app --host :: --port ${PORT:-8000}", OK),
    ('uvicorn "app.main:app" --host "0.0.0.0" --port "$PORT"', OK),
    ('hypercorn main:app --bind "[::]:$PORT"', OK),  # Railway's FastAPI starter
    ("hypercorn main:app -b 0.0.0.0:$PORT --workers 2", OK),
    ("gunicorn mysite.wsgi", OK),  # gunicorn binds 0.0.0.0:$PORT when PORT is set
    ("gunicorn app.main:app -k uvicorn.workers.UvicornWorker -b [::]:$PORT", OK),
    ("gunicorn --bind=:$PORT app:app", OK),
    ("gunicorn -b0.0.0.0:${PORT:-8000} app:app", OK),
    ("gunicorn -b unix:/tmp/app.sock -b 0.0.0.0:$PORT app:app", OK),
    ("fastapi run", OK),  # 0.0.0.0 and PORT by default
    ("fastapi run app/main.py --port $PORT", OK),
    ("granian --interface asgi --host 0.0.0.0 --port $PORT app.main:app", OK),
    ("daphne -b 0.0.0.0 -p $PORT mysite.asgi:application", OK),
    ("flask --app app run --host 0.0.0.0 --port $PORT", OK),
    # Chains, shells and wrappers.
    ("npx prisma migrate deploy && uvicorn app.main:app --host 0.0.0.0 --port $PORT", OK),
    ("python manage.py migrate && python manage.py collectstatic --noinput && gunicorn x.wsgi", OK),
    ("alembic upgrade head; exec uvicorn app.main:app --host 0.0.0.0 --port $PORT", OK),
    ('sh -c "uvicorn app.main:app --host 0.0.0.0 --port $PORT"', OK),
    ("/bin/bash -lc 'cd api && uvicorn main:app --host 0.0.0.0 --port $PORT'", OK),
    ("python -m uvicorn app.main:app --host 0.0.0.0 --port $PORT", OK),
    ("python3.12 -u -m gunicorn app:app", OK),
    ("uv run uvicorn app.main:app --host 0.0.0.0 --port $PORT", OK),
    ("poetry run gunicorn app:app", OK),
    ("opentelemetry-instrument --traces_exporter otlp uvicorn app:app --host :: --port $PORT", OK),
    ("ddtrace-run gunicorn app:app", OK),
    ("doppler run -- uvicorn app:app --host 0.0.0.0 --port $PORT", OK),
    (".venv/bin/uvicorn app:app --host 0.0.0.0 --port $PORT", OK),
    # What the command cannot show is not judged.
    ("uvicorn app:app --host 0.0.0.0 --port $APP_PORT", OK),
    ("uvicorn app:app --host $HOST --port $PORT", OK),
    ("UVICORN_HOST=0.0.0.0 UVICORN_PORT=$PORT uvicorn app:app", OK),
    ("uvicorn app:app --uds /tmp/uvicorn.sock", OK),
    ("hypercorn -c hypercorn.toml app:app", OK),
    ("gunicorn -b $BIND app:app", OK),
    # Wrong bindings.
    ("uvicorn main:app --host 0.0.0.0 --port 8000 --workers 2", BAD),
    ("uvicorn app.main:app", BAD),
    ("uvicorn app.main:app --port $PORT", BAD),
    ("uvicorn app.main:app --host 0.0.0.0", BAD),
    ("uvicorn app.main:app --host 127.0.0.1 --port $PORT", BAD),
    ("uvicorn app.main:app --host localhost --port $PORT", BAD),
    ("hypercorn app:app", BAD),
    ("hypercorn app:app --bind 127.0.0.1:$PORT", BAD),
    ("gunicorn -b 0.0.0.0:8000 app:app", BAD),
    ("gunicorn --bind 0.0.0.0 app:app", BAD),
    ("gunicorn -b127.0.0.1:$PORT app:app", BAD),
    ("fastapi run --port 8000", BAD),
    ("fastapi dev app/main.py", BAD),
    ("granian --interface asgi app:app", BAD),
    ("daphne mysite.asgi:application", BAD),
    ("flask run", BAD),
    ("prisma migrate deploy && uvicorn app.main:app --host 0.0.0.0 --port 8080", BAD),
    ("sh -c 'uvicorn app:app --port $PORT'", BAD),
    ("uv run --no-sync uvicorn app:app --host 0.0.0.0 --port 80", BAD),
    ("python -m uvicorn app:app --port=3000 --host=0.0.0.0", BAD),
    # Not web servers, or nothing the rule can see.
    ("node dist/worker.js", NONE),
    ("bun start", NONE),
    ("npm run start", NONE),
    ("npm run start -- --port ${PORT:-3000}", NONE),
    ("python main.py", NONE),
    ("./start.sh", NONE),
    ("bash start.sh", NONE),
    ("celery -A app.worker worker --loglevel info", NONE),
    ("pip install uvicorn && node server.js", NONE),
    ("echo uvicorn app:app", NONE),
    ("fastapi deploy", NONE),
    ("flask db upgrade", NONE),
    ("uvicorn app:app --port 'unterminated", NONE),
    ("", NONE),
]


def _verdict(command: str, shell: bool = True) -> str:
    servers = find_servers(command, shell=shell)
    if not servers:
        return NONE
    return BAD if any(s.problems for s in servers) else OK


@pytest.mark.parametrize(
    ("command", "expected"), START_COMMANDS, ids=[c for c, _ in START_COMMANDS]
)
def test_start_command_analysis(command: str, expected: str) -> None:
    assert _verdict(command) == expected


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("uvicorn app:app --host 0.0.0.0 --port $PORT", BAD),  # $PORT reaches uvicorn as text
        ("gunicorn -b [::]:$PORT app:app", BAD),
        ('/bin/sh -c "exec uvicorn app:app --host 0.0.0.0 --port $PORT"', OK),
        ("gunicorn app:app", OK),  # gunicorn reads PORT from its environment itself
        ("fastapi run", OK),
        ("uvicorn app:app --host 0.0.0.0 --port 8000", BAD),
    ],
)
def test_exec_form_does_not_expand_port(command: str, expected: str) -> None:
    assert _verdict(command, shell=False) == expected
    servers = find_servers(command, shell=False)
    if "$PORT" in command and expected == BAD:
        assert servers[0].unexpanded


def test_problems_quote_only_the_offending_part() -> None:
    (start,) = find_servers("SECRET_TOKEN=s3cr3t-v4lue uvicorn app:app --host 0.0.0.0 --port 8000")
    assert start.server == "uvicorn"
    assert start.problems == ("hard-codes `--port 8000`",)
    (start,) = find_servers("uvicorn app:app")
    assert start.problems == ("binds 127.0.0.1 (no --host)", "listens on port 8000 (no --port)")


def test_service_variables_stand_in_for_options() -> None:
    (start,) = find_servers("uvicorn app:app", env={"UVICORN_HOST", "UVICORN_PORT"})
    assert start.problems == ()
    (start,) = find_servers("granian app:app", env={"GRANIAN_PORT"})
    assert start.problems == ("binds 127.0.0.1 (no --host)",)


def test_every_server_is_recognised() -> None:
    assert set(SERVER_NAMES) == {
        "uvicorn",
        "gunicorn",
        "hypercorn",
        "granian",
        "daphne",
        "fastapi run",
        "fastapi dev",
        "flask run",
    }


@pytest.mark.parametrize(
    ("command", "hint"),
    [
        ("uvicorn app:app --host 0.0.0.0 --port $PORT", "runs uvicorn"),
        ("npx --yes serve -s dist -l $PORT", "listens on $PORT"),
        ("npm run start -- --port ${PORT:-3000}", "listens on $PORT"),
        ("pnpm exec next start", "runs next start"),
        ("node dist/worker.js", None),
        ("python -m app.worker", None),
        ("echo $PORTAL", None),
    ],
)
def test_web_server_hint(command: str, hint: str | None) -> None:
    assert web_server_hint(command) == hint


# -- one finding, one diagnostic ---------------------------------------------------------------


def test_wrong_types_are_sl003_only(tmp_path: Path) -> None:
    """Types and enums belong to SL003; ranges to the SL6 rules; never both."""
    _railway(
        tmp_path,
        {
            "$schema": SCHEMA,
            "deploy": {
                "startCommand": "uvicorn app.main:app --host 0.0.0.0 --port $PORT",
                "healthcheckPath": "/health",
                "healthcheckTimeout": "100",
                "restartPolicyType": "ON_FAIL",
                "restartPolicyMaxRetries": 2.5,
            },
        },
    )
    (tmp_path / "frontend").mkdir()
    (tmp_path / "frontend" / "vercel.json").write_text(
        json.dumps(
            {
                "regions": ["iad1", 1],
                "functions": {"app/**": {"memory": "1024", "maxDuration": 1.5}},
            }
        ),
        encoding="utf-8",
    )
    codes = [d.code for d in lint(tmp_path, select=["SL003", "SL6"]) if d.code != RETIRED]
    assert codes and set(codes) == {"SL003"}


def test_ranges_are_the_sl6_rules_only(tmp_path: Path) -> None:
    _railway(
        tmp_path,
        {
            "$schema": SCHEMA,
            "deploy": {
                "startCommand": "uvicorn app.main:app --host 0.0.0.0 --port $PORT",
                "healthcheckPath": "/health",
                "healthcheckTimeout": -1,
            },
        },
    )
    (tmp_path / "frontend").mkdir()
    (tmp_path / "frontend" / "vercel.json").write_text(
        json.dumps({"regions": ["iad9"], "functions": {"app/**": {"memory": 99999}}}),
        encoding="utf-8",
    )
    codes = sorted(d.code for d in lint(tmp_path, select=["SL0", "SL6"]) if d.code != RETIRED)
    assert codes == ["SL601", "SL604", "SL605"]


# -- environments -----------------------------------------------------------------------------


def test_which_blocks_each_policy_judges(tmp_path: Path) -> None:
    """Staging judges its effective config and other pre-production blocks in place;
    production judges only its own; development blocks get nothing, like development files."""
    _railway(
        tmp_path,
        {
            "$schema": SCHEMA,
            "deploy": {
                "startCommand": "uvicorn app.main:app --host 0.0.0.0 --port $PORT",
                "healthcheckPath": "/health",
                "restartPolicyType": "ON_FAILURE",
                "restartPolicyMaxRetries": 10,
            },
            "environments": {
                name: {"deploy": {"restartPolicyType": "never"}}
                for name in ("staging", "production", "pr", "qa", "development")
            },
        },
    )

    def judged(policy: str) -> list[str]:
        return sorted(str(d.environment) for d in lint(tmp_path, select=["SL603"], policy=policy))

    assert judged("staging") == ["pr", "qa", "staging"]
    assert judged("production") == ["production"]


def test_base_findings_are_reported_once(tmp_path: Path) -> None:
    _railway(
        tmp_path,
        {
            "$schema": SCHEMA,
            "build": {"builder": "NIXPACKS"},
            "deploy": {"startCommand": "uvicorn app:app --port 8000"},
            "environments": {"pr": {"deploy": {"numReplicas": 1}}, "qa": {}},
        },
    )
    found = [(d.code, d.environment) for d in lint(tmp_path, select=["SL6"]) if d.code != RETIRED]
    assert sorted(found, key=str) == [("SL601", None), ("SL602", None), ("SL606", None)]


def test_sl601_relates_the_start_command(tmp_path: Path) -> None:
    _railway(tmp_path, {"deploy": {"startCommand": "gunicorn app:app"}})
    (diag,) = lint(tmp_path, select=["SL601"])
    assert (diag.location.line, diag.location.column) == (2, 3)
    assert [(r.location.line, r.message) for r in diag.related] == [
        (3, "startCommand runs gunicorn")
    ]


def test_messages_never_quote_the_whole_start_command(tmp_path: Path) -> None:
    secret = "sk_live_9fQ2pL7xW4mZ8rT1vB6nC3kD0hJ5gS"
    _railway(
        tmp_path,
        {"deploy": {"startCommand": f"API_KEY={secret} uvicorn app:app --port 8000"}},
    )
    diagnostics = lint(tmp_path, select=["SL6"])
    assert {d.code for d in diagnostics} == {"SL601", "SL602", RETIRED}
    for diag in diagnostics:
        assert secret not in diag.message
        assert all(secret not in r.message for r in diag.related)


# -- Vercel limits and regions ----------------------------------------------------------------


def _limits(
    options: VercelFunctionLimits.Options, vercel_plan: str | None = None
) -> tuple[int, int]:
    """(memory limit, duration limit) of SL604 under a policy with ``vercel_plan``."""
    policy = Policy(name="team", vercel_plan=vercel_plan)
    ctx = Context(Project(root=Path(".")), policy)
    memory, duration = VercelFunctionLimits(options).limits(ctx)
    return memory.value, duration.value


def test_function_limits_follow_the_plan() -> None:
    """Today's limits (PLATFORMS.md): Hobby 2 GB / 300 s, Pro and Enterprise 4 GB / 1800 s;
    without a plan, what no plan exceeds."""
    options = VercelFunctionLimits.Options
    assert _limits(options()) == (4096, 1800)
    assert _limits(options(), "hobby") == (2048, 300)
    assert _limits(options(), "pro") == (4096, 1800)
    assert _limits(options(), "enterprise") == (4096, 1800)
    # the rule's own options win over the policy
    assert _limits(options(plan="hobby"), "enterprise") == (2048, 300)
    assert _limits(options(plan="hobby", max_duration=60)) == (2048, 60)
    assert _limits(options(max_memory=10240), "hobby") == (10240, 300)
    with pytest.raises(ValueError, match="max_duration"):
        options(max_duration=0)
    with pytest.raises(ValueError, match="max_duration"):
        options(max_duration=3600)
    with pytest.raises(ValueError, match="max_memory"):
        options(max_memory=64)
    with pytest.raises(ValueError, match="max_memory"):
        options(max_memory=20480)


def test_vercel_plan_is_a_policy_option(tmp_path: Path) -> None:
    """``vercel_plan`` in a user's pack is validated and reaches SL604."""
    (tmp_path / "team.yaml").write_text("name: team\nextends: staging\nvercel_plan: hobby\n")
    (tmp_path / "bad.yaml").write_text("name: bad\nextends: staging\nvercel_plan: team\n")
    registry = load_registry()
    assert load_policy("team.yaml", registry, tmp_path).vercel_plan == "hobby"
    assert load_policy("staging", registry, tmp_path).vercel_plan is None
    with pytest.raises(ConfigError, match=r"vercel[_-]plan"):
        load_policy("bad.yaml", registry, tmp_path)


def test_options_from_a_user_policy() -> None:
    """A user's YAML goes through pydantic: lists become tuples, checks still apply."""
    limits = VercelFunctionLimits.Options
    assert _limits(limits.validate_options({"plan": "enterprise"})) == (4096, 1800)
    with pytest.raises(ValidationError):
        limits.validate_options({"plan": "team"})
    regions = VercelRegion.Options
    assert regions.validate_options({"extra_regions": ["dxb1"]}).extra_regions == ("dxb1",)
    with pytest.raises(ValidationError):
        regions.validate_options({"extra_regions": ["Dubai 1"]})
    web = RailwayHealthcheck.Options
    assert web.validate_options({"web_services": ["api"]}).web_services == ("api",)


def test_shipped_regions_are_the_documented_list() -> None:
    documented = [
        "arn1",
        "bom1",
        "cdg1",
        "cle1",
        "cpt1",
        "dub1",
        "fra1",
        "gru1",
        "hkg1",
        "hnd1",
        "iad1",
        "icn1",
        "kix1",
        "lhr1",
        "pdx1",
        "sfo1",
        "sin1",
        "syd1",
        "yul1",
    ]
    assert sorted(shipped_regions()) == documented
    assert all(info.get("aws") and info.get("location") for info in shipped_regions().values())


def test_region_option_replaces_or_extends_the_list() -> None:
    assert set(VercelRegion().known()) == set(shipped_regions())
    assert set(VercelRegion(VercelRegion.Options(regions=("iad1",))).known()) == {"iad1"}
    extended = VercelRegion(VercelRegion.Options(extra_regions=("dxb1",))).known()
    assert "dxb1" in extended and "iad1" in extended


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("IAD1", "iad1"),
        ("us-east-1", "iad1"),
        ("eu-central-1", "fra1"),
        ("frankfurt", "fra1"),
        ("Sao-Paulo", None),  # the list spells it São Paulo
        ("london", "lhr1"),
        ("fra2", "fra1"),
        ("sfo", "sfo1"),
        ("bru1", None),  # a legacy region: gru1 is another city
        ("mars1", None),
    ],
)
def test_region_suggestions(value: str, expected: str | None) -> None:
    assert suggest(value, shipped_regions()) == expected


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab -_=./$\t\r\n\x0b\x0c\xa0\u2003'\"\\();<>|&"), max_size=30),
    st.booleans(),
)
def test_commands_split_as_shlex_splits_them(command: str, shell: bool) -> None:
    """The plain-words fast path of _split returns exactly what shlex returns."""
    import shlex

    from stagelint_rules._platforms import _split

    text = command.replace("\\\n", " ").replace("\n", " ; " if shell else " ")
    lexer = shlex.shlex(text, posix=True, punctuation_chars=shell)
    lexer.whitespace_split = True
    lexer.commenters = ""
    try:
        expected: list[str] | None = list(lexer)
    except ValueError:
        expected = None
    assert _split(command, shell) == expected
