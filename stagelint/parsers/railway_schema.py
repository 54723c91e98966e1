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
- ``deploy.registryCredentials`` (``{username, password}``) is in Railway's GraphQL schema
  (railwayapp/cli ``src/gql/schema.json``) and its IaC SDK's ``DeployConfig``.

:data:`IAC_SERVICE` is the options object of ``service(name, {...})`` in
``.railway/railway.ts``: the keys of ``IntentServiceConfig`` in Railway's TypeScript SDK
(railwayapp/railway-ts-sdk ``src/iac/sdk.ts``), which compiles ``start``/``healthcheck``/
``preDeploy``/``replicas`` into the ``deploy`` block above. Keys real files write that the
SDK drops without a word (``restartPolicy: {type, maxRetries}``, a top-level ``cronSchedule``
or ``builder``) are unknown keys with a hint saying where they belong.
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
        # pulling from a private registry (Railway's GraphQL schema: username, password)
        "registryCredentials": Object({"username": _TEXT, "password": _TEXT}, nullable=True),
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

_IN_DEPLOY = "a deploy setting: write it inside deploy: {{ {key}: ... }}"
_IN_BUILD = "a build setting: write it inside build: {{ {key}: ... }}"
_REPLICAS = OneOf(
    (
        Integer(minimum=0),
        MapOf(
            OneOf(
                (
                    Integer(minimum=0),
                    Object({"count": Integer(), "replicas": Integer(), "stacker": _TEXT}),
                ),
                "a number of replicas or {count}",
            )
        ),
    ),
    "a number of replicas, or replicas per region",
)
_SOURCE = Object(
    {
        "type": Choice(("github", "image", "template", "empty")),
        "repo": String(),
        "branch": _TEXT,
        "image": String(),
        "template": String(),
        "rootDirectory": _TEXT,
        "commitSha": _TEXT,
        "upstreamUrl": _TEXT,
        "checkSuites": Boolean(nullable=True),
        "autoUpdates": Object(extra=True, nullable=True),
    },
    aliases={"root": "rootDirectory", "repository": "repo"},
)
_COMMANDS = OneOf((String(), ListOf(String())), "a string or an array of strings")

IAC_SERVICE = Object(
    {
        "source": _SOURCE,
        "root": String(),
        "rootDirectory": String(),
        "build": OneOf((String(), BUILD), "a build command or a build object"),
        "deploy": DEPLOY,
        "run": Object(
            {
                "command": String(),
                "preDeploy": _COMMANDS,
                "healthcheck": String(),
                "healthcheckTimeout": Integer(),
            }
        ),
        "start": String(),
        "startCommand": String(),
        "preDeploy": _COMMANDS,
        "preDeployCommand": _COMMANDS,
        "healthcheck": String(),
        "healthcheckPath": String(),
        "healthcheckTimeout": Integer(),
        "replicas": _REPLICAS,
        "regions": MapOf(Anything()),
        "networking": Object(
            {
                "serviceDomains": MapOf(Object({"port": Integer(nullable=True)}, nullable=True)),
                "customDomains": MapOf(Object({"port": Integer(nullable=True)}, nullable=True)),
                "tcpProxies": MapOf(Anything()),
                "privateNetworkEndpoint": _TEXT,
            }
        ),
        "domains": ListOf(
            OneOf(
                (String(), Object({"domain": String(), "port": Integer()}, required=("domain",))),
                "a domain or {domain, port}",
            )
        ),
        "tcp": ListOf(OneOf((String(), Integer()), "a port")),
        "tcpProxies": ListOf(String()),
        "env": MapOf(Anything()),  # values: read by the IaC parser (strings, references...)
        "variables": MapOf(Anything()),
        "volumeMounts": MapOf(Anything()),
        "configFile": String(),
        "parentServiceId": String(),
        "groupId": String(),
        "clusterRole": Choice(("root", "replica", "internal", "edge")),
        "replicaConfig": Object(extra=True),
        "clusterDisplay": Object(extra=True),
    },
    aliases={
        "healthCheck": "healthcheck",
        "healthcheckUrl": "healthcheck",
        "healthCheckPath": "healthcheckPath",
        "startcommand": "start",
        "command": "start",
        "predeploy": "preDeploy",
        "releaseCommand": "preDeploy",
        "numReplicas": "replicas",
        "region": "regions",
        "environment": "env",
        "envVars": "env",
        "domain": "domains",
        "volumes": "volumeMounts",
    },
    hints={
        "restartPolicy": (
            'Railway\'s SDK ignores it; write deploy: { restartPolicyType: "ON_FAILURE", '
            "restartPolicyMaxRetries: 10 }"
        ),
        "restartPolicyType": _IN_DEPLOY.format(key="restartPolicyType"),
        "restartPolicyMaxRetries": _IN_DEPLOY.format(key="restartPolicyMaxRetries"),
        "cronSchedule": _IN_DEPLOY.format(key="cronSchedule"),
        "cron": _IN_DEPLOY.format(key="cronSchedule"),
        "sleepApplication": _IN_DEPLOY.format(key="sleepApplication"),
        "drainingSeconds": _IN_DEPLOY.format(key="drainingSeconds"),
        "overlapSeconds": _IN_DEPLOY.format(key="overlapSeconds"),
        "builder": _IN_BUILD.format(key="builder"),
        "dockerfilePath": _IN_BUILD.format(key="dockerfilePath"),
        "watchPatterns": _IN_BUILD.format(key="watchPatterns"),
        "buildCommand": 'write build: "<command>" (or build: { buildCommand })',
        "image": 'write source: image("<image>")',
        "repo": 'write source: github("<owner/repo>")',
    },
)
"""The options of ``service(name, {...})`` in ``.railway/railway.ts``."""

__all__ = ["BUILD", "DEPLOY", "ENVIRONMENT", "IAC_SERVICE", "RAILWAY"]
