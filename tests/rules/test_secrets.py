"""SL1 (secrets): weakness detectors, credential shapes, the fingerprint file, SL107 against
real git repositories, documentation examples, and secret safety of every message."""

from __future__ import annotations

import base64
import json
import logging
import random
import re
import shutil
import string
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from stagelint_rules import builtin_rules
from stagelint_rules import sl107_committed_secret_file as sl107
from stagelint_rules._secrets import (
    config_key_name,
    is_placeholder_password,
    padded_word,
    period,
    secret_part,
    sequence_share,
    server_credential,
    shannon_entropy,
    url_password,
    weakness,
)

from stagelint.entry import main
from stagelint.model.atomic import write_text
from stagelint.model.errors import ConfigError, UsageError
from stagelint.policy import weakness as detectors
from stagelint.policy.catalogue import load_catalogue
from stagelint.policy.fingerprint import (
    DEFAULT_PARAMS,
    FingerprintFile,
    Matcher,
    Params,
    create,
    dumps,
    loads,
    write_fingerprints,
)
from stagelint.policy.rule import Rule
from stagelint.policy.ruledocs import rule_doc
from stagelint.testing import lint
from tests.support import write_files

SECRET_RULES = sorted(
    (rule for rule in builtin_rules() if rule.code.startswith("SL1")), key=lambda r: r.code
)
EXAMPLE_ROOT = Path(__file__).resolve().parents[2] / "examples" / "guide"
HAS_GIT = shutil.which("git") is not None
needs_git = pytest.mark.skipif(not HAS_GIT, reason="git is not installed")

RANDOM_32 = "hehz1dNS8mkLIlsl2JS0fQgiGh0laWek"
RANDOM_64 = "LT2JohvQxyU9TFjFDk9I_rz-vzdwUn5S4-HKWY_HQ7oCnIxSnlJx8J6pMhvsTHsA"

_RUN = subprocess.run  # tests that spy on subprocess.run still set up repositories


def _git(root: Path, *args: str) -> None:
    _RUN(["git", *args], cwd=root, check=True, capture_output=True)


# ------------------------------------------------------------------------ the family


def test_the_family_is_complete() -> None:
    assert [(r.code, r.name, str(r.default_severity)) for r in SECRET_RULES] == [
        ("SL101", "secret-too-short", "error"),
        ("SL102", "secret-placeholder", "error"),
        ("SL103", "weak-secret", "warning"),
        ("SL104", "shared-production-secret", "error"),
        ("SL105", "reused-secret", "error"),
        ("SL106", "public-secret", "error"),
        ("SL107", "committed-secret-file", "error"),
        ("SL108", "secret-in-config", "error"),
        ("SL109", "predictable-secret", "error"),
    ]


@pytest.mark.parametrize("rule", SECRET_RULES, ids=lambda r: r.code)
def test_docs_have_the_sections_in_order(rule: type[Rule]) -> None:
    doc = rule_doc(rule)
    assert list(doc.sections) == [
        "What it checks",
        "Why",
        "Example",
        "Use instead",
        "How to fix",
        "Guide",
    ]
    assert doc.summary.endswith(".")


@pytest.mark.parametrize("rule", SECRET_RULES, ids=lambda r: r.code)
def test_example_fires_and_use_instead_does_not(rule: type[Rule], tmp_path: Path) -> None:
    doc = rule_doc(rule)
    results = {}
    for heading in ("Example", "Use instead"):
        root = tmp_path / heading.replace(" ", "-")
        blocks = doc.blocks(heading)
        assert blocks and all(b.path for b in blocks), f"{heading} needs blocks with a path"
        write_files(root, {str(b.path): b.text for b in blocks})
        if rule.code == "SL107":
            if not HAS_GIT:
                pytest.skip("git is not installed")
            _git(root, "init", "-q")
        results[heading] = lint(root, select=[rule.code])
    assert {d.code for d in results["Example"]} == {rule.code}
    assert results["Use instead"] == []


def test_the_guide_example_is_clean() -> None:
    """SL107 is left out: the example commits its env files on purpose."""
    found = lint(EXAMPLE_ROOT, select=["SL101", "SL102", "SL103", "SL104", "SL105", "SL106"])
    found += lint(EXAMPLE_ROOT, select=["SL108"])
    assert found == []


# ---------------------------------------------------------------- SL103 detectors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abcabcab", 3),
        ("aaaa", 1),
        ("abab", 2),
        ("abcd", None),
        ("aba", None),
        ("a", None),
        ("", None),
        (RANDOM_32 * 2, 32),
        ("a" * 5000 + "b", None),
    ],
)
def test_period(text: str, expected: int | None) -> None:
    assert period(text) == expected


