"""A rule's options: declared like a frozen dataclass, made one only when it must be.

Every check builds the options of every rule, nearly always from their defaults. With each
``Options`` class decorated ``@dataclass(frozen=True)``, Python generated and compiled six
methods per class on every run: ~30 ms for the 21 built-in rules, a tenth of a pre-commit
run. :class:`RuleOptions` reads the declared fields when the class is created (a few
dictionary lookups) and gives its instances the behaviour of a frozen, keyword-only
dataclass. The class becomes a real dataclass, in place, only when pydantic validates a
user's options or the docs list its fields (:meth:`RuleOptions.as_dataclass`).
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Mapping
from dataclasses import MISSING, Field, FrozenInstanceError, dataclass, field
from typing import Any, ClassVar, TypeVar, get_origin

if sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # pragma: no cover - Python 3.10
    from typing_extensions import dataclass_transform

_Options = TypeVar("_Options", bound="RuleOptions")


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(field, Field))
class RuleOptions:
    """Base of every rule's ``Options``.

    Declare fields as in a dataclass, each with a default (``field(default_factory=...)``
    for a mutable one) and a docstring under it, its description in ``stagelint explain``.
    Put range checks in ``__post_init__``, raising ``ValueError``: pydantic reports them
    like any other validation error. Options are keyword-only and frozen. Do not decorate
    the class with ``@dataclass``: that works too, but costs every run the time this base
    saves.
    """

    __pydantic_config__: ClassVar[dict[str, Any]] = {
        "extra": "forbid",
        "use_attribute_docstrings": True,
    }
    _option_defaults: ClassVar[dict[str, Any]] = {}
    """Field name -> its default, or the :class:`dataclasses.Field` giving it; in declaration
    order, base classes' fields first (as a dataclass orders them)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        defaults: dict[str, Any] = {}
        for base in reversed(cls.__mro__[1:]):
            defaults.update(base.__dict__.get("_option_defaults", {}))
        for name, annotation in inspect.get_annotations(cls).items():
            if _is_class_var(annotation):
                continue
            if name not in cls.__dict__:
                raise TypeError(f"{cls.__qualname__}: option {name!r} needs a default")
            if name in _RESERVED:
                raise TypeError(f"{cls.__qualname__}: {name!r} is a RuleOptions method")
            defaults[name] = cls.__dict__[name]
        cls._option_defaults = defaults

    def __init__(self, **values: Any) -> None:
        defaults = self._option_defaults
        for name in values:
            if name not in defaults:
                raise TypeError(
                    f"{type(self).__qualname__}() got an unexpected keyword argument {name!r}"
                )
        for name, default in defaults.items():
            if name in values:
                value = values[name]
            elif isinstance(default, Field):
                factory = default.default_factory
                value = default.default if factory is MISSING else factory()
            else:
                value = default
            object.__setattr__(self, name, value)
        post_init = getattr(self, "__post_init__", None)
        if post_init is not None:
            post_init()

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._option_defaults)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._option_defaults)
        return f"{type(self).__qualname__}({shown})"

    @classmethod
    def option_names(cls) -> list[str]:
        """The option names, in declaration order."""
        return list(cls._option_defaults)

    @classmethod
    def as_dataclass(cls: type[_Options]) -> type[_Options]:
        """The class itself, made a frozen, keyword-only dataclass (in place, once): what
        pydantic validates and :func:`dataclasses.fields` lists. Instances made earlier
        keep working: they hold the same attributes."""
        if "__dataclass_fields__" not in cls.__dict__:
            for base in reversed(cls.__mro__[1:]):
                if issubclass(base, RuleOptions) and base is not RuleOptions:
                    base.as_dataclass()
            dataclass(frozen=True, kw_only=True)(cls)
        return cls

    @classmethod
    def validate_options(cls: type[_Options], values: Mapping[str, object]) -> _Options:
        """Options from untrusted ``values`` (a user's policy file), validated by pydantic:
        unknown options, wrong types and ``__post_init__`` failures raise its
        ``ValidationError``."""
        from pydantic import TypeAdapter

        return TypeAdapter(cls.as_dataclass()).validate_python(dict(values))


_RESERVED = frozenset(name for name in vars(RuleOptions) if not name.startswith("__"))
"""RuleOptions' own names (``option_names``, ``as_dataclass``...), which no option may take."""


class NoOptions(RuleOptions):
    """The options of a rule that has none."""


def _is_class_var(annotation: object) -> bool:
    """A ``ClassVar`` annotation, evaluated or (``from __future__ import annotations``) not."""
    if isinstance(annotation, str):
        return annotation.startswith(("ClassVar", "typing.ClassVar", "t.ClassVar"))
    return annotation is ClassVar or get_origin(annotation) is ClassVar
