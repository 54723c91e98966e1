"""``.railway/railway.ts``: discovered, read statically for each environment, every value with
its exact position, services tied to folders, never run, bounded.

Positions are (line, column, end_line, end_column), 1-based, end exclusive.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from stagelint.model.deployment import (
    IacService,
    IacVariable,
    IacVariables,
    Location,
    NotCheckable,
    Project,
    RailwayIacFile,
)
from stagelint.model.source import SourceText
from stagelint.parsers.railway_iac import load_railway_iac
from stagelint.project.loader import load_project
from stagelint.project.settings import Settings
from tests.support import fresh_python, write_files

PATH = ".railway/railway.ts"
IMPORTS = (
    "import { defineRailway, github, group, postgres, preserve, project, redis, ref, service,"
    ' volume } from "railway/iac";\n'
)


def read(code: str, environments: tuple[str, ...] = ("staging", "production")) -> RailwayIacFile:
    return load_railway_iac(SourceText(PATH, code), ".", environments)


def span(location: Location) -> tuple[int, int, int, int]:
    return location.line, location.column, location.end_line, location.end_column


def only_service(found: RailwayIacFile, environment: str = "staging") -> IacService:
    (service,) = found.environments[environment].services
    return service


def variable(service: IacService, key: str) -> IacVariable:
    return next(v for v in service.variables if v.key == key)


# -- the DSL, with positions ------------------------------------------------------------------

REFERENCE_FILE = (
    IMPORTS
    + """
export default defineRailway((ctx) => {
  const prod = ctx.environment === "production";
  const db = postgres("postgres");
  const cache = redis("redis");
  const api = service("api", {
    source: github("acme/monorepo", { rootDirectory: "apps/api" }),
    build: "pnpm --filter api build",
    start: "uvicorn app.main:app --host 0.0.0.0 --port $PORT",
    healthcheck: "/health", healthcheckTimeout: 30,
    replicas: prod ? { "us-west2": 2, "europe-west4": 1 } : 1,
    domains: prod ? ["api.example.com"] : [],
    env: {
      DATABASE_URL: db.env.DATABASE_URL,
      SENTRY_DSN: ctx.shared.SENTRY_DSN,
      JWT_SECRET_KEY: preserve(),
      NODE_ENV: "production",
    },
    volumeMounts: { "/data": volume("api-data", { sizeMB: 1024 }) },
  });
  return project("shop", { resources: group("Backend", [db, cache, api]) });
});
"""
)


def test_the_reference_example_is_read_with_exact_positions() -> None:
    found = read(REFERENCE_FILE)
    assert found.problems == []
    staging = found.environments["staging"]
    assert [(r.name, r.kind, r.engine) for r in staging.resources] == [
        ("Backend", "group", None),
        ("postgres", "database", "postgres"),
        ("redis", "database", "redis"),
        ("api", "service", None),
    ]
    api = only_service(found)
    assert api.name == "api" and span(api.location) == (7, 23, 7, 28)
    assert api.root_directory == "apps/api"
    build = api.settings[("build", "buildCommand")]
    assert build.value == "pnpm --filter api build"
    assert span(build.key_location) == (9, 5, 9, 10)
    assert span(build.location) == (9, 12, 9, 37)
    start = api.settings[("deploy", "startCommand")]
    assert span(start.key_location) == (10, 5, 10, 10) and span(start.location)[:2] == (10, 12)
    assert api.labels[("deploy", "startCommand")] == "start"
    assert api.settings[("deploy", "healthcheckPath")].value == "/health"
    timeout = api.settings[("deploy", "healthcheckTimeout")]
    assert timeout.value == 30 and span(timeout.location) == (11, 49, 11, 51)
    assert api.settings[("deploy", "numReplicas")].value == 1
    production = only_service(found, "production")
    regions = production.settings[("deploy", "multiRegionConfig")]
    assert regions.value == {"us-west2": 2, "europe-west4": 1}
    where = production.positions[("deploy", "multiRegionConfig", "europe-west4")]
    assert span(where[0]) == (12, 39, 12, 53) and span(where[1]) == (12, 55, 12, 56)


def test_variables_of_every_form_with_their_positions() -> None:
    api = only_service(read(REFERENCE_FILE))
    database = variable(api, "DATABASE_URL")
    assert database.origin == "reference"
    assert database.value is not None and database.value.reveal() == "${{postgres.DATABASE_URL}}"
    (ref,) = database.references
    assert (ref.kind, ref.service, ref.name) == ("railway", "postgres", "DATABASE_URL")
    assert span(database.key_location) == (15, 7, 15, 19)
    assert span(database.value_location) == (15, 21, 15, 40)
    assert span(database.location) == (15, 7, 15, 40)
    shared = variable(api, "SENTRY_DSN")
    assert shared.references[0].service == "shared"
    preserved = variable(api, "JWT_SECRET_KEY")
    assert preserved.origin == "preserved"
    assert [r.kind for r in preserved.references] == ["platform"]
    assert preserved.is_reference
    literal = variable(api, "NODE_ENV")
    assert literal.origin == "literal" and literal.references == ()
    assert literal.value is not None and literal.value.reveal() == "production"
    assert span(literal.value_location) == (18, 17, 18, 29)


FORMS_FILE = (
    IMPORTS
    + """
