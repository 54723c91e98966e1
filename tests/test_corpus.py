"""The whole catalogue over the real-world corpus (``../shared/corpus``) and over
``tests/shapes``, minimal projects written after public repositories whose stack differs from
the guide's (a Next.js app without Sanity or a backend, Vite + FastAPI, a Sanity Studio
alone, a monorepo of Node services on Railway, a Next.js folder on both Railway and Vercel,
Create React App + Express).

Every corpus project loads without an exception, with key positions that match the file
text, and the number of diagnostics per rule is pinned. Every diagnostic of every shipped
policy on both sets is classified in ``snapshots/corpus-classified.json`` — ``true
positive``, ``intended`` or ``known false positive``, each with a one-line reason — and a
diagnostic that is not there fails the test: review it (``scripts/corpus_report.py``), then
``STAGELINT_UPDATE_SNAPSHOTS=1`` adds it as ``unreviewed``, which fails until a person
classifies it. The corpus is skipped when the shared folder is absent; the shapes always run.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from stagelint.model.deployment import Location
from stagelint.model.source import LineIndex
from stagelint.project.loader import load_project
from stagelint.project.settings import Settings
from stagelint.testing import lint
from tests.corpus import build, corpus_available

needs_corpus = pytest.mark.skipif(not corpus_available(), reason="shared corpus not available")
COUNTS = Path(__file__).parent / "snapshots" / "corpus-counts.json"
CLASSIFIED = Path(__file__).parent / "snapshots" / "corpus-classified.json"
SHAPES = Path(__file__).parent / "shapes"
VERDICTS = ("true positive: ", "intended: ", "known false positive: ")


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if not corpus_available():
        return {}
    return build(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The shapes, copied out of the repository (git's view of this checkout is not
    theirs: SL107 would judge this repository's .gitignore)."""
    import shutil

    root = tmp_path_factory.mktemp("shapes")
    built = {}
    for shape in sorted(p for p in SHAPES.iterdir() if p.is_dir()):
        built[shape.name] = Path(shutil.copytree(shape, root / shape.name))
    return built


def _text_at(root: Path, location: Location) -> str:
    text = (root / location.path).read_bytes().decode("utf-8-sig")
    index = LineIndex(text, location.path)
    start = index.line_start(location.line) + location.column - 1
    end = index.line_start(location.end_line) + location.end_column - 1
    return text[start:end]


@needs_corpus
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


@needs_corpus
def test_counts_per_rule_are_pinned(projects: dict[str, Path]) -> None:
    counts: Counter[str] = Counter()
    for root in projects.values():
        counts.update(diag.code for diag in lint(root))
    found = dict(sorted(counts.items()))
    if os.environ.get("STAGELINT_UPDATE_SNAPSHOTS") == "1":
        COUNTS.write_text(json.dumps(found, indent=2) + "\n")
    assert found == json.loads(COUNTS.read_text())


def _diagnostic_keys(sets: dict[str, dict[str, Path]]) -> dict[str, str]:
    """``policy set:project path:line:column CODE [VARIABLE]`` -> message, for every shipped
    policy over every project of ``sets``."""
    from stagelint.policy.registry import load_registry

    found: dict[str, str] = {}
    for policy in sorted(load_registry().policies):
        for set_name, members in sets.items():
            for name, root in members.items():
                for diag in lint(root, policy=policy):
                    loc = diag.location
                    key = (
                        f"{policy} {set_name}:{name} {loc.path}:{loc.line}:{loc.column} {diag.code}"
                    )
                    if diag.variable:
                        key += f" {diag.variable}"
                    found[key] = diag.message
    return found


def test_every_diagnostic_is_classified(projects: dict[str, Path], shapes: dict[str, Path]) -> None:
    sets = {"shape": shapes, **({"corpus": projects} if projects else {})}
    found = _diagnostic_keys(sets)
    classified: dict[str, str] = json.loads(CLASSIFIED.read_text())
    ran = [key for key in classified if key.split(" ", 2)[1].split(":", 1)[0] in sets]
    if os.environ.get("STAGELINT_UPDATE_SNAPSHOTS") == "1":
        kept = {k: v for k, v in classified.items() if k in found or k not in ran}
        for key in found.keys() - kept.keys():
            kept[key] = f"unreviewed: {found[key]}"
        CLASSIFIED.write_text(json.dumps(dict(sorted(kept.items())), indent=1) + "\n")
        classified = kept
    unclassified = sorted(found.keys() - classified.keys())
    assert not unclassified, "new diagnostics, classify them:\n" + "\n".join(
        f"{key}: {found[key]}" for key in unclassified
    )
    gone = sorted(set(ran) - found.keys())
    assert not gone, "classified diagnostics no longer raised:\n" + "\n".join(gone)
    unreviewed = [k for k, v in classified.items() if not v.startswith(VERDICTS)]
    assert not unreviewed, "classify these (true positive / intended / known false positive):\n" + (
        "\n".join(unreviewed)
    )


def test_the_shapes_raise_no_false_alarm_of_the_guides_stack(shapes: dict[str, Path]) -> None:
    """What the precision work removed stays removed: no shape is asked for the guide's
    stack (SL503 only where the shape's own files call for the variable), no boolean under
    a secret-sounding name is a secret."""
    found = _diagnostic_keys({"shape": shapes})
    assert [k for k in found if " SL503 " in k] == [
        "staging shape:nextjs-railway-and-vercel web/.env.staging:1:1 SL503"
        " NEXT_PUBLIC_SANITY_DATASET",
    ]
    assert not [k for k in found if k.split()[3] in ("SL104", "SL105", "SL107")]
