"""The shipped YAML files also ship as Python data (``policies/_parsed.py``), so that a run
reads them without PyYAML even where Python writes no bytecode (PYTHONDONTWRITEBYTECODE).

The module must match the YAML files exactly (regenerated and compared here, as CI runs
the suite), and an entry is used only while its YAML file holds the text it was made from.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from stagelint.policy import packs as policy
from stagelint.policy import policygen
from stagelint.policy.packs import load_resource_yaml, parse_policy_yaml


def test_the_generated_module_matches_the_yaml_files() -> None:
    assert not policygen.stale(), "run: python -m stagelint.policy.policygen"


def test_every_shipped_yaml_file_has_its_entry() -> None:
    from stagelint_policies._parsed import PARSED

    names = sorted(p.name for p in policygen.POLICIES.glob("*.yaml"))
    assert sorted(PARSED) == names
    for name in names:
        text = (policygen.POLICIES / name).read_text(encoding="utf-8")
        source, data = PARSED[name]
        assert source == text
        assert data == parse_policy_yaml(text, name, trusted=True)


def test_a_shipped_file_is_read_from_the_module_without_yaml(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed the YAML")

    monkeypatch.setattr(policy, "parse_policy_yaml", refuse)
    monkeypatch.setattr(policy, "_read_parsed", refuse)
    data = load_resource_yaml("stagelint_policies:staging.yaml", "staging")
    assert data["name"] == "staging"


def test_each_caller_gets_its_own_copy() -> None:
    first = load_resource_yaml("stagelint_policies:staging.yaml", "staging")
    first["name"] = "changed"
    first.clear()
    assert load_resource_yaml("stagelint_policies:staging.yaml", "staging")["name"] == "staging"


def test_an_edited_yaml_file_is_parsed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    text = policy.read_resource("stagelint_policies:staging.yaml")
    edited = text.replace("name: staging", "name: edited-staging", 1)
    assert edited != text
    monkeypatch.setattr(policy, "_resource", lambda resource: (None, edited))
    assert load_resource_yaml("stagelint_policies:staging.yaml", "x")["name"] == "edited-staging"


def test_data_a_literal_cannot_write_back_is_refused(tmp_path: os.PathLike[str]) -> None:
    from pathlib import Path

    directory = Path(tmp_path)
    (directory / "dated.yaml").write_text("name: dated\nsince: 2024-01-02\n", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot write back"):
        policygen.generate(directory)


def test_a_run_without_bytecode_writing_does_not_import_yaml() -> None:
    code = (
        "import sys; from stagelint.policy.catalogue import load_catalogue;"
        "from stagelint.policy.packs import load_policy; from stagelint.registry import load_registry;"
        "load_catalogue(); load_policy('staging', load_registry()); print('yaml' in sys.modules)"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.strip() == "False"
