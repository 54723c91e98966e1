"""Helpers of the SL6 rules (platform configs): which Railway blocks a policy judges, and what
a start command binds.

Railway config as code is one file for every environment: the base ``build``/``deploy`` apply
everywhere and ``environments.<name>`` blocks override them. A policy judges the *effective*
config of its environment (base plus that environment's block). Blocks of other pre-production
environments (``pr``, ``preview``, ``qa``...) are nobody else's: the policy that judges a
pre-production environment also judges the settings those blocks hold, where they stand. The
production block is judged by the production policy only, a ``development`` block by none (like
development env files; see RULES.md, "Which files a policy judges").

Start commands are read the way a shell reads them (``shlex``), never run. A command whose
server cannot be recognised is not judged: a rule only speaks about what it can see.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING, Any

from stagelint.model.deployment import DEVELOPMENT, PRODUCTION
from stagelint.model.regex import lazy

if TYPE_CHECKING:
    from stagelint.model.deployment import RailwayConfig, Service, Setting, VercelConfig
    from stagelint.policy.context import Context


# -- which blocks a policy judges -------------------------------------------------------------


def railway_configs(ctx: Context) -> Iterator[tuple[Service, RailwayConfig]]:
    """Every Railway service whose config parsed into an object: ``railway.json``/``.toml``
    (even retired, users migrate from them), and each service of ``.railway/railway.ts`` that
    exists in the judged environment (its settings there, under ``environments.<name>``)."""
    for service in ctx.project.services.values():
        config = service.railway
        if config is not None and isinstance(config.data, dict):
            yield service, config
        iac = service.iac
        if iac is not None and ctx.environment in iac.environment_names:
            yield service, iac


# Plain classes with slots rather than dataclasses: every run imports the rules, and each
# dataclass costs about a millisecond to create (see stagelint.parsers.spec).


class Scope:
    """One environment a rule judges in a Railway config.

    ``in_place`` scopes judge only the settings their own ``environments.<name>`` block holds;
    the judged environment's scope judges its whole effective config (missing keys too).
    """

    __slots__ = ("environment", "in_place")

    def __init__(self, environment: str, in_place: bool) -> None:
        self.environment = environment
        self.in_place = in_place

    def __repr__(self) -> str:
        return f"Scope({self.environment!r}, in_place={self.in_place})"


def scopes(ctx: Context, config: RailwayConfig) -> list[Scope]:
    """The judged environment, then the other pre-production blocks the policy answers for.

    Production's block is the production policy's; the comparison environment's block is the
    policy that judges it; a ``development`` block, like development env files, gets no
    policy rules. A production policy judges no other block: pre-production blocks are the
    staging policy's, and judging them twice would report each finding twice.
    """
    result = [Scope(ctx.environment, in_place=False)]
    if ctx.environment == PRODUCTION:
        return result
    others = {ctx.environment, PRODUCTION, DEVELOPMENT, ctx.compare_with}
    result += [Scope(name, True) for name in config.environment_names if name not in others]
    return result


class Resolved:
    """A setting as it applies in one environment, and the override block it came from:
    ``block`` is the ``environments.<name>`` holding it, None for the base config (or when
    the setting is absent)."""

    __slots__ = ("block", "setting")

    def __init__(self, setting: Setting | None, block: str | None) -> None:
        self.setting = setting
        self.block = block

    @property
    def value(self) -> Any:
        return self.setting.value if self.setting is not None else None


def resolve(config: RailwayConfig, section: str, key: str, environment: str) -> Resolved:
    """``<section>.<key>`` in ``environment``: the override block first, then the base."""
    found = config.setting("environments", environment, section, key)
    if found is not None:
        return Resolved(found, environment)
    return Resolved(config.setting(section, key), None)


def judged(found: Resolved, scope: Scope) -> bool:
    """Whether a scope judges this setting: in-place scopes only what their block holds."""
    return found.setting is not None and (not scope.in_place or found.block is not None)


def is_dockerfile_build(config: RailwayConfig, environment: str) -> bool:
    """Whether the service builds from a Dockerfile: Railway then runs the start command in
    exec form, without a shell, so ``$PORT`` is not expanded."""
    builder = resolve(config, "build", "builder", environment).value
    return isinstance(builder, str) and builder.upper() == "DOCKERFILE"


# -- Vercel config: functions ----------------------------------------------------------------


def vercel_configs(ctx: Context) -> Iterator[tuple[Service, VercelConfig]]:
    """Every Vercel config file (``vercel.json``, ``vercel.toml``) that parsed into an object,
    with its service. The file serves every environment (Production, Preview, Development),
    so every policy judges it."""
    for service in ctx.project.services.values():
        for config in service.vercel_configs():
            if isinstance(config.data, dict):
                yield service, config


def function_blocks(config: VercelConfig) -> Iterator[tuple[tuple[str, ...], str, dict[str, Any]]]:
    """``(key path, display name, settings)`` of every ``functions`` entry: the top-level
    ``functions`` and those of each ``services.<name>``."""
    for pattern, settings in config.functions().items():
        if isinstance(settings, dict):
            yield ("functions", pattern), f"functions[{pattern!r}]", settings
    services = config.data.get("services") if isinstance(config.data, dict) else None
    if not isinstance(services, dict):
        return
    for name, service in services.items():
        functions = service.get("functions") if isinstance(service, dict) else None
        if not isinstance(functions, dict):
            continue
        for pattern, settings in functions.items():
            if isinstance(settings, dict):
                path = ("services", name, "functions", pattern)
                yield path, f"services.{name}.functions[{pattern!r}]", settings


# -- start commands ---------------------------------------------------------------------------

ALL_INTERFACES = frozenset({"0.0.0.0", "::", "[::]", ""})
"""Hosts that listen on every interface (``""``: gunicorn's and hypercorn's ``:$PORT``)."""

_PORT_REFERENCE = r"\$(?:PORT(?![A-Za-z0-9_])|\{PORT(?:[:]?[-=?+][^}]*)?\})"
"""``$PORT``, ``${PORT}``, ``${PORT:-8000}``: the port Railway provides."""
_ASSIGNMENT = r"(?s)^([A-Za-z_][A-Za-z0-9_]*)=(.*)$"
_OPERATORS = frozenset({"&&", "||", ";", "|", "&", "(", ")", ";;", "|&"})
_PYTHON = r"^(?:python(?:[0-9.]*)|pypy[0-9.]*)$"
_SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ash"})
_PREFIXES = frozenset({"exec", "nohup", "time", "command", "uvx", "ddtrace-run"})
_RUNNERS = frozenset({"uv", "poetry", "pipenv", "pdm", "hatch", "rye", "pipx"})
_RUNNER_VALUE_OPTIONS = frozenset(
    {"--with", "--python", "-p", "--project", "--directory", "--env-file", "--extra", "--group",
     "--package", "--index", "-e", "--env"}
)  # fmt: skip
_DASH_DASH_RUNNERS = frozenset({"doppler", "infisical", "dotenv"})


class _Server:
    """How one server chooses its address.

    ``host_options``/``port_options`` set host and port; ``bind_options`` take
    ``host:port`` (gunicorn, hypercorn). ``env`` lists the environment variables that set
    them instead of the command line, ``other_sockets`` the options that listen on
    something else (a Unix socket, a file descriptor), ``config_options`` those naming a
    config file that may bind instead. A ``None`` default means the server gets it right by
    itself: ``fastapi run`` binds 0.0.0.0, gunicorn binds 0.0.0.0:$PORT when ``PORT`` is set
    (Railway always sets it), ``fastapi run``/``dev`` read ``PORT`` (fastapi-cli 0.0.6 and
    later). ``example`` is the fix a message suggests.
    """

    __slots__ = (
        "bind_options",
        "config_options",
        "default_host",
        "default_port",
        "env",
        "example",
        "host_options",
        "label",
        "other_sockets",
        "port_options",
    )

    def __init__(
        self,
        label: str,
        host_options: tuple[str, ...] = (),
        port_options: tuple[str, ...] = (),
        *,
        bind_options: tuple[str, ...] = (),
        default_host: str | None = "127.0.0.1",
        default_port: str | None = "8000",
        env: tuple[str, ...] = (),
        other_sockets: tuple[str, ...] = (),
        config_options: tuple[str, ...] = (),
        example: str = "--host 0.0.0.0 --port $PORT",
    ) -> None:
        self.label = label
        self.host_options = host_options
        self.port_options = port_options
        self.bind_options = bind_options
        self.default_host = default_host
        self.default_port = default_port
        self.env = env
        self.other_sockets = other_sockets
        self.config_options = config_options
        self.example = example


_UVICORN = _Server(
    "uvicorn",
    ("--host",),
    ("--port",),
    env=("UVICORN_HOST", "UVICORN_PORT"),
    other_sockets=("--uds", "--fd"),
)
_GUNICORN = _Server(
    "gunicorn",
    bind_options=("-b", "--bind"),
    default_host=None,
    default_port=None,
    example="--bind 0.0.0.0:$PORT",
)
_HYPERCORN = _Server(
    "hypercorn",
    bind_options=("-b", "--bind", "--insecure-bind"),
    config_options=("-c", "--config"),
    example='--bind "[::]:$PORT"',
)
_GRANIAN = _Server(
    "granian",
    ("--host",),
    ("--port",),
    env=("GRANIAN_HOST", "GRANIAN_PORT"),
    other_sockets=("--uds",),
)
_DAPHNE = _Server(
    "daphne",
    ("-b", "--bind"),
    ("-p", "--port"),
    other_sockets=("-u", "--unix-socket", "--fd", "-e", "--endpoint"),
    example="-b 0.0.0.0 -p $PORT",
)
_FASTAPI_RUN = _Server(
    "fastapi run", ("--host",), ("--port",), default_host=None, default_port=None
)
_FASTAPI_DEV = _Server("fastapi dev", ("--host",), ("--port",), default_port=None)
_FLASK_RUN = _Server(
    "flask run",
    ("--host", "-h"),
    ("--port", "-p"),
    default_port="5000",
    env=("FLASK_RUN_HOST", "FLASK_RUN_PORT"),
)
_SERVERS = {"uvicorn": _UVICORN, "gunicorn": _GUNICORN, "hypercorn": _HYPERCORN}
_SERVERS |= {"granian": _GRANIAN, "daphne": _DAPHNE}
SERVER_NAMES = (*_SERVERS, "fastapi run", "fastapi dev", "flask run")
"""The web servers whose binding the rules judge."""


class ServerStart:
    """A web server started by a command, and what is wrong with where it listens.

    ``problems`` holds clauses such as ``hard-codes `--port 8000```, empty when the binding
    is right or cannot be judged (a variable, a config file, a Unix socket); ``example`` is
    the binding to suggest; ``unexpanded`` says that ``$PORT`` reaches the server literally
    (exec form, no shell).
    """

    __slots__ = ("example", "problems", "server", "unexpanded")

    def __init__(
        self, server: str, problems: tuple[str, ...], example: str, unexpanded: bool
    ) -> None:
        self.server = server
        self.problems = problems
        self.example = example
        self.unexpanded = unexpanded

    def __repr__(self) -> str:
        return f"ServerStart({self.server!r}, problems={self.problems!r})"


def find_servers(
    command: str, *, shell: bool = True, env: Collection[str] = ()
) -> list[ServerStart]:
    """The web servers ``command`` starts, each with its binding problems.

    ``shell`` is False when Railway runs the command in exec form (Dockerfile builds), where
    ``$PORT`` is not expanded unless the command starts a shell itself (``sh -c "..."``).
    ``env`` names the variables the service's environment sets (``UVICORN_PORT`` ...).
    """
    return list(_scan(command, shell, set(env), depth=0))


def web_server_hint(command: str) -> str | None:
    """Why ``command`` looks like a web server (for SL601), or None when nothing shows it."""
    servers = find_servers(command)
    if servers:
        return f"runs {servers[0].server}"
    if re.search(_PORT_REFERENCE, command):
        return "listens on $PORT"
    if re.search(r"(?:^|[\s/])next\s+start(?:\s|$)", command):
        return "runs next start"
    return None


def _scan(command: str, shell: bool, env: set[str], depth: int) -> Iterator[ServerStart]:
    if depth > 3:
        return
    words = _split(command, shell)
    if words is None:
        return
    segment: list[str] = []
    for word in words:
        if shell and word in _OPERATORS:
            yield from _segment(segment, shell, env, depth)
            segment = []
        else:
            segment.append(word)
    yield from _segment(segment, shell, env, depth)


_MAX_COMMAND = 16 * 1024
"""Longer commands are not judged: ``shlex`` builds a word one character at a time, in time
quadratic in its length (a 9 MB ``startCommand`` took hours); start commands are short."""


_QUOTING = "'\"\\"
_SHELL_SPECIAL = _QUOTING + "();<>|&"
"""What makes shlex do more than split at whitespace: quotes and escapes, and in a shell
command its punctuation characters."""
_PLAIN_WORD = lazy(r"[^ \t\r\n]+")
"""A word between shlex's whitespace characters."""