@given(st.text(alphabet="abc", max_size=40) | st.text(max_size=40))
def test_period_is_the_shortest_repeat(text: str) -> None:
    """The definition, checked naively: the smallest p <= n/2 with text[i] == text[i + p]."""
    size = len(text)
    shortest = next((p for p in range(1, size // 2 + 1) if text[p:] == text[: size - p]), None)
    assert period(text) == shortest


def test_period_is_linear_on_crafted_values() -> None:
    start = time.process_time()
    assert period("a" * 200_000 + "b") is None
    assert time.process_time() - start < 2


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("abcdef", 1.0),
        ("654321", 1.0),
        ("qwerty", 1.0),
        ("zyxw", 1.0),
        ("ab", 0.0),
        ("acegik", 0.0),
        ("ers", 0.0),  # e-r on the keyboard, r-s in the alphabet: not one ordering
        ("xxabcxx", 3 / 7),
        ("İabc", 3 / 4),  # İ lowercases to two characters: positions still line up
        ("ABCdef", 1.0),
        ("\u212alm", 1.0),  # the Kelvin sign lowercases to k
        ("ΣΣabc", 3 / 5),
        ("abab" * 8, 0.0),
    ],
)
def test_sequence_share(text: str, share: float) -> None:
    assert sequence_share(text) == pytest.approx(share)


@pytest.mark.parametrize(
    ("text", "padded"),
    [
        ("supersecretpassword1234567890!!!", True),
        ("p4ssw0rd" + "1" * 24, True),
        ("my-staging-jwt-secret-2026-2026-2026", True),
        ("staging" + RANDOM_32, False),
        (RANDOM_64, False),
        ("correct-horse-battery-staple-Tr0ub4dor", False),
        # İ lowercases to two characters: this crashed SL103 (a zip of unequal lengths)
        ("İpassword" + "1" * 24, True),
    ],
)
def test_padded_word(text: str, padded: bool) -> None:
    assert padded_word(text) is padded


def test_entropy_is_corrected_for_short_values() -> None:
    assert shannon_entropy("") == 0
    assert shannon_entropy("aaaa") == 0
    plain = 1.0  # two symbols, equally often
    assert shannon_entropy("abababab") == pytest.approx(plain + 1 / (2 * 8 * 0.6931471805599453))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("a" * 40, "repeated"),
        ("Ab1!" * 10, "cycle"),
        ("abcdefghijklmnopqrstuvwxyz0123456789", "sequence"),
        ("qwertyuiopasdfghjklzxcvbnm123456", "sequence"),
        ("supersecretpassword1234567890123", "padded-word"),
        ("aabbaabbccddaabbaabbccddaabbccdd", "low-entropy"),
        ("11223344112233441122334411223355", "low-entropy"),
    ],
)
def test_weakness_names_the_first_weakness(text: str, kind: str) -> None:
    found = weakness(text)
    assert found is not None and found.weakness == kind
    assert text not in found.reason


def test_random_secrets_are_not_weak() -> None:
    rng = random.Random(20260112)
    urlsafe = string.ascii_letters + string.digits + "-_"
    for _ in range(1000):
        size = rng.choice([32, 43, 64])
        assert weakness("".join(rng.choice(urlsafe) for _ in range(size))) is None
        assert weakness("".join(rng.choice("0123456789abcdef") for _ in range(64))) is None
    digits = sum(
        weakness("".join(rng.choice(string.digits) for _ in range(48))) is not None
        for _ in range(1000)
    )
    assert digits < 10  # random digits have 3.3 bits per character; very few dip below 3


# ------------------------------------------------------- secrets inside values, shapes


@pytest.mark.parametrize(
    ("url", "password"),
    [
        ("postgresql://shop_app:24c7cf5eca70@ep-quiet.neon.tech/shop", "24c7cf5eca70"),
        ("redis://:p%40ss@redis.railway.internal:6379", "p@ss"),
        ("rediss://default:a@b@eu1.upstash.io:6379", "a@b"),
        ("postgresql://user@host/db", None),
        ("postgresql://user:@host/db", None),
        ("https://b9bbbc7a@o451234.ingest.us.sentry.io/1", None),
        ("not a url", None),
        ("https://example-shop.com/login?next=a:b@c", None),
    ],
)
def test_url_password(url: str, password: str | None) -> None:
    assert url_password(url) == password


@pytest.mark.parametrize(
    ("password", "placeholder"),
    [
        ("password", True),
        ("pass", True),
        ("[YOUR-PASSWORD]", True),
        ("<db-password>", True),
        ("{password}", True),
        ("changeme", True),
        ("24c7cf5eca70e5114d4055da", False),
        ("postgres", False),
    ],
)
def test_placeholder_passwords(password: str, placeholder: bool) -> None:
    assert is_placeholder_password(password) is placeholder


def test_secret_part() -> None:
    catalogue = load_catalogue()
    assert secret_part(catalogue, "JWT_SECRET_KEY", RANDOM_32) == ("value", RANDOM_32)
    assert secret_part(catalogue, "JWT_SECRET_KEY", "<generate>") is None
    assert secret_part(catalogue, "NEXT_PUBLIC_POSTHOG_KEY", "phc_abc") is None
    assert secret_part(catalogue, "WORKERS", "2") is None
    url = "postgresql://u:s3cr3tpw@h/db"
    assert secret_part(catalogue, "DATABASE_URL", url) == ("url-password", "s3cr3tpw")
    assert secret_part(catalogue, "CELERY_BROKER_URL", url) == ("url-password", "s3cr3tpw")
    assert secret_part(catalogue, "REDIS_URL", "redis://redis.railway.internal:6379") is None
    assert secret_part(catalogue, "DATABASE_URL", "postgresql://user:password@h/db") is None


def _jwt(payload: dict[str, object]) -> str:
    def part(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(payload)}.c2lnbmF0dXJlX2J5dGVz"


