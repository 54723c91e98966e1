"""A project loaded and linted exactly as ``stagelint check`` does, kept whole for explaining.

``check`` needs only diagnostics; ``explain`` also needs the model, the active rules and the
catalogue, so it takes the same steps as :func:`stagelint.check.runner.check` for one project root
(settings, policy, active rules, project, lint) and keeps every intermediate result. A test
holds the two to the same diagnostics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from stagelint.check.engine import ActiveRule, RuleFailure, Selection, active_rules, lint
from stagelint.model.deployment import Project
from stagelint.model.diagnostics import Diagnostic, Severity
from stagelint.model.errors import UsageError
from stagelint.policy.catalogue import Catalogue
from stagelint.policy.context import Context
from stagelint.policy.packs import Policy, load_policy
from stagelint.policy.registry import Registry, load_registry
from stagelint.project.settings import Settings, load_settings

if TYPE_CHECKING:
    from stagelint.project.deployed import EnvFileSpec


@dataclass
class Survey:
    """Everything ``check`` computes for one project root."""

    root: Path
    settings: Settings
    settings_path: Path | None
    registry: Registry
    policy: Policy
    active: list[ActiveRule]
    project: Project
    catalogue: Catalogue
    diagnostics: list[Diagnostic]
    failures: list[RuleFailure] = field(default_factory=list)
    """Rules that raised (their findings are missing), as ``check`` reports them."""

    @property
    def severities(self) -> dict[str, Severity]:
        """Code -> severity of every rule that runs."""
        return {type(a.rule).code: a.severity for a in self.active}


def survey(
    root: Path,
    policy: str | None = None,
    config: Path | None = None,
    env_files: tuple[EnvFileSpec, ...] = (),
) -> Survey:
    """Load and lint the project around ``root`` (found upward, as ``check`` finds it) with
    its settings (or ``config``) and the policy ``check`` would use (or ``policy``), plus
    the operator's files of deployed values (``--env-file``)."""
    from stagelint.project.loader import load_project

    if not root.exists():
        raise UsageError(f"path does not exist: {root}")
    if not root.is_dir():
        raise UsageError(f"not a directory: {root} (give the project's root directory)")
    from stagelint.project.settings import find_project_root

    root = find_project_root(root.resolve())  # as check: from any folder of the project
    registry = load_registry()
    loaded = load_settings(root, config)
    settings = loaded.settings
    policy_dir = loaded.path.parent if loaded.path and not policy else Path.cwd()
    from_repository = policy is None and config is None  # may name files inside it only
    resolved = load_policy(
        policy or settings.policy, registry, policy_dir, root if from_repository else None
    )
    active = active_rules(registry, resolved, settings, Selection())
    environments = tuple(e for e in (resolved.environment, resolved.compare_with) if e)
    project = load_project(root, settings, environments, env_files)
    ctx = Context(project, resolved, resolved.environment, resolved.compare_with, settings)
    failures: list[RuleFailure] = []
    diagnostics = lint(ctx, active, registry, failures=failures)
    return Survey(
        root=root,
        settings=settings,
        settings_path=loaded.path,
        registry=registry,
        policy=resolved,
        active=active,
        project=project,
        catalogue=ctx.catalogue,
        diagnostics=diagnostics,
        failures=failures,
    )
