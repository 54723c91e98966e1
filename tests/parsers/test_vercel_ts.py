"""``vercel.ts`` and its siblings: read statically into the same model as ``vercel.json``.

The shapes are those of real files (``export const config: VercelConfig``, ``routes.*``
helpers, spreads of imported arrays with ``.map``, ``.join`` of literal lists), written here
from scratch; what the CLI takes and what the SDK builds follow vercel/vercel
``compile-vercel-config.ts`` and ``packages/config/src/router.ts``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from stagelint.model.deployment import (
    Location,
    NotCheckable,
    PartialList,
    PartialObject,
    VercelConfig,
)
from stagelint.model.source import SourceText
from stagelint.parsers.vercel import load_vercel
from tests.support import fresh_python, write_files

PATH = "web/vercel.ts"


def load(text: str, path: str = PATH) -> VercelConfig:
    return load_vercel(SourceText(path, text))


def found(config: VercelConfig) -> list[tuple[str, int, int, str]]:
    return [(p.kind, p.location.line, p.location.column, p.message) for p in config.problems]


def span(loc: Location) -> tuple[int, int, int, int]:
    return (loc.line, loc.column, loc.end_line, loc.end_column)


def plain(data: Any) -> Any:
    """``data`` with NotCheckable as ``"?"`` and partial containers marked, for comparison."""
    if isinstance(data, NotCheckable):
        return "?"
    if isinstance(data, dict):
        body = {k: plain(v) for k, v in data.items()}
        return {**body, "...": "?"} if isinstance(data, PartialObject) else body
    if isinstance(data, list):
        items = [plain(v) for v in data]
        return [*items, "..."] if isinstance(data, PartialList) else items
    return data


# -- what the Vercel CLI takes -----------------------------------------------------------------


def test_a_typed_config_export() -> None:
    text = (
        "import type { VercelConfig } from '@vercel/config/v1'\n"
        "\n"
        "export const config: VercelConfig = {\n"
        "  git: {\n"
        "    deploymentEnabled: {\n"
        "      'release/main': false,\n"
        "      'deps/*': false,\n"
        "    },\n"
        "  },\n"
        "}\n"
    )
    config = load(text)
    assert config.problems == []
    assert config.data == {"git": {"deploymentEnabled": {"release/main": False, "deps/*": False}}}
    assert span(config.key_location("git", "deploymentEnabled", "deps/*")) == (7, 7, 7, 15)
    assert span(config.location("git", "deploymentEnabled", "deps/*")) == (7, 17, 7, 22)
    assert config.not_checkable == []


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("vercel.ts", "export default { framework: 'nextjs' }"),
        ("vercel.mts", "const config = { framework: 'nextjs' } as const\nexport default config"),
        ("vercel.ts", "export default { framework: 'nextjs' } satisfies VercelConfig"),
        ("vercel.js", "export const config = { framework: 'nextjs' }"),
        ("vercel.mjs", "const framework = 'nextjs'\nexport { framework }"),
        ("vercel.cjs", "module.exports = { framework: 'nextjs' }"),
        ("vercel.ts", "export default { framework: 'nextjs' }\nexport const config = { x: 1 }"),
    ],
)
def test_what_the_cli_takes_default_then_config_then_the_exports(path: str, text: str) -> None:
    config = load(text, path)
    assert config.problems == []
    assert config.data == {"framework": "nextjs"}


def test_secrets_regions_and_functions_are_data_like_vercel_json() -> None:
    text = (
        "const secret = 'hehz1dNS8mkLIlsl2JS0fQgiGh0laWekRYtJemCRGfgrlMNOunT33R6Ecks1KCQm'\n"
        "const base = { memory: 1024 }\n"
        "export const config = {\n"
        "  regions: ['iad1', `fra${1}`],\n"
        "  functions: { 'app/**': { ...base, maxDuration: 10 } },\n"
        "  env: { NEXTAUTH_SECRET: secret },\n"
        "}\n"
    )
    config = load(text)
    assert config.data == {
        "regions": ["iad1", "fra1"],
        "functions": {"app/**": {"memory": 1024, "maxDuration": 10}},
        "env": {"NEXTAUTH_SECRET": config.data["env"]["NEXTAUTH_SECRET"]},
    }
    # the value stands where it was written: the literal on line 1, the key on line 6
    assert span(config.location("env", "NEXTAUTH_SECRET")) == (1, 16, 1, 82)
    assert span(config.key_location("env", "NEXTAUTH_SECRET")) == (6, 10, 6, 25)
    assert span(config.location("functions", "app/**", "memory")) == (2, 24, 2, 28)


# -- @vercel/config helpers --------------------------------------------------------------------

ROUTES = """\
import { routes, deploymentEnv, matchers, type VercelConfig } from '@vercel/config/v1'
import { legacy } from './redirects'

