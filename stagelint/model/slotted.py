"""Mutable classes declared like ``@dataclass(slots=True)``, without generated code.

``@dataclass`` writes the source of ``__init__``, ``__repr__`` and ``__eq__`` for each class
and compiles it when the module is imported, and ``slots=True`` builds the class a second
time: 22 M instructions for the eight containers of the model alone, on every run, most of
them for methods a run never calls. :func:`slotted` gives a class the same ``__slots__``,
constructor (positional or keyword arguments, defaults, ``field(default_factory=...)``,
base classes' fields first), ``repr`` and ``==`` (and no hash, like a mutable dataclass),
with methods shared by every such class: constructing one costs a loop over its fields.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

if sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # pragma: no cover - Python 3.10
    from typing_extensions import dataclass_transform

_T = TypeVar("_T")

Spec = tuple[str, Any, Any, bool, bool, bool]
"""A field: (name, default or MISSING, default factory or None, shown by repr, an argument of
``__init__``, compared by ``==``)."""

MISSING: Any = type("MISSING", (), {"__repr__": lambda self: "MISSING"})()
"""No default: the argument is required."""


class Field:
    """A field's default, or the factory that makes one per instance."""

    __slots__ = ("compare", "default", "default_factory", "init", "repr")

    def __init__(
        self,
        default: Any,
        default_factory: Callable[[], Any] | None,
        repr: bool = True,
        init: bool = True,
        compare: bool = True,
    ) -> None:
        self.default = default
        self.default_factory = default_factory
        self.repr = repr
        self.init = init
        self.compare = compare


def field(
    *,
    default: Any = MISSING,
    default_factory: Callable[[], Any] | None = None,
    repr: bool = True,
    init: bool = True,
    compare: bool = True,
) -> Any:
    """Like :func:`dataclasses.field`, for :func:`slotted` classes (these five arguments)."""
    return Field(default, default_factory, repr, init, compare)


def _is_class_var(annotation: object) -> bool:
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    return isinstance(text, str) and text.replace("typing.", "").startswith("ClassVar")


@dataclass_transform(field_specifiers=(field, Field))
def slotted(cls: type[_T]) -> type[_T]:
    """``cls`` rebuilt with ``__slots__`` for its annotated fields and the dataclass-like
    ``__init__``, ``__repr__`` and ``__eq__`` of :class:`_Slotted` (see the module)."""
    return _rebuilt(cls, slots=True)


@dataclass_transform(field_specifiers=(field, Field))
def fields_class(cls: type[_T]) -> type[_T]:
    """Like :func:`slotted`, without ``__slots__``: a ``@dataclass`` whose instances take
    other attributes too (caches)."""
    return _rebuilt(cls, slots=False)


def _rebuilt(cls: type[_T], slots: bool) -> type[_T]:
    inherited: tuple[Spec, ...] = getattr(cls, "_slotted_fields", ())
    own: list[Spec] = []
    namespace = dict(cls.__dict__)
    annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 - no inspect import
    for name, annotation in annotations.items():
        if _is_class_var(annotation):
            continue
        default = namespace.pop(name, MISSING)
        if isinstance(default, Field):
            own.append(
                (
                    name,
                    default.default,
                    default.default_factory,
                    default.repr,
                    default.init,
                    default.compare,
                )
            )
        else:
            own.append((name, default, None, True, True, True))
    fields = (*inherited, *own)
    required_after_default = False
    for name, default, factory, _, init, _ in fields:
        if not init:
            continue
        if default is MISSING and factory is None:
            if required_after_default:
                raise TypeError(
                    f"{cls.__qualname__}: non-default argument {name!r} follows a default"
                )
        else:
            required_after_default = True
    namespace.pop("__dict__", None)
    namespace.pop("__weakref__", None)
    if slots:
        namespace["__slots__"] = tuple(name for name, *_ in own)
    namespace["_slotted_fields"] = fields
    namespace["_slotted_accepted"] = sum(1 for spec in fields if spec[4])
    bases = (
        cls.__bases__
        if any(issubclass(b, _Slotted) for b in cls.__bases__)
        else (
            *(b for b in cls.__bases__ if b is not object),
            _Slotted,
        )
    )
    made = type(cls.__name__, bases, namespace)
    made.__qualname__ = cls.__qualname__
    return made


class _Slotted:
    """The methods every :func:`slotted` class shares."""

    __slots__ = ()
    _slotted_fields: tuple[Spec, ...] = ()
    """(name, default or MISSING, default factory or None, shown by repr), base fields first."""
    _slotted_accepted = 0
    """How many fields ``__init__`` takes (found once per class: the loader makes thousands)."""
    __hash__ = None  # type: ignore[assignment] # mutable and compared by value, as a dataclass

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = self._slotted_fields
        accepted = self._slotted_accepted
        if len(args) > accepted:
            raise TypeError(
                f"{type(self).__qualname__}.__init__() takes {accepted + 1} positional "
                f"arguments but {len(args) + 1} were given"
            )
        index = 0
        for name, default, factory, _, init, _ in fields:
            if not init:
                object.__setattr__(self, name, default if factory is None else factory())
                continue
            index += 1
            if index <= len(args):
                if name in kwargs:
                    raise TypeError(
                        f"{type(self).__qualname__}.__init__() got multiple values for "
                        f"argument {name!r}"
                    )
                value = args[index - 1]
            elif name in kwargs:
                value = kwargs.pop(name)
            elif factory is not None:
                value = factory()
            elif default is not MISSING:
                value = default
            else:
                raise TypeError(
                    f"{type(self).__qualname__}.__init__() missing 1 required positional "
                    f"argument: {name!r}"
                )
            object.__setattr__(self, name, value)
        if kwargs:
            raise TypeError(
                f"{type(self).__qualname__}.__init__() got an unexpected keyword argument "
                f"{next(iter(kwargs))!r}"
            )
        post_init = getattr(self, "__post_init__", None)
        if post_init is not None:
            post_init()

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={getattr(self, name)!r}"
            for name, _, _, show, *_ in self._slotted_fields
            if show
        )
        return f"{type(self).__qualname__}({shown})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        names = [spec[0] for spec in self._slotted_fields if spec[5]]
        mine = tuple(getattr(self, name) for name in names)
        return mine == tuple(getattr(other, name) for name in names)


def replace(instance: _T, **changes: Any) -> _T:
    """Like :func:`dataclasses.replace`: a copy of a :func:`slotted` instance with
    ``changes``."""
    values = {
        s[0]: getattr(instance, s[0]) for s in getattr(instance, "_slotted_fields", ()) if s[4]
    }
    unknown = set(changes) - set(values)
    if unknown:
        raise TypeError(f"{type(instance).__qualname__} has no field {sorted(unknown)[0]!r}")
    values.update(changes)
    return type(instance)(**values)


def fields_of(instance: object) -> tuple[str, ...]:
    """The field names of a :func:`slotted` instance, in order."""
    return tuple(name for name, *_ in getattr(instance, "_slotted_fields", ()))
