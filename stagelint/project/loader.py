"""Discovery + parsers -> the :class:`~stagelint.model.deployment.Project` model.

Each parser is imported only when a file of its format exists: a project without Sanity
config never imports tree-sitter.
"""

from __future__ import annotations

import errno
import functools
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from stagelint.model.deployment import (
    PRODUCTION,
    STAGING,
    EnvFile,
    IacVariables,
    Location,
    Problem,
    Project,
    RailwayConfig,
    RailwayIacFile,
    SanityConfig,
    Service,
    SourceFile,
    Value,
    VercelConfig,
)
from stagelint.model.errors import ParseError
from stagelint.model.source import SourceText, is_inside, read_plain_file, read_source
from stagelint.model.stack import Stack
from stagelint.project.discover import Discovery, EnvKind, discover
from stagelint.project.settings import Settings

if TYPE_CHECKING:
    from stagelint.project.deployed import EnvFileSpec

DEFAULT_ENVIRONMENTS = (STAGING, PRODUCTION)
"""The environments ``.railway/railway.ts`` is evaluated for when the caller names none:
those the shipped policies judge and compare."""


def load_project(
    root: Path,
    settings: Settings,
    environments: Iterable[str] = DEFAULT_ENVIRONMENTS,
    deployed: Sequence[EnvFileSpec] = (),
) -> Project:
    """Discover and parse everything under ``root``; the IaC file is evaluated for each of
    ``environments`` (the policy's judged and compared environments). ``deployed`` are the
    operator's files of deployed values (``--env-file``), read wherever they are."""
    found = discover(root, settings)
    return build_project(found, settings, environments, deployed)


def build_project(
    found: Discovery,
    settings: Settings,
    environments: Iterable[str] = DEFAULT_ENVIRONMENTS,
    deployed: Sequence[EnvFileSpec] = (),
) -> Project:
    reader = _Reader(found.root, settings.max_file_size)
    values: dict[str, Value] = {}  # equal env values share one Value (see parse_dotenv)
    project = Project(root=found.root)
    if found.iac_files:
        project.iac_files = [
            _load_iac(reader, path, tuple(environments)) for path in found.iac_files
        ]
        from stagelint.project.iac import place_iac_services

        try:
            place_iac_services(found, project.iac_files, frozenset(settings.services))
        except Exception as exc:  # a bug must cost the IaC file, not the run
            _iac_failed(project.iac_files, exc)
    for discovered in found.services.values():
        service = Service(
            name=discovered.name,
            root=discovered.root,
            platform=discovered.platforms[0] if discovered.platforms else "unknown",
            platforms=tuple(discovered.platforms),
        )
        if discovered.railway:
            service.railway = _load_railway(reader, discovered.railway)
        if discovered.railway_ignored:
            service.railway_ignored = _load_railway(reader, discovered.railway_ignored)
        if discovered.vercel:
            service.vercel = _load_vercel(reader, discovered.vercel)
        service.vercel_others = [_load_vercel(reader, path) for path in discovered.vercel_others]
        for path, kind in discovered.sanity:
            service.sanity.append(_load_sanity(reader, path, kind))
        stack_files = found.stack_files.get(discovered.root)
        if stack_files:
            service.stack = _load_stack(reader, discovered.root, stack_files, service.vercel)
        project.services[service.name] = service
    for env in found.env_files:
        project.env_files.append(
            _load_env(reader, env.path, env.service, env.kind, values, env.mapped)
        )
    if project.iac_files:
        _attach_iac(project)
    if deployed:
        _add_deployed(project, deployed, settings.max_file_size, values)
    _frameworks_from_env_names(project)
    for path in found.not_files:
        project.other_files.append(
            SourceFile(
                path, [Problem("parse-error", "is a directory, not a file", Location.at(path))]
            )
        )
    for path, reason in found.unreadable:
        problem = Problem("parse-error", f"cannot read directory: {reason}", Location.at(path))
        project.other_files.append(SourceFile(path, [problem]))
    return project


def _add_deployed(
    project: Project, specs: Sequence[EnvFileSpec], max_size: int, values: dict[str, Value]
) -> None:
    """The operator's files of deployed values, each as its service's env file."""
    from stagelint.model.errors import UsageError
    from stagelint.project.deployed import read_deployed

    known = set(project.services) | {f.service for f in project.env_files}
    seen: dict[tuple[str, str], str] = {}
    for spec in specs:
        if spec.service not in known:
            names = ", ".join(sorted(known)) or "none"
            raise UsageError(
                f"{spec.origin} {spec.service}:{spec.environment}: no service named "
                f"{spec.service!r} in {project.root} (its services: {names})"
            )
        env_file = read_deployed(spec, max_size, values)
        key = (spec.service, env_file.environment or "")
        if key in seen:
            raise UsageError(
                f"{spec.origin} {spec.service}:{spec.environment}: {spec.service}'s "
                f"{env_file.environment} values are already given ({seen[key]})"
            )
        seen[key] = spec.path
        project.env_files.append(env_file)