@pytest.mark.parametrize(
    ("text", "public_key", "shape"),
    [
        ("phx_928iT_2XBFOPXyFlg3_a1NXDmoh3ydTe", False, "PostHog"),
        ("phc_TF2AYk4c92vERT16iTmoB0wCdZu10JBtwbkh3eL1n0U", False, None),
        ("sk_live_51NzQp2KxY7vB3mR9tL0wE8uC4aD6", True, "Stripe"),
        ("sb_secret_Xq3vLm8PzR2tY6wK9nB4cF7", True, "Supabase secret"),
        ("skEiIBGPE-HFwmvqJKNgG_EvMoiD1ZzvPgfWuyKdtweQk6UpS_gwKROy1CyGN", True, "Sanity"),
        ("skyscraper-landing-page-hero-image-variant-number-one", False, None),
        ("skip", False, None),
        ("sk.eyJ1Ijoic2hvcCIsImEiOiJjbHg5In0.Qm8xL2vN5pR7tY1wZ3bC6d", True, "Mapbox"),
        ("pk.eyJ1Ijoic2hvcCIsImEiOiJjbHg5In0.Qm8xL2vN5pR7tY1wZ3bC6d", True, None),
        (_jwt({"role": "service_role"}), True, "service-role"),
        (_jwt({"role": "anon"}), False, None),
        (_jwt({"sub": "48213"}), False, "JSON Web Token"),
        (_jwt({"sub": "48213"}), True, None),
        ("eyJub3QiOiJhIGp3dCJ9", False, None),
        ("eyJ" + "A" * 20000 + ".x.y", False, None),
    ],
)
def test_server_credential_shapes(text: str, public_key: bool, shape: str | None) -> None:
    found = server_credential(text, public_key)
    if shape is None:
        assert found is None
    else:
        assert found is not None and shape in found and text not in found


@pytest.mark.parametrize(
    ("key", "name"),
    [("apiToken", "API_TOKEN"), ("token", "TOKEN"), ("SANITY_API_TOKEN", "SANITY_API_TOKEN")],
)
def test_config_key_name(key: str, name: str) -> None:
    assert config_key_name(key) == name


# ------------------------------------------------------------------ fingerprint file

PRODUCTION = [
    ("backend", "JWT_SECRET_KEY", "value", RANDOM_64),
    ("backend", "DATABASE_URL", "url-password", "815668862fa7a57370c1cd07"),
    ("frontend", "SANITY_API_TOKEN", "value", "skR4nD0mPr0dT0k3nVx8Kq2LmN7pZs5W"),
]


def test_fingerprint_round_trip() -> None:
    written = create(PRODUCTION, "production", salt=b"0123456789abcdef")
    text = dumps(written)
    for *_names, secret in PRODUCTION:
        assert secret not in text
    read = loads(text, "fp")
    assert read.environment == "production"
    assert read.salt == written.salt and read.params == DEFAULT_PARAMS
    assert [(f.service, f.variable, f.part, f.digest) for f in read.fingerprints] == [
        (f.service, f.variable, f.part, f.digest) for f in written.fingerprints
    ]
    lines = text.splitlines()
    for fingerprint in read.fingerprints:
        assert f'"variable": "{fingerprint.variable}"' in lines[fingerprint.line - 1]
    matcher = Matcher(read)
    assert [f.variable for f in matcher.matches(RANDOM_64)] == ["JWT_SECRET_KEY"]
    assert matcher.matches(RANDOM_32) == []


def test_fingerprints_are_salted() -> None:
    one, two = create(PRODUCTION[:1]), create(PRODUCTION[:1])
    assert one.salt != two.salt
    assert one.fingerprints[0].digest != two.fingerprints[0].digest


def test_each_secret_is_hashed_once_per_salt(monkeypatch: pytest.MonkeyPatch) -> None:
    file = create(PRODUCTION)
    calls: list[str] = []
    original = FingerprintFile.digest

    def counting(self: FingerprintFile, secret: str) -> bytes:
        calls.append(secret)
        return original(self, secret)

    monkeypatch.setattr(FingerprintFile, "digest", counting)
    matcher = Matcher(file)
    for _ in range(3):
        matcher.matches(RANDOM_64)
        matcher.matches(RANDOM_32)
    assert len(calls) == 2


def test_the_reader_honours_the_file_parameters() -> None:
    params = Params(n=1024, r=4, p=1, dklen=24)
    text = dumps(create(PRODUCTION, params=params))
    read = loads(text)
    assert read.params == params
    assert Matcher(read).matches(RANDOM_64)


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda d: d.update(format="other"), "not a stagelint fingerprint file"),
        (lambda d: d.update(version=2), "version 2 is not supported"),
        (lambda d: d.update(algorithm="sha256"), "unsupported algorithm"),
        (lambda d: d.update(n=1000), "power of two"),
        (lambda d: d.update(n=1 << 20), "over the limit"),
        (lambda d: d.update(n=1 << 12, r=4), "n * r * p"),
        # inside the earlier limits: 65 times the default's cost per hash (issue 13)
        (lambda d: d.update(n=1 << 13, r=8), "n * r * p"),
        # inside the earlier limits, refused by OpenSSL (n must be below 2 ** (16 * r)):
        # it crashed SL104 at its first hash
        (lambda d: d.update(n=1 << 16, r=1), "over the limit"),
        (lambda d: d.update(p=True), "positive integer"),
        (lambda d: d.update(salt="not base64!"), "not valid base64"),
        (lambda d: d.update(salt="AAAA"), "salt must be"),
        (lambda d: d.update(environment=""), "environment"),
        (lambda d: d["fingerprints"][0].update(part="whole"), "needs service, variable and part"),
        (lambda d: d["fingerprints"][0].update(hash="AAAA"), "not 32 bytes"),
        (lambda d: d.update(fingerprints={}), "must be a list"),
    ],
)
def test_the_reader_refuses_what_it_cannot_trust(change: object, error: str) -> None:
    data = json.loads(dumps(create(PRODUCTION)))
    change(data)  # type: ignore[operator]
    with pytest.raises(ConfigError, match=re.escape(error)):
        loads(json.dumps(data), "ops/prod.fingerprints")


