"""Origins and public URLs: the one reading of `CORS_ORIGINS` that the SL4 rules share.

An origin list is read the way FastAPI apps read it (the full-stack template's validator,
pydantic-settings): a value whose first non-blank character is `[` is a JSON array of
strings, taken as is; any other value is comma-separated, each item stripped of whitespace,
empty items (`a,,b`, a trailing comma) dropped. Every item keeps its offset in the value so
that a diagnostic can point at the one origin that is wrong.

An origin is what a browser sends in its `Origin` header: `scheme://host[:port]`, the
scheme and host in lower case, no default port, no path, no trailing slash (RULES.md,
Facts → CORS). Starlette's `allow_origins` compares these strings exactly.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, urlsplit

from stagelint.model.deployment import EnvFile, Location, Variable
from stagelint.model.regex import lazy
from stagelint.model.tuples import NamedTuple
from stagelint.model.values import int_of, is_placeholder

if TYPE_CHECKING:
    from ipaddress import IPv4Address, IPv6Address

    from stagelint.policy.catalogue import Catalogue
    from stagelint.policy.context import Context

DEFAULT_ALLOWED_WILDCARDS = ("https://*.vercel.app",)
"""Wildcard origins the guide uses (`CORS_ORIGINS=...,https://*.vercel.app`)."""
DEFAULT_PRIVATE_HOSTS = ("*.internal", "*.local")
"""Host patterns of private networks, Railway's `*.railway.internal` first: plain http there
never leaves the network, and each environment resolves the same name to its own service.
Single-label names (`backend`, a container's name) are private too."""

DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
SECURE_SCHEMES = {"http": "https"}
"""Plain-text schemes SL402 reports, and their TLS counterparts. Not `ws`: SL306 reports a
`ws://` value of a `url` variable as the wrong scheme, and an origin is never `ws://`."""

_SCHEME = lazy(r"[A-Za-z][A-Za-z0-9+.-]*")
_JSON_STRING = lazy(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)  # unrolled: linear memory
_LOOPBACK_NAMES = frozenset({"localhost", "0.0.0.0"})
_HOST_NAME = lazy(r"[\w-]+(?:\.[\w-]+)*\.?")
_SPACE = lazy(r"\s")
"""Any character ``str.isspace()`` accepts: one search instead of a loop per character."""
_AUTHORITY_END = lazy(r"[/?#]")


class Entry(NamedTuple):
    """One item of an origin list: its text and where it stands in the value."""

    text: str
    start: int
    end: int
    """Offsets into the value (``end`` exclusive); for a JSON item with escapes, the span of
    its source text inside the quotes."""


class OriginList(NamedTuple):
    """An origin list read from a value; ``error`` says why a JSON-looking value is not one."""

    entries: tuple[Entry, ...]
    error: str | None = None
    complete: bool = True
    """False when references or a placeholder hide part of the list."""


def split_origins(value: str) -> OriginList:
    """The items of a comma-separated or JSON-array origin list, with their offsets."""
    if value.lstrip().startswith("["):
        return _split_json(value)
    entries = []
    start = 0
    for part in value.split(","):
        stripped = part.strip()
        if stripped:
            offset = start + (len(part) - len(part.lstrip()))
            entries.append(Entry(stripped, offset, offset + len(stripped)))
        start += len(part) + 1
    return OriginList(tuple(entries))


def _split_json(value: str) -> OriginList:
    import json

    error = "starts with '[' but is not a JSON array of strings, so the app cannot read it"
    try:
        items = json.loads(value)
    except (ValueError, RecursionError):  # json recurses: 1,000 '[' exhaust the stack
        return OriginList((), error)
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        return OriginList((), error)
    tokens = list(_JSON_STRING.finditer(value))
    if len(tokens) != len(items):  # unreachable for a valid array of strings; stay safe
        return OriginList(tuple(Entry(item, 0, len(value)) for item in items if item))
    entries = tuple(
        Entry(item, token.start() + 1, token.end() - 1)
        for item, token in zip(items, tokens, strict=True)
        if item
    )
    return OriginList(entries)


def literal_entries(var: Variable) -> OriginList:
    """The items of an origin-list variable a rule may judge.

    A placeholder value (`<staging-frontend-url>`, empty) has none: SL102 reports it; nor
    has a value the platform holds (Vercel's `[SENSITIVE]`). A
    value holding a reference (`https://a,${{frontend.URL}}`) keeps its literal items: an
    origin never contains `$`, so an item that does is (part of) a reference.
    """
    if var.value is None or var.is_platform_value or is_placeholder(var.value.reveal()):
        return OriginList((), complete=False)
    found = split_origins(var.value.reveal())
    if not var.references:
        return found
    entries = tuple(e for e in found.entries if "$" not in e.text)
    return OriginList(entries, found.error, complete=False)


def entry_location(var: Variable, entry: Entry) -> Location:
    """The columns of ``entry`` when the value is written as parsed on one line (unquoted,
    or quoted without escapes); else the whole binding (``var.location``)."""
    span = var.value_location
    if var.value is None or span.line != span.end_line:
        return var.location
    quote = 1 if var.quote else 0
    if span.end_column - span.column != len(var.value) + 2 * quote:
        return var.location  # escapes changed the length: columns would be guesses
    column = span.column + quote
    return Location(span.path, span.line, column + entry.start, span.line, column + entry.end)


class Origin(NamedTuple):
    """`scheme://host[:port]` in the form browsers send: lower case, default port omitted."""

    scheme: str
    host: str
    port: int | None
    """The explicit port; None for the scheme's default."""

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}" + (f":{self.port}" if self.port is not None else "")

    def site_key(self) -> tuple[str, str, int | None]:
        """What two origins share when they name the same site: plain-text schemes count as
        their TLS counterparts (an `http://` origin is SL402's finding, not a mismatch)."""
        scheme = SECURE_SCHEMES.get(self.scheme, self.scheme)
        port = self.port
        if port is not None and port == DEFAULT_PORTS.get(self.scheme):
            port = None
        return scheme, self.host, port


