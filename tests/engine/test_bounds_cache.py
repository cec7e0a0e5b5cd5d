"""Best and worst bounds are searched once per scenario content (its digest)."""

from __future__ import annotations

import attrs
import pytest

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


def test_the_searches_are_kept_between_runs_in_the_data_directory(
    mini, mini_catalog, monkeypatch, tmp_path, builtin_catalog
):
    """A report in a new process looked up, not searched again (5 s to 0.5 s for fy2024-02)."""
    from tabletop.engine.catalog import load
    from tabletop.engine.codec import bounds_from_data, bounds_to_data
    from tabletop.sessions.cache import BoundsMemo

    monkeypatch.setenv("TABLETOP_HOME", str(tmp_path))
    state = apply(mini, initial(), Started(mini.id, seed=1))
    monkeypatch.setattr(scoring, "_BOUNDS", {})
    memo = BoundsMemo()
    first = scoring.debrief(mini, mini_catalog, state, memo)
    memo.save()
    # a new process: nothing in memory, and a search would fail the test
    monkeypatch.setattr(scoring, "_BOUNDS", {})
    monkeypatch.setattr(scoring, "score_bounds", lambda *a: (_ for _ in ()).throw(AssertionError("searched")))
    assert scoring.debrief(mini, mini_catalog, state, BoundsMemo()) == first
    # another version of the engine (an upgrade, or a second installation sharing the data
    # directory) may search differently: it does not take this one's results
    from tabletop.engine import catalog

    monkeypatch.setattr(catalog, "_code_digest", "0" * 64)
    monkeypatch.setattr(scoring, "_BOUNDS", {})  # a new process
    with pytest.raises(AssertionError, match="searched"):
        scoring.debrief(mini, mini_catalog, state, BoundsMemo())
    # the converter gives back exactly what it was given, paths and all
    sc, _ = load("fy2024-02", builtin_catalog)
    from tabletop.engine.analysis import score_bounds

    real = score_bounds(sc)
    assert bounds_from_data(bounds_to_data(real)) == real
    assert bounds_from_data({"best": "x"}) is None  # a damaged entry is no entry


def test_a_damaged_or_unwritable_bounds_cache_is_ignored(mini, mini_catalog, monkeypatch, tmp_path):
    from tabletop.sessions.cache import BoundsMemo

    monkeypatch.setenv("TABLETOP_HOME", str(tmp_path))
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "bounds.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(scoring, "_BOUNDS", {})
    state = apply(mini, initial(), Started(mini.id, seed=1))
    memo = BoundsMemo()
    d = scoring.debrief(mini, mini_catalog, state, memo)
    memo.save()
    assert d.best > 0 and "entries" in (tmp_path / "cache" / "bounds.json").read_text(encoding="utf-8")
