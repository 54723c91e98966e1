"""Hostile and broken input, through the installed console script, with a timeout and a
measured peak memory on every run.

A pull request can add any file: malformed, mis-encoded, huge, deeply nested, a FIFO, a
symlink out of the repository, a YAML bomb. Each must end as a precise diagnostic (SL001 at
the offending line and column, or the SL004/SL005 the file deserves) or as one line on
stderr with exit code 2 — never a traceback, a hang or unbounded memory.

Cases already in ``tests/test_cli.py`` are not repeated here: the trailing comma in JSON,
TOML and TypeScript syntax errors, invalid UTF-8 and NUL in env files, a UTF-8 BOM, a
directory named ``railway.json``, CRLF positions, a 50 MB env file over the size limit,
symlink loops and symlinks out of the root, an unreadable file, a FIFO ``.env.staging``,
usage errors and a path that does not exist.

Memory bounds (peak RSS of the whole process, measured as ``tests/support.py`` explains):
a small project takes about 20 MiB, the interpreter and stagelint's imports, and no case
here takes more than 36 MiB — megabyte values, 10,000-deep nesting and 50 MB files (over
the size limit: never read) included — so every case must stay under :data:`SMALL_MIB`.
The exception is the 100,000-line env file, whose model holds 100,000 variables (~600 bytes
each with their three locations): :data:`LARGE_MIB`. Memory grows with what is read, each
file capped by ``max-file-size`` (10 MiB): about 60 times the size of an env file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support import Finished, run_measured, write_files

SCRIPT = Path(sys.executable).parent / "stagelint"

SMALL_MIB = 48
"""Every case but the 100,000-line file: 19-26 MiB measured (35 MiB when pydantic loads to
validate a policy), and 48 leaves room for other machines and Python versions."""
LARGE_MIB = 160
"""The 100,000-line env file: 82 MiB measured to parse it, 112 MiB with every rule (their
per-key caches); a structure quadratic in the number of variables would blow it."""
TIMEOUT = 60
"""Seconds for any case; the slowest (100,000 lines, every rule) takes about 7."""

Files = dict[str, "bytes | str"]
Diagnostic = tuple[str, str, int, int]


@dataclass(frozen=True)
class Case:
    """One hostile project: its files, what ``stagelint check`` must say, and its bounds."""

    name: str
    files: Files
    expected: list[Diagnostic] | None = None
    """Diagnostics of the ``select``-ed codes (code, path, line, column), in output order;
    None when only the exit code, time and memory matter."""
    error: str | None = None
    """Instead: exit code 2 and this text in the one-line error."""
    select: str = "SL001"
    args: tuple[str, ...] = ()
    """More options; ``{root}`` stands for the project's directory."""
    paths: tuple[str, ...] = ("{root}",)
    setup: Callable[[Path], None] | None = None
    """Filesystem tricks that files cannot express (symlinks, FIFOs, permissions)."""
    max_mib: float = SMALL_MIB
    permissions: bool = False
    """Run without root's power to read everything, so that file modes apply."""
    timeout: float = TIMEOUT
    """Seconds before the run counts as a hang; lower for cases that used to be slow."""


def api(files: Files) -> Files:
    """A Railway service ``api`` around ``files`` (unless they bring their own config)."""
    if not any(name.startswith("api/railway.") for name in files):
        files = {"api/railway.json": "{}\n", **files}
    return files


def sl001(path: str, line: int, column: int) -> list[Diagnostic]:
    return [("SL001", path, line, column)]


RAILWAY = "api/railway.json"
RAILWAY_TOML = "api/railway.toml"
VERCEL = "web/vercel.json"
SANITY = "studio/sanity.config.ts"
ENV = "api/.env.staging"

# --- malformed files at every position class --------------------------------------------------

