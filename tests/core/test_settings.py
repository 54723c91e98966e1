"""Settings from [tool.stagelint] / stagelint.toml, validated by pydantic."""

from __future__ import annotations

from pathlib import Path

import pytest

from stagelint.model.errors import ConfigError
from stagelint.project.settings import Settings, load_settings
from tests.support import fresh_python


def test_defaults_without_a_settings_file(tmp_path: Path) -> None:
    loaded = load_settings(tmp_path)
    assert loaded.path is None
    assert loaded.settings == Settings()


def test_no_pydantic_import_without_settings(tmp_path: Path) -> None:

    code = (
        "import sys; from pathlib import Path; from stagelint.project.settings import load_settings;"
        f"load_settings(Path({str(tmp_path)!r})); print('pydantic' in sys.modules)"
    )
    assert fresh_python(code) == "False"


def test_pyproject_table_with_kebab_keys(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n\n[tool.stagelint]\npolicy = 'production'\n"
        "select = ['SL1']\nper-file-ignores = {'**/.env.example' = ['SL102']}\n"
        "severity = {SL005 = 'error'}\n"
        "[tool.stagelint.services.api]\npath = 'apps/api'\nplatform = 'railway'\n"
    )
    settings = load_settings(tmp_path).settings
    assert settings.policy == "production"
    assert settings.select == ("SL1",)
    assert settings.per_file_ignores == {"**/.env.example": ("SL102",)}
    assert settings.severity == {"SL005": "error"}
    assert settings.services["api"].platform == "railway"


def test_stagelint_toml_wins_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.stagelint]\npolicy = 'production'\n")
    (tmp_path / "stagelint.toml").write_text("policy = 'staging'\n")
    loaded = load_settings(tmp_path)
    assert loaded.path == tmp_path / "stagelint.toml"
    assert loaded.settings.policy == "staging"


def test_pyproject_without_table_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert load_settings(tmp_path).path is None


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("polcy = 'staging'\n", 'unknown setting "polcy" (did you mean "policy"?)'),
        ("fail-on = 'fatal'\n", '"fail-on" must be one of'),
        ("max-file-size = 0\n", "max-file-size must be a positive number of bytes"),
        ("select = 'SL1'\n", '"select" must be a list'),
        ("[services.api]\nplatform = 'railway'\n", '"services.api.path" is required'),
        ("local-rules = 'checks/'\n", "pass --local-rules PATH on the command line"),
    ],
)
def test_invalid_settings_name_the_key(tmp_path: Path, toml: str, message: str) -> None:
    (tmp_path / "stagelint.toml").write_text(toml)
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    assert message in str(info.value)


def test_invalid_toml_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "stagelint.toml").write_text("# settings\npolicy = \n")
    with pytest.raises(ConfigError, match=r"stagelint.toml:2:\d+: invalid TOML: "):
        load_settings(tmp_path)


@pytest.mark.parametrize(
    ("name", "toml", "where"),
    [
        ("stagelint.toml", "# ours\nignore = []\npolcy = 'staging'\n", "stagelint.toml:3:1: "),
        ("stagelint.toml", "ignore = []\n\n[services.api]\nplatform = 'railway'\n", ":3:11: "),
        ("stagelint.toml", "ignore = []\nmax-file-size = 0\n", "stagelint.toml:2:1: "),
        ("stagelint.toml", "ignore = []\nlocal-rules = 'x/'\n", "stagelint.toml:2:1: "),
        ("pyproject.toml", "[project]\nname = 'x'\n\n[tool.stagelint]\nfail-on = 'x'\n", ":5:1: "),
    ],
)
def test_invalid_settings_name_the_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, toml: str, where: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(toml)
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    assert str(info.value).startswith(f"{name}{where}" if where.startswith(":") else where)


def test_a_tool_table_in_stagelint_toml_is_refused_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``[tool.stagelint]`` belongs in pyproject.toml; copied into stagelint.toml it would
    silently hold no settings at all."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stagelint.toml").write_text(
        "# copied from pyproject\n[tool.stagelint]\nignore = []\n"
    )
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    message = str(info.value)
    assert message.startswith("stagelint.toml:2:")
    assert "drop the [tool.stagelint] header line" in message


def test_setting_errors_never_show_values(tmp_path: Path) -> None:
    canary = "sup3r-s3cret-canary-value"
    (tmp_path / "stagelint.toml").write_text(f"fail-on = '{canary}'\nmax-file-size = '{canary}'\n")
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    assert canary not in str(info.value)
