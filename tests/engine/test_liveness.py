"""The situation keys (engine.liveness) merge only what cannot differ, and the compiled
exploration that validation runs agrees with the reducer's."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from tabletop.engine.analysis import explore
from tabletop.engine.catalog import load
from tabletop.engine.liveness import gather, members, spread
from tabletop.engine.playtest import coverage
from tests.conftest import FEATURES, MINI


def _graph(seed: int, n: int = 40):
    rng = random.Random(seed)
    succ = [set() for _ in range(n)]
    for a in range(n):
        for _ in range(rng.randrange(3)):
            succ[a].add(rng.randrange(n))  # back edges too: cycles
    seed_bits = [rng.choice([0, 0, 1 << rng.randrange(8)]) for _ in range(n)]
    return succ, seed_bits


@pytest.mark.parametrize("seed", range(20))
def test_spread_and_gather_are_unions_over_descendants_and_ancestors(seed):
    succ, bits = _graph(seed)
    g = nx.DiGraph()
    g.add_nodes_from(range(len(succ)))
    g.add_edges_from((a, b) for a, ts in enumerate(succ) for b in ts)
    ahead, behind = spread(succ, bits), gather(succ, bits)
    for m in range(len(succ)):
        want_ahead = want_behind = 0
        for d in nx.descendants(g, m) | {m}:
            want_ahead |= bits[d]
        for a in nx.ancestors(g, m) | {m}:
            want_behind |= bits[a]
        assert (ahead[m], behind[m]) == (want_ahead, want_behind)


def test_members_lists_the_bits_in_order():
    assert members(0) == () and members(0b101001) == (0, 3, 5) and members(1 << 300) == (300,)


# fy2024-06's reducer exploration alone took 11 to 29 s of the suite: the others and the
# hypothesis cross-checks (test_search, test_properties) cover cycles, gates and deadlines
@pytest.mark.parametrize("ref", [str(MINI), str(FEATURES), "fy2024-09", "fy2020-01"])
def test_the_compiled_exploration_reaches_what_the_reducer_reaches(ref, mini_catalog, builtin_catalog):
    catalog = mini_catalog if ref.endswith(".yaml") else builtin_catalog
    sc, _ = load(ref, catalog)
    space = explore(sc)
    # the nodes passed on every move (a merged state's own feed tells only one way there)
    by_reducer = set(space.states[space.start].feed)
    by_reducer |= {n for moves in space.edges.values() for step, _ in moves for n in step.nodes}
    cov = coverage(sc, trapped=True)
    assert cov.nodes == by_reducer
    assert cov.endings == space.endings()
    assert not cov.trapped and not space.trapped


def test_a_search_for_goals_stops_once_it_has_them(builtin_catalog):
    sc, _ = load("fy2020-02", builtin_catalog)
    whole = coverage(sc)
    goal = sorted(e.id for e in sc.endings)[0]
    found = coverage(sc, goals={goal})
    assert goal in found.nodes and found.situations < whole.situations
