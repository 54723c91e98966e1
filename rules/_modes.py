"""Helpers shared by the SL2 rules (third-party modes): Sanity config values as a deploy sees
them, and the catalogue names of a role.

A Sanity config is shared by every environment; what one environment deploys depends on the
environment variables of that deploy (``SANITY_STUDIO_DATASET=staging npx sanity deploy``).
:func:`sanity_settings` resolves each ``projectId``/``dataset`` the way the deploy does: the
env files of the config's own service in that environment first, then the default written
after ``||``/``??``. Whatever only the platform knows (a reference, an unset variable without
default, an expression the parser could not read) stays unknown and is never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Literal

from stagelint.model.deployment import Location, SanityConfig, SanityValue, Variable
from stagelint.model.regex import lazy
from stagelint.model.tuples import NamedTuple
from stagelint.policy.context import Context
from stagelint.policy.rule import literal

Field = Literal["project_id", "dataset"]

_DATASET_CHARS = lazy(r"^[a-z0-9][-_a-z0-9]+$")
_PROJECT_ID = lazy(r"^[-a-z0-9]+$", re.IGNORECASE)


class SanitySetting(NamedTuple):
    """One ``projectId`` or ``dataset`` of a Sanity config, resolved for one environment."""

    service: str
    config: SanityConfig
    value: SanityValue
    text: str
    location: Location
    """Where ``text`` stands: the literal, the ``process.env`` expression (for its default),
    or the env binding that supplied it."""
    via: Variable | None = None
    """The env binding the value came from; None for a literal or a default."""

    @property
    def file_name(self) -> str:
        return self.config.path.rsplit("/", 1)[-1]

    @property
    def from_default(self) -> bool:
        return self.via is None and self.value.literal is None


def role_names(ctx: Context, role: str) -> frozenset[str]:
    """Every variable name (aliases included) the catalogue gives ``role``."""
    return frozenset(ctx.catalogue.with_role(role))


def canonical_name(ctx: Context, role: str, fallback: str) -> str:
    """The catalogue's main name for ``role`` (``LEMON_SQUEEZY_TEST_MODE``, not an alias)."""
    for name in ctx.catalogue.with_role(role):
        info = ctx.catalogue.get(name)
        if info is not None and info.name:
            return info.name
    return fallback


def resolved(
    value: SanityValue, bindings: Mapping[str, Variable]
) -> tuple[str, Location, Variable | None] | None:
    """What ``value`` is when deployed with ``bindings`` (key -> winning binding): the
    literal; else the first of its env variables that ``bindings`` set; else its default.

    None when it cannot be known: an unreadable expression, a variable holding a reference
    or an empty value (``||`` and ``??`` treat it differently), no variable and no default.
    """
    if value.unknown:
        return None
    if value.literal is not None:
        return value.literal, value.location, None
    if value.env_var is None:
        return None
    for name in (value.env_var, *value.fallbacks):
        var = bindings.get(name)
        if var is None or var.value is None:  # a bare `KEY` sets nothing
            continue
        text = literal(var)
        if not text:
            return None
        return text, var.location, var
    if value.default is not None:
        return value.default, value.location, None
    return None


def sanity_settings(ctx: Context, field: Field, environment: str) -> Iterator[SanitySetting]:
    """Every readable ``projectId`` or ``dataset`` of the project's Sanity configs, resolved
    with the env files that ``environment`` deploys each config's service with."""
    for service in ctx.project.services.values():
        if not service.sanity:
            continue
        bindings = ctx.variables(environment, service.name).get(service.name, {})
        for config in service.sanity:
            for workspace in config.workspaces:
                value = workspace.project_id if field == "project_id" else workspace.dataset
                if value is None:
                    continue
                found = resolved(value, bindings)
                if found is not None:
                    text, location, via = found
                    yield SanitySetting(service.name, config, value, text, location, via)


def env_vars_read(ctx: Context, field: Field) -> frozenset[str]:
    """The variables Sanity configs read for ``field`` (``process.env.X`` and fallbacks)."""
    names: set[str] = set()
    for service in ctx.project.services.values():
        for config in service.sanity:
            for workspace in config.workspaces:
                value = workspace.project_id if field == "project_id" else workspace.dataset
                if value is not None and value.env_var is not None:
                    names.add(value.env_var)
                    names.update(value.fallbacks)
    return frozenset(names)


def dataset_name_problem(name: str) -> str | None:
    """Why Sanity rejects ``name`` as a dataset name (the rules of ``sanity dataset
    create``), or None for a valid name."""
    if name.lower() != name:
        return "dataset names are all lowercase"
    if len(name) < 2:
        return "dataset names have at least 2 characters"
    if len(name) > 64:
        return "dataset names have at most 64 characters"
    if not name[0].isascii() or not name[0].isalnum():
        return "dataset names start with a letter or a digit"
    if not _DATASET_CHARS.match(name):
        return "dataset names hold only letters, digits, dashes and underscores"
    if name.endswith(("-", "_")):
        return "dataset names do not end with a dash or an underscore"
    return None


def is_project_id(text: str) -> bool:
    """Whether ``text`` has the shape of a Sanity project id (safe to quote in a message)."""
    return bool(_PROJECT_ID.match(text)) and len(text) <= 32
