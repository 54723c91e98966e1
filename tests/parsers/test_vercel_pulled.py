"""Env files pulled from Vercel: the CLI's format, its environment, ``[SENSITIVE]``.

The oracle for values is the Vercel CLI's own writer (vercel/vercel
``packages/cli/src/commands/env/pull.ts``), mirrored in :func:`written_by_cli`: a value the
CLI wrote must read back as the value Vercel holds.
"""

from __future__ import annotations

import re

from dotenv import dotenv_values
from hypothesis import given
from hypothesis import strategies as st

from stagelint.model.deployment import Location, Reference
from stagelint.parsers.vercel_pulled import (
    HEADER,
    SENSITIVE,
    environment_of,
    has_header,
    is_pulled,
    read_pulled,
)

PATH = "frontend/.env.local"


def written_by_cli(records: dict[str, str]) -> str:
    """What ``vercel env pull`` writes for ``records`` (its ``escapeValue`` and layout)."""
    lines = [
        f'{key}="{value.replace(chr(10), chr(92) + "n").replace(chr(13), chr(92) + "r")}"'
        for key, value in sorted(records.items())
    ]
    return HEADER + "\n" + "\n".join(lines) + "\n"


def values(text: str, path: str = PATH) -> dict[str, str | None]:
    pulled = read_pulled(text, path)
    return {
        v.key: v.value.reveal() if v.value is not None else None for v in pulled.parsed.variables
    }


# -- what a pulled file is --------------------------------------------------------------------


def test_the_header_marks_a_pulled_file() -> None:
    assert has_header('# Created by Vercel CLI\nA="1"\n')
    assert has_header('# Created by Vercel CLI\r\nA="1"\r\n')
    assert has_header("# Created by Vercel CLI")
    assert not has_header('A="1"\n# Created by Vercel CLI\n')
    assert not has_header("# Created by Vercel CLI v2\n")
    assert not has_header("")


def test_vercel_pull_files_are_pulled_by_their_path() -> None:
    assert is_pulled("A=1\n", "frontend/.vercel/.env.preview.local")
    assert is_pulled("A=1\n", ".vercel/.env.production.local")
    assert not is_pulled("A=1\n", "frontend/.env.preview.local")
    assert not is_pulled("A=1\n", "frontend/.vercel/.env.local")
    assert not is_pulled("A=1\n", "frontend/.vercel/.env.preview")
    assert is_pulled(HEADER + "\n", "frontend/.env.local")


# -- the CLI's format -------------------------------------------------------------------------


def test_values_are_read_the_way_the_cli_wrote_them() -> None:
    text = (
        f"{HEADER}\n"
        'CERT="-----BEGIN-----\\nMIIB\\r\\n-----END-----"\n'
        'EMPTY=""\n'
        'QUOTE="say "hi""\n'
        'WINDOWS="C:\\\\Users\\\\app"\n'
        'DOLLAR="pa$word${X}"\n'
    )
    assert values(text) == {
        "CERT": "-----BEGIN-----\nMIIB\r\n-----END-----",
        "EMPTY": "",
        "QUOTE": 'say "hi"',
        "WINDOWS": "C:\\\\Users\\\\app",
        "DOLLAR": "pa$word${X}",
    }
    pulled = read_pulled(text, PATH)
    assert pulled.as_written
    # Vercel expands no $VAR: the values are literals
    assert all(not v.references for v in pulled.parsed.variables)
    # python-dotenv reads two of these differently (it is not what wrote them)
    python = dotenv_values(stream=__import__("io").StringIO(text), interpolate=False)
    assert python["WINDOWS"] == "C:\\Users\\app"
    assert python.get("QUOTE") != 'say "hi"'


@given(
    st.dictionaries(
        st.from_regex(r"[A-Z_][A-Z0-9_]{0,20}", fullmatch=True),
        st.text().filter(lambda v: not re.search(r"\\[nr]", v)),
        max_size=8,
    )
)
def test_every_value_the_cli_writes_reads_back(records: dict[str, str]) -> None:
    """Round trip through the CLI's writer: exact, except a value holding the two characters
    backslash-n or backslash-r, which the CLI writes like a newline (ambiguous by design)."""
    text = written_by_cli(records)
    if not read_pulled(text, PATH).as_written:
        # a value holding a line break other than \n / \r (U+2028, \x0b...): the file is then
        # not line-for-line the CLI's form, and is read as a dotenv file
        assert any(
            ch in v for v in records.values() for ch in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
        )
        return
    assert values(text) == records


