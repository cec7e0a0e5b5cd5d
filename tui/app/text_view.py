"""Literal paragraphs wrapped to the widget's own width (lines_view), as engine.text.wrap
breaks text: Japanese between characters, no line starting with closing punctuation.

A Static wraps with Textual's own wrap, which breaks Japanese only at spaces (short ragged
lines, "、" at the start of a line); text wrapped beforehand to a width guessed from the
screen went stale when a panel opened beside it or the terminal was resized. This one
wraps again whenever its width changes. Used by the library's preview and the help."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content

from .lines_view import LinesView
from .literal import wrapped

# a paragraph: (text, style of all of it, how many first characters are a bold label)
Block = tuple[str, str, int]


class TextView(LinesView):
    DEFAULT_CSS = "TextView { height: auto; }"

    def __init__(
        self, blocks: Iterable[Block] = (), *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._blocks: tuple[Block, ...] = tuple(blocks)

    def show(self, blocks: Iterable[Block]) -> None:
        self._blocks = tuple(blocks)
        self.relay_out()

    def lay_out(self, cols: int) -> list[Content]:
        out: list[Content] = []
        for text, style, bold_prefix in self._blocks:
            out += wrapped(text, max(1, cols), style, bold_prefix).split("\n")
        return out