def test_parameters_openssl_refuses_are_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the limits say, the reader asks OpenSSL once: a refusal is one line."""
    from stagelint.policy import fingerprint

    monkeypatch.setitem(fingerprint.LIMITS, "n", 1 << 16)
    monkeypatch.setitem(fingerprint.LIMITS, "work", 1 << 16)
    data = json.loads(dumps(create(PRODUCTION)))
    data.update(n=1 << 16, r=1)
    with pytest.raises(ConfigError, match="scrypt refuses these parameters"):
        loads(json.dumps(data), "ops/prod.fingerprints")


def test_sl104_hashes_within_a_budget_and_says_what_it_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the run's hashing budget SL104 stops hashing and reports how many secrets it
    did not compare, at the fingerprint file: bounded time, and no silent gap."""
    from stagelint.policy import fingerprint

    rng = random.Random(3)
    alphabet = string.ascii_letters + string.digits
    values = ["".join(rng.choice(alphabet) for _ in range(43)) for _ in range(5)]
    env = "".join(f"SERVICE_{i}_SECRET={value}\n" for i, value in enumerate(values))
    root = write_files(tmp_path, {"backend/railway.json": "{}", "backend/.env.staging": env})
    production = [("backend", "S0", "value", values[0])]
    write_text(
        root / ".stagelint/production.fingerprints", dumps(create(production)), make_parents=True
    )
    monkeypatch.setattr(fingerprint, "HASH_BUDGET", 2 * Params().work)
    budget, shared = sorted(lint(root, select=["SL104"]), key=lambda d: d.variable or "")
    assert (shared.variable, shared.location.path) == ("SERVICE_0_SECRET", "backend/.env.staging")
    assert budget.location.path == ".stagelint/production.fingerprints"
    assert budget.message.startswith("3 staging secrets not compared with")


def test_the_reader_reports_broken_json() -> None:
    with pytest.raises(ConfigError, match=r"not valid JSON \(line 2\)"):
        loads('{"format":\n', "fp")


def _project_with_production(root: Path) -> Path:
    return write_files(
        root,
        {
            "stagelint.toml": "",
            "backend/railway.json": "{}",
            "backend/.env.production": (
                f"JWT_SECRET_KEY={RANDOM_64}\nWORKERS=4\nSESSION_SECRET=<set-me>\n"
                "DATABASE_URL=postgresql://shop_app:815668862fa7a57370c1cd07@ep-bold.neon.tech/shop\n"
                "REDIS_URL=${{Redis.REDIS_URL}}\n"
            ),
            "backend/.env.staging": f"JWT_SECRET_KEY={RANDOM_32}\n",
        },
    )


def test_write_fingerprints_from_project_files(tmp_path: Path) -> None:
    root = _project_with_production(tmp_path)
    written = write_fingerprints([root / "backend/.env.production"], cwd=root / "backend")
    assert written.path == root / ".stagelint/production.fingerprints"
    text = written.path.read_text()
    read = loads(text)
    assert [(f.service, f.variable, f.part) for f in read.fingerprints] == [
        ("backend", "DATABASE_URL", "url-password"),
        ("backend", "JWT_SECRET_KEY", "value"),
    ]
    assert RANDOM_64 not in text and "815668862fa7a57370c1cd07" not in text
    assert "no values" in written.summary()


def test_write_fingerprints_refuses_other_environments(tmp_path: Path) -> None:
    root = _project_with_production(tmp_path)
    with pytest.raises(UsageError, match="is a staging file"):
        write_fingerprints([root / "backend/.env.staging"], cwd=root)
    written = write_fingerprints([root / "backend/.env.staging"], cwd=root, environment="staging")
    assert written.path.name == "staging.fingerprints"


def test_write_fingerprints_needs_a_service_outside_the_project(tmp_path: Path) -> None:
    root = _project_with_production(tmp_path / "project")
    pulled = write_files(tmp_path, {"pulled.env": f"SENDGRID_API_KEY={RANDOM_32}\n"}) / "pulled.env"
    with pytest.raises(UsageError, match="pass --service"):
        write_fingerprints([pulled], cwd=root)
    written = write_fingerprints([pulled], root / "out.fp", service="backend", cwd=root)
    assert [f.service for f in loads(written.path.read_text()).fingerprints] == ["backend"]


def test_the_fingerprint_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project_with_production(tmp_path)
    monkeypatch.chdir(root)
    assert main(["fingerprint", "backend/.env.production"]) == 0
    assert (root / ".stagelint/production.fingerprints").is_file()
    assert main(["fingerprint", "backend/.env.staging"]) == 2
    assert main(["fingerprint"]) == 2


