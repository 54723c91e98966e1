"""The plugin's tests, with the harness stagelint ships (``stagelint.testing``).

Run them with the plugin installed (``pip install -e ".[test]"``): stagelint finds the
rule and the policy pack through the entry point, as it will for users.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from stagelint.policy import PolicyFile, load_policy
from stagelint.registry import load_registry
from stagelint.ruledocs import rule_doc
from stagelint.testing import check_fixture, fixture_cases, lint

from stagelint_acme.app_name import MisleadingAppName

HERE = Path(__file__).parent
CASES = [
    (rule_dir.name, case)
    for rule_dir in sorted((HERE / "rules").iterdir())
    if rule_dir.is_dir()
    for case in fixture_cases(rule_dir)
]


@pytest.mark.parametrize(
    ("code", "case"), CASES, ids=[f"{code}-{case.parent.name}-{case.name}" for code, case in CASES]
)
def test_fixture(code: str, case: Path) -> None:
    """``tests/rules/<CODE>/{good,bad}/<case>/``: a bad case gives exactly its
    ``expected.json``, a good one nothing."""
    check_fixture(case, code)


def test_registered_through_the_entry_point() -> None:
    rule = load_registry().get("ACME001")
    assert rule is MisleadingAppName
    assert rule.origin == "acme"


@pytest.mark.parametrize(("heading", "fires"), [("Example", True), ("Use instead", False)])
def test_documentation_examples(tmp_path: Path, heading: str, fires: bool) -> None:
    """The docstring's examples are projects: Example must fire, Use instead must not."""
    for block in rule_doc(MisleadingAppName).blocks(heading):
        assert block.path, f"{heading}: every block names its file"
        path = tmp_path / block.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(block.text, encoding="utf-8")
    codes = [d.code for d in lint(tmp_path, select=["ACME001"])]
    assert codes == (["ACME001"] if fires else [])


def test_docs_have_every_section() -> None:
    assert rule_doc(MisleadingAppName).missing_sections == []


def test_policy_pack_is_valid_and_configures_the_rule() -> None:
    """Packs shipped by plugins are trusted (not validated at run time): validate here."""
    from pydantic import TypeAdapter

    text = (HERE.parent / "stagelint_acme" / "acme-staging.yaml").read_text(encoding="utf-8")
    TypeAdapter(PolicyFile).validate_python(yaml.safe_load(text))
    policy = load_policy("acme-staging", load_registry())
    assert policy.environment == "staging"
    assert policy.sources[0] == "stagelint:staging"
    config = policy.rule_config("ACME001")
    assert config.severity == "error"
    assert config.options["variables"] == ["NEXT_PUBLIC_APP_NAME", "VITE_APP_NAME"]
