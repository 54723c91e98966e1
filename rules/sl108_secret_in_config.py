"""SL108 secret-in-config."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from stagelint.model.deployment import ConfigFile, IacVariable, IacVariables, Location, Service
from stagelint.model.diagnostics import Severity, Violation
from stagelint.model.regex import lazy
from stagelint.model.values import is_placeholder
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule

from ._secrets import (
    KeyAnswers,
    config_key_name,
    is_placeholder_password,
    is_secret_key,
    secret_part,
    url_password,
    urls_in,
)

if TYPE_CHECKING:
    from stagelint.policy.catalogue import Catalogue

_ASSIGNMENT = lazy(
    r"""(?:^|[\s;&|(])(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s;&|)]+)"""
)
"""``KEY=value`` inside a command (``SENTRY_AUTH_TOKEN=sntrys_... next build``)."""
_REFERENCE = r"\$\{|\$[A-Za-z_]"
_VARIABLE_NAME = r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$"
"""``OPENAI_API_KEY``: plugins take the *name* of the variable that holds the secret."""
_MAX_DEPTH = 32


class SecretInConfig(Rule):
    """A secret literal inside railway.json/toml, a Vercel config or a Sanity config.

    ## What it checks
    Platform config files, which are committed and shared by every environment:

    - `railway.json`/`railway.toml` and the Vercel config (`vercel.json`, `vercel.toml`, and
      what `vercel.ts` and its siblings write literally; its `env` and `build.env` included):
      any property whose name says secret (`JWT_SECRET_KEY`, `apiToken`, `password` ...)
      holding a literal that is not a placeholder, a reference (`$VAR`, `${VAR}`) or a
      Vercel secret reference (`@name`; in `vercel.ts`, `deploymentEnv("NAME")`);
      `KEY=value` assignments of secret variables
      inside commands (`buildCommand`, `startCommand` ...); and real passwords in URLs
      anywhere in the file;
    - Sanity configs (`sanity.config.*`, `sanity.cli.*`): string literals under
      secret-looking names (`token: 'sk...'`), wherever the file builds them;
    - `.railway/railway.ts`: a string literal that a secret-looking name may take (`env: {
      JWT_SECRET_KEY: "..." }`), on every branch of the file, not only in the environments
      the policy evaluates: `ctx.environment === "production" ? "..." : preserve()`, a
      condition on `ctx.isEnvironment("pr-42")` or on `process.env.X`, a constant or a
      helper that returns one are all committed; and the same command and URL checks
      everywhere else (`start`, `build`...). The finding stands at the literal.
      `preserve()` and references are not literals; `ctx.randomString(...)` is SL109's.

    A value written like a variable name (`apiKey: 'OPENAI_API_KEY'`: plugins take the name
    of the variable that holds the secret) is not a secret.

    ## Why
    Config files are committed: the secret lands in git history, in every clone and
    fork. A Sanity Studio's config is also bundled into the Studio, which every editor's
    browser downloads.

    ## Example
    ```json path="frontend/vercel.json"
    {"build": {"env": {"SENTRY_AUTH_TOKEN": "sntrys_eyJpYXQiOjE3MzY2OTEyMDB9_Xq3vLm8Pz"}}}
    ```

    ## Use instead
    ```json path="frontend/vercel.json"
    {"buildCommand": "next build"}
    ```
    ```dotenv path="frontend/.env.preview"
    SENTRY_AUTH_TOKEN=sntrys_eyJpYXQiOjE3MzY2OTEyMDB9_Xq3vLm8Pz
    ```

    ## How to fix
    Move the value to the platform's variables (Railway service variables; Vercel
    Project Settings → Environment Variables, or `vercel env add`) and read it from the
    environment (`process.env.SANITY_API_TOKEN` on the server side). Rotate the secret: it
    is in the history.

    ## Guide
    Railway Step 3 and Vercel Step 3 (config files hold build settings, not variables);
    Security Considerations → Secrets Management ("Railway/Vercel encrypted environment
    variables").
    """

    code = "SL108"
    name = "secret-in-config"
    default_severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Violation]:
        yield from _iac_secrets(ctx)
        for service in ctx.project.services.values():
            if service.railway is not None:
                yield from _config_secrets(ctx, service, service.railway, "Railway")
            for vercel in service.vercel_configs():
                yield from _config_secrets(ctx, service, vercel, "Vercel")
            for sanity in service.sanity:
                name = sanity.path.rsplit("/", 1)[-1]
                for found in sanity.literals:
                    if not _is_literal_secret(found.value.reveal()):
                        continue
                    yield Violation(
                        message=(
                            f"{found.key} in {name} is a secret literal; read it from an "
                            "environment variable on the server side instead"
                        ),
                        location=found.location,
                        service=service.name,
                        variable=found.key,
                    )


def _iac_secrets(ctx: Context) -> Iterator[Violation]:
    """Secret literals of ``.railway/railway.ts``: every literal a named value may take, on
    every branch (the file is committed whatever environment it is evaluated for), then the
    variables and settings evaluation computed (``"a" + "b"``); each literal once, at the
    literal."""
    seen: set[Location] = set()
    for name, location, service, key, text, variable in _iac_strings(ctx):
        if location in seen:
            continue
        found = _secret_in(ctx, key, text, "Railway")
        if found is not None:
            seen.add(location)
            yield _iac_violation(name, found, location, service, variable)


def _iac_strings(
    ctx: Context,
) -> Iterator[tuple[str, Location, str | None, str | None, str, str | None]]:
    """(file name, location, service, property name, text, variable) of each string of
    ``.railway/railway.ts`` in that order: its literals, its variables' literal values, the
    strings of its services' settings (which name no variable)."""
    for iac_file in ctx.project.iac_files:
        name = iac_file.path.rsplit("/", 1)[-1]
        for literal in iac_file.literals:
            key = literal.key
            yield name, literal.location, literal.service, key, literal.value.reveal(), key
    for env_file in ctx.project.env_files:
        if not isinstance(env_file, IacVariables):
            continue
        name = env_file.path.rsplit("/", 1)[-1]
        for var in env_file.variables:
            if isinstance(var, IacVariable) and var.origin == "literal" and var.value is not None:
                text = var.value.reveal()
                yield name, var.value_location, env_file.service, var.key, text, var.key
    for service in ctx.project.services.values():  # settings evaluation computed
        config = service.iac
        if config is None:
            continue
        name = config.path.rsplit("/", 1)[-1]
        for path, key, text in _strings(config.data, (), 0):
            yield name, config.location(*path), service.name, key, text, None


def _iac_violation(
    name: str,
    found: tuple[str | None, str],
    location: Location,
    service: str | None,
    key: str | None,
) -> Violation:
    variable, what = found
    return Violation(
        message=(
            f"{what} in {name} is a secret literal; write preserve() there and set the value "
            "in Railway"
        ),
        location=location,
        environment=None,
        service=service,
        variable=variable if variable is not None else key,
    )


def _config_secrets(
    ctx: Context, service: Service, config: ConfigFile, platform: str
) -> Iterator[Violation]:
    name = config.path.rsplit("/", 1)[-1]
    for path, key, text in _strings(config.data, (), 0):
        found = _secret_in(ctx, key, text, platform)
        if found is None:
            continue
        variable, what = found
        environment = path[1] if len(path) > 2 and path[0] == "environments" else None
        yield Violation(
            message=(
                f"{what} in {name} is a secret literal; set it as a {platform} variable instead"
            ),
            location=config.location(*path),
            environment=str(environment) if environment is not None else None,
            service=service.name,
            variable=variable,
        )


def _strings(
    node: Any, path: tuple[str | int, ...], depth: int, name: str | None = None
) -> Iterator[tuple[tuple[str | int, ...], str | None, str]]:
    """(path, property name, text) of every string in the data; a list item takes the
    name of the property holding the list (``preDeployCommand``): ``name``, the last
    property name on ``path``."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(node, dict):
        items: Any = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return
    for key, value in items:
        here = (*path, key)
        named = key if isinstance(key, str) else name
        if isinstance(value, str):
            yield here, named, value
        else:
            yield from _strings(value, here, depth + 1, named)


def _is_literal_secret(text: str) -> bool:
    """Not a placeholder, a reference (``$VAR``, ``${VAR}``) or a variable's name."""
    return not (
        is_placeholder(text)
        or re.search(_REFERENCE, text) is not None
        or re.match(_VARIABLE_NAME, text) is not None
    )


def _holds_secret(catalogue: Catalogue, name: str, text: str, platform: str) -> bool:
    """Whether ``text``, the value of ``name``, is a secret literal."""
    if platform == "Vercel" and text.startswith("@"):
        return False  # the name of a legacy `vercel secrets` entry
    return (
        is_secret_key(catalogue, name)
        and _is_literal_secret(text)
        and secret_part(catalogue, name, text) is not None
    )


def _secret_names(ctx: Context) -> KeyAnswers:
    """Whether a property name says secret (``apiToken``: ``API_TOKEN``), per check: a
    platform config file repeats a few names (200 ``startCommand`` at 200 services), and
    :func:`_holds_secret` asks first of all whether the name is a secret key's."""
    catalogue = ctx.catalogue
    return ctx.shared(
        "SL108 secret names",
        lambda: KeyAnswers(lambda name: is_secret_key(catalogue, config_key_name(name))),
    )


def _secret_in(
    ctx: Context, key: str | None, text: str, platform: str
) -> tuple[str | None, str] | None:
    """(variable, description) of the first secret in one string value, or None."""
    catalogue = ctx.catalogue
    if (
        key is not None
        and _secret_names(ctx)[key]  # what _holds_secret asks first, once per name
        and _holds_secret(catalogue, config_key_name(key), text, platform)
    ):
        return key, key
    if "=" in text:  # what an assignment needs
        for match in _ASSIGNMENT.finditer(text):
            variable, value = match.group(1), match.group(2).strip("'\"")
            if _holds_secret(catalogue, variable, value, platform):
                return variable, f"{variable} in {key or 'a command'}"
    for url in urls_in(text):
        password = url_password(url)
        if password is not None and not is_placeholder_password(password):
            return None, f"the password in a URL of {key}" if key else "a URL password"
    return None
