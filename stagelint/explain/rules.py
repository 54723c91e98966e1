"""``stagelint explain`` for rules, ``stagelint rules`` and ``stagelint policies``.

A rule's documentation is its docstring (:mod:`stagelint.ruledocs`); this module adds what
the registry knows (default severity, plugin, options, the shipped policy packs that enable
it) and builds one :class:`~stagelint.explain.document.Document` that every output shares: the
terminal, ``--format markdown`` and the generated ``docs/rules/``.

It also decides what an ``explain`` argument names (:func:`resolve`): a rule code or name
first (case-insensitive), then a variable. Variables are UPPER_CASE, codes look like
``SL101``, names are kebab-case, so the forms rarely meet; when a word could be both, the
rule wins, and ``stagelint explain`` says so.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from stagelint.explain.document import (
    Bullets,
    Code,
    Document,
    Fields,
    Heading,
    Paragraph,
    Table,
    join_words,
    parse_markdown,
)
from stagelint.model.errors import UsageError
from stagelint.model.regex import lazy
from stagelint.policy.registry import Registry
from stagelint.policy.rule import CODE_PATTERN, DOC_SECTIONS, Rule
from stagelint.policy.ruledocs import OptionDoc, option_docs, rule_doc

VARIABLE_NAME = lazy(r"^[A-Z][A-Z0-9_]*$")
"""What an unknown variable must look like to be explained by inference."""


# --- Policies --------------------------------------------------------------------------


@dataclass(frozen=True)
class PolicyState:
    """How one policy pack configures one rule."""

    policy: str
    plugin: str
    enabled: bool
    severity: str | None
    """None when the pack turns the rule off."""
    options: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        if not self.enabled:
            return "off"
        if not self.options:
            return str(self.severity)
        shown = ", ".join(f"`{k}={_show(v)}`" for k, v in self.options.items())
        return f"{self.severity}, with {shown}"


@dataclass(frozen=True)
class PackInfo:
    name: str
    plugin: str
    description: str
    environment: str
    compare_with: str | None
    states: dict[str, PolicyState]
    """Rule code -> its state in this pack."""


def packs(registry: Registry, plugins: Iterable[str] | None = None) -> list[PackInfo]:
    """Every installed policy pack (or those of ``plugins``) and what it does to each rule.

    A rule is enabled when the pack's ``select`` matches it, its ``ignore`` does not, and
    its ``rules`` entry does not turn it off — the same steps as the engine's, without a
    project's settings."""
    from stagelint.policy.packs import load_policy

    wanted = set(plugins) if plugins is not None else None
    result = []
    for name, (_resource, plugin) in registry.policies.items():
        if wanted is not None and plugin not in wanted:
            continue
        policy = load_policy(name, registry)
        selected = registry.select(policy.select) - registry.select(policy.ignore)
        states = {}
        for code, rule in registry.rules.items():
            conf = policy.rule_config(code)
            enabled = code in selected and conf.enabled
            severity = (conf.severity or str(rule.default_severity)) if enabled else None
            states[code] = PolicyState(name, plugin, enabled, severity, dict(conf.options))
        result.append(
            PackInfo(
                name,
                plugin,
                " ".join(policy.description.split()),
                policy.environment,
                policy.compare_with,
                states,
            )
        )
    return result


# --- One rule ------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleInfo:
    """A rule's documentation plus what the registry and the packs say about it."""

    rule: type[Rule]
    summary: str
    sections: dict[str, str]
    options: list[OptionDoc]
    policies: list[PolicyState]

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def name(self) -> str:
        return self.rule.name

    @property
    def guide(self) -> str:
        return " ".join(self.sections.get("Guide", "").split())

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "aliases": list(self.rule.aliases),
            "summary": self.summary,
            "default_severity": str(self.rule.default_severity),
            "origin": self.rule.origin,
            "sections": dict(self.sections),
            "guide": self.guide,
            "options": [
                {
                    "name": o.name,
                    "type": o.type,
                    "default": _jsonable(o.default),
                    "description": o.description,
                }
                for o in self.options
            ],
            "policies": [
                {
                    "name": s.policy,
                    "plugin": s.plugin,
                    "enabled": s.enabled,
                    "severity": s.severity,
                    "options": _jsonable(s.options),
                }
                for s in self.policies
            ],
        }


