"""SL607 railway-config-as-code-retired."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from stagelint.model.deployment import Location, RailwayConfig, Service
from stagelint.model.diagnostics import Related, Severity, Violation
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule, RuleOptions
from stagelint.policy.schemas import is_railway_setting

today = datetime.date.today
"""The current date (tests replace it)."""

MIGRATED = frozenset(
    {
        "buildCommand",
        "startCommand",
        "healthcheckPath",
        "healthcheckTimeout",
        "numReplicas",
        "multiRegionConfig",
        "region",
        "preDeployCommand",
        "preDeployTimeoutSeconds",
    }
)
"""The settings `railway config migrate` writes into `.railway/railway.ts` (railwayapp/cli
``src/commands/config/migrate.rs``): it turns `builder`, `dockerfilePath`, `cronSchedule`
and `watchPatterns` into comments and leaves out everything else (`restartPolicyType`,
`sleepApplication`...), as it leaves out `environments.*`."""

DEFAULTS: dict[str, object] = {
    "builder": "RAILPACK",
    "restartPolicyType": "ON_FAILURE",
    "restartPolicyMaxRetries": 10,
}
"""Railway's defaults (`content/docs/deployments/restart-policy.md`, the builder docs): a
setting that holds one needs no carrying."""


class RailwayConfigAsCodeRetired(Rule):
    """Railway no longer reads `railway.json`/`railway.toml`: move them to `.railway/railway.ts`.

    ## What it checks
    Every `railway.json`/`railway.toml` (Railway's "config as code"). Railway stopped reading
    them on the `cutoff` date (2026-12-01, announced in Railway's docs on 2026-08-21); before
    that date the finding says it will. The message names the settings the file holds, which
    Railway therefore does not apply, and how to move them. Also reported:

    - a folder holding both files: Railway reads `railway.toml` and ignores `railway.json`
      entirely (the finding stands at the JSON file, and is its only one: its syntax,
      keys and values never mattered, so SL001-SL003 leave it alone);
    - a service that both `.railway/railway.ts` and a `railway.json`/`railway.toml`
      configure: Railway refuses to plan it.

    stagelint still reads the old files and runs every other rule on them: they say what the
    team meant, and `railway config migrate` starts from them.

    ## Why
    Since the cutoff, a healthcheck, start command or restart policy written in
    `railway.json` is not in effect: the service deploys with whatever the dashboard holds,
    while the repository says otherwise. The Railway CLI warns about these files
    (`CAC_DEPRECATED`), but a linter that keeps judging them as if they applied gives false
    comfort.

    ## Example
    ```json path="backend/railway.json"
    {
      "$schema": "https://railway.com/railway.schema.json",
      "deploy": {
        "startCommand": "uvicorn app.main:app --host 0.0.0.0 --port $PORT",
        "healthcheckPath": "/health"
      }
    }
    ```

    ## Use instead
    ```ts path=".railway/railway.ts"
    import { defineRailway, project, service } from "railway/iac";

    export default defineRailway(() => {
      const backend = service("backend", {
        start: "uvicorn app.main:app --host 0.0.0.0 --port $PORT",
        healthcheck: "/health",
      });
      return project("shop", { resources: [backend] });
    });
    ```

    ## How to fix
    Run `railway config migrate --apply` at the repository's root: it gathers every
    `railway.json`/`railway.toml` of the repository into one `.railway/railway.ts`, with
    each file's start and build commands, healthcheck, replicas and pre-deploy command.
    The message names what it does not carry: the restart policy, sleep and draining
    settings go into the service's options by hand (`deploy: { restartPolicyType:
    "ON_FAILURE", restartPolicyMaxRetries: 5 }`); `builder`, `dockerfilePath`,
    `cronSchedule` and `watchPatterns` become comments. It drops `environments.*` blocks
    (per-environment overrides such as `environments.production.deploy.numReplicas`):
    write those as conditions on `ctx.environment` (`replicas: ctx.environment ===
    "production" ? 2 : 1`). Then delete the old file. Where both `railway.toml` and
    `railway.json` exist, only the TOML file was ever applied: delete the JSON one.

    ## Guide
    Railway Backend Setup → Step 3 (the guide's `railway.json`; Railway has since replaced it
    with `.railway/railway.ts`).
    """

    code = "SL607"
    name = "railway-config-as-code-retired"
    default_severity = Severity.ERROR

    class Options(RuleOptions):
        cutoff: datetime.date = datetime.date(2026, 12, 1)
        """The date Railway stops reading `railway.json`/`railway.toml` (Railway's docs: hard
        cutoff 2026-12-01)."""

    options: Options

    def check(self, ctx: Context) -> Iterator[Violation]:
        cutoff = self.options.cutoff
        for service in ctx.project.services.values():
            config = service.railway
            if config is None:
                continue
            if service.iac is not None:
                yield _both(service, config)
            else:
                yield _retired(service, config, cutoff, today())
            ignored = service.railway_ignored
            if ignored is not None:
                yield Violation(
                    message=(
                        f"{_name(ignored)} is ignored: Railway reads only {_name(config)} when a "
                        "folder holds both; delete it"
                    ),
                    location=_anchor(ignored),
                    related=(
                        Related(_anchor(config), f"{_name(config)} is the file Railway read"),
                    ),
                    service=service.name,
                )


def _retired(
    service: Service, config: RailwayConfig, cutoff: datetime.date, now: datetime.date
) -> Violation:
    name = _name(config)
    settings = _settings(config)
    when = cutoff.isoformat()
    if now >= cutoff:
        state = f"Railway stopped reading {name} on {when}"
        effect = "are not applied" if len(settings) > 1 else "is not applied"
    else:
        days = (cutoff - now).days
        state = f"Railway stops reading {name} on {when} (in {days} day{'s' * (days != 1)})"
        effect = "will not be applied"
    if not isinstance(config.data, dict):  # it does not parse (SL001): what it meant is unknown
        message = (
            f"{state}: whatever it sets is not applied; move it to .railway/railway.ts with "
            "`railway config migrate --apply`"
        )
    elif settings:
        held = _enumerate(settings)
        them = "them" if len(settings) > 1 else "it"
        message = (
            f"{state}: its {held} {effect}; move {them} to .railway/railway.ts with "
            "`railway config migrate --apply`"
        )
    else:
        message = f"{state}, and it sets nothing: delete it"
    notes = []
    left = [
        key
        for key in settings
        if key not in MIGRATED and _is_known(key) and not _is_default(config, key)
    ]
    if left:
        notes.append(
            f"migrate does not carry {_enumerate(left)}: write "
            f"{'them' if len(left) > 1 else 'it'} into the service's options yourself"
        )
    blocks = config.environment_names
    if blocks:
        named = ", ".join(f"environments.{block}" for block in blocks[:3])
        notes.append(
            f"migrate drops {named}{' and more' if len(blocks) > 3 else ''}: write "
            "per-environment values as conditions on ctx.environment"
        )
    if notes and isinstance(config.data, dict):
        message += f" ({'; '.join(notes)})"
    return Violation(message=message, location=_anchor(config), service=service.name)


def _both(service: Service, config: RailwayConfig) -> Violation:
    assert service.iac is not None
    iac = service.iac.key_location("deploy")
    return Violation(
        message=(
            f"{service.name} is configured both in {iac.path} and in {_name(config)}: Railway "
            f"refuses to plan a service that has both; move what {_name(config)} sets into "
            "the IaC file and delete it"
        ),
        location=_anchor(config),
        related=(Related(iac, f'service("{service.name}") in {iac.path}'),),
        service=service.name,
    )


def _settings(config: RailwayConfig) -> list[str]:
    """The build and deploy settings the file holds (``startCommand``...), in file order."""
    data = config.data if isinstance(config.data, dict) else {}
    found: list[str] = []
    for section in ("build", "deploy"):
        block = data.get(section)
        if isinstance(block, dict):
            found.extend(key for key in block if key not in found)
    return found


def _is_known(key: str) -> bool:
    """A setting of Railway's schema (an unknown key is SL002's, and carries nothing)."""
    return is_railway_setting(key)


def _is_default(config: RailwayConfig, key: str) -> bool:
    """A setting that holds Railway's default: not carrying it changes nothing."""
    data = config.data if isinstance(config.data, dict) else {}
    for section in ("build", "deploy"):
        block = data.get(section)
        if isinstance(block, dict) and key in block:
            value = block[key]
            if isinstance(value, str):
                value = value.upper()
            return key in DEFAULTS and DEFAULTS[key] == value and not isinstance(value, bool)
    return False


def _enumerate(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    if len(names) <= 3:
        return ", ".join(names[:-1]) + f" and {names[-1]}"
    return ", ".join(names[:3]) + f" and {len(names) - 3} more"


def _name(config: RailwayConfig) -> str:
    return config.path.rsplit("/", 1)[-1]


def _anchor(config: RailwayConfig) -> Location:
    """The first top-level key the file writes (``build``, ``deploy``...), else its start."""
    keys = [path for path in config.positions if len(path) == 1]
    if not keys:
        return Location.at(config.path)
    return min((config.key_location(*path) for path in keys), key=lambda loc: loc[1:3])
