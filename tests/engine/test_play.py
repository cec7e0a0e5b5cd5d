"""The reducer: state + event → state, on a small scenario with every feature."""

from __future__ import annotations

import attrs
import pytest

from tabletop.engine.analysis import bounds, explore
from tabletop.engine.play import (
    Decided,
    Drew,
    Ended,
    IllegalMove,
    Noted,
    Started,
    apply,
    draw,
    fold,
    initial,
    settle,
    waiting,
)


def start(mini, seed=1):
    return apply(mini, initial(), Started(mini.id, seed=seed))


def test_start_delivers_injects_until_the_first_decision(mini):
    s = start(mini)
    assert s.feed == ("alarm", "first")
    w = waiting(mini, s)
    assert (w.kind, w.node.id, w.roles) == ("decide", "first", ("system",))
    assert s.vars == {"checked": False, "retries": 0, "service": 100}


@pytest.mark.parametrize(
    "event",
    [
        Decided("report", "management", "escalate"),  # not the decision at hand
        Decided("first", "pr", "check"),  # a role with nothing to answer
        Decided("first", "system", "nonsense"),  # not an option
        Drew("first", 10),  # no draw expected
        Started("again"),  # already started
    ],
)
def test_events_that_do_not_fit_are_refused(mini, event):
    with pytest.raises(IllegalMove):
        apply(mini, start(mini), event)


def test_effects_clock_and_loops(mini):
    s = start(mini)
    s = apply(mini, s, Decided("first", "system", "wait"))
    assert s.node == "first" and s.vars["retries"] == 1 and s.clock == 30
    s = apply(mini, s, Decided("first", "system", "reboot"))
    # reboot: service -30, retries +1, then the gamble inject waits for a draw
    assert s.vars == {"checked": False, "retries": 2, "service": 70}
    assert waiting(mini, s).kind == "draw"


def test_a_question_scores_only_its_first_answer(mini):
    s = start(mini)
    s = apply(mini, s, Decided("first", "system", "wait"))
    s = apply(mini, s, Decided("first", "system", "check"))
    assert [(c.option, c.gain, c.first) for c in s.choices] == [("wait", 0, True), ("check", 0, False)]
    assert s.score == 0


def test_counters_are_clamped_and_conditions_route(mini):
    s = start(mini)
    for _ in range(3):
        s = apply(mini, s, Decided("first", "system", "wait"))
    assert s.vars["retries"] == 3
    s = apply(mini, s, Decided("first", "system", "wait"))
    assert s.vars["retries"] == 3  # max 3
    s = apply(mini, s, Decided("first", "system", "reboot"))
    assert s.ended and s.outcome == "bad" and s.node == "bad-end"


def test_chance_edges_draw_from_the_seed_and_record_the_draw(mini):
    s = apply(mini, start(mini, seed=7), Decided("first", "system", "check"))
    assert waiting(mini, s).kind == "draw"
    s2, events = settle(mini, s)
    assert events == [Drew("gamble", draw(7, 0))]
    assert s2.node == "report"
    assert ("rumour" in s2.feed) == (draw(7, 0) < 50)
    # a draw below the chance takes the edge, one at or above it does not
    assert "rumour" in apply(mini, s, Drew("gamble", 49)).feed
    assert "rumour" not in apply(mini, s, Drew("gamble", 50)).feed


def test_draws_are_a_pure_function_of_the_seed():
    assert [draw(3, n) for n in range(20)] == [draw(3, n) for n in range(20)]
    assert [draw(3, n) for n in range(20)] != [draw(4, n) for n in range(20)]
    assert all(0 <= draw(s, n) < 100 for s in range(5) for n in range(50))


def test_several_roles_answer_in_any_order_with_the_same_result(mini):
    s = apply(mini, start(mini), Decided("first", "system", "check"))
    s = apply(mini, s, Drew("gamble", 99))
    a = apply(mini, s, Decided("report", "pr", "announce"))
    assert waiting(mini, a).roles == ("management",) and not a.ended
    a = apply(mini, a, Decided("report", "management", "escalate"))
    b = apply(mini, s, Decided("report", "management", "escalate"))
    b = apply(mini, b, Decided("report", "pr", "announce"))
    assert a.ended and b.ended
    assert (
        (a.vars, a.score, a.node)
        == (b.vars, b.score, b.node)
        == ({"checked": True, "retries": 0, "service": 100}, 5, "good-end")
    )


def test_notes_are_kept_and_an_abandoned_session_ends(mini):
    s = apply(mini, start(mini), Noted("check the firewall logs", "system", "t1"))
    assert s.notes[0].text == "check the firewall logs" and s.notes[0].node == "first"
    s = apply(mini, s, Ended())
    assert s.ended and s.abandoned and s.outcome is None
    with pytest.raises(IllegalMove):
        apply(mini, s, Decided("first", "system", "check"))


def test_replaying_the_log_reproduces_the_state(mini):
    events = [Started(mini.id, seed=5), Decided("first", "system", "reboot")]
    s = fold(mini, events)
    s, drawn = settle(mini, s)
    events += drawn + [Decided("report", "management", "ignore"), Decided("report", "pr", "silent")]
    s = fold(mini, events[len(events) - 2 :], s)
    assert fold(mini, events) == s
    assert s.ended and s.node == "mixed-end"


def test_best_and_worst_over_the_whole_graph(mini):
    space = explore(mini)
    b = bounds(space)
    # best: check (+2), escalate (+2), announce (+1); worst: reboot (-1), ignore (-2), silent (0)
    assert (b.best, b.worst) == (5, -3)
    assert [(c.node, c.option) for st in b.best_path for c in st.choices] == [
        ("first", "check"),
        ("report", "escalate"),
        ("report", "announce"),
    ]
    assert space.endings() == {"good-end", "mixed-end", "bad-end"}


def test_the_state_is_immutable(mini):
    s = start(mini)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        s.node = "elsewhere"


WHEN_AND_CHANCE = """\
format: 1
id: when-and-chance
title: {en: A second wave}
roles: [system]
flags: {closed: false}
start: d0
nodes:
  d0:
    kind: decision
    role: system
    prompt: {en: The backdoor?}
    options:
      - {id: close, text: {en: Close it}, effects: {set: {closed: true}}, next: check}
      - {id: leave, text: {en: Leave it}, next: check}
  check:
    kind: inject
    text: {en: Three weeks later}
    next:
      - {when: "not closed", chance: 30, to: wave}
      - {to: calm}
  wave: {kind: ending, outcome: bad, text: {en: Again}}
  calm: {kind: ending, outcome: good, text: {en: Quiet}}
"""


def test_an_edge_with_when_and_chance_draws_only_when_its_condition_holds(mini_catalog):
    from tabletop.engine.diagnostics import Sink
    from tabletop.engine.loader import load_scenario

    sink = Sink("s.yaml")
    sc = load_scenario("s.yaml", mini_catalog, sink, WHEN_AND_CHANCE.encode())
    assert sc is not None and not sink.has_errors, [str(d) for d in sink.items]
    s0 = apply(sc, initial(), Started(sc.id))
    closed = apply(sc, s0, Decided("d0", "system", "close"))
    assert closed.ended and closed.node == "calm" and closed.draws == 0  # no draw was made
    left = apply(sc, s0, Decided("d0", "system", "leave"))
    assert waiting(sc, left).kind == "draw"
    assert apply(sc, left, Drew("check", 29)).node == "wave"
    assert apply(sc, left, Drew("check", 30)).node == "calm"
