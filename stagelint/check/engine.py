"""Selecting rules, running them over the model, stamping code and severity.

The engine knows nothing of file formats (rules read the model) nor of output (reporters
read diagnostics). A rule that crashes loses its own findings and nothing else: the other
rules still run and report, and the crash becomes a :class:`RuleFailure` — the rule and
the exception's type, never its message (it could quote a value) — that ``stagelint
check`` prints as one line (exit code 2) after writing its report; ``--debug`` adds the
traceback, messages redacted. A hostile file should never make a rule crash (a value a
rule cannot judge is skipped or is a finding); this is what stands when one still does.
"""

from __future__ import annotations

from collections.abc import Sequence

from stagelint.model.diagnostics import Diagnostic, Severity
from stagelint.model.errors import ConfigError, StagelintError
from stagelint.model.tuples import NamedTuple
from stagelint.policy.context import Context
from stagelint.policy.packs import Policy
from stagelint.policy.registry import Registry
from stagelint.policy.rule import Rule, RuleOptions
from stagelint.project.settings import Settings


class Selection(NamedTuple):
    """Command-line choices layered on top of settings and the policy."""

    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


class ActiveRule(NamedTuple):
    rule: Rule
    severity: Severity


class RuleFailure(NamedTuple):
    """A rule that raised: which one, and the exception (shown by type only)."""

    code: str
    name: str
    error: BaseException

    def note(self) -> str:
        """One line, without the exception's message."""
        return (
            f"internal error in rule {self.code} ({self.name}): {type(self.error).__name__}; "
            "its findings are missing, every other rule's are reported "
            "(run with --debug for the traceback)"
        )


class RuleCrashed(StagelintError):
    """A rule raised: an internal error (exit 2), reported without the exception text."""

    def __init__(self, rule: type[Rule], exc: BaseException) -> None:
        super().__init__(
            f"internal error in rule {rule.code} ({rule.name}): {type(exc).__name__} "
            "(run with --debug for the traceback)"
        )
        self.rule = rule
        self.original = exc


def active_rules(
    registry: Registry,
    policy: Policy,
    settings: Settings,
    selection: Selection = Selection(),  # noqa: B008 - an immutable NamedTuple
) -> list[ActiveRule]:
    """The rules that run, with their options and severities, in code order.

    Precedence, lowest first: the policy, then settings, then the command line.
    ``--select`` replaces the selection; ``--extend-select`` adds to it; ignores always win,
    except that a rule selected explicitly on the command line runs even if the policy
    turned it off.
    """
    base = selection.select or settings.select or policy.select
    codes = registry.select(base)
    codes |= registry.select(settings.extend_select)
    codes |= registry.select(selection.extend_select)
    explicit = registry.select(selection.select) if selection.select else set()
    disabled = {code for code, conf in policy.rules.items() if not conf.enabled}
    codes -= disabled - explicit
    codes -= registry.select(policy.ignore)
    codes -= registry.select(settings.ignore)
    codes -= registry.select(selection.ignore)

    severity_overrides = {}
    for key, value in settings.severity.items():
        for code in registry.select([key]):
            severity_overrides[code] = Severity.parse(value)

    result = []
    for rule_cls in registry.sorted_rules():
        if rule_cls.code not in codes:
            continue
        conf = policy.rule_config(rule_cls.code)
        severity = severity_overrides.get(rule_cls.code)
        if severity is None:
            severity = Severity.parse(conf.severity) if conf.severity else rule_cls.default_severity
        options = build_options(rule_cls, conf.options, trusted=policy.trusted, origin=policy.name)
        result.append(ActiveRule(rule_cls(options), severity))
    return result