def test_the_fingerprint_command_refuses_weak_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A committed hash of a weak production secret can be cracked offline (one scrypt a
    guess): such secrets are left out, named (never shown), with the advice to rotate them;
    the strong ones are written, and the exit code says something was left out."""
    weak, short, password = "Wk4zQ1" * 6, "Sh0rtK3yQ9xW2vLp", "Hunter2024"
    root = write_files(
        tmp_path,
        {
            "stagelint.toml": "",
            "backend/railway.json": "{}",
            "backend/.env.production": (
                f"JWT_SECRET_KEY={RANDOM_64}\nSESSION_SECRET={weak}\nCSRF_SECRET={short}\n"
                f"DATABASE_URL=postgresql://app:{password}@ep-bold.neon.tech/shop\n"
            ),
        },
    )
    monkeypatch.chdir(root)
    assert main(["fingerprint", "backend/.env.production"]) == 1
    out, err = capsys.readouterr()
    assert err.strip().splitlines() == [
        "stagelint: 3 secrets not fingerprinted, weak or shorter than 32 characters "
        "(backend CSRF_SECRET, backend DATABASE_URL, backend SESSION_SECRET): a committed hash "
        "of a weak secret can be cracked offline; rotate them, then run stagelint fingerprint "
        "again"
    ]
    written = loads((root / ".stagelint/production.fingerprints").read_text())
    assert [f.variable for f in written.fingerprints] == ["JWT_SECRET_KEY"]
    for secret in (weak, short, password):
        assert secret not in out + err


# -------------------------------------------------------------- SL104 with fingerprints


def _fingerprinted_project(root: Path, toml: str = "") -> Path:
    write_files(
        root,
        {
            "stagelint.toml": toml,
            "backend/railway.json": "{}",
            "backend/.env.staging": f"JWT_SECRET_KEY={RANDOM_64}\n",
        },
    )
    return root


def test_sl104_reads_the_default_fingerprint_file(tmp_path: Path) -> None:
    root = _fingerprinted_project(tmp_path)
    write_text(
        root / ".stagelint/production.fingerprints", dumps(create(PRODUCTION)), make_parents=True
    )
    [diag] = lint(root, select=["SL104"])
    assert diag.variable == "JWT_SECRET_KEY"
    assert diag.related[0].location.path == ".stagelint/production.fingerprints"


@pytest.mark.parametrize(
    ("toml", "content", "error"),
    [
        ('fingerprints = "missing.fp"', None, "is not a file"),
        ('fingerprints = "ops/prod.fp"', "{", "not valid JSON"),
        ('fingerprints = "ops/prod.fp"', '{"format": "x"}', "not a stagelint fingerprint"),
    ],
)
def test_sl104_refuses_a_broken_fingerprint_file(
    tmp_path: Path, toml: str, content: str | None, error: str
) -> None:
    root = _fingerprinted_project(tmp_path, toml)
    if content is not None:
        write_files(root, {"ops/prod.fp": content})
    with pytest.raises(ConfigError, match=error):
        lint(root, select=["SL104"])


def test_sl104_never_reads_outside_the_root(tmp_path: Path) -> None:
    outside = tmp_path / "outside.fp"
    write_text(outside, dumps(create(PRODUCTION)), make_parents=True)
    root = _fingerprinted_project(tmp_path / "project", 'fingerprints = "../outside.fp"')
    with pytest.raises(ConfigError, match="outside the project root"):
        lint(root, select=["SL104"])
    (root / "stagelint.toml").write_text("")
    (root / ".stagelint").mkdir()
    (root / ".stagelint/production.fingerprints").symlink_to(outside)
    with pytest.raises(ConfigError, match="outside the project root"):
        lint(root, select=["SL104"])


def test_sl104_with_fifty_secrets_stays_fast(tmp_path: Path) -> None:
    rng = random.Random(7)
    alphabet = string.ascii_letters + string.digits

    def secrets() -> str:
        return "".join(
            f"SERVICE_{i}_SECRET={''.join(rng.choice(alphabet) for _ in range(43))}\n"
            for i in range(50)
        )

    root = write_files(tmp_path, {"backend/railway.json": "{}", "backend/.env.staging": secrets()})
    production = [("backend", f"S{i}", "value", f"{i}" * 40) for i in range(50)]
    write_text(
        root / ".stagelint/production.fingerprints", dumps(create(production)), make_parents=True
    )
    lint(root, select=["SL101"])  # warm the caches: parsers, catalogue, registry
    start = time.process_time()
    assert lint(root, select=["SL104"]) == []
    elapsed = time.process_time() - start
    assert elapsed < 1.0, f"SL104 took {elapsed * 1000:.0f} ms for 50 secrets"


# -------------------------------------------------------------------- SL107 and git

SL107_PROJECT = {
    "backend/railway.json": "{}",
    "backend/.env.staging": f"JWT_SECRET_KEY={RANDOM_64}\nWORKERS=2\nSESSION_SECRET={RANDOM_32}\n",
    "backend/.env.production": f"JWT_SECRET_KEY={RANDOM_32}\n",
    "backend/.env": "JWT_SECRET_KEY=dev-only-local-secret\n",
    "backend/.env.example": f"JWT_SECRET_KEY={RANDOM_64}\n",
    "frontend/vercel.json": "{}",
    "frontend/.env.preview": "NEXTAUTH_SECRET=<generate>\nNEXTAUTH_URL=https://staging.example-shop.com\n",
}


def _sl107(root: Path) -> dict[str, str]:
    return {d.location.path: d.message for d in lint(root, select=["SL107"])}


@needs_git
def test_sl107_tracked_and_unignored_files(tmp_path: Path) -> None:
    root = write_files(tmp_path, {**SL107_PROJECT, ".gitignore": ".env\n"})
    _git(root, "init", "-q")
    _git(root, "add", "backend/.env.staging", "backend/.env.example", "frontend/.env.preview")
    found = _sl107(root)
    assert set(found) == {"backend/.env.staging", "backend/.env.production"}
    assert found["backend/.env.staging"].startswith("git tracks this file")
    assert "JWT_SECRET_KEY and SESSION_SECRET" in found["backend/.env.staging"]
    assert found["backend/.env.production"].startswith("git does not ignore this file")
    [diag] = [d for d in lint(root, select=["SL107"]) if d.location.path.endswith("staging")]
    assert (diag.location.line, diag.environment, diag.service) == (1, "staging", "backend")
    assert [r.location.line for r in diag.related] == [3]


@needs_git
def test_sl107_pulled_vercel_files(tmp_path: Path) -> None:
    """``[SENSITIVE]`` is not a secret in the file; the pulled file's other secrets are (a
    short-lived VERCEL_OIDC_TOKEN included: it is a credential while it lives)."""
    header = "# Created by Vercel CLI\n"
    root = write_files(
        tmp_path,
        {
            "frontend/vercel.json": "{}",
            "frontend/.vercel/.env.preview.local": header
            + 'NEXTAUTH_SECRET="[SENSITIVE]"\nVERCEL_ENV="preview"\n',
            "frontend/.env.local": header
            + f'NEXTAUTH_SECRET="{RANDOM_64}"\nSANITY_API_TOKEN="[SENSITIVE]"\n'
            + 'VERCEL_ENV="development"\n',
        },
    )
    _git(root, "init", "-q")
    _git(root, "add", "-f", "frontend")
    found = _sl107(root)
    assert set(found) == {"frontend/.env.local"}
    assert "the secret NEXTAUTH_SECRET;" in found["frontend/.env.local"]


@needs_git
def test_sl107_is_silent_when_git_ignores_the_files(tmp_path: Path) -> None:
    root = write_files(tmp_path, {**SL107_PROJECT, ".gitignore": ".env*\n!.env.example\n"})
    _git(root, "init", "-q")
    _git(root, "add", ".")
    assert _sl107(root) == {}


@needs_git
def test_sl107_project_inside_a_larger_repository(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    root = write_files(tmp_path / "apps" / "shop", SL107_PROJECT)
    _git(tmp_path, "add", "apps/shop/backend/.env.staging")
    found = _sl107(root)
    assert found["backend/.env.staging"].startswith("git tracks")


def test_sl107_is_silent_outside_a_repository(tmp_path: Path) -> None:
    root = write_files(tmp_path, SL107_PROJECT)
    assert _sl107(root) == {}
    assert sl107.unavailable_reason() is None


@needs_git
def test_sl107_asks_git_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_files(tmp_path, SL107_PROJECT)
    _git(root, "init", "-q")
    calls: list[tuple[str, object]] = []
    real_start = sl107.Started

    def spy(command: list[str], env: dict[str, str], timeout: float) -> object:
        verb = next(a for a in command if a in ("ls-files", "check-ignore"))
        calls.append((verb, timeout))
        return real_start(command, env, timeout)

    monkeypatch.setattr(sl107, "Started", spy)
    assert len(_sl107(root)) == 3  # three env files hold secrets, none is ignored
    assert calls == [("ls-files", sl107.GIT_TIMEOUT)]
    _git(root, "add", ".")
    calls.clear()
    assert len(_sl107(root)) == 3  # all tracked
    _git(root, "rm", "-q", "--cached", "-r", ".")
    (root / ".gitignore").write_text(".env*\n")
    assert _sl107(root) == {}  # all ignored
    assert [verb for verb, _ in calls] == ["ls-files", "ls-files"]


@needs_git
def test_sl107_names_with_pattern_characters_are_matched_as_written(tmp_path: Path) -> None:
    """``.env.qa[1]`` is that file (as a pattern it would match ``.env.qa1``, not itself)."""
    secret = f"JWT_SECRET_KEY={RANDOM_64}\n"
    root = write_files(
        tmp_path,
        {
            "backend/railway.json": "{}",
            "backend/.env.qa[1]": secret,
            "backend/.env.qa1": secret,
            "backend/.env.qa*": secret,
            ".gitignore": ".env.qa\\*\n",
        },
    )
    _git(root, "init", "-q")
    _git(root, "add", "backend/.env.qa1")
    found = _sl107(root)
    assert set(found) == {"backend/.env.qa1", "backend/.env.qa[1]"}, found
    assert found["backend/.env.qa[1]"].startswith("git does not ignore this file")


@needs_git
def test_sl107_asks_git_about_names_not_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One pattern per distinct file name, whatever the number of services: git compares
    every file with every pattern, so one path per env file made the run quadratic."""
    files = {}
    for index in range(30):
        files[f"services/api-{index}/railway.json"] = "{}"
        files[f"services/api-{index}/.env.staging"] = f"JWT_SECRET_KEY={RANDOM_64}\n"
    root = write_files(tmp_path, {**files, ".gitignore": ".env*\n"})
    _git(root, "init", "-q")
    _git(root, "add", "-f", "services/api-3/.env.staging")
    commands: list[list[str]] = []
    real_start = sl107.Started

    def spy(command: list[str], env: dict[str, str], timeout: float) -> object:
        commands.append(command)
        return real_start(command, env, timeout)

    monkeypatch.setattr(sl107, "Started", spy)
    assert set(_sl107(root)) == {"services/api-3/.env.staging"}
    [command] = commands
    assert command[command.index("--") + 1 :] == [":(glob)**/.env.staging"]


