"""``stagelint explain VARIABLE``: what a variable is for, and where this project sets it.

The catalogue (``policies/variables.yaml``) says what the variable is for; the project says
which services use it and where each environment sets it. Values are never shown: a
definition is described by its state — "set (64 characters)", "a placeholder", "empty", or
the *syntax* of a reference (``${{Neon.DATABASE_URL}}``), which names where the value lives
and is not itself secret. Only a reference's service and variable names are printed, never
a default or the literal text around it. Rule messages are not shown either (they may quote
short non-secret values); ``stagelint check`` prints them.

Which rules judge a variable comes from one explicit table (:data:`BY_KIND`,
:data:`BY_ROLE` and the flags in :func:`applicable_rules`), keyed on what the catalogue
says of the variable: kind, role, secret, generated, a client-exposed prefix, and the
policy's expectations. Rules have no "does this apply to X?" API, and running each rule on
a made-up value would guess as well; instead the table mirrors the rules' documented
triggers (RULES.md), and a test runs every rule's documented Example and checks that each
finding's variable is covered by the table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from stagelint.explain.document import Bullets, Document, Fields, Heading, Paragraph, join_words
from stagelint.explain.survey import Survey
from stagelint.model.deployment import EnvFile, Variable
from stagelint.model.regex import lazy
from stagelint.model.stack import holds_for
from stagelint.policy.catalogue import (
    GENERATED_SUFFIXES,
    SECRET_SUFFIXES,
    Catalogue,
    VariableInfo,
    is_client_exposed,
)
from stagelint.policy.expectations import expectations_of, matches_any

# --- Which rules judge a variable (the one table) --------------------------------------

EVERY_VARIABLE = ("SL004", "SL005", "SL006")
"""File-level rules: a duplicate key, dotenv syntax, a broken reference."""
SECRET_RULES = ("SL102", "SL104", "SL107", "SL108", "SL109")
GENERATED_RULES = ("SL101", "SL103")
CLIENT_EXPOSED_RULES = ("SL106",)
DRIFT_RULES = ("SL505",)
URL_KINDS = frozenset({"url", "postgres-url", "redis-url"})

BY_KIND: dict[str, tuple[str, ...]] = {
    "postgres-url": ("SL302", "SL304", "SL306", "SL307"),
    "redis-url": ("SL304", "SL305", "SL306", "SL308"),
    "url": ("SL306", "SL402", "SL406"),
    "origin-list": ("SL401", "SL402", "SL403", "SL406"),
}
BY_ROLE: dict[str, tuple[str, ...]] = {
    "app-database-url": ("SL301",),
    "direct-database-url": ("SL303",),
    "cors-origins": ("SL404",),
    "app-url": ("SL404", "SL405"),
    "payments-test-mode": ("SL201",),
    "payments-api-key": ("SL201",),
    "backend-store-id": ("SL202",),
    "frontend-store-id": ("SL202",),
    "sanity-dataset": ("SL203",),
    "sanity-project-id": ("SL204",),
    "sentry-environment": ("SL205",),
    "sentry-sample-rate": ("SL205",),
    "environment-name": ("SL501",),
    "debug-flag": ("SL502",),
}
EXEMPT_BY_ROLE: dict[str, tuple[str, ...]] = {
    "no-ssl-database-url": ("SL302",),  # Vercel's POSTGRES_URL_NO_SSL is meant to lack TLS
}

KIND_WORDS = {
    "string": "text",
    "secret": "a secret value",
    "url": "a URL",
    "postgres-url": "a Postgres connection URL",
    "redis-url": "a Redis connection URL",
    "origin-list": "a list of CORS origins",
    "bool": "true or false",
    "int": "a whole number",
    "float": "a number",
    "email": "an email address",
    "environment-name": "an environment name",
    "dataset": "a Sanity dataset name",
    "project-id": "a Sanity project ID",
    "store-id": "a Lemon Squeezy store ID",
    "sentry-dsn": "a Sentry DSN",
    "path": "a URL path",
    "host": "a host name or address",
    "version": "a version",
}
ROLE_WORDS = {
    "app-database-url": "The application's database URL",
    "direct-database-url": "A direct (migration) database URL",
    "cors-origins": "The backend's CORS origins",
    "app-url": "The frontend's public URL",
    "payments-test-mode": "Lemon Squeezy's test-mode switch",
    "payments-api-key": "The Lemon Squeezy API key",
    "backend-store-id": "The backend's Lemon Squeezy store",
    "frontend-store-id": "The frontend's Lemon Squeezy store",
    "sanity-dataset": "The Sanity dataset",
    "sanity-project-id": "The Sanity project",
    "sentry-environment": "The Sentry environment",
    "sentry-sample-rate": "A Sentry sample rate",
    "environment-name": "The environment's name",
    "debug-flag": "A debug switch",
}
PLATFORM_TITLES = {"railway": "Railway", "vercel": "Vercel", "sanity": "Sanity", "unknown": "-"}


@dataclass(frozen=True)
class Applies:
    """A rule that judges the variable, and why: what the variable is to that rule."""

    code: str
    because: str


@dataclass(frozen=True)
class Traits:
    """What stagelint believes a variable is, and where each belief comes from."""

    name: str
    info: VariableInfo | None
    kind: str | None
    kind_from_value: bool
    secret: bool
    secret_reason: str
    generated: bool
    public: bool
    client_exposed: bool
    environment_specific: bool


def traits(name: str, survey: Survey) -> Traits:
    catalogue = survey.catalogue
    info = catalogue.get(name)
    kind = catalogue.kind(name)
    from_value = False
    if kind is None:
        kind = _kind_from_values(name, survey)
        from_value = kind is not None
    secret = catalogue.is_secret(name)
    return Traits(
        name=name,
        info=info,
        kind=kind,
        kind_from_value=from_value,
        secret=secret,
        secret_reason=_secret_reason(name, info, secret, catalogue),
        generated=secret and catalogue.is_generated_secret(name),
        public=catalogue.is_public(name),
        client_exposed=is_client_exposed(name),
        environment_specific=matches_any(name, survey.policy.environment_specific),
    )


def _secret_reason(name: str, info: VariableInfo | None, secret: bool, catalogue: Catalogue) -> str:
    if info is not None:
        return "the catalogue says so"
    upper = name.upper()
    for suffix in sorted(SECRET_SUFFIXES, key=len, reverse=True):
        if upper == suffix or upper.endswith("_" + suffix):
            return f"its name ends in `{suffix}`"
    if secret:
        return "it matches a `secret-patterns` setting"
    return "its name does not say so"


_SCHEME = lazy(r"^\s*([A-Za-z][A-Za-z0-9+.-]*)://")


def _kind_from_values(name: str, survey: Survey) -> str | None:
    """The kind an uncatalogued variable's values show in a deployed environment."""
    for env_file in survey.project.env_files:
        var = env_file.get(name)
        kind = kind_of_value(var) if var is not None and not env_file.template else None
        if kind is not None:
            return kind
    return None


