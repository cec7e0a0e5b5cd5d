"""Format 1.1 in the reducer: options and questions that depend on what happened, answers
in turn, deadlines that fire by themselves, rulings and self-assessments, ending fragments."""

from __future__ import annotations

import pytest

from tabletop.engine import codec
from tabletop.engine.play import (
    Decided,
    IllegalMove,
    Ruled,
    Started,
    apply,
    fold,
    fragments,
    offered,
    waiting,
)


def play(sc, *events):
    return fold(sc, [Started(sc.id), *events])


def ids(options):
    return [o.id for o in options]


def test_an_option_is_offered_only_when_its_condition_holds(features):
    kept = play(features, Decided("first", "system", "keep"))
    lost = play(features, Decided("first", "system", "restart"))
    q = features.nodes["compare"].question("system")
    assert ids(offered(q, kept)) == ["compare-image", "restore", "wait"]
    assert ids(offered(q, lost)) == ["restore", "wait"]
    with pytest.raises(IllegalMove, match="not on offer"):
        apply(features, lost, Decided("compare", "system", "compare-image"))


def test_in_turn_one_roles_answer_removes_anothers_option(features):
    s = play(features, Decided("first", "system", "keep"), Decided("compare", "system", "compare-image"))
    assert waiting(features, s).roles == ("management",)  # in turn: one role at a time
    held = apply(features, s, Decided("report", "management", "escalate"))
    assert waiting(features, held).roles == ("pr",)
    pr = features.nodes["report"].question("pr")
    assert "announce" not in ids(offered(pr, held))
    assert held.vars["held"] is True  # the answer applied at once, before PR answers


def test_a_missed_deadline_fires_by_itself_and_its_effects_apply(features):
    # restart (10m) + wait (30m) + ignore (30m): the clock passes 1h with nobody told
    s = play(
        features,
        Decided("first", "system", "restart"),
        Decided("compare", "system", "wait"),
        Ruled("compare", "system", "unargued"),
        Decided("report", "management", "ignore"),
    )
    assert s.deadlines == (("file-report", True, 70),)
    assert s.vars["fined"] is True and s.vars["trust"] == 30
    # the consequence closes PR's question (asked only if not fined): the story moved on
    assert waiting(features, s).kind == "draw" and "pr" not in {c.role for c in s.choices}


def test_a_deadline_met_in_time_does_not_fire(features):
    s = play(
        features,
        Decided("first", "system", "keep"),
        Decided("compare", "system", "compare-image"),
        Decided("report", "management", "escalate"),
        Decided("report", "pr", "silent"),  # 30m: the clock passes 1h after management was told
    )
    assert s.deadlines == (("file-report", False, 70),) and s.vars["fined"] is False
    assert s.node == "good-end"
    # waiting before telling anyone lets the same deadline pass unmet
    late = play(
        features,
        Decided("first", "system", "keep"),
        Decided("compare", "system", "wait"),
        Ruled("compare", "system", "argued"),
    )
    assert late.deadlines == (("file-report", True, 70),) and late.vars["fined"] is True
    assert waiting(features, late).roles == ("management",)


def test_a_ruling_settles_the_points_of_a_contested_call(features):
    s = play(features, Decided("first", "system", "restart"), Decided("compare", "system", "restore"))
    assert waiting(features, s).kind == "rule" and s.score == -1
    with pytest.raises(IllegalMove):
        apply(features, s, Decided("report", "management", "escalate"))
    with pytest.raises(IllegalMove, match="not a level"):
        apply(features, s, Ruled("compare", "system", "full"))
    good = apply(features, s, Ruled("compare", "system", "argued", by="facilitator"))
    bad = apply(features, s, Ruled("compare", "system", "unargued"))
    assert (good.score, bad.score) == (0, -2)
    assert good.choices[-1].level == "argued" and good.choices[-1].ruled_by == "facilitator"
    assert bad.choices[-1].ruled_by == "self"


def test_an_open_answer_is_kept_rated_and_replays_exactly(features):
    events = [
        Started(features.id, seed=3),
        Decided("first", "system", "keep"),
        Decided("compare", "system", "compare-image"),
        Decided("report", "management", "escalate"),
        Decided("report", "pr", "own-words", text="分かっていることだけを伝え、次の発表時刻を示す"),
        Ruled("report", "pr", "full", by="self"),
    ]
    s = fold(features, events)
    c = s.choices[-1]
    assert (c.option, c.level, c.ruled_by, c.gain) == ("own-words", "full", "self", 2)
    assert c.text.startswith("分かっている")
    assert s.score == 2 + 1 + 2 + 2
    again = fold(features, codec.loads(codec.dumps(events)))
    assert again == s


def test_an_answer_from_the_list_stores_as_before():
    assert "text" not in codec.event_to_data(Decided("n", "r", "o"))
    assert codec.event_to_data(Ruled("n", "r", "l"))["type"] == "ruled"


