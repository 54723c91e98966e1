"""The plugin registry: entry points, validation, selection."""

from __future__ import annotations

from pathlib import Path

import pytest

from stagelint.model.errors import ConfigError, UsageError
from stagelint.policy.registry import Plugin, Registry, iter_entry_points, load_registry
from stagelint.policy.rule import Rule


def test_builtin_plugin_comes_from_the_entry_point_group() -> None:
    points = [ep for ep in iter_entry_points("stagelint.plugins") if ep.name == "builtin"]
    assert points and points[0].value == "stagelint_rules:plugin"
    registry = load_registry()
    assert registry.plugins[0].name == "stagelint"
    assert {"SL001", "SL002", "SL003", "SL004", "SL005", "SL006"} <= set(registry.rules)


def test_entry_point_reader_matches_importlib_metadata() -> None:
    from importlib.metadata import entry_points

    ours = {(ep.name, ep.value) for ep in iter_entry_points("console_scripts")}
    theirs = {(ep.name, ep.value) for ep in entry_points(group="console_scripts")}
    assert ours == theirs


def test_entry_point_reader_first_distribution_wins(tmp_path: Path) -> None:
    for folder, target in (("a", "first:plugin"), ("b", "second:plugin")):
        dist = tmp_path / folder / "pkg-1.0.dist-info"
        dist.mkdir(parents=True)
        (dist / "entry_points.txt").write_text(f"[stagelint.plugins]\nx = {target}\n")
    found = iter_entry_points("stagelint.plugins", [str(tmp_path / "a"), str(tmp_path / "b")])
    assert [(ep.name, ep.value) for ep in found] == [("x", "first:plugin")]


def _rule(code: str, name: str) -> type[Rule]:
    return type(
        name.title().replace("-", ""), (Rule,), {"__doc__": "Doc.", "code": code, "name": name}
    )


def test_duplicate_codes_and_names_fail_loudly() -> None:
    registry = Registry()
    registry.add(Plugin("one", rules=lambda: [_rule("XX100", "first-rule")]), "test")
    with pytest.raises(ConfigError, match="XX100 is registered twice"):
        registry.add(Plugin("two", rules=lambda: [_rule("XX100", "other-rule")]), "test")
    with pytest.raises(ConfigError, match="'first-rule' is used by both"):
        registry.add(Plugin("three", rules=lambda: [_rule("XX101", "first-rule")]), "test")


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"code": "sl1", "name": "x"}, "code must look like"),
        ({"code": "SL900", "name": "Bad Name"}, "kebab-case"),
        ({"code": "SL900", "name": "no-doc", "__doc__": None}, "docstring"),
    ],
)
def test_rule_declarations_are_validated(bad: dict[str, object], message: str) -> None:
    attrs = {"__doc__": "Doc.", **bad}
    with pytest.raises(TypeError, match=message):
        type("Bad", (Rule,), attrs)


def test_selectors() -> None:
    registry = load_registry()
    assert registry.select(["SL001"]) == {"SL001"}
    assert registry.select(["parse-error"]) == {"SL001"}
    assert {"SL001", "SL006"} <= registry.select(["SL0"])
    assert registry.select(["SL00[12]"]) == {"SL001", "SL002"}
    assert registry.select(["ALL"]) == set(registry.rules)
    with pytest.raises(UsageError, match="did you mean"):
        registry.select(["SL0001"])


def test_current_directory_is_never_searched_for_plugins(tmp_path: Path) -> None:
    """`python -m stagelint` puts the current directory on sys.path: a linted repository
    must not be able to register a plugin (and so run code) from there."""
    import subprocess
    import sys

    dist = tmp_path / "evil-1.0.dist-info"
    dist.mkdir()
    (dist / "entry_points.txt").write_text("[stagelint.plugins]\nevil = evil_plugin:plugin\n")
    (tmp_path / "evil_plugin.py").write_text(
        "import pathlib\npathlib.Path('MARKER').write_text('ran')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "stagelint", "check", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "MARKER").exists()
