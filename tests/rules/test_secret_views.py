"""The SL1 rules' per-check views (rules/_secrets.py) and fast paths decide exactly what the
plain per-binding questions they replaced decided."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from stagelint_rules import _secrets as secrets_helpers
from stagelint_rules import sl105_reused_secret as sl105
from stagelint_rules import sl108_secret_in_config as sl108
from stagelint_rules._secrets import generated_keys, generated_secrets, secret_keys
from stagelint_rules.sl104_shared_production_secret import _candidates

from stagelint.model.deployment import EnvFile, Location, Project, Reference, Value, Variable
from stagelint.model.diagnostics import Violation
from stagelint.policy.context import Context
from stagelint.policy.facts import NO_SECRET, literal_facts, secret_of
from stagelint.policy.fingerprint import is_secret_key
from stagelint.policy.packs import Policy, load_policy
from stagelint.policy.registry import load_registry
from stagelint.project.loader import load_project
from stagelint.project.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
_KEYS = (
    "JWT_SECRET_KEY",
    "SESSION_SECRET",
    "DATABASE_URL",
    "SANITY_API_TOKEN",
    "NEXT_PUBLIC_POSTHOG_KEY",
    "CORS_ALLOW_CREDENTIALS",
    "PORT",
    "CELERY_BROKER_URL",
)
_TEXTS = st.text(alphabet=st.sampled_from("aZ09:/@.-_<>[]x?#%true "), max_size=30)
_SCHEMES = st.sampled_from(["postgres", "rediss", "https", "x"])
_VALUES = st.one_of(
    _TEXTS,
    st.builds("{}://{}".format, _SCHEMES, _TEXTS),
    st.builds("{}://{}:{}@{}".format, _SCHEMES, _TEXTS, _TEXTS, _TEXTS),
)


def _example_contexts() -> list[Context]:
    found = []
    registry = load_registry()
    for root in sorted((ROOT / "examples").iterdir()):
        if root.is_dir():
            policy = load_policy("staging", registry, root)
            project = load_project(root, Settings(), ("staging", "production"))
            found.append(Context(project, policy, "staging", "production", Settings()))
    return found


def _context(bindings: list[tuple[str, str | None]], environment: str = "staging") -> Context:
    project = Project(root=Path("/p"))
    for service in ("api", "web"):
        path = f"{service}/.env.{environment}"
        env_file = EnvFile(path, service=service, environment=environment)
        for line, (key, text) in enumerate(bindings, 1):
            here = Location(path, line, 1, line, 5)
            value = Value(text) if text is not None else None
            refs = (Reference("braced", "X", None, here),) if text == "${X}" else ()
            env_file.variables.append(Variable(key, value, here, here, here, refs))
        project.env_files.append(env_file)
    return Context(project, Policy(name="t"), environment, None)


def test_generated_secrets_are_the_judged_bindings_of_generated_keys_in_order() -> None:
    contexts = _example_contexts()
    assert sum(len(generated_secrets(ctx)) for ctx in contexts) > 5
    for ctx in contexts:
        plain = [
            (env_file, var)
            for env_file, var in ctx.judged_bindings()
            if ctx.catalogue.is_generated_secret(var.key)
        ]
        assert generated_secrets(ctx) == plain
        assert generated_secrets(ctx) is generated_secrets(ctx)  # once per check


def test_key_answers_are_the_catalogues() -> None:
    ctx = _context([(key, "x") for key in _KEYS])
    secret, generated = secret_keys(ctx), generated_keys(ctx)
    for key in (*_KEYS, "AUTH_SECRET", "MY_PASSWORD", "lower_secret"):
        assert secret[key] == is_secret_key(ctx.catalogue, key)
        assert generated[key] == ctx.catalogue.is_generated_secret(key)
    assert secret_keys(ctx) is secret
    assert len(secret) == len(_KEYS) + 3  # each key asked once


def _agree(ctx: Context) -> None:
    """SL104's candidates: every binding that holds a secret, with its secret's text."""
    candidates = {id(var): text for _, var, text in _candidates(ctx, ctx.judged_bindings())}
    for _, var in ctx.judged_bindings():
        part = secret_of(ctx.catalogue, var)
        if part is not None:
            assert candidates.get(id(var)) == part.text, var.key


def test_sl104_candidates_hold_every_secret_of_the_examples() -> None:
    for ctx in _example_contexts():
        _agree(ctx)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_KEYS), st.one_of(st.none(), _VALUES)), max_size=8))
def test_sl104_candidates_hold_every_secret(bindings: list[tuple[str, str | None]]) -> None:
    _agree(_context([*bindings, ("JWT_SECRET_KEY", "${X}")]))


def _sl105_plain(ctx: Context) -> list[Violation]:
    """SL105 as it was written first: every service's URL passwords gathered before grouping."""
    catalogue = ctx.catalogue
    found = []
    for service, bindings in ctx.project.variables(ctx.environment).items():
        groups: dict[tuple[str, str], list[Variable]] = {}
        credentials: set[str] | None = None
        named: set[tuple[str, str]] = set()
        for key, var in bindings.items():
            if not is_secret_key(catalogue, key) or catalogue.kind(key) in sl105._URL_KINDS:
                continue
            if literal_facts(var) & NO_SECRET:
                continue
            identity = sl105._identity(var, bindings, 0)
            if identity is None:
                continue
            if identity[0] == "value" and not catalogue.is_generated_secret(key):
                if credentials is None:
                    credentials = sl105._url_passwords(bindings)
                if identity[1] in credentials:
                    if identity in named:
                        continue
                    named.add(identity)
            groups.setdefault(identity, []).append(var)
        for group in groups.values():
            found += sl105._reuses(ctx, service, sorted(group, key=lambda v: v.location))
    return found


