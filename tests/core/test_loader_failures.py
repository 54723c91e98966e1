"""A parser that raises what no parser should costs its own file, never the run.

Parsers turn every malformed input they know into a positioned problem; this is what
stands when one still raises (a bug, or a value no one foresaw): the file gets one SL001
naming the exception's type, and every other file is read and judged."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import pytest

from stagelint.project.loader import load_project
from stagelint.project.settings import Settings
from tests.support import write_files

SECRET = "Xq7PzR2mK9vLw4TnHb5Nc8Vd"


def _failing_on(path: str, original: Callable[..., object]) -> Callable[..., object]:
    """``original``, raising for ``path`` (given as a path or as a source text's path)."""

    def parse(*args: object) -> object:
        if any(arg == path or getattr(arg, "path", None) == path for arg in args):
            raise RuntimeError(f"cannot parse {SECRET}")
        return original(*args)

    return parse


@pytest.mark.parametrize(
    ("module", "function", "path"),
    [
        ("stagelint.parsers.railway", "load_railway", "api/railway.json"),
        ("stagelint.parsers.vercel", "load_vercel", "web/vercel.json"),
        ("stagelint.parsers.sanity", "load_sanity", "studio/sanity.config.ts"),
        ("stagelint.parsers.dotenv", "parse_dotenv", "api/.env.staging"),
    ],
)
def test_a_parser_that_raises_costs_one_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str, function: str, path: str
) -> None:
    write_files(
        tmp_path,
        {
            "api/railway.json": "{}\n",
            "api/.env.staging": f"JWT_SECRET_KEY={SECRET}\n",
            "web/vercel.json": "{}\n",
            "web/.env.preview": "A=1\n",
            "studio/sanity.config.ts": "export default {projectId: 'k7x9p2qd'}\n",
        },
    )
    original = getattr(importlib.import_module(module), function)
    monkeypatch.setattr(f"{module}.{function}", _failing_on(path, original))
    project = load_project(tmp_path, Settings())
    problems = {f.path: f.problems for f in project.files()}
    [problem] = problems[path]
    assert problem.kind == "parse-error"
    assert problem.message.startswith("stagelint cannot read this file: internal error")
    assert "RuntimeError" in problem.message
    assert SECRET not in problem.message
    others = {p: found for p, found in problems.items() if p != path}
    assert not any(others.values()), others
    assert len(problems) == 5  # every other file was read


@pytest.mark.parametrize(
    ("module", "function"),
    [
        ("stagelint.parsers.railway_iac", "load_railway_iac"),
        ("stagelint.project.iac", "place_iac_services"),
        ("stagelint.project.iac", "iac_view"),
    ],
)
def test_the_railway_iac_file_fails_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str, function: str
) -> None:
    write_files(
        tmp_path,
        {
            ".railway/railway.ts": (
                'import { defineRailway, project, service } from "railway/iac";\n'
                "export default defineRailway(() => project('p', { resources: [\n"
                "  service('api', { env: { A: 'x' } }),\n] }));\n"
            ),
            "web/vercel.json": "{}\n",
            "web/.env.preview": f"JWT_SECRET_KEY={SECRET}\n",
        },
    )

    def fail(*args: object, **kwargs: object) -> object:
        raise RuntimeError(f"cannot place {SECRET}")

    monkeypatch.setattr(f"{module}.{function}", fail)
    project = load_project(tmp_path, Settings())
    problems = {f.path: f.problems for f in project.files()}
    [problem] = problems[".railway/railway.ts"]
    assert problem.kind == "parse-error" and "RuntimeError" in problem.message
    assert SECRET not in problem.message
    assert problems["web/.env.preview"] == [] and problems["web/vercel.json"] == []
    assert not any(f.path == ".railway/railway.ts" for f in project.env_files)
