"""The best and worst scores a scenario allows, searched on the compiled tables.

``analysis.optimum`` searches by playing the reducer (engine.play), which copies a
whole State at every move; on a graph of thousands of nodes that copying is nearly all
of the time. This search makes the very same moves, in the same order, merges the same
situations and prunes with the same bound, but on engine.sim's integer tables and plain
tuples: the result (value, path and exactness) is the reducer search's, which a test
checks scenario by scenario. analysis prepares the bounds and replays the path found
through the reducer, to give it as the Steps the debrief shows.
"""

from __future__ import annotations

from collections.abc import Callable

from .model import Scenario
from .play import MAX_STEPS, Choice, LoopError
from .sim import Compiled, picker

# A situation between two moves: (node, vars, clock, next deadline, questions answered,
# wait). ``wait`` is None at a decision, or (edges, index, answers) when the story waits
# for the draw of the chance edge ``edges[index]`` (``answers``: the decision's answers,
# which chose those edges). An ending is (node, ..., wait="end").
_END = "end"
# Situations the search by the relaxed bound alone may expand before it searches again
# with the exact futures of the situations (_Futures): a constant and so many a node.
FIRST_TRY = 1_000
FIRST_TRY_PER_NODE = 1


class _Tables:
    """What the search reads of a scenario, precomputed once per weight."""

    def __init__(
        self, scenario: Scenario, weight: Callable[[Choice], int], cyclic_ids: frozenset, c: Compiled
    ) -> None:
        self.c = c
        self.cyclic = frozenset(c.node_index[n] for n in cyclic_ids)
        # weights[node][q][o]: the weight of each way to answer: one per rubric level, or one
        self.weights: list = []
        for nid in c.node_ids:
            node = scenario.nodes[nid]
            per_q = []
            for q in node.questions:
                per_o = []
                for o in q.options:
                    if o.rubric:
                        per_o.append(
                            tuple(
                                weight(Choice(nid, q.role, o.id, lv.weight, True, level=lv.id))
                                for lv in o.rubric
                            )
                        )
                    else:
                        per_o.append((weight(Choice(nid, q.role, o.id, o.weight, True)),))
                per_q.append(per_o)
            self.weights.append(per_q)

    # -- moving on the tables (the rules of engine.play, as in engine.sim) --------------

    def arrive(self, node: int, v: list, clock: int, due: int) -> tuple[int, int]:
        c = self.c
        eff = c.effects[node]
        if eff[0] or eff[1]:
            c._apply(v, eff)
        clock += eff[2]
        if due < len(c.deadlines) and c.deadlines[due][0] <= clock:
            due = c._passed(v, clock, due)
        return clock, due

    def follow(self, node, v, clock, due, answered, edges, start, answers):
        """From ``node`` along ``edges`` (from ``start``) until a decision, a draw or an
        ending. Returns the situation reached."""
        c = self.c
        for _ in range(MAX_STEPS):
            target = -1
            for i in range(start, len(edges)):
                cond, chance, to = edges[i]
                if cond is not None and not cond(v):
                    continue
                if chance is not None:
                    return (node, tuple(v), clock, due, answered, (edges, i, answers))
                target = to
                break
            if target < 0:
                raise LoopError(f"no edge out of '{c.node_ids[node]}' applies", c.node_ids[node])
            node = target
            clock, due = self.arrive(node, v, clock, due)
            k = c.kind[node]
            if k == 2:
                return (node, tuple(v), clock, due, answered, _END)
            if k == 1:
                return (node, tuple(v), clock, due, answered, None)
            edges, start, answers = c.next[node], 0, ()
        raise LoopError(
            f"the story went round {MAX_STEPS} times without a decision near '{c.node_ids[node]}'",
            c.node_ids[node],
        )

    def moves(self, s) -> list:
        """Every move from situation ``s``, in the order analysis._moves makes them:
        (gain, move, situation after). A move is ("answer", ((q, o, level),
        ...)) or ("draw", value, matched)."""
        node, vars_, clock, due, answered, wait = s
        c = self.c
        out = []
        if wait is None and len(c.questions[node]) == 1:
            # one question (most decisions): what answer() below does, without recursion
            _, qgate, opts = c.questions[node][0]
            if qgate is not None and not qgate(vars_):
                t = self.follow(node, list(vars_), clock, due, answered, c.next[node], 0, ())
                return [(0, ("answer", ()), t)]
            first = node not in self.cyclic or (node, 0) not in answered
            answered2 = answered | {(node, 0)} if first and node in self.cyclic else answered
            weights = self.weights[node][0]
            for oi, opt in enumerate(opts):
                if opt[3] is not None and not opt[3](vars_):
                    continue
                edges = opt[2] or c.next[node]
                ws = weights[oi]
                for li in range(len(ws)) if opt[4] else (-1,):
                    v = list(vars_)
                    clk = clock + c._apply(v, opt[1])
                    t = self.follow(node, v, clk, c._passed(v, clk, due), answered2, edges, 0, ((0, oi),))
                    out.append((ws[max(li, 0)] if first else 0, ("answer", ((0, oi, li),)), t))
        elif wait is None:
            qs = c.questions[node]
            in_turn = c.in_turn[node]
            on_cycle = node in self.cyclic

            def answer(v, clock, due, answered, done, gain, last_q):
                # the first question still to answer (in turn: only after the last answered)
                for qi in range(last_q + 1 if in_turn else 0, len(qs)):
                    if any(d[0] == qi for d in done):
                        continue
                    _, qgate, opts = qs[qi]
                    if qgate is not None and not qgate(v):
                        continue
                    break
                else:
                    yield v, clock, due, answered, done, gain
                    return
                # only a node on a cycle can ask again: elsewhere every answer is the first
                first = not on_cycle or (node, qi) not in answered
                answered2 = answered | {(node, qi)} if first and on_cycle else answered
                for oi, opt in enumerate(opts):
                    if opt[3] is not None and not opt[3](v):
                        continue
                    ws = self.weights[node][qi][oi]
                    for li in range(len(ws)) if opt[4] else (-1,):
                        g = gain + (ws[li if li >= 0 else 0] if first else 0)
                        if in_turn:
                            v2 = list(v)
                            clock2 = clock + c._apply(v2, opt[1])
                            due2 = c._passed(v2, clock2, due)
                        else:
                            v2, clock2, due2 = v, clock, due
                        yield from answer(v2, clock2, due2, answered2, done + ((qi, oi, li),), g, qi)

            for v, clk, du, ans, done, gain in answer(list(vars_), clock, due, answered, (), 0, -1):
                v = list(v)
                if not in_turn:
                    for qi in range(len(qs)):  # the answers' effects, in question order
                        for d in done:
                            if d[0] == qi:
                                clk += c._apply(v, qs[qi][2][d[1]][1])
                    du = c._passed(v, clk, du)
                chosen = qs[done[0][0]][2][done[0][1]] if len(qs) == 1 and done else None
                edges = chosen[2] if chosen is not None and chosen[2] else c.next[node]
                pending = tuple((qi, oi) for qi, oi, _ in done)  # what analysis's key knows
                t = self.follow(node, v, clk, du, ans, edges, 0, pending)
                out.append((gain, ("answer", done), t))
        elif wait != _END:
            edges, i, answers = wait
            chance = edges[i][1]
            for value, matched in ((0, True), (99, False)):
                v = list(vars_)
                if value < chance:  # the draw matches: the story takes that edge and nothing else
                    t = self.follow(node, v, clock, due, answered, ((None, None, edges[i][2]),), 0, answers)
                else:
                    t = self.follow(node, v, clock, due, answered, edges, i + 1, answers)
                out.append((0, ("draw", value, matched), t))
        return out


