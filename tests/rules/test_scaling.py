"""Code rewritten to scale with the project (rules, discovery) decides as its plain form did.

Each fast path here replaced a loop over pairs (every frontend x every backend, ...) that
grew with the square of the services; these tests pin that it decides exactly what the
plain loop decided.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from stagelint_rules._origins import DEFAULT_ALLOWED_WILDCARDS, matches, url_origin
from stagelint_rules.sl404_frontend_origin_not_allowed import _AllowIndex, _Backend

from stagelint.discover import _owner, _owners

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
