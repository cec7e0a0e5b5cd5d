"""The built-in scenarios meet the content bar: valid, bilingual, every ending
reachable, every lesson of the case in the catalogue and earnable."""

from __future__ import annotations

import pytest

from tabletop.engine.analysis import reach, score_bounds
from tabletop.engine.catalog import builtin_ids, load
from tabletop.engine.model import LANGS

IDS = sorted(builtin_ids())


@pytest.fixture(scope="module")
def loaded(builtin_catalog):
    out = {}
    for sid in IDS:
        sc, diags = load(sid, builtin_catalog, deep=True)
        out[sid] = (sc, diags)
    return out


def test_there_are_built_in_scenarios():
    assert any(i.startswith("fy2024-02-") for i in IDS)


@pytest.mark.parametrize("sid", IDS)
def test_validates_without_findings(loaded, sid):
    sc, diags = loaded[sid]
    assert sc is not None
    assert [str(d) for d in diags] == []


@pytest.mark.parametrize("sid", IDS)
def test_both_languages_are_complete(loaded, sid):
    sc, _ = loaded[sid]
    assert sc.languages == LANGS
    texts = [sc.title, sc.summary, sc.debrief.what_happened]
    for n in sc.nodes.values():
        texts += [n.text, n.title, n.facilitator, *n.discussion]
        for q in n.questions:
            texts.append(q.prompt)
            for o in q.options:
                texts += [o.text, o.feedback]
    for v in sc.meters:
        texts.append(v.label)
    for t in texts:
        if t is not None:
            assert t.any is None and t.ja and t.en and t.ja.strip() and t.en.strip(), t


@pytest.mark.parametrize("sid", IDS)
def test_every_ending_is_reachable_and_all_three_outcomes_exist(loaded, sid):
    sc, _ = loaded[sid]
    for end in sc.endings:
        assert reach(sc, end.id) is not None, end.id
    assert {n.outcome for n in sc.endings} >= {"good", "mixed", "bad"}
    b = score_bounds(sc)
    assert b.exact and b.best > 0 > b.worst


@pytest.mark.parametrize("sid", IDS)
def test_every_lesson_is_cited_and_earnable(loaded, sid, builtin_catalog):
    sc, _ = loaded[sid]
    case = sc.source.case_id
    assert sid.startswith(case + "-")
    lessons = set(sc.debrief.lessons)
    assert lessons, "a built-in scenario lists the lessons of its case"
    citing = {p.id for p in builtin_catalog.practices.values() if case in p.sources}
    assert lessons == citing
    followed = {
        pid for n in sc.decisions for q in n.questions for o in q.options for pid, w in o.practices if w > 0
    }
    assert lessons <= followed


@pytest.mark.parametrize("sid", IDS)
def test_decisions_are_real_choices_with_notes(loaded, sid):
    sc, _ = loaded[sid]
    assert len(sc.decisions) >= 6
    assert any(len(n.questions) > 1 for n in sc.decisions), "roles act in parallel somewhere"
    for n in sc.decisions:
        assert n.facilitator is not None, n.id
        assert 1 <= len(n.discussion) <= 3, n.id
        for q in n.questions:
            assert len(q.options) >= 3, n.id
            assert all(o.feedback is not None for o in q.options), n.id
            # a ruled option scores one of its rubric's levels: compare what each can earn
            assert len({o.weights for o in q.options}) > 1, f"every option of {n.id} scores the same"


@pytest.mark.parametrize("sid", IDS)
def test_meters_move(loaded, sid):
    sc, _ = loaded[sid]
    meters = {v.name for v in sc.meters}
    assert meters
    moved = set()
    for n in sc.nodes.values():
        moved |= {name for name, _ in n.effects.add + n.effects.set}
        for q in n.questions:
            for o in q.options:
                moved |= {name for name, _ in o.effects.add + o.effects.set}
    assert meters <= moved


def _best_is_longest(sc) -> tuple[int, int]:
    hits = total = 0
    for n in sc.decisions:
        for q in n.questions:
            top = max(max(o.weights) for o in q.options)
            longest = max(len(o.text.en) for o in q.options)
            total += 1
            hits += any(max(o.weights) == top and len(o.text.en) == longest for o in q.options)
    return hits, total


def test_the_best_option_is_not_the_longest_too_often(loaded):
    hits = total = 0
    for sid in IDS:
        h, t = _best_is_longest(loaded[sid][0])
        hits += h
        total += t
    assert hits / total <= 0.4, f"the best option is the longest in {hits} of {total} questions"


def test_the_best_option_is_not_always_in_the_same_place(loaded):
    from collections import Counter

    positions: Counter = Counter()
    for sid in IDS:
        for n in loaded[sid][0].decisions:
            for q in n.questions:
                top = max(max(o.weights) for o in q.options)
                positions.update(i for i, o in enumerate(q.options) if max(o.weights) == top)
    total = sum(positions.values())
    assert max(positions.values()) / total <= 0.4, positions


def test_the_best_option_is_not_the_shortest_too_often(loaded):
    """Trimming the best options to pass the 'longest' check must not make them the
    shortest instead: a player could then pick by length the other way."""
    hits = total = 0
    for sid in IDS:
        for n in loaded[sid][0].decisions:
            for q in n.questions:
                top = max(max(o.weights) for o in q.options)
                shortest = min(len(o.text.en) for o in q.options)
                total += 1
                hits += any(max(o.weights) == top and len(o.text.en) == shortest for o in q.options)
    assert hits / total <= 0.4, f"the best option is the shortest in {hits} of {total} questions"
