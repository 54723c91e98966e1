"""RuleOptions: a frozen, keyword-only record that becomes a dataclass only on demand."""

from __future__ import annotations

import dataclasses
from dataclasses import FrozenInstanceError, dataclass, field
from typing import ClassVar

import pytest
from pydantic import ValidationError

from stagelint.policy.options import NoOptions, RuleOptions
from stagelint.policy.registry import load_registry
from tests.support import fresh_python


def declare() -> type[RuleOptions]:
    """A fresh class each time: as_dataclass() changes its class in place."""

    class Options(RuleOptions):
        min_length: int = 32
        """Shortest acceptable secret."""
        names: tuple[str, ...] = ("JWT_SECRET",)
        spellings: dict[str, str] = field(default_factory=lambda: {"stg": "staging"})
        limit: ClassVar[int] = 99

        def __post_init__(self) -> None:
            if self.min_length < 1:
                raise ValueError("min_length must be positive")

    return Options


@dataclass(frozen=True)
class Reference:
    """What the same declaration gives as a real dataclass."""

    min_length: int = 32
    names: tuple[str, ...] = ("JWT_SECRET",)
    spellings: dict[str, str] = field(default_factory=lambda: {"stg": "staging"})


def test_defaults_and_values() -> None:
    options = declare()
    made = options()
    assert (made.min_length, made.names, made.spellings) == (
        32,
        ("JWT_SECRET",),
        {"stg": "staging"},
    )  # type: ignore[attr-defined]
    assert options(min_length=40).min_length == 40  # type: ignore[attr-defined]
    assert options().spellings is not made.spellings  # type: ignore[attr-defined]
    assert options.option_names() == ["min_length", "names", "spellings"]
    assert options.limit == 99  # type: ignore[attr-defined]


def test_unknown_and_positional_arguments_are_refused() -> None:
    options = declare()
    with pytest.raises(TypeError, match="unexpected keyword argument 'min_lenght'"):
        options(min_lenght=40)
    assert options(40).min_length == 40  # type: ignore[attr-defined]  # as a dataclass's
    with pytest.raises(TypeError, match="multiple values for argument 'min_length'"):
        options(40, min_length=41)
    with pytest.raises(TypeError, match="takes 4 positional arguments but 5 were given"):
        options(1, (), {}, 4)
    with pytest.raises(TypeError, match="unexpected keyword argument 'limit'"):
        options(limit=1)


def test_post_init_checks_run() -> None:
    with pytest.raises(ValueError, match="must be positive"):
        declare()(min_length=0)


def test_frozen() -> None:
    made = declare()()
    with pytest.raises(FrozenInstanceError):
        made.min_length = 1  # type: ignore[attr-defined]
    with pytest.raises(FrozenInstanceError):
        del made.names  # type: ignore[attr-defined]


def test_equality_hash_and_repr_are_a_dataclass_s() -> None:
    options = declare()
    values = {"min_length": 40, "names": ("A",), "spellings": {}}
    made = options(**values)
    reference = Reference(**values)
    assert made == options(**values)
    assert made != options()
    assert made != reference  # another class, as between two dataclasses
    assert repr(made).replace("declare.<locals>.Options", "Reference") == repr(reference)
    hashable = options(spellings=None)
    assert hash(hashable) == hash(options(spellings=None))
    with pytest.raises(TypeError, match="unhashable"):
        hash(made)  # a dict field, as with a frozen dataclass


def test_a_field_needs_a_default() -> None:
    with pytest.raises(TypeError, match="option 'plan' needs a default"):

        class Options(RuleOptions):
            plan: str


def test_an_option_may_not_shadow_the_api() -> None:
    with pytest.raises(TypeError, match="field 'as_dataclass' hides a method of its base"):

        class Options(RuleOptions):
            as_dataclass: bool = True


def test_a_record_with_fields_cannot_be_subclassed() -> None:
    base = declare()
    with pytest.raises(TypeError, match="has fields, so it cannot be subclassed"):

        class Wider(base):  # type: ignore[valid-type, misc]
            extra: bool = False


def test_asking_whether_it_is_a_dataclass_makes_it_one() -> None:
    options = declare()
    made = options(min_length=40)
    assert dataclasses.is_dataclass(options)
    assert "__dataclass_fields__" in vars(options)
    assert dataclasses.fields(made)[0].name == "min_length"
    assert options(min_length=40) == made


def test_as_dataclass_keeps_earlier_instances_equal() -> None:
    options = declare()
    before = options(min_length=40)
    assert "__dataclass_fields__" not in vars(options)  # is_dataclass() would make it one
    assert options.as_dataclass() is options.as_dataclass() is options
    assert dataclasses.is_dataclass(options)
    after = options(min_length=40)
    assert before == after and repr(before) == repr(after)
    assert [f.name for f in dataclasses.fields(options)] == options.option_names()
    with pytest.raises(FrozenInstanceError):
        after.min_length = 1  # type: ignore[attr-defined]


def test_validate_goes_through_pydantic() -> None:
    options = declare()
    made = options.validate_options({"min_length": 40, "names": ["A", "B"]})
    assert made == options(min_length=40, names=("A", "B"))
    with pytest.raises(ValidationError, match="must be positive"):
        options.validate_options({"min_length": 0})
    with pytest.raises(ValidationError, match="min_lenght"):
        options.validate_options({"min_lenght": 40})
    with pytest.raises(ValidationError):
        options.validate_options({"names": "A"})


def test_a_decorated_options_class_still_works() -> None:
    """Plugins written for the first API decorate Options with @dataclass(frozen=True)."""

    @dataclass(frozen=True)
    class Options(RuleOptions):
        marker: str = "Staging"

    assert Options().marker == "Staging"
    assert Options.validate_options({"marker": "Stg"}) == Options(marker="Stg")
    assert Options.as_dataclass() is Options


def test_no_options() -> None:
    assert NoOptions() == NoOptions()
    assert NoOptions.option_names() == []
    assert not dataclasses.is_dataclass(NoOptions)  # a field-less record never becomes one
    with pytest.raises(TypeError):
        NoOptions(anything=1)


def test_every_built_in_rule_builds_the_same_options_both_ways() -> None:
    for rule in load_registry().sorted_rules():
        generic = rule.Options()
        assert rule.Options.as_dataclass()() == generic, rule.code
        assert repr(rule.Options()) == repr(generic), rule.code


def test_a_check_makes_no_options_dataclass() -> None:
    """The point of the class: importing and running every rule compiles no dataclass for
    its options (checked in a fresh interpreter: tests above make some)."""
    script = (
        "from stagelint.check.engine import active_rules\n"
        "from stagelint.registry import load_registry\n"
        "from stagelint.policy.packs import load_policy\n"
        "from stagelint.project.settings import Settings\n"
        "from stagelint.check.engine import Selection\n"
        "registry = load_registry()\n"
        "policy = load_policy('staging', registry)\n"
        "rules = active_rules(registry, policy, Settings(), Selection())\n"
        "assert len(rules) == len(registry.rules) > 40, len(rules)\n"
        "made = [r.code for r in registry.rules.values()\n"
        "        if '__dataclass_fields__' in vars(r.Options)]  # is_dataclass() would make it\n"
        "print(made)\n"
    )
    assert fresh_python(script) == "[]"
