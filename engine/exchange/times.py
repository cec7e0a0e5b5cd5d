"""The time of an MSEL event, read from a cell as planning tools write it: a clock time
('09:15', '9:15 AM', '9時15分', 'Day 2 08:00'), a date and time ('2024-05-01 09:15',
'5/1/2024 9:15 AM', what an .xlsx date cell becomes), or an offset from the start
('T+0:15', '+15m', 'T+2h', '15 min', '+15分', '15分後', Blueprint's '+ 1 02:00:00', OpenBAS's
'J+1', 'J-1 09h00', 'J+1 H+2 M-5': day J is the start's)."""

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
    r"(?:[ T]+(\d{1,2})[:h](\d{2})(?::\d{2}(?:\.\d+)?)?\s*(am|pm)?)?\Z",
    re.I | re.ASCII,
)
# Blueprint's "Time" column: the offset from the start, '+ 00:15:00' or '+ 1 02:00:00' (days)
SIGNED_RE = re.compile(r"^([+-])\s*(?:(\d+)\s+)?(\d{1,2}):(\d{2}):(\d{2})\Z", re.ASCII)
# OpenBAS/OpenAEV's relative times (its importer's D/J, H/T, M patterns): day J is the
# start's; 'J+1 09h00' is a clock time on the next day, 'J+1 H+2 M-5' adds hours and minutes
OPENBAS_RE = re.compile(
    r"^[DJ]\s*(?:([+-])\s*(\d+))?"
    r"(?:\s+(?:(\d{1,2})\s*[h:]\s*(\d{2})|H\s*([+-]\s*\d+)(?:\s+M\s*([+-]\s*\d+))?|M\s*([+-]\s*\d+)))?\Z",
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
    m = OPENBAS_RE.match(s)
    if m:
        day = int(m.group(2) or 0) * (-1 if m.group(1) == "-" else 1)
        at = int(m.group(3) or 0) * 60 + int(m.group(4) or 0)
        hours, mins = (m.group(k) for k in (5, 6))
        at += int(re.sub(r"\s", "", hours or "0")) * 60 + int(re.sub(r"\s", "", mins or m.group(7) or "0"))
        return "offset", day * 1440 + at
    m = SIGNED_RE.match(s)
    if m:
        n = int(m.group(2) or 0) * 1440 + int(m.group(3)) * 60 + int(m.group(4))
        return "offset", -n if m.group(1) == "-" else n
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
        if not m.group(1) and int(mo) > 12:  # '26/06/2024': day first, as in Europe (OpenBAS)
            mo, d = d, mo
        try:
            day = dt.date(int(y), int(mo), int(d)).toordinal()
        except ValueError:
            return None
        hour = _hour(int(m.group(7) or 0), m.group(9))
        return "datetime", day * 1440 + hour * 60 + int(m.group(8) or 0)
    return None
