"""The debrief in the terminal (tui/app/debrief_view.py): the document's blocks laid out for
a width, every line within it, nothing lost, columns aligned, text literal; and the screen
that shows it: few widgets, laid out again on resize, no Markdown parser imported."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter

import pytest

from tabletop.engine.blocks import Block
from tabletop.engine.catalog import load, load_catalog
from tabletop.engine.report import outline
from tabletop.engine.text import clean, width
from tabletop.sessions.game import Game
from tabletop.tui.app import TabletopApp
from tabletop.tui.app.debrief_view import column_widths, document
from tabletop.tui.app.screens import DebriefScreen
from tests.conftest import MINI, ROOT
from tests.drills import solo_to_end
from tests.hostile import MARKUP, write_hostile_pack

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u061c\u200b\ufeff]")
BOXES = "┌┬┐├┼┤└┴┘│─"


def _played(ref, store=None, catalog=None):
    """A game of ``ref`` played to its end on the engine: the first option on offer, the
    first level of a rubric, "x" for an open answer."""
    if catalog is None:
        catalog, _ = load_catalog()
    sc, diags = load(str(ref), catalog)
    assert sc is not None, diags[:3]
    return solo_to_end(Game.new(sc, catalog, str(ref), store, "shown" if store else None, seed=0))


def _debrief_app(g, store, lang: str) -> TabletopApp:
    """The app showing ``g``'s debrief as its first screen."""
    return TabletopApp(lang=lang, store=store, catalog=g.catalog, start_screen=lambda a: DebriefScreen(g))


async def _view(app, pilot):
    """The debrief view, once the debrief is made and drawn."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.screen.query_one("#debrief-view")


@pytest.fixture(scope="module")
def debriefs():
    """The outline of two built-in scenarios' debriefs, in both languages."""
    out = {}
    for sid in ("fy2024-02", "fy2024-04"):
        g = _played(sid)
        db = g.debrief()
        for lang in ("en", "ja"):
            out[sid, lang] = outline(db, g.catalog, lang)
    return out


def _chars(blocks) -> Counter:
    """Every visible character the blocks hold (not the chart, which is HTML only)."""
    texts = []
    for b in blocks:
        if b.kind == "chart":
            continue
        texts.append(b.text)
        for r in b.rows:
            texts += [str(x) for x in (r if isinstance(r, tuple) else (r,))]
    return Counter(ch for ch in clean("".join(texts)) if not ch.isspace())


@pytest.mark.parametrize("cols", [30, 52, 76, 96])
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_line_fits_and_nothing_is_lost(debriefs, lang, cols):
    for (_, in_lang), blocks in debriefs.items():
        if in_lang != lang:
            continue
        shown = document(blocks, cols).plain
        lines = shown.split("\n")
        too_wide = [x for x in lines if width(x) > cols]
        assert not too_wide, too_wide[:3]
        lost = _chars(blocks) - Counter(ch for ch in shown if not ch.isspace())
        assert not lost, lost
        if lang == "en":  # Latin text breaks between words (or after a hyphen), never inside one
            words = set(shown.split())
            for b in blocks:
                if b.kind in ("para", "heading"):
                    assert all(w in words for w in b.text.split() if "-" not in w), b.text


