"""Records: frozen dataclasses in all but cost, made dataclasses when something asks.

RuleOptions, a field-less record, has its own tests (test_options.py); these are about
records with required fields, nesting, and what pydantic sees.
"""

from __future__ import annotations

import dataclasses
from dataclasses import field

import pytest
from pydantic import TypeAdapter, ValidationError

from stagelint.model.records import Record
from stagelint.project.settings import ServiceSetting, Settings
from tests.support import fresh_python


class Inner(Record):
    __pydantic_config__ = {"extra": "forbid", "use_attribute_docstrings": True}

    path: str
    """Where it lives."""
    platform: str = "unknown"


class Outer(Record):
    __pydantic_config__ = {"extra": "forbid"}

    name: str
    inners: dict[str, Inner] = field(default_factory=dict)
    tags: tuple[str, ...] = ()


def test_required_fields() -> None:
    assert Inner("api").path == "api"
    assert Inner(path="api", platform="railway") == Inner("api", "railway")
    with pytest.raises(TypeError, match="missing 1 required argument: 'path'"):
        Inner()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="without a default follows one with a default"):

        class Wrong(Record):
            first: int = 1
            second: int


def test_only_defaults_and_factories() -> None:
    with pytest.raises(TypeError, match="takes a default or a default_factory only"):

        class Hidden(Record):
            token: str = field(default="", repr=False)


def test_nested_records_are_validated_by_pydantic() -> None:
    made = TypeAdapter(Outer).validate_python(
        {"name": "shop", "inners": {"api": {"path": "apps/api"}}, "tags": ["a"]}
    )
    assert made == Outer("shop", {"api": Inner("apps/api")}, ("a",))
    assert isinstance(made.inners["api"], Inner)
    with pytest.raises(ValidationError, match="platfrom"):
        TypeAdapter(Outer).validate_python(
            {"name": "x", "inners": {"a": {"path": "p", "platfrom": "v"}}}
        )
    assert dataclasses.is_dataclass(Inner) and dataclasses.is_dataclass(Outer)


def test_attribute_docstrings_still_describe_fields() -> None:
    """The class becomes a dataclass in place, where its source is: pydantic still reads
    the docstring under each field."""
    schema = TypeAdapter(Inner).json_schema()
    assert schema["properties"]["path"]["description"] == "Where it lives."


def test_other_missing_attributes_are_errors() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'nothing_here'"):
        Inner.nothing_here  # type: ignore[attr-defined]  # noqa: B018
    assert not dataclasses.is_dataclass(Record)


def test_settings_are_records_until_validated() -> None:
    """A project without settings never makes them dataclasses (checked in a fresh
    interpreter: this one's tests make some)."""
    script = (
        "from stagelint.project.settings import Settings, ServiceSetting, SETTING_NAMES\n"
        "from stagelint.policy.packs import PolicyFile, RuleConfig\n"
        "from stagelint.policy.catalogue import load_catalogue\n"
        "from stagelint.registry import Plugin, load_registry\n"
        "load_catalogue(); load_registry(); Settings()\n"
        "classes = (Settings, ServiceSetting, PolicyFile, RuleConfig, Plugin)\n"
        "print([c.__name__ for c in classes if '__dataclass_fields__' in vars(c)])\n"
    )
    assert fresh_python(script) == "[]"


def test_settings_behave_as_before() -> None:
    settings = Settings(select=("SL1",), services={"api": ServiceSetting("apps/api", "railway")})
    assert settings.policy == "staging" and settings.per_file_ignores == {}
    assert settings == Settings(
        select=("SL1",), services={"api": ServiceSetting("apps/api", "railway")}
    )
    assert "select=('SL1',)" in repr(settings)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.policy = "production"  # type: ignore[misc]
    with pytest.raises(ValueError, match="max-file-size"):
        Settings(max_file_size=0)
