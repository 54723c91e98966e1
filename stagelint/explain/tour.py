"""``stagelint explain`` without an argument: a tour of this repository's staging setup.

Written for someone who has never read the staging guide: what stagelint found (services,
environments, the files feeding each), stagelint's checklist (the guide's policies it
checks) with each item marked passing, failing (codes and counts), not checkable (and why)
or not applicable, and the next three things to fix.

The tour runs the same pipeline as ``stagelint check`` (:mod:`stagelint.explain.survey`): an item
fails exactly when ``check`` reports one of its rules. "Not checkable" is decided per item
from the model (:class:`Scope`): a rule that finds nothing because there was nothing to
judge (no Railway config, a value that is a Railway reference, no production file to
compare with) must not read as "passing". Diagnostic messages are not repeated (they may
quote short non-secret values; ``stagelint check`` prints them): the tour names the rule,
the file and line, and the variable.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from stagelint.explain.document import (
    Bullets,
    Check,
    Checklist,
    Document,
    Fields,
    Figure,
    Heading,
    Paragraph,
    Status,
    Table,
    compact_codes,
    join_words,
)
from stagelint.explain.survey import Survey
from stagelint.model.deployment import EnvFile, RailwayConfig, Variable
from stagelint.model.diagnostics import Diagnostic, Severity

PLATFORM_TITLES = {"railway": "Railway", "vercel": "Vercel", "sanity": "Sanity", "unknown": "-"}
ENV_FILE_NAMES = {
    "staging": ("`.env.staging`", "`.env.preview`"),
    "production": ("`.env.production`", "`.env.prod`"),
    "development": ("`.env`", "`.env.local`", "`.env.development`"),
}


@dataclass(frozen=True)
class Scope:
    """Whether an item had anything to judge: ``reason`` says why not and ``fix`` what would
    make it checkable; ``absent`` when the project has nothing the item is about (no Railway
    service, no payments): then it does not apply. ``note`` qualifies a verdict (a part that
    could not be checked)."""

    reason: str | None = None
    note: str | None = None
    fix: str | None = None
    absent: bool = False


@dataclass(frozen=True)
class Item:
    """One entry of stagelint's checklist (the staging guide's policies it checks)."""

    key: str
    title: str
    why: str
    codes: tuple[str, ...]
    guide: str
    scope: Callable[[Facts], Scope]


# --- What the model holds, for deciding "not checkable" ---------------------------------


class Facts:
    """Questions the checklist asks of the surveyed project."""

    def __init__(self, survey: Survey) -> None:
        self.survey = survey
        self.project = survey.project
        self.catalogue = survey.catalogue
        self.environment = survey.policy.environment
        self.compare_with = survey.policy.compare_with
        self.judged = self.project.env_files_for(self.environment)
        self.compared = self.project.env_files_for(self.compare_with) if self.compare_with else []
        self.bindings = [(f, v) for f in self.judged for v in f.effective().values()]

    def railway(self) -> list[RailwayConfig]:
        """Railway settings: each ``railway.json``/``.toml`` and each service of
        ``.railway/railway.ts`` that exists in the judged environment."""
        found = [s.railway for s in self.project.services.values() if s.railway is not None]
        found += [
            s.iac
            for s in self.project.services.values()
            if s.iac is not None and self.environment in s.iac.environment_names
        ]
        return found

    def no_env_file(self) -> Scope:
        names = ENV_FILE_NAMES.get(self.environment, (f"`.env.{self.environment}`",))
        return Scope(
            f"no {self.environment} env file (stagelint looked for {join_words(names, 'or')})",
            fix=f"pass the platform's {self.environment} values with `--env-file` (pulled in "
            f"CI), or mirror them in an untracked {names[0]} beside each service (see Where "
            "values live)",
        )

    def anywhere(self, wanted: Callable[[str], bool]) -> bool:
        """Whether any env file (templates and every environment included) names a wanted
        key: if none does, the project does not use what an item is about."""
        return any(wanted(v.key) for f in self.project.env_files for v in f.variables)

    def values(self, wanted: Callable[[str], bool], what: str) -> Scope:
        """Checkable when a judged file sets a wanted key to a literal; otherwise why not,
        and what would make it checkable."""
        from stagelint.explain.variable import describe_binding

        if not self.anywhere(wanted):
            return Scope(f"no env file names {what}", absent=True)
        if not self.judged:
            return self.no_env_file()
        found = [(f, v) for f, v in self.bindings if wanted(v.key)]
        mirror = f"an untracked {self.environment} env file (see Where values live)"
        if not found:
            return Scope(
                f"no {self.environment} env file sets {what}",
                fix=f"set its {self.environment} value in {mirror}",
            )
        states = [
            (f, v, describe_binding(v, f.service, self.environment, False, f.path))
            for f, v in found
        ]
        if any(d.state in ("set", "partial-reference") for _, _, d in states):
            return Scope()
        env_file, var, definition = states[0]
        more = f" (and {len(states) - 1} more like it)" if len(states) > 1 else ""
        where = f"`{var.key}` in `{env_file.path}`"
        if definition.state in (
            "preserved",
            "generated",
            "derived",
            "in-platform",
            "not-checkable",
        ):
            return Scope(f"{where} is {definition.describe()}{more}")
        if definition.state == "reference":
            ref = join_words([f"`{r}`" for r in definition.references]) or "another variable"
            railway = "{{" in ref
            home = "Railway" if railway else "the platform"
            service, environment = env_file.service, self.environment
            pull = (
                f"pull it with `railway variables --service {service} --environment "
                f"{environment} --json > {service}.json` and pass `--env-file "
                f"{service}:{environment}={service}.json`"
                if railway
                else "pull it with the platform's CLI and pass the file with `--env-file`"
            )
            return Scope(
                f"{where} is a reference to {ref}{more}: its value lives in {home}, "
                "not in this repository",
                fix=f"give stagelint the resolved value: {pull}; or copy it into {mirror}",
            )
        return Scope(
            f"{where} holds {definition.describe()}{more}, nothing to judge yet",
            fix=f"put the real value in {mirror}",
        )

    def kind(self, var: Variable) -> str | None:
        from stagelint.explain.variable import kind_of_value

        return self.catalogue.kind(var.key) or kind_of_value(var)

    def keys_of_kind(self, *kinds: str) -> set[str]:
        """Keys of any env file whose kind (catalogue, else value) is one of ``kinds``."""
        return {v.key for f in self.project.env_files for v in f.variables if self.kind(v) in kinds}

    def with_roles(self, *roles: str) -> set[str]:
        return {name for role in roles for name in self.catalogue.with_role(role)}

    def in_git(self) -> bool:
        root = self.project.root
        return any((directory / ".git").exists() for directory in (root, *root.parents))

    def fingerprints(self) -> bool:
        settings = self.survey.settings
        if settings.fingerprints:
            return (self.project.root / settings.fingerprints).is_file()
        name = f".stagelint/{self.compare_with or 'production'}.fingerprints"
        return (self.project.root / name).is_file()


def _files(facts: Facts) -> Scope:
    if next(iter(facts.project.files()), None) is None:
        return Scope("no config or env files were found", absent=True)
    return Scope()


def _railway(facts: Facts) -> Scope:
    if not facts.railway():
        return Scope(
            "no Railway service: no `.railway/railway.ts`, `railway.json` or `railway.toml` "
            "was found",
            absent=True,
        )
    return Scope()


def _healthcheck(facts: Facts) -> Scope:
    scope = _railway(facts)
    if scope.reason:
        return scope
    env = facts.environment
    for config in facts.railway():
        if config.deploy_setting("healthcheckPath", env) or config.deploy_setting(
            "startCommand", env
        ):
            return Scope()
    return Scope(
        "the Railway config sets neither `healthcheckPath` nor `startCommand`, so stagelint "
        "cannot tell whether the service serves web requests",
        fix="set `healthcheckPath` (a web service) or `startCommand` in the Railway config",
    )


def _start_command(facts: Facts) -> Scope:
    scope = _railway(facts)
    if scope.reason:
        return scope
    if any(c.deploy_setting("startCommand", facts.environment) for c in facts.railway()):
        return Scope()
    return Scope(
        "no `startCommand` in the Railway config: Railway uses the builder's default, "
        "which stagelint cannot see",
        fix="write the start command in the Railway config",
    )


def _identity(facts: Facts) -> Scope:
    keys = facts.with_roles("environment-name", "debug-flag")
    return facts.values(keys.__contains__, "`PYTHON_ENV`, `DEBUG` or a similar variable")


def _variables(facts: Facts) -> Scope:
    return facts.no_env_file() if not facts.judged else Scope()


def _postgres(facts: Facts) -> Scope:
    return facts.values(facts.keys_of_kind("postgres-url").__contains__, "a Postgres URL")


def _redis(facts: Facts) -> Scope:
    return facts.values(facts.keys_of_kind("redis-url").__contains__, "a Redis URL")


def _generated(facts: Facts) -> Scope:
    return facts.values(
        lambda key: facts.catalogue.is_secret(key) and facts.catalogue.is_generated_secret(key),
        "a generated secret (`JWT_SECRET_KEY`, `SESSION_SECRET`, ...)",
    )


def _secrets(facts: Facts) -> Scope:
    return facts.values(facts.catalogue.is_secret, "a secret")


def _cors(facts: Facts) -> Scope:
    return facts.values(facts.with_roles("cors-origins").__contains__, "`CORS_ORIGINS`")


def _payments(facts: Facts) -> Scope:
    keys = facts.with_roles(
        "payments-api-key", "payments-test-mode", "backend-store-id", "frontend-store-id"
    )
    return facts.values(keys.__contains__, "a Lemon Squeezy variable (`LEMON_SQUEEZY_API_KEY`)")


def _sanity(facts: Facts) -> Scope:
    if any(s.sanity for s in facts.project.services.values()):
        return Scope()
    keys = facts.with_roles("sanity-dataset", "sanity-project-id")
    scope = facts.values(keys.__contains__, "a Sanity dataset or project ID")
    if scope.reason:
        return Scope(
            f"no Sanity config (`sanity.config.ts`, `sanity.cli.ts`) and {scope.reason}",
            fix=scope.fix,
            absent=scope.absent,
        )
    return scope


def _sanity_cli(facts: Facts) -> Scope:
    configs = [c for s in facts.project.services.values() for c in s.sanity]
    if not configs:
        return Scope(
            "no Sanity Studio (`sanity.config.ts`, `sanity.cli.ts`) was found", absent=True
        )
    if any(config.kind == "cli" for config in configs):
        return Scope()
    return Scope(
        "the Studio has no Sanity CLI config (`sanity.cli.ts`)",
        fix="add the `sanity.cli.ts` that `sanity deploy` reads",
    )


def _sentry(facts: Facts) -> Scope:
    keys = facts.with_roles("sentry-environment", "sentry-sample-rate")
    return facts.values(keys.__contains__, "`SENTRY_ENVIRONMENT` or a Sentry sample rate")


def _vercel(facts: Facts) -> Scope:
    services = [s for s in facts.project.services.values() if "vercel" in s.platforms]
    configs = [c for s in services for c in s.vercel_configs()]
    if any(isinstance(c.data, dict) for c in configs):
        partial = [c for c in configs if isinstance(c.data, dict) and c.not_checkable]
        if not partial:
            return Scope()
        count = sum(len(c.not_checkable) for c in partial)
        what = "a value" if count == 1 else f"{count} values"
        return Scope(
            note=f"{what} of `{partial[0].path}` computed by code stagelint does not run "
            "(not checked)"
        )
    if configs:
        found = next((c for c in configs if c.not_checkable), None)
        if found is not None:
            _, reason = found.not_checkable[0]
            return Scope(f"`{found.path}` is computed by code stagelint does not run ({reason})")
        return Scope(f"`{configs[0].path}` could not be read")
    if services:
        return Scope(
            "no Vercel config (`vercel.json`, `vercel.toml`, `vercel.ts`): Vercel's defaults apply",
            absent=True,
        )
    return Scope(
        "no Vercel service: no `vercel.json`, `vercel.toml`, `vercel.ts` or `next.config.*` "
        "was found",
        absent=True,
    )


def _urls(facts: Facts) -> Scope:
    keys = facts.keys_of_kind("url", "origin-list")
    return facts.values(keys.__contains__, "a public URL or a CORS origin")


def _public(facts: Facts) -> Scope:
    from stagelint.policy.catalogue import is_client_exposed

    client = [
        s.name
        for s in facts.project.services.values()
        if "vercel" in s.platforms or "sanity" in s.platforms
    ]
    if not client:
        return Scope("no frontend or Studio (a Vercel or Sanity service) was found", absent=True)
    if not any(f.service in client for f in facts.judged):
        scope = facts.no_env_file()
        return Scope(
            f"no {facts.environment} env file for the frontend or the Studio", fix=scope.fix
        )
    keys = {v.key for f, v in facts.bindings if f.service in client and is_client_exposed(v.key)}
    return facts.values(keys.__contains__, "a `NEXT_PUBLIC_` or `SANITY_STUDIO_` variable")


def _shared(facts: Facts) -> Scope:
    scope = _secrets(facts)
    if scope.reason or facts.compared or facts.fingerprints():
        return scope
    return Scope(
        note=f"SL104 compared nothing: no {facts.compare_with} env file and no fingerprint "
        "file (`stagelint fingerprint`) to compare with"
    )


def _resources(facts: Facts) -> Scope:
    kinds = ("postgres-url", "redis-url")
    urls = [v for _, v in facts.bindings if facts.kind(v) in kinds]
    if urls and all(_own_resource(facts, v) for v in urls):
        return Scope()  # each Railway environment has its own instance of these
    scope = facts.values(
        {v.key for _, v in facts.bindings if facts.kind(v) in kinds}.__contains__,
        "a Postgres or Redis URL",
    )
    if scope.reason:
        return scope
    compared = [
        v
        for f in facts.compared
        for v in f.effective().values()
        if facts.kind(v) in kinds and v.value is not None and not v.references
    ]
    if not compared:
        other = facts.compare_with or "production"
        return Scope(
            f"no {other} env file sets a Postgres or Redis URL to compare with",
            fix=f"keep an untracked {other} mirror too (fingerprints hold secrets' hashes, "
            "not hosts)",
        )
    return Scope()


def _own_resource(facts: Facts, var: Variable) -> bool:
    """A reference of ``.railway/railway.ts`` to a database the file declares: Railway gives
    every environment its own instance of it."""
    from stagelint.model.deployment import IacVariable

    if not isinstance(var, IacVariable) or var.origin != "reference" or var.reason:
        return False
    databases = {
        r.name
        for iac_file in facts.project.iac_files
        for env in iac_file.environments.values()
        for r in env.resources
        if r.kind == "database"
    }
    return all(ref.service in databases for ref in var.references)


def _committed(facts: Facts) -> Scope:
    has_configs = any(True for s in facts.project.services.values() for _ in s.config_files())
    has_secrets = any(
        facts.catalogue.is_secret(v.key)
        for f in facts.project.env_files
        if not f.template
        for v in f.variables
    )
    if not has_configs and not has_secrets:
        return Scope("no env file holds a secret and there is no platform config", absent=True)
    if not facts.in_git():
        return Scope(note="not inside a git repository: SL107 could not ask git what is committed")
    return Scope()


def _drift(facts: Facts) -> Scope:
    for service in {f.service for f in facts.project.env_files}:
        kinds = {
            "template" if f.template else f.environment
            for f in facts.project.env_files
            if f.service == service
        }
        if len(kinds & {facts.environment, facts.compare_with, "template"}) >= 2:
            return Scope()
    return Scope(
        f"no service has env files for two of {facts.environment}, "
        f"{facts.compare_with or 'production'} and a template to compare",
        fix="commit a `.env.example` template beside each service, listing every variable "
        "with placeholders",
    )


ITEMS: tuple[Item, ...] = (
    Item(
        "files",
        "Config and env files are well-formed",
        "A file that does not parse, a duplicate key or a broken reference means the "
        "platform reads something other than what you see.",
        ("SL001", "SL002", "SL003", "SL004", "SL005", "SL006", "SL007"),
        "Troubleshooting → Environment Variables Not Loading",
        _files,
    ),
    Item(
        "healthcheck",
        "Railway checks the backend's health before switching traffic",
        "Without a healthcheck, a deploy that crashes on start replaces the working one.",
        ("SL601",),
        "Railway Step 3",
        _healthcheck,
    ),
    Item(
        "start-command",
        "The backend listens on 0.0.0.0 and Railway's `$PORT`",
        "Railway routes traffic only to that address and port.",
        ("SL602",),
        "Railway Step 3",
        _start_command,
    ),
    Item(
        "restart-policy",
        "Railway restarts the backend when it crashes",
        "A restart policy of NEVER leaves staging down after one crash.",
        ("SL603",),
        "Railway Step 3",
        _railway,
    ),
    Item(
        "builder",
        "Railway builds with a supported builder",
        "Deprecated builders (Nixpacks) stop receiving fixes.",
        ("SL606",),
        "Railway Step 3",
        _railway,
    ),
    Item(
        "railway-iac",
        "Railway applies the settings in the repository",
        "Railway stopped reading `railway.json`/`railway.toml` on 2026-12-01: settings still "
        "there are not in effect; `.railway/railway.ts` replaces them.",
        ("SL607", "SL610", "SL611"),
        "Railway Step 3",
        _railway,
    ),
    Item(
        "environment-identity",
        "Staging says it is staging, with debug mode off",
        "An app that believes it is in production or in debug mode behaves differently "
        "from what you test, or leaks tracebacks.",
        ("SL501", "SL502"),
        "Railway Step 4 → Application",
        _identity,
    ),
    Item(
        "variables",
        "Required variables are set and hold valid values",
        "A missing or malformed variable breaks the deploy or silently changes behaviour.",
        ("SL503", "SL504", "SL306"),
        "Railway Step 4 and Vercel Step 4",
        _variables,
    ),
    Item(
        "postgres",
        "The app reaches Postgres through Neon's pooler, over TLS",
        "Direct connections run out under load; without TLS passwords cross the network "
        "in clear text.",
        ("SL301", "SL302", "SL303", "SL307"),
        "Neon Steps 3 and 4",
        _postgres,
    ),
    Item(
        "redis",
        "Hosted Redis is reached over TLS",
        "Upstash refuses anything but `rediss://`; other hosted Redis servers send passwords "
        "in clear text without it.",
        ("SL305", "SL308"),
        "Redis Staging Setup",
        _redis,
    ),
    Item(
        "secret-strength",
        "Generated secrets are long and random",
        "A short or guessable secret lets anyone forge sessions and tokens.",
        ("SL101", "SL103"),
        "Railway Step 4 → Security",
        _generated,
    ),
    Item(
        "placeholders",
        "No secret still holds a placeholder",
        "A placeholder such as `<generate-strong-staging-secret-32chars+>` is a secret "
        "everyone knows.",
        ("SL102",),
        "Railway Step 4 → Security",
        _secrets,
    ),
    Item(
        "cors",
        "CORS lets exactly the staging frontend call the API",
        "A wildcard lets any website call the API with the user's cookies; a typo blocks "
        "the frontend.",
        ("SL401", "SL403", "SL404"),
        "Railway Step 4 → CORS; Troubleshooting → CORS Errors",
        _cors,
    ),
    Item(
        "payments",
        "Payments run in Lemon Squeezy's test mode",
        "In live mode a staging checkout charges real cards.",
        ("SL201", "SL202"),
        "Lemon Squeezy Staging Setup → Step 1",
        _payments,
    ),
    Item(
        "sanity",
        "Staging reads the staging Sanity dataset",
        "Editing the production dataset from staging changes the live site.",
        ("SL203", "SL204"),
        "Sanity CMS Staging Setup",
        _sanity,
    ),
    Item(
        "sanity-cli",
        "The Studio deploys with Sanity's current options",
        "Sanity moved `studioHost` and `autoUpdates` under `deployment`; a later CLI stops "
        "reading the old keys.",
        ("SL609",),
        "Sanity CMS Staging Setup",
        _sanity_cli,
    ),
    Item(
        "sentry",
        "Sentry files staging errors under staging",
        "Otherwise staging errors page the team as production incidents.",
        ("SL205",),
        "Railway Step 4 → Sentry",
        _sentry,
    ),
    Item(
        "vercel",
        "One Vercel config per frontend, within Vercel's limits",
        "Vercel refuses to build a folder with two config files, and rejects a deploy whose "
        "memory, duration or region it does not offer.",
        ("SL604", "SL605", "SL608"),
        "Vercel Step 3",
        _vercel,
    ),
    Item(
        "urls",
        "Public URLs use HTTPS and point at staging, not production",
        "A staging page that calls production's API or webhooks touches real data.",
        ("SL402", "SL405", "SL406"),
        "Vercel Step 4; Staging URLs Reference",
        _urls,
    ),
    Item(
        "public-secrets",
        "No secret is shipped to browsers",
        "Everything under `NEXT_PUBLIC_` or `SANITY_STUDIO_` is readable by every visitor.",
        ("SL106",),
        "Security Considerations → Secrets Management",
        _public,
    ),
    Item(
        "shared-secrets",
        "Staging secrets are its own: not production's, not reused",
        "A leak from staging, which more people can reach, must not open production.",
        ("SL104", "SL105"),
        "Security Considerations → Secrets Management",
        _shared,
    ),
    Item(
        "separate-resources",
        "Staging has its own database and Redis",
        "Tests against production's database change real customers' data.",
        ("SL304",),
        "Security Considerations → Data Protection",
        _resources,
    ),
    Item(
        "committed-secrets",
        "Secrets stay out of git and out of platform configs",
        "Whatever is committed is readable by everyone with the repository, forever.",
        ("SL107", "SL108", "SL109"),
        "Security Considerations → Secrets Management",
        _committed,
    ),
    Item(
        "drift",
        "Staging, production and the templates list the same variables",
        "Staging is only a rehearsal of production when it is configured the same way.",
        ("SL505",),
        "Overview: staging mirrors production's configuration",
        _drift,
    ),
)


# --- Results ------------------------------------------------------------------------------


@dataclass
class ItemResult:
    item: Item
    status: Status
    diagnostics: list[Diagnostic] = field(default_factory=list)
    reason: str | None = None
    note: str | None = None
    off: tuple[str, ...] = ()
    fix: str | None = None
    """What would make a not-checkable item checkable."""

    @property
    def severity(self) -> Severity | None:
        return max((d.severity for d in self.diagnostics), default=None)

    def counts(self) -> dict[str, int]:
        """Code -> number of findings, in code order."""
        result: dict[str, int] = {}
        for diag in sorted(self.diagnostics, key=lambda d: d.code):
            result[diag.code] = result.get(diag.code, 0) + 1
        return result

    @property
    def first(self) -> Diagnostic:
        """The first of the most severe findings (in file order)."""
        top = max(d.severity for d in self.diagnostics)
        return next(d for d in self.diagnostics if d.severity == top)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.item.key,
            "title": self.item.title,
            "status": self.status,
            "codes": list(self.item.codes),
            "counts": self.counts(),
            "severity": str(self.severity) if self.severity else None,
            "reason": self.reason,
            "fix": self.fix,
            "note": self.note,
            "off": list(self.off),
            "guide": self.item.guide,
            "locations": [
                {
                    "code": d.code,
                    "path": d.location.path,
                    "line": d.location.line,
                    "variable": d.variable,
                }
                for d in self.diagnostics
            ],
        }


def _other_rules_item(codes: Iterable[str]) -> Item:
    return Item(
        "other",
        "Other rules (from plugins)",
        "Rules that are not part of stagelint's checklist.",
        tuple(sorted(codes)),
        "",
        lambda facts: Scope(),
    )


def checklist(survey: Survey) -> list[ItemResult]:
    """Every item's verdict: failing when ``check`` reports one of its rules, otherwise not
    checkable when its scope says so, otherwise passing."""
    facts = Facts(survey)
    active = survey.severities
    items = list(ITEMS)
    covered = {code for item in items for code in item.codes}
    others = {d.code for d in survey.diagnostics} - covered
    if others:
        items.append(_other_rules_item(others))
    per_file = survey.settings.per_file_ignores

    def ignored(item: Item) -> str | None:
        """Which ``per-file-ignores`` silence the item's rules: a pass may hide findings."""
        globs = [
            glob
            for glob, selectors in per_file.items()
            if survey.registry.select(selectors) & set(item.codes)
        ]
        if not globs:
            return None
        listed = join_words([f"`{g}`" for g in globs])
        return f"the settings' `per-file-ignores` silence it in {listed}"

    results = []
    for item in items:
        diagnostics = [d for d in survey.diagnostics if d.code in item.codes]
        off = tuple(c for c in item.codes if c not in active and c in survey.registry.rules)
        scope = item.scope(facts)
        partly_off = (
            f"turned off here: {', '.join(off)}" if 0 < len(off) < len(item.codes) else None
        )
        note = "; ".join(n for n in (scope.note, partly_off, ignored(item)) if n) or None
        if diagnostics:
            results.append(ItemResult(item, "failing", diagnostics, None, note, off))
        elif len(off) == len(item.codes):
            reason = "turned off by the policy or the project's settings"
            results.append(ItemResult(item, "off", [], reason, None, off))
        elif scope.reason and scope.absent:
            results.append(ItemResult(item, "not applicable", [], scope.reason, note, off))
        elif scope.reason:
            result = ItemResult(item, "not checkable", [], scope.reason, note, off)
            result.fix = scope.fix
            results.append(result)
        else:
            results.append(ItemResult(item, "passing", [], None, note, off))
    return results


