"""What rules yield (:class:`Violation`) and what reporters print (:class:`Diagnostic`).

A rule says *what* is wrong and *where*; the engine stamps the rule's code, name and the
severity the active policy gives it. Severity is configuration, never a rule's decision.
"""

from __future__ import annotations

import enum

from stagelint.model.deployment import Location
from stagelint.model.slotted import field, slotted
from stagelint.model.tuples import NamedTuple


class Severity(enum.IntEnum):
    """Ordered so that ``severity >= fail_on`` decides the exit code."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            from stagelint.model.values import quoted

            raise ValueError(
                f"unknown severity {quoted(text)}: use one of error, warning, info"
            ) from None

    def __str__(self) -> str:
        return self.name.lower()


class Related(NamedTuple):
    """A second location that explains a finding (e.g. the production line with the same
    secret). Its message follows the same rule as every message: no secret values."""

    location: Location
    message: str


class Violation(NamedTuple):
    """One finding of one rule, before the engine stamps code and severity."""

    message: str
    location: Location
    related: tuple[Related, ...] = ()
    environment: str | None = None
    service: str | None = None
    variable: str | None = None
    fingerprint: str | None = None
    """A stable, secret-free identity for baselines (set by rules that compare values)."""


class Diagnostic(NamedTuple):
    """A violation with its rule's code, name and the policy's severity."""

    code: str
    rule: str
    severity: Severity
    message: str
    location: Location
    related: tuple[Related, ...] = ()
    environment: str | None = None
    service: str | None = None
    variable: str | None = None
    fingerprint: str | None = None

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.code, self.message)

    def identity(self) -> str:
        """A stable, secret-free identity: the same finding keeps it when lines move.

        Built from the code, file, service, environment, variable and the rule's own
        ``fingerprint`` (or, without one, the message with its numbers blanked, since
        messages may cite line numbers). Used for GitLab/SARIF fingerprints and baselines.
        """
        import hashlib

        detail = self.fingerprint
        if detail is None:
            detail = "".join("#" if ch.isdigit() else ch for ch in self.message)
        parts = (
            self.code,
            self.location.path,
            self.service or "",
            self.environment or "",
            self.variable or "",
            detail,
        )
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


@slotted
class Summary:
    files: int = 0
    counts: dict[Severity, int] = field(default_factory=dict)

    @classmethod
    def of(cls, diagnostics: list[Diagnostic], files: int) -> Summary:
        counts = {severity: 0 for severity in Severity}
        for diag in diagnostics:
            counts[diag.severity] += 1
        return cls(files, counts)

    @property
    def errors(self) -> int:
        return self.counts.get(Severity.ERROR, 0)

    @property
    def warnings(self) -> int:
        return self.counts.get(Severity.WARNING, 0)

    @property
    def infos(self) -> int:
        return self.counts.get(Severity.INFO, 0)
