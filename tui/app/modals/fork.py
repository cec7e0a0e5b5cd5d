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

from ..literal import plain


class ForkScreen(ModalScreen[int | None]):
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, game) -> None:
        super().__init__()
        self.game = game

    def compose(self) -> ComposeResult:
        t, lang = self.app.t, self.app.lang
        sc = self.game.scenario
        opts = []
        for i, c in enumerate(self.game.state.choices, 1):
            q = sc.nodes[c.node].question(c.role)
            opts.append(
                Option(
                    Content.assemble(
                        (f"{i}. ", "bold"),
                        plain(q.prompt.get(lang)),
                        "\n   → ",
                        plain(q.option(c.option).text.get(lang)),
                    ),
                    id=str(i),
                )
            )
        with Vertical(classes="dialog fork"):
            yield Static(Content.styled(t("fork_title"), "bold"), markup=False)
            yield OptionList(*opts, id="fork-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
