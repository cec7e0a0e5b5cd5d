"""Everything the command line writes to standard output and standard error passes
through ``terminal_safe``: whatever a scenario, a role, a session name, a note, a file
name or an import holds, no escape sequence, control or bidi character reaches the
terminal. Each command also cleans or encodes what it prints; this is the guard that
makes a forgotten call site harmless.

The Textual app writes to the terminal itself (through ``sys.__stderr__``), so it is not
affected; it has its own boundary (``tui/app/literal.py`` and ``TabletopApp.notify``).
"""

from __future__ import annotations

import contextlib
import sys

from tabletop.engine.text import terminal_safe


class LiteralStream:
    """A text stream that cleans what is written to it, then passes it on."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, s: str) -> int:
        self._stream.write(terminal_safe(s))
        return len(s)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name):  # flush, isatty, fileno, encoding, buffer, ...
        return getattr(self._stream, name)


def install() -> None:
    """Make ``sys.stdout`` and ``sys.stderr`` literal streams (once)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None or isinstance(stream, LiteralStream):
            continue
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="replace")
        setattr(sys, name, LiteralStream(stream))
