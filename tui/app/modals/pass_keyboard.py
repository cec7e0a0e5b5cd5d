"""Hot seat: pass the keyboard to the next role."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class PassScreen(ModalScreen[None]):
    BINDINGS = [Binding("enter", "go", show=False, priority=True)]

    def __init__(self, role: str) -> None:
        super().__init__()
        self.role = role

    def compose(self) -> ComposeResult:
        t = self.app.t
        with Vertical(classes="dialog pass"):
            yield Static(Content.styled(t("pass_to", role=self.role), "bold"), markup=False)
            yield Static(t("pass_body", role=self.role), markup=False)
            yield Static(t("continue"), classes="hint", markup=False)

    def action_go(self) -> None:
        self.dismiss(None)
