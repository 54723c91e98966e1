"""The SL1 rules' per-check views (rules/_secrets.py) and fast paths decide exactly what the
plain per-binding questions they replaced decided."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from stagelint_rules._secrets import generated_keys, generated_secrets, secret_keys
from stagelint_rules.sl104_shared_production_secret import _candidates

from stagelint.model.deployment import EnvFile, Location, Project, Reference, Value, Variable
from stagelint.policy.context import Context
from stagelint.policy.facts import secret_of
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
    for example in sorted((ROOT / "examples").iterdir()):
        if example.is_dir():
            policy = load_policy("staging", registry, example)
            project = load_project(example, Settings(), ("staging", "production"))
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
