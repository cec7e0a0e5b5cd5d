"""Events round-trip through their stored form; damaged logs are refused clearly."""

from __future__ import annotations

import pytest

from tabletop.engine.codec import BadEvent, dumps, event_from_data, event_to_data, loads
from tabletop.engine.play import Decided, Drew, Ended, Noted, Started

EVENTS = [
    Started("s", "abc", 3, ("system", "pr"), "ja", "solo", "2026-01-01T00:00:00+00:00"),
    Decided("n", "system", "o", "t1", "alice"),
    Drew("n", 42, "t2"),
    Noted("ログを確認", "pr", "t3"),
    Ended("abandoned", "t4"),
]


def test_round_trip():
    assert loads(dumps(EVENTS)) == EVENTS
    assert event_to_data(EVENTS[1]) == {
        "type": "decided",
        "node": "n",
        "role": "system",
        "option": "o",
        "at": "t1",
        "by": "alice",
    }


@pytest.mark.parametrize(
    "data",
    [
        {"type": "decided", "node": "n"},  # missing fields
        {"type": "decided", "node": "n", "role": "r", "option": "o", "extra": 1},  # unknown field
        {"type": "teleported"},
        ["not", "a", "mapping"],
    ],
)
def test_damaged_events_are_refused(data):
    with pytest.raises(BadEvent):
        event_from_data(data)


def test_a_line_that_is_not_json_names_its_line():
    with pytest.raises(BadEvent, match="line 2"):
        loads(dumps(EVENTS[:1]) + "{oops\n")
