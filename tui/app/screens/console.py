"""The facilitator console of a facilitated drill: clocks, the feed with what is held,
the question at hand with everything the facilitator may know, and the keys that run the
room (release, pause, record the answer, rule, ad-hoc injects, observations, adjustments,
overrides, proposals, the hotwash).

Every action goes through ``Game`` (recorded and committed before it is shown). The
console holds the session's console lock, renewed every few seconds; a second console on
the same session is refused with a message naming the first (read-only watching is what
the projector is for)."""

from __future__ import annotations

import contextlib
import secrets

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from tabletop.engine import views
from tabletop.engine.play import IllegalMove, released_count
from tabletop.sessions import console as fac
from tabletop.sessions.game import Overtaken, stamp
from tabletop.sessions.store import ConsoleTaken, StoreError

from ..footer import Footer
from ..literal import plain
from ..modals import NoteScreen, RulingScreen
from .common import Localized, LogFollower, NumberEntry
from .view_text import collapse, render, status_line

HEARTBEAT = 5.0  # seconds; the lock is taken for dead after STALE_SECONDS (15) without one
POLL = 0.3  # seconds between looks at the log (a role's proposal, another terminal)


class ConsoleScreen(LogFollower, NumberEntry, Localized, Screen):
    BINDINGS = [
        *NumberEntry.DIGITS,
        Binding("enter", "record", "Record", priority=True),
        Binding("r", "release", "Release"),
        Binding("space", "pause", "Pause"),
        Binding("c", "confirm", "Confirm"),
        Binding("a", "adhoc", "Ad-hoc"),
        Binding("o", "observe", "Observe"),
        Binding("j", "adjust", "Adjust"),
        Binding("v", "override", "Override"),
        Binding("h", "hotwash", "Hotwash"),
        Binding("d", "debrief", "Debrief"),
        Binding("question_mark", "keys", "Keys", key_display="?"),
        Binding("q", "quit", "Quit"),
        Binding("pageup", "scroll(-1)", show=False, priority=True),
        Binding("pagedown", "scroll(1)", show=False, priority=True),
    ]
    LABELS = {
        "record": "fk_record",
        "release": "fk_release",
        "pause": "fk_pause",
        "confirm": "fk_confirm",
        "adhoc": "fk_adhoc",
        "observe": "fk_observe",
        "adjust": "fk_adjust",
        "override": "fk_override",
        "hotwash": "fk_hotwash",
        "debrief": "fk_debrief",
        "keys": "fk_keys",
        "quit": "k_quit",
    }

    def __init__(self, game) -> None:
        super().__init__()
        self.game = game
        self.token = secrets.token_hex(8)
        self.held_lock = False
        self._drawn = -1  # the events drawn: the body goes back to its top when they change

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="fc-status", markup=False)
        with VerticalScroll(id="fc-body"):
            yield Static(id="fc-view", markup=False)
        yield Static(id="fc-input", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.relabel()
        self.title = self.app.t("fc_console_title")
        self.sub_title = self.game.name or ""
        if self.game.store is not None and self.game.name:
            try:
                self.game.store.claim_console(self.game.name, self.token)
            except ConsoleTaken as e:
                h = e.holder
                self.app.exit_message = self.app.t(
                    "fc_console_taken", name=h.session, host=h.host, pid=h.pid, since=h.since
                )
                self.app.exit(return_code=2)
                return
            self.held_lock = True
            self.set_interval(HEARTBEAT, self._heartbeat)
            self.set_interval(POLL, self._follow)
            self.follow_live()
        self.set_interval(1, self._tick)
        self.refresh_all()

    def on_unmount(self) -> None:
        self._release_lock()

    def _release_lock(self) -> None:
        if self.held_lock:
            self.held_lock = False
            # the database gone: the lock goes stale by itself
            with contextlib.suppress(StoreError):
                self.game.store.release_console(self.game.name, self.token)

    def _heartbeat(self) -> None:
        try:
            alive = self.game.store.heartbeat_console(self.game.name, self.token)
        except StoreError:
            return
        if not alive:
            self.held_lock = False
            self.notify(self.app.t("fc_lock_lost"), severity="error", timeout=15)

    def _tick(self) -> None:
        self._status()

    def on_resize(self) -> None:
        self.refresh_all()

    # -- drawing ---------------------------------------------------------------------

    def view(self):
        return views.facilitator(self.game.scenario, self.game.state, self.app.lang, stamp())

    def _status(self) -> None:
        v = self.view()
        st = self.game.state
        held = len(st.feed) - released_count(st)
        line = status_line(v, self.app.t) + " · " + self.app.t("fc_score", n=st.score)
        if held:
            line += " · " + self.app.t("fc_held_count", n=held)
        self.query_one("#fc-status", Static).update(plain(line))

    def refresh_all(self) -> None:
        if not self.is_mounted:
            return
        self._status()
        cols = max(20, self.size.width - 4)
        v = self.view()
        self.query_one("#fc-view", Static).update(
            render(collapse(v, self.game.scenario, self.game.state), self.app.t, cols, when=self._when)
        )
        if len(self.game.events) != self._drawn:  # the story moved: back to its top
            self._drawn = len(self.game.events)
            body = self.query_one("#fc-body", VerticalScroll)
            self.call_after_refresh(body.scroll_home, animate=False)
        self._input()

    def _when(self, minutes: int) -> str:
        return views.time_of_day(self.game.scenario, minutes)

    def _input(self) -> None:
        t = self.app.t
        at = fac.question_at_hand(self.game.scenario, self.game.state)
        st = self.game.state
        if st.ended:
            hint = t("fc_hint_end")
        elif at is None:
            hint = t("fc_hint_release") if released_count(st) < len(st.feed) else t("fc_hint_wait")
        else:
            node, q, on_offer = at
            role = self.app.role_name(q.role, self.game.scenario)
            hint = t("fc_hint_answer", role=role, typed=self.typed or "_")
            # the role's proposal on the input line: the body may be scrolled away from it
            p = next((p for p in st.proposals if (p.node, p.role) == (node.id, q.role)), None)
            n = next((i for i, o in enumerate(on_offer, 1) if p and o.id == p.option), None)
            if n is not None:
                hint = t("fc_hint_proposal", role=role, n=n, text=p.text) + " " + hint
        self.query_one("#fc-input", Static).update(plain(hint))

    # -- acting ----------------------------------------------------------------------

    def _do(self, fn, *a, **kw) -> bool:
        """Run a Game action; say so and redraw when another terminal's move came first."""
        try:
            fn(*a, **kw)
        except Overtaken:
            self.notify(self.app.t("fc_overtaken"), severity="warning")
        except StoreError as e:
            self.notify(self.app.words(e), severity="error", timeout=10)
            return False
        except (IllegalMove, KeyError, ValueError) as e:  # the rule it broke, in the console's language
            self.notify(self.app.words(e), severity="warning", timeout=8)
            return False
        finally:
            self.refresh_all()
        return True

    @property
    def me(self) -> str:
        return self.game.state.facilitator or "facilitator"

    def action_record(self) -> None:
        """Record the team's answer: the option numbered as typed, then (optionally) the
        rationale; a ruled option then asks for the rating against its rubric."""
        at = fac.question_at_hand(self.game.scenario, self.game.state)
        typed = self.take_typed()
        if at is None or not typed:
            self._input()
            return
        node, q, on_offer = at
        n = int(typed)
        if not 1 <= n <= len(on_offer):
            self.notify(self.app.t("fc_no_option", n=n), severity="warning")
            self._input()
            return
        self._answer(node, q, on_offer[n - 1])

    def _answer(self, node, q, opt) -> None:
        lang = self.app.lang
        if opt.ruled:

            def ruled(result) -> None:
                if result is not None:
                    text, level = result
                    if self._do(self.game.decide, node.id, q.role, opt.id, self.me, text):
                        self._do(self.game.rule, node.id, q.role, level, by=self.me)

            self.app.push_screen(RulingScreen(opt, lang, opt.open), ruled)
            return

        def rationale(text) -> None:
            self._do(self.game.decide, node.id, q.role, opt.id, self.me, text or "")

        self.app.push_screen(
            NoteScreen(self.app.t("fc_rationale_title", option=opt.text.get(lang))), rationale
        )

    def action_confirm(self) -> None:
        """Record the role's proposal as the answer (digits + Enter records another option:
        that is the override of a proposal)."""
        at = fac.question_at_hand(self.game.scenario, self.game.state)
        if at is None:
            return
        node, q, on_offer = at
        p = next((p for p in self.game.state.proposals if p.role == q.role and p.node == node.id), None)
        opt = next((o for o in on_offer if p and o.id == p.option), None)
        if opt is None:
            self.notify(self.app.t("fc_no_proposal"))
            return
        if opt.ruled:
            self._answer(node, q, opt)
            return
        self._do(self.game.decide, node.id, q.role, opt.id, self.me, p.text)

    def action_release(self) -> None:
        st = self.game.state
        if released_count(st) >= len(st.feed):
            self.notify(self.app.t("fc_nothing_held"))
            return
        self._do(self.game.release, by=self.me)

    def action_pause(self) -> None:
        if self.game.state.paused:
            self._do(self.game.resume_play, by=self.me)
        else:
            self._do(self.game.pause, by=self.me)

    def action_adhoc(self) -> None:
        t, roles = self.app.t, self.game.state.roles

        def text(body) -> None:
            if not body:
                return

            def to(who) -> None:
                picked = fac.parse_roles(who or "", roles)
                if picked is None:
                    self.notify(t("fc_bad_roles", roles=", ".join(roles)), severity="warning")
                    return
                self._do(self.game.adhoc, body, picked, by=self.me)

            self.app.push_screen(NoteScreen(t("fc_adhoc_to", roles=", ".join(roles))), to)

        self.app.push_screen(NoteScreen(t("fc_adhoc_title")), text)

    def action_observe(self) -> None:
        t, sc = self.app.t, self.game.scenario

        def text(body) -> None:
            if not body:
                return
            if not fac.tasks(sc):
                self._do(self.game.observe, body, by=self.me)
                return

            def rated(code) -> None:
                parsed = fac.parse_rating(code or "", sc)
                if parsed is None:
                    self.notify(t("fc_bad_rating"), severity="warning")
                    return
                ob, task, rating = parsed
                self._do(self.game.observe, body, ob, task, rating, by=self.me)

            self.app.push_screen(NoteScreen(t("fc_rate_title", n=len(fac.tasks(sc)))), rated)

        self.app.push_screen(NoteScreen(t("fc_observe_title")), text)

    def action_adjust(self) -> None:
        def typed(raw) -> None:
            if not raw:
                return
            parsed = fac.parse_adjustment(raw)
            if parsed is None:
                self.notify(self.app.t("fc_bad_adjust"), severity="warning")
                return
            self._do(self.game.adjust, parsed[0], parsed[1], by=self.me)

        self.app.push_screen(NoteScreen(self.app.t("fc_adjust_title")), typed)

    def action_override(self) -> None:
        """Send the story to another node than the graph would: typed as "node reason"."""

        def typed(raw) -> None:
            if not raw:
                return
            to, _, reason = raw.partition(" ")
            if to not in self.game.scenario.nodes:
                self.notify(self.app.t("fc_bad_node", node=to), severity="warning")
                return
            self._do(self.game.override, to, reason.strip(), by=self.me)

        self.app.push_screen(NoteScreen(self.app.t("fc_override_title")), typed)

    def action_hotwash(self) -> None:
        """Put the debrief questions to the room, one at a time, and record each answer
        typed (an empty answer skips the question)."""
        t = self.app.t
        asked = fac.hotwash_questions(self.game.scenario, self.game.state, self.app.lang) or [
            t("fc_hotwash_well"),
            t("fc_hotwash_change"),
        ]

        def ask(i: int) -> None:
            if i >= len(asked):
                self.notify(t("fc_hotwash_done"))
                return

            def answered(text) -> None:
                if text:
                    self._do(self.game.hotwash, asked[i], text, by=self.me)
                ask(i + 1)

            self.app.push_screen(NoteScreen(t("fc_hotwash_q", i=i + 1, n=len(asked), q=asked[i])), answered)

        ask(0)

    def action_debrief(self) -> None:
        if not self.game.state.ended:
            self.notify(self.app.t("fc_not_ended"))
            return
        from .debrief import DebriefScreen

        self.app.push_screen(DebriefScreen(self.game, ref=""))

    def action_keys(self) -> None:
        self.notify(self.app.t("fc_keys_help"), timeout=15)

    def action_scroll(self, d: int) -> None:
        body = self.query_one("#fc-body", VerticalScroll)
        body.scroll_page_down() if d > 0 else body.scroll_page_up()

    def action_quit(self) -> None:
        self._release_lock()
        self.app.exit()