def test_ending_fragments_follow_the_final_state(features):
    s = play(
        features,
        Decided("first", "system", "keep"),
        Decided("compare", "system", "compare-image"),
        Decided("report", "management", "escalate"),
        Decided("report", "pr", "silent"),
    )
    assert s.node == "good-end"
    told = [t.en for t in fragments(features.nodes[s.node], s)]
    assert told == ["Because the logs were kept, the way in was found."]  # trust stayed at 50


# -- every new mistake has a code and a position --------------------------------------------------

BASE = """format: 1
id: t
title: t
roles: [system, management, pr]
flags: {{a: false}}
start: d
nodes:
  d:
    kind: decision
    role: system
    prompt: p
    options:
{options}
    next: e
  e: {{kind: ending, outcome: good, text: done}}
"""


def diag(catalog, text: str):
    from tests.conftest import check

    return [(d.code, d.line, d.col) for d in check(text, catalog) if d.severity == "error"]


def opts(*lines):
    return "\n".join("      " + line for line in lines)


def test_new_mistakes_have_codes_and_positions(mini_catalog):
    every_gated = BASE.format(options=opts("- {id: x, text: x, when: a}", "- {id: y, text: y, when: not a}"))
    assert diag(mini_catalog, every_gated) == [("TT053", 13, 7)]
    bad_when = BASE.format(options=opts("- {id: x, text: x, when: 'a and'}", "- {id: y, text: y}"))
    assert [c for c, _, _ in diag(mini_catalog, bad_when)] == ["TT040"]
    unknown = BASE.format(options=opts("- {id: x, text: x, when: zz}", "- {id: y, text: y}"))
    assert diag(mini_catalog, unknown) == [("TT041", 13, 32)]
    open_without_rubric = BASE.format(options=opts("- {id: x, text: x, open: true}", "- {id: y, text: y}"))
    assert diag(mini_catalog, open_without_rubric) == [("TT054", 13, 9)]
    both = BASE.format(
        options=opts(
            "- id: x",
            "  text: x",
            "  practices: {check-first: 1}",
            "  rubric: [{id: a, text: a}, {id: b, text: b}]",
            "- {id: y, text: y}",
        )
    )
    assert diag(mini_catalog, both) == [("TT054", 15, 9)]
    contested = BASE.format(options=opts("- {id: x, text: x}", "- {id: y, text: y}")).replace(
        "    role: system\n", "    role: system\n    contested: true\n"
    )
    assert diag(mini_catalog, contested) == [("TT054", 11, 5)]


def test_deadline_and_objective_mistakes(mini_catalog):
    ok = BASE.format(options=opts("- {id: x, text: x}", "- {id: y, text: y}"))
    moves_clock = ok.replace(
        "start: d\n",
        "start: d\ndeadlines:\n  due: {at: 1h, title: t, text: t, effects: {advance: 1h}}\n",
    )
    assert diag(mini_catalog, moves_clock) == [("TT055", 8, 45)]
    wrong_answer = ok.replace(
        "start: d\n",
        "start: d\nobjectives:\n  - id: o\n    title: o\n    tasks:\n"
        "      - {id: t1, text: t, answers: [d/z]}\n      - {id: t2, text: t}\n",
    )
    assert diag(mini_catalog, wrong_answer) == [("TT056", 12, 9), ("TT056", 11, 37)]


@pytest.mark.parametrize(
    ("level", "performed"), [("full", True), ("some", True), ("none", False), (None, False)]
)
def test_an_open_answer_performs_its_task_only_when_rated_at_a_level_worth_points(features, level, performed):
    """Reported by three scenario reviewers: a weak own-words answer counted as performed."""
    import attrs

    from tabletop.engine.model import Objective, Task, Text
    from tabletop.engine.scoring import objectives

    task = Task(id="brief", text=Text(en="The press is briefed"), answers=(("report", "pr", "own-words"),))
    sc = attrs.evolve(features, objectives=(Objective(id="o", title=Text(en="O"), tasks=(task,)),))
    events = [
        Started(sc.id, seed=3),
        Decided("first", "system", "keep"),
        Decided("compare", "system", "compare-image"),
        Decided("report", "management", "escalate"),
        Decided("report", "pr", "own-words", text="..."),
    ]
    if level:
        events.append(Ruled("report", "pr", level, by="self"))
    (result,) = objectives(sc, fold(sc, events), {})
    assert result.tasks[0].performed is performed


def test_a_better_option_the_player_was_not_offered_is_not_held_against_them(features, mini_catalog):
    """Reported by a reviewer: the debrief listed a gated-off option as 'better'."""
    from tabletop.engine.scoring import debrief

    events = [
        Started(features.id, seed=3),
        Decided("first", "system", "restart"),  # the logs are not kept: no comparing with them
        Decided("compare", "system", "restore"),
        Ruled("compare", "system", "unargued", by="self"),
    ]
    s = fold(features, events)
    assert s.choices[1].offered == ("restore", "wait")
    review = next(r for r in debrief(features, mini_catalog, s).reviews if r.node == "compare")
    assert "compare-image" not in review.best and review.best == ("restore",)
