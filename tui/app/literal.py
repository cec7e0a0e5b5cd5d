"""Scenario and user text as Textual content: literal (never markup), cleaned of escapes and
controls, and wrapped Japanese-aware. Every screen shows such text through these functions."""

from __future__ import annotations

from textual.content import Content


def plain(s: str | None) -> Content:
    """Scenario or user text as literal content: brackets and escapes stay text."""
    from tabletop.engine.text import clean

    return Content(clean(s or ""))


def literal(content: Content) -> Content:
    """``content`` with nothing in it that could act on a terminal, its styles kept: the
    text engine.text.clean would leave (escape sequences, control and format characters
    removed, line separators made newlines). For content put together from scenario text
    that may not have been cleaned on its way (a role's name in a heading)."""
    import re

    from tabletop.engine.text import _CONTROLS, _ESCAPES, clean

    plain = content.plain
    if clean(plain) == plain:
        return content
    # a lone CR and the Unicode separators become newlines (same length: the styles stay)
    same = re.sub("\r(?!\n)|[\u2028\u2029]", "\n", plain)
    content = Content(same, content.spans, strip_control_codes=False)
    for pattern in (re.compile("\r(?=\n)"), _ESCAPES, _CONTROLS):
        pieces, at = [], 0
        for m in pattern.finditer(content.plain):
            pieces.append(content[at : m.start()])
            at = m.end()
        if pieces:
            content = Content("").join([*pieces, content[at:]])
    return content


def cell(s: str | None, style: str = ""):
    """A table cell: text, never markup (``style`` applies to all of it)."""
    from rich.text import Text

    from tabletop.engine.text import clean

    return Text(clean(s or ""), style=style)


def fitted(para: str, cols: int, indent: str = "", hang: str | None = None) -> list[str]:
    """One paragraph wrapped by engine.text.wrap (Japanese-aware), no line wider than
    ``cols``. wrap lets a closing mark hang past the end of a line ("。" after a full
    line); in a widget exactly ``cols`` wide Textual would wrap that mark onto a line of
    its own, so such a paragraph is wrapped two columns narrower instead."""
    from tabletop.engine.text import width, wrap

    cols = max(1, cols)
    lines = wrap(para, cols, indent, hang)
    if any(width(x) > cols for x in lines):
        lines = wrap(para, max(1, cols - 2), indent, hang)
    return lines


def wrap_lines(content: Content, cols: int) -> list[Content]:
    """Styled literal content in lines of at most ``cols`` columns, broken where ``fitted``
    breaks its text (Textual's own wrap breaks Japanese only at spaces, or anywhere when a
    run is too long, and so started lines with "。"). Each line keeps its styles."""
    content = literal(content)
    plain = content.plain
    if "\t" in plain:  # one column each, as wrap counts them
        plain = plain.replace("\t", " ")
        content = Content(plain, content.spans, strip_control_codes=False)
    out: list[Content] = []
    start = 0
    for para in plain.split("\n"):
        if not para.strip():
            out.append(Content(""))
        else:
            at = 0
            for line in fitted(para, cols):
                i = para.find(line, at)
                if i < 0 or para[at:i].strip():  # wrap joined across a space: the text alone
                    out.append(Content(line))
                    continue
                out.append(content[start + i : start + i + len(line)])
                at = i + len(line)
        start += len(para) + 1
    return out


def wrapped(text: str, cols: int, style: str = "", bold_prefix: int = 0) -> Content:
    """Text wrapped by ``fitted`` (Japanese-aware), as literal content; the first
    ``bold_prefix`` characters (a label) in bold."""
    from tabletop.engine.text import clean

    lines = []
    for para in clean(text or "").split("\n"):
        lines += fitted(para, cols, "", "  " if bold_prefix else "") if para.strip() else [""]
    body = "\n".join(lines)
    if bold_prefix:
        return Content.assemble((body[:bold_prefix], "bold"), body[bold_prefix:])
    return Content.styled(body, style) if style else Content(body)


def numbered(i: int, text: str, cols: int) -> Content:
    """An option: its number, then its text wrapped with a hanging indent (Japanese breaks
    between characters, as everywhere else)."""
    from tabletop.engine.text import clean

    head = f"{i}. "
    pad = " " * len(head)
    lines: list[str] = []
    for k, para in enumerate(clean(text).split("\n")):  # the arguments for and against: own lines
        lines += fitted(para, max(10, cols), head if k == 0 else pad, pad)
    first = lines[0][len(head) :] if lines else ""
    rest = [Content(x) for x in lines[1:]]
    return Content("\n").join([Content.assemble((head, "bold"), first), *rest])
