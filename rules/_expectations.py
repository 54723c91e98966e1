"""Helpers shared by the SL5 rules (environment identity and variables)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from stagelint.model.deployment import EnvFile, Variable
from stagelint.model.values import looks_random
from stagelint.policy.context import Context

PLATFORM_TITLES = {"railway": "Railway", "vercel": "Vercel", "sanity": "Sanity"}
URL_KINDS = frozenset({"url", "postgres-url", "redis-url"})
"""Catalogue kinds whose URL syntax SL306 (invalid-url) judges."""
_QUOTABLE = re.compile(r"[A-Za-z0-9 ._:/@+-]{1,24}")
_ALNUM_RUN = re.compile(r"[A-Za-z0-9]+")
_RANDOM_RUN = 10


def by_service(files: Iterable[EnvFile]) -> dict[str, list[EnvFile]]:
    """Service name -> its files, sorted by path (the first is the service's main file:
    ``.env.staging`` before ``.env.staging.local``)."""
    result: dict[str, list[EnvFile]] = {}
    for env_file in sorted(files, key=lambda f: f.path):
        result.setdefault(env_file.service, []).append(env_file)
    return result


def platforms_of(ctx: Context, service: str) -> tuple[str, ...]:
    """Every platform of a service, primary first (a Next.js app may embed a Studio);
    nothing for project-level files outside any service."""
    found = ctx.project.services.get(service)
    if found is None:
        return ()
    platforms = tuple(p for p in found.platforms if p != "unknown")
    if found.platform != "unknown" and found.platform not in platforms:
        platforms = (found.platform, *platforms)
    return platforms


def stack_conditions(
    ctx: Context, service: str
) -> Callable[[tuple[str, ...], frozenset[str]], bool]:
    """Decides an expectation's ``when:`` for one service, from the project's evident stack
    (given the names of the variable, for the ``named`` condition)."""
    from functools import partial

    from stagelint.model.stack import holds_for

    return partial(holds_for, ctx.project, ctx.project.services.get(service))


def templates_for(templates: list[EnvFile], environment: str) -> list[EnvFile]:
    """The templates that document ``environment`` for one service: its own templates
    (``.env.staging.example``) when there are any, else the generic ones (``.env.example``)."""
    own = [t for t in templates if t.environment == environment]
    return own or [t for t in templates if t.environment is None]


def first_definition(files: Iterable[EnvFile], names: Iterable[str]) -> Variable | None:
    """The first binding of any of ``names`` in ``files`` (in order)."""
    wanted = set(names)
    for env_file in files:
        for var in env_file.variables:
            if var.key in wanted:
                return var
    return None


def shown(text: str) -> str | None:
    """A non-secret value quoted for a message, or None when it should not be shown.

    Only short, word-like values are quoted (``two``, ``development``, ``127.0.0.1``): a
    secret pasted into the wrong variable is long or random-looking, and must not reach a
    message through a key that is not secret."""
    text = text.strip()
    if not _QUOTABLE.fullmatch(text) or looks_random(text):
        return None
    for run in _ALNUM_RUN.findall(text):
        classes = sum(bool(re.search(c, run)) for c in ("[a-z]", "[A-Z]", "[0-9]"))
        if len(run) >= _RANDOM_RUN and classes >= 2:
            return None
    return f"'{text}'"