class _Reader:
    """Reads project files: never outside the root, never past the size limit."""

    def __init__(self, root: Path, max_size: int) -> None:
        self.root = str(root)
        self.max_size = max_size

    def read(self, rel_path: str) -> SourceText | Problem:
        full = os.path.join(self.root, rel_path)
        plain = read_plain_file(full, rel_path, self.max_size)
        if plain is not None:
            return plain
        if os.path.islink(full):
            here = Location.at(rel_path)
            if not os.path.exists(full) and not _is_loop(full):
                return Problem("parse-error", "broken symbolic link", here)
            if os.path.exists(full) and not is_inside(full, self.root):
                return Problem(
                    "parse-error",
                    "symbolic link to a file outside the project root: not read",
                    here,
                )
        return read_source(full, rel_path, self.max_size)


def _is_loop(path: str) -> bool:
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


_Loaded = TypeVar("_Loaded", bound=SourceFile)


def _contained(
    empty: Callable[..., SourceFile],
) -> Callable[[Callable[..., _Loaded]], Callable[..., _Loaded]]:
    """Make a file's loader fail alone: an exception no parser should raise (a bug, or a
    value no one foresaw) becomes an SL001 problem on that file, and every other file is
    still read and every rule still runs. ``empty(path, problem, *rest)`` builds the file's
    model, as the loader's other arguments ``rest`` describe it, holding only the problem.
    The problem names the exception's type only: its message could quote the file."""

    def wrap(load: Callable[..., _Loaded]) -> Callable[..., _Loaded]:
        @functools.wraps(load)
        def guarded(reader: _Reader, path: str, *rest: Any) -> _Loaded:
            try:
                return load(reader, path, *rest)
            except Exception as exc:
                problem = Problem(
                    "parse-error",
                    f"stagelint cannot read this file: internal error ({type(exc).__name__}); "
                    "every other file is checked",
                    Location.at(path),
                )
                return empty(path, problem, *rest)  # type: ignore[return-value]

        return guarded

    return wrap


@_contained(
    lambda path, problem, service, kind, *_: EnvFile(
        path,
        [problem],
        service=service,
        environment=kind.environment,
        template=kind.template,
    )
)
def _load_env(
    reader: _Reader,
    path: str,
    service: str,
    kind: EnvKind,
    values: dict[str, Value],
    mapped: bool = False,
) -> EnvFile:
    """An env file, parsed. A file pulled from Vercel is read the Vercel CLI's way and feeds
    the environment its ``VERCEL_ENV`` names, unless settings map the file elsewhere."""
    env_file = EnvFile(path, service=service, environment=kind.environment, template=kind.template)
    source = reader.read(path)
    if isinstance(source, Problem):
        env_file.problems.append(source)
        return env_file
    from stagelint.parsers.dotenv import ParsedEnv, parse_dotenv
    from stagelint.parsers.vercel_pulled import is_pulled, read_pulled

    try:
        parsed: ParsedEnv
        if not kind.template and is_pulled(source.text, path):
            pulled = read_pulled(source.text, path, values)
            parsed = pulled.parsed
            env_file.pulled = True
            if pulled.environment is not None and not mapped:
                env_file.environment = pulled.environment
        else:
            parsed = parse_dotenv(source.text, path, values)
    except ParseError as exc:
        env_file.problems.append(_parse_problem(path, exc))
        return env_file
    env_file.variables = parsed.variables
    env_file.problems.extend(parsed.problems)
    env_file.comments = parsed.comments
    return _with_suppressions(env_file, source)


@_contained(lambda path, problem: RailwayConfig(path, [problem]))
def _load_railway(reader: _Reader, path: str) -> RailwayConfig:
    source = reader.read(path)
    if isinstance(source, Problem):
        return RailwayConfig(path, [source])
    from stagelint.parsers.railway import load_railway

    try:
        return _with_suppressions(load_railway(source), source)
    except ParseError as exc:
        return RailwayConfig(path, [_parse_problem(path, exc)])


def _iac_root(path: str) -> str:
    """The folder an IaC file describes: the parent of its ``.railway`` folder."""
    parent = path.rsplit("/", 1)[0]
    return parent.rsplit("/", 1)[0] if "/" in parent else "."


def _failed_iac(path: str, problem: Problem, *_: object) -> RailwayIacFile:
    found = RailwayIacFile(path, root=_iac_root(path))
    found.problems.append(problem)
    return found


@_contained(_failed_iac)
def _load_iac(reader: _Reader, path: str, environments: tuple[str, ...]) -> RailwayIacFile:
    """``.railway/railway.*``: TypeScript and JavaScript are read, Python and Go found only."""
    root = _iac_root(path)
    from stagelint.parsers.railway_iac import load_railway_iac, unread_railway_iac

    if path.endswith((".py", ".go")):
        return unread_railway_iac(path, root)
    source = reader.read(path)
    if isinstance(source, Problem):
        found = RailwayIacFile(path, root=root)
        found.problems.append(source)
        return found
    try:
        return _with_suppressions(load_railway_iac(source, root, environments), source)
    except ParseError as exc:
        found = RailwayIacFile(path, root=root)
        found.problems.append(_parse_problem(path, exc))
        return found


