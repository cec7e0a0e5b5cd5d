"""The control cell: every team of an exercise on one screen (sessions.exercise), read
again every second, stalled teams marked, and an ad-hoc inject sent to one team or to all.

It writes nothing but the injects, each through the team's Game (committed with the
optimistic sequence check, like every other terminal's move). Team names, titles and
positions come from the sessions and are shown as literal cells."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from tabletop.sessions.store import StoreError

from ..footer import Footer
from ..literal import cell, plain
from ..modals import ConfirmScreen, NoteScreen
from .common import Localized

POLL = 1.0  # seconds between looks at the store


def idle_text(seconds: int | None) -> str:
    """Time since the last decision: ``m:ss`` under an hour, ``XhYYm`` after."""
    if seconds is None:
        return "-"
    if seconds < 3600:
        return f"{seconds // 60}:{seconds % 60:02d}"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


def _fit(text: str, cols: int) -> str:
    from tabletop.engine.text import clean, width

    text = clean(text)
    if width(text) <= cols:
        return text
    while text and width(text) > cols - 1:
        text = text[:-1]
    return text + "…"


class ControlScreen(Localized, Screen):
    BINDINGS = [
        Binding("i", "inject_team", "Inject to team"),
        Binding("a", "inject_all", "Inject to all"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]
    LABELS = {
        "inject_team": "cc_inject_team",
        "inject_all": "cc_inject_all",
        "help": "k_help",
        "quit": "k_quit",
    }

    def __init__(self, exercise, now=None) -> None:
        """``now() -> datetime`` stands for the clock (snapshot tests)."""
        super().__init__()
        self.exercise = exercise
        self.now = now or (lambda: datetime.now().astimezone())
        self.teams: list = []
        self.last_error = ""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="cc-status", markup=False)
        yield DataTable(id="cc-teams", cursor_type="row", zebra_stripes=True)
        yield Static(id="cc-said", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.relabel()
        self.set_interval(POLL, self.refresh_all)

    def on_resize(self) -> None:
        if self.is_mounted:
            self.refresh_all()

    def relabel(self) -> None:
        super().relabel()
        self.title = self.app.t("cc_title")
        self.sub_title = self.exercise.name
        if self.is_mounted:
            self.refresh_all()

    # -- drawing -----------------------------------------------------------------------

    def refresh_all(self) -> None:
        t = self.app.t
        now = self.now()
        try:
            self.teams = self.exercise.teams(self.app.lang, now)
        except StoreError as e:  # the store unreachable for a moment: say so, keep the last rows
            said = self.app.words(e)
            if said != self.last_error:
                self.last_error = said
                self.notify(said, severity="error", timeout=10)
            return
        self.last_error = ""
        stalled = sum(tm.stalled for tm in self.teams)
        minutes = self.exercise.stalled_seconds / 60
        parts = [
            t("cc_teams", n=len(self.teams)),
            t("cc_stalled", n=stalled, m=f"{minutes:g}"),
            now.strftime("%H:%M:%S"),
        ]
        self.query_one("#cc-status", Static).update(plain(" · ".join(parts)))
        self._table()

    def _table(self) -> None:
        from tabletop.engine.text import width

        t = self.app.t
        table = self.query_one(DataTable)
        keep = self.selected
        table.clear(columns=True)
        states = {
            "playing": t("st_playing"),
            "ended": t("st_ended"),
            "abandoned": t("st_abandoned"),
            "error": t("cc_error"),
        }
        stalled_word = t("cc_stalled_mark")
        widths = {
            "cc_col_team": max([width(t("cc_col_team")), *(min(16, width(tm.team)) for tm in self.teams)]),
            "cc_col_dec": max(3, width(t("cc_col_dec"))),
            "cc_col_score": max(5, width(t("cc_col_score"))),
            "cc_col_idle": max(6, width(t("cc_col_idle"))),
            # the states on screen only: the room goes to the scenario's title
            "cc_col_state": max(
                [width(t("cc_col_state"))]
                + [
                    width(stalled_word if tm.stalled else states.get(tm.status, tm.status))
                    for tm in self.teams
                ]
            ),
        }
        # the scenario and the position share what the other columns leave (2 cells of
        # padding each, and the scroll bar)
        room = max(20, self.size.width - sum(widths.values()) - 2 * 7 - 2)
        longest = max([width(t("cc_col_position")), *(width(self._position(tm)) for tm in self.teams)])
        widths["cc_col_position"] = min(longest, room // 2)
        widths["cc_col_scenario"] = room - widths["cc_col_position"]
        order = (
            "cc_col_team",
            "cc_col_scenario",
            "cc_col_position",
            "cc_col_dec",
            "cc_col_score",
            "cc_col_idle",
            "cc_col_state",
        )
        for key in order:
            table.add_column(cell(t(key)), key=key, width=widths[key])  # a str label would be markup
        for tm in self.teams:
            if tm.error:
                row = [tm.team, _fit(tm.error, widths["cc_col_scenario"]), "", "", "", "", states["error"]]
            else:
                position = tm.position + (
                    "" if tm.waiting_for in ("decide", "over") else f" ({tm.waiting_for})"
                )
                row = [
                    _fit(tm.team, widths["cc_col_team"]),
                    _fit(f"{tm.scenario[:9]} {tm.title}", widths["cc_col_scenario"]),
                    _fit(position, widths["cc_col_position"]),
                    str(tm.decisions),
                    str(tm.score),
                    idle_text(tm.idle) if tm.status == "playing" else "-",
                    stalled_word if tm.stalled else states.get(tm.status, tm.status),
                ]
            # a stalled team stands out in colour and in words (NO_COLOR keeps the words)
            style = "bold reverse" if tm.stalled else ""
            table.add_row(
                cell(row[0], style),
                cell(row[1], style),
                cell(row[2], style),
                cell(row[3], style),
                cell(row[4], style),
                cell(row[5], style),
                cell(row[6], style),
                key=tm.session,
            )
        names = [tm.session for tm in self.teams]
        if keep in names:
            table.move_cursor(row=names.index(keep), animate=False)

    @staticmethod
    def _position(tm) -> str:
        """The entry the story is at, and what it waits for when it is not an answer."""
        return tm.position + ("" if tm.waiting_for in ("decide", "over") else f" ({tm.waiting_for})")

    @property
    def selected(self) -> str | None:
        """The session of the highlighted row."""
        table = self.query_one(DataTable)
        if not self.teams or table.cursor_row is None or not 0 <= table.cursor_row < len(self.teams):
            return None
        return self.teams[table.cursor_row].session

    # -- actions -----------------------------------------------------------------------

    def _send(self, text: str, teams: list[str] | None) -> None:
        t = self.app.t
        try:
            done = self.exercise.send(text, teams)
        except StoreError as e:
            self.notify(self.app.words(e), severity="error", timeout=10)
            return
        said = t("cc_sent", n=len(done)) if done else t("cc_sent_none")
        self.query_one("#cc-said", Static).update(plain(said))  # stays until the next one
        self.refresh_all()

    def action_inject_team(self) -> None:
        t, name = self.app.t, self.selected
        if name is None:
            self.notify(t("cc_no_team"), severity="warning")
            return
        team = next(tm.team for tm in self.teams if tm.session == name)

        def text(body) -> None:
            if body:
                self._send(body, [name])

        self.app.push_screen(NoteScreen(t("cc_inject_to", team=team)), text)

    def action_inject_all(self) -> None:
        from tabletop.engine.text import clean

        t = self.app.t
        playing = [tm for tm in self.teams if tm.status == "playing"]
        if not playing:
            self.notify(t("cc_sent_none"), severity="warning")
            return

        def text(body) -> None:
            if not body:
                return

            def go(yes) -> None:
                if yes:
                    self._send(body, [tm.session for tm in playing])

            confirm = ConfirmScreen(
                t("cc_confirm_all", n=len(playing)), clean(body), t("cc_send"), t("cancel")
            )
            self.app.push_screen(confirm, go)

        self.app.push_screen(NoteScreen(t("cc_inject_all_title", n=len(playing))), text)

    def action_quit(self) -> None:
        self.app.exit()
