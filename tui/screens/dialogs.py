"""Modal dialogs: confirm, note, pass the keyboard, feedback, help, fork."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Input,
    OptionList,
    Static,
)
from textual.widgets.option_list import Option

from ..app import plain


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "no", show=False), Binding("y", "yes", show=False)]

    def __init__(self, title: str, body: str) -> None:
        super().__init__()
        self.title_text, self.body = title, body

    def compose(self) -> ComposeResult:
        t = self.app.t
        with Vertical(classes="dialog"):
            yield Static(Content.styled(self.title_text, "bold"))
            yield Static(self.body, markup=False)
            with Horizontal(classes="buttons"):
                yield Button(t("yes_quit"), id="yes", variant="error")
                yield Button(t("no_stay"), id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def action_yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        self.dismiss(False)


class NoteScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def compose(self) -> ComposeResult:
        t = self.app.t
        with Vertical(classes="dialog"):
            yield Static(Content.styled(t("note_title"), "bold"))
            yield Input(placeholder=t("note_ph"), id="note", max_length=2000)
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


class PassScreen(ModalScreen[None]):
    BINDINGS = [Binding("enter", "go", show=False, priority=True)]

    def __init__(self, role: str) -> None:
        super().__init__()
        self.role = role

    def compose(self) -> ComposeResult:
        t = self.app.t
        with Vertical(classes="dialog pass"):
            yield Static(Content.styled(t("pass_to", role=self.role), "bold"))
            yield Static(t("pass_body", role=self.role), markup=False)
            yield Static(t("continue"), classes="hint", markup=False)

    def action_go(self) -> None:
        self.dismiss(None)


class FeedbackScreen(ModalScreen[None]):
    BINDINGS = [Binding("enter,escape,space", "go", show=False, priority=True)]

    def __init__(self, chosen: str, feedback: str) -> None:
        super().__init__()
        self.chosen, self.feedback = chosen, feedback

    def compose(self) -> ComposeResult:
        t = self.app.t
        with VerticalScroll(classes="dialog"):
            yield Static(Content.styled(t("feedback"), "bold"))
            yield Static(plain("✓ " + self.chosen), classes="chosen")
            yield Static(plain(self.feedback))
            yield Static(t("continue"), classes="hint", markup=False)

    def action_go(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,enter", "close", show=False, priority=True)]

    def compose(self) -> ComposeResult:
        t = self.app.t
        with VerticalScroll(classes="dialog help"):
            yield Static(Content.styled(t("help_title"), "bold"))
            yield Static(t("help_body"), markup=False)
            yield Button(t("close"), id="close")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)


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
            yield Static(Content.styled(t("fork_title"), "bold"))
            yield OptionList(*opts, id="fork-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
