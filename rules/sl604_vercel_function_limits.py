"""SL604 vercel-function-limits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from stagelint.diagnostics import Severity, Violation
from stagelint.rule import Context, Rule, RuleOptions

from ._platforms import function_blocks, vercel_configs

PLAN_MAX_DURATION = {"hobby": 300, "pro": 800, "enterprise": 800}
"""The longest ``maxDuration`` each Vercel plan accepts, in seconds (RULES.md facts)."""
MAX_DURATION = 900
"""The range of ``maxDuration`` in Vercel's configuration reference, whatever the plan."""
ABSOLUTE_MAX_DURATION = 1800
"""The Vercel CLI's own upper bound: an option may not raise the limit beyond it."""
ABSOLUTE_MAX_MEMORY = 10240
"""Likewise for ``memory`` (MB)."""


def _number(value: Any) -> float | None:
    """A JSON number (never a bool), or None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


class VercelFunctionLimits(Rule):
    """Vercel function `memory` and `maxDuration` must lie within Vercel's limits.

    ## What it checks
    Every entry of `functions` in `vercel.json` (and of `services.<name>.functions`):
    `memory` must lie between 128 and `max_memory` MB (default 3009) and `maxDuration`
    between 1 and the duration limit, in seconds. `"maxDuration": "max"` (the plan's
    maximum) is fine; values of the wrong type are SL003's.

    The duration limit is, in this order: `max_duration` when set; else the cap of `plan`
    (Hobby 300 s, Pro and Enterprise 800 s); else 900 s, the range Vercel's configuration
    reference gives the property. The default is 900 rather than a plan's cap because the
    plan belongs to the Vercel account, which the repository does not show: without it the
    rule reports only values outside the property's range, and a team that knows its plan
    sets `plan` for the stricter check. `vercel.json` serves every environment, so every
    policy judges it.

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
          "memory": 4096,
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
    Keep `memory` within 128 to 3009 MB (the guide uses 1024) and `maxDuration` within your
    plan's limit (the guide uses 10 s); move work that needs longer to a background job.

    ## Guide
    Vercel Frontend Setup → Step 3 (`"functions": {"app/**": {"memory": 1024,
    "maxDuration": 10}}`).
    """

    code = "SL604"
    name = "vercel-function-limits"
    default_severity = Severity.ERROR

    class Options(RuleOptions):
        plan: Literal["hobby", "pro", "enterprise"] | None = None
        """Your Vercel plan; it caps `maxDuration` at 300 s (hobby) or 800 s (pro,
        enterprise). Unset, the limit is 900 s, the property's documented range."""
        max_duration: int | None = None
        """The longest `maxDuration` accepted, in seconds, overriding `plan` (for example
        for a limit Vercel raised for your account). At most 1800."""
        max_memory: int = 3009
        """The largest `memory` accepted, in MB (128 is the smallest). At most 10240."""

        def __post_init__(self) -> None:
            if (
                self.max_duration is not None
                and not 1 <= self.max_duration <= ABSOLUTE_MAX_DURATION
            ):
                raise ValueError(f"max_duration must lie between 1 and {ABSOLUTE_MAX_DURATION}")
            if not 128 <= self.max_memory <= ABSOLUTE_MAX_MEMORY:
                raise ValueError(f"max_memory must lie between 128 and {ABSOLUTE_MAX_MEMORY}")

        def duration_limit(self) -> tuple[int, str]:
            """The limit, and who sets it (the start of a message clause)."""
            if self.max_duration is not None:
                return self.max_duration, "the max_duration option allows"
            if self.plan is not None:
                return PLAN_MAX_DURATION[self.plan], f"the {self.plan.title()} plan allows"
            return MAX_DURATION, "Vercel allows"

    options: Options

    def check(self, ctx: Context) -> Iterator[Violation]:
        limit, source = self.options.duration_limit()
        for service, config in vercel_configs(ctx):
            for path, label, settings in function_blocks(config):
                memory = _number(settings.get("memory"))
                if memory is not None and not 128 <= memory <= self.options.max_memory:
                    yield Violation(
                        message=(
                            f"{label}.memory is {memory:g} MB; Vercel functions take 128 to "
                            f"{self.options.max_memory} MB"
                        ),
                        location=config.location(*path, "memory"),
                        service=service.name,
                    )
                duration = _number(settings.get("maxDuration"))
                if duration is None or not duration.is_integer():
                    continue  # "max", or not a whole number (SL003)
                if not 1 <= duration <= limit:
                    yield Violation(
                        message=(f"{label}.maxDuration is {duration:g} s; {source} 1 to {limit} s"),
                        location=config.location(*path, "maxDuration"),
                        service=service.name,
                    )
