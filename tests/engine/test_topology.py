"""The small graph algorithms the checks use (engine.topology) against networkx's."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from tabletop.engine.topology import Graph


def _graphs(seed: int, n: int = 30):
    rng = random.Random(seed)
    g, ref = Graph(), nx.DiGraph()
    for v in range(n):
        g.add_node(v)
        ref.add_node(v)
    for a in range(n):
        for _ in range(rng.randrange(3)):
            b = rng.randrange(n)  # back edges and self loops too
            g.add_edge(a, b)
            ref.add_edge(a, b)
    return g, ref, rng


@pytest.mark.parametrize("seed", range(30))
def test_components_reachability_and_distances_match_networkx(seed):
    g, ref, rng = _graphs(seed)
    comps = g.components()
    assert sorted(map(sorted, comps)) == sorted(sorted(c) for c in nx.strongly_connected_components(ref))
    # every component comes after all the components it leads to
    where = {v: i for i, comp in enumerate(comps) for v in comp}
    for a, b in ref.edges:
        assert where[b] <= where[a]
    for comp in comps:
        assert g.on_cycles(comp) == (len(comp) > 1 or ref.has_edge(comp[0], comp[0]))
    some = rng.sample(range(30), 10)
    assert g.components(within=some) and sorted(map(sorted, g.components(within=some))) == sorted(
        sorted(c) for c in nx.strongly_connected_components(ref.subgraph(some))
    )
    for v in range(30):
        assert g.descendants(v) - {v} == nx.descendants(ref, v)
        assert g.ancestors(v) - {v} == nx.ancestors(ref, v)
        assert g.distances_to(v) == dict(nx.single_target_shortest_path_length(ref, v))


def test_a_chain_longer_than_the_recursion_limit_is_fine():
    g = Graph()
    for i in range(20_000):
        g.add_edge(i, i + 1)
    g.add_edge(20_000, 0)
    assert len(g.components()) == 1 and len(g.descendants(0)) == 20_001
