"""Scenario text is data, never markup or terminal control: clean it before showing it."""

from __future__ import annotations

import functools
import re

_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: titles, hyperlinks, clipboard (52)
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC
    r"|\x1b[@-Z\\-_]?"  # other escapes (RIS is ESC c: the lone ESC goes, "c" stays text)
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|[\x90\x98\x9d-\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # 8-bit DCS, SOS, OSC, PM, APC
)
# C0 controls but tab and newline, DEL, C1 controls, and every format character (Unicode
# category Cf: bidi overrides and isolates such as U+202E and U+061C, zero-width and
# invisible characters, tag characters) except the zero-width joiners that emoji and some
# scripts need. tests/engine/test_text.py checks this list against unicodedata.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
    "\ud800-\udfff]"  # lone surrogates (from surrogateescape decoding)
)


# the same, for output that may be a document: CR LF line ends (CSV) are kept, a lone CR
# (which would let text overwrite the line it is on) is not
_TERMINAL_UNSAFE = re.compile(_CONTROLS.pattern.replace("\x0b-\x1f", "\x0b\x0c\x0e-\x1f") + "|\r(?!\n)")


def terminal_safe(s: str) -> str:
    """Output bound for a terminal, made inert: escape sequences, lone CRs, control and
    format characters removed; newlines, tabs and CR LF kept. The command line writes
    everything through this (tui/cli/terminal.py)."""
    return _TERMINAL_UNSAFE.sub("", _ESCAPES.sub("", s)) if s else s


def clean(s: str) -> str:
    """Text as a person may see it: escape sequences, control and format characters
    removed (newlines and tabs kept; CR LF, CR, and the Unicode line and paragraph
    separators become newlines)."""
    if not s:
        return ""
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return _CONTROLS.sub("", _ESCAPES.sub("", s))


def one_line(s: str) -> str:
    """``clean`` text on one line (for titles, table cells, comments in generated files)."""
    return " ".join(clean(s).split())


def pick(table: dict[str, dict[str, str]], key: str, lang: str, /, **kw) -> str:
    """A string from a {key: {lang: text}} table, in ``lang`` (else English), formatted."""
    entry = table[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**kw) if kw else text


_NO_LINE_START = set(
    "、。，．・：；？！ー」』）〕］｝〉》”’ゝゞぁぃぅぇぉっゃゅょァィゥェォッャュョ,.:;)]}!?%"
)


def width(s: str) -> int:
    """Columns a string takes in a terminal (wide East Asian characters take two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


_WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"


@functools.cache
def _tokens() -> re.Pattern:
    """One wide character, a run of spaces, or a run of other characters (a word). Made on
    first use: compiling its wide ranges takes 2 ms, which every command would pay at
    start (`--help` too) though only wrapping uses it."""
    return re.compile(f"[{_WIDE}]| +|[^ {_WIDE}]+")


def _char_width(ch: str) -> int:
    import unicodedata

    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


LONG_WORD = 2000  # characters: longer words are cut by the linear path, not by textwrap


def wrap(s: str, cols: int, indent: str = "", hang: str | None = None) -> list[str]:
    """Wrap one paragraph to ``cols`` columns, Latin text at spaces and Japanese between
    characters, never starting a line with closing punctuation. ``hang`` indents the
    lines after the first (default: like the first). Linear in the length of ``s``: each
    character is measured once, so a hostile 100,000-character word costs no more than
    100,000 characters of prose."""
    import textwrap
    import unicodedata

    hang = indent if hang is None else hang
    narrow = all(unicodedata.east_asian_width(ch) not in "WF" for ch in s)
    if narrow and max((len(w) for w in s.split()), default=0) <= LONG_WORD:
        # plain prose: textwrap's breaks (at hyphens too); its cutting of a word longer than
        # the line copies the rest of the word at each cut (quadratic), so a hostile word of
        # thousands of characters takes the path below
        return textwrap.wrap(s, cols, initial_indent=indent, subsequent_indent=hang) or [indent]
    lines: list[str] = []
    line, line_w, lead = "", 0, indent
    for tok in _tokens().findall(s):
        tok_w = len(tok) if tok.isascii() else sum(map(_char_width, tok))
        room = cols - width(lead)
        if (
            not line.strip()
            and lines
            and tok[0] in _NO_LINE_START
            and tok_w <= 2
            and width(lines[-1]) + tok_w <= cols + 2  # one mark hangs; a second would not fit
        ):
            lines[-1] += tok  # a closing mark right after a break hangs on the line before
            line, line_w = "", 0
            continue
        hangs = tok[0] in _NO_LINE_START and tok_w <= 2 and line_w <= room
        if line_w + tok_w > room and line.strip() and not hangs:
            lines.append(lead + line.rstrip())
            line, line_w, lead = "", 0, hang
            room = cols - width(lead)
            if tok.isspace():
                continue
        if tok_w > room and not line:  # a word longer than the line: cut it into pieces that fit
            start, w = 0, 0
            for i, ch in enumerate(tok):
                cw = _char_width(ch)
                if w + cw > room and i > start:
                    lines.append(lead + tok[start:i])
                    lead = hang
                    room = cols - width(lead)
                    start, w = i, 0
                w += cw
            tok, tok_w = tok[start:], w
        line += tok
        line_w += tok_w
    if line.strip():
        lines.append(lead + line.rstrip())
    return lines or [indent]