SYNTAX = [
    # JSON: truncated at each kind of token, stray and missing punctuation
    Case("json-truncated-in-string", api({RAILWAY: '{"deploy": {"healthcheckPath": "/he'}),
         sl001(RAILWAY, 1, 36)),
    Case("json-truncated-after-colon", api({RAILWAY: '{"deploy": {"healthcheckPath": '}),
         sl001(RAILWAY, 1, 32)),
    Case("json-truncated-in-array", {VERCEL: '{"regions": ["iad1",\n'}, sl001(VERCEL, 2, 1)),
    Case("json-trailing-comma-in-array", {VERCEL: '{\n  "regions": ["iad1", "sfo1",]\n}\n'},
         sl001(VERCEL, 2, 29)),
    Case("json-string-cut-by-newline", {VERCEL: '{\n  "framework": "next\n}\n'},
         sl001(VERCEL, 2, 21)),
    Case("json-missing-comma", api({RAILWAY: '{\n  "build": {}\n  "deploy": {}\n}\n'}),
         sl001(RAILWAY, 3, 3)),
    Case("json-empty-file", api({RAILWAY: ""}), sl001(RAILWAY, 1, 1)),
    Case("json-blank-file", api({RAILWAY: "\n\n  \n"}), sl001(RAILWAY, 4, 1)),
    Case("json-comment", api({RAILWAY: '{\n  // deploy\n  "deploy": {}\n}\n'}),
         sl001(RAILWAY, 2, 3)),
    Case("json-single-quotes", api({RAILWAY: "{'deploy': {}}"}), sl001(RAILWAY, 1, 2)),
    Case("json-nan", api({RAILWAY: '{"deploy": {"healthcheckTimeout": NaN}}'}),
         sl001(RAILWAY, 1, 35)),
    Case("json-two-documents", api({RAILWAY: "{}\n{}\n"}), sl001(RAILWAY, 2, 1)),
    Case("json-lone-cr-lines",
         api({RAILWAY: '{\r  "deploy": {\r    "healthcheckPath": "/health",\r  }\r}\r'}),
         sl001(RAILWAY, 3, 33)),
    Case("json-columns-count-characters",  # é, —, ✓ are one column each, not their bytes
         api({RAILWAY: '{"deploy": {"startCommand": "échoué — ✓", }}'}), sl001(RAILWAY, 1, 41)),
    Case("json-bom-then-error", api({RAILWAY: '\ufeff{"deploy": {,}}'}), sl001(RAILWAY, 1, 13)),
    # TOML
    Case("toml-truncated-header", api({RAILWAY_TOML: '[deploy\nhealthcheckPath = "/health"\n'}),
         sl001(RAILWAY_TOML, 1, 8)),
    Case("toml-unterminated-string",
         api({RAILWAY_TOML: '[deploy]\nstartCommand = "uvicorn app:app\n'}),
         sl001(RAILWAY_TOML, 2, 32)),
    Case("toml-trailing-comma-inline-table",
         api({RAILWAY_TOML: "[deploy]\nmultiRegionConfig = { us-west2 = { numReplicas = 1 }, }\n"}),
         sl001(RAILWAY_TOML, 2, 55)),
    Case("toml-missing-value", api({RAILWAY_TOML: "[deploy]\nhealthcheckPath =\n"}),
         sl001(RAILWAY_TOML, 2, 18)),
    Case("toml-duplicate-key",
         api({RAILWAY_TOML: '[deploy]\nhealthcheckPath = "/a"\nhealthcheckPath = "/b"\n'}),
         sl001(RAILWAY_TOML, 3, 23)),
    Case("toml-truncated-array", api({RAILWAY_TOML: '[build]\nwatchPatterns = ["src/**",'}),
         sl001(RAILWAY_TOML, 2, 27)),
    # TypeScript (tree-sitter): a truncated statement points at its start
    Case("ts-unterminated-string",
         {SANITY: "export default defineConfig({\n  projectId: 'k7x9p2qd',\n  dataset: 'stag\n})\n"},
         sl001(SANITY, 3, 17)),
    Case("ts-truncated", {SANITY: "export default defineConfig({\n  projectId: 'k7x9p2qd',\n"},
         sl001(SANITY, 1, 1)),
    Case("ts-unclosed-template", {SANITY: "export default defineConfig({\n  title: `Studio,\n})\n"},
         sl001(SANITY, 2, 10)),
    Case("ts-crlf", {SANITY: "export default defineConfig({\r\n  dataset: ,\r\n})\r\n"},
         sl001(SANITY, 2, 11)),
    # dotenv: what python-dotenv skips or reads differently is SL005, duplicates SL004
    Case("dotenv-unterminated-double-quote", api({ENV: 'A=1\nB="abc\nC=3\n'}),
         [("SL005", ENV, 2, 1)], select="SL005"),
    Case("dotenv-unterminated-quote-at-eof", api({ENV: "A=1\nB='abc"}),
         [("SL005", ENV, 2, 1)], select="SL005"),
    Case("dotenv-lone-cr-lines", api({ENV: "A=1\rB=2\rA=3\r"}), [("SL004", ENV, 3, 1)],
         select="SL004"),
    Case("dotenv-crlf-lines", api({ENV: "A=1\r\nB = 2\r\n"}), [("SL005", ENV, 2, 2)],
         select="SL005"),
    Case("dotenv-no-key", api({ENV: "=value\n"}), [("SL005", ENV, 1, 1)], select="SL005"),
    Case("dotenv-non-ascii-key", api({ENV: "CLÉ=1\n"}), [("SL005", ENV, 1, 1)], select="SL005"),
]  # fmt: skip

