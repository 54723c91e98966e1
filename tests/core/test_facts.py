"""The flags kept on each value (stagelint.policy.facts) answer exactly what the functions
that define them answer."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from stagelint.model.deployment import Location, Reference, Value, Variable
from stagelint.model.values import is_placeholder
from stagelint.policy.catalogue import load_catalogue
from stagelint.policy.facts import (
    NO_SECRET,
    PLACEHOLDER,
    URL,
    URL_PASSWORD,
    URL_PLACEHOLDER_PASSWORD,
    judged_literal,
    literal_facts,
    secret_of,
)
from stagelint.policy.fingerprint import (
    holds_no_secret,
    is_placeholder_password,
    is_url,
    secret_part,
    url_password,
)
from stagelint.policy.rule import literal
from stagelint.project.loader import load_project
from stagelint.project.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = load_catalogue()
KEYS = ("JWT_SECRET_KEY", "DATABASE_URL", "CORS_ALLOW_CREDENTIALS", "NEXT_PUBLIC_API_URL", "PORT")
EDGES = (
    "", " ", "changeme", "<your-key>", "true", "0", "12.5", "https://example.com",
    "postgres://user:pass@db:5432/app", "postgres://u:[YOUR-PASSWORD]@db/app",
    "postgresql://app:Xk9mPq2LvN4w@ep-x.neon.tech/db?sslmode=require", "redis://:@h:6379",
    "rediss://default:s3cr3tValue@x.upstash.io:6379", "://", "x://", "a:b@c", "your-api-key",
    "hehz1dNS8mkLIlsl2JS0fQgiGh0laWekRYtJemCRGfgrlMNOunT33R6Ecks1KCQm", "xxx", "...",
)  # fmt: skip


def _variable(key: str, text: str | None, references: tuple[Reference, ...] = ()) -> Variable:
    here = Location.at(".env.staging")
    value = Value(text) if text is not None else None
    return Variable(key, value, here, here, here, references)


def _agrees(text: str) -> None:
    for key in KEYS:
        var = _variable(key, text)
        found = literal_facts(var)
        password = url_password(text)
        assert bool(found & PLACEHOLDER) == is_placeholder(text), text
        assert bool(found & NO_SECRET) == holds_no_secret(text), text
        assert bool(found & URL) == is_url(text), text
        real = password is not None and not is_placeholder_password(password)
        assert bool(found & URL_PASSWORD) == real, text
        fake = password is not None and is_placeholder_password(password)
        assert bool(found & URL_PLACEHOLDER_PASSWORD) == fake, text
        assert secret_of(CATALOGUE, var) == secret_part(CATALOGUE, key, text), (key, text)
        assert judged_literal(var) == (None if is_placeholder(text) else text)
        assert literal_facts(var) == found  # kept, and the same when asked again


def test_edge_values() -> None:
    for text in EDGES:
        _agrees(text)


def test_every_value_of_the_examples() -> None:
    texts = set()
    for example in sorted((ROOT / "examples").iterdir()):
        if example.is_dir():
            project = load_project(example, Settings())
            texts |= {v.value.reveal() for f in project.env_files for v in f.variables if v.value}
    assert len(texts) > 100
    for text in sorted(texts):
        _agrees(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ09:/@.-_<>[]x ?#%tTruefalse"), max_size=40))
def test_random_values(text: str) -> None:
    _agrees(text)


def test_no_literal_no_facts() -> None:
    ref = Reference("railway", "DATABASE_URL", "Postgres", Location.at(".env.staging"))
    for var in (_variable("JWT_SECRET_KEY", None), _variable("A", "${{Postgres.X}}", (ref,))):
        assert literal(var) is None
        assert literal_facts(var) == 0
        assert judged_literal(var) is None
        assert secret_of(CATALOGUE, var) is None
