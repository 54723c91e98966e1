"""SL2 (third-party modes): documentation examples, options, helpers and policy inversion."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError
from stagelint_rules import builtin_rules
from stagelint_rules._modes import dataset_name_problem, resolved
from stagelint_rules.sl201_payments_live_mode import PaymentsLiveMode
from stagelint_rules.sl203_production_dataset import ProductionDataset
from stagelint_rules.sl205_sentry_environment import SentryEnvironment, sentry_name_problem

from stagelint.check.engine import Selection, active_rules
from stagelint.model.deployment import Location, SanityValue, Value, Variable
from stagelint.policy.packs import load_policy
from stagelint.policy.registry import load_registry
from stagelint.policy.rule import Rule
from stagelint.policy.ruledocs import rule_doc
from stagelint.project.settings import Settings
from stagelint.testing import lint

MODE_RULES = sorted(
    (rule for rule in builtin_rules() if rule.code.startswith("SL2")), key=lambda r: r.code
)
EXAMPLE_ROOT = Path(__file__).resolve().parents[2] / "examples" / "guide"


def _write_project(root: Path, rule: type[Rule], heading: str) -> None:
    blocks = rule_doc(rule).blocks(heading)
    assert blocks, f"{heading}: a documentation example needs fenced blocks"
    for block in blocks:
        assert block.path, f"{heading}: every block names its file"
        target = root / block.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(block.text, encoding="utf-8")


def test_the_family_is_complete() -> None:
    assert [(r.code, r.name) for r in MODE_RULES] == [
        ("SL201", "payments-live-mode"),
        ("SL202", "store-id-mismatch"),
        ("SL203", "production-dataset"),
        ("SL204", "sanity-project-mismatch"),
        ("SL205", "sentry-environment"),
    ]


@pytest.mark.parametrize("rule", MODE_RULES, ids=lambda r: r.code)
def test_docs_have_the_sections_in_order(rule: type[Rule]) -> None:
    assert list(rule_doc(rule).sections) == [
        "What it checks",
        "Why",
        "Example",
        "Use instead",
        "How to fix",
        "Guide",
    ]


@pytest.mark.parametrize("rule", MODE_RULES, ids=lambda r: r.code)
def test_example_fires_and_use_instead_does_not(rule: type[Rule], tmp_path: Path) -> None:
    bad, good = tmp_path / "bad", tmp_path / "good"
    _write_project(bad, rule, "Example")
    _write_project(good, rule, "Use instead")
    assert {d.code for d in lint(bad, select=[rule.code])} == {rule.code}
    assert lint(good, select=[rule.code]) == []


@pytest.mark.parametrize("policy", ["staging", "production"])
def test_the_guide_example_is_clean(policy: str) -> None:
    assert lint(EXAMPLE_ROOT, select=["SL2"], policy=policy) == []


def test_messages_never_quote_secrets(tmp_path: Path) -> None:
    """A secret pasted into a public-looking variable must not reach a message."""
    secret = "sk_live_9fQ2pL7xW4mZ8rT1vB6nC3kD0hJ5gS"
    (tmp_path / "backend").mkdir()
    (tmp_path / "backend" / "railway.json").write_text("{}")
    (tmp_path / "backend" / ".env.staging").write_text(
        f"LEMON_SQUEEZY_API_KEY={secret}\nLEMON_SQUEEZY_TEST_MODE={secret}\n"
        f"LEMON_SQUEEZY_STORE_ID={secret}\nNEXT_PUBLIC_SANITY_DATASET={secret}\n"
        f"SENTRY_ENVIRONMENT={secret}/x\nSENTRY_TRACES_SAMPLE_RATE={secret}\n"
        f"NEXT_PUBLIC_SANITY_PROJECT_ID={secret}\n"
    )
    (tmp_path / "frontend").mkdir()
    (tmp_path / "frontend" / "vercel.json").write_text("{}")
    (tmp_path / "frontend" / ".env.preview").write_text(
        "NEXT_PUBLIC_LEMON_SQUEEZY_STORE_ID=48213\n"
    )
    (tmp_path / "studio").mkdir()
    (tmp_path / "studio" / "sanity.config.ts").write_text(
        "export default {projectId: 'k7x9p2qd', dataset: 'staging'}\n"
    )
    diagnostics = lint(tmp_path, select=["SL2"])
    assert {d.code for d in diagnostics} == {"SL201", "SL202", "SL203", "SL204", "SL205"}
    for diag in diagnostics:
        assert secret not in diag.message
        assert all(secret not in r.message for r in diag.related)


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("production", True),
        ("staging", True),
        ("my_data-1", True),
        ("Staging", False),
        ("a", False),
        ("a" * 65, False),
        ("a" * 64, True),
        ("-ab", False),
        ("a.b", False),
        ("ab-", False),
        ("ab_", False),
        ("stäging", False),
    ],
)
def test_dataset_names(name: str, valid: bool) -> None:
    assert (dataset_name_problem(name) is None) is valid


@pytest.mark.parametrize(
    ("name", "valid"),
    [("staging", True), ("Staging", True), ("pr/12", False), ("my env", False), ("None", False)],
)
def test_sentry_names(name: str, valid: bool) -> None:
    assert (sentry_name_problem(name) is None) is valid


def _var(key: str, text: str | None) -> Variable:
    here = Location.at(".env.staging")
    return Variable(key, None if text is None else Value(text), here, here, here)


def test_resolution_order() -> None:
    here = Location.at("studio/sanity.config.ts")
    value = SanityValue(here, env_var="A", fallbacks=("B",), default="staging")
    assert resolved(value, {}) == ("staging", here, None)
    found = resolved(value, {"B": _var("B", "production")})
    assert found is not None and found[0] == "production"
    found = resolved(value, {"A": _var("A", "qa"), "B": _var("B", "production")})
    assert found is not None and found[0] == "qa"
    # A bare key sets nothing; an empty value or a reference is the platform's to know.
    assert resolved(value, {"A": _var("A", None)}) == ("staging", here, None)
    assert resolved(value, {"A": _var("A", "")}) is None
    assert resolved(SanityValue(here, unknown=True, reason="a call"), {}) is None
    assert resolved(SanityValue(here, env_var="A"), {}) is None


def test_options_are_validated() -> None:
    with pytest.raises(ValueError, match="at least one"):
        ProductionDataset.Options(production_datasets=())
    with pytest.raises(ValueError, match="lowercase"):
        ProductionDataset.Options(production_datasets=("Production",))
    with pytest.raises(ValueError, match="not a Sentry environment"):
        SentryEnvironment.Options(also_accept=("pr/12",))
    assert SentryEnvironment.Options(also_accept=("preview",)).also_accept == ("preview",)


def test_options_from_a_user_policy() -> None:
    """A user's YAML goes through pydantic: lists become tuples, range checks still apply."""
    options = ProductionDataset.Options.validate_options(
        {"production_datasets": ["prod", "production"]}
    )
    assert options.production_datasets == ("prod", "production")
    with pytest.raises(ValidationError):
        ProductionDataset.Options.validate_options({"production_datasets": ["Prod"]})
    with pytest.raises(ValidationError):
        ProductionDataset.Options.validate_options({"production_dataset": ["prod"]})


def test_the_production_policy_inverts_the_mode_rules() -> None:
    registry = load_registry()
    production = load_policy("production", registry)
    rules = {
        type(active.rule).code: active.rule
        for active in active_rules(registry, production, Settings(), Selection(select=("SL2",)))
    }
    assert isinstance(rules["SL201"], PaymentsLiveMode)
    assert rules["SL201"].options.expect_test_mode is False
    assert isinstance(rules["SL203"], ProductionDataset)
    assert rules["SL203"].options.expect_production_dataset is True
    staging = load_policy("staging", registry)
    rules = {
        type(active.rule).code: active.rule
        for active in active_rules(registry, staging, Settings(), Selection(select=("SL2",)))
    }
    assert isinstance(rules["SL201"], PaymentsLiveMode)
    assert rules["SL201"].options.expect_test_mode is True