def next_fixes(results: list[ItemResult], count: int = 3) -> list[ItemResult]:
    """The most important failing items: by severity, then in the guide's order."""
    failing = [(index, r) for index, r in enumerate(results) if r.status == "failing"]
    failing.sort(key=lambda pair: (-(pair[1].severity or 0), pair[0]))
    return [r for _, r in failing[:count]]


# --- The document -------------------------------------------------------------------------


def _rule_link(codes: Iterable[str]) -> str:
    """``stagelint explain SL101`` and the item's other codes, runs shortened
    (SL001-SL007)."""
    listed = list(codes)
    first = f"`stagelint explain {listed[0]}`"
    if len(listed) == 1:
        return first
    return f"{first} (rules {compact_codes(listed)})"


def _where(diag: Diagnostic) -> str:
    variable = f" (`{diag.variable}`)" if diag.variable else ""
    from stagelint.project.deployed import is_source

    if is_source(diag.location.path):  # deployed values (--env-file): no line to point at
        return f"`{diag.location.path}`{variable}"
    return f"`{diag.location.path}:{diag.location.line}`{variable}"


def deployed_files(survey: Survey) -> list[EnvFile]:
    """The files of deployed values the operator gave (``--env-file``)."""
    return [f for f in survey.project.env_files if f.deployed is not None]


