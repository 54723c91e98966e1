"""Fingerprints of production secrets: what SL104 compares staging with when production's env
files are not in the repository.

``stagelint fingerprint backend/.env.production ... -o .stagelint/production.fingerprints``
reads production env files (or files pulled from the platforms, e.g. ``railway variables
--kv``), and writes, for every secret value and every password inside a URL, a salted scrypt
hash with the service and variable it came from. Never a value. SL104 hashes each staging
secret with the file's salt and parameters and reports the ones whose hash is listed.

Format (version 1): a JSON object, one fingerprint per line so that diffs and diagnostics can
point at a line::

    {"format": "stagelint-fingerprints", "version": 1, "environment": "production",
     "about": "...",
     "algorithm": "scrypt", "n": 128, "r": 8, "p": 1, "dklen": 32, "salt": "<base64>",
     "fingerprints": [
      {"service": "backend", "variable": "JWT_SECRET_KEY", "part": "value", "hash": "<base64>"},
      {"service": "backend", "variable": "DATABASE_URL", "part": "url-password", "hash": "..."}
     ]}

``part`` is ``value`` (the whole value of a secret variable) or ``url-password`` (the
percent-decoded password of a ``scheme://user:password@host`` value). ``hash`` is
``scrypt(secret as UTF-8, salt, n, r, p, dklen)``; one random 16-byte salt per file, so each
staging secret is hashed once per run however many fingerprints there are. Readers refuse
other formats and versions, parameters beyond :data:`LIMITS` or refused by OpenSSL (the file
comes from the repository being linted: it must not be able to make ``stagelint check`` slow
or fail), and one run hashes within :data:`HASH_BUDGET`.

Cost: the default parameters (n=128, r=8, p=1: 128 KiB of memory, about 0.35 ms per hash on
a slow two-core machine, 1 ms when it is fully loaded) keep SL104's hashing for a project with
50 secrets at about 20 ms (50 ms under load). A file written with higher parameters is read
with its own, up to :data:`LIMITS`.

Threat model: a fingerprint file is meant to be committed, so assume it leaks. It reveals
the names of production's secret variables, their services and their number, and which of
them hold the same value (one salt per file). It lets anyone test guesses offline, at the
cost of one scrypt per guess: useless against the guide's generated secrets (32+ random
characters are far beyond any search), but a weak production password (a dictionary word)
can be found this way as it could from any hash: about 3,700 guesses a second per core at
the defaults. So :func:`write_fingerprints` leaves out the secrets :func:`too_weak` names and
says to rotate them. Values never appear in the file, in messages or logs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from stagelint.model.errors import ConfigError, UsageError
from stagelint.model.regex import lazy
from stagelint.model.tuples import NamedTuple
from stagelint.model.values import is_placeholder, parse_bool, quoted

if TYPE_CHECKING:
    from pathlib import Path

    from stagelint.policy.catalogue import Catalogue

FORMAT = "stagelint-fingerprints"
VERSION = 1
DEFAULT_NAME = ".stagelint/{environment}.fingerprints"
"""Where ``stagelint fingerprint`` writes and SL104 looks, relative to the project root."""
ABOUT = (
    "Salted scrypt hashes of secrets, written by `stagelint fingerprint`; no values. "
    "SL104 compares staging secrets with them. See docs/fingerprints.md."
)
PARTS = ("value", "url-password")
MAX_ENTRIES = 10_000


# ------------------------------------------------ what a secret is (shared with SL1 rules)
#
# A URL-shaped value (``scheme://...``) holds a secret only in its password: the rest names
# a resource (SL304's business). So a ``DATABASE_URL`` without a password, or with a
# placeholder one, holds no secret, and SL104 compares URL passwords, never whole URLs. A
# password in a URL is a secret whatever the variable's name (``CELERY_BROKER_URL``).

_URL = r"^[A-Za-z][A-Za-z0-9+.-]*://"
_PLACEHOLDER_PASSWORDS = frozenset({"pass", "passwd", "pwd", "pw", "user", "username"})
"""Words the guide and vendors' docs put where a URL's password goes
(``postgresql://user:pass@host/db``), on top of :func:`stagelint.model.values.is_placeholder`."""
_BRACKETED = r"^(\[.*\]|\{.*\}|%.*%)$"
"""``[YOUR-PASSWORD]`` (Supabase's connection strings), ``{password}``, ``%PASSWORD%``."""
# Compiled once: rules ask about every value of every file.
_URL_START = re.compile(_URL).match
_AUTHORITY = re.compile(_URL + r"([^/?#]*)").match
_BRACKETED_MATCH = re.compile(_BRACKETED).match


class SecretPart(NamedTuple):
    """The secret inside a value: the whole value, or the password of a URL."""

    kind: Literal["value", "url-password"]
    text: str


def is_url(text: str) -> bool:
    return _URL_START(text) is not None


_NUMBER = lazy(r"[+-]?([0-9]{1,15}(\.[0-9]*)?|\.[0-9]+)")
_SHORTEST_NOT_PLAIN = 32
"""No boolean or number of :data:`_NUMBER` is longer (16 digits, a point and a fraction
stay under it in practice; a longer run of digits is treated as a possible secret)."""


def holds_no_secret(text: str) -> bool:
    """Whether a value is no secret whatever its variable's name: a boolean
    (``CORS_ALLOW_CREDENTIALS=true``, ``ADMIN_AUTO_GENERATE_PASSWORD=false``), a number, an
    empty value, or a URL without a password. Rules that judge secrets leave these alone."""
    stripped = text.strip()
    if not stripped:
        return True
    # secrets are long: most values stop at the length
    if len(stripped) <= _SHORTEST_NOT_PLAIN and (
        parse_bool(stripped) is not None or _NUMBER.fullmatch(stripped)
    ):
        return True
    return "://" in stripped and is_url(stripped) and url_password(stripped) is None


def url_password(text: str) -> str | None:
    """The (percent-decoded) password of a ``scheme://user:password@host`` value, else None.

    The authority ends at the first ``/``, ``?`` or ``#``; the last ``@`` in it ends the
    user info, so an unescaped ``@`` inside the password stays in the password."""
    if "@" not in text:
        return None  # no user info
    found = _AUTHORITY(text)  # what follows "://" up to the authority's end, for a URL
    if found is None:
        return None
    userinfo, at, _host = found[1].rpartition("@")
    if not at or ":" not in userinfo:
        return None
    password = userinfo.split(":", 1)[1]
    if "%" in password:  # without one, unquote returns it as it is
        from urllib.parse import unquote

        password = unquote(password)
    return password or None


def is_placeholder_password(password: str) -> bool:
    """A URL password nobody set: a placeholder, ``pass``/``pwd``, ``[YOUR-PASSWORD]``."""
    stripped = password.strip()
    return (
        is_placeholder(stripped)
        or stripped.lower() in _PLACEHOLDER_PASSWORDS
        or _BRACKETED_MATCH(stripped) is not None
    )


def is_secret_key(catalogue: Catalogue, key: str) -> bool:
    """A secret by the catalogue (or by name), and not a key designed to be public."""
    return catalogue.is_secret(key) and not catalogue.is_public(key)


def secret_part(catalogue: Catalogue, key: str, text: str) -> SecretPart | None:
    """The secret a literal value of ``key`` holds, or None when it holds none.

    A URL holds its password, if it has a real one. Any other value of a secret key holds
    itself, unless it is a placeholder (SL102 reports those) or no secret whatever the name
    (:func:`holds_no_secret`: a boolean, a number, empty)."""
    if is_url(text):
        password = url_password(text)
        if password is None or is_placeholder_password(password):
            return None
        return SecretPart("url-password", password)
    if not is_secret_key(catalogue, key) or is_placeholder(text) or holds_no_secret(text):
        return None
    return SecretPart("value", text)


class Params(NamedTuple):
    """scrypt's cost parameters: ``n`` (CPU/memory cost, a power of two), block size ``r``,
    parallelism ``p`` and the length of the derived hash in bytes."""

    n: int = 128
    r: int = 8
    p: int = 1
    dklen: int = 32

    @property
    def work(self) -> int:
        """What one hash costs, in time and memory: ``n * r * p``."""
        return self.n * self.r * self.p


DEFAULT_PARAMS = Params()
LIMITS = {"n": 1 << 13, "r": 32, "p": 4, "dklen": 64, "work": 1 << 13, "salt": 64}
"""Largest parameters a reader accepts; ``work`` bounds ``n * r * p`` (the cost of one hash:
at most 8 times the default's 1,024, about 2.5 ms; the earlier limit of 65,536 made SL104
65 times slower, 20 ms a hash)."""
HASH_BUDGET = 1 << 22
"""``n * r * p`` summed over the hashes of one run: 4,096 hashes at the default parameters
(about 1.3 s), 512 at the limit. A project with more distinct staging secrets than that
gets an SL104 finding saying how many were not compared, not a slow run."""


class Fingerprint(NamedTuple):
    """One hashed secret: where it came from, never what it is."""

    service: str
    variable: str
    part: str
    digest: bytes
    line: int = 0
    """Its line in the file it was read from (0 when created in memory)."""


class FingerprintFile(NamedTuple):
    """A fingerprint file: the environment its secrets come from, the salt and parameters
    every hash in it uses, and the fingerprints."""

    environment: str
    salt: bytes
    params: Params = DEFAULT_PARAMS
    fingerprints: tuple[Fingerprint, ...] = ()

    def digest(self, secret: str) -> bytes:
        """The hash of ``secret`` under this file's salt and parameters."""
        import hashlib

        p = self.params
        return hashlib.scrypt(
            secret.encode("utf-8"),
            salt=self.salt,
            n=p.n,
            r=p.r,
            p=p.p,
            dklen=p.dklen,
            maxmem=256 * p.r * p.n * p.p + (1 << 20),
        )


class Matcher:
    """Finds the fingerprints a secret matches; hashes each distinct secret once, within
    :data:`HASH_BUDGET` (``skipped`` counts the secrets left uncompared)."""

    def __init__(self, file: FingerprintFile, origin: str = "", budget: int | None = None) -> None:
        self.file = file
        self.origin = origin  # the file's path relative to the project root
        self._by_digest: dict[bytes, list[Fingerprint]] = {}
        for fingerprint in file.fingerprints:
            self._by_digest.setdefault(fingerprint.digest, []).append(fingerprint)
        self._cache: dict[str, bytes] = {}
        self._hashes_left = (HASH_BUDGET if budget is None else budget) // file.params.work
        self.skipped = 0

    def matches(self, secret: str) -> list[Fingerprint]:
        if not self._by_digest:
            return []
        digest = self._cache.get(secret)
        if digest is None:
            if self._hashes_left <= 0:
                self.skipped += 1
                return []
            self._hashes_left -= 1
            digest = self._cache[secret] = self.file.digest(secret)
        return self._by_digest.get(digest, [])


def create(
    secrets: Iterable[tuple[str, str, str, str]],
    environment: str = "production",
    params: Params = DEFAULT_PARAMS,
    salt: bytes | None = None,
) -> FingerprintFile:
    """Hash ``(service, variable, part, secret)`` tuples under a fresh random salt."""
    file = FingerprintFile(environment, salt if salt is not None else os.urandom(16), params)
    seen: set[tuple[str, str, str, bytes]] = set()
    fingerprints = []
    for service, variable, part, secret in secrets:
        digest = file.digest(secret)
        key = (service, variable, part, digest)
        if key not in seen:
            seen.add(key)
            fingerprints.append(Fingerprint(service, variable, part, digest))
    fingerprints.sort(key=lambda f: (f.service, f.variable, f.part, f.digest))
    return FingerprintFile(environment, file.salt, params, tuple(fingerprints))


def dumps(file: FingerprintFile) -> str:
    """The file's text: a JSON object with one fingerprint per line."""
    import base64
    import json

    def enc(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    p = file.params
    head = [
        f'"format": {json.dumps(FORMAT)}, "version": {VERSION}, '
        f'"environment": {json.dumps(file.environment)},',
        f'"about": {json.dumps(ABOUT)},',
        f'"algorithm": "scrypt", "n": {p.n}, "r": {p.r}, "p": {p.p}, "dklen": {p.dklen}, '
        f'"salt": "{enc(file.salt)}",',
    ]
    rows = [
        json.dumps(
            {"service": f.service, "variable": f.variable, "part": f.part, "hash": enc(f.digest)}
        )
        for f in file.fingerprints
    ]
    body = ",\n ".join(rows)
    return "{" + "\n ".join(head) + '\n "fingerprints": [\n ' + body + "\n ]}\n"


def loads(text: str, origin: str = "fingerprint file") -> FingerprintFile:
    """Parse and validate a fingerprint file; :class:`ConfigError` (naming ``origin`` and
    the field, never a value) when it is not one stagelint can read."""
    import json

    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:  # json recurses: a crafted file nests deep
        line = getattr(exc, "lineno", None)
        where = f" (line {line})" if line else ""
        raise ConfigError(f"{origin}: not valid JSON{where}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ConfigError(f"{origin}: not a stagelint fingerprint file")
    if data.get("version") != VERSION:
        raise ConfigError(
            f"{origin}: fingerprint format version {data.get('version')!r} is not supported "
            f"(this stagelint reads version {VERSION}); regenerate it with stagelint fingerprint"
        )
    if data.get("algorithm") != "scrypt":
        raise ConfigError(f"{origin}: unsupported algorithm (only scrypt)")
    params = Params(*(_int(data, name, origin) for name in ("n", "r", "p", "dklen")))
    check_params(params, origin)
    salt = _b64(data.get("salt"), "salt", origin)
    if not 8 <= len(salt) <= LIMITS["salt"]:
        raise ConfigError(f"{origin}: salt must be 8 to {LIMITS['salt']} bytes")
    environment = data.get("environment")
    if not isinstance(environment, str) or not environment:
        raise ConfigError(f"{origin}: 'environment' must name an environment")
    entries = data.get("fingerprints")
    if not isinstance(entries, list) or len(entries) > MAX_ENTRIES:
        raise ConfigError(f"{origin}: 'fingerprints' must be a list of at most {MAX_ENTRIES}")
    lines = _hash_lines(text)
    fingerprints = []
    for index, entry in enumerate(entries):
        where = f"{origin}: fingerprints[{index}]"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where} must be an object")
        service, variable, part = (entry.get(k) for k in ("service", "variable", "part"))
        if not (isinstance(service, str) and isinstance(variable, str) and part in PARTS):
            raise ConfigError(f"{where} needs service, variable and part ({', '.join(PARTS)})")
        raw_hash = entry.get("hash")
        digest = _b64(raw_hash, "hash", where)
        if len(digest) != params.dklen:
            raise ConfigError(f"{where}: hash is not {params.dklen} bytes long")
        line = lines.get(str(raw_hash), 1)
        fingerprints.append(Fingerprint(service, variable, str(part), digest, line))
    return FingerprintFile(environment, salt, params, tuple(fingerprints))


def _int(data: dict[str, Any], name: str, origin: str) -> int:
    value = data.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ConfigError(f"{origin}: '{name}' must be a positive integer")
    return value


def check_params(params: Params, origin: str) -> None:
    """Refuse cost parameters a crafted file could use to make a run slow."""
    if params.n < 2 or params.n & (params.n - 1):
        raise ConfigError(f"{origin}: 'n' must be a power of two")
    for name in ("n", "r", "p", "dklen"):
        if getattr(params, name) > LIMITS[name]:
            raise ConfigError(f"{origin}: '{name}' is over the limit of {LIMITS[name]}")
    if params.work > LIMITS["work"]:
        raise ConfigError(f"{origin}: n * r * p is over the limit of {LIMITS['work']}")
    if params.dklen < 16:
        raise ConfigError(f"{origin}: 'dklen' must be at least 16 bytes")
    try:  # OpenSSL has rules of its own (n below 2 ** (16 * r), memory): ask it once
        FingerprintFile("", bytes(8), params).digest("")
    except (ValueError, MemoryError):
        raise ConfigError(f"{origin}: scrypt refuses these parameters (n, r, p)") from None


def _b64(value: Any, name: str, origin: str) -> bytes:
    import base64
    import binascii

    if not isinstance(value, str):
        raise ConfigError(f"{origin}: '{name}' must be a base64 string")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ConfigError(f"{origin}: '{name}' is not valid base64") from None


_HASH_FIELD = r'"hash"\s*:\s*"([A-Za-z0-9+/=]+)"'


def _hash_lines(text: str) -> dict[str, int]:
    """base64 hash -> the 1-based line it stands on, so diagnostics can point at it."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        for match in re.finditer(_HASH_FIELD, line):
            lines.setdefault(match.group(1), number)
    return lines


# ---------------------------------------------------------------- reading for SL104


def project_file(root: Path, configured: str | None, environment: str) -> Path | None:
    """The fingerprint file SL104 reads: the ``fingerprints`` setting (relative to the root;
    it must exist), else ``.stagelint/<environment>.fingerprints`` when present."""
    from stagelint.model.source import is_inside

    name = configured if configured is not None else DEFAULT_NAME.format(environment=environment)
    path = root / name
    if not path.is_file():
        if configured is None:
            return None
        raise ConfigError(f"setting fingerprints: {quoted(configured)} is not a file")
    if not is_inside(str(path), str(root.resolve())):
        raise ConfigError(f"fingerprint file {quoted(name)} lies outside the project root")
    return path


def load(path: Path, origin: str, max_size: int) -> FingerprintFile:
    """Read a fingerprint file with the size and encoding checks of every project file."""
    from stagelint.model.deployment import Problem
    from stagelint.model.source import read_source

    source = read_source(str(path), origin, max_size)
    if isinstance(source, Problem):
        raise ConfigError(f"{origin}: {source.message}")
    return loads(source.text, origin)


# ---------------------------------------------------------------- writing (the CLI)


class Written(NamedTuple):
    """What ``stagelint fingerprint`` wrote."""

    path: Path
    fingerprints: int
    files: int
    services: tuple[str, ...] = ()
    refused: tuple[str, ...] = ()
    """``service VARIABLE`` of each secret too weak to fingerprint (see :func:`too_weak`)."""
    minimum: int = 32

    def refusal(self) -> str | None:
        """The line saying which secrets were left out and why, or None."""
        if not self.refused:
            return None
        count = len(self.refused)
        names = ", ".join(self.refused[:10]) + (f" and {count - 10} more" if count > 10 else "")
        return (
            f"{count} secret{'s' if count != 1 else ''} not fingerprinted, weak or shorter "
            f"than {self.minimum} characters ({names}): a committed hash of a weak secret "
            "can be cracked offline; rotate them, then run stagelint fingerprint again"
        )

    def summary(self) -> str:
        where = os.path.relpath(self.path) if self.path.is_absolute() else str(self.path)
        noun = "fingerprint" if self.fingerprints == 1 else "fingerprints"
        services = ", ".join(self.services) or "none"
        return (
            f"wrote {self.fingerprints} {noun} of secrets from {self.files} file(s) "
            f"(services: {services}) to {where}; no values"
        )


def write_fingerprints(
    files: Sequence[Path],
    output: Path | None = None,
    service: str | None = None,
    environment: str = "production",
    cwd: Path | None = None,
    params: Params = DEFAULT_PARAMS,
) -> Written:
    """Fingerprint the secrets of ``files`` (env files of ``environment``) into ``output``
    (default: ``.stagelint/<environment>.fingerprints`` in the project root around ``cwd``).

    A file inside the project takes its service from the project layout; ``service``
    overrides that and is required for files outside the project (``/tmp/prod.env``),
    unless the file is given as ``--env-file`` takes it, ``SERVICE:ENVIRONMENT=PATH``
    (``backend:production=/tmp/backend.json``), which names its own service."""
    from pathlib import Path

    from stagelint.model.atomic import cannot_write, write_text
    from stagelint.policy.catalogue import load_catalogue
    from stagelint.project.discover import discover
    from stagelint.project.settings import find_project_root, load_settings

    root = find_project_root((cwd or Path.cwd()).resolve())
    settings = load_settings(root).settings
    catalogue = load_catalogue(
        tuple(settings.secret_patterns),
        tuple(settings.secret_variables),
        tuple(settings.not_secret_variables),
    )
    found = {env.path: env for env in discover(root, settings).env_files}
    secrets: list[tuple[str, str, str, str]] = []
    services: set[str] = set()
    for given in files:
        path, owner_given = _named(given, service, environment)
        owner, source, inside = _read_env(
            path, root, found, owner_given, environment, settings.max_file_size
        )
        services.add(owner)
        variables = _variables(source, inside, path, environment)
        secrets.extend(
            (owner, key, kind, text) for key, kind, text in _secrets(variables, catalogue)
        )
    minimum = _policy_minimum(root, settings.policy)
    weak = [entry for entry in secrets if too_weak(entry[3], entry[2], minimum)]
    refused = sorted({f"{owner} {key}" for owner, key, _, _ in weak})
    secrets = [entry for entry in secrets if entry not in weak]
    fingerprints = create(secrets, environment, params)
    target = output if output is not None else root / DEFAULT_NAME.format(environment=environment)
    try:
        write_text(target, dumps(fingerprints), make_parents=True, projects=[root])
    except OSError as exc:
        raise cannot_write(target, exc) from None
    return Written(
        target,
        len(fingerprints.fingerprints),
        len(files),
        tuple(sorted(services)),
        tuple(refused),
        minimum,
    )


MIN_URL_PASSWORD = 16
"""Characters: a database's generated password is shorter than a generated secret (16
random letters and digits hold about 95 bits)."""


def too_weak(secret: str, part: str, minimum: int) -> bool:
    """Whether a fingerprint of ``secret`` would give it away: weak as SL103 judges
    (repeated, a sequence, a padded word, one character class), or shorter than the
    policy's ``min_length`` (SL101; :data:`MIN_URL_PASSWORD` for a URL's password). Each
    guess costs one scrypt (about 0.3 ms at the defaults): a list of 10 million common
    passwords is an hour on one core, 32 random characters are beyond any search."""
    from stagelint.policy.weakness import weakness

    shortest = MIN_URL_PASSWORD if part == "url-password" else minimum
    return len(secret) < shortest or weakness(secret) is not None


def _policy_minimum(root: Path, reference: str) -> int:
    """SL101's ``min_length`` in the policy the project's settings name (default 32)."""
    from stagelint.policy.packs import load_policy
    from stagelint.policy.registry import load_registry
    from stagelint.policy.weakness import DEFAULT_MIN_LENGTH

    policy = load_policy(reference, load_registry(), root, root)
    value = policy.rule_config("SL101").options.get("min_length", DEFAULT_MIN_LENGTH)
    return value if isinstance(value, int) and value > 0 else DEFAULT_MIN_LENGTH


def _named(given: Path, service: str | None, environment: str) -> tuple[Path, str | None]:
    """A file argument, and its service: ``backend:production=/tmp/b.json`` (when no file
    has that name) names both, as ``--env-file`` does."""
    import os
    from pathlib import Path

    from stagelint.model.deployment import environment_named
    from stagelint.project.deployed import parse_spec

    text = str(given)
    if os.path.lexists(text) or "=" not in text:
        return given, service
    try:
        spec = parse_spec(text, "stagelint fingerprint")
    except UsageError:
        return given, service
    if environment_named(spec.environment) != environment:
        raise UsageError(
            f"{text}: a {environment_named(spec.environment)} file given to fingerprint "
            f"{environment}; pass --environment {environment_named(spec.environment)}"
        )
    return Path(spec.path), spec.service


def _read_env(
    path: Path,
    root: Path,
    found: dict[str, Any],
    service: str | None,
    environment: str,
    max_size: int,
) -> tuple[str, str, bool]:
    """(service, text, whether it is a file of the project) of one env file; usage errors
    say what to pass instead."""
    from stagelint.model.deployment import Problem
    from stagelint.model.source import read_source

    resolved = path.resolve()
    try:
        rel: str | None = resolved.relative_to(root).as_posix()
    except ValueError:
        rel = None
    discovered = found.get(rel) if rel is not None else None
    if discovered is not None:
        kind = discovered.kind
        if kind.template or kind.environment != environment:
            what = "a template" if kind.template else f"a {kind.environment} file"
            raise UsageError(
                f"{rel} is {what}, not a {environment} file; fingerprint {environment}'s "
                "env files (or pass --environment)"
            )
    owner = service or (discovered.service if discovered is not None else None)
    if owner is None:
        raise UsageError(f"cannot tell which service {path} belongs to: pass --service")
    source = read_source(str(resolved), rel or str(path), max_size)
    if isinstance(source, Problem):
        raise UsageError(f"{path}: {source.message}")
    return owner, source.text, discovered is not None


def _variables(text: str, inside: bool, path: Path, environment: str) -> list[Any]:
    """The bindings of a file: a file of the project read as ``check`` reads it (dotenv, or
    a Vercel pull), any other file by its content as ``--env-file`` reads it
    (``railway variables --json``/``--kv``, ``vercel env pull``, dotenv)."""
    from stagelint.parsers.vercel_pulled import is_pulled, read_pulled
    from stagelint.project.deployed import detect, parse_deployed

    if inside:
        if is_pulled(text, path.as_posix()):
            return read_pulled(text, "-").parsed.variables
        return _dotenv(text)
    env_file, pulled_from = parse_deployed(text, detect(text), "-", str(path), str(path))
    if pulled_from is not None and pulled_from != environment:
        raise UsageError(
            f"{path} was pulled from Vercel's {pulled_from} environment (its VERCEL_ENV), "
            f"not {environment}"
        )
    return env_file.variables


def _dotenv(text: str) -> list[Any]:
    from stagelint.parsers.dotenv import parse_dotenv

    return parse_dotenv(text, "-").variables


def _secrets(variables: list[Any], catalogue: Catalogue) -> list[tuple[str, str, str]]:
    """(variable, part, secret) for every secret among bindings, by the rules' own
    definition (a secret variable's value, or a URL's password; placeholders, references and
    ``[SENSITIVE]`` are not secrets)."""
    from stagelint.policy.rule import literal

    result: list[tuple[str, str, str]] = []
    for var in variables:
        value = literal(var)
        part = secret_part(catalogue, var.key, value) if value is not None else None
        if part is not None:
            result.append((var.key, part.kind, part.text))
    return result