def _split(command: str, shell: bool) -> list[str] | None:
    if len(command) > _MAX_COMMAND:
        return None
    text = command.replace("\\\n", " ").replace("\n", " ; " if shell else " ")
    if not any(c in text for c in (_SHELL_SPECIAL if shell else _QUOTING)):
        return _PLAIN_WORD.findall(text)  # what shlex returns, without its per-character loop
    import shlex

    lexer = shlex.shlex(text, posix=True, punctuation_chars=shell)
    lexer.whitespace_split = True
    lexer.commenters = ""
    try:
        return list(lexer)
    except ValueError:  # an unterminated quote: not judged
        return None


def _segment(words: list[str], shell: bool, env: set[str], depth: int) -> Iterator[ServerStart]:
    if words and words[0] == "export":
        env.update(m.group(1) for w in words[1:] if (m := re.match(_ASSIGNMENT, w)))
        env.update(w for w in words[1:] if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", w))
        return
    local = set(env)
    argv = _program(words, local)
    if not argv:
        return
    name = _basename(argv[0])
    if name in _SHELLS:
        inner = _shell_command(argv)
        if inner is not None:
            yield from _scan(inner, True, local, depth + 1)
        return
    server = _identify(name, argv)
    if server is None:
        return
    yield _judge(server, argv[1:], shell, local)


def _basename(word: str) -> str:
    return word.rsplit("/", 1)[-1]


def _program(words: list[str], env: set[str]) -> list[str]:
    """The command's own argv: leading assignments and wrappers (``exec``, ``uv run``,
    ``python -m``, ``opentelemetry-instrument``...) stripped; assignments recorded in
    ``env``. Empty when the wrapper cannot be followed."""
    i = 0
    while i < len(words):
        word = words[i]
        name = _basename(word)
        assignment = re.match(_ASSIGNMENT, word)
        if assignment:
            env.add(assignment.group(1))
            i += 1
        elif name in _PREFIXES or name == "env":
            i = _skip_options(words, i + 1)
        elif re.match(_PYTHON, name):
            j = i + 1
            while j < len(words) and words[j].startswith("-") and words[j] != "-m":
                j += 1
            if j + 1 >= len(words) or words[j] != "-m":
                return []  # a script: cannot see inside
            i = j + 1
        elif name in _RUNNERS and i + 1 < len(words) and words[i + 1] == "run":
            i = _skip_options(words, i + 2, _RUNNER_VALUE_OPTIONS)
        elif name in _DASH_DASH_RUNNERS:
            if "--" not in words[i:]:
                return []
            i = words.index("--", i) + 1
        elif name == "newrelic-admin" and i + 1 < len(words) and words[i + 1] == "run-program":
            i += 2
        elif name == "opentelemetry-instrument":
            i += 1
            while i < len(words) and words[i].startswith("-"):
                i += 1 if "=" in words[i] else 2
        else:
            return words[i:]
    return []


def _skip_options(words: list[str], i: int, with_value: Collection[str] = ()) -> int:
    while i < len(words) and words[i].startswith("-"):
        if words[i] == "--":
            return i + 1
        i += 2 if words[i] in with_value else 1
    return i


def _shell_command(argv: list[str]) -> str | None:
    """The string a ``sh -c "..."`` runs (``-c`` may be grouped: ``-ec``, ``-lc``)."""
    for i, word in enumerate(argv[1:], start=1):
        if not word.startswith("-"):
            return None
        if not word.startswith("--") and "c" in word[1:]:
            return argv[i + 1] if i + 1 < len(argv) else None
    return None


def _identify(name: str, argv: list[str]) -> _Server | None:
    if name in _SERVERS:
        return _SERVERS[name]
    if name in ("fastapi", "flask"):
        sub = _subcommand(argv[1:], ("--app", "-A", "-e", "--env-file"))
        if name == "fastapi":
            return {"run": _FASTAPI_RUN, "dev": _FASTAPI_DEV}.get(sub or "")
        return _FLASK_RUN if sub == "run" else None
    return None


def _subcommand(args: list[str], with_value: tuple[str, ...]) -> str | None:
    i = 0
    while i < len(args):
        if not args[i].startswith("-"):
            return args[i]
        i += 2 if args[i] in with_value else 1
    return None


def _option_values(args: list[str], names: tuple[str, ...]) -> list[tuple[str, str]]:
    """``(option, value)`` for every use of ``names`` in ``args``: ``--port 80``,
    ``--port=80`` and glued short options (``-b0.0.0.0:80``, ``-p80``)."""
    found = []
    for i, arg in enumerate(args):
        for name in names:
            if arg == name and i + 1 < len(args):
                found.append((name, args[i + 1]))
            elif arg.startswith(name + "="):
                found.append((name, arg[len(name) + 1 :]))
            elif (
                len(name) == 2 and not arg.startswith("--") and arg.startswith(name) and arg != name
            ):
                found.append((name, arg[2:]))
    return found


def _has_option(args: list[str], names: tuple[str, ...]) -> bool:
    return any(arg == name or arg.startswith(name + "=") for arg in args for name in names)


def _port_kind(value: str) -> str:
    """``platform`` ($PORT), ``literal`` (a number) or ``other`` (another variable...)."""
    if re.search(_PORT_REFERENCE, value):
        return "platform"
    if value.isdigit():
        return "literal"
    return "other"


def _host_ok(value: str) -> bool:
    """A host that listens on every interface, or one the command cannot show (a variable)."""
    return value in ALL_INTERFACES or "$" in value


def _judge(server: _Server, args: list[str], shell: bool, env: set[str]) -> ServerStart:
    def result(*problems: str, unexpanded: bool = False) -> ServerStart:
        return ServerStart(server.label, problems, server.example, unexpanded)

    if _has_option(args, server.other_sockets):
        return result()
    if server.bind_options:
        binds = _option_values(args, server.bind_options)
        if not binds:
            if server.default_host is None or _has_option(args, server.config_options):
                return result()
            return result(f"listens on {server.default_host}:{server.default_port} (no --bind)")
        verdicts = [_judge_bind(option, value, shell) for option, value in binds]
        if any(not problems for problems, _ in verdicts):
            return result()
        first, unexpanded = verdicts[0]
        return result(*first, unexpanded=unexpanded)

    problems: list[str] = []
    unexpanded = False
    hosts = _option_values(args, server.host_options)
    if hosts:
        option, host = hosts[-1]
        if not _host_ok(host):
            problems.append(f"binds `{option} {host}`")
    elif server.default_host is not None and not any(
        v.endswith("_HOST") for v in env & set(server.env)
    ):
        problems.append(f"binds {server.default_host} (no {server.host_options[0]})")
    ports = _option_values(args, server.port_options)
    if ports:
        option, port = ports[-1]
        kind = _port_kind(port)
        if kind == "literal":
            problems.append(f"hard-codes `{option} {port}`")
        elif kind == "platform" and not shell:
            problems.append("gets `$PORT` unexpanded")
            unexpanded = True
    elif server.default_port is not None and not any(
        v.endswith("_PORT") for v in env & set(server.env)
    ):
        problems.append(f"listens on port {server.default_port} (no {server.port_options[0]})")
    return result(*problems, unexpanded=unexpanded)


def _judge_bind(option: str, value: str, shell: bool) -> tuple[tuple[str, ...], bool]:
    """Problems of one ``host:port`` bind, and whether ``$PORT`` stays unexpanded."""
    address = value[len("tcp://") :] if value.startswith("tcp://") else value
    if address.startswith(("unix:", "fd://")):
        return (), False
    host, port = _split_address(address)
    problems = []
    unexpanded = False
    if not _host_ok(host):
        problems.append(f"binds `{option} {value}`")
    if port is None:
        if "$" in host:
            return (), False  # ``-b $BIND``: the whole address comes from a variable
        problems.append(f"listens on port 8000 (`{option} {value}` has no port)")
    else:
        kind = _port_kind(port)
        if kind == "literal" and not problems:
            problems.append(f"hard-codes `{option} {value}`")
        elif kind == "platform" and not shell:
            problems.append("gets `$PORT` unexpanded")
            unexpanded = True
    return tuple(problems), unexpanded


def _split_address(address: str) -> tuple[str, str | None]:
    """``host`` and ``port`` of ``host:port`` / ``[v6]:port``; a ``:`` inside ``${...}``
    (``${PORT:-8000}``) does not split."""
    if address.startswith("["):
        end = address.find("]")
        if end != -1:
            rest = address[end + 1 :]
            return address[: end + 1], (rest[1:] if rest.startswith(":") else None)
    depth = 0
    for index, char in enumerate(address):
        if char == "{" and index and address[index - 1] == "$":
            depth += 1
        elif char == "}" and depth:
            depth -= 1
        elif char == ":" and not depth:
            return address[:index], address[index + 1 :]
    return address, None
