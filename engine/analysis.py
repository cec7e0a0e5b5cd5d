"""Every way a scenario can go: the reachable state space, best and worst scores.

The exploration plays the real reducer (engine.play) over every option and both sides
of every chance edge, merging states that cannot differ in what happens next (same
node, same values of the variables that conditions read, same answers pending, same
questions already answered on cycles). Scores are maximised and minimised over the
condensation of that graph, so cycles are handled exactly: a question scores only the
first time it is answered, so no cycle can add score.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

import attrs

from .model import Scenario
from .play import Choice, Decided, Drew, Ruled, Started, State, apply, offered, waiting
from .topology import cyclic_nodes

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


def state_key(scenario: Scenario) -> Callable[[State], tuple]:
    """A key under which two states have the same futures: same node, same answers
    pending, same values of the variables that conditions at or after the node read and
    effects before it wrote (engine.liveness), same questions answered on cycles (the only
    ones that can be asked again). The clock and other variables change nothing that can
    still happen."""
    return _live_key(scenario, None)


def cycles_ahead(scenario: Scenario) -> list[int]:
    """For each node (in the order of ``scenario.nodes``), the nodes on cycles that can
    still be reached from it, as a bit set of node indexes: the only questions that can be
    asked again there. A key need not remember that a question was answered once play
    can no longer come back to it: keeping it would tell apart, phase after phase, plays
    whose futures are the same."""
    from .liveness import spread
    from .topology import graph_of

    ids = list(scenario.nodes)
    index = {nid: i for i, nid in enumerate(ids)}
    cyclic = cyclic_nodes(scenario)
    g = graph_of(scenario)
    succ = [[index[t] for t in g.successors(nid)] for nid in ids]
    return spread(succ, [1 << i if nid in cyclic else 0 for i, nid in enumerate(ids)])


def _keyer(scenario: Scenario, live: dict[str, tuple[str, ...]]) -> Callable[[State], tuple]:
    """The state key keeping, at each node, the values of the variables ``live`` names."""
    index = {nid: i for i, nid in enumerate(scenario.nodes)}
    ahead = dict(zip(scenario.nodes, cycles_ahead(scenario), strict=True))
    # deadlines make the clock matter, up to the last of them: which have passed is
    # exactly which fall at or before the clock
    horizon = max((d.at for d in scenario.deadlines), default=0)

    def key(s: State) -> tuple:
        return (
            s.node,
            s.ended,
            s.pending,
            s.waiting,
            s.ruling,
            min(s.clock, horizon),
            tuple(s.vars[v] for v in live[s.node]),
            frozenset(a for a in s.answered if ahead[s.node] >> index[a[0]] & 1),
        )

    return key


def explore(scenario: Scenario, limit: int = MAX_STATES) -> Space:
    key = state_key(scenario)

    s0 = apply(scenario, State(), Started(scenario.id))
    k0 = key(s0)
    states = {k0: s0}
    edges: dict = {}
    queue = deque([k0])
    while queue:
        k = queue.popleft()
        s = states[k]
        out = _moves(scenario, s)
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
    exact: bool = True


def bounds(space: Space, weight: Weight = total_weight) -> Bounds:
    """Best and worst achievable score under ``weight`` (first answers only), with paths."""
    from .topology import Graph

    g = Graph()
    for k in space.states:
        if k not in space.trapped:
            g.add_node(k)
    for k, lst in space.edges.items():
        if k in space.trapped:
            continue
        for _, tk in lst:
            if tk not in space.trapped:
                g.add_edge(k, tk)

    def value(step: Step) -> int:
        return sum(weight(c) for c in step.choices if c.first)

    comps = g.components()  # each after those it leads to
    members = {k: i for i, comp in enumerate(comps) for k in comp}
    best: dict = {}
    worst: dict = {}
    for comp, ks in enumerate(comps):
        hi: int | None = None
        lo: int | None = None
        for k in ks:
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


# ---------------------------------------------------------------------------------------
# Exact optimisation without enumerating everything: branch and bound.
#
# A relaxation on the node graph (every edge possible whatever the conditions, each
# question counted once on a cycle) bounds what can still be earned from each node.
# A depth-first search over real play states, best-looking options first, keeps the
# best total found and prunes every state whose bound cannot beat it. The result is
# exact; the relaxation only decides how much is searched.

SEARCH_BUDGET = 400_000


def _targets(edges) -> list[str]:
    return [e.to for e in edges]


def relaxed(scenario: Scenario, weight_of: Callable[[str, str, object], int]) -> dict[str, int]:
    """An upper bound of what can still be earned from each node, ignoring conditions.

    ``weight_of(node_id, role, option)`` gives an option's weight."""
    from .topology import graph_of

    g = graph_of(scenario)
    comps = g.components()  # each after those it leads to
    members = {nid: i for i, comp in enumerate(comps) for nid in comp}
    ub_comp: dict[int, int] = {}
    ub: dict[str, int] = {}
    for comp, nodes in enumerate(comps):
        cyclic = g.on_cycles(nodes)
        if not cyclic:
            (nid,) = nodes
            n = scenario.nodes[nid]

            def after(edges, comp=comp):
                vals = [ub_comp[members[t]] for t in _targets(edges) if t in members and members[t] != comp]
                return max(vals) if vals else 0

            if n.kind == "decision" and len(n.questions) == 1:
                q = n.questions[0]
                val = max(weight_of(nid, q.role, o) + after(o.next or n.next) for o in q.options)
            elif n.kind == "decision":
                # a question with a `when` may not be asked at all: it can also add nothing
                val = sum(
                    max([weight_of(nid, q.role, o) for o in q.options] + ([0] if q.cond is not None else []))
                    for q in n.questions
                ) + after(n.next)
            else:
                val = after(n.next)
        else:
            inside = sum(
                max(0, max(weight_of(nid, q.role, o) for o in q.options))
                for nid in nodes
                for q in scenario.nodes[nid].questions
            )
            exits = [ub_comp[members[t]] for nid in nodes for t in g.successors(nid) if members[t] != comp]
            val = inside + (max(exits) if exits else 0)
        ub_comp[comp] = val
        for nid in nodes:
            ub[nid] = val
    return ub


