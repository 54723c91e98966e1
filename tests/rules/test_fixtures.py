"""Every rule's fixture projects give exactly their expected diagnostics.

Layout: ``tests/rules/<CODE>/{good,bad}/<case>/`` — a small project per case; bad cases hold
``expected.json`` (see :mod:`stagelint.testing`). A case may hold a ``policy`` file naming
the policy to lint with (e.g. ``production``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stagelint.testing import check_fixture, fixture_cases

HERE = Path(__file__).parent
CASES = [
    (rule_dir.name, case)
    for rule_dir in sorted(HERE.glob("SL[0-9][0-9][0-9]"))
    for case in fixture_cases(rule_dir)
]


@pytest.mark.parametrize(
    ("code", "case"), CASES, ids=[f"{code}-{case.parent.name}-{case.name}" for code, case in CASES]
)
def test_fixture(code: str, case: Path) -> None:
    check_fixture(case, code)