def kind_of_value(var: Variable) -> str | None:
    """``postgres-url``/``redis-url`` when a literal value has such a scheme: the data-store
    rules recognise uncatalogued variables by their value's scheme too."""
    if var.value is None or var.references:
        return None
    match = _SCHEME.match(var.value.reveal())  # the scheme only; never shown
    scheme = match.group(1).lower() if match else ""
    if scheme in ("postgres", "postgresql") or scheme.startswith("postgresql+"):
        return "postgres-url"
    if scheme in ("redis", "rediss"):
        return "redis-url"
    return None


def applicable_rules(found: Traits, survey: Survey, platforms: Iterable[str]) -> list[Applies]:
    """The rules that judge ``found``'s variable, each with the reason, in code order."""
    result: dict[str, str] = {}

    def add(codes: Iterable[str], because: str) -> None:
        for code in codes:
            result.setdefault(code, because)

    add(EVERY_VARIABLE, "Every line of an env file")
    if found.generated:
        add(GENERATED_RULES, "A secret the team generates")
    if found.secret:
        add(SECRET_RULES, "A secret")
        if found.kind not in URL_KINDS:
            add(("SL105",), "A secret")
    if found.client_exposed:
        add(CLIENT_EXPOSED_RULES, "A name whose prefix ships it to browsers")
    role = found.info.role if found.info is not None else None
    if role in BY_ROLE:
        add(BY_ROLE[role], ROLE_WORDS[role])
    if found.kind in BY_KIND:
        source = " (by its value)" if found.kind_from_value else ""
        words = KIND_WORDS[found.kind]
        add(BY_KIND[found.kind], f"{words[0].upper()}{words[1:]}{source}")
    for code in EXEMPT_BY_ROLE.get(role or "", ()):
        result.pop(code, None)
    policy = f"`{survey.policy.name}` policy"
    expectations = expectations_of(survey.policy)
    for expected in expectations.matching(found.name, platforms, survey.catalogue):
        where = f"{PLATFORM_TITLES.get(expected.platform, expected.platform)} services"
        if expected.expectation.required:
            add(("SL102", "SL503"), f"Required by the {policy} for {where}")
        elif expected.expectation.required_with:
            others = join_words([f"`{k}`" for k in expected.expectation.required_with], "or")
            add(("SL503",), f"Required by the {policy} for {where} that set {others}")
        if expected.expectation.checks_value:
            add(("SL504",), f"A value the {policy} checks for {where}")
    if not found.environment_specific:
        add(DRIFT_RULES, "A variable every environment and template should list")
    return [Applies(code, result[code]) for code in sorted(result) if code in survey.registry.rules]


