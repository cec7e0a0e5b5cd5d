"""Scenario and user text as Textual content: literal (never markup), cleaned of escapes and
controls, and wrapped Japanese-aware. Every screen shows such text through these functions."""

from __future__ import annotations

from textual.content import Content


def plain(s: str | None) -> Content:
    """Scenario or user text as literal content: brackets and escapes stay text."""
    from tabletop.engine.text import clean

    return Content(clean(s or ""))


def cell(s: str | None, style: str = ""):
    """A table cell: text, never markup (``style`` applies to all of it)."""
    from rich.text import Text

    from tabletop.engine.text import clean

    return Text(clean(s or ""), style=style)


def wrapped(text: str, cols: int, style: str = "", bold_prefix: int = 0) -> Content:
    """Text wrapped by engine.text.wrap (Japanese-aware), as literal content; the first
    ``bold_prefix`` characters (a label) in bold."""
    from tabletop.engine.text import clean, wrap

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
    from tabletop.engine.text import clean, wrap

    head = f"{i}. "
    pad = " " * len(head)
    lines: list[str] = []
    for k, para in enumerate(clean(text).split("\n")):  # the arguments for and against: own lines
        lines += wrap(para, max(10, cols), head if k == 0 else pad, pad)
    first = lines[0][len(head) :] if lines else ""
    rest = [Content(x) for x in lines[1:]]
    return Content("\n").join([Content.assemble((head, "bold"), first), *rest])
