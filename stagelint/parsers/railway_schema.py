"""Railway config as code (``railway.json`` / ``railway.toml``) as data.

Sources: Railway's config-as-code reference (docs), the Railway CLI's config handling, an old
vendored ``railway.schema.json``, and dashboard exports seen in the wild (see RULES.md, "Facts
the rules rest on"). TOML and JSON share the same camelCase keys.

Decisions:

- Enums match case-insensitively: Railway accepts ``"nixpacks"``, ``"never"``,
  ``"on_failure"``, and files in the wild (including Railway's own templates) write them.
  ``NIXPACKS``, ``HEROKU`` and ``PAKETO`` are valid, deprecated builders (SL606 warns).
- ``runtime``, ``useLegacyStacker``, ``ipv6EgressEnabled``, ``buildEnvironment`` and
  ``limitOverride`` are undocumented but written by Railway's own dashboard export ("Copy as
  JSON"); a file Railway generated must not fail SL002.
- ``overlapSeconds``/``drainingSeconds`` accept a string of digits too: Railway's docs show
  ``"60"``. The other numbers must be JSON/TOML numbers.
- ``healthcheckTimeout`` is only type-checked here; whether it is a positive number of
  seconds is rule SL601's finding.
- ``environments.<name>`` takes partial ``build``/``deploy`` overrides only: variables cannot be
  set through config as code, so ``environments.<name>.variables`` is an unknown key with a
  hint (several corpus files try it).
"""

from __future__ import annotations

from stagelint.parsers.spec import (
    Anything,
    Boolean,
    Choice,
    Integer,
    ListOf,
    MapOf,
    Object,
    OneOf,
    String,
)

BUILDERS = ("RAILPACK", "DOCKERFILE")
DEPRECATED_BUILDERS = ("NIXPACKS", "HEROKU", "PAKETO")
RESTART_POLICIES = ("ON_FAILURE", "ALWAYS", "NEVER")

_VARIABLES_HINT = (
    "variables cannot be set in config as code; set them in the Railway dashboard or with "
    "the Railway CLI"
)
_TEXT = String(nullable=True)
_SECONDS = Integer(nullable=True, numeric_string=True)

BUILD = Object(
    {
        "builder": Choice(BUILDERS, deprecated=DEPRECATED_BUILDERS, ignore_case=True),
        "buildCommand": _TEXT,
        "watchPatterns": ListOf(String(), nullable=True),
        "dockerfilePath": _TEXT,
        "railpackVersion": _TEXT,
        "nixpacksConfigPath": _TEXT,
        "nixpacksPlan": Object(extra=True, nullable=True),
        "nixpacksVersion": _TEXT,
        "buildEnvironment": _TEXT,  # dashboard exports: "V2", "V3"
    },
    aliases={
        "installCommand": "buildCommand",
        "command": "buildCommand",
        "dockerfile": "dockerfilePath",
        "dockerFile": "dockerfilePath",
        "nixpacksConfig": "nixpacksConfigPath",
        "watchPaths": "watchPatterns",
    },
    hints={
        "installCommand": "Railway has no separate install step; install in buildCommand",
        "env": _VARIABLES_HINT,
        "variables": _VARIABLES_HINT,
    },
)

DEPLOY = Object(
    {
        "startCommand": _TEXT,
        "preDeployCommand": OneOf(
            (String(), ListOf(String())), "a string or an array of strings", nullable=True
        ),
        "numReplicas": Integer(nullable=True),
        "multiRegionConfig": MapOf(
            Object(
                {
                    "numReplicas": Integer(nullable=True),
                    "stackerAssignment": Anything(),  # read by the Railway CLI
                },
                nullable=True,
            ),
            nullable=True,
        ),
        "healthcheckPath": _TEXT,
        "healthcheckTimeout": Integer(nullable=True),
        "restartPolicyType": Choice(RESTART_POLICIES, ignore_case=True),
        "restartPolicyMaxRetries": Integer(nullable=True),
        "cronSchedule": _TEXT,
        "overlapSeconds": _SECONDS,
        "drainingSeconds": _SECONDS,
        "sleepApplication": Boolean(nullable=True),
        "region": _TEXT,
        "runtime": _TEXT,  # dashboard exports: "V2"
        "limitOverride": Object(extra=True, nullable=True),
        "requiredMountPath": _TEXT,
        "useLegacyStacker": Boolean(nullable=True),  # dashboard exports
        "ipv6EgressEnabled": Boolean(nullable=True),  # dashboard exports
    },
    aliases={
        "releaseCommand": "preDeployCommand",
        "release": "preDeployCommand",
        "preDeploy": "preDeployCommand",
        "migrateCommand": "preDeployCommand",
        "healthcheck": "healthcheckPath",
        "healthCheck": "healthcheckPath",
        "healthcheckUrl": "healthcheckPath",
        "healthPath": "healthcheckPath",
        "healthcheckTimeoutSeconds": "healthcheckTimeout",
        "restartPolicy": "restartPolicyType",
        "restartPolicyRetries": "restartPolicyMaxRetries",
        "maxRetries": "restartPolicyMaxRetries",
        "replicas": "numReplicas",
        "cron": "cronSchedule",
        "schedule": "cronSchedule",
        "cronJobsEnabled": "cronSchedule",
        "command": "startCommand",
        "start": "startCommand",
        "sleep": "sleepApplication",
        "regions": "multiRegionConfig",
    },
    hints={
        "env": _VARIABLES_HINT,
        "envVars": _VARIABLES_HINT,
        "variables": _VARIABLES_HINT,
        "resources": "CPU and memory limits are service settings in the Railway dashboard",
        "cronJobsEnabled": "a cron service is a service with a cronSchedule",
    },
)

ENVIRONMENT = Object(
    {"build": BUILD, "deploy": DEPLOY},
    hints={"variables": _VARIABLES_HINT, "env": _VARIABLES_HINT},
)

RAILWAY = Object(
    {
        "$schema": String(),
        "build": BUILD,
        "deploy": DEPLOY,
        "environments": MapOf(ENVIRONMENT, nullable=True),
    },
    aliases={"schema": "$schema", "environment": "environments"},
    hints={
        "environment": (
            "per-environment build and deploy overrides go under environments.<name>; "
            "variables cannot be set in config as code"
        ),
        "services": (
            "config as code describes one service; give each service its own railway.json "
            "or railway.toml in its directory"
        ),
        "crons": "a cron service is one service with deploy.cronSchedule",
        "source": (
            "the repository, branch and root directory are service settings in the Railway "
            "dashboard"
        ),
        "variables": _VARIABLES_HINT,
        "env": _VARIABLES_HINT,
    },
)
"""The root of a Railway config file."""

__all__ = ["BUILD", "DEPLOY", "ENVIRONMENT", "RAILWAY"]
