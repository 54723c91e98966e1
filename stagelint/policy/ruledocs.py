"""A rule's documentation, parsed from its docstring: one source for every rendering.

``stagelint explain``, ``stagelint rules``, the generated ``docs/rules/*.md`` and SARIF's
``fullDescription``/``help`` all read :class:`RuleDoc`. The docstring is Markdown: its first
line is the summary, then ``## Heading`` sections (:data:`stagelint.rule.DOC_SECTIONS`).
Code blocks in *Example* and *Use instead* carry ``path="..."`` and form small projects
that a test lints (Example must fire the rule; Use instead must not).
"""

from __future__ import annotations

import inspect
import itertools
import re
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, cast

from stagelint.model.regex import lazy
from stagelint.policy.rule import DOC_SECTIONS, Rule

_HEADING = lazy(r"^##\s+(.+?)\s*$")
_FENCE = lazy(r"^```(?P<lang>[\w+-]*)(?P<attrs>[^`]*)$")
_PATH_ATTR = lazy(r'path="(?P<path>[^"]+)"')


@dataclass(frozen=True)
class CodeBlock:
    """A fenced block of a rule's docs; ``path`` names the file it stands for."""

    language: str
    text: str
    path: str | None = None


@dataclass(frozen=True)
class OptionDoc:
    name: str
    type: str
    default: Any
    description: str


@dataclass(frozen=True)
class RuleDoc:
    code: str
    name: str
    summary: str
    sections: dict[str, str] = field(default_factory=dict)
    """Section heading -> Markdown body, in docstring order."""

    def section(self, heading: str) -> str:
        return self.sections.get(heading, "")

    def blocks(self, heading: str) -> list[CodeBlock]:
        """The fenced code blocks of one section."""
        return list(iter_blocks(self.section(heading)))

    @property
    def missing_sections(self) -> list[str]:
        return [s for s in DOC_SECTIONS if not self.sections.get(s, "").strip()]

    @property
    def guide(self) -> str:
        return " ".join(self.section("Guide").split())

    def markdown(self) -> str:
        """The whole documentation as Markdown (title, summary, sections)."""
        parts = [f"# {self.code} {self.name}", "", self.summary, ""]
        for heading, body in self.sections.items():
            parts.extend([f"## {heading}", "", body.strip(), ""])
        return "\n".join(parts).rstrip() + "\n"


def rule_doc(rule: type[Rule]) -> RuleDoc:
    """Parse ``rule``'s docstring."""
    text = inspect.cleandoc(rule.__doc__ or "")
    lines = text.splitlines()
    summary_lines: list[str] = []
    index = 0
    while index < len(lines) and lines[index].strip():
        summary_lines.append(lines[index].strip())
        index += 1
    sections: dict[str, str] = {}
    current: str | None = None
    body: list[str] = []
    in_fence = False
    for line in lines[index:]:
        if line.startswith("```"):
            in_fence = not in_fence
        heading = None if in_fence else _HEADING.match(line)
        if heading:
            if current is not None:
                sections[current] = "\n".join(body).strip("\n")
            current = heading.group(1)
            body = []
        elif current is not None:
            body.append(line)
    if current is not None:
        sections[current] = "\n".join(body).strip("\n")
    return RuleDoc(rule.code, rule.name, " ".join(summary_lines), sections)


def iter_blocks(markdown: str) -> list[CodeBlock]:
    """Fenced blocks of a Markdown text: language, text, and ``path="..."`` if given."""
    blocks: list[CodeBlock] = []
    opening: re.Match[str] | None = None
    content: list[str] = []
    for line in markdown.splitlines():
        stripped = line.strip()
        if opening is None:
            opening = _FENCE.match(stripped) if stripped.startswith("```") else None
            content = []
        elif stripped == "```":
            path = _PATH_ATTR.search(opening.group("attrs"))
            blocks.append(
                CodeBlock(
                    opening.group("lang"),
                    "\n".join(content) + "\n",
                    path.group("path") if path else None,
                )
            )
            opening = None
        else:
            content.append(line)
    return blocks


def option_docs(rule: type[Rule]) -> list[OptionDoc]:
    """Name, type, default and description of each of the rule's options.

    Descriptions are the attribute docstrings under each field, read the way pydantic
    reads them (``use_attribute_docstrings``); this needs no pydantic import.
    """
    options = rule.Options
    if not options.option_names():
        return []
    descriptions = _attribute_docstrings(options)
    result = []
    for item in fields(cast(Any, options.as_dataclass())):
        default: Any = item.default
        if default is MISSING:
            factory: Any = item.default_factory
            default = factory() if factory is not MISSING else None
        annotation = item.type if isinstance(item.type, str) else getattr(item.type, "__name__", "")
        result.append(OptionDoc(item.name, annotation, default, descriptions.get(item.name, "")))
    return result


def _attribute_docstrings(cls: type) -> dict[str, str]:
    """Field name -> the string literal right below its declaration in the class body."""
    import ast
    import textwrap

    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):
        return {}
    tree = ast.parse(source)
    docs: dict[str, str] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        statements = node.body
        for current, following in itertools.pairwise(statements):
            if (
                isinstance(current, ast.AnnAssign)
                and isinstance(current.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                docs[current.target.id] = inspect.cleandoc(following.value.value)
    return docs
