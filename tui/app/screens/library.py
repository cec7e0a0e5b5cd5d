"""The scenario library: search, filters and a preview."""

from __future__ import annotations

import dataclasses

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    DataTable,
    Header,
    Input,
    Select,
    Static,
)

from ..footer import Footer
from ..i18n import kind
from ..literal import cell, plain
from ..text_view import TextView
from .common import Localized


class _Broken(Exception):
    pass


class _NotCached(Exception):
    pass


def _cards(app, cached_only: bool = False):
    """The card (engine.cards) of every scenario the library offers, from the summary
    cache: a file is loaded and checked only when the cache has no card for its digest.
    Returns the cards and the names of the files that cannot be played; with
    ``cached_only``, None as soon as a file would have to be loaded (the caller then has
    them all read in a thread)."""
    from tabletop.engine.catalog import builtin_files, pack_files
    from tabletop.sessions.cards import Shelf

    shelf = Shelf()
    cards, broken = [], []
    packs, problems = pack_files()
    broken += [p.split(":")[0] for p in problems]
    builtins = builtin_files()
    for f in builtins + packs:
        ref = f.name.rsplit(".", 1)[0] if f in builtins else str(f)

        def load(ref=ref):
            if cached_only:
                raise _NotCached
            loaded, err = app.load_for_play(ref)
            if err:
                raise _Broken(err)
            return loaded

        try:
            cards.append(shelf.card(f, load))
        except (OSError, _Broken):
            broken.append(f.name)
        except _NotCached:
            return None
    shelf.save()
    return cards, broken


LENGTHS = (("short", 0, 60), ("mid", 61, 90), ("long", 91, 10**6))


# the filter Selects: id -> the i18n key of their prompt ("any type"...)
FILTERS = {"f-type": "any_type", "f-sector": "any_sector", "f-length": "any_length", "f-lang": "any_lang"}


def _fit(text: str, room: int) -> str:
    """``text`` in ``room`` columns: cut, with an ellipsis, when it is wider. One pass: each
    character is measured once (cutting a character at a time and measuring again was
    quadratic: half the time the library took to fill its table)."""
    from tabletop.engine.text import width

    if width(text) <= room:
        return text
    used = 0
    for i, ch in enumerate(text):
        used += width(ch)
        if used > room - 1:
            return text[:i] + "…"
    return text


NARROW_TITLE = 20  # cells: below this the title would be cut to a word or two


class ScenarioTable(DataTable):
    """The library's list. DataTable binds Enter itself, unlabelled, and the footer shows
    the focused widget's binding of a key before the screen's: so the list binds Enter to
    the screen's "Set up" with its label (LibraryScreen.relabel_bindings translates it)."""

    BINDINGS = [Binding("enter", "screen.open", "Set up", show=True)]


