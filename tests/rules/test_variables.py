"""SL501-SL505 and the policies' variable expectations (``stagelint.policy.expectations``)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

from stagelint.model.errors import ConfigError
from stagelint.policy.catalogue import load_catalogue
from stagelint.policy.expectations import (
    Expectation,
    build_expectations,
    expectations_of,
    matches_any,
)
from stagelint.policy.packs import PolicyFile, load_policy, parse_policy_yaml, read_resource
from stagelint.policy.registry import load_registry
from stagelint.policy.rule import DOC_SECTIONS, Rule
from stagelint.testing import lint

EXAMPLE_ROOT = Path(__file__).parents[2] / "examples" / "guide"
CODES = ("SL501", "SL502", "SL503", "SL504", "SL505")
RULES = [load_registry().rules[code] for code in CODES]
BLOCK = re.compile(r'```[a-z]+ path="([^"]+)"\n(.*?)```', re.DOTALL)


def _write(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def _section(rule: type[Rule], heading: str) -> dict[str, str]:
    doc = textwrap.dedent("\n".join((rule.__doc__ or "").splitlines()[1:]))
    body = doc.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return {path: text for path, text in BLOCK.findall(body)}


# --- the rules' documentation ------------------------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_docstring_sections(rule: type[Rule]) -> None:
    headings = re.findall(r"^    ## (.+)$", rule.__doc__ or "", re.MULTILINE)
    assert tuple(headings) == DOC_SECTIONS
    assert rule.summary().endswith(".")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_example_fires_and_use_instead_does_not(rule: type[Rule], tmp_path: Path) -> None:
    bad = _write(tmp_path / "bad", _section(rule, "Example"))
    good = _write(tmp_path / "good", _section(rule, "Use instead"))
    assert {d.code for d in lint(bad, select=[rule.code])} == {rule.code}
    assert lint(good, select=[rule.code]) == []


@pytest.mark.parametrize("policy", ["staging", "production"])
def test_the_guide_example_is_clean(policy: str) -> None:
    assert lint(EXAMPLE_ROOT, select=["SL5"], policy=policy) == []


# --- the shipped packs -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["staging", "production"])
def test_shipped_packs_validate_with_pydantic(name: str) -> None:
    from pydantic import TypeAdapter

    resource, _plugin = load_registry().policies[name]
    data = parse_policy_yaml(read_resource(resource), name, trusted=True)
    TypeAdapter(PolicyFile).validate_python(data)
    trusted = build_expectations(data["variables"], validate=False, origin=name)
    validated = build_expectations(data["variables"], validate=True, origin=name)
    assert trusted == validated
    for platform, table in trusted.by_platform.items():
        assert table, f"{name}: no expectations for {platform}"


def test_packs_agree_on_what_is_required() -> None:
    registry = load_registry()
    required = {}
    for name in ("staging", "production"):
        built = expectations_of(load_policy(name, registry))
        required[name] = {
            (platform, key)
            for platform, table in built.by_platform.items()
            for key, exp in table.items()
            if exp.required or exp.required_with
        }
    assert required["staging"] == required["production"]
    assert ("railway", "JWT_SECRET_KEY") in required["staging"]
    assert ("vercel", "NEXTAUTH_SECRET") in required["staging"]


# Values that a dedicated rule owns (RULES.md "one finding, one diagnostic"): the packs may
# require these variables but must not judge their values.
OWNED_BY_OTHER_RULES = {
    "environment-name": "SL501",
    "debug-flag": "SL502 (only its type is checked)",
    "payments-test-mode": "SL201",
    "sanity-dataset": "SL203",
    "sentry-environment": "SL205",
    "sentry-sample-rate": "SL205",
    "cors-origins": "SL401/SL403",
}


@pytest.mark.parametrize("name", ["staging", "production"])
def test_packs_leave_owned_values_to_their_rules(name: str) -> None:
    catalogue = load_catalogue()
    built = expectations_of(load_policy(name, load_registry()))
    for platform, table in built.by_platform.items():
        for key, exp in table.items():
            info = catalogue.get(key)
            role = info.role if info else None
            if role in OWNED_BY_OTHER_RULES:
                judged = (exp.equals, exp.one_of, exp.range, exp.pattern)
                assert all(v is None for v in judged), f"{platform}.{key}: value checks"
                if role != "debug-flag":
                    assert exp.type is None, f"{platform}.{key}: {OWNED_BY_OTHER_RULES[role]}"
            if info is not None and info.kind in ("url", "postgres-url", "redis-url"):
                assert exp.type != "url", f"{platform}.{key}: URL syntax is SL306's"
                assert exp.pattern is None, f"{platform}.{key}: URLs are SL3/SL4's"


# --- expectations: validation ------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"type": "bool", "range": [1, 2]}, "range needs type int or float"),
        ({"type": "int", "range": [5, 1]}, "minimum 5 is above its maximum 1"),
        ({"type": "int", "range": [None, None]}, "at least one bound"),
        ({"type": "int", "range": [1, "x"]}, "bounds must be numbers"),
        ({"pattern": "[a-"}, "invalid regular expression"),
        ({"pattern": "(?=a)a"}, "no look-around or back-references"),
        ({"type": "bool", "equals": "maybe"}, "'maybe' is not true or false"),
        ({"type": "int", "one_of": [1, "two"]}, "'two' is not an integer"),
        ({"type": "email", "equals": "nobody"}, "not an email address"),
        ({"one_of": []}, "at least one value"),
    ],
)
def test_invalid_expectations(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)) as info:
        build_expectations({"railway": {"WORKERS": fields}}, validate=False, origin="p")
    assert "variables.railway.WORKERS" in str(info.value)


def test_glob_keys_cannot_be_required() -> None:
    with pytest.raises(ConfigError, match=re.escape("variables.vercel.FEATURE_*: a glob")):
        build_expectations({"vercel": {"FEATURE_*": {"required": True}}}, False, "p")


def test_unknown_platform() -> None:
    with pytest.raises(ConfigError, match=re.escape("variables.heroku: unknown platform")):
        build_expectations({"heroku": {}}, False, "p")


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("WORKERS: {type: integer}", '"variables.railway.WORKERS.type" must be one of'),
        ("WORKERS: {typ: int}", 'unknown setting "variables.railway.WORKERS.typ"'),
        ("WORKERS: {type: int, range: [5, 1]}", '"variables.railway.WORKERS": range minimum'),
        ("WORKERS: {pattern: '[0-'}", '"variables.railway.WORKERS": pattern: invalid regular'),
        ("WORKERS: {required: maybe}", '"variables.railway.WORKERS.required" must be true'),
    ],
)
def test_user_policy_with_a_bad_expectation(tmp_path: Path, yaml_text: str, message: str) -> None:
    (tmp_path / "team.yaml").write_text(
        f"name: team\nextends: staging\nvariables:\n  railway:\n    {yaml_text}\n"
    )
    with pytest.raises(ConfigError) as info:
        load_policy(str(tmp_path / "team.yaml"), load_registry())
    assert message in str(info.value)
    assert "team.yaml" in str(info.value)


def test_user_policy_conflicting_with_the_pack(tmp_path: Path) -> None:
    """Each layer is valid alone; the merged expectation (type int, equals 'two') is not."""
    (tmp_path / "team.yaml").write_text(
        "name: team\nextends: staging\nvariables:\n  railway:\n    WORKERS: {equals: two}\n"
    )
    policy = load_policy(str(tmp_path / "team.yaml"), load_registry())
    with pytest.raises(
        ConfigError, match=re.escape("policy team: variables.railway.WORKERS: equals")
    ):
        expectations_of(policy)


def test_user_policy_merges_field_by_field(tmp_path: Path) -> None:
    (tmp_path / "team.yaml").write_text(
        "name: team\nextends: staging\nvariables:\n  railway:\n"
        "    WORKERS: {range: [1, 8]}\n    REDIS_URL: null\n"
        "    LOG_LEVEL: {one_of: [debug, info]}\n"
    )
    built = expectations_of(load_policy(str(tmp_path / "team.yaml"), load_registry()))
    railway = built.by_platform["railway"]
    assert railway["WORKERS"] == Expectation(type="int", range=(1, 8))
    assert "REDIS_URL" not in railway
    assert railway["LOG_LEVEL"].one_of == ("debug", "info")
    assert railway["JWT_SECRET_KEY"].required


# --- expectations: checking values -------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "text", "expected"),
    [
        ({"type": "int"}, "2", None),
        ({"type": "int"}, "two", "an integer"),
        ({"type": "int"}, "2.5", "an integer"),
        ({"type": "int", "range": [1, None]}, "0", "at least 1"),
        ({"type": "int", "range": [None, 8]}, "9", "at most 8"),
        ({"type": "float", "range": [0, 1]}, "1.0", None),
        ({"type": "float", "range": [0, 1]}, "1e3", "between 0 and 1"),
        ({"range": [0, 1]}, "0.5", None),
        ({"type": "bool"}, "YES", None),
        ({"type": "bool"}, "maybe", "true or false"),
        ({"equals": False}, "0", None),
        ({"equals": False}, "off", None),
        ({"equals": False}, "true", "false"),
        ({"equals": True}, "1", None),
        ({"equals": "production"}, "production", None),
        ({"equals": "production"}, "Production", "production"),
        ({"one_of": ["0.0.0.0", "::"]}, "::", None),
        ({"one_of": ["0.0.0.0", "::"]}, "localhost", "one of 0.0.0.0, ::"),
        ({"type": "int", "one_of": [1, 2, 4]}, "04", None),
        ({"type": "email"}, "staging@example-shop.com", None),
        ({"type": "email"}, "staging.example-shop.com", "an email address"),
        ({"type": "url"}, "https://api.example-shop.com", None),
        ({"type": "url"}, "api.example-shop.com", "a URL with a scheme and a host"),
        ({"type": "url"}, "https://api.example-shop.com:port", "a URL with a scheme and a host"),
        ({"pattern": "[0-9]+"}, "48213", None),
        ({"pattern": "[0-9]+"}, "48213a", "a value matching [0-9]+"),
        ({"pattern": "(?i)[-a-z0-9]+"}, "K7X9P2QD", None),
        ({"type": "int", "pattern": "[0-9]{4}"}, "123", "a value matching [0-9]{4}"),
    ],
)
def test_failure(fields: dict[str, Any], text: str, expected: str | None) -> None:
    built = build_expectations({"railway": {"KEY": fields}}, validate=True, origin="p")
    failed = built.by_platform["railway"]["KEY"].failure(text)
    assert (failed.expected if failed else None) == expected


def test_type_check_can_be_left_to_another_rule() -> None:
    exp = Expectation(type="url")
    assert exp.failure("not a url", check_type=False) is None
    assert exp.failure("not a url") is not None


def test_value_type_is_inferred() -> None:
    assert Expectation(equals=True).value_type == "bool"
    assert Expectation(one_of=(1, 2)).value_type == "int"
    assert Expectation(one_of=(1, 2.5)).value_type == "float"
    assert Expectation(range=(0, 1)).value_type == "float"
    assert Expectation(equals="x").value_type == "string"
    assert Expectation().value_type == "string"
    assert not Expectation(required=True).checks_value


@pytest.mark.parametrize(
    ("key", "patterns", "expected"),
    [
        ("BASIC_AUTH_USER", ("BASIC_AUTH_*",), True),
        ("SEED_USERS", ("SEED_*", "X"), True),
        ("X", ("SEED_*", "X"), True),
        ("FEATURE_X", ("SEED_*", "X"), False),
        ("basic_auth_user", ("BASIC_AUTH_*",), False),
    ],
)
def test_matches_any(key: str, patterns: tuple[str, ...], expected: bool) -> None:
    assert matches_any(key, patterns) is expected


def test_expectations_cover_aliases_and_globs() -> None:
    catalogue = load_catalogue()
    built = expectations_of(load_policy("staging", load_registry()))
    (own,) = built.matching("WEB_CONCURRENCY", ["railway"], catalogue)
    assert own.key == "WORKERS"
    found = built.matching("FEATURE_MAINTENANCE_MODE", ["vercel"], catalogue)
    assert [e.key for e in found] == ["FEATURE_MAINTENANCE_MODE", "FEATURE_*"]
    assert built.matching("WORKERS", ["vercel"], catalogue) == ()
    required = {e.key for e in built.required(["vercel"], {"SENTRY_DSN"}, catalogue)}
    assert "SENTRY_ENVIRONMENT" in required
    required = {e.key for e in built.required(["vercel"], set(), catalogue)}
    assert "SENTRY_ENVIRONMENT" not in required
    names = built.required_names(["vercel"], set(), catalogue)
    assert {"NEXTAUTH_SECRET", "AUTH_SECRET", "NEXT_PUBLIC_APP_URL"} <= names


# --- messages ------------------------------------------------------------------------------


def test_messages_never_quote_secrets(tmp_path: Path) -> None:
    """Secret values, and secret-looking values in the wrong variable, stay out of messages."""
    secret = "sk_live_9fQ2pL7xW4mZ8rT1vB6nC3kD0hJ5gS"
    short = "aB3dE5fG7hJ9kL1m"
    _write(
        tmp_path,
        {
            "team.yaml": """
                name: team
                extends: staging
                variables:
                  railway:
                    LEMON_SQUEEZY_API_KEY: {pattern: 'eyJ.*'}
                """,
            "backend/railway.json": "{}",
            "backend/.env.staging": f"""
                PYTHON_ENV={secret}
                APP_ENV={short}
                WORKERS={secret}
                LEMON_SQUEEZY_STORE_ID={short}
                LEMON_SQUEEZY_API_KEY={secret}
                DEBUG={secret}
                """,
            "backend/.env.production": f"SESSION_SECRET={secret}\n",
            "backend/.env.example": "PYTHON_ENV=development\n",
        },
    )
    diagnostics = lint(tmp_path, select=["SL5"], policy="team.yaml")
    assert {d.code for d in diagnostics} == {"SL501", "SL503", "SL504", "SL505"}
    for diag in diagnostics:
        for text in (diag.message, *(r.message for r in diag.related)):
            assert secret not in text
            assert short not in text


def test_short_plain_values_are_quoted(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "backend/railway.json": "{}",
            "backend/.env.staging": "PYTHON_ENV=production\nWORKERS=two\n",
        },
    )
    messages = [d.message for d in lint(tmp_path, select=["SL501", "SL504"])]
    assert messages == [
        "PYTHON_ENV says 'production' in staging; expected staging (or stage, preview)",
        "WORKERS is 'two' in staging; expected an integer",
    ]


# --- rule options --------------------------------------------------------------------------


def test_debug_enabled_judges_only_its_environments(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "qa.yaml": "name: qa\nextends: staging\nenvironment: qa\n",
            "qa-strict.yaml": (
                "name: qa-strict\nextends: qa.yaml\n"
                "rules:\n  SL502: {options: {environments: [qa]}}\n"
            ),
            "backend/railway.json": "{}",
            "backend/.env.qa": "DEBUG=true\n",
        },
    )
    assert lint(tmp_path, select=["SL502"], policy="qa.yaml") == []
    assert [d.code for d in lint(tmp_path, select=["SL502"], policy="qa-strict.yaml")] == ["SL502"]


def test_wrong_environment_spellings_keep_the_other_defaults(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "team.yaml": (
                "name: team\nextends: production\n"
                "rules:\n  SL501: {options: {spellings: {staging: [stg]}}}\n"
            ),
            "backend/railway.json": "{}",
            "backend/.env.production": "PYTHON_ENV=prod\n",
        },
    )
    assert lint(tmp_path, select=["SL501"], policy="team.yaml") == []


def test_wrong_environment_options_are_validated(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "team.yaml": (
                "name: team\nextends: staging\n"
                "rules:\n  SL501: {options: {spellings: {staging: []}}}\n"
            ),
            "backend/railway.json": "{}",
            "backend/.env.staging": "PYTHON_ENV=staging\n",
        },
    )
    with pytest.raises(ConfigError, match=re.escape("spellings.staging must list non-empty names")):
        lint(tmp_path, select=["SL501"], policy="team.yaml")


def test_sl505_reports_a_file_pair_once_naming_the_variables() -> None:
    """Real repositories drowned their errors in one warning per variable (33 of 39
    findings in one): one finding per file pair, related to every line it names."""
    case = Path(__file__).parent / "SL505" / "bad" / "many-variables-one-finding"
    (diag,) = lint(case, select=["SL505"])
    assert diag.message == (
        "REDIS_URL, SENTRY_DSN, POSTHOG_HOST and 3 more are set in production but not in "
        "staging; expected in both, or listed under environment_specific"
    )
    assert [r.message for r in diag.related][:2] == [
        "REDIS_URL is set in production here",
        "SENTRY_DSN is set in production here",
    ]
    assert len(diag.related) == 6
    assert diag.variable is None
    assert diag.fingerprint == (
        "FEATURE_NEW_CHECKOUT,MAILGUN_DOMAIN,POSTHOG_HOST,REDIS_URL,SEARCH_INDEX,SENTRY_DSN"
    )
