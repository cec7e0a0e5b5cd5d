"""The real-time stamps events carry (``at``): reading them, and the time a session was
paused. Pure: the caller passes "now"; nothing here reads a clock."""

from __future__ import annotations

from datetime import datetime

STAMP = "%Y-%m-%dT%H:%M:%S%z"  # what sessions.game.stamp() writes


def parse(stamp: str | datetime | None) -> datetime | None:
    """A stamp as a datetime (None for "" or anything that is not one: an event recorded
    without a time, a log from elsewhere)."""
    if isinstance(stamp, datetime):
        return stamp
    if not stamp:
        return None
    for fmt in (STAMP, "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(stamp, fmt)
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(stamp)
    except ValueError:
        return None


def seconds(start, end) -> int | None:
    """Whole seconds from ``start`` to ``end`` (stamps or datetimes), or None when either
    is unknown or they cannot be compared (one with a time zone, one without)."""
    a, b = parse(start), parse(end)
    if a is None or b is None:
        return None
    try:
        return int((b - a).total_seconds())
    except TypeError:
        return None


def paused_seconds(pauses, start, end) -> int:
    """How much of the span ``start``..``end`` the session spent paused. ``pauses`` are
    (paused at, resumed at) pairs; one still open ("") lasts until ``end``."""
    a, b = parse(start), parse(end)
    if a is None or b is None:
        return 0
    total = 0
    for p, r in pauses:
        p0, r0 = parse(p), parse(r) if r else b
        if p0 is None or r0 is None:
            continue
        try:
            lo, hi = max(a, p0), min(b, r0)
            if hi > lo:
                total += int((hi - lo).total_seconds())
        except TypeError:
            continue
    return total
