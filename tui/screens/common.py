"""Helpers shared by the screens: localized footers, literal and wrapped text."""

from __future__ import annotations

import dataclasses

from textual.content import Content


class Localized:
    """Footer labels in the app's language: ``LABELS`` maps an action to an i18n key."""

    LABELS: dict[str, str] = {}

    def relabel_bindings(self) -> None:
        km = self._bindings.key_to_bindings
        for key, bs in km.items():
            km[key] = [
                dataclasses.replace(b, description=self.app.t(self.LABELS[b.action]))
                if b.action in self.LABELS
                else b
                for b in bs
            ]
        self.refresh_bindings()

    def relabel(self) -> None:
        self.relabel_bindings()

    def action_help(self) -> None:
        self.app.action_help()

    def action_back(self) -> None:
        self.app.pop_screen()


def _file_stamp(path: str | None):
    """What changes when a file (or the practices.yaml beside it) is saved."""
    import os

    out = []
    for p in (path, os.path.join(os.path.dirname(path or "."), "practices.yaml")):
        try:
            st = os.stat(p)
            out.append((st.st_mtime_ns, st.st_size))
        except (OSError, TypeError):
            out.append(None)
    return tuple(out)


class _Diag:
    """A message shaped like a diagnostic, for problems outside the loader."""

    severity = "error"

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


def cell(s: str | None):
    """A table cell: text, never markup."""
    from rich.text import Text

    from engine.text import clean

    return Text(clean(s or ""))


def wrapped(text: str, cols: int, style: str = "", bold_prefix: int = 0) -> Content:
    """Text wrapped by engine.text.wrap (Japanese-aware), as literal content; the first
    ``bold_prefix`` characters (a label) in bold."""
    from engine.text import clean, wrap

    lines = []
    for para in clean(text or "").split("\n"):
        lines += wrap(para, cols, "", "  " if bold_prefix else "") if para.strip() else [""]
    body = "\n".join(lines)
    if bold_prefix:
        return Content.assemble((body[:bold_prefix], "bold"), body[bold_prefix:])
    return Content.styled(body, style) if style else Content(body)


def numbered(i: int, text: str, cols: int) -> Content:
    """An option: its number, then its text wrapped with a hanging indent (Japanese breaks
    between characters, as everywhere else)."""
    from engine.text import clean, wrap

    head = f"{i}. "
    lines = wrap(clean(text), max(10, cols), head, " " * len(head))
    first = lines[0][len(head) :] if lines else ""
    rest = [Content(x) for x in lines[1:]]
    return Content("\n").join([Content.assemble((head, "bold"), first), *rest])