def make_origin(scheme: str, host: str, port: int | None) -> Origin:
    scheme = scheme.lower()
    if port is not None and port == DEFAULT_PORTS.get(scheme):
        port = None
    return Origin(scheme, host.lower().rstrip("."), port)


def parse_url(text: str) -> SplitResult | None:
    """``text`` split as a URL, or None when a rule of this family must not judge it.

    None for a value that is not a URL (no scheme, no host, a host name with characters
    other than letters, digits, `-` and `_` in its labels, a port outside 1-65535, an `@` in
    the user info, whitespace): SL306 reports those. None also for a placeholder
    (`https://<api-host>`), which SL102 reports. Stricter than SL306, never looser: a URL
    gets one diagnostic.
    """
    found = _split_url(text)
    return None if found is None else found[0]


def _split_url(text: str) -> tuple[SplitResult, str, int | None] | None:
    """:func:`parse_url` with the host and port it read (``SplitResult.hostname`` and
    ``.port`` parse the authority again at every use)."""
    stripped = text.strip()
    if "://" not in stripped or _SPACE.search(stripped) or is_placeholder(stripped):
        return None
    try:
        parts = urlsplit(stripped)
        port = parts.port
    except ValueError:
        return None
    host = parts.hostname
    if not _SCHEME.fullmatch(parts.scheme) or not host or parts.netloc.count("@") > 1:
        return None
    if port == 0 or not (ip_address_of(host) is not None or _HOST_NAME.fullmatch(host)):
        return None
    return parts, host, port


@functools.lru_cache(maxsize=4096)
def url_origin(text: str) -> Origin | None:
    """The origin of a URL value (`https://staging.example-shop.com/api` →
    `https://staging.example-shop.com`), or None when it does not parse.

    Remembered: SL402, SL404, SL405 and SL406 each ask about the same values."""
    found = _split_url(text)
    if found is None:
        return None
    parts, host, port = found
    return make_origin(parts.scheme, host, port)


