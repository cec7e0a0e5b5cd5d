"""A facilitated drill's events: each one's effect on the state, the ones refused, and
their stored form (solo logs unchanged)."""

from __future__ import annotations

import pytest

from tabletop.engine.codec import dumps, event_to_data, loads
from tabletop.engine.play import (
    AdHoc,
    Adjusted,
    Decided,
    Drew,
    Ended,
    Hotwashed,
    IllegalMove,
    Noted,
    Observed,
    Overridden,
    Paused,
    Planned,
    Proposed,
    Released,
    Resumed,
    Ruled,
    Started,
    apply,
    fold,
    initial,
    release_time,
    released_count,
    visible_feed,
    waiting,
)


def drill(sc, *events, seed=1):
    start = Started(sc.id, seed=seed, mode="facilitated", at="t0", facilitator="Fac", participants=("A", "B"))
    return fold(sc, [start, *events])


def test_a_facilitated_start_holds_the_feed_until_released(features):
    s = drill(features)
    assert s.feed == ("alarm", "first") and s.released == 0 and visible_feed(s) == ()
    assert (s.facilitator, s.participants, s.started_at) == ("Fac", ("A", "B"), "t0")
    s = apply(features, s, Released(1, "t1"))
    assert visible_feed(s) == ("alarm",) and s.release_times == ("t1",)
    s = apply(features, s, Released(2, "t2"))
    assert released_count(s) == 2 and release_time(s, 1) == "t2" and release_time(s, 5) == ""
    # the story moves as in solo play; what is reached waits for its release
    s = apply(features, s, Decided("first", "system", "keep", "t3"))
    assert s.feed[-1] == "compare" and released_count(s) == 2
    assert len(s.feed_vars) == len(s.feed) and s.feed_vars[-1]["logs_kept"] is True


@pytest.mark.parametrize("upto", [0, 3])
def test_a_release_must_move_forward_within_the_feed(features, upto):
    s = apply(features, drill(features), Released(1))
    with pytest.raises(IllegalMove):
        apply(features, s, Released(upto if upto else 1))


def test_solo_counts_every_entry_as_released_when_reached(mini):
    s = fold(mini, [Started(mini.id, seed=1, at="t0"), Decided("first", "system", "wait", "t1")])
    assert released_count(s) == len(s.feed) == 3 and visible_feed(s) == s.feed
    assert s.release_times == ("t0", "t0", "t1")
    with pytest.raises(IllegalMove):
        apply(mini, s, Released(3))
    with pytest.raises(IllegalMove):
        apply(mini, s, Proposed("first", "system", "check"))


def test_pause_and_resume_keep_the_room_clock_and_lock_nothing(features):
    s = apply(features, drill(features), Paused("p1", "Fac"))
    assert s.paused and s.pauses == (("p1", ""),)
    with pytest.raises(IllegalMove):
        apply(features, s, Paused("p2"))
    s = apply(features, s, Released(2))  # the facilitator still acts while paused
    s = apply(features, s, Decided("first", "system", "keep"))
    s = apply(features, s, Resumed("r1"))
    assert not s.paused and s.pauses == (("p1", "r1"),)
    with pytest.raises(IllegalMove):
        apply(features, s, Resumed("r2"))


def test_adhoc_injects_come_in_order_with_their_place(features):
    s = apply(features, drill(features), Released(1))
    s = apply(features, s, AdHoc("a1", "The press calls.", ("pr",), "t", "Fac"))
    s = apply(features, s, AdHoc("a2", "Power cut.", (), "t"))
    assert [(a.id, a.roles, a.position, a.clock) for a in s.adhoc] == [
        ("a1", ("pr",), 1, 0),
        ("a2", (), 1, 0),
    ]
    for bad in (AdHoc("a1", "again"), AdHoc("a3", "  "), AdHoc("a4", "x", ("nobody",))):
        with pytest.raises(IllegalMove):
            apply(features, s, bad)


