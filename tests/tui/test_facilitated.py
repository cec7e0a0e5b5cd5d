"""Facilitated drills in the terminal UI: the facilitator console, the projector, the role
terminals and the replay, driven by Textual's pilot on one session database. Terminals
that follow poll the log (Game.follow every 0.3 s); a test moves the session from a
second Game on the same database, as another terminal would, and waits for them."""

from __future__ import annotations

import re

import pytest
from textual.widgets import Static

from tabletop.engine import views
from tabletop.engine.catalog import load, load_catalog
from tabletop.engine.play import AdHoc, Decided, Hotwashed, Observed, Paused, Proposed, Released, Resumed
from tabletop.sessions.game import Game
from tabletop.sessions.store import Store
from tabletop.tui.app import TabletopApp
from tabletop.tui.app.i18n import tr
from tabletop.tui.app.modals import ConfirmScreen, NoteScreen
from tabletop.tui.app.screens import ConsoleScreen, ProjectorScreen, ReplayScreen, RoleScreen, view_text
from tests.engine.test_views import secrets_of

EXAMPLE = "fy2024-02-ransomware-core-system"


@pytest.fixture(scope="module")
def loaded():
    catalog, _ = load_catalog()
    sc, _ = load(EXAMPLE, catalog)
    return sc, catalog


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("TABLETOP_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(view_text, "real_clock", lambda: "10:00:00")  # the snapshots' clock
    s = Store(tmp_path / "home" / "sessions.db")
    yield s
    s.close()


def new_game(loaded, store, lang="en", name="drill", timer=0):
    sc, cat = loaded
    return Game.new(sc, cat, EXAMPLE, store, name, 0, (), lang, "facilitated", timer=timer, facilitator="Fa")


def other(loaded, store, name="drill"):
    """The same session as another terminal opens it."""
    return Game.resume(store, name, lambda ref: loaded)


def app_with(loaded, store, screen, lang="en"):
    return TabletopApp(lang=lang, store=store, catalog=loaded[1], start_screen=lambda app: screen)


def text_of(app) -> str:
    """Every text the screen shows (its Static widgets, the header's title)."""
    return "\n".join(str(w.render()) for w in app.screen.query(Static)) + "\n" + app.screen.title


def flat(s: str) -> str:
    return re.sub(r"\s+", "", s)


async def answer(pilot, key: str, *typed: str) -> None:
    """Press ``key``, then answer each dialog it opens (the text put in its field, as
    typed, then Enter: typing it key by key makes the test slow, not more real)."""
    from textual.widgets import Input

    await pilot.press(key)
    for text in typed:
        await pilot.pause()
        pilot.app.screen.query_one(Input).value = text
        await pilot.press("enter")
    await pilot.pause()


def released_decision(g) -> None:
    """Release entries until the decision at hand is shown to the room."""
    while g.state.released < len(g.state.feed):
        g.release(by="Fa")


# -- the console -------------------------------------------------------------------------


async def test_console_release_pause_record_and_rationale(loaded, store):
    g = new_game(loaded, store)
    app = app_with(loaded, store, ConsoleScreen(g))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert store.console("drill") is not None  # the lock is held
        held = len(g.state.feed) - g.state.released
        assert held > 0 and tr("fc_held_count", "en", n=held) in text_of(app)
        for _ in range(held):
            await pilot.press("r")
        await pilot.pause()
        assert g.state.released == len(g.state.feed)
        await pilot.press("space")  # pause, then resume: both logged
        await pilot.pause()
        assert "PAUSED" in text_of(app)
        await pilot.press("space")
        await pilot.press("9", "9", "enter")  # no option 99: nothing recorded
        await pilot.pause()
        assert not g.state.choices
        await pilot.press("2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"cut first", "enter")
        await pilot.pause()
        assert len(g.state.choices) == 1 and g.state.choices[0].text == "cut first"
    kinds = [type(e) for e in store.events("drill")]
    assert Paused in kinds and Resumed in kinds and Released in kinds
    assert store.console("drill") is None  # released on the way out


async def test_console_observation_adjustment_adhoc_override(loaded, store):
    g = new_game(loaded, store)
    released_decision(g)
    sc = loaded[0]
    app = app_with(loaded, store, ConsoleScreen(g))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer(pilot, "o", "ok", "1p")  # rated against task 1
        await answer(pilot, "j", "+2 q")
        await answer(pilot, "j", "two")  # not an adjustment: refused, nothing saved
        await answer(pilot, "a", "ph", sc.roles[0])
        await answer(pilot, "a", "x", "nob")  # unknown role: refused
        await pilot.pause()
        ob = sc.objectives[0]
        assert [(o.text, o.objective, o.task, o.rating) for o in g.state.observations] == [
            ("ok", ob.id, ob.tasks[0].id, "P")
        ]
        assert [(a.points, a.reason) for a in g.state.adjustments] == [(2, "q")]
        assert [(a.text, a.roles) for a in g.state.adhoc] == [("ph", (sc.roles[0],))]
        assert "[P]" in text_of(app)  # the task's ratings so far
        assert f"{views.time_of_day(sc, g.state.observations[0].clock)} ok" in text_of(app)
        # override the branch, then answer: the story goes where the facilitator said
        target = sc.endings[0].id
        await answer(pilot, "v", "zz x")  # refused: not a node
        await answer(pilot, "v", f"{target} why")
        await pilot.pause()
        assert "Branch will be overridden" in text_of(app)
        await pilot.press("4", "enter", "enter")
        await pilot.pause()
        assert [(o.to, o.reason) for o in g.state.overrides] == [(target, "why")]
        assert target in g.state.feed
        assert "Branch overridden" in text_of(app)
    events = store.events("drill")
    assert sum(isinstance(e, Observed) for e in events) == 1
    assert sum(isinstance(e, AdHoc) for e in events) == 1


async def test_second_console_is_refused_naming_the_first(loaded, store):
    new_game(loaded, store)
    store.claim_console("drill", "the-other-console")  # this process: alive, so it holds
    app = app_with(loaded, store, ConsoleScreen(other(loaded, store)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert app.return_code == 2
    assert "another facilitator console" in app.exit_message and "process" in app.exit_message
    assert store.console("drill").token == "the-other-console"  # not taken over


async def test_proposal_then_confirm(loaded, store):
    g = new_game(loaded, store)
    released_decision(g)
    role = g.waiting.roles[0]
    app = app_with(loaded, store, RoleScreen(other(loaded, store), role))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert tr("fc_role_propose", "en", typed="_") in text_of(app)
        await pilot.press("3", "enter", *"why not", "enter")
        await pilot.pause()
    proposals = [e for e in store.events("drill") if isinstance(e, Proposed)]
    assert [(p.role, p.text) for p in proposals] == [(role, "why not")]
    console = ConsoleScreen(other(loaded, store))
    app = app_with(loaded, store, console)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert tr("fc_proposal", "en") in text_of(app)
        await pilot.press("c")
        await pilot.pause()
    decided = [e for e in store.events("drill") if isinstance(e, Decided)]
    assert [(d.option, d.text) for d in decided] == [(proposals[0].option, "why not")]


async def test_projector_follows_and_a_late_join_catches_up(loaded, store):
    g = new_game(loaded, store)
    sc = loaded[0]
    app = app_with(loaded, store, ProjectorScreen(other(loaded, store)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first = sc.nodes[g.state.feed[0]].text.get("en")
        assert flat(first) not in flat(text_of(app))  # nothing released yet
        g.release(by="Fa")
        await pilot.pause(0.7)  # within a second
        assert flat(first)[:40] in flat(text_of(app))
    released_decision(g)
    late = app_with(loaded, store, ProjectorScreen(other(loaded, store)))
    async with late.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        prompt = g.waiting.node.questions[0].prompt.get("en")
        assert flat(prompt) in flat(text_of(late))


async def test_adhoc_to_one_role_only_on_that_terminal(loaded, store):
    g = new_game(loaded, store)
    released_decision(g)
    r1, r2 = loaded[0].roles[:2]
    g.adhoc("[bold]ONLY-FOR-ONE[/bold] \x1b[31m", (r1,), by="Fa")  # text is data: shown as typed
    seen = {}
    for who, screen in (
        (r1, RoleScreen(other(loaded, store), r1)),
        (r2, RoleScreen(other(loaded, store), r2)),
        ("projector", ProjectorScreen(other(loaded, store))),
    ):
        app = app_with(loaded, store, screen)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            seen[who] = "[bold]ONLY-FOR-ONE[/bold]" in text_of(app)
            assert "\x1b" not in text_of(app)
    assert seen == {r1: True, r2: False, "projector": False}


async def test_hotwash_puts_the_discussion_questions(loaded, store):
    from tabletop.sessions.console import hotwash_questions

    g = new_game(loaded, store)
    g.abandon()
    asked = hotwash_questions(g.scenario, g.state, "en")
    assert asked  # the entries reached have discussion questions
    app = app_with(loaded, store, ConsoleScreen(g))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("h", *"we waited", "enter")
        for _ in asked[1:]:
            await pilot.press("enter")  # skipped
        await pilot.pause()
    assert [(h.question, h.text) for h in g.state.hotwash] == [(asked[0], "we waited")]
    assert sum(isinstance(e, Hotwashed) for e in store.events("drill")) == 1


async def test_replay_steps_and_forks(loaded, store):
    g = new_game(loaded, store)
    released_decision(g)
    g.observe("noted at the first call")
    g.decide(g.waiting.node.id, g.waiting.roles[0], g.waiting.node.questions[0].options[0].id, "Fa")
    released_decision(g)
    app = app_with(loaded, store, ReplayScreen(other(loaded, store)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Event 1/" in text_of(app)
        await pilot.press("right", "right")
        await pilot.pause()
        at = app.screen.at
        assert at > 0
        await pilot.press("right", "right", "right")
        await pilot.pause()
        assert "noted at the first call" in text_of(app)
        await pilot.press("left")
        await pilot.pause()
        assert app.screen.at < len(app.screen.steps) - 1
        while app.screen.at:
            await pilot.press("comma")
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        forked = app.screen.game
    assert forked.name != "drill" and not forked.state.choices
    assert store.info(forked.name).parent == "drill"


# -- secrecy: the projector and the role terminals never show facilitator text ------------


def _private_of_others(sc, role, lang) -> set[str]:
    mine = {n.text.get(lang) for n in sc.nodes.values() if n.text and (not n.audience or role in n.audience)}
    return {
        n.text.get(lang)
        for n in sc.nodes.values()
        if n.text and n.audience and role not in n.audience and n.text.get(lang) not in mine
    }


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("pick", [0, -1])
async def test_secrecy_of_projector_and_roles(loaded, store, lang, pick):
    """Along a path (the first or the last option on offer each time), every text the
    projector and each role terminal show, compared with every facilitator-only string."""
    sc = loaded[0]
    secret = {flat(s) for s in secrets_of(sc, lang) if len(flat(s)) >= 8}
    labels = {tr(k, lang) for k in ("fc_note", "fc_discussion", "fc_feedback", "fc_model", "fc_rubric")}
    g = new_game(loaded, store, lang)
    audiences = [None, *sc.roles]
    shown: dict = {a: [] for a in audiences}
    apps = {}
    for who in audiences:
        screen = ProjectorScreen(g) if who is None else RoleScreen(g, who)
        apps[who] = (app_with(loaded, store, screen, lang), screen)
    # one game drives them all: each screen is redrawn after every move, as its poll would
    for _turn in range(40):
        if g.state.ended:
            break
        if g.state.released < len(g.state.feed):
            g.release(by="Fa")
        else:
            w = g.waiting
            if w.kind == "rule":
                o = w.node.question(w.roles[0]).option(dict(g.state.pending)[w.roles[0]])
                g.rule(w.node.id, w.roles[0], o.rubric[0].id, by="Fa")
            elif w.kind == "decide":
                from tabletop.engine.play import offered

                q = w.node.question(w.roles[0])
                g.propose(q.role, offered(q, g.state)[pick].id, "because")
                shown_now = g.state
                assert shown_now.proposals
                g.decide(w.node.id, q.role, offered(q, g.state)[pick].id, "Fa", "ok" if q.options else "")
        for who in audiences:
            shown[who].append(g.state)
    for who in audiences:
        app, screen = apps[who]
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            texts = []
            for st in shown[who]:
                g.state = st
                screen.refresh_all()  # the widgets are updated at once: their text is read now
                texts.append(text_of(app))
        body = flat("\n".join(texts))
        leaks = {s for s in secret if s in body}
        assert not leaks, (who, lang, sorted(leaks)[:3])
        assert not any(flat(lb) + ":" in body for lb in labels), who
        if who is not None:
            theirs = {flat(s) for s in _private_of_others(sc, who, lang) if len(flat(s)) >= 8}
            assert not {s for s in theirs if s in body}, who
    assert g.state.ended


# -- snapshots at 80×24 (pytest-textual-snapshot; `pytest --snapshot-update` after a deliberate change)


def _session(loaded, store, lang):
    g = new_game(loaded, store, lang)
    released_decision(g)
    q = g.waiting.node.questions[0]
    g.propose(q.role, q.options[1].id, "the links first")
    g.adhoc("The regulator is on line 2", (q.role,))
    return g, q.role


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_console(snap_compare, loaded, store, lang):
    g, _ = _session(loaded, store, lang)
    assert snap_compare(app_with(loaded, store, ConsoleScreen(g), lang), terminal_size=(80, 24))


def test_projector(snap_compare, loaded, store):
    _session(loaded, store, "en")
    app = app_with(loaded, store, ProjectorScreen(other(loaded, store)), "en")
    assert snap_compare(app, terminal_size=(80, 24))


def test_role(snap_compare, loaded, store):
    _, role = _session(loaded, store, "ja")
    app = app_with(loaded, store, RoleScreen(other(loaded, store), role), "ja")
    assert snap_compare(app, terminal_size=(80, 24))


# -- the commands' errors: a sentence and an exit code, before any screen opens ------------


def test_join_and_replay_errors(loaded, store, capsys):
    from tabletop.tui.cli import exit_codes
    from tabletop.tui.cli.main import main

    new_game(loaded, store)
    sc, cat = loaded
    Game.new(sc, cat, EXAMPLE, store, "solo1", 0, (), "en", "solo")
    cases = [
        (["join", "nope", "--view", "projector", "--lang", "en"], "no session named 'nope'"),
        (["join", "solo1", "--view", "projector", "--lang", "en"], "is not a facilitated drill"),
        (["join", "drill", "--role", "nobody", "--lang", "en"], "unknown role: nobody"),
        (["replay", "nope", "--lang", "en"], "nope"),
        (["join", "drill", "--lang", "ja", "--role", "nobody"], "不明な役割です"),
    ]
    for argv, said in cases:
        assert main(argv) == exit_codes.CANNOT_RUN, argv
        assert said in capsys.readouterr().err, argv
    with pytest.raises(SystemExit) as e:
        main(["join", "drill"])  # neither --view nor --role
    assert e.value.code == exit_codes.CANNOT_RUN
    with pytest.raises(SystemExit):
        main(["facilitate", EXAMPLE, "--timer", "5"])
    assert "seconds" in capsys.readouterr().err
    # without a terminal, after the checks: said, and no session made
    assert main(["facilitate", EXAMPLE, "--session", "x1", "--lang", "en"]) == exit_codes.CANNOT_RUN
    assert "needs a terminal" in capsys.readouterr().err and not store.exists("x1")


async def test_rulings_on_a_contested_call_and_an_open_answer(features, mini_catalog, store):
    """The console's answers through the rubric dialog (modals/ruling.py): a contested call
    rated, an open answer typed and rated; then the debrief."""
    from tabletop.engine.play import Ruled
    from tabletop.tui.app.modals import RulingScreen
    from tabletop.tui.app.screens import DebriefScreen
    from tests.conftest import FEATURES

    g = Game.new(features, mini_catalog, str(FEATURES), store, "feat", 0, (), "en", "facilitated")
    app = TabletopApp(lang="en", store=store, catalog=mini_catalog, start_screen=lambda app: ConsoleScreen(g))

    async def release_all(pilot):
        while g.state.released < len(g.state.feed):
            await pilot.press("r")
        await pilot.pause()

    async with app.run_test(size=(80, 24)) as pilot:
        await release_all(pilot)
        await pilot.press("1", "enter", "enter")  # keep the logs, no rationale
        await release_all(pilot)
        await pilot.press("2", "enter")  # restore: contested, ruled against its rubric
        await pilot.pause()
        assert isinstance(app.screen, RulingScreen)
        await pilot.press("enter")  # the first level
        await release_all(pilot)
        await pilot.press("1", "enter", "enter")  # management: escalate
        await release_all(pilot)
        await pilot.press("1", "enter")  # pr: the open answer
        await pilot.pause()
        assert isinstance(app.screen, RulingScreen) and app.screen.ask_text
        app.screen.query_one("#answer").value = "facts and unknowns"
        await pilot.press("enter", "enter")
        await release_all(pilot)
        assert g.state.ended
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
    ruled = [(e.role, e.level, e.by) for e in store.events("feat") if isinstance(e, Ruled)]
    assert ruled == [("system", "argued", "facilitator"), ("pr", "full", "facilitator")]
    texts = [e.text for e in store.events("feat") if isinstance(e, Decided)]
    assert "facts and unknowns" in texts


async def test_the_debrief_of_a_drill_exports_the_after_action_report(
    features, mini_catalog, store, tmp_path, monkeypatch
):
    from tabletop.tui.app.screens import DebriefScreen
    from tests.conftest import FEATURES
    from tests.drills import features_drill

    g = features_drill(features, mini_catalog, str(FEATURES), store)
    monkeypatch.chdir(tmp_path)
    app = TabletopApp(lang="en", store=store, catalog=mini_catalog, start_screen=lambda app: DebriefScreen(g))
    async with app.run_test(size=(100, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
    md = (tmp_path / "tabletop-D.md").read_text(encoding="utf-8")
    assert md.startswith("# After-action report") and "## Improvement plan" in md


def test_the_status_line_says_when_the_time_is_up():
    from types import SimpleNamespace

    def t(key, **kw):
        return tr(key, "en", **kw)

    def view(remaining):
        return SimpleNamespace(
            clock_text="09:00", of=lambda kind: [], paused=False, remaining=remaining, ended=False
        )

    assert "Time left 1:05" in view_text.status_line(view(65), t, now="10:00:00")
    assert "TIME IS UP" in view_text.status_line(view(0), t, now="10:00:00")
    assert "Time left" not in view_text.status_line(view(None), t, now="10:00:00")


async def test_a_move_the_rules_refuse_is_said_in_the_consoles_language(loaded, store):
    """The engine's refusal (IllegalMove) reaches the console as its kind and facts, worded
    in Japanese (sessions/messages.py), not as the engine's English sentence."""
    g = new_game(loaded, store)
    app = app_with(loaded, store, ConsoleScreen(g), lang="ja")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert app.screen._do(g.release, 99) is False  # past the end of the feed
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert any(m.startswith("99 件目までは配信できません") for m in said), said
        assert not any("cannot release" in m for m in said)
