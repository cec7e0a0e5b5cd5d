"""A widget of literal lines: content laid out for the widget's width (again when the
width changes) and drawn a line at a time, so that only the lines scrolled into view are
rendered, and a long document is one widget rather than one per paragraph.

The debrief (debrief_view.py) and the play screen's feed (feed_view.py) are its two kinds;
each says how its lines are laid out for a width (``lay_out``). Selecting text with the
mouse works as in any Textual widget: the selection is drawn in the theme's colours and
copied as the plain text of the lines."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from .literal import literal


class LinesView(Widget):
    DEFAULT_CSS = "LinesView { height: auto; }"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._laid_out: tuple[int, list[Content]] | None = None  # (width, lines): the last layout
        self._strips: dict[int, Strip] = {}  # the lines drawn at that width, by number

    def lay_out(self, cols: int) -> list[Content]:
        """The lines to show at ``cols`` columns, none wider."""
        raise NotImplementedError

    def relay_out(self) -> None:
        """What the lines are made of has changed: lay them out again and redraw."""
        self._laid_out = None
        self._strips.clear()
        self.refresh(layout=True)

    def lines_at(self, cols: int) -> list[Content]:
        """The lines at ``cols`` columns (kept for the last width asked)."""
        if self._laid_out is None or self._laid_out[0] != cols:
            # every line literal, whatever a view put together (literal.literal)
            self._laid_out = (cols, [literal(x) for x in self.lay_out(cols)])
            self._strips.clear()
        return self._laid_out[1]

    def at(self, cols: int) -> Content:
        """Everything at ``cols`` columns, as one content."""
        return Content("\n").join(self.lines_at(cols))

    @property
    def text(self) -> str:
        """What the view shows now, as plain text (for tests, and for copying a selection)."""
        return self.at(self.content_size.width).plain

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines_at(width))

    def render(self) -> Content:
        return self.at(self.content_size.width)

    def render_line(self, y: int) -> Strip:
        from textual.style import Style
        from textual.visual import Visual

        width = self.content_size.width
        shown = self.lines_at(width)
        if y >= len(shown):
            return Strip.blank(width, self.visual_style.rich_style)
        selection = self.text_selection
        if selection is None and y in self._strips:
            return self._strips[y]
        line = shown[y]
        span = selection.get_span(y) if selection is not None else None
        if span is not None:  # a selection: Textual's own style for it, on this line's part
            start, end = span
            picked = Style.from_styles(self.screen.get_component_styles("screen--selection"))
            line = line.stylize(picked, start, len(line) if end == -1 else end)
        strip = Visual.to_strips(self, line, width, 1, self.visual_style, apply_selection=False, pad=True)[0]
        strip = strip.apply_offsets(0, y)  # where a mouse selection starts and ends
        if selection is None:
            self._strips[y] = strip
        return strip

    def get_selection(self, selection) -> tuple[str, str] | None:
        return selection.extract(self.text), "\n"

    def selection_updated(self, selection) -> None:
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # another theme: the lines are drawn again in its colours
