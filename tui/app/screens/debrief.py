"""The debrief: the engine's whole debrief, exports, play again, fork."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, LoadingIndicator

from ..debrief_view import DebriefView
from ..footer import Footer
from ..modals import ForkScreen
from .common import Localized


class DebriefScreen(Localized, Screen):
    BINDINGS = [
        Binding("m", "export('md')", "Markdown"),
        Binding("h", "export('html')", "HTML"),
        Binding("j", "export('json')", "JSON"),
        Binding("c", "export('csv')", "CSV"),
        Binding("e", "assess", "Rate tasks"),
        Binding("a", "again", "Play again"),
        Binding("f", "fork", "Other branch"),
        Binding("b", "library", "Library"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]
    LABELS = {
        "assess": "k_assess",
        "again": "k_again",
        "fork": "k_fork",
        "library": "k_library",
        "help": "k_help",
        "quit": "k_quit",
    }
    COMMANDS_HERE = (("again", "k_again", "a"), ("fork", "k_fork", "f"), ("library", "cmd_library", "b"))

    def __init__(self, game, ref="", learn=False) -> None:
        super().__init__()
        self.game = game
        self.ref = ref
        self.learn = learn
        self.result = None  # the debrief, computed once by a worker

    def compose(self) -> ComposeResult:
        yield Header()
        yield LoadingIndicator(id="debrief-loading")
        with VerticalScroll(id="debrief-box"):
            yield DebriefView(id="debrief-view")
        yield Footer()

    def on_mount(self) -> None:
        self.app.open_exercises.pop(self.game.scenario.id, None)  # over: its graph may be shown
        ready = self.game.debrief_ready()  # computed while the ending was read (PlayScreen)
        if ready is not None:
            self._show(ready)
            return
        self.relabel()
        self.query_one("#debrief-box").display = False
        # the best and worst searches take seconds on a large scenario: off the UI thread
        self.run_worker(self.game.debrief, thread=True, exclusive=True, group="debrief")

    def on_worker_state_changed(self, event) -> None:
        from textual.worker import WorkerState

        if event.worker.group != "debrief":
            return
        if event.state == WorkerState.SUCCESS:
            self._show(event.worker.result)
        elif event.state == WorkerState.ERROR:
            raise event.worker.error

    def _show(self, result) -> None:
        self.result = result
        self.query_one("#debrief-loading").display = False
        self.query_one("#debrief-box").display = True
        self.relabel()
        self.query_one("#debrief-box").focus()

    def relabel(self) -> None:
        from tabletop.engine.report import outline

        super().relabel()
        session = self.app.t("session", name=self.game.name) if self.game.name else self.app.t("preview")
        self.sub_title = self.app.t("debrief") + " · " + session
        if self.result is not None:  # the document's blocks, laid out by the view for its width
            self.query_one(DebriefView).show(outline(self.result, self.game.catalog, self.app.lang))

    def action_export(self, fmt: str) -> None:
        from tabletop.engine.report import render

        if self.result is None:
            self.notify(self.app.t("debrief_wait"))
            return
        path = export_path(self.game.name or self.game.scenario.id, fmt)
        try:
            if self.game.state.facilitated:  # a drill exports its after-action report
                from tabletop.sessions.game import evaluate

                ev = evaluate(self.game)
                text = render(ev.debriefing, self.game.catalog, self.app.lang, fmt, ev)
            else:
                text = render(self.result, self.game.catalog, self.app.lang, fmt)
            path.write_text(text, encoding="utf-8")
        except OSError as e:
            self.notify(self.app.t("export_failed", path=path, why=e.strerror), severity="error")
            return
        self.notify(self.app.t("exported", path=path), timeout=8)

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "assess":  # only while some task waits for the players' own rating
            return bool(self.game.awaiting_own_rating())
        return super().check_action(action, parameters)

    def action_assess(self) -> None:
        from .self_assessment import ask

        def done() -> None:  # the ratings change the objectives: the debrief again
            self.refresh_bindings()
            self.run_worker(self.game.debrief, thread=True, exclusive=True, group="debrief")

        ask(self, self.game, done, lambda events: self.notify(self.app.t("assess_overtaken")))

    def action_again(self) -> None:
        loaded, err = self.app.load_for_play(self.ref or self.game.scenario.id)
        if err:
            self.notify(err, severity="error")
            return
        st = self.game.state
        self.app.pop_screen()
        self.app.start_game(
            loaded, self.ref or self.game.scenario.id, roles=st.roles, learn=self.learn, mode=st.mode
        )

    def action_fork(self) -> None:
        choices = self.game.state.choices
        if not choices:
            self.notify(self.app.t("fork_none"))
            return

        def chosen(n):
            if n is None:
                return
            from tabletop.sessions.store import StoreError

            try:
                g = self.game.fork(n)
            except StoreError as e:
                self.notify(self.app.words(e), severity="error")
                return
            self.app.pop_screen()
            self.app.play(g, learn=self.learn, ref=self.ref)
            self.app.notify(self.app.t("forked", name=g.name, n=n))

        self.app.push_screen(ForkScreen(self.game), chosen)

    def action_library(self) -> None:
        self.app.pop_screen()

    def action_quit(self) -> None:
        self.app.exit()


def export_path(name: str, ext: str):
    """Where the debrief export goes: the current folder, else the data directory."""
    import os
    from pathlib import Path

    here = Path.cwd()
    if os.access(here, os.W_OK):
        return here / f"tabletop-{name}.{ext}"
    from tabletop.sessions.paths import data_dir

    d = data_dir() / "reports"
    d.mkdir(parents=True, exist_ok=True)
    return d / f"tabletop-{name}.{ext}"
