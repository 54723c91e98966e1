"""Rules and helpers rewritten to scale with the project stay equal to their plain form.

Each fast path here replaced a loop over pairs (every frontend x every backend, ...) that
grew with the square of the services; these tests pin that it decides exactly what the
plain loop decided.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from stagelint_rules._origins import DEFAULT_ALLOWED_WILDCARDS, matches, url_origin
from stagelint_rules.sl404_frontend_origin_not_allowed import _AllowIndex, _Backend

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
