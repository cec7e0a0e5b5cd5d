"""The terminal UI, driven by Textual's pilot: every screen, in both languages."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Tabs

from tabletop.engine.catalog import builtin_ids, load, load_catalog
from tabletop.sessions.store import Store
from tabletop.tui.app import TabletopApp
from tabletop.tui.app.feed_view import FeedView
from tabletop.tui.app.modals import (
    ConfirmScreen,
    FeedbackScreen,
    ForkScreen,
    HelpScreen,
    NoteScreen,
    PassScreen,
)
from tabletop.tui.app.screens import (
    DebriefScreen,
    LibraryScreen,
    PlayScreen,
    SessionsScreen,
    SetupScreen,
)
from tests.conftest import MINI

EXAMPLE = "fy2024-02-ransomware-core-system"


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("TABLETOP_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    s = Store(tmp_path / "home" / "sessions.db")
    yield s
    s.close()


@pytest.fixture(scope="module")
def example():
    """The worked example and its catalogue, for starting games directly."""
    catalog, _ = load_catalog()
    sc, _ = load(EXAMPLE, catalog)
    return sc, catalog


def app_for(store, **kw) -> TabletopApp:
    return TabletopApp(store=store, **kw)


async def answer(pilot, digit: int) -> None:
    await pilot.press(str(digit), "enter")
    await pilot.pause()


async def to_the_ending(pilot, play: PlayScreen, most: int = 20) -> None:
    """Answer the first option of every question until the play screen asks none."""
    for _ in range(most):
        if play.question is None:
            break
        await answer(pilot, 1)


def option_index(screen: PlayScreen, option_id: str) -> int:
    _, q = screen.question
    return [o.id for o in q.options].index(option_id) + 1


def _listed(title: str, table) -> bool:
    """The title is in the table's title column, whole or shortened with an ellipsis."""
    shown = [str(table.get_row_at(i)[3]) for i in range(table.row_count)]
    return any(s == title or (s.endswith("…") and title.startswith(s[:-1]) and len(s) > 4) for s in shown)


async def _filled(pilot) -> None:
    """Wait until the library, loaded after its first frame, has its rows."""
    for _ in range(200):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.05)
        if getattr(pilot.app.screen, "shown", None):
            return


