"""``NamedTuple`` as :mod:`typing` declares it, built without compiling code at import.

``class Location(NamedTuple): ...`` with :class:`typing.NamedTuple` compiles Python source
twice over for every class: :func:`collections.namedtuple` ``eval``\\ s a ``__new__`` for its
fields, and under ``from __future__ import annotations`` :mod:`typing` compiles each field's
annotation into a ``ForwardRef``. stagelint declares 65 such classes: a one-service check
compiled 225 snippets for them, 7 ms of a 75 ms run.

This module's ``NamedTuple`` is written and type-checked exactly like :mod:`typing`'s (type
checkers see :class:`typing.NamedTuple` itself), and builds the same kind of class: a
``tuple`` subclass with ``__slots__ = ()``, ``_fields``, ``_field_defaults``, ``_make``,
``_replace``, ``_asdict``, ``__match_args__``, C-level field accessors, pickling, and a
``__new__`` with the field names as its parameters and the defaults as theirs. That
``__new__`` is one of the templates below with its parameters renamed
(:meth:`types.CodeType.replace`), so positional and keyword arguments are bound by the
interpreter as fast as :func:`collections.namedtuple`'s are. Field annotations are kept as
written (``__annotations__``) and never evaluated.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    from _collections import _tuplegetter

    _tuple_new = tuple.__new__

    # One template per number of fields: __new__(cls, <fields>) -> tuple of them.
    def _new0(_cls):
        return _tuple_new(_cls, ())

    def _new1(_cls, a):
        return _tuple_new(_cls, (a,))

    def _new2(_cls, a, b):
        return _tuple_new(_cls, (a, b))

    def _new3(_cls, a, b, c):
        return _tuple_new(_cls, (a, b, c))

    def _new4(_cls, a, b, c, d):
        return _tuple_new(_cls, (a, b, c, d))

    def _new5(_cls, a, b, c, d, e):
        return _tuple_new(_cls, (a, b, c, d, e))

    def _new6(_cls, a, b, c, d, e, f):
        return _tuple_new(_cls, (a, b, c, d, e, f))

    def _new7(_cls, a, b, c, d, e, f, g):
        return _tuple_new(_cls, (a, b, c, d, e, f, g))

    def _new8(_cls, a, b, c, d, e, f, g, h):
        return _tuple_new(_cls, (a, b, c, d, e, f, g, h))

    def _new9(_cls, a, b, c, d, e, f, g, h, i):
        return _tuple_new(_cls, (a, b, c, d, e, f, g, h, i))

    def _new10(_cls, a, b, c, d, e, f, g, h, i, j):
        return _tuple_new(_cls, (a, b, c, d, e, f, g, h, i, j))

    def _new11(_cls, a, b, c, d, e, f, g, h, i, j, k):
        return _tuple_new(_cls, (a, b, c, d, e, f, g, h, i, j, k))

    def _new12(_cls, a, b, c, d, e, f, g, h, i, j, k, l):  # noqa: E741
        return _tuple_new(_cls, (a, b, c, d, e, f, g, h, i, j, k, l))

    def _new13(_cls, a, b, c, d, e, f, g, h, i, j, k, l, m):  # noqa: E741
        return _tuple_new(_cls, (a, b, c, d, e, f, g, h, i, j, k, l, m))

    def _new14(_cls, a, b, c, d, e, f, g, h, i, j, k, l, m, n):  # noqa: E741
        return _tuple_new(_cls, (a, b, c, d, e, f, g, h, i, j, k, l, m, n))

    def _new15(_cls, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o):  # noqa: E741
        return _tuple_new(_cls, (a, b, c, d, e, f, g, h, i, j, k, l, m, n, o))

    def _new16(_cls, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p):  # noqa: E741
        return _tuple_new(_cls, (a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p))

    def _new17(_cls, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q):  # noqa: E741
        return _tuple_new(_cls, (a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q))

    def _new18(_cls, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r):  # noqa: E741
        return _tuple_new(_cls, (a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r))

    def _new19(_cls, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s):  # noqa: E741
        return _tuple_new(_cls, (a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s))

    def _new20(_cls, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t):  # noqa: E741
        return _tuple_new(_cls, (a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t))

    _TEMPLATES = tuple(globals()[f"_new{count}"] for count in range(21))

    def _constructor(typename: str, fields: tuple[str, ...], defaults: tuple[Any, ...]):
        """``__new__(_cls, <fields>)`` from the template of its arity, parameters renamed."""
        if len(fields) >= len(_TEMPLATES):
            raise TypeError(f"{typename}: at most {len(_TEMPLATES) - 1} fields")
        template = _TEMPLATES[len(fields)]
        code = template.__code__.replace(
            co_varnames=("_cls", *fields),
            co_name="__new__",
            co_qualname=f"{typename}.__new__",
        )
        function = type(template)(code, template.__globals__, "__new__", defaults or None)
        function.__doc__ = f"Create new instance of {typename}({', '.join(fields)})"
        return function

    @classmethod
    def _make(cls, iterable):
        result = _tuple_new(cls, iterable)
        if len(result) != len(cls._fields):
            raise TypeError(f"Expected {len(cls._fields)} arguments, got {len(result)}")
        return result

    def _replace(self, /, **changes):
        result = self._make(map(changes.pop, self._fields, self))
        if changes:
            raise ValueError(f"Got unexpected field names: {list(changes)!r}")
        return result

    def __repr__(self):
        pairs = zip(self._fields, self, strict=True)
        return f"{type(self).__name__}({', '.join(f'{name}={value!r}' for name, value in pairs)})"

    def _asdict(self):
        return dict(zip(self._fields, self, strict=True))

    def __getnewargs__(self):
        return tuple(self)

    _METHODS = {
        "_make": _make,
        "_replace": _replace,
        "__repr__": __repr__,
        "_asdict": _asdict,
        "__getnewargs__": __getnewargs__,
    }
    _RESERVED = frozenset(
        {
            "__new__",
            "__init__",
            "__slots__",
            "__getnewargs__",
            "_fields",
            "_field_defaults",
            "_make",
            "_replace",
            "_asdict",
            "_source",
        }
    )
    """What :mod:`typing` refuses to let a NamedTuple's body define."""

    class _NamedTupleMeta(type):
        def __new__(mcls, typename, bases, namespace):
            annotations = namespace.get("__annotations__", {})
            fields = tuple(annotations)
            for name in fields:
                if name.startswith("_"):
                    raise ValueError(f"Field names cannot start with an underscore: {name!r}")
            defaults = {name: namespace[name] for name in fields if name in namespace}
            if defaults and tuple(defaults) != fields[len(fields) - len(defaults) :]:
                first = next(iter(defaults))
                raise TypeError(f"Non-default namedtuple field follows default field {first}")
            body = {
                "__doc__": f"{typename}({', '.join(fields)})",
                **_METHODS,
                "__slots__": (),
                "_fields": fields,
                "_field_defaults": defaults,
                "__new__": _constructor(typename, fields, tuple(defaults.values())),
                "__match_args__": fields,
                "__annotations__": dict(annotations),
            }
            for index, name in enumerate(fields):
                body[name] = _tuplegetter(index, sys.intern(f"Alias for field number {index}"))
            for key, value in namespace.items():
                if key in _RESERVED:
                    raise AttributeError(f"Cannot overwrite NamedTuple attribute {key}")
                if key not in fields and key != "__annotations__":
                    body[key] = value
            return type(typename, (tuple,), body)

    def NamedTuple(typename, fields=None, /):
        """Only the class syntax is supported: ``class Point(NamedTuple): x: int``."""
        raise TypeError("use the class syntax: class Name(NamedTuple): field: type")

    _Base = type.__new__(_NamedTupleMeta, "NamedTuple", (), {})
    NamedTuple.__mro_entries__ = lambda bases: (_Base,)
