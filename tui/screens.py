"""The screens of the terminal UI."""

from __future__ import annotations

import dataclasses

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Header,
    Input,
    Markdown,
    OptionList,
    RadioButton,
    RadioSet,
    Select,
    SelectionList,
    Static,
    Tab,
    Tabs,
)
from textual.widgets.option_list import Option

from .app import export_path, plain


class Localized:
    """Footer labels in the app's language: ``LABELS`` maps an action to an i18n key."""

    LABELS: dict[str, str] = {}

    def relabel_bindings(self) -> None:
        km = self._bindings.key_to_bindings
        for key, bs in km.items():
            km[key] = [
                dataclasses.replace(b, description=self.app.t(self.LABELS[b.action]))
                if b.action in self.LABELS
                else b
                for b in bs
            ]
        self.refresh_bindings()

    def relabel(self) -> None:
        self.relabel_bindings()

    def action_help(self) -> None:
        self.app.action_help()

    def action_back(self) -> None:
        self.app.pop_screen()


def _file_stamp(path: str | None):
    """What changes when a file (or the practices.yaml beside it) is saved."""
    import os

    out = []
    for p in (path, os.path.join(os.path.dirname(path or "."), "practices.yaml")):
        try:
            st = os.stat(p)
            out.append((st.st_mtime_ns, st.st_size))
        except (OSError, TypeError):
            out.append(None)
    return tuple(out)


class _Diag:
    """A message shaped like a diagnostic, for problems outside the loader."""

    severity = "error"

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


def cell(s: str | None):
    """A table cell: text, never markup."""
    from rich.text import Text

    from engine.text import clean

    return Text(clean(s or ""))


def wrapped(text: str, cols: int, style: str = "", bold_prefix: int = 0) -> Content:
    """Text wrapped by engine.text.wrap (Japanese-aware), as literal content; the first
    ``bold_prefix`` characters (a label) in bold."""
    from engine.text import clean, wrap

    lines = []
    for para in clean(text or "").split("\n"):
        lines += wrap(para, cols, "", "  " if bold_prefix else "") if para.strip() else [""]
    body = "\n".join(lines)
    if bold_prefix:
        return Content.assemble((body[:bold_prefix], "bold"), body[bold_prefix:])
    return Content.styled(body, style) if style else Content(body)


def numbered(i: int, text: str, cols: int) -> Content:
    """An option: its number, then its text wrapped with a hanging indent (Japanese breaks
    between characters, as everywhere else)."""
    from engine.text import clean, wrap

    head = f"{i}. "
    lines = wrap(clean(text), max(10, cols), head, " " * len(head))
    first = lines[0][len(head) :] if lines else ""
    rest = [Content(x) for x in lines[1:]]
    return Content("\n").join([Content.assemble((head, "bold"), first), *rest])


# -- library -----------------------------------------------------------------------------


def _summaries(catalog):
    """Every scenario the library offers, loaded without the graph checks (fast)."""
    from engine.catalog import builtin_files, overlay, pack_files
    from engine.diagnostics import Sink
    from engine.loader import load_scenario

    rows, broken = [], []
    packs, problems = pack_files()
    broken += [p.split(":")[0] for p in problems]
    for f in builtin_files() + packs:
        sink = Sink(f.name)
        try:
            cat = catalog if f not in packs else overlay(catalog, str(f))
            sc = load_scenario(str(f), cat, sink, f.read_bytes())
        except OSError:
            sc = None
        if sc is None or sink.has_errors:
            broken.append(f.name)
        else:
            rows.append(sc)
    return rows, broken


LENGTHS = (("short", 0, 60), ("mid", 61, 90), ("long", 91, 10**6))


