"""The debrief in the terminal: the document's blocks (engine.report.outline) laid out as
literal text for a given width, and the widget that shows them and lays them out again
when its width changes.

Every text is scenario or user data: it is cleaned (engine.text.clean) and becomes plain
``Content``, never markup, and is wrapped here by engine.text.wrap (Japanese breaks
between characters; wide characters count two columns), so that Textual has nothing left
to wrap. The looks (the accent colour of the headings, the colours of a practice's mark)
are component classes of the widget, resolved against the theme when drawn: a span
styled ".debrief-view--heading" takes whatever the CSS below (or the app's) says."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from .lines_view import LinesView
from .literal import fitted

TITLE = ".debrief-view--title"
HEADING = ".debrief-view--heading"
STRONG = ".debrief-view--strong"  # a practice's or a decision's own line
MUTED = ".debrief-view--muted"  # a practice's category and sources
RULE = ".debrief-view--rule"  # table borders, the quote's bar, bullets
BAR = ".debrief-view--bar"
MARKS = {
    "+": ".debrief-view--followed",
    "-": ".debrief-view--broken",
    "?": ".debrief-view--missed",
    "=": ".debrief-view--kept",
}

# the lines of a list that follow each other with no blank line between
_RUNS = {"small", "review", "practice"}
_BAR_WIDTH = 10


def _text(s) -> str:
    """Data as a person may see it, on the columns engine.text.width counts: a tab is a
    space (a terminal would move it to the next stop, beyond the width measured)."""
    from tabletop.engine.text import clean

    return clean(str(s)).replace("\t", " ")


def _wrap(s: str, cols: int, lead: str = "", hang: str | None = None) -> list[str]:
    """``s`` wrapped to ``cols`` columns, each of its own lines a paragraph: the first line
    starts with ``lead``, every other with ``hang`` (default: as many spaces)."""
    from tabletop.engine.text import width

    hang = " " * width(lead) if hang is None else hang
    out: list[str] = []
    for para in _text(s).split("\n"):
        first = hang if out else lead
        if not para.strip():
            out.append(first.rstrip())
            continue
        room = max(cols, width(first) + 3)  # an indent wider than the line: a few characters a line
        out += fitted(para, room, first, hang)  # no closing mark hanging past the edge
    return out


def _styled(lines: list[str], style: str = "", skip: int = 0) -> list[Content]:
    """Lines as content, ``style`` applied after the first ``skip`` characters of each (its
    indent or bullet)."""
    if not style:
        return [Content(x) for x in lines]
    return [Content.assemble(x[:skip], (x[skip:], style)) for x in lines]


def _bulleted(lines: list[str], at: int = 0) -> list[Content]:
    """A list item's lines, its bullet (at column ``at`` of the first line) in the accent."""
    first = lines[0]
    return [Content.assemble(first[:at], (first[at], RULE), first[at + 1 :]), *map(Content, lines[1:])]


def _pad(s: str, cols: int) -> str:
    from tabletop.engine.text import width

    return s + " " * max(0, cols - width(s))


