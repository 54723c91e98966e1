"""Rebuild the shared corpus (``../shared/corpus``) into small projects, one per repository.

Corpus files are named ``<owner>__<repo>__<path with __ for />``; files of one repository
become one project, at their original paths, so that cross-file rules see them together.
Names that the corpus altered (``sanity.config.REDACTED.ts``, ``.env.REDACTED.example``,
``railway.schema.json`` holding a Railway config) get the name the tools expect.
"""

from __future__ import annotations

import re
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
FAMILIES = ("railway", "vercel", "sanity", "dotenv")
_RENAMES = (
    (re.compile(r"\.REDACTED(?=\.)"), ""),
    (re.compile(r"^railway\.schema\.json$"), "railway.json"),
)


def corpus_available() -> bool:
    return all((CORPUS / family).is_dir() for family in FAMILIES)


def project_files() -> dict[str, dict[str, Path]]:
    """Repository ``owner/repo`` -> relative path in the project -> corpus file."""
    projects: dict[str, dict[str, Path]] = {}
    for family in FAMILIES:
        for source in sorted((CORPUS / family).iterdir()):
            parts = source.name.split("__")
            if len(parts) < 3:
                continue
            repo = f"{parts[0]}/{parts[1]}"
            name = parts[-1]
            for pattern, replacement in _RENAMES:
                name = pattern.sub(replacement, name)
            rel = "/".join([*parts[2:-1], name])
            projects.setdefault(repo, {})[rel] = source
    return projects


def build(root: Path) -> dict[str, Path]:
    """Write every corpus project under ``root``; repository -> project directory."""
    built = {}
    for repo, files in project_files().items():
        directory = root / repo.replace("/", "__")
        for rel, source in files.items():
            target = directory / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
        built[repo] = directory
    return built
