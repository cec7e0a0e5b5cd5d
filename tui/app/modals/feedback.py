"""Learn mode: the chosen option's feedback."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..literal import plain


class FeedbackScreen(ModalScreen[None]):
    BINDINGS = [Binding("enter,escape,space", "go", show=False, priority=True)]

    def __init__(self, chosen: str, feedback: str) -> None:
        super().__init__()
        self.chosen, self.feedback = chosen, feedback

    def compose(self) -> ComposeResult:
        t = self.app.t
        with VerticalScroll(classes="dialog"):
            yield Static(Content.styled(t("feedback"), "bold"), markup=False)
            yield Static(plain("✓ " + self.chosen), classes="chosen", markup=False)
            yield Static(plain(self.feedback), markup=False)
            yield Static(t("continue"), classes="hint", markup=False)

    def action_go(self) -> None:
        self.dismiss(None)
