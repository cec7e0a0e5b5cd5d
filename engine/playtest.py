"""Playtests for authors: every option of every decision and both sides of every condition
(exhaustive), or thousands of seeded random playthroughs (see engine.sim), summarised as
findings an author can act on."""

from __future__ import annotations

from collections import deque

import attrs

from .analysis import TooLarge, score_bounds
from .model import Catalog, Scenario
from .sim import Compiled, compiled

MAX_SITUATIONS = 400_000


@attrs.frozen
class Coverage:
    situations: int
    nodes: frozenset  # node ids reached
    options: frozenset  # (node id, role, option id) chosen somewhere
    conditions: dict  # (node id, where, edge index) -> (seen true, seen false)
    endings: frozenset
    trapped: frozenset = frozenset()  # node ids of situations from which no ending can be reached


def _live(c: Compiled, scenario: Scenario) -> list[tuple[int, ...]]:
    """Per node, the variables that can still change what happens from there (see
    engine.liveness): read by a condition or gate at or after it, written before it."""
    from .liveness import key_variables, scenario_tables

    succ, conds, writes, dl_reads, dl_writes = scenario_tables(scenario, c.node_ids, c.var_names)
    reads = [_union(b for b, _ in here) for here in conds]
    return key_variables(succ, reads, writes, dl_reads, dl_writes)


def _union(bitsets) -> int:
    out = 0
    for b in bitsets:
        out |= b
    return out


def coverage(
    scenario: Scenario,
    limit: int = MAX_SITUATIONS,
    trapped: bool = False,
    goals: set[str] | None = None,
    exits: set[str] | None = None,
) -> Coverage:
    """Explore every situation the scenario can reach: every combination of answers at
    every decision and both outcomes of every chance edge. Situations that differ only in
    variables no later condition reads are merged. ``trapped``: also find the situations
    from which no ending can be reached (play stuck in a loop), which needs the graph of
    situations kept. ``goals``: stop as soon as these nodes have all been reached, looking
    nearest-first (the coverage is then partial: it answers "are they reachable" only).
    ``exits``: nodes from which every play is known to end (no loop lies ahead of them):
    they are reached but not explored further, and count as endings for ``trapped`` (the
    coverage is then partial beyond them). Raises TooLarge past ``limit``."""
    c = compiled(scenario)
    live = _live(c, scenario)
    nodes: set[int] = set()
    picks: set[tuple[int, int, int]] = set()
    conds: dict[tuple[int, str, int], list[bool]] = {}
    endings: set[int] = set()
    seen: set = set()
    queue: deque = deque()
    heap: list = []
    wanted: set[int] = set()
    out = frozenset(c.node_index[n] for n in exits) if exits else frozenset()
    if goals is not None:
        import heapq

        from .liveness import scenario_tables

        wanted = {c.node_index[g] for g in goals}
        succ = scenario_tables(scenario, c.node_ids, c.var_names)[0]
        preds: list[list[int]] = [[] for _ in c.node_ids]
        for a, targets in enumerate(succ):
            for b in targets:
                preds[b].append(a)
        far = len(c.node_ids)
        dist = [far] * far
        todo = deque(wanted)
        for w in wanted:
            dist[w] = 0
        while todo:  # graph distance to the nearest goal: the search goes that way first
            b = todo.popleft()
            for a in preds[b]:
                if dist[a] == far:
                    dist[a] = dist[b] + 1
                    todo.append(a)
        order = iter(range(1 << 62))

        def push(item) -> None:
            heapq.heappush(heap, (dist[item[0]], next(order), item))

        def pop():
            return heapq.heappop(heap)[2]

    else:

        def push(item) -> None:
            queue.append(item)

        def pop():
            return queue.popleft()

    # with deadlines the clock matters, up to the last of them
    horizon = max((d.at for d in scenario.deadlines), default=0)

    def arrive(node: int, v: list, clock: int = 0) -> None:
        # a list already queued is never changed: one that nothing changes here is shared
        # (a copy a situation would be, with a flag a phase, quadratic in a long scenario)
        sets, adds, advance = c.effects[node]
        if sets or adds or c.deadlines:
            v = list(v)
            before = clock
            clock += c._apply(v, c.effects[node])
            c._moved(v, before, clock)
        else:
            clock += advance
        clock = min(clock, horizon)
        key = (node, clock, tuple(v[j] for j in live[node]))
        if links is not None:
            links.append((here, key))
        if key in seen:
            return
        if len(seen) >= limit:
            raise TooLarge(
                f"more than {limit:,} distinct situations: too large to enumerate; "
                "use --random N for a statistical playtest instead"
            )
        seen.add(key)
        push((node, v, clock, key))

    def scan(node: int, where: str, edges, v: list, clock: int = 0) -> None:
        for i, (cond, chance, to) in enumerate(edges):
            if cond is not None:
                ok = cond(v)
                mark = conds.setdefault((node, where, i), [False, False])
                mark[0 if ok else 1] = True
                if not ok:
                    continue
            arrive(to, v, clock)
            if chance is None:
                return

    def answers(node: int, qi: int, v: list, clock: int, picked: tuple):
        """Every way to answer the decision from question ``qi`` on: (picks, vars, clock)."""
        qs = c.questions[node]
        in_turn = c.in_turn[node]
        while qi < len(qs) and qs[qi][1] is not None and not qs[qi][1](v):
            qi += 1  # not asked
        if qi == len(qs):
            if not in_turn:
                v, before = list(v), clock
                for q, o in picked:
                    clock += c._apply(v, qs[q][2][o][1])
                c._moved(v, before, clock)
            yield picked, v, clock
            return
        for oi, opt in enumerate(qs[qi][2]):
            if opt[3] is not None and not opt[3](v):
                continue
            w, t = v, clock
            if in_turn:
                w = list(v)
                t += c._apply(w, opt[1])
                c._moved(w, clock, t)
            yield from answers(node, qi + 1, w, t, picked + ((qi, oi),))

    start = list(c.start_vars)
    t0 = c._apply(start, c.effects[c.start])
    c._passed(start, t0, 0)
    t0 = min(t0, horizon)
    links: list | None = [] if trapped else None  # (situation, successor) pairs
    here = (c.start, t0, tuple(start[j] for j in live[c.start]))
    seen.add(here)
    push((c.start, start, t0, here))
    while queue or heap:
        node, v, clock, here = pop()
        nodes.add(node)
        if wanted and wanted <= nodes:
            break
        k = c.kind[node]
        if k == 2:
            endings.add(node)
            continue
        if node in out:
            continue
        if k == 0:
            scan(node, "next", c.next[node], v, clock)
            continue
        qs = c.questions[node]
        for picked, w, t in answers(node, 0, v, clock, ()):
            for qi, oi in picked:
                picks.add((node, qi, oi))
            chosen = qs[0][2][picked[0][1]] if len(qs) == 1 else None
            if chosen is not None and chosen[2]:
                scan(node, f"option {picked[0][1]}", chosen[2], w, t)
            else:
                scan(node, "next", c.next[node], w, t)
    ids = c.node_ids
    sc = scenario
    stuck: frozenset = frozenset()
    if links is not None:
        back: dict = {}
        for a, b in links:
            back.setdefault(b, []).append(a)
        ok = {k for k in seen if c.kind[k[0]] == 2 or k[0] in out}
        todo = list(ok)
        while todo:
            for a in back.get(todo.pop(), ()):
                if a not in ok:
                    ok.add(a)
                    todo.append(a)
        stuck = frozenset(ids[k[0]] for k in seen if k not in ok)
    return Coverage(
        situations=len(seen),
        nodes=frozenset(ids[n] for n in nodes),
        options=frozenset(
            (ids[n], sc.nodes[ids[n]].questions[qi].role, sc.nodes[ids[n]].questions[qi].options[oi].id)
            for n, qi, oi in picks
        ),
        conditions={(ids[n], where, i): tuple(m) for (n, where, i), m in conds.items()},
        endings=frozenset(ids[n] for n in endings),
        trapped=stuck,
    )


