"""Step through a session (finished or not) as it was played: inject by inject (→ ←) or
event by event (. ,), the facilitator's view of the state at that point, and the log up
to it with each event's time (observations and notes where they were made). ``f`` forks a
new session before the next decision from here, and offers to open it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from tabletop.engine import play, views
from tabletop.sessions.store import StoreError

from ..footer import Footer
from ..literal import plain, wrapped
from ..modals import ConfirmScreen
from .common import Localized
from .view_text import collapse, render, status_line

LOG_SHOWN = 8  # the last events before the step, under the view


def describe(event, t) -> str:
    """One event of the log as a line: its time, what it is, and its text."""
    name = type(event).__name__
    at = getattr(event, "at", "")[11:19]
    detail = {
        "Decided": lambda e: f"{e.role}: {e.option}" + (f" — {e.text}" if e.text else ""),
        "Ruled": lambda e: f"{e.role}: {e.level}",
        "Drew": lambda e: f"{e.node}: {e.value}",
        "Noted": lambda e: e.text,
        "Ended": lambda e: e.reason,
        "Released": lambda e: str(e.upto),
        "AdHoc": lambda e: (f"[{','.join(e.roles)}] " if e.roles else "") + e.text,
        "Observed": lambda e: e.text + (f" ({e.objective}/{e.task} {e.rating})" if e.task else ""),
        "Adjusted": lambda e: f"{e.points:+d} {e.reason}",
        "Overridden": lambda e: f"{e.node} → {e.to} {e.reason}",
        "Proposed": lambda e: f"{e.role}: {e.option}" + (f" — {e.text}" if e.text else ""),
        "Hotwashed": lambda e: f"{e.question} — {e.text}",
        "Planned": lambda e: e.item,
    }.get(name, lambda e: "")(event)
    return f"{at} {t('ev_' + name) if name in _EVENTS else name}: {detail}".strip()


_EVENTS = {
    "Started", "Decided", "Ruled", "Drew", "Noted", "Ended", "Paused", "Resumed", "Released",
    "AdHoc", "Observed", "Adjusted", "Overridden", "Proposed", "Hotwashed", "Planned",
}  # fmt: skip


class ReplayScreen(Localized, Screen):
    BINDINGS = [
        Binding("right", "step(1)", "Next inject", key_display="→", priority=True),
        Binding("left", "step(-1)", show=False, priority=True),
        Binding("full_stop", "event(1)", "Next event", key_display="."),
        Binding("comma", "event(-1)", show=False),
        Binding("f", "fork", "Fork"),
        Binding("q", "quit", "Quit"),
        Binding("pageup", "scroll(-1)", show=False, priority=True),
        Binding("pagedown", "scroll(1)", show=False, priority=True),
    ]
    LABELS = {
        "step(1)": "rk_step",
        "event(1)": "rk_event",
        "fork": "rk_fork",
        "quit": "k_quit",
    }

    def __init__(self, game) -> None:
        super().__init__()
        self.game = game
        self.steps = game.replay()
        self.at = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="rp-status", markup=False)
        with VerticalScroll(id="rp-body"):
            yield Static(id="rp-view", markup=False)
            yield Static(id="rp-log", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.relabel()
        self.title = self.app.t("rp_title")
        self.sub_title = self.game.name or ""
        self.refresh_all()

    def on_resize(self) -> None:
        self.refresh_all()

    def refresh_all(self) -> None:
        if not self.is_mounted or not self.steps:
            return
        t, cols = self.app.t, max(20, self.size.width - 4)
        step = self.steps[self.at]
        v = views.facilitator(self.game.scenario, step.state, self.app.lang, getattr(step.event, "at", None))
        when = getattr(step.event, "at", "")[11:19]  # the real time is the event's, not now
        head = t("rp_step", i=self.at + 1, n=len(self.steps)) + " · " + status_line(v, t, when or "-")
        self.query_one("#rp-status", Static).update(plain(head))
        lines = collapse(v, self.game.scenario, step.state)
        self.query_one("#rp-view", Static).update(
            render(lines, t, cols, when=lambda m: views.time_of_day(self.game.scenario, m))
        )
        first = max(0, self.at + 1 - LOG_SHOWN)
        log = [describe(s.event, t) for s in self.steps[first : self.at + 1]]
        self.query_one("#rp-log", Static).update(
            Content("\n").join([Content.styled(t("rp_log"), "bold"), *(wrapped(x, cols) for x in log)])
        )

    def action_event(self, d: int) -> None:
        self.at = max(0, min(len(self.steps) - 1, self.at + d))
        self._moved()

    def _moved(self) -> None:
        self.refresh_all()
        body = self.query_one("#rp-body", VerticalScroll)
        self.call_after_refresh(body.scroll_home, animate=False)  # once the new text is laid out

    def action_step(self, d: int) -> None:
        """To the next (previous) event that brought a new entry into the feed."""
        i = self.at
        while 0 <= i + d < len(self.steps):
            i += d
            if len(self.steps[i].state.feed) != len(self.steps[i - 1].state.feed if i else ()):
                break
        self.at = max(0, min(len(self.steps) - 1, i))
        self._moved()

    def action_fork(self) -> None:
        """Fork before the next decision after this step: its answer is to be given again."""
        decision = sum(isinstance(s.event, play.Decided) for s in self.steps[: self.at + 1]) + 1
        if decision > sum(isinstance(s.event, play.Decided) for s in self.steps):
            self.notify(self.app.t("rp_no_decision"), severity="warning")
            return
        try:
            new = self.game.fork(decision)
        except StoreError as e:
            self.notify(self.app.words(e), severity="error", timeout=10)
            return

        def opened(yes: bool | None) -> None:
            if not yes:
                self.notify(self.app.t("rp_forked_kept", name=new.name), timeout=10)
                return
            from .console import ConsoleScreen

            if new.facilitated:
                self.app.push_screen(ConsoleScreen(new))
            else:
                self.app.play(new, ref="", resumed=True)

        t = self.app.t
        self.app.push_screen(
            ConfirmScreen(
                t("rp_forked", name=new.name), t("rp_open_q", n=decision), t("rp_open"), t("rp_stay")
            ),
            opened,
        )

    def action_scroll(self, d: int) -> None:
        body = self.query_one("#rp-body", VerticalScroll)
        body.scroll_page_down() if d > 0 else body.scroll_page_up()

    def action_quit(self) -> None:
        self.app.exit()
