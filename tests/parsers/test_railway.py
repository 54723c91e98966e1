"""The Railway loader: corpus files, the schema's decisions, message safety, import hygiene."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stagelint.model.deployment import Location, Problem, RailwayConfig
from stagelint.model.source import SourceText, read_source
from stagelint.parsers.railway import load_railway
from tests.conftest import corpus_dir, corpus_files
from tests.support import fresh_python


def load(text: str, path: str = "railway.json") -> RailwayConfig:
    return load_railway(SourceText(path, text))


def found(config: RailwayConfig) -> list[tuple[str, int, int, str]]:
    return [(p.kind, p.location.line, p.location.column, p.message) for p in config.problems]


def only(config: RailwayConfig) -> Problem:
    assert len(config.problems) == 1, config.problems
    return config.problems[0]


# ---------------------------------------------------------------------------- the corpus

VARIABLES = (
    "variables cannot be set in config as code; set them in the Railway dashboard or with "
    "the Railway CLI"
)
SERVICES = (
    'unknown key "services" at the top level: config as code describes one service; give '
    "each service its own railway.json or railway.toml in its directory"
)

EXPECTED = {
    "0-Zt__crypto-dashboard-backend__railway.toml": [
        ("unknown-key", 10, 9, 'unknown key "railway" in deploy'),
    ],
    "0-virus-sjs__AllerReAlert__backend__railway.json": [
        (
            "unknown-key",
            8,
            5,
            'unknown key "releaseCommand" in deploy; did you mean "preDeployCommand"?',
        ),
    ],
    "0090ay__taskflow__railway.toml": [("unknown-key", 12, 3, SERVICES)],
    "01RG0__bella-bot__railway.json": [
        ("unknown-key", 2, 5, 'unknown key "schema" at the top level; did you mean "$schema"?'),
    ],
    "01RG0__bella-bot__railway.toml": [
        (
            "unknown-key",
            7,
            1,
            'unknown key "healthcheck" in deploy; did you mean "healthcheckPath"?',
        ),
        (
            "unknown-key",
            8,
            1,
            'unknown key "restartPolicy" in deploy; did you mean "restartPolicyType"?',
        ),
    ],
    "0khat0__MAS-Member-Hub-2.0__railway.toml": [("unknown-key", 8, 3, SERVICES)],
    "0x1223__wavstat-api__railway.toml": [
        (
            "unknown-key",
            12,
            26,
            f'unknown key "variables" in environments.production: {VARIABLES}',
        ),
    ],
    "0xBunch__dailybunch__railway.toml": [
        (
            "unknown-key",
            14,
            3,
            'unknown key "crons" at the top level: a cron service is one service with '
            "deploy.cronSchedule",
        ),
    ],
    "0xJulo__stable-center-backend__railway.toml": [
        (
            "unknown-key",
            13,
            2,
            'unknown key "environment" at the top level; did you mean "environments"? '
            "(per-environment build and deploy overrides go under environments.<name>; "
            "variables cannot be set in config as code)",
        ),
    ],
    "heclates__tg_bot__railway.schema.json": [
        (
            "unknown-key",
            5,
            5,
            'unknown key "installCommand" in build; did you mean "buildCommand"? '
            "(Railway has no separate install step; install in buildCommand)",
        ),
    ],
    "jayc13__my-dashboard__cron__railway.toml": [
        (
            "unknown-key",
            5,
            2,
            'unknown key "source" at the top level: the repository, branch and root '
            "directory are service settings in the Railway dashboard",
        ),
        (
            "unknown-key",
            14,
            1,
            'unknown key "cronJobsEnabled" in deploy; did you mean "cronSchedule"? '
            "(a cron service is a service with a cronSchedule)",
        ),
        (
            "unknown-key",
            17,
            9,
            'unknown key "resources" in deploy: CPU and memory limits are service settings '
            "in the Railway dashboard",
        ),
        (
            "unknown-key",
            21,
            26,
            f'unknown key "variables" in environments.production: {VARIABLES}',
        ),
    ],
    "kalil1010__zosai-bot__railway.schema.json": [
        ("unknown-key", 13, 5, f'unknown key "envVars" in deploy: {VARIABLES}'),
    ],
}


@pytest.mark.parametrize("path", corpus_files("railway"), ids=lambda p: p.name)
def test_corpus_file(path: Path) -> None:
    source = read_source(str(path), path.name)
    assert isinstance(source, SourceText)
    config = load_railway(source)
    assert config.data is not None
    assert found(config) == EXPECTED.get(path.name, [])
    for problem in config.problems:
        assert problem.location.path == path.name


def test_every_invalid_corpus_file_is_expected() -> None:
    folder = corpus_dir("railway")
    names = {p.name for p in folder.iterdir()}
    assert set(EXPECTED) <= names
    provenance = (folder.parent / "PROVENANCE.md").read_text(encoding="utf-8")
    invalid = {
        line.split("`")[1].split("/", 1)[1]
        for line in provenance.splitlines()
        if line.startswith("- `railway/") and "INVALID" in line
    }
    assert invalid <= set(EXPECTED)


def test_official_templates_are_clean() -> None:
    templates = [p for p in corpus_files("railway") if p.name.startswith("railwayapp")]
    if not templates:
        pytest.skip("shared corpus not available")
    for path in templates:
        config = load_railway(SourceText(path.name, path.read_text(encoding="utf-8")))
        assert config.problems == [], path.name


def test_toml_locations_point_into_headers_and_inline_tables() -> None:
    config = load('[deploy]\nhealthcheck = {path = "/", timeout = 100}\n', "railway.toml")
    assert only(config).location == Location("railway.toml", 2, 1, 2, 12)
    config = load("[deploy.railway]\nregion = 'x'\n", "railway.toml")
    assert only(config).location == Location("railway.toml", 1, 9, 1, 16)


# ---------------------------------------------------------------------------- the schema


def test_a_complete_valid_config() -> None:
    config = load(
        """{
  "$schema": "https://railway.com/railway.schema.json",
  "build": {
    "builder": "RAILPACK", "buildCommand": null, "watchPatterns": ["backend/**"],
    "dockerfilePath": "Dockerfile", "railpackVersion": "0.2.2",
    "nixpacksConfigPath": "nixpacks.toml", "nixpacksPlan": {"phases": {}},
    "nixpacksVersion": "1.29.0", "buildEnvironment": "V3"
  },
  "deploy": {
    "startCommand": "uvicorn app.main:app --host 0.0.0.0 --port $PORT",
    "preDeployCommand": ["alembic upgrade head"], "numReplicas": 2,
    "multiRegionConfig": {"us-west2": {"numReplicas": 1}, "europe-west4-drams3a": null},
    "healthcheckPath": "/health", "healthcheckTimeout": 300,
    "restartPolicyType": "ON_FAILURE", "restartPolicyMaxRetries": 5,
    "cronSchedule": "*/15 * * * *", "overlapSeconds": "60", "drainingSeconds": 10,
    "sleepApplication": false, "region": "us-west2", "runtime": "V2",
    "limitOverride": {"containers": {"memoryBytes": 3000000000}},
    "requiredMountPath": "/data", "useLegacyStacker": false, "ipv6EgressEnabled": false
  },
  "environments": {
    "staging": {"deploy": {"numReplicas": 1, "sleepApplication": true}},
    "pr": {"build": {"builder": "DOCKERFILE"}}
  }
}"""
    )
    assert config.problems == []
    assert config.deploy_setting("numReplicas", "staging").value == 1  # type: ignore[union-attr]
    assert config.environment_names == ["staging", "pr"]


@pytest.mark.parametrize(
    "value", ["nixpacks", "NIXPACKS", "Railpack", "dockerfile", "heroku", "PAKETO"]
)
def test_builders_match_case_insensitively_and_deprecated_ones_are_valid(value: str) -> None:
    assert load(f'{{"build": {{"builder": "{value}"}}}}').problems == []


@pytest.mark.parametrize("value", ["never", "on_failure", "Always", "ON_FAILURE"])
def test_restart_policies_match_case_insensitively(value: str) -> None:
    assert load(f'[deploy]\nrestartPolicyType = "{value}"\n', "railway.toml").problems == []


def test_enum_errors_show_the_value_and_the_choices() -> None:
    problem = only(load('{"deploy": {"restartPolicyType": "ON_FAIL"}}'))
    assert problem.kind == "invalid-config-value"
    assert problem.message == (
        'deploy.restartPolicyType is "ON_FAIL"; expected one of ON_FAILURE, ALWAYS, NEVER'
    )
    assert problem.location == Location("railway.json", 1, 34, 1, 43)
    problem = only(load('{"build": {"builder": "NIXPAK"}}'))
    assert problem.message == (
        'build.builder is "NIXPAK"; expected one of RAILPACK, DOCKERFILE '
        "(or the deprecated NIXPACKS, HEROKU, PAKETO)"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"deploy": {"healthcheckTimeout": "30s"}}',
            "deploy.healthcheckTimeout is a string; expected an integer",
        ),
        (
            '{"deploy": {"healthcheckTimeout": "30"}}',
            'deploy.healthcheckTimeout is the string "30"; expected an integer',
        ),
        ('{"deploy": {"numReplicas": 1.5}}', "deploy.numReplicas is 1.5; expected an integer"),
        (
            '{"deploy": {"restartPolicyMaxRetries": true}}',
            "deploy.restartPolicyMaxRetries is true; expected an integer",
        ),
        (
            '{"deploy": {"overlapSeconds": "soon"}}',
            "deploy.overlapSeconds is a string; expected an integer",
        ),
        (
            '{"deploy": {"sleepApplication": "false"}}',
            'deploy.sleepApplication is the string "false"; expected true or false',
        ),
        (
            '{"deploy": {"preDeployCommand": ["npm run migrate", 3]}}',
            "deploy.preDeployCommand[1] is 3; expected a string",
        ),
        (
            '{"deploy": {"preDeployCommand": 3}}',
            "deploy.preDeployCommand is 3; expected a string or an array of strings",
        ),
        (
            '{"build": {"watchPatterns": "src/**"}}',
            "build.watchPatterns is a string; expected an array of strings",
        ),
        (
            '{"deploy": {"multiRegionConfig": {"us-west2": {"numReplicas": "2"}}}}',
            'deploy.multiRegionConfig.us-west2.numReplicas is the string "2"; expected an integer',
        ),
        ('{"deploy": "npm start"}', "deploy is a string; expected an object"),
        (
            '{"environments": {"staging": {"deploy": {"numReplicas": "x"}}}}',
            "environments.staging.deploy.numReplicas is a string; expected an integer",
        ),
        ("[]", "the top level is an array; expected an object"),
        ('"railway"', "the top level is a string; expected an object"),
    ],
)
def test_type_errors(text: str, message: str) -> None:
    problem = only(load(text))
    assert (problem.kind, problem.message) == ("invalid-config-value", message)


def test_toml_wording_says_table() -> None:
    problem = only(load('deploy = "npm start"\n', "railway.toml"))
    assert problem.message == "deploy is a string; expected a table"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"deploy": {"healthCheckPath": "/"}}',
            '"healthCheckPath" in deploy; did you mean "healthcheckPath"?',
        ),
        (
            '{"deploy": {"startComand": "x"}}',
            '"startComand" in deploy; did you mean "startCommand"?',
        ),
        (
            '{"build": {"watchPaterns": []}}',
            '"watchPaterns" in build; did you mean "watchPatterns"?',
        ),
        (
            '{"environments": {"staging": {"deploy": {}, "variables": {}}}}',
            '"variables" in environments.staging: variables cannot',
        ),
        ('{"zzz": 1}', '"zzz" at the top level'),
    ],
)
def test_unknown_keys_suggest_the_nearest_valid_key(text: str, message: str) -> None:
    problem = only(load(text))
    assert problem.kind == "unknown-key"
    assert problem.message.startswith("unknown key " + message)


def test_unknown_keys_are_kept_in_the_data() -> None:
    config = load('{"deploy": {"releaseCommand": "npx prisma migrate deploy"}}')
    assert config.data == {"deploy": {"releaseCommand": "npx prisma migrate deploy"}}
    assert config.setting("deploy", "releaseCommand") is not None


def test_environment_overrides_resolve_with_positions() -> None:
    config = load(
        "[deploy]\nnumReplicas = 2\n[environments.staging.deploy]\nnumReplicas = 1\n",
        "railway.toml",
    )
    setting = config.deploy_setting("numReplicas", "staging")
    assert setting is not None and setting.value == 1
    assert setting.location == Location("railway.toml", 4, 15, 4, 16)
    production = config.deploy_setting("numReplicas", "production")
    assert production is not None and production.location.line == 2


def test_parse_errors_become_problems() -> None:
    config = load('{"deploy": {"startCommand": "x",}}')
    assert config.data is None
    assert found(config) == [("parse-error", 1, 32, "trailing comma before '}'")]
    assert config.problems[0].location.end_column == 33
    config = load("[deploy\nx = 1\n", "railway.toml")
    assert config.data is None
    assert config.problems[0].kind == "parse-error"
    assert config.problems[0].location.line == 1


def test_duplicate_json_keys_are_reported() -> None:
    config = load('{"deploy": {"numReplicas": 1, "numReplicas": 2}}')
    (problem,) = config.problems
    assert problem.kind == "duplicate-key"
    assert config.data == {"deploy": {"numReplicas": 2}}
    assert problem.related[0][0].column == 13


def test_comments_of_toml_files_are_kept_for_suppressions() -> None:
    config = load("[deploy]  # stagelint: ignore SL601\nstartCommand = 'x'\n", "railway.toml")
    assert config.comments == {1: "stagelint: ignore SL601"}


def test_file_name_decides_the_format() -> None:
    text = '{"build": {"builder": "NIXPACKS"}}'
    assert load(text, "apps/api/railway.schema.json").problems == []
    assert load(text, "railway.TOML").problems[0].kind == "parse-error"


SECRET = "sk_live_7f3a9c2e41b84d5f"


@pytest.mark.parametrize(
    "text",
    [
        f'{{"deploy": {{"numReplicas": "{SECRET}"}}}}',
        f'{{"deploy": {{"sleepApplication": "{SECRET}"}}}}',
        f'{{"deploy": {{"startCommand": ["{SECRET}"]}}}}',
        f'{{"deploy": {{"preDeployCommand": {{"x": "{SECRET}"}}}}}}',
        f'{{"build": {{"watchPatterns": ["{SECRET}", 1]}}}}',
        f'{{"deploy": {{"healthcheckPath": 1, "startCommand": "{SECRET}"}}}}',
        f'{{"deploy": {{"startCommand": "x", "startCommand": "{SECRET}"}}}}',
        f'{{"deploy": {{"startCommand": "{SECRET}",}}}}',
        f'{{"deploy": {{"startCommand": {SECRET}}}}}',
        f'[deploy]\nstartCommand = "{SECRET}\n',
    ],
)
def test_messages_never_show_free_strings(text: str) -> None:
    path = "railway.toml" if text.startswith("[") else "railway.json"
    config = load(text, path)
    assert config.problems
    for problem in config.problems:
        assert SECRET not in problem.message
        assert "sk_live" not in problem.message
        assert all(SECRET not in message for _, message in problem.related)


@settings(max_examples=200)
@given(
    st.sampled_from(
        ["numReplicas", "healthcheckTimeout", "sleepApplication", "overlapSeconds", "region"]
    ),
    st.one_of(
        st.text(min_size=12, alphabet="abcdefXYZ0123456789_-"),
        st.lists(st.text(min_size=12, alphabet="abcdefXYZ0123456789_-"), min_size=1),
    ),
)
def test_no_string_of_a_wrong_value_leaks(key: str, value: object) -> None:
    import json

    config = load(json.dumps({"deploy": {key: value}}))
    strings = value if isinstance(value, list) else [value]
    for problem in config.problems:
        for text in strings:
            assert str(text) not in problem.message


# ---------------------------------------------------------------------------- hygiene


def test_imports_only_the_standard_library() -> None:
    code = (
        "import sys\n"
        "import stagelint.parsers.railway, stagelint.parsers.vercel\n"
        "tops = {m.split('.')[0] for m in sys.modules}\n"
        "print(sorted(t for t in tops if t not in sys.stdlib_module_names\n"
        "    and t != 'stagelint' and not t.startswith('_')))\n"
    )
    assert fresh_python(code) == "[]"


def test_difflib_and_tomllib_are_imported_only_when_needed() -> None:
    code = (
        "import sys\n"
        "from stagelint.model.source import SourceText\n"
        "from stagelint.parsers.railway import load_railway\n"
        "load_railway(SourceText('railway.json', '{\"deploy\": {\"numReplicas\": 1}}'))\n"
        "print('difflib' in sys.modules, 'tomllib' in sys.modules)\n"
        "load_railway(SourceText('railway.json', '{\"deploy\": {\"replica\": 1}}'))\n"
        "print('difflib' in sys.modules)\n"
    )
    assert fresh_python(code).split() == ["False", "False", "True"]
