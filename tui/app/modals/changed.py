"""Ask what to do with a session whose scenario has changed since it was played: open it
on the version it was played on, or fork its answers onto the new version."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ChangedScreen(ModalScreen[str]):
    """Dismissed with "played", "fork" or "" (cancelled)."""

    BINDINGS = [
        Binding("escape", "cancel", show=False),
        Binding("1", "played", show=False),
        Binding("2", "fork", show=False),
    ]

    def __init__(self, name: str, kept: bool) -> None:
        super().__init__()
        self.session, self.kept = name, kept

    def compose(self) -> ComposeResult:
        t = self.app.t
        with Vertical(classes="dialog"):
            yield Static(Content.styled(t("changed_title"), "bold"), markup=False)
            yield Static(
                Content(t("changed_body" if self.kept else "changed_body_gone", name=self.session)),
                markup=False,
            )
            with Horizontal(classes="buttons"):
                if self.kept:
                    yield Button(Content(t("changed_played")), id="played", variant="primary")
                yield Button(Content(t("changed_fork")), id="fork", variant="warning")
                yield Button(Content(t("cancel")), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#played" if self.kept else "#fork", Button).focus()

    @on(Button.Pressed, "#played")
    def action_played(self) -> None:
        if self.kept:
            self.dismiss("played")

    @on(Button.Pressed, "#fork")
    def action_fork(self) -> None:
        self.dismiss("fork")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss("")