def _attach_iac(project: Project) -> None:
    """Give each IaC service its settings view and its variables per environment."""
    from stagelint.project.iac import by_environment, iac_services, iac_variables, iac_view

    for iac_file in project.iac_files:
        try:
            index = by_environment(iac_file)
            for name in iac_services(iac_file):
                service = project.services.get(name)
                if service is None or service.iac is not None:
                    continue
                service.iac = iac_view(name, iac_file, index)
                project.env_files.extend(iac_variables(name, iac_file, index))
        except Exception as exc:  # a bug must cost the IaC file, not the run
            _iac_failed([iac_file], exc)
            project.env_files = [
                f
                for f in project.env_files
                if not (isinstance(f, IacVariables) and f.path == iac_file.path)
            ]
            for service in project.services.values():
                if service.iac is not None and service.iac.path == iac_file.path:
                    service.iac = None


def _iac_failed(iac_files: list[RailwayIacFile], exc: Exception) -> None:
    """An internal error while placing an IaC file's services: the file is reported (its
    exception's type only; the message could quote the file) and contributes nothing."""
    for iac_file in iac_files:
        iac_file.environments.clear()
        iac_file.problems.append(
            Problem(
                "parse-error",
                f"stagelint cannot read this file: internal error ({type(exc).__name__}); "
                "every other file is checked",
                Location.at(iac_file.path),
            )
        )


@_contained(lambda path, problem: VercelConfig(path, [problem]))
def _load_vercel(reader: _Reader, path: str) -> VercelConfig:
    source = reader.read(path)
    if isinstance(source, Problem):
        return VercelConfig(path, [source])
    from stagelint.parsers.vercel import load_vercel

    try:
        return _with_suppressions(load_vercel(source), source)
    except ParseError as exc:
        return VercelConfig(path, [_parse_problem(path, exc)])


def _frameworks_from_env_names(project: Project) -> None:
    """A frontend whose manifests name no framework takes the one its env files' public
    prefix implies (``VITE_API_URL``: Vite)."""
    from stagelint.model.stack import framework_from_names

    unknown = {
        s.name: s
        for s in project.services.values()
        if s.stack.framework is None and "vercel" in s.platforms
    }
    if not unknown:
        return
    keys: dict[str, list[str]] = {}
    for env_file in project.env_files:
        if env_file.service in unknown:
            keys.setdefault(env_file.service, []).extend(v.key for v in env_file.variables)
    for name, service in unknown.items():
        framework = framework_from_names(keys.get(name, ()))
        if framework is not None:
            service.stack = service.stack._replace(framework=framework)


def _load_stack(
    reader: _Reader, root: str, names: tuple[str, ...], vercel: VercelConfig | None
) -> Stack:
    """What the service's folder is built with: its manifests read (a file that cannot be
    read or parsed only tells less), its framework configs by name."""
    from stagelint.model.stack import MANIFESTS, detect

    texts = {}
    for name in names:
        if name in MANIFESTS:
            source = reader.read(name if root == "." else f"{root}/{name}")
            if not isinstance(source, Problem):
                texts[name] = source.text
    framework = vercel.data.get("framework") if vercel and isinstance(vercel.data, dict) else None
    return detect(names, texts, framework)


@_contained(
    lambda path, problem, kind: SanityConfig(
        path, [problem], kind="cli" if kind == "cli" else "studio"
    )
)
def _load_sanity(reader: _Reader, path: str, kind: str) -> SanityConfig:
    source = reader.read(path)
    studio_or_cli: Literal["studio", "cli"] = "cli" if kind == "cli" else "studio"
    if isinstance(source, Problem):
        return SanityConfig(path, [source], kind=studio_or_cli)
    from stagelint.parsers.sanity import load_sanity

    try:
        return _with_suppressions(load_sanity(source, studio_or_cli), source)
    except ParseError as exc:
        return SanityConfig(path, [_parse_problem(path, exc)], kind=studio_or_cli)


def _with_suppressions(loaded: _Loaded, source: SourceText) -> _Loaded:
    """Attach the file's ``stagelint: ignore[...]`` directives (rare: parsed on demand).

    Only the comments that mention stagelint stay in the model: nothing else reads them,
    and every comment of a 1,000-service monorepo took about 5 MiB (35,000 lines)."""
    comments = {
        line: comment for line, comment in loaded.comments.items() if "stagelint" in comment.lower()
    }
    loaded.comments = comments
    if comments:
        from stagelint.parsers.suppressions import find_suppressions

        loaded.suppressions = find_suppressions(loaded.path, source.text, comments)
    return loaded


def _parse_problem(path: str, exc: ParseError) -> Problem:
    """A parser's ParseError as an SL001 problem at its position."""
    return Problem(
        "parse-error", exc.message, Location(path, exc.line, exc.column, exc.line, exc.column)
    )


__all__ = ["build_project", "load_project"]
