"""The play screen: feed, clock and meters, role tabs, the decision panel."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import (
    Header,
    OptionList,
    Static,
    Tab,
    Tabs,
)
from textual.widgets.option_list import Option

from tabletop.engine.play import AdHoc, Decided, Ended, Noted, fragments, offered
from tabletop.sessions.game import Overtaken
from tabletop.sessions.store import StoreError

from ..feed_view import FeedView
from ..footer import Footer
from ..literal import numbered, plain, wrapped
from ..modals import ConfirmScreen, FeedbackScreen, NoteScreen, PassScreen, RulingScreen
from . import self_assessment
from .common import Localized, _Diag, _file_stamp
from .debrief import DebriefScreen
from .graph import GraphScreen


class PlayScreen(Localized, Screen):
    BINDINGS = [
        Binding("1", "pick(1)", show=False, priority=True),
        Binding("2", "pick(2)", show=False, priority=True),
        Binding("3", "pick(3)", show=False, priority=True),
        Binding("4", "pick(4)", show=False, priority=True),
        Binding("5", "pick(5)", show=False, priority=True),
        Binding("6", "pick(6)", show=False, priority=True),
        Binding("7", "pick(7)", show=False, priority=True),
        Binding("8", "pick(8)", show=False, priority=True),
        Binding("9", "pick(9)", show=False, priority=True),
        Binding("enter", "confirm", "Confirm", priority=True),
        Binding("n", "note", "Note"),
        Binding("o", "order", "Feed order"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
        # the arrows move between options; the feed scrolls with these, whatever has focus
        Binding("pageup", "feed(-1)", show=False, priority=True),
        Binding("pagedown", "feed(1)", show=False, priority=True),
    ]
    LABELS = {
        "confirm": "k_confirm",
        "note": "k_note",
        "order": "k_order",
        "help": "k_help",
        "quit": "k_quit",
    }
    COMMANDS_HERE = (
        ("note", "cmd_note", "n"),
        ("order", "cmd_order", "o"),
        ("graph", "cmd_graph", ""),
        ("library", "cmd_library", ""),
    )

    @property
    def spoilers_allowed(self) -> bool:
        """The graph stars the best option at every decision: an answer key. It is open
        only in learn mode and in the author's preview, never in an exercise."""
        return bool(self.learn or self.watch)

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "graph":
            return self.spoilers_allowed
        return True

    def action_graph(self) -> None:
        if not self.spoilers_allowed:
            self.notify(self.app.t("no_graph_in_play"), severity="warning")
            return
        self.app.push_screen(GraphScreen(self.game.scenario))

    def __init__(
        self, game, learn=False, timer=None, ref="", resumed=False, watch: str | None = None
    ) -> None:
        super().__init__()
        self.game = game
        self.watch = watch  # a scenario file to reload when it is saved (authoring preview)
        self._stamp = _file_stamp(watch) if watch else None
        self.learn = learn
        self.timer = timer
        self._rating_opened: tuple | None = None  # the pending rating whose dialog was opened
        self.ref = ref
        self.resumed = resumed
        self.newest_first = False
        self.tab = "all"
        self.seat: str | None = None
        self.prev_vars = dict(game.state.vars)
        self.deltas: dict[str, int] = {}
        self.left: int | None = None
        self.timer_noted = False
        self.question = None
        self.passing = False  # the hot-seat pass screen is up: nothing of the next role is drawn

    @property
    def hotseat(self) -> bool:
        return self.game.state.mode == "hotseat"

    def compose(self) -> ComposeResult:
        yield Header()
        if self.watch:
            yield Static(id="watch", markup=False)
        yield Static(id="status", markup=False)
        yield Tabs(id="role-tabs")
        with VerticalScroll(id="feed"):
            yield FeedView(id="feed-view")
        with Vertical(id="decision"):
            yield Static(id="d-head", markup=False)
            yield Static(id="d-prompt", markup=False)
            yield OptionList(id="options")
        yield Footer()

    def on_resize(self) -> None:
        self.refresh_all()

    def _wrapped(self, text: str, spare: int = 4) -> Content:
        """Text wrapped here rather than by the widget, so that Japanese lines never start
        with closing punctuation (the terminal width less padding and scroll bar)."""
        from tabletop.engine.text import clean

        return wrapped(clean(text or "").strip(), max(20, self.size.width - 2 - spare - 2))

    @staticmethod
    def _body(text: str | None) -> Content:
        """A feed entry's text: literal, its paragraphs kept; FeedView wraps it to its own
        width (Japanese-aware, see literal.wrap_lines)."""
        from tabletop.engine.text import clean

        return Content(clean(text or "").strip())

    def on_mount(self) -> None:
        self.relabel()
        self._tabs()
        if not self.spoilers_allowed and not self.game.state.ended and self.game.name:
            self.app.open_exercises[self.game.scenario.id] = self.game.name
        if self.resumed:
            self.notify(self.app.t("resumed", n=self.game.decisions))
        self.set_interval(1, self._tick)
        if self.watch:
            self.set_interval(0.5, self._poll)
            self._watch_status([])
        self.refresh_all()

    # -- live preview (--watch) --------------------------------------------------------

    def _watch_status(self, diags, reloaded: bool = False) -> None:
        import time

        t = self.app.t
        errors = [d for d in diags if d.severity == "error"]
        head = t("watching", path=self.watch) + (
            " · " + t("reloaded", at=time.strftime("%H:%M:%S")) if reloaded else ""
        )
        if not diags:
            body = head + " · " + t("no_findings")
        else:
            shown = "\n".join(str(d) for d in diags[:8])
            more = f"\n… {len(diags) - 8}" if len(diags) > 8 else ""
            body = (
                head
                + " · "
                + t("findings", n=len(diags))
                + (" " + t("kept_old") if errors else "")
                + "\n"
                + shown
                + more
            )
        w = self.query_one("#watch", Static)
        w.update(plain(body))
        w.set_class(bool(errors), "errors")

    def _poll(self) -> None:
        stamp = _file_stamp(self.watch)
        if stamp == self._stamp:
            return
        self._stamp = stamp
        self.reload()

    def reload(self) -> None:
        """Load the file again; on success start over with the same seed and replay the answers
        given so far while they still fit, so the author stays where they were."""
        from tabletop.engine.catalog import load
        from tabletop.engine.play import Decided, IllegalMove, Ruled
        from tabletop.sessions.game import Game, catalog_for

        try:
            scenario, diags = load(self.watch, self.app.catalog, deep=True)
        except Exception as e:  # a file being written, an unreadable folder...
            self._watch_status([_Diag(f"{self.watch}: {e}")], reloaded=True)
            return
        if scenario is None or any(d.severity == "error" for d in diags):
            self._watch_status(diags, reloaded=True)
            return
        old = self.game
        answers = [e for e in old.events if isinstance(e, (Decided, Ruled))]
        game = Game.new(
            scenario, catalog_for(self.watch, self.app.catalog), self.watch, None, None,
            old.state.seed, old.state.roles, old.state.lang, old.state.mode,
        )  # fmt: skip
        for a in answers:
            w = game.waiting
            if w.kind not in ("decide", "rule") or w.node.id != a.node or a.role not in w.roles:
                break
            try:
                if isinstance(a, Ruled):
                    game.rule(a.node, a.role, a.level, a.by)
                else:
                    game.decide(a.node, a.role, a.option, text=a.text)
            except (IllegalMove, KeyError):
                break
        self.game = game
        self.question = None
        self._watch_status(diags, reloaded=True)
        self.relabel()

    def relabel(self) -> None:
        super().relabel()
        sc = self.game.scenario
        session = self.app.t("session", name=self.game.name) if self.game.name else self.app.t("preview")
        self.sub_title = sc.title.get(self.app.lang) + " · " + session
        if self.is_mounted:
            self._tabs()
            self.refresh_all()

    def _tabs(self) -> None:
        # new ids each time: the old tabs are removed only after this returns
        self._tab_gen = getattr(self, "_tab_gen", 0) + 1
        g = self._tab_gen
        tabs = self.query_one(Tabs)
        tabs.clear()
        if self.hotseat:
            if self.seat:
                tabs.add_tab(
                    Tab(plain(self.app.role_name(self.seat, self.game.scenario)), id=f"r{g}-{self.seat}")
                )
            return
        tabs.add_tab(Tab(self.app.t("all_roles"), id=f"r{g}-all"))
        for r in self.game.scenario.roles:
            tabs.add_tab(Tab(plain(self.app.role_name(r, self.game.scenario)), id=f"r{g}-{r}"))
        want = f"r{g}-{self.tab}"

        def keep_tab() -> None:
            if tabs.query(f"#{want}"):
                tabs.active = want

        self.call_after_refresh(keep_tab)

    @on(Tabs.TabActivated)
    def _tab(self, event: Tabs.TabActivated) -> None:
        if event.tab is None or event.tab.id is None:
            return
        self.tab = event.tab.id.split("-", 1)[1]
        self._feed()
        self.query_one(OptionList).focus()

    # -- drawing -----------------------------------------------------------------------

    def refresh_all(self) -> None:
        self._status()
        self._feed()
        self._decision()

    def _status(self) -> None:
        from tabletop.engine.report import clock_label

        g, lang = self.game, self.app.lang
        sc = g.scenario
        parts = [f"⏲ {clock_label(sc.clock_start, g.state.clock, lang)}"]
        for v in sc.meters:
            val = g.state.vars.get(v.name, v.start)
            span = max(1, v.max - v.min)
            filled = max(0, min(5, round(5 * (val - v.min) / span)))
            d = self.deltas.get(v.name, 0)
            delta = f" ({d:+d})" if d else ""
            name = v.label.get(lang) if v.label else v.name
            parts.append(f"{name} {'■' * filled}{'□' * (5 - filled)} {val}{delta}")
        self.query_one("#status", Static).update(plain(" │ ".join(parts)))

    def _visible(self, nid: str) -> bool:
        node = self.game.scenario.nodes[nid]
        if not node.audience:
            return True
        who = self.seat if self.hotseat else (None if self.tab == "all" else self.tab)
        if who is None:
            return True
        return who in node.audience

    def _adhoc_visible(self, inject) -> bool:
        """An ad-hoc inject to every role, or to the role whose tab or seat this is."""
        if not inject.roles:
            return True
        who = self.seat if self.hotseat else (None if self.tab == "all" else self.tab)
        return who is None or who in inject.roles

    def _feed(self) -> None:
        from tabletop.engine.report import clock_label

        g, lang, t = self.game, self.app.lang, self.app.t
        sc = g.scenario
        entries = []
        choices = list(g.state.choices)
        due = {d.id: d for d in sc.deadlines}
        # stamped and placed at the time each fell due, not when the clock was next looked at
        fired = [(due[did].at, due[did]) for did, missed, _ in g.state.deadlines if missed]

        def deadlines_until(clock: int | None) -> None:
            # a consequence that fired comes before the first entry after it on the clock
            while fired and (clock is None or fired[0][0] < clock):
                at, d = fired.pop(0)
                when = clock_label(sc.clock_start, at, lang)
                src = f" ({t('source', who=d.source.get(lang))})" if d.source else ""
                entries.append(
                    Content.assemble(
                        (
                            f"!! [{when}] " + t("deadline_missed", title=d.title.get(lang)) + src,
                            "bold reverse",
                        ),
                        "\n",
                        self._body(d.text.get(lang)),
                    )
                )

        def adhoc_after(position: int) -> None:
            # an ad-hoc inject (from a facilitator or the control cell) comes after the
            # entries the team had seen when it arrived; literal text like every entry
            for a in g.state.adhoc:
                if a.position == position and self._adhoc_visible(a):
                    when = clock_label(sc.clock_start, a.clock, lang)
                    entries.append(
                        Content.assemble(
                            (f"★ [{when}] {t('adhoc_inject')}", "bold reverse"), "\n", self._body(a.text)
                        )
                    )

        adhoc_after(0)
        for i, (nid, at) in enumerate(zip(g.state.feed, g.state.times, strict=True)):
            node = sc.nodes[nid]
            stamp = clock_label(sc.clock_start, at, lang)
            deadlines_until(at)
            if node.kind == "inject":
                if self._visible(nid):
                    aud = ", ".join(self.app.role_name(r, self.game.scenario) for r in node.audience)
                    head = f"[{stamp}]" + (f" → {aud}" if aud else "")
                    if node.source:
                        head += f" ({t('source', who=node.source.get(lang))})"
                    entries.append(Content.assemble((head, "bold"), "\n", self._body(node.text.get(lang))))
                else:
                    aud = ", ".join(self.app.role_name(r, self.game.scenario) for r in node.audience)
                    entries.append(Content.styled(f"[{stamp}] " + t("hidden", roles=aud), "dim italic"))
            elif node.kind == "decision":
                taken = [c for c in choices if c.node == nid]
                later = [j for j, n in enumerate(g.state.feed) if n == nid and j > i]
                for c in taken:
                    if later and c.clock > g.state.times[later[0]]:
                        continue
                    opt = node.question(c.role).option(c.option)
                    entries.append(
                        Content.assemble(
                            (f"✓ [{stamp}] {self.app.role_name(c.role, self.game.scenario)}: ", "bold"),
                            plain(opt.text.get(lang)),
                        )
                    )
                    choices.remove(c)
            elif node.kind == "ending":
                deadlines_until(None)
                title = node.title.get(lang) if node.title else nid
                told = [node.text.get(lang), *(f.get(lang) for f in fragments(node, g.state))]
                entries.append(
                    Content.assemble(
                        (f"■ {t('ending')}: ", "bold"),
                        (title, "bold"),
                        "\n",
                        self._body("\n".join(told)),
                    )
                )
            adhoc_after(i + 1)
        deadlines_until(None)
        if self.newest_first:
            entries.reverse()
        feed = self.query_one("#feed", VerticalScroll)
        view = self.query_one(FeedView)
        view.show(entries)
        if entries:
            # the newest entry is read from its first line: scroll so that it starts at the top
            newest = 0 if self.newest_first else len(entries) - 1
            self.set_timer(0.05, lambda: feed.scroll_to(y=view.start_of(newest), animate=False))

    def _decision(self) -> None:
        g, t = self.game, self.app.t
        w = g.waiting
        head = self.query_one("#d-head", Static)
        prompt = self.query_one("#d-prompt", Static)
        options = self.query_one(OptionList)
        options_before = options.highlighted
        options.clear_options()
        if w.kind == "rule":  # resumed between an answer and its rating
            last = g.state.choices[-1]
            opt = w.node.question(last.role).option(last.option)
            self.question = None
            head.update(Content.styled(t("rate_pending"), "bold"))
            prompt.update(self._wrapped(opt.text.get(self.app.lang), 2))
            options.add_option(Option(Content(t("rate_now")), id="rate"))
            options.highlighted = 0
            options.focus()
            # the dialog opens by itself once; cancelled, it waits for Enter (a refresh
            # reopening it would leave no way out of it)
            key = (w.node.id, last.role, len(g.state.choices))
            if self._rating_opened != key:
                self._rating_opened = key
                self._open_rating()
            return
        if w.kind != "decide":
            self.question = None
            self.left = None
            state = g.state
            if state.ended and not state.abandoned:
                node = g.scenario.nodes[state.node]
                head.update(
                    Content.styled(
                        f"{t('ending')}: " + (node.title.get(self.app.lang) if node.title else ""), "bold"
                    )
                )
            else:
                head.update("")
            prompt.update("")
            # the debrief (its searches, the report's modules) is made while the ending is
            # read, in a thread: Enter then shows it at once (DebriefScreen takes it ready).
            # Once per state: this branch is drawn again on a resize or a change of language
            if g.debrief_ready() is None:
                self.run_worker(g.debrief, thread=True, exclusive=True, group="debrief-ahead")
            waiting = g.awaiting_own_rating()
            if waiting:  # alone, the players rate what only a rating shows
                options.add_option(Option(Content("→ " + t("assess_now", n=len(waiting))), id="assess"))
            options.add_option(Option(Content("→ " + t("to_debrief")), id="debrief"))
            options.highlighted = 0
            options.focus()
            return
        role = w.roles[0]
        if self.hotseat and self.seat != role and role in g.state.roles:
            # the pass: a blank screen over a play screen that still holds only what the
            # outgoing role knew; the next role's feed and question are drawn after the
            # new player confirms
            self.question = None
            head.update("")
            prompt.update("")
            if not self.passing:
                self.passing = True
                self.app.push_screen(
                    PassScreen(self.app.role_name(role, self.game.scenario)), lambda _: self._seated(role)
                )
            return
        q = w.node.question(role)
        keep = options_before if self.question == (w.node, q) else None
        self.question = (w.node, q)
        # two columns spare: a closing mark may hang past the edge rather than start a line
        cols = min(options.scrollable_content_region.width or 999, self.size.width - 6) - 3
        if self.timer and self.left is None:
            self.left = self.timer
            self.timer_noted = False
        self.overflow = False
        self._head()
        prompt.update(self._wrapped(q.prompt.get(self.app.lang), 2))
        lang = self.app.lang
        shown = list(offered(q, g.state))
        texts = []
        for i, o in enumerate(shown, 1):
            text = o.text.get(lang) + (f" {t('open_mark')}" if o.open else "")
            if o.argument_for:
                text += f"\n+ {t('arg_for')}: {o.argument_for.get(lang)}"
            if o.argument_against:
                text += f"\n- {t('arg_against')}: {o.argument_against.get(lang)}"
            texts.append(numbered(i, text, cols))
        for o, text in zip(shown, texts, strict=True):
            options.add_option(Option(Content.assemble(text), id=o.id))  # literal content
        self._fit(sum(len(x.plain.split("\n")) for x in texts))
        options.highlighted = keep
        options.focus()
        if keep is None:
            options.scroll_home(animate=False)

    FEED_MIN = 5  # lines of the feed kept visible whatever the question
    OPTIONS_MIN = 4  # lines of options shown before the feed gives up more

    def _fit(self, option_lines: int) -> None:
        """Size the option list to the room left, so that it scrolls (with its scroll bar and
        a count in the heading) rather than being cut off: at 80x24 a question with four
        long options does not fit beside the feed. The highlighted option is always
        scrolled into view."""
        options = self.query_one(OptionList)
        head = self.query_one("#d-head", Static)
        prompt = self.query_one("#d-prompt", Static)

        def lines(w: Static) -> int:
            c = w.visual
            return len(c.plain.split("\n")) if isinstance(c, Content) and c.plain else 0

        fixed = sum(
            w.outer_size.height
            for w in (
                self.query_one(Header),
                self.query_one("#status"),
                self.query_one(Tabs),
                self.query_one(Footer),
            )
        ) + (self.query_one("#watch").outer_size.height if self.watch else 0)
        room = self.size.height - fixed - 1 - (lines(head) + 1) - (lines(prompt) + 1) - self.FEED_MIN
        cap = max(self.OPTIONS_MIN, room)
        options.styles.max_height = cap
        self.overflow = option_lines > cap
        self._head()

    def _seated(self, role: str) -> None:
        self.passing = False
        self.seat = role
        self._tabs()
        self.refresh_all()

    def _head(self) -> None:
        """Whose decision, the timer, and whether the role is one of the players': the
        countdown is a part of the first line and never replaces the second."""
        if self.question is None:
            return
        t = self.app.t
        role = self.question[1].role
        first = Content.styled(t("decision_for", role=self.app.role_name(role, self.game.scenario)), "bold")
        if self.left is not None and self.left > 0:
            m, s = divmod(self.left, 60)
            first = Content.assemble(first, ("   ⏱ " + t("timer_left", m=m, s=s), "bold"))
        elif self.left is not None:
            first = Content.assemble(first, "   ", (t("timer_up"), "bold reverse"))
        if getattr(self, "overflow", False):
            first = Content.assemble(
                first, ("  " + t("more_options", n=len(self.question[1].options)), "italic")
            )
        lines = [first]
        if role not in self.game.state.roles:
            lines.append(Content.styled(t("not_yours"), "italic"))
        node, q = self.question
        if node.contested and any(o.argument_for or o.argument_against for o in q.options):
            lines.append(Content.styled(t("contested"), "italic"))
        self.query_one("#d-head", Static).update(Content("\n").join(lines))

    def _tick(self) -> None:
        self._watch_log()
        if self.left is None or self.question is None or self.app.screen is not self:
            return
        self.left = max(0, self.left - 1)
        self._head()
        if self.left == 0 and not self.timer_noted:
            self.timer_noted = True
            self.app.bell()
            self.game.note(self.app.t("timer_note"), self.question[1].role)

    # -- actions -----------------------------------------------------------------------

    def action_pick(self, n: int) -> None:
        options = self.query_one(OptionList)
        if self.question is not None and 1 <= n <= options.option_count:
            options.highlighted = n - 1
            options.focus()

    def action_confirm(self) -> None:
        focused = self.app.focused
        if isinstance(focused, Tabs):
            self.query_one(OptionList).focus()
            return
        options = self.query_one(OptionList)
        if options.highlighted is None:
            if self.question is not None:
                self.notify(self.app.t("choose_hint"))
            return
        opt_id = options.get_option_at_index(options.highlighted).id
        if opt_id == "debrief":
            self.app.switch_screen(DebriefScreen(self.game, ref=self.ref, learn=self.learn))
            return
        if opt_id == "rate":
            self._open_rating()
            return
        if opt_id == "assess":
            self_assessment.ask(self, self.game, self.refresh_all, self._overtaken)
            return
        node, q = self.question
        opt = q.option(opt_id)
        if opt.ruled:
            # the answer is recorded with its rating, or not at all if the dialog is cancelled
            def answered(result) -> None:
                if result is not None:
                    text, level = result
                    if self._record(node, q, opt, text):
                        self._rule(node.id, q.role, level)
                    self.refresh_all()

            self.app.push_screen(RulingScreen(opt, self.app.lang, opt.open), answered)
            return
        if not self._record(node, q, opt):
            return
        if self.learn and opt.feedback:
            self.app.push_screen(
                FeedbackScreen(opt.text.get(self.app.lang), opt.feedback.get(self.app.lang)),
                lambda _: self.refresh_all(),
            )
        else:
            self.refresh_all()

    _watch_error: str | None = None  # what _watch_log last said of the store, while it fails

    def _watch_log(self) -> None:
        """Another terminal on this session (a second player, a facilitator) may have
        written to it: reload and say what happened rather than wait for a conflict. A
        store that cannot be read is said once, not at every tick, until it can again."""
        store, g = self.game.store, self.game
        if store is None or not g.name or self.passing:
            return
        try:
            last = store.last_seq(g.name)
            self._watch_error = None
            if last == len(g.events):
                return
            theirs = g.reload()
        except StoreError as e:
            said = self.app.words(e)
            if said != self._watch_error:
                self._watch_error = said
                self.notify(said, severity="error", timeout=10, markup=False)
            return
        injects = [e for e in theirs if isinstance(e, AdHoc)]
        if any(not isinstance(e, Noted | AdHoc) for e in theirs):
            self._overtaken(theirs)
        elif injects:  # the story is where it was: show the inject, keep the question
            self.refresh_all()
        for e in injects:
            self.app.bell()
            self.notify(e.text, title=self.app.t("adhoc_inject"), timeout=15)

    def _overtaken(self, theirs: list) -> None:
        """The log moved on elsewhere; it is reloaded: say who answered what, redraw."""
        t, g, lang = self.app.t, self.game, self.app.lang
        said = []
        for e in theirs:
            if isinstance(e, Decided):
                q = g.scenario.nodes[e.node].question(e.role)
                o = q.option(e.option) if q else None
                said.append(
                    t(
                        "elsewhere",
                        role=self.app.role_name(e.role, g.scenario),
                        option=o.text.get(lang) if o else e.option,
                    )
                )
            elif isinstance(e, Ended):
                said.append(t("stopped_elsewhere"))
        self.notify("\n".join(said) or t("moved_on"), severity="warning", timeout=12, markup=False)
        self.left = None
        self.question = None
        self.refresh_all()

    def _open_rating(self) -> None:
        """The rating dialog for the answer that waits for one (resumed between the two)."""
        w = self.game.waiting
        if w.kind != "rule":
            return
        last = self.game.state.choices[-1]
        opt = w.node.question(last.role).option(last.option)
        self.app.push_screen(RulingScreen(opt, self.app.lang, False), self._ruled(w.node.id, last.role))

    def _ruled(self, node_id: str, role: str):
        def done(result) -> None:
            if result is not None:
                self._rule(node_id, role, result[1])
            self.refresh_all()

        return done

    def _rule(self, node_id: str, role: str, level: str) -> None:
        """Save the player's own rating of an answer; another terminal may have moved the
        session on between the answer and its rating (then it says what happened)."""
        try:
            self.game.rule(node_id, role, level, by="self")
        except Overtaken as e:
            self._overtaken(e.events)

    def _record(self, node, q, opt, text: str = "") -> bool:
        """Save an answer; False when another terminal answered first (then reloaded), or
        the store could not save it (then the question stays, to be answered again)."""
        before = dict(self.game.state.vars)
        try:
            self.game.decide(node.id, q.role, opt.id, by=self.seat or "", text=text)
        except Overtaken as e:
            self._overtaken(e.events)
            return False
        except StoreError as e:  # the server away: nothing was saved, the question stays
            self.notify(self.app.words(e, again=True), severity="error", timeout=10)
            return False
        after = self.game.state.vars
        self.deltas = {
            v.name: after.get(v.name, 0) - before.get(v.name, 0)
            for v in self.game.scenario.meters
            if after.get(v.name) != before.get(v.name)
        }
        self.left = None
        return True

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        # a mouse click on an option: highlight it; Enter confirms
        event.option_list.highlighted = event.option_index

    def action_note(self) -> None:
        role = self.question[1].role if self.question else (self.seat or "")

        def save(text):
            if not text:
                return
            try:
                self.game.note(text, role)
            except StoreError as e:  # the server away: say so; the play goes on
                self.notify(self.app.words(e, again=True), severity="error", timeout=10)
                return
            self.notify(self.app.t("noted"))

        self.app.push_screen(NoteScreen(), save)

    def action_feed(self, direction: int) -> None:
        feed = self.query_one("#feed", VerticalScroll)
        (feed.scroll_page_down if direction > 0 else feed.scroll_page_up)(animate=False)

    def action_order(self) -> None:
        self.newest_first = not self.newest_first
        self.notify(self.app.t("newest_first" if self.newest_first else "oldest_first"))
        self._feed()

    def action_library(self) -> None:
        self.app.pop_screen()

    def action_quit(self) -> None:
        if self.game.state.ended or not self.game.name:  # finished, or an unsaved preview
            self.app.exit()
            return

        def done(yes):
            if yes:
                self.app.exit_message = None
                self.app.exit(message=self.app.t("saved_resume", name=self.game.name))

        self.app.push_screen(
            ConfirmScreen(self.app.t("quit_q"), self.app.t("quit_body", name=self.game.name)), done
        )