@attrs.frozen
class Optimum:
    value: int
    path: tuple[Step, ...]
    exact: bool


def _moves(scenario: Scenario, s: State) -> list[tuple[Step, State]]:
    w = waiting(scenario, s)
    out = []
    if w.kind in ("decide", "rule"):
        for t in _answers(scenario, s, first=True):
            out.append((Step(t.choices[len(s.choices) :], t.feed[len(s.feed) :]), t))
    elif w.kind == "draw":
        for value, matched in ((0, True), (99, False)):
            t = apply(scenario, s, Drew(s.node, value))
            out.append((Step((), t.feed[len(s.feed) :], (s.node, matched)), t))
    return out


def _answers(scenario: Scenario, s: State, first: bool = False):
    """Every way the decision at hand can be answered to the end: each role in turn
    (roles answering together cannot change each other's options), each option on offer,
    each level of a rubric."""
    w = waiting(scenario, s)
    if w.kind == "rule":
        last = s.choices[-1]
        for lv in w.node.question(last.role).option(last.option).rubric:
            yield from _answers(scenario, apply(scenario, s, Ruled(s.node, last.role, lv.id)))
    elif w.kind == "decide" and (first or s.pending):
        q = w.node.question(w.roles[0])
        for o in offered(q, s):
            yield from _answers(scenario, apply(scenario, s, Decided(w.node.id, q.role, o.id)))
    else:
        yield s


@attrs.frozen
class _Plan:
    """What a best/worst search needs besides the scenario: each option's weights, the
    relaxed bound of every node, the bound of a decision already answered, the questions
    that weigh anything."""

    option_weights: Callable
    ub: dict[str, int]
    after: dict[str, int]
    weighted: set[str]
    cyclic: frozenset


def _plan(scenario: Scenario, weight: Weight) -> _Plan:
    def option_weights(nid, role, o):
        if o.rubric:
            return [weight(Choice(nid, role, o.id, lv.weight, True, level=lv.id)) for lv in o.rubric]
        return [weight(Choice(nid, role, o.id, o.weight, True))]

    ub = relaxed(scenario, lambda nid, role, o: max(option_weights(nid, role, o)))
    # A decision already answered and waiting for a draw will not score again: bound it by
    # where its edges lead, not by its own question (whose best answer may be negative when
    # the search looks for the worst score).
    after = {
        n.id: max(
            [
                ub.get(e.to, 0)
                for e in n.next + tuple(e for q in n.questions for o in q.options for e in o.next)
            ],
            default=0,
        )
        for n in scenario.decisions
    }
    weighted = {
        n.id
        for n in scenario.decisions
        if any(any(option_weights(n.id, q.role, o)) for q in n.questions for o in q.options)
    }
    return _Plan(
        option_weights, ub, after, weighted, _shared(scenario, "cyclic", lambda: cyclic_nodes(scenario))
    )


