"""Connection URLs as the data-store rules (SL301-SL307) read them: Postgres, Redis and web URLs.

One careful parser instead of ``urllib.parse.urlsplit``, which breaks on libpq's multi-host
lists (``host1:5432,host2:5432``), raises on unbracketed IPv6 hosts and silently mis-splits a
password holding an unencoded ``@``, ``/``, ``?`` or ``#``. :func:`parse_url` returns a
:class:`ParsedURL` or raises :class:`InvalidURL`; neither ever holds or prints the password,
and an :class:`InvalidURL` message never quotes any part of the value (it could be the
password, mis-split). Only hosts, ports, schemes and parameter names may reach a message.

Decisions, shared by every SL3 rule:

- **Placeholders.** A URL is a placeholder when the whole value is one
  (:func:`stagelint.model.values.is_placeholder`: ``<...>`` anywhere, ``your-...``, ...) or when its
  user, password, host, port or database is: ``user:password@``, ``[PASSWORD]``, ``HOST``,
  ``PORT``, ``ep-xxx``, ``xxxxx.upstash.io``, ``[dbname]``. A placeholder is SL102's finding.
  The SL3 rules judge where a URL leads and how (host, port, database, parameters), never
  its password: they skip a URL whose endpoint is a placeholder
  (``ParsedURL.endpoint_placeholder``), not one whose only placeholder is its user or
  password — ``postgresql://app:[YOUR-PASSWORD]@db.example.com/app`` still lacks TLS.
- **Private hosts.** Loopback, private and link-local addresses, ``localhost``, single-label
  names (``postgres``, ``redis``: container and service names) and the private-use suffixes
  ``.internal``, ``.local``, ``.localhost`` (Railway's private network is
  ``*.railway.internal``, reachable only inside one Railway environment over its encrypted
  mesh) are not reachable from the internet; Unix sockets neither. Every other host is
  remote, Railway's public TCP proxy (``*.proxy.rlwy.net``) included.
- **Multiple hosts and sockets.** libpq's ``host1,host2`` lists and its ``?host=`` parameter
  (which overrides the authority, e.g. ``?host=/var/run/postgresql``) are both read;
  :attr:`ParsedURL.hosts` are the hosts a client actually dials.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Literal
from urllib.parse import parse_qsl, unquote

from stagelint.model.regex import lazy
from stagelint.model.tuples import NamedTuple
from stagelint.model.values import int_of, is_placeholder
from stagelint.policy.rule import literal

from ._origins import UrlBinding, compared_url_bindings, ip_address_of, judged_url_bindings

if TYPE_CHECKING:
    from stagelint.model.deployment import EnvFile, Variable
    from stagelint.policy.catalogue import Catalogue
    from stagelint.policy.context import Context

Family = Literal["postgres", "redis"]

POSTGRES_SCHEMES = frozenset({"postgres", "postgresql", "pgsql", "psql", "postgis", "asyncpg"})
"""Schemes of Postgres URLs besides SQLAlchemy's ``postgresql+<driver>``: libpq's two,
django-environ's aliases, Tortoise ORM's ``asyncpg``."""
REDIS_SCHEMES = frozenset({"redis", "rediss"})
REDIS_SOCKET_SCHEME = "unix"
"""redis-py reads ``unix:///path/to/redis.sock``; only a ``redis-url`` variable may use it."""
DEFAULT_PORTS: dict[str, int] = {"postgres": 5432, "redis": 6379}

TLS_SSLMODES = frozenset({"require", "verify-ca", "verify-full"})
"""libpq ``sslmode`` values (asyncpg ``ssl`` values) that refuse a plain-text connection."""
SSLMODES = frozenset({"disable", "allow", "prefer", "require", "verify-ca", "verify-full"})
"""libpq's ``sslmode`` values."""
ASYNCPG_SSL_MODES = SSLMODES
"""The only strings asyncpg's ``ssl`` accepts; anything else (``true``, ``Require``) raises."""

