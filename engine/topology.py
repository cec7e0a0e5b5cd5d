"""A scenario as a plain directed graph of its nodes (networkx), for the checks and
analyses that need reachability, dominators or cycles rather than play."""

from __future__ import annotations

from .model import Scenario


def node_graph(scenario: Scenario):
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(scenario.nodes)
    for n in scenario.nodes.values():
        targets = [e.to for e in n.next] + [e.to for q in n.questions for o in q.options for e in o.next]
        for t in targets:
            if t in scenario.nodes:
                g.add_edge(n.id, t)
    return g
