"""Finding the files of a project and what each one is (the **contract** conventions).

- A directory holding ``railway.json``/``railway.toml`` is a Railway service; a Vercel config
  (``vercel.json``, ``vercel.toml``, ``vercel.ts``/``.mts``/``.js``/``.mjs``/``.cjs``) or
  ``next.config.*`` a Vercel service; ``sanity.config.*``/``sanity.cli.*`` a Sanity
  service. Its name is the directory's name (the root's: the project's).
- An env file belongs to the nearest service directory at or above it, else to the project.
- The environment comes from the file name (:func:`classify_env_file`), unless settings map
  the file to another one.
- The walk skips ``.git``, ``node_modules``, virtualenvs and build output, never follows
  symlinked directories, and never reads a file whose real path lies outside the root.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from pathlib import Path

from stagelint.model.deployment import Platform, environment_named
from stagelint.model.slotted import field, slotted
from stagelint.model.stack import is_stack_file
from stagelint.model.tuples import NamedTuple
from stagelint.project.settings import Settings

SKIP_DIRS = frozenset(
    {".git", "node_modules", ".venv", "venv", ".next", "dist", "build", "__pycache__"}
)

RAILWAY_FILES = ("railway.json", "railway.toml")
IAC_DIRECTORY = ".railway"
IAC_FILES = tuple(
    f"railway.{suffix}" for suffix in ("ts", "mts", "cts", "js", "mjs", "cjs", "py", "go")
)
"""Railway's infrastructure-as-code file names in ``.railway/``, in the order the Railway CLI
evaluates them (TypeScript and JavaScript, then the beta Python and Go)."""
VERCEL_FILES = (
    "vercel.json",
    "vercel.toml",
    "vercel.ts",
    "vercel.mts",
    "vercel.js",
    "vercel.mjs",
    "vercel.cjs",
)
"""Vercel's project config files, in the order the Vercel CLI lists them when it refuses a
folder holding more than one (vercel/vercel ``compile-vercel-config.ts``)."""
VERCEL_DIR = ".vercel"
"""Where the Vercel CLI keeps its link, pulled env files (``.env.preview.local``), the
``vercel.json`` it compiles from ``vercel.ts``/``vercel.toml``, and build output."""
SANITY_STUDIO_SUFFIXES = (".ts", ".js", ".mjs", ".tsx", ".jsx")
SANITY_CLI_SUFFIXES = (".ts", ".js", ".mjs")

_TEMPLATE_SUFFIXES = ("example", "sample", "template", "dist", "defaults")


class EnvKind(NamedTuple):
    """What an env file feeds: an environment, and whether it is a template."""

    environment: str | None
    template: bool = False


def is_env_file_name(name: str) -> bool:
    """``.env`` and ``.env.<anything>``; not ``.envrc`` (a direnv shell script)."""
    return name == ".env" or name.startswith(".env.")


def classify_env_file(name: str) -> EnvKind:
    """The environment a dotenv file feeds, from its name alone.

    ``.env.staging``/``.env.preview`` -> staging (Vercel's Preview scope is the guide's
    staging); ``.env.production``/``.env.prod`` -> production; ``.env``, ``.env.local``,
    ``.env.development`` -> development; ``.env.example``/``.sample``/``.template`` and
    ``*.example`` variants (``.env.staging.example``) -> templates (of that environment
    when named). ``.env.production.local`` overrides production, as Next.js reads it.
    Any other ``.env.<name>`` feeds the custom environment ``<name>``.
    """
    parts = [p for p in name.split(".") if p][1:]  # drop "env"
    template = False
    if parts and parts[-1].lower() in _TEMPLATE_SUFFIXES:
        template = True
        parts = parts[:-1]
    if not parts:
        return EnvKind(None if template else "development", template)
    words = [p.lower() for p in parts]
    if words[-1] == "local" and len(words) > 1:
        words = words[:-1]
    return EnvKind(environment_named(words[0]), template)


def env_kind_from_setting(value: str) -> EnvKind:
    """A settings value such as ``staging``, ``template`` or ``template:staging``."""
    if value == "template":
        return EnvKind(None, True)
    if value.startswith("template:"):
        return EnvKind(value.split(":", 1)[1] or None, True)
    return EnvKind(value, False)


@slotted
class DiscoveredService:
    name: str
    root: str
    """Directory relative to the project root (``.`` for the root itself)."""
    platforms: list[Platform] = field(default_factory=list)
    railway: str | None = None
    railway_ignored: str | None = None
    """``railway.json`` when ``railway.toml`` stands beside it: Railway reads the TOML."""
    vercel: str | None = None
    vercel_others: list[str] = field(default_factory=list)
    """Further Vercel config files in the same directory (Vercel refuses to build: SL608)."""
    sanity: list[tuple[str, str]] = field(default_factory=list)
    """(path, ``studio``|``cli``) of each Sanity config file."""


@slotted
class DiscoveredEnvFile:
    path: str
    service: str
    kind: EnvKind
    mapped: bool = False
    """True when settings gave the environment (it then wins over what the file says)."""


@slotted
class Discovery:
    """The files of a project, classified; paths relative to the root, with ``/``."""

    root: Path
    project_name: str
    services: dict[str, DiscoveredService] = field(default_factory=dict)
    env_files: list[DiscoveredEnvFile] = field(default_factory=list)
    not_files: list[str] = field(default_factory=list)
    """Directories named like a config or env file (``railway.json/``): reported."""
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    """Directories the walk could not list, with the reason: reported, never skipped
    silently (a whole service would vanish from the check)."""
    iac_files: list[str] = field(default_factory=list)
    """``.railway/railway.*`` files, one per ``.railway`` directory (the first of
    :data:`IAC_FILES` it holds)."""
    stack_files: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Directory -> the manifests and framework configs it holds (``package.json``,
    ``pyproject.toml``, ``vite.config.ts``...): what :mod:`stagelint.model.stack` reads to tell
    what a service is built with. Only directories holding any."""
    directories: list[str] = field(default_factory=list)
    """Every directory walked (root-relative, ``.`` for the root): where IaC services may
    live (a folder named like the service)."""


