#!/usr/bin/env python3
"""Performance benchmark: ``stagelint check`` on synthetic monorepos of 1 to 1,000 services
against the interpreter floor and peers that do a part of its job on the same files.

Usage (from the repository root), one command that does everything::

    python3 benchmarks/run.py                  # every group, writes benchmarks/RESULTS.md
    python3 benchmarks/run.py --sizes 1 10 --runs 5 --no-write --no-callgrind

Run with any Python 3, it creates ``.bench/`` (a virtualenv of its own, git-ignored),
installs the current checkout there as users get it — a regular install, as pre-commit and
CI do — with the peers (the ``bench`` extra: yamllint, dotenv-linter, detect-secrets),
then runs itself with that virtualenv's interpreter. Each run reinstalls stagelint from the
checkout, so the figures are those of the working tree. ``--no-install`` skips that (then
run it with an interpreter where stagelint and the peers are installed).

Not the development virtualenv: an editable install (``pip install -e``) puts an import
hook in ``site-packages`` that every interpreter of that virtualenv runs at start-up
(about 30 ms here, peers and ``python -c pass`` included), which shrinks every ratio
towards 1. The report says which kind of install it measured.

Per group (``examples/guide``, then each size), every command runs once unmeasured, then
``--runs`` times, the commands alternating run by run (the order rotating each round), so
that drift of a shared machine hits all of them alike. Commands faster than a second run
``--quick-runs`` times (their figures drift most: the host of a shared virtual machine
slows every process by up to half at times); commands slower than ``--slow-seconds`` stop
after ``--slow-runs`` measured runs. Figures are medians; ratios
compare medians measured in the same group of the same run.

Each run is started by a tiny launcher process (``python -S``, a few MiB), which forks and
execs the command with its output discarded, times it from ``fork`` to ``wait4`` and
reports its ``ru_maxrss``: a child's peak resident memory starts from its parent's size at
``fork`` on Linux (see ``tests/support.py``), so the command must not be forked from this
script (which holds all the figures). ``PYTHONDONTWRITEBYTECODE`` is removed from the
children's environment (installed programs cache their bytecode), except in the commands
marked ``PYTHONDONTWRITEBYTECODE=1``, which most Python Docker images and many CI images
set: one service of each kind is timed both ways, stagelint and yamllint alike.

Start-up targets are measured on one service of each kind (``generate.py --singles``: a
Railway backend, a Vercel frontend, a Vercel frontend with a Sanity Studio) against
yamllint on its JSON config. The group ``rule modules`` times the import of the rule
modules: a process that imports the modules they build on (``stagelint.registry``,
``stagelint.rule``, the model...) against one that then loads the registry, which imports
every rule module through ``importlib`` (``python -X importtime`` lists them under no
parent; the difference of the two processes is their cost).

Instruction counts: when ``valgrind`` is installed (and without ``--no-callgrind``), the
target commands run once more under ``valgrind --tool=callgrind`` and the report gives
their instructions (all processes summed) and the ratios of those counts beside the wall
ratios: a count does not depend on how busy the machine is.

Peers (each does a part of stagelint's job on the same files):

- ``yamllint`` on the project's JSON configs (``railway.json``/``vercel.json``), which it
  parses as YAML and lints for style;
- ``dotenv-linter`` (wemake-services, PyPI) on the env files;
- ``detect-secrets scan --all-files`` on the project (it scans with a process per CPU).

Besides ``stagelint check .`` (rules in as many processes as ``--jobs auto`` picks), each
size times ``stagelint check . --jobs 1`` (targets (b) and (c)) and
``stagelint check . --select SL004 --jobs 1``: start-up, discovery, reading and
parsing with one trivial rule, the part of a run that no rule work can shrink. The
200-service project is also checked with its backends' Railway settings in one
``.railway/railway.ts`` (``services-200-iac``), alternating with the ``railway.json``
version: target (f), at most 1.5x.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
GENERATED = HERE / ".generated"
EXAMPLE = REPO / "examples" / "guide"
RESULTS = HERE / "RESULTS.md"
SIZES = (1, 10, 100, 200, 1000)
SINGLE_KINDS = ("railway", "vercel", "sanity")
BENCH_ENV = REPO / ".bench"
NO_BYTECODE = {"PYTHONDONTWRITEBYTECODE": "1"}
RULE_GROUP = "rule modules"
_BASE_IMPORTS = (
    "import stagelint.registry, stagelint.rule, stagelint.model.deployment, stagelint.diagnostics, "
    "stagelint.policy.catalogue, stagelint.model.values"
)
IAC_SIZE = 200
IAC_GROUP = f"{IAC_SIZE} services, railway.ts vs railway.json"
"""Issue 11: the project with ``.railway/railway.ts`` against the same with ``railway.json``
files, measured as a pair (generated with ``generate.py --iac``)."""
QUICK_SECONDS = 1.0
"""Commands faster than this run ``--quick-runs`` times: start-up figures drift most."""

# Children may cache bytecode, as every installed program does: with PYTHONDONTWRITEBYTECODE
# set (some sandboxes set it) each run would recompile every module from source.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

_LAUNCHER = """
import os, sys, time
devnull = os.open(os.devnull, os.O_RDWR)
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.dup2(devnull, 0); os.dup2(devnull, 1); os.dup2(devnull, 2)
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
print(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


@dataclass
class Command:
    """One command of a group and its measurements."""

    key: str
    """Short name used in ratios: ``stagelint``, ``floor``, ``yamllint``..."""
    label: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    """Set in the child's environment (``PYTHONDONTWRITEBYTECODE=1``)."""
    instructions: int | None = None
    """Counted by callgrind (all processes), when counted."""
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    codes: set[int] = field(default_factory=set)

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)

    @property
    def peak(self) -> float:
        return statistics.median(self.peaks)


