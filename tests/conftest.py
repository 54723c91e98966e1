"""Shared fixtures: paths to the shared corpus (skipped cleanly when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

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


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not available: {CORPUS}")
    return CORPUS
