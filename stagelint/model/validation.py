"""Turning pydantic validation errors into one secret-free sentence.

pydantic's own ``str(ValidationError)`` quotes the offending input, which may be a secret.
These messages name the key and say what was expected, and never show the input.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any


def describe_validation_error(exc: Any, known_keys: Sequence[str] = ()) -> str:
    """The first error of a pydantic ``ValidationError``, e.g.
    ``unknown setting "polcy" (did you mean "policy"?)``."""
    errors = exc.errors(include_input=False, include_url=False, include_context=True)
    parts = [_describe(error, known_keys) for error in errors[:3]]
    more = len(errors) - len(parts)
    text = "; ".join(parts)
    if more > 0:
        text += f" (and {more} more)"
    return text


def error_path(exc: Any) -> tuple[str | int, ...]:
    """The key path of a ``ValidationError``'s first error (``("services", "api", "path")``),
    to point at the line that holds it."""
    errors = exc.errors(include_input=False, include_url=False)
    if not errors:
        return ()
    return tuple(part for part in errors[0].get("loc", ()) if isinstance(part, (str, int)))


def _describe(error: dict[str, Any], known_keys: Sequence[str]) -> str:
    from stagelint.model.values import looks_random

    # keys are names, but a secret pasted as a key is still a secret
    loc = [
        "(a key that looks like a secret)" if looks_random(str(part)) else str(part)
        for part in error.get("loc", ())
    ]
    kind = error.get("type", "")
    dotted = ".".join(loc)
    if kind in ("unexpected_keyword_argument", "extra_forbidden"):
        key = loc[-1] if loc else "?"
        hint = ""
        if len(loc) == 1 and known_keys:
            close = difflib.get_close_matches(key.replace("_", "-"), known_keys, n=1)
            if close:
                hint = f' (did you mean "{close[0]}"?)'
        return f'unknown setting "{dotted}"{hint}'
    if kind == "missing" or kind == "missing_argument":
        return f'"{dotted}" is required'
    if kind == "value_error":
        message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        return f'"{dotted}": {message}' if dotted else message
    expected = _expected(kind, error)
    where = f'"{dotted}"' if dotted else "value"
    return f"{where} {expected}"


def _expected(kind: str, error: dict[str, Any]) -> str:
    ctx = error.get("ctx") or {}
    if kind == "literal_error" and "expected" in ctx:
        return f"must be one of {ctx['expected']}"
    readable = {
        "string_type": "must be a string",
        "int_type": "must be an integer",
        "int_parsing": "must be an integer",
        "float_type": "must be a number",
        "float_parsing": "must be a number",
        "bool_type": "must be true or false",
        "bool_parsing": "must be true or false",
        "list_type": "must be a list",
        "tuple_type": "must be a list",
        "dict_type": "must be a table",
        "dataclass_type": "must be a table",
        "model_type": "must be a table",
        "greater_than_equal": f"must be at least {ctx.get('ge')}",
        "less_than_equal": f"must be at most {ctx.get('le')}",
    }
    return readable.get(kind, "is invalid")