@dataclass
class Group:
    """Commands measured together on one project (run from its root)."""

    name: str
    cwd: Path
    commands: list[Command]
    detail: str = ""

    def get(self, key: str) -> Command | None:
        return next((c for c in self.commands if c.key == key), None)


def run_once(
    argv: list[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak MiB, exit code) of one run of ``argv``, through the launcher."""
    out = subprocess.run(
        [sys.executable, "-S", "-c", _LAUNCHER, *argv],
        cwd=cwd,
        env={**CHILD_ENV, **(env or {})},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(out[0]), float(out[1]), int(out[2]) / 1024, int(out[3])


def measure(group: Group, runs: int, slow_seconds: float, slow_runs: int, quick_runs: int) -> None:
    """Warm up, then alternate the group's commands run by run."""
    quota = {}
    for command in group.commands:
        wall, *_ = run_once(command.argv, group.cwd, command.env)
        quota[command.key] = (
            slow_runs if wall > slow_seconds else quick_runs if wall < QUICK_SECONDS else runs
        )
    for round_no in range(max(quota.values())):
        shift = round_no % len(group.commands)
        for command in group.commands[shift:] + group.commands[:shift]:
            if len(command.walls) >= quota[command.key]:
                continue
            wall, cpu, peak, code = run_once(command.argv, group.cwd, command.env)
            command.walls.append(wall)
            command.cpus.append(cpu)
            command.peaks.append(peak)
            command.codes.add(code)
        print(".", end="", flush=True, file=sys.stderr)
    print(f" {group.name}", file=sys.stderr)


def tool(name: str) -> str:
    """A console script of this virtualenv, else one on PATH."""
    local = BIN / name
    found = str(local) if local.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: pip install it into this virtualenv")
    return found


def project_files(root: Path) -> tuple[list[str], list[str]]:
    """(JSON configs, env files) of a generated project, relative to its root, sorted."""
    json_files = sorted(
        p.relative_to(root).as_posix()
        for name in ("railway.json", "vercel.json")
        for p in root.glob(f"*/*/{name}")
    )
    env_files = sorted(p.relative_to(root).as_posix() for p in root.glob("*/*/.env.*"))
    return json_files, env_files


def floor() -> Command:
    """Python starting and doing nothing, which every command pays; a new one for each group
    (a command keeps its measurements)."""
    return Command("floor", "python -c pass", [sys.executable, "-c", "pass"])


def generated_group(
    name: str, root: Path, stagelint: str, others: list[Command], detail: str
) -> Group:
    """A generated project's group, run from its root: the floor, ``stagelint check .``, then
    the ``others``."""
    check = Command("stagelint", "stagelint check .", [stagelint, "check", "."])
    return Group(name, root, [floor(), check, *others], detail)


def groups(sizes: list[int]) -> list[Group]:
    stagelint, yamllint = tool("stagelint"), tool("yamllint")
    dotenv_linter, detect_secrets = tool("dotenv-linter"), tool("detect-secrets")
    guide_json = sorted(p.relative_to(REPO).as_posix() for p in EXAMPLE.rglob("*.json"))
    result = [
        Group(
            "examples/guide",
            REPO,
            [
                floor(),
                Command(
                    "stagelint",
                    "stagelint check examples/guide",
                    [stagelint, "check", "examples/guide"],
                ),
                Command(
                    "yamllint", f"yamllint ({len(guide_json)} JSON files)", [yamllint, *guide_json]
                ),
            ],
            "the guide's example (issue 2's start-up target)",
        )
    ]
    for kind in SINGLE_KINDS:
        root = GENERATED / f"single-{kind}"
        json_files, env_files = project_files(root)
        result.append(
            generated_group(
                f"1 {kind} service",
                root,
                stagelint,
                [
                    Command(
                        "stagelint-nobc",
                        "PYTHONDONTWRITEBYTECODE=1 stagelint check .",
                        [stagelint, "check", "."],
                        NO_BYTECODE,
                    ),
                    Command(
                        "yamllint",
                        f"yamllint <{len(json_files)} JSON config>",
                        [yamllint, *json_files],
                    ),
                    Command(
                        "yamllint-nobc",
                        f"PYTHONDONTWRITEBYTECODE=1 yamllint <{len(json_files)} JSON config>",
                        [yamllint, *json_files],
                        NO_BYTECODE,
                    ),
                ],
                f"{len(json_files)} JSON config, {len(env_files)} env files",
            )
        )
    result.append(
        Group(
            RULE_GROUP,
            REPO,
            [
                Command(
                    "base",
                    "python -c '<import what rules build on>'",
                    [sys.executable, "-c", _BASE_IMPORTS],
                ),
                Command(
                    "rules",
                    "python -c '<the same>; load_registry()'",
                    [
                        sys.executable,
                        "-c",
                        f"{_BASE_IMPORTS}; stagelint.registry.load_registry()",
                    ],
                ),
            ],
            "importing every rule module (load_registry) over importing what they build on",
        )
    )
    for size in sizes:
        root = GENERATED / f"services-{size}"
        json_files, env_files = project_files(root)
        result.append(
            generated_group(
                f"{size} service{'s' if size > 1 else ''}",
                root,
                stagelint,
                [
                    Command(
                        "stagelint-j1",
                        "stagelint check . --jobs 1",
                        [stagelint, "check", ".", "--jobs", "1"],
                    ),
                    Command(
                        "stagelint-loading",
                        "stagelint check . --select SL004 (loading, one trivial rule)",
                        [stagelint, "check", ".", "--select", "SL004", "--jobs", "1"],
                    ),
                    Command(
                        "yamllint",
                        f"yamllint <{len(json_files)} JSON configs>",
                        [yamllint, *json_files],
                    ),
                    Command(
                        "dotenv-linter",
                        f"dotenv-linter <{len(env_files)} env files>",
                        [dotenv_linter, *env_files],
                    ),
                    Command(
                        "detect-secrets",
                        "detect-secrets scan --all-files .",
                        [detect_secrets, "scan", "--all-files", "."],
                    ),
                ],
                f"{len(json_files)} JSON configs, {len(env_files)} env files",
            )
        )
    if IAC_SIZE in sizes:
        result.append(
            Group(
                IAC_GROUP,
                GENERATED,
                [
                    Command(
                        "stagelint-json",
                        f"stagelint check services-{IAC_SIZE} (railway.json files)",
                        [stagelint, "check", f"services-{IAC_SIZE}"],
                    ),
                    Command(
                        "stagelint-iac",
                        f"stagelint check services-{IAC_SIZE}-iac (.railway/railway.ts)",
                        [stagelint, "check", f"services-{IAC_SIZE}-iac"],
                    ),
                ],
                f"the {IAC_SIZE}-service project twice: its backends' Railway settings in a "
                "`railway.json` each, or all in one `.railway/railway.ts` (same values)",
            )
        )
    return result


def ratio(group: Group | None, a: str, b: str, cpu: bool = False) -> float | None:
    """Median of ``a`` over median of ``b`` (wall time, or CPU time)."""
    first, second = (group.get(a), group.get(b)) if group else (None, None)
    if first is None or second is None or not first.walls or not second.walls:
        return None
    return first.cpu / second.cpu if cpu else first.wall / second.wall


@dataclass
class Target:
    name: str
    value: float | None
    """Measured in wall time (what the target is about)."""
    cpu: float | None
    """The same in CPU time (user + system), less sensitive to a busy machine."""
    limit: float
    unit: str = "x"

    @property
    def met(self) -> bool | None:
        return None if self.value is None else self.value <= self.limit

    def line(self) -> str:
        shown = "n/a" if self.value is None else f"{self.value:.2f}{self.unit}"
        cpu = "-" if self.cpu is None else f"{self.cpu:.2f}{self.unit}"
        verdict = {True: "met", False: "MISSED", None: "not measured"}[self.met]
        return f"| {self.name} | {shown} | {cpu} | ≤ {self.limit:g}{self.unit} | {verdict} |"


def targets(measured: list[Group]) -> list[Target]:
    """The issues' targets, each computed exactly as stated, from this run's medians."""
    by_name = {g.name: g for g in measured}
    guide = by_name.get("examples/guide")
    size = {
        int(g.name.split()[0]): g
        for g in measured
        if g.name.split()[0].isdigit() and g.name.split()[1:] in (["service"], ["services"])
    }

    def versus(name: str, group: Group | None, ours: str, peer: str, limit: float) -> Target:
        return Target(name, ratio(group, ours, peer), ratio(group, ours, peer, cpu=True), limit)

    found = [
        versus(
            "issue 2: `examples/guide` vs yamllint on its JSON files",
            guide,
            "stagelint",
            "yamllint",
            2,
        )
    ]
    for kind in SINGLE_KINDS:
        group = by_name.get(f"1 {kind} service")
        found.append(
            versus(
                f"(a) 1 {kind} service vs yamllint on its JSON file",
                group,
                "stagelint",
                "yamllint",
                1.0,
            )
        )
        found.append(
            versus(
                f"(a) 1 {kind} service, both with PYTHONDONTWRITEBYTECODE=1",
                group,
                "stagelint-nobc",
                "yamllint-nobc",
                1.0,
            )
        )
    found.append(
        versus(
            "(b) 200 services, `--jobs 1`, vs yamllint on the same JSON files",
            size.get(200),
            "stagelint-j1",
            "yamllint",
            0.6,
        )
    )
    big = size[1000].get("stagelint-j1") if 1000 in size else None
    mid = size[200].get("stagelint-j1") if 200 in size else None
    linear = linear_cpu = None
    if big and mid and big.walls and mid.walls:
        linear, linear_cpu = big.wall / mid.wall, big.cpu / mid.cpu
    found.append(Target("(c) 1,000 services vs 200 services, `--jobs 1`", linear, linear_cpu, 5.5))
    against = [
        (ratio(g, "stagelint", "detect-secrets"), ratio(g, "stagelint", "detect-secrets", True))
        for g in size.values()
    ]
    walls = [w for w, _ in against if w is not None]
    cpus = [c for _, c in against if c is not None]
    found.append(
        Target(
            "(d) vs detect-secrets, worst size (must be < 1)",
            max(walls) if walls else None,
            max(cpus) if cpus else None,
            0.999,
        )
    )
    iac = by_name.get(IAC_GROUP)
    found.append(
        Target(
            f"(f) {IAC_SIZE} services: `.railway/railway.ts` vs `railway.json` files",
            ratio(iac, "stagelint-iac", "stagelint-json"),
            ratio(iac, "stagelint-iac", "stagelint-json", cpu=True),
            1.5,
        )
    )
    for key, label in (("stagelint", "`--jobs auto`"), ("stagelint-j1", "`--jobs 1`")):
        command = size[1000].get(key) if 1000 in size else None
        found.append(
            Target(
                f"(e) peak memory at 1,000 services, {label}",
                command.peak if command and command.peaks else None,
                None,
                60,
                " MiB",
            )
        )
    return found


def machine() -> str:
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            model = next(
                (ln.split(":", 1)[1].strip() for ln in info if ln.startswith("model name")), ""
            )
    except OSError:
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = ", load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    return (
        f"{platform.system()} {platform.release()} {platform.machine()}, {os.cpu_count()} CPUs"
        f"{f' ({model})' if model else ''}; {sys.implementation.name} "
        f"{platform.python_version()}{load} at start; stagelint {install_kind()}"
    )