# What the searches of one scenario share whatever the weight (the best and the worst of
# score_bounds, a role's share, ...): made once for the last scenario searched, which is
# immutable, and recognised by identity. (scenario, {what: value})
_last_shared: tuple = (None, {})


def _shared(scenario: Scenario, what, make: Callable):
    """``make()``, or what it made before for this very scenario."""
    global _last_shared
    held, tables = _last_shared
    if held is not scenario:
        tables = {}
        _last_shared = (scenario, tables)
    if what not in tables:
        tables[what] = make()
    return tables[what]


def optimum(scenario: Scenario, weight: Weight = total_weight, budget: int = SEARCH_BUDGET) -> Optimum:
    """The highest total of ``weight`` over first answers that any play can reach.

    Made on the compiled tables (engine.search): the same moves, merges and pruning as
    ``optimum_by_reducer`` below, several times faster; only the path found is replayed
    through the reducer, to give it as Steps."""
    from .search import search
    from .sim import compiled

    plan = _plan(scenario, weight)
    value, moves, exact, start_bound = search(
        scenario,
        weight,
        budget,
        plan.ub,
        plan.after,
        _shared(scenario, ("live", frozenset(plan.weighted)), lambda: _live_vars(scenario, plan.weighted)),
        plan.cyclic,
        _shared(scenario, "ahead", lambda: cycles_ahead(scenario)),
        compiled(scenario),
    )
    path = _replayed(scenario, moves)
    if not exact:
        return Optimum(start_bound, path, False)
    return Optimum(value if value is not None else 0, path, True)


def _replayed(scenario: Scenario, moves: list) -> tuple[Step, ...]:
    """Moves of engine.search (answers as question, option and level indexes; draws as a
    value) played through the reducer, as the Steps of a path."""
    s = apply(scenario, State(), Started(scenario.id))
    out = []
    for move in moves:
        if move[0] == "answer":
            t = s
            node = scenario.nodes[t.node]
            for qi, oi, li in move[1]:
                q = node.questions[qi]
                o = q.options[oi]
                t = apply(scenario, t, Decided(node.id, q.role, o.id))
                if li >= 0:
                    t = apply(scenario, t, Ruled(node.id, q.role, o.rubric[li].id))
            out.append(Step(t.choices[len(s.choices) :], t.feed[len(s.feed) :]))
        else:
            _, value, matched = move
            t = apply(scenario, s, Drew(s.node, value))
            out.append(Step((), t.feed[len(s.feed) :], (s.node, matched)))
        s = _light(t)  # each move copies the history: kept whole, a long path is quadratic
    return tuple(out)


def optimum_by_reducer(
    scenario: Scenario, weight: Weight = total_weight, budget: int = SEARCH_BUDGET
) -> Optimum:
    """``optimum`` by playing the reducer itself: the reference the compiled search is
    checked against (tests/engine/test_search.py)."""
    plan = _plan(scenario, weight)
    ub, after, _cyclic = plan.ub, plan.after, plan.cyclic

    def bound(t: State) -> int:
        if t.ended:
            return 0
        if t.waiting is not None and t.node in after:
            return max(after[t.node], ub.get(t.node, 0)) if t.node in _cyclic else after[t.node]
        return ub.get(t.node, 0)

    key = _live_key(scenario, plan.weighted)
    start = apply(scenario, State(), Started(scenario.id))
    best_value: int | None = None
    best_path: tuple | None = None  # (step, earlier links) or None: a path as shared links
    seen: dict[tuple, int] = {}
    expansions = 0
    exact = True
    # stack of (state, value so far, path so far)
    stack: list[tuple[State, int, tuple | None]] = [(start, 0, None)]
    while stack:
        s, v, path = stack.pop()
        if s.ended:
            if best_value is None or v > best_value:
                best_value, best_path = v, path
            continue
        if best_value is not None and v + bound(s) <= best_value:
            continue
        k = key(s)
        if seen.get(k, v - 1) >= v:
            continue
        seen[k] = v
        expansions += 1
        if expansions > budget:
            exact = False
            break
        children = []
        for step, t in _moves(scenario, s):
            gain = sum(weight(c) for c in step.choices if c.first)
            children.append((gain + bound(t), _light(t), v + gain, (step, path)))
        children.sort(key=lambda c: c[0])  # the most promising is popped first
        stack.extend((t, nv, np) for _, t, nv, np in children)
    if not exact:
        return Optimum(ub.get(start.node, 0), _unlink(best_path), False)
    return Optimum(best_value if best_value is not None else 0, _unlink(best_path), True)