NEON_DOMAINS = ("neon.tech", "postgres.vercel-storage.com")
"""Domains of Neon endpoints: Neon's own and legacy Vercel Postgres (Neon-backed)."""
POOLER_SUFFIX = "-pooler"

_SCHEME = lazy(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
_LABEL = lazy(r"^[\w-]+$")
_LABELS = lazy(r"[\w-]+\n?(?:\.[\w-]+\n?)*")
"""Dot-separated labels each matching :data:`_LABEL` (whose ``$`` also matches before a
final newline), tested in one pass."""
_X_TOKEN = lazy(r"^x{3,}$", re.IGNORECASE)
_TOKEN_SEPARATORS = lazy(r"[-_.]")
_AUTHORITY_END = lazy(r"[/?#]")
_BRACKETED = lazy(r"^\[[^\[\]]*\]$")
_TEMPLATE_MARK = lazy(r"\[[^\[\]]*\]|<[^<>]*>|\{[^{}]*\}")
_HOST_WORDS = frozenset({"host", "hostname"})
_PORT_WORDS = frozenset({"port"})
_PASSWORD_WORDS = frozenset({"pass", "pwd"})
_DATABASE_WORDS = frozenset({"dbname", "db_name", "database_name"})


class InvalidURL(ValueError):
    """The text is not a URL. The message says what is wrong in words only: it never
    quotes the value, a host or a port, since a mis-split password could stand there."""


class Endpoint(NamedTuple):
    """One host a client dials: lower-case, without brackets; a path for a Unix socket."""

    host: str
    port: int | None = None

    @property
    def is_socket(self) -> bool:
        return self.host.startswith("/") or self.host.startswith("@")


class ParsedURL(NamedTuple):
    """A parsed URL without its password (only whether it has one).

    ``query`` holds the decoded ``(name, value)`` pairs in order: a multi-dict, read through
    :meth:`params`/:meth:`param`. ``hosts`` are the endpoints a client dials (a Postgres
    ``?host=`` parameter overrides the authority); ``authority_hosts`` are those written
    before the path.
    """

    scheme: str
    authority_hosts: tuple[Endpoint, ...]
    hosts: tuple[Endpoint, ...]
    path: str
    query: tuple[tuple[str, str], ...]
    fragment: str = ""
    user: str | None = None
    has_password: bool = False
    placeholder: bool = False
    """Some part is a placeholder (SL102's finding; SL306 does not judge it)."""
    endpoint_placeholder: bool = False
    """A part other than the user and password is (the whole value outside its user info,
    a host, port, database or parameter): where the URL leads is unknown."""

    def __repr__(self) -> str:
        """Without ``user``: a user name can be an account id worth keeping out of logs."""
        shown = ", ".join(
            f"{name}={value!r}"
            for name, value in zip(self._fields, self, strict=True)
            if name != "user"
        )
        return f"ParsedURL({shown})"

    @property
    def has_userinfo(self) -> bool:
        return self.user is not None or self.has_password

    @property
    def family(self) -> Family | None:
        return family_of_scheme(self.scheme)

    @property
    def driver(self) -> str | None:
        """The driver a Postgres URL names: SQLAlchemy's ``+asyncpg``, Tortoise's
        ``asyncpg://``; None for plain ``postgresql://``."""
        if "+" in self.scheme:
            return self.scheme.split("+", 1)[1]
        return "asyncpg" if self.scheme == "asyncpg" else None

    @property
    def is_sqlalchemy_asyncpg(self) -> bool:
        return self.scheme == "postgresql+asyncpg"

    def params(self, name: str) -> tuple[str, ...]:
        return tuple(value for key, value in self.query if key == name)

    def param(self, name: str) -> str | None:
        """The last value of ``name`` (the one drivers use), or None."""
        values = self.params(name)
        return values[-1] if values else None

    def has_param(self, name: str) -> bool:
        return any(key == name for key, _ in self.query)

    @property
    def database(self) -> str | None:
        """Postgres: ``?dbname=`` or the path; Redis: the path's number or ``?db=``."""
        if self.family == "redis":
            number = self.path.strip("/")
            return number or self.param("db")
        name = self.param("dbname")
        if name:
            return name
        return self.path[1:] if self.path.startswith("/") and len(self.path) > 1 else None

    def port_of(self, endpoint: Endpoint) -> int | None:
        """The endpoint's port, or its family's default."""
        if endpoint.port is not None:
            return endpoint.port
        family = self.family
        return DEFAULT_PORTS[family] if family else None


def scheme_of(text: str) -> str | None:
    """The lower-case scheme of ``scheme://...``, or None."""
    match = _SCHEME.match(text)
    return match.group(1).lower() if match else None


def family_of_scheme(scheme: str | None) -> Family | None:
    """``postgres`` or ``redis`` for the schemes of those families (not ``unix``)."""
    if scheme is None:
        return None
    if scheme in POSTGRES_SCHEMES or scheme.startswith("postgresql+"):
        return "postgres"
    if scheme in REDIS_SCHEMES:
        return "redis"
    return None


@functools.lru_cache(maxsize=16384)
def parse_url(text: str) -> ParsedURL:
    """Parse ``scheme://[user[:password]@]host[:port][,host[:port]...][/path][?query][#frag]``.

    Remembered (the result is immutable and holds no password): the seven SL3 rules parse
    the same URLs, each for every binding of the project.

    Raises :class:`InvalidURL` for a text that no client would read as such a URL: no
    scheme, an unclosed ``[``, an unbracketed IPv6 host, a bad host name, a port that is not
    a number in 1-65535, a user info holding an unencoded ``@``, ``/``, ``?`` or ``#``.
    Placeholder parts never raise: they set :attr:`ParsedURL.placeholder`.
    """
    scheme = scheme_of(text)
    if scheme is None:
        raise InvalidURL("has no scheme (expected scheme://host...)")
    rest = text[len(scheme) + 3 :]
    end = _AUTHORITY_END.search(rest)
    authority, tail = (rest[: end.start()], rest[end.start() :]) if end else (rest, "")
    user: str | None = None
    has_password = False
    credentials_placeholder = False
    whole = placeholder = is_placeholder(text)
    if "@" in authority:
        userinfo, _, hostport = authority.rpartition("@")
        if "@" in userinfo:
            raise InvalidURL("has an unencoded '@' in its user info (percent-encode it as %40)")
        raw_user, colon, raw_password = userinfo.partition(":")
        user = unquote(raw_user)
        has_password = bool(colon)
        password = unquote(raw_password)
        credentials_placeholder = _placeholder_part(user) or _placeholder_part(
            password, _PASSWORD_WORDS, marks=False
        )
        # the value without its user info: is what is left (where it leads) a placeholder?
        placeholder = is_placeholder(f"{scheme}://{hostport}{tail}")
    else:
        hostport = authority
        if "@" in tail and not _plausible_hostport(authority):
            raise InvalidURL(
                "has an unencoded '/', '?' or '#' in its user info (percent-encode it)"
            )
    path, _, fragment = tail.partition("#")
    path, _, query_text = path.partition("?")
    query = _query(query_text)
    endpoints, host_placeholder = _endpoints(hostport)
    placeholder = placeholder or host_placeholder
    hosts = endpoints
    if family_of_scheme(scheme) == "postgres":
        hosts, param_placeholder = _postgres_hosts(endpoints, query)
        placeholder = placeholder or param_placeholder
    decoded_path = unquote(path)
    if decoded_path.startswith("/") and _placeholder_part(decoded_path[1:], _DATABASE_WORDS):
        placeholder = True
    return ParsedURL(
        scheme,
        endpoints,
        hosts,
        decoded_path,
        query,
        fragment,
        user,
        has_password,
        placeholder or credentials_placeholder or whole,  # placeholder
        placeholder,  # endpoint_placeholder
    )


def _query(text: str) -> tuple[tuple[str, str], ...]:
    """``parse_qsl(text, keep_blank_values=True)``; split here when nothing is encoded
    (no ``%``, no ``+``), where it gives the same pairs at a fraction of the cost."""
    if not text:
        return ()
    if "%" in text or "+" in text:
        return tuple(parse_qsl(text, keep_blank_values=True))
    pairs = []
    for item in text.split("&"):
        if item:
            name, _, value = item.partition("=")
            pairs.append((name, value))
    return tuple(pairs)


def _plausible_hostport(authority: str) -> bool:
    """Whether an authority without ``@`` reads as hosts and ports (so an ``@`` later in
    the URL belongs to its path or query, not to a mis-split password)."""
    try:
        _endpoints(authority)
    except InvalidURL:
        return False
    return True


def _endpoints(hostport: str) -> tuple[tuple[Endpoint, ...], bool]:
    """The comma-separated ``host[:port]`` list of an authority, and whether any part of
    it is a placeholder."""
    if not hostport:
        return (), False
    result = []
    placeholder = False
    for item in _split_hosts(hostport):
        endpoint, item_placeholder = _endpoint(item)
        placeholder = placeholder or item_placeholder
        if endpoint is not None:
            result.append(endpoint)
    return tuple(result), placeholder


def _split_hosts(hostport: str) -> list[str]:
    """Split on commas outside ``[...]``."""
    if "[" not in hostport:  # most lists: no bracketed IPv6 host
        return hostport.split(",")
    items, depth, start = [], 0, 0
    for i, char in enumerate(hostport):
        if char == "[":
            depth += 1
        elif char == "]":
            depth = max(0, depth - 1)
        elif char == "," and depth == 0:
            items.append(hostport[start:i])
            start = i + 1
    items.append(hostport[start:])
    return items


def _endpoint(item: str) -> tuple[Endpoint | None, bool]:
    """One ``host[:port]``: the endpoint (None for a placeholder) and whether it is one."""
    port_text: str | None
    if item.startswith("["):
        close = item.find("]")
        if close < 0:
            raise InvalidURL("has an unclosed '[' in its host")
        inner, after = item[1:close], item[close + 1 :]
        if after and not after.startswith(":"):
            raise InvalidURL("has text after its bracketed IPv6 host")
        port_text = after[1:] if after else None
        if not _is_ipv6(inner):
            if _LABEL.match(inner) or not inner:
                return None, True  # [neon_hostname]
            raise InvalidURL("has a bracketed host that is not an IPv6 address")
        host = inner.lower()
    else:
        if item.count(":") > 1:
            if _TEMPLATE_MARK.search(item):
                return None, True
            raise InvalidURL("has an IPv6 host that is not in brackets ([::1]:5432)")
        raw_host, colon, raw_port = item.partition(":")
        port_text = raw_port if colon else None
        host = unquote(raw_host).lower()
        if _placeholder_host(host):
            return None, True
        if host and not host.startswith("/") and not _valid_hostname(host):
            raise InvalidURL("has a host that is not a valid host name")
    if port_text is None or port_text == "":
        return Endpoint(host), False
    port = _port(port_text)
    if port is None:
        return None, True
    return Endpoint(host, port), False


def _port(text: str) -> int | None:
    """The port number; None for a placeholder (``PORT``, ``<port>``); raises otherwise."""
    if text.isascii() and text.isdigit():
        number = int_of(text)
        if not 1 <= number <= 65535:
            raise InvalidURL("has a port outside 1-65535")
        return number
    if _placeholder_part(text, _PORT_WORDS):
        return None
    raise InvalidURL("has a port that is not a number")


def _postgres_hosts(
    endpoints: tuple[Endpoint, ...], query: tuple[tuple[str, str], ...]
) -> tuple[tuple[Endpoint, ...], bool]:
    """libpq's ``?host=`` (comma list, or SQLAlchemy's repeated ``host=h:p``) overrides the
    authority's hosts; ``?port=`` supplies missing ports."""
    host_values = [value for key, value in query if key == "host"]
    ports = [value for key, value in query if key == "port"]
    placeholder = False
    result = list(endpoints)
    if host_values:
        result = []
        for value in host_values:
            for item in value.split(","):
                if item.startswith(("/", "@")):
                    result.append(Endpoint(item))
                    continue
                endpoint, item_placeholder = _endpoint(item)
                placeholder = placeholder or item_placeholder
                if endpoint is not None:
                    result.append(endpoint)
    if ports and result:
        port_items = ports[-1].split(",")
        filled = []
        for i, endpoint in enumerate(result):
            text = port_items[i] if i < len(port_items) else port_items[-1]
            if endpoint.port is None and text and not endpoint.is_socket:
                number = _port(text)
                if number is None:
                    placeholder = True
                endpoint = Endpoint(endpoint.host, number)
            filled.append(endpoint)
        result = filled
    return tuple(result), placeholder


def _is_ipv6(text: str) -> bool:
    import ipaddress

    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


def _valid_hostname(host: str) -> bool:
    return _LABELS.fullmatch(host[:-1] if host.endswith(".") else host) is not None


def _placeholder_part(text: str, words: frozenset[str] = frozenset(), marks: bool = True) -> bool:
    """A user, password, port or database that is a placeholder (empty is not one).

    ``marks``: brackets or braces anywhere (``db_[name]``) count; a password may hold them
    for real, so for passwords only a wholly bracketed ``[PASSWORD]`` does."""
    if not text:
        return False
    if is_placeholder(text) or text.lower() in words or _BRACKETED.match(text):
        return True
    if marks and _TEMPLATE_MARK.search(text):
        return True
    return _has_x_token(text)


def _placeholder_host(host: str) -> bool:
    if not host or host.startswith("/"):
        return False
    if host in _HOST_WORDS or is_placeholder(host) or _TEMPLATE_MARK.search(host):
        return True
    return _has_x_token(host)


def _has_x_token(text: str) -> bool:
    """Whether a ``-``/``_``/``.``-separated token of ``text`` is ``xxx...`` (``ep-xxx``).
    Split only when ``xxx`` occurs at all: URLs are parsed by the hundred per check."""
    if "xxx" not in text.lower():
        return False
    return any(_X_TOKEN.match(token) for token in _TOKEN_SEPARATORS.split(text))


# --- hosts -----------------------------------------------------------------------------


PRIVATE_SUFFIXES = (".internal", ".local", ".localhost")
"""Private-use name suffixes: ``.internal`` (Railway's ``*.railway.internal``, cloud VPCs),
mDNS ``.local`` (and Kubernetes' ``.svc.cluster.local``), ``.localhost``."""


def is_private_host(host: str, suffixes: tuple[str, ...] = PRIVATE_SUFFIXES) -> bool:
    """Whether ``host`` cannot be reached from the internet (see the module docstring):
    sockets, ``localhost``, loopback/private/link-local addresses, single-label names and
    the private-use suffixes (``redis.railway.internal``)."""
    name = host.lower().rstrip(".")
    if not name or name.startswith(("/", "@")) or name == "localhost":
        return True
    address = ip_address_of(name.split("%", 1)[0])
    if address is None:
        return "." not in name or name.endswith(_dotted(suffixes))
    return address.is_private or address.is_loopback or address.is_link_local


@functools.lru_cache(maxsize=64)
def _dotted(suffixes: tuple[str, ...]) -> tuple[str, ...]:
    """``.internal`` for ``internal``, ``.internal.`` and ``.internal``: once per option
    value, not once per host."""
    return tuple("." + suffix.lower().strip(".") for suffix in suffixes)


TLS_ONLY_REDIS_SUFFIXES = (".upstash.io",)
"""Hosted Redis that accepts TLS connections only: a ``redis://`` URL to it cannot connect
(Upstash: "TLS is always enabled and cannot be disabled")."""


def tls_only_host(url: ParsedURL) -> str | None:
    """The first host of ``url`` that accepts only TLS connections (Upstash), or None."""
    for endpoint in url.hosts:
        name = endpoint.host.rstrip(".")
        if name.endswith(TLS_ONLY_REDIS_SUFFIXES):
            return name
    return None


def is_remote(url: ParsedURL, suffixes: tuple[str, ...] = PRIVATE_SUFFIXES) -> bool:
    """Whether any host the client dials is reachable over the internet."""
    return bool(remote_hosts(url, suffixes))


def remote_hosts(url: ParsedURL, suffixes: tuple[str, ...] = PRIVATE_SUFFIXES) -> list[Endpoint]:
    """The hosts of ``url`` that are reachable over the internet, in order."""
    return [e for e in url.hosts if not is_private_host(e.host, suffixes)]


def neon_domain(host: str, domains: tuple[str, ...] = NEON_DOMAINS) -> str | None:
    """The Neon domain ``host`` is an endpoint of (``ep-...`` first label), or None."""
    name = host.lower().rstrip(".")
    first = name.split(".", 1)[0]
    if not first.startswith("ep-"):
        return None
    for domain in domains:
        if name.endswith("." + domain.lower().strip(".")):
            return domain
    return None


def is_neon_pooler(host: str) -> bool:
    """Neon's pooled endpoint: ``-pooler`` appended to the first label."""
    return host.split(".", 1)[0].endswith(POOLER_SUFFIX)


def neon_pooled_host(host: str) -> str:
    """``ep-x.region.aws.neon.tech`` -> ``ep-x-pooler.region.aws.neon.tech``."""
    first, dot, rest = host.partition(".")
    if first.endswith(POOLER_SUFFIX):
        return host
    return f"{first}{POOLER_SUFFIX}{dot}{rest}"


def neon_direct_host(host: str) -> str:
    """``ep-x-pooler.region.aws.neon.tech`` -> ``ep-x.region.aws.neon.tech``."""
    first, dot, rest = host.partition(".")
    if first.endswith(POOLER_SUFFIX):
        first = first[: -len(POOLER_SUFFIX)]
    return f"{first}{dot}{rest}"


def pgbouncer_flag(url: ParsedURL) -> bool:
    """Prisma's ``pgbouncer=true``."""
    value = url.param("pgbouncer")
    return value is not None and value.strip().lower() in ("true", "1")


# --- driver parameters -----------------------------------------------------------------

ASYNCPG_CONNECT_PARAMS = frozenset(
    {
        # asyncpg.connect() keyword arguments
        "host",
        "port",
        "user",
        "password",
        "passfile",
        "database",
        "loop",
        "timeout",
        "statement_cache_size",
        "max_cached_statement_lifetime",
        "max_cacheable_statement_size",
        "command_timeout",
        "ssl",
        "direct_tls",
        "connection_class",
        "record_class",
        "server_settings",
        "target_session_attrs",
        "krbsrvname",
        "gsslib",
        # consumed by SQLAlchemy's asyncpg dialect before asyncpg.connect()
        "prepared_statement_cache_size",
        "prepared_statement_name_func",
        "async_fallback",
        "async_creator_fn",
    }
)
"""Query parameters a ``postgresql+asyncpg://`` URL may carry: SQLAlchemy passes every other
one to ``asyncpg.connect()`` as a keyword argument, which raises ``TypeError``."""
LIBPQ_FOREIGN_PARAMS = frozenset({"ssl", "pgbouncer", "schema"})
"""Parameters of other drivers (asyncpg's ``ssl``, Prisma's ``pgbouncer`` and ``schema``)
that libpq refuses ("invalid connection option") on ``+psycopg``/``+psycopg2`` URLs."""
LIBPQ_DRIVERS = frozenset({"psycopg", "psycopg2", "psycopg2cffi", "psycopg_async"})


class RejectedParam(NamedTuple):
    """A query parameter the URL's driver refuses at connect time, and what to do."""

    name: str
    advice: str


def rejected_params(url: ParsedURL) -> list[RejectedParam]:
    """Parameters SQLAlchemy hands to a driver that refuses them, in URL order, once each.

    Only SQLAlchemy's ``postgresql+<driver>`` URLs name their driver; a plain
    ``postgresql://`` URL is read by libpq, node-postgres, Prisma... and is never judged.
    """
    driver = url.driver if "+" in url.scheme else None
    found: dict[str, RejectedParam] = {}
    for name, value in url.query:
        if name in found:
            continue
        if driver == "asyncpg":
            advice = _asyncpg_advice(name, value)
        elif driver in LIBPQ_DRIVERS and name in LIBPQ_FOREIGN_PARAMS:
            advice = _libpq_advice(name)
        else:
            advice = None
        if advice is not None:
            found[name] = RejectedParam(name, advice)
    return list(found.values())


def _asyncpg_advice(name: str, value: str) -> str | None:
    if name == "sslmode":
        return "use ssl=require instead of sslmode"
    if name == "channel_binding":
        return "drop channel_binding (asyncpg does not support it)"
    if name == "ssl":
        return None if value in ASYNCPG_SSL_MODES else "write ssl=require (a libpq mode name)"
    if name == "pgbouncer":
        return "drop pgbouncer and set prepared_statement_cache_size=0"
    if name == "connect_timeout":
        return "use timeout instead of connect_timeout"
    if name in ASYNCPG_CONNECT_PARAMS:
        return None
    return f"pass {name} through connect_args in code"


def _libpq_advice(name: str) -> str:
    if name == "ssl":
        return "use sslmode=require instead of ssl"
    return f"drop {name} (a Prisma parameter)"


# --- classifying variables -------------------------------------------------------------


def expected_family(catalogue: Catalogue, key: str, text: str) -> Family | None:
    """The family a variable's value must belong to.

    The catalogue decides (kinds ``postgres-url``, ``redis-url``); a key the catalogue does
    not know is recognised by its value's scheme (``postgres://``, ``postgresql+asyncpg://``,
    ``redis://``, ``rediss://``), so ``CELERY_BROKER_URL=redis://...`` is judged too. A known
    key of another kind is never reclassified by its value.
    """
    return family_of_kind(catalogue.kind(key), text)


def family_of_kind(kind: str | None, text: str) -> Family | None:
    """:func:`expected_family` for a key of catalogue kind ``kind`` (None: unknown)."""
    if kind == "postgres-url":
        return "postgres"
    if kind == "redis-url":
        return "redis"
    if kind is None:
        return family_of_scheme(scheme_of(text))
    return None


class DatastoreBinding(NamedTuple):
    """A binding whose value is a real (parsed, non-placeholder) Postgres or Redis URL."""

    env_file: EnvFile
    var: Variable
    url: ParsedURL
    family: Family


def judged_datastores(ctx: Context) -> list[DatastoreBinding]:
    """:func:`datastore_bindings` of the judged environment, found once per check: seven
    rules ask for them."""
    return ctx.shared(
        ("datastores", ctx.environment),
        lambda: list(datastore_bindings(judged_url_bindings(ctx))),
    )


def compared_datastores(ctx: Context) -> list[DatastoreBinding]:
    """:func:`datastore_bindings` of the comparison environment, found once per check."""
    return ctx.shared(
        ("datastores", ctx.compare_with),
        lambda: list(datastore_bindings(compared_url_bindings(ctx))),
    )


def datastore_bindings(bindings: Iterable[UrlBinding]) -> Iterator[DatastoreBinding]:
    """The bindings holding a Postgres/Redis URL of the family their variable expects.

    Skipped, each being another rule's finding or none: references and bare keys (only the
    platform resolves them), URLs whose endpoint is a placeholder (SL102; a placeholder
    password alone still leaves the host, port and parameters to judge), URLs that do not
    parse or whose scheme is not of the expected family (SL306).
    """
    for env_file, var, kind in bindings:
        if kind == "url" or kind == "origin-list":
            continue
        text = literal(var)
        if text is None or not text.strip():
            continue
        family = family_of_kind(kind, text)
        if family is None:
            continue
        try:
            url = parse_url(text)
        except InvalidURL:
            continue
        if url.endpoint_placeholder or url.family != family:
            continue
        yield DatastoreBinding(env_file, var, url, family)
