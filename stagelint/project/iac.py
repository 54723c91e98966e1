"""Railway's IaC services in the project model: which folder each one is, and the views that
let every Railway rule judge them.

``.railway/railway.ts`` names services; the repository holds folders. A service is the folder
its ``rootDirectory`` names (relative to the project root, or to the folder holding
``.railway``), else the one folder named like the service (exactly, then ignoring case, with
spaces and underscores read as hyphens); when several folders could be it, or none, the
service has no folder and exists through the IaC file alone. A service's folder makes it the
owner of the env files there, like a directory holding ``railway.json`` does; a folder that
already is a service (it holds ``railway.json``, ``vercel.json``...) becomes the same service,
named as Railway names it (unless the user's settings named it).

Each IaC service gets, for the rules: a :class:`~stagelint.model.deployment.RailwayIacConfig` (its
settings in each evaluated environment, shaped like config as code) and one
:class:`~stagelint.model.deployment.IacVariables` per environment (its variables, shaped like an env
file).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stagelint.model.deployment import (
    IacService,
    IacVariables,
    Location,
    NotCheckable,
    RailwayIacConfig,
    RailwayIacFile,
)
from stagelint.model.regex import lazy
from stagelint.project.discover import DiscoveredService, Discovery, assign_env_files

__all__ = ["by_environment", "iac_services", "iac_variables", "iac_view", "place_iac_services"]

_SEPARATORS = lazy(r"[\s_]+")


def iac_services(iac_file: RailwayIacFile) -> dict[str, list[IacService]]:
    """Service name -> its definitions, one per evaluated environment that has it."""
    found: dict[str, list[IacService]] = {}
    for evaluated in iac_file.environments.values():
        for service in evaluated.services:
            found.setdefault(service.name, []).append(service)
    return found


def by_environment(iac_file: RailwayIacFile) -> dict[str, dict[str, IacService]]:
    """Environment -> service name -> its definition there (the first, if named twice)."""
    return {
        environment: {s.name: s for s in reversed(evaluated.services)}
        for environment, evaluated in iac_file.environments.items()
    }


def place_iac_services(
    found: Discovery, iac_files: list[RailwayIacFile], declared: frozenset[str] = frozenset()
) -> dict[str, str | None]:
    """Add the IaC files' services to ``found`` (merging with the folders they are) and
    re-assign env files; return service -> folder (None: no folder). ``declared`` are the
    names the user's settings gave: those services keep their names."""
    folders: dict[str, str | None] = {}
    by_name = _directories_by_name(found.directories)
    roots = {service.root: service for service in found.services.values()}
    owned = _folders_with_env_files(found)
    directories = set(found.directories)
    for iac_file in iac_files:
        for name, definitions in iac_services(iac_file).items():
            if name in folders:
                continue  # a second IaC file naming the same service: the first wins
            folder = _folder(name, definitions, iac_file.root, directories, by_name, roots, owned)
            folders[name] = folder
            _add_service(found, name, folder, roots, declared)
    # in the order of their folders, as the walk found them (folder-less services last)
    ordered = sorted(found.services.values(), key=lambda s: (not s.root, s.root))
    found.services = {service.name: service for service in ordered}
    assign_env_files(found)
    return folders


def _add_service(
    found: Discovery,
    name: str,
    folder: str | None,
    roots: dict[str, DiscoveredService],
    declared: frozenset[str],
) -> None:
    existing = roots.get(folder) if folder is not None else None
    if existing is None:
        existing = found.services.get(name)
    if existing is None:
        service = DiscoveredService(name, folder if folder is not None else "", ["railway"])
        found.services[name] = service
        if folder is not None:
            roots[folder] = service
        return
    if existing.name != name and existing.name not in declared and name not in found.services:
        del found.services[existing.name]
        existing.name = name
        found.services[name] = existing
    if "railway" not in existing.platforms:
        existing.platforms.insert(0, "railway")


