"""The keys and what they do."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..text_view import TextView


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,enter", "close", show=False, priority=True)]

    def compose(self) -> ComposeResult:
        t = self.app.t
        with VerticalScroll(classes="dialog help"):
            yield Static(Content.styled(t("help_title"), "bold"), markup=False)
            yield TextView([(t("help_body"), "", 0)])  # Japanese wraps between characters
            yield Button(t("close"), id="close")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
