"""SL203 production-dataset."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from stagelint.model.deployment import Location, SanityWorkspace
from stagelint.model.diagnostics import Related, Severity, Violation
from stagelint.model.tuples import NamedTuple
from stagelint.model.values import is_placeholder, quoted
from stagelint.policy.context import Context
from stagelint.policy.facts import judged_literal
from stagelint.policy.rule import Rule, RuleOptions, literal

from ._modes import dataset_name_problem, env_vars_read, role_names, sanity_settings


class _Read(NamedTuple):
    """One place where the judged environment names a dataset."""

    text: str
    location: Location
    service: str
    subject: str
    """How a message names it: the variable, or the dataset of a Sanity config file."""
    variable: str | None
    also: tuple[Related, ...] = ()
    """The other Sanity config files of the service that name the same dataset: one
    decision (``sanity.config.ts`` and ``sanity.cli.ts`` of one Studio), one finding."""


class ProductionDataset(Rule):
    """Staging must not read the production Sanity dataset; all its services read one dataset.

    ## What it checks
    Every dataset the judged environment reads: `NEXT_PUBLIC_SANITY_DATASET`,
    `SANITY_STUDIO_DATASET` (and their aliases), any variable a Sanity config reads for its
    `dataset`, and the `dataset` of `sanity.config.*`/`sanity.cli.*` as the deploy resolves
    it: a literal, else the config's service's env files of the environment, else the default
    after `||`/`??`. In staging, a finding when the dataset is a production dataset: one of
    `production_datasets`, or one that production's env files set. The production policy
    inverts it (`expect_production_dataset: true`): production must read one of
    `production_datasets`. In both, services that read different datasets, and names Sanity
    rejects (lowercase letters, digits, `-`, `_`, 2 to 64 characters), are findings.

    Not judged: references and unset variables without default (only the platform knows
    them), placeholders (SL102), templates, development files, and the literal datasets of a
    Studio whose workspaces switch between several datasets on purpose.

    ## Why
    A staging site or Studio on the production dataset shows test content to customers, lets
    staging webhooks and scripts rewrite real content, and makes "staging works" meaningless.
    Sanity datasets are separate content stores; the guide creates a `staging` one.

    ## Example
    ```ts path="studio/sanity.config.ts"
    import {defineConfig} from 'sanity'

    export default defineConfig({
      projectId: 'k7x9p2qd',
      dataset: process.env.SANITY_STUDIO_DATASET || 'production',
    })
    ```
    ```json path="frontend/vercel.json"
    {}
    ```
    ```dotenv path="frontend/.env.preview"
    NEXT_PUBLIC_SANITY_PROJECT_ID=k7x9p2qd
    NEXT_PUBLIC_SANITY_DATASET=production
    ```

    ## Use instead
    ```ts path="studio/sanity.config.ts"
    import {defineConfig} from 'sanity'

    export default defineConfig({
      projectId: 'k7x9p2qd',
      dataset: process.env.SANITY_STUDIO_DATASET || 'staging',
    })
    ```
    ```dotenv path="studio/.env.production"
    SANITY_STUDIO_DATASET=production
    ```
    ```json path="frontend/vercel.json"
    {}
    ```
    ```dotenv path="frontend/.env.preview"
    NEXT_PUBLIC_SANITY_PROJECT_ID=k7x9p2qd
    NEXT_PUBLIC_SANITY_DATASET=staging
    ```

    ## How to fix
    Create the staging dataset (`npx sanity dataset create staging`), point every staging
    variable at it, and make `staging` the Studio's default so that a deploy that forgets
    the variable cannot edit production. If your production dataset has another name, list
    it in this rule's `production_datasets`.

    ## Guide
    Sanity CMS Staging Setup → Step 1 (Create Staging Dataset), Step 2 (Configure Studio for
    Staging), Step 3 (`SANITY_STUDIO_DATASET=staging npx sanity deploy`); Security
    Considerations → Data Protection ("NEVER use production data in staging").
    """

    code = "SL203"
    name = "production-dataset"
    default_severity = Severity.ERROR

    class Options(RuleOptions):
        production_datasets: tuple[str, ...] = ("production",)
        """Names of the production datasets. In staging, the datasets production's env
        files set count too."""
        expect_production_dataset: bool = False
        """False: the judged environment must not read a production dataset (staging).
        True: it must read one of `production_datasets` (the production policy)."""

        def __post_init__(self) -> None:
            if not self.production_datasets:
                raise ValueError("production_datasets must name at least one dataset")
            for name in self.production_datasets:
                problem = dataset_name_problem(name)
                if problem is not None:
                    raise ValueError(f"production_datasets: {quoted(name)} is invalid: {problem}")

    options: Options

    def check(self, ctx: Context) -> Iterator[Violation]:
        keys = role_names(ctx, "sanity-dataset") | env_vars_read(ctx, "dataset")
        reads = sorted(self._reads(ctx, keys), key=lambda read: read.location)
        compared = self._compared(ctx, keys)
        agreeing: list[_Read] = []
        for read in reads:
            violation = self._judge(ctx, read, compared)
            if violation is None:
                agreeing.append(read)
            else:
                yield violation
        yield from self._disagreements(ctx, agreeing)

    def _reads(self, ctx: Context, keys: frozenset[str]) -> Iterator[_Read]:
        for env_file, var in ctx.judged_bindings(keys):
            text = judged_literal(var)
            if text is None:
                continue
            yield _Read(text, var.location, env_file.service, var.key, var.key)
        switchers: dict[int, bool] = {}  # per config: once, not once per workspace
        configs: dict[tuple[str, str], list[tuple[int, _Read]]] = {}
        for setting in sanity_settings(ctx, "dataset", ctx.environment):
            if setting.via is not None or is_placeholder(setting.text):
                continue  # an env binding: judged above
            config = setting.config
            if setting.value.literal is not None:
                switches = switchers.get(id(config))
                if switches is None:
                    switches = switchers[id(config)] = _switches_datasets(config.workspaces)
                if switches:
                    continue
            if setting.from_default:
                env_var = setting.value.env_var
                subject = f"the dataset of {setting.file_name} (its default: {env_var} is unset)"
            else:
                env_var = None
                subject = f"the dataset of {setting.file_name}"
            read = _Read(setting.text, setting.location, setting.service, subject, env_var)
            rank = 0 if config.kind == "studio" else 1  # the Studio's own config first
            configs.setdefault((setting.service, setting.text), []).append((rank, read))
        for same in configs.values():
            yield _one_decision(same)

    def _compared(self, ctx: Context, keys: frozenset[str]) -> dict[str, dict[str, Location]]:
        """Dataset -> service -> first place the comparison environment sets it there."""
        found: dict[str, dict[str, Location]] = {}
        for env_file, var in ctx.compared_bindings(keys):
            text = literal(var)
            if text and not is_placeholder(text) and dataset_name_problem(text) is None:
                found.setdefault(text, {}).setdefault(env_file.service, var.location)
        return found

    def _judge(
        self, ctx: Context, read: _Read, compared: dict[str, dict[str, Location]]
    ) -> Violation | None:
        environment = ctx.environment
        related: tuple[Related, ...] = ()
        where = compared.get(read.text, {})
        # The same service's line in the other environment explains best; else the first.
        other = where.get(read.service) or next(iter(where.values()), None)
        problem = dataset_name_problem(read.text)
        production = self.options.production_datasets
        if problem is not None:
            message = f"{read.subject} is not a valid Sanity dataset name: {problem}"
        elif self.options.expect_production_dataset:
            if read.text in production:
                return None
            names = ", ".join(f"'{name}'" for name in production)
            message = (
                f"{read.subject} is '{read.text}' in {environment}, not the production dataset "
                f"({names})"
            )
            if other is not None:
                related = (Related(other, f"{ctx.compare_with} reads this dataset"),)
        elif read.text in production:
            message = (
                f"{read.subject} is the production dataset '{read.text}' in {environment}; "
                f"{environment} must read its own dataset"
            )
        elif other is not None:
            message = (
                f"{read.subject} is '{read.text}', the dataset {ctx.compare_with} reads; "
                f"{environment} must read its own dataset"
            )
            related = (Related(other, f"{ctx.compare_with} reads this dataset"),)
        else:
            return None
        return Violation(
            message=message,
            location=read.location,
            related=related + read.also,
            environment=environment,
            service=read.service,
            variable=read.variable,
        )

    def _disagreements(self, ctx: Context, reads: list[_Read]) -> Iterator[Violation]:
        """Reads that differ from the dataset most of the environment reads."""
        counts = Counter(read.text for read in reads)
        if len(counts) < 2:
            return
        first = {read.text: i for i, read in reversed(list(enumerate(reads)))}
        majority = max(counts, key=lambda text: (counts[text], -first[text]))
        reference = reads[first[majority]]
        for read in reads:
            if read.text == majority:
                continue
            yield Violation(
                message=(
                    f"{read.subject} is '{read.text}' but {reference.subject} in "
                    f"{reference.service} is '{majority}'; one environment reads one dataset"
                ),
                location=read.location,
                related=(Related(reference.location, f"{reference.service} reads '{majority}'"),),
                environment=ctx.environment,
                service=read.service,
                variable=read.variable,
            )


def _one_decision(reads: list[tuple[int, _Read]]) -> _Read:
    """The reads of one dataset by the Sanity configs of one service as one read: the
    Studio config's (``sanity.config.ts``, rank 0) first, the others (``sanity.cli.ts``)
    related."""
    ranked = [read for _, read in sorted(reads, key=lambda pair: (pair[0], pair[1].location))]
    first, others = ranked[0], ranked[1:]
    return first._replace(
        also=tuple(
            Related(other.location, f"{_file_name(other.location.path)} names the same dataset")
            for other in others
        )
    )


def _file_name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _switches_datasets(workspaces: list[SanityWorkspace]) -> bool:
    """A Studio whose workspaces name several literal datasets offers a dataset switcher on
    purpose: its literals say what editors may open, not what a deploy reads."""
    names = {
        workspace.dataset.literal
        for workspace in workspaces
        if workspace.dataset is not None and workspace.dataset.literal is not None
    }
    return len(names) > 1