def test_the_title_and_headings_are_styled_by_the_views_component_classes(debriefs):
    blocks = debriefs["fy2024-02", "en"]
    shown = document(blocks, 76)
    styles = {}
    for span in shown.spans:
        styles.setdefault(span.style, []).append(shown.plain[span.start : span.end].strip())
    title = blocks[0].text
    assert title in styles[".debrief-view--title"]
    headings = [b.text for b in blocks if b.kind == "heading" and width(b.text) <= 76]
    assert headings and all(h in styles[".debrief-view--heading"] for h in headings)
    # every style is a component class of the view (the theme decides the colours), never markup
    assert all(str(s).startswith(".debrief-view--") for s in styles), set(styles)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_tables_and_bars_are_in_aligned_columns(debriefs, lang):
    blocks = debriefs["fy2024-04", lang]
    for cols in (60, 76):
        lines = document(blocks, cols).plain.split("\n")
        table = [x.rstrip() for x in lines if x and x[0] in BOXES]
        assert len(table) > 10
        assert {width(x) for x in table} == {width(table[0])}, "every row of the path table as wide"
        # the borders of every row at the same columns: the cells are padded by their width in columns
        first = {width(table[0][:i]) for i, ch in enumerate(table[0]) if ch in "┌┬┐"}
        for row in table[1:]:
            at = {width(row[:i]) for i, ch in enumerate(row) if ch in "│├┼┤└┴┘"}
            assert at == first, row
        groups: list[list[str]] = []  # the bars of each block: consecutive lines with a bar
        for k, x in enumerate(lines):
            if "░" in x or "█" in x:
                if not groups or not ("░" in lines[k - 1] or "█" in lines[k - 1]):
                    groups.append([])
                groups[-1].append(x)
        assert len(groups) == 2 and all(len(g) >= 3 for g in groups)
        for g in groups:  # the bars start at one column, and the points' slashes line up
            starts = {width(x[: min(i for i, ch in enumerate(x) if ch in "░█")]) for x in g}
            slashes = {width(x[: x.rindex("/")]) for x in g}
            assert len(starts) == 1 and len(slashes) == 1, g


def test_lists_hang_their_lines_under_their_text(debriefs):
    blocks = debriefs["fy2024-02", "en"]
    for b in [b for b in blocks if b.kind == "practice"][:4]:  # its mark, then four columns in
        first, *rest = document([b], 44).plain.split("\n")
        assert re.match(r"\[[-+?=]\] \S", first) and rest
        assert all(x.startswith("    ") and x[4] != " " for x in rest), rest
    reviews = [b for b in blocks if b.kind == "review"]
    lines = document(reviews, 44).plain.split("\n")
    numbered = [x for x in lines if re.match(r" ?\d+\. \S", x)]
    assert len(numbered) == len(reviews)  # one list, numbered 1, 2, 3...
    assert [int(x.split(".")[0]) for x in numbered] == list(range(1, len(reviews) + 1))
    pad = " " * len(numbered[-1].split(".")[0] + ". ")
    assert all(x.startswith(pad) for x in lines if x not in numbered), "the rest hangs under the text"
    bullets = [x for x in lines if x.startswith(pad + "• ")]
    assert len(bullets) == sum(len(b.rows) for b in reviews)


def test_column_widths_keep_narrow_columns_and_share_the_rest():
    assert column_widths([2, 10, 10], 30) == [2, 10, 10]  # all fit
    assert column_widths([2, 80, 80], 62) == [2, 30, 30]
    assert column_widths([2, 20, 80], 62) == [2, 20, 40]  # the short one keeps its width
    assert sum(column_widths([3, 100, 100, 100], 70)) == 70


def test_hostile_text_stays_text():
    payload = "\x1b]0;PWNED\x07[bold]x[/bold] \u202eevil\x9b2J " + MARKUP
    blocks = [
        Block("title", payload),
        Block("heading", payload),
        Block("para", payload + "\n" + payload),
        Block("small", payload),
        Block("quote", payload),
        Block("bars", rows=((payload, 1, 2),)),
        Block("practice", payload, ("-", payload, payload)),
        Block("review", payload, ((payload, payload),)),
        Block("path", rows=((payload, payload), (1, payload, payload))),
        Block("table", rows=((payload, "b"), (payload, "x\ty"))),
        Block("chart", rows=("<svg>" + payload + "</svg>",)),
    ]
    shown = document(blocks, 60)
    assert not UNSAFE.search(shown.plain) and "\t" not in shown.plain
    assert MARKUP in shown.plain and "[bold]x[/bold]" in shown.plain
    assert "<svg>" not in shown.plain  # the chart is the HTML report's
    assert all(str(s.style).startswith(".debrief-view--") for s in shown.spans)