def test_sl107_without_git_notes_it_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    root = write_files(tmp_path, SL107_PROJECT)
    (root / ".git").mkdir()  # looks like a repository; git itself is missing
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setattr(sl107, "_warned", set())
    with caplog.at_level(logging.WARNING, logger="stagelint"):
        assert _sl107(root) == {}
        assert _sl107(root) == {}
    assert sl107.unavailable_reason() == "SL107 skipped: git is not installed (or not on PATH)"
    assert [r.getMessage() for r in caplog.records] == [
        "stagelint: SL107 skipped: git is not installed (or not on PATH)"
    ]


@needs_git
def test_sl107_survives_a_git_that_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_files(tmp_path, SL107_PROJECT)
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "git").write_text("#!/bin/sh\necho 'fatal: something odd' >&2\nexit 128\n")
    (fake / "git").chmod(0o755)
    monkeypatch.setenv("PATH", str(fake))
    monkeypatch.setattr(sl107, "_warned", set())
    assert _sl107(root) == {}
    assert sl107.unavailable_reason() == "SL107 skipped: git failed: fatal: something odd"


# ------------------------------------------------------------------ secret safety

CANARIES = {
    "short": "Qz8vKp2WmX7rT4nB",
    "weak": "Wk3Wk3Wk3Wk3Wk3Wk3Wk3Wk3Wk3Wk3Wk3Wk3",
    "shared": "Sh4r3dPr0dV4lu3xYz9LmQ2wE7rT5yU1iO8pA3sD6fG",
    "password": "Pw9xQ2zL7vN4mK8jH3gF",
    "reused": "R3us3dV4lu3bN7mQ2wE9rT4yU6iO1pA8sD5fG3hJ0kL",
    "public": "skC4n4ryT0k3nVx8Kq2LmN7pZs5WcY1bH6jF3gT9dA0eU4iO8rE2wQ5",
    "personal": "phx_C4n4ryP3rs0n4lK3yXq3vLm8PzR2tY6wK",
    "config": "sntrys_C4n4ryC0nf1gT0k3nQ2wE9rT4yU6iO1pA8",
    "sanity": "skS4n1tyC0nf1gT0k3nVx8Kq2LmN7pZs5WcY1bH6jF3gT9dA0eU4iO8",
    "railway": "Rw4yC4n4ry9xQ2zL7vN4mK8jH3gF5dS1aP0oI6uY",
    "label": "L4b3lC4n4ry7xQ2zL9vN4mK8jH3gF",
}