def search(
    scenario: Scenario,
    weight: Callable[[Choice], int],
    budget: int,
    ub_by_id: dict[str, int],
    after_by_id: dict[str, int],
    live: dict[str, tuple[str, ...]],
    cyclic_ids: frozenset,
    ahead: list[int],
    compiled: Compiled | None = None,
) -> tuple[int | None, list, bool, int]:
    """analysis.optimum_by_reducer's branch and bound on the compiled tables, with the
    bounds (``ub_by_id``, ``after_by_id``) and the variables each node's key keeps
    (``live``) and the cycles still ahead of each node (``ahead``, analysis.cycles_ahead)
    that analysis computes (and the compiled scenario, if it has one). Returns the best value (None: no ending), the moves
    of a path to it, whether it is exact, and the bound of the start (the answer when the
    budget ran out)."""
    tables = _Tables(scenario, weight, cyclic_ids, compiled or Compiled(scenario))
    c = tables.c
    ids = c.node_ids
    ub = [ub_by_id.get(nid, 0) for nid in ids]
    after = {c.node_index[nid]: v for nid, v in after_by_id.items()}
    cyclic = tables.cyclic

    def bound(t) -> int:
        node, wait = t[0], t[5]
        if wait == _END:
            return 0
        if wait is not None and node in after:
            return max(after[node], ub[node]) if node in cyclic else after[node]
        return ub[node]

    var_index = {name: i for i, name in enumerate(c.var_names)}
    kept = [picker(tuple(var_index[name] for name in live[nid])) for nid in ids]
    horizon = max((d.at for d in scenario.deadlines), default=0)

    def forget(m):
        """A move whose situation no longer remembers the questions answered on cycles it
        cannot come back to (the key of analysis forgets them the same way)."""
        t = m[2]
        answered = t[4]
        if answered:
            bits = ahead[t[0]]
            kept = frozenset(a for a in answered if bits >> a[0] & 1)
            if len(kept) != len(answered):
                return (m[0], m[1], (*t[:4], kept, t[5]))
        return m

    def key(s) -> tuple:
        node, v, clock, _, answered, wait = s
        return (
            node,
            None if wait is None else (wait[1], wait[2]),
            min(clock, horizon),
            kept[node](v),
            answered,  # the questions answered on cycles still ahead (the only ones kept)
        )

    v0 = list(c.start_vars)
    node0 = c.start
    clock0, due0 = tables.arrive(node0, v0, 0, 0)
    k0 = c.kind[node0]
    if k0 == 2:
        start = (node0, tuple(v0), clock0, due0, frozenset(), _END)
    elif k0 == 1:
        start = (node0, tuple(v0), clock0, due0, frozenset(), None)
    else:
        start = tables.follow(node0, v0, clock0, due0, frozenset(), c.next[node0], 0, ())
    # The relaxed bound alone first: on the built-in scenarios it finds the best after at
    # most a few hundred situations (a long chain's best path after a fraction of its
    # nodes). When it has gone over more situations than there are nodes and a thousand,
    # it is re-searching a long chain once per better total (see _branch_and_bound):
    # search again with the exact futures, and without them only if those are too many.
    first_try = min(budget, FIRST_TRY + FIRST_TRY_PER_NODE * len(ids))
    found = _branch_and_bound(tables, start, key, forget, bound, first_try, None)
    if not found[2] and first_try < budget:
        try:
            found = _branch_and_bound(
                tables, start, key, forget, bound, budget, _Futures(tables, key, forget, budget)
            )
        except _GiveUp:
            found = _branch_and_bound(tables, start, key, forget, bound, budget, None)
    return (*found, ub[start[0]])


