"""Properties of play over every built-in scenario and the test scenario."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.engine import codec
from tabletop.engine.analysis import bounds, explore, score_bounds
from tabletop.engine.catalog import builtin_files, load
from tabletop.engine.play import Decided, Started, apply, fold, initial, settle, waiting
from tests.conftest import MINI

MAX_DECISIONS = 2_000


def scenarios():
    return [MINI, *builtin_files()]


@pytest.fixture(scope="module")
def loaded(builtin_catalog, mini_catalog):
    out = {}
    for f in scenarios():
        catalog = mini_catalog if f == MINI else builtin_catalog
        sc, diags = load(f if f != MINI else str(MINI), catalog)
        assert sc is not None and not [d for d in diags if d.severity == "error"], [str(d) for d in diags]
        out[f.name] = (sc, score_bounds(sc))
    return out


def playthrough(sc, seed: int, rng):
    events = [Started(sc.id, seed=seed)]
    s = apply(sc, initial(), events[0])
    s, drawn = settle(sc, s)
    events += drawn
    i = 0
    while not s.ended and i < MAX_DECISIONS:
        w = waiting(sc, s)
        q = w.node.question(w.roles[0])
        opt = rng.choice(q.options)
        e = Decided(w.node.id, q.role, opt.id)
        s = apply(sc, s, e)
        s, drawn = settle(sc, s)
        events += [e, *drawn]
        i += 1
    return s, events


@pytest.mark.parametrize("name", [f.name for f in scenarios()])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**31), rng=st.randoms(use_true_random=False))
def test_random_playthroughs_end_replay_and_score_within_bounds(loaded, name, seed, rng):
    sc, b = loaded[name]
    s, events = playthrough(sc, seed, rng)
    assert s.ended and s.outcome in ("good", "mixed", "bad")
    assert sc.nodes[s.node].kind == "ending"
    assert fold(sc, events) == s
    assert fold(sc, codec.loads(codec.dumps(events))) == s  # the stored form replays too
    assert b.worst <= s.score <= b.best


@pytest.mark.parametrize("name", [f.name for f in scenarios()])
def test_the_best_path_scores_the_best(loaded, name):
    sc, b = loaded[name]
    s = apply(sc, initial(), Started(sc.id, seed=0))
    for step in b.best_path:
        if step.draw:
            from tabletop.engine.play import Drew

            s = apply(sc, s, Drew(step.draw[0], 0 if step.draw[1] else 99))
            continue
        for c in step.choices:
            s = apply(sc, s, Decided(c.node, c.role, c.option))
    assert s.ended and s.score == b.best


def test_branch_and_bound_agrees_with_the_exhaustive_search(mini, mini_catalog):
    from tabletop.engine.scoring import _category

    space = explore(mini)
    weights = [lambda c: c.gain, lambda c: -c.gain, lambda c: c.gain if c.role == "pr" else 0]
    for cat in ("detect", "govern", "respond"):
        weights.append(
            lambda c, cat=cat: sum(
                w
                for pid, w in mini.nodes[c.node].question(c.role).option(c.option).practices
                if _category(mini_catalog, pid) == cat
            )
        )
    for w in weights:
        a, b = bounds(space, w), score_bounds(mini, w)
        assert (a.best, a.worst) == (b.best, b.worst) and b.exact