def rule_info(rule: type[Rule], pack_infos: list[PackInfo]) -> RuleInfo:
    doc = rule_doc(rule)
    states = [pack.states[rule.code] for pack in pack_infos if rule.code in pack.states]
    return RuleInfo(rule, doc.summary, dict(doc.sections), option_docs(rule), states)


def rule_document(info: RuleInfo) -> Document:
    """The rule's page: summary, facts, the docstring's sections, options and policies."""
    rule = info.rule
    document = Document(f"{info.code} {info.name}")
    document.add(Paragraph(info.summary))
    facts = [("Default severity", str(rule.default_severity)), ("Plugin", rule.origin)]
    if rule.aliases:
        facts.append(("Also known as", ", ".join(f"`{a}`" for a in rule.aliases)))
    if info.policies:
        facts.append(
            ("Policies", "; ".join(f"`{s.policy}`: {s.describe()}" for s in info.policies))
        )
    document.add(Fields(tuple(facts)))
    order = [s for s in DOC_SECTIONS if s in info.sections]
    order += [s for s in info.sections if s not in DOC_SECTIONS]
    for heading in order:
        body = info.sections[heading].strip()
        if not body:
            continue
        document.add(Heading(heading))
        document.blocks.extend(parse_markdown(body))
    document.add(Heading("Options"))
    if info.options:
        document.add(Bullets(tuple(_option_line(o) for o in info.options)))
        example = info.options[0]
        document.add(
            Paragraph(f"Set options in a policy file that extends a pack ({_POLICY_HINT}):"),
            Code(
                f"name: my-staging\nextends: staging\nrules:\n  {info.code}:\n    options:\n"
                f"      {example.name}: {_yaml_scalar(example.default)}\n",
                "yaml",
                "policy.yaml",
            ),
        )
    else:
        document.add(Paragraph("This rule has no options."))
    document.add(Heading("Turning it off"))
    document.add(
        Paragraph(
            f'For the whole project, add `ignore = ["{info.code}"]` (or change its severity '
            f'with `severity = {{ {info.code} = "warning" }}`) in `[tool.stagelint]` of '
            f"`pyproject.toml` or in `stagelint.toml`. For one line of an env or TOML file, add "
            f"the comment `# stagelint: ignore[{info.code}] reason` on it or on the line above."
        )
    )
    return document


_POLICY_HINT = '`stagelint check --policy policy.yaml`, or `policy = "policy.yaml"` in settings'


def _option_line(option: OptionDoc) -> str:
    kind = f"{option.type}, " if option.type else ""
    text = f"`{option.name}` ({kind}default `{_show(option.default)}`)"
    description = " ".join(option.description.split())
    return f"{text}: {description}" if description else text


def _jsonable(value: Any) -> Any:
    """``value`` with tuples as lists and anything else JSON lacks as its ``repr``."""
    result: Any = json.loads(json.dumps(value, default=repr))
    return result


def _show(value: Any) -> str:
    return json.dumps(_jsonable(value), ensure_ascii=False)


def _yaml_scalar(value: Any) -> str:
    return _show(value)  # JSON is YAML: lists and strings read the same


# --- The rule table and the pack table -------------------------------------------------


def rule_infos(registry: Registry, plugins: Iterable[str] | None = None) -> list[RuleInfo]:
    """Every registered rule (or those of ``plugins``), in code order."""
    wanted = set(plugins) if plugins is not None else None
    pack_infos = packs(registry, wanted)
    return [
        rule_info(rule, pack_infos)
        for rule in registry.sorted_rules()
        if wanted is None or rule.origin in wanted
    ]


def enabling(info: RuleInfo) -> str:
    """The packs that enable a rule, with the severity when it differs from the default."""
    default = str(info.rule.default_severity)
    names = [
        s.policy if s.severity == default else f"{s.policy} ({s.severity})"
        for s in info.policies
        if s.enabled
    ]
    return ", ".join(names) or "none"


