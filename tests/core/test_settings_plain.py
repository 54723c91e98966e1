"""The settings fast path: plain tables are built without pydantic, exactly as pydantic would.

``validate_settings`` builds a table whose values all have their setting's plain type
directly (importing pydantic costs ~150 ms of a pre-commit run); everything else goes to
pydantic. These tests pin that the shortcut never accepts what pydantic refuses and never
builds something else than pydantic builds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from stagelint.model.errors import ConfigError
from stagelint.project.settings import Settings, _plain_settings, validate_settings
from tests.support import fresh_python

_ADAPTER = TypeAdapter(Settings)


def _pydantic(table: dict[str, Any]) -> Settings | None:
    try:
        return _ADAPTER.validate_python(table)
    except ValidationError:
        return None


GUIDE_LIKE = {
    "policy": "production",
    "select": ["SL1", "SL5"],
    "extend-select": ["SL606"],
    "ignore": ["SL103"],
    "per-file-ignores": {"**/.env.staging": ["SL107"], "legacy/**": ["SL005", "SL004"]},
    "severity": {"SL505": "info", "secret-too-short": "warning"},
    "services": {"api": {"path": "apps/api", "platform": "railway"}, "w": {"path": "web"}},
    "environments": {".env.qa": "staging", ".env.tpl": "template:staging"},
    "exclude": ["fixtures/**"],
    "secret-patterns": ["_SIGNING$"],
    "fingerprints": ".stagelint/production.fingerprints",
    "max-file-size": 4096,
    "fail-on": "warning",
}


def test_a_full_plain_table_is_built_as_pydantic_builds_it() -> None:
    assert _plain_settings(GUIDE_LIKE) == _pydantic(GUIDE_LIKE)
    assert _plain_settings(GUIDE_LIKE) is not None


@pytest.mark.parametrize(
    "table",
    [
        {"polcy": "staging"},  # unknown key
        {"per_file-ignores": {}},  # neither the field name nor its alias
        {"select": "SL1"},  # a string is not a list
        {"select": ["SL1", 2]},
        {"severity": {"SL101": "fatal"}},
        {"fail-on": "ERROR"},
        {"max-file-size": 0},  # __post_init__
        {"max-file-size": True},
        {"max-file-size": "10"},
        {"services": {"api": {"path": "a", "platform": "heroku"}}},
        {"services": {"api": {"platform": "railway"}}},
        {"services": {"api": {"path": "a", "port": 1}}},
        {"select": ["SL1"], "select_": []},
        {"extend-select": ["SL1"], "extend_select": ["SL2"]},  # both spellings
        {"environments": {".env.qa": 1}},
    ],
)
def test_anything_else_is_left_to_pydantic(table: dict[str, Any]) -> None:
    assert _plain_settings(table) is None


def test_snake_case_names_are_accepted_as_pydantic_accepts_them() -> None:
    table = {"per_file_ignores": {"a/**": ["SL1"]}, "fail_on": "info"}
    assert _plain_settings(table) == _pydantic(table) != Settings()


_KEYS = st.sampled_from(
    [*GUIDE_LIKE, "policy_", "per_file_ignores", "max_file_size", "fail_on", "unknown"]
)
_LEAVES = st.one_of(
    st.text(max_size=5),
    st.integers(-2, 5000),
    st.booleans(),
    st.sampled_from(["error", "warning", "info", "railway", "vercel", "staging"]),
)
_VALUES = st.recursive(
    _LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["path", "platform", "api", "SL1", "x"]), inner, max_size=3
        ),
    ),
    max_leaves=8,
)


@given(st.dictionaries(_KEYS, st.one_of(_VALUES, st.sampled_from(list(GUIDE_LIKE.values())))))
def test_the_shortcut_agrees_with_pydantic(table: dict[str, Any]) -> None:
    plain = _plain_settings(table)
    if plain is not None:
        assert plain == _pydantic(table)


def test_errors_still_come_from_pydantic() -> None:
    with pytest.raises(ConfigError, match='unknown setting "polcy"'):
        validate_settings({"polcy": "staging"}, "stagelint.toml")


def test_a_plain_settings_file_does_not_import_pydantic(tmp_path: Path) -> None:
    (tmp_path / "stagelint.toml").write_text(
        'per-file-ignores = { "**/.env.staging" = ["SL107"] }\nfail-on = "warning"\n'
    )
    code = (
        "import sys; from pathlib import Path; from stagelint.project.settings import load_settings;"
        f"s = load_settings(Path({str(tmp_path)!r})).settings; assert s.fail_on == 'warning';"
        "print('pydantic' in sys.modules)"
    )
    assert fresh_python(code) == "False"