# --- encodings -------------------------------------------------------------------------------

ENCODINGS = [
    Case("utf16-le-env", api({ENV: "A=1\n".encode("utf-16")}), sl001(ENV, 1, 1)),
    Case("utf16-be-json", api({RAILWAY: b"\xfe\xff" + "{}".encode("utf-16-be")}),
         sl001(RAILWAY, 1, 1)),
    Case("utf16-without-bom", api({ENV: "A=1\n".encode("utf-16-le")}), sl001(ENV, 1, 2)),
    Case("utf32", {SANITY: "export default {}".encode("utf-32")}, sl001(SANITY, 1, 1)),
    Case("invalid-utf8-in-toml", api({RAILWAY_TOML: b"[deploy]\n\nstartCommand = \"caf\xe9\"\n"}),
         sl001(RAILWAY_TOML, 3, 20)),
    Case("invalid-utf8-in-ts", {SANITY: b"export default defineConfig({\n  title: '\xff'\n})\n"},
         sl001(SANITY, 2, 11)),
    Case("nul-in-env-line-3", api({ENV: b"A=1\nB=2\nC=x\x00y\n"}), sl001(ENV, 3, 4)),
    Case("bom-crlf-env-is-fine", api({ENV: b"\xef\xbb\xbfA=1\r\nB=2\r\n"}), []),
    Case("bom-env-first-key-is-clean", api({ENV: b"\xef\xbb\xbfA=1\nA=2\n"}),
         [("SL004", ENV, 2, 1)], select="SL004"),
]  # fmt: skip

# --- size and depth --------------------------------------------------------------------------

MIB = 1 << 20


def _deep_json(depth: int) -> str:
    return '{"build": {"watchPatterns": ' + "[" * depth + "]" * depth + "}}"