def test_positions_are_exact() -> None:
    text = f'{HEADER}\nAPI_URL="https://api.example.com"\nCERT="a\\nb"\nJWT_SECRET="{SENSITIVE}"\n'
    variables = read_pulled(text, PATH).parsed.variables
    api, cert, jwt = variables
    assert api.location == Location(PATH, 2, 1, 2, 34)
    assert api.key_location == Location(PATH, 2, 1, 2, 8)
    assert api.value_location == Location(PATH, 2, 9, 2, 34)
    assert cert.value_location == Location(PATH, 3, 6, 3, 12)  # "a\nb" as written
    assert cert.location == Location(PATH, 3, 1, 3, 12)
    assert jwt.references == (
        Reference("platform", "JWT_SECRET", None, Location(PATH, 4, 13, 4, 24)),
    )
    assert jwt.is_platform_value
    assert jwt.value_location == Location(PATH, 4, 12, 4, 25)


def test_crlf_and_comments() -> None:
    text = f'{HEADER}\r\n# stagelint: ignore[SL505] local only\r\nA="1"\r\n\r\nB="2"'
    pulled = read_pulled(text, PATH)
    assert pulled.as_written
    assert pulled.parsed.comments == {
        1: "Created by Vercel CLI",
        2: "stagelint: ignore[SL505] local only",
    }
    a, b = pulled.parsed.variables
    assert (a.key, a.location) == ("A", Location(PATH, 3, 1, 3, 6))
    assert (b.key, b.location) == ("B", Location(PATH, 5, 1, 5, 6))


def test_an_edited_file_is_read_as_a_dotenv_file() -> None:
    text = f'{HEADER}\nA="1"\nB=plain value  # note\nC="{SENSITIVE}"\nD={SENSITIVE}\n'
    pulled = read_pulled(text, PATH)
    assert not pulled.as_written
    assert values(text) == {"A": "1", "B": "plain value", "C": SENSITIVE, "D": SENSITIVE}
    c, d = pulled.parsed.variables[2:]
    assert c.is_platform_value and d.is_platform_value
    assert c.references[0].location == Location(PATH, 4, 4, 4, 15)  # inside the quotes
    assert d.references[0].location == Location(PATH, 5, 3, 5, 14)


def test_sensitive_is_a_platform_reference_only_as_a_whole_value() -> None:
    text = f'{HEADER}\nA="{SENSITIVE}x"\nB="[sensitive]"\n'
    assert not any(v.is_platform_value for v in read_pulled(text, PATH).parsed.variables)


# -- the environment it holds -----------------------------------------------------------------


def environment(**system: str) -> str | None:
    return read_pulled(written_by_cli({"A": "1", **system}), PATH).environment


def test_the_environment_comes_from_vercel_env() -> None:
    assert environment(VERCEL_ENV="preview") == "staging"
    assert environment(VERCEL_ENV="production") == "production"
    assert environment(VERCEL_ENV="development") == "development"
    assert environment() is None
    assert environment(VERCEL_ENV="") is None


def test_a_custom_environment_comes_from_vercel_target_env() -> None:
    assert environment(VERCEL_ENV="preview", VERCEL_TARGET_ENV="staging") == "staging"
    assert environment(VERCEL_ENV="preview", VERCEL_TARGET_ENV="qa") == "qa"
    assert environment(VERCEL_ENV="preview", VERCEL_TARGET_ENV="preview") == "staging"
    assert environment(VERCEL_ENV="production", VERCEL_TARGET_ENV="production") == "production"


def test_a_value_that_is_no_environment_name_is_ignored() -> None:
    assert environment(VERCEL_ENV="not an environment") is None
    assert environment(VERCEL_ENV="preview", VERCEL_TARGET_ENV="x" * 65) == "staging"
    assert environment_of([]) is None