export const partial = "beacon";
const publicUrl = "https://${{RAILWAY_PUBLIC_DOMAIN}}";

export default defineRailway((ctx) => {
  const staging = ctx.isEnvironment("staging");
  const resourceName = (n) => (staging ? n + "-staging" : n);
  const web = service(resourceName("web"), {
    build: { builder: "DOCKERFILE", dockerfilePath: "apps/web/Dockerfile" },
    preDeploy: "npm run db:migrate:deploy",
    deploy: { restartPolicyType: "ON_FAILURE", restartPolicyMaxRetries: 5, drainingSeconds: 10 },
    ...(staging ? { healthcheck: "/ready" } : {}),
    env: {
      BETTER_AUTH_SECRET: { value: ctx.randomString("better-auth-secret", 32) },
      STRIPE_SECRET_KEY: { description: "set in the dashboard", isOptional: true },
      APP_ENV: ctx.environment,
      PUBLIC_URL: publicUrl,
      API_URL: "${{api.RAILWAY_PRIVATE_DOMAIN}}:8080",
      FROM_CI: process.env.CI_TOKEN,
      HELPER: helper("x"),
    },
  });
  return { name: "stockcast", resources: [web] };
});
"""
)


def test_forms_seen_in_real_files() -> None:
    found = read(FORMS_FILE)
    assert found.partial == "beacon"
    staging = only_service(found)
    assert staging.name == "web-staging"  # a helper defined in the file is followed
    assert only_service(found, "production").name == "web"
    assert staging.settings[("build", "builder")].value == "DOCKERFILE"
    assert staging.labels[("build", "dockerfilePath")] == "build.dockerfilePath"
    assert staging.settings[("deploy", "preDeployCommand")].value == ["npm run db:migrate:deploy"]
    assert staging.settings[("deploy", "restartPolicyMaxRetries")].value == 5
    assert staging.settings[("deploy", "healthcheckPath")].value == "/ready"
    assert ("deploy", "healthcheckPath") not in only_service(found, "production").settings
    generated = variable(staging, "BETTER_AUTH_SECRET")
    assert (generated.origin, generated.generated_length) == ("derived", 64)
    assert variable(staging, "STRIPE_SECRET_KEY").origin == "declared"
    app_env = variable(staging, "APP_ENV")
    assert app_env.value is not None and app_env.value.reveal() == "staging"
    assert span(app_env.value_location) == (17, 16, 17, 31)


def test_references_inside_strings_are_located_exactly() -> None:
    staging = only_service(read(FORMS_FILE))
    public = variable(staging, "PUBLIC_URL")
    (ref,) = public.references
    assert ref.service is None and ref.name == "RAILWAY_PUBLIC_DOMAIN"
    # the constant's literal on line 4: "https://${{...}}" starts at column 19
    assert span(public.value_location) == (4, 19, 4, 55)
    assert span(ref.location) == (4, 28, 4, 54)
    assert span(public.location) == span(public.key_location) == (18, 7, 18, 17)
    (api_ref,) = variable(staging, "API_URL").references
    assert (api_ref.service, api_ref.name) == ("api", "RAILWAY_PRIVATE_DOMAIN")
    assert span(api_ref.location) == (19, 17, 19, 48)


def test_what_depends_on_something_else_is_not_checkable_with_a_reason() -> None:
    staging = only_service(read(FORMS_FILE))
    from_ci = variable(staging, "FROM_CI")
    assert from_ci.origin == "unknown" and from_ci.reason is not None
    assert "CI_TOKEN" in from_ci.reason
    assert [r.kind for r in from_ci.references] == ["unknown"]
    helper = variable(staging, "HELPER")
    assert helper.origin == "unknown" and "helper" in (helper.reason or "")


def test_settings_a_helper_computes_are_not_checkable_not_absent() -> None:
    code = IMPORTS + (
        'import { shared } from "./shared";\n'
        "export default defineRailway(() => project('p', { resources: [\n"
        "  service('api', { deploy: shared.deploy, healthcheck: shared.path }),\n"
        "] }));\n"
    )
    api = only_service(read(code))
    assert isinstance(api.settings[("deploy",)].value, NotCheckable)
    assert isinstance(api.settings[("deploy", "healthcheckPath")].value, NotCheckable)


def test_ref_and_assignments_after_service() -> None:
    code = IMPORTS + (
        "export default defineRailway(() => {\n"
        "  const db = postgres('pg');\n"
        "  const api = service('api', { start: 'node a.js', env: { U: ref(db, 'DATABASE_URL') } });\n"
        "  api.deploy = { restartPolicyType: 'ALWAYS' };\n"
        "  return project('p', { resources: [db, api] });\n"
        "});\n"
    )
    api = only_service(read(code))
    assert variable(api, "U").references[0].service == "pg"
    # the SDK compiled `start` into deploy; assigning deploy replaces the whole block
    assert ("deploy", "startCommand") not in api.settings
    assert api.settings[("deploy", "restartPolicyType")].value == "ALWAYS"


# -- environments -----------------------------------------------------------------------------


def test_each_environment_is_evaluated_on_its_own() -> None:
    code = IMPORTS + (
        "export default defineRailway((ctx) => {\n"
        "  const prod = ctx.environmentName === 'production';\n"
        "  const api = service('api', { env: {\n"
        "    DEBUG: prod ? 'false' : 'true',\n"
        "    MODE: ctx.isEnvironment('qa') ? 'qa' : 'other',\n"
        "  } });\n"
        "  return project('p', { resources: [api] });\n"
        "});\n"
    )
    found = read(code, ("staging", "production", "qa"))
    values = {
        env: {
            v.key: (v.value.reveal() if v.value else None)
            for v in only_service(found, env).variables
        }
        for env in ("staging", "production", "qa")
    }
    assert values == {
        "staging": {"DEBUG": "true", "MODE": "other"},
        "production": {"DEBUG": "false", "MODE": "other"},
        "qa": {"DEBUG": "true", "MODE": "qa"},
    }
    staging_debug = variable(only_service(found), "DEBUG")
    production_debug = variable(only_service(found, "production"), "DEBUG")
    assert span(staging_debug.value_location) == (5, 29, 5, 35)
    assert span(production_debug.value_location) == (5, 19, 5, 26)


def test_a_file_that_throws_for_an_environment_manages_nothing_there() -> None:
    code = IMPORTS + (
        "export default defineRailway((ctx) => {\n"
        "  if (!ctx.isEnvironment('staging')) {\n"
        "    throw new Error('staging only');\n"
        "  }\n"
        "  return project('p', { resources: [service('api')] });\n"
        "});\n"
    )
    found = read(code)
    assert len(found.environments["staging"].services) == 1
    production = found.environments["production"]
    assert production.services == [] and production.throws is not None
    assert "line 4" in production.throws


def test_an_unknown_guard_that_only_throws_is_ignored() -> None:
    code = IMPORTS + (
        "export default defineRailway((ctx) => {\n"
        "  if (!process.env.RAILWAY_IAC_ENV) throw new Error('set it');\n"
        "  return project('p', { resources: [service('api')] });\n"
        "});\n"
    )
    assert [s.name for s in read(code).environments["staging"].services] == ["api"]


# -- problems -----------------------------------------------------------------------------------


def test_unknown_options_and_wrong_types_are_problems_reported_once() -> None:
    code = IMPORTS + (
        "export default defineRailway((ctx) => project('p', { resources: [\n"
        "  service('api', {\n"
        "    restartPolicy: { type: 'ON_FAILURE', maxRetries: 5 },\n"
        "    healthCheck: '/health',\n"
        "    replicas: 'two',\n"
        "    env: { PORT: 8080 },\n"
        "  }),\n"
        "] }));\n"
    )
    problems = [(p.kind, span(p.location), p.message) for p in read(code).problems]
    assert [(kind, where[:2]) for kind, where, _ in problems] == [
        ("unknown-key", (4, 5)),
        ("unknown-key", (5, 5)),
        ("invalid-config-value", (6, 15)),
        ("invalid-config-value", (7, 18)),
    ]
    assert 'did you mean "healthcheck"?' in problems[1][2]
    assert "SDK ignores it" in problems[0][2]


def test_a_syntax_error_is_reported_and_nothing_is_evaluated() -> None:
    found = read(
        IMPORTS
        + "export default defineRailway(() => { return project('p', { resources: [ }); });\n"
    )
    (problem,) = found.problems
    assert problem.kind == "parse-error" and problem.message.startswith("syntax error")
    assert found.environments == {}


def test_the_budget_stops_a_file_that_doubles_forty_times_in_well_under_a_second() -> None:
    lines = [IMPORTS, "const a0 = [service('x')];"]
    lines += [f"const a{i} = [...a{i - 1}, ...a{i - 1}];" for i in range(1, 41)]
    lines.append("export default defineRailway(() => project('p', { resources: a40 }));")
    code = "\n".join(lines)
    assert len(code.encode()) < 1400
    started = time.process_time()  # CPU time: the test machines are shared
    found = read(code)
    assert time.process_time() - started < 0.5
    (problem,) = found.problems
    assert problem.kind == "parse-error"
    assert "cannot evaluate the Railway IaC file statically" in problem.message
    assert "evaluation steps" in problem.message
    assert 3 <= problem.location.line <= 43  # one of the doubling lines
    assert found.environments == {}


def test_one_big_object_shared_by_many_services_is_bounded_too() -> None:
    """Reading the result costs steps like evaluating it: 1,000 services sharing one options
    object of 4,096 variables took over five minutes before it did."""
    doubling = [f"const a{i} = [...a{i - 1}, ...a{i - 1}];" for i in range(1, 13)]
    code = "\n".join(
        [
            IMPORTS,
            'const a0 = [["K", "v"]];',
            *doubling,
            'const env = Object.fromEntries(a12.map((p, i) => ["K" + i, "v"]));',
            "const opts = { env, deploy: env };",
            'const names = a10.map((p, i) => "s" + i);',
            "export default defineRailway(() => project('p', {",
            "  resources: names.map((n) => service(n, opts)),",
            "}));",
        ]
    )
    assert len(code.encode()) < 1200
    started = time.process_time()
    found = read(code)
    assert time.process_time() - started < 2
    (problem,) = found.problems
    assert "evaluation steps" in problem.message and found.environments == {}


def test_messages_and_reasons_never_hold_values() -> None:
    secret = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
    code = IMPORTS + (
        "export default defineRailway(() => project('p', { resources: [\n"
        f"  service('api', {{ env: {{ A: helper('{secret}'), B: 42, C: ['{secret}'] }},"
        f" healthcheckTimeout: '{secret}' }}),\n"
        "] }));\n"
    )
    found = read(code)
    texts = [p.message for p in found.problems]
    texts += [v.reason or "" for v in only_service(found).variables]
    texts += [reason for _, reason in found.environments["staging"].not_checkable]
    assert texts and not any(secret in text for text in texts)


# -- every literal on every branch (SL108, SL109) -----------------------------------------------

BRANCHES = (
    IMPORTS
    + """const keys = { preview: "k-preview" };