@attrs.frozen
class Finding:
    kind: str  # unreached-node|unreached-option|unreachable-ending|condition|same-score|practice|note
    where: str  # node id (or practice id)
    message: str


@attrs.frozen
class Exhaustive:
    coverage: Coverage
    best: int
    worst: int
    best_path: tuple
    worst_path: tuple
    exact: bool
    findings: tuple[Finding, ...]


def _edge_text(scenario: Scenario, node: str, where: str, i: int) -> str:
    n = scenario.nodes[node]
    if where == "next":
        e = n.next[i]
    else:
        oi = int(where.split()[1])
        e = n.questions[0].options[oi].next[i]
        where = f"option '{n.questions[0].options[oi].id}'"
    return f"'{e.when}' ({where}, to '{e.to}')"


def exhaustive(scenario: Scenario, catalog: Catalog | None = None, limit: int = MAX_SITUATIONS) -> Exhaustive:
    cov = coverage(scenario, limit)
    b = score_bounds(scenario)
    out: list[Finding] = []
    for nid, n in scenario.nodes.items():
        if nid not in cov.nodes:
            kind = "unreachable-ending" if n.kind == "ending" else "unreached-node"
            out.append(Finding(kind, nid, f"{n.kind} '{nid}' is never reached"))
    for nid, n in scenario.nodes.items():
        if nid not in cov.nodes:
            continue
        for q in n.questions:
            for o in q.options:
                if (nid, q.role, o.id) not in cov.options:
                    out.append(
                        Finding("unreached-option", nid, f"option '{o.id}' ({q.role}) is never chosen")
                    )
            if (
                len({o.weights for o in q.options}) == 1
                and len(q.options[0].weights) == 1
                and not scenario.evaluated_by_objectives  # no option scores, by design
            ):
                out.append(
                    Finding(
                        "same-score",
                        nid,
                        f"every option of the {q.role} question scores the same ({q.options[0].weight:+d})",
                    )
                )
    for (nid, where, i), (yes, no) in sorted(cov.conditions.items()):
        if not (yes and no):
            side = "true" if not yes else "false"
            out.append(
                Finding(
                    "condition",
                    nid,
                    f"condition {_edge_text(scenario, nid, where, i)} is never {side}",
                )
            )
    followable = set()
    referenced = set()
    for nid, n in scenario.nodes.items():
        for q in n.questions:
            for o in q.options:
                for pid, w in o.practices + tuple(p for lv in o.rubric for p in lv.practices):
                    referenced.add(pid)
                    if w > 0 and (nid, q.role, o.id) in cov.options:
                        followable.add(pid)
    positive = scenario.followed_practices()
    for pid in sorted(referenced - followable):
        if pid in positive:
            out.append(Finding("practice", pid, f"practice '{pid}' is referenced but no path can follow it"))
        else:
            out.append(Finding("note", pid, f"practice '{pid}' can only be broken here, never followed"))
    return Exhaustive(cov, b.best, b.worst, b.best_path, b.worst_path, b.exact, tuple(out))
