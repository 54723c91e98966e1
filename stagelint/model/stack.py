"""What a service evidently is, from the files beside its config: its framework (and so the
prefix its bundler ships to browsers), its languages and its dependencies.

Policies write requirements for the guide's stack (a FastAPI backend on Railway, a Next.js
frontend with Sanity and NextAuth on Vercel); a project built otherwise must not be asked
for that stack's variables. Requirements therefore carry conditions (``when:`` of an
expectation, see :func:`holds`) that this module decides from evidence:

- the framework, from ``vercel.json``'s ``framework``, then ``package.json`` dependencies
  (``next``, ``@sveltejs/kit``, ``astro``, ``@remix-run/*``, ``react-scripts``, ``vite``), then
  framework config files (``next.config.*``, ``svelte.config.*``, ``astro.config.*``,
  ``remix.config.*``, ``vite.config.*``);
- the languages, from their manifests (``package.json``; ``pyproject.toml``,
  ``requirements.txt``, ``Pipfile``...; ``go.mod``, ``Cargo.toml``...);
- the dependencies named in ``package.json`` and in Python manifests.

Files are read, never run, and bounded like every project file (the loader reads them).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING

from stagelint.model.regex import lazy
from stagelint.model.tuples import NamedTuple

if TYPE_CHECKING:
    from stagelint.model.deployment import EnvFile, Project, Service


class Framework(NamedTuple):
    """A frontend framework: its key (as in ``when:``), its name, and the prefix of the
    variables its bundler inlines into the browser bundle (empty: none by prefix)."""

    key: str
    title: str
    public_prefix: str


FRAMEWORKS = {
    f.key: f
    for f in (
        Framework("nextjs", "Next.js", "NEXT_PUBLIC_"),
        Framework("vite", "Vite", "VITE_"),
        Framework("cra", "Create React App", "REACT_APP_"),
        Framework("remix", "Remix", ""),
        Framework("sveltekit", "SvelteKit", "PUBLIC_"),
        Framework("astro", "Astro", "PUBLIC_"),
    )
}
GUIDE_PREFIX = "NEXT_PUBLIC_"
"""The prefix policies write public variables with (the guide's frontend is Next.js)."""

_VERCEL_FRAMEWORKS = {
    "nextjs": "nextjs",
    "vite": "vite",
    "create-react-app": "cra",
    "remix": "remix",
    "sveltekit": "sveltekit",
    "sveltekit-1": "sveltekit",
    "astro": "astro",
}
"""``framework`` values of ``vercel.json`` (Vercel's framework slugs) -> our key."""
_DEPENDENCY_FRAMEWORKS = (
    ("next", "nextjs"),
    ("@sveltejs/kit", "sveltekit"),
    ("astro", "astro"),
    ("@remix-run/*", "remix"),
    ("react-scripts", "cra"),
    ("vite", "vite"),
)
"""Dependencies that name the framework, most specific first (SvelteKit, Astro and Remix
build with Vite; a Vite dependency alone means a plain Vite app)."""
_CONFIG_FRAMEWORKS = (
    ("next.config.", "nextjs"),
    ("svelte.config.", "sveltekit"),
    ("astro.config.", "astro"),
    ("remix.config.", "remix"),
    ("vite.config.", "vite"),
)
_CONFIG_PREFIXES = tuple(prefix for prefix, _ in _CONFIG_FRAMEWORKS)

PYTHON_FILES = frozenset(
    {
        "pyproject.toml",
        "requirements.txt",
        "Pipfile",
        "setup.py",
        "setup.cfg",
        "poetry.lock",
        "uv.lock",
        "manage.py",
    }
)
OTHER_LANGUAGE_FILES = {
    "package.json": "node",
    "deno.json": "deno",
    "go.mod": "go",
    "Cargo.toml": "rust",
    "Gemfile": "ruby",
    "composer.json": "php",
    "pom.xml": "java",
    "build.gradle": "java",
    "build.gradle.kts": "java",
    "mix.exs": "elixir",
}
MANIFESTS = ("package.json", "pyproject.toml", "requirements.txt", "Pipfile")
"""The files whose dependencies are read."""


def is_stack_file(name: str) -> bool:
    """Whether discovery should note a file name: a manifest or a framework config."""
    return name in PYTHON_FILES or name in OTHER_LANGUAGE_FILES or name.startswith(_CONFIG_PREFIXES)


class Stack(NamedTuple):
    """What the files of one service folder say it is."""

    framework: Framework | None = None
    languages: frozenset[str] = frozenset()
    dependencies: frozenset[str] = frozenset()


NO_STACK = Stack()


def detect(
    files: Iterable[str], texts: Mapping[str, str], vercel_framework: object = None
) -> Stack:
    """The stack of a folder holding ``files`` (names), ``texts`` the manifests read."""
    names = set(files)
    languages = {lang for name, lang in OTHER_LANGUAGE_FILES.items() if name in names}
    if names & PYTHON_FILES:
        languages.add("python")
    dependencies: set[str] = set()
    if "package.json" in texts:
        dependencies |= _package_json_dependencies(texts["package.json"])
    for name in ("pyproject.toml", "requirements.txt", "Pipfile"):
        if name in texts:
            dependencies |= _python_dependencies(texts[name])
    key = _VERCEL_FRAMEWORKS.get(vercel_framework) if isinstance(vercel_framework, str) else None
    if key is None:
        key = next(
            (fw for pattern, fw in _DEPENDENCY_FRAMEWORKS if _depends(dependencies, pattern)),
            None,
        )
    if key is None:
        key = next(
            (
                fw
                for prefix, fw in _CONFIG_FRAMEWORKS
                if any(name.startswith(prefix) for name in names)
            ),
            None,
        )
    return Stack(FRAMEWORKS[key] if key else None, frozenset(languages), frozenset(dependencies))


def _package_json_dependencies(text: str) -> set[str]:
    import json

    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return set()
    found: set[str] = set()
    if isinstance(data, dict):
        for section in ("dependencies", "devDependencies", "peerDependencies"):
            block = data.get(section)
            if isinstance(block, dict):
                found.update(str(name) for name in block)
    return found


_REQUIREMENT = lazy(r"""^\s*["']?([A-Za-z0-9][A-Za-z0-9._-]*)""", re.MULTILINE)


def _python_dependencies(text: str) -> set[str]:
    """Names that start a line or a quoted string of a Python manifest: requirement lines,
    ``dependencies = ["fastapi>=0.115", ...]`` entries, Poetry/Pipfile keys. Over-reading
    (a table key) only adds names no condition asks for."""
    found = {m.group(1).lower().replace("_", "-") for m in _REQUIREMENT.finditer(text)}
    found |= {
        m.lower().replace("_", "-")
        for m in re.findall(r"""["']([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?[<>=!~; "']""", text)
    }
    return found


def _depends(dependencies: Collection[str], pattern: str) -> bool:
    if GLOB_CHARS.isdisjoint(pattern):  # a plain name: one lookup, no fnmatch per name
        return pattern in dependencies
    return any(fnmatch.fnmatchcase(name, pattern) for name in dependencies)


GLOB_CHARS = frozenset("*?[")
"""What makes a name a glob for :func:`fnmatch.fnmatchcase` (policies' keys, conditions)."""


# --- Conditions (``when:`` of an expectation) ----------------------------------------------

CONDITION_WORDS = frozenset(
    {*FRAMEWORKS, "python", "node", "studio", "backend", "frontend", "named"}
)
"""Conditions without an argument; ``named:GLOB`` and ``depends:GLOB`` take one."""


def check_condition(condition: str) -> str | None:
    """Why ``condition`` is not one :func:`holds` understands, or None when it is."""
    for alternative in condition.split("|"):
        word = alternative.strip()
        kind, colon, argument = word.partition(":")
        if colon and kind in ("named", "depends"):
            if not argument.strip():
                return f"'{word}' needs a name or glob after the colon"
        elif word not in CONDITION_WORDS:
            known = ", ".join(sorted(CONDITION_WORDS))
            return f"unknown condition '{word}' (use {known}, named:GLOB or depends:GLOB)"
    return None


def holds(
    conditions: Iterable[str],
    project: Project,
    service: Service | None,
    names: frozenset[str] = frozenset(),
) -> bool:
    """Whether every condition holds for ``service`` (one holds when any of its
    ``|``-separated alternatives does):

    - ``nextjs``, ``vite``, ``cra``, ``remix``, ``sveltekit``, ``astro``: the service's
      framework. A Vercel service whose folder names no framework and holds no
      ``package.json`` counts as Next.js, the guide's frontend.
    - ``python``, ``node``: a language of the service. A Railway service whose folder holds
      no manifest of any language counts as Python, the guide's backend.
    - ``studio``: the project has a Sanity Studio (a ``sanity.config.*``).
    - ``backend``: another folder of the project is a Railway service.
    - ``frontend``: another folder of the project is a Vercel service.
    - ``named``: the service names the variable itself (``names``: its own name, aliases
      and spellings) in any of its env files: another environment or a template.
    - ``named:GLOB``: the service names a matching variable in any of its env files
      (every environment, templates included); ``VITE_X``, ``REACT_APP_X`` and ``PUBLIC_X``
      match as ``NEXT_PUBLIC_X`` too.
    - ``depends:GLOB``: a dependency of the service's ``package.json`` or Python manifest.

    Answers are kept per project: rules ask for every service and expectation."""
    answers = _facts(project).answers
    name = service.name if service is not None else None
    for condition in conditions:
        for alternative in condition.split("|"):
            alternative = alternative.strip()
            key = (name, alternative, names if alternative == "named" else _NO_NAMES)
            found = answers.get(key)
            if found is None:
                found = answers[key] = _one(alternative, project, service, names)
            if found:
                break
        else:
            return False
    return True


_NO_NAMES: frozenset[str] = frozenset()


class _ProjectFacts(NamedTuple):
    """What conditions ask of the whole project, found once per project."""

    project: Project
    studio: bool
    railway_roots: frozenset[str]
    vercel_roots: frozenset[str]
    named: dict[str, tuple[str, ...]]
    """Service -> the keys its env files name. Tuples, not sets: conditions only test them
    against small sets, and at 1,000 services a frozenset each held 2 MiB."""
    globs: dict[str, frozenset[str]]
    """``named:GLOB``'s pattern -> the project's keys it matches (``""``: every key)."""
    answers: dict[tuple[str | None, str, frozenset[str]], bool]
    """(service, one alternative, the names ``named`` asks for) -> whether it holds."""


_FACTS: dict[int, _ProjectFacts] = {}


def _facts(project: Project) -> _ProjectFacts:
    cached = _FACTS.get(id(project))
    if cached is not None and cached.project is project:
        return cached
    services = project.services.values()
    files_of: dict[str, list[EnvFile]] = {}
    for env_file in project.env_files:
        files_of.setdefault(env_file.service, []).append(env_file)
    facts = _ProjectFacts(
        project,
        any(c.kind == "studio" for s in services for c in s.sanity),
        frozenset(s.root for s in services if "railway" in s.platforms or s.iac is not None),
        frozenset(s.root for s in services if "vercel" in s.platforms),
        {
            name: tuple({var.key: None for f in files for var in f.variables})
            for name, files in files_of.items()
        },
        {},
        {},
    )
    _FACTS.clear()
    _FACTS[id(project)] = facts
    return facts


def holds_for(
    project: Project, service: Service | None, conditions: tuple[str, ...], names: frozenset[str]
) -> bool:
    """:func:`holds` with the project and service first (for ``functools.partial``)."""
    return holds(conditions, project, service, names)


def _one(condition: str, project: Project, service: Service | None, names: frozenset[str]) -> bool:
    stack = service.stack if service is not None else NO_STACK
    kind, _, argument = condition.partition(":")
    argument = argument.strip()
    if condition == "named":
        return service is not None and not names.isdisjoint(named_keys(project, service.name))
    if kind == "named":
        return service is not None and not _matching(project, argument).isdisjoint(
            named_keys(project, service.name)
        )
    if kind == "depends":
        return _depends(stack.dependencies, argument)
    if condition in FRAMEWORKS:
        framework = framework_of(service)
        return framework is not None and framework.key == condition
    if condition == "python":
        if "python" in stack.languages:
            return True
        return (
            service is not None
            and "railway" in service.platforms
            and not stack.languages
            and stack.framework is None
        )
    if condition == "node":
        return "node" in stack.languages
    if condition == "studio":
        return _facts(project).studio
    if condition in ("backend", "frontend"):
        facts = _facts(project)
        roots = facts.railway_roots if condition == "backend" else facts.vercel_roots
        here = service.root if service is not None else None
        return bool(roots - {here}) if here is not None else bool(roots)
    return False


def _named_as(key: str, pattern: str) -> bool:
    if fnmatch.fnmatchcase(key, pattern):
        return True
    for prefix in _OTHER_PUBLIC_PREFIXES:
        if key.startswith(prefix):
            return fnmatch.fnmatchcase(GUIDE_PREFIX + key[len(prefix) :], pattern)
    return False


_OTHER_PUBLIC_PREFIXES = ("VITE_", "REACT_APP_", "PUBLIC_")


def framework_of(service: Service | None) -> Framework | None:
    """The service's framework; a Vercel service with no sign of another is Next.js."""
    if service is None:
        return None
    if service.stack.framework is not None:
        return service.stack.framework
    if "vercel" in service.platforms and "node" not in service.stack.languages:
        return FRAMEWORKS["nextjs"]
    return None


def public_prefixes(service: Service | None) -> tuple[str, ...]:
    """The prefixes whose variables the service's bundlers ship to browsers: its
    framework's (``VITE_`` for Vite), ``SANITY_STUDIO_`` for a Studio; every known prefix
    when a client-side service's framework is unknown."""
    if service is None:
        return ()
    prefixes: list[str] = []
    framework = service.stack.framework
    if framework is not None:
        if framework.public_prefix:
            prefixes.append(framework.public_prefix)
    elif "vercel" in service.platforms:
        prefixes.extend(ALL_PUBLIC_PREFIXES)
    if "sanity" in service.platforms:
        prefixes.append("SANITY_STUDIO_")
    return tuple(dict.fromkeys(prefixes))


ALL_PUBLIC_PREFIXES = ("NEXT_PUBLIC_", "VITE_", "REACT_APP_", "PUBLIC_", "SANITY_STUDIO_")


def respell(key: str, service: Service | None) -> str:
    """``key`` as the service's framework spells it: a policy's ``NEXT_PUBLIC_API_URL`` is
    ``VITE_API_URL`` for a Vite app, ``API_URL`` for Remix."""
    framework = framework_of(service)
    if framework is None or not key.startswith(GUIDE_PREFIX):
        return key
    return framework.public_prefix + key[len(GUIDE_PREFIX) :]


def _matching(project: Project, pattern: str) -> frozenset[str]:
    """Every key of the project's env files that ``pattern`` names (a project has few
    distinct keys; services share most of them)."""
    facts = _facts(project)
    found = facts.globs.get(pattern)
    if found is None:
        every = facts.globs.get("")
        if every is None:
            every = facts.globs[""] = frozenset().union(*facts.named.values())
        found = facts.globs[pattern] = frozenset(k for k in every if _named_as(k, pattern))
    return found


def named_keys(project: Project, service: str) -> tuple[str, ...]:
    """Every key the service's env files name, in any environment (templates included)."""
    return _facts(project).named.get(service, ())


def evidence(
    conditions: Iterable[str],
    project: Project,
    service: Service | None,
    names: frozenset[str] = frozenset(),
) -> list[str]:
    """Why conditions that hold do, in words for a message ("the project has a Sanity
    Studio", "it names SANITY_API_TOKEN"); the service's own language and framework go
    unsaid (they hold for every service of the kind the policy describes)."""
    words: list[str] = []
    for condition in conditions:
        for alternative in condition.split("|"):
            said = _said(alternative.strip(), project, service, names)
            if said is not None:
                words.append(said)
                break
    return words


def _said(
    condition: str, project: Project, service: Service | None, names: frozenset[str]
) -> str | None:
    if service is None or not _one(condition, project, service, names):
        return None
    kind, _, argument = condition.partition(":")
    argument = argument.strip()
    if condition == "named":
        return "another environment or a template names it"
    if kind == "named":
        key = min(k for k in named_keys(project, service.name) if _named_as(k, argument))
        return f"the service names {key}"
    if kind == "depends":
        name = min(d for d in service.stack.dependencies if fnmatch.fnmatchcase(d, argument))
        return f"the service depends on {name}"
    return {
        "studio": "the project has a Sanity Studio",
        "backend": "the project has a Railway service",
        "frontend": "the project has a Vercel service",
    }.get(condition)


_PREFIX_FRAMEWORKS = (("NEXT_PUBLIC_", "nextjs"), ("VITE_", "vite"), ("REACT_APP_", "cra"))


def framework_from_names(keys: Iterable[str]) -> Framework | None:
    """The framework a folder's env files imply when its manifests say nothing (a
    repository may commit ``.env.production`` without ``package.json`` beside it): the one
    public prefix they use, if they use exactly one (``PUBLIC_`` is SvelteKit's and Astro's)."""
    used = {fw for key in keys for prefix, fw in _PREFIX_FRAMEWORKS if key.startswith(prefix)}
    return FRAMEWORKS[used.pop()] if len(used) == 1 else None