def made_checkable(survey: Survey, results: list[ItemResult]) -> list[ItemResult]:
    """The items that have something to judge only because of the deployed values given
    (``--env-file``): not checkable (or not applicable) without them, judged with them."""
    if not deployed_files(survey):
        return []
    from dataclasses import replace

    from stagelint.model import slotted

    repository_only = [f for f in survey.project.env_files if f.deployed is None]
    project = slotted.replace(survey.project, env_files=repository_only)
    without = Facts(replace(survey, project=project))
    return [
        result
        for result in results
        if result.status in ("passing", "failing") and result.item.scope(without).reason is not None
    ]


def _count_words(result: ItemResult, survey: Survey) -> str:
    parts = []
    for code, number in result.counts().items():
        severity = next(d.severity for d in result.diagnostics if d.code == code)
        name = survey.registry.rules[code].name if code in survey.registry.rules else code
        plural = "" if number == 1 or severity is Severity.INFO else "s"
        parts.append(f"{code} {name}: {number} {severity}{plural}")
    return "; ".join(parts)


def _total_words(result: ItemResult) -> str:
    """``1 error``, ``5 errors and 2 warnings``."""
    parts = []
    for severity in sorted({d.severity for d in result.diagnostics}, reverse=True):
        number = sum(d.severity == severity for d in result.diagnostics)
        plural = "" if number == 1 or severity is Severity.INFO else "s"
        parts.append(f"{number} {severity}{plural}")
    return join_words(parts)