@functools.lru_cache(maxsize=4096)
def origin_problem(text: str) -> str | None:
    """Why a CORS item is not an origin a browser sends (SL403's finding), or None.

    `*` is SL401's, not judged here. The reason completes "the item ...". Remembered:
    SL401, SL402, SL403 and SL406 ask about the same items."""
    if text == "*":
        return None
    if text.lower() == "null":
        return (
            "is the origin of sandboxed iframes and local files: allowing it lets any such "
            "page call the API"
        )
    if _SPACE.search(text):
        return "holds whitespace: separate origins with commas"
    scheme, sep, rest = text.partition("://")
    if not sep or not _SCHEME.fullmatch(scheme):
        return "has no scheme"
    authority = _AUTHORITY_END.split(rest, maxsplit=1)[0]
    tail = rest[len(authority) :]
    if "@" in authority:
        return "holds user info"
    host, port_text = _split_host_port(authority)
    if not host:
        return "has no host: an origin is scheme://host[:port]"
    if port_text is not None:
        if not port_text.isascii() or not port_text.isdigit() or int_of(port_text) > 65535:
            return "has an invalid port: an origin is scheme://host[:port]"
        if int_of(port_text) == DEFAULT_PORTS.get(scheme.lower()):
            return f"names the default port :{port_text}, which browsers omit"
    if tail == "/":
        return "ends with a slash, which browsers never send"
    if tail:
        return {"/": "has a path", "?": "has a query", "#": "has a fragment"}[tail[0]]
    if scheme != scheme.lower() or host != host.lower():
        return "has upper-case letters, which browsers never send"
    if not host.isascii():
        return "has a non-ASCII host, which browsers send in its xn-- form"
    return None


def suggested_origin(text: str) -> str | None:
    """The origin a malformed CORS item evidently means, as browsers send it, or None."""
    origin = entry_origin(text)
    if origin is None:
        return None
    if not origin.host.isascii():
        try:
            origin = Origin(origin.scheme, origin.host.encode("idna").decode("ascii"), origin.port)
        except UnicodeError:
            return None
    return str(origin) if str(origin) != text else None


def _split_host_port(authority: str) -> tuple[str, str | None]:
    if authority.startswith("["):
        close = authority.find("]")
        if close < 0:
            return "", None
        host, rest = authority[1:close], authority[close + 1 :]
        if not rest:
            return host, None
        return (host, rest[1:]) if rest.startswith(":") else ("", None)
    host, sep, port = authority.rpartition(":")
    return (host, port) if sep else (authority, None)


@functools.lru_cache(maxsize=4096)
def entry_origin(text: str) -> Origin | None:
    """What a CORS item means, read leniently: a malformed item (SL403's) counts as the
    origin it evidently names, so that SL404 does not report its consequence again.
    `*`, `null` and items without a host give None. Remembered: SL402, SL404 and SL406
    ask about the same items."""
    if text == "*" or text.lower() == "null" or _SPACE.search(text):
        return None
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "https", text
    authority = _AUTHORITY_END.split(rest, maxsplit=1)[0].rpartition("@")[2]
    host, port_text = _split_host_port(authority)
    port = None
    if port_text is not None:
        if not port_text.isascii() or not port_text.isdigit():
            return None
        port = int_of(port_text)
        if port > 65535:
            return None
    if not host:
        return None
    return make_origin(scheme, host, port)


def is_wildcard(text: str) -> bool:
    """A wildcard item: `*` itself or a pattern such as `https://*.vercel.app`."""
    return "*" in text


def wildcard_allowed(pattern: str, allowed: Iterable[str]) -> bool:
    """Whether a wildcard item is one of ``allowed`` (compared as sites, so that
    `http://*.vercel.app` is SL402's finding, not also SL401's)."""
    key = _wildcard_key(pattern)
    return key is not None and any(key == _wildcard_key(a) for a in allowed)


