"""``vercel.json`` as data.

Sources: the schema the Vercel CLI validates against (``buildVercelConfigSchema``: builds,
routes, headers, redirects, rewrites, functions, images, crons, proxy, services) and the
published ``https://openapi.vercel.sh/vercel.json`` for the full top-level key set (as mirrored
by ``@vercel/config``'s generated types), plus the legacy ``now.json`` keys that Vercel still
reads (``name``, ``alias``, ``scope``, ``version``).

Decisions:

- Function ``memory``/``maxDuration`` bounds and region IDs are rules SL604/SL605; here they
  are only type-checked (``maxDuration`` is an integer or ``"max"``).
- Bounds that no other rule owns are checked here, as the Vercel CLI does: ``maxConcurrency``
  >= 1, cron ``path`` (1-512 characters, starting with ``/``) and ``schedule`` (9-256
  characters), list sizes (2048 headers/redirects/rewrites, 1024 headers per rule), status
  codes 100-999.
- ``framework`` is any string: Vercel adds frameworks often, and a stale list would fail
  valid files.
- Vercel's own test-harness keys (``probes``) are known; ``projectSettings``/``uploadNowJson``
  are not part of the published schema and are reported.
"""

from __future__ import annotations

from typing import Any

from stagelint.model.deployment import Location, Problem
from stagelint.parsers.jsonpos import KeyPath
from stagelint.parsers.spec import (
    ANY_OBJECT,
    Anything,
    Boolean,
    Choice,
    Integer,
    ListOf,
    MapOf,
    Number,
    Object,
    OneOf,
    String,
    check,
)

_STR = String()
_NULLABLE_STR = String(nullable=True)
_STRINGS = ListOf(String())
_STATUS = Integer(minimum=100, maximum=999)
_FLAG = Boolean()

_MATCHER = Object(
    {
        "eq": OneOf((String(), Number()), "a string or a number"),
        "neq": _STR,
        "inc": _STRINGS,
        "ninc": _STRINGS,
        "pre": _STR,
        "suf": _STR,
        "re": _STR,
        "gt": Number(),
        "gte": Number(),
        "lt": Number(),
        "lte": Number(),
    }
)
_CONDITIONS = ListOf(
    Object(
        {
            "type": Choice(("host", "header", "cookie", "query")),
            "key": _STR,
            "value": OneOf((String(), _MATCHER), "a string or a matcher object"),
        },
        required=("type",),
    ),
    max_items=16,
)
_SERVICE_DESTINATION = OneOf(
    (
        String(),
        Object(
            {"type": Choice(("service",)), "service": _STR, "path": _STR},
            required=("service",),
        ),
    ),
    "a string or a service destination",
)
_ROUTING_ALIASES = {"src": "source", "dest": "destination", "status": "statusCode"}

HEADER_RULE = Object(
    {
        "source": String(max_length=4096),
        "headers": ListOf(
            Object({"key": _STR, "value": _STR}, required=("key", "value")), max_items=1024
        ),
        "has": _CONDITIONS,
        "missing": _CONDITIONS,
    },
    required=("source", "headers"),
    aliases={"src": "source", "values": "headers"},
)

REDIRECT = Object(
    {
        "source": String(max_length=4096),
        "destination": String(max_length=4096),
        "permanent": _FLAG,
        "statusCode": _STATUS,
        "has": _CONDITIONS,
        "missing": _CONDITIONS,
        "env": _STRINGS,
    },
    required=("source", "destination"),
    aliases=_ROUTING_ALIASES,
)

REWRITE = Object(
    {
        "source": String(max_length=4096),
        "destination": _SERVICE_DESTINATION,
        "has": _CONDITIONS,
        "missing": _CONDITIONS,
        "statusCode": _STATUS,
        "env": _STRINGS,
        "respectOriginCacheControl": _FLAG,
        "transforms": ListOf(ANY_OBJECT),
    },
    required=("source", "destination"),
    aliases=_ROUTING_ALIASES,
)

