"""The shipped examples: the guide's setup is clean, the broken one fires every rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from stagelint.registry import load_registry
from stagelint.testing import lint

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize("policy", ["staging", "production"])
def test_guide_example_is_clean_under_every_rule(policy: str) -> None:
    assert [
        (d.code, d.location.path, d.message) for d in lint(EXAMPLES / "guide", policy=policy)
    ] == []


def test_broken_example_fires_every_rule() -> None:
    fired = {d.code for d in lint(EXAMPLES / "broken")}
    missing = sorted(set(load_registry().rules) - fired)
    assert missing == [], f"rules that never fire on examples/broken: {missing}"