def _check(result: ItemResult, survey: Survey) -> Check:
    """A failing item with its counts, first location and why it matters; a passing one on
    one line."""
    item = result.item
    details = []
    if result.status == "failing":
        first = result.first
        more = len(result.diagnostics) - 1
        tail = f", and {more} more" if more else ""
        details.append(f"{_count_words(result, survey)} — first at {_where(first)}{tail}.")
        details.append(f"{item.why} See {_rule_link(item.codes)}.")
    if result.note:
        details.append(f"Note: {result.note}.")
    return Check(result.status, item.title, tuple(details))


def _unchecked_line(result: ItemResult) -> str:
    """One line: the item, why it could not be judged and what would make it checkable."""
    fix = f" To check it: {result.fix}." if result.fix else " Check it by hand."
    return f"**{result.item.title}** — {result.reason}.{fix}"


def _first_sentence(text: str) -> str:
    flat = " ".join(text.split())
    match = re.search(r"(?<=[.!?])\s(?=[A-Z`(])", flat)
    return flat[: match.start()] if match else flat


def _service_rows(survey: Survey) -> Table:
    """What stagelint found, service by service: platform and framework, its directory and
    the files that made it a service."""
    from stagelint.explain.picture.graph import describe_service, service_files

    project = survey.project
    rows = []
    names = list(project.services) + sorted(
        {f.service for f in project.env_files} - set(project.services)
    )
    for name in names:
        service = project.services.get(name)
        files = service_files(project.root, service) if service is not None else ()
        found_by = ", ".join(f"`{f}`" for f in files) or "its env files only"
        directory = "." if service is None or service.root == "." else f"{service.root}/"
        if service is not None and not service.root:
            directory = "none"  # an IaC service with no folder of its own
        rows.append((name, describe_service(service), f"`{directory}`", found_by))
    return Table(("service", "runs on", "directory", "found by"), tuple(rows))


