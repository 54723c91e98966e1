"""A rule's options: a frozen record (see :mod:`stagelint.model.records`) with defaults only.

Every check builds the options of every rule, nearly always from their defaults: as
records, the 21 ``Options`` classes of the built-in rules cost nothing at import, where
``@dataclass(frozen=True)`` compiled their methods on every run (~30 ms, a tenth of a
pre-commit run). They become dataclasses when pydantic validates a user's options or the
docs list their fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

from stagelint.model.records import Record, is_required

_Options = TypeVar("_Options", bound="RuleOptions")


class RuleOptions(Record):
    """Base of every rule's ``Options``.

    Declare fields as in a dataclass, each with a default (``field(default_factory=...)``
    for a mutable one) and a docstring under it, its description in ``stagelint explain``.
    Put range checks in ``__post_init__``, raising ``ValueError``: pydantic reports them
    like any other validation error. Options are frozen. Do not decorate the class with
    ``@dataclass``: that works too, but costs every run the time this base saves.
    """

    __pydantic_config__: ClassVar[dict[str, Any]] = {
        "extra": "forbid",
        "use_attribute_docstrings": True,
    }

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, default in cls._record_fields.items():
            if is_required(default):
                raise TypeError(f"{cls.__qualname__}: option {name!r} needs a default")

    @classmethod
    def option_names(cls) -> list[str]:
        """The option names, in declaration order."""
        return list(cls.field_names())

    @classmethod
    def validate_options(cls: type[_Options], values: Mapping[str, object]) -> _Options:
        """Options from untrusted ``values`` (a user's policy file), validated by pydantic:
        unknown options, wrong types and ``__post_init__`` failures raise its
        ``ValidationError``."""
        from pydantic import TypeAdapter

        return TypeAdapter(cls.as_dataclass()).validate_python(dict(values))


class NoOptions(RuleOptions):
    """The options of a rule that has none."""
