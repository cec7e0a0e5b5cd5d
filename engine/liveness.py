"""Which variables can make a difference where: the key that lets the explorations merge
situations (engine.analysis, engine.playtest, engine.metrics).

Two situations at the same node have the same futures when they agree on every variable
that is both *live* there (some condition at or after the node reads it: an edge, a gate,
a deadline) and *written* on the way there (some effect before it can have changed it;
a variable nothing has written still has its start value in both). Keying on all the
variables that conditions read anywhere would keep, in a long scenario, the flags of every
later phase in every key: the key grows with the graph and the exploration with its
square.

Sets of variables are Python ints used as bit sets, and both properties are or-ed over
the graph's strongly connected components in dependency order (ahead of the node for
"live", behind it for "written"): each edge is looked at once, so the cost stays linear
in the edges on a chain of 10,000 nodes, where a pass-until-nothing-changes loop, or a
worklist that revisits a node each time its set grows, is quadratic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .model import Effects, Scenario


def spread(succ: Sequence[Iterable[int]], seed: Sequence[int]) -> list[int]:
    """For each node, the union (bitwise or) of ``seed`` over the nodes reachable from it,
    itself included: what lies ahead of it."""
    return _closure([list(t) for t in succ], seed)


def gather(succ: Sequence[Iterable[int]], seed: Sequence[int]) -> list[int]:
    """For each node, the union of ``seed`` over the nodes that can reach it, itself
    included: what lies behind it."""
    preds: list[list[int]] = [[] for _ in seed]
    for n, targets in enumerate(succ):
        for t in targets:
            preds[t].append(n)
    return _closure(preds, seed)


def _closure(frm: list[list[int]], seed: Sequence[int]) -> list[int]:
    """For each node, ``seed`` or-ed over every node reachable along ``frm``: one pass over
    the strongly connected components, each after those it reaches (the nodes of a
    component share one set), so each edge is looked at once."""
    from .topology import strong_components

    comps = strong_components(frm)
    comp_of = [0] * len(seed)
    for c, comp in enumerate(comps):
        for n in comp:
            comp_of[n] = c
    value = [0] * len(comps)
    for c, comp in enumerate(comps):
        v = 0
        for n in comp:
            v |= seed[n]
            for m in frm[n]:
                if comp_of[m] != c:
                    v |= value[comp_of[m]]
        value[c] = v
    return [value[comp_of[n]] for n in range(len(seed))]


def members(bits: int) -> tuple[int, ...]:
    """The indexes set in a bit set, in order."""
    out = []
    while bits:
        low = bits & -bits
        out.append(low.bit_length() - 1)
        bits ^= low
    return tuple(out)


def key_variables(
    succ: Sequence[Iterable[int]],
    reads: Sequence[int],
    writes: Sequence[int],
    always_read: int = 0,
    always_written: int = 0,
) -> list[tuple[int, ...]]:
    """Per node, the variables a situation key must hold there: read at or after the node
    and written at or before it. ``reads``/``writes`` are per-node bit sets (the node's
    conditions; its own and its options' effects); ``always_*`` hold for every node (the
    deadlines: they can fire anywhere)."""
    live = spread(succ, [r | always_read for r in reads])
    written = gather(succ, list(writes))
    return [members(lv & (w | always_written)) for lv, w in zip(live, written, strict=True)]


def _bits(names, index: dict[str, int]) -> int:
    out = 0
    for name in names:
        out |= 1 << index[name]
    return out


def _written(e: Effects) -> set[str]:
    return {n for n, _ in e.set} | {n for n, _ in e.add}


def scenario_tables(scenario: Scenario, node_ids: Sequence[str], var_names: Sequence[str]):
    """The graph and the per-node variable sets of a scenario, indexed as ``node_ids`` and
    ``var_names`` are: ``(succ, reads, writes, deadline reads, deadline writes)``, where
    ``reads`` are every condition at the node (edges, gates) as (condition, edge list or
    None for a gate) pairs for the caller to filter, and the rest bit sets."""
    from . import expr

    vi = {n: i for i, n in enumerate(var_names)}
    ni = {n: i for i, n in enumerate(node_ids)}
    succ, conds, writes = [], [], []
    for nid in node_ids:
        n = scenario.nodes[nid]
        lists = [n.next] + [o.next for q in n.questions for o in q.options]
        succ.append({ni[e.to] for es in lists for e in es if e.to in ni})
        here = [
            (_bits((name for name, _ in expr.names(e.cond)), vi), es)
            for es in lists
            for e in es
            if e.cond is not None
        ]
        for q in n.questions:
            for c in (q.cond, *(o.cond for o in q.options)):
                if c is not None:
                    here.append((_bits((name for name, _ in expr.names(c)), vi), None))
        conds.append(here)
        w = _written(n.effects)
        for q in n.questions:
            for o in q.options:
                w |= _written(o.effects)
        writes.append(_bits(w, vi))
    dl_reads = _bits(
        {name for d in scenario.deadlines if d.cond is not None for name, _ in expr.names(d.cond)}, vi
    )
    dl_writes = _bits(set().union(*(_written(d.effects) for d in scenario.deadlines)), vi)
    return succ, conds, writes, dl_reads, dl_writes
