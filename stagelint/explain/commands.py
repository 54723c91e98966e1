"""What ``stagelint explain``, ``stagelint rules`` and ``stagelint policies`` print.

The click commands in :mod:`stagelint.cli` only parse options and call these functions, so
that the CLI module imports nothing of this at start-up (``stagelint check`` must start
fast) and the commands can be tested without a process.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from stagelint.explain.document import Document
from stagelint.explain.render import emit, emit_json
from stagelint.explain.rules import (
    packs,
    policies_document,
    policies_json,
    resolve,
    rule_document,
    rule_infos,
    rules_document,
    rules_json,
)
from stagelint.policy.registry import load_registry

if TYPE_CHECKING:
    from stagelint.explain.survey import Survey


def explain(
    subject: str | None,
    project: Path,
    policy: str | None,
    config: Path | None,
    output_format: str,
    out: IO[str],
    env_files: tuple[Any, ...] = (),
) -> int:
    """A rule's docs, a variable in this project, or (no subject) the project tour;
    ``env_files`` are the operator's files of deployed values (``--env-file``)."""
    registry = load_registry()
    if subject is None:
        from stagelint.explain.survey import survey

        return _tour(survey(project, policy, config, env_files), output_format, out)
    from stagelint.policy.catalogue import load_catalogue

    def project_keys() -> list[str]:
        from stagelint.project.loader import load_project
        from stagelint.project.settings import find_project_root, load_settings

        if not project.is_dir():
            return []
        root = find_project_root(project.resolve())
        loaded = load_project(root, load_settings(root, config).settings)
        return sorted({key for f in loaded.env_files for key in f.effective()})

    found = resolve(subject, registry, load_catalogue().entries, project_keys)
    if found.rule is not None:
        info = next(i for i in rule_infos(registry) if i.code == found.rule.code)
        _emit(
            output_format,
            out,
            lambda: {"explains": "rule", **info.to_json()},
            lambda: rule_document(info),
        )
        return 0
    assert found.variable is not None
    from stagelint.explain.survey import survey
    from stagelint.explain.variable import explain_variable, variable_document

    surveyed = survey(project, policy, config, env_files)
    explanation = explain_variable(found.variable, surveyed)
    _emit(
        output_format,
        out,
        explanation.to_json,
        lambda: variable_document(explanation, surveyed),
    )
    return _failed(surveyed)


def _tour(surveyed: Survey, output_format: str, out: IO[str]) -> int:
    from stagelint.explain.tour import checklist, tour_document, tour_json

    results = checklist(surveyed)
    if output_format == "json":
        emit_json(tour_json(surveyed, results), out)
        return _failed(surveyed)
    document = tour_document(surveyed, results, has_init=True)  # ``stagelint init`` exists
    if output_format == "html":
        import re

        from stagelint.explain.picture.html import page
        from stagelint.explain.render import to_markdown

        codes = sorted(set(re.findall(r"\bSL\d{3}\b", to_markdown(document))))
        infos = {info.code: info for info in rule_infos(surveyed.registry)}
        rules = [rule_document(infos[code]) for code in codes if code in infos]
        out.write(page(document, rules, _figure_notes(document)))
    else:
        emit(document, output_format, out)
    return _failed(surveyed)


def _failed(surveyed: Survey) -> int:
    """As ``check``: one line per rule that raised, after the output; exit code 2 if any."""
    import sys

    for failure in surveyed.failures:
        print(f"stagelint: error: {failure.note()}", file=sys.stderr)
    return 2 if surveyed.failures else 0


def _figure_notes(document: Document) -> tuple[str, ...]:
    from stagelint.explain.document import Figure

    return next((b.notes for b in document.blocks if isinstance(b, Figure)), ())


def _emit(
    output_format: str,
    out: IO[str],
    as_json: Callable[[], Any],
    as_document: Callable[[], Document],
) -> None:
    """``--format json``: the data; any other format: the document. Only the one written is
    built."""
    if output_format == "json":
        emit_json(as_json(), out)
    else:
        emit(as_document(), output_format, out)


def rules(output_format: str, out: IO[str]) -> int:
    infos = rule_infos(load_registry())
    _emit(output_format, out, lambda: rules_json(infos), lambda: rules_document(infos))
    return 0


def policies(output_format: str, out: IO[str]) -> int:
    pack_infos = packs(load_registry())
    _emit(
        output_format, out, lambda: policies_json(pack_infos), lambda: policies_document(pack_infos)
    )
    return 0
