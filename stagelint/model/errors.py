"""The project's own exception types.

``UsageError`` and ``ConfigError`` end a run with exit code 2 and one line on stderr.
``ParseError`` is the only exception a parser may raise on bad input; the loader turns it
into an SL001 diagnostic at its position. Messages never carry configuration values.
"""

from __future__ import annotations


class StagelintError(Exception):
    """An error the CLI reports as one line and exit code 2."""


class UsageError(StagelintError):
    """The command line asks for something impossible (unknown rule, missing path...)."""


class ConfigError(StagelintError):
    """stagelint's own configuration (settings, a policy, a plugin) is invalid."""


class ParseError(Exception):
    """A file could not be parsed; ``line``/``column`` are 1-based and lie inside the file."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return f"{self.message} (line {self.line}, column {self.column})"