def install_kind() -> str:
    """``regular install`` or ``editable install`` (see the module docstring)."""
    import importlib.util
    import sysconfig

    spec = importlib.util.find_spec("stagelint")
    if spec is None or spec.origin is None:
        return "not installed"
    site = Path(sysconfig.get_paths()["purelib"]).resolve()
    if Path(spec.origin).resolve().is_relative_to(site):
        return "regular install"
    return "editable install (every process of this virtualenv pays its import hook)"


def table(measured: list[Group]) -> list[str]:
    lines = [
        "| project | command | wall ms | CPU ms | peak MiB | x floor | stagelint ÷ this |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for group in measured:
        floor = group.get("floor")
        ours = group.get("stagelint")
        for command in group.commands:
            if not command.walls:
                continue
            x_floor = f"{command.wall / floor.wall:.1f}" if floor else "-"
            ours_ratio = f"{ours.wall / command.wall:.2f}" if ours and command is not ours else "-"
            lines.append(
                f"| {group.name} | `{command.label}` | {command.wall * 1000:.0f} | "
                f"{command.cpu * 1000:.0f} | {command.peak:.1f} | {x_floor} | {ours_ratio} |"
            )
    return lines


def _loading_floor(measured: list[Group]) -> list[str]:
    """What target (b) leaves the rules: start-up and loading alone, against yamllint."""
    group = next((g for g in measured if g.name == "200 services"), None)
    floor = ratio(group, "stagelint-loading", "yamllint")
    if floor is None:
        return []
    return [
        f"Under (b): at 200 services, starting, finding, reading and parsing the files with "
        f"one trivial rule (`--select SL004`) takes {floor:.2f}x yamllint's time by itself.",
        "",
    ]


COUNTED = {
    **{
        f"1 {kind} service": ("floor", "stagelint", "stagelint-nobc", "yamllint", "yamllint-nobc")
        for kind in SINGLE_KINDS
    },
    RULE_GROUP: ("base", "rules"),
    "200 services": ("floor", "stagelint-j1", "stagelint-loading", "yamllint"),
}
"""The commands whose instructions are counted (callgrind runs them ~50 times slower)."""


def count_instructions(measured: list[Group]) -> None:
    """Run the commands of ``COUNTED`` once under callgrind; their instructions, all
    processes summed (a run may fork workers)."""
    import tempfile

    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return
    for group in measured:
        for command in group.commands:
            if command.key not in COUNTED.get(group.name, ()):
                continue
            with tempfile.TemporaryDirectory() as scratch:
                subprocess.run(
                    [
                        valgrind,
                        "--tool=callgrind",
                        f"--callgrind-out-file={scratch}/out.%p",
                        *command.argv,
                    ],
                    cwd=group.cwd,
                    env={**CHILD_ENV, **command.env},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    check=False,
                )
                total = 0
                for out in Path(scratch).glob("out.*"):
                    for line in out.read_text(encoding="utf-8", errors="replace").splitlines():
                        if line.startswith(("summary:", "totals:")):
                            total += int(line.split()[1])
                            break
                command.instructions = total or None
        print(".", end="", flush=True, file=sys.stderr)
    print(" instructions counted", file=sys.stderr)


def instruction_table(measured: list[Group]) -> list[str]:
    """Counted commands: instructions, and the ratios the targets take in wall time."""
    rows = []
    for group in measured:
        for command in group.commands:
            if command.instructions is None:
                continue
            rows.append(f"| {group.name} | `{command.label}` | {command.instructions / 1e6:,.0f} |")
    if not rows:
        return []

    def counted(group_name: str, key: str) -> int | None:
        group = next((g for g in measured if g.name == group_name), None)
        command = group.get(key) if group else None
        return command.instructions if command else None

    ratios = []
    for kind in SINGLE_KINDS:
        name = f"1 {kind} service"
        for ours, peer, how in (
            ("stagelint", "yamllint", ""),
            ("stagelint-nobc", "yamllint-nobc", ", both with PYTHONDONTWRITEBYTECODE=1"),
        ):
            a, b = counted(name, ours), counted(name, peer)
            if a and b:
                ratios.append(f"- (a) {name} vs yamllint{how}: {a / b:.2f}x (limit 1.0x)")
    a, b = counted("200 services", "stagelint-j1"), counted("200 services", "yamllint")
    if a and b:
        ratios.append(f"- (b) 200 services, `--jobs 1`, vs yamllint: {a / b:.2f}x (limit 0.6x)")
    a, b = counted(RULE_GROUP, "rules"), counted(RULE_GROUP, "base")
    if a and b:
        ratios.append(f"- importing every rule module: {(a - b) / 1e6:,.0f} M instructions")
    return [
        "## Instruction counts",
        "",
        "Each command once under `valgrind --tool=callgrind` (every process summed): the same",
        "count on a busy machine as on an idle one, unlike the times above.",
        "",
        *ratios,
        "",
        "| project | command | M instructions |",
        "|---|---|---:|",
        *rows,
        "",
    ]


def _rule_import(measured: list[Group]) -> list[str]:
    """What importing the rule modules costs (which ``-X importtime`` does not show)."""
    group = next((g for g in measured if g.name == RULE_GROUP), None)
    base, rules = (group.get("base"), group.get("rules")) if group else (None, None)
    if not (base and rules and base.walls and rules.walls):
        return []
    return [
        f"Importing every rule module (`load_registry()`, over importing what the rules build "
        f"on: group `{RULE_GROUP}`): {(rules.wall - base.wall) * 1000:.1f} ms wall, "
        f"{(rules.cpu - base.cpu) * 1000:.1f} ms CPU.",
        "",
    ]


def report(measured: list[Group], args: argparse.Namespace, started: str, about: str) -> str:
    lines = [
        "# Performance results",
        "",
        f"Measured {started} by `benchmarks/run.py` ({args.runs} runs per command after one "
        f"warm-up, {args.quick_runs} for commands under {QUICK_SECONDS:g} s, {args.slow_runs} "
        f"for commands over {args.slow_seconds:g} s; medians).",
        "",
        f"Machine: {about}.",
        "",
        "Ratios compare medians measured in the same group of the same run; the machine is "
        "shared, so absolute times drift between runs more than ratios do.",
        "",
        "## Targets",
        "",
        "| target | measured (wall) | same in CPU time | limit | verdict (wall) |",
        "|---|---:|---:|---:|---|",
        *(t.line() for t in targets(measured)),
        "",
        *_loading_floor(measured),
        *_rule_import(measured),
        *instruction_table(measured),
        "## Medians",
        "",
        *table(measured),
        "",
        "## Projects",
        "",
        *(f"- {g.name}: `{_rel(g.cwd)}`, {g.detail}" for g in measured),
        "",
        "Generated by `benchmarks/generate.py` (deterministic; service *i* is the same in every"
        " size).",
        "",
        "## Exact commands",
        "",
        "Run from each project's root; `<...>` stands for the file lists (all of the project's"
        " files of that kind, sorted).",
        "",
        "```",
        *_commands(measured),
        "```",
        "",
    ]
    return "\n".join(lines)


def _rel(path: Path) -> str:
    try:
        return path.relative_to(REPO).as_posix() or "."
    except ValueError:
        return str(path)


def _commands(measured: list[Group]) -> list[str]:
    seen: dict[str, None] = {}
    for group in measured:
        for command in group.commands:
            shown = " ".join(
                [_short(command.argv[0]), *command.argv[1:]]
                if len(command.argv) < 8
                else [_short(command.argv[0]), command.label.split(" ", 1)[1]]
            )
            if command.env:
                shown = " ".join(f"{k}={v}" for k, v in command.env.items()) + " " + shown
            seen[f"{shown}    # {group.name}" if group.name == "examples/guide" else shown] = None
    return list(seen)


def _short(executable: str) -> str:
    path = Path(executable)
    try:
        return path.relative_to(REPO).as_posix()
    except ValueError:
        return executable


def install() -> str:
    """Create ``.bench/`` if needed and install the checkout (a regular install) and the
    peers there; its interpreter."""
    python = BENCH_ENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_ENV)], check=True)
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    print(f"installing this checkout and the peers into {_rel(BENCH_ENV)}", file=sys.stderr)
    # the distribution was called stagelint before it became stagelint-config: a virtualenv
    # holding both would register every rule twice
    subprocess.run(
        [str(python), "-m", "pip", "uninstall", "-q", "-y", "stagelint"],
        cwd=REPO,
        check=False,
        stderr=subprocess.DEVNULL,
    )
    subprocess.run([*pip, ".[bench]"], cwd=REPO, check=True)
    subprocess.run([*pip, "--force-reinstall", "--no-deps", "."], cwd=REPO, check=True)
    return str(python)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--slow-seconds", type=float, default=5.0)
    parser.add_argument("--slow-runs", type=int, default=3)
    parser.add_argument(
        "--quick-runs",
        type=int,
        default=21,
        help=f"Runs of commands under {QUICK_SECONDS:g} s (start-up noise weighs most there).",
    )
    parser.add_argument("--no-write", action="store_true", help="Do not write RESULTS.md.")
    parser.add_argument("--no-generate", action="store_true", help="Reuse generated projects.")
    parser.add_argument(
        "--no-install",
        action="store_true",
        help=f"Do not (re)install into {_rel(BENCH_ENV)}: run with this interpreter.",
    )
    parser.add_argument(
        "--no-callgrind", action="store_true", help="Do not count instructions (valgrind)."
    )
    args = parser.parse_args(argv)

    if not args.no_install:
        bench_python = install()
        if Path(sys.prefix).resolve() != BENCH_ENV.resolve():
            os.execv(
                bench_python,
                [bench_python, str(Path(__file__).resolve()), *sys.argv[1:], "--no-install"],
            )
    if not args.no_generate:  # in a child: this process must stay small (see the docstring)
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate.py"),
                *map(str, args.sizes),
                "--iac",
                "--singles",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    started = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    about = machine()
    measured = groups(args.sizes)
    for group in measured:
        measure(group, args.runs, args.slow_seconds, args.slow_runs, args.quick_runs)
    if not args.no_callgrind:
        count_instructions(measured)
    text = report(measured, args, started, about)
    print(text)
    failed = [
        c.label for g in measured for c in g.commands if g.get("stagelint") is c and c.codes - {0}
    ]
    if failed:
        print(f"warning: stagelint exited non-zero on: {', '.join(failed)}", file=sys.stderr)
    if not args.no_write:
        RESULTS.write_text(text, encoding="utf-8")
        print(f"wrote {_rel(RESULTS)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
