"""The time of an MSEL event, read from a cell as planning tools write it: a clock time
('09:15', '9:15 AM', '9時15分', 'Day 2 08:00'), a date and time ('2024-05-01 09:15',
'5/1/2024 9:15 AM', what an .xlsx date cell becomes), or an offset from the start
('T+0:15', '+15m', 'T+2h', '15 min', '+15分', '15分後')."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

TIME_RE = re.compile(
    r"^(?:day\s*(\d+)\s*)?([01]?\d|2[0-3])[:.h]?([0-5]\d)(?::[0-5]\d(?:\.\d+)?)?\s*(am|pm)?\Z",
    re.I | re.ASCII,
)
JA_TIME_RE = re.compile(r"^(?:(\d+)日目\s*)?([01]?\d|2[0-3])時(?:([0-5]?\d)分)?\Z")
OFFSET_RE = re.compile(
    r"^[th]?\s*\+\s*(?:(\d+)\s*[:h]\s*(\d{1,2})|(\d+)\s*(m|min|mins|minutes|h|hr|hrs|hours|分|時間)?)\s*\Z"
    r"|^(?:開始)?(\d+)\s*(分|時間)後?\Z|^(\d+)\s*(m|min|mins|minutes|h|hr|hrs|hours)\Z",
    re.I,
)
DATE_TIME_RE = re.compile(
    r"^(?:(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})|(\d{1,2})/(\d{1,2})/(\d{4}))"
    r"(?:[ T]+(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\s*(am|pm)?)?\Z",
    re.I | re.ASCII,
)


def _hour(h: int, half: str | None) -> int:
    if half and half.lower() == "pm" and h < 12:
        return h + 12
    if half and half.lower() == "am" and h == 12:
        return 0
    return h


def minutes(cell: str) -> tuple[str, int] | None:
    """('clock', minutes from midnight of day 1), ('datetime', minutes from a fixed
    origin) or ('offset', minutes from the start); None when the cell is not a time."""
    s = unicodedata.normalize("NFKC", cell).strip()
    if not s or len(s) > 40:
        return None
    m = OFFSET_RE.match(s)
    if m:
        if m.group(1) is not None:
            return "offset", int(m.group(1)) * 60 + int(m.group(2))
        n, unit = next((int(m.group(k)), m.group(k + 1) or "") for k in (3, 5, 7) if m.group(k) is not None)
        return "offset", n * 60 if unit.lower().startswith("h") or unit == "時間" else n
    m = TIME_RE.match(s)
    if m:
        day = int(m.group(1) or 1) - 1
        return "clock", day * 1440 + _hour(int(m.group(2)), m.group(4)) * 60 + int(m.group(3))
    m = JA_TIME_RE.match(s)
    if m:
        day = int(m.group(1) or 1) - 1
        return "clock", day * 1440 + int(m.group(2)) * 60 + int(m.group(3) or 0)
    m = DATE_TIME_RE.match(s)
    if m:
        y, mo, d = (
            (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(6), m.group(4), m.group(5))
        )
        try:
            day = dt.date(int(y), int(mo), int(d)).toordinal()
        except ValueError:
            return None
        hour = _hour(int(m.group(7) or 0), m.group(9))
        return "datetime", day * 1440 + hour * 60 + int(m.group(8) or 0)
    return None
