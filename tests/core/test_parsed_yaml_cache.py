"""Shipped YAML (packs, catalogues) is kept parsed in the package's __pycache__.

Like bytecode (and in its format, marshal): written only where Python would write bytecode,
named after the interpreter, used only while it was made from exactly the text the YAML file
holds, and never holding something marshal cannot hold exactly.
"""

from __future__ import annotations

import marshal
import subprocess
import sys
from pathlib import Path

import pytest

from stagelint.policy import packs as policy
from stagelint.policy.packs import load_resource_yaml, parsed_path

PACK = "name: demo\nselect: [ALL]\nrules:\n  SL101: {options: {min_length: 40}}\n"


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A package ``yamlcache_demo`` holding ``pack.yaml``, importable, writable."""
    root = tmp_path / "yamlcache_demo"
    root.mkdir()
    (root / "__init__.py").write_text("")
    (root / "pack.yaml").write_text(PACK)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "yamlcache_demo", raising=False)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return root


def _cache(package: Path) -> Path:
    return Path(parsed_path(str(package / "pack.yaml")))


def _kept(package: Path) -> dict[str, object]:
    kept = marshal.loads(_cache(package).read_bytes())
    assert isinstance(kept, dict)
    return kept


def test_the_cache_is_named_after_the_interpreter(package: Path) -> None:
    assert _cache(package).parent == package / "__pycache__"
    assert _cache(package).name == f"pack.yaml.{sys.implementation.cache_tag}.stagelint"


def test_first_load_parses_and_keeps_the_data(package: Path) -> None:
    data = load_resource_yaml("yamlcache_demo:pack.yaml", "demo")
    assert data == {
        "name": "demo",
        "select": ["ALL"],
        "rules": {"SL101": {"options": {"min_length": 40}}},
    }
    kept = _kept(package)
    assert kept["source"] == PACK and kept["data"] == data


def test_kept_data_is_used_while_the_text_is_the_same(package: Path) -> None:
    load_resource_yaml("yamlcache_demo:pack.yaml", "demo")
    kept = _kept(package)
    kept["data"]["name"] = "from the cache"  # type: ignore[index]
    _cache(package).write_bytes(marshal.dumps(kept))
    assert load_resource_yaml("yamlcache_demo:pack.yaml", "demo")["name"] == "from the cache"


def test_an_edited_yaml_file_is_parsed_again(package: Path) -> None:
    load_resource_yaml("yamlcache_demo:pack.yaml", "demo")
    (package / "pack.yaml").write_text(PACK.replace("demo", "edited"))
    assert load_resource_yaml("yamlcache_demo:pack.yaml", "demo")["name"] == "edited"
    assert _kept(package)["data"]["name"] == "edited"  # type: ignore[index]


@pytest.mark.parametrize(
    "content",
    [
        b"{not marshal",
        b"",
        marshal.dumps([]),
        marshal.dumps({"format": 2, "source": "x"}),
        marshal.dumps({"format": 1, "source": PACK, "data": {"name": "old"}}),
        marshal.dumps({"format": 2, "source": PACK, "data": {"name": "x"}})[:-3],
    ],
)
def test_a_broken_cache_is_ignored(package: Path, content: bytes) -> None:
    _cache(package).parent.mkdir()
    _cache(package).write_bytes(content)
    assert load_resource_yaml("yamlcache_demo:pack.yaml", "demo")["name"] == "demo"


def test_data_marshal_cannot_hold_is_not_kept(package: Path) -> None:
    (package / "pack.yaml").write_text("name: demo\nsince: 2024-01-01\n1: one\n")
    data = load_resource_yaml("yamlcache_demo:pack.yaml", "demo")
    assert str(data["since"]) == "2024-01-01" and data[1] == "one"
    assert not _cache(package).exists()


def test_nothing_is_written_when_python_writes_no_bytecode(
    package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    load_resource_yaml("yamlcache_demo:pack.yaml", "demo")
    assert not _cache(package).exists()


def test_a_read_only_package_still_loads(package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(policy.os, "makedirs", refuse)
    assert load_resource_yaml("yamlcache_demo:pack.yaml", "demo")["name"] == "demo"
    assert not _cache(package).exists()


def test_a_run_with_kept_data_does_not_import_yaml() -> None:
    code = (
        "import sys; from stagelint.policy.catalogue import load_catalogue;"
        "from stagelint.policy.packs import load_policy; from stagelint.registry import load_registry;"
        "load_catalogue(); load_policy('staging', load_registry()); print('yaml' in sys.modules)"
    )
    env = {"PATH": "/usr/bin:/bin"}  # no PYTHONDONTWRITEBYTECODE: the first run may write

    def run() -> str:
        return subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        ).stdout.strip()

    run()
    import stagelint_policies

    kept = Path(stagelint_policies.__file__).parent / "__pycache__"
    if not Path(parsed_path(str(kept.parent / "variables.yaml"))).exists():
        pytest.skip("the installed package is read-only: nothing is kept")
    assert run() == "False"
