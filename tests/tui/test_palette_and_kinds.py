"""The command palette speaks the app's language and its Quit asks first in a game, as q
and Ctrl+Q do, and keys typed after q in one burst do nothing; the library names incident
types and sectors in the app's language."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import DataTable, Input, Select

from tabletop.engine.catalog import builtin_files, load
from tabletop.tui.app import TabletopApp
from tabletop.tui.app.i18n import KINDS
from tabletop.tui.app.modals import ConfirmScreen
from tabletop.tui.app.screens import PlayScreen
from tests.tui.conftest import library_filled


async def _commands(app) -> dict:
    """The palette's commands now: title -> help."""
    return {c.title: c.help for c in app.get_system_commands(app.screen)}


async def test_the_palette_is_in_the_apps_language_and_its_quit_asks_in_a_game(app_store):
    app = TabletopApp(store=app_store, lang="ja", scenario="fy2020-09", session="pal", seed=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        commands = await _commands(app)
        assert {"終了", "テーマ", "スクリーンショット"} <= set(commands)
        assert not {"Quit", "Theme", "Screenshot", "Keys"} & set(commands)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(Input).placeholder == "コマンドを検索…"
        await pilot.press("escape")
        await pilot.pause()
        quit_ = next(c for c in app.get_system_commands(app.screen) if c.title == "終了")
        quit_.callback()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # asks, as q does
        assert app.return_code is None
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        app.action_switch_lang()
        assert "Quit" in await _commands(app)


def test_every_built_in_type_and_sector_has_a_name_in_both_languages(builtin_catalog):
    for f in builtin_files():
        sc, _ = load(f, builtin_catalog)
        for x in (sc.type, sc.sector):
            assert x in KINDS and KINDS[x]["ja"] and KINDS[x]["en"], x


async def test_the_library_names_types_and_sectors_and_filters_by_them(app_store):
    app = TabletopApp(store=app_store, lang="ja")
    async with app.run_test(size=(100, 30)) as pilot:
        await library_filled(app, pilot)
        lib = app.screen
        table = lib.query_one(DataTable)
        assert str(table.get_cell("fy2020-05-ransomware-twice-rdp", "type")) == "ランサムウェア"
        types = lib.query_one("#f-type", Select)
        assert ("詐欺", "fraud") in {(str(p), v) for p, v in types._options if v != Select.NULL}
        types.value = "fraud"
        await pilot.pause()
        assert {s.id[:9] for s in lib.shown} == {"fy2020-04", "fy2020-09"}
        types.clear()
        lib.query_one("#search", Input).value = "ランサム"
        await pilot.pause()
        assert {s.id[:9] for s in lib.shown} >= {"fy2020-05", "fy2024-02"}


async def test_keys_typed_after_q_in_one_burst_do_nothing(app_store):
    """Typed at once ("qs"), the s reached its binding while the app was closing, and the
    sessions screen it opened crashed on an app taking its screens down."""
    from textual import events

    app = TabletopApp(store=app_store, lang="ja")
    async with app.run_test(size=(80, 24)) as pilot:
        await library_filled(app, pilot)
        for key in ("q", "s", "enter", "g"):  # one burst: no pause between them
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause(0.3)
    assert app.return_code == 0 and app._exception is None