# --- Where the project sets it ----------------------------------------------------------


@dataclass(frozen=True)
class ServiceUse:
    name: str
    platform: str
    directory: str
    reason: str


@dataclass(frozen=True)
class Definition:
    """One environment of one service: where the variable is set, and in what state."""

    service: str
    environment: str
    template: bool
    state: str
    """``set``, ``empty``, ``placeholder``, ``reference``, ``partial-reference``,
    ``malformed-reference``, ``no-value``, ``missing``, ``no-env-file``; for values the
    repository does not hold: ``preserved``, ``generated``, ``derived`` (``ctx.randomString``:
    computable from the repository, never computed here), ``in-platform`` (set on the
    platform) and ``not-checkable`` (computed by code stagelint does not run)."""
    path: str | None = None
    line: int | None = None
    length: int | None = None
    references: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    """For ``missing``: the files that do not set it."""

    def describe(self) -> str:
        """The state in words; never any part of the value."""
        refs = join_words([f"`{r}`" for r in self.references])
        if self.state == "set":
            return f"set ({self.length} characters)"
        if self.state == "reference":
            return f"reference to {refs}" if refs else "a reference (not shown)"
        if self.state == "partial-reference":
            refs = refs or "a reference (not shown)"
            return f"{self.length} characters built from {refs} and literal text"
        if self.state == "malformed-reference":
            return "a malformed reference (see `stagelint explain SL006`)"
        if self.state == "missing":
            files = join_words([f"`{f}`" for f in self.files])
            where = "the template" if self.template else self.environment
            verb = "does" if len(self.files) == 1 else "do"
            return f"missing in {where} ({files} {verb} not set it)"
        if self.state == "no-env-file":
            return (
                f"no {self.environment} env file for {self.service}: its value, if any, "
                "lives in the platform's dashboard"
            )
        if self.state == "generated":
            size = f" ({self.length} characters)" if self.length is not None else ""
            return f"generated by Railway{size}; its value is not in the repository"
        if self.state == "derived":
            size = f" ({self.length} characters)" if self.length is not None else ""
            return (
                f"computed from the repository by ctx.randomString{size}: anyone with the "
                "file can compute it (see `stagelint explain SL109`)"
            )
        return {
            "empty": "empty",
            "placeholder": "a placeholder (to be replaced with a real value)",
            "no-value": "declared without a value (`KEY` with no `=`)",
            "preserved": (
                "kept as set in Railway (`preserve()`); its value is not in the repository"
            ),
            "in-platform": "set on the platform; its value is not in the repository",
            "not-checkable": "computed by code stagelint does not run (not checkable)",
        }.get(self.state, self.state)

    def to_json(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "environment": self.environment,
            "template": self.template,
            "state": self.state,
            "description": self.describe(),
            "path": self.path,
            "line": self.line,
            "length": self.length,
            "references": list(self.references),
            "files": list(self.files),
        }


