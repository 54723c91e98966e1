"""Secret safety, proven: no secret value, nor any 8-character slice of one, leaves stagelint.

Hypothesis builds whole projects — a Railway backend, a Vercel frontend and a Sanity Studio
with staging, production and template env files — and plants random secrets everywhere a
secret can sit: generated secrets, vendor tokens, passwords inside Postgres and Redis URLs,
secrets under public prefixes, in ``vercel.json`` ``env``, in Railway commands, as
``token: '...'`` in ``sanity.config.ts``, in ``.railway/railway.ts`` (variables per
environment and behind a condition on an environment no policy evaluates, commands,
options, a helper's argument), shared between staging and
production, reused, weak, short, inside malformed lines, and pasted into variables that are not secret at all
(``WORKERS``, ``CORS_ORIGINS``). Then every command that reads the project runs — every
output format, ``--output-file``, baselines, fingerprints, ``explain`` in its three forms
(and the tour, the picture of the deployment, as terminal boxes, Mermaid, HTML and JSON),
``--debug``, the production policy — and everything printed or written is searched for the
secrets, case-insensitively. Error paths (invalid settings and policies quoting a secret,
a rule that crashes with a secret in its exception) get the same search.

A canary that is never reported proves nothing, so each run also asserts that the planted
secrets *were* reported: the messages were there to leak.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import os
import random
import string
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from stagelint.cli import cli
from stagelint.entry import main
from stagelint.model.errors import StagelintError
from tests.conftest import examples

SCRIPT = Path(sys.executable).parent / "stagelint"
FORMATS = ("text", "json", "json-lines", "sarif", "github", "gitlab", "junit")
SLICE = 8
"""Length of the slices searched for: a leak of 8 random characters is a leak."""

ALNUM = string.ascii_letters + string.digits
PLAIN = frozenset(ALNUM + "-_.~")
"""Characters no output format escapes: slices made only of them are searched for."""
SYMBOLS = " !#%&*+,-./:;=?@^_~\"'\\"
"""What generated passwords hold besides letters and digits. Not ``$`` (a reference) nor
braces, so that a secret stays a literal for the rules that must report it."""

CANARY = "Cq7NrXz4Lw9TbK2mPd8V"
"""A fixed secret in every project (reused across places, so also a shared secret)."""
URL_CANARY = "Pw3kR8tZq1XnV6bM"


# --- secrets ---------------------------------------------------------------------------------


def _class_switches(text: str) -> int:
    kinds = ["l" if c.islower() else "u" if c.isupper() else "d" for c in text]
    return sum(a != b for a, b in itertools.pairwise(kinds))


def _mixed(rng: random.Random, size: int) -> str:
    """Random letters and digits as secret generators produce them: every class present and
    interleaved (4+ class changes, as in 97% of random 12-character strings). High entropy
    by construction, whatever hypothesis draws: it only draws the seed."""
    while True:
        text = "".join(rng.choice(ALNUM) for _ in range(size))
        classes = {c.islower() + 2 * c.isupper() for c in text}
        if len(classes) == 3 and _class_switches(text) >= 4:
            return text


ALL_SHAPES = ("plain", "grouped", "symbols")
WORDLIKE = ("plain", "grouped")
"""Shapes that stay one token for a variable that is not secret (no spaces or quotes)."""


@st.composite
def secrets(
    draw: st.DrawFn,
    rng: random.Random,
    min_size: int = 12,
    max_size: int = 48,
    shapes: Sequence[str] = ALL_SHAPES,
) -> str:
    """A high-entropy secret of ``min_size``+ characters: plain, grouped or with symbols.

    Its characters come from ``rng``, one per project and seeded by hypothesis: secrets stay
    random and distinct even when hypothesis shrinks (it shrinks shapes and sizes)."""
    core = _mixed(rng, draw(st.integers(min_size, max_size)))
    shape = draw(st.sampled_from(shapes))
    if shape == "grouped":  # license-key style: Ab3D-9xQz-...
        step = draw(st.integers(4, 6))
        return "-".join(core[i : i + step] for i in range(0, len(core), step))
    if shape == "symbols":  # the first 8 characters stay plain, so a slice is searchable
        chars = list(core)
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(SLICE, len(chars)))
            chars.insert(at, draw(st.sampled_from(SYMBOLS)))
        return "".join(chars)
    return core


@st.composite
def weak_secrets(draw: st.DrawFn, rng: random.Random) -> str:
    """A generated secret that SL103 calls weak, yet distinctive enough to search for: a
    random 5-7 character cycle repeated, or 32+ characters from six letters only."""
    size = draw(st.integers(32, 48))
    if draw(st.booleans()):
        unit = _mixed(rng, draw(st.integers(5, 7)))
        return (unit * 10)[:size]
    letters = rng.sample("bcdfghjkmnpqrstvwxz", 6)
    return "".join(rng.choice(letters) for _ in range(size))


def searched_slices(secret: str) -> set[str]:
    """Every 8-character window of the secret made of characters no format escapes,
    lower-cased (a leak in another case, e.g. a lower-cased host, is still a leak)."""
    found = set()
    for i in range(len(secret) - SLICE + 1):
        window = secret[i : i + SLICE]
        if all(c in PLAIN for c in window):
            found.add(window.lower())
    return found


def leaks(text: str, planted: Sequence[str]) -> list[str]:
    """Slices of ``planted`` secrets found in ``text`` (case-insensitively)."""
    lowered = text.lower()
    return sorted({s for secret in planted for s in searched_slices(secret) if s in lowered})


# --- writing values in each file format ------------------------------------------------------


def dotenv_value(value: str, style: str) -> str:
    """``value`` written so that python-dotenv reads it back exactly."""
    if style == "bare" and all(c in PLAIN for c in value):
        return value
    if style == "single" and "'" not in value and "\\" not in value:  # \' escapes in '...'
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ts_string(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a TOML basic string


def url_password(value: str) -> str:
    return quote(value, safe="")


# --- projects --------------------------------------------------------------------------------


@dataclass
class Expect:
    """A finding that must be reported: ``code`` about ``variable`` (any variable when None)
    in ``path``; run under ``policy``."""

    code: str
    path: str
    variable: str | None = None
    policy: str = "staging"


@dataclass
class Project:
    files: dict[str, str] = field(default_factory=dict)
    secrets: list[str] = field(default_factory=list)
    expected: list[Expect] = field(default_factory=list)
    git: bool = False

    def line(self, path: str, text: str) -> int:
        """Append a line to an env file; its 1-based line number."""
        body = self.files.get(path, "")
        self.files[path] = body + text + "\n"
        return body.count("\n") + 1

    def plant(self, secret: str) -> str:
        self.secrets.append(secret)
        return secret

    def write(self, root: Path) -> None:
        for rel, text in self.files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="")


BACKEND_STAGING = "backend/.env.staging"
BACKEND_PRODUCTION = "backend/.env.production"
FRONTEND_STAGING = "frontend/.env.preview"
FRONTEND_PRODUCTION = "frontend/.env.production"
STUDIO_STAGING = "studio/.env.staging"
PULLED_STAGING = "frontend/.vercel/.env.preview.local"
PULLED_PRODUCTION = "frontend/.env.production.local"
IAC = ".railway/railway.ts"

GENERATED = ("JWT_SECRET_KEY", "SESSION_SECRET", "CSRF_SECRET")
VENDOR = {
    "SANITY_API_TOKEN": "sk",
    "SENDGRID_API_KEY": "SG.",
    "POSTHOG_PERSONAL_API_KEY": "phx_",
    "LEMON_SQUEEZY_API_KEY": "eyJ",
}
PASTED = {
    # a secret pasted into a variable that is not secret, and the rule that reports it
    "WORKERS": "SL504",
    "DEBUG": "SL504",
    "RATE_LIMIT_ENABLED": "SL504",
    "PYTHON_ENV": "SL501",
    "SENTRY_ENVIRONMENT": "SL205",
    "SENTRY_TRACES_SAMPLE_RATE": "SL205",
}
BROKEN = ("spaces", "unterminated", "after-quote", "whitespace", "glued-hash", "duplicate")


def _styles() -> st.SearchStrategy[str]:
    return st.sampled_from(("bare", "single", "double"))


@st.composite
def projects(draw: st.DrawFn) -> Project:
    """A three-service project with secrets planted in every kind of place."""
    p = Project(git=draw(st.booleans()))
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    railway_toml = draw(st.booleans())

    def env(path: str, key: str, value: str, style: str | None = None) -> None:
        p.line(path, f"{key}={dotenv_value(value, style or draw(_styles()))}")

    # -- backend, staging: generated secrets (strong, short or weak) and vendor tokens
    pasted = draw(st.lists(st.sampled_from(sorted(PASTED)), unique=True, max_size=3))
    if "PYTHON_ENV" not in pasted:
        p.line(BACKEND_STAGING, "PYTHON_ENV=staging")
    p.line(BACKEND_STAGING, "LEMON_SQUEEZY_TEST_MODE=true")
    for key in GENERATED:
        strength = draw(st.sampled_from(("strong", "short", "weak")))
        if strength == "short":
            value = p.plant(draw(secrets(rng, 12, 24)))  # < 32 in any shape
            p.expected.append(Expect("SL101", BACKEND_STAGING, key))
        elif strength == "weak":
            value = p.plant(draw(weak_secrets(rng)))
            p.expected.append(Expect("SL103", BACKEND_STAGING, key))
        else:
            value = p.plant(draw(secrets(rng, 32, 64)))
        env(BACKEND_STAGING, key, value)
    webhook_secret = p.plant(draw(secrets(rng, 32, 40)))  # Lemon Squeezy takes 6 to 40
    env(BACKEND_STAGING, "LEMON_SQUEEZY_WEBHOOK_SECRET", webhook_secret)
    for key, prefix in VENDOR.items():  # the vendor's shape: prefix, letters and digits
        env(BACKEND_STAGING, key, prefix + p.plant(draw(secrets(rng, 24, 64, shapes=("plain",)))))

    # -- passwords inside connection URLs (percent-encoded), one of them a placeholder
    db_password = p.plant(draw(secrets(rng, 16, 40)))
    host = "ep-quiet-meadow-a5k2x9wd-pooler.us-east-2.aws.neon.tech"
    env(
        BACKEND_STAGING,
        "DATABASE_URL",
        f"postgresql://shop_app:{url_password(db_password)}@{host}/shop?sslmode=require",
    )
    redis_password = p.plant(draw(secrets(rng, 16, 40)))
    env(
        BACKEND_STAGING,
        "REDIS_URL",
        f"redis://default:{url_password(redis_password)}@eu1-sunny-gecko-38112.upstash.io:6379",
    )
    p.expected.append(Expect("SL308", BACKEND_STAGING, "REDIS_URL"))

    # -- the canary: staging's JWT-like secret is production's too, and reused
    env(BACKEND_STAGING, "API_SIGNING_SECRET", p.plant(CANARY) + CANARY)
    env(BACKEND_PRODUCTION, "API_SIGNING_SECRET", CANARY + CANARY)
    p.expected.append(Expect("SL104", BACKEND_STAGING, "API_SIGNING_SECRET"))
    env(BACKEND_STAGING, "NOTIFY_SIGNING_SECRET", CANARY + CANARY)
    p.expected.append(Expect("SL105", BACKEND_STAGING))
    canary_url = f"postgresql://shop_app:{p.plant(URL_CANARY)}@{host}/shop?sslmode=require"
    env(BACKEND_STAGING, "DATABASE_URL_UNPOOLED", canary_url.replace("-pooler", ""))
    env(BACKEND_PRODUCTION, "DATABASE_URL_UNPOOLED", canary_url.replace("quiet", "loud"))

    # -- values shared with production, by the same or another variable
    for key in draw(st.lists(st.sampled_from(GENERATED), unique=True, max_size=2)):
        shared = p.plant(draw(secrets(rng, 32, 48)))
        env(BACKEND_STAGING, f"SHARED_{key}", shared)
        other = draw(st.sampled_from((f"SHARED_{key}", f"PRODUCTION_{key}")))
        env(BACKEND_PRODUCTION, other, shared)
        p.expected.append(Expect("SL104", BACKEND_STAGING, f"SHARED_{key}"))

    # -- secrets pasted into variables that are not secret
    for key in pasted:
        env(BACKEND_STAGING, key, p.plant(draw(secrets(rng, 12, 40, shapes=WORDLIKE))), "bare")
        p.expected.append(Expect(PASTED[key], BACKEND_STAGING, key))
    origin = p.plant(draw(secrets(rng, 12, 30, shapes=WORDLIKE)))
    env(BACKEND_STAGING, "CORS_ORIGINS", f"https://staging.example-shop.com,{origin}", "bare")
    p.expected.append(Expect("SL403", BACKEND_STAGING, "CORS_ORIGINS"))

    # -- malformed lines holding secrets (SL004/SL005 quote lines, never values)
    for n, kind in enumerate(draw(st.lists(st.sampled_from(BROKEN), unique=True, max_size=3))):
        key = f"BROKEN{n}_SECRET"
        one, two = (p.plant(draw(secrets(rng, 12, 40, shapes=WORDLIKE))) for _ in range(2))
        text = {
            "spaces": f"{key} = {one}",
            "unterminated": f'{key}="{one}',
            "after-quote": f"{key}='{one}' {two}",
            "whitespace": f"{key}={one} {two}",
            "glued-hash": f"{key}={one}#{two}",
            "duplicate": f"{key}={one}\n{key}={two}",
        }[kind]
        p.line(BACKEND_STAGING, text)
        p.expected.append(Expect("SL004" if kind == "duplicate" else "SL005", BACKEND_STAGING))

    # -- production: a short generated secret, judged by the production policy
    short = p.plant(draw(secrets(rng, 12, 24)))
    env(BACKEND_PRODUCTION, "JWT_SECRET_KEY", short)
    p.expected.append(Expect("SL101", BACKEND_PRODUCTION, "JWT_SECRET_KEY", "production"))
    env(BACKEND_PRODUCTION, "PYTHON_ENV", "production", "bare")

    # -- template: placeholders, and a real secret someone pasted by mistake
    p.line("backend/.env.example", "JWT_SECRET_KEY=<generate-strong-staging-secret-32chars+>")
    env("backend/.env.example", "SESSION_SECRET", p.plant(draw(secrets(rng))))

    # -- the backend's Railway config: secrets in a command, unknown keys, enum fields
    command = f"JWT_SECRET_KEY={CANARY} uvicorn app.main:app --host 0.0.0.0 --port $PORT"
    in_enum = p.plant(draw(secrets(rng, 12, 40, shapes=WORDLIKE)))
    field_name = draw(st.sampled_from(("restartPolicyType", "builder")))
    block = "build" if field_name == "builder" else "deploy"
    if railway_toml:
        p.files["backend/railway.toml"] = (
            f"[build]\n{'builder = ' + toml_string(in_enum) if block == 'build' else ''}\n"
            f"[deploy]\nstartCommand = {toml_string(command)}\nhealthcheckPath = '/health'\n"
            + (f"restartPolicyType = {toml_string(in_enum)}\n" if block == "deploy" else "")
        )
        config = "backend/railway.toml"
    else:
        data: dict[str, object] = {
            "build": {},
            "deploy": {"startCommand": command, "healthcheckPath": "/health"},
        }
        data[block][field_name] = in_enum  # type: ignore[index]
        p.files["backend/railway.json"] = json.dumps(data, indent=2) + "\n"
        config = "backend/railway.json"
    p.expected += [Expect("SL108", config), Expect("SL003", config)]

    # -- frontend (Vercel): public prefixes, vercel.json env, pasted URL, production
    public_key = draw(st.sampled_from(("NEXT_PUBLIC_API_TOKEN", "NEXT_PUBLIC_STRIPE_SECRET")))
    env(FRONTEND_STAGING, public_key, p.plant(draw(secrets(rng))))
    p.expected.append(Expect("SL106", FRONTEND_STAGING, public_key))
    personal_key = "phx_" + p.plant(draw(secrets(rng, 24, 48, shapes=("plain",))))
    env(FRONTEND_STAGING, "NEXT_PUBLIC_POSTHOG_KEY", personal_key)
    p.expected.append(Expect("SL106", FRONTEND_STAGING, "NEXT_PUBLIC_POSTHOG_KEY"))
    env(FRONTEND_STAGING, "NEXTAUTH_SECRET", p.plant(draw(secrets(rng, 32, 48))))
    env(
        FRONTEND_STAGING,
        "NEXTAUTH_URL",
        p.plant(draw(secrets(rng, 12, 30, shapes=WORDLIKE))),
        "bare",
    )
    p.expected.append(Expect("SL306", FRONTEND_STAGING, "NEXTAUTH_URL"))
    project_id = p.plant(draw(secrets(rng, 12, 30, shapes=("plain",))))  # pasted by mistake
    env(FRONTEND_STAGING, "NEXT_PUBLIC_SANITY_PROJECT_ID", project_id, "bare")
    p.expected.append(Expect("SL204", FRONTEND_STAGING, "NEXT_PUBLIC_SANITY_PROJECT_ID"))
    env(FRONTEND_PRODUCTION, "NEXTAUTH_SECRET", p.plant(draw(secrets(rng, 32, 48))))
    vercel_env = p.plant(draw(secrets(rng)))
    build_env = p.plant(draw(secrets(rng)))
    region = p.plant(draw(secrets(rng, 12, 30, shapes=WORDLIKE)))
    vercel_format = draw(st.sampled_from(("json", "toml", "ts")))
    if vercel_format == "ts":
        vercel_config = "frontend/vercel.ts"
        p.files[vercel_config] = (
            "import { routes, deploymentEnv, type VercelConfig } from '@vercel/config/v1'\n"
            "import { extra } from './extra'\n"
            f"const buildToken = {ts_string(build_env)}\n"
            "export const config: VercelConfig = {\n"
            "  framework: 'nextjs',\n"
            f"  regions: [{ts_string(region)}, ...extra],\n"
            f"  env: {{ API_SECRET: {ts_string(vercel_env)}, OTHER: deploymentEnv('X') }},\n"
            "  build: { env: { SENTRY_AUTH_TOKEN: buildToken } },\n"
            f"  redirects: [routes.redirect('/old', `/new?k=${{buildToken}}`)],\n"
            "}\n"
        )
    elif vercel_format == "json":
        vercel_config = "frontend/vercel.json"
        p.files[vercel_config] = json.dumps(
            {
                "framework": "nextjs",
                "regions": [region],
                "env": {"API_SECRET": vercel_env},
                "build": {"env": {"SENTRY_AUTH_TOKEN": build_env}},
            },
            indent=2,
            ensure_ascii=False,
        )
    else:
        vercel_config = "frontend/vercel.toml"
        p.files[vercel_config] = (
            f'framework = "nextjs"\nregions = [{toml_string(region)}]\n\n'
            f"[env]\nAPI_SECRET = {toml_string(vercel_env)}\n\n"
            f"[build.env]\nSENTRY_AUTH_TOKEN = {toml_string(build_env)}\n"
        )
    p.expected += [
        Expect("SL108", vercel_config, "API_SECRET"),
        Expect("SL605", vercel_config),
    ]

    # -- env files pulled from Vercel: the CLI's format (no escaping of quotes or
    # backslashes), [SENSITIVE] placeholders, a short secret and one shared with production
    pulled_short = p.plant(draw(secrets(rng, 12, 24)))
    pulled_shared = p.plant(draw(secrets(rng, 32, 48)))
    for path, vercel_env_name, extra in (
        (PULLED_STAGING, "preview", f'PULLED_SESSION_SECRET="{pulled_short}"\n'),
        (PULLED_PRODUCTION, "production", ""),
    ):
        p.files[path] = (
            "# Created by Vercel CLI\n"
            'NEXTAUTH_SECRET="[SENSITIVE]"\n'
            f"{extra}"
            f'PULLED_WEBHOOK_SECRET="{pulled_shared}"\n'
            'SANITY_API_TOKEN="[SENSITIVE]"\n'
            f'VERCEL_ENV="{vercel_env_name}"\n'
        )
    p.expected += [
        Expect("SL101", PULLED_STAGING, "PULLED_SESSION_SECRET"),
        Expect("SL104", PULLED_STAGING, "PULLED_WEBHOOK_SECRET"),
    ]

    # -- studio (Sanity): a token literal in the config, a secret under SANITY_STUDIO_
    token = p.plant(draw(secrets(rng, 24, 64)))
    p.files["studio/sanity.config.ts"] = (
        "import {defineConfig} from 'sanity'\n\n"
        "export default defineConfig({\n"
        "  name: 'default',\n"
        "  projectId: 'k7x9p2qd',\n"
        "  dataset: process.env.SANITY_STUDIO_DATASET || 'staging',\n"
        f"  token: {ts_string('sk' + token)},\n"
        "})\n"
    )
    p.expected.append(Expect("SL108", "studio/sanity.config.ts", "token"))
    env(STUDIO_STAGING, "SANITY_STUDIO_API_TOKEN", "sk" + p.plant(draw(secrets(rng, 24, 64))))
    p.expected.append(Expect("SL106", STUDIO_STAGING, "SANITY_STUDIO_API_TOKEN"))
    env(STUDIO_STAGING, "SANITY_STUDIO_DATASET", "staging", "bare")

    # -- the worker, in .railway/railway.ts: literals per environment, the same literal for
    # both, a generated secret too short, a secret in a command, an option and a wrong type
    iac_literal = p.plant(draw(secrets(rng, 32, 48)))
    short_staging = p.plant(draw(secrets(rng, 12, 24)))
    long_production = p.plant(draw(secrets(rng, 32, 48)))
    pasted_workers = p.plant(draw(secrets(rng, 12, 30, shapes=WORDLIKE)))
    in_option = p.plant(draw(secrets(rng, 12, 40, shapes=WORDLIKE)))
    in_timeout = p.plant(draw(secrets(rng, 12, 40, shapes=WORDLIKE)))
    in_command = p.plant(draw(secrets(rng, 32, 48, shapes=WORDLIKE)))
    helper_arg = p.plant(draw(secrets(rng, 12, 40)))
    other_branch = p.plant(draw(secrets(rng, 32, 48)))  # in an environment not evaluated
    branch_name = draw(st.sampled_from(("pr-7", "qa", "development")))
    p.files[IAC] = (
        'import { defineRailway, preserve, project, service } from "railway/iac";\n'
        'import { vault } from "./vault";\n\n'
        "export default defineRailway((ctx) => {\n"
        '  const prod = ctx.environment === "production";\n'
        '  const worker = service("worker", {\n'
        f"    start: {ts_string('WORKER_SECRET=' + in_command + ' python -m worker')},\n"
        f"    healthcheckTimeout: {ts_string(in_timeout)},\n"
        f"    restartPolicy: {{ type: {ts_string(in_option)} }},\n"
        "    env: {\n"
        f"      WORKER_SIGNING_SECRET: {ts_string(iac_literal)},\n"
        f"      WORKER_SESSION_SECRET: prod ? {ts_string(long_production)}"
        f" : {ts_string(short_staging)},\n"
        f"      WORKERS: {ts_string(pasted_workers)},\n"
        f"      FROM_VAULT: vault({ts_string(helper_arg)}),\n"
        "      KEPT: preserve(),\n"
        f"      PREVIEW_API_TOKEN: ctx.environment === {ts_string(branch_name)}"
        f" ? {ts_string(other_branch)} : preserve(),\n"
        '      WORKER_HMAC_SECRET: { value: ctx.randomString("hmac", 32) },\n'
        "    },\n"
        "  });\n"
        '  return project("shop", { resources: [worker] });\n'
        "});\n"
    )
    p.expected += [
        Expect("SL108", IAC, "WORKER_SIGNING_SECRET"),
        Expect("SL108", IAC, "PREVIEW_API_TOKEN"),
        Expect("SL109", IAC, "WORKER_HMAC_SECRET"),
        Expect("SL104", IAC, "WORKER_SIGNING_SECRET"),
        Expect("SL101", IAC, "WORKER_SESSION_SECRET"),
        Expect("SL504", IAC, "WORKERS"),
        Expect("SL108", IAC),
        Expect("SL002", IAC),
        Expect("SL003", IAC),
    ]

    if p.git:
        p.expected.append(Expect("SL107", BACKEND_STAGING))
    return p


# --- running stagelint -----------------------------------------------------------------------


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str

    @property
    def text(self) -> str:
        return self.stdout + self.stderr


@contextlib.contextmanager
def _inside(directory: Path) -> Iterator[None]:
    before = os.getcwd()
    os.chdir(directory)
    try:
        yield
    finally:
        os.chdir(before)


def invoke(args: Sequence[str], cwd: Path) -> Outcome:
    """``stagelint ARGS`` in this process: its exit code, and everything it printed or
    logged (a handler on the root logger catches what pytest's log capture would take)."""
    import logging

    out, err = io.StringIO(), io.StringIO()
    handler = logging.StreamHandler(err)
    root_logger = logging.getLogger()
    root_logger.addHandler(handler)
    try:
        with _inside(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        root_logger.removeHandler(handler)
    return Outcome(code, out.getvalue(), err.getvalue())


def console(args: Sequence[str], cwd: Path, *, env: dict[str, str] | None = None) -> Outcome:
    """``stagelint ARGS`` through the installed console script."""
    done = subprocess.run(
        [str(SCRIPT), *args],
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


def findings(run: Outcome) -> set[tuple[str, str, str | None]]:
    """(code, path, variable) of each diagnostic of a ``--format json`` run."""
    data = json.loads(run.stdout)
    return {(d["code"], d["path"], d["variable"]) for d in data["diagnostics"]}


def assert_reported(run: Outcome, expected: Sequence[Expect], policy: str) -> None:
    """Every expected finding of ``policy`` was reported: the messages existed to leak."""
    found = findings(run)
    for want in expected:
        if want.policy != policy:
            continue
        hit = any(
            code == want.code and path == want.path and want.variable in (None, variable)
            for code, path, variable in found
        )
        assert hit, f"{want} was not reported; found {sorted(found)}"


def git_init(root: Path) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True, capture_output=True, timeout=30)


def has_command(name: str) -> bool:
    return name in getattr(cli, "commands", {})


def written_files(root: Path, inputs: set[str]) -> dict[str, str]:
    """Every file under ``root`` that the test did not write itself (outside ``.git``)."""
    found = {}
    for path in root.rglob("*"):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel not in inputs and not rel.startswith(("shop/.git/", ".git/")):
            found[rel] = path.read_text(encoding="utf-8", errors="replace")
    return found


# --- the property ----------------------------------------------------------------------------


@settings(
    max_examples=examples(ci=12, deep=400),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(project=projects(), data=st.data())
def test_no_command_prints_or_writes_a_secret(project: Project, data: st.DataObject) -> None:
    """Every format, every command, every file written: no slice of any planted secret."""
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        root = scratch / "shop"
        project.write(root)
        if project.git:
            git_init(root)
        inputs = {f"shop/{rel}" for rel in project.files}
        out = scratch / "out"
        out.mkdir()
        runs: dict[str, Outcome] = {}

        def run(name: str, *args: str, cwd: Path = scratch) -> Outcome:
            runs[name] = outcome = invoke(args, cwd)
            return outcome

        staging = run("check json", "check", "shop", "--format", "json")
        assert staging.code == 1, staging.stderr
        assert_reported(staging, project.expected, "staging")
        forked = run("two processes", "check", "shop", "--format", "json", "--jobs", "2")
        assert (forked.code, forked.stdout) == (1, staging.stdout)
        production = run(
            "production", "check", "shop", "--format", "json", "--policy", "production"
        )
        assert_reported(production, project.expected, "production")
        for fmt in FORMATS:
            assert run(f"check {fmt}", "check", "shop", "--format", fmt).code == 1
        fmt = data.draw(st.sampled_from(FORMATS), label="--output-file format")
        run("output file", "check", "shop", "--format", fmt, "-o", str(out / f"report.{fmt}"))
        run("debug", "check", "shop", "--debug", "--format", "text")
        for fmt in ("text", "json"):
            run(f"statistics {fmt}", "check", "shop", "--statistics", "--format", fmt)

        baseline = out / "baseline.json"
        assert run("write baseline", "check", "shop", "--write-baseline", str(baseline)).code == 0
        assert run("baseline", "check", "shop", "--baseline", str(baseline)).code == 0
        assert_hashes_only(json.loads(baseline.read_text())["entries"], "value")

        files = [BACKEND_PRODUCTION, FRONTEND_PRODUCTION]
        # production's short JWT_SECRET_KEY is left out (too weak to fingerprint): exit 1
        assert run("fingerprint", "fingerprint", *files, cwd=root).code == 1
        fingerprints = root / ".stagelint" / "production.fingerprints"
        assert_hashes_only(json.loads(fingerprints.read_text())["fingerprints"], "hash")
        with_fingerprints = run("check fingerprints", "check", "shop", "--format", "json")
        assert_reported(with_fingerprints, project.expected, "staging")

        if has_command("explain"):
            variable = data.draw(st.sampled_from(EXPLAINED), label="explain variable")
            rule = data.draw(st.sampled_from(("SL101", "SL104", "SL106", "SL403")), label="rule")
            explain_format = data.draw(st.sampled_from(("text", "json", "markdown", "html")))
            project_args = ("--project", "shop", "--format", explain_format)
            # the tour in every format: the picture as ASCII boxes, Mermaid, SVG, JSON
            for tour_format in ("text", "markdown", "html", "json"):
                run(f"tour {tour_format}", "explain", "--project", "shop", "--format", tour_format)
            tour_file = out / "tour.html"
            run("tour -o", "explain", "--project", "shop", "--format", "html", "-o", str(tour_file))
            assert tour_file.is_file()
            runs["picture, Unicode and colour"] = Outcome(0, terminal_picture(root), "")
            run("explain variable", "explain", variable, *project_args)
            run("explain rule", "explain", rule, *project_args)

        for name, outcome in runs.items():
            note(f"{name}: exit {outcome.code}")
            found = leaks(outcome.text, project.secrets)
            assert not found, f"{name} leaks {found[:3]}:\n{outcome.text[:3000]}"
        for rel, text in written_files(scratch, inputs).items():
            found = leaks(text, project.secrets)
            assert not found, f"{rel} leaks {found[:3]}"


def terminal_picture(root: Path) -> str:
    """The picture as a colour terminal shows it (Unicode boxes and the list, through rich,
    at a wide and a narrow width): the CLI under test is piped, so it draws ASCII."""
    from rich.console import Console

    from stagelint.explain.document import Document, Figure
    from stagelint.explain.picture.graph import build_picture, notes
    from stagelint.explain.render import to_rich
    from stagelint.explain.survey import survey

    picture = build_picture(survey(root))
    document = Document("picture", [Figure(picture, notes(picture))])
    text = []
    for width in (132, 60):
        console = Console(file=io.StringIO(), force_terminal=True, width=width)
        to_rich(document, console)
        text.append(console.file.getvalue())  # type: ignore[attr-defined]
    return "\n".join(text)


EXPLAINED = (
    "JWT_SECRET_KEY",
    "API_SIGNING_SECRET",
    "DATABASE_URL",
    "DATABASE_URL_UNPOOLED",
    "CORS_ORIGINS",
    "WORKERS",
    "NEXT_PUBLIC_POSTHOG_KEY",
    "SANITY_STUDIO_API_TOKEN",
    "NEXTAUTH_URL",
    "SENDGRID_API_KEY",
)


def assert_hashes_only(entries: list[dict[str, object]], field_name: str) -> None:
    """Baseline and fingerprint entries hold names and base64 hashes of 32 bytes, nothing
    that could be a value."""
    import base64

    assert entries
    for entry in entries:
        digest = entry.get(field_name)
        if digest is not None:
            assert isinstance(digest, str)
            assert len(base64.b64decode(digest, validate=True)) == 32


# --- error paths -----------------------------------------------------------------------------

SETTINGS_CASES = (
    'policy = "{s}"',
    'fail-on = "{s}"',
    'max-file-size = "{s}"',
    'select = ["{s}"]',
    'ignore = ["{s}"]',
    'extend-select = ["{s}"]',
    'severity = {{ SL101 = "{s}" }}',
    'severity = {{ {s} = "error" }}',
    'per-file-ignores = {{ "legacy/**" = ["{s}"] }}',
    'fingerprints = "{s}"',
    'secret-patterns = ["{s}("]',
    'exclude = "{s}"',
    'environments = "{s}"',
    '[services.api]\npath = "api"\nplatform = "{s}"',
    "{s} = 1",
    'policy = "{s}',
    'policy = """{s}',
    "select = [{s}]",
)
"""``stagelint.toml`` bodies that are invalid because of a value (or key) that is a secret."""

POLICY_CASES = (
    "rules: {{SL101: {s}}}",
    "rules: {{{s}: warning}}",
    "rules: {{SL101: {{severity: {s}}}}}",
    "rules: {{SL101: {{options: {{min_length: {s}}}}}}}",
    "rules: {{SL101: {{options: {{{s}: 1}}}}}}",
    "rules: {{SL605: {{options: {{extra_regions: [{s}]}}}}}}",
    "rules: {{SL103: {{options: {{{s}: [{s}]}}}}}}",
    "rules: {{SL203: {{options: {{production_datasets: [{s}]}}}}}}",
    "rules: {{SL401: {{options: {{allowed_wildcards: [{s}]}}}}}}",
    "rules: {{SL402: {{options: {{private_hosts: ['{s}/x']}}}}}}",
    "rules: {{SL404: {{options: {{allowed_wildcards: [{s}]}}}}}}",
    "rules: {{SL406: {{options: {{ignore_hosts: ['{s}/x']}}}}}}",
    "select: [{s}]",
    "ignore: [{s}]",
    "extends: {s}",
    "extends: {s}.yaml",
    "compare_with: [{s}]",
    "variables: {{railway: {{WORKERS: {{type: {s}}}}}}}",
    "variables: {{railway: {{WORKERS: {{type: int, equals: {s}}}}}}}",
    "variables: {{railway: {{WORKERS: {{pattern: '{s}('}}}}}}",
    "variables: {{railway: {{WORKERS: {{range: [{s}, 1]}}}}}}",
    "variables: {{{s}: {{}}}}",
    "environment_specific: {s}",
    "{s}: 1",
    "rules: {{SL101: !{s} x}}",
    "rules: {{SL101: !!{s} x}}",
    "rules: {{SL101: !<{s}'x> 1}}",  # a tag holding ' is quoted "..." by PyYAML (issue 13)
    'x: "\\{s}\\q"',
    "x: '{s}",
    "x: [{s}",
    "x: {s}: y",
    "x: &{s} 1",
)
"""Policy YAML bodies (after ``name: team``) that are invalid because of a secret."""


def one_secret() -> st.SearchStrategy[str]:
    """One secret, one token (as a config value would hold it)."""
    seeds = st.integers(0, 2**32 - 1)
    return seeds.flatmap(lambda seed: secrets(random.Random(seed), 12, 40, shapes=WORDLIKE))


def assert_clean_exception(exc: BaseException, planted: Sequence[str]) -> None:
    """The exception, and every exception a traceback would show with it, quotes nothing."""
    shown: BaseException | None = exc
    while shown is not None:
        texts = [str(shown), repr(shown), *map(str, shown.args)]
        found = leaks("\n".join(texts), planted)
        assert not found, f"{type(shown).__name__} carries {found}: {shown}"
        if shown.__cause__ is not None:
            shown = shown.__cause__
        elif shown.__context__ is not None and not shown.__suppress_context__:
            shown = shown.__context__
        else:
            shown = None


def _small_project(root: Path) -> None:
    (root / "api").mkdir(parents=True)
    (root / "api" / "railway.json").write_text('{"deploy": {"healthcheckPath": "/health"}}\n')
    # a secret, so that SL104 reads the fingerprint file a setting may name
    (root / "api" / ".env.staging").write_text(f"PYTHON_ENV=staging\nJWT_SECRET_KEY={CANARY}\n")


@pytest.mark.parametrize("case", SETTINGS_CASES)
@settings(max_examples=examples(ci=4, deep=200))
@given(secret=one_secret(), debug=st.booleans())
def test_invalid_settings_never_quote_a_secret(secret: str, case: str, debug: bool) -> None:
    """A secret pasted into stagelint.toml: one line, exit 2, the secret not in it."""
    with tempfile.TemporaryDirectory() as scratch_dir:
        root = Path(scratch_dir)
        _small_project(root)
        (root / "stagelint.toml").write_text(case.format(s=secret) + "\n")
        run = invoke(["check", ".", *(["--debug"] if debug else [])], root)
        assert run.code == 2, run.text
        assert len(run.stderr.strip().splitlines()) == 1 or debug, run.stderr
        assert not leaks(run.text, [secret]), run.text
        from stagelint.project.settings import load_settings

        with contextlib.suppress(StagelintError):
            load_settings(root)  # most cases fail here; the others later (policy, rules)
        try:
            load_settings(root)
        except StagelintError as exc:
            assert_clean_exception(exc, [secret])


@pytest.mark.parametrize("case", POLICY_CASES)
@settings(max_examples=examples(ci=4, deep=200))
@given(secret=one_secret())
def test_invalid_policies_never_quote_a_secret(secret: str, case: str) -> None:
    """A secret in a policy file given with ``--policy``: exit 2, one line, not quoted; the
    ConfigError itself carries no value (nor does any pydantic error it came from)."""
    from stagelint.policy.packs import load_policy
    from stagelint.policy.registry import load_registry

    with tempfile.TemporaryDirectory() as scratch_dir:
        root = Path(scratch_dir)
        _small_project(root)
        policy = root / "team.yaml"
        policy.write_text("name: team\n" + case.format(s=secret) + "\n")
        run = invoke(["check", ".", "--policy", "team.yaml"], root)
        assert run.code == 2, run.text
        assert len(run.stderr.strip().splitlines()) == 1, run.stderr
        assert not leaks(run.text, [secret]), run.text
        try:
            from stagelint.check.engine import active_rules
            from stagelint.project.settings import Settings

            registry = load_registry()
            active_rules(registry, load_policy(str(policy), registry), Settings())
        except (StagelintError, ValueError) as exc:
            assert_clean_exception(exc, [secret])
        else:
            pytest.fail(f"policy accepted: {case}")


@given(
    secret=one_secret(),
    option=st.sampled_from(("--select", "--ignore", "--extend-select", "--policy")),
)
def test_command_line_values_are_not_echoed(secret: str, option: str) -> None:
    """A secret pasted into an option (the shell history has it; CI logs must not)."""
    with tempfile.TemporaryDirectory() as scratch_dir:
        root = Path(scratch_dir)
        _small_project(root)
        run = invoke(["check", ".", option, secret], root)
        assert run.code == 2, run.text
        assert not leaks(run.text, [secret]), run.text


# --- a rule that crashes with a secret in its exception --------------------------------------


def _crashing_rule(exception: type[Exception]) -> type[Any]:
    """A plugin rule whose exception message quotes every secret it read: the engine must
    report the crash without the message, even under ``--debug``."""
    from stagelint.model.diagnostics import Severity
    from stagelint.policy.rule import Rule

    class LeakyCrash(Rule):
        """Reads every value, then fails with all of them in its message.

        ## What it checks
        Nothing; it crashes.
        """

        code = "XT901"
        name = "leaky-crash"
        default_severity = Severity.ERROR

        def check(self, ctx: Any) -> Iterator[Any]:
            values = [
                var.value.reveal()
                for env_file in ctx.project.env_files
                for var in env_file.variables
                if var.value is not None
            ]
            raise exception(f"cannot judge {values}")
            yield  # a generator, like every rule

    return LeakyCrash


def _context(root: Path) -> Any:
    from stagelint.policy.context import Context
    from stagelint.policy.packs import load_policy
    from stagelint.policy.registry import load_registry
    from stagelint.project.loader import load_project
    from stagelint.project.settings import Settings

    return Context(load_project(root, Settings()), load_policy("staging", load_registry()))


@pytest.mark.parametrize("exception", [RuntimeError, KeyError, ValueError])
@pytest.mark.parametrize("debug", [False, True])
def test_a_crashing_rule_does_not_print_its_message(
    tmp_path: Path, exception: type[Exception], debug: bool
) -> None:
    from stagelint.policy import registry as registries
    from stagelint.policy.registry import Plugin, load_registry

    _small_project(tmp_path)
    rule = _crashing_rule(exception)
    with pytest.raises(exception, match=CANARY):  # the message holds the secret to leak
        list(rule().check(_context(tmp_path)))
    crashing = load_registry([Plugin("leaky", rules=lambda: [rule])])
    args = ["check", ".", "--select", "XT901", *(["--debug"] if debug else [])]
    with mock.patch.object(registries, "load_registry", lambda extra=(): crashing):
        run = invoke(args, tmp_path)
    assert run.code == 2
    assert "internal error in rule XT901 (leaky-crash)" in run.stderr
    assert ("Traceback" in run.stderr) == debug  # the traceback, messages redacted
    assert not leaks(run.text, [CANARY]), run.text


@pytest.mark.parametrize("jobs", ["1", "3"])
def test_a_crashing_rule_loses_only_its_own_findings(tmp_path: Path, jobs: str) -> None:
    """The other rules still report, the ``-o`` report is still written, and the crash is
    one line after it (exit code 2): a rule that fails cannot hide the others' findings."""
    from stagelint.policy import registry as registries
    from stagelint.policy.registry import Plugin, load_registry

    _small_project(tmp_path)
    crashing = load_registry([Plugin("leaky", rules=lambda: [_crashing_rule(ValueError)])])
    report = tmp_path / "report.json"
    args = ["check", ".", "--select", "SL101,XT901", "--format", "json", "-o", str(report)]
    with mock.patch.object(registries, "load_registry", lambda extra=(): crashing):
        run = invoke([*args, "--jobs", jobs], tmp_path)
    assert run.code == 2
    assert run.stderr.strip().splitlines() == [
        "stagelint: error: internal error in rule XT901 (leaky-crash): ValueError; its "
        "findings are missing, every other rule's are reported (run with --debug for the "
        "traceback)"
    ]
    found = [d["code"] for d in json.loads(report.read_text())["diagnostics"]]
    assert found == ["SL101"]
    assert not leaks(run.text + report.read_text(), [CANARY])


def test_a_crashing_built_in_rule_does_not_print_its_message(tmp_path: Path) -> None:
    """The same through a built-in rule's ``check`` (SL101, the one reading the canary)."""
    from stagelint.policy.registry import load_registry

    _small_project(tmp_path)
    rule = load_registry().get("SL101")
    assert rule is not None
    leaky = _crashing_rule(RuntimeError).check
    with mock.patch.object(rule, "check", leaky):
        for args in (
            ["check", "."],
            ["check", ".", "--debug", "--format", "json"],
            ["check", ".", "--jobs", "3"],  # crashes in a worker, reported by the parent
        ):
            run = invoke(args, tmp_path)
            assert run.code == 2
            assert "SL101" in run.stderr
            assert not leaks(run.text, [CANARY]), run.text


# --- the console script, for a few representative runs ---------------------------------------

FIXED = {
    "short": "Sh0rtK3yQ9xW2vLp",
    "weak": "Wk4zQ1Wk4zQ1Wk4zQ1Wk4zQ1Wk4zQ1Wk4zQ1",
    "url": "Ur7PwX2qLk9Zt4Mn",
    "public": "Pb5Xq8Lz2Vn7Kt3Rw9",
    "vercel": "Vc2Nq7Xz4Lp9Wt6Kr",
    "sanity": "Sn8Kq3Xv6Lz1Wp4Rt7Yb2",
    "pasted": "Ps3Qz8Xw1Lk6Vn9Rt",
    "enum": "En4Wq9Xz2Lv7Kp3Tr",
}
"""One secret per kind of place, fixed: a project every console-script run can share."""


def fixed_project(root: Path) -> None:
    s = FIXED
    files = {
        BACKEND_STAGING: (
            f"PYTHON_ENV=staging\nJWT_SECRET_KEY={s['short']}\nSESSION_SECRET={s['weak']}\n"
            f"API_SIGNING_SECRET={CANARY}{CANARY}\n"
            f"DATABASE_URL=postgresql://app:{s['url']}@ep-x-pooler.us-east-2.aws.neon.tech/db"
            "?sslmode=require\n"
            f"WORKERS={s['pasted']}\nBROKEN_SECRET = {s['pasted']}x\n"
        ),
        BACKEND_PRODUCTION: f"API_SIGNING_SECRET={CANARY}{CANARY}\n",
        "backend/railway.json": json.dumps(
            {"deploy": {"healthcheckPath": "/health", "restartPolicyType": s["enum"]}}
        ),
        FRONTEND_STAGING: f"NEXT_PUBLIC_API_TOKEN={s['public']}\n",
        FRONTEND_PRODUCTION: f"NEXTAUTH_SECRET={CANARY}\n",
        "frontend/vercel.json": json.dumps({"env": {"API_SECRET": s["vercel"]}}),
        "studio/sanity.config.ts": (
            "export default defineConfig({projectId: 'k7x9p2qd', dataset: 'staging', "
            f"token: 'sk{s['sanity']}'}})\n"
        ),
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


CONSOLE_RUNS = [
    ["check", "shop"],
    ["check", "shop", "--format", "json"],
    ["check", "shop", "--format", "sarif"],
    ["check", "shop", "--format", "github"],
    ["check", "shop", "--format", "junit", "-o", "report.xml"],
    ["check", "shop", "--debug", "--policy", "production"],
    ["check", "shop", "--write-baseline", "baseline.json"],
    ["fingerprint", "shop/backend/.env.production", "-o", "production.fingerprints"],
    ["explain", "--project", "shop"],
    ["explain", "JWT_SECRET_KEY", "--project", "shop"],
    ["explain", "WORKERS", "--project", "shop", "--format", "json"],
    ["explain", "SL101"],
    ["rules"],
    ["rules", "--format", "json"],
]


def test_console_script_never_prints_or_writes_a_secret(tmp_path: Path) -> None:
    """The installed script, as CI runs it: outputs and written files are clean, and the
    findings that could have quoted the secrets were there."""
    fixed_project(tmp_path / "shop")
    planted = [CANARY, *FIXED.values()]
    json_run = console(["check", "shop", "--format", "json"], tmp_path)
    flagged = {(code, variable) for code, _path, variable in findings(json_run)}
    for wanted in [
        ("SL101", "JWT_SECRET_KEY"),
        ("SL103", "SESSION_SECRET"),
        ("SL104", "API_SIGNING_SECRET"),
        ("SL504", "WORKERS"),
        ("SL106", "NEXT_PUBLIC_API_TOKEN"),
        ("SL108", "API_SECRET"),
        ("SL108", "token"),
        ("SL003", None),
    ]:
        assert wanted in flagged, f"{wanted} not reported: {sorted(flagged)}"
    for args in CONSOLE_RUNS:
        if args[0] in ("explain", "rules") and not has_command(args[0]):
            continue
        run = console(args, tmp_path)
        assert "Traceback" not in run.stderr or "--debug" in args
        assert not leaks(run.text, planted), f"{args}: {run.text[:2000]}"
    for path in tmp_path.iterdir():
        if path.is_file():
            assert not leaks(path.read_text(), planted), path.name


def test_console_script_error_paths_never_print_a_secret(tmp_path: Path) -> None:
    fixed_project(tmp_path / "shop")
    (tmp_path / "team.yaml").write_text(f"name: team\nrules: {{SL101: {CANARY}}}\n")
    (tmp_path / "shop" / "stagelint.toml").write_text(f'select = ["{CANARY}"]\n')
    for args in (
        ["check", "shop"],
        ["check", "shop", "--debug"],
        ["check", "shop", "--config", "/dev/null", "--policy", "team.yaml"],
        ["check", "shop", "--config", "/dev/null", "--ignore", CANARY],
    ):
        run = console(args, tmp_path)
        assert run.code == 2, run.text
        assert not leaks(run.text, [CANARY]), f"{args}: {run.text}"


# --- deployed values (--env-file) ------------------------------------------------------------

DEPLOYED_FORMATS = ("railway-json", "railway-kv", "vercel-pull", "dotenv")


def deployed_text(fmt: str, bindings: dict[str, str], vercel_env: str = "preview") -> str:
    """``bindings`` written as each platform's CLI prints them (sorted by key); a Vercel
    pull says which environment it holds (``VERCEL_ENV``)."""
    ordered = dict(sorted(bindings.items()))
    if fmt == "railway-json":
        return json.dumps(ordered, indent=2, ensure_ascii=False) + "\n"
    if fmt == "railway-kv":
        return "".join(f"{key}={value}\n" for key, value in ordered.items())
    if fmt == "vercel-pull":
        ordered = dict(sorted({**ordered, "VERCEL_ENV": vercel_env}.items()))
        lines = [f'{key}="{value}"' for key, value in ordered.items()]
        return "# Created by Vercel CLI\n" + "\n".join(lines) + "\n"
    return "".join(f"{key}={dotenv_value(value, 'double')}\n" for key, value in ordered.items())


@pytest.mark.parametrize("fmt", DEPLOYED_FORMATS)
@settings(
    max_examples=examples(ci=3, deep=100),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    seed=st.integers(0, 2**32 - 1),
    production_fmt=st.sampled_from(DEPLOYED_FORMATS),
    data=st.data(),
)
def test_deployed_values_are_never_printed(
    seed: int, fmt: str, production_fmt: str, data: st.DataObject
) -> None:
    """Files of deployed values (``--env-file``, ``STAGELINT_ENV_FILES``) in each format the
    platforms' CLIs print: every output format, the tour, variables, fingerprints and the
    error paths of a bad file show no slice of a planted secret, and the findings that could
    have quoted them are reported at the file's source."""
    rng = random.Random(seed)
    short = data.draw(secrets(rng, 12, 24, shapes=WORDLIKE))
    weak = data.draw(weak_secrets(rng))
    password = data.draw(secrets(rng, 16, 32, shapes=WORDLIKE))
    shared = data.draw(secrets(rng, 40, 48))
    pasted = data.draw(secrets(rng, 12, 30, shapes=WORDLIKE))
    planted = [short, weak, password, shared, pasted]
    staging = {
        "PYTHON_ENV": "staging",
        "JWT_SECRET_KEY": short,
        "SESSION_SECRET": weak,
        "DATABASE_URL": f"postgresql://app:{url_password(password)}@ep-x.us-east-2.aws.neon.tech/db",
        "WORKERS": pasted,
        "API_SIGNING_SECRET": shared,
        "CSRF_SECRET": shared,
        "NEXTAUTH_SECRET": "[SENSITIVE]",
    }
    production = {"API_SIGNING_SECRET": shared, "PYTHON_ENV": "production"}
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        root = scratch / "shop"
        (root / "backend").mkdir(parents=True)
        (root / "stagelint.toml").write_text("")
        (root / "backend" / "railway.json").write_text('{"deploy": {"healthcheckPath": "/h"}}')
        pulled = scratch / "pulled"  # outside the project, as $RUNNER_TEMP is
        pulled.mkdir()
        (pulled / "staging").write_text(deployed_text(fmt, staging))
        (pulled / "production").write_text(deployed_text(production_fmt, production, "production"))
        spec = f"backend:staging={pulled / 'staging'}"
        runs: dict[str, Outcome] = {}

        def run(name: str, *args: str, cwd: Path = scratch) -> Outcome:
            runs[name] = outcome = invoke(args, cwd)
            return outcome

        first = run("json", "check", "shop", "--env-file", spec, "--format", "json")
        assert first.code == 1, first.text
        source = json.loads(first.stdout)["diagnostics"]
        found = {(d["code"], d["variable"]) for d in source if d["path"] is None}
        for wanted in [
            ("SL101", "JWT_SECRET_KEY"),
            ("SL103", "SESSION_SECRET"),
            ("SL504", "WORKERS"),
            ("SL105", "CSRF_SECRET"),
            ("SL301", "DATABASE_URL"),
        ]:
            assert wanted in found, f"{wanted} not reported from {fmt}: {sorted(found)}"
        assert ("SL101", "NEXTAUTH_SECRET") not in found  # [SENSITIVE] is no value
        assert {d["source"] for d in source if d["path"] is None} <= {
            f"{platform}:backend/staging" for platform in ("railway", "vercel", "env-file")
        }
        for output in FORMATS:
            run(f"check {output}", "check", "shop", "--env-file", spec, "--format", output)
        out = scratch / "out"
        out.mkdir()
        run(
            "output file",
            "check",
            "shop",
            "--env-file",
            spec,
            "--format",
            "sarif",
            "-o",
            str(out / "report.sarif"),
        )
        run("statistics", "check", "shop", "--env-file", spec, "--statistics")
        run("debug", "check", "shop", "--env-file", spec, "--debug")
        with mock_environ({"STAGELINT_ENV_FILES": spec}):
            via_environment = run("environment", "check", "shop", "--format", "json")
        assert via_environment.stdout == first.stdout
        fingerprints = out / "production.fingerprints"
        written = run(
            "fingerprint",
            "fingerprint",
            str(pulled / "production"),
            "--service",
            "backend",
            "-o",
            str(fingerprints),
            cwd=root,
        )
        assert written.code == 0, written.text
        assert_hashes_only(json.loads(fingerprints.read_text())["fingerprints"], "hash")
        (root / "stagelint.toml").write_text('fingerprints = "production.fingerprints"\n')
        (root / "production.fingerprints").write_text(fingerprints.read_text())
        compared = run("fingerprints", "check", "shop", "--env-file", spec, "--format", "json")
        assert ("SL104", "API_SIGNING_SECRET") in {
            (d["code"], d["variable"]) for d in json.loads(compared.stdout)["diagnostics"]
        }
        if has_command("explain"):
            for tour_format in ("text", "markdown", "html", "json"):
                run(
                    f"tour {tour_format}",
                    "explain",
                    "--project",
                    "shop",
                    "--env-file",
                    spec,
                    "--format",
                    tour_format,
                )
            run(
                "explain variable",
                "explain",
                "JWT_SECRET_KEY",
                "--project",
                "shop",
                "--env-file",
                spec,
            )
        # bad files: the error quotes no value of the file
        (pulled / "broken").write_text(json.dumps(staging)[:-3])
        (pulled / "numbers").write_text(json.dumps({"A": 1, "JWT_SECRET_KEY": short}))
        for bad in ("broken", "numbers"):
            failed = run(bad, "check", "shop", "--env-file", f"backend:staging={pulled / bad}")
            assert failed.code == 2 and failed.stdout == "", failed.text
            assert failed.stderr.count("\n") == 1, failed.stderr
        for name, outcome in runs.items():
            note(f"{name}: exit {outcome.code}")
            leaked = leaks(outcome.text, planted)
            assert not leaked, f"{name} leaks {leaked[:3]}:\n{outcome.text[:3000]}"
        for rel, text in written_files(out, set()).items():
            assert not leaks(text, planted), f"{rel} leaks"


@contextlib.contextmanager
def mock_environ(values: dict[str, str]) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


# --- secrets holding `$`, braces, quotes and backslashes (issue 13) ----------------------------

HOSTILE = ("$", "{", "}", "#", "'", '"', "\\", "=", "${", "${{", "}}", "$$", " ")
"""What a password generator may put in a secret, and what a loader might take for syntax:
a ``$`` with the random text after it is *not* a reference for python-dotenv (only
``${...}`` is, and Railway's ``${{...}}``), yet must never be printed as one."""
DOLLAR_PLACES = {
    # variable, how the value is built around the secret, rule kinds that read it
    "JWT_SECRET_KEY": "{s}",
    "SESSION_SECRET": "{s}",
    "DATABASE_URL": "postgresql://app:{s}@ep-x-pooler.us-east-2.aws.neon.tech/db?sslmode=require",
    "WORKERS": "{s}",
    "NEXT_PUBLIC_API_TOKEN": "{s}",
    "CORS_ORIGINS": "https://a.example.com,{s}",
}


@st.composite
def dollar_secrets(draw: st.DrawFn, rng: random.Random) -> str:
    """A random secret with 1-4 pieces of dotenv/reference syntax inserted after its first
    8 characters (so every secret keeps a searchable slice)."""
    chars = list(_mixed(rng, draw(st.integers(16, 40))))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(SLICE, len(chars)))
        chars.insert(at, draw(st.sampled_from(HOSTILE)))
    return "".join(chars)


def dotenv_exact(value: str, style: str) -> str:
    """``value`` written in ``style`` (bare, single or double quotes) when python-dotenv,
    interpolation off, reads exactly it back that way; else in double quotes."""
    import logging

    from dotenv import dotenv_values

    candidates = {
        "bare": value,
        "single": f"'{value}'",
        "double": '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"',
    }
    for text in (candidates[style], candidates["double"]):
        logging.disable(logging.WARNING)  # python-dotenv warns of what it cannot read
        try:
            read = dotenv_values(stream=io.StringIO(f"K={text}\n"), interpolate=False)
        finally:
            logging.disable(logging.NOTSET)
        if read.get("K") == value:
            return text
    raise AssertionError(f"cannot write {value!r} for python-dotenv")


@settings(
    max_examples=examples(ci=10, deep=300),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(seed=st.integers(0, 2**32 - 1), data=st.data())
def test_secrets_with_dollars_and_quotes_are_never_printed(seed: int, data: st.DataObject) -> None:
    """Every quoting style, every command that reads values, every format: a ``$`` or a
    ``${...}`` inside a secret never makes stagelint print the text after it as a
    reference (``explain`` once printed ``built from `$xQ9m...` ``, SL006 ``${Kx9m...}``)."""
    rng = random.Random(seed)
    planted: list[str] = []
    lines: dict[str, list[str]] = {"api/.env.staging": [], "api/.env.production": []}
    for key, shape in DOLLAR_PLACES.items():
        secret = data.draw(dollar_secrets(rng), label=key)
        planted.append(secret)
        value = shape.format(s=secret)
        style = data.draw(st.sampled_from(("bare", "single", "double")), label=f"{key} quoting")
        for path in lines:
            lines[path].append(f"{key}={dotenv_exact(value, style)}")
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        root = scratch / "shop"
        files = {"api/railway.json": "{}\n", "web/vercel.json": "{}\n"}
        files |= {path: "\n".join(body) + "\n" for path, body in lines.items()}
        files["web/.env.preview"] = lines["api/.env.staging"][-2] + "\n"
        for rel, text in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)
        out = scratch / "out"
        out.mkdir()
        runs: dict[str, Outcome] = {}
        for fmt in FORMATS:
            runs[f"check {fmt}"] = invoke(["check", "shop", "--format", fmt], scratch)
        runs["check -o"] = invoke(["check", "shop", "-o", str(out / "r.sarif")], scratch)
        runs["baseline"] = invoke(
            ["check", "shop", "--write-baseline", str(out / "b.json")], scratch
        )
        runs["fingerprint"] = invoke(
            ["fingerprint", "shop/api/.env.production", "-o", str(out / "f.json")], scratch
        )
        for fmt in ("text", "markdown", "json", "html"):
            runs[f"tour {fmt}"] = invoke(["explain", "--project", "shop", "--format", fmt], scratch)
            for key in DOLLAR_PLACES:
                args = ["explain", key, "--project", "shop", "--format", fmt]
                runs[f"explain {key} {fmt}"] = run = invoke(args, scratch)
                assert run.code == 0, run.text
        for name, outcome in runs.items():
            found = leaks(outcome.text, planted)
            assert not found, f"{name} leaks {found[:3]}:\n{outcome.text[:3000]}"
        for rel, text in written_files(scratch, {f"shop/{rel}" for rel in files}).items():
            found = leaks(text, planted)
            assert not found, f"{rel} leaks {found[:3]}"