def test_observations_are_rated_against_known_tasks_even_after_the_end(features):
    s = drill(features)
    s = apply(
        features, s, Observed("Copied the logs first", "evidence", "keep-logs", "P", "system", "t", "Ev")
    )
    o = s.observations[0]
    assert (o.objective, o.task, o.rating, o.node, o.clock, o.by) == (
        "evidence",
        "keep-logs",
        "P",
        "first",
        0,
        "Ev",
    )
    s = apply(features, s, Observed("The room was quiet"))  # a plain note of the evaluator
    for bad in (
        Observed("x", "nonsense"),
        Observed("x", "evidence", "boss-in-time"),  # a task of another objective
        Observed("x", "evidence", "keep-logs", "Z"),
        Observed("x", rating="P"),  # a rating needs its task
        Observed(""),
    ):
        with pytest.raises(IllegalMove):
            apply(features, s, bad)
    s = apply(features, s, Ended("abandoned", "te"))
    assert s.ended_at == "te"
    s = apply(features, s, Observed("Late: they never filed", "tell", "no-fine", "U"))
    assert len(s.observations) == 3


def test_adjustments_change_the_score_and_need_a_reason(features):
    s = apply(features, drill(features), Decided("first", "system", "keep"))
    base = s.score
    s = apply(features, s, Adjusted(-3, "Kept the logs only after a prompt", "system"))
    assert s.score == base - 3 and s.adjustments[0].reason == "Kept the logs only after a prompt"
    with pytest.raises(IllegalMove):
        apply(features, s, Adjusted(1, " "))
    with pytest.raises(IllegalMove):
        apply(features, s, Adjusted(1, "r", "nobody"))
    s = apply(features, apply(features, s, Ended()), Adjusted(2, "Debrief: good reasoning"))
    assert s.score == base - 1


def test_an_override_sends_the_story_where_the_facilitator_rules(features):
    s = drill(features)
    with pytest.raises(IllegalMove):
        apply(features, s, Overridden("compare", "report", "not here"))
    with pytest.raises(IllegalMove):
        apply(features, s, Overridden("first", "nowhere", "no such node"))
    s = apply(features, s, Overridden("first", "report", "skip ahead", "t", "Fac"))
    assert s.override.to == "report" and s.node == "first"
    s = apply(features, s, Decided("first", "system", "restart"))
    assert s.node == "report" and s.override is None
    assert s.choices[-1].overridden_to == "report" and s.overrides[0].reason == "skip ahead"


def test_an_override_waits_for_every_role_and_the_ruling(features):
    s = fold(features, [Started(features.id, seed=1, mode="facilitated"), Decided("first", "system", "keep")])
    s = apply(features, s, Overridden("compare", "bad-end", "first try"))
    s = apply(features, s, Overridden("compare", "report", "changed my mind"))  # the later one counts
    s = apply(features, s, Decided("compare", "system", "restore"))
    assert waiting(features, s).kind == "rule" and s.node == "compare"
    s = apply(features, s, Ruled("compare", "system", "argued", "facilitator"))
    assert s.node == "report" and s.choices[-1].overridden_to == "report" and len(s.overrides) == 2
    # in turn: the override applies once the last role has answered, to each answer at this visit
    s = apply(features, s, Overridden("report", "mixed-end", "the room agreed"))
    s = apply(features, s, Decided("report", "management", "escalate"))
    assert s.node == "report"
    s = apply(features, s, Decided("report", "pr", "silent"))
    assert s.node == "mixed-end" and s.ended
    assert [c.overridden_to for c in s.choices[-2:]] == ["mixed-end", "mixed-end"]
    assert s.choices[0].overridden_to == ""


def test_proposals_wait_for_the_release_and_lapse_once_decided(mini):
    s = fold(mini, [Started(mini.id, seed=1, mode="facilitated")])
    with pytest.raises(IllegalMove):  # the question is not yet on the screen
        apply(mini, s, Proposed("first", "system", "check"))
    s = apply(mini, s, Released(2))
    for bad in (Proposed("first", "pr", "check"), Proposed("first", "system", "nonsense")):
        with pytest.raises(IllegalMove):
            apply(mini, s, bad)
    s = apply(mini, s, Proposed("first", "system", "reboot", "", "t", "term-1"))
    s = apply(mini, s, Proposed("first", "system", "check", "because", "t", "term-1"))  # replaces the first
    assert [(p.role, p.option, p.text) for p in s.proposals] == [("system", "check", "because")]
    assert s.node == "first"  # a proposal does not move the story
    s = apply(mini, s, Decided("first", "system", "wait"))  # the facilitator overrules it
    assert s.proposals == ()


