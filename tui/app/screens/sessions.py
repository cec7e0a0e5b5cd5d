"""Saved sessions, to resume one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    Static,
)

from ..literal import cell
from .common import Localized


class SessionsScreen(Localized, Screen):
    BINDINGS = [
        Binding("enter", "resume", "Resume", priority=True),
        Binding("escape", "back", "Back"),
        Binding("question_mark", "help", "Help", key_display="?"),
    ]
    LABELS = {"resume": "k_resume", "back": "back", "help": "k_help"}

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Static(id="sess-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        super().relabel()
        t, lang = self.app.t, self.app.lang
        self.sub_title = t("sessions")
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for key in ("col_name", "col_state", "col_dec", "col_score", "col_updated", "col_title"):
            table.add_column(t(key), key=key)
        self.rows = self.app.store.list()
        for r in self.rows:
            title = r.title.get(lang) or r.title.get("en") or r.title.get("any") or r.scenario
            table.add_row(
                cell(r.name),
                cell(t(f"st_{r.status}") if r.status in ("playing", "ended", "abandoned") else r.status),
                cell(str(r.decisions)),
                cell("-" if r.score is None else str(r.score)),
                cell(r.updated[:16].replace("T", " ")),
                cell(title),
                key=r.name,
            )
        self.query_one("#sess-status", Static).update("" if self.rows else t("no_sessions"))
        table.focus()

    def action_resume(self) -> None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None:
            return
        name = self.rows[table.cursor_row].name
        self.app.pop_screen()
        self.app.resume_session(name)