def _wildcard_key(pattern: str) -> tuple[str, str, int | None] | None:
    origin = entry_origin(pattern.strip())
    return origin.site_key() if origin is not None else None


def matches(item: str, origin: Origin, allowed_wildcards: Iterable[str]) -> bool:
    """Whether the CORS item ``item`` lets a page of ``origin`` call the API.

    `*` matches everything (SL401 reports it); a wildcard counts only when it is one of
    ``allowed_wildcards``, and its `*` stands for one or more DNS labels; any other item
    matches the same site (scheme, case-insensitive host, port with defaults normalised).
    """
    if item == "*":
        return True
    meant = entry_origin(item)
    if meant is None:
        return False
    want = meant.site_key()
    have = origin.site_key()
    if not is_wildcard(item):
        return want == have
    if not wildcard_allowed(item, allowed_wildcards) or want[0::2] != have[0::2]:
        return False
    label = r"[a-z0-9_-]+"
    regex = re.escape(want[1]).replace(r"\*", rf"{label}(?:\.{label})*")
    return re.fullmatch(regex, have[1]) is not None


def strip_userinfo(text: str) -> str:
    """``text`` without `user:password@` after its scheme: safe to quote in a message."""
    scheme, sep, rest = text.partition("://")
    if not sep:
        return re.sub(r"^[^/?#]*@", "", text)
    cut = re.search(r"[/?#]", rest)
    end = cut.start() if cut else len(rest)
    authority = rest[:end].rpartition("@")[2]
    return f"{scheme}://{authority}{rest[end:]}"


def shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def is_loopback(host: str) -> bool:
    """`localhost`, `*.localhost`, `127.0.0.0/8`, `::1` and `0.0.0.0`: development only."""
    if host in _LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    address = ip_address_of(host)
    return address is not None and (address.is_loopback or address.is_unspecified)


def is_private_host(host: str, patterns: Iterable[str]) -> bool:
    """A host on a private network: one of ``patterns`` (`*.internal` for Railway's
    `*.railway.internal`), a single-label name (`backend`), or a private-network address
    (RFC 1918, IPv6 ULA, link-local). Loopback hosts are not private: they are development
    hosts (:func:`is_loopback`)."""
    from fnmatch import fnmatchcase

    if is_loopback(host):
        return False
    address = ip_address_of(host)
    if address is not None:
        return address.is_private or address.is_link_local
    return "." not in host or any(fnmatchcase(host, p.lower()) for p in patterns)


_IP_SHAPED = re.compile(r"[0-9A-Fa-f.:]+(?:%.*)?\Z", re.DOTALL).match
"""What an IP address literal can look like (hex digits, dots, colons, an IPv6 zone)."""


@functools.lru_cache(maxsize=4096)
def ip_address_of(host: str) -> IPv4Address | IPv6Address | None:
    """``host`` as an IP address, or None for a name.

    Names are told apart by their letters before ``ipaddress`` is asked, and answers are
    remembered: rules ask about every host of every URL, and a refused ``ip_address()``
    raises an exception each time (about 5,000 per check at 200 services)."""
    if _IP_SHAPED(host) is None:
        return None
    import ipaddress

    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def files_per_service(files: Iterable[EnvFile]) -> dict[str, list[EnvFile]]:
    """service -> its env files in path order, services in the order their first file
    comes in path order."""
    found: dict[str, list[EnvFile]] = {}
    for env_file in sorted(files, key=lambda f: f.path):
        found.setdefault(env_file.service, []).append(env_file)
    return found


URL_KINDS = frozenset({"url", "origin-list", "postgres-url", "redis-url"})
"""Catalogue kinds whose values the URL, data-store and origin rules (SL3, SL4) judge."""


