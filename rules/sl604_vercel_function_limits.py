"""SL604 vercel-function-limits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from stagelint.model.diagnostics import Severity, Violation
from stagelint.model.tuples import NamedTuple
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule, RuleOptions

from ._platforms import function_blocks, vercel_configs

Plan = Literal["hobby", "pro", "enterprise"]

PLAN_LIMITS: dict[str, tuple[int, int]] = {
    "hobby": (2048, 300),
    "pro": (4096, 1800),
    "enterprise": (4096, 1800),
}
"""Plan -> (largest ``memory`` in MB, longest ``maxDuration`` in s), as of December 2026:
Vercel's limits page gives 2 GB of memory on Hobby and 4 GB on Pro and Enterprise; Hobby
functions run up to 300 s, Pro and Enterprise Node.js and Python functions up to 1800 s
(over 800 s in beta, with Fluid compute)."""
ANY_PLAN = (4096, 1800)
"""The limits when the plan is unknown: the most any plan allows."""
ABSOLUTE_MAX_DURATION = 1800
"""The Vercel CLI's bound for ``maxDuration`` (build-utils ``max-duration.ts``): an option
may not raise the limit beyond it."""
ABSOLUTE_MAX_MEMORY = 10240
"""The Vercel CLI's bound for ``memory`` in MB (build-utils ``schemas.ts``)."""


def _number(value: Any) -> float | None:
    """A JSON number (never a bool), or None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


class VercelFunctionLimits(Rule):
    """Vercel function `memory` and `maxDuration` must lie within your plan's limits.

    ## What it checks
    Every entry of `functions` in the Vercel config (`vercel.json`, `vercel.toml`,
    `vercel.ts`; also
    `services.<name>.functions`): `memory` must lie between 128 MB and the plan's maximum,
    and `maxDuration` between 1 s and the plan's maximum. `"maxDuration": "max"` (the plan's
    maximum) is fine; values of the wrong type are SL003's.

    | plan | memory | maxDuration |
    |---|---|---|
    | Hobby | 128 to 2048 MB | 1 to 300 s |
    | Pro, Enterprise | 128 to 4096 MB | 1 to 1800 s |

    The plan belongs to the Vercel account, which the repository does not show: set it
    with the policy's `vercel_plan` (`hobby`, `pro` or `enterprise`). Without it the rule
    reports only values no plan accepts (over 4096 MB or 1800 s). Durations over 800 s are
    a beta of Fluid compute for Node.js and Python functions: the rule accepts them on Pro
    and Enterprise. The options `plan`, `max_memory` and `max_duration` override the policy
    for this rule (for a limit Vercel raised for your account). The config serves every
    environment, so every policy judges it.

    ## Why
    Vercel rejects the deployment (or, on some CLI versions, silently clamps the value): the
    staging build that worked locally fails at deploy time, or a long task is cut off at
    the plan's limit with a 504 that nobody planned for.

    ## Example
    ```json path="frontend/vercel.json"
    {
      "framework": "nextjs",
      "regions": ["iad1"],
      "functions": {
        "app/**": {
          "memory": 8192,
          "maxDuration": 10
        }
      }
    }
    ```

    ## Use instead
    ```json path="frontend/vercel.json"
    {
      "framework": "nextjs",
      "regions": ["iad1"],
      "functions": {
        "app/**": {
          "memory": 1024,
          "maxDuration": 10
        }
      }
    }
    ```

    ## How to fix
    Keep `memory` within your plan's maximum (the guide uses 1024) and `maxDuration` within
    its limit (the guide uses 10 s); move work that needs longer to a background job.

    ## Guide
    Vercel Frontend Setup → Step 3 (`"functions": {"app/**": {"memory": 1024,
    "maxDuration": 10}}`).
    """

    code = "SL604"
    name = "vercel-function-limits"
    default_severity = Severity.ERROR

    class Options(RuleOptions):
        plan: Plan | None = None
        """Your Vercel plan, for this rule only; unset, the policy's `vercel_plan` applies."""
        max_duration: int | None = None
        """The longest `maxDuration` accepted, in seconds, overriding the plan (for example
        for a limit Vercel raised for your account). At most 1800."""
        max_memory: int | None = None
        """The largest `memory` accepted, in MB, overriding the plan. At most 10240."""

        def __post_init__(self) -> None:
            if (
                self.max_duration is not None
                and not 1 <= self.max_duration <= ABSOLUTE_MAX_DURATION
            ):
                raise ValueError(f"max_duration must lie between 1 and {ABSOLUTE_MAX_DURATION}")
            if self.max_memory is not None and not 128 <= self.max_memory <= ABSOLUTE_MAX_MEMORY:
                raise ValueError(f"max_memory must lie between 128 and {ABSOLUTE_MAX_MEMORY}")

    options: Options

    def limits(self, ctx: Context) -> tuple[_Limit, _Limit]:
        """The memory limit and the duration limit: the options, else the plan (this rule's
        `plan`, else the policy's `vercel_plan`), else the most any plan allows."""
        plan = self.options.plan or ctx.policy.vercel_plan
        if plan in PLAN_LIMITS:
            memory, duration = PLAN_LIMITS[plan]
            memory_limit = _Limit(memory, f"the {plan.title()} plan allows at most")
            duration_limit = _Limit(duration, f"the {plan.title()} plan allows at most")
        else:
            memory_limit = _Limit(ANY_PLAN[0], "no Vercel plan allows more than")
            duration_limit = _Limit(ANY_PLAN[1], "no Vercel plan allows more than")
        if self.options.max_memory is not None:
            memory_limit = _Limit(self.options.max_memory, "the max_memory option allows at most")
        if self.options.max_duration is not None:
            duration_limit = _Limit(
                self.options.max_duration, "the max_duration option allows at most"
            )
        return memory_limit, duration_limit

    def check(self, ctx: Context) -> Iterator[Violation]:
        memory_limit, duration_limit = self.limits(ctx)
        for service, config in vercel_configs(ctx):
            for path, label, settings in function_blocks(config):
                memory = _number(settings.get("memory"))
                if memory is not None:
                    why = _outside(memory, 128, memory_limit, "MB")
                    if why:
                        yield Violation(
                            message=f"{label}.memory is {memory:g} MB; {why}",
                            location=config.location(*path, "memory"),
                            service=service.name,
                        )
                duration = _number(settings.get("maxDuration"))
                if duration is None or not duration.is_integer():
                    continue  # "max", or not a whole number (SL003)
                why = _outside(duration, 1, duration_limit, "s")
                if why:
                    yield Violation(
                        message=f"{label}.maxDuration is {duration:g} s; {why}",
                        location=config.location(*path, "maxDuration"),
                        service=service.name,
                    )


class _Limit(NamedTuple):
    value: int
    phrase: str
    """Who sets it, as the start of a clause: "the Hobby plan allows at most"."""


def _outside(number: float, minimum: int, limit: _Limit, unit: str) -> str | None:
    """Why ``number`` lies outside ``[minimum, limit]``, or None."""
    if number < minimum:
        return f"Vercel requires at least {minimum} {unit}"
    if number > limit.value:
        return f"{limit.phrase} {limit.value} {unit}"
    return None