def _platform_files(
    names: Iterable[str],
) -> tuple[list[str], list[str], list[tuple[str, str]], bool]:
    railway: list[str] = []
    vercel: list[str] = []
    sanity: list[tuple[str, str]] = []
    next_config = False
    for name in sorted(names):
        if name in RAILWAY_FILES:
            railway.insert(0, name)  # railway.toml before railway.json: Railway reads it
        elif name in VERCEL_FILES:
            vercel.append(name)
        elif name.startswith("next.config."):
            next_config = True
        elif name.startswith("sanity.config.") and name[13:] in SANITY_STUDIO_SUFFIXES:
            sanity.append((name, "studio"))
        elif name.startswith("sanity.cli.") and name[10:] in SANITY_CLI_SUFFIXES:
            sanity.append((name, "cli"))
    vercel.sort(key=VERCEL_FILES.index)
    return railway, vercel, sanity, next_config


def discover(root: Path, settings: Settings) -> Discovery:
    """Walk ``root`` and classify what it holds."""
    root = root.resolve()
    project_name = root.name or "project"
    result = Discovery(root, project_name)
    real_root = str(root)
    env_candidates: list[str] = []
    excludes = settings.exclude

    def unreadable(exc: OSError) -> None:
        where = os.path.relpath(exc.filename, real_root) if exc.filename else "."
        result.unreadable.append((where.replace(os.sep, "/"), exc.strerror or type(exc).__name__))

    prefix = real_root if real_root.endswith(os.sep) else real_root + os.sep
    for dirpath, dirnames, filenames in os.walk(real_root, followlinks=False, onerror=unreadable):
        # os.walk joins names onto real_root: cut it off (os.path.relpath cost 10 µs a folder)
        if dirpath.startswith(prefix):
            rel_dir = dirpath[len(prefix) :].replace(os.sep, "/") or "."
        else:
            rel_dir = os.path.relpath(dirpath, real_root).replace(os.sep, "/")
        result.not_files.extend(
            _join(rel_dir, d) for d in dirnames if _looks_like_target(d) and d not in SKIP_DIRS
        )
        dirnames[:] = sorted(
            d for d in dirnames if d not in SKIP_DIRS and not _excluded(_join(rel_dir, d), excludes)
        )
        names = [n for n in filenames if not _excluded(_join(rel_dir, n), excludes)]
        if rel_dir == VERCEL_DIR or rel_dir.endswith("/" + VERCEL_DIR):
            # The Vercel CLI's own directory: the env files `vercel pull` writes belong to
            # the project around it; its compiled vercel.json and build output do not.
            dirnames[:] = []
            names = [n for n in names if is_env_file_name(n)]
        result.directories.append(rel_dir)
        stack_files = tuple(n for n in names if is_stack_file(n))
        if stack_files:
            result.stack_files[rel_dir] = stack_files
        if rel_dir.rsplit("/", 1)[-1] == IAC_DIRECTORY:
            iac = next((n for n in IAC_FILES if n in names), None)
            if iac is not None:
                result.iac_files.append(_join(rel_dir, iac))
            result.not_files.extend(_join(rel_dir, d) for d in dirnames if d in IAC_FILES)
        railway, vercel, sanity, next_config = _platform_files(names)
        if railway or vercel or next_config or sanity:
            name = project_name if rel_dir == "." else rel_dir.rsplit("/", 1)[-1]
            name = _unique(name, rel_dir, result.services)
            service = DiscoveredService(name, rel_dir)
            if railway:
                service.railway = _join(rel_dir, railway[0])
                if len(railway) > 1:
                    service.railway_ignored = _join(rel_dir, railway[1])
                service.platforms.append("railway")
            if vercel or next_config:
                service.vercel = _join(rel_dir, vercel[0]) if vercel else None
                service.vercel_others = [_join(rel_dir, name) for name in vercel[1:]]
                service.platforms.append("vercel")
            if sanity:
                service.sanity = [(_join(rel_dir, n), kind) for n, kind in sanity]
                service.platforms.append("sanity")
            result.services[name] = service
        for name in names:
            if is_env_file_name(name) or _mapped_env(_join(rel_dir, name), settings):
                env_candidates.append(_join(rel_dir, name))

    for name, declared in settings.services.items():
        rel = declared.path.strip("/").replace(os.sep, "/") or "."
        existing = result.services.get(name) or next(
            (s for s in result.services.values() if s.root == rel), None
        )
        service = existing if existing is not None else DiscoveredService(name, rel)
        if service.name != name:
            del result.services[service.name]
            service.name = name
        if declared.platform != "unknown" and declared.platform not in service.platforms:
            service.platforms.insert(0, declared.platform)
        result.services[name] = service

    for rel_path in sorted(env_candidates):
        mapped = _mapped_env(rel_path, settings)
        kind = (
            env_kind_from_setting(mapped)
            if mapped
            else classify_env_file(rel_path.rsplit("/", 1)[-1])
        )
        result.env_files.append(DiscoveredEnvFile(rel_path, project_name, kind, bool(mapped)))
    assign_env_files(result)
    return result