class LibraryScreen(Localized, Screen):
    BINDINGS = [
        Binding("enter", "open", "Set up", show=True),
        Binding("slash", "search", "Search"),
        Binding("s", "sessions", "Sessions"),
        Binding("g", "graph", "Graph"),
        Binding("l", "switch_lang", "日本語"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
        Binding("escape", "leave_search", show=False),
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
        self.filters_ready = False  # the search box and the filters are mounted
        self.filled = False  # after_first_frame has run (it must run once)

    def compose(self) -> ComposeResult:
        yield Header()
        # the search box and the filters are mounted after the first frame (after_first_frame):
        # the four Selects (each with an overlay list of its own) are most of the screen's
        # widgets, and the frame would wait for them. The bar keeps its room meanwhile.
        yield Horizontal(id="filters")
        with Horizontal(id="lib-body"):
            yield ScenarioTable(id="scenarios", cursor_type="row", zebra_stripes=True)
            yield VerticalScroll(TextView(id="preview"), id="preview-box")
        yield Static(id="lib-status", markup=False)
        yield Footer()

    def action_leave_search(self) -> None:
        """Esc in the search box (or a filter) goes back to the list, keeping the search."""
        self.query_one(DataTable).focus()

    def on_mount(self) -> None:
        if self.app.return_code is not None:  # the app stopped at its start (a bad argument)
            return
        self.relabel()
        self.query_one("#lib-status", Static).update(self.app.t("loading"))
        self.query_one(DataTable).focus()
        if self.app.first_frame_shown:  # else the app calls after_first_frame
            self.call_after_refresh(self.after_first_frame)

    def after_first_frame(self) -> None:
        """Once the first frame is on the terminal: the scenarios, then the search box and
        the filters. The scenarios come from the summary cache here, a few milliseconds
        (no thread: a thread would hold the interpreter while the screen draws); a file the
        cache has no card for sends them all to be read in a thread.

        Once, on a mounted screen: the app calls it on its first frame for every screen in
        the stack, and on_mount calls it when that frame came first. A library mounted
        while that frame is on its way gets both calls (its search box was once mounted
        twice, a crash), and one not yet mounted is filled by on_mount."""
        if self.filled or not self.is_mounted:  # not mounted yet: on_mount calls it
            return
        self.filled = True
        cached = _cards(self.app, cached_only=True)
        if cached is None:
            self.load()
        else:
            self._loaded(*cached)
        self.call_after_refresh(self._mount_filters)

    async def _mount_filters(self) -> None:
        await self.query_one("#filters").mount_all(
            [
                Input(id="search"),
                *(Select([], id=sid, allow_blank=True) for sid in FILTERS),
            ]
        )
        if not self.is_attached or not self.query("#search"):
            return  # the app was closed while they were being mounted (q at once)
        self.filters_ready = True
        self._label_filters()
        if self.scenarios:
            self._fill_filters()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        rows, broken = _cards(self.app)
        self.app.call_from_thread(self._loaded, rows, broken)

    def _loaded(self, rows, broken) -> None:
        self.scenarios = sorted(rows, key=lambda s: s.id)
        self.broken = broken
        self._fill_filters()
        self.refilter()

    def relabel_bindings(self) -> None:
        super().relabel_bindings()
        km = self.query_one(ScenarioTable)._bindings.key_to_bindings
        km["enter"] = [dataclasses.replace(b, description=self.app.t("k_open")) for b in km["enter"]]

    def relabel(self) -> None:
        super().relabel()
        t = self.app.t
        self.sub_title = t("library")
        self._label_filters()
        if self.scenarios:
            self._fill_filters()
            self.refilter()

    def _label_filters(self) -> None:
        if not self.filters_ready:  # _mount_filters labels them
            return
        t = self.app.t
        self.query_one("#search", Input).placeholder = t("search")
        for sid, key in FILTERS.items():
            self.query_one(f"#{sid}", Select).prompt = t(key)

    def _fill_filters(self) -> None:
        if not self.filters_ready:  # _mount_filters fills them
            return
        t = self.app.t
        types = sorted({s.type for s in self.scenarios if s.type})
        sectors = sorted({s.sector for s in self.scenarios if s.sector})
        langs = sorted({lang for s in self.scenarios for lang in s.languages})
        for sid, opts in (
            ("#f-type", [(plain(kind(x, self.app.lang)), x) for x in types]),
            ("#f-sector", [(plain(kind(x, self.app.lang)), x) for x in sectors]),
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
        if not self.filters_ready:  # no search and no filter yet
            return True

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
                        kind(sc.type, self.app.lang),
                        kind(sc.sector, self.app.lang),
                        *sc.tags,
                    ),
                )
            ).lower()
            return all(word in hay for word in q.split())
        return True

    def refilter(self) -> None:
        t = self.app.t
        table = self.query_one(DataTable)
        from tabletop.engine.text import clean, width

        table.clear(columns=True)
        self.shown = [s for s in self.scenarios if self._matches(s)]
        cases = [s.source.case_id if s.source else "-" for s in self.shown]
        types = [kind(s.type, self.app.lang) if s.type else "-" for s in self.shown]
        widths = {
            "case": max([width(t("col_case")), *map(width, cases)]),
            "type": max([width(t("col_type")), *map(width, types)]),
            "len": max(width(t("col_len")), 4),
        }
        # case, type and length first, the title in the room left (the table scrolls no more
        # sideways). In a narrow table (80 columns) the type gives its room to the title: the
        # preview beside it and the type filter above still show it.
        total = table.size.width or 80
        if total - sum(widths.values()) - 2 * 4 - 2 < NARROW_TITLE:
            del widths["type"]
        room = max(10, total - sum(widths.values()) - 2 * (len(widths) + 1) - 2)
        # labels as literal cells: DataTable reads a str label as markup (and its first
        # one imports Rich's emoji table, a megabyte and a half, for the ":name:" codes)
        table.add_column(cell(t("col_case")), key="case", width=widths["case"])
        if "type" in widths:
            table.add_column(cell(t("col_type")), key="type", width=widths["type"])
        table.add_column(cell(t("col_len")), key="len", width=widths["len"])
        table.add_column(cell(t("col_title")), key="title", width=room)
        for s, case, ty in zip(self.shown, cases, types, strict=True):
            title = _fit(clean(s.title.get(self.app.lang)), room)
            if "type" in widths:
                table.add_row(cell(case), cell(ty), cell(f"{s.duration}m"), cell(title), key=s.id)
            else:
                table.add_row(cell(case), cell(f"{s.duration}m"), cell(title), key=s.id)
        status = t("count", n=len(self.shown), total=len(self.scenarios))
        if not self.shown and self.scenarios:
            status = t("no_match")
        if self.broken:
            status += "  " + t("broken", n=len(self.broken), files=", ".join(self.broken))
        self.query_one("#lib-status", Static).update(status)
        self._preview(self.shown[0] if self.shown else None)

    def on_resize(self) -> None:
        if self.scenarios:
            self.call_after_refresh(self.refilter)

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
        box = self.query_one("#preview", TextView)  # wraps to its own width, again on a resize
        if sc is None:
            box.show([])
            return
        app, lang = self.app, self.app.lang
        t = app.t
        fields = [
            (t("pv_roles"), ", ".join(sc.role_name(r, lang) for r in sc.roles)),
            (t("pv_length"), t("pv_minutes", n=sc.duration, d=sc.decisions, e=sc.endings)),
            (t("pv_source"), sc.source.case_id if sc.source else "-"),
            (
                t("pv_difficulty"),
                t(sc.difficulty) if sc.difficulty in ("basic", "intermediate", "advanced") else "-",
            ),
            (t("pv_type"), kind(sc.type, lang) if sc.type else "-"),
            (t("pv_sector"), kind(sc.sector, lang) if sc.sector else "-"),
            *([("MITRE ATT&CK", ", ".join(sc.attack))] if sc.attack else []),
            (t("pv_langs"), " / ".join(sc.languages)),
            ("id", sc.id),
        ]
        box.show(
            [
                (sc.title.get(lang) or sc.id, "bold", 0),
                ("", "", 0),
                (sc.summary.get(lang) if sc.summary else "", "", 0),
                ("", "", 0),
                *[(f"{k}: {v}", "", len(k) + 1) for k, v in fields],
            ]
        )

    def action_open(self) -> None:
        sc = self._current()
        if sc is not None:
            from .setup import SetupScreen  # imported when first shown: see __init__

            self.app.push_screen(SetupScreen(sc))

    @staticmethod
    def _builtin(sc) -> bool:
        from tabletop.engine.catalog import builtin_ids

        return sc.id in builtin_ids()

    def action_search(self) -> None:
        if self.filters_ready:
            self.query_one("#search", Input).focus()

    def action_sessions(self) -> None:
        from tabletop.sessions.store import StoreError

        from .sessions import SessionsScreen

        try:  # the session database opens when first needed (see tui/cli/launch.py)
            self.app.store  # noqa: B018
        except StoreError as e:  # unreadable or not writable: said here, the library stays
            self.notify(self.app.words(e), title=self.app.t("error"), severity="error", timeout=10)
            return
        self.app.push_screen(SessionsScreen())

    def action_graph(self) -> None:
        sc = self._current()
        if sc is not None and sc.id in self.app.open_exercises:
            name = self.app.open_exercises[sc.id]
            self.notify(self.app.t("graph_locked", name=name), severity="warning", timeout=8)
            return
        if sc is not None:
            from .graph import GraphScreen

            loaded, err = self.app.load_for_play(sc.id if self._builtin(sc) else sc.path)
            if err:
                self.notify(err, severity="error", timeout=10)
                return
            self.app.push_screen(GraphScreen(loaded[0]))

    def action_switch_lang(self) -> None:
        self.app.action_switch_lang()

    def action_quit(self) -> None:
        self.app.exit()