def _slices(secret: str) -> set[str]:
    return {secret[i : i + 8] for i in range(len(secret) - 7)}


def _canary_project(root: Path) -> Path:
    c = CANARIES
    db = f"postgresql://shop_app:{c['password']}@ep-quiet-meadow-a5k2x9wd-pooler.neon.tech/shop"
    return write_files(
        root,
        {
            "backend/railway.json": json.dumps(
                {"deploy": {"startCommand": f"JWT_SECRET_KEY={c['railway']} uvicorn app:app"}}
            ),
            "backend/.env.staging": (
                f"JWT_SECRET_KEY={c['short']}\nSESSION_SECRET={c['weak']}\n"
                f"CSRF_SECRET={c['shared']}\nDATABASE_URL={db}\n"
                f"LEMON_SQUEEZY_WEBHOOK_SECRET={c['reused']}\nCRON_SECRET={c['reused']}\n"
                "SMTP_PASSWORD=changeme\n"
                "REDIS_URL=redis://default:password@redis.railway.internal:6379\n"
            ),
            "backend/.env.production": f"SESSION_SECRET={c['shared']}\nDATABASE_URL={db}\n",
            "frontend/vercel.json": json.dumps({"env": {"SENTRY_AUTH_TOKEN": c["config"]}}),
            "frontend/.env.preview": (
                f"NEXT_PUBLIC_SANITY_API_TOKEN={c['public']}\n"
                f"NEXT_PUBLIC_ANALYTICS={c['personal']}\n"
            ),
            ".railway/railway.ts": (
                'import { defineRailway, project, service } from "railway/iac";\n'
                "export default defineRailway((ctx) => project('shop', { resources: [\n"
                "  service('jobs', { env: { JOBS_SIGNING_SECRET:"
                f" {{ value: ctx.randomString('{c['label']}', 32) }} }} }}),\n"
                "] }));\n"
            ),
            "studio/sanity.config.ts": (
                f"export default {{projectId: 'k7x9p2qd', dataset: 'staging', "
                f"token: '{c['sanity']}'}}\n"
            ),
        },
    )


def _assert_no_canary(text: str) -> None:
    for name, secret in CANARIES.items():
        leaked = [s for s in _slices(secret) if s in text]
        assert not leaked, f"part of the {name} canary leaked: {leaked[:3]}"