function pick(env) {
  if (env === "qa") { return "k-qa"; }
  return preserve();
}
const lazy = () => ({ value: ctx.randomString("lazy", 32) });
let later = preserve();
switch (process.env.TARGET) { case "pr": later = "k-assigned"; break; }
export default defineRailway((ctx) => {
  const api = service("api", {
    env: {
      A: ctx.environment === "pr-1" ? "k-pr" : preserve(),
      B: ctx.isEnvironment("dev") ? { value: `k-dev` } : process.env.X || "k-or",
      C: keys.preview, D: pick(ctx.environment), E: ctx.randomString("e", 32), F: lazy(),
      G: ctx.environment === "production" ? preserve() : ctx.environment, H: later,
    },
    preDeploy: ["k-list"],
  });
  return project("p", { resources: [api] });
});
"""
)


def test_literals_of_every_branch_with_their_positions() -> None:
    found = read(BRANCHES)
    where = {
        (lit.key, lit.value.reveal()): (span(lit.location), lit.service) for lit in found.literals
    }
    assert where[("preview", "k-preview")] == ((2, 25, 2, 36), None)  # the constant itself
    assert where[("C", "k-preview")] == ((2, 25, 2, 36), "api")  # as the service uses it
    assert where[("D", "k-qa")] == ((4, 30, 4, 36), "api")  # what a helper returns
    assert where[("A", "k-pr")] == ((13, 39, 13, 45), "api")  # in no evaluated environment
    assert where[("B", "k-dev")] == ((14, 46, 14, 53), "api")
    assert where[("value", "k-dev")] == ((14, 46, 14, 53), "api")
    assert where[("B", "k-or")] == ((14, 75, 14, 81), "api")
    assert where[("H", "k-assigned")] == ((9, 50, 9, 62), "api")  # assigned in a switch
    assert where[("preDeploy", "k-list")] == ((18, 17, 18, 25), "api")
    conditions = {"pr-1", "dev", "qa", "production", "e", "lazy", "p", "api", "pr"}
    assert not conditions & {lit.value.reveal() for lit in found.literals}
    calls = {(call.key, span(call.location), call.service) for call in found.random_strings}
    assert calls == {
        ("E", (15, 53, 15, 78), "api"),
        ("F", (7, 30, 7, 58), "api"),  # through the helper
        ("value", (7, 30, 7, 58), None),
    }


def test_following_names_is_bounded_by_the_file() -> None:
    """Each expression is followed once, and the literals recorded are bounded by the
    file's size: 2,000 names that each take the same 2,000 literals stay linear."""
    choices = " || ".join(f'"v{i}"' for i in range(2000))
    names = "\n".join(f"const K{i} = all;" for i in range(2000))
    code = IMPORTS + f"const all = {choices};\n{names}\n"
    started = time.process_time()
    found = read(code)
    assert time.process_time() - started < 2
    assert len(found.literals) <= 4 * len(code.encode()) + 1_000


