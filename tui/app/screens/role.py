"""A role terminal of a facilitated drill: draws only ``engine.views.role`` for its role
(the injects to everyone and to this role, this role's question) and lets the role
propose its answer (digits + Enter, then an optional rationale); the facilitator confirms
or overrides it on the console."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Static

from tabletop.engine import views
from tabletop.engine.play import IllegalMove, offered, released_count
from tabletop.sessions.game import Overtaken
from tabletop.sessions.store import StoreError

from ..literal import plain
from ..modals import NoteScreen
from .common import NumberEntry
from .following import Following


class RoleScreen(NumberEntry, Following):
    BINDINGS = [
        *NumberEntry.DIGITS,
        Binding("enter", "propose", "Propose", priority=True),
        *Following.BINDINGS,
    ]
    LABELS = {"propose": "fk_propose", "quit": "k_quit"}

    def __init__(self, game, role: str) -> None:
        super().__init__(game)
        self.role = role

    def on_mount(self) -> None:
        self.title = self.app.t("fc_role_title", role=self.app.role_name(self.role, self.game.scenario))
        super().on_mount()

    def view(self):
        return views.role(self.game.scenario, self.game.state, self.role, self.app.lang, self.now())

    def _mine(self):
        """The question this role is asked now, once released: (node, question, options)."""
        st = self.game.state
        w = self.game.waiting
        if w.kind != "decide" or self.role not in w.roles or released_count(st) < len(st.feed):
            return None
        q = w.node.question(self.role)
        return w.node, q, offered(q, st)

    def _input(self) -> None:
        t = self.app.t
        hint = t("fc_role_propose", typed=self.typed or "_") if self._mine() else t("fc_role_wait")
        self.query_one("#fw-input", Static).update(plain(hint))

    def action_propose(self) -> None:
        mine, typed = self._mine(), self.take_typed()
        if mine is None or not typed:
            self._input()
            return
        node, q, on_offer = mine
        if not 1 <= int(typed) <= len(on_offer):
            self.notify(self.app.t("fc_no_option", n=int(typed)), severity="warning")
            self._input()
            return
        opt = on_offer[int(typed) - 1]

        def send(text) -> None:
            try:
                self.game.propose(self.role, opt.id, text or "", node=node.id, by=self.role)
                self.notify(self.app.t("fc_proposed", option=opt.text.get(self.app.lang)))
            except Overtaken:
                self.notify(self.app.t("fc_overtaken"), severity="warning")
            except StoreError as e:
                self.notify(self.app.words(e), severity="error", timeout=10)
            except (IllegalMove, KeyError) as e:
                self.notify(self.app.words(e), severity="warning")
            self.refresh_all()

        self.app.push_screen(
            NoteScreen(self.app.t("fc_rationale_title", option=opt.text.get(self.app.lang))), send
        )