async def test_the_library_lists_every_scenario_by_title_and_previews_it(store):
    app = app_for(store, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        await pilot.pause()
        lib = app.screen
        assert isinstance(lib, LibraryScreen)
        assert {s.id for s in lib.shown} == set(builtin_ids())
        table = lib.query_one("DataTable")
        assert _listed("Ransomware stops the core system", table)
        # case, type and length come first, so that they are on screen whatever the width
        row = [s.id for s in lib.shown].index(EXAMPLE)
        assert [str(c) for c in table.get_row_at(row)[:3]] == ["fy2024-02", "ransomware", "90m"]
        preview = str(lib.query_one("#preview").render())
        assert f"Source case: {lib.shown[0].source.case_id}" in preview and "Roles:" in preview


async def test_quitting_the_library_at_once_is_not_a_crash(store):
    """q before the search box and the filters are mounted (they come after the first
    frame): the app closes cleanly instead of failing to label filters that never came."""
    for wait in (0, 0.01, 0.05):
        app = app_for(store, lang="en")
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause(wait)
            await pilot.press("q")
        assert app.return_code in (0, None) and app._exception is None

    # closed while the filters are being mounted (seen when the app closed right as the
    # list filled): the mount comes back with nothing mounted
    from textual.containers import Horizontal
    from textual.widget import AwaitMount

    app = app_for(store, lang="en")
    real = Horizontal.mount_all

    def closing(self, widgets, **kw):
        if self.id != "filters":
            return real(self, widgets, **kw)
        app.exit()
        return AwaitMount(self, [])

    Horizontal.mount_all = closing
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause(0.2)
    finally:
        Horizontal.mount_all = real
    assert app._exception is None


async def test_the_library_shows_its_cards_from_the_cache_without_loading_a_scenario(
    store, tmp_path, monkeypatch
):
    import tabletop.engine.catalog as catalog

    monkeypatch.setenv("TABLETOP_HOME", str(tmp_path / "home"))
    first = app_for(store, lang="en")
    async with first.run_test(size=(100, 40)) as pilot:
        await first.workers.wait_for_complete()
        await pilot.pause()
        cards = list(first.screen.shown)
    assert len(cards) == len(catalog.builtin_files())

    def no_loading(*a, **kw):
        raise AssertionError("a scenario was loaded although its card was in the cache")

    monkeypatch.setattr(catalog, "load", no_loading)
    again = app_for(store, lang="en")
    async with again.run_test(size=(100, 40)) as pilot:
        await again.workers.wait_for_complete()
        await pilot.pause()
        assert list(again.screen.shown) == cards
        assert not again.screen.broken


async def test_the_library_search_and_filters_narrow_the_list(store):
    app = app_for(store, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        lib = app.screen
        await pilot.press("slash")
        await pilot.press(*"no-such-thing")
        await pilot.pause()
        assert lib.shown == []
        assert "No scenario matches" in str(lib.query_one("#lib-status").render())
        lib.query_one("#search").value = "ransomware"
        await pilot.pause()
        assert [s.id for s in lib.shown] == [EXAMPLE] or all(
            "ransom" in s.id or s.type == "ransomware" for s in lib.shown
        )
        lib.query_one("#search").value = ""
        lib.query_one("#f-length").value = "short"
        await pilot.pause()
        assert all(s.duration <= 60 for s in lib.shown)


async def test_library_to_setup_to_play_to_debrief_with_digits_and_enter(store):
    app = app_for(store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        lib = app.screen
        row = [s.id for s in lib.shown].index(EXAMPLE)
        for _ in range(row):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen)
        await to_the_ending(pilot, play, 60)
        assert play.game.state.ended
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        deb = app.screen
        assert isinstance(deb, DebriefScreen)
        shown = deb.query_one("#debrief-view").text
        assert "Score:" in shown and "of a best achievable" in shown and "By CSF function" in shown
        assert store.info(play.game.name).status == "ended"


async def test_play_opens_directly_and_meters_show_their_change(store):
    app = app_for(store, lang="en", scenario=EXAMPLE, session="direct", seed=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen) and play.game.name == "direct"
        await answer(pilot, option_index(play, "cut-external-links"))
        status = str(play.query_one("#status").render())
        assert "95 (-5)" in status  # service continuity fell by 5, and says so
        assert store.info("direct").decisions == 1


async def test_each_decision_is_saved_before_it_is_shown(store):
    app = app_for(store, lang="en", scenario=EXAMPLE, session="commit", seed=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer(pilot, 2)
        await answer(pilot, 1)
        other = Store(store.path)  # a second connection sees both, as a resumed process would
        assert other.info("commit").decisions == 2
        other.close()


async def test_quit_asks_first_and_keeps_the_session(store):
    app = app_for(store, lang="ja", scenario=EXAMPLE, session="quitter", seed=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer(pilot, 1)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("q")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
    assert app.return_code == 0
    assert store.info("quitter").decisions == 1 and store.info("quitter").status == "playing"


async def test_resume_continues_where_it_stopped(store):
    app = app_for(store, lang="en", scenario=EXAMPLE, session="again", seed=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer(pilot, 2)
        await answer(pilot, 3)
        before = app.screen.game.state
    app = app_for(store, lang="en", resume="again")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen) and play.game.state == before
        assert play.question is not None


async def test_resuming_an_ended_session_shows_its_debrief_then_a_library_filled_once(store, example):
    """The debrief is pushed at the start over a blank screen, which becomes the library
    when the player leaves the debrief (b): the library is not built under a game nobody has
    left. Its search box and filters were once mounted twice (a crash)."""
    from tabletop.sessions.game import Game
    from tabletop.tui.app.screens.library_later import LibraryLater
    from tests.drills import solo_to_end

    sc, catalog = example
    solo_to_end(Game.new(sc, catalog, EXAMPLE, store, "over", seed=0))
    app = app_for(store, lang="en", resume="over")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(200):  # the debrief is made in a thread: on a busy machine, wait
            await pilot.pause(0.05)
            if isinstance(app.screen, DebriefScreen) and app.screen.result:
                break
        assert isinstance(app.screen, DebriefScreen) and app.screen.result is not None
        assert [type(s) for s in app.screen_stack] == [LibraryLater, DebriefScreen]
        await pilot.press("b")
        for _ in range(200):  # the library reads every scenario in a thread
            await pilot.pause(0.05)
            lib = app.screen
            if isinstance(lib, LibraryScreen) and lib.filters_ready and lib.shown:
                break
        assert [type(s) for s in app.screen_stack] == [LibraryLater, LibraryScreen]
        assert len(lib.query("#search")) == 1 and lib.shown
    assert app.return_code in (None, 0)


async def test_notes_help_and_feed_order(store):
    app = app_for(store, lang="en", scenario=EXAMPLE, session="notes", seed=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"[red]x[/]", "enter")
        await pilot.pause()
        play = app.screen
        assert play.game.state.notes[0].text == "[red]x[/]"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert play.newest_first


async def test_learn_mode_shows_feedback_after_each_decision(store):
    app = app_for(store, lang="en", scenario=EXAMPLE, session="learn", seed=0, learn=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer(pilot, 1)
        assert isinstance(app.screen, FeedbackScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)


async def test_hot_seat_says_whose_turn_it_is_and_hides_other_roles_injects(store, example):
    sc, catalog = example
    app = app_for(store, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        app.start_game((sc, catalog), EXAMPLE, name="seat", seed=0, mode="hotseat")
        await pilot.pause()
        assert isinstance(app.screen, PassScreen)
        await pilot.press("enter")
        await pilot.pause()
        play = app.screen
        assert play.seat == "system"
        feed = " ".join(e.plain for e in play.query_one(FeedView).entries)
        assert "A message for" not in feed or "System department" in feed
        # the contractor answers next: the keyboard is passed
        await answer(pilot, option_index(play, "vendor-restart-auth"))
        assert isinstance(app.screen, PassScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert play.seat == "vendor"
        hidden = [
            n for n in play.game.state.feed if sc.nodes[n].audience and "vendor" not in sc.nodes[n].audience
        ]
        if hidden:
            feed = " ".join(e.plain for e in play.query_one(FeedView).entries)
            assert "A message for" in feed


async def test_debrief_exports_plays_again_and_forks(store, tmp_path):
    app = app_for(store, lang="en", scenario=str(MINI), session="mini", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        play = app.screen
        await to_the_ending(pilot, play)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        for key, ext in (("m", "md"), ("h", "html"), ("j", "json"), ("c", "csv")):
            await pilot.press(key)
            await pilot.pause()
            assert (tmp_path / f"tabletop-mini.{ext}").is_file()
        data = json.loads((tmp_path / "tabletop-mini.json").read_text(encoding="utf-8"))
        assert data["decisions"][0]["node"] == "first"
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, ForkScreen)
        await pilot.press("enter")
        await pilot.pause()
        fork = app.screen
        assert isinstance(fork, PlayScreen) and fork.game.name == "mini-fork1"
        assert store.info("mini-fork1").parent == "mini"
        assert fork.question is not None and fork.question[0].id == "first"


async def test_the_sessions_screen_resumes_a_session(store):
    app = app_for(store, lang="en", scenario=EXAMPLE, session="listed", seed=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await answer(pilot, 1)
    app = app_for(store, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SessionsScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen) and app.screen.game.name == "listed"


async def test_switching_language_relabels_the_screen(store):
    app = app_for(store, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert app.lang == "ja"
        assert app.screen.sub_title == "シナリオ一覧"
        # the footer is rebuilt only when its keys change (tui/app/footer.py): here they do
        keys = [k.description for k in app.screen.query("FooterKey")]
        assert "検索" in keys and "Search" not in keys
        table = app.screen.query_one("DataTable")
        assert _listed("基幹システムがランサムウェアで停止", table)


async def test_markup_and_escapes_in_scenario_text_stay_text(store, tmp_path):
    text = MINI.read_text(encoding="utf-8").replace(
        "en: An alarm goes off.", 'en: "An [bold red]alarm[/] goes off [link=x]here[/link] \\e[31m."'
    )
    (tmp_path / "scen").mkdir()
    path = tmp_path / "scen" / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    for f in ("practices.yaml",):
        (tmp_path / "scen" / f).write_text((MINI.parent / f).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "roles").mkdir()
    for f in (MINI.parent / "roles").glob("*.yaml"):
        (tmp_path / "roles" / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    app = app_for(store, lang="en", scenario=str(path), session="hostile", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):  # the scenario is loaded and checked first: on a busy machine, wait
            await pilot.pause(0.05)
            if isinstance(app.screen, PlayScreen):
                break
        play = app.screen
        assert isinstance(play, PlayScreen)
        feed = " ".join(e.plain for e in play.query_one(FeedView).entries)
        assert "[bold red]alarm[/]" in feed and "\x1b" not in feed


async def test_a_broken_scenario_is_a_message_not_a_traceback(store, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: x\nnodes: [", encoding="utf-8")
    app = app_for(store, lang="en", scenario=str(bad))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert app.return_code == 2 and "TT0" in app.exit_message


async def test_resuming_an_unknown_session_exits_with_the_reason(store):
    app = app_for(store, lang="en", resume="ghost")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert app.return_code == 2 and "no session named 'ghost'" in app.exit_message


async def test_watch_reloads_on_save_keeps_the_answers_and_shows_findings(store, tmp_path):
    folder = tmp_path / "drafts"
    folder.mkdir()
    path = folder / "mini.yaml"
    path.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "practices.yaml").write_text(
        (MINI.parent / "practices.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    app = app_for(store, lang="en", scenario=str(path), seed=1, watch=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen) and play.game.name is None  # a preview is not saved
        await answer(pilot, option_index(play, "wait"))
        assert [c.option for c in play.game.state.choices] == ["wait"]
        path.write_text(
            MINI.read_text(encoding="utf-8").replace("An alarm goes off.", "A siren wails."), encoding="utf-8"
        )
        await pilot.pause(1.2)
        feed = " ".join(e.plain for e in play.query_one(FeedView).entries)
        assert "A siren wails." in feed
        assert [c.option for c in play.game.state.choices] == ["wait"]  # replayed
        assert "no findings" in str(play.query_one("#watch").render())
        path.write_text("format: 1\nid: mini-outage\nnodes: [\n", encoding="utf-8")
        await pilot.pause(1.2)
        status = str(play.query_one("#watch").render())
        assert "TT001" in status and "last good version" in status
        assert "A siren wails." in " ".join(e.plain for e in play.query_one(FeedView).entries)
    assert store.list() == []


async def test_switching_language_mid_play_redraws_everything_in_the_other_language(store):
    app = app_for(store, lang="en", scenario=EXAMPLE, session="bilingual", seed=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer(pilot, 2)
        app.action_switch_lang()
        await pilot.pause()
        play = app.screen
        assert "判断" in str(play.query_one("#d-head").render())
        assert play.query_one(Tabs).active_tab is not None
        app.action_switch_lang()
        await pilot.pause()
        assert "Decision" in str(play.query_one("#d-head").render())


async def test_the_graph_view_lists_every_node_and_stars_the_best_path(store):
    from tabletop.tui.app.screens import GraphScreen

    app = app_for(store, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        card = app.screen.shown[0]
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GraphScreen)
        sc = app.screen.scenario  # the library shows cards; the graph loads the scenario itself
        assert sc.id == card.id and len(sc.nodes) == card.nodes
        text = str(app.screen.query_one("#graph").render())
        for nid in sc.nodes:
            assert nid in text
        assert f"★ ▪ {sc.start}" in text or f"★ ◆ {sc.start}" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_the_decision_timer_counts_down_and_notes_when_it_runs_out(store, example):
    sc, catalog = example
    app = app_for(store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game((sc, catalog), EXAMPLE, name="timed", seed=0, timer=2)
        await pilot.pause()
        play = app.screen
        assert "time left 0:0" in str(play.query_one("#d-head").render())
        await pilot.pause(2.6)
        assert "time is up" in str(play.query_one("#d-head").render())
        assert [n.text for n in play.game.state.notes] == ["(decision timer ran out)"]
        await answer(pilot, 1)
        assert play.left in (1, 2)  # the next decision starts its own countdown


def _screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_the_hot_seat_pass_is_a_blank_screen_and_the_next_role_appears_after_enter(store, example):
    sc, catalog = example
    app = app_for(store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game((sc, catalog), EXAMPLE, name="pass", seed=0, mode="hotseat")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        play = app.screen
        first = play.question[1]
        await answer(pilot, option_index(play, "vendor-restart-auth"))
        # the pass: the outgoing player sees the next role's name and nothing of its view
        assert isinstance(app.screen, PassScreen)
        nxt = play.game.waiting
        q = nxt.node.question(nxt.roles[0])
        shown = _screen_text(app)
        assert "Pass the keyboard to:" in shown
        for o in q.options:
            assert o.text.get("en")[:30] not in shown
        assert q.prompt.get("en")[:30] not in shown
        # and the play screen under it holds no question for the next role yet
        assert play.question is None and play.seat == first.role
        assert play.query_one("#options").option_count == 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is play and play.seat == q.role
        assert q.options[0].text.get("en")[:30] in " ".join(_screen_text(app).split())


async def test_the_graph_is_not_offered_during_an_exercise(store, example):
    from tabletop.tui.app.screens import GraphScreen

    sc, catalog = example
    app = app_for(store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game((sc, catalog), EXAMPLE, name="nograph", seed=0)
        await pilot.pause()
        play = app.screen
        names = [c.title for c in app.get_system_commands(play)]
        assert app.t("cmd_graph") not in names
        play.action_graph()
        await pilot.pause()
        assert app.screen is play  # refused, with a notice
        app.start_game((sc, catalog), EXAMPLE, name="learning", seed=0, learn=True)
        await pilot.pause()
        assert app.t("cmd_graph") in [c.title for c in app.get_system_commands(app.screen)]
        app.screen.action_graph()
        await pilot.pause()
        assert isinstance(app.screen, GraphScreen)


async def test_the_library_will_not_draw_the_graph_of_an_exercise_left_open(store, example):
    """Ctrl+P -> library -> g was an answer key in the middle of an exercise (issue 11)."""
    from textual.widgets import DataTable

    from tabletop.tui.app.screens import GraphScreen, LibraryScreen

    sc, catalog = example
    app = app_for(store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await _filled(pilot)
        app.start_game((sc, catalog), EXAMPLE, name="half-way", seed=0)
        await pilot.pause()
        app.screen.action_library()  # what the command palette's "library" does
        await pilot.pause()
        library = app.screen
        assert isinstance(library, LibraryScreen)
        table = library.query_one(DataTable)
        ids = [s.id for s in library.shown]
        table.move_cursor(row=ids.index(EXAMPLE))
        await pilot.press("g")
        await pilot.pause(0.3)
        assert app.screen is library  # refused, with a notice that names the session
        assert any("half-way" in str(n.message) for n in app._notifications)
        other = next(i for i, x in enumerate(ids) if x != EXAMPLE)
        table.move_cursor(row=other)
        await pilot.press("g")
        for _ in range(40):
            await pilot.pause(0.05)
            if isinstance(app.screen, GraphScreen):
                break
        assert isinstance(app.screen, GraphScreen)  # another scenario's graph is no answer key


async def test_mode_learn_timer_and_roles_come_back_on_resume(store, example):
    sc, catalog = example
    app = app_for(store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game((sc, catalog), EXAMPLE, name="kept", seed=0, roles=("system",), learn=True, timer=300)
        await pilot.pause()
        app.exit()
    again = app_for(store, lang="en", resume="kept")
    async with again.run_test(size=(80, 24)) as pilot:
        for _ in range(100):  # the play screen is imported when first shown: on a busy machine, wait
            await pilot.pause(0.05)
            if isinstance(again.screen, PlayScreen):
                break
        play = again.screen
        assert isinstance(play, PlayScreen)
        assert (play.learn, play.timer, play.game.state.roles, play.game.state.mode) == (
            True,
            300,
            ("system",),
            "solo",
        )


async def test_the_timer_does_not_hide_the_not_one_of_your_roles_line(store, example):
    sc, catalog = example
    app = app_for(store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game((sc, catalog), EXAMPLE, name="mine", seed=0, roles=("management",), timer=120)
        await pilot.pause()
        play = app.screen
        assert play.question[1].role != "management"
        await pilot.pause(1.3)  # a tick of the countdown
        head = str(play.query_one("#d-head").render())
        assert "time left" in head and app.t("not_yours") in head


async def test_the_debrief_is_computed_once_off_the_ui_thread(store, monkeypatch):
    import threading

    from tabletop.engine import scoring

    real, calls = scoring.debrief, []
    gate = threading.Event()

    def slow(*a):
        calls.append(threading.current_thread() is threading.main_thread())
        gate.wait(10)  # a long search: the screen must stay live meanwhile
        return real(*a)

    monkeypatch.setattr(scoring, "debrief", slow)
    app = app_for(store, lang="en", scenario=str(MINI), session="once", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        play = app.screen
        await to_the_ending(pilot, play)
        await pilot.press("enter")
        await pilot.pause(0.2)
        deb = app.screen
        assert isinstance(deb, DebriefScreen) and deb.result is None
        assert deb.query_one("#debrief-loading").display  # a loading indicator, not a frozen screen
        await pilot.press("m")  # too early: said so, nothing written
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = deb.query_one("#debrief-view")
        assert not deb.query_one("#debrief-loading").display and "Score:" in shown.text
        for key in ("m", "h", "j", "c"):
            await pilot.press(key)
            await pilot.pause()
        app.action_switch_lang()
        await pilot.pause()
        assert "スコア" in shown.text
        assert calls == [False]  # once, and not on the UI thread


async def test_the_debrief_is_made_while_the_ending_is_read_and_shown_at_once(store, monkeypatch):
    """The play screen computes the debrief in a thread as soon as the ending shows; Enter
    then shows it without a loading indicator, and it is not computed a second time."""
    from tabletop.engine import scoring

    app = app_for(store, lang="en", scenario=str(MINI), session="ahead", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        play = app.screen
        await to_the_ending(pilot, play)
        await app.workers.wait_for_complete()  # the ending is on the screen; its debrief is made
        ready = play.game.debrief_ready()
        assert ready is not None and ready.state is play.game.state
        calls = []
        real = scoring.debrief
        monkeypatch.setattr(scoring, "debrief", lambda *a: calls.append(1) or real(*a))
        await pilot.press("enter")
        await pilot.pause()
        deb = app.screen
        assert isinstance(deb, DebriefScreen) and deb.result is ready
        shown = deb.query_one("#debrief-view").text
        assert not deb.query_one("#debrief-loading").display and "Score:" in shown
        assert calls == []  # not computed again


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_the_sessions_screen_reads_at_80_columns_and_renames_and_deletes(store, example, lang):
    sc, catalog = example
    from tabletop.sessions.game import Game

    Game.new(sc, catalog, EXAMPLE, store, "drill-a", seed=0, lang=lang)
    Game.new(sc, catalog, EXAMPLE, store, "drill-b", seed=0, lang=lang)
    app = app_for(store, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SessionsScreen)
        shown = _screen_text(app)
        assert sc.title.get(lang)[:8] in shown  # the title is read, not cut to its first letter
        first = app.screen._chosen().name
        other = ({"drill-a", "drill-b"} - {first}).pop()
        await pilot.press("r")
        await pilot.pause()
        for _ in range(10):
            await pilot.press("backspace")
        await pilot.press(*"renamed", "enter")
        await pilot.pause()
        assert store.exists("renamed") and not store.exists(first)
        assert app.screen._chosen().name in ("renamed", other)
        while app.screen._chosen().name != "renamed":
            await pilot.press("down")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not store.exists("renamed") and store.exists(other)
        assert other in _screen_text(app) and "renamed" not in _screen_text(app)


async def test_an_answer_from_another_terminal_is_shown_not_doubled(store, example):
    from tabletop.engine.catalog import load as load_sc
    from tabletop.engine.play import Decided
    from tabletop.sessions.game import Game

    sc, catalog = example
    app = app_for(store, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        app.start_game((sc, catalog), EXAMPLE, name="shared", seed=0)
        await pilot.pause()
        play = app.screen
        node, q = play.question
        other = Game.resume(store, "shared", lambda ref: (load_sc(ref, catalog)[0], catalog))
        other.decide(node.id, q.role, q.options[-1].id)  # the other terminal answers first
        await pilot.press("1", "enter")  # this one answers the same question: refused, reloaded
        await pilot.pause()
        answers = [e for e in store.events("shared") if isinstance(e, Decided)]
        # the other terminal's answer stands; this one's was refused (or, if the screen had
        # already noticed the other answer by itself, went to the next question): never doubled
        assert (answers[0].node, answers[0].option) == (node.id, q.options[-1].id)
        assert len({(a.node, a.role) for a in answers}) == len(answers)
        assert play.game.events == store.events("shared")
        said = [n.message for n in app._notifications]
        role = app.role_name(q.role, sc)
        assert any(m.startswith(f"{role} answered this in another terminal: ") for m in said), said
        # and without trying to answer: the screen notices within a second
        node2, q2 = play.question
        other.reload()
        other.decide(node2.id, q2.role, q2.options[0].id)
        await pilot.pause(1.3)
        assert play.game.events == store.events("shared")
        assert play.question is None or play.question[0].id != node2.id or play.question[1].role != q2.role


async def test_at_80_columns_the_title_takes_the_type_column_s_room(store):
    from textual.widgets import DataTable

    app = app_for(store, lang="ja")
    async with app.run_test(size=(80, 24)) as pilot:
        await _filled(pilot)
        table = app.screen.query_one(DataTable)
        assert [str(c.label) for c in table.columns.values()] == ["事例", "所要", "タイトル"]
        title = next(c for c in table.columns.values() if str(c.label) == "タイトル")
        assert title.width >= 20
        row = [s.id for s in app.screen.shown].index(EXAMPLE)
        shown = str(table.get_row_at(row)[2])  # was "基幹システ…" with the type column
        assert "基幹システムがランサムウェアで停止".startswith(shown.rstrip("…")) and len(shown) >= 11


async def test_escape_leaves_the_search_box_and_keeps_the_search(store):
    from textual.widgets import DataTable, Input

    app = app_for(store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("slash", *"ddos")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.focused, DataTable)
        assert app.screen.query_one("#search", Input).value == "ddos" and len(app.screen.shown) == 2


async def test_open_answer_contested_call_and_deadline_in_the_play_screen(store):
    from tabletop.tui.app.modals import RulingScreen
    from tests.conftest import FEATURES

    app = app_for(store, lang="en", scenario=str(FEATURES), session="features", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen)
        await answer(pilot, 2)  # restart: no logs kept
        _, q = play.question
        listed = [o.id for o in play.query_one("#options").options]
        assert listed == ["restore", "wait"]  # comparing with the copied logs is not on offer
        await answer(pilot, 2)  # wait and see: a contested call, rated in a dialog
        assert isinstance(app.screen, RulingScreen)
        await pilot.press("escape")  # cancelled: nothing recorded
        await pilot.pause()
        assert store.info("features").decisions == 1
        await answer(pilot, 2)
        await pilot.press("enter")  # the first level: "Gave a reason and a limit"
        await pilot.pause()
        c = play.game.state.choices[-1]
        assert (c.option, c.level, c.ruled_by) == ("wait", "argued", "self")
        await answer(pilot, 2)  # management hears it later: the filing deadline passes
        feed = " ".join(e.plain for e in play.query_one(FeedView).entries)
        assert "Deadline missed: The filing deadline (from the regulator)" in feed


async def test_open_answer_is_typed_then_self_rated(store):
    from tabletop.tui.app.modals import RulingScreen
    from tests.conftest import FEATURES

    app = app_for(store, lang="ja", scenario=str(FEATURES), session="open", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        play = app.screen
        for _ in range(3):
            await answer(pilot, 1)  # keep, compare with the copy, escalate
        assert [o.id for o in play.query_one("#options").options] == ["own-words", "silent"]
        await answer(pilot, 1)
        assert isinstance(app.screen, RulingScreen)
        await pilot.press(*"[b]事実と未確認を分ける[/b]", "enter")
        await pilot.press("enter")
        await pilot.pause()
        c = play.game.state.choices[-1]
        assert (c.text, c.level, c.ruled_by) == ("[b]事実と未確認を分ける[/b]", "full", "self")
        assert play.game.state.ended


async def test_a_rating_left_pending_opens_once_and_waits_for_enter_after_escape(store):
    """Resumed between an answer and its rating: the dialog opens by itself, and once
    dismissed it stays shut (it used to reopen at every refresh, leaving no way out)."""
    from tabletop.sessions.game import Game
    from tabletop.tui.app.modals import RulingScreen
    from tests.conftest import FEATURES

    catalog = load_catalog()[0]
    sc, _ = load(str(FEATURES), catalog)
    g = Game.new(sc, catalog, str(FEATURES), store, "pending", seed=1)
    g.decide("first", "system", "keep")
    g.decide("compare", "system", "restore")  # a contested call: its rating is still to come
    app = app_for(store, lang="en", resume="pending")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if isinstance(app.screen, RulingScreen):
                break
        assert isinstance(app.screen, RulingScreen)
        await pilot.press("escape")
        await pilot.pause(1.5)  # the play screen refreshes every second
        play = app.screen
        assert isinstance(play, PlayScreen)
        assert [o.id for o in play.query_one("#options").options] == ["rate"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RulingScreen)
        await pilot.press("enter")  # the first level
        await pilot.pause()
        last = play.game.state.choices[-1]
        assert (last.option, last.level, last.ruled_by) == ("restore", "argued", "self")


@pytest.mark.parametrize(("key", "lang"), [("1", "en"), ("2", "ja")])
async def test_resuming_a_reworked_scenario_asks_as_played_or_fork(store, tmp_path, key, lang):
    import shutil

    from tabletop.sessions.game import Game
    from tabletop.tui.app.modals import ChangedScreen

    pack = tmp_path / "pack"
    shutil.copytree(MINI.parent, pack)
    f = pack / "mini.yaml"
    catalog, _ = load_catalog()
    sc, _ = load(str(f), catalog)
    g = Game.new(sc, catalog, str(f), store, "before", seed=4, lang=lang)
    g.decide("first", "system", "check")
    f.write_text(f.read_text(encoding="utf-8").replace("id: check", "id: look"), encoding="utf-8")
    app = app_for(store, lang=lang, resume="before")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChangedScreen)
        await pilot.press(key)
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen)
        if key == "1":  # as it was played: the answer given stands, on the old graph
            assert play.game.name == "before" and play.game.warning == "as_played"
            assert [c.option for c in play.game.state.choices] == ["check"]
        else:  # forked: 'check' is gone from the new graph, so nothing was replayed
            assert play.game.name == "before-new" and play.game.state.choices == ()
            assert play.game.waiting.node.id == "first"
    assert store.info("before").decisions == 1