# -- the project model --------------------------------------------------------------------------


def project_of(tmp_path: Path, files: dict[str, str]) -> Project:
    write_files(tmp_path, files)
    return load_project(tmp_path, Settings())


SERVICES = (
    IMPORTS
    + """
export default defineRailway(() => project("shop", { resources: [
  service("api", { source: github("acme/shop", { rootDirectory: "/services/backend" }) }),
  service("frontend"),
  service("worker"),
  service("Docs Site"),
] }));
"""
)


def test_services_map_to_folders_and_take_their_env_files(tmp_path: Path) -> None:
    project = project_of(
        tmp_path,
        {
            PATH: SERVICES,
            "services/backend/.env.staging": "A=1\n",
            "apps/frontend/vercel.json": "{}\n",
            "apps/frontend/.env.preview": "B=2\n",
            "docs-site/.env.example": "C=\n",
        },
    )
    services = {name: (s.root, s.platforms) for name, s in project.services.items()}
    assert services["api"] == ("services/backend", ("railway",))
    assert services["frontend"] == ("apps/frontend", ("railway", "vercel"))
    assert services["worker"] == ("", ("railway",))  # no folder: still a service
    assert services["Docs Site"][0] == "docs-site"
    owners = {f.path: f.service for f in project.env_files if not isinstance(f, IacVariables)}
    assert owners == {
        "services/backend/.env.staging": "api",
        "apps/frontend/.env.preview": "frontend",
        "docs-site/.env.example": "Docs Site",
    }
    assert project.services["worker"].iac is not None


