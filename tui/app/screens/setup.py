"""Setting up an exercise: mode, roles, language, feedback, timer, name."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Button,
    Header,
    Input,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
)

from ..footer import Footer
from ..literal import plain
from .common import Localized


class SetupScreen(Localized, Screen):
    BINDINGS = [
        Binding("ctrl+s", "start", "Start", priority=True),
        Binding("escape", "back", "Back"),
        Binding("question_mark", "help", "Help", key_display="?"),
    ]
    LABELS = {"start": "start", "back": "back", "help": "k_help"}

    def __init__(self, scenario) -> None:
        super().__init__()
        self.scenario = scenario

    def compose(self) -> ComposeResult:
        t = self.app.t
        sc = self.scenario
        yield Header()
        with VerticalScroll(id="setup"):
            yield Static(plain(sc.title.get(self.app.lang)), id="setup-title", markup=False)
            yield Static(t("mode"), classes="label", markup=False)
            with RadioSet(id="mode"):
                yield RadioButton(t("solo"), value=True, id="solo")
                yield RadioButton(t("hotseat"), id="hotseat")
            yield Static(t("roles_pick"), classes="label", markup=False)
            yield SelectionList(
                *[(plain(sc.role_name(r, self.app.lang)), r, True) for r in sc.roles],
                id="roles",
            )
            yield Static(t("language"), classes="label", markup=False)
            with RadioSet(id="lang"):
                yield RadioButton(
                    "日本語", value=self.app.lang == "ja", id="ja", disabled="ja" not in sc.languages
                )
                yield RadioButton(
                    "English", value=self.app.lang != "ja", id="en", disabled="en" not in sc.languages
                )
            yield Static(t("feedback_mode"), classes="label", markup=False)
            with RadioSet(id="fb"):
                yield RadioButton(t("exercise"), value=True, id="exercise")
                yield RadioButton(t("learn"), id="learn")
            yield Static(t("timer"), classes="label", markup=False)
            yield Input(id="timer", type="integer", max_length=3)
            yield Static(t("session_name"), classes="label", markup=False)
            yield Input(id="name", max_length=64, restrict=r"[A-Za-z0-9._-]*")
            with Horizontal(id="setup-buttons"):
                yield Button(t("start") + " (Ctrl+S)", id="go", variant="primary")
                yield Button(t("back"), id="back")
        yield Footer()

    def on_mount(self) -> None:
        self.relabel()
        self.sub_title = self.app.t("setup")
        # Enter starts at once (the focus is on Start), but the view opens at the top: at
        # 80x24 focusing the button alone scrolls the title, mode and roles out of sight.
        self.query_one("#go", Button).focus(scroll_visible=False)

    @on(Button.Pressed, "#go")
    def action_start(self) -> None:
        t = self.app.t
        roles = tuple(r for r in self.scenario.roles if r in self.query_one(SelectionList).selected)
        if not roles:
            self.notify(t("need_role"), severity="error")
            return
        raw = self.query_one("#timer", Input).value.strip()
        timer = None
        if raw:
            if not raw.isdigit() or not 1 <= int(raw) <= 120:
                self.notify(t("bad_timer"), severity="error")
                return
            timer = int(raw) * 60
        mode = "hotseat" if self.query_one("#hotseat", RadioButton).value else "solo"
        lang = "ja" if self.query_one("#ja", RadioButton).value else "en"
        learn = self.query_one("#learn", RadioButton).value
        name = self.query_one("#name", Input).value.strip() or None
        if lang != self.app.lang:
            self.app.action_switch_lang()
        ref = self.scenario.id if self._builtin() else self.scenario.path
        loaded, err = self.app.load_for_play(ref)
        if err:
            self.notify(err, severity="error", timeout=10)
            return
        self.app.pop_screen()
        self.app.start_game(loaded, ref, name=name, roles=roles, learn=learn, mode=mode, timer=timer)

    def _builtin(self) -> bool:
        from tabletop.engine.catalog import builtin_ids

        return self.scenario.id in builtin_ids()

    @on(Button.Pressed, "#back")
    def _back_pressed(self) -> None:
        self.app.pop_screen()