def _environment_lines(survey: Survey) -> list[str]:
    project = survey.project
    policy = survey.policy
    lines = []
    deployed: dict[str, list[EnvFile]] = {}
    for env_file in sorted(project.env_files, key=lambda f: f.path):
        if not env_file.template and env_file.environment:
            deployed.setdefault(env_file.environment, []).append(env_file)
    order = [e for e in (policy.environment, policy.compare_with) if e]
    order += sorted(set(deployed) - set(order))
    roles = {
        policy.environment: f"judged by the `{policy.name}` policy",
        policy.compare_with: "read only to compare with",
        "development": "local development: only file syntax and committed secrets are checked",
    }
    for environment in order:
        files = deployed.get(environment, [])
        paths = dict.fromkeys(f.path for f in files)  # the IaC file once, not per service
        listed = ", ".join(f"`{p}`" for p in paths) if paths else "no env files"
        role = roles.get(environment) or "not judged by this policy"
        lines.append(f"**{environment}** ({role}): {listed}")
    templates = sorted((f for f in project.env_files if f.template), key=lambda f: f.path)
    listed = ", ".join(f"`{f.path}`" for f in templates) if templates else "none"
    lines.append(f"**templates** (every variable, with placeholders; safe to commit): {listed}")
    for service in project.services.values():
        if service.railway is not None and service.railway.environment_names:
            blocks = ", ".join(f"`{n}`" for n in service.railway.environment_names)
            lines.append(f"`{service.railway.path}` also has blocks for the environments {blocks}")
    lines.extend(_iac_lines(survey))
    return lines


