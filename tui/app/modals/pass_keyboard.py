"""Hot seat: pass the keyboard to the next role.

A full screen, not a dialog over the play screen: the outgoing player must not read the
next role's feed or options around it, and the play screen draws them only once the new
player has pressed Enter."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static


class PassScreen(Screen[None]):
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
