"""Where a command's result goes: standard output, or a file named with -o."""

from __future__ import annotations

import sys

from .errors import CliError
from .messages import say


def emit(text: str, output: str | None) -> None:
    """Write a command's result to ``output`` (saying so on stderr), or to stdout when
    there is none or it is '-'."""
    if not output or output == "-":
        sys.stdout.write(text)
        return
    try:
        with open(output, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as e:
        raise CliError(say("cannot_write", path=output, reason=e.strerror or e)) from None
    print(say("wrote", path=output), file=sys.stderr)
