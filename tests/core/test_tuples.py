"""stagelint.model.tuples.NamedTuple behaves as typing.NamedTuple does, without compiling."""

from __future__ import annotations

import builtins
import copy
import pickle
import typing
from typing import Any

import pytest

from stagelint.model import tuples
from stagelint.model.tuples import NamedTuple


class Point(NamedTuple):
    """A point."""

    x: int
    y: int = 0
    label: str | None = None

    def moved(self, by: int) -> Point:
        return self._replace(x=self.x + by)

    def __str__(self) -> str:
        return f"{self.x},{self.y}"


class TypingPoint(typing.NamedTuple):
    x: int
    y: int = 0
    label: str | None = None


def _both(*args: Any, **kwargs: Any) -> tuple[Any, Any]:
    return Point(*args, **kwargs), TypingPoint(*args, **kwargs)


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [((1,), {}), ((1, 2), {}), ((1, 2, "a"), {}), ((), {"x": 3}), ((1,), {"label": "b"})],
)
def test_instances_equal_typings(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    ours, theirs = _both(*args, **kwargs)
    assert ours == theirs and tuple(ours) == tuple(theirs) and hash(ours) == hash(theirs)
    assert (ours.x, ours.y, ours.label) == (theirs.x, theirs.y, theirs.label)
    assert repr(ours) == repr(theirs).replace("TypingPoint", "Point")
    assert ours._asdict() == theirs._asdict()
    assert ours < (ours.x + 1,)  # ordering is the tuple's


@pytest.mark.parametrize(
    ("args", "kwargs"), [((), {}), ((1, 2, 3, 4), {}), ((1,), {"x": 2}), ((1,), {"z": 2})]
)
def test_wrong_arguments_raise_as_typings_do(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        Point(*args, **kwargs)
    with pytest.raises(TypeError):
        TypingPoint(*args, **kwargs)


def test_class_attributes_match_typings() -> None:
    assert Point._fields == TypingPoint._fields == ("x", "y", "label")
    assert Point._field_defaults == TypingPoint._field_defaults
    assert Point.__match_args__ == TypingPoint.__match_args__
    assert Point.__doc__ == "A point."
    assert TypingPoint.__doc__ == "TypingPoint(x, y, label)"
    assert Point.__annotations__ == {"x": "int", "y": "int", "label": "str | None"}
    assert Point.__module__ == __name__ and Point.__qualname__ == "Point"
    assert issubclass(Point, tuple) and Point.__mro__ == (Point, tuple, object)
    assert not hasattr(Point(1), "__dict__")


def test_methods_and_helpers() -> None:
    point = Point(1, 2)
    assert point.moved(2) == Point(3, 2) and str(point) == "1,2"
    assert Point._make([4, 5, "c"]) == Point(4, 5, "c")
    with pytest.raises(TypeError):
        Point._make([1])
    with pytest.raises(ValueError, match="unexpected field names"):
        point._replace(z=1)
    match point:
        case Point(a, b):
            assert (a, b) == (1, 2)


def test_copies_and_pickles() -> None:
    point = Point(1, 2, "p")
    assert copy.copy(point) == point and copy.deepcopy(point) == point
    assert pickle.loads(pickle.dumps(point)) == point
    assert type(pickle.loads(pickle.dumps(point))) is Point


def test_declaration_errors() -> None:
    with pytest.raises(TypeError, match="Non-default"):

        class Bad(NamedTuple):
            a: int = 1
            b: int

    with pytest.raises(AttributeError):

        class Worse(NamedTuple):
            a: int

            def _asdict(self) -> dict[str, Any]:  # typing refuses it too
                return {}

    with pytest.raises(ValueError, match="underscore"):

        class Private(NamedTuple):
            _a: int


def test_declaring_compiles_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """typing.NamedTuple compiles each field's annotation; collections.namedtuple evals
    a constructor."""
    compiled: list[object] = []
    for name in ("compile", "eval"):
        real = getattr(builtins, name)

        def counting(*args: Any, _real: Any = real, **kwargs: Any) -> Any:
            compiled.append(args[0])
            return _real(*args, **kwargs)

        monkeypatch.setattr(builtins, name, counting)

    class Fresh(NamedTuple):
        a: int
        b: str = "x"

    assert Fresh(1) == (1, "x") and Fresh(b="y", a=2) == (2, "y")
    assert compiled == []


def test_every_arity_the_templates_cover() -> None:
    for count in range(len(tuples._TEMPLATES)):
        fields = [f"f{i}" for i in range(count)]
        namespace: dict[str, Any] = {"__annotations__": dict.fromkeys(fields, "int")}
        made = type(tuples._Base)("Made", (tuples._Base,), {**namespace, "__module__": __name__})
        values = list(range(count))
        assert made(*values) == tuple(values)
        assert made(**dict(zip(fields, values, strict=True))) == tuple(values)


def test_stagelint_declares_its_records_with_this_named_tuple() -> None:
    """typing's would bring the compiles back (the import is the only difference)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in [*(root / "stagelint").rglob("*.py"), *(root / "rules").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module in ("typing", "collections"):
                names = {alias.name for alias in node.names}
                if names & {"NamedTuple", "namedtuple"} and path.name != "tuples.py":
                    offenders.append(str(path.relative_to(root)))
    assert offenders == []
