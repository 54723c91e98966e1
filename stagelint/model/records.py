"""Frozen records declared like dataclasses, made dataclasses only when something asks.

Settings, policies, catalogue entries, variable expectations and rule options are frozen
dataclasses that pydantic validates when they come from a user's file. Decorating them with
``@dataclass(frozen=True)`` made Python generate and compile six methods per class on every
run, validation or not: about a millisecond per class on a small machine, a fifth of a
pre-commit run for the thirty of them. A :class:`Record` subclass is declared the same way
(annotations, defaults, ``field(default_factory=...)``, ``__post_init__``) but costs a few
dictionary lookups when its module is imported: its instances get their behaviour from
this base — the ``__init__``, ``==``, ``hash`` and ``repr`` of a frozen dataclass.

The class becomes a real dataclass, in place, the first time anything asks for its
dataclass attributes: :func:`dataclasses.fields`, :func:`dataclasses.is_dataclass`,
pydantic's ``TypeAdapter`` (which then validates it exactly as before, nested records
included). Instances made before keep working: they hold the same attributes.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, get_origin

from stagelint.model import slotted
from stagelint.model.slotted import MISSING

if sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # pragma: no cover - Python 3.10
    from typing_extensions import dataclass_transform

_R = TypeVar("_R", bound="Record")


def _dataclass_field(given: slotted.Field) -> Any:
    """The :func:`dataclasses.field` that a :func:`stagelint.model.slotted.field` stands for."""
    from dataclasses import field

    kwargs: dict[str, Any] = {"repr": given.repr}
    if given.default is not MISSING:
        kwargs["default"] = given.default
    if given.default_factory is not None:
        kwargs["default_factory"] = given.default_factory
    return field(**kwargs)


def _from_dataclass_field(given: Any, owner: str, name: str) -> slotted.Field:
    """A :func:`dataclasses.field` (a plugin's ``Options`` may use one) as the field of a
    record; only its default or default factory."""
    import dataclasses

    if not (given.init and given.repr and given.compare and given.kw_only is not True):
        raise TypeError(
            f"{owner}.{name}: a Record field takes a default or a default_factory only; "
            "declare the class a dataclass for more"
        )
    factory = None if given.default_factory is dataclasses.MISSING else given.default_factory
    default = MISSING if given.default is dataclasses.MISSING else given.default
    return slotted.Field(default, factory, True)


def _is_dataclass_field(value: object) -> bool:
    """A :class:`dataclasses.Field`, told without importing :mod:`dataclasses` (whoever
    made one has imported it)."""
    dataclasses = sys.modules.get("dataclasses")
    return dataclasses is not None and isinstance(value, dataclasses.Field)


_DATACLASS_ATTRIBUTES = frozenset({"__dataclass_fields__", "__dataclass_params__"})


class _DataclassOnDemand(type):
    """The metaclass of records: asked for a dataclass attribute it does not have yet, a
    record class makes itself a dataclass."""

    if not TYPE_CHECKING:  # to type checkers, a record class has no dynamic attributes

        def __getattr__(cls, name: str) -> Any:
            if name in _DATACLASS_ATTRIBUTES and cls.__dict__.get("_record_fields"):
                from dataclasses import dataclass

                for field_name, default in cls._record_fields.items():
                    if isinstance(default, slotted.Field):
                        type.__setattr__(cls, field_name, _dataclass_field(default))
                dataclass(frozen=True)(cls)  # sets both attributes on cls
                return type.__getattribute__(cls, name)
            raise AttributeError(f"type object {cls.__qualname__!r} has no attribute {name!r}")


@dataclass_transform(frozen_default=True, field_specifiers=(slotted.field, slotted.Field))
class Record(metaclass=_DataclassOnDemand):
    """Base of a frozen record: subclass it where you would write ``@dataclass(frozen=True)``.

    Fields take a default, ``field(default=...)`` or ``field(default_factory=...)``
    (:func:`stagelint.model.slotted.field`; :func:`dataclasses.field` works too, and other of its
    arguments need a real dataclass); fields without a default come first. Only
    field-less records (like ``RuleOptions``) can be subclassed: one with fields becomes a
    dataclass in place, and would hand its generated methods down to subclasses still
    waiting to become one. A field-less record is never a dataclass. A subclass decorated
    with ``@dataclass`` anyway still works, and pays the usual cost.
    """

    _record_fields: ClassVar[dict[str, Any]] = {}
    """Field name -> default, the :class:`~stagelint.model.slotted.Field` giving it, or
    ``MISSING``;
    in declaration order, base classes' fields first (as a dataclass orders them)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for base in cls.__mro__[1:]:
            if base.__dict__.get("_record_fields"):
                # made a dataclass in place, it would hand its generated methods down
                raise TypeError(
                    f"{cls.__qualname__}: {base.__qualname__} has fields, so it cannot be "
                    "subclassed; subclass its field-less base and declare the fields again"
                )
        fields: dict[str, Any] = {}
        annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 - no inspect
        for name, annotation in annotations.items():
            if _is_class_var(annotation):
                continue
            if any(name in base.__dict__ for base in cls.__mro__[1:]):
                raise TypeError(f"{cls.__qualname__}: field {name!r} hides a method of its base")
            default = cls.__dict__.get(name, MISSING)
            if _is_dataclass_field(default):
                default = _from_dataclass_field(default, cls.__qualname__, name)
            if isinstance(default, slotted.Field) and not default.repr:
                raise TypeError(
                    f"{cls.__qualname__}.{name}: a Record field takes a default or a "
                    "default_factory only; declare the class a dataclass for more"
                )
            fields[name] = default
        required_after_default = False
        for name, default in fields.items():
            if is_required(default):
                if required_after_default:
                    raise TypeError(
                        f"{cls.__qualname__}: field {name!r} without a default follows one "
                        "with a default"
                    )
            else:
                required_after_default = True
        cls._record_fields = fields

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = self._record_fields
        name_of = type(self).__qualname__
        if len(args) > len(fields):
            raise TypeError(
                f"{name_of}.__init__() takes {len(fields) + 1} positional arguments but "
                f"{len(args) + 1} were given"
            )
        values = dict(zip(fields, args, strict=False))
        for name, value in kwargs.items():
            if name not in fields:
                raise TypeError(f"{name_of}.__init__() got an unexpected keyword argument {name!r}")
            if name in values:
                raise TypeError(f"{name_of}.__init__() got multiple values for argument {name!r}")
            values[name] = value
        for name, default in fields.items():
            if name in values:
                value = values[name]
            elif is_required(default):
                raise TypeError(f"{name_of}.__init__() missing 1 required argument: {name!r}")
            elif isinstance(default, slotted.Field):
                factory = default.default_factory
                value = default.default if factory is None else factory()
            else:
                value = default
            object.__setattr__(self, name, value)
        post_init = getattr(self, "__post_init__", None)
        if post_init is not None:
            post_init()

    def __setattr__(self, name: str, value: Any) -> None:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _record_values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._record_fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._record_values() == other._record_values()

    def __hash__(self) -> int:
        return hash(self._record_values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._record_fields)
        return f"{type(self).__qualname__}({shown})"

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        """The field names, in declaration order (this does not make a dataclass)."""
        return tuple(cls._record_fields)

    @classmethod
    def as_dataclass(cls: type[_R]) -> type[_R]:
        """The class itself, made a dataclass now if it is not one yet."""
        from dataclasses import is_dataclass

        is_dataclass(cls)  # asking is what makes it one
        return cls


def is_required(default: object) -> bool:
    """Whether a field whose class attribute is ``default`` (or ``MISSING``) has no default."""
    if isinstance(default, slotted.Field):
        return default.default is MISSING and default.default_factory is None
    if _is_dataclass_field(default):
        import dataclasses

        return (
            default.default is dataclasses.MISSING  # type: ignore[attr-defined]
            and default.default_factory is dataclasses.MISSING  # type: ignore[attr-defined]
        )
    return default is MISSING


def _is_class_var(annotation: object) -> bool:
    """A ``ClassVar`` annotation, evaluated or (``from __future__ import annotations``) not."""
    if isinstance(annotation, str):
        return annotation.startswith(("ClassVar", "typing.ClassVar", "t.ClassVar"))
    return annotation is ClassVar or get_origin(annotation) is ClassVar
