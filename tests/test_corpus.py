"""The whole catalogue over the real-world corpus (``../shared/corpus``).

Every corpus project loads without an exception, with key positions that match the file
text, and the number of diagnostics per rule is pinned: a change in behaviour shows up here
(review it with ``scripts/corpus_report.py``, then update the counts with
``STAGELINT_UPDATE_SNAPSHOTS=1``). Skipped when the shared folder is absent.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from stagelint.loader import load_project
from stagelint.model import Location
from stagelint.settings import Settings
from stagelint.source import LineIndex
from stagelint.testing import lint
from tests.corpus import build, corpus_available

pytestmark = pytest.mark.skipif(not corpus_available(), reason="shared corpus not available")
COUNTS = Path(__file__).parent / "snapshots" / "corpus-counts.json"


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build(tmp_path_factory.mktemp("corpus"))


def _text_at(root: Path, location: Location) -> str:
    text = (root / location.path).read_bytes().decode("utf-8-sig")
    index = LineIndex(text, location.path)
    start = index.line_start(location.line) + location.column - 1
    end = index.line_start(location.end_line) + location.end_column - 1
    return text[start:end]


def test_every_corpus_file_loads_with_exact_key_positions(projects: dict[str, Path]) -> None:
    checked = 0
    for root in projects.values():
        project = load_project(root, Settings())
        for env_file in project.env_files:
            for var in env_file.variables:
                assert _text_at(root, var.key_location) == var.key, (env_file.path, var.key)
                checked += 1
        for service in project.services.values():
            for config in (service.railway, service.vercel):
                if config is None or not isinstance(config.data, dict):
                    continue
                for path, (key_loc, _) in config.positions.items():
                    if path and isinstance(path[-1], str) and path[-1] in _top_keys(config.data):
                        shown = _text_at(root, key_loc)
                        assert shown.strip("\"'[]") == path[-1], (config.path, path, shown)
                        checked += 1
    assert checked > 1000


def _top_keys(data: dict[str, object]) -> set[str]:
    keys = set(data)
    for value in data.values():
        if isinstance(value, dict):
            keys |= set(value)
    return keys


def test_counts_per_rule_are_pinned(projects: dict[str, Path]) -> None:
    counts: Counter[str] = Counter()
    for root in projects.values():
        counts.update(diag.code for diag in lint(root))
    found = dict(sorted(counts.items()))
    if os.environ.get("STAGELINT_UPDATE_SNAPSHOTS") == "1":
        COUNTS.write_text(json.dumps(found, indent=2) + "\n")
    assert found == json.loads(COUNTS.read_text())