def _branch_and_bound(
    tables: _Tables, start: tuple, key, forget, bound, budget: int, future: _Futures | None
) -> tuple[int | None, list, bool]:
    """The search itself: depth first, the most promising move first (by ``bound``),
    merging situations by ``key``, pruning what cannot beat the best found.

    With ``future``, the exact best future of each situation, the search knows the value
    it is looking for, goes only where that value can still be reached and stops at the
    first ending that has it: the ending the search by the relaxed bound alone finds
    first and keeps (nothing beats it), since that one prunes only branches that cannot
    win either. By the relaxed bound alone, each better total found sends the search down
    the same situations again with a few more points: on a long chain, quadratic."""
    target = None
    if future is not None:
        target = future(start)
        if target is None:
            return None, [], True  # no ending can be reached

    best_value: int | None = None
    best_path: tuple | None = None  # (move, earlier links): a path as shared links

    def hopeless(s, v: int) -> bool:
        """Whether no ending ahead of ``s`` can beat the best found (reach the target)."""
        if future is None:
            return best_value is not None and v + bound(s) <= best_value
        rest = future(s)
        return rest is None or v + rest < target

    seen: dict = {}
    expansions = 0
    exact = True
    stack: list = [(start, 0, None)]
    while stack:
        s, v, path = stack.pop()
        if s[5] == _END:
            if best_value is None or v > best_value:
                best_value, best_path = v, path
                if v == target:
                    break
            continue
        if hopeless(s, v):
            continue
        k = key(s)
        if seen.get(k, v - 1) >= v:
            continue
        seen[k] = v
        expansions += 1
        if expansions > budget:
            exact = False
            break
        children = [
            (gain + bound(t), t, v + gain, (move, path)) for gain, move, t in map(forget, tables.moves(s))
        ]
        children.sort(key=lambda ch: ch[0])  # the most promising is popped first
        stack.extend((t, nv, np) for _, t, nv, np in children)
    moves = []
    while best_path is not None:
        move, best_path = best_path
        moves.append(move)
    moves.reverse()
    return best_value, moves, exact