def column_widths(natural: Sequence[int], room: int, least: int = 4) -> list[int]:
    """Widths for columns whose longest lines are ``natural``, in ``room`` columns: each its
    natural width when all fit; else the narrow ones keep theirs and the wide ones share
    what is left equally (never less than ``least``, which may overflow a very narrow
    terminal rather than lose a column)."""
    if sum(natural) <= room:
        return list(natural)
    widths = [0] * len(natural)
    wide = list(range(len(natural)))
    left = room
    while wide:  # fix the columns narrower than an equal share, then share the rest again
        share = left // len(wide)
        narrow = [i for i in wide if natural[i] <= share]
        if not narrow:
            break
        for i in narrow:
            widths[i] = natural[i]
            left -= natural[i]
        wide = [i for i in wide if i not in narrow]
    for k, i in enumerate(wide):  # the remainder to the first of them
        widths[i] = max(least, left // len(wide) + (1 if k < left % len(wide) else 0))
    return widths


def _table(rows: Sequence[Sequence], cols: int, header: bool = True) -> list[Content]:
    """Rows as a table with box-drawing borders, its cells wrapped to widths that fit in
    ``cols`` (the first row a header, in bold, when ``header``)."""
    from tabletop.engine.text import width

    n = max(len(r) for r in rows)
    cells = [[_text(r[i]) if i < len(r) else "" for i in range(n)] for r in rows]
    natural = [max(max(width(x) for x in c[i].split("\n")) for c in cells) for i in range(n)]
    widths = column_widths([max(1, w) for w in natural], max(n, cols - 3 * n - 1))

    def rule(left: str, mid: str, right: str) -> Content:
        return Content.styled(left + mid.join("─" * (w + 2) for w in widths) + right, RULE)

    bar = Content.styled("│", RULE)
    out = [rule("┌", "┬", "┐")]
    for k, row in enumerate(cells):
        if k:
            out.append(rule("├", "┼", "┤"))
        wrapped = [_wrap(x, w) for x, w in zip(row, widths, strict=True)]
        style = STRONG if header and k == 0 else ""
        for j in range(max(len(c) for c in wrapped)):
            parts: list = [bar]
            for c, w in zip(wrapped, widths, strict=True):
                parts += [" ", (_pad(c[j] if j < len(c) else "", w), style), " ", bar]
            out.append(Content.assemble(*parts))
    out.append(rule("└", "┴", "┘"))
    return out


def _bars(rows, cols: int) -> list[Content]:
    """Score bars: the names in a column (wrapped when the terminal is narrow), the bars and
    the points aligned after them."""
    from tabletop.engine.blocks import bar
    from tabletop.engine.text import width

    names = [_text(name) for name, _, _ in rows]
    left = max(len(str(e)) for _, e, _ in rows)
    right = max(len(str(b)) for _, _, b in rows)
    points = 2 * 2 + _BAR_WIDTH + left + 3 + right
    col = max(8, min(max(width(x) for x in names), cols - points))
    out = []
    for name, (_, earned, best) in zip(names, rows, strict=True):
        lines = _wrap(name, col)
        shape = bar(earned, best, _BAR_WIDTH).replace("#", "█").replace(".", "░")
        out.append(
            Content.assemble(
                _pad(lines[0], col), "  ", (shape, BAR), f"  {earned:>{left}} / {best:<{right}}".rstrip()
            )
        )
        out += [Content(x) for x in lines[1:]]
    return out


def _practice(b, cols: int) -> list[Content]:
    """A practice: its mark in its status's colour and its line in bold, then why it
    matters, then its function and sources, quieter."""
    mark, rationale, meta = b.rows
    head = f"[{mark}] "
    lines = _wrap(b.text, cols, head)
    out = [Content.assemble((head.rstrip(), MARKS.get(mark, STRONG)), " ", (lines[0][len(head) :], STRONG))]
    out += _styled(lines[1:], STRONG, len(head))
    out += _styled(_wrap(rationale, cols, "    "))
    out += _styled(_wrap(meta, cols, "    "), MUTED, 4)
    return out


def _review(b, n: int, digits: int, cols: int) -> list[Content]:
    """A numbered item (a decision, an objective): its line in bold with a hanging indent,
    then each of its rows as a bullet, with the rows' explanations under them."""
    num = f"{n:>{digits}}. "
    lines = _wrap(b.text, cols, num)
    out = [Content.assemble(num, (lines[0][len(num) :], STRONG)), *_styled(lines[1:], STRONG, len(num))]
    pad = " " * len(num)
    for head, why in b.rows:
        out += _bulleted(_wrap(head, cols, pad + "• "), len(pad))
        if why:
            out += _styled(_wrap(why, cols, pad + "  "))
    return out


def document(blocks, cols: int) -> Content:
    """The debrief's ``blocks`` laid out in ``cols`` columns, as literal content (see
    ``lines``)."""
    return Content("\n").join(lines(blocks, cols))


def lines(blocks, cols: int) -> list[Content]:
    """The debrief's ``blocks`` laid out in ``cols`` columns, one literal content a line: a
    blank line between blocks (none inside a list), the title centred, headings in the
    accent colour, tables and bars in aligned columns. ``chart`` blocks are for HTML:
    skipped."""
    from tabletop.engine.text import width

    cols = max(20, cols)
    out: list[Content] = []
    prev = ""
    n = digits = 0  # a numbered list: the item's number, the width of the largest
    for i, b in enumerate(blocks):
        if b.kind == "chart":
            continue
        if out and not (b.kind == prev and b.kind in _RUNS):
            out.append(Content(""))
        if b.kind == "title":
            out += [
                Content.styled(" " * ((cols - width(x)) // 2) + x, TITLE) for x in _wrap(b.text, cols, "", "")
            ]
        elif b.kind in ("heading", "section"):
            out += _styled(_wrap(b.text, cols), HEADING)
        elif b.kind == "para":
            out += _styled(_wrap(b.text, cols))
        elif b.kind == "small":
            out += _bulleted(_wrap(b.text, cols, "• "))
        elif b.kind == "quote":
            out += [
                Content.assemble(("▌", RULE), x[1:]) for x in _wrap(b.text, cols, "▌ ", "▌ ")
            ]  # the bar on every line, as a quote in a mail
        elif b.kind == "bars":
            out += _bars(b.rows, cols)
        elif b.kind == "practice":
            out += _practice(b, cols)
        elif b.kind == "review":
            n = 1 if prev != "review" else n + 1
            if n == 1:  # the numbers of one list right-aligned: as wide as its last
                run = 0
                while i + run < len(blocks) and blocks[i + run].kind == "review":
                    run += 1
                digits = len(str(run))
            out += _review(b, n, digits, cols)
        elif b.kind == "path":
            (you, best), *rows = b.rows
            out += _table([("#", you, best), *rows], cols)
        elif b.kind == "table":
            out += _table(b.rows, cols)
        prev = b.kind
    return out


class DebriefView(LinesView):
    """The debrief's blocks, laid out for the widget's width (again when it changes), and
    drawn a line at a time (lines_view): drawing the whole document as one Content took a
    hundred milliseconds before the first frame."""

    DEFAULT_CSS = """
    DebriefView { height: auto; }
    DebriefView > .debrief-view--title { color: $text-accent; text-style: bold; }
    DebriefView > .debrief-view--heading { color: $text-primary; text-style: bold; }
    DebriefView > .debrief-view--strong { text-style: bold; }
    DebriefView > .debrief-view--muted { text-style: dim; }
    DebriefView > .debrief-view--rule { color: $primary; }
    DebriefView > .debrief-view--bar { color: $text-primary; }
    DebriefView > .debrief-view--followed { color: $text-success; text-style: bold; }
    DebriefView > .debrief-view--broken { color: $text-error; text-style: bold; }
    DebriefView > .debrief-view--missed { color: $text-warning; text-style: bold; }
    DebriefView > .debrief-view--kept { text-style: bold; }
    """
    COMPONENT_CLASSES = {x[1:] for x in (TITLE, HEADING, STRONG, MUTED, RULE, BAR, *MARKS.values())}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._blocks: tuple = ()

    def show(self, blocks) -> None:
        self._blocks = tuple(blocks)
        self.relay_out()

    def lay_out(self, cols: int) -> list[Content]:
        return lines(self._blocks, cols) if self._blocks else []
