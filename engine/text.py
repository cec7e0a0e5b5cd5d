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
