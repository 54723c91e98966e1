"""``--format sarif``: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

Decisions, and why:

- **One run**, whatever the number of project roots: GitHub's upload action rejects a file
  holding several runs of one tool in one category.
- **URIs relative to the current directory** (``uriBaseId`` ``%SRCROOT%``, which
  ``originalUriBaseIds`` gives as the directory's file URI), not to each project root:
  GitHub resolves relative URIs against the repository root, where CI runs stagelint, so
  this lands annotations on the right file when the project is a subdirectory, and several
  roots fit in one run. Run from the project root, the URIs are the root-relative paths of
  ``--format json``. A file outside the current directory gets an absolute ``file:`` URI.
- **Rules**: every rule that appears in the results, in code order. A reporter sees
  diagnostics, not the selection that produced them, and a viewer needs only the rules
  its results name. Each carries its documentation (``help``), from the rule's docstring.
- ``partialFingerprints["stagelint/v1"]`` is the diagnostic's identity, stable across line
  moves (repeats numbered, see :mod:`stagelint.report._fingerprints`), so GitHub keeps one
  alert per finding.
- Columns count code points and ``endColumn`` is exclusive, as ours (``columnKind``).
- A finding on a file of deployed values (``--env-file``) is not in the repository: its
  ``artifactLocation`` is the source as an absolute URI of its own scheme
  (``railway:backend/staging``, never ``%SRCROOT%``-relative), with no region, and a
  ``logicalLocation`` names the variable (``kind`` ``variable``). GitHub's upload rejects a
  location without ``physicalLocation``, so the logical location alone would not do.
"""

from __future__ import annotations

import json
import os
import urllib.parse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from stagelint import __version__
from stagelint.model.diagnostics import Diagnostic, Severity
from stagelint.report import ReportOptions, deployed_label, display_path
from stagelint.report._fingerprints import unique_fingerprints

if TYPE_CHECKING:
    from stagelint.check.runner import CheckResult
    from stagelint.model.deployment import Location
    from stagelint.policy.rule import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/stagelint/stagelint"
RULE_DOCS_URI = "https://github.com/stagelint/stagelint/blob/main/docs/rules/{code}.md"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "stagelint/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def pascal_case(name: str) -> str:
    """``secret-too-short`` -> ``SecretTooShort``, the form SARIF recommends for names."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("-"))


def rule_descriptor(code: str, name: str, rule: type[Rule] | None) -> dict[str, Any]:
    """A ``reportingDescriptor`` for one rule; ``rule`` is None for a code that no installed
    plugin provides any more (only its name is known then)."""
    descriptor: dict[str, Any] = {"id": code, "name": pascal_case(name)}
    if rule is None:
        descriptor["shortDescription"] = {"text": name}
        return descriptor
    from stagelint.policy.ruledocs import rule_doc

    doc = rule_doc(rule)
    summary = doc.summary or name
    markdown = doc.markdown()
    descriptor["shortDescription"] = {"text": summary}
    checks = doc.section("What it checks").strip()
    descriptor["fullDescription"] = {
        "text": _unwrap(checks) or summary,
        "markdown": checks or summary,
    }
    descriptor["help"] = {"text": markdown, "markdown": markdown}
    if rule.origin == "stagelint":
        descriptor["helpUri"] = RULE_DOCS_URI.format(code=code)
    descriptor["defaultConfiguration"] = {"level": LEVELS[rule.default_severity]}
    family = code.rstrip("0123456789")
    digits = code[len(family) :]
    descriptor["properties"] = {"tags": ["configuration", f"{family}{digits[:-2]}xx"]}
    return descriptor


def _unwrap(markdown: str) -> str:
    """Docstring paragraphs as plain text: hard line breaks inside a paragraph removed."""
    return "\n\n".join(" ".join(p.split()) for p in markdown.split("\n\n") if p.strip())


def _code_key(code: str) -> tuple[str, int]:
    """``SL1`` < ``SL101`` < ``SL1001``: code order, whatever a plugin's prefix."""
    family = code.rstrip("0123456789")
    return family, int(code[len(family) :] or 0)


