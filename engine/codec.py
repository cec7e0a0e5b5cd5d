"""The one cattrs converter: events to JSON-ready data and back.

A session is stored as its event log; each event is a mapping with a ``type`` tag
(started, decided, ruled, drew, noted, ended; and a facilitated drill's paused, resumed,
released, adhoc, observed, adjusted, overridden, proposed, hotwashed, planned). Unknown fields are refused, so a damaged or
foreign log is caught when it is read, not halfway through a replay.
"""

from __future__ import annotations

import json

import cattrs
from cattrs.gen import make_dict_unstructure_fn, override
from cattrs.strategies import configure_tagged_union

from .encode import to_json
from .play import EVENT_TYPES, FACILITATION_EVENTS, Decided, Event, Started

converter = cattrs.Converter(forbid_extra_keys=True)
# an answer from a list stores as it always has; only an open answer carries its text
converter.register_unstructure_hook(
    Decided, make_dict_unstructure_fn(Decided, converter, text=override(omit_if_default=True))
)
# a start stores as it always has; only a facilitated drill names its facilitator and participants
converter.register_unstructure_hook(
    Started,
    make_dict_unstructure_fn(
        Started,
        converter,
        facilitator=override(omit_if_default=True),
        participants=override(omit_if_default=True),
    ),
)
# the facilitator's events store only the fields that say something (no empty role, by, ...)
for _cls in FACILITATION_EVENTS:
    converter.register_unstructure_hook(
        _cls, make_dict_unstructure_fn(_cls, converter, _cattrs_omit_if_default=True)
    )
configure_tagged_union(Event, converter, tag_generator=lambda cls: cls.__name__.lower(), tag_name="type")


class BadEvent(ValueError):
    pass


def bounds_to_data(bounds) -> dict:
    """A best/worst search's result (engine.analysis.Bounds) as JSON-ready data, for a
    cache of it kept by the shell."""
    return converter.unstructure(bounds)


def bounds_from_data(data):
    """The Bounds back, or None for anything that is not one (a cache is never trusted)."""
    from .analysis import Bounds

    try:
        return converter.structure(data, Bounds)
    except (cattrs.BaseValidationError, TypeError, ValueError, KeyError, AttributeError):
        return None


def event_to_data(event: Event) -> dict:
    return converter.unstructure(event, Event)


def event_from_data(data: dict) -> Event:
    if not isinstance(data, dict) or data.get("type") not in EVENT_TYPES:
        raise BadEvent(f"not a Tabletop event: {str(data)[:80]}")
    try:
        return converter.structure(data, Event)
    except (cattrs.BaseValidationError, TypeError, ValueError, KeyError) as e:
        raise BadEvent(f"a damaged {data.get('type')} event: {e}") from None


def dumps(events) -> str:
    """Events as JSON lines."""
    return "".join(to_json(event_to_data(e)) + "\n" for e in events)


def loads(text: str) -> list[Event]:
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as e:
            raise BadEvent(f"line {n}: not JSON ({e.msg})") from None
        except RecursionError:
            raise BadEvent(f"line {n}: nested too deep") from None
        out.append(event_from_data(data))
    return out