class _GiveUp(Exception):
    """The futures are not worth having (see _Futures): search without them."""


class _Futures:
    """The best total still to be earned from a situation, by its search key (None: no
    ending can be reached from it), found once per key and kept. Raises _GiveUp past
    ``budget`` keys, when a move fails (LoopError: the search without futures fails there
    too, if it goes there) or when a cycle of situations could earn something.

    Each call explores what it does not know yet depth first, finding the strongly
    connected components of situations (Tarjan's), each finished after those it leads
    to. Within a component every move earns nothing: a question scores only its first
    answer and the key keeps the questions answered on cycles still ahead, so a move that
    answers one for the first time cannot lead back to a key that does not say so. A
    component's future is then the best of its moves out, and 0 if it holds an ending.

    Two situations with the same key have the same future (the search merges them on
    that ground), but not always the same successors: a key leaves out what only chooses
    between paths that score alike. So a key is explored from the first situation asked
    about, and another situation later may lead to keys not met yet."""

    def __init__(self, tables: _Tables, key, forget, budget: int) -> None:
        self.tables, self.key, self.forget, self.budget = tables, key, forget, budget
        self.value: dict = {}  # finished keys -> best future
        self.met = 0  # keys met so far: the order of each in Tarjan's search

    def __call__(self, s) -> int | None:
        k = self.key(s)
        if k not in self.value:
            try:
                self._explore(s, k)
            except LoopError:
                raise _GiveUp from None
        return self.value[k]

    def _explore(self, root, root_key) -> None:
        key, forget, moves_of, value = self.key, self.forget, self.tables.moves, self.value
        order: dict = {}  # keys on the component stack -> the order they were met in
        low: dict = {}  # ... -> the earliest key on the stack they lead back to
        best_out: dict = {}  # ... -> the best move out of their component found so far
        component: list = []  # Tarjan's stack

        def better(a, b):
            return b if a is None or (b is not None and b > a) else a

        def enter(s, k, gain: int) -> list:
            if len(value) + len(order) >= self.budget:
                raise _GiveUp
            order[k] = low[k] = self.met
            self.met += 1
            best_out[k] = 0 if s[5] == _END else None
            component.append(k)
            moves = [] if s[5] == _END else [(g, t) for g, _, t in map(forget, moves_of(s))]
            return [k, moves, 0, gain]  # key, moves, next move, gain of the move that led here

        frames = [enter(root, root_key, 0)]
        while frames:
            frame = frames[-1]
            k, moves, i = frame[0], frame[1], frame[2]
            if i < len(moves):
                frame[2] = i + 1
                gain, t = moves[i]
                tk = key(t)
                if tk in value:
                    f = value[tk]
                    if f is not None:
                        best_out[k] = better(best_out[k], gain + f)
                elif tk in order:  # on the stack: the same component
                    if gain:
                        raise _GiveUp
                    low[k] = min(low[k], order[tk])
                else:
                    frames.append(enter(t, tk, gain))
                continue
            frames.pop()
            if low[k] == order[k]:  # k is the first of its component: all of it is done
                members = []
                while True:
                    m = component.pop()
                    members.append(m)
                    if m == k:
                        break
                f = None
                for m in members:
                    f = better(f, best_out.pop(m))
                for m in members:
                    del order[m], low[m]
                    value[m] = f
            if frames:
                parent, gain = frames[-1][0], frame[3]
                if k in value:
                    f = value[k]
                    if f is not None:
                        best_out[parent] = better(best_out[parent], gain + f)
                else:
                    if gain:
                        raise _GiveUp
                    low[parent] = min(low[parent], low[k])
