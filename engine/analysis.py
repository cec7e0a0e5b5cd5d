"""Every way a scenario can go: the reachable state space, best and worst scores.

The exploration plays the real reducer (engine.play) over every option and both sides
of every chance edge, merging states that cannot differ in what happens next (same
node, same values of the variables that conditions read, same answers pending, same
questions already answered on cycles). Scores are maximised and minimised over the
condensation of that graph, so cycles are handled exactly: a question scores only the
first time it is answered, so no cycle can add score.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable

import attrs

from . import expr
from .model import Scenario
from .play import Choice, Decided, Drew, Started, State, apply, waiting

MAX_STATES = 200_000


class TooLarge(RuntimeError):
    pass


@attrs.frozen
class Step:
    """One move between two waiting points: the answers given and the nodes passed."""

    choices: tuple[Choice, ...]
    nodes: tuple[str, ...]
    draw: tuple[str, bool] | None = None  # (node, matched) for a chance edge


@attrs.frozen
class Space:
    scenario: Scenario
    start: tuple
    states: dict  # key → representative State
    edges: dict  # key → list of (Step, key)
    trapped: frozenset  # keys from which no ending can be reached

    def endings(self) -> set[str]:
        return {s.node for s in self.states.values() if s.ended}

    def nodes_reached(self) -> set[str]:
        out: set[str] = set(self.states[self.start].feed)
        for s in self.states.values():
            out.add(s.node)
        for lst in self.edges.values():
            for step, _ in lst:
                out.update(step.nodes)
        return out

    def options_taken(self) -> set[tuple[str, str, str]]:
        return {
            (c.node, c.role, c.option) for lst in self.edges.values() for step, _ in lst for c in step.choices
        }


def _relevant(scenario: Scenario) -> tuple[str, ...]:
    names: set[str] = set()
    for n in scenario.nodes.values():
        edge_lists = [n.next] + [o.next for q in n.questions for o in q.options]
        for edges in edge_lists:
            for e in edges:
                if e.cond is not None:
                    names.update(name for name, _ in expr.names(e.cond))
    return tuple(sorted(names))


def _cyclic_nodes(scenario: Scenario) -> frozenset:
    import networkx as nx

    from .lint import node_graph

    g = node_graph(scenario)
    out = set()
    for comp in nx.strongly_connected_components(g):
        if len(comp) > 1 or any(g.has_edge(n, n) for n in comp):
            out |= comp
    return frozenset(out)


def explore(scenario: Scenario, limit: int = MAX_STATES) -> Space:
    relevant = _relevant(scenario)
    cyclic = _cyclic_nodes(scenario)

    def key(s: State) -> tuple:
        return (
            s.node,
            s.ended,
            s.pending,
            s.waiting,
            tuple(s.vars[n] for n in relevant),
            frozenset(a for a in s.answered if a[0] in cyclic),
        )

    s0 = apply(scenario, State(), Started(scenario.id))
    k0 = key(s0)
    states = {k0: s0}
    edges: dict = {}
    queue = deque([k0])
    while queue:
        k = queue.popleft()
        s = states[k]
        out = []
        w = waiting(scenario, s)
        if w.kind == "decide":
            qs = [w.node.question(r) for r in w.roles]
            for combo in itertools.product(*[q.options for q in qs]):
                t = s
                for q, o in zip(qs, combo, strict=True):
                    t = apply(scenario, t, Decided(w.node.id, q.role, o.id))
                out.append((Step(t.choices[len(s.choices) :], t.feed[len(s.feed) :]), t))
        elif w.kind == "draw":
            for value, matched in ((0, True), (99, False)):
                t = apply(scenario, s, Drew(s.node, value))
                out.append((Step((), t.feed[len(s.feed) :], (s.node, matched)), t))
        lst = []
        for step, t in out:
            tk = key(t)
            if tk not in states:
                if len(states) >= limit:
                    raise TooLarge(
                        f"more than {limit:,} distinct situations; the scenario is too large to enumerate "
                        "(use random playthroughs instead)"
                    )
                states[tk] = t
                queue.append(tk)
            lst.append((step, tk))
        edges[k] = lst
    # which states can reach an ending
    rev: dict = {k: [] for k in states}
    for k, lst in edges.items():
        for _, tk in lst:
            rev[tk].append(k)
    good = {k for k, s in states.items() if s.ended}
    queue = deque(good)
    while queue:
        k = queue.popleft()
        for p in rev[k]:
            if p not in good:
                good.add(p)
                queue.append(p)
    return Space(scenario, k0, states, edges, frozenset(set(states) - good))


Weight = Callable[[Choice], int]


def total_weight(c: Choice) -> int:
    return c.gain


@attrs.frozen
class Bounds:
    best: int
    worst: int
    best_path: tuple[Step, ...]
    worst_path: tuple[Step, ...]


def bounds(space: Space, weight: Weight = total_weight) -> Bounds:
    """Best and worst achievable score under ``weight`` (first answers only), with paths."""
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(k for k in space.states if k not in space.trapped)
    for k, lst in space.edges.items():
        if k in space.trapped:
            continue
        for _, tk in lst:
            if tk not in space.trapped:
                g.add_edge(k, tk)

    def value(step: Step) -> int:
        return sum(weight(c) for c in step.choices if c.first)

    cond = nx.condensation(g)
    members = cond.graph["mapping"]
    best: dict = {}
    worst: dict = {}
    for comp in reversed(list(nx.topological_sort(cond))):
        hi: int | None = None
        lo: int | None = None
        for k in cond.nodes[comp]["members"]:
            if space.states[k].ended:
                hi = 0 if hi is None else max(hi, 0)
                lo = 0 if lo is None else min(lo, 0)
            for step, tk in space.edges.get(k, ()):
                if tk in space.trapped or members[tk] == comp:
                    continue
                v = value(step)
                hi = v + best[members[tk]] if hi is None else max(hi, v + best[members[tk]])
                lo = v + worst[members[tk]] if lo is None else min(lo, v + worst[members[tk]])
        best[comp], worst[comp] = hi if hi is not None else 0, lo if lo is not None else 0
    if space.start in space.trapped:
        return Bounds(0, 0, (), ())
    bk = {k: best[members[k]] for k in g}
    wk = {k: worst[members[k]] for k in g}
    return Bounds(bk[space.start], wk[space.start], _path(space, bk, value), _path(space, wk, value))


def _path(space: Space, target: dict, value) -> tuple[Step, ...]:
    """A shortest path from the start to an ending along edges that keep the target value."""
    start = space.start
    prev: dict = {start: None}
    queue = deque([start])
    while queue:
        k = queue.popleft()
        if space.states[k].ended:
            steps = []
            while prev[k] is not None:
                p, step = prev[k]
                steps.append(step)
                k = p
            return tuple(reversed(steps))
        for step, tk in space.edges.get(k, ()):
            if tk in target and tk not in prev and value(step) + target[tk] == target[k]:
                prev[tk] = (k, step)
                queue.append(tk)
    return ()