def test_a_folder_with_a_retired_file_becomes_the_iac_service(tmp_path: Path) -> None:
    project = project_of(
        tmp_path,
        {
            PATH: SERVICES.replace(
                'service("frontend")', 'service("backend-api", { root: "backend" })'
            ),
            "backend/railway.json": '{"deploy": {"startCommand": "x"}}',
        },
    )
    service = project.services["backend-api"]
    assert service.root == "backend"
    assert service.railway is not None and service.iac is not None
    assert "backend" not in project.services


def test_two_folders_named_like_the_service_are_ambiguous(tmp_path: Path) -> None:
    project = project_of(tmp_path, {PATH: SERVICES, "a/worker/x.txt": "", "b/worker/y.txt": ""})
    assert project.services["worker"].root == ""


def test_the_iac_file_is_one_file_with_per_environment_views(tmp_path: Path) -> None:
    project = project_of(tmp_path, {PATH: REFERENCE_FILE})
    assert [f.path for f in project.files()] == [PATH]
    views = [f for f in project.env_files if isinstance(f, IacVariables)]
    assert sorted((v.service, v.environment) for v in views) == [
        ("api", "production"),
        ("api", "staging"),
    ]
    iac = project.services["api"].iac
    assert iac is not None
    assert iac.environment_names == ["staging", "production"]
    assert iac.label("deploy", "healthcheckPath") == "healthcheck"
    setting = iac.setting("environments", "staging", "deploy", "healthcheckTimeout")
    assert setting is not None and setting.value == 30