SIZE = [
    Case("1mb-unquoted-value", api({ENV: "JWT_SECRET_KEY=" + "x" * MIB + "\n"}), []),
    Case("1mb-quoted-value-with-escapes",
         api({ENV: 'SESSION_SECRET="' + "\\a" * (MIB // 2) + '"\n'}), []),
    Case("1mb-cors-list", api({ENV: "CORS_ORIGINS=" + ",".join(["https://a.example.com"] * 50_000) + "\n"}),
         []),
    Case("1mb-json-string", api({RAILWAY: json.dumps({"deploy": {"startCommand": "x" * MIB}})}), []),
    Case("1mb-toml-string", api({RAILWAY_TOML: '[deploy]\nstartCommand = "' + "\\t" * (MIB // 2) + '"\n'}),
         []),
    Case("1mb-ts-string", {SANITY: "export default defineConfig({title: '" + "x" * MIB + "'})\n"}, []),
    Case("100k-line-env", api({ENV: "".join(f"VAR_{i}=value{i}\n" for i in range(100_000))}), [],
         select="SL0", max_mib=LARGE_MIB),
    Case("100k-line-env-every-rule",  # no rule may be quadratic in the number of variables
         api({ENV: "".join(f"VAR_{i}=value{i}\n" for i in range(100_000))}), None,
         select="ALL", max_mib=LARGE_MIB),
    Case("50mb-railway-json", api({RAILWAY: b" " * (50 * MIB) + b"{}"}), sl001(RAILWAY, 1, 1)),
    Case("50mb-sanity-config", {SANITY: b"//" + b"x" * (50 * MIB)}, sl001(SANITY, 1, 1)),
    Case("10k-deep-json-arrays", api({RAILWAY: _deep_json(10_000)}), []),
    Case("10k-deep-json-objects", {VERCEL: '{"functions": ' + '{"a": ' * 10_000 + "1" + "}" * 10_001}, []),
    Case("10k-deep-toml-arrays", api({RAILWAY_TOML: "a = " + "[" * 10_000 + "]" * 10_000}),
         sl001(RAILWAY_TOML, 1, 105)),
    Case("10k-deep-toml-tables", api({RAILWAY_TOML: "\na = " + "{b=" * 10_000 + "1" + "}" * 10_000}),
         sl001(RAILWAY_TOML, 2, 305)),
    Case("10k-deep-ts", {SANITY: "export default defineConfig(" + "[" * 10_000 + "]" * 10_000 + ")\n"},
         []),
    Case("10k-deep-ts-unclosed", {SANITY: "export default defineConfig(" + "[{a: " * 5_000 + "\n"},
         sl001(SANITY, 1, 1)),
    Case("10k-deep-settings", api({"stagelint.toml": "select = " + "[" * 10_000 + "]" * 10_000}),
         error="stagelint.toml: invalid TOML: nested too deeply"),
    Case("10k-deep-fingerprints",
         api({ENV: "JWT_SECRET_KEY=Xq7PzR2mK9vLw4TnHb5Nc8Vd3Fg6Jk1Lm0Qw\n",
              ".stagelint/production.fingerprints": "[" * 10_000 + "]" * 10_000}),
         error=".stagelint/production.fingerprints: not valid JSON", select="ALL"),
    Case("10k-deep-baseline", api({"baseline.json": "[" * 10_000 + "]" * 10_000}),
         error="not a baseline file: nested too deeply", args=("--baseline", "{root}/baseline.json")),
    Case("2mb-settings", api({"pyproject.toml": "[tool.stagelint]\n#" + "x" * (2 * MIB) + "\n"}),
         error="pyproject.toml: over the size limit of 1.0 MiB for settings files"),
    Case("2mb-policy-from-settings",
         api({"stagelint.toml": 'policy = "team.yaml"\n',
              "team.yaml": "name: team\nenvironment_specific:\n" + "- X\n" * 700_000}),
         error="team.yaml: over the size limit of 1.0 MiB for policy files"),
    Case("10k-deep-policy", api({"team.yaml": "name: team\nx: " + "[" * 10_000 + "]" * 10_000}),
         error="invalid YAML", args=("--policy", "{root}/team.yaml")),
]  # fmt: skip

# --- YAML bombs --------------------------------------------------------------------------------

BILLION_LAUGHS = "name: bomb\n" + "".join(
    f"{name}: &{name} [{', '.join(['*' + prev] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip(["", "a", "b", "c", "d", "e", "f", "g", "h"], "abcdefghi", strict=True)
)

BOMBS = [
    Case("billion-laughs-policy-option", api({"bomb.yaml": BILLION_LAUGHS}),
         error="YAML anchors and aliases are not allowed in policy files",
         args=("--policy", "{root}/bomb.yaml")),
    Case("billion-laughs-policy-setting",
         api({"bomb.yaml": BILLION_LAUGHS, "stagelint.toml": 'policy = "bomb.yaml"\n'}),
         error="YAML anchors and aliases are not allowed in policy files"),
    Case("yaml-merge-key-bomb",
         api({"bomb.yaml": "name: m\nbase: &b {a: 1}\nrules:\n  <<: *b\n"}),
         error="YAML anchors and aliases are not allowed", args=("--policy", "{root}/bomb.yaml")),
    Case("yaml-python-tag", api({"tag.yaml": "name: !!python/object/apply:os.system ['touch x']\n"}),
         error="could not determine a constructor", args=("--policy", "{root}/tag.yaml")),
]  # fmt: skip

# --- the filesystem ------------------------------------------------------------------------------


def _link(name: str, target: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        link = root / name
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(target)

    return setup


def _fifo(name: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(root / name)

    return setup


def _unreadable(name: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        (root / name).chmod(0)

    return setup


def _drop_dac() -> tuple[str, ...]:
    """Root reads everything: drop the capabilities that allow it (as test_cli does)."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv to drop DAC capabilities")
    return (setpriv, "--bounding-set=-dac_override,-dac_read_search")


QUICK = 20
"""Seconds for cases that once ran for minutes or hours (or blocked); each takes about a
second now."""

OUTSIDE = "../outside"
"""A directory next to the project root, holding what no project file may reach."""

FILESYSTEM = [
    Case("symlinked-directory-out-of-root", api({ENV: "A=1\n"}), [],
         setup=_link("leak", OUTSIDE), select="SL0"),
    Case("symlinked-directory-loop", api({ENV: "A=1\n"}), [], setup=_link("api/loop", "..")),
    Case("symlinked-settings-out-of-root", api({}),
         error="stagelint.toml: a symbolic link out of the project root",
         setup=_link("stagelint.toml", f"{OUTSIDE}/settings.toml")),
    Case("settings-naming-a-policy-out-of-root", api({"stagelint.toml": 'policy = "../outside/team.yaml"\n'}),
         error="lies outside the project root"),
    Case("policy-extending-out-of-root",
         api({"stagelint.toml": 'policy = "team.yaml"\n', "team.yaml": "name: t\nextends: ../outside/team.yaml\n"}),
         error="lies outside the project root"),
    Case("symlinked-fingerprints-out-of-root",
         api({ENV: "JWT_SECRET_KEY=Xq7PzR2mK9vLw4TnHb5Nc8Vd3Fg6Jk1Lm0Qw\n"}),
         error="lies outside the project root", select="ALL",
         setup=_link(".stagelint/production.fingerprints", f"../{OUTSIDE}/production.fingerprints")),
    Case("unreadable-directory", {"api/railway.json": "{}\n", "web/vercel.json": "{}\n"},
         sl001("web", 1, 1), setup=_unreadable("web"), permissions=True),
    Case("unreadable-settings", api({"stagelint.toml": "select = ['SL1']\n"}),
         error="stagelint.toml: cannot read: Permission denied", setup=_unreadable("stagelint.toml"),
         permissions=True),
    Case("fifo-railway-json", {}, sl001(RAILWAY, 1, 1), setup=_fifo(RAILWAY)),
    Case("fifo-sanity-config", {}, sl001(SANITY, 1, 1), setup=_fifo(SANITY)),
    Case("fifo-settings-ignored", api({}), [], setup=_fifo("stagelint.toml")),
    Case("fifo-config-option", api({}), error="not a regular file", setup=_fifo("x.toml"),
         args=("--config", "{root}/x.toml")),
    Case("fifo-policy-option", api({}), error="unknown policy", setup=_fifo("p.yaml"),
         args=("--policy", "{root}/p.yaml")),
    # a baseline or fingerprint file the repository commits is read like any other file
    Case("baseline-link-to-dev-zero", api({}), error="baseline.json: not a regular file",
         setup=_link("baseline.json", "/dev/zero"), args=("--baseline", "{root}/baseline.json"),
         timeout=QUICK),
    Case("baseline-fifo", api({}), error="baseline.json: not a regular file",
         setup=_fifo("baseline.json"), args=("--baseline", "{root}/baseline.json"), timeout=QUICK),
    Case("11mb-baseline", api({"baseline.json": b" " * (11 * MIB) + b"{}"}),
         error="over the size limit of 10.0 MiB for baseline files",
         args=("--baseline", "{root}/baseline.json")),
    Case("fingerprints-fifo", api({ENV: "JWT_SECRET_KEY=Xq7PzR2mK9vLw4TnHb5Nc8Vd3Fg6Jk1Lm0Qw\n"}),
         None, select="ALL",
         setup=_fifo(".stagelint/production.fingerprints"), timeout=QUICK),
    # what stagelint writes: never through a link the repository commits
    Case("output-file-through-a-committed-link", api({ENV: "A=1\n"}),
         error="is a symbolic link inside the project",
         setup=_link("stagelint.sarif", f"{OUTSIDE}/settings.toml"),
         args=("-o", "{root}/stagelint.sarif")),
    Case("baseline-into-a-committed-directory-link", api({ENV: "A=1\n"}),
         error="is a symbolic link inside the project",
         setup=_link(".stagelint", OUTSIDE), args=("--write-baseline", "{root}/.stagelint/b.json")),
    Case("names-with-spaces-and-non-ascii",
         {"my api/railway.json": "{}\n", "my api/.env.staging": "A=1\nA=2\n",
          "sérvice ✓/vercel.json": "{}\n", "sérvice ✓/.env.preview ✓": "B=1\nB=2\n"},
         [("SL004", "my api/.env.staging", 2, 1), ("SL004", "sérvice ✓/.env.preview ✓", 2, 1)],
         select="SL004"),
    Case("names-with-newline-and-separators",
         {"we,b:x\n::error::y/railway.json": "{}\n", "we,b:x\n::error::y/.env.staging": "A=1\nA=2\n"},
         [("SL004", "we,b:x\n::error::y/.env.staging", 2, 1)], select="SL004"),
    Case("path-inside-project-that-does-not-exist", api({}), error="path does not exist",
         paths=("{root}/api/.env.nope",)),
    Case("broken-symlink-argument",  # the project is the directory around it (no marker)
         api({ENV: "A=1\nA=2\n"}), sl001(".env.preview", 1, 1),
         setup=_link("api/.env.preview", "nowhere"), paths=("{root}/api/.env.preview",)),
]  # fmt: skip

# --- small files that meant unbounded work (issue 13) ----------------------------------------


def _doubling_spreads(levels: int, first: str) -> str:
    """A few hundred bytes meaning 2**levels workspaces."""
    lines = [f"const a0 = [{first}]"]
    lines += [f"const a{i} = [...a{i - 1}, ...a{i - 1}]" for i in range(1, levels + 1)]
    return "\n".join([*lines, f"export default defineConfig(a{levels})"]) + "\n"


_WORKSPACE = "{name: 'w', basePath: '/w', projectId: 'k7x9p2qd', dataset: 'production'}"


def _fingerprints(**params: int) -> str:
    """A fingerprint file of one secret whose header claims other scrypt parameters."""
    from stagelint.policy.fingerprint import create, dumps

    data = json.loads(dumps(create([("api", "JWT_SECRET_KEY", "value", "x" * 40)])))
    return json.dumps({**data, **params})


_STAGING_SECRET = {ENV: "JWT_SECRET_KEY=Xq7PzR2mK9vLw4TnHb5Nc8Vd3Fg6Jk1Lm0Qw\n"}

BOUNDS = [
    Case("sanity-arrays-doubling-through-spreads",  # 18 minutes and 900 MB at 40 lines
         {SANITY: _doubling_spreads(40, _WORKSPACE)},
         [("SL001", SANITY, 5, 20)], timeout=QUICK),  # the spread that reaches the cap
    Case("sanity-empty-arrays-doubling-through-spreads", {SANITY: _doubling_spreads(40, "")},
         [("SL001", SANITY, 1, 1)], timeout=QUICK),
    Case("fingerprints-65-times-the-default-cost",  # inside the old limits: SL104 65x slower
         api({**_STAGING_SECRET, ".stagelint/production.fingerprints": _fingerprints(n=8192)}),
         error="n * r * p is over the limit", select="SL104"),
    Case("fingerprints-openssl-refuses",  # inside the old limits: crashed SL104
         api({**_STAGING_SECRET, ".stagelint/production.fingerprints": _fingerprints(n=65536, r=1)}),
         error="production.fingerprints: 'n' is over the limit", select="SL104"),
    Case("2mb-vercel-json-of-unknown-keys",  # 10 MiB: 227 s, 490 MiB, a "did you mean" each
         {VERCEL: json.dumps({f"k{i:07d}zq": 1 for i in range(MIB // 7)})},
         None, select="SL002", timeout=QUICK, max_mib=LARGE_MIB),
    Case("sanity-8000-workspaces-sl203",  # 45 s: SL203 compared every workspace with all
         {SANITY: "export default defineConfig([\n" + f"  {_WORKSPACE},\n" * 8_000 + "])\n"},
         None, select="SL001,SL203", timeout=QUICK, max_mib=96),
]  # fmt: skip

# --- one value no rule can judge: a finding or nothing, never the end of the run ----------------

DIGITS = "9" * 4_301
"""An integer Python refuses to convert (``int()`` stops at 4,300 digits): it ended the run
as an "internal error" in SL504, SL202, SL301, the railway.toml parser and the settings."""
_DEEP_JWT_HEADER = "eyJhIjp7" + "ImEiOnsi" * 2_000 + "YSI6MX0"  # {"a":{"a":... 2,000 deep


def _policy(body: str) -> Files:
    return api(
        {
            "stagelint.toml": 'policy = "team.yaml"\n',
            "team.yaml": f"name: team\nextends: staging\nvariables:\n  railway:\n    {body}\n",
        }
    )


VALUES = [
    Case("4301-digit-workers", api({ENV: f"WORKERS={DIGITS}\n"}), [], select="SL504"),
    Case("4301-digit-workers-out-of-range", {**_policy("WORKERS: {type: int, range: [1, 8]}"),
                                             ENV: f"WORKERS={DIGITS}\n"},
         [("SL504", ENV, 1, 1)], select="SL504"),
    Case("4301-digit-store-id",
         {**api({ENV: f"LEMON_SQUEEZY_STORE_ID={DIGITS}\n"}), "web/vercel.json": "{}\n",
          "web/.env.preview": "NEXT_PUBLIC_LEMON_SQUEEZY_STORE_ID=48213\n"},
         [("SL202", "web/.env.preview", 1, 1)], select="SL202"),
    Case("4301-digit-url-port",
         api({ENV: f"DATABASE_URL=postgresql://app:pw@db.internal:{DIGITS}/shop\n"}),
         [("SL306", ENV, 1, 1)], select="SL3"),
    Case("4301-digit-origin-port", api({ENV: f"CORS_ORIGINS=https://app.example.com:{DIGITS}\n"}),
         [("SL403", ENV, 1, 14)], select="SL4"),
    Case("4301-digit-railway-toml", api({RAILWAY_TOML: f"[deploy]\nhealthcheckTimeout = {DIGITS}\n"}),
         sl001(RAILWAY_TOML, 2, 22)),
    Case("4301-digit-railway-json-string",
         api({RAILWAY: '{"deploy": {"healthcheckTimeout": "' + DIGITS + '"}}'}),
         [("SL003", RAILWAY, 1, 35)], select="SL003"),
    Case("4301-digit-max-file-size", api({"stagelint.toml": f"max-file-size = {DIGITS}\n"}),
         error="stagelint.toml:1:17: invalid TOML: integer too large"),
    Case("1000-brackets-in-cors-origins", api({ENV: "CORS_ORIGINS=" + "[" * 1_000 + "\n"}),
         [("SL403", ENV, 1, 1)], select="SL4"),
    Case("jwt-header-nested-2000-deep",
         api({ENV: f"NEXT_PUBLIC_SUPABASE_ANON_KEY={_DEEP_JWT_HEADER}.eyJzdWIiOiIxIn0.c2ln\n"
                   f"LEMON_SQUEEZY_API_KEY={_DEEP_JWT_HEADER}.eyJzdWIiOiIxIn0.c2ln\n"}),
         None, select="ALL"),
    Case("policy-date-2024-13-45", _policy("WORKERS: {type: int, equals: 2024-13-45}"),
         error="team.yaml:5:34: invalid YAML: this value cannot be read as a date"),
    Case("policy-int-tag-on-a-word", _policy("WORKERS: {type: int, equals: !!int x}"),
         error="team.yaml:5:34: invalid YAML: this value cannot be read as an integer"),
    Case("policy-4301-digit-integer", _policy(f"WORKERS: {{type: int, equals: {DIGITS}}}"),
         error="team.yaml:5:34: invalid YAML: this value cannot be read as an integer"),
]  # fmt: skip

# --- regular expressions from the repository's own settings and policies (issue 13) -----------

_NESTED = "^(a+)+$"
"""Exponential for a backtracking engine: 24 characters took 2.4 s with Python's re."""
_LONG_A = "a" * 40 + "_x"

REGEXES = [
    Case("nested-quantifier-in-secret-patterns",
         api({"stagelint.toml": f'secret-patterns = ["{_NESTED}"]\n', ENV: f"{_LONG_A}=1\n"}),
         None, select="ALL", timeout=QUICK),
    Case("nested-quantifier-in-a-policy-pattern",
         {**_policy(f"APP_MODE: {{pattern: '{_NESTED}'}}"), ENV: f"APP_MODE={_LONG_A}\n"},
         [("SL504", ENV, 1, 1)], select="SL504", timeout=QUICK),
    Case("look-ahead-in-secret-patterns",
         api({"stagelint.toml": 'secret-patterns = ["(?=x)y"]\n', ENV: "A=1\n"}),
         error="secret-patterns: invalid regular expression (RE2 syntax", select="ALL"),
]  # fmt: skip

CASES = [*SYNTAX, *ENCODINGS, *SIZE, *BOMBS, *FILESYSTEM, *BOUNDS, *VALUES, *REGEXES]


def _outside(root: Path) -> None:
    """What lies next to the root: files that would be findings (or leaks) if read."""
    outside = root.parent / "outside"
    outside.mkdir()
    (outside / ".env.staging").write_text("A=1\nA=2\n")
    (outside / "railway.json").write_text("{,}\n")
    (outside / "settings.toml").write_text("select = ['SL1']\n")
    (outside / "team.yaml").write_text("name: outside\n")
    (outside / "production.fingerprints").write_text("{}\n")


def run_case(case: Case, tmp_path: Path) -> Finished:
    root = tmp_path / "project"
    root.mkdir()
    _outside(root)
    write_files(root, case.files)
    prefix: tuple[str, ...] = ()
    if case.setup is not None:
        case.setup(root)
    if case.permissions:
        prefix = _drop_dac()
    paths = [a.replace("{root}", str(root)) for a in case.paths]
    options = [a.replace("{root}", str(root)) for a in case.args]
    argv = [*prefix, str(SCRIPT), "check", *paths, "--format", "json", "--select", case.select]
    argv += options
    environment = {**os.environ, "NO_COLOR": "1"}
    try:
        return run_measured(argv, cwd=tmp_path, env=environment, timeout=case.timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case.name}: no answer within {case.timeout} s (a hang)")


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input(case: Case, tmp_path: Path) -> None:
    done = run_case(case, tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    assert 0 < done.peak_mib < case.max_mib, f"peak RSS {done.peak_mib:.1f} MiB"
    if case.error is not None:
        assert done.code == 2, done.stdout + done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert case.error in done.stderr, done.stderr
        return
    diagnostics = json.loads(done.stdout)["diagnostics"]
    found = [(d["code"], d["path"], d["line"], d["column"]) for d in diagnostics]
    if case.expected is not None:
        assert found == case.expected
    assert done.code == int(any(d["severity"] == "error" for d in diagnostics)), done.stderr
