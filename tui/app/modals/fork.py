"""Choose the decision at which to fork a new session."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..literal import numbered


class ForkScreen(ModalScreen[int | None]):
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, game) -> None:
        super().__init__()
        self.game = game

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog fork"):
            yield Static(Content.styled(self.app.t("fork_title"), "bold"), markup=False)
            yield OptionList(id="fork-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.call_after_refresh(self._fill)  # the list's width is known once it is laid out

    def on_resize(self) -> None:
        self._fill()

    def _fill(self) -> None:
        """The decisions taken, each its question and the answer given, wrapped here to the
        list's width (Japanese between characters, see literal.numbered): OptionList's own
        wrap breaks Japanese only at spaces."""
        lang = self.app.lang
        sc = self.game.scenario
        options = self.query_one(OptionList)
        cols = options.scrollable_content_region.width - 1  # and its scroll bar
        if cols <= 0:
            return
        keep = options.highlighted
        options.clear_options()
        for i, c in enumerate(self.game.state.choices, 1):
            q = sc.nodes[c.node].question(c.role)
            text = f"{q.prompt.get(lang)}\n→ {q.option(c.option).text.get(lang)}"
            options.add_option(Option(numbered(i, text, cols), id=str(i)))  # literal content
        options.highlighted = keep if keep is not None else 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