def describe_binding(
    var: Variable, service: str, environment: str, template: bool, path: str
) -> Definition:
    """A binding's state. The value is read here only to tell a placeholder from a real
    value; what is kept is its length."""
    from stagelint.model.deployment import reference_text, resolved
    from stagelint.model.values import is_placeholder

    def make(state: str, length: int | None = None, refs: tuple[str, ...] = ()) -> Definition:
        return Definition(
            service, environment, template, state, path, var.location.line, length, refs
        )

    if var.value is None:
        return make("no-value")
    opaque = next((r for r in var.references if r.kind in ("platform", "unknown")), None)
    if opaque is not None:
        origin = getattr(var, "origin", None)
        if opaque.kind == "unknown":
            return make("not-checkable")
        if origin in ("generated", "derived"):
            return make(origin, getattr(var, "generated_length", None))
        return make("preserved" if origin == "preserved" else "in-platform")
    references = [ref for ref in var.references if resolved(ref)]
    if any(ref.malformed for ref in references):
        return make("malformed-reference")
    if references:
        texts = tuple(t for t in (reference_text(r) for r in references) if t is not None)
        state = "reference" if var.is_reference else "partial-reference"
        return make(state, len(var.value), texts)
    text = var.value.reveal()
    if not text.strip():
        return make("empty")
    if is_placeholder(text):
        return make("placeholder")
    return make("set", len(text))


def service_uses(name: str, survey: Survey) -> list[ServiceUse]:
    """Services that set the variable in any env file, or whose platform the policy asks
    to set it (so that "missing" means something)."""
    project = survey.project
    expectations = expectations_of(survey.policy)
    result: list[ServiceUse] = []
    for service_name in _service_names(survey):
        service = project.services.get(service_name)
        platforms = _platforms(survey, service_name)
        files = [f for f in project.env_files if f.service == service_name]
        reason = ""
        if any(f.get(name) is not None for f in files):
            reason = "sets it"
        else:
            present = {key for f in files if not f.template for key in f.effective()}
            applies = partial(holds_for, project, service)
            required = expectations.required_names(platforms, present, survey.catalogue, applies)
            if name in required and any(not f.template for f in files):
                reason = f"the `{survey.policy.name}` policy requires it"
        if reason:
            platform = service.platform if service is not None else "unknown"
            directory = service.root if service is not None else "."
            result.append(ServiceUse(service_name, platform, directory, reason))
    return result


def _service_names(survey: Survey) -> list[str]:
    names = list(survey.project.services)
    for env_file in survey.project.env_files:
        if env_file.service not in names:
            names.append(env_file.service)
    return names


def _platforms(survey: Survey, service_name: str) -> tuple[str, ...]:
    service = survey.project.services.get(service_name)
    if service is None:
        return ()
    return tuple(p for p in (service.platform, *service.platforms) if p != "unknown")


def definitions(name: str, uses: list[ServiceUse], survey: Survey) -> list[Definition]:
    """Per service: the judged and compared environments always, other environments where
    the service has env files, then its templates."""
    policy = survey.policy
    result: list[Definition] = []
    for use in uses:
        files = sorted(
            (f for f in survey.project.env_files if f.service == use.name), key=lambda f: f.path
        )
        deployed = [f for f in files if not f.template]
        environments = [e for e in (policy.environment, policy.compare_with) if e]
        environments += sorted(
            {f.environment for f in deployed if f.environment} - set(environments)
        )
        for environment in environments:
            in_env = [f for f in deployed if f.environment == environment]
            result.extend(_in_files(name, use.name, environment, False, in_env))
        templates = [f for f in files if f.template]
        if templates:
            result.extend(_in_files(name, use.name, "template", True, templates))
    return result


