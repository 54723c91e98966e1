"""Code rewritten to scale with the project (rules, discovery) decides as its plain form did.

Each fast path here replaced a loop over pairs (every frontend x every backend, ...) that
grew with the square of the services; these tests pin that it decides exactly what the
plain loop decided.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from stagelint_rules._origins import DEFAULT_ALLOWED_WILDCARDS, matches, url_origin
from stagelint_rules.sl201_payments_live_mode import _FlagIndex
from stagelint_rules.sl404_frontend_origin_not_allowed import _AllowIndex, _Backend

from stagelint.model.deployment import EnvFile, Location, Project, Value, Variable
from stagelint.model.diagnostics import Related
from stagelint.policy.context import Context
from stagelint.policy.packs import Policy
from stagelint.project.discover import _owner, _owners, classify_env_file

_HOSTS = st.sampled_from(
    ["app.example.com", "EXAMPLE.com", "x.vercel.app", "a.b.vercel.app", "vercel.app", "[::1]"]
)
_ITEMS = st.one_of(
    st.sampled_from(
        [
            "*",
            "null",
            "https://*.vercel.app",
            "http://*.vercel.app",
            "https://*.example.com",
            "https://*.vercel.app:443",
            "https://app.example.com/",
            "app.example.com",
            "https://user@app.example.com",
            "https://app.example.com:8443",
            "https://app.example.com:x",
            "has space",
        ]
    ),
    st.builds(
        lambda scheme, host, port: f"{scheme}://{host}{port}",
        st.sampled_from(["https", "http", "HTTPS", "wss"]),
        _HOSTS,
        st.sampled_from(["", ":443", ":80", ":3000"]),
    ),
)
_ORIGINS = st.builds(
    lambda scheme, host, port: url_origin(f"{scheme}://{host}{port}/path"),
    st.sampled_from(["https", "http"]),
    _HOSTS,
    st.sampled_from(["", ":443", ":3000"]),
)
_WILDCARDS = st.sampled_from(
    [DEFAULT_ALLOWED_WILDCARDS, (), ("https://*.example.com", "https://*.vercel.app")]
)


@given(
    st.lists(st.lists(st.lists(_ITEMS, max_size=4), min_size=1, max_size=2), max_size=5),
    st.lists(_ORIGINS, min_size=1, max_size=4),
    _WILDCARDS,
)
def test_sl404_index_allows_what_matching_every_item_allows(
    lists: list[list[list[str]]], origins: list, wildcards: tuple[str, ...]
) -> None:
    backends = [
        _Backend(f"api{n}", [(None, items) for items in backend])  # type: ignore[misc]
        for n, backend in enumerate(lists)
    ]
    index = _AllowIndex(backends, wildcards)
    for origin in origins:
        if origin is None:
            continue
        plain = {
            number
            for number, backend in enumerate(backends)
            if any(matches(item, origin, wildcards) for _, items in backend.lists for item in items)
        }
        assert index.allowing(origin) == plain


def _owner_by_trying_every_service(rel_path: str, service_roots: list[tuple[str, str]]) -> str:
    directory = rel_path.rsplit("/", 1)[0] if "/" in rel_path else "."
    for root, name in service_roots:
        if root == "." or directory == root or directory.startswith(root + "/"):
            return name
    return "project"


_DIRS = st.lists(st.sampled_from(["a", "b", "ab", "a.b", "x"]), max_size=3).map(
    lambda parts: "/".join(parts) or "."
)


@given(
    st.lists(st.tuples(_DIRS, st.sampled_from(["s1", "s2", "s3"])), max_size=6),
    st.lists(_DIRS, min_size=1, max_size=5),
)
def test_env_file_owner_is_the_first_service_root_that_holds_it(
    roots: list[tuple[str, str]], directories: list[str]
) -> None:
    service_roots = sorted(roots, key=lambda item: -len(item[0]))
    owners = _owners(service_roots)
    for directory in directories:
        rel_path = ".env" if directory == "." else f"{directory}/.env"
        expected = _owner_by_trying_every_service(rel_path, service_roots)
        assert _owner(rel_path, owners, "project") == expected


def _defined_elsewhere_by_walking(ctx: Any, service: str, keys: frozenset[str]) -> list[Any]:
    """SL201's plain search: every env file of the project, for each service asking."""
    found = []
    for env_file in ctx.project.env_files:
        judged = not env_file.template and env_file.environment == ctx.environment
        if judged and env_file.service == service:
            continue
        other = env_file.service != service
        for var in env_file.effective().values():
            if var.key in keys:
                where = "the template" if env_file.template else str(env_file.environment)
                if other:
                    where = f"{env_file.service} ({where})"
                found.append((other, env_file.path, Related(var.location, f"{var.key} in {where}")))
    found.sort(key=lambda item: (item[0], item[1]))
    return [related for _, _, related in found[:1]]


_FILES = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c"]),  # service
        st.sampled_from([".env.staging", ".env.production", ".env.example", ".env"]),
        st.lists(st.sampled_from(["FLAG", "OTHER_FLAG", "X"]), max_size=3),
    ),
    max_size=8,
)


@given(_FILES)
def test_sl201_relates_the_definition_the_plain_search_relates(files: list) -> None:
    project = Project(root=Path("/p"))
    for number, (service, name, keys) in enumerate(files):
        path = f"{service}{number % 2}/{name}"
        kind = classify_env_file(name)
        env_file = EnvFile(
            path, service=service, environment=kind.environment, template=kind.template
        )
        for line, key in enumerate(keys, 1):
            here = Location(path, line, 1, line, 5)
            env_file.variables.append(Variable(key, Value("true"), here, here, here))
        project.env_files.append(env_file)
    ctx = Context(project, Policy(name="t"))
    keys = frozenset({"FLAG", "OTHER_FLAG"})
    index = _FlagIndex(ctx, keys)
    for service in ("a", "b", "c", "d"):
        assert index.defined_elsewhere(ctx, service) == _defined_elsewhere_by_walking(
            ctx, service, keys
        )
