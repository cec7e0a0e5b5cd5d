"""The evaluation of a facilitated drill (data for the after-action report) and the
debrief's account of score adjustments."""

from __future__ import annotations

from tabletop.engine.evaluation import evaluate
from tabletop.engine.play import (
    AdHoc,
    Adjusted,
    Decided,
    Ended,
    Hotwashed,
    Observed,
    Overridden,
    Paused,
    Planned,
    Released,
    Resumed,
    Started,
    fold,
)
from tabletop.engine.scoring import debrief

T = "2026-01-01T10:{:02d}:00+0000".format


def test_the_evaluation_puts_the_facilitators_ratings_beside_the_automatic_evidence(features, mini_catalog):
    events = [
        Started(features.id, seed=1, mode="facilitated", at=T(0), facilitator="Fac", participants=("A",)),
        Released(2, T(1)),
        Paused(T(5)),
        Resumed(T(15)),
        Observed("Copied them", "evidence", "keep-logs", "S", "system", T(16)),
        Observed("Without a prompt in the end", "evidence", "keep-logs", "P", "", T(17)),
        Observed("Evidence, overall", "evidence", "", "", "", T(17)),
        AdHoc("a1", "The press calls", ("pr",), T(18)),
        Decided("first", "system", "keep", T(20)),
        Overridden("compare", "report", "time is short", T(21)),
        Decided("compare", "system", "compare-image", T(22)),
        Adjusted(-2, "Slow to tell the boss", "management", T(23)),
        Decided("report", "management", "escalate", T(24)),
        Decided("report", "pr", "silent", T(30)),
        Hotwashed("What went well?", "The logs", T(40)),
        Planned("Logging", "Keep 90 days", "IT", "2027-03", T(41)),
    ]
    ev = evaluate(features, mini_catalog, events)
    assert ev.facilitated and (ev.facilitator, ev.participants) == ("Fac", ("A",))
    assert (ev.duration, ev.paused, ev.playing) == (30 * 60, 10 * 60, 20 * 60)  # ended at the last answer
    keep = ev.objectives[0].tasks[0]
    assert keep.automatic.performed and keep.ratings == ("S", "P") and keep.rating == "P"
    assert [o.text for o in ev.objectives[0].observations] == ["Evidence, overall"]
    assert ev.objectives[1].tasks[0].rating == ""
    assert [a.reason for a in ev.adjustments] == ["Slow to tell the boss"] and ev.adjusted == -2
    assert ev.overrides[0].to == "report" and ev.hotwash[0].text == "The logs" and ev.plan[0].owner == "IT"
    kinds = [m.kind for m in ev.timeline]
    assert kinds[:2] == ["inject", "decision"] and "pause" in kinds and "adhoc" in kinds
    assert kinds.index("answer") < kinds.index("override") < len(kinds) - 1
    first = ev.timeline[1]
    assert (first.ref, first.at, first.held) == ("first", T(1), False)
    assert ev.timeline[-1].kind == "ending" and ev.timeline[-1].held  # the ending was never released
    db = ev.debriefing
    assert db.adjusted == -2 and db.earned == db.score + 2 and db.share == db.earned / db.best


def test_a_solo_debrief_is_unchanged(mini, mini_catalog):
    s = fold(mini, [Started(mini.id, seed=1), Decided("first", "system", "check"), Ended()])
    db = debrief(mini, mini_catalog, s)
    assert db.adjustments == () and db.adjusted == 0 and db.earned == db.score
    assert db.share == db.score / db.best
    ev = evaluate(
        mini, mini_catalog, [Started(mini.id, seed=1), Decided("first", "system", "check"), Ended()]
    )
    assert not ev.facilitated and ev.duration is None and ev.observations == () and ev.plan == ()