def _in_files(
    name: str, service: str, environment: str, template: bool, files: list[EnvFile]
) -> Iterator[Definition]:
    found = False
    for env_file in files:
        var = env_file.get(name)
        if var is not None:
            found = True
            yield describe_binding(var, service, environment, template, env_file.path)
    if found:
        return
    if files:
        yield Definition(
            service, environment, template, "missing", files=tuple(f.path for f in files)
        )
    else:
        yield Definition(service, environment, template, "no-env-file")


# --- The explanation --------------------------------------------------------------------


@dataclass
class VariableExplanation:
    name: str
    traits: Traits
    uses: list[ServiceUse]
    definitions: list[Definition]
    rules: list[Applies]
    severities: dict[str, str]
    policy_name: str
    findings: list[dict[str, Any]] = field(default_factory=list)
    did_you_mean: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        t = self.traits
        info = t.info
        return {
            "explains": "variable",
            "name": self.name,
            "known": info is not None,
            "purpose": info.purpose if info else None,
            "canonical_name": info.name if info else None,
            "aliases": list(info.aliases) if info else [],
            "kind": t.kind,
            "kind_from_value": t.kind_from_value,
            "role": info.role if info else None,
            "platforms": list(info.platforms) if info else [],
            "secret": t.secret,
            "secret_reason": t.secret_reason,
            "generated": t.generated,
            "public": t.public,
            "client_exposed": t.client_exposed,
            "environment_specific": t.environment_specific,
            "guide": info.guide if info else None,
            "policy": self.policy_name,
            "services": [
                {
                    "name": u.name,
                    "platform": u.platform,
                    "directory": u.directory,
                    "reason": u.reason,
                }
                for u in self.uses
            ],
            "definitions": [d.to_json() for d in self.definitions],
            "rules": [
                {
                    "code": a.code,
                    "because": a.because,
                    "severity": self.severities.get(a.code),
                }
                for a in self.rules
            ],
            "findings": self.findings,
            "did_you_mean": self.did_you_mean,
        }


def explain_variable(name: str, survey: Survey) -> VariableExplanation:
    found = traits(name, survey)
    uses = service_uses(name, survey)
    platforms: list[str] = []
    for use in uses:
        platforms.extend(p for p in _platforms(survey, use.name) if p not in platforms)
    if not platforms and found.info is not None:
        platforms = list(found.info.platforms)
    severities = {code: str(sev) for code, sev in survey.severities.items()}
    findings = [
        {
            "code": d.code,
            "rule": d.rule,
            "severity": str(d.severity),
            "path": d.location.path,
            "line": d.location.line,
            "column": d.location.column,
            "environment": d.environment,
            "service": d.service,
        }
        for d in survey.diagnostics
        if d.variable == name
    ]
    close: list[str] = []
    if found.info is None:
        from stagelint.explain.rules import suggestions

        keys = {k for f in survey.project.env_files for k in f.effective()}
        candidates = [*survey.catalogue.entries, *keys]
        close = [c for c in suggestions(name, candidates) if c != name]
    return VariableExplanation(
        name=name,
        traits=found,
        uses=uses,
        definitions=definitions(name, uses, survey),
        rules=applicable_rules(found, survey, platforms),
        severities=severities,
        policy_name=survey.policy.name,
        findings=findings,
        did_you_mean=close,
    )


