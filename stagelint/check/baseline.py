"""Baselines: adopt stagelint in a repository that already has findings.

``stagelint check --write-baseline .stagelint/baseline.json`` records today's findings;
``--baseline .stagelint/baseline.json`` then reports only new ones, and says how many
entries match nothing any more (fixed, or changed) so the file can shrink.

Entries are keyed so that they survive edits around them, and no further:

- rule code + file + service + environment + variable (or config key path), never a line
  number: moving a line or adding others above it keeps the entry;
- plus a salted scrypt hash of the offending value (the variable's value as the loader
  reads it), never the value: a *changed* secret is a new finding, not covered by the old
  entry — the reason position- or name-only baselines (gitleaks, detect-secrets) either
  churn or hide new leaks;
- findings without a variable (platform configs) use the diagnostic's identity (code,
  file, message with numbers blanked).

The hash uses the fingerprint module's scrypt parameters and one random salt per file; see
``docs/fingerprints.md`` for what such hashes reveal.
"""

from __future__ import annotations

import base64
import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stagelint.model.deployment import Project
from stagelint.model.diagnostics import Diagnostic
from stagelint.model.errors import ConfigError
from stagelint.policy.fingerprint import (
    DEFAULT_PARAMS,
    FingerprintFile,
    Params,
    check_params,
)

FORMAT = "stagelint-baseline"
VERSION = 1


@dataclass(frozen=True)
class Entry:
    code: str
    path: str
    service: str | None
    environment: str | None
    variable: str | None
    value: str | None
    """base64 salted hash of the offending value, or None when there is no value."""
    identity: str | None
    """The diagnostic's identity, for findings without a variable."""


@dataclass
class Baseline:
    salt: bytes
    entries: list[Entry]
    params: Params = DEFAULT_PARAMS
    """scrypt's cost parameters, recorded in the file so that later defaults never break it."""

    def hasher(self) -> FingerprintFile:
        return FingerprintFile("baseline", self.salt, self.params)


@dataclass
class BaselineOutcome:
    kept: list[Diagnostic]
    matched: int
    stale: int


def _value_of(project: Project, diag: Diagnostic) -> str | None:
    """The raw value of the variable a diagnostic is about (hashed immediately)."""
    if diag.variable is None:
        return None
    for env_file in project.env_files:
        if env_file.path == diag.location.path:
            var = env_file.get(diag.variable)
            if var is not None and var.value is not None:
                return var.value.reveal()
    return None


class _Keyer:
    """Computes entry keys, hashing each distinct value once."""

    def __init__(self, baseline: Baseline, project: Project) -> None:
        self.hasher = baseline.hasher()
        self.project = project
        self._cache: dict[str, str] = {}

    def entry(self, diag: Diagnostic) -> Entry:
        value = _value_of(self.project, diag)
        digest = None
        if value is not None:
            digest = self._cache.get(value)
            if digest is None:
                raw = self.hasher.digest(value)
                digest = base64.b64encode(raw).decode("ascii")
                self._cache[value] = digest
        return Entry(
            code=diag.code,
            path=diag.location.path,
            service=diag.service,
            environment=diag.environment,
            variable=diag.variable,
            value=digest,
            identity=None if diag.variable is not None else diag.identity(),
        )


def create(diagnostics: Iterable[Diagnostic], project: Project) -> Baseline:
    baseline = Baseline(os.urandom(16), [])
    keyer = _Keyer(baseline, project)
    baseline.entries = sorted(
        (keyer.entry(d) for d in diagnostics),
        key=lambda e: (e.path, e.code, e.variable or "", e.identity or ""),
    )
    return baseline


def apply(baseline: Baseline, diagnostics: list[Diagnostic], project: Project) -> BaselineOutcome:
    """Drop diagnostics the baseline covers (each entry covers one diagnostic)."""
    keyer = _Keyer(baseline, project)
    remaining = Counter(baseline.entries)
    kept = []
    matched = 0
    for diag in diagnostics:
        entry = keyer.entry(diag)
        if remaining[entry] > 0:
            remaining[entry] -= 1
            matched += 1
        else:
            kept.append(diag)
    stale = sum(count for count in remaining.values() if count > 0)
    return BaselineOutcome(kept, matched, stale)


def dumps(baseline: Baseline) -> str:
    data = {
        "format": FORMAT,
        "version": VERSION,
        "note": "Findings accepted when stagelint was adopted. Values are salted scrypt "
        "hashes, never values; regenerate with `stagelint check --write-baseline`.",
        "algorithm": "scrypt",
        "n": baseline.params.n,
        "r": baseline.params.r,
        "p": baseline.params.p,
        "dklen": baseline.params.dklen,
        "salt": base64.b64encode(baseline.salt).decode("ascii"),
        "entries": [
            {k: v for k, v in vars(entry).items() if v is not None} for entry in baseline.entries
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def loads(text: str, origin: str) -> Baseline:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"{origin}: not a baseline file: invalid JSON at line {exc.lineno}"
        ) from None
    except RecursionError:  # json recurses: a crafted file nests deep
        raise ConfigError(f"{origin}: not a baseline file: nested too deeply") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ConfigError(f"{origin}: not a stagelint baseline file")
    if data.get("version") != VERSION:
        raise ConfigError(f"{origin}: unsupported baseline version {data.get('version')!r}")
    if data.get("algorithm") != "scrypt":
        raise ConfigError(f"{origin}: unsupported baseline hash (only scrypt)")
    try:
        salt = base64.b64decode(data["salt"], validate=True)
        params = Params(int(data["n"]), int(data["r"]), int(data["p"]), int(data["dklen"]))
        entries = [_entry(item) for item in data.get("entries", [])]
    except (KeyError, TypeError, ValueError):
        raise ConfigError(f"{origin}: malformed baseline file") from None
    check_params(params, origin)
    return Baseline(salt, entries, params)


def _entry(item: Any) -> Entry:
    if not isinstance(item, dict):
        raise TypeError("entry")
    return Entry(
        code=str(item["code"]),
        path=str(item["path"]),
        service=item.get("service"),
        environment=item.get("environment"),
        variable=item.get("variable"),
        value=item.get("value"),
        identity=item.get("identity"),
    )


MAX_BASELINE_SIZE = 10 * 1024 * 1024
"""Bytes: a baseline of 50,000 findings; a committed one may be a link to ``/dev/zero``."""


def read(path: Path) -> Baseline:
    """The baseline at ``path``, read as every file is
    (:func:`~stagelint.model.source.read_config_text`:
    a regular file only, never waited on, at most :data:`MAX_BASELINE_SIZE` bytes)."""
    from stagelint.model.source import read_config_text

    try:
        text = read_config_text(path, str(path), "baseline", MAX_BASELINE_SIZE)
    except FileNotFoundError:
        raise ConfigError(f"{path}: baseline file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read baseline: {type(exc).__name__}") from None
    return loads(text, str(path))


def write(path: Path, baseline: Baseline, project: Path) -> None:
    """Write ``baseline`` to ``path``; a symbolic link inside ``project`` is refused and
    missing directories are created inside it only (see :mod:`stagelint.model.atomic`)."""
    from stagelint.model.atomic import cannot_write, write_text

    try:
        write_text(path, dumps(baseline), make_parents=True, projects=[project])
    except OSError as exc:
        raise cannot_write(path, exc) from None
