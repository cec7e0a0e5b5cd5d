"""Best and worst bounds are searched once per scenario content (its digest)."""

from __future__ import annotations

import attrs

from tabletop.engine import scoring
from tabletop.engine.play import Started, apply, initial


def test_bounds_are_searched_once_per_digest(mini, mini_catalog, monkeypatch):
    calls = []
    real = scoring.score_bounds

    def counting(*a):
        calls.append(1)
        return real(*a)

    monkeypatch.setattr(scoring, "score_bounds", counting)
    monkeypatch.setattr(scoring, "_BOUNDS", {})
    state = apply(mini, initial(), Started(mini.id, seed=1))
    first = scoring.debrief(mini, mini_catalog, state)
    searched = len(calls)
    assert searched > 1  # the total, each CSF function and each role
    again = scoring.debrief(mini, mini_catalog, state)
    assert len(calls) == searched and again == first
    # other content: searched again
    scoring.debrief(attrs.evolve(mini, digest="other"), mini_catalog, state)
    assert len(calls) == 2 * searched
