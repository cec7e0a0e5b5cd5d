"""Graph checks on a loaded scenario: reachability, dead ends, inescapable cycles,
lessons that nothing follows. Positions come from the loader's ``where`` map."""

from __future__ import annotations

import attrs

from .diagnostics import ERROR, WARNING, Sink
from .loader import is_builtin_id
from .model import Catalog, Scenario
from .topology import graph_of


def lint(scenario: Scenario, catalog: Catalog | None, sink: Sink, deep: bool = True) -> None:
    """Graph checks. ``deep`` adds the checks that play the scenario (conditions that
    never hold, loops play cannot leave): `tabletop validate` runs them; loading a
    scenario to play or list it does not."""
    where = scenario.where
    if scenario.start not in scenario.nodes:
        return  # already reported by the loader
    g = graph_of(scenario)
    reachable = g.descendants(scenario.start) | {scenario.start}
    for nid in scenario.nodes:
        if nid not in reachable:
            sink.error(
                "TT030",
                where.get(("node", nid)),
                f"node '{nid}' cannot be reached from the start ('{scenario.start}')",
            )
    endings = {n.id for n in scenario.endings}
    if not endings:
        sink.error("TT031", None, "the scenario has no ending (a node with kind: ending)")
        _loops(g, reachable, where, sink)  # where the story goes round instead (an import's cycle)
        return
    can_end = set(endings) | g.ancestors(*endings)
    trapped = set(scenario.nodes) - can_end
    in_cycles = _loops(g, trapped, where, sink)
    for nid in sorted(trapped - in_cycles):
        sink.error("TT031", where.get(("node", nid)), f"dead end: no ending can be reached from '{nid}'")
    _check_inject_loops(scenario, g, sink)

    # state-level checks: conditions that never let play reach a node, loops play cannot leave
    if deep and not trapped and not sink.has_errors:
        _state_checks(scenario, g, reachable, sink)

    # every lesson of the case must be something a player can do
    severity = ERROR if is_builtin_id(scenario.id) else WARNING
    followed = scenario.followed_practices()
    for pid in scenario.debrief.lessons:
        if pid not in followed:
            sink.add(
                "TT070",
                where.get(("lessons",)),
                f"lesson '{pid}' is followed by no option, so no player can earn it",
                severity,
            )
    if catalog is not None and scenario.source is not None and is_builtin_id(scenario.id):
        case = scenario.source.case_id
        for p in catalog.practices.values():
            if case in p.sources and p.id not in scenario.debrief.lessons:
                sink.error(
                    "TT070",
                    None,
                    f"practice '{p.id}' cites {case} but is not among this scenario's debrief.lessons",
                )


def _loops(g, nodes: set, where, sink: Sink) -> set:
    """TT032 for each loop among ``nodes`` (nodes that cannot reach an ending), naming its
    nodes; the nodes on those loops."""
    in_cycles: set = set()
    for comp in g.components(within=nodes):
        if g.on_cycles(comp):
            in_cycles |= set(comp)
            first = min(comp, key=lambda n: _line(where, n))
            names = ", ".join(sorted(comp))
            sink.error(
                "TT032", where.get(("node", first)), f"these nodes loop with no way out to an ending: {names}"
            )
    return in_cycles


def _check_inject_loops(scenario: Scenario, g, sink: Sink) -> None:
    """Injects that lead round to each other with no decision between them and no effect
    or chance on the way: play passes the same state round the loop, so if the way out is
    closed when play enters it, play goes round for ever. (Loops that change counters or
    draw chances are left to the state-level check in `tabletop validate`.)"""
    injects = [n.id for n in scenario.nodes.values() if n.kind == "inject"]
    for comp in g.components(within=injects):
        if not g.on_cycles(comp):
            continue
        nodes = [scenario.nodes[n] for n in comp]
        if any(n.effects.set or n.effects.add for n in nodes):
            continue
        if any(e.chance is not None for n in nodes for e in n.next):
            continue
        first = min(comp, key=lambda n: _line(scenario.where, n))
        sink.error(
            "TT032",
            scenario.where.get(("node", first)),
            f"the injects {', '.join(sorted(comp))} lead round to each other with no decision, effect or "
            "chance between them: if the way out is closed when play enters the loop, it goes round for "
            "ever; put a decision in the loop, or an effect that opens the way out",
        )


def _line(where: dict, nid: str) -> tuple[int, int]:
    p = where.get(("node", nid))
    return (p.line, p.col) if p else (0, 0)