@pytest.mark.parametrize("suffix", ["ts", "mts", "cts", "js", "mjs", "cjs"])
def test_every_script_suffix_is_read(tmp_path: Path, suffix: str) -> None:
    project = project_of(tmp_path, {f".railway/railway.{suffix}": REFERENCE_FILE})
    (iac_file,) = project.iac_files
    assert iac_file.read and "api" in project.services


@pytest.mark.parametrize("suffix", ["py", "go"])
def test_python_and_go_are_found_not_read(tmp_path: Path, suffix: str) -> None:
    project = project_of(tmp_path, {f".railway/railway.{suffix}": "anything"})
    (iac_file,) = project.iac_files
    assert not iac_file.read and iac_file.environments == {}


def test_a_nested_railway_folder_describes_its_subtree(tmp_path: Path) -> None:
    project = project_of(
        tmp_path,
        {"apps/shop/.railway/railway.ts": SERVICES, "apps/shop/worker/.env.staging": "A=1\n"},
    )
    (iac_file,) = project.iac_files
    assert iac_file.root == "apps/shop"
    assert project.services["worker"].root == "apps/shop/worker"


def test_tree_sitter_is_not_imported_without_a_typescript_file(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {"backend/railway.json": '{"deploy": {}}', "backend/.env.staging": "A=1\n"},
    )
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from stagelint.entry import main\n"
        f"try:\n    main(['check', {str(tmp_path)!r}])\nexcept SystemExit:\n    pass\n"
        "print('tree_sitter' in sys.modules, 'stagelint.parsers.tseval' in sys.modules)\n"
    )
    assert fresh_python(code).splitlines()[-1] == "False False"
    write_files(tmp_path, {PATH: REFERENCE_FILE})
    assert fresh_python(code).splitlines()[-1] == "True True"
