"""SL605 vercel-region."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Any

from stagelint.model.deployment import VercelConfig
from stagelint.model.diagnostics import Severity, Violation
from stagelint.model.regex import lazy
from stagelint.model.values import looks_random
from stagelint.policy.context import Context
from stagelint.policy.rule import Rule, RuleOptions

from ._platforms import function_blocks, vercel_configs

REGIONS_RESOURCE = "stagelint_policies:vercel-regions.yaml"
"""The shipped list of Vercel region IDs, kept as data (``policies/vercel-regions.yaml``)."""
_REGION_ID = lazy(r"^[a-z0-9][a-z0-9-]{1,31}$")
TOP_LEVEL_LISTS = ("regions", "passiveRegions", "functionFailoverRegions")
FUNCTION_LISTS = ("regions", "functionFailoverRegions")


@functools.lru_cache(maxsize=1)
def shipped_regions() -> Mapping[str, Mapping[str, str]]:
    """Region ID -> ``{"location": ..., "aws": ...}``, read once, on first use."""
    from stagelint.policy.packs import load_resource_yaml

    data = load_resource_yaml(REGIONS_RESOURCE, REGIONS_RESOURCE)
    regions = data.get("regions") if isinstance(data, dict) else None
    if not isinstance(regions, dict) or not regions:
        raise ValueError(f"{REGIONS_RESOURCE}: expected a non-empty 'regions' mapping")
    return {str(key): dict(value or {}) for key, value in regions.items()}


def suggest(value: str, known: Mapping[str, Mapping[str, str]]) -> str | None:
    """The region ID meant by ``value``: the same ID in another case, the ID of an AWS region
    (``us-east-1`` -> ``iad1``) or of a city (``frankfurt`` -> ``fra1``), else the closest
    ID with the same airport code (``fra2`` -> ``fra1``)."""
    folded = value.strip().lower()
    if folded in known:
        return folded
    words = folded.replace("-", " ").replace("_", " ")
    for region, info in known.items():
        city = info.get("location", "").split(",")[0].strip().lower()
        if folded == info.get("aws") or (city and words == city):
            return region
    # Spelling: only among IDs of the same airport code (``fra2``, ``sfo``). Codes differing
    # in one letter are different cities (``bru1`` is not ``gru1``).
    same_code = [region for region in known if region[:3] == folded[:3]]
    if not same_code:
        return None
    import difflib

    close = difflib.get_close_matches(folded, same_code, n=1, cutoff=0.5)
    return close[0] if close else None


class VercelRegion(Rule):
    """Vercel region IDs in the Vercel config must be regions Vercel has.

    ## What it checks
    Every entry of `regions`, `passiveRegions` and `functionFailoverRegions` in the Vercel
    config (`vercel.json`, `vercel.toml`, `vercel.ts`),
    and of a function's `regions` and `functionFailoverRegions` (`functions` and
    `services.<name>.functions`), must be a Vercel region ID (`iad1`, `fra1`, `sin1`...). The
    list ships as data in `policies/vercel-regions.yaml`; `extra_regions` adds IDs, `regions`
    replaces the list. The message suggests the ID meant: the lowercase form, the ID of an
    AWS region (`us-east-1` is `iad1`) or of a city (`frankfurt` is `fra1`), or the ID with
    the same airport code (`fra2`, `sfo`). Entries that are not strings are SL003's.
    The config serves every environment, so every policy judges it.

    ## Why
    Vercel refuses the deployment with an unknown region, so a typo breaks every staging
    deploy. A region far from the database (the guide puts Neon "closest to Railway region")
    adds a round trip to every query; a real ID is the first step to the right one.

    ## Example
    ```json path="frontend/vercel.json"
    {
      "framework": "nextjs",
      "regions": ["us-east-1"]
    }
    ```

    ## Use instead
    ```json path="frontend/vercel.json"
    {
      "framework": "nextjs",
      "regions": ["iad1"]
    }
    ```

    ## How to fix
    Use the Vercel ID of the region (the guide's `iad1` is Washington, D.C., AWS
    `us-east-1`), ideally the one closest to the Railway backend and the Neon database. If
    Vercel opened a region after this release, add its ID with the rule's `extra_regions`
    option.

    ## Guide
    Vercel Frontend Setup → Step 3 (`"regions": ["iad1"]`); Neon Postgres Staging Setup →
    Step 2 ("Region: Choose closest to Railway region").
    """

    code = "SL605"
    name = "vercel-region"
    default_severity = Severity.ERROR

    class Options(RuleOptions):
        regions: tuple[str, ...] = ()
        """The region IDs accepted instead of the shipped list
        (`policies/vercel-regions.yaml`); empty means the shipped list."""
        extra_regions: tuple[str, ...] = ()
        """Region IDs accepted besides the list, e.g. one Vercel opened after this release."""

        def __post_init__(self) -> None:
            for region in (*self.regions, *self.extra_regions):
                if not _REGION_ID.match(region):
                    shown = (
                        "a value that looks like a secret" if looks_random(region) else repr(region)
                    )
                    raise ValueError(
                        f"{shown} is not a region ID: lowercase letters, digits and '-'"
                    )

    options: Options

    def known(self) -> Mapping[str, Mapping[str, str]]:
        """The accepted IDs, with what is known of each (for suggestions)."""
        shipped = shipped_regions()
        base = (
            {r: shipped.get(r, {}) for r in self.options.regions}
            if self.options.regions
            else shipped
        )
        return {**base, **{r: shipped.get(r, {}) for r in self.options.extra_regions}}

    def check(self, ctx: Context) -> Iterator[Violation]:
        known: Mapping[str, Mapping[str, str]] | None = None
        for service, config in vercel_configs(ctx):
            for path, label in _region_lists(config):
                items = config.setting(*path)
                if items is None or not isinstance(items.value, list):
                    continue
                for index, item in enumerate(items.value):
                    if not isinstance(item, str):
                        continue  # SL003
                    if known is None:
                        known = self.known()
                    if item in known:
                        continue
                    better = suggest(item, known)
                    hint = (
                        f"did you mean {better!r}?" if better else "expected an ID such as 'iad1'"
                    )
                    # a secret pasted here is neither quoted nor matched with a region
                    shown = "(it looks like a secret: not shown)" if looks_random(item) else None
                    yield Violation(
                        message=f"unknown Vercel region {shown or repr(item)} in {label}; {hint}",
                        location=config.location(*path, index),
                        service=service.name,
                    )


def _region_lists(config: VercelConfig) -> Iterator[tuple[tuple[Any, ...], str]]:
    """``(key path, display name)`` of every list of region IDs in a ``vercel.json``."""
    for key in TOP_LEVEL_LISTS:
        yield (key,), key
    for path, label, settings in function_blocks(config):
        for key in FUNCTION_LISTS:
            if key in settings:
                yield (*path, key), f"{label}.{key}"
