"""Japanese text breaks between characters, never before closing punctuation, wherever the
terminal UI wraps it itself: the feed (every entry, answers too), the library's preview, the
help and the fork dialog, at the widget's own width and again after a resize. Textual's own
wrap breaks Japanese only at spaces, which started lines with "。" and "、"."""

from __future__ import annotations

import pytest
from textual.content import Content

from tabletop.engine.text import _NO_LINE_START, width
from tabletop.tui.app import TabletopApp
from tabletop.tui.app.feed_view import FeedView
from tabletop.tui.app.literal import fitted, wrap_lines
from tabletop.tui.app.modals import HelpScreen
from tabletop.tui.app.screens import PlayScreen
from tabletop.tui.app.text_view import TextView
from tests.tui.conftest import library_filled

SENTENCE = "個人情報が実際に出たのかを委託先が確かめるのを待ち、裏付けのある事実がそろってから、CSIRTと経営層にまとめて上げる。"


def _well_broken(lines: list[str], cols: int) -> None:
    assert all(width(x) <= cols for x in lines), [x for x in lines if width(x) > cols]
    starts = [x for x in lines if x and x[0] in _NO_LINE_START]
    assert not starts, starts


@pytest.mark.parametrize("cols", range(8, 70))
def test_wrap_lines_keeps_styles_and_never_starts_a_line_with_a_closing_mark(cols):
    content = Content.assemble(
        ("✓ [2日目 13:25] システム部門: ", "bold"), SENTENCE, "\n\n", "second paragraph"
    )
    lines = wrap_lines(content, cols)
    plain = [x.plain for x in lines]
    _well_broken(plain, cols)
    assert "".join(plain).replace(" ", "") == content.plain.replace("\n", "").replace(" ", "")
    assert plain.count("") == 1  # the blank line between the paragraphs is kept
    # the bold heading stays bold on whatever lines it fell
    bold = "".join(x.plain[s.start : s.end] for x in lines for s in x.spans if s.style == "bold")
    assert bold.replace(" ", "") == "✓[2日目13:25]システム部門:"
    assert all(width(x) <= cols for x in fitted(SENTENCE, cols))


async def test_the_feed_wraps_every_entry_japanese_aware_at_its_width_after_resizes(app_store):
    app = TabletopApp(store=app_store, lang="ja", scenario="fy2024-05", session="wrap", seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(3):
            await pilot.press("2", "enter")
            await pilot.pause()
            if not isinstance(app.screen, PlayScreen):
                await pilot.press("enter")
                await pilot.pause()
        view = app.screen.query_one(FeedView)
        answers = [e for e in view.entries if e.plain.startswith("✓")]
        assert answers  # the answers are in the feed, wrapped like every other entry
        for size in ((61, 50), (93, 40), (120, 40), (70, 30), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            cols = view.content_size.width
            lines = [x.plain for x in view.lines_at(cols)]
            _well_broken(lines, cols)
            # an answer begins on its heading's line (it was always put on the next one)
            for a in answers:
                head = a.plain.split(": ", 1)[0]
                line = next(x for x in lines if x.startswith(head))
                assert len(line) > len(head) + 2


async def test_the_preview_and_the_help_wrap_to_their_own_width(app_store):
    app = TabletopApp(store=app_store, lang="ja")
    async with app.run_test(size=(100, 30)) as pilot:
        await library_filled(app, pilot)
        preview = app.screen.query_one("#preview", TextView)
        for size in ((100, 30), (60, 20), (80, 24), (130, 40)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            cols = preview.content_size.width
            assert cols > 0
            _well_broken([x.plain for x in preview.lines_at(cols)], cols)
            assert "分野: 金融" in preview.text  # names, not ids, in Japanese
            assert "種別: システム障害" in preview.text
        app.push_screen(HelpScreen())
        await pilot.pause()
        body = app.screen.query_one(TextView)
        cols = body.content_size.width
        lines = [x.plain for x in body.lines_at(cols)]
        _well_broken(lines, cols)
        assert sum(width(x) for x in lines) > 0.8 * cols * len([x for x in lines if x])  # full lines