def build_options(
    rule_cls: type[Rule], values: dict[str, object], trusted: bool, origin: str
) -> RuleOptions:
    """The rule's ``Options``: defaults, trusted values directly, others through pydantic."""
    if not values:
        return rule_cls.Options()
    if trusted:
        try:
            return rule_cls.Options(**values)
        except (TypeError, ValueError) as exc:
            raise ConfigError(
                f"policy {origin}: options of {rule_cls.code}: {type(exc).__name__}: {exc}"
            ) from None
    if not rule_cls.Options.option_names():
        raise ConfigError(
            f"policy {origin}: options of {rule_cls.code} ({rule_cls.name}): the rule has no "
            "options; remove them from the policy"
        )
    from pydantic import ValidationError

    from stagelint.model.validation import describe_validation_error

    try:
        return rule_cls.Options.validate_options(values)
    except ValidationError as exc:
        raise ConfigError(
            f"policy {origin}: options of {rule_cls.code} ({rule_cls.name}): "
            + describe_validation_error(exc, rule_cls.Options.option_names()).replace(
                "setting", "option"
            )
        ) from None


def lint(
    ctx: Context,
    rules: Sequence[ActiveRule],
    registry: Registry,
    jobs: int = 1,
    failures: list[RuleFailure] | None = None,
) -> list[Diagnostic]:
    """The whole pipeline over one project: rules (in ``jobs`` processes), inline
    suppressions, late rules (SL007), per-file ignores. ``ctx`` learns first which rules
    run and what the suppressions will drop (:meth:`Context.reports`).

    A rule that raises is added to ``failures`` and the others go on; without a
    ``failures`` list (a plugin's tests) the first failure raises :class:`RuleCrashed`."""
    from stagelint.check.suppress import Dropped, apply_per_file_ignores, apply_suppressions

    early = [active for active in rules if not type(active.rule).late]
    late = [active for active in rules if type(active.rule).late]
    active_codes = [type(active.rule).code for active in rules]
    settings = ctx.settings
    ctx.active = frozenset(active_codes)
    ctx.dropped = Dropped(ctx.project, registry, settings.per_file_ignores if settings else {})
    if jobs > 1:
        from stagelint.check.parallel import run_in_processes

        diagnostics = run_in_processes(ctx, early, jobs, run, failures)
    else:
        diagnostics = run(ctx, early, failures)
    diagnostics, ctx.suppressions = apply_suppressions(
        diagnostics, ctx.project, registry, active_codes
    )
    if late:
        diagnostics = sorted(diagnostics + run(ctx, late, failures), key=lambda d: d.sort_key)
    if settings is not None and settings.per_file_ignores:
        diagnostics = apply_per_file_ignores(diagnostics, settings.per_file_ignores, registry)
    return diagnostics


def run(
    ctx: Context, rules: Sequence[ActiveRule], failures: list[RuleFailure] | None = None
) -> list[Diagnostic]:
    """Run every active rule over the model and stamp its findings. A rule that raises
    keeps none of its findings and is added to ``failures`` (raised without one)."""
    diagnostics: list[Diagnostic] = []
    unprepared: dict[int, Exception] = {}
    for index, active in enumerate(rules):
        try:
            active.rule.prepare(ctx)
        except StagelintError:
            raise
        except Exception as exc:
            unprepared[index] = exc  # a failure of the rule, reported below
    for index, active in enumerate(rules):
        rule = active.rule
        cls = type(rule)
        found: list[Diagnostic] = []
        try:
            if index in unprepared:
                raise unprepared[index]
            for violation in rule.check(ctx):
                found.append(
                    Diagnostic(
                        code=cls.code,
                        rule=cls.name,
                        severity=active.severity,
                        message=violation.message,
                        location=violation.location,
                        related=violation.related,
                        environment=violation.environment,
                        service=violation.service,
                        variable=violation.variable,
                        fingerprint=violation.fingerprint,
                    )
                )
        except StagelintError:
            raise
        except Exception as exc:
            if failures is None:
                raise RuleCrashed(cls, exc) from exc
            failures.append(RuleFailure(cls.code, cls.name, exc))
            continue
        diagnostics.extend(found)
    diagnostics.sort(key=lambda d: d.sort_key)
    return _dedupe(diagnostics)


def _dedupe(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    result: list[Diagnostic] = []
    seen: set[tuple[object, ...]] = set()
    for diag in diagnostics:
        key = (diag.code, diag.location, diag.message)
        if key not in seen:
            seen.add(key)
            result.append(diag)
    return result
