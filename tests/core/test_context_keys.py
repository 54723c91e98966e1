"""The rule context's views by key: a rule that judges a few keys sees exactly their
bindings, in the order it would have met them walking every binding."""

from __future__ import annotations

from pathlib import Path

from stagelint.policy.context import Context
from stagelint.policy.packs import load_policy
from stagelint.policy.registry import load_registry
from stagelint.project.loader import load_project
from stagelint.project.settings import Settings


def _context(tmp_path: Path) -> Context:
    for service, staging, production in (
        ("api", "B=1\nA=2\nB=3\nC=4\n", "A=9\nD=8\n"),
        ("web", "C=5\nE=6\n", "C=7\n"),
    ):
        folder = tmp_path / service
        folder.mkdir()
        (folder / "railway.json").write_text("{}\n")
        (folder / ".env.staging").write_text(staging)
        (folder / ".env.production").write_text(production)
    policy = load_policy("staging", load_registry(), tmp_path)
    project = load_project(tmp_path, Settings())
    return Context(project, policy, policy.environment, policy.compare_with, Settings())


def _seen(pairs: object) -> list[tuple[str, str, int]]:
    return [
        (env_file.service, var.key, var.location.line)
        for env_file, var in pairs  # type: ignore[attr-defined]
    ]


def test_keys_are_distinct_in_the_order_first_met(tmp_path: Path) -> None:
    ctx = _context(tmp_path)
    assert ctx.judged_keys() == ("B", "A", "C", "E")
    assert ctx.compared_keys() == ("A", "D", "C")


def test_bindings_of_some_keys_keep_the_order_of_all_bindings(tmp_path: Path) -> None:
    ctx = _context(tmp_path)
    every = _seen(ctx.judged_bindings())
    # a key twice in a file: its last binding, where the key was first met
    assert every == [("api", "B", 3), ("api", "A", 2), ("api", "C", 4), ("web", "C", 1),
                     ("web", "E", 2)]  # fmt: skip
    for keys in ({"C"}, {"B", "E"}, frozenset(ctx.judged_keys()), set()):
        assert _seen(ctx.judged_bindings(keys)) == [seen for seen in every if seen[1] in keys]
    assert _seen(ctx.compared_bindings({"C", "A"})) == [("api", "A", 1), ("web", "C", 1)]


def test_no_comparison_environment_has_no_keys(tmp_path: Path) -> None:
    ctx = _context(tmp_path)
    ctx.compare_with = None
    assert ctx.compared_keys() == ()
    assert list(ctx.compared_bindings({"A"})) == []
