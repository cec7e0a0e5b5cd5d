"""Type a note to save with the session."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static


class NoteScreen(ModalScreen[str | None]):
    """A line of text: a note by default, or (with a title and a value) a new name."""

    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, title: str = "", value: str = "", restrict: str | None = None, max_length: int = 2000):
        super().__init__()
        self.title_text, self.value, self.restrict, self.max_length = title, value, restrict, max_length

    def compose(self) -> ComposeResult:
        t = self.app.t
        with Vertical(classes="dialog"):
            yield Static(Content.styled(self.title_text or t("note_title"), "bold"), markup=False)
            yield Input(
                self.value,
                placeholder="" if self.title_text else t("note_ph"),
                id="note",
                max_length=self.max_length,
                restrict=self.restrict,
            )
            with Horizontal(classes="buttons"):
                yield Button(t("save"), id="save", variant="primary")
                yield Button(t("cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.dismiss(self.query_one(Input).value.strip() or None)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