@needs_git
def test_no_message_quotes_a_secret(tmp_path: Path) -> None:
    root = _canary_project(tmp_path)
    _git(root, "init", "-q")
    diagnostics = lint(root, select=["SL1"])
    assert {d.code for d in diagnostics} == {r.code for r in SECRET_RULES}
    for diag in diagnostics:
        _assert_no_canary(diag.message)
        for related in diag.related:
            _assert_no_canary(related.message)


@needs_git
def test_no_report_quotes_a_secret(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _canary_project(tmp_path)
    _git(root, "init", "-q")
    for output in ("text", "json"):
        assert main(["check", str(root), "--select", "SL1", "--format", output]) == 1
        captured = capsys.readouterr()
        _assert_no_canary(captured.out + captured.err)


def test_no_fingerprint_output_quotes_a_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _canary_project(tmp_path)
    (root / ".git").mkdir()
    monkeypatch.chdir(root)
    assert main(["fingerprint", "backend/.env.production"]) == 0
    captured = capsys.readouterr()
    _assert_no_canary(captured.out + captured.err)
    _assert_no_canary((root / ".stagelint/production.fingerprints").read_text())
    (root / "backend/.env.production").unlink()
    diagnostics = lint(root, select=["SL104"])
    assert [(d.variable, d.related[0].location.path) for d in diagnostics] == [
        ("CSRF_SECRET", ".stagelint/production.fingerprints"),
        ("DATABASE_URL", ".stagelint/production.fingerprints"),
    ]
    for diag in diagnostics:
        _assert_no_canary(diag.message + " ".join(r.message for r in diag.related))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("azAZ09!-_ \u00e9\u0130\u00aa\u2160\u0663"), max_size=24))
def test_character_class_is_the_class_of_every_character(text: str) -> None:
    """The set-based path for ASCII text says what the per-character definition says."""
    from stagelint.policy.weakness import character_class

    classes = {
        "lowercase letters" if c.islower() else
        "uppercase letters" if c.isupper() else
        "digits" if c.isdigit() else
        "symbols"
        for c in text
    }  # fmt: skip
    assert character_class(text) == (classes.pop() if len(classes) == 1 else None)


_WORDY = st.lists(
    st.one_of(
        st.sampled_from(sorted(detectors._WORDS)),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", max_size=3),
    ),
    max_size=8,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_WORDY)
def test_the_word_trie_finds_what_the_plain_alternation_finds(text: str) -> None:
    """At each position, the longest word (as ``word1|word2|...``, longest first, finds
    it), and a run of three sequential characters wherever a slice would find one."""
    plain = "|".join(re.escape(word) for word in detectors._WORDS)  # longest first
    expected = [m.span(1) for m in re.finditer(f"(?=({plain}))", text)]
    assert [m.span(1) for m in detectors._word_finder()(text)] == expected
    has_run = any(text[i : i + 3] in detectors._TRIPLES for i in range(len(text) - 2))
    assert (detectors._triple_finder()(text) is not None) == has_run


_PIECES = st.lists(
    st.one_of(
        st.sampled_from(["abcdef", "cba", "4321", "890", "qwerty", "uiopq", "zxcvbnm", "asdfg"]),
        st.sampled_from(["p4ssw0rd", "Secret", "STAGING", "jwt", "k3y", "dev", "@dmin", "foo"]),
        st.sampled_from(["-", "_", ".", "!", " ", "2026", "xx", "\u0130", "\u00e9", "ab"]),
        st.text(alphabet="aZ9x-_", max_size=10),
        st.just(RANDOM_32),
    ),
    max_size=10,
).map("".join)


def _is_padding_plain(chunk: str) -> bool:
    return (
        len(chunk) < 8
        or len(set(chunk)) <= 4
        or period(chunk) is not None
        or sequence_share(chunk) >= 0.5
    )


def _padded_word_plain(text: str) -> bool:
    folded = detectors._lower_in_place(text).translate(detectors._LEET)
    covered = [False] * len(text)
    for match in detectors._word_finder()(folded):
        start, end = match.span(1)
        covered[start:end] = [True] * (end - start)
    if not any(covered):
        return False
    rest = "".join(c if not hit else " " for c, hit in zip(text, covered, strict=True))
    chunks = (re.sub(detectors._SEPARATORS, "", chunk) for chunk in rest.split(" "))
    return all(_is_padding_plain(chunk) for chunk in chunks)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(_PIECES, st.text(max_size=40)))
@example("abc!!!")  # half in runs of 3: the bound's edge (one run of 3 per 6 characters)
@example("abc!!!def!!!")
@example("uiopq-uiopq")  # "op" steps through two orderings
def test_the_detectors_fast_paths_decide_as_their_plain_forms(text: str) -> None:
    """A run of 3 for every 6 characters before the share is computed, a word search before
    the padding is, str's own tests for the character class: the answers of the plain forms."""
    assert detectors._mostly_sequential(text) == (sequence_share(text) >= 0.5)
    assert padded_word(text) == _padded_word_plain(text)
    step = period(text)
    if step == 1:
        plain = "repeated"
    elif step is not None:
        plain = "cycle"
    elif sequence_share(text) >= 0.5:
        plain = "sequence"
    elif _padded_word_plain(text):
        plain = "padded-word"
    elif detectors.character_class(text) and shannon_entropy(text) < 3.0:
        plain = "low-entropy"
    else:
        plain = None
    found = weakness(text)
    assert (found.weakness if found else None) == plain
