"""A value that is a boolean, a number, empty or a URL without a password is no secret,
whatever its name; settings and policies declare variables secret or not secret.

The shapes are minimal copies of real backends: a FastAPI app's ``CORS_ALLOW_CREDENTIALS=
true`` and ``ADMIN_AUTO_GENERATE_PASSWORD=true`` were reported as reused secrets (SL105),
secrets shared with production (SL104) and as secrets a committed file holds (SL107).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from stagelint.model.errors import ConfigError
from stagelint.policy.fingerprint import holds_no_secret
from stagelint.project.settings import load_settings
from stagelint.testing import lint

SECRET = "hehz1dNS8mkLIlsl2JS0fQgiGh0laWekRYtJemCRGfgrlMNOunT33R6Ecks1KCQm"


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("true", True),
        ("False", True),
        ("on", True),
        ("0", True),
        ("3600", True),
        ("-1.5", True),
        ("", True),
        ("   ", True),
        ("https://api.example.com/v1", True),
        ("postgresql://app@db.example.com/app", True),
        ("postgresql://app:pw@db.example.com/app", False),
        ("1234567890123456789012", False),  # a long run of digits may be a token
        (SECRET, False),
        ("truee", False),
    ],
)
def test_holds_no_secret(text: str, plain: bool) -> None:
    assert holds_no_secret(text) is plain


def _backend(root: Path, extra: str = "") -> Path:
    for env in ("staging", "production"):
        target = root / "backend" / f".env.{env}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            f"ENVIRONMENT={env}\n"
            "CORS_ALLOW_CREDENTIALS=true\n"
            "ADMIN_AUTO_GENERATE_PASSWORD=true\n"
            "TOKEN_EXPIRE_SECRET_ROTATION=3600\n"
            "SMTP_PASSWORD=\n" + extra
        )
    (root / "backend" / "railway.json").write_text("{}")
    return root


@pytest.mark.parametrize("policy", ["staging", "production"])
def test_booleans_and_numbers_under_secret_names_are_not_secrets(
    tmp_path: Path, policy: str
) -> None:
    found = lint(_backend(tmp_path), select=["SL101", "SL104", "SL105", "SL106"], policy=policy)
    assert [(d.code, d.variable) for d in found] == []


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_committed_file_of_settings_holds_no_secret(tmp_path: Path) -> None:
    root = _backend(tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    assert lint(root, select=["SL107"]) == []
    (root / "backend" / ".env.staging").write_text(f"JWT_SECRET_KEY={SECRET}\n")
    found = lint(root, select=["SL107"])
    assert len(found) == 1 and "which holds the secret JWT_SECRET_KEY;" in found[0].message


def test_settings_declare_variables_secret_and_not_secret(tmp_path: Path) -> None:
    root = _backend(tmp_path, "LICENSE_KEY=LK-7F3Q-9XZ2-K8PD-44WM\nCSRF_TOKEN=csrftoken\n")
    found = {(d.code, d.variable) for d in lint(root, select=["SL101", "SL104"])}
    assert ("SL104", "CSRF_TOKEN") in found
    assert ("SL104", "LICENSE_KEY") not in found
    (root / "stagelint.toml").write_text(
        'secret-variables = ["LICENSE_*"]\nnot-secret-variables = ["CSRF_TOKEN"]\n'
    )
    found = {(d.code, d.variable) for d in lint(root, select=["SL101", "SL104"])}
    assert found == {("SL104", "LICENSE_KEY")}


def test_a_policy_declares_variables_secret_and_not_secret(tmp_path: Path) -> None:
    root = _backend(tmp_path, "LICENSE_KEY=LK-7F3Q-9XZ2-K8PD-44WM\nCSRF_TOKEN=csrftoken\n")
    (root / "team.yaml").write_text(
        "name: team\nextends: staging\nsecret_variables: [LICENSE_KEY]\n"
        "not_secret_variables: [CSRF_TOKEN]\n"
    )
    found = {
        (d.code, d.variable) for d in lint(root, select=["SL104"], policy=str(root / "team.yaml"))
    }
    assert found == {("SL104", "LICENSE_KEY")}


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            "secret_variables: ['NOT A NAME']\n",
            r"team.yaml:3:20: .*'NOT A NAME' is not a variable name",
        ),
        (
            "secret_variables: [A_KEY]\nnot_secret_variables: [A_KEY]\n",
            r"team.yaml:4:24: .*A_KEY is declared both secret and not secret",
        ),
    ],
)
def test_policy_declarations_are_validated(tmp_path: Path, text: str, error: str) -> None:
    (tmp_path / "team.yaml").write_text("name: team\nextends: staging\n" + text)
    with pytest.raises(ConfigError, match=error):
        lint(tmp_path, policy=str(tmp_path / "team.yaml"))


def test_settings_declarations_are_validated(tmp_path: Path) -> None:
    (tmp_path / "stagelint.toml").write_text('fail-on = "error"\nsecret-variables = ["a b"]\n')
    with pytest.raises(ConfigError, match=r"stagelint.toml:2:\d+: .*'a b' is not a variable name"):
        load_settings(tmp_path)
