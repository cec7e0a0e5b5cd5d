"""A scenario as a plain directed graph of its nodes, with the few algorithms the checks
and analyses need (reachability, strongly connected components, distances).

These are kept here rather than taken from networkx because every `validate`, `test`
and debrief needs them: importing networkx costs about 0.2 s and 20 MiB, more than the
checks themselves on a built-in scenario. The drawings and the importer, which need its
richer algorithms, import it themselves (``node_graph``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable

from .model import Scenario


class Graph:
    """A directed graph as successor lists, in the order nodes and edges were added."""

    def __init__(self) -> None:
        self.succ: dict[Hashable, dict[Hashable, None]] = {}
        self.pred: dict[Hashable, dict[Hashable, None]] = {}

    def add_node(self, n) -> None:
        if n not in self.succ:
            self.succ[n] = {}
            self.pred[n] = {}

    def add_edge(self, a, b) -> None:
        self.add_node(a)
        self.add_node(b)
        self.succ[a][b] = None
        self.pred[b][a] = None

    def has_edge(self, a, b) -> bool:
        return b in self.succ.get(a, ())

    def successors(self, n):
        return iter(self.succ[n])

    def __iter__(self):
        return iter(self.succ)

    def __contains__(self, n) -> bool:
        return n in self.succ

    def descendants(self, n) -> set:
        """Every node reachable from ``n`` by one edge or more (``n`` only on a cycle)."""
        return _walk(self.succ, [n])

    def ancestors(self, *ns) -> set:
        """Every node from which one of ``ns`` can be reached by one edge or more."""
        return _walk(self.pred, list(ns))

    def distances_to(self, goal) -> dict:
        """The number of edges from each node that can reach ``goal`` to it (0 for itself)."""
        dist = {goal: 0}
        queue = deque([goal])
        while queue:
            b = queue.popleft()
            for a in self.pred[b]:
                if a not in dist:
                    dist[a] = dist[b] + 1
                    queue.append(a)
        return dist

    def components(self, within: Iterable | None = None) -> list[list]:
        """The strongly connected components (of the subgraph of the nodes ``within``, if
        given), each listed once, every component after all those it leads to (Tarjan's
        algorithm, iterative, so a long chain cannot overflow the stack)."""
        nodes = list(self.succ) if within is None else [n for n in self.succ if n in set(within)]
        keep = set(nodes)
        index: dict = {}
        low: dict = {}
        on_stack: set = set()
        stack: list = []
        out: list[list] = []
        counter = 0
        for root in nodes:
            if root in index:
                continue
            work = [(root, iter(self.succ[root]))]
            index[root] = low[root] = counter
            counter += 1
            stack.append(root)
            on_stack.add(root)
            while work:
                v, it = work[-1]
                for w in it:
                    if w not in keep:
                        continue
                    if w not in index:
                        index[w] = low[w] = counter
                        counter += 1
                        stack.append(w)
                        on_stack.add(w)
                        work.append((w, iter(self.succ[w])))
                        break
                    if w in on_stack:
                        low[v] = min(low[v], index[w])
                else:
                    work.pop()
                    if work:
                        u = work[-1][0]
                        low[u] = min(low[u], low[v])
                    if low[v] == index[v]:
                        comp = []
                        while True:
                            w = stack.pop()
                            on_stack.discard(w)
                            comp.append(w)
                            if w == v:
                                break
                        out.append(comp)
        return out

    def on_cycles(self, comp: list) -> bool:
        """Whether a component holds a cycle: more than one node, or a node with an edge
        to itself."""
        return len(comp) > 1 or self.has_edge(comp[0], comp[0])


def _walk(adj: dict, starts: list) -> set:
    seen: set = set()
    todo = list(starts)
    while todo:
        for b in adj[todo.pop()]:
            if b not in seen:
                seen.add(b)
                todo.append(b)
    return seen


def targets(scenario: Scenario, nid: str) -> list[str]:
    n = scenario.nodes[nid]
    return [e.to for e in n.next] + [e.to for q in n.questions for o in q.options for e in o.next]


def graph_of(scenario: Scenario) -> Graph:
    """The scenario's nodes, with an edge wherever an edge of a node or option leads."""
    g = Graph()
    for nid in scenario.nodes:
        g.add_node(nid)
    for nid in scenario.nodes:
        for t in targets(scenario, nid):
            if t in scenario.nodes:
                g.add_edge(nid, t)
    return g


def cyclic_nodes(scenario: Scenario) -> frozenset:
    """The nodes that lie on a cycle: the only ones play can come back to."""
    g = graph_of(scenario)
    return frozenset(n for comp in g.components() if g.on_cycles(comp) for n in comp)


def node_graph(scenario: Scenario):
    """The same graph as a networkx DiGraph, for the code that needs networkx's algorithms."""
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(scenario.nodes)
    for nid in scenario.nodes:
        for t in targets(scenario, nid):
            if t in scenario.nodes:
                g.add_edge(nid, t)
    return g