def _uri(root: os.PathLike[str] | str, rel_path: str, cwd: str) -> dict[str, str]:
    path = display_path(root, rel_path, cwd)
    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    return {"uri": urllib.parse.quote(path, safe="/"), "uriBaseId": SRCROOT}


def _physical(root: os.PathLike[str] | str, loc: Location, cwd: str) -> dict[str, Any]:
    line = max(loc.line, 1)
    column = max(loc.column, 1)
    end_line = max(loc.end_line, line)
    end_column = max(loc.end_column, column) if end_line == line else max(loc.end_column, 1)
    return {
        "artifactLocation": _uri(root, loc.path, cwd),
        "region": {
            "startLine": line,
            "startColumn": column,
            "endLine": end_line,
            "endColumn": end_column,
        },
    }


def _location(
    root: os.PathLike[str] | str, loc: Location, cwd: str, sources: dict[str, dict[int, str]]
) -> dict[str, Any]:
    """A ``location`` object: the file and region, or a deployed file's source and variable."""
    label = deployed_label(sources, loc)
    if label is None:
        return {"physicalLocation": _physical(root, loc, cwd)}
    found: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": loc.path}}}
    _, _, variable = label.partition(" ")
    if variable:
        found["logicalLocations"] = [
            {"name": variable, "fullyQualifiedName": f"{loc.path}/{variable}", "kind": "variable"}
        ]
    return found


def _result(
    diag: Diagnostic,
    result_of: CheckResult,
    cwd: str,
    index: int,
    fingerprint: str,
) -> dict[str, Any]:
    root, sources = result_of.root, result_of.sources
    result: dict[str, Any] = {
        "ruleId": diag.code,
        "ruleIndex": index,
        "level": LEVELS[diag.severity],
        "message": {"text": diag.message},
        "locations": [_location(root, diag.location, cwd, sources)],
    }
    if diag.related:
        result["relatedLocations"] = [
            {
                "id": number,
                **_location(root, related.location, cwd, sources),
                "message": {"text": related.message},
            }
            for number, related in enumerate(diag.related, start=1)
        ]
    result["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint}
    properties = {
        key: value
        for key, value in (
            ("environment", diag.environment),
            ("service", diag.service),
            ("variable", diag.variable),
        )
        if value is not None
    }
    if properties:
        result["properties"] = properties
    return result


def document(results: Sequence[CheckResult], options: ReportOptions) -> dict[str, Any]:
    from stagelint.policy.registry import load_registry

    pairs = [(result, diag) for result in results for diag in result.diagnostics]
    names: dict[str, str] = {}
    for _, diag in pairs:
        names.setdefault(diag.code, diag.rule)
    codes = sorted(names, key=_code_key)
    registry = load_registry()
    rules = [rule_descriptor(code, names[code], registry.rules.get(code)) for code in codes]
    index = {code: position for position, code in enumerate(codes)}
    fingerprints = unique_fingerprints(diag for _, diag in pairs)
    cwd_uri = Path(os.path.abspath(options.cwd)).as_uri()
    if not cwd_uri.endswith("/"):  # a base URI must end with a slash
        cwd_uri += "/"
    run = {
        "tool": {
            "driver": {
                "name": "stagelint",
                "informationUri": INFORMATION_URI,
                "version": __version__,
                "rules": rules,
            }
        },
        "invocations": [{"executionSuccessful": True, "workingDirectory": {"uri": cwd_uri}}],
        "originalUriBaseIds": {SRCROOT: {"uri": cwd_uri}},
        "columnKind": "unicodeCodePoints",
        "results": [
            _result(diag, result, options.cwd, index[diag.code], fingerprint)
            for (result, diag), fingerprint in zip(pairs, fingerprints, strict=True)
        ],
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(results: Sequence[CheckResult], out: TextIO, options: ReportOptions) -> None:
    json.dump(document(results, options), out, indent=2, ensure_ascii=False)
    out.write("\n")