def rules_document(
    infos: list[RuleInfo], link: Callable[[RuleInfo], str] | None = None
) -> Document:
    """The rule table; ``link`` turns a code into a Markdown link (for the docs index)."""
    rows = tuple(
        (
            link(info) if link else info.code,
            info.name,
            str(info.rule.default_severity),
            info.summary,
            enabling(info),
        )
        for info in infos
    )
    document = Document("stagelint rules")
    document.add(
        Paragraph(
            f"{len(infos)} rules. `stagelint explain CODE` shows a rule's documentation: what "
            "it checks, why, an example, how to fix it and the guide section it enforces."
        ),
        Table(("code", "name", "severity", "summary", "policies"), rows),
    )
    return document


def rules_json(infos: list[RuleInfo]) -> list[dict[str, Any]]:
    return [info.to_json() for info in infos]


def policies_document(pack_infos: list[PackInfo]) -> Document:
    rows = tuple(
        (
            pack.name,
            pack.plugin,
            pack.environment,
            pack.compare_with or "nothing",
            pack.description,
        )
        for pack in pack_infos
    )
    document = Document("stagelint policies")
    document.add(
        Paragraph(
            "A policy pack says which environment is judged, which one it is compared with, "
            "which rules run and what each service's variables must hold. Choose one with "
            '`stagelint check --policy NAME` or `policy = "NAME"` in `[tool.stagelint]`.'
        ),
        Table(("policy", "plugin", "judges", "compares with", "description"), rows),
    )
    return document


def policies_json(pack_infos: list[PackInfo]) -> list[dict[str, Any]]:
    return [
        {
            "name": pack.name,
            "plugin": pack.plugin,
            "description": pack.description,
            "environment": pack.environment,
            "compare_with": pack.compare_with,
            "rules_enabled": sorted(c for c, s in pack.states.items() if s.enabled),
        }
        for pack in pack_infos
    ]


# --- What an argument names ------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """What ``stagelint explain ARG`` explains."""

    kind: Literal["rule", "variable"]
    rule: type[Rule] | None = None
    variable: str | None = None


def resolve(
    argument: str,
    registry: Registry,
    known_variables: Iterable[str],
    project_variables: Callable[[], Iterable[str]],
) -> Subject:
    """A rule (by code, name or alias, any case), else a variable: a catalogued one (any
    case), one this project sets (exact), or any UPPER_CASE name (explained by inference).

    Raises :class:`UsageError` with the closest codes, names and variables otherwise."""
    text = argument.strip()
    rule = registry.get(text)
    if rule is not None:
        return Subject("rule", rule=rule)
    known = list(known_variables)
    by_upper = {name.upper(): name for name in known}
    if CODE_PATTERN.match(text.upper()):
        raise UsageError(f"unknown rule {text!r}{_hint(text, registry, known)}")
    if text in by_upper.values():
        return Subject("variable", variable=text)
    if text.upper() in by_upper:
        return Subject("variable", variable=by_upper[text.upper()])
    if VARIABLE_NAME.match(text):
        return Subject("variable", variable=text)
    in_project = list(project_variables())
    if text in in_project:
        return Subject("variable", variable=text)
    raise UsageError(
        f"no rule or variable is named {text!r}{_hint(text, registry, [*known, *in_project])}"
    )


def suggestions(text: str, candidates: Iterable[str], count: int = 3) -> list[str]:
    """The closest candidates to ``text``, compared without case."""
    import difflib

    by_lower: dict[str, str] = {}
    for candidate in candidates:
        by_lower.setdefault(candidate.lower(), candidate)
    close = difflib.get_close_matches(text.lower(), list(by_lower), n=count, cutoff=0.6)
    return [by_lower[c] for c in close]


def _hint(text: str, registry: Registry, variables: Iterable[str]) -> str:
    candidates = [*registry.rules, *registry.names, *variables]
    close = suggestions(text, candidates)
    listing = "`stagelint rules` lists every rule"
    return f"; did you mean {join_words(close, 'or')}? {listing}" if close else f"; {listing}"
