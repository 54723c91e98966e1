"""Policy packs: loading, extends, validation, alias bombs."""

from __future__ import annotations

from pathlib import Path

import pytest

from stagelint.model.errors import ConfigError
from stagelint.policy.packs import load_policy
from stagelint.policy.registry import load_registry


def test_builtin_packs_load() -> None:
    registry = load_registry()
    staging = load_policy("staging", registry)
    assert staging.environment == "staging"
    assert staging.compare_with == "production"
    assert staging.trusted
    production = load_policy("production", registry)
    assert production.environment == "production"


def test_user_pack_extends_builtin(tmp_path: Path) -> None:
    (tmp_path / "team.yaml").write_text(
        "name: team\nextends: staging\nrules:\n  SL005: error\n  unknown-key: off\n"
        "  SL006:\n    options:\n      provided: [HOME]\n"
    )
    policy = load_policy(str(tmp_path / "team.yaml"), load_registry())
    assert policy.name == "team"
    assert policy.environment == "staging"
    assert not policy.trusted
    assert policy.rules["SL005"].severity == "error"
    assert not policy.rules["SL002"].enabled
    assert policy.rules["SL006"].options == {"provided": ["HOME"]}
    assert policy.sources[0] == "stagelint:staging"


def test_layers_merge_rule_settings(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text("name: base\nrules:\n  SL006: {options: {provided: [A]}}\n")
    (tmp_path / "child.yaml").write_text(
        "name: child\nextends: base.yaml\nrules:\n  SL006: warning\n"
    )
    policy = load_policy(str(tmp_path / "child.yaml"), load_registry())
    assert policy.rules["SL006"].severity == "warning"
    assert policy.rules["SL006"].options == {"provided": ["A"]}


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("name: x\nrules:\n  SL999: off\n", "unknown rule 'SL999'"),
        ("name: x\nrulez: {}\n", 'unknown setting "rulez"'),
        ("name: x\nrules:\n  SL005: fatal\n", "unknown severity"),
        ("- a\n- b\n", "must be a mapping"),
        ("name: [unclosed\n", "invalid YAML"),
        ("name: x\nextends: missing.yaml\n", "unknown policy"),
    ],
)
def test_invalid_policies(tmp_path: Path, yaml_text: str, message: str) -> None:
    (tmp_path / "p.yaml").write_text(yaml_text)
    with pytest.raises(ConfigError) as info:
        load_policy(str(tmp_path / "p.yaml"), load_registry())
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("yaml_text", "line"),
    [
        ("name: x\nrules:\n  SL505: info\n  SL999: off\n", "4:3"),
        ("name: x\n\nrulez: {}\n", "3:1"),
        ("name: x\nrules:\n  SL005: fatal\n", "3:3"),
        ("name: x\nvariables:\n  railway:\n    WORKERS: {type: integer}\n", "4:15"),
    ],
)
def test_policy_errors_name_the_file_and_line(tmp_path: Path, yaml_text: str, line: str) -> None:
    (tmp_path / "p.yaml").write_text(yaml_text)
    with pytest.raises(ConfigError) as info:
        load_policy(str(tmp_path / "p.yaml"), load_registry())
    assert str(info.value).startswith(f"{(tmp_path / 'p.yaml').resolve()}:{line}: ")


def test_extends_cycle(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: a\nextends: b.yaml\n")
    (tmp_path / "b.yaml").write_text("name: b\nextends: a.yaml\n")
    with pytest.raises(ConfigError, match="cycle"):
        load_policy(str(tmp_path / "a.yaml"), load_registry())


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    bomb = ["name: bomb", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        bomb.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    (tmp_path / "bomb.yaml").write_text("\n".join(bomb) + "\n")
    with pytest.raises(ConfigError, match="anchors and aliases are not allowed"):
        load_policy(str(tmp_path / "bomb.yaml"), load_registry())


def test_unknown_pack_name() -> None:
    with pytest.raises(ConfigError, match="unknown policy 'nightly'"):
        load_policy("nightly", load_registry())


def test_options_for_a_rule_without_options_are_refused(tmp_path: Path) -> None:
    from stagelint.check.engine import Selection, active_rules
    from stagelint.project.settings import Settings

    (tmp_path / "team.yaml").write_text("name: team\nrules:\n  SL403: {options: {strict: true}}\n")
    registry = load_registry()
    policy = load_policy(str(tmp_path / "team.yaml"), registry)
    with pytest.raises(
        ConfigError, match=r"options of SL403 \(malformed-origin\): the rule has no"
    ):
        active_rules(registry, policy, Settings(), Selection())
