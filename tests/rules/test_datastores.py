"""The SL3 data-store rules: their URL parser, host classes, driver parameters, docs examples
and secret safety (no password ever reaches a message)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from stagelint_rules import builtin_rules
from stagelint_rules._urls import (
    Endpoint,
    InvalidURL,
    expected_family,
    family_of_scheme,
    is_neon_pooler,
    is_private_host,
    neon_direct_host,
    neon_domain,
    neon_pooled_host,
    parse_url,
    pgbouncer_flag,
    rejected_params,
    remote_hosts,
    scheme_of,
)

from stagelint.policy.catalogue import build_catalogue
from stagelint.policy.rule import Rule
from stagelint.testing import lint

SL3 = [rule for rule in builtin_rules() if rule.code.startswith("SL3")]
SL3_CODES = [rule.code for rule in SL3]


# --- the parser ------------------------------------------------------------------------


def test_neon_url() -> None:
    url = parse_url(
        "postgresql://shop_app:24c7cf5eca70e5114d4055da@ep-quiet-meadow-a5k2x9wd-pooler"
        ".us-east-2.aws.neon.tech/shop?sslmode=require&channel_binding=require"
    )
    assert url.scheme == "postgresql"
    assert url.family == "postgres"
    assert url.driver is None
    assert url.hosts == (Endpoint("ep-quiet-meadow-a5k2x9wd-pooler.us-east-2.aws.neon.tech"),)
    assert url.port_of(url.hosts[0]) == 5432
    assert url.database == "shop"
    assert url.user == "shop_app"
    assert url.has_password and url.has_userinfo
    assert url.param("sslmode") == "require"
    assert url.query == (("sslmode", "require"), ("channel_binding", "require"))
    assert not url.placeholder


def test_password_is_never_kept() -> None:
    url = parse_url("postgresql://app:Hunter2Secret@db.example-shop.com/shop")
    assert "Hunter2Secret" not in repr(url)
    assert all("Hunter2Secret" not in str(getattr(url, name)) for name in url.__slots__)


def test_query_is_a_multi_dict() -> None:
    url = parse_url("postgresql+asyncpg://app:pw@/shop?host=a.example.com:5432&host=b:5433&ssl=")
    assert url.params("host") == ("a.example.com:5432", "b:5433")
    assert url.param("ssl") == ""
    assert url.hosts == (Endpoint("a.example.com", 5432), Endpoint("b", 5433))
    assert url.authority_hosts == ()
    assert url.driver == "asyncpg"


@pytest.mark.parametrize(
    ("text", "hosts"),
    [
        ("postgresql://u:p@h1.example.com:5432,h2.example.com:5433/db", [("h1.example.com", 5432), ("h2.example.com", 5433)]),
        ("postgresql://u:p@[::1]:5432/db", [("::1", 5432)]),
        ("postgresql://u:p@[fd12:3456::2]/db", [("fd12:3456::2", None)]),
        ("postgresql://u:p@[::1]:5432,db.example.com/db", [("::1", 5432), ("db.example.com", None)]),
        ("postgresql:///db?host=/var/run/postgresql", [("/var/run/postgresql", None)]),
        ("postgresql://%2Fvar%2Frun%2Fpostgresql/db", [("/var/run/postgresql", None)]),
        ("postgresql://db.example.com/db?port=6543", [("db.example.com", 6543)]),
        ("postgresql://h1.example.com,h2.example.com/db?port=5432,5433", [("h1.example.com", 5432), ("h2.example.com", 5433)]),
        ("postgresql://DB.Example.COM./db", [("db.example.com.", None)]),
        ("redis://default:pw@redis.railway.internal:6379/2", [("redis.railway.internal", 6379)]),
        ("rediss://:pw@fond-cobra-41377.upstash.io", [("fond-cobra-41377.upstash.io", None)]),
        ("unix:///var/run/redis.sock", []),
        ("postgresql://u:p@db.example.com:/db", [("db.example.com", None)]),
    ],
)  # fmt: skip
def test_hosts(text: str, hosts: list[tuple[str, int | None]]) -> None:
    assert [(e.host, e.port) for e in parse_url(text).hosts] == hosts


@pytest.mark.parametrize(
    ("text", "database"),
    [
        ("postgresql://u:p@h.example.com/shop", "shop"),
        ("postgresql://u:p@h.example.com/my%20db", "my db"),
        ("postgresql://u:p@h.example.com", None),
        ("postgresql://u:p@h.example.com/?dbname=other", "other"),
        ("redis://h.example.com:6379/3", "3"),
        ("redis://h.example.com:6379?db=4", "4"),
        ("redis://h.example.com:6379", None),
    ],
)
def test_database(text: str, database: str | None) -> None:
    assert parse_url(text).database == database


@pytest.mark.parametrize(
    "text",
    [
        "postgresql://app:p%40ss%2Fw%3Fo%23rd@db.example.com/shop",
        "postgresql://app:p:a:ss@db.example.com/shop",
        "postgres://db.example.com/db?options=-c%20search_path%3Dx@y",
        "postgresql://app@db.example.com",
        "postgresql://:only-password@db.example.com/shop",
        "https://staging.example-shop.com:8443/path?q=1#frag",
        "postgresql://app:pw@db_internal.example.com/shop",
        "https://bücher.example/",
    ],
)
def test_valid(text: str) -> None:
    url = parse_url(text)
    assert not url.placeholder


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("staging.example-shop.com", "no scheme"),
        ("postgresql://app:s3cr@t@db.example.com/shop", "unencoded '@'"),
        ("redis://default:pa#ss@redis.example.com:6379", "unencoded '/', '?' or '#'"),
        ("postgresql://app:pa/ss@db.example.com/shop", "unencoded '/', '?' or '#'"),
        ("postgresql://app:pa?ss@db.example.com/shop", "unencoded '/', '?' or '#'"),
        ("postgresql://app:pw@db.example.com:5432x/shop", "not a number"),
        ("postgresql://app:pw@db.example.com:0/shop", "outside 1-65535"),
        ("postgresql://app:pw@db.example.com:65536/shop", "outside 1-65535"),
        ("postgresql://app:pw@fd12::2:5432/shop", "not in brackets"),
        ("postgresql://app:pw@[fd12::2/shop", "unclosed '['"),
        ("postgresql://app:pw@[fd12::2]x/shop", "after its bracketed"),
        ("postgresql://app:pw@[1.2.3.4.5:6]/shop", "not an IPv6"),
        ("postgresql://app:pw@bad host.example.com/shop", "not a valid host"),
        ("postgresql://app:pw@a..b.example.com/shop", "not a valid host"),
        ("redis://default:pw@bad!host.example.com:6379", "not a valid host"),
    ],
)
def test_invalid(text: str, reason: str) -> None:
    with pytest.raises(InvalidURL, match=re.escape(reason)):
        parse_url(text)


@pytest.mark.parametrize(
    "text",
    [
        "postgresql://user:password@ep-xxx.us-east-2.aws.neon.tech/neondb",
        "postgresql://user:password@ep-xxx-pooler.us-east-2.aws.neon.tech/neondb?sslmode=require",
        "postgresql://USER:PASSWORD@HOST:PORT/DB?pgbouncer=true",
        "postgres://[user]:[password]@[neon_hostname]/[dbname]?sslmode=require",
        "postgresql://postgres:[PASSWORD]@db.[PROJECT].supabase.co:6543/postgres",
        "postgresql://***",
        "rediss://default:xxxxx@xxx.upstash.io:6379",
        "postgres://neondb_owner:REPLACE_ME@ep-example-123456-pooler.us-east-1.aws.neon.tech/neondb",
        "postgresql://app:<password>@db.example.com/shop",
        "postgresql://app:s3cret@<host>:5432/shop",
        "postgresql://app:s3cret@db.example.com:<port>/shop",
        "postgresql://app:s3cret@db.example.com/<database>",
        "postgresql://app:s3cret@db.example.com/dbname",
        "postgresql://app:npg_xxxxxxxx@db.example.com/shop",
        "redis://localhost:port",
        "https://your-app.vercel.app",
        "https://xxx.vercel.app",
    ],
)
def test_placeholders(text: str) -> None:
    assert parse_url(text).placeholder


def test_bracket_in_real_password_is_not_a_placeholder() -> None:
    assert not parse_url("postgresql://app:aB[3x]9qZ@db.example.com/shop").placeholder


# --- classes of schemes and hosts ------------------------------------------------------


@pytest.mark.parametrize(
    ("scheme", "family"),
    [
        ("postgres", "postgres"),
        ("postgresql", "postgres"),
        ("postgresql+asyncpg", "postgres"),
        ("postgresql+psycopg", "postgres"),
        ("asyncpg", "postgres"),
        ("postgres+asyncpg", None),
        ("redis", "redis"),
        ("rediss", "redis"),
        ("unix", None),
        ("mysql", None),
        ("https", None),
        (None, None),
    ],
)
def test_family_of_scheme(scheme: str | None, family: str | None) -> None:
    assert family_of_scheme(scheme) == family


def test_scheme_of() -> None:
    assert scheme_of("PostgreSQL+AsyncPG://x") == "postgresql+asyncpg"
    assert scheme_of("postgresql:/x") is None
    assert scheme_of("localhost:5432") is None


@pytest.mark.parametrize(
    ("host", "private"),
    [
        ("", True),
        ("/var/run/postgresql", True),
        ("localhost", True),
        ("app.localhost", True),
        ("127.0.0.1", True),
        ("::1", True),
        ("10.0.4.12", True),
        ("192.168.1.20", True),
        ("172.20.0.3", True),
        ("fd12:3456::2", True),
        ("fe80::1", True),
        ("postgres", True),
        ("redis", True),
        ("redis.railway.internal", True),
        ("postgres.railway.internal.", True),
        ("printer.local", True),
        ("redis.default.svc.cluster.local", True),
        ("ep-cool-darkness-a1b2c3d4-pooler.us-east-2.aws.neon.tech", False),
        ("fond-cobra-41377.upstash.io", False),
        ("monorail.proxy.rlwy.net", False),
        ("8.8.8.8", False),
        ("2001:4860:4860::8888", False),
        ("db.internal.example.com", False),
    ],
)
def test_private_hosts(host: str, private: bool) -> None:
    assert is_private_host(host) is private


def test_private_suffixes_are_configurable() -> None:
    assert not is_private_host("db.corp")
    assert is_private_host("db.corp", (".corp",))
    url = parse_url("postgresql://a:b@db.corp,10.0.0.1,ep-x.us-east-2.aws.neon.tech/db")
    assert [e.host for e in remote_hosts(url, ("corp",))] == ["ep-x.us-east-2.aws.neon.tech"]


def test_neon_hosts() -> None:
    direct = "ep-cool-darkness-a1b2c3d4.us-east-2.aws.neon.tech"
    pooled = "ep-cool-darkness-a1b2c3d4-pooler.us-east-2.aws.neon.tech"
    assert neon_pooled_host(direct) == pooled
    assert neon_pooled_host(pooled) == pooled
    assert neon_direct_host(pooled) == direct
    assert neon_direct_host(direct) == direct
    assert is_neon_pooler(pooled) and not is_neon_pooler(direct)
    assert neon_domain(direct) == "neon.tech"
    assert (
        neon_domain("ep-x.us-east-1.postgres.vercel-storage.com") == "postgres.vercel-storage.com"
    )
    assert neon_domain("console.neon.tech") is None
    assert neon_domain("ep-x.neon.tech.evil.example") is None
    assert neon_domain("ep-x.example.com", ("example.com",)) == "example.com"


def test_pgbouncer_flag() -> None:
    assert pgbouncer_flag(parse_url("postgresql://h.example.com/db?pgbouncer=true"))
    assert pgbouncer_flag(parse_url("postgresql://h.example.com/db?pgbouncer=TRUE"))
    assert not pgbouncer_flag(parse_url("postgresql://h.example.com/db?pgbouncer=false"))
    assert not pgbouncer_flag(parse_url("postgresql://h.example.com/db"))


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("postgresql+asyncpg://h.example.com/db?sslmode=require&channel_binding=require", ["sslmode", "channel_binding"]),
        ("postgresql+asyncpg://h.example.com/db?ssl=true", ["ssl"]),
        ("postgresql+asyncpg://h.example.com/db?ssl=Require", ["ssl"]),
        ("postgresql+asyncpg://h.example.com/db?ssl=verify-full&command_timeout=30&prepared_statement_cache_size=0", []),
        ("postgresql+asyncpg://h.example.com/db?sslmode=require&sslmode=require", ["sslmode"]),
        ("postgresql+asyncpg://h.example.com/db?application_name=api", ["application_name"]),
        ("postgresql+psycopg://h.example.com/db?ssl=require&sslmode=require", ["ssl"]),
        ("postgresql+psycopg2://h.example.com/db?schema=public&pgbouncer=true", ["schema", "pgbouncer"]),
        ("postgresql+psycopg2://h.example.com/db?sslmode=require&channel_binding=require", []),
        ("postgresql://h.example.com/db?ssl=true&pgbouncer=true&schema=public", []),
        ("asyncpg://h.example.com/db?sslmode=require", []),
        ("postgresql+pg8000://h.example.com/db?sslmode=require", []),
    ],
)  # fmt: skip
def test_rejected_params(text: str, names: list[str]) -> None:
    assert [p.name for p in rejected_params(parse_url(text))] == names


def test_expected_family_prefers_the_catalogue() -> None:
    catalogue = build_catalogue(
        [
            (
                {
                    "variables": {
                        "DATABASE_URL": {"purpose": "db", "kind": "postgres-url"},
                        "REDIS_URL": {"purpose": "cache", "kind": "redis-url"},
                        "NEXT_PUBLIC_API_URL": {"purpose": "api", "kind": "url"},
                    }
                },
                "test",
            )
        ]
    )
    assert expected_family(catalogue, "DATABASE_URL", "mysql://x") == "postgres"
    assert expected_family(catalogue, "REDIS_URL", "https://x") == "redis"
    assert expected_family(catalogue, "NEXT_PUBLIC_API_URL", "postgres://x") is None
    assert expected_family(catalogue, "CELERY_BROKER_URL", "redis://x") == "redis"
    assert expected_family(catalogue, "ANALYTICS_DB", "postgresql+psycopg://x") == "postgres"
    assert expected_family(catalogue, "SOME_URL", "https://x") is None


# --- the rules' contracts ----------------------------------------------------------------


def test_all_eight_rules_are_registered() -> None:
    assert [f"SL30{n}" for n in range(1, 9)] == SL3_CODES


@pytest.mark.parametrize(
    ("code", "options"),
    [
        ("SL301", {"neon_domains": ("",)}),
        ("SL302", {"accepted_modes": ()}),
        ("SL302", {"accepted_modes": ("require", "prefer")}),
        ("SL303", {"direct_key_suffixes": ("_",)}),
        ("SL304", {"neon_domains": (".",)}),
        ("SL306", {"url_schemes": ()}),
    ],
)
def test_options_are_checked(code: str, options: dict[str, object]) -> None:
    rule = next(r for r in SL3 if r.code == code)
    with pytest.raises(ValueError):
        rule.Options(**options)


FENCE = re.compile(r'```(\w+) path="([^"]+)"\n(.*?)\n```', re.DOTALL)


def _section(rule: type[Rule], name: str) -> str:
    doc = inspect.cleandoc(rule.__doc__ or "")
    match = re.search(rf"^## {re.escape(name)}\n(.*?)(?=^## |\Z)", doc, re.MULTILINE | re.DOTALL)
    assert match, f"{rule.code}: no '## {name}' section"
    return match.group(1)


def _write_project(root: Path, section: str) -> None:
    blocks = FENCE.findall(section)
    assert blocks, "a docs example needs fenced blocks with a path"
    for _, path, body in blocks:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body + "\n", encoding="utf-8")


@pytest.mark.parametrize("rule", SL3, ids=SL3_CODES)
def test_docs_examples(rule: type[Rule], tmp_path: Path) -> None:
    doc = inspect.cleandoc(rule.__doc__ or "")
    headings = re.findall(r"^## (.+)$", doc, re.MULTILINE)
    assert headings == ["What it checks", "Why", "Example", "Use instead", "How to fix", "Guide"]
    _write_project(tmp_path / "bad", _section(rule, "Example"))
    _write_project(tmp_path / "good", _section(rule, "Use instead"))
    assert lint(tmp_path / "bad", select=[rule.code]), "Example must fire the rule"
    assert lint(tmp_path / "good", select=[rule.code]) == [], "Use instead must not"


# --- secret safety -----------------------------------------------------------------------

CANARY = "Kq7Canary9Zx"
"""A password planted in every URL; no part of it may reach a message."""

STAGING_LINES = [
    f"DATABASE_URL=postgresql://shop:{CANARY}@ep-bold-river-k3m8q1zt.us-east-2.aws.neon.tech/shop",
    f"DATABASE_URL_UNPOOLED=postgresql://shop:{CANARY}@ep-bold-river-k3m8q1zt-pooler.us-east-2.aws.neon.tech/shop?sslmode=prefer",
    f"POSTGRES_URL=postgresql+asyncpg://shop:{CANARY}@ep-bold-river-k3m8q1zt-pooler.us-east-2.aws.neon.tech/shop?sslmode=require&ssl=true",
    f"POSTGRES_PRISMA_URL=postgresql+psycopg://shop:{CANARY}@db.example-shop.com:5432/shop?ssl=require&sslmode=disable",
    f"REDIS_URL=redis://default:{CANARY}@fond-cobra-41377.upstash.io:6379",
    f"REDIS_PUBLIC_URL=redis://default:{CANARY}@monorail.proxy.rlwy.net:34567",
    f"CELERY_BROKER_URL=redis://default:{CANARY[:4]}#{CANARY[4:]}@cache.example-shop.com:6379",
    f"ANALYTICS_DATABASE_URL=postgres://app:{CANARY[:6]}/{CANARY[6:]}@db.example-shop.com/a",
    f"REPORTING_DATABASE_URL=postgres://app:{CANARY[:6]}@{CANARY[6:]}@db.example-shop.com/r",
    f"AUDIT_DATABASE_URL=postgres://app:{CANARY}@db.example-shop.com:{CANARY}/a",
    f"SEARCH_DATABASE_URL=postgres://app:{CANARY[:5]}:{CANARY[5:]}/x@db.example-shop.com/s",
    f"DIRECT_URL=postgresql://shop:{CANARY}@ep-bold-river-k3m8q1zt-pooler.us-east-2.aws.neon.tech/shop?pgbouncer=true&sslmode=verify-foo",
    f"FRONTEND_URL=https://{CANARY}:{CANARY}@",
    f"NEXT_PUBLIC_API_URL={CANARY}.example-shop.com",
]
PRODUCTION_LINES = [
    f"DATABASE_URL=postgresql://shop:{CANARY}x@ep-bold-river-k3m8q1zt-pooler.us-east-2.aws.neon.tech/shop?sslmode=require",
    f"REDIS_URL=rediss://default:{CANARY}y@fond-cobra-41377.upstash.io:6379",
    f"CELERY_BROKER_URL=rediss://default:{CANARY}z@cache.example-shop.com:6379",
]


def _fragments(secret: str, size: int = 5) -> set[str]:
    return {secret[i : i + size] for i in range(len(secret) - size + 1)}


@pytest.mark.parametrize("policy", ["staging", "production"])
def test_no_password_in_any_message(tmp_path: Path, policy: str) -> None:
    backend = tmp_path / "backend"
    backend.mkdir()
    (backend / "railway.json").write_text("{}\n", encoding="utf-8")
    judged, compared = (".env.staging", ".env.production")
    if policy == "production":
        judged, compared = compared, judged
    (backend / judged).write_text("\n".join(STAGING_LINES) + "\n", encoding="utf-8")
    (backend / compared).write_text("\n".join(PRODUCTION_LINES) + "\n", encoding="utf-8")
    diagnostics = lint(tmp_path, select=SL3_CODES, policy=policy)
    fired = {d.code for d in diagnostics}
    assert fired == set(SL3_CODES), f"the canary project must exercise every rule, got {fired}"
    fragments = _fragments(CANARY)
    for diag in diagnostics:
        texts = [diag.message, diag.fingerprint or ""] + [r.message for r in diag.related]
        for text in texts:
            leaked = [f for f in fragments if f in text]
            assert not leaked, f"{diag.code} leaks {leaked}: {text}"
