"""Scenario text is data, never markup or terminal control: clean it before showing it."""

from __future__ import annotations

import re

_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: titles, hyperlinks
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC
    r"|\x1b[@-Z\\-_]?"  # other escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(s: str) -> str:
    """Remove escape sequences and control characters (keeps newlines and tabs)."""
    if not s:
        return ""
    s = s.replace("\r\n", "\n")
    return _CONTROLS.sub("", _ESCAPES.sub("", s))


def pick(table: dict[str, dict[str, str]], key: str, lang: str, **kw) -> str:
    """A string from a {key: {lang: text}} table, in ``lang`` (else English), formatted."""
    entry = table[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**kw) if kw else text


_NO_LINE_START = set("、。，．・：；？！ー」』）〕］｝〉》”’ゝゞぁぃぅぇぉっゃゅょァィゥェォッャュョ,.)]}!?%")


def width(s: str) -> int:
    """Columns a string takes in a terminal (wide East Asian characters take two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def wrap(s: str, cols: int, indent: str = "", hang: str | None = None) -> list[str]:
    """Wrap one paragraph to ``cols`` columns, Latin text at spaces and Japanese between
    characters, never starting a line with closing punctuation. ``hang`` indents the
    lines after the first (default: like the first)."""
    import textwrap
    import unicodedata

    hang = indent if hang is None else hang
    if all(unicodedata.east_asian_width(ch) not in "WF" for ch in s):
        return textwrap.wrap(s, cols, initial_indent=indent, subsequent_indent=hang) or [indent]
    # tokens: one wide character, a run of spaces, or a run of other characters (a word)
    tokens = re.findall(
        r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]| +|[^ \u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+",
        s,
    )
    lines: list[str] = []
    line, lead = "", indent
    for tok in tokens:
        room = cols - width(lead)
        if not line.strip() and lines and tok[0] in _NO_LINE_START and width(tok) <= 2:
            lines[-1] += tok  # a closing mark right after a break hangs on the line before
            line = ""
            continue
        hangs = tok[0] in _NO_LINE_START and width(tok) <= 2 and width(line) <= room
        if width(line) + width(tok) > room and line.strip() and not hangs:
            lines.append(lead + line.rstrip())
            line, lead = "", hang
            room = cols - width(lead)
            if tok.isspace():
                continue
        while width(tok) > room and not line:  # a word longer than the line: cut it
            cut = 1
            while width(tok[: cut + 1]) <= room:
                cut += 1
            lines.append(lead + tok[:cut])
            tok, lead = tok[cut:], hang
            room = cols - width(lead)
        line += tok
    if line.strip():
        lines.append(lead + line.rstrip())
    return lines or [indent]
