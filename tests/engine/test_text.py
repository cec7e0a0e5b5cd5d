"""Text is shown as text: escapes stripped, wrapped by display width."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tabletop.engine.text import _NO_LINE_START, clean, width, wrap


def test_clean_strips_escapes_and_controls_but_keeps_text():
    s = "a\x1b[31mred\x1b[0m \x1b]0;title\x07b\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ c\x00\x08\u202e\nline\ttab [bold]x[/]"
    assert clean(s) == "ared blink c\nline\ttab [bold]x[/]"


def test_width_counts_wide_characters_twice():
    assert width("abc") == 3 and width("認証") == 4 and width("A認") == 3


TEXT = st.text(alphabet=st.sampled_from(list("ab cdef  ghij:") + list("認証サーバー。、」")), max_size=200)


@given(TEXT, st.integers(10, 80))
def test_wrap_keeps_every_character_and_fits(s, cols):
    lines = wrap(s, cols, "  ")
    assert "".join(line.strip() for line in lines).replace(" ", "") == s.replace(" ", "")
    for line in lines:
        assert width(line) <= cols + 2  # a closing mark may hang past the edge
    for prev, line in zip(lines, lines[1:], strict=False):
        # a line starts with a closing mark only after a line that already ends with one
        if line[2:3] and line[2:3] in _NO_LINE_START:
            assert prev[-1] in _NO_LINE_START


def test_a_closing_mark_after_a_space_at_the_break_hangs_on_the_line_before():
    # found by hypothesis: the space ended the line, and the 、 after it began the next one
    lines = wrap("aaaaaa、サ 、", 12, "  ")
    assert lines == ["  aaaaaa、サ、"]


def test_clean_removes_every_control_and_format_character_unicode_knows():
    import sys
    import unicodedata

    keep = {"\t", "\n", "\u200c", "\u200d"}  # tab, newline, and the joiners scripts need
    leaked = [
        f"U+{cp:04X}"
        for cp in range(sys.maxunicode + 1)
        if unicodedata.category(chr(cp)) in ("Cc", "Cf")
        and chr(cp) not in keep
        and chr(cp) in clean(f"a{chr(cp)}b")
    ]
    assert not leaked, leaked
    assert clean("a\u2028b\u2029c\rd") == "a\nb\nc\nd"


def test_one_line_and_terminal_safe():
    from tabletop.engine.text import one_line, terminal_safe

    assert one_line("a\nb  \x1b[31mc\r\nd") == "a b c d"
    assert terminal_safe("row,1\r\nrow,2\r\x1b]0;t\x07x\u202e") == "row,1\r\nrow,2x"


def test_wrap_cuts_a_hostile_word_beside_wide_text_into_lines_that_fit():
    s = "W" * 5000 + " 認証 " + "x" * 3000
    lines = wrap(s, 40, "  ")
    assert all(width(line) <= 40 for line in lines)
    assert "".join(line.strip() for line in lines).replace(" ", "") == s.replace(" ", "")


def test_only_one_closing_mark_hangs_past_the_edge():
    # found by hypothesis: a second closing mark after a space hung on the same line too
    assert wrap("aaaaaaa、 、", 10, "  ") == ["  aaaaaaa、", "  、"]


def test_an_ascii_colon_or_semicolon_after_japanese_does_not_start_a_line():
    # a label "担当:" wrapped at its colon left the colon at the start of the next line
    assert wrap("ああああ:い", 10, "  ") == ["  ああああ:", "  い"]
    assert wrap("ああああ; い", 10, "  ") == ["  ああああ;", "  い"]
    assert wrap("ratio 3:2 and 1;2 ok", 8) == ["ratio", "3:2 and", "1;2 ok"]  # Latin: unchanged
