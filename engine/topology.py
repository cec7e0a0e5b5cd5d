"""A scenario as a plain directed graph of its nodes, with the few algorithms the checks
and analyses need (reachability, strongly connected components, distances).

These are kept here rather than taken from networkx because every `validate`, `test`
and debrief needs them: importing networkx costs about 0.2 s and 20 MiB, more than the
checks themselves on a built-in scenario. The drawings and the importer, which need its
richer algorithms, import it themselves (``node_graph``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable, Sequence

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
        given), each listed once, every component after all those it leads to."""
        keep = None if within is None else set(within)
        nodes = [n for n in self.succ if keep is None or n in keep]
        index = {n: i for i, n in enumerate(nodes)}
        adj = [[index[m] for m in self.succ[n] if m in index] for n in nodes]
        return [[nodes[i] for i in comp] for comp in strong_components(adj)]

    def on_cycles(self, comp: list) -> bool:
        """Whether a component holds a cycle: more than one node, or a node with an edge
        to itself."""
        return len(comp) > 1 or self.has_edge(comp[0], comp[0])


def strong_components(adj: Sequence[Sequence[int]]) -> list[list[int]]:
    """The strongly connected components of the graph on nodes 0..n-1 with successor
    lists ``adj``, every component after all those it leads to (Tarjan's algorithm,
    iterative, so a chain of 10,000 nodes cannot overflow the stack)."""
    n = len(adj)
    index = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    stack: list[int] = []
    out: list[list[int]] = []
    counter = 0
    for root in range(n):
        if index[root] >= 0:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        work = [(root, iter(adj[root]))]
        while work:
            v, it = work[-1]
            for w in it:
                if index[w] < 0:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack[w] = True
                    work.append((w, iter(adj[w])))
                    break
                if on_stack[w] and index[w] < low[v]:
                    low[v] = index[w]
            else:
                work.pop()
                if work:
                    u = work[-1][0]
                    if low[v] < low[u]:
                        low[u] = low[v]
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on_stack[w] = False
                        comp.append(w)
                        if w == v:
                            break
                    out.append(comp)
    return out


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