ROUTE = Object(
    {
        "src": _STR,
        "source": _STR,
        "dest": _STR,
        "destination": _SERVICE_DESTINATION,
        "headers": MapOf(_STR),
        "methods": _STRINGS,
        "caseSensitive": _FLAG,
        "important": _FLAG,
        "user": _FLAG,
        "continue": _FLAG,
        "override": _FLAG,
        "check": _FLAG,
        "isInternal": _FLAG,
        "status": _STATUS,
        "statusCode": _STATUS,
        "locale": ANY_OBJECT,
        "middleware": Number(),
        "middlewarePath": _STR,
        "middlewareRawSrc": _STRINGS,
        "has": _CONDITIONS,
        "missing": _CONDITIONS,
        "mitigate": Object({"action": Choice(("challenge", "deny"))}, required=("action",)),
        "transforms": ListOf(ANY_OBJECT),
        "env": _STRINGS,
        "respectOriginCacheControl": _FLAG,
        "handle": Choice(("error", "filesystem", "hit", "miss", "resource", "rewrite")),
    }
)

FUNCTION = Object(
    {
        "architecture": Choice(("x86_64", "arm64")),
        "runtime": String(max_length=256),
        "memory": Number(),  # 128-3009 (plan limits): SL604
        "maxDuration": OneOf((Integer(), Choice(("max",))), 'an integer or "max"'),  # SL604
        "maxConcurrency": Integer(minimum=1),
        "regions": _STRINGS,  # region IDs: SL605
        "functionFailoverRegions": _STRINGS,
        "includeFiles": String(max_length=256),
        "excludeFiles": String(max_length=256),
        "experimentalTriggers": ListOf(ANY_OBJECT),
        "supportsCancellation": _FLAG,
    },
    aliases={"timeout": "maxDuration", "memorySize": "memory", "region": "regions"},
)

IMAGES = Object(
    {
        "sizes": ListOf(Number(), min_items=1, max_items=50),
        "contentDispositionType": Choice(("inline", "attachment")),
        "contentSecurityPolicy": String(min_length=1, max_length=256),
        "dangerouslyAllowSVG": _FLAG,
        "domains": ListOf(String(min_length=1, max_length=256), max_items=50),
        "formats": ListOf(
            Choice(("image/avif", "image/webp", "image/jpeg", "image/png")),
            min_items=1,
            max_items=4,
        ),
        "localPatterns": ListOf(
            Object({"pathname": String(min_length=1, max_length=256), "search": _STR}),
            max_items=25,
        ),
        "minimumCacheTTL": Integer(minimum=1, maximum=315360000),
        "qualities": ListOf(Integer(minimum=1, maximum=100), min_items=1, max_items=20),
        "remotePatterns": ListOf(
            Object(
                {
                    "protocol": Choice(("http", "https")),
                    "hostname": String(min_length=1, max_length=256),
                    "port": String(max_length=5),
                    "pathname": String(min_length=1, max_length=256),
                    "search": _STR,
                },
                required=("hostname",),
            ),
            max_items=50,
        ),
    },
    required=("sizes",),
)

CRON = Object(
    {
        "path": String(min_length=1, max_length=512, prefix="/"),
        "schedule": String(min_length=9, max_length=256),
    },
    required=("path", "schedule"),
    aliases={"cron": "schedule", "endpoint": "path", "url": "path"},
)

SERVICE = Object(
    {
        "root": String(min_length=1, max_length=512),
        "framework": _NULLABLE_STR,
        "entrypoint": _STR,
        "runtime": _STR,
        "command": _STR,
        "buildCommand": _NULLABLE_STR,
        "devCommand": _NULLABLE_STR,
        "installCommand": _NULLABLE_STR,
        "ignoreCommand": _NULLABLE_STR,
        "outputDirectory": _NULLABLE_STR,
        "cleanUrls": _FLAG,
        "trailingSlash": _FLAG,
        "functions": MapOf(FUNCTION),
        "headers": ListOf(HEADER_RULE),
        "redirects": ListOf(REDIRECT),
        "rewrites": ListOf(REWRITE),
        "routes": ListOf(ROUTE),
        "bindings": Anything(),
    },
    required=("root",),
)