export const config: VercelConfig = {
  redirects: [
    routes.redirect('/', '/en', { permanent: true }),
    ...legacy.map((r) => routes.redirect(r.source, r.destination)),
  ],
  rewrites: [
    routes.rewrite('/api/(.*)', 'https://api.example-shop.com/$1', {
      has: [matchers.host('shop.example.com'), matchers.header('x-beta')],
    }),
    routes.rewrite('/proxy/(.*)', 'https://upstream.example.com/$1', {
      requestHeaders: { authorization: `Bearer ${deploymentEnv('UPSTREAM_TOKEN')}` },
    }),
    routes.rewrite('/env', deploymentEnv('ORIGIN_URL')),
  ],
  headers: [
    routes.header('/(.*)', [
      { key: 'Content-Security-Policy', value: ["default-src 'self'", "img-src 'self' data:"].join('; ') },
    ]),
    routes.cacheControl('/static/(.*)', { public: true, maxAge: '1week' }),
  ],
  outputDirectory: `${process.env.OUTPUT_DIR}`,
}
"""


def test_routes_helpers_build_their_rules_and_code_is_not_checkable() -> None:
    config = load(ROUTES)
    assert config.problems == []
    assert plain(config.data) == {
        "redirects": [{"source": "/", "destination": "/en", "permanent": True}, "..."],
        "rewrites": [
            {
                "source": "/api/(.*)",
                "destination": "https://api.example-shop.com/$1",
                "has": [
                    {"type": "host", "value": "shop.example.com"},
                    {"type": "header", "key": "x-beta"},
                ],
            },
            "?",  # transforms: the SDK compiles a route
            {"source": "/env", "destination": "$ORIGIN_URL"},  # deploymentEnv() as the SDK
        ],
        "headers": [
            {
                "source": "/(.*)",
                "headers": [
                    {
                        "key": "Content-Security-Policy",
                        "value": "default-src 'self'; img-src 'self' data:",
                    }
                ],
            },
            {"source": "/static/(.*)", "headers": [{"key": "Cache-Control", "value": "?"}]},
        ],
        "outputDirectory": "?",
    }
    reasons = [reason for _, reason in config.not_checkable]
    assert any("legacy" in reason for reason in reasons)
    assert any("OUTPUT_DIR" in reason or "process.env" in reason for reason in reasons)
    # each rule points at the call that builds it
    assert span(config.location("redirects", 0)) == (6, 5, 6, 53)
    assert span(config.location("redirects", 0, "source")) == (6, 21, 6, 24)


def test_schema_problems_point_into_the_code() -> None:
    text = (
        "export default {\n"
        "  buildComand: 'next build',\n"
        "  cleanUrls: 'yes',\n"
        "  redirects: [{ source: '/a' }],\n"
        "  headers: [{ ...shared, source: '/b' }],\n"
        "  crons: computeCrons(),\n"
        "}\n"
    )
    config = load(text)
    assert found(config) == [
        (
            "unknown-key",
            2,
            3,
            'unknown key "buildComand" at the top level; did you mean "buildCommand"?',
        ),
        ("invalid-config-value", 3, 14, 'cleanUrls is the string "yes"; expected true or false'),
        ("invalid-config-value", 4, 15, 'redirects[0] is missing the required key "destination"'),
    ]  # headers[0] may get its headers from the spread; crons is not checkable: no findings


def test_a_file_with_a_syntax_error_is_sl001() -> None:
    config = load("export default {\n  framework: 'nextjs'\n  regions: ['iad1'],\n}\n")
    assert [p.kind for p in config.problems] == ["parse-error"]
    assert config.problems[0].location.line == 3
    assert config.data is None


def test_values_are_never_quoted_in_reasons_or_problems() -> None:
    secret = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
    config = load(
        f"import h from './h'\nexport default {{ env: h('{secret}'), regions: ['{secret}'.x()] }}\n"
    )
    text = repr(config.problems) + repr(config.not_checkable)
    assert secret[:8] not in text and "4eC39Hq" not in text


# -- bounds --------------------------------------------------------------------------------------


def test_values_shared_many_times_cost_steps_not_time() -> None:
    """A few hundred bytes that reference one object 2**40 times: the conversion spends the
    evaluation budget and stops (SL001), in well under a second."""
    lines = ["const a0 = { memory: 1024 }"]
    lines += [f"const a{i} = [a{i - 1}, a{i - 1}]" for i in range(1, 41)]
    lines.append("export default { functions: { x: { regions: a40 } } }")
    started = time.process_time()
    config = load("\n".join(lines))
    assert time.process_time() - started < 1.0
    assert [p.kind for p in config.problems] == ["parse-error"]
    assert "cannot evaluate the Vercel config statically" in config.problems[0].message


def test_vercels_largest_config_is_read_whole() -> None:
    """2,048 redirects (Vercel's cap) built with .map over a literal array: read, checked."""
    items = ", ".join(f"'/old/{n}'" for n in range(2048))
    text = (
        "import { routes } from '@vercel/config/v1'\n"
        f"const old = [{items}]\n"
        "export default { redirects: old.map((s) => routes.redirect(s, '/new', "
        "{ permanent: true })) }\n"
    )
    config = load(text)
    assert config.problems == []
    assert len(config.data["redirects"]) == 2048
    assert config.data["redirects"][2047] == {
        "source": "/old/2047",
        "destination": "/new",
        "permanent": True,
    }


def test_a_value_that_contains_itself_is_not_checkable() -> None:
    config = load("const a = { memory: 1 }\na.self = a\nexport default { functions: { x: a } }")
    assert plain(config.data) == {"functions": {"x": {"memory": 1, "self": "?"}}}


def test_a_request_handler_named_vercel_ts_holds_no_setting() -> None:
    """Older projects name a serverless entry point vercel.ts; as a config its functions are
    dropped (JSON), so nothing is reported about them."""
    handler = (
        "import { serverless } from 'serverless-http'\n"
        "let cached\n"
        "export const handler = async (event: any, context: any) => cached(event, context)\n"
    )
    config = load(handler)
    assert config.problems == [] and config.data == {}
    config = load(
        "import { handle } from 'hono/vercel'\nimport app from './app'\n"
        "export default handle(app)\n"
    )
    assert config.problems == [] and isinstance(config.data, NotCheckable)


def test_a_program_that_throws_is_not_checkable() -> None:
    config = load("throw new Error('configure me')\nexport default { framework: 'nextjs' }")
    assert isinstance(config.data, NotCheckable)
    assert config.problems == []


# -- in a project --------------------------------------------------------------------------------


def test_no_tree_sitter_without_a_typescript_file(tmp_path: Path) -> None:
    """vercel.json, vercel.toml and env files are read without importing tree-sitter; a
    vercel.ts imports it."""
    root = write_files(
        tmp_path,
        {
            "web/vercel.json": '{"framework": "nextjs"}',
            "docs/vercel.toml": 'framework = "astro"\n',
            "web/.env.preview": "NEXT_PUBLIC_APP_URL=https://staging.example-shop.com\n",
        },
    )
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from stagelint.project.loader import load_project\n"
        "from stagelint.project.settings import Settings\n"
        f"load_project(Path({str(root)!r}), Settings())\n"
        "print('tree_sitter' in sys.modules)\n"
    )
    assert fresh_python(code) == "False"
    (root / "app").mkdir()
    (root / "app" / "vercel.ts").write_text("export default { framework: 'nextjs' }\n")
    assert fresh_python(code) == "True"