def _light(s: State) -> State:
    """A state to keep on a search's stack without its history: the feed (and the clock at
    each entry), answers and notes that got it there are what makes a long play's states
    costly to copy (each move copies them), and the search takes a move's own part as a
    slice from them. No rule reads the history but a ruling, which follows its answer
    inside one move."""
    return attrs.evolve(s, feed=(), times=(), choices=(), notes=())


def _unlink(path: tuple | None) -> tuple[Step, ...]:
    """A path kept as (step, earlier links) pairs, as a tuple of steps from the start."""
    out = []
    while path is not None:
        step, path = path
        out.append(step)
    return tuple(reversed(out))


def score_bounds(scenario: Scenario, weight: Weight = total_weight) -> Bounds:
    """Best and worst achievable totals of ``weight``, with a path to each."""
    hi = optimum(scenario, weight)
    lo = optimum(scenario, lambda c: -weight(c))
    return Bounds(hi.value, -lo.value, hi.path, lo.path, hi.exact and lo.exact)


def _live_key(scenario: Scenario, targets: set[str] | None) -> Callable[[State], tuple]:
    """Like ``state_key``, but keeping at each node only the variables read by conditions
    that can still change whether ``targets`` are reached (None: anything). For a score
    the targets are the weighted questions: conditions that only choose between endings,
    for instance, cannot change a score. What is on offer can change what is earned and
    where the story goes, so gates always count; deadlines can fire anywhere, so their
    conditions always do."""
    return _keyer(scenario, _live_vars(scenario, targets))


def _live_vars(scenario: Scenario, targets: set[str] | None) -> dict[str, tuple[str, ...]]:
    """For each node, the variables a key must keep there (see ``_live_key``)."""
    from .liveness import key_variables, scenario_tables, spread

    ids, names = list(scenario.nodes), list(scenario.variables)
    succ, conds, writes, dl_reads, dl_writes = scenario_tables(scenario, ids, names)
    if targets is None:
        leads = [1] * len(ids)
    else:
        leads = spread(succ, [1 if nid in targets else 0 for nid in ids])
    index = {nid: i for i, nid in enumerate(ids)}
    reads = []
    for here in conds:
        r = 0
        for bits, edges in here:
            if edges is None or any(leads[index[e.to]] for e in edges):
                r |= bits
        reads.append(r)
    live = key_variables(succ, reads, writes, dl_reads, dl_writes)
    return {nid: tuple(names[v] for v in live[i]) for i, nid in enumerate(ids)}


def reach(scenario: Scenario, goal: str, budget: int = SEARCH_BUDGET) -> tuple[Step, ...] | None:
    """A play that reaches node ``goal``, or None if none does. Raises TooLarge when the
    search gives up before knowing."""
    from .topology import graph_of

    dist = graph_of(scenario).distances_to(goal)
    key = _live_key(scenario, {goal})
    sign = -1 if scenario.nodes[goal].outcome == "bad" else 1
    start = apply(scenario, State(), Started(scenario.id))
    if goal in start.feed:
        return ()
    seen: set = set()
    stack: list[tuple[State, tuple | None]] = [(start, None)]
    while stack:
        if len(seen) >= budget:
            raise TooLarge(f"gave up looking for a way to '{goal}' after {budget:,} situations")
        s, path = stack.pop()
        k = key(s)
        if k in seen or s.ended:
            continue
        seen.add(k)
        children = []
        for step, t in _moves(scenario, s):
            if goal in step.nodes:
                return _unlink((step, path))
            d = dist.get(t.node)
            if d is not None:
                gain = sum(c.gain for c in step.choices) * sign
                children.append(((-d, gain), _light(t), (step, path)))
        # nearest first; among equals, the better-scoring answers (good endings tend to follow them)
        children.sort(key=lambda c: c[0])
        stack.extend((t, p) for _, t, p in children)
    return None