_SECRETS = st.sampled_from(["s3cr3t-Value-0001", "s3cr3t-Value-0002", "true", "changeme", "${X}"])
_SL105_VALUES = st.one_of(
    _SECRETS, st.builds("postgres://app:{}@db/app".format, _SECRETS), st.none()
)
_SL105_KEYS = st.sampled_from(
    [
        "JWT_SECRET_KEY",
        "SESSION_SECRET",
        "DATABASE_PASSWORD",
        "REDIS_PASSWORD",
        "SANITY_API_TOKEN",
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "X",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_SL105_KEYS, _SL105_VALUES), max_size=10))
@example(
    [
        ("DATABASE_URL", "postgres://app:s3cr3t-Value-0001@db/app"),
        ("DATABASE_PASSWORD", "s3cr3t-Value-0001"),
        ("REDIS_PASSWORD", "s3cr3t-Value-0001"),
        ("SESSION_SECRET", "s3cr3t-Value-0001"),
        ("JWT_SECRET_KEY", "s3cr3t-Value-0001"),
    ]
)
def test_sl105_decides_as_its_plain_form(bindings: list[tuple[str, str | None]]) -> None:
    """Grouping first, and a service's URL passwords only for a value two secrets share."""
    ctx = _context(bindings)
    assert list(sl105.ReusedSecret().check(ctx)) == _sl105_plain(ctx)


_DATA = st.recursive(
    st.sampled_from(["x", "KEY=v", 1, None]),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["env", "apiToken", "preDeployCommand"]), inner),
    ),
    max_leaves=12,
)


@given(_DATA)
def test_sl108_strings_take_the_last_property_name_on_their_path(data: object) -> None:
    for path, name, _text in sl108._strings(data, (), 0):
        names = [part for part in path if isinstance(part, str)]
        assert name == (names[-1] if names else None)


_SHAPES = st.builds(
    "{}{}".format,
    st.sampled_from(["phx_", "sk_live_", "rk_test_", "sb_secret_", "sk.eyJ", "sk", "eyJ", "", "x"]),
    st.text(alphabet=st.sampled_from("aZ9_-.eyJ"), max_size=48),
)


@settings(max_examples=300, deadline=None)
@given(_SHAPES, st.booleans())
@example("phx_" + "a" * 20, False)
@example("rk_test_" + "a" * 16, False)
@example("sb_secret_" + "a" * 16, False)
@example("sk.eyJ" + "a" * 20, False)
@example("sk" + "aZ9" * 14, False)
def test_server_credential_passes_over_only_values_no_shape_starts(
    text: str, public_key: bool
) -> None:
    """Every shape is anchored at one of the starts it tests first."""
    if not text.startswith(secrets_helpers._CREDENTIAL_STARTS):
        shapes = ("_PHX", "_STRIPE", "_SUPABASE_SECRET", "_SANITY_TOKEN", "_MAPBOX_SECRET")
        assert not any(getattr(secrets_helpers, shape).match(text) for shape in shapes)
        assert secrets_helpers._jwt_role(text) is None
    assert secrets_helpers.server_credential(text, public_key) == _server_credential_plain(
        text, public_key
    )


def _server_credential_plain(text: str, public_key: bool) -> str | None:
    shapes = (
        ("_PHX", "a PostHog personal API key (phx_)"),
        ("_STRIPE", "a Stripe secret key"),
        ("_SUPABASE_SECRET", "a Supabase secret key (sb_secret_)"),
        ("_MAPBOX_SECRET", "a Mapbox secret token (sk.)"),
    )
    for shape, name in shapes:
        if getattr(secrets_helpers, shape).match(text):
            return name
    if secrets_helpers._SANITY_TOKEN.match(text) and secrets_helpers._looks_random(text[2:]):
        return "a Sanity API token (sk...)"
    role = secrets_helpers._jwt_role(text)
    if role == "service_role":
        return "a Supabase service-role key (a JWT)"
    if role is not None and role != "anon" and not public_key:
        return "a JSON Web Token (eyJ...)"
    return None
