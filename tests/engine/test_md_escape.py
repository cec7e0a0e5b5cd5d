"""Markdown reports escape only what Markdown would read as syntax: scenario text renders
back as the same text, and ordinary punctuation is left alone."""

from __future__ import annotations

import html
import re

import pytest
from markdown_it import MarkdownIt

from tabletop.engine.report import md_escape

TRICKY = [
    "Reboot it (bad) -5 points, +2",
    "- a list?",
    "+ another",
    "* and a third",
    "# not a heading",
    "1. not a list",
    "2) nor this",
    "the [bold]alarm[/] <script>x</script>",
    "a*b*_c_ `code` |cell| ~~x~~ &amp; &#65; \\ back",
    "[link](http://example.com) ![img](x.png) <http://auto.link>",
    "   indented, not code",
    "---",
    "===",
    "x\n> not a quote\n# nor a heading",
    "故障(原因不明)は −5 点。「再起動」",
]


def _text(rendered: str) -> str:
    """The text a reader sees: tags removed, entities decoded, hard breaks as newlines."""
    body = re.sub(r"<br />\n?", "\n", rendered)
    body = re.sub(r"</?p>", "", body)
    assert "<" not in body.replace("&lt;", ""), rendered  # no element came from the text
    return html.unescape(body).strip("\n").replace("\u00a0", " ")


@pytest.mark.parametrize("s", TRICKY)
def test_scenario_text_renders_back_as_itself(s):
    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    # leading spaces must not make a code block (checked by _text: no element); a renderer
    # may then drop them, which loses nothing a reader needs
    want = s.lstrip(" ") if s.startswith(" ") else s
    assert _text(md.render(md_escape(s))) == want


def test_ordinary_punctuation_is_not_escaped():
    assert md_escape("Reboot it (bad) -5 points, +2; a-b & c!") == "Reboot it (bad) -5 points, +2; a-b & c!"
    assert md_escape("故障(原因不明)は −5 点") == "故障(原因不明)は −5 点"
    # a flag name's underscores and a closing bracket are literal as they are
    assert md_escape("at the end: unlisted_found=false, logs_kept=true") == (
        "at the end: unlisted_found=false, logs_kept=true"
    )
    assert md_escape("[-] not performed") == "\\[-] not performed"
    assert md_escape("_emphasis_ here") == "\\_emphasis\\_ here"


def test_a_carriage_return_or_line_separator_starts_an_escaped_line():
    # clean() later turns these into newlines: the line they start must be escaped too
    assert md_escape("a\r# b\u2028- c\r\n> d") == "a  \n\\# b  \n\\- c  \n\\> d"