VERCEL = Object(
    {
        "$schema": _STR,
        "alias": OneOf((String(), _STRINGS), "a string or an array of strings"),
        "build": Object({"env": MapOf(_STR)}),
        "buildCommand": _NULLABLE_STR,
        "builds": ListOf(
            Object({"src": _STR, "use": _STR, "config": ANY_OBJECT}, required=("use",)),
            max_items=128,
        ),
        "bulkRedirectsPath": _NULLABLE_STR,
        "bunVersion": _STR,
        "cleanUrls": _FLAG,
        "crons": ListOf(CRON),
        "devCommand": _NULLABLE_STR,
        "env": MapOf(_STR),
        "experimentalServiceGroups": MapOf(_STRINGS),
        "experimentalServices": MapOf(ANY_OBJECT),
        "experimentalServicesV2": MapOf(ANY_OBJECT),
        "fluid": _FLAG,
        "framework": _NULLABLE_STR,
        "functionFailoverRegions": _STRINGS,
        "functions": MapOf(FUNCTION),
        "git": Object(
            {
                "deploymentEnabled": OneOf(
                    (Boolean(), MapOf(Boolean())), "true, false or a map of branch to boolean"
                ),
                "exclusivity": Object({"teams": _STRINGS}),
            }
        ),
        "github": Object(
            {
                "enabled": _FLAG,
                "autoAlias": _FLAG,
                "silent": _FLAG,
                "autoJobCancelation": _FLAG,
            },
            aliases={"autoJobCancellation": "autoJobCancelation"},
        ),
        "headers": ListOf(HEADER_RULE, max_items=2048),
        "ignoreCommand": _NULLABLE_STR,
        "images": IMAGES,
        "installCommand": _NULLABLE_STR,
        "name": _STR,
        "outputDirectory": _NULLABLE_STR,
        "passiveRegions": _STRINGS,
        "probes": ListOf(Anything()),
        "proxy": Object(
            {
                "entrypoint": String(min_length=1),
                "matcher": OneOf(
                    (String(min_length=1), ListOf(String(min_length=1), min_items=1)),
                    "a string or an array of strings",
                ),
            },
            required=("entrypoint",),
        ),
        "public": _FLAG,
        "redirects": ListOf(REDIRECT, max_items=2048),
        "regions": _STRINGS,
        "relatedProjects": _STRINGS,
        "rewrites": ListOf(REWRITE, max_items=2048),
        "routes": ListOf(ROUTE),
        "scope": _STR,
        "services": MapOf(SERVICE),
        "trailingSlash": _FLAG,
        "version": Integer(),
        "wildcard": ListOf(Object({"domain": _STR, "value": _STR}, required=("domain", "value"))),
    },
    aliases={
        "schema": "$schema",
        "function": "functions",
        "cron": "crons",
        "region": "regions",
        "redirect": "redirects",
        "rewrite": "rewrites",
        "header": "headers",
        "outDir": "outputDirectory",
        "output": "outputDirectory",
        "buildEnv": "build",
    },
)
"""The root of a ``vercel.json``."""

__all__ = ["CRON", "FUNCTION", "HEADER_RULE", "REDIRECT", "REWRITE", "ROUTE", "VERCEL"]


def validate(
    data: Any, positions: dict[KeyPath, tuple[Location, Location]], path: str, *, toml: bool = False
) -> list[Problem]:
    """What Vercel would not accept in a config's data: the schema, then the combinations the
    CLI refuses, in file order."""
    problems = check(data, VERCEL, positions, path, toml=toml)
    problems += _with_builds(data, positions, path)
    problems.sort(key=lambda p: (p.location.line, p.location.column))
    return problems


def _with_builds(
    data: Any, positions: dict[KeyPath, tuple[Location, Location]], path: str
) -> list[Problem]:
    """``functions``/``proxy`` cannot be combined with ``builds`` (Vercel CLI, validateConfig)."""
    if not isinstance(data, dict) or "builds" not in data:
        return []
    nowhere = (Location.at(path), Location.at(path))
    builds_key = positions.get(("builds",), nowhere)[0]
    problems = []
    for key, fix in (
        ("functions", "configure functions through each build's config, or drop builds"),
        ("proxy", "drop builds to use proxy"),
    ):
        if key in data:
            problems.append(
                Problem(
                    "invalid-config-value",
                    f"{key} cannot be used together with builds; {fix}",
                    positions.get((key,), nowhere)[0],
                    ((builds_key, "builds is set here"),),
                )
            )
    return problems