def _findings_lines(survey: Survey) -> list[str]:
    """Findings by severity, with the rules that fired most."""
    lines = []
    for severity in sorted(Severity, reverse=True):
        found = [d for d in survey.diagnostics if d.severity == severity]
        if not found:
            continue
        counts: dict[str, int] = {}
        for diag in found:
            counts[diag.code] = counts.get(diag.code, 0) + 1
        top = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
        shown = ", ".join(f"{code} x{n}" if n > 1 else code for code, n in top[:6])
        rest = f" and {len(top) - 6} more rules" if len(top) > 6 else ""
        plural = "" if len(found) == 1 or severity is Severity.INFO else "s"
        lines.append(f"**{len(found)} {severity}{plural}**: {shown}{rest}")
    return lines


def _opening(survey: Survey) -> str:
    project = survey.project
    policy = survey.policy
    services = len(project.services) + len(
        {f.service for f in project.env_files} - set(project.services)
    )
    files = sum(1 for _ in project.files())
    compare = f", comparing it with {policy.compare_with}," if policy.compare_with else ""
    plural = "" if services == 1 else "s"
    return (
        f"stagelint read {services} service{plural} and {files} config and env files and "
        f"judged **{policy.environment}**{compare} with the `{policy.name}` policy: what "
        "runs where, what it connects to, and what is wrong. It changes nothing and never "
        "shows a value."
    )