def test_a_proposal_lapses_when_the_story_moves_on(mini):
    s = fold(mini, [Started(mini.id, seed=1, mode="facilitated"), Decided("first", "system", "check")])
    s = fold(mini, [Drew("gamble", 99)], s) if waiting(mini, s).kind == "draw" else s
    s = apply(mini, s, Released(len(s.feed)))
    s = apply(mini, s, Proposed("report", "pr", "announce"))
    s = apply(mini, s, Decided("report", "management", "escalate"))
    assert [p.role for p in s.proposals] == ["pr"]  # still open: pr has not answered
    s = apply(mini, s, Decided("report", "pr", "silent"))
    assert s.proposals == () and s.ended


def test_hotwash_and_plan_after_the_end(features):
    s = apply(features, drill(features), Ended())
    s = apply(features, s, Hotwashed("What went well?", "We kept the logs.", "t", "Fac"))
    s = apply(features, s, Planned("Logging", "Keep 90 days", "IT", "2027-03"))
    s = apply(features, s, Planned("Press", "Write a holding statement"))
    s = apply(features, s, Planned("Logging", "Keep 180 days", "CISO", "2027-06"))  # replaces, in place
    assert [(p.item, p.action, p.owner) for p in s.plan] == [
        ("Logging", "Keep 180 days", "CISO"),
        ("Press", "Write a holding statement", ""),
    ]
    assert s.hotwash[0].text == "We kept the logs."
    for bad in (
        Hotwashed("q", ""),
        Planned(" "),
        Paused(),
        AdHoc("a", "x"),
        Proposed("first", "system", "keep"),
    ):
        with pytest.raises(IllegalMove):
            apply(features, s, bad)


def test_the_ending_is_released_after_the_end(mini):
    s = fold(mini, [Started(mini.id, seed=1, mode="facilitated"), Decided("first", "system", "wait")])
    s = apply(mini, s, Decided("first", "system", "wait"))
    s = apply(mini, s, Decided("first", "system", "reboot"))  # a third retry: the bad ending
    assert s.ended and released_count(s) == 0
    s = apply(mini, s, Released(len(s.feed), "tend"))
    assert visible_feed(s) == s.feed and s.release_times[-1] == "tend"


EVENTS = [
    Started("s", "d", 3, ("system",), "ja", "facilitated", "t0", False, 60, "Fac", ("A", "B")),
    Paused("t1", "Fac"),
    Resumed("t2"),
    Released(2, "t3"),
    AdHoc("a1", "The press calls", ("pr",), "t4", "Fac"),
    Observed("ok", "obj", "task", "S", "system", "t5", "Ev"),
    Adjusted(-2, "late", "pr", "t6"),
    Overridden("n", "m", "ruling", "t7"),
    Proposed("n", "pr", "o", "why", "t8", "term"),
    Hotwashed("What went well?", "Logs", "t9"),
    Planned("Logging", "Keep logs", "IT", "2027-01", "t10"),
]


def test_the_new_events_round_trip_and_store_only_what_they_say():
    assert loads(dumps(EVENTS)) == EVENTS
    assert event_to_data(Paused()) == {"type": "paused"}
    assert event_to_data(Started("s")) == event_to_data(Started("s", facilitator="", participants=()))
    assert "facilitator" not in event_to_data(Started("s")) and "participants" not in event_to_data(
        Started("s")
    )
    assert event_to_data(EVENTS[0])["participants"] == ["A", "B"]


def test_notes_still_come_after_the_end(mini):
    s = apply(mini, fold(mini, [Started(mini.id, mode="facilitated")]), Ended())
    assert apply(mini, s, Noted("x")).notes[-1].text == "x"
    assert initial().released == 0
