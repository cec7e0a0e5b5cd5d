"""When the store fails under the terminal UI (the PostgreSQL server gone mid-drill), the
person reads it in the app's language: the same sentence the command line says
(sessions/messages.py), as literal text, and the play goes on where it can."""

from __future__ import annotations

import asyncio

from tabletop.sessions.store import StoreLost, StoreUnreachable
from tabletop.tui.app import TabletopApp
from tests.e2e.test_cli import _english_words
from tests.tui import test_app
from tests.tui.test_app import EXAMPLE

store, example = test_app.store, test_app.example  # fixtures: a SQLite store, the worked example

WHERE = "postgresql://tabletop@db.example:5432/drills"


async def _playing(pilot, example, name: str):
    """The example started as session ``name`` in the (Japanese) app: its play screen."""
    pilot.app.start_game(example, EXAMPLE, name=name, seed=0)
    await pilot.pause()
    return pilot.app.screen


def _said(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def _outage(store, monkeypatch, error):
    """The store's writes fail with ``error`` until the returned function is called."""
    real = store.append

    def append(*a, **kw):
        raise error

    monkeypatch.setattr(store, "append", append)
    return lambda: monkeypatch.setattr(store, "append", real)


async def _ended_by(store, error) -> TabletopApp:
    """A Japanese app in which ``error`` is raised where no screen catches it, once it has
    ended itself (pilot.pause would wait on a closed app)."""
    app = TabletopApp(store=store, lang="ja")

    def fail():
        raise error

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.call_later(fail)
        for _ in range(40):
            await asyncio.sleep(0.05)
            if app.return_code is not None:
                break
    return app


async def test_an_answer_the_server_did_not_take_is_said_in_japanese_and_asked_again(
    store, example, monkeypatch
):
    app = TabletopApp(store=store, lang="ja")
    async with app.run_test(size=(80, 24)) as pilot:
        play = await _playing(pilot, example, "outage")
        question = play.question
        back = _outage(store, monkeypatch, StoreLost(WHERE, 30.0, "", "down"))
        await pilot.press("1", "enter")
        await pilot.pause()
        lost = [m for m in _said(app) if WHERE in m]
        assert lost and lost[-1].startswith(
            f"セッションの保存先 {WHERE} との接続が切れ、30 秒待っても戻りませんでした"
        ), _said(app)
        assert "サーバーが接続を受け付けません" in lost[-1]  # the cause, worded too
        # what to do: give it again here, not `tabletop resume` (that is for the command line)
        assert lost[-1].endswith("サーバーが戻ったら、もう一度入力してください") and "resume" not in lost[-1]
        assert _english_words(lost[-1].replace(WHERE, " ")) == [], lost[-1]
        # nothing was saved or lost: the same question waits, and is answered once the server is back
        assert app.screen is play and play.question == question and play.game.decisions == 0
        assert app.return_code is None and app.crash_detail is None
        back()
        await pilot.press("1", "enter")
        await pilot.pause()
        assert store.info("outage").decisions == 1


async def test_a_note_the_server_did_not_take_is_said_in_the_apps_language(store, example, monkeypatch):
    from tabletop.tui.app.modals import NoteScreen

    app = TabletopApp(store=store, lang="ja")
    async with app.run_test(size=(80, 24)) as pilot:
        play = await _playing(pilot, example, "note")
        refused = 'connection to server at "10.0.0.5", port 5432 failed: Connection refused'
        _outage(store, monkeypatch, StoreUnreachable(WHERE, refused, "refused"))
        play.action_note()
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        app.screen.dismiss("ログを確認")
        await pilot.pause()
        said = [m for m in _said(app) if WHERE in m]
        assert said == [f"セッションの保存先 {WHERE} に接続できません: サーバーが接続を拒否しました。"
                        f"そのアドレスとポートで応答するものがありません({refused})"], _said(app)  # fmt: skip
        assert app.screen is play and app.return_code is None


async def test_a_store_error_no_screen_expected_ends_the_app_with_its_sentence_not_a_crash(store):
    app = await _ended_by(store, StoreLost(WHERE, 30.0, "server closed the connection unexpectedly", "lost"))
    assert app.return_code == 2 and app.crash_detail is None
    assert app.exit_message.startswith(f"セッションの保存先 {WHERE} との接続が切れ")
    assert "サーバーが接続を閉じました(server closed the connection unexpectedly)" in app.exit_message
    assert app.exit_message.endswith("`tabletop resume` でセッションを再開してください")  # the app has ended


def test_a_scenario_that_cannot_be_played_is_said_in_the_apps_language(store, tmp_path):
    app = TabletopApp(store=store, lang="ja")
    assert app.load_for_play("fy2024-2") == (
        None,
        "シナリオ ID「fy2024-2」はありません。fy2024-02 または fy2024-09 のことですか?(一覧は `tabletop list`)",
    )
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\ntitle: {en: Broken}\nnodes: []\n", encoding="utf-8")
    loaded, said = app.load_for_play(str(broken))
    assert loaded is None
    assert said.startswith(
        f"シナリオに誤りがあります。先に直してください(`tabletop validate {broken}`):\n"
    ), said


async def test_a_scenario_that_goes_round_for_ever_ends_the_app_in_its_language(store):
    from tabletop.engine.play import LoopError

    app = await _ended_by(store, LoopError("no edge out of 'n1' applies", "n1"))
    assert app.return_code == 2 and app.crash_detail is None
    assert app.exit_message.startswith(
        "シナリオが終わりなく同じところを回ります: no edge out of 'n1' applies。"
    )


async def test_a_store_that_cannot_be_read_is_said_once_while_it_stays_away(store, example, monkeypatch):
    app = TabletopApp(store=store, lang="ja")
    async with app.run_test(size=(80, 24)) as pilot:
        play = await _playing(pilot, example, "away")
        real = store.last_seq

        def away(name):
            raise StoreUnreachable(WHERE, "", "down")

        monkeypatch.setattr(store, "last_seq", away)
        for _ in range(3):  # three ticks of the screen's watch on the log
            play._watch_log()
        await pilot.pause()
        said = [m for m in _said(app) if WHERE in m]
        assert said == [f"セッションの保存先 {WHERE} に接続できません: サーバーが接続を受け付けません(停止中、再起動中、または到達できません)"]  # fmt: skip
        monkeypatch.setattr(store, "last_seq", real)
        play._watch_log()  # back: read again
        monkeypatch.setattr(store, "last_seq", away)
        play._watch_log()  # away again: said again
        await pilot.pause()
        assert len([m for m in _said(app) if WHERE in m]) == 2
