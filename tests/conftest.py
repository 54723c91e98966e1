"""Shared fixtures: paths to the shared corpus (skipped cleanly when absent), and the
hypothesis profiles every property test runs under."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"


def corpus_dir(name: str) -> Path:
    """``../shared/corpus/<name>``; skips the test when the shared folder is absent
    (for example on a user's clone of the repository)."""
    path = CORPUS / name
    if not path.is_dir():
        pytest.skip(f"shared corpus not available: {path}")
    return path


def corpus_files(name: str, pattern: str = "*") -> list[Path]:
    """Files of a corpus folder, for parametrisation; empty when the corpus is absent."""
    path = CORPUS / name
    if not path.is_dir():
        return []
    return sorted(p for p in path.glob(pattern) if p.is_file())


@pytest.fixture(scope="session")
def source_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's sources, copied once per session for tests that pip-install them
    (see :func:`tests.support.copy_sources`)."""
    from tests.support import copy_sources

    repository = Path(__file__).resolve().parent.parent
    return copy_sources(repository, tmp_path_factory.mktemp("sources") / "stagelint")


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not available: {CORPUS}")
    return CORPUS


# --- hypothesis profiles ----------------------------------------------------------------------
#
# ``ci`` (the default) keeps the whole suite within CI's budget; ``deep`` is for a fuzzing
# session: ``pytest --hypothesis-profile deep tests/test_fuzz.py``. Tests that set no example
# count get the profile's; expensive ones scale with :func:`examples`.

CI_EXAMPLES = 100
DEEP_EXAMPLES = 10_000

settings.register_profile("ci", max_examples=CI_EXAMPLES, deadline=None, print_blob=True)
settings.register_profile(
    "deep",
    max_examples=DEEP_EXAMPLES,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("ci")  # ``--hypothesis-profile`` (applied after conftest) overrides it


def is_deep() -> bool:
    """Whether the active profile is a fuzzing session (``deep`` or bigger)."""
    return settings().max_examples >= DEEP_EXAMPLES


def examples(ci: int, deep: int) -> int:
    """An example count for a test too slow for the profile's: ``ci`` by default, ``deep``
    under the deep profile."""
    return deep if is_deep() else ci


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    """Profiles that depend on the active one, registered once ``--hypothesis-profile`` has
    been applied and before test modules are imported."""
    # the dotenv parser's differential tests (python-dotenv as the oracle, ~50 ms/example):
    # STAGELINT_DOTENV_EXAMPLES wins, else 300, or the deep count in a fuzzing session
    default = DEEP_EXAMPLES if is_deep() else 300
    settings.register_profile(
        "dotenv",
        max_examples=int(os.environ.get("STAGELINT_DOTENV_EXAMPLES", default)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