def _values_lines(survey: Survey, results: list[ItemResult], facts: Facts) -> list[str]:
    """Where values live (and which checks need them), with this project's facts."""
    policy = survey.policy
    judged = policy.environment
    compared = policy.compare_with or "production"
    need = [r for r in results if r.status == "not checkable"]
    fingerprints = "this project has one" if facts.fingerprints() else "this project has none yet"
    lines = _deployed_lines(survey, results)
    lines += [
        f"**Local mirrors stay untracked.** An env file with real {judged} or {compared} "
        "values (`.env.staging`, `.env.production`) is a mirror of what the platform holds, "
        "for your machine or a CI job: list it in `.gitignore` (SL107 reports a tracked one). "
        "The committed `.env.example` lists every variable with placeholders.",
        f"**{compared.capitalize()} is compared through fingerprints.** `stagelint fingerprint` "
        f"writes salted hashes of {compared}'s secrets to "
        f"`.stagelint/{compared}.fingerprints`, which you commit: SL104 then finds a {judged} "
        f"secret equal to {compared}'s without {compared}'s values in the repository "
        f"(docs/fingerprints.md); {fingerprints}.",
        "**Which checks need values.** Secret strength and placeholders, Postgres and Redis "
        "URLs, payments' mode, Sanity datasets, Sentry, CORS and public URLs judge values; "
        "file syntax, the Railway and Vercel config checks and committed secrets need only "
        "the committed files. "
        + (
            f"Here, {len(need)} of {len(results)} checks lack values (listed above as not "
            "checkable)."
            if need
            else "Here, every check that applies had values to judge."
        ),
    ]
    return lines


def _deployed_lines(survey: Survey, results: list[ItemResult]) -> list[str]:
    """What the deployed values given with ``--env-file`` made checkable."""
    files = deployed_files(survey)
    if not files:
        return []
    from stagelint.explain.picture.graph import deployed_format_words

    given = join_words([f"`{f.path}` ({deployed_format_words(f.deployed.format)})" for f in files])
    gained = made_checkable(survey, results)
    if gained:
        titles = join_words([f"**{r.item.title}** ({r.status})" for r in gained])
        checks = "check" if len(gained) == 1 else "checks"
        what = (
            f"made {len(gained)} {checks} checkable that the repository alone could not: {titles}"
        )
    else:
        what = "made no check checkable that the repository's files did not already"
    return [f"**Deployed values given** (`--env-file`): {given}; they {what}."]


def _iac_lines(survey: Survey) -> list[str]:
    """What ``.railway/railway.ts`` declares, for which environments, and what in it
    stagelint could not read (it never runs the file)."""
    lines = []
    for iac_file in survey.project.iac_files:
        where = f"`{iac_file.path}`"
        if not iac_file.read:
            lines.append(f"{where} is Railway's IaC in {iac_file.language}: not read")
            continue
        if not iac_file.environments:
            lines.append(f"{where} could not be read (see `stagelint check`)")
            continue
        names = dict.fromkeys(
            s.name for env in iac_file.environments.values() for s in env.services
        )
        evaluated = join_words([f"`{name}`" for name in iac_file.environments])
        services = join_words([f"`{name}`" for name in names]) or "no service"
        partial = f" (a partial file, `{iac_file.partial}`)" if iac_file.partial else ""
        lines.append(
            f"{where} (Railway's infrastructure as code{partial}) declares {services}; "
            f"read for {evaluated}, without running it"
        )
        for name, env in iac_file.environments.items():
            if env.throws:
                lines.append(f"{where} gives {name} nothing: {env.throws}")
        unknown = {
            reason: location
            for env in iac_file.environments.values()
            for location, reason in env.not_checkable
        }
        unknown.update(_unknown_variables(survey, iac_file.path))
        for reason, location in list(unknown.items())[:5]:
            lines.append(f"not checkable in {where} (line {location.line}): {reason}")
        if len(unknown) > 5:
            lines.append(f"... and {len(unknown) - 5} more things {where} computes")
    return lines


def _unknown_variables(survey: Survey, path: str) -> dict[str, Any]:
    from stagelint.model.deployment import IacVariable, IacVariables

    found: dict[str, Any] = {}
    for env_file in survey.project.env_files:
        if not isinstance(env_file, IacVariables) or env_file.path != path:
            continue
        for var in env_file.variables:
            if isinstance(var, IacVariable) and var.origin == "unknown" and var.reason:
                found.setdefault(f"`{var.key}` of {env_file.service}: {var.reason}", var.location)
    return found


def tour_document(survey: Survey, results: list[ItemResult], has_init: bool = False) -> Document:
    """The tour: the picture and the answer first (findings by severity, the next three
    fixes), then stagelint's checklist, where values live, and the files read."""
    project = survey.project
    policy = survey.policy
    document = Document(f"stagelint tour of {project.root.name}")
    if next(iter(project.files()), None) is None:
        return _empty_tour(document, survey, has_init)
    from stagelint.explain.picture.graph import build_picture, notes

    picture = build_picture(survey)
    document.add(Paragraph(_opening(survey)), Figure(picture, notes(picture)))
    findings = _findings_lines(survey)
    document.add(Heading("Findings"))
    if findings:
        document.add(Bullets(tuple(findings)))
    else:
        document.add(Paragraph("None: every check that could run passes."))
    fixes = next_fixes(results)
    numbers = {1: "Next thing to fix", 2: "Next two things to fix"}
    document.add(Heading(numbers.get(len(fixes), "Next three things to fix")))
    if not fixes:
        document.add(
            Paragraph(
                "Nothing: every item stagelint could check passes. The items it could not "
                "check are listed below with what would make them checkable."
            )
        )
    for number, result in enumerate(fixes, 1):
        first = result.first
        text = (
            f"**{number}. {result.item.title}** — {_total_words(result)}, first at {_where(first)}."
        )
        rule = survey.registry.rules.get(first.code)
        if rule is not None:
            from stagelint.policy.ruledocs import rule_doc

            how = _first_sentence(rule_doc(rule).section("How to fix"))
            if how:
                text += f" {how} More: `stagelint explain {first.code}`."
        document.add(Paragraph(text))
    _checklist_section(document, survey, results)
    facts = Facts(survey)
    document.add(
        Heading("Where values live"), Bullets(tuple(_values_lines(survey, results, facts)))
    )
    document.add(Heading("What stagelint read"), _service_rows(survey))
    document.add(Bullets(tuple(_environment_lines(survey))))
    settings = f"`{survey.settings_path.name}`" if survey.settings_path else "none (defaults)"
    compare = f" and compares it with {policy.compare_with}" if policy.compare_with else ""
    document.add(
        Fields(
            (
                ("Policy", f"`{policy.name}`: judges {policy.environment}{compare}"),
                ("Settings", settings),
                ("Rules", f"{len(survey.active)} of {len(survey.registry.rules)} run"),
            )
        ),
        Heading("Learn more"),
        Bullets(
            (
                "`stagelint check`: every finding, with its message, file, line and column.",
                "`stagelint explain SL101`: what a rule checks, why, an example and how to fix it.",
                "`stagelint explain DATABASE_URL`: what a variable is for and where each "
                "environment sets it.",
                "`stagelint explain --format html -o tour.html`: this tour as one page, the "
                "picture beside the text.",
                "`stagelint rules` and `stagelint policies`: every rule and policy pack.",
            )
        ),
    )
    return document


