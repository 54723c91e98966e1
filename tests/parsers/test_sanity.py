"""The Sanity config parser: real-world corpus, every supported form, errors and safety."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stagelint.model.deployment import Location, SanityConfig, SanityValue, SanityWorkspace
from stagelint.model.errors import ParseError
from stagelint.model.source import LineIndex, SourceText, read_source
from stagelint.parsers import sanity as sanity_parser
from stagelint.parsers.sanity import MAX_DEPTH, is_secret_key, load_sanity
from tests.conftest import corpus_dir, corpus_files

# ---------------------------------------------------------------------------- helpers


def load(text: str, path: str = "sanity.config.ts", kind: str = "studio") -> SanityConfig:
    return load_sanity(SourceText(path, text), "cli" if kind == "cli" else "studio")


def span(text: str, loc: Location) -> str:
    """The text a location covers (code-point columns, universal newlines)."""
    index = LineIndex(text, loc.path)
    start = index.line_start(loc.line) + loc.column - 1
    end = index.line_start(loc.end_line) + loc.end_column - 1
    return text[start:end]


def only(config: SanityConfig) -> SanityWorkspace:
    assert len(config.workspaces) == 1, config.workspaces
    return config.workspaces[0]


def value(text: str, key: str = "projectId", path: str = "sanity.config.ts") -> SanityValue:
    """The ``projectId`` (or ``key``) of the single workspace of ``text``."""
    workspace = only(load(text, path))
    found = workspace.project_id if key == "projectId" else workspace.dataset
    assert found is not None
    return found


def all_locations(config: SanityConfig) -> list[Location]:
    locations = [p.location for p in config.problems]
    for workspace in config.workspaces:
        locations.append(workspace.location)
        locations.extend(v.location for v in (workspace.project_id, workspace.dataset) if v)
    locations.extend(literal.location for literal in config.literals)
    return locations


def assert_inside(text: str, loc: Location) -> None:
    """A location lies inside the text: valid lines, columns at most one past line end."""
    index = LineIndex(text, loc.path)
    assert 1 <= loc.line <= loc.end_line <= index.line_count
    for line, column in ((loc.line, loc.column), (loc.end_line, loc.end_column)):
        start = index.line_start(line)
        next_start = index.line_start(line + 1) if line < index.line_count else len(text) + 1
        assert 1 <= column <= next_start - start + 1, (loc, line, column)
        assert start + column - 1 <= len(text)
    if loc.line == loc.end_line:
        assert loc.column <= loc.end_column


def kind_of(path: Path) -> str:
    return "cli" if path.name.split("__")[-1].startswith("sanity.cli.") else "studio"


# ----------------------------------------------------------------------------- corpus

SANITY_FILES = corpus_files("sanity")


@pytest.mark.parametrize("path", SANITY_FILES, ids=[p.name for p in SANITY_FILES])
def test_corpus_file_loads(path: Path) -> None:
    source = read_source(str(path), path.name)
    assert isinstance(source, SourceText)
    config = load_sanity(source, "cli" if kind_of(path) == "cli" else "studio")
    assert config.problems == []  # every corpus file is valid TypeScript/JavaScript
    for loc in all_locations(config):
        assert_inside(source.text, loc)
    for workspace in config.workspaces:
        for found in (workspace.project_id, workspace.dataset):
            if found is not None and found.unknown:
                assert found.reason


def corpus(name: str) -> tuple[str, SanityConfig]:
    path = corpus_dir("sanity") / name
    source = read_source(str(path), path.name)
    assert isinstance(source, SourceText)
    return source.text, load_sanity(source, "cli" if kind_of(path) == "cli" else "studio")


def test_corpus_official_template_env_with_defaults() -> None:
    text, config = corpus("sanity-io__sanity-template-nextjs-clean__studio__sanity.config.ts")
    workspace = only(config)
    assert workspace.name == "default"
    project_id, dataset = workspace.project_id, workspace.dataset
    assert project_id == SanityValue(
        project_id.location if project_id else Location.at(""),
        env_var="SANITY_STUDIO_PROJECT_ID",
        default="your-projectID",
    )
    assert project_id is not None and dataset is not None
    # shorthand `projectId,` resolves to the const's initializer: where the value is decided
    assert span(text, project_id.location) == (
        "process.env.SANITY_STUDIO_PROJECT_ID || 'your-projectID'"
    )
    assert project_id.location.line == 21
    assert (dataset.env_var, dataset.default) == ("SANITY_STUDIO_DATASET", "production")
    assert dataset.candidates() == ["production"]
    assert config.literals == []


def test_corpus_literals() -> None:
    text, config = corpus("sanity-io__sanity__examples__studios__blog-studio__sanity.config.ts")
    workspace = only(config)
    assert workspace.name == "default"
    assert workspace.project_id is not None and workspace.dataset is not None
    assert workspace.project_id.literal == "cgd8g1dj"
    assert span(text, workspace.project_id.location) == "'cgd8g1dj'"
    assert (workspace.project_id.location.line, workspace.project_id.location.column) == (10, 14)
    assert workspace.dataset.literal == "production"
    assert span(text, workspace.dataset.location) == "'production'"


def test_corpus_chained_env_fallbacks_in_plain_cli_export() -> None:
    text, config = corpus("Wingxtra-Aerospace__wingxtra-website__sanity__sanity.cli.js")
    workspace = only(config)
    assert workspace.name is None
    project_id = workspace.project_id
    assert project_id is not None
    assert project_id.env_var == "SANITY_STUDIO_PROJECT_ID"
    assert project_id.fallbacks == ("NEXT_PUBLIC_SANITY_PROJECT_ID",)
    assert project_id.default == "yourProjectId"
    assert span(text, project_id.location).startswith("process.env.SANITY_STUDIO_PROJECT_ID ||")
    assert span(text, project_id.location).endswith("'yourProjectId'")
    assert workspace.dataset is not None and workspace.dataset.default == "production"


def test_corpus_imported_values_are_unknown() -> None:
    text, config = corpus("10up__sanity-ignite__sanity.cli.ts")
    workspace = only(config)
    assert workspace.project_id is not None
    assert workspace.project_id.unknown
    assert workspace.project_id.reason == "imported from '@/env/clientEnv'"
    assert span(text, workspace.project_id.location) == "clientEnv.NEXT_PUBLIC_SANITY_PROJECT_ID"
    assert workspace.project_id.candidates() == []

    text, config = corpus("sanity-io__sanity__dev__auto-updating-studio__sanity.cli.ts")
    dataset = only(config).dataset
    assert dataset is not None and dataset.reason == "imported from './apiConfig'"
    assert span(text, dataset.location) == "dataset"


def test_corpus_ternary_dataset_is_unknown() -> None:
    text, config = corpus("superleveldev__skybeam__apps__marketing-cms__sanity.config.ts")
    workspace = only(config)
    assert workspace.project_id is not None and workspace.project_id.literal == "2827cj7b"
    assert workspace.dataset is not None
    assert workspace.dataset.unknown and workspace.dataset.reason == "chosen by a condition"
    assert span(text, workspace.dataset.location).startswith("process.env.NODE_ENV ===")


def test_corpus_workspaces_sharing_a_spread_base() -> None:
    text, config = corpus("FormidableLabs__babel-bridge__apps__studio__sanity.config.ts")
    assert [w.name for w in config.workspaces] == ["development", "staging"]
    for workspace, dataset in zip(config.workspaces, ["development", "staging"], strict=True):
        assert workspace.project_id is not None and workspace.dataset is not None
        assert workspace.project_id.literal == "hakfgcdn"
        assert workspace.project_id.location.line == 9  # inside baseConfig
        assert workspace.dataset.literal == dataset
        assert span(text, workspace.dataset.location) == f"'{dataset}'"
    assert [(lit.key, lit.value.reveal()) for lit in config.literals] == [
        ("apiKey", "OPENAI_API_KEY"),
        ("sanityToken", "SANITY_STUDIO_TOKEN"),
    ]
    assert span(text, config.literals[0].location) == "'OPENAI_API_KEY'"


def test_corpus_custom_wrapper_yields_nothing() -> None:
    _, config = corpus("TorbjornHoltmon__sanity-extract-issue-repro__sanity.config.ts")
    assert config.workspaces == [] and config.problems == []


def test_corpus_generated_workspaces_stay_visible() -> None:
    text, config = corpus("sanity-io__demo-marketing-site-nextjs__sanity.config.ts")
    generated, base = config.workspaces
    assert generated.project_id is not None and generated.project_id.unknown
    assert generated.project_id.reason == "workspaces generated by MARKETS.map(...)"
    assert span(text, generated.location).startswith("...MARKETS.map(")
    assert base.name == "global"
    assert base.project_id is not None
    assert base.project_id.env_var == "NEXT_PUBLIC_SANITY_PROJECT_ID"
    assert base.project_id.default is None


def test_corpus_large_multi_workspace_config() -> None:
    _, config = corpus("sanity-io__sanity__dev__test-studio__sanity.config.REDACTED.ts")
    by_name = {w.name: w for w in config.workspaces}
    assert len(config.workspaces) == 25
    # `...envConfig.production` is a conditional spread that never sets projectId/dataset
    default = by_name["default"]
    assert default.project_id is not None and default.project_id.literal == "ppsg7ml5"
    assert default.dataset is not None and default.dataset.literal == "test"
    secondary = by_name["secondary"]
    assert secondary.project_id is not None and secondary.project_id.literal == "q5caobza"
    assert secondary.dataset is not None and secondary.dataset.literal == "production"
    nonexistent = by_name["nonexistent-dataset"]
    assert nonexistent.project_id is not None and nonexistent.project_id.location.line == 294
    assert [(lit.key, lit.value.reveal()) for lit in config.literals] == [
        ("apiKey", "REDACTED_GOOGLE_MAPS_API_KEY")
    ]
    assert config.literals[0].location.line == 252


def test_corpus_conditional_cli_api() -> None:
    text, config = corpus("sanity-io__sanity__dev__test-studio__sanity.cli.ts")
    workspace = only(config)
    assert workspace.project_id is not None and workspace.project_id.unknown
    assert workspace.project_id.reason == "chosen by a condition"
    assert span(text, workspace.location).startswith("isStaging")


def test_corpus_env_through_consts_and_node_process_import() -> None:
    text, config = corpus("xuzuodong__personal-website__studio__sanity.config.ts")
    workspace = only(config)  # `const config = defineConfig({...}); export default config`
    assert workspace.project_id is not None
    assert workspace.project_id.env_var == "SANITY_STUDIO_PROJECT_ID"
    assert span(text, workspace.project_id.location) == "process.env.SANITY_STUDIO_PROJECT_ID"
    _, config = corpus("xuzuodong__personal-website__studio__sanity.cli.ts")
    project_id = only(config).project_id  # `import process from 'node:process'`
    assert project_id is not None and project_id.env_var == "SANITY_STUDIO_PROJECT_ID"


def test_corpus_flatmap_workspaces_and_member_of_const() -> None:
    _, config = corpus("sanity-io__sanity__dev__auth-test-studio__sanity.config.ts")
    generated, no_providers = config.workspaces
    assert generated.dataset is not None
    assert generated.dataset.reason == "workspaces generated by envs.flatMap(...)"
    assert no_providers.name == "noProviders"  # a template string without substitutions
    assert no_providers.project_id is not None and no_providers.dataset is not None
    assert no_providers.project_id.literal == "ppsg7ml5"  # via `...production.ppsg7ml5`
    assert no_providers.dataset.literal == "test"
    assert no_providers.project_id.location.line == 30


def test_corpus_import_with_fallback_stays_unknown() -> None:
    text, config = corpus("sanity-io__template-nextjs-personal-website__sanity.config.ts")
    project_id = only(config).project_id
    assert project_id is not None and project_id.unknown
    assert project_id.reason == "imported from '@/sanity/lib/api'"
    assert span(text, project_id.location) == "projectId || ''"


# ----------------------------------------------------------------- value forms


@pytest.mark.parametrize(
    ("expression", "literal"),
    [
        ("'abc'", "abc"),
        ('"abc"', "abc"),
        ("`abc`", "abc"),
        ("'it\\'s'", "it's"),
        ('"caf\\u00e9 \\x41 \\u{1F600}"', "caf\u00e9 A \U0001f600"),
        ("'a\\\nb'", "ab"),  # line continuation
        ("'\\uD83D\\uDE00'", "\U0001f600"),  # a surrogate pair
        ("('abc')", "abc"),
        ("'abc' as string", "abc"),
        ("'abc' satisfies string", "abc"),
        ("<string>'abc'", "abc"),
        ("'abc' || process.env.X", "abc"),  # a non-empty literal always wins
        ("'' ?? process.env.X", ""),
    ],
)
def test_literal_forms(expression: str, literal: str) -> None:
    text = f"export default defineConfig({{projectId: {expression}}})\n"
    found = value(text)
    assert found.literal == literal
    assert not found.unknown and found.env_var is None
    assert span(text, found.location) == expression


@pytest.mark.parametrize(
    ("expression", "env_var", "default", "fallbacks"),
    [
        ("process.env.SANITY_STUDIO_PROJECT_ID", "SANITY_STUDIO_PROJECT_ID", None, ()),
        ("import.meta.env.SANITY_STUDIO_X", "SANITY_STUDIO_X", None, ()),
        ("process.env['X']", "X", None, ()),
        ('process.env["X"]', "X", None, ()),
        ("process.env.X!", "X", None, ()),
        ("process.env.X as string", "X", None, ()),
        ("(process.env.X satisfies string | undefined)", "X", None, ()),
        ("process.env?.X", "X", None, ()),
        ("process.env.X || 'staging'", "X", "staging", ()),
        ("process.env.X ?? 'staging'", "X", "staging", ()),
        ("process.env.X ?? `staging`", "X", "staging", ()),
        ("process.env.X! || 'staging' as string", "X", "staging", ()),
        ("process.env.A || process.env.B || 'x'", "A", "x", ("B",)),
        ("process.env.A || process.env.B", "A", None, ("B",)),
        ("process.env.A || 'x' || 'never'", "A", "x", ()),
        ("'' || process.env.A || 'x'", "A", "x", ()),
    ],
)
def test_env_forms(
    expression: str, env_var: str, default: str | None, fallbacks: tuple[str, ...]
) -> None:
    text = f"export default defineConfig({{dataset: {expression}}})\n"
    found = value(text, "dataset")
    assert (found.env_var, found.default, found.fallbacks) == (env_var, default, fallbacks)
    assert found.literal is None and not found.unknown
    assert span(text, found.location) == expression


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("getProjectId()", "the result of getProjectId(...)"),
        ("env.get('X')", "the result of env.get(...)"),
        ("cond ? 'a' : 'b'", "chosen by a condition"),
        ("`p-${suffix}`", "a template string with substitutions"),
        ("42", "not a string (number)"),
        ("undefined", "undefined"),
        ("process.env[name]", "a computed environment variable name"),
        ("process.env.X || fallback()", "its fallback is unknown: the result of fallback(...)"),
        ("'a' + 'b'", "computed with '+'"),
        ("somewhere", "'somewhere' is not defined in this file"),
    ],
)
def test_unknown_forms(expression: str, reason: str) -> None:
    text = f"export default defineConfig({{projectId: {expression}}})\n"
    found = value(text)
    assert found.unknown and found.reason == reason
    assert found.literal is None and found.env_var is None and found.default is None
    assert span(text, found.location) == expression


def test_reasons_never_quote_string_values() -> None:
    found = value("export default defineConfig({projectId: f('sk-very-secret')})")
    assert found.reason is not None and "sk-very-secret" not in found.reason


def test_const_resolution_points_at_the_deciding_expression() -> None:
    text = (
        "const base = process.env.SANITY_STUDIO_DATASET\n"
        "const dataset = base || 'staging'\n"
        "const projectId = 'abc123'\n"
        "const alias = projectId\n"
        "export default defineConfig({projectId: alias, dataset})\n"
    )
    workspace = only(load(text))
    assert workspace.project_id is not None and workspace.dataset is not None
    assert workspace.project_id.literal == "abc123"
    assert span(text, workspace.project_id.location) == "'abc123'"
    assert workspace.dataset.env_var == "SANITY_STUDIO_DATASET"
    assert workspace.dataset.default == "staging"
    assert span(text, workspace.dataset.location) == "base || 'staging'"


def test_mutable_bindings_and_imports_are_unknown() -> None:
    text = (
        "import {dataset} from './env'\n"
        "import * as cfg from '../config'\n"
        "let projectId = 'abc'\n"
        "var title = 'x'\n"
        "export default defineConfig({projectId, dataset, name: title, basePath: cfg.path})\n"
    )
    workspace = only(load(text))
    assert workspace.project_id is not None and workspace.dataset is not None
    assert workspace.project_id.reason == "'projectId' is declared with let and may change"
    assert workspace.dataset.reason == "imported from './env'"
    assert workspace.name is None
    found = value("import * as cfg from '../config'\nexport default {projectId: cfg.id}")
    assert found.reason == "imported from '../config'"


def test_indirection_limits() -> None:
    lines = ["const v0 = 'deep'"]
    lines += [f"const v{i} = v{i - 1}" for i in range(1, MAX_DEPTH + 5)]
    lines.append(f"export default defineConfig({{projectId: v{MAX_DEPTH + 4}, dataset: v3}})")
    workspace = only(load("\n".join(lines)))
    assert workspace.project_id is not None and workspace.project_id.unknown
    assert workspace.project_id.reason == "too many indirections to follow"
    assert workspace.dataset is not None and workspace.dataset.literal == "deep"
    found = value("const a = b\nconst b = a\nexport default defineConfig({projectId: a})")
    assert found.reason in (
        "'a' is defined in terms of itself",
        "'b' is defined in terms of itself",
    )


def test_exponential_definitions_stay_cheap() -> None:
    lines = ["const v0 = process.env.A"]
    lines += [f"const v{i} = v{i - 1} || v{i - 1}" for i in range(1, 20)]
    lines.append("export default defineConfig({projectId: v19})")
    found = value("\n".join(lines))  # would be 2**19 evaluations without memoisation
    assert found.env_var == "A"


def test_destructuring() -> None:
    text = (
        "const {SANITY_STUDIO_DATASET: dataset = 'staging', SANITY_STUDIO_PROJECT_ID} ="
        " process.env\n"
        "export default defineConfig({projectId: SANITY_STUDIO_PROJECT_ID, dataset})\n"
    )
    workspace = only(load(text))
    assert workspace.project_id is not None and workspace.dataset is not None
    assert workspace.project_id.env_var == "SANITY_STUDIO_PROJECT_ID"
    assert workspace.dataset.env_var == "SANITY_STUDIO_DATASET"
    assert workspace.dataset.default == "staging"
    assert span(text, workspace.dataset.location) == "SANITY_STUDIO_DATASET: dataset = 'staging'"

    found = value(
        "const api = {projectId: 'p1'}\nconst {projectId} = api\nexport default {projectId}"
    )
    assert found.literal == "p1"
    found = value("const {a: {projectId}} = x\nexport default {projectId}")
    assert found.unknown and found.reason == "'projectId' is a nested destructuring"
    found = value("const [projectId] = list\nexport default {projectId}")
    assert found.unknown and found.reason == "'projectId' is destructured from an array"


def test_member_access_on_const_objects() -> None:
    text = (
        "const envs = {staging: {projectId: 'p1', dataset: 'staging'}} as const\n"
        "export default defineConfig({projectId: envs.staging.projectId,"
        " dataset: envs['staging']['dataset']})\n"
    )
    workspace = only(load(text))
    assert workspace.project_id is not None and workspace.project_id.literal == "p1"
    assert workspace.dataset is not None and workspace.dataset.literal == "staging"
    assert span(text, workspace.dataset.location) == "'staging'"
    found = value("const envs = {}\nexport default {projectId: envs.missing}")
    assert found.reason == "envs.missing is not set"


# ------------------------------------------------------------------ objects


def test_spreads() -> None:
    text = (
        "import {shared} from './shared'\n"
        "const base = {projectId: 'p1', dataset: 'd1'}\n"
        "export default defineConfig({\n"
        "  dataset: 'early', ...base, ...shared, projectId: 'p2',\n"
        "})\n"
    )
    workspace = only(load(text))
    assert workspace.project_id is not None and workspace.project_id.literal == "p2"
    # an unknown spread may override what was written before it
    assert workspace.dataset is not None and workspace.dataset.unknown
    assert workspace.dataset.reason == (
        "may be set by the spread of shared (imported from './shared')"
    )
    assert span(text, workspace.dataset.location) == "...shared"

    text = (
        "const base = {projectId: 'p1', dataset: 'd1'}\n"
        "export default defineConfig({...base, dataset: 'd2'})\n"
    )
    workspace = only(load(text))
    assert workspace.project_id is not None and workspace.project_id.literal == "p1"
    assert span(text, workspace.project_id.location) == "'p1'"
    assert workspace.dataset is not None and workspace.dataset.literal == "d2"


def test_conditional_spreads_only_touch_their_keys() -> None:
    text = (
        "const extra = isStaging ? {apiHost: 'https://api.sanity.work'} : {}\n"
        "export default defineConfig({projectId: 'p', dataset: 'd', ...extra,"
        " ...(flag && {dataset: 'other'})})\n"
    )
    workspace = only(load(text))
    assert workspace.project_id is not None and workspace.project_id.literal == "p"
    assert workspace.dataset is not None and workspace.dataset.unknown
    assert workspace.dataset.reason == "chosen by a condition"


def test_other_object_members() -> None:
    text = (
        "export default defineConfig({['projectId']: 'p', 'dataset': 'd', name: `n`,"
        " get title() { return 'x' }})\n"
    )
    workspace = only(load(text))
    assert workspace.name == "n"
    assert workspace.project_id is not None and workspace.project_id.literal == "p"
    assert workspace.dataset is not None and workspace.dataset.literal == "d"
    found = value("export default defineConfig({dataset: 'd', [key]: 'x'})", "dataset")
    assert found.unknown and found.reason == "a computed property name may set it"
    found = value("export default defineConfig({projectId() { return 'p' }})")
    assert found.unknown and found.reason == "defined by a method"


# ---------------------------------------------------------------- config shapes


@pytest.mark.parametrize(
    "text",
    [
        "export default defineConfig({projectId: 'p'})",
        "export default defineConfig({projectId: 'p'}) satisfies Config",
        "const config = {projectId: 'p'}\nexport default defineConfig(config)",
        "const config = defineConfig({projectId: 'p'})\nexport default config",
        "const config = defineConfig({projectId: 'p'})\nexport {config as default}",
        "export default {projectId: 'p'}",
        "module.exports = defineConfig({projectId: 'p'})",
        "import {defineConfig as dc} from 'sanity'\nexport default dc({projectId: 'p'})",
        "import * as sanity from 'sanity'\nexport default sanity.defineConfig({projectId: 'p'})",
    ],
)
def test_config_shapes(text: str) -> None:
    workspace = only(load(text))
    assert workspace.project_id is not None and workspace.project_id.literal == "p"
    assert span(text, workspace.location) == "{projectId: 'p'}"


@pytest.mark.parametrize(
    "text",
    [
        "import {createConfig} from './x'\nexport default createConfig({projectId: 'p'})",
        "import config from './x'\nexport default config",
        "export {default} from './config'",
        "const config = defineConfig({projectId: 'p'})",  # nothing exported
        "function defineConfig(c) { return c }\nexport default defineConfig({projectId: 'p'})",
        "",
        "// just a comment\n",
    ],
)
def test_no_config_means_no_workspaces_and_no_problem(text: str) -> None:
    config = load(text)
    assert config.workspaces == [] and config.problems == []


def test_workspace_arrays() -> None:
    text = (
        "const prod = defineConfig({name: 'prod', projectId: 'p', dataset: 'production'})\n"
        "const more = [{name: 'extra', projectId: 'p', dataset: 'extra'}]\n"
        "export default defineConfig([\n"
        "  prod,\n"
        "  {...prod, name: 'staging', dataset: 'staging'},\n"
        "  ...more,\n"
        "  ...markets.map((m) => ({...prod, name: m})),\n"
        "  makeWorkspace('x'),\n"
        "])\n"
    )
    config = load(text)
    names = [w.name for w in config.workspaces]
    assert names == ["prod", "staging", "extra", None, None]
    datasets = [w.dataset for w in config.workspaces]
    assert [d.literal if d else None for d in datasets[:3]] == ["production", "staging", "extra"]
    generated, made = config.workspaces[3:]
    assert generated.dataset is not None
    assert generated.dataset.reason == "workspaces generated by markets.map(...)"
    assert made.project_id is not None
    assert made.project_id.reason == "the result of makeWorkspace(...)"
    assert span(text, made.location) == "makeWorkspace('x')"
    assert span(text, config.workspaces[1].location).startswith("{...prod")


def test_cli_config() -> None:
    text = (
        "import {defineCliConfig} from 'sanity/cli'\n"
        "const api = {projectId: 'p', dataset: process.env.SANITY_STUDIO_DATASET ?? 'staging'}\n"
        "export default defineCliConfig({api, studioHost: 'x'})\n"
    )
    config = load(text, "sanity.cli.ts", "cli")
    assert config.kind == "cli"
    workspace = only(config)
    assert workspace.name is None
    assert workspace.project_id is not None and workspace.project_id.literal == "p"
    assert workspace.dataset is not None and workspace.dataset.default == "staging"
    assert span(text, workspace.location).startswith("{projectId: 'p'")

    assert load("export default defineCliConfig({studioHost: 'x'})", "sanity.cli.ts", "cli") == (
        SanityConfig(
            "sanity.cli.ts",
            kind="cli",
            options={("studioHost",): Location("sanity.cli.ts", 1, 33, 1, 43)},
        )
    )
    config = load("export default defineCliConfig({api: getApi()})", "sanity.cli.ts", "cli")
    workspace = only(config)
    assert workspace.dataset is not None and workspace.dataset.reason == "the result of getApi(...)"
    config = load("export default defineCliConfig([{api: {}}])", "sanity.cli.ts", "cli")
    assert config.workspaces == []


def test_cli_options_and_where_their_keys_stand() -> None:
    """Top-level keys and those of `app`/`deployment` (SL609 judges deprecated ones), through
    const objects, shorthand properties, quoted keys and spreads the parser can see."""
    text = (
        "import {defineCliConfig} from 'sanity/cli'\n"
        "const deploy = {appId: 'q5'}\n"
        "const autoUpdates = true\n"
        "export default defineCliConfig({\n"
        "  'studioHost': 'shop',\n"
        "  autoUpdates,\n"
        "  app: {id: 'a1', title: 'Shop'},\n"
        "  deployment: {...deploy, autoUpdates: false},\n"
        "})\n"
    )
    options = load(text, "sanity.cli.ts", "cli").options
    starts = {key: (loc.line, loc.column, loc.end_column) for key, loc in options.items()}
    assert starts == {
        ("studioHost",): (5, 3, 15),
        ("autoUpdates",): (6, 3, 14),
        ("app",): (7, 3, 6),
        ("app", "id"): (7, 9, 11),
        ("app", "title"): (7, 19, 24),
        ("deployment",): (8, 3, 13),
        ("deployment", "appId"): (2, 17, 22),
        ("deployment", "autoUpdates"): (8, 27, 38),
    }
    # an invisible spread: what it may set is not there; a studio config records nothing
    options = load(
        "import {base} from './base'\nexport default defineCliConfig({...base, api: {}})",
        "sanity.cli.ts",
        "cli",
    ).options
    assert list(options) == [("api",)]
    assert load("export default defineConfig({studioHost: 'x'})").options == {}


# ---------------------------------------------------------- positions and grammars


def test_unicode_before_the_value_counts_code_points() -> None:
    text = "export default defineConfig({title: 'é日本👀', projectId: 'p1'})\n"
    found = value(text)
    assert found.location.column == text.index("'p1'") + 1  # not the UTF-8 byte offset
    assert found.location.end_column == found.location.column + 4
    assert span(text, found.location) == "'p1'"


def test_unicode_lines_and_newline_styles() -> None:
    # a lone CR ends a line for every stagelint parser (universal newlines); tree-sitter
    # only sees it inside a comment here
    text = "// ünïcödé 👀\r\n/* a\rb */\nexport default defineConfig({\r\n  projectId: 'p'})"
    found = value(text)
    assert (found.location.line, found.location.column) == (5, 14)
    assert span(text, found.location) == "'p'"


def test_tsx_grammar_for_tsx_and_jsx() -> None:
    text = "export default defineConfig({icon: () => <Logo size={2} />, projectId: 'p'})\n"
    for path in ("sanity.config.tsx", "sanity.config.jsx", "sanity.config.js"):
        config = load(text, path)
        assert config.problems == [], path
        assert only(config).project_id == SanityValue(
            only(config).project_id.location,  # type: ignore[union-attr]
            literal="p",
        )
    config = load(text, "sanity.config.ts")  # TypeScript proper has no JSX
    assert [p.kind for p in config.problems] == ["parse-error"]


def test_typescript_type_assertions_in_ts() -> None:
    config = load("export default defineConfig({projectId: <string>process.env.P})")
    assert config.problems == []
    assert only(config).project_id == SanityValue(
        only(config).project_id.location,  # type: ignore[union-attr]
        env_var="P",
    )


def test_syntax_error_in_the_config_statement() -> None:
    text = (
        "import {x} from 'y'\n"
        "export default defineConfig({projectId: 'abc, token: 'sk-secret-1'})\n"
    )
    config = load(text)
    (problem,) = config.problems
    assert problem.kind == "parse-error"
    assert problem.message.startswith("syntax error (TypeScript): unexpected")
    assert "sk-secret" not in problem.message and "abc" not in problem.message
    assert problem.location.line == 2
    assert span(text, problem.location) == "sk"
    workspace = only(config)  # the statement is broken: nothing in it is trusted
    assert workspace.project_id is not None and workspace.project_id.unknown
    assert workspace.project_id.reason == "syntax error in this statement"
    assert config.literals == []


def test_syntax_error_elsewhere_keeps_the_config() -> None:
    text = "export default defineConfig({projectId: 'p', token: 'sk-1'})\nconst broken = (\n"
    config = load(text)
    (problem,) = config.problems
    assert problem.message == (
        "syntax error (TypeScript): this statement is not complete at the end of the file"
    )
    assert (problem.location.line, problem.location.column) == (2, 1)
    assert only(config).project_id == SanityValue(
        only(config).project_id.location,  # type: ignore[union-attr]
        literal="p",
    )
    assert [lit.value.reveal() for lit in config.literals] == ["sk-1"]
    # a const declared in a broken statement is not trusted either
    text = "const a == 'x'\nexport default defineConfig({projectId: a})\n"
    found = only(load(text)).project_id
    assert found is not None and found.reason == "syntax error in this statement"
    assert found.location.line == 1
    text = "const a b = 'x'\nexport default defineConfig({projectId: a})\n"
    found = only(load(text)).project_id
    assert found is not None
    assert found.reason == "'a' is not defined in this file (it has a syntax error)"


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        ("foo(}\n", "unexpected `}`", 1, 5),
        ("export default defineConfig({projectId: 'x'}))", "unexpected `)`", 1, 46),
        ("export default defineConfig({\n  a: 'x',\n  b: \n})\n", "missing identifier", 3, 5),
        ("const a = 1 2\n", "unexpected number", 1, 11),
    ],
)
def test_syntax_error_positions(text: str, message: str, line: int, column: int) -> None:
    (problem,) = load(text).problems
    assert problem.message == f"syntax error (TypeScript): {message}"
    assert (problem.location.line, problem.location.column) == (line, column)


# --------------------------------------------------------------------- secrets


@pytest.mark.parametrize(
    ("key", "secret"),
    [
        ("token", True),
        ("apiToken", True),
        ("sanityToken", True),
        ("secret", True),
        ("previewSecret", True),
        ("password", True),
        ("apiKey", True),
        ("APIKEY", True),
        ("api_key", True),
        ("SANITY_API_TOKEN", True),
        ("x-api-key", True),
        ("privateKey", True),
        ("loginMethod", False),
        ("tokenExpiry", False),
        ("secretName", False),
        ("projectId", False),
        ("key", False),
        ("", False),
    ],
)
def test_secret_keys(key: str, secret: bool) -> None:
    assert is_secret_key(key) is secret


def test_secret_literals() -> None:
    text = (
        "const token = 'sk-const-token'\n"
        "const loginMethod = 'token'\n"
        "function plugin() { return x({apiKey: 'k-in-helper'}) }\n"
        "client.config.password = 'pw-assigned'\n"
        "export default defineConfig({\n"
        "  projectId: 'p',\n"
        "  auth: {loginMethod: 'token', token: process.env.T || 'sk-default'},\n"
        "  'SANITY_API_TOKEN': cond ? 'sk-a' : `sk-b`,\n"
        "  previewSecret: '',\n"
        "  apiToken: `sk-${suffix}`,\n"
        "  secretName: 'not-a-secret',\n"
        "})\n"
    )
    config = load(text)
    found = [(lit.key, lit.value.reveal()) for lit in config.literals]
    assert found == [
        ("token", "sk-const-token"),
        ("apiKey", "k-in-helper"),
        ("password", "pw-assigned"),
        ("token", "sk-default"),
        ("SANITY_API_TOKEN", "sk-a"),
        ("SANITY_API_TOKEN", "sk-b"),
    ]
    for literal in config.literals:
        assert span(text, literal.location).strip("'`") == literal.value.reveal()
        assert literal.value.reveal() not in repr(literal)


# --------------------------------------------------------------------- safety

# fmt: off
TOKENS = [
    "export default ", "defineConfig(", "defineCliConfig(", "(", ")", "{", "}", "[", "]",
    "projectId", "dataset", "name", "api", ": ", ", ", "'p'", '"d"', "`t`", "`${x}`",
    "process.env.X", "process.env['Y']", "import.meta.env.Z", " || ", " ?? ", "!", " as string",
    " satisfies T", "...", "const ", "let ", "a", "b", " = ", "\n", ";", "token: ", "'sk'",
    "import {a} from './a'\n", "? ", "<T>", "<div/>", "//", "/*", "'", "é", "👀", "\r", "\\",
]
# fmt: on


def _check_never_raises(text: str, path: str, kind: str) -> None:
    try:
        config = load(text, path, kind)
    except ParseError:
        return
    for loc in all_locations(config):
        assert loc.path == path
        assert_inside(text, loc)
    for problem in config.problems:
        assert problem.kind == "parse-error"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(max_size=300),
    path=st.sampled_from(["sanity.config.ts", "sanity.config.tsx", "sanity.cli.js"]),
    kind=st.sampled_from(["studio", "cli"]),
)
def test_arbitrary_text_never_raises(text: str, path: str, kind: str) -> None:
    _check_never_raises(text, path, kind)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=st.lists(st.sampled_from(TOKENS), max_size=60),
    path=st.sampled_from(["sanity.config.ts", "sanity.config.jsx", "sanity.cli.mjs"]),
    kind=st.sampled_from(["studio", "cli"]),
)
def test_config_like_text_never_raises(parts: list[str], path: str, kind: str) -> None:
    _check_never_raises("".join(parts), path, kind)


def test_pathological_nesting_does_not_raise() -> None:
    for text in (
        "export default defineConfig({projectId: " + "(" * 5000 + "'p'" + ")" * 5000 + "})",
        "export default defineConfig({projectId: process.env.A" + " || process.env.A" * 3000 + "})",
        "export default " + "{a: " * 2000 + "1" + "}" * 2000,
        "export default defineConfig([" + "[" * 3000 + "]" * 3000 + "])",
    ):
        _check_never_raises(text, "sanity.config.ts", "studio")


def test_parsing_never_executes_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "executed"

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the parser tried to start a process")

    monkeypatch.setattr(subprocess, "Popen", forbidden)
    monkeypatch.setattr(os, "system", forbidden)
    text = (
        "import {writeFileSync} from 'node:fs'\n"
        "import {execSync} from 'node:child_process'\n"
        f"writeFileSync({str(marker)!r}, 'x')\n"
        f"execSync('touch {marker}')\n"
        "export default defineConfig({\n"
        f"  projectId: (() => {{ require('fs').writeFileSync({str(marker)!r}, 'x') }})(),\n"
        "  dataset: process.env.SANITY_STUDIO_DATASET,\n"
        "})\n"
    )
    config = load(text)
    assert not marker.exists()
    assert only(config).project_id is not None
    assert only(config).project_id.unknown  # type: ignore[union-attr]


def test_tree_sitter_is_imported_lazily() -> None:
    code = (
        "import sys\n"
        "import stagelint.parsers.sanity as s\n"
        "assert 'tree_sitter' not in sys.modules, 'imported too early'\n"
        "from stagelint.model.source import SourceText\n"
        "s.load_sanity(SourceText('sanity.config.ts', 'export default {}'), 'studio')\n"
        "assert 'tree_sitter' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_comments_are_kept_for_inline_suppressions() -> None:
    text = (
        "// top comment\n"
        "export default defineConfig({ /* a\n"
        " * b */ projectId: 'p', // trailing\n"
        "  token: 'sk-x', // stagelint: ignore SL108\n"
        "})\n"
    )
    config = load(text)
    assert config.comments == {
        1: "top comment",
        2: "a",
        3: "b trailing",
        4: "stagelint: ignore SL108",
    }
    assert only(config).project_id is not None


def test_evaluation_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sanity_parser, "MAX_STEPS", 100)
    text = "const a = {}\nexport default defineConfig({" + "...a, " * 200 + "projectId: 'p'})"
    found = value(text)
    assert found.unknown and found.reason == "the config is too complex to follow"


# ------------------------------------------------- bounded by input size (issue 13)


def _doubling(levels: int, first: str) -> str:
    """``const a1 = [...a0, ...a0]`` and so on: ``levels`` short lines meaning 2**levels
    copies of ``a0``."""
    lines = [f"const a0 = [{first}]"]
    lines += [f"const a{i} = [...a{i - 1}, ...a{i - 1}]" for i in range(1, levels + 1)]
    lines.append(f"export default defineConfig(a{levels})")
    return "\n".join(lines) + "\n"


WORKSPACE = "{name: 'w', basePath: '/w', projectId: 'k7x9p2qd', dataset: 'production'}"


def test_arrays_doubling_through_spreads_stop_at_the_workspace_cap() -> None:
    """40 lines that mean 2**40 workspaces: the first MAX_WORKSPACES, and a problem saying
    the rest were not read (this ran for hours before the cap)."""
    config = load(_doubling(40, WORKSPACE))
    assert len(config.workspaces) == sanity_parser.MAX_WORKSPACES
    [problem] = config.problems
    assert problem.kind == "parse-error"
    assert f"more than {sanity_parser.MAX_WORKSPACES:,} workspaces" in problem.message


def test_empty_arrays_doubling_through_spreads_stop_at_the_step_budget() -> None:
    """2**40 spreads of an empty array add no workspace: the step budget stops them, and
    says so."""
    config = load(_doubling(40, ""))
    assert config.workspaces[-1].project_id is not None
    assert config.workspaces[-1].project_id.unknown
    [problem] = config.problems
    assert problem.kind == "parse-error"
    assert "evaluation steps" in problem.message


def test_a_plain_array_over_the_workspace_cap() -> None:
    text = "export default defineConfig([\n" + f"  {WORKSPACE},\n" * 1_200 + "])\n"
    config = load(text)
    assert len(config.workspaces) == sanity_parser.MAX_WORKSPACES
    [problem] = config.problems
    assert problem.location.line == sanity_parser.MAX_WORKSPACES + 2  # the first one not read
