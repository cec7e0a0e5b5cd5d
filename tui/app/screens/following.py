"""What the projector and the role terminals share: they follow a session another
terminal runs, polling ``Game.follow()`` a few times a second, and draw only the view
engine.views gives their audience. A terminal that starts late folds the whole log; one
that was killed is started again with the same command."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from tabletop.sessions.game import stamp

from ..footer import Footer
from ..literal import plain
from .common import Localized, LogFollower
from .view_text import render, status_line

POLL = 0.3  # seconds: the room sees the facilitator's move within a second


class Following(LogFollower, Localized, Screen):
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("pageup", "scroll(-1)", show=False, priority=True),
        Binding("pagedown", "scroll(1)", show=False, priority=True),
    ]
    LABELS = {"quit": "k_quit"}

    def __init__(self, game) -> None:
        super().__init__()
        self.game = game

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="fw-status", markup=False)
        with VerticalScroll(id="fw-body"):
            yield Static(id="fw-view", markup=False)
        yield Static(id="fw-input", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.relabel()
        self.sub_title = self.game.name or ""
        self.set_interval(POLL, self._follow)
        self.follow_live()
        self.set_interval(1, self._status)
        self.refresh_all()

    def on_resize(self) -> None:
        self.refresh_all()

    def view(self):  # the audience's view: engine.views.projector or engine.views.role
        raise NotImplementedError

    def _status(self) -> None:
        if self.is_mounted:
            self.query_one("#fw-status", Static).update(plain(status_line(self.view(), self.app.t)))

    def refresh_all(self) -> None:
        if not self.is_mounted:
            return
        self._status()
        v = self.view()
        body = self.query_one("#fw-body", VerticalScroll)
        self.query_one("#fw-view", Static).update(
            render(v.lines, self.app.t, max(20, self.size.width - 4), skip=("clock", "meter", "paused"))
        )
        body.scroll_end(animate=False)  # the newest entry is what the room reads
        self._input()

    def _input(self) -> None:
        self.query_one("#fw-input", Static).update("")

    def action_scroll(self, d: int) -> None:
        body = self.query_one("#fw-body", VerticalScroll)
        body.scroll_page_down() if d > 0 else body.scroll_page_up()

    def action_quit(self) -> None:
        self.app.exit()

    def now(self) -> str:
        return stamp()
