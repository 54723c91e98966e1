"""The rule API: what a rule declares (what it checks is :mod:`stagelint.policy.context`).

A rule is a small class::

    class SecretTooShort(Rule):
        \"\"\"Generated secrets must be at least ``min_length`` characters long.

        ## What it checks
        ...
        \"\"\"

        code = "SL101"
        name = "secret-too-short"
        default_severity = Severity.ERROR

        class Options(RuleOptions):
            min_length: int = 32
            \"\"\"Shortest acceptable secret, in characters.\"\"\"

        def check(self, ctx: Context) -> Iterator[Violation]:
            ...

Its docstring is its documentation (Markdown; the first line is the summary) and must hold
the sections in :data:`DOC_SECTIONS`. ``Options`` is declared like a frozen dataclass
(see :class:`~stagelint.policy.options.RuleOptions`); pydantic validates it (``extra`` keys are
refused) whenever options come from a user's file; defaults need no validation, which
keeps pydantic off the hot path.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from stagelint.model.diagnostics import Severity, Violation
from stagelint.model.regex import lazy
from stagelint.policy.options import NoOptions
from stagelint.policy.options import RuleOptions as RuleOptions  # the rule API names it here too

if TYPE_CHECKING:
    from stagelint.model.deployment import Variable
    from stagelint.policy.context import Context

DOC_SECTIONS = ("What it checks", "Why", "Example", "Use instead", "How to fix", "Guide")
"""Sections every rule's docstring holds, as ``## Heading`` lines, in this order."""

CODE_PATTERN = lazy(r"^[A-Z]{1,4}[0-9]{3,4}$")
NAME_PATTERN = lazy(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class Rule:
    """Base class of every rule, built-in or from a plugin."""

    code: ClassVar[str]
    name: ClassVar[str]
    default_severity: ClassVar[Severity] = Severity.ERROR
    Options: ClassVar[type[RuleOptions]] = NoOptions
    aliases: ClassVar[tuple[str, ...]] = ()
    origin: ClassVar[str] = "stagelint"
    """The plugin that provides the rule; the registry sets it."""
    late: ClassVar[bool] = False
    """Late rules run after inline suppressions were applied (``ctx.suppressions`` is set):
    SL007 judges the suppressions themselves."""

    def __init__(self, options: RuleOptions | None = None) -> None:
        self.options = options if options is not None else self.Options()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("abstract", False):
            return
        code = cls.__dict__.get("code")
        name = cls.__dict__.get("name")
        if not isinstance(code, str) or not CODE_PATTERN.match(code):
            raise TypeError(f"{cls.__qualname__}: code must look like 'SL101', got {code!r}")
        if not isinstance(name, str) or not NAME_PATTERN.match(name):
            raise TypeError(f"{cls.__qualname__}: name must be kebab-case, got {name!r}")
        if not (cls.__doc__ or "").strip():
            raise TypeError(f"{cls.__qualname__}: a rule's docstring is its documentation")
        if not issubclass(cls.Options, RuleOptions):
            raise TypeError(f"{cls.__qualname__}: Options must subclass RuleOptions")

    @classmethod
    def summary(cls) -> str:
        """The docstring's first line."""
        return (cls.__doc__ or "").strip().splitlines()[0].strip()

    def prepare(self, ctx: Context) -> None:
        """Called for every rule before any rule checks: start slow outside work here (SL107
        starts ``git``) so that it overlaps the other rules. Most rules need nothing."""

    def check(self, ctx: Context) -> Iterable[Violation]:
        """Yield the violations found in ``ctx``'s project."""
        raise NotImplementedError(f"{type(self).__qualname__} must implement check()")


def literal(var: Variable) -> str | None:
    """The value a rule may judge: None for a bare key, and for a value that is a reference
    or contains one (``${{Neon.DATABASE_URL}}``, ``https://${RAILWAY_PUBLIC_DOMAIN}``), which
    only the platform can resolve. Every call reveals a value: never put it in a message."""
    if var.value is None or var.references:
        return None
    return var.value.reveal()
