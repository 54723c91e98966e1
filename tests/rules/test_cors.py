"""The SL4 family (CORS and public URLs): the origin-list parser, origin matching, the
rules' documented examples, precise columns, and messages that leak nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from stagelint_rules import builtin_rules
from stagelint_rules._origins import (
    DEFAULT_ALLOWED_WILDCARDS,
    Entry,
    app_bindings,
    compared_url_bindings,
    entry_origin,
    is_loopback,
    is_private_host,
    judged_url_bindings,
    matches,
    origin_problem,
    parse_url,
    split_origins,
    strip_userinfo,
    suggested_origin,
    url_origin,
    wildcard_allowed,
)

from stagelint.model.diagnostics import Diagnostic
from stagelint.policy.context import Context
from stagelint.policy.packs import load_policy
from stagelint.policy.registry import load_registry
from stagelint.policy.rule import Rule
from stagelint.project.loader import load_project
from stagelint.project.settings import Settings
from stagelint.testing import lint

SL4 = sorted(
    (rule for rule in builtin_rules() if rule.code.startswith("SL4")), key=lambda r: r.code
)


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


# --- the origin-list parser ------------------------------------------------------------


def test_comma_separated_items_keep_their_offsets() -> None:
    value = " https://a.example-shop.com , https://b.example-shop.com,,"
    found = split_origins(value)
    assert found.error is None
    assert [e.text for e in found.entries] == [
        "https://a.example-shop.com",
        "https://b.example-shop.com",
    ]
    for entry in found.entries:
        assert value[entry.start : entry.end] == entry.text


def test_the_guides_value_is_two_items() -> None:
    found = split_origins("https://staging.yourdomain.com,https://*.vercel.app")
    assert found.entries == (
        Entry("https://staging.yourdomain.com", 0, 30),
        Entry("https://*.vercel.app", 31, 51),
    )


def test_empty_value_and_empty_items_give_nothing() -> None:
    assert split_origins("").entries == ()
    assert split_origins(" , ,").entries == ()


def test_json_array_items_point_inside_their_quotes() -> None:
    value = '["https://a.example-shop.com", "https://b.example-shop.com"]'
    found = split_origins(value)
    assert found.error is None
    assert [value[e.start : e.end] for e in found.entries] == [e.text for e in found.entries]
    assert [e.text for e in found.entries] == [
        "https://a.example-shop.com",
        "https://b.example-shop.com",
    ]


def test_json_items_are_not_stripped() -> None:
    # pydantic keeps JSON strings as they are: " https://a" never matches an origin.
    (entry,) = split_origins('[" https://a.example-shop.com"]').entries
    assert entry.text == " https://a.example-shop.com"
    assert origin_problem(entry.text) is not None


@pytest.mark.parametrize("value", ['["https://a.example-shop.com"', "[1, 2]", "[https://a]"])
def test_json_looking_values_that_are_not_arrays_of_strings(value: str) -> None:
    found = split_origins(value)
    assert found.error is not None
    assert found.entries == ()


# --- the URL bindings of an environment -----------------------------------------------


def test_url_bindings_are_those_of_url_kinds_and_unknown_keys_holding_a_scheme(
    tmp_path: Path,
) -> None:
    root = write(
        tmp_path,
        {
            "backend/railway.json": "{}",
            "backend/.env.staging": (
                "WORKERS=4\n"
                "DATABASE_URL=postgresql://app@db.example-shop.com/shop\n"
                "SENTRY_DSN=https://k@o1.ingest.sentry.io/1\n"
                "CELERY_BROKER_URL=redis://cache.example-shop.com\n"
                "ANALYTICS_NOTE=plain text\n"
                "UPSTREAM_URL=${{api.URL}}://x\n"
                "BARE_KEY\n"
                "CORS_ORIGINS=https://staging.example-shop.com\n"
                "FRONTEND_URL=https://staging.example-shop.com\n"
                "REDIS_URL=${{Redis.REDIS_URL}}\n"
                "WORKERS=8\n"
            ),
            "backend/.env.production": "DATABASE_URL=postgresql://app@db.example-shop.com/p\n",
        },
    )
    policy = load_policy("staging", load_registry())
    project = load_project(root, Settings(), ("staging", "production"))
    ctx = Context(project, policy, "staging", "production", Settings())
    found = judged_url_bindings(ctx)
    # in file order; a reference in a known URL kind stays (each rule skips it); SENTRY_DSN
    # is of another kind whatever its value; UPSTREAM_URL holds a reference
    assert [(b.var.key, b.kind) for b in found] == [
        ("DATABASE_URL", "postgres-url"),
        ("CELERY_BROKER_URL", None),
        ("CORS_ORIGINS", "origin-list"),
        ("FRONTEND_URL", "url"),
        ("REDIS_URL", "redis-url"),
    ]
    assert all(b.env_file.path == "backend/.env.staging" for b in found)
    assert judged_url_bindings(ctx) is found  # computed once per check
    assert [(b.var.key, b.env_file.path) for b in compared_url_bindings(ctx)] == [
        ("DATABASE_URL", "backend/.env.production")
    ]


def test_app_bindings_merge_each_services_files_for_the_cors_and_app_url_keys(
    tmp_path: Path,
) -> None:
    root = write(
        tmp_path,
        {
            "backend/railway.json": "{}",
            "backend/.env.staging.local": "CORS_ORIGINS=https://local.example-shop.com\n",
            "backend/.env.staging": (
                "CORS_ORIGINS=https://staging.example-shop.com\n"
                "FRONTEND_URL=https://staging.example-shop.com\n"
                "DATABASE_URL=postgresql://app@db.example-shop.com/shop\n"
            ),
            "frontend/vercel.json": "{}",
            "frontend/.env.preview": "NEXT_PUBLIC_API_URL=https://api-staging.example-shop.com\n",
            "worker/railway.json": "{}",
            "worker/.env.staging": "WORKERS=2\n",
        },
    )
    policy = load_policy("staging", load_registry())
    ctx = Context(load_project(root, Settings(), ("staging",)), policy, "staging", None)
    found = app_bindings(ctx)
    shown = {
        service: {
            key: (env_file.path, var.value_location.column) for key, (env_file, var) in b.items()
        }
        for service, b in found.items()
    }
    assert shown == {
        "backend": {
            # .env.staging.local comes after .env.staging: its CORS_ORIGINS wins
            "CORS_ORIGINS": ("backend/.env.staging.local", 14),
            "FRONTEND_URL": ("backend/.env.staging", 14),
        },
        "frontend": {},  # NEXT_PUBLIC_API_URL is neither a CORS list nor an app URL
        "worker": {},
    }
    assert list(found) == ["backend", "frontend", "worker"]
    assert app_bindings(ctx) is found  # computed once per check


# --- origins ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "item",
    [
        "https://staging.example-shop.com",
        "https://*.vercel.app",
        "http://localhost:3000",
        "https://staging.example-shop.com:8443",
        "https://[::1]:3000",
        "chrome-extension://abcdefghijklmnop",
        "*",
    ],
)
def test_well_formed_items(item: str) -> None:
    assert origin_problem(item) is None


@pytest.mark.parametrize(
    ("item", "reason", "suggestion"),
    [
        (
            "https://staging.example-shop.com/",
            "ends with a slash",
            "https://staging.example-shop.com",
        ),
        ("https://staging.example-shop.com/app", "has a path", "https://staging.example-shop.com"),
        ("https://staging.example-shop.com?x=1", "has a query", "https://staging.example-shop.com"),
        (
            "https://staging.example-shop.com#top",
            "has a fragment",
            "https://staging.example-shop.com",
        ),
        ("staging.example-shop.com", "has no scheme", "https://staging.example-shop.com"),
        ("//staging.example-shop.com", "has no scheme", None),
        (
            "https://user:pw@staging.example-shop.com",
            "holds user info",
            "https://staging.example-shop.com",
        ),
        (
            "https://staging.example-shop.com:443",
            "default port :443",
            "https://staging.example-shop.com",
        ),
        (
            "http://staging.example-shop.com:80",
            "default port :80",
            "http://staging.example-shop.com",
        ),
        ("https://Staging.Example-Shop.com", "upper-case", "https://staging.example-shop.com"),
        ("HTTPS://staging.example-shop.com", "upper-case", "https://staging.example-shop.com"),
        ("https://bücher.example", "non-ASCII", "https://xn--bcher-kva.example"),
        ("https://staging.example-shop.com:99999", "invalid port", None),
        ("https://", "has no host", None),
        ("null", "sandboxed iframes", None),
        ("https://a.example-shop.com https://b.example-shop.com", "whitespace", None),
    ],
)
def test_malformed_items(item: str, reason: str, suggestion: str | None) -> None:
    problem = origin_problem(item)
    assert problem is not None and reason in problem
    assert suggested_origin(item) == suggestion


def test_url_origin_normalises_case_and_default_port() -> None:
    origin = url_origin("HTTPS://Staging.Example-Shop.com:443/api/auth?x=1")
    assert str(origin) == "https://staging.example-shop.com"
    assert str(url_origin("http://localhost:3000/")) == "http://localhost:3000"
    assert str(url_origin("https://[::1]:8443")) == "https://[::1]:8443"


@pytest.mark.parametrize(
    "text",
    [
        "staging.example-shop.com",
        "https://",
        "https://:443",
        "https://staging.example-shop.com:0",
        "https://staging.example-shop.com:99999",
        "https://staging example-shop.com",
        "https://<staging-host>",
        "https://a@b@staging.example-shop.com",
        "https://staging!.example-shop.com",
        "",
    ],
)
def test_values_that_are_not_urls_are_left_to_sl306(text: str) -> None:
    assert parse_url(text) is None
    assert url_origin(text) is None


def test_strip_userinfo() -> None:
    assert strip_userinfo("https://user:pw@api.example-shop.com/a@b") == (
        "https://api.example-shop.com/a@b"
    )
    assert strip_userinfo("user:pw@api.example-shop.com") == "api.example-shop.com"
    assert strip_userinfo("https://api.example-shop.com") == "https://api.example-shop.com"


@pytest.mark.parametrize(
    "host", ["localhost", "app.localhost", "127.0.0.1", "127.1.2.3", "::1", "0.0.0.0"]
)
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)
    assert not is_private_host(host, ("*.internal",))


@pytest.mark.parametrize(
    ("host", "private"),
    [
        ("backend.railway.internal", True),
        ("backend", True),
        ("10.0.0.7", True),
        ("192.168.1.2", True),
        ("fd12:3456::1", True),
        ("api-staging.example-shop.com", False),
        ("8.8.8.8", False),
        ("your-backend-staging.railway.app", False),
    ],
)
def test_private_hosts(host: str, private: bool) -> None:
    assert is_private_host(host, ("*.internal", "*.local")) is private


# --- matching --------------------------------------------------------------------------


def _allows(item: str, url: str, allowed: tuple[str, ...] = DEFAULT_ALLOWED_WILDCARDS) -> bool:
    origin = url_origin(url)
    assert origin is not None
    return matches(item, origin, allowed)


@pytest.mark.parametrize(
    ("item", "url", "allowed"),
    [
        ("https://staging.example-shop.com", "https://staging.example-shop.com", True),
        ("https://staging.example-shop.com", "https://staging.example-shop.com/api/auth", True),
        ("https://staging.example-shop.com", "https://STAGING.example-shop.com", True),
        ("https://staging.example-shop.com", "https://staging.example-shop.com:443", True),
        ("https://staging.example-shop.com:443", "https://staging.example-shop.com", True),
        ("https://staging.example-shop.com/", "https://staging.example-shop.com", True),
        ("staging.example-shop.com", "https://staging.example-shop.com", True),
        ("http://staging.example-shop.com", "https://staging.example-shop.com", True),
        ("https://staging.example-shop.com", "http://staging.example-shop.com", True),
        ("*", "https://anything.example", True),
        ("https://*.vercel.app", "https://ai-ecommerce-git-develop.vercel.app", True),
        ("https://*.vercel.app", "https://a.b.vercel.app", True),
        ("https://*.vercel.app", "https://vercel.app", False),
        ("https://*.vercel.app", "https://evilvercel.app", False),
        ("https://*.vercel.app", "https://x.vercel.app:8443", False),
        ("https://staging.example-shop.com", "https://www.example-shop.com", False),
        ("https://staging.example-shop.com", "https://staging.example-shop.com:3000", False),
        ("https://staging.example-shop.com:8443", "https://staging.example-shop.com", False),
        ("null", "https://staging.example-shop.com", False),
    ],
)
def test_matches(item: str, url: str, allowed: bool) -> None:
    assert _allows(item, url) is allowed


def test_only_allowed_wildcards_match() -> None:
    assert not _allows("https://*.example-shop.com", "https://staging.example-shop.com")
    assert _allows(
        "https://*.example-shop.com",
        "https://staging.example-shop.com",
        ("https://*.example-shop.com",),
    )
    assert not _allows("https://*.vercel.app", "https://x.vercel.app", ())


def test_wildcards_compare_as_sites() -> None:
    assert wildcard_allowed("https://*.VERCEL.app", DEFAULT_ALLOWED_WILDCARDS)
    assert wildcard_allowed("http://*.vercel.app", DEFAULT_ALLOWED_WILDCARDS)  # SL402's
    assert not wildcard_allowed("https://*.vercel.app:8443", DEFAULT_ALLOWED_WILDCARDS)
    assert not wildcard_allowed("https://*.example-shop.com", DEFAULT_ALLOWED_WILDCARDS)
    assert entry_origin("*") is None


# --- the rules' documentation is executed ----------------------------------------------

_BLOCK = re.compile(r'```(\w+) path="([^"]+)"\n(.*?)```', re.DOTALL)


def _section(doc: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", doc, re.DOTALL | re.MULTILINE)
    assert match, f"no section {title!r}"
    return match.group(1)


def _example_project(root: Path, section: str) -> Path:
    blocks = _BLOCK.findall(section)
    assert blocks, "a section without a fenced block naming its file"
    for _lang, name, text in blocks:
        write(root, {name: text})
    return root


@pytest.mark.parametrize("rule", SL4, ids=lambda r: r.code)
def test_docs_have_every_section_in_order(rule: type[Rule]) -> None:
    doc = rule.__doc__ or ""
    headings = re.findall(r"^\s*## (.+)$", doc, re.MULTILINE)
    assert headings == ["What it checks", "Why", "Example", "Use instead", "How to fix", "Guide"]


@pytest.mark.parametrize("rule", SL4, ids=lambda r: r.code)
def test_documented_example_fires_and_use_instead_does_not(
    rule: type[Rule], tmp_path: Path
) -> None:
    import inspect

    doc = inspect.cleandoc(rule.__doc__ or "")
    bad = _example_project(tmp_path / "bad", _section(doc, "Example"))
    good = _example_project(tmp_path / "good", _section(doc, "Use instead"))
    found = lint(bad, select=[rule.code])
    assert found and {d.code for d in found} == {rule.code}
    assert lint(good, select=[rule.code]) == []


# --- end to end: columns, messages, policies --------------------------------------------


def _one(diagnostics: list[Diagnostic]) -> Diagnostic:
    assert len(diagnostics) == 1, diagnostics
    return diagnostics[0]


BACKEND = {"backend/railway.json": "{}\n"}


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("CORS_ORIGINS=https://staging.example-shop.com,*\n", 47),
        ("CORS_ORIGINS='https://staging.example-shop.com,*'\n", 48),
        ('CORS_ORIGINS="https://staging.example-shop.com, *"\n', 49),
        ('CORS_ORIGINS=["https://staging.example-shop.com","*"]\n', 51),
        ('CORS_ORIGINS=\'["https://staging.example-shop.com","*"]\'\n', 52),
        ("export CORS_ORIGINS=https://staging.example-shop.com,*  # previews\n", 54),
    ],
)
def test_an_item_is_located_by_its_columns(tmp_path: Path, line: str, column: int) -> None:
    root = write(tmp_path, {**BACKEND, "backend/.env.staging": line})
    diag = _one(lint(root, select=["SL401"]))
    assert (diag.location.line, diag.location.column) == (1, column)
    assert diag.location.end_column == column + 1
    assert line[column - 1] == "*"


@pytest.mark.parametrize(
    "text",
    [
        'CORS_ORIGINS="https://staging.example-shop.com,\\\\x,*"\n',  # an escape: length differs
        'CORS_ORIGINS="https://staging.example-shop.com,\n*"\n',  # two lines
    ],
)
def test_an_item_falls_back_to_the_binding(tmp_path: Path, text: str) -> None:
    root = write(tmp_path, {**BACKEND, "backend/.env.staging": "# CORS\n" + text})
    diagnostics = lint(root, select=["SL401"])
    assert diagnostics
    for diag in diagnostics:
        assert (diag.location.line, diag.location.column) == (2, 1)


def test_messages_never_quote_user_info(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            **BACKEND,
            "backend/.env.staging": (
                "CORS_ORIGINS=https://tester:hunter2@staging.example-shop.com/\n"
                "FRONTEND_URL=http://tester:hunter2@staging.example-shop.com\n"
            ),
        },
    )
    diagnostics = lint(root, select=["SL4"])
    assert {d.code for d in diagnostics} == {"SL402", "SL403"}
    for diag in diagnostics:
        assert "hunter2" not in diag.message and "tester" not in diag.message


def test_sl406_is_silent_under_the_production_policy(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "frontend/vercel.json": "{}\n",
            "frontend/.env.preview": "NEXT_PUBLIC_API_URL=https://api.example-shop.com\n",
            "frontend/.env.production": "NEXT_PUBLIC_API_URL=https://api.example-shop.com\n",
        },
    )
    assert [d.code for d in lint(root, select=["SL406"])] == ["SL406"]
    assert lint(root, select=["SL406"], policy="production") == []


def test_the_guide_example_is_clean_under_both_policies() -> None:
    guide = Path(__file__).parents[2] / "examples" / "guide"
    assert lint(guide, select=["SL4"]) == []
    assert lint(guide, select=["SL4"], policy="production") == []


@pytest.mark.parametrize("rule", ["SL401", "SL404"])
def test_allowed_wildcards_must_be_wildcard_origins(rule: str) -> None:
    (cls,) = [r for r in SL4 if r.code == rule]
    for bad in ("*", "https://staging.example-shop.com", "*.vercel.app"):
        with pytest.raises(ValueError, match="allowed_wildcards"):
            cls.Options(allowed_wildcards=(bad,))
    cls.Options(allowed_wildcards=("https://ai-ecommerce-*.vercel.app",))


def test_host_pattern_options_are_checked() -> None:
    (sl402,) = [r for r in SL4 if r.code == "SL402"]
    (sl406,) = [r for r in SL4 if r.code == "SL406"]
    for bad in ("", "*", "https://x/"):
        with pytest.raises(ValueError, match="private_hosts"):
            sl402.Options(private_hosts=(bad,))
    with pytest.raises(ValueError, match="ignore_hosts"):
        sl406.Options(ignore_hosts=("https://auth.example-shop.com/",))