def _folder(
    name: str,
    definitions: list[IacService],
    iac_root: str,
    directories: set[str],
    by_name: dict[str, list[str]],
    roots: dict[str, DiscoveredService],
    owned: set[str],
) -> str | None:
    for definition in definitions:
        root = definition.root_directory
        if root is None:
            continue
        for candidate in (root, _join(iac_root, root)):
            if candidate in directories:
                return candidate
        return None  # a rootDirectory that is not in this repository: no folder
    candidates = [d for d in by_name.get(name, []) if _inside(d, iac_root)] or [
        d for d in by_name.get(_normal(name), []) if _inside(d, iac_root)
    ]
    if len(candidates) > 1:
        candidates = [d for d in candidates if d in roots or d in owned] or candidates
    return candidates[0] if len(candidates) == 1 else None


def _directories_by_name(directories: list[str]) -> dict[str, list[str]]:
    """Folder name (as is, and normalised) -> the folders of that name."""
    found: dict[str, list[str]] = {}
    for directory in directories:
        base = directory.rsplit("/", 1)[-1]
        if directory == ".":
            continue
        found.setdefault(base, []).append(directory)
        normal = _normal(base)
        if normal != base:
            found.setdefault(normal, []).append(directory)
    return found


def _folders_with_env_files(found: Discovery) -> set[str]:
    return {env.path.rsplit("/", 1)[0] if "/" in env.path else "." for env in found.env_files}


def _normal(name: str) -> str:
    return _SEPARATORS.sub("-", name.strip()).lower()


def _join(base: str, rel: str) -> str:
    if base == ".":
        return rel
    return base if rel == "." else f"{base}/{rel}"


def _inside(directory: str, root: str) -> bool:
    return root == "." or directory == root or directory.startswith(root + "/")


# -- the views the rules read -----------------------------------------------------------------


def iac_view(
    name: str,
    iac_file: RailwayIacFile,
    index: dict[str, dict[str, IacService]] | None = None,
) -> RailwayIacConfig | None:
    """The service's settings in every evaluated environment, as config as code would hold
    them under ``environments.<name>`` (``index``: :func:`by_environment` of the file)."""
    index = index if index is not None else by_environment(iac_file)
    environments: dict[str, Any] = {}
    positions: dict[tuple[str | int, ...], tuple[Location, Location]] = {}
    labels: dict[tuple[str | int, ...], str] = {}
    unknown: dict[tuple[str | int, ...], NotCheckable] = {}
    located: Location | None = None
    for environment, services in index.items():
        service = services.get(name)
        if service is None:
            continue
        located = located or service.location
        block: dict[str, Any] = {}
        for path, setting in service.settings.items():
            full = ("environments", environment, *path)
            positions[full] = (setting.key_location, setting.location)
            if isinstance(setting.value, NotCheckable) and len(path) == 1:
                unknown[full] = setting.value  # a whole block the file computes
                block.setdefault(str(path[0]), {})
                continue
            _put(block, path, setting.value)
        for path, where in service.positions.items():
            positions.setdefault(("environments", environment, *path), where)
        for path, label in service.labels.items():
            labels.setdefault(path, label)
        environments[environment] = block
    if located is None:
        return None
    for section in ("build", "deploy"):
        positions[(section,)] = (located, located)
    data = {"environments": environments}
    return RailwayIacConfig(iac_file.path, data, positions, labels, unknown)


def _put(block: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    node = block
    for part in path[:-1]:
        child = node.get(str(part))
        if not isinstance(child, dict):
            child = node[str(part)] = {}
        node = child
    node[str(path[-1])] = value


def iac_variables(
    name: str,
    iac_file: RailwayIacFile,
    index: dict[str, dict[str, IacService]] | None = None,
) -> Iterator[IacVariables]:
    """The service's variables, one env-file-like view per evaluated environment."""
    index = index if index is not None else by_environment(iac_file)
    for environment, services in index.items():
        service = services.get(name)
        if service is None:
            continue
        found = IacVariables(iac_file.path, name, environment, service.location)
        found.variables = list(service.variables)
        yield found
