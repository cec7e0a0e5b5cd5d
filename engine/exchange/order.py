"""How the exporters walk a loaded scenario: the order of its nodes from the start, the
scenario-clock minute each can arrive at, and the short words (titles, edge labels, the
best options) that every target format shows."""

from __future__ import annotations

import re
from collections import deque

from ..model import Catalog, Node, Scenario, Text


def targets_of(edges) -> list[str]:
    return list(dict.fromkeys(e.to for e in edges))


def edge_labels(edges) -> list[str]:
    out = []
    for e in edges:
        if e.when:
            out.append(f"if {e.when}: {e.to}")
        elif e.chance:
            out.append(f"chance {e.chance}%: {e.to}")
        elif len(edges) > 1:
            out.append(f"otherwise: {e.to}")
        else:
            out.append(e.to)
    return out


def node_order(scenario: Scenario) -> list[str]:
    """Node ids in topological order from the start (ties broken by distance from the
    start, then file order); a loop's back edges are ignored; unreachable nodes last."""
    from ..topology import node_graph

    g = node_graph(scenario)
    file_pos = {nid: i for i, nid in enumerate(scenario.nodes)}
    dist = {scenario.start: 0}
    queue = deque([scenario.start])
    while queue:
        u = queue.popleft()
        for v in sorted(g.successors(u), key=file_pos.get):
            if v not in dist:
                dist[v] = dist[u] + 1
                queue.append(v)
    # drop the edges that close loops (found by a depth-first walk from the start)
    back, state = set(), {}
    stack = [(scenario.start, iter(sorted(g.successors(scenario.start), key=file_pos.get)))]
    state[scenario.start] = 1
    while stack:
        u, it = stack[-1]
        for v in it:
            if state.get(v) == 1:
                back.add((u, v))
            elif v not in state:
                state[v] = 1
                stack.append((v, iter(sorted(g.successors(v), key=file_pos.get))))
                break
        else:
            state[u] = 2
            stack.pop()
    dag = g.subgraph(dist).copy()
    dag.remove_edges_from(back)
    import networkx as nx

    order = list(nx.lexicographical_topological_sort(dag, key=lambda n: (dist[n], file_pos[n])))
    return order + [n for n in scenario.nodes if n not in dist]


def text_in(text: Text | None, lang: str) -> str:
    return text.get(lang).strip() if text is not None else ""


def export_lang(scenario: Scenario, lang: str | None) -> str:
    if lang:
        return lang
    langs = scenario.languages
    return "en" if "en" in langs or not langs else langs[0]


def first_sentence(text: str, limit: int = 80) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    m = re.match(r"^(.+?[.!?。])(\s|$)", line)
    s = m.group(1) if m else line
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def node_title(n: Node, sc: Scenario, catalog: Catalog, lang: str) -> str:
    if n.kind == "ending" and n.title:
        return text_in(n.title, lang)
    if n.kind == "decision":
        return "Decision: " + ", ".join(sc.role_name(catalog, q.role, lang) for q in n.questions)
    return first_sentence(text_in(n.text, lang)) or n.id


def best_options(q) -> list:
    top = max((max(o.weights) for o in q.options), default=0)
    return [o for o in q.options if max(o.weights) == top and top > 0]


def followed_practices(o) -> tuple:
    """What an option follows, for formats without rulings: a ruled option (contested call,
    open answer) goes out with the practices of its best rubric level."""
    if o.rubric:
        return max(o.rubric, key=lambda lv: lv.weight).practices
    return o.practices


def clock_times(sc: Scenario, order: list[str]) -> dict[str, int]:
    """The earliest scenario-clock minute at which each node can arrive."""
    from ..topology import node_graph

    g = node_graph(sc)
    pos = {n: i for i, n in enumerate(order)}
    t = {sc.start: sc.nodes[sc.start].effects.advance}
    for u in order:
        if u not in t:
            continue
        for v in g.successors(u):
            if pos.get(v, -1) > pos[u]:
                cand = t[u] + sc.nodes[v].effects.advance
                t[v] = min(t.get(v, cand), cand)
    return t


def task_node(sc: Scenario, t) -> str:
    """Where a critical task falls due: its ``at``; else the decision whose answer shows
    it (IcebergTTX has no answers that show a task: the facilitator rates it there);
    else, shown by the final state alone, the start."""
    if t.at in sc.nodes:
        return t.at
    for node, _role, _option in t.answers:
        if node in sc.nodes:
            return node
    return sc.start