def assign_env_files(found: Discovery) -> None:
    """Give each env file to the nearest service directory at or above it (else to the
    project); run again when services are added (the IaC file's services)."""
    service_roots = sorted(
        ((s.root, s.name) for s in found.services.values()), key=lambda item: -len(item[0])
    )
    owners = _owners(service_roots)
    for env in found.env_files:
        env.service = _owner(env.path, owners, found.project_name)


def _join(rel_dir: str, name: str) -> str:
    return name if rel_dir == "." else f"{rel_dir}/{name}"


def _excluded(rel_path: str, patterns: tuple[str, ...]) -> bool:
    return any(
        fnmatch.fnmatchcase(rel_path, p) or fnmatch.fnmatchcase(rel_path.rsplit("/", 1)[-1], p)
        for p in patterns
    )


def _mapped_env(rel_path: str, settings: Settings) -> str | None:
    """The environment settings give this file, if a glob matches it (first match wins)."""
    if not settings.environments:
        return None
    name = rel_path.rsplit("/", 1)[-1]
    for pattern, environment in settings.environments.items():
        if fnmatch.fnmatchcase(rel_path, pattern) or fnmatch.fnmatchcase(name, pattern):
            return environment
    return None


def _unique(name: str, rel_dir: str, taken: dict[str, DiscoveredService]) -> str:
    """Two services in directories of the same name get their relative paths as names."""
    return rel_dir if name in taken else name


def _owners(service_roots: list[tuple[str, str]]) -> dict[str, tuple[int, str]]:
    """Service root -> (its rank in ``service_roots``, its service): the first root in that
    order that holds a file owns it."""
    owners: dict[str, tuple[int, str]] = {}
    for rank, (root, name) in enumerate(service_roots):
        owners.setdefault(root, (rank, name))
    return owners


def _owner(rel_path: str, owners: dict[str, tuple[int, str]], project_name: str) -> str:
    """The service of the first root (in rank order) that is the file's directory, one of
    its parents, or ``.``. Looks up the file's few parents instead of trying every service:
    a 1,000-service project has 3,000 env files."""
    directory = rel_path.rsplit("/", 1)[0] if "/" in rel_path else "."
    candidates = [owners.get(".")]
    while directory != ".":
        candidates.append(owners.get(directory))
        directory = directory.rsplit("/", 1)[0] if "/" in directory else "."
    found = min((c for c in candidates if c is not None), default=None)
    return found[1] if found is not None else project_name


def _looks_like_target(name: str) -> bool:
    return (
        name in RAILWAY_FILES
        or name in VERCEL_FILES
        or is_env_file_name(name)
        or name.startswith(("sanity.config.", "sanity.cli."))
    )
