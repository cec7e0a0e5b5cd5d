"""The play screen's feed as one widget (lines_view): its entries one after another, a
blank line after each, drawn a line at a time.

It was a Static per entry, all removed and mounted again after every answer: the widgets
grew with the game and their churn left the allocator holding memory, about 2 MiB by the
end of a scenario (make bench, the playthrough's memory). Each entry is literal content
(the play screen builds it; nothing in it is markup) and wraps to the widget's width, as
engine.text.wrap breaks text (literal.wrap_lines);
``start_of`` says on which line an entry begins, for scrolling to it."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content

from .lines_view import LinesView
from .literal import wrap_lines


class FeedView(LinesView):
    DEFAULT_CSS = "FeedView { height: auto; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: tuple[Content, ...] = ()
        self._starts: list[int] = []  # the line each entry begins on, in the last layout

    @property
    def entries(self) -> tuple[Content, ...]:
        return self._entries

    def show(self, entries: Iterable[Content]) -> None:
        self._entries = tuple(entries)
        self.relay_out()

    def lay_out(self, cols: int) -> list[Content]:
        out: list[Content] = []
        self._starts = []
        for entry in self._entries:
            self._starts.append(len(out))
            out += wrap_lines(entry, cols)  # Japanese-aware: no line starts with "。"
            out.append(Content(""))  # the space between entries
        return out

    def start_of(self, i: int) -> int:
        """The line entry ``i`` begins on, at the widget's width now."""
        self.lines_at(self.content_size.width)
        return self._starts[i] if 0 <= i < len(self._starts) else 0