class LibraryScreen(Localized, Screen):
    BINDINGS = [
        Binding("enter", "open", "Set up", show=True),
        Binding("slash", "search", "Search"),
        Binding("s", "sessions", "Sessions"),
        Binding("g", "graph", "Graph"),
        Binding("l", "switch_lang", "日本語"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]
    LABELS = {
        "open": "k_open",
        "search": "k_search",
        "sessions": "k_sessions",
        "graph": "k_graph",
        "switch_lang": "k_lang",
        "help": "k_help",
        "quit": "k_quit",
    }

    def __init__(self) -> None:
        super().__init__()
        self.scenarios: list = []
        self.shown: list = []
        self.broken: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Input(id="search")
            yield Select([], id="f-type", allow_blank=True)
            yield Select([], id="f-sector", allow_blank=True)
            yield Select([], id="f-length", allow_blank=True)
            yield Select([], id="f-lang", allow_blank=True)
        with Horizontal(id="lib-body"):
            yield DataTable(id="scenarios", cursor_type="row", zebra_stripes=True)
            yield VerticalScroll(Static(id="preview", markup=False), id="preview-box")
        yield Static(id="lib-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.relabel()
        self.query_one("#lib-status", Static).update(self.app.t("loading"))
        self.query_one(DataTable).focus()
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        rows, broken = _summaries(self.app.catalog)
        self.app.call_from_thread(self._loaded, rows, broken)

    def _loaded(self, rows, broken) -> None:
        self.scenarios = sorted(rows, key=lambda s: s.id)
        self.broken = broken
        self._fill_filters()
        self.refilter()

    def relabel(self) -> None:
        super().relabel()
        t = self.app.t
        self.sub_title = t("library")
        self.query_one("#search", Input).placeholder = t("search")
        for sid, key in (
            ("#f-type", "any_type"),
            ("#f-sector", "any_sector"),
            ("#f-length", "any_length"),
            ("#f-lang", "any_lang"),
        ):
            self.query_one(sid, Select).prompt = t(key)
        if self.scenarios:
            self._fill_filters()
            self.refilter()

    def _fill_filters(self) -> None:
        t = self.app.t
        types = sorted({s.type for s in self.scenarios if s.type})
        sectors = sorted({s.sector for s in self.scenarios if s.sector})
        langs = sorted({lang for s in self.scenarios for lang in s.languages})
        for sid, opts in (
            ("#f-type", [(x, x) for x in types]),
            ("#f-sector", [(x, x) for x in sectors]),
            ("#f-length", [(t(f"len_{k}"), k) for k, _, _ in LENGTHS]),
            ("#f-lang", [({"ja": "日本語", "en": "English"}.get(x, x), x) for x in langs]),
        ):
            sel = self.query_one(sid, Select)
            value = sel.value
            with sel.prevent(Select.Changed):
                sel.set_options(opts)
                if value in {v for _, v in opts}:
                    sel.value = value

    def _matches(self, sc) -> bool:
        def val(sid):
            v = self.query_one(sid, Select).value
            return None if v is Select.NULL else v

        ty, sector, length, lang = val("#f-type"), val("#f-sector"), val("#f-length"), val("#f-lang")
        if ty and sc.type != ty or sector and sc.sector != sector or lang and lang not in sc.languages:
            return False
        if length:
            lo, hi = next((lo, hi) for k, lo, hi in LENGTHS if k == length)
            if not lo <= sc.duration <= hi:
                return False
        q = self.query_one("#search", Input).value.strip().lower()
        if q:
            hay = " ".join(
                filter(
                    None,
                    (
                        sc.id,
                        sc.title.ja,
                        sc.title.en,
                        sc.title.any,
                        sc.summary and sc.summary.get(self.app.lang),
                        sc.type,
                        sc.sector,
                        *sc.tags,
                    ),
                )
            ).lower()
            return all(word in hay for word in q.split())
        return True

    def refilter(self) -> None:
        t = self.app.t
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_column(t("col_case"), key="case")
        table.add_column(t("col_title"), key="title")
        table.add_column(t("col_type"), key="type")
        table.add_column(t("col_len"), key="len")
        self.shown = [s for s in self.scenarios if self._matches(s)]
        for s in self.shown:
            table.add_row(
                cell(s.source.case_id if s.source else "-"),
                cell(s.title.get(self.app.lang)),
                cell(s.type or "-"),
                cell(f"{s.duration}m"),
                key=s.id,
            )
        status = t("count", n=len(self.shown), total=len(self.scenarios))
        if not self.shown and self.scenarios:
            status = t("no_match")
        if self.broken:
            status += "  " + t("broken", n=len(self.broken), files=", ".join(self.broken))
        self.query_one("#lib-status", Static).update(status)
        self._preview(self.shown[0] if self.shown else None)

    @on(Input.Changed, "#search")
    @on(Select.Changed)
    def _filters_changed(self, event) -> None:
        if self.scenarios:
            self.refilter()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.query_one(DataTable).focus()

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        sc = self._current()
        self._preview(sc)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def _current(self):
        table = self.query_one(DataTable)
        if not self.shown or table.cursor_row is None or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def _preview(self, sc) -> None:
        box = self.query_one("#preview", Static)
        if sc is None:
            box.update("")
            return
        app, lang = self.app, self.app.lang
        t = app.t
        # less the border, padding and scroll bar, and two columns for a hanging closing mark
        cols = max(20, self.query_one("#preview-box").size.width - 7)
        fields = [
            (t("pv_roles"), ", ".join(app.role_name(r, sc) for r in sc.roles)),
            (t("pv_length"), t("pv_minutes", n=sc.duration, d=len(sc.decisions), e=len(sc.endings))),
            (t("pv_source"), sc.source.case_id if sc.source else "-"),
            (
                t("pv_difficulty"),
                t(sc.difficulty) if sc.difficulty in ("basic", "intermediate", "advanced") else "-",
            ),
            (t("pv_sector"), sc.sector or "-"),
            *([("MITRE ATT&CK", ", ".join(sc.attack))] if sc.attack else []),
            (t("pv_langs"), " / ".join(sc.languages)),
            ("id", sc.id),
        ]
        parts = [
            wrapped(sc.title.get(lang) or sc.id, cols, style="bold"),
            Content(""),
            wrapped(sc.summary.get(lang) if sc.summary else "", cols),
            Content(""),
            *[wrapped(f"{k}: {v}", cols, bold_prefix=len(k) + 1) for k, v in fields],
        ]
        box.update(Content("\n").join(parts))

    def action_open(self) -> None:
        sc = self._current()
        if sc is not None:
            self.app.push_screen(SetupScreen(sc))

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_sessions(self) -> None:
        self.app.push_screen(SessionsScreen())

    def action_graph(self) -> None:
        sc = self._current()
        if sc is not None:
            self.app.push_screen(GraphScreen(sc))

    def action_switch_lang(self) -> None:
        self.app.action_switch_lang()

    def action_quit(self) -> None:
        self.app.exit()


# -- setup -------------------------------------------------------------------------------


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
            yield Static(plain(sc.title.get(self.app.lang)), id="setup-title")
            yield Static(t("mode"), classes="label")
            with RadioSet(id="mode"):
                yield RadioButton(t("solo"), value=True, id="solo")
                yield RadioButton(t("hotseat"), id="hotseat")
            yield Static(t("roles_pick"), classes="label")
            yield SelectionList(
                *[(plain(self.app.role_name(r, sc)), r, True) for r in sc.roles],
                id="roles",
            )
            yield Static(t("language"), classes="label")
            with RadioSet(id="lang"):
                yield RadioButton(
                    "日本語", value=self.app.lang == "ja", id="ja", disabled="ja" not in sc.languages
                )
                yield RadioButton(
                    "English", value=self.app.lang != "ja", id="en", disabled="en" not in sc.languages
                )
            yield Static(t("feedback_mode"), classes="label")
            with RadioSet(id="fb"):
                yield RadioButton(t("exercise"), value=True, id="exercise")
                yield RadioButton(t("learn"), id="learn")
            yield Static(t("timer"), classes="label")
            yield Input(id="timer", type="integer", max_length=3)
            yield Static(t("session_name"), classes="label")
            yield Input(id="name", max_length=64, restrict=r"[A-Za-z0-9._-]*")
            with Horizontal(id="setup-buttons"):
                yield Button(t("start") + " (Ctrl+S)", id="go", variant="primary")
                yield Button(t("back"), id="back")
        yield Footer()

    def on_mount(self) -> None:
        self.relabel()
        self.sub_title = self.app.t("setup")
        self.query_one("#go", Button).focus()

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
        from engine.catalog import builtin_ids

        return self.scenario.id in builtin_ids()

    @on(Button.Pressed, "#back")
    def _back_pressed(self) -> None:
        self.app.pop_screen()


# -- play --------------------------------------------------------------------------------


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

    def action_graph(self) -> None:
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

    @property
    def hotseat(self) -> bool:
        return self.game.state.mode == "hotseat"

    def compose(self) -> ComposeResult:
        yield Header()
        if self.watch:
            yield Static(id="watch", markup=False)
        yield Static(id="status", markup=False)
        yield Tabs(id="role-tabs")
        yield VerticalScroll(id="feed")
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
        from engine.text import clean, wrap

        cols = max(20, self.size.width - 2 - spare - 2)
        out = []
        for para in clean(text or "").strip().split("\n"):
            out += wrap(para, cols) if para.strip() else [""]
        return Content("\n".join(out))

    def on_mount(self) -> None:
        self.relabel()
        self._tabs()
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
        from engine.catalog import load
        from engine.play import Decided, IllegalMove

        from .game import Game, catalog_for

        try:
            scenario, diags = load(self.watch, self.app.catalog, deep=True)
        except Exception as e:  # a file being written, an unreadable folder...
            self._watch_status([_Diag(f"{self.watch}: {e}")], reloaded=True)
            return
        if scenario is None or any(d.severity == "error" for d in diags):
            self._watch_status(diags, reloaded=True)
            return
        old = self.game
        answers = [e for e in old.events if isinstance(e, Decided)]
        game = Game.new(
            scenario, catalog_for(self.watch, self.app.catalog), self.watch, None, None,
            old.state.seed, old.state.roles, old.state.lang, old.state.mode,
        )  # fmt: skip
        for a in answers:
            w = game.waiting
            if w.kind != "decide" or w.node.id != a.node or a.role not in w.roles:
                break
            try:
                game.decide(a.node, a.role, a.option)
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
        from engine.report import clock_label

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

    def _feed(self) -> None:
        from engine.report import clock_label

        g, lang, t = self.game, self.app.lang, self.app.t
        sc = g.scenario
        entries = []
        choices = list(g.state.choices)
        for i, (nid, at) in enumerate(zip(g.state.feed, g.state.times, strict=True)):
            node = sc.nodes[nid]
            stamp = clock_label(sc.clock_start, at, lang)
            if node.kind == "inject":
                if self._visible(nid):
                    aud = ", ".join(self.app.role_name(r, self.game.scenario) for r in node.audience)
                    head = f"[{stamp}]" + (f" → {aud}" if aud else "")
                    entries.append(Content.assemble((head, "bold"), "\n", self._wrapped(node.text.get(lang))))
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
                title = node.title.get(lang) if node.title else nid
                entries.append(
                    Content.assemble(
                        (f"■ {t('ending')}: ", "bold"),
                        (title, "bold"),
                        "\n",
                        self._wrapped(node.text.get(lang)),
                    )
                )
        if self.newest_first:
            entries.reverse()
        feed = self.query_one("#feed", VerticalScroll)
        feed.remove_children()
        widgets = [Static(e, classes="entry") for e in entries]
        feed.mount_all(widgets)
        if widgets:
            # the newest entry is read from its first line: scroll so that it starts at the top
            newest = widgets[0] if self.newest_first else widgets[-1]
            self.set_timer(0.05, lambda: feed.scroll_to_widget(newest, animate=False, top=True))

    def _decision(self) -> None:
        g, t = self.game, self.app.t
        w = g.waiting
        head = self.query_one("#d-head", Static)
        prompt = self.query_one("#d-prompt", Static)
        options = self.query_one(OptionList)
        options_before = options.highlighted
        options.clear_options()
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
            options.add_option(Option(Content("→ " + t("to_debrief")), id="debrief"))
            options.highlighted = 0
            options.focus()
            return
        role = w.roles[0]
        if self.hotseat and self.seat != role and role in g.state.roles:
            self.seat = role
            self._tabs()
            self._feed()
            self.app.push_screen(PassScreen(self.app.role_name(role, self.game.scenario)))
        q = w.node.question(role)
        keep = options_before if self.question == (w.node, q) else None
        self.question = (w.node, q)
        # two columns spare: a closing mark may hang past the edge rather than start a line
        cols = min(options.scrollable_content_region.width or 999, self.size.width - 6) - 3
        if self.timer and self.left is None:
            self.left = self.timer
            self.timer_noted = False
        lines = [Content.styled(t("decision_for", role=self.app.role_name(role, self.game.scenario)), "bold")]
        if role not in g.state.roles:
            lines.append(Content.styled(t("not_yours"), "italic"))
        head.update(Content("\n").join(lines))
        prompt.update(self._wrapped(q.prompt.get(self.app.lang), 2))
        for i, o in enumerate(q.options, 1):
            options.add_option(Option(numbered(i, o.text.get(self.app.lang), cols), id=o.id))
        options.highlighted = keep
        options.focus()
        self._head_timer()

    def _head_timer(self) -> None:
        if self.left is None or self.question is None:
            return
        t = self.app.t
        head = self.query_one("#d-head", Static)
        role = self.question[1].role
        text = t("decision_for", role=self.app.role_name(role, self.game.scenario))
        if self.left > 0:
            m, s = divmod(self.left, 60)
            text += "   ⏱ " + t("timer_left", m=m, s=s)
            head.update(Content.styled(text, "bold"))
        else:
            head.update(Content.assemble((text, "bold"), "   ", (t("timer_up"), "bold reverse")))

    def _tick(self) -> None:
        if self.left is None or self.question is None or self.app.screen is not self:
            return
        self.left = max(0, self.left - 1)
        self._head_timer()
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
        node, q = self.question
        opt = q.option(opt_id)
        before = dict(self.game.state.vars)
        self.game.decide(node.id, q.role, opt.id, by=self.seat or "")
        after = self.game.state.vars
        self.deltas = {
            v.name: after.get(v.name, 0) - before.get(v.name, 0)
            for v in self.game.scenario.meters
            if after.get(v.name) != before.get(v.name)
        }
        self.left = None
        if self.learn and opt.feedback:
            self.app.push_screen(
                FeedbackScreen(opt.text.get(self.app.lang), opt.feedback.get(self.app.lang)),
                lambda _: self.refresh_all(),
            )
        else:
            self.refresh_all()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        # a mouse click on an option: highlight it; Enter confirms
        event.option_list.highlighted = event.option_index

    def action_note(self) -> None:
        role = self.question[1].role if self.question else (self.seat or "")

        def save(text):
            if text:
                self.game.note(text, role)
                self.notify(self.app.t("noted"))

        self.app.push_screen(NoteScreen(), save)

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


# -- debrief -----------------------------------------------------------------------------


class DebriefScreen(Localized, Screen):
    BINDINGS = [
        Binding("m", "export('md')", "Markdown"),
        Binding("h", "export('html')", "HTML"),
        Binding("j", "export('json')", "JSON"),
        Binding("c", "export('csv')", "CSV"),
        Binding("a", "again", "Play again"),
        Binding("f", "fork", "Other branch"),
        Binding("b", "library", "Library"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]
    LABELS = {
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

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="debrief-box"):
            yield Markdown(id="debrief-md", open_links=False)
        yield Footer()

    def on_mount(self) -> None:
        self.relabel()
        self.query_one("#debrief-box").focus()

    def relabel(self) -> None:
        from engine.report import render_markdown

        super().relabel()
        session = self.app.t("session", name=self.game.name) if self.game.name else self.app.t("preview")
        self.sub_title = self.app.t("debrief") + " · " + session
        md = render_markdown(self.game.debrief(), self.game.catalog, self.app.lang)
        self.query_one(Markdown).update(md)

    def action_export(self, fmt: str) -> None:
        from engine.report import render

        path = export_path(self.game.name or self.game.scenario.id, fmt)
        try:
            path.write_text(
                render(self.game.debrief(), self.game.catalog, self.app.lang, fmt), encoding="utf-8"
            )
        except OSError as e:
            self.notify(self.app.t("export_failed", path=path, why=e.strerror), severity="error")
            return
        self.notify(self.app.t("exported", path=path), timeout=8)

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
            from .store import StoreError

            try:
                g = self.game.fork(n)
            except StoreError as e:
                self.notify(str(e), severity="error")
                return
            self.app.pop_screen()
            self.app.push_screen(PlayScreen(g, learn=self.learn, ref=self.ref))
            self.app.notify(self.app.t("forked", name=g.name, n=n))

        self.app.push_screen(ForkScreen(self.game), chosen)

    def action_library(self) -> None:
        self.app.pop_screen()

    def action_quit(self) -> None:
        self.app.exit()


# -- graph -------------------------------------------------------------------------------


class GraphScreen(Localized, Screen):
    """The scenario's graph as a list: each node (decisions ◆, injects ▪, endings ■ with
    their outcome), then where each option or condition leads; the best path starred."""

    BINDINGS = [
        Binding("escape,b", "back", "Back"),
        Binding("question_mark", "help", "Help", key_display="?"),
    ]
    LABELS = {"back": "back", "help": "k_help"}

    def __init__(self, scenario) -> None:
        super().__init__()
        self.scenario = scenario

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="graph-box"):
            yield Static(id="graph", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.relabel()
        self.query_one("#graph-box").focus()

    def on_resize(self) -> None:
        self._draw()

    def relabel(self) -> None:
        super().relabel()
        self.sub_title = self.app.t("graph_title")
        self._draw()

    def _draw(self) -> None:
        from engine.graph import build
        from engine.report import label

        lang, t = self.app.lang, self.app.t
        g = build(self.scenario, lang, self.app.catalog)
        out_edges: dict[str, list] = {}
        for e in g.edges:
            out_edges.setdefault(e.src, []).append(e)
        icon = {"decision": "◆", "inject": "▪", "ending": "■"}
        parts = [Content.styled(t("graph_legend"), "dim"), Content("")]
        for n in g.nodes:
            star = "★ " if n.best else "  "
            outcome = f"  ({label('outcome_' + n.outcome, lang)})" if n.outcome else ""
            head = f"{star}{icon[n.kind]} {n.id}{outcome}"
            parts.append(Content.styled(head, "bold"))
            if len(n.lines) > 1:
                parts.append(plain("      " + " ".join(n.lines[1:])))
            for e in out_edges.get(n.id, []):
                via = " · ".join(e.label)
                mark = "★" if e.best else " "
                parts.append(plain(f"    {mark} → {e.dst}" + (f"   {via}" if via else "")))
        self.query_one("#graph", Static).update(Content("\n").join(parts))


# -- sessions ----------------------------------------------------------------------------


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


# -- dialogs -----------------------------------------------------------------------------


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "no", show=False), Binding("y", "yes", show=False)]

    def __init__(self, title: str, body: str) -> None:
        super().__init__()
        self.title_text, self.body = title, body

    def compose(self) -> ComposeResult:
        t = self.app.t
        with Vertical(classes="dialog"):
            yield Static(Content.styled(self.title_text, "bold"))
            yield Static(self.body, markup=False)
            with Horizontal(classes="buttons"):
                yield Button(t("yes_quit"), id="yes", variant="error")
                yield Button(t("no_stay"), id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def action_yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        self.dismiss(False)


class NoteScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def compose(self) -> ComposeResult:
        t = self.app.t
        with Vertical(classes="dialog"):
            yield Static(Content.styled(t("note_title"), "bold"))
            yield Input(placeholder=t("note_ph"), id="note", max_length=2000)
            with Horizontal(classes="buttons"):
                yield Button(t("save"), id="save", variant="primary")
                yield Button(t("cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.dismiss(self.query_one(Input).value.strip() or None)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class PassScreen(ModalScreen[None]):
    BINDINGS = [Binding("enter", "go", show=False, priority=True)]

    def __init__(self, role: str) -> None:
        super().__init__()
        self.role = role

    def compose(self) -> ComposeResult:
        t = self.app.t
        with Vertical(classes="dialog pass"):
            yield Static(Content.styled(t("pass_to", role=self.role), "bold"))
            yield Static(t("pass_body", role=self.role), markup=False)
            yield Static(t("continue"), classes="hint", markup=False)

    def action_go(self) -> None:
        self.dismiss(None)


class FeedbackScreen(ModalScreen[None]):
    BINDINGS = [Binding("enter,escape,space", "go", show=False, priority=True)]

    def __init__(self, chosen: str, feedback: str) -> None:
        super().__init__()
        self.chosen, self.feedback = chosen, feedback

    def compose(self) -> ComposeResult:
        t = self.app.t
        with VerticalScroll(classes="dialog"):
            yield Static(Content.styled(t("feedback"), "bold"))
            yield Static(plain("✓ " + self.chosen), classes="chosen")
            yield Static(plain(self.feedback))
            yield Static(t("continue"), classes="hint", markup=False)

    def action_go(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,enter", "close", show=False, priority=True)]

    def compose(self) -> ComposeResult:
        t = self.app.t
        with VerticalScroll(classes="dialog help"):
            yield Static(Content.styled(t("help_title"), "bold"))
            yield Static(t("help_body"), markup=False)
            yield Button(t("close"), id="close")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)


class ForkScreen(ModalScreen[int | None]):
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, game) -> None:
        super().__init__()
        self.game = game

    def compose(self) -> ComposeResult:
        t, lang = self.app.t, self.app.lang
        sc = self.game.scenario
        opts = []
        for i, c in enumerate(self.game.state.choices, 1):
            q = sc.nodes[c.node].question(c.role)
            opts.append(
                Option(
                    Content.assemble(
                        (f"{i}. ", "bold"),
                        plain(q.prompt.get(lang)),
                        "\n   → ",
                        plain(q.option(c.option).text.get(lang)),
                    ),
                    id=str(i),
                )
            )
        with Vertical(classes="dialog fork"):
            yield Static(Content.styled(t("fork_title"), "bold"))
            yield OptionList(*opts, id="fork-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