def variable_document(explanation: VariableExplanation, survey: Survey) -> Document:
    t = explanation.traits
    info = t.info
    document = Document(explanation.name)
    if info is not None:
        purpose = info.purpose
        if info.name and info.name != explanation.name:
            purpose = f"Another name for `{info.name}`. {purpose}"
        document.add(Paragraph(purpose))
    else:
        document.add(Paragraph(_inference(t)))
        if explanation.did_you_mean:
            names = join_words([f"`{n}`" for n in explanation.did_you_mean], "or")
            document.add(Paragraph(f"Did you mean {names}?"))
    facts: list[tuple[str, str]] = []
    if t.kind is not None:
        source = " (from its value)" if t.kind_from_value else ""
        facts.append(("Kind", f"{KIND_WORDS.get(t.kind, t.kind)}{source}"))
    facts.append(("Secret", _secret_words(t)))
    if t.client_exposed:
        facts.append(
            (
                "Browsers",
                "in a Vercel frontend or a Sanity Studio its value is bundled into the "
                "JavaScript every visitor downloads",
            )
        )
    if info is not None and info.platforms:
        facts.append(("Platforms", ", ".join(PLATFORM_TITLES[p] for p in info.platforms)))
    if explanation.uses:
        facts.append(
            (
                "Used here by",
                "; ".join(
                    f"{u.name} ({PLATFORM_TITLES.get(u.platform, u.platform)}, `{u.directory}/`)"
                    if u.directory != "."
                    else f"{u.name} ({PLATFORM_TITLES.get(u.platform, u.platform)})"
                    for u in explanation.uses
                ),
            )
        )
    else:
        facts.append(("Used here by", "no service of this project"))
    if info is not None and info.guide:
        facts.append(("Guide", info.guide))
    if info is not None and info.aliases:
        facts.append(("Also known as", ", ".join(f"`{a}`" for a in info.aliases)))
    if t.environment_specific:
        facts.append(("Environment-specific", "yes: the policy expects it in one environment only"))
    document.add(Fields(tuple(facts)))

    document.add(Heading("Where this project sets it"))
    if explanation.definitions:
        document.add(Bullets(tuple(_definition_line(d) for d in explanation.definitions)))
        document.add(
            Paragraph(
                f"`{survey.policy.name}` judges {survey.policy.environment}"
                + (
                    f" and compares it with {survey.policy.compare_with}."
                    if survey.policy.compare_with
                    else "."
                )
                + " Values are never shown."
            )
        )
    else:
        document.add(Paragraph("No env file of this project sets it."))

    document.add(Heading("Rules that judge it"))
    groups: dict[str, list[str]] = {}
    for applies in explanation.rules:
        rule = survey.registry.rules[applies.code]
        severity = explanation.severities.get(applies.code, "off here")
        groups.setdefault(applies.because, []).append(f"`{applies.code}` {rule.name} ({severity})")
    document.add(
        Bullets(tuple(f"**{because}:** {', '.join(rules)}" for because, rules in groups.items())),
        Paragraph("`stagelint explain CODE` explains each rule."),
    )
    document.add(Heading("Findings"))
    if explanation.findings:
        document.add(
            Bullets(
                tuple(
                    f"`{f['code']}` {f['rule']} ({f['severity']}) at `{f['path']}:{f['line']}`"
                    for f in explanation.findings
                )
            ),
            Paragraph("`stagelint check` prints the messages."),
        )
    else:
        document.add(Paragraph(f"None: no rule reports `{explanation.name}` in this project."))
    return document


def _definition_line(definition: Definition) -> str:
    label = "template" if definition.template else definition.environment
    where = f"`{definition.path}:{definition.line}`: " if definition.path else ""
    return f"**{label}**, {definition.service}: {where}{definition.describe()}"


def _secret_words(t: Traits) -> str:
    if t.public:
        return "no: public by design (it may ship to browsers)"
    if not t.secret:
        return "no" if t.info is not None else "no (its name does not say so)"
    how = "" if t.info is not None else f" ({t.secret_reason})"
    if t.generated:
        made = "the team generates it: 32+ random characters, e.g. `openssl rand -base64 48`"
    elif t.kind in URL_KINDS:
        made = "the password inside the URL is the secret part"
    else:
        made = "a vendor issues it, with the vendor's length"
    return f"yes{how}: never share, print, commit or ship it to browsers; {made}"


def _inference(t: Traits) -> str:
    parts = [
        f"`{t.name}` is not in stagelint's variable catalogue, so stagelint infers what it can."
    ]
    if t.secret:
        kind = "a secret the team generates" if t.generated else "a secret"
        parts.append(f"It treats it as {kind}: {t.secret_reason}.")
        if not t.generated:
            endings = join_words([f"`_{s}`" for s in GENERATED_SUFFIXES], "or")
            parts.append(f"Only names ending in {endings} count as generated secrets.")
    else:
        parts.append("Its name does not mark it as a secret.")
    if t.kind_from_value:
        parts.append(f"Its value looks like {KIND_WORDS[t.kind or 'string']}.")
    return " ".join(parts)
