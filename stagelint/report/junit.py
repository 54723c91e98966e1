"""``--format junit``: JUnit XML for the test-report views of GitLab and Jenkins.

One ``testsuite`` per project root and one ``testcase`` per diagnostic, each holding one
``failure`` (``type`` is the rule's code, the text is the diagnostic as the text format
prints it, related locations included). Test cases are per diagnostic because a case holds
one failure in most readers; their ``classname`` is ``stagelint.<CODE>``, which Jenkins
groups by rule. A root without diagnostics gets a single passing case, since Jenkins and
GitLab read a report without test cases as "no tests ran" rather than "passed"; the
files checked and the policy are suite properties. Every diagnostic is a failure, warnings
too (the exit code, not the report, says what fails the job).

XML 1.0 cannot hold most control characters, even escaped: they become U+FFFD.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from stagelint.model.diagnostics import Diagnostic, Summary
from stagelint.model.regex import lazy
from stagelint.report import ReportOptions, deployed_label, display_path
from stagelint.report.text import summary_line

if TYPE_CHECKING:
    from stagelint.check.runner import CheckResult
    from stagelint.model.deployment import Location

_NOT_XML = lazy("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` with every character that XML 1.0 forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def _element(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {key: xml_safe(value) for key, value in attrs.items()})
    if text is not None:
        element.text = xml_safe(text)
    return element


def _where(result: CheckResult, loc: Location, cwd: str) -> str:
    """``path:line:col``, or a deployed file's source and variable (``--env-file``)."""
    label = deployed_label(result.sources, loc)
    if label is not None:
        return label
    return f"{display_path(result.root, loc.path, cwd)}:{loc.line}:{loc.column}"


def _failure_text(diag: Diagnostic, result: CheckResult, cwd: str) -> str:
    lines = [f"{_where(result, diag.location, cwd)}: {diag.code} [{diag.severity}] {diag.message}"]
    for related in diag.related:
        lines.append(f"    {_where(result, related.location, cwd)}: {related.message}")
    return "\n".join(lines) + "\n"


def _suite(parent: ET.Element, result: CheckResult, cwd: str) -> tuple[int, int]:
    count = len(result.diagnostics)
    tests = count or 1
    suite = _element(
        parent,
        "testsuite",
        name=f"stagelint: {display_path(result.root, '', cwd)}",
        tests=str(tests),
        failures=str(count),
        errors="0",
        skipped="0",
    )
    properties = _element(suite, "properties")
    _element(properties, "property", name="policy", value=result.policy.name)
    _element(properties, "property", name="files", value=str(result.files))
    for diag in result.diagnostics:
        loc = diag.location
        where = _where(result, loc, cwd)
        if deployed_label(result.sources, loc) is None:  # a file of the repository
            attrs = {"file": display_path(result.root, loc.path, cwd), "line": str(loc.line)}
        else:
            attrs = {}
        case = _element(
            suite,
            "testcase",
            classname=f"stagelint.{diag.code}",
            name=f"{diag.rule} at {where}",
            **attrs,
        )
        text = _failure_text(diag, result, cwd)
        _element(case, "failure", text, message=diag.message, type=diag.code)
    if not count:
        case = _element(suite, "testcase", classname="stagelint", name="stagelint check")
        _element(case, "system-out", summary_line(Summary.of([], result.files)))
    return tests, count


def render(results: Sequence[CheckResult], out: TextIO, options: ReportOptions) -> None:
    root = ET.Element("testsuites", {"name": "stagelint"})
    tests = failures = 0
    for result in results:
        suite_tests, suite_failures = _suite(root, result, options.cwd)
        tests += suite_tests
        failures += suite_failures
    root.set("tests", str(tests))
    root.set("failures", str(failures))
    root.set("errors", "0")
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