class UrlBinding(NamedTuple):
    """A binding that may hold a URL: its catalogue ``kind`` is one of :data:`URL_KINDS`,
    or None for a key the catalogue does not know whose literal value holds ``://``."""

    env_file: EnvFile
    var: Variable
    kind: str | None


def judged_url_bindings(ctx: Context) -> list[UrlBinding]:
    """:func:`url_bindings` of the judged environment's effective bindings, found once per
    check: about one binding in eight, which a dozen rules would otherwise each pick out of
    all of them (a catalogue question per binding)."""
    return ctx.shared(
        ("url-bindings", ctx.environment),
        lambda: url_bindings(ctx.catalogue, ctx.judged_bindings()),
    )


def compared_url_bindings(ctx: Context) -> list[UrlBinding]:
    """:func:`url_bindings` of the comparison environment, found once per check."""
    return ctx.shared(
        ("url-bindings", ctx.compare_with),
        lambda: url_bindings(ctx.catalogue, ctx.compared_bindings()),
    )


def url_bindings(
    catalogue: Catalogue, bindings: Iterable[tuple[EnvFile, Variable]]
) -> list[UrlBinding]:
    """The bindings that may hold a URL, in the order of ``bindings``: those of the
    :data:`URL_KINDS`, and those of unknown keys whose literal value holds ``://`` (the
    data-store rules recognise ``CELERY_BROKER_URL=redis://...`` by its scheme). The kind
    is asked once per key: a project repeats few keys over many files."""
    kinds: dict[str, str | None] = {}
    found = []
    for env_file, var in bindings:
        key = var.key
        try:
            kind = kinds[key]
        except KeyError:
            kind = kinds[key] = catalogue.kind(key)
        if kind is None:
            value = var.value
            if value is None or var.references or "://" not in value.reveal():
                continue
        elif kind not in URL_KINDS:
            continue
        found.append(UrlBinding(env_file, var, kind))
    return found


APP_ROLES = ("cors-origins", "app-url")
"""The catalogue roles SL404 and SL405 read per service: CORS lists and app URLs."""


def app_bindings(ctx: Context) -> dict[str, dict[str, tuple[EnvFile, Variable]]]:
    """service -> key -> (file, winning binding) in the judged environment, for the keys
    of :data:`APP_ROLES`: later files win in path order, as :meth:`Project.variables`
    merges them (``.env.staging.local`` over ``.env.staging``). Every service with env
    files has an entry (empty when it has none of those keys). Found once per check and
    only for those keys: SL404 and SL405 each merged every binding of every service (SL404
    twice) to read a few of them, and all of them, kept, held 3 MiB at 1,000 services."""
    return ctx.shared(("app-bindings", ctx.environment), lambda: _role_bindings(ctx, APP_ROLES))


def _role_bindings(
    ctx: Context, roles: Iterable[str]
) -> dict[str, dict[str, tuple[EnvFile, Variable]]]:
    keys = frozenset(key for role in roles for key in ctx.catalogue.with_role(role))
    per_file: dict[int, list[Variable]] = {}
    for env_file, var in ctx.judged_bindings():
        if var.key in keys:
            per_file.setdefault(id(env_file), []).append(var)
    result: dict[str, dict[str, tuple[EnvFile, Variable]]] = {}
    for service, files in files_per_service(ctx.judged_env_files()).items():
        merged = result[service] = {}
        for env_file in files:  # path order: later files win
            for var in per_file.get(id(env_file), ()):
                merged[var.key] = (env_file, var)
    return result


def origin_lists(ctx: Context) -> list[tuple[EnvFile, Variable, OriginList]]:
    """(file, binding, items) for every origin-list variable the policy judges, read once
    per check: SL401, SL402 and SL403 judge the same lists."""
    return ctx.shared(
        ("origin-lists", ctx.environment),
        lambda: [
            (env_file, var, literal_entries(var))
            for env_file, var, kind in judged_url_bindings(ctx)
            if kind == "origin-list"
        ],
    )