def _surely_reachable(scenario: Scenario) -> set[str]:
    """Nodes reached by following only edges that cannot fail: a decision's options are
    all open, and an edge list that is a single unconditional edge is always taken."""
    sure = {scenario.start}
    todo = [scenario.start]
    while todo:
        n = scenario.nodes[todo.pop()]
        lists = (
            [o.next or n.next for q in n.questions for o in q.options] if len(n.questions) == 1 else [n.next]
        )
        for edges in lists:
            first = edges[0] if edges else None
            if first is not None and first.cond is None and first.chance is None and first.to not in sure:
                sure.add(first.to)
                todo.append(first.to)
    return sure


LINT_SITUATIONS = 100_000  # the compiled exploration's limit here; past it, searches per node


def _state_checks(scenario: Scenario, g, reachable: set[str], sink: Sink) -> None:
    from .analysis import TooLarge
    from .playtest import coverage

    where = scenario.where
    loops = {n for comp in g.components() if g.on_cycles(comp) for n in comp}
    cyclic = bool(loops)
    # a few hundred compiled random plays usually settle reachability without exploring
    sure = _surely_reachable(scenario) | _played(scenario, 200)
    if not cyclic and reachable <= sure:
        return  # and a loop-free graph cannot trap play
    # Explorations of the situations on the compiled tables answer both questions: where
    # play can get stuck in a loop, and which linked nodes no play reaches. Play can only
    # be stuck before the last loop: from a node with no loop ahead every play ends, so
    # the first exploration stops there; the second looks only for the nodes still unseen.
    try:
        cov = None
        if cyclic:
            exits = set(scenario.nodes) - loops - g.ancestors(*loops)
            cov = coverage(scenario, LINT_SITUATIONS, trapped=True, exits=exits)
        missing = reachable - sure - (cov.nodes if cov is not None else set())
        if missing and not (cov is not None and cov.trapped):
            found = coverage(scenario, LINT_SITUATIONS, goals=missing)
            cov = found if cov is None else attrs.evolve(cov, nodes=cov.nodes | found.nodes)
    except TooLarge:
        _searched_checks(scenario, reachable, sure, cyclic, sink)
        return
    if cov.trapped:
        # name where the players are kept answering, as the reducer's states would
        asked = {nid for nid in cov.trapped if scenario.nodes[nid].kind == "decision"}
        stuck = sorted(asked or cov.trapped)
        sink.error(
            "TT032",
            where.get(("node", stuck[0])),
            f"play can get stuck looping at {', '.join(stuck)}: no reachable state there leads to an ending",
        )
        return
    for nid in scenario.nodes:
        if nid in reachable and nid not in sure and nid not in cov.nodes:
            sink.warning(
                "TT030",
                where.get(("node", nid)),
                f"node '{nid}' is linked but no play reaches it (its conditions never hold)",
            )


def _searched_checks(
    scenario: Scenario, reachable: set[str], sure: set[str], cyclic: bool, sink: Sink
) -> None:
    """The same checks for a scenario too large to explore whole: stuck loops from the
    reducer's exploration when it fits, reachability by a search per node that random
    plays missed."""
    from .analysis import TooLarge, explore, reach
    from .play import LoopError

    where = scenario.where
    if cyclic:
        try:
            space = explore(scenario, limit=20_000)
        except TooLarge:
            space = None  # too large to enumerate here; `tabletop test --exhaustive` is the tool for that
        except LoopError as e:
            sink.error(
                "TT032", where.get(("node", e.node)) if e.node else None, f"play can loop for ever: {e}"
            )
            return
        if space is not None and space.trapped:
            stuck = sorted({space.states[k].node for k in space.trapped})
            sink.error(
                "TT032",
                where.get(("node", stuck[0])),
                f"play can get stuck looping at {', '.join(stuck)}: no reachable state there leads to an ending",
            )
            return
    for nid in scenario.nodes:
        if nid in sure or nid not in reachable:
            continue
        try:
            found = reach(scenario, nid, budget=20_000)
        except (TooLarge, LoopError):
            continue
        if found is None:
            sink.warning(
                "TT030",
                where.get(("node", nid)),
                f"node '{nid}' is linked but no play reaches it (its conditions never hold)",
            )


def _played(scenario: Scenario, n: int) -> set[str]:
    """Nodes reached by n seeded random playthroughs on the compiled tables (engine.sim):
    a cheap first pass before exploring or searching."""
    import random

    from .play import LoopError
    from .sim import compiled

    c = compiled(scenario)
    seen: set[int] = set()
    rng = random.Random(0)
    # A play that passes every node many times over is going round a loop: the exploration
    # after this pass finds where, so one such play ends the pass (a play is allowed half a
    # million steps otherwise, and 200 of them took minutes on a scenario that traps play).
    longest = 20 * len(c.node_ids) + 100
    for _ in range(n):
        try:
            seen.update(c.run(rng, max_steps=longest).nodes)
        except LoopError:
            break
    return {c.node_ids[i] for i in seen}
