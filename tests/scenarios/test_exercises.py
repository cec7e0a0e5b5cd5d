"""Every built-in scenario is built as an exercise (issues 14 and 16): objectives,
rulings, open answers, deadlines, gates, sources, endings that tell, and the design
targets met with no `design:` override."""

from __future__ import annotations

import pytest

from tabletop.engine.catalog import builtin_ids, load
from tabletop.engine.metrics import design_metrics
from tabletop.engine.model import Effects

IDS = sorted(builtin_ids())


@pytest.fixture(scope="module")
def loaded(builtin_catalog):
    return {sid: load(sid, builtin_catalog, deep=True)[0] for sid in IDS}


def _options(sc):
    return [(n, q, o) for n in sc.decisions for q in n.questions for o in q.options]


def test_the_eighteen_cases_are_scenarios():
    assert [i[:9] for i in IDS] == [f"fy{y}-0{k}" for y in (2020, 2024) for k in range(1, 10)]


@pytest.mark.parametrize("sid", IDS)
def test_each_is_built_with_the_exercise_features(loaded, sid):
    sc = loaded[sid]
    assert 2 <= len(sc.objectives) <= 4 and all(o.tasks for o in sc.objectives)
    opts = _options(sc)
    assert any(n.contested and o.rubric and o.argument_for and o.argument_against for n, _, o in opts)
    assert any(o.open and o.rubric and o.model for _, _, o in opts), "an open answer with a rubric"
    assert any(d.effects != Effects() for d in sc.deadlines), "a deadline whose miss changes the state"
    gated = any(o.when for _, _, o in opts) or any(q.when for n in sc.decisions for q in n.questions)
    assert gated, "options or questions that depend on earlier choices"
    assert any(n.source for n in sc.nodes.values() if n.kind == "inject"), "an inject names its source"
    assert len(sc.endings) >= 3 and {e.outcome for e in sc.endings} >= {"good", "mixed", "bad"}
    assert any(e.fragments for e in sc.endings), "endings told by fragments of the team's own path"
    assert 8 <= len(sc.decisions) <= 12, "8-12 scored decisions (EXERCISE-DESIGN.md, Pacing)"
    assert any(len(n.questions) > 1 for n in sc.decisions), "several roles at once"
    assert sc.debrief.what_happened is not None
    for n in sc.decisions:
        assert n.facilitator is not None and 1 <= len(n.discussion) <= 2, n.id


@pytest.mark.parametrize("sid", IDS)
def test_every_lesson_is_tied_to_an_objective(loaded, sid):
    sc = loaded[sid]
    tied = {p for o in sc.objectives for t in o.tasks for p in t.practices}
    assert set(sc.debrief.lessons) <= tied, set(sc.debrief.lessons) - tied


@pytest.mark.parametrize("sid", IDS)
def test_the_design_targets_are_met_without_overrides(loaded, sid):
    sc = loaded[sid]
    assert sc.design == {}, "the issue's targets, not the scenario's own"
    m = design_metrics(sc)
    assert [f.message for f in m.findings()] == []
    assert m.sequences is not None and m.sequences >= 3