def _checklist_section(document: Document, survey: Survey, results: list[ItemResult]) -> None:
    counts = {
        status: sum(r.status == status for r in results)
        for status in ("passing", "failing", "not checkable", "not applicable", "off")
    }
    summary = (
        f"{counts['passing']} passing, {counts['failing']} failing, "
        f"{counts['not checkable']} not checkable"
    )
    if counts["not applicable"]:
        summary += f", {counts['not applicable']} not applicable"
    if counts["off"]:
        summary += f", {counts['off']} turned off"
    document.add(
        Heading("stagelint's checklist"),
        Paragraph(
            f"{summary}. Each item is a policy of the staging guide that stagelint checks "
            "with the rules named after it."
        ),
    )
    judged = [r for r in results if r.status in ("failing", "passing", "off")]
    if judged:
        document.add(Checklist(tuple(_check(r, survey) for r in judged)))
    unchecked = [r for r in results if r.status == "not checkable"]
    if unchecked:
        document.add(
            Heading("Not checkable", 3),
            Paragraph(
                "stagelint had nothing to judge for these: the value lives in a platform, "
                "not in this repository, or a file is missing."
            ),
            Bullets(tuple(_unchecked_line(r) for r in unchecked)),
        )
    absent = [r for r in results if r.status == "not applicable"]
    if absent:
        document.add(
            Heading("Not applicable", 3),
            Bullets(tuple(f"**{r.item.title}** — {r.reason}." for r in absent)),
        )


def _empty_tour(document: Document, survey: Survey, has_init: bool) -> Document:
    document.add(
        Paragraph(
            f"stagelint found nothing to check in `{survey.project.root}`: no platform config "
            "and no env file. stagelint checks the staging setup of a backend on Railway, a "
            "Next.js frontend on Vercel and a Sanity Studio against the team's staging guide."
        ),
        Heading("What stagelint looks for"),
        Bullets(
            (
                "`railway.json` or `railway.toml`: a Railway service (the backend). The "
                "directory's name is the service's name.",
                "`vercel.json`, `vercel.toml`, `vercel.ts` or `next.config.*`: a Vercel "
                "service (the frontend).",
                "`sanity.config.*` or `sanity.cli.*`: a Sanity Studio.",
                "`.env.staging` or `.env.preview`: staging values; `.env.production` or "
                "`.env.prod`: production values; `.env.example`: a template of every "
                "variable; `.env`, `.env.local`, `.env.development`: local development.",
                "`stagelint.toml`, or `[tool.stagelint]` in `pyproject.toml`: settings, for "
                "example services in other directories.",
            )
        ),
        Heading("How to start"),
    )
    steps = [
        "Add `backend/railway.json` with the guide's build and deploy settings "
        "(healthcheck `/health`, start command on `0.0.0.0` and `$PORT`).",
        "Add `backend/.env.example` listing every variable the backend reads, with "
        "placeholders. Keep real staging values in Railway, or in a `backend/.env.staging` "
        "that git ignores.",
        "Do the same for the frontend: `frontend/vercel.json` and `frontend/.env.example`.",
        "Run `stagelint explain` again, then `stagelint check`.",
    ]
    if has_init:
        steps.insert(0, "Run `stagelint init`: it writes starting settings for stagelint.")
    document.add(Bullets(tuple(steps), ordered=True))
    document.add(Paragraph("The README's Usage section shows every command."))
    return document


def tour_json(survey: Survey, results: list[ItemResult]) -> dict[str, Any]:
    project = survey.project
    policy = survey.policy
    return {
        "explains": "project",
        "root": str(project.root),
        "policy": {
            "name": policy.name,
            "environment": policy.environment,
            "compare_with": policy.compare_with,
        },
        "settings": survey.settings_path.name if survey.settings_path else None,
        "services": [
            {
                "name": s.name,
                "platforms": list(s.platforms),
                "directory": s.root,
                "config_files": [c.path for c in s.config_files()],
            }
            for s in project.services.values()
        ],
        "env_files": [
            {
                "path": f.path,
                "service": f.service,
                "environment": f.environment,
                "template": f.template,
            }
            for f in sorted(project.env_files, key=lambda f: f.path)
        ],
        "checklist": [r.to_json() for r in results],
        "next": [r.item.key for r in next_fixes(results)],
        "deployed": [
            {
                "source": f.path,
                "service": f.service,
                "environment": f.environment,
                "format": f.deployed.format,
            }
            for f in deployed_files(survey)
        ],
        "made_checkable": [r.item.key for r in made_checkable(survey, results)],
    }
