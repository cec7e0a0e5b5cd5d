"""Saved sessions: resume, rename or delete one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import (
    DataTable,
    Header,
    Static,
)

from ..footer import Footer
from ..literal import cell
from .common import Localized


class SessionsScreen(Localized, Screen):
    BINDINGS = [
        Binding("enter", "resume", "Resume", priority=True),
        Binding("r", "rename", "Rename"),
        Binding("d", "delete", "Delete"),
        Binding("escape", "back", "Back"),
        Binding("question_mark", "help", "Help", key_display="?"),
    ]
    LABELS = {
        "resume": "k_resume",
        "rename": "k_rename",
        "delete": "k_delete",
        "back": "back",
        "help": "k_help",
    }

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
        from tabletop.engine.text import clean, width

        self.rows = self.app.store.list()
        names = max((width(r.name) for r in self.rows), default=8)
        # the title takes the room the other columns leave, so that it is read, not cut to "A"
        # (each column has two cells of padding; the updated column is 11 wide: MM-DD HH:MM)
        states = max(width(t(f"st_{k}")) for k in ("playing", "ended", "abandoned"))
        widths = {
            "col_name": max(names, width(t("col_name"))),
            "col_state": max(states, width(t("col_state"))),
            "col_dec": max(3, width(t("col_dec"))),
            "col_score": max(4, width(t("col_score"))),
            "col_updated": 11,  # MM-DD HH:MM
        }
        # the title takes the room the other columns leave (two cells of padding each), so
        # that it is read, not cut to "A" at 80 columns
        room = max(12, self.size.width - sum(widths.values()) - 2 * 6 - 3)
        widths["col_title"] = room
        for key, w in widths.items():
            table.add_column(cell(t(key)), key=key, width=w)  # a str label would be read as markup
        for r in self.rows:
            title = clean(r.title.get(lang) or r.title.get("en") or r.title.get("any") or r.scenario)
            if width(title) > room:
                while width(title) > room - 1:
                    title = title[:-1]
                title += "…"
            table.add_row(
                cell(r.name),
                cell(t(f"st_{r.status}") if r.status in ("playing", "ended", "abandoned") else r.status),
                cell(str(r.decisions)),
                cell("-" if r.score is None else str(r.score)),
                cell(r.updated[5:16].replace("T", " ")),
                cell(title),
                key=r.name,
            )
        self.query_one("#sess-status", Static).update("" if self.rows else t("no_sessions"))
        table.focus()

    def on_resize(self) -> None:
        self.relabel()

    def _chosen(self):
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None:
            return None
        return self.rows[table.cursor_row]

    def action_delete(self) -> None:
        from ..modals import ConfirmScreen

        r, t = self._chosen(), self.app.t
        if r is None:
            return

        def done(yes):
            if yes:
                self.app.store.delete(r.name)
                self.relabel()
                self.notify(t("deleted", name=r.name), markup=False)

        self.app.push_screen(
            ConfirmScreen(t("delete_q", name=r.name), t("delete_body"), t("yes_delete"), t("cancel")), done
        )

    def action_rename(self) -> None:
        from tabletop.sessions.store import StoreError

        from ..modals import NoteScreen

        r, t = self._chosen(), self.app.t
        if r is None:
            return

        def done(new):
            if not new or new == r.name:
                return
            try:
                self.app.store.rename(r.name, new)
            except StoreError as e:
                self.notify(self.app.words(e), severity="error", markup=False)
                return
            self.relabel()
            self.notify(t("renamed", old=r.name, new=new), markup=False)

        self.app.push_screen(NoteScreen(t("rename_q", name=r.name), r.name, r"[A-Za-z0-9._-]*", 64), done)

    def action_resume(self) -> None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None:
            return
        name = self.rows[table.cursor_row].name
        self.app.pop_screen()
        self.app.resume_session(name)