async def test_a_hostile_scenario_shows_literally_on_the_debrief(tmp_path, app_store):
    from textual.widgets import Markdown

    store = app_store
    path = write_hostile_pack(tmp_path)
    app = TabletopApp(lang="en", store=store)
    loaded, err = app.load_for_play(str(path))
    assert err is None, err
    sc, catalog = loaded
    g = _played(path, store, catalog)
    app = _debrief_app(g, store, "en")
    async with app.run_test(size=(100, 40)) as pilot:
        view = await _view(app, pilot)
        shown = view.text
        assert not UNSAFE.search(shown)
        compact = "".join(shown.split())
        assert MARKUP in compact  # markup in the scenario, shown as the text it is
        assert "".join(clean(sc.title.get("en")).split()) in compact  # the title, whole
        # each option chosen, on the path table: laid out wide, every cell on one line
        wide = view.at(100_000).plain
        for c in g.state.choices:
            text = sc.nodes[c.node].question(c.role).option(c.option).text.get("en")
            assert clean(text).replace("\t", " ").split("\n")[0].strip() in wide
        assert not UNSAFE.search(app.export_screenshot())
        assert not app.screen.query(Markdown)


async def test_the_view_is_laid_out_again_when_the_terminal_is_resized(app_store):
    store = app_store
    g = _played("fy2024-02", store)
    app = _debrief_app(g, store, "ja")
    async with app.run_test(size=(100, 40)) as pilot:
        view = await _view(app, pilot)
        wide = view.text.split("\n")
        assert 90 <= max(map(width, wide)) <= view.content_size.width <= 98
        # one widget for the whole document: the screen holds a handful, not one per paragraph
        assert len(list(app.screen.walk_children())) < 30
        await pilot.resize_terminal(70, 24)
        await pilot.pause()
        narrow = view.text.split("\n")
        assert max(map(width, narrow)) <= view.content_size.width <= 68
        assert len(narrow) > len(wide)
        assert view.size.height == len(narrow)  # the scroll covers every line


def test_playing_to_the_debrief_imports_no_markdown_parser(tmp_path):
    """The debrief was the play path's only Markdown: its parser (markdown-it, linkify,
    mdurl) and the highlighter behind it (pygments) are no longer imported. In a process of
    its own, so that other tests' imports do not count."""
    script = f"""
import asyncio, sys
from tabletop.tui.app import TabletopApp
from tabletop.tui.app.screens import DebriefScreen

async def main():
    app = TabletopApp(lang="en", scenario={str(MINI)!r}, seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(60):
            await pilot.pause()
            if isinstance(app.screen, DebriefScreen):
                break
            await pilot.press("1", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen) and app.screen.result is not None
        assert "Score:" in app.screen.query_one("#debrief-view").text

asyncio.run(main())
print(sorted(m for m in sys.modules if m.split(".")[0] in ("markdown_it", "pygments", "linkify_it", "mdurl")
             or m == "textual.widgets._markdown"))
"""
    env = {"TABLETOP_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout


async def test_a_mouse_selection_copies_the_lines_it_covers(app_store):
    """The view draws a line at a time; a selection still maps to the text under it."""
    store = app_store
    g = _played("fy2024-04", store)
    app = _debrief_app(g, store, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        view = await _view(app, pilot)
        first, blank, ending, blank2, para, *_ = view.text.split("\n")
        assert first.strip().startswith("Debrief:") and not blank and ending.startswith("Ending:")
        assert not blank2 and para
        await pilot.mouse_down(view, offset=(1, 2))  # past the padding: the ending's first character
        await pilot.hover(view, offset=(10, 4))
        await pilot.mouse_up(view, offset=(10, 4))  # into the paragraph's first line
        await pilot.pause()
        picked = app.screen.get_selected_text()
        assert picked.startswith(ending + "\n\n")
        last = picked.split("\n")[-1]
        assert 8 <= len(last) <= 10 and para.startswith(last)
