"""The one exception a command raises for a user error."""

from __future__ import annotations

from . import exit_codes


class CliError(Exception):
    """A user error: printed as one message, never a traceback, with its exit code."""

    def __init__(self, message: str, code: int = exit_codes.CANNOT_RUN) -> None:
        super().__init__(message)
        self.code = code
