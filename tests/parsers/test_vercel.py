"""The Vercel loader: corpus files, the schemastore/Vercel CLI cases, the schema's decisions."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from stagelint.model.deployment import Location, Problem, VercelConfig
from stagelint.model.source import SourceText, read_source
from stagelint.parsers.vercel import load_vercel
from tests.conftest import corpus_dir, corpus_files


def load(text: str, path: str = "vercel.json") -> VercelConfig:
    return load_vercel(SourceText(path, text))


def found(config: VercelConfig) -> list[tuple[str, int, int, str]]:
    return [(p.kind, p.location.line, p.location.column, p.message) for p in config.problems]


def only(config: VercelConfig) -> Problem:
    assert len(config.problems) == 1, config.problems
    return config.problems[0]


def load_file(path: Path) -> VercelConfig:
    source = read_source(str(path), path.name)
    assert isinstance(source, SourceText)
    return load_vercel(source)


# ---------------------------------------------------------------------------- the corpus

EXPECTED = {
    "vercel__vercel__packages__next__19-pages-404__vercel.json": [
        ("parse-error", 9, 5, "comments are not allowed in JSON"),
    ],
    "vercel__vercel__packages__python__73-services-fastapi-rewrite__vercel.json": [
        ("unknown-key", 2, 3, 'unknown key "uploadNowJson" at the top level'),
        ("unknown-key", 3, 3, 'unknown key "projectSettings" at the top level'),
    ],
}


@pytest.mark.parametrize("path", corpus_files("vercel"), ids=lambda p: p.name)
def test_corpus_file(path: Path) -> None:
    config = load_file(path)
    assert found(config) == EXPECTED.get(path.name, [])
    if not any(p.kind == "parse-error" for p in config.problems):
        assert isinstance(config.data, dict)


# ---------------------------------------------------------------------------- schemastore
# Vercel CLI validateConfig cases (EXPECTED.tsv): every negative case yields a problem,
# except those another rule owns or no static check can decide:

NOT_OURS = {
    # memory and maxDuration bounds are SL604's findings (one finding, one diagnostic)
    "vercel-cli-validate__functions-memory-127-below-min.json": "SL604",
    "vercel-cli-validate__functions-memory-10241-above-max.json": "SL604",
    "vercel-cli-validate__functions-maxDuration-0.json": "SL604",
    "vercel-cli-validate__functions-maxDuration-1900-above-1800.json": "SL604",
    # a procedural CLI check whose accepted extensions the corpus does not document
    "vercel-cli-validate__proxy-entrypoint-mjs.json": "unknown rule",
    # "functions pattern matches no file" needs the file system
    "vercel__vercel__packages__cli__error-vercel-json-validation__vercel.json": "file system",
}

NEGATIVE = {
    "vercel-cli-validate__cleanUrls-string-true.json": [
        ("invalid-config-value", 2, 16, 'cleanUrls is the string "true"; expected true or false'),
    ],
    "vercel-cli-validate__crons-missing-path.json": [
        ("invalid-config-value", 3, 5, 'crons[0] is missing the required key "path"'),
    ],
    "vercel-cli-validate__crons-missing-schedule.json": [
        ("invalid-config-value", 3, 5, 'crons[0] is missing the required key "schedule"'),
    ],
    "vercel-cli-validate__crons-path-513-chars.json": [
        ("invalid-config-value", 4, 15, "crons[0].path is too long (513 characters; at most 512)"),
    ],
    "vercel-cli-validate__crons-path-empty.json": [
        ("invalid-config-value", 4, 15, "crons[0].path is empty"),
    ],
    "vercel-cli-validate__crons-path-no-leading-slash.json": [
        ("invalid-config-value", 4, 15, 'crons[0].path must start with "/"'),
    ],
    "vercel-cli-validate__crons-schedule-257-chars.json": [
        (
            "invalid-config-value",
            5,
            19,
            "crons[0].schedule is too long (257 characters; at most 256)",
        ),
    ],
    "vercel-cli-validate__crons-schedule-8-chars-too-short.json": [
        (
            "invalid-config-value",
            5,
            19,
            "crons[0].schedule is too short (8 characters; at least 9)",
        ),
    ],
    "vercel-cli-validate__functions-and-builds-together.json": [
        (
            "invalid-config-value",
            8,
            3,
            "functions cannot be used together with builds; configure functions through "
            "each build's config, or drop builds",
        ),
    ],
    "vercel-cli-validate__functions-architecture-invalid.json": [
        (
            "invalid-config-value",
            4,
            23,
            'functions["api/user.go"].architecture is "invalid"; expected one of x86_64, arm64',
        ),
    ],
    "vercel-cli-validate__functions-functionFailoverRegions-string.json": [
        (
            "invalid-config-value",
            4,
            34,
            'functions["api/test.js"].functionFailoverRegions is a string; '
            "expected an array of strings",
        ),
    ],
    "vercel-cli-validate__functions-maxConcurrency-0.json": [
        (
            "invalid-config-value",
            4,
            25,
            'functions["api/user.go"].maxConcurrency is 0; expected an integer >= 1',
        ),
    ],
    "vercel-cli-validate__functions-maxConcurrency-1.5.json": [
        (
            "invalid-config-value",
            4,
            25,
            'functions["api/user.go"].maxConcurrency is 1.5; expected an integer >= 1',
        ),
    ],
    "vercel-cli-validate__functions-maxConcurrency-negative.json": [
        (
            "invalid-config-value",
            4,
            25,
            'functions["api/user.go"].maxConcurrency is -1; expected an integer >= 1',
        ),
    ],
    "vercel-cli-validate__functions-maxDuration-1.5-not-integer.json": [
        (
            "invalid-config-value",
            4,
            22,
            'functions["api/*.js"].maxDuration is 1.5; expected an integer or "max"',
        ),
    ],
    "vercel-cli-validate__functions-regions-string.json": [
        (
            "invalid-config-value",
            4,
            18,
            'functions["api/test.js"].regions is a string; expected an array of strings',
        ),
    ],
    "vercel-cli-validate__headers-flat-header-object.json": [
        (
            "invalid-config-value",
            3,
            5,
            'headers[0] is missing the required keys "source" and "headers"',
        ),
        ("unknown-key", 4, 7, 'unknown key "Content-Type" in headers[0]'),
    ],
    "vercel-cli-validate__headers-nested-1025-items-over-1024-limit.json": [
        ("invalid-config-value", 14, 18, "headers[1].headers has 1025 items; at most 1024 allowed"),
    ],
    "vercel-cli-validate__headers-nested-flat-object.json": [
        (
            "invalid-config-value",
            6,
            9,
            'headers[0].headers[0] is missing the required keys "key" and "value"',
        ),
        ("unknown-key", 7, 11, 'unknown key "Content-Type" in headers[0].headers[0]'),
    ],
    "vercel-cli-validate__headers-nested-val-instead-of-value.json": [
        ("unknown-key", 8, 11, 'unknown key "val" in headers[0].headers[0]; did you mean "value"?'),
    ],
    "vercel-cli-validate__headers-source-is-array.json": [
        ("invalid-config-value", 3, 5, 'headers[0] is missing the required key "headers"'),
        ("invalid-config-value", 4, 17, "headers[0].source is an array; expected a string"),
    ],
    "vercel-cli-validate__headers-unknown-property-stuff.json": [
        ("invalid-config-value", 3, 5, 'headers[0] is missing the required key "headers"'),
        ("unknown-key", 5, 7, 'unknown key "stuff" in headers[0]'),
    ],
    "vercel-cli-validate__proxy-missing-entrypoint.json": [
        ("invalid-config-value", 2, 12, 'proxy is missing the required key "entrypoint"'),
    ],
    "vercel-cli-validate__proxy-with-builds.json": [
        (
            "invalid-config-value",
            2,
            3,
            "proxy cannot be used together with builds; drop builds to use proxy",
        ),
    ],
    "vercel-cli-validate__redirects-2049-items-over-2048-limit.json": [
        ("invalid-config-value", 2, 16, "redirects has 2049 items; at most 2048 allowed"),
    ],
    "vercel-cli-validate__redirects-empty-object.json": [
        (
            "invalid-config-value",
            3,
            5,
            'redirects[0] is missing the required keys "source" and "destination"',
        ),
    ],
    "vercel-cli-validate__redirects-permanent-string.json": [
        (
            "invalid-config-value",
            6,
            20,
            'redirects[0].permanent is the string "yes"; expected true or false',
        ),
    ],
    "vercel-cli-validate__rewrites-src-dest-instead-of-source-destination.json": [
        ("unknown-key", 4, 7, 'unknown key "src" in rewrites[0]; did you mean "source"?'),
        ("unknown-key", 5, 7, 'unknown key "dest" in rewrites[0]; did you mean "destination"?'),
    ],
    "vercel-cli-validate__routes-object-not-array.json": [
        ("invalid-config-value", 2, 13, "routes is an object; expected an array of objects"),
    ],
    "vercel-cli-validate__trailingSlash-array.json": [
        ("invalid-config-value", 2, 20, "trailingSlash is an array; expected true or false"),
    ],
    "vercel__vercel__packages__cli__invalid-headers__vercel.json": [
        ("invalid-config-value", 18, 20, "headers[0].headers[0].value is 1; expected a string"),
    ],
    "vercel__vercel__packages__cli__invalid-redirects__vercel.json": [
        (
            "invalid-config-value",
            13,
            64,
            "redirects[0].statusCode is a string; expected an integer between 100 and 999",
        ),
    ],
}


def schemastore_cases() -> list[tuple[str, str]]:
    folder = Path(__file__).resolve().parents[3] / "shared/corpus/schemastore-tests/vercel"
    if not folder.is_dir():
        return []
    with (folder / "EXPECTED.tsv").open(encoding="utf-8") as handle:
        return [(row["kind"], row["file"]) for row in csv.DictReader(handle, delimiter="\t")]


@pytest.mark.parametrize(("kind", "name"), schemastore_cases(), ids=lambda v: str(v))
def test_schemastore_case(kind: str, name: str) -> None:
    config = load_file(corpus_dir("schemastore-tests/vercel") / kind / name)
    if kind == "positive" or name in NOT_OURS:
        assert config.problems == []
    else:
        assert found(config) == NEGATIVE[name]


def test_every_schemastore_file_is_listed_in_expected_tsv() -> None:
    folder = corpus_dir("schemastore-tests/vercel")
    on_disk = {(p.parent.name, p.name) for p in folder.glob("*/*.json")}
    assert on_disk == set(schemastore_cases())
    assert set(NEGATIVE) | set(NOT_OURS) == {n for k, n in on_disk if k == "negative"}


# ---------------------------------------------------------------------------- the schema


def test_a_complete_valid_config() -> None:
    config = load(
        """{
  "$schema": "https://openapi.vercel.sh/vercel.json",
  "framework": "nextjs", "buildCommand": "pnpm build", "devCommand": null,
  "installCommand": "pnpm install", "outputDirectory": ".next", "ignoreCommand": "exit 0",
  "regions": ["iad1"], "passiveRegions": ["cle1"], "functionFailoverRegions": ["sfo1"],
  "functions": {"api/**/*.ts": {"runtime": "@vercel/node@3", "memory": 1024,
      "maxDuration": "max", "includeFiles": "data/**", "excludeFiles": "tests/**",
      "regions": ["fra1"], "architecture": "arm64", "supportsCancellation": true}},
  "crons": [{"path": "/api/cron?job=1", "schedule": "0 5 * * *"}],
  "headers": [{"source": "/(.*)", "headers": [{"key": "X-Frame-Options", "value": "DENY"}],
      "has": [{"type": "header", "key": "x-a", "value": {"eq": 1}}]}],
  "rewrites": [{"source": "/api/:p*", "destination": {"service": "backend"}},
      {"source": "/(.*)", "destination": "/index.html", "missing": [{"type": "host",
      "value": "a.example.com"}]}],
  "redirects": [{"source": "/old", "destination": "/new", "permanent": false,
      "statusCode": 307}],
  "cleanUrls": true, "trailingSlash": false, "public": false, "fluid": true,
  "images": {"sizes": [640], "remotePatterns": [{"hostname": "cdn.example.com"}]},
  "git": {"deploymentEnabled": {"main": true, "*": false}},
  "github": {"silent": true}, "env": {"A": "1"}, "build": {"env": {"B": "2"}},
  "bunVersion": "1.x", "relatedProjects": ["prj_1"], "alias": "example.com",
  "services": {"backend": {"root": "backend", "framework": "fastapi"}}
}"""
    )
    assert config.problems == []
    assert set(config.functions()) == {"api/**/*.ts"}


def test_functions_together_with_builds_points_at_functions() -> None:
    config = load(
        '{\n  "builds": [{"src": "a.py", "use": "@vercel/python"}],\n'
        '  "functions": {"a.py": {"maxDuration": 10}}\n}'
    )
    problem = only(config)
    assert problem.kind == "invalid-config-value"
    assert problem.location == Location("vercel.json", 3, 3, 3, 14)
    assert problem.related == ((Location("vercel.json", 2, 3, 2, 11), "builds is set here"),)


def test_function_limits_are_left_to_their_rules() -> None:
    """memory/maxDuration bounds are SL604, region IDs SL605: not SL003."""
    config = load(
        '{"regions": ["mars1"], "functions": {"a.js": {"memory": 99999, "maxDuration": 5000,'
        ' "regions": ["nowhere"]}}}'
    )
    assert config.problems == []
    problem = only(load('{"functions": {"a.js": {"memory": "1024"}}}'))
    assert problem.message == 'functions["a.js"].memory is the string "1024"; expected a number'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"env": {"API_URL": 1}}', "env.API_URL is 1; expected a string"),
        ('{"build": {"env": ["A=1"]}}', "build.env is an array; expected an object"),
        ('{"regions": "iad1"}', "regions is a string; expected an array of strings"),
        ('{"crons": [{"path": "/x", "schedule": 5}]}', "crons[0].schedule is 5; expected a string"),
        (
            '{"functions": {"a.js": {"maxDuration": "60"}}}',
            'functions["a.js"].maxDuration is "60"; expected an integer or "max"',
        ),
        (
            '{"functions": {"a.js": {"maxDuration": "unlimited"}}}',
            'functions["a.js"].maxDuration is "unlimited"; expected an integer or "max"',
        ),
        ('{"functions": ["a.js"]}', "functions is an array; expected an object"),
        (
            '{"rewrites": [{"source": "/a", "destination": {"path": "/b"}}]}',
            'rewrites[0].destination is missing the required key "service"',
        ),
        (
            '{"routes": [{"handle": "filesystems"}]}',
            'routes[0].handle is "filesystems"; '
            "expected one of error, filesystem, hit, miss, resource, rewrite",
        ),
        (
            '{"images": {"sizes": [640], "formats": ["image/gif"]}}',
            'images.formats[0] is "image/gif"; '
            "expected one of image/avif, image/webp, image/jpeg, image/png",
        ),
        (
            '{"git": {"deploymentEnabled": "no"}}',
            'git.deploymentEnabled is the string "no"; '
            "expected true, false or a map of branch to boolean",
        ),
        ('{"version": "2"}', 'version is the string "2"; expected an integer'),
    ],
)
def test_invalid_values(text: str, message: str) -> None:
    problem = only(load(text))
    assert (problem.kind, problem.message) == ("invalid-config-value", message)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"function": {}}', 'unknown key "function" at the top level; did you mean "functions"?'),
        (
            '{"cleanURLs": true}',
            'unknown key "cleanURLs" at the top level; did you mean "cleanUrls"?',
        ),
        (
            '{"functions": {"a.js": {"timeout": 10}}}',
            'unknown key "timeout" in functions["a.js"]; did you mean "maxDuration"?',
        ),
        (
            '{"redirects": [{"source": "/a", "destination": "/b", "status": 301}]}',
            'unknown key "status" in redirects[0]; did you mean "statusCode"?',
        ),
        (
            '{"crons": [{"path": "/a", "cron": "0 0 * * *"}]}',
            'unknown key "cron" in crons[0]; did you mean "schedule"?',
        ),
    ],
)
def test_unknown_keys(text: str, message: str) -> None:
    problem = only(load(text))
    assert (problem.kind, problem.message) == ("unknown-key", message)


def test_env_values_are_never_shown() -> None:
    secret = "sk_live_7f3a9c2e41b84d5f"
    config = load(f'{{"env": {{"STRIPE_KEY": ["{secret}"]}}, "cleanUrls": "{secret}"}}')
    assert len(config.problems) == 2
    assert all(secret not in p.message for p in config.problems)


def test_routes_accept_both_spellings_and_handle_entries() -> None:
    config = load(
        '{"routes": [{"src": "/a", "dest": "/b", "status": 301, "headers": {"Location": "/"}},'
        ' {"source": "/c", "destination": "/d", "statusCode": 200}, {"handle": "filesystem"}]}'
    )
    assert config.problems == []


# ---------------------------------------------------------------------------- vercel.toml


def test_vercel_toml_is_the_same_config_with_toml_positions() -> None:
    """The Vercel CLI parses vercel.toml and then treats it as vercel.json: one schema."""
    config = load(
        'framework = "nextjs"\n'
        'regions = ["iad1", "fra1"]\n'
        "\n"
        '[functions."app/**"]\n'
        "memory = 1024  # MB\n"
        "maxDuration = 10\n"
        "\n"
        "[[crons]]\n"
        'path = "/api/cron"\n'
        'schedule = "0 5 * * *"\n',
        "frontend/vercel.toml",
    )
    assert config.problems == []
    assert config.data == {
        "framework": "nextjs",
        "regions": ["iad1", "fra1"],
        "functions": {"app/**": {"memory": 1024, "maxDuration": 10}},
        "crons": [{"path": "/api/cron", "schedule": "0 5 * * *"}],
    }
    path = "frontend/vercel.toml"
    assert config.location("regions", 1) == Location(path, 2, 20, 2, 26)
    assert config.key_location("functions", "app/**", "memory") == Location(path, 5, 1, 5, 7)
    assert config.location("functions", "app/**", "memory") == Location(path, 5, 10, 5, 14)
    assert config.location("crons", 0, "path") == Location(path, 9, 8, 9, 19)
    assert config.comments == {5: "MB"}


def test_vercel_toml_problems_say_table_and_point_at_the_value() -> None:
    config = load(
        'framework = "nextjs"\ncleanUrls = "yes"\nfunctions = ["api/**"]\nbuildComand = "x"\n',
        "vercel.toml",
    )
    assert found(config) == [
        ("invalid-config-value", 2, 13, 'cleanUrls is the string "yes"; expected true or false'),
        ("invalid-config-value", 3, 13, "functions is an array; expected a table"),
        (
            "unknown-key",
            4,
            1,
            'unknown key "buildComand" at the top level; did you mean "buildCommand"?',
        ),
    ]


def test_vercel_toml_with_builds_and_functions() -> None:
    config = load(
        '[[builds]]\nsrc = "a.py"\nuse = "@vercel/python"\n\n[functions."a.py"]\n'
        "maxDuration = 10\n",
        "vercel.toml",
    )
    problem = only(config)
    assert problem.kind == "invalid-config-value"
    assert problem.location.line == 5  # the [functions."a.py"] header, which creates functions
    assert problem.related[0][0].line == 1


def test_invalid_vercel_toml_is_a_positioned_parse_error() -> None:
    config = load('framework = "nextjs"\nregions = ["iad1"\n', "vercel.toml")
    problem = only(config)
    assert problem.kind == "parse-error"
    assert (problem.location.line, problem.location.column) == (3, 1)
    assert config.data is None
